"""Video indexing tasks (#6-#9), on both surfaces."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .context import ctx, fault_of, is_2026, no_content
from .errors import ApiError
from .listing import PAGING, date_matches, page_response, query_params
from .render import hls_json, task_json
from .state import Task
from .uploads import read_multipart
from .videos import VideoMeta, check_requirements, meta_from_upload, meta_from_url

__all__ = ["routes"]

TASK_STATUSES = ("ready", "uploading", "validating", "pending", "queued", "indexing", "failed")

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
        if is_2026(request) and not index.has_family("marengo"):
            # The official SDK 1.3.6 documents that videos can no longer be added to an index that has only
            # Pegasus 1.2; neither it nor the 2026-07 spec names an error code, so this is the generic one,
            # naming the parameter that points at the unusable index.
            raise ApiError.invalid("index_id", "Videos can no longer be added to an index that has only "
                                              "Pegasus 1.2 enabled. Use an index with Marengo enabled.")
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
    return no_content(request)
