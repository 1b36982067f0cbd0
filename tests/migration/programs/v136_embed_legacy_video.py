# Video-to-video similarity with the legacy embed routes, as public 1.x apps still do it with marengo3.0.
# Stands for: a public coaching app found by searching "segments[0].float_": embed.tasks.create(
# model_name="marengo3.0", video_file=f, video_embedding_scope=["clip", "video"]), embed.tasks.wait_for_done(task.id),
# embed.tasks.retrieve(task.id, embedding_option=["visual"]) and the segment whose embedding_scope == "video"
# taken as the video's vector (`seg.float_`), compared by cosine similarity; the official examples/embed_legacy.py
# (1.3.x) for embed.create(model_name="marengo3.0", text=...) and image_file, read through segments[...].float_.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import math
import os
import sys

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)


def cosine_similarity(a, b):
    return sum(x * y for x, y in zip(a, b)) / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def video_vector(path):
    with open(path, "rb") as f:
        task = client.embed.tasks.create(model_name="marengo3.0", video_file=f, video_embedding_scope=["clip", "video"])
    client.embed.tasks.wait_for_done(task.id, sleep_interval=0.05)
    result = client.embed.tasks.retrieve(task.id, embedding_option=["visual"])
    for seg in result.video_embedding.segments:
        if seg.embedding_scope == "video":
            return seg.float_
    return result.video_embedding.segments[0].float_


reference = video_vector(os.path.join(SAMPLES, "dog_park.mp4"))
attempt = video_vector(os.path.join(SAMPLES, "beach_walk.mp4"))
print(f"video vectors: {len(reference)} and {len(attempt)} values")
print(f"similarity: {cosine_similarity(reference, attempt):.4f}")

res = client.embed.create(model_name="marengo3.0", text="man walking across the street")
if res.text_embedding is not None and res.text_embedding.segments is not None:
    vector = res.text_embedding.segments[0].float_
    print(f"text: {len(vector)} values, similarity to the reference {cosine_similarity(vector, reference):.4f}")

with open(os.path.join(SAMPLES, "dog_photo.png"), "rb") as image_file:
    res = client.embed.create(model_name="marengo3.0", image_file=image_file)
if res.image_embedding is not None and res.image_embedding.segments is not None:
    print(f"image: {len(res.image_embedding.segments[0].float_)} values")

tasks = list(client.embed.tasks.list())
print(f"embed tasks: {len(tasks)} {sorted({t.status for t in tasks})}")
