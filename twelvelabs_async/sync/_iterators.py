"""Blocking twins of the async paginator, the analyze stream and item streams.

They step the async objects on the portal thread a page (or a chunk of events) at a time, so a blocking caller
pays one thread hop per page or per network read, not one per item. Leaving a loop early, an exception, or the
``with`` block's end closes the async side (cancelling a prefetch, releasing the stream's connection).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # annotations only: the pager and stream machinery loads with the first pager or stream
    from twelvelabs_async._item_stream import ItemStream
    from twelvelabs_async._pagination import AsyncPager
    from twelvelabs_async._streaming import AnalyzeStream
    from twelvelabs_async.models import AnalyzeTaskError, StreamEvent, Usage
    from twelvelabs_async.sync._runner import PortalRunner

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")

END = object()
"""What ``next_or_end`` returns once an async iterator is exhausted."""


async def next_or_end(iterator: Any) -> Any:
    """The next item of an async iterator, or ``END``: StopAsyncIteration cannot cross the portal as itself."""
    try:
        return await iterator.__anext__()
    except StopAsyncIteration:
        return END


class SyncPager(Generic[ItemT, PageT]):
    """A blocking pager positioned at one page of a list, as the official SDK's ``SyncPager``.

    The list call fetches the first page before it returns (an error raises there; a file argument is read
    there), and the pager holds it: ``.items`` (that page's items), ``.has_next``, ``.next_page()`` (the pager of
    the page after, or None), ``.iter_pages()`` (a pager per page); iterating it yields every item from its page
    on, across pages. Ours besides: ``.page`` (the page model), ``.pages()`` (the page models),
    ``.first_page()``, ``.to_list(limit)``, and ``prefetch=True`` on the call.
    """

    def __class_getitem__(cls, params: Any) -> Any:
        from twelvelabs_async._pagination import item_and_page

        return super().__class_getitem__(item_and_page(params))  # type: ignore[misc]

    def __init__(self, runner: PortalRunner, pager: AsyncPager[ItemT, PageT], *, fetch: bool = True) -> None:
        self._runner = runner
        self._pager = pager
        if fetch:
            runner.run(pager.first_page)

    # --- the official SDK's SyncPager -------------------------------------------------------------------------

    @property
    def items(self) -> list[ItemT]:
        """The items of the page this pager holds."""
        return self._pager.items

    @property
    def has_next(self) -> bool:
        """The official SDK's ``has_next``: always True for a page-number list (as 1.0.0 and 1.3.6 say on every
        page); for a token list whether the page carries a next page token. Iteration stops at the exact end."""
        return self._pager.has_next

    def next_page(self) -> SyncPager[ItemT, PageT] | None:
        """The pager of the page after this one, fetched, as the official SDK's: for a page-number list the next
        page number whatever this page says (past the end: a pager with no items); for a token list the page of
        the token, or None when there is none."""
        following = self._runner.run(self._pager.next_page)
        return None if following is None else SyncPager(self._runner, following, fetch=False)

    @property
    def data(self) -> list[ItemT]:
        """The ``data`` of the page this pager holds (where the official SDK returns a page, as 1.3.6's
        ``analyze_async.tasks.list`` does, code reads ``.data``)."""
        return self._pager.data

    @property
    def page_info(self) -> Any:
        """The ``page_info`` of the page this pager holds."""
        return self._pager.page_info

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """The page this pager holds as a dict (where the official SDK returns a page, as 1.3.6's
        ``analyze_async.tasks.list`` does, code dumps what it got); ``model_dump``'s options."""
        return self._pager.model_dump(**options)

    def model_dump_json(self, **options: Any) -> str:
        """The page this pager holds as JSON text (see ``model_dump``)."""
        return self._pager.model_dump_json(**options)

    def iter_pages(self) -> Iterator[SyncPager[ItemT, PageT]]:
        """A pager per page, this one's first; ``pages()`` gives the page models."""
        pages = self._pager.iter_pages()
        try:
            while True:
                pager = self._runner.run(next_or_end, pages)
                if pager is END:
                    return
                yield self if pager is self._pager else SyncPager(self._runner, pager, fetch=False)
        finally:
            if not self._runner.closed:
                self._runner.run(pages.aclose)

    # --- ours ---------------------------------------------------------------------------------------------------

    @property
    def page(self) -> PageT:
        """The page model this pager holds (``.data``, ``.page_info``...)."""
        return self._pager.page

    def first_page(self) -> PageT:
        """The page model this pager holds (the list's first page, unless the pager came from ``next_page()``)."""
        return self._runner.run(self._pager.first_page)

    def pages(self) -> Iterator[PageT]:
        """The page models from this pager's page on."""
        pages = self._pager.pages()
        try:
            while True:
                page = self._runner.run(next_or_end, pages)
                if page is END:
                    return
                yield page
        finally:
            if not self._runner.closed:
                self._runner.run(pages.aclose)

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from self._pager._items_of(page)

    def to_list(self, limit: int | None = None) -> list[ItemT]:
        """Every item (or the first ``limit``) from this pager's page on, in order."""
        return self._runner.run(self._pager.to_list, limit)

    def __repr__(self) -> str:
        return repr(self._pager).replace("AsyncPager", type(self).__name__, 1)


class SyncAnalyzeStream:
    """Iterate for the events of an analyze answer; ``text`` and ``usage`` once consumed.

    ``with client.analyze_stream(...) as stream: for event in stream: ...``
    """

    def __init__(self, runner: PortalRunner, stream: AnalyzeStream) -> None:
        self._runner = runner
        self._stream = stream

    @property
    def text(self) -> str:
        return self._stream.text

    @property
    def usage(self) -> Usage | None:
        return self._stream.usage

    @property
    def generation_id(self) -> str | None:
        return self._stream.generation_id

    @property
    def finish_reason(self) -> str | None:
        return self._stream.finish_reason

    @property
    def error(self) -> AnalyzeTaskError | None:
        return self._stream.error

    @property
    def done(self) -> bool:
        return self._stream.done

    @property
    def events_received(self) -> int:
        return self._stream.events_received

    def __iter__(self) -> Iterator[StreamEvent]:
        try:
            while True:
                batch = self._runner.run(self._stream.next_batch)
                if not batch:
                    return
                yield from batch
        finally:
            self.close()

    def until_done(self) -> str:
        """Consume the remaining events; return the whole text."""
        return self._runner.run(self._stream.until_done)

    def close(self) -> None:
        if not self._runner.closed:
            self._runner.run(self._stream.aclose)

    def __enter__(self) -> SyncAnalyzeStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class SyncItemStream(Generic[ItemT]):
    """Iterate for the items of a streamed answer (JSON lines or server-sent events); ``to_list()`` for all.

    ``with client.x.results(...) as stream: for item in stream: ...``
    """

    def __init__(self, runner: PortalRunner, stream: ItemStream[ItemT]) -> None:
        self._runner = runner
        self._stream = stream

    @property
    def done(self) -> bool:
        return self._stream.done

    @property
    def items_received(self) -> int:
        return self._stream.items_received

    def __iter__(self) -> Iterator[ItemT]:
        try:
            while True:
                item = self._runner.run(next_or_end, self._stream)
                if item is END:
                    return
                yield item
        finally:
            self.close()

    def to_list(self) -> list[ItemT]:
        """Every remaining item, in order."""
        return self._runner.run(self._stream.to_list)

    def close(self) -> None:
        if not self._runner.closed:
            self._runner.run(self._stream.aclose)

    def __enter__(self) -> SyncItemStream[ItemT]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


__all__ = ["SyncAnalyzeStream", "SyncItemStream", "SyncPager"]
