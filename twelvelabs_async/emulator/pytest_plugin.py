"""pytest fixtures for testing code against the emulator.

Enable them in a ``conftest.py``::

    pytest_plugins = ["twelvelabs_async.emulator.pytest_plugin"]

Fixtures:

- ``emulator`` (async, function scope): a running :class:`~.server.Emulator` with ``speed=0`` (tasks ready
  at once) and a :class:`~.clock.ManualClock` at ``emulator.clock``. Needs pytest-asyncio or anyio.
- ``emulator_thread`` (function scope): the same, running in a background thread, for blocking code.
- ``emulator_url``: ``emulator_thread.base_url``.

Pass other settings with the ``emulator_options`` fixture, e.g. in a test module::

    @pytest.fixture
    def emulator_options():
        return {"speed": 1.0, "api_key": "tlk_test", "faults": "POST /tasks:503=0.5"}
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from .clock import ManualClock
from .server import Emulator, EmulatorThread

try:  # pytest-asyncio needs its own decorator for async fixtures in strict mode
    import pytest_asyncio

    _async_fixture: Any = pytest_asyncio.fixture
except ImportError:  # pragma: no cover - anyio's plugin handles plain async fixtures
    _async_fixture = pytest.fixture


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    """Keyword arguments for the emulator fixtures; override it to change them."""
    return {}


def _options(options: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {"speed": 0.0}
    merged.update(options)
    merged.setdefault("clock", ManualClock())
    return merged


@_async_fixture
async def emulator(emulator_options: dict[str, Any]) -> AsyncIterator[Emulator]:
    async with Emulator(**_options(emulator_options)) as emu:
        yield emu


@pytest.fixture
def emulator_thread(emulator_options: dict[str, Any]) -> Iterator[EmulatorThread]:
    with EmulatorThread(**_options(emulator_options)) as emu:
        yield emu


@pytest.fixture
def emulator_url(emulator_thread: EmulatorThread) -> str:
    return emulator_thread.base_url
