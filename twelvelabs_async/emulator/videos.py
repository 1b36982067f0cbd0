"""The documented video requirements and where a video's metadata comes from (upload probe or URL).

Checks run at POST time and answer 400 with the documented codes; the real service validates during the
``validating`` stage, but failing fast is more useful in tests and has the same codes and messages.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from .. import _mp4
from .errors import ApiError
from .uploads import UploadedFile

__all__ = ["VideoMeta", "check_analysis_requirements", "check_requirements", "meta_from_upload", "meta_from_url"]

MIN_SIDE, MAX_LONG_SIDE, MAX_SHORT_SIDE = 360, 3840, 2160
MIN_DURATION = 4.0
MAX_DURATION = 7200.0
MAX_DURATION_PEGASUS = 3600.0
ASPECT_RATIOS = ((1, 1), (4, 3), (4, 5), (5, 4), (16, 9), (9, 16), (17, 9))
ASPECT_TOLERANCE = 0.02


@dataclass(frozen=True)
class VideoMeta:
    filename: str
    duration: float
    width: int
    height: int
    fps: float
    size: int


def meta_from_upload(upload: UploadedFile, limit: int) -> VideoMeta:
    filename = upload.filename or "video.mp4"
    if upload.truncated or upload.size > limit:
        raise ApiError(
            400, "video_filesize_too_large",
            f"The video is too large. Please use a video with a size less than `{_human(limit)}`. "
            f"The current size is `{_human(upload.size)}`.",
        )
    try:
        info = _mp4.probe_mp4(upload.path)
    except _mp4.Mp4Error:
        raise ApiError(400, "video_file_broken",
                       "Cannot read video file. Please check the video file is valid and try again.") from None
    return VideoMeta(filename, round(info.duration, 3), info.width, info.height, info.fps or 30.0, upload.size)


def meta_from_url(url: str, field: str) -> VideoMeta:
    """Made-up but deterministic metadata for a URL; hints like ``?duration=12&width=640&height=480``
    (query or fragment) override the 60 s 1280x720 default so tests can exercise the limits by URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ApiError.invalid(field, "It must be a publicly accessible http(s) URL.")
    hints = dict(parse_qsl(parts.query)) | dict(parse_qsl(parts.fragment))
    try:
        duration = float(hints.get("duration", 60.0))
        width = int(hints.get("width", 1280))
        height = int(hints.get("height", 720))
        fps = float(hints.get("fps", 30.0))
        size = int(hints.get("size", int(duration * 250_000)))
    except ValueError:
        raise ApiError.invalid(field, "Its metadata hints are not numbers.") from None
    filename = posixpath.basename(parts.path) or "video.mp4"
    return VideoMeta(filename, duration, width, height, fps, size)


def check_requirements(meta: VideoMeta, *, max_bytes: int, pegasus: bool) -> None:
    if meta.size > max_bytes:
        raise ApiError(
            400, "video_filesize_too_large",
            f"The video is too large. Please use a video with a size less than `{_human(max_bytes)}`. "
            f"The current size is `{_human(meta.size)}`.",
        )
    resolution = f"{meta.width}x{meta.height}"
    if min(meta.width, meta.height) < MIN_SIDE:
        raise ApiError(400, "video_resolution_too_low",
                       "The resolution of the video is too low. Please upload a video with resolution between "
                       f"360x360 and 3840x2160. Current resolution is `{resolution}`.")
    if max(meta.width, meta.height) > MAX_LONG_SIDE or min(meta.width, meta.height) > MAX_SHORT_SIDE:
        raise ApiError(400, "video_resolution_too_high",
                       "The resolution of the video is too high. Please upload a video with resolution between "
                       f"360x360 and 3840x2160. Current resolution is `{resolution}`.")
    ratio = meta.width / meta.height
    if not any(abs(ratio - w / h) <= ASPECT_TOLERANCE * (w / h) for w, h in ASPECT_RATIOS):
        raise ApiError(400, "video_resolution_invalid_aspect_ratio",
                       "The aspect ratio of the video is invalid. Please upload a video with one of the aspect "
                       "ratios 1:1, 4:3, 4:5, 5:4, 16:9, 9:16 or 17:9. "
                       f"Current resolution is `{resolution}`.")
    longest = MAX_DURATION_PEGASUS if pegasus else MAX_DURATION
    limits = f"between 4 seconds and {int(longest // 3600)} hours({int(longest)} seconds)"
    if meta.duration < MIN_DURATION:
        raise ApiError(400, "video_duration_too_short",
                       f"Video is too short. Please use video with duration {limits}. "
                       f"Current duration is `{meta.duration}` seconds.")
    if meta.duration > longest:
        raise ApiError(400, "video_duration_too_long",
                       f"Video is too long. Please use video with duration {limits}. "
                       f"Current duration is `{meta.duration}` seconds.")


# Today's /analyze (2026-07 spec): 4 s to 1 h, 360x360 to 5184x2160, aspect ratio between 1:1 and 1:2.4 (or
# 2.4:1), whatever the file format.
ANALYZE_MAX_DURATION = 3600.0
ANALYZE_MAX_LONG_SIDE, ANALYZE_MAX_SHORT_SIDE = 5184, 2160
ANALYZE_MAX_RATIO = 2.4


def check_analysis_requirements(duration: float, width: int, height: int) -> None:
    """The input requirements of ``POST /analyze``, with the indexing codes for the same failures."""
    resolution = f"{width}x{height}"
    limits = "between 360x360 and 5184x2160"
    if min(width, height) < MIN_SIDE:
        raise ApiError(400, "video_resolution_too_low", "The resolution of the video is too low. Please use a "
                       f"video with resolution {limits}. Current resolution is `{resolution}`.")
    if max(width, height) > ANALYZE_MAX_LONG_SIDE or min(width, height) > ANALYZE_MAX_SHORT_SIDE:
        raise ApiError(400, "video_resolution_too_high", "The resolution of the video is too high. Please use a "
                       f"video with resolution {limits}. Current resolution is `{resolution}`.")
    if max(width, height) / min(width, height) > ANALYZE_MAX_RATIO + 1e-9:
        raise ApiError(400, "video_resolution_invalid_aspect_ratio",
                       "The aspect ratio of the video is invalid. Please use a video with an aspect ratio between "
                       f"1:1 and 1:2.4, or between 2.4:1 and 1:1. Current resolution is `{resolution}`.")
    span = "between 4 seconds and 1 hours(3600 seconds)"
    if duration < MIN_DURATION:
        raise ApiError(400, "video_duration_too_short", f"Video is too short. Please use video with duration "
                       f"{span}. Current duration is `{duration}` seconds.")
    if duration > ANALYZE_MAX_DURATION:
        raise ApiError(400, "video_duration_too_long", f"Video is too long. Please use video with duration "
                       f"{span}. Current duration is `{duration}` seconds.")


def _human(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.2f} GB"
    if size >= 1024**2:
        return f"{size / 1024**2:.2f} MB"
    return f"{size} B"
