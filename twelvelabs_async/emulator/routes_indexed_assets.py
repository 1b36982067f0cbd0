"""Indexed assets (surface 2026): index a ready asset, and follow, list, update and delete what that made.

- ``POST /indexes/{index_id}/indexed-assets`` ``{asset_id, enable_video_stream?, user_metadata?}`` ->
  **202** ``{_id, asset_id}``. The asset must be ``ready`` (else 400) and a video meeting the index's model
  requirements (the codes of ``POST /tasks``, checked at once as there); the index needs Marengo, as for
  ``POST /tasks``. Indexing the same asset twice makes two indexed assets, as nothing in the spec forbids it
  (``GET /assets/{asset_id}/indexed-assets`` is how a client checks first). Rate-limited in one quota with
  ``POST /tasks`` (see :mod:`.ratelimit`).
- ``GET /indexes/{index_id}/indexed-assets``: every status, newest first by default (``sort_by``
  ``created_at``/``updated_at``, ``sort_option``), ``status`` repeated, ``filename`` (exact),
  ``duration``/``fps``/``width``/``height``/``size`` ranges as ``field[gte]``/``field[lte]`` (a bare value is an
  exact match), ``created_at``/``updated_at`` dates, and user-metadata filters as bare keys
  (``?category=news``, the spec's form) or ``user_metadata[category]=news`` (what the official SDK 1.3.6
  sends).
- ``GET .../indexed-assets/{indexed_asset_id}``: ``indexedAssetDetailed`` with ``user_metadata``, ``hls``
  (with ``enable_video_stream``), and once ready ``embedding`` (``embedding_option`` repeated) and
  ``transcription`` (``transcription=true``); before that they are left out rather than refused, so a poller
  may ask for them from the start.
- ``PATCH`` (``user_metadata`` merged, ``null`` deletes a key) and ``DELETE``: **200**, no body.
- ``GET /assets/{asset_id}/indexed-assets``: the indexed assets built on an asset, each with its index
  (``{_id, index: {_id, name}}``), newest first.

A ready indexed asset is a video of its index (same id): ``GET /indexes/{id}/videos`` lists it with its
``asset_id`` (the spec's ``videoVector`` has that field), search finds it and names it as ``video_id`` (the
spec's ``SearchItem.video_id`` is "the unique identifier of the video"; the spec's links for the
indexed-asset routes point at the video pages, so the two ids are one), and deleting either deletes both.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .asset_state import IndexedAsset
from .assets import check_user_metadata, require_ready_asset
from .clock import rfc3339
from .context import ctx, no_content, read_json
from .errors import ApiError
from .listing import PAGING, date_matches, page_response, query_params
from .render import base_url
from .routes_indexes import (
    _RANGE_KEY,
    _VIDEO_FILTERS,
    EMBEDDING_OPTIONS_2026,
    _check_metadata,
    _in_range,
    _metadata_matches,
    _range_filters,
    check_embedding_options,
    embedding_json,
    get_index,
    transcription_json,
)
from .state import EmulatorState
from .videos import VideoMeta, check_requirements

__all__ = ["routes"]

STATUSES = ("ready", "pending", "queued", "indexing", "failed")

routes = web.RouteTableDef()


@routes.post("/indexes/{index_id}/indexed-assets")
async def create_indexed_asset(request: web.Request) -> web.Response:
    index = get_index(request)
    context = ctx(request)
    state = context.state
    params = await read_json(request, ("asset_id", "enable_video_stream", "user_metadata"))
    asset_id = params.req_str("asset_id")
    stream = params.bool("enable_video_stream", False)
    raw_metadata = params.object("user_metadata")
    metadata = check_user_metadata(raw_metadata) if raw_metadata is not None else None
    if not index.has_family("marengo"):
        # As POST /tasks: 1.3.6 says content can no longer be added to a Pegasus-only index; no code is named.
        raise ApiError.invalid("index_id", "Content can no longer be added to an index that has only Pegasus 1.2 "
                                           "enabled. Use an index with Marengo enabled.")
    with state.lock:
        asset = require_ready_asset(state, asset_id)
        info = asset.info
        assert info is not None
        if asset.kind != "video":
            raise ApiError.invalid("asset_id", f"The asset `{asset_id}` is an {asset.kind} asset; only video assets "
                                               "can be indexed.")
        meta = VideoMeta(asset.filename, info.duration or 0.0, info.width or 0, info.height or 0, info.fps or 30.0,
                         info.size)
        check_requirements(meta, max_bytes=context.config.max_multipart_bytes, pegasus=index.has_family("pegasus"))
        indexed = state.create_indexed_asset(index.id, asset, enable_video_stream=stream, user_metadata=metadata)
    return web.json_response({"_id": indexed.id, "asset_id": asset.id}, status=202)


def _summary_json(state: EmulatorState, indexed: IndexedAsset) -> dict[str, Any]:
    status, since = state.indexed_status(indexed)
    video = indexed.video
    out: dict[str, Any] = {
        "_id": indexed.id,
        "asset_id": indexed.asset_id,
        "created_at": rfc3339(indexed.created_at),
        "updated_at": rfc3339(state.indexed_updated_at(indexed)),
    }
    if status == "ready":
        out["indexed_at"] = rfc3339(since)
    out["status"] = status
    out["system_metadata"] = {"filename": video.filename, "duration": video.duration, "fps": video.fps,
                              "width": video.width, "height": video.height, "size": video.size}
    return out


@routes.get("/indexes/{index_id}/indexed-assets")
async def list_indexed_assets(request: web.Request) -> web.Response:
    index = get_index(request)
    params = query_params(request, None)
    state = ctx(request).state
    statuses = set(params.strings("status", choices=STATUSES))
    system = _range_filters(params)
    filename = params.str("filename")
    metadata: dict[str, str] = {}
    for key, values in params.values.items():
        if key in PAGING or key in _VIDEO_FILTERS or key == "status" or _RANGE_KEY.match(key):
            continue
        bare = key[len("user_metadata["):-1] if key.startswith("user_metadata[") and key.endswith("]") else key
        metadata[bare] = values[-1]
    with state.lock:
        candidates = [i for i in reversed(list(state.indexed_assets.values())) if i.index_id == index.id]
    items = []
    for indexed in candidates:
        video = indexed.video
        if statuses and state.indexed_status(indexed)[0] not in statuses:
            continue
        if filename is not None and video.filename != filename:
            continue
        if not all(_in_range(float(getattr(video, name)), bounds) for name, bounds in system.items()):
            continue
        if not date_matches(params, "created_at", indexed.created_at):
            continue
        # As for videos: the updated_at filter applies to items whose metadata was updated.
        if not (date_matches(params, "updated_at", video.updated_at) and
                (params.str("updated_at") is None or video.metadata_updated)):
            continue
        if not all(_metadata_matches(video, k, v) for k, v in metadata.items()):
            continue
        items.append(indexed)
    return page_response(params, items, lambda i: _summary_json(state, i), sortable={
        "created_at": lambda i: i.created_at, "updated_at": lambda i: state.indexed_updated_at(i)})


def get_indexed_asset(request: web.Request) -> IndexedAsset:
    index = get_index(request)
    indexed_id = request.match_info["indexed_asset_id"]
    indexed = ctx(request).state.indexed_assets.get(indexed_id)
    if indexed is None or indexed.index_id != index.id:
        raise ApiError.not_found(indexed_id, "indexed_assets")
    return indexed


def _hls_json(request: web.Request, state: EmulatorState, indexed: IndexedAsset) -> dict[str, Any]:
    hls, at = state.indexed_hls_status(indexed)
    origin = base_url(request)
    return {"video_url": f"{origin}/_emulator/hls/{indexed.id}.m3u8",
            "thumbnail_urls": [f"{origin}/_emulator/thumbnails/{indexed.id}.png"], "status": hls,
            "updated_at": rfc3339(at)}


@routes.get("/indexes/{index_id}/indexed-assets/{indexed_asset_id}")
async def retrieve_indexed_asset(request: web.Request) -> web.Response:
    indexed = get_indexed_asset(request)
    params = query_params(request, ("embedding_option", "transcription"))
    options = params.strings("embedding_option", choices=tuple(EMBEDDING_OPTIONS_2026))
    want_transcript = params.bool("transcription", False)
    state = ctx(request).state
    index = state.indexes[indexed.index_id]
    if options:
        check_embedding_options(index, options, EMBEDDING_OPTIONS_2026)
    body = _summary_json(state, indexed)
    if indexed.user_metadata:
        body["user_metadata"] = dict(indexed.user_metadata)
    if indexed.enable_video_stream:
        body["hls"] = _hls_json(request, state, indexed)
    if body["status"] == "ready":
        if options:
            body["embedding"] = embedding_json(index, indexed.video, options, surface_2026=True)
        if want_transcript:
            body["transcription"] = transcription_json(indexed.video)
    return web.json_response(body)


@routes.patch("/indexes/{index_id}/indexed-assets/{indexed_asset_id}")
async def update_indexed_asset(request: web.Request) -> web.Response:
    indexed = get_indexed_asset(request)
    params = await read_json(request, ("user_metadata",))
    metadata = params.object("user_metadata") or {}
    _check_metadata(metadata, allow_null=True)
    state = ctx(request).state
    with state.lock:
        video = indexed.video
        for key, value in metadata.items():
            if value is None:
                video.user_metadata.pop(key, None)
            else:
                video.user_metadata[key] = value
        video.updated_at = state.clock.now()
        video.metadata_updated = True
    return no_content(request)


@routes.delete("/indexes/{index_id}/indexed-assets/{indexed_asset_id}")
async def delete_indexed_asset(request: web.Request) -> web.Response:
    indexed = get_indexed_asset(request)
    ctx(request).state.delete_indexed_asset(indexed.id)
    return no_content(request)


@routes.get("/assets/{asset_id}/indexed-assets")
async def list_by_asset(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit"))
    state = ctx(request).state
    asset_id = request.match_info["asset_id"]
    if asset_id not in state.assets:
        raise ApiError.not_found(asset_id, "assets")
    items = list(reversed(state.indexed_assets_of(asset_id)))
    items.sort(key=lambda i: i.created_at, reverse=True)

    def render(indexed: IndexedAsset) -> dict[str, Any]:
        index = state.indexes.get(indexed.index_id)
        return {"_id": indexed.id, "index": {"_id": indexed.index_id, "name": index.name if index else ""}}

    return page_response(params, items, render)
