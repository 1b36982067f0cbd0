"""``POST /responses``: Jockey's answer over a knowledge store, and the typed server-sent events of its stream.

The answer is a :class:`ResponseObject` (Open Responses conventions): ``output`` holds message items (text
parts with citations) and, with ``include=["intermediate_outputs"]``, the steps taken (function calls).
The stream sends one event per ``data:`` line; each ``type`` has its class here (:data:`RESPONSE_EVENT_TYPES`),
and a type this SDK does not know yet becomes an :class:`UnknownResponseEvent` holding the whole object, as the
API asks clients to ignore frames they do not recognise rather than fail on them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

import attrs

from ._base import Model
from .common import Usage

__all__ = [
    "RESPONSE_EVENT_TYPES",
    "RESPONSE_STATUSES",
    "ResponseAnnotation",
    "ResponseCompletedEvent",
    "ResponseContentPart",
    "ResponseContentPartAddedEvent",
    "ResponseContentPartDoneEvent",
    "ResponseCreatedEvent",
    "ResponseEvent",
    "ResponseFailedEvent",
    "ResponseFunctionCallArgumentsDoneEvent",
    "ResponseInProgressEvent",
    "ResponseIncompleteDetails",
    "ResponseKeepaliveEvent",
    "ResponseObject",
    "ResponseOutputItem",
    "ResponseOutputItemAddedEvent",
    "ResponseOutputItemDoneEvent",
    "ResponseOutputTextDeltaEvent",
    "ResponseOutputTextDoneEvent",
    "ResponseStatus",
    "ResponseStatusEvent",
    "UnknownResponseEvent",
]

ResponseStatus = Literal["completed", "failed", "in_progress", "incomplete"]
"""Known statuses of a response (documentation only)."""

RESPONSE_STATUSES: Final[tuple[str, ...]] = ("in_progress", "completed", "failed", "incomplete")


# --- the response object --------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ResponseAnnotation(Model):
    """A citation tying a marker such as ``[1]`` in a text part to what it cites.

    ``type``: ``video_citation`` (a time range of a video item: ``start_sec``/``end_sec``, both absent for the
    whole video), ``image_citation`` or ``collection_citation``. ``start_index``/``end_index`` locate the
    marker in the part's ``text``, in code points, the end inclusive: ``text[start_index : end_index + 1]``.
    """

    type: str | None = None
    start_index: int | None = None
    end_index: int | None = None
    item_id: str | None = None
    collection_id: str | None = None
    start_sec: float | None = None
    end_sec: float | None = None
    title: str | None = None
    thumbnail_url: str | None = None
    hls_url: str | None = None


@attrs.frozen(kw_only=True)
class ResponseContentPart(Model):
    """A part of a message: ``type='output_text'``, its ``text`` and the citations in it."""

    type: str | None = None
    text: str = ""
    annotations: list[ResponseAnnotation] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class ResponseOutputItem(Model):
    """An item of a response's output: a ``message`` (``role='assistant'``, text ``content`` parts, and a
    ``phase``: ``final_answer`` or ``commentary``), a ``function_call`` (``name``, ``call_id``, JSON
    ``arguments``) or a ``function_call_output`` (``output``)."""

    id: str | None = None
    type: str | None = None
    status: str | None = None
    role: str | None = None
    phase: str | None = None
    content: list[ResponseContentPart] = attrs.Factory(list)
    name: str | None = None
    call_id: str | None = None
    arguments: str | None = None
    output: str | None = None

    @property
    def text(self) -> str:
        """The text of this item's ``output_text`` parts (``""`` for other items)."""
        return "".join(part.text for part in self.content if part.type in (None, "output_text"))

    @property
    def is_final_answer(self) -> bool:
        """A message that holds the answer: the API says to read a message without ``phase`` as the answer,
        and an unknown ``phase`` as intermediate output."""
        return self.type == "message" and self.phase in (None, "final_answer")


@attrs.frozen(kw_only=True)
class ResponseIncompleteDetails(Model):
    """Why a response is ``incomplete`` (``reason``, e.g. ``max_output_tokens``)."""

    reason: str | None = None


@attrs.frozen(kw_only=True)
class ResponseObject(Model):
    """Jockey's response: ``status`` (``completed``, ``incomplete``, ``failed``; ``in_progress`` while
    streaming), its ``output`` items, token ``usage``, and the ``session_id`` to pass back to continue the
    conversation. ``output_text`` is the answer's text."""

    id: str | None = None
    object: str | None = None
    type: str | None = None
    status: str | None = None
    knowledge_store_id: str | None = None
    session_id: str | None = None
    output: list[ResponseOutputItem] = attrs.Factory(list)
    usage: Usage | None = None
    incomplete_details: ResponseIncompleteDetails | None = None
    created_at: datetime | None = None

    @property
    def output_text(self) -> str:
        """The text of the answer: the final-answer messages' text, in order (intermediate messages left out)."""
        return "".join(item.text for item in self.output if item.is_final_answer)


# --- stream events --------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ResponseEvent(Model):
    """Base of every stream event: its ``type`` and ``sequence_number`` (one counter for all events, so
    skipped keepalives leave gaps)."""

    type: str = ""
    sequence_number: int | None = None


@attrs.frozen(kw_only=True)
class ResponseStatusEvent(ResponseEvent):
    """An event that carries the whole response object in its current state."""

    response: ResponseObject | None = None


@attrs.frozen(kw_only=True)
class ResponseCreatedEvent(ResponseStatusEvent):
    """``response.created``: the first event; the response is ``in_progress`` (its id and session id are set)."""

    type: str = "response.created"


@attrs.frozen(kw_only=True)
class ResponseInProgressEvent(ResponseStatusEvent):
    """``response.in_progress``: the response is being generated."""

    type: str = "response.in_progress"


@attrs.frozen(kw_only=True)
class ResponseCompletedEvent(ResponseStatusEvent):
    """``response.completed``: the final response (``completed``, or ``incomplete`` when cut short)."""

    type: str = "response.completed"


@attrs.frozen(kw_only=True)
class ResponseFailedEvent(ResponseStatusEvent):
    """``response.failed``: the response failed; ``response`` holds what there is of it."""

    type: str = "response.failed"


@attrs.frozen(kw_only=True)
class ResponseOutputItemAddedEvent(ResponseEvent):
    """``response.output_item.added``: an output item (a message, a function call) has started."""

    type: str = "response.output_item.added"
    output_index: int | None = None
    item: ResponseOutputItem | None = None


@attrs.frozen(kw_only=True)
class ResponseOutputItemDoneEvent(ResponseEvent):
    """``response.output_item.done``: an output item is final."""

    type: str = "response.output_item.done"
    output_index: int | None = None
    item: ResponseOutputItem | None = None


@attrs.frozen(kw_only=True)
class ResponseContentPartAddedEvent(ResponseEvent):
    """``response.content_part.added``: a content part of a message has started."""

    type: str = "response.content_part.added"
    item_id: str | None = None
    output_index: int | None = None
    content_index: int | None = None
    part: ResponseContentPart | None = None


@attrs.frozen(kw_only=True)
class ResponseContentPartDoneEvent(ResponseEvent):
    """``response.content_part.done``: a content part is final (its citations included)."""

    type: str = "response.content_part.done"
    item_id: str | None = None
    output_index: int | None = None
    content_index: int | None = None
    part: ResponseContentPart | None = None


@attrs.frozen(kw_only=True)
class ResponseOutputTextDeltaEvent(ResponseEvent):
    """``response.output_text.delta``: the next piece of a text part (split anywhere)."""

    type: str = "response.output_text.delta"
    item_id: str | None = None
    output_index: int | None = None
    content_index: int | None = None
    delta: str = ""


@attrs.frozen(kw_only=True)
class ResponseOutputTextDoneEvent(ResponseEvent):
    """``response.output_text.done``: the whole text of a part."""

    type: str = "response.output_text.done"
    item_id: str | None = None
    output_index: int | None = None
    content_index: int | None = None
    text: str | None = None


@attrs.frozen(kw_only=True)
class ResponseFunctionCallArgumentsDoneEvent(ResponseEvent):
    """``response.function_call_arguments.done``: a function call's JSON arguments are complete."""

    type: str = "response.function_call_arguments.done"
    item_id: str | None = None
    output_index: int | None = None
    arguments: str | None = None


@attrs.frozen(kw_only=True)
class ResponseKeepaliveEvent(ResponseEvent):
    """``keepalive``: a heartbeat (about every 10 s while nothing else is sent); no data."""

    type: str = "keepalive"


@attrs.frozen(kw_only=True)
class UnknownResponseEvent(ResponseEvent):
    """An event of a type this SDK does not know; ``raw`` is its whole object (what ``model_dump()`` gives)."""

    raw: dict[str, Any] = attrs.Factory(dict)

    def _dump_value(self) -> dict[str, Any]:
        return self.raw


RESPONSE_EVENT_TYPES: Final[dict[str, type[ResponseEvent]]] = {
    "response.created": ResponseCreatedEvent,
    "response.in_progress": ResponseInProgressEvent,
    "response.completed": ResponseCompletedEvent,
    "response.failed": ResponseFailedEvent,
    "response.output_item.added": ResponseOutputItemAddedEvent,
    "response.output_item.done": ResponseOutputItemDoneEvent,
    "response.content_part.added": ResponseContentPartAddedEvent,
    "response.content_part.done": ResponseContentPartDoneEvent,
    "response.output_text.delta": ResponseOutputTextDeltaEvent,
    "response.output_text.done": ResponseOutputTextDoneEvent,
    "response.function_call_arguments.done": ResponseFunctionCallArgumentsDoneEvent,
    "keepalive": ResponseKeepaliveEvent,
}
"""The class of each known event ``type``."""
