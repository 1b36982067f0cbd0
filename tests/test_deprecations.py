"""Deprecation warnings of the route table: at the caller's line, once per call site, never for what is current.

A deprecated route or parameter is still sent and warns; a dropped parameter warns and is never sent; a route
with only a notice ("will be deprecated" in the API's words) does not warn. Under Python's ``default`` action a
warning shows once per call site (module and line), so it must be attributed to the caller's line: that is
checked for async calls, blocking calls and pagers.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from core_testkit import API_KEY, Recorded, RecordingServer, Reply, Script

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs
from twelvelabs_async._deprecation import has_deprecations
from twelvelabs_async._errors import APIResponseError
from twelvelabs_async._pagination import AsyncPager
from twelvelabs_async._streaming import AnalyzeStream
from twelvelabs_async.routes import ROUTES, ROUTES_BY_NAME
from twelvelabs_async.sync._iterators import SyncAnalyzeStream, SyncPager

VIDEO_URL = "https://example.com/dog.mp4"
ANY_JSON = {
    "_id": "x",
    "id": "x",
    "data": [],
    "page_info": {"total_page": 1},
    # what a multipart session must hold to decode
    "upload_id": "u",
    "chunk_size": 5,
    "total_chunks": 2,
    "task_id": "x",
    "batch_id": "x",
}
NDJSON = (
    b'{"event_type":"stream_start","metadata":{"generation_id":"g"}}\n'
    b'{"event_type":"stream_end","metadata":{"generation_id":"g"}}\n'
)


def answer(req: Recorded) -> Reply:
    # One answer fits every route but analyze, whose `data` is the generated text.
    return Reply(json={**ANY_JSON, "data": "text"} if req.raw_path.endswith("/analyze") else ANY_JSON)


def reply() -> Script:
    return answer


def deprecations(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [w for w in caught if issubclass(w.category, DeprecationWarning)]


async def settle(result: Any) -> Any:
    if isinstance(result, AnalyzeStream):
        return await result.until_done()
    if isinstance(result, AsyncPager):
        return [item async for item in result]
    return await result


def settle_sync(result: Any) -> Any:
    if isinstance(result, SyncAnalyzeStream):
        return result.until_done()
    if isinstance(result, SyncPager):
        return list(result)
    return result


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


# --- every deprecated thing of the table, and what it warns -----------------------------------------------------

# (id, call, the warning's start, the wire name that must not be sent for a dropped parameter)
DEPRECATED: list[tuple[str, Callable[[Any], Any], str, str | None]] = [
    (
        "route manage_videos.partial_update_video_information",
        lambda c: c.manage_videos.partial_update_video_information("idx1", "v1", user_metadata={"a": 1}),
        "manage_videos.partial_update_video_information() is deprecated: the official SDK 1.3.6 names this "
        "`indexes.videos.update`",
        None,
    ),
    (
        "param analyze(video_id)",
        lambda c: c.analyze(video_id="v1", prompt="p"),
        "analyze(video_id=...) is deprecated: the API will remove `video_id`",
        None,
    ),
    (
        "param analyze_stream(video_id)",
        lambda c: c.analyze_stream(video_id="v1", prompt="p"),
        "analyze_stream(video_id=...) is deprecated: the API will remove `video_id`",
        None,
    ),
    (
        "dropped search.create(adjust_confidence_level)",
        lambda c: c.search.create(index_id="i", search_options=["visual"], query_text="q", adjust_confidence_level=0.5),
        "search.create(adjust_confidence_level=...) is not sent: the API ignores it since 2026",
        "adjust_confidence_level",
    ),
    (
        "dropped search.create(threshold)",
        lambda c: c.search.create(index_id="i", search_options=["visual"], query_text="q", threshold="medium"),
        "search.create(threshold=...) is not sent",
        "threshold",
    ),
    (
        "dropped search.create(sort_option)",
        lambda c: c.search.create(index_id="i", search_options=["visual"], query_text="q", sort_option="clip_count"),
        "search.create(sort_option=...) is not sent",
        "sort_option",
    ),
    (
        "dropped search.query(threshold), a pager",
        lambda c: c.search.query(index_id="i", search_options=["visual"], query_text="q", threshold="high"),
        "search.create(threshold=...) is not sent",
        "threshold",
    ),
    (
        "dropped embed.create(text_truncate)",
        lambda c: c.embed.create(model_name="marengo3.0", text="q", text_truncate="end"),
        "embed.create(text_truncate=...) is not sent: the API no longer takes text_truncate",
        "text_truncate",
    ),
]
DEPRECATED_IDS = [d[0] for d in DEPRECATED]


def _wire_names(server: RecordingServer) -> set[str]:
    names: set[str] = set()
    for req in server.requests:
        names |= {k for k, _ in req.query}
        if req.parts is not None:
            names |= {p.name for p in req.parts}
        if isinstance(req.json, dict):
            names |= set(req.json)
    return names


def test_the_table_lists_every_deprecation_of_the_routes() -> None:
    expected = set()
    for route in ROUTES:
        if route.deprecated:
            expected.add(f"route {route.method_name}")
        for p in route.params:
            if p.deprecated:
                expected.add(f"param {route.method_name}({p.name})")
            if p.dropped:
                expected.add(f"dropped {route.method_name}({p.name})")
    listed = {d.partition(",")[0] for d in DEPRECATED_IDS}
    assert expected <= listed
    assert all(has_deprecations(ROUTES_BY_NAME[name]) for name in
               ("manage_videos.partial_update_video_information", "analyze", "search.create", "embed.create"))


@pytest.mark.parametrize(("name", "call", "message", "dropped"), DEPRECATED, ids=DEPRECATED_IDS)
async def test_async_calls_warn_in_the_callers_file(
    name: str,
    call: Callable[[Any], Any],
    message: str,
    dropped: str | None,
    server: RecordingServer,
    client: AsyncTwelveLabs,
) -> None:
    server.script(Reply(body=NDJSON) if "stream" in name else reply())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        await settle(call(client))
    (warning,) = deprecations(caught)
    assert str(warning.message).startswith(message)
    assert warning.filename == __file__
    assert len(server.requests) == 1
    if dropped is not None:
        assert dropped not in _wire_names(server)


@pytest.mark.parametrize(("name", "call", "message", "dropped"), DEPRECATED, ids=DEPRECATED_IDS)
def test_sync_calls_warn_in_the_callers_file(
    name: str,
    call: Callable[[Any], Any],
    message: str,
    dropped: str | None,
    server: RecordingServer,
    sync_client: TwelveLabs,
) -> None:
    server.script(Reply(body=NDJSON) if "stream" in name else reply())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        settle_sync(call(sync_client))
    (warning,) = deprecations(caught)
    assert str(warning.message).startswith(message)
    assert warning.filename == __file__
    assert len(server.requests) == 1
    if dropped is not None:
        assert dropped not in _wire_names(server)


def _next_line() -> int:
    """The line after the caller's."""
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno + 1


async def test_the_warning_names_the_callers_line_async(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(reply(), reply(), Reply(body=NDJSON))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call_line = _next_line()
        await client.analyze(video_id="v1", prompt="p")
        pager_line = _next_line()
        pager = client.search.query(index_id="i", search_options=["visual"], query_text="q", threshold="x")
        await pager
        stream_line = _next_line()
        stream = client.analyze_stream(video_id="v1", prompt="p")
        await stream.until_done()
    assert [(w.filename, w.lineno) for w in deprecations(caught)] == [
        (__file__, call_line),
        (__file__, pager_line),  # a pager warns when it is made, before any request
        (__file__, stream_line),  # so does a stream
    ]


def test_the_warning_names_the_callers_line_sync(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(reply(), reply(), Reply(body=NDJSON))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call_line = _next_line()
        sync_client.manage_videos.partial_update_video_information("i", "v", user_metadata={"a": 1})
        pager_line = _next_line()
        pager = sync_client.search.query(index_id="i", search_options=["visual"], query_text="q", sort_option="x")
        list(pager)
        stream_line = _next_line()
        with sync_client.analyze_stream(video_id="v1", prompt="p") as stream:
            stream.until_done()
    assert [(w.filename, w.lineno) for w in deprecations(caught)] == [
        (__file__, call_line),
        (__file__, pager_line),
        (__file__, stream_line),
    ]


# --- once per call site ---------------------------------------------------------------------------------------


async def test_one_call_site_warns_once(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(*[reply() for _ in range(3)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            await client.manage_videos.partial_update_video_information("idx1", "v1", user_metadata={"a": 1})
    assert len(deprecations(caught)) == 1
    assert len(server.requests) == 3  # every call is still made


async def test_two_call_sites_warn_twice(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(reply(), reply())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        await client.analyze(video_id="v1", prompt="first")
        await client.analyze(video_id="v1", prompt="second")
    found = deprecations(caught)
    assert len(found) == 2
    assert found[0].lineno != found[1].lineno and {w.filename for w in found} == {__file__}


async def test_each_dropped_parameter_warns_once_per_call_site(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(reply(), reply())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(2):
            await client.search.create(
                index_id="i", search_options=["visual"], query_text="q",
                adjust_confidence_level=0.1, threshold="low", sort_option="score",
            )
    messages = sorted(str(w.message).split("=")[0] for w in deprecations(caught))
    assert messages == [
        "search.create(adjust_confidence_level",
        "search.create(sort_option",
        "search.create(threshold",
    ]
    assert _wire_names(server).isdisjoint({"adjust_confidence_level", "threshold", "sort_option"})


def test_sync_one_call_site_warns_once_and_two_warn_twice(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(*[reply() for _ in range(4)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(2):
            sync_client.embed.create(model_name="marengo3.0", text="q", text_truncate="start")
    assert len(deprecations(caught)) == 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        sync_client.embed.create(model_name="marengo3.0", text="q", text_truncate="start")
        sync_client.embed.create(model_name="marengo3.0", text="q", text_truncate="start")
    assert len(deprecations(caught)) == 2
    assert "text_truncate" not in _wire_names(server)


def test_pagers_warn_once_per_call_site(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(*[reply() for _ in range(2)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(2):
            line = _next_line()
            pager = sync_client.search.query(index_id="i", search_options=["visual"], query_text="q", threshold="x")
            list(pager)
    (warning,) = deprecations(caught)
    assert (warning.filename, warning.lineno) == (__file__, line)


async def test_a_deprecated_call_started_as_a_task_warns_at_the_callers_line(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(reply(), reply())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        await asyncio.gather(client.analyze(video_id="v1", prompt="p"), client.analyze(video_id="v2", prompt="p"))
    assert [w.filename for w in deprecations(caught)] == [__file__]


# --- nothing current warns ----------------------------------------------------------------------------------


async def _read_results(stream: Any) -> None:
    # The shared reply is not a batch result line (its `data` is a list, not a result): the decoding error is
    # beside the point of these tests, which is that the call sends its request and warns about nothing.
    with contextlib.suppress(APIResponseError):
        await stream


CURRENT: dict[str, Callable[[Any], Any]] = {
    "indexes.create": lambda c: c.indexes.create(
        index_name="n", models=[{"model_name": "marengo3.0", "model_options": ["visual"]}], addons=["thumbnail"]
    ),
    "indexes.list": lambda c: c.indexes.list(page_limit=5, sort_by="created_at"),
    "indexes.retrieve": lambda c: c.indexes.retrieve("idx1"),
    "indexes.update": lambda c: c.indexes.update("idx1", index_name="m"),
    "indexes.delete": lambda c: c.indexes.delete("idx1"),
    "indexes.videos.list": lambda c: c.indexes.videos.list("idx1", duration=(1, 9), user_metadata={"a": "b"}),
    "indexes.videos.retrieve": lambda c: c.indexes.videos.retrieve("idx1", "v1", transcription=True),
    "indexes.videos.update": lambda c: c.indexes.videos.update("idx1", "v1", user_metadata={"a": 1}),
    "indexes.videos.delete": lambda c: c.indexes.videos.delete("idx1", "v1"),
    "tasks.create": lambda c: c.tasks.create(index_id="idx1", video_url=VIDEO_URL, user_metadata={"a": 1}),
    "tasks.list": lambda c: c.tasks.list(status=["ready"]),
    "tasks.retrieve": lambda c: c.tasks.retrieve("t1"),
    "tasks.delete": lambda c: c.tasks.delete("t1"),
    "search.create": lambda c: c.search.create(
        index_id="i", search_options=["visual", "transcription"], transcription_options=["semantic"], query_text="q"
    ),
    "search.retrieve": lambda c: c.search.retrieve("tok", include_user_metadata=True),
    "embed.create": lambda c: c.embed.create(model_name="marengo3.0", text="q"),
    "embed.tasks.create": lambda c: c.embed.tasks.create(model_name="marengo3.0", video_url=VIDEO_URL),
    "embed.tasks.list": lambda c: c.embed.tasks.list(status="ready"),
    "embed.tasks.status": lambda c: c.embed.tasks.status("et1"),
    "embed.tasks.retrieve": lambda c: c.embed.tasks.retrieve("et1"),
    "analyze": lambda c: c.analyze(video=VIDEO_URL, prompt="p", response_format={"type": "object"}),
    "analyze_stream": lambda c: c.analyze_stream(video=VIDEO_URL, prompt="p"),
    "assets.create": lambda c: c.assets.create(method="url", url=VIDEO_URL),
    "assets.list": lambda c: c.assets.list(asset_ids=["a1"]),
    "assets.retrieve": lambda c: c.assets.retrieve("a1"),
    "assets.delete": lambda c: c.assets.delete("a1", force=True),
    "assets.retrieve_transcription": lambda c: c.assets.retrieve_transcription("a1", include=["words"]),
    "assets.replace_user_metadata": lambda c: c.assets.replace_user_metadata("a1", user_metadata={"a": 1}),
    "assets.update_user_metadata": lambda c: c.assets.update_user_metadata("a1", user_metadata={"a": None}),
    "assets.delete_user_metadata": lambda c: c.assets.delete_user_metadata("a1"),
    "multipart_upload.create": lambda c: c.multipart_upload.create(filename="f.mp4", type="video", total_size=9),
    "multipart_upload.list_incomplete_uploads": lambda c: c.multipart_upload.list_incomplete_uploads(),
    "multipart_upload.get_status": lambda c: c.multipart_upload.get_status("up1"),
    "multipart_upload.report_chunk_batch": lambda c: c.multipart_upload.report_chunk_batch(
        "up1", completed_chunks=[{"chunk_index": 1, "proof": "e", "chunk_size": 9}]
    ),
    "multipart_upload.get_additional_presigned_urls": lambda c: c.multipart_upload.get_additional_presigned_urls(
        "up1", start=1, count=2
    ),
    "indexes.indexed_assets.create": lambda c: c.indexes.indexed_assets.create("idx1", asset_id="a1"),
    "indexes.indexed_assets.list": lambda c: c.indexes.indexed_assets.list("idx1", status=["ready"]),
    "indexes.indexed_assets.retrieve": lambda c: c.indexes.indexed_assets.retrieve("idx1", "ia1"),
    "indexes.indexed_assets.update": lambda c: c.indexes.indexed_assets.update("idx1", "ia1", user_metadata={}),
    "indexes.indexed_assets.delete": lambda c: c.indexes.indexed_assets.delete("idx1", "ia1"),
    "indexes.indexed_assets.list_by_asset": lambda c: c.indexes.indexed_assets.list_by_asset("a1"),
    "analyze_async.tasks.create": lambda c: c.analyze_async.tasks.create(video=VIDEO_URL, prompt="p", custom_id="c1"),
    "analyze_async.tasks.list": lambda c: c.analyze_async.tasks.list(status="ready"),
    "analyze_async.tasks.retrieve": lambda c: c.analyze_async.tasks.retrieve("t1"),
    "analyze_async.tasks.delete": lambda c: c.analyze_async.tasks.delete("t1"),
    "analyze_async.tasks.cancel": lambda c: c.analyze_async.tasks.cancel("t1"),
    "analyze_async.batches.create": lambda c: c.analyze_async.batches.create(
        model_name="pegasus1.5", analysis_mode="general", requests=["a1"], defaults={"prompt": "p"}
    ),
    "analyze_async.batches.list": lambda c: c.analyze_async.batches.list(status=["completed"]),
    "analyze_async.batches.retrieve": lambda c: c.analyze_async.batches.retrieve("b1"),
    "analyze_async.batches.delete": lambda c: c.analyze_async.batches.delete("b1"),
    "analyze_async.batches.cancel": lambda c: c.analyze_async.batches.cancel("b1"),
    "analyze_async.batches.results": lambda c: _read_results(c.analyze_async.batches.results("b1")),
    "embed.v_2.create": lambda c: c.embed.v_2.create(input_type="text", model_name="marengo3.0", text="q"),
    "embed.v_2.tasks.create": lambda c: c.embed.v_2.tasks.create(
        input_type="video", model_name="marengo3.0", video=VIDEO_URL
    ),
    "embed.v_2.tasks.list": lambda c: c.embed.v_2.tasks.list(status="ready"),
    "embed.v_2.tasks.retrieve": lambda c: c.embed.v_2.tasks.retrieve("et1"),
    "entity_collections.create": lambda c: c.entity_collections.create(name="team"),
    "entity_collections.list": lambda c: c.entity_collections.list(name="team"),
    "entity_collections.retrieve": lambda c: c.entity_collections.retrieve("ec1"),
    "entity_collections.update": lambda c: c.entity_collections.update("ec1", description="d"),
    "entity_collections.delete": lambda c: c.entity_collections.delete("ec1"),
    "entity_collections.entities.create": lambda c: c.entity_collections.entities.create(
        "ec1", name="Ann", asset_ids=["a1"]
    ),
    "entity_collections.entities.create_bulk": lambda c: c.entity_collections.entities.create_bulk(
        "ec1", entities=[{"name": "Ann", "asset_ids": ["a1"]}]
    ),
    "entity_collections.entities.list": lambda c: c.entity_collections.entities.list("ec1", status="ready"),
    "entity_collections.entities.list_by_asset": lambda c: c.entity_collections.entities.list_by_asset("a1"),
    "entity_collections.entities.retrieve": lambda c: c.entity_collections.entities.retrieve("ec1", "e1"),
    "entity_collections.entities.update": lambda c: c.entity_collections.entities.update("ec1", "e1", name="B"),
    "entity_collections.entities.delete": lambda c: c.entity_collections.entities.delete("ec1", "e1"),
    "entity_collections.entities.create_assets": lambda c: c.entity_collections.entities.create_assets(
        "ec1", "e1", asset_ids=["a2"]
    ),
    "entity_collections.entities.delete_assets": lambda c: c.entity_collections.entities.delete_assets(
        "ec1", "e1", asset_ids=["a2"]
    ),
}


def test_every_live_route_has_a_current_call() -> None:
    from test_wire import cases_elsewhere

    # Routes whose wire cases live in their own test module are covered there: a case that expects no warning
    # fails on any DeprecationWarning.
    elsewhere = {case.method_name for case in cases_elsewhere() if not case.warns}
    live = {route.method_name for route in ROUTES if route.removed is None and not route.deprecated}
    assert set(CURRENT) | elsewhere == live


@pytest.mark.parametrize("name", sorted(CURRENT))
async def test_current_calls_do_not_warn(name: str, server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(body=NDJSON) if name == "analyze_stream" else reply())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await settle(CURRENT[name](client))
    assert deprecations(caught) == []
    assert len(server.requests) == 1


@pytest.mark.parametrize("name", ["indexes.videos.list", "tasks.create", "embed.tasks.status", "analyze"])
def test_current_sync_calls_do_not_warn(name: str, server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(reply())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        settle_sync(CURRENT[name](sync_client))
    assert deprecations(caught) == []
    assert len(server.requests) == 1
