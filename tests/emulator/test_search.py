"""Search (#18, #19): ranking, options, filters, grouping, token pagination and expiry."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest
from emulator_helpers import create_index, form

from twelvelabs_async.emulator import Emulator

# Seed-era search: score, confidence, threshold, sort_option.
pytestmark = pytest.mark.emulator_surface("2025")


async def _seeded(emulator: Emulator, http: aiohttp.ClientSession) -> str:
    index_id = await create_index(http, emulator.base_url)
    state = emulator.state
    state.seed_videos(index_id, 1, prefix="dog_park", duration=30)
    state.seed_videos(index_id, 1, prefix="cat_sofa", duration=600, width=1920, height=1080,
                      user_metadata={"category": "indoor", "needsReview": True})
    state.seed_videos(index_id, 1, prefix="beach", user_metadata={"category": "dog friendly"})
    return index_id


async def search(http: aiohttp.ClientSession, emulator: Emulator, **fields: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    async with http.post(f"{emulator.base_url}/search", data=form(**fields)) as resp:
        return resp.status, (await resp.json() if resp.status != 429 else {})


async def test_ranking_and_shape(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await _seeded(emulator, http)
    status, body = await search(http, emulator, index_id=index_id, search_options=["visual", "audio"],
                                query_text="dog")
    assert status == 200
    names = {v.id: v.filename for v in emulator.state.videos.values()}
    assert names[body["data"][0]["video_id"]] == "dog_park_00000.mp4"
    assert {names[c["video_id"]] for c in body["data"]} == {"dog_park_00000.mp4", "beach_00002.mp4"}
    clip = body["data"][0]
    assert {"score", "start", "end", "video_id", "confidence"} <= set(clip)
    assert clip["confidence"] in ("high", "medium", "low") and clip["start"] < clip["end"]
    scores = [c["score"] for c in body["data"]]
    assert scores == sorted(scores, reverse=True)
    assert body["search_pool"] == {"total_count": 3, "total_duration": 690.0, "index_id": index_id}
    assert "next_page_token" not in body["page_info"] and body["page_info"]["page_expires_at"].endswith("Z")
    # The metadata-only match ("dog friendly") is visual, not audio: "and" drops it.
    status, body = await search(http, emulator, index_id=index_id, search_options=["visual", "audio"],
                                query_text="dog", operator="and")
    assert {names[c["video_id"]] for c in body["data"]} == {"dog_park_00000.mp4"}


async def test_filters(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await _seeded(emulator, http)
    ids = {v.filename: v.id for v in emulator.state.videos.values()}
    cases = [
        ({"duration": {"gte": 100}}, {"cat_sofa_00001.mp4"}),
        ({"width": 1920}, {"cat_sofa_00001.mp4"}),
        ({"category": "indoor", "needsReview": True}, {"cat_sofa_00001.mp4"}),
        ({"id": [ids["beach_00002.mp4"]]}, {"beach_00002.mp4"}),
        ({"filename": "dog_park_00000.mp4"}, {"dog_park_00000.mp4"}),
    ]
    for spec, expected in cases:
        status, body = await search(http, emulator, index_id=index_id, search_options="visual",
                                    query_text="video", threshold="none", filter=json.dumps(spec))
        assert status == 200
        found = {v.filename for v in emulator.state.videos.values()
                 if v.id in {c["video_id"] for c in body["data"]}}
        assert found == expected, spec
    for bad in ("{not json", "[1]", json.dumps({"width": "wide"}), json.dumps({"duration": {"gt": 1}}),
                json.dumps({"id": [1]})):
        status, body = await search(http, emulator, index_id=index_id, search_options="visual",
                                    query_text="dog", filter=bad)
        assert status == 400 and body["code"] == "search_filter_invalid"


async def test_option_and_index_errors(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    visual_only = await create_index(http, base, "v", [{"model_name": "marengo2.7", "model_options": ["visual"]}])
    status, body = await search(http, emulator, index_id=visual_only, search_options="audio", query_text="x")
    assert (status, body["code"]) == (400, "search_option_not_supported")
    pegasus = await create_index(http, base, "p", [{"model_name": "pegasus1.2", "model_options": ["visual"]}])
    status, body = await search(http, emulator, index_id=pegasus, search_options="visual", query_text="x")
    assert body["code"] == "index_not_supported_for_search"
    status, body = await search(http, emulator, index_id=visual_only, query_text="x")
    assert body["code"] == "parameter_not_provided"
    status, body = await search(http, emulator, index_id=visual_only, search_options='["visual"]',
                                query_text="x")
    assert body["code"] == "parameter_invalid"  # repeated fields, not a JSON array
    status, body = await search(http, emulator, index_id=visual_only, search_options="visual", query_text="x",
                                sort_option="clip_count")
    assert body["code"] == "parameter_invalid"
    status, body = await search(http, emulator, index_id=visual_only, search_options="visual", query_text="x",
                                page_limit=51)
    assert body["code"] == "parameter_invalid"


async def test_group_by_video_and_clip_count(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    emulator.state.seed_videos(index_id, 3, prefix="dog", clips_per_video=2)
    emulator.state.seed_videos(index_id, 2, prefix="dog_run", clips_per_video=3)
    status, body = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                                group_by="video", sort_option="clip_count", threshold="none",
                                include_user_metadata="true")
    assert status == 200
    assert [len(g["clips"]) for g in body["data"]] == [3, 3, 2, 2, 2]
    assert body["page_info"]["total_results"] == 5 and body["page_info"]["total_inner_matches"] == 12
    assert all("id" in g for g in body["data"])


async def test_threshold_and_confidence(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    emulator.state.seed_videos(index_id, 4, prefix="dog_in_a_very_long_named_scene", clips_per_video=3)
    _, low = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog")
    _, high = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                           threshold="high")
    assert len(high["data"]) < len(low["data"])
    assert all(c["confidence"] == "high" for c in high["data"])
    _, relaxed = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                              threshold="high", adjust_confidence_level=0)
    assert len(relaxed["data"]) > len(high["data"])


async def test_token_pagination_and_expiry(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    emulator.state.seed_videos(index_id, 120, prefix="dog", clips_per_video=1)
    _, page = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                           page_limit=50)
    seen = [c["video_id"] for c in page["data"]]
    assert page["page_info"]["total_results"] == 120 and "prev_page_token" not in page["page_info"]
    first_token = None
    while "next_page_token" in page["page_info"]:
        token = page["page_info"]["next_page_token"]
        first_token = first_token or token
        async with http.get(f"{emulator.base_url}/search/{token}") as resp:
            assert resp.status == 200
            page = await resp.json()
        assert "prev_page_token" in page["page_info"]
        seen += [c["video_id"] for c in page["data"]]
    assert len(seen) == 120 == len(set(seen))
    emulator.clock.advance(3601)  # type: ignore[attr-defined]
    async with http.get(f"{emulator.base_url}/search/{first_token}") as resp:
        assert resp.status == 400
        assert (await resp.json())["code"] == "search_page_token_expired"
    async with http.get(f"{emulator.base_url}/search/bogus") as resp:
        assert (await resp.json())["code"] == "search_page_token_expired"


async def test_image_query_by_url_and_file(emulator: Emulator, http: aiohttp.ClientSession,
                                           tmp_path: Path) -> None:
    index_id = await _seeded(emulator, http)
    cat = emulator.state.videos[next(v for v, x in emulator.state.videos.items() if "cat" in x.filename)]
    status, body = await search(http, emulator, index_id=index_id, search_options="visual",
                                query_media_type="image", query_media_url="https://img.test/cat.jpg")
    assert status == 200 and body["data"][0]["video_id"] == cat.id
    image = tmp_path / "cat.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    data = form(index_id=index_id, search_options="visual", query_media_type="image")
    data.add_field("query_media_file", image.read_bytes(), filename="cat.png", content_type="image/png")
    async with http.post(f"{emulator.base_url}/search", data=data) as resp:
        assert (await resp.json())["data"][0]["video_id"] == cat.id
    data = form(index_id=index_id, search_options="visual", query_media_type="image")
    data.add_field("query_media_file", b"GIF89a", filename="cat.gif", content_type="image/gif")
    async with http.post(f"{emulator.base_url}/search", data=data) as resp:
        assert resp.status == 400
    status, body = await search(http, emulator, index_id=index_id, search_options="visual",
                                query_media_url="https://img.test/cat.jpg")
    assert body["code"] == "parameter_not_provided"
