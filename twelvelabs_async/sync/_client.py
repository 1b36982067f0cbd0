"""``TwelveLabs``: the blocking client, the async client driven from a private event-loop thread."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from twelvelabs_async._client import AsyncTwelveLabs
from twelvelabs_async.sync._runner import PortalRunner
from twelvelabs_async.sync.generated.root import SyncRootResource

if TYPE_CHECKING:
    import ssl

    from twelvelabs_async._config import ClientConfig, RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async._transport import RateLimitInfo


class TwelveLabs(SyncRootResource):
    """Blocking client of the Twelve Labs API v1.3, with the same methods as ``AsyncTwelveLabs``.

    It takes the same arguments as ``AsyncTwelveLabs``. Safe from many threads at once (they share one
    connection pool) and from code that runs inside an event loop, such as a notebook cell. Use it in a ``with``
    block or call ``close()``; a forgotten client is closed when garbage-collected.
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
    ) -> None:
        async_client = AsyncTwelveLabs(
            api_key,
            base_url=base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_retries=max_retries,
            max_connections=max_connections,
            default_headers=default_headers,
            verify_ssl=verify_ssl,
            max_response_bytes=max_response_bytes,
            max_stream_line_bytes=max_stream_line_bytes,
            proxy=proxy,
            trust_env=trust_env,
            environment=environment,
            headers=headers,
            follow_redirects=follow_redirects,
            httpx_client=httpx_client,
        )
        runner = PortalRunner()
        runner.add_close_callback(async_client.aclose)
        self._runner = runner
        self._async_client = async_client
        self._init_namespaces(runner, async_client)

    @property
    def async_client(self) -> AsyncTwelveLabs:
        """The async client behind this one (use it only from the loop thread, e.g. inside callbacks)."""
        return self._async_client

    @property
    def config(self) -> ClientConfig:
        return self._async_client.config

    @property
    def base_url(self) -> str:
        return self._async_client.base_url

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        return self._async_client.rate_limit

    def request(
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
        return self._runner.run(
            self._async_client.request,
            method,
            path,
            params=params,
            json=json,
            data=data,
            files=files,
            headers=headers,
            idempotent=idempotent,
            request_options=request_options,
        )

    request.__doc__ = AsyncTwelveLabs.request.__doc__

    def close(self) -> None:
        """Close the connection pool and stop the loop thread. Idempotent."""
        self._runner.close()

    def __enter__(self) -> TwelveLabs:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        # Safe on a client whose constructor raised (a debugger or a traceback's locals may show one).
        inner = getattr(self, "_async_client", None)
        if inner is None:
            return "TwelveLabs(<not configured>)"
        return f"TwelveLabs(base_url={inner.base_url!r})"
