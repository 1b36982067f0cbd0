# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.analyze_async` and the namespaces in it: async methods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.resources.analyze_async import AsyncAnalyzeAsyncBatchesHelpers, AsyncAnalyzeAsyncTasksHelpers
from twelvelabs_async.routes import analyze_async as _routes

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._item_stream import ItemStream
    from twelvelabs_async._pagination import AsyncPager


class AsyncAnalyzeAsyncBatchesResource(AsyncAnalyzeAsyncBatchesHelpers):
    """Methods of `client.analyze_async.batches`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client

    async def cancel(self, batch_id: str, *, request_options: RequestOptions | None = None) -> _models.AnalyzeBatch:
        """Cancel a batch: queued items are canceled, processing ones finish (`canceling`, then `canceled`).

        `POST /analyze/batches/{batch_id}/cancel`

        Args:
            batch_id: The unique identifier of the batch.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `AnalyzeBatch`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(_routes.analyze_async_batches_cancel, {"batch_id": batch_id}, request_options)

    async def create(
        self,
        *,
        model_name: Literal["pegasus1.5"] | str,
        analysis_mode: Literal["general", "time_based_metadata"] | str,
        requests: Sequence[str | Mapping[str, Any] | Any],
        defaults: Mapping[str, Any] | Any | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.AnalyzeBatchCreated:
        """Submit up to 1,000 analyses of uploaded assets as one batch (at most 5 active batches per account).

        `POST /analyze/batches`

        Args:
            model_name: The model of every item (batches need pegasus1.5). Documented values: `pegasus1.5`
                (others are sent as given).
            analysis_mode: The analysis mode of every item (one per batch). Documented values: `general`,
                `time_based_metadata` (others are sent as given).
            requests: The analyses. 1 to 1,000 requests, each an asset id or `{'video': {'type': 'asset_id',
                'asset_id': ...}` (or `'asset_id': ...`), optional `custom_id` (unique in the batch), and
                overrides of the defaults `prompt` (a str or `{'input_text', 'media_sources'}`),
                `response_format`, `temperature`, `max_tokens`, `min_segment_duration`, `max_segment_duration`,
                `start_time`, `end_time`}`.
            defaults: Options for every request that does not set its own: `prompt` (a str or `{'input_text',
                'media_sources'}`), `response_format`, `temperature`, `max_tokens`, `min_segment_duration`,
                `max_segment_duration`, `start_time`, `end_time`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `AnalyzeBatchCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.analyze_async_batches_create,
            {"model_name": model_name, "analysis_mode": analysis_mode, "requests": requests, "defaults": defaults},
            request_options,
        )

    async def delete(self, batch_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Delete a batch and its tasks (only once completed, canceled or expired: 409 before).

        `DELETE /analyze/batches/{batch_id}`

        Args:
            batch_id: The unique identifier of the batch.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        await self._client._call(_routes.analyze_async_batches_delete, {"batch_id": batch_id}, request_options)

    def list(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        status: Literal["pending", "processing", "canceling", "canceled", "completed", "expired"]
        | str
        | Sequence[Literal["pending", "processing", "canceling", "canceled", "completed", "expired"] | str]
        | None = None,
        analysis_mode: Literal["general", "time_based_metadata"]
        | str
        | Sequence[Literal["general", "time_based_metadata"] | str]
        | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.AnalyzeBatch, _models.AnalyzeBatchPage]:
        """List batches with their item counts.

        `GET /analyze/batches`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            status: Only batches in these statuses (each its own query parameter). Documented values: `pending`,
                `processing`, `canceling`, `canceled`, `completed`, `expired` (others are sent as given).
            analysis_mode: Only batches of these analysis modes. Documented values: `general`,
                `time_based_metadata` (others are sent as given).
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`,
            `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it
            (awaited or not) gives every item across pages; `.pages()` gives each `AnalyzeBatchPage`, `await
            .first_page()` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._paginate(
            _routes.analyze_async_batches_list,
            {"page": page, "page_limit": page_limit, "status": status, "analysis_mode": analysis_mode},
            request_options,
            prefetch,
        )

    def results(
        self, batch_id: str, *, request_options: RequestOptions | None = None
    ) -> ItemStream[_models.BatchResultItem]:
        """Stream the results of a batch, one item a line (callable while it runs; kept 30 days).

        `GET /analyze/batches/{batch_id}/results`

        Args:
            batch_id: The unique identifier of the batch.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            An `ItemStream` of `BatchResultItem`; the request is sent on first use.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._item_stream(_routes.analyze_async_batches_results, {"batch_id": batch_id}, request_options)

    async def retrieve(self, batch_id: str, *, request_options: RequestOptions | None = None) -> _models.AnalyzeBatch:
        """Retrieve a batch: its status and item counts (`completed` means finished, not succeeded).

        `GET /analyze/batches/{batch_id}`

        Args:
            batch_id: The unique identifier of the batch.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `AnalyzeBatch`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(_routes.analyze_async_batches_retrieve, {"batch_id": batch_id}, request_options)


class AsyncAnalyzeAsyncTasksResource(AsyncAnalyzeAsyncTasksHelpers):
    """Methods of `client.analyze_async.tasks`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client

    async def cancel(
        self, task_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.AnalyzeTaskCanceled:
        """Cancel an analysis task that is queued, pending or processing (a task of a batch: cancel the batch).

        Note: In the official SDK 1.3.6, not yet in the 2026-07 spec. Cancelling twice is harmless.

        `POST /analyze/tasks/{task_id}/cancel`

        Args:
            task_id: The unique identifier of the analysis task.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `AnalyzeTaskCanceled`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(_routes.analyze_async_tasks_cancel, {"task_id": task_id}, request_options)

    async def create(
        self,
        *,
        model_name: Literal["pegasus1.6", "pegasus1.5"] | str | None = None,
        custom_id: str | None = None,
        video: str | bytes | _models.VideoContext | Mapping[str, Any] | None = None,
        image: Sequence[Mapping[str, Any] | Any] | None = None,
        prompt: str | None = None,
        prompt_v_2: str | Mapping[str, Any] | Any | None = None,
        analysis_mode: Literal["general", "time_based_metadata"] | str | None = None,
        temperature: float | None = None,
        max_tokens: int | Literal["unlimited"] | None = None,
        response_format: Mapping[str, Any] | Sequence[Mapping[str, Any]] | Any | None = None,
        min_segment_duration: float | None = None,
        max_segment_duration: float | None = None,
        start_time: float | None = None,
        end_time: float | None = None,
        idempotency_key: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.AnalyzeTaskCreated:
        """Start analyzing a video (or images) in the background; returns the task to wait for.

        `POST /analyze/tasks`

        Args:
            model_name: The Pegasus model (the API picks its default, pegasus1.5, when omitted). Documented
                values: `pegasus1.6`, `pegasus1.5` (others are sent as given).
            custom_id: Your identifier for the task, returned with it and in its webhooks (1 to 64 of A-Z, a-z,
                0-9, `-`, `_`; not unique: use `idempotency_key` against duplicates).
            video: The video to analyze. An http(s) URL string, the video's bytes (sent as base64, at most 30
                MB), a `VideoContext`, or the API's tagged object `{'type': 'url' | 'asset_id' |
                'base64_string', ...}`.
            image: Images to analyze instead of a video (pegasus1.6, with `prompt`). 1 to 20 images, each
                `{'name': ..., 'url' | 'asset_id' | 'base64_string': ...}`.
            prompt: Instructions for the model, or a question (general analysis).
            prompt_v_2: A structured prompt with `<@name>` image placeholders. The prompt text (a str), or
                `{'input_text': ..., 'media_sources': [...]}`.
            analysis_mode: `general` (text from a prompt) or `time_based_metadata` (segments from segment
                definitions). Documented values: `general`, `time_based_metadata` (others are sent as given).
                API default: `general`.
            temperature: Randomness of the text; higher is more varied. Range 0 to 1. API default: `0.2`.
            max_tokens: The longest answer, in tokens (general: 512 to 98,304; segmentation: 2,048 to 98,304).
                An int, or `'unlimited'` (segmentation with pegasus1.6 only, official SDK 1.3.6).
            response_format: Structured output. `{'type': 'json_schema', 'json_schema': {...}}` (or the JSON
                schema itself, wrapped), or `{'type': 'segment_definitions', 'segment_definitions': [...]}` (or
                the list of 1 to 20 segment definitions itself, wrapped), each `{'id', 'description', 'fields':
                [...]}`.
            min_segment_duration: Shortest segment, in seconds (segmentation). At least 2.
            max_segment_duration: Longest segment, in seconds (segmentation); longer sections are split. At
                least 2.
            start_time: Start of the analysis window, in seconds. At least 0.
            end_time: End of the analysis window, in seconds. At least 0.
            idempotency_key: Sent as the `Idempotency-Key` header: the API runs a create with a given key once.
                One is minted for every call when omitted, so a retry after a lost answer cannot start a second
                task; give your own to make a retry across processes safe too.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `AnalyzeTaskCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.analyze_async_tasks_create,
            {
                "model_name": model_name,
                "custom_id": custom_id,
                "video": video,
                "image": image,
                "prompt": prompt,
                "prompt_v_2": prompt_v_2,
                "analysis_mode": analysis_mode,
                "temperature": temperature,
                "max_tokens": max_tokens,
                "response_format": response_format,
                "min_segment_duration": min_segment_duration,
                "max_segment_duration": max_segment_duration,
                "start_time": start_time,
                "end_time": end_time,
                "idempotency_key": idempotency_key,
            },
            request_options,
        )

    async def delete(self, task_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Delete an analysis task (not while it is processing: 409).

        `DELETE /analyze/tasks/{task_id}`

        Args:
            task_id: The unique identifier of the analysis task.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        await self._client._call(_routes.analyze_async_tasks_delete, {"task_id": task_id}, request_options)

    def list(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        status: Literal["queued", "pending", "processing", "ready", "failed", "canceled"] | str | None = None,
        video_url: str | None = None,
        asset_id: str | None = None,
        analysis_mode: Literal["general", "time_based_metadata"] | str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.AnalyzeTask, _models.AnalyzeTaskPage]:
        """List analysis tasks, newest first.

        `GET /analyze/tasks`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            status: Only tasks in this status (one status a request). Documented values: `queued`, `pending`,
                `processing`, `ready`, `failed`, `canceled` (others are sent as given).
            video_url: Only tasks of this exact video URL.
            asset_id: Only tasks of this asset.
            analysis_mode: Only tasks of this analysis mode. Documented values: `general`, `time_based_metadata`
                (others are sent as given).
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`,
            `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it
            (awaited or not) gives every item across pages; `.pages()` gives each `AnalyzeTaskPage`, `await
            .first_page()` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._paginate(
            _routes.analyze_async_tasks_list,
            {
                "page": page,
                "page_limit": page_limit,
                "status": status,
                "video_url": video_url,
                "asset_id": asset_id,
                "analysis_mode": analysis_mode,
            },
            request_options,
            prefetch,
        )

    async def retrieve(self, task_id: str, *, request_options: RequestOptions | None = None) -> _models.AnalyzeTask:
        """Retrieve an analysis task: its status and, once ready, its result.

        `GET /analyze/tasks/{task_id}`

        Args:
            task_id: The unique identifier of the analysis task.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `AnalyzeTask`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(_routes.analyze_async_tasks_retrieve, {"task_id": task_id}, request_options)


class AsyncAnalyzeAsyncResource:
    """Methods of `client.analyze_async`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client
        self.batches = AsyncAnalyzeAsyncBatchesResource(client)
        self.tasks = AsyncAnalyzeAsyncTasksResource(client)
