"""Hand-written helpers of ``client.assets`` (mixed into the generated class): upload anything into an asset the
right way, and wait for assets to be ready (on the one polling engine)."""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twelvelabs_async._errors import ArgumentError, ArgumentTypeError, MissingFileError

if TYPE_CHECKING:
    from twelvelabs_async._chunked_upload import UploadProgress
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async._waiters import StatusCallback, StatusWaiter
    from twelvelabs_async.models import Asset

MIB = 1024 * 1024
DIRECT_LIMIT = 200_000_000  # the API's limit for a direct upload of video or audio (decimal MB, as documented)
# Above this a path goes through a multipart session: chunks in parallel, each retried alone, and resumable.
DEFAULT_MULTIPART_THRESHOLD = 64 * MIB


def file_type_of(filename: str) -> str:
    """The multipart session ``type`` a file's name suggests: ``video`` unless it names audio or an image."""
    guessed, _ = mimetypes.guess_type(filename)
    if guessed is not None:
        major = guessed.split("/", 1)[0]
        if major in ("audio", "image"):
            return major
    return "video"


class AssetsSource:
    """Assets on the polling engine: ``GET /assets`` filters by id (50 a request), not by status."""

    kind = "asset"
    active: tuple[str, ...] = ("processing",)
    terminal = frozenset({"ready", "failed"})
    can_list = False
    can_list_ids = True

    def __init__(self, client: AsyncTwelveLabs, request_options: RequestOptions | None) -> None:
        self._client = client
        self._options = request_options

    async def retrieve(self, item_id: str) -> Asset:
        return await self._client.assets.retrieve(item_id, request_options=self._options)

    async def list(self, scope: str, statuses: Sequence[str], page: int, *, newest_first: bool) -> Any:
        raise NotImplementedError  # pragma: no cover - can_list is False

    async def list_ids(self, ids: Sequence[str]) -> Sequence[Asset]:
        pager = self._client.assets.list(asset_ids=list(ids), page_limit=len(ids), request_options=self._options)
        page = await pager.first_page()
        return page.data

    def scope_of(self, item: Asset) -> str | None:
        return None


class AsyncAssetsHelpers:
    _client: AsyncTwelveLabs

    async def upload(
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
        """Upload a file or a URL into an asset, the right way for its size, and (by default) wait until it is ready.

        - an http(s) URL string: ``POST /assets`` with ``method=url`` (the platform fetches it; at most 4 GB);
        - a path up to ``multipart_threshold``, bytes or an open binary file: a direct upload (at most 200 MB),
          streamed from disk for a path;
        - a larger path: a multipart session, chunks streamed from disk ``concurrency`` at a time straight to
          storage (never with the API key), each retried alone; ``upload_id`` continues an interrupted session.

        Args:
            file_or_url: A path (str or Path), an http(s) URL, bytes, an open binary file, or a
                ``(filename, bytes)`` tuple.
            filename: The asset's file name (default: the file's, or the URL's).
            user_metadata: Metadata of the asset (str, int, float, bool or lists of str).
            enable_hls: Generate an HLS stream (API default: true).
            enable_thumbnail: Generate thumbnails (API default: true).
            on_progress: Called (sync or async) with an ``UploadProgress`` as bytes go out.
            wait: Wait until the asset is ``ready`` (False returns it ``processing``).
            timeout: Give up waiting after this many seconds (None: as long as it takes).
            sleep_interval: First delay between polls while waiting.
            max_interval: Longest delay between polls.
            multipart_threshold: Paths larger than this many bytes go through a multipart session.
            concurrency: Chunks in flight at once (multipart).
            upload_id: Continue this multipart session instead of starting one.
            request_options: Per-request timeout, retries, extra headers.

        Returns:
            The ``Asset`` (``ready``, or ``processing`` with ``wait=False``).

        Raises:
            TaskFailedError: the asset ``failed`` (``error.task`` is the asset; ``asset.error`` says why).
            WaitTimeoutError: ``timeout`` passed first.
            PreflightError / ArgumentError: a bad input, before any request.
            StorageError / UploadSessionError: a multipart upload could not complete.
        """
        if isinstance(multipart_threshold, bool) or not isinstance(multipart_threshold, int) or multipart_threshold < 1:
            raise ArgumentError("multipart_threshold", f"must be a positive int, got {multipart_threshold!r}")
        client = self._client
        if isinstance(file_or_url, str) and file_or_url.startswith(("http://", "https://")):
            asset = await client.assets.create(
                method="url",
                url=file_or_url,
                filename=filename,
                enable_hls=enable_hls,
                enable_thumbnail=enable_thumbnail,
                user_metadata=user_metadata,
                request_options=request_options,
            )
        elif isinstance(file_or_url, (str, os.PathLike)) and (
            upload_id is not None or await _size_of(file_or_url) > min(multipart_threshold, DIRECT_LIMIT)
        ):
            from twelvelabs_async._chunked_upload import ChunkedUpload

            path = Path(os.fspath(file_or_url))
            result = await ChunkedUpload(
                client,
                path,
                filename=filename,
                file_type=file_type_of(filename or path.name),
                enable_hls=enable_hls,
                enable_thumbnail=enable_thumbnail,
                user_metadata=user_metadata,
                upload_id=upload_id,
                concurrency=concurrency,
                on_progress=on_progress,
                request_options=request_options,
            ).run()
            if not wait:
                return await client.assets.retrieve(result.asset_id, request_options=request_options)
            asset_id = result.asset_id
            return await self.wait_for_done(
                asset_id,
                sleep_interval=sleep_interval,
                max_interval=max_interval,
                timeout=timeout,
                raise_on_failure=True,  # upload's own rule: a failed asset raises
                request_options=request_options,
            )
        else:
            asset = await _direct(
                client, file_or_url, filename, user_metadata, enable_hls, enable_thumbnail, on_progress, request_options
            )
        if not wait:
            return asset
        return await self.wait_for_done(
            asset.id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            raise_on_failure=True,  # upload's own rule: a failed asset raises
            request_options=request_options,
        )

    async def wait_for_done(
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
        """Wait until an asset is ``ready`` (polls ``GET /assets/{asset_id}``).

        Args:
            asset_id: The asset.
            sleep_interval: First delay between polls, in seconds; each next one 1.5 times longer (with up to 20%
                jitter) up to ``max_interval``.
            max_interval: Longest delay between polls, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with the ``Asset`` whenever its status changes (sync or async).
            raise_on_failure: Raise ``TaskFailedError`` when the asset ends ``failed``, instead of returning it.
            request_options: Per-request timeout, retries, extra headers (for each poll).

        Returns:
            The final asset: ``ready``, or ``failed`` (check ``status``; ``asset.error`` says why).

        Raises:
            TaskFailedError: with ``raise_on_failure=True`` only: the asset ``failed`` (``error.task`` holds it;
                ``error.task.error`` says why).
            WaitTimeoutError: ``timeout`` passed first.
        """
        from twelvelabs_async._waiters import wait_for_status

        source = AssetsSource(self._client, request_options)

        def fetch() -> Awaitable[Asset]:
            return source.retrieve(asset_id)

        return await wait_for_status(
            fetch,
            asset_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            terminal=source.terminal,
            kind=source.kind,
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
    ) -> StatusWaiter[Asset]:
        """Wait for many assets through ``GET /assets?asset_ids=...`` (50 a request, not one request per asset).

        ``await`` it for every final ``Asset`` in the order given, or ``async for`` to get each as it finishes;
        failed assets are returned (check ``status``), the deadline raises ``WaitTimeoutError``.
        """
        from twelvelabs_async._waiters import ACCOUNT, StatusWaiter

        return StatusWaiter(
            AssetsSource(self._client, request_options),
            asset_ids,
            scope=ACCOUNT,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            ids_name="asset_ids",
        )


async def _size_of(path: str | os.PathLike[str]) -> int:
    import anyio.to_thread

    try:
        info = await anyio.to_thread.run_sync(os.stat, path)
    except FileNotFoundError:
        raise MissingFileError("file_or_url", path) from None
    except OSError as exc:
        raise ArgumentError("file_or_url", f"cannot access {os.fspath(path)!r}: {exc.strerror}") from None
    return info.st_size


async def _direct(
    client: AsyncTwelveLabs,
    source: FileInput,
    filename: str | None,
    user_metadata: Mapping[str, Any] | None,
    enable_hls: bool | None,
    enable_thumbnail: bool | None,
    on_progress: Callable[[UploadProgress], Awaitable[None] | None] | None,
    request_options: RequestOptions | None,
) -> Asset:
    """A direct upload (``POST /assets`` with ``method=direct``), with byte progress for a path."""
    from twelvelabs_async._chunked_upload import UploadProgress
    from twelvelabs_async._files import file_source

    checked = file_source("file_or_url", source)
    if checked.size is not None and checked.size > DIRECT_LIMIT and checked.path is None:
        raise ArgumentError(
            "file_or_url", f"{checked.size} bytes is over the 200 MB of a direct upload: give a path instead"
        )
    if checked.size == 0:
        raise ArgumentTypeError("file_or_url", f"{checked.filename} is empty")
    total = checked.size or 0
    if on_progress is not None:

        async def progress(sent: int) -> None:
            result = on_progress(
                UploadProgress(
                    upload_id="",
                    total_chunks=1,
                    completed_chunks=1 if sent >= total else 0,
                    bytes_sent=sent,
                    total_bytes=total,
                )
            )
            if result is not None:
                await result

        checked = checked.with_progress(progress)
    return await client.assets.create(
        method="direct",
        file=checked,  # type: ignore[arg-type]  # a FileSource passes through unchanged
        filename=filename,
        enable_hls=enable_hls,
        enable_thumbnail=enable_thumbnail,
        user_metadata=user_metadata,
        request_options=request_options,
    )


__all__ = ["AssetsSource", "AsyncAssetsHelpers", "DEFAULT_MULTIPART_THRESHOLD", "file_type_of"]
