# The async client of 1.3.6 as the official examples/async_examples.py (1.3.x) and async web services use it.
# Stands for: twelvelabs-io/twelvelabs-python examples/async_examples.py (1.3.x): `indexes_pager = await
# client.indexes.list()` then `async for index in indexes_pager`, `search_pager = await client.search.query(...)`
# then `async for item in search_pager`, `async for chunk in client.analyze_stream(...)` with a video by URL;
# plus async services that await assets.create / indexed_assets.create and poll them, and read page 1 of a pager
# (`.items`, `.has_next`) before deciding to walk the rest with `await pager.next_page()`.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import asyncio
import os
import sys

from twelvelabs import AsyncTwelveLabs
from twelvelabs.types import VideoContext_Url

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]

names: dict[str, str] = {}


def tag(value):
    return names.setdefault(value, f"id{len(names) + 1}") if value else value


async def until_ready(fetch):
    for _ in range(2000):
        current = await fetch()
        if current.status in ("ready", "failed"):
            return current
        await asyncio.sleep(0.02)
    raise TimeoutError


async def main():
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
        for n in range(3):
            await client.indexes.create(index_name=f"async-{n}",
                                        models=[{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}])
        indexes_pager = await client.indexes.list(page_limit=2)
        print(f"first page: {len(indexes_pager.items)} has_next={indexes_pager.has_next}")
        second = await indexes_pager.next_page()
        print(f"second page: {[i.index_name for i in second.items]}")
        print("All Indexes: ")
        all_indexes = []
        async for index in indexes_pager:
            print(f"  id={tag(index.id)} name={index.index_name}")
            all_indexes.append(index)
        index_id = sorted(all_indexes, key=lambda i: i.index_name)[0].id

        # Created one after the other (the server numbers them in arrival order), then waited for together.
        assets = [await client.assets.create(method="url", url=f"https://media.x.test/{name}.mp4?duration=20")
                  for name in ("man_talking", "woman_talking")]
        await asyncio.gather(*(until_ready(lambda a=asset: client.assets.retrieve(a.id)) for asset in assets))
        for asset in assets:
            indexed = await client.indexes.indexed_assets.create(index_id=index_id, asset_id=asset.id)
            done = await until_ready(lambda i=indexed: client.indexes.indexed_assets.retrieve(index_id, i.id))
            print(f"indexed {tag(done.id)}: {done.status}")

        search_pager = await client.search.query(index_id=index_id, search_options=["visual", "audio"],
                                                 query_text="A man talking")
        async for item in search_pager:
            print(f"  Video ID: {tag(item.video_id)} rank={item.rank} start={item.start} end={item.end}")

        res = client.analyze_stream(video=VideoContext_Url(url="https://media.x.test/man_talking.mp4?duration=20"),
                                    prompt="What happened?", model_name="pegasus1.5")
        async for chunk in res:
            if chunk.event_type == "text_generation":
                print(chunk.text, end="")
        print()


if __name__ == "__main__":
    asyncio.run(main())
