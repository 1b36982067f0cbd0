"""Embeddings (v1): `client.embed` for text, image and audio, `client.embed.tasks` for videos."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from twelvelabs_async._analysis_shapes import (
    MEDIA_INPUT,
    MULTI_INPUT,
    TEXT_IMAGE_INPUT,
    TEXT_INPUT,
    embed_v2_input_matches,
)
from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route
from twelvelabs_async.routes._common import EMBEDDING_OPTIONS, page, page_limit, path_id

if TYPE_CHECKING:
    from twelvelabs_async.models import (
        EmbeddingResponse,
        EmbedTask,
        EmbedTaskCreated,
        EmbedTaskPage,
        EmbedTaskStatus,
        EmbedV2Result,
        EmbedV2Task,
        EmbedV2TaskCreated,
        EmbedV2TaskPage,
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


# --- embeddings v2 ---------------------------------------------------------------------------------------
# Embeddings v2: `client.embed.v_2` (answered at once) and `client.embed.v_2.tasks` (audio and video up to 4 h).
#
# Each input kind is its own argument (`text`, `image`, `text_image`, `audio`, `video`, `multi_input`; tasks also
# `document` and `image` in the official SDK 1.3.6), named by `input_type`; media inputs take a URL, bytes, a
# `MediaSource` or the API's object. `marengo3.5` options (`auto_truncate`, `embedding_uncertainty`,
# `embedding_dimension`) follow the official SDK 1.3.6, ahead of the 2026-07 spec.
# (Here rather than in a module of their own: the generated `embed` module would import two route modules, and
# the code generator renders two aliased imports on one line, which ruff's isort rule refuses.)

EMBED_V2_MODELS = ("marengo3.0", "marengo3.5")
V2_SYNC_INPUT_TYPES = ("text", "image", "text_image", "audio", "video", "multi_input")
V2_TASK_INPUT_TYPES = ("audio", "video", "document", "image")
V2_TASK_STATUSES = ("processing", "ready", "failed")
_MARENGO_35 = "(marengo3.5)"


def _v2_model_name() -> Param:
    return Param(
        "model_name",
        Kind.STR,
        In.BODY,
        "The embedding model; embeddings of different models are not comparable.",
        required=True,
        choices=EMBED_V2_MODELS,
    )


def _v2_uncertainty() -> Param:
    return Param(
        "embedding_uncertainty",
        Kind.BOOL,
        In.BODY,
        f"Also return a per-dimension uncertainty vector {_MARENGO_35}; text-only or media-only requests.",
    )


def _v2_dimension() -> Param:
    return Param(
        "embedding_dimension",
        Kind.INT,
        In.BODY,
        f"Dimensions of each embedding {_MARENGO_35}; shorter ones are prefixes of the full one (Matryoshka).",
        minimum=1,
        server_default=512,
    )


def _v2_media(name: str, what: str) -> Param:
    return Param(name, Kind.JSON, In.BODY, f"{what} to embed. " + MEDIA_INPUT.doc, shape=MEDIA_INPUT)


embed_v_2_create: Route[EmbedV2Result] = Route(
    "embed.v_2.create",
    "POST",
    "/embed-v2",
    "Create embeddings of text, images, audio, video (up to 10 minutes), or inputs combined.",
    params=(
        Param(
            "input_type",
            Kind.STR,
            In.BODY,
            "Which input to embed; the argument of that name carries it.",
            required=True,
            choices=V2_SYNC_INPUT_TYPES,
        ),
        _v2_model_name(),
        Param(
            "auto_truncate",
            Kind.BOOL,
            In.BODY,
            f"Cut text over 2,000 tokens to fit instead of answering 400 {_MARENGO_35}.",
        ),
        _v2_uncertainty(),
        _v2_dimension(),
        Param("text", Kind.JSON, In.BODY, "Text to embed (at most 500 tokens). " + TEXT_INPUT.doc, shape=TEXT_INPUT),
        _v2_media("image", "An image (JPEG or PNG, at least 128x128)"),
        Param("text_image", Kind.JSON, In.BODY, "Text and an image, embedded together. " + TEXT_IMAGE_INPUT.doc,
              shape=TEXT_IMAGE_INPUT),
        _v2_media("audio", "Audio (WAV, MP3 or FLAC, up to 10 minutes)"),
        _v2_media("video", "A video (up to 10 minutes)"),
        Param("multi_input", Kind.JSON, In.BODY, "Text and up to 10 media sources in one embedding. " + MULTI_INPUT.doc,
              shape=MULTI_INPUT),
    ),
    body=Body.JSON,
    checks=(embed_v2_input_matches,),
    slow_answer=True,  # up to 10 minutes of video embedded while the caller waits
)

embed_v_2_tasks_create: Route[EmbedV2TaskCreated] = Route(
    "embed.v_2.tasks.create",
    "POST",
    "/embed-v2/tasks",
    "Start embedding audio or video (4 s to 4 h, up to 4 GB) in the background; returns the task to wait for.",
    params=(
        Param(
            "input_type",
            Kind.STR,
            In.BODY,
            "Which input to embed; the argument of that name carries it (`document` and `image`: official SDK "
            "1.3.6, marengo3.5).",
            required=True,
            choices=V2_TASK_INPUT_TYPES,
        ),
        _v2_model_name(),
        _v2_uncertainty(),
        _v2_dimension(),
        _v2_media("audio", "Audio"),
        _v2_media("video", "A video"),
        _v2_media("document", "A document (PDF, plain text or Markdown; marengo3.5)"),
        _v2_media("image", "An image"),
    ),
    body=Body.JSON,
    success=frozenset({200, 201, 202}),
    idempotent=False,
    checks=(embed_v2_input_matches,),
)

embed_v_2_tasks_list: Route[EmbedV2TaskPage] = Route(
    "embed.v_2.tasks.list",
    "GET",
    "/embed-v2/tasks",
    "List embedding tasks (v2).",
    page_item="EmbedV2TaskSummary",
    paging=Paging.PAGE_NUMBER,
    params=(
        Param("started_at", Kind.STR, In.QUERY, "Only tasks created after this time (RFC 3339)."),
        Param("ended_at", Kind.STR, In.QUERY, "Only tasks created before this time (RFC 3339)."),
        Param("status", Kind.STR, In.QUERY, "Only tasks in this status.", choices=V2_TASK_STATUSES),
        page(),
        page_limit(),
    ),
)

embed_v_2_tasks_retrieve: Route[EmbedV2Task] = Route(
    "embed.v_2.tasks.retrieve",
    "GET",
    "/embed-v2/tasks/{task_id}",
    "Retrieve an embedding task (v2): its status and, once ready, its embeddings (kept for 7 days).",
    params=(path_id("task_id", "embedding task"),),
)
