"""Hand-written helpers of ``client.multipart_upload``, with the official SDK 1.3.6's signatures: ``upload_file``
(the whole chunked upload) and ``wait_for_upload_completion``.

Where 1.3.6 differs, on purpose: no temporary chunk files (chunks are windows of the file, streamed from disk);
the session's ``upload_headers`` are sent; ``upload_id=`` continues an interrupted session instead of starting
again; one pool of connections for every chunk; ``max_workers`` chunks in flight without threads.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twelvelabs_async._errors import (
    ArgumentError,
    MissingFileError,
    UploadError,
    UploadSessionError,
    UploadWaitTimeoutError,
    WaitTimeoutError,
)

if TYPE_CHECKING:
    from twelvelabs_async._chunked_upload import UploadProgress, UploadResult, UploadSessionProgress
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.models import UploadStatus


class AsyncMultipartUploadHelpers:
    _client: AsyncTwelveLabs

    async def upload_file(
        self,
        file_path: str | os.PathLike[str],
        *,
        filename: str | None = None,
        file_type: str = "video",
        batch_size: int = 10,
        max_workers: int = 5,
        progress_callback: Callable[[UploadProgress], Awaitable[None] | None] | None = None,
        max_retries: int = 3,
        retry_delay: float = 1.0,
        enable_hls: bool | None = None,
        enable_thumbnail: bool | None = None,
        user_metadata: Mapping[str, Any] | None = None,
        upload_id: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> UploadResult:
        """Upload a local file through a multipart session: chunks streamed from disk straight to storage.

        Args:
            file_path: The file (video and audio up to 10 GB, images up to 32 MB).
            filename: The asset's name (default: the file's).
            file_type: ``video``, ``audio`` or ``image``.
            batch_size: Chunks reported to the API per request.
            max_workers: Chunks in flight at once.
            progress_callback: Called (sync or async) with an ``UploadProgress`` as bytes go out.
            max_retries: Retries of one chunk PUT after a connection error or a 5xx (a refused or expired URL is
                replaced by a fresh one on top of these).
            retry_delay: Accepted for the official SDK's signature; retries back off on their own schedule.
            enable_hls: Generate an HLS stream.
            enable_thumbnail: Generate thumbnails.
            user_metadata: Metadata of the asset.
            upload_id: Continue this interrupted session: only the chunks the server lacks are sent.
            request_options: Per-request timeout, retries, extra headers (API requests only).

        Returns:
            An ``UploadResult`` with ``asset_id`` (the asset is ``processing``: ``assets.wait_for_done`` it).

        Raises:
            MissingFileError: ``file_path`` does not exist (a ``FileNotFoundError`` and an ``ArgumentError``).
            ArgumentError: another bad argument, or an empty file, before any request.
            UploadError: the upload could not complete: a ``StorageError`` or ``UploadSessionError``, or an
                ``UploadError`` whose ``original_error`` is the API, connection or timeout error that stopped it.
        """
        import anyio.to_thread

        from twelvelabs_async._chunked_upload import ChunkedUpload

        if isinstance(retry_delay, bool) or not isinstance(retry_delay, (int, float)) or retry_delay < 0:
            raise ArgumentError("retry_delay", f"must be a number >= 0, got {retry_delay!r}")
        path = Path(os.fspath(file_path))
        try:
            info = await anyio.to_thread.run_sync(os.stat, path)
        except FileNotFoundError:
            raise MissingFileError("file_path", path) from None  # the official SDK's FileNotFoundError, typed
        except OSError as exc:
            raise ArgumentError("file_path", f"cannot access {str(path)!r}: {exc.strerror}") from None
        if not stat.S_ISREG(info.st_mode):
            raise ArgumentError("file_path", f"not a regular file: {str(path)!r}")
        upload = ChunkedUpload(
            self._client,
            path,
            filename=filename,
            file_type=file_type,
            enable_hls=enable_hls,
            enable_thumbnail=enable_thumbnail,
            user_metadata=user_metadata,
            upload_id=upload_id,
            concurrency=max_workers,
            report_every=batch_size,
            max_retries=max_retries,
            on_progress=progress_callback,
            request_options=request_options,
        )
        try:
            return await upload.run()
        except (UploadError, ArgumentError):
            # An UploadError is the official type already; an ArgumentError is refused before any request (an
            # empty file), where the caller's `except BadRequestError` / `except ValueError` is the right catch.
            raise
        except Exception as exc:
            # 1.3.6 wraps every failure of upload_file in its UploadError, so code written for it catches an API
            # error after the retries, a lost connection or a timeout with `except UploadError`. The typed cause
            # stays reachable as `original_error` (and `__cause__`) for code that tells them apart.
            raise UploadError(f"Upload failed: {exc}", original_error=exc) from exc

    async def wait_for_upload_completion(
        self,
        upload_id: str,
        *,
        sleep_interval: float = 5.0,
        max_wait_time: float | None = None,
        callback: Callable[[UploadSessionProgress], Awaitable[None] | None] | None = None,
        request_options: RequestOptions | None = None,
    ) -> UploadSessionProgress:
        """Wait until a multipart upload session is ``completed`` (the platform has the whole file).

        Polls ``GET /assets/multipart-uploads/{upload_id}`` (its first page carries the counts) with backoff from
        ``sleep_interval`` up to four times it, until ``max_wait_time``. Transient errors are retried.

        Args:
            upload_id: The session.
            sleep_interval: First delay between polls, in seconds.
            max_wait_time: Give up after this many seconds (None: as long as it takes).
            callback: Called (sync or async) with an ``UploadSessionProgress`` whenever the status changes.
            request_options: Per-request timeout, retries, extra headers.

        Returns:
            The final ``UploadSessionProgress`` (status ``completed``).

        Raises:
            UploadSessionError: the session ``failed`` or ``expired`` (an ``UploadError``).
            UploadWaitTimeoutError: ``max_wait_time`` passed first (a ``WaitTimeoutError`` and an ``UploadError``,
                as the official SDK raises ``UploadError`` there).
        """
        from twelvelabs_async._chunked_upload import UploadSessionProgress
        from twelvelabs_async._errors import TaskFailedError
        from twelvelabs_async._waiters import wait_for_status

        if isinstance(sleep_interval, bool) or not isinstance(sleep_interval, (int, float)) or sleep_interval <= 0:
            raise ArgumentError("sleep_interval", f"must be a positive number, got {sleep_interval!r}")
        client = self._client

        async def fetch() -> UploadSessionProgress:
            page: UploadStatus = await client.multipart_upload.get_status(
                upload_id, page_limit=1, request_options=request_options
            ).first_page()
            completed, failed, pending = page.chunks_completed or 0, page.chunks_failed or 0, page.chunks_pending or 0
            return UploadSessionProgress(
                upload_id=upload_id,
                status=page.status or "unknown",
                completed_chunks=completed,
                total_chunks=completed + failed + pending,
                failed_chunks=failed,
            )

        try:
            return await wait_for_status(
                fetch,
                upload_id,
                sleep_interval=sleep_interval,
                max_interval=sleep_interval * 4,
                timeout=max_wait_time,
                callback=callback,
                terminal=frozenset({"completed", "failed", "expired"}),
                failed=frozenset({"failed", "expired"}),
                kind="upload session",
            )
        except TaskFailedError as exc:
            status = getattr(exc.task, "status", "failed")
            raise UploadSessionError(f"upload session {upload_id} is {status}", upload_id=upload_id) from None
        except WaitTimeoutError as exc:
            if isinstance(exc, UploadWaitTimeoutError):
                raise
            raise UploadWaitTimeoutError(str(exc), task=exc.task, pending=exc.pending) from exc


__all__ = ["AsyncMultipartUploadHelpers"]
