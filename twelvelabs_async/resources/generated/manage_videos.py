# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.manage_videos` and the namespaces in it: async methods."""

from __future__ import annotations

from collections.abc import Coroutine, Mapping
from typing import TYPE_CHECKING, Any

from twelvelabs_async._deprecation import warn_deprecated
from twelvelabs_async.routes import indexes as _routes

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions


class AsyncManageVideosResource:
    """Methods of `client.manage_videos`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client

    def partial_update_video_information(
        self,
        index_id: str,
        video_id: str,
        *,
        user_metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> Coroutine[Any, Any, None]:
        """Merge user metadata into a video; a key set to None is deleted.

        Deprecated: the official SDK 1.3.6 names this `indexes.videos.update`; use that.

        `PATCH /indexes/{index_id}/videos/{video_id}`

        Args:
            index_id: The unique identifier of the index.
            video_id: The unique identifier of the video.
            user_metadata: Keys and values to merge; None deletes a key.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            An awaitable of None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        args = {"index_id": index_id, "video_id": video_id, "user_metadata": user_metadata}
        warn_deprecated(_routes.manage_videos_partial_update_video_information, args)
        return self._client._call(_routes.manage_videos_partial_update_video_information, args, request_options)
