"""Summarize, gist, generate, analyze (#25-#28): shapes, streaming, long streams, Pegasus requirement."""

from __future__ import annotations

import json

import aiohttp
import pytest
from emulator_helpers import create_index

from twelvelabs_async.emulator import Emulator

# Summarize, gist, generate and video_id analysis as the seed era had them.
pytestmark = pytest.mark.emulator_surface("2025")


async def _video(emulator: Emulator, http: aiohttp.ClientSession, pegasus: bool = True) -> str:
    models = [{"model_name": "pegasus1.2" if pegasus else "marengo2.7", "model_options": ["visual", "audio"]}]
    index_id = await create_index(http, emulator.base_url, f"g{pegasus}", models)
    video_id, = emulator.state.seed_videos(index_id, 1, prefix="dog_park", duration=90)
    return video_id


async def _events(resp: aiohttp.ClientResponse) -> list[dict]:  # type: ignore[type-arg]
    events = []
    async for line in resp.content:
        if line.strip():
            events.append(json.loads(line))
    return events


async def test_stream_is_the_default(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    video_id = await _video(emulator, http)
    for path in ("analyze", "generate"):
        async with http.post(f"{emulator.base_url}/{path}", json={"video_id": video_id, "prompt": "What?"}) as r:
            assert r.status == 200
            assert "X-Ratelimit-Reset" in r.headers
            events = await _events(r)
        assert events[0]["event_type"] == "stream_start"
        generation_id = events[0]["metadata"]["generation_id"]
        assert events[-1] == {"event_type": "stream_end", "metadata": {
            "generation_id": generation_id, "usage": events[-1]["metadata"]["usage"]}}
        texts = [e["text"] for e in events[1:-1]]
        assert all(e["event_type"] == "text_generation" for e in events[1:-1]) and len(texts) > 10
        async with http.post(f"{emulator.base_url}/{path}",
                             json={"video_id": video_id, "prompt": "What?", "stream": False}) as r:
            body = await r.json()
        assert body["data"] == "".join(texts) and "dog" in body["data"]
        assert body["usage"]["output_tokens"] == events[-1]["metadata"]["usage"]["output_tokens"]


async def test_long_stream_on_request(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    video_id = await _video(emulator, http)
    async with http.post(f"{emulator.base_url}/analyze",
                         json={"video_id": video_id, "prompt": "Go on [emulator:events=20000]"}) as resp:
        events = await _events(resp)
    assert sum(1 for e in events if e["event_type"] == "text_generation") == 20000
    assert events[-1]["metadata"]["usage"]["output_tokens"] == 20000


async def test_summaries_and_gist(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    video_id = await _video(emulator, http)
    base = emulator.base_url
    async with http.post(f"{base}/summarize", json={"video_id": video_id, "type": "summary"}) as resp:
        body = await resp.json()
    assert "dog" in body["summary"] and body["usage"]["output_tokens"] > 0 and body["id"]
    async with http.post(f"{base}/summarize", json={"video_id": video_id, "type": "chapter"}) as resp:
        chapters = (await resp.json())["chapters"]
    assert [c["chapter_number"] for c in chapters] == list(range(len(chapters)))
    assert {"start", "end", "chapter_title", "chapter_summary"} <= set(chapters[0])
    async with http.post(f"{base}/summarize", json={"video_id": video_id, "type": "highlight"}) as resp:
        highlights = (await resp.json())["highlights"]
    assert {"start", "end", "highlight", "highlight_summary"} <= set(highlights[0])
    async with http.post(f"{base}/gist", json={"video_id": video_id, "types": ["title", "topic", "hashtag"]}) as r:
        gist = await r.json()
    assert gist["title"] == "Dog Park" and gist["hashtags"] == ["dog", "park"] and gist["topics"]
    async with http.post(f"{base}/gist", json={"video_id": video_id, "types": ["poem"]}) as resp:
        assert resp.status == 400
    async with http.post(f"{base}/summarize", json={"video_id": video_id, "type": "poem"}) as resp:
        assert (await resp.json())["code"] == "parameter_invalid"
    async with http.post(f"{base}/summarize", json={"video_id": video_id}) as resp:
        assert (await resp.json())["code"] == "parameter_not_provided"


async def test_requires_pegasus_and_known_video(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    video_id = await _video(emulator, http, pegasus=False)
    for path, body in [("summarize", {"type": "summary"}), ("gist", {"types": ["title"]}),
                       ("generate", {"prompt": "x"}), ("analyze", {"prompt": "x"})]:
        async with http.post(f"{emulator.base_url}/{path}", json={"video_id": video_id, **body}) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == "index_not_supported_for_generate"
    async with http.post(f"{emulator.base_url}/analyze", json={"video_id": "f" * 24, "prompt": "x"}) as resp:
        assert resp.status == 404
    pegasus_video = await _video(emulator, http)
    async with http.post(f"{emulator.base_url}/analyze",
                         json={"video_id": pegasus_video, "prompt": "word " * 2001}) as resp:
        assert (await resp.json())["code"] == "token_limit_exceeded"
    async with http.post(f"{emulator.base_url}/analyze",
                         json={"video_id": pegasus_video, "prompt": "x", "temperature": 2}) as resp:
        assert (await resp.json())["code"] == "parameter_invalid"


async def test_stream_delay_spaces_events() -> None:
    from emulator_helpers import HEADERS

    async with Emulator(speed=0, stream_delay=0.01, surface="2025") as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        video_id = await _video(emu, http)
        loop = __import__("asyncio").get_running_loop()
        start = loop.time()
        async with http.post(f"{emu.base_url}/analyze",
                             json={"video_id": video_id, "prompt": "x [emulator:events=20]"}) as resp:
            events = await _events(resp)
        assert len(events) == 22
        assert loop.time() - start >= 0.2  # 22 events, 10 ms apart
