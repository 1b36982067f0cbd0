"""Upload preflight: check a video file against the API's documented limits before sending a byte.

The rules (API inventory 2.2), checked in this order, each with its own ``rule`` name on the error:

- ``exists``, ``regular_file``, ``readable``: the path names a regular file we can read;
- ``max_size``: at most 2 GB (2 * 1024**3 bytes);
- for MP4/MOV content (by extension ``.mp4 .m4v .mov`` or an ``ftyp``/``moov`` box at the start), probed with
  the pure-Python reader in :mod:`._mp4` (a few small reads, in a thread so the event loop never waits on disk):
  ``min_resolution`` (both sides >= 360), ``max_resolution`` (long side <= 3840, short side <= 2160),
  ``aspect_ratio`` (1:1, 4:3, 4:5, 5:4, 16:9, 9:16 or 17:9, within 2%), ``min_duration`` (>= 4 s),
  ``max_duration`` (<= 2 h; <= 1 h when the index has a Pegasus model).

``tasks.create`` does not know the index's models, so it checks the 2 h limit and leaves the 1 h Pegasus limit to
the server; ``tasks.upload_many`` retrieves the index once and checks the stricter limit when it applies.
Other containers (and MP4 files our reader cannot parse) pass on to the server, which decodes with FFmpeg and
knows better: the preflight refuses only what the API would certainly refuse.
"""

from __future__ import annotations

import asyncio
import io
import logging
import stat
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import attrs

from twelvelabs_async._errors import MissingVideoFileError, PreflightError
from twelvelabs_async._files import MAX_UPLOAD_BYTES, FileSource
from twelvelabs_async._mp4 import Mp4Error, Mp4Info, probe_mp4
from twelvelabs_async._request import WireRequest
from twelvelabs_async._route_spec import Route

logger = logging.getLogger("twelvelabs_async")

MIN_SIDE = 360
MAX_LONG_SIDE = 3840
MAX_SHORT_SIDE = 2160
ASPECT_RATIOS: tuple[tuple[int, int], ...] = ((1, 1), (4, 3), (4, 5), (5, 4), (16, 9), (9, 16), (17, 9))
ASPECT_TOLERANCE = 0.02  # relative: encoders round sizes to multiples of 2, 8 or 16 (1920x1088 is 16:9)
MIN_DURATION = 4.0
MAX_DURATION = 7200.0
MAX_DURATION_PEGASUS = 3600.0
_MP4_SUFFIXES = frozenset({".mp4", ".m4v", ".mov"})
_MP4_FIRST_BOXES = frozenset({b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip"})


@attrs.frozen
class VideoLimits:
    """The limits a video must meet; ``for_index`` picks the duration cap from the index's models."""

    max_bytes: int = MAX_UPLOAD_BYTES
    min_duration: float = MIN_DURATION
    max_duration: float = MAX_DURATION

    @classmethod
    def for_models(cls, model_names: list[str]) -> VideoLimits:
        """Pegasus caps the duration at 1 h; with both models on an index the stricter rule applies."""
        pegasus = any(name.lower().startswith("pegasus") for name in model_names)
        return cls(max_duration=MAX_DURATION_PEGASUS if pegasus else MAX_DURATION)


def _looks_like_mp4(name: str, head: bytes) -> bool:
    if Path(name).suffix.lower() in _MP4_SUFFIXES:
        return True
    return len(head) >= 8 and head[4:8] in _MP4_FIRST_BOXES


def check_video_info(file: str, info: Mp4Info, limits: VideoLimits) -> None:
    """Raise ``PreflightError`` if a probed video breaks a resolution or duration rule."""
    width, height = info.width, info.height
    size = f"{width}x{height}"
    if min(width, height) < MIN_SIDE:
        raise PreflightError(file, "min_resolution", f"resolution {size} is below 360x360")
    if max(width, height) > MAX_LONG_SIDE or min(width, height) > MAX_SHORT_SIDE:
        raise PreflightError(file, "max_resolution", f"resolution {size} is above 3840x2160")
    ratio = width / height
    if not any(abs(ratio - w / h) <= ASPECT_TOLERANCE * (w / h) for w, h in ASPECT_RATIOS):
        raise PreflightError(
            file, "aspect_ratio", f"aspect ratio of {size} is not one of 1:1, 4:3, 4:5, 5:4, 16:9, 9:16, 17:9"
        )
    if info.duration < limits.min_duration:
        raise PreflightError(
            file, "min_duration", f"duration {info.duration:.2f} s is below {limits.min_duration:g} s"
        )
    if info.duration > limits.max_duration:
        hint = " (the index has a Pegasus model)" if limits.max_duration < MAX_DURATION else ""
        raise PreflightError(
            file,
            "max_duration",
            f"duration {info.duration:.0f} s is above {limits.max_duration:g} s{hint}",
        )


def check_path(path: Path, limits: VideoLimits = VideoLimits(), *, param: str = "video_file") -> Mp4Info | None:
    """Check a video file on disk (blocking: call it in a thread). Returns the probe when it is MP4/MOV."""
    file = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise MissingVideoFileError(file, param=param) from None
    except OSError as exc:
        raise PreflightError(file, "exists", f"cannot access: {exc.strerror}", param=param) from None
    if not stat.S_ISREG(info.st_mode):
        raise PreflightError(file, "regular_file", "not a regular file", param=param)
    if info.st_size > limits.max_bytes:
        raise PreflightError(
            file, "max_size", f"{info.st_size} bytes is above the {limits.max_bytes} byte (2 GB) limit", param=param
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
            if not _looks_like_mp4(path.name, head):
                return None
            try:
                probed = probe_mp4(fh)
            except Mp4Error as exc:
                logger.debug("preflight: cannot probe %s (%s); leaving it to the server", path.name, exc)
                return None
    except PermissionError:
        raise PreflightError(file, "readable", "file is not readable", param=param) from None
    except OSError as exc:
        raise PreflightError(file, "readable", f"cannot read: {exc.strerror}", param=param) from None
    check_video_info(file, probed, limits)
    return probed


def _check_stream(name: str, fh: IO[bytes], size: int | None, limits: VideoLimits, param: str) -> None:
    if size is not None and size > limits.max_bytes:
        raise PreflightError(name, "max_size", f"{size} bytes is above the {limits.max_bytes} byte (2 GB) limit",
                             param=param)
    start = fh.tell()
    try:
        head = fh.read(12)
    finally:
        fh.seek(start)
    if not _looks_like_mp4(name, head):
        return
    try:
        probed = probe_mp4(cast(BinaryIO, fh))  # restores the position
    except Mp4Error:
        return
    check_video_info(name, probed, limits)


def check_source(source: FileSource, limits: VideoLimits = VideoLimits(), *, param: str = "video_file") -> None:
    """Check any file input (path, bytes or seekable file); blocking, so call it in a thread."""
    if source.path is not None:
        check_path(source.path, limits, param=param)
        return
    if source.data is not None:
        _check_stream(source.filename, io.BytesIO(source.data), len(source.data), limits, param)
        return
    if source.fileobj is not None and source.rewindable:
        _check_stream(source.filename, source.fileobj, source.size, limits, param)


async def check_upload_files(route: Route[Any], request: WireRequest) -> None:
    """Check every file of an upload request before it is sent; raise ``PreflightError`` naming file and rule.

    Runs in a thread (stat, open and a few small reads per file). Without the index at hand the duration cap is
    the general 2 h one; see the module docstring.
    """
    for param, source in request.files:
        await asyncio.to_thread(check_source, source, VideoLimits(), param=param)

