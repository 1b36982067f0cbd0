# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.embed` and the namespaces in it: async methods."""

from __future__ import annotations

from collections.abc import Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async._deprecation import warn_deprecated
from twelvelabs_async.resources.embed_tasks import AsyncEmbedTasksHelpers
from twelvelabs_async.resources.embed_v2_tasks import AsyncEmbedV2TasksHelpers
from twelvelabs_async.routes import embed as _routes

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async._pagination import AsyncPager


class AsyncEmbedV2TasksResource(AsyncEmbedV2TasksHelpers):
    """Methods of `client.embed.v_2.tasks`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client

    async def create(
        self,
        *,
        input_type: Literal["audio", "video", "document", "image"] | str,
        model_name: Literal["marengo3.0", "marengo3.5"] | str,
        embedding_uncertainty: bool | None = None,
        embedding_dimension: int | None = None,
        audio: str | bytes | _models.MediaSource | Mapping[str, Any] | Any | None = None,
        video: str | bytes | _models.MediaSource | Mapping[str, Any] | Any | None = None,
        document: str | bytes | _models.MediaSource | Mapping[str, Any] | Any | None = None,
        image: str | bytes | _models.MediaSource | Mapping[str, Any] | Any | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.EmbedV2TaskCreated:
        """Start embedding audio or video (4 s to 4 h, up to 4 GB) in the background; returns the task to wait for.

        `POST /embed-v2/tasks`

        Args:
            input_type: Which input to embed; the argument of that name carries it (`document` and `image`:
                official SDK 1.3.6, marengo3.5). Documented values: `audio`, `video`, `document`, `image`
                (others are sent as given).
            model_name: The embedding model; embeddings of different models are not comparable. Documented
                values: `marengo3.0`, `marengo3.5` (others are sent as given).
            embedding_uncertainty: Also return a per-dimension uncertainty vector (marengo3.5); text-only or
                media-only requests.
            embedding_dimension: Dimensions of each embedding (marengo3.5); shorter ones are prefixes of the
                full one (Matryoshka). At least 1. API default: `512`.
            audio: Audio to embed. An http(s) URL, the file's bytes (sent as base64, at most 36 MB), a
                `MediaSource`, or `{'media_source': {...}, ...options}` (`start_sec`, `end_sec`, `segmentation`,
                `embedding_option`, `embedding_scope`, `embedding_type`).
            video: A video to embed. An http(s) URL, the file's bytes (sent as base64, at most 36 MB), a
                `MediaSource`, or `{'media_source': {...}, ...options}` (`start_sec`, `end_sec`, `segmentation`,
                `embedding_option`, `embedding_scope`, `embedding_type`).
            document: A document (PDF, plain text or Markdown; marengo3.5) to embed. An http(s) URL, the file's
                bytes (sent as base64, at most 36 MB), a `MediaSource`, or `{'media_source': {...}, ...options}`
                (`start_sec`, `end_sec`, `segmentation`, `embedding_option`, `embedding_scope`,
                `embedding_type`).
            image: An image to embed. An http(s) URL, the file's bytes (sent as base64, at most 36 MB), a
                `MediaSource`, or `{'media_source': {...}, ...options}` (`start_sec`, `end_sec`, `segmentation`,
                `embedding_option`, `embedding_scope`, `embedding_type`).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EmbedV2TaskCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.embed_v_2_tasks_create,
            {
                "input_type": input_type,
                "model_name": model_name,
                "embedding_uncertainty": embedding_uncertainty,
                "embedding_dimension": embedding_dimension,
                "audio": audio,
                "video": video,
                "document": document,
                "image": image,
            },
            request_options,
        )

    def list(
        self,
        *,
        started_at: str | None = None,
        ended_at: str | None = None,
        status: Literal["processing", "ready", "failed"] | str | None = None,
        page: int | None = None,
        page_limit: int | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.EmbedV2TaskSummary, _models.EmbedV2TaskPage]:
        """List embedding tasks (v2).

        `GET /embed-v2/tasks`

        Args:
            started_at: Only tasks created after this time (RFC 3339).
            ended_at: Only tasks created before this time (RFC 3339).
            status: Only tasks in this status. Documented values: `processing`, `ready`, `failed` (others are
                sent as given).
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`,
            `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it
            (awaited or not) gives every item across pages; `.pages()` gives each `EmbedV2TaskPage`, `await
            .first_page()` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._paginate(
            _routes.embed_v_2_tasks_list,
            {"started_at": started_at, "ended_at": ended_at, "status": status, "page": page, "page_limit": page_limit},
            request_options,
            prefetch,
        )

    async def retrieve(self, task_id: str, *, request_options: RequestOptions | None = None) -> _models.EmbedV2Task:
        """Retrieve an embedding task (v2): its status and, once ready, its embeddings (kept for 7 days).

        `GET /embed-v2/tasks/{task_id}`

        Args:
            task_id: The unique identifier of the embedding task.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EmbedV2Task`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(_routes.embed_v_2_tasks_retrieve, {"task_id": task_id}, request_options)


class AsyncEmbedTasksResource(AsyncEmbedTasksHelpers):
    """Methods of `client.embed.tasks`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client

    async def create(
        self,
        *,
        model_name: Literal["marengo3.0"] | str,
        video_file: FileInput | None = None,
        video_url: str | None = None,
        video_start_offset_sec: float | None = None,
        video_end_offset_sec: float | None = None,
        video_clip_length: float | None = None,
        video_embedding_scope: Literal["clip", "video"] | str | Sequence[Literal["clip", "video"] | str] | None = None,
        preflight: bool = True,
        request_options: RequestOptions | None = None,
    ) -> _models.EmbedTaskCreated:
        """Start a video embedding task from a file or a URL; wait for it, then retrieve the segments.

        Note: The API says embeddings v1 will be deprecated in favour of `/embed-v2`.

        `POST /embed/tasks`

        Args:
            model_name: The embedding model. Documented values: `marengo3.0` (others are sent as given).
            video_file: The video: a path (str or Path), an open binary file, or bytes. Paths stream from disk.
            video_url: A URL of the raw video file.
            video_start_offset_sec: Start of the embedded part in seconds (give together with the end offset).
                At least 0. API default: `0.0`.
            video_end_offset_sec: End of the embedded part in seconds (give together with the start offset). At
                least 0.
            video_clip_length: Length of each embedded clip in seconds. Range 2 to 10. API default: `6`.
            video_embedding_scope: `['clip']` or `['clip', 'video']` (each sent as its own form field).
                Documented values: `clip`, `video` (others are sent as given).
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
        return await self._client._call(
            _routes.embed_tasks_create,
            {
                "model_name": model_name,
                "video_file": video_file,
                "video_url": video_url,
                "video_start_offset_sec": video_start_offset_sec,
                "video_end_offset_sec": video_end_offset_sec,
                "video_clip_length": video_clip_length,
                "video_embedding_scope": video_embedding_scope,
            },
            request_options,
            preflight=preflight,
        )

    def list(
        self,
        *,
        started_at: str | None = None,
        ended_at: str | None = None,
        status: Literal["processing", "ready", "failed"] | str | None = None,
        page: int | None = None,
        page_limit: int | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.EmbedTask, _models.EmbedTaskPage]:
        """List video embedding tasks, newest first (the last 7 days unless dates are given).

        Note: The API says embeddings v1 will be deprecated in favour of `/embed-v2`.

        `GET /embed/tasks`

        Args:
            started_at: Only tasks created after this time (RFC 3339).
            ended_at: Only tasks created before this time (RFC 3339).
            status: Filter by status. Documented values: `processing`, `ready`, `failed` (others are sent as
                given).
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`,
            `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it
            (awaited or not) gives every item across pages; `.pages()` gives each `EmbedTaskPage`, `await
            .first_page()` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._paginate(
            _routes.embed_tasks_list,
            {"started_at": started_at, "ended_at": ended_at, "status": status, "page": page, "page_limit": page_limit},
            request_options,
            prefetch,
        )

    async def retrieve(
        self,
        task_id: str,
        *,
        embedding_option: Literal["visual", "audio", "transcription", "visual-text"]
        | str
        | Sequence[Literal["visual", "audio", "transcription", "visual-text"] | str]
        | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.EmbedTask:
        """Retrieve a finished video embedding task with its segments.

        `GET /embed/tasks/{task_id}`

        Args:
            task_id: The unique identifier of the video embedding task.
            embedding_option: Embeddings to return (all when omitted); each sent as its own key. Documented
                values: `visual`, `audio`, `transcription`, `visual-text` (others are sent as given).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EmbedTask`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.embed_tasks_retrieve, {"task_id": task_id, "embedding_option": embedding_option}, request_options
        )

    async def status(self, task_id: str, *, request_options: RequestOptions | None = None) -> _models.EmbedTaskStatus:
        """The status of a video embedding task.

        Note: The API says embeddings v1 will be deprecated in favour of `/embed-v2`.

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
        return await self._client._call(_routes.embed_tasks_status, {"task_id": task_id}, request_options)


class AsyncEmbedV2Resource:
    """Methods of `client.embed.v_2`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client
        self.tasks = AsyncEmbedV2TasksResource(client)

    async def create(
        self,
        *,
        input_type: Literal["text", "image", "text_image", "audio", "video", "multi_input"] | str,
        model_name: Literal["marengo3.0", "marengo3.5"] | str,
        auto_truncate: bool | None = None,
        embedding_uncertainty: bool | None = None,
        embedding_dimension: int | None = None,
        text: str | Mapping[str, Any] | Any | None = None,
        image: str | bytes | _models.MediaSource | Mapping[str, Any] | Any | None = None,
        text_image: Mapping[str, Any] | Any | None = None,
        audio: str | bytes | _models.MediaSource | Mapping[str, Any] | Any | None = None,
        video: str | bytes | _models.MediaSource | Mapping[str, Any] | Any | None = None,
        multi_input: Mapping[str, Any] | Any | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.EmbedV2Result:
        """Create embeddings of text, images, audio, video (up to 10 minutes), or inputs combined.

        `POST /embed-v2`

        Args:
            input_type: Which input to embed; the argument of that name carries it. Documented values: `text`,
                `image`, `text_image`, `audio`, `video`, `multi_input` (others are sent as given).
            model_name: The embedding model; embeddings of different models are not comparable. Documented
                values: `marengo3.0`, `marengo3.5` (others are sent as given).
            auto_truncate: Cut text over 2,000 tokens to fit instead of answering 400 (marengo3.5).
            embedding_uncertainty: Also return a per-dimension uncertainty vector (marengo3.5); text-only or
                media-only requests.
            embedding_dimension: Dimensions of each embedding (marengo3.5); shorter ones are prefixes of the
                full one (Matryoshka). At least 1. API default: `512`.
            text: Text to embed (at most 500 tokens). The text (a str), or `{'input_text': ...}`.
            image: An image (JPEG or PNG, at least 128x128) to embed. An http(s) URL, the file's bytes (sent as
                base64, at most 36 MB), a `MediaSource`, or `{'media_source': {...}, ...options}` (`start_sec`,
                `end_sec`, `segmentation`, `embedding_option`, `embedding_scope`, `embedding_type`).
            text_image: Text and an image, embedded together. `{'input_text': ..., 'media_source': <a URL,
                bytes, MediaSource or mapping>}`.
            audio: Audio (WAV, MP3 or FLAC, up to 10 minutes) to embed. An http(s) URL, the file's bytes (sent
                as base64, at most 36 MB), a `MediaSource`, or `{'media_source': {...}, ...options}`
                (`start_sec`, `end_sec`, `segmentation`, `embedding_option`, `embedding_scope`,
                `embedding_type`).
            video: A video (up to 10 minutes) to embed. An http(s) URL, the file's bytes (sent as base64, at
                most 36 MB), a `MediaSource`, or `{'media_source': {...}, ...options}` (`start_sec`, `end_sec`,
                `segmentation`, `embedding_option`, `embedding_scope`, `embedding_type`).
            multi_input: Text and up to 10 media sources in one embedding. `{'input_text': ... (with `<@name>`
                placeholders), 'media_sources': [{'name', 'media_type': 'image', 'url' | 'asset_id' |
                'base64_string'}, ...]}` (up to 10 sources; media_type defaults to image).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EmbedV2Result`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.embed_v_2_create,
            {
                "input_type": input_type,
                "model_name": model_name,
                "auto_truncate": auto_truncate,
                "embedding_uncertainty": embedding_uncertainty,
                "embedding_dimension": embedding_dimension,
                "text": text,
                "image": image,
                "text_image": text_image,
                "audio": audio,
                "video": video,
                "multi_input": multi_input,
            },
            request_options,
        )


class AsyncEmbedResource:
    """Methods of `client.embed`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client
        self.tasks = AsyncEmbedTasksResource(client)
        self.v_2 = AsyncEmbedV2Resource(client)

    def create(
        self,
        *,
        model_name: Literal["marengo3.0"] | str,
        text: str | None = None,
        text_truncate: str | None = None,
        image_url: str | None = None,
        image_file: FileInput | None = None,
        audio_url: str | None = None,
        audio_file: FileInput | None = None,
        audio_start_offset_sec: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> Coroutine[Any, Any, _models.EmbeddingResponse]:
        """Create embeddings for text, an image and/or audio.

        Note: The API says embeddings v1 will be deprecated in favour of `/embed-v2`.

        `POST /embed`

        Args:
            model_name: The embedding model. Documented values: `marengo3.0` (others are sent as given).
            text: Text to embed.
            text_truncate: Not sent (a DeprecationWarning says so): the API no longer takes text_truncate
                (2026); long text is handled by the model.
            image_url: URL of an image to embed.
            image_file: An image to embed: a path, an open binary file or bytes.
            audio_url: URL of an audio file to embed.
            audio_file: An audio file to embed: a path, an open binary file or bytes.
            audio_start_offset_sec: Where in the audio the embedding starts, in seconds. At least 0. API
                default: `0.0`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            An awaitable of `EmbeddingResponse`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        args = {
            "model_name": model_name,
            "text": text,
            "text_truncate": text_truncate,
            "image_url": image_url,
            "image_file": image_file,
            "audio_url": audio_url,
            "audio_file": audio_file,
            "audio_start_offset_sec": audio_start_offset_sec,
        }
        warn_deprecated(_routes.embed_create, args)
        return self._client._call(_routes.embed_create, args, request_options)
