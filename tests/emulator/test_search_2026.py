"""Today's search (surface 2026): rank, transcription, several query images, composed queries, ignored
parameters, user metadata on every page."""

from __future__ import annotations

import os
from typing import Any

import aiohttp
from emulator_helpers import HEADERS, create_index, form

from twelvelabs_async.emulator import Emulator

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


async def search(http: aiohttp.ClientSession, emulator: Emulator,
                 data: aiohttp.FormData | None = None, **fields: object) -> tuple[int, dict[str, Any]]:
    async with http.post(f"{emulator.base_url}/search", data=data or form(**fields)) as resp:
        return resp.status, await resp.json()


async def _seeded(emulator: Emulator, http: aiohttp.ClientSession) -> tuple[str, dict[str, str]]:
    index_id = await create_index(http, emulator.base_url)
    state = emulator.state
    state.seed_videos(index_id, 1, prefix="dog_park", duration=30, user_metadata={"place": "park"})
    state.seed_videos(index_id, 1, prefix="cat_sofa", duration=60)
    state.seed_videos(index_id, 1, prefix="beach", duration=90, user_metadata={"category": "dog friendly"})
    return index_id, {v.filename.split("_0")[0]: v.id for v in state.videos.values()}


def _videos(body: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(item["video_id"] for item in body["data"]))


async def test_items_have_rank_not_score(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id, ids = await _seeded(emulator, http)
    status, body = await search(http, emulator, index_id=index_id, search_options=["visual", "audio"],
                                query_text="dog")
    assert status == 200, body
    assert _videos(body)[0] == ids["dog_park"] and set(_videos(body)) == {ids["dog_park"], ids["beach"]}
    for item in body["data"]:
        assert set(item) == {"rank", "start", "end", "video_id"} and item["start"] < item["end"]
    assert [item["rank"] for item in body["data"]] == list(range(1, len(body["data"]) + 1))
    assert set(body["page_info"]) == {"limit_per_page", "page_expires_at", "total_results"}
    assert body["search_pool"] == {"total_count": 3, "total_duration": 180.0, "index_id": index_id}


async def test_rank_continues_across_pages(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    emulator.state.seed_videos(index_id, 25, prefix="dog", clips_per_video=1)
    _, page = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                           page_limit=10)
    ranks = [c["rank"] for c in page["data"]]
    for _ in range(5):
        token = page["page_info"].get("next_page_token")
        if token is None:
            break
        async with http.get(f"{emulator.base_url}/search/{token}") as resp:
            page = await resp.json()
        ranks += [c["rank"] for c in page["data"]]
    assert ranks == list(range(1, 26))


async def test_transcription_option(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id, ids = await _seeded(emulator, http)
    status, body = await search(http, emulator, index_id=index_id, search_options="transcription",
                                query_text="dog")
    assert status == 200 and _videos(body) == [ids["dog_park"]]  # spoken words, not the metadata
    assert all(item["transcription"].startswith("Here we can see") for item in body["data"])
    _, audio = await search(http, emulator, index_id=index_id, search_options="audio", query_text="dog")
    assert _videos(audio) == [ids["dog_park"]] and all("transcription" not in i for i in audio["data"])
    # Lexical matching takes the words as spoken; semantic matching folds "dogs" into "dog".
    cases = [("lexical", []), ("semantic", [ids["dog_park"]]), (None, [ids["dog_park"]])]
    for mode, expected in cases:
        fields: dict[str, object] = {"index_id": index_id, "search_options": "transcription", "query_text": "dogs"}
        if mode is not None:
            fields["transcription_options"] = mode
        status, body = await search(http, emulator, **fields)
        assert status == 200 and _videos(body) == expected, mode
    _, body = await search(http, emulator, index_id=index_id, search_options="transcription",
                           transcription_options=["lexical", "semantic"], query_text="talks narrator")
    assert len(_videos(body)) == 3  # words every transcript has


async def test_transcription_errors(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id, _ = await _seeded(emulator, http)
    status, body = await search(http, emulator, index_id=index_id, search_options="visual",
                                transcription_options="lexical", query_text="dog")
    assert (status, body["code"]) == (400, "parameter_invalid") and "`transcription_options`" in body["message"]
    status, body = await search(http, emulator, index_id=index_id, search_options="transcription",
                                transcription_options="fuzzy", query_text="dog")
    assert (status, body["code"]) == (400, "parameter_invalid")
    visual = await create_index(http, emulator.base_url, "v",
                                [{"model_name": "marengo3.0", "model_options": ["visual"]}])
    status, body = await search(http, emulator, index_id=visual, search_options="transcription", query_text="x")
    assert (status, body["code"]) == (400, "search_option_not_supported")
    assert body["message"].endswith("Please use one of the following search options: `visual`.")


async def test_several_images_and_composed_queries(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id, ids = await _seeded(emulator, http)
    status, body = await search(http, emulator, index_id=index_id, search_options="visual",
                                query_media_type="image",
                                query_media_url=["https://img.test/cat.jpg", "https://img.test/beach.png"])
    assert status == 200 and set(_videos(body)) == {ids["cat_sofa"], ids["beach"]}
    data = form(index_id=index_id, search_options="visual", query_media_type="image",
                query_media_url="https://img.test/cat.jpg")
    data.add_field("query_media_file", PNG, filename="sofa.png", content_type="image/png")
    data.add_field("query_media_file", PNG, filename="park.png", content_type="image/png")
    status, body = await search(http, emulator, data)
    assert status == 200 and set(_videos(body)) == {ids["cat_sofa"], ids["dog_park"]}
    # Text and image in one query.
    status, body = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                                query_media_type="image", query_media_url="https://img.test/cat.jpg")
    assert status == 200 and set(_videos(body)) == {ids["dog_park"], ids["beach"], ids["cat_sofa"]}
    urls = [f"https://img.test/{i}.jpg" for i in range(11)]
    status, body = await search(http, emulator, index_id=index_id, search_options="visual",
                                query_media_type="image", query_media_url=urls)
    assert (status, body["code"]) == (400, "parameter_invalid") and "up to 10 images" in body["message"]
    data = form(index_id=index_id, search_options="visual", query_media_type="image")
    for i in range(11):
        data.add_field("query_media_file", PNG, filename=f"{i}.png", content_type="image/png")
    status, body = await search(http, emulator, data)
    assert (status, body["code"]) == (400, "parameter_invalid")
    status, body = await search(http, emulator, index_id=index_id, search_options="visual",
                                query_media_url="https://img.test/cat.jpg")
    assert (status, body["code"]) == (400, "parameter_not_provided")
    assert os.listdir(emulator._own_dir or "") == []  # every query image was removed once read


async def test_dropped_parameters_are_ignored(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    emulator.state.seed_videos(index_id, 4, prefix="dog_in_a_very_long_named_scene", clips_per_video=3)
    _, plain = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog")
    _, ignored = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                              threshold="high", adjust_confidence_level=0, sort_option="clip_count")
    assert ignored["data"] == plain["data"] and len(plain["data"]) == 10
    _, bogus = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                            threshold="whatever", adjust_confidence_level="lots")
    assert bogus["data"] == plain["data"]
    status, body = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                                colour="red")
    assert (status, body) == (400, {"code": "parameter_unknown", "message": "The `colour` parameter is unknown."})


async def test_user_metadata_on_every_page(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    emulator.state.seed_videos(index_id, 3, prefix="dog", clips_per_video=1, user_metadata={"kind": "pet"})
    _, first = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                            page_limit=1, include_user_metadata="true")
    assert first["data"][0]["user_metadata"] == {"kind": "pet"}
    token = first["page_info"]["next_page_token"]
    async with http.get(f"{emulator.base_url}/search/{token}") as resp:
        second = await resp.json()
    assert second["data"][0]["user_metadata"] == {"kind": "pet"} and second["data"][0]["rank"] == 2
    async with http.get(f"{emulator.base_url}/search/{token}", params={"include_user_metadata": "false"}) as resp:
        assert "user_metadata" not in (await resp.json())["data"][0]
    _, plain = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                            page_limit=1)
    token = plain["page_info"]["next_page_token"]
    async with http.get(f"{emulator.base_url}/search/{token}", params={"include_user_metadata": "true"}) as resp:
        assert (await resp.json())["data"][0]["user_metadata"] == {"kind": "pet"}


async def test_group_by_video(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    emulator.state.seed_videos(index_id, 2, prefix="dog", clips_per_video=2, user_metadata={"a": 1})
    emulator.state.seed_videos(index_id, 1, prefix="dog_run", clips_per_video=3)
    status, body = await search(http, emulator, index_id=index_id, search_options="visual", query_text="dog",
                                group_by="video", include_user_metadata="true")
    assert status == 200
    assert [g["rank"] for g in body["data"]] == [1, 2, 3]
    assert body["page_info"]["total_results"] == 3 and body["page_info"]["total_inner_matches"] == 7
    clip_ranks = sorted(c["rank"] for g in body["data"] for c in g["clips"])
    assert clip_ranks == list(range(1, 8))  # clips rank among all the clips of the search
    for group in body["data"]:
        assert set(group) <= {"id", "rank", "clips", "user_metadata"}
        assert all(set(c) <= {"rank", "start", "end", "video_id", "user_metadata"} for c in group["clips"])
        assert [c["rank"] for c in group["clips"]] == sorted(c["rank"] for c in group["clips"])


async def test_expired_token_error_body(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{emulator.base_url}/search/bogus") as resp:
        assert resp.status == 400
        body = await resp.json()
    assert set(body) == {"code", "message"} and body["code"] == "search_page_token_expired"


async def test_seed_era_search_knows_no_transcription() -> None:
    async with Emulator(speed=0, surface="2025") as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        index_id = await create_index(http, emu.base_url)
        emu.state.seed_videos(index_id, 1, prefix="dog")
        status, body = await search(http, emu, index_id=index_id, search_options="transcription", query_text="dog")
        assert (status, body["code"]) == (400, "parameter_invalid")
        status, body = await search(http, emu, index_id=index_id, search_options="visual", query_text="dog")
        assert status == 200 and {"score", "confidence"} <= set(body["data"][0]) and "rank" not in body["data"][0]
