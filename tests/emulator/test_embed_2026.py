"""Embeddings on today's surface: marengo3.0, no text_truncate, the 2026 embedding options, updated_at."""

from __future__ import annotations

import math
from typing import Any

import aiohttp
from emulator_helpers import form

from twelvelabs_async.emulator import Emulator

MODEL = "marengo3.0"


async def embed(http: aiohttp.ClientSession, emulator: Emulator, data: aiohttp.FormData) -> tuple[int, Any]:
    async with http.post(f"{emulator.base_url}/embed", data=data) as resp:
        return resp.status, await resp.json()


async def test_text_image_audio(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    status, body = await embed(http, emulator, form(model_name=MODEL, text="a dog in a park",
                                                    image_url="https://img.test/a.jpg"))
    assert status == 200 and body["model_name"] == MODEL
    vector = body["text_embedding"]["segments"][0]["float"]
    assert math.isclose(sum(v * v for v in vector), 1.0, rel_tol=1e-9)
    assert body["image_embedding"]["metadata"] == {"input_url": "https://img.test/a.jpg"}
    # Text is no longer cut at 77 tokens: 100 words are embedded whole.
    words = [f"w{i}" for i in range(100)]
    _, long = await embed(http, emulator, form(model_name=MODEL, text=" ".join(words)))
    _, first77 = await embed(http, emulator, form(model_name=MODEL, text=" ".join(words[:77])))
    assert long["text_embedding"] != first77["text_embedding"]


async def test_removed_and_changed_parameters(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    status, body = await embed(http, emulator, form(model_name=MODEL, text="x", text_truncate="end"))
    assert (status, body) == (400, {"code": "parameter_unknown",
                                    "message": "The `text_truncate` parameter is unknown."})
    for old in ("Marengo-retrieval-2.7", "marengo2.7"):
        status, body = await embed(http, emulator, form(model_name=old, text="x"))
        assert (status, body["code"]) == (400, "parameter_invalid") and "`marengo3.0`" in body["message"]
    status, body = await embed(http, emulator, form(model_name=MODEL, text="word " * 501))
    assert (status, body["code"]) == (400, "parameter_invalid") and "500" in body["message"]


async def test_embed_task_options_and_updated_at(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    data = form(model_name=MODEL, video_url="https://v.test/walk.mp4?duration=12")
    async with http.post(f"{base}/embed/tasks", data=data) as resp:
        assert resp.status == 200
        task_id = (await resp.json())["_id"]
    async with http.get(f"{base}/embed/tasks/{task_id}") as resp:
        body = await resp.json()
    assert body["model_name"] == MODEL and body["status"] == "ready" and body["updated_at"].endswith("Z")
    segments = body["video_embedding"]["segments"]
    # No option asked: every embedding the task has, 12 s in 6 s clips each.
    assert [s["embedding_option"] for s in segments] == ["visual"] * 2 + ["audio"] * 2 + ["transcription"] * 2
    async with http.get(f"{base}/embed/tasks/{task_id}", params=[("embedding_option", "transcription"),
                                                                  ("embedding_option", "visual-text")]) as resp:
        chosen = (await resp.json())["video_embedding"]["segments"]
    assert {s["embedding_option"] for s in chosen} == {"transcription", "visual-text"}
    async with http.get(f"{base}/embed/tasks/{task_id}", params={"embedding_option": "speech"}) as resp:
        assert resp.status == 400
    async with http.get(f"{base}/embed/tasks") as resp:
        listed = (await resp.json())["data"]
    assert [t["_id"] for t in listed] == [task_id] and "updated_at" in listed[0]
    async with http.get(f"{base}/embed/tasks/{task_id}/status") as resp:
        assert (await resp.json())["model_name"] == MODEL
    async with http.post(f"{base}/embed/tasks", data=form(model_name="Marengo-retrieval-2.7",
                                                          video_url="https://v.test/a.mp4")) as resp:
        assert resp.status == 400 and (await resp.json())["code"] == "parameter_invalid"
