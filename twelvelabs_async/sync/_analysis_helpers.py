"""Blocking twins of the analysis helpers (analyze tasks and batches, embedding tasks v2), mixed into the generated
classes.

Each runs its async twin on the client's loop thread, so callbacks may be plain functions; they run on that
thread (keep them quick, and do not call the blocking client from them). The docstrings are the async helpers'
own, so the two cannot drift apart. Iterating a waiter or a batch run steps it one item at a time on the loop
thread; leaving the loop early closes it there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from twelvelabs_async.resources.analyze_async import AsyncAnalyzeAsyncBatchesHelpers, AsyncAnalyzeAsyncTasksHelpers
from twelvelabs_async.resources.embed_v2_tasks import AsyncEmbedV2TasksHelpers
from twelvelabs_async.sync._iterators import END, next_or_end

if TYPE_CHECKING:
    from twelvelabs_async._analysis_waiting import AnalyzeTaskWaiter, BatchOutcome
    from twelvelabs_async._batch_run import BatchItemOutcome, BatchRun, ProgressHandler
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._waiters import StatusCallback
    from twelvelabs_async.models import AnalyzeTask, EmbedV2Task
    from twelvelabs_async.resources.generated.analyze_async import (
        AsyncAnalyzeAsyncBatchesResource,
        AsyncAnalyzeAsyncTasksResource,
    )
    from twelvelabs_async.resources.generated.embed import AsyncEmbedV2TasksResource
    from twelvelabs_async.sync._runner import PortalRunner

T = TypeVar("T")


class _SyncIterable(Generic[T]):
    """An async iterable, stepped from a blocking caller one item at a time on the portal thread."""

    def __init__(self, runner: PortalRunner, source: Any) -> None:
        self._runner = runner
        self._source = source

    def __iter__(self) -> Iterator[T]:
        iterator: AsyncIterator[T] = self._source.__aiter__()
        try:
            while True:
                item = self._runner.run(next_or_end, iterator)
                if item is END:
                    return
                yield item
        finally:
            if not self._runner.closed:
                self._runner.run(iterator.aclose)  # type: ignore[attr-defined]


class SyncAnalyzeTaskWaiter(_SyncIterable["AnalyzeTask"]):
    """What the blocking ``analyze_async.tasks.wait_many`` returns: iterate it for each task as it finishes, or
    call ``wait()`` for every final task in the order of the ids given. Usable once."""

    def __init__(self, runner: PortalRunner, waiter: AnalyzeTaskWaiter) -> None:
        super().__init__(runner, waiter)
        self._waiter = waiter

    @property
    def requests(self) -> int:
        """Calls made so far (the transport's own retries of a call are not counted)."""
        return self._waiter.requests

    def wait(self) -> list[AnalyzeTask]:
        async def collect() -> list[AnalyzeTask]:
            return await self._waiter

        return self._runner.run(collect)


class SyncBatchRun(_SyncIterable["BatchItemOutcome"]):
    """What the blocking ``analyze_async.batches.run`` returns: iterate it for each outcome as its item finishes,
    or call ``wait()`` for every outcome in the order of the requests. Usable once."""

    def __init__(self, runner: PortalRunner, run: BatchRun) -> None:
        super().__init__(runner, run)
        self._run = run

    @property
    def total(self) -> int:
        return self._run.total

    @property
    def batch_ids(self) -> list[str]:
        return self._run.batch_ids

    @property
    def delivered(self) -> int:
        return self._run.delivered

    @property
    def requests(self) -> int:
        return self._run.requests

    def wait(self) -> list[BatchItemOutcome]:
        async def collect() -> list[BatchItemOutcome]:
            return await self._run

        return self._runner.run(collect)


class SyncAnalyzeAsyncTasksHelpers:
    _runner: PortalRunner
    _async: AsyncAnalyzeAsyncTasksResource

    def wait_for_done(
        self,
        task_id: str,
        *,
        sleep_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        raise_on_failure: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AnalyzeTask:
        return self._runner.run(
            self._async.wait_for_done,
            task_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            request_options=request_options,
        )

    def wait_many(
        self,
        task_ids: Iterable[str],
        *,
        sleep_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> SyncAnalyzeTaskWaiter:
        waiter = self._async.wait_many(
            task_ids,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )
        return SyncAnalyzeTaskWaiter(self._runner, waiter)

    wait_for_done.__doc__ = AsyncAnalyzeAsyncTasksHelpers.wait_for_done.__doc__
    wait_many.__doc__ = (AsyncAnalyzeAsyncTasksHelpers.wait_many.__doc__ or "").replace(
        "``await`` the result for every final ``AnalyzeTask`` in the order of ``task_ids``, or ``async for`` over",
        "call ``.wait()`` on the result for every final ``AnalyzeTask`` in the order of ``task_ids``, or iterate",
    )


class SyncAnalyzeAsyncBatchesHelpers:
    _runner: PortalRunner
    _async: AsyncAnalyzeAsyncBatchesResource

    def wait_for_done(
        self,
        batch_id: str,
        *,
        sleep_interval: float = 5.0,
        max_interval: float = 60.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> BatchOutcome:
        return self._runner.run(
            self._async.wait_for_done,
            batch_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )

    def run(
        self,
        requests: Iterable[str | Mapping[str, Any] | Any],
        *,
        defaults: Mapping[str, Any] | Any | None = None,
        model_name: Literal["pegasus1.5"] | str = "pegasus1.5",
        analysis_mode: Literal["general", "time_based_metadata"] | str = "general",
        on_progress: ProgressHandler | None = None,
        max_batch_size: int = 1000,
        max_active_batches: int = 5,
        sleep_interval: float = 5.0,
        max_interval: float = 60.0,
        timeout: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> SyncBatchRun:
        run = self._async.run(
            requests,
            defaults=defaults,
            model_name=model_name,
            analysis_mode=analysis_mode,
            on_progress=on_progress,
            max_batch_size=max_batch_size,
            max_active_batches=max_active_batches,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            request_options=request_options,
        )
        return SyncBatchRun(self._runner, run)

    wait_for_done.__doc__ = AsyncAnalyzeAsyncBatchesHelpers.wait_for_done.__doc__
    run.__doc__ = (AsyncAnalyzeAsyncBatchesHelpers.run.__doc__ or "").replace(
        "``async for outcome in client.analyze_async.batches.run(...)`` in\n        the order items finish, "
        "or ``await`` it for every outcome in the order of ``requests``.",
        "``for outcome in client.analyze_async.batches.run(...)`` in\n        the order items finish, "
        "or ``.wait()`` for every outcome in the order of ``requests``.",
    )


class SyncEmbedV2TasksHelpers:
    _runner: PortalRunner
    _async: AsyncEmbedV2TasksResource

    def wait_for_done(
        self,
        task_id: str,
        *,
        sleep_interval: float = 2.0,
        max_interval: float = 30.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        raise_on_failure: bool = False,
        request_options: RequestOptions | None = None,
    ) -> EmbedV2Task:
        return self._runner.run(
            self._async.wait_for_done,
            task_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            request_options=request_options,
        )

    wait_for_done.__doc__ = AsyncEmbedV2TasksHelpers.wait_for_done.__doc__
