"""Issue 14, tested on the emulator: the SDK's knowledge stores, items, item collections and ``/responses`` (all
20 operations and the helpers), driven through ``AsyncTwelveLabs`` and the blocking ``TwelveLabs`` against the
emulator, which was written from the 2026-07 spec independently of the SDK. Each test asserts on the typed models
the SDK returns and on the emulator's own state, so that the two check each other.

Nothing here sleeps to wait for a condition: item lifecycles run on ``speed`` (or a ``ManualClock``), and
conditions are polled with a deadline.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, _retry
from twelvelabs_async._config import RequestOptions
from twelvelabs_async._errors import (
    APIConnectionError,
    ArgumentError,
    BadRequestError,
    GoneError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    StreamConnectionError,
    StreamIncompleteError,
    TaskFailedError,
    WaitTimeoutError,
)
from twelvelabs_async.emulator import Emulator, EmulatorThread, ManualClock
from twelvelabs_async.emulator.knowledge_state import KnowledgeStore as EmuStore
from twelvelabs_async.emulator.routes_knowledge import search_store
from twelvelabs_async.models import (
    KnowledgeStore,
    KnowledgeStoreItem,
    KnowledgeStoreItemCollection,
    KnowledgeStoreSearchPage,
    KnowledgeStoreSearchResult,
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseEvent,
    ResponseFailedEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseInProgressEvent,
    ResponseObject,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseOutputTextDeltaEvent,
    ResponseOutputTextDoneEvent,
    UnknownResponseEvent,
)

KEY = "tlk_knowledge_e2e"
FAST: dict[str, Any] = {"sleep_interval": 0.01, "max_interval": 0.05}
SEARCH = "POST /knowledge-stores/{knowledge_store_id}/search"
RESPONSES = "POST /responses"
# The 18 knowledge-store routes and /responses, as the emulator names them: the sync tour must reach each one.
KNOWLEDGE_ROUTES = frozenset({
    "POST /knowledge-stores",
    "GET /knowledge-stores",
    "GET /knowledge-stores/{knowledge_store_id}",
    "PATCH /knowledge-stores/{knowledge_store_id}",
    "DELETE /knowledge-stores/{knowledge_store_id}",
    SEARCH,
    "POST /knowledge-stores/{knowledge_store_id}/items",
    "GET /knowledge-stores/{knowledge_store_id}/items",
    "GET /knowledge-stores/{knowledge_store_id}/items/{item_id}",
    "DELETE /knowledge-stores/{knowledge_store_id}/items/{item_id}",
    "POST /knowledge-stores/{knowledge_store_id}/item-collections",
    "GET /knowledge-stores/{knowledge_store_id}/item-collections",
    "GET /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}",
    "PATCH /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}",
    "DELETE /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}",
    "GET /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items",
    "POST /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/add",
    "POST /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/remove",
    RESPONSES,
})
FILES = ["dog_park.mp4", "dog_beach.mp4", "city_park.mp4", "cat_sofa.mp4", "dog_park_photo.jpg"]
# The stream of a plain answer, consecutive text deltas counted once (the Open Responses order the spec shows).
PLAIN_STREAM = [
    ResponseCreatedEvent,
    ResponseInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseContentPartAddedEvent,
    ResponseOutputTextDeltaEvent,
    ResponseOutputTextDoneEvent,
    ResponseContentPartDoneEvent,
    ResponseOutputItemDoneEvent,
    ResponseCompletedEvent,
]


# --- helpers ----------------------------------------------------------------------------------------------------


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(api_key=KEY, speed=20.0) as emulator:
        yield emulator


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries after 10 ms instead of the backoff's 0.5 s and more: which requests are retried is unchanged."""
    monkeypatch.setattr(_retry, "backoff_delay", lambda policy, retries_done, rng: 0.01)


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=0) as c:
        yield c


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll ``condition`` until it holds; fail at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        await asyncio.sleep(0.005)


def until_sync(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        time.sleep(0.005)


def item_ids_by_name(store: EmuStore) -> dict[str, str]:
    return {item.filename: item.id for item in store.items.values()}


def finished(emu: Emulator | EmulatorThread, route: str) -> int:
    """Requests on ``route`` whose handler has returned (whatever their outcome)."""
    return sum(emu.state.outcomes[route].values())


def acquired(client: AsyncTwelveLabs) -> int:
    session = client._transport._session
    assert session is not None and session.connector is not None
    return len(session.connector._acquired)  # type: ignore[attr-defined]


def shape(events: list[ResponseEvent]) -> list[type[ResponseEvent]]:
    """The classes of a stream's events, consecutive text deltas counted once."""
    out: list[type[ResponseEvent]] = []
    for event in events:
        if not (out and out[-1] is ResponseOutputTextDeltaEvent and type(event) is ResponseOutputTextDeltaEvent):
            out.append(type(event))
    return out


def expected_hits(emu: Emulator | EmulatorThread, store_id: str, text: str, **options: Any) -> list[tuple[str, float]]:
    """The emulator's own ranking of ``text`` over the store: (item id, start of the clip) per result (one per
    clip or image unless ``group_by='item'``)."""
    state = emu.state
    with state.lock:
        hits = search_store(state, state.knowledge_stores[store_id], text, **{"group_by": "none", **options})
    return [(h.item_id, h.matches[0].start if h.matches else 0.0) for h in hits]


def hit_key(hit: KnowledgeStoreSearchResult) -> tuple[str, float]:
    return hit.item_id, (hit.matches[0].start_sec or 0.0) if hit.matches else 0.0


# --- stores -------------------------------------------------------------------------------------------------------


async def test_store_create_list_retrieve_update_delete(emu: Emulator, client: AsyncTwelveLabs) -> None:
    schema = {"type": "object", "properties": {"dish": {"type": "string", "description": "The dish cooked."}}}
    store = await client.knowledge_stores.create(
        name="kitchen", description="Cooking videos", metadata={"team": "food"}, ingestion_config=schema
    )
    assert isinstance(store, KnowledgeStore) and store.id.startswith("ks_")
    assert (store.name, store.description, store.metadata, store.item_count) == (
        "kitchen", "Cooking videos", {"team": "food"}, 0)
    # The SDK's sugar (a bare JSON schema) reached the emulator as the tagged enrichment config, and came back typed.
    assert store.ingestion_config is not None and store.ingestion_config.enrichment_config is not None
    assert store.ingestion_config.enrichment_config.type == "json_schema"
    json_schema = store.ingestion_config.enrichment_config.json_schema  # an object, as in the official SDK
    assert json_schema is not None and json_schema.type == "object" and json_schema.schema == schema
    held = emu.state.knowledge_stores[store.id]
    assert held.ingestion_config == {"enrichment_config": {"type": "json_schema", "json_schema": schema}}
    described = await client.knowledge_stores.create(name="notes", ingestion_config="dishes and utensils")
    assert emu.state.knowledge_stores[described.id].ingestion_config == {
        "enrichment_config": {"type": "description", "description": "dishes and utensils"}}

    others = [await client.knowledge_stores.create(name=f"extra-{n}") for n in range(3)]
    listed = [s.id async for s in client.knowledge_stores.list(page_limit=2, sort_option="asc")]
    assert listed == [store.id, described.id] + [s.id for s in others]  # 3 pages of 2, oldest first
    assert emu.state.requests("GET /knowledge-stores") == 3
    first = await client.knowledge_stores.list(page_limit=2).first_page()
    assert first.page_info is not None and (first.page_info.total_results, first.page_info.total_page) == (5, 3)

    got = await client.knowledge_stores.retrieve(store.id)
    assert got == store

    updated = await client.knowledge_stores.update(store.id, name="kitchen 2", metadata={"season": "winter"})
    assert (updated.name, updated.description, updated.metadata) == ("kitchen 2", "Cooking videos",
                                                                    {"season": "winter"})  # replaced whole
    assert (held.name, held.metadata) == ("kitchen 2", {"season": "winter"})
    # The spec: "A null value is stored as an empty string" (on this update only).
    nulled = await client.knowledge_stores.update(store.id, metadata={"season": None, "year": "2026"})
    assert nulled.metadata == {"season": "", "year": "2026"} and held.metadata == nulled.metadata
    cleared = await client.knowledge_stores.update(store.id, metadata={})
    assert cleared.metadata == {} and held.metadata == {}
    assert cleared.ingestion_config == store.ingestion_config  # immutable, kept
    with pytest.raises(ArgumentError):
        await client.knowledge_stores.update(store.id)  # nothing to update: refused before any request
    assert emu.state.requests("PATCH /knowledge-stores/{knowledge_store_id}") == 3
    with pytest.raises(ArgumentError):  # elsewhere a null has no meaning: refused before any request
        await client.knowledge_stores.create(name="bad", metadata={"season": None})
    # A number is sent as given (1.3.6 documents numbers); the 2026-07 spec wants strings, and the emulator says so.
    with pytest.raises(BadRequestError) as number:
        await client.knowledge_stores.create(name="bad", metadata={"year": 2026})
    assert number.value.code == "parameter_invalid" and emu.state.requests("POST /knowledge-stores") == 6

    assert await client.knowledge_stores.delete(store.id) is None
    assert store.id not in emu.state.knowledge_stores
    with pytest.raises(NotFoundError):
        await client.knowledge_stores.retrieve(store.id)
    assert [s.id async for s in client.knowledge_stores.list()] == [o.id for o in reversed(others)] + [described.id]


# --- items --------------------------------------------------------------------------------------------------------


async def test_an_item_goes_through_its_lifecycle_and_is_deleted(emu: Emulator, client: AsyncTwelveLabs) -> None:
    store = await client.knowledge_stores.create(name="items")
    (asset_id,) = emu.state.seed_assets(1, prefix="dog_walk", ready=False)  # still processing: the item waits
    item = await client.knowledge_store_items.create(store.id, asset_id=asset_id, metadata={"source": "upload"})
    assert isinstance(item, KnowledgeStoreItem) and item.id.startswith("ksi_")
    assert (item.status, item.asset_id, item.asset_type, item.metadata) == ("queued", asset_id, "video",
                                                                            {"source": "upload"})
    assert item.system_metadata is None  # nothing is known of the file before its asset is processed
    assert item.id in emu.state.knowledge_stores[store.id].items
    assert (await client.knowledge_stores.search(store.id, query="dog walk")).data == []  # not searchable yet

    seen: list[str | None] = []
    ready = await client.knowledge_store_items.wait_for_done(
        store.id, item.id, callback=lambda i: seen.append(i.status), **FAST
    )
    assert ready.status == "ready" and ready.is_done
    assert seen[-1] == "ready" and seen == sorted(seen, key=["queued", "pending", "processing", "ready"].index)
    assert ready.system_metadata is not None
    assert (ready.system_metadata.filename, ready.system_metadata.duration) == ("dog_walk_00000.mp4", 60.0)
    assert emu.state.knowledge_item_status(emu.state.knowledge_stores[store.id].items[item.id])[0] == "ready"
    found = await client.knowledge_stores.search(store.id, query="dog walk", group_by="item")
    assert [h.item_id for h in found.data] == [item.id]

    assert await client.knowledge_store_items.retrieve(store.id, item.id) == ready
    assert [i.id for i in (await client.knowledge_store_items.list(store.id, status="ready")).items] == [item.id]
    assert (await client.knowledge_store_items.list(store.id, status=["queued", "processing"])).items == []
    assert (await client.knowledge_stores.retrieve(store.id)).item_count == 1

    assert await client.knowledge_store_items.delete(store.id, item.id) is None
    assert emu.state.knowledge_stores[store.id].items == {}
    assert asset_id in emu.state.assets  # the asset stays
    with pytest.raises(NotFoundError):
        await client.knowledge_store_items.retrieve(store.id, item.id)


async def test_a_failed_item_is_returned_when_waited_for_alone_or_raised_when_asked_and_by_wait_many(
    emu: Emulator, client: AsyncTwelveLabs
) -> None:
    store = emu.state.create_knowledge_store("failing")
    good, bad = emu.state.seed_assets(1, prefix="dog")[0], emu.state.seed_assets(1, prefix="fail_dog")[0]
    good_item = await client.knowledge_store_items.create(store.id, asset_id=good)
    bad_item = await client.knowledge_store_items.create(store.id, asset_id=bad, asset_type="video")
    failed = await client.knowledge_store_items.wait_for_done(store.id, bad_item.id, **FAST)  # returned, as official
    assert isinstance(failed, KnowledgeStoreItem) and failed.status == "failed"
    with pytest.raises(TaskFailedError) as caught:
        await client.knowledge_store_items.wait_for_done(store.id, bad_item.id, raise_on_failure=True, **FAST)
    assert isinstance(caught.value.task, KnowledgeStoreItem) and caught.value.task.status == "failed"
    both = await client.knowledge_store_items.wait_many(store.id, [good_item.id, bad_item.id], **FAST)
    assert [(i.id, i.status) for i in both] == [(good_item.id, "ready"), (bad_item.id, "failed")]


async def test_create_many_adds_every_asset_then_waits_through_the_item_list(
    emu: Emulator, client: AsyncTwelveLabs
) -> None:
    store = emu.state.create_knowledge_store("bulk")
    asset_ids = emu.state.seed_assets(60, prefix="dog", ready=False)
    changes: list[str | None] = []
    items = await client.knowledge_store_items.create_many(
        store.id, asset_ids=asset_ids, asset_type="video", metadata={"batch": "1"}, concurrency=8,
        callback=lambda i: changes.append(i.status), **FAST,
    )
    assert [i.asset_id for i in items] == asset_ids and {i.status for i in items} == {"ready"}
    assert all(i.metadata == {"batch": "1"} for i in items)
    held = emu.state.knowledge_stores[store.id].items
    assert len(held) == 60 and {emu.state.knowledge_item_status(i)[0] for i in held.values()} == {"ready"}
    assert changes.count("ready") == 60
    # Waiting polled the store's item list (50 a page), never each item.
    assert emu.state.requests("POST /knowledge-stores/{knowledge_store_id}/items") == 60
    assert emu.state.requests("GET /knowledge-stores/{knowledge_store_id}/items/{item_id}") == 0
    assert emu.state.requests("GET /knowledge-stores/{knowledge_store_id}/items") >= 2

    # wait_many over items already done: one listing round, each item yielded once.
    emu.state.reset_counters()
    waiter = client.knowledge_store_items.wait_many(store.id, [i.id for i in items], **FAST)
    assert sorted([i.id async for i in waiter]) == sorted(i.id for i in items)
    assert emu.state.requests("GET /knowledge-stores/{knowledge_store_id}/items/{item_id}") == 0
    assert 1 <= emu.state.requests("GET /knowledge-stores/{knowledge_store_id}/items") <= 4

    # Without waiting: the items as created.
    more = await client.knowledge_store_items.create_many(
        store.id, asset_ids=emu.state.seed_assets(2, prefix="cat", ready=False), wait=False
    )
    assert [i.status for i in more] == ["queued", "queued"]


async def test_create_many_stops_at_a_refused_asset_and_keeps_what_was_added(
    emu: Emulator, client: AsyncTwelveLabs
) -> None:
    store = emu.state.create_knowledge_store("refusal")
    (known,) = emu.state.seed_assets(1, prefix="dog")
    with pytest.raises(NotFoundError) as caught:
        await client.knowledge_store_items.create_many(store.id, asset_ids=[known, "nope"], concurrency=1, **FAST)
    assert caught.value.status == 404 and caught.value.code == "resource_not_exist"
    assert [i.asset_id for i in emu.state.knowledge_stores[store.id].items.values()] == [known]
    with pytest.raises(ArgumentError):  # checked before any request
        await client.knowledge_store_items.create_many(store.id, asset_ids=[known, known])
    assert emu.state.requests("POST /knowledge-stores/{knowledge_store_id}/items") == 2


async def test_waiting_on_a_manual_clock_times_out_with_the_last_states_then_ends_when_time_moves() -> None:
    clock = ManualClock()
    async with Emulator(api_key=KEY, speed=1.0, clock=clock) as emu, \
            AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=0) as client:
        store = emu.state.create_knowledge_store("clock")
        asset_ids = emu.state.seed_assets(3, prefix="dog")
        items = await client.knowledge_store_items.create_many(store.id, asset_ids=asset_ids, wait=False)
        ids = [i.id for i in items]
        with pytest.raises(WaitTimeoutError) as one:  # the clock stands still: the items stay queued
            await client.knowledge_store_items.wait_for_done(store.id, ids[0], timeout=0.1, **FAST)
        assert isinstance(one.value.task, KnowledgeStoreItem) and one.value.task.status == "queued"
        with pytest.raises(WaitTimeoutError) as many:
            await client.knowledge_store_items.wait_many(store.id, ids, timeout=0.1, **FAST)
        assert sorted((i.id, i.status) for i in many.value.pending) == sorted((i, "queued") for i in ids)

        clock.advance(0.35)  # queued 0.2 s, then pending 0.3 s: the items are pending now
        assert {i.status async for i in client.knowledge_store_items.list(store.id)} == {"pending"}
        clock.advance(5)
        emu.state.reset_counters()
        done = await client.knowledge_store_items.wait_many(store.id, ids, **FAST)
        assert [(i.id, i.status) for i in done] == [(i, "ready") for i in ids]
        assert emu.state.requests("GET /knowledge-stores/{knowledge_store_id}/items/{item_id}") == 0


@pytest.mark.usefixtures("quick_retries")
async def test_retries_never_add_an_item_twice_and_make_collection_changes_once() -> None:
    faults = ("POST /knowledge-stores/{id}/items:drop_after=1; "
              "POST /knowledge-stores/{id}/item-collections/{cid}/items/add:drop_after=0.5; "
              "POST /knowledge-stores/{id}/item-collections/{cid}/items/remove:drop_after=0.5")
    async with Emulator(api_key=KEY, speed=0, faults=faults, seed=5) as emu, \
            AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=6) as client:
        store = emu.state.seed_knowledge_store("retries", ["a.mp4", "b.mp4", "c.mp4"])
        a, b, c = item_ids_by_name(store).values()
        (asset_id,) = emu.state.seed_assets(1, prefix="dog")
        # Adding an item is not idempotent: an answer lost after the item was made is not asked for again.
        with pytest.raises(APIConnectionError):
            await client.knowledge_store_items.create(store.id, asset_id=asset_id)
        assert emu.state.requests("POST /knowledge-stores/{knowledge_store_id}/items") == 1
        assert [i.asset_id for i in store.items.values()].count(asset_id) == 1

        # Adding to and removing from a collection are: lost answers are retried, and change nothing twice.
        collection = emu.state.create_item_collection(store.id, "retried")
        for n in range(4):
            added = await client.knowledge_store_item_collections.add_items(store.id, collection.id, item_ids=[a, b])
            assert added.member_count == 2 and list(collection.members) == [a, b]
            await client.knowledge_store_item_collections.remove_items(store.id, collection.id, item_ids=[b, c])
            assert list(collection.members) == [a], n
            await client.knowledge_store_item_collections.remove_items(store.id, collection.id, item_ids=[a])
        lost = sum(emu.state.outcomes[r]["drop_after"] for r in (
            "POST /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/add",
            "POST /knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/remove"))
        assert lost >= 2  # the faults really happened


# --- item collections ---------------------------------------------------------------------------------------------


async def test_item_collections(emu: Emulator, client: AsyncTwelveLabs) -> None:
    store = emu.state.seed_knowledge_store("collections", ["a.mp4", "b.mp4", "c.jpg"])
    a, b, c = item_ids_by_name(store).values()
    favs = await client.knowledge_store_item_collections.create(
        store.id, name="favourites", description="the best", metadata={"owner": "ana"}
    )
    assert isinstance(favs, KnowledgeStoreItemCollection) and favs.id.startswith("ksic_")
    assert (favs.knowledge_store_id, favs.name, favs.member_count, favs.metadata) == (
        store.id, "favourites", 0, {"owner": "ana"})
    other = await client.knowledge_store_item_collections.create(store.id, name="archive")
    with pytest.raises(BadRequestError):  # names are unique within a store
        await client.knowledge_store_item_collections.create(store.id, name="archive")

    by_name = await client.knowledge_store_item_collections.list(store.id, sort_by="name", sort_option="asc")
    assert [x.name for x in by_name.items] == ["archive", "favourites"]
    assert [x.id async for x in client.knowledge_store_item_collections.list(store.id, page_limit=1)] == [
        other.id, favs.id]  # newest first, one a page

    added = await client.knowledge_store_item_collections.add_items(store.id, favs.id, item_ids=[c, a])
    assert isinstance(added, KnowledgeStoreItemCollection) and added.member_count == 2
    again = await client.knowledge_store_item_collections.add_items(store.id, favs.id, item_ids=[a, b])
    assert again.member_count == 3  # a was skipped
    assert list(store.collections[favs.id].members) == [c, a, b]
    members = [i.id async for i in client.knowledge_store_item_collections.list_items(store.id, favs.id)]
    assert members == [c, a, b]  # in the order added
    with pytest.raises(BadRequestError):  # every id must be an item of the store; nothing is added otherwise
        await client.knowledge_store_item_collections.add_items(store.id, favs.id, item_ids=[a, "ksi_nope"])
    assert len(store.collections[favs.id].members) == 3

    removed = await client.knowledge_store_item_collections.remove_items(store.id, favs.id, item_ids=[a, "ksi_x"])
    assert removed is None and list(store.collections[favs.id].members) == [c, b]

    renamed = await client.knowledge_store_item_collections.update(store.id, favs.id, name="best", metadata={})
    assert (renamed.name, renamed.description, renamed.metadata, renamed.member_count) == ("best", "the best", {}, 2)
    assert await client.knowledge_store_item_collections.retrieve(store.id, favs.id) == renamed

    assert await client.knowledge_store_items.delete(store.id, c) is None  # an item deleted leaves its collections
    assert [i.id async for i in client.knowledge_store_item_collections.list_items(store.id, favs.id)] == [b]
    assert (await client.knowledge_store_item_collections.retrieve(store.id, favs.id)).member_count == 1

    assert await client.knowledge_store_item_collections.delete(store.id, favs.id) is None
    assert favs.id not in store.collections and len(store.items) == 2  # the items stay
    with pytest.raises(NotFoundError):
        await client.knowledge_store_item_collections.retrieve(store.id, favs.id)


# --- search -------------------------------------------------------------------------------------------------------


async def test_search_ranks_as_the_emulator_does_and_filters(emu: Emulator, client: AsyncTwelveLabs) -> None:
    store = emu.state.seed_knowledge_store("search", FILES)
    ids = item_ids_by_name(store)
    emu.state.knowledge_stores[store.id].items[ids["dog_beach.mp4"]].metadata = {"spot": "north"}

    page = await client.knowledge_stores.search(store.id, query="dog park", group_by="item", page_size=50)
    assert isinstance(page, KnowledgeStoreSearchPage) and page.next_page_token is None
    assert [h.item_id for h in page.data] == [i for i, _ in expected_hits(emu, store.id, "dog park",
                                                                           group_by="item")]
    assert page.data[0].item_id == ids["dog_park.mp4"]  # both words and nothing else: the best match
    assert ids["cat_sofa.mp4"] not in {h.item_id for h in page.data}
    assert [h.rank for h in page.data] == list(range(1, len(page.data) + 1))
    assert {h.item_id for h in page.images} == {ids["dog_park_photo.jpg"]} and page.images[0].matches == []
    assert all(h.matches and h.matches[0].modalities == ["visual"] for h in page.videos)
    assert page.effective_search_options is not None and page.effective_search_options.video is not None
    assert page.effective_search_options.video.modalities == ["visual"]

    # One result per clip by default, still in the emulator's order.
    clips = await client.knowledge_stores.search(store.id, query={"text": "dog park"}, page_size=50)
    assert [hit_key(h) for h in clips.data] == expected_hits(emu, store.id, "dog park", group_by="none")
    assert all(len(h.matches) == 1 for h in clips.videos)

    # Filters, modalities and metadata: the SDK's sugar means what the emulator reads.
    videos = await client.knowledge_stores.search(store.id, query="dog", filter={"asset_type": "video"},
                                                  search_options=["visual", "audio"], include_metadata=True)
    assert videos.images == [] and videos.videos
    assert videos.effective_search_options is not None and videos.effective_search_options.video is not None
    assert videos.effective_search_options.video.modalities == ["visual", "audio"]
    beach = next(h for h in videos.data if h.item_id == ids["dog_beach.mp4"])
    assert beach.metadata is not None and beach.metadata.user == {"spot": "north"}
    assert beach.metadata.system is not None and beach.metadata.system.width == 1280
    only = await client.knowledge_stores.search(store.id, query="park", filter={"item_id": [ids["city_park.mp4"]]})
    assert {h.item_id for h in only.data} == {ids["city_park.mp4"]}
    images = await client.knowledge_stores.search(store.id, query="dog", filter={"asset_type": "image"})
    assert [h.item_id for h in images.data] == [ids["dog_park_photo.jpg"]]
    assert images.effective_search_options is not None and images.effective_search_options.video is None
    with pytest.raises(BadRequestError):  # video options with a filter that excludes videos: the spec's 400
        await client.knowledge_stores.search(store.id, query="dog", filter={"asset_type": "image"},
                                             search_options="audio")


async def test_search_pages_follows_the_body_tokens_to_the_end(emu: Emulator, client: AsyncTwelveLabs) -> None:
    store = emu.state.seed_knowledge_store("pages", [f"dog_{n}.mp4" for n in range(6)] + ["dog_photo.jpg"])
    expected = expected_hits(emu, store.id, "dog")
    assert len(expected) >= 8  # 6 videos of 1-3 clips each, and the image
    emu.state.reset_counters()
    pager = client.knowledge_stores.search_pages(store.id, query="dog", page_size=3)
    hits = [hit async for hit in pager]
    assert [hit_key(h) for h in hits] == expected
    assert [h.rank for h in hits] == list(range(1, len(expected) + 1))  # ranks run on across pages
    assert emu.state.requests(SEARCH) == math.ceil(len(expected) / 3)

    emu.state.reset_counters()
    pages = [p async for p in client.knowledge_stores.search_pages(store.id, query="dog", page_size=4).pages()]
    assert [len(p.data) for p in pages[:-1]] == [4] * (len(pages) - 1) and pages[-1].next_page_token is None
    assert all(p.next_page_token for p in pages[:-1])
    assert emu.state.requests(SEARCH) == len(pages) == math.ceil(len(expected) / 4)

    # A last page that is full carries no token: no request for an empty page.
    emu.state.reset_counters()
    whole = [h async for h in client.knowledge_stores.search_pages(store.id, query="dog", page_size=len(expected))]
    assert len(whole) == len(expected) and emu.state.requests(SEARCH) == 1


async def test_an_expired_page_token_raises_gone() -> None:
    clock = ManualClock()
    async with Emulator(api_key=KEY, speed=0, clock=clock, knowledge_search_token_ttl=30.0) as emu, \
            AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=2) as client:
        store = emu.state.seed_knowledge_store("ttl", ["dog_a.mp4", "dog_b.mp4", "dog_c.mp4"])
        pages = client.knowledge_stores.search_pages(store.id, query="dog", page_size=1, group_by="item").pages()
        first = await pages.__anext__()
        clock.advance(29)  # each token lives 30 s from the moment it is handed out
        second = await pages.__anext__()
        assert [first.data[0].rank, second.data[0].rank] == [1, 2] and second.next_page_token
        clock.advance(30)
        with pytest.raises(GoneError) as caught:
            await pages.__anext__()
        assert caught.value.status == 410 and caught.value.code == "page_token_expired"
        assert emu.state.requests(SEARCH) == 3  # a 410 is not retried
        with pytest.raises(GoneError):
            await client.knowledge_stores.search(store.id, query="dog", page_token=second.next_page_token)
        with pytest.raises(BadRequestError) as malformed:
            await client.knowledge_stores.search(store.id, query="dog", page_token="not-a-token")
        assert malformed.value.status == 400


# --- /responses ---------------------------------------------------------------------------------------------------


async def test_a_streamed_answer_its_text_and_a_continued_session(emu: Emulator, client: AsyncTwelveLabs) -> None:
    store = emu.state.seed_knowledge_store("jockey", FILES)
    stream = client.responses.create_stream(knowledge_store_id=store.id, input="Where is the dog in the park?")
    events = [event async for event in stream]
    assert shape(events) == PLAIN_STREAM
    assert [e.sequence_number for e in events] == list(range(len(events)))
    final = stream.response
    assert isinstance(final, ResponseObject) and final.status == "completed" and stream.done
    deltas = "".join(e.delta for e in events if isinstance(e, ResponseOutputTextDeltaEvent))
    assert stream.text == deltas == final.output_text and "dog_park.mp4" in final.output_text
    done_text = next(e for e in events if isinstance(e, ResponseOutputTextDoneEvent)).text
    assert done_text == final.output_text
    assert final.usage is not None and final.usage.output_tokens and final.usage.input_tokens
    assert final.knowledge_store_id == store.id and stream.session_id == final.session_id
    session = emu.state.response_sessions[final.session_id or ""]
    assert [t.answer for t in session.turns] == [final.output_text]
    assert session.turns[0].response_id == final.id == stream.response_id

    # The next turn continues the session: the emulator answers with the earlier question in mind.
    follow = await client.responses.create(knowledge_store_id=store.id, input="And on the beach?",
                                           session_id=final.session_id)
    assert follow.status == "completed" and follow.session_id == final.session_id and follow.id != final.id
    assert follow.output_text.startswith('Following up on your earlier question "Where is the dog in the park?"')
    assert [t.answer for t in session.turns] == [final.output_text, follow.output_text]
    assert follow.usage is not None and final.usage.input_tokens is not None
    assert (follow.usage.input_tokens or 0) > final.usage.input_tokens  # the history is part of the input
    fresh = await client.responses.create(knowledge_store_id=store.id, input="dog")
    assert fresh.session_id not in (None, final.session_id) and len(emu.state.response_sessions) == 2

    # Deleting the store ends the conversations held over it.
    await client.knowledge_stores.delete(store.id)
    assert emu.state.response_sessions == {}
    with pytest.raises(NotFoundError):
        await client.responses.create(knowledge_store_id=store.id, input="dog", session_id=final.session_id)


async def test_selections_instructions_structured_output_and_intermediate_steps(
    emu: Emulator, client: AsyncTwelveLabs
) -> None:
    store = emu.state.seed_knowledge_store("narrow", FILES)
    ids = item_ids_by_name(store)
    cat = ids["cat_sofa.mp4"]
    first = await client.responses.create(knowledge_store_id=store.id, input="What is in {{sel:0}}?",
                                          selections=[cat], instructions="Be brief")
    assert "cat_sofa.mp4 shows cat and sofa" in first.output_text and "dog" not in first.output_text
    assert first.output_text.endswith("(Answered as instructed: Be brief)")
    session = emu.state.response_sessions[first.session_id or ""]
    assert session.selections == [("item", cat)]  # the id's prefix told the SDK its kind
    # Selections persist in the session: a later turn still only looks at the cat.
    later = await client.responses.create(knowledge_store_id=store.id, input="Any dog?", session_id=first.session_id)
    assert "None of the 1 item(s) I looked at" in later.output_text

    collection = emu.state.create_item_collection(store.id, "dogs")
    collection.members.update({ids["dog_beach.mp4"]: None})
    about = await client.responses.create(
        knowledge_store_id=store.id, input=[{"content": "Which animals are in {{sel:0}}?"}],
        selections=[collection.id], text={"type": "object", "properties": {"animal": {"type": "string"}},
                                          "required": ["animal"]},
    )
    assert set(json.loads(about.output_text)) == {"animal"}  # a bare schema was wrapped as a json_schema format
    assert emu.state.response_sessions[about.session_id or ""].selections == [("collection", collection.id)]

    stream = client.responses.create_stream(knowledge_store_id=store.id, input="dog", include="intermediate_outputs")
    events = [event async for event in stream]
    steps = shape(events)
    assert steps[:7] == [ResponseCreatedEvent, ResponseInProgressEvent, ResponseOutputItemAddedEvent,
                         ResponseFunctionCallArgumentsDoneEvent, ResponseOutputItemDoneEvent,
                         ResponseOutputItemAddedEvent, ResponseOutputItemDoneEvent]
    assert steps[7:] == PLAIN_STREAM[2:]
    assert stream.response is not None
    assert [o.type for o in stream.response.output] == ["function_call", "function_call_output", "message"]
    call = stream.response.output[0]
    assert call.name == "search_knowledge_store" and json.loads(call.arguments or "")["query"] == "dog"
    assert stream.text == stream.response.output_text  # the steps carry no text


async def test_a_failed_response_is_returned_with_its_status(emu: Emulator, client: AsyncTwelveLabs) -> None:
    store = emu.state.seed_knowledge_store("failing", ["dog.mp4"])
    failed = await client.responses.create(knowledge_store_id=store.id, input="[emulator:fail] where?")
    assert isinstance(failed, ResponseObject) and failed.status == "failed"
    assert failed.output == [] and failed.output_text == "" and failed.session_id
    assert emu.state.response_sessions[failed.session_id].turns == []  # no answer was produced

    stream = client.responses.create_stream(knowledge_store_id=store.id, input="where?", instructions="[emulator:fail]")
    events = [event async for event in stream]
    assert shape(events) == [ResponseCreatedEvent, ResponseInProgressEvent, ResponseFailedEvent]
    assert stream.status == "failed" and stream.text == "" and stream.done
    assert (await stream.final_response()).status == "failed"

    empty = emu.state.create_knowledge_store("empty")  # no ready item: nothing to reason over
    assert (await client.responses.create(knowledge_store_id=empty.id, input="dog?")).status == "failed"


@pytest.mark.usefixtures("quick_retries")
async def test_request_errors_are_typed_and_a_create_is_never_sent_twice(emu: Emulator) -> None:
    store = emu.state.seed_knowledge_store("errors", ["dog.mp4"])
    other = emu.state.seed_knowledge_store("other", ["cat.mp4"])
    async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=2) as client:
        with pytest.raises(NotFoundError):
            await client.responses.create(knowledge_store_id=store.id, input="x", session_id="sess_unknown")
        elsewhere = await client.responses.create(knowledge_store_id=other.id, input="cat")
        with pytest.raises(BadRequestError):  # a session belongs to its store
            await client.responses.create(knowledge_store_id=store.id, input="x", session_id=elsewhere.session_id)
        with pytest.raises(NotFoundError):
            await client.responses.create(knowledge_store_id="ks_unknown", input="x")
        with pytest.raises(ArgumentError):
            client.responses.create_stream(knowledge_store_id=store.id, input="")  # before any request
        emu.state.reset_counters()
        fault = {"additional_headers": {"X-Emulator-Fault": "5xx"}}
        with pytest.raises(InternalServerError):
            await client.responses.create(knowledge_store_id=store.id, input="dog", request_options=fault)
        assert emu.state.requests(RESPONSES) == 1  # a 5xx may come after the question was asked: not retried
        emu.state.reset_counters()
        refused: RequestOptions = {"additional_headers": {"X-Emulator-Fault": "429(0)"}, "max_retries": 1}
        with pytest.raises(RateLimitError):
            await client.responses.create(knowledge_store_id=store.id, input="dog", request_options=refused)
        assert emu.state.requests(RESPONSES) == 2  # a 429 is refused before any work: retried


async def test_keepalive_comments_are_skipped_and_events_arriving_one_by_one_decode_the_same(
    emu: Emulator, client: AsyncTwelveLabs
) -> None:
    store = emu.state.seed_knowledge_store("pings", ["dog.mp4"])
    emu.config.response_think_seconds = 0.3
    emu.config.sse_keepalive_interval = 0.05  # six `: ping` comments while Jockey "thinks"
    emu.config.response_event_delay = 0.01  # and the events arrive one by one
    stream = client.responses.create_stream(knowledge_store_id=store.id, input="dog?")
    events = [event async for event in stream]
    assert shape(events) == PLAIN_STREAM and not any(isinstance(e, UnknownResponseEvent) for e in events)
    assert [e.sequence_number for e in events] == list(range(len(events)))
    assert stream.text == (stream.response.output_text if stream.response else None)


async def test_a_cut_stream_raises_and_create_does_not_return_half_an_answer(
    emu: Emulator, client: AsyncTwelveLabs
) -> None:
    store = emu.state.seed_knowledge_store("cut", ["dog.mp4"])
    cut = {"additional_headers": {"X-Emulator-Fault": "stream_cut(4)"}}
    stream = client.responses.create_stream(knowledge_store_id=store.id, input="dog?", request_options=cut)
    received: list[ResponseEvent] = []
    with pytest.raises((StreamConnectionError, StreamIncompleteError)):
        async for event in stream:
            received.append(event)
    assert len(received) == 4 and not stream.done and stream.status == "in_progress"
    dropped = {"additional_headers": {"X-Emulator-Fault": "drop_after"}}  # cut just before response.completed
    with pytest.raises((StreamConnectionError, StreamIncompleteError)):
        await client.responses.create(knowledge_store_id=store.id, input="dog?", request_options=dropped)
    assert emu.state.outcomes[RESPONSES]["stream_cut"] == 2
    assert acquired(client) == 0


async def test_leaving_a_stream_early_releases_the_connection() -> None:
    # Jockey "thinks" for a minute after response.in_progress, pinging every 20 ms: the emulator's handler only
    # returns early if the client hangs up, which it notices at its next ping. One pooled connection: a stream
    # that kept it would also make the next call wait.
    async with Emulator(api_key=KEY, speed=0, response_think_seconds=60.0, sse_keepalive_interval=0.02) as emu, \
            AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_connections=1, timeout=5.0) as client:
        store = emu.state.seed_knowledge_store("early", ["dog.mp4"])

        async for event in client.responses.create_stream(knowledge_store_id=store.id, input="dog?"):
            assert isinstance(event, ResponseCreatedEvent)
            break
        await until(lambda: finished(emu, RESPONSES) == 1)
        assert acquired(client) == 0
        assert (await client.knowledge_stores.retrieve(store.id)).id == store.id

        started = asyncio.Event()

        async def read() -> None:
            async for _ in client.responses.create_stream(knowledge_store_id=store.id, input="dog?"):
                started.set()

        reader = asyncio.ensure_future(read())
        await asyncio.wait_for(started.wait(), 5)
        reader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reader
        await until(lambda: finished(emu, RESPONSES) == 2)
        assert acquired(client) == 0

        # create() reads the whole stream: cancelling it mid-way lets the connection go too.
        whole = asyncio.ensure_future(client.responses.create(knowledge_store_id=store.id, input="dog?"))
        await until(lambda: emu.state.requests(RESPONSES) == 3)
        whole.cancel()
        with pytest.raises(asyncio.CancelledError):
            await whole
        await until(lambda: finished(emu, RESPONSES) == 3)

        async with client.responses.create_stream(knowledge_store_id=store.id, input="dog?") as stream:
            assert isinstance(await stream.__anext__(), ResponseCreatedEvent)
        await until(lambda: finished(emu, RESPONSES) == 4)
        assert acquired(client) == 0 and not stream.done
        assert (await client.knowledge_stores.retrieve(store.id)).id == store.id


# --- the blocking client ------------------------------------------------------------------------------------------


def test_every_operation_through_the_blocking_client() -> None:
    with EmulatorThread(api_key=KEY, speed=20.0) as emu, TwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
        store = client.knowledge_stores.create(name="blocking", metadata={"team": "a"}, ingestion_config="dogs")
        assert store.id in emu.state.knowledge_stores
        assert [s.id for s in client.knowledge_stores.list()] == [store.id]
        assert client.knowledge_stores.retrieve(store.id) == store
        assert client.knowledge_stores.update(store.id, description="all dogs").description == "all dogs"
        assert emu.state.knowledge_stores[store.id].description == "all dogs"

        asset_ids = emu.state.seed_assets(3, prefix="dog", ready=False) + emu.state.seed_assets(1, prefix="fail")
        first = client.knowledge_store_items.create(store.id, asset_id=asset_ids[0])
        assert first.status == "queued"
        assert client.knowledge_store_items.wait_for_done(store.id, first.id, **FAST).status == "ready"
        rest = client.knowledge_store_items.create_many(store.id, asset_ids=asset_ids[1:3], **FAST)
        assert [i.status for i in rest] == ["ready", "ready"]
        failing = client.knowledge_store_items.create(store.id, asset_id=asset_ids[3])
        assert client.knowledge_store_items.wait_for_done(store.id, failing.id, **FAST).status == "failed"
        with pytest.raises(TaskFailedError):
            client.knowledge_store_items.wait_for_done(store.id, failing.id, raise_on_failure=True, **FAST)
        waited = client.knowledge_store_items.wait_many(store.id, [first.id, failing.id], **FAST).wait()
        assert [i.status for i in waited] == ["ready", "failed"]
        assert [i.id for i in client.knowledge_store_items.wait_many(store.id, [rest[0].id], **FAST)] == [rest[0].id]
        assert client.knowledge_store_items.retrieve(store.id, first.id).status == "ready"
        assert len(client.knowledge_store_items.list(store.id, status="ready").to_list()) == 3

        favs = client.knowledge_store_item_collections.create(store.id, name="favs")
        assert client.knowledge_store_item_collections.add_items(store.id, favs.id,
                                                                 item_ids=[first.id, rest[0].id]).member_count == 2
        assert client.knowledge_store_item_collections.remove_items(store.id, favs.id, item_ids=[first.id]) is None
        assert [i.id for i in client.knowledge_store_item_collections.list_items(store.id, favs.id)] == [rest[0].id]
        assert client.knowledge_store_item_collections.update(store.id, favs.id, name="best").name == "best"
        assert client.knowledge_store_item_collections.retrieve(store.id, favs.id).member_count == 1
        assert [c.id for c in client.knowledge_store_item_collections.list(store.id)] == [favs.id]
        assert client.knowledge_store_item_collections.delete(store.id, favs.id) is None
        assert emu.state.knowledge_stores[store.id].collections == {}

        expected = expected_hits(emu, store.id, "dog")
        page = client.knowledge_stores.search(store.id, query="dog", page_size=50)
        assert [hit_key(h) for h in page.data] == expected
        before = emu.state.requests(SEARCH)
        pager = client.knowledge_stores.search_pages(store.id, query="dog", page_size=2)
        assert [hit_key(h) for h in pager] == expected
        assert emu.state.requests(SEARCH) - before == math.ceil(len(expected) / 2)

        with client.responses.create_stream(knowledge_store_id=store.id, input="Where is the dog?") as stream:
            events = list(stream)
        assert shape(events) == PLAIN_STREAM and stream.response is not None
        assert stream.text == stream.response.output_text and stream.done
        follow = client.responses.create(knowledge_store_id=store.id, input="And then?", session_id=stream.session_id)
        assert follow.session_id == stream.session_id and follow.output_text.startswith("Following up")
        assert len(emu.state.response_sessions[follow.session_id or ""].turns) == 2
        assert client.responses.create(knowledge_store_id=store.id, input="[emulator:fail]").status == "failed"

        assert client.knowledge_store_items.delete(store.id, failing.id) is None
        assert failing.id not in emu.state.knowledge_stores[store.id].items
        assert client.knowledge_stores.delete(store.id) is None
        assert store.id not in emu.state.knowledge_stores
        with pytest.raises(NotFoundError):
            client.knowledge_stores.retrieve(store.id)
        assert {route for route, n in emu.state.route_counts.items() if n} >= KNOWLEDGE_ROUTES


def test_leaving_a_blocking_stream_early_releases_the_connection() -> None:
    with EmulatorThread(api_key=KEY, speed=0, response_think_seconds=60.0, sse_keepalive_interval=0.02) as emu, \
            TwelveLabs(api_key=KEY, base_url=emu.base_url, max_connections=1, timeout=5.0) as client:
        store = emu.state.seed_knowledge_store("early", ["dog.mp4"])
        stream = client.responses.create_stream(knowledge_store_id=store.id, input="dog?")
        for event in stream:
            assert isinstance(event, ResponseCreatedEvent)
            break
        until_sync(lambda: finished(emu, RESPONSES) == 1)
        assert stream.events_received == 1 and not stream.done
        assert client.knowledge_stores.retrieve(store.id).id == store.id  # the only pooled connection is free

        with client.responses.create_stream(knowledge_store_id=store.id, input="dog?") as second:
            assert isinstance(next(iter(second)), ResponseCreatedEvent)
        until_sync(lambda: finished(emu, RESPONSES) == 2)
        assert client.knowledge_stores.retrieve(store.id).id == store.id
