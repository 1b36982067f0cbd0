# The official SDK's README for 1.0.0 (README-1.0.0-beta.md, twelvelabs-io/twelvelabs-python at v1.0.0), end to end.
# Stands for: the README's "Create an index / Upload videos / Search / Analyze videos" walk-through: an index
# with IndexesCreateRequestModelsItem models, a loop that uploads each video of a folder with tasks.create and
# waits with tasks.wait_for_done(sleep_interval=..., callback=...), then search.query iterated clip by clip,
# gist, summarize and analyze on the uploaded video.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys
from glob import glob

from twelvelabs import TwelveLabs
from twelvelabs.indexes import IndexesCreateRequestModelsItem

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]
STATUSES = {"validating", "pending", "queued", "indexing", "ready", "failed"}

names: dict[str, str] = {}


def tag(value):
    """Server ids differ from run to run; print a stable name in their place."""
    return names.setdefault(value, f"id{len(names) + 1}") if value else value


client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)

try:
    index = client.indexes.create(
        index_name="quickstart",
        models=[
            IndexesCreateRequestModelsItem(model_name="marengo2.7", model_options=["visual", "audio"]),
            IndexesCreateRequestModelsItem(model_name="pegasus1.2", model_options=["visual", "audio"]),
        ],
    )
except Exception as e:
    print(f"Error: {e}")
    raise
print(f"Created index: id={tag(index.id)}")

video_ids = {}
for video_file in sorted(glob(os.path.join(SAMPLES, "*_park.mp4")) + glob(os.path.join(SAMPLES, "cat_*.mp4"))):
    name = os.path.basename(video_file)
    print(f"Uploading {name}")
    with open(video_file, "rb") as fh:
        task = client.tasks.create(index_id=index.id, video_file=fh)
    print(f"Task id={tag(task.id)}")
    seen = []
    task = client.tasks.wait_for_done(task.id, sleep_interval=0.05, callback=lambda t: seen.append(f"{t.status}"))
    if task.status != "ready":
        raise RuntimeError(f"Indexing failed with status {task.status}")
    print(f"  statuses reported by the callback are known: {set(seen) <= STATUSES}")
    print(f"Upload complete. The unique identifier of your video is {tag(task.video_id)}.")
    video_ids[name] = task.video_id

search_results = client.search.query(index_id=index.id, query_text="a dog playing", search_options=["visual", "audio"])
for clip in search_results:
    print(f" video_id={tag(clip.video_id)} score={clip.score} start={clip.start} end={clip.end} "
          f"confidence={clip.confidence}")

video_id = video_ids["dog_park.mp4"]
gist = client.gist(video_id=video_id, types=["title", "topic", "hashtag"])
print(f"Title={gist.title}\nTopics={gist.topics}\nHashtags={gist.hashtags}")

res = client.summarize(video_id=video_id, type="summary", prompt="Summarize in two sentences.")
if res.summarize_type == "summary":
    print(f"{res.summary}")

res = client.analyze(video_id=video_id, prompt="What is the dog doing?")
print(f"{res.data}")
