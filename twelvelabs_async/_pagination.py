"""Async paginators for page-number lists and token-paged search.

A pager is lazy. ``await pager`` gives the first page; ``async for item in pager`` gives every item across
pages; ``pager.pages()`` gives the pages. It stops where the API says the data ends (``page_info.total_page``, or
no ``next_page_token``), so no request is wasted past the end, and an error on any page is raised, never
swallowed. With ``prefetch=True`` the next page is fetched while the caller works on the current one: at most
one page ahead, cancelled when the caller stops early.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Sequence
from typing import Any, Generic, TypeVar

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")

FetchPage = Callable[[], Awaitable[PageT]]
# How to fetch the page after ``page`` (None at the end); ``position`` is that page's 0-based place in this
# iteration, so each iteration counts for itself even when several share the pager's cached first page.
NextPage = Callable[[PageT, int], "FetchPage[PageT] | None"]


class AsyncPager(Generic[ItemT, PageT]):
    """Pages of ``PageT`` holding items of ``ItemT``."""

    def __init__(
        self,
        first: FetchPage[PageT],
        next_of: NextPage[PageT],
        items_of: Callable[[PageT], Sequence[ItemT]],
        *,
        prefetch: bool = False,
    ) -> None:
        self._first = first
        self._next_of = next_of
        self._items_of = items_of
        self._prefetch = prefetch
        self._first_page: PageT | None = None
        self._first_lock: asyncio.Lock | None = None

    async def first_page(self) -> PageT:
        """The first page, fetched once and remembered (iteration starts from it without a second request)."""
        if self._first_page is None:
            if self._first_lock is None:
                self._first_lock = asyncio.Lock()
            async with self._first_lock:
                if self._first_page is None:
                    self._first_page = await self._first()
        return self._first_page

    def __await__(self) -> Generator[Any, None, PageT]:
        return self.first_page().__await__()

    def pages(self) -> PageIterator[PageT]:
        return PageIterator(self.first_page, self._next_of, prefetch=self._prefetch)

    def __aiter__(self) -> AsyncIterator[ItemT]:
        # An async generator: leaving ``async for`` early drops it, and asyncio finalizes it at once, which
        # cancels a prefetch still in flight instead of leaving it to the garbage collector.
        return self._items()

    async def _items(self) -> AsyncIterator[ItemT]:
        pages = self.pages()
        try:
            async for page in pages:
                for item in self._items_of(page):
                    yield item
        finally:
            await pages.aclose()

    def items(self) -> ItemIterator[ItemT, PageT]:
        """An explicit item iterator with ``aclose()`` and ``async with``, for callers that stop early."""
        return ItemIterator(self.pages(), self._items_of)

    async def to_list(self, limit: int | None = None) -> list[ItemT]:
        """Every item (or the first ``limit``), in order."""
        out: list[ItemT] = []
        if limit is not None and limit <= 0:
            return out
        async with self.items() as iterator:
            async for item in iterator:
                out.append(item)
                if limit is not None and len(out) >= limit:
                    break  # before asking for a page that would not be used
        return out


class PageIterator(Generic[PageT]):
    """Iterates pages; ``aclose()`` (or ``async with``) cancels a prefetch still in flight."""

    def __init__(
        self,
        first: FetchPage[PageT],
        next_of: NextPage[PageT],
        *,
        prefetch: bool,
    ) -> None:
        self._upcoming: FetchPage[PageT] | None = first
        self._next_of = next_of
        self._prefetch = prefetch
        self._pending: asyncio.Future[PageT] | None = None
        self.pages_fetched = 0

    def __aiter__(self) -> PageIterator[PageT]:
        return self

    async def __anext__(self) -> PageT:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            page = await pending
        elif self._upcoming is not None:
            fetch, self._upcoming = self._upcoming, None
            page = await fetch()
        else:
            raise StopAsyncIteration
        self.pages_fetched += 1
        following = self._next_of(page, self.pages_fetched - 1)
        if following is not None and self._prefetch:
            self._pending = asyncio.ensure_future(following())
        else:
            self._upcoming = following
        return page

    async def aclose(self) -> None:
        self._upcoming = None
        pending, self._pending = self._pending, None
        if pending is not None and not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pending
        elif pending is not None and pending.done() and not pending.cancelled():
            pending.exception()  # mark a failed prefetch as seen: the caller stopped before needing it

    async def __aenter__(self) -> PageIterator[PageT]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __del__(self) -> None:
        pending = self._pending
        if pending is not None and not pending.done():
            with contextlib.suppress(RuntimeError):  # the loop may be closed already
                pending.cancel()


class ItemIterator(Generic[ItemT, PageT]):
    """Iterates items across pages."""

    def __init__(self, pages: PageIterator[PageT], items_of: Callable[[PageT], Sequence[ItemT]]) -> None:
        self._pages = pages
        self._items_of = items_of
        self._items: Sequence[ItemT] = ()
        self._index = 0

    def __aiter__(self) -> ItemIterator[ItemT, PageT]:
        return self

    async def __anext__(self) -> ItemT:
        while self._index >= len(self._items):
            page = await self._pages.__anext__()
            self._items = self._items_of(page)
            self._index = 0
        item = self._items[self._index]
        self._index += 1
        return item

    async def aclose(self) -> None:
        await self._pages.aclose()

    async def __aenter__(self) -> ItemIterator[ItemT, PageT]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def page_numbers(
    fetch_page: Callable[[int], Awaitable[PageT]], first: int, items_field: str = "data"
) -> NextPage[PageT]:
    """The follow-up rule of a page-number list that started at page ``first``.

    Pages are counted from the number asked for, not from the one the server echoes (a server repeating
    ``page=1`` must not loop forever). The list ends at ``page_info.total_page``, at the first empty page
    (whatever ``total_page`` says: a server claiming a billion pages of nothing is not followed), and at the
    last page that ``total_results`` can need.
    """

    def next_of(page: PageT, position: int) -> FetchPage[PageT] | None:
        following = first + position + 1
        if not getattr(page, items_field, None):
            return None
        last = _last_page(getattr(page, "page_info", None))
        if last is not None and following > last:
            return None
        return lambda: fetch_page(following)

    return next_of


def _last_page(info: Any) -> int | None:
    total: int | None = getattr(info, "total_page", None)
    results = getattr(info, "total_results", None)
    per_page = getattr(info, "limit_per_page", None)
    if isinstance(results, int) and isinstance(per_page, int) and per_page > 0:
        needed = max(1, -(-results // per_page))
        total = needed if total is None else min(total, needed)
    return total


def next_page_token(page: Any) -> str | None:
    """The token of the page after ``page``: in its ``page_info`` (search) or at its top level (body-token routes)."""
    token = getattr(getattr(page, "page_info", None), "next_page_token", None)
    if token is None:
        token = getattr(page, "next_page_token", None)
    return token if isinstance(token, str) and token else None


def items_of(field: str = "data") -> Callable[[Any], Sequence[Any]]:
    """How to read the items of a page whose items are in ``field``."""

    def read(page: Any) -> Sequence[Any]:
        items: Sequence[Any] = getattr(page, field)
        return items

    return read


__all__ = ["AsyncPager", "ItemIterator", "PageIterator", "items_of", "next_page_token", "page_numbers"]
