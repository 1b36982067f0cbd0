# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.knowledge_store_items` and the namespaces in it: blocking methods, each running the async funnel on
the client's portal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.routes import knowledge_stores as _routes
from twelvelabs_async.sync._iterators import SyncPager
from twelvelabs_async.sync._knowledge_store_items_helpers import SyncKnowledgeStoreItemsHelpers

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.resources.generated.knowledge_store_items import AsyncKnowledgeStoreItemsResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncKnowledgeStoreItemsResource(SyncKnowledgeStoreItemsHelpers):
    """Blocking methods of `client.knowledge_store_items`."""

    def __init__(
        self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncKnowledgeStoreItemsResource
    ) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def create(
        self,
        knowledge_store_id: str,
        *,
        asset_id: str,
        asset_type: Literal["video", "image"] | str | None = None,
        metadata: Mapping[str, Any] | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.KnowledgeStoreItem:
        """Add an asset (at most 5 GB) to a knowledge store; it is processed in the background (`wait_for_done`).

        `POST /knowledge-stores/{knowledge_store_id}/items`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            asset_id: The asset to add.
            asset_type: The type of item. Documented values: `video`, `image` (others are sent as given).
            metadata: Custom metadata of the item. A mapping of str to str (numbers, bools and lists of str are
                sent as given).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStoreItem`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.knowledge_store_items_create,
            {
                "knowledge_store_id": knowledge_store_id,
                "asset_id": asset_id,
                "asset_type": asset_type,
                "metadata": metadata,
            },
            request_options,
        )

    def delete(self, knowledge_store_id: str, item_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Remove an item from a knowledge store (the asset stays).

        `DELETE /knowledge-stores/{knowledge_store_id}/items/{item_id}`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            item_id: The unique identifier of the knowledge store item.
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
            _routes.knowledge_store_items_delete,
            {"knowledge_store_id": knowledge_store_id, "item_id": item_id},
            request_options,
        )

    def list(
        self,
        knowledge_store_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        sort_by: Literal["created_at", "updated_at"] | str | None = None,
        sort_option: Literal["asc", "desc"] | str | None = None,
        status: Literal["queued", "pending", "processing", "ready", "failed"]
        | str
        | Sequence[Literal["queued", "pending", "processing", "ready", "failed"] | str]
        | None = None,
        prefetch: bool = False,
        request_options: RequestOptions | None = None,
    ) -> SyncPager[_models.KnowledgeStoreItem, _models.KnowledgeStoreItemPage]:
        """List the items of a knowledge store.

        `GET /knowledge-stores/{knowledge_store_id}/items`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            sort_by: Field to sort by. Documented values: `created_at`, `updated_at` (others are sent as given).
                API default: `created_at`.
            sort_option: Sort order. Documented values: `asc`, `desc` (others are sent as given). API default:
                `desc`.
            status: Only items in these statuses; several are sent as repeated keys. Documented values:
                `queued`, `pending`, `processing`, `ready`, `failed` (others are sent as given).
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
                _routes.knowledge_store_items_list,
                {
                    "knowledge_store_id": knowledge_store_id,
                    "page": page,
                    "page_limit": page_limit,
                    "sort_by": sort_by,
                    "sort_option": sort_option,
                    "status": status,
                },
                request_options,
                prefetch,
            ),
        )

    def retrieve(
        self, knowledge_store_id: str, item_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.KnowledgeStoreItem:
        """Retrieve an item of a knowledge store.

        `GET /knowledge-stores/{knowledge_store_id}/items/{item_id}`

        Args:
            knowledge_store_id: The unique identifier of the knowledge store.
            item_id: The unique identifier of the knowledge store item.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `KnowledgeStoreItem`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.knowledge_store_items_retrieve,
            {"knowledge_store_id": knowledge_store_id, "item_id": item_id},
            request_options,
        )
