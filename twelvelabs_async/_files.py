"""File inputs: a path, an open binary file, bytes, or the official SDK's ``(filename, content[, content_type[,
headers]])`` tuples, checked before I/O and re-openable for every attempt.

aiohttp closes a file after sending it and cannot resend a used form, so a request body is built anew on every
attempt from a ``FileSource``: paths are reopened, open files are rewound to where they started, bytes are
wrapped again. A file object that cannot seek can be sent once only, and the request is then not retried.

Content without a name (bytes, an unnamed file object, a tuple whose name is None) is named for the field and
its first bytes: ``video.mp4`` for an MP4 given as ``video_file``, ``image.png``, ``audio.wav``, ``upload.bin`` when
nothing is known. The name goes to the server (a task's ``system_metadata.filename``), so it stays meaningful.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import IO, Any, BinaryIO, Union, cast

import attrs

from twelvelabs_async._errors import ArgumentError, ArgumentTypeError, MissingFileError

FileContent = bytes | bytearray | memoryview | BinaryIO | IO[bytes]
FileInput = Union[
    str,
    "os.PathLike[str]",
    FileContent,
    "tuple[str | None, FileContent]",
    "tuple[str | None, FileContent, str | None]",
    "tuple[str | None, FileContent, str | None, Mapping[str, str]]",
]
"""What a file parameter accepts: a path (str or Path), bytes, a file opened in binary mode, or (as the official
SDK's ``core.File``) a ``(filename, content)``, ``(filename, content, content_type)`` or ``(filename, content,
content_type, headers)`` tuple whose content is bytes or a binary file; the headers go on the file's part of the
form. Unlike the official SDK, a str is a path (its content as a str is refused in a tuple: no video is text)."""

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
    # Extra headers of the file's part of a multipart form (the 4-tuple's), besides its name and content type.
    headers: tuple[tuple[str, str], ...] = ()
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


# (offset, signature, extension) of the kinds of file the API takes, to name content that came without a name.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", ".jpg"),
    (0, b"\x89PNG\r\n\x1a\n", ".png"),
    (0, b"GIF8", ".gif"),
    (0, b"\x1aE\xdf\xa3", ".mkv"),
    (0, b"ID3", ".mp3"),
    (0, b"fLaC", ".flac"),
    (0, b"OggS", ".ogg"),
    (0, b"%PDF", ".pdf"),
)
_RIFF = {b"WAVE": ".wav", b"AVI ": ".avi", b"WEBP": ".webp"}
# The content types of those extensions, fixed here (the system's tables differ: audio/wav or audio/x-wav).
_DEFAULT_TYPES = {
    ".mp4": "video/mp4", ".mov": "video/quicktime", ".m4v": "video/x-m4v", ".3gp": "video/3gpp",
    ".mkv": "video/x-matroska", ".avi": "video/x-msvideo", ".m4a": "audio/mp4", ".mp3": "audio/mpeg",
    ".wav": "audio/wav", ".flac": "audio/flac", ".ogg": "audio/ogg", ".jpg": "image/jpeg", ".png": "image/png",
    ".gif": "image/gif", ".webp": "image/webp", ".pdf": "application/pdf", ".bin": "application/octet-stream",
}
_FTYP = {b"qt  ": ".mov", b"M4A ": ".m4a", b"M4V ": ".m4v", b"3gp4": ".3gp", b"3gp5": ".3gp"}
_SNIFF_BYTES = 16


def _extension_of(head: bytes) -> str | None:
    """The extension that the first bytes of a file say, or None."""
    if head[4:8] == b"ftyp":
        return _FTYP.get(head[8:12], ".mp4")
    if head[:4] == b"RIFF":
        return _RIFF.get(head[8:12])
    if head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return ".mp3"
    for offset, signature, extension in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return extension
    return None


def default_filename(param: str, head: bytes = b"") -> str:
    """The name of content that came without one: a stem from its field (``video``, ``audio``, ``image``, else
    ``upload``) and an extension from its first bytes (else ``.mp4`` for a video field, ``.bin`` otherwise)."""
    quoted = re.fullmatch(r"files\[['\"](.*)['\"]\]", param)  # the escape hatch names its parts so
    field = (quoted.group(1) if quoted else re.sub(r"\[.*\]$", "", param)).lower()
    if "video" in field:
        stem = "video"
    elif "audio" in field:
        stem = "audio"
    elif "image" in field or "query_media" in field:
        stem = "image"
    else:
        stem = "upload"
    return stem + (_extension_of(head) or (".mp4" if stem == "video" else ".bin"))


def _default_type(filename: str) -> str:
    """The content type of a name made by ``default_filename``."""
    return _DEFAULT_TYPES.get(os.path.splitext(filename)[1], "application/octet-stream")


def _part_headers(param: str, headers: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(headers, Mapping):
        raise ArgumentTypeError(param, f"the headers of a file tuple must be a mapping, got {type(headers).__name__}")
    out: list[tuple[str, str]] = []
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise ArgumentTypeError(param, "the headers of a file tuple must map str to str")
        if not name or any(ord(c) <= 32 or ord(c) == 127 or c == ":" for c in name):
            raise ArgumentError(param, f"invalid header name in the file tuple: {name!r}")
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise ArgumentError(param, f"the header {name!r} of the file tuple contains a control character")
        if name.lower() in ("content-disposition", "content-length"):
            raise ArgumentError(param, f"the header {name!r} is made from the file tuple's name; it cannot be set")
        out.append((name, value))
    return tuple(out)


def _named(param: str, value: tuple[object, ...]) -> FileSource:
    """An official SDK file tuple: ``(filename, content[, content_type[, headers]])``, the content as bytes or a
    binary file, named as given (a name of None: named as content without a name is)."""
    if len(value) not in (2, 3, 4):
        raise ArgumentTypeError(
            param, f"a file tuple is (filename, content[, content_type[, headers]]), got {len(value)} items"
        )
    filename, content = value[0], value[1]
    content_type = value[2] if len(value) >= 3 else None
    headers = _part_headers(param, value[3]) if len(value) == 4 else ()
    if filename is not None and not isinstance(filename, str):
        raise ArgumentTypeError(param, f"the file name must be a str, got {type(filename).__name__}")
    if content_type is not None and not isinstance(content_type, str):
        raise ArgumentTypeError(param, f"the content type must be a str, got {type(content_type).__name__}")
    if isinstance(content, (str, os.PathLike, tuple)):
        raise ArgumentTypeError(
            param, "the content of a file tuple must be bytes or a binary file (a path goes alone, not in a tuple)"
        )
    # As httpx (the official SDK's transport) does: a Content-Type among the headers wins over the third item.
    for name, header_value in headers:
        if name.lower() == "content-type":
            content_type = header_value
    headers = tuple((name, v) for name, v in headers if name.lower() != "content-type")
    source = file_source(param, content)
    name = _checked_filename(param, filename) if filename else source.filename
    if content_type is not None and any(ord(c) < 32 for c in content_type):
        raise ArgumentError(param, "the content type contains a control character")
    guessed = _guess_type(name) if filename else source.content_type
    return attrs.evolve(source, filename=name, content_type=content_type or guessed, headers=headers)


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
            raise MissingFileError(param, path) from None
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
        name = default_filename(param, data[:_SNIFF_BYTES])
        return FileSource(filename=name, content_type=_default_type(name), size=len(data), data=data)
    if isinstance(value, io.TextIOBase):
        raise ArgumentTypeError(param, "file must be opened in binary mode ('rb'), not text mode")
    read = getattr(value, "read", None)
    if callable(read):
        fileobj: IO[bytes] = value  # type: ignore[assignment]
        named = getattr(value, "name", None)
        given = os.path.basename(named) if isinstance(named, str) and named else None
        rewindable = False
        start = 0
        size: int | None = None
        head = b""
        try:
            if fileobj.seekable():
                start = fileobj.tell()
                end = fileobj.seek(0, os.SEEK_END)
                if given is None:  # a file without a name (BytesIO): its first bytes say what it is
                    fileobj.seek(start)
                    head = fileobj.read(_SNIFF_BYTES) or b""
                fileobj.seek(start)
                size = end - start
                rewindable = True
        except (OSError, ValueError, AttributeError):
            rewindable = False
        filename = _checked_filename(param, given or default_filename(param, head if isinstance(head, bytes) else b""))
        return FileSource(
            filename=filename,
            content_type=_guess_type(filename) if given else _default_type(filename),
            size=size,
            fileobj=fileobj,
            start=start,
            rewindable=rewindable,
        )
    raise ArgumentTypeError(
        param, f"expected a path (str or Path), bytes or a binary file, got {type(value).__name__}"
    )
