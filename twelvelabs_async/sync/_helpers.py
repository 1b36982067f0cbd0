"""Blocking twins of the hand-written helpers (task waiting, bulk upload, the 1.0.0 text shims), mixed into the
generated classes.

Each runs its async twin on the client's loop thread, so callbacks and progress handlers may be plain
functions; they run on that thread (keep them quick, and do not call the blocking client from them). The
docstrings are the async helpers' own, so the two cannot drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from twelvelabs_async.resources.embed_tasks import AsyncEmbedTasksHelpers
from twelvelabs_async.resources.legacy_text import AsyncLegacyTextHelpers, _warn, check_text
from twelvelabs_async.resources.tasks import AsyncTasksHelpers
from twelvelabs_async.sync._iterators import SyncAnalyzeStream
from twelvelabs_async.sync._waiting import SyncStatusWaiter

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async._uploads import ProgressHandler, UploadOutcome
    from twelvelabs_async._waiters import StatusCallback
    from twelvelabs_async.models import (
        AnalyzeResult,
        EmbedTaskCreated,
        EmbedTaskStatus,
        GistResult,
        SummarizeResult,
        Task,
        TaskCreated,
    )
    from twelvelabs_async.resources.generated.embed import AsyncEmbedTasksResource
    from twelvelabs_async.resources.generated.tasks import AsyncTasksResource
    from twelvelabs_async.sync._runner import PortalRunner



class SyncTaskWaiter(SyncStatusWaiter["Task"]):
    """What the blocking ``tasks.wait_many`` returns: iterate it for each task as it finishes, or call
    ``wait()`` for every final task in the order of the ids given. Usable once."""


class SyncTasksHelpers:
    _runner: PortalRunner
    _async: AsyncTasksResource

    def wait_for_done(
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
        index_id: str | None = None,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> SyncTaskWaiter:
        waiter = self._async.wait_many(
            task_ids,
            index_id=index_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )
        return SyncTaskWaiter(self._runner, waiter)

    def upload_many(
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
        return self._runner.run(
            self._async.upload_many,
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

    @overload
    def create_bulk(
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
    def create_bulk(
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
    def create_bulk(
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

    def create_bulk(
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
        return self._runner.run(
            self._async.create_bulk,
            index_id=index_id,
            video_files=video_files,
            video_urls=video_urls,
            enable_video_stream=enable_video_stream,
            request_options=request_options,
            concurrency=concurrency,
            return_exceptions=return_exceptions,
        )

    create_bulk.__doc__ = AsyncTasksHelpers.create_bulk.__doc__
    wait_for_done.__doc__ = AsyncTasksHelpers.wait_for_done.__doc__
    wait_many.__doc__ = (AsyncTasksHelpers.wait_many.__doc__ or "").replace(
        "``await`` the result for every final ``Task`` in the order of ``task_ids``, or ``async for`` over it",
        "call ``.wait()`` on the result for every final ``Task`` in the order of ``task_ids``, or iterate it",
    )
    upload_many.__doc__ = AsyncTasksHelpers.upload_many.__doc__


class SyncEmbedTasksHelpers:
    _runner: PortalRunner
    _async: AsyncEmbedTasksResource

    def wait_for_done(
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

    @overload
    def create_bulk(
        self,
        *,
        model_name: str,
        videos: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: Literal[False] = False,
    ) -> list[EmbedTaskCreated]: ...

    @overload
    def create_bulk(
        self,
        *,
        model_name: str,
        videos: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: Literal[True],
    ) -> list[EmbedTaskCreated | Exception]: ...

    @overload
    def create_bulk(
        self,
        *,
        model_name: str,
        videos: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: bool = ...,
    ) -> list[EmbedTaskCreated | Exception] | list[EmbedTaskCreated]: ...

    def create_bulk(
        self,
        *,
        model_name: str,
        videos: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
        concurrency: int = 4,
        return_exceptions: bool = False,
    ) -> list[EmbedTaskCreated] | list[EmbedTaskCreated | Exception]:
        return self._runner.run(
            self._async.create_bulk,
            model_name=model_name,
            videos=videos,
            request_options=request_options,
            concurrency=concurrency,
            return_exceptions=return_exceptions,
        )

    create_bulk.__doc__ = AsyncEmbedTasksHelpers.create_bulk.__doc__
    wait_for_done.__doc__ = AsyncEmbedTasksHelpers.wait_for_done.__doc__


class SyncLegacyTextHelpers:
    _runner: PortalRunner
    _client: AsyncTwelveLabs

    def summarize(
        self,
        *,
        video_id: str,
        type: Literal["summary", "chapter", "highlight"] | str,
        prompt: str | None = None,
        temperature: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> SummarizeResult:
        _warn("summarize", "analyze(video=..., response_format={...})")
        return self._runner.run(self._client._summarize, video_id, type, prompt, temperature, request_options)

    def gist(
        self,
        *,
        video_id: str,
        types: Sequence[Literal["title", "topic", "hashtag"] | str] | str,
        request_options: RequestOptions | None = None,
    ) -> GistResult:
        _warn("gist", "analyze(video=..., response_format={...})")
        return self._runner.run(self._client._gist, video_id, types, request_options)

    @overload
    def generate(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        stream: Literal[False] = False,
        request_options: RequestOptions | None = None,
    ) -> AnalyzeResult: ...

    @overload
    def generate(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        stream: Literal[True],
        request_options: RequestOptions | None = None,
    ) -> SyncAnalyzeStream: ...

    def generate(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        stream: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AnalyzeResult | SyncAnalyzeStream:
        from twelvelabs_async.routes.analyze import analyze, analyze_stream

        _warn("generate", "analyze(video=..., prompt=...) or analyze_stream(...)")
        check_text("video_id", video_id)
        check_text("prompt", prompt)
        args = {"video_id": video_id, "prompt": prompt, "temperature": temperature}
        if stream:
            return SyncAnalyzeStream(self._runner, self._client._stream(analyze_stream, args, request_options))
        return self._runner.run(self._client._call, analyze, args, request_options)

    summarize.__doc__ = AsyncLegacyTextHelpers.summarize.__doc__
    gist.__doc__ = AsyncLegacyTextHelpers.gist.__doc__
    generate.__doc__ = AsyncLegacyTextHelpers.generate.__doc__

