"""Embeddings (v1): `client.embed` for text, image and audio, `client.embed.tasks` for videos."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route
from twelvelabs_async.routes._common import EMBEDDING_OPTIONS, page, page_limit, path_id

if TYPE_CHECKING:
    from twelvelabs_async.models import (
        EmbeddingResponse,
        EmbedTask,
        EmbedTaskCreated,
        EmbedTaskPage,
        EmbedTaskStatus,
    )

EMBED_TASK_STATUSES = ("processing", "ready", "failed")
_V1_NOTICE = "The API says embeddings v1 will be deprecated in favour of `/embed-v2`."


def _model_name() -> Param:
    return Param("model_name", Kind.STR, In.BODY, "The embedding model.", required=True, choices=("marengo3.0",))


def _offsets_ordered(args: Mapping[str, Any]) -> tuple[str, str] | None:
    start, end = args.get("video_start_offset_sec"), args.get("video_end_offset_sec")
    if start is not None and end is not None and end <= start:
        return "video_end_offset_sec", "must be greater than video_start_offset_sec"
    return None


embed_create: Route[EmbeddingResponse] = Route(
    "embed.create",
    "POST",
    "/embed",
    "Create embeddings for text, an image and/or audio.",
    notice=_V1_NOTICE,
    params=(
        _model_name(),
        Param("text", Kind.STR, In.BODY, "Text to embed."),
        Param(
            "text_truncate",
            Kind.STR,
            In.BODY,
            "Dropped by the API.",
            dropped="the API no longer takes text_truncate (2026); long text is handled by the model.",
        ),
        Param("image_url", Kind.STR, In.BODY, "URL of an image to embed."),
        Param("image_file", Kind.FILE, In.BODY, "An image to embed: a path, an open binary file or bytes."),
        Param("audio_url", Kind.STR, In.BODY, "URL of an audio file to embed."),
        Param("audio_file", Kind.FILE, In.BODY, "An audio file to embed: a path, an open binary file or bytes."),
        Param(
            "audio_start_offset_sec",
            Kind.FLOAT,
            In.BODY,
            "Where in the audio the embedding starts, in seconds.",
            minimum=0.0,
            server_default=0.0,
        ),
    ),
    body=Body.MULTIPART,
    at_least_one_of=(("text", "image_url", "image_file", "audio_url", "audio_file"),),
)

embed_tasks_create: Route[EmbedTaskCreated] = Route(
    "embed.tasks.create",
    "POST",
    "/embed/tasks",
    "Start a video embedding task from a file or a URL; wait for it, then retrieve the segments.",
    notice=_V1_NOTICE,
    params=(
        _model_name(),
        Param(
            "video_file",
            Kind.FILE,
            In.BODY,
            "The video: a path (str or Path), an open binary file, or bytes. Paths stream from disk.",
        ),
        Param("video_url", Kind.STR, In.BODY, "A URL of the raw video file."),
        Param(
            "video_start_offset_sec",
            Kind.FLOAT,
            In.BODY,
            "Start of the embedded part in seconds (give together with the end offset).",
            minimum=0.0,
            server_default=0.0,
        ),
        Param(
            "video_end_offset_sec",
            Kind.FLOAT,
            In.BODY,
            "End of the embedded part in seconds (give together with the start offset).",
            minimum=0.0,
        ),
        Param(
            "video_clip_length",
            Kind.FLOAT,
            In.BODY,
            "Length of each embedded clip in seconds.",
            minimum=2.0,
            maximum=10.0,
            server_default=6,
        ),
        Param(
            "video_embedding_scope",
            Kind.STR_LIST,
            In.BODY,
            "`['clip']` or `['clip', 'video']` (each sent as its own form field).",
            choices=("clip", "video"),
            max_items=2,
        ),
    ),
    body=Body.MULTIPART,
    exactly_one_of=(("video_file", "video_url"),),
    together=(("video_start_offset_sec", "video_end_offset_sec"),),
    checks=(_offsets_ordered,),
    idempotent=False,
    preflight=True,
)

embed_tasks_list: Route[EmbedTaskPage] = Route(
    "embed.tasks.list",
    "GET",
    "/embed/tasks",
    "List video embedding tasks, newest first (the last 7 days unless dates are given).",
    page_item="EmbedTask",
    paging=Paging.PAGE_NUMBER,
    notice=_V1_NOTICE,
    params=(
        Param("started_at", Kind.STR, In.QUERY, "Only tasks created after this time (RFC 3339)."),
        Param("ended_at", Kind.STR, In.QUERY, "Only tasks created before this time (RFC 3339)."),
        Param("status", Kind.STR, In.QUERY, "Filter by status.", choices=EMBED_TASK_STATUSES),
        page(),
        page_limit(),
    ),
)

embed_tasks_status: Route[EmbedTaskStatus] = Route(
    "embed.tasks.status",
    "GET",
    "/embed/tasks/{task_id}/status",
    "The status of a video embedding task.",
    notice=_V1_NOTICE,
    params=(path_id("task_id", "video embedding task"),),
)

embed_tasks_retrieve: Route[EmbedTask] = Route(
    "embed.tasks.retrieve",
    "GET",
    "/embed/tasks/{task_id}",
    "Retrieve a finished video embedding task with its segments.",
    params=(
        path_id("task_id", "video embedding task"),
        Param(
            "embedding_option",
            Kind.STR_LIST,
            In.QUERY,
            "Embeddings to return (all when omitted); each sent as its own key.",
            choices=EMBEDDING_OPTIONS,
        ),
    ),
)
