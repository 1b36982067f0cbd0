"""Analyze tasks and batches, embeddings v2 and entity collections on the wire, against the 2026-07 spec.

The same ``Case`` and checks as ``test_wire`` (exact request, a 2026-shaped answer decoded, the official spec's
verdict), for every route of these namespaces; ``test_wire`` leaves their coverage to this module. The table is
named ``WIRE_CASES``, as the other resources' own wire tables are. Two things
differ: the batch results are a JSON-lines stream (read to its end), and ``analyze_async.tasks.cancel`` is an
operation of the official SDK 1.3.6 that the 2026-07 spec lacks, validated with ``allow_unspecified=True`` (the
spec can only vouch for the API key there).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spec_check
from core_testkit import API_KEY, Recorded, RecordingServer, Reply
from test_wire import Case, check_request, check_result, check_warnings, settle, settle_sync, validate

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, models
from twelvelabs_async._item_stream import ItemStream
from twelvelabs_async.models import MediaSource, VideoContext
from twelvelabs_async.routes import ROUTES
from twelvelabs_async.sync._iterators import SyncItemStream

T0 = "2026-05-01T10:00:00Z"
VIDEO_URL = "https://videos.example.com/keynote.mp4"
SCHEMA = {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
SEGMENTS = [
    {
        "id": "goal",
        "description": "A goal is scored",
        "fields": [{"name": "scorer", "type": "string", "description": "Who scored"}],
    }
]
NAMESPACES = ("analyze_async.", "embed.v_2.", "entity_collections.")
UNSPECIFIED = {"analyze_async.tasks.cancel"}


def page(data: list[Any], page_no: int = 1, total: int = 1) -> dict[str, Any]:
    return {
        "data": data,
        "page_info": {"page": page_no, "limit_per_page": 10, "total_page": total, "total_results": len(data)},
    }


# --- 2026 answer shapes ---------------------------------------------------------------------------------------

RESULT = {
    "generation_id": "gen1",
    "data": '{"title": "Keynote"}',
    "finish_reason": "stop",
    "usage": {"output_tokens": 12, "input_tokens": 3400},
}
ANALYZE_TASK = {
    "task_id": "at1",
    "custom_id": "job_42",
    "video_source": {"type": "url", "url": VIDEO_URL, "system_metadata": {"duration": 7200.5}},
    "request_params": {
        "analysis_mode": "general",
        "prompt": "Summarize",
        "prompt_v2": None,
        "response_format": {"type": "json_schema", "json_schema": SCHEMA},
        "temperature": 0.2,
        "max_tokens": 4096,
    },
    "status": "ready",
    "created_at": T0,
    "completed_at": "2026-05-01T10:12:00Z",
    "result": RESULT,
    "webhooks": [{"url": "https://hooks.example/tl", "delivered": True, "attempts": 1}],
}
FAILED_TASK = {
    "task_id": "at2",
    "custom_id": None,
    "status": "failed",
    "created_at": T0,
    "error": {"message": "The video could not be read"},
}
BATCH = {
    "batch_id": "b1",
    "analysis_mode": "general",
    "model_name": "pegasus1.5",
    "status": "completed",
    "total_items": 3,
    "created_at": T0,
    "expires_at": "2026-05-02T10:00:00Z",
    "completed_at": "2026-05-01T11:00:00Z",
    "queued_items": 0,
    "processing_items": 0,
    "ready_items": 2,
    "failed_items": 1,
    "canceled_items": 0,
}
RESULT_LINES = [
    {"task_id": "t1", "custom_id": "cam_1", "status": "ready", "data": RESULT},
    {"task_id": "t2", "custom_id": "cam_2", "status": "failed", "error": {"message": "Asset unreadable"}},
    {"task_id": "t3", "custom_id": None, "status": "processing"},
]
JSONL = ("\n".join(json.dumps(line) for line in RESULT_LINES) + "\n").encode()
EMBEDDING = {"embedding": [0.25, -0.5, 0.125], "embedding_option": "visual", "embedding_scope": "clip",
             "start_sec": 0.0, "end_sec": 6.0}
EMBED_V2_TASK = {
    "_id": "et1",
    "status": "ready",
    "created_at": T0,
    "updated_at": T0,
    "data": [EMBEDDING],
    "metadata": {"input_type": "video", "input_url": VIDEO_URL, "clip_length": 6, "embedding_scopes": ["clip"],
                 "embedding_options": ["visual"], "duration": 12.0},
}
COLLECTION = {"_id": "ec1", "name": "team", "description": "The squad", "created_at": T0, "updated_at": T0}
ENTITY = {
    "_id": "e1",
    "entity_collection_id": "ec1",
    "name": "Ann",
    "metadata": {"number": 9},
    "asset_ids": ["a1", "a2"],
    "status": "ready",
    "created_at": T0,
    "updated_at": T0,
}


WIRE_CASES = [
    # --- analyze tasks ---------------------------------------------------------------------------------------
    Case(
        "analyze_async.tasks.create",
        "analyze_async.tasks.create",
        lambda c, m: c.analyze_async.tasks.create(
            model_name="pegasus1.5",
            custom_id="job_42",
            video=VIDEO_URL,
            prompt="Summarize the keynote",
            analysis_mode="general",
            temperature=0.3,
            max_tokens=8192,
            response_format=SCHEMA,
            start_time=0.0,
            end_time=3600.0,
            idempotency_key="key-0001",
        ),
        "POST",
        "/analyze/tasks",
        json={
            "model_name": "pegasus1.5",
            "custom_id": "job_42",
            "video": {"type": "url", "url": VIDEO_URL},
            "prompt": "Summarize the keynote",
            "analysis_mode": "general",
            "temperature": 0.3,
            "max_tokens": 8192,
            "response_format": {"type": "json_schema", "json_schema": SCHEMA},
            "start_time": 0.0,
            "end_time": 3600.0,
        },
        reply=Reply(202, json={"task_id": "at1", "status": "queued"}),
        result_type=models.AnalyzeTaskCreated,
        expect={"task_id": "at1", "id": "at1", "status": "queued"},
        sync=True,
    ),
    Case(
        "analyze_async.tasks.create(segments, asset)",
        "analyze_async.tasks.create",
        lambda c, m: c.analyze_async.tasks.create(
            video=VideoContext.from_asset("a1"),
            analysis_mode="time_based_metadata",
            response_format=SEGMENTS,
            min_segment_duration=4.0,
            max_segment_duration=30.0,
        ),
        "POST",
        "/analyze/tasks",
        json={
            "video": {"type": "asset_id", "asset_id": "a1"},
            "analysis_mode": "time_based_metadata",
            "response_format": {"type": "segment_definitions", "segment_definitions": SEGMENTS},
            "min_segment_duration": 4.0,
            "max_segment_duration": 30.0,
        },
        reply=Reply(202, json={"task_id": "at3", "status": "pending"}),
        expect={"task_id": "at3"},
    ),
    Case(
        "analyze_async.tasks.create(prompt_v_2)",
        "analyze_async.tasks.create",
        lambda c, m: c.analyze_async.tasks.create(
            video=VIDEO_URL,
            prompt_v_2={"input_text": "Is <@logo> on screen?", "media_sources": [
                {"name": "logo", "media_type": "image", "url": "https://img.example/logo.png"}]},
        ),
        "POST",
        "/analyze/tasks",
        json={
            "video": {"type": "url", "url": VIDEO_URL},
            "prompt_v2": {"input_text": "Is <@logo> on screen?", "media_sources": [
                {"name": "logo", "media_type": "image", "url": "https://img.example/logo.png"}]},
        },
        reply=Reply(202, json={"task_id": "at4", "status": "queued"}),
        expect={"task_id": "at4"},
    ),
    Case(
        "analyze_async.tasks.create(pegasus1.6 images)",
        "analyze_async.tasks.create",
        lambda c, m: c.analyze_async.tasks.create(
            model_name="pegasus1.6",
            image=[{"name": "shelf", "url": "https://img.example/shelf.jpg"}],
            prompt="Which products are out of stock?",
            max_tokens="unlimited",
        ),
        "POST",
        "/analyze/tasks",
        json={
            "model_name": "pegasus1.6",
            "image": [{"name": "shelf", "url": "https://img.example/shelf.jpg"}],
            "prompt": "Which products are out of stock?",
            "max_tokens": "unlimited",
        },
        reply=Reply(202, json={"task_id": "at5", "status": "queued"}),
        expect={"task_id": "at5"},
        # The official SDK 1.3.6 is ahead of the 2026-07 spec: images, pegasus1.6 and "unlimited" are 1.3.6's.
        allow_enum=True,
        allow=("body.video", "body.image", "body.max_tokens"),
    ),
    Case(
        "analyze_async.tasks.list",
        "analyze_async.tasks.list",
        lambda c, m: c.analyze_async.tasks.list(
            page=2, page_limit=50, status="failed", video_url=VIDEO_URL, asset_id="a1", analysis_mode="general"
        ),
        "GET",
        "/analyze/tasks",
        query=[
            ("page", "2"),
            ("page_limit", "50"),
            ("status", "failed"),
            ("video_url", VIDEO_URL),
            ("asset_id", "a1"),
            ("analysis_mode", "general"),
        ],
        reply=Reply(json=page([ANALYZE_TASK, FAILED_TASK], 2, 2)),
        result_type=models.AnalyzeTaskPage,
        expect={
            "data[0].id": "at1",
            "data[0].result.usage.input_tokens": 3400,
            "data[1].error.message": "The video could not be read",
            "data[1].is_done": True,
            "page_info.total_page": 2,
        },
        sync=True,
    ),
    Case(
        "analyze_async.tasks.retrieve",
        "analyze_async.tasks.retrieve",
        lambda c, m: c.analyze_async.tasks.retrieve("at1"),
        "GET",
        "/analyze/tasks/at1",
        reply=Reply(json=ANALYZE_TASK),
        result_type=models.AnalyzeTask,
        expect={
            "task_id": "at1",
            "custom_id": "job_42",
            "video_source.system_metadata.duration": 7200.5,
            "request_params.response_format.type": "json_schema",
            "request_params.response_format.json_schema": SCHEMA,
            "request_params.max_tokens": 4096,
            "result.data": '{"title": "Keynote"}',
            "result.finish_reason": "stop",
            "completed_at.minute": 12,
            "webhooks[0].delivered": True,
        },
        sync=True,
    ),
    Case(
        "analyze_async.tasks.delete",
        "analyze_async.tasks.delete",
        lambda c, m: c.analyze_async.tasks.delete("at/1"),
        "DELETE",
        "/analyze/tasks/at%2F1",
        reply=Reply(200, body=b""),
    ),
    Case(
        "analyze_async.tasks.cancel",
        "analyze_async.tasks.cancel",
        lambda c, m: c.analyze_async.tasks.cancel("at1"),
        "POST",
        "/analyze/tasks/at1/cancel",
        reply=Reply(200, json={"task_id": "at1", "status": "canceled"}),
        result_type=models.AnalyzeTaskCanceled,
        expect={"task_id": "at1", "status": "canceled"},
        sync=True,
    ),
    # --- batches ---------------------------------------------------------------------------------------------
    Case(
        "analyze_async.batches.create",
        "analyze_async.batches.create",
        lambda c, m: c.analyze_async.batches.create(
            model_name="pegasus1.5",
            analysis_mode="general",
            requests=[
                "a1",
                {"asset_id": "a2", "custom_id": "cam_2", "prompt": "List the speakers", "max_tokens": 2048},
                {"video": VideoContext.from_asset("a3"), "custom_id": "cam_3", "response_format": SCHEMA},
            ],
            defaults={"prompt": "Summarize", "temperature": 0.1, "response_format": SCHEMA},
        ),
        "POST",
        "/analyze/batches",
        json={
            "model_name": "pegasus1.5",
            "analysis_mode": "general",
            "requests": [
                {"video": {"type": "asset_id", "asset_id": "a1"}},
                {
                    "video": {"type": "asset_id", "asset_id": "a2"},
                    "custom_id": "cam_2",
                    "prompt": {"input_text": "List the speakers"},
                    "max_tokens": 2048,
                },
                {
                    "video": {"type": "asset_id", "asset_id": "a3"},
                    "custom_id": "cam_3",
                    "response_format": {"type": "json_schema", "json_schema": SCHEMA},
                },
            ],
            "defaults": {
                "prompt": {"input_text": "Summarize"},
                "temperature": 0.1,
                "response_format": {"type": "json_schema", "json_schema": SCHEMA},
            },
        },
        reply=Reply(201, json={
            "batch_id": "b1",
            "status": "pending",
            "total_items": 3,
            "created_at": T0,
            "expires_at": "2026-05-02T10:00:00Z",
            "items": [{"task_id": "t1", "custom_id": None}, {"task_id": "t2", "custom_id": "cam_2"},
                      {"task_id": "t3", "custom_id": "cam_3"}],
        }),
        result_type=models.AnalyzeBatchCreated,
        expect={"batch_id": "b1", "total_items": 3, "items[1].custom_id": "cam_2", "expires_at.day": 2},
        sync=True,
    ),
    Case(
        "analyze_async.batches.list",
        "analyze_async.batches.list",
        lambda c, m: c.analyze_async.batches.list(
            page=1, page_limit=50, status=["pending", "processing"], analysis_mode=["general"]
        ),
        "GET",
        "/analyze/batches",
        query=[("page", "1"), ("page_limit", "50"), ("status", "pending"), ("status", "processing"),
               ("analysis_mode", "general")],
        reply=Reply(json=page([BATCH])),
        result_type=models.AnalyzeBatchPage,
        expect={"data[0].id": "b1", "data[0].finished_items": 3, "data[0].failed_items": 1},
    ),
    Case(
        "analyze_async.batches.retrieve",
        "analyze_async.batches.retrieve",
        lambda c, m: c.analyze_async.batches.retrieve("b1"),
        "GET",
        "/analyze/batches/b1",
        reply=Reply(json=BATCH),
        result_type=models.AnalyzeBatch,
        expect={"status": "completed", "ready_items": 2, "failed_items": 1, "is_done": True},
    ),
    Case(
        "analyze_async.batches.delete",
        "analyze_async.batches.delete",
        lambda c, m: c.analyze_async.batches.delete("b1"),
        "DELETE",
        "/analyze/batches/b1",
        reply=Reply(200, body=b""),
    ),
    Case(
        "analyze_async.batches.cancel",
        "analyze_async.batches.cancel",
        lambda c, m: c.analyze_async.batches.cancel("b1"),
        "POST",
        "/analyze/batches/b1/cancel",
        reply=Reply(202, json={**BATCH, "status": "canceling", "completed_at": None}),
        result_type=models.AnalyzeBatch,
        expect={"status": "canceling", "is_done": False},
    ),
    Case(
        "analyze_async.batches.results",
        "analyze_async.batches.results",
        lambda c, m: c.analyze_async.batches.results("b1"),
        "GET",
        "/analyze/batches/b1/results",
        # The spec labels the answer application/json; its description (and the API) say JSON lines.
        reply=Reply(200, body=JSONL, content_type="application/jsonl"),
        result_type=list,
        expect={
            "[0].custom_id": "cam_1",
            "[0].data.data": '{"title": "Keynote"}',
            "[1].error.message": "Asset unreadable",
            "[2].status": "processing",
            "[2].is_done": False,
        },
        sync=True,
    ),
    # --- embeddings v2 ---------------------------------------------------------------------------------------
    Case(
        "embed.v_2.create(text)",
        "embed.v_2.create",
        lambda c, m: c.embed.v_2.create(input_type="text", model_name="marengo3.0", text="a dog on a beach"),
        "POST",
        "/embed-v2",
        json={"input_type": "text", "model_name": "marengo3.0", "text": {"input_text": "a dog on a beach"}},
        reply=Reply(json={"data": [{"embedding": [0.5, 0.25]}]}),
        result_type=models.EmbedV2Result,
        expect={"data[0].embedding": [0.5, 0.25]},
        sync=True,
    ),
    Case(
        "embed.v_2.create(video)",
        "embed.v_2.create",
        lambda c, m: c.embed.v_2.create(
            input_type="video",
            model_name="marengo3.0",
            video={"media_source": MediaSource.from_asset("a1"), "start_sec": 0, "end_sec": 30,
                   "embedding_option": ["visual", "audio"], "embedding_scope": ["clip", "asset"],
                   "embedding_type": ["fused_embedding"]},
        ),
        "POST",
        "/embed-v2",
        json={
            "input_type": "video",
            "model_name": "marengo3.0",
            "video": {"media_source": {"asset_id": "a1"}, "start_sec": 0, "end_sec": 30,
                      "embedding_option": ["visual", "audio"], "embedding_scope": ["clip", "asset"],
                      "embedding_type": ["fused_embedding"]},
        },
        reply=Reply(json={"data": [EMBEDDING, {**EMBEDDING, "embedding_option": "fused", "embedding_scope": "asset"}],
                          "metadata": EMBED_V2_TASK["metadata"]}),
        expect={"data[1].embedding_option": "fused", "metadata.duration": 12.0, "metadata.clip_length": 6},
    ),
    Case(
        "embed.v_2.create(image bytes, marengo3.5)",
        "embed.v_2.create",
        lambda c, m: c.embed.v_2.create(input_type="image", model_name="marengo3.5", image=b"\x89PNG-bytes",
                                        embedding_dimension=256, embedding_uncertainty=True),
        "POST",
        "/embed-v2",
        json={"input_type": "image", "model_name": "marengo3.5", "embedding_dimension": 256,
              "embedding_uncertainty": True, "image": {"media_source": {"base64_string": "iVBORy1ieXRlcw=="}}},
        reply=Reply(json={"data": [{"embedding": [0.1] * 4, "embedding_uncertainty": [0.01] * 4}],
                          "usage": {"input_tokens": {"image": 1}, "truncated": False}}),
        expect={"data[0].embedding_uncertainty": [0.01] * 4, "usage.truncated": False},
        # marengo3.5 and its options are the official SDK 1.3.6's, ahead of the 2026-07 spec.
        allow_enum=True,
        allow=("body.embedding_dimension", "body.embedding_uncertainty"),
    ),
    Case(
        "embed.v_2.create(multi_input)",
        "embed.v_2.create",
        lambda c, m: c.embed.v_2.create(
            input_type="multi_input",
            model_name="marengo3.0",
            multi_input={"input_text": "<@dog> on a sofa",
                         "media_sources": [{"name": "dog", "url": "https://img.example/dog.jpg"}]},
        ),
        "POST",
        "/embed-v2",
        json={"input_type": "multi_input", "model_name": "marengo3.0",
              "multi_input": {"input_text": "<@dog> on a sofa", "media_sources": [
                  {"name": "dog", "url": "https://img.example/dog.jpg", "media_type": "image"}]}},
        reply=Reply(json={"data": [EMBEDDING], "metadata": {"input_type": "multi_input"}}),
        expect={"metadata.input_type": "multi_input"},
    ),
    Case(
        "embed.v_2.tasks.create",
        "embed.v_2.tasks.create",
        lambda c, m: c.embed.v_2.tasks.create(
            input_type="audio", model_name="marengo3.0",
            audio={"media_source": VIDEO_URL, "segmentation": {"strategy": "fixed", "fixed": {"duration_sec": 6}},
                   "embedding_option": ["audio", "transcription"]},
        ),
        "POST",
        "/embed-v2/tasks",
        json={"input_type": "audio", "model_name": "marengo3.0",
              "audio": {"media_source": {"url": VIDEO_URL},
                        "segmentation": {"strategy": "fixed", "fixed": {"duration_sec": 6}},
                        "embedding_option": ["audio", "transcription"]}},
        reply=Reply(202, json={"_id": "et1", "status": "processing"}),
        result_type=models.EmbedV2TaskCreated,
        expect={"id": "et1", "status": "processing"},
        sync=True,
    ),
    Case(
        "embed.v_2.tasks.list",
        "embed.v_2.tasks.list",
        lambda c, m: c.embed.v_2.tasks.list(started_at="2026-01-01T00:00:00Z", ended_at="2026-06-01T00:00:00Z",
                                           status="ready", page=1, page_limit=20),
        "GET",
        "/embed-v2/tasks",
        query=[("started_at", "2026-01-01T00:00:00Z"), ("ended_at", "2026-06-01T00:00:00Z"), ("status", "ready"),
               ("page", "1"), ("page_limit", "20")],
        reply=Reply(json=page([{"_id": "et1", "model_name": "marengo3.0", "status": "ready", "created_at": T0,
                                "video_embedding": {"metadata": {"input_url": VIDEO_URL, "duration": 12.0,
                                                                 "video_clip_length": 6}}}])),
        result_type=models.EmbedV2TaskPage,
        expect={"data[0].id": "et1", "data[0].video_embedding.metadata.video_clip_length": 6},
    ),
    Case(
        "embed.v_2.tasks.retrieve",
        "embed.v_2.tasks.retrieve",
        lambda c, m: c.embed.v_2.tasks.retrieve("et1"),
        "GET",
        "/embed-v2/tasks/et1",
        reply=Reply(json=EMBED_V2_TASK),
        result_type=models.EmbedV2Task,
        expect={"id": "et1", "data[0].end_sec": 6.0, "metadata.embedding_scopes": ["clip"], "is_done": True},
    ),
    # --- entity collections ----------------------------------------------------------------------------------
    Case(
        "entity_collections.create",
        "entity_collections.create",
        lambda c, m: c.entity_collections.create(name="team", description="The squad"),
        "POST",
        "/entity-collections",
        json={"name": "team", "description": "The squad"},
        reply=Reply(201, json=COLLECTION),
        result_type=models.EntityCollection,
        expect={"id": "ec1", "name": "team"},
        sync=True,
    ),
    Case(
        "entity_collections.list",
        "entity_collections.list",
        lambda c, m: c.entity_collections.list(page=1, page_limit=5, name="team", sort_by="name", sort_option="asc"),
        "GET",
        "/entity-collections",
        query=[("page", "1"), ("page_limit", "5"), ("name", "team"), ("sort_by", "name"), ("sort_option", "asc")],
        reply=Reply(json=page([COLLECTION])),
        result_type=models.EntityCollectionPage,
        expect={"data[0].description": "The squad"},
    ),
    Case(
        "entity_collections.retrieve",
        "entity_collections.retrieve",
        lambda c, m: c.entity_collections.retrieve("ec1"),
        "GET",
        "/entity-collections/ec1",
        reply=Reply(json=COLLECTION),
        expect={"id": "ec1", "created_at.year": 2026},
    ),
    Case(
        "entity_collections.update",
        "entity_collections.update",
        lambda c, m: c.entity_collections.update("ec1", name="first team"),
        "PATCH",
        "/entity-collections/ec1",
        json={"name": "first team"},
        reply=Reply(json={**COLLECTION, "name": "first team"}),
        expect={"name": "first team"},
        sync=True,
    ),
    Case(
        "entity_collections.delete",
        "entity_collections.delete",
        lambda c, m: c.entity_collections.delete("ec1"),
        "DELETE",
        "/entity-collections/ec1",
        reply=Reply(200, body=b""),
    ),
    Case(
        "entity_collections.entities.create",
        "entity_collections.entities.create",
        lambda c, m: c.entity_collections.entities.create(
            "ec1", name="Ann", asset_ids=["a1", "a2"], description="Striker", metadata={"number": 9}
        ),
        "POST",
        "/entity-collections/ec1/entities",
        json={"name": "Ann", "asset_ids": ["a1", "a2"], "description": "Striker", "metadata": {"number": 9}},
        reply=Reply(201, json={**ENTITY, "status": "processing"}),
        result_type=models.Entity,
        expect={"id": "e1", "status": "processing", "reference": "<@e1>", "asset_ids": ["a1", "a2"]},
    ),
    Case(
        "entity_collections.entities.create_bulk",
        "entity_collections.entities.create_bulk",
        lambda c, m: c.entity_collections.entities.create_bulk(
            "ec1", entities=[{"name": "Ann", "asset_ids": ["a1"]}, {"name": "Bo", "asset_ids": ["zz"]}]
        ),
        "POST",
        "/entity-collections/ec1/entities/bulk",
        json={"entities": [{"name": "Ann", "asset_ids": ["a1"]}, {"name": "Bo", "asset_ids": ["zz"]}]},
        reply=Reply(201, json={
            "success_count": 1,
            "failed_count": 1,
            "entities": [{"_id": "e1", "name": "Ann", "status": "processing"}],
            "errors": [{"entity_index": 1, "entity_name": "Bo", "error_reason": "asset zz not found"}],
        }),
        result_type=models.EntityBulkCreated,
        expect={"entities[0].id": "e1", "errors[0].entity_index": 1, "failed_count": 1},
        sync=True,
    ),
    Case(
        "entity_collections.entities.list",
        "entity_collections.entities.list",
        lambda c, m: c.entity_collections.entities.list(
            "ec1", page=1, page_limit=10, name="Ann", status="ready", sort_by="updated_at", sort_option="desc"
        ),
        "GET",
        "/entity-collections/ec1/entities",
        query=[("page", "1"), ("page_limit", "10"), ("name", "Ann"), ("status", "ready"), ("sort_by", "updated_at"),
               ("sort_option", "desc")],
        reply=Reply(json=page([ENTITY])),
        result_type=models.EntityPage,
        expect={"data[0].metadata": {"number": 9}},
    ),
    Case(
        "entity_collections.entities.list_by_asset",
        "entity_collections.entities.list_by_asset",
        lambda c, m: c.entity_collections.entities.list_by_asset("a1", page=1, page_limit=50),
        "GET",
        "/assets/a1/entities",
        query=[("page", "1"), ("page_limit", "50")],
        reply=Reply(json=page([ENTITY])),
        result_type=models.EntityPage,
        expect={"data[0].entity_collection_id": "ec1"},
        sync=True,
    ),
    Case(
        "entity_collections.entities.retrieve",
        "entity_collections.entities.retrieve",
        lambda c, m: c.entity_collections.entities.retrieve("ec1", "e1"),
        "GET",
        "/entity-collections/ec1/entities/e1",
        reply=Reply(json=ENTITY),
        expect={"name": "Ann", "status": "ready"},
    ),
    Case(
        "entity_collections.entities.update",
        "entity_collections.entities.update",
        lambda c, m: c.entity_collections.entities.update("ec1", "e1", description="Captain", metadata={"n": 10}),
        "PATCH",
        "/entity-collections/ec1/entities/e1",
        json={"description": "Captain", "metadata": {"n": 10}},
        reply=Reply(json={**ENTITY, "description": "Captain", "metadata": {"n": 10}}),
        expect={"description": "Captain"},
    ),
    Case(
        "entity_collections.entities.delete",
        "entity_collections.entities.delete",
        lambda c, m: c.entity_collections.entities.delete("ec1", "e1"),
        "DELETE",
        "/entity-collections/ec1/entities/e1",
        reply=Reply(200, body=b""),
    ),
    Case(
        "entity_collections.entities.create_assets",
        "entity_collections.entities.create_assets",
        lambda c, m: c.entity_collections.entities.create_assets("ec1", "e1", asset_ids=["a3"]),
        "POST",
        "/entity-collections/ec1/entities/e1/assets",
        json={"asset_ids": ["a3"]},
        reply=Reply(json={**ENTITY, "asset_ids": ["a1", "a2", "a3"], "status": "processing"}),
        expect={"asset_ids": ["a1", "a2", "a3"]},
    ),
    Case(
        "entity_collections.entities.delete_assets",
        "entity_collections.entities.delete_assets",
        lambda c, m: c.entity_collections.entities.delete_assets("ec1", "e1", asset_ids="a2"),
        "DELETE",
        "/entity-collections/ec1/entities/e1/assets",
        json={"asset_ids": ["a2"]},
        reply=Reply(json={**ENTITY, "asset_ids": ["a1"]}),
        expect={"asset_ids": ["a1"]},
        sync=True,
    ),
]


# --- running a case -------------------------------------------------------------------------------------------


def _expect_list(case: Case, result: Any) -> None:
    # A stream's result is its items: "[n].path" names the n-th.
    assert isinstance(result, list)
    for path, expected in case.expect.items():
        index, _, rest = path[1:].partition("].")
        value: Any = result[int(index)]
        for name in rest.split("."):
            value = getattr(value, name)
        assert value == expected, (path, value)


def check(case: Case, result: Any) -> None:
    if case.result_type is list:
        _expect_list(case, result)
    else:
        check_result(case, result)


def check_wire(case: Case, req: Recorded, media: Path) -> None:
    if case.http_method == "POST" and case.json is None and case.form is None:
        # A POST without a body (the cancels): aiohttp labels it application/octet-stream with Content-Length 0
        # unless told not to, which the transport does not do today; the body itself must be empty.
        assert req.body == b""
        assert req.headers.get("Content-Type") in (None, "application/octet-stream")
        bare = Case(case.id, case.method_name, case.call, "POST", case.path, query=case.query)
        check_request(bare, _without_content_type(req), media)
        return
    check_request(case, req, media)


def _without_content_type(req: Recorded) -> Recorded:
    headers = req.headers.copy()
    headers.popall("Content-Type", None)
    return Recorded(req.method, req.raw_path, req.query, headers, req.body)


def validate_case(case: Case, req: Recorded) -> spec_check.OperationMatch:
    if case.method_name in UNSPECIFIED:
        with pytest.raises(spec_check.OperationNotInSpec):
            spec_check.validate_request(req)  # still not in the spec: drop it from UNSPECIFIED once it is
        match = spec_check.validate_request(req, allow_unspecified=True)
        assert match.unspecified
        return match
    return validate(req, allow_enum=case.allow_enum, allow=case.allow)


def _params(cases: list[Case]) -> list[Any]:
    return [pytest.param(case, id=case.id) for case in cases]


def test_the_table_covers_every_route_of_these_namespaces() -> None:
    live = {r.method_name for r in ROUTES if r.removed is None and r.method_name.startswith(NAMESPACES)}
    assert {case.method_name for case in WIRE_CASES} == live
    assert len(live) == 29  # 5 task, 6 batch, 4 embedding v2 and 14 entity operations
    assert len({case.id for case in WIRE_CASES}) == len(WIRE_CASES)


@pytest.mark.parametrize("case", _params(WIRE_CASES))
async def test_route_on_the_wire(case: Case, server: RecordingServer, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    server.script(case.reply)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = case.call(client, tmp_path)
        result = await result.to_list() if isinstance(result, ItemStream) else await settle(result)
    check_warnings(case, caught)
    check(case, result)
    assert len(server.requests) == 1
    req = server.requests[0]
    check_wire(case, req, tmp_path)
    match = validate_case(case, req)
    assert match.method == case.http_method


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


@pytest.mark.parametrize("case", _params([case for case in WIRE_CASES if case.sync]))
def test_route_on_the_wire_sync(case: Case, server: RecordingServer, sync_client: TwelveLabs, tmp_path: Path) -> None:
    server.script(case.reply)
    result = case.call(sync_client, tmp_path)
    result = result.to_list() if isinstance(result, SyncItemStream) else settle_sync(result)
    check(case, result)
    assert len(server.requests) == 1
    check_wire(case, server.requests[0], tmp_path)
    validate_case(case, server.requests[0])
