"""``AsyncTwelveLabs``: configuration, transport, and the single funnel every generated method calls.

    async with AsyncTwelveLabs(api_key="tlk_...") as client:
        index = await client.indexes.create(index_name="news", models=[...])

The generated methods (``resources/generated``) only collect their arguments; ``_request``, ``_paginate``,
``_search_pager`` and ``_stream`` validate them against the route (before any I/O), send them through the
transport and decode the answer with the one converter.
"""

from __future__ import annotations

import json as _json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from twelvelabs_async._errors import APIResponseError, EndpointRemovedError, scrub
from twelvelabs_async.resources.generated.root import AsyncRootResource

if TYPE_CHECKING:
    # Only for annotations. At run time the route table, request building, pagers, streams, models and
    # aiohttp load when the first client is made or first needs them, so that `from twelvelabs_async import
    # AsyncTwelveLabs` costs a few milliseconds (a CLI's --help, a serverless cold start).
    import random
    import ssl

    import aiohttp

    from twelvelabs_async._config import ClientConfig, RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async._item_stream import ItemStream
    from twelvelabs_async._pagination import AsyncPager
    from twelvelabs_async._request import WireRequest
    from twelvelabs_async._route_spec import Route
    from twelvelabs_async._streaming import AnalyzeStream
    from twelvelabs_async._transport import RateLimitInfo, RawResponse, Transport

logger = logging.getLogger("twelvelabs_async")

_Decoder = Callable[[Any], Any]
T = TypeVar("T")
PageT = TypeVar("PageT")


def _excerpt(body: bytes) -> str:
    """The start of an answer for an error: scrubbed before it is cut, so that no part of a key survives the cut."""
    return scrub(body[:4000].decode("utf-8", "replace"))[:2000]


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
        max_response_bytes: The largest answer body read, after decompression (None: 128 MiB); a larger one
            raises ``ResponseTooLargeError`` rather than filling memory. Streams are bounded per line instead.
        max_stream_line_bytes: The longest line (event) of a stream (None: 64 MiB); a longer one raises
            ``StreamLineTooLongError`` rather than filling memory.
        proxy: An HTTP(S) proxy URL for every request, storage uploads included (credentials may go in the URL;
            they never appear in a repr or log). Off by default.
        trust_env: Read ``HTTP_PROXY`` / ``HTTPS_PROXY`` / ``NO_PROXY`` (and ``~/.netrc``) from the environment,
            as ``requests`` and ``httpx`` do. Off by default, so that a stray variable cannot route the API key
            through a host you did not choose; an explicit ``proxy`` wins.
        environment, headers, follow_redirects, httpx_client: The official SDK's keywords: ``environment`` (a
            ``TwelveLabsEnvironment`` or its URL) is the base URL when ``base_url`` is not given, ``headers`` is
            ``default_headers``, ``follow_redirects`` has no effect (no redirect is followed: the API key would
            go with it), ``httpx_client`` is refused (requests go through aiohttp; use the options above).
            ``timeout=None`` is the default, 60 s.

    Use one client for the whole application, inside ``async with`` or closed with ``await client.aclose()``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | None = 60.0,
        connect_timeout: float = 10.0,
        max_retries: int = 2,
        max_connections: int = 100,
        default_headers: Mapping[str, str] | None = None,
        verify_ssl: ssl.SSLContext | bool = True,
        max_response_bytes: int | None = None,
        max_stream_line_bytes: int | None = None,
        proxy: str | None = None,
        trust_env: bool = False,
        environment: Any = None,
        headers: Mapping[str, str] | None = None,
        follow_redirects: bool | None = None,
        httpx_client: Any = None,
        _transport: Transport | None = None,
    ) -> None:
        from twelvelabs_async._config import official_client_options, resolve_config
        from twelvelabs_async._request import prepare
        from twelvelabs_async.routes import ROUTES_BY_NAME

        self._routes = ROUTES_BY_NAME
        self._prepare = prepare
        base_url, default_headers = official_client_options(
            base_url,
            default_headers,
            environment=environment,
            headers=headers,
            follow_redirects=follow_redirects,
            httpx_client=httpx_client,
        )
        config = resolve_config(
            api_key,
            base_url,
            timeout=60.0 if timeout is None else timeout,
            connect_timeout=connect_timeout,
            max_retries=max_retries,
            max_connections=max_connections,
            default_headers=default_headers,
            verify_ssl=verify_ssl,
            max_response_bytes=max_response_bytes,
            max_stream_line_bytes=max_stream_line_bytes,
            proxy=proxy,
            trust_env=trust_env,
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
        # Safe on a client whose constructor raised (a debugger or a traceback's locals may show one).
        transport = getattr(self, "_transport", None)
        if transport is None:
            return "AsyncTwelveLabs(<not configured>)"
        return f"AsyncTwelveLabs(base_url={transport.config.base_url!r})"

    async def aclose(self) -> None:
        """Close the connection pool. The client cannot be used afterwards."""
        await self._transport.aclose()

    async def __aenter__(self) -> AsyncTwelveLabs:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --- the funnel -------------------------------------------------------------------------------------

    def _decode(self, route: Route[Any], raw: RawResponse) -> Any:
        if route.response is None:
            return None
        where = f"{route.http_method} {route.path}"
        return self._decode_as(route.response, where, raw.status, raw.body)

    def _decode_as(self, response_type: str, where: str, status: int, body: bytes) -> Any:
        if not body:
            raise APIResponseError(f"{where} answered {status} with an empty body", status=status)
        try:
            data = _json.loads(body)
        except ValueError:
            raise APIResponseError(
                f"{where} answered {status} with a body that is not JSON",
                status=status,
                body=_excerpt(body),
            ) from None
        return self._structure(response_type, where, status, data)

    def _structure(self, response_type: str, where: str, status: int, data: Any) -> Any:
        decode = self._decoders.get(response_type)
        if decode is None:
            decode = self._decoders[response_type] = _decoder(response_type)
        try:
            return decode(data)
        except ValueError as exc:  # models.ModelDecodeError, without importing the models to name it
            # Not chained: the decode error's own text may hold what the server sent (an echoed key, say), and a
            # traceback would print it unscrubbed. Its message is all there is to it.
            raise APIResponseError(scrub(f"{where}: {exc}"), status=status) from None

    def _check_callable(self, route: Route[Any]) -> None:
        if route.removed is not None:
            raise EndpointRemovedError(route.method_name, route.removed)

    async def _call(
        self, route: Route[T], args: Mapping[str, Any], options: RequestOptions | None, *, preflight: bool = False
    ) -> T:
        """The one path of every plain call: validate, (preflight,) send with retries, decode into ``T``."""
        self._check_callable(route)
        request = self._prepare(route, args, options)
        if preflight and request.files:
            from twelvelabs_async._preflight import check_upload_files

            await check_upload_files(route, request)
        raw = await self._transport.send(
            request,
            idempotent=request.idempotent,
            options=options,
            done_if_gone=route.http_method == "DELETE" and route.response is None,
        )
        return cast(T, self._decode(route, cast("RawResponse", raw)))

    async def _send_prepared(self, route: Route[T], request: WireRequest, options: RequestOptions | None) -> T:
        raw = await self._transport.send(request, idempotent=request.idempotent, options=options)
        return cast(T, self._decode(route, cast("RawResponse", raw)))

    def _paginate(
        self, route: Route[PageT], args: Mapping[str, Any], options: RequestOptions | None, prefetch: bool
    ) -> AsyncPager[Any, PageT]:
        """A page-number pager; bad arguments fail now (before any request), not when it is iterated. Nothing is
        sent until it is awaited or iterated (the blocking client fetches the first page at the call)."""
        from twelvelabs_async._pagination import AsyncPager, items_of, page_after, page_numbers

        self._check_callable(route)
        self._prepare(route, args, options)

        def fetch(page: int) -> Awaitable[PageT]:
            return self._call(route, {**args, "page": page}, options)

        first_page = args.get("page") or 1
        return AsyncPager(
            lambda: fetch(first_page),
            page_numbers(fetch, first_page, route.page_items),
            items_of(route.page_items),
            prefetch=prefetch,
            official_next=page_after(fetch, first_page),
        )

    def _token_pager(
        self, route: Route[PageT], args: Mapping[str, Any], options: RequestOptions | None, prefetch: bool
    ) -> AsyncPager[Any, PageT]:
        """A pager over a token-paged route: each page's ``next_page_token`` fetches the next one, either through
        the route's ``follow`` route (``GET /search/{page_token}``) or by sending the same route again with the
        token in its body. Arguments that the follow-up route also takes carry over (``include_user_metadata``)."""
        from twelvelabs_async._pagination import AsyncPager, items_of, next_page_token

        self._check_callable(route)
        first_request = self._prepare(route, args, options)
        if route.follow is not None:
            follow = self._routes[route.follow]
            follow_names = {p.name for p in follow.params}
            carried = {name: value for name, value in args.items() if name in follow_names}

            def fetch_token(token: str) -> Awaitable[PageT]:
                return self._call(follow, {**carried, "page_token": token}, options)

        else:

            def fetch_token(token: str) -> Awaitable[PageT]:
                # The token is a member of the JSON body by definition of this paging: set it on the prepared
                # request itself, whether or not the route also offers `page_token` as an argument.
                request = self._prepare(route, args, options)
                request.json_body = {**(request.json_body or {}), "page_token": token}
                return self._send_prepared(route, request, options)

        # Each token with the list position of the page that carried it: asked again from that same page (has_next,
        # next_page, a second iteration) it is the same step; carried by another page, the server is paging in
        # a circle.
        seen: dict[str, int] = {}
        read_items = items_of(route.page_items)

        def next_of(page: PageT, position: int) -> Callable[[], Awaitable[PageT]] | None:
            token = next_page_token(page)
            if not token:
                return None
            if not read_items(page):
                # An empty page with a token: a server paging through nothing would never stop. (total_results
                # cannot bound token lists: in search it counts videos or clips, not the items of the pages.)
                return None
            if seen.setdefault(token, position) != position:
                # A server that hands out a token twice would page in a circle (and repeat its results).
                logger.warning("%s: the server repeated a page token; stopping after %d pages", route.method_name,
                               position + 1)
                return None
            return lambda: fetch_token(token)

        return AsyncPager(
            lambda: self._send_prepared(route, first_request, options),
            next_of,
            read_items,
            prefetch=prefetch,
        )

    def _opener(
        self, route: Route[Any], args: Mapping[str, Any], options: RequestOptions | None
    ) -> Callable[[], Awaitable[aiohttp.ClientResponse]]:
        self._check_callable(route)
        request = self._prepare(route, args, options)

        async def open_response() -> aiohttp.ClientResponse:
            response = await self._transport.send(request, idempotent=request.idempotent, options=options, stream=True)
            return cast("aiohttp.ClientResponse", response)

        return open_response

    def _stream(self, route: Route[Any], args: Mapping[str, Any], options: RequestOptions | None) -> AnalyzeStream:
        from twelvelabs_async._streaming import AnalyzeStream

        return AnalyzeStream(self._opener(route, args, options), max_line_bytes=self.config.max_stream_line_bytes)

    def _item_stream(
        self, route: Route[T], args: Mapping[str, Any], options: RequestOptions | None
    ) -> ItemStream[T]:
        """A stream of ``T`` items: JSON lines, or server-sent events whose ``data`` is a JSON object."""
        from twelvelabs_async._item_stream import ItemStream
        from twelvelabs_async._route_spec import Streaming

        assert route.response is not None, route.method_name
        response_type, where = route.response, f"{route.http_method} {route.path}"

        def parse(data: Any) -> T:
            return cast(T, self._structure(response_type, where, 200, data))

        return ItemStream(
            self._opener(route, args, options),
            parse,
            sse=route.streaming is Streaming.SSE,
            max_line_bytes=self.config.max_stream_line_bytes,
        )

    # --- the escape hatch ---------------------------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        files: Mapping[str, FileInput] | Sequence[tuple[str, FileInput]] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        request_options: RequestOptions | None = None,
    ) -> Any:
        """Call any endpoint of the API, before this SDK models it: ``await client.request("GET", "/assets")``.

        It goes through the same transport as every method: the API key, retries with backoff, timeouts, typed
        errors (``NotFoundError``, ``RateLimitError``, ...) and redaction. The path is relative to the base URL
        (``/assets``, not the full URL); give ``json`` for a JSON body, or ``data`` (form fields) and ``files``
        (file parts) for a multipart body.

        Args:
            method: The HTTP method, e.g. ``"GET"``.
            path: The path under the base URL, starting with ``/``; ids in it must be URL-safe already.
            params: Query parameters (a mapping, or pairs to repeat a key); bools are sent as true/false.
            json: A JSON body (any JSON value).
            data: Form fields of a multipart body (values str, int, float or bool; lists repeat the field).
            files: File parts of a multipart body: a path, an open binary file, bytes, or the official SDK's
                ``(filename, content[, content_type[, headers]])`` tuple.
            headers: Extra headers for this request.
            idempotent: Whether a retry is safe after the request may have reached the server (default: True for
                GET, HEAD, PUT and DELETE; False for POST and PATCH, which are then retried only when they
                certainly did not arrive, or on 429).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            The decoded JSON of the answer, or None for an empty body.
        """
        from twelvelabs_async._raw_request import build_raw_request

        request = build_raw_request(
            method, path, params=params, json_body=json, data=data, files=files, headers=headers, idempotent=idempotent,
            options=request_options,
        )
        raw = cast(
            "RawResponse", await self._transport.send(request, idempotent=request.idempotent, options=request_options)
        )
        if not raw.body.strip():
            return None
        try:
            return _json.loads(raw.body)
        except ValueError:
            raise APIResponseError(
                f"{request.method} {request.path} answered {raw.status} with a body that is not JSON",
                status=raw.status,
                body=_excerpt(raw.body),
            ) from None
