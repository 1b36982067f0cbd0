"""Video indexing tasks: ``POST /tasks``, ``GET /tasks``, ``GET /tasks/{task_id}``, and the HLS object."""

from __future__ import annotations

from typing import Final, Literal

import attrs

from ._base import WIRE_ID, Model
from .common import PageInfo

__all__ = [
    "HLS_STATUSES",
    "TASK_STATUSES",
    "TERMINAL_TASK_STATUSES",
    "Hls",
    "HlsStatus",
    "Task",
    "TaskCreated",
    "TaskPage",
    "TaskStatus",
    "TaskSystemMetadata",
]

TaskStatus = Literal["uploading", "validating", "pending", "queued", "indexing", "ready", "failed"]
"""Known indexing-task statuses (documentation only: ``Task.status`` is a plain ``str``)."""

TASK_STATUSES: Final[tuple[str, ...]] = (
    "uploading",
    "validating",
    "pending",
    "queued",
    "indexing",
    "ready",
    "failed",
)
"""Known indexing-task statuses in lifecycle order (the values ``GET /tasks?status=`` accepts)."""

TERMINAL_TASK_STATUSES: Final[frozenset[str]] = frozenset({"ready", "failed"})
"""Statuses after which an indexing task never changes."""

HlsStatus = Literal["PROCESSING", "COMPLETE", "CANCELED", "ERROR"]
"""Known HLS encoding statuses (documentation only)."""

HLS_STATUSES: Final[tuple[str, ...]] = ("PROCESSING", "COMPLETE", "CANCELED", "ERROR")


@attrs.frozen(kw_only=True)
class Hls(Model):
    """HLS stream of an indexed video; present only when it was uploaded with ``enable_video_stream=true``.

    ``status`` is one of ``PROCESSING``, ``COMPLETE``, ``CANCELED``, ``ERROR`` (others are kept as they come).
    ``updated_at`` is the API's RFC 3339 string, as the official SDK gives it (``parse_datetime`` reads it).
    """

    video_url: str | None = None
    thumbnail_urls: list[str] = attrs.Factory(list)
    status: str | None = None
    updated_at: str | None = None


@attrs.frozen(kw_only=True)
class TaskSystemMetadata(Model):
    """``system_metadata`` of a task: duration in seconds, original filename, frame size in pixels."""

    duration: float | None = None
    filename: str | None = None
    width: int | None = None
    height: int | None = None


@attrs.frozen(kw_only=True)
class Task(Model):
    """A video indexing task (``GET /tasks/{task_id}`` and the items of ``GET /tasks``).

    ``status`` is one of :data:`TASK_STATUSES` (``validating`` -> ``pending`` -> ``queued`` -> ``indexing``
    -> ``ready`` | ``failed``; also ``uploading``); an unknown value is kept as it comes. ``hls`` only comes
    from ``GET /tasks/{task_id}``; ``estimated_time`` is mentioned by older docs only. ``created_at`` and
    ``updated_at`` are the API's RFC 3339 strings (``"2024-01-01T10:00:00Z"``), as the official SDK gives them;
    ``models.parse_datetime(task.created_at)`` is the aware ``datetime``.
    """

    id: str = attrs.field(metadata=WIRE_ID)
    video_id: str | None = None
    index_id: str | None = None
    status: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    system_metadata: TaskSystemMetadata | None = None
    hls: Hls | None = None
    estimated_time: str | None = None

    @property
    def is_done(self) -> bool:
        """True once the task is ``ready`` or ``failed``."""
        return self.status in TERMINAL_TASK_STATUSES


@attrs.frozen(kw_only=True)
class TaskCreated(Model):
    """Response of ``POST /tasks``: the task id and the id the video will have once indexed."""

    id: str = attrs.field(metadata=WIRE_ID)
    video_id: str | None = None


@attrs.frozen(kw_only=True)
class TaskPage(Model):
    """One page of ``GET /tasks`` (newest first)."""

    data: list[Task] = attrs.Factory(list)
    page_info: PageInfo | None = None
