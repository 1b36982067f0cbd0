"""Helpers shared by the emulator tests (a plain module: conftest files cannot be imported from)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

KEY = "tlk_test_key"
HEADERS = {"x-api-key": KEY}
# Both models with both options, per surface: the seed era's Marengo is 2.7, today's 3.0.
DEFAULT_MODELS = {
    "2025": [{"model_name": "marengo2.7", "model_options": ["visual", "audio"]},
             {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]}],
    "2026": [{"model_name": "marengo3.0", "model_options": ["visual", "audio"]},
             {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]}],
}


def form(**fields: Any) -> aiohttp.FormData:
    """Multipart form; list values become repeated fields, Path values become files."""
    data = aiohttp.FormData(default_to_multipart=True)
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, Path):
                data.add_field(name, item.read_bytes(), filename=item.name, content_type="video/mp4")
            else:
                data.add_field(name, str(item))
    return data


async def surface_of(http: aiohttp.ClientSession, base: str) -> str:
    """The surface the emulator at ``base`` serves (its admin health endpoint says)."""
    async with http.get(base.rsplit("/v1.3", 1)[0] + "/_emulator/health") as resp:
        assert resp.status == 200
        return str((await resp.json())["surface"])


async def create_index(http: aiohttp.ClientSession, base: str, name: str = "idx",
                       models: list[dict[str, Any]] | None = None) -> str:
    """An index; by default with both models of the emulator's surface."""
    models = models or DEFAULT_MODELS[await surface_of(http, base)]
    async with http.post(f"{base}/indexes", json={"index_name": name, "models": models}) as resp:
        assert resp.status == 201, await resp.text()
        body = await resp.json()
    return str(body["_id"])


async def poll(check: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    """Poll ``check`` until it is true or the deadline passes (no fixed sleeps)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError("condition not met before the deadline")
        await asyncio.sleep(0.02)
