"""Hand-written helpers of ``client.knowledge_store_items``: waiting for items to be processed, on the one
polling engine (``_waiters``), and adding many assets at once (mixed into the generated class)."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    # Types only: the waiting machinery and the models load on first use, keeping `import` of the client light.
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._waiters import StatusCallback, StatusWaiter
    from twelvelabs_async.models import KnowledgeStoreItem
    from twelvelabs_async.resources.generated.knowledge_store_items import AsyncKnowledgeStoreItemsResource

ACTIVE_ITEM_STATUSES: tuple[str, ...] = ("queued", "pending", "processing")
MAX_CONCURRENCY = 32


class KnowledgeStoreItemsSource:
    """The items of one knowledge store, for the polling engine: retrieved one by one, or listed by status.

    Items are path-scoped (``/knowledge-stores/{id}/items``) and do not name their store, so one source serves
    one store and every item's scope is that store.
    """

    kind = "knowledge store item"
    active: tuple[str, ...] = ACTIVE_ITEM_STATUSES
    terminal: frozenset[str] = frozenset({"ready", "failed"})
    can_list = True
    can_list_ids = False

    def __init__(
        self, items: AsyncKnowledgeStoreItemsResource, knowledge_store_id: str, request_options: RequestOptions | None
    ) -> None:
        self._items = items
        self._store = knowledge_store_id
        self._options = request_options

    async def retrieve(self, item_id: str) -> KnowledgeStoreItem:
        return await self._items.retrieve(self._store, item_id, request_options=self._options)

    async def list(self, scope: str, statuses: Sequence[str], page: int, *, newest_first: bool) -> Any:
        from twelvelabs_async._waiters import PAGE_LIMIT

        return await self._items.list(
            scope,
            status=list(statuses),
            page=page,
            page_limit=PAGE_LIMIT,
            sort_by="updated_at" if newest_first else None,
            sort_option="desc" if newest_first else None,
            request_options=self._options,
        ).first_page()

    async def list_ids(self, ids: Sequence[str]) -> Sequence[KnowledgeStoreItem]:
        raise NotImplementedError  # pragma: no cover - can_list_ids is False

    def scope_of(self, item: KnowledgeStoreItem) -> str | None:
        return self._store


class AsyncKnowledgeStoreItemsHelpers:
    _client: AsyncTwelveLabs

    async def wait_for_done(
        self,
        knowledge_store_id: str,
        item_id: str,
        *,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        raise_on_failure: bool = False,
        request_options: RequestOptions | None = None,
    ) -> KnowledgeStoreItem:
        """Wait until a knowledge store item is ``ready`` (polls ``GET /knowledge-stores/{id}/items/{item_id}``).

        Args:
            knowledge_store_id: The item's knowledge store.
            item_id: The item (``KnowledgeStoreItem.id`` from ``create``).
            sleep_interval: First delay between polls, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between polls, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with the ``KnowledgeStoreItem`` whenever its status changes (first poll
                included); a plain function or a coroutine function.
            raise_on_failure: Raise ``TaskFailedError`` when the item ends ``failed``, instead of returning it.
            request_options: Per-request timeout, retries, extra headers (for each poll).

        Returns:
            The final ``KnowledgeStoreItem``: ``ready``, or ``failed`` (check ``status``).

        Raises:
            TaskFailedError: with ``raise_on_failure=True`` only: the item ended in ``failed`` (``error.task`` holds
                it).
            WaitTimeoutError: ``timeout`` passed first (``error.task`` holds the last state seen).
            APIStatusError: a non-transient error (e.g. 404 for an unknown item). Connection errors, timeouts,
                429 and 5xx are retried until the deadline.
        """
        from twelvelabs_async._waiters import wait_for_status
        from twelvelabs_async.models import TERMINAL_KNOWLEDGE_STORE_ITEM_STATUSES

        client = self._client

        # A bad id fails in the first fetch, before any request (ArgumentError is not transient: it is raised).
        def fetch() -> Awaitable[KnowledgeStoreItem]:
            return client.knowledge_store_items.retrieve(knowledge_store_id, item_id, request_options=request_options)

        return await wait_for_status(
            fetch,
            item_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            terminal=TERMINAL_KNOWLEDGE_STORE_ITEM_STATUSES,
            kind="knowledge store item",
        )

    def wait_many(
        self,
        knowledge_store_id: str,
        item_ids: Iterable[str],
        *,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> StatusWaiter[KnowledgeStoreItem]:
        """Wait for many items of one knowledge store, polling through its item list by status (about N/50
        requests a round, not N).

        ``await`` the result for every final ``KnowledgeStoreItem`` in the order of ``item_ids``, or
        ``async for`` over it to get each item as it finishes. Failed items are returned (check
        ``item.status``), not raised.

        Args:
            knowledge_store_id: The items' knowledge store.
            item_ids: The items.
            sleep_interval: First delay between rounds, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between rounds, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with each ``KnowledgeStoreItem`` whose status changed in a round (sync or async).
            request_options: Per-request timeout, retries, extra headers.

        Returns:
            A ``StatusWaiter`` (awaitable, async iterable, usable once).

        Raises:
            WaitTimeoutError: ``timeout`` passed first (``error.pending`` holds the unfinished items).
            NotFoundError: an item was deleted while waited for.
            APIStatusError: a non-transient error; transient ones are retried until the deadline.
        """
        from twelvelabs_async._request import check_value
        from twelvelabs_async._waiters import StatusWaiter
        from twelvelabs_async.routes.knowledge_stores import knowledge_store_items_list

        # The store id is checked now, so that a bad one fails here rather than when the waiter is first used.
        check_value(knowledge_store_items_list.param("knowledge_store_id"), knowledge_store_id)
        source = KnowledgeStoreItemsSource(
            cast("AsyncKnowledgeStoreItemsResource", self), knowledge_store_id, request_options
        )
        return StatusWaiter(
            source,
            item_ids,
            scope=knowledge_store_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            ids_name="item_ids",
        )

    async def create_many(
        self,
        knowledge_store_id: str,
        *,
        asset_ids: Iterable[str],
        asset_type: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        concurrency: int = 4,
        wait: bool = True,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> list[KnowledgeStoreItem]:
        """Add many assets to a knowledge store, ``concurrency`` at a time, and (by default) wait until every
        item is processed.

        Every argument is checked for every asset before the first request. A failed item is returned like a
        ready one (check ``item.status``); an error while adding stops the rest (items already added stay in
        the store) and is raised.

        Args:
            knowledge_store_id: The knowledge store.
            asset_ids: The assets to add, each once.
            asset_type: ``video`` or ``image``, for every asset (the API infers it when omitted).
            metadata: Custom metadata for every item.
            concurrency: Items created at once (1 to 32).
            wait: Wait until every item is ``ready`` or ``failed`` (polled through the item list); False returns
                the items as created.
            sleep_interval: First delay between polling rounds, in seconds.
            max_interval: Longest delay between polling rounds, in seconds.
            timeout: Stop waiting after this many seconds (``WaitTimeoutError``, with the unfinished items).
            callback: Called with each item whose status changed while waiting (sync or async).
            request_options: Per-request timeout, retries, extra headers.

        Returns:
            One ``KnowledgeStoreItem`` per asset, in the order given.

        Raises:
            ArgumentError: an argument is invalid (before any request).
            WaitTimeoutError: ``timeout`` passed first.
            APIStatusError: the API refused an item (e.g. an unknown asset).
        """
        import asyncio  # here, not at the top: `import twelvelabs_async` must not load asyncio

        from twelvelabs_async._errors import ArgumentError
        from twelvelabs_async._waiters import check_timeout
        from twelvelabs_async.routes.knowledge_stores import knowledge_store_items_create as route

        if isinstance(asset_ids, str):
            raise ArgumentError("asset_ids", "expected a collection of asset ids, not a single str")
        ids = list(asset_ids)
        if not all(isinstance(asset_id, str) and asset_id for asset_id in ids):
            raise ArgumentError("asset_ids", "ids must be non-empty str")
        if len(set(ids)) != len(ids):
            raise ArgumentError("asset_ids", "each asset can be added once")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= MAX_CONCURRENCY:
            raise ArgumentError("concurrency", f"must be an int from 1 to {MAX_CONCURRENCY}, got {concurrency!r}")
        check_timeout(timeout)
        client = self._client
        args = [
            {"knowledge_store_id": knowledge_store_id, "asset_id": asset_id, "asset_type": asset_type,
             "metadata": metadata}
            for asset_id in ids
        ]
        for one in args:  # every asset is checked before the first request, so a bad one cannot stop halfway
            client._prepare(route, one, request_options)
        limit = asyncio.Semaphore(concurrency)

        async def create(one: Mapping[str, Any]) -> KnowledgeStoreItem:
            async with limit:
                return await client._call(route, one, request_options)

        tasks = [asyncio.ensure_future(create(one)) for one in args]
        try:
            created = list(await asyncio.gather(*tasks))
        except BaseException:
            # gather leaves the other creations running when one fails: stop them before they outlive the call.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        if not wait or not created:
            return created
        waiter = self.wait_many(
            knowledge_store_id,
            [item.id for item in created],
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )
        return await waiter
