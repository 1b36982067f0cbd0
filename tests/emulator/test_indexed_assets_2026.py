"""Indexed assets on today's surface with raw aiohttp: creation rules, the lifecycle, lists with filters,
retrieve with embeddings / transcription / HLS, update, delete, reverse lookup, searchability, rate limits
and the state helpers tests use for exactly-once assertions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
from asset_helpers import MARENGO, direct_asset, url_asset
from emulator_helpers import HEADERS, create_index, form

from twelvelabs_async.emulator import Emulator, ManualClock


async def index_asset(http: aiohttp.ClientSession, base: str, index_id: str, asset_id: str,
                      **extra: Any) -> tuple[int, dict[str, Any]]:
    async with http.post(f"{base}/indexes/{index_id}/indexed-assets", json={"asset_id": asset_id, **extra}) as resp:
        return resp.status, await resp.json()


async def retrieve(http: aiohttp.ClientSession, base: str, index_id: str, indexed_id: str,
                   params: Any = None) -> dict[str, Any]:
    async with http.get(f"{base}/indexes/{index_id}/indexed-assets/{indexed_id}", params=params) as resp:
        assert resp.status == 200
        return dict(await resp.json())


async def test_lifecycle_and_searchability(sample_video: Callable[..., Path]) -> None:
    clock = ManualClock()
    async with Emulator(speed=1.0, clock=clock) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        base = emu.base_url
        index_id = await create_index(http, base, models=MARENGO)
        asset = await direct_asset(http, base, sample_video("dog_park.mp4", duration=12, size=200_000))
        status, err = await index_asset(http, base, index_id, asset["_id"])
        assert status == 400 and "`processing`" in err["message"]  # the asset must be ready first
        clock.advance(0.5)
        status, created = await index_asset(http, base, index_id, asset["_id"], enable_video_stream=True,
                                            user_metadata={"topic": "pets"})
        assert status == 202 and created == {"_id": created["_id"], "asset_id": asset["_id"]}
        indexed_id = created["_id"]
        seen = []
        for _ in range(10):
            body = await retrieve(http, base, index_id, indexed_id)
            seen.append(body["status"])
            if body["status"] == "ready":
                break
            clock.advance(0.2)
        assert seen == ["pending", "queued", "indexing", "indexing", "indexing", "indexing", "ready"]
        assert body["system_metadata"] == {"filename": "dog_park.mp4", "duration": 12.0, "fps": 30.0, "width": 1280,
                                           "height": 720, "size": 200_000}
        assert body["user_metadata"] == {"topic": "pets"} and body["indexed_at"] and body["asset_id"] == asset["_id"]
        assert body["hls"]["status"] == "PROCESSING"
        clock.advance(0.5)
        assert (await retrieve(http, base, index_id, indexed_id))["hls"]["status"] == "COMPLETE"
        # A ready indexed asset is a video of the index, found by search under its id.
        async with http.get(f"{base}/indexes/{index_id}/videos") as resp:
            videos = (await resp.json())["data"]
        assert [(v["_id"], v["asset_id"]) for v in videos] == [(indexed_id, asset["_id"])]
        async with http.post(f"{base}/search", data=form(index_id=index_id, search_options="visual",
                                                         query_text="dog")) as resp:
            hits = (await resp.json())["data"]
        assert hits and {h["video_id"] for h in hits} == {indexed_id}
        async with http.get(f"{base}/indexes/{index_id}") as resp:
            assert (await resp.json())["video_count"] == 1


async def test_embeddings_transcription_and_failure(emulator: Emulator, http: aiohttp.ClientSession,
                                                    sample_video: Callable[..., Path]) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base, models=MARENGO)
    asset = await direct_asset(http, base, sample_video("dog_park.mp4", duration=12))
    _, created = await index_asset(http, base, index_id, asset["_id"])
    body = await retrieve(http, base, index_id, created["_id"], params=[
        ("embedding_option", "visual"), ("embedding_option", "audio"), ("transcription", "true")])
    assert body["embedding"]["model_name"] == "marengo3.0"
    segments = body["embedding"]["video_embedding"]["segments"]
    assert {s["embedding_option"] for s in segments} == {"visual", "audio"} and len(segments[0]["float"]) == 1024
    assert body["transcription"][0]["start"] == 0.0 and "dog" in " ".join(t["value"] for t in body["transcription"])
    assert "hls" not in body and "user_metadata" not in body
    async with http.get(f"{base}/indexes/{index_id}/indexed-assets/{created['_id']}",
                        params={"embedding_option": "smell"}) as resp:
        assert resp.status == 400
    # A file name with "fail" fails indexing (the POST /tasks convention); the asset itself is fine.
    failing = await direct_asset(http, base, sample_video("will_fail.mp4", duration=12))
    _, bad = await index_asset(http, base, index_id, failing["_id"])
    body = await retrieve(http, base, index_id, bad["_id"], params={"transcription": "true"})
    assert body["status"] == "failed" and "indexed_at" not in body and "transcription" not in body
    async with http.get(f"{base}/indexes/{index_id}/videos") as resp:
        assert [v["_id"] for v in (await resp.json())["data"]] == [created["_id"]]


async def test_create_rules(emulator: Emulator, http: aiohttp.ClientSession, sample_video: Callable[..., Path],
                           tmp_path: Path) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base, models=MARENGO)
    pegasus_only = await create_index(http, base, name="p", models=[
        {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]}])
    video = (await direct_asset(http, base, sample_video("ok.mp4", duration=12)))["_id"]
    short = (await direct_asset(http, base, sample_video("short.mp4", duration=2)))["_id"]
    image = await url_asset(http, base, "https://media.test/poster.png")
    broken = await url_asset(http, base, "https://media.test/broken.mp4")
    cases = [
        (index_id, {"asset_id": "f" * 24}, 404, "resource_not_exist"),
        ("f" * 24, {"asset_id": video}, 404, "resource_not_exist"),
        (index_id, {}, 400, "parameter_not_provided"),
        (index_id, {"asset_id": video, "extra": 1}, 400, "parameter_unknown"),
        (index_id, {"asset_id": video, "user_metadata": {"x": [1]}}, 400, "parameter_invalid"),
        (index_id, {"asset_id": image["_id"]}, 400, "parameter_invalid"),
        (index_id, {"asset_id": broken["_id"]}, 400, "parameter_invalid"),
        (index_id, {"asset_id": short}, 400, "video_duration_too_short"),
        (pegasus_only, {"asset_id": video}, 400, "parameter_invalid"),
    ]
    for target, body, status, code in cases:
        async with http.post(f"{base}/indexes/{target}/indexed-assets", json=body) as resp:
            got = await resp.json()
            assert (resp.status, got["code"]) == (status, code), (body, got)
    assert emulator.state.indexed_assets == {}
    # Nothing forbids indexing one asset twice: two indexed assets (the reverse lookup shows both).
    first = (await index_asset(http, base, index_id, video))[1]["_id"]
    second = (await index_asset(http, base, index_id, video))[1]["_id"]
    assert first != second and len(emulator.state.indexed_assets_of(video, index_id)) == 2


async def test_list_filters_sort_and_paging(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    index_id = await create_index(http, base, models=MARENGO)
    assets = emulator.state.seed_assets(3, prefix="clip", duration=30)
    long_asset = emulator.state.seed_assets(1, prefix="long", duration=600, width=1920, height=1080)
    ids = []
    for n, asset_id in enumerate([*assets, *long_asset]):
        status, body = await index_asset(http, base, index_id, asset_id, user_metadata={"n": n, "tag": "a" * (n % 2)})
        assert status == 202
        ids.append(body["_id"])
        clock.advance(10)

    async def listed(params: Any) -> list[str]:
        async with http.get(f"{base}/indexes/{index_id}/indexed-assets", params=params) as resp:
            assert resp.status == 200, await resp.text()
            return [item["_id"] for item in (await resp.json())["data"]]

    assert await listed({}) == list(reversed(ids))
    assert await listed({"sort_option": "asc"}) == ids
    assert await listed([("status", "ready"), ("status", "failed")]) == list(reversed(ids))
    assert await listed({"status": "pending"}) == []
    assert await listed({"duration[gte]": 100}) == [ids[3]]
    assert await listed({"duration[lte]": 30, "width[gte]": 1280}) == list(reversed(ids[:3]))
    assert await listed({"width": 1920}) == [ids[3]]
    assert await listed({"filename": "clip_00001.mp4"}) == [ids[1]]
    assert await listed({"n": 2}) == [ids[2]]  # bare user-metadata key, as the spec documents
    assert await listed({"user_metadata[tag]": "a"}) == [ids[3], ids[1]]  # the official SDK's spelling
    async with http.get(f"{base}/indexes/{index_id}/indexed-assets", params={"page": 2, "page_limit": 3}) as resp:
        page = await resp.json()
    assert [i["_id"] for i in page["data"]] == [ids[0]] and page["page_info"]["total_results"] == 4
    assert set(page["data"][0]) == {"_id", "asset_id", "created_at", "updated_at", "indexed_at", "status",
                                    "system_metadata"}
    for bad in ({"status": "uploading"}, {"duration[eq]": 1}, {"page_limit": 0}, {"sort_by": "name"}):
        async with http.get(f"{base}/indexes/{index_id}/indexed-assets", params=bad) as resp:
            assert resp.status == 400, bad


async def test_update_delete_and_cascades(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    index_id = await create_index(http, base, models=MARENGO)
    a, b, c = emulator.state.seed_assets(3, prefix="dog")
    first = (await index_asset(http, base, index_id, a, user_metadata={"k": 1, "j": "x"}))[1]["_id"]
    second = (await index_asset(http, base, index_id, b))[1]["_id"]
    third = (await index_asset(http, base, index_id, c))[1]["_id"]
    clock.advance(60)
    url = f"{base}/indexes/{index_id}/indexed-assets/{first}"
    async with http.patch(url, json={"user_metadata": {"k": 2, "j": None, "new": True}}) as resp:
        assert resp.status == 200 and await resp.read() == b""
    body = await retrieve(http, base, index_id, first)
    assert body["user_metadata"] == {"k": 2, "new": True} and body["updated_at"] > body["created_at"]
    async with http.get(f"{base}/indexes/{index_id}/indexed-assets", params={"updated_at": body["updated_at"]}) as r:
        assert [i["_id"] for i in (await r.json())["data"]] == [first]
    async with http.patch(url, json={"user_metadata": {"duration": 5}}) as resp:
        assert resp.status == 400  # a system field
    # Search sees the new metadata, the legacy video route sees the same record.
    async with http.get(f"{base}/indexes/{index_id}/videos/{first}") as resp:
        assert (await resp.json())["user_metadata"] == {"k": 2, "new": True}
    async with http.delete(url) as resp:
        assert resp.status == 200
    async with http.get(url) as resp:
        assert resp.status == 404
    async with http.get(f"{base}/indexes/{index_id}/videos/{first}") as resp:
        assert resp.status == 404
    # Deleting the legacy video deletes the indexed asset; deleting the index deletes the rest.
    async with http.delete(f"{base}/indexes/{index_id}/videos/{second}") as resp:
        assert resp.status == 200
    assert second not in emulator.state.indexed_assets and third in emulator.state.indexed_assets
    other = await create_index(http, base, name="other", models=MARENGO)
    async with http.get(f"{base}/indexes/{other}/indexed-assets/{third}") as resp:
        assert resp.status == 404  # not in that index
    async with http.delete(f"{base}/indexes/{index_id}") as resp:
        assert resp.status == 200
    assert emulator.state.indexed_assets == {} and len(emulator.state.assets) == 3


async def test_reverse_lookup(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    (asset,) = emulator.state.seed_assets(1, prefix="dog")
    (lonely,) = emulator.state.seed_assets(1, prefix="cat")
    news = await create_index(http, base, name="news", models=MARENGO)
    sport = await create_index(http, base, name="sport", models=MARENGO)
    first = (await index_asset(http, base, news, asset))[1]["_id"]
    clock.advance(1)
    second = (await index_asset(http, base, sport, asset))[1]["_id"]
    async with http.get(f"{base}/assets/{asset}/indexed-assets") as resp:
        body = await resp.json()
    assert body["data"] == [{"_id": second, "index": {"_id": sport, "name": "sport"}},
                            {"_id": first, "index": {"_id": news, "name": "news"}}]
    assert body["page_info"]["total_results"] == 2
    async with http.get(f"{base}/assets/{asset}/indexed-assets", params={"page_limit": 1, "page": 2}) as resp:
        assert [i["_id"] for i in (await resp.json())["data"]] == [first]
    async with http.get(f"{base}/assets/{lonely}/indexed-assets") as resp:
        assert (await resp.json())["data"] == []
    async with http.get(f"{base}/assets/nope/indexed-assets") as resp:
        assert resp.status == 404


async def test_indexing_shares_the_tasks_quota(sample_video: Callable[..., Path]) -> None:
    async with Emulator(speed=0, rate_limit=2, rate_limit_window=60) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        base = emu.base_url
        index_id = await create_index(http, base, models=MARENGO)
        (asset,) = emu.state.seed_assets(1)
        status, _ = await index_asset(http, base, index_id, asset)
        assert status == 202
        async with http.post(f"{base}/tasks", data=form(index_id=index_id, video_file=sample_video())) as resp:
            assert resp.status == 200 and resp.headers["X-Ratelimit-Remaining"] == "0"
        async with http.post(f"{base}/indexes/{index_id}/indexed-assets", json={"asset_id": asset}) as resp:
            assert resp.status == 429 and await resp.read() == b""
        async with http.post(f"{base}/assets", data=form(method="url", url="https://a.test/x.mp4")) as resp:
            assert resp.status == 201  # assets have a quota of their own


async def test_state_helpers_for_exactly_once_assertions(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base, models=MARENGO)
    ids = emulator.state.seed_assets(2, prefix="dog")
    emulator.state.seed_indexed_assets(index_id, ids)
    # The same file uploaded twice (what an exactly-once ingestion must never do) shows as two assets.
    for _ in range(2):
        await url_asset(http, base, "https://media.test/twice.mp4")
    summary = emulator.state.ingest_summary(index_id)
    assert summary == {
        "dog_00000.mp4": {"assets": 1, "ready_assets": 1, "indexed": 1, "ready_indexed": 1},
        "dog_00001.mp4": {"assets": 1, "ready_assets": 1, "indexed": 1, "ready_indexed": 1},
        "twice.mp4": {"assets": 2, "ready_assets": 2, "indexed": 0, "ready_indexed": 0},
    }
    async with aiohttp.ClientSession() as admin:
        async with admin.get(f"{emulator.root_url}/_emulator/ingest-summary", params={"index_id": index_id}) as r:
            assert await r.json() == summary
        async with admin.post(f"{emulator.root_url}/_emulator/seed-assets", json={"count": 2, "kind": "image"}) as r:
            assert len((await r.json())["asset_ids"]) == 2
        async with admin.get(f"{emulator.root_url}/_emulator/storage") as r:
            assert (await r.json()) == {"url": emulator.storage_url, "requests": 0, "with_api_key": []}
    async with http.get(f"{base}/assets", params={"asset_types": "image"}) as resp:
        assert (await resp.json())["page_info"]["total_results"] == 2


async def test_seeds_are_ready_at_once_at_any_speed() -> None:
    clock = ManualClock()
    async with Emulator(speed=1.0, clock=clock) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        base = emu.base_url
        index_id = await create_index(http, base, models=MARENGO)
        ready = emu.state.seed_assets(1, prefix="dog")
        later = emu.state.seed_assets(1, prefix="cat", ready=False)
        (indexed,) = emu.state.seed_indexed_assets(index_id, ready)
        async with http.get(f"{base}/assets", params={"page_limit": 50}) as resp:
            statuses = {a["filename"]: (a["status"], a["created_at"]) for a in (await resp.json())["data"]}
        now = (await retrieve(http, base, index_id, indexed))
        assert statuses["dog_00000.mp4"][0] == "ready" and statuses["cat_00001.mp4"][0] == "processing"
        assert now["status"] == "ready" and now["created_at"] == statuses["dog_00000.mp4"][1]
        status, err = await index_asset(http, base, index_id, later[0])
        assert status == 400 and "`processing`" in err["message"]
        clock.advance(0.5)
        assert (await index_asset(http, base, index_id, later[0]))[0] == 202
