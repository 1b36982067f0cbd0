"""Hand-written helpers of ``client.embed.v_2.tasks``: waiting for embedding tasks (mixed into the generated class)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    # Types only: the waiting machinery and the models load on first use.
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._waiters import StatusCallback
    from twelvelabs_async.models import EmbedV2Task
    from twelvelabs_async.resources.generated.embed import AsyncEmbedV2TasksResource


class AsyncEmbedV2TasksHelpers:
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
    ) -> EmbedV2Task:
        """Wait until an embedding task (v2) is ``ready`` (polls ``GET /embed-v2/tasks/{task_id}``).

        Args:
            task_id: The embedding task (``EmbedV2TaskCreated.id``).
            sleep_interval: First delay between polls, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between polls, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with the ``EmbedV2Task`` whenever its status changes (first poll included); a plain
                function or a coroutine function.
            raise_on_failure: Raise ``TaskFailedError`` when the task ends ``failed``, instead of returning it.
            request_options: Per-request timeout, retries, extra headers (for each poll).

        Returns:
            The final ``EmbedV2Task``: ``ready`` (its embeddings in ``data``), or ``failed`` (check ``status``).

        Raises:
            TaskFailedError: with ``raise_on_failure=True`` only: the task ended in ``failed``
                (``error.task.error.message`` says why).
            WaitTimeoutError: ``timeout`` passed first (``error.task`` holds the last state seen).
            APIStatusError: a non-transient error (e.g. 404 for an unknown task). Connection errors, timeouts,
                429 and 5xx are retried until the deadline.
        """
        from twelvelabs_async._waiters import wait_for_status
        from twelvelabs_async.models import TERMINAL_EMBED_V2_TASK_STATUSES

        tasks = cast("AsyncEmbedV2TasksResource", self)

        def fetch() -> Awaitable[EmbedV2Task]:
            return tasks.retrieve(task_id, request_options=request_options)

        return await wait_for_status(
            fetch,
            task_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            terminal=TERMINAL_EMBED_V2_TASK_STATUSES,
            kind="embedding task",
        )
