# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.entity_collections` and the namespaces in it: async methods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.routes import entity_collections as _routes

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._pagination import AsyncPager


class AsyncEntityCollectionsEntitiesResource:
    """Methods of `client.entity_collections.entities`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client

    async def create(
        self,
        entity_collection_id: str,
        *,
        name: str,
        asset_ids: str | Sequence[str],
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.Entity:
        """Create an entity from at least one reference asset.

        `POST /entity-collections/{entity_collection_id}/entities`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            name: A succinct, descriptive name.
            asset_ids: The reference assets that identify the entity (at least one).
            description: What the entity is.
            metadata: Your key-value pairs for the entity.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Entity`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.entity_collections_entities_create,
            {
                "entity_collection_id": entity_collection_id,
                "name": name,
                "asset_ids": asset_ids,
                "description": description,
                "metadata": metadata,
            },
            request_options,
        )

    async def create_assets(
        self,
        entity_collection_id: str,
        entity_id: str,
        *,
        asset_ids: str | Sequence[str],
        request_options: RequestOptions | None = None,
    ) -> _models.Entity:
        """Add reference assets to an entity (it is `processing` again for a while).

        `POST /entity-collections/{entity_collection_id}/entities/{entity_id}/assets`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            entity_id: The unique identifier of the entity.
            asset_ids: The assets to add.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Entity`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.entity_collections_entities_create_assets,
            {"entity_collection_id": entity_collection_id, "entity_id": entity_id, "asset_ids": asset_ids},
            request_options,
        )

    async def create_bulk(
        self,
        entity_collection_id: str,
        *,
        entities: Sequence[Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
    ) -> _models.EntityBulkCreated:
        """Create many entities in one request; the answer says which were made and why others were not.

        `POST /entity-collections/{entity_collection_id}/entities/bulk`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            entities: The entities, each `{'name': ..., 'asset_ids': [...] (at least one), 'description'?,
                'metadata'?}`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EntityBulkCreated`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.entity_collections_entities_create_bulk,
            {"entity_collection_id": entity_collection_id, "entities": entities},
            request_options,
        )

    async def delete(
        self, entity_collection_id: str, entity_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """Delete an entity (its assets stay).

        `DELETE /entity-collections/{entity_collection_id}/entities/{entity_id}`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            entity_id: The unique identifier of the entity.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        await self._client._call(
            _routes.entity_collections_entities_delete,
            {"entity_collection_id": entity_collection_id, "entity_id": entity_id},
            request_options,
        )

    async def delete_assets(
        self,
        entity_collection_id: str,
        entity_id: str,
        *,
        asset_ids: str | Sequence[str],
        request_options: RequestOptions | None = None,
    ) -> _models.Entity:
        """Remove reference assets from an entity (too few left can hurt recognition).

        `DELETE /entity-collections/{entity_collection_id}/entities/{entity_id}/assets`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            entity_id: The unique identifier of the entity.
            asset_ids: The assets to remove.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Entity`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.entity_collections_entities_delete_assets,
            {"entity_collection_id": entity_collection_id, "entity_id": entity_id, "asset_ids": asset_ids},
            request_options,
        )

    def list(
        self,
        entity_collection_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        name: str | None = None,
        status: Literal["processing", "ready"] | str | None = None,
        sort_by: Literal["created_at", "updated_at", "name"] | str | None = None,
        sort_option: Literal["asc", "desc"] | str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.Entity, _models.EntityPage]:
        """List the entities of a collection.

        `GET /entity-collections/{entity_collection_id}/entities`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            name: Filter by name.
            status: Filter by status. Documented values: `processing`, `ready` (others are sent as given).
            sort_by: Field to sort by. Documented values: `created_at`, `updated_at`, `name` (others are sent as
                given). API default: `created_at`.
            sort_option: Sort order. Documented values: `asc`, `desc` (others are sent as given). API default:
                `desc`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`,
            `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it
            (awaited or not) gives every item across pages; `.pages()` gives each `EntityPage`, `await
            .first_page()` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._paginate(
            _routes.entity_collections_entities_list,
            {
                "entity_collection_id": entity_collection_id,
                "page": page,
                "page_limit": page_limit,
                "name": name,
                "status": status,
                "sort_by": sort_by,
                "sort_option": sort_option,
            },
            request_options,
            prefetch,
        )

    def list_by_asset(
        self,
        asset_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.Entity, _models.EntityPage]:
        """List the entities whose reference assets include this asset.

        `GET /assets/{asset_id}/entities`

        Args:
            asset_id: The unique identifier of the asset.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`,
            `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it
            (awaited or not) gives every item across pages; `.pages()` gives each `EntityPage`, `await
            .first_page()` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._paginate(
            _routes.entity_collections_entities_list_by_asset,
            {"asset_id": asset_id, "page": page, "page_limit": page_limit},
            request_options,
            prefetch,
        )

    async def retrieve(
        self, entity_collection_id: str, entity_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.Entity:
        """Retrieve an entity.

        `GET /entity-collections/{entity_collection_id}/entities/{entity_id}`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            entity_id: The unique identifier of the entity.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Entity`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.entity_collections_entities_retrieve,
            {"entity_collection_id": entity_collection_id, "entity_id": entity_id},
            request_options,
        )

    async def update(
        self,
        entity_collection_id: str,
        entity_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.Entity:
        """Change an entity's name, description or metadata (its assets: `create_assets` / `delete_assets`).

        `PATCH /entity-collections/{entity_collection_id}/entities/{entity_id}`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            entity_id: The unique identifier of the entity.
            name: The new name.
            description: The new description.
            metadata: New metadata; replaces the old metadata entirely.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Entity`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.entity_collections_entities_update,
            {
                "entity_collection_id": entity_collection_id,
                "entity_id": entity_id,
                "name": name,
                "description": description,
                "metadata": metadata,
            },
            request_options,
        )


class AsyncEntityCollectionsResource:
    """Methods of `client.entity_collections`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client
        self.entities = AsyncEntityCollectionsEntitiesResource(client)

    async def create(
        self, *, name: str, description: str | None = None, request_options: RequestOptions | None = None
    ) -> _models.EntityCollection:
        """Create an entity collection.

        `POST /entity-collections`

        Args:
            name: A succinct, descriptive name.
            description: What the collection holds.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EntityCollection`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.entity_collections_create, {"name": name, "description": description}, request_options
        )

    async def delete(self, entity_collection_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Delete an entity collection (cannot be undone).

        `DELETE /entity-collections/{entity_collection_id}`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        await self._client._call(
            _routes.entity_collections_delete, {"entity_collection_id": entity_collection_id}, request_options
        )

    def list(
        self,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        name: str | None = None,
        sort_by: Literal["created_at", "updated_at", "name"] | str | None = None,
        sort_option: Literal["asc", "desc"] | str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> AsyncPager[_models.EntityCollection, _models.EntityCollectionPage]:
        """List entity collections.

        `GET /entity-collections`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            name: Filter by name.
            sort_by: Field to sort by. Documented values: `created_at`, `updated_at`, `name` (others are sent as
                given). API default: `created_at`.
            sort_option: Sort order. Documented values: `asc`, `desc` (others are sent as given). API default:
                `desc`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`,
            `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it
            (awaited or not) gives every item across pages; `.pages()` gives each `EntityCollectionPage`, `await
            .first_page()` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._client._paginate(
            _routes.entity_collections_list,
            {"page": page, "page_limit": page_limit, "name": name, "sort_by": sort_by, "sort_option": sort_option},
            request_options,
            prefetch,
        )

    async def retrieve(
        self, entity_collection_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.EntityCollection:
        """Retrieve an entity collection.

        `GET /entity-collections/{entity_collection_id}`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EntityCollection`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.entity_collections_retrieve, {"entity_collection_id": entity_collection_id}, request_options
        )

    async def update(
        self,
        entity_collection_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.EntityCollection:
        """Rename an entity collection or change its description.

        `PATCH /entity-collections/{entity_collection_id}`

        Args:
            entity_collection_id: The unique identifier of the entity collection.
            name: The new name.
            description: The new description.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `EntityCollection`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return await self._client._call(
            _routes.entity_collections_update,
            {"entity_collection_id": entity_collection_id, "name": name, "description": description},
            request_options,
        )
