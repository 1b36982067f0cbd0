"""Blocking twins of the asset helpers (upload, multipart upload, waiting for assets and indexed assets).

Each runs its async twin on the client's loop thread, so progress handlers and callbacks may be plain functions;
they run on that thread (keep them quick, and do not call the blocking client from them). The docstrings are the
async helpers' own.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from twelvelabs_async.resources.assets import DEFAULT_MULTIPART_THRESHOLD, AsyncAssetsHelpers
from twelvelabs_async.resources.indexed_assets import AsyncIndexedAssetsHelpers
from twelvelabs_async.resources.multipart_upload import AsyncMultipartUploadHelpers
from twelvelabs_async.sync._waiting import SyncStatusWaiter

if TYPE_CHECKING:
    from twelvelabs_async._chunked_upload import UploadProgress, UploadResult, UploadSessionProgress
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async._waiters import StatusCallback
    from twelvelabs_async.models import Asset, IndexedAsset
    from twelvelabs_async.resources.generated.assets import AsyncAssetsResource
    from twelvelabs_async.resources.generated.indexes import AsyncIndexesIndexedAssetsResource
    from twelvelabs_async.resources.generated.multipart_upload import AsyncMultipartUploadResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncAssetsHelpers:
    _runner: PortalRunner
    _async: AsyncAssetsResource

    def upload(
        self,
        file_or_url: FileInput,
        *,
        filename: str | None = None,
        user_metadata: Mapping[str, Any] | None = None,
        enable_hls: bool | None = None,
        enable_thumbnail: bool | None = None,
        on_progress: Callable[[UploadProgress], Awaitable[None] | None] | None = None,
        wait: bool = True,
        timeout: float | None = None,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        multipart_threshold: int = DEFAULT_MULTIPART_THRESHOLD,
        concurrency: int = 4,
        upload_id: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> Asset:
        return self._runner.run(
            self._async.upload,
            file_or_url,
            filename=filename,
            user_metadata=user_metadata,
            enable_hls=enable_hls,
            enable_thumbnail=enable_thumbnail,
            on_progress=on_progress,
            wait=wait,
            timeout=timeout,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            multipart_threshold=multipart_threshold,
            concurrency=concurrency,
            upload_id=upload_id,
            request_options=request_options,
        )

    def wait_for_done(
        self,
        asset_id: str,
        *,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        raise_on_failure: bool = False,
        request_options: RequestOptions | None = None,
    ) -> Asset:
        return self._runner.run(
            self._async.wait_for_done,
            asset_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            request_options=request_options,
        )

    def wait_many(
        self,
        asset_ids: Iterable[str],
        *,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> SyncStatusWaiter[Asset]:
        waiter = self._async.wait_many(
            asset_ids,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )
        return SyncStatusWaiter(self._runner, waiter)

    upload.__doc__ = AsyncAssetsHelpers.upload.__doc__
    wait_for_done.__doc__ = AsyncAssetsHelpers.wait_for_done.__doc__
    wait_many.__doc__ = (AsyncAssetsHelpers.wait_many.__doc__ or "").replace(
        "``await`` it for every final ``Asset`` in the order given, or ``async for``",
        "call ``.wait()`` on it for every final ``Asset`` in the order given, or iterate it",
    )


class SyncMultipartUploadHelpers:
    _runner: PortalRunner
    _async: AsyncMultipartUploadResource

    def upload_file(
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
        return self._runner.run(
            self._async.upload_file,
            file_path,
            filename=filename,
            file_type=file_type,
            batch_size=batch_size,
            max_workers=max_workers,
            progress_callback=progress_callback,
            max_retries=max_retries,
            retry_delay=retry_delay,
            enable_hls=enable_hls,
            enable_thumbnail=enable_thumbnail,
            user_metadata=user_metadata,
            upload_id=upload_id,
            request_options=request_options,
        )

    def wait_for_upload_completion(
        self,
        upload_id: str,
        *,
        sleep_interval: float = 5.0,
        max_wait_time: float | None = None,
        callback: Callable[[UploadSessionProgress], Awaitable[None] | None] | None = None,
        request_options: RequestOptions | None = None,
    ) -> UploadSessionProgress:
        return self._runner.run(
            self._async.wait_for_upload_completion,
            upload_id,
            sleep_interval=sleep_interval,
            max_wait_time=max_wait_time,
            callback=callback,
            request_options=request_options,
        )

    upload_file.__doc__ = AsyncMultipartUploadHelpers.upload_file.__doc__
    wait_for_upload_completion.__doc__ = AsyncMultipartUploadHelpers.wait_for_upload_completion.__doc__


class SyncIndexedAssetsHelpers:
    _runner: PortalRunner
    _async: AsyncIndexesIndexedAssetsResource

    def wait_for_done(
        self,
        index_id: str,
        indexed_asset_id: str,
        *,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        raise_on_failure: bool = False,
        request_options: RequestOptions | None = None,
    ) -> IndexedAsset:
        return self._runner.run(
            self._async.wait_for_done,
            index_id,
            indexed_asset_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            request_options=request_options,
        )

    def wait_many(
        self,
        indexed_asset_ids: Iterable[str],
        *,
        index_id: str,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> SyncStatusWaiter[IndexedAsset]:
        waiter = self._async.wait_many(
            indexed_asset_ids,
            index_id=index_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )
        return SyncStatusWaiter(self._runner, waiter)

    wait_for_done.__doc__ = AsyncIndexedAssetsHelpers.wait_for_done.__doc__
    wait_many.__doc__ = (AsyncIndexedAssetsHelpers.wait_many.__doc__ or "").replace(
        "``await`` it for every final ``IndexedAsset`` in the order given, or ``async for``",
        "call ``.wait()`` on it for every final ``IndexedAsset`` in the order given, or iterate it",
    )


__all__ = ["SyncAssetsHelpers", "SyncIndexedAssetsHelpers", "SyncMultipartUploadHelpers"]
