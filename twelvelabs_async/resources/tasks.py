"""Hand-written helpers of ``client.tasks``: waiting for tasks and bulk uploads (mixed into the generated class)."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast, overload

if TYPE_CHECKING:
    # Types only: the waiting and bulk-upload machinery loads on first use, keeping `import` of the client light.
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async._uploads import ProgressHandler, UploadOutcome
    from twelvelabs_async._waiters import StatusCallback, TaskWaiter
    from twelvelabs_async.models import Task, TaskCreated
    from twelvelabs_async.resources.generated.tasks import AsyncTasksResource


class AsyncTasksHelpers:
    _client: AsyncTwelveLabs

    async def wait_for_done(
        self,
        task_id: str,
        *,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        raise_on_failure: bool = False,
        request_options: RequestOptions | None = None,
    ) -> Task:
        """Wait until a video indexing task is ``ready`` (polls ``GET /tasks/{task_id}``).

        Args:
            task_id: The indexing task (``TaskCreated.id``).
            sleep_interval: First delay between polls, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between polls, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with the ``Task`` whenever its status changes (first poll included); a plain
                function or a coroutine function.
            raise_on_failure: Raise ``TaskFailedError`` when the task ends ``failed``, instead of returning it.
            request_options: Per-request timeout, retries, extra headers (for each poll).

        Returns:
            The final ``Task``: ``ready``, or ``failed`` (check ``task.status``), as the official SDK returns it.

        Raises:
            TaskFailedError: with ``raise_on_failure=True`` only: the task ended in ``failed`` (``error.task`` holds
                it).
            WaitTimeoutError: ``timeout`` passed first (``error.task`` holds the last state seen).
            APIStatusError: a non-transient error (e.g. 404 for an unknown task). Connection errors, timeouts,
                429 and 5xx are retried until the deadline.
        """
        from twelvelabs_async._waiters import wait_for_status

        client = self._client

        def fetch() -> Awaitable[Task]:
            return client.tasks.retrieve(task_id, request_options=request_options)

        return await wait_for_status(
            fetch,
            task_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
        )

    def wait_many(
        self,
        task_ids: Iterable[str],
        *,
        index_id: str | None = None,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> TaskWaiter:
        """Wait for many indexing tasks, polling through ``GET /tasks`` (about N/50 requests a round, not N).

        ``await`` the result for every final ``Task`` in the order of ``task_ids``, or ``async for`` over it
        to get each task as it finishes. Failed tasks are returned (check ``task.status``), not raised.

        Args:
            task_ids: The indexing tasks.
            index_id: Their index, if they all share one; otherwise the account's task list is polled.
            sleep_interval: First delay between rounds, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between rounds, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with each ``Task`` whose status changed in a round (sync or async).
            request_options: Per-request timeout, retries, extra headers.

        Returns:
            A ``TaskWaiter`` (awaitable, async iterable, usable once).

        Raises:
            WaitTimeoutError: ``timeout`` passed first (``error.pending`` holds the unfinished tasks).
            APIStatusError: a non-transient error; transient ones are retried until the deadline.
        """
        from twelvelabs_async._waiters import TaskWaiter

        return TaskWaiter(
            cast("AsyncTasksResource", self),
            task_ids,
            index_id=index_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )

    async def upload_many(
        self,
        *,
        index_id: str,
        files: Iterable[str | os.PathLike[str]],
        concurrency: int = 4,
        wait: bool = True,
        journal: str | os.PathLike[str] | None = None,
        on_progress: ProgressHandler | None = None,
        user_metadata: Mapping[str, Any] | str | None = None,
        enable_video_stream: bool | None = None,
        preflight: bool = True,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        max_attempts: int = 8,
        request_options: RequestOptions | None = None,
    ) -> list[UploadOutcome]:
        """Upload many video files to an index, ``concurrency`` at a time, each indexed exactly once.

        Never raises for one file's failure: every file gets an ``UploadOutcome`` (task id, video id, status,
        or the error that stopped it), in the order given. A lost ``POST /tasks`` answer is resolved by looking
        for the task before sending again; with ``journal`` a rerun after a crash skips finished files and
        resumes the rest. Cancelling the call stops new uploads and cancels those in flight.

        Args:
            index_id: The index to upload to.
            files: Paths of the video files (str or Path).
            concurrency: Uploads in flight at once (waiting for indexing takes no slot).
            wait: Wait until every task is ``ready`` or ``failed`` (polled through the task list); False returns
                once every file is uploaded.
            journal: Path of a SQLite file recording each file's progress, to resume after a crash.
            on_progress: Called (sync or async) with each ``UploadEvent``: bytes sent, task created, status
                changes, done or error.
            user_metadata: Metadata for every video (a mapping or its JSON text).
            enable_video_stream: Store the videos for HLS streaming (API default: true).
            preflight: Check each file before sending it (size, and for MP4/MOV duration and resolution, with
                the 1 h cap when the index has a Pegasus model; retrieves the index once).
            sleep_interval: First delay between polling rounds, in seconds.
            max_interval: Longest delay between polling rounds, in seconds.
            timeout: Stop waiting after this many seconds; unfinished files get a ``WaitTimeoutError``.
            max_attempts: Upload attempts per file for transient failures (5xx, 429, lost answers).
            request_options: Per-request timeout, retries, extra headers.

        Returns:
            One ``UploadOutcome`` per file.

        Raises:
            ArgumentError: an argument is invalid (before any request).
            APIStatusError: the index cannot be retrieved (with ``preflight``), e.g. it does not exist.
        """
        from twelvelabs_async._uploads import BulkUpload

        run = BulkUpload(
            cast("AsyncTasksResource", self),
            index_id=index_id,
            files=files,
            concurrency=concurrency,
            wait=wait,
            journal=journal,
            on_progress=on_progress,
            user_metadata=user_metadata,
            enable_video_stream=enable_video_stream,
            preflight=preflight,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            max_attempts=max_attempts,
            request_options=request_options,
        )
        return await run.run()

    @overload
    async def create_bulk(
        self,
        *,
        index_id: str,
        video_files: Sequence[FileInput] | None = None,
        video_urls: Sequence[str] | None = None,
        enable_video_stream: bool | None = None,
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: Literal[False] = False,
    ) -> list[TaskCreated]: ...

    @overload
    async def create_bulk(
        self,
        *,
        index_id: str,
        video_files: Sequence[FileInput] | None = None,
        video_urls: Sequence[str] | None = None,
        enable_video_stream: bool | None = None,
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: Literal[True],
    ) -> list[TaskCreated | Exception]: ...

    @overload
    async def create_bulk(
        self,
        *,
        index_id: str,
        video_files: Sequence[FileInput] | None = None,
        video_urls: Sequence[str] | None = None,
        enable_video_stream: bool | None = None,
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: bool = ...,
    ) -> list[TaskCreated | Exception] | list[TaskCreated]: ...

    async def create_bulk(
        self,
        *,
        index_id: str,
        video_files: Sequence[FileInput] | None = None,
        video_urls: Sequence[str] | None = None,
        enable_video_stream: bool | None = None,
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: bool = False,
    ) -> list[TaskCreated] | list[TaskCreated | Exception]:
        """Upload several videos to an index, ``concurrency`` at a time (the official SDK's helper).

        The files come first, then the URLs, and the list returned follows that order. Every input is checked
        before the first request (its arguments, and each file's preflight), so a bad one raises before anything
        is sent. Nothing is printed or swallowed: where 1.3.6 prints a refused input and returns the others, every
        input is tried and then ``BulkCreateError`` is raised, holding each input's outcome (``error.outcomes``)
        and the tasks created (``error.created``, 1.3.6's list); with ``return_exceptions=True`` the list holds
        each failure's exception in its input's place instead. A create whose answer was lost is not looked for
        (it may exist): for that, resuming and waiting, use ``upload_many``.

        Args:
            index_id: The index to upload to.
            video_files: Video files: paths, open binary files, bytes or ``(filename, content)`` tuples.
            video_urls: URLs of raw video files.
            enable_video_stream: Store the videos for HLS streaming (API default: true).
            request_options: Per-request timeout, retries, extra headers.
            concurrency: Creates in flight at once (beyond 1.3.6's signature, which sends one at a time).
            return_exceptions: Put a failed input's exception in its place in the list instead of raising.

        Returns:
            The ``TaskCreated`` of each video, in input order (with ``return_exceptions``, or an exception).

        Raises:
            ArgumentError: neither files nor URLs, or an invalid input (before any request).
            PreflightError: a file the API would refuse (before any request).
            BulkCreateError: some inputs failed (after every input was tried); ``error.outcomes`` has them all.
        """
        from twelvelabs_async._errors import PARAMETER_NOT_PROVIDED, ArgumentError
        from twelvelabs_async.resources._bulk import check_concurrency, create_each
        from twelvelabs_async.routes.tasks import tasks_create

        check_concurrency(concurrency)
        for name, value in (("video_files", video_files), ("video_urls", video_urls)):
            if value is not None and (isinstance(value, (str, bytes)) or not isinstance(value, Sequence)):
                raise ArgumentError(name, "expected a list")
        if not video_files and not video_urls:
            raise ArgumentError(
                "video_files", "give video_files or video_urls (or both)", code=PARAMETER_NOT_PROVIDED
            )
        common = {"index_id": index_id, "enable_video_stream": enable_video_stream}
        calls = [{**common, "video_file": file} for file in video_files or ()]
        calls += [{**common, "video_url": url} for url in video_urls or ()]
        return await create_each(
            self._client, tasks_create, calls, request_options, concurrency=concurrency,
            return_exceptions=return_exceptions,
        )
