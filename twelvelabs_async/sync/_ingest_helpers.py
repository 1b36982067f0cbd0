"""The blocking ``ingest_many`` (its async twin runs on the client's loop thread; progress handlers run there)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.resources.assets import DEFAULT_MULTIPART_THRESHOLD
from twelvelabs_async.resources.ingest import AsyncIngestHelpers

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._ingest import IngestOutcome, ProgressHandler
    from twelvelabs_async.sync._runner import PortalRunner


class SyncIngestHelpers:
    _runner: PortalRunner
    _client: AsyncTwelveLabs

    def ingest_many(
        self,
        files_or_urls: Iterable[str | os.PathLike[str]],
        *,
        index_id: str,
        concurrency: int = 4,
        chunk_concurrency: int = 4,
        journal: str | os.PathLike[str] | None = None,
        job: str = "default",
        on_progress: ProgressHandler | None = None,
        cleanup: Literal["never", "on_failure"] = "never",
        user_metadata: Mapping[str, Any] | None = None,
        enable_video_stream: bool | None = None,
        enable_hls: bool | None = None,
        enable_thumbnail: bool | None = None,
        multipart_threshold: int = DEFAULT_MULTIPART_THRESHOLD,
        retry_failed: bool = False,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        max_attempts: int = 8,
        request_options: RequestOptions | None = None,
        worker: str | None = None,
        lease_seconds: float | None = None,
    ) -> list[IngestOutcome]:
        return self._runner.run(
            self._client.ingest_many,
            files_or_urls,
            index_id=index_id,
            concurrency=concurrency,
            chunk_concurrency=chunk_concurrency,
            journal=journal,
            job=job,
            on_progress=on_progress,
            cleanup=cleanup,
            user_metadata=user_metadata,
            enable_video_stream=enable_video_stream,
            enable_hls=enable_hls,
            enable_thumbnail=enable_thumbnail,
            multipart_threshold=multipart_threshold,
            retry_failed=retry_failed,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            max_attempts=max_attempts,
            request_options=request_options,
            worker=worker,
            lease_seconds=lease_seconds,
        )

    ingest_many.__doc__ = AsyncIngestHelpers.ingest_many.__doc__


__all__ = ["SyncIngestHelpers"]
