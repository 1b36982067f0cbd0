"""Bulk upload: many files to one index, concurrently, resumable, each indexed exactly once.

``client.tasks.upload_many`` runs one coroutine per file under an ``anyio.CapacityLimiter`` (only the upload
holds a slot; waiting does not) plus, when ``wait=True``, one poller that follows every created task through the
index's task list (see ``_waiters.TaskWatch``). Each file ends in exactly one ``UploadOutcome``; a file's failure
is recorded there and never raised.

Exactly once. ``POST /tasks`` creates a video, so an attempt whose answer was lost (the connection dropped after
sending, a read timeout, a 5xx that may come from a proxy after the service acted) is never simply sent again:
first the index's tasks of that file name are listed newest first (``GET /tasks?filename=``), and a task created
since the attempt began that no other file of this run or journal claims is adopted. "Since" is on the server's
clock, read from its ``Date`` header, so a server clock minutes off ours changes nothing. A 429 or a
failure to connect is certain to have created nothing and is retried directly. Files of the same name are
uploaded one after the other within a run so that a lookup cannot mistake one for the other. The lookup cannot
see a task the server creates after it (a very slow server past the read timeout); for timeouts it therefore
looks a second time after a grace period. Another program uploading the same file name to the same index within
a minute could still be mistaken for ours: don't run two bulk uploads of one folder at once.

Journal (``journal=PATH``, see ``_journal``): rows are written before and after each step, so a rerun skips
finished files, resumes waiting on created tasks, and looks up (as above) files whose upload was in flight when
the previous run died.
"""

from __future__ import annotations

import inspect
import logging
import math
import os
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import anyio
import anyio.to_thread
import attrs

from twelvelabs_async._config import RequestOptions
from twelvelabs_async._errors import (
    APITimeoutError,
    ArgumentError,
    RateLimitError,
    TaskFailedError,
    UploadUnconfirmedError,
    WaitTimeoutError,
)
from twelvelabs_async._files import file_source
from twelvelabs_async._journal import CREATED, UPLOADING, AsyncJournal, Entry, FileKey
from twelvelabs_async._preflight import VideoLimits, check_path
from twelvelabs_async._retry import is_transient, may_have_acted
from twelvelabs_async._waiters import Backoff, TaskWatch, check_timeout
from twelvelabs_async.models import TERMINAL_TASK_STATUSES, Task, parse_datetime

if TYPE_CHECKING:
    from twelvelabs_async.resources.generated.tasks import AsyncTasksResource

logger = logging.getLogger("twelvelabs_async")

# Margins when looking for a task created "since" an attempt began: without the server's Date header, for the
# difference between its clock and ours; with it, for the header's one-second precision and the request's transit.
CLOCK_SKEW = 60.0
DATE_MARGIN = 10.0
# After a read timeout the server may still be creating the task: look again after this many seconds.
TIMEOUT_LOOKUP_GRACE = 2.0
LOOKUP_PAGES = 2  # a file name is rarely uploaded 100 times in two minutes

EventKind = Literal["skipped", "started", "bytes", "created", "status", "done", "error"]


@attrs.frozen
class UploadEvent:
    """A progress event of ``upload_many``.

    ``kind``: ``skipped`` (done in an earlier run, per the journal), ``started`` (an upload attempt begins),
    ``bytes`` (``bytes_sent`` of ``total_bytes`` of this attempt), ``created`` (the task exists), ``status``
    (the task's status changed), ``done`` (final outcome, ``status`` ready or failed, or created when not
    waiting), ``error`` (the file stopped with ``error``).
    """

    path: Path
    kind: EventKind
    bytes_sent: int = 0
    total_bytes: int | None = None
    task_id: str | None = None
    status: str | None = None
    error: BaseException | None = None


ProgressHandler = Callable[[UploadEvent], "Awaitable[None] | None"]


@attrs.frozen
class UploadOutcome:
    """What became of one file: its task and video ids and last status, or the error that stopped it.

    ``status`` is the final task status with ``wait=True`` (``failed`` comes with a ``TaskFailedError``), else
    the last one known. ``resumed`` is true when a previous run (per the journal) had created the task.
    """

    path: Path
    task_id: str | None = None
    video_id: str | None = None
    status: str | None = None
    error: BaseException | None = None
    resumed: bool = False

    @property
    def ok(self) -> bool:
        """True when the file was uploaded (and, if waited for, indexed) without error."""
        return self.error is None


@attrs.define
class _File:
    path: Path
    key: FileKey | None = None
    outcome: UploadOutcome | None = None
    entry: Entry | None = None
    done: anyio.Event = attrs.field(factory=anyio.Event)


def _created_at(task: Task) -> float | None:
    """When the task was created, in epoch seconds (server clock); None when the API gave no time ("" included)."""
    return parse_datetime(task.created_at).timestamp() if task.created_at else None


def _check_files(files: Iterable[str | os.PathLike[str]]) -> list[Path]:
    if isinstance(files, (str, bytes, os.PathLike)):
        raise ArgumentError("files", "expected a list of paths, not a single path")
    paths: list[Path] = []
    for item in files:
        if not isinstance(item, (str, os.PathLike)):
            raise ArgumentError("files", f"each file must be a path (str or Path), got {type(item).__name__}")
        paths.append(Path(os.fspath(item)))
    return paths


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the upload reports it with the file
        return path.absolute()


class BulkUpload:
    """One ``upload_many`` run (see the module docstring)."""

    def __init__(
        self,
        tasks: AsyncTasksResource,
        *,
        index_id: str,
        files: Iterable[str | os.PathLike[str]],
        concurrency: int,
        wait: bool,
        journal: str | os.PathLike[str] | None,
        on_progress: ProgressHandler | None,
        user_metadata: Mapping[str, Any] | str | None,
        enable_video_stream: bool | None,
        preflight: bool,
        sleep_interval: float,
        max_interval: float,
        timeout: float | None,
        max_attempts: int,
        request_options: RequestOptions | None,
    ) -> None:
        if not isinstance(index_id, str) or not index_id:
            raise ArgumentError("index_id", "must be a non-empty str")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ArgumentError("concurrency", f"must be an int >= 1, got {concurrency!r}")
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
            raise ArgumentError("max_attempts", f"must be an int >= 1, got {max_attempts!r}")
        self._tasks = tasks
        self._index_id = index_id
        self._paths = _check_files(files)
        self._concurrency = concurrency
        self._wait = wait
        self._journal_path = journal
        self._on_progress = on_progress
        self._user_metadata = user_metadata
        self._enable_video_stream = enable_video_stream
        self._preflight = preflight
        check_timeout(timeout)
        self._timeout = timeout
        self._max_attempts = max_attempts
        self._options = request_options
        self._limits = VideoLimits()
        self._journal: AsyncJournal | None = None
        self._claimed: set[str] = set()
        self._name_locks: dict[str, anyio.Lock] = {}
        self._watch = TaskWatch(tasks, request_options=request_options)
        self._waiting: dict[str, _File] = {}
        self._unfinished = 0
        self._rng = random.Random()
        self._resumed_ids: set[str] = set()
        self._poll_backoff = Backoff(sleep_interval, max_interval, self._rng)
        self._wake = anyio.Event()
        self._deadline: float | None = None

    # --- the run ----------------------------------------------------------------------------------------------

    async def run(self) -> list[UploadOutcome]:
        """Upload (and wait for) every file; one outcome per file, in the order given."""
        # One file named several ways (relative, absolute, through "..") is one upload: the journal knows it by
        # its resolved path, and so does the run.
        resolved = await anyio.to_thread.run_sync(lambda: [_resolve(path) for path in self._paths])
        unique: dict[Path, _File] = {}
        for path, real in zip(self._paths, resolved, strict=True):
            unique.setdefault(real, _File(path))
        # The journal first: a journal that cannot be used stops the run before any request.
        if self._journal_path is not None:
            self._journal = await AsyncJournal.open(self._journal_path)
        try:
            if self._journal is not None:
                self._claimed |= await self._journal.task_ids(self._index_id)
            if self._preflight:
                index = await self._tasks._client.indexes.retrieve(self._index_id, request_options=self._options)
                self._limits = VideoLimits.for_models([m.model_name for m in (index.models or [])])
            self._unfinished = len(unique)
            self._deadline = None if self._timeout is None else anyio.current_time() + self._timeout
            limiter = anyio.CapacityLimiter(self._concurrency)
            async with anyio.create_task_group() as group:
                if self._wait:
                    group.start_soon(self._poll_loop)
                for item in unique.values():
                    group.start_soon(self._one, item, limiter)
        finally:
            if self._journal is not None:
                with anyio.CancelScope(shield=True):
                    await self._journal.close()
        results = []
        for path, real in zip(self._paths, resolved, strict=True):
            outcome = unique[real].outcome
            assert outcome is not None
            # Each spelling gets the outcome under its own name.
            results.append(outcome if outcome.path == path else attrs.evolve(outcome, path=path))
        return results

    async def _emit(self, event: UploadEvent) -> None:
        if self._on_progress is None:
            return
        try:
            result = self._on_progress(event)
            if inspect.isawaitable(result):
                await result
        except Exception:  # a broken progress handler must not lose a file's outcome
            logger.exception("on_progress raised on %s event of %s", event.kind, event.path.name)

    async def _finish(self, item: _File, outcome: UploadOutcome) -> None:
        if item.outcome is not None:
            return
        item.outcome = outcome
        self._unfinished -= 1
        item.done.set()
        if self._unfinished == 0:
            self._wake_poller()  # let the poller end now rather than after its sleep
        if outcome.error is not None and not isinstance(outcome.error, TaskFailedError):
            await self._emit(UploadEvent(item.path, "error", task_id=outcome.task_id, status=outcome.status,
                                         error=outcome.error))
        else:
            await self._emit(UploadEvent(item.path, "done", task_id=outcome.task_id, status=outcome.status,
                                         error=outcome.error))

    async def _one(self, item: _File, limiter: anyio.CapacityLimiter) -> None:
        try:
            await self._process(item, limiter)
        except Exception as exc:  # one file's failure is its outcome, never the run's
            logger.info("upload of %s stopped: %s", item.path.name, exc)
            entry = item.entry
            await self._finish(item, UploadOutcome(item.path, task_id=entry.task_id if entry else None,
                                                   video_id=entry.video_id if entry else None, error=exc))

    async def _process(self, item: _File, limiter: anyio.CapacityLimiter) -> None:
        try:
            item.key = await anyio.to_thread.run_sync(FileKey.of, item.path)
        except OSError:
            item.key = None  # preflight (or the upload) reports the problem with the rule it breaks
        entry = None
        if self._journal is not None and item.key is not None:
            entry = item.entry = await self._journal.get(item.key, self._index_id)
        if entry is not None and entry.task_id is not None:
            self._claimed.add(entry.task_id)
            if entry.status in TERMINAL_TASK_STATUSES or not self._wait:
                await self._emit(UploadEvent(item.path, "skipped", task_id=entry.task_id, status=entry.status))
                error = None
                if entry.status == "failed":
                    error = TaskFailedError(Task(id=entry.task_id, video_id=entry.video_id, status="failed",
                                                 index_id=self._index_id))
                await self._finish(item, UploadOutcome(item.path, entry.task_id, entry.video_id, entry.status,
                                                       error, resumed=True))
                return
            await self._await_task(item, entry.task_id, entry.video_id, entry.status, resumed=True)
            return

        name = item.path.name
        lock = self._name_locks.setdefault(name, anyio.Lock())
        async with lock, limiter:
            if self._preflight:
                await anyio.to_thread.run_sync(check_path, item.path, self._limits)
            created: Task | None = None
            if entry is not None and entry.status == UPLOADING and entry.attempt_started is not None:
                # The previous run died (or gave up) with an upload in flight: it may have created the task.
                created = await self._lookup(item, entry.attempt_started, timed_out=False)
            if created is None:
                created = await self._upload(item)
        await self._await_task(item, created.id, created.video_id, created.status or CREATED, resumed=False)

    async def _upload(self, item: _File) -> Task:
        """Send the file until a task exists; returns it (only ``id``/``video_id``/``status`` are meaningful)."""
        key: FileKey = item.key if item.key is not None else await anyio.to_thread.run_sync(FileKey.of, item.path)
        item.key = key
        backoff = Backoff(1.0, 30.0, self._rng)
        last_error: BaseException | None = None
        for attempt in range(1, self._max_attempts + 1):
            started = time.time()
            if self._journal is not None:
                await self._journal.begin_attempt(key, self._index_id, started)
            await self._emit(UploadEvent(item.path, "started", 0, key.size))
            path = item.path

            async def progress(sent: int, path: Path = path, total: int = key.size) -> None:
                await self._emit(UploadEvent(path, "bytes", sent, total))

            source = file_source("video_file", path).with_progress(progress)
            try:
                answer = await self._tasks.create(
                    index_id=self._index_id,
                    video_file=source,  # type: ignore[arg-type]  # a FileSource passes through unchanged
                    enable_video_stream=self._enable_video_stream,
                    user_metadata=self._user_metadata,
                    preflight=False,  # done above, with the index's limits
                    request_options=self._options,
                )
            except Exception as exc:
                if not (is_transient(exc) or may_have_acted(exc)):
                    if self._journal is not None:
                        await self._journal.failed(key, self._index_id, str(exc), keep_attempt=False)
                    raise
                last_error = exc
                if may_have_acted(exc):
                    found = await self._lookup(item, started, timed_out=isinstance(exc, APITimeoutError))
                    if found is not None:
                        return found
                delay = backoff.next()
                if isinstance(exc, RateLimitError) and exc.retry_after is not None:
                    delay = max(delay, exc.retry_after)
                logger.info("upload of %s failed (attempt %d: %s); again in %.1f s", item.path.name, attempt,
                            type(exc).__name__, delay)
                if attempt < self._max_attempts:
                    await anyio.sleep(delay)
                continue
            self._claimed.add(answer.id)
            if self._journal is not None:
                await self._journal.created(key, self._index_id, answer.id, answer.video_id, CREATED)
            await self._emit(UploadEvent(item.path, "created", key.size, key.size, task_id=answer.id))
            return Task(id=answer.id, video_id=answer.video_id, index_id=self._index_id)
        assert last_error is not None
        if self._journal is not None:
            # The last attempt's lookup came back empty, so nothing was created: the next run starts afresh.
            await self._journal.failed(key, self._index_id, str(last_error), keep_attempt=False)
        raise last_error

    async def _lookup(self, item: _File, since: float, *, timed_out: bool) -> Task | None:
        """Find the task a lost ``POST /tasks`` of this file may have created; adopt it (journal) if found."""
        delays = (0.0, TIMEOUT_LOOKUP_GRACE) if timed_out else (0.0,)
        for delay in delays:
            if delay:
                await anyio.sleep(delay)
            found = await self._find_task(item.path.name, since)
            if found is not None:
                logger.info("the lost upload of %s had created task %s; not sending it again", item.path.name,
                            found.id)
                self._claimed.add(found.id)
                if self._journal is not None and item.key is not None:
                    await self._journal.created(item.key, self._index_id, found.id, found.video_id,
                                                found.status or CREATED)
                await self._emit(UploadEvent(item.path, "created", task_id=found.id, status=found.status))
                return found
        return None

    async def _find_task(self, filename: str, since: float) -> Task | None:
        """The newest unclaimed task of ``filename`` in the index created since ``since`` (our clock)."""
        backoff = Backoff(0.5, 8.0, self._rng)
        for attempt in range(1, self._max_attempts + 1):
            try:
                matches: list[Task] = []
                for page in range(1, LOOKUP_PAGES + 1):
                    # Newest first, by name only: a created_at filter would be on the server's clock, which may
                    # be minutes off ours.
                    listing = await self._tasks.list(
                        index_id=self._index_id,
                        filename=filename,
                        sort_by="created_at",
                        sort_option="desc",
                        page=page,
                        page_limit=50,
                        request_options=self._options,
                    ).first_page()
                    earliest = self._server_time(since)
                    reached_older = False
                    for task in listing.data:
                        created = _created_at(task)
                        if created is not None and created < earliest:
                            reached_older = True
                            continue
                        if task.id in self._claimed:
                            continue
                        meta_name = task.system_metadata.filename if task.system_metadata else None
                        if meta_name is not None and meta_name != filename:
                            continue
                        matches.append(task)
                    total = listing.page_info.total_page if listing.page_info else None
                    if reached_older or total is None or page >= total:
                        break
            except Exception as exc:
                if not is_transient(exc) or attempt == self._max_attempts:
                    raise UploadUnconfirmedError(
                        f"the answer to the upload of {filename} was lost and looking for its task failed: {exc}"
                    ) from exc
                await anyio.sleep(backoff.next())
                continue
            if not matches:
                return None
            if len(matches) > 1:
                logger.warning("%d unclaimed tasks for %s since the attempt began; adopting the first",
                               len(matches), filename)
            return min(matches, key=lambda t: _created_at(t) or 0.0)
        return None  # pragma: no cover - the loop returns or raises

    def _server_time(self, local: float) -> float:
        """The earliest server time that ``local`` (our clock) may correspond to. Through the server's ``Date``
        header the two clocks are compared to within a second, so a server minutes behind or ahead still finds
        the task; without one, our clock with a generous margin."""
        offset = self._tasks._client._transport.server_clock_offset()
        if offset is None:
            return math.floor(local - CLOCK_SKEW)
        return math.floor(local + offset - DATE_MARGIN)

    # --- waiting --------------------------------------------------------------------------------------------

    async def _await_task(self, item: _File, task_id: str, video_id: str | None, status: str | None,
                          *, resumed: bool) -> None:
        if not self._wait:
            await self._finish(item, UploadOutcome(item.path, task_id, video_id, status, resumed=resumed))
            return
        item.entry = Entry(item.key or FileKey(str(item.path), 0, 0), self._index_id, status or CREATED, task_id,
                           video_id, None, None)
        if resumed:
            self._resumed_ids.add(task_id)
        self._waiting[task_id] = item
        self._watch.add(task_id, self._index_id)
        self._poll_backoff.reset()  # a new task: look at it soon rather than after the longest interval
        if self._deadline is not None and anyio.current_time() >= self._deadline:
            self._wake_poller()  # past the deadline the poller only waits to be woken: this task times out now
        await item.done.wait()

    def _wake_poller(self) -> None:
        self._wake.set()

    async def _poll_loop(self) -> None:
        while self._unfinished > 0:
            if self._watch.pending:
                try:
                    changed, finished = await self._watch.poll()
                except Exception as exc:
                    if not is_transient(exc):
                        for item in list(self._waiting.values()):
                            await self._finish_waiting(item, error=exc)
                        continue
                    logger.info("polling the uploaded tasks failed (%s); trying again", type(exc).__name__)
                    changed, finished = [], []
                for task in changed:
                    watched = self._waiting.get(task.id)
                    if watched is None:
                        continue
                    if self._journal is not None and watched.key is not None and task.status:
                        try:
                            await self._journal.status(watched.key, self._index_id, task.status)
                        except Exception as exc:  # a status line lost from the journal costs a re-poll, not the run
                            logger.warning("could not record %s in the journal: %s", watched.path.name, exc)
                    await self._emit(UploadEvent(watched.path, "status", task_id=task.id, status=task.status))
                for task_id, gone in list(self._watch.lost.items()):
                    lost = self._waiting.get(task_id)
                    del self._watch.lost[task_id]
                    if lost is not None:  # deleted while we waited: this file's outcome, not the others'
                        await self._finish_waiting(lost, error=gone)
                for task in finished:
                    ended = self._waiting.pop(task.id, None)
                    if ended is not None:
                        error = TaskFailedError(task) if task.status == "failed" else None
                        video_id = task.video_id or (ended.entry.video_id if ended.entry else None)
                        await self._finish(ended, UploadOutcome(ended.path, task.id, video_id, task.status, error,
                                                                resumed=task.id in self._resumed_ids))
            if self._deadline is not None and anyio.current_time() >= self._deadline:
                # Waiting is over; uploads still running finish on their own and their tasks time out at once.
                for item in list(self._waiting.values()):
                    last = self._watch.last.get(item.entry.task_id) if item.entry and item.entry.task_id else None
                    await self._finish_waiting(item, error=WaitTimeoutError(
                        f"{item.path.name}: not indexed within {self._timeout:g} s", task=last,
                        pending=[last] if last else []))
            if self._unfinished == 0:
                return
            if self._deadline is not None and anyio.current_time() >= self._deadline:
                # Nothing left to poll for: only uploads still in flight remain, and each wakes us as it ends.
                await self._wake.wait()
            else:
                delay = self._poll_backoff.next()
                if self._deadline is not None:
                    delay = min(delay, self._deadline - anyio.current_time())
                with anyio.move_on_after(delay):
                    await self._wake.wait()
            self._wake = anyio.Event()

    async def _finish_waiting(self, item: _File, *, error: BaseException) -> None:
        entry = item.entry
        task_id = entry.task_id if entry else None
        if task_id is not None:
            self._waiting.pop(task_id, None)
            self._watch.discard(task_id)
        last = self._watch.last.get(task_id) if task_id else None
        await self._finish(item, UploadOutcome(
            item.path, task_id, entry.video_id if entry else None,
            last.status if last else (entry.status if entry else None), error,
            resumed=task_id in self._resumed_ids))
