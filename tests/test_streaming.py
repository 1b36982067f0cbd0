"""NDJSON decoding and the analyze event stream: lossless, typed, and always releasing its connection."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._errors import (
    IndexNotSupportedForGenerateError,
    StreamConnectionError,
    StreamDecodeError,
    StreamError,
    StreamIncompleteError,
    VideoDurationTooShortError,
)
from twelvelabs_async._streaming import NdjsonDecoder
from twelvelabs_async.emulator import Emulator
from twelvelabs_async.models import StreamEnd, StreamStart, TextGeneration, UnknownStreamEvent

# --- the decoder ----------------------------------------------------------------------------------------------


def _decode_all(chunks: list[bytes]) -> list[dict[str, object]]:
    decoder = NdjsonDecoder()
    out: list[dict[str, object]] = []
    for chunk in chunks:
        out.extend(decoder.feed(chunk))
    out.extend(decoder.close())
    return out


def test_lines_split_at_every_byte_decode_the_same() -> None:
    body = '{"event_type":"text_generation","text":"héllo wörld 🎬"}\n{"a":1}\n'.encode()
    whole = _decode_all([body])
    assert whole == [{"event_type": "text_generation", "text": "héllo wörld 🎬"}, {"a": 1}]
    for cut in range(1, len(body)):
        assert _decode_all([body[:cut], body[cut:]]) == whole
    assert _decode_all([bytes([b]) for b in body]) == whole


def test_crlf_and_blank_lines_are_accepted() -> None:
    assert _decode_all([b'{"a":1}\r\n\r\n  \n{"b":2}\r\n']) == [{"a": 1}, {"b": 2}]


def test_a_line_of_several_megabytes_decodes() -> None:
    text = "x" * (5 * 1024 * 1024)
    body = json.dumps({"event_type": "text_generation", "text": text}).encode() + b"\n"
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]
    [event] = _decode_all(chunks)
    assert event["text"] == text


def test_a_final_line_without_newline_is_kept_when_whole() -> None:
    assert _decode_all([b'{"a":1}\n{"b":2}']) == [{"a": 1}, {"b": 2}]


def test_a_truncated_final_line_raises() -> None:
    with pytest.raises(StreamIncompleteError, match="middle of a line"):
        _decode_all([b'{"a":1}\n{"b":'])


def test_a_malformed_line_raises_with_a_cut_of_it() -> None:
    decoder = NdjsonDecoder()
    with pytest.raises(StreamDecodeError) as caught:
        decoder.feed(b'{"a":1}\nnot json ' + b"y" * 2000 + b"\n")
    assert caught.value.line_number == 2
    assert caught.value.line.startswith("not json")
    assert len(caught.value.line) < 600  # a cut, not the whole line


def test_a_json_value_that_is_not_an_object_raises() -> None:
    with pytest.raises(StreamDecodeError, match="not a JSON object"):
        NdjsonDecoder().feed(b"[1, 2]\n")


_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_events = st.lists(
    st.one_of(
        st.builds(lambda t: {"event_type": "text_generation", "text": t}, _texts),
        st.builds(lambda g: {"event_type": "stream_start", "metadata": {"generation_id": g}}, _texts),
        st.builds(lambda k: {"event_type": "something_new", "value": k}, st.integers()),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(events=_events, cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=20), crlf=st.booleans())
def test_property_any_split_gives_identical_events(
    events: list[dict[str, object]], cuts: list[int], crlf: bool
) -> None:
    newline = b"\r\n" if crlf else b"\n"
    body = b"".join(json.dumps(e, ensure_ascii=False).encode() + newline for e in events)
    points = sorted({c % (len(body) + 1) for c in cuts})
    chunks = [body[a:b] for a, b in zip([0, *points], [*points, len(body)], strict=True)]
    assert _decode_all(chunks) == events


# --- the stream against the emulator -------------------------------------------------------------------------

# The 1.0.0-era source (video_id) needs an index with Pegasus 1.2; today's analysis reads a video by URL.
PEGASUS = [
    {"model_name": "marengo3.0", "model_options": ["visual", "audio"]},
    {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]},
]
VIDEO = "https://videos.example.com/dog_park.mp4"


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(speed=0) as emu:
        yield emu


@pytest.fixture
async def client(emulator: Emulator) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs("k", base_url=emulator.base_url, max_retries=0) as c:
        yield c


async def _video(client: AsyncTwelveLabs, emulator: Emulator, models: list[dict[str, object]] = PEGASUS) -> str:
    index = await client.indexes.create(index_name=f"idx-{time.monotonic_ns()}", models=models)
    emulator.state.seed_videos(index.id, 1, prefix="dog_park")
    pager = await client.indexes.videos.list(index_id=index.id)  # the official SDK's form
    return pager.items[0].id


def _acquired(client: AsyncTwelveLabs) -> int:
    session = client._transport._session
    assert session is not None and session.connector is not None
    return len(session.connector._acquired)  # type: ignore[attr-defined]


async def _eventually(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.01)
    return False


async def test_events_are_typed_and_the_text_aggregated(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    stream = client.analyze_stream(video=VIDEO, prompt="What happens?")
    events = [event async for event in stream]
    assert isinstance(events[0], StreamStart) and events[0].generation_id
    assert isinstance(events[-1], StreamEnd) and events[-1].usage is not None
    texts = [e.text for e in events if isinstance(e, TextGeneration)]
    assert len(texts) >= 10
    assert stream.text == "".join(texts) and stream.done
    assert stream.generation_id == events[0].generation_id
    assert stream.finish_reason == "stop" and stream.error is None
    whole = await client.analyze(video=VIDEO, prompt="What happens?")
    assert whole.data == stream.text and whole.finish_reason == "stop"
    assert _acquired(client) == 0


async def test_a_requested_event_count_spells_the_same_answer(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    prompt = "What happens? [emulator:events=40]"
    stream = client.analyze_stream(video=VIDEO, prompt=prompt)
    texts = [e.text async for e in stream if isinstance(e, TextGeneration)]
    assert len(texts) == 40
    whole = await client.analyze(video=VIDEO, prompt=prompt)
    assert whole.data == stream.text
    assert whole.usage is not None and stream.usage is not None
    assert whole.usage.output_tokens == stream.usage.output_tokens


async def test_async_with_and_generate_stream_true(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    video_id = await _video(client, emulator)
    with pytest.warns(DeprecationWarning, match="generate"):
        stream = client.generate(video_id=video_id, prompt="Title?", stream=True)
    async with stream:
        text = await stream.until_done()
    assert text and stream.usage is not None
    assert _acquired(client) == 0


async def test_break_releases_the_connection(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    stream = client.analyze_stream(video=VIDEO, prompt="Long [emulator:events=500]")
    async for event in stream:
        if isinstance(event, TextGeneration):
            break
    assert await _eventually(lambda: _acquired(client) == 0)
    assert not stream.done


async def test_cancellation_releases_the_connection(emulator: Emulator) -> None:
    async with Emulator(speed=0, stream_delay=0.05) as slow, AsyncTwelveLabs("k", base_url=slow.base_url) as client:
        started = asyncio.Event()

        async def consume() -> None:
            async for _ in client.analyze_stream(video=VIDEO, prompt="[emulator:events=1000]"):
                started.set()

        task = asyncio.create_task(consume())
        await asyncio.wait_for(started.wait(), 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await _eventually(lambda: _acquired(client) == 0)


async def test_a_cut_stream_raises_instead_of_ending_quietly(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    stream = client.analyze_stream(
        video=VIDEO,
        prompt="[emulator:events=50]",
        request_options={"additional_headers": {"X-Emulator-Fault": "stream_cut(5)"}},
    )
    received = []
    with pytest.raises((StreamIncompleteError, StreamConnectionError)) as caught:
        async for event in stream:
            received.append(event)
    assert isinstance(caught.value, StreamError)
    assert 1 <= len(received) <= 6
    assert not stream.done
    assert await _eventually(lambda: _acquired(client) == 0)


async def test_errors_before_the_stream_are_status_errors(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    with pytest.raises(VideoDurationTooShortError):
        async for _ in client.analyze_stream(video=VIDEO + "?duration=2", prompt="p"):
            pass
    video_id = await _video(client, emulator, models=[{"model_name": "marengo3.0", "model_options": ["visual"]}])
    with pytest.warns(DeprecationWarning, match="video_id"), pytest.raises(IndexNotSupportedForGenerateError):
        async for _ in client.analyze_stream(video_id=video_id, model_name="pegasus1.2", prompt="p"):
            pass


async def test_an_answer_cut_at_max_tokens_says_so(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    stream = client.analyze_stream(video=VIDEO, model_name="pegasus1.5", prompt="[emulator:events=3000]",
                                   max_tokens=512)
    text = await stream.until_done()
    assert text and stream.finish_reason == "length"
    assert stream.error is not None and stream.error.message
    whole = await client.analyze(video=VIDEO, model_name="pegasus1.5", prompt="[emulator:events=3000]",
                                 max_tokens=512)
    assert whole.finish_reason == "length" and whole.error is not None


async def test_next_batch_returns_every_decoded_event(client: AsyncTwelveLabs, emulator: Emulator) -> None:
    stream = client.analyze_stream(video=VIDEO, prompt="[emulator:events=100]")
    total = 0
    while batch := await stream.next_batch():
        total += len(batch)
    assert total == 102 and stream.done
    assert await stream.next_batch() == []


def test_unknown_events_keep_their_raw_object() -> None:
    from twelvelabs_async.models import parse_stream_event

    event = parse_stream_event({"event_type": "tool_call", "name": "x"})
    assert isinstance(event, UnknownStreamEvent)
    assert event.raw == {"event_type": "tool_call", "name": "x"}
