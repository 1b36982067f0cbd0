# Async embeddings feeding a vector store, as public async services on the 1.0-era SDK do it.
# Stands for: an async Qdrant query helper (`query_embedding = await twelve_labs_client.embed.create(
# model_name="Marengo-retrieval-2.7", text=...)` then `.text_embedding.segments[0].float_` as the query vector),
# asyncio.gather over several texts, and a video embedding task by URL waited with
# `await client.embed.tasks.wait_for_done(...)` whose clip segments are upserted with their offsets.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import asyncio
import os
import sys

from twelvelabs import AsyncTwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
MODEL = "Marengo-retrieval-2.7"


async def embed_text(client: AsyncTwelveLabs, text: str) -> list:
    query_embedding = await client.embed.create(model_name=MODEL, text=text)
    if not query_embedding.text_embedding.segments:
        raise ValueError("No embedding segments returned from TwelveLabs")
    return query_embedding.text_embedding.segments[0].float_


async def main() -> None:
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
        texts = ["goal celebration", "penalty kick", "crowd cheering"]
        vectors = await asyncio.gather(*(embed_text(client, t) for t in texts))
        for text, vector in zip(texts, vectors):
            print(f"{text}: {len(vector)} values, first {round(vector[0], 6)}")

        task = await client.embed.tasks.create(model_name=MODEL, video_url="https://x.test/match.mp4?duration=24",
                                               video_clip_length=6, video_embedding_scope=["clip", "video"])
        print(f"task created: {bool(task.id)}")
        status = await client.embed.tasks.wait_for_done(task.id, sleep_interval=0.05)
        print(f"done: {status.status}")
        result = await client.embed.tasks.retrieve(task.id)
        points = []
        for segment in result.video_embedding.segments:
            points.append({"start": segment.start_offset_sec, "end": segment.end_offset_sec,
                           "scope": segment.embedding_scope, "vector": segment.float_})
        print(f"{len(points)} points: {[(p['scope'], p['start'], p['end']) for p in points]}")
        print(f"vector sizes: {sorted({len(p['vector']) for p in points})}")
        listed = await client.embed.tasks.list(page_limit=5)
        print(f"listed tasks: {[t.status async for t in listed]}")


asyncio.run(main())
