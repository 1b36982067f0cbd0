"""Running the emulator: :class:`Emulator` (asyncio) and :class:`EmulatorThread` (blocking code).

Asyncio::

    from twelvelabs_async.emulator import Emulator

    async with Emulator(speed=0) as emu:          # speed=0: tasks are ready at once
        emu.base_url                                # "http://127.0.0.1:PORT/v1.3"
        emu.state.indexes                           # everything it holds, for assertions

Blocking code (runs its own event loop in a daemon thread)::

    from twelvelabs_async.emulator import EmulatorThread

    with EmulatorThread(api_key="tlk_test") as emu:
        client = TwelveLabs(api_key="tlk_test", base_url=emu.base_url)

Both accept the settings of :class:`~.config.EmulatorConfig` plus ``host``, ``port`` (0 = a free port),
``faults`` (a :class:`~.faults.FaultPlan` or its text form), ``seed`` and ``clock`` (a
:class:`~.clock.ManualClock` lets tests move time by hand). ``surface="2025"`` serves the seed-era API
instead of today's (see :mod:`.surfaces`)::

    with EmulatorThread(surface="2025") as emu:   # what the official SDK 1.0.0 speaks
        ...

Next to the API, a fake storage server (:mod:`.storage`) listens on a second loopback port
(``storage_port``, 0 = a free one) for the presigned PUTs of multipart uploads: ``emu.storage_url`` is its
address and ``emu.storage`` the server, with the request log tests assert on::

    assert emu.storage.requests_with_api_key == []   # the API key never reached storage

Analyze tasks and batches can send signed webhooks (:mod:`.webhooks`) to the URLs given here (or registered
later with ``POST /_emulator/webhooks``); what was sent is in ``emu.state.webhooks.deliveries``::

    async with Emulator(webhook_urls=["http://127.0.0.1:9000/hook"], webhook_secret="s3cret") as emu:
        ...
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import threading
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

from aiohttp import web

from .app import API_PREFIX, build_app
from .clock import Clock, SystemClock
from .config import GB, GIB, MB, MIB, EmulatorConfig
from .context import EmulatorContext
from .faults import FaultPlan
from .idle import reap_idle_connections
from .ratelimit import RateLimiter
from .state import EmulatorState
from .storage import StorageServer
from .surfaces import DEFAULT_SURFACE

__all__ = ["Emulator", "EmulatorThread"]


class Emulator:
    """A local Twelve Labs API v1.3 server on 127.0.0.1 (see the module docstring).

    Raises ValueError for a negative speed, a bad rate limit or an unknown ``surface``.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        speed: float = 1.0,
        faults: FaultPlan | str | None = None,
        seed: int = 0,
        clock: Clock | None = None,
        stream_delay: float = 0.0,
        stream_events: int | None = None,
        rate_limit: int = 1_000_000,
        rate_limit_window: float = 86_400.0,
        search_token_ttl: float = 3_600.0,
        max_video_bytes: int = 2 * GIB,
        integrations: Mapping[str, Sequence[str]] | None = None,
        upload_dir: str | None = None,
        surface: str = DEFAULT_SURFACE,
        storage_port: int = 0,
        multipart_chunk_size: int = 8 * MIB,
        multipart_initial_urls: int = 10,
        multipart_upload_headers: Mapping[str, str] | None = None,
        max_direct_upload_bytes: int = 200 * MB,
        max_url_asset_bytes: int = 4 * GB,
        max_image_bytes: int = 32 * MB,
        max_multipart_bytes: int = 10 * GB,
        idle_connection_timeout: float = 30.0,
        knowledge_search_token_ttl: float = 3_600.0,
        response_event_delay: float = 0.0,
        response_think_seconds: float = 0.0,
        sse_keepalive_interval: float = 10.0,
        drive_files: Mapping[str, tuple[str, int, str]] | None = None,
        drive_account: str = "drive-user@example.com",
        loopback_redirect_uris: bool = True,
        max_redirect_uris: int = 20,
        batch_concurrency: int = 10,
        webhook_urls: Sequence[str] = (),
        webhook_secret: str | None = None,
        webhook_timeout: float = 5.0,
        webhook_max_attempts: int = 3,
        webhook_retry_delay: float = 0.05,
    ) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0 (0 makes tasks ready at once)")
        if rate_limit < 0 or rate_limit_window <= 0:
            raise ValueError("rate_limit must be >= 0 and rate_limit_window > 0")
        self.host = host
        self.port = port
        self.config = EmulatorConfig(
            api_key=api_key, speed=speed, stream_delay=stream_delay, stream_events=stream_events,
            rate_limit=rate_limit, rate_limit_window=rate_limit_window, search_token_ttl=search_token_ttl,
            max_video_bytes=max_video_bytes, integrations=dict(integrations or {}), upload_dir=upload_dir,
            surface=surface, multipart_chunk_size=multipart_chunk_size,
            multipart_initial_urls=multipart_initial_urls, max_direct_upload_bytes=max_direct_upload_bytes,
            max_url_asset_bytes=max_url_asset_bytes, max_image_bytes=max_image_bytes,
            max_multipart_bytes=max_multipart_bytes, idle_connection_timeout=idle_connection_timeout,
            knowledge_search_token_ttl=knowledge_search_token_ttl, response_event_delay=response_event_delay,
            response_think_seconds=response_think_seconds, sse_keepalive_interval=sse_keepalive_interval,
            drive_files=dict(drive_files or {}), drive_account=drive_account,
            loopback_redirect_uris=loopback_redirect_uris, max_redirect_uris=max_redirect_uris,
            batch_concurrency=batch_concurrency,
            webhook_urls=tuple(webhook_urls), webhook_secret=webhook_secret, webhook_timeout=webhook_timeout,
            webhook_max_attempts=webhook_max_attempts, webhook_retry_delay=webhook_retry_delay,
        )
        if multipart_upload_headers is not None:
            self.config.multipart_upload_headers = dict(multipart_upload_headers)
        self.clock: Clock = clock or SystemClock()
        self.seed = seed
        self.faults = faults if isinstance(faults, FaultPlan) else FaultPlan.parse(faults)
        self.state = EmulatorState(self.config, self.clock, seed)
        self.storage = StorageServer(self.state, self.config, self.faults, host=host, port=storage_port)
        self._runner: web.AppRunner | None = None
        self._reaper: asyncio.Task[None] | None = None
        self._own_dir: str | None = None
        self._port: int | None = None

    @property
    def surface(self) -> str:
        """The API surface served: ``"2026"`` or ``"2025"``."""
        return self.config.surface

    @property
    def root_url(self) -> str:
        """``http://host:port`` (the admin endpoints live under ``/_emulator``)."""
        if self._port is None:
            raise RuntimeError("the emulator is not running")
        return f"http://{self.host}:{self._port}"

    @property
    def base_url(self) -> str:
        """``http://host:port/v1.3``: what clients take as their base URL."""
        return self.root_url + API_PREFIX

    @property
    def storage_url(self) -> str:
        """``http://host:port`` of the storage server the presigned URLs point at."""
        return self.storage.url

    async def start(self) -> str:
        upload_dir = self.config.upload_dir
        if upload_dir is None:
            upload_dir = self._own_dir = tempfile.mkdtemp(prefix="twelvelabs-emulator-")
        context = EmulatorContext(
            state=self.state, config=self.config, faults=self.faults, upload_dir=upload_dir,
            limiter=RateLimiter(self.config.rate_limit, self.config.rate_limit_window), storage=self.storage,
        )
        # Storage first: the API hands out URLs that point at it.
        await self.storage.start()
        runner = web.AppRunner(build_app(context), access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            await self.storage.stop()
            raise
        self._runner = runner
        assert runner.server is not None
        self._reaper = asyncio.create_task(reap_idle_connections(runner.server, self.config.idle_connection_timeout))
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self._port = int(sockets[0].getsockname()[1]) if sockets else self.port
        return self.base_url

    async def stop(self) -> None:
        reaper, self._reaper = self._reaper, None
        if reaper is not None:
            reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reaper
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        await self.storage.stop()
        if self._own_dir is not None:
            shutil.rmtree(self._own_dir, ignore_errors=True)
            self._own_dir = None
        self._port = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.stop()


class EmulatorThread:
    """Runs an :class:`Emulator` on its own event loop in a daemon thread, for blocking code and sync tests."""

    def __init__(self, *, start_timeout: float = 10.0, **kwargs: Any) -> None:
        self.emulator = Emulator(**kwargs)
        self._start_timeout = start_timeout
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def base_url(self) -> str:
        return self.emulator.base_url

    @property
    def root_url(self) -> str:
        return self.emulator.root_url

    @property
    def state(self) -> EmulatorState:
        return self.emulator.state

    @property
    def storage_url(self) -> str:
        return self.emulator.storage_url

    @property
    def storage(self) -> StorageServer:
        return self.emulator.storage

    @property
    def surface(self) -> str:
        return self.emulator.surface

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            await self.emulator.start()
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await self.emulator.stop()

    def start(self) -> str:
        if self._thread is not None:
            raise RuntimeError("already started")
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), name="twelvelabs-emulator",
                                        daemon=True)
        self._thread.start()
        if not self._ready.wait(self._start_timeout):
            raise RuntimeError("the emulator did not start in time")
        if self._error is not None:
            self._thread.join(self._start_timeout)
            raise RuntimeError("the emulator failed to start") from self._error
        return self.base_url

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        thread.join(self._start_timeout)

    def __enter__(self) -> EmulatorThread:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
