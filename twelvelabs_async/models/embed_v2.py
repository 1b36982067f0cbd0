"""Embeddings v2: ``POST /embed-v2`` (answered at once) and ``/embed-v2/tasks`` (long audio and video).

``MediaSource`` is an input (where a media file comes from), the rest are responses. Embeddings of
``marengo3.0`` and ``marengo3.5`` are not comparable with each other: keep one model per vector index.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

import attrs

from ._base import WIRE_ID, Model
from .common import PageInfo

__all__ = [
    "EMBED_V2_TASK_STATUSES",
    "TERMINAL_EMBED_V2_TASK_STATUSES",
    "EmbedV2InputType",
    "EmbedV2Metadata",
    "EmbedV2Result",
    "EmbedV2Segment",
    "EmbedV2Task",
    "EmbedV2TaskCreated",
    "EmbedV2TaskError",
    "EmbedV2TaskMedia",
    "EmbedV2TaskMediaMetadata",
    "EmbedV2TaskPage",
    "EmbedV2TaskSummary",
    "EmbedV2Usage",
    "MediaSource",
]

EmbedV2InputType = Literal["text", "image", "text_image", "audio", "video", "multi_input"]
"""Known ``input_type`` values of ``embed.v_2.create`` (documentation only)."""

EMBED_V2_TASK_STATUSES: Final[tuple[str, ...]] = ("processing", "ready", "failed")
TERMINAL_EMBED_V2_TASK_STATUSES: Final[frozenset[str]] = frozenset({"ready", "failed"})


@attrs.frozen(kw_only=True)
class MediaSource:
    """Where a media file to embed comes from: exactly one of a URL, an uploaded asset, or base64 data.

    Build one with ``MediaSource.from_url(...)``, ``from_asset(...)`` or ``from_base64(...)``; a plain URL string,
    or the file's bytes, work wherever a media input is taken.
    """

    url: str | None = None
    asset_id: str | None = None
    base64_string: str | None = None

    @property
    def base_64_string(self) -> str | None:
        """``base64_string`` under the official SDK's name."""
        return self.base64_string

    @classmethod
    def from_url(cls, url: str) -> MediaSource:
        return cls(url=url)

    @classmethod
    def from_asset(cls, asset_id: str) -> MediaSource:
        """An uploaded asset; it must be ``ready``."""
        return cls(asset_id=asset_id)

    @classmethod
    def from_base64(cls, base64_string: str) -> MediaSource:
        return cls(base64_string=base64_string)


@attrs.frozen(kw_only=True)
class EmbedV2Segment(Model):
    """One embedding: the vector, what it embeds (``embedding_option``: visual, audio, transcription, text,
    fused) and over what (``embedding_scope``: clip, asset, page, chunk), with the time span for media clips.

    ``embedding_uncertainty`` (marengo3.5, when asked for) has one value per dimension; higher is less sure.
    """

    embedding: list[float] = attrs.Factory(list)
    embedding_uncertainty: list[float] | None = None
    embedding_option: str | None = None
    embedding_scope: str | None = None
    start_sec: float | None = None
    end_sec: float | None = None
    start_page_number: int | None = None
    end_page_number: int | None = None
    quadrant: str | None = None
    chunk_index: int | None = None


@attrs.frozen(kw_only=True)
class EmbedV2Usage(Model):
    """Tokens counted per input kind, and whether the text was cut to fit the model (marengo3.5)."""

    input_tokens: dict[str, Any] | None = None
    truncated: bool | None = None
    truncation_reason: str | None = None


@attrs.frozen(kw_only=True)
class EmbedV2Metadata(Model):
    """What was embedded: the input kind and source, and for audio and video the span, options and scopes."""

    input_type: str | None = None
    input_url: str | None = None
    input_filename: str | None = None
    clip_length: int | None = None
    embedding_options: list[str] = attrs.Factory(list)
    embedding_scopes: list[str] = attrs.Factory(list)
    duration: float | None = None
    start_offset_sec: float | None = None
    end_offset_sec: float | None = None
    embedding_dimension: int | None = None


@attrs.frozen(kw_only=True)
class EmbedV2Result(Model):
    """Response of ``POST /embed-v2``: the embeddings, in order."""

    data: list[EmbedV2Segment] = attrs.Factory(list)
    usage: EmbedV2Usage | None = None
    metadata: EmbedV2Metadata | None = None


@attrs.frozen(kw_only=True)
class EmbedV2TaskCreated(Model):
    """Response of ``POST /embed-v2/tasks`` (202): the task to wait for (``embed.v_2.tasks.wait_for_done``)."""

    id: str = attrs.field(metadata=WIRE_ID)
    status: str | None = None
    data: list[EmbedV2Segment] = attrs.Factory(list)
    metadata: EmbedV2Metadata | None = None


@attrs.frozen(kw_only=True)
class EmbedV2TaskError(Model):
    """Why an embedding task failed."""

    message: str | None = None


@attrs.frozen(kw_only=True)
class EmbedV2Task(Model):
    """``GET /embed-v2/tasks/{task_id}``: the task's status and, once ``ready``, its embeddings (kept 7 days)."""

    id: str = attrs.field(metadata=WIRE_ID)
    status: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    data: list[EmbedV2Segment] = attrs.Factory(list)
    usage: EmbedV2Usage | None = None
    metadata: EmbedV2Metadata | None = None
    error: EmbedV2TaskError | None = None

    @property
    def is_done(self) -> bool:
        """True once the task is ``ready`` or ``failed``."""
        return self.status in TERMINAL_EMBED_V2_TASK_STATUSES


@attrs.frozen(kw_only=True)
class EmbedV2TaskMediaMetadata(Model):
    """What a listed embedding task embeds (the members present depend on the media kind).

    The 2026-07 spec spells the audio members ``audio_embedding_options`` / ``audio_embedding_scopes``; the official
    SDK 1.3.6 reads ``<kind>_embedding_option`` / ``<kind>_embedding_scope``: both are read, each from its own key.
    """

    input_url: str | None = None
    input_filename: str | None = None
    duration: float | None = None
    video_clip_length: float | None = None
    video_embedding_scope: list[str] = attrs.Factory(list)
    video_embedding_option: list[str] | None = None
    audio_embedding_options: list[str] = attrs.Factory(list)
    audio_embedding_scopes: list[str] = attrs.Factory(list)
    audio_embedding_option: list[str] | None = None
    audio_embedding_scope: list[str] | None = None
    image_embedding_option: list[str] | None = None
    image_embedding_scope: list[str] | None = None
    document_embedding_option: list[str] | None = None
    document_embedding_scope: list[str] | None = None
    start_offset_sec: float | None = None
    end_offset_sec: float | None = None


@attrs.frozen(kw_only=True)
class EmbedV2TaskMedia(Model):
    metadata: EmbedV2TaskMediaMetadata | None = None


@attrs.frozen(kw_only=True)
class EmbedV2TaskSummary(Model):
    """An item of ``GET /embed-v2/tasks``: the task and what it embeds, without the embeddings."""

    id: str = attrs.field(metadata=WIRE_ID)
    model_name: str | None = None
    status: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    video_embedding: EmbedV2TaskMedia | None = None
    audio_embedding: EmbedV2TaskMedia | None = None
    document_embedding: EmbedV2TaskMedia | None = None
    image_embedding: EmbedV2TaskMedia | None = None


@attrs.frozen(kw_only=True)
class EmbedV2TaskPage(Model):
    """One page of ``GET /embed-v2/tasks``."""

    data: list[EmbedV2TaskSummary] = attrs.Factory(list)
    page_info: PageInfo | None = None
