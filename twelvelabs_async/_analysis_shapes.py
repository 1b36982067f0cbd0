"""Inputs of asynchronous and batch analysis, embeddings v2 and entities: sugar in, the API's JSON out.

Like ``_shapes`` (whose video, prompt and response-format shapes these reuse), each shape turns what a caller
naturally has into the tagged JSON the API wants and refuses, before any I/O and naming the parameter, what
could only fail on the server:

    custom_id="job_42"                              checked: 1-64 of [A-Za-z0-9_-], as the API documents
    requests=["asset_1", {"asset_id": "a2", "prompt": "Summarize"}]
        -> [{"video": {"type": "asset_id", "asset_id": "asset_1"}},
            {"video": {"type": "asset_id", "asset_id": "a2"}, "prompt": {"input_text": "Summarize"}}]
    response_format=[{"id": "goal", "description": "..."}]
        -> {"type": "segment_definitions", "segment_definitions": [...]}
    video="https://example.com/clip.mp4"  (embed v2)  -> {"media_source": {"url": ...}}
    text="a dog on a beach"               (embed v2)  -> {"input_text": "a dog on a beach"}

Nothing here imports attrs or the models at import time; the route table imports these shapes.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from typing import Any

from twelvelabs_async._errors import PARAMETER_INVALID, PARAMETER_NOT_PROVIDED, ArgumentError, ArgumentTypeError
from twelvelabs_async._route_spec import Shape
from twelvelabs_async._shapes import json_object, prompt_v2, response_format

MAX_BATCH_REQUESTS = 1000
MAX_SEGMENT_DEFINITIONS = 20
# Embeddings v2 take base64 media of up to 36 MB (analysis: 30 MB, see _shapes.MAX_BASE64_CHARS).
MAX_EMBED_BASE64_CHARS = 36 * 1000 * 1000
MAX_MULTI_INPUT_SOURCES = 10
# The Idempotency-Key is an opaque token; a bound keeps a header from growing without limit (the API does not
# document one; 255 is what common gateways accept for a header value of this kind).
MAX_IDEMPOTENCY_KEY_CHARS = 255

_CUSTOM_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SOURCE_KEYS = ("url", "asset_id", "base64_string")


def _type_name(value: object) -> str:
    return type(value).__name__


def _sequence(name: str, value: object) -> list[Any]:
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(name, f"expected a sequence, got {_type_name(value)}")
    return list(value)


# --- identifiers ----------------------------------------------------------------------------------------------


def check_custom_id(name: str, value: object) -> str:
    """A ``custom_id`` as the API documents it: 1 to 64 letters, digits, ``-`` or ``_`` (else a 400)."""
    if not isinstance(value, str):
        raise ArgumentTypeError(name, f"expected str, got {_type_name(value)}")
    if _CUSTOM_ID.fullmatch(value) is None:
        shown = value if len(value) <= 80 else value[:80] + "..."
        raise ArgumentError(name, f"must be 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_', got {shown!r}")
    return value


def check_idempotency_key(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(name, f"expected str, got {_type_name(value)}")
    if not value or len(value) > MAX_IDEMPOTENCY_KEY_CHARS:
        raise ArgumentError(name, f"must be 1 to {MAX_IDEMPOTENCY_KEY_CHARS} characters, got {len(value)}")
    if not all(" " < char < "\x7f" for char in value):
        # A header value: printable ASCII without spaces, so no proxy rewrites or splits it.
        raise ArgumentError(name, "must be printable ASCII without spaces")
    return value


# --- analysis -------------------------------------------------------------------------------------------------


def _segment_definitions(name: str, value: object) -> list[Any]:
    definitions = _sequence(name, value)
    if not 1 <= len(definitions) <= MAX_SEGMENT_DEFINITIONS:
        raise ArgumentError(name, f"takes 1 to {MAX_SEGMENT_DEFINITIONS} segment definitions, got {len(definitions)}")
    out = []
    for position, item in enumerate(definitions):
        definition = json_object(f"{name}[{position}]", item)
        for key in ("id", "description"):
            if not isinstance(definition.get(key), str) or not definition[key]:
                raise ArgumentError(name, f"segment definition {position} needs {key!r} (a non-empty str)")
        out.append(definition)
    return out


def async_response_format(name: str, value: object) -> dict[str, Any]:
    """A response format of an analyze task or batch: ``json_schema`` (or the bare schema, wrapped) or
    ``segment_definitions`` (or a list of segment definitions, wrapped)."""
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return {"type": "segment_definitions", "segment_definitions": _segment_definitions(name, value)}
    fmt = response_format(name, value)
    if fmt.get("type") == "segment_definitions":
        fmt["segment_definitions"] = _segment_definitions(name, fmt.get("segment_definitions"))
    return fmt


ASYNC_RESPONSE_FORMAT = Shape(
    "Mapping[str, Any] | Sequence[Mapping[str, Any]] | Any",
    async_response_format,
    "`{'type': 'json_schema', 'json_schema': {...}}` (or the JSON schema itself, wrapped), or "
    "`{'type': 'segment_definitions', 'segment_definitions': [...]}` (or the list of 1 to 20 segment "
    "definitions itself, wrapped), each `{'id', 'description', 'fields': [...]}`.",
)


def max_tokens(name: str, value: object) -> int | str:
    if value == "unlimited":
        return "unlimited"
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(name, f"expected an int or 'unlimited', got {_type_name(value)}")
    if value < 1:
        raise ArgumentError(name, f"must be >= 1, got {value}")
    return value


MAX_TOKENS = Shape(
    'int | Literal["unlimited"]',
    max_tokens,
    "An int, or `'unlimited'` (segmentation with pegasus1.6 only, official SDK 1.3.6).",
)


# --- batches --------------------------------------------------------------------------------------------------


def _asset_video(name: str, value: object) -> dict[str, Any]:
    """A batch item's video: an uploaded asset, by id or as ``{'type': 'asset_id', 'asset_id': ...}``."""
    if isinstance(value, str):
        if not value or value.startswith(("http://", "https://")):
            raise ArgumentError(name, "a batch analyzes uploaded assets only: give an asset id, not a URL")
        return {"type": "asset_id", "asset_id": value}
    video = json_object(name, value)
    if video.get("type") != "asset_id" or not isinstance(video.get("asset_id"), str) or not video["asset_id"]:
        raise ArgumentError(name, "a batch analyzes uploaded assets only: {'type': 'asset_id', 'asset_id': ...}")
    return video


def _item_options(name: str, item: dict[str, Any]) -> dict[str, Any]:
    """The per-item (or default) options: a prompt (str sugar), a response format, numbers checked."""
    if "prompt" in item and item["prompt"] is not None:
        item["prompt"] = prompt_v2(f"{name}.prompt", item["prompt"])
    if "response_format" in item and item["response_format"] is not None:
        item["response_format"] = async_response_format(f"{name}.response_format", item["response_format"])
    temperature = item.get("temperature")
    if temperature is not None and (
        isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or not 0 <= temperature <= 1
    ):
        raise ArgumentError(name, f"temperature must be a number from 0 to 1, got {temperature!r}")
    if item.get("max_tokens") is not None:
        item["max_tokens"] = max_tokens(f"{name}.max_tokens", item["max_tokens"])
    for key in ("min_segment_duration", "max_segment_duration", "start_time", "end_time"):
        number = item.get(key)
        if number is not None and (isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0):
            raise ArgumentError(name, f"{key} must be a number >= 0, got {number!r}")
    start, end = item.get("start_time"), item.get("end_time")
    if start is not None and end is not None and end <= start:
        raise ArgumentError(name, "end_time must be greater than start_time")
    return {key: member for key, member in item.items() if member is not None}


def batch_item(name: str, value: object) -> dict[str, Any]:
    """One request of a batch: an asset id, or a mapping (a model object works too) with ``video`` (or the
    shorthand ``asset_id``) and optional ``custom_id`` and per-item overrides of the defaults."""
    if isinstance(value, str):
        return {"video": _asset_video(name, value)}
    item = json_object(name, value)
    if "asset_id" in item:
        if "video" in item:
            raise ArgumentError(name, "give video or asset_id, not both")
        item["video"] = item.pop("asset_id")
    if item.get("video") is None:
        raise ArgumentError(name, "needs video (an uploaded asset) or asset_id", code=PARAMETER_NOT_PROVIDED)
    item["video"] = _asset_video(f"{name}.video", item["video"])
    if item.get("custom_id") is not None:
        check_custom_id(f"{name}.custom_id", item["custom_id"])
    return _item_options(name, item)


def batch_requests(name: str, value: object) -> list[dict[str, Any]]:
    items = _sequence(name, value)
    if not 1 <= len(items) <= MAX_BATCH_REQUESTS:
        raise ArgumentError(
            name,
            f"takes 1 to {MAX_BATCH_REQUESTS:,} requests, got {len(items):,} (batches.run splits larger sets)",
        )
    out = [batch_item(f"{name}[{position}]", item) for position, item in enumerate(items)]
    seen: set[str] = set()
    for position, item in enumerate(out):
        custom_id = item.get("custom_id")
        if custom_id is not None:
            if custom_id in seen:
                raise ArgumentError(name, f"custom_id {custom_id!r} appears twice (request {position}); the API "
                                    "wants them unique within a batch")
            seen.add(custom_id)
    return out


BATCH_REQUESTS = Shape(
    "Sequence[str | Mapping[str, Any] | Any]",
    batch_requests,
    "1 to 1,000 requests, each an asset id or `{'video': {'type': 'asset_id', 'asset_id': ...}` (or "
    "`'asset_id': ...`), optional `custom_id` (unique in the batch), and overrides of the defaults `prompt` "
    "(a str or `{'input_text', 'media_sources'}`), `response_format`, `temperature`, `max_tokens`, "
    "`min_segment_duration`, `max_segment_duration`, `start_time`, `end_time`}`.",
)


def batch_defaults(name: str, value: object) -> dict[str, Any]:
    defaults = json_object(name, value)
    for key in ("video", "asset_id", "custom_id"):
        if key in defaults:
            raise ArgumentError(name, f"{key!r} is per request, not a default")
    return _item_options(name, defaults)


BATCH_DEFAULTS = Shape(
    "Mapping[str, Any] | Any",
    batch_defaults,
    "Options for every request that does not set its own: `prompt` (a str or `{'input_text', "
    "'media_sources'}`), `response_format`, `temperature`, `max_tokens`, `min_segment_duration`, "
    "`max_segment_duration`, `start_time`, `end_time`.",
)


# --- embeddings v2 --------------------------------------------------------------------------------------------


def _base64_of(name: str, data: bytes | bytearray | memoryview) -> str:
    text = base64.b64encode(bytes(data)).decode("ascii")
    if len(text) > MAX_EMBED_BASE64_CHARS:
        raise ArgumentError(
            name, f"is {len(text):,} characters of base64, over the API's 36 MB limit: upload it as an asset instead"
        )
    return text


def media_source(name: str, value: object) -> dict[str, Any]:
    """Exactly one of ``url`` / ``asset_id`` / ``base64_string``: a URL string, bytes, a ``MediaSource``, or the
    mapping."""
    if isinstance(value, str):
        if not value.startswith(("http://", "https://")):
            raise ArgumentError(
                name, "a str must be an http(s) URL; for an uploaded asset give MediaSource.from_asset(...)"
            )
        return {"url": value}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"base64_string": _base64_of(name, value)}
    source = json_object(name, value)
    given = [key for key in _SOURCE_KEYS if source.get(key) is not None]
    if len(given) != 1:
        raise ArgumentError(
            name,
            f"needs exactly one of url, asset_id, base64_string (got {given or 'none'})",
            code=PARAMETER_INVALID if given else PARAMETER_NOT_PROVIDED,
        )
    member = source[given[0]]
    if not isinstance(member, str) or not member:
        raise ArgumentTypeError(name, f"{given[0]} must be a non-empty str")
    if given[0] == "url" and not member.startswith(("http://", "https://")):
        raise ArgumentError(name, f"url must be an http(s) URL, got {member[:80]!r}")
    if given[0] == "base64_string" and len(member) > MAX_EMBED_BASE64_CHARS:
        raise ArgumentError(name, "base64_string is over the API's 36 MB limit: upload it as an asset instead")
    return source


def media_input(name: str, value: object) -> dict[str, Any]:
    """An image, audio or video input: a media source alone (URL, bytes, ``MediaSource``, ``{'url': ...}``) is
    wrapped as ``{'media_source': ...}``; a mapping with ``media_source`` keeps its other options."""
    if isinstance(value, (str, bytes, bytearray, memoryview)):
        return {"media_source": media_source(name, value)}
    request = json_object(name, value)
    if "media_source" not in request:
        if any(key in request for key in _SOURCE_KEYS):
            return {"media_source": media_source(name, request)}
        raise ArgumentError(name, "needs a media_source (url, asset_id or base64_string)", code=PARAMETER_NOT_PROVIDED)
    request["media_source"] = media_source(f"{name}.media_source", request["media_source"])
    start, end = request.get("start_sec"), request.get("end_sec")
    if isinstance(start, (int, float)) and isinstance(end, (int, float)) and end <= start:
        raise ArgumentError(name, "end_sec must be greater than start_sec")
    return request


MEDIA_INPUT = Shape(
    "str | bytes | _models.MediaSource | Mapping[str, Any] | Any",
    media_input,
    "An http(s) URL, the file's bytes (sent as base64, at most 36 MB), a `MediaSource`, or "
    "`{'media_source': {...}, ...options}` (`start_sec`, `end_sec`, `segmentation`, `embedding_option`, "
    "`embedding_scope`, `embedding_type`).",
)


def text_input(name: str, value: object) -> dict[str, Any]:
    text = {"input_text": value} if isinstance(value, str) else json_object(name, value)
    if not isinstance(text.get("input_text"), str) or not text["input_text"]:
        raise ArgumentError(name, "needs input_text, a non-empty str")
    return text


TEXT_INPUT = Shape("str | Mapping[str, Any] | Any", text_input, "The text (a str), or `{'input_text': ...}`.")


def text_image_input(name: str, value: object) -> dict[str, Any]:
    request = json_object(name, value)
    if not isinstance(request.get("input_text"), str) or not request["input_text"]:
        raise ArgumentError(name, "needs input_text, a non-empty str")
    if "media_source" not in request:
        raise ArgumentError(name, "needs media_source, the image", code=PARAMETER_NOT_PROVIDED)
    request["media_source"] = media_source(f"{name}.media_source", request["media_source"])
    return request


TEXT_IMAGE_INPUT = Shape(
    "Mapping[str, Any] | Any",
    text_image_input,
    "`{'input_text': ..., 'media_source': <a URL, bytes, MediaSource or mapping>}`.",
)


def multi_input(name: str, value: object) -> dict[str, Any]:
    request = json_object(name, value)
    sources = request.get("media_sources")
    if sources is not None:
        items = _sequence(f"{name}.media_sources", sources)
        if len(items) > MAX_MULTI_INPUT_SOURCES:
            raise ArgumentError(name, f"takes at most {MAX_MULTI_INPUT_SOURCES} media sources, got {len(items)}")
        checked = []
        for position, item in enumerate(items):
            source = json_object(f"{name}.media_sources[{position}]", item)
            source.setdefault("media_type", "image")
            media = {key: source[key] for key in _SOURCE_KEYS if key in source}
            media_source(f"{name}.media_sources[{position}]", media)
            checked.append(source)
        request["media_sources"] = checked
    elif not isinstance(request.get("input_text"), str):
        raise ArgumentError(name, "needs media_sources, input_text, or both", code=PARAMETER_NOT_PROVIDED)
    return request


MULTI_INPUT = Shape(
    "Mapping[str, Any] | Any",
    multi_input,
    "`{'input_text': ... (with `<@name>` placeholders), 'media_sources': [{'name', 'media_type': 'image', "
    "'url' | 'asset_id' | 'base64_string'}, ...]}` (up to 10 sources; media_type defaults to image).",
)

EMBED_V2_INPUTS = ("text", "image", "text_image", "audio", "video", "multi_input", "document")


def embed_v2_input_matches(args: Mapping[str, Any]) -> tuple[str, str] | None:
    """The input object named by ``input_type`` is given, and no other (for the input types we know)."""
    kind = args.get("input_type")
    given = [name for name in EMBED_V2_INPUTS if args.get(name) is not None]
    if kind in EMBED_V2_INPUTS:
        if kind not in given:
            return kind, f"input_type={kind!r} needs the {kind!r} argument"
        others = [name for name in given if name != kind]
        if others:
            return others[0], f"does not go with input_type={kind!r}"
    return None


# --- entities -------------------------------------------------------------------------------------------------


def entity_metadata(name: str, value: object) -> dict[str, Any]:
    return json_object(name, value)


ENTITY_METADATA = Shape("Mapping[str, Any]", entity_metadata)


def _asset_ids(name: str, value: object) -> list[str]:
    ids = _sequence(name, value)
    if not ids:
        raise ArgumentError(name, "needs at least one asset id")
    for item in ids:
        if not isinstance(item, str) or not item:
            raise ArgumentTypeError(name, f"asset ids must be non-empty str, got {item!r}")
    return ids


def entity_specs(name: str, value: object) -> list[dict[str, Any]]:
    items = _sequence(name, value)
    if not items:
        raise ArgumentError(name, "needs at least one entity")
    out = []
    for position, item in enumerate(items):
        where = f"{name}[{position}]"
        entity = json_object(where, item)
        if not isinstance(entity.get("name"), str) or not entity["name"]:
            raise ArgumentError(where, "needs a name (a non-empty str)")
        entity["asset_ids"] = _asset_ids(f"{where}.asset_ids", entity.get("asset_ids"))
        if entity.get("metadata") is not None:
            entity["metadata"] = json_object(f"{where}.metadata", entity["metadata"])
        out.append(entity)
    return out


ENTITY_SPECS = Shape(
    "Sequence[Mapping[str, Any] | Any]",
    entity_specs,
    "The entities, each `{'name': ..., 'asset_ids': [...] (at least one), 'description'?, 'metadata'?}`.",
)


__all__ = [
    "ASYNC_RESPONSE_FORMAT",
    "BATCH_DEFAULTS",
    "BATCH_REQUESTS",
    "ENTITY_METADATA",
    "ENTITY_SPECS",
    "MAX_BATCH_REQUESTS",
    "MAX_TOKENS",
    "MEDIA_INPUT",
    "MULTI_INPUT",
    "TEXT_IMAGE_INPUT",
    "TEXT_INPUT",
    "batch_item",
    "check_custom_id",
    "check_idempotency_key",
    "embed_v2_input_matches",
    "media_source",
]
