# The official README at 1.3.6, "Analyze videos" and "Create embeddings", on a directly uploaded asset.
# Stands for: the 1.3.6 README: assets.create(method="direct", file=open(path, "rb")); analyze_stream and analyze
# with model_name="pegasus1.5", video=VideoContext_AssetId(asset_id=...) and prompt_v_2=AnalyzePromptV2(
# input_text=...) imported from twelvelabs.types, printing text.text for text_generation events and result.data;
# embed.v_2.create(input_type="multi_input", model_name="marengo3.5", multi_input=MultiInputRequest(input_text=...))
# reading len(response.data[0].embedding); embed.v_2.tasks.create(input_type="video", video=AsyncVideoInputRequest(
# media_source=MediaSource(asset_id=...))) and the README's retrieve loop until ready, then len(task.data).
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import os
import sys
import time

from twelvelabs import TwelveLabs
from twelvelabs.types import (
    AnalyzePromptV2,
    AsyncVideoInputRequest,
    MediaSource,
    MultiInputRequest,
    VideoContext_AssetId,
)

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)

asset = client.assets.create(method="direct", file=open(os.path.join(SAMPLES, "kitchen_talk.mp4"), "rb"))
for _ in range(2000):
    asset = client.assets.retrieve(asset.id)
    if asset.status in ("ready", "failed"):
        break
    time.sleep(0.02)
print(f"asset {asset.status}: {asset.filename}, {asset.duration} s")

text_stream = client.analyze_stream(
    model_name="pegasus1.5",
    video=VideoContext_AssetId(asset_id=asset.id),
    prompt_v_2=AnalyzePromptV2(input_text="Describe the scene"),
)
for text in text_stream:
    if text.event_type == "text_generation":
        print(text.text, end="")
print()

result = client.analyze(
    model_name="pegasus1.5",
    video=VideoContext_AssetId(asset_id=asset.id),
    prompt_v_2=AnalyzePromptV2(input_text="Who is talking?"),
)
print(result.data)

response = client.embed.v_2.create(
    input_type="multi_input",
    model_name="marengo3.5",
    multi_input=MultiInputRequest(input_text="two people talking in a kitchen"),
)
print(f"Dimensions: {len(response.data[0].embedding)}")

task = client.embed.v_2.tasks.create(
    input_type="video",
    model_name="marengo3.5",
    video=AsyncVideoInputRequest(media_source=MediaSource(asset_id=asset.id)),
)
print("Waiting for the embedding task to be ready...")
for _ in range(2000):
    task = client.embed.v_2.tasks.retrieve(task.id)
    if task.status == "ready":
        print(f"Embeddings: {len(task.data)}")
        break
    if task.status == "failed":
        raise RuntimeError(f"Embedding task failed: id={task.id}")
    time.sleep(0.02)
print(f"segments: {[(d.start_sec, d.end_sec) for d in task.data][:3]}")
