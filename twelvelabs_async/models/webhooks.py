"""Webhook notifications: the JSON the platform POSTs to your endpoint (verify it first: ``twelvelabs_async.webhooks``).

Every notification is ``{id, created_at, type, data}``. ``type`` says what happened: ``analyze.task.ready``,
``analyze.task.failed`` and ``analyze.task.canceled`` for analyze tasks (``data`` is the task, without its result:
retrieve the task for that), ``index.task.ready`` and ``index.task.failed`` for video indexing tasks. Any other
type (the API adds them; batch-completion notifications have no documented type yet) decodes as
``UnknownWebhookEvent`` with ``data`` kept as it came. ``id`` is the same on every retry of one notification: use it
to process each once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import attrs

from ._base import Model
from .analyze_async import AnalyzeTaskVideoSource
from .generate import AnalyzeTaskError

__all__ = [
    "ANALYZE_TASK_EVENT_TYPES",
    "INDEX_TASK_EVENT_TYPES",
    "AnalyzeTaskEvent",
    "AnalyzeTaskEventData",
    "IndexTaskEvent",
    "IndexTaskEventData",
    "UnknownWebhookEvent",
    "WebhookEvent",
]

ANALYZE_TASK_EVENT_TYPES: Final[tuple[str, ...]] = (
    "analyze.task.ready",
    "analyze.task.failed",
    "analyze.task.canceled",
)
INDEX_TASK_EVENT_TYPES: Final[tuple[str, ...]] = ("index.task.ready", "index.task.failed")


@attrs.frozen(kw_only=True)
class AnalyzeTaskEventData(Model):
    """The analyze task a notification is about: its id, ``custom_id``, final ``status`` and, for a failed task
    (or a ready one whose answer was cut), ``error.message``."""

    id: str
    custom_id: str | None = None
    created_at: datetime | None = None
    video_source: AnalyzeTaskVideoSource | None = None
    status: str | None = None
    error: AnalyzeTaskError | None = None

    @property
    def task_id(self) -> str:
        return self.id


@attrs.frozen(kw_only=True)
class AnalyzeTaskEvent(Model):
    """``analyze.task.ready`` / ``analyze.task.failed`` / ``analyze.task.canceled``."""

    id: str
    created_at: datetime | None = None
    type: str | None = None
    data: AnalyzeTaskEventData | None = None


@attrs.frozen(kw_only=True)
class IndexTaskEventData(Model):
    """The video indexing task a notification is about."""

    id: str
    status: str | None = None
    metadata: dict[str, Any] | None = None
    models: list[dict[str, Any]] = attrs.Factory(list)
    tags: list[str] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class IndexTaskEvent(Model):
    """``index.task.ready`` / ``index.task.failed``."""

    id: str
    created_at: datetime | None = None
    type: str | None = None
    data: IndexTaskEventData | None = None


@attrs.frozen(kw_only=True)
class UnknownWebhookEvent(Model):
    """A notification of a type this SDK does not model; ``data`` is its JSON as it came."""

    id: str
    created_at: datetime | None = None
    type: str | None = None
    data: dict[str, Any] | None = None


WebhookEvent = AnalyzeTaskEvent | IndexTaskEvent | UnknownWebhookEvent
"""One decoded notification; decode with ``twelvelabs_async.webhooks.parse_event`` (or ``construct_event``)."""
