"""Shared fixtures: the plugin's fixtures and hook (imported, since only a root conftest may set pytest_plugins),
a raw aiohttp session against a running emulator, and sample video files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from emulator_helpers import HEADERS

from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import Emulator
from twelvelabs_async.emulator.pytest_plugin import (  # noqa: F401  (fixtures and the marker's registration)
    emulator,
    emulator_options,
    emulator_thread,
    emulator_url,
    pytest_configure,
)


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
