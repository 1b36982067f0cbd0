"""Videos in an index (#13-#17): listing filters, metadata updates, embeddings and transcription."""

from __future__ import annotations

import math

import aiohttp
import pytest
from emulator_helpers import create_index

from twelvelabs_async.emulator import Emulator

# Seed-era videos: PUT, visual-text embeddings, scalar filters.
pytestmark = pytest.mark.emulator_surface("2025")


async def test_list_filters_and_bare_metadata_keys(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    a, = emulator.state.seed_videos(index_id, 1, prefix="a", user_metadata={"category": "recentlyAdded",
                                                                           "batchNumber": 5, "needsReview": True})
    b, = emulator.state.seed_videos(index_id, 1, prefix="b", width=640, height=480,
                                    user_metadata={"category": "old", "batchNumber": 6, "needsReview": False})
    url = f"{base}/indexes/{index_id}/videos"
    for params, expected in [
        ({"category": "recentlyAdded"}, [a]),
        ({"batchNumber": "6"}, [b]),
        ({"needsReview": "true"}, [a]),
        ({"user_metadata[category]": "old"}, [b]),  # the Fern SDK's spelling
        ({"width": "640"}, [b]),
        ({"filename": "a_00000.mp4"}, [a]),
        ({"category": "nope"}, []),
    ]:
        async with http.get(url, params=params) as resp:
            assert resp.status == 200
            body = await resp.json()
        assert [v["_id"] for v in body["data"]] == expected, params
    async with http.get(url, params={"page_limit": "1", "sort_option": "asc"}) as resp:
        body = await resp.json()
    assert body["page_info"]["total_page"] == 2 and len(body["data"]) == 1
    item = body["data"][0]
    assert set(item) == {"_id", "created_at", "updated_at", "indexed_at", "system_metadata"}
    assert set(item["system_metadata"]) == {"filename", "duration", "fps", "width", "height", "size"}


async def test_put_patch_delete(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    video_id, = emulator.state.seed_videos(index_id, 1, prefix="a")
    url = f"{base}/indexes/{index_id}/videos/{video_id}"
    async with http.put(url, json={"user_metadata": {"a": 1, "b": "x"}}) as resp:
        assert resp.status == 204 and await resp.read() == b""
    async with http.patch(url, json={"user_metadata": {"a": None, "c": True}}) as resp:
        assert resp.status == 204
    async with http.get(url) as resp:
        assert (await resp.json())["user_metadata"] == {"b": "x", "c": True}
    for body, code in [({"user_metadata": {"duration": 3}}, "parameter_invalid"),
                       ({"user_metadata": {"x": [1]}}, "parameter_invalid"),
                       ({"title": "x"}, "parameter_unknown")]:
        async with http.put(url, json=body) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == code
    async with http.delete(url) as resp:
        assert resp.status == 204
    async with http.get(url) as resp:
        assert resp.status == 404
    async with http.get(f"{base}/indexes/{index_id}") as resp:
        assert (await resp.json())["video_count"] == 0


async def test_embeddings_and_transcription(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    video_id, = emulator.state.seed_videos(index_id, 1, prefix="dog_park", duration=20)
    url = f"{base}/indexes/{index_id}/videos/{video_id}"
    params = [("embedding_option", "visual-text"), ("embedding_option", "audio"), ("transcription", "true")]
    async with http.get(url, params=params) as resp:
        body = await resp.json()
    segments = body["embedding"]["video_embedding"]["segments"]
    assert body["embedding"]["model_name"] == "Marengo-retrieval-2.7"
    assert {s["embedding_option"] for s in segments} == {"visual-text", "audio"}
    assert len(segments) == 2 * 4  # 20 s in 6 s clips: 0-6, 6-12, 12-18, 18-20 (2 s is kept)
    assert len(segments[0]["float"]) == 1024
    assert math.isclose(sum(v * v for v in segments[0]["float"]), 1.0, rel_tol=1e-9)
    assert body["transcription"] and "dog" in " ".join(t["value"] for t in body["transcription"])
    async with http.get(url) as resp:
        plain = await resp.json()
    assert "embedding" not in plain and "transcription" not in plain
    visual_only = await create_index(http, base, "v", [{"model_name": "marengo2.7", "model_options": ["visual"]}])
    other, = emulator.state.seed_videos(visual_only, 1)
    async with http.get(f"{base}/indexes/{visual_only}/videos/{other}", params={"embedding_option": "audio"}) as r:
        assert r.status == 400 and (await r.json())["code"] == "parameter_invalid"
