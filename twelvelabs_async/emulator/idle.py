"""Dropping connections that hold a slot without asking for anything.

aiohttp's server has no deadline for a request's headers: a client that opens a connection and never finishes its
request line (a half-open connection, or a slowloris) would be kept forever. The emulator closes any connection
that has no request in progress for ``idle_connection_timeout`` seconds, whether it never sent a whole request
or sits silent after one (clients reconnect, as they must with any server's keep-alive limit). A response being
written, a stream included, counts as a request in progress.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp import web

__all__ = ["reap_idle_connections"]


def _busy(handler: Any) -> bool:
    # aiohttp's RequestHandler keeps no public flag for this; both attributes exist in aiohttp 3.9 to 3.14.
    return bool(getattr(handler, "_request_in_progress", False) or getattr(handler, "_messages", None))


async def reap_idle_connections(server: web.Server, timeout: float) -> None:
    """Close ``server``'s connections idle for ``timeout`` seconds; runs until cancelled (when the server stops)."""
    last_busy: dict[Any, float] = {}  # aiohttp's handlers take no weak references: pruned each tick instead
    tick = max(0.02, min(1.0, timeout / 4))
    while True:
        await asyncio.sleep(tick)
        now = time.monotonic()
        current = list(server.connections)
        last_busy = {handler: last_busy.get(handler, now) for handler in current}
        for handler in current:
            if _busy(handler):
                last_busy[handler] = now
            elif now - last_busy[handler] >= timeout:
                handler.force_close()
