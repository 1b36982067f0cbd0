"""Shared fixtures of the core tests: a recording HTTP server on 127.0.0.1 and a client pointed at it.

The server runs on its own event loop in a background thread, so it serves tests that drive the client from
pytest's loop, from ``asyncio.run`` or from another thread alike. Every request is recorded (method, raw path,
query pairs, headers, JSON body or multipart parts) and answered from a per-test script of ``Reply`` objects
(or callables taking the recorded request); an unscripted request gets a 418 so that it fails loudly.

Test modules import the helpers from ``core_testkit`` (a plain module: ``tests/emulator`` has a conftest of its
own, so the bare name ``conftest`` would mean whichever of the two pytest imported last); ``conftest.py``
re-exports the fixtures.
"""

from __future__ import annotations

import asyncio
import collections
import email.parser
import email.policy
import json
import random
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import pytest
from aiohttp import web
from multidict import CIMultiDict

from twelvelabs_async import AsyncTwelveLabs

API_KEY = "tlk_SECRET_k3y_0123456789abcdef"
CLOCK_START = 1_750_000_000.0

_MISSING = object()


@dataclass
class Part:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


@dataclass
class Recorded:
    method: str
    raw_path: str  # the path as sent, still percent-encoded, without the query
    query: list[tuple[str, str]]
    headers: CIMultiDict[str]
    body: bytes
    json: Any = None
    parts: list[Part] | None = None

    @property
    def content_type(self) -> str | None:
        return self.headers.get("Content-Type")

    def fields(self) -> list[tuple[str, str]]:
        """Non-file multipart parts as (name, text) pairs, in order."""
        assert self.parts is not None, f"not multipart: {self.content_type}"
        return [(p.name, p.text) for p in self.parts if p.filename is None]

    def files(self) -> list[Part]:
        assert self.parts is not None, f"not multipart: {self.content_type}"
        return [p for p in self.parts if p.filename is not None]


@dataclass
class Reply:
    status: int = 200
    json: Any = _MISSING
    body: bytes | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    action: str | None = None  # "drop": close the connection without answering; "hang": never answer


DROP = Reply(action="drop")
HANG = Reply(action="hang")

Script = Reply | Callable[[Recorded], Reply]


def _parse_multipart(content_type: str, body: bytes) -> list[Part]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    assert message.is_multipart(), "multipart body did not parse"
    parts = []
    for sub in message.iter_parts():
        name = sub.get_param("name", header="content-disposition")
        parts.append(
            Part(
                name=str(name),
                filename=sub.get_filename(),
                content_type=sub.get("Content-Type"),
                data=sub.get_payload(decode=True) or b"",
            )
        )
    return parts


class RecordingServer:
    """An aiohttp server in a thread: records requests, answers from a script."""

    def __init__(self, port: int = 0) -> None:
        self.requests: list[Recorded] = []
        self._script: collections.deque[Script] = collections.deque()
        self._port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._release: asyncio.Event | None = None
        self._seen = threading.Condition()
        self.port = 0

    # --- scripting --------------------------------------------------------------------------------------

    def script(self, *replies: Script) -> None:
        self._script.extend(replies)

    def reply(self, status: int = 200, json: Any = _MISSING, **kwargs: Any) -> None:
        self.script(Reply(status=status, json=json, **kwargs))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1.3"

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        """Block (in a worker thread) until ``count`` requests were recorded."""
        with self._seen:
            return self._seen.wait_for(lambda: len(self.requests) >= count, timeout)

    # --- serving ------------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        content_type = request.headers.get("Content-Type", "")
        recorded = Recorded(
            method=request.method,
            raw_path=request.raw_path.split("?", 1)[0],
            query=parse_qsl(request.rel_url.raw_query_string, keep_blank_values=True),
            headers=CIMultiDict(request.headers),
            body=body,
        )
        if content_type.startswith("application/json") and body:
            recorded.json = json.loads(body)
        elif content_type.startswith("multipart/"):
            recorded.parts = _parse_multipart(content_type, body)
        with self._seen:
            self.requests.append(recorded)
            self._seen.notify_all()
        if self._script:
            entry = self._script.popleft()
            reply = entry(recorded) if callable(entry) else entry
        else:
            reply = Reply(418, body=f"unscripted request: {request.method} {request.raw_path}")
        if reply.action == "drop":
            assert request.transport is not None
            request.transport.abort()
            raise asyncio.CancelledError  # aiohttp drops the handler quietly; the client sees a disconnect
        if reply.action == "hang":
            assert self._release is not None
            await self._release.wait()
        if reply.json is not _MISSING:
            text = json.dumps(reply.json)
            return web.Response(
                status=reply.status,
                text=text,
                content_type=reply.content_type or "application/json",
                headers=reply.headers,
            )
        data = reply.body.encode() if isinstance(reply.body, str) else reply.body
        response = web.Response(status=reply.status, body=data, headers=reply.headers)
        if reply.content_type:
            response.content_type = reply.content_type
        return response

    def start(self) -> RecordingServer:
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)

            async def setup() -> None:
                self._release = asyncio.Event()
                app = web.Application(client_max_size=64 * 1024 * 1024)
                app.router.add_route("*", "/{tail:.*}", self._handle)
                self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
                await self._runner.setup()
                site = web.TCPSite(self._runner, "127.0.0.1", self._port)
                await site.start()
                server = site._server
                assert server is not None
                self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

            try:
                loop.run_until_complete(setup())
            except BaseException as exc:  # reported to the starting thread
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name=f"recording-server-{self._port}", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or loop.is_closed():
            return

        async def shutdown() -> None:
            assert self._release is not None and self._runner is not None
            self._release.set()
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


class FakeTime:
    """An injectable clock and sleep: sleeping records the delay and advances the clock, instantly."""

    def __init__(self, start: float = CLOCK_START) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[float], None] | None = None

    def clock(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.now += delay
        if self.on_sleep is not None:
            self.on_sleep(delay)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections to it are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_client(base_url: str, fake_time: FakeTime, seed: int = 1234, **kwargs: Any) -> AsyncTwelveLabs:
    return AsyncTwelveLabs._with_transport_hooks(
        API_KEY,
        base_url=base_url,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        rng=random.Random(seed),
        **kwargs,
    )


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    srv = RecordingServer().start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def client(server: RecordingServer, fake_time: FakeTime) -> Any:
    c = make_client(server.base_url, fake_time)
    try:
        yield c
    finally:
        await c.aclose()
