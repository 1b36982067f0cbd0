"""Assets on today's surface with raw aiohttp: direct and URL uploads, lifecycle on the clock, technical
metadata, limits, listing, user metadata, deletion (409 / force), the 1.3.6 transcription and analyze on
assets."""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from asset_helpers import MARENGO, direct_asset, get_asset, url_asset
from emulator_helpers import HEADERS, create_index, form

from twelvelabs_async.emulator import Emulator, ManualClock


def png(width: int = 640, height: int = 480) -> bytes:
    ihdr = struct.pack(">II", width, height) + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0\0\0\0" + b"\0" * 64


def jpeg(width: int = 800, height: int = 600) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0" + b"\x01\x01\0\0\x01\0\x01\0\0"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\0"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def wav(seconds: float) -> bytes:
    rate = 16_000 * 2  # 16 kHz, 16-bit mono
    data = b"\0" * int(seconds * rate)
    header = (b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16_000,
              rate, 2, 16) + b"data" + struct.pack("<I", len(data)))
    return header + data


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
async def timed() -> Any:
    """An emulator at speed 1 on a manual clock: lifecycles move only when the test advances time."""
    clock = ManualClock()
    async with Emulator(speed=1.0, clock=clock) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        yield emu, http, clock


async def test_direct_upload_lifecycle(timed: Any, sample_video: Callable[..., Path]) -> None:
    emu, http, clock = timed
    path = sample_video("dog_park.mp4", duration=12, width=1280, height=720, size=300_000)
    created = await direct_asset(http, emu.base_url, path, filename="My Dog.mp4", enable_hls="true",
                                 enable_thumbnail="true", user_metadata='{"category": "pets", "rating": 9.5}')
    # 201 carries the Asset shape: no detail yet.
    assert created["status"] == "processing" and created["method"] == "direct"
    assert created["filename"] == "My Dog.mp4" and created["file_type"] == "video/mp4"
    assert created["user_metadata"] == {"category": "pets", "rating": 9.5}
    assert set(created) == {"_id", "method", "status", "filename", "file_type", "created_at", "user_metadata"}
    detail = await get_asset(http, emu.base_url, created["_id"])
    assert detail["status"] == "processing" and "technical_metadata" not in detail and "size" not in detail
    assert detail["hls"] == {"status": "pending"} and detail["thumbnail"] == {"status": "pending"}
    clock.advance(0.5)
    detail = await get_asset(http, emu.base_url, created["_id"])
    assert detail["status"] == "ready" and detail["size"] == 300_000 and detail["duration"] == 12.0
    meta = detail["technical_metadata"]
    assert (meta["video_width"], meta["video_height"], meta["video_fps"]) == (1280, 720, 30.0)
    assert meta["file_size_bytes"] == 300_000 and meta["video_streams"][0]["display_aspect_ratio"] == "16:9"
    assert meta["video_bitrate_bps"] == 200_000 and "error" not in detail
    assert detail["hls"] == {"status": "processing"}
    clock.advance(0.5)
    detail = await get_asset(http, emu.base_url, created["_id"])
    assert detail["hls"]["status"] == "ready" and detail["thumbnail"]["status"] == "ready"
    async with http.get(detail["hls"]["manifest_url"]) as resp:
        assert resp.status == 200 and "#EXTINF:12.000" in await resp.text()
    async with http.get(detail["thumbnail"]["representative_url"]) as resp:
        assert resp.status == 200 and resp.content_type == "image/png"
    # The bytes are kept: the storage server serves them.
    async with aiohttp.ClientSession() as raw, raw.get(emu.storage.asset_url(emu.state.assets[created["_id"]])) as resp:
        assert resp.status == 200 and await resp.read() == path.read_bytes()


async def test_broken_file_fails_with_a_message(timed: Any, tmp_path: Path) -> None:
    emu, http, clock = timed
    created = await direct_asset(http, emu.base_url, write(tmp_path, "clip.mp4", b"not a video" * 100))
    assert created["status"] == "processing"  # the upload itself succeeds
    clock.advance(1)
    detail = await get_asset(http, emu.base_url, created["_id"])
    assert detail["status"] == "failed" and detail["error"]["message"]
    assert detail["technical_metadata"] == {"file_size_bytes": 1100, "file_mime_type": "video/mp4",
                                            "file_container_format": "mov,mp4,m4a,3gp,3g2,mj2"}
    assert "size" not in detail and "duration" not in detail


async def test_images_and_audio(emulator: Emulator, http: aiohttp.ClientSession, tmp_path: Path) -> None:
    base = emulator.base_url
    image = await direct_asset(http, base, write(tmp_path, "photo.png", png(640, 480)))
    photo = await direct_asset(http, base, write(tmp_path, "shot.jpg", jpeg(800, 600)))
    audio = await direct_asset(http, base, write(tmp_path, "talk.wav", wav(3.0)))
    detail = await get_asset(http, base, image["_id"])
    assert detail["status"] == "ready" and detail["file_type"] == "image/png" and "duration" not in detail
    assert detail["technical_metadata"]["image_width"] == 640 and detail["technical_metadata"]["image_format"] == "png"
    detail = await get_asset(http, base, photo["_id"])
    assert (detail["technical_metadata"]["image_width"], detail["technical_metadata"]["image_height"]) == (800, 600)
    detail = await get_asset(http, base, audio["_id"])
    assert detail["status"] == "ready" and detail["file_type"] == "audio/wav" and detail["duration"] == 3.0
    assert detail["technical_metadata"]["has_audio"] is True and "video_streams" not in detail["technical_metadata"]
    async with http.get(f"{base}/assets", params=[("asset_types", "image"), ("asset_types", "audio")]) as resp:
        listed = await resp.json()
    assert {a["_id"] for a in listed["data"]} == {image["_id"], photo["_id"], audio["_id"]}


async def test_url_assets(timed: Any) -> None:
    emu, http, clock = timed
    base = emu.base_url
    ok = await url_asset(http, base, "https://media.test/videos/cat_walk.mp4?duration=30&width=640&height=480")
    broken = await url_asset(http, base, "https://media.test/broken_clip.mp4")
    huge = await url_asset(http, base, "https://media.test/huge.mp4?size=4000000001")
    big_image = await url_asset(http, base, "https://media.test/poster.png?size=32000001")
    named = await url_asset(http, base, "https://media.test/a.mp4", filename="renamed.mp4")
    assert ok["method"] == "url" and ok["filename"] == "cat_walk.mp4" and named["filename"] == "renamed.mp4"
    clock.advance(0.5)
    detail = await get_asset(http, base, ok["_id"])
    assert detail["status"] == "ready" and detail["duration"] == 30.0
    assert detail["technical_metadata"]["video_width"] == 640
    for failed in (broken, huge, big_image):
        detail = await get_asset(http, base, failed["_id"])
        assert detail["status"] == "failed" and detail["error"]["message"], detail
    assert "4000.0 MB" in (await get_asset(http, base, huge["_id"]))["error"]["message"]
    async with http.post(f"{base}/assets", data=form(method="url", url="ftp://x/y.mp4")) as resp:
        assert resp.status == 400 and (await resp.json())["code"] == "parameter_invalid"


async def test_request_validation_and_size_limits(sample_video: Callable[..., Path], tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    async with Emulator(speed=0, max_direct_upload_bytes=200_000, max_image_bytes=50_000,
                        upload_dir=str(spool)) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        base = emu.base_url
        big = sample_video("big.mp4", duration=10, size=200_001)
        fits = sample_video("fits.mp4", duration=10, size=200_000)
        image = write(tmp_path, "big.png", png() + b"\0" * 50_000)
        cases: list[tuple[aiohttp.FormData, str, str]] = [
            (form(method="direct", file=big), "parameter_invalid", "`file`"),
            (form(method="direct", file=image), "parameter_invalid", "Image files"),
            (form(file=fits), "parameter_not_provided", "`method`"),
            (form(method="upload", file=fits), "parameter_invalid", "`method`"),
            (form(method="direct"), "parameter_not_provided", "`file`"),
            (form(method="direct", file=fits, url="https://a.test/x.mp4"), "parameter_invalid", "`url`"),
            (form(method="url"), "parameter_not_provided", "`url`"),
            (form(method="url", url="https://a.test/x.mp4", file=fits), "parameter_invalid", "`file`"),
            (form(method="direct", file=fits, user_metadata="{oops"), "parameter_invalid", "user_metadata"),
            (form(method="direct", file=fits, user_metadata='{"a": [1]}'), "parameter_invalid", "user_metadata"),
            (form(method="direct", file=fits, colour="red"), "parameter_unknown", "colour"),
        ]
        for data, code, fragment in cases:
            async with http.post(f"{base}/assets", data=data) as resp:
                body = await resp.json()
                assert (resp.status, body["code"]) == (400, code) and fragment in body["message"], body
        async with http.post(f"{base}/assets", json={"method": "url", "url": "https://a.test/x.mp4"}) as resp:
            assert resp.status == 400  # multipart/form-data only
        assert emu.state.assets == {}
        assert (await direct_asset(http, base, fits))["status"] == "ready"  # speed 0: processed at once
        assert len(emu.state.assets) == 1
        # Nothing is left in the upload folder but the kept asset file: refused uploads are deleted.
        kept = next(iter(emu.state.assets.values())).files
        assert sorted(str(p) for p in spool.rglob("*") if p.is_file()) == kept


async def test_list_filters_and_paging(emulator: Emulator, http: aiohttp.ClientSession,
                                       sample_video: Callable[..., Path], tmp_path: Path) -> None:
    base = emulator.base_url
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    ids = []
    for name in ("Dog_Park.mp4", "cat.mp4", "dog_beach.mp4"):
        ids.append((await direct_asset(http, base, sample_video(name)))["_id"])
        clock.advance(1)
    image = (await direct_asset(http, base, write(tmp_path, "dog.png", png())))["_id"]
    async with http.get(f"{base}/assets") as resp:
        everything = await resp.json()
    assert [a["_id"] for a in everything["data"]] == [image, *reversed(ids)]  # newest first
    assert everything["page_info"] == {"page": 1, "limit_per_page": 10, "total_page": 1, "total_results": 4}
    async with http.get(f"{base}/assets", params={"filename": "DOG"}) as resp:
        assert {a["filename"] for a in (await resp.json())["data"]} == {"Dog_Park.mp4", "dog_beach.mp4", "dog.png"}
    async with http.get(f"{base}/assets", params=[("asset_ids", ids[0]), ("asset_ids", image)]) as resp:
        assert [a["_id"] for a in (await resp.json())["data"]] == [image, ids[0]]
    async with http.get(f"{base}/assets", params={"asset_ids": f"{ids[1]},{ids[2]}", "asset_types": "video"}) as r:
        assert [a["_id"] for a in (await r.json())["data"]] == [ids[2], ids[1]]
    async with http.get(f"{base}/assets", params={"page": 2, "page_limit": 3}) as resp:
        page = await resp.json()
    assert [a["_id"] for a in page["data"]] == [ids[0]] and page["page_info"]["total_page"] == 2
    for bad in ({"page_limit": 51}, {"asset_types": "document"}, {"sort_by": "created_at"}):
        async with http.get(f"{base}/assets", params=bad) as resp:
            assert resp.status == 400, bad


async def test_user_metadata_routes(emulator: Emulator, http: aiohttp.ClientSession,
                                    sample_video: Callable[..., Path]) -> None:
    base = emulator.base_url
    asset_id = (await direct_asset(http, base, sample_video(), user_metadata='{"a": 1, "b": "x"}'))["_id"]
    url = f"{base}/assets/{asset_id}/user-metadata"

    async def metadata() -> dict[str, Any]:
        return (await get_asset(http, base, asset_id)).get("user_metadata", {})

    # PATCH merges: a value sets, null deletes, "" is ignored, omitted keys stay.
    async with http.patch(url, json={"user_metadata": {"a": 2, "b": None, "c": "", "d": True}}) as resp:
        assert resp.status == 200 and await resp.read() == b""
    assert await metadata() == {"a": 2, "d": True}
    # PUT replaces: ""/null ignored, omitted keys removed.
    async with http.put(url, json={"user_metadata": {"e": 1.5, "f": "", "g": None}}) as resp:
        assert resp.status == 200
    assert await metadata() == {"e": 1.5}
    async with http.put(url, json={"user_metadata": {"h": "x"}}) as resp:
        assert resp.status == 200
    async with http.delete(url) as resp:
        assert resp.status == 200
    assert await metadata() == {}
    for method, body in (("put", {"user_metadata": {"x": {"nested": 1}}}), ("patch", {}), ("put", {"other": 1})):
        async with http.request(method, url, json=body) as resp:
            assert resp.status == 400, (method, body)
    async with http.patch(f"{base}/assets/nope/user-metadata", json={"user_metadata": {}}) as resp:
        assert resp.status == 404 and (await resp.json())["code"] == "resource_not_exist"


async def test_delete_with_and_without_force(emulator: Emulator, http: aiohttp.ClientSession,
                                             sample_video: Callable[..., Path]) -> None:
    base = emulator.base_url
    lone = (await direct_asset(http, base, sample_video("lone.mp4")))["_id"]
    used = (await direct_asset(http, base, sample_video("used.mp4")))["_id"]
    index_id = await create_index(http, base, models=MARENGO)
    async with http.post(f"{base}/indexes/{index_id}/indexed-assets", json={"asset_id": used}) as resp:
        indexed_id = (await resp.json())["_id"]
    async with http.delete(f"{base}/assets/{lone}") as resp:
        assert resp.status == 200
    async with http.get(f"{base}/assets/{lone}") as resp:
        assert resp.status == 404
    async with http.delete(f"{base}/assets/{used}") as resp:
        assert resp.status == 409 and (await resp.json())["code"] == "asset_in_use"
    assert used in emulator.state.assets and indexed_id in emulator.state.indexed_assets
    async with http.delete(f"{base}/assets/{used}", params={"force": "false"}) as resp:
        assert resp.status == 409
    files = list(emulator.state.assets[used].files)
    async with http.delete(f"{base}/assets/{used}", params={"force": "true"}) as resp:
        assert resp.status == 200
    assert used not in emulator.state.assets and indexed_id not in emulator.state.indexed_assets
    assert indexed_id not in emulator.state.indexes[index_id].videos
    assert not any(map(os.path.lexists, files))
    async with http.delete(f"{base}/assets/{used}") as resp:
        assert resp.status == 404


async def test_transcription(timed: Any, sample_video: Callable[..., Path], tmp_path: Path) -> None:
    emu, http, clock = timed
    base = emu.base_url
    asset_id = (await direct_asset(http, base, sample_video("dog_park.mp4", duration=12)))["_id"]
    url = f"{base}/assets/{asset_id}/transcription"
    async with http.get(url) as resp:
        assert await resp.json() == {"status": "pending"}
    clock.advance(0.5)
    async with http.get(url) as resp:
        assert await resp.json() == {"status": "processing"}
    clock.advance(0.5)
    async with http.get(url) as resp:
        body = await resp.json()
    assert body["status"] == "ready" and set(body) == {"status", "words"}  # words by default
    assert body["words"][0]["start"] == 0.0 and body["words"][-1]["end"] == 12.0
    async with http.get(url, params=[("include", "sentences"), ("include", "utterances")]) as resp:
        body = await resp.json()
    assert set(body) == {"status", "sentences", "utterances"} and "dog" in " ".join(
        s["value"] for s in body["sentences"])
    assert body["utterances"][0]["speaker"] == "speaker_0"
    async with http.get(url, params={"include": "words,sentences"}) as resp:
        assert set(await resp.json()) == {"status", "words", "sentences"}
    async with http.get(url, params={"include": "paragraphs"}) as resp:
        assert resp.status == 400
    image_id = (await direct_asset(http, base, write(tmp_path, "p.png", png())))["_id"]
    async with http.get(f"{base}/assets/{image_id}/transcription") as resp:
        assert resp.status == 404
    broken_id = (await direct_asset(http, base, write(tmp_path, "bad.mp4", b"junk" * 10)))["_id"]
    clock.advance(1)
    async with http.get(f"{base}/assets/{broken_id}/transcription") as resp:
        assert (await resp.json())["status"] == "failed"


async def test_analyze_on_assets(timed: Any, sample_video: Callable[..., Path], tmp_path: Path) -> None:
    emu, http, clock = timed
    base = emu.base_url
    video_id = (await direct_asset(http, base, sample_video("dog_park.mp4", duration=12)))["_id"]
    image_id = (await direct_asset(http, base, write(tmp_path, "ball.png", png())))["_id"]

    async def analyze(**body: Any) -> tuple[int, dict[str, Any]]:
        async with http.post(f"{base}/analyze", json={"prompt": "What happens?", "stream": False, **body}) as resp:
            return resp.status, await resp.json()

    status, body = await analyze(video={"type": "asset_id", "asset_id": video_id})
    assert status == 400 and body["code"] == "parameter_invalid" and "`processing`" in body["message"]
    clock.advance(1)
    status, body = await analyze(video={"type": "asset_id", "asset_id": video_id})
    assert status == 200 and "dog" in body["data"]
    status, body = await analyze(video={"type": "asset_id", "asset_id": image_id})
    assert status == 400 and "image asset" in body["message"]
    status, body = await analyze(video={"type": "asset_id", "asset_id": video_id}, model_name="pegasus1.5",
                                 prompt=None, prompt_v2={"input_text": "Is <@ball> there?", "media_sources": [
                                     {"name": "ball", "media_type": "image", "asset_id": image_id}]})
    assert status == 200, body
    status, body = await analyze(video={"type": "asset_id", "asset_id": "f" * 24})
    assert status == 404


async def test_create_is_rate_limited() -> None:
    async with Emulator(speed=0, rate_limit=1, rate_limit_window=60) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        seen = []
        for _ in range(2):
            async with http.post(f"{emu.base_url}/assets",
                                 data=form(method="url", url="https://a.test/x.mp4")) as resp:
                seen.append((resp.status, resp.headers.get("X-Ratelimit-Remaining"), await resp.read()))
        assert [s for s, _, _ in seen] == [201, 429] and seen[0][1] == "0" and seen[1][2] == b""


async def test_absent_on_the_seed_era_surface() -> None:
    routes = [("POST", "/assets"), ("GET", "/assets"), ("GET", "/assets/a1"), ("POST", "/assets/multipart-uploads"),
              ("GET", "/assets/a1/indexed-assets"), ("GET", "/indexes/i1/indexed-assets")]
    async with Emulator(speed=0, surface="2025") as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        for method, path in routes:
            async with http.request(method, emu.base_url + path) as resp:
                assert resp.status == 404, (method, path)
