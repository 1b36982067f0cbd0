"""``client.responses``: the request on the wire (checked against the 2026-07 spec), the typed SSE event stream
(any chunking, every event type, the text and the final response gathered, ``[DONE]``, typed errors, the
connection released on every exit), ``create`` returning the final response, the input shapes, sync twins."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
from core_testkit import API_KEY, FakeTime, RecordingServer, Reply, make_client
from test_vocabulary import rechunk
from test_wire import validate

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, models
from twelvelabs_async._errors import (
    APIResponseError,
    ArgumentError,
    ArgumentTypeError,
    BadRequestError,
    StreamConnectionError,
    StreamDecodeError,
    StreamIncompleteError,
)
from twelvelabs_async._response_stream import ResponseStream
from twelvelabs_async.routes.responses import responses_create_stream
from twelvelabs_async.sync._responses_helpers import SyncResponseStream

QUESTION = "What happens at the end of the video?"
ANSWER_PARTS = ["The video captures a heated ", "sideline moment: Caf\u00e9 \U0001f3ac ", "[1]."]
ANSWER = "".join(ANSWER_PARTS)
MSG = "msg_sess_1_0"
CITATION = {
    "type": "video_citation",
    "start_index": len(ANSWER) - 4,
    "end_index": len(ANSWER) - 2,
    "item_id": "ksi_1",
    "start_sec": 0.0,
    "end_sec": 9.0,
    "title": "Sideline",
    "thumbnail_url": "https://cdn.example/t.jpg",
    "hls_url": "https://cdn.example/v.m3u8",
}


def response_object(status: str, *, text: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "resp_1",
        "type": "response",
        "object": "response",
        "status": status,
        "incomplete_details": None,
        "session_id": "sess_1",
        "knowledge_store_id": "ks_1",
        "output": [],
        "created_at": "2026-07-11T03:13:47Z",
    }
    if text is not None:
        body["output"] = [
            {"type": "function_call", "id": "fc_1", "status": "completed", "name": "search", "call_id": "c1",
             "arguments": '{"q": "end"}'},
            {"type": "message", "id": "msg_0", "status": "completed", "role": "assistant", "phase": "commentary",
             "content": [{"type": "output_text", "text": "Looking... ", "annotations": []}]},
            {"type": "message", "id": MSG, "status": "completed", "role": "assistant", "phase": "final_answer",
             "content": [{"type": "output_text", "text": text, "annotations": [CITATION]}]},
        ]
        body["usage"] = {"input_tokens": 12625, "output_tokens": 289}
    return body


def frame(event: dict[str, Any], *, named: bool = True) -> bytes:
    head = f"event: {event['type']}\n" if named else ""
    return (head + "data: " + json.dumps(event) + "\n\n").encode()


def events(final: str = "response.completed", status: str = "completed") -> list[dict[str, Any]]:
    part = {"type": "output_text", "text": "", "annotations": []}
    message = {"type": "message", "id": MSG, "status": "in_progress", "role": "assistant", "phase": "final_answer",
               "content": [part]}
    out: list[dict[str, Any]] = [
        {"type": "response.created", "sequence_number": 0, "response": response_object("in_progress")},
        {"type": "response.in_progress", "sequence_number": 1, "response": response_object("in_progress")},
        {"type": "response.output_item.added", "sequence_number": 2, "output_index": 0, "item": message},
        {"type": "response.content_part.added", "sequence_number": 3, "item_id": MSG, "output_index": 0,
         "content_index": 0, "part": part},
        {"type": "keepalive", "sequence_number": 4},
    ]
    for n, delta in enumerate(ANSWER_PARTS):
        out.append({"type": "response.output_text.delta", "sequence_number": 5 + n, "item_id": MSG,
                    "output_index": 0, "content_index": 0, "delta": delta})
    done_part = {"type": "output_text", "text": ANSWER, "annotations": [CITATION]}
    out += [
        {"type": "response.output_text.done", "sequence_number": 8, "item_id": MSG, "output_index": 0,
         "content_index": 0, "text": ANSWER},
        {"type": "response.content_part.done", "sequence_number": 9, "item_id": MSG, "output_index": 0,
         "content_index": 0, "part": done_part},
        {"type": "response.function_call_arguments.done", "sequence_number": 10, "item_id": "fc_1",
         "output_index": 1, "arguments": '{"q": "end"}'},
        {"type": "response.output_item.done", "sequence_number": 11, "output_index": 0,
         "item": {**message, "status": "completed", "content": [done_part]}},
        {"type": "response.reasoning.delta", "sequence_number": 12, "delta": "a type from the future"},
        {"type": final, "sequence_number": 13, "response": response_object(status, text=ANSWER)},
    ]
    return out


EVENTS = events()
SSE = b": keep-alive comment\n\n" + b"".join(frame(e) for e in EVENTS) + b"data: [DONE]\n\n"
EXPECTED_CLASSES = [
    models.ResponseCreatedEvent,
    models.ResponseInProgressEvent,
    models.ResponseOutputItemAddedEvent,
    models.ResponseContentPartAddedEvent,
    models.ResponseKeepaliveEvent,
    models.ResponseOutputTextDeltaEvent,
    models.ResponseOutputTextDeltaEvent,
    models.ResponseOutputTextDeltaEvent,
    models.ResponseOutputTextDoneEvent,
    models.ResponseContentPartDoneEvent,
    models.ResponseFunctionCallArgumentsDoneEvent,
    models.ResponseOutputItemDoneEvent,
    models.UnknownResponseEvent,
    models.ResponseCompletedEvent,
]
WIRE_BODY = {
    "knowledge_store_id": "ks_1",
    "input": [{"type": "message", "role": "user", "content": QUESTION}],
    "stream": True,
}


def sse_reply(body: bytes = SSE, status: int = 200) -> Reply:
    return Reply(status, body=body, content_type="text/event-stream")


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


# --- the request -----------------------------------------------------------------------------------------------


async def test_every_parameter_on_the_wire(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    schema = {"type": "object", "properties": {"who": {"type": "string"}}}
    server.script(sse_reply())
    stream = client.responses.create_stream(
        knowledge_store_id="ks_1",
        input=[QUESTION, {"content": "Compare with {{sel:0}} and {{sel:1}}."}],
        session_id="sess_1",
        instructions="Answer in one sentence.",
        include=["intermediate_outputs"],
        selections=["ksi_1", "ksic_9", {"kind": "item", "id": "ksi_2"}],
        text=schema,
    )
    assert isinstance(stream, ResponseStream) and server.requests == []  # sent on first use
    await stream.until_done()
    (req,) = server.requests
    assert (req.method, req.raw_path, req.query) == ("POST", "/v1.3/responses", [])
    assert req.headers["Content-Type"].startswith("application/json")
    assert req.json == {
        "knowledge_store_id": "ks_1",
        "input": [
            {"type": "message", "role": "user", "content": QUESTION},
            {"type": "message", "role": "user", "content": "Compare with {{sel:0}} and {{sel:1}}."},
        ],
        "session_id": "sess_1",
        "instructions": "Answer in one sentence.",
        "include": ["intermediate_outputs"],
        "selections": [{"kind": "item", "id": "ksi_1"}, {"kind": "collection", "id": "ksic_9"},
                       {"kind": "item", "id": "ksi_2"}],
        "text": {"format": {"type": "json_schema", "name": "response", "schema": schema}},
        "stream": True,
    }
    assert validate(req).label == "Responses: create-stream"


async def test_create_sends_what_the_spec_allows(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    # The 2026-07 spec's `stream` is `enum: [true]`: `create` streams too, and reads the stream to its end.
    server.script(sse_reply())
    result = await client.responses.create(knowledge_store_id="ks_1", input=QUESTION,
                                           text={"format": {"type": "text"}})
    (req,) = server.requests
    assert req.json == {**WIRE_BODY, "text": {"format": {"type": "text"}}}
    validate(req)
    assert isinstance(result, models.ResponseObject)
    assert (result.id, result.status, result.session_id) == ("resp_1", "completed", "sess_1")
    assert result.output_text == ANSWER  # the final answer only, not the commentary
    assert [item.type for item in result.output] == ["function_call", "message", "message"]
    citation = result.output[2].content[0].annotations[0]
    assert (citation.type, citation.item_id, citation.start_sec, citation.end_sec) == (
        "video_citation", "ksi_1", 0.0, 9.0
    )
    assert ANSWER[citation.start_index : (citation.end_index or 0) + 1] == "[1]"
    assert result.usage is not None and result.usage.output_tokens == 289


def test_the_helpers_take_the_routes_parameters(client: AsyncTwelveLabs, sync_client: TwelveLabs) -> None:
    # The two methods are hand-written over one route: their keywords must be the route's, which validate them.
    expected = [p.name for p in responses_create_stream.params] + ["request_options"]
    for method in (client.responses.create, client.responses.create_stream, sync_client.responses.create,
                   sync_client.responses.create_stream):
        params = inspect.signature(method).parameters
        assert list(params) == expected
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values())
        doc = inspect.getdoc(method) or ""
        assert "POST /responses" in doc and all(f"{name}:" in doc for name in expected)
    assert inspect.iscoroutinefunction(client.responses.create)
    assert not inspect.iscoroutinefunction(client.responses.create_stream)


@pytest.mark.parametrize(
    ("kwargs", "error", "param"),
    [
        ({"input": ""}, ArgumentError, "input"),
        ({"input": []}, ArgumentError, "input"),
        ({"input": ["x" * 10_001]}, ArgumentError, "input"),
        ({"input": [{"role": "user"}]}, ArgumentError, "input"),
        ({"input": 42}, ArgumentTypeError, "input"),
        ({"input": QUESTION, "knowledge_store_id": None}, ArgumentError, "knowledge_store_id"),
        ({"input": QUESTION, "selections": ["vid_1"]}, ArgumentError, "selections"),
        ({"input": QUESTION, "selections": [{"kind": "item"}]}, ArgumentError, "selections"),
        ({"input": QUESTION, "text": {"format": {"type": "json_schema", "schema": {}}}}, ArgumentError, "text"),
        ({"input": QUESTION, "text": {"colour": "blue"}}, ArgumentError, "text"),
        ({"input": QUESTION, "include": [3]}, ArgumentTypeError, "include"),
        ({"input": QUESTION, "session_id": 7}, ArgumentTypeError, "session_id"),
    ],
    ids=["empty-str", "no-messages", "too-long", "no-content", "not-a-sequence", "no-store", "unknown-prefix",
         "selection-without-id", "schema-without-name", "not-a-format", "include-type", "session-type"],
)
async def test_bad_input_is_refused_before_any_request(
    kwargs: dict[str, Any], error: type[Exception], param: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    args = {"knowledge_store_id": "ks_1", **kwargs}
    with pytest.raises(error) as info:
        client.responses.create_stream(**args)
    assert type(info.value) is error and info.value.param == param  # type: ignore[attr-defined]
    with pytest.raises(error):
        await client.responses.create(**args)
    assert server.requests == []


# --- the stream ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size", [1, 2, 5, 64, None, 0], ids=["every-byte", "2-bytes", "5-bytes", "64-bytes", "as-sent", "one-chunk"]
)
async def test_the_stream_is_the_same_in_any_chunking(
    size: int | None, server: RecordingServer, client: AsyncTwelveLabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = rechunk(monkeypatch, client, size)
    server.script(sse_reply())
    stream = client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)
    seen = [event async for event in stream]
    assert [type(e) for e in seen] == EXPECTED_CLASSES
    assert [e.sequence_number for e in seen] == list(range(14))
    assert [e.delta for e in seen if isinstance(e, models.ResponseOutputTextDeltaEvent)] == ANSWER_PARTS
    assert stream.text == ANSWER and stream.done and stream.events_received == 14
    assert (stream.status, stream.response_id, stream.session_id) == ("completed", "resp_1", "sess_1")
    assert stream.usage is not None and stream.usage.input_tokens == 12625
    unknown = seen[12]
    assert isinstance(unknown, models.UnknownResponseEvent) and unknown.type == "response.reasoning.delta"
    assert unknown.raw["delta"] == "a type from the future"
    assert opened[0].released == 1 and opened[0].closed_count == 0  # read to [DONE]: back to the pool


async def test_events_carry_their_payloads(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(sse_reply())
    seen = await client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION).__aiter__().__anext__()
    assert isinstance(seen, models.ResponseCreatedEvent)
    assert seen.response is not None and seen.response.status == "in_progress"
    assert seen.response.created_at is not None and seen.response.created_at.minute == 13
    server.script(sse_reply())
    every = [e async for e in client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)]
    added, part_added, done_text, part_done, args_done, item_done = (
        every[2], every[3], every[8], every[9], every[10], every[11]
    )
    assert isinstance(added, models.ResponseOutputItemAddedEvent) and added.item is not None
    assert (added.item.id, added.item.phase, added.output_index) == (MSG, "final_answer", 0)
    assert isinstance(part_added, models.ResponseContentPartAddedEvent) and part_added.part is not None
    assert isinstance(done_text, models.ResponseOutputTextDoneEvent) and done_text.text == ANSWER
    assert isinstance(part_done, models.ResponseContentPartDoneEvent) and part_done.part is not None
    assert part_done.part.annotations[0].hls_url == "https://cdn.example/v.m3u8"
    assert isinstance(args_done, models.ResponseFunctionCallArgumentsDoneEvent)
    assert json.loads(args_done.arguments or "") == {"q": "end"}
    assert isinstance(item_done, models.ResponseOutputItemDoneEvent) and item_done.item is not None
    assert item_done.item.text == ANSWER and item_done.item.is_final_answer


async def test_a_failed_response_is_returned_with_its_status(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    failed = b"".join(frame(e) for e in events("response.failed", "failed")) + b"data: [DONE]\n\n"
    server.script(sse_reply(failed))
    result = await client.responses.create(knowledge_store_id="ks_1", input=QUESTION)
    assert result.status == "failed"  # as 1.3.6's `create` returns it: the caller reads `status`
    server.script(sse_reply(failed))
    stream = client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)
    last = [e async for e in stream][-1]
    assert isinstance(last, models.ResponseFailedEvent) and stream.status == "failed"


async def test_the_event_name_stands_in_for_a_missing_type_and_unnamed_frames_work(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    body = (
        frame({"type": "response.created", "sequence_number": 0, "response": response_object("in_progress")},
              named=False)
        + b'event: response.output_text.delta\ndata: {"sequence_number": 1, "delta": "Hi"}\n\n'
        + b'data: {"sequence_number": 2}\n\n'  # neither a type nor an event name
        + frame({"type": "response.completed", "sequence_number": 3, "response": response_object("completed")})
        + b"data: [DONE]\n\n"
    )
    server.script(sse_reply(body))
    stream = client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)
    seen = [e async for e in stream]
    assert [type(e) for e in seen] == [models.ResponseCreatedEvent, models.ResponseOutputTextDeltaEvent,
                                       models.UnknownResponseEvent, models.ResponseCompletedEvent]
    assert seen[2].type == "" and stream.text == "Hi"


async def test_a_part_sent_whole_still_counts_in_the_text(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    whole = [e for e in EVENTS if e["type"] != "response.output_text.delta"]
    server.script(sse_reply(b"".join(frame(e) for e in whole) + b"data: [DONE]\n\n"))
    assert await client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION) == ANSWER


async def test_awaiting_the_stream_gives_the_text(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(sse_reply())
    stream = client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)
    assert await stream == ANSWER
    assert (await stream.final_response()).output_text == ANSWER  # already read: nothing more is requested
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("body", "error", "delivered"),
    [
        (b"".join(frame(e) for e in EVENTS), StreamIncompleteError, 14),  # no [DONE]
        (b"".join(frame(e) for e in EVENTS[:6]) + b'data: {"type": "response.output_text.de', StreamIncompleteError,
         6),
        (b"".join(frame(e) for e in EVENTS[:3]) + b"data: not json\n\n", StreamDecodeError, 3),
        (b"".join(frame(e) for e in EVENTS[:3]) + b'data: ["a", "list"]\n\n', StreamDecodeError, 3),
        (b"".join(frame(e) for e in EVENTS[:2])
         + frame({"type": "response.output_item.added", "sequence_number": 2, "item": "not an object"}),
         APIResponseError, 2),
    ],
    ids=["no-done", "cut-mid-event", "not-json", "not-an-object", "event-that-does-not-fit"],
)
async def test_broken_streams_raise_typed_errors_after_the_good_events(
    body: bytes,
    error: type[Exception],
    delivered: int,
    server: RecordingServer,
    client: AsyncTwelveLabs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened = rechunk(monkeypatch, client, 0)  # one chunk: the good events before a bad one still come out
    server.script(sse_reply(body))
    stream = client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)
    seen = []
    with pytest.raises(error):
        async for event in stream:
            seen.append(event)
    assert len(seen) == delivered
    assert opened[0].closed_count + opened[0].released == 1  # let go either way


async def test_create_raises_when_the_stream_has_no_final_response(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    body = b"".join(frame(e) for e in EVENTS[:8]) + b"data: [DONE]\n\n"  # [DONE] before response.completed
    server.script(sse_reply(body))
    with pytest.raises(StreamIncompleteError, match=r"without its final response \(last status: in_progress\)"):
        await client.responses.create(knowledge_store_id="ks_1", input=QUESTION)


async def test_an_error_answer_is_typed_and_nothing_is_streamed(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(400, json={"code": "parameter_invalid", "message": "session sess_9 is of another store"}))
    with pytest.raises(BadRequestError, match="another store"):
        async for _ in client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION, session_id="s"):
            pass
    assert len(server.requests) == 1  # a streamed POST that was refused is not sent again


class _BreakingContent:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def iter_any(self) -> AsyncIterator[bytes]:
        yield b"".join(frame(e) for e in EVENTS[:2])
        raise aiohttp.ClientPayloadError("connection reset by peer")

    def at_eof(self) -> bool:
        return False


async def test_a_broken_connection_is_a_stream_connection_error(
    server: RecordingServer, client: AsyncTwelveLabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = rechunk(monkeypatch, client, None)
    send = client._transport.send

    async def breaking_send(request: Any, **kwargs: Any) -> Any:
        response = await send(request, **kwargs)
        response.content = _BreakingContent(response.content)  # two events, then the connection resets
        return response

    monkeypatch.setattr(client._transport, "send", breaking_send)
    server.script(sse_reply())
    seen = []
    with pytest.raises(StreamConnectionError, match="after 2 item"):
        async for event in client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION):
            seen.append(event)
    assert len(seen) == 2 and opened[0].closed_count == 1 and opened[0].released == 0


class _StallingContent:
    """Two events, then nothing more: the server is slow, the caller gives up (cancels)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.stalled = asyncio.Event()

    async def iter_any(self) -> AsyncIterator[bytes]:
        yield b"".join(frame(e) for e in EVENTS[:2])
        self.stalled.set()
        await asyncio.Event().wait()  # never set: only a cancellation ends this read
        yield b""  # pragma: no cover

    def at_eof(self) -> bool:
        return False


async def test_cancelling_a_reader_mid_stream_releases_the_connection(
    server: RecordingServer, client: AsyncTwelveLabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = rechunk(monkeypatch, client, None)
    send = client._transport.send
    contents: list[_StallingContent] = []

    async def stalling_send(request: Any, **kwargs: Any) -> Any:
        response = await send(request, **kwargs)
        response.content = _StallingContent(response.content)
        contents.append(response.content)
        return response

    monkeypatch.setattr(client._transport, "send", stalling_send)
    server.script(sse_reply())
    seen: list[models.ResponseEvent] = []

    async def read() -> None:
        async for event in client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION):
            seen.append(event)

    reader = asyncio.ensure_future(read())
    for _ in range(10_000):  # the reader gets there in a few turns of the loop (plus the server's answer)
        if contents and contents[0].stalled.is_set():
            break
        assert not reader.done()
        await asyncio.sleep(0.001)
    else:
        pytest.fail("the reader never got its first two events")
    reader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reader
    assert len(seen) == 2
    assert opened[0].closed_count == 1 and opened[0].released == 0  # dropped, never pooled half-read


@pytest.mark.parametrize("how", ["break", "async-with", "aclose", "error-in-body"])
async def test_leaving_early_releases_the_connection(
    how: str, server: RecordingServer, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One connection in the pool and a short timeout: a stream that kept its connection would make the next call
    # fail (after 3 s) instead of succeeding at once.
    client = make_client(server.base_url, fake_time, max_connections=1, timeout=3.0)
    try:
        opened = rechunk(monkeypatch, client, 16)
        server.script(sse_reply(SSE * 30), Reply(json={"_id": "after", "name": "n"}))
        stream = client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)
        if how == "break":
            async for _ in stream:
                break
        elif how == "async-with":
            async with stream:
                await stream.__anext__()
        elif how == "aclose":
            await stream.__anext__()
            await stream.aclose()
        else:
            with pytest.raises(RuntimeError, match="caller's own"):
                async for _ in stream:
                    raise RuntimeError("the caller's own error")
        after = await client.knowledge_stores.retrieve("after")  # needs the pool's only connection
        assert after.id == "after"
        assert opened[0].closed_count == 1 and opened[0].released == 0  # dropped unread, not pooled half-read
        assert not stream.done
    finally:
        await client.aclose()


async def test_a_closed_stream_cannot_be_read(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    stream = client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)
    await stream.aclose()
    with pytest.raises(StreamIncompleteError, match="closed before it was read"):
        await stream.final_response()
    assert server.requests == []


# --- the blocking client ----------------------------------------------------------------------------------------


def test_sync_stream_create_and_early_exit(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(sse_reply())
    with sync_client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION) as stream:
        assert isinstance(stream, SyncResponseStream)
        seen = list(stream)
    assert [type(e) for e in seen] == EXPECTED_CLASSES
    assert stream.text == ANSWER and stream.done and stream.events_received == 14
    assert (stream.status, stream.session_id, stream.response_id) == ("completed", "sess_1", "resp_1")
    assert stream.response is not None and stream.usage is not None and stream.usage.output_tokens == 289

    server.script(sse_reply())
    result = sync_client.responses.create(knowledge_store_id="ks_1", input=QUESTION, session_id="sess_1")
    assert result.output_text == ANSWER
    assert server.requests[1].json == {**WIRE_BODY, "session_id": "sess_1"}

    # One pooled connection: a stream left early that kept it would make the next call time out.
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0, max_connections=1, timeout=2.0) as narrow:
        server.script(sse_reply(SSE * 20), Reply(json={"_id": "after"}))
        stream = narrow.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)
        for _ in stream:
            break  # closes the async side, which lets the connection go
        assert stream.events_received == 1
        assert narrow.knowledge_stores.retrieve("after").id == "after"

    server.script(sse_reply())
    stream = sync_client.responses.create_stream(knowledge_store_id="ks_1", input=QUESTION)
    assert stream.until_done() == ANSWER and stream.final_response().status == "completed"
    for req in server.requests:
        validate(req)


def test_sync_refuses_bad_input_before_any_request(server: RecordingServer, sync_client: TwelveLabs) -> None:
    with pytest.raises(ArgumentError):
        sync_client.responses.create_stream(knowledge_store_id="ks_1", input="")
    with pytest.raises(ArgumentError):
        sync_client.responses.create(knowledge_store_id="ks_1", input=[])
    assert server.requests == []
