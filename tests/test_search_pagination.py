"""Search and list pagination against the emulator: exact request counts, carried options, honest errors."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from twelvelabs_async import AsyncTwelveLabs, InternalServerError
from twelvelabs_async._errors import SearchPageTokenExpiredError
from twelvelabs_async.emulator import Emulator, ManualClock
from twelvelabs_async.models import SearchClip, SearchPage, SearchVideoGroup

SEARCH_FIRST = "POST /search"
SEARCH_NEXT = "GET /search/{page_token}"
MARENGO = [{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def emulator(clock: ManualClock) -> AsyncIterator[Emulator]:
    async with Emulator(speed=0, clock=clock, search_token_ttl=600) as emu:
        yield emu


@pytest.fixture
async def client(emulator: Emulator) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs("k", base_url=emulator.base_url, max_retries=0) as c:
        yield c


async def _index_with_videos(client: AsyncTwelveLabs, emulator: Emulator, videos: int, clips: int) -> str:
    index = await client.indexes.create(index_name=f"search-{time.monotonic_ns()}", models=MARENGO)
    emulator.state.seed_videos(
        index.id, videos, prefix="dog_walk", clips_per_video=clips, user_metadata={"team": "blue"}
    )
    return index.id


def _requests(emulator: Emulator, route: str) -> int:
    return emulator.state.requests(route)


async def test_every_result_in_exactly_the_needed_requests(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    index_id = await _index_with_videos(client, emulator, videos=50, clips=5)  # 250 clips
    pager = client.search.query(index_id=index_id, query_text="dog", search_options=["visual"], page_limit=50)
    results = [r async for r in pager]
    assert len(results) == 250
    assert all(isinstance(r, SearchClip) for r in results)
    assert len({(r.video_id, r.start) for r in results}) == 250  # no page repeated or skipped
    assert _requests(emulator, SEARCH_FIRST) == 1
    assert _requests(emulator, SEARCH_NEXT) == 4  # 5 pages; no request past the last one


async def test_await_fetches_the_first_page_and_iteration_reuses_it(
    client: AsyncTwelveLabs, emulator: Emulator
) -> None:
    index_id = await _index_with_videos(client, emulator, videos=10, clips=2)
    pager = client.search.query(index_id=index_id, query_text="dog", search_options=["visual"], page_limit=10)
    assert await pager is pager  # as the official SDK's `pager = await client.search.query(...)`
    first = await pager.first_page()
    assert first is pager.page and pager.items == first.data and pager.has_next
    assert isinstance(first, SearchPage) and len(first.data) == 10
    assert first.page_info is not None and first.page_info.next_page_token
    pages = [page async for page in pager.pages()]
    assert len(pages) == 2 and pages[0] is first
    assert _requests(emulator, SEARCH_FIRST) == 1


async def test_options_are_carried_to_follow_up_pages(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    index_id = await _index_with_videos(client, emulator, videos=12, clips=1)
    pager = client.search.query(
        index_id=index_id,
        query_text="dog",
        search_options=["visual"],
        page_limit=5,
        include_user_metadata=True,
        request_options={"additional_headers": {"x-trace": "t-1"}},
    )
    results = [r async for r in pager]
    assert len(results) == 12
    assert all(isinstance(r, SearchClip) and r.user_metadata == {"team": "blue"} for r in results)


async def test_grouped_results_are_typed_as_groups(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    index_id = await _index_with_videos(client, emulator, videos=7, clips=3)
    groups = await client.search.query(
        index_id=index_id, query_text="dog", search_options=["visual"], group_by="video", page_limit=3
    ).to_list()
    assert len(groups) == 7
    assert all(isinstance(g, SearchVideoGroup) and len(g.clips) == 3 for g in groups)


async def test_an_expired_token_raises_its_typed_error(
    client: AsyncTwelveLabs, emulator: Emulator, clock: ManualClock
) -> None:
    index_id = await _index_with_videos(client, emulator, videos=20, clips=1)
    iterator = client.search.query(index_id=index_id, query_text="dog", search_options=["visual"], page_limit=10)
    seen = 0
    with pytest.raises(SearchPageTokenExpiredError) as caught:
        async for _ in iterator:
            seen += 1
            if seen == 10:
                clock.advance(601)
    assert seen == 10
    assert caught.value.code == "search_page_token_expired"


async def test_an_error_page_raises_instead_of_ending_quietly() -> None:
    seen = 0
    async with (
        Emulator(speed=0, faults=f"{SEARCH_NEXT}:500=1") as failing,
        AsyncTwelveLabs("k", base_url=failing.base_url, max_retries=0) as other,
    ):
        index = await other.indexes.create(index_name="failing", models=MARENGO)
        failing.state.seed_videos(index.id, 30, prefix="dog", clips_per_video=1)
        pager = other.search.query(index_id=index.id, query_text="dog", search_options=["visual"], page_limit=10)
        with pytest.raises(InternalServerError):
            async for _ in pager:
                seen += 1
    assert seen == 10


async def test_page_number_lists_stop_at_total_page(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    index_id = await _index_with_videos(client, emulator, videos=23, clips=1)
    before = _requests(emulator, "GET /indexes/{index_id}/videos")
    videos = [v async for v in client.indexes.videos.list(index_id=index_id, page_limit=10)]
    assert len(videos) == 23
    assert _requests(emulator, "GET /indexes/{index_id}/videos") - before == 3


async def _poll(condition: object, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.005)
    return False


async def test_prefetch_fetches_the_next_page_while_the_caller_works(
    client: AsyncTwelveLabs, emulator: Emulator
) -> None:
    index_id = await _index_with_videos(client, emulator, videos=30, clips=1)
    plain = client.search.query(index_id=index_id, query_text="dog", search_options=["visual"], page_limit=10)
    pages = plain.pages()
    await pages.__anext__()
    for _ in range(20):
        await asyncio.sleep(0)
    assert _requests(emulator, SEARCH_NEXT) == 0  # without prefetch nothing moves until asked
    await pages.aclose()

    ahead = client.search.query(
        index_id=index_id, query_text="dog", search_options=["visual"], page_limit=10, prefetch=True
    )
    pages = ahead.pages()
    first = await pages.__anext__()
    # While the caller still holds page 1, page 2 is requested on its own, and only page 2.
    assert await _poll(lambda: emulator.state.outcomes[SEARCH_NEXT]["200"] == 1)
    assert _requests(emulator, SEARCH_NEXT) == 1
    second = await pages.__anext__()
    assert second is not first and len(second.data) == 10
    await pages.aclose()


async def test_prefetch_is_cancelled_when_the_caller_stops_early(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    index_id = await _index_with_videos(client, emulator, videos=50, clips=1)
    pager = client.search.query(
        index_id=index_id, query_text="dog", search_options=["visual"], page_limit=10, prefetch=True
    )
    async for _ in pager:
        break
    await asyncio.sleep(0)  # let asyncio finalize the abandoned iterator
    # The first page plus at most the one page fetched ahead: never more.
    assert _requests(emulator, SEARCH_NEXT) <= 1
    async with pager.iter_items() as items:
        async for _ in items:
            break
    assert _requests(emulator, SEARCH_NEXT) <= 2
