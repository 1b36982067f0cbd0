"""Every SDK method on the wire, checked against the API inventory (sections 1-3), plus decoding and paging."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from core_testkit import API_KEY, Recorded, RecordingServer, Reply

from twelvelabs_async import ArgumentError, AsyncTwelveLabs, models
from twelvelabs_async._errors import BadRequestError
from twelvelabs_async.routes import ROUTES

MODELS = [{"model_name": "marengo2.7", "model_options": ["visual", "audio"]}]
NDJSON = (
    b'{"event_type":"stream_start","metadata":{"generation_id":"g1"}}\n'
    b'{"event_type":"text_generation","text":"Hello "}\n'
    b'{"event_type":"text_generation","text":"world"}\n'
    b'{"event_type":"stream_end","metadata":{"generation_id":"g1","usage":{"output_tokens":2}}}\n'
)


def page(data: list[Any], page_no: int = 1, total: int = 1) -> dict[str, Any]:
    return {
        "data": data,
        "page_info": {"page": page_no, "limit_per_page": 10, "total_page": total, "total_results": len(data)},
    }


def search_page(ids: list[str], next_token: str | None = None) -> dict[str, Any]:
    info: dict[str, Any] = {"limit_per_page": 10, "total_results": 9}
    if next_token:
        info["next_page_token"] = next_token
    return {
        "data": [{"video_id": i, "score": 80.0, "start": 1.0, "end": 2.0, "confidence": "high"} for i in ids],
        "page_info": info,
    }


@dataclass
class Case:
    id: str
    method_name: str  # the route's SDK name, so the table can be checked for completeness
    call: Callable[[AsyncTwelveLabs], Any]
    http_method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    json: dict[str, Any] | None = None
    form: list[tuple[str, str]] | None = None
    reply: Reply = field(default_factory=lambda: Reply(json={}))
    check: Callable[[Any], None] = lambda result: None
    bug: str | None = None  # a known core bug: the case is xfail(strict=True) with this reason


CASES = [
    Case(
        "indexes.create",
        "indexes.create",
        lambda c: c.indexes.create(index_name="news", models=MODELS, addons=["thumbnail"]),
        "POST",
        "/indexes",
        json={"index_name": "news", "models": MODELS, "addons": ["thumbnail"]},
        reply=Reply(201, json={"_id": "idx1"}),
        check=lambda r: (isinstance(r, models.IndexCreated) and r.id == "idx1") or pytest.fail(repr(r)),
    ),
    Case(
        "indexes.list",
        "indexes.list",
        lambda c: c.indexes.list(
            page=2,
            page_limit=5,
            sort_by="updated_at",
            sort_option="asc",
            index_name="news",
            model_options=["visual", "audio"],
            model_family="marengo",
            created_at="2024-01-01T00:00:00Z",
            updated_at="2024-02-01T00:00:00Z",
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
            ("created_at", "2024-01-01T00:00:00Z"),
            ("updated_at", "2024-02-01T00:00:00Z"),
        ],
        reply=Reply(json=page([{"_id": "idx1", "index_name": "news"}], 2, 2)),
        check=lambda r: (isinstance(r.data[0], models.Index) and r.data[0].id == "idx1") or pytest.fail(repr(r)),
    ),
    Case(
        "indexes.retrieve",
        "indexes.retrieve",
        lambda c: c.indexes.retrieve("idx1"),
        "GET",
        "/indexes/idx1",
        reply=Reply(json={"_id": "idx1", "index_name": "news", "created_at": "2024-05-01T10:00:00Z"}),
        check=lambda r: (r.id == "idx1" and r.created_at.year == 2024) or pytest.fail(repr(r)),
    ),
    Case(
        "indexes.update",
        "indexes.update",
        lambda c: c.indexes.update("idx1", index_name="renamed"),
        "PUT",
        "/indexes/idx1",
        json={"index_name": "renamed"},
        reply=Reply(204),
        check=lambda r: r is None or pytest.fail(repr(r)),
    ),
    Case(
        "indexes.delete",
        "indexes.delete",
        lambda c: c.indexes.delete("idx1"),
        "DELETE",
        "/indexes/idx1",
        reply=Reply(204),
        check=lambda r: r is None or pytest.fail(repr(r)),
    ),
    Case(
        "indexes.videos.list",
        "indexes.videos.list",
        lambda c: c.indexes.videos.list(
            "idx1",
            page_limit=3,
            filename="a.mp4",
            duration=10.5,
            fps=30,
            width=1920,
            height=1080,
            size=1000,
            user_metadata={"category": "recentlyAdded", "needsReview": True, "rating": 9.3, "batchNumber": 5},
        ),
        "GET",
        "/indexes/idx1/videos",
        query=[
            ("page", "1"),
            ("page_limit", "3"),
            ("filename", "a.mp4"),
            ("duration", "10.5"),
            ("fps", "30"),
            ("width", "1920"),
            ("height", "1080"),
            ("size", "1000"),
            ("category", "recentlyAdded"),
            ("needsReview", "true"),
            ("rating", "9.3"),
            ("batchNumber", "5"),
        ],
        reply=Reply(json=page([{"_id": "v1", "system_metadata": {"filename": "a.mp4"}}])),
        check=lambda r: (r.data[0].id == "v1" and r.data[0].system_metadata.filename == "a.mp4")
        or pytest.fail(repr(r)),
    ),
    Case(
        "indexes.videos.retrieve",
        "indexes.videos.retrieve",
        lambda c: c.indexes.videos.retrieve(
            "idx1", "v1", embedding_option=["visual-text", "audio"], transcription=True
        ),
        "GET",
        "/indexes/idx1/videos/v1",
        query=[("embedding_option", "visual-text"), ("embedding_option", "audio"), ("transcription", "true")],
        reply=Reply(json={"_id": "v1", "user_metadata": {"a": 1}}),
        check=lambda r: (isinstance(r, models.Video) and r.id == "v1") or pytest.fail(repr(r)),
    ),
    Case(
        "indexes.videos.update",
        "indexes.videos.update",
        lambda c: c.indexes.videos.update("idx1", "v1", user_metadata={"a": 1, "b": "x", "c": True, "d": 1.5}),
        "PUT",
        "/indexes/idx1/videos/v1",
        json={"user_metadata": {"a": 1, "b": "x", "c": True, "d": 1.5}},
        reply=Reply(204),
        check=lambda r: r is None or pytest.fail(repr(r)),
    ),
    Case(
        "indexes.videos.delete",
        "indexes.videos.delete",
        lambda c: c.indexes.videos.delete("idx1", "v1"),
        "DELETE",
        "/indexes/idx1/videos/v1",
        reply=Reply(204),
    ),
    Case(
        "manage_videos.partial_update_video_information",
        "manage_videos.partial_update_video_information",
        lambda c: c.manage_videos.partial_update_video_information("idx1", "v1", user_metadata={"a": None}),
        "PATCH",
        "/indexes/idx1/videos/v1",
        json={"user_metadata": {"a": None}},
        reply=Reply(204),
    ),
    Case(
        "tasks.create",
        "tasks.create",
        lambda c: c.tasks.create(
            index_id="idx1",
            video_url="https://example.com/v.mp4",
            enable_video_stream=False,
            user_metadata={"k": "v", "n": 2},
        ),
        "POST",
        "/tasks",
        form=[
            ("index_id", "idx1"),
            ("video_url", "https://example.com/v.mp4"),
            ("enable_video_stream", "false"),
            ("user_metadata", '{"k":"v","n":2}'),
        ],
        reply=Reply(json={"_id": "t1", "video_id": "v1"}),
        check=lambda r: (r.id == "t1" and r.video_id == "v1") or pytest.fail(repr(r)),
    ),
    Case(
        "tasks.list",
        "tasks.list",
        lambda c: c.tasks.list(
            status=["ready", "validating"],
            index_id="idx1",
            filename="a.mp4",
            duration=12.0,
            width=640,
            height=480,
            sort_by="created_at",
        ),
        "GET",
        "/tasks",
        query=[
            ("page", "1"),
            ("sort_by", "created_at"),
            ("index_id", "idx1"),
            ("status", "ready"),
            ("status", "validating"),
            ("filename", "a.mp4"),
            ("duration", "12.0"),
            ("width", "640"),
            ("height", "480"),
        ],
        reply=Reply(json=page([{"_id": "t1", "status": "ready"}])),
        check=lambda r: r.data[0].id == "t1" or pytest.fail(repr(r)),
    ),
    Case(
        "tasks.retrieve",
        "tasks.retrieve",
        lambda c: c.tasks.retrieve("t1"),
        "GET",
        "/tasks/t1",
        reply=Reply(json={"_id": "t1", "status": "indexing", "hls": {"video_url": "https://h/v.m3u8"}}),
        check=lambda r: (r.id == "t1" and r.hls is not None) or pytest.fail(repr(r)),
    ),
    Case("tasks.delete", "tasks.delete", lambda c: c.tasks.delete("t1"), "DELETE", "/tasks/t1", reply=Reply(204)),
    Case(
        "tasks.transfers.create",
        "tasks.transfers.create",
        lambda c: c.tasks.transfers.create(
            "int1", index_id="idx1", incremental_import=False, retry_failed=True, user_metadata={"src": "s3"}
        ),
        "POST",
        "/tasks/transfers/import/int1",
        json={"index_id": "idx1", "incremental_import": False, "retry_failed": True, "user_metadata": {"src": "s3"}},
        reply=Reply(201, json={"videos": [{"video_id": "v1", "filename": "a.mp4"}], "failed_files": []}),
        check=lambda r: r.videos[0].video_id == "v1" or pytest.fail(repr(r)),
    ),
    Case(
        "tasks.transfers.get_status",
        "tasks.transfers.get_status",
        lambda c: c.tasks.transfers.get_status("int1", index_id="idx1"),
        "GET",
        "/tasks/transfers/import/int1/status",
        query=[("index_id", "idx1")],
        reply=Reply(json={"not_imported": ["b.mp4"], "ready": [{"video_id": "v1", "filename": "a.mp4"}]}),
        check=lambda r: (r.not_imported == ["b.mp4"] and r.ready[0].video_id == "v1") or pytest.fail(repr(r)),
    ),
    Case(
        "tasks.transfers.get_logs",
        "tasks.transfers.get_logs",
        lambda c: c.tasks.transfers.get_logs("int1"),
        "GET",
        "/tasks/transfers/import/int1/logs",
        reply=Reply(json={"data": [{"index_id": "idx1", "ended_at": None}]}),
        check=lambda r: r.data[0].is_running or pytest.fail(repr(r)),
    ),
    Case(
        "search.create",
        "search.create",
        lambda c: c.search.create(
            index_id="idx1",
            search_options=["visual", "audio"],
            query_text="dogs",
            adjust_confidence_level=0.7,
            group_by="clip",
            threshold="high",
            sort_option="score",
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
            ("query_text", "dogs"),
            ("adjust_confidence_level", "0.7"),
            ("group_by", "clip"),
            ("threshold", "high"),
            ("sort_option", "score"),
            ("operator", "and"),
            ("page_limit", "5"),
            ("filter", '{"duration":{"gte":600}}'),
            ("include_user_metadata", "true"),
        ],
        reply=Reply(json=search_page(["v1"], "tok2")),
        check=lambda r: (r.clips[0].video_id == "v1" and r.next_page_token == "tok2") or pytest.fail(repr(r)),
    ),
    Case(
        "search.retrieve",
        "search.retrieve",
        lambda c: c.search.retrieve("tok2", include_user_metadata=False),
        "GET",
        "/search/tok2",
        query=[("include_user_metadata", "false")],
        reply=Reply(json=search_page(["v2"])),
        check=lambda r: (r.clips[0].video_id == "v2" and r.next_page_token is None) or pytest.fail(repr(r)),
    ),
    Case(
        "embed.create",
        "embed.create",
        lambda c: c.embed.create(
            model_name="Marengo-retrieval-2.7",
            text="a dog",
            text_truncate="start",
            audio_url="https://example.com/a.mp3",
            audio_start_offset_sec=1.5,
        ),
        "POST",
        "/embed",
        form=[
            ("model_name", "Marengo-retrieval-2.7"),
            ("text", "a dog"),
            ("text_truncate", "start"),
            ("audio_url", "https://example.com/a.mp3"),
            ("audio_start_offset_sec", "1.5"),
        ],
        reply=Reply(json={"model_name": "Marengo-retrieval-2.7", "text_embedding": {"segments": []}}),
        check=lambda r: r.text_embedding is not None or pytest.fail(repr(r)),
    ),
    Case(
        "embed.tasks.create",
        "embed.tasks.create",
        lambda c: c.embed.tasks.create(
            model_name="Marengo-retrieval-2.7",
            video_url="https://example.com/v.mp4",
            video_start_offset_sec=0,
            video_end_offset_sec=12,
            video_clip_length=4,
            video_embedding_scope=["clip", "video"],
        ),
        "POST",
        "/embed/tasks",
        form=[
            ("model_name", "Marengo-retrieval-2.7"),
            ("video_url", "https://example.com/v.mp4"),
            ("video_start_offset_sec", "0"),
            ("video_end_offset_sec", "12"),
            ("video_clip_length", "4"),
            ("video_embedding_scope", "clip"),
            ("video_embedding_scope", "video"),
        ],
        reply=Reply(json={"_id": "et1"}),
        check=lambda r: r.id == "et1" or pytest.fail(repr(r)),
    ),
    Case(
        "embed.tasks.list",
        "embed.tasks.list",
        lambda c: c.embed.tasks.list(
            started_at="2024-01-01T00:00:00Z", ended_at="2024-01-08T00:00:00Z", status="ready", page_limit=2
        ),
        "GET",
        "/embed/tasks",
        query=[
            ("started_at", "2024-01-01T00:00:00Z"),
            ("ended_at", "2024-01-08T00:00:00Z"),
            ("status", "ready"),
            ("page", "1"),
            ("page_limit", "2"),
        ],
        reply=Reply(json=page([{"_id": "et1", "status": "ready"}])),
        check=lambda r: r.data[0].id == "et1" or pytest.fail(repr(r)),
    ),
    Case(
        "embed.tasks.status",
        "embed.tasks.status",
        lambda c: c.embed.tasks.status("et1"),
        "GET",
        "/embed/tasks/et1/status",
        reply=Reply(json={"_id": "et1", "status": "processing", "model_name": "Marengo-retrieval-2.7"}),
        check=lambda r: (r.id == "et1" and r.status == "processing") or pytest.fail(repr(r)),
    ),
    Case(
        "embed.tasks.retrieve",
        "embed.tasks.retrieve",
        lambda c: c.embed.tasks.retrieve("et1", embedding_option=["visual-text", "audio"]),
        "GET",
        "/embed/tasks/et1",
        query=[("embedding_option", "visual-text"), ("embedding_option", "audio")],
        reply=Reply(json={"_id": "et1", "status": "ready"}),
        check=lambda r: r.id == "et1" or pytest.fail(repr(r)),
    ),
    Case(
        "summarize",
        "summarize",
        lambda c: c.summarize(video_id="v1", type="summary", prompt="short", temperature=0.5),
        "POST",
        "/summarize",
        json={"video_id": "v1", "type": "summary", "prompt": "short", "temperature": 0.5},
        reply=Reply(json={"id": "s1", "summary": "A dog.", "summarize_type": "summary"}),
        check=lambda r: (isinstance(r, models.SummaryResult) and r.summary == "A dog.") or pytest.fail(repr(r)),
    ),
    Case(
        "gist",
        "gist",
        lambda c: c.gist(video_id="v1", types=["title", "hashtag"]),
        "POST",
        "/gist",
        json={"video_id": "v1", "types": ["title", "hashtag"]},
        reply=Reply(json={"id": "g1", "title": "Dogs", "hashtags": ["#dog"]}),
        check=lambda r: (r.id == "g1" and r.hashtags == ["#dog"]) or pytest.fail(repr(r)),
    ),
    Case(
        "generate(stream=False)",
        "generate",
        lambda c: c.generate(video_id="v1", prompt="describe", temperature=0.3, stream=False),
        "POST",
        "/generate",
        json={"video_id": "v1", "prompt": "describe", "temperature": 0.3, "stream": False},
        reply=Reply(json={"id": "g1", "data": "text"}),
        check=lambda r: (isinstance(r, models.AnalyzeResult) and r.data == "text") or pytest.fail(repr(r)),
    ),
    Case(
        "generate(default)",
        "generate",
        lambda c: c.generate(video_id="v1", prompt="describe"),
        "POST",
        "/generate",
        json={"video_id": "v1", "prompt": "describe", "stream": False},
        reply=Reply(json={"id": "g1", "data": "text"}),
        check=lambda r: r.data == "text" or pytest.fail(repr(r)),
    ),
    Case(
        "generate(stream=True)",
        "generate",
        lambda c: c.generate(video_id="v1", prompt="describe", stream=True),
        "POST",
        "/generate",
        json={"video_id": "v1", "prompt": "describe", "stream": True},
        reply=Reply(body=NDJSON, content_type="application/x-ndjson"),
        check=lambda r: r == "Hello world" or pytest.fail(repr(r)),
    ),
    Case(
        "analyze",
        "analyze",
        lambda c: c.analyze(video_id="v1", prompt="describe", temperature=0.1),
        "POST",
        "/analyze",
        json={"video_id": "v1", "prompt": "describe", "temperature": 0.1, "stream": False},
        reply=Reply(json={"id": "a1", "data": "text", "usage": {"output_tokens": 3}}),
        check=lambda r: (r.id == "a1" and r.usage.output_tokens == 3) or pytest.fail(repr(r)),
    ),
    Case(
        "analyze_stream",
        "analyze_stream",
        lambda c: c.analyze_stream(video_id="v1", prompt="describe"),
        "POST",
        "/analyze",
        json={"video_id": "v1", "prompt": "describe", "stream": True},
        reply=Reply(body=NDJSON, content_type="application/x-ndjson"),
        check=lambda r: r == "Hello world" or pytest.fail(repr(r)),
    ),
]


def test_the_table_covers_every_route() -> None:
    assert {case.method_name for case in CASES} == {route.method_name for route in ROUTES}
    assert len({route.method_name for route in ROUTES}) == 29


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=case.id, marks=[pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [])
        for case in CASES
    ],
)
async def test_route_on_the_wire(case: Case, server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(case.reply)
    result = await case.call(client)
    case.check(result)

    assert len(server.requests) == 1
    req = server.requests[0]
    assert req.method == case.http_method
    assert req.raw_path == "/v1.3" + case.path
    assert sorted(req.query) == sorted(case.query)
    assert req.headers.get("x-api-key") == API_KEY
    assert len(req.headers.getall("x-api-key")) == 1
    if case.json is not None:
        assert req.content_type is not None and req.content_type.startswith("application/json")
        assert req.json == case.json
    elif case.form is not None:
        assert req.content_type is not None and req.content_type.startswith("multipart/form-data; boundary=")
        assert sorted(req.fields()) == sorted(case.form)
        # repeated fields keep their order
        names = [name for name, _ in case.form]
        for name in set(names):
            assert [v for n, v in req.fields() if n == name] == [v for n, v in case.form if n == name]
    else:
        assert "Content-Type" not in req.headers
        assert req.body == b""


async def test_repeated_query_keys_keep_their_order(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json=page([])))
    await client.tasks.list(status=["ready", "validating", "failed"])
    assert [v for k, v in server.requests[0].query if k == "status"] == ["ready", "validating", "failed"]


async def test_single_string_for_a_list_parameter(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json=page([])), Reply(json=search_page([])))
    await client.indexes.list(model_options="visual")
    await client.search.create(index_id="i", search_options="audio", query_text="q")
    assert ("model_options", "visual") in server.requests[0].query
    assert [v for n, v in server.requests[1].fields() if n == "search_options"] == ["audio"]


async def test_search_filter_given_as_json_text_is_sent_verbatim(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json=search_page([])))
    text = '{"category": {"$eq": "news"}}'
    await client.search.create(index_id="i", search_options=["visual"], query_text="q", filter=text)
    assert dict(server.requests[0].fields())["filter"] == text


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda c: c.search.create(index_id="i", search_options=["visual"], query_text="q"), "/search"),
        (lambda c: c.embed.create(model_name="Marengo-retrieval-2.7", text="q"), "/embed"),
        (lambda c: c.tasks.create(index_id="i", video_url="https://e/v.mp4"), "/tasks"),
        (lambda c: c.embed.tasks.create(model_name="m", video_url="https://e/v.mp4"), "/embed/tasks"),
    ],
    ids=["search", "embed", "tasks", "embed.tasks"],
)
async def test_multipart_even_without_a_file(
    call: Callable[[AsyncTwelveLabs], Any], path: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json={"_id": "x", "data": []}))
    await call(client)
    req = server.requests[0]
    assert req.raw_path == "/v1.3" + path
    assert req.content_type is not None
    assert req.content_type.startswith("multipart/form-data; boundary=")
    assert req.parts and all(p.filename is None for p in req.parts)


# --- files --------------------------------------------------------------------------------------------------


async def test_file_from_bytes(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json={"_id": "t1", "video_id": "v1"}))
    await client.tasks.create(index_id="idx1", video_file=b"\x00\x01video-bytes")
    req = server.requests[0]
    (part,) = req.files()
    assert part.name == "video_file"
    assert part.data == b"\x00\x01video-bytes"
    assert part.filename == "video_file"
    assert ("index_id", "idx1") in req.fields()


async def test_file_from_a_path(server: RecordingServer, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    video = tmp_path / "dog park.mp4"
    video.write_bytes(b"MP4DATA" * 1000)
    server.script(Reply(json={"_id": "t1"}), Reply(json={"_id": "t2"}))
    await client.tasks.create(index_id="idx1", video_file=str(video))
    await client.embed.tasks.create(model_name="m", video_file=video)
    for req in server.requests:
        (part,) = req.files()
        assert part.name == "video_file"
        assert part.filename == "dog park.mp4"
        assert part.data == b"MP4DATA" * 1000
        assert part.content_type == "video/mp4"


async def test_file_from_an_open_binary_file(server: RecordingServer, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    image = tmp_path / "query.png"
    image.write_bytes(b"\x89PNG-image")
    server.script(Reply(json=search_page([])))
    with image.open("rb") as handle:
        await client.search.create(
            index_id="idx1", search_options=["visual"], query_media_type="image", query_media_file=handle
        )
        assert not handle.closed  # the caller's file stays the caller's
    req = server.requests[0]
    (part,) = req.files()
    assert (part.name, part.filename, part.data) == ("query_media_file", "query.png", b"\x89PNG-image")
    assert ("query_media_type", "image") in req.fields()


async def test_file_from_a_bytesio(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json={"model_name": "m"}))
    await client.embed.create(model_name="m", image_file=io.BytesIO(b"jpeg!"), audio_file=b"wav!")
    files = {p.name: p.data for p in server.requests[0].files()}
    assert files == {"image_file": b"jpeg!", "audio_file": b"wav!"}


# --- path ids ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task_id", "raw"),
    [
        ("a/b", "a%2Fb"),
        ("../x", "..%2Fx"),
        ("a?b#c", "a%3Fb%23c"),
        ("%2F", "%252F"),
        ("sp ace", "sp%20ace"),
    ],
)
async def test_path_ids_stay_in_their_segment(
    task_id: str, raw: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json={"_id": "t"}))
    await client.tasks.retrieve(task_id)
    req = server.requests[0]
    assert req.raw_path == "/v1.3/tasks/" + raw
    assert req.query == []


@pytest.mark.parametrize("dots", ["..", ".", "..."])
async def test_ids_made_of_dots_are_refused_before_any_request(
    dots: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError, match="index_id"):
        await client.indexes.retrieve(dots)
    assert server.requests == []


async def test_dot_segment_in_second_path_id(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    """Even today the id never reaches another collection: both ids are in their segments or the call fails."""
    server.script(Reply(204))
    await client.indexes.videos.delete("idx1", "a/../../tasks")
    assert server.requests[0].raw_path == "/v1.3/indexes/idx1/videos/a%2F..%2F..%2Ftasks"


# --- statuses and empty bodies ------------------------------------------------------------------------------


async def test_any_2xx_is_accepted(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(
        Reply(201, json={"_id": "i1"}),  # a 201 where the docs say 200
        Reply(200, json={}),  # a 200 with a body where the docs say 204
        Reply(204),  # 204, empty body
        Reply(202, body=b""),  # another 2xx with an empty body
    )
    assert (await client.indexes.retrieve("i1")).id == "i1"
    assert await client.indexes.delete("i1") is None
    assert await client.tasks.delete("t1") is None
    assert await client.indexes.update("i1", index_name="n") is None
    assert len(server.requests) == 4


# --- request options -------------------------------------------------------------------------------------------


async def test_request_options_on_a_json_route(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json={"id": "a1", "data": "x"}))
    await client.analyze(
        video_id="v1",
        prompt="p",
        request_options={
            "additional_headers": {"X-Trace": "abc"},
            "additional_query_parameters": {"debug": "1"},
            "additional_body_parameters": {"extra": [1, 2]},
            "timeout_in_seconds": 5,
            "max_retries": 0,
        },
    )
    req = server.requests[0]
    assert req.headers["X-Trace"] == "abc"
    assert req.query == [("debug", "1")]
    assert req.json == {"video_id": "v1", "prompt": "p", "stream": False, "extra": [1, 2]}


async def test_request_options_on_a_multipart_and_a_get_route(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json={"_id": "t1"}), Reply(json={"_id": "t1"}))
    options = {
        "additional_headers": {"X-Trace": "abc"},
        "additional_query_parameters": {"debug": "1"},
        "additional_body_parameters": {"extra_field": "yes"},
    }
    await client.tasks.create(index_id="i", video_url="https://e/v.mp4", request_options=options)
    await client.tasks.retrieve("t1", request_options=options)
    post, get = server.requests
    assert ("extra_field", "yes") in post.fields()
    assert post.headers["X-Trace"] == "abc" and get.headers["X-Trace"] == "abc"
    assert post.query == get.query == [("debug", "1")]
    assert get.body == b""


async def test_default_headers_and_user_agent(server: RecordingServer, fake_time: Any) -> None:
    from core_testkit import make_client

    c = make_client(server.base_url, fake_time, default_headers={"X-Team": "video"})
    try:
        server.script(Reply(json={"_id": "i"}))
        await c.indexes.retrieve("i")
    finally:
        await c.aclose()
    headers = server.requests[0].headers
    assert headers["X-Team"] == "video"
    assert headers["x-api-key"] == API_KEY
    assert headers["User-Agent"].startswith("twelvelabs-async/")


# --- page-number pagination -----------------------------------------------------------------------------------


def paged(total: int, per_page: int = 2) -> Callable[[Recorded], Reply]:
    """A reply that serves the page the request asks for."""

    def answer(req: Recorded) -> Reply:
        number = int(dict(req.query).get("page", "1"))
        items = [{"_id": f"idx{number}-{i}"} for i in range(per_page)]
        return Reply(json=page(items, number, total))

    return answer


async def test_await_gives_the_first_page(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(paged(3))
    first = await client.indexes.list(page_limit=2)
    assert isinstance(first, models.IndexPage)
    assert [i.id for i in first.data] == ["idx1-0", "idx1-1"]
    assert len(server.requests) == 1


async def test_async_for_gives_every_item_and_stops_at_total_page(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(paged(3), paged(3), paged(3), paged(3))
    ids = [index.id async for index in client.indexes.list(page_limit=2)]
    assert ids == ["idx1-0", "idx1-1", "idx2-0", "idx2-1", "idx3-0", "idx3-1"]
    assert [dict(r.query)["page"] for r in server.requests] == ["1", "2", "3"]
    assert all(dict(r.query)["page_limit"] == "2" for r in server.requests)


async def test_iteration_starts_at_the_given_page(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(paged(3), paged(3), paged(3))
    ids = [t.id async for t in client.tasks.list(page=2)]
    assert ids == ["idx2-0", "idx2-1", "idx3-0", "idx3-1"]
    assert len(server.requests) == 2


async def test_first_page_not_refetched_when_awaited_then_iterated(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(paged(2), paged(2), paged(2))
    pager = client.embed.tasks.list()
    first = await pager
    again = await pager
    assert again is first
    ids = [t.id async for t in pager]
    assert ids == ["idx1-0", "idx1-1", "idx2-0", "idx2-1"]
    assert len(server.requests) == 2


async def test_pages_are_counted_from_the_request_not_the_servers_echo(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    def always_page_one(req: Recorded) -> Reply:
        return Reply(json=page([{"_id": f"i{dict(req.query)['page']}"}], 1, 3))  # echoes page=1 every time

    server.script(always_page_one, always_page_one, always_page_one, always_page_one)
    ids = [i.id async for i in client.indexes.list()]
    assert ids == ["i1", "i2", "i3"]  # three pages, then the end: no endless page 2
    assert len(server.requests) == 3


async def test_two_iterations_share_the_cached_first_page_and_count_for_themselves(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(paged(2), paged(2), paged(2))
    pager = client.indexes.list(page_limit=2)
    first_run = [i.id async for i in pager]
    second_run = [i.id async for i in pager]
    assert first_run == second_run == ["idx1-0", "idx1-1", "idx2-0", "idx2-1"]
    assert [dict(r.query)["page"] for r in server.requests] == ["1", "2", "2"]


async def test_pages(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(paged(2), paged(2), paged(2))
    pages = [p async for p in client.indexes.videos.list("idx1").pages()]
    assert [p.page_info.page for p in pages] == [1, 2]
    assert all(isinstance(p, models.VideoPage) for p in pages)
    assert len(server.requests) == 2


async def test_empty_list(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json={"data": [], "page_info": {"page": 1, "total_page": 0, "total_results": 0}}))
    assert [i async for i in client.indexes.list()] == []
    assert len(server.requests) == 1


async def test_to_list_with_a_limit(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(paged(5), paged(5), paged(5))
    items = await client.indexes.list(page_limit=2).to_list(limit=3)
    assert [i.id for i in items] == ["idx1-0", "idx1-1", "idx2-0"]
    assert len(server.requests) == 2


async def test_to_list_without_a_limit(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(paged(2), paged(2))
    items = await client.indexes.list().to_list()
    assert len(items) == 4
    assert len(server.requests) == 2


async def test_to_list_limit_on_a_page_boundary_fetches_no_extra_page(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(paged(5), paged(5))
    items = await client.indexes.list(page_limit=2).to_list(limit=2)
    assert len(items) == 2
    assert len(server.requests) == 1


async def test_an_error_on_page_two_is_raised(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(paged(3), Reply(400, json={"code": "parameter_invalid", "message": "bad page"}))
    seen = []
    with pytest.raises(BadRequestError, match="bad page"):
        async for index in client.indexes.list():
            seen.append(index.id)
    assert seen == ["idx1-0", "idx1-1"]
    assert len(server.requests) == 2


async def test_prefetch_fetches_one_page_ahead_and_is_cancelled_on_close(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(paged(5), paged(5), paged(5), paged(5), paged(5))
    pages = client.indexes.list(prefetch=True).pages()
    first = await pages.__anext__()
    assert first.page_info.page == 1
    # page 2 is requested without the caller asking for it
    assert await asyncio.to_thread(server.wait_for_requests, 2)
    second = await pages.__anext__()
    assert second.page_info.page == 2
    await pages.aclose()
    # page 3 may have been in flight; nothing is fetched beyond it
    assert len(server.requests) <= 3
    assert [dict(r.query)["page"] for r in server.requests] == [str(n) for n in range(1, len(server.requests) + 1)]


async def test_prefetch_stops_on_early_break(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(paged(5), paged(5), paged(5), paged(5), paged(5))
    async for index in client.indexes.list(prefetch=True):
        assert index.id == "idx1-0"
        break
    assert len(server.requests) <= 2


async def test_prefetch_gives_every_item_once(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(paged(3), paged(3), paged(3))
    ids = [i.id async for i in client.indexes.list(prefetch=True)]
    assert ids == ["idx1-0", "idx1-1", "idx2-0", "idx2-1", "idx3-0", "idx3-1"]
    assert len(server.requests) == 3


# --- token pagination of search --------------------------------------------------------------------------------


async def test_search_query_follows_the_token(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(
        Reply(json=search_page(["v1", "v2"], "tok/2")),
        Reply(json=search_page(["v3"], "tok3")),
        Reply(json=search_page(["v4"])),
    )
    pager = client.search.query(
        index_id="idx1",
        search_options=["visual"],
        query_text="dogs",
        include_user_metadata=True,
        request_options={"additional_headers": {"X-Trace": "t-1"}},
    )
    ids = [clip.video_id async for clip in pager]
    assert ids == ["v1", "v2", "v3", "v4"]
    first, second, third = server.requests
    assert (first.method, first.raw_path) == ("POST", "/v1.3/search")
    assert ("include_user_metadata", "true") in first.fields()
    assert (second.method, second.raw_path) == ("GET", "/v1.3/search/tok%2F2")
    assert (third.method, third.raw_path) == ("GET", "/v1.3/search/tok3")
    for follow in (second, third):
        assert follow.query == [("include_user_metadata", "true")]
        assert follow.body == b""
    for req in server.requests:
        assert req.headers["X-Trace"] == "t-1"
        assert req.headers["x-api-key"] == API_KEY


async def test_search_query_single_page(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json=search_page(["v1"])))
    pager = client.search.query(index_id="idx1", search_options=["audio"], query_text="q")
    first = await pager
    assert first.next_page_token is None
    assert [c.video_id async for c in pager] == ["v1"]
    assert len(server.requests) == 1
    assert "include_user_metadata" not in dict(server.requests[0].fields())


async def test_search_grouped_by_video_decodes_groups(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    body = {
        "data": [{"id": "v1", "clips": [{"video_id": "v1", "score": 90.0, "start": 0, "end": 3}]}],
        "page_info": {"limit_per_page": 10, "total_results": 1},
    }
    server.script(Reply(json=body))
    result = await client.search.create(index_id="i", search_options=["visual"], query_text="q", group_by="video")
    assert isinstance(result.data[0], models.SearchVideoGroup)
    assert result.groups[0].id == "v1" and result.groups[0].clips[0].score == 90.0


# --- streams ------------------------------------------------------------------------------------------------------


async def test_analyze_stream_events(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(body=NDJSON, content_type="application/x-ndjson"))
    stream = client.analyze_stream(video_id="v1", prompt="p")
    assert server.requests == []  # sent on first use
    kinds = [event.event_type async for event in stream]
    assert kinds == ["stream_start", "text_generation", "text_generation", "stream_end"]
    assert stream.text == "Hello world"
    assert stream.generation_id == "g1"
    assert stream.usage is not None and stream.usage.output_tokens == 2
    assert json.loads(server.requests[0].body)["stream"] is True


async def test_stream_error_status_is_raised_on_first_use(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(400, json={"code": "token_limit_exceeded", "message": "too long"}))
    stream = client.generate(video_id="v1", prompt="p", stream=True)
    assert not asyncio.iscoroutine(stream)
    with pytest.raises(BadRequestError) as info:
        async for _ in stream:
            pass
    assert info.value.code == "token_limit_exceeded"
    assert len(server.requests) == 1


async def test_generate_without_stream_is_awaitable_and_validates_on_await(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json={"id": "g", "data": "d"}))
    pending = client.generate(video_id="v1", prompt="p")
    assert asyncio.iscoroutine(pending)
    assert (await pending).data == "d"


async def test_page_number_follow_ups_keep_filters_and_options(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(paged(2), paged(2))
    pager = client.indexes.videos.list(
        "idx1",
        page_limit=2,
        user_metadata={"category": "news"},
        request_options={"additional_headers": {"X-Trace": "p"}, "additional_query_parameters": {"x": "1"}},
    )
    assert len([v async for v in pager]) == 4
    for number, req in enumerate(server.requests, start=1):
        assert req.raw_path == "/v1.3/indexes/idx1/videos"
        assert sorted(req.query) == sorted(
            [("page", str(number)), ("page_limit", "2"), ("category", "news"), ("x", "1")]
        )
        assert req.headers["X-Trace"] == "p"


async def test_expired_search_token_on_a_follow_up_page(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    from twelvelabs_async.errors import SearchPageTokenExpiredError

    server.script(
        Reply(json=search_page(["v1"], "old")),
        Reply(400, json={"code": "search_page_token_expired", "message": "expired"}),
    )
    seen = []
    with pytest.raises(SearchPageTokenExpiredError):
        async for clip in client.search.query(index_id="i", search_options=["visual"], query_text="q"):
            seen.append(clip.video_id)
    assert seen == ["v1"]
    assert [r.method for r in server.requests] == ["POST", "GET"]


async def test_search_query_prefetch(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(
        Reply(json=search_page(["v1"], "t2")), Reply(json=search_page(["v2"], "t3")), Reply(json=search_page(["v3"]))
    )
    ids = [c.video_id async for c in client.search.query(
        index_id="i", search_options=["visual"], query_text="q", prefetch=True
    )]
    assert ids == ["v1", "v2", "v3"]
    assert [r.raw_path for r in server.requests] == ["/v1.3/search", "/v1.3/search/t2", "/v1.3/search/t3"]
