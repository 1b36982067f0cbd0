"""The official ``twelvelabs`` 1.0.0 SDK runs its whole workflow against the emulator's seed-era surface (the API
it was written for)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from twelvelabs_async.emulator import Emulator, EmulatorThread

twelvelabs = pytest.importorskip("twelvelabs")
httpx = pytest.importorskip("httpx")  # the official SDK's HTTP client, installed with it

KEY = "tlk_official"
MODELS = [
    {"model_name": "marengo2.7", "model_options": ["visual", "audio"]},
    {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]},
]


def test_sync_sdk_workflow(sample_video: Callable[..., Path]) -> None:
    from twelvelabs import TwelveLabs
    from twelvelabs.indexes import IndexesCreateRequestModelsItem

    dog = sample_video("dog_park.mp4", duration=20)
    cat = sample_video("cat_sofa.mp4", duration=15)
    # Our own httpx client, closed at the end: the official SDK offers no close() of its own.
    with EmulatorThread(api_key=KEY, speed=20.0, surface="2025") as emu, httpx.Client(timeout=60) as http:
        client = TwelveLabs(api_key=KEY, base_url=emu.base_url, httpx_client=http)
        index = client.indexes.create(
            index_name="official", models=[IndexesCreateRequestModelsItem(**m) for m in MODELS])
        assert index.id
        tasks = []
        for path in (dog, cat):
            with path.open("rb") as fh:
                tasks.append(client.tasks.create(index_id=index.id, video_file=fh))
        statuses: list[str] = []
        done = client.tasks.wait_for_done(tasks[0].id, sleep_interval=0.02,
                                          callback=lambda t: statuses.append(str(t.status)))
        assert done.status == "ready"
        assert statuses[-1] == "ready" and len(statuses) >= 2  # it went through intermediate statuses
        assert client.tasks.wait_for_done(tasks[1].id, sleep_interval=0.02).status == "ready"

        # List pagers ask for one page past the end; the emulator answers it with empty data.
        assert [i.id for i in client.indexes.list(page_limit=1)] == [index.id]
        listed = list(client.indexes.videos.list(index.id, page_limit=1))
        assert sorted(v.system_metadata.filename for v in listed) == ["cat_sofa.mp4", "dog_park.mp4"]
        assert len(list(client.tasks.list(index_id=index.id, page_limit=1))) == 2

        emu.state.seed_videos(index.id, 30, prefix="dog_beach_walk_sunny", clips_per_video=1)
        results = client.search.query(index_id=index.id, search_options=["visual"], query_text="dog",
                                      page_limit=7)
        items = list(results)
        dog_video = next(v for v in listed if v.system_metadata.filename == "dog_park.mp4")
        assert items[0].video_id == dog_video.id  # "dog" ranks dog_park.mp4 first
        assert {i.video_id for i in items} >= {dog_video.id}
        assert len({i.video_id for i in items}) == 31  # every dog video, none of the cat
        assert emu.state.requests("GET /search/{page_token}") >= 4  # it really paginated

        text = "".join(
            event.text for event in client.analyze_stream(video_id=dog_video.id, prompt="What happens?")
            if event.event_type == "text_generation")
        assert "dog" in text
        answer = client.analyze(video_id=dog_video.id, prompt="What happens?")
        assert answer.data == text
        summary = client.summarize(video_id=dog_video.id, type="summary")
        assert "dog" in (summary.summary or "")
        gist = client.gist(video_id=dog_video.id, types=["title", "hashtag"])
        assert gist.title == "Dog Park"

        client.indexes.videos.delete(index.id, dog_video.id)
        client.tasks.delete(tasks[0].id)
        client.indexes.delete(index.id)
        assert emu.state.indexes == {}


async def test_async_sdk_workflow(sample_video: Callable[..., Path]) -> None:
    from twelvelabs import AsyncTwelveLabs
    from twelvelabs.indexes import IndexesCreateRequestModelsItem

    dog = sample_video("dog_park.mp4", duration=20)
    async with Emulator(api_key=KEY, speed=50.0, surface="2025") as emu, httpx.AsyncClient(timeout=60) as http:
        client = AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, httpx_client=http)
        index = await client.indexes.create(
            index_name="official-async", models=[IndexesCreateRequestModelsItem(**m) for m in MODELS])
        assert index.id is not None
        with dog.open("rb") as fh:
            task = await client.tasks.create(index_id=index.id, video_file=fh)
        assert task.id is not None
        done = await client.tasks.wait_for_done(task.id, sleep_interval=0.02)
        assert done.status == "ready"
        assert done.video_id is not None
        video = await client.indexes.videos.retrieve(index.id, done.video_id)
        assert video.system_metadata is not None and video.system_metadata.duration == 20.0
        pager = await client.search.query(index_id=index.id, search_options=["visual", "audio"],
                                          query_text="dog")
        hits = [item async for item in pager]
        assert hits and hits[0].video_id == done.video_id
        events = [event async for event in client.analyze_stream(video_id=done.video_id, prompt="Describe it")]
        assert events[0].event_type == "stream_start" and events[-1].event_type == "stream_end"
        assert sum(1 for e in events if e.event_type == "text_generation") > 5
