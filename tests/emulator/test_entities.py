"""Entity collections and entities (surface 2026): the 14 operations, the entity status, the flat error shape,
and entity search with ``<@entity_id>`` in ``query_text``."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from analysis_helpers import call

from twelvelabs_async.emulator import Emulator, ManualClock


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    return {"speed": 1.0}


def _clock(emulator: Emulator) -> ManualClock:
    assert isinstance(emulator.clock, ManualClock)
    return emulator.clock


def assert_flat(body: Any, code: str) -> None:
    assert isinstance(body, dict) and set(body) == {"code", "message"} and body["code"] == code, body


async def collection(http: aiohttp.ClientSession, base: str, name: str, **extra: Any) -> dict[str, Any]:
    status, body = await call(http, "POST", f"{base}/entity-collections", json={"name": name, **extra})
    assert status == 201, body
    return dict(body)


async def entity(http: aiohttp.ClientSession, base: str, collection_id: str, name: str, asset_ids: list[str],
                 **extra: Any) -> dict[str, Any]:
    status, body = await call(http, "POST", f"{base}/entity-collections/{collection_id}/entities",
                              json={"name": name, "asset_ids": asset_ids, **extra})
    assert status == 201, body
    return dict(body)


async def test_collections(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    players = await collection(http, base, "players", description="the squad")
    assert set(players) == {"_id", "name", "description", "created_at", "updated_at"}
    clock.advance(5)
    actors = await collection(http, base, "actors")
    assert "description" not in actors
    _, listed = await call(http, "GET", f"{base}/entity-collections")
    assert [c["_id"] for c in listed["data"]] == [actors["_id"], players["_id"]]  # newest first
    _, by_name = await call(http, "GET", f"{base}/entity-collections?sort_by=name&sort_option=asc")
    assert [c["name"] for c in by_name["data"]] == ["actors", "players"]
    _, named = await call(http, "GET", f"{base}/entity-collections?name=players")
    assert [c["_id"] for c in named["data"]] == [players["_id"]]
    clock.advance(5)
    status, updated = await call(http, "PATCH", f"{base}/entity-collections/{players['_id']}",
                                 json={"name": "team", "description": "first team"})
    assert status == 200 and (updated["name"], updated["description"]) == ("team", "first team")
    assert updated["updated_at"] > updated["created_at"]
    assert (await call(http, "GET", f"{base}/entity-collections/{players['_id']}"))[1] == updated
    assert await call(http, "DELETE", f"{base}/entity-collections/{actors['_id']}") == (200, None)
    status, body = await call(http, "GET", f"{base}/entity-collections/{actors['_id']}")
    assert status == 404
    assert_flat(body, "resource_not_exist")
    status, body = await call(http, "POST", f"{base}/entity-collections", json={"description": "no name"})
    assert status == 400
    assert_flat(body, "parameter_not_provided")


async def test_entities(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    faces = emulator.state.seed_assets(3, kind="image", prefix="face")
    people = await collection(http, base, "people")
    cid = people["_id"]
    made = await entity(http, base, cid, "Ada Lovelace", [faces[0]], description="mathematician",
                        metadata={"born": 1815, "field": "math", "active": False})
    assert made["status"] == "processing" and made["entity_collection_id"] == cid
    assert made["asset_ids"] == [faces[0]] and made["metadata"] == {"born": 1815, "field": "math", "active": False}
    clock.advance(1)
    status, fetched = await call(http, "GET", f"{base}/entity-collections/{cid}/entities/{made['_id']}")
    assert status == 200 and fetched["status"] == "ready"
    # Linking assets makes it process again; an asset already linked changes nothing.
    status, linked = await call(http, "POST", f"{base}/entity-collections/{cid}/entities/{made['_id']}/assets",
                                json={"asset_ids": [faces[1], faces[0]]})
    assert status == 200 and linked["asset_ids"] == [faces[0], faces[1]] and linked["status"] == "processing"
    clock.advance(1)
    status, unlinked = await call(http, "DELETE", f"{base}/entity-collections/{cid}/entities/{made['_id']}/assets",
                                  json={"asset_ids": [faces[0]]})
    assert status == 200 and unlinked["asset_ids"] == [faces[1]]
    for asset_ids in ([faces[1]], [faces[2]]):  # the last asset; an asset not linked
        status, body = await call(http, "DELETE",
                                  f"{base}/entity-collections/{cid}/entities/{made['_id']}/assets",
                                  json={"asset_ids": asset_ids})
        assert status == 400
        assert_flat(body, "parameter_invalid")
    status, patched = await call(http, "PATCH", f"{base}/entity-collections/{cid}/entities/{made['_id']}",
                                 json={"name": "Ada King", "metadata": {"title": "countess"}})
    assert status == 200 and patched["name"] == "Ada King" and patched["metadata"] == {"title": "countess"}
    assert patched["asset_ids"] == [faces[1]] and patched["description"] == "mathematician"
    clock.advance(1)  # the unlink made it process again
    # Bulk: a bad entity fails alone.
    status, bulk = await call(http, "POST", f"{base}/entity-collections/{cid}/entities/bulk", json={"entities": [
        {"name": "Alan Turing", "asset_ids": [faces[2]]},
        {"name": "Nobody", "asset_ids": ["0" * 24]},
        {"name": "", "asset_ids": [faces[2]]},
        {"name": "Grace Hopper", "asset_ids": [faces[0]], "metadata": {"rank": "admiral"}}]})
    assert status == 201, bulk
    assert (bulk["success_count"], bulk["failed_count"]) == (2, 2)
    assert [(e["name"], e["status"]) for e in bulk["entities"]] == [("Alan Turing", "processing"),
                                                                    ("Grace Hopper", "processing")]
    assert [(e["entity_index"], e["entity_name"]) for e in bulk["errors"]] == [(1, "Nobody"), (2, "")]
    assert all(e["error_reason"] for e in bulk["errors"])
    _, listed = await call(http, "GET", f"{base}/entity-collections/{cid}/entities?sort_by=name&sort_option=asc")
    assert [e["name"] for e in listed["data"]] == ["Ada King", "Alan Turing", "Grace Hopper"]
    _, processing = await call(http, "GET", f"{base}/entity-collections/{cid}/entities?status=processing")
    assert {e["name"] for e in processing["data"]} == {"Alan Turing", "Grace Hopper"}
    _, named = await call(http, "GET", f"{base}/entity-collections/{cid}/entities?name=Grace%20Hopper")
    assert len(named["data"]) == 1
    # Entities by asset, across collections.
    others = await collection(http, base, "others")
    await entity(http, base, others["_id"], "Ada again", [faces[0]])
    _, by_asset = await call(http, "GET", f"{base}/assets/{faces[0]}/entities")
    assert [e["name"] for e in by_asset["data"]] == ["Grace Hopper", "Ada again"]
    status, body = await call(http, "GET", f"{base}/assets/{'0' * 24}/entities")
    assert status == 404
    assert_flat(body, "resource_not_exist")
    # An entity answers only under its own collection; deleting a collection deletes its entities.
    status, body = await call(http, "GET", f"{base}/entity-collections/{others['_id']}/entities/{made['_id']}")
    assert status == 404
    assert_flat(body, "resource_not_exist")
    assert await call(http, "DELETE", f"{base}/entity-collections/{cid}/entities/{made['_id']}") == (200, None)
    assert await call(http, "DELETE", f"{base}/entity-collections/{cid}") == (200, None)
    assert [e.name for e in emulator.state.entities.values()] == ["Ada again"]


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"name": "x"}, 400, "parameter_not_provided"),
    ({"name": "x", "asset_ids": []}, 400, "parameter_not_provided"),
    ({"name": "x", "asset_ids": "abc"}, 400, "parameter_invalid"),
    ({"asset_ids": ["{asset}"]}, 400, "parameter_not_provided"),
    ({"name": "x", "asset_ids": ["{asset}"], "metadata": {"a": [1]}}, 400, "parameter_invalid"),
    ({"name": "x", "asset_ids": ["{asset}"], "color": "red"}, 400, "parameter_unknown"),
    ({"name": "x", "asset_ids": ["0" * 24]}, 404, "resource_not_exist"),
])
async def test_refused_entities(emulator: Emulator, http: aiohttp.ClientSession, body: dict[str, Any], status: int,
                                code: str) -> None:
    asset_id, = emulator.state.seed_assets(1, kind="image")
    cid = (await collection(http, emulator.base_url, "c"))["_id"]
    filled = {k: ([asset_id if a == "{asset}" else a for a in v] if k == "asset_ids" and isinstance(v, list) else v)
              for k, v in body.items()}
    got, answer = await call(http, "POST", f"{emulator.base_url}/entity-collections/{cid}/entities", json=filled)
    assert got == status, answer
    assert_flat(answer, code)
    assert emulator.state.entities == {}


async def search(http: aiohttp.ClientSession, base: str, index_id: str, text: str,
                 options: tuple[str, ...] = ("visual",)) -> tuple[int, Any]:
    data = aiohttp.FormData(default_to_multipart=True)
    data.add_field("index_id", index_id)
    for option in options:
        data.add_field("search_options", option)
    data.add_field("query_text", text)
    data.add_field("group_by", "video")
    return await call(http, "POST", f"{base}/search", data=data)


async def test_entity_search(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, state = emulator.base_url, emulator.state
    index_id = state.create_index("games", [("marengo3.0", ["visual", "audio"])])
    # An indexed asset whose name says nothing about the player, but whose asset the entity is linked to...
    linked_asset, = state.seed_assets(1, prefix="match_footage")
    linked_video, = state.seed_indexed_assets(index_id, [linked_asset])
    # ...a video whose name holds the entity's name, one with the player and a dog, and unrelated ones.
    named, = state.seed_videos(index_id, 1, prefix="messi_lionel_goal")
    both, = state.seed_videos(index_id, 1, prefix="lionel_messi_dog")
    state.seed_videos(index_id, 3, prefix="dog_walk")
    state.seed_videos(index_id, 2, prefix="city_traffic")
    face, = state.seed_assets(1, kind="image", prefix="portrait")
    people = await collection(http, base, "people")
    messi = await entity(http, base, people["_id"], "Lionel Messi", [face, linked_asset])

    status, early = await search(http, base, index_id, f"<@{messi['_id']}>")
    assert status == 400 and early["code"] == "parameter_invalid" and "processing" in early["message"]
    _clock(emulator).advance(1)
    status, found = await search(http, base, index_id, f"<@{messi['_id']}>")
    assert status == 200, found
    assert {v["id"] for v in found["data"]} == {linked_video, named, both}
    # Composed with words: the video with the entity and a dog ranks first; dog-only videos follow.
    _, composed = await search(http, base, index_id, f"<@{messi['_id']}> dog")
    ranked = [v["id"] for v in composed["data"]]
    assert ranked[0] == both and len(ranked) == 6 and {linked_video, named} <= set(ranked)
    # The transcription option alone does not see faces.
    _, spoken = await search(http, base, index_id, f"<@{messi['_id']}>", options=("transcription",))
    assert spoken["data"] == []
    status, unknown = await search(http, base, index_id, "<@ffffffffffffffffffffffff> dog")
    assert status == 400 and unknown["code"] == "parameter_invalid"
    # Without the link, only the name rule is left.
    status, _ = await call(http, "DELETE", f"{base}/entity-collections/{people['_id']}/entities/{messi['_id']}/assets",
                           json={"asset_ids": [linked_asset]})
    assert status == 200
    _clock(emulator).advance(1)
    _, by_name = await search(http, base, index_id, f"<@{messi['_id']}>")
    assert {v["id"] for v in by_name["data"]} == {named, both}
    # The state helper makes a ready entity at once.
    helper = state.seed_entity("Dog Walk")
    _, dogs = await search(http, base, index_id, f"<@{helper}>")
    assert len(dogs["data"]) == 3
