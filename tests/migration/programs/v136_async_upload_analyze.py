# The async client uploading bytes and analyzing them, as a public 1.3-era script does.
# Stands for: a public script found by searching "analyze_async.tasks.create" that builds
# `client = AsyncTwelveLabs(api_key=...)`, uploads `await client.assets.create(file=video_path.read_bytes(),
# method="direct")`, creates `await client.analyze_async.tasks.create(model_name="pegasus1.5",
# video=VideoContext_AssetId(asset_id=video_obj.id), prompt=..., analysis_mode="general")`, checks task.task_id
# and polls with asyncio.sleep until "ready" or "failed"; plus the 1.3 async examples' `await
# client.assets.list()` followed by `async for`.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import asyncio
import os
import sys
from pathlib import Path

from twelvelabs import AsyncTwelveLabs
from twelvelabs.types import VideoContext_AssetId

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = Path(os.environ["TWELVELABS_SAMPLES"])


async def main():
    client = AsyncTwelveLabs(api_key=API_KEY, base_url=BASE_URL)

    video_path = SAMPLES / "dog_park.mp4"
    print("Uploading video...")
    video_obj = await client.assets.create(file=video_path.read_bytes(), method="direct")
    if video_obj.id is None:
        raise ValueError("Video upload failed")
    print(f"Video uploaded successfully. status={video_obj.status}")

    for _ in range(2000):
        asset = await client.assets.retrieve(video_obj.id)
        if asset.status in ("ready", "failed"):
            break
        await asyncio.sleep(0.02)
    print(f"asset: {asset.status} {asset.duration} s")  # bytes carry no name: the SDK picks one

    print("Creating analysis task...")
    task = await client.analyze_async.tasks.create(
        model_name="pegasus1.5",
        video=VideoContext_AssetId(asset_id=video_obj.id),
        prompt="Summarise this video segment by segment",
        analysis_mode="general",
    )
    if task.task_id is None:
        raise ValueError("Task creation failed")
    print("Polling task status...")
    for _ in range(2000):
        if task.status in ["ready", "failed"]:
            break
        await asyncio.sleep(0.02)
        task = await client.analyze_async.tasks.retrieve(task.task_id)
    print(f"Task {task.status}")
    if task.result is not None:
        # The emulator words its answer from the file name, which bytes do not carry: print its shape only.
        print(f"answer: {len(task.result.data) > 0} finish_reason={task.result.finish_reason}")

    pager = await client.assets.list(page_limit=10)
    async for listed in pager:
        print(f"listed asset: {listed.status} {listed.duration}")


asyncio.run(main())
