"""Analysis batches (surface 2026): ``/analyze/batches`` as the 2026-07 spec describes it.

- ``POST /analyze/batches`` ``{model_name: "pegasus1.5", analysis_mode, defaults?, requests: [1..1000]}`` ->
  **201** ``{batch_id, status, total_items, created_at, expires_at (created_at + 24 h), items: [{task_id,
  custom_id}]}``. Each request names an asset (``video: {type: "asset_id", asset_id}``; any other type is
  400) and may override any field of ``defaults`` (whole objects: an item's ``prompt`` or ``response_format``
  replaces the default's). Checked in this order, the batch made only when everything passes: the body and
  every item merged with the defaults (400: malformed, a duplicate ``custom_id``, a malformed asset id, a
  combined duration above 2,000 hours, the analysis checks of :mod:`.analysis`), the assets (**404** unknown,
  **409** not ``ready`` yet, as the spec says), then the account's active batches: a sixth batch while five are
  ``pending``/``processing``/``canceling`` is refused with **429** ``too_many_active_batches`` — the spec's
  429 ("You already have 5 active batches, or you exceeded the request rate limit"), with the error envelope
  it declares (the rate limit's own 429 keeps an empty body, as everywhere in the emulator).
- ``GET /analyze/batches``: newest first, ``status`` and ``analysis_mode`` repeatable filters.
- ``GET /analyze/batches/{batch_id}``: ``AnalyzeBatchStatusResponse`` with the item counts.
- ``POST /analyze/batches/{batch_id}/cancel`` -> **202** with the batch as it is after the request
  (``canceling``, or ``canceled`` when nothing was processing); again while canceling: 202 again; **409**
  ``batch_completed`` / ``batch_canceled`` / ``batch_expired`` once final (the spec's codes).
- ``DELETE /analyze/batches/{batch_id}`` -> 200, the batch and its tasks gone; **409** ``batch_not_terminal``
  while pending, processing or canceling.
- ``GET /analyze/batches/{batch_id}/results``: **JSON Lines** (``application/jsonl``, the description's type;
  the spec's schema entry says ``application/json``), one ``BatchResultItem`` per item in submission order, each
  as it stands when its line is written, streamed in chunks; callable while the batch runs. The
  ``stream_cut(N)`` fault closes the stream after N lines and ``drop_after`` just before the last one.

All errors use the envelope ``{"error": {code, message, details}}``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from .analysis import BATCH_FIELDS, MODES, build_spec, check_custom_id, item_result_json, subject_of_asset
from .analysis_state import ACTIVE_BATCH, Batch, batch_summary
from .context import CUT_KEY, ctx, fault_of, ratelimit_headers, read_json
from .envelope import enveloped
from .errors import ApiError
from .listing import page_response, query_params
from .routes_analyze_tasks import owner_of
from .state import EmulatorState

__all__ = ["MAX_ACTIVE_BATCHES", "MAX_REQUESTS", "routes"]

MAX_REQUESTS = 1000
MAX_ACTIVE_BATCHES = 5
MAX_CONTENT_SECONDS = 2000 * 3600.0
BATCH_MODELS = ("pegasus1.5",)
BATCH_STATUSES = ("pending", "processing", "canceling", "canceled", "completed", "expired")
ASSET_ID = re.compile(r"[0-9a-f]{24}")
MAX_BATCH_BODY = 64 * 1024 * 1024
LINES_PER_WRITE = 100

routes = web.RouteTableDef()


def _batch(request: web.Request) -> Batch:
    batch_id = request.match_info["batch_id"]
    batch = ctx(request).state.batches.get(batch_id)
    if batch is None:
        raise ApiError.not_found(batch_id, "analyze_batches")
    return batch


def batch_json(state: EmulatorState, batch: Batch) -> dict[str, Any]:
    out = batch_summary(batch, state.batch_view(batch))
    if batch.event is not None:
        out["webhooks"] = batch.event.webhooks_json()
    return out


@routes.post("/analyze/batches")
@enveloped
async def create_batch(request: web.Request) -> web.Response:
    context = ctx(request)
    state = context.state
    params = await read_json(request, ("model_name", "analysis_mode", "defaults", "requests"), limit=MAX_BATCH_BODY)
    model = params.str("model_name", required=True, choices=BATCH_MODELS)
    mode = params.str("analysis_mode", required=True, choices=MODES)
    assert model is not None and mode is not None
    defaults = params.object("defaults") or {}
    unknown = [f"defaults.{key}" for key in defaults if key not in BATCH_FIELDS]
    if unknown:
        raise ApiError.unknown(unknown)
    requests = params.body.get("requests")
    if requests is None:
        raise ApiError.not_provided("requests")
    if not isinstance(requests, list) or not 1 <= len(requests) <= MAX_REQUESTS:
        raise ApiError.invalid("requests", f"Provide 1 to {MAX_REQUESTS} requests.")
    # First the shape of every item, so a malformed request is a 400 whatever its assets are.
    items: list[tuple[dict[str, Any], str, str | None]] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(requests):
        where = f"requests[{i}]"
        if not isinstance(raw, dict):
            raise ApiError.invalid(where, "It must be an object.")
        unknown = [f"{where}.{key}" for key in raw if key not in ("video", "custom_id", *BATCH_FIELDS)]
        if unknown:
            raise ApiError.unknown(unknown)
        video = raw.get("video")
        if video is None:
            raise ApiError.not_provided(f"{where}.video")
        if not isinstance(video, dict) or video.get("type") != "asset_id":
            raise ApiError.invalid(f"{where}.video.type", "Batch items take assets only: use `asset_id`.")
        asset_id = video.get("asset_id")
        extra = [f"{where}.video.{key}" for key in video if key not in ("type", "asset_id")]
        if extra:
            raise ApiError.unknown(extra)
        if not isinstance(asset_id, str) or not ASSET_ID.fullmatch(asset_id):
            raise ApiError.invalid(f"{where}.video.asset_id", "It is not a valid asset id.")
        custom_id = check_custom_id(raw.get("custom_id"), f"{where}.custom_id")
        if custom_id is not None:
            if custom_id in seen:
                raise ApiError.invalid(f"{where}.custom_id", f"The value `{custom_id}` is also used by "
                                       f"requests[{seen[custom_id]}]; it must be unique within a batch.")
            seen[custom_id] = i
        items.append(({**defaults, **{k: v for k, v in raw.items() if k in BATCH_FIELDS}}, asset_id, custom_id))
    with state.lock:
        specs = []
        total = 0.0
        for i, (merged, asset_id, custom_id) in enumerate(items):
            where = f"requests[{i}]."
            asset = state.assets.get(asset_id)
            if asset is None:
                raise ApiError(404, "resource_not_exist", f"The asset `{asset_id}` of requests[{i}] does not exist.",
                               details={"index": i, "asset_id": asset_id})
            status, _ = state.asset_status(asset)
            if status != "ready":
                raise ApiError(409, "asset_not_ready", f"The asset `{asset_id}` of requests[{i}] is `{status}`; "
                               "wait until it is `ready`, then submit the batch again.",
                               details={"index": i, "asset_id": asset_id, "status": status})
            subject = subject_of_asset(context, asset_id, f"{where}video.asset_id")
            total += subject.duration
            specs.append(build_spec(context, merged, model=model, mode=mode, custom_id=custom_id, subject=subject,
                                    video_source={"type": "asset_id", "asset_id": asset_id}, prefix=where,
                                    batch_item=True))
        if total > MAX_CONTENT_SECONDS:
            raise ApiError.invalid("requests", "The combined video duration exceeds 2,000 hours.")
        owner = owner_of(request)
        active = state.active_batches(owner)
        if len(active) >= MAX_ACTIVE_BATCHES:
            raise ApiError(429, "too_many_active_batches",
                           f"You already have {MAX_ACTIVE_BATCHES} active batches. Wait until one of them is "
                           "completed, canceled or expired.", details={"active_batches": [b.id for b in active]})
        batch = state.add_batch(owner, model, mode, specs)
        tasks = state.batch_tasks(batch)
        summary = batch_summary(batch, state.batch_view(batch))
    return web.json_response({
        "batch_id": batch.id, "status": summary["status"], "total_items": len(tasks),
        "created_at": summary["created_at"], "expires_at": summary["expires_at"],
        "items": [{"task_id": t.id, "custom_id": t.custom_id} for t in tasks],
    }, status=201)


@routes.get("/analyze/batches")
@enveloped
async def list_batches(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit", "status", "analysis_mode"))
    statuses = set(params.strings("status", choices=BATCH_STATUSES))
    modes = set(params.strings("analysis_mode", choices=MODES))
    state = ctx(request).state
    with state.lock:
        chosen = [b for b in reversed(list(state.batches.values()))
                  if (not statuses or state.batch_view(b).status in statuses)
                  and (not modes or b.analysis_mode in modes)]
        return page_response(params, chosen, lambda b: batch_json(state, b))


@routes.get("/analyze/batches/{batch_id}")
@enveloped
async def retrieve_batch(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        return web.json_response(batch_json(state, _batch(request)))


@routes.post("/analyze/batches/{batch_id}/cancel")
@enveloped
async def cancel_batch(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        batch = _batch(request)
        view = state.batch_view(batch)
        if view.status in ("completed", "canceled", "expired"):
            raise ApiError(409, f"batch_{view.status}", f"The batch is `{view.status}` and cannot be canceled.",
                           details={"status": view.status})
        if view.status != "canceling":
            state.cancel_batch(batch)
        return web.json_response(batch_json(state, batch), status=202)


@routes.delete("/analyze/batches/{batch_id}")
@enveloped
async def delete_batch(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        batch = _batch(request)
        status = state.batch_view(batch).status
        if status in ACTIVE_BATCH:
            raise ApiError(409, "batch_not_terminal", f"The batch is `{status}`; cancel it and wait until it is "
                           "`canceled`, `completed` or `expired` before deleting it.", details={"status": status})
        state.delete_batch(batch.id)
    return web.Response(status=200)


@routes.get("/analyze/batches/{batch_id}/results")
@enveloped
async def batch_results(request: web.Request) -> web.StreamResponse:
    state = ctx(request).state
    with state.lock:
        batch = _batch(request)
        task_ids = list(batch.task_ids)
    fault = fault_of(request)
    response = web.StreamResponse(status=200, headers={"Content-Type": "application/jsonl",
                                                       **ratelimit_headers(request)})
    response.enable_chunked_encoding()
    await response.prepare(request)
    written = 0
    try:
        for start in range(0, len(task_ids), LINES_PER_WRITE):
            lines = []
            with state.lock:  # each chunk shows its items as they are now: the batch may be running
                for task_id in task_ids[start:start + LINES_PER_WRITE]:
                    task = state.analyze_tasks.get(task_id)
                    if task is not None:
                        lines.append(json.dumps(item_result_json(state, task), separators=(",", ":"),
                                                ensure_ascii=False))
            chunk = bytearray()
            for n, line in enumerate(lines):
                last = start + n == len(task_ids) - 1
                if (fault.stream_cut is not None and written >= fault.stream_cut) or (fault.drop_after and last):
                    if chunk:
                        await response.write(bytes(chunk))
                    _cut(request)
                    return response
                chunk += line.encode() + b"\n"
                written += 1
            if chunk:
                await response.write(bytes(chunk))
        await response.write_eof()
    except ConnectionResetError:
        pass  # the client stopped reading: the stream is over, not an error
    return response


def _cut(request: web.Request) -> None:
    request[CUT_KEY] = True
    if request.transport is not None:
        request.transport.abort()
