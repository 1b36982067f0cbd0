"""Hand-written helpers of ``client.analyze_async.tasks`` and ``client.analyze_async.batches``: waiting for tasks
and batches, and running any number of analyses through batches (mixed into the generated classes)."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, cast

if TYPE_CHECKING:
    # Types only: the waiting and batch machinery loads on first use, keeping `import` of the client light.
    from twelvelabs_async._analysis_waiting import AnalyzeTaskWaiter, BatchOutcome
    from twelvelabs_async._batch_run import BatchRun, ProgressHandler
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._waiters import StatusCallback
    from twelvelabs_async.models import AnalyzeBatch, AnalyzeTask
    from twelvelabs_async.resources.generated.analyze_async import (
        AsyncAnalyzeAsyncBatchesResource,
        AsyncAnalyzeAsyncTasksResource,
    )


class AsyncAnalyzeAsyncTasksHelpers:
    _client: AsyncTwelveLabs

    async def wait_for_done(
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
        """Wait until an analysis task is ``ready`` (polls ``GET /analyze/tasks/{task_id}``).

        Args:
            task_id: The analysis task (``AnalyzeTaskCreated.task_id``).
            sleep_interval: First delay between polls, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between polls, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with the ``AnalyzeTask`` whenever its status changes (first poll included); a plain
                function or a coroutine function.
            raise_on_failure: Raise ``TaskFailedError`` when the task ends ``failed`` or ``canceled``, instead of
                returning it.
            request_options: Per-request timeout, retries, extra headers (for each poll).

        Returns:
            The final ``AnalyzeTask``: ``ready`` (``result.data`` holds the answer), or ``failed`` / ``canceled``
            (check ``status``; ``error.message`` says why).

        Raises:
            TaskFailedError: with ``raise_on_failure=True`` only: the task ended ``failed`` or ``canceled``
                (``error.task`` holds it, with ``error.task.error.message``).
            WaitTimeoutError: ``timeout`` passed first (``error.task`` holds the last state seen).
            APIStatusError: a non-transient error (e.g. 404 for an unknown task). Connection errors, timeouts,
                429 and 5xx are retried until the deadline.
        """
        from twelvelabs_async._analysis_waiting import UNSUCCESSFUL_ANALYZE_TASK_STATUSES
        from twelvelabs_async._waiters import wait_for_status
        from twelvelabs_async.models import TERMINAL_ANALYZE_TASK_STATUSES

        tasks = cast("AsyncAnalyzeAsyncTasksResource", self)

        def fetch() -> Awaitable[AnalyzeTask]:
            return tasks.retrieve(task_id, request_options=request_options)

        return await wait_for_status(
            fetch,
            task_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            terminal=TERMINAL_ANALYZE_TASK_STATUSES,
            failed=UNSUCCESSFUL_ANALYZE_TASK_STATUSES,
            kind="analyze task",
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
    ) -> AnalyzeTaskWaiter:
        """Wait for many analysis tasks, polling the account's task list by status (about N/50 requests a round,
        not N).

        ``await`` the result for every final ``AnalyzeTask`` in the order of ``task_ids``, or ``async for`` over
        it to get each task as it finishes. Failed and canceled tasks are returned (check ``task.status``), not
        raised.

        Args:
            task_ids: The analysis tasks.
            sleep_interval: First delay between rounds, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between rounds, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with each ``AnalyzeTask`` whose status changed in a round (sync or async).
            request_options: Per-request timeout, retries, extra headers.

        Returns:
            An ``AnalyzeTaskWaiter`` (awaitable, async iterable, usable once; ``requests`` counts its calls).

        Raises:
            WaitTimeoutError: ``timeout`` passed first (``error.pending`` holds the unfinished tasks).
            NotFoundError: a task does not exist (or was deleted while waited for).
            APIStatusError: a non-transient error; transient ones are retried until the deadline.
        """
        from twelvelabs_async._analysis_waiting import AnalyzeTaskWaiter

        return AnalyzeTaskWaiter(
            cast("AsyncAnalyzeAsyncTasksResource", self),
            task_ids,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )


class AsyncAnalyzeAsyncBatchesHelpers:
    _client: AsyncTwelveLabs

    async def wait_for_done(
        self,
        batch_id: str,
        *,
        sleep_interval: float = 5.0,
        max_interval: float = 60.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> BatchOutcome:
        """Wait until a batch is ``completed``, ``canceled`` or ``expired`` (polls ``GET /analyze/batches/{id}``).

        ``completed`` means every item finished, not that every item succeeded: the returned ``BatchOutcome``
        counts the ``ready``, ``failed`` and ``canceled`` items, and ``outcome.succeeded`` is True only when every
        item is ready. Failed items are never raised; read them from ``batches.results(batch_id)``.

        Args:
            batch_id: The batch (``AnalyzeBatchCreated.batch_id``).
            sleep_interval: First delay between polls, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between polls, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes; a batch expires after 24 h).
            callback: Called with the ``AnalyzeBatch`` whenever its status or an item count changes (first poll
                included): progress as it goes. A plain function or a coroutine function.
            request_options: Per-request timeout, retries, extra headers (for each poll).

        Returns:
            A ``BatchOutcome``: the final ``AnalyzeBatch`` and its counts.

        Raises:
            WaitTimeoutError: ``timeout`` passed first (``error.task`` holds the last state seen).
            APIStatusError: a non-transient error (e.g. 404 for an unknown batch). Connection errors, timeouts,
                429 and 5xx are retried until the deadline.
        """
        from twelvelabs_async._analysis_waiting import wait_for_batch

        batches = cast("AsyncAnalyzeAsyncBatchesResource", self)

        def fetch() -> Awaitable[AnalyzeBatch]:
            return batches.retrieve(batch_id, request_options=request_options)

        return await wait_for_batch(
            fetch,
            batch_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
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
    ) -> BatchRun:
        """Analyze any number of uploaded assets through batches, and get one result per request.

        More than ``max_batch_size`` requests are split into several batches, at most ``max_active_batches`` of
        them active at once (the account allows 5; a 429 for the limit waits and tries again). Each item's result
        is handed over as soon as it is final: ``async for outcome in client.analyze_async.batches.run(...)`` in
        the order items finish, or ``await`` it for every outcome in the order of ``requests``. Failed, canceled
        and refused items are reported (``outcome.status``, ``outcome.error``), never dropped.

        Args:
            requests: Each an asset id, or a mapping with ``video`` (``{'type': 'asset_id', 'asset_id': ...}``) or
                ``asset_id``, an optional ``custom_id`` (1 to 64 of A-Z, a-z, 0-9, ``-``, ``_``; unique; one is
                made up when absent) and overrides of ``defaults``.
            defaults: Options for every request: ``prompt`` (a str or ``{'input_text', 'media_sources'}``),
                ``response_format``, ``temperature``, ``max_tokens``, ``min_segment_duration``,
                ``max_segment_duration``, ``start_time``, ``end_time``.
            model_name: The model of every batch (batches need ``pegasus1.5``).
            analysis_mode: ``general`` (a prompt per item or in ``defaults``) or ``time_based_metadata``
                (segment definitions in ``response_format``).
            on_progress: Called (sync or async) with a ``BatchRunProgress`` whenever something moved: batches
                submitted, item counts, results handed over.
            max_batch_size: Requests per batch (1 to 1,000).
            max_active_batches: This run's batches active at once (1 to 5).
            sleep_interval: First delay between polling rounds, in seconds; each next one is 1.5 times longer up
                to ``max_interval`` while nothing moves, and back to the first when something does.
            max_interval: Longest delay between polling rounds, in seconds.
            timeout: Give up after this many seconds (``WaitTimeoutError``; batches already created keep
                running: ``run.batch_ids`` lists them).
            request_options: Per-request timeout, retries, extra headers.

        Returns:
            A ``BatchRun``: async iterable of ``BatchItemOutcome`` as they come, awaitable for all of them in
            order; usable once. ``batch_ids``, ``delivered`` and ``requests`` tell how far it got.

        Raises:
            ArgumentError: a request or option is invalid (raised here, before any request is sent).
            AuthenticationError, PermissionDeniedError: while running (no batch could succeed).
            WaitTimeoutError: while running, when ``timeout`` passes first.
        """
        from twelvelabs_async._batch_run import BatchRun

        return BatchRun(
            cast("AsyncAnalyzeAsyncBatchesResource", self),
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
