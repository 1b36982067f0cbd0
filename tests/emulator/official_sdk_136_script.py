"""A short workflow of the official SDK ``twelvelabs==1.3.6`` against an emulator; prints one JSON object.

Run by ``test_official_sdk_136.py`` with the Python of a venv that has that SDK (it cannot run in the
project's venv, which pins 1.0.0): ``python official_sdk_136_script.py BASE_URL API_KEY VIDEO_PATH``.
"""
import json
import sys
import time

from twelvelabs import TwelveLabs
from twelvelabs.indexes import IndexesCreateRequestModelsItem
from twelvelabs.types import SyncResponseFormat, VideoContext_Url

base_url, api_key, video_path = sys.argv[1:4]
client = TwelveLabs(api_key=api_key, base_url=base_url)
out = {}
index = client.indexes.create(index_name="sdk-1.3.6", models=[
    IndexesCreateRequestModelsItem(model_name="marengo3.0", model_options=["visual", "audio"])])
out["index_id"] = index.id
with open(video_path, "rb") as fh:
    task = client.tasks.create(index_id=index.id, video_file=fh)
statuses = []
deadline = time.monotonic() + 30
for _ in range(10_000):
    current = client.tasks.retrieve(task.id)
    statuses.append(current.status)
    if current.status in ("ready", "failed") or time.monotonic() > deadline:
        break
    time.sleep(0.02)  # the SDK offers no waiting of its own with a deadline; poll gently
out["statuses"] = statuses
out["video_id"] = current.video_id
items = list(client.search.query(index_id=index.id, search_options=["visual", "transcription"],
                                 transcription_options=["semantic"], query_text="dog", page_limit=1))
out["search"] = [{"video_id": i.video_id, "rank": i.rank, "transcription": i.transcription} for i in items]
schema = {"type": "object", "properties": {"title": {"type": "string"}, "count": {"type": "integer",
          "minimum": 1, "maximum": 3}}, "required": ["title", "count"]}
video = VideoContext_Url(url="https://media.test/dog_park.mp4?duration=30")
result = client.analyze(video=video, prompt="Describe", max_tokens=1000,
                        response_format=SyncResponseFormat(type="json_schema", json_schema=schema))
out["analyze"] = {"data": result.data, "finish_reason": result.finish_reason,
                  "output_tokens": result.usage.output_tokens if result.usage else None}
events = list(client.analyze_stream(video=video, prompt="What happens?", model_name="pegasus1.5", max_tokens=512))
out["stream"] = {"types": [e.event_type for e in events],
                 "text": "".join(getattr(e, "text", None) or "" for e in events),
                 "finish_reason": getattr(events[-1], "finish_reason", None)}
print(json.dumps(out))
