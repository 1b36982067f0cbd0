"""Cloud-storage imports (#10-#12): surface ``"2025"`` only (the 2026-07 spec has no ``/tasks/transfers``)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .clock import rfc3339
from .context import ctx, read_json
from .errors import ApiError
from .listing import query_params
from .state import ImportLog

__all__ = ["routes"]

BUCKETS = ("validating", "pending", "queued", "indexing", "ready")

routes = web.RouteTableDef()


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
