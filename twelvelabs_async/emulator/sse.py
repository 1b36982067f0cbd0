"""Server-sent event streams (``text/event-stream``), as ``POST /responses`` sends them.

Each event is written as ``event: <type>`` and ``data: <json>`` lines and a blank line; the stream ends with
``data: [DONE]``. While nothing else is written for ``sse_keepalive_interval`` seconds (a configured pause
between events, or Jockey's "thinking"), a ``: ping`` comment line is sent: SSE clients ignore comments, and
they keep idle connections (and proxies) open. The pings are counted against emulated pauses, not measured
wall time, so a pause of ``P`` seconds always sends ``floor(P / interval)`` pings.

Faults: ``stream_cut(N)`` closes the connection after N events (pings do not count); ``drop_after`` closes it
just before the final event (the answer was produced, the client never sees its end). Both are recorded as the
request's ``stream_cut`` outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from .context import CUT_KEY, ctx, fault_of, ratelimit_headers

__all__ = ["SseWriter"]

PING = b": ping\n\n"
DONE = b"data: [DONE]\n\n"


class SseWriter:
    """Writes one SSE response; every method returns False once the stream is over (cut, or the client left)."""

    def __init__(self, request: web.Request) -> None:
        config = ctx(request).config
        fault = fault_of(request)
        self.request = request
        self.delay = config.response_event_delay
        self.interval = config.sse_keepalive_interval
        self.cut_after = fault.stream_cut
        self.drop_final = fault.drop_after
        self.events = 0
        self.pings = 0
        self.open = True
        self._idle = 0.0  # emulated seconds since the last write
        self.response = web.StreamResponse(status=200, headers={
            "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache",
            **ratelimit_headers(request)})

    async def start(self) -> None:
        self.response.enable_chunked_encoding()
        await self.response.prepare(self.request)

    async def _write(self, data: bytes) -> bool:
        if not self.open:
            return False
        try:
            await self.response.write(data)
        except ConnectionResetError:
            # The client hung up: the stream is over, not an error.
            self.open = False
            return False
        self._idle = 0.0
        return True

    def _cut(self) -> None:
        self.open = False
        self.request[CUT_KEY] = True
        if self.request.transport is not None:
            self.request.transport.abort()

    async def pause(self, seconds: float) -> bool:
        """Stay silent for ``seconds``, sending a ping each time ``sse_keepalive_interval`` passes unbroken."""
        remaining = seconds
        while remaining > 1e-9 and self.open:
            step = min(remaining, self.interval - self._idle)
            await asyncio.sleep(step)
            remaining -= step
            self._idle += step
            if self._idle >= self.interval - 1e-9:
                if not await self._write(PING):
                    return False
                self.pings += 1
        return self.open

    async def event(self, payload: Mapping[str, Any], *, final: bool = False) -> bool:
        """Write one event (its ``type`` names it), after the configured delay when it is not the first."""
        if self.events and self.delay > 0 and not await self.pause(self.delay):
            return False
        if (self.cut_after is not None and self.events >= self.cut_after) or (final and self.drop_final):
            self._cut()
            return False
        data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        if not await self._write(f"event: {payload['type']}\ndata: {data}\n\n".encode()):
            return False
        self.events += 1
        return True

    async def done(self) -> web.StreamResponse:
        """End the stream with ``data: [DONE]``."""
        if await self._write(DONE):
            with contextlib.suppress(ConnectionResetError):
                await self.response.write_eof()
        return self.response
