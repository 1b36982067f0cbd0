"""Hand-written helpers of ``client.embed.tasks``: waiting for embedding tasks (mixed into the generated class)."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    # Types only: the waiting machinery and the models load on first use.
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._waiters import StatusCallback
    from twelvelabs_async.models import EmbedTaskCreated, EmbedTaskStatus


# The keys of one video of `create_bulk` (1.3.6's CreateEmbeddingsTaskVideoParams).
VIDEO_KEYS = (
    "video_file",
    "video_url",
    "video_start_offset_sec",
    "video_end_offset_sec",
    "video_clip_length",
    "video_embedding_scope",
)


class AsyncEmbedTasksHelpers:
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
    ) -> EmbedTaskStatus:
        """Wait until a video embedding task is ``ready`` (polls ``GET /embed/tasks/{task_id}/status``).

        Args:
            task_id: The embedding task.
            sleep_interval: First delay between polls, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between polls, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with the ``EmbedTaskStatus`` whenever the status changes (first poll included);
                a plain function or a coroutine function.
            raise_on_failure: Raise ``TaskFailedError`` when the task ends ``failed``, instead of returning it.
            request_options: Per-request timeout, retries, extra headers (for each poll).

        Returns:
            The final ``EmbedTaskStatus``: ``ready`` (then ``retrieve`` the embeddings), or ``failed`` (check
            ``status``), as the official SDK returns it.

        Raises:
            TaskFailedError: with ``raise_on_failure=True`` only: the task ended in ``failed`` (``error.task`` holds
                it).
            WaitTimeoutError: ``timeout`` passed first (``error.task`` holds the last status seen).
            APIStatusError: a non-transient error (e.g. 404 for an unknown task). Connection errors, timeouts,
                429 and 5xx are retried until the deadline.
        """
        from twelvelabs_async._waiters import wait_for_status
        from twelvelabs_async.models import TERMINAL_EMBED_TASK_STATUSES

        client = self._client

        def fetch() -> Awaitable[EmbedTaskStatus]:
            return client.embed.tasks.status(task_id, request_options=request_options)

        return await wait_for_status(
            fetch,
            task_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            terminal=TERMINAL_EMBED_TASK_STATUSES,
        )

    @overload
    async def create_bulk(
        self,
        *,
        model_name: str,
        videos: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: Literal[False] = False,
    ) -> list[EmbedTaskCreated]: ...

    @overload
    async def create_bulk(
        self,
        *,
        model_name: str,
        videos: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: Literal[True],
    ) -> list[EmbedTaskCreated | Exception]: ...

    @overload
    async def create_bulk(
        self,
        *,
        model_name: str,
        videos: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: bool = ...,
    ) -> list[EmbedTaskCreated | Exception] | list[EmbedTaskCreated]: ...

    async def create_bulk(
        self,
        *,
        model_name: str,
        videos: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: bool = False,
    ) -> list[EmbedTaskCreated] | list[EmbedTaskCreated | Exception]:
        """Start several video embedding tasks, ``concurrency`` at a time (the official SDK's helper).

        Each video is a mapping (or an object with these attributes): ``video_file`` or ``video_url``, and
        optionally ``video_start_offset_sec``, ``video_end_offset_sec``, ``video_clip_length``,
        ``video_embedding_scope``. A key not among these is refused (1.3.6 ignores it silently, so a typo would
        change nothing without a word), but for ``video_embedding_scopes``, the spelling of 1.3.6's own docstring,
        read as ``video_embedding_scope`` with a warning. Every video is checked before the first request. Nothing
        is printed or swallowed: where 1.3.6 prints a refused video and returns the others, every video is tried
        and then ``BulkCreateError`` is raised, holding each video's outcome (``error.outcomes``) and the tasks
        started (``error.created``, 1.3.6's list); with ``return_exceptions=True`` the list holds each failure's
        exception in its video's place instead.

        Args:
            model_name: The embedding model, e.g. ``marengo3.0``.
            videos: The videos, as above.
            request_options: Per-request timeout, retries, extra headers.
            concurrency: Creates in flight at once (beyond 1.3.6's signature, which sends one at a time).
            return_exceptions: Put a failed video's exception in its place in the list instead of raising.

        Returns:
            The ``EmbedTaskCreated`` of each video, in input order (with ``return_exceptions``, or an exception).

        Raises:
            ArgumentError: an invalid video (before any request).
            PreflightError: a file the API would refuse (before any request).
            BulkCreateError: some videos failed (after every video was tried); ``error.outcomes`` has them all.
        """
        from twelvelabs_async._errors import ArgumentError, ArgumentTypeError
        from twelvelabs_async.resources._bulk import check_concurrency, create_each
        from twelvelabs_async.routes.embed import embed_tasks_create

        check_concurrency(concurrency)
        if isinstance(videos, (str, bytes, Mapping)) or not isinstance(videos, Sequence):
            raise ArgumentTypeError("videos", f"expected a list of videos, got {type(videos).__name__}")
        calls: list[dict[str, Any]] = []
        for position, video in enumerate(videos):
            if isinstance(video, Mapping):
                video = _official_example_spelling(video, position)
                unknown = sorted(set(map(str, video)) - set(VIDEO_KEYS))
                if unknown:
                    raise ArgumentError("videos", f"video {position}: unknown key(s) {unknown}; known: {VIDEO_KEYS}")
                given = {key: video.get(key) for key in VIDEO_KEYS}
            else:
                given = {key: getattr(video, key, None) for key in VIDEO_KEYS}
            calls.append({"model_name": model_name, **given})
        return await create_each(
            self._client, embed_tasks_create, calls, request_options, concurrency=concurrency,
            return_exceptions=return_exceptions,
        )


def _official_example_spelling(video: Mapping[str, Any], position: int) -> Mapping[str, Any]:
    """1.3.6's own ``create_bulk`` docstring spells the scope key ``video_embedding_scopes``, which 1.3.6 then
    ignores without a word: code copied from it means ``video_embedding_scope``, so it is read as that, with a
    warning naming the right key (both given: refused, they could disagree)."""
    import warnings

    from twelvelabs_async._errors import ArgumentError

    if "video_embedding_scopes" not in video:
        return video
    if "video_embedding_scope" in video:
        raise ArgumentError(
            "videos", f"video {position}: give video_embedding_scope only (video_embedding_scopes is its misspelling)"
        )
    warnings.warn(
        "create_bulk: 'video_embedding_scopes' read as 'video_embedding_scope' (the official SDK's docstring spells "
        "it so and then ignores it); use 'video_embedding_scope'",
        UserWarning,
        stacklevel=4,
    )
    fixed = {key: value for key, value in video.items() if key != "video_embedding_scopes"}
    fixed["video_embedding_scope"] = video["video_embedding_scopes"]
    return fixed

