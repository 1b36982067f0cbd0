"""Indexing tasks (#6-#9): multipart uploads, video requirements, lifecycle on a manual clock."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest
from emulator_helpers import HEADERS, create_index, form

from twelvelabs_async.emulator import Emulator, ManualClock

# The legacy upload+index route is the same on both surfaces, but for the empty success of DELETE (204 in the
# seed era, 200 in the 2026-07 spec) and the Marengo model's name.
SURFACES = ("2026", "2025")
MARENGO = {"2025": "marengo2.7", "2026": "marengo3.0"}


@pytest.fixture(params=SURFACES)
def emulator_options(request: pytest.FixtureRequest) -> dict[str, object]:
    return {"speed": 1.0, "surface": request.param}


def empty(emulator: Emulator) -> int:
    return 200 if emulator.surface == "2026" else 204


async def test_lifecycle_follows_the_clock(emulator: Emulator, http: aiohttp.ClientSession,
                                           sample_video: Callable[..., Path]) -> None:
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    base = emulator.base_url
    index_id = await create_index(http, base)
    video = sample_video("dog_park.mp4", duration=12)
    metadata = {"category": "pets", "rating": 5}
    async with http.post(f"{base}/tasks", data=form(index_id=index_id, video_file=video,
                                                     user_metadata=json.dumps(metadata))) as resp:
        assert resp.status == 200
        created = await resp.json()
    assert set(created) == {"_id", "video_id"}
    seen = []
    for _ in range(20):
        async with http.get(f"{base}/tasks/{created['_id']}") as resp:
            task = await resp.json()
        seen.append(task["status"])
        clock.advance(0.1)
    assert seen[0] == "validating" and seen[-1] == "ready"
    order = ["validating", "pending", "queued", "indexing", "ready"]
    assert [s for s in order if s in seen] == order  # every stage, in order
    assert task["system_metadata"] == {"duration": 12.0, "filename": "dog_park.mp4", "width": 1280,
                                       "height": 720}
    assert task["hls"]["status"] in ("PROCESSING", "COMPLETE") and task["hls"]["video_url"].endswith(".m3u8")
    async with http.get(f"{base}/indexes/{index_id}") as resp:
        index = await resp.json()
    assert index["video_count"] == 1 and index["total_duration"] == 12.0
    async with http.get(f"{base}/indexes/{index_id}/videos/{created['video_id']}") as resp:
        stored = await resp.json()
    assert stored["user_metadata"] == metadata
    assert stored["system_metadata"]["size"] == video.stat().st_size
    assert os.listdir(emulator._own_dir or "") == []  # the upload was deleted once probed


async def test_video_not_in_index_until_ready(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    async with http.post(f"{base}/tasks", data=form(index_id=index_id, video_url="https://x.test/cat.mp4",
                                                     enable_video_stream="false")) as resp:
        created = await resp.json()
    async with http.get(f"{base}/indexes/{index_id}/videos") as resp:
        assert (await resp.json())["data"] == []
    async with http.delete(f"{base}/tasks/{created['_id']}") as resp:
        assert resp.status == 400 and (await resp.json())["code"] == "task_cannot_be_deleted"
    emulator.clock.advance(5)  # type: ignore[attr-defined]
    async with http.get(f"{base}/tasks/{created['_id']}") as resp:
        task = await resp.json()
    assert task["status"] == "ready" and "hls" not in task
    async with http.get(f"{base}/indexes/{index_id}/videos") as resp:
        assert [v["_id"] for v in (await resp.json())["data"]] == [created["video_id"]]
    # A ready task goes only after its video.
    async with http.delete(f"{base}/tasks/{created['_id']}") as resp:
        assert resp.status == 400
    async with http.delete(f"{base}/indexes/{index_id}/videos/{created['video_id']}") as resp:
        assert resp.status == empty(emulator)
    async with http.delete(f"{base}/tasks/{created['_id']}") as resp:
        assert resp.status == empty(emulator) and await resp.read() == b""


async def test_failing_file_name_fails(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    async with http.post(f"{base}/tasks", data=form(index_id=index_id,
                                                     video_url="https://x.test/please_fail.mp4")) as resp:
        task_id = (await resp.json())["_id"]
    emulator.clock.advance(5)  # type: ignore[attr-defined]
    async with http.get(f"{base}/tasks/{task_id}") as resp:
        assert (await resp.json())["status"] == "failed"
    async with http.delete(f"{base}/tasks/{task_id}") as resp:
        assert resp.status == empty(emulator)


async def test_list_with_repeated_status(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    for name in ("a.mp4", "b.mp4"):
        emulator.clock.advance(1.0)  # type: ignore[attr-defined]
        async with http.post(f"{base}/tasks", data=form(index_id=index_id,
                                                         video_url=f"https://x.test/{name}")) as resp:
            assert resp.status == 200
    # a.mp4 is now 1 s in ("indexing"), b.mp4 just started ("validating").
    query = [("status", "validating"), ("status", "indexing")]
    async with http.get(f"{base}/tasks", params=query) as resp:
        statuses = sorted(t["status"] for t in (await resp.json())["data"])
    assert statuses == ["indexing", "validating"]
    async with http.get(f"{base}/tasks", params=[("status", "ready")]) as resp:
        assert (await resp.json())["data"] == []
    async with http.get(f"{base}/tasks", params={"status": "sleeping"}) as resp:
        assert resp.status == 400
    async with http.get(f"{base}/tasks", params={"filename": "b.mp4", "index_id": index_id}) as resp:
        data = (await resp.json())["data"]
    assert [t["system_metadata"]["filename"] for t in data] == ["b.mp4"]


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"width": 320, "height": 240}, "video_resolution_too_low"),
    ({"width": 7680, "height": 4320}, "video_resolution_too_high"),
    ({"width": 1000, "height": 400}, "video_resolution_invalid_aspect_ratio"),
    ({"duration": 2.0}, "video_duration_too_short"),
    ({"duration": 3700.0}, "video_duration_too_long"),  # the index has Pegasus: 1 h
])
async def test_requirements(emulator: Emulator, http: aiohttp.ClientSession, sample_video: Callable[..., Path],
                            kwargs: dict[str, float], code: str) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    async with http.post(f"{base}/tasks", data=form(index_id=index_id, video_file=sample_video(**kwargs))) as r:
        assert r.status == 400
        assert (await r.json())["code"] == code
    assert emulator.state.tasks == {}


async def test_requirements_by_url_and_marengo_only_limit(emulator: Emulator,
                                                         http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    marengo = await create_index(http, base, "m", [{"model_name": MARENGO[emulator.surface],
                                                    "model_options": ["visual"]}])
    async with http.post(f"{base}/tasks", data=form(index_id=marengo,
                                                     video_url="https://x.test/v.mp4?duration=3700")) as r:
        assert r.status == 200  # 2 h limit without Pegasus
    async with http.post(f"{base}/tasks", data=form(index_id=marengo,
                                                     video_url="https://x.test/v.mp4#duration=7300")) as r:
        assert (await r.json())["code"] == "video_duration_too_long"
    async with http.post(f"{base}/tasks", data=form(index_id=marengo,
                                                     video_url="https://x.test/v.mp4?width=1080&height=1920")) as r:
        assert r.status == 200  # 9:16 portrait


@pytest.mark.parametrize("surface", SURFACES)
async def test_broken_and_too_large(sample_video: Callable[..., Path], tmp_path: Path, surface: str) -> None:
    async with Emulator(speed=0, max_video_bytes=100_000, surface=surface) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as h:
        index_id = await create_index(h, emu.base_url)
        broken = tmp_path / "broken.mp4"
        broken.write_bytes(b"definitely not an mp4" * 100)
        async with h.post(f"{emu.base_url}/tasks", data=form(index_id=index_id, video_file=broken)) as r:
            assert (await r.json())["code"] == "video_file_broken"
        big = sample_video("big.mp4", size=300_000)
        async with h.post(f"{emu.base_url}/tasks", data=form(index_id=index_id, video_file=big)) as r:
            assert r.status == 400
            assert (await r.json())["code"] == "video_filesize_too_large"


@pytest.mark.parametrize("surface", SURFACES)
async def test_a_quicktime_file_as_ffmpeg_writes_it_is_indexed(tmp_path: Path, surface: str) -> None:
    from twelvelabs_async.samples import write_sample_video

    async with Emulator(speed=0, surface=surface) as emu, aiohttp.ClientSession(headers=HEADERS) as h:
        index_id = await create_index(h, emu.base_url)
        clip = write_sample_video(tmp_path / "clip.mov", duration=12, width=1280, height=720)
        async with h.post(f"{emu.base_url}/tasks", data=form(index_id=index_id, video_file=clip)) as r:
            assert r.status == 200, await r.text()
            task_id = (await r.json())["_id"]
        video = emu.state.tasks[task_id].video
        assert (video.duration, video.width, video.height) == (12.0, 1280, 720)


async def test_create_parameter_errors(emulator: Emulator, http: aiohttp.ClientSession,
                                       sample_video: Callable[..., Path]) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    cases = [
        (form(index_id=index_id), 400, "parameter_not_provided"),
        (form(video_url="https://x.test/a.mp4"), 400, "parameter_not_provided"),
        (form(index_id=index_id, video_url="https://x.test/a.mp4", video_file=sample_video()), 400,
         "parameter_invalid"),
        (form(index_id=index_id, video_url="https://x.test/a.mp4", language="en"), 400, "parameter_unknown"),
        (form(index_id=index_id, video_url="https://x.test/a.mp4", user_metadata="[1, 2]"), 400,
         "parameter_invalid"),
        (form(index_id="0" * 24, video_url="https://x.test/a.mp4"), 404, "resource_not_exist"),
    ]
    for data, status, code in cases:
        async with http.post(f"{base}/tasks", data=data) as resp:
            assert resp.status == status
            assert (await resp.json())["code"] == code
    # JSON is not accepted where the API wants multipart.
    async with http.post(f"{base}/tasks", json={"index_id": index_id, "video_url": "https://x.test/a"}) as resp:
        assert resp.status == 400 and (await resp.json())["code"] == "parameter_invalid"
    async with http.get(f"{base}/tasks/{'f' * 24}") as resp:
        assert resp.status == 404 and (await resp.json())["code"] == "resource_not_exist"
