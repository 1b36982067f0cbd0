# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""The client's own methods: blocking methods, each running the async funnel on the client's portal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async._deprecation import warn_deprecated
from twelvelabs_async.routes import analyze as _routes
from twelvelabs_async.sync._helpers import SyncLegacyTextHelpers
from twelvelabs_async.sync._ingest_helpers import SyncIngestHelpers
from twelvelabs_async.sync._iterators import SyncAnalyzeStream
from twelvelabs_async.sync.generated.analyze_async import SyncAnalyzeAsyncResource
from twelvelabs_async.sync.generated.assets import SyncAssetsResource
from twelvelabs_async.sync.generated.data_connectors import SyncDataConnectorsResource
from twelvelabs_async.sync.generated.embed import SyncEmbedResource
from twelvelabs_async.sync.generated.entity_collections import SyncEntityCollectionsResource
from twelvelabs_async.sync.generated.imports import SyncImportsResource
from twelvelabs_async.sync.generated.indexes import SyncIndexesResource
from twelvelabs_async.sync.generated.knowledge_store_item_collections import SyncKnowledgeStoreItemCollectionsResource
from twelvelabs_async.sync.generated.knowledge_store_items import SyncKnowledgeStoreItemsResource
from twelvelabs_async.sync.generated.knowledge_stores import SyncKnowledgeStoresResource
from twelvelabs_async.sync.generated.manage_videos import SyncManageVideosResource
from twelvelabs_async.sync.generated.multipart_upload import SyncMultipartUploadResource
from twelvelabs_async.sync.generated.responses import SyncResponsesResource
from twelvelabs_async.sync.generated.search import SyncSearchResource
from twelvelabs_async.sync.generated.tasks import SyncTasksResource

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.resources.generated.root import AsyncRootResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncRootResource(SyncLegacyTextHelpers, SyncIngestHelpers):
    """Blocking methods of the client itself."""

    _runner: PortalRunner
    _client: AsyncTwelveLabs
    _async: AsyncRootResource

    def _init_namespaces(self, runner: PortalRunner, async_client: AsyncTwelveLabs) -> None:
        self._runner = runner
        self._client = async_client
        self._async = async_client
        self.analyze_async = SyncAnalyzeAsyncResource(runner, async_client, async_client.analyze_async)
        self.assets = SyncAssetsResource(runner, async_client, async_client.assets)
        self.data_connectors = SyncDataConnectorsResource(runner, async_client, async_client.data_connectors)
        self.embed = SyncEmbedResource(runner, async_client, async_client.embed)
        self.entity_collections = SyncEntityCollectionsResource(runner, async_client, async_client.entity_collections)
        self.imports = SyncImportsResource(runner, async_client, async_client.imports)
        self.indexes = SyncIndexesResource(runner, async_client, async_client.indexes)
        self.knowledge_store_item_collections = SyncKnowledgeStoreItemCollectionsResource(
            runner, async_client, async_client.knowledge_store_item_collections
        )
        self.knowledge_store_items = SyncKnowledgeStoreItemsResource(
            runner, async_client, async_client.knowledge_store_items
        )
        self.knowledge_stores = SyncKnowledgeStoresResource(runner, async_client, async_client.knowledge_stores)
        self.manage_videos = SyncManageVideosResource(runner, async_client, async_client.manage_videos)
        self.multipart_upload = SyncMultipartUploadResource(runner, async_client, async_client.multipart_upload)
        self.responses = SyncResponsesResource(runner, async_client, async_client.responses)
        self.search = SyncSearchResource(runner, async_client, async_client.search)
        self.tasks = SyncTasksResource(runner, async_client, async_client.tasks)

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
    ) -> _models.AnalyzeResult:
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
            `AnalyzeResult`

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
        return self._runner.run(self._client._call, _routes.analyze, args, request_options)

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
    ) -> SyncAnalyzeStream:
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
            A `SyncAnalyzeStream` of typed events; the request is sent on first use.

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
        return SyncAnalyzeStream(self._runner, self._client._stream(_routes.analyze_stream, args, request_options))
