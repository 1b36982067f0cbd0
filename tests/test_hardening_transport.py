"""Transport hardening (commit 8d4daef): capped answer bodies (compression bombs included), error bodies read to
1 MiB, no retry sleep past a call's timeout, echoed keys scrubbed from errors and logs, ``proxy=`` and
``trust_env=``, and the server's clock read from its ``Date`` header.

The servers are loopback aiohttp apps started by the tests: ``RecordingServer`` (core_testkit) for scripted
answers, ``LoopServer`` below for answers that must be streamed (chunked, endless, compressed), a tiny forward
proxy, and the emulator.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import logging
import struct
import threading
import time
import traceback
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from core_testkit import API_KEY, RecordingServer, Reply, free_port
from yarl import URL

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs
from twelvelabs_async._errors import (
    APIConnectionError,
    APIResponseError,
    APIStatusError,
    ConfigurationError,
    RateLimitError,
    ResponseTooLargeError,
)
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import Emulator

KIB = 1024
MIB = 1024 * KIB
LOGGER = "twelvelabs_async"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# --- helpers ------------------------------------------------------------------------------------------------------


class LoopServer:
    """An aiohttp server on 127.0.0.1 in the test's own loop, answering every request with ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self.requests: list[tuple[str, str]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        return await self._handler(request)

    async def __aenter__(self) -> LoopServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        assert site._server is not None
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1.3"


def index_json(size: int) -> bytes:
    """An ``Index`` answer of exactly ``size`` bytes."""
    head, tail = b'{"_id": "idx1", "index_name": "', b'"}'
    return head + b"n" * (size - len(head) - len(tail)) + tail


async def stream_body(request: web.Request, pieces: list[bytes], *, length: int | None = None,
                      status: int = 200, sent: list[int] | None = None) -> web.StreamResponse:
    """Write ``pieces`` one by one (chunked unless ``length`` is given), counting in ``sent`` the bytes written
    before the client went away."""
    response = web.StreamResponse(status=status, headers={"Content-Type": "application/json"})
    if length is None:
        response.enable_chunked_encoding()
    else:
        response.content_length = length
    await response.prepare(request)
    try:
        for piece in pieces:
            await response.write(piece)
            if sent is not None:
                sent[0] += len(piece)
        await response.write_eof()
    except (ConnectionError, aiohttp.ClientConnectionResetError):
        pass  # the client stopped reading, as it should
    return response


@lru_cache(maxsize=1)
def gzip_bomb() -> tuple[bytes, int]:
    """A valid gzip member of about 1 MB that inflates to 1 GiB of zeros, and that size. Built from one deflate
    segment ended by a full flush (which resets the window, so the segment can be repeated) instead of deflating
    the whole GiB."""
    block = bytes(16 * MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(64):
        crc = zlib.crc32(block, crc)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    total = 64 * len(block)
    return header + segment * 64 + end + struct.pack("<II", crc, total & 0xFFFFFFFF), total


class PeakRss:
    """Samples this process's RSS in a thread while in use; ``growth`` is the peak minus the RSS at entry."""

    def __init__(self) -> None:
        import psutil

        self._process = psutil.Process()
        self._stop = threading.Event()
        self.start = self.peak = 0
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        for _ in range(60_000):  # 5 minutes at most
            self.peak = max(self.peak, self._process.memory_info().rss)
            if self._stop.wait(0.005):
                break
        self.peak = max(self.peak, self._process.memory_info().rss)

    def __enter__(self) -> PeakRss:
        self.start = self.peak = self._process.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(10)

    @property
    def growth(self) -> int:
        return self.peak - self.start


# --- 1. max_response_bytes ----------------------------------------------------------------------------------------

LIMIT = 64 * KIB


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("size", [LIMIT + 1, 8 * MIB], ids=["one-over", "8MiB"])
async def test_a_2xx_body_over_the_limit_raises_and_is_not_retried(chunked: bool, size: int) -> None:
    body = index_json(size)

    async def handler(request: web.Request) -> web.StreamResponse:
        pieces = [body[i:i + 64 * KIB] for i in range(0, len(body), 64 * KIB)]
        return await stream_body(request, pieces, length=None if chunked else len(body))

    async with LoopServer(handler) as server, AsyncTwelveLabs(
        API_KEY, base_url=server.base_url, max_response_bytes=LIMIT
    ) as client:
        with pytest.raises(ResponseTooLargeError) as info:
            await client.indexes.retrieve("idx1")  # an idempotent GET: retried if the error were transient
    error = info.value
    assert isinstance(error, APIResponseError)
    assert error.limit == LIMIT and error.status == 200
    assert str(LIMIT) in str(error)
    assert server.requests == [("GET", "/v1.3/indexes/idx1")]  # one request: never retried


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_a_2xx_body_at_the_limit_decodes(chunked: bool) -> None:
    body = index_json(LIMIT)
    assert len(body) == LIMIT

    async def handler(request: web.Request) -> web.StreamResponse:
        pieces = [body[i:i + 10_000] for i in range(0, len(body), 10_000)]
        return await stream_body(request, pieces, length=None if chunked else len(body))

    async with LoopServer(handler) as server, AsyncTwelveLabs(
        API_KEY, base_url=server.base_url, max_response_bytes=LIMIT
    ) as client:
        index = await client.indexes.retrieve("idx1")
    assert index.id == "idx1"
    assert index.index_name == "n" * (LIMIT - len(index_json(0)))


async def test_a_gzip_bomb_is_stopped_at_the_limit_without_filling_memory() -> None:
    pytest.importorskip("psutil")
    bomb, inflated = gzip_bomb()
    assert len(bomb) < 2 * MIB and inflated == 1024 * MIB

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=bomb, headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})

    async with LoopServer(handler) as server, AsyncTwelveLabs(
        API_KEY, base_url=server.base_url, max_response_bytes=MIB
    ) as client:
        started = time.monotonic()
        with PeakRss() as rss, pytest.raises(ResponseTooLargeError) as info:
            await asyncio.wait_for(client.indexes.retrieve("idx1"), 60)
        elapsed = time.monotonic() - started
    assert info.value.limit == MIB and info.value.status == 200
    assert len(server.requests) == 1
    assert rss.growth < 200 * MIB, f"RSS grew by {rss.growth / MIB:.0f} MiB"
    # Inflating the whole GiB takes several seconds here; stopping at 1 MiB takes a fraction of one.
    assert elapsed < 5.0


@pytest.mark.parametrize("bad", [0, 1023, -1, True, False, "x", 1.5, 2048.0])
def test_an_invalid_max_response_bytes_is_a_configuration_error(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        AsyncTwelveLabs(API_KEY, base_url="http://127.0.0.1:1/v1.3", max_response_bytes=bad)
    with pytest.raises(ConfigurationError, match="max_response_bytes"):
        TwelveLabs(API_KEY, base_url="http://127.0.0.1:1/v1.3", max_response_bytes=bad)


def test_max_response_bytes_default_and_smallest() -> None:
    assert AsyncTwelveLabs(API_KEY).config.max_response_bytes == 128 * MIB
    assert AsyncTwelveLabs(API_KEY, max_response_bytes=1024).config.max_response_bytes == 1024


def test_the_blocking_client_takes_max_response_bytes(server: RecordingServer) -> None:
    server.script(Reply(body=index_json(4096), content_type="application/json"),
                  Reply(body=index_json(2048), content_type="application/json"))
    with TwelveLabs(API_KEY, base_url=server.base_url, max_response_bytes=2048) as client:
        assert client.config.max_response_bytes == 2048
        with pytest.raises(ResponseTooLargeError) as info:
            client.indexes.retrieve("idx1")
        assert info.value.limit == 2048
        assert client.indexes.retrieve("idx1").id == "idx1"  # at the limit: fine
    assert len(server.requests) == 2


# --- 2. error bodies are read to 1 MiB ----------------------------------------------------------------------------


async def test_a_50_mb_error_body_is_read_to_about_a_mebibyte() -> None:
    size = 50 * 1000 * 1000
    head, tail = b'{"code": "parameter_invalid", "message": "', b'"}'
    piece = b"m" * (64 * KIB)
    count = (size - len(head) - len(tail)) // len(piece)
    pieces = [head, *([piece] * count), tail]
    length = sum(map(len, pieces))
    sent = [0]

    async def handler(request: web.Request) -> web.StreamResponse:
        return await stream_body(request, pieces, length=length, status=400, sent=sent)

    async with LoopServer(handler) as server, AsyncTwelveLabs(API_KEY, base_url=server.base_url) as client:
        with pytest.raises(APIStatusError) as info:
            await asyncio.wait_for(client.indexes.retrieve("idx1"), 30)
    error = info.value
    assert error.status == 400
    assert len(str(error)) <= 2100 and len(repr(error)) <= 2200
    assert error.body is not None and len(error.body) <= 2000
    assert error.message is not None and len(error.message) <= 2000
    assert len(server.requests) == 1
    # The client stopped after about 1 MiB; what the server could write beyond that is the sockets' buffers.
    assert sent[0] < 16 * MIB, f"the server wrote {sent[0]} of {length} bytes"


# --- 3. retry hints against the call's timeout --------------------------------------------------------------------


@pytest.mark.parametrize("how", ["client-timeout", "request-options"])
async def test_a_retry_after_past_the_call_timeout_is_raised_at_once(how: str, server: RecordingServer) -> None:
    server.script(Reply(429, headers={"Retry-After": "4"}), Reply(json={"_id": "idx1"}))
    kwargs: dict[str, Any] = {"timeout": 1} if how == "client-timeout" else {}
    options: dict[str, Any] = {"timeout_in_seconds": 1} if how == "request-options" else {}
    async with AsyncTwelveLabs(API_KEY, base_url=server.base_url, **kwargs) as client:
        started = time.monotonic()
        with pytest.raises(RateLimitError) as info:
            await client.indexes.retrieve("idx1", request_options=options or None)  # type: ignore[arg-type]
        elapsed = time.monotonic() - started
    assert info.value.retry_after == 4.0
    assert len(server.requests) == 1
    assert elapsed < 3.0  # well under the 4 s Retry-After: it did not sleep


async def test_a_short_retry_after_within_the_timeout_is_retried(server: RecordingServer) -> None:
    server.script(Reply(429, headers={"Retry-After": "0.2"}), Reply(json={"_id": "idx1"}))
    async with AsyncTwelveLabs(API_KEY, base_url=server.base_url, timeout=60) as client:
        index = await client.indexes.retrieve("idx1")
    assert index.id == "idx1"
    assert len(server.requests) == 2


# --- 4. an echoed key is scrubbed ---------------------------------------------------------------------------------


def echo_key(status: int, template: str, content_type: str) -> Callable[[Any], Reply]:
    """A reply that quotes the x-api-key the request came with (as a buggy server might)."""
    return lambda recorded: Reply(status, body=template.format(key=recorded.headers["x-api-key"]),
                                  content_type=content_type)


def assert_no_key_in(error: BaseException, key: str = API_KEY) -> None:
    assert key not in str(error)
    assert key not in repr(error)
    for attribute in ("message", "body", "body_text"):
        value = getattr(error, attribute, None)
        assert value is None or key not in str(value), attribute  # body may be the parsed JSON


ECHOES = {
    "400-json-error": (400, '{{"code": "parameter_invalid", "message": "the key {key} is not allowed here"}}',
                       "application/json", APIStatusError),
    "2xx-not-json": (200, "<html><body>hello {key}, welcome</body></html>", "text/html", APIResponseError),
    "2xx-undecodable-json": (200, '{{"_id": "idx1", "video_count": "{key}"}}', "application/json",
                             APIResponseError),
}


@pytest.mark.parametrize("case", list(ECHOES))
async def test_a_key_echoed_by_the_server_never_shows(
    case: str, server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    status, template, content_type, expected = ECHOES[case]
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    server.script(echo_key(status, template, content_type))
    async with AsyncTwelveLabs(API_KEY, base_url=server.base_url) as client:
        with pytest.raises(expected) as info:
            await client.indexes.retrieve("idx1")
    assert server.requests[0].headers["x-api-key"] == API_KEY  # the server had it to echo
    error = info.value
    assert_no_key_in(error)
    assert "[redacted]" in str(error) or "[redacted]" in (getattr(error, "body", None) or "")
    assert API_KEY not in caplog.text  # (what the package logs with the error text: see the upload_many test)


async def test_a_traceback_of_an_undecodable_answer_shows_no_key(server: RecordingServer) -> None:
    server.script(echo_key(200, '{{"_id": "idx1", "video_count": "{key}"}}', "application/json"))
    async with AsyncTwelveLabs(API_KEY, base_url=server.base_url) as client:
        with pytest.raises(APIResponseError) as info:
            await client.indexes.retrieve("idx1")
    printed = "".join(traceback.format_exception(info.value))
    assert "[redacted]" in printed
    assert API_KEY not in printed


async def test_a_key_cut_by_the_2000_character_limit_leaves_no_prefix(server: RecordingServer) -> None:
    prefix = API_KEY[:-2]  # all but the last two characters of the key end up inside the first 2,000
    server.script(echo_key(200, "x" * (2000 - len(prefix)) + "{key} and more", "text/plain"))
    async with AsyncTwelveLabs(API_KEY, base_url=server.base_url) as client:
        with pytest.raises(APIResponseError) as info:
            await client.indexes.retrieve("idx1")
    body = info.value.body
    assert body is not None and len(body) <= 2000
    assert prefix not in body


async def test_an_echoed_key_is_not_in_upload_many_logs(
    server: RecordingServer, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    video = tmp_path / "clip.mp4"
    write_sample_mp4(video, duration=6, width=640, height=360)
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    server.script(echo_key(400, '{{"code": "parameter_invalid", "message": "key {key} refused"}}',
                           "application/json"))
    async with AsyncTwelveLabs(API_KEY, base_url=server.base_url) as client:
        [outcome] = await client.tasks.upload_many(index_id="idx1", files=[video], preflight=False)
    assert isinstance(outcome.error, APIStatusError) and outcome.error.status == 400
    assert_no_key_in(outcome.error)
    assert "upload of clip.mp4 stopped" in caplog.text  # the error was logged, with its text
    assert "[redacted]" in caplog.text
    assert API_KEY not in caplog.text


async def test_a_short_key_is_not_scrubbed_so_messages_stay_whole(server: RecordingServer) -> None:
    message = "keep looking: kind of key, k-k-k"
    server.script(Reply(400, json={"code": "parameter_invalid", "message": message}),
                  Reply(200, body="<p>k is ok</p>", content_type="text/html"))
    async with AsyncTwelveLabs("k", base_url=server.base_url) as client:
        with pytest.raises(APIStatusError) as info:
            await client.indexes.retrieve("idx1")
        with pytest.raises(APIResponseError) as not_json:
            await client.indexes.retrieve("idx1")
    assert server.requests[0].headers["x-api-key"] == "k"
    assert info.value.message == message
    assert message in str(info.value) and "[redacted]" not in str(info.value)
    assert not_json.value.body == "<p>k is ok</p>"


# --- 5. proxy= and trust_env= -------------------------------------------------------------------------------------

_HOP = {"connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding",
        "upgrade", "host", "content-length"}


@dataclass
class Proxied:
    method: str
    host: str
    port: int
    path: str
    api_key: bool
    proxy_authorization: str | None


class ForwardProxy:
    """A plain-HTTP forward proxy: takes absolute-form requests (``GET http://host:port/path HTTP/1.1``), records
    them and forwards them with a session of its own."""

    def __init__(self) -> None:
        self.seen: list[Proxied] = []
        self._session: aiohttp.ClientSession | None = None
        self._server = LoopServer(self._forward)

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        if not request.raw_path.startswith("http://"):
            return web.Response(status=400, text="not a proxy request")
        target = URL(request.raw_path, encoded=True)
        assert target.host is not None and target.port is not None
        self.seen.append(Proxied(request.method, target.host, target.port, target.path,
                                 "x-api-key" in request.headers, request.headers.get("Proxy-Authorization")))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP}
        body = await request.read()
        assert self._session is not None
        async with self._session.request(request.method, target, headers=headers, data=body,
                                         allow_redirects=False) as answer:
            payload = await answer.read()
            back = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP}
            return web.Response(status=answer.status, body=payload, headers=back)

    async def __aenter__(self) -> ForwardProxy:
        self._session = aiohttp.ClientSession(trust_env=False, auto_decompress=False)
        await self._server.__aenter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._server.__aexit__()
        assert self._session is not None
        await self._session.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}"


PROXY_KEY = "tlk_proxy_test_key_0001"
CHUNK = 256 * KIB
FAST = {"sleep_interval": 0.02, "max_interval": 0.1}


def port_of(url: str) -> int:
    port = URL(url).port
    assert port is not None
    return port


@pytest.fixture
async def proxied_emu() -> AsyncIterator[Emulator]:
    async with Emulator(api_key=PROXY_KEY, speed=50.0, multipart_chunk_size=CHUNK,
                        multipart_initial_urls=2) as emulator:
        yield emulator


@pytest.fixture
async def proxy() -> AsyncIterator[ForwardProxy]:
    async with ForwardProxy() as forward:
        yield forward


@pytest.fixture
def env_proxy(monkeypatch: pytest.MonkeyPatch, proxy: ForwardProxy) -> ForwardProxy:
    for name in ("NO_PROXY", "no_proxy", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy",
                 "REQUEST_METHOD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    return proxy


def api_requests(emu: Emulator) -> int:
    """Requests the emulator's API saw (its counters also hold the storage server's, as ``STORAGE ...``)."""
    return sum(n for route, n in emu.state.route_counts.items() if not route.startswith("STORAGE"))


async def test_api_calls_go_through_the_proxy(proxied_emu: Emulator, proxy: ForwardProxy) -> None:
    index_id = proxied_emu.state.create_index("p", [("marengo3.0", ["visual"])])
    async with AsyncTwelveLabs(PROXY_KEY, base_url=proxied_emu.base_url, proxy=proxy.url) as client:
        index = await client.indexes.retrieve(index_id)
        listed = [i.id async for i in client.indexes.list()]
    assert index.id == index_id and listed == [index_id]
    api_port = port_of(proxied_emu.base_url)
    assert [(p.method, p.port, p.path) for p in proxy.seen] == [
        ("GET", api_port, f"/v1.3/indexes/{index_id}"),
        ("GET", api_port, "/v1.3/indexes"),
    ]
    assert all(p.api_key for p in proxy.seen)  # the API's requests keep their key
    assert api_requests(proxied_emu) == len(proxy.seen)  # every one the emulator saw came through the proxy


async def test_proxy_credentials_in_the_url_are_sent_to_the_proxy(
    proxied_emu: Emulator, proxy: ForwardProxy
) -> None:
    index_id = proxied_emu.state.create_index("p", [("marengo3.0", ["visual"])])
    with_credentials = proxy.url.replace("http://", "http://user:s3cretpassw0rd@")
    async with AsyncTwelveLabs(PROXY_KEY, base_url=proxied_emu.base_url, proxy=with_credentials) as client:
        await client.indexes.retrieve(index_id)
    expected = "Basic " + base64.b64encode(b"user:s3cretpassw0rd").decode()
    assert [p.proxy_authorization for p in proxy.seen] == [expected]


async def test_a_multipart_storage_upload_goes_through_the_proxy_without_the_key(
    proxied_emu: Emulator, proxy: ForwardProxy, tmp_path: Path
) -> None:
    path = tmp_path / "big.mp4"
    write_sample_mp4(path, duration=8.0, width=640, height=360, size=3 * CHUNK + 1000)  # 4 chunks
    async with AsyncTwelveLabs(PROXY_KEY, base_url=proxied_emu.base_url, proxy=proxy.url) as client:
        asset = await client.assets.upload(path, multipart_threshold=CHUNK, **FAST)
    assert asset.method == "multipart" and asset.status == "ready"
    storage_port = port_of(proxied_emu.storage_url)
    api_port = port_of(proxied_emu.base_url)
    storage = [p for p in proxy.seen if p.port == storage_port]
    api = [p for p in proxy.seen if p.port == api_port]
    assert len(storage) + len(api) == len(proxy.seen)
    assert sorted(p.method for p in storage if p.method == "PUT") == ["PUT"] * 4
    assert [p for p in storage if p.api_key] == []  # no storage request carried the key through the proxy
    assert all(p.api_key for p in api)
    assert len(storage) == len(proxied_emu.storage.requests)  # every storage request went through the proxy
    assert proxied_emu.storage.requests_with_api_key == []
    assert len(api) == api_requests(proxied_emu)


async def test_trust_env_routes_through_the_env_proxy(proxied_emu: Emulator, env_proxy: ForwardProxy) -> None:
    index_id = proxied_emu.state.create_index("p", [("marengo3.0", ["visual"])])
    async with AsyncTwelveLabs(PROXY_KEY, base_url=proxied_emu.base_url, trust_env=True) as client:
        await client.indexes.retrieve(index_id)
    assert [(p.port, p.path) for p in env_proxy.seen] == [(port_of(proxied_emu.base_url), f"/v1.3/indexes/{index_id}")]


async def test_the_env_proxy_is_ignored_by_default(proxied_emu: Emulator, env_proxy: ForwardProxy) -> None:
    index_id = proxied_emu.state.create_index("p", [("marengo3.0", ["visual"])])
    async with AsyncTwelveLabs(PROXY_KEY, base_url=proxied_emu.base_url) as client:
        assert client.config.trust_env is False
        await client.indexes.retrieve(index_id)
    assert env_proxy.seen == []
    assert proxied_emu.state.requests("GET /indexes/{index_id}") == 1  # it went direct


async def test_the_proxy_password_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    password = "s3cretpassw0rd"
    proxy_url = f"http://user:{password}@127.0.0.1:{free_port()}"  # nothing listens there
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    client = AsyncTwelveLabs(API_KEY, base_url=f"http://127.0.0.1:{free_port()}/v1.3", proxy=proxy_url,
                             max_retries=1)
    try:
        assert password not in repr(client) and password not in repr(client.config)
        assert password not in repr(client.config.proxy) and password not in str(client.config.proxy)
        assert client.config.proxy is not None and client.config.proxy.reveal() == proxy_url
        with pytest.raises(APIConnectionError) as info:
            await asyncio.wait_for(client.indexes.retrieve("idx1"), 30)
    finally:
        await client.aclose()
    error = info.value
    assert password not in str(error) and password not in repr(error)
    assert all(password not in str(value) for value in vars(error).values())
    assert password not in caplog.text


@pytest.mark.parametrize("bad", ["127.0.0.1:3128", "socks5://127.0.0.1:1080", "ftp://user:s3cretpassw0rd@h", 3128])
def test_a_proxy_that_is_not_an_http_url_is_refused_without_showing_it(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="proxy") as info:
        AsyncTwelveLabs(API_KEY, proxy=bad)
    assert "s3cretpassw0rd" not in str(info.value)


# --- 6. the server's clock ----------------------------------------------------------------------------------------


async def test_server_clock_offset_from_the_date_header(server: RecordingServer) -> None:
    behind = email.utils.formatdate(time.time() - 120, usegmt=True)
    server.script(Reply(json={"_id": "idx1"}, headers={"Date": behind}),
                  Reply(json={"_id": "idx1"}, headers={"Date": "the day after tomorrow"}),
                  Reply(404, json={"code": "index_not_found", "message": "no"},
                        headers={"Date": email.utils.formatdate(time.time() + 30, usegmt=True)}))
    async with AsyncTwelveLabs(API_KEY, base_url=server.base_url) as client:
        transport = client._transport
        assert transport.server_clock_offset() is None  # before any answer
        await client.indexes.retrieve("idx1")
        offset = transport.server_clock_offset()
        assert offset is not None and offset == pytest.approx(-120, abs=2)
        await client.indexes.retrieve("idx1")
        assert transport.server_clock_offset() is None  # the latest answer's Date cannot be read
        with pytest.raises(APIStatusError):
            await client.indexes.retrieve("idx1")
        offset = transport.server_clock_offset()  # an error answer's Date counts too
        assert offset is not None and offset == pytest.approx(30, abs=2)
