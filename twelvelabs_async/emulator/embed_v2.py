"""Embeddings v2: the request checks of ``/embed-v2`` and ``/embed-v2/tasks``, and deterministic vectors.

Models: ``marengo3.0`` (the 2026-07 spec) and ``marengo3.5`` (the official SDK 1.3.6). Vector lengths:
Marengo 3.0 embeddings have **512** dimensions (the Marengo page: "512-dimensional embeddings"); Marengo 3.5
takes ``embedding_dimension`` (default 512; refused with 400 for Marengo 3.0, as 1.3.6 documents) and its
embeddings are Matryoshka embeddings: a shorter one is the first values of the longer one of the same content.
The allowed lengths are not documented; the emulator accepts 32 to 1,024 and cuts a 1,024-value vector.
Vectors are seeded by the model, the content and the segment, so the same input always gives the same vector,
and Marengo 3.0 and 3.5 vectors of one input differ (they are "not cross-compatible"). A full-length vector has
unit norm.

Inputs (sync ``POST /embed-v2``): ``text`` (``input_text``, at most 500 words for 3.0), ``image``
(``media_source``: exactly one of ``url`` / ``base64_string`` / ``asset_id``; JPEG or PNG, at least 128x128,
at most 32 MB), ``text_image`` (both), ``audio`` and ``video`` (``media_source``, ``start_sec``/``end_sec``,
``segmentation`` ``{strategy: fixed, fixed: {duration_sec 2..10}}`` or ``{strategy: dynamic, dynamic:
{min_duration_sec 2..5}}`` (audio: fixed only; default fixed 6 s), ``embedding_option`` (video: ``visual``,
``audio``, ``transcription``, all three by default; audio: ``audio``, ``transcription``), ``embedding_scope``
(``clip``/``asset``, both by default), ``embedding_type`` (``separate_embedding`` by default;
``fused_embedding`` needs two options or more); at most 10 minutes, base64 at most 36 MB) and ``multi_input``
(``input_text`` with ``<@name>`` references and up to 10 images; Marengo 3.5 also takes video and audio
sources of at most 30 s, and text alone). With Marengo 3.5 the sync route takes ``multi_input`` only, as 1.3.6
documents, reports ``usage`` and may add ``embedding_uncertainty`` vectors. Async tasks take ``audio`` and
``video`` of 4 s to 4 h. URL media is described by its URL (``?duration=...`` hints, :mod:`.media`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import math
import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .assets import require_ready_asset
from .content import stable_int
from .context import EmulatorContext
from .embed_v2_state import EmbedMedia, MediaRequest
from .errors import ApiError
from .media import probe_file, probe_url

__all__ = ["FULL_DIMENSION", "MODELS", "check_dimension", "media_request", "request_embeddings", "vector"]

MODELS = ("marengo3.0", "marengo3.5")
MARENGO_30_DIMENSION = 512
DEFAULT_DIMENSION = 512
FULL_DIMENSION = 1024
MIN_DIMENSION = 32
MAX_TEXT_WORDS = {"marengo3.0": 500, "marengo3.5": 2000}
MAX_IMAGE_BYTES = 32 * 1000**2
MIN_IMAGE_SIDE = 128
MAX_BASE64_MEDIA = 36 * 1000**2
MAX_SYNC_SECONDS = 600.0
MAX_SYNC_SECONDS_35 = 30.0
MIN_TASK_SECONDS = 4.0
MAX_TASK_SECONDS = 4 * 3600.0
MAX_TASK_BYTES = 4 * 1000**3
MAX_MULTI_SOURCES = 10
SOURCE_KEYS = ("url", "base64_string", "asset_id")
VIDEO_OPTIONS = ("visual", "audio", "transcription")
AUDIO_OPTIONS = ("audio", "transcription")
SCOPES = ("clip", "asset")
TYPES = ("separate_embedding", "fused_embedding")
_PLACEHOLDER = re.compile(r"<@([^>]*)>")


# --- vectors --------------------------------------------------------------------------------------------------


def vector(model: str, dimension: int, *key: object) -> list[float]:
    """The embedding of ``key`` for ``model``: unit length at full length, a prefix of it when shorter."""
    full = MARENGO_30_DIMENSION if model == "marengo3.0" else FULL_DIMENSION
    rng = random.Random(stable_int("embed-v2", model, *key))
    values = [rng.gauss(0.0, 1.0) for _ in range(full)]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [round(v / norm, 8) for v in values[:dimension]]


def uncertainty(dimension: int, *key: object) -> list[float]:
    rng = random.Random(stable_int("embed-v2-uncertainty", *key))
    return [round(rng.random() * 0.2, 6) for _ in range(dimension)]


def check_dimension(model: str, raw: Any) -> int:
    if raw is None:
        return MARENGO_30_DIMENSION if model == "marengo3.0" else DEFAULT_DIMENSION
    if model == "marengo3.0":
        raise ApiError.invalid("embedding_dimension", "It requires `model_name` set to `marengo3.5`.")
    if isinstance(raw, bool) or not isinstance(raw, int) or not MIN_DIMENSION <= raw <= FULL_DIMENSION:
        raise ApiError.invalid("embedding_dimension", f"Use an integer from {MIN_DIMENSION} to {FULL_DIMENSION}.")
    return raw


# --- media sources --------------------------------------------------------------------------------------------


def _object(value: Any, name: str, allowed: Sequence[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError.invalid(name, "It must be an object.")
    unknown = [f"{name}.{key}" for key in value if key not in allowed]
    if unknown:
        raise ApiError.unknown(unknown)
    return value


def _decode(text: Any, name: str, limit: int) -> bytes:
    if not isinstance(text, str) or not text:
        raise ApiError.invalid(name)
    if len(text) > limit * 4 // 3 + 4:
        raise ApiError.invalid(name, f"The maximum size is {limit // 1000**2} MB.")
    # Raw base64 without a data-URL prefix (meilisearch/documentation#3684 notes the API wants it so).
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError.invalid(name, "It is not valid base64 (send the raw base64 text, no data-URL prefix).") from None
    if len(data) > limit:
        raise ApiError.invalid(name, f"The maximum size is {limit // 1000**2} MB.")
    return data


def media_source(context: EmulatorContext, raw: Any, name: str, kind: str,
                 extra: Sequence[str] = ()) -> EmbedMedia:
    """Resolve ``media_source`` (exactly one of url / base64_string / asset_id) of the given kind."""
    source = _object(raw, name, (*SOURCE_KEYS, *extra))
    given = [key for key in SOURCE_KEYS if source.get(key) is not None]
    if len(given) != 1:
        raise ApiError.invalid(name, "Provide exactly one of `url`, `base64_string` or `asset_id`.")
    how = given[0]
    value = source[how]
    if not isinstance(value, str) or not value:
        raise ApiError.invalid(f"{name}.{how}")
    where = f"{name}.{how}"
    if how == "url":
        filename, info = probe_url(value, where, kind_hint=kind)
        media = EmbedMedia(f"url:{value}", kind, filename, info.duration, input_url=value)
        size = info.size
        width, height = info.width, info.height
        broken = info.error
    elif how == "asset_id":
        asset = require_ready_asset(context.state, value, where)
        if asset.kind != kind:
            raise ApiError.invalid(where, f"The asset `{value}` is a {asset.kind} asset; use a {kind} asset.")
        probed = asset.info
        assert probed is not None  # ready assets have been probed
        media = EmbedMedia(f"asset:{value}", kind, asset.filename, probed.duration, input_filename=asset.filename)
        size, width, height, broken = probed.size, probed.width, probed.height, None
    else:
        data = _decode(value, where, MAX_IMAGE_BYTES if kind == "image" else MAX_BASE64_MEDIA)
        ext = {"image": "jpg", "audio": "mp3", "video": "mp4"}[kind]
        info = probe_file(io.BytesIO(data), len(data), f"input.{ext}", declared=kind)
        digest = hashlib.sha256(data).hexdigest()[:16]
        media = EmbedMedia(f"base64:{digest}", kind, f"input.{ext}", info.duration)
        size, width, height, broken = info.size, info.width, info.height, info.error
    if broken is not None:
        raise ApiError.invalid(where, f"The {kind} could not be processed: {broken}")
    if kind == "image":
        if size > MAX_IMAGE_BYTES:
            raise ApiError.invalid(where, "The image must be at most 32 MB.")
        if width is not None and height is not None and min(width, height) < MIN_IMAGE_SIDE:
            raise ApiError.invalid(where, f"The image must be at least {MIN_IMAGE_SIDE}x{MIN_IMAGE_SIDE} pixels; it "
                                          f"is {width}x{height}.")
    return media


def _strings(body: Mapping[str, Any], key: str, name: str, choices: Sequence[str],
             default: Sequence[str]) -> tuple[str, ...]:
    value = body.get(key)
    if value is None:
        return tuple(default)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v in choices for v in value):
        raise ApiError.invalid(f"{name}.{key}", f"Use a non-empty list of: {', '.join(choices)}.")
    return tuple(dict.fromkeys(value))


def _seconds(body: Mapping[str, Any], key: str, name: str) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ApiError.invalid(f"{name}.{key}", "It must be a number.")
    return float(value)


def _segmentation(raw: Any, name: str, kind: str) -> tuple[str, float]:
    if raw is None:
        return "fixed", 6.0
    seg = _object(raw, name, ("strategy", "fixed", "dynamic"))
    strategy = seg.get("strategy")
    allowed = ("fixed", "dynamic") if kind == "video" else ("fixed",)
    if not isinstance(strategy, str) or strategy not in allowed:
        raise ApiError.invalid(f"{name}.strategy", f"Use one of: {', '.join(allowed)}.")
    key, low, high = ("duration_sec", 2, 10) if strategy == "fixed" else ("min_duration_sec", 2, 5)
    config = _object(seg.get(strategy), f"{name}.{strategy}", (key,))
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError.invalid(f"{name}.{strategy}.{key}", "It must be an integer.")
    if not low <= value <= high:
        raise ApiError.invalid(f"{name}.{strategy}.{key}", f"The value must be between {low} and {high}.")
    return strategy, float(value)


def media_request(context: EmulatorContext, raw: Any, name: str, kind: str, model: str, *,
                  asynchronous: bool) -> MediaRequest:
    """Check an ``audio`` / ``video`` request object."""
    keys = ("media_source", "start_sec", "end_sec", "segmentation", "embedding_option", "embedding_scope",
            "embedding_type")
    body = _object(raw, name, keys)
    if body.get("media_source") is None:
        raise ApiError.not_provided(f"{name}.media_source")
    media = media_source(context, body["media_source"], f"{name}.media_source", kind)
    duration = media.duration or 0.0
    if asynchronous:
        if duration < MIN_TASK_SECONDS or duration > MAX_TASK_SECONDS:
            raise ApiError.invalid(f"{name}.media_source", f"The {kind} must last from 4 seconds to 4 hours; it lasts "
                                                           f"{duration:g} seconds.")
    elif duration > MAX_SYNC_SECONDS:
        raise ApiError.invalid(f"{name}.media_source", f"The {kind} must last at most 10 minutes for this endpoint; "
                                                       "use `POST /embed-v2/tasks` for longer media.")
    start = _seconds(body, "start_sec", name) or 0.0
    end = _seconds(body, "end_sec", name)
    end = duration if end is None else end
    if start < 0 or start >= max(duration, 1e-9):
        raise ApiError.invalid(f"{name}.start_sec", "It must be at least 0 and less than the media duration.")
    if end <= start or end > duration + 1e-6:
        raise ApiError.invalid(f"{name}.end_sec", "It must be greater than `start_sec` and at most the media duration.")
    strategy, length = _segmentation(body.get("segmentation"), f"{name}.segmentation", kind)
    choices: tuple[str, ...] = VIDEO_OPTIONS if kind == "video" else AUDIO_OPTIONS
    if model == "marengo3.5":
        choices = tuple(o for o in choices if o != "transcription")  # 1.3.6: transcription is Marengo 3.0's
    options = _strings(body, "embedding_option", name, choices, choices)
    scopes = _strings(body, "embedding_scope", name, SCOPES, SCOPES)
    types = _strings(body, "embedding_type", name, TYPES, ("separate_embedding",))
    if "fused_embedding" in types and len(options) < 2:
        raise ApiError.invalid(f"{name}.embedding_type", "`fused_embedding` needs at least two values in "
                                                         "`embedding_option`.")
    return MediaRequest(media, start, end, strategy, length, options, scopes, types)


# --- embeddings -----------------------------------------------------------------------------------------------


def _clips(request: MediaRequest) -> list[tuple[float, float]]:
    bounds: list[tuple[float, float]] = []
    t = request.start
    n = 0
    while t < request.end - 1e-9:
        size = request.length
        if request.strategy == "dynamic":  # scene-like: at least the minimum, a little longer at random
            size = request.length + (stable_int(request.media.key, "scene", n) % 30) / 10
        stop = min(request.end, t + size)
        if stop - t < 2.0 and bounds:  # a final segment under 2 s is dropped, as the spec says of clips
            break
        bounds.append((round(t, 3), round(stop, 3)))
        t = stop
        n += 1
    return bounds


def _item(model: str, dimension: int, with_uncertainty: bool, key: tuple[object, ...], option: str | None,
          scope: str | None, start: float | None, end: float | None) -> dict[str, Any]:
    out: dict[str, Any] = {"embedding": vector(model, dimension, *key)}
    if with_uncertainty:
        out["embedding_uncertainty"] = uncertainty(dimension, model, *key)
    out.update({"embedding_option": option, "embedding_scope": scope, "start_sec": start, "end_sec": end})
    return out


def media_embeddings(model: str, dimension: int, with_uncertainty: bool, request: MediaRequest) -> list[dict[str, Any]]:
    """Clip embeddings in time order (each option, then ``fused``), then the whole-asset ones."""
    spans: list[tuple[str, float, float]] = []
    if "clip" in request.scopes:
        spans += [("clip", s, e) for s, e in _clips(request)]
    if "asset" in request.scopes:
        spans.append(("asset", round(request.start, 3), round(request.end, 3)))
    options = list(request.options) if "separate_embedding" in request.types else []
    if "fused_embedding" in request.types:
        options.append("fused")
    return [_item(model, dimension, with_uncertainty, (request.media.key, option, scope, s, e), option, scope, s, e)
            for scope, s, e in spans for option in options]


def media_metadata(input_type: str, request: MediaRequest) -> dict[str, Any]:
    media = request.media
    out: dict[str, Any] = {"input_type": input_type}
    if media.input_url is not None:
        out["input_url"] = media.input_url
    else:
        out["input_filename"] = media.input_filename or media.filename
    if input_type == "video" and request.strategy == "fixed":
        out["clip_length"] = int(request.length)
    out["embedding_scopes"] = list(request.scopes)
    out["embedding_options"] = list(request.options)
    out["duration"] = media.duration
    out["start_offset_sec"] = request.start
    out["end_offset_sec"] = request.end
    return out


def _text(body: Mapping[str, Any], key: str, name: str, model: str, auto_truncate: bool) -> tuple[str, bool]:
    text = body.get(key)
    if text is None:
        raise ApiError.not_provided(f"{name}.{key}")
    if not isinstance(text, str) or not text.strip():
        raise ApiError.invalid(f"{name}.{key}")
    words = text.split()
    limit = MAX_TEXT_WORDS[model]
    if len(words) > limit:
        if not auto_truncate:
            raise ApiError.invalid(f"{name}.{key}", f"The text is longer than {limit} tokens.")
        return " ".join(words[:limit]), True
    return text, False


def _image_metadata(input_type: str, media: EmbedMedia) -> dict[str, Any]:
    out: dict[str, Any] = {"input_type": input_type}
    if media.input_url is not None:
        out["input_url"] = media.input_url
    else:
        out["input_filename"] = media.input_filename or media.filename
    return out


def request_embeddings(context: EmulatorContext, body: Mapping[str, Any], model: str, dimension: int,
                       with_uncertainty: bool, auto_truncate: bool) -> dict[str, Any]:
    """The answer of ``POST /embed-v2`` (``EmbeddingSuccessResponse``) for a checked top level."""
    input_type = body["input_type"]
    if model == "marengo3.5" and input_type != "multi_input":
        raise ApiError.invalid("input_type", "With `marengo3.5` this endpoint takes only `multi_input`; provide text "
                                             "and media as `multi_input.media_sources`.")
    raw = body.get(input_type)
    if raw is None:
        raise ApiError.not_provided(input_type)
    others = [key for key in ("text", "image", "text_image", "audio", "video", "multi_input")
              if key != input_type and body.get(key) is not None]
    if others:
        raise ApiError.invalid(others[0], f"It does not go with `input_type` `{input_type}`.")
    tokens: dict[str, int] = {}
    truncated = False
    out: dict[str, Any]
    if input_type == "text":
        part = _object(raw, "text", ("input_text",))
        text, truncated = _text(part, "input_text", "text", model, auto_truncate)
        out = {"data": [_item(model, dimension, with_uncertainty, ("text", text), None, None, None, None)]}
    elif input_type in ("image", "text_image"):
        part = _object(raw, input_type, ("media_source", "input_text") if input_type == "text_image"
                       else ("media_source",))
        if part.get("media_source") is None:
            raise ApiError.not_provided(f"{input_type}.media_source")
        media = media_source(context, part["media_source"], f"{input_type}.media_source", "image")
        key: tuple[object, ...] = ("image", media.key)
        if input_type == "text_image":
            text, truncated = _text(part, "input_text", input_type, model, auto_truncate)
            key = ("text_image", media.key, text)
        out = {"data": [_item(model, dimension, with_uncertainty, key, None, None, None, None)],
               "metadata": _image_metadata(input_type, media)}
    elif input_type in ("audio", "video"):
        request = media_request(context, raw, input_type, input_type, model, asynchronous=False)
        out = {"data": media_embeddings(model, dimension, with_uncertainty, request),
               "metadata": media_metadata(input_type, request)}
    elif input_type == "multi_input":
        out, truncated, tokens = _multi_input(context, raw, model, dimension, with_uncertainty, auto_truncate)
    else:  # pragma: no cover - input_type was checked against the enum
        raise ApiError.invalid("input_type")
    if model == "marengo3.5":
        usage: dict[str, Any] = {"input_tokens": tokens, "truncated": truncated}
        if truncated:
            usage["truncation_reason"] = "model_context_window"
        out["usage"] = usage
    return out


def _multi_input(context: EmulatorContext, raw: Any, model: str, dimension: int, with_uncertainty: bool,
                 auto_truncate: bool) -> tuple[dict[str, Any], bool, dict[str, int]]:
    part = _object(raw, "multi_input", ("input_text", "media_sources"))
    sources = part.get("media_sources")
    text: str | None = None
    truncated = False
    if part.get("input_text") is not None:
        text, truncated = _text(part, "input_text", "multi_input", model, auto_truncate)
    if sources is None and model == "marengo3.0":
        raise ApiError.not_provided("multi_input.media_sources")
    sources = sources or []
    if not isinstance(sources, list) or len(sources) > MAX_MULTI_SOURCES:
        raise ApiError.invalid("multi_input.media_sources", f"Provide up to {MAX_MULTI_SOURCES} media sources.")
    if not sources and text is None:
        raise ApiError.not_provided("multi_input.input_text")
    if with_uncertainty and sources and text is not None:
        raise ApiError.invalid("embedding_uncertainty", "It works only for a text-only or a media-only request.")
    kinds = ("image",) if model == "marengo3.0" else ("image", "video", "audio")
    names: set[str] = set()
    keys: list[str] = []
    tokens: dict[str, int] = {}
    for i, item in enumerate(sources):
        where = f"multi_input.media_sources[{i}]"
        source = _object(item, where, ("name", "media_type", *SOURCE_KEYS))
        kind = source.get("media_type")
        if not isinstance(kind, str) or kind not in kinds:
            raise ApiError.invalid(f"{where}.media_type", f"Use one of: {', '.join(kinds)}.")
        label = source.get("name")
        if label is not None:
            if not isinstance(label, str) or not label or label in names:
                raise ApiError.invalid(f"{where}.name", "Names must be non-empty and unique.")
            names.add(label)
        media = media_source(context, {k: v for k, v in source.items() if k in SOURCE_KEYS}, where, kind)
        if kind != "image" and (media.duration or 0.0) > MAX_SYNC_SECONDS_35:
            raise ApiError.invalid(where, f"Audio and video sources can last at most {MAX_SYNC_SECONDS_35:g} seconds.")
        keys.append(f"{kind}:{media.key}")
        tokens[kind] = tokens.get(kind, 0) + (256 if kind == "image" else math.ceil((media.duration or 0.0) * 8))
    if text is not None:
        missing = [label for label in _PLACEHOLDER.findall(text) if label not in names]
        if missing:
            raise ApiError.invalid("multi_input.input_text", f"`<@{missing[0]}>` refers to no media source.")
        tokens["text"] = len(text.split())
    item = _item(model, dimension, with_uncertainty, ("multi_input", text, *keys), None, None, None, None)
    return {"data": [item], "metadata": {"input_type": "multi_input"}}, truncated, tokens
