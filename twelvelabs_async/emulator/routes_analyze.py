"""Today's ``POST /analyze`` (surface 2026), as the 2026-07 spec describes it.

The request names a model (``pegasus1.2``, ``pegasus1.5``, or ``pegasus1.6`` which the official SDK 1.3.6
knows), exactly one video source (``video``: ``{"type": "url", "url"}`` / ``{"type": "asset_id",
"asset_id"}`` / ``{"type": "base64_string", "base64_string"}``, or the deprecated ``video_id`` with
``pegasus1.2``), exactly one of ``prompt`` and ``prompt_v2``, and optionally ``temperature``,
``response_format`` (JSON that validates against the given schema, see :mod:`.structured`), ``max_tokens``,
an analysis window (``start_time``/``end_time``) and ``stream`` (default true).

The answer is ``{id, data, finish_reason, usage, error?}``, or an NDJSON stream whose ``stream_end`` event
carries ``finish_reason``, ``metadata.usage`` and ``error``. ``finish_reason`` is ``length`` when the answer
has more tokens (words, or events with ``[emulator:events=N]``) than ``max_tokens``: the text is cut there
and ``error.message`` says so.

URL videos are described by their URL (``?duration=12&width=640&height=480`` hints set the metadata, as for
``POST /tasks``); base64 videos must be MP4 files, probed like uploads.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import math
import re
from typing import Any

from aiohttp import web

from .. import _mp4
from . import generation, structured
from .assets import require_asset
from .content import metadata_words, name_words
from .context import EmulatorContext, ctx, read_json
from .errors import ApiError
from .generation import Subject
from .params import JsonParams
from .streaming import write_text_stream
from .videos import check_analysis_requirements, meta_from_url

__all__ = ["routes"]

MODELS = ("pegasus1.2", "pegasus1.5", "pegasus1.6")
# The 2026-07 spec's default. The official SDK 1.3.6 documents pegasus1.5 as the default and no longer lists
# pegasus1.2; the spec is the wire truth, and 1.3.6 always sends the model it means when the caller names one.
DEFAULT_MODEL = "pegasus1.2"
# max_tokens per model (min, max); the default is 4,096 for all. 1.3.6 documents no range for pegasus1.6:
# it is taken to be pegasus1.5's.
MAX_TOKENS = {"pegasus1.2": (2, 4096), "pegasus1.5": (512, 98_304), "pegasus1.6": (512, 98_304)}
DEFAULT_MAX_TOKENS = 4096
PEGASUS_12_PROMPT_TOKENS = 2000
# "The maximum size is 30MB" (the decoded video; the JSON body may hold its base64 text plus the rest).
MAX_BASE64_BYTES = 30 * 1024 * 1024
MAX_BODY_BYTES = MAX_BASE64_BYTES * 4 // 3 + 1024 * 1024
MIN_WINDOW = 4.0
MAX_MEDIA_SOURCES = 4
FIELDS = ("model_name", "video_id", "video", "prompt", "prompt_v2", "temperature", "stream", "response_format",
          "max_tokens", "start_time", "end_time")
SOURCE_KEYS = ("url", "asset_id", "base64_string")
_PLACEHOLDER = re.compile(r"<@([^>]*)>")

routes = web.RouteTableDef()


def _newer(model: str) -> bool:
    return model != "pegasus1.2"


def _needs_newer(name: str) -> ApiError:
    return ApiError.invalid(name, "It requires `model_name` set to `pegasus1.5` or `pegasus1.6`.")


def _object_keys(value: Any, name: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError.invalid(name, "It must be an object.")
    unknown = [f"{name}.{key}" for key in value if key not in allowed]
    if unknown:
        raise ApiError.unknown(unknown)
    return value


def _text_field(value: dict[str, Any], key: str, name: str) -> str:
    raw = value.get(key)
    if raw is None or raw == "":
        raise ApiError.not_provided(f"{name}.{key}")
    if not isinstance(raw, str):
        raise ApiError.invalid(f"{name}.{key}")
    return raw


def _decode_base64(text: str, name: str) -> bytes:
    if len(text) > MAX_BASE64_BYTES * 4 // 3 + 4:
        raise ApiError.invalid(name, "The maximum size is 30MB.")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError.invalid(name, "It is not valid base64.") from None
    if len(data) > MAX_BASE64_BYTES:
        raise ApiError.invalid(name, "The maximum size is 30MB.")
    return data


def _check_url(url: str, name: str) -> None:
    meta_from_url(url, name)  # only the http(s) check matters for an image


# --- the prompt -----------------------------------------------------------------------------------------------


def _prompt(context: EmulatorContext, params: JsonParams, model: str) -> str:
    """The prompt text, from ``prompt`` or ``prompt_v2`` (exactly one)."""
    has_v1, has_v2 = params.body.get("prompt") is not None, params.body.get("prompt_v2") is not None
    if has_v1 and has_v2:
        raise ApiError.invalid(["prompt", "prompt_v2"], "They are mutually exclusive; use one of them.")
    if not has_v1 and not has_v2:
        raise ApiError.not_provided("prompt")
    if has_v1:
        prompt = params.req_str("prompt")
        if model == "pegasus1.2" and len(prompt.split()) > PEGASUS_12_PROMPT_TOKENS:
            raise ApiError(400, "token_limit_exceeded",
                           "Your request could not be processed due to exceeding maximum token limit. Please try "
                           "with another request or another video with shorter duration.")
        return prompt
    if not _newer(model):
        raise _needs_newer("prompt_v2")
    v2 = _object_keys(params.body["prompt_v2"], "prompt_v2", ("input_text", "media_sources"))
    text = _text_field(v2, "input_text", "prompt_v2")
    sources = v2.get("media_sources", [])
    if not isinstance(sources, list) or len(sources) > MAX_MEDIA_SOURCES:
        raise ApiError.invalid("prompt_v2.media_sources", f"Provide at most {MAX_MEDIA_SOURCES} sources.")
    names: set[str] = set()
    for i, raw in enumerate(sources):
        where = f"prompt_v2.media_sources[{i}]"
        source = _object_keys(raw, where, ("name", "media_type", *SOURCE_KEYS))
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
        if given[0] == "url":
            _check_url(value, f"{where}.url")
        elif given[0] == "asset_id":
            require_asset(context, value, kinds=("image",), field=f"{where}.asset_id")
        else:
            _decode_base64(value, f"{where}.base64_string")
    missing = [name for name in _PLACEHOLDER.findall(text) if name not in names]
    if missing:
        raise ApiError.invalid("prompt_v2.input_text",
                               f"`<@{missing[0]}>` refers to no media source in `prompt_v2.media_sources`.")
    return text


# --- the video ------------------------------------------------------------------------------------------------


def _source(context: EmulatorContext, params: JsonParams, model: str) -> Subject:
    video_id = params.str("video_id")
    video = params.body.get("video")
    if video_id is not None and video is not None:
        raise ApiError.invalid(["video_id", "video"], "Provide exactly one video source.")
    if video_id is not None:
        return _indexed_video(context, video_id, model)
    if video is None:
        raise ApiError.not_provided("video")
    if not isinstance(video, dict):
        raise ApiError.invalid("video", "It must be an object.")
    kind = video.get("type")
    if kind is None:
        raise ApiError.not_provided("video.type")
    if kind not in SOURCE_KEYS:
        raise ApiError.invalid("video.type", f"Use one of: {', '.join(sorted(SOURCE_KEYS))}.")
    _object_keys(video, "video", ("type", kind))
    value = _text_field(video, kind, "video")
    if kind == "asset_id":
        # A ready video asset, held to the same input requirements as the other sources.
        subject = require_asset(context, value, kinds=("video",), field="video.asset_id")
    elif kind == "url":
        meta = meta_from_url(value, "video.url")
        subject = Subject(f"url:{value}", meta.filename, meta.duration, meta.width, meta.height)
    else:
        data = _decode_base64(value, "video.base64_string")
        try:
            info = _mp4.probe_mp4(io.BytesIO(data))
        except _mp4.Mp4Error:
            raise ApiError(400, "video_file_broken",
                           "Cannot read video file. Please check the video file is valid and try again.") from None
        digest = hashlib.sha256(data).hexdigest()[:16]
        subject = Subject(f"base64:{digest}", "video.mp4", round(info.duration, 3), info.width, info.height)
    check_analysis_requirements(subject.duration, subject.width, subject.height)
    return subject


def _indexed_video(context: EmulatorContext, video_id: str, model: str) -> Subject:
    """The deprecated ``video_id`` source: Pegasus 1.2 only, a video in an index with Pegasus enabled."""
    if model != "pegasus1.2":
        raise ApiError.invalid("video_id", "It works only with `model_name` set to `pegasus1.2`; use `video`.")
    state = context.state
    video = state.videos.get(video_id)
    if video is None:
        raise ApiError.not_found(video_id, "videos")
    index = state.indexes.get(video.index_id)
    if index is None or not index.has_family("pegasus"):
        raise ApiError(400, "index_not_supported_for_generate",
                       "You can only summarize videos uploaded to an index with an engine from the Pegasus family "
                       "enabled.")
    return Subject.of_video(video)


def _window(params: JsonParams, subject: Subject, model: str) -> tuple[float, float] | None:
    start, end = params.number("start_time"), params.number("end_time")
    if start is None and end is None:
        return None
    if not _newer(model):
        raise _needs_newer("start_time" if start is not None else "end_time")
    low = 0.0 if start is None else start
    high = subject.duration if end is None else end
    if low < 0:
        raise ApiError.invalid("start_time", "It must be at least 0.")
    if low >= subject.duration:
        raise ApiError.invalid("start_time", "It must be less than the video duration.")
    if high <= low:
        raise ApiError.invalid("end_time", "It must be greater than `start_time`.")
    if high > subject.duration + 1e-6:
        raise ApiError.invalid("end_time", "It must be less than or equal to the video duration.")
    if high - low < MIN_WINDOW:
        raise ApiError.invalid(["start_time", "end_time"], "The clip (`end_time - start_time`) must be at least "
                                                           f"{MIN_WINDOW:g} seconds.")
    return low, high


def _response_format(params: JsonParams, model: str) -> dict[str, Any] | None:
    raw = params.body.get("response_format")
    if raw is None:
        return None
    fmt = _object_keys(raw, "response_format", ("type", "json_schema"))
    if fmt.get("type") is None:
        raise ApiError.not_provided("response_format.type")
    if fmt["type"] != "json_schema":
        raise ApiError.invalid("response_format.type", "Use `json_schema`.")
    schema = fmt.get("json_schema")
    if schema is None:
        raise ApiError.not_provided("response_format.json_schema")
    if not isinstance(schema, dict):
        raise ApiError.invalid("response_format.json_schema", "It must be an object.")
    structured.check_schema(schema, timestamps=_newer(model))
    return schema


# --- the handler ----------------------------------------------------------------------------------------------


@routes.post("/analyze")
async def analyze(request: web.Request) -> web.StreamResponse:
    context = ctx(request)
    params = await read_json(request, FIELDS, limit=MAX_BODY_BYTES, too_large=ApiError.invalid(
        "video.base64_string", "The maximum size is 30MB."))
    model = params.str("model_name", choices=MODELS) or DEFAULT_MODEL
    low, high = MAX_TOKENS[model]
    max_tokens = params.int("max_tokens", DEFAULT_MAX_TOKENS, lo=low, hi=high)
    params.float("temperature", 0.2, lo=0.0, hi=1.0)
    stream = params.bool("stream", True)
    prompt = _prompt(context, params, model)
    schema = _response_format(params, model)
    subject = _source(context, params, model)
    window = _window(params, subject, model)

    generation_id = context.state.new_id()
    if schema is not None:
        words = name_words(subject.filename) + metadata_words(subject.user_metadata)
        value = structured.generate(schema, list(dict.fromkeys(words)), (subject.key, prompt, window),
                                    duration=subject.duration, timestamps=_newer(model))
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = generation.answer(subject, prompt, window)
    events = generation.requested_events(prompt) or context.config.stream_events
    pieces = list(generation.fragments(text, events, generation_id)) if events is not None else None
    produced = events if events is not None else generation.output_tokens(text)
    finish_reason = "stop"
    if produced > max_tokens:
        finish_reason = "length"
        if pieces is not None:
            pieces = pieces[:max_tokens]
        else:
            text = generation.first_tokens(text, max_tokens)
    if pieces is not None:
        text = "".join(pieces)
    span = (window[1] - window[0]) if window is not None else subject.duration
    usage = {"output_tokens": min(produced, max_tokens),
             # Made up but stable: the prompt's words and one token per second of video analysed.
             "input_tokens": generation.output_tokens(prompt) + math.ceil(span)}
    error = None
    if finish_reason == "length":
        error = {"message": "output truncated: the generation reached the configured max_tokens. The partial "
                            f"output is returned; raise max_tokens (up to {high}) if you need a longer response."}
    if not stream:
        body: dict[str, Any] = {"id": generation_id, "data": text, "finish_reason": finish_reason, "usage": usage}
        if error is not None:
            body["error"] = error
        return web.json_response(body)
    end: dict[str, Any] = {"event_type": "stream_end", "finish_reason": finish_reason,
                           "metadata": {"generation_id": generation_id, "usage": usage}}
    if error is not None:
        end["error"] = error
    fragments = pieces if pieces is not None else generation.fragments(text, None, generation_id)
    return await write_text_stream(request, generation_id, fragments, end)
