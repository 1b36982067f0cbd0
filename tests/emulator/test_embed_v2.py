"""Embeddings v2 (surface 2026): vector dimensions and determinism, the input types and their checks, async
tasks on a ManualClock, the task list, and the error shapes."""

from __future__ import annotations

import base64
import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from analysis_helpers import assert_envelope, call

from twelvelabs_async.emulator import Emulator, ManualClock


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    return {"speed": 1.0}


def png(width: int, height: int) -> str:
    """A PNG header (all the emulator reads of an image) of the given size, as raw base64."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + chunk + b"\0" * 64).decode()


async def embed(http: aiohttp.ClientSession, emulator: Emulator, **body: Any) -> tuple[int, Any]:
    return await call(http, "POST", f"{emulator.base_url}/embed-v2", json=body)


def norm(values: list[float]) -> float:
    return math.sqrt(sum(v * v for v in values))


async def test_text_dimensions_and_determinism(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    status, first = await embed(http, emulator, input_type="text", model_name="marengo3.0",
                                text={"input_text": "a dog in a park"})
    assert status == 200, first
    assert set(first) == {"data"}  # text has no metadata, and Marengo 3.0 reports no usage
    item, = first["data"]
    assert item["embedding_option"] is None and item["embedding_scope"] is None
    assert item["start_sec"] is None and item["end_sec"] is None
    assert len(item["embedding"]) == 512 and abs(norm(item["embedding"]) - 1) < 1e-6
    _, again = await embed(http, emulator, input_type="text", model_name="marengo3.0",
                           text={"input_text": "a dog in a park"})
    assert again["data"][0]["embedding"] == item["embedding"]
    _, other = await embed(http, emulator, input_type="text", model_name="marengo3.0",
                           text={"input_text": "a cat on a roof"})
    cosine = sum(a * b for a, b in zip(item["embedding"], other["data"][0]["embedding"], strict=True))
    assert abs(cosine) < 0.3  # different inputs: nearly orthogonal


async def test_marengo_35_dimensions(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    body = {"input_type": "multi_input", "model_name": "marengo3.5", "multi_input": {"input_text": "man walking a dog"}}
    status, default = await embed(http, emulator, **body)
    assert status == 200, default
    assert len(default["data"][0]["embedding"]) == 512
    assert default["usage"] == {"input_tokens": {"text": 4}, "truncated": False}
    _, short = await embed(http, emulator, **body, embedding_dimension=256)
    _, long = await embed(http, emulator, **body, embedding_dimension=1024)
    # Matryoshka: a shorter embedding is the start of a longer one of the same content.
    assert short["data"][0]["embedding"] == default["data"][0]["embedding"][:256]
    assert long["data"][0]["embedding"][:512] == default["data"][0]["embedding"]
    assert abs(norm(long["data"][0]["embedding"]) - 1) < 1e-6
    _, sure = await embed(http, emulator, **body, embedding_dimension=128, embedding_uncertainty=True)
    assert len(sure["data"][0]["embedding_uncertainty"]) == 128
    _, old = await embed(http, emulator, input_type="multi_input", model_name="marengo3.0",
                         multi_input={"input_text": "man walking a dog",
                                      "media_sources": [{"media_type": "image", "url": "https://m.test/dog.png"}]})
    assert len(old["data"][0]["embedding"]) == 512 and "usage" not in old


@pytest.mark.parametrize(("body", "code"), [
    ({"input_type": "text", "model_name": "marengo3.0", "text": {"input_text": "x"}, "embedding_dimension": 256},
     "parameter_invalid"),
    ({"input_type": "multi_input", "model_name": "marengo3.5", "embedding_dimension": 4096,
      "multi_input": {"input_text": "x"}}, "parameter_invalid"),
    ({"input_type": "text", "model_name": "marengo3.5", "text": {"input_text": "x"}}, "parameter_invalid"),
    ({"input_type": "text", "model_name": "marengo2.7", "text": {"input_text": "x"}}, "parameter_invalid"),
    ({"input_type": "text", "text": {"input_text": "x"}}, "parameter_not_provided"),
    ({"input_type": "text", "model_name": "marengo3.0"}, "parameter_not_provided"),
    ({"input_type": "text", "model_name": "marengo3.0", "text": {"input_text": "word " * 501}}, "parameter_invalid"),
    ({"input_type": "text", "model_name": "marengo3.0", "text": {"input_text": "x"}, "image": {}},
     "parameter_invalid"),
    ({"input_type": "image", "model_name": "marengo3.0", "image": {"media_source": {}}}, "parameter_invalid"),
    ({"input_type": "image", "model_name": "marengo3.0",
      "image": {"media_source": {"url": "https://m.test/a.png", "asset_id": "a" * 24}}}, "parameter_invalid"),
    ({"input_type": "image", "model_name": "marengo3.0",
      "image": {"media_source": {"base64_string": "data:image/png;base64,AAAA"}}}, "parameter_invalid"),
    ({"input_type": "video", "model_name": "marengo3.0",
      "video": {"media_source": {"url": "https://m.test/long.mp4?duration=601"}}}, "parameter_invalid"),
    ({"input_type": "video", "model_name": "marengo3.0",
      "video": {"media_source": {"url": "https://m.test/v.mp4"}, "embedding_option": ["visual"],
                "embedding_type": ["fused_embedding"]}}, "parameter_invalid"),
    ({"input_type": "video", "model_name": "marengo3.0",
      "video": {"media_source": {"url": "https://m.test/v.mp4"}, "segmentation": {"strategy": "fixed",
                                                                                 "fixed": {"duration_sec": 11}}}},
     "parameter_invalid"),
    ({"input_type": "video", "model_name": "marengo3.0",
      "video": {"media_source": {"url": "https://m.test/v.mp4"}, "start_sec": 30, "end_sec": 20}},
     "parameter_invalid"),
    ({"input_type": "multi_input", "model_name": "marengo3.0",
      "multi_input": {"input_text": "<@missing> and", "media_sources": [
          {"name": "dog", "media_type": "image", "url": "https://m.test/dog.png"}]}}, "parameter_invalid"),
    ({"input_type": "multi_input", "model_name": "marengo3.0",
      "multi_input": {"media_sources": [{"media_type": "image", "url": "https://m.test/d.png"}] * 11}},
     "parameter_invalid"),
    ({"input_type": "multi_input", "model_name": "marengo3.5", "embedding_uncertainty": True,
      "multi_input": {"input_text": "x", "media_sources": [{"media_type": "image", "url": "https://m.test/d.png"}]}},
     "parameter_invalid"),
])
async def test_refused(emulator: Emulator, http: aiohttp.ClientSession, body: dict[str, Any], code: str) -> None:
    status, answer = await embed(http, emulator, **body)
    assert status == 400, answer
    assert_envelope(answer, code)


async def test_images(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    status, by_url = await embed(http, emulator, input_type="image", model_name="marengo3.0",
                                 image={"media_source": {"url": "https://m.test/dog.png"}})
    assert status == 200, by_url
    assert by_url["metadata"] == {"input_type": "image", "input_url": "https://m.test/dog.png"}
    status, inline = await embed(http, emulator, input_type="image", model_name="marengo3.0",
                                 image={"media_source": {"base64_string": png(200, 150)}})
    assert status == 200, inline
    assert inline["metadata"]["input_type"] == "image" and "input_filename" in inline["metadata"]
    status, small = await embed(http, emulator, input_type="image", model_name="marengo3.0",
                                image={"media_source": {"base64_string": png(64, 64)}})
    assert status == 400 and "128x128" in small["error"]["message"]
    asset_id, = emulator.state.seed_assets(1, kind="image", prefix="cat")
    status, by_asset = await embed(http, emulator, input_type="text_image", model_name="marengo3.0",
                                   text_image={"media_source": {"asset_id": asset_id}, "input_text": "a cat"})
    assert status == 200 and by_asset["metadata"]["input_filename"] == "cat_00000.jpg"
    video_asset, = emulator.state.seed_assets(1, prefix="clip")
    status, wrong = await embed(http, emulator, input_type="image", model_name="marengo3.0",
                                image={"media_source": {"asset_id": video_asset}})
    assert status == 400
    assert_envelope(wrong, "parameter_invalid")
    status, missing = await embed(http, emulator, input_type="image", model_name="marengo3.0",
                                  image={"media_source": {"asset_id": "0" * 24}})
    assert status == 404
    assert_envelope(missing, "resource_not_exist")


async def test_video_segments(emulator: Emulator, http: aiohttp.ClientSession,
                              sample_video: Callable[..., Path]) -> None:
    status, answer = await embed(http, emulator, input_type="video", model_name="marengo3.0", video={
        "media_source": {"url": "https://m.test/dog.mp4?duration=20"}, "start_sec": 2, "end_sec": 19,
        "embedding_option": ["visual", "audio"], "embedding_type": ["separate_embedding", "fused_embedding"],
        "segmentation": {"strategy": "fixed", "fixed": {"duration_sec": 5}}})
    assert status == 200, answer
    assert answer["metadata"] == {"input_type": "video", "input_url": "https://m.test/dog.mp4?duration=20",
                                  "clip_length": 5, "embedding_scopes": ["clip", "asset"],
                                  "embedding_options": ["visual", "audio"], "duration": 20.0,
                                  "start_offset_sec": 2.0, "end_offset_sec": 19.0}
    rows = [(d["embedding_option"], d["embedding_scope"], d["start_sec"], d["end_sec"]) for d in answer["data"]]
    clips = [(s, e) for o, sc, s, e in rows if sc == "clip" and o == "visual"]
    assert clips == [(2.0, 7.0), (7.0, 12.0), (12.0, 17.0), (17.0, 19.0)]
    assert {o for o, _sc, _s, _e in rows} == {"visual", "audio", "fused"}
    assert [r for r in rows if r[1] == "asset"] == [("visual", "asset", 2.0, 19.0), ("audio", "asset", 2.0, 19.0),
                                                    ("fused", "asset", 2.0, 19.0)]
    assert len({tuple(d["embedding"]) for d in answer["data"]}) == len(answer["data"])
    # Dynamic segments are at least the minimum long.
    _, dynamic = await embed(http, emulator, input_type="video", model_name="marengo3.0", video={
        "media_source": {"url": "https://m.test/dog.mp4?duration=60"}, "embedding_scope": ["clip"],
        "embedding_option": ["visual"], "segmentation": {"strategy": "dynamic", "dynamic": {"min_duration_sec": 3}}})
    spans = [d["end_sec"] - d["start_sec"] for d in dynamic["data"]]
    assert spans and all(s >= 2.0 - 1e-6 for s in spans) and all(s >= 3 - 1e-6 for s in spans[:-1])
    assert "clip_length" not in dynamic["metadata"]
    # A base64 MP4 is probed; audio takes the same shape.
    data = base64.b64encode(sample_video("clip.mp4", duration=8).read_bytes()).decode()
    status, inline = await embed(http, emulator, input_type="video", model_name="marengo3.0",
                                 video={"media_source": {"base64_string": data}, "embedding_option": ["visual"]})
    assert status == 200 and inline["metadata"]["duration"] == 8.0
    status, audio = await embed(http, emulator, input_type="audio", model_name="marengo3.0",
                                audio={"media_source": {"url": "https://m.test/talk.mp3?duration=13"}})
    assert status == 200, audio
    assert {d["embedding_option"] for d in audio["data"]} == {"audio", "transcription"}
    assert audio["metadata"]["input_type"] == "audio" and "clip_length" not in audio["metadata"]


async def test_tasks_lifecycle_and_list(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    status, created = await call(http, "POST", f"{base}/embed-v2/tasks", json={
        "input_type": "video", "model_name": "marengo3.0",
        "video": {"media_source": {"url": "https://m.test/match.mp4?duration=3600"}, "embedding_scope": ["clip"],
                  "embedding_option": ["visual"]}})
    assert (status, set(created), created["status"], created["data"]) == (202, {"_id", "status", "data"},
                                                                          "processing", None)
    task_id = created["_id"]
    _, pending = await call(http, "GET", f"{base}/embed-v2/tasks/{task_id}")
    assert pending["status"] == "processing" and pending["data"] is None and "error" not in pending
    clock.advance(1.5)
    _, ready = await call(http, "GET", f"{base}/embed-v2/tasks/{task_id}")
    assert ready["status"] == "ready" and len(ready["data"]) == 600  # one hour in 6-second clips
    assert ready["metadata"]["input_type"] == "video" and ready["metadata"]["duration"] == 3600.0
    assert all(len(d["embedding"]) == 512 for d in ready["data"][:3])
    status, failing = await call(http, "POST", f"{base}/embed-v2/tasks", json={
        "input_type": "audio", "model_name": "marengo3.5", "embedding_dimension": 256,
        "audio": {"media_source": {"url": "https://m.test/fail_talk.mp3?duration=30"}}})
    assert status == 202 and failing["metadata"] == {"embedding_dimension": 256}
    clock.advance(1.5)
    _, failed = await call(http, "GET", f"{base}/embed-v2/tasks/{failing['_id']}")
    assert failed["status"] == "failed" and failed["data"] is None and failed["error"]["message"]
    _, listed = await call(http, "GET", f"{base}/embed-v2/tasks")
    assert [t["_id"] for t in listed["data"]] == [failing["_id"], task_id]
    video_entry = listed["data"][1]
    assert video_entry["video_embedding"]["metadata"] == {"input_url": "https://m.test/match.mp4?duration=3600",
                                                          "video_clip_length": 6.0, "video_embedding_scope": ["clip"],
                                                          "duration": 3600.0}
    assert listed["data"][0]["audio_embedding"]["metadata"]["duration"] == 30.0
    assert listed["data"][0]["model_name"] == "marengo3.5"
    _, only_failed = await call(http, "GET", f"{base}/embed-v2/tasks?status=failed")
    assert [t["_id"] for t in only_failed["data"]] == [failing["_id"]]
    _, later = await call(http, "GET", f"{base}/embed-v2/tasks?started_at=2025-06-15T15:06:41Z")
    assert [t["_id"] for t in later["data"]] == [failing["_id"]]
    _, earlier = await call(http, "GET", f"{base}/embed-v2/tasks?ended_at=2025-06-15T15:06:41Z")
    assert [t["_id"] for t in earlier["data"]] == [task_id]
    status, flat = await call(http, "GET", f"{base}/embed-v2/tasks?started_at=yesterday")
    assert status == 400 and set(flat) == {"code", "message"}  # the list's 400 is flat in the spec
    # Seven days later the embeddings are gone.
    clock.advance(7 * 24 * 3600)
    status, gone = await call(http, "GET", f"{base}/embed-v2/tasks/{task_id}")
    assert status == 404
    assert_envelope(gone, "resource_not_exist")
    _, empty = await call(http, "GET", f"{base}/embed-v2/tasks")
    assert empty["data"] == []


@pytest.mark.parametrize("body", [
    {"input_type": "text", "model_name": "marengo3.0"},
    {"input_type": "video", "model_name": "marengo3.0"},
    {"input_type": "video", "model_name": "marengo3.0", "video": {"media_source": {"url": "https://m.test/a.mp4?duration=3"}}},
    {"input_type": "video", "model_name": "marengo3.0",
     "video": {"media_source": {"url": "https://m.test/a.mp4?duration=20000"}}},
    {"input_type": "audio", "model_name": "marengo3.5", "embedding_uncertainty": True,
     "audio": {"media_source": {"url": "https://m.test/a.mp3?duration=20"}}},
])
async def test_refused_tasks(emulator: Emulator, http: aiohttp.ClientSession, body: dict[str, Any]) -> None:
    status, answer = await call(http, "POST", f"{emulator.base_url}/embed-v2/tasks", json=body)
    assert status == 400, answer
    assert answer["error"]["code"] in ("parameter_invalid", "parameter_not_provided")
    assert emulator.state.embed_v2_tasks == {}
