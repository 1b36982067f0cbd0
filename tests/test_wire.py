"""Every route of the table on the wire: exact request, a 2026-shaped answer decoded, and the official spec.

One ``Case`` per call shape: the call with (nearly) every parameter, the method, path, query, JSON body,
multipart fields and file parts expected, a scripted reply in the shape the 2026 API answers with, what the
decoded result must hold, and ``spec_check.validate_request`` on the recorded request. A test checks that the
table covers every route of ``ROUTES`` (removed routes have their own test: they raise before any I/O). A
representative subset runs through the blocking client too, and must put the same bytes on the wire.
"""

from __future__ import annotations

import base64
import importlib
import inspect
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import spec_check
from core_testkit import API_KEY, Recorded, RecordingServer, Reply

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, models
from twelvelabs_async._errors import ArgumentError, EndpointRemovedError
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async._pagination import AsyncPager
from twelvelabs_async._streaming import AnalyzeStream
from twelvelabs_async.models import IndexModel, VideoContext
from twelvelabs_async.routes import ROUTES
from twelvelabs_async.sync._iterators import SyncAnalyzeStream, SyncPager

MARENGO = [{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}]
PNG = b"\x89PNG\r\n\x1a\n-query-one"
JPEG = b"\xff\xd8\xff\xe0-query-two"
WAV = b"RIFF----WAVEfmt -audio"
SCHEMA = {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
T0 = "2026-05-01T10:00:00Z"


# --- 2026 answer shapes ---------------------------------------------------------------------------------------


def page(data: list[Any], page_no: int = 1, total: int = 1) -> dict[str, Any]:
    return {
        "data": data,
        "page_info": {
            "page": page_no,
            "limit_per_page": 10,
            "total_page": total,
            "total_results": 10 * (total - 1) + len(data) if page_no == total else 10 * total,
        },
    }


def clip(video_id: str, rank: int, **more: Any) -> dict[str, Any]:
    return {"video_id": video_id, "rank": rank, "start": 1.5, "end": 4.0, **more}


def search_page(items: list[dict[str, Any]], next_token: str | None = None) -> dict[str, Any]:
    info: dict[str, Any] = {"limit_per_page": 10, "total_results": 12, "page_expires_at": T0}
    if next_token:
        info["next_page_token"] = next_token
    return {"data": items, "page_info": info, "search_pool": {"total_count": 3, "total_duration": 60.0}}


INDEX = {
    "_id": "idx1",
    "index_name": "news",
    "models": [{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}],
    "addons": ["thumbnail"],
    "video_count": 2,
    "total_duration": 20.5,
    "created_at": T0,
    "updated_at": T0,
    "expires_at": "2026-08-01T10:00:00Z",
}
VIDEO = {
    "_id": "v1",
    "asset_id": "a1",
    "created_at": T0,
    "indexed_at": T0,
    "system_metadata": {"filename": "a.mp4", "duration": 12.5, "fps": 30, "width": 1280, "height": 720, "size": 9},
    "user_metadata": {"category": "news", "rating": 4.5},
    "hls": {"video_url": "https://cdn.example/v1.m3u8", "status": "COMPLETE", "thumbnail_urls": []},
    "embedding": {
        "model_name": "marengo3.0",
        "video_embedding": {
            "segments": [
                {"float": [0.5, -0.25], "start_offset_sec": 0, "end_offset_sec": 6, "embedding_option": "visual"}
            ]
        },
    },
    "transcription": [{"start": 0.0, "end": 2.0, "value": "hello"}],
}
ASSET = {
    "_id": "as1",
    "method": "direct",
    "status": "processing",
    "filename": "dog.mp4",
    "file_type": "video/mp4",
    "created_at": "2026-11-29T10:00:00Z",
}
ASSET_READY = {
    **ASSET,
    "status": "ready",
    "size": 123456,
    "duration": 6.0,
    "technical_metadata": {"video_width": 640, "video_height": 360, "video_codec": "h264"},
    "hls": {"manifest_url": "https://cdn.example/as1.m3u8", "status": "COMPLETE"},
}
SESSION = {
    "upload_id": "up1",
    "asset_id": "as9",
    "chunk_size": 10_000_000,
    "total_chunks": 3,
    "upload_urls": [
        {"chunk_index": 1, "url": "https://storage.example/up1/1?sig=x", "expires_at": "2026-11-29T11:00:00Z"},
        {"chunk_index": 2, "url": "https://storage.example/up1/2?sig=y", "expires_at": "2026-11-29T11:00:00Z"},
    ],
    "upload_headers": {"Content-Type": "application/octet-stream"},
    "expires_at": "2026-11-30T10:00:00Z",
}
INDEXED_ASSET = {
    "_id": "ia1",
    "asset_id": "as1",
    "status": "indexing",
    "created_at": "2026-11-29T10:00:00Z",
    "system_metadata": {"filename": "dog.mp4", "duration": 6.0, "fps": 25, "width": 640, "height": 360, "size": 1},
}
TASK = {
    "_id": "t1",
    "video_id": "v1",
    "index_id": "idx1",
    "status": "ready",
    "created_at": T0,
    "updated_at": T0,
    "system_metadata": {"filename": "a.mp4", "duration": 12.5, "width": 1280, "height": 720},
    "hls": {"video_url": "https://cdn.example/t1.m3u8", "status": "COMPLETE"},
}
EMBED_TASK = {
    "_id": "et1",
    "model_name": "marengo3.0",
    "status": "ready",
    "created_at": T0,
    "updated_at": T0,
    "video_embedding": {
        "metadata": {"input_url": "https://e.example/v.mp4", "video_clip_length": 4, "duration": 12.0},
        "segments": [
            {"float": [0.1, 0.2], "start_offset_sec": 0, "end_offset_sec": 4, "embedding_option": "visual",
             "embedding_scope": "clip"}
        ],
    },
}
ANALYZE_ANSWER = {
    "id": "gen1",
    "data": '{"title": "A dog"}',
    "finish_reason": "stop",
    "usage": {"input_tokens": 120, "output_tokens": 7},
}


def ndjson(*events: dict[str, Any]) -> bytes:
    return b"".join(json.dumps(event).encode() + b"\n" for event in events)


STREAM_2026 = ndjson(
    {"event_type": "stream_start", "metadata": {"generation_id": "gen2"}},
    {"event_type": "text_generation", "text": '{"title": '},
    {"event_type": "text_generation", "text": '"A do'},
    {
        "event_type": "stream_end",
        "finish_reason": "length",
        "error": {"message": "The response reached the maximum length."},
        "metadata": {"generation_id": "gen2", "usage": {"input_tokens": 99, "output_tokens": 3}},
    },
)


# --- the table ----------------------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    method_name: str  # the route's SDK name, so the table can be checked for completeness
    call: Callable[[Any, Path], Any]  # (client, media directory) -> result; works on both clients
    http_method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    json: Any = None
    form: list[tuple[str, str]] | None = None
    # (field, filename, content type, bytes, or the name of a file in the media directory)
    files: list[tuple[str, str, str, bytes | str]] = field(default_factory=list)
    reply: Reply = field(default_factory=lambda: Reply(json={}))
    result_type: type | None = None
    expect: dict[str, Any] = field(default_factory=dict)  # dotted paths into the result -> value
    warns: tuple[str, ...] = ()  # one regex per DeprecationWarning the call must raise, in order
    allow_enum: bool = False  # the case deliberately sends a value the spec's enum lacks
    allow: tuple[str, ...] = ()  # spec problems (their `where`) tolerated, each with a reason in the case
    sync: bool = False  # also run it through the blocking client
    bug: str | None = None  # a known SDK bug: xfail(strict=True) with this reason


def _dig(obj: Any, path: str) -> Any:
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        obj = obj[int(index)] if index else getattr(obj, name)
    return obj


CASES = [
    # --- indexes --------------------------------------------------------------------------------------------
    Case(
        "indexes.create",
        "indexes.create",
        lambda c, m: c.indexes.create(index_name="news", models=MARENGO, addons=["thumbnail"]),
        "POST",
        "/indexes",
        json={"index_name": "news", "models": MARENGO, "addons": ["thumbnail"]},
        reply=Reply(201, json={"_id": "idx1"}),
        result_type=models.IndexCreated,
        expect={"id": "idx1"},
        sync=True,
    ),
    Case(
        "indexes.create(IndexModel)",
        "indexes.create",
        lambda c, m: c.indexes.create(
            index_name="clips", models=[IndexModel(model_name="marengo3.0", model_options=["visual"])]
        ),
        "POST",
        "/indexes",
        json={"index_name": "clips", "models": [{"model_name": "marengo3.0", "model_options": ["visual"]}]},
        reply=Reply(200, json={"_id": "idx2"}),
        expect={"id": "idx2"},
    ),
    Case(
        "indexes.list",
        "indexes.list",
        lambda c, m: c.indexes.list(
            page=2,
            page_limit=5,
            sort_by="updated_at",
            sort_option="asc",
            index_name="news",
            model_options=["visual", "audio"],
            model_family="marengo",
            created_at="2026-01-01T00:00:00Z",
            updated_at="2026-02-01T00:00:00Z",
        ),
        "GET",
        "/indexes",
        query=[
            ("page", "2"),
            ("page_limit", "5"),
            ("sort_by", "updated_at"),
            ("sort_option", "asc"),
            ("index_name", "news"),
            ("model_options", "visual,audio"),
            ("model_family", "marengo"),
            ("created_at", "2026-01-01T00:00:00Z"),
            ("updated_at", "2026-02-01T00:00:00Z"),
        ],
        reply=Reply(json=page([INDEX], 2, 2)),
        result_type=models.IndexPage,
        expect={
            "data[0].id": "idx1",
            "data[0].models[0].model_name": "marengo3.0",
            "data[0].video_count": 2,
            "page_info.total_page": 2,
        },
        sync=True,
    ),
    Case(
        "indexes.retrieve",
        "indexes.retrieve",
        lambda c, m: c.indexes.retrieve("idx1"),
        "GET",
        "/indexes/idx1",
        reply=Reply(json=INDEX),
        result_type=models.Index,
        expect={"id": "idx1", "addons": ["thumbnail"], "created_at": T0, "total_duration": 20.5},
        sync=True,
    ),
    Case(
        "indexes.update",
        "indexes.update",
        lambda c, m: c.indexes.update("idx1", index_name="renamed"),
        "PUT",
        "/indexes/idx1",
        json={"index_name": "renamed"},
        reply=Reply(200, body=b""),  # the 2026 spec documents 200 (the seed era answered 204)
    ),
    Case(
        "indexes.delete",
        "indexes.delete",
        lambda c, m: c.indexes.delete("idx/1"),
        "DELETE",
        "/indexes/idx%2F1",
        reply=Reply(204),
    ),
    # --- videos of an index -----------------------------------------------------------------------------------
    Case(
        "indexes.videos.list(ranges)",
        "indexes.videos.list",
        lambda c, m: c.indexes.videos.list(
            "idx1",
            page=1,
            page_limit=3,
            sort_by="created_at",
            sort_option="desc",
            filename="a.mp4",
            duration={"gte": 10, "lte": 20.5},
            fps=(24, None),
            width=(None, 1920),
            height={"gte": 720},
            size=(0, 10_000_000),
            created_at="2026-01-01T00:00:00Z",
            updated_at="2026-02-01T00:00:00Z",
            user_metadata={"category": "recentlyAdded", "needsReview": True, "rating": 9.3, "batchNumber": 5},
        ),
        "GET",
        "/indexes/idx1/videos",
        query=[
            ("page", "1"),
            ("page_limit", "3"),
            ("sort_by", "created_at"),
            ("sort_option", "desc"),
            ("filename", "a.mp4"),
            ("duration[gte]", "10"),
            ("duration[lte]", "20.5"),
            ("fps[gte]", "24"),
            ("width[lte]", "1920"),
            ("height[gte]", "720"),
            ("size[gte]", "0"),
            ("size[lte]", "10000000"),
            ("created_at", "2026-01-01T00:00:00Z"),
            ("updated_at", "2026-02-01T00:00:00Z"),
            ("category", "recentlyAdded"),
            ("needsReview", "true"),
            ("rating", "9.3"),
            ("batchNumber", "5"),
        ],
        reply=Reply(json=page([{k: VIDEO[k] for k in ("_id", "asset_id", "created_at", "system_metadata")}])),
        result_type=models.VideoPage,
        expect={"data[0].id": "v1", "data[0].asset_id": "a1", "data[0].system_metadata.width": 1280},
        sync=True,
    ),
    Case(
        "indexes.videos.retrieve",
        "indexes.videos.retrieve",
        lambda c, m: c.indexes.videos.retrieve(
            "idx1", "v1", embedding_option=["visual", "audio", "transcription"], transcription=True
        ),
        "GET",
        "/indexes/idx1/videos/v1",
        query=[
            ("embedding_option", "visual"),
            ("embedding_option", "audio"),
            ("embedding_option", "transcription"),
            ("transcription", "true"),
        ],
        reply=Reply(json=VIDEO),
        result_type=models.Video,
        expect={
            "id": "v1",
            "asset_id": "a1",
            "user_metadata": {"category": "news", "rating": 4.5},
            "embedding.video_embedding.segments[0].embedding": [0.5, -0.25],
            "transcription[0].value": "hello",
            "hls.status": "COMPLETE",
        },
    ),
    Case(
        "indexes.videos.update",
        "indexes.videos.update",
        lambda c, m: c.indexes.videos.update(
            "idx1", "v1", user_metadata={"a": 1, "b": "x", "c": True, "d": 1.5, "gone": None}
        ),
        "PATCH",  # the PUT of the seed era is gone; PATCH merges (None deletes a key)
        "/indexes/idx1/videos/v1",
        json={"user_metadata": {"a": 1, "b": "x", "c": True, "d": 1.5, "gone": None}},
        reply=Reply(200, body=b""),
        sync=True,
    ),
    Case(
        "indexes.videos.delete",
        "indexes.videos.delete",
        lambda c, m: c.indexes.videos.delete("idx1", "v1"),
        "DELETE",
        "/indexes/idx1/videos/v1",
        reply=Reply(200, body=b""),
    ),
    Case(
        "manage_videos.partial_update_video_information",
        "manage_videos.partial_update_video_information",
        lambda c, m: c.manage_videos.partial_update_video_information("idx1", "v1", user_metadata={"a": None}),
        "PATCH",
        "/indexes/idx1/videos/v1",
        json={"user_metadata": {"a": None}},
        reply=Reply(204),
        warns=(r"partial_update_video_information\(\) is deprecated: .*indexes\.videos\.update",),
    ),
    # --- tasks -------------------------------------------------------------------------------------------------
    Case(
        "tasks.create(url)",
        "tasks.create",
        lambda c, m: c.tasks.create(
            index_id="idx1",
            video_url="https://example.com/v.mp4",
            enable_video_stream=False,
            user_metadata={"k": "v", "n": 2, "ok": True},
        ),
        "POST",
        "/tasks",
        form=[
            ("index_id", "idx1"),
            ("video_url", "https://example.com/v.mp4"),
            ("enable_video_stream", "false"),
            ("user_metadata", '{"k":"v","n":2,"ok":true}'),
        ],
        reply=Reply(json={"_id": "t1", "video_id": "v1"}),
        result_type=models.TaskCreated,
        expect={"id": "t1", "video_id": "v1"},
        sync=True,
    ),
    Case(
        "tasks.create(file)",
        "tasks.create",
        lambda c, m: c.tasks.create(index_id="idx1", video_file=m / "dog park.mp4"),
        "POST",
        "/tasks",
        form=[("index_id", "idx1")],
        files=[("video_file", "dog park.mp4", "video/mp4", "dog park.mp4")],
        reply=Reply(json={"_id": "t2", "video_id": "v2"}),
        expect={"id": "t2"},
    ),
    Case(
        "tasks.list",
        "tasks.list",
        lambda c, m: c.tasks.list(
            page=1,
            page_limit=20,
            sort_by="created_at",
            sort_option="asc",
            index_id="idx1",
            status=["ready", "validating", "failed"],
            filename="a.mp4",
            duration=12.5,
            width=640,
            height=480,
            created_at="2026-01-01T00:00:00Z",
            updated_at="2026-02-01T00:00:00Z",
        ),
        "GET",
        "/tasks",
        query=[
            ("page", "1"),
            ("page_limit", "20"),
            ("sort_by", "created_at"),
            ("sort_option", "asc"),
            ("index_id", "idx1"),
            ("status", "ready"),
            ("status", "validating"),
            ("status", "failed"),
            ("filename", "a.mp4"),
            ("duration", "12.5"),
            ("width", "640"),
            ("height", "480"),
            ("created_at", "2026-01-01T00:00:00Z"),
            ("updated_at", "2026-02-01T00:00:00Z"),
        ],
        reply=Reply(json=page([TASK])),
        result_type=models.TaskPage,
        expect={"data[0].id": "t1", "data[0].status": "ready", "data[0].system_metadata.width": 1280},
    ),
    Case(
        "tasks.retrieve",
        "tasks.retrieve",
        lambda c, m: c.tasks.retrieve("t1"),
        "GET",
        "/tasks/t1",
        reply=Reply(json=TASK),
        result_type=models.Task,
        expect={"id": "t1", "hls.video_url": "https://cdn.example/t1.m3u8", "updated_at": T0},
    ),
    Case("tasks.delete", "tasks.delete", lambda c, m: c.tasks.delete("t1"), "DELETE", "/tasks/t1", reply=Reply(200)),
    # --- search ------------------------------------------------------------------------------------------------
    Case(
        "search.create(text, transcription)",
        "search.create",
        lambda c, m: c.search.create(
            index_id="idx1",
            search_options=["visual", "audio", "transcription"],
            transcription_options=["lexical", "semantic"],
            query_text="a dog <@ent_1> barking",
            group_by="clip",
            operator="and",
            page_limit=5,
            filter={"duration": {"gte": 600}},
            include_user_metadata=True,
        ),
        "POST",
        "/search",
        form=[
            ("index_id", "idx1"),
            ("search_options", "visual"),
            ("search_options", "audio"),
            ("search_options", "transcription"),
            ("query_text", "a dog <@ent_1> barking"),
            ("transcription_options", "lexical"),
            ("transcription_options", "semantic"),
            ("group_by", "clip"),
            ("operator", "and"),
            ("page_limit", "5"),
            ("filter", '{"duration":{"gte":600}}'),
            ("include_user_metadata", "true"),
        ],
        reply=Reply(
            json=search_page(
                [clip("v1", 1, user_metadata={"k": "v"}, transcription="woof"), clip("v2", 2)], "tok2"
            )
        ),
        result_type=models.SearchPage,
        expect={
            "clips[0].rank": 1,
            "clips[1].rank": 2,
            "clips[0].score": None,
            "clips[0].user_metadata": {"k": "v"},
            "clips[0].transcription": "woof",
            "next_page_token": "tok2",
            "search_pool.total_count": 3,
        },
        sync=True,
    ),
    Case(
        "search.create(text + several images)",
        "search.create",
        lambda c, m: c.search.create(
            index_id="idx1",
            search_options="visual",
            query_media_type="image",
            query_media_urls=["https://img.example/a.png", "https://img.example/b.png"],
            query_media_files=[m / "q1.png", JPEG],
            query_text="the same dog, running",
        ),
        "POST",
        "/search",
        form=[
            ("index_id", "idx1"),
            ("search_options", "visual"),
            ("query_media_type", "image"),
            ("query_media_url", "https://img.example/a.png"),
            ("query_media_url", "https://img.example/b.png"),
            ("query_text", "the same dog, running"),
        ],
        files=[
            ("query_media_file", "q1.png", "image/png", PNG),
            ("query_media_file", "image.jpg", "image/jpeg", JPEG),  # bytes: named for the field and its content
        ],
        reply=Reply(json=search_page([clip("v3", 1)])),
        expect={"clips[0].video_id": "v3", "next_page_token": None},
        sync=True,
    ),
    Case(
        "search.create(one image, grouped by video)",
        "search.create",
        lambda c, m: c.search.create(
            index_id="idx1",
            search_options=["visual"],
            query_media_type="image",
            query_media_url="https://img.example/a.png",
            query_media_file=PNG,
            group_by="video",
        ),
        "POST",
        "/search",
        form=[
            ("index_id", "idx1"),
            ("search_options", "visual"),
            ("query_media_type", "image"),
            ("query_media_url", "https://img.example/a.png"),
            ("group_by", "video"),
        ],
        files=[("query_media_file", "image.png", "image/png", PNG)],
        reply=Reply(json=search_page([{"id": "v1", "rank": 1, "clips": [clip("v1", 1), clip("v1", 2)]}])),
        expect={"groups[0].id": "v1", "groups[0].rank": 1, "groups[0].clips[1].rank": 2, "clips": []},
    ),
    Case(
        "search.create(dropped parameters)",
        "search.create",
        lambda c, m: c.search.create(
            index_id="idx1",
            search_options=["visual"],
            query_text="dogs",
            adjust_confidence_level=0.5,
            threshold="high",
            sort_option="score",
        ),
        "POST",
        "/search",
        form=[("index_id", "idx1"), ("search_options", "visual"), ("query_text", "dogs")],
        reply=Reply(json=search_page([clip("v1", 1)])),
        expect={"clips[0].rank": 1},
        warns=(r"adjust_confidence_level=\.\.\.\) is not sent", r"threshold=\.\.\.\) is not sent",
               r"sort_option=\.\.\.\) is not sent"),
    ),
    Case(
        "search.retrieve",
        "search.retrieve",
        lambda c, m: c.search.retrieve("tok/2", include_user_metadata=True),
        "GET",
        "/search/tok%2F2",
        query=[("include_user_metadata", "true")],
        reply=Reply(json=search_page([clip("v9", 11, user_metadata={"a": 1})])),
        result_type=models.SearchPage,
        expect={"clips[0].rank": 11, "clips[0].user_metadata": {"a": 1}, "next_page_token": None},
    ),
    # --- embeddings ---------------------------------------------------------------------------------------------
    Case(
        "embed.create(urls)",
        "embed.create",
        lambda c, m: c.embed.create(
            model_name="marengo3.0",
            text="a dog",
            image_url="https://img.example/a.png",
            audio_url="https://audio.example/a.mp3",
            audio_start_offset_sec=1.5,
        ),
        "POST",
        "/embed",
        form=[
            ("model_name", "marengo3.0"),
            ("text", "a dog"),
            ("image_url", "https://img.example/a.png"),
            ("audio_url", "https://audio.example/a.mp3"),
            ("audio_start_offset_sec", "1.5"),
        ],
        reply=Reply(
            json={
                "model_name": "marengo3.0",
                "text_embedding": {"segments": [{"float": [0.25, 0.5]}]},
                "image_embedding": {"segments": [{"float": [1.0]}], "metadata": {"input_url": "u"}},
            }
        ),
        result_type=models.EmbeddingResponse,
        expect={"model_name": "marengo3.0", "text_embedding.segments[0].embedding": [0.25, 0.5],
                "image_embedding.metadata.input_url": "u"},
        sync=True,
    ),
    Case(
        "embed.create(files, text_truncate dropped)",
        "embed.create",
        lambda c, m: c.embed.create(
            model_name="marengo3.0", text="a dog", text_truncate="end", image_file=m / "q1.png", audio_file=WAV
        ),
        "POST",
        "/embed",
        form=[("model_name", "marengo3.0"), ("text", "a dog")],
        files=[
            ("image_file", "q1.png", "image/png", PNG),
            ("audio_file", "audio.wav", "audio/wav", WAV),
        ],
        reply=Reply(json={"model_name": "marengo3.0", "audio_embedding": {"segments": [{"float": [0.0]}]}}),
        expect={"audio_embedding.segments[0].embedding": [0.0]},
        warns=(r"embed\.create\(text_truncate=\.\.\.\) is not sent",),
    ),
    Case(
        "embed.tasks.create(url)",
        "embed.tasks.create",
        lambda c, m: c.embed.tasks.create(
            model_name="marengo3.0",
            video_url="https://example.com/v.mp4",
            video_start_offset_sec=0,
            video_end_offset_sec=12,
            video_clip_length=4,
            video_embedding_scope=["clip", "video"],
        ),
        "POST",
        "/embed/tasks",
        form=[
            ("model_name", "marengo3.0"),
            ("video_url", "https://example.com/v.mp4"),
            ("video_start_offset_sec", "0"),
            ("video_end_offset_sec", "12"),
            ("video_clip_length", "4"),
            ("video_embedding_scope", "clip"),
            ("video_embedding_scope", "video"),
        ],
        reply=Reply(json={"_id": "et1"}),
        result_type=models.EmbedTaskCreated,
        expect={"id": "et1"},
    ),
    Case(
        "embed.tasks.create(file)",
        "embed.tasks.create",
        lambda c, m: c.embed.tasks.create(model_name="marengo3.0", video_file=str(m / "dog park.mp4")),
        "POST",
        "/embed/tasks",
        form=[("model_name", "marengo3.0")],
        files=[("video_file", "dog park.mp4", "video/mp4", "dog park.mp4")],
        reply=Reply(json={"_id": "et2"}),
        expect={"id": "et2"},
    ),
    Case(
        "embed.tasks.list",
        "embed.tasks.list",
        lambda c, m: c.embed.tasks.list(
            started_at="2026-01-01T00:00:00Z",
            ended_at="2026-01-08T00:00:00Z",
            status="ready",
            page=1,
            page_limit=2,
        ),
        "GET",
        "/embed/tasks",
        query=[
            ("started_at", "2026-01-01T00:00:00Z"),
            ("ended_at", "2026-01-08T00:00:00Z"),
            ("status", "ready"),
            ("page", "1"),
            ("page_limit", "2"),
        ],
        reply=Reply(json=page([{k: EMBED_TASK[k] for k in ("_id", "model_name", "status", "created_at")}])),
        result_type=models.EmbedTaskPage,
        expect={"data[0].id": "et1", "data[0].status": "ready"},
    ),
    Case(
        "embed.tasks.status",
        "embed.tasks.status",
        lambda c, m: c.embed.tasks.status("et1"),
        "GET",
        "/embed/tasks/et1/status",
        reply=Reply(json={"_id": "et1", "status": "processing", "model_name": "marengo3.0"}),
        result_type=models.EmbedTaskStatus,
        expect={"id": "et1", "status": "processing"},
    ),
    Case(
        "embed.tasks.retrieve",
        "embed.tasks.retrieve",
        lambda c, m: c.embed.tasks.retrieve("et1", embedding_option=["visual", "audio", "transcription"]),
        "GET",
        "/embed/tasks/et1",
        query=[("embedding_option", "visual"), ("embedding_option", "audio"), ("embedding_option", "transcription")],
        reply=Reply(json=EMBED_TASK),
        result_type=models.EmbedTask,
        expect={
            "id": "et1",
            "updated_at.year": 2026,
            "video_embedding.segments[0].embedding": [0.1, 0.2],
            "video_embedding.metadata.video_clip_length": 4,
        },
    ),
    # --- analyze -------------------------------------------------------------------------------------------------
    Case(
        "analyze(url, bare schema, window)",
        "analyze",
        lambda c, m: c.analyze(
            model_name="pegasus1.5",
            video="https://example.com/dog.mp4",
            prompt="Title this video.",
            temperature=0.1,
            response_format=SCHEMA,
            max_tokens=1024,
            start_time=5,
            end_time=12.5,
        ),
        "POST",
        "/analyze",
        json={
            "model_name": "pegasus1.5",
            "video": {"type": "url", "url": "https://example.com/dog.mp4"},
            "prompt": "Title this video.",
            "temperature": 0.1,
            "response_format": {"type": "json_schema", "json_schema": SCHEMA},
            "max_tokens": 1024,
            "start_time": 5,
            "end_time": 12.5,
            "stream": False,
        },
        reply=Reply(json=ANALYZE_ANSWER),
        result_type=models.AnalyzeResult,
        expect={"id": "gen1", "data": '{"title": "A dog"}', "finish_reason": "stop", "error": None,
                "usage.input_tokens": 120, "usage.output_tokens": 7},
        sync=True,
    ),
    Case(
        "analyze(bytes, prompt_v_2 str)",
        "analyze",
        lambda c, m: c.analyze(video=b"\x00\x00\x00\x18ftypmp42", prompt_v_2="Is there a <@dog> here?"),
        "POST",
        "/analyze",
        json={
            "video": {"type": "base64_string", "base64_string": base64.b64encode(b"\x00\x00\x00\x18ftypmp42").decode()},
            "prompt_v2": {"input_text": "Is there a <@dog> here?"},
            "stream": False,
        },
        reply=Reply(json={"id": "gen3", "data": "Yes."}),
        expect={"data": "Yes.", "finish_reason": None},
    ),
    Case(
        "analyze(asset, full response format)",
        "analyze",
        lambda c, m: c.analyze(
            model_name="pegasus1.2",
            video=VideoContext.from_asset("asset1"),
            prompt="Title?",
            response_format={"type": "json_schema", "json_schema": SCHEMA},
        ),
        "POST",
        "/analyze",
        json={
            "model_name": "pegasus1.2",
            "video": {"type": "asset_id", "asset_id": "asset1"},
            "prompt": "Title?",
            "response_format": {"type": "json_schema", "json_schema": SCHEMA},
            "stream": False,
        },
        reply=Reply(json=ANALYZE_ANSWER),
        expect={"data": '{"title": "A dog"}'},
    ),
    Case(
        "analyze(mapping, prompt_v_2 mapping, cut at length)",
        "analyze",
        lambda c, m: c.analyze(
            model_name="pegasus1.5",
            video={"type": "url", "url": "https://example.com/dog.mp4"},
            prompt_v_2={
                "input_text": "Is <@rex> in it?",
                "media_sources": [{"name": "rex", "media_type": "image", "url": "https://img.example/rex.png"}],
            },
            max_tokens=512,
        ),
        "POST",
        "/analyze",
        json={
            "model_name": "pegasus1.5",
            "video": {"type": "url", "url": "https://example.com/dog.mp4"},
            "prompt_v2": {
                "input_text": "Is <@rex> in it?",
                "media_sources": [{"name": "rex", "media_type": "image", "url": "https://img.example/rex.png"}],
            },
            "max_tokens": 512,
            "stream": False,
        },
        reply=Reply(json={"id": "gen4", "data": "Rex is", "finish_reason": "length",
                          "error": {"message": "The response reached the maximum length."},
                          "usage": {"output_tokens": 512}}),
        expect={"finish_reason": "length", "error.message": "The response reached the maximum length.",
                "data": "Rex is"},
    ),
    Case(
        # pegasus1.6 and `image` come from the official SDK 1.3.6, ahead of the 2026-07 spec (which knows
        # neither): the two findings are tolerated here and nowhere else.
        "analyze(images, pegasus1.6)",
        "analyze",
        lambda c, m: c.analyze(
            model_name="pegasus1.6",
            image=[{"name": "a", "url": "https://img.example/a.png"}, {"name": "b", "asset_id": "asset2"}],
            prompt="Compare <@a> and <@b>.",
        ),
        "POST",
        "/analyze",
        json={
            "model_name": "pegasus1.6",
            "image": [{"name": "a", "url": "https://img.example/a.png"}, {"name": "b", "asset_id": "asset2"}],
            "prompt": "Compare <@a> and <@b>.",
            "stream": False,
        },
        reply=Reply(json={"id": "gen5", "data": "Both are dogs."}),
        expect={"data": "Both are dogs."},
        allow_enum=True,
        allow=("body.image",),
    ),
    Case(
        "analyze(video_id, deprecated)",
        "analyze",
        lambda c, m: c.analyze(video_id="v1", prompt="describe"),
        "POST",
        "/analyze",
        json={"video_id": "v1", "prompt": "describe", "stream": False},
        reply=Reply(json={"id": "gen6", "data": "text"}),
        expect={"data": "text"},
        warns=(r"analyze\(video_id=\.\.\.\) is deprecated",),
    ),
    Case(
        "analyze_stream(stream_end of 2026)",
        "analyze_stream",
        lambda c, m: c.analyze_stream(
            model_name="pegasus1.5", video=VideoContext.from_url("https://example.com/dog.mp4"), prompt="Title?",
            temperature=0.7, response_format=SCHEMA,
        ),
        "POST",
        "/analyze",
        json={
            "model_name": "pegasus1.5",
            "video": {"type": "url", "url": "https://example.com/dog.mp4"},
            "prompt": "Title?",
            "temperature": 0.7,
            "response_format": {"type": "json_schema", "json_schema": SCHEMA},
            "stream": True,
        },
        reply=Reply(body=STREAM_2026, content_type="application/x-ndjson"),
        expect={
            "text": '{"title": "A do',
            "generation_id": "gen2",
            "finish_reason": "length",
            "error.message": "The response reached the maximum length.",
            "usage.output_tokens": 3,
            "usage.input_tokens": 99,
            "done": True,
        },
        sync=True,
    ),
    # --- assets ---------------------------------------------------------------------------------------------
    Case(
        "assets.create(direct)",
        "assets.create",
        lambda c, m: c.assets.create(
            method="direct",
            file=m / "dog park.mp4",
            filename="dog.mp4",
            enable_hls=False,
            enable_thumbnail=True,
            user_metadata={"team": "news", "tags": ["a", "b"]},
        ),
        "POST",
        "/assets",
        form=[
            ("method", "direct"),
            ("filename", "dog.mp4"),
            ("enable_hls", "false"),
            ("enable_thumbnail", "true"),
            ("user_metadata", '{"team":"news","tags":["a","b"]}'),
        ],
        files=[("file", "dog park.mp4", "video/mp4", "dog park.mp4")],
        reply=Reply(201, json=ASSET),
        result_type=models.Asset,
        expect={"id": "as1", "status": "processing", "method": "direct"},
        sync=True,
    ),
    Case(
        "assets.create(url)",
        "assets.create",
        lambda c, m: c.assets.create(method="url", url="https://media.example/clip.mp4"),
        "POST",
        "/assets",
        form=[("method", "url"), ("url", "https://media.example/clip.mp4")],
        reply=Reply(201, json={**ASSET, "method": "url"}),
        expect={"method": "url"},
    ),
    Case(
        "assets.list",
        "assets.list",
        lambda c, m: c.assets.list(
            page=1, page_limit=50, asset_ids=["as1", "as2"], asset_types=["video", "audio"], filename="dog"
        ),
        "GET",
        "/assets",
        query=[
            ("page", "1"),
            ("page_limit", "50"),
            ("asset_ids", "as1"),
            ("asset_ids", "as2"),
            ("asset_types", "video"),
            ("asset_types", "audio"),
            ("filename", "dog"),
        ],
        reply=Reply(json=page([ASSET_READY])),
        result_type=models.AssetPage,
        expect={"data[0].status": "ready", "data[0].technical_metadata.video_width": 640, "data[0].duration": 6.0},
        sync=True,
    ),
    Case(
        "assets.retrieve",
        "assets.retrieve",
        lambda c, m: c.assets.retrieve("as1"),
        "GET",
        "/assets/as1",
        reply=Reply(json={**ASSET, "status": "failed", "error": {"message": "The file is corrupt."}}),
        result_type=models.Asset,
        expect={"status": "failed", "error.message": "The file is corrupt.", "is_done": True},
    ),
    Case(
        "assets.delete(force)",
        "assets.delete",
        lambda c, m: c.assets.delete("as1", force=True),
        "DELETE",
        "/assets/as1",
        query=[("force", "true")],
        reply=Reply(200),
        expect={},
    ),
    Case(
        "assets.retrieve_transcription",
        "assets.retrieve_transcription",
        lambda c, m: c.assets.retrieve_transcription("as1", include=["words", "utterances"]),
        "GET",
        "/assets/as1/transcription",
        query=[("include", "words"), ("include", "utterances")],
        reply=Reply(
            json={
                "status": "ready",
                "words": [{"start": 0.0, "end": 0.4, "value": "hello"}],
                "utterances": [{"start": 0.0, "end": 2.0, "value": "hello there", "speaker": "A"}],
            }
        ),
        result_type=models.AssetTranscription,
        expect={"status": "ready", "words[0].value": "hello", "utterances[0].speaker": "A"},
        allow=("unspecified",),  # the official SDK 1.3.6 has this operation; the 2026-07 spec does not yet
    ),
    Case(
        "assets.replace_user_metadata",
        "assets.replace_user_metadata",
        lambda c, m: c.assets.replace_user_metadata("as1", user_metadata={"team": "sports", "rating": 9.5}),
        "PUT",
        "/assets/as1/user-metadata",
        json={"user_metadata": {"team": "sports", "rating": 9.5}},
        reply=Reply(200),
    ),
    Case(
        "assets.update_user_metadata",
        "assets.update_user_metadata",
        lambda c, m: c.assets.update_user_metadata("as1", user_metadata={"team": None, "live": True}),
        "PATCH",
        "/assets/as1/user-metadata",
        json={"user_metadata": {"team": None, "live": True}},
        reply=Reply(204),
    ),
    Case(
        "assets.delete_user_metadata",
        "assets.delete_user_metadata",
        lambda c, m: c.assets.delete_user_metadata("as1"),
        "DELETE",
        "/assets/as1/user-metadata",
        reply=Reply(200),
    ),
    # --- multipart uploads ----------------------------------------------------------------------------------
    Case(
        "multipart_upload.create",
        "multipart_upload.create",
        lambda c, m: c.multipart_upload.create(
            filename="big.mp4", type="video", total_size=25_000_000, enable_hls=True, user_metadata={"a": 1}
        ),
        "POST",
        "/assets/multipart-uploads",
        json={"filename": "big.mp4", "type": "video", "total_size": 25_000_000, "enable_hls": True,
              "user_metadata": {"a": 1}},
        reply=Reply(201, json=SESSION),
        result_type=models.MultipartUpload,
        expect={"upload_id": "up1", "asset_id": "as9", "chunk_size": 10_000_000, "total_chunks": 3,
                "upload_urls[1].chunk_index": 2, "upload_headers": {"Content-Type": "application/octet-stream"}},
        sync=True,
    ),
    Case(
        "multipart_upload.list_incomplete_uploads",
        "multipart_upload.list_incomplete_uploads",
        lambda c, m: c.multipart_upload.list_incomplete_uploads(page=1, page_limit=20),
        "GET",
        "/assets/multipart-uploads",
        query=[("page", "1"), ("page_limit", "20")],
        reply=Reply(
            json=page([{"upload_id": "up1", "status": "active", "total_size": 25_000_000, "chunk_size": 10_000_000,
                        "total_chunks": 3, "expires_at": "2026-11-30T10:00:00Z"}])
        ),
        result_type=models.IncompleteUploadPage,
        expect={"data[0].upload_id": "up1", "data[0].total_chunks": 3},
    ),
    Case(
        "multipart_upload.get_status",
        "multipart_upload.get_status",
        lambda c, m: c.multipart_upload.get_status("up1", page=1, page_limit=50),
        "GET",
        "/assets/multipart-uploads/up1",
        query=[("page", "1"), ("page_limit", "50")],
        reply=Reply(
            json={
                "upload_id": "up1",
                "status": "active",
                "uploaded_chunks": [
                    {"index": 1, "status": "completed", "uploaded_at": "2026-11-29T10:00:00Z"},
                    {"index": 2, "status": "failed", "error": "checksum mismatch"},
                ],
                "chunks_completed": 1,
                "chunks_failed": 1,
                "chunks_pending": 1,
                "total_size": 25_000_000,
                "uploaded_size": 10_000_000,
                "page_info": {"page": 1, "limit_per_page": 50, "total_page": 1, "total_results": 2},
            }
        ),
        result_type=models.UploadStatus,
        expect={"status": "active", "uploaded_chunks[1].error": "checksum mismatch", "chunks_pending": 1},
        sync=True,
    ),
    Case(
        "multipart_upload.report_chunk_batch",
        "multipart_upload.report_chunk_batch",
        lambda c, m: c.multipart_upload.report_chunk_batch(
            "up1",
            completed_chunks=[
                {"chunk_index": 1, "proof": '"etag-1"', "chunk_size": 10_000_000},
                {"chunk_index": 2, "proof": '"etag-2"', "proof_type": "etag", "chunk_size": 10_000_000},
            ],
        ),
        "POST",
        "/assets/multipart-uploads/up1",
        json={
            "completed_chunks": [
                {"chunk_index": 1, "proof": '"etag-1"', "chunk_size": 10_000_000, "proof_type": "etag"},
                {"chunk_index": 2, "proof": '"etag-2"', "proof_type": "etag", "chunk_size": 10_000_000},
            ]
        },
        reply=Reply(json={"asset_id": "as9", "processed_chunks": 2, "duplicate_chunks": 0, "total_completed": 2}),
        result_type=models.ChunkReport,
        expect={"asset_id": "as9", "total_completed": 2, "url": None},
    ),
    Case(
        "multipart_upload.get_additional_presigned_urls",
        "multipart_upload.get_additional_presigned_urls",
        lambda c, m: c.multipart_upload.get_additional_presigned_urls("up1", start=3, count=1),
        "POST",
        "/assets/multipart-uploads/up1/presigned-urls",
        json={"start": 3, "count": 1},
        reply=Reply(
            json={"upload_id": "up1", "start_index": 3, "count": 1,
                  "upload_urls": [{"chunk_index": 3, "url": "https://storage.example/up1/3?sig=z",
                                   "expires_at": "2026-11-29T11:00:00Z"}],
                  "generated_at": "2026-11-29T10:00:00Z", "expires_at": "2026-11-29T11:00:00Z"}
        ),
        result_type=models.PresignedUrls,
        expect={"start_index": 3, "upload_urls[0].chunk_index": 3},
    ),
    # --- indexed assets -------------------------------------------------------------------------------------
    Case(
        "indexes.indexed_assets.create",
        "indexes.indexed_assets.create",
        lambda c, m: c.indexes.indexed_assets.create(
            "idx1", asset_id="as1", enable_video_stream=True, user_metadata={"show": "news"}
        ),
        "POST",
        "/indexes/idx1/indexed-assets",
        json={"asset_id": "as1", "enable_video_stream": True, "user_metadata": {"show": "news"}},
        reply=Reply(202, json={"_id": "ia1", "asset_id": "as1"}),
        result_type=models.IndexedAssetCreated,
        expect={"id": "ia1", "asset_id": "as1"},
        sync=True,
    ),
    Case(
        "indexes.indexed_assets.list",
        "indexes.indexed_assets.list",
        lambda c, m: c.indexes.indexed_assets.list(
            "idx1",
            page_limit=50,
            sort_by="updated_at",
            sort_option="desc",
            status=["pending", "indexing"],
            filename="dog",
            duration=(10, 60),
            width={"gte": 640},
            user_metadata={"show": "news"},
        ),
        "GET",
        "/indexes/idx1/indexed-assets",
        query=[
            ("page", "1"),
            ("page_limit", "50"),
            ("sort_by", "updated_at"),
            ("sort_option", "desc"),
            ("status", "pending"),
            ("status", "indexing"),
            ("filename", "dog"),
            ("duration[gte]", "10"),
            ("duration[lte]", "60"),
            ("width[gte]", "640"),
            ("show", "news"),
        ],
        reply=Reply(json=page([INDEXED_ASSET])),
        result_type=models.IndexedAssetPage,
        expect={"data[0].id": "ia1", "data[0].status": "indexing", "data[0].system_metadata.width": 640},
        sync=True,
    ),
    Case(
        "indexes.indexed_assets.retrieve",
        "indexes.indexed_assets.retrieve",
        lambda c, m: c.indexes.indexed_assets.retrieve(
            "idx1", "ia1", embedding_option=["visual", "transcription"], transcription=True
        ),
        "GET",
        "/indexes/idx1/indexed-assets/ia1",
        query=[("embedding_option", "visual"), ("embedding_option", "transcription"), ("transcription", "true")],
        reply=Reply(json={**INDEXED_ASSET, "status": "ready", "user_metadata": {"show": "news"},
                          "transcription": [{"start": 0, "end": 1.5, "value": "hello"}]}),
        result_type=models.IndexedAsset,
        expect={"status": "ready", "user_metadata": {"show": "news"}, "transcription[0].value": "hello"},
    ),
    Case(
        "indexes.indexed_assets.update",
        "indexes.indexed_assets.update",
        lambda c, m: c.indexes.indexed_assets.update("idx1", "ia1", user_metadata={"show": None}),
        "PATCH",
        "/indexes/idx1/indexed-assets/ia1",
        json={"user_metadata": {"show": None}},
        reply=Reply(200),
    ),
    Case(
        "indexes.indexed_assets.delete",
        "indexes.indexed_assets.delete",
        lambda c, m: c.indexes.indexed_assets.delete("idx1", "ia1"),
        "DELETE",
        "/indexes/idx1/indexed-assets/ia1",
        reply=Reply(200),
    ),
    Case(
        "indexes.indexed_assets.list_by_asset",
        "indexes.indexed_assets.list_by_asset",
        lambda c, m: c.indexes.indexed_assets.list_by_asset("as1", page_limit=50),
        "GET",
        "/assets/as1/indexed-assets",
        query=[("page", "1"), ("page_limit", "50")],
        reply=Reply(json=page([{"_id": "ia1", "index": {"_id": "idx1", "name": "news"}}])),
        result_type=models.IndexedAssetRefPage,
        expect={"data[0].id": "ia1", "data[0].index.id": "idx1", "data[0].index.name": "news"},
    ),
]


# --- running a case -------------------------------------------------------------------------------------------


@pytest.fixture
def media(tmp_path: Path) -> Path:
    write_sample_mp4(tmp_path / "dog park.mp4", duration=6.0, width=640, height=360)
    (tmp_path / "q1.png").write_bytes(PNG)
    return tmp_path


async def settle(result: Any) -> Any:
    """What an async call gives: the answer, a pager's first page, or a stream consumed to its end."""
    if isinstance(result, AnalyzeStream):
        assert [event async for event in result]
        return result
    if isinstance(result, AsyncPager):
        pager = await result  # the official SDK's form: the pager itself, holding its first page
        assert pager is result
        return pager.page
    if inspect.isawaitable(result):
        return await result
    return result


def settle_sync(result: Any) -> Any:
    if isinstance(result, SyncAnalyzeStream):
        assert list(result)
        return result
    if isinstance(result, SyncPager):
        return result.page  # fetched at the call
    return result


def validate(req: Recorded, *, allow_enum: bool = False, allow: tuple[str, ...] = ()) -> spec_check.OperationMatch:
    """The official spec's verdict; ``allow`` names the problems a case knowingly causes (each must occur), and
    ``"unspecified"`` an operation of the official SDK 1.3.6 that the spec lacks (it must be one)."""
    if "unspecified" in allow:
        match = spec_check.validate_request(req, allow_unknown_enum_values=allow_enum, allow_unspecified=True)
        assert match.unspecified, "the spec now has this operation: drop the allowance"
        return match
    try:
        match = spec_check.validate_request(req, allow_unknown_enum_values=allow_enum)
    except spec_check.SpecViolation as exc:
        unexpected = [str(p) for p in exc.problems if p.where not in allow]
        assert not unexpected, str(exc)
        assert {p.where for p in exc.problems} == set(allow), str(exc)
        assert exc.match is not None
        return exc.match
    assert not allow, f"the spec no longer objects to {allow}: drop the allowance"
    return match


def check_request(case: Case, req: Recorded, media: Path) -> None:
    assert req.method == case.http_method
    assert req.raw_path == "/v1.3" + case.path
    assert sorted(req.query) == sorted(case.query)
    for key in {k for k, _ in case.query}:  # repeated keys keep their order
        assert [v for k, v in req.query if k == key] == [v for k, v in case.query if k == key]
    assert req.headers.getall("x-api-key") == [API_KEY]
    if case.json is not None:
        assert req.content_type is not None and req.content_type.startswith("application/json")
        assert req.json == case.json
    elif case.form is not None:
        assert req.content_type is not None and req.content_type.startswith("multipart/form-data; boundary=")
        assert sorted(req.fields()) == sorted(case.form)
        for name in {n for n, _ in case.form}:
            assert [v for n, v in req.fields() if n == name] == [v for n, v in case.form if n == name]
        expected_files = [
            (name, filename, ctype, (media / data).read_bytes() if isinstance(data, str) else data)
            for name, filename, ctype, data in case.files
        ]
        assert [(p.name, p.filename, p.content_type, p.data) for p in req.files()] == expected_files
    else:
        assert "Content-Type" not in req.headers
        assert req.body == b""


def check_result(case: Case, result: Any) -> None:
    if case.result_type is not None:
        assert isinstance(result, case.result_type), result
    if not case.expect and case.result_type is None:
        assert result is None
    for path, expected in case.expect.items():
        assert _dig(result, path) == expected, (path, result)


def check_warnings(case: Case, caught: list[warnings.WarningMessage]) -> None:
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == len(case.warns), [str(w.message) for w in deprecations]
    for pattern, warning in zip(case.warns, deprecations, strict=True):
        assert re.search(pattern, str(warning.message)), str(warning.message)
        assert warning.filename == __file__


def _params(cases: list[Case]) -> list[Any]:
    return [
        pytest.param(case, id=case.id, marks=[pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [])
        for case in cases
    ]


def cases_elsewhere() -> list[Case]:
    """Wire cases kept in a resource's own test module, as a list named ``WIRE_CASES`` of this file's ``Case``
    (run there with this file's checks), so that work on separate resources adds test files, not lines here."""
    found: list[Case] = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        if path.name != Path(__file__).name and "WIRE_CASES" in path.read_text(encoding="utf-8"):
            found.extend(importlib.import_module(path.stem).WIRE_CASES)
    return found


def test_the_table_covers_every_route() -> None:
    live = {route.method_name for route in ROUTES if route.removed is None}
    cases = CASES + cases_elsewhere()
    assert {case.method_name for case in cases} == live
    assert {case.method_name for case in cases if case.sync} <= live
    assert len({case.id for case in cases}) == len(cases)


@pytest.mark.parametrize("case", _params(CASES))
async def test_route_on_the_wire(case: Case, server: RecordingServer, client: AsyncTwelveLabs, media: Path) -> None:
    server.script(case.reply)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = await settle(case.call(client, media))
    check_warnings(case, caught)
    check_result(case, result)
    assert len(server.requests) == 1
    req = server.requests[0]
    check_request(case, req, media)
    match = validate(req, allow_enum=case.allow_enum, allow=case.allow)
    assert match.method == case.http_method


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


@pytest.mark.parametrize("case", _params([case for case in CASES if case.sync]))
def test_route_on_the_wire_sync(case: Case, server: RecordingServer, sync_client: TwelveLabs, media: Path) -> None:
    server.script(case.reply)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = settle_sync(case.call(sync_client, media))
    check_warnings(case, caught)
    check_result(case, result)
    assert len(server.requests) == 1
    check_request(case, server.requests[0], media)
    validate(server.requests[0], allow_enum=case.allow_enum, allow=case.allow)


def test_the_sync_subset_spans_every_shape() -> None:
    shapes = {(c.http_method, c.json is not None, c.form is not None, bool(c.files)) for c in CASES if c.sync}
    assert ("GET", False, False, False) in shapes  # query only
    assert ("POST", True, False, False) in shapes  # JSON body
    assert ("PATCH", True, False, False) in shapes
    assert ("POST", False, True, False) in shapes  # multipart
    assert ("POST", False, True, True) in shapes  # multipart with file parts
    assert any(c.method_name == "analyze_stream" for c in CASES if c.sync)
    assert any(c.method_name.endswith(".list") for c in CASES if c.sync)


# --- removed routes -------------------------------------------------------------------------------------------

REMOVED_CALLS: dict[str, Callable[[Any], Any]] = {
    "tasks.transfers.create": lambda c: c.tasks.transfers.create(
        "int1", index_id="idx1", incremental_import=False, retry_failed=True, user_metadata={"src": "s3"}
    ),
    "tasks.transfers.get_status": lambda c: c.tasks.transfers.get_status("int1", index_id="idx1"),
    "tasks.transfers.get_logs": lambda c: c.tasks.transfers.get_logs("int1"),
}


def test_every_removed_route_has_a_call() -> None:
    assert set(REMOVED_CALLS) == {route.method_name for route in ROUTES if route.removed is not None}


@pytest.mark.parametrize("name", sorted(REMOVED_CALLS))
async def test_removed_route_raises_before_any_request(
    name: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(EndpointRemovedError) as info:
        await settle(REMOVED_CALLS[name](client))
    assert info.value.method == name
    assert "client.data_connectors" in info.value.replacement and "client.imports" in info.value.replacement
    assert str(info.value).startswith(f"{name}() cannot be called:")
    assert server.requests == []


@pytest.mark.parametrize("name", sorted(REMOVED_CALLS))
def test_removed_route_raises_before_any_request_sync(
    name: str, server: RecordingServer, sync_client: TwelveLabs
) -> None:
    with pytest.raises(EndpointRemovedError) as info:
        settle_sync(REMOVED_CALLS[name](sync_client))
    assert info.value.method == name
    assert "imports" in info.value.replacement
    assert server.requests == []


# --- paging through search ------------------------------------------------------------------------------------


async def test_search_query_pages_through_get_search_token(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(
        Reply(json=search_page([clip("v1", 1, user_metadata={"n": 1}), clip("v2", 2)], "tok/2")),
        Reply(json=search_page([clip("v3", 3)], "tok3")),
        Reply(json=search_page([clip("v4", 4)])),
    )
    pager = client.search.query(
        index_id="idx1",
        search_options=["visual", "transcription"],
        transcription_options="semantic",
        query_text="dogs",
        include_user_metadata=True,
        page_limit=2,
    )
    clips = [item async for item in pager]
    assert [(c.video_id, c.rank) for c in clips] == [("v1", 1), ("v2", 2), ("v3", 3), ("v4", 4)]
    assert clips[0].user_metadata == {"n": 1}
    first, second, third = server.requests
    assert (first.method, first.raw_path) == ("POST", "/v1.3/search")
    assert ("include_user_metadata", "true") in first.fields()
    assert (second.method, second.raw_path, second.query) == (
        "GET", "/v1.3/search/tok%2F2", [("include_user_metadata", "true")]
    )
    assert (third.method, third.raw_path, third.query) == (
        "GET", "/v1.3/search/tok3", [("include_user_metadata", "true")]
    )
    for req in server.requests:
        validate(req)
    assert second.body == third.body == b""


def test_search_query_pages_sync(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(Reply(json=search_page([clip("v1", 1)], "t2")), Reply(json=search_page([clip("v2", 2)])))
    pager = sync_client.search.query(index_id="idx1", search_options="audio", query_text="q",
                                     include_user_metadata=False)
    assert [c.rank for c in pager] == [1, 2]
    assert [r.raw_path for r in server.requests] == ["/v1.3/search", "/v1.3/search/t2"]
    assert server.requests[1].query == [("include_user_metadata", "false")]
    for req in server.requests:
        validate(req)


async def test_page_number_follow_ups_keep_ranges_and_metadata_keys(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    def answer(req: Recorded) -> Reply:
        number = int(dict(req.query)["page"])
        return Reply(json=page([{"_id": f"v{number}"}], number, 2))

    server.script(answer, answer)
    ids = [v.id async for v in client.indexes.videos.list("idx1", duration=(5, 60), user_metadata={"cat": "a"})]
    assert ids == ["v1", "v2"]
    for number, req in enumerate(server.requests, start=1):
        assert sorted(req.query) == sorted(
            [("page", str(number)), ("duration[gte]", "5"), ("duration[lte]", "60"), ("cat", "a")]
        )
        validate(req)


# --- known gaps between the table and the spec --------------------------------------------------------------


async def test_range_filters_given_as_numbers_are_sent_as_the_spec_wants(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json=page([])))
    await client.indexes.videos.list("idx1", duration=10.5, fps=30, width=1920, height=1080, size=1000)
    req = server.requests[0]
    validate(req)  # the spec's verdict first: today it fails here
    query = dict(req.query)
    for name, value in (("duration", "10.5"), ("fps", "30"), ("width", "1920"), ("height", "1080"), ("size", "1000")):
        assert query[f"{name}[gte]"] == query[f"{name}[lte]"] == value


async def test_integer_range_filters_refuse_fractions_before_io(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json=page([])))  # so that today's failure is "did not raise", not the unscripted 418
    with pytest.raises(ArgumentError, match="width"):
        await client.indexes.videos.list("idx1", width={"gte": 1280.5})
    assert server.requests == []


async def test_query_image_as_a_filename_and_bytes_tuple(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json=search_page([])))
    await client.search.create(
        index_id="idx1", search_options=["visual"], query_media_type="image", query_media_file=("dog.png", PNG)
    )
    (part,) = server.requests[0].files()
    assert (part.name, part.filename, part.data) == ("query_media_file", "dog.png", PNG)


# --- what never reaches the wire ------------------------------------------------------------------------------


async def test_embed_create_never_sends_text_truncate(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(*[Reply(json={"model_name": "marengo3.0"})] * 3)
    for value in ("start", "end", "none"):
        with pytest.warns(DeprecationWarning, match="text_truncate"):
            await client.embed.create(model_name="marengo3.0", text="q", text_truncate=value)
    assert len(server.requests) == 3
    for req in server.requests:
        assert "text_truncate" not in [name for name, _ in req.fields()]
        assert b"text_truncate" not in req.body
        validate(req)


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda c: c.analyze(video="ftp://example.com/v.mp4", prompt="p"), "video"),
        (lambda c: c.analyze(video="asset1", prompt="p"), "video"),
        (lambda c: c.analyze(video={"type": "url"}, prompt="p"), "video"),
        (lambda c: c.analyze(video="https://e.example/v.mp4", image=[{"name": "a", "url": "https://e/a"}]), "image"),
        (lambda c: c.analyze(video="https://e.example/v.mp4", prompt="p", prompt_v_2="q"), "prompt_v_2"),
        (lambda c: c.analyze(video="https://e.example/v.mp4", start_time=10, end_time=12), "end_time"),
        (lambda c: c.analyze(video="https://e.example/v.mp4", response_format={"title": "x"}), "response_format"),
        (lambda c: c.search.create(index_id="i", search_options=["visual"], query_media_url="https://e/a.png"),
         "query_media_type"),
        (lambda c: c.search.create(index_id="i", search_options=["visual"], query_text="q",
                                   transcription_options=["lexical"]), "transcription_options"),
        (lambda c: c.search.create(index_id="i", search_options=["visual"], query_media_type="image",
                                   query_media_urls=[f"https://e/{n}.png" for n in range(11)]), "query_media_urls"),
        (lambda c: c.indexes.videos.list("i", duration={"gte": 9, "lte": 1}), "duration"),
        (lambda c: c.indexes.videos.list("i", size={"gt": 1}), "size"),
        (lambda c: c.indexes.videos.list("i", user_metadata={"page": 2}), "user_metadata"),
    ],
    ids=[
        "video-not-http",
        "video-bare-id",
        "video-url-missing",
        "video-and-image",
        "prompt-and-prompt_v_2",
        "window-under-4s",
        "response-format-untyped",
        "image-without-media-type",
        "transcription-options-alone",
        "eleven-images",
        "range-inverted",
        "range-unknown-key",
        "metadata-key-clashes",
    ],
)
async def test_bad_arguments_fail_before_any_request(
    call: Callable[[AsyncTwelveLabs], Any], param: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError) as info:
        await settle(call(client))
    assert info.value.param == param
    assert server.requests == []
