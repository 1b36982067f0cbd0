"""Indexed videos: ``GET /indexes/{index-id}/videos`` and ``GET /indexes/{index-id}/videos/{video-id}``."""

from __future__ import annotations

from typing import Any

import attrs

from ._base import WIRE_FLOAT, WIRE_ID, Model
from .common import PageInfo
from .tasks import Hls

__all__ = [
    "TranscriptionSegment",
    "Video",
    "VideoEmbedding",
    "VideoEmbeddingSegments",
    "VideoPage",
    "VideoSegment",
    "VideoSummary",
    "VideoSystemMetadata",
]


@attrs.frozen(kw_only=True)
class VideoSystemMetadata(Model):
    """``system_metadata`` of a video: filename, duration (s), fps, frame size (px) and size (bytes, a float as the
    official SDK gives it)."""

    filename: str | None = None
    duration: float | None = None
    fps: float | None = None
    width: int | None = None
    height: int | None = None
    size: float | None = None


@attrs.frozen(kw_only=True)
class VideoSummary(Model):
    """An item of ``GET /indexes/{index-id}/videos``; the timestamps are the API's RFC 3339 strings."""

    id: str = attrs.field(metadata=WIRE_ID)
    created_at: str | None = None
    updated_at: str | None = None
    indexed_at: str | None = None
    system_metadata: VideoSystemMetadata | None = None
    asset_id: str | None = None


@attrs.frozen(kw_only=True)
class VideoPage(Model):
    """One page of ``GET /indexes/{index-id}/videos``."""

    data: list[VideoSummary] = attrs.Factory(list)
    page_info: PageInfo | None = None


@attrs.frozen(kw_only=True)
class VideoSegment(Model):
    """One embedding segment of a video (video retrieve, embed task retrieve).

    ``embedding`` is the vector, spelled ``float`` on the wire; ``float_`` (the official SDK's name) is the same
    list. ``embedding_option`` is ``visual-text`` or ``audio``; ``embedding_scope`` is ``clip`` or ``video``
    (others are kept as they come).
    """

    embedding: list[float] = attrs.field(factory=list, metadata=WIRE_FLOAT, repr=False)
    start_offset_sec: float | None = None
    end_offset_sec: float | None = None
    embedding_option: str | None = None
    embedding_scope: str | None = None

    @property
    def float_(self) -> list[float]:
        """The vector under the official SDK's name (the same list as ``embedding``)."""
        return self.embedding


@attrs.frozen(kw_only=True)
class VideoEmbeddingSegments(Model):
    """``video_embedding`` of a video: its segments."""

    segments: list[VideoSegment] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class VideoEmbedding(Model):
    """``embedding`` of a video retrieved with ``embedding_option``."""

    model_name: str | None = None
    video_embedding: VideoEmbeddingSegments | None = None


@attrs.frozen(kw_only=True)
class TranscriptionSegment(Model):
    """A span of spoken words: ``{start, end, value}`` (seconds, text)."""

    start: float | None = None
    end: float | None = None
    value: str | None = None


@attrs.frozen(kw_only=True)
class Video(Model):
    """``GET /indexes/{index-id}/videos/{video-id}``.

    ``user_metadata`` holds the keys set through PUT/PATCH; ``hls`` is present when the video was uploaded
    for streaming; ``embedding`` only when requested with ``embedding_option``; ``transcription`` only when
    requested (``None`` when the platform found no spoken words). The timestamps are the API's RFC 3339 strings.
    """

    id: str = attrs.field(metadata=WIRE_ID)
    created_at: str | None = None
    updated_at: str | None = None
    indexed_at: str | None = None
    system_metadata: VideoSystemMetadata | None = None
    user_metadata: dict[str, Any] | None = None
    asset_id: str | None = None
    hls: Hls | None = None
    embedding: VideoEmbedding | None = None
    transcription: list[TranscriptionSegment] | None = None
