# The async client as the official SDK's examples/async_examples.py at v1.0.0 uses it.
# Stands for: twelvelabs-io/twelvelabs-python examples/async_examples.py (1.0.0): `indexes_pager = await
# client.indexes.list()` then `async for index in indexes_pager`, `search_pager = await client.search.query(...)`
# then `async for item in search_pager`, and `async for chunk in client.analyze_stream(...)` (no await: the call
# returns the stream); plus `await client.tasks.create(...)` with an open file and
# `await client.tasks.wait_for_done(...)` as the SDK's async tests do.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import asyncio
import os
import sys

from twelvelabs import AsyncTwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

names: dict[str, str] = {}


def tag(value):
    return names.setdefault(value, f"id{len(names) + 1}") if value else value


async def prepare() -> tuple[str, str]:
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
        index = await client.indexes.create(
            index_name="async-example",
            models=[{"model_name": "marengo2.7", "model_options": ["visual", "audio"]},
                    {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]}])
        with open(os.path.join(SAMPLES, "dog_park.mp4"), "rb") as fh:
            task = await client.tasks.create(index_id=index.id, video_file=fh)
        done = await client.tasks.wait_for_done(task.id, sleep_interval=0.05)
        print(f"indexed: {done.status} video={tag(done.video_id)}")
        return index.id, done.video_id


async def list_indexes():
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
        indexes_pager = await client.indexes.list()
        print("All Indexes: ")
        async for index in indexes_pager:
            print(f"  id={tag(index.id)} name={index.index_name}")


async def search(index_id: str):
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
        search_pager = await client.search.query(index_id=index_id, search_options=["visual", "audio"],
                                                 query_text="A dog running", page_limit=2)
        print(f"first page: {len(search_pager.items)} items, has_next={search_pager.has_next}")
        async for item in search_pager:
            print(f"  Video ID: {tag(item.video_id)}")
            print(f"  score={item.score} start={item.start} end={item.end} confidence={item.confidence}")


async def generate_text(video_id: str):
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
        res = client.analyze_stream(video_id=video_id, prompt="What happened?")
        async for chunk in res:
            if chunk.event_type == "text_generation":
                print(chunk.text, end="")
        print()


async def main():
    index_id, video_id = await prepare()
    await list_indexes()
    await search(index_id)
    await generate_text(video_id)


if __name__ == "__main__":
    asyncio.run(main())
