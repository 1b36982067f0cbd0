"""Async paginators for page-number lists and token-paged search.

A pager is positioned at one page of a list: the first, or (from ``next_page()``) a later one. Two ways in:

- as the official SDK's: ``pager = await client.x.list(...)`` fetches the pager's page and gives back the pager
  itself, holding it: ``pager.items`` (that page's items), ``pager.has_next``, ``await pager.next_page()`` (the
  pager of the page after, or None), ``pager.iter_pages()`` (pagers, one per page), and ``async for item in pager``
  over every item from that page on;
- lazily: ``async for item in client.x.list(...)`` sends nothing until iterated; ``pager.pages()`` gives the page
  models, ``await pager.first_page()`` the pager's own page model, ``await pager.to_list()`` a list.

It stops where the API says the data ends (``page_info.total_page``, or no ``next_page_token``), so no request is
wasted past the end, and an error on any page is raised, never swallowed. A page is fetched once per pager:
iterating after ``await`` starts from the page held. With ``prefetch=True`` the next page is fetched while the
caller works on the current one: at most one page ahead, cancelled when the caller stops early.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Coroutine, Generator, Sequence
from typing import Any, Generic, TypeVar

from twelvelabs_async._errors import PagerNotFetchedError

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")

FetchPage = Callable[[], Awaitable[PageT]]
# How to fetch the page after ``page`` (None at the end); ``position`` is that page's 0-based place in the list
# (0 for the page the list started at), so that pagers positioned at later pages, and several iterations of one
# pager, all count the same way.
NextPage = Callable[[PageT, int], "FetchPage[PageT] | None"]


def item_and_page(params: Any) -> Any:
    """The type arguments of a pager: the official pagers take one (the item), ours two (item, page), so
    ``AsyncPager[Index]`` / ``SyncPager[Index]`` name a pager of any page."""
    return params if isinstance(params, tuple) else (params, Any)


class AsyncPager(Coroutine[Any, Any, "AsyncPager[ItemT, PageT]"], Generic[ItemT, PageT]):
    """Pages of ``PageT`` holding items of ``ItemT``, positioned at one page (see the module docstring).

    It is a coroutine as well as an awaitable: the official SDK's list methods are coroutine functions, so code
    passes their result to ``asyncio.create_task`` (or a ``TaskGroup``), which takes coroutines only. Driven that
    way it does what ``await`` does; it never warns that it was not awaited, because the lazy ``async for`` form
    never awaits it.
    """

    def __init__(
        self,
        first: FetchPage[PageT],
        next_of: NextPage[PageT],
        items_of: Callable[[PageT], Sequence[ItemT]],
        *,
        prefetch: bool = False,
        position: int = 0,
        official_next: NextPage[PageT] | None = None,
    ) -> None:
        self._first = first
        self._next_of = next_of
        self._items_of = items_of
        self._prefetch = prefetch
        self._position = position
        # The official SDK's rule for `has_next` and `next_page()`, where it differs from where iteration stops
        # (page-number lists: always a next page); None: the same rule as iteration.
        self._official_next = official_next
        self._first_page: PageT | None = None
        self._first_lock: asyncio.Lock | None = None
        self._items: list[ItemT] | None = None
        self._driver: Generator[Any, None, AsyncPager[ItemT, PageT]] | None = None

    def __class_getitem__(cls, params: Any) -> Any:
        return super().__class_getitem__(item_and_page(params))  # type: ignore[misc]

    def _at(self, page: PageT, position: int) -> AsyncPager[ItemT, PageT]:
        """A pager positioned at ``page`` (already fetched) of the same list."""

        async def held() -> PageT:
            return page

        pager = AsyncPager(
            held, self._next_of, self._items_of, prefetch=self._prefetch, position=position,
            official_next=self._official_next,
        )
        pager._first_page = page
        return pager

    async def first_page(self) -> PageT:
        """The pager's own page (the list's first, unless it came from ``next_page()``), fetched once and
        remembered: iteration starts from it without a second request."""
        if self._first_page is None:
            if self._first_lock is None:
                self._first_lock = asyncio.Lock()
            async with self._first_lock:
                if self._first_page is None:
                    self._first_page = await self._first()
        return self._first_page

    async def _fetched(self) -> AsyncPager[ItemT, PageT]:
        await self.first_page()
        return self

    def __await__(self) -> Generator[Any, None, AsyncPager[ItemT, PageT]]:
        """``await pager`` fetches its page (once) and gives back the pager itself, as the official SDK's
        ``await client.x.list(...)`` gives its ``AsyncPager``."""
        return self._fetched().__await__()

    # --- the coroutine protocol, for asyncio.create_task -------------------------------------------------------

    def _drive(self) -> Generator[Any, None, AsyncPager[ItemT, PageT]]:
        if self._driver is None:
            self._driver = self.__await__()
        return self._driver

    def send(self, value: Any) -> Any:
        return self._drive().send(value)

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        if val is None and tb is None:
            return self._drive().throw(typ)
        return self._drive().throw(typ, val, tb)  # pragma: no cover - the deprecated three-argument form

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()

    # --- the official SDK's AsyncPager ------------------------------------------------------------------------

    @property
    def page(self) -> PageT:
        """The page model this pager holds (``.data``, ``.page_info``...); ``await`` the pager first."""
        if self._first_page is None:
            raise PagerNotFetchedError(
                "the pager has not fetched its page yet: `await` it first (pager = await client.x.list(...)), "
                "or iterate it with `async for`"
            )
        return self._first_page

    @property
    def items(self) -> list[ItemT]:
        """The items of the page this pager holds (the official SDK's ``pager.items``): the same list each time,
        as the official field is, so that sorting or appending to it in place is kept."""
        if self._items is None:
            items = self._items_of(self.page)
            self._items = items if isinstance(items, list) else list(items)
        return self._items

    @property
    def has_next(self) -> bool:
        """The official SDK's ``has_next``: for a page-number list always True (1.0.0 and 1.3.6 say so on every
        page, the last and an empty one included, and stop iterating at an empty page); for a token list
        whether the page carries a next page token. Iteration here stops at the exact end either way."""
        return self._follow(self.page) is not None

    def _follow(self, page: PageT) -> FetchPage[PageT] | None:
        rule = self._official_next or self._next_of
        return rule(page, self._position)

    async def next_page(self) -> AsyncPager[ItemT, PageT] | None:
        """The pager of the page after this one, fetched, as the official SDK's ``next_page()``: for a page-number
        list the next page number whatever this page says (past the end: a pager with no items); for a token
        list the page of the token, or None when this page has none."""
        page = await self.first_page()
        fetch = self._follow(page)
        if fetch is None:
            return None
        return self._at(await fetch(), self._position + 1)

    @property
    def data(self) -> list[ItemT]:
        """The ``data`` of the page this pager holds: where the official SDK returns a page rather than a pager
        (1.3.6's ``analyze_async.tasks.list``), code reads ``.data`` and ``.page_info`` from what it got."""
        page = self.page
        if not hasattr(page, "data"):
            raise AttributeError(f"{type(page).__name__} has no data; read .items")
        data = page.data
        return data if isinstance(data, list) else list(data)

    @property
    def page_info(self) -> Any:
        """The ``page_info`` of the page this pager holds (see ``data``)."""
        page = self.page
        if not hasattr(page, "page_info"):
            raise AttributeError(f"{type(page).__name__} has no page_info")
        return page.page_info

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """The page this pager holds as a dict (its ``model_dump``): where the official SDK returns a page rather
        than a pager (1.3.6's ``analyze_async.tasks.list``), code dumps what it got. Takes ``model_dump``'s
        options (``mode``, ``by_alias``, ``exclude_none``)."""
        dumped: dict[str, Any] = self.page.model_dump(**options)  # type: ignore[attr-defined]
        return dumped

    def model_dump_json(self, **options: Any) -> str:
        """The page this pager holds as JSON text (its ``model_dump_json``; see ``model_dump``)."""
        text: str = self.page.model_dump_json(**options)  # type: ignore[attr-defined]
        return text

    async def iter_pages(self) -> AsyncGenerator[AsyncPager[ItemT, PageT], None]:
        """A pager per page, this one's first (the official SDK's ``iter_pages``); ``pages()`` gives the models."""
        pages = self.pages()
        try:
            position = self._position
            async for page in pages:
                yield self if position == self._position else self._at(page, position)
                position += 1
        finally:
            await pages.aclose()

    # --- ours ---------------------------------------------------------------------------------------------------

    def pages(self) -> PageIterator[PageT]:
        """The page models from this pager's page on, with ``aclose()`` and ``async with``."""
        return PageIterator(self.first_page, self._next_of, prefetch=self._prefetch, position=self._position)

    def __aiter__(self) -> AsyncIterator[ItemT]:
        # An async generator: leaving ``async for`` early drops it, and asyncio finalizes it at once, which
        # cancels a prefetch still in flight instead of leaving it to the garbage collector.
        return self._iterate_items()

    async def _iterate_items(self) -> AsyncIterator[ItemT]:
        pages = self.pages()
        try:
            async for page in pages:
                for item in self._items_of(page):
                    yield item
        finally:
            await pages.aclose()

    def iter_items(self) -> ItemIterator[ItemT, PageT]:
        """An explicit item iterator with ``aclose()`` and ``async with``, for callers that stop early."""
        return ItemIterator(self.pages(), self._items_of)

    async def to_list(self, limit: int | None = None) -> list[ItemT]:
        """Every item (or the first ``limit``) from this pager's page on, in order."""
        out: list[ItemT] = []
        if limit is not None and limit <= 0:
            return out
        async with self.iter_items() as iterator:
            async for item in iterator:
                out.append(item)
                if limit is not None and len(out) >= limit:
                    break  # before asking for a page that would not be used
        return out

    def __repr__(self) -> str:
        state = "not fetched" if self._first_page is None else f"{len(self._items_of(self._first_page))} items"
        return f"<{type(self).__name__} page {self._position + 1} of the list: {state}>"


class PageIterator(Generic[PageT]):
    """Iterates pages; ``aclose()`` (or ``async with``) cancels a prefetch still in flight."""

    def __init__(
        self,
        first: FetchPage[PageT],
        next_of: NextPage[PageT],
        *,
        prefetch: bool,
        position: int = 0,
    ) -> None:
        self._upcoming: FetchPage[PageT] | None = first
        self._next_of = next_of
        self._prefetch = prefetch
        self._position = position  # the list position of the first page given
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
        following = self._next_of(page, self._position + self.pages_fetched - 1)
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


def page_after(fetch_page: Callable[[int], Awaitable[PageT]], first: int) -> NextPage[PageT]:
    """The official SDK's follow-up rule of a page-number list: always the next page number (its ``has_next`` is
    True on every page, and ``next_page()`` fetches the next number whatever the page said)."""

    def next_of(page: PageT, position: int) -> FetchPage[PageT] | None:
        following = first + position + 1
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


__all__ = [
    "AsyncPager",
    "ItemIterator",
    "PageIterator",
    "PagerNotFetchedError",
    "items_of",
    "next_page_token",
    "page_after",
    "page_numbers",
]
