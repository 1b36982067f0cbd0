"""THE polling engine: waiting for anything with a status, one or many, with backoff and a deadline.

Every resource that finishes later (indexing tasks, embedding tasks, and whatever else the API makes
asynchronous) is waited for here; a resource differs only in its ``StatusSource``: how to retrieve one, how to
list many by status, which statuses are final and which of those are failures.

One item (``wait_for_status``) is polled with its own ``GET``: the first delay is ``sleep_interval``, each next
one 1.5 times longer up to ``max_interval``, each drawn with 20% jitter below the step so that many waiters do not
poll in step. Transient failures (connection errors, timeouts, 408, 429, 5xx: ``_retry.is_transient``) that
outlive the transport's own retries cost a round, never the wait; anything else is raised. A failure status is
returned like any final one, or raises ``TaskFailedError`` when asked to (``raise_on_failure``); the deadline
raises ``WaitTimeoutError``; both errors carry the last state seen.

Many items (``StatusWaiter``, and bulk upload's waiting through ``StatusWatch``) are polled per scope (an
index, or the whole account) through the source's list: one round lists the scope's items in a non-final status
(50 a page, stopping once all of ours are seen), and the items of ours missing from that list have just finished:
the newest final items of the scope (sorted by ``updated_at``) give their final state, and a plain retrieve is
the fallback for any still unaccounted for. N items thus cost about N/50 requests a round instead of N.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import math
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

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
# The scope of sources whose list is account-wide (no index to group by).
ACCOUNT = ""


class _HasStatus(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def status(self) -> str | None: ...


S = TypeVar("S", bound=_HasStatus)


class StatusSource(Protocol[S]):
    """How the engine reads one kind of resource with a status.

    ``list`` returns a page (``.data`` and ``.page_info.total_page``) of the scope's items in ``statuses``,
    newest update first when asked; ``list_ids`` returns the items of up to ``PAGE_LIMIT`` given ids in one
    request (for resources whose list filters by id rather than by status); a source that can do neither sets
    both flags False and is polled item by item. ``scope_of`` names an item's scope (its index), or ``ACCOUNT``
    for account-wide lists.
    """

    kind: str
    active: tuple[str, ...]
    terminal: frozenset[str]
    can_list: bool
    can_list_ids: bool

    async def retrieve(self, item_id: str) -> S: ...

    async def list(self, scope: str, statuses: Sequence[str], page: int, *, newest_first: bool) -> Any: ...

    async def list_ids(self, ids: Sequence[str]) -> Sequence[S]: ...

    def scope_of(self, item: S) -> str | None: ...

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
    failed: frozenset[str] = frozenset({"failed"}),
    raise_on_failure: bool = True,
    kind: str = "task",
    rng: random.Random | None = None,
) -> S:
    """Poll ``fetch`` until the item's status is final; see the module docstring for the rules.

    A final status in ``failed`` raises ``TaskFailedError`` when ``raise_on_failure``, else the item is returned
    like any other final one (the public ``wait_for_done`` helpers default to returning it, as the official SDK's
    ``wait_for_done`` does).
    """
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
            logger.info("polling %s %s failed (%s); trying again", kind, task_id, type(exc).__name__)
        else:
            if last is None or task.status != last.status:
                await notify(callback, task)
            last = task
            if task.status in terminal:
                if raise_on_failure and task.status in failed:
                    raise TaskFailedError(task)
                return task
        delay = backoff.next()
        if deadline is not None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                status = last.status if last is not None else "unknown"
                raise WaitTimeoutError(
                    f"{kind} {task_id} not done after {timeout:g} s (status {status})", task=last,
                    pending=[last] if last is not None else [],
                )
            delay = min(delay, remaining)
        await asyncio.sleep(delay)


# --- many items ------------------------------------------------------------------------------------------------


class TasksSource:
    """Video indexing tasks, listed per index through ``GET /tasks``."""

    kind = "task"
    active = ACTIVE_TASK_STATUSES
    terminal = TERMINAL_TASK_STATUSES
    can_list = True
    can_list_ids = False

    def __init__(self, tasks: AsyncTasksResource, request_options: RequestOptions | None) -> None:
        self._tasks = tasks
        self._options = request_options

    async def retrieve(self, item_id: str) -> Task:
        return await self._tasks.retrieve(item_id, request_options=self._options)

    async def list(self, scope: str, statuses: Sequence[str], page: int, *, newest_first: bool) -> Any:
        return await self._tasks.list(
            index_id=scope or None,  # ACCOUNT: every task of the account
            status=list(statuses),
            page=page,
            page_limit=PAGE_LIMIT,
            sort_by="updated_at" if newest_first else None,
            sort_option="desc" if newest_first else None,
            request_options=self._options,
        ).first_page()

    async def list_ids(self, ids: Sequence[str]) -> Sequence[Task]:
        raise NotImplementedError  # pragma: no cover - can_list_ids is False

    def scope_of(self, item: Task) -> str | None:
        return item.index_id


class StatusWatch(Generic[S]):
    """The current state of a changing set of items, refreshed a round at a time by ``poll``.

    Items whose scope is unknown are retrieved once (which also tells whether they are already done); after that
    they are polled through their scope's list (or one by one, for a source that cannot list).
    """

    def __init__(self, source: StatusSource[S]) -> None:
        self._source = source
        self._scope_of: dict[str, str | None] = {}
        self.last: dict[str, S] = {}
        # Items that vanished (deleted) while watched, with the 404 that said so; no longer polled.
        self.lost: dict[str, NotFoundError] = {}
        self.requests = 0  # made by poll(), for tests and benchmarks

    @property
    def kind(self) -> str:
        return self._source.kind

    def add(self, item_id: str, scope: str | None = None, item: S | None = None) -> None:
        """Watch ``item_id`` (in ``scope`` if known) until it is done."""
        if scope is None and item is not None:
            scope = self._source.scope_of(item)
        self._scope_of[item_id] = scope
        if item is not None:
            self.last[item_id] = item

    def discard(self, item_id: str) -> None:
        """Stop watching ``item_id``."""
        self._scope_of.pop(item_id, None)

    @property
    def pending(self) -> list[str]:
        """Ids still being watched."""
        return list(self._scope_of)

    async def poll(self) -> tuple[list[S], list[S]]:
        """One round: returns (items whose status changed, items that finished); finished ones are dropped."""
        found: dict[str, S] = {}
        # The ids of this round, taken now: ids added while its requests are out wait for the next round, rather
        # than being fetched one by one as if no list could find them.
        round_ids = dict(self._scope_of)
        if self._source.can_list_ids:
            found.update(await self._poll_ids(list(round_ids)))
        unknown = [
            iid
            for iid, scope in round_ids.items()
            if iid not in found and (scope is None or not self._source.can_list)
        ]
        if unknown:
            for item in await self._retrieve_all(unknown):
                found[item.id] = item
                scope = self._source.scope_of(item)
                if scope is not None and item.id in self._scope_of:
                    self._scope_of[item.id] = scope
        by_scope: dict[str, set[str]] = {}
        for iid in round_ids:
            scope = self._scope_of.get(iid)  # a retrieve above may have learned it
            if scope is not None and iid not in found and self._source.can_list:
                by_scope.setdefault(scope, set()).add(iid)
        for scope, ids in by_scope.items():
            found.update(await self._poll_scope(scope, ids))
        changed: list[S] = []
        finished: list[S] = []
        for iid, item in found.items():
            before = self.last.get(iid)
            if before is None or before.status != item.status:
                changed.append(item)
            self.last[iid] = item
            if item.status in self._source.terminal:
                finished.append(item)
                self._scope_of.pop(iid, None)
        return changed, finished

    async def _retrieve(self, item_id: str) -> S:
        self.requests += 1
        return await self._source.retrieve(item_id)

    async def _retrieve_all(self, ids: list[str]) -> list[S]:
        # A bounded fan-out: learning the scope of many ids should not open a connection per id.
        limit = asyncio.Semaphore(8)

        async def one(iid: str) -> S | None:
            async with limit:
                try:
                    return await self._retrieve(iid)
                except NotFoundError as exc:
                    self.lost[iid] = exc
                    self._scope_of.pop(iid, None)
                    return None

        fetches = [asyncio.ensure_future(one(iid)) for iid in ids]
        try:
            return [item for item in await asyncio.gather(*fetches) if item is not None]
        except BaseException:
            # gather leaves the other fetches running when one fails: stop them before they outlive the waiter.
            for fetch in fetches:
                fetch.cancel()
            await asyncio.gather(*fetches, return_exceptions=True)
            raise

    async def _poll_ids(self, ids: list[str]) -> dict[str, S]:
        """Items read by id, ``PAGE_LIMIT`` a request; an id the list leaves out is retrieved (or found gone)."""
        found: dict[str, S] = {}
        for start in range(0, len(ids), PAGE_LIMIT):
            batch = ids[start : start + PAGE_LIMIT]
            self.requests += 1
            for item in await self._source.list_ids(batch):
                if item.id in self._scope_of:
                    found[item.id] = item
        return found

    async def _list(self, scope: str, statuses: Sequence[str], page: int, *, newest_first: bool) -> Any:
        self.requests += 1
        return await self._source.list(scope, statuses, page, newest_first=newest_first)

    async def _poll_scope(self, scope: str, ids: set[str]) -> dict[str, S]:
        found: dict[str, S] = {}
        page = 1
        while True:
            listing = await self._list(scope, self._source.active, page, newest_first=False)
            for item in listing.data:
                if item.id in ids:
                    found[item.id] = item
            total = listing.page_info.total_page if listing.page_info else None
            if len(found) == len(ids) or not listing.data or total is None or page >= total:
                break
            page += 1
        missing = ids - found.keys()
        if missing:
            # They left the active statuses since the last round: the newest finished items hold them. Any of ours
            # may have finished between the two listings and sort above them (others of the scope too, hence
            # a page of slack) before we fall back to one request per item.
            pages = math.ceil(len(ids) / PAGE_LIMIT) + 1
            terminal = sorted(self._source.terminal)
            for page in range(1, pages + 1):
                listing = await self._list(scope, terminal, page, newest_first=True)
                for item in listing.data:
                    if item.id in missing:
                        found[item.id] = item
                        missing.discard(item.id)
                total = listing.page_info.total_page if listing.page_info else None
                if not missing or not listing.data or total is None or page >= total:
                    break
            for iid in sorted(missing):  # an item deleted, or one that moved between our two listings
                try:
                    found[iid] = await self._retrieve(iid)
                except NotFoundError as exc:
                    # Deleted while watched: that item's answer, not a reason to stop watching the others.
                    self.lost[iid] = exc
                    self._scope_of.pop(iid, None)
        return found


class TaskWatch(StatusWatch[Task]):
    """A ``StatusWatch`` of video indexing tasks (what bulk upload waits with)."""

    def __init__(self, tasks: AsyncTasksResource, *, request_options: RequestOptions | None = None) -> None:
        super().__init__(TasksSource(tasks, request_options))


class StatusWaiter(Generic[S]):
    """Waiting for many items: ``await`` it for every final item (in the order of the ids given), or
    ``async for`` over it to get each item as it finishes. Failed items are returned like ready ones; the
    deadline raises ``WaitTimeoutError`` with the unfinished items in ``pending``. Usable once."""

    def __init__(
        self,
        source: StatusSource[S],
        item_ids: Iterable[str],
        *,
        scope: str | None,
        sleep_interval: float,
        max_interval: float,
        timeout: float | None,
        callback: StatusCallback | None,
        ids_name: str = "task_ids",
    ) -> None:
        if isinstance(item_ids, str):
            raise ArgumentError(ids_name, "expected a collection of ids, not a single str")
        self._ids = list(dict.fromkeys(item_ids))
        for iid in self._ids:
            if not isinstance(iid, str) or not iid:
                raise ArgumentError(ids_name, f"ids must be non-empty str, got {iid!r}")
        check_timeout(timeout)
        self._backoff = Backoff(sleep_interval, max_interval)
        self._timeout = timeout
        self._callback = callback
        self.watch = StatusWatch(source)
        for iid in self._ids:
            self.watch.add(iid, scope)
        self._used = False

    @property
    def requests(self) -> int:
        """Requests made so far."""
        return self.watch.requests

    def __await__(self) -> Generator[Any, None, list[S]]:
        return self._collect().__await__()

    def __aiter__(self) -> AsyncIterator[S]:
        return self._iterate()

    async def _collect(self) -> list[S]:
        done: dict[str, S] = {}
        async for item in self._iterate():
            done[item.id] = item
        return [done[iid] for iid in self._ids]

    async def _iterate(self) -> AsyncIterator[S]:
        if self._used:
            raise RuntimeError("a waiter can be awaited or iterated once")
        self._used = True
        loop = asyncio.get_running_loop()
        deadline = None if self._timeout is None else loop.time() + self._timeout
        kind = self.watch.kind
        while self.watch.pending:
            try:
                changed, finished = await self.watch.poll()
            except Exception as exc:
                if not is_transient(exc):
                    raise
                logger.info("polling %d %s(s) failed (%s); trying again", len(self.watch.pending), kind, exc)
                changed, finished = [], []
            for item in changed:
                await notify(self._callback, item)
            for item in finished:
                yield item
            if self.watch.lost:  # an item asked for no longer exists: say so rather than wait forever
                raise next(iter(self.watch.lost.values()))
            if not self.watch.pending:
                return
            delay = self._backoff.next()
            if deadline is not None:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    pending = [self.watch.last[i] for i in self.watch.pending if i in self.watch.last]
                    raise WaitTimeoutError(
                        f"{len(self.watch.pending)} {kind}(s) not done after {self._timeout:g} s",
                        task=pending[0] if pending else None,
                        pending=pending,
                    )
                delay = min(delay, remaining)
            await asyncio.sleep(delay)


class TaskWaiter(StatusWaiter[Task]):
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
        super().__init__(
            TasksSource(tasks, request_options),
            task_ids,
            # Without an index the account-wide task list serves: still about N/50 requests a round, where
            # retrieving each task first to learn its index would cost N more.
            scope=index_id or ACCOUNT,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
        )
