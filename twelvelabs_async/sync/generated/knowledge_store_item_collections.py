# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.knowledge_store_item_collections` and the namespaces in it: blocking methods, each running the async
funnel on the client's portal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.routes import knowledge_stores as _routes
from twelvelabs_async.sync._iterators import SyncPager

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.resources.generated.knowledge_store_item_collections import (
        AsyncKnowledgeStoreItemCollectionsResource,
    )
    from twelvelabs_async.sync._runner import PortalRunner


class SyncKnowledgeStoreItemCollectionsResource:
    """Blocking methods of `client.knowledge_store_item_collections`."""

    def __init__(
        self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncKnowledgeStoreItemCollectionsResource
    ) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def add_items(
        self,
        knowledge_store_id: str,
        collection_id: str,
        *,
        item_ids: str | Sequence[str],
        request_options: RequestOptions | None = None,
    ) -> _models.KnowledgeStoreItemCollection:
        """Add items of the store to a collection (items already in it are skipped).

        `POST /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/add`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            collection_id: The unique identifier of the item collection.
            item_ids: The items to add (at most 500 a request).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStoreItemCollection`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.knowledge_store_item_collections_add_items,
            {"knowledge_store_id": knowledge_store_id, "collection_id": collection_id, "item_ids": item_ids},
            request_options,
        )

    def create(
        self,
        knowledge_store_id: str,
        *,
        name: str,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.KnowledgeStoreItemCollection:
        """Create an item collection: a named set of a store's items.

        `POST /knowledge-stores/{knowledge_store_id}/item-collections`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            name: The name, unique within the store.
            description: A description of the collection.
            metadata: Custom metadata of the item collection. A mapping of str to str (numbers, bools and lists
                of str are sent as given).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStoreItemCollection`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.knowledge_store_item_collections_create,
            {"knowledge_store_id": knowledge_store_id, "name": name, "description": description, "metadata": metadata},
            request_options,
        )

    def delete(
        self, knowledge_store_id: str, collection_id: str, *, request_options: RequestOptions | None = None
    ) -> None:
        """Delete an item collection (its items stay in the store).

        `DELETE /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            collection_id: The unique identifier of the item collection.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call,
            _routes.knowledge_store_item_collections_delete,
            {"knowledge_store_id": knowledge_store_id, "collection_id": collection_id},
            request_options,
        )

    def list(
        self,
        knowledge_store_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: Literal["created_at", "updated_at", "name"] | str | None = None,
        sort_option: Literal["asc", "desc"] | str | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.KnowledgeStoreItemCollection, _models.KnowledgeStoreItemCollectionPage]:
        """List the item collections of a knowledge store.

        `GET /knowledge-stores/{knowledge_store_id}/item-collections`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by. Documented values: `created_at`, `updated_at`, `name` (others are sent as
                given). API default: `created_at`.
            sort_option: Sort order. Documented values: `asc`, `desc` (others are sent as given). API default:
                `desc`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every item across pages; `.pages()` gives each `KnowledgeStoreItemCollectionPage`, `.page` the
            first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(
            self._runner,
            self._client._paginate(
                _routes.knowledge_store_item_collections_list,
                {
                    "knowledge_store_id": knowledge_store_id,
                    "page": page,
                    "page_limit": page_limit,
                    "sort_by": sort_by,
                    "sort_option": sort_option,
                },
                request_options,
                prefetch,
            ),
        )

    def list_items(
        self,
        knowledge_store_id: str,
        collection_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.KnowledgeStoreItem, _models.KnowledgeStoreItemPage]:
        """List the items of an item collection.

        `GET /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            collection_id: The unique identifier of the item collection.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            prefetch: Fetch the next page while the caller works on the current one.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            A pager holding the first page, fetched before the call returns (errors raise here, files are read
            here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for
            every item across pages; `.pages()` gives each `KnowledgeStoreItemPage`, `.page` the first.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return SyncPager(
            self._runner,
            self._client._paginate(
                _routes.knowledge_store_item_collections_list_items,
                {
                    "knowledge_store_id": knowledge_store_id,
                    "collection_id": collection_id,
                    "page": page,
                    "page_limit": page_limit,
                },
                request_options,
                prefetch,
            ),
        )

    def remove_items(
        self,
        knowledge_store_id: str,
        collection_id: str,
        *,
        item_ids: str | Sequence[str],
        request_options: RequestOptions | None = None,
    ) -> None:
        """Remove items from a collection (they stay in the store; ids not in the collection are ignored).

        `POST /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/remove`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            collection_id: The unique identifier of the item collection.
            item_ids: The items to remove (at most 500 a request).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call,
            _routes.knowledge_store_item_collections_remove_items,
            {"knowledge_store_id": knowledge_store_id, "collection_id": collection_id, "item_ids": item_ids},
            request_options,
        )

    def retrieve(
        self, knowledge_store_id: str, collection_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.KnowledgeStoreItemCollection:
        """Retrieve an item collection.

        `GET /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            collection_id: The unique identifier of the item collection.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStoreItemCollection`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.knowledge_store_item_collections_retrieve,
            {"knowledge_store_id": knowledge_store_id, "collection_id": collection_id},
            request_options,
        )

    def update(
        self,
        knowledge_store_id: str,
        collection_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.KnowledgeStoreItemCollection:
        """Update an item collection's name, description or metadata (`{}` clears the metadata).

        `PATCH /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            collection_id: The unique identifier of the item collection.
            name: The new name, unique within the store.
            description: The new description.
            metadata: Custom metadata of the item collection. A mapping of str to str (numbers, bools and lists
                of str are sent as given).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStoreItemCollection`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.knowledge_store_item_collections_update,
            {
                "knowledge_store_id": knowledge_store_id,
                "collection_id": collection_id,
                "name": name,
                "description": description,
                "metadata": metadata,
            },
            request_options,
        )
