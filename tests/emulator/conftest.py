"""Shared fixtures: the plugin's fixtures (imported, since only a root conftest may set pytest_plugins),
a raw aiohttp session against a running emulator, and sample video files."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import Emulator
from twelvelabs_async.emulator.pytest_plugin import (  # noqa: F401  (fixtures)
    emulator,
    emulator_options,
    emulator_thread,
    emulator_url,
)

KEY = "tlk_test_key"
HEADERS = {"x-api-key": KEY}


@pytest.fixture
async def http(emulator: Emulator) -> AsyncIterator[aiohttp.ClientSession]:  # noqa: F811
    async with aiohttp.ClientSession(headers=HEADERS, timeout=aiohttp.ClientTimeout(total=30)) as session:
        yield session


@pytest.fixture
def sample_video(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str = "dog_park.mp4", duration: float = 12.0, width: int = 1280, height: int = 720,
             size: int | None = None) -> Path:
        path = tmp_path / name
        write_sample_mp4(path, duration=duration, width=width, height=height, size=size)
        return path

    return make


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


async def create_index(http: aiohttp.ClientSession, base: str, name: str = "idx",
                       models: list[dict[str, Any]] | None = None) -> str:
    models = models or [{"model_name": "marengo2.7", "model_options": ["visual", "audio"]},
                        {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]}]
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
