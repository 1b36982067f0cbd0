"""What analyze tasks and batch items ask for, checked as the 2026-07 spec describes it, and what they answer.

Checks (400 ``parameter_invalid`` / ``parameter_not_provided`` unless said otherwise):

- ``model_name``: tasks ``pegasus1.2`` (the spec's), ``pegasus1.5`` and ``pegasus1.6`` (which the official SDK
  1.3.6 knows); without one, ``pegasus1.5``: the 2026-07 spec says ``pegasus1.2`` is the default, but 1.3.6
  documents ``pegasus1.5`` and no longer lists 1.2, and the emulator follows 1.3.6 where it is ahead of the
  spec. Batches ``pegasus1.5`` only ("Batch analysis requires Pegasus 1.5"; 1.3.6 adds that batches do not
  take 1.6).
- ``analysis_mode`` ``general`` (default) needs exactly one of ``prompt`` / ``prompt_v2`` (a batch item's
  ``prompt`` is the structured ``{input_text, media_sources}``), and refuses ``segment_definitions`` and the
  segment durations; ``time_based_metadata`` needs Pegasus 1.5 or later and ``response_format.type``
  ``segment_definitions``, and refuses prompts.
- ``response_format``: ``json_schema`` (the schema checks of :mod:`.structured`) or ``segment_definitions``
  (1-20 definitions with unique ``id``s and a ``description``; fields with a name, one of the six types and a
  description; ``format`` exactly when the type is ``timestamp``, which may not use the reserved names
  ``start_time``/``end_time``/``metadata``; ``enum`` up to 100 values; ``items`` for arrays; up to 4 media
  sources; ``time_ranges`` of at least 2 s inside the video, not overlapping, and exclusive with the analysis
  window and the segment durations), ``segment_time_format`` ``seconds`` / ``hh:mm:ss`` / ``hh:mm:ss.fff``.
- ``max_tokens``: Pegasus 1.2 2-4,096 (default 4,096); 1.5 and 1.6 ``general`` 512-98,304 (default 4,096),
  ``time_based_metadata`` 2,048-98,304 (default 32,768); or (1.3.6) ``"unlimited"``, which only segmentation
  with ``pegasus1.6`` takes, without ``time_ranges``: nothing is cut. ``temperature`` 0-1 (default 0.2).
- ``min_segment_duration`` / ``max_segment_duration`` at least 2, max >= min.
- ``start_time`` / ``end_time`` (Pegasus 1.5+): inside the video, a clip of at least 4 s.
- ``custom_id``: 1-64 characters of ``[A-Za-z0-9_-]`` (an empty string too is refused).
- ``image`` (the official SDK 1.3.6, not in the 2026-07 spec) instead of ``video``: 1 to 20 images, each with a
  unique ``name`` (letters, digits, underscores) and exactly one of ``url`` (HTTPS only: "the platform rejects
  HTTP URLs"), ``asset_id`` (a ready image asset) or ``base64_string`` (at most 20 MB); only with
  ``pegasus1.6``, general analysis and ``prompt`` (not ``prompt_v2``, not an analysis window). A prompt
  references every image as ``<@name>`` or none of them (some only: 400). The answer describes the images.
- the video: ``url`` / ``asset_id`` (a ready video asset) / ``base64_string`` (an MP4 of at most 30 MB), with
  the input requirements of ``/analyze`` except the duration: 4 s to 2 h, or (1.3.6) up to 4 h when the
  analysis window is at most 2 h. A batch item whose window exceeds 2 h is not refused: it fails alone with
  ``video_duration_too_long``, as 1.3.6 describes.

Markers in a prompt (or a segment definition's description) steer the emulator: ``[emulator:fail]`` makes the
analysis fail when processing ends, ``[emulator:seconds=N]`` makes processing take N emulated seconds.

Answers are deterministic, like ``/analyze``'s: plain text from :func:`.generation.answer`, JSON valid against
the schema from :func:`.structured.generate`, and for ``time_based_metadata`` a JSON-encoded object keyed by
definition ``id``, each a list of ``{start_time, end_time, metadata}`` segments whose lengths respect the
segment durations and lie inside the window (or the definition's ``time_ranges``). ``max_tokens`` cuts the
answer (``finish_reason`` ``length``, with the documented warning).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import itertools
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from .. import _mp4
from . import generation, structured
from .analysis_state import PROCESSING_SECONDS, AnalysisSpec, AnalyzeTask
from .assets import require_asset
from .clock import rfc3339
from .content import join_words, metadata_words, name_words, stable_int
from .context import EmulatorContext
from .errors import ApiError
from .generation import Subject
from .routes_analyze import MAX_BASE64_BYTES, _check_url, _object_keys, _text_field
from .state import EmulatorState
from .videos import check_analysis_requirements, meta_from_url

__all__ = ["MODES", "TASK_FIELDS", "TASK_MODELS", "build_spec", "check_custom_id", "image_subject",
           "item_result_json", "subject_of_asset", "task_json", "task_result", "task_subject"]

TASK_MODELS = ("pegasus1.2", "pegasus1.5", "pegasus1.6")
# The 2026-07 spec's default is pegasus1.2; the official SDK 1.3.6 documents pegasus1.5 (and lists no 1.2), and
# the SDKs that follow it send no model when they mean that default: 1.5 it is.
DEFAULT_TASK_MODEL = "pegasus1.5"
UNLIMITED = "unlimited"
UNLIMITED_TOKENS = 10**9  # what "unlimited" cuts at: never
MODES = ("general", "time_based_metadata")
TASK_FIELDS = ("model_name", "custom_id", "video", "image", "prompt", "prompt_v2", "analysis_mode", "temperature",
               "max_tokens", "response_format", "min_segment_duration", "max_segment_duration", "start_time",
               "end_time")
# The fields a batch's `defaults` may set and an item may override (the item also has `video`, `custom_id`).
BATCH_FIELDS = ("prompt", "response_format", "temperature", "max_tokens", "min_segment_duration",
                "max_segment_duration", "start_time", "end_time")
CUSTOM_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# (min, max, default) per model and mode.
TOKEN_LIMITS = {
    ("pegasus1.2", "general"): (2, 4096, 4096),
    ("pegasus1.5", "general"): (512, 98_304, 4096),
    ("pegasus1.5", "time_based_metadata"): (2048, 98_304, 32_768),
}
MIN_DURATION = 4.0
MAX_DURATION = 7200.0  # "Maximum duration: 2 hours"
MAX_DURATION_LONG = 14_400.0  # 1.3.6: up to 4 h when the analysis window is at most 2 h
MIN_WINDOW = 4.0
MIN_SEGMENT = 2.0
MAX_DEFINITIONS = 20
MAX_ENUM = 100
MAX_MEDIA_SOURCES = 4
MAX_SEGMENTS_PER_RANGE = 500  # bounds the answer for long videos with short segments
MAX_IMAGES = 20
MAX_IMAGE_BYTES = 20 * 1000**2  # 1.3.6: "Each image can be up to 20 MB"
IMAGE_MODEL = "pegasus1.6"  # 1.3.6: "Requires Pegasus 1.6"
IMAGE_NAME = re.compile(r"[A-Za-z0-9_]+")
FIELD_TYPES = ("string", "boolean", "number", "integer", "array", "timestamp")
ITEM_TYPES = ("string", "number", "boolean", "integer")
TIME_FORMATS = ("seconds", "hh:mm:ss", "hh:mm:ss.fff")
RESERVED_NAMES = ("start_time", "end_time", "metadata")
SOURCE_KEYS = ("url", "asset_id", "base64_string")
_PLACEHOLDER = re.compile(r"<@([^>]*)>")
_FAIL = "[emulator:fail]"
_SECONDS = re.compile(r"\[emulator:seconds=(\d+(?:\.\d+)?)\]")
_MARKERS = re.compile(r"\[emulator:(?:fail|seconds=\d+(?:\.\d+)?)\]")
TRUNCATED = ("output truncated: the generation reached the configured max_tokens. The partial output is "
             "returned; raise max_tokens (up to {limit}) if you need a longer response.")


def _newer(model: str) -> bool:
    return model != "pegasus1.2"


def _limits(model: str, mode: str) -> tuple[int, int, int]:
    return TOKEN_LIMITS[("pegasus1.5" if _newer(model) else model, mode)]


def check_custom_id(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not CUSTOM_ID.fullmatch(value):
        raise ApiError.invalid(name, "Use 1-64 characters: letters, digits, hyphens (-) and underscores (_).")
    return value


def _number(body: Mapping[str, Any], key: str, name: str) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ApiError.invalid(name, "It must be a number.")
    return float(value)


# --- the video ------------------------------------------------------------------------------------------------


def task_subject(context: EmulatorContext, video: Any, name: str = "video") -> tuple[Subject, dict[str, Any]]:
    """The subject of a task's ``video`` and how responses echo the source (``video_source``)."""
    if video is None:
        raise ApiError.not_provided(name)
    if not isinstance(video, dict):
        raise ApiError.invalid(name, "It must be an object.")
    kind = video.get("type")
    if kind is None:
        raise ApiError.not_provided(f"{name}.type")
    if kind not in SOURCE_KEYS:
        raise ApiError.invalid(f"{name}.type", f"Use one of: {', '.join(sorted(SOURCE_KEYS))}.")
    _object_keys(video, name, ("type", kind))
    value = _text_field(video, kind, name)
    if kind == "asset_id":
        return require_asset(context, value, kinds=("video",), field=f"{name}.asset_id"), {
            "type": "asset_id", "asset_id": value}
    if kind == "url":
        meta = meta_from_url(value, f"{name}.url")
        return Subject(f"url:{value}", meta.filename, meta.duration, meta.width, meta.height), {
            "type": "url", "url": value}
    data = _decode(value, f"{name}.base64_string")
    try:
        info = _mp4.probe_mp4(io.BytesIO(data))
    except _mp4.Mp4Error:
        raise ApiError(400, "video_file_broken",
                       "Cannot read video file. Please check the video file is valid and try again.") from None
    digest = hashlib.sha256(data).hexdigest()[:16]
    return Subject(f"base64:{digest}", "video.mp4", round(info.duration, 3), info.width, info.height), {
        "type": "base64_string"}


def image_subject(context: EmulatorContext, images: Any, name: str = "image") -> tuple[Subject, list[dict[str, Any]]]:
    """The subject of a task's ``image`` list (1.3.6) and its echo in ``request_params`` (no inline data)."""
    if not isinstance(images, list) or not 1 <= len(images) <= MAX_IMAGES:
        raise ApiError.invalid(name, f"Provide 1 to {MAX_IMAGES} images.")
    echo: list[dict[str, Any]] = []
    labels: list[str] = []
    digest = hashlib.sha256()
    for i, item in enumerate(images):
        where = f"{name}[{i}]"
        image = _object_keys(item, where, ("name", *SOURCE_KEYS))
        label = _text_field(image, "name", where)
        if not IMAGE_NAME.fullmatch(label):
            raise ApiError.invalid(f"{where}.name", "Use only letters, digits and underscores.")
        if label in labels:
            raise ApiError.invalid(f"{where}.name", f"The name `{label}` is used twice; names must be unique.")
        labels.append(label)
        given = [key for key in SOURCE_KEYS if image.get(key) is not None]
        if len(given) != 1:
            raise ApiError.invalid(where, "Provide exactly one of `url`, `asset_id` or `base64_string`.")
        value = _text_field(image, given[0], where)
        entry: dict[str, Any] = {"name": label}
        if given[0] == "url":
            if not value.startswith("https://"):
                raise ApiError.invalid(f"{where}.url", "Use a publicly accessible HTTPS URL; HTTP URLs are rejected.")
            _check_url(value, f"{where}.url")
            entry["url"] = value
            digest.update(f"url:{value}".encode())
        elif given[0] == "asset_id":
            require_asset(context, value, kinds=("image",), field=f"{where}.asset_id")
            entry["asset_id"] = value
            digest.update(f"asset:{value}".encode())
        else:
            data = _decode(value, f"{where}.base64_string")
            if len(data) > MAX_IMAGE_BYTES:
                raise ApiError.invalid(f"{where}.base64_string", "The maximum size is 20MB.")
            digest.update(hashlib.sha256(data).digest())
        echo.append(entry)
    subject = Subject(f"images:{digest.hexdigest()[:16]}", " ".join(f"{label}.jpg" for label in labels), 0.0,
                      1280, 720)
    return subject, echo


def _check_image_prompt(spec_prompt: str | None, labels: list[str]) -> None:
    """1.3.6: "Reference every image or none of them" (some only: 400)."""
    named = set(_PLACEHOLDER.findall(spec_prompt or ""))
    if named and named != set(labels):
        missing = sorted(set(labels) - named) or sorted(named - set(labels))
        raise ApiError.invalid("prompt", f"Reference every image with `<@name>` or none of them (`<@{missing[0]}>` "
                                         "is missing or names no image).")


def subject_of_asset(context: EmulatorContext, asset_id: str, name: str) -> Subject:
    return require_asset(context, asset_id, kinds=("video",), field=name)


def _decode(text: str, name: str) -> bytes:
    if len(text) > MAX_BASE64_BYTES * 4 // 3 + 4:
        raise ApiError.invalid(name, "The maximum size is 30MB.")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError.invalid(name, "It is not valid base64.") from None
    if len(data) > MAX_BASE64_BYTES:
        raise ApiError.invalid(name, "The maximum size is 30MB.")
    return data


def _check_duration(subject: Subject, window: tuple[float, float] | None, model: str) -> str | None:
    """Refuse what no window can rescue; return the failure of a video too long for its window, if any."""
    # Resolution and aspect ratio as /analyze (its duration check is 1 h; the async one is below).
    check_analysis_requirements(min(subject.duration, 3600.0), subject.width, subject.height)
    span = "between 4 seconds and 2 hours(7200 seconds)"
    if subject.duration < MIN_DURATION:
        raise ApiError(400, "video_duration_too_short", f"Video is too short. Please use video with duration "
                       f"{span}. Current duration is `{subject.duration}` seconds.")
    analysed = (window[1] - window[0]) if window is not None else subject.duration
    allowed = MAX_DURATION_LONG if _newer(model) else MAX_DURATION
    if subject.duration > allowed or analysed > MAX_DURATION:
        return (f"Video is too long. Please use video with duration {span}, or an analysis window of at most 2 "
                f"hours. Current duration is `{subject.duration}` seconds.")
    return None


# --- prompts and media sources --------------------------------------------------------------------------------


def _media_sources(context: EmulatorContext, raw: Any, name: str) -> tuple[list[dict[str, Any]], set[str]]:
    """Checked reference images; returns their echo (no inline data) and their names."""
    if raw is None:
        return [], set()
    if not isinstance(raw, list) or len(raw) > MAX_MEDIA_SOURCES:
        raise ApiError.invalid(name, f"Provide at most {MAX_MEDIA_SOURCES} sources.")
    echo: list[dict[str, Any]] = []
    names: set[str] = set()
    for i, item in enumerate(raw):
        where = f"{name}[{i}]"
        source = _object_keys(item, where, ("name", "media_type", *SOURCE_KEYS))
        label = _text_field(source, "name", where)
        if label in names:
            raise ApiError.invalid(f"{where}.name", f"The name `{label}` is used twice.")
        names.add(label)
        if _text_field(source, "media_type", where) != "image":
            raise ApiError.invalid(f"{where}.media_type", "Only `image` is available.")
        given = [key for key in SOURCE_KEYS if source.get(key) is not None]
        if len(given) != 1:
            raise ApiError.invalid(where, "Provide exactly one of `url`, `asset_id` or `base64_string`.")
        value = _text_field(source, given[0], where)
        entry: dict[str, Any] = {"name": label, "media_type": "image"}
        if given[0] == "url":
            _check_url(value, f"{where}.url")
            entry["url"] = value
        elif given[0] == "asset_id":
            require_asset(context, value, kinds=("image",), field=f"{where}.asset_id")
            entry["asset_id"] = value
        else:
            _decode(value, f"{where}.base64_string")
        echo.append(entry)
    return echo, names


def _structured_prompt(context: EmulatorContext, raw: Any, name: str) -> tuple[str, dict[str, Any]]:
    """A ``{input_text, media_sources}`` prompt: its text and its echo."""
    prompt = _object_keys(raw, name, ("input_text", "media_sources"))
    text = _text_field(prompt, "input_text", name)
    echo, names = _media_sources(context, prompt.get("media_sources"), f"{name}.media_sources")
    missing = [label for label in _PLACEHOLDER.findall(text) if label not in names]
    if missing:
        raise ApiError.invalid(f"{name}.input_text",
                               f"`<@{missing[0]}>` refers to no media source in `{name}.media_sources`.")
    out: dict[str, Any] = {"input_text": text}
    if echo:
        out["media_sources"] = echo
    return text, out


# --- response_format ------------------------------------------------------------------------------------------


def _segment_field(raw: Any, name: str) -> dict[str, Any]:
    item = _object_keys(raw, name, ("name", "type", "description", "format", "enum", "items"))
    label = _text_field(item, "name", name)
    kind = item.get("type")
    if kind is None:
        raise ApiError.not_provided(f"{name}.type")
    if kind not in FIELD_TYPES:
        raise ApiError.invalid(f"{name}.type", f"Use one of: {', '.join(FIELD_TYPES)}.")
    _text_field(item, "description", name)
    fmt = item.get("format")
    if kind == "timestamp":
        if fmt not in TIME_FORMATS:
            raise ApiError(400, "parameter_invalid", "response_format.segment_definitions.fields.format: format is "
                           f"required for timestamp type; allowed values: {', '.join(TIME_FORMATS)}")
        if label in RESERVED_NAMES:
            raise ApiError.invalid(f"{name}.name", f"`{label}` is reserved; use another name for a timestamp field.")
        if item.get("enum") is not None or item.get("items") is not None:
            raise ApiError.invalid(name, "`enum` and `items` are not supported for the `timestamp` type.")
    elif fmt is not None:
        raise ApiError(400, "parameter_invalid", "response_format.segment_definitions.fields.format: format is "
                       "allowed only for the timestamp type")
    enum = item.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum or len(enum) > MAX_ENUM
                             or not all(isinstance(v, str) for v in enum)):
        raise ApiError.invalid(f"{name}.enum", f"Provide 1 to {MAX_ENUM} strings.")
    items = item.get("items")
    if kind == "array":
        if items is None:
            raise ApiError.not_provided(f"{name}.items")
        inner = _object_keys(items, f"{name}.items", ("type",))
        if inner.get("type") not in ITEM_TYPES:
            raise ApiError.invalid(f"{name}.items.type", f"Use one of: {', '.join(ITEM_TYPES)}.")
    elif items is not None:
        raise ApiError.invalid(f"{name}.items", "It is allowed only when `type` is `array`.")
    return dict(item)


def _time_ranges(raw: Any, name: str, duration: float) -> list[tuple[float, float]]:
    if not isinstance(raw, list) or not raw:
        raise ApiError.invalid(name, "Provide a list of `{start_time, end_time}` ranges.")
    ranges: list[tuple[float, float]] = []
    for i, item in enumerate(raw):
        where = f"{name}[{i}]"
        bounds = _object_keys(item, where, ("start_time", "end_time"))
        start, end = _number(bounds, "start_time", f"{where}.start_time"), _number(bounds, "end_time",
                                                                                  f"{where}.end_time")
        if start is None or end is None:
            raise ApiError.not_provided(f"{where}.{'start_time' if start is None else 'end_time'}")
        if start < 0 or end > duration + 1e-6:
            raise ApiError.invalid(where, "Both values must fall within the video duration.")
        if end - start < MIN_SEGMENT:
            raise ApiError.invalid(where, "`end_time` must exceed `start_time` by at least 2 seconds.")
        ranges.append((start, end))
    ordered = sorted(ranges)
    for (_s0, e0), (s1, _e1) in itertools.pairwise(ordered):
        if s1 < e0:  # touching boundaries ([0, 5] and [5, 10]) are allowed
            raise ApiError.invalid(name, "The ranges of one definition must not overlap.")
    return ranges


def _segment_definitions(context: EmulatorContext, raw: Any, name: str, duration: float) -> list[dict[str, Any]]:
    if raw is None:
        raise ApiError.not_provided(name)
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_DEFINITIONS:
        raise ApiError.invalid(name, f"Provide 1 to {MAX_DEFINITIONS} segment definitions.")
    ids: set[str] = set()
    out: list[dict[str, Any]] = []
    for i, item in enumerate(raw):
        where = f"{name}[{i}]"
        definition = _object_keys(item, where, ("id", "description", "fields", "media_sources", "time_ranges"))
        ident = _text_field(definition, "id", where)
        if ident in ids:
            raise ApiError.invalid(f"{where}.id", f"The id `{ident}` is used twice.")
        ids.add(ident)
        entry: dict[str, Any] = {"id": ident, "description": _text_field(definition, "description", where)}
        fields = definition.get("fields")
        if fields is not None:
            if not isinstance(fields, list):
                raise ApiError.invalid(f"{where}.fields", "It must be a list.")
            checked = [_segment_field(f, f"{where}.fields[{n}]") for n, f in enumerate(fields)]
            names = [f["name"] for f in checked]
            if len(set(names)) != len(names):
                raise ApiError.invalid(f"{where}.fields", "Field names must be unique within a definition.")
            entry["fields"] = checked
        sources, _ = _media_sources(context, definition.get("media_sources"), f"{where}.media_sources")
        if sources:
            entry["media_sources"] = sources
        if definition.get("time_ranges") is not None:
            ranges = _time_ranges(definition["time_ranges"], f"{where}.time_ranges", duration)
            entry["time_ranges"] = [{"start_time": s, "end_time": e} for s, e in ranges]
        out.append(entry)
    return out


def _response_format(context: EmulatorContext, raw: Any, name: str, model: str, mode: str,
                     duration: float) -> tuple[dict[str, Any] | None, dict[str, Any] | None,
                                               list[dict[str, Any]] | None, str]:
    """(echo, json schema, segment definitions, segment time format)."""
    if raw is None:
        if mode == "time_based_metadata":
            raise ApiError.not_provided(name)
        return None, None, None, "seconds"
    fmt = _object_keys(raw, name, ("type", "json_schema", "segment_definitions", "segment_time_format"))
    kind = fmt.get("type")
    if kind is None:
        raise ApiError.not_provided(f"{name}.type")
    if kind not in ("json_schema", "segment_definitions"):
        raise ApiError.invalid(f"{name}.type", "Use `json_schema` or `segment_definitions`.")
    if mode == "general":
        if kind != "json_schema":
            raise ApiError.invalid(f"{name}.type", "`segment_definitions` requires `analysis_mode` set to "
                                                   "`time_based_metadata`.")
        for key in ("segment_definitions", "segment_time_format"):
            if fmt.get(key) is not None:
                raise ApiError.invalid(f"{name}.{key}", "It requires `type` set to `segment_definitions`.")
        schema = fmt.get("json_schema")
        if schema is None:
            raise ApiError.not_provided(f"{name}.json_schema")
        if not isinstance(schema, dict):
            raise ApiError.invalid(f"{name}.json_schema", "It must be an object.")
        structured.check_schema(schema, timestamps=_newer(model))
        return {"type": "json_schema", "json_schema": schema}, schema, None, "seconds"
    if kind != "segment_definitions":
        raise ApiError.invalid(f"{name}.type", "`time_based_metadata` requires `segment_definitions`.")
    if fmt.get("json_schema") is not None:
        raise ApiError.invalid(f"{name}.json_schema", "It requires `type` set to `json_schema`.")
    time_format = fmt.get("segment_time_format") or "seconds"
    if time_format not in TIME_FORMATS:
        raise ApiError.invalid(f"{name}.segment_time_format", f"Use one of: {', '.join(TIME_FORMATS)}.")
    definitions = _segment_definitions(context, fmt.get("segment_definitions"), f"{name}.segment_definitions",
                                       duration)
    return {"type": "segment_definitions", "segment_definitions": definitions}, None, definitions, time_format


# --- the whole request ----------------------------------------------------------------------------------------


def _window(start: float | None, end: float | None, subject: Subject, model: str,
            prefix: str) -> tuple[float, float] | None:
    if start is None and end is None:
        return None
    if not _newer(model):
        raise ApiError.invalid(f"{prefix}{'start_time' if start is not None else 'end_time'}",
                               "It requires `model_name` set to `pegasus1.5` or later.")
    low = 0.0 if start is None else start
    high = subject.duration if end is None else end
    if low < 0 or low >= subject.duration:
        raise ApiError.invalid(f"{prefix}start_time", "It must be at least 0 and less than the video duration.")
    if high <= low:
        raise ApiError.invalid(f"{prefix}end_time", "It must be greater than `start_time`.")
    if high > subject.duration + 1e-6:
        raise ApiError.invalid(f"{prefix}end_time", "It must be less than or equal to the video duration.")
    if high - low < MIN_WINDOW:
        raise ApiError.invalid([f"{prefix}start_time", f"{prefix}end_time"],
                               f"The clip (`end_time - start_time`) must be at least {MIN_WINDOW:g} seconds.")
    return low, high


def build_spec(context: EmulatorContext, body: Mapping[str, Any], *, model: str, mode: str, custom_id: str | None,
               subject: Subject, video_source: dict[str, Any], prefix: str = "",
               batch_item: bool = False, images: list[dict[str, Any]] | None = None) -> AnalysisSpec:
    """Check one analysis (a task's body, or a batch item merged with the defaults) and resolve it.

    ``prefix`` names where the fields sit in the request (``"requests[3]."``) for the error messages; ``images``
    is the checked ``image`` list of a task that analyzes images instead of a video.
    """
    if images is not None:
        if model != IMAGE_MODEL:
            raise ApiError.invalid("model_name", f"Images require `model_name` set to `{IMAGE_MODEL}`.")
        if mode != "general":
            raise ApiError.invalid("analysis_mode", "Images take general analysis only.")
        if body.get("prompt_v2") is not None:
            raise ApiError.invalid(["image", "prompt_v2"], "They are mutually exclusive; use `prompt` with images.")
        if body.get("prompt") is None:
            raise ApiError.not_provided("prompt")
        for key in ("start_time", "end_time"):
            if body.get(key) is not None:
                raise ApiError.invalid(key, "An analysis window applies to a video, not to images.")
    if mode == "time_based_metadata" and not _newer(model):
        raise ApiError.invalid(f"{prefix}analysis_mode", "`time_based_metadata` requires `model_name` set to "
                                                         "`pegasus1.5` or later.")
    temperature = _number(body, "temperature", f"{prefix}temperature")
    if temperature is not None and not 0.0 <= temperature <= 1.0:
        raise ApiError.invalid(f"{prefix}temperature", "The value must be between 0.0 and 1.0.")
    low, high, default = _limits(model, mode)
    max_tokens = body.get("max_tokens")
    unlimited = max_tokens == UNLIMITED
    if max_tokens is None:
        max_tokens = default
    elif unlimited:
        if mode != "time_based_metadata" or model != "pegasus1.6":
            raise ApiError.invalid(f"{prefix}max_tokens", "`unlimited` requires `analysis_mode` set to "
                                                          "`time_based_metadata` and `model_name` set to `pegasus1.6`.")
    elif isinstance(max_tokens, bool) or not isinstance(max_tokens, int):
        raise ApiError.invalid(f"{prefix}max_tokens", "It must be an integer or `unlimited`.")
    elif not low <= max_tokens <= high:
        raise ApiError.invalid(f"{prefix}max_tokens", f"The value must be between {low} and {high}.")

    prompt: str | None = None
    prompt_v2: dict[str, Any] | None = None
    prompt_text = ""
    keys = ("prompt",) if batch_item else ("prompt", "prompt_v2")
    given = [key for key in keys if body.get(key) is not None]
    if mode == "time_based_metadata":
        if given:
            raise ApiError.invalid(f"{prefix}{given[0]}", "It is not supported when `analysis_mode` is "
                                                          "`time_based_metadata`.")
    elif batch_item:
        if not given:
            raise ApiError.not_provided(f"{prefix}prompt")
        prompt_text, prompt_v2 = _structured_prompt(context, body["prompt"], f"{prefix}prompt")
    elif len(given) == 2:
        raise ApiError.invalid(["prompt", "prompt_v2"], "They are mutually exclusive; use one of them.")
    elif not given:
        raise ApiError.not_provided("prompt")
    elif given[0] == "prompt":
        raw = body["prompt"]
        if not isinstance(raw, str) or not raw.strip():
            raise ApiError.invalid("prompt")
        if model == "pegasus1.2" and len(raw.split()) > 2000:
            raise ApiError(400, "token_limit_exceeded", "Your request could not be processed due to exceeding "
                           "maximum token limit. Please try with another request or another video with shorter "
                           "duration.")
        prompt = prompt_text = raw
    else:
        if not _newer(model):
            raise ApiError.invalid("prompt_v2", "It requires `model_name` set to `pegasus1.5` or later.")
        prompt_text, prompt_v2 = _structured_prompt(context, body["prompt_v2"], "prompt_v2")

    if images is not None:
        _check_image_prompt(prompt, [image["name"] for image in images])
    start, end = _number(body, "start_time", f"{prefix}start_time"), _number(body, "end_time", f"{prefix}end_time")
    window = _window(start, end, subject, model, prefix)
    too_long = None if images is not None else _check_duration(subject, window, model)
    if too_long is not None and not batch_item:
        raise ApiError(400, "video_duration_too_long", too_long)

    echo, schema, definitions, time_format = _response_format(
        context, body.get("response_format"), f"{prefix}response_format", model, mode, subject.duration)
    shortest = _number(body, "min_segment_duration", f"{prefix}min_segment_duration")
    longest = _number(body, "max_segment_duration", f"{prefix}max_segment_duration")
    ranged = any("time_ranges" in d for d in definitions or [])
    for value, key in ((shortest, "min_segment_duration"), (longest, "max_segment_duration")):
        if value is None:
            continue
        if mode != "time_based_metadata":
            raise ApiError.invalid(f"{prefix}{key}", "It requires `analysis_mode` set to `time_based_metadata`.")
        if value < MIN_SEGMENT:
            raise ApiError.invalid(f"{prefix}{key}", f"It must be at least {MIN_SEGMENT:g}.")
        if ranged:
            raise ApiError.invalid(f"{prefix}{key}", "It is mutually exclusive with "
                                                     "`response_format.segment_definitions[].time_ranges`.")
    if shortest is not None and longest is not None and longest < shortest:
        raise ApiError.invalid(f"{prefix}max_segment_duration", "It must be greater than or equal to "
                                                                "`min_segment_duration`.")
    if ranged and unlimited:
        raise ApiError.invalid(f"{prefix}max_tokens", "`unlimited` is mutually exclusive with "
                                                      "`response_format.segment_definitions[].time_ranges`.")
    if ranged and window is not None:
        raise ApiError.invalid(f"{prefix}start_time", "The analysis window is mutually exclusive with "
                                                      "`response_format.segment_definitions[].time_ranges`.")

    steering = " ".join([prompt_text, *(d["description"] for d in definitions or [])])
    seconds = _SECONDS.search(steering)
    fate, code, message = "ready", None, None
    if _FAIL in steering:
        fate, code, message = "failed", "analysis_failed", "The analysis failed (the request asked the emulator to " \
                                                           "fail it with [emulator:fail])."
    elif too_long is not None:
        fate, code, message = "failed", "video_duration_too_long", too_long
    return AnalysisSpec(
        model_name=model, analysis_mode=mode, custom_id=custom_id, subject=subject, video_source=video_source,
        prompt=prompt, prompt_v2=prompt_v2, prompt_text=prompt_text, response_format=echo, schema=schema,
        segment_definitions=definitions, segment_time_format=time_format,
        temperature=0.2 if temperature is None else temperature,
        max_tokens=UNLIMITED_TOKENS if unlimited else max_tokens, max_tokens_limit=high, unlimited_tokens=unlimited,
        min_segment_duration=shortest, max_segment_duration=longest, start_time=start, end_time=end, window=window,
        generation_id=context.state.new_id(),
        processing_seconds=float(seconds.group(1)) if seconds else PROCESSING_SECONDS,
        fate=fate, error_code=code, error_message=message, images=images,
    )


# --- results --------------------------------------------------------------------------------------------------


def _clock(seconds: float, fmt: str) -> float | str:
    seconds = max(0.0, seconds)  # "negative values are converted to 00:00:00"
    if fmt == "seconds":
        return round(seconds, 3)
    if fmt == "hh:mm:ss":
        whole = round(seconds)
        return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    millis = round(seconds * 1000)
    whole, rest = divmod(millis, 1000)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{rest:03d}"


def _field_value(field: Mapping[str, Any], seed: tuple[object, ...], words: str, bounds: tuple[float, float]) -> Any:
    kind = field["type"]
    name = str(field["name"])
    pick = stable_int(*seed, name)
    enum = field.get("enum")
    if kind == "timestamp":
        start, end = bounds
        return _clock(start + (pick % 1000) / 1000 * (end - start), str(field["format"]))
    if kind == "array":
        inner = {"name": name, "type": field["items"]["type"]}
        if enum:
            inner["enum"] = enum
        return [_field_value(inner, (*seed, n), words, bounds) for n in range(1 + pick % 2)]
    if enum:
        return enum[pick % len(enum)]
    if kind == "boolean":
        return pick % 2 == 0
    if kind == "integer":
        return 1 + pick % 100
    if kind == "number":
        return round((pick % 1000) / 10, 1)
    return f"{name.replace('_', ' ')}: {words}"


def _segments(spec: AnalysisSpec) -> dict[str, list[dict[str, Any]]]:
    subject = spec.subject
    words = join_words(list(dict.fromkeys(name_words(subject.filename) + metadata_words(subject.user_metadata))))
    shortest = spec.min_segment_duration or MIN_SEGMENT
    longest = max(shortest, spec.max_segment_duration or max(shortest, 30.0))
    out: dict[str, list[dict[str, Any]]] = {}
    for definition in spec.segment_definitions or []:
        ranges = [(r["start_time"], r["end_time"]) for r in definition.get("time_ranges", [])]
        if not ranges:
            ranges = [spec.window or (0.0, subject.duration)]
        segments: list[dict[str, Any]] = []
        for r, (start, end) in enumerate(ranges):
            span = end - start
            natural = 1 + stable_int(subject.key, definition["id"], r) % 3
            length = min(longest, max(shortest, span / natural))
            count = min(MAX_SEGMENTS_PER_RANGE, math.floor(span / length + 1e-9)) if span >= shortest else 0
            for k in range(count):
                s, e = start + k * length, start + (k + 1) * length
                metadata = {f["name"]: _field_value(f, (subject.key, definition["id"], r, k), words, (s, e))
                            for f in definition.get("fields", [])}
                segments.append({"start_time": _clock(s, spec.segment_time_format),
                                 "end_time": _clock(e, spec.segment_time_format), "metadata": metadata})
        out[definition["id"]] = segments
    return out


def _generated_text(spec: AnalysisSpec) -> str:
    subject = spec.subject
    prompt = _MARKERS.sub("", spec.prompt_text).strip()
    if spec.analysis_mode == "time_based_metadata":
        return json.dumps(_segments(spec), ensure_ascii=False)
    if spec.images is not None and spec.schema is None:
        labels = [image["name"] for image in spec.images]
        words = list(dict.fromkeys(w for label in labels for w in name_words(label)))
        return (f"Regarding \"{prompt[:120]}\": the {len(labels)} image(s) {', '.join(labels)} show "
                f"{join_words(words)}.")
    if spec.schema is not None:
        words = list(dict.fromkeys(name_words(subject.filename) + metadata_words(subject.user_metadata)))
        value = structured.generate(spec.schema, words, (subject.key, prompt, spec.window),
                                    duration=subject.duration, timestamps=_newer(spec.model_name))
        return json.dumps(value, ensure_ascii=False)
    return generation.answer(subject, prompt, spec.window)


def task_result(task: AnalyzeTask) -> tuple[dict[str, Any], str | None]:
    """The task's ``AnalyzeTaskResult`` (made once, then kept) and the truncation warning, if any."""
    if task.result is None:
        spec = task.spec
        text = _generated_text(spec)
        produced = generation.output_tokens(text)
        finish_reason = "stop"
        if produced > spec.max_tokens:
            finish_reason = "length"
            text = generation.first_tokens(text, spec.max_tokens)
            task.warning = TRUNCATED.format(limit=spec.max_tokens_limit)
        span = (spec.window[1] - spec.window[0]) if spec.window is not None else spec.subject.duration
        described = " ".join([spec.prompt_text, *(d["description"] for d in spec.segment_definitions or [])])
        task.result = {"generation_id": spec.generation_id, "data": text, "finish_reason": finish_reason,
                       "usage": {"output_tokens": min(produced, spec.max_tokens),
                                 # Made up but stable: the prompt's words and one token per second analysed.
                                 "input_tokens": generation.output_tokens(described) + math.ceil(span)}}
    return task.result, task.warning


# --- JSON ----------------------------------------------------------------------------------------------------


def _cut(text: str) -> str:
    return text[:30]


def _request_params(spec: AnalysisSpec, listing: bool) -> dict[str, Any]:
    """``request_params``: the list truncates prompts to 30 characters, omits the JSON schema and keeps only the
    first segment definition, as the spec describes."""
    out: dict[str, Any] = {"analysis_mode": spec.analysis_mode}
    if spec.images is not None:
        out["image"] = [dict(image) for image in spec.images]
    if spec.prompt is not None:
        out["prompt"] = _cut(spec.prompt) if listing else spec.prompt
    if spec.prompt_v2 is not None:
        v2 = dict(spec.prompt_v2)
        if listing:
            v2["input_text"] = _cut(v2["input_text"])
        out["prompt_v2"] = v2
    if spec.response_format is not None:
        fmt = dict(spec.response_format)
        if listing:
            fmt.pop("json_schema", None)
            if "segment_definitions" in fmt:
                fmt["segment_definitions"] = fmt["segment_definitions"][:1]
        out["response_format"] = fmt
    out["temperature"] = spec.temperature
    out["max_tokens"] = UNLIMITED if spec.unlimited_tokens else spec.max_tokens
    if spec.analysis_mode == "time_based_metadata":
        out["min_segment_duration"] = spec.min_segment_duration
        out["max_segment_duration"] = spec.max_segment_duration
    if spec.start_time is not None:
        out["start_time"] = spec.start_time
    if spec.end_time is not None:
        out["end_time"] = spec.end_time
    return out


def task_json(state: EmulatorState, task: AnalyzeTask, *, listing: bool = False) -> dict[str, Any]:
    """``AnalyzeTaskResponse``."""
    status, since = state.analyze_task_status(task)
    spec = task.spec
    source = dict(spec.video_source)
    if status not in ("queued", "pending") and spec.subject.duration:
        source["system_metadata"] = {"duration": spec.subject.duration}  # "once the video has been processed"
    out: dict[str, Any] = {"task_id": task.id, "custom_id": spec.custom_id}
    if task.batch_id is not None:  # 1.3.6: "only for tasks created as part of a batch"
        out["batch_id"] = task.batch_id
    if spec.images is None:  # a task of images has no video to describe
        out["video_source"] = source
    out.update({"request_params": _request_params(spec, listing), "status": status,
                "created_at": rfc3339(task.created_at)})
    if status in ("ready", "failed"):
        out["completed_at"] = rfc3339(since)
    if status == "ready":
        result, warning = task_result(task)
        out["result"] = result
        if warning is not None:
            out["error"] = {"message": warning}
    elif status == "failed":
        out["error"] = {"message": spec.error_message or "The analysis failed."}
    if task.event is not None:
        out["webhooks"] = task.event.webhooks_json()
    return out


def item_result_json(state: EmulatorState, task: AnalyzeTask) -> dict[str, Any]:
    """One line of the batch results (``BatchResultItem``)."""
    status = state.item_status(state.analyze_task_status(task)[0])
    out: dict[str, Any] = {"task_id": task.id, "custom_id": task.spec.custom_id, "status": status}
    if status == "ready":
        out["data"] = task_result(task)[0]
    elif status == "failed":
        out["error"] = {"code": task.spec.error_code or "analysis_failed",
                        "message": task.spec.error_message or "The analysis failed."}
    return out
