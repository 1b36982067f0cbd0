"""The emulator's own endpoints under ``/_emulator`` (never clashes with ``/v1.3``; no API key needed).

=========================================  =================================================================
``GET  /_emulator/health``                 ``{"ok": true, "surface": "2026"}`` (or ``"2025"``)
``GET  /_emulator/counters``               ``{"routes": {route: n}, "outcomes": {route: {outcome: n}}}``
``POST /_emulator/reset``                  forget all resources and counters (``{"counters_only": true}``
                                           to reset only the counters)
``POST /_emulator/seed-videos``            ``{"index_id", "count", "prefix"?, "duration"?, "width"?,
                                           "height"?, "fps"?, "size"?, "clips_per_video"?,
                                           "user_metadata"?}`` -> ``{"video_ids": [...]}``
``POST /_emulator/seed-assets``            ``{"count", "prefix"?, "kind"?, "duration"?, "width"?, "height"?,
                                           "fps"?, "size"?, "user_metadata"?, "ready"?}``
                                           -> ``{"asset_ids": [...]}``
``GET  /_emulator/ingest-summary``         ``?index_id=`` (optional) -> ``{filename: {"assets", "ready_assets",
                                           "indexed", "ready_indexed"}}`` (see ``state.ingest_summary``)
``GET  /_emulator/storage``                ``{"url": storage server, "requests": n, "with_api_key": [{method,
                                           path, status, upload_id, chunk_index, headers}]}``
``PUT  /_emulator/faults``                 ``{"spec": "POST /tasks:5xx=0.1"}`` replaces the fault plan
``POST /_emulator/clock/advance``          ``{"seconds": 5}``; only when the emulator runs on a ManualClock
``GET  /_emulator/hls/{id}.m3u8``          a tiny HLS playlist (what ``hls.video_url`` and an asset's
                                           ``hls.manifest_url`` point at)
``GET  /_emulator/thumbnails/{id}.png``    a 1x1 PNG (what ``thumbnail_urls`` point at)
=========================================  =================================================================

On surface ``"2026"``, :mod:`.admin_knowledge` adds helpers for knowledge stores and data connectors
(``/_emulator/knowledge-stores``, ``/_emulator/connections``, ``/_emulator/oauth/complete``,
``/_emulator/drive-files``), and :mod:`.oauth` serves the fake OAuth consent page.

Webhooks, batches and analyze tasks have admin endpoints of their own (:mod:`.admin_async`).

Route names in the counters are ``"METHOD /path"`` with the aiohttp parameter spelling and without
``/v1.3``, e.g. ``"POST /tasks"``, ``"GET /tasks/{task_id}"``, ``"GET /indexes/{index_id}/videos"``.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from aiohttp import web

from .clock import ManualClock
from .context import ctx
from .faults import FaultPlan, FaultSpecError

__all__ = ["routes"]

_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

routes = web.RouteTableDef()


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise web.HTTPBadRequest(text="body must be JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    return body


@routes.get("/_emulator/health")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "surface": ctx(request).config.surface})


@routes.get("/_emulator/counters")
async def counters(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        return web.json_response({"routes": dict(state.route_counts),
                                  "outcomes": {r: dict(c) for r, c in state.outcomes.items()}})


@routes.post("/_emulator/reset")
async def reset(request: web.Request) -> web.Response:
    body = await _body(request)
    context = ctx(request)
    if body.get("counters_only"):
        context.state.reset_counters()
    else:
        context.state.reset()
        context.sessions.clear()
        context.limiter.reset()
        if context.storage is not None:
            context.storage.clear_requests()
    return web.json_response({"reset": True})


@routes.post("/_emulator/seed-videos")
async def seed_videos(request: web.Request) -> web.Response:
    body = await _body(request)
    state = ctx(request).state
    index_id = body.get("index_id")
    count = body.get("count")
    if not isinstance(index_id, str) or index_id not in state.indexes:
        raise web.HTTPNotFound(text="unknown index_id")
    if not isinstance(count, int) or not 0 <= count <= 1_000_000:
        raise web.HTTPBadRequest(text="count must be an integer 0..1000000")
    options = {k: body[k] for k in ("prefix", "duration", "width", "height", "fps", "size", "clips_per_video",
                                    "user_metadata") if k in body}
    try:
        ids = state.seed_videos(index_id, count, **options)
    except TypeError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from None
    return web.json_response({"video_ids": ids})


@routes.post("/_emulator/seed-assets")
async def seed_assets(request: web.Request) -> web.Response:
    body = await _body(request)
    count = body.get("count")
    if not isinstance(count, int) or not 0 <= count <= 1_000_000:
        raise web.HTTPBadRequest(text="count must be an integer 0..1000000")
    if body.get("kind", "video") not in ("video", "audio", "image"):
        raise web.HTTPBadRequest(text="kind must be video, audio or image")
    options = {k: body[k] for k in ("prefix", "kind", "duration", "width", "height", "fps", "size", "user_metadata",
                                    "ready") if k in body}
    try:
        ids = ctx(request).state.seed_assets(count, **options)
    except TypeError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from None
    return web.json_response({"asset_ids": ids})


@routes.get("/_emulator/ingest-summary")
async def ingest_summary(request: web.Request) -> web.Response:
    return web.json_response(ctx(request).state.ingest_summary(request.query.get("index_id")))


@routes.get("/_emulator/storage")
async def storage_requests(request: web.Request) -> web.Response:
    storage = ctx(request).storage
    if storage is None:
        raise web.HTTPNotFound(text="no storage server")
    seen = storage.requests
    leaked = [{"method": r.method, "path": r.path, "status": r.status, "upload_id": r.upload_id,
               "chunk_index": r.chunk_index, "headers": list(r.api_key_headers)} for r in seen if r.api_key_headers]
    return web.json_response({"url": storage.url, "requests": len(seen), "with_api_key": leaked})


@routes.put("/_emulator/faults")
async def set_faults(request: web.Request) -> web.Response:
    body = await _body(request)
    spec = body.get("spec") or ""
    if not isinstance(spec, str):
        raise web.HTTPBadRequest(text="spec must be a string")
    try:
        ctx(request).faults.rules = FaultPlan.parse(spec).rules
    except FaultSpecError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from None
    return web.json_response({"spec": spec})


@routes.post("/_emulator/clock/advance")
async def advance_clock(request: web.Request) -> web.Response:
    body = await _body(request)
    clock = ctx(request).state.clock
    seconds = body.get("seconds")
    if not isinstance(clock, ManualClock):
        raise web.HTTPConflict(text="the emulator runs on the system clock")
    if not isinstance(seconds, (int, float)) or seconds < 0:
        raise web.HTTPBadRequest(text="seconds must be a non-negative number")
    clock.advance(float(seconds))
    return web.json_response({"now": clock.now()})


@routes.get("/_emulator/hls/{video_id}.m3u8")
async def playlist(request: web.Request) -> web.Response:
    state = ctx(request).state
    video = state.videos.get(request.match_info["video_id"])
    asset = state.assets.get(request.match_info["video_id"])
    if video is not None:
        duration = video.duration
    elif asset is not None and asset.info is not None and asset.info.duration is not None:
        duration = asset.info.duration
    else:
        raise web.HTTPNotFound()
    text = ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-PLAYLIST-TYPE:VOD\n"
            f"#EXTINF:{duration:.3f},\nsegment0.ts\n#EXT-X-ENDLIST\n")
    return web.Response(text=text, content_type="application/vnd.apple.mpegurl")


@routes.get("/_emulator/thumbnails/{video_id}.png")
async def thumbnail(request: web.Request) -> web.Response:
    return web.Response(body=_PNG, content_type="image/png")
