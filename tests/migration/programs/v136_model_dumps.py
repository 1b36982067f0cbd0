# Results returned as JSON, as web backends and pipelines on 1.3.x do it with the SDK's pydantic models.
# Stands for: services found by searching "model_dump()" next to twelvelabs calls: a FastAPI/Flask backend that
# returns `json.dumps(result.model_dump())` for an index, an asset, an indexed asset, a task, search results (clips
# and video groups), an embedding and an analysis; jobs that forward `analyze_stream` events as NDJSON lines with
# `event.model_dump_json()` (the official README's streaming loop, forwarded); and dashboards that dump the page
# `analyze_async.tasks.list()` returns. Keys are printed in the order the dump gives them (no sort_keys): code
# that compares or caches the JSON text sees that order. Server ids, times and the emulator's address are replaced
# by placeholders; embedding vectors are cut to their first values; an HLS object shows its keys (its status moves
# on its own clock). The indexed asset is retrieved with `transcription=True`: one class here stands for the
# official IndexedAsset and IndexedAssetDetailed, and the detailed keys come once one of them has a value (see
# tests/migration/README.md).
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import datetime
import json
import os
import re
import sys
import time

from twelvelabs import TwelveLabs
from twelvelabs.types import VideoContext_AssetId

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
POLL = 0.02

names: dict = {}


def clean(value, key=""):
    if isinstance(value, dict):
        if key == "hls":
            return sorted(value)
        return {k: clean(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if len(value) > 4 and all(isinstance(v, float) for v in value):
            return [round(v, 6) for v in value[:3]] + [f"... {len(value)} floats"]
        return [clean(v, key) for v in value]
    if isinstance(value, datetime.datetime):
        return "<time>"
    if isinstance(value, str):
        if key == "id" or key.endswith("_id") or re.fullmatch(r"[0-9a-f]{24}", value):
            return names.setdefault(value, f"<id{len(names) + 1}>")
        if re.match(r"\d{4}-\d\d-\d\dT\d\d:", value):
            return "<time>"
        return re.sub(r"https?://127\.0\.0\.1:\d+", "<emulator>", value)
    return value


def show(label, model):
    print(label, json.dumps(clean(model.model_dump())))


def until(read, done=("ready", "failed")):
    for _ in range(3000):
        current = read()
        if current.status in done:
            return current
        time.sleep(POLL)
    raise TimeoutError(label)


label = "setup"
client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)

created = client.indexes.create(index_name="dumps", models=[
    {"model_name": "marengo3.0", "model_options": ["visual", "audio"]},
    {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]},
])
show("index created", created)
show("index", client.indexes.retrieve(created.id))

asset = client.assets.create(method="url", url="https://media.x.test/dog_park_run.mp4?duration=30")
show("asset created", asset)
label = "asset"
asset = until(lambda: client.assets.retrieve(asset.id))
show("asset ready", asset)

indexed = client.indexes.indexed_assets.create(index_id=created.id, asset_id=asset.id)
show("indexed asset created", indexed)
label = "indexed asset"
indexed = until(lambda: client.indexes.indexed_assets.retrieve(created.id, indexed.id))
show("indexed asset", client.indexes.indexed_assets.retrieve(created.id, indexed.id, transcription=True))
show("indexed asset listed", client.indexes.indexed_assets.list(created.id).items[0])

task = client.tasks.create(index_id=created.id, video_url="https://media.x.test/cat_window.mp4?duration=20")
show("task created", task)
task = client.tasks.wait_for_done(task.id, sleep_interval=POLL)
show("task done", task)
show("task listed", client.tasks.list(index_id=created.id).items[0])

clips = client.search.query(index_id=created.id, query_text="a dog running", search_options=["visual"])
for item in clips.items[:2]:
    show("search clip", item)
groups = client.search.query(index_id=created.id, query_text="a dog running", search_options=["visual"],
                             group_by="video")
show("search group", groups.items[0])

show("embedding", client.embed.create(model_name="marengo3.0", text="a dog in a park"))

video = VideoContext_AssetId(asset_id=asset.id)
show("analysis", client.analyze(model_name="pegasus1.5", video=video, prompt="What happens?"))
fragments = []
for event in client.analyze_stream(model_name="pegasus1.5", video=video, prompt="What happens?"):
    line = json.loads(event.model_dump_json())  # one NDJSON line forwarded per event
    if event.event_type != "text_generation":
        print("stream event", json.dumps(clean(line)))
    else:
        if not fragments:
            print("stream text", json.dumps(line))
        fragments.append(line["text"])
print(f"stream text: {len(fragments)} fragments, {len(''.join(fragments))} characters")

analysis = client.analyze_async.tasks.create(video=video, model_name="pegasus1.5", prompt="Summarize")
show("analyze task created", analysis)
label = "analyze task"
analysis = until(lambda: client.analyze_async.tasks.retrieve(analysis.task_id))
show("analyze task", analysis)
show("analyze task page", client.analyze_async.tasks.list(asset_id=asset.id))  # a page in 1.3.6, not a pager
