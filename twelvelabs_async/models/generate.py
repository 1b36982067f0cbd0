"""Text generation: summarize, gist, analyze and generate results, and the NDJSON stream events.

Streams (``/analyze`` and ``/generate`` with ``stream: true``) send one JSON object per line; decode each with
:func:`parse_stream_event`, which is hand-written (no cattrs) because it runs once per line.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final, Literal

import attrs

from ._base import Model
from .common import Usage

__all__ = [
    "AnalyzeResult",
    "AnalyzeTaskError",
    "Chapter",
    "ChaptersResult",
    "GistResult",
    "Highlight",
    "HighlightsResult",
    "STREAM_EVENT_TYPES",
    "StreamEnd",
    "StreamEndMetadata",
    "StreamEvent",
    "StreamStart",
    "StreamStartMetadata",
    "SummarizeResult",
    "SummarizeType",
    "SummaryResult",
    "TextGeneration",
    "UnknownStreamEvent",
    "parse_stream_event",
]

SummarizeType = Literal["summary", "chapter", "highlight"]
"""Known ``summarize_type`` values (documentation only)."""


@attrs.frozen(kw_only=True)
class SummaryResult(Model):
    """``POST /summarize`` with ``type=summary``."""

    id: str
    summary: str | None = None
    usage: Usage | None = None
    summarize_type: str | None = None


@attrs.frozen(kw_only=True)
class Chapter(Model):
    """A chapter: 0-based ``chapter_number``, ``start``/``end`` in whole seconds, title and summary.

    ``start_sec``/``end_sec`` (float seconds) come from newer API versions only. ``start``/``end`` are ints as the
    official SDK gives them (a fractional value the server sends is kept as it came, never truncated).
    """

    chapter_number: int | None = None
    start: int | None = None
    end: int | None = None
    chapter_title: str | None = None
    chapter_summary: str | None = None
    start_sec: float | None = None
    end_sec: float | None = None


@attrs.frozen(kw_only=True)
class ChaptersResult(Model):
    """``POST /summarize`` with ``type=chapter``."""

    id: str
    chapters: list[Chapter] = attrs.Factory(list)
    usage: Usage | None = None
    summarize_type: str | None = None


@attrs.frozen(kw_only=True)
class Highlight(Model):
    """A highlight: ``start``/``end`` in whole seconds (ints, as in :class:`Chapter`), its title (``highlight``) and
    ``highlight_summary``."""

    start: int | None = None
    end: int | None = None
    highlight: str | None = None
    highlight_summary: str | None = None
    start_sec: float | None = None
    end_sec: float | None = None


@attrs.frozen(kw_only=True)
class HighlightsResult(Model):
    """``POST /summarize`` with ``type=highlight``."""

    id: str
    highlights: list[Highlight] = attrs.Factory(list)
    usage: Usage | None = None
    summarize_type: str | None = None


SummarizeResult = SummaryResult | ChaptersResult | HighlightsResult
"""Result of ``POST /summarize``, chosen by which of ``chapters``/``highlights``/``summary`` the body has
(``summarize_type`` is not required). Decode with ``_converter.structure_summarize(data)``."""


@attrs.frozen(kw_only=True)
class GistResult(Model):
    """``POST /gist``: the requested ``title``, ``topics`` and ``hashtags`` (absent ones are ``None``)."""

    id: str
    title: str | None = None
    topics: list[str] | None = None
    hashtags: list[str] | None = None
    usage: Usage | None = None


@attrs.frozen(kw_only=True)
class AnalyzeTaskError(Model):
    """A message attached to an analysis: why a task failed, or (with ``finish_reason='length'``) that the
    answer was cut. Check ``finish_reason`` rather than parsing the text, which the API does not fix. ``code`` is a
    machine-readable reason when the API gives one (official SDK 1.3.6)."""

    code: str | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class AnalyzeResult(Model):
    """Non-streamed ``POST /analyze``: the generated text in ``data`` (JSON text with ``response_format``).

    ``finish_reason`` is ``stop``, or ``length`` when the answer was cut at ``max_tokens`` or the context
    window; then ``error`` says which, and ``data`` holds the partial answer.
    """

    id: str
    data: str | None = None
    usage: Usage | None = None
    finish_reason: str | None = None
    error: AnalyzeTaskError | None = None


# --------------------------------------------------------------------------------------------------------
# NDJSON stream events
# --------------------------------------------------------------------------------------------------------

STREAM_EVENT_TYPES: Final[tuple[str, ...]] = ("stream_start", "text_generation", "stream_end")
"""Known ``event_type`` values, in stream order."""


@attrs.frozen(kw_only=True)
class StreamStartMetadata(Model):
    """``metadata`` of a ``stream_start`` event: the ``generation_id`` (other keys in ``extra``)."""

    generation_id: str | None = None


@attrs.frozen(kw_only=True)
class StreamEndMetadata(Model):
    """``metadata`` of a ``stream_end`` event: the ``generation_id`` and the token ``usage`` (other keys in
    ``extra``)."""

    generation_id: str | None = None
    usage: Usage | None = None


@attrs.frozen(kw_only=True)
class StreamStart(Model):
    """``{"event_type": "stream_start", "metadata": {"generation_id": ...}}``: the stream has begun.

    ``metadata`` is the wire ``metadata`` object with attributes, as the official SDK gives it
    (``event.metadata.generation_id``; ``None`` when the event has none); ``generation_id`` is the same value at
    the top. ``extra`` holds the unknown top-level keys.
    """

    generation_id: str | None = None
    metadata: StreamStartMetadata | None = attrs.field(default=None, repr=False, eq=False)

    event_type: ClassVar[Literal["stream_start"]] = "stream_start"
    _DUMP_SKIP: ClassVar[tuple[str, ...]] = ("generation_id",)  # metadata.generation_id, as the official dumps it


@attrs.frozen(kw_only=True)
class TextGeneration(Model):
    """``{"event_type": "text_generation", "text": ...}``: a fragment of the text (split anywhere).

    The full text is the concatenation of every fragment.
    """

    text: str = ""

    event_type: ClassVar[Literal["text_generation"]] = "text_generation"


@attrs.frozen(kw_only=True)
class StreamEnd(Model):
    """``{"event_type": "stream_end", "metadata": {"generation_id", "usage"}}``: the stream is complete.

    ``finish_reason`` (``stop`` or ``length``) and ``error`` (why the answer was cut) come from the 2026 API
    (read from the top level or ``metadata``). ``metadata`` is the wire object with attributes, as the official SDK
    gives it (``event.metadata.usage.output_tokens``; ``None`` when the event has none); ``generation_id`` and
    ``usage`` are the same values at the top.
    """

    generation_id: str | None = None
    usage: Usage | None = None
    finish_reason: str | None = None
    error: AnalyzeTaskError | None = None
    metadata: StreamEndMetadata | None = attrs.field(default=None, repr=False, eq=False)

    event_type: ClassVar[Literal["stream_end"]] = "stream_end"
    # the copies of metadata.generation_id and metadata.usage, which the dump gives inside metadata (as the official)
    _DUMP_SKIP: ClassVar[tuple[str, ...]] = ("generation_id", "usage")


@attrs.frozen(kw_only=True)
class UnknownStreamEvent(Model):
    """An event this SDK does not know (or one without ``event_type``); ``raw`` is the whole line's object.

    ``model_dump()`` gives ``raw`` (the event as it came), so that forwarding a stream as JSON keeps it unchanged.
    """

    event_type: str | None = None
    raw: dict[str, Any] = attrs.Factory(dict)

    def _dump_value(self) -> dict[str, Any]:
        return self.raw


StreamEvent = StreamStart | TextGeneration | StreamEnd | UnknownStreamEvent
"""One decoded NDJSON line of a generation stream."""

_START_KEYS: Final = frozenset({"event_type", "metadata"})
_TEXT_KEYS: Final = frozenset({"event_type", "text"})
_USAGE_KEYS: Final = frozenset({"output_tokens", "input_tokens"})
_END_KEYS: Final = frozenset({"event_type", "metadata", "finish_reason", "usage", "error"})
_ERROR_KEYS: Final = frozenset({"code", "message"})
_START_META_KEYS: Final = frozenset({"generation_id"})
_END_META_KEYS: Final = frozenset({"generation_id", "usage"})


def _extra(obj: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {} if known.issuperset(obj) else {k: v for k, v in obj.items() if k not in known}


def _usage(value: Any) -> Usage | None:
    if value.__class__ is not dict:
        return None
    return Usage(
        output_tokens=value.get("output_tokens"),
        input_tokens=value.get("input_tokens"),
        extra=_extra(value, _USAGE_KEYS),
    )


def _analyze_error(value: Any) -> AnalyzeTaskError | None:
    if value.__class__ is not dict:
        return None
    message = value.get("message")
    code = value.get("code")
    return AnalyzeTaskError(
        code=code if isinstance(code, str) else None,
        message=message if isinstance(message, str) else None,
        extra=_extra(value, _ERROR_KEYS),
    )


def parse_stream_event(obj: dict[str, Any]) -> StreamEvent:
    """Decode one NDJSON line's object (already ``json.loads``-ed) into a stream event.

    Dispatches on ``event_type``; never raises for an unknown or malformed event (it becomes an
    :class:`UnknownStreamEvent` holding the object). A ``text_generation`` event without a string ``text``
    gets ``text=""``. Runs in well under a microsecond for a text fragment.
    """
    event_type = obj.get("event_type")
    if event_type == "text_generation":
        text = obj.get("text")
        if text.__class__ is not str:
            text = "" if text is None else str(text)
        if len(obj) == 2:
            return TextGeneration(text=text)
        return TextGeneration(text=text, extra=_extra(obj, _TEXT_KEYS))
    if event_type == "stream_start":
        meta = obj.get("metadata")
        if meta.__class__ is not dict:
            return StreamStart(extra=_extra(obj, _START_KEYS))
        generation_id = meta.get("generation_id")
        start_meta = StreamStartMetadata(generation_id=generation_id, extra=_extra(meta, _START_META_KEYS))
        return StreamStart(generation_id=generation_id, metadata=start_meta, extra=_extra(obj, _START_KEYS))
    if event_type == "stream_end":
        meta = obj.get("metadata")
        end_meta: StreamEndMetadata | None = None
        if meta.__class__ is dict:
            end_meta = StreamEndMetadata(
                generation_id=meta.get("generation_id"),
                usage=_usage(meta.get("usage")),
                extra=_extra(meta, _END_META_KEYS),
            )
        else:
            meta = {}
        usage = end_meta.usage if end_meta is not None and end_meta.usage is not None else _usage(obj.get("usage"))
        return StreamEnd(
            generation_id=meta.get("generation_id"),
            usage=usage,
            finish_reason=obj.get("finish_reason", meta.get("finish_reason")),
            error=_analyze_error(obj.get("error", meta.get("error"))),
            metadata=end_meta,
            extra=_extra(obj, _END_KEYS),
        )
    return UnknownStreamEvent(event_type=event_type if isinstance(event_type, str) else None, raw=obj)
