# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.knowledge_stores` and the namespaces in it: async methods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.routes import knowledge_stores as _routes

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._pagination import AsyncPager


class AsyncKnowledgeStoresResource:
    """Methods of `client.knowledge_stores`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client

    async def create(
        self,
        *,
        name: str,
        ingestion_config: str | Mapping[str, Any] | Any | None = None,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.KnowledgeStore:
        """Create a knowledge store: a name, and how what is added to it is enriched (immutable afterwards).

        `POST /knowledge-stores`

        Args:
            name: The name of the knowledge store.
            ingestion_config: How content added to the store is processed. `{'enrichment_config': {...}}`; or
                the enrichment alone: a str of instructions (`type: description`), a JSON schema `{'type':
                'object', 'properties': {...}}` (`type: json_schema`), or the tagged config. Immutable once the
                store exists.
            description: A description of the knowledge store.
            metadata: Custom metadata of the knowledge store. A mapping of str to str (numbers, bools and lists
                of str are sent as given).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStore`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.knowledge_stores_create,
            {"name": name, "ingestion_config": ingestion_config, "description": description, "metadata": metadata},
            request_options,
        )

    async def delete(self, knowledge_store_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Delete a knowledge store and all its items. Irreversible.

        `DELETE /knowledge-stores/{knowledge_store_id}`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        await self._client._call(
            _routes.knowledge_stores_delete, {"knowledge_store_id": knowledge_store_id}, request_options
        )

    def list(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: Literal["created_at", "updated_at"] | str | None = None,
        sort_option: Literal["asc", "desc"] | str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.KnowledgeStore, _models.KnowledgeStorePage]:
        """List the knowledge stores of the account.

        `GET /knowledge-stores`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by. Documented values: `created_at`, `updated_at` (others are sent as given).
                API default: `created_at`.
            sort_option: Sort order. Documented values: `asc`, `desc` (others are sent as given). API default:
                `desc`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`,
            `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it
            (awaited or not) gives every item across pages; `.pages()` gives each `KnowledgeStorePage`, `await
            .first_page()` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._paginate(
            _routes.knowledge_stores_list,
            {"page": page, "page_limit": page_limit, "sort_by": sort_by, "sort_option": sort_option},
            request_options,
            prefetch,
        )

    async def retrieve(
        self, knowledge_store_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.KnowledgeStore:
        """Retrieve a knowledge store.

        `GET /knowledge-stores/{knowledge_store_id}`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStore`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.knowledge_stores_retrieve, {"knowledge_store_id": knowledge_store_id}, request_options
        )

    async def search(
        self,
        knowledge_store_id: str,
        *,
        query: str | Mapping[str, Any] | Any,
        filter: Mapping[str, Any] | Any | None = None,
        search_options: str | Sequence[str] | Mapping[str, Any] | Any | None = None,
        group_by: Literal["none", "item"] | str | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
        include_metadata: bool | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.KnowledgeStoreSearchPage:
        """Search a knowledge store in natural language; returns one page (`search_pages` iterates every page).

        `POST /knowledge-stores/{knowledge_store_id}/search`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            query: What to search for. The query text (a str), or `{'text': ...}`.
            filter: Narrow the search to some items. Which items to search, by `asset_type` and/or `item_id`:
                `{'asset_type': 'video'}` (a str means `eq`), `{'item_id': ['ksi_1', 'ksi_2']}` (a list means
                `in`), or the API's `{'eq': ...}` / `{'in': [...]}`.
            search_options: How videos are matched: the modalities (`'visual'`, `'audio'`, or both in a list),
                or `{'video': {'modalities': [...]}}`. Images always match on visual content.
            group_by: `none`: one result per clip or image; `item`: one per item, its clips inside. Documented
                values: `none`, `item` (others are sent as given). API default: `none`.
            page_size: Results per page. Range 1 to 50. API default: `10`.
            page_token: The `next_page_token` of the previous page (it stands for the original search, whose
                other fields are then ignored; an expired token raises `GoneError`).
            include_metadata: Include each result's system and user metadata. API default: `false`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStoreSearchPage`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.knowledge_stores_search,
            {
                "knowledge_store_id": knowledge_store_id,
                "query": query,
                "filter": filter,
                "search_options": search_options,
                "group_by": group_by,
                "page_size": page_size,
                "page_token": page_token,
                "include_metadata": include_metadata,
            },
            request_options,
        )

    def search_pages(
        self,
        knowledge_store_id: str,
        *,
        query: str | Mapping[str, Any] | Any,
        filter: Mapping[str, Any] | Any | None = None,
        search_options: str | Sequence[str] | Mapping[str, Any] | Any | None = None,
        group_by: Literal["none", "item"] | str | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
        include_metadata: bool | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.KnowledgeStoreSearchResult, _models.KnowledgeStoreSearchPage]:
        """Search a knowledge store in natural language; returns one page (`search_pages` iterates every page).

        `POST /knowledge-stores/{knowledge_store_id}/search`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            query: What to search for. The query text (a str), or `{'text': ...}`.
            filter: Narrow the search to some items. Which items to search, by `asset_type` and/or `item_id`:
                `{'asset_type': 'video'}` (a str means `eq`), `{'item_id': ['ksi_1', 'ksi_2']}` (a list means
                `in`), or the API's `{'eq': ...}` / `{'in': [...]}`.
            search_options: How videos are matched: the modalities (`'visual'`, `'audio'`, or both in a list),
                or `{'video': {'modalities': [...]}}`. Images always match on visual content.
            group_by: `none`: one result per clip or image; `item`: one per item, its clips inside. Documented
                values: `none`, `item` (others are sent as given). API default: `none`.
            page_size: Results per page. Range 1 to 50. API default: `10`.
            page_token: The `next_page_token` of the previous page (it stands for the original search, whose
                other fields are then ignored; an expired token raises `GoneError`).
            include_metadata: Include each result's system and user metadata. API default: `false`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager over every page. `pager = await ...` fetches the first page and gives the pager holding it
            (`.items`, `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for`
            over it (awaited or not) gives every result across pages; `.pages()` gives each
            `KnowledgeStoreSearchPage`. The options that apply to further pages (and request_options) carry over
            to them.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._token_pager(
            _routes.knowledge_stores_search,
            {
                "knowledge_store_id": knowledge_store_id,
                "query": query,
                "filter": filter,
                "search_options": search_options,
                "group_by": group_by,
                "page_size": page_size,
                "page_token": page_token,
                "include_metadata": include_metadata,
            },
            request_options,
            prefetch,
        )

    async def update(
        self,
        knowledge_store_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.KnowledgeStore:
        """Update a knowledge store's name, description or metadata (`metadata` replaces the old one in full).

        `PATCH /knowledge-stores/{knowledge_store_id}`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            name: The new name.
            description: The new description.
            metadata: Custom metadata of the knowledge store. A mapping of str to str (numbers, bools and lists
                of str are sent as given; None is sent as null, which the API stores as an empty string).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStore`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.knowledge_stores_update,
            {"knowledge_store_id": knowledge_store_id, "name": name, "description": description, "metadata": metadata},
            request_options,
        )
