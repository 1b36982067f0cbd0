"""``client.ingest_many``: bulk ingestion in today's asset flow (mixed into the client's own methods)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.resources.assets import DEFAULT_MULTIPART_THRESHOLD

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._ingest import IngestOutcome, ProgressHandler


class AsyncIngestHelpers:
    _client: AsyncTwelveLabs

    async def ingest_many(
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
        """Ingest many files or URLs into an index: upload -> asset ready -> indexed asset -> ready, each exactly once.

        Never raises for one input's failure: every input gets an ``IngestOutcome`` (its asset and indexed asset,
        ``status`` ``ready`` or ``failed``, or the error that stopped it), in the order given. Paths over
        ``multipart_threshold`` bytes go through multipart sessions (chunks streamed from disk straight to storage),
        others through direct uploads, URLs through URL uploads. With ``journal``, a rerun after a crash (even
        ``kill -9``) resumes each input where it stopped, mid-file for a multipart upload; without one, the same
        rules hold within the run. No input ever yields two assets or two indexed assets, even when an answer is
        lost: each direct or URL upload carries an ingest key in its asset's user metadata
        (``twelvelabs_async_ingest_key``) to be found by, and indexing looks for the asset's indexed assets before
        creating one. Cancelling the call stops new uploads and cancels those in flight.

        Args:
            files_or_urls: Paths (str or Path) and http(s) URLs. The same file named twice is ingested once.
            index_id: The index.
            concurrency: Inputs uploading at once (waiting takes no slot).
            chunk_concurrency: Chunks in flight at once within one multipart upload.
            journal: Path of a SQLite journal to resume from; one run at a time may use it. Or a
                ``postgresql://`` URL (``pip install "twelvelabs-async[postgres]"``): one job shared by any number
                of workers on any number of machines, each input done once by one of them (see the README's "When
                one machine is not enough"). A file input is then known by its absolute path and size, so every
                worker must see the files at the same path.
            job: The job's name inside the journal (several jobs may share one file or database).
            on_progress: Called (sync or async) with each ``IngestEvent``: bytes sent, the asset, indexing, status
                changes, done or error.
            cleanup: ``on_failure`` deletes the asset of an input that failed (its indexed assets too).
            user_metadata: Metadata of every asset and indexed asset.
            enable_video_stream: Keep an HLS stream of the indexed videos.
            enable_hls: Generate HLS for the assets.
            enable_thumbnail: Generate thumbnails for the assets.
            multipart_threshold: Files larger than this many bytes go through multipart sessions.
            retry_failed: Inputs a journal records as failed are tried again (otherwise reported as failed).
            sleep_interval: First delay between polls while waiting.
            max_interval: Longest delay between polls.
            timeout: Give up waiting after this many seconds (the unfinished inputs get ``WaitTimeoutError``).
            max_attempts: Attempts of a step after transient failures (5xx, 429, lost answers).
            request_options: Per-request timeout, retries, extra headers.
            worker: A shared job's name for this worker (default: host, pid and a random suffix).
            lease_seconds: A shared job's lease: how long an input stays with a worker that stopped renewing it
                (died) before another worker takes it over (default 60; renewed every third of it).

        Returns:
            One ``IngestOutcome`` per input, in the order given. In a shared job, the call returns once every input
            given to it is finished, by this worker or another (``outcome.worker`` tells which); meanwhile this
            worker also works on the job's other inputs.

        Raises:
            ArgumentError: a bad argument (before any request).
            JournalError: the journal is unusable (empty, damaged, foreign); JournalLockedError: another run uses it.
        """
        from twelvelabs_async._ingest import IngestJob

        return await IngestJob(
            self._client,
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
        ).run()


__all__ = ["AsyncIngestHelpers"]
