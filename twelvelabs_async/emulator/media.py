"""What the emulator learns about an asset's file: its kind, MIME type, size, duration, dimensions, and
whether processing will fail.

Video files are probed with the package's MP4 reader (a handful of small reads wherever ``moov`` sits).
Images are read from their headers (PNG, JPEG, GIF). Audio has no real probe: a WAV file's header gives its
duration, other formats are taken to be 128 kbit/s. URLs are not fetched: like ``POST /tasks``, hints in the
query or fragment (``?duration=12&width=640&height=480&size=...``) describe the file.

A file that cannot be read as its kind does not make the upload fail: the asset is created and fails when
processing ends (``error.message``), as the spec describes for "a file the platform could not process". For
URL assets, which have no bytes, a file name containing ``broken`` stands for such a file.

Readers take any seekable binary file object, so a multipart upload is probed through
:class:`ConcatReader` over its stored chunks without assembling them.
"""

from __future__ import annotations

import io
import mimetypes
import os
import posixpath
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO
from urllib.parse import parse_qsl, unquote, urlsplit

from .. import _mp4
from .errors import ApiError

__all__ = ["KINDS", "ConcatReader", "MediaInfo", "kind_of_name", "mime_for", "probe_file", "probe_url",
           "technical_metadata"]

KINDS = ("video", "audio", "image")
_AUDIO_EXT = {".mp3": "audio/mpeg", ".wav": "audio/wav", ".m4a": "audio/mp4", ".aac": "audio/aac",
              ".flac": "audio/flac", ".ogg": "audio/ogg", ".opus": "audio/ogg"}
_IMAGE_EXT = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
              ".webp": "image/webp", ".bmp": "image/bmp", ".heic": "image/heic", ".tif": "image/tiff",
              ".tiff": "image/tiff"}
_ASSUMED_AUDIO_BITRATE = 128_000  # bits per second, for audio formats the emulator does not parse
_UNREADABLE = "The file is corrupted or in an unsupported format."


@dataclass(frozen=True)
class MediaInfo:
    """What processing finds; ``error`` set means the asset ends ``failed`` with that message."""

    kind: str
    mime: str
    container: str
    size: int
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    image_format: str | None = None
    has_alpha: bool = False
    error: str | None = None

    def failed(self, message: str) -> MediaInfo:
        return MediaInfo(self.kind, self.mime, self.container, self.size, error=message)


def kind_of_name(filename: str) -> str | None:
    """``video``/``audio``/``image`` from a file name's extension, or ``None`` when it says nothing."""
    ext = os.path.splitext(filename.lower())[1]
    if ext in _AUDIO_EXT:
        return "audio"
    if ext in _IMAGE_EXT:
        return "image"
    if ext in (".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".3gp"):
        return "video"
    return None


def mime_for(kind: str, filename: str) -> str:
    """The MIME type of a file of ``kind`` called ``filename``."""
    ext = os.path.splitext(filename.lower())[1]
    if kind == "audio" and ext in _AUDIO_EXT:
        return _AUDIO_EXT[ext]
    if kind == "image" and ext in _IMAGE_EXT:
        return _IMAGE_EXT[ext]
    guessed = mimetypes.guess_type(filename)[0]
    if guessed and guessed.startswith(kind + "/"):
        return guessed
    return {"video": "video/mp4", "audio": "audio/mpeg", "image": "image/jpeg"}[kind]


def _sniff(head: bytes) -> str | None:
    """The kind the first bytes announce, or ``None``."""
    if head[4:8] == b"ftyp":
        return "audio" if head[8:12] in (b"M4A ", b"M4B ") else "video"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free"):
        return "video"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio"
    if head.startswith((b"ID3", b"fLaC", b"OggS")) or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio"
    return None


def probe_file(fh: BinaryIO, size: int, filename: str, declared: str | None = None) -> MediaInfo:
    """Read what processing would find in a stored file (``fh`` seekable, positioned anywhere).

    ``declared`` is the type a multipart session was created with: bytes of another kind fail processing.
    """
    fh.seek(0)
    head = fh.read(64)
    kind = declared or _sniff(head) or kind_of_name(filename) or "video"
    info = MediaInfo(kind, mime_for(kind, filename), _container(kind, filename), size)
    if size == 0:
        return info.failed("The file is empty.")
    sniffed = _sniff(head)
    if declared is not None and sniffed is not None and sniffed != declared:
        return info.failed(f"The file is not a {declared} file.")
    if kind == "video":
        try:
            probe = _mp4.probe_mp4(fh)
        except _mp4.Mp4Error:
            return info.failed(_UNREADABLE)
        return MediaInfo(kind, info.mime, info.container, size, round(probe.duration, 3), probe.width,
                         probe.height, probe.fps or 30.0)
    if kind == "image":
        dims = _image_dimensions(head)
        if dims is None:
            dims = _jpeg_dimensions(fh) if head.startswith(b"\xff\xd8") else None
        if dims is None:
            return info.failed(_UNREADABLE)
        width, height, fmt, alpha = dims
        return MediaInfo(kind, _IMAGE_EXT.get("." + fmt, info.mime), fmt, size, None, width, height,
                         image_format=fmt, has_alpha=alpha)
    duration = _wav_duration(head, size) if head[:4] == b"RIFF" else None
    if duration is None:
        duration = size * 8 / _ASSUMED_AUDIO_BITRATE
    return MediaInfo(kind, info.mime, info.container, size, round(max(duration, 0.001), 3))


def probe_url(url: str, field: str, kind_hint: str | None = None) -> tuple[str, MediaInfo]:
    """The file name and made-up but deterministic metadata of a URL asset (see the module docstring)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ApiError.invalid(field, "It must be a publicly accessible http(s) URL.")
    hints = dict(parse_qsl(parts.query)) | dict(parse_qsl(parts.fragment))
    filename = posixpath.basename(unquote(parts.path)) or "video.mp4"
    kind = kind_hint or kind_of_name(filename) or "video"
    try:
        duration = float(hints.get("duration", 60.0))
        width = int(hints.get("width", 1920 if kind == "image" else 1280))
        height = int(hints.get("height", 1080 if kind == "image" else 720))
        fps = float(hints.get("fps", 30.0))
        default_size = 2_000_000 if kind == "image" else int(duration * 250_000)
        size = int(hints.get("size", default_size))
    except ValueError:
        raise ApiError.invalid(field, "Its metadata hints are not numbers.") from None
    info = MediaInfo(kind, mime_for(kind, filename), _container(kind, filename), size)
    if "broken" in filename.lower():
        return filename, info.failed(_UNREADABLE)
    if kind == "image":
        fmt = os.path.splitext(filename.lower())[1].lstrip(".") or "jpeg"
        return filename, MediaInfo(kind, info.mime, info.container, size, None, width, height,
                                   image_format="jpeg" if fmt == "jpg" else fmt)
    if kind == "audio":
        return filename, MediaInfo(kind, info.mime, info.container, size, duration)
    return filename, MediaInfo(kind, info.mime, info.container, size, duration, width, height, fps)


def _container(kind: str, filename: str) -> str:
    ext = os.path.splitext(filename.lower())[1].lstrip(".")
    if kind == "video" and ext in ("", "mp4", "mov", "m4v", "3gp"):
        return "mov,mp4,m4a,3gp,3g2,mj2"  # how ffprobe names the ISO-BMFF family, as the spec's field expects
    return ext or kind


def _image_dimensions(head: bytes) -> tuple[int, int, str, bool] | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR" and len(head) >= 26:
        width, height = struct.unpack(">II", head[16:24])
        return width, height, "png", head[25] in (4, 6)
    if head.startswith((b"GIF87a", b"GIF89a")) and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return width, height, "gif", False
    return None


def _jpeg_dimensions(fh: BinaryIO) -> tuple[int, int, str, bool] | None:
    """Walk the JPEG markers to the first start-of-frame (bounded: at most 1,000 segments)."""
    fh.seek(2)
    for _ in range(1000):
        marker = fh.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        code = marker[1]
        if code in (0xD8, 0x01) or 0xD0 <= code <= 0xD7:
            continue
        length_bytes = fh.read(2)
        if len(length_bytes) < 2:
            return None
        (length,) = struct.unpack(">H", length_bytes)
        if 0xC0 <= code <= 0xCF and code not in (0xC4, 0xC8, 0xCC):
            frame = fh.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return width, height, "jpeg", False
        fh.seek(length - 2, io.SEEK_CUR)
    return None


def _wav_duration(head: bytes, size: int) -> float | None:
    # Canonical header: "fmt " at 12 with the byte rate at 28.
    if head[8:12] != b"WAVE" or head[12:16] != b"fmt " or len(head) < 32:
        return None
    (byte_rate,) = struct.unpack("<I", head[28:32])
    return (size - 44) / byte_rate if byte_rate else None


def technical_metadata(info: MediaInfo, *, complete: bool) -> dict[str, Any]:
    """The spec's ``TechnicalMetadata`` for ``info``; ``complete`` false gives the partial object of a failed
    asset (only what the container tells without decoding)."""
    out: dict[str, Any] = {"file_size_bytes": info.size, "file_mime_type": info.mime,
                           "file_container_format": info.container}
    if not complete:
        return out
    if info.kind == "video" and info.width and info.height and info.duration:
        fps = info.fps or 30.0
        bitrate = int(info.size * 8 / info.duration)
        out.update({
            "video_streams": [{
                "index": 0, "codec": "h264", "width": info.width, "height": info.height, "fps": fps,
                "avg_fps": fps, "duration_seconds": info.duration, "bitrate_bps": bitrate, "rotation": 0,
                "pixel_aspect_ratio": "1:1", "display_aspect_ratio": _ratio(info.width, info.height),
                "scan_type": "progressive", "pixel_format": "yuv420p", "bit_depth": 8, "color_range": "tv",
                "color_transfer": "bt709", "color_space": "bt709", "color_primaries": "bt709",
            }],
            "video_codec": "h264", "video_width": info.width, "video_height": info.height, "video_fps": fps,
            "video_duration_seconds": info.duration, "video_bitrate_bps": bitrate,
            "audio_streams": [], "is_hdr": False, "has_audio": False, "total_video_streams": 1,
            "total_audio_streams": 0, "storage_aspect_ratio": round(info.width / info.height, 6),
        })
    elif info.kind == "audio" and info.duration:
        bitrate = int(info.size * 8 / info.duration)
        codec = {"audio/mpeg": "mp3", "audio/wav": "pcm_s16le", "audio/flac": "flac", "audio/ogg": "vorbis"}.get(
            info.mime, "aac")
        out.update({
            "audio_streams": [{
                "index": 0, "codec": codec, "codec_long": codec.upper(), "sample_rate": 44_100, "bit_depth": 16,
                "channels": 2, "channel_layout": "stereo", "bitrate_bps": bitrate,
                "duration_seconds": info.duration,
            }],
            "audio_codec": codec, "audio_sample_rate": 44_100, "audio_channels": 2,
            "audio_duration_seconds": info.duration, "has_audio": True, "total_video_streams": 0,
            "total_audio_streams": 1,
        })
    elif info.kind == "image" and info.width and info.height:
        out.update({
            "image_width": info.width, "image_height": info.height, "image_format": info.image_format or "jpeg",
            "image_orientation": 1, "image_color_space": "srgb", "image_bit_depth": 8, "is_hdr": False,
            "has_alpha": info.has_alpha, "is_animated": False,
        })
    return out


def _ratio(width: int, height: int) -> str:
    a, b = width, height
    while b:
        a, b = b, a % b
    return f"{width // a}:{height // a}"


class ConcatReader(io.RawIOBase):
    """A read-only, seekable view of several files one after the other (the chunks of a multipart upload),
    so the MP4 probe can walk them as one file without copying them together."""

    def __init__(self, paths: Sequence[str]) -> None:
        super().__init__()
        self._paths = list(paths)
        self._sizes = [os.path.getsize(p) for p in self._paths]
        self._starts: list[int] = []
        total = 0
        for size in self._sizes:
            self._starts.append(total)
            total += size
        self._size = total
        self._pos = 0
        self._open: tuple[int, io.BufferedReader] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self._size:
            n = self._file_at(self._pos)
            fh = self._handle(n)
            fh.seek(self._pos - self._starts[n])
            got = fh.readinto(view[done: done + min(len(view) - done, self._starts[n] + self._sizes[n] - self._pos)])
            if not got:
                break
            done += got
            self._pos += got
        return done

    def _file_at(self, pos: int) -> int:
        # Few files and few reads per probe: a linear scan is enough.
        for n in range(len(self._starts) - 1, -1, -1):
            if self._starts[n] <= pos:
                return n
        return 0

    def _handle(self, n: int) -> io.BufferedReader:
        if self._open is None or self._open[0] != n:
            if self._open is not None:
                self._open[1].close()
            self._open = (n, open(self._paths[n], "rb"))  # noqa: SIM115 - kept open across reads, closed in close()
        return self._open[1]

    def close(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None
        super().close()
