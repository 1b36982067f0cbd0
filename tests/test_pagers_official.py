"""Pagers as the official SDK 1.3.6's (``core/pagination.py``), where code can tell (issue 15).

Blocking: the list call sends its first request before it returns (an error raises at the call, a file argument
is read there), and the pager holds that page: ``.items``, ``.has_next``, ``.next_page()``, ``.iter_pages()``
(pagers), iteration over every item. Async: ``pager = await client.x.list(...)`` gives the pager itself holding its
first page (``await pager.next_page()``, ``pager.iter_pages()``, ``async for`` over every item), and the lazy
``async for item in client.x.list(...)`` still sends nothing until iterated. The same for token-paged search and
the knowledge store search (token in the body).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from core_testkit import RecordingServer, Reply

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs
from twelvelabs_async._errors import NotFoundError, PagerNotFetchedError
from twelvelabs_async._pagination import AsyncPager
from twelvelabs_async.emulator import Emulator, EmulatorThread
from twelvelabs_async.models import SearchPage, VideoPage
from twelvelabs_async.sync._iterators import SyncPager

MARENGO = [("marengo3.0", ["visual", "audio"])]
VIDEOS = "GET /indexes/{index_id}/videos"
SEARCH_FIRST = "POST /search"
SEARCH_NEXT = "GET /search/{page_token}"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(speed=0) as emulator:
        yield emulator


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs("k", base_url=emu.base_url, max_retries=0) as c:
        yield c


@pytest.fixture(scope="module")
def emu_thread() -> Iterator[EmulatorThread]:
    with EmulatorThread(speed=0) as emulator:
        yield emulator


@pytest.fixture
def sync_client(emu_thread: EmulatorThread) -> Iterator[TwelveLabs]:
    with TwelveLabs("k", base_url=emu_thread.base_url, max_retries=0) as c:
        yield c


def _index(state: object, videos: int, prefix: str = "dog_walk") -> str:
    index_id: str = state.create_index(f"pagers-{prefix}-{videos}", MARENGO)  # type: ignore[attr-defined]
    state.seed_videos(index_id, videos, prefix=prefix, clips_per_video=1)  # type: ignore[attr-defined]
    return index_id


# --- async -------------------------------------------------------------------------------------------------------


async def test_await_gives_the_pager_holding_its_first_page(client: AsyncTwelveLabs, emu: Emulator) -> None:
    index_id = _index(emu.state, 23)
    pager = await client.indexes.videos.list(index_id=index_id, page_limit=10)
    assert isinstance(pager, AsyncPager)
    assert emu.state.requests(VIDEOS) == 1
    assert len(pager.items) == 10 and pager.has_next
    assert isinstance(pager.page, VideoPage) and pager.items == pager.page.data
    assert pager.data == pager.items and pager.page_info.total_results == 23  # read as a page, too
    assert await pager is pager and emu.state.requests(VIDEOS) == 1  # awaited again: no second request
    ids = [video.id async for video in pager]  # every item across pages, the first page not fetched again
    assert len(ids) == len(set(ids)) == 23
    assert emu.state.requests(VIDEOS) == 3


async def test_next_page_and_has_next_walk_the_list(client: AsyncTwelveLabs, emu: Emulator) -> None:
    index_id = _index(emu.state, 23)
    first = await client.indexes.videos.list(index_id=index_id, page_limit=10)
    second = await first.next_page()
    assert second is not None and second is not first
    third = await second.next_page()
    assert third is not None and len(third.items) == 3
    assert emu.state.requests(VIDEOS) == 3
    assert len(first.items) == 10  # a pager stays on its page, as the official SDK's (frozen) pager does
    assert [v.id async for v in second] == [v.id for v in second.items + third.items]  # from its own page on
    assert emu.state.requests(VIDEOS) == 4  # its own walk fetched page 3 once more, and nothing past the end
    assert len({v.id for v in first.items + second.items + third.items}) == 23
    # As 1.0.0 and 1.3.6 do on a page-number list: has_next on every page, and next_page() asks for the next
    # number whatever the page said; past the end that is a page with no items.
    assert third.has_next
    past = await third.next_page()
    assert past is not None and past.items == [] and past.has_next
    assert emu.state.requests(VIDEOS) == 5


async def test_iter_pages_gives_pagers_and_pages_gives_models(client: AsyncTwelveLabs, emu: Emulator) -> None:
    index_id = _index(emu.state, 23)
    pager = await client.indexes.videos.list(index_id=index_id, page_limit=10)
    pagers = [page async for page in pager.iter_pages()]
    assert pagers[0] is pager and [len(p.items) for p in pagers] == [10, 10, 3]
    assert emu.state.requests(VIDEOS) == 3  # 1.3.6 asks for an empty fourth page to stop; not needed here
    models = [page async for page in pager.pages()]
    assert [len(page.data) for page in models] == [10, 10, 3] and models[0] is pager.page


async def test_the_lazy_form_sends_nothing_until_iterated(client: AsyncTwelveLabs, emu: Emulator) -> None:
    index_id = _index(emu.state, 12)
    pager = client.indexes.videos.list(index_id=index_id, page_limit=5)
    assert emu.state.requests(VIDEOS) == 0
    with pytest.raises(PagerNotFetchedError, match="await"):
        _ = pager.items
    with pytest.raises(PagerNotFetchedError):
        _ = pager.has_next
    assert len([v async for v in client.indexes.videos.list(index_id=index_id, page_limit=5)]) == 12
    assert await pager.to_list(limit=7) and emu.state.requests(VIDEOS) == 3 + 2


async def test_search_is_awaited_walked_and_iterated_the_same_way(client: AsyncTwelveLabs, emu: Emulator) -> None:
    index_id = _index(emu.state, 25)
    pager = await client.search.query(index_id=index_id, query_text="dog", search_options=["visual"], page_limit=10)
    assert isinstance(pager.page, SearchPage) and len(pager.items) == 10 and pager.has_next
    assert emu.state.requests(SEARCH_FIRST) == 1 and emu.state.requests(SEARCH_NEXT) == 0
    second = await pager.next_page()
    assert second is not None and len(second.items) == 10
    everything = [r.video_id async for r in pager]
    again = [r.video_id async for r in pager]  # a second walk of the same pager sees the same list
    assert len(everything) == 25 and again == everything
    last = [p async for p in pager.iter_pages()][-1]
    assert len(last.items) == 5 and not last.has_next and await last.next_page() is None


def test_a_list_that_1_3_6_returns_as_a_page_reads_as_one(sync_client: TwelveLabs) -> None:
    # 1.3.6's analyze_async.tasks.list returns the page itself: code reads .data and .page_info from it.
    listed = sync_client.analyze_async.tasks.list(page_limit=5)
    assert listed.data == [] and listed.page_info is not None and listed.page_info.total_results == 0
    # ... and dumps it (1.3.6's TasksListResponse is a pydantic model): the page's own dump, keys in its order.
    assert listed.model_dump() == listed.page.model_dump()
    assert list(listed.model_dump()) == ["data", "page_info"]
    assert listed.model_dump(exclude_none=True, mode="json") == listed.page.model_dump(exclude_none=True, mode="json")
    assert json.loads(listed.model_dump_json()) == listed.page.model_dump(mode="json")
    assert listed.model_dump_json(indent=2) == listed.page.model_dump_json(indent=2)


async def test_an_async_pager_dumps_its_page(client: AsyncTwelveLabs, emu: Emulator) -> None:
    index_id = _index(emu.state, 3, prefix="dump")
    pager = client.indexes.videos.list(index_id=index_id, page_limit=2)
    with pytest.raises(PagerNotFetchedError):
        pager.model_dump()
    await pager
    dumped = pager.model_dump()
    assert dumped == pager.page.model_dump() and len(dumped["data"]) == 2
    assert json.loads(pager.model_dump_json(by_alias=True)) == pager.page.model_dump(mode="json", by_alias=True)


async def test_knowledge_store_search_pages_await_and_next_page(
    server: RecordingServer, client_on_server: AsyncTwelveLabs
) -> None:
    def hits(item_id: str, token: str | None) -> Reply:
        hit = {"item_id": item_id, "rank": 1, "asset_type": "video", "matches": []}
        return Reply(json={"data": [hit], **({"next_page_token": token} if token else {})})

    server.script(hits("ksi_1", "t2"), hits("ksi_2", None))
    pager = await client_on_server.knowledge_stores.search_pages("ks_1", query="pasta")
    assert [h.item_id for h in pager.items] == ["ksi_1"] and pager.has_next
    second = await pager.next_page()
    assert second is not None and [h.item_id for h in second.items] == ["ksi_2"] and not second.has_next
    assert server.requests[1].json["page_token"] == "t2"
    assert len(server.requests) == 2


@pytest.fixture
async def client_on_server(server: RecordingServer) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs("k", base_url=server.base_url, max_retries=0) as c:
        yield c


# --- blocking ------------------------------------------------------------------------------------------------------


def test_the_blocking_call_sends_its_first_request_at_the_call(
    sync_client: TwelveLabs, emu_thread: EmulatorThread
) -> None:
    index_id = _index(emu_thread.state, 23, prefix="blocking")
    before = emu_thread.state.requests(VIDEOS)
    pager = sync_client.indexes.videos.list(index_id=index_id, page_limit=10)
    assert isinstance(pager, SyncPager)
    assert emu_thread.state.requests(VIDEOS) - before == 1  # before anything is read from it
    assert len(pager.items) == 10 and pager.has_next
    assert len(list(pager)) == 23
    assert emu_thread.state.requests(VIDEOS) - before == 3  # the first page is not fetched again


def test_a_blocking_list_error_raises_at_the_call(sync_client: TwelveLabs) -> None:
    with pytest.raises(NotFoundError):
        sync_client.indexes.videos.list(index_id="no-such-index")  # not later, when iterated


def test_blocking_next_page_iter_pages_and_pages(sync_client: TwelveLabs, emu_thread: EmulatorThread) -> None:
    index_id = _index(emu_thread.state, 23, prefix="walk")
    pager = sync_client.indexes.videos.list(index_id=index_id, page_limit=10)
    second = pager.next_page()
    assert isinstance(second, SyncPager) and len(second.items) == 10
    third = second.next_page()
    assert third is not None and len(third.items) == 3 and third.has_next  # as 1.3.6's: always, on page lists
    past = third.next_page()
    assert past is not None and past.items == []
    pagers = list(pager.iter_pages())
    assert pagers[0] is pager and all(isinstance(p, SyncPager) for p in pagers)
    assert [len(p.items) for p in pagers] == [10, 10, 3]
    assert [len(page.data) for page in pager.pages()] == [10, 10, 3]
    assert pager.first_page() is pager.page
    assert len(pager.to_list(limit=12)) == 12


def test_an_image_search_reads_its_file_at_the_call(
    sync_client: TwelveLabs, emu_thread: EmulatorThread, tmp_path: Path
) -> None:
    # The official SDK's image-search example closes the file as soon as the call returns, then iterates.
    index_id = _index(emu_thread.state, 12, prefix="cat")
    image = tmp_path / "cat.png"
    image.write_bytes(PNG)
    with open(image, "rb") as file:
        pager = sync_client.search.query(
            index_id=index_id, query_media_type="image", query_media_file=file, search_options=["visual"],
            page_limit=5,
        )
    assert file.closed
    results = list(pager)  # further pages are fetched by token; the file is not needed again
    assert len(results) == 12


async def test_an_async_image_search_reads_its_file_at_the_await(
    client: AsyncTwelveLabs, emu: Emulator, tmp_path: Path
) -> None:
    index_id = _index(emu.state, 7, prefix="cat")
    image = tmp_path / "cat.png"
    image.write_bytes(PNG)
    with open(image, "rb") as file:  # noqa: ASYNC230 - as the official example does
        pager = await client.search.query(
            index_id=index_id, query_media_type="image", query_media_file=file, search_options=["visual"],
            page_limit=5,
        )
    assert len([r async for r in pager]) == 7


# --- what code written for the official pagers does with them ------------------------------------------------------


async def test_a_list_call_can_be_a_task(client: AsyncTwelveLabs, emu: Emulator) -> None:
    import asyncio

    index_id = _index(emu.state, 12)
    # The official list methods are coroutine functions: their result goes to create_task and TaskGroups.
    pager = await asyncio.create_task(client.indexes.videos.list(index_id=index_id, page_limit=5))
    assert isinstance(pager, AsyncPager) and len(pager.items) == 5
    assert emu.state.requests(VIDEOS) == 1
    tasks = [asyncio.ensure_future(client.indexes.videos.list(index_id=index_id, page=n)) for n in (1, 2)]
    pagers = await asyncio.gather(*tasks)
    assert [len(p.items) for p in pagers] == [10, 2]
    assert len([v async for v in pager]) == 12
    # A task cancelled before its first request leaves nothing behind.
    cancelled = asyncio.create_task(client.indexes.videos.list(index_id=index_id))
    cancelled.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cancelled


async def test_items_is_the_same_list_each_time(client: AsyncTwelveLabs, emu: Emulator) -> None:
    index_id = _index(emu.state, 4)
    pager = await client.indexes.videos.list(index_id=index_id)
    assert pager.items is pager.items and pager.data is pager.data
    pager.items.sort(key=lambda v: v.id, reverse=True)
    assert [v.id for v in pager.items] == sorted((v.id for v in pager.items), reverse=True)


def test_pagers_take_one_type_argument_as_the_official_ones() -> None:
    from twelvelabs_async.core.pagination import AsyncPager as OfficialAsyncPager
    from twelvelabs_async.core.pagination import SyncPager as OfficialSyncPager
    from twelvelabs_async.types import IndexSchema

    assert OfficialSyncPager[IndexSchema] is not None and OfficialAsyncPager[IndexSchema] is not None
    assert SyncPager[IndexSchema, VideoPage].__args__ == (IndexSchema, VideoPage)  # type: ignore[attr-defined]
