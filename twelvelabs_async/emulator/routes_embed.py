"""Embeddings: POST /embed (#20) and video embedding tasks (#21-#24).

Surface 2025 uses the seed era's ``Marengo-retrieval-2.7`` with ``text_truncate`` and the ``visual-text``/
``audio`` embedding options. Surface 2026 follows the 2026-07 spec: the model is ``marengo3.0``,
``text_truncate`` is gone (an unknown parameter), embedding options are ``visual``, ``audio`` and
``transcription`` (``visual-text`` still accepted), and embed tasks carry ``updated_at``.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from .clock import parse_rfc3339
from .context import ctx, fault_of, is_2026
from .embeddings import MODEL_NAME, MODEL_NAME_2026, vector, video_segments
from .errors import ApiError
from .listing import page_response, query_params
from .params import FormParams
from .render import embed_metadata, embed_task_json
from .state import EmbedTask
from .uploads import read_multipart
from .videos import VideoMeta, check_requirements, meta_from_upload, meta_from_url

__all__ = ["routes"]

MAX_TEXT_TOKENS = 77
# Marengo 3.0 reads up to 500 tokens of text (the 2026-07 spec says so for search queries and embed v2); with
# text_truncate gone, longer text is refused rather than cut.
MAX_TEXT_TOKENS_2026 = 500
MAX_MEDIA_BYTES = 20 * 1024 * 1024
EMBED_OPTIONS = ("visual-text", "audio")
EMBED_OPTIONS_2026 = ("visual", "audio", "transcription", "visual-text")
# What a 2026 task returns when no option is asked: "all available embeddings".
DEFAULT_OPTIONS_2026 = ("visual", "audio", "transcription")
_TASK_ID = re.compile(r"^[0-9a-f]{24}$")

routes = web.RouteTableDef()


def _model(params: FormParams, request: web.Request) -> str:
    model = MODEL_NAME_2026 if is_2026(request) else MODEL_NAME
    if params.req_str("model_name") != model:
        raise ApiError.invalid("model_name", f"Use `{model}`.")
    return model


def _truncate(text: str, mode: str) -> str:
    tokens = text.split()
    if len(tokens) <= MAX_TEXT_TOKENS:
        return text
    if mode == "none":
        raise ApiError(400, "parameter_invalid",
                       "The `text` parameter is invalid. The text token length should be less than or equal to 77.")
    kept = tokens[-MAX_TEXT_TOKENS:] if mode == "start" else tokens[:MAX_TEXT_TOKENS]
    return " ".join(kept)


@routes.post("/embed")
async def create_embedding(request: web.Request) -> web.Response:
    context = ctx(request)
    form = await read_multipart(request, directory=context.upload_dir, file_fields=("image_file", "audio_file"),
                                limit=MAX_MEDIA_BYTES + 1, slow_rate=fault_of(request).slow_upload)
    try:
        params = form.params
        surface_2026 = is_2026(request)
        params.reject_unknown(("model_name", "text", "image_url", "audio_url", "audio_start_offset_sec",
                               *(() if surface_2026 else ("text_truncate",))))
        model = _model(params, request)
        truncate = params.str("text_truncate")
        if truncate is not None and truncate not in ("none", "start", "end"):
            raise ApiError(400, "parameter_invalid",
                           "The `text_truncate` parameter is invalid. You should use one of the following values: "
                           "`none`, `start`, `end`.")
        text = params.str("text")
        image_url = params.str("image_url")
        audio_url = params.str("audio_url")
        image_file = form.files.get("image_file")
        audio_file = form.files.get("audio_file")
        offset = params.float("audio_start_offset_sec", 0.0, lo=0.0) or 0.0
        for upload in (image_file, audio_file):
            if upload is not None and (upload.size == 0 or upload.size > MAX_MEDIA_BYTES):
                raise ApiError.invalid(upload.field, "The file is empty or too large.")
        if text is None and image_url is None and image_file is None and audio_url is None and audio_file is None:
            raise ApiError(400, "parameter_not_provided",
                           "Provide at least one of `text`, `image_url`, `image_file`, `audio_url`, `audio_file`.")
        body: dict[str, Any] = {"model_name": model}
        if text is not None and surface_2026:
            if len(text.split()) > MAX_TEXT_TOKENS_2026:
                raise ApiError.invalid("text", "The text token length should be less than or equal to "
                                               f"{MAX_TEXT_TOKENS_2026}.")
            body["text_embedding"] = {"segments": [{"float": vector("text", text)}]}
        elif text is not None:
            kept = _truncate(text, truncate or "end")
            body["text_embedding"] = {"segments": [{"float": vector("text", kept)}]}
        if image_url is not None or image_file is not None:
            meta = {"input_url": image_url} if image_url is not None else {
                "input_filename": image_file.filename if image_file else ""}
            key = image_url or (image_file.filename if image_file else "")
            body["image_embedding"] = {"segments": [{"float": vector("image", key)}], "metadata": meta}
        if audio_url is not None or audio_file is not None:
            meta = {"input_url": audio_url} if audio_url is not None else {
                "input_filename": audio_file.filename if audio_file else ""}
            key = audio_url or (audio_file.filename if audio_file else "")
            body["audio_embedding"] = {"segments": [{"float": vector("audio", key, offset),
                                                      "start_offset_sec": offset}], "metadata": meta}
    finally:
        form.cleanup()
    return web.json_response(body)


@routes.post("/embed/tasks")
async def create_embed_task(request: web.Request) -> web.Response:
    context = ctx(request)
    form = await read_multipart(request, directory=context.upload_dir, file_fields=("video_file",),
                                limit=context.config.max_video_bytes, slow_rate=fault_of(request).slow_upload)
    try:
        params = form.params
        params.reject_unknown(("model_name", "video_url", "video_start_offset_sec", "video_end_offset_sec",
                               "video_clip_length", "video_embedding_scope"))
        model = _model(params, request)
        url = params.str("video_url")
        upload = form.files.get("video_file")
        if upload is None and url is None:
            raise ApiError(400, "parameter_not_provided", "Either `video_file` or `video_url` must be provided.")
        limit = context.config.max_video_bytes
        # The URL wins when both are given, as documented.
        meta: VideoMeta = meta_from_url(url, "video_url") if url is not None else meta_from_upload(
            upload, limit) if upload is not None else meta_from_url("", "video_url")
        check_requirements(meta, max_bytes=limit, pegasus=False)
        clip_length = params.float("video_clip_length", 6.0)
        assert clip_length is not None
        if not 2.0 <= clip_length <= 10.0:
            raise ApiError(400, "parameter_invalid", "`video_clip_length` should be within 2-10 seconds long")
        start = params.float("video_start_offset_sec", None, lo=0.0)
        end = params.float("video_end_offset_sec", None, lo=0.0)
        if (start is None) != (end is None):
            raise ApiError.not_provided("video_end_offset_sec" if end is None else "video_start_offset_sec")
        if start is None or end is None:
            start, end = 0.0, meta.duration
        if end <= start:
            raise ApiError(400, "parameter_invalid",
                           "`video_end_offset_sec` should be greater than `video_start_offset_sec`")
        if end > meta.duration + 1e-6 or end - start < clip_length:
            raise ApiError.invalid(["video_start_offset_sec", "video_end_offset_sec"],
                                   "The range must lie within the video and span at least one clip.")
        scope = params.strings("video_embedding_scope", choices=("clip", "video")) or ["clip"]
        if "clip" not in scope:
            raise ApiError.invalid("video_embedding_scope", "Use `clip`, or `clip` and `video`.")
        task = context.state.create_embed_task(
            duration=meta.duration, clip_length=clip_length, scope=list(dict.fromkeys(scope)), start=start,
            end=end, input_url=url, input_filename=None if url is not None else meta.filename, model_name=model)
    finally:
        form.cleanup()
    return web.json_response({"_id": task.id}, status=200)


@routes.get("/embed/tasks")
async def list_embed_tasks(request: web.Request) -> web.Response:


    params = query_params(request, ("started_at", "ended_at", "status", "page", "page_limit"))
    state = ctx(request).state
    status = params.str("status", choices=("processing", "ready", "failed"))
    bounds: list[float | None] = []
    for name in ("started_at", "ended_at"):
        raw = params.str(name)
        try:
            bounds.append(parse_rfc3339(raw) if raw is not None else None)
        except ValueError:
            raise ApiError.invalid(name) from None
    started, ended = bounds
    if started is None and ended is None:
        started = state.clock.now() - 7 * 86_400
    items = [t for t in state.embed_tasks.values()
             if (status is None or state.embed_status(t)[0] == status)
             and (started is None or t.created_at >= started) and (ended is None or t.created_at <= ended)]
    items.sort(key=lambda t: t.created_at, reverse=True)
    surface_2026 = is_2026(request)
    return page_response(params, items, lambda t: embed_task_json(state, t, with_updated=surface_2026))


def get_embed_task(request: web.Request) -> EmbedTask:
    task_id = request.match_info["task_id"]
    task = ctx(request).state.embed_tasks.get(task_id)
    if task is None:
        if not _TASK_ID.match(task_id):
            raise ApiError(400, "parameter_invalid", "The `task_id` parameter is invalid. `task_id` value is invalid")
        raise ApiError.not_found(task_id, "embed_tasks")
    return task


@routes.get("/embed/tasks/{task_id}/status")
async def embed_task_status(request: web.Request) -> web.Response:
    query_params(request, ())
    task = get_embed_task(request)
    status, _ = ctx(request).state.embed_status(task)
    return web.json_response({"_id": task.id, "status": status, "model_name": task.model_name,
                              "video_embedding": {"metadata": embed_metadata(task)}})


@routes.get("/embed/tasks/{task_id}")
async def retrieve_embed_task(request: web.Request) -> web.Response:
    params = query_params(request, ("embedding_option",))
    surface_2026 = is_2026(request)
    if surface_2026:
        options = params.strings("embedding_option", choices=EMBED_OPTIONS_2026) or list(DEFAULT_OPTIONS_2026)
    else:
        options = params.strings("embedding_option", choices=EMBED_OPTIONS) or list(EMBED_OPTIONS)
    task = get_embed_task(request)
    state = ctx(request).state
    body = embed_task_json(state, task, with_updated=surface_2026)
    if body["status"] == "ready":
        body["video_embedding"]["segments"] = video_segments(
            task.id, task.start, task.end, task.clip_length, task.scope, list(dict.fromkeys(options)))
    return web.json_response(body)
