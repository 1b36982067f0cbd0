# Embeddings as the official SDK's examples/embed.py at v1.0.0 creates and prints them.
# Stands for: twelvelabs-io/twelvelabs-python examples/embed.py (1.0.0): `from twelvelabs.types import BaseSegment`
# and `from twelvelabs.embed import TasksStatusResponse` for annotations, the embed.tasks.list() pager, embed.create
# for text (text_truncate), an image file and an audio file read through `segment.float_`, embed.tasks.create with
# an open video file, embed.tasks.wait_for_done(task.id, callback=...) and embed.tasks.retrieve(task_id=...,
# embedding_option=["visual-text"]).
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys
from typing import List

from twelvelabs import TwelveLabs
from twelvelabs.embed import TasksStatusResponse
from twelvelabs.types import BaseSegment

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:

    def print_segments(segments: List[BaseSegment]):
        for segment in segments:
            first_few = [round(x, 6) for x in segment.float_[:3]] if segment.float_ else []
            print(f"  embeddings: [{', '.join(str(x) for x in first_few)}...] "
                  f"(total: {len(segment.float_) if segment.float_ else 0} values)")

    print(f"Embedding tasks before: {len(list(client.embed.tasks.list()))}")

    model_name = "Marengo-retrieval-2.7"

    res = client.embed.create(model_name=model_name, text="man walking across the street", text_truncate="start")
    print(f"Created text embedding: model={res.model_name}")
    if res.text_embedding is not None and res.text_embedding.segments is not None:
        print_segments(res.text_embedding.segments)

    with open(os.path.join(SAMPLES, "dog_photo.png"), "rb") as image_file:
        res = client.embed.create(model_name=model_name, image_file=image_file)
    print("Created image embedding")
    if res.image_embedding is not None and res.image_embedding.segments is not None:
        print_segments(res.image_embedding.segments)

    with open(os.path.join(SAMPLES, "audio_sample.wav"), "rb") as audio_file:
        res = client.embed.create(model_name=model_name, audio_file=audio_file)
    print("Created audio embedding")
    if res.audio_embedding is not None and res.audio_embedding.segments is not None:
        print_segments(res.audio_embedding.segments)

    with open(os.path.join(SAMPLES, "beach_walk.mp4"), "rb") as video_file:
        task = client.embed.tasks.create(model_name=model_name, video_file=video_file)
    print("Created video embedding task")

    updates = []

    def on_task_update(task: TasksStatusResponse):
        updates.append(task.status)

    status = client.embed.tasks.wait_for_done(task.id, sleep_interval=0.05, callback=on_task_update)
    print(f"Embedding done: {status.status}")

    task = client.embed.tasks.retrieve(task_id=task.id, embedding_option=["visual-text"])
    print(f"model={task.model_name} status={task.status}")
    if task.video_embedding is not None and task.video_embedding.segments is not None:
        for segment in task.video_embedding.segments:
            print(f"  {segment.embedding_scope} {segment.embedding_option} "
                  f"{segment.start_offset_sec}-{segment.end_offset_sec}")
        print_segments(task.video_embedding.segments[:2])
    print(f"Embedding tasks after: {len(list(client.embed.tasks.list()))}")
