"""Indexes (#1-#5) and the videos in them (#13-#17); ``PUT`` on a video (#16) exists on surface 2025 only."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from .content import transcript
from .context import ctx, is_2026, no_content, read_json
from .embeddings import MODEL_NAME, video_segments
from .errors import ApiError
from .listing import PAGING, date_matches, page_response, query_params
from .params import FormParams
from .render import hls_json, index_json, video_json, video_summary_json
from .state import Index, Video

__all__ = ["routes", "routes_2025"]

MODELS_2025 = {"marengo2.7": ("visual", "audio"), "pegasus1.2": ("visual", "audio")}
# The 2026-07 spec offers marengo3.0 and pegasus1.2, each with `visual` and/or `audio`.
MODELS_2026 = {"marengo3.0": ("visual", "audio"), "pegasus1.2": ("visual", "audio")}
RETIRED_2026 = {"marengo2.7": "marengo3.0"}
SYSTEM_FIELDS = {"duration", "filename", "fps", "height", "model_names", "size", "video_title", "width"}
# embedding_option -> the index model option it needs.
EMBEDDING_OPTIONS_2025 = {"visual-text": "visual", "audio": "audio"}
# 2026-07: `visual`, `audio` (non-speech) and `transcription` (speech, from the audio option); `visual-text`
# is still listed, as the older name of the visual embedding.
EMBEDDING_OPTIONS_2026 = {"visual": "visual", "audio": "audio", "transcription": "audio", "visual-text": "visual"}

routes = web.RouteTableDef()
# Seed-era only: the 2026 specs have no PUT on a video.
routes_2025 = web.RouteTableDef()


def get_index(request: web.Request) -> Index:
    index_id = request.match_info["index_id"]
    index = ctx(request).state.indexes.get(index_id)
    if index is None:
        raise ApiError.not_found(index_id, "indexes")
    return index


def get_video(request: web.Request) -> tuple[Index, Video]:
    index = get_index(request)
    video_id = request.match_info["video_id"]
    video = index.videos.get(video_id)
    if video is None:
        raise ApiError.not_found(video_id, "videos")
    return index, video


def _parse_models(raw: Any, surface_2026: bool) -> list[tuple[str, list[str]]]:
    offered = MODELS_2026 if surface_2026 else MODELS_2025
    if raw is None:
        raise ApiError.not_provided("models")
    if not isinstance(raw, list) or not 1 <= len(raw) <= 2:
        raise ApiError.invalid("models", "Provide one or two models.")
    models: list[tuple[str, list[str]]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise ApiError.invalid("models")
        unknown = [k for k in item if k not in ("model_name", "model_options")]
        if unknown:
            raise ApiError.unknown([f"models.{k}" for k in unknown])
        name = item.get("model_name")
        options = item.get("model_options")
        if name is None:
            raise ApiError.not_provided("models.model_name")
        if options is None:
            raise ApiError.not_provided("models.model_options")
        if surface_2026 and name in RETIRED_2026:
            raise ApiError.invalid(
                "models.model_name", f"The `{name}` model is no longer available; use `{RETIRED_2026[name]}`.")
        if name not in offered or any(name == m for m, _ in models):
            raise ApiError.invalid("models.model_name", f"Use one of: {', '.join(offered)}.")
        if (not isinstance(options, list) or not 1 <= len(options) <= 2
                or len(set(options)) != len(options) or any(o not in offered[name] for o in options)):
            raise ApiError.invalid("models.model_options", "Use `visual`, `audio` or both.")
        models.append((name, list(options)))
    return models


@routes.post("/indexes")
async def create_index(request: web.Request) -> web.Response:
    params = await read_json(request, ("index_name", "models", "addons"))
    state = ctx(request).state
    name = params.req_str("index_name")
    models = _parse_models(params.body.get("models"), is_2026(request))
    addons = params.strings("addons", choices=("thumbnail",))
    if addons and not any(m.startswith("marengo") for m, _ in models):
        raise ApiError.invalid("addons", "The `thumbnail` addon requires a Marengo model.")
    if len(addons) > 1:
        raise ApiError.invalid("addons")
    with state.lock:
        if any(i.name == name for i in state.indexes.values()):
            raise ApiError(400, "index_name_already_exists",
                           f"Index name `{name}` already exists. Please use another unique name and try again.")
        index_id = state.create_index(name, models, addons)
    return web.json_response({"_id": index_id}, status=201)


@routes.get("/indexes")
async def list_indexes(request: web.Request) -> web.Response:
    params = query_params(request, (*PAGING, "index_name", "model_options", "model_family", "created_at",
                                    "updated_at"))
    name = params.str("index_name")
    options_raw = params.str("model_options")
    options = [o.strip() for o in options_raw.split(",")] if options_raw else []
    if any(o not in ("visual", "audio") for o in options):
        raise ApiError.invalid("model_options", "Use a comma-separated list of `visual` and `audio`.")
    family = params.str("model_family", choices=("marengo", "pegasus"))
    items = []
    for index in ctx(request).state.indexes.values():
        if name is not None and index.name != name:
            continue
        if options and not set(options) <= index.options():
            continue
        if family is not None and not index.has_family(family):
            continue
        if not date_matches(params, "created_at", index.created_at):
            continue
        if not date_matches(params, "updated_at", index.updated_at):
            continue
        items.append(index)
    return page_response(params, items, index_json, sortable={
        "created_at": lambda i: i.created_at, "updated_at": lambda i: i.updated_at})


@routes.get("/indexes/{index_id}")
async def retrieve_index(request: web.Request) -> web.Response:
    query_params(request, ())
    return web.json_response(index_json(get_index(request)))


@routes.put("/indexes/{index_id}")
async def update_index(request: web.Request) -> web.Response:
    index = get_index(request)
    params = await read_json(request, ("index_name", "models", "model_options", "engine_id", "index_options"))
    if "models" in params.body or "model_options" in params.body or "index_options" in params.body:
        raise ApiError(400, "index_option_cannot_be_changed",
                       "Index option cannot be changed. Please remove index_options parameter and try again. "
                       "If you want to change index option, please create new index.")
    if "engine_id" in params.body:
        raise ApiError(400, "index_engine_cannot_be_changed",
                       "Index engine cannot be changed. Please remove engine_id parameter and try again. "
                       "If you want to change engine, please create new index.")
    name = params.req_str("index_name")
    state = ctx(request).state
    with state.lock:
        if any(i.name == name and i.id != index.id for i in state.indexes.values()):
            raise ApiError(400, "index_name_already_exists",
                           f"Index name `{name}` already exists. Please use another unique name and try again.")
        index.name = name
        index.updated_at = state.clock.now()
    return no_content(request)


@routes.delete("/indexes/{index_id}")
async def delete_index(request: web.Request) -> web.Response:
    index = get_index(request)
    ctx(request).state.delete_index(index.id)
    return no_content(request)


# --- videos -------------------------------------------------------------------------------------------------

_VIDEO_FILTERS = ("filename", "duration", "fps", "width", "height", "size", "created_at", "updated_at")
_RANGE_FIELDS = ("duration", "fps", "width", "height", "size")
_RANGE_KEY = re.compile(r"^(duration|fps|width|height|size)\[([^\]]*)\]$")


def _metadata_matches(video: Video, key: str, raw: str) -> bool:
    if key not in video.user_metadata:
        return False
    have = video.user_metadata[key]
    if isinstance(have, bool):
        return raw.lower() == str(have).lower()
    if isinstance(have, (int, float)):
        try:
            return float(raw) == float(have)
        except ValueError:
            return False
    return str(have) == raw


_Range = tuple[float | None, float | None]


def _scalar_filters(params: FormParams) -> dict[str, _Range]:
    """Seed era: each system field filters on one exact value."""
    out: dict[str, _Range] = {}
    for name in _RANGE_FIELDS:
        value = params.float(name, None)
        if value is not None:
            out[name] = (value, value)
    return out


def _range_filters(params: FormParams) -> dict[str, _Range]:
    """2026: ``duration[gte]=10&duration[lte]=20`` (deepObject), as the spec documents the filters.

    The spec types each filter as an object only ("for exact match, set both to the same value"); a bare
    ``duration=10`` is still taken as an exact match, as the seed era had it, because nothing in the spec
    says it is refused and older clients send it.
    """
    lows: dict[str, float | None] = {}
    highs: dict[str, float | None] = {}
    for key in params.values:
        match = _RANGE_KEY.match(key)
        if key in _RANGE_FIELDS:
            value = params.float(key, None)
            if value is not None:
                lows[key] = highs[key] = value
        elif match is not None:
            name, bound = match.groups()
            if bound not in ("gte", "lte"):
                raise ApiError.invalid(key, "Use `gte` and/or `lte`.")
            value = params.float(key, None)
            (lows if bound == "gte" else highs)[name] = value
    return {name: (lows.get(name), highs.get(name)) for name in _RANGE_FIELDS if name in lows or name in highs}


def _in_range(value: float, bounds: _Range) -> bool:
    low, high = bounds
    return (low is None or value >= low - 1e-6) and (high is None or value <= high + 1e-6)


@routes.get("/indexes/{index_id}/videos")
async def list_videos(request: web.Request) -> web.Response:
    index = get_index(request)
    params = query_params(request, None)
    surface_2026 = is_2026(request)
    system = _range_filters(params) if surface_2026 else _scalar_filters(params)
    filename = params.str("filename")
    # Everything else is a user-metadata filter: bare keys as documented, or the Fern SDK's
    # ``user_metadata[key]`` spelling.
    metadata: dict[str, str] = {}
    for key, values in params.values.items():
        if key in PAGING or key in _VIDEO_FILTERS or (surface_2026 and _RANGE_KEY.match(key)):
            continue
        bare = key[len("user_metadata["):-1] if key.startswith("user_metadata[") and key.endswith("]") else key
        metadata[bare] = values[-1]
    items = []
    for video in index.videos.values():
        if filename is not None and video.filename != filename:
            continue
        if not all(_in_range(float(getattr(video, name)), bounds) for name, bounds in system.items()):
            continue
        if not date_matches(params, "created_at", video.created_at):
            continue
        if not (date_matches(params, "updated_at", video.updated_at) and
                (params.str("updated_at") is None or video.metadata_updated)):
            continue
        if not all(_metadata_matches(video, k, v) for k, v in metadata.items()):
            continue
        items.append(video)
    return page_response(params, items, lambda v: video_summary_json(v, with_asset=surface_2026), sortable={
        "created_at": lambda v: v.created_at, "updated_at": lambda v: v.updated_at})


@routes.get("/indexes/{index_id}/videos/{video_id}")
async def retrieve_video(request: web.Request) -> web.Response:
    index, video = get_video(request)
    params = query_params(request, ("embedding_option", "transcription"))
    surface_2026 = is_2026(request)
    needs = EMBEDDING_OPTIONS_2026 if surface_2026 else EMBEDDING_OPTIONS_2025
    options = params.strings("embedding_option", choices=tuple(needs))
    want_transcript = params.bool("transcription", False)
    state = ctx(request).state
    body = video_json(video, with_asset=surface_2026)
    task = next((t for t in state.tasks.values() if t.video is video), None)
    if video.hls:
        body["hls"] = hls_json(request, state, video, task)
    if options:
        check_embedding_options(index, options, needs)
        body["embedding"] = embedding_json(index, video, options, surface_2026=surface_2026)
    if want_transcript:
        body["transcription"] = transcription_json(video)
    return web.json_response(body)


def check_embedding_options(index: Index, options: list[str], needs: dict[str, str]) -> None:
    available = index.options("marengo")
    missing = [o for o in options if needs[o] not in available]
    if missing:
        raise ApiError.invalid("embedding_option",
                               f"The index does not have the model options for: {', '.join(missing)}.")


def embedding_json(index: Index, video: Video, options: list[str], *, surface_2026: bool) -> dict[str, Any]:
    """The ``embedding`` of a retrieved video (or indexed asset): a segment per 6 s clip and option."""
    marengo = next((name for name, _ in index.models if name.startswith("marengo")), MODEL_NAME)
    return {
        "model_name": marengo if surface_2026 else MODEL_NAME,
        "video_embedding": {"segments": video_segments(
            video.id, 0.0, video.duration, 6.0, ["clip"], list(dict.fromkeys(options)))},
    }


def transcription_json(video: Video) -> list[dict[str, Any]]:
    return [{"start": s, "end": e, "value": text} for s, e, text in transcript(video.filename, video.duration)]


def _check_metadata(raw: dict[str, Any], *, allow_null: bool) -> None:
    for key, value in raw.items():
        if key in SYSTEM_FIELDS:
            raise ApiError.invalid("user_metadata", f"`{key}` is a system field and cannot be set.")
        if value is None and allow_null:
            continue
        if not isinstance(value, (str, int, float, bool)):
            raise ApiError.invalid("user_metadata", "Values must be strings, numbers or booleans.")


async def _update_video(request: web.Request, *, patch: bool) -> web.Response:
    _index, video = get_video(request)
    params = await read_json(request, ("user_metadata",))
    metadata = params.object("user_metadata") or {}
    _check_metadata(metadata, allow_null=patch)
    state = ctx(request).state
    with state.lock:
        for key, value in metadata.items():
            if value is None:
                video.user_metadata.pop(key, None)
            else:
                video.user_metadata[key] = value
        video.updated_at = state.clock.now()
        video.metadata_updated = True
    return no_content(request)


@routes_2025.put("/indexes/{index_id}/videos/{video_id}")
async def update_video(request: web.Request) -> web.Response:
    return await _update_video(request, patch=False)


@routes.patch("/indexes/{index_id}/videos/{video_id}")
async def patch_video(request: web.Request) -> web.Response:
    return await _update_video(request, patch=True)


@routes.delete("/indexes/{index_id}/videos/{video_id}")
async def delete_video(request: web.Request) -> web.Response:
    index, video = get_video(request)
    ctx(request).state.delete_video(index.id, video.id)
    return no_content(request)


