"""One file through one multipart upload session: create it (or continue it), PUT the missing chunks to their
presigned URLs, report them, until the platform has the whole file.

- Chunks are windows of the file streamed from disk (``_presigned.put_window``): memory stays at a few buffers
  whatever the file size, and nothing is written next to the source.
- ``concurrency`` chunks are in flight at once; URLs are asked for in batches of up to 50, in the background
  once fewer than 2 x ``concurrency`` are in hand (ahead of need, so no chunk waits for one, yet never many:
  they expire after an hour), and a URL the storage host refuses (expired or already used) is replaced by a
  fresh one for that chunk.
- Every ``report_every`` uploaded chunks are reported with their ETags by one background task, so no chunk
  slot waits for a report's answer; reports are idempotent on the server (a chunk reported twice is counted
  once), so a report whose answer was lost is simply sent again. A report that fails stops the upload.
- Continuing a session (``upload_id=``) asks the server which chunks it already has and sends only the others.
- ``on_session`` and ``on_reported`` let a journal record the session before the first byte is sent and each
  report once it is accepted, so a process killed mid-file resumes mid-file.

The session's ``upload_headers`` are sent with every chunk PUT; the API key never is.
"""

from __future__ import annotations

import collections
import inspect
import logging
import math
import os
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from twelvelabs_async._errors import ArgumentError, PresignedUrlRejectedError, StorageError, UploadSessionError
from twelvelabs_async._presigned import put_window

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.models import MultipartUpload, PresignedUrl

logger = logging.getLogger("twelvelabs_async")

MAX_URLS_PER_REQUEST = 50
# A URL this close to its expiry is replaced before use rather than risked.
URL_MARGIN_SECONDS = 120.0
MAX_URL_REFRESHES = 5  # per chunk: a storage host that keeps refusing fresh URLs is not retried forever
MAX_REPAIR_ROUNDS = 3  # times the chunks the server still lacks after the last report are sent again


def _percentage(progress: UploadProgress) -> float:
    if progress.total_bytes:
        return 100.0 * progress.bytes_sent / progress.total_bytes
    if progress.total_chunks:
        return 100.0 * progress.completed_chunks / progress.total_chunks
    return 100.0


@attrs.frozen(kw_only=True)
class UploadProgress:
    """Where a multipart upload stands: what the official SDK reports (``completed_chunks``, ``total_chunks``,
    ``percentage``, ``status``) and the bytes (``bytes_sent`` of ``total_bytes``, in-flight chunks included).

    ``percentage`` counts bytes, so it moves while a chunk is on its way rather than once per reported batch; it
    never goes back (a chunk sent again after a failure does not lower it) and is 100.0 with the final report,
    when ``completed_chunks == total_chunks``. It can be made as the official class is,
    ``UploadProgress(total_chunks=..., completed_chunks=..., percentage=..., status=...)``; without a
    ``percentage`` it is computed from the bytes (or the chunks, when there are no byte counts).
    """

    upload_id: str = ""
    total_chunks: int
    completed_chunks: int
    bytes_sent: int = 0
    total_bytes: int = 0
    status: str = "uploading"
    percentage: float = attrs.field(default=attrs.Factory(_percentage, takes_self=True))


@attrs.frozen(kw_only=True)
class UploadResult:
    """A finished multipart upload: the asset (``asset_id``; it is ``processing`` until the platform is done
    with the file) and, when the last report gave one, ``asset_url``."""

    asset_id: str
    asset_url: str = ""
    upload_id: str = ""
    chunks_sent: int = 0  # chunks PUT by this call (fewer than the file's when a session was continued)


@attrs.frozen(kw_only=True)
class UploadSessionProgress:
    """What ``wait_for_upload_completion`` reports: the session's ``status`` and its chunk counts (the official
    SDK's ``UploadStatus``, which it can be made as: ``UploadSessionProgress(status=..., completed_chunks=...,
    total_chunks=...)``)."""

    upload_id: str = ""
    status: str
    completed_chunks: int
    total_chunks: int
    failed_chunks: int = 0

    @property
    def id(self) -> str:  # the polling engine names what it waits for by id
        return self.upload_id


ProgressCallback = Callable[[UploadProgress], "Awaitable[None] | None"]
SessionHook = Callable[["MultipartUpload"], "Awaitable[None] | None"]
ReportHook = Callable[[list[int]], "Awaitable[None] | None"]


async def _call(hook: Callable[..., Any] | None, *args: Any) -> None:
    if hook is not None:
        result = hook(*args)
        if inspect.isawaitable(result):
            await result


@attrs.define
class _Url:
    url: str
    expires_at: float | None  # epoch seconds


class ChunkedUpload:
    """Uploads one file through one session; ``await run()``. Usable once."""

    def __init__(
        self,
        client: AsyncTwelveLabs,
        path: Path,
        *,
        filename: str | None = None,
        file_type: str = "video",
        enable_hls: bool | None = None,
        enable_thumbnail: bool | None = None,
        user_metadata: Mapping[str, Any] | None = None,
        upload_id: str | None = None,
        asset_id: str | None = None,
        concurrency: int = 4,
        report_every: int = 10,
        max_retries: int = 5,
        on_progress: ProgressCallback | None = None,
        on_session: SessionHook | None = None,
        on_reported: ReportHook | None = None,
        request_options: RequestOptions | None = None,
        rng: random.Random | None = None,
    ) -> None:
        for name, value in (("concurrency", concurrency), ("report_every", report_every)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 50:
                raise ArgumentError(name, f"must be an int from 1 to 50, got {value!r}")
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ArgumentError("max_retries", f"must be an int >= 0, got {max_retries!r}")
        self._client = client
        self._path = path
        self._filename = filename or path.name
        self._file_type = file_type
        self._enable_hls = enable_hls
        self._enable_thumbnail = enable_thumbnail
        self._user_metadata = user_metadata
        self._resume_id = upload_id
        self._concurrency = concurrency
        self._report_every = report_every
        self._max_retries = max_retries
        self._on_progress = on_progress
        self._on_session = on_session
        self._on_reported = on_reported
        self._options = request_options
        self._rng = rng or random.Random()
        self._upload_id = ""
        self._asset_id: str | None = asset_id  # known when continuing a session whose creation was recorded
        self._asset_url = ""
        self._size = 0
        self._chunk_size = 0
        self._total_chunks = 0
        self._headers: dict[str, str] = {}
        self._urls: dict[int, _Url] = {}
        self._url_lock = anyio.Lock()
        self._report_lock = anyio.Lock()
        self._to_report: list[dict[str, Any]] = []
        self._report_wanted = anyio.Event()  # set when a full batch waits for the reporter of _send
        self._queue: collections.deque[int] = collections.deque()  # chunks of this round no worker took yet
        self._queued: set[int] = set()  # the same, to look up
        self._group_start: Callable[[Callable[[], Awaitable[None]]], object] | None = None
        self._fetching_ahead = False
        self._done: set[int] = set()  # chunks the server has (reported and accepted)
        self._in_flight: dict[int, int] = {}  # chunk -> bytes sent so far in this attempt
        self._sent_bytes = 0  # of chunks uploaded in this run
        self._reported_bytes = 0  # the most ever reported to on_progress: progress never goes back
        self._chunks_sent = 0

    # --- the plan ----------------------------------------------------------------------------------------------

    def _window(self, index: int) -> tuple[int, int]:
        offset = (index - 1) * self._chunk_size
        return offset, min(self._chunk_size, self._size - offset)

    async def run(self) -> UploadResult:
        self._size = (await anyio.to_thread.run_sync(os.stat, self._path)).st_size
        if self._size <= 0:
            raise ArgumentError("file_path", f"{self._path.name} is empty")
        if self._resume_id is not None:
            await self._continue(self._resume_id)
        else:
            await self._create()
        missing = [i for i in range(1, self._total_chunks + 1) if i not in self._done]
        for _round in range(MAX_REPAIR_ROUNDS + 1):
            if missing:
                await self._send(missing)
            await self._flush_reports(final=True)
            if len(self._done) >= self._total_chunks and self._asset_id is not None:
                break
            missing = await self._server_missing()
        else:
            raise UploadSessionError(
                f"{self._filename}: the server still lacks {len(missing)} chunk(s) after {MAX_REPAIR_ROUNDS} repairs",
                upload_id=self._upload_id,
            )
        assert self._asset_id is not None
        await self._progress("completed")
        return UploadResult(
            asset_id=self._asset_id, asset_url=self._asset_url, upload_id=self._upload_id, chunks_sent=self._chunks_sent
        )

    async def _create(self) -> None:
        session = await self._client.multipart_upload.create(
            filename=self._filename,
            type=self._file_type,
            total_size=self._size,
            enable_hls=self._enable_hls,
            enable_thumbnail=self._enable_thumbnail,
            user_metadata=self._user_metadata,
            request_options=self._options,
        )
        self._adopt(session.upload_id, session.chunk_size, session.total_chunks, session.asset_id)
        self._headers = dict(session.upload_headers)
        self._store_urls(session.upload_urls)
        await _call(self._on_session, session)

    def _adopt(self, upload_id: str, chunk_size: int | None, total_chunks: int | None, asset_id: str | None) -> None:
        if not chunk_size or chunk_size < 1:
            raise UploadSessionError(
                f"session {upload_id} has no usable chunk size ({chunk_size!r})", upload_id=upload_id
            )
        expected = math.ceil(self._size / chunk_size)
        if total_chunks is not None and total_chunks != expected:
            # The server counted another file (or another size): sending our bytes into it would corrupt both.
            raise UploadSessionError(
                f"session {upload_id} expects {total_chunks} chunk(s) of {chunk_size} bytes; "
                f"{self._filename} ({self._size} bytes) makes {expected}",
                upload_id=upload_id,
            )
        self._upload_id = upload_id
        self._chunk_size = chunk_size
        self._total_chunks = expected
        self._asset_id = asset_id or self._asset_id

    async def _continue(self, upload_id: str) -> None:
        """Pick up an incomplete session: its layout from the incomplete list, its finished chunks from its
        status, so only the chunks the server lacks are sent again."""
        found = None
        async for summary in self._client.multipart_upload.list_incomplete_uploads(
            page_limit=50, request_options=self._options
        ):
            if summary.upload_id == upload_id:
                found = summary
                break
        if found is None or found.status not in (None, "active"):
            raise UploadSessionError(
                f"session {upload_id} cannot be continued (it completed, failed or expired); start a new upload",
                upload_id=upload_id,
            )
        if found.total_size is not None and found.total_size != self._size:
            raise UploadSessionError(
                f"session {upload_id} is for {found.total_size} bytes, {self._filename} has {self._size}",
                upload_id=upload_id,
            )
        self._adopt(upload_id, found.chunk_size, found.total_chunks, None)
        self._done = await self._server_completed()

    async def _server_completed(self) -> set[int]:
        done: set[int] = set()
        status = self._client.multipart_upload.get_status(self._upload_id, page_limit=50, request_options=self._options)
        async for chunk in status:
            if chunk.status == "completed":
                done.add(chunk.index)
        return done

    async def _server_missing(self) -> list[int]:
        self._done = await self._server_completed()
        missing = [i for i in range(1, self._total_chunks + 1) if i not in self._done]
        if not missing and self._asset_id is None:
            # Every chunk is in, but this run learned no asset id (a continued session whose chunks were all
            # reported before): the id comes back with any report, and a repeated one changes nothing.
            raise UploadSessionError(
                f"session {self._upload_id} is complete but its asset id is unknown here; it is the asset id the "
                "session was created with",
                upload_id=self._upload_id,
            )
        return missing

    # --- sending -----------------------------------------------------------------------------------------------

    async def _send(self, chunks: list[int]) -> None:
        """PUT ``chunks`` with ``concurrency`` workers. Reports and URL requests run in tasks beside them, so a
        chunk slot never waits on an API round trip: the workers queue ETags for the reporter and take URLs
        fetched ahead of them. Every task lives in this call's task groups: none outlives it, failed or
        cancelled."""
        if not chunks:
            return  # no worker would ever end the reporter
        self._queue = collections.deque(chunks)
        self._queued = set(chunks)
        self._fetching_ahead = False  # a fetch of a cancelled round may never have reached its own reset
        failures: list[Exception] = []
        closing = False
        self._report_wanted = anyio.Event()

        async def reporter() -> None:
            try:
                # One turn per wake-up; the last comes once the workers are done: bounded by the chunks sent.
                while True:
                    await self._report_wanted.wait()
                    # A new event before the round trip, so a batch filled during it wakes the next turn.
                    self._report_wanted = anyio.Event()
                    last = closing  # read before the round trip: every chunk queued before it is in this turn
                    if await self._flush_reports():
                        await self._progress("uploading")
                    if last:
                        return  # the remainder (under report_every) is the caller's final report
            except Exception as exc:
                failures.append(exc)
                everything.cancel_scope.cancel()  # the workers too: an upload whose reports fail is stopped now

        async def guarded(job: Callable[[], Awaitable[None]]) -> None:
            try:
                await job()
            except Exception as exc:
                # The first failure stops the other workers and is raised as itself, not in an exception group.
                failures.append(exc)
                workers.cancel_scope.cancel()

        async def worker() -> None:
            while self._queue:  # each worker takes the next chunk; the queue is shared
                index = self._queue.popleft()
                self._queued.discard(index)
                await self._send_chunk(index)

        async with anyio.create_task_group() as everything:
            everything.start_soon(reporter)
            async with anyio.create_task_group() as workers:
                self._group_start = lambda job: workers.start_soon(guarded, job)
                for _ in range(min(self._concurrency, len(chunks))):
                    workers.start_soon(guarded, worker)
            self._group_start = None
            # Even after a failed PUT, the full batches of chunks already stored are reported (as when workers
            # reported inline), so a resumed session does not send them again.
            closing = True
            self._report_wanted.set()
        if failures:
            for later in failures[1:]:
                # Only the first failure is raised (it is what stopped the upload); a report that failed after
                # it is not lost from view.
                logger.warning("%s: after %r, also: %r", self._filename, failures[0], later)
            raise failures[0]

    async def _send_chunk(self, index: int) -> None:
        offset, length = self._window(index)

        async def progress(sent: int) -> None:
            self._in_flight[index] = sent
            await self._progress("uploading")

        for _refresh in range(MAX_URL_REFRESHES + 1):
            url = await self._url_for(index)
            try:
                etag = await put_window(
                    self._client._transport,
                    url,
                    self._path,
                    offset,
                    length,
                    headers=self._headers,
                    progress=progress,
                    max_retries=self._max_retries,
                    rng=self._rng,
                )
                break
            except PresignedUrlRejectedError:
                self._urls.pop(index, None)  # used or expired: the next attempt asks for a fresh one
            except StorageError as exc:
                if exc.chunk_index is None:
                    exc.chunk_index = index  # the storage layer knows a URL, not which chunk it was for
                raise
            finally:
                self._in_flight.pop(index, None)
        else:
            error = UploadSessionError(
                f"{self._filename}: the storage host refused {MAX_URL_REFRESHES + 1} fresh URLs for chunk {index}",
                upload_id=self._upload_id,
            )
            error.chunk_index = index
            raise error
        self._sent_bytes += length
        self._chunks_sent += 1
        self._to_report.append({"chunk_index": index, "proof": etag, "proof_type": "etag", "chunk_size": length})
        if len(self._to_report) >= self._report_every:
            self._report_wanted.set()  # the reporter sends it; this slot goes on to its next chunk
        await self._progress("uploading")

    def _usable(self, index: int) -> bool:
        known = self._urls.get(index)
        return known is not None and (known.expires_at is None or known.expires_at - time.time() >= URL_MARGIN_SECONDS)

    async def _url_for(self, index: int) -> str:
        if not self._usable(index):
            # Only at the start, after a refusal or when the fetch ahead fell behind: one request at a time, and
            # the one in flight may bring this URL.
            async with self._url_lock:
                if not self._usable(index):
                    await self._fetch_urls(index)
                    if index not in self._urls:
                        raise UploadSessionError(
                            f"session {self._upload_id} answered no URL for chunk {index}", upload_id=self._upload_id
                        )
        # Single use: a URL is handed out once; a retry of this chunk asks for another.
        url = self._urls.pop(index).url
        self._fetch_ahead()
        return url

    def _fetch_ahead(self) -> None:
        """Ask for the next URLs in the background while 2 x ``concurrency`` are still in hand, so a worker
        finds its URL waiting rather than waiting for it."""
        if self._fetching_ahead or self._group_start is None:
            return
        ready = sum(1 for i in self._urls if i in self._queued)
        if ready >= 2 * self._concurrency or ready >= len(self._queue):
            return
        self._fetching_ahead = True

        async def fetch() -> None:
            try:
                async with self._url_lock:
                    # The queue's first chunks that lack a URL; its head holds the URLs in hand (a bounded scan).
                    start = next((i for i in self._queue if not self._usable(i)), None)
                    if start is not None:
                        await self._fetch_urls(start)
            finally:
                self._fetching_ahead = False

        self._group_start(fetch)

    async def _fetch_urls(self, index: int) -> None:
        """Fetch URLs for ``index`` and the queued chunks right after it that lack one: one request serves many
        chunks. The caller holds ``_url_lock``: two requests at once would ask for the same chunks."""
        count = 1
        while (
            count < MAX_URLS_PER_REQUEST
            and index + count <= self._total_chunks
            and index + count in self._queued
            and index + count not in self._urls
        ):
            count += 1
        fresh = await self._client.multipart_upload.get_additional_presigned_urls(
            self._upload_id, start=index, count=count, request_options=self._options
        )
        self._store_urls(fresh.upload_urls)

    def _store_urls(self, urls: list[PresignedUrl]) -> None:
        for item in urls:
            if 1 <= item.chunk_index <= self._total_chunks:
                expires = item.expires_at.timestamp() if item.expires_at is not None else None
                self._urls[item.chunk_index] = _Url(item.url, expires)

    async def _flush_reports(self, *, final: bool = False) -> bool:
        """Report what is pending in batches of ``report_every``; the remainder only when ``final``. (Flushing
        whatever finished while a report was on its way would turn one report per batch into one per chunk or
        two.) Returns whether anything was reported."""
        size = MAX_URLS_PER_REQUEST if final else min(self._report_every, MAX_URLS_PER_REQUEST)
        sent = False
        async with self._report_lock:
            while self._to_report and (final or len(self._to_report) >= size):
                batch, self._to_report = self._to_report[:size], self._to_report[size:]
                answer = await self._client.multipart_upload.report_chunk_batch(
                    self._upload_id, completed_chunks=batch, request_options=self._options
                )
                indexes = [chunk["chunk_index"] for chunk in batch]
                self._done.update(indexes)
                if answer.asset_id:
                    self._asset_id = answer.asset_id
                if answer.url:
                    self._asset_url = answer.url
                sent = True
                await _call(self._on_reported, indexes)
        return sent

    async def _progress(self, status: str) -> None:
        if self._on_progress is None:
            return
        done_bytes = sum(self._window(i)[1] for i in self._done) if status == "completed" else 0
        sent = max(done_bytes, self._sent_bytes + sum(self._in_flight.values()))
        # A chunk retried after a failure starts its bytes again; what was shown stays shown.
        self._reported_bytes = max(self._reported_bytes, min(sent, self._size))
        await _call(
            self._on_progress,
            UploadProgress(
                upload_id=self._upload_id,
                total_chunks=self._total_chunks,
                completed_chunks=len(self._done),
                bytes_sent=self._reported_bytes,
                total_bytes=self._size,
                status=status,
            ),
        )


__all__ = ["ChunkedUpload", "UploadProgress", "UploadResult", "UploadSessionProgress"]
