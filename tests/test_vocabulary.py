"""The route vocabulary on routes made for the test, against the recording server.

Each ad-hoc ``Route`` mirrors an operation of the 2026-07 spec that the table does not carry yet (analyze tasks,
knowledge-store search, multipart-upload status, batch results, ``/responses``), so the requests the funnel builds
from the vocabulary are also checked against the official spec: header parameters and the idempotency key,
body-token and page-number paging over another member than ``data``, JSON-lines and server-sent-event item
streams (any chunking, their failures, the connection released), open enums sent as given, and ``Kind.JSON``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import pytest
import spec_check
from core_testkit import FakeTime, Recorded, RecordingServer, Reply, make_client

from twelvelabs_async import AsyncTwelveLabs, ConfigurationError, models
from twelvelabs_async._errors import (
    APIStatusError,
    ArgumentError,
    StreamDecodeError,
    StreamIncompleteError,
    StreamLineTooLongError,
    TwelveLabsError,
)
from twelvelabs_async._lines import LineBuffer
from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route, Streaming
from twelvelabs_async._shapes import VIDEO_CONTEXT
from twelvelabs_async.models import Model, PageInfo

# --- models of the ad-hoc routes, registered in twelvelabs_async.models for the decoder to find -----------------


@attrs.frozen(kw_only=True)
class VocabTaskCreated(Model):
    task_id: str
    status: str | None = None


@attrs.frozen(kw_only=True)
class VocabHit(Model):
    item_id: str
    rank: int | None = None


@attrs.frozen(kw_only=True)
class VocabHitPage(Model):
    data: list[VocabHit] = attrs.Factory(list)
    next_page_token: str | None = None


@attrs.frozen(kw_only=True)
class VocabChunk(Model):
    index: int
    status: str | None = None


@attrs.frozen(kw_only=True)
class VocabUploadStatus(Model):
    upload_id: str | None = None
    status: str | None = None
    uploaded_chunks: list[VocabChunk] = attrs.Factory(list)
    page_info: PageInfo | None = None


@attrs.frozen(kw_only=True)
class VocabBatchResult(Model):
    task_id: str
    status: str | None = None
    custom_id: str | None = None
    data: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class VocabEvent(Model):
    type: str | None = None
    sequence_number: int | None = None
    delta: str | None = None


@attrs.frozen(kw_only=True)
class VocabEcho(Model):
    id: str | None = None


_MODELS = (VocabTaskCreated, VocabHit, VocabHitPage, VocabChunk, VocabUploadStatus, VocabBatchResult, VocabEvent,
           VocabEcho)


@pytest.fixture(autouse=True)
def _registered_models(monkeypatch: pytest.MonkeyPatch) -> None:
    for cls in _MODELS:
        monkeypatch.setattr(models, cls.__name__, cls, raising=False)


# --- the ad-hoc routes ------------------------------------------------------------------------------------------


def analyze_task_route(*, idempotency: bool) -> Route[Any]:
    """`POST /analyze/tasks`: a creating call; with the idempotency header it becomes safe to retry."""
    return Route(
        "analyze_async.tasks.create",
        "POST",
        "/analyze/tasks",
        "Create an analysis task.",
        params=(
            Param("video", Kind.JSON, In.BODY, "The video.", required=True, shape=VIDEO_CONTEXT),
            Param("prompt", Kind.STR, In.BODY, "The prompt."),
            Param("custom_id", Kind.STR, In.BODY, "Your id."),
            Param("idempotency_key", Kind.STR, In.HEADER, "A key of your own.", wire_name="Idempotency-Key"),
            Param("trace_id", Kind.STR, In.HEADER, "A trace header.", wire_name="X-Trace-Id"),
            Param("priority", Kind.INT, In.HEADER, "An integer header.", wire_name="X-Priority"),
            Param("dry_run", Kind.BOOL, In.HEADER, "A boolean header.", wire_name="X-Dry-Run"),
        ),
        body=Body.JSON,
        success=frozenset({202}),
        idempotent=False,
        idempotency_header="Idempotency-Key" if idempotency else None,
        response="VocabTaskCreated",
    )


def store_search_route(*, with_page_token: bool = True) -> Route[Any]:
    """`POST /knowledge-stores/{id}/search`: the next page is the same request with `page_token` in its body."""
    params = [
        Param("knowledge_store_id", Kind.STR, In.PATH, "The store.", required=True),
        Param("query", Kind.JSON, In.BODY, "The query.", required=True),
        Param("page_size", Kind.INT, In.BODY, "Results per page.", minimum=1),
        Param("include_metadata", Kind.BOOL, In.BODY, "Include metadata."),
    ]
    if with_page_token:
        params.append(Param("page_token", Kind.STR, In.BODY, "The page to fetch."))
    return Route(
        "knowledge_stores.search",
        "POST",
        "/knowledge-stores/{knowledge_store_id}/search",
        "Search a knowledge store.",
        params=tuple(params),
        body=Body.JSON,
        paging=Paging.BODY_TOKEN,
        page_item="VocabHit",
        response="VocabHitPage",
    )


UPLOAD_STATUS = Route(
    "multipart_upload.get_status",
    "GET",
    "/assets/multipart-uploads/{upload_id}",
    "The chunks of an upload session.",
    params=(
        Param("upload_id", Kind.STR, In.PATH, "The session.", required=True),
        Param("page", Kind.INT, In.QUERY, "Page.", minimum=1),
        Param("page_limit", Kind.INT, In.QUERY, "Per page.", minimum=1, maximum=50),
    ),
    paging=Paging.PAGE_NUMBER,
    page_item="VocabChunk",
    page_items="uploaded_chunks",
    response="VocabUploadStatus",
)

BATCH_RESULTS = Route(
    "analyze_async.batches.results",
    "GET",
    "/analyze/batches/{batch_id}/results",
    "The results of a batch, one JSON line per item.",
    params=(Param("batch_id", Kind.STR, In.PATH, "The batch.", required=True),),
    streaming=Streaming.JSONL_ITEMS,
    response="VocabBatchResult",
)

RESPONSES = Route(
    "responses.create",
    "POST",
    "/responses",
    "Ask Jockey; the answer streams as server-sent events.",
    params=(
        Param("knowledge_store_id", Kind.STR, In.BODY, "The store.", required=True),
        Param("input", Kind.JSON, In.BODY, "Input items.", required=True),
    ),
    body=Body.JSON,
    fixed_body={"stream": True},
    streaming=Streaming.SSE,
    response="VocabEvent",
)

ECHO = Route(
    "echo.create",
    "POST",
    "/analyze",  # any JSON route: these tests look at the body only
    "Send a JSON value.",
    params=(Param("payload", Kind.JSON, In.BODY, "Any JSON value."),),
    body=Body.JSON,
    response="VocabEcho",
)

QUESTION = [{"type": "message", "role": "user", "content": "What happens at the end?"}]
VIDEO_URL = "https://example.com/dog.mp4"
KEY = re.compile(r"[0-9a-f]{32}")


def validate(req: Recorded, **kwargs: Any) -> spec_check.OperationMatch:
    return spec_check.validate_request(req, **kwargs)


# --- header parameters ------------------------------------------------------------------------------------------


async def test_header_parameters_travel_as_headers(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(202, json={"task_id": "at1", "status": "queued"}))
    created = await client._call(
        analyze_task_route(idempotency=False),
        {"video": VIDEO_URL, "prompt": "Describe.", "trace_id": "trace-7", "priority": 3, "dry_run": False},
        None,
    )
    assert isinstance(created, VocabTaskCreated) and (created.task_id, created.status) == ("at1", "queued")
    req = server.requests[0]
    assert req.headers["X-Trace-Id"] == "trace-7"
    assert req.headers["X-Priority"] == "3"
    assert req.headers["X-Dry-Run"] == "false"
    assert "Idempotency-Key" not in req.headers  # not given, and the route mints none
    assert req.query == []
    assert req.json == {"video": {"type": "url", "url": VIDEO_URL}, "prompt": "Describe."}
    assert validate(req).label == "analyzeAsync > tasks: create"


async def test_header_parameters_left_out_are_not_sent(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(202, json={"task_id": "at1"}))
    await client._call(analyze_task_route(idempotency=False), {"video": VIDEO_URL}, None)
    headers = server.requests[0].headers
    assert not {"X-Trace-Id", "X-Priority", "X-Dry-Run", "Idempotency-Key"} & set(headers)


async def test_a_header_argument_with_a_line_break_is_an_argument_error(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError) as info:
        await client._call(analyze_task_route(idempotency=False), {"video": VIDEO_URL, "trace_id": "a\r\nX: y"}, None)
    assert info.value.param == "trace_id"


async def test_a_header_argument_with_a_line_break_never_reaches_the_wire(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(TwelveLabsError, match="trace_id"):
        await client._call(analyze_task_route(idempotency=False), {"video": VIDEO_URL, "trace_id": "a\r\nX: y"}, None)
    assert server.requests == []


# --- the idempotency key --------------------------------------------------------------------------------------


async def test_a_fresh_key_per_logical_call(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    route = analyze_task_route(idempotency=True)
    server.script(Reply(202, json={"task_id": "a"}), Reply(202, json={"task_id": "b"}))
    await client._call(route, {"video": VIDEO_URL, "prompt": "one"}, None)
    await client._call(route, {"video": VIDEO_URL, "prompt": "one"}, None)  # the same arguments, another call
    keys = [req.headers.getall("Idempotency-Key") for req in server.requests]
    assert all(len(k) == 1 and KEY.fullmatch(k[0]) for k in keys), keys
    assert keys[0] != keys[1]
    for req in server.requests:
        validate(req)


async def test_every_retry_of_a_call_carries_its_key(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503), Reply(502, body="gateway"), Reply(202, json={"task_id": "at1", "status": "queued"}))
    created = await client._call(analyze_task_route(idempotency=True), {"video": VIDEO_URL, "prompt": "p"}, None)
    assert created.task_id == "at1"
    assert len(server.requests) == 3
    assert len(fake_time.sleeps) == 2
    keys = {req.headers["Idempotency-Key"] for req in server.requests}
    assert len(keys) == 1 and KEY.fullmatch(keys.pop())
    assert len({req.body for req in server.requests}) == 1  # the very same request, resent


@pytest.mark.parametrize(
    ("args", "options", "expected"),
    [
        ({"idempotency_key": "order-42"}, None, "order-42"),
        ({}, {"additional_headers": {"Idempotency-Key": "opt-1"}}, "opt-1"),
        ({}, {"additional_headers": {"idempotency-key": "opt-2"}}, "opt-2"),
    ],
    ids=["parameter", "request-options", "request-options-lower-case"],
)
async def test_a_callers_key_is_kept_on_every_retry(
    args: dict[str, Any],
    options: Any,
    expected: str,
    server: RecordingServer,
    client: AsyncTwelveLabs,
) -> None:
    server.script(Reply(503), Reply(202, json={"task_id": "at1"}))
    await client._call(analyze_task_route(idempotency=True), {"video": VIDEO_URL, **args}, options)
    assert [req.headers.getall("Idempotency-Key") for req in server.requests] == [[expected], [expected]]


async def test_a_post_without_a_key_is_not_retried_on_503(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503, json={"code": "service_unavailable", "message": "busy"}), Reply(202, json={}))
    with pytest.raises(APIStatusError) as info:
        await client._call(analyze_task_route(idempotency=False), {"video": VIDEO_URL}, None)
    assert info.value.status == 503
    assert len(server.requests) == 1
    assert fake_time.sleeps == []


async def test_a_post_with_a_key_is_retried_on_503(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503), Reply(202, json={"task_id": "at2"}))
    created = await client._call(analyze_task_route(idempotency=True), {"video": VIDEO_URL}, None)
    assert created.task_id == "at2"
    assert len(server.requests) == 2 and len(fake_time.sleeps) == 1


# --- paging: a body token ------------------------------------------------------------------------------------


def hits(*ids: str, token: str | None = None) -> Reply:
    body: dict[str, Any] = {"data": [{"item_id": i, "rank": n} for n, i in enumerate(ids, start=1)]}
    if token is not None:
        body["next_page_token"] = token
    return Reply(json=body)


async def test_body_token_paging_resends_the_route_with_the_token(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(hits("i1", "i2", token="t2"), hits("i3", token="t3"), hits("i4"))
    args = {"knowledge_store_id": "ks1", "query": {"text": "cooking"}, "page_size": 2, "include_metadata": True}
    pager = client._token_pager(store_search_route(), args, None, False)
    assert [hit.item_id async for hit in pager] == ["i1", "i2", "i3", "i4"]
    bodies = [req.json for req in server.requests]
    first = {"query": {"text": "cooking"}, "page_size": 2, "include_metadata": True}
    assert bodies == [first, {**first, "page_token": "t2"}, {**first, "page_token": "t3"}]
    for req in server.requests:
        assert (req.method, req.raw_path) == ("POST", "/v1.3/knowledge-stores/ks1/search")
        assert validate(req).label == "knowledgeStores: search"


async def test_body_token_paging_stops_without_a_token(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(hits("i1", token=""), hits("never"))
    args = {"knowledge_store_id": "ks1", "query": {"text": "q"}}
    pager = client._token_pager(store_search_route(), args, None, False)
    first = await pager.first_page()
    assert first.next_page_token == ""
    assert not pager.has_next and await pager.next_page() is None
    assert [p async for p in pager.pages()] == [first]
    assert len(server.requests) == 1  # an empty token ends the list as an absent one does


async def test_body_token_paging_sends_the_token_even_if_the_route_forgot_it(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(hits("i1", token="t2"), hits("i2"))
    route = store_search_route(with_page_token=False)
    pager = client._token_pager(route, {"knowledge_store_id": "ks1", "query": {"text": "q"}}, None, False)
    assert [hit.item_id async for hit in pager] == ["i1", "i2"]
    assert server.requests[1].json == {"query": {"text": "q"}, "page_token": "t2"}


# --- paging: page numbers over another member than `data` -------------------------------------------------


def chunks_page(number: int, total: int | None, indexes: tuple[int, ...]) -> Reply:
    body: dict[str, Any] = {
        "upload_id": "up1",
        "status": "active",
        "uploaded_chunks": [{"index": index, "status": "completed"} for index in indexes],
    }
    if total is not None:
        body["page_info"] = {"page": number, "limit_per_page": 2, "total_page": total, "total_results": 5}
    return Reply(json=body)


async def test_page_number_paging_reads_items_from_page_items(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(chunks_page(1, 3, (1, 2)), chunks_page(2, 3, (3, 4)), chunks_page(3, 3, (5,)))
    pager = client._paginate(UPLOAD_STATUS, {"upload_id": "up1", "page_limit": 2}, None, False)
    assert [chunk.index async for chunk in pager] == [1, 2, 3, 4, 5]
    assert [req.query for req in server.requests] == [
        [("page", str(n)), ("page_limit", "2")] for n in (1, 2, 3)
    ]
    for req in server.requests:
        assert req.raw_path == "/v1.3/assets/multipart-uploads/up1"
        validate(req)


async def test_page_number_paging_without_page_info_stops_at_an_empty_page(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(
        chunks_page(1, None, (1, 2)), chunks_page(2, None, (3, 4)), chunks_page(3, None, ()), chunks_page(4, None, (9,))
    )
    pager = client._paginate(UPLOAD_STATUS, {"upload_id": "up1"}, None, False)
    first = await pager.first_page()
    assert isinstance(first, VocabUploadStatus) and first.status == "active"
    assert [chunk.index for chunk in pager.items] == [1, 2]
    assert [chunk.index async for chunk in pager] == [1, 2, 3, 4]
    assert len(server.requests) == 3


# --- item streams: JSON lines and server-sent events -------------------------------------------------------


class _RechunkedContent:
    def __init__(self, inner: Any, size: int | None) -> None:
        self._inner = inner
        self._size = size

    async def iter_any(self) -> AsyncIterator[bytes]:
        if self._size == 0:  # the whole body as one chunk
            yield b"".join([chunk async for chunk in self._inner.iter_any()])
            return
        async for chunk in self._inner.iter_any():
            if self._size is None:
                yield chunk
            else:
                for start in range(0, len(chunk), self._size):
                    yield chunk[start : start + self._size]

    def at_eof(self) -> bool:
        return bool(self._inner.at_eof())


class _Rechunked:
    """A real streamed response whose body is handed out ``size`` bytes at a time (0: all of it in one chunk,
    None: as the network delivered it); records how it was let go."""

    def __init__(self, inner: Any, size: int | None) -> None:
        self._inner = inner
        self.content = _RechunkedContent(inner.content, size)
        self.released = 0
        self.closed_count = 0

    @property
    def closed(self) -> bool:
        return bool(self._inner.closed)

    def release(self) -> None:
        self.released += 1
        self._inner.release()

    def close(self) -> None:
        self.closed_count += 1
        self._inner.close()


def rechunk(monkeypatch: pytest.MonkeyPatch, client: AsyncTwelveLabs, size: int | None) -> list[_Rechunked]:
    opened: list[_Rechunked] = []
    send = client._transport.send

    async def chunked_send(request: Any, **kwargs: Any) -> Any:
        response = await send(request, **kwargs)
        if kwargs.get("stream"):
            response = _Rechunked(response, size)
            opened.append(response)
        return response

    monkeypatch.setattr(client._transport, "send", chunked_send)
    return opened


JSONL = (
    b'{"task_id":"t1","custom_id":"c1","status":"ready","data":{"data":"A d\xc3\xa9j\xc3\xa0 vu \xf0\x9f\x8e\xac"}}\r\n'
    b"\r\n"
    b'{"task_id":"t2","custom_id":null,"status":"failed","error":{"code":"video_not_ready","message":"no"}}\n'
    b'{"task_id":"t3","status":"queued"}\n'
)
JSONL_IDS = ["t1", "t2", "t3"]

SSE = (
    b"\xef\xbb\xbf: keepalive\r\n"
    b"\r\n"
    b"event: response.created\r\n"
    b'data: {"sequence_number": 1}\r\n'
    b"\r\n"
    b":keepalive\n"
    b"event: response.output_text.delta\n"
    b"id: 7\n"
    b'data: {"type": "response.output_text.delta",\n'
    b'data:  "sequence_number": 2, "delta": "Caf\xc3\xa9 \xf0\x9f\x8e\xac"}\n'
    b"\n"
    b"retry: 1000\n"
    b"unknown-field: ignored\n"
    b'data:{"type":"response.completed","sequence_number":3}\n'
    b"\n"
    b"data: [DONE]\n"
    b"\n"
    b'data: {"type": "after-done", "sequence_number": 4}\n\n'
)
SSE_EVENTS = [
    ("response.created", 1, None),
    ("response.output_text.delta", 2, "Café 🎬"),
    ("response.completed", 3, None),
]


def sse_events(items: list[VocabEvent]) -> list[tuple[str | None, int | None, str | None]]:
    return [(e.type, e.sequence_number, e.delta) for e in items]


@pytest.mark.parametrize(
    "size", [1, 2, 5, 64, None, 0], ids=["every-byte", "2-bytes", "5-bytes", "64-bytes", "as-sent", "one-chunk"]
)
async def test_jsonl_items_decode_the_same_in_any_chunking(
    size: int | None, server: RecordingServer, client: AsyncTwelveLabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = rechunk(monkeypatch, client, size)
    server.script(Reply(body=JSONL, content_type="application/jsonl"))
    stream = client._item_stream(BATCH_RESULTS, {"batch_id": "b/1"}, None)
    assert server.requests == []  # sent on first use
    items = [item async for item in stream]
    assert [i.task_id for i in items] == JSONL_IDS
    assert items[0].data == {"data": "A déjà vu 🎬"} and items[0].custom_id == "c1"
    assert items[1].extra["error"] == {"code": "video_not_ready", "message": "no"}
    assert stream.done and stream.items_received == 3
    req = server.requests[0]
    assert (req.method, req.raw_path, req.body) == ("GET", "/v1.3/analyze/batches/b%2F1/results", b"")
    validate(req)
    assert opened[0].released == 1 and opened[0].closed_count == 0  # read to the end: back to the pool


@pytest.mark.parametrize("size", [1, 3, None, 0], ids=["every-byte", "3-bytes", "as-sent", "one-chunk"])
async def test_sse_items_decode_the_same_in_any_chunking(
    size: int | None, server: RecordingServer, client: AsyncTwelveLabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    rechunk(monkeypatch, client, size)
    server.script(Reply(body=SSE, content_type="text/event-stream"))
    stream = client._item_stream(RESPONSES, {"knowledge_store_id": "ks1", "input": QUESTION}, None)
    assert sse_events(await stream) == SSE_EVENTS  # `await` collects every item; nothing after [DONE]
    assert stream.done
    req = server.requests[0]
    assert req.json == {"knowledge_store_id": "ks1", "input": QUESTION, "stream": True}
    assert validate(req).label == "Responses: create-stream"


async def test_sse_event_name_does_not_override_the_datas_type(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    body = b'event: response.in_progress\ndata: {"type": "response.created", "sequence_number": 1}\n\ndata: [DONE]\n\n'
    server.script(Reply(body=body, content_type="text/event-stream"))
    items = await client._item_stream(RESPONSES, {"knowledge_store_id": "ks1", "input": QUESTION}, None)
    assert sse_events(items) == [("response.created", 1, None)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'data: {"sequence_number": 1}\n\n', "before its [DONE] after 1 item"),
        (b'data: {"sequence_number": 1}\n\ndata: {"sequence_number"', "in the middle of an event"),
        (b'data: {"sequence_number": 1}\n\ndata: {"sequence_number": 2}\n', "in the middle of an event"),
        (b"", "before its [DONE] after 0 item"),
    ],
    ids=["no-done", "cut-mid-line", "cut-before-blank-line", "empty"],
)
async def test_an_sse_stream_cut_short_raises(
    body: bytes, message: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(body=body, content_type="text/event-stream"))
    stream = client._item_stream(RESPONSES, {"knowledge_store_id": "ks1", "input": QUESTION}, None)
    seen = []
    with pytest.raises(StreamIncompleteError, match=re.escape(message)):
        async for item in stream:
            seen.append(item.sequence_number)
    assert seen == ([1] if body else [])


async def test_a_jsonl_stream_cut_mid_line_raises(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(body=b'{"task_id":"t1"}\n{"task_id":"t2","sta', content_type="application/jsonl"))
    seen = []
    with pytest.raises(StreamIncompleteError, match="middle of a line"):
        async for item in client._item_stream(BATCH_RESULTS, {"batch_id": "b1"}, None):
            seen.append(item.task_id)
    assert seen == ["t1"]


async def test_a_jsonl_final_line_without_newline_is_kept_when_whole(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(body=b'{"task_id":"t1"}\n{"task_id":"t2"}', content_type="application/jsonl"))
    items = await client._item_stream(BATCH_RESULTS, {"batch_id": "b1"}, None)
    assert [i.task_id for i in items] == ["t1", "t2"]


BAD_ITEMS = [
    (BATCH_RESULTS, b'{"task_id":"t1"}\nnot json\n{"task_id":"t3"}\n', 2, "not json"),
    (BATCH_RESULTS, b'{"task_id":"t1"}\n[1, 2]\n', 2, "[1, 2]"),
    (RESPONSES, b'data: {"sequence_number": 1}\n\nevent: x\ndata: not json\n\ndata: [DONE]\n\n', 2, "not json"),
    (RESPONSES, b'data: {"sequence_number": 1}\n\ndata: "a string"\n\ndata: [DONE]\n\n', 2, '"a string"'),
]
BAD_ITEM_IDS = ["jsonl-not-json", "jsonl-not-an-object", "sse-not-json", "sse-not-an-object"]


def _args_of(route: Route[Any]) -> dict[str, Any]:
    return {"batch_id": "b1"} if route is BATCH_RESULTS else {"knowledge_store_id": "ks1", "input": QUESTION}


@pytest.mark.parametrize(("route", "body", "line_number", "line"), BAD_ITEMS, ids=BAD_ITEM_IDS)
async def test_an_item_that_is_not_a_json_object_raises(
    route: Route[Any],
    body: bytes,
    line_number: int,
    line: str,
    server: RecordingServer,
    client: AsyncTwelveLabs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rechunk(monkeypatch, client, 1)
    server.script(Reply(body=body))
    seen = []
    with pytest.raises(StreamDecodeError) as info:
        async for item in client._item_stream(route, _args_of(route), None):
            seen.append(item)
    assert len(seen) == 1  # the good item before the bad one
    assert (info.value.line_number, info.value.line) == (line_number, line)


@pytest.mark.parametrize(("route", "body", "line_number", "line"), BAD_ITEMS, ids=BAD_ITEM_IDS)
async def test_items_before_a_bad_one_in_the_same_chunk_are_delivered(
    route: Route[Any],
    body: bytes,
    line_number: int,
    line: str,
    server: RecordingServer,
    client: AsyncTwelveLabs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rechunk(monkeypatch, client, 0)
    server.script(Reply(body=body))
    seen = []
    with pytest.raises(StreamDecodeError) as info:
        async for item in client._item_stream(route, _args_of(route), None):
            seen.append(item)
    assert len(seen) == 1
    assert (info.value.line_number, info.value.line) == (line_number, line)


@pytest.mark.parametrize("kind", ["jsonl", "sse"])
@pytest.mark.parametrize("how", ["break", "async-with", "aclose"])
async def test_leaving_early_releases_the_connection(
    kind: str, how: str, server: RecordingServer, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One connection in the pool and a short timeout: a stream that kept its connection would make the next
    # call fail (after 3 s) instead of succeeding at once.
    client = make_client(server.base_url, fake_time, max_connections=1, timeout=3.0)
    try:
        opened = rechunk(monkeypatch, client, 16)
        body = JSONL if kind == "jsonl" else SSE
        server.script(Reply(body=body * 50), Reply(json={"_id": "after"}))
        route, args = (
            (BATCH_RESULTS, {"batch_id": "b1"})
            if kind == "jsonl"
            else (RESPONSES, {"knowledge_store_id": "ks1", "input": QUESTION})
        )
        stream = client._item_stream(route, args, None)
        if how == "break":
            async for _ in stream:
                break
        elif how == "async-with":
            async with stream:
                async for _ in stream:
                    break
            assert opened[0].closed_count == 1
        else:
            await stream.__anext__()
            await stream.aclose()
            assert opened[0].closed_count == 1
        after = await client.indexes.retrieve("after")  # needs the pool's only connection
        assert after.id == "after"
        assert opened[0].closed_count == 1 and opened[0].released == 0  # dropped unread, not pooled half-read
        assert not stream.done
    finally:
        await client.aclose()


@pytest.mark.parametrize("kind", ["jsonl", "sse", "ndjson"])
async def test_a_line_over_the_client_limit_raises(
    kind: str, server: RecordingServer, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bound is the client's max_stream_line_bytes, for every kind of stream.
    client = make_client(server.base_url, fake_time, max_stream_line_bytes=1024)
    try:
        rechunk(monkeypatch, client, 7)
        long_line = b'{"task_id":"' + b"x" * 2000 + b'"}'
        stream: Any
        if kind == "jsonl":
            server.script(Reply(body=b'{"task_id":"t1"}\n' + long_line + b"\n"))
            stream = client._item_stream(BATCH_RESULTS, {"batch_id": "b1"}, None)
        elif kind == "sse":
            server.script(Reply(body=b'data: {"sequence_number": 1}\n\ndata: ' + long_line + b"\n\ndata: [DONE]\n\n"))
            stream = client._item_stream(RESPONSES, {"knowledge_store_id": "ks1", "input": QUESTION}, None)
        else:
            start = b'{"event_type":"stream_start","metadata":{"generation_id":"g"}}\n'
            server.script(Reply(body=start + b'{"event_type":"text_generation","text":"' + b"x" * 2000 + b'"}\n'))
            stream = client.analyze_stream(video="https://example.com/a.mp4", prompt="p")
        seen = []
        with pytest.raises(StreamLineTooLongError) as info:
            async for item in stream:
                seen.append(item)
        assert info.value.limit == 1024
        assert len(seen) == 1
    finally:
        await client.aclose()


@pytest.mark.parametrize("bound", [0, 1023, True, "64k", 1.5e6])
def test_the_stream_line_bound_is_checked(bound: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_stream_line_bytes"):
        AsyncTwelveLabs("tlk_bound", base_url="http://127.0.0.1:9/v1.3", max_stream_line_bytes=bound)


# --- the line buffer ------------------------------------------------------------------------------------------


def test_line_buffer_splits_lines_across_any_chunking() -> None:
    data = b"alpha\nbeta\r\n\ngamma"
    for size in (1, 2, 3, len(data)):
        buffer = LineBuffer(100)
        lines = [line for start in range(0, len(data), size) for line in buffer.feed(data[start : start + size])]
        assert lines == [b"alpha", b"beta\r", b""]
        assert buffer.close() == b"gamma"
        assert buffer.close() == b""


def test_line_buffer_is_linear_in_a_long_line() -> None:
    # 16 MiB in 16,384 pieces of 1 KiB: joining pieces once is milliseconds; growing one bytes object per piece
    # copies ~128 GiB, minutes. The bound separates the two by orders of magnitude, not by a tuned margin.
    piece = b"x" * 1024
    buffer = LineBuffer(32 * 1024 * 1024)
    started = time.perf_counter()
    for _ in range(16 * 1024):
        assert buffer.feed(piece) == []
    (line,) = buffer.feed(b"\n")
    elapsed = time.perf_counter() - started
    assert len(line) == 16 * 1024 * 1024
    assert elapsed < 2.0, f"{elapsed:.2f} s for one long line"


@pytest.mark.parametrize(
    "chunks",
    [[b"x" * 65], [b"x" * 40, b"x" * 25], [b"ok\n" + b"x" * 70 + b"\n"], [b"x" * 30, b"x" * 40 + b"\nshort\n"]],
    ids=["one-piece", "two-pieces", "whole-line-in-a-chunk", "line-completed-by-a-chunk"],
)
def test_line_buffer_refuses_a_line_over_its_limit(chunks: list[bytes]) -> None:
    buffer = LineBuffer(64)
    with pytest.raises(StreamLineTooLongError) as info:
        for chunk in chunks:
            buffer.feed(chunk)
    assert info.value.limit == 64


def test_line_buffer_accepts_a_line_at_its_limit() -> None:
    buffer = LineBuffer(64)
    assert buffer.feed(b"x" * 40) == []
    assert buffer.feed(b"x" * 24 + b"\n") == [b"x" * 64]


# --- open enums: undocumented values are sent as given ---------------------------------------------------------

OPEN_ENUMS: list[tuple[str, Callable[[AsyncTwelveLabs], Any], Callable[[Recorded], Any], Any, tuple[str, ...]]] = [
    (
        "sort_by=name",
        lambda c: c.indexes.list(sort_by="name", sort_option="sideways"),
        lambda r: [v for k, v in r.query if k in ("sort_by", "sort_option")],
        ["name", "sideways"],
        (),  # the spec declares no enum for them
    ),
    (
        "search_options=visual,text",
        lambda c: c.search.create(index_id="i", search_options=["visual", "text"], query_text="q", operator="xor"),
        lambda r: [v for k, v in r.fields() if k in ("search_options", "operator")],
        ["visual", "text", "xor"],
        ("body.search_options[1]", "body.operator"),
    ),
    (
        "index model marengo9/text",
        lambda c: c.indexes.create(index_name="n", models=[{"model_name": "marengo9", "model_options": ["text"]}]),
        lambda r: r.json["models"],
        [{"model_name": "marengo9", "model_options": ["text"]}],
        (),
    ),
    (
        "analyze model pegasus9",
        lambda c: c.analyze(model_name="pegasus9", video=VIDEO_URL, prompt="p"),
        lambda r: r.json["model_name"],
        "pegasus9",
        ("body.model_name",),
    ),
    (
        "embedding_option=visual-hd",
        lambda c: c.embed.tasks.retrieve("et1", embedding_option=["visual-hd"]),
        lambda r: r.query,
        [("embedding_option", "visual-hd")],
        ("query.embedding_option[0]",),
    ),
    (
        "video type hls",
        lambda c: c.analyze(video={"type": "hls", "hls_url": "https://e.example/v.m3u8"}, prompt="p"),
        lambda r: r.json["video"],
        {"type": "hls", "hls_url": "https://e.example/v.m3u8"},
        None,  # not an enum the spec could tolerate: a new tagged variant (oneOf) the spec does not have yet
    ),
]


@pytest.mark.parametrize(("name", "call", "read", "expected", "tolerated"), OPEN_ENUMS, ids=[e[0] for e in OPEN_ENUMS])
async def test_undocumented_values_are_sent_as_given(
    name: str,
    call: Callable[[AsyncTwelveLabs], Any],
    read: Callable[[Recorded], Any],
    expected: Any,
    tolerated: tuple[str, ...] | None,
    server: RecordingServer,
    client: AsyncTwelveLabs,
) -> None:
    server.script(
        lambda req: Reply(json={"_id": "x", "id": "x", "data": "text" if req.raw_path.endswith("/analyze") else [],
                                "page_info": {"total_page": 1}})
    )
    result = call(client)
    await (result.first_page() if hasattr(result, "first_page") else result)
    req = server.requests[0]
    assert read(req) == expected
    if tolerated is None:
        with pytest.raises(spec_check.SpecViolation, match="video"):
            validate(req, allow_unknown_enum_values=True)
        return
    match = validate(req, allow_unknown_enum_values=True)
    assert sorted(p.where for p in match.tolerated) == sorted(tolerated)
    assert all(p.kind is spec_check.Kind.ENUM for p in match.tolerated)


# --- Kind.JSON: any JSON value, never NaN, model objects accepted ----------------------------------------------


class PydanticLike:
    """The shape of a pydantic v2 model, as far as the SDK looks at it."""

    def __init__(self, **fields: Any) -> None:
        self._fields = fields
        self.calls: list[dict[str, Any]] = []

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        return {k: v for k, v in self._fields.items() if v is not None or not kwargs.get("exclude_none")}


@attrs.frozen
class AttrsSource:
    type: str
    url: str | None = None
    asset_id: str | None = None


NAN = float("nan")
INF = float("inf")


@pytest.mark.parametrize(
    "payload",
    [
        NAN,
        INF,
        -INF,
        {"a": [1, {"b": NAN}]},
        [{"x": 1}, [2, [3, INF]]],
        {"deep": {"deeper": {"deepest": (1.0, -INF)}}},
        PydanticLike(score=NAN),
        [PydanticLike(inner={"x": INF})],
        {"source": AttrsSource(type="url", url=None, asset_id=None), "weight": NAN},
    ],
    ids=["nan", "inf", "minus-inf", "nested-mapping", "nested-list", "tuple", "model-dump", "model-in-list",
         "beside-an-attrs-object"],
)
async def test_kind_json_refuses_nan_and_infinity_anywhere(
    payload: Any, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError) as info:
        await client._call(ECHO, {"payload": payload}, None)
    assert info.value.param == "payload"
    assert "NaN" in info.value.reason
    assert server.requests == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.analyze(video=VIDEO_URL, response_format={"type": "object", "properties": {"n": {"maximum": INF}}}),
        lambda c: c.analyze(video=VIDEO_URL, prompt_v_2={"input_text": "x", "media_sources": [{"w": NAN}]}),
        lambda c: c.analyze(video=VIDEO_URL, prompt="p", request_options={"additional_body_parameters": {"t": NAN}}),
        lambda c: c.indexes.videos.update("i", "v", user_metadata={"score": NAN}),
        lambda c: c.tasks.create(index_id="i", video_url=VIDEO_URL, user_metadata={"score": INF}),
        lambda c: c.search.create(index_id="i", search_options=["visual"], query_text="q", filter={"d": {"gte": NAN}}),
    ],
    ids=["response_format", "prompt_v_2", "additional-body", "user-metadata-json", "user-metadata-form", "filter"],
)
async def test_nan_is_refused_on_the_tables_json_parameters(
    call: Callable[[AsyncTwelveLabs], Any], server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError, match="NaN"):
        await call(client)
    assert server.requests == []


async def test_kind_json_takes_any_json_value(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    values: list[Any] = [
        [{"a": 1}, {"b": [True, False, None]}],
        "text",
        0,
        2.5,
        False,
        {"nested": {"list": [1, "two", {"three": 3.0}], "empty": {}}},
    ]
    server.script(*[Reply(json={"id": str(n)}) for n in range(len(values))])
    for value in values:
        await client._call(ECHO, {"payload": value}, None)
    assert [req.json["payload"] for req in server.requests] == values


async def test_kind_json_accepts_model_objects(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    pydantic_video = PydanticLike(type="url", url=VIDEO_URL, asset_id=None)
    pydantic_format = PydanticLike(type="json_schema", json_schema={"type": "object"})
    server.script(Reply(json={"id": "a", "data": "{}"}), Reply(json={"id": "b"}))
    await client.analyze(video=pydantic_video, prompt="p", response_format=pydantic_format)
    await client._call(
        ECHO, {"payload": {"items": [PydanticLike(n=1, gone=None), AttrsSource(type="asset_id", asset_id="a1")]}}, None
    )
    first, second = server.requests
    assert first.json == {
        "video": {"type": "url", "url": VIDEO_URL},
        "prompt": "p",
        "response_format": {"type": "json_schema", "json_schema": {"type": "object"}},
        "stream": False,
    }
    validate(first)
    assert second.json == {"payload": {"items": [{"n": 1}, {"type": "asset_id", "asset_id": "a1"}]}}
    assert pydantic_video.calls and all(
        call == {"mode": "json", "by_alias": True, "exclude_none": True} for call in pydantic_video.calls
    )


def _refuse_constant(name: str) -> Any:
    raise AssertionError(f"{name} is not JSON")


async def test_a_json_body_on_the_wire_is_strict_json(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json={"id": "x"}))
    payload = {"big": 1e308, "small": -1e-308, "zero": -0.0, "text": "NaN", "model": AttrsSource(type="nan")}
    await client._call(ECHO, {"payload": payload}, None)
    body = json.loads(server.requests[0].body, parse_constant=_refuse_constant)
    assert body == {"payload": {"big": 1e308, "small": -1e-308, "zero": -0.0, "text": "NaN", "model": {"type": "nan"}}}
