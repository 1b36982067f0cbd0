# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""The client's own methods: async methods."""

from __future__ import annotations

from collections.abc import Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async._deprecation import warn_deprecated
from twelvelabs_async.resources.generated.analyze_async import AsyncAnalyzeAsyncResource
from twelvelabs_async.resources.generated.assets import AsyncAssetsResource
from twelvelabs_async.resources.generated.data_connectors import AsyncDataConnectorsResource
from twelvelabs_async.resources.generated.embed import AsyncEmbedResource
from twelvelabs_async.resources.generated.entity_collections import AsyncEntityCollectionsResource
from twelvelabs_async.resources.generated.imports import AsyncImportsResource
from twelvelabs_async.resources.generated.indexes import AsyncIndexesResource
from twelvelabs_async.resources.generated.knowledge_store_item_collections import (
    AsyncKnowledgeStoreItemCollectionsResource,
)
from twelvelabs_async.resources.generated.knowledge_store_items import AsyncKnowledgeStoreItemsResource
from twelvelabs_async.resources.generated.knowledge_stores import AsyncKnowledgeStoresResource
from twelvelabs_async.resources.generated.manage_videos import AsyncManageVideosResource
from twelvelabs_async.resources.generated.multipart_upload import AsyncMultipartUploadResource
from twelvelabs_async.resources.generated.responses import AsyncResponsesResource
from twelvelabs_async.resources.generated.search import AsyncSearchResource
from twelvelabs_async.resources.generated.tasks import AsyncTasksResource
from twelvelabs_async.resources.ingest import AsyncIngestHelpers
from twelvelabs_async.resources.legacy_text import AsyncLegacyTextHelpers
from twelvelabs_async.routes import analyze as _routes

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._streaming import AnalyzeStream


class AsyncRootResource(AsyncLegacyTextHelpers, AsyncIngestHelpers):
    """Methods of the client itself."""

    _client: AsyncTwelveLabs

    def _init_namespaces(self, client: AsyncTwelveLabs) -> None:
        self.analyze_async = AsyncAnalyzeAsyncResource(client)
        self.assets = AsyncAssetsResource(client)
        self.data_connectors = AsyncDataConnectorsResource(client)
        self.embed = AsyncEmbedResource(client)
        self.entity_collections = AsyncEntityCollectionsResource(client)
        self.imports = AsyncImportsResource(client)
        self.indexes = AsyncIndexesResource(client)
        self.knowledge_store_item_collections = AsyncKnowledgeStoreItemCollectionsResource(client)
        self.knowledge_store_items = AsyncKnowledgeStoreItemsResource(client)
        self.knowledge_stores = AsyncKnowledgeStoresResource(client)
        self.manage_videos = AsyncManageVideosResource(client)
        self.multipart_upload = AsyncMultipartUploadResource(client)
        self.responses = AsyncResponsesResource(client)
        self.search = AsyncSearchResource(client)
        self.tasks = AsyncTasksResource(client)

    def analyze(
        self,
        *,
        model_name: Literal["pegasus1.6", "pegasus1.5", "pegasus1.2"] | str | None = None,
        video: str | bytes | _models.VideoContext | Mapping[str, Any] | None = None,
        image: Sequence[Mapping[str, Any] | Any] | None = None,
        video_id: str | None = None,
        prompt: str | None = None,
        prompt_v_2: str | Mapping[str, Any] | Any | None = None,
        temperature: float | None = None,
        response_format: Mapping[str, Any] | Any | None = None,
        max_tokens: int | None = None,
        start_time: float | None = None,
        end_time: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> Coroutine[Any, Any, _models.AnalyzeResult]:
        """Analyze a video (or images) and return the whole answer: text, or JSON with `response_format`.

        `POST /analyze`

        Args:
            model_name: The Pegasus model (the API picks its default when omitted; `video_id` needs
                `pegasus1.2`). Documented values: `pegasus1.6`, `pegasus1.5`, `pegasus1.2` (others are sent as
                given).
            video: The video to analyze. An http(s) URL string, the video's bytes (sent as base64, at most 30
                MB), a `VideoContext`, or the API's tagged object `{'type': 'url' | 'asset_id' |
                'base64_string', ...}`.
            image: Images to analyze instead of a video (pegasus1.6). 1 to 20 images, each `{'name': ..., 'url'
                | 'asset_id' | 'base64_string': ...}`.
            video_id: A video of an index with Pegasus 1.2 (the 1.0.0-era source). Deprecated: the API will
                remove `video_id` and the official SDK 1.3.6 dropped it; give video={'type': 'asset_id', ...} or
                a URL instead.
            prompt: Instructions for the model, or a question about the video.
            prompt_v_2: A structured prompt with `<@name>` image placeholders (pegasus1.5 and later). The prompt
                text (a str), or `{'input_text': ..., 'media_sources': [...]}`.
            temperature: Randomness of the text; higher is more varied. Range 0 to 1. API default: `0.2`.
            response_format: Structured output: the answer is JSON valid against a schema. `{'type':
                'json_schema', 'json_schema': {...}}`, or the JSON schema itself (it is wrapped).
            max_tokens: The longest answer, in tokens (pegasus1.2: 2 to 4,096; pegasus1.5: 512 to 98,304). A
                longer answer is cut with `finish_reason='length'`. At least 1.
            start_time: Start of the analysis window, in seconds (pegasus1.5+).
            end_time: End of the analysis window, in seconds (at least 4 s after the start).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            An awaitable of `AnalyzeResult`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        args = {
            "model_name": model_name,
            "video": video,
            "image": image,
            "video_id": video_id,
            "prompt": prompt,
            "prompt_v_2": prompt_v_2,
            "temperature": temperature,
            "response_format": response_format,
            "max_tokens": max_tokens,
            "start_time": start_time,
            "end_time": end_time,
        }
        warn_deprecated(_routes.analyze, args)
        return self._client._call(_routes.analyze, args, request_options)

    def analyze_stream(
        self,
        *,
        model_name: Literal["pegasus1.6", "pegasus1.5", "pegasus1.2"] | str | None = None,
        video: str | bytes | _models.VideoContext | Mapping[str, Any] | None = None,
        image: Sequence[Mapping[str, Any] | Any] | None = None,
        video_id: str | None = None,
        prompt: str | None = None,
        prompt_v_2: str | Mapping[str, Any] | Any | None = None,
        temperature: float | None = None,
        response_format: Mapping[str, Any] | Any | None = None,
        max_tokens: int | None = None,
        start_time: float | None = None,
        end_time: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> AnalyzeStream:
        """Analyze a video (or images) as a stream of events; use `async for` or `async with`.

        `POST /analyze`

        Args:
            model_name: The Pegasus model (the API picks its default when omitted; `video_id` needs
                `pegasus1.2`). Documented values: `pegasus1.6`, `pegasus1.5`, `pegasus1.2` (others are sent as
                given).
            video: The video to analyze. An http(s) URL string, the video's bytes (sent as base64, at most 30
                MB), a `VideoContext`, or the API's tagged object `{'type': 'url' | 'asset_id' |
                'base64_string', ...}`.
            image: Images to analyze instead of a video (pegasus1.6). 1 to 20 images, each `{'name': ..., 'url'
                | 'asset_id' | 'base64_string': ...}`.
            video_id: A video of an index with Pegasus 1.2 (the 1.0.0-era source). Deprecated: the API will
                remove `video_id` and the official SDK 1.3.6 dropped it; give video={'type': 'asset_id', ...} or
                a URL instead.
            prompt: Instructions for the model, or a question about the video.
            prompt_v_2: A structured prompt with `<@name>` image placeholders (pegasus1.5 and later). The prompt
                text (a str), or `{'input_text': ..., 'media_sources': [...]}`.
            temperature: Randomness of the text; higher is more varied. Range 0 to 1. API default: `0.2`.
            response_format: Structured output: the answer is JSON valid against a schema. `{'type':
                'json_schema', 'json_schema': {...}}`, or the JSON schema itself (it is wrapped).
            max_tokens: The longest answer, in tokens (pegasus1.2: 2 to 4,096; pegasus1.5: 512 to 98,304). A
                longer answer is cut with `finish_reason='length'`. At least 1.
            start_time: Start of the analysis window, in seconds (pegasus1.5+).
            end_time: End of the analysis window, in seconds (at least 4 s after the start).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            An `AnalyzeStream` of typed events; the request is sent on first use.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        args = {
            "model_name": model_name,
            "video": video,
            "image": image,
            "video_id": video_id,
            "prompt": prompt,
            "prompt_v_2": prompt_v_2,
            "temperature": temperature,
            "response_format": response_format,
            "max_tokens": max_tokens,
            "start_time": start_time,
            "end_time": end_time,
        }
        warn_deprecated(_routes.analyze_stream, args)
        return self._client._stream(_routes.analyze_stream, args, request_options)
