"""Waiting for analyze tasks, batches and embedding tasks (v2), on the one polling engine (``_waiters``).

Each resource plugs in what is particular to it and nothing else:

* analyze tasks: ``AnalyzeTasksSource`` lists the account's tasks by status. The API filters by one status a
  request: the active statuses are read one after the other in lifecycle order (so a task that moves on while
  they are read is met in the next one), the final ones a page of each at a time; a round over N tasks still
  costs about N/50 requests (plus one per status), not N.
* batches: ``AnalyzeBatchesSource`` lists the account's active batches (at most 5 exist, one request a round);
  ``wait_for_batch`` reports item counts as they move (the engine's callback only fires on a status change)
  and ends in a ``BatchOutcome`` that never calls ``completed`` a success by itself: it counts what failed.

Backoff, deadline, transient errors and callbacks are the engine's (see ``_waiters``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from twelvelabs_async._config import RequestOptions
from twelvelabs_async._waiters import (
    ACCOUNT,
    PAGE_LIMIT,
    StatusCallback,
    StatusWaiter,
    notify,
    wait_for_status,
)
from twelvelabs_async.models import (
    TERMINAL_ANALYZE_TASK_STATUSES,
    TERMINAL_BATCH_STATUSES,
    AnalyzeBatch,
    AnalyzeTask,
    PageInfo,
)

if TYPE_CHECKING:
    from twelvelabs_async.resources.generated.analyze_async import (
        AsyncAnalyzeAsyncBatchesResource,
        AsyncAnalyzeAsyncTasksResource,
    )

ACTIVE_ANALYZE_TASK_STATUSES: tuple[str, ...] = ("queued", "pending", "processing")
# Waiting for an analyze task ends in these; a task that cannot become ready is returned, or raises
# TaskFailedError with raise_on_failure=True.
UNSUCCESSFUL_ANALYZE_TASK_STATUSES = frozenset({"failed", "canceled"})
ACTIVE_BATCH_STATUSES: tuple[str, ...] = ("pending", "processing", "canceling")


@attrs.frozen
class _Listing:
    """A page assembled from several single-status pages: what ``StatusWatch`` reads (``data``, ``page_info``)."""

    data: list[AnalyzeTask]
    page_info: PageInfo


class AnalyzeTasksSource:
    """Analyze tasks, listed account-wide through ``GET /analyze/tasks?status=`` (one status a request).

    The engine asks for page 1, 2, ... of several statuses at once; the API lists one status a request, newest
    created first. How the pages of several statuses are read matters, because tasks move between statuses while
    they are read:

    - The active statuses (``queued``, ``pending``, ``processing``) are read one after the other, in lifecycle
      order, each to its last page: the engine's page N is the Nth request of that sequence. A task that moves on
      while they are read joins the top of a later status, which is read after it (or leaves the end of one not
      yet finished, which only shortens it), so every task is met at least once. Reading page N of every status
      in turn instead would miss the tasks that move to a status whose first pages were already read, and they
      would cost one request each.
    - The final statuses never change: page N of each of them is read in turn (statuses whose pages are exhausted
      are skipped), so a few pages of each find the tasks that just finished.
    """

    kind = "analyze task"
    active = ACTIVE_ANALYZE_TASK_STATUSES
    terminal = TERMINAL_ANALYZE_TASK_STATUSES
    can_list = True
    can_list_ids = False  # the list filters by status, not by id

    def __init__(self, tasks: AsyncAnalyzeAsyncTasksResource, request_options: RequestOptions | None) -> None:
        self._tasks = tasks
        self._options = request_options
        # Pages per status learned from page 1 of the current listing, so that later pages skip the statuses
        # whose pages are exhausted (a request for an empty page would cost a request and find nothing).
        self._totals: dict[tuple[str, ...], dict[str, int]] = {}
        # For a listing read one status after the other: where the next page comes from (status index, page).
        self._cursor: dict[tuple[str, ...], tuple[int, int]] = {}
        self.requests = 0  # calls made (the transport's retries of one not counted), for tests and benchmarks

    async def retrieve(self, item_id: str) -> AnalyzeTask:
        self.requests += 1
        return await self._tasks.retrieve(item_id, request_options=self._options)

    async def _page(self, status: str, page: int) -> tuple[list[AnalyzeTask], int]:
        """One page of one status, and how many pages that status has (a page without page_info is the last)."""
        self.requests += 1
        listing = await self._tasks.list(
            status=status, page=page, page_limit=PAGE_LIMIT, request_options=self._options
        ).first_page()
        info = listing.page_info
        total = info.total_page if info is not None and info.total_page is not None else None
        return list(listing.data), total if total is not None else page

    async def list(self, scope: str, statuses: Sequence[str], page: int, *, newest_first: bool) -> Any:
        # The API lists newest-created first and takes no sort: ``newest_first`` cannot be honoured, and need not
        # be (the engine falls back to one retrieve per task it does not find).
        if any(status in self.terminal for status in statuses):
            return await self._list_across(tuple(statuses), page)
        return await self._list_in_turn(tuple(statuses), page)

    async def _list_in_turn(self, statuses: tuple[str, ...], page: int) -> _Listing:
        """The engine's page ``page`` of statuses read one after the other: the next non-empty page of the
        sequence (an empty status costs its one request and is passed over)."""
        index, status_page = (0, 1) if page == 1 else self._cursor.get(statuses, (len(statuses), 1))
        data: list[AnalyzeTask] = []
        while index < len(statuses) and not data:
            data, total = await self._page(statuses[index], status_page)
            if not data or status_page >= total:
                index, status_page = index + 1, 1
            else:
                status_page += 1
        self._cursor[statuses] = (index, status_page)
        more = index < len(statuses)
        # Another page while statuses remain; an empty page ends the engine's listing, as it should here.
        return _Listing(data=data, page_info=PageInfo(page=page, total_page=page + 1 if more else page))

    async def _list_across(self, statuses: tuple[str, ...], page: int) -> _Listing:
        """Page ``page`` of every status whose pages are not exhausted, as one page."""
        if page == 1:
            self._totals[statuses] = {}
        totals = self._totals.setdefault(statuses, {})
        data: list[AnalyzeTask] = []
        for status in statuses:
            known = totals.get(status)
            if known is not None and page > known:
                continue
            found, totals[status] = await self._page(status, page)
            data.extend(found)
        total_pages = max(totals.values(), default=page)
        return _Listing(data=data, page_info=PageInfo(page=page, total_page=total_pages))

    async def list_ids(self, ids: Sequence[str]) -> Sequence[AnalyzeTask]:
        raise NotImplementedError  # pragma: no cover - can_list_ids is False

    def scope_of(self, item: AnalyzeTask) -> str | None:
        return ACCOUNT


class AnalyzeTaskWaiter(StatusWaiter[AnalyzeTask]):
    """What ``analyze_async.tasks.wait_many`` returns: ``await`` it for every final task (in the order of the
    ids given), or ``async for`` over it to get each task as it finishes. Failed and canceled tasks are returned
    like ready ones (check ``task.status``); the deadline raises ``WaitTimeoutError`` with the unfinished tasks
    in ``pending``. Usable once."""

    def __init__(
        self,
        tasks: AsyncAnalyzeAsyncTasksResource,
        task_ids: Iterable[str],
        *,
        sleep_interval: float,
        max_interval: float,
        timeout: float | None,
        callback: StatusCallback | None,
        request_options: RequestOptions | None,
    ) -> None:
        self._source = AnalyzeTasksSource(tasks, request_options)
        super().__init__(
            self._source,
            task_ids,
            scope=ACCOUNT,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
        )

    @property
    def requests(self) -> int:
        """Calls made so far (a listing of several statuses is one call per status). The transport's own retries
        of a call (``max_retries``) are not counted: the server may have seen more."""
        return self._source.requests


class AnalyzeBatchesSource:
    """Batches, listed account-wide through ``GET /analyze/batches?status=`` (the API allows 5 active)."""

    kind = "batch"
    active = ACTIVE_BATCH_STATUSES
    terminal = TERMINAL_BATCH_STATUSES
    can_list = True
    can_list_ids = False  # the list filters by status, not by id

    def __init__(self, batches: AsyncAnalyzeAsyncBatchesResource, request_options: RequestOptions | None) -> None:
        self._batches = batches
        self._options = request_options
        self.requests = 0

    async def retrieve(self, item_id: str) -> AnalyzeBatch:
        self.requests += 1
        return await self._batches.retrieve(item_id, request_options=self._options)

    async def list(self, scope: str, statuses: Sequence[str], page: int, *, newest_first: bool) -> Any:
        self.requests += 1
        return await self._batches.list(
            status=list(statuses), page=page, page_limit=PAGE_LIMIT, request_options=self._options
        ).first_page()

    async def list_ids(self, ids: Sequence[str]) -> Sequence[AnalyzeBatch]:
        raise NotImplementedError  # pragma: no cover - can_list_ids is False

    def scope_of(self, item: AnalyzeBatch) -> str | None:
        return ACCOUNT


@attrs.frozen
class BatchOutcome:
    """How a batch ended. ``completed`` only says every item finished: ``succeeded`` is True when every item is
    ``ready``; otherwise ``failed``, ``canceled`` (and ``unfinished``, for items the counts do not account for)
    say what did not, and the batch's results stream says which."""

    batch: AnalyzeBatch

    @property
    def batch_id(self) -> str:
        return self.batch.batch_id

    @property
    def status(self) -> str | None:
        """``completed``, ``canceled`` or ``expired``."""
        return self.batch.status

    @property
    def total(self) -> int:
        return self.batch.total_items or 0

    @property
    def ready(self) -> int:
        return self.batch.ready_items or 0

    @property
    def failed(self) -> int:
        return self.batch.failed_items or 0

    @property
    def canceled(self) -> int:
        return self.batch.canceled_items or 0

    @property
    def unfinished(self) -> int:
        """Items the final counts leave unaccounted for (0 for a batch that ended normally)."""
        return max(0, self.total - self.batch.finished_items)

    @property
    def succeeded(self) -> bool:
        return self.status == "completed" and self.total > 0 and self.ready == self.total

    def __str__(self) -> str:
        return (
            f"batch {self.batch_id} {self.status}: {self.ready} ready, {self.failed} failed, "
            f"{self.canceled} canceled of {self.total}"
        )


def _progress_key(batch: AnalyzeBatch) -> tuple[Any, ...]:
    return (
        batch.status,
        batch.queued_items,
        batch.processing_items,
        batch.ready_items,
        batch.failed_items,
        batch.canceled_items,
    )


async def wait_for_batch(
    fetch: Callable[[], Awaitable[AnalyzeBatch]],
    batch_id: str,
    *,
    sleep_interval: float,
    max_interval: float,
    timeout: float | None,
    callback: StatusCallback | None,
) -> BatchOutcome:
    """Poll one batch until it is completed, canceled or expired, calling ``callback`` whenever its status or an
    item count changes; never raises for failed items (the outcome counts them)."""
    last: list[tuple[Any, ...]] = []

    async def fetch_and_report() -> AnalyzeBatch:
        batch = await fetch()
        key = _progress_key(batch)
        if not last or last[0] != key:
            last[:] = [key]
            await notify(callback, batch)
        return batch

    batch = await wait_for_status(
        fetch_and_report,
        batch_id,
        sleep_interval=sleep_interval,
        max_interval=max_interval,
        timeout=timeout,
        callback=None,  # reported above, on counts as well as statuses
        terminal=TERMINAL_BATCH_STATUSES,
        failed=frozenset(),  # a batch is never "failed"; its outcome says how many items were
        kind="batch",
    )
    return BatchOutcome(batch)


__all__ = [
    "ACTIVE_ANALYZE_TASK_STATUSES",
    "ACTIVE_BATCH_STATUSES",
    "AnalyzeBatchesSource",
    "AnalyzeTaskWaiter",
    "AnalyzeTasksSource",
    "BatchOutcome",
    "wait_for_batch",
]
