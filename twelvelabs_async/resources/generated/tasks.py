# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.tasks` and the namespaces in it: async methods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.resources.tasks import AsyncTasksHelpers
from twelvelabs_async.routes import tasks as _routes

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async._pagination import AsyncPager


class AsyncTasksTransfersResource:
    """Methods of `client.tasks.transfers`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client

    async def create(
        self,
        integration_id: str,
        *,
        index_id: str,
        incremental_import: bool | None = None,
        retry_failed: bool | None = None,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.ImportResult:
        """Import all videos of a cloud integration into an index.

        Removed: the API removed cloud-storage transfers (`/tasks/transfers/import/...`) in 2026. Import files
        through a data connector instead: `client.data_connectors` (authorize a Google Drive connection) and
        `client.imports.import_files(...)`, which create assets to index. Calling it raises EndpointRemovedError.

        `POST /tasks/transfers/import/{integration_id}`

        Args:
            integration_id: The unique identifier of the cloud integration.
            index_id: The index to import the videos to.
            incremental_import: Import only new videos. API default: `true`.
            retry_failed: Retry the videos that failed before. API default: `false`.
            user_metadata: Metadata applied to every imported video.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ImportResult`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.tasks_transfers_create,
            {
                "integration_id": integration_id,
                "index_id": index_id,
                "incremental_import": incremental_import,
                "retry_failed": retry_failed,
                "user_metadata": user_metadata,
            },
            request_options,
        )

    async def get_logs(
        self, integration_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.ImportLogs:
        """The import logs of an integration.

        Removed: the API removed cloud-storage transfers (`/tasks/transfers/import/...`) in 2026. Import files
        through a data connector instead: `client.data_connectors` (authorize a Google Drive connection) and
        `client.imports.import_files(...)`, which create assets to index. Calling it raises EndpointRemovedError.

        `GET /tasks/transfers/import/{integration_id}/logs`

        Args:
            integration_id: The unique identifier of the cloud integration.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ImportLogs`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.tasks_transfers_get_logs, {"integration_id": integration_id}, request_options
        )

    async def get_status(
        self, integration_id: str, *, index_id: str, request_options: RequestOptions | None = None
    ) -> _models.ImportStatus:
        """Status of every video of an integration's imports.

        Removed: the API removed cloud-storage transfers (`/tasks/transfers/import/...`) in 2026. Import files
        through a data connector instead: `client.data_connectors` (authorize a Google Drive connection) and
        `client.imports.import_files(...)`, which create assets to index. Calling it raises EndpointRemovedError.

        `GET /tasks/transfers/import/{integration_id}/status`

        Args:
            integration_id: The unique identifier of the cloud integration.
            index_id: The index the videos were imported to.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ImportStatus`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.tasks_transfers_get_status,
            {"integration_id": integration_id, "index_id": index_id},
            request_options,
        )


class AsyncTasksResource(AsyncTasksHelpers):
    """Methods of `client.tasks`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client
        self.transfers = AsyncTasksTransfersResource(client)

    async def create(
        self,
        *,
        index_id: str,
        video_file: FileInput | None = None,
        video_url: str | None = None,
        enable_video_stream: bool | None = None,
        user_metadata: str | Mapping[str, Any] | None = None,
        preflight: bool = True,
        request_options: RequestOptions | None = None,
    ) -> _models.TaskCreated:
        """Upload a video (a file or a URL) to an index; returns the indexing task to wait for.

        Note: The API says `/tasks` will be removed in a future version, in favour of assets and indexed assets.

        `POST /tasks`

        Args:
            index_id: The index to upload the video to.
            video_file: The video: a path (str or Path), an open binary file, or bytes. Paths stream from disk.
            video_url: A URL of the raw video file, playable without interaction.
            enable_video_stream: Store the video for HLS streaming. API default: `true`.
            user_metadata: Metadata for the video: a mapping (or its JSON text) of str, int, float or bool
                values.
            preflight: Check the file before sending a byte (exists, readable, <= 2 GB; for MP4/MOV the
                duration and resolution limits). False skips the check.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `TaskCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.tasks_create,
            {
                "index_id": index_id,
                "video_file": video_file,
                "video_url": video_url,
                "enable_video_stream": enable_video_stream,
                "user_metadata": user_metadata,
            },
            request_options,
            preflight=preflight,
        )

    async def delete(self, task_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Delete a task in `ready` or `failed` state (for `ready`, delete its video first). Irreversible.

        Note: The API says `/tasks` will be removed in a future version, in favour of assets and indexed assets.

        `DELETE /tasks/{task_id}`

        Args:
            task_id: The unique identifier of the video indexing task.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        await self._client._call(_routes.tasks_delete, {"task_id": task_id}, request_options)

    def list(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: Literal["created_at", "updated_at"] | str | None = None,
        sort_option: Literal["asc", "desc"] | str | None = None,
        index_id: str | None = None,
        status: Literal["ready", "uploading", "validating", "pending", "queued", "indexing", "failed"]
        | str
        | Sequence[Literal["ready", "uploading", "validating", "pending", "queued", "indexing", "failed"] | str]
        | None = None,
        filename: str | None = None,
        duration: float | None = None,
        width: int | None = None,
        height: int | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.Task, _models.TaskPage]:
        """List video indexing tasks, newest first.

        Note: The API says `/tasks` will be removed in a future version, in favour of assets and indexed assets.

        `GET /tasks`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by. Documented values: `created_at`, `updated_at` (others are sent as given).
                API default: `created_at`.
            sort_option: Sort order. Documented values: `asc`, `desc` (others are sent as given). API default:
                `desc`.
            index_id: Filter by index.
            status: Filter by one or more statuses (each sent as its own `status` key). Documented values:
                `ready`, `uploading`, `validating`, `pending`, `queued`, `indexing`, `failed` (others are sent
                as given).
            filename: Filter by file name.
            duration: Filter by duration in seconds. At least 0.
            width: Filter by width. At least 0.
            height: Filter by height. At least 0.
            created_at: Only tasks created on that date at or after the given time (RFC 3339).
            updated_at: Only tasks updated on that date at or after the given time (RFC 3339).
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`,
            `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it
            (awaited or not) gives every item across pages; `.pages()` gives each `TaskPage`, `await
            .first_page()` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._paginate(
            _routes.tasks_list,
            {
                "page": page,
                "page_limit": page_limit,
                "sort_by": sort_by,
                "sort_option": sort_option,
                "index_id": index_id,
                "status": status,
                "filename": filename,
                "duration": duration,
                "width": width,
                "height": height,
                "created_at": created_at,
                "updated_at": updated_at,
            },
            request_options,
            prefetch,
        )

    async def retrieve(self, task_id: str, *, request_options: RequestOptions | None = None) -> _models.Task:
        """Retrieve a video indexing task, with its HLS details when streaming is enabled.

        Note: The API says `/tasks` will be removed in a future version, in favour of assets and indexed assets.

        `GET /tasks/{task_id}`

        Args:
            task_id: The unique identifier of the video indexing task.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Task`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(_routes.tasks_retrieve, {"task_id": task_id}, request_options)
