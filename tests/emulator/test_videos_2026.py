"""Videos on today's surface: ``field[gte]``/``field[lte]`` range filters, ``asset_id``, embedding options."""

from __future__ import annotations

import re

import aiohttp
import pytest
from emulator_helpers import HEADERS, create_index

from twelvelabs_async.emulator import Emulator


async def _three(emulator: Emulator, http: aiohttp.ClientSession) -> tuple[str, dict[str, str]]:
    index_id = await create_index(http, emulator.base_url)
    state = emulator.state
    short, = state.seed_videos(index_id, 1, prefix="short", duration=10, width=640, height=480, fps=25,
                                size=1_000_000, user_metadata={"category": "a"})
    mid, = state.seed_videos(index_id, 1, prefix="mid", duration=60, width=1280, height=720, fps=30,
                              size=5_000_000, user_metadata={"category": "b"})
    long, = state.seed_videos(index_id, 1, prefix="long", duration=600, width=1920, height=1080, fps=60,
                               size=50_000_000, user_metadata={"category": "a"})
    return index_id, {"short": short, "mid": mid, "long": long}


async def test_range_filters(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id, ids = await _three(emulator, http)
    url = f"{emulator.base_url}/indexes/{index_id}/videos"
    cases: list[tuple[list[tuple[str, str]], set[str]]] = [
        ([("duration[gte]", "30")], {"mid", "long"}),
        ([("duration[lte]", "60")], {"short", "mid"}),
        ([("duration[gte]", "30"), ("duration[lte]", "100")], {"mid"}),
        ([("width[gte]", "1280"), ("height[lte]", "720")], {"mid"}),
        ([("fps[gte]", "50")], {"long"}),
        ([("size[lte]", "5000000")], {"short", "mid"}),
        ([("duration[gte]", "60"), ("duration[lte]", "60")], {"mid"}),  # the documented exact match
        ([("duration", "600")], {"long"}),  # a bare number is still an exact match
        ([("duration[gte]", "30"), ("category", "a")], {"long"}),  # with a bare user-metadata key
        ([("duration[gte]", "30"), ("user_metadata[category]", "b")], {"mid"}),
        ([("duration[gte]", "1000")], set()),
    ]
    names = {v: k for k, v in ids.items()}
    for query, expected in cases:
        async with http.get(url, params=query) as resp:
            assert resp.status == 200, query
            body = await resp.json()
        assert {names[v["_id"]] for v in body["data"]} == expected, query
        assert body["page_info"]["total_results"] == len(expected)
    for query, name in [([("duration[gt]", "3")], "duration[gt]"), ([("width[gte]", "wide")], "width[gte]")]:
        async with http.get(url, params=query) as resp:
            assert resp.status == 400
            error = await resp.json()
        assert error["code"] == "parameter_invalid" and f"`{name}`" in error["message"]


async def test_asset_id_in_list_and_retrieve(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id, ids = await _three(emulator, http)
    base = emulator.base_url
    async with http.get(f"{base}/indexes/{index_id}/videos") as resp:
        listed = {v["_id"]: v for v in (await resp.json())["data"]}
    assert set(listed[ids["mid"]]) == {"_id", "asset_id", "created_at", "updated_at", "indexed_at",
                                       "system_metadata"}
    asset_ids = {v["asset_id"] for v in listed.values()}
    assert len(asset_ids) == 3 and all(re.fullmatch(r"[0-9a-f]{24}", a) for a in asset_ids)
    async with http.get(f"{base}/indexes/{index_id}/videos/{ids['mid']}") as resp:
        video = await resp.json()
    assert video["asset_id"] == listed[ids["mid"]]["asset_id"]
    assert video["user_metadata"] == {"category": "b"}


async def test_embedding_options(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    video_id, = emulator.state.seed_videos(index_id, 1, prefix="dog_park", duration=12)
    url = f"{base}/indexes/{index_id}/videos/{video_id}"
    query = [("embedding_option", o) for o in ("visual", "audio", "transcription", "visual-text")]
    async with http.get(url, params=query) as resp:
        assert resp.status == 200
        body = await resp.json()
    assert body["embedding"]["model_name"] == "marengo3.0"
    segments = body["embedding"]["video_embedding"]["segments"]
    assert [s["embedding_option"] for s in segments[::2]] == ["visual", "audio", "transcription", "visual-text"]
    assert len(segments) == 4 * 2  # 12 s in 6 s clips
    visual_only = await create_index(http, base, "v", [{"model_name": "marengo3.0", "model_options": ["visual"]}])
    other, = emulator.state.seed_videos(visual_only, 1)
    for option in ("transcription", "audio"):
        async with http.get(f"{base}/indexes/{visual_only}/videos/{other}",
                            params={"embedding_option": option}) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == "parameter_invalid"
    async with http.get(url, params={"embedding_option": "text"}) as resp:
        assert resp.status == 400


async def test_seed_era_videos_have_neither_ranges_nor_new_options() -> None:
    async with Emulator(speed=0, surface="2025") as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        index_id = await create_index(http, emu.base_url)
        emu.state.seed_videos(index_id, 1, duration=60)
        url = f"{emu.base_url}/indexes/{index_id}/videos"
        async with http.get(url, params={"duration[gte]": "30"}) as resp:
            # The seed era knew no ranges: the key is read as a user-metadata field, which no video has.
            assert (await resp.json())["data"] == []
        async with http.get(url) as resp:
            video = (await resp.json())["data"][0]
        assert "asset_id" not in video
        async with http.get(f"{url}/{video['_id']}", params={"embedding_option": "visual"}) as resp:
            assert resp.status == 400


@pytest.mark.parametrize("method", ["GET", "DELETE"])
async def test_unknown_video_is_404(emulator: Emulator, http: aiohttp.ClientSession, method: str) -> None:
    index_id = await create_index(http, emulator.base_url)
    async with http.request(method, f"{emulator.base_url}/indexes/{index_id}/videos/{'f' * 24}") as resp:
        assert resp.status == 404
        assert await resp.json() == {"code": "resource_not_exist",
                                     "message": f"Resource with id `{'f' * 24}` does not exist in `videos`."}
