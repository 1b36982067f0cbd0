# Waiting for uploads that may fail, as public pipelines built on the 1.0.0 SDK do.
# Stands for: a public creative-analysis platform's TwelveLabs client (documented in its
# TWELVELABS_INTEGRATION.md): tasks.create(index_id=..., video_url=...) then tasks.wait_for_done(task_id=...,
# callback=on_task_update) and `if task.status != "ready"` to report the failure; and the README's
# "Upload videos" loop, which raises only after checking task.status itself. wait_for_done returns the final
# task, failed or not.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]

names: dict[str, str] = {}


def tag(value):
    return names.setdefault(value, f"id{len(names) + 1}") if value else value


client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
index = client.indexes.create(index_name="creative-pretest",
                              models=[{"model_name": "pegasus1.2", "model_options": ["visual", "audio"]}])

results = {}
for url in ("https://cdn.x.test/ads/spring_launch.mp4?duration=30",
            "https://cdn.x.test/ads/corrupted_fail_cut.mp4?duration=30",
            "https://cdn.x.test/ads/summer_teaser.mp4?duration=15"):
    task = client.tasks.create(index_id=index.id, video_url=url)
    print(f"created {tag(task.id)} for {url.rsplit('/', 1)[1].split('?')[0]}")

    def on_task_update(task):
        if task.status not in ("validating", "pending", "queued", "indexing", "ready", "failed"):
            print(f"  unexpected status {task.status}")

    task = client.tasks.wait_for_done(task_id=task.id, sleep_interval=0.05, callback=on_task_update)
    if task.status != "ready":
        print(f"  Indexing failed with status {task.status}; video_id={tag(task.video_id)}")
        results[url] = None
        continue
    print(f"  ready: video_id={tag(task.video_id)}")
    results[url] = task.video_id

ready = [v for v in results.values() if v]
print(f"{len(ready)} of {len(results)} ready")
for video_id in ready:
    gist = client.gist(video_id=video_id, types=["title"])
    print(f"  {tag(video_id)}: {gist.title}")
