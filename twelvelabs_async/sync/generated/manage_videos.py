# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.manage_videos` and the namespaces in it: blocking methods, each running the async funnel on the
client's portal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from twelvelabs_async._deprecation import warn_deprecated
from twelvelabs_async.routes import indexes as _routes

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.resources.generated.manage_videos import AsyncManageVideosResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncManageVideosResource:
    """Blocking methods of `client.manage_videos`."""

    def __init__(
        self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncManageVideosResource
    ) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def partial_update_video_information(
        self,
        index_id: str,
        video_id: str,
        *,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> None:
        """Merge user metadata into a video; a key set to None is deleted.

        Deprecated: the official SDK 1.3.6 names this `indexes.videos.update`; use that.

        `PATCH /indexes/{index_id}/videos/{video_id}`

        Args:
            index_id: The unique identifier of the index.
            video_id: The unique identifier of the video.
            user_metadata: Keys and values to merge; None deletes a key.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        args = {"index_id": index_id, "video_id": video_id, "user_metadata": user_metadata}
        warn_deprecated(_routes.manage_videos_partial_update_video_information, args)
        self._runner.run(
            self._client._call, _routes.manage_videos_partial_update_video_information, args, request_options
        )
