"""Analyze tasks (surface 2026): ``/analyze/tasks`` as the 2026-07 spec describes it, plus the official SDK
1.3.6's ``POST /analyze/tasks/{task_id}/cancel``.

- ``POST /analyze/tasks`` -> **202** ``{task_id, status}`` (the request checks of :mod:`.analysis`; a ``video``,
  or 1.3.6's ``image`` list).
  ``Idempotency-Key`` (named in the spec's ``custom_id`` description, "to prevent duplicate task creation";
  its rules are not documented): the same key with the same body (compared as parsed JSON) within 24 h answers
  202 with the task the first request made (its current status) and makes no new one; the same key with
  another body is refused with **422** ``idempotency_key_reused`` — the status the IETF Idempotency-Key draft
  gives to a key reused with a different payload. Keys belong to an API key, are at most 255 characters and
  are remembered only once a task was made (a refused request leaves the key free).
- ``GET /analyze/tasks``: page-number list, newest first, filters ``status`` (repeatable), ``video_url``,
  ``asset_id``, ``video_id`` (deprecated; no task has one, so it matches none) and ``analysis_mode``; batch
  items are tasks too and are listed. Its 400 is flat ``{code, message}``, as the spec declares.
- ``GET /analyze/tasks/{task_id}``: ``AnalyzeTaskResponse`` (the lifecycle of :mod:`.analysis_state`).
- ``DELETE /analyze/tasks/{task_id}`` -> 200; **409** ``task_processing`` while it is ``processing`` ("You can
  only delete tasks that are not currently being processed"). A batch item's task is refused with 409
  ``task_in_batch``: the batch owns it (``DELETE /analyze/batches/{id}`` deletes "the batch and all the tasks
  associated with it").
- ``POST /analyze/tasks/{task_id}/cancel`` (1.3.6) -> 200 ``{task_id, status: "canceled"}``, also when it was
  already canceled; **409** ``task_not_cancelable`` once ready or failed, and ``task_in_batch`` for a batch
  item (1.3.6: "To cancel a task created as part of a batch, use" the batch's cancel).

Errors other than the list's use the envelope ``{"error": {code, message, details}}``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from aiohttp import web

from .analysis import (
    DEFAULT_TASK_MODEL,
    MODES,
    TASK_FIELDS,
    TASK_MODELS,
    build_spec,
    check_custom_id,
    image_subject,
    task_json,
    task_subject,
)
from .analysis_state import TASK_STATUSES, AnalyzeTask
from .context import ctx, read_json
from .envelope import enveloped
from .errors import ApiError
from .listing import page_response, query_params
from .routes_analyze import MAX_BODY_BYTES

__all__ = ["IDEMPOTENCY_HEADER", "owner_of", "routes"]

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY = 255

routes = web.RouteTableDef()


def owner_of(request: web.Request) -> str:
    """The account a request acts for: its API key, hashed (the emulator never keeps keys in clear)."""
    return hashlib.sha256(request.headers.get("x-api-key", "").encode()).hexdigest()


def _task(request: web.Request) -> AnalyzeTask:
    task_id = request.match_info["task_id"]
    task = ctx(request).state.analyze_tasks.get(task_id)
    if task is None:
        raise ApiError.not_found(task_id, "analyze_tasks")
    return task


@routes.post("/analyze/tasks")
@enveloped
async def create_task(request: web.Request) -> web.Response:
    context = ctx(request)
    state = context.state
    params = await read_json(request, TASK_FIELDS, limit=MAX_BODY_BYTES, too_large=ApiError.invalid(
        "video.base64_string", "The maximum size is 30MB."))
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if len(key) > MAX_IDEMPOTENCY_KEY:
        raise ApiError.invalid(IDEMPOTENCY_HEADER, f"Use at most {MAX_IDEMPOTENCY_KEY} characters.")
    owner = owner_of(request)
    digest = hashlib.sha256(json.dumps(params.body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    with state.lock:
        if key:
            record, same = state.idempotent_task(owner, key, digest)
            if record is not None:
                if not same:
                    raise ApiError(422, "idempotency_key_reused",
                                   f"The `{IDEMPOTENCY_HEADER}` `{key}` was used with a different request body. Use a "
                                   "new key for a different request.", details={"task_id": record.task_id})
                state.idempotent_replays += 1
                replayed = state.analyze_tasks.get(record.task_id)
                status = state.analyze_task_status(replayed)[0] if replayed is not None else "queued"
                return web.json_response({"task_id": record.task_id, "status": status}, status=202)
        model = params.str("model_name", choices=TASK_MODELS) or DEFAULT_TASK_MODEL
        mode = params.str("analysis_mode", choices=MODES) or "general"
        custom_id = check_custom_id(params.body.get("custom_id"), "custom_id")
        video, image = params.body.get("video"), params.body.get("image")
        images = None
        if video is not None and image is not None:
            raise ApiError.invalid(["video", "image"], "They are mutually exclusive; provide one of them.")
        if image is not None:  # 1.3.6: images instead of a video
            subject, images = image_subject(context, image)
            source: dict[str, Any] = {}
        else:
            subject, source = task_subject(context, video)
        spec = build_spec(context, params.body, model=model, mode=mode, custom_id=custom_id, subject=subject,
                          video_source=source, images=images)
        task = state.add_analyze_task(spec)
        if key:
            state.remember_idempotency_key(owner, key, digest, task.id)
        status = state.analyze_task_status(task)[0]
    return web.json_response({"task_id": task.id, "status": status}, status=202)


@routes.get("/analyze/tasks")
async def list_tasks(request: web.Request) -> web.Response:
    # Not enveloped: the spec declares this route's 400 as the flat {code, message}.
    params = query_params(request, ("page", "page_limit", "status", "video_url", "asset_id", "video_id",
                                    "analysis_mode"))
    state = ctx(request).state
    statuses = set(params.strings("status", choices=TASK_STATUSES))
    video_url = params.str("video_url")
    asset_id = params.str("asset_id")
    video_id = params.str("video_id")
    mode = params.str("analysis_mode", choices=MODES)
    with state.lock:
        tasks = list(state.analyze_tasks.values())
        chosen = []
        for task in reversed(tasks):  # newest first: the dict keeps creation order
            source = task.spec.video_source
            if video_id is not None:
                continue  # no task is made from an indexed video
            if statuses and state.analyze_task_status(task)[0] not in statuses:
                continue
            if video_url is not None and source.get("url") != video_url:
                continue
            if asset_id is not None and source.get("asset_id") != asset_id:
                continue
            if mode is not None and task.spec.analysis_mode != mode:
                continue
            chosen.append(task)
        return page_response(params, chosen, lambda t: task_json(state, t, listing=True))


@routes.get("/analyze/tasks/{task_id}")
@enveloped
async def retrieve_task(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        return web.json_response(task_json(state, _task(request)))


@routes.delete("/analyze/tasks/{task_id}")
@enveloped
async def delete_task(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        task = _task(request)
        if task.batch_id is not None:
            raise ApiError(409, "task_in_batch", f"The task `{task.id}` belongs to the batch `{task.batch_id}`; "
                           "delete the batch instead.", details={"batch_id": task.batch_id})
        status, _ = state.analyze_task_status(task)
        if status == "processing":
            raise ApiError(409, "task_processing", "Cannot delete the task while it is being processed.",
                           details={"status": status})
        state.delete_analyze_task(task.id)
    return web.Response(status=200)


@routes.post("/analyze/tasks/{task_id}/cancel")
@enveloped
async def cancel_task(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        task = _task(request)
        if task.batch_id is not None:
            raise ApiError(409, "task_in_batch", f"The task `{task.id}` belongs to the batch `{task.batch_id}`; "
                           "cancel the batch instead.", details={"batch_id": task.batch_id})
        status, _ = state.analyze_task_status(task)
        if status in ("ready", "failed"):
            raise ApiError(409, "task_not_cancelable", f"The task is `{status}` and can no longer be canceled.",
                           details={"status": status})
        if status != "canceled":
            state.cancel_analyze_task(task)
    return web.json_response({"task_id": task.id, "status": "canceled"})
