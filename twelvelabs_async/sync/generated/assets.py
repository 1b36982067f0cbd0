# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.assets` and the namespaces in it: blocking methods, each running the async funnel on the client's
portal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.routes import assets as _routes
from twelvelabs_async.sync._asset_helpers import SyncAssetsHelpers
from twelvelabs_async.sync._iterators import SyncPager

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async.resources.generated.assets import AsyncAssetsResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncAssetsResource(SyncAssetsHelpers):
    """Blocking methods of `client.assets`."""

    def __init__(self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncAssetsResource) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def create(
        self,
        *,
        method: Literal["direct", "url"] | str,
        file: FileInput | None = None,
        url: str | None = None,
        filename: str | None = None,
        enable_hls: bool | None = None,
        enable_thumbnail: bool | None = None,
        user_metadata: str | Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.Asset:
        """Create an asset from a local file (at most 200 MB; larger files: `assets.upload`) or a URL (at most 4
        GB). It starts `processing`: wait until it is `ready` before using it.

        `POST /assets`

        Args:
            method: `direct` for a file, `url` for a URL. Documented values: `direct`, `url` (others are sent as
                given).
            file: The file (method='direct'): a path, an open binary file, bytes or a `(filename, bytes)` tuple.
            url: A publicly accessible URL of the file, or of an HLS VOD manifest.
            filename: The name to keep (default: from the file or the URL).
            enable_hls: Generate an HLS stream (video and audio). API default: `true`.
            enable_thumbnail: Generate thumbnails. API default: `true`.
            user_metadata: Metadata: a mapping (or its JSON text) of str, int, float, bool or lists of str.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Asset`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.assets_create,
            {
                "method": method,
                "file": file,
                "url": url,
                "filename": filename,
                "enable_hls": enable_hls,
                "enable_thumbnail": enable_thumbnail,
                "user_metadata": user_metadata,
            },
            request_options,
        )

    def delete(
        self, asset_id: str, *, force: bool | None = None, request_options: RequestOptions | None = None
    ) -> None:
        """Delete an asset. While indexed assets use it the API answers 409, unless `force=True` deletes them too.

        `DELETE /assets/{asset_id}`

        Args:
            asset_id: The unique identifier of the asset.
            force: Also delete the indexed assets that use it (and unlink its entities). API default: `false`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call, _routes.assets_delete, {"asset_id": asset_id, "force": force}, request_options
        )

    def delete_user_metadata(self, asset_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Remove all of an asset's user metadata.

        `DELETE /assets/{asset_id}/user-metadata`

        Args:
            asset_id: The unique identifier of the asset.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call, _routes.assets_delete_user_metadata, {"asset_id": asset_id}, request_options
        )

    def list(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        asset_ids: str | Sequence[str] | None = None,
        asset_types: Literal["video", "audio", "image", "document"]
        | str
        | Sequence[Literal["video", "audio", "image", "document"] | str]
        | None = None,
        filename: str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.Asset, _models.AssetPage]:
        """List the assets of the account.

        `GET /assets`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            asset_ids: Only these assets (each id sent as its own key).
            asset_types: Only these types. Documented values: `video`, `audio`, `image`, `document` (others are
                sent as given).
            filename: Only assets whose file name contains this (case-insensitive).
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every item across pages; `.pages()` gives each `AssetPage`, `.page` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(
            self._runner,
            self._client._paginate(
                _routes.assets_list,
                {
                    "page": page,
                    "page_limit": page_limit,
                    "asset_ids": asset_ids,
                    "asset_types": asset_types,
                    "filename": filename,
                },
                request_options,
                prefetch,
            ),
        )

    def replace_user_metadata(
        self,
        asset_id: str,
        *,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Replace an asset's user metadata with the given keys (the others are removed).

        `PUT /assets/{asset_id}/user-metadata`

        Args:
            asset_id: The unique identifier of the asset.
            user_metadata: The new metadata.
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
            _routes.assets_replace_user_metadata,
            {"asset_id": asset_id, "user_metadata": user_metadata},
            request_options,
        )

    def retrieve(self, asset_id: str, *, request_options: RequestOptions | None = None) -> _models.Asset:
        """Retrieve an asset: its status, and once `ready` its size, duration and technical metadata.

        `GET /assets/{asset_id}`

        Args:
            asset_id: The unique identifier of the asset.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Asset`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(self._client._call, _routes.assets_retrieve, {"asset_id": asset_id}, request_options)

    def retrieve_transcription(
        self,
        asset_id: str,
        *,
        include: Literal["words", "sentences", "utterances"]
        | str
        | Sequence[Literal["words", "sentences", "utterances"] | str]
        | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.AssetTranscription:
        """Retrieve the transcription of an asset's speech: words, sentences and/or speaker turns.

        `GET /assets/{asset_id}/transcription`

        Args:
            asset_id: The unique identifier of the asset.
            include: The segmentations to return. Documented values: `words`, `sentences`, `utterances` (others
                are sent as given).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `AssetTranscription`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.assets_retrieve_transcription,
            {"asset_id": asset_id, "include": include},
            request_options,
        )

    def update_user_metadata(
        self,
        asset_id: str,
        *,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Merge keys into an asset's user metadata; a key set to None is removed.

        `PATCH /assets/{asset_id}/user-metadata`

        Args:
            asset_id: The unique identifier of the asset.
            user_metadata: Keys to set; None removes a key.
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
            _routes.assets_update_user_metadata,
            {"asset_id": asset_id, "user_metadata": user_metadata},
            request_options,
        )
