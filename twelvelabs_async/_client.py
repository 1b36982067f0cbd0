"""``AsyncTwelveLabs``: configuration, transport, and the single funnel every generated method calls.

    async with AsyncTwelveLabs(api_key="tlk_...") as client:
        index = await client.indexes.create(index_name="news", models=[...])

The generated methods (``resources/generated``) only collect their arguments; ``_request``, ``_paginate``,
``_search_pager`` and ``_stream`` validate them against the route (before any I/O), send them through the
transport and decode the answer with the one converter.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from twelvelabs_async._errors import APIResponseError
from twelvelabs_async.resources.generated.async_resources import AsyncRootResource

if TYPE_CHECKING:
    # Only for annotations. At run time the route table, request building, pagers, streams, models and
    # aiohttp load when the first client is made or first needs them, so that `from twelvelabs_async import
    # AsyncTwelveLabs` costs a few milliseconds (a CLI's --help, a serverless cold start).
    import random
    import ssl

    import aiohttp

    from twelvelabs_async._config import ClientConfig, RequestOptions
    from twelvelabs_async._pagination import AsyncPager
    from twelvelabs_async._request import WireRequest
    from twelvelabs_async._route_spec import Route
    from twelvelabs_async._streaming import AnalyzeStream
    from twelvelabs_async._transport import RateLimitInfo, RawResponse, Transport

_Decoder = Callable[[Any], Any]


def _decoder(response_type: str) -> _Decoder:
    # The models and the converter (attrs classes, cattrs) are the largest share of a cold import: they load
    # with the first answer to decode, not with `import twelvelabs_async`.
    from twelvelabs_async import _converter, models

    if response_type == "SummarizeResult":
        return _converter.structure_summarize
    cls = getattr(models, response_type)

    def decode(data: Any) -> Any:
        return _converter.structure(data, cls)

    return decode


class AsyncTwelveLabs(AsyncRootResource):
    """Async client of the Twelve Labs API v1.3.

    Args:
        api_key: Your API key; defaults to the ``TWELVELABS_API_KEY`` environment variable.
        base_url: The API root including the version; defaults to ``TWELVELABS_BASE_URL``, then
            ``https://api.twelvelabs.io/v1.3``. Point it at the local emulator for tests and demos.
        timeout: Seconds to wait for an answer (for uploads and streams: between two reads).
        connect_timeout: Seconds to wait for a connection.
        max_retries: Retries of a transient failure (connection errors, 408, 429, 5xx) per call.
        max_connections: Size of the connection pool shared by every call on this client.
        default_headers: Extra headers sent with every request.
        verify_ssl: TLS verification (on by default), or an ``ssl.SSLContext`` of your own.

    Use one client for the whole application, inside ``async with`` or closed with ``await client.aclose()``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        max_retries: int = 2,
        max_connections: int = 100,
        default_headers: Mapping[str, str] | None = None,
        verify_ssl: ssl.SSLContext | bool = True,
        _transport: Transport | None = None,
    ) -> None:
        from twelvelabs_async._config import resolve_config
        from twelvelabs_async._request import prepare
        from twelvelabs_async._routes import ROUTES_BY_NAME

        self._routes = ROUTES_BY_NAME
        self._prepare = prepare
        config = resolve_config(
            api_key,
            base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_retries=max_retries,
            max_connections=max_connections,
            default_headers=default_headers,
            verify_ssl=verify_ssl,
        )
        if _transport is None:
            # aiohttp (most of a cold start) is imported when the first client is made, not by the import.
            from twelvelabs_async._transport import Transport

            _transport = Transport(config)
        self._transport = _transport
        self._client = self
        self._decoders: dict[str, _Decoder] = {}
        self._init_namespaces(self)

    @classmethod
    def _with_transport_hooks(
        cls,
        api_key: str,
        *,
        base_url: str,
        sleep: Callable[[float], Awaitable[None]],
        clock: Callable[[], float],
        rng: random.Random,
        **kwargs: Any,
    ) -> AsyncTwelveLabs:
        """A client whose retry sleeps, clock and jitter are injected (tests use a fake clock)."""
        from twelvelabs_async._transport import Transport

        client = cls(api_key, base_url=base_url, **kwargs)
        client._transport = Transport(client.config, sleep=sleep, clock=clock, rng=rng)
        return client

    # --- public properties and lifecycle ------------------------------------------------------------------

    @property
    def config(self) -> ClientConfig:
        return self._transport.config

    @property
    def base_url(self) -> str:
        return self._transport.config.base_url

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        """The rate-limit headers of the latest response that carried them."""
        return self._transport.rate_limit

    def __repr__(self) -> str:
        return f"AsyncTwelveLabs(base_url={self.base_url!r})"

    async def aclose(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        await self._transport.aclose()

    async def __aenter__(self) -> AsyncTwelveLabs:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --- the funnel -------------------------------------------------------------------------------------

    def _decode(self, route: Route, raw: RawResponse) -> Any:
        if route.response is None:
            return None
        if not raw.body:
            raise APIResponseError(
                f"{route.http_method} {route.path} answered {raw.status} with an empty body",
                status=raw.status,
            )
        try:
            data = json.loads(raw.body)
        except ValueError:
            raise APIResponseError(
                f"{route.http_method} {route.path} answered {raw.status} with a body that is not JSON",
                status=raw.status,
                body=raw.body[:2000].decode("utf-8", "replace"),
            ) from None
        decode = self._decoders.get(route.response)
        if decode is None:
            decode = self._decoders[route.response] = _decoder(route.response)
        try:
            return decode(data)
        except ValueError as exc:  # models.ModelDecodeError, without importing the models to name it
            raise APIResponseError(f"{route.http_method} {route.path}: {exc}", status=raw.status) from exc

    async def _send_prepared(self, route: Route, request: WireRequest, options: RequestOptions | None) -> Any:
        raw = await self._transport.send(request, idempotent=route.idempotent, options=options)
        return self._decode(route, cast("RawResponse", raw))

    async def _request(
        self, route_name: str, args: Mapping[str, Any], options: RequestOptions | None, *, preflight: bool = False
    ) -> Any:
        route = self._routes[route_name]
        request = self._prepare(route, args, options)
        if preflight and request.files:
            from twelvelabs_async._preflight import check_upload_files

            await check_upload_files(route, request)
        # _send_prepared inlined: this is the path of every call, and a coroutine frame less is measurable.
        raw = await self._transport.send(request, idempotent=route.idempotent, options=options)
        return self._decode(route, cast("RawResponse", raw))

    def _paginate(
        self, route_name: str, args: Mapping[str, Any], options: RequestOptions | None, prefetch: bool
    ) -> AsyncPager[Any, Any]:
        from twelvelabs_async._pagination import AsyncPager, data_of, page_numbers

        self._prepare(self._routes[route_name], args, options)  # bad arguments fail now, not when iterated

        def fetch(page: int) -> Awaitable[Any]:
            return self._request(route_name, {**args, "page": page}, options)

        first_page = args.get("page") or 1
        return AsyncPager(lambda: fetch(first_page), page_numbers(fetch, first_page), data_of, prefetch=prefetch)

    def _search_pager(
        self, route_name: str, args: Mapping[str, Any], options: RequestOptions | None, prefetch: bool
    ) -> AsyncPager[Any, Any]:
        from twelvelabs_async._pagination import AsyncPager, data_of

        route = self._routes[route_name]
        first_request = self._prepare(route, args, options)
        follow_args = {"include_user_metadata": args.get("include_user_metadata")}

        def next_of(page: Any, position: int) -> Callable[[], Awaitable[Any]] | None:
            token = page.page_info.next_page_token if page.page_info is not None else None
            if not token:
                return None
            return lambda: self._request("search.retrieve", {**follow_args, "page_token": token}, options)

        return AsyncPager(
            lambda: self._send_prepared(route, first_request, options), next_of, data_of, prefetch=prefetch
        )

    def _stream(self, route_name: str, args: Mapping[str, Any], options: RequestOptions | None) -> AnalyzeStream:
        route = self._routes[route_name]
        request = self._prepare(route, args, options)

        async def open_response() -> aiohttp.ClientResponse:
            response = await self._transport.send(request, idempotent=route.idempotent, options=options, stream=True)
            return cast("aiohttp.ClientResponse", response)

        from twelvelabs_async._streaming import AnalyzeStream

        return AnalyzeStream(open_response)
