"""Knowledge stores, items, item collections and store search on today's surface, with raw aiohttp: every route's
happy path and documented errors, the item lifecycle on a ManualClock, search paging with the token in the body
and a 410 after the token's TTL, rate limits, faults, and the state and admin helpers."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from emulator_helpers import HEADERS

from twelvelabs_async.emulator import Emulator, ManualClock
from twelvelabs_async.emulator.knowledge_state import seeded_part

KS = "/knowledge-stores"


async def call(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> tuple[int, Any]:
    async with http.request(method, url, **kwargs) as resp:
        text = await resp.text()
        return resp.status, (await resp.json(content_type=None)) if text else None


async def new_store(http: aiohttp.ClientSession, base: str, name: str = "store", **extra: Any) -> dict[str, Any]:
    status, body = await call(http, "POST", f"{base}{KS}", json={"name": name, **extra})
    assert status == 201, body
    return dict(body)


async def add_item(http: aiohttp.ClientSession, base: str, store_id: str, asset_id: str,
                   **extra: Any) -> dict[str, Any]:
    status, body = await call(http, "POST", f"{base}{KS}/{store_id}/items", json={"asset_id": asset_id, **extra})
    assert status == 202, body
    return dict(body)


async def search(http: aiohttp.ClientSession, base: str, store_id: str, **body: Any) -> tuple[int, Any]:
    return await call(http, "POST", f"{base}{KS}/{store_id}/search", json=body)


# --- stores ---------------------------------------------------------------------------------------------------


async def test_store_crud(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    config = {"enrichment_config": {"type": "json_schema", "json_schema": {
        "type": "object", "properties": {"mood": {"type": "string", "description": "The mood",
                                                   "enum": ["calm", "tense"]}}, "required": ["mood"]}}}
    store = await new_store(http, base, "sports", description="Game tape", metadata={"team": "blue"},
                            ingestion_config=config)
    assert store["_id"].startswith("ks_") and len(store["_id"]) == 39
    assert {k: store[k] for k in ("name", "description", "metadata", "item_count", "ingestion_config")} == {
        "name": "sports", "description": "Game tape", "metadata": {"team": "blue"}, "item_count": 0,
        "ingestion_config": config}
    assert store["created_at"] == store["updated_at"]
    status, got = await call(http, "GET", f"{base}{KS}/{store['_id']}")
    assert status == 200 and got == store

    emulator.clock.advance(5)  # type: ignore[attr-defined]
    status, updated = await call(http, "PATCH", f"{base}{KS}/{store['_id']}",
                                 json={"name": "sports 2", "metadata": {"season": None, "year": "2026"}})
    # The metadata is replaced whole; a null value is stored as "".
    assert status == 200 and updated["metadata"] == {"season": "", "year": "2026"} and updated["name"] == "sports 2"
    assert updated["description"] == "Game tape" and updated["updated_at"] > updated["created_at"]
    status, cleared = await call(http, "PATCH", f"{base}{KS}/{store['_id']}", json={"metadata": {}})
    assert status == 200 and cleared["metadata"] == {}
    # ingestion_config is immutable: not a parameter of the update.
    status, err = await call(http, "PATCH", f"{base}{KS}/{store['_id']}", json={"ingestion_config": config})
    assert status == 400 and err["code"] == "parameter_unknown"

    others = [await new_store(http, base, f"s{n}") for n in range(3)]
    status, page = await call(http, "GET", f"{base}{KS}", params={"page_limit": 2})
    assert status == 200 and page["page_info"] == {"page": 1, "limit_per_page": 2, "total_page": 2,
                                                   "total_results": 4}
    assert [s["_id"] for s in page["data"]] == [others[2]["_id"], others[1]["_id"]]  # newest first
    emulator.clock.advance(1)  # type: ignore[attr-defined]
    status, _ = await call(http, "PATCH", f"{base}{KS}/{store['_id']}", json={"description": "Game tape 2"})
    status, page = await call(http, "GET", f"{base}{KS}", params={"sort_by": "updated_at", "sort_option": "desc"})
    assert page["data"][0]["_id"] == store["_id"]  # updated last
    assert page["data"][0]["description"] == "Game tape 2" and page["data"][0]["metadata"] == {}
    status, err = await call(http, "GET", f"{base}{KS}", params={"sort_by": "name"})
    assert status == 400 and err["code"] == "parameter_invalid"

    status, _ = await call(http, "DELETE", f"{base}{KS}/{store['_id']}")
    assert status == 200
    status, err = await call(http, "GET", f"{base}{KS}/{store['_id']}")
    assert status == 404 and err["code"] == "resource_not_exist"
    assert store["_id"] not in emulator.state.knowledge_stores


@pytest.mark.parametrize(("body", "status", "code"), [
    ({}, 400, "parameter_not_provided"),
    ({"name": ""}, 400, "parameter_invalid"),
    ({"name": "x", "metadata": {"n": 1}}, 400, "parameter_invalid"),
    ({"name": "x", "colour": "red"}, 400, "parameter_unknown"),
    ({"name": "x", "ingestion_config": {}}, 400, "parameter_not_provided"),
    ({"name": "x", "ingestion_config": {"enrichment_config": {"type": "magic"}}}, 400, "parameter_invalid"),
    ({"name": "x", "ingestion_config": {"enrichment_config": {"type": "description"}}}, 400,
     "parameter_not_provided"),
    # The enrichment schema: unknown keywords, a missing property description, a non-object root, nullable types.
    ({"name": "x", "ingestion_config": {"enrichment_config": {"type": "json_schema", "json_schema": {
        "type": "object", "properties": {"a": {"type": "string", "description": "A", "pattern": "^a"}}}}}},
     422, "parameter_invalid"),
    ({"name": "x", "ingestion_config": {"enrichment_config": {"type": "json_schema", "json_schema": {
        "type": "object", "properties": {"a": {"type": "string"}}}}}}, 422, "parameter_invalid"),
    ({"name": "x", "ingestion_config": {"enrichment_config": {"type": "json_schema", "json_schema": {
        "type": "array", "properties": {}}}}}, 422, "parameter_invalid"),
    ({"name": "x", "ingestion_config": {"enrichment_config": {"type": "json_schema", "json_schema": {
        "type": "object", "properties": {"a": {"type": ["string", "null"], "description": "A"}}}}}},
     422, "parameter_invalid"),
])
async def test_store_create_errors(emulator: Emulator, http: aiohttp.ClientSession, body: dict[str, Any],
                                   status: int, code: str) -> None:
    got, err = await call(http, "POST", f"{emulator.base_url}{KS}", json=body)
    assert (got, err["code"]) == (status, code), err
    assert emulator.state.knowledge_stores == {}


async def test_description_enrichment_is_kept(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    config = {"enrichment_config": {"type": "description", "description": "Who scores, and when."}}
    store = await new_store(http, emulator.base_url, ingestion_config=config)
    assert store["ingestion_config"] == config


# --- items ----------------------------------------------------------------------------------------------------


async def test_item_lifecycle_follows_the_asset_and_the_clock() -> None:
    clock = ManualClock()
    async with Emulator(speed=1.0, clock=clock) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        base = emu.base_url
        store = await new_store(http, base)
        asset_id = emu.state.seed_assets(1, prefix="dog_park", ready=False)[0]  # still processing
        item = await add_item(http, base, store["_id"], asset_id, metadata={"topic": "pets"})
        assert item["_id"].startswith("ksi_") and item["status"] == "queued" and item["asset_type"] == "video"
        assert item["metadata"] == {"topic": "pets"} and "system_metadata" not in item  # not known yet
        seen = []
        for _ in range(40):
            status, body = await call(http, "GET", f"{base}{KS}/{store['_id']}/items/{item['_id']}")
            assert status == 200
            if not seen or seen[-1] != body["status"]:
                seen.append(body["status"])
            if body["status"] in ("ready", "failed"):
                break
            clock.advance(0.1)
        assert seen == ["queued", "pending", "processing", "ready"]
        assert body["system_metadata"] == {"asset_type": "video", "filename": "dog_park_00000.mp4", "duration": 60.0,
                                           "fps": 30.0, "width": 1280, "height": 720, "codec_name": "h264",
                                           "size": 10_000_000}
        assert body["updated_at"] > body["created_at"]
        # A file name with "fail" fails at the end of processing; the status filter finds each.
        failing = emu.state.seed_assets(1, prefix="fail_clip")[0]
        bad = await add_item(http, base, store["_id"], failing)
        clock.advance(2.0)
        status, page = await call(http, "GET", f"{base}{KS}/{store['_id']}/items", params=[("status", "failed")])
        assert status == 200 and [i["_id"] for i in page["data"]] == [bad["_id"]]
        status, page = await call(http, "GET", f"{base}{KS}/{store['_id']}/items",
                                  params=[("status", "ready"), ("status", "failed"), ("sort_option", "asc")])
        assert [i["_id"] for i in page["data"]] == [item["_id"], bad["_id"]]
        status, err = await call(http, "GET", f"{base}{KS}/{store['_id']}/items", params={"status": "done"})
        assert status == 400 and err["code"] == "parameter_invalid"
        status, got = await call(http, "GET", f"{base}{KS}/{store['_id']}")
        assert got["item_count"] == 2


async def test_item_create_errors(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    store = await new_store(http, base)
    video = emulator.state.seed_assets(1, prefix="dog")[0]
    audio = emulator.state.seed_assets(1, prefix="song", kind="audio")[0]
    items = f"{base}{KS}/{store['_id']}/items"
    cases = [
        ({}, 400, "parameter_not_provided"),
        ({"asset_id": "nope"}, 404, "resource_not_exist"),
        ({"asset_id": audio}, 400, "parameter_invalid"),  # knowledge stores hold videos and images
        ({"asset_id": video, "asset_type": "image"}, 400, "parameter_invalid"),
        ({"asset_id": video, "asset_type": "document"}, 400, "parameter_invalid"),
        ({"asset_id": video, "metadata": {"n": 2}}, 400, "parameter_invalid"),
    ]
    for body, status, code in cases:
        got, err = await call(http, "POST", items, json=body)
        assert (got, err["code"]) == (status, code), (body, err)
    got, err = await call(http, "POST", f"{base}{KS}/ks_missing/items", json={"asset_id": video})
    assert got == 404 and err["code"] == "resource_not_exist"
    # A failed asset cannot become an item.
    broken = emulator.state.assets[emulator.state.seed_assets(1, prefix="x")[0]]
    broken.info = broken.info.failed("unreadable") if broken.info else None
    got, err = await call(http, "POST", items, json={"asset_id": broken.id})
    assert got == 400 and "`failed`" in err["message"]
    item = await add_item(http, base, store["_id"], video, asset_type="video")
    assert item["status"] == "ready"  # speed 0: the lifecycle is skipped
    assert list(emulator.state.knowledge_stores[store["_id"]].items) == [item["_id"]]


async def test_item_delete_leaves_collections(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    store = await new_store(http, base)
    item = await add_item(http, base, store["_id"], emulator.state.seed_assets(1)[0])
    status, collection = await call(http, "POST", f"{base}{KS}/{store['_id']}/item-collections", json={"name": "c"})
    status, collection = await call(http, "POST", f"{base}{KS}/{store['_id']}/item-collections/{collection['_id']}"
                                    "/items/add", json={"item_ids": [item["_id"]]})
    assert status == 200 and collection["member_count"] == 1
    status, _ = await call(http, "DELETE", f"{base}{KS}/{store['_id']}/items/{item['_id']}")
    assert status == 200
    status, err = await call(http, "GET", f"{base}{KS}/{store['_id']}/items/{item['_id']}")
    assert status == 404 and err["code"] == "resource_not_exist"
    status, got = await call(http, "GET", f"{base}{KS}/{store['_id']}/item-collections/{collection['_id']}")
    assert got["member_count"] == 0
    # The asset is not the item: it stays.
    assert item["asset_id"] in emulator.state.assets


# --- collections ----------------------------------------------------------------------------------------------


async def test_collections(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    store = await new_store(http, base)
    ids = [(await add_item(http, base, store["_id"], a))["_id"] for a in emulator.state.seed_assets(3)]
    url = f"{base}{KS}/{store['_id']}/item-collections"
    status, first = await call(http, "POST", url, json={"name": "b-roll", "description": "d", "metadata": {"k": "v"}})
    assert status == 201 and first["_id"].startswith("ksic_") and first["knowledge_store_id"] == store["_id"]
    assert (first["name"], first["description"], first["metadata"], first["member_count"]) == ("b-roll", "d",
                                                                                               {"k": "v"}, 0)
    status, err = await call(http, "POST", url, json={"name": "b-roll"})
    assert status == 400 and "already exists" in err["message"]  # unique within the store
    status, second = await call(http, "POST", url, json={"name": "a-roll"})
    status, page = await call(http, "GET", url, params={"sort_by": "name", "sort_option": "asc"})
    assert [c["name"] for c in page["data"]] == ["a-roll", "b-roll"]
    status, err = await call(http, "PATCH", f"{url}/{second['_id']}", json={"name": "b-roll"})
    assert status == 400
    status, renamed = await call(http, "PATCH", f"{url}/{second['_id']}", json={"name": "c-roll", "metadata": {}})
    assert status == 200 and renamed["name"] == "c-roll" and renamed["metadata"] == {}

    members = f"{url}/{first['_id']}/items"
    status, err = await call(http, "POST", f"{members}/add", json={"item_ids": [ids[0], "ksi_unknown"]})
    assert status == 400 and "ksi_unknown" in err["message"]
    status, got = await call(http, "GET", f"{url}/{first['_id']}")
    assert got["member_count"] == 0  # all or nothing
    status, err = await call(http, "POST", f"{members}/add", json={"item_ids": ["x"] * 501})
    assert status == 400 and err["code"] == "parameter_invalid"
    status, err = await call(http, "POST", f"{members}/add", json={})
    assert status == 400 and err["code"] == "parameter_not_provided"
    status, got = await call(http, "POST", f"{members}/add", json={"item_ids": [ids[2], ids[0]]})
    assert status == 200 and got["member_count"] == 2
    status, got = await call(http, "POST", f"{members}/add", json={"item_ids": [ids[0], ids[1]]})  # idempotent
    assert got["member_count"] == 3
    status, page = await call(http, "GET", members, params={"page_limit": 2})
    assert [i["_id"] for i in page["data"]] == [ids[2], ids[0]] and page["page_info"]["total_results"] == 3
    status, body = await call(http, "POST", f"{members}/remove", json={"item_ids": [ids[0], "ksi_not_a_member"]})
    assert status == 200 and body is None
    status, page = await call(http, "GET", members)
    assert [i["_id"] for i in page["data"]] == [ids[2], ids[1]]

    status, _ = await call(http, "DELETE", f"{url}/{first['_id']}")
    assert status == 200
    status, err = await call(http, "GET", f"{url}/{first['_id']}")
    assert status == 404
    status, got = await call(http, "GET", f"{base}{KS}/{store['_id']}")
    assert got["item_count"] == 3  # the items stay


# --- search ---------------------------------------------------------------------------------------------------


async def test_search_ranks_ready_items_and_filters(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    state = emulator.state
    store = state.seed_knowledge_store("zoo", ["dog_park.mp4", "dog_beach.mp4", "cat_sofa.mp4", "dog_portrait.jpg",
                                               "city_night.jpg"])
    by_name = {i.filename: i.id for i in store.items.values()}
    status, body = await search(http, base, store.id, query={"text": "dog"}, group_by="item")
    assert status == 200
    ranked = [h["item_id"] for h in body["data"]]
    assert set(ranked) == {by_name["dog_park.mp4"], by_name["dog_beach.mp4"], by_name["dog_portrait.jpg"]}
    assert [h["rank"] for h in body["data"]] == [1, 2, 3] and "next_page_token" not in body
    assert body["effective_search_options"] == {"video": {"modalities": ["visual"]}}
    video_hit = next(h for h in body["data"] if h["asset_type"] == "video")
    assert video_hit["matches"] and all(m["modalities"] == ["visual"] and m["end_sec"] > m["start_sec"]
                                        for m in video_hit["matches"])
    assert all(m["transcription"] for m in video_hit["matches"]) and "metadata" not in video_hit
    image_hit = next(h for h in body["data"] if h["asset_type"] == "image")
    assert set(image_hit) == {"asset_type", "rank", "item_id"}  # an image matches whole: no clips

    # Only images: no video options apply, so the effective options are empty, and video options are refused.
    status, body = await search(http, base, store.id, query={"text": "dog"}, filter={"asset_type": {"eq": "image"}},
                                include_metadata=True)
    assert status == 200 and [h["item_id"] for h in body["data"]] == [by_name["dog_portrait.jpg"]]
    assert body["effective_search_options"] == {}
    assert body["data"][0]["metadata"] == {"system": {"width": 1920, "height": 1080, "size": 2_000_000},
                                           "user": {}}
    status, err = await search(http, base, store.id, query={"text": "dog"}, filter={"asset_type": {"in": ["image"]}},
                               search_options={"video": {"modalities": ["audio"]}})
    assert status == 400 and err["code"] == "parameter_invalid"
    status, body = await search(http, base, store.id, query={"text": "dog"},
                                filter={"item_id": {"in": [by_name["dog_beach.mp4"]]},
                                        "asset_type": {"in": ["video", "image"]}},
                                search_options={"video": {"modalities": ["visual", "audio"]}})
    assert {h["item_id"] for h in body["data"]} == {by_name["dog_beach.mp4"]}
    assert body["effective_search_options"] == {"video": {"modalities": ["visual", "audio"]}}
    # "audio" hears what the synthetic transcript says: a word spoken in every transcript but in no file name.
    status, body = await search(http, base, store.id, query={"text": "narrator"},
                                search_options={"video": {"modalities": ["audio"]}})
    assert body["data"] and all(m["modalities"] == ["audio"] for h in body["data"] for m in h["matches"])
    status, body = await search(http, base, store.id, query={"text": "narrator"})
    assert body["data"] == []  # not visible

    # An item that is not ready is not searched.
    late = state.seed_assets(1, prefix="dog_late")[0]
    pending = state.add_knowledge_item(store.id, late)
    state.fail_knowledge_item(pending.id)
    status, body = await search(http, base, store.id, query={"text": "late"})
    assert body["data"] == []


@pytest.mark.parametrize(("body", "code"), [
    ({}, "parameter_not_provided"),
    ({"query": {}}, "parameter_not_provided"),
    ({"query": {"text": " "}}, "parameter_invalid"),
    ({"query": {"text": "a", "image": "x"}}, "parameter_unknown"),
    ({"query": {"text": "a"}, "page_size": 51}, "parameter_invalid"),
    ({"query": {"text": "a"}, "page_size": 0}, "parameter_invalid"),
    ({"query": {"text": "a"}, "group_by": "video"}, "parameter_invalid"),
    ({"query": {"text": "a"}, "filter": {"asset_type": {"eq": "audio"}}}, "parameter_invalid"),
    ({"query": {"text": "a"}, "filter": {"asset_type": {"eq": "video", "in": ["video"]}}}, "parameter_invalid"),
    ({"query": {"text": "a"}, "filter": {"item_id": {"in": []}}}, "parameter_invalid"),
    ({"query": {"text": "a"}, "filter": {"filename": {"eq": "x"}}}, "parameter_unknown"),
    ({"query": {"text": "a"}, "search_options": {"video": {}}}, "parameter_not_provided"),
    ({"query": {"text": "a"}, "search_options": {"video": {"modalities": ["transcription"]}}}, "parameter_invalid"),
    ({"page_token": "not-a-token"}, "page_token_invalid"),
])
async def test_search_errors(emulator: Emulator, http: aiohttp.ClientSession, body: dict[str, Any],
                             code: str) -> None:
    store = emulator.state.seed_knowledge_store("s", ["dog.mp4"])
    status, err = await search(http, emulator.base_url, store.id, **body)
    assert (status, err["code"]) == (400, code), err


async def test_search_pages_with_the_body_token_and_410_after_the_ttl() -> None:
    clock = ManualClock()
    async with Emulator(speed=0, clock=clock, knowledge_search_token_ttl=60) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        base = emu.base_url
        store = emu.state.seed_knowledge_store("s", [f"dog_{n}.mp4" for n in range(7)])
        other = emu.state.seed_knowledge_store("t", ["dog.mp4"])
        status, first = await search(http, base, store.id, query={"text": "dog"}, page_size=4)
        assert status == 200 and len(first["data"]) == 4 and first["next_page_token"]
        everything = list(first["data"])
        token = first["next_page_token"]
        # Clips of 7 videos (1-3 each): follow the tokens to the end; the other fields are ignored on later pages.
        for _ in range(10):
            status, page = await search(http, base, store.id, page_token=token, query={"text": "ignored"},
                                        page_size=50)
            assert status == 200 and len(page["data"]) <= 4
            everything += page["data"]
            token = page.get("next_page_token")
            if token is None:
                break
        assert token is None
        assert [h["rank"] for h in everything] == list(range(1, len(everything) + 1))
        assert {h["item_id"] for h in everything} == set(store.items)
        assert len(everything) == len({(h["item_id"], h["matches"][0]["start_sec"]) for h in everything})

        # A token belongs to its store; another store's token is malformed there.
        status, err = await search(http, base, other.id, page_token=first["next_page_token"])
        assert status == 400 and err["code"] == "page_token_invalid"
        # Each token lives 60 s from the moment it was handed out.
        clock.advance(59)
        status, _page = await search(http, base, store.id, page_token=first["next_page_token"])
        assert status == 200
        clock.advance(1)
        status, err = await search(http, base, store.id, page_token=first["next_page_token"])
        assert status == 410 and err["code"] == "page_token_expired"
        # A fresh search gets fresh tokens.
        status, again = await search(http, base, store.id, query={"text": "dog"}, page_size=4)
        status, page = await search(http, base, store.id, page_token=again["next_page_token"])
        assert status == 200 and page["data"][0]["rank"] == 5


async def _timed_store(emu: Emulator, clock: ManualClock, step: float) -> str:
    """A store of videos and images made one creation at a time, the clock moving ``step`` s before each."""
    store = emu.state.create_knowledge_store("timed")
    for n, (prefix, kind) in enumerate([("dog_park", "video"), ("dog_beach", "video"), ("dog_portrait", "image")] * 4):
        clock.advance(step)
        asset_id = emu.state.seed_assets(1, prefix=f"{prefix}{n}", kind=kind)[0]
        clock.advance(step)
        emu.state.seed_knowledge_items(store.id, [asset_id])
    return store.id


async def test_search_is_the_same_for_the_same_seed_whatever_the_millisecond_of_each_creation() -> None:
    # Ids carry their creation time in ms; two emulators with the same seed given the same requests in the same
    # second, one of them more slowly, rank the same clips with the same scores (the migration suite's two runs).
    outcomes = []
    for step in (0.0, 0.0137):
        clock = ManualClock(1_750_000_000.0)
        async with Emulator(speed=0, clock=clock, seed=15) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
            store_id = await _timed_store(emu, clock, step)
            items = emu.state.knowledge_stores[store_id].items
            status, body = await search(http, emu.base_url, store_id, query={"text": "dog"}, group_by="none",
                                        page_size=50, search_options={"video": {"modalities": ["visual", "audio"]}})
            assert status == 200 and body["data"]
            outcomes.append(([(items[h["item_id"]].filename, h["rank"], [(m["start_sec"], m["end_sec"])
                                                                         for m in h.get("matches", [])])
                              for h in body["data"]], list(items)))
    (first, first_ids), (second, second_ids) = outcomes
    assert first_ids != second_ids  # the ids differ in their milliseconds...
    assert first == second  # ...and nothing the search derives from them does
    assert [seeded_part(i) for i in first_ids] == [seeded_part(i) for i in second_ids]


def test_seeded_part_drops_the_milliseconds_of_a_prefixed_id() -> None:
    assert seeded_part("ksi_01a22a77-28b1-7896-ae51-220cc3257404") == "ksi_7896-ae51-220cc3257404"
    assert seeded_part("ksi_01a22a77-28b0-7896-ae51-220cc3257404") == "ksi_7896-ae51-220cc3257404"
    assert seeded_part("68c9a1f2e4b0a1b2c3d4e5f6") == "68c9a1f2e4b0a1b2c3d4e5f6"  # other ids as they are


async def test_search_rate_limit_and_faults() -> None:
    async with Emulator(speed=0, rate_limit=1, clock=ManualClock()) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        base = emu.base_url
        store = emu.state.seed_knowledge_store("s", ["dog.mp4"])
        status, _ = await search(http, base, store.id, query={"text": "dog"})
        assert status == 200
        async with http.post(f"{base}{KS}/{store.id}/search", json={"query": {"text": "dog"}}) as resp:
            assert resp.status == 429 and await resp.read() == b""  # documented: empty body
            assert resp.headers["X-Ratelimit-Remaining"] == "0"
        # The other routes are not rate limited.
        for _ in range(3):
            status, _ = await call(http, "GET", f"{base}{KS}/{store.id}")
            assert status == 200
        status, err = await call(http, "GET", f"{base}{KS}", headers={"X-Emulator-Fault": "503"})
        assert status == 503 and err["code"] == "internal_error"
        assert emu.state.outcomes["POST /knowledge-stores/{knowledge_store_id}/search"] == {"200": 1, "429": 1}
        assert emu.state.outcomes["GET /knowledge-stores"] == {"503": 1}


async def test_admin_seed_and_reset(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    root = emulator.root_url
    async with http.post(f"{root}/_emulator/knowledge-stores", json={"name": "seeded",
                                                                     "filenames": ["a_dog.mp4", "b.png"]}) as resp:
        assert resp.status == 200
        seeded = await resp.json()
    status, page = await call(http, "GET", f"{emulator.base_url}{KS}/{seeded['knowledge_store_id']}/items")
    assert status == 200 and {(i["_id"], i["status"], i["asset_type"]) for i in page["data"]} == {
        (seeded["item_ids"][0], "ready", "video"), (seeded["item_ids"][1], "ready", "image")}
    async with http.post(f"{root}/_emulator/knowledge-stores", json={"filenames": ["song.mp3"]}) as resp:
        assert resp.status == 400
    async with http.post(f"{root}/_emulator/reset") as resp:
        assert resp.status == 200
    assert emulator.state.knowledge_stores == {} and emulator.state.response_sessions == {}


@pytest.mark.emulator_surface("2025")
async def test_absent_on_the_seed_era_surface(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    status, err = await call(http, "POST", f"{emulator.base_url}{KS}", json={"name": "x"})
    assert status == 404 and err["code"] == "resource_not_exist"
    async with http.post(f"{emulator.root_url}/_emulator/knowledge-stores", json={}) as resp:
        assert resp.status == 404
