"""Video indexing tasks (#6-#9) and cloud-storage imports (#10-#12)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .clock import rfc3339
from .context import ctx, fault_of, read_json
from .errors import ApiError
from .listing import PAGING, date_matches, page_response, query_params
from .render import hls_json, task_json
from .state import ImportLog, Task
from .uploads import read_multipart
from .videos import VideoMeta, check_requirements, meta_from_upload, meta_from_url

__all__ = ["routes"]

TASK_STATUSES = ("ready", "uploading", "validating", "pending", "queued", "indexing", "failed")
BUCKETS = ("validating", "pending", "queued", "indexing", "ready")

routes = web.RouteTableDef()


def _user_metadata_text(raw: str | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        raise ApiError.invalid("user_metadata", "It must be a JSON object encoded as text.") from None
    if not isinstance(value, dict) or not all(isinstance(v, (str, int, float, bool)) for v in value.values()):
        raise ApiError.invalid("user_metadata", "It must be a JSON object of strings, numbers and booleans.")
    return value


@routes.post("/tasks")
async def create_task(request: web.Request) -> web.Response:
    context = ctx(request)
    form = await read_multipart(request, directory=context.upload_dir, file_fields=("video_file",),
                                limit=context.config.max_video_bytes, slow_rate=fault_of(request).slow_upload)
    try:
        params = form.params
        params.reject_unknown(("index_id", "video_url", "enable_video_stream", "user_metadata"))
        index_id = params.req_str("index_id")
        index = context.state.indexes.get(index_id)
        if index is None:
            raise ApiError.not_found(index_id, "indexes")
        url = params.str("video_url")
        upload = form.files.get("video_file")
        if upload is not None and url is not None:
            raise ApiError(400, "parameter_invalid", "Provide either `video_file` or `video_url`, not both.")
        if upload is None and url is None:
            raise ApiError(400, "parameter_not_provided", "Either `video_file` or `video_url` must be provided.")
        hls = params.bool("enable_video_stream", True)
        metadata = _user_metadata_text(params.str("user_metadata"))
        limit = context.config.max_video_bytes
        meta: VideoMeta = meta_from_upload(upload, limit) if upload is not None else meta_from_url(
            url or "", "video_url")
        check_requirements(meta, max_bytes=limit, pegasus=index.has_family("pegasus"))
    finally:
        form.cleanup()  # only the metadata is kept
    task = context.state.create_task(
        index.id, filename=meta.filename, duration=meta.duration, width=meta.width, height=meta.height,
        fps=meta.fps, size=meta.size, hls=hls, user_metadata=metadata, source_url=url)
    return web.json_response({"_id": task.id, "video_id": task.video.id}, status=200)


@routes.get("/tasks")
async def list_tasks(request: web.Request) -> web.Response:
    params = query_params(request, (*PAGING, "index_id", "status", "filename", "duration", "width", "height",
                                    "created_at", "updated_at"))
    state = ctx(request).state
    index_id = params.str("index_id")
    statuses = set(params.strings("status", choices=TASK_STATUSES))
    filename = params.str("filename")
    duration = params.float("duration", None)
    width = params.float("width", None)
    height = params.float("height", None)
    items = []
    for task in state.tasks.values():
        video = task.video
        status, since = state.task_status(task)
        if index_id is not None and video.index_id != index_id:
            continue
        if statuses and status not in statuses:
            continue
        if filename is not None and video.filename != filename:
            continue
        if duration is not None and abs(video.duration - duration) > 1e-6:
            continue
        if (width is not None and video.width != width) or (height is not None and video.height != height):
            continue
        if not (date_matches(params, "created_at", task.created_at)
                and date_matches(params, "updated_at", since)):
            continue
        items.append(task)
    return page_response(params, items, lambda t: task_json(state, t), sortable={
        "created_at": lambda t: t.created_at, "updated_at": lambda t: state.task_status(t)[1]})


def get_task(request: web.Request) -> Task:
    task_id = request.match_info["task_id"]
    task = ctx(request).state.tasks.get(task_id)
    if task is None:
        raise ApiError.not_found(task_id, "tasks")
    return task


@routes.get("/tasks/{task_id}")
async def retrieve_task(request: web.Request) -> web.Response:
    query_params(request, ())
    task = get_task(request)
    state = ctx(request).state
    body = task_json(state, task)
    if task.video.hls:
        body["hls"] = hls_json(request, state, task.video, task)
    return web.json_response(body)


@routes.delete("/tasks/{task_id}")
async def delete_task(request: web.Request) -> web.Response:
    task = get_task(request)
    state = ctx(request).state
    status, _ = state.task_status(task)
    if status not in ("ready", "failed"):
        raise ApiError(400, "task_cannot_be_deleted",
                       f"The task cannot be deleted because its status is `{status}`. "
                       "Only tasks with the `ready` or `failed` status can be deleted.")
    if status == "ready" and state.task_video_exists(task):
        raise ApiError(400, "task_cannot_be_deleted",
                       f"The task cannot be deleted while its video `{task.video.id}` exists. "
                       "Delete the video first.")
    with state.lock:
        state.tasks.pop(task.id, None)
    return web.Response(status=204)


# --- transfers ----------------------------------------------------------------------------------------------


@routes.post("/tasks/transfers/import/{integration_id}")
async def import_videos(request: web.Request) -> web.Response:
    integration = request.match_info["integration_id"]
    params = await read_json(request, ("index_id", "incremental_import", "retry_failed", "user_metadata"))
    state = ctx(request).state
    index_id = params.req_str("index_id")
    index = state.indexes.get(index_id)
    if index is None:
        raise ApiError.not_found(index_id, "indexes")
    incremental = params.bool("incremental_import", True)
    retry_failed = params.bool("retry_failed", False)
    metadata = params.object("user_metadata") or {}
    if not all(isinstance(v, (str, int, float, bool)) for v in metadata.values()):
        raise ApiError.invalid("user_metadata", "Values must be strings, numbers or booleans.")
    previous = {t.video.filename: state.task_status(t)[0] for t in state.imported_tasks(integration, index_id)}
    failed_before = {f["filename"] for log in state.imports
                     if log.integration_id == integration and log.index_id == index_id for f in log.failed_files}
    videos: list[dict[str, str]] = []
    failed: list[dict[str, str]] = []
    task_ids: list[str] = []
    for filename in state.integration_files(integration):
        was_failed = filename in failed_before or previous.get(filename) == "failed"
        already = filename in previous or filename in failed_before
        if incremental and already and not (was_failed and retry_failed):
            continue  # duplicate check: already imported (or failed and not retried)
        if "corrupt" in filename.lower():
            failed.append({"filename": filename, "error_message":
                           "Cannot read video file. Please check the video file is valid and try again."})
            continue
        size = 5_000_000 + len(filename) * 1000
        task = state.create_task(index_id, filename=filename, duration=60.0, width=1280, height=720, fps=30.0,
                                 size=size, hls=True, user_metadata=metadata, integration=integration)
        videos.append({"video_id": task.video.id, "filename": filename})
        task_ids.append(task.id)


    with state.lock:
        state.imports.append(ImportLog(integration, index_id, index.name, state.clock.now(), task_ids, failed))
    return web.json_response({"videos": videos, "failed_files": failed}, status=201)


@routes.get("/tasks/transfers/import/{integration_id}/status")
async def import_status(request: web.Request) -> web.Response:
    integration = request.match_info["integration_id"]
    params = query_params(request, ("index_id",))
    state = ctx(request).state
    index_id = params.req_str("index_id")
    if index_id not in state.indexes:
        raise ApiError.not_found(index_id, "indexes")
    body: dict[str, Any] = {"not_imported": [], **{b: [] for b in BUCKETS}, "failed": []}
    seen: set[str] = set()
    for task in state.imported_tasks(integration, index_id):
        status, _since = state.task_status(task)
        seen.add(task.video.filename)
        if status == "failed":
            body["failed"].append({"filename": task.video.filename, "created_at": rfc3339(task.created_at),
                                   "error_message": task.error_message or "The video could not be indexed."})
        else:
            body[status].append({"video_id": task.video.id, "filename": task.video.filename,
                                 "created_at": rfc3339(task.created_at)})
    for log in state.imports:
        if log.integration_id != integration or log.index_id != index_id:
            continue
        for failure in log.failed_files:
            if failure["filename"] not in seen:
                seen.add(failure["filename"])
                body["failed"].append({"filename": failure["filename"], "created_at": rfc3339(log.created_at),
                                       "error_message": failure["error_message"]})
    body["not_imported"] = [f for f in state.integration_files(integration) if f not in seen]
    return web.json_response(body)


@routes.get("/tasks/transfers/import/{integration_id}/logs")
async def import_logs(request: web.Request) -> web.Response:
    integration = request.match_info["integration_id"]
    query_params(request, ())
    state = ctx(request).state
    data = []
    for log in state.imports:
        if log.integration_id != integration:
            continue
        counts = {"ready": 0, "validating": 0, "queued": 0, "pending": 0, "indexing": 0, "failed": 0}
        ends: list[float] = [log.created_at]
        running = False
        for task_id in log.task_ids:
            task = state.tasks.get(task_id)
            if task is None:
                continue
            status, since = state.task_status(task)
            counts[status] = counts.get(status, 0) + 1
            running = running or status not in ("ready", "failed")
            ends.append(since)
        ended = None if running else max(ends)
        data.append({
            "index_id": log.index_id, "index_name": log.index_name, "created_at": rfc3339(log.created_at),
            "ended_at": rfc3339(ended) if ended is not None else None, "video_status": counts,
            "failed_files": list(log.failed_files),
        })
    return web.json_response({"data": data})
