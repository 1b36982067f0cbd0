"""Embeddings: ``POST /embed`` (text, image, audio) and video embedding tasks (``/embed/tasks``)."""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

import attrs

from ._base import WIRE_FLOAT, WIRE_ID, Model
from .common import PageInfo
from .embed_v2 import EmbedV2TaskMedia
from .videos import VideoSegment

__all__ = [
    "EMBED_TASK_STATUSES",
    "TERMINAL_EMBED_TASK_STATUSES",
    "EmbedTask",
    "EmbedTaskCreated",
    "EmbedTaskPage",
    "EmbedTaskStatus",
    "EmbedTaskStatusValue",
    "EmbeddingMetadata",
    "EmbeddingResponse",
    "EmbeddingSegment",
    "MediaEmbedding",
    "TextEmbedding",
    "VideoEmbeddingMetadata",
    "VideoEmbeddingResult",
]

EmbedTaskStatusValue = Literal["processing", "ready", "failed"]
"""Known embedding-task statuses (documentation only: ``status`` is a plain ``str``)."""

EMBED_TASK_STATUSES: Final[tuple[str, ...]] = ("processing", "ready", "failed")
TERMINAL_EMBED_TASK_STATUSES: Final[frozenset[str]] = frozenset({"ready", "failed"})
"""Statuses after which an embedding task never changes."""


@attrs.frozen(kw_only=True)
class EmbeddingSegment(Model):
    """A segment of a text, image or audio embedding.

    ``embedding`` is the vector (1024 floats), spelled ``float`` on the wire; ``float_`` (the official SDK's name)
    is the same list. Audio segments carry ``start_offset_sec``.
    """

    embedding: list[float] = attrs.field(factory=list, metadata=WIRE_FLOAT, repr=False)
    start_offset_sec: float | None = None
    end_offset_sec: float | None = None
    embedding_option: str | None = None

    @property
    def float_(self) -> list[float]:
        """The vector under the official SDK's name (the same list as ``embedding``)."""
        return self.embedding


@attrs.frozen(kw_only=True)
class EmbeddingMetadata(Model):
    """``metadata`` of an image or audio embedding: the URL or the filename it was made from."""

    input_url: str | None = None
    input_filename: str | None = None


@attrs.frozen(kw_only=True)
class TextEmbedding(Model):
    """``text_embedding`` of ``POST /embed``."""

    segments: list[EmbeddingSegment] = attrs.Factory(list)
    error_message: str | None = None


@attrs.frozen(kw_only=True)
class MediaEmbedding(Model):
    """``image_embedding`` or ``audio_embedding`` of ``POST /embed``."""

    segments: list[EmbeddingSegment] = attrs.Factory(list)
    metadata: EmbeddingMetadata | None = None
    error_message: str | None = None


@attrs.frozen(kw_only=True)
class EmbeddingResponse(Model):
    """Response of ``POST /embed``: one entry per modality that was sent."""

    model_name: str | None = None
    text_embedding: TextEmbedding | None = None
    image_embedding: MediaEmbedding | None = None
    audio_embedding: MediaEmbedding | None = None


@attrs.frozen(kw_only=True)
class VideoEmbeddingMetadata(Model):
    """``video_embedding.metadata`` of an embedding task.

    ``video_clip_length`` and ``duration`` are seconds; ``video_embedding_scope`` is ``["clip"]`` or
    ``["clip", "video"]``.
    """

    input_url: str | None = None
    input_filename: str | None = None
    video_clip_length: float | None = None
    video_embedding_scope: list[str] = attrs.Factory(list)
    video_embedding_option: list[str] | None = None
    duration: float | None = None


@attrs.frozen(kw_only=True)
class VideoEmbeddingResult(Model):
    """``video_embedding`` of an embedding task: metadata, and the segments once retrieved when ready."""

    metadata: VideoEmbeddingMetadata | None = None
    segments: list[VideoSegment] | None = None


@attrs.frozen(kw_only=True)
class EmbedTaskCreated(Model):
    """Response of ``POST /embed/tasks``: ``{"_id": ...}``."""

    id: str = attrs.field(metadata=WIRE_ID)


@attrs.frozen(kw_only=True)
class EmbedTask(Model):
    """A video embedding task (``GET /embed/tasks/{task_id}`` and the items of ``GET /embed/tasks``).

    ``status`` is ``processing``, ``ready`` or ``failed`` (others are kept as they come). The official SDK 1.3.6
    lists these tasks with the v2 list's item shape, so ``audio_embedding``, ``document_embedding`` and
    ``image_embedding`` are read too (``None`` for a video task).
    """

    id: str = attrs.field(metadata=WIRE_ID)
    model_name: str | None = None
    status: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    video_embedding: VideoEmbeddingResult | None = None
    audio_embedding: EmbedV2TaskMedia | None = None
    document_embedding: EmbedV2TaskMedia | None = None
    image_embedding: EmbedV2TaskMedia | None = None

    @property
    def is_done(self) -> bool:
        """True once the task is ``ready`` or ``failed``."""
        return self.status in TERMINAL_EMBED_TASK_STATUSES


@attrs.frozen(kw_only=True)
class EmbedTaskStatus(Model):
    """Response of ``GET /embed/tasks/{task_id}/status``."""

    id: str = attrs.field(metadata=WIRE_ID)
    status: str | None = None
    model_name: str | None = None
    video_embedding: VideoEmbeddingResult | None = None

    @property
    def is_done(self) -> bool:
        """True once the task is ``ready`` or ``failed``."""
        return self.status in TERMINAL_EMBED_TASK_STATUSES


@attrs.frozen(kw_only=True)
class EmbedTaskPage(Model):
    """One page of ``GET /embed/tasks`` (newest first)."""

    data: list[EmbedTask] = attrs.Factory(list)
    page_info: PageInfo | None = None
