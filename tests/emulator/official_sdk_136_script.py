"""A short workflow of the official SDK ``twelvelabs==1.3.6`` against an emulator; prints one JSON object.

Run by ``test_official_sdk_136.py`` with the Python of a venv that has that SDK (it cannot run in the
project's venv, which pins 1.0.0): ``python official_sdk_136_script.py BASE_URL API_KEY VIDEO_PATH
[UPLOAD_PATH]``. With UPLOAD_PATH it also ingests through today's asset routes: the SDK's own
``multipart_upload.upload_file`` (presigned PUTs to the emulator's storage server), ``assets.create`` with
``method="direct"``, indexed assets, and the list routes; then async analysis (an analyze task created and
retrieved until ready, another canceled), a small batch on the direct asset (create, retrieve until completed,
the JSON-lines results), embeddings v2 (a sync text embedding and an async video task), and an entity
collection with an entity linked to that asset.
"""
import json
import sys
import time

from twelvelabs import TwelveLabs
from twelvelabs.indexes import IndexesCreateRequestModelsItem
from twelvelabs.types import (
    BatchItemRequest,
    BatchPrompt,
    BatchVideoContext,
    MediaSource,
    SyncResponseFormat,
    TextInputRequest,
    VideoContext_Url,
)

base_url, api_key, video_path = sys.argv[1:4]
upload_path = sys.argv[4] if len(sys.argv) > 4 else None
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


def wait_until(fetch, done=("ready", "failed"), seconds=30):
    """Poll ``fetch()`` until its status is final (the SDK has no waiter for assets or indexed assets)."""
    deadline = time.monotonic() + seconds
    for _ in range(10_000):
        current = fetch()
        if current.status in done or time.monotonic() > deadline:
            return current
        time.sleep(0.02)
    return current


if upload_path is not None:
    progress = []
    uploaded = client.multipart_upload.upload_file(upload_path, filename="cat_walk.mp4", file_type="video",
                                                   batch_size=4, max_workers=3,
                                                   progress_callback=lambda p: progress.append(p.completed_chunks))
    asset = wait_until(lambda: client.assets.retrieve(uploaded.asset_id))
    out["multipart"] = {"asset_id": uploaded.asset_id, "asset_url": uploaded.asset_url, "progress": progress,
                        "status": asset.status, "size": asset.size, "duration": asset.duration,
                        "incomplete": [u.upload_id for u in client.multipart_upload.list_incomplete_uploads()]}
    with open(video_path, "rb") as fh:
        direct = client.assets.create(method="direct", file=fh, filename="dog_direct.mp4",
                                      user_metadata=json.dumps({"source": "sdk"}))
    direct_done = wait_until(lambda: client.assets.retrieve(direct.id))
    out["direct"] = {"asset_id": direct.id, "created_status": direct.status, "status": direct_done.status,
                     "user_metadata": direct_done.user_metadata, "method": direct_done.method}
    indexed = client.indexes.indexed_assets.create(index.id, asset_id=uploaded.asset_id,
                                                   user_metadata={"batch": 1})
    indexed_done = wait_until(lambda: client.indexes.indexed_assets.retrieve(index.id, indexed.id))
    out["indexed"] = {"id": indexed.id, "asset_id": indexed.asset_id, "status": indexed_done.status,
                      "filename": indexed_done.system_metadata.filename if indexed_done.system_metadata else None}
    out["listed"] = [i.id for i in client.indexes.indexed_assets.list(index.id, status=["ready"],
                                                                       duration={"gte": 5})]
    out["by_asset"] = [(i.id, i.index.id if i.index else None)
                       for i in client.indexes.indexed_assets.list_by_asset(uploaded.asset_id)]
    out["assets"] = sorted(a.id for a in client.assets.list(asset_types=["video"], page_limit=1))
    words = client.assets.retrieve_transcription(uploaded.asset_id, include=["words", "sentences"])
    out["transcription"] = {"status": words.status, "words": len(words.words or []),
                            "sentences": len(words.sentences or [])}
    hits = client.search.query(index_id=index.id, search_options=["visual"], query_text="cat")
    out["cat_hits"] = sorted({h.video_id for h in hits})

    # Async analysis: a task until ready, and one canceled (1.3.6's cancel).
    created = client.analyze_async.tasks.create(video=video, prompt="Summarize", model_name="pegasus1.5",
                                                custom_id="sdk-136")
    task_statuses = [created.status]
    analysis = wait_until(lambda: client.analyze_async.tasks.retrieve(created.task_id))
    task_statuses.append(analysis.status)
    doomed = client.analyze_async.tasks.create(video=video, prompt="Never mind", model_name="pegasus1.5")
    canceled = client.analyze_async.tasks.cancel(doomed.task_id)
    out["analyze_task"] = {"id": created.task_id, "statuses": task_statuses, "custom_id": analysis.custom_id,
                           "data": analysis.result.data if analysis.result else None,
                           "finish_reason": analysis.result.finish_reason if analysis.result else None,
                           "canceled": [canceled.task_id == doomed.task_id, canceled.status,
                                        client.analyze_async.tasks.retrieve(doomed.task_id).status]}
    # A small batch on the direct asset.
    batch = client.analyze_async.batches.create(
        model_name="pegasus1.5", analysis_mode="general",
        requests=[BatchItemRequest(video=BatchVideoContext(type="asset_id", asset_id=direct.id), custom_id=f"b-{n}",
                                   prompt=BatchPrompt(input_text=f"Describe part {n}")) for n in range(3)])
    done = wait_until(lambda: client.analyze_async.batches.retrieve(batch.batch_id),
                      done=("completed", "canceled", "expired"))
    lines = list(client.analyze_async.batches.results(batch.batch_id))
    out["batch"] = {"id": batch.batch_id, "created_status": batch.status, "total": batch.total_items,
                    "items": [i.custom_id for i in batch.items], "status": done.status, "ready": done.ready_items,
                    "failed": done.failed_items, "expires_at": done.expires_at.isoformat(),
                    "results": [(r.custom_id, r.status, bool(r.data and r.data.data)) for r in lines]}
    # Embeddings v2.
    embedded = client.embed.v_2.create(input_type="text", model_name="marengo3.0",
                                       text=TextInputRequest(input_text="a dog in a park"))
    embed_task = client.embed.v_2.tasks.create(
        input_type="video", model_name="marengo3.0",
        video={"media_source": MediaSource(url="https://media.test/dog_park.mp4?duration=30"),
               "embedding_option": ["visual"], "embedding_scope": ["clip"]})
    embed_done = wait_until(lambda: client.embed.v_2.tasks.retrieve(embed_task.id))
    out["embed_v2"] = {"dimensions": [len(d.embedding) for d in embedded.data], "task_status": embed_done.status,
                       "segments": [(d.start_sec, d.end_sec) for d in embed_done.data or []]}
    # An entity collection with an entity.
    people = client.entity_collections.create(name="people", description="sdk test")
    person = client.entity_collections.entities.create(people.id, name="Dog Direct", asset_ids=[direct.id],
                                                       metadata={"role": "star"})
    person_done = wait_until(lambda: client.entity_collections.entities.retrieve(people.id, person.id),
                             done=("ready",))
    out["entity"] = {"collection": people.id, "collections": [c.id for c in client.entity_collections.list()],
                     "id": person.id, "created_status": person.status, "status": person_done.status,
                     "asset_ids": person_done.asset_ids, "metadata": person_done.metadata,
                     "by_asset": [e.id for e in client.entity_collections.entities.list_by_asset(direct.id)]}
print(json.dumps(out))
