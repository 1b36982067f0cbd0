"""Video indexing tasks (upload and index in one step): `client.tasks`; and the removed cloud transfers,
`client.tasks.transfers`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route
from twelvelabs_async._shapes import USER_METADATA
from twelvelabs_async.routes._common import (
    created_at,
    page,
    page_limit,
    path_id,
    sort_by,
    sort_option,
    updated_at,
    user_metadata_body,
)

if TYPE_CHECKING:
    from twelvelabs_async.models import ImportLogs, ImportResult, ImportStatus, Task, TaskCreated, TaskPage

TASK_STATUSES = ("ready", "uploading", "validating", "pending", "queued", "indexing", "failed")

_TASKS_NOTICE = "The API says `/tasks` will be removed in a future version, in favour of assets and indexed assets."

tasks_create: Route[TaskCreated] = Route(
    "tasks.create",
    "POST",
    "/tasks",
    "Upload a video (a file or a URL) to an index; returns the indexing task to wait for.",
    notice=_TASKS_NOTICE,
    params=(
        Param("index_id", Kind.STR, In.BODY, "The index to upload the video to.", required=True),
        Param(
            "video_file",
            Kind.FILE,
            In.BODY,
            "The video: a path (str or Path), an open binary file, or bytes. Paths stream from disk.",
        ),
        Param("video_url", Kind.STR, In.BODY, "A URL of the raw video file, playable without interaction."),
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
            shape=USER_METADATA,
        ),
    ),
    body=Body.MULTIPART,
    exactly_one_of=(("video_file", "video_url"),),
    idempotent=False,
    preflight=True,
)

tasks_list: Route[TaskPage] = Route(
    "tasks.list",
    "GET",
    "/tasks",
    "List video indexing tasks, newest first.",
    page_item="Task",
    paging=Paging.PAGE_NUMBER,
    notice=_TASKS_NOTICE,
    params=(
        page(),
        page_limit(),
        sort_by(),
        sort_option(),
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
        created_at("tasks"),
        updated_at("tasks"),
    ),
)

tasks_retrieve: Route[Task] = Route(
    "tasks.retrieve",
    "GET",
    "/tasks/{task_id}",
    "Retrieve a video indexing task, with its HLS details when streaming is enabled.",
    notice=_TASKS_NOTICE,
    params=(path_id("task_id", "video indexing task"),),
)

tasks_delete: Route[None] = Route(
    "tasks.delete",
    "DELETE",
    "/tasks/{task_id}",
    "Delete a task in `ready` or `failed` state (for `ready`, delete its video first). Irreversible.",
    notice=_TASKS_NOTICE,
    params=(path_id("task_id", "video indexing task"),),
    success=frozenset({200, 204}),
)

# --- cloud transfers: gone from the API between the 2026-03 and 2026-07 specs -----------------------------------

_TRANSFERS_REMOVED = (
    "the API removed cloud-storage transfers (`/tasks/transfers/import/...`) in 2026. Import files through a "
    "data connector instead: `client.data_connectors` (authorize a Google Drive connection) and "
    "`client.imports.import_files(...)`, which create assets to index."
)


def _integration_id() -> Param:
    return path_id("integration_id", "cloud integration")


tasks_transfers_create: Route[ImportResult] = Route(
    "tasks.transfers.create",
    "POST",
    "/tasks/transfers/import/{integration_id}",
    "Import all videos of a cloud integration into an index.",
    removed=_TRANSFERS_REMOVED,
    params=(
        _integration_id(),
        Param("index_id", Kind.STR, In.BODY, "The index to import the videos to.", required=True),
        Param("incremental_import", Kind.BOOL, In.BODY, "Import only new videos.", server_default=True),
        Param("retry_failed", Kind.BOOL, In.BODY, "Retry the videos that failed before.", server_default=False),
        user_metadata_body("Metadata applied to every imported video."),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
)

tasks_transfers_get_status: Route[ImportStatus] = Route(
    "tasks.transfers.get_status",
    "GET",
    "/tasks/transfers/import/{integration_id}/status",
    "Status of every video of an integration's imports.",
    removed=_TRANSFERS_REMOVED,
    params=(
        _integration_id(),
        Param("index_id", Kind.STR, In.QUERY, "The index the videos were imported to.", required=True),
    ),
)

tasks_transfers_get_logs: Route[ImportLogs] = Route(
    "tasks.transfers.get_logs",
    "GET",
    "/tasks/transfers/import/{integration_id}/logs",
    "The import logs of an integration.",
    removed=_TRANSFERS_REMOVED,
    params=(_integration_id(),),
)
