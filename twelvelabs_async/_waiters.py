"""Waiting for tasks: one task with backoff and a deadline, or many through the list endpoint.

One task (``wait_for_done``) is polled with its own ``GET``: the first delay is ``sleep_interval``, each next one
1.5 times longer up to ``max_interval``, each drawn with 20% jitter below the step so that many waiters do not
poll in step. Transient failures (connection errors, timeouts, 408, 429, 5xx) that outlive the transport's own
retries cost a round, never the wait; anything else is raised. ``failed`` raises ``TaskFailedError`` and the
deadline ``WaitTimeoutError``, both carrying the last task seen.

Many indexing tasks (``wait_many``, and bulk upload's waiting) are polled per index through ``GET /tasks``: one
round lists the index's tasks in a non-terminal status (50 a page, stopping once all of ours are seen), and the
tasks of ours missing from that list have just finished: the newest ``ready``/``failed`` tasks of the index
(sorted by ``updated_at``) give their final state, and a plain ``GET /tasks/{id}`` is the fallback for any still
unaccounted for. N tasks thus cost about N/50 requests a round instead of N.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import math
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from twelvelabs_async._config import RequestOptions
from twelvelabs_async._errors import ArgumentError, NotFoundError, TaskFailedError, WaitTimeoutError
from twelvelabs_async._retry import is_transient
from twelvelabs_async.models import TASK_STATUSES, TERMINAL_TASK_STATUSES, Task

if TYPE_CHECKING:
    from twelvelabs_async.resources.generated.tasks import AsyncTasksResource

logger = logging.getLogger("twelvelabs_async")

PAGE_LIMIT = 50  # the API's maximum page size
ACTIVE_TASK_STATUSES: tuple[str, ...] = tuple(s for s in TASK_STATUSES if s not in TERMINAL_TASK_STATUSES)
BACKOFF_FACTOR = 1.5
JITTER = 0.2

class _HasStatus(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def status(self) -> str | None: ...


S = TypeVar("S", bound=_HasStatus)

StatusCallback = Callable[[Any], "Awaitable[None] | None"]
"""Called with the task (sync or async) whenever its status changes, the first sighting included."""


class Backoff:
    """Delays growing from ``first`` by 1.5x up to ``cap``, each with up to 20% jitter below the step."""

    def __init__(self, first: float, cap: float, rng: random.Random | None = None) -> None:
        if not first > 0 or not math.isfinite(first):
            raise ArgumentError("sleep_interval", f"must be a positive number, got {first!r}")
        if not cap >= first or not math.isfinite(cap):
            raise ArgumentError("max_interval", f"must be a number >= sleep_interval, got {cap!r}")
        self.first = first
        self.cap = cap
        self._step = first
        self._rng = rng or random.Random()

    def reset(self) -> None:
        """Start again from the first delay."""
        self._step = self.first

    def next(self) -> float:
        """The next delay in seconds."""
        step = self._step
        self._step = min(self.cap, step * BACKOFF_FACTOR)
        return step * (1.0 - JITTER * self._rng.random())


def check_timeout(timeout: float | None) -> None:
    """Refuse a negative or non-finite timeout before any request."""
    if timeout is not None and (not math.isfinite(timeout) or timeout < 0):
        raise ArgumentError("timeout", f"must be None or a number >= 0, got {timeout!r}")


async def notify(callback: StatusCallback | None, task: Any) -> None:
    """Run a sync or async status callback."""
    if callback is None:
        return
    result = callback(task)
    if inspect.isawaitable(result):
        await result


async def wait_for_status(
    fetch: Callable[[], Awaitable[S]],
    task_id: str,
    *,
    sleep_interval: float,
    max_interval: float,
    timeout: float | None,
    callback: StatusCallback | None,
    terminal: frozenset[str] = TERMINAL_TASK_STATUSES,
    rng: random.Random | None = None,
) -> S:
    """Poll ``fetch`` until the task's status is terminal; see the module docstring for the rules."""
    backoff = Backoff(sleep_interval, max_interval, rng)
    check_timeout(timeout)
    loop = asyncio.get_running_loop()
    deadline = None if timeout is None else loop.time() + timeout
    last: S | None = None
    while True:
        try:
            task = await fetch()
        except Exception as exc:
            if not is_transient(exc):
                raise
            logger.info("polling task %s failed (%s); trying again", task_id, type(exc).__name__)
        else:
            if last is None or task.status != last.status:
                await notify(callback, task)
            last = task
            if task.status in terminal:
                if task.status == "failed":
                    raise TaskFailedError(task)
                return task
        delay = backoff.next()
        if deadline is not None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                status = last.status if last is not None else "unknown"
                raise WaitTimeoutError(
                    f"task {task_id} not done after {timeout:g} s (status {status})", task=last,
                    pending=[last] if last is not None else [],
                )
            delay = min(delay, remaining)
        await asyncio.sleep(delay)


# --- many indexing tasks ------------------------------------------------------------------------------------


class TaskWatch:
    """The current state of a changing set of indexing tasks, refreshed a round at a time by ``poll``.

    Tasks whose index is unknown are retrieved once (which also tells whether they are already done); after that
    they are polled through their index's task list.
    """

    def __init__(self, tasks: AsyncTasksResource, *, request_options: RequestOptions | None = None) -> None:
        self._tasks = tasks
        self._options = request_options
        self._index_of: dict[str, str | None] = {}
        self.last: dict[str, Task] = {}
        # Tasks that vanished (deleted) while watched, with the 404 that said so; no longer polled.
        self.lost: dict[str, NotFoundError] = {}
        self.requests = 0  # made by poll(), for tests and benchmarks

    def add(self, task_id: str, index_id: str | None = None, task: Task | None = None) -> None:
        """Watch ``task_id`` (in ``index_id`` if known) until it is done."""
        self._index_of[task_id] = index_id if index_id is not None else (task.index_id if task else None)
        if task is not None:
            self.last[task_id] = task

    def discard(self, task_id: str) -> None:
        """Stop watching ``task_id``."""
        self._index_of.pop(task_id, None)

    @property
    def pending(self) -> list[str]:
        """Ids still being watched."""
        return list(self._index_of)

    async def poll(self) -> tuple[list[Task], list[Task]]:
        """One round: returns (tasks whose status changed, tasks that finished); finished ones are dropped."""
        found: dict[str, Task] = {}
        unknown = [tid for tid, index in self._index_of.items() if index is None]
        if unknown:
            for task in await self._retrieve_all(unknown):
                found[task.id] = task
                if task.index_id:
                    self._index_of[task.id] = task.index_id
        by_index: dict[str, set[str]] = {}
        for tid, index in self._index_of.items():
            if index is not None and tid not in found:
                by_index.setdefault(index, set()).add(tid)
        for index_id, ids in by_index.items():
            found.update(await self._poll_index(index_id, ids))
        changed: list[Task] = []
        finished: list[Task] = []
        for tid, task in found.items():
            before = self.last.get(tid)
            if before is None or before.status != task.status:
                changed.append(task)
            self.last[tid] = task
            if task.status in TERMINAL_TASK_STATUSES:
                finished.append(task)
                self._index_of.pop(tid, None)
        return changed, finished

    async def _retrieve(self, task_id: str) -> Task:
        self.requests += 1
        return await self._tasks.retrieve(task_id, request_options=self._options)

    async def _retrieve_all(self, ids: list[str]) -> list[Task]:
        # A bounded fan-out: learning the index of many ids should not open a connection per id.
        limit = asyncio.Semaphore(8)

        async def one(tid: str) -> Task:
            async with limit:
                return await self._retrieve(tid)

        fetches = [asyncio.ensure_future(one(tid)) for tid in ids]
        try:
            return list(await asyncio.gather(*fetches))
        except BaseException:
            # gather leaves the other fetches running when one fails: stop them before they outlive the waiter.
            for fetch in fetches:
                fetch.cancel()
            await asyncio.gather(*fetches, return_exceptions=True)
            raise

    async def _list(self, index_id: str, statuses: Sequence[str], page: int, *, by_update: bool) -> Any:
        self.requests += 1
        return await self._tasks.list(
            index_id=index_id,
            status=list(statuses),
            page=page,
            page_limit=PAGE_LIMIT,
            sort_by="updated_at" if by_update else None,
            sort_option="desc" if by_update else None,
            request_options=self._options,
        )

    async def _poll_index(self, index_id: str, ids: set[str]) -> dict[str, Task]:
        found: dict[str, Task] = {}
        page = 1
        while True:
            listing = await self._list(index_id, ACTIVE_TASK_STATUSES, page, by_update=False)
            for task in listing.data:
                if task.id in ids:
                    found[task.id] = task
            total = listing.page_info.total_page if listing.page_info else None
            if len(found) == len(ids) or not listing.data or total is None or page >= total:
                break
            page += 1
        missing = ids - found.keys()
        if missing:
            # They left the active statuses since the last round: the newest finished tasks hold them. Any of ours
            # may have finished between the two listings and sort above them (others of the index too, hence
            # a page of slack) before we fall back to one request per task.
            pages = math.ceil(len(ids) / PAGE_LIMIT) + 1
            for page in range(1, pages + 1):
                listing = await self._list(index_id, tuple(TERMINAL_TASK_STATUSES), page, by_update=True)
                for task in listing.data:
                    if task.id in missing:
                        found[task.id] = task
                        missing.discard(task.id)
                total = listing.page_info.total_page if listing.page_info else None
                if not missing or not listing.data or total is None or page >= total:
                    break
            for tid in sorted(missing):  # a task deleted, or one that moved between our two listings
                try:
                    found[tid] = await self._retrieve(tid)
                except NotFoundError as exc:
                    # Deleted while watched: that task's answer, not a reason to stop watching the others.
                    self.lost[tid] = exc
                    self._index_of.pop(tid, None)
        return found


class TaskWaiter:
    """What ``tasks.wait_many`` returns: ``await`` it for every final task (in the order of the ids given), or
    ``async for`` over it to get each task as it finishes. Failed tasks are returned like ready ones; the
    deadline raises ``WaitTimeoutError`` with the unfinished tasks in ``pending``."""

    def __init__(
        self,
        tasks: AsyncTasksResource,
        task_ids: Iterable[str],
        *,
        index_id: str | None,
        sleep_interval: float,
        max_interval: float,
        timeout: float | None,
        callback: StatusCallback | None,
        request_options: RequestOptions | None,
    ) -> None:
        if isinstance(task_ids, str):
            raise ArgumentError("task_ids", "expected a collection of task ids, not a single str")
        self._ids = list(dict.fromkeys(task_ids))
        for tid in self._ids:
            if not isinstance(tid, str) or not tid:
                raise ArgumentError("task_ids", f"task ids must be non-empty str, got {tid!r}")
        check_timeout(timeout)
        self._backoff = Backoff(sleep_interval, max_interval)
        self._timeout = timeout
        self._callback = callback
        self.watch = TaskWatch(tasks, request_options=request_options)
        for tid in self._ids:
            self.watch.add(tid, index_id)
        self._used = False

    @property
    def requests(self) -> int:
        """Requests made so far."""
        return self.watch.requests

    def __await__(self) -> Generator[Any, None, list[Task]]:
        return self._collect().__await__()

    def __aiter__(self) -> AsyncIterator[Task]:
        return self._iterate()

    async def _collect(self) -> list[Task]:
        done: dict[str, Task] = {}
        async for task in self._iterate():
            done[task.id] = task
        return [done[tid] for tid in self._ids]

    async def _iterate(self) -> AsyncIterator[Task]:
        if self._used:
            raise RuntimeError("a TaskWaiter can be awaited or iterated once")
        self._used = True
        loop = asyncio.get_running_loop()
        deadline = None if self._timeout is None else loop.time() + self._timeout
        while self.watch.pending:
            try:
                changed, finished = await self.watch.poll()
            except Exception as exc:
                if not is_transient(exc):
                    raise
                logger.info("polling %d tasks failed (%s); trying again", len(self.watch.pending), exc)
                changed, finished = [], []
            for task in changed:
                await notify(self._callback, task)
            for task in finished:
                yield task
            if self.watch.lost:  # a task asked for no longer exists: say so rather than wait forever
                raise next(iter(self.watch.lost.values()))
            if not self.watch.pending:
                return
            delay = self._backoff.next()
            if deadline is not None:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    pending = [self.watch.last[t] for t in self.watch.pending if t in self.watch.last]
                    raise WaitTimeoutError(
                        f"{len(self.watch.pending)} task(s) not done after {self._timeout:g} s",
                        task=pending[0] if pending else None,
                        pending=pending,
                    )
                delay = min(delay, remaining)
            await asyncio.sleep(delay)
