"""Waiting for analyze tasks, batches and embedding tasks (v2), on the one polling engine (``_waiters``).

Each resource plugs in what is particular to it and nothing else:

* analyze tasks: ``AnalyzeTasksSource`` lists the account's tasks by status. The API filters by one status a
  request, so a "page" of several statuses is that page of each status whose own pages are not exhausted: a
  round over N tasks still costs about N/50 requests (plus one per status), not N.
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
# Waiting for an analyze task ends in these; a task that cannot become ready raises TaskFailedError.
UNSUCCESSFUL_ANALYZE_TASK_STATUSES = frozenset({"failed", "canceled"})
ACTIVE_BATCH_STATUSES: tuple[str, ...] = ("pending", "processing", "canceling")


@attrs.frozen
class _Listing:
    """A page assembled from several single-status pages: what ``StatusWatch`` reads (``data``, ``page_info``)."""

    data: list[AnalyzeTask]
    page_info: PageInfo


class AnalyzeTasksSource:
    """Analyze tasks, listed account-wide through ``GET /analyze/tasks?status=`` (one status a request)."""

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
        self.requests = 0  # HTTP requests made, for tests and benchmarks

    async def retrieve(self, item_id: str) -> AnalyzeTask:
        self.requests += 1
        return await self._tasks.retrieve(item_id, request_options=self._options)

    async def list(self, scope: str, statuses: Sequence[str], page: int, *, newest_first: bool) -> Any:
        # The API lists newest-created first and takes no sort: ``newest_first`` cannot be honoured, and need not
        # be (the engine falls back to one retrieve per task it does not find).
        key = tuple(statuses)
        if page == 1:
            self._totals[key] = {}
        totals = self._totals.setdefault(key, {})
        data: list[AnalyzeTask] = []
        for status in statuses:
            known = totals.get(status)
            if known is not None and page > known:
                continue
            self.requests += 1
            listing = await self._tasks.list(
                status=status, page=page, page_limit=PAGE_LIMIT, request_options=self._options
            ).first_page()
            info = listing.page_info
            total = info.total_page if info is not None and info.total_page is not None else None
            # A page without page_info counts as the last one; an answer is never trusted to page forever.
            totals[status] = total if total is not None else page
            data.extend(listing.data)
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
        """HTTP requests made so far (a listing of several statuses is one request per status)."""
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
