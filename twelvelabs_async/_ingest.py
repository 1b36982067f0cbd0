"""``ingest_many``: thousands of files or URLs into an index, each exactly once, resumable after any crash.

Each input goes through today's flow: upload -> asset ``ready`` -> indexed asset -> ``ready``. Uploads are bounded
by ``concurrency`` (bytes in flight); waiting takes no slot: assets are watched 50 ids a request and indexed assets
through their index's status list, by one poller each. Every input ends in exactly one ``IngestOutcome``, in the
order given; one input's failure never raises.

Exactly once, step by step (the journal, ``_ingest_journal``, records each step *before* its request is sent):

- a multipart upload reserves its asset when the session is created; chunk reports are idempotent; a rerun
  continues the recorded session, sending only the chunks the server lacks. A session whose creation answer was
  lost holds no asset and expires by itself, so creating another is safe;
- a direct or URL upload has no idempotency key in the API, so each input carries its own ``ingest_key`` in the
  asset's user metadata (``twelvelabs_async_ingest_key``): an answer that may have been lost (a timeout, a broken
  connection, a 5xx, an unreadable 2xx) is resolved by looking the asset up by file name and that key before
  sending again. The lookup compares keys, never clocks, so a server clock far from ours changes nothing;
- indexing: before creating an indexed asset again, ``GET /assets/{asset_id}/indexed-assets`` tells whether one
  already exists in the index.

Without a journal the same rules hold within the run; with one, across runs (``kill -9`` included). With a
``postgresql://`` journal, across workers too: any number of processes share one job (``_ingest_shared``,
``_ingest_pg``), each input held by one worker at a time under a lease, and resumed from its recorded step by
another worker when its holder dies.
"""

from __future__ import annotations

import inspect
import logging
import os
import posixpath
import random
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
import attrs

from twelvelabs_async._errors import (
    ArgumentError,
    LeaseLostError,
    MissingFileError,
    NotFoundError,
    TaskFailedError,
    TwelveLabsError,
    UploadSessionError,
    WaitTimeoutError,
)
from twelvelabs_async._ingest_journal import (
    DEFAULT_JOB,
    FAILED,
    INDEXED,
    INDEXING,
    READY,
    SESSION,
    UPLOADED,
    UPLOADING,
    AsyncIngestJournal,
    Entry,
    InputKey,
)
from twelvelabs_async._retry import is_transient, may_have_acted
from twelvelabs_async._waiters import ACCOUNT, Backoff, StatusWatch, check_timeout
from twelvelabs_async.resources.assets import DEFAULT_MULTIPART_THRESHOLD, DIRECT_LIMIT, AssetsSource, file_type_of
from twelvelabs_async.resources.indexed_assets import IndexedAssetsSource

if TYPE_CHECKING:
    from twelvelabs_async._chunked_upload import UploadProgress
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._ingest_pg import PostgresJournal
    from twelvelabs_async.models import Asset, MultipartUpload

logger = logging.getLogger("twelvelabs_async")

INGEST_KEY_FIELD = "twelvelabs_async_ingest_key"
MAX_LOOKUP_PAGES = 20  # 1,000 assets of the same file name: more than any real lookup needs
ASSET_FAILED = "asset_failed"
INDEXING_FAILED = "indexing_failed"

EventKind = Literal["uploading", "uploaded", "asset_ready", "indexing", "status", "done", "error"]


@attrs.frozen(kw_only=True)
class IngestEvent:
    """Progress of one input: bytes going out (``uploading``), its asset (``uploaded``, ``asset_ready``), its
    indexing (``indexing``, ``status`` changes), and its end (``done`` or ``error``)."""

    input: str | Path
    kind: EventKind
    bytes_sent: int | None = None
    total_bytes: int | None = None
    asset_id: str | None = None
    indexed_asset_id: str | None = None
    status: str | None = None
    error: BaseException | None = None


@attrs.frozen(kw_only=True)
class IngestOutcome:
    """What became of one input: its asset and indexed asset, the final ``status`` (``ready`` or ``failed``), or
    the ``error`` that stopped it. ``resumed`` when a journal of an earlier run carried it part of the way."""

    input: str | Path
    asset_id: str | None = None
    indexed_asset_id: str | None = None
    status: str | None = None
    error: BaseException | None = None
    resumed: bool = False
    cleaned_up: bool = False  # its asset was deleted (cleanup="on_failure")
    worker: str | None = None  # a shared job's worker that finished it (None without a postgresql:// journal)

    @property
    def ok(self) -> bool:
        return self.status == READY and self.error is None


ProgressHandler = Callable[[IngestEvent], "Awaitable[None] | None"]


class _MemoryJournal:
    """The journal of a run without one: the same rules, for this process only."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], Entry] = {}

    async def get(self, key: InputKey, index_id: str) -> Entry | None:
        return self._rows.get((key.source, index_id))

    async def save(self, entry: Entry) -> None:
        self._rows[(entry.key.source, entry.index_id)] = entry

    async def close(self) -> None:
        return None


@attrs.define
class _Input:
    given: str | Path
    url: str | None = None
    path: Path | None = None
    key: InputKey | None = None
    size: int | None = None
    outcome: IngestOutcome | None = None


def _filename_of(item: _Input) -> str:
    if item.path is not None:
        return item.path.name
    assert item.url is not None
    return posixpath.basename(urlsplit(item.url).path) or "video.mp4"


class _SharedWatch:
    """Waiting for many items of one kind on one poller: ``await wait(item_id)`` gives the final item."""

    def __init__(self, source: Any, scope: str, backoff: Backoff, deadline: float | None) -> None:
        self._watch: StatusWatch[Any] = StatusWatch(source)
        self._scope = scope
        self._backoff = backoff
        self._deadline = deadline
        self._waiters: dict[str, list[anyio.Event]] = {}
        self._results: dict[str, Any] = {}
        self._errors: dict[str, BaseException] = {}
        self._callbacks: dict[str, list[Callable[[Any], Awaitable[None]]]] = {}
        self._wake = anyio.Event()
        self._hurry_at: float | None = None
        self._running = False

    async def wait(
        self, group: anyio.abc.TaskGroup, item_id: str, on_change: Callable[[Any], Awaitable[None]] | None = None
    ) -> Any:
        if item_id in self._results:
            return self._results[item_id]
        done = anyio.Event()
        self._waiters.setdefault(item_id, []).append(done)
        if on_change is not None:
            self._callbacks.setdefault(item_id, []).append(on_change)
        self._watch.add(item_id, self._scope)
        # A new item is looked at soon, but items that arrive together share a round: the wait is shortened to the
        # first interval, not cut to a poll per arrival.
        self._backoff.reset()
        soon = anyio.current_time() + self._backoff.first
        self._hurry_at = soon if self._hurry_at is None else min(self._hurry_at, soon)
        self._wake.set()
        if not self._running:
            self._running = True
            group.start_soon(self._poll_loop)
        await done.wait()
        if item_id in self._errors:
            raise self._errors[item_id]
        return self._results[item_id]

    async def _sleep(self, until: float) -> None:
        """Sleep until ``until``, or less when an item arrives meanwhile (see ``wait``)."""
        while True:
            # A fresh event before looking at _hurry_at: an arrival from here on sets this very event, so none is
            # missed between the look and the wait.
            self._wake = anyio.Event()
            if self._hurry_at is not None:
                until = min(until, self._hurry_at)
                self._hurry_at = None
            remaining = until - anyio.current_time()
            if remaining <= 0:
                return
            with anyio.move_on_after(remaining):
                await self._wake.wait()

    def _settle(self, item_id: str, result: Any = None, error: BaseException | None = None) -> None:
        if error is not None:
            self._errors[item_id] = error
        else:
            self._results[item_id] = result
        for event in self._waiters.pop(item_id, []):
            event.set()
        self._callbacks.pop(item_id, None)

    async def _poll_loop(self) -> None:
        try:
            while self._watch.pending:
                try:
                    changed, finished = await self._watch.poll()
                except Exception as exc:
                    if not is_transient(exc):
                        for item_id in self._watch.pending:
                            self._watch.discard(item_id)
                            self._settle(item_id, error=exc)
                        return
                    logger.info(
                        "polling %d %s(s) failed (%s); trying again", len(self._watch.pending), self._watch.kind, exc
                    )
                    changed, finished = [], []
                for item in changed:
                    for callback in self._callbacks.get(item.id, []):
                        await callback(item)
                for item in finished:
                    self._settle(item.id, item)
                for item_id, error in list(self._watch.lost.items()):
                    self._watch.lost.pop(item_id)
                    self._settle(item_id, error=error)
                if not self._watch.pending:
                    break
                delay = self._backoff.next()
                if self._deadline is not None:
                    remaining = self._deadline - anyio.current_time()
                    if remaining <= 0:
                        for item_id in self._watch.pending:
                            last = self._watch.last.get(item_id)
                            self._watch.discard(item_id)
                            self._settle(
                                item_id,
                                error=WaitTimeoutError(
                                    f"{self._watch.kind} {item_id} not done before the deadline",
                                    task=last,
                                    pending=[last] if last is not None else [],
                                ),
                            )
                        break
                    delay = min(delay, remaining)
                await self._sleep(anyio.current_time() + delay)
        finally:
            self._running = False


class IngestJob:
    """One ``ingest_many`` run; ``await run()``. Usable once."""

    def __init__(
        self,
        client: AsyncTwelveLabs,
        inputs: Iterable[str | os.PathLike[str]],
        *,
        index_id: str,
        concurrency: int = 4,
        chunk_concurrency: int = 4,
        journal: str | os.PathLike[str] | None = None,
        job: str = DEFAULT_JOB,
        on_progress: ProgressHandler | None = None,
        cleanup: Literal["never", "on_failure"] = "never",
        user_metadata: Mapping[str, Any] | None = None,
        enable_video_stream: bool | None = None,
        enable_hls: bool | None = None,
        enable_thumbnail: bool | None = None,
        multipart_threshold: int = DEFAULT_MULTIPART_THRESHOLD,
        retry_failed: bool = False,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        max_attempts: int = 8,
        request_options: RequestOptions | None = None,
        worker: str | None = None,
        lease_seconds: float | None = None,
    ) -> None:
        from twelvelabs_async._ingest_pg import (
            DEFAULT_LEASE_SECONDS,
            check_dsn,
            check_job,
            check_lease,
            is_postgres_dsn,
        )

        self._shared = is_postgres_dsn(journal)
        if self._shared:
            assert isinstance(journal, str)
            check_dsn(journal)
            check_job(job)
            lease_seconds = check_lease(DEFAULT_LEASE_SECONDS if lease_seconds is None else lease_seconds)
            if worker is not None and (not isinstance(worker, str) or not worker.strip() or len(worker) > 200):
                raise ArgumentError("worker", f"must be a non-empty str of at most 200 characters, got {worker!r}")
        elif worker is not None or lease_seconds is not None:
            raise ArgumentError("worker", "worker and lease_seconds apply to a shared (postgresql://) journal only")
        self._worker = worker
        self._lease_seconds = lease_seconds
        if isinstance(inputs, (str, bytes, os.PathLike)):
            raise ArgumentError("inputs", "expected a list of paths or URLs, not a single one")
        if not isinstance(index_id, str) or not index_id:
            raise ArgumentError("index_id", "must be a non-empty str")
        for name, value in (("concurrency", concurrency), ("chunk_concurrency", chunk_concurrency)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 256:
                raise ArgumentError(name, f"must be an int from 1 to 256, got {value!r}")
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
            raise ArgumentError("max_attempts", f"must be an int >= 1, got {max_attempts!r}")
        if cleanup not in ("never", "on_failure"):
            raise ArgumentError("cleanup", f"must be 'never' or 'on_failure', got {cleanup!r}")
        if isinstance(multipart_threshold, bool) or not isinstance(multipart_threshold, int) or multipart_threshold < 1:
            raise ArgumentError("multipart_threshold", f"must be a positive int, got {multipart_threshold!r}")
        if user_metadata is not None and INGEST_KEY_FIELD in user_metadata:
            raise ArgumentError("user_metadata", f"{INGEST_KEY_FIELD!r} is reserved for the exactly-once lookup")
        check_timeout(timeout)
        Backoff(sleep_interval, max_interval)  # refuses bad intervals now, before any request
        self._client = client
        self._items: list[_Input] = []
        for given in inputs:
            if isinstance(given, str) and given.startswith(("http://", "https://")):
                self._items.append(_Input(given, url=given))
            elif isinstance(given, (str, os.PathLike)):
                self._items.append(
                    _Input(
                        given if isinstance(given, (str, Path)) else Path(os.fspath(given)), path=Path(os.fspath(given))
                    )
                )
            else:
                raise ArgumentError(
                    "inputs", f"each input must be a path or an http(s) URL, got {type(given).__name__}"
                )
        self._index_id = index_id
        self._concurrency = concurrency
        self._chunk_concurrency = chunk_concurrency
        self._journal_path = journal
        self._job = job
        self._on_progress = on_progress
        self._cleanup = cleanup
        self._user_metadata = dict(user_metadata or {})
        self._enable_video_stream = enable_video_stream
        self._enable_hls = enable_hls
        self._enable_thumbnail = enable_thumbnail
        self._threshold = min(multipart_threshold, DIRECT_LIMIT)
        self._retry_failed = retry_failed
        self._sleep_interval = sleep_interval
        self._max_interval = max_interval
        self._timeout = timeout
        self._max_attempts = max_attempts
        self._options = request_options
        self._rng = random.Random()
        self._journal: AsyncIngestJournal | _MemoryJournal | PostgresJournal = _MemoryJournal()

    # --- the run ----------------------------------------------------------------------------------------------

    async def run(self) -> list[IngestOutcome]:
        unique: dict[str, _Input] = {}
        groups: dict[str, list[_Input]] = {}
        for item in self._items:
            error = await self._identify(item)
            if error is not None:
                item.outcome = IngestOutcome(input=item.given, error=error)
                await self._emit(IngestEvent(input=item.given, kind="error", error=error))
                continue
            assert item.key is not None
            # The same file given twice (another spelling, a relative path, a/../a/x) is one input.
            groups.setdefault(item.key.source, []).append(item)
            unique.setdefault(item.key.source, item)
        if self._shared:
            await self._run_shared(unique)
        else:
            if self._journal_path is not None:
                self._journal = await AsyncIngestJournal.open(self._journal_path, self._job)
            deadline = None if self._timeout is None else anyio.current_time() + self._timeout
            try:
                limiter = anyio.CapacityLimiter(self._concurrency)
                async with anyio.create_task_group() as group:
                    self._start_watches(group, deadline)
                    for item in unique.values():
                        group.start_soon(self._one, item, limiter, group)
            finally:
                with anyio.CancelScope(shield=True):
                    await self._journal.close()
        for source, items in groups.items():
            shared = unique[source].outcome
            for item in items:
                if shared is not None:  # each spelling gets the one input's outcome under its own name
                    item.outcome = attrs.evolve(shared, input=item.given)
        return [item.outcome for item in self._items if item.outcome is not None]

    def _start_watches(self, group: anyio.abc.TaskGroup, deadline: float | None) -> None:
        self._assets = _SharedWatch(AssetsSource(self._client, self._options), ACCOUNT, self._backoff(), deadline)
        self._indexed = _SharedWatch(
            IndexedAssetsSource(self._client, self._index_id, self._options), self._index_id, self._backoff(), deadline
        )

    async def _run_shared(self, unique: dict[str, _Input]) -> None:
        from twelvelabs_async._ingest_pacer import SharedPacer
        from twelvelabs_async._ingest_pacer import install as install_pacer
        from twelvelabs_async._ingest_pacer import uninstall as uninstall_pacer
        from twelvelabs_async._ingest_pg import PostgresJournal
        from twelvelabs_async._ingest_shared import SharedRun, outcome_from_row

        assert isinstance(self._journal_path, str) and self._lease_seconds is not None
        journal = await PostgresJournal.open(
            self._journal_path,
            self._job,
            worker=self._worker,
            lease_seconds=self._lease_seconds,
            account=account_key(self._client.config.api_key.reveal()),
        )
        self._journal = journal
        self.shared_journal = journal
        deadline = None if self._timeout is None else anyio.current_time() + self._timeout
        journal.deadline = deadline
        transport = self._client._transport
        self.pacer = SharedPacer(journal, transport.server_clock_offset())
        install_pacer(transport, self.pacer)
        try:
            run = SharedRun(self, journal, unique)
            self.shared_run = run
            await run.run(anyio.CapacityLimiter(self._concurrency), deadline)
            others = [source for source, item in unique.items() if item.outcome is None]
            if others:
                rows = await journal.rows(self._index_id, others)
                for source in others:
                    row = rows.get(source)
                    if row is not None:
                        unique[source].outcome = outcome_from_row(unique[source], row.entry, row.worker)
        finally:
            uninstall_pacer(transport, self.pacer)
            await journal.close()  # bounded, and done even when cancelled

    def _new_ingest_key(self) -> str:
        return uuid.uuid4().hex

    def _backoff(self) -> Backoff:
        return Backoff(self._sleep_interval, self._max_interval, self._rng)

    async def _identify(self, item: _Input) -> BaseException | None:
        if item.url is not None:
            item.key = InputKey(source=item.url)
            return None
        assert item.path is not None
        path = item.path

        def stat() -> tuple[Path, os.stat_result]:
            resolved = path.resolve()
            return resolved, os.stat(resolved)

        try:
            resolved, info = await anyio.to_thread.run_sync(stat)
        except FileNotFoundError as exc:
            return MissingFileError("inputs", path, reason=f"{path}: {exc.strerror or exc}")
        except OSError as exc:
            return ArgumentError("inputs", f"{path}: {exc.strerror or exc}")
        if not resolved.is_file():
            return ArgumentError("inputs", f"{path}: not a regular file")
        if info.st_size == 0:
            return ArgumentError("inputs", f"{path}: the file is empty")
        item.path = resolved
        item.size = info.st_size
        item.key = InputKey(source=str(resolved), size=info.st_size, mtime_ns=info.st_mtime_ns)
        return None

    async def _emit(self, event: IngestEvent) -> None:
        if self._on_progress is None:
            return
        try:
            result = self._on_progress(event)
            if inspect.isawaitable(result):
                await result
        except Exception:  # a broken progress handler must not lose an input's outcome
            logger.exception("on_progress raised on the %s event of %s", event.kind, event.input)

    async def _one(
        self,
        item: _Input,
        limiter: anyio.CapacityLimiter,
        group: anyio.abc.TaskGroup,
        *,
        entry: Entry | None = None,
        resumed: bool = False,
    ) -> None:
        assert item.key is not None
        if entry is None:  # a shared job's worker passes the row it claimed
            entry = await self._journal.get(item.key, self._index_id)
            resumed = entry is not None
        if entry is None:
            entry = Entry(key=item.key, index_id=self._index_id, ingest_key=self._new_ingest_key(), step="new")
        try:
            entry = await self._pipeline(item, entry, limiter, group)
            outcome = IngestOutcome(
                input=item.given,
                asset_id=entry.asset_id,
                indexed_asset_id=entry.indexed_asset_id,
                status=READY if entry.step == READY else FAILED,
                error=None if entry.step == READY else TaskFailedError(_Failed(entry)),
                resumed=resumed,
            )
        except LeaseLostError as exc:
            logger.info("ingesting %s: %s", item.given, exc)
            return  # another worker has it now; the outcome is read from the journal at the end
        except Exception as exc:
            if isinstance(exc, TwelveLabsError):
                logger.info("ingesting %s stopped: %s", item.given, exc)
            else:
                logger.exception("ingesting %s stopped", item.given)
            if self._shared and not await self._record_stop(entry, exc):
                return
            outcome = IngestOutcome(
                input=item.given,
                asset_id=entry.asset_id,
                indexed_asset_id=entry.indexed_asset_id,
                status=None,
                error=exc,
                resumed=resumed,
            )
        if not outcome.ok and self._cleanup == "on_failure" and outcome.asset_id is not None:
            if self._shared:  # the failure is recorded and the lease let go: the cleanup is this worker's to do
                from twelvelabs_async._ingest_pg import LEASED_INPUT

                LEASED_INPUT.set(None)
            outcome = attrs.evolve(outcome, cleaned_up=await self._delete_asset(outcome.asset_id))
            if self._shared and outcome.cleaned_up:
                from twelvelabs_async._ingest_pg import PostgresJournal

                assert isinstance(self._journal, PostgresJournal) and outcome.asset_id is not None
                try:
                    await self._journal.record_cleanup(entry, outcome.asset_id)
                except TwelveLabsError as exc:
                    logger.warning("cleanup of %s: could not record it in the journal: %s", item.given, exc)
        item.outcome = outcome
        if outcome.error is None or isinstance(outcome.error, TaskFailedError):
            await self._emit(
                IngestEvent(
                    input=item.given,
                    kind="done",
                    asset_id=outcome.asset_id,
                    indexed_asset_id=outcome.indexed_asset_id,
                    status=outcome.status,
                    error=outcome.error,
                )
            )
        else:
            await self._emit(
                IngestEvent(
                    input=item.given,
                    kind="error",
                    asset_id=outcome.asset_id,
                    indexed_asset_id=outcome.indexed_asset_id,
                    error=outcome.error,
                )
            )

    async def _record_stop(self, entry: Entry, exc: Exception) -> bool:
        """A shared job's input stopped on an error: recorded as failed (retryable where it stopped), or handed back
        when the deadline stopped it. False when it is no longer this worker's to report."""
        from twelvelabs_async._ingest_pg import PostgresJournal

        journal = self._journal
        assert isinstance(journal, PostgresJournal)
        try:
            current = await journal.get_held(entry.key, entry.index_id)
            if isinstance(exc, WaitTimeoutError):
                await journal.release(current)
            else:
                await journal.mark_error(current, f"{type(exc).__name__}: {exc}")
        except LeaseLostError:
            return False
        except TwelveLabsError as error:
            logger.warning("ingesting %s: could not record its error: %s", entry.key.source, error)
        return True

    async def _pipeline(
        self, item: _Input, entry: Entry, limiter: anyio.CapacityLimiter, group: anyio.abc.TaskGroup
    ) -> Entry:
        if entry.step == READY:
            return entry
        if entry.step == FAILED:
            if not self._retry_failed:
                return entry
            # Retry: a failed asset is uploaded anew (new key, new asset); a failed indexing re-indexes the asset.
            if entry.status == INDEXING_FAILED and entry.asset_id:
                entry = attrs.evolve(entry, step=UPLOADED, indexed_asset_id=None, status=None, error=None)
            else:
                entry = Entry(key=entry.key, index_id=entry.index_id, ingest_key=uuid.uuid4().hex, step="new")
            await self._journal.save(entry)
        if entry.step in ("new", UPLOADING, SESSION):
            async with limiter:
                entry = await self._upload(item, entry)
        assert entry.asset_id is not None
        if entry.step == UPLOADED:
            asset = await self._assets.wait(group, entry.asset_id)
            if asset.status != "ready":
                message = asset.error.message if asset.error is not None else None
                entry = attrs.evolve(entry, step=FAILED, status=ASSET_FAILED, error=message or "the asset failed")
                await self._journal.save(entry)
                return entry
            await self._emit(IngestEvent(input=item.given, kind="asset_ready", asset_id=entry.asset_id))
        if entry.step in (UPLOADED, INDEXING):
            entry = await self._index(item, entry)
        assert entry.indexed_asset_id is not None

        async def on_change(indexed: Any) -> None:
            await self._emit(
                IngestEvent(
                    input=item.given,
                    kind="status",
                    asset_id=entry.asset_id,
                    indexed_asset_id=indexed.id,
                    status=indexed.status,
                )
            )

        indexed = await self._indexed.wait(group, entry.indexed_asset_id, on_change)
        if indexed.status == "ready":
            entry = attrs.evolve(entry, step=READY, status="ready", error=None)
        else:
            entry = attrs.evolve(entry, step=FAILED, status=INDEXING_FAILED, error="indexing failed")
        await self._journal.save(entry)
        return entry

    # --- step 1: the asset ----------------------------------------------------------------------------------------

    async def _upload(self, item: _Input, entry: Entry) -> Entry:
        """The asset of the input, uploading it only if no earlier attempt is known (or found) to have made it."""
        for attempt in range(1, self._max_attempts + 1):
            try:
                if entry.step == SESSION:
                    entry = await self._continue_session(item, entry)
                if entry.step == UPLOADING:
                    entry = await self._resolve_attempt(item, entry)
                if entry.step in ("new", UPLOADING):
                    entry = await self._fresh_upload(item, entry)
                return entry
            except Exception as exc:
                if attempt == self._max_attempts or not is_transient(exc):
                    raise
                # The attempt may have recorded a step of its own (a multipart session): the next one resumes from
                # the journal, not from this attempt's start, or it would upload again beside the session's asset.
                entry = await self._reload(entry)
                delay = min(30.0, 0.5 * 2 ** (attempt - 1)) * (1 - 0.2 * self._rng.random())
                logger.info(
                    "uploading %s failed (%s); attempt %d of %d in %.1f s",
                    item.given,
                    exc,
                    attempt + 1,
                    self._max_attempts,
                    delay,
                )
                await anyio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _reload(self, entry: Entry) -> Entry:
        """The input's row as the journal has it now. In a shared job only while this worker's lease on it is live
        (``LeaseLostError`` otherwise): a retry must never continue from a row another worker has taken over."""
        if self._shared:
            from twelvelabs_async._ingest_pg import PostgresJournal

            assert isinstance(self._journal, PostgresJournal)
            return await self._journal.get_held(entry.key, entry.index_id)
        return await self._journal.get(entry.key, entry.index_id) or entry

    def _metadata(self, entry: Entry) -> dict[str, Any]:
        return {**self._user_metadata, INGEST_KEY_FIELD: entry.ingest_key}

    async def _resolve_attempt(self, item: _Input, entry: Entry) -> Entry:
        """An upload may have reached the server without our knowing its answer: find what it made, if anything.

        A direct or URL asset is ours to keep. A multipart session whose creation answer was lost has reserved an
        asset we can never finish (its upload id was in the lost answer): that orphan is deleted, so that the input
        still ends with exactly one asset, and the upload starts again.
        """
        found = await self._find_asset(item, entry)
        if found is None:
            return entry
        if found.method == "multipart":
            await self._client.assets.delete(found.id, force=True, request_options=self._options)
            entry = attrs.evolve(entry, step="new")
        else:
            entry = attrs.evolve(entry, step=UPLOADED, asset_id=found.id)
            await self._emit(IngestEvent(input=item.given, kind="uploaded", asset_id=found.id))
        await self._journal.save(entry)
        return entry

    async def _fresh_upload(self, item: _Input, entry: Entry) -> Entry:
        client = self._client
        filename = _filename_of(item)
        entry = attrs.evolve(entry, step=UPLOADING)
        await self._journal.save(entry)  # from here on, the upload may reach the server
        await self._emit(IngestEvent(input=item.given, kind="uploading", bytes_sent=0, total_bytes=item.size))
        try:
            if item.path is not None and (item.size or 0) > self._threshold:
                return await self._multipart(item, entry)
            if item.url is not None:
                asset = await client.assets.create(
                    method="url",
                    url=item.url,
                    filename=filename,
                    enable_hls=self._enable_hls,
                    enable_thumbnail=self._enable_thumbnail,
                    user_metadata=self._metadata(entry),
                    request_options=self._options,
                )
            else:
                from twelvelabs_async._files import file_source

                assert item.path is not None
                total = item.size or 0

                async def progress(sent: int) -> None:
                    await self._emit(
                        IngestEvent(input=item.given, kind="uploading", bytes_sent=sent, total_bytes=total)
                    )

                source = file_source("inputs", item.path).with_progress(progress)
                asset = await client.assets.create(
                    method="direct",
                    file=source,  # type: ignore[arg-type]  # a FileSource passes through unchanged
                    filename=filename,
                    enable_hls=self._enable_hls,
                    enable_thumbnail=self._enable_thumbnail,
                    user_metadata=self._metadata(entry),
                    request_options=self._options,
                )
        except Exception as exc:
            current = await self._reload(entry)
            if current.step == UPLOADING:  # nothing was recorded after the create: what did it make?
                if may_have_acted(exc):
                    resolved = await self._resolve_attempt(item, current)
                    if resolved.step == UPLOADED:
                        return resolved
                else:
                    # Certainly not created: the next attempt (this run's or a rerun's) need not look first.
                    await self._journal.save(attrs.evolve(current, step="new"))
            raise
        entry = attrs.evolve(entry, step=UPLOADED, asset_id=asset.id)
        await self._journal.save(entry)
        await self._emit(IngestEvent(input=item.given, kind="uploaded", asset_id=asset.id))
        return entry

    async def _find_asset(self, item: _Input, entry: Entry) -> Asset | None:
        """The asset an earlier attempt made for this input, found by its file name and ingest key."""
        pages = 0
        async for page in self._client.assets.list(
            filename=_filename_of(item), page_limit=50, request_options=self._options
        ).pages():
            pages += 1
            for asset in page.data:
                if (asset.user_metadata or {}).get(INGEST_KEY_FIELD) == entry.ingest_key:
                    return asset
            if pages >= MAX_LOOKUP_PAGES:
                break
        return None

    async def _multipart(self, item: _Input, entry: Entry, *, upload_id: str | None = None) -> Entry:
        from twelvelabs_async._chunked_upload import ChunkedUpload

        assert item.path is not None
        state = {"entry": entry}

        async def on_session(session: MultipartUpload) -> None:
            # Recorded before the first chunk: a rerun continues this session instead of starting another.
            state["entry"] = attrs.evolve(
                state["entry"],
                step=SESSION,
                upload_id=session.upload_id,
                asset_id=session.asset_id,
                chunk_size=session.chunk_size,
                total_chunks=session.total_chunks,
                reported_chunks=0,
            )
            await self._journal.save(state["entry"])

        async def on_reported(chunks: list[int]) -> None:
            current = state["entry"]
            state["entry"] = attrs.evolve(current, reported_chunks=current.reported_chunks + len(chunks))
            await self._journal.save(state["entry"])

        async def on_progress(progress: UploadProgress) -> None:
            await self._emit(
                IngestEvent(
                    input=item.given, kind="uploading", bytes_sent=progress.bytes_sent, total_bytes=progress.total_bytes
                )
            )

        result = await ChunkedUpload(
            self._client,
            item.path,
            filename=_filename_of(item),
            file_type=file_type_of(item.path.name),
            enable_hls=self._enable_hls,
            enable_thumbnail=self._enable_thumbnail,
            user_metadata=self._metadata(entry),
            upload_id=upload_id,
            asset_id=entry.asset_id if upload_id is not None else None,
            concurrency=self._chunk_concurrency,
            on_progress=on_progress,
            on_session=on_session,
            on_reported=on_reported,
            request_options=self._options,
        ).run()
        entry = attrs.evolve(state["entry"], step=UPLOADED, asset_id=result.asset_id)
        await self._journal.save(entry)
        await self._emit(IngestEvent(input=item.given, kind="uploaded", asset_id=result.asset_id))
        return entry

    async def _continue_session(self, item: _Input, entry: Entry) -> Entry:
        """A recorded multipart session: continue it; if it is gone, see whether its asset exists."""
        assert entry.upload_id is not None
        try:
            return await self._multipart(item, entry, upload_id=entry.upload_id)
        except UploadSessionError:
            pass
        if entry.asset_id is not None:
            try:
                await self._client.assets.retrieve(entry.asset_id, request_options=self._options)
            except NotFoundError:
                pass
            else:  # the session completed before the crash: its asset is ours
                entry = attrs.evolve(entry, step=UPLOADED)
                await self._journal.save(entry)
                return entry
        # The session expired (or failed) without an asset: upload again, into a new session.
        entry = attrs.evolve(entry, step="new", upload_id=None, asset_id=None, reported_chunks=0)
        await self._journal.save(entry)
        return entry

    # --- step 2: indexing -------------------------------------------------------------------------------------------

    async def _index(self, item: _Input, entry: Entry) -> Entry:
        asset_id = entry.asset_id
        assert asset_id is not None
        for attempt in range(1, self._max_attempts + 1):
            try:
                if entry.step == INDEXING:
                    found = await self._find_indexed(asset_id)
                    if found is not None:
                        entry = attrs.evolve(entry, step=INDEXED, indexed_asset_id=found)
                        await self._journal.save(entry)
                        return entry
                entry = attrs.evolve(entry, step=INDEXING)
                await self._journal.save(entry)  # from here on, an indexed asset may exist
                await self._emit(IngestEvent(input=item.given, kind="indexing", asset_id=entry.asset_id))
                try:
                    created = await self._client.indexes.indexed_assets.create(
                        self._index_id,
                        asset_id=asset_id,
                        enable_video_stream=self._enable_video_stream,
                        user_metadata=self._user_metadata or None,
                        request_options=self._options,
                    )
                except Exception as exc:
                    if not may_have_acted(exc):
                        entry = attrs.evolve(entry, step=UPLOADED)
                        await self._journal.save(entry)
                    raise
                entry = attrs.evolve(entry, step=INDEXED, indexed_asset_id=created.id)
                await self._journal.save(entry)
                return entry
            except Exception as exc:
                if attempt == self._max_attempts or not is_transient(exc):
                    raise
                delay = min(30.0, 0.5 * 2 ** (attempt - 1)) * (1 - 0.2 * self._rng.random())
                await anyio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _find_indexed(self, asset_id: str) -> str | None:
        """The indexed asset an earlier attempt made of this asset in our index, if any."""
        async for ref in self._client.indexes.indexed_assets.list_by_asset(
            asset_id, page_limit=50, request_options=self._options
        ):
            if ref.index is not None and ref.index.id == self._index_id:
                return ref.id
        return None

    async def _delete_asset(self, asset_id: str) -> bool:
        try:
            await self._client.assets.delete(asset_id, force=True, request_options=self._options)
        except NotFoundError:
            return True
        except TwelveLabsError as exc:
            logger.warning("cleanup: could not delete asset %s: %s", asset_id, exc)
            return False
        return True


@attrs.frozen
class _Failed:
    """What ``TaskFailedError`` carries for an input that failed on the platform's side."""

    entry: Entry

    @property
    def id(self) -> str:
        return self.entry.indexed_asset_id or self.entry.asset_id or self.entry.key.source

    @property
    def status(self) -> str:
        return self.entry.status or FAILED

    @property
    def error(self) -> str | None:
        return self.entry.error


__all__ = ["INGEST_KEY_FIELD", "IngestEvent", "IngestJob", "IngestOutcome"]


def account_key(api_key: str) -> str:
    """What names an account in a shared journal: a hash of its API key (the key itself is never stored)."""
    import hashlib

    return "sha256:" + hashlib.sha256(b"twelvelabs-async ingest account\0" + api_key.encode()).hexdigest()[:32]

