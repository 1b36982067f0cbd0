"""A file payload for aiohttp that streams a path from disk fast, with flat memory and no blocking on the loop.

aiohttp's own file payload reads 256 KiB at a time, each read a hop to the default executor, and copies every
chunk into the transport's buffer. This payload opens a fresh handle for every attempt (off the loop) and then:

- on a plain TCP transport, hands the file to ``loop.sendfile()``: the kernel copies page cache to the socket
  (zero copy, no Python per chunk). The file is sent in segments so that progress can be reported, and the next
  segment is read ahead into the page cache from a thread (``posix_fadvise(WILLNEED)``) so a cold file does not
  stall the loop inside ``sendfile``;
- elsewhere (TLS, uvloop, a writer that encodes), reads 1 MiB chunks in a thread, one chunk ahead of the
  socket, and writes them through the writer.

Memory stays at a couple of chunks whatever the file size. The handle is closed when the write ends, also on
cancellation (after any read still running in a thread has finished with it).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, Any

from aiohttp import payload
from aiohttp.abc import AbstractStreamWriter

from twelvelabs_async._errors import UploadFileChangedError

CHUNK_SIZE = 1024 * 1024  # measured: 1-4 MiB reads all saturate loopback; larger only costs memory
SENDFILE_SEGMENT = 8 * 1024 * 1024  # progress granularity and read-ahead window of the sendfile path

ProgressCallback = Callable[[int], "Awaitable[None] | None"]
"""Called (sync or async) with the bytes of the file sent so far in the current attempt."""


def _open(path: Path) -> IO[bytes]:
    return path.open("rb", buffering=0)


def _read_ahead(fd: int, offset: int, length: int) -> None:
    # Asks the kernel to start reading the next segment now, so sendfile on the loop finds it in the page cache.
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, offset, length, os.POSIX_FADV_WILLNEED)


class FilePayload(payload.Payload):
    """``size`` bytes of a file on disk from ``offset`` (the whole file by default), opened anew by each ``write``.

    A window of a file is what a multipart upload sends per chunk: it is streamed from its place in the file, so
    no chunk is ever copied into memory or a temporary file.
    """

    def __init__(
        self,
        path: Path,
        size: int,
        *,
        filename: str | None = None,
        content_type: str = "application/octet-stream",
        progress: ProgressCallback | None = None,
        use_sendfile: bool = True,
        offset: int = 0,
    ) -> None:
        super().__init__(path, filename=filename, content_type=content_type)
        self._path = path
        self._size = size
        self._file_size = size
        self._offset = offset
        self._progress = progress
        self._use_sendfile = use_sendfile

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        """Not supported: the content is only ever streamed."""
        raise TypeError("a file payload is streamed, not decoded")

    async def as_bytes(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        """The whole content (reads the file in a thread; for debugging only)."""

        def read() -> bytes:
            with self._path.open("rb") as handle:
                handle.seek(self._offset)
                return handle.read(self._file_size)

        return await asyncio.to_thread(read)

    async def write_with_length(self, writer: AbstractStreamWriter, content_length: int | None) -> None:
        """Write at most ``content_length`` bytes (all when None)."""
        limit = self._file_size if content_length is None else min(self._file_size, content_length)
        await self._write(writer, limit)

    async def write(self, writer: AbstractStreamWriter) -> None:
        """Write the whole file."""
        await self._write(writer, self._file_size)

    async def _write(self, writer: AbstractStreamWriter, limit: int) -> None:
        handle = await asyncio.to_thread(_open, self._path)
        pending: list[asyncio.Future[Any]] = []
        try:
            sent = 0
            if self._use_sendfile and limit > 0:
                sent = await self._try_sendfile(writer, handle, limit, pending)
            if sent < limit:
                await self._write_chunks(writer, handle, sent, limit, pending)
        finally:
            _close_after(handle, pending)

    def _shrank(self) -> UploadFileChangedError:
        return UploadFileChangedError(
            f"{self._path.name} shrank while it was being uploaded (fewer bytes than the {self._file_size:,}"
            " announced); nothing from this upload can be used: let the file settle and send it again",
            path=str(self._path),
        )

    async def _report(self, sent: int) -> None:
        if self._progress is not None:
            result = self._progress(sent)
            if inspect.isawaitable(result):
                await result

    async def _try_sendfile(
        self, writer: AbstractStreamWriter, handle: IO[bytes], limit: int, pending: list[asyncio.Future[Any]]
    ) -> int:
        """Send with ``loop.sendfile`` when the transport allows it; returns the bytes sent (0 if it cannot)."""
        transport = getattr(writer, "transport", None)
        # Only aiohttp's own writer on a raw socket: a chunked or compressing writer must see every byte.
        if (
            transport is None
            or getattr(writer, "chunked", True)
            or getattr(writer, "_compress", None) is not None
            or transport.get_extra_info("sslcontext") is not None
            or transport.get_extra_info("socket") is None
        ):
            return 0
        # Headers and the part header may still sit in the writer's buffer: push them out first.
        send_headers = getattr(writer, "send_headers", None)
        if callable(send_headers):
            send_headers()
        loop = asyncio.get_running_loop()
        fd = handle.fileno()
        base = self._offset
        sent = 0
        ahead = loop.run_in_executor(None, _read_ahead, fd, base, min(limit, 2 * SENDFILE_SEGMENT))
        pending.append(ahead)
        while sent < limit:
            count = min(SENDFILE_SEGMENT, limit - sent)
            next_start = sent + count
            if next_start < limit:
                ahead = loop.run_in_executor(
                    None, _read_ahead, fd, base + next_start + SENDFILE_SEGMENT, SENDFILE_SEGMENT
                )
                pending.append(ahead)
            try:
                done = await loop.sendfile(transport, handle, base + sent, count, fallback=False)
            except (NotImplementedError, RuntimeError, asyncio.SendfileNotAvailableError):
                # uvloop, or a transport that cannot sendfile: nothing of this segment was sent.
                if sent == 0:
                    return 0
                raise
            sent += done
            length = getattr(writer, "length", None)
            if isinstance(length, int):  # keep aiohttp's own byte accounting right
                writer.length = max(0, length - done)
            await self._report(sent)
            if done < count:  # end of file came early: the file shrank while being sent
                raise self._shrank()
            pending[:] = [f for f in pending if not f.done()]
        return sent

    async def _write_chunks(
        self,
        writer: AbstractStreamWriter,
        handle: IO[bytes],
        start: int,
        limit: int,
        pending: list[asyncio.Future[Any]],
    ) -> None:
        loop = asyncio.get_running_loop()
        sent = start
        base = self._offset

        def read(offset: int) -> bytes:
            size = min(CHUNK_SIZE, limit - offset)
            if hasattr(os, "pread"):
                return os.pread(handle.fileno(), size, base + offset)
            # Windows has no pread; seeking is safe because only one read is ever in flight.
            handle.seek(base + offset)
            return handle.read(size)

        if sent >= limit:
            return
        future: asyncio.Future[bytes] = loop.run_in_executor(None, read, sent)
        pending.append(future)
        while True:
            chunk = await future
            pending.remove(future)
            if not chunk:
                raise self._shrank()
            following = sent + len(chunk)
            if following < limit:
                # Read the next chunk while this one goes out: the disk and the socket work at the same time.
                future = loop.run_in_executor(None, read, following)
                pending.append(future)
            await writer.write(chunk)
            sent = following
            await self._report(sent)
            if sent >= limit:
                return


def _close_after(handle: IO[bytes], pending: list[asyncio.Future[Any]]) -> None:
    """Close now, or once the reads still running in threads (after a cancellation) are done with the handle."""
    running = [f for f in pending if not f.done()]
    if not running:
        handle.close()
        return
    remaining = len(running)

    def one_done(_: asyncio.Future[Any]) -> None:
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            handle.close()

    for future in running:
        future.add_done_callback(one_done)
