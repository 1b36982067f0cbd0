# Indexing with the tasks routes and the SDK's waiter on a 1.3.6 client, failed uploads included.
# Stands for: the tasks.wait_for_done docstring example in the official SDK 1.3.6 (task_id=..., sleep_interval=...,
# callback=lambda task: print(f"Current status: {task.status}")), which 1.3 fires for an already-finished task too;
# services that upload a batch with tasks.create_bulk(index_id=..., video_urls=[...]) and then sort the finished
# tasks by `task.status` (the waiter returns failed tasks); and the official examples/videos.py check
# `len(videos_pager.items) == 0` on the index afterwards.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import os
import sys

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
index = client.indexes.create(index_name="tasks-136",
                              models=[{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}])

task = client.tasks.create(index_id=index.id, video_url="https://media.x.test/lecture_intro.mp4?duration=25")
seen = []
completed_task = client.tasks.wait_for_done(task_id=task.id, sleep_interval=0.05,
                                            callback=lambda task: seen.append(task.status))
print(f"single: {completed_task.status}, last status the callback saw: {seen[-1] if seen else None}")

urls = ["https://media.x.test/lecture_part1.mp4?duration=30", "https://media.x.test/lecture_fail_part2.mp4?duration=30",
        "https://media.x.test/lecture_part3.mp4?duration=30"]
created = client.tasks.create_bulk(index_id=index.id, video_urls=urls)
print(f"bulk created {len(created)}")
finished = [client.tasks.wait_for_done(t.id, sleep_interval=0.05) for t in created]
ok = [t for t in finished if t.status == "ready"]
failed = [t for t in finished if t.status == "failed"]
print(f"ready={len(ok)} failed={len(failed)}")
for t in failed:
    print(f"  failed: {t.system_metadata.filename if t.system_metadata else None}")

videos_pager = client.indexes.videos.list(index.id)
if len(videos_pager.items) == 0:
    print("No videos in the index")
else:
    print(f"videos: {sorted(v.system_metadata.filename for v in videos_pager)}")
tasks_pager = client.tasks.list(index_id=index.id, status=["failed"])
print(f"failed tasks listed: {len(tasks_pager.items)} has_next={tasks_pager.has_next}")
