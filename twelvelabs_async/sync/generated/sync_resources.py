# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table in twelvelabs_async/_routes.py;
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""Blocking resource classes, one per namespace: each method runs its async twin on the client's portal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from twelvelabs_async.sync._helpers import SyncEmbedTasksHelpers, SyncTasksHelpers
from twelvelabs_async.sync._iterators import SyncAnalyzeStream, SyncPager

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async.resources.generated.async_resources import (
        AsyncEmbedResource,
        AsyncEmbedTasksResource,
        AsyncIndexesResource,
        AsyncIndexesVideosResource,
        AsyncManageVideosResource,
        AsyncRootResource,
        AsyncSearchResource,
        AsyncTasksResource,
        AsyncTasksTransfersResource,
    )
    from twelvelabs_async.sync._runner import PortalRunner


class SyncEmbedTasksResource(SyncEmbedTasksHelpers):
    """Blocking methods of `client.embed.tasks` namespace."""

    def __init__(self, runner: PortalRunner, async_resource: AsyncEmbedTasksResource) -> None:
        self._runner = runner
        self._async = async_resource

    def create(
        self,
        *,
        model_name: str,
        video_file: FileInput | None = None,
        video_url: str | None = None,
        video_start_offset_sec: float | None = None,
        video_end_offset_sec: float | None = None,
        video_clip_length: float | None = None,
        video_embedding_scope: str | Sequence[str] | None = None,
        preflight: bool = True,
        request_options: RequestOptions | None = None,
    ) -> _models.EmbedTaskCreated:
        """Start a video embedding task from a file or a URL; wait for it, then retrieve the segments.

        `POST /embed/tasks`

        Args:
            model_name: The embedding model, e.g. `Marengo-retrieval-2.7`.
            video_file: The video: a path (str or Path), an open binary file, or bytes. Paths stream from
                disk.
            video_url: A URL of the raw video file.
            video_start_offset_sec: Start of the embedded part in seconds (give together with the end
                offset). At least 0. API default: `0.0`.
            video_end_offset_sec: End of the embedded part in seconds (give together with the start offset).
                At least 0.
            video_clip_length: Length of each embedded clip in seconds. Range 2 to 10. API default: `6`.
            video_embedding_scope: `['clip']` or `['clip', 'video']` (each sent as its own form field).
                Values: `clip`, `video`.
            preflight: Check the file before sending a byte (exists, readable, <= 2 GB; for MP4/MOV the
                duration and resolution limits). False skips the check.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EmbedTaskCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.create, model_name=model_name, video_file=video_file, video_url=video_url, video_start_offset_sec=video_start_offset_sec, video_end_offset_sec=video_end_offset_sec, video_clip_length=video_clip_length, video_embedding_scope=video_embedding_scope, preflight=preflight, request_options=request_options)

    def list(
        self,
        *,
        started_at: str | None = None,
        ended_at: str | None = None,
        status: str | None = None,
        page: int | None = None,
        page_limit: int | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.EmbedTask, _models.EmbedTaskPage]:
        """List video embedding tasks, newest first (the last 7 days unless dates are given).

        `GET /embed/tasks`

        Args:
            started_at: Only tasks created after this time (RFC 3339).
            ended_at: Only tasks created before this time (RFC 3339).
            status: Filter by status: `processing`, `ready` or `failed`. One of `processing`, `ready`,
                `failed`.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager: iterate it for every item; `.first_page()` gives the first `EmbedTaskPage`.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(self._runner, self._async.list(started_at=started_at, ended_at=ended_at, status=status, page=page, page_limit=page_limit, prefetch=prefetch, request_options=request_options))

    def retrieve(
        self,
        task_id: str,
        *,
        embedding_option: str | Sequence[str] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.EmbedTask:
        """Retrieve a finished video embedding task with its segments.

        `GET /embed/tasks/{task_id}`

        Args:
            task_id: The unique identifier of the video embedding task.
            embedding_option: Embeddings to return: `visual-text` and/or `audio` (all when omitted). Values:
                `visual-text`, `audio`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EmbedTask`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.retrieve, task_id, embedding_option=embedding_option, request_options=request_options)

    def status(
        self,
        task_id: str,
        *,
        request_options: RequestOptions | None = None,
    ) -> _models.EmbedTaskStatus:
        """The status of a video embedding task.

        `GET /embed/tasks/{task_id}/status`

        Args:
            task_id: The unique identifier of the video embedding task.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EmbedTaskStatus`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.status, task_id, request_options=request_options)


class SyncIndexesVideosResource:
    """Blocking methods of `client.indexes.videos` namespace."""

    def __init__(self, runner: PortalRunner, async_resource: AsyncIndexesVideosResource) -> None:
        self._runner = runner
        self._async = async_resource

    def delete(
        self,
        index_id: str,
        video_id: str,
        *,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Delete a video and everything indexed for it. Irreversible.

        `DELETE /indexes/{index_id}/videos/{video_id}`

        Args:
            index_id: The unique identifier of the index.
            video_id: The unique identifier of the video.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with an empty body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(self._async.delete, index_id, video_id, request_options=request_options)

    def list(
        self,
        index_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: str | None = None,
        sort_option: str | None = None,
        filename: str | None = None,
        duration: float | None = None,
        fps: float | None = None,
        width: float | None = None,
        height: int | None = None,
        size: float | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        user_metadata: Mapping[str, str | int | float | bool] | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.VideoSummary, _models.VideoPage]:
        """List the videos of an index. Await for the first page; iterate with `async for` for every video.

        `GET /indexes/{index_id}/videos`

        Args:
            index_id: The unique identifier of the index.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by: `created_at` or `updated_at`. One of `created_at`, `updated_at`. API
                default: `created_at`.
            sort_option: Sort order: `asc` or `desc`. One of `asc`, `desc`. API default: `desc`.
            filename: Filter by file name.
            duration: Filter by duration in seconds. At least 0.
            fps: Filter by frames per second. At least 0.
            width: Filter by width. At least 0.
            height: Filter by height. At least 0.
            size: Filter by size in bytes. At least 0.
            created_at: Only videos whose indexing tasks were created on that date at or after the given
                time (RFC 3339).
            updated_at: Only videos updated on that date at or after the given time (RFC 3339).
            user_metadata: Filter by user metadata: each key and value is sent as its own query parameter.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager: iterate it for every item; `.first_page()` gives the first `VideoPage`.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(self._runner, self._async.list(index_id, page=page, page_limit=page_limit, sort_by=sort_by, sort_option=sort_option, filename=filename, duration=duration, fps=fps, width=width, height=height, size=size, created_at=created_at, updated_at=updated_at, user_metadata=user_metadata, prefetch=prefetch, request_options=request_options))

    def retrieve(
        self,
        index_id: str,
        video_id: str,
        *,
        embedding_option: str | Sequence[str] | None = None,
        transcription: bool | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.Video:
        """Retrieve a video, optionally with its embeddings and transcription.

        `GET /indexes/{index_id}/videos/{video_id}`

        Args:
            index_id: The unique identifier of the index.
            video_id: The unique identifier of the video.
            embedding_option: Embeddings to include: `visual-text` and/or `audio` (Marengo 2.7 or later).
                Values: `visual-text`, `audio`.
            transcription: Include the transcription of the spoken words.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Video`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.retrieve, index_id, video_id, embedding_option=embedding_option, transcription=transcription, request_options=request_options)

    def update(
        self,
        index_id: str,
        video_id: str,
        *,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Set the user metadata of a video (values: str, int, float or bool).

        `PUT /indexes/{index_id}/videos/{video_id}`

        Args:
            index_id: The unique identifier of the index.
            video_id: The unique identifier of the video.
            user_metadata: Keys and values to store; system fields cannot be overridden.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with an empty body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(self._async.update, index_id, video_id, user_metadata=user_metadata, request_options=request_options)


class SyncTasksTransfersResource:
    """Blocking methods of `client.tasks.transfers` namespace."""

    def __init__(self, runner: PortalRunner, async_resource: AsyncTasksTransfersResource) -> None:
        self._runner = runner
        self._async = async_resource

    def create(
        self,
        integration_id: str,
        *,
        index_id: str,
        incremental_import: bool | None = None,
        retry_failed: bool | None = None,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.ImportResult:
        """Import all videos of a cloud integration into an index (one import at a time per integration).

        `POST /tasks/transfers/import/{integration_id}`

        Args:
            integration_id: The unique identifier of the cloud integration.
            index_id: The index to import the videos to.
            incremental_import: Import only new videos; false re-syncs everything. API default: `true`.
            retry_failed: Retry the videos that failed before. API default: `false`.
            user_metadata: Metadata applied to every imported video.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ImportResult`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.create, integration_id, index_id=index_id, incremental_import=incremental_import, retry_failed=retry_failed, user_metadata=user_metadata, request_options=request_options)

    def get_logs(
        self,
        integration_id: str,
        *,
        request_options: RequestOptions | None = None,
    ) -> _models.ImportLogs:
        """The import logs of an integration, oldest first (`ended_at` is None while an import runs).

        `GET /tasks/transfers/import/{integration_id}/logs`

        Args:
            integration_id: The unique identifier of the cloud integration.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ImportLogs`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.get_logs, integration_id, request_options=request_options)

    def get_status(
        self,
        integration_id: str,
        *,
        index_id: str,
        request_options: RequestOptions | None = None,
    ) -> _models.ImportStatus:
        """Status of every video of an integration's imports, bucketed by indexing status.

        `GET /tasks/transfers/import/{integration_id}/status`

        Args:
            integration_id: The unique identifier of the cloud integration.
            index_id: The index the videos were imported to.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ImportStatus`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.get_status, integration_id, index_id=index_id, request_options=request_options)


class SyncRootResource:
    """Blocking methods of the client's top-level namespace."""

    _runner: PortalRunner
    _async: AsyncRootResource

    def _init_namespaces(self, runner: PortalRunner, async_client: AsyncRootResource) -> None:
        self._runner = runner
        self._async = async_client
        self.embed = SyncEmbedResource(runner, async_client.embed)
        self.indexes = SyncIndexesResource(runner, async_client.indexes)
        self.manage_videos = SyncManageVideosResource(runner, async_client.manage_videos)
        self.search = SyncSearchResource(runner, async_client.search)
        self.tasks = SyncTasksResource(runner, async_client.tasks)

    def analyze(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.AnalyzeResult:
        """Generate open-ended text from a video and return it whole.

        `POST /analyze`

        Args:
            video_id: The video to analyze.
            prompt: Instructions for the model, at most 2,000 tokens.
            temperature: Randomness of the text; higher is more varied. Range 0 to 1. API default: `0.2`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `AnalyzeResult`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.analyze, video_id=video_id, prompt=prompt, temperature=temperature, request_options=request_options)

    def analyze_stream(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> SyncAnalyzeStream:
        """Generate open-ended text from a video as a stream of events; use `async for` or `async with`.

        `POST /analyze`

        Args:
            video_id: The video to analyze.
            prompt: Instructions for the model, at most 2,000 tokens.
            temperature: Randomness of the text; higher is more varied. Range 0 to 1. API default: `0.2`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A `SyncAnalyzeStream` of typed events; the request is sent on first use.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncAnalyzeStream(self._runner, self._async.analyze_stream(video_id=video_id, prompt=prompt, temperature=temperature, request_options=request_options))

    @overload
    def generate(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        stream: Literal[False] = False,
        request_options: RequestOptions | None = None,
    ) -> _models.AnalyzeResult: ...

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

    @overload
    def generate(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        stream: bool,
        request_options: RequestOptions | None = None,
    ) -> _models.AnalyzeResult | SyncAnalyzeStream: ...

    def generate(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        stream: bool = False,
        request_options: RequestOptions | None = None,
    ) -> _models.AnalyzeResult | SyncAnalyzeStream:
        """Generate open-ended text from a video; `stream=True` gives a stream of events. Prefer `analyze`: the API deprecates /generate.

        Deprecated: The API deprecated /generate on 2025-07-30 in favour of /analyze.

        `POST /generate`

        Args:
            video_id: The video to analyze.
            prompt: Instructions for the model, at most 2,000 tokens.
            temperature: Randomness of the text; higher is more varied. Range 0 to 1. API default: `0.2`.
            stream: True for an `AnalyzeStream` of events, False (default) for the whole result.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            With stream=False the `AnalyzeResult`; with stream=True a `SyncAnalyzeStream`.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        if stream:
            return SyncAnalyzeStream(self._runner, self._async.generate(video_id=video_id, prompt=prompt, temperature=temperature, stream=True, request_options=request_options))
        return self._runner.run(self._async.generate, video_id=video_id, prompt=prompt, temperature=temperature, stream=False, request_options=request_options)

    def gist(
        self,
        *,
        video_id: str,
        types: str | Sequence[str],
        request_options: RequestOptions | None = None,
    ) -> _models.GistResult:
        """Generate a title, topics and/or hashtags for a video (Pegasus indexes).

        `POST /gist`

        Args:
            video_id: The video to describe.
            types: What to generate: any of `title`, `topic`, `hashtag`. Values: `title`, `topic`,
                `hashtag`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `GistResult`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.gist, video_id=video_id, types=types, request_options=request_options)

    def summarize(
        self,
        *,
        video_id: str,
        type: str,
        prompt: str | None = None,
        temperature: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.SummarizeResult:
        """Summarize a video, or split it into chapters or highlights (Pegasus indexes).

        `POST /summarize`

        Args:
            video_id: The video to summarize.
            type: `summary`, `chapter` or `highlight`. One of `summary`, `chapter`, `highlight`.
            prompt: Instructions for the model, at most 2,000 tokens.
            temperature: Randomness of the text; higher is more varied. Range 0 to 1. API default: `0.2`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `SummarizeResult`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.summarize, video_id=video_id, type=type, prompt=prompt, temperature=temperature, request_options=request_options)


class SyncEmbedResource:
    """Blocking methods of `client.embed` namespace."""

    def __init__(self, runner: PortalRunner, async_resource: AsyncEmbedResource) -> None:
        self._runner = runner
        self._async = async_resource
        self.tasks = SyncEmbedTasksResource(runner, async_resource.tasks)

    def create(
        self,
        *,
        model_name: str,
        text: str | None = None,
        text_truncate: str | None = None,
        image_url: str | None = None,
        image_file: FileInput | None = None,
        audio_url: str | None = None,
        audio_file: FileInput | None = None,
        audio_start_offset_sec: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.EmbeddingResponse:
        """Create embeddings for text, an image and/or audio (1024 dimensions each).

        `POST /embed`

        Args:
            model_name: The embedding model, e.g. `Marengo-retrieval-2.7`.
            text: Text to embed (at most 77 tokens unless truncated).
            text_truncate: How to cut text over 77 tokens: `start`, `end` or `none` (an error). One of
                `start`, `end`, `none`. API default: `end`.
            image_url: URL of an image to embed.
            image_file: An image to embed: a path, an open binary file or bytes.
            audio_url: URL of an audio file to embed.
            audio_file: An audio file to embed: a path, an open binary file or bytes.
            audio_start_offset_sec: Where in the audio the embedding starts, in seconds. At least 0. API
                default: `0.0`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EmbeddingResponse`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.create, model_name=model_name, text=text, text_truncate=text_truncate, image_url=image_url, image_file=image_file, audio_url=audio_url, audio_file=audio_file, audio_start_offset_sec=audio_start_offset_sec, request_options=request_options)


class SyncIndexesResource:
    """Blocking methods of `client.indexes` namespace."""

    def __init__(self, runner: PortalRunner, async_resource: AsyncIndexesResource) -> None:
        self._runner = runner
        self._async = async_resource
        self.videos = SyncIndexesVideosResource(runner, async_resource.videos)

    def create(
        self,
        *,
        index_name: str,
        models: Sequence[_models.IndexModel | Mapping[str, Any]],
        addons: str | Sequence[str] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.IndexCreated:
        """Create an index with the video understanding models it will use. Models cannot change later.

        `POST /indexes`

        Args:
            index_name: A succinct, descriptive name for the index.
            models: One or two models, e.g. `[{'model_name': 'marengo2.7', 'model_options': ['visual',
                'audio']}]`.
            addons: Add-ons to enable: `thumbnail` (Marengo only; cannot be disabled later). Values:
                `thumbnail`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `IndexCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.create, index_name=index_name, models=models, addons=addons, request_options=request_options)

    def delete(
        self,
        index_id: str,
        *,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Delete an index and all its videos. Irreversible.

        `DELETE /indexes/{index_id}`

        Args:
            index_id: The unique identifier of the index.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with an empty body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(self._async.delete, index_id, request_options=request_options)

    def list(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: str | None = None,
        sort_option: str | None = None,
        index_name: str | None = None,
        model_options: str | Sequence[str] | None = None,
        model_family: str | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.Index, _models.IndexPage]:
        """List indexes. Await for the first page; iterate with `async for` for every index.

        `GET /indexes`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by: `created_at` or `updated_at`. One of `created_at`, `updated_at`. API
                default: `created_at`.
            sort_option: Sort order: `asc` or `desc`. One of `asc`, `desc`. API default: `desc`.
            index_name: Filter by the name of an index.
            model_options: Filter by model options (`visual`, `audio`); several are sent comma-separated.
                Values: `visual`, `audio`.
            model_family: Filter by model family: `marengo` or `pegasus`. One of `marengo`, `pegasus`.
            created_at: Only indexes created on that date at or after the given time (RFC 3339).
            updated_at: Only indexes updated on that date at or after the given time (RFC 3339).
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager: iterate it for every item; `.first_page()` gives the first `IndexPage`.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(self._runner, self._async.list(page=page, page_limit=page_limit, sort_by=sort_by, sort_option=sort_option, index_name=index_name, model_options=model_options, model_family=model_family, created_at=created_at, updated_at=updated_at, prefetch=prefetch, request_options=request_options))

    def retrieve(
        self,
        index_id: str,
        *,
        request_options: RequestOptions | None = None,
    ) -> _models.Index:
        """Retrieve an index.

        `GET /indexes/{index_id}`

        Args:
            index_id: The unique identifier of the index.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Index`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.retrieve, index_id, request_options=request_options)

    def update(
        self,
        index_id: str,
        *,
        index_name: str,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Rename an index (only the name can change).

        `PUT /indexes/{index_id}`

        Args:
            index_id: The unique identifier of the index.
            index_name: The new name of the index.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with an empty body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(self._async.update, index_id, index_name=index_name, request_options=request_options)


class SyncManageVideosResource:
    """Blocking methods of `client.manage_videos` namespace."""

    def __init__(self, runner: PortalRunner, async_resource: AsyncManageVideosResource) -> None:
        self._runner = runner
        self._async = async_resource

    def partial_update_video_information(
        self,
        index_id: str,
        video_id: str,
        *,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Merge user metadata into a video; a key set to None is deleted.

        `PATCH /indexes/{index_id}/videos/{video_id}`

        Args:
            index_id: The unique identifier of the index.
            video_id: The unique identifier of the video.
            user_metadata: Keys and values to merge; None deletes a key.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with an empty body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(self._async.partial_update_video_information, index_id, video_id, user_metadata=user_metadata, request_options=request_options)


class SyncSearchResource:
    """Blocking methods of `client.search` namespace."""

    def __init__(self, runner: PortalRunner, async_resource: AsyncSearchResource) -> None:
        self._runner = runner
        self._async = async_resource

    def create(
        self,
        *,
        index_id: str,
        search_options: str | Sequence[str],
        query_media_type: str | None = None,
        query_media_url: str | None = None,
        query_media_file: FileInput | None = None,
        query_text: str | None = None,
        adjust_confidence_level: float | None = None,
        group_by: str | None = None,
        threshold: str | None = None,
        sort_option: str | None = None,
        operator: str | None = None,
        page_limit: int | None = None,
        filter: str | Mapping[str, Any] | None = None,
        include_user_metadata: bool | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.SearchPage:
        """Search an index by text or image; returns the first page (see `search.query` to iterate all).

        `POST /search`

        Args:
            index_id: The index to search.
            search_options: Modalities to search: `visual` and/or `audio` (within the index's model
                options). Values: `visual`, `audio`.
            query_media_type: The media type of a media query: `image`. One of `image`.
            query_media_url: URL of the query image (JPEG or PNG, at most 5 MB).
            query_media_file: The query image: a path, an open binary file or bytes (JPEG or PNG, at most 5
                MB).
            query_text: The natural-language text query.
            adjust_confidence_level: Strictness of the confidence levels. Range 0 to 1. API default: `0.5`.
            group_by: Return clips (`clip`) or videos with their clips (`video`). One of `clip`, `video`.
                API default: `clip`.
            threshold: Minimum confidence: `high`, `medium`, `low` or `none`. One of `high`, `medium`,
                `low`, `none`. API default: `low`.
            sort_option: Sort by `score` or `clip_count` (the latter with group_by='video'). One of `score`,
                `clip_count`. API default: `score`.
            operator: Combine several search options with `or` or `and`. One of `or`, `and`. API default:
                `or`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            filter: Metadata filter: a mapping (or its JSON text), e.g. `{'duration': {'gte': 600}}`.
            include_user_metadata: Include each video's user metadata in the results.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `SearchPage`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.create, index_id=index_id, search_options=search_options, query_media_type=query_media_type, query_media_url=query_media_url, query_media_file=query_media_file, query_text=query_text, adjust_confidence_level=adjust_confidence_level, group_by=group_by, threshold=threshold, sort_option=sort_option, operator=operator, page_limit=page_limit, filter=filter, include_user_metadata=include_user_metadata, request_options=request_options)

    def query(
        self,
        *,
        index_id: str,
        search_options: str | Sequence[str],
        query_media_type: str | None = None,
        query_media_url: str | None = None,
        query_media_file: FileInput | None = None,
        query_text: str | None = None,
        adjust_confidence_level: float | None = None,
        group_by: str | None = None,
        threshold: str | None = None,
        sort_option: str | None = None,
        operator: str | None = None,
        page_limit: int | None = None,
        filter: str | Mapping[str, Any] | None = None,
        include_user_metadata: bool | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.SearchClip | _models.SearchVideoGroup, _models.SearchPage]:
        """Search an index by text or image; returns the first page (see `search.query` to iterate all).

        `POST /search`

        Args:
            index_id: The index to search.
            search_options: Modalities to search: `visual` and/or `audio` (within the index's model
                options). Values: `visual`, `audio`.
            query_media_type: The media type of a media query: `image`. One of `image`.
            query_media_url: URL of the query image (JPEG or PNG, at most 5 MB).
            query_media_file: The query image: a path, an open binary file or bytes (JPEG or PNG, at most 5
                MB).
            query_text: The natural-language text query.
            adjust_confidence_level: Strictness of the confidence levels. Range 0 to 1. API default: `0.5`.
            group_by: Return clips (`clip`) or videos with their clips (`video`). One of `clip`, `video`.
                API default: `clip`.
            threshold: Minimum confidence: `high`, `medium`, `low` or `none`. One of `high`, `medium`,
                `low`, `none`. API default: `low`.
            sort_option: Sort by `score` or `clip_count` (the latter with group_by='video'). One of `score`,
                `clip_count`. API default: `score`.
            operator: Combine several search options with `or` or `and`. One of `or`, `and`. API default:
                `or`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            filter: Metadata filter: a mapping (or its JSON text), e.g. `{'duration': {'gte': 600}}`.
            include_user_metadata: Include each video's user metadata in the results.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager over every page of this search: iterate it for every result; `.first_page()` gives the first `SearchPage`; options carry to the following pages.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(self._runner, self._async.query(index_id=index_id, search_options=search_options, query_media_type=query_media_type, query_media_url=query_media_url, query_media_file=query_media_file, query_text=query_text, adjust_confidence_level=adjust_confidence_level, group_by=group_by, threshold=threshold, sort_option=sort_option, operator=operator, page_limit=page_limit, filter=filter, include_user_metadata=include_user_metadata, prefetch=prefetch, request_options=request_options))

    def retrieve(
        self,
        page_token: str,
        *,
        include_user_metadata: bool | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.SearchPage:
        """Retrieve a further page of search results by its token (tokens expire).

        `GET /search/{page_token}`

        Args:
            page_token: A token that identifies the page to retrieve.
            include_user_metadata: Include each video's user metadata in the results.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `SearchPage`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.retrieve, page_token, include_user_metadata=include_user_metadata, request_options=request_options)


class SyncTasksResource(SyncTasksHelpers):
    """Blocking methods of `client.tasks` namespace."""

    def __init__(self, runner: PortalRunner, async_resource: AsyncTasksResource) -> None:
        self._runner = runner
        self._async = async_resource
        self.transfers = SyncTasksTransfersResource(runner, async_resource.transfers)

    def create(
        self,
        *,
        index_id: str,
        video_file: FileInput | None = None,
        video_url: str | None = None,
        enable_video_stream: bool | None = None,
        user_metadata: str | Mapping[str, Any] | None = None,
        preflight: bool = True,
        request_options: RequestOptions | None = None,
    ) -> _models.TaskCreated:
        """Upload a video (a file or a URL) to an index; returns the indexing task to wait for.

        `POST /tasks`

        Args:
            index_id: The index to upload the video to.
            video_file: The video: a path (str or Path), an open binary file, or bytes. Paths stream from
                disk.
            video_url: A URL of the raw video file, playable without interaction.
            enable_video_stream: Store the video for HLS streaming. API default: `true`.
            user_metadata: Metadata for the video: a mapping (or its JSON text) of str, int, float or bool
                values.
            preflight: Check the file before sending a byte (exists, readable, <= 2 GB; for MP4/MOV the
                duration and resolution limits). False skips the check.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `TaskCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.create, index_id=index_id, video_file=video_file, video_url=video_url, enable_video_stream=enable_video_stream, user_metadata=user_metadata, preflight=preflight, request_options=request_options)

    def delete(
        self,
        task_id: str,
        *,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Delete a task in `ready` or `failed` state (for `ready`, delete its video first). Irreversible.

        `DELETE /tasks/{task_id}`

        Args:
            task_id: The unique identifier of the video indexing task.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with an empty body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(self._async.delete, task_id, request_options=request_options)

    def list(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: str | None = None,
        sort_option: str | None = None,
        index_id: str | None = None,
        status: str | Sequence[str] | None = None,
        filename: str | None = None,
        duration: float | None = None,
        width: int | None = None,
        height: int | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.Task, _models.TaskPage]:
        """List video indexing tasks, newest first. Await for the first page; `async for` for every task.

        `GET /tasks`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by: `created_at` or `updated_at`. One of `created_at`, `updated_at`. API
                default: `created_at`.
            sort_option: Sort order: `asc` or `desc`. One of `asc`, `desc`. API default: `desc`.
            index_id: Filter by index.
            status: Filter by one or more statuses (each sent as its own `status` key). Values: `ready`,
                `uploading`, `validating`, `pending`, `queued`, `indexing`, `failed`.
            filename: Filter by file name.
            duration: Filter by duration in seconds. At least 0.
            width: Filter by width. At least 0.
            height: Filter by height. At least 0.
            created_at: Only tasks created on that date at or after the given time (RFC 3339).
            updated_at: Only tasks updated on that date at or after the given time (RFC 3339).
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager: iterate it for every item; `.first_page()` gives the first `TaskPage`.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(self._runner, self._async.list(page=page, page_limit=page_limit, sort_by=sort_by, sort_option=sort_option, index_id=index_id, status=status, filename=filename, duration=duration, width=width, height=height, created_at=created_at, updated_at=updated_at, prefetch=prefetch, request_options=request_options))

    def retrieve(
        self,
        task_id: str,
        *,
        request_options: RequestOptions | None = None,
    ) -> _models.Task:
        """Retrieve a video indexing task, with its HLS details when streaming is enabled.

        `GET /tasks/{task_id}`

        Args:
            task_id: The unique identifier of the video indexing task.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Task`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._async.retrieve, task_id, request_options=request_options)
