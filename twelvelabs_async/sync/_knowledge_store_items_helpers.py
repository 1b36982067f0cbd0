"""Blocking twins of the ``client.knowledge_store_items`` helpers (waiting for items, adding many assets).

Each runs its async twin on the client's loop thread, so callbacks may be plain functions; they run on that
thread (keep them quick, and do not call the blocking client from them). The docstrings are the async helpers'
own, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from twelvelabs_async.resources.knowledge_store_items import AsyncKnowledgeStoreItemsHelpers
from twelvelabs_async.sync._iterators import END, next_or_end

if TYPE_CHECKING:
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._waiters import StatusCallback, StatusWaiter
    from twelvelabs_async.models import KnowledgeStoreItem
    from twelvelabs_async.resources.generated.knowledge_store_items import AsyncKnowledgeStoreItemsResource
    from twelvelabs_async.sync._runner import PortalRunner

S = TypeVar("S")


class SyncStatusWaiter(Generic[S]):
    """What a blocking ``wait_many`` returns: iterate it for each item as it finishes, or call ``wait()`` for
    every final item in the order of the ids given. Usable once."""

    def __init__(self, runner: PortalRunner, waiter: StatusWaiter[Any]) -> None:
        self._runner = runner
        self._waiter = waiter

    @property
    def requests(self) -> int:
        """Requests made so far."""
        return self._waiter.requests

    def wait(self) -> list[S]:
        async def collect() -> list[S]:
            return list(await self._waiter)

        return self._runner.run(collect)

    def __iter__(self) -> Iterator[S]:
        iterator = self._waiter.__aiter__()
        try:
            while True:
                item = self._runner.run(next_or_end, iterator)
                if item is END:
                    return
                yield item
        finally:
            if not self._runner.closed:
                self._runner.run(iterator.aclose)  # type: ignore[attr-defined]


class SyncKnowledgeStoreItemsHelpers:
    _runner: PortalRunner
    _async: AsyncKnowledgeStoreItemsResource

    def wait_for_done(
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
        return self._runner.run(
            self._async.wait_for_done,
            knowledge_store_id,
            item_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            request_options=request_options,
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
    ) -> SyncStatusWaiter[KnowledgeStoreItem]:
        waiter = self._async.wait_many(
            knowledge_store_id,
            item_ids,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )
        return SyncStatusWaiter(self._runner, waiter)

    def create_many(
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
        return self._runner.run(
            self._async.create_many,
            knowledge_store_id,
            asset_ids=asset_ids,
            asset_type=asset_type,
            metadata=metadata,
            concurrency=concurrency,
            wait=wait,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )

    wait_for_done.__doc__ = AsyncKnowledgeStoreItemsHelpers.wait_for_done.__doc__
    wait_many.__doc__ = (AsyncKnowledgeStoreItemsHelpers.wait_many.__doc__ or "").replace(
        "``await`` the result for every final ``KnowledgeStoreItem`` in the order of ``item_ids``, or\n"
        "        ``async for`` over it",
        "call ``.wait()`` on the result for every final ``KnowledgeStoreItem`` in the order of ``item_ids``, or\n"
        "        iterate it",
    )
    create_many.__doc__ = AsyncKnowledgeStoreItemsHelpers.create_many.__doc__
