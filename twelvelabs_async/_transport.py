"""The HTTP transport: one aiohttp session per client, the retry loop, and error mapping.

The session is made lazily on the running loop, so a client can be built outside any loop. A client whose loop
has closed (``asyncio.run`` twice in a script) starts a new session on the next loop; a client still bound to
another running loop raises instead of hanging. Uploads and streams have no total timeout (aiohttp's default 300 s
would cut a large upload), only connect and read timeouts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import random
import sys
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from typing import IO, Any, NamedTuple, Protocol

import aiohttp
import attrs

from twelvelabs_async import _retry
from twelvelabs_async._config import ClientConfig, RequestOptions
from twelvelabs_async._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    EventLoopMismatchError,
    RateLimitError,
    ResponseTooLargeError,
    error_from_response,
    scrub_bytes,
    sent_body_error,
)
from twelvelabs_async._multipart import build_form
from twelvelabs_async._request import WireRequest
from twelvelabs_async._version import __version__

logger = logging.getLogger("twelvelabs_async")

# The part of an error answer kept: the parser looks at its first MiB, the message keeps 2,000 characters.
ERROR_BODY_LIMIT = 1024 * 1024
# The read timeout of a slow answer (Route.slow_answer), unless the client's timeout is longer: the official SDK
# 1.3.6 waits 600 s for any answer, and a synchronous analysis of a long video can take that long.
SLOW_ANSWER_READ_TIMEOUT = 600.0

USER_AGENT = f"twelvelabs-async/{__version__} python/{sys.version_info[0]}.{sys.version_info[1]}"


@attrs.frozen
class RateLimitInfo:
    """The ``X-Ratelimit-*`` headers of the latest response that carried them."""

    limit: int | None
    remaining: int | None
    used: int | None
    reset: float | None  # UTC epoch seconds


class Pacer(Protocol):
    """Paces requests across processes (a shared ingest job's rate limit): awaited before each attempt, released
    when the attempt ends however it ends, then told its status and headers (``None`` when no answer came)."""

    async def before(self, method: str, path: str) -> None: ...

    def release(self, method: str, path: str) -> None: ...

    async def after(self, method: str, path: str, status: int | None, headers: Mapping[str, str] | None) -> None: ...


class RawResponse(NamedTuple):
    status: int
    headers: Mapping[str, str]
    body: bytes


class _Failed(NamedTuple):
    """How one attempt failed, for the retry decision."""

    failure: _retry.Failure
    error: Exception
    status: int | None = None
    headers: Mapping[str, str] | None = None


async def _read_body(response: aiohttp.ClientResponse, limit: int, *, truncate: bool = False) -> bytes | None:
    """The body, decompressed, if it is at most ``limit`` bytes; else None (or its first ``limit`` bytes with
    ``truncate``). Never holds more than about ``limit`` bytes: a compression bomb or an endless body stops here.
    The connection of a body left unread is closed, not reused."""
    length = response.content_length
    if length is not None and length <= limit and response.headers.get("content-encoding", "identity") == "identity":
        return await response.read()  # the common case: aiohttp reads exactly content-length bytes
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.content.iter_any():  # aiohttp inflates in bounded pieces
        total += len(chunk)
        if total > limit:
            response.close()
            if not truncate:
                return None
            chunks.append(chunk[: len(chunk) - (total - limit)])
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(float(value))
    except (ValueError, OverflowError):  # "inf" or garbage: a header we cannot read, not a failed call
        return None


async def _close_with_the_loop(sessions: list[aiohttp.ClientSession]) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        for session in sessions:  # the API's, and the storage one if it was made
            if not session.closed:
                await session.close()


class Transport:
    """Sends ``WireRequest``s with retries; owns the aiohttp session."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self._sleep = sleep or asyncio.sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._session: aiohttp.ClientSession | None = None
        self._storage: aiohttp.ClientSession | None = None
        self._loop_sessions: list[aiohttp.ClientSession] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_sentinel: AsyncGenerator[None, None] | None = None
        self._sentinel_task: asyncio.Future[None] | None = None
        self._closed = False
        self.rate_limit: RateLimitInfo | None = None
        self.pacer: Pacer | None = None
        # The latest answer's Date header and our clock when it came (parsed only when asked for).
        self._server_date: tuple[str | None, float] = (None, 0.0)
        # Made once: a call's total timeout bounds the whole exchange (a read timeout on top would only cost a
        # timer per request); uploads and streams have no total, only connect and read timeouts. The connect
        # limit is on opening a socket (sock_connect), so a call that reuses a pooled connection arms no timer
        # for it; waiting for a free pooled connection is bounded by the call's total.
        self._call_timeout = aiohttp.ClientTimeout(total=config.timeout, sock_connect=config.connect_timeout)
        self._slow_answer_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=config.connect_timeout, sock_read=max(config.timeout, SLOW_ANSWER_READ_TIMEOUT)
        )
        self._long_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=config.connect_timeout, sock_read=config.timeout
        )
        self._base_headers = {
            "x-api-key": config.api_key.reveal(),
            "user-agent": USER_AGENT,
            "accept": "application/json",
            **config.default_headers,
        }

    # --- session lifecycle ------------------------------------------------------------------------------

    def session(self) -> aiohttp.ClientSession:
        """The session of the running loop, made on first use."""
        if self._closed:
            raise ClientClosedError("the client is closed; create a new one")
        loop = asyncio.get_running_loop()
        if self._session is not None and self._loop is not loop:
            if self._loop is not None and not self._loop.is_closed():
                raise EventLoopMismatchError(
                    "this client is bound to another running event loop; create one client per loop "
                    "(or use the sync TwelveLabs client from other threads)"
                )
            # The old loop is gone; asyncio.run closed the old session on its way out (see the sentinel below).
            self._session = self._storage = None
            self._loop_sentinel = self._sentinel_task = None
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self.config.max_connections,
                limit_per_host=self.config.max_connections,
                ssl=self.config.ssl,
                ttl_dns_cache=300,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers=self._base_headers,
                timeout=self._call_timeout,
                raise_for_status=False,
                auto_decompress=True,
                **self._proxy_kwargs(),
            )
            # Retries are ours alone: aiohttp would otherwise resend an idempotent request once on a dropped
            # keep-alive connection, outside max_retries and the backoff.
            if hasattr(self._session, "_retry_connection"):
                self._session._retry_connection = False
            self._loop = loop
            # A suspended async generator is closed by asyncio.run (shutdown_asyncgens) before the loop closes:
            # the one hook that lets a client used across several asyncio.run calls close each loop's pool.
            self._loop_sessions = [self._session]
            self._loop_sentinel = _close_with_the_loop(self._loop_sessions)
            self._sentinel_task = asyncio.ensure_future(self._loop_sentinel.__anext__())
        return self._session

    def storage_session(self) -> aiohttp.ClientSession:
        """The session for presigned storage URLs: a pool of its own that carries no API key and no default
        header (a storage host must never see the key) and follows no redirect; it goes through the client's
        proxy, if any. Made on first use, closed with the client or its loop."""
        self.session()  # the same loop binding and closed checks as the API's session
        if self._storage is None or self._storage.closed:
            connector = aiohttp.TCPConnector(
                limit=self.config.max_connections,
                limit_per_host=self.config.max_connections,
                ssl=self.config.ssl,
                ttl_dns_cache=300,
            )
            self._storage = aiohttp.ClientSession(
                connector=connector,
                headers={"user-agent": USER_AGENT},
                timeout=self._long_timeout,
                raise_for_status=False,
                auto_decompress=False,
                **self._proxy_kwargs(),
            )
            if hasattr(self._storage, "_retry_connection"):
                self._storage._retry_connection = False
            self._loop_sessions.append(self._storage)
        return self._storage

    def _proxy_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"trust_env": self.config.trust_env}
        if self.config.proxy is not None:
            kwargs["proxy"] = self.config.proxy.reveal()
        return kwargs

    def server_clock_offset(self) -> float | None:
        """The server's clock minus ours, in seconds (within about a second), from the ``Date`` header of the latest
        answer; None before any answer or when the server sends no readable ``Date``. Lets bulk work compare its
        own times with the server's timestamps whatever the two clocks say."""
        date, received_at = self._server_date
        if date is None:
            return None
        import email.utils

        try:
            server_time = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        return server_time - received_at

    async def aclose(self) -> None:
        self._closed = True
        storage, self._storage = self._storage, None
        if storage is not None and not storage.closed and self._loop is asyncio.get_running_loop():
            await storage.close()
        session, self._session = self._session, None
        sentinel, self._loop_sentinel = self._loop_sentinel, None
        if sentinel is not None and self._loop is asyncio.get_running_loop():
            await sentinel.aclose()
        if session is not None and not session.closed:
            try:
                current = asyncio.get_running_loop()
            except RuntimeError:  # pragma: no cover - aclose is a coroutine, a loop is always running
                current = None
            if current is self._loop:
                await session.close()

    @property
    def closed(self) -> bool:
        return self._closed

    # --- sending ------------------------------------------------------------------------------------------

    def _timeout(
        self, long_running: bool, options: RequestOptions | None, *, slow_answer: bool = False
    ) -> aiohttp.ClientTimeout:
        if not options or options.get("timeout_in_seconds") is None:
            if slow_answer:
                return self._slow_answer_timeout
            return self._long_timeout if long_running else self._call_timeout
        read = float(options["timeout_in_seconds"])
        return aiohttp.ClientTimeout(
            total=None if long_running else read,
            sock_connect=self.config.connect_timeout,
            sock_read=read if long_running else None,
        )

    def _remember_headers(self, headers: Mapping[str, str]) -> None:
        date = headers.get("date")
        if date is not None:
            self._server_date = (date, time.time())
        reset = headers.get("x-ratelimit-reset")
        if reset is not None or "x-ratelimit-remaining" in headers:
            try:
                reset_at = float(reset) if reset is not None else None
            except ValueError:
                reset_at = None
            if reset_at is not None and not math.isfinite(reset_at):
                reset_at = None
            self.rate_limit = RateLimitInfo(
                limit=_int_header(headers, "x-ratelimit-limit"),
                remaining=_int_header(headers, "x-ratelimit-remaining"),
                used=_int_header(headers, "x-ratelimit-used"),
                reset=reset_at,
            )

    async def send(
        self,
        request: WireRequest,
        *,
        idempotent: bool,
        options: RequestOptions | None = None,
        stream: bool = False,
        done_if_gone: bool = False,
    ) -> RawResponse | aiohttp.ClientResponse:
        """Send with retries. Returns the body read, or for ``stream=True`` the open response (caller releases).

        ``done_if_gone`` (a DELETE): a 404 to a resend that followed an attempt which may have been carried out
        (its answer lost, or a 5xx) means the first attempt deleted it; that is the call's success, not an error.

        Raises ``APIStatusError`` subclasses for non-2xx answers and ``APIConnectionError``/``APITimeoutError``
        when no answer came.
        """
        session = self.session()
        url = self.config.base_url + request.path
        policy = self.config.retry
        if options and options.get("max_retries") is not None:
            policy = attrs.evolve(policy, max_retries=int(options["max_retries"]))
        timeout = self._timeout(stream or bool(request.files), options, slow_answer=request.slow_answer)
        fixed = self._fixed_kwargs(request, timeout)
        can_resend = not request.files or all(source.rewindable for _, source in request.files)
        # A call with a total timeout is over when it passes: a retry (or a server's Retry-After) that would
        # sleep past it is not taken, and the error is raised with the hint on it instead.
        deadline = None if timeout.total is None else time.monotonic() + timeout.total
        retries = 0
        may_have_acted = False
        while True:
            pacer = self.pacer
            if pacer is not None:
                await pacer.before(request.method, request.path)
            try:
                outcome = await self._attempt(session, request, url, fixed, timeout, stream)
            finally:
                if pacer is not None:  # however the attempt ended (cancelled too): it is no longer in flight
                    pacer.release(request.method, request.path)
            if pacer is not None:
                await pacer.after(request.method, request.path, outcome.status, outcome.headers)
            if not isinstance(outcome, _Failed):
                return outcome
            if done_if_gone and may_have_acted and outcome.status == 404:
                logger.info("%s %s: gone on the resend, so the earlier attempt did it", request.method, url)
                return RawResponse(204, outcome.headers or {}, b"")
            if outcome.failure is _retry.Failure.SEND or (outcome.status or 0) >= 500 or outcome.status == 408:
                may_have_acted = True
            delay = None
            if can_resend and _retry.should_retry(
                policy, retries, outcome.failure, idempotent=idempotent, status=outcome.status
            ):
                delay = _retry.retry_delay(policy, retries, outcome.headers, self._clock(), self._rng)
            if delay is None or (deadline is not None and time.monotonic() + delay >= deadline):
                raise outcome.error
            retries += 1
            logger.info(
                "%s %s failed (%s); retry %d/%d in %.2f s",
                request.method,
                url,
                outcome.status if outcome.status is not None else type(outcome.error).__name__,
                retries,
                policy.max_retries,
                delay,
            )
            await self._sleep(delay)

    def _fixed_kwargs(self, request: WireRequest, timeout: aiohttp.ClientTimeout) -> dict[str, Any]:
        """The aiohttp arguments that stay the same on every attempt of a request."""
        # A redirect must not carry the API key to another origin, so none is followed.
        fixed: dict[str, Any] = {"allow_redirects": False}
        if request.query:
            fixed["params"] = request.query
        if request.headers:
            fixed["headers"] = request.headers
        if timeout is not self._call_timeout:  # the session's default: passing it again costs aiohttp work
            fixed["timeout"] = timeout
        if request.json_body is not None:
            fixed["json"] = request.json_body
        elif request.form_fields is None:
            # No body at all (`POST /connections/{id}/picker-token`): aiohttp would still label the empty body
            # `application/octet-stream` on a POST, PUT or PATCH, which describes a body the request does not have.
            fixed["skip_auto_headers"] = ("Content-Type",)
        return fixed

    async def _attempt(
        self,
        session: aiohttp.ClientSession,
        request: WireRequest,
        url: str,
        fixed: dict[str, Any],
        timeout: aiohttp.ClientTimeout,
        stream: bool,
    ) -> RawResponse | aiohttp.ClientResponse | _Failed:
        """One attempt: the answer, or how it failed (the retry decision is the caller's)."""
        opened: list[IO[bytes]] = []
        started = time.perf_counter()
        method = request.method
        try:
            kwargs = fixed if request.form_fields is None else {**fixed, "data": build_form(request, opened)}
            response = await session.request(method, url, **kwargs)
            try:
                if 200 <= response.status < 300:
                    self._remember_headers(response.headers)
                    if stream:
                        return response
                    body = await _read_body(response, self.config.max_response_bytes)
                    if body is None:
                        limit = self.config.max_response_bytes
                        raise ResponseTooLargeError(
                            f"{method} {url} answered {response.status} with a body over {limit} bytes (the client's"
                            " max_response_bytes); the rest was not read",
                            status=response.status,
                            limit=limit,
                        )
                    if logger.isEnabledFor(logging.DEBUG):
                        elapsed_ms = (time.perf_counter() - started) * 1000
                        logger.debug("%s %s -> %d in %.1f ms", method, url, response.status, elapsed_ms)
                    return RawResponse(response.status, response.headers, body)
                # An error's text is cut to a few KB anyway: read no more than the parser looks at.
                body = await _read_body(response, ERROR_BODY_LIMIT, truncate=True) or b""
                body = scrub_bytes(body)
            finally:
                if not stream or not (200 <= response.status < 300):
                    response.release()
            self._remember_headers(response.headers)
            error = self._status_error(method, url, response.status, response.headers, body)
            return _Failed(_retry.Failure.STATUS, error, response.status, response.headers)
        except (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError) as exc:
            # A TLS failure will not heal on a retry, and must never be retried into a success elsewhere.
            raise APIConnectionError(
                f"TLS failure talking to {self.config.base_url}: {exc}", method=method, url=url
            ) from None
        except aiohttp.ClientConnectorError as exc:
            message = f"cannot connect to {self.config.base_url}: {exc.os_error or exc}"
            return _Failed(_retry.Failure.CONNECT, APIConnectionError(message, method=method, url=url))
        except aiohttp.ConnectionTimeoutError:
            return _Failed(_retry.Failure.CONNECT, APITimeoutError("timed out connecting", method=method, url=url))
        except (asyncio.TimeoutError, TimeoutError):
            message = f"no answer within {timeout.sock_read or timeout.total:g} s"
            return _Failed(_retry.Failure.SEND, APITimeoutError(message, method=method, url=url))
        except aiohttp.ClientError as exc:
            own = sent_body_error(exc)
            if own is not None:
                raise own from None
            message = f"connection failed: {type(exc).__name__}: {exc}"
            if request.files and isinstance(exc, aiohttp.ClientOSError) and "request body" in str(exc):
                # Often a refusal that came before the body was read (a file over the size limit is answered 413
                # and the connection closed) and that the broken connection kept us from reading.
                reason = os.strerror(exc.errno) if isinstance(exc.errno, int) else "connection lost"
                message = (f"the connection closed while the file was being sent ({reason}): the server"
                           " may have refused it before reading it (a file over its size limit), or the network"
                           " dropped")
            return _Failed(_retry.Failure.SEND, APIConnectionError(message, method=method, url=url))
        finally:
            for handle in opened:
                with contextlib.suppress(Exception):
                    handle.close()

    def _status_error(
        self, method: str, url: str, status: int, headers: Mapping[str, str], body: bytes
    ) -> APIStatusError:
        retry_after = _retry.server_hinted_delay(headers, self._clock()) if status == 429 else None
        error = error_from_response(status, headers, body, method=method, url=url, retry_after=retry_after)
        if isinstance(error, RateLimitError):
            logger.debug("%s %s -> 429 (retry after %s)", method, url, retry_after)
        return error
