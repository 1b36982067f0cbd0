"""Hand-written helpers of ``client.indexes.indexed_assets``: waiting for indexing, one or many (on the one polling
engine: many indexed assets of an index cost about N/50 requests a round)."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._waiters import StatusCallback, StatusWaiter
    from twelvelabs_async.models import IndexedAsset

ACTIVE_INDEXED_ASSET_STATUSES = ("pending", "queued", "indexing")


class IndexedAssetsSource:
    """Indexed assets on the polling engine: listed per index by status."""

    kind = "indexed asset"
    active: tuple[str, ...] = ACTIVE_INDEXED_ASSET_STATUSES
    terminal = frozenset({"ready", "failed"})
    can_list = True
    can_list_ids = False

    def __init__(self, client: AsyncTwelveLabs, index_id: str, request_options: RequestOptions | None) -> None:
        self._client = client
        self._index_id = index_id
        self._options = request_options

    async def retrieve(self, item_id: str) -> IndexedAsset:
        return await self._client.indexes.indexed_assets.retrieve(
            self._index_id, item_id, request_options=self._options
        )

    async def list(self, scope: str, statuses: Sequence[str], page: int, *, newest_first: bool) -> Any:
        return await self._client.indexes.indexed_assets.list(
            scope,
            status=list(statuses),
            page=page,
            page_limit=50,
            sort_by="updated_at" if newest_first else None,
            sort_option="desc" if newest_first else None,
            request_options=self._options,
        ).first_page()

    async def list_ids(self, ids: Sequence[str]) -> Sequence[IndexedAsset]:
        raise NotImplementedError  # pragma: no cover - can_list_ids is False

    def scope_of(self, item: IndexedAsset) -> str | None:
        return self._index_id


class AsyncIndexedAssetsHelpers:
    _client: AsyncTwelveLabs

    async def wait_for_done(
        self,
        index_id: str,
        indexed_asset_id: str,
        *,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        raise_on_failure: bool = False,
        request_options: RequestOptions | None = None,
    ) -> IndexedAsset:
        """Wait until an indexed asset is ``ready`` (polls ``GET /indexes/{index_id}/indexed-assets/{id}``).

        Args:
            index_id: The index.
            indexed_asset_id: The indexed asset (``IndexedAssetCreated.id``).
            sleep_interval: First delay between polls, in seconds; each next one 1.5 times longer (with up to 20%
                jitter) up to ``max_interval``.
            max_interval: Longest delay between polls, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with the ``IndexedAsset`` whenever its status changes (sync or async).
            raise_on_failure: Raise ``TaskFailedError`` when the indexed asset ends ``failed``, instead of returning
                it.
            request_options: Per-request timeout, retries, extra headers (for each poll).

        Returns:
            The final indexed asset: ``ready``, or ``failed`` (check ``status``).

        Raises:
            TaskFailedError: with ``raise_on_failure=True`` only: indexing ``failed`` (``error.task`` holds the
                indexed asset).
            WaitTimeoutError: ``timeout`` passed first.
        """
        from twelvelabs_async._waiters import wait_for_status

        source = IndexedAssetsSource(self._client, index_id, request_options)

        def fetch() -> Awaitable[IndexedAsset]:
            return source.retrieve(indexed_asset_id)

        return await wait_for_status(
            fetch,
            indexed_asset_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            raise_on_failure=raise_on_failure,
            terminal=source.terminal,
            kind=source.kind,
        )

    def wait_many(
        self,
        indexed_asset_ids: Iterable[str],
        *,
        index_id: str,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> StatusWaiter[IndexedAsset]:
        """Wait for many indexed assets of one index through its status-filtered list (about N/50 requests a
        round). ``await`` it for every final ``IndexedAsset`` in the order given, or ``async for`` to get each as
        it finishes; failed ones are returned (check ``status``), the deadline raises ``WaitTimeoutError``."""
        from twelvelabs_async._waiters import StatusWaiter

        return StatusWaiter(
            IndexedAssetsSource(self._client, index_id, request_options),
            indexed_asset_ids,
            scope=index_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            ids_name="indexed_asset_ids",
        )


__all__ = ["AsyncIndexedAssetsHelpers", "IndexedAssetsSource"]
