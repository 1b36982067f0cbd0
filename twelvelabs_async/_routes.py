"""THE route table: one hand-written entry per SDK method of the Twelve Labs API v1.3 (seed-era surface).

Read it like the API reference. Names follow the official SDK's method reference, wire details follow the API
inventory (``shared/docs/api-inventory.md``, section 3). After editing, run ``python -m twelvelabs_async._codegen``
to regenerate the typed methods; a test fails while the generated modules are stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route, Streaming

# --- shared parameter definitions -------------------------------------------------------------------------

TASK_STATUSES = ("ready", "uploading", "validating", "pending", "queued", "indexing", "failed")
EMBED_TASK_STATUSES = ("processing", "ready", "failed")
EMBEDDING_OPTIONS = ("visual-text", "audio")


def _page() -> Param:
    return Param(
        "page", Kind.INT, In.QUERY, "Page number to retrieve (1-based).", minimum=1, server_default=1
    )


def _page_limit(where: In = In.QUERY) -> Param:
    return Param("page_limit", Kind.INT, where, "Items per page.", minimum=1, maximum=50, server_default=10)


def _sort_by() -> Param:
    return Param(
        "sort_by",
        Kind.STR,
        In.QUERY,
        "Field to sort by: `created_at` or `updated_at`.",
        choices=("created_at", "updated_at"),
        server_default="created_at",
    )


def _sort_option() -> Param:
    return Param(
        "sort_option",
        Kind.STR,
        In.QUERY,
        "Sort order: `asc` or `desc`.",
        choices=("asc", "desc"),
        server_default="desc",
    )


def _created_at(what: str) -> Param:
    return Param(
        "created_at",
        Kind.STR,
        In.QUERY,
        f"Only {what} created on that date at or after the given time (RFC 3339).",
    )


def _updated_at(what: str) -> Param:
    return Param(
        "updated_at",
        Kind.STR,
        In.QUERY,
        f"Only {what} updated on that date at or after the given time (RFC 3339).",
    )


def _index_id(where: In, doc: str = "The unique identifier of the index.") -> Param:
    return Param("index_id", Kind.STR, where, doc, required=True)


def _video_id_path() -> Param:
    return Param("video_id", Kind.STR, In.PATH, "The unique identifier of the video.", required=True)


def _task_id_path(doc: str) -> Param:
    return Param("task_id", Kind.STR, In.PATH, doc, required=True)


def _integration_id() -> Param:
    return Param(
        "integration_id", Kind.STR, In.PATH, "The unique identifier of the cloud integration.", required=True
    )


def _temperature() -> Param:
    return Param(
        "temperature",
        Kind.FLOAT,
        In.BODY,
        "Randomness of the text; higher is more varied.",
        minimum=0.0,
        maximum=1.0,
        server_default=0.2,
    )


def _video_id_body(doc: str) -> Param:
    return Param("video_id", Kind.STR, In.BODY, doc, required=True)


def _prompt(required: bool) -> Param:
    return Param(
        "prompt", Kind.STR, In.BODY, "Instructions for the model, at most 2,000 tokens.", required=required
    )


def _embedding_option(doc: str) -> Param:
    return Param("embedding_option", Kind.STR_LIST, In.QUERY, doc, choices=EMBEDDING_OPTIONS)


def _user_metadata_object(doc: str) -> Param:
    return Param("user_metadata", Kind.JSON_OBJECT, In.BODY, doc)


# --- route-specific rules ---------------------------------------------------------------------------------


def _clip_count_needs_video_grouping(args: Mapping[str, Any]) -> tuple[str, str] | None:
    if args.get("sort_option") == "clip_count" and args.get("group_by") != "video":
        return "sort_option", "`clip_count` sorting requires group_by='video'"
    return None


def _media_query_needs_type(args: Mapping[str, Any]) -> tuple[str, str] | None:
    has_media = args.get("query_media_url") is not None or args.get("query_media_file") is not None
    if has_media and args.get("query_media_type") is None:
        return "query_media_type", "a media query needs query_media_type='image'"
    if args.get("query_media_type") is not None and not has_media:
        return "query_media_type", "query_media_type needs query_media_url or query_media_file"
    return None


def _offsets_ordered(args: Mapping[str, Any]) -> tuple[str, str] | None:
    start, end = args.get("video_start_offset_sec"), args.get("video_end_offset_sec")
    if start is not None and end is not None and end <= start:
        return "video_end_offset_sec", "must be greater than video_start_offset_sec"
    return None


def _text_truncate_needs_text(args: Mapping[str, Any]) -> tuple[str, str] | None:
    if args.get("text_truncate") is not None and args.get("text") is None:
        return "text_truncate", "applies only together with text"
    return None


# --- the table --------------------------------------------------------------------------------------------

ROUTES: tuple[Route, ...] = (
    # Indexes ----------------------------------------------------------------------------------------------
    Route(
        "indexes.create",
        "POST",
        "/indexes",
        "Create an index with the video understanding models it will use. Models cannot change later.",
        response="IndexCreated",
        params=(
            Param(
                "index_name", Kind.STR, In.BODY, "A succinct, descriptive name for the index.", required=True
            ),
            Param(
                "models",
                Kind.MODELS,
                In.BODY,
                "One or two models, e.g. `[{'model_name': 'marengo2.7', 'model_options': ['visual', 'audio']}]`.",
                required=True,
                min_items=1,
                max_items=2,
            ),
            Param(
                "addons",
                Kind.STR_LIST,
                In.BODY,
                "Add-ons to enable: `thumbnail` (Marengo only; cannot be disabled later).",
                choices=("thumbnail",),
                max_items=1,
            ),
        ),
        body=Body.JSON,
        success=frozenset({201}),
        idempotent=False,
    ),
    Route(
        "indexes.list",
        "GET",
        "/indexes",
        "List indexes. Await for the first page; iterate with `async for` for every index.",
        response="IndexPage",
        page_item="Index",
        paging=Paging.PAGE_NUMBER,
        params=(
            _page(),
            _page_limit(),
            _sort_by(),
            _sort_option(),
            Param("index_name", Kind.STR, In.QUERY, "Filter by the name of an index."),
            Param(
                "model_options",
                Kind.CSV,
                In.QUERY,
                "Filter by model options (`visual`, `audio`); several are sent comma-separated.",
                choices=("visual", "audio"),
            ),
            Param(
                "model_family",
                Kind.STR,
                In.QUERY,
                "Filter by model family: `marengo` or `pegasus`.",
                choices=("marengo", "pegasus"),
            ),
            _created_at("indexes"),
            _updated_at("indexes"),
        ),
    ),
    Route(
        "indexes.retrieve",
        "GET",
        "/indexes/{index_id}",
        "Retrieve an index.",
        response="Index",
        params=(_index_id(In.PATH),),
    ),
    Route(
        "indexes.update",
        "PUT",
        "/indexes/{index_id}",
        "Rename an index (only the name can change).",
        response=None,
        params=(
            _index_id(In.PATH),
            Param("index_name", Kind.STR, In.BODY, "The new name of the index.", required=True),
        ),
        body=Body.JSON,
        success=frozenset({200, 204}),
    ),
    Route(
        "indexes.delete",
        "DELETE",
        "/indexes/{index_id}",
        "Delete an index and all its videos. Irreversible.",
        response=None,
        params=(_index_id(In.PATH),),
        success=frozenset({200, 204}),
    ),
    # Videos of an index -----------------------------------------------------------------------------------
    Route(
        "indexes.videos.list",
        "GET",
        "/indexes/{index_id}/videos",
        "List the videos of an index. Await for the first page; iterate with `async for` for every video.",
        response="VideoPage",
        page_item="VideoSummary",
        paging=Paging.PAGE_NUMBER,
        params=(
            _index_id(In.PATH),
            _page(),
            _page_limit(),
            _sort_by(),
            _sort_option(),
            Param("filename", Kind.STR, In.QUERY, "Filter by file name."),
            Param("duration", Kind.FLOAT, In.QUERY, "Filter by duration in seconds.", minimum=0),
            Param("fps", Kind.FLOAT, In.QUERY, "Filter by frames per second.", minimum=0),
            Param("width", Kind.FLOAT, In.QUERY, "Filter by width.", minimum=0),
            Param("height", Kind.INT, In.QUERY, "Filter by height.", minimum=0),
            Param("size", Kind.FLOAT, In.QUERY, "Filter by size in bytes.", minimum=0),
            _created_at("videos whose indexing tasks were"),
            _updated_at("videos"),
            Param(
                "user_metadata",
                Kind.BARE_KEYS,
                In.QUERY,
                "Filter by user metadata: each key and value is sent as its own query parameter.",
            ),
        ),
    ),
    Route(
        "indexes.videos.retrieve",
        "GET",
        "/indexes/{index_id}/videos/{video_id}",
        "Retrieve a video, optionally with its embeddings and transcription.",
        response="Video",
        params=(
            _index_id(In.PATH),
            _video_id_path(),
            _embedding_option("Embeddings to include: `visual-text` and/or `audio` (Marengo 2.7 or later)."),
            Param("transcription", Kind.BOOL, In.QUERY, "Include the transcription of the spoken words."),
        ),
    ),
    Route(
        "indexes.videos.update",
        "PUT",
        "/indexes/{index_id}/videos/{video_id}",
        "Set the user metadata of a video (values: str, int, float or bool).",
        response=None,
        params=(
            _index_id(In.PATH),
            _video_id_path(),
            _user_metadata_object("Keys and values to store; system fields cannot be overridden."),
        ),
        body=Body.JSON,
        success=frozenset({200, 204}),
    ),
    Route(
        "indexes.videos.delete",
        "DELETE",
        "/indexes/{index_id}/videos/{video_id}",
        "Delete a video and everything indexed for it. Irreversible.",
        response=None,
        params=(_index_id(In.PATH), _video_id_path()),
        success=frozenset({200, 204}),
    ),
    Route(
        "manage_videos.partial_update_video_information",
        "PATCH",
        "/indexes/{index_id}/videos/{video_id}",
        "Merge user metadata into a video; a key set to None is deleted.",
        response=None,
        params=(
            _index_id(In.PATH),
            _video_id_path(),
            _user_metadata_object("Keys and values to merge; None deletes a key."),
        ),
        body=Body.JSON,
        success=frozenset({200, 204}),
    ),
    # Indexing tasks ---------------------------------------------------------------------------------------
    Route(
        "tasks.create",
        "POST",
        "/tasks",
        "Upload a video (a file or a URL) to an index; returns the indexing task to wait for.",
        response="TaskCreated",
        params=(
            _index_id(In.BODY, "The index to upload the video to."),
            Param(
                "video_file",
                Kind.FILE,
                In.BODY,
                "The video: a path (str or Path), an open binary file, or bytes. Paths stream from disk.",
            ),
            Param(
                "video_url", Kind.STR, In.BODY, "A URL of the raw video file, playable without interaction."
            ),
            Param(
                "enable_video_stream",
                Kind.BOOL,
                In.BODY,
                "Store the video for HLS streaming.",
                server_default=True,
            ),
            Param(
                "user_metadata",
                Kind.JSON_TEXT,
                In.BODY,
                "Metadata for the video: a mapping (or its JSON text) of str, int, float or bool values.",
            ),
        ),
        body=Body.MULTIPART,
        exactly_one_of=(("video_file", "video_url"),),
        idempotent=False,
        rate_limited=True,
        preflight=True,
    ),
    Route(
        "tasks.list",
        "GET",
        "/tasks",
        "List video indexing tasks, newest first. Await for the first page; `async for` for every task.",
        response="TaskPage",
        page_item="Task",
        paging=Paging.PAGE_NUMBER,
        params=(
            _page(),
            _page_limit(),
            _sort_by(),
            _sort_option(),
            Param("index_id", Kind.STR, In.QUERY, "Filter by index."),
            Param(
                "status",
                Kind.STR_LIST,
                In.QUERY,
                "Filter by one or more statuses (each sent as its own `status` key).",
                choices=TASK_STATUSES,
            ),
            Param("filename", Kind.STR, In.QUERY, "Filter by file name."),
            Param("duration", Kind.FLOAT, In.QUERY, "Filter by duration in seconds.", minimum=0),
            Param("width", Kind.INT, In.QUERY, "Filter by width.", minimum=0),
            Param("height", Kind.INT, In.QUERY, "Filter by height.", minimum=0),
            _created_at("tasks"),
            _updated_at("tasks"),
        ),
    ),
    Route(
        "tasks.retrieve",
        "GET",
        "/tasks/{task_id}",
        "Retrieve a video indexing task, with its HLS details when streaming is enabled.",
        response="Task",
        params=(_task_id_path("The unique identifier of the video indexing task."),),
    ),
    Route(
        "tasks.delete",
        "DELETE",
        "/tasks/{task_id}",
        "Delete a task in `ready` or `failed` state (for `ready`, delete its video first). Irreversible.",
        response=None,
        params=(_task_id_path("The unique identifier of the video indexing task."),),
        success=frozenset({200, 204}),
    ),
    # Cloud imports ----------------------------------------------------------------------------------------
    Route(
        "tasks.transfers.create",
        "POST",
        "/tasks/transfers/import/{integration_id}",
        "Import all videos of a cloud integration into an index (one import at a time per integration).",
        response="ImportResult",
        params=(
            _integration_id(),
            _index_id(In.BODY, "The index to import the videos to."),
            Param(
                "incremental_import",
                Kind.BOOL,
                In.BODY,
                "Import only new videos; false re-syncs everything.",
                server_default=True,
            ),
            Param(
                "retry_failed",
                Kind.BOOL,
                In.BODY,
                "Retry the videos that failed before.",
                server_default=False,
            ),
            _user_metadata_object("Metadata applied to every imported video."),
        ),
        body=Body.JSON,
        success=frozenset({200, 201}),
        idempotent=False,
    ),
    Route(
        "tasks.transfers.get_status",
        "GET",
        "/tasks/transfers/import/{integration_id}/status",
        "Status of every video of an integration's imports, bucketed by indexing status.",
        response="ImportStatus",
        params=(_integration_id(), _index_id(In.QUERY, "The index the videos were imported to.")),
    ),
    Route(
        "tasks.transfers.get_logs",
        "GET",
        "/tasks/transfers/import/{integration_id}/logs",
        "The import logs of an integration, oldest first (`ended_at` is None while an import runs).",
        response="ImportLogs",
        params=(_integration_id(),),
    ),
    # Search -----------------------------------------------------------------------------------------------
    Route(
        "search.create",
        "POST",
        "/search",
        "Search an index by text or image; returns the first page (see `search.query` to iterate all).",
        response="SearchPage",
        page_item="SearchClip | SearchVideoGroup",
        paging=Paging.SEARCH_TOKEN,
        pager_method="query",
        params=(
            _index_id(In.BODY, "The index to search."),
            Param(
                "search_options",
                Kind.STR_LIST,
                In.BODY,
                "Modalities to search: `visual` and/or `audio` (within the index's model options).",
                required=True,
                choices=("visual", "audio"),
                min_items=1,
            ),
            Param(
                "query_media_type",
                Kind.STR,
                In.BODY,
                "The media type of a media query: `image`.",
                choices=("image",),
            ),
            Param(
                "query_media_url", Kind.STR, In.BODY, "URL of the query image (JPEG or PNG, at most 5 MB)."
            ),
            Param(
                "query_media_file",
                Kind.FILE,
                In.BODY,
                "The query image: a path, an open binary file or bytes (JPEG or PNG, at most 5 MB).",
            ),
            Param("query_text", Kind.STR, In.BODY, "The natural-language text query."),
            Param(
                "adjust_confidence_level",
                Kind.FLOAT,
                In.BODY,
                "Strictness of the confidence levels.",
                minimum=0.0,
                maximum=1.0,
                server_default=0.5,
            ),
            Param(
                "group_by",
                Kind.STR,
                In.BODY,
                "Return clips (`clip`) or videos with their clips (`video`).",
                choices=("clip", "video"),
                server_default="clip",
            ),
            Param(
                "threshold",
                Kind.STR,
                In.BODY,
                "Minimum confidence: `high`, `medium`, `low` or `none`.",
                choices=("high", "medium", "low", "none"),
                server_default="low",
            ),
            Param(
                "sort_option",
                Kind.STR,
                In.BODY,
                "Sort by `score` or `clip_count` (the latter with group_by='video').",
                choices=("score", "clip_count"),
                server_default="score",
            ),
            Param(
                "operator",
                Kind.STR,
                In.BODY,
                "Combine several search options with `or` or `and`.",
                choices=("or", "and"),
                server_default="or",
            ),
            _page_limit(In.BODY),  # a form field here, unlike the list routes' query parameter
            Param(
                "filter",
                Kind.JSON_TEXT,
                In.BODY,
                "Metadata filter: a mapping (or its JSON text), e.g. `{'duration': {'gte': 600}}`.",
            ),
            Param(
                "include_user_metadata",
                Kind.BOOL,
                In.BODY,
                "Include each video's user metadata in the results.",
            ),
        ),
        body=Body.MULTIPART,
        at_least_one_of=(("query_text", "query_media_url", "query_media_file"),),
        checks=(_media_query_needs_type, _clip_count_needs_video_grouping),
        rate_limited=True,
    ),
    Route(
        "search.retrieve",
        "GET",
        "/search/{page_token}",
        "Retrieve a further page of search results by its token (tokens expire).",
        response="SearchPage",
        params=(
            Param(
                "page_token",
                Kind.STR,
                In.PATH,
                "A token that identifies the page to retrieve.",
                required=True,
            ),
            Param(
                "include_user_metadata",
                Kind.BOOL,
                In.QUERY,
                "Include each video's user metadata in the results.",
            ),
        ),
    ),
    # Embeddings -------------------------------------------------------------------------------------------
    Route(
        "embed.create",
        "POST",
        "/embed",
        "Create embeddings for text, an image and/or audio (1024 dimensions each).",
        response="EmbeddingResponse",
        params=(
            Param(
                "model_name",
                Kind.STR,
                In.BODY,
                "The embedding model, e.g. `Marengo-retrieval-2.7`.",
                required=True,
            ),
            Param("text", Kind.STR, In.BODY, "Text to embed (at most 77 tokens unless truncated)."),
            Param(
                "text_truncate",
                Kind.STR,
                In.BODY,
                "How to cut text over 77 tokens: `start`, `end` or `none` (an error).",
                choices=("start", "end", "none"),
                server_default="end",
            ),
            Param("image_url", Kind.STR, In.BODY, "URL of an image to embed."),
            Param(
                "image_file", Kind.FILE, In.BODY, "An image to embed: a path, an open binary file or bytes."
            ),
            Param("audio_url", Kind.STR, In.BODY, "URL of an audio file to embed."),
            Param(
                "audio_file",
                Kind.FILE,
                In.BODY,
                "An audio file to embed: a path, an open binary file or bytes.",
            ),
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
        checks=(_text_truncate_needs_text,),
    ),
    Route(
        "embed.tasks.create",
        "POST",
        "/embed/tasks",
        "Start a video embedding task from a file or a URL; wait for it, then retrieve the segments.",
        response="EmbedTaskCreated",
        params=(
            Param(
                "model_name",
                Kind.STR,
                In.BODY,
                "The embedding model, e.g. `Marengo-retrieval-2.7`.",
                required=True,
            ),
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
    ),
    Route(
        "embed.tasks.list",
        "GET",
        "/embed/tasks",
        "List video embedding tasks, newest first (the last 7 days unless dates are given).",
        response="EmbedTaskPage",
        page_item="EmbedTask",
        paging=Paging.PAGE_NUMBER,
        params=(
            Param("started_at", Kind.STR, In.QUERY, "Only tasks created after this time (RFC 3339)."),
            Param("ended_at", Kind.STR, In.QUERY, "Only tasks created before this time (RFC 3339)."),
            Param(
                "status",
                Kind.STR,
                In.QUERY,
                "Filter by status: `processing`, `ready` or `failed`.",
                choices=EMBED_TASK_STATUSES,
            ),
            _page(),
            _page_limit(),
        ),
    ),
    Route(
        "embed.tasks.status",
        "GET",
        "/embed/tasks/{task_id}/status",
        "The status of a video embedding task.",
        response="EmbedTaskStatus",
        params=(_task_id_path("The unique identifier of the video embedding task."),),
    ),
    Route(
        "embed.tasks.retrieve",
        "GET",
        "/embed/tasks/{task_id}",
        "Retrieve a finished video embedding task with its segments.",
        response="EmbedTask",
        params=(
            _task_id_path("The unique identifier of the video embedding task."),
            _embedding_option("Embeddings to return: `visual-text` and/or `audio` (all when omitted)."),
        ),
    ),
    # Text from video ----------------------------------------------------------------------------------------
    Route(
        "summarize",
        "POST",
        "/summarize",
        "Summarize a video, or split it into chapters or highlights (Pegasus indexes).",
        response="SummarizeResult",
        params=(
            _video_id_body("The video to summarize."),
            Param(
                "type",
                Kind.STR,
                In.BODY,
                "`summary`, `chapter` or `highlight`.",
                required=True,
                choices=("summary", "chapter", "highlight"),
            ),
            _prompt(required=False),
            _temperature(),
        ),
        body=Body.JSON,
        rate_limited=True,
    ),
    Route(
        "gist",
        "POST",
        "/gist",
        "Generate a title, topics and/or hashtags for a video (Pegasus indexes).",
        response="GistResult",
        params=(
            _video_id_body("The video to describe."),
            Param(
                "types",
                Kind.STR_LIST,
                In.BODY,
                "What to generate: any of `title`, `topic`, `hashtag`.",
                required=True,
                choices=("title", "topic", "hashtag"),
                min_items=1,
            ),
        ),
        body=Body.JSON,
        rate_limited=True,
    ),
    Route(
        "generate",
        "POST",
        "/generate",
        "Generate open-ended text from a video; `stream=True` gives a stream of events. "
        "Prefer `analyze`: the API deprecates /generate.",
        response="AnalyzeResult",
        params=(
            _video_id_body("The video to analyze."),
            _prompt(required=True),
            _temperature(),
            Param(
                "stream",
                Kind.BOOL,
                In.BODY,
                "Stream the text as it is generated (an NDJSON stream of events).",
                server_default=True,
            ),
        ),
        body=Body.JSON,
        streaming=Streaming.NDJSON_IF_FLAG,
        rate_limited=True,
        deprecated="The API deprecated /generate on 2025-07-30 in favour of /analyze.",
    ),
    Route(
        "analyze",
        "POST",
        "/analyze",
        "Generate open-ended text from a video and return it whole.",
        response="AnalyzeResult",
        params=(_video_id_body("The video to analyze."), _prompt(required=True), _temperature()),
        body=Body.JSON,
        fixed_body={"stream": False},
        rate_limited=True,
    ),
    Route(
        "analyze_stream",
        "POST",
        "/analyze",
        "Generate open-ended text from a video as a stream of events; use `async for` or `async with`.",
        response="AnalyzeResult",
        params=(_video_id_body("The video to analyze."), _prompt(required=True), _temperature()),
        body=Body.JSON,
        fixed_body={"stream": True},
        streaming=Streaming.NDJSON,
        rate_limited=True,
    ),
)

ROUTES_BY_NAME: dict[str, Route] = {route.method_name: route for route in ROUTES}
