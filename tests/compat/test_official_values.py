"""The same JSON gives the same values here as in the official SDK 1.3.6, attribute by attribute.

Each payload below is decoded twice: by the official model class (under the interpreter of a venv with
``twelvelabs==1.3.6``, through ``official_values_script.py``) and by ours (``OFFICIAL_MODELS`` names it). Every
value the official object exposes is flattened to ``path -> (kind, text)`` (``metadata.usage.output_tokens ->
("int", "12")``: scalars by type and ``repr``, timestamps the official SDK parses by ``isoformat``, dicts as sorted
JSON, nested objects and lists by shape) and the same path on ours must give the same pair, so a program that
prints these values prints the same text with either SDK.

Skipped when no such venv is at hand (``tests/emulator/test_official_sdk_136.py`` makes it under
``~/.cache/twelvelabs-async-tests``). Two differences are known and left on purpose:

* a list the API left out reads as ``[]`` here where the official SDK gives ``None`` (so ``for x in obj.items``
  never fails; ``if obj.items:`` and ``obj.items or []`` read the same with both); ``model_dump()`` gives ``None``
  for it, as the official;
* an embedding vector element sent as a whole number (``0``) stays an ``int`` here (``0 == 0.0``; converting every
  element costs ~10 µs per 1024-d vector, about the whole decode of a segment otherwise), so the payloads'
  vectors hold fractions, as the API's do.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import attrs
import pytest

from twelvelabs_async import models
from twelvelabs_async._converter import structure
from twelvelabs_async.models._official import OFFICIAL_MODELS, OFFICIAL_SDK_VERSION

HERE = Path(__file__).resolve().parent

T0 = "2026-05-01T10:00:00Z"
T1 = "2026-05-01T10:05:30.250Z"
PAGE_INFO = {"page": 1, "limit_per_page": 10, "total_page": 1, "total_results": 1}
HLS = {"video_url": "https://cdn.example/v.m3u8", "thumbnail_urls": ["https://cdn.example/t.jpg"],
       "status": "COMPLETE", "updated_at": T1}
TASK = {"_id": "t1", "video_id": "v1", "index_id": "i1", "status": "ready", "created_at": T0, "updated_at": T1,
        "system_metadata": {"duration": 120, "filename": "clip.mp4", "width": 1280, "height": 720}}
SEGMENT = {"float": [-0.25, 0.125, 0.5], "start_offset_sec": 0, "end_offset_sec": 6, "embedding_option": "visual",
           "embedding_scope": "clip"}
VIDEO = {"_id": "v1", "asset_id": "as1", "created_at": T0, "updated_at": T1, "indexed_at": T1,
         "system_metadata": {"filename": "clip.mp4", "duration": 120, "fps": 30, "width": 1280, "height": 720},
         "user_metadata": {"show": "news", "episode": 3, "rating": 9.5, "live": False},
         "hls": HLS, "embedding": {"model_name": "marengo3.0", "video_embedding": {"segments": [SEGMENT]}},
         "transcription": [{"start": 0, "end": 2.5, "value": "Hello"}]}
CLIP = {"rank": 1, "start": 10, "end": 16.5, "video_id": "v1", "thumbnail_url": "https://cdn.example/c.jpg",
        "transcription": "a chef plates pasta", "user_metadata": {"show": "news"}}
USAGE = {"output_tokens": 42, "input_tokens": 1200}
SCHEMA = {"type": "object", "properties": {"dish": {"type": "string"}}, "required": ["dish"]}

PAYLOADS: list[tuple[str, str, dict[str, Any]]] = [
    ("index", "twelvelabs.types.IndexSchema",
     {"_id": "i1", "index_name": "news", "created_at": T0, "updated_at": T1, "expires_at": T1, "video_count": 12,
      "total_duration": 8716, "models": [{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}],
      "addons": ["thumbnail"]}),
    ("task", "twelvelabs.tasks.TasksRetrieveResponse", {**TASK, "hls": HLS}),
    ("task page", "twelvelabs.tasks.TasksListResponse", {"data": [TASK], "page_info": PAGE_INFO}),
    ("video", "twelvelabs.indexes.videos.VideosRetrieveResponse", VIDEO),
    ("video page", "twelvelabs.indexes.videos.VideosListResponse",
     {"data": [{k: VIDEO[k] for k in ("_id", "asset_id", "created_at", "updated_at", "indexed_at")}],
      "page_info": PAGE_INFO}),
    ("search clips", "twelvelabs.types.SearchResults",
     {"data": [CLIP, {**CLIP, "rank": 2, "start": 30.25, "end": 40}],
      "page_info": {"limit_per_page": 10, "page_expires_at": T1, "total_results": 2, "next_page_token": "tok-1"},
      "search_pool": {"total_count": 3, "total_duration": 360, "index_id": "i1"}}),
    ("search groups", "twelvelabs.types.SearchResults",
     {"data": [{"id": "v1", "rank": 1, "clips": [CLIP]}, {"id": "v2", "clips": []}],
      "page_info": {"limit_per_page": 10, "page_expires_at": T1, "total_results": 2, "total_inner_matches": 1}}),
    ("embed", "twelvelabs.types.EmbeddingResponse",
     {"model_name": "marengo3.0", "text_embedding": {"segments": [{"float": [0.5, -0.25]}]},
      "audio_embedding": {"segments": [{"float": [0.5, -0.25], "start_offset_sec": 0, "end_offset_sec": 10}],
                          "metadata": {"input_filename": "a.mp3"}}}),
    ("embed task", "twelvelabs.embed.tasks.TasksRetrieveResponse",
     {"_id": "e1", "model_name": "marengo3.0", "status": "ready", "created_at": T0, "updated_at": T1,
      "video_embedding": {"segments": [SEGMENT], "metadata": {"input_filename": "clip.mp4", "video_clip_length": 6,
                                                               "video_embedding_scope": ["clip"], "duration": 12}}}),
    ("v2 embed", "twelvelabs.types.EmbeddingSuccessResponse",
     {"data": [{"embedding": [0.5, -0.25], "embedding_option": "visual", "embedding_scope": "clip", "start_sec": 0,
                "end_sec": 6}],
      "usage": {"input_tokens": {"video": 10}, "truncated": False},
      "metadata": {"input_type": "video", "input_url": "https://x.example/v.mp4", "clip_length": 6,
                   "embedding_scopes": ["clip"], "embedding_options": ["visual"], "duration": 12,
                   "embedding_dimension": 512}}),
    ("v2 embed task", "twelvelabs.types.EmbeddingTaskResponse",
     {"_id": "et1", "status": "ready", "created_at": T0, "updated_at": T1,
      "data": [{"embedding": [0.5, -0.25], "embedding_option": "audio", "embedding_scope": "asset"}],
      "metadata": {"input_type": "audio", "input_filename": "a.mp3", "embedding_options": ["audio"],
                   "embedding_scopes": ["asset"], "duration": 30}}),
    ("v2 task list item", "twelvelabs.types.MediaEmbeddingTask",
     {"_id": "et2", "model_name": "marengo3.0", "status": "ready", "created_at": T0,
      "audio_embedding": {"metadata": {"input_url": "https://x.example/a.mp3", "audio_embedding_option": ["audio"],
                                       "audio_embedding_scope": ["clip"], "duration": 30}}}),
    ("stream start", "twelvelabs.types.StreamAnalyzeResponse_StreamStart",
     {"event_type": "stream_start", "metadata": {"generation_id": "g1"}}),
    ("stream text", "twelvelabs.types.StreamAnalyzeResponse_TextGeneration",
     {"event_type": "text_generation", "text": "A chef "}),
    ("stream end", "twelvelabs.types.StreamAnalyzeResponse_StreamEnd",
     {"event_type": "stream_end", "finish_reason": "stop", "metadata": {"generation_id": "g1", "usage": USAGE}}),
    ("analyze", "twelvelabs.types.NonStreamAnalyzeResponse",
     {"id": "g2", "data": "It is pasta.", "finish_reason": "length", "usage": USAGE,
      "error": {"code": "max_tokens", "message": "cut at max_tokens"}}),
    ("summary", "twelvelabs.types.SummarizeChapterResult",
     {"summarize_type": "chapter", "id": "s1", "usage": USAGE,
      "chapters": [{"chapter_number": 0, "start": 0, "end": 30, "start_sec": 0, "end_sec": 30.5,
                    "chapter_title": "Intro", "chapter_summary": "It begins."}]}),
    ("analyze task", "twelvelabs.types.AnalyzeTaskResponse",
     {"task_id": "at1", "custom_id": "job", "status": "ready", "created_at": T0, "completed_at": T1,
      "video_source": {"type": "url", "url": "https://x.example/v.mp4", "system_metadata": {"duration": 7200}},
      "request_params": {
          "analysis_mode": "time_based_metadata", "prompt_v2": {
              "input_text": "Find <@logo>", "media_sources": [{"name": "logo", "media_type": "image",
                                                               "url": "https://x.example/l.png"}]},
          "temperature": 0, "max_tokens": 4096, "response_format": {
              "type": "segment_definitions", "segment_time_format": "seconds", "segment_definitions": [
                  {"id": "scene", "description": "a scene", "time_ranges": [{"start_time": 0, "end_time": 60}],
                   "fields": [{"name": "label", "type": "string", "description": "what", "enum": ["a", "b"]},
                              {"name": "times", "type": "time_array", "description": "when", "items": {
                                  "type": "object", "fields": [{"name": "t", "type": "number",
                                                                "description": "a time"}]}}]}]}},
      "result": {"generation_id": "g3", "data": "{}", "finish_reason": "stop", "usage": USAGE},
      "webhooks": [{"url": "https://hooks.example/tl", "delivered": True, "attempts": 1}]}),
    ("batch", "twelvelabs.types.AnalyzeBatchStatusResponse",
     {"batch_id": "b1", "analysis_mode": "general", "model_name": "pegasus1.5", "status": "completed",
      "total_items": 3, "created_at": T0, "expires_at": T1, "completed_at": T1, "queued_items": 0,
      "processing_items": 0, "ready_items": 2, "failed_items": 1, "canceled_items": 0}),
    ("asset", "twelvelabs.types.AssetDetail",
     {"_id": "as1", "method": "connector", "status": "ready", "filename": "clip.mp4", "file_type": "video",
      "created_at": T0, "size": 1048576, "duration": 120,
      "source": {"type": "connector", "details": {"provider": "google_drive", "source_id": "f1",
                                                  "original_filename": "Clip.mp4", "source_link": "https://d/f1"}},
      "hls": {"manifest_url": "https://cdn.example/a.m3u8", "status": "ready"},
      "thumbnail": {"representative_url": "https://cdn.example/a.jpg", "status": "ready"},
      "technical_metadata": {"file_size_bytes": 1048576, "video_codec": "h264", "video_fps": 30,
                             "container_creation_time": T0, "has_audio": True,
                             "video_streams": [{"index": 0, "codec": "h264", "width": 1280, "fps": 30}],
                             "audio_streams": [{"index": 1, "codec": "aac", "sample_rate": 48000}]}}),
    ("indexed asset", "twelvelabs.types.IndexedAssetDetailed",
     {"_id": "ia1", "asset_id": "as1", "status": "ready", "created_at": T0, "updated_at": T1, "indexed_at": T1,
      "system_metadata": {"filename": "clip.mp4", "duration": 120, "fps": 30, "width": 1280, "height": 720,
                          "size": 1048576},
      "hls": HLS, "embedding": {"model_name": "marengo3.0", "video_embedding": {"segments": [SEGMENT]}}}),
    ("knowledge store", "twelvelabs.types.KnowledgeStore",
     {"_id": "ks1", "name": "kitchen", "item_count": 2, "created_at": T0, "updated_at": T1,
      "metadata": {"team": "food"},
      "ingestion_config": {"enrichment_config": {"type": "json_schema", "json_schema": SCHEMA}}}),
    ("knowledge search", "twelvelabs.types.SearchKnowledgeStoreResponse",
     {"data": [{"asset_type": "video", "rank": 1, "item_id": "ksi1",
                "matches": [{"start_sec": 0, "end_sec": 5.5, "modalities": ["visual"]}],
                "metadata": {"system": {"duration": 120, "width": 1280, "height": 720, "size": 1048576},
                             "user": {"dish": "pasta"}}},
               {"asset_type": "image", "rank": 2, "item_id": "ksi2",
                "metadata": {"system": {"width": 640, "height": 480, "size": 2048}}}],
      "next_page_token": "n1", "effective_search_options": {"video": {"modalities": ["visual", "audio"]}}}),
    ("response", "twelvelabs.types.ResponseObject",
     {"id": "r1", "object": "response", "status": "completed", "knowledge_store_id": "ks1", "session_id": "s1",
      "created_at": T0, "usage": {"input_tokens": 10, "output_tokens": 5},
      "output": [{"type": "message", "id": "m1", "status": "completed", "role": "assistant",
                  "content": [{"type": "output_text", "text": "Pasta [1]", "annotations": [
                      {"type": "video_citation", "start_index": 6, "end_index": 8, "item_id": "ksi1",
                       "start_sec": 0, "end_sec": 5}]}]}]}),
    ("connection", "twelvelabs.types.Connection",
     {"_id": "c1", "provider": "google_drive", "status": "active", "account": {"external_id": "x",
                                                                             "display_name": "me@example.com"},
      "scopes": ["drive.readonly"], "connected_at": T0}),
    # the lighter official class of a class of ours that also stands for a richer one (model_dump gives its keys)
    ("asset created", "twelvelabs.types.Asset",
     {"_id": "as2", "method": "url", "status": "processing", "filename": "clip.mp4", "file_type": "video/mp4",
      "created_at": T0}),
    ("task list item", "twelvelabs.types.VideoIndexingTask", TASK),
    ("indexed asset list item", "twelvelabs.types.IndexedAsset",
     {"_id": "ia2", "asset_id": "as1", "created_at": T0, "updated_at": T1, "indexed_at": T1, "status": "ready",
      "system_metadata": {"filename": "clip.mp4", "duration": 120, "fps": 30, "width": 1280, "height": 720}}),
    ("response text delta", "twelvelabs.types.ResponseStreamEvent_ResponseOutputTextDelta",
     {"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0,
      "delta": "Pasta", "sequence_number": 4}),
    ("response keepalive", "twelvelabs.types.ResponseStreamEvent_Keepalive",
     {"type": "keepalive", "sequence_number": 5}),
]


def our_value(obj: Any, path: str) -> Any:
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        obj = obj[int(index)] if index else getattr(obj, name)
    return obj


def flatten_ours(value: Any) -> list[str]:
    if attrs.has(type(value)):
        return ["object", ""]
    if isinstance(value, list):
        return ["list", str(len(value))]
    if value is None:
        return ["none", ""]
    if isinstance(value, datetime.datetime):
        return ["datetime", value.isoformat()]
    if isinstance(value, dict):
        return ["dict", json.dumps(value, sort_keys=True, default=str)]
    return [type(value).__name__, repr(value)]


@pytest.fixture(scope="module")
def official_values() -> list[list[Any]]:
    root = os.environ.get("TWELVELABS_ASYNC_TEST_CACHE") or Path.home() / ".cache" / "twelvelabs-async-tests"
    python = Path(root) / f"sdk-{OFFICIAL_SDK_VERSION}" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        pytest.skip(f"no twelvelabs=={OFFICIAL_SDK_VERSION} venv at hand")
    stdin = json.dumps([[name, payload] for _, name, payload in PAYLOADS])
    done = subprocess.run([str(python), str(HERE / "official_values_script.py")], input=stdin, capture_output=True,
                          text=True, timeout=300, cwd=str(HERE.parent.parent))
    assert done.returncode == 0, done.stderr[-2000:]
    values: list[list[Any]] = json.loads(done.stdout)
    return values


@pytest.mark.parametrize("case", range(len(PAYLOADS)), ids=[label for label, _, _ in PAYLOADS])
def test_the_same_json_gives_the_same_values(case: int, official_values: list[list[Any]]) -> None:
    _, official_name, payload = PAYLOADS[case]
    ours = structure(payload, getattr(models, OFFICIAL_MODELS[official_name]))
    differences = []
    for path, expected in official_values[case][0].items():
        got = flatten_ours(our_value(ours, path)) if path else ["object", ""]
        if got != expected and not (expected == ["none", ""] and got == ["list", "0"]):
            differences.append(f"{path}: official {expected[0]} {expected[1]}, ours {got[0]} {got[1]}")
    assert differences == []


def _same_dump(official: Any, ours: Any, path: str, out: list[str]) -> None:
    """``ours`` has every key of ``official`` with the same value (ours may have more: fields 1.3.6 lacks)."""
    if isinstance(official, dict) and isinstance(ours, dict):
        for key, value in official.items():
            if key not in ours:
                out.append(f"{path}.{key}: missing")
            else:
                _same_dump(value, ours[key], f"{path}.{key}", out)
    elif isinstance(official, list) and isinstance(ours, list) and len(official) == len(ours):
        for i, (a, b) in enumerate(zip(official, ours, strict=True)):
            _same_dump(a, b, f"{path}[{i}]", out)
    elif official is None and ours == []:
        return  # a list the API left out: [] here (see the module docstring)
    elif official != ours or type(official) is not type(ours):
        out.append(f"{path}: official {official!r}, ours {ours!r}")


@pytest.mark.parametrize(
    "case",
    [i for i, (_, name, _) in enumerate(PAYLOADS) if issubclass(getattr(models, OFFICIAL_MODELS[name]), models.Model)],
    ids=[label for label, name, _ in PAYLOADS if issubclass(getattr(models, OFFICIAL_MODELS[name]), models.Model)],
)
def test_model_dump_gives_what_pydantic_gives(case: int, official_values: list[list[Any]]) -> None:
    _, official_name, payload = PAYLOADS[case]
    ours = structure(payload, getattr(models, OFFICIAL_MODELS[official_name]))
    differences: list[str] = []
    _same_dump(official_values[case][1], ours.model_dump(mode="json"), "", differences)
    assert differences == []
    assert json.loads(ours.model_dump_json()) == ours.model_dump(mode="json")


def _same_keys_in_order(official: Any, ours: Any, path: str, out: list[str]) -> None:
    """``ours`` has the keys of ``official`` in the same order, and no other key without a value."""
    if isinstance(official, dict) and isinstance(ours, dict):
        extra = [key for key in ours if key not in official]
        if [key for key in ours if key in official] != list(official) or any(ours[k] is None for k in extra):
            out.append(f"{path}: official keys {list(official)}, ours {list(ours)}")
        for key, value in official.items():
            if key in ours:
                _same_keys_in_order(value, ours[key], f"{path}.{key}", out)
    elif isinstance(official, list) and isinstance(ours, list) and len(official) == len(ours):
        for i, (a, b) in enumerate(zip(official, ours, strict=True)):
            _same_keys_in_order(a, b, f"{path}[{i}]", out)


@pytest.mark.parametrize("case", range(len(PAYLOADS)), ids=[label for label, _, _ in PAYLOADS])
def test_model_dump_gives_the_official_keys_in_the_official_order(case: int, official_values: list[list[Any]]) -> None:
    """``json.dumps(x.model_dump())`` writes the official keys in the official order; ours adds only keys that carry
    a value (our own fields: ``Chapter.start_sec``, a 1.0.0 field the 1.3.6 class lacks)."""
    _, official_name, payload = PAYLOADS[case]
    ours = structure(payload, getattr(models, OFFICIAL_MODELS[official_name]))
    differences: list[str] = []
    _same_keys_in_order(official_values[case][1], ours.model_dump(mode="json"), "", differences)
    assert differences == []
