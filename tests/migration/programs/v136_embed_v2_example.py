# Embeddings v2 as the official SDK's examples/embed.py at 1.3 creates and prints them.
# Stands for: twelvelabs-io/twelvelabs-python examples/embed.py (1.3.x): imports of TextInputRequest,
# ImageInputRequest, AudioInputRequest, VideoInputRequest, EmbeddingData, MediaSource and EmbeddingTaskResponse from
# twelvelabs.types; the embed.v_2.tasks.list() pager; embed.v_2.create for text, an image by URL and by
# base_64_string, audio and a short video by base_64_string, printed by a print_embeddings helper (embedding[:5],
# embedding_option, embedding_scope, start_sec, end_sec); embed.v_2.tasks.create for a video by URL and the
# example's own wait_for_done loop over embed.v_2.tasks.retrieve.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import base64
import os
import sys
import time
from typing import List

from twelvelabs import TwelveLabs
from twelvelabs.types import (
    AudioInputRequest,
    EmbeddingData,
    EmbeddingTaskResponse,
    ImageInputRequest,
    MediaSource,
    TextInputRequest,
    VideoInputRequest,
)

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
    model_name = "marengo3.0"

    def print_embeddings(embeddings: List[EmbeddingData]):
        for embedding in embeddings[:2]:
            print(f"Embedding: [{', '.join(str(round(x, 6)) for x in embedding.embedding[:3])}...] "
                  f"(total: {len(embedding.embedding)} values)")
            if embedding.embedding_option is not None:
                print(f"Embedding option: {embedding.embedding_option}")
            if embedding.embedding_scope is not None:
                print(f"Embedding scope: {embedding.embedding_scope}")
            if embedding.start_sec is not None:
                print(f"Start sec: {embedding.start_sec}")
            if embedding.end_sec is not None:
                print(f"End sec: {embedding.end_sec}")

    print(f"tasks before: {len(list(client.embed.v_2.tasks.list()))}")

    res = client.embed.v_2.create(input_type="text", model_name=model_name,
                                  text=TextInputRequest(input_text="man walking across the street"))
    print("Created text embedding")
    if res.data is not None and len(res.data) > 0:
        print_embeddings(res.data)

    res = client.embed.v_2.create(input_type="image", model_name=model_name,
                                  image=ImageInputRequest(media_source=MediaSource(url="https://img.x.test/1.jpg")))
    print("Created image embedding")
    if res.data is not None and len(res.data) > 0:
        print_embeddings(res.data)

    with open(os.path.join(SAMPLES, "dog_photo.png"), "rb") as image_file:
        base_64_string = base64.b64encode(image_file.read()).decode("utf-8")
        res = client.embed.v_2.create(input_type="image", model_name=model_name,
                                      image=ImageInputRequest(media_source=MediaSource(base_64_string=base_64_string)))
        print("Created image embedding from base64")
        if res.data is not None and len(res.data) > 0:
            print_embeddings(res.data)

    with open(os.path.join(SAMPLES, "audio_sample.wav"), "rb") as audio_file:
        base_64_string = base64.b64encode(audio_file.read()).decode("utf-8")
        res = client.embed.v_2.create(input_type="audio", model_name=model_name,
                                      audio=AudioInputRequest(media_source=MediaSource(base_64_string=base_64_string)))
        print("Created audio embedding")
        if res.data is not None and len(res.data) > 0:
            print_embeddings(res.data)

    with open(os.path.join(SAMPLES, "city_night.mp4"), "rb") as video_file:
        base_64_string = base64.b64encode(video_file.read()).decode("utf-8")
    res = client.embed.v_2.create(input_type="video", model_name=model_name,
                                  video=VideoInputRequest(media_source=MediaSource(base_64_string=base_64_string)))
    print("Created video embedding")
    if res.data is not None and len(res.data) > 0:
        print_embeddings(res.data)

    def wait_for_done(task_id: str) -> EmbeddingTaskResponse:
        task = client.embed.v_2.tasks.retrieve(task_id)
        for _ in range(2000):
            if task.status in ["ready", "failed"]:
                break
            time.sleep(0.02)
            task = client.embed.v_2.tasks.retrieve(task_id)
        return task

    task = client.embed.v_2.tasks.create(
        input_type="video", model_name=model_name,
        video=VideoInputRequest(media_source=MediaSource(url="https://media.x.test/big_buck_bunny.mp4?duration=36")))
    print(f"Created video embedding task: status={task.status}")
    task = wait_for_done(task.id)
    print(f"Video embedding done: {task.status}")
    if task.data is not None and len(task.data) > 0:
        print(f"{len(task.data)} embeddings")
        print_embeddings(task.data)
    print(f"tasks after: {[t.status for t in client.embed.v_2.tasks.list()]}")
