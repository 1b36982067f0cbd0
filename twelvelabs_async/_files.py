"""File inputs: a path, an open binary file, or bytes, checked before I/O and re-openable for every attempt.

aiohttp closes a file after sending it and cannot resend a used form, so a request body is built anew on every
attempt from a ``FileSource``: paths are reopened, open files are rewound to where they started, bytes are
wrapped again. A file object that cannot seek can be sent once only, and the request is then not retried.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, Any, BinaryIO, Union, cast

import attrs

from twelvelabs_async._errors import ArgumentError, ArgumentTypeError

FileContent = bytes | bytearray | memoryview | BinaryIO | IO[bytes]
FileInput = Union[
    str,
    "os.PathLike[str]",
    FileContent,
    "tuple[str | None, FileContent]",
    "tuple[str | None, FileContent, str | None]",
]
"""What a file parameter accepts: a path (str or Path), bytes, a file opened in binary mode, or (as in the
official SDK) a ``(filename, content)`` or ``(filename, content, content_type)`` tuple whose content is bytes or
a binary file."""

MAX_UPLOAD_BYTES = 2 * 1024**3  # the API's documented limit for a video file


@attrs.frozen
class FileSource:
    """A validated file input that can produce a fresh readable body for each attempt."""

    filename: str
    content_type: str
    size: int | None
    path: Path | None = None
    data: bytes | None = None
    fileobj: IO[bytes] | None = None
    start: int = 0
    rewindable: bool = True
    # Told the bytes of the file sent so far in the current attempt (paths only; bulk upload uses it).
    progress: Callable[[int], Awaitable[None] | None] | None = attrs.field(default=None, eq=False, repr=False)

    def with_progress(self, progress: Callable[[int], Awaitable[None] | None] | None) -> FileSource:
        """The same source, reporting the bytes sent to ``progress``."""
        return attrs.evolve(self, progress=progress)

    def open(self) -> IO[bytes]:
        """A fresh binary stream positioned at the start of the content; the caller closes it."""
        if self.path is not None:
            return self.path.open("rb")
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.fileobj is not None
        if self.rewindable:
            self.fileobj.seek(self.start)
        return cast("IO[bytes]", _NonClosing(self.fileobj))


class _NonClosing(io.RawIOBase):
    """Lets aiohttp close what it sent without closing the caller's own file."""

    def __init__(self, inner: IO[bytes]) -> None:
        super().__init__()
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._inner.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def read(self, size: int = -1) -> bytes:
        return self._inner.read(size)


def _checked_filename(param: str, filename: str) -> str:
    # The name goes into a multipart header: a control character would break (or forge) that header.
    if any(ord(c) < 32 or ord(c) == 127 for c in filename):
        raise ArgumentError(param, f"file name contains a control character: {filename!r}")
    return filename


def _guess_type(filename: str) -> str:
    import mimetypes  # loads the system's type tables: only when a file is actually sent

    guessed, _ = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def _named(param: str, value: tuple[object, ...]) -> FileSource:
    """A ``(filename, content[, content_type])`` tuple: the content as bytes or a binary file, named as given."""
    if len(value) not in (2, 3):
        raise ArgumentTypeError(param, f"a file tuple is (filename, content[, content_type]), got {len(value)} items")
    filename, content = value[0], value[1]
    content_type = value[2] if len(value) == 3 else None
    if filename is not None and not isinstance(filename, str):
        raise ArgumentTypeError(param, f"the file name must be a str, got {type(filename).__name__}")
    if content_type is not None and not isinstance(content_type, str):
        raise ArgumentTypeError(param, f"the content type must be a str, got {type(content_type).__name__}")
    if isinstance(content, (str, os.PathLike, tuple)):
        raise ArgumentTypeError(param, "the content of a file tuple must be bytes or a binary file")
    source = file_source(param, content)
    name = _checked_filename(param, filename) if filename else source.filename
    if content_type is not None and any(ord(c) < 32 for c in content_type):
        raise ArgumentError(param, "the content type contains a control character")
    return attrs.evolve(source, filename=name, content_type=content_type or _guess_type(name))


def file_source(param: str, value: object) -> FileSource:
    """Validate a file argument without reading it; raise a typed error naming the parameter.

    A ``FileSource`` (made by this function earlier) passes through unchanged, so helpers such as bulk upload
    can attach a progress callback and still go through the generated methods.
    """
    if isinstance(value, FileSource):
        return value
    if isinstance(value, tuple):
        return _named(param, value)
    if isinstance(value, (str, os.PathLike)):
        path = Path(os.fspath(value))
        try:
            info = path.stat()
        except FileNotFoundError:
            raise ArgumentError(param, f"file not found: {str(path)!r}") from None
        except OSError as exc:
            raise ArgumentError(param, f"cannot access {str(path)!r}: {exc.strerror}") from None
        if not stat.S_ISREG(info.st_mode):
            raise ArgumentError(param, f"not a regular file: {str(path)!r}")
        if not os.access(path, os.R_OK):
            raise ArgumentError(param, f"file is not readable: {str(path)!r}")
        return FileSource(
            filename=_checked_filename(param, path.name),
            content_type=_guess_type(path.name),
            size=info.st_size,
            path=path,
        )
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        return FileSource(filename=param, content_type="application/octet-stream", size=len(data), data=data)
    if isinstance(value, io.TextIOBase):
        raise ArgumentTypeError(param, "file must be opened in binary mode ('rb'), not text mode")
    read = getattr(value, "read", None)
    if callable(read):
        fileobj: IO[bytes] = value  # type: ignore[assignment]
        name = getattr(value, "name", None)
        filename = _checked_filename(param, os.path.basename(name) if isinstance(name, str) and name else param)
        rewindable = False
        start = 0
        size: int | None = None
        try:
            if fileobj.seekable():
                start = fileobj.tell()
                end = fileobj.seek(0, os.SEEK_END)
                fileobj.seek(start)
                size = end - start
                rewindable = True
        except (OSError, ValueError, AttributeError):
            rewindable = False
        return FileSource(
            filename=filename,
            content_type=_guess_type(filename),
            size=size,
            fileobj=fileobj,
            start=start,
            rewindable=rewindable,
        )
    raise ArgumentTypeError(
        param, f"expected a path (str or Path), bytes or a binary file, got {type(value).__name__}"
    )
