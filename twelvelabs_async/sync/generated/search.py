# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.search` and the namespaces in it: blocking methods, each running the async funnel on the client's
portal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async._deprecation import warn_deprecated
from twelvelabs_async.routes import search as _routes
from twelvelabs_async.sync._iterators import SyncPager

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._files import FileInput
    from twelvelabs_async.resources.generated.search import AsyncSearchResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncSearchResource:
    """Blocking methods of `client.search`."""

    def __init__(self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncSearchResource) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def create(
        self,
        *,
        index_id: str,
        search_options: Literal["visual", "audio", "transcription"]
        | str
        | Sequence[Literal["visual", "audio", "transcription"] | str],
        query_media_type: Literal["image"] | str | None = None,
        query_media_url: str | None = None,
        query_media_file: FileInput | None = None,
        query_media_urls: str | Sequence[str] | None = None,
        query_media_files: Sequence[FileInput] | None = None,
        query_text: str | None = None,
        transcription_options: Literal["lexical", "semantic"]
        | str
        | Sequence[Literal["lexical", "semantic"] | str]
        | None = None,
        group_by: Literal["clip", "video"] | str | None = None,
        operator: Literal["or", "and"] | str | None = None,
        page_limit: int | None = None,
        filter: str | Mapping[str, Any] | None = None,
        include_user_metadata: bool | None = None,
        adjust_confidence_level: float | None = None,
        threshold: str | None = None,
        sort_option: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.SearchPage:
        """Search an index by text, images, or both; returns the first page (`search.query` iterates every page).

        `POST /search`

        Args:
            index_id: The index to search.
            search_options: Modalities to search (within the index's model options); each sent as its own form
                field. Documented values: `visual`, `audio`, `transcription` (others are sent as given).
            query_media_type: The media type of a media query. Documented values: `image` (others are sent as
                given).
            query_media_url: URL of a query image.
            query_media_file: A query image: a path, an open binary file, bytes, or a `(filename, bytes)` tuple.
            query_media_urls: Several query image URLs (at most 10 images in all), each its own field.
            query_media_files: Several query images (at most 10 images in all), each its own file part.
            query_text: The natural-language query; with images, a composed query. `<@entity_id>` searches for
                an entity.
            transcription_options: How to match the spoken words (with the `transcription` search option).
                Documented values: `lexical`, `semantic` (others are sent as given).
            group_by: Return clips (`clip`) or videos with their clips (`video`). Documented values: `clip`,
                `video` (others are sent as given). API default: `clip`.
            operator: Combine several search options with `or` or `and`. Documented values: `or`, `and` (others
                are sent as given). API default: `or`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            filter: Metadata filter: a mapping (or its JSON text), e.g. `{'duration': {'gte': 600}}`.
            include_user_metadata: Include each video's user metadata in the results.
            adjust_confidence_level: Not sent (a DeprecationWarning says so): the API ignores it since 2026;
                results carry a `rank` instead of scores and confidence levels.
            threshold: Not sent (a DeprecationWarning says so): the API ignores it since 2026; results carry a
                `rank` instead of scores and confidence levels.
            sort_option: Not sent (a DeprecationWarning says so): the API ignores it since 2026; results carry a
                `rank` instead of scores and confidence levels.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `SearchPage`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        args = {
            "index_id": index_id,
            "search_options": search_options,
            "query_media_type": query_media_type,
            "query_media_url": query_media_url,
            "query_media_file": query_media_file,
            "query_media_urls": query_media_urls,
            "query_media_files": query_media_files,
            "query_text": query_text,
            "transcription_options": transcription_options,
            "group_by": group_by,
            "operator": operator,
            "page_limit": page_limit,
            "filter": filter,
            "include_user_metadata": include_user_metadata,
            "adjust_confidence_level": adjust_confidence_level,
            "threshold": threshold,
            "sort_option": sort_option,
        }
        warn_deprecated(_routes.search_create, args)
        return self._runner.run(self._client._call, _routes.search_create, args, request_options)

    def query(
        self,
        *,
        index_id: str,
        search_options: Literal["visual", "audio", "transcription"]
        | str
        | Sequence[Literal["visual", "audio", "transcription"] | str],
        query_media_type: Literal["image"] | str | None = None,
        query_media_url: str | None = None,
        query_media_file: FileInput | None = None,
        query_media_urls: str | Sequence[str] | None = None,
        query_media_files: Sequence[FileInput] | None = None,
        query_text: str | None = None,
        transcription_options: Literal["lexical", "semantic"]
        | str
        | Sequence[Literal["lexical", "semantic"] | str]
        | None = None,
        group_by: Literal["clip", "video"] | str | None = None,
        operator: Literal["or", "and"] | str | None = None,
        page_limit: int | None = None,
        filter: str | Mapping[str, Any] | None = None,
        include_user_metadata: bool | None = None,
        adjust_confidence_level: float | None = None,
        threshold: str | None = None,
        sort_option: str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.SearchClip | _models.SearchVideoGroup, _models.SearchPage]:
        """Search an index by text, images, or both; returns the first page (`search.query` iterates every page).

        `POST /search`

        Args:
            index_id: The index to search.
            search_options: Modalities to search (within the index's model options); each sent as its own form
                field. Documented values: `visual`, `audio`, `transcription` (others are sent as given).
            query_media_type: The media type of a media query. Documented values: `image` (others are sent as
                given).
            query_media_url: URL of a query image.
            query_media_file: A query image: a path, an open binary file, bytes, or a `(filename, bytes)` tuple.
            query_media_urls: Several query image URLs (at most 10 images in all), each its own field.
            query_media_files: Several query images (at most 10 images in all), each its own file part.
            query_text: The natural-language query; with images, a composed query. `<@entity_id>` searches for
                an entity.
            transcription_options: How to match the spoken words (with the `transcription` search option).
                Documented values: `lexical`, `semantic` (others are sent as given).
            group_by: Return clips (`clip`) or videos with their clips (`video`). Documented values: `clip`,
                `video` (others are sent as given). API default: `clip`.
            operator: Combine several search options with `or` or `and`. Documented values: `or`, `and` (others
                are sent as given). API default: `or`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            filter: Metadata filter: a mapping (or its JSON text), e.g. `{'duration': {'gte': 600}}`.
            include_user_metadata: Include each video's user metadata in the results.
            adjust_confidence_level: Not sent (a DeprecationWarning says so): the API ignores it since 2026;
                results carry a `rank` instead of scores and confidence levels.
            threshold: Not sent (a DeprecationWarning says so): the API ignores it since 2026; results carry a
                `rank` instead of scores and confidence levels.
            sort_option: Not sent (a DeprecationWarning says so): the API ignores it since 2026; results carry a
                `rank` instead of scores and confidence levels.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every result across pages; `.pages()` gives each `SearchPage`, `.page` the first. The options that
            apply to further pages carry over to them.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        args = {
            "index_id": index_id,
            "search_options": search_options,
            "query_media_type": query_media_type,
            "query_media_url": query_media_url,
            "query_media_file": query_media_file,
            "query_media_urls": query_media_urls,
            "query_media_files": query_media_files,
            "query_text": query_text,
            "transcription_options": transcription_options,
            "group_by": group_by,
            "operator": operator,
            "page_limit": page_limit,
            "filter": filter,
            "include_user_metadata": include_user_metadata,
            "adjust_confidence_level": adjust_confidence_level,
            "threshold": threshold,
            "sort_option": sort_option,
        }
        warn_deprecated(_routes.search_create, args)
        return SyncPager(
            self._runner, self._client._token_pager(_routes.search_create, args, request_options, prefetch)
        )

    def retrieve(
        self,
        page_token: str,
        *,
        include_user_metadata: bool | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.SearchPage:
        """Retrieve a further page of search results by its token (tokens expire).

        `GET /search/{page_token}`

        Args:
            page_token: A token that identifies the page to retrieve.
            include_user_metadata: Include each video's user metadata in the results.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `SearchPage`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.search_retrieve,
            {"page_token": page_token, "include_user_metadata": include_user_metadata},
            request_options,
        )
