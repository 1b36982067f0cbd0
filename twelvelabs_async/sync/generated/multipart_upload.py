# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.multipart_upload` and the namespaces in it: blocking methods, each running the async funnel on the
client's portal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.routes import assets as _routes
from twelvelabs_async.sync._asset_helpers import SyncMultipartUploadHelpers
from twelvelabs_async.sync._iterators import SyncPager

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.resources.generated.multipart_upload import AsyncMultipartUploadResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncMultipartUploadResource(SyncMultipartUploadHelpers):
    """Blocking methods of `client.multipart_upload`."""

    def __init__(
        self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncMultipartUploadResource
    ) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def create(
        self,
        *,
        filename: str,
        type: Literal["video", "audio", "image"] | str,
        total_size: int,
        enable_hls: bool | None = None,
        enable_thumbnail: bool | None = None,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.MultipartUpload:
        """Start a multipart upload of a local file (video and audio up to 10 GB, images up to 32 MB);
        `multipart_upload.upload_file` does the whole upload for you.

        `POST /assets/multipart-uploads`

        Args:
            filename: The file's name.
            type: The kind of file. Documented values: `video`, `audio`, `image` (others are sent as given).
            total_size: The file's size in bytes. At least 1.
            enable_hls: Generate an HLS stream (video and audio).
            enable_thumbnail: Generate thumbnails.
            user_metadata: Metadata of the asset (str, int, float, bool or lists of str).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `MultipartUpload`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.multipart_upload_create,
            {
                "filename": filename,
                "type": type,
                "total_size": total_size,
                "enable_hls": enable_hls,
                "enable_thumbnail": enable_thumbnail,
                "user_metadata": user_metadata,
            },
            request_options,
        )

    def get_additional_presigned_urls(
        self, upload_id: str, *, start: int, count: int, request_options: RequestOptions | None = None
    ) -> _models.PresignedUrls:
        """Fresh presigned URLs for chunks `start` to `start + count - 1` (URLs expire after an hour and are single
        use).

        `POST /assets/multipart-uploads/{upload_id}/presigned-urls`

        Args:
            upload_id: The unique identifier of the upload session.
            start: The first chunk (1-based). At least 1.
            count: How many URLs. Range 1 to 50.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `PresignedUrls`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.multipart_upload_get_additional_presigned_urls,
            {"upload_id": upload_id, "start": start, "count": count},
            request_options,
        )

    def get_status(
        self,
        upload_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.ChunkInfo, _models.UploadStatus]:
        """The status of an upload session, page by page over its chunks.

        `GET /assets/multipart-uploads/{upload_id}`

        Args:
            upload_id: The unique identifier of the upload session.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every item across pages; `.pages()` gives each `UploadStatus`, `.page` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(
            self._runner,
            self._client._paginate(
                _routes.multipart_upload_get_status,
                {"upload_id": upload_id, "page": page, "page_limit": page_limit},
                request_options,
                prefetch,
            ),
        )

    def list_incomplete_uploads(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.IncompleteUpload, _models.IncompleteUploadPage]:
        """List the account's upload sessions that can still be resumed (sessions live 24 hours).

        `GET /assets/multipart-uploads`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every item across pages; `.pages()` gives each `IncompleteUploadPage`, `.page` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(
            self._runner,
            self._client._paginate(
                _routes.multipart_upload_list_incomplete_uploads,
                {"page": page, "page_limit": page_limit},
                request_options,
                prefetch,
            ),
        )

    def report_chunk_batch(
        self,
        upload_id: str,
        *,
        completed_chunks: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
    ) -> _models.ChunkReport:
        """Report uploaded chunks with the ETag each storage PUT answered; the upload completes when every chunk is
        reported. Re-reporting a chunk is harmless (counted as a duplicate).

        `POST /assets/multipart-uploads/{upload_id}`

        Args:
            upload_id: The unique identifier of the upload session.
            completed_chunks: The chunks. `[{'chunk_index': 1, 'proof': ETAG, 'proof_type': 'etag',
                'chunk_size': BYTES}, ...]` (`proof_type` defaults to `etag`).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ChunkReport`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.multipart_upload_report_chunk_batch,
            {"upload_id": upload_id, "completed_chunks": completed_chunks},
            request_options,
        )
