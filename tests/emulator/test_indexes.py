"""Indexes (#1-#5): encodings, statuses, validation, listing, auth."""

from __future__ import annotations

import aiohttp
import pytest
from emulator_helpers import create_index

from twelvelabs_async.emulator import Emulator

# Seed-era models and error bodies with docs_url.
pytestmark = pytest.mark.emulator_surface("2025")

MARENGO = [{"model_name": "marengo2.7", "model_options": ["visual"]}]


async def test_create_retrieve_update_delete(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base, "first")
    async with http.get(f"{base}/indexes/{index_id}") as resp:
        assert resp.status == 200
        body = await resp.json()
    assert body["_id"] == index_id and body["index_name"] == "first"
    assert set(body) == {"_id", "index_name", "created_at", "updated_at", "expires_at", "models", "addons",
                         "video_count", "total_duration"}
    assert body["created_at"].endswith("Z") and body["video_count"] == 0
    async with http.put(f"{base}/indexes/{index_id}", json={"index_name": "renamed"}) as resp:
        assert resp.status == 204
        assert await resp.read() == b""
    assert emulator.state.indexes[index_id].name == "renamed"
    async with http.delete(f"{base}/indexes/{index_id}") as resp:
        assert resp.status == 204 and await resp.read() == b""
    async with http.get(f"{base}/indexes/{index_id}") as resp:
        assert resp.status == 404
        body = await resp.json()
    assert body["code"] == "resource_not_exist" and index_id in body["message"] and "docs_url" in body


async def test_create_validation(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    cases = [
        ({"models": MARENGO}, "parameter_not_provided"),
        ({"index_name": "x"}, "parameter_not_provided"),
        ({"index_name": "x", "models": MARENGO, "colour": "red"}, "parameter_unknown"),
        ({"index_name": "x", "models": [{"model_name": "gpt", "model_options": ["visual"]}]}, "parameter_invalid"),
        ({"index_name": "x", "models": [{"model_name": "marengo2.7", "model_options": ["smell"]}]},
         "parameter_invalid"),
        ({"index_name": "x", "models": [{"model_name": "pegasus1.2", "model_options": ["visual"]}],
          "addons": ["thumbnail"]}, "parameter_invalid"),
    ]
    for body, code in cases:
        async with http.post(f"{base}/indexes", json=body) as resp:
            assert resp.status == 400, body
            assert (await resp.json())["code"] == code, body
    await create_index(http, base, "dup")
    async with http.post(f"{base}/indexes", json={"index_name": "dup", "models": MARENGO}) as resp:
        assert resp.status == 400
        error = await resp.json()
    assert error["code"] == "index_name_already_exists" and "`dup`" in error["message"]
    async with http.post(f"{base}/indexes", data=b"{not json", headers={"content-type": "application/json"}) as r:
        assert r.status == 400 and (await r.json())["code"] == "parameter_invalid"


async def test_list_pagination_and_filters(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    ids = []
    for i in range(5):
        models = MARENGO if i % 2 else [{"model_name": "pegasus1.2", "model_options": ["visual", "audio"]}]
        ids.append(await create_index(http, base, f"i{i}", models))
        emulator.clock.advance(1)  # type: ignore[attr-defined]
    async with http.get(f"{base}/indexes", params={"page_limit": "2", "page": "2"}) as resp:
        body = await resp.json()
    assert body["page_info"] == {"page": 2, "limit_per_page": 2, "total_page": 3, "total_results": 5}
    assert [d["_id"] for d in body["data"]] == [ids[2], ids[1]]  # newest first by default
    async with http.get(f"{base}/indexes", params={"page": "4"}) as resp:
        assert resp.status == 200 and (await resp.json())["data"] == []  # past the end: empty, not an error
    async with http.get(f"{base}/indexes", params={"sort_option": "asc", "page_limit": "1"}) as resp:
        assert (await resp.json())["data"][0]["_id"] == ids[0]
    async with http.get(f"{base}/indexes", params={"model_family": "marengo"}) as resp:
        assert {d["_id"] for d in (await resp.json())["data"]} == {ids[1], ids[3]}
    async with http.get(f"{base}/indexes", params={"model_options": "visual,audio"}) as resp:
        assert {d["_id"] for d in (await resp.json())["data"]} == {ids[0], ids[2], ids[4]}
    async with http.get(f"{base}/indexes", params={"index_name": "i3"}) as resp:
        assert [d["_id"] for d in (await resp.json())["data"]] == [ids[3]]
    for params, code in [({"page_limit": "51"}, "parameter_invalid"), ({"page": "0"}, "parameter_invalid"),
                         ({"colour": "red"}, "parameter_unknown"), ({"sort_by": "name"}, "parameter_invalid")]:
        async with http.get(f"{base}/indexes", params=params) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == code


async def test_auth(emulator: Emulator) -> None:
    async with aiohttp.ClientSession() as bare:
        async with bare.get(f"{emulator.base_url}/indexes") as resp:
            assert resp.status == 401
            assert (await resp.json())["code"] == "api_key_invalid"
        async with bare.get(f"{emulator.base_url}/indexes", headers={"x-api-key": ""}) as resp:
            assert resp.status == 401
        async with bare.get(f"{emulator.base_url}/indexes", headers={"x-api-key": "anything"}) as resp:
            assert resp.status == 200


async def test_only_the_configured_key() -> None:
    async with Emulator(api_key="tlk_right", speed=0, surface="2025") as emu, aiohttp.ClientSession() as http:
        async with http.get(f"{emu.base_url}/indexes", headers={"x-api-key": "tlk_wrong"}) as resp:
            assert resp.status == 401
        async with http.get(f"{emu.base_url}/indexes", headers={"x-api-key": "tlk_right"}) as resp:
            assert resp.status == 200
            assert resp.headers["X-Api-Version"]


async def test_unknown_endpoint_answers_json_404(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{emulator.base_url}/classify") as resp:
        assert resp.status == 404
        assert "code" in await resp.json()
