"""Embeddings (#20-#24): text rules, media inputs, embed task lifecycle and segments."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest
from emulator_helpers import form

from twelvelabs_async.emulator import Emulator

# Seed-era embeddings: Marengo-retrieval-2.7, text_truncate.
pytestmark = pytest.mark.emulator_surface("2025")

MODEL = "Marengo-retrieval-2.7"


async def embed(http: aiohttp.ClientSession, emulator: Emulator, data: aiohttp.FormData) -> tuple[int, dict]:  # type: ignore[type-arg]
    async with http.post(f"{emulator.base_url}/embed", data=data) as resp:
        return resp.status, await resp.json()


async def test_text_is_deterministic_and_unit_length(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    _, first = await embed(http, emulator, form(model_name=MODEL, text="a dog in a park"))
    _, again = await embed(http, emulator, form(model_name=MODEL, text="a dog in a park"))
    _, other = await embed(http, emulator, form(model_name=MODEL, text="a cat"))
    vector = first["text_embedding"]["segments"][0]["float"]
    assert len(vector) == 1024 and math.isclose(sum(v * v for v in vector), 1.0, rel_tol=1e-9)
    assert vector == again["text_embedding"]["segments"][0]["float"]
    assert vector != other["text_embedding"]["segments"][0]["float"]
    assert first["model_name"] == MODEL


async def test_truncation_rules(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    words = [f"w{i}" for i in range(100)]
    _, end = await embed(http, emulator, form(model_name=MODEL, text=" ".join(words)))
    _, first77 = await embed(http, emulator, form(model_name=MODEL, text=" ".join(words[:77])))
    _, start = await embed(http, emulator, form(model_name=MODEL, text=" ".join(words), text_truncate="start"))
    _, last77 = await embed(http, emulator, form(model_name=MODEL, text=" ".join(words[-77:])))
    assert end["text_embedding"] == first77["text_embedding"]  # default "end" cuts the end
    assert start["text_embedding"] == last77["text_embedding"]
    status, body = await embed(http, emulator, form(model_name=MODEL, text=" ".join(words), text_truncate="none"))
    assert status == 400 and body["message"] == (
        "The `text` parameter is invalid. The text token length should be less than or equal to 77.")
    status, body = await embed(http, emulator, form(model_name=MODEL, text="x", text_truncate="middle"))
    assert status == 400 and "`none`, `start`, `end`" in body["message"]
    status, body = await embed(http, emulator, form(model_name="marengo2.7", text="x"))
    assert body["code"] == "parameter_invalid"
    status, body = await embed(http, emulator, form(model_name=MODEL))
    assert body["code"] == "parameter_not_provided"


async def test_image_and_audio(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    data = form(model_name=MODEL, image_url="https://img.test/a.jpg", audio_start_offset_sec=2)
    data.add_field("audio_file", b"RIFF....WAVE", filename="a.wav", content_type="audio/wav")
    status, body = await embed(http, emulator, data)
    assert status == 200
    assert body["image_embedding"]["metadata"] == {"input_url": "https://img.test/a.jpg"}
    assert body["audio_embedding"]["metadata"] == {"input_filename": "a.wav"}
    assert body["audio_embedding"]["segments"][0]["start_offset_sec"] == 2.0
    assert "text_embedding" not in body


async def test_embed_task_lifecycle_and_segments(sample_video: Callable[..., Path]) -> None:
    from emulator_helpers import HEADERS

    from twelvelabs_async.emulator import ManualClock

    clock = ManualClock()
    async with Emulator(speed=1.0, clock=clock, surface="2025") as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        base = emu.base_url
        video = sample_video("walk.mp4", duration=21)
        data = form(model_name=MODEL, video_file=video, video_clip_length=5,
                    video_embedding_scope=["clip", "video"])
        async with http.post(f"{base}/embed/tasks", data=data) as resp:
            assert resp.status == 200
            task_id = (await resp.json())["_id"]
        async with http.get(f"{base}/embed/tasks/{task_id}/status") as resp:
            status = await resp.json()
        assert status["status"] == "processing"
        assert status["video_embedding"]["metadata"] == {
            "input_filename": "walk.mp4", "video_clip_length": 5.0, "video_embedding_scope": ["clip", "video"],
            "duration": 21.0}
        async with http.get(f"{base}/embed/tasks/{task_id}") as resp:
            assert "segments" not in (await resp.json())["video_embedding"]
        clock.advance(1.5)
        async with http.get(f"{base}/embed/tasks/{task_id}", params={"embedding_option": "visual-text"}) as resp:
            body = await resp.json()
        assert body["status"] == "ready"
        segments = body["video_embedding"]["segments"]
        clips = [(s["start_offset_sec"], s["end_offset_sec"]) for s in segments if s["embedding_scope"] == "clip"]
        assert clips == [(0, 5), (5, 10), (10, 15), (15, 20)]  # the final 1 s segment is dropped
        assert [s["embedding_scope"] for s in segments].count("video") == 1
        assert {s["embedding_option"] for s in segments} == {"visual-text"}
        async with http.get(f"{base}/embed/tasks", params={"status": "ready"}) as resp:
            listed = await resp.json()
        assert [t["_id"] for t in listed["data"]] == [task_id] and listed["page_info"]["total_results"] == 1


async def test_embed_task_validation(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    url = "https://v.test/a.mp4?duration=30"
    cases = [
        (form(model_name=MODEL, video_url=url, video_clip_length=11),
         "`video_clip_length` should be within 2-10 seconds long"),
        (form(model_name=MODEL, video_url=url, video_start_offset_sec=10, video_end_offset_sec=5),
         "`video_end_offset_sec` should be greater than `video_start_offset_sec`"),
    ]
    for data, message in cases:
        async with http.post(f"{emulator.base_url}/embed/tasks", data=data) as resp:
            assert resp.status == 400 and (await resp.json())["message"] == message
    async with http.post(f"{emulator.base_url}/embed/tasks",
                         data=form(model_name=MODEL, video_url=url, video_start_offset_sec=3)) as resp:
        assert (await resp.json())["code"] == "parameter_not_provided"
    async with http.post(f"{emulator.base_url}/embed/tasks",
                         data=form(model_name=MODEL, video_url=url, video_start_offset_sec=3,
                                   video_end_offset_sec=15)) as resp:
        task_id = (await resp.json())["_id"]
    async with http.get(f"{emulator.base_url}/embed/tasks/{task_id}") as resp:
        segments = (await resp.json())["video_embedding"]["segments"]
    assert [(s["start_offset_sec"], s["end_offset_sec"]) for s in segments if s["embedding_option"] == "audio"] \
        == [(3, 9), (9, 15)]
    async with http.get(f"{emulator.base_url}/embed/tasks/not-an-id/status") as resp:
        assert resp.status == 400 and "`task_id` value is invalid" in (await resp.json())["message"]
    async with http.get(f"{emulator.base_url}/embed/tasks/{'a' * 24}") as resp:
        assert resp.status == 404
