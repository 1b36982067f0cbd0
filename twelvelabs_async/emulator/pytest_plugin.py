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

The fixtures serve today's API (surface ``"2026"``). For the seed-era API (surface ``"2025"``: summarize,
gist, generate, ``marengo2.7``, what the official SDK 1.0.0 speaks), mark the test, class or module::

    @pytest.mark.emulator_surface("2025")
    async def test_old_client(emulator): ...

    pytestmark = pytest.mark.emulator_surface("2025")      # a whole module

A ``"surface"`` key in ``emulator_options`` wins over the marker.

Multipart uploads go to the emulator's storage server (``emulator.storage_url``); small chunks keep tests
fast, and the storage log tells whether a client leaked its key::

    @pytest.fixture
    def emulator_options():
        return {"multipart_chunk_size": 64 * 1024, "multipart_initial_urls": 2}

    async def test_upload(emulator):
        ...
        assert emulator.storage.requests_with_api_key == []
        assert all(v["assets"] == 1 for v in emulator.state.ingest_summary(index_id).values())
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar, cast

import pytest

from .clock import ManualClock
from .server import Emulator, EmulatorThread
from .surfaces import check_surface

F = TypeVar("F", bound=Callable[..., Any])

MARKER = "emulator_surface"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(surface): serve this API surface from the emulator fixtures ('2026' or '2025')")


def _async_fixture(func: F) -> F:
    try:  # pytest-asyncio needs its own decorator for async fixtures in strict mode
        import pytest_asyncio
    except ImportError:  # pragma: no cover - anyio's plugin handles plain async fixtures
        return cast(F, pytest.fixture(func))
    return cast(F, pytest_asyncio.fixture(func))


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    """Keyword arguments for the emulator fixtures; override it to change them."""
    return {}


def _options(options: dict[str, Any], request: pytest.FixtureRequest) -> dict[str, Any]:
    merged: dict[str, Any] = {"speed": 0.0}
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None:
        if len(marker.args) != 1:
            raise pytest.UsageError(f"@pytest.mark.{MARKER} takes one surface name, e.g. ('2025')")
        merged["surface"] = check_surface(marker.args[0])
    merged.update(options)
    merged.setdefault("clock", ManualClock())
    return merged


@_async_fixture
async def emulator(emulator_options: dict[str, Any], request: pytest.FixtureRequest) -> AsyncIterator[Emulator]:
    async with Emulator(**_options(emulator_options, request)) as emu:
        yield emu


@pytest.fixture
def emulator_thread(emulator_options: dict[str, Any], request: pytest.FixtureRequest) -> Iterator[EmulatorThread]:
    with EmulatorThread(**_options(emulator_options, request)) as emu:
        yield emu


@pytest.fixture
def emulator_url(emulator_thread: EmulatorThread) -> str:
    return emulator_thread.base_url
