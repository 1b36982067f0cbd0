"""Indexes and the videos in them: `client.indexes`, `client.indexes.videos` (and the 1.0.0 name
`client.manage_videos`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route
from twelvelabs_async.routes._common import (
    EMBEDDING_OPTIONS,
    created_at,
    page,
    page_limit,
    path_id,
    range_filter,
    sort_by,
    sort_option,
    updated_at,
    user_metadata_body,
    user_metadata_filter,
)

if TYPE_CHECKING:
    from twelvelabs_async.models import Index, IndexCreated, IndexPage, Video, VideoPage

_VIDEOS_NOTICE = (
    "The API says this endpoint will be deprecated in favour of indexed assets (`/indexes/{index_id}/indexed-assets`)."
)

# --- indexes ------------------------------------------------------------------------------------------------

indexes_create: Route[IndexCreated] = Route(
    "indexes.create",
    "POST",
    "/indexes",
    "Create an index with the video understanding models it will use. Models cannot change later.",
    params=(
        Param("index_name", Kind.STR, In.BODY, "A succinct, descriptive name for the index.", required=True),
        Param(
            "models",
            Kind.MODELS,
            In.BODY,
            "The models, e.g. `[{'model_name': 'marengo3.0', 'model_options': ['visual', 'audio']}]`.",
            required=True,
            min_items=1,
            max_items=2,
        ),
        Param(
            "addons",
            Kind.STR_LIST,
            In.BODY,
            "Add-ons to enable (cannot be disabled later).",
            choices=("thumbnail",),
        ),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
)

indexes_list: Route[IndexPage] = Route(
    "indexes.list",
    "GET",
    "/indexes",
    "List indexes.",
    page_item="Index",
    paging=Paging.PAGE_NUMBER,
    params=(
        page(),
        page_limit(),
        sort_by(),
        sort_option(),
        Param("index_name", Kind.STR, In.QUERY, "Filter by the name of an index."),
        Param(
            "model_options",
            Kind.CSV,
            In.QUERY,
            "Filter by model options; several are sent comma-separated.",
            choices=("visual", "audio"),
        ),
        Param("model_family", Kind.STR, In.QUERY, "Filter by model family.", choices=("marengo", "pegasus")),
        created_at("indexes"),
        updated_at("indexes"),
    ),
)

indexes_retrieve: Route[Index] = Route(
    "indexes.retrieve",
    "GET",
    "/indexes/{index_id}",
    "Retrieve an index.",
    params=(path_id("index_id", "index"),),
)

indexes_update: Route[None] = Route(
    "indexes.update",
    "PUT",
    "/indexes/{index_id}",
    "Rename an index (only the name can change).",
    params=(
        path_id("index_id", "index"),
        Param("index_name", Kind.STR, In.BODY, "The new name of the index.", required=True),
    ),
    body=Body.JSON,
    success=frozenset({200, 204}),
)

indexes_delete: Route[None] = Route(
    "indexes.delete",
    "DELETE",
    "/indexes/{index_id}",
    "Delete an index and all its videos. Irreversible.",
    params=(path_id("index_id", "index"),),
    success=frozenset({200, 204}),
)

# --- videos of an index (legacy) -------------------------------------------------------------------------------

indexes_videos_list: Route[VideoPage] = Route(
    "indexes.videos.list",
    "GET",
    "/indexes/{index_id}/videos",
    "List the videos of an index.",
    page_item="VideoSummary",
    paging=Paging.PAGE_NUMBER,
    notice=_VIDEOS_NOTICE,
    params=(
        path_id("index_id", "index"),
        page(),
        page_limit(),
        sort_by(),
        sort_option(),
        Param("filename", Kind.STR, In.QUERY, "Filter by file name."),
        range_filter("duration", "duration in seconds"),
        range_filter("fps", "frames per second"),
        range_filter("width", "width in pixels", integer=True),
        range_filter("height", "height in pixels", integer=True),
        range_filter("size", "size in bytes"),
        created_at("videos whose indexing tasks were"),
        updated_at("videos"),
        user_metadata_filter(),
    ),
)

indexes_videos_retrieve: Route[Video] = Route(
    "indexes.videos.retrieve",
    "GET",
    "/indexes/{index_id}/videos/{video_id}",
    "Retrieve a video, optionally with its embeddings and transcription.",
    notice=_VIDEOS_NOTICE,
    params=(
        path_id("index_id", "index"),
        path_id("video_id", "video"),
        Param(
            "embedding_option",
            Kind.STR_LIST,
            In.QUERY,
            "Embeddings to include (each sent as its own `embedding_option` key).",
            choices=EMBEDDING_OPTIONS,
        ),
        Param("transcription", Kind.BOOL, In.QUERY, "Include the transcription of the spoken words."),
    ),
)

# The seed-era PUT (replace the user metadata) is gone from the API since 2026-03; PATCH merges: keys given
# are set, keys set to None are deleted, the others stay. 1.3.6 sends PATCH under this name, and so do we.
indexes_videos_update: Route[None] = Route(
    "indexes.videos.update",
    "PATCH",
    "/indexes/{index_id}/videos/{video_id}",
    "Merge user metadata into a video: keys given are set, a key set to None is deleted, others stay.",
    notice=_VIDEOS_NOTICE,
    params=(
        path_id("index_id", "index"),
        path_id("video_id", "video"),
        user_metadata_body("Keys and values to merge (str, int, float or bool); None deletes a key."),
    ),
    body=Body.JSON,
    success=frozenset({200, 204}),
)

indexes_videos_delete: Route[None] = Route(
    "indexes.videos.delete",
    "DELETE",
    "/indexes/{index_id}/videos/{video_id}",
    "Delete a video and everything indexed for it. Irreversible.",
    notice=_VIDEOS_NOTICE,
    params=(path_id("index_id", "index"), path_id("video_id", "video")),
    success=frozenset({200, 204}),
)

manage_videos_partial_update_video_information: Route[None] = Route(
    "manage_videos.partial_update_video_information",
    "PATCH",
    "/indexes/{index_id}/videos/{video_id}",
    "Merge user metadata into a video; a key set to None is deleted.",
    deprecated="the official SDK 1.3.6 names this `indexes.videos.update`; use that.",
    params=(
        path_id("index_id", "index"),
        path_id("video_id", "video"),
        user_metadata_body("Keys and values to merge; None deletes a key."),
    ),
    body=Body.JSON,
    success=frozenset({200, 204}),
)
