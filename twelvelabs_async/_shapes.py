"""Friendlier inputs for structured (``Kind.JSON``) parameters: sugar in, the API's JSON out.

Each ``Shape`` here turns what a user naturally has into the tagged JSON the API wants, and refuses (before any
I/O, with an ``ArgumentError`` naming the parameter) what can only fail on the server:

    video="https://example.com/clip.mp4"          -> {"type": "url", "url": ...}
    video=b"...mp4 bytes..."                       -> {"type": "base64_string", "base64_string": ...}
    video=VideoContext.from_asset("a1")            -> {"type": "asset_id", "asset_id": "a1"}
    response_format={"type": "object", ...}        -> {"type": "json_schema", "json_schema": {...}}
    prompt_v_2="Is there a <@dog> here?"           -> {"input_text": ...}

Mappings are always accepted as the wire JSON itself, and so are model objects: ours (attrs classes) and the
official SDK's (pydantic models, through ``model_dump``), so code written for the official SDK keeps working.
A tag the SDK does not know yet (a new ``type``) is sent as given: the service judges it.

Nothing here imports attrs or the models at import time; the route table imports these shapes.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any

from twelvelabs_async._errors import PARAMETER_NOT_PROVIDED, ArgumentError, ArgumentTypeError
from twelvelabs_async._route_spec import Shape

# The documented limit of a base64 video or image: 30 MB of encoded text.
MAX_BASE64_CHARS = 30 * 1000 * 1000


def _type_name(value: object) -> str:
    return type(value).__name__


def plain(value: Any) -> Any:
    """A model object as its JSON value, recursively; other values unchanged.

    Ours are attrs classes (fields set to None are left out, as the API treats absent and null alike on inputs);
    the official SDK's are pydantic models (``model_dump`` in v2, ``dict`` in v1).
    """
    cls = type(value)
    if hasattr(cls, "__attrs_attrs__"):
        import attrs  # loaded already: the caller made an attrs instance

        return {
            field.name: plain(getattr(value, field.name))
            for field in attrs.fields(cls)
            if getattr(value, field.name) is not None and field.name != "extra" and field.init
        }
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        return dump(mode="json", by_alias=True, exclude_none=True)
    if hasattr(cls, "__fields__") and callable(getattr(value, "dict", None)):  # pydantic v1
        return value.dict(by_alias=True, exclude_none=True)
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def json_value(name: str, value: object) -> Any:
    """Any JSON value (objects, arrays, scalars); models become their JSON; NaN and Infinity are refused.

    The standard library would write NaN as a bare ``NaN`` token, which is not JSON and which the server would
    refuse (or worse, misread); refusing it here names the parameter.
    """
    converted = plain(value)
    try:
        json.dumps(converted, allow_nan=False)
    except ValueError as exc:
        raise ArgumentError(name, f"is not valid JSON: {exc} (NaN and Infinity have no JSON form)") from None
    except TypeError as exc:
        raise ArgumentTypeError(name, f"is not JSON-serializable: {exc}") from None
    return converted


def json_object(name: str, value: object) -> dict[str, Any]:
    converted = json_value(name, value)
    if not isinstance(converted, dict):
        raise ArgumentTypeError(name, f"expected a mapping, got {_type_name(value)}")
    for key in converted:
        if not isinstance(key, str):
            raise ArgumentTypeError(name, f"keys must be str, got {_type_name(key)}")
    return converted


def _object_list(name: str, value: object) -> list[Any]:
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(name, f"expected a sequence, got {_type_name(value)}")
    return list(value)


# --- user metadata --------------------------------------------------------------------------------------------


def user_metadata(name: str, value: object) -> dict[str, Any]:
    """Keys are str; values str, int, float, bool or a list of str (None removes a key on a merge)."""
    mapping = json_object(name, value)
    for key, item in mapping.items():
        if isinstance(item, list) and all(isinstance(each, str) for each in item):
            continue  # lists of strings: the official SDK 1.3.6 documents them, ahead of the 2026-07 spec
        if item is not None and not isinstance(item, (str, int, float, bool)):
            raise ArgumentTypeError(
                name,
                f"value of {key!r} must be str, int, float, bool or a list of str (convert objects to text), "
                f"got {_type_name(item)}",
            )
    return mapping


USER_METADATA = Shape("Mapping[str, Any]", user_metadata)


# --- media sources (video, images) ----------------------------------------------------------------------------

_SOURCE_KEYS = ("url", "asset_id", "base64_string")


def _base64_of(name: str, data: bytes | bytearray | memoryview) -> str:
    text = base64.b64encode(bytes(data)).decode("ascii")
    if len(text) > MAX_BASE64_CHARS:
        raise ArgumentError(
            name, f"is {len(text):,} characters of base64, over the API's 30 MB limit: upload it as an asset instead"
        )
    return text


def _check_source_members(name: str, source: Mapping[str, Any]) -> None:
    for key in _SOURCE_KEYS:
        member = source.get(key)
        if member is not None and not isinstance(member, str):
            raise ArgumentTypeError(name, f"{key} must be a str, got {_type_name(member)}")
    encoded = source.get("base64_string")
    if isinstance(encoded, str) and len(encoded) > MAX_BASE64_CHARS:
        raise ArgumentError(name, "base64_string is over the API's 30 MB limit: upload it as an asset instead")
    url = source.get("url")
    if isinstance(url, str) and not url.startswith(("http://", "https://")):
        raise ArgumentError(name, f"url must be an http(s) URL, got {url[:80]!r}")


def video_context(name: str, value: object) -> dict[str, Any]:
    """One video source: a URL string, raw bytes (sent base64), a VideoContext, or the tagged mapping."""
    if isinstance(value, str):
        if not value.startswith(("http://", "https://")):
            raise ArgumentError(
                name,
                "a str must be the video's http(s) URL; for an uploaded asset give "
                "{'type': 'asset_id', 'asset_id': ...} (or VideoContext.from_asset(...))",
            )
        return {"type": "url", "url": value}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"type": "base64_string", "base64_string": _base64_of(name, value)}
    source = json_object(name, value)
    kind = source.get("type")
    if not isinstance(kind, str) or not kind:
        raise ArgumentError(name, "needs a 'type': 'url', 'asset_id' or 'base64_string'", code=PARAMETER_NOT_PROVIDED)
    if kind in _SOURCE_KEYS and not isinstance(source.get(kind), str):
        raise ArgumentError(name, f"a video of type {kind!r} needs {kind!r}", code=PARAMETER_NOT_PROVIDED)
    _check_source_members(name, source)
    return source


VIDEO_CONTEXT = Shape(
    "str | bytes | _models.VideoContext | Mapping[str, Any]",
    video_context,
    "An http(s) URL string, the video's bytes (sent as base64, at most 30 MB), a `VideoContext`, or the API's "
    "tagged object `{'type': 'url' | 'asset_id' | 'base64_string', ...}`.",
)


def _named_image(name: str, item: object, position: int) -> dict[str, Any]:
    image = json_object(f"{name}[{position}]", item)
    label = image.get("name")
    if not isinstance(label, str) or not label:
        raise ArgumentError(name, f"image {position} needs a 'name' (referenced as <@name> in the prompt)")
    given = [key for key in _SOURCE_KEYS if image.get(key) is not None]
    if len(given) != 1:
        raise ArgumentError(name, f"image {label!r} needs exactly one of url, asset_id, base64_string")
    _check_source_members(name, image)
    return image


def analyze_images(name: str, value: object) -> list[dict[str, Any]]:
    items = _object_list(name, value)
    if not 1 <= len(items) <= 20:
        raise ArgumentError(name, f"takes 1 to 20 images, got {len(items)}")
    images = [_named_image(name, item, position) for position, item in enumerate(items)]
    names = [image["name"] for image in images]
    if len(set(names)) != len(names):
        raise ArgumentError(name, "image names must be unique")
    return images


ANALYZE_IMAGES = Shape(
    "Sequence[Mapping[str, Any] | Any]",
    analyze_images,
    "1 to 20 images, each `{'name': ..., 'url' | 'asset_id' | 'base64_string': ...}`.",
)


# --- prompts and response formats -----------------------------------------------------------------------------


def prompt_v2(name: str, value: object) -> dict[str, Any]:
    if isinstance(value, str):
        return {"input_text": value}
    prompt = json_object(name, value)
    if not isinstance(prompt.get("input_text"), str):
        raise ArgumentError(name, "needs 'input_text' (a str with <@name> placeholders)", code=PARAMETER_NOT_PROVIDED)
    sources = prompt.get("media_sources")
    if sources is not None and (not isinstance(sources, list) or len(sources) > 4):
        raise ArgumentError(name, "media_sources must be a list of at most 4 sources")
    return prompt


PROMPT_V2 = Shape(
    "str | Mapping[str, Any] | Any",
    prompt_v2,
    "The prompt text (a str), or `{'input_text': ..., 'media_sources': [...]}`.",
)

_JSON_SCHEMA_TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean", "null"})


def response_format(name: str, value: object) -> dict[str, Any]:
    """A response format, or a bare JSON schema (wrapped as ``{"type": "json_schema", "json_schema": ...}``)."""
    fmt = json_object(name, value)
    kind = fmt.get("type")
    if kind in _JSON_SCHEMA_TYPES or (kind is None and ("properties" in fmt or "$schema" in fmt)):
        return {"type": "json_schema", "json_schema": fmt}
    if not isinstance(kind, str) or not kind:
        raise ArgumentError(name, "needs a 'type' ('json_schema'), or give the JSON schema itself")
    if kind == "json_schema" and not isinstance(fmt.get("json_schema"), dict):
        raise ArgumentError(name, "a 'json_schema' response format needs 'json_schema', the schema object")
    return fmt


RESPONSE_FORMAT = Shape(
    "Mapping[str, Any] | Any",
    response_format,
    "`{'type': 'json_schema', 'json_schema': {...}}`, or the JSON schema itself (it is wrapped).",
)


__all__ = [
    "ANALYZE_IMAGES",
    "PROMPT_V2",
    "RESPONSE_FORMAT",
    "USER_METADATA",
    "VIDEO_CONTEXT",
    "json_object",
    "json_value",
    "plain",
]
