"""Asynchronous and batch analysis: ``/analyze/tasks`` and ``/analyze/batches``.

An analyze task is one analysis that runs in the background (poll it, or receive a webhook); a batch is up to
1,000 of them over uploaded assets, tracked as one. Statuses are plain ``str`` (an unknown value is kept as it
comes); the known ones are in the ``*_STATUSES`` constants. A batch that is ``completed`` has *finished*, not
succeeded: its ``failed_items`` and ``canceled_items`` say how many did not.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

import attrs

from ._base import WIRE, Model
from .common import PageInfo, Usage
from .generate import AnalyzeTaskError

__all__ = [
    "ANALYZE_TASK_STATUSES",
    "BATCH_ITEM_STATUSES",
    "BATCH_STATUSES",
    "TERMINAL_ANALYZE_TASK_STATUSES",
    "TERMINAL_BATCH_ITEM_STATUSES",
    "TERMINAL_BATCH_STATUSES",
    "AnalyzeBatch",
    "AnalyzeBatchCreated",
    "AnalyzeBatchItem",
    "AnalyzeBatchPage",
    "AnalyzeTask",
    "AnalyzeTaskCanceled",
    "AnalyzeTaskCreated",
    "AnalyzeTaskMediaSource",
    "AnalyzeTaskPage",
    "AnalyzeTaskPromptV2",
    "AnalyzeTaskRequestParams",
    "AnalyzeTaskResponseFormat",
    "AnalyzeTaskResult",
    "AnalyzeTaskSegmentDefinition",
    "AnalyzeTaskSegmentField",
    "AnalyzeTaskSegmentFieldItems",
    "AnalyzeTaskStatus",
    "AnalyzeTaskTimeArrayItemField",
    "AnalyzeTaskTimeArrayItemFieldItems",
    "AnalyzeTaskVideoMetadata",
    "AnalyzeTaskVideoSource",
    "AnalyzeTimeRange",
    "BatchItemError",
    "BatchResultItem",
    "BatchStatus",
    "WebhookDelivery",
]

AnalyzeTaskStatus = Literal["queued", "pending", "processing", "ready", "failed", "canceled"]
"""Known analyze-task statuses (documentation only: ``AnalyzeTask.status`` is a plain ``str``)."""

ANALYZE_TASK_STATUSES: Final[tuple[str, ...]] = ("queued", "pending", "processing", "ready", "failed", "canceled")
"""Known analyze-task statuses in lifecycle order (``canceled`` comes with the official SDK 1.3.6's cancel)."""

TERMINAL_ANALYZE_TASK_STATUSES: Final[frozenset[str]] = frozenset({"ready", "failed", "canceled"})
"""Statuses after which an analyze task never changes."""

BatchStatus = Literal["pending", "processing", "canceling", "canceled", "completed", "expired"]
"""Known batch statuses (documentation only). A batch is never ``failed``; ``completed`` means finished."""

BATCH_STATUSES: Final[tuple[str, ...]] = ("pending", "processing", "canceling", "canceled", "completed", "expired")

TERMINAL_BATCH_STATUSES: Final[frozenset[str]] = frozenset({"completed", "canceled", "expired"})
"""Statuses after which a batch never changes (and after which it may be deleted)."""

BATCH_ITEM_STATUSES: Final[tuple[str, ...]] = ("queued", "processing", "ready", "failed", "canceled")
"""Known statuses of one item of a batch (a line of its results)."""

TERMINAL_BATCH_ITEM_STATUSES: Final[frozenset[str]] = frozenset({"ready", "failed", "canceled"})


@attrs.frozen(kw_only=True)
class AnalyzeTaskCreated(Model):
    """Response of ``POST /analyze/tasks`` (202): the task to poll (or to hear about through a webhook)."""

    task_id: str
    status: str | None = None

    @property
    def id(self) -> str:
        return self.task_id


@attrs.frozen(kw_only=True)
class AnalyzeTaskCanceled(Model):
    """Response of ``POST /analyze/tasks/{task_id}/cancel`` (official SDK 1.3.6; not in the 2026-07 spec)."""

    task_id: str
    status: str | None = None

    @property
    def id(self) -> str:
        return self.task_id


@attrs.frozen(kw_only=True)
class AnalyzeTaskVideoMetadata(Model):
    """``system_metadata`` of an analyzed video: its duration in seconds."""

    duration: float | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskVideoSource(Model):
    """The video a task analyzes, as the API records it (``type`` is ``url``, ``asset_id``, ``base64_string``, or
    the deprecated ``video_id``; the member of that name holds the value, base64 data is not echoed)."""

    type: str | None = None
    url: str | None = None
    asset_id: str | None = None
    video_id: str | None = None
    index_id: str | None = None
    system_metadata: AnalyzeTaskVideoMetadata | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskMediaSource(Model):
    """An image a task's prompt or segment definition refers to: its ``name`` (``<@name>`` in the text), its
    ``media_type`` (``image``) and where it is (``url`` or ``asset_id``; base64 data is not echoed)."""

    name: str | None = None
    media_type: str | None = None
    url: str | None = None
    asset_id: str | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskPromptV2(Model):
    """``prompt_v2`` of a task: the prompt text and the images it names."""

    input_text: str | None = None
    media_sources: list[AnalyzeTaskMediaSource] | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTimeRange(Model):
    """A span of the video a segment definition is limited to, in seconds."""

    start_time: float | None = None
    end_time: float | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskTimeArrayItemFieldItems(Model):
    """``items`` of an array member of a ``time_array`` item: the element ``type``."""

    type: str | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskTimeArrayItemField(Model):
    """A member of the objects of a ``time_array`` field: name, ``type``, description, ``enum``, and for an array
    the element type (``items``)."""

    name: str | None = None
    type: str | None = None
    description: str | None = None
    enum: list[str] | None = None
    items: AnalyzeTaskTimeArrayItemFieldItems | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskSegmentFieldItems(Model):
    """``items`` of an array field of a segment definition: the element ``type`` and, for objects, their
    members (``fields``)."""

    type: str | None = None
    fields: list[AnalyzeTaskTimeArrayItemField] | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskSegmentField(Model):
    """A field each segment carries: name, ``type`` (``string``, ``number``, ``array``, ``timestamp``,
    ``time_array``, ...), description, ``format`` of timestamps, allowed values (``enum``) and ``items``."""

    name: str | None = None
    type: str | None = None
    description: str | None = None
    format: str | None = None
    enum: list[str] | None = None
    items: AnalyzeTaskSegmentFieldItems | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskSegmentDefinition(Model):
    """A kind of segment a ``segment_definitions`` task finds: its ``id``, description, fields, the images it
    refers to and the time ranges it is limited to."""

    id: str | None = None
    description: str | None = None
    fields: list[AnalyzeTaskSegmentField] | None = None
    media_sources: list[AnalyzeTaskMediaSource] | None = None
    time_ranges: list[AnalyzeTimeRange] | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskResponseFormat(Model):
    """``response_format`` of a task: ``type`` ``json_schema`` (then ``json_schema`` is the schema, a dict) or
    ``segment_definitions`` (then ``segment_definitions`` and ``segment_time_format``)."""

    type: str | None = None
    json_schema: dict[str, Any] | None = None
    segment_time_format: str | None = None
    segment_definitions: list[AnalyzeTaskSegmentDefinition] | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskRequestParams(Model):
    """The parameters a task was created with (the API returns them for Pegasus 1.5 and later).

    ``max_tokens`` is an int or ``"unlimited"`` (1.3.6). Structured members are objects with attributes, as the
    official SDK gives them (``params.prompt_v_2.input_text``, ``params.response_format.type``).
    """

    analysis_mode: str | None = None
    prompt: str | None = None
    prompt_v_2: AnalyzeTaskPromptV2 | None = attrs.field(default=None, metadata={WIRE: "prompt_v2"})
    image: list[AnalyzeTaskMediaSource] = attrs.Factory(list)
    response_format: AnalyzeTaskResponseFormat | None = None
    temperature: float | None = None
    max_tokens: Any = None
    min_segment_duration: float | None = None
    max_segment_duration: float | None = None
    start_time: float | None = None
    end_time: float | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskResult(Model):
    """What an analysis produced: ``data`` is the text (JSON text with a ``response_format``).

    ``finish_reason`` is ``stop``, or ``length`` when the answer was cut at ``max_tokens`` or the context window
    (the task's ``error`` then says which, and ``data`` holds the partial answer).
    """

    generation_id: str | None = None
    data: str | None = None
    finish_reason: str | None = None
    usage: Usage | None = None


@attrs.frozen(kw_only=True)
class WebhookDelivery(Model):
    """How the notification of a task or batch reached one webhook endpoint."""

    url: str | None = None
    delivered: bool | None = None
    attempts: int | None = None
    last_error: str | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTask(Model):
    """An analysis task (``GET /analyze/tasks/{task_id}`` and the items of ``GET /analyze/tasks``).

    ``status`` is one of :data:`ANALYZE_TASK_STATUSES`; ``result`` is set once ``ready``; ``error`` holds why it
    ``failed``, or (when ``ready`` with ``result.finish_reason == 'length'``) why the answer was cut.
    ``batch_id`` is set for a task that belongs to a batch (official SDK 1.3.6).
    """

    task_id: str
    custom_id: str | None = None
    batch_id: str | None = None
    video_source: AnalyzeTaskVideoSource | None = None
    request_params: AnalyzeTaskRequestParams | None = None
    status: str | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None
    result: AnalyzeTaskResult | None = None
    error: AnalyzeTaskError | None = None
    webhooks: list[WebhookDelivery] = attrs.Factory(list)

    @property
    def id(self) -> str:
        """The task id (``task_id``), under the name every waitable resource of this SDK shares."""
        return self.task_id

    @property
    def is_done(self) -> bool:
        """True once the task is ``ready``, ``failed`` or ``canceled``."""
        return self.status in TERMINAL_ANALYZE_TASK_STATUSES


@attrs.frozen(kw_only=True)
class AnalyzeTaskPage(Model):
    """One page of ``GET /analyze/tasks`` (newest first)."""

    data: list[AnalyzeTask] = attrs.Factory(list)
    page_info: PageInfo | None = None


@attrs.frozen(kw_only=True)
class AnalyzeBatch(Model):
    """A batch and its item counts (``GET /analyze/batches/{batch_id}``, the list, and ``cancel``'s answer).

    ``completed`` means every item finished, not that every item succeeded: read ``ready_items``,
    ``failed_items`` and ``canceled_items`` (or use ``batches.wait_for_done``, whose outcome says so).
    """

    batch_id: str
    analysis_mode: str | None = None
    model_name: str | None = None
    status: str | None = None
    total_items: int | None = None
    created_at: datetime | None = None
    expires_at: datetime | None = None
    completed_at: datetime | None = None
    canceled_at: datetime | None = None
    expired_at: datetime | None = None
    queued_items: int | None = None
    processing_items: int | None = None
    ready_items: int | None = None
    failed_items: int | None = None
    canceled_items: int | None = None
    webhooks: list[WebhookDelivery] = attrs.Factory(list)

    @property
    def id(self) -> str:
        """The batch id (``batch_id``), under the name every waitable resource of this SDK shares."""
        return self.batch_id

    @property
    def finished_items(self) -> int:
        """Items that will not change any more: ready, failed or canceled."""
        return (self.ready_items or 0) + (self.failed_items or 0) + (self.canceled_items or 0)

    @property
    def is_done(self) -> bool:
        """True once the batch is ``completed``, ``canceled`` or ``expired``."""
        return self.status in TERMINAL_BATCH_STATUSES


@attrs.frozen(kw_only=True)
class AnalyzeBatchPage(Model):
    """One page of ``GET /analyze/batches``."""

    data: list[AnalyzeBatch] = attrs.Factory(list)
    page_info: PageInfo | None = None


@attrs.frozen(kw_only=True)
class AnalyzeBatchItem(Model):
    """One submitted item of a new batch: the task the API made for it, and the ``custom_id`` given (or None)."""

    task_id: str | None = None
    custom_id: str | None = None


@attrs.frozen(kw_only=True)
class AnalyzeBatchCreated(Model):
    """Response of ``POST /analyze/batches`` (201): one task per request, in the order of the requests."""

    batch_id: str
    status: str | None = None
    total_items: int | None = None
    created_at: datetime | None = None
    expires_at: datetime | None = None
    items: list[AnalyzeBatchItem] = attrs.Factory(list)

    @property
    def id(self) -> str:
        return self.batch_id


@attrs.frozen(kw_only=True)
class BatchItemError(Model):
    """Why one item of a batch failed (``code`` may be absent: the API guarantees ``message`` only)."""

    code: str | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class BatchResultItem(Model):
    """One line of ``GET /analyze/batches/{batch_id}/results``: an item's status and, once final, its result.

    ``data`` is set for ``ready`` items, ``error`` for ``failed`` ones; ``queued``, ``processing`` and
    ``canceled`` items carry neither.
    """

    task_id: str
    custom_id: str | None = None
    status: str | None = None
    data: AnalyzeTaskResult | None = None
    error: BatchItemError | None = None

    @property
    def is_done(self) -> bool:
        """True once the item is ``ready``, ``failed`` or ``canceled``."""
        return self.status in TERMINAL_BATCH_ITEM_STATUSES
