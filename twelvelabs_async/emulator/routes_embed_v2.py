"""Embeddings v2 (surface 2026): ``/embed-v2`` and ``/embed-v2/tasks`` as the 2026-07 spec describes them, with
the official SDK 1.3.6's additions (``marengo3.5``, ``embedding_dimension``, ``embedding_uncertainty``,
``auto_truncate``, ``usage``). The checks and vectors are those of :mod:`.embed_v2`, the task lifecycle that
of :mod:`.embed_v2_state`.

- ``POST /embed-v2`` -> 200 ``{data: [EmbeddingData], metadata?, usage? (3.5)}``.
- ``POST /embed-v2/tasks`` (``input_type`` ``audio`` | ``video``; 1.3.6's ``document`` and ``image`` are not
  emulated and refused) -> **202** ``{_id, status: "processing", data: null}`` (+ ``metadata.embedding_dimension``
  with Marengo 3.5, as 1.3.6 describes).
- ``GET /embed-v2/tasks``: newest first; ``started_at`` / ``ended_at`` keep tasks created after / before those
  times (RFC 3339); without them, the tasks of the last seven days (which are all the emulator keeps);
  ``status``; page-number paging. Its 400 is flat ``{code, message}``, as the spec declares.
- ``GET /embed-v2/tasks/{task_id}``: ``{_id, status, created_at, updated_at, data (null until ready),
  metadata, error? {message}}``.

Errors other than the list's use the envelope ``{"error": {code, message, details}}``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .clock import parse_rfc3339, rfc3339
from .context import ctx, read_json
from .embed_v2 import MODELS, check_dimension, media_embeddings, media_metadata, media_request, request_embeddings
from .embed_v2_state import EmbedV2Task
from .envelope import enveloped
from .errors import ApiError
from .listing import page_response, query_params
from .state import EmulatorState

__all__ = ["routes"]

SYNC_TYPES = ("text", "image", "text_image", "audio", "video", "multi_input")
TASK_TYPES = ("audio", "video")
TASK_STATUSES = ("processing", "ready", "failed")
MAX_BODY = 64 * 1000**2  # 36 MB of media as base64, and the rest
FAILED_MESSAGE = ("We could not process your media for embedding. Please verify the input file and try again.")

routes = web.RouteTableDef()


def _flags(params_body: dict[str, Any], model: str) -> tuple[bool, bool]:
    uncertainty = params_body.get("embedding_uncertainty")
    truncate = params_body.get("auto_truncate")
    for name, value in (("embedding_uncertainty", uncertainty), ("auto_truncate", truncate)):
        if value is None:
            continue
        if not isinstance(value, bool):
            raise ApiError.invalid(name, "It must be a boolean.")
        if value and model != "marengo3.5":
            raise ApiError.invalid(name, "It requires `model_name` set to `marengo3.5`.")
    return bool(uncertainty), bool(truncate)


@routes.post("/embed-v2")
@enveloped
async def create_embeddings(request: web.Request) -> web.Response:
    context = ctx(request)
    params = await read_json(request, ("input_type", "model_name", "auto_truncate", "embedding_uncertainty",
                                       "embedding_dimension", *SYNC_TYPES), limit=MAX_BODY)
    params.req_str("input_type", choices=SYNC_TYPES)
    model = params.req_str("model_name", choices=MODELS)
    dimension = check_dimension(model, params.body.get("embedding_dimension"))
    uncertainty, truncate = _flags(dict(params.body), model)
    with context.state.lock:
        answer = request_embeddings(context, params.body, model, dimension, uncertainty, truncate)
    return web.json_response(answer)


@routes.post("/embed-v2/tasks")
@enveloped
async def create_task(request: web.Request) -> web.Response:
    context = ctx(request)
    params = await read_json(request, ("input_type", "model_name", "embedding_uncertainty", "embedding_dimension",
                                       "audio", "video", "document", "image"), limit=MAX_BODY)
    input_type = params.req_str("input_type", choices=TASK_TYPES)
    model = params.req_str("model_name", choices=MODELS)
    dimension = check_dimension(model, params.body.get("embedding_dimension"))
    uncertainty, _ = _flags(dict(params.body), model)
    raw = params.body.get(input_type)
    if raw is None:
        raise ApiError.not_provided(input_type)
    others = [k for k in ("audio", "video", "document", "image") if k != input_type and params.body.get(k) is not None]
    if others:
        raise ApiError.invalid(others[0], f"It does not go with `input_type` `{input_type}`.")
    state = context.state
    with state.lock:
        media = media_request(context, raw, input_type, input_type, model, asynchronous=True)
        if uncertainty and "asset" in media.scopes:
            raise ApiError.invalid(f"{input_type}.embedding_scope", "`embedding_uncertainty` needs a scope without "
                                                                    "`asset`, e.g. [\"clip\"].")
        task = state.add_embed_v2_task(model, input_type, media, dimension=dimension, uncertainty=uncertainty)
    body: dict[str, Any] = {"_id": task.id, "status": "processing", "data": None}
    if model == "marengo3.5":
        body["metadata"] = {"embedding_dimension": dimension}
    return web.json_response(body, status=202)


def _task_metadata(task: EmbedV2Task) -> dict[str, Any]:
    """``MediaEmbeddingTask``'s ``video_embedding`` / ``audio_embedding`` metadata."""
    media = task.request.media
    meta: dict[str, Any] = {}
    if media.input_url is not None:
        meta["input_url"] = media.input_url
    else:
        meta["input_filename"] = media.input_filename or media.filename
    if task.input_type == "video":
        if task.request.strategy == "fixed":
            meta["video_clip_length"] = task.request.length
        meta["video_embedding_scope"] = list(task.request.scopes)
        meta["duration"] = media.duration
        return {"video_embedding": {"metadata": meta}}
    meta["audio_embedding_options"] = list(task.request.options)
    meta["audio_embedding_scopes"] = list(task.request.scopes)
    meta["duration"] = media.duration
    meta["start_offset_sec"] = task.request.start
    meta["end_offset_sec"] = task.request.end
    return {"audio_embedding": {"metadata": meta}}


def _summary_json(state: EmulatorState, task: EmbedV2Task) -> dict[str, Any]:
    status, since = state.embed_v2_status(task)
    return {"_id": task.id, "model_name": task.model_name, "status": status, "created_at": rfc3339(task.created_at),
            "updated_at": rfc3339(since), **_task_metadata(task)}


def _task_json(state: EmulatorState, task: EmbedV2Task) -> dict[str, Any]:
    status, since = state.embed_v2_status(task)
    out: dict[str, Any] = {"_id": task.id, "status": status, "created_at": rfc3339(task.created_at),
                           "updated_at": rfc3339(since), "data": None,
                           "metadata": media_metadata(task.input_type, task.request)}
    if status == "ready":
        if task.data is None:
            task.data = media_embeddings(task.model_name, task.dimension, task.uncertainty, task.request)
        out["data"] = task.data
    elif status == "failed":
        out["error"] = {"message": FAILED_MESSAGE}
    return out


@routes.get("/embed-v2/tasks")
async def list_tasks(request: web.Request) -> web.Response:
    # Not enveloped: the spec declares this route's 400 as the flat {code, message}.
    params = query_params(request, ("started_at", "ended_at", "status", "page", "page_limit"))
    bounds: dict[str, float] = {}
    for name in ("started_at", "ended_at"):
        raw = params.str(name)
        if raw is not None:
            try:
                bounds[name] = parse_rfc3339(raw)
            except ValueError:
                raise ApiError.invalid(name, "Use an RFC 3339 date-time such as 2024-01-01T00:00:00Z.") from None
    status = params.str("status", choices=TASK_STATUSES)
    state = ctx(request).state
    with state.lock:
        chosen = []
        for task in reversed(list(state.embed_v2_tasks.values())):
            if not state.embed_v2_kept(task):
                continue
            if "started_at" in bounds and task.created_at < bounds["started_at"]:
                continue
            if "ended_at" in bounds and task.created_at > bounds["ended_at"]:
                continue
            if status is not None and state.embed_v2_status(task)[0] != status:
                continue
            chosen.append(task)
        return page_response(params, chosen, lambda t: _summary_json(state, t))


@routes.get("/embed-v2/tasks/{task_id}")
@enveloped
async def retrieve_task(request: web.Request) -> web.Response:
    state = ctx(request).state
    task_id = request.match_info["task_id"]
    with state.lock:
        task = state.embed_v2_tasks.get(task_id)
        if task is None or not state.embed_v2_kept(task):
            raise ApiError.not_found(task_id, "embed_v2_tasks")
        return web.json_response(_task_json(state, task))
