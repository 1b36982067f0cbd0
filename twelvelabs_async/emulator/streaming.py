"""NDJSON text streams (``/analyze``, and ``/generate`` on surface 2025): ``stream_start``, one
``text_generation`` event per fragment, then a ``stream_end`` event the caller builds.

Events are written one by one with ``stream_delay`` seconds between them; with no delay they are coalesced
into larger writes so very long streams (``[emulator:events=200000]`` in the prompt) are fast to serve. The
``stream_cut`` fault closes the connection after that many events; ``drop_after`` cuts the stream just
before ``stream_end`` (the answer was produced, the client never sees its end).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Mapping
from typing import Any

from aiohttp import web

from .context import CUT_KEY, ctx, fault_of, ratelimit_headers

__all__ = ["write_text_stream"]

_COALESCE = 256


async def write_text_stream(request: web.Request, generation_id: str, fragments: Iterable[str],
                            end_event: Mapping[str, Any]) -> web.StreamResponse:
    """Stream the fragments as NDJSON; ``end_event`` is written last, as is."""
    config = ctx(request).config
    fault = fault_of(request)
    response = web.StreamResponse(status=200, headers={"Content-Type": "application/x-ndjson",
                                                       **ratelimit_headers(request)})
    response.enable_chunked_encoding()
    await response.prepare(request)
    delay = config.stream_delay
    cut_after = fault.stream_cut
    written = 0
    pending: list[bytes] = []

    async def emit(event: Mapping[str, Any]) -> bool:
        """Queue one event; returns False once the connection has been cut by a fault."""
        nonlocal written
        if cut_after is not None and written >= cut_after:
            await flush()
            _cut(request)
            return False
        pending.append(json.dumps(event, separators=(",", ":")).encode() + b"\n")
        written += 1
        if delay > 0 or len(pending) >= _COALESCE:
            await flush()
            if delay > 0:
                await asyncio.sleep(delay)
        return True

    async def flush() -> None:
        if pending:
            await response.write(b"".join(pending))
            pending.clear()

    try:
        if not await emit({"event_type": "stream_start", "metadata": {"generation_id": generation_id}}):
            return response
        for fragment in fragments:
            if not await emit({"event_type": "text_generation", "text": fragment}):
                return response
        if fault.drop_after:
            await flush()
            _cut(request)
            return response
        if not await emit(end_event):
            return response
        await flush()
        await response.write_eof()
    except ConnectionResetError:
        # The client hung up (it read stream_end, or stopped early): the stream is over, not an error.
        pass
    return response


def _cut(request: web.Request) -> None:
    request[CUT_KEY] = True
    if request.transport is not None:
        request.transport.abort()
