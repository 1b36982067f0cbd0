"""``POST /responses`` on today's surface, with raw aiohttp and a small server-sent-events parser written here
(not the SDK's): the event order and sequence numbers, deltas that spell the final text, usage, the closing
``data: [DONE]``, sessions, selections, intermediate outputs, JSON output, ``response.failed``, keep-alive
comments, request errors and the stream faults."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import jsonschema
import pytest
from emulator_helpers import HEADERS

from twelvelabs_async.emulator import Emulator, ManualClock

MESSAGE_EVENTS = ["response.output_item.added", "response.content_part.added"]
CLOSING_EVENTS = ["response.output_text.done", "response.content_part.done", "response.output_item.done",
                  "response.completed"]


@dataclass
class Sse:
    """What a stream carried: its events (name, parsed data), comment lines, whether it ended with [DONE]."""

    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    done: bool = False
    after_done: int = 0  # frames after [DONE] (there must be none)
    # Where each comment fell: the number of events written before it.
    comment_positions: list[int] = field(default_factory=list)

    @property
    def types(self) -> list[str]:
        return [name for name, _ in self.events]

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [data for name, data in self.events if name == kind]

    @property
    def text(self) -> str:
        return "".join(d["delta"] for d in self.of("response.output_text.delta"))


def parse_sse(raw: bytes) -> Sse:
    """The event-stream format (WHATWG HTML, server-sent events): lines end with LF, CR LF or CR; a blank line
    dispatches the event; ``:`` starts a comment; ``field: value`` with one optional space after the colon;
    several ``data`` lines join with LF. ``data: [DONE]`` ends the stream."""
    out = Sse()
    name, data = "", []
    lines = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in lines[:-1] if lines and lines[-1] == "" else lines:
        if line == "":
            if data:
                payload = "\n".join(data)
                if out.done:
                    out.after_done += 1
                elif payload == "[DONE]":
                    out.done = True
                else:
                    parsed = json.loads(payload)
                    assert parsed["type"] == (name or "message"), (name, parsed)
                    out.events.append((name or "message", parsed))
            name, data = "", []
            continue
        if line.startswith(":"):
            out.comments.append(line[1:].strip())
            out.comment_positions.append(len(out.events))
            continue
        key, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if key == "event":
            name = value
        elif key == "data":
            data.append(value)
    assert not data, "the stream ended in the middle of an event"
    return out


async def read_all(resp: aiohttp.ClientResponse) -> tuple[bytes, bool]:
    """The body as far as it arrived, and whether the connection was cut before its end."""
    chunks = []
    try:
        async for chunk in resp.content.iter_any():
            chunks.append(chunk)
    except (aiohttp.ClientPayloadError, aiohttp.ServerDisconnectedError, ConnectionResetError):
        return b"".join(chunks), True
    return b"".join(chunks), False


async def respond(http: aiohttp.ClientSession, base: str, store_id: str, question: str | list[str],
                  headers: dict[str, str] | None = None, **extra: Any) -> Sse:
    contents = [question] if isinstance(question, str) else question
    body = {"knowledge_store_id": store_id, "stream": True,
            "input": [{"type": "message", "role": "user", "content": c} for c in contents], **extra}
    async with http.post(f"{base}/responses", json=body, headers=headers or {}) as resp:
        assert resp.status == 200, await resp.text()
        assert resp.headers["Content-Type"].startswith("text/event-stream")
        raw, cut = await read_all(resp)
    assert not cut
    return parse_sse(raw)


async def error_of(http: aiohttp.ClientSession, base: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    async with http.post(f"{base}/responses", json=body) as resp:
        assert resp.headers["Content-Type"].startswith("application/json")
        return resp.status, await resp.json()


def final_response(sse: Sse) -> dict[str, Any]:
    (completed,) = sse.of("response.completed")
    return dict(completed["response"])


ZOO = ["dog_park.mp4", "cat_sofa.mp4", "dog_portrait.jpg", "city_night.mp4"]


async def test_stream_order_text_usage_and_done(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    store = emulator.state.seed_knowledge_store("zoo", ZOO)
    sse = await respond(http, emulator.base_url, store.id, "Where is the dog?")
    deltas = sse.types.count("response.output_text.delta")
    assert deltas > 3
    assert sse.types == (["response.created", "response.in_progress", *MESSAGE_EVENTS]
                         + ["response.output_text.delta"] * deltas + CLOSING_EVENTS)
    assert [d["sequence_number"] for _, d in sse.events] == list(range(len(sse.events)))
    assert sse.done and sse.after_done == 0 and sse.comments == []  # no pause long enough for a ping

    created = sse.of("response.created")[0]["response"]
    assert created["id"].startswith("resp_") and created["session_id"].startswith("sess_")
    assert (created["status"], created["output"], created["type"]) == ("in_progress", [], "response")
    assert created["knowledge_store_id"] == store.id
    message_id = f"msg_{created['session_id']}_0"
    added = sse.of("response.output_item.added")[0]
    assert added["output_index"] == 0 and added["item"] == {
        "type": "message", "id": message_id, "status": "in_progress", "role": "assistant",
        "content": [{"type": "output_text", "text": "", "annotations": []}]}
    text = sse.text
    assert sse.of("response.output_text.done")[0]["text"] == text
    # The parts carry an empty `annotations` list: the spec does not declare it, 1.3.6 requires it.
    assert sse.of("response.content_part.done")[0]["part"] == {"type": "output_text", "text": text,
                                                               "annotations": []}
    assert sse.of("response.content_part.added")[0]["part"] == {"type": "output_text", "text": "",
                                                                "annotations": []}
    assert all(d["item_id"] == message_id and d["content_index"] == 0 for d in sse.of("response.output_text.delta"))
    final = final_response(sse)
    assert final["status"] == "completed" and final["id"] == created["id"]
    assert final["output"] == [{"type": "message", "id": message_id, "status": "completed", "role": "assistant",
                                "content": [{"type": "output_text", "text": text, "annotations": []}]}]
    assert final["usage"]["output_tokens"] == len(text.split()) and final["usage"]["input_tokens"] > 4
    # The answer names the matching items (and only those) with a time range for the video.
    assert text.startswith('Regarding "Where is the dog?": ')
    assert "dog_park.mp4 shows dog and park [" in text and "dog_portrait.jpg" in text
    assert "cat_sofa.mp4" not in text and "city_night.mp4" not in text
    # Deterministic: a new session asking the same gets the same words.
    again = await respond(http, emulator.base_url, store.id, "Where is the dog?")
    assert again.text == text and final_response(again)["session_id"] != final["session_id"]


async def test_sessions_carry_earlier_turns(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    store = emulator.state.seed_knowledge_store("zoo", ZOO)
    first = final_response(await respond(http, base, store.id, "Where is the dog?"))
    session_id = first["session_id"]
    second_sse = await respond(http, base, store.id, "And the cat?", session_id=session_id)
    second = final_response(second_sse)
    assert second["session_id"] == session_id
    assert second_sse.text.startswith('Following up on your earlier question "Where is the dog?": Regarding '
                                      '"And the cat?": cat_sofa.mp4')
    assert second["output"][0]["id"] == f"msg_{session_id}_1"
    # The earlier turn is context: it costs input tokens.
    assert second["usage"]["input_tokens"] > first["usage"]["input_tokens"] + len(first["output"][0]["content"][0]
                                                                                   ["text"].split())
    turns = emulator.state.response_sessions[session_id].turns
    assert [t.question for t in turns] == ["Where is the dog?", "And the cat?"]

    other = emulator.state.seed_knowledge_store("other", ["dog.mp4"])
    status, err = await error_of(http, base, {"knowledge_store_id": other.id, "session_id": session_id,
                                              "stream": True, "input": [{"type": "message", "role": "user",
                                                                         "content": "hi"}]})
    assert status == 400 and err["code"] == "parameter_invalid"  # the session belongs to another store
    status, err = await error_of(http, base, {"knowledge_store_id": store.id, "session_id": "sess_unknown",
                                              "stream": True, "input": [{"type": "message", "role": "user",
                                                                         "content": "hi"}]})
    assert status == 404 and err["code"] == "resource_not_exist"
    assert len(emulator.state.response_sessions[session_id].turns) == 2


async def test_selections_narrow_the_answer_and_persist(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    store = emulator.state.seed_knowledge_store("zoo", ZOO)
    by_name = {i.filename: i.id for i in store.items.values()}
    collection = emulator.state.create_item_collection(store.id, "pets")
    collection.members[by_name["cat_sofa.mp4"]] = None
    sse = await respond(http, base, store.id, "What happens in {{sel:0}}?",
                        selections=[{"kind": "collection", "id": collection.id}])
    assert sse.text.startswith('Regarding "What happens in the collection pets?": ')
    # Only the collection's members are looked at: the dog videos are out of scope.
    assert "dog" not in sse.text.split(":", 1)[1]
    session_id = final_response(sse)["session_id"]
    later = await respond(http, base, store.id, "Is there a dog?", session_id=session_id)
    assert "None of the 1 item(s) I looked at matches" in later.text  # the selection persists in the session
    widened = await respond(http, base, store.id, "Is there a dog in {{sel:0}}?", session_id=session_id,
                            selections=[{"kind": "item", "id": by_name["dog_park.mp4"]}])
    assert "dog_park.mp4 shows" in widened.text and "dog_portrait.jpg" not in widened.text
    assert emulator.state.response_sessions[session_id].selections == [
        ("collection", collection.id), ("item", by_name["dog_park.mp4"])]

    message = [{"type": "message", "role": "user", "content": "about {{sel:1}}"}]
    for selections, where in (
            ([{"kind": "item", "id": by_name["dog_park.mp4"]}], "input[0].content"),  # {{sel:1}} points past the end
            ([{"kind": "item", "id": collection.id}, {"kind": "item", "id": by_name["dog_park.mp4"]}],
             "selections[0].id"),  # a collection id under kind=item
            ([{"kind": "item", "id": "ksi_unknown"}, {"kind": "item", "id": by_name["dog_park.mp4"]}],
             "selections[0].id"),
            ([{"kind": "video", "id": "x"}], "selections[0].kind")):
        status, err = await error_of(http, base, {"knowledge_store_id": store.id, "stream": True, "input": message,
                                                  "selections": selections})
        assert status == 400 and where in err["message"], err


async def test_intermediate_outputs(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    store = emulator.state.seed_knowledge_store("zoo", ZOO)
    sse = await respond(http, emulator.base_url, store.id, "Where is the dog?", include=["intermediate_outputs"])
    tools = ["response.output_item.added", "response.function_call_arguments.done", "response.output_item.done",
             "response.output_item.added", "response.output_item.done"]
    assert sse.types[2:7] == tools and sse.types[7:9] == MESSAGE_EVENTS and sse.types[-4:] == CLOSING_EVENTS
    final = final_response(sse)
    assert [o["type"] for o in final["output"]] == ["function_call", "function_call_output", "message"]
    call, result, message = final["output"]
    assert call["name"] == "search_knowledge_store" and call["call_id"].startswith("call_")
    assert json.loads(call["arguments"])["query"] == "Where is the dog?"
    assert sse.of("response.function_call_arguments.done")[0]["arguments"] == call["arguments"]
    found = [r["filename"] for r in json.loads(result["output"])["results"]]
    assert set(found) == {"dog_park.mp4", "dog_portrait.jpg"}
    assert message["content"][0]["text"] == sse.text and sse.of("response.output_item.added")[2]["output_index"] == 2
    session = final["session_id"]
    assert [o["id"] for o in final["output"]] == [f"fc_{session}_0", f"fco_{session}_1", f"msg_{session}_2"]


async def test_answers_are_the_same_for_the_same_seed_whatever_the_millisecond_of_each_creation() -> None:
    # The store, its items, the session and the response get ids that carry their creation time in ms: the
    # deltas an answer is cut into and a structured answer follow the seed, never those milliseconds.
    schema = {"type": "object", "properties": {"id": {"type": "string", "format": "uuid"},
                                               "count": {"type": "integer", "minimum": 1, "maximum": 1000}}}
    runs = []
    for step in (0.0, 0.0137):
        clock = ManualClock(1_750_000_000.0)
        async with Emulator(speed=0, clock=clock, seed=15) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
            clock.advance(step)
            store = emu.state.seed_knowledge_store("zoo", ZOO)
            clock.advance(step)
            plain = await respond(http, emu.base_url, store.id, "Where is the dog?")
            clock.advance(step)
            structured = await respond(http, emu.base_url, store.id, "Which dogs are there?",
                                       text={"format": {"type": "json_schema", "name": "n", "schema": schema}})
            runs.append((store.id, [d["delta"] for d in plain.of("response.output_text.delta")], structured.text))
    (first_store, *first), (second_store, *second) = runs
    assert first_store != second_store and first == second


async def test_json_schema_output_and_instructions(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    store = emulator.state.seed_knowledge_store("zoo", ZOO)
    schema = {"type": "object", "properties": {
        "animals": {"type": "array", "items": {"type": "string"}, "minItems": 2},
        "count": {"type": "integer", "minimum": 1, "maximum": 5},
        "kind": {"type": "string", "enum": ["pet", "wild"]}}}
    sse = await respond(http, base, store.id, "Which dogs are there?",
                        text={"format": {"type": "json_schema", "name": "animals", "schema": schema, "strict": True}})
    value = json.loads(sse.text)
    jsonschema.Draft202012Validator(schema).validate(value)
    assert set(value) == {"animals", "count", "kind"} and "dog" in " ".join(value["animals"])
    assert final_response(sse)["output"][0]["content"][0]["text"] == sse.text

    plain = await respond(http, base, store.id, "Where is the dog?", instructions="Answer in one sentence.",
                          text={"format": {"type": "text"}})
    assert plain.text.endswith("(Answered as instructed: Answer in one sentence.)")

    message = [{"type": "message", "role": "user", "content": "x"}]
    for fmt, code in (({"type": "json_schema", "schema": schema}, "parameter_not_provided"),
                      ({"type": "json_schema", "name": "n", "schema": "object"}, "parameter_invalid"),
                      ({"type": "yaml"}, "parameter_invalid"),
                      ({"type": "text", "name": "n"}, "parameter_unknown")):
        status, err = await error_of(http, base, {"knowledge_store_id": store.id, "stream": True, "input": message,
                                                  "text": {"format": fmt}})
        assert (status, err["code"]) == (400, code), err


async def test_failed_responses(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    empty = emulator.state.create_knowledge_store("empty")
    item = emulator.state.add_knowledge_item(empty.id, emulator.state.seed_assets(1)[0])
    emulator.state.fail_knowledge_item(item.id)  # the store's only item fails: nothing ready to reason over
    for store_id, question in ((empty.id, "Anything?"),
                               (emulator.state.seed_knowledge_store("zoo", ZOO).id, "Fail [emulator:fail] now")):
        sse = await respond(http, base, store_id, question)
        assert sse.types == ["response.created", "response.in_progress", "response.failed"] and sse.done
        failed = sse.of("response.failed")[0]["response"]
        assert failed["status"] == "failed" and failed["output"] == [] and failed["session_id"].startswith("sess_")
        assert emulator.state.response_sessions[failed["session_id"]].turns == []


async def test_request_errors(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    store = emulator.state.seed_knowledge_store("zoo", ["dog.mp4"])
    good = {"knowledge_store_id": store.id, "stream": True,
            "input": [{"type": "message", "role": "user", "content": "hi"}]}
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({k: v for k, v in good.items() if k != "stream"}, 400, "parameter_not_provided"),
        ({**good, "stream": False}, 400, "parameter_invalid"),  # the spec's enum: [true]
        ({k: v for k, v in good.items() if k != "input"}, 400, "parameter_not_provided"),
        ({**good, "input": []}, 400, "parameter_invalid"),
        ({**good, "input": [{"type": "message", "role": "assistant", "content": "hi"}]}, 400, "parameter_invalid"),
        ({**good, "input": [{"type": "message", "role": "user", "content": ""}]}, 400, "parameter_invalid"),
        ({**good, "input": [{"type": "message", "role": "user", "content": "x" * 10_001}]}, 400,
         "parameter_invalid"),
        ({**good, "input": [{"role": "user", "content": "hi"}]}, 400, "parameter_not_provided"),
        ({**good, "include": ["reasoning"]}, 400, "parameter_invalid"),
        ({**good, "temperature": 0.5}, 400, "parameter_unknown"),
        ({**good, "knowledge_store_id": "ks_unknown"}, 404, "resource_not_exist"),
    ]
    for body, status, code in cases:
        got, err = await error_of(http, base, body)
        assert (got, err["code"]) == (status, code), (body, err)
    assert emulator.state.response_sessions == {}  # no refused request opened a session
    sse = await respond(http, base, store.id, "x" * 10_000)  # the longest content is fine
    assert sse.done


async def test_keepalive_pings_fill_the_silences() -> None:
    async with Emulator(speed=0, clock=ManualClock(), response_think_seconds=0.25, sse_keepalive_interval=0.1,
                        response_event_delay=0.03) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        store = emu.state.seed_knowledge_store("zoo", ["dog.mp4"])
        sse = await respond(http, emu.base_url, store.id, "dog?")
        # 0.25 s of thinking after in_progress: pings at 0.1 and 0.2. The 0.03 s delay before the next event
        # only brings that silence to 0.08 s since the last ping, and every later gap is 0.03 s (a write resets
        # the count), under the interval: no other ping.
        assert sse.comments == ["ping", "ping"] and sse.comment_positions == [2, 2]
        assert sse.done and sse.types[-1] == "response.completed" and sse.text
    async with Emulator(speed=0, clock=ManualClock(), sse_keepalive_interval=0.02, response_event_delay=0.05) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        store = emu.state.seed_knowledge_store("zoo", ["dog.mp4"])
        sse = await respond(http, emu.base_url, store.id, "dog?")
        # Each 0.05 s gap between two events holds two pings (at 0.02 and 0.04).
        gaps = len(sse.events) - 1
        assert len(sse.comments) == 2 * gaps
        assert sse.comment_positions == [n for n in range(1, len(sse.events)) for _ in range(2)]


@pytest.mark.parametrize(("fault", "events"), [("stream_cut(3)", 3), ("stream_cut(0)", 0), ("drop_after", None)])
async def test_stream_faults_cut_the_connection(emulator: Emulator, http: aiohttp.ClientSession, fault: str,
                                                events: int | None) -> None:
    store = emulator.state.seed_knowledge_store("zoo", ZOO)
    body = {"knowledge_store_id": store.id, "stream": True,
            "input": [{"type": "message", "role": "user", "content": "Where is the dog?"}]}
    async with http.post(f"{emulator.base_url}/responses", json=body, headers={"X-Emulator-Fault": fault}) as resp:
        assert resp.status == 200
        raw, cut = await read_all(resp)
    assert cut
    sse = parse_sse(raw[: raw.rfind(b"\n\n") + 2] if raw else b"")
    assert not sse.done
    if events is None:  # drop_after: everything but the final event
        assert sse.types[-1] == "response.output_item.done" and "response.completed" not in sse.types
    else:
        assert len(sse.events) == events
    assert emulator.state.outcomes["POST /responses"] == {"stream_cut": 1}
    # The platform produced the answer all the same: the turn is in the session.
    session_id = next(iter(emulator.state.response_sessions))
    assert len(emulator.state.response_sessions[session_id].turns) == 1


async def test_api_faults_answer_before_the_stream(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    store = emulator.state.seed_knowledge_store("zoo", ZOO)
    body = {"knowledge_store_id": store.id, "stream": True,
            "input": [{"type": "message", "role": "user", "content": "dog?"}]}
    async with http.post(f"{emulator.base_url}/responses", json=body, headers={"X-Emulator-Fault": "503"}) as resp:
        assert resp.status == 503 and (await resp.json())["code"] == "internal_error"
    assert emulator.state.response_sessions == {}
