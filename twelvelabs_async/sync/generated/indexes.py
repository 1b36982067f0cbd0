# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.indexes` and the namespaces in it: blocking methods, each running the async funnel on the client's
portal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.routes import indexed_assets as _indexed_assets_routes
from twelvelabs_async.routes import indexes as _indexes_routes
from twelvelabs_async.sync._asset_helpers import SyncIndexedAssetsHelpers
from twelvelabs_async.sync._iterators import SyncPager

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.resources.generated.indexes import (
        AsyncIndexesIndexedAssetsResource,
        AsyncIndexesResource,
        AsyncIndexesVideosResource,
    )
    from twelvelabs_async.sync._runner import PortalRunner


class SyncIndexesIndexedAssetsResource(SyncIndexedAssetsHelpers):
    """Blocking methods of `client.indexes.indexed_assets`."""

    def __init__(
        self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncIndexesIndexedAssetsResource
    ) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def create(
        self,
        index_id: str,
        *,
        asset_id: str,
        enable_video_stream: bool | None = None,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.IndexedAssetCreated:
        """Index an asset (it must be `ready`); indexing runs in the background: wait for the indexed asset.

        `POST /indexes/{index_id}/indexed-assets`

        Args:
            index_id: The unique identifier of the index.
            asset_id: The asset to index.
            enable_video_stream: Keep an HLS stream of the indexed video.
            user_metadata: Metadata of the indexed asset (str, int, float, bool or lists of str).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `IndexedAssetCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _indexed_assets_routes.indexes_indexed_assets_create,
            {
                "index_id": index_id,
                "asset_id": asset_id,
                "enable_video_stream": enable_video_stream,
                "user_metadata": user_metadata,
            },
            request_options,
        )

    def delete(self, index_id: str, indexed_asset_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Delete an indexed asset (the asset itself stays).

        `DELETE /indexes/{index_id}/indexed-assets/{indexed_asset_id}`

        Args:
            index_id: The unique identifier of the index.
            indexed_asset_id: The unique identifier of the indexed asset.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call,
            _indexed_assets_routes.indexes_indexed_assets_delete,
            {"index_id": index_id, "indexed_asset_id": indexed_asset_id},
            request_options,
        )

    def list(
        self,
        index_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: Literal["created_at", "updated_at"] | str | None = None,
        sort_option: Literal["asc", "desc"] | str | None = None,
        status: Literal["pending", "queued", "indexing", "ready", "failed"]
        | str
        | Sequence[Literal["pending", "queued", "indexing", "ready", "failed"] | str]
        | None = None,
        filename: str | None = None,
        duration: float | Mapping[str, float | None] | tuple[float | None, float | None] | None = None,
        fps: float | Mapping[str, float | None] | tuple[float | None, float | None] | None = None,
        width: int | Mapping[str, int | None] | tuple[int | None, int | None] | None = None,
        height: int | Mapping[str, int | None] | tuple[int | None, int | None] | None = None,
        size: float | Mapping[str, float | None] | tuple[float | None, float | None] | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        user_metadata: Mapping[str, str | int | float | bool] | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.IndexedAsset, _models.IndexedAssetPage]:
        """List the indexed assets of an index.

        `GET /indexes/{index_id}/indexed-assets`

        Args:
            index_id: The unique identifier of the index.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by. Documented values: `created_at`, `updated_at` (others are sent as given).
                API default: `created_at`.
            sort_option: Sort order. Documented values: `asc`, `desc` (others are sent as given). API default:
                `desc`.
            status: Only these statuses (each sent as its own `status` key). Documented values: `pending`,
                `queued`, `indexing`, `ready`, `failed` (others are sent as given).
            filename: Filter by file name.
            duration: Filter by duration in seconds: a number for an exact match, or a range `{'gte': lo, 'lte':
                hi}` / `(lo, hi)` (either end may be None), sent as `duration[gte]` / `duration[lte]`.
            fps: Filter by frames per second: a number for an exact match, or a range `{'gte': lo, 'lte': hi}` /
                `(lo, hi)` (either end may be None), sent as `fps[gte]` / `fps[lte]`.
            width: Filter by width in pixels: an integer for an exact match, or a range `{'gte': lo, 'lte': hi}`
                / `(lo, hi)` (either end may be None), sent as `width[gte]` / `width[lte]`.
            height: Filter by height in pixels: an integer for an exact match, or a range `{'gte': lo, 'lte':
                hi}` / `(lo, hi)` (either end may be None), sent as `height[gte]` / `height[lte]`.
            size: Filter by size in bytes: a number for an exact match, or a range `{'gte': lo, 'lte': hi}` /
                `(lo, hi)` (either end may be None), sent as `size[gte]` / `size[lte]`.
            created_at: Only indexed assets created on that date at or after the given time (RFC 3339).
            updated_at: Only indexed assets updated on that date at or after the given time (RFC 3339).
            user_metadata: Filter by user metadata: each key and value is sent as its own query parameter.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every item across pages; `.pages()` gives each `IndexedAssetPage`, `.page` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(
            self._runner,
            self._client._paginate(
                _indexed_assets_routes.indexes_indexed_assets_list,
                {
                    "index_id": index_id,
                    "page": page,
                    "page_limit": page_limit,
                    "sort_by": sort_by,
                    "sort_option": sort_option,
                    "status": status,
                    "filename": filename,
                    "duration": duration,
                    "fps": fps,
                    "width": width,
                    "height": height,
                    "size": size,
                    "created_at": created_at,
                    "updated_at": updated_at,
                    "user_metadata": user_metadata,
                },
                request_options,
                prefetch,
            ),
        )

    def list_by_asset(
        self,
        asset_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.IndexedAssetRef, _models.IndexedAssetRefPage]:
        """List the indexed assets made from an asset, each with its index (which indexes hold this file?).

        `GET /assets/{asset_id}/indexed-assets`

        Args:
            asset_id: The unique identifier of the asset.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every item across pages; `.pages()` gives each `IndexedAssetRefPage`, `.page` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(
            self._runner,
            self._client._paginate(
                _indexed_assets_routes.indexes_indexed_assets_list_by_asset,
                {"asset_id": asset_id, "page": page, "page_limit": page_limit},
                request_options,
                prefetch,
            ),
        )

    def retrieve(
        self,
        index_id: str,
        indexed_asset_id: str,
        *,
        embedding_option: Literal["visual", "audio", "transcription", "visual-text"]
        | str
        | Sequence[Literal["visual", "audio", "transcription", "visual-text"] | str]
        | None = None,
        transcription: bool | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.IndexedAsset:
        """Retrieve an indexed asset, optionally with its embeddings and transcription.

        `GET /indexes/{index_id}/indexed-assets/{indexed_asset_id}`

        Args:
            index_id: The unique identifier of the index.
            indexed_asset_id: The unique identifier of the indexed asset.
            embedding_option: Embeddings to include (each sent as its own `embedding_option` key). Documented
                values: `visual`, `audio`, `transcription`, `visual-text` (others are sent as given).
            transcription: Include the transcription of the spoken words.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `IndexedAsset`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _indexed_assets_routes.indexes_indexed_assets_retrieve,
            {
                "index_id": index_id,
                "indexed_asset_id": indexed_asset_id,
                "embedding_option": embedding_option,
                "transcription": transcription,
            },
            request_options,
        )

    def update(
        self,
        index_id: str,
        indexed_asset_id: str,
        *,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Merge user metadata into an indexed asset: keys given are set, a key set to None is removed.

        `PATCH /indexes/{index_id}/indexed-assets/{indexed_asset_id}`

        Args:
            index_id: The unique identifier of the index.
            indexed_asset_id: The unique identifier of the indexed asset.
            user_metadata: Keys and values to merge; None removes a key.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call,
            _indexed_assets_routes.indexes_indexed_assets_update,
            {"index_id": index_id, "indexed_asset_id": indexed_asset_id, "user_metadata": user_metadata},
            request_options,
        )


class SyncIndexesVideosResource:
    """Blocking methods of `client.indexes.videos`."""

    def __init__(
        self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncIndexesVideosResource
    ) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def delete(self, index_id: str, video_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Delete a video and everything indexed for it. Irreversible.

        Note: The API says this endpoint will be deprecated in favour of indexed assets
        (`/indexes/{index_id}/indexed-assets`).

        `DELETE /indexes/{index_id}/videos/{video_id}`

        Args:
            index_id: The unique identifier of the index.
            video_id: The unique identifier of the video.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call,
            _indexes_routes.indexes_videos_delete,
            {"index_id": index_id, "video_id": video_id},
            request_options,
        )

    def list(
        self,
        index_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: Literal["created_at", "updated_at"] | str | None = None,
        sort_option: Literal["asc", "desc"] | str | None = None,
        filename: str | None = None,
        duration: float | Mapping[str, float | None] | tuple[float | None, float | None] | None = None,
        fps: float | Mapping[str, float | None] | tuple[float | None, float | None] | None = None,
        width: int | Mapping[str, int | None] | tuple[int | None, int | None] | None = None,
        height: int | Mapping[str, int | None] | tuple[int | None, int | None] | None = None,
        size: float | Mapping[str, float | None] | tuple[float | None, float | None] | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        user_metadata: Mapping[str, str | int | float | bool] | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.VideoSummary, _models.VideoPage]:
        """List the videos of an index.

        Note: The API says this endpoint will be deprecated in favour of indexed assets
        (`/indexes/{index_id}/indexed-assets`).

        `GET /indexes/{index_id}/videos`

        Args:
            index_id: The unique identifier of the index.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by. Documented values: `created_at`, `updated_at` (others are sent as given).
                API default: `created_at`.
            sort_option: Sort order. Documented values: `asc`, `desc` (others are sent as given). API default:
                `desc`.
            filename: Filter by file name.
            duration: Filter by duration in seconds: a number for an exact match, or a range `{'gte': lo, 'lte':
                hi}` / `(lo, hi)` (either end may be None), sent as `duration[gte]` / `duration[lte]`.
            fps: Filter by frames per second: a number for an exact match, or a range `{'gte': lo, 'lte': hi}` /
                `(lo, hi)` (either end may be None), sent as `fps[gte]` / `fps[lte]`.
            width: Filter by width in pixels: an integer for an exact match, or a range `{'gte': lo, 'lte': hi}`
                / `(lo, hi)` (either end may be None), sent as `width[gte]` / `width[lte]`.
            height: Filter by height in pixels: an integer for an exact match, or a range `{'gte': lo, 'lte':
                hi}` / `(lo, hi)` (either end may be None), sent as `height[gte]` / `height[lte]`.
            size: Filter by size in bytes: a number for an exact match, or a range `{'gte': lo, 'lte': hi}` /
                `(lo, hi)` (either end may be None), sent as `size[gte]` / `size[lte]`.
            created_at: Only videos whose indexing tasks were created on that date at or after the given time
                (RFC 3339).
            updated_at: Only videos updated on that date at or after the given time (RFC 3339).
            user_metadata: Filter by user metadata: each key and value is sent as its own query parameter.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every item across pages; `.pages()` gives each `VideoPage`, `.page` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(
            self._runner,
            self._client._paginate(
                _indexes_routes.indexes_videos_list,
                {
                    "index_id": index_id,
                    "page": page,
                    "page_limit": page_limit,
                    "sort_by": sort_by,
                    "sort_option": sort_option,
                    "filename": filename,
                    "duration": duration,
                    "fps": fps,
                    "width": width,
                    "height": height,
                    "size": size,
                    "created_at": created_at,
                    "updated_at": updated_at,
                    "user_metadata": user_metadata,
                },
                request_options,
                prefetch,
            ),
        )

    def retrieve(
        self,
        index_id: str,
        video_id: str,
        *,
        embedding_option: Literal["visual", "audio", "transcription", "visual-text"]
        | str
        | Sequence[Literal["visual", "audio", "transcription", "visual-text"] | str]
        | None = None,
        transcription: bool | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.Video:
        """Retrieve a video, optionally with its embeddings and transcription.

        Note: The API says this endpoint will be deprecated in favour of indexed assets
        (`/indexes/{index_id}/indexed-assets`).

        `GET /indexes/{index_id}/videos/{video_id}`

        Args:
            index_id: The unique identifier of the index.
            video_id: The unique identifier of the video.
            embedding_option: Embeddings to include (each sent as its own `embedding_option` key). Documented
                values: `visual`, `audio`, `transcription`, `visual-text` (others are sent as given).
            transcription: Include the transcription of the spoken words.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Video`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _indexes_routes.indexes_videos_retrieve,
            {
                "index_id": index_id,
                "video_id": video_id,
                "embedding_option": embedding_option,
                "transcription": transcription,
            },
            request_options,
        )

    def update(
        self,
        index_id: str,
        video_id: str,
        *,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Merge user metadata into a video: keys given are set, a key set to None is deleted, others stay.

        Note: The API says this endpoint will be deprecated in favour of indexed assets
        (`/indexes/{index_id}/indexed-assets`).

        `PATCH /indexes/{index_id}/videos/{video_id}`

        Args:
            index_id: The unique identifier of the index.
            video_id: The unique identifier of the video.
            user_metadata: Keys and values to merge (str, int, float or bool); None deletes a key.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call,
            _indexes_routes.indexes_videos_update,
            {"index_id": index_id, "video_id": video_id, "user_metadata": user_metadata},
            request_options,
        )


class SyncIndexesResource:
    """Blocking methods of `client.indexes`."""

    def __init__(self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncIndexesResource) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource
        self.indexed_assets = SyncIndexesIndexedAssetsResource(runner, client, async_resource.indexed_assets)
        self.videos = SyncIndexesVideosResource(runner, client, async_resource.videos)

    def create(
        self,
        *,
        index_name: str,
        models: Sequence[_models.IndexModel | Mapping[str, Any]],
        addons: Literal["thumbnail"] | str | Sequence[Literal["thumbnail"] | str] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.IndexCreated:
        """Create an index with the video understanding models it will use. Models cannot change later.

        `POST /indexes`

        Args:
            index_name: A succinct, descriptive name for the index.
            models: The models, e.g. `[{'model_name': 'marengo3.0', 'model_options': ['visual', 'audio']}]`.
            addons: Add-ons to enable (cannot be disabled later). Documented values: `thumbnail` (others are
                sent as given).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `IndexCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _indexes_routes.indexes_create,
            {"index_name": index_name, "models": models, "addons": addons},
            request_options,
        )

    def delete(self, index_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Delete an index and all its videos. Irreversible.

        `DELETE /indexes/{index_id}`

        Args:
            index_id: The unique identifier of the index.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(self._client._call, _indexes_routes.indexes_delete, {"index_id": index_id}, request_options)

    def list(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: Literal["created_at", "updated_at"] | str | None = None,
        sort_option: Literal["asc", "desc"] | str | None = None,
        index_name: str | None = None,
        model_options: Literal["visual", "audio"] | str | Sequence[Literal["visual", "audio"] | str] | None = None,
        model_family: Literal["marengo", "pegasus"] | str | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.Index, _models.IndexPage]:
        """List indexes.

        `GET /indexes`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by. Documented values: `created_at`, `updated_at` (others are sent as given).
                API default: `created_at`.
            sort_option: Sort order. Documented values: `asc`, `desc` (others are sent as given). API default:
                `desc`.
            index_name: Filter by the name of an index.
            model_options: Filter by model options; several are sent comma-separated. Documented values:
                `visual`, `audio` (others are sent as given).
            model_family: Filter by model family. Documented values: `marengo`, `pegasus` (others are sent as
                given).
            created_at: Only indexes created on that date at or after the given time (RFC 3339).
            updated_at: Only indexes updated on that date at or after the given time (RFC 3339).
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every item across pages; `.pages()` gives each `IndexPage`, `.page` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(
            self._runner,
            self._client._paginate(
                _indexes_routes.indexes_list,
                {
                    "page": page,
                    "page_limit": page_limit,
                    "sort_by": sort_by,
                    "sort_option": sort_option,
                    "index_name": index_name,
                    "model_options": model_options,
                    "model_family": model_family,
                    "created_at": created_at,
                    "updated_at": updated_at,
                },
                request_options,
                prefetch,
            ),
        )

    def retrieve(self, index_id: str, *, request_options: RequestOptions | None = None) -> _models.Index:
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
        return self._runner.run(
            self._client._call, _indexes_routes.indexes_retrieve, {"index_id": index_id}, request_options
        )

    def update(self, index_id: str, *, index_name: str, request_options: RequestOptions | None = None) -> None:
        """Rename an index (only the name can change).

        `PUT /indexes/{index_id}`

        Args:
            index_id: The unique identifier of the index.
            index_name: The new name of the index.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call,
            _indexes_routes.indexes_update,
            {"index_id": index_id, "index_name": index_name},
            request_options,
        )
