# Long-video analysis with analyze_async tasks and segment definitions, as public pipelines do it on 1.3.x.
# Stands for: the segmentation pipelines found by searching "analyze_async.tasks.create": analyze_async.tasks.create(
# video=VideoContext_AssetId(asset_id=...), model_name="pegasus1.5", analysis_mode="time_based_metadata",
# response_format=AsyncResponseFormat(type="segment_definitions", segment_definitions=[SegmentDefinition(...,
# fields=[SegmentField(...)])]), min/max_segment_duration), polled with analyze_async.tasks.retrieve(task.task_id)
# until "ready" or "failed", then json.loads(task.result.data); a task that fails is reported from task.status;
# and analyze_async.tasks.list(...).data to find earlier tasks.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import json
import os
import sys
import time

from twelvelabs import TwelveLabs
from twelvelabs.types import AsyncResponseFormat, SegmentDefinition, SegmentField, VideoContext_AssetId

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
POLL_INTERVAL = 0.02

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)

FIELDS = [
    SegmentField(name="action_type", type="string", description="The main action", enum=["pour", "cut", "stir"]),
    SegmentField(name="description", type="string", description="One sentence describing the action"),
]


def wait_for_analysis(task_id: str):
    for _ in range(3000):
        task = client.analyze_async.tasks.retrieve(task_id)
        if task.status in ("ready", "failed"):
            return task
        time.sleep(POLL_INTERVAL)
    raise TimeoutError(task_id)


asset = client.assets.create(method="url", url="https://media.x.test/kitchen_cooking_demo.mp4?duration=60")
for _ in range(2000):
    if client.assets.retrieve(asset.id).status == "ready":
        break
    time.sleep(POLL_INTERVAL)

task = client.analyze_async.tasks.create(
    video=VideoContext_AssetId(asset_id=asset.id),
    model_name="pegasus1.5",
    analysis_mode="time_based_metadata",
    min_segment_duration=2.0,
    max_segment_duration=30.0,
    response_format=AsyncResponseFormat(
        type="segment_definitions",
        segment_definitions=[SegmentDefinition(id="action_segment", description="Each cooking action",
                                               fields=FIELDS)],
    ),
)
print(f"created: status={task.status} has id={bool(task.task_id)}")
completed = wait_for_analysis(task.task_id)
print(f"finished: {completed.status}")
if completed.result and completed.result.data:
    data = json.loads(completed.result.data)
    segments = data.get("action_segment", [])
    print(f"{len(segments)} segments; keys of the first: {sorted(segments[0]) if segments else None}")
    for segment in segments[:3]:
        print(f"  {segment.get('start_time')}-{segment.get('end_time')} "
              f"{sorted((segment.get('metadata') or {}).keys())}")

doomed = client.analyze_async.tasks.create(video=VideoContext_AssetId(asset_id=asset.id), model_name="pegasus1.5",
                                           prompt="Summarize the recipe [emulator:fail]", custom_id="recipe-2")
finished = wait_for_analysis(doomed.task_id)
if finished.status != "ready":
    print(f"analysis failed: status={finished.status} custom_id={finished.custom_id} "
          f"has error={finished.error is not None}")

general = client.analyze_async.tasks.create(video=VideoContext_AssetId(asset_id=asset.id), model_name="pegasus1.5",
                                            prompt="Summarize the recipe", analysis_mode="general")
done = wait_for_analysis(general.task_id)
print(f"general: {done.status} finish_reason={done.result.finish_reason if done.result else None}")
listed = client.analyze_async.tasks.list(asset_id=asset.id)  # a page (data, page_info), not a pager, in 1.3.6
print(f"listed: {sorted(t.status for t in listed.data)} total={listed.page_info.total_results}")
