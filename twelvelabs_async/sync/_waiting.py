"""The blocking form of a many-item waiter: iterate it for each item as it finishes, or ``wait()`` for all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from twelvelabs_async.sync._iterators import END, next_or_end

if TYPE_CHECKING:
    from twelvelabs_async._waiters import StatusWaiter
    from twelvelabs_async.sync._runner import PortalRunner

S = TypeVar("S")


class SyncStatusWaiter(Generic[S]):
    """What a blocking ``wait_many`` returns: iterate it for each item as it finishes, or call ``wait()`` for every
    final item in the order of the ids given. Usable once."""

    def __init__(self, runner: PortalRunner, waiter: StatusWaiter[Any]) -> None:
        self._runner = runner
        self._waiter = waiter

    @property
    def requests(self) -> int:
        """Requests made so far."""
        return self._waiter.requests

    def wait(self) -> list[S]:
        async def collect() -> list[S]:
            return await self._waiter

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


__all__ = ["SyncStatusWaiter"]
