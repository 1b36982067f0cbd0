"""``summarize``, ``gist`` and ``generate`` of SDK 1.0.0 over today's ``/analyze``, on the wire and end to end.

The API removed ``/summarize``, ``/gist`` and ``/generate``; the shims ask ``POST /analyze`` for JSON of the old
shape (a ``response_format`` JSON schema) and decode the answer's JSON text into the old result types. A server of
the seed era refuses ``response_format`` with ``400 parameter_unknown``; then the shim calls the old endpoint.
Each call warns once, at the caller's line.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import spec_check
from core_testkit import API_KEY, Recorded, RecordingServer, Reply

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, models
from twelvelabs_async._errors import APIResponseError, ArgumentError, BadRequestError
from twelvelabs_async._streaming import AnalyzeStream
from twelvelabs_async.emulator import Emulator
from twelvelabs_async.emulator.pytest_plugin import emulator, emulator_options  # noqa: F401  (fixtures)
from twelvelabs_async.sync._iterators import SyncAnalyzeStream

USAGE = {"input_tokens": 1500, "output_tokens": 42}
CHAPTERS = {
    "chapters": [
        {"chapter_number": 0, "start_sec": 0, "end_sec": 30.5, "chapter_title": "Arrival",
         "chapter_summary": "The dog arrives."},
        {"chapter_number": 1, "start_sec": 30.5, "end_sec": 60, "chapter_title": "Play",
         "chapter_summary": "The dog plays."},
    ]
}
HIGHLIGHTS = {
    "highlights": [
        {"start_sec": 12, "end_sec": 15.5, "highlight": "The jump", "highlight_summary": "A high jump."},
    ]
}
UNKNOWN_PARAMETER = Reply(
    400, json={"code": "parameter_unknown", "message": "The `response_format` parameter is unknown."}
)


def answer(data: Any, **more: Any) -> Reply:
    """A 2026 ``/analyze`` answer whose ``data`` is the JSON text of ``data``."""
    return Reply(json={"id": "gen1", "data": json.dumps(data), "finish_reason": "stop", "usage": USAGE, **more})


def deprecations(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [w for w in caught if issubclass(w.category, DeprecationWarning)]


def check_one_warning(caught: list[warnings.WarningMessage], name: str) -> None:
    (warning,) = deprecations(caught)
    assert str(warning.message).startswith(f"{name}() is deprecated: the API removed /{name} in 2026; use analyze(")
    assert warning.filename == __file__


def check_analyze_request(req: Recorded, prompt_start: str, required: list[str]) -> dict[str, Any]:
    """The shim's request: POST /analyze, no stream, the video id, a JSON-schema response format; valid per spec."""
    assert (req.method, req.raw_path) == ("POST", "/v1.3/analyze")
    body = req.json
    assert body["video_id"] == "v1" and body["stream"] is False
    assert body["prompt"].startswith(prompt_start)
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    schema = fmt["json_schema"]
    assert schema["type"] == "object" and schema["required"] == required
    assert set(schema["properties"]) == set(required)
    assert spec_check.validate_request(req).label == "analyze"
    return body


# --- summarize ----------------------------------------------------------------------------------------------------


async def test_summarize_summary(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(answer({"summary": "A dog runs in a park."}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = await client.summarize(video_id="v1", type="summary", prompt="Keep it short.", temperature=0.4)
    check_one_warning(caught, "summarize")
    assert isinstance(result, models.SummaryResult)
    assert (result.id, result.summary, result.summarize_type) == ("gen1", "A dog runs in a park.", "summary")
    assert result.usage is not None and result.usage.output_tokens == 42
    (req,) = server.requests
    body = check_analyze_request(req, "Summarize this video.", ["summary"])
    assert body["prompt"].endswith("Keep it short.")
    assert body["temperature"] == 0.4
    assert set(body) == {"video_id", "prompt", "temperature", "response_format", "stream"}


async def test_summarize_chapter(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(answer(CHAPTERS))
    with pytest.warns(DeprecationWarning):
        result = await client.summarize(video_id="v1", type="chapter")
    assert isinstance(result, models.ChaptersResult) and result.summarize_type == "chapter"
    assert [(c.chapter_number, c.start, c.end, c.chapter_title) for c in result.chapters] == [
        (0, 0, 30.5, "Arrival"),
        (1, 30.5, 60, "Play"),
    ]
    assert result.chapters[1].start_sec == 30.5 and result.chapters[1].chapter_summary == "The dog plays."
    body = check_analyze_request(server.requests[0], "Split this video into chapters", ["chapters"])
    item = body["response_format"]["json_schema"]["properties"]["chapters"]["items"]
    assert set(item["required"]) == {"chapter_number", "start_sec", "end_sec", "chapter_title", "chapter_summary"}
    assert "temperature" not in body


async def test_summarize_highlight(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(answer(HIGHLIGHTS))
    with pytest.warns(DeprecationWarning):
        result = await client.summarize(video_id="v1", type="highlight")
    assert isinstance(result, models.HighlightsResult) and result.summarize_type == "highlight"
    (highlight,) = result.highlights
    assert (highlight.start, highlight.end, highlight.highlight) == (12, 15.5, "The jump")
    assert highlight.highlight_summary == "A high jump."
    check_analyze_request(server.requests[0], "List the highlights", ["highlights"])


# --- gist ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("types", "data", "required", "expected"),
    [
        (["title", "hashtag"], {"title": "Dog Park", "hashtags": ["#dog", "#park"]}, ["title", "hashtags"],
         ("Dog Park", None, ["#dog", "#park"])),
        ("topic", {"topics": ["dogs", "parks"]}, ["topics"], (None, ["dogs", "parks"], None)),
        (["title", "topic", "hashtag", "title"], {"title": "T", "topics": ["a"], "hashtags": ["#a"]},
         ["title", "topics", "hashtags"], ("T", ["a"], ["#a"])),
    ],
    ids=["title+hashtag", "topic-as-str", "all-three-with-a-repeat"],
)
async def test_gist(
    types: Any,
    data: dict[str, Any],
    required: list[str],
    expected: tuple[Any, Any, Any],
    server: RecordingServer,
    client: AsyncTwelveLabs,
) -> None:
    server.script(answer(data))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = await client.gist(video_id="v1", types=types)
    check_one_warning(caught, "gist")
    assert isinstance(result, models.GistResult)
    assert (result.title, result.topics, result.hashtags) == expected
    assert result.id == "gen1" and result.usage is not None
    check_analyze_request(server.requests[0], "Give this video", required)


# --- generate ----------------------------------------------------------------------------------------------------


async def test_generate_is_analyze(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json={"id": "g1", "data": "A dog.", "finish_reason": "stop", "usage": USAGE}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = await client.generate(video_id="v1", prompt="Describe it.", temperature=0.3)
    check_one_warning(caught, "generate")
    assert isinstance(result, models.AnalyzeResult) and (result.data, result.finish_reason) == ("A dog.", "stop")
    (req,) = server.requests
    assert (req.method, req.raw_path) == ("POST", "/v1.3/analyze")
    assert req.json == {"video_id": "v1", "prompt": "Describe it.", "temperature": 0.3, "stream": False}
    spec_check.validate_request(req)


async def test_generate_stream_is_analyze_stream(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    events = [
        {"event_type": "stream_start", "metadata": {"generation_id": "g2"}},
        {"event_type": "text_generation", "text": "A "},
        {"event_type": "text_generation", "text": "dog."},
        {"event_type": "stream_end", "finish_reason": "stop", "metadata": {"generation_id": "g2", "usage": USAGE}},
    ]
    body = b"".join(json.dumps(e).encode() + b"\n" for e in events)
    server.script(Reply(body=body, content_type="application/x-ndjson"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stream = client.generate(video_id="v1", prompt="Describe it.", stream=True)
    check_one_warning(caught, "generate")
    assert isinstance(stream, AnalyzeStream)
    assert server.requests == []  # sent on first use
    assert await stream.until_done() == "A dog."
    assert (stream.generation_id, stream.finish_reason) == ("g2", "stop")
    (req,) = server.requests
    assert req.json == {"video_id": "v1", "prompt": "Describe it.", "stream": True}
    spec_check.validate_request(req)


# --- answers that cannot be the old result -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.summarize(video_id="v1", type="summary"),
        lambda c: c.summarize(video_id="v1", type="chapter"),
        lambda c: c.gist(video_id="v1", types=["title"]),
    ],
    ids=["summary", "chapter", "gist"],
)
async def test_an_answer_cut_at_length_raises(
    call: Callable[[AsyncTwelveLabs], Any], server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(
        Reply(json={"id": "g", "data": '{"summary": "A do', "finish_reason": "length",
                    "error": {"message": "The response reached the maximum length."}})
    )
    with pytest.warns(DeprecationWarning), pytest.raises(APIResponseError, match="finish_reason=length"):
        await call(client)
    assert len(server.requests) == 1  # no fallback, no retry


@pytest.mark.parametrize(
    ("data", "match"),
    [("Here is the summary: ...", "not the JSON asked for"), ("[1, 2]", "not a JSON object"), (None, "not the JSON")],
    ids=["prose", "array", "no-data"],
)
async def test_an_answer_that_is_not_the_json_asked_for_raises(
    data: str | None, match: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json={"id": "g", "data": data, "finish_reason": "stop"}))
    with pytest.warns(DeprecationWarning), pytest.raises(APIResponseError, match=match):
        await client.summarize(video_id="v1", type="summary")


async def test_bad_arguments_fail_before_any_request(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    with pytest.warns(DeprecationWarning), pytest.raises(ArgumentError, match="type"):
        await client.summarize(video_id="v1", type="poem")
    with pytest.warns(DeprecationWarning), pytest.raises(ArgumentError, match="types"):
        await client.gist(video_id="v1", types=["title", "poem"])
    with pytest.warns(DeprecationWarning), pytest.raises(ArgumentError, match="types"):
        await client.gist(video_id="v1", types=[])
    with pytest.warns(DeprecationWarning), pytest.raises(ArgumentError, match="prompt"):
        client.generate(video_id="v1", prompt=None)  # type: ignore[call-overload]
    assert server.requests == []


# --- a seed-era server: the old endpoints -------------------------------------------------------------------------


def check_fallback(server: RecordingServer, path: str, body: dict[str, Any]) -> None:
    first, second = server.requests
    assert first.raw_path == "/v1.3/analyze" and "response_format" in first.json
    assert (second.method, second.raw_path, second.json) == ("POST", "/v1.3" + path, body)
    assert second.headers["x-api-key"] == API_KEY
    # The old endpoint is not in the 2026-07 spec: it is called only because the server said it is of the seed era.
    with pytest.raises(spec_check.SpecViolation) as info:
        spec_check.validate_request(second)
    assert [p.kind for p in info.value.problems] == [spec_check.Kind.ROUTE]


@pytest.mark.parametrize(
    ("kind", "old_body", "check"),
    [
        ("summary", {"id": "s1", "summary": "A dog.", "usage": {"output_tokens": 3}},
         lambda r: isinstance(r, models.SummaryResult) and r.summary == "A dog."),
        ("chapter", {"id": "s2", "summarize_type": "chapter",
                     "chapters": [{"chapter_number": 0, "start": 0, "end": 9, "chapter_title": "All",
                                   "chapter_summary": "Everything."}]},
         lambda r: isinstance(r, models.ChaptersResult) and r.chapters[0].end == 9),
        ("highlight", {"id": "s3", "highlights": [{"start": 1, "end": 2, "highlight": "Jump",
                                                  "highlight_summary": "A jump."}]},
         lambda r: isinstance(r, models.HighlightsResult) and r.highlights[0].highlight == "Jump"),
    ],
    ids=["summary", "chapter", "highlight"],
)
async def test_summarize_falls_back_to_the_old_endpoint(
    kind: str, old_body: dict[str, Any], check: Callable[[Any], bool], server: RecordingServer,
    client: AsyncTwelveLabs,
) -> None:
    server.script(UNKNOWN_PARAMETER, Reply(json=old_body))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = await client.summarize(video_id="v1", type=kind, prompt="Briefly.", temperature=0.2)
    check_one_warning(caught, "summarize")
    assert check(result), result
    check_fallback(server, "/summarize", {"video_id": "v1", "type": kind, "prompt": "Briefly.", "temperature": 0.2})


async def test_gist_falls_back_to_the_old_endpoint(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    envelope = Reply(400, json={"error": {"code": "parameter_unknown", "message": "response_format", "details": {}}})
    server.script(envelope, Reply(json={"id": "g1", "title": "Dog Park", "topics": ["Dogs"]}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = await client.gist(video_id="v1", types=["title", "topic"])
    check_one_warning(caught, "gist")
    assert isinstance(result, models.GistResult)
    assert (result.title, result.topics, result.hashtags) == ("Dog Park", ["Dogs"], None)
    check_fallback(server, "/gist", {"video_id": "v1", "types": ["title", "topic"]})


async def test_other_errors_do_not_fall_back(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(400, json={"code": "parameter_invalid", "message": "The `video_id` parameter is invalid."}))
    with pytest.warns(DeprecationWarning), pytest.raises(BadRequestError) as info:
        await client.summarize(video_id="v1", type="summary")
    assert info.value.code == "parameter_invalid"
    assert len(server.requests) == 1


# --- the blocking twins -------------------------------------------------------------------------------------------


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


def test_sync_summarize_and_gist(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(answer(CHAPTERS), answer({"hashtags": ["#dog"]}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chapters = sync_client.summarize(video_id="v1", type="chapter")
    check_one_warning(caught, "summarize")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gist = sync_client.gist(video_id="v1", types="hashtag")
    check_one_warning(caught, "gist")
    assert isinstance(chapters, models.ChaptersResult) and chapters.chapters[0].chapter_title == "Arrival"
    assert isinstance(gist, models.GistResult) and gist.hashtags == ["#dog"]
    check_analyze_request(server.requests[0], "Split this video into chapters", ["chapters"])
    check_analyze_request(server.requests[1], "Give this video", ["hashtags"])


def test_sync_generate(server: RecordingServer, sync_client: TwelveLabs) -> None:
    stream_body = (
        b'{"event_type":"stream_start","metadata":{"generation_id":"g"}}\n'
        b'{"event_type":"text_generation","text":"Hi"}\n'
        b'{"event_type":"stream_end","finish_reason":"stop","metadata":{"generation_id":"g"}}\n'
    )
    server.script(Reply(json={"id": "g", "data": "Hello"}), Reply(body=stream_body))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        whole = sync_client.generate(video_id="v1", prompt="p")
        stream = sync_client.generate(video_id="v1", prompt="p", stream=True)
    assert [w.filename for w in deprecations(caught)] == [__file__, __file__]
    assert isinstance(whole, models.AnalyzeResult) and whole.data == "Hello"
    assert isinstance(stream, SyncAnalyzeStream)
    assert stream.until_done() == "Hi" and stream.finish_reason == "stop"
    assert [r.json["stream"] for r in server.requests] == [False, True]


def test_sync_summarize_falls_back(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(UNKNOWN_PARAMETER, Reply(json={"id": "s1", "summary": "Old."}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = sync_client.summarize(video_id="v1", type="summary")
    check_one_warning(caught, "summarize")
    assert isinstance(result, models.SummaryResult) and result.summary == "Old."
    check_fallback(server, "/summarize", {"video_id": "v1", "type": "summary"})


def test_sync_cut_answer_raises(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(Reply(json={"id": "g", "data": "{", "finish_reason": "length"}))
    with pytest.warns(DeprecationWarning), pytest.raises(APIResponseError, match="finish_reason=length"):
        sync_client.gist(video_id="v1", types=["title"])


# --- end to end against the emulator ------------------------------------------------------------------------------


async def _pegasus_video(emu: Emulator, client: AsyncTwelveLabs) -> str:
    index = await client.indexes.create(
        index_name="shims", models=[{"model_name": "pegasus1.2", "model_options": ["visual", "audio"]}]
    )
    (video_id,) = emu.state.seed_videos(index.id, 1, prefix="dog_park", duration=90)
    return video_id


async def test_the_shims_on_todays_emulator_ask_analyze_for_the_old_shapes(emulator: Emulator) -> None:  # noqa: F811
    # Today's service has no /summarize or /gist: the answers come from /analyze with a response_format schema,
    # which the emulator fills with schema-valid (not meaningful) JSON, so the types are what can be checked.
    async with AsyncTwelveLabs("tlk_test_key", base_url=emulator.base_url) as client:
        video_id = await _pegasus_video(emulator, client)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            summary = await client.summarize(video_id=video_id, type="summary")
            chapters = await client.summarize(video_id=video_id, type="chapter")
            highlights = await client.summarize(video_id=video_id, type="highlight")
            gist = await client.gist(video_id=video_id, types=["title", "hashtag"])
        assert [w.filename for w in deprecations(caught)] == [__file__] * 4
    assert emulator.state.requests("POST /analyze") == 4
    assert emulator.state.requests("POST /summarize") == emulator.state.requests("POST /gist") == 0
    assert isinstance(summary, models.SummaryResult) and isinstance(summary.summary, str)
    assert isinstance(chapters, models.ChaptersResult) and chapters.chapters
    assert all(isinstance(c.chapter_number, int) and isinstance(c.chapter_title, str) for c in chapters.chapters)
    assert isinstance(highlights, models.HighlightsResult) and highlights.highlights
    assert all(isinstance(h.start_sec, (int, float)) for h in highlights.highlights)
    assert isinstance(gist.title, str) and isinstance(gist.hashtags, list) and gist.topics is None


@pytest.mark.emulator_surface("2025")
async def test_the_shims_fall_back_on_a_seed_era_emulator(emulator: Emulator) -> None:  # noqa: F811
    # A mid-2025 service refuses response_format on /analyze (parameter_unknown): the shims call the old
    # endpoints, which such a service still has, and return their meaningful answers.
    async with AsyncTwelveLabs("tlk_test_key", base_url=emulator.base_url) as client:
        video_id = await _pegasus_video(emulator, client)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            summary = await client.summarize(video_id=video_id, type="summary", prompt="the dog")
            chapters = await client.summarize(video_id=video_id, type="chapter")
            highlights = await client.summarize(video_id=video_id, type="highlight")
            gist = await client.gist(video_id=video_id, types=["title", "topic", "hashtag"])
            text = await client.generate(video_id=video_id, prompt="What is in it?")
            streamed = await client.generate(video_id=video_id, prompt="What is in it?", stream=True).until_done()
        assert [w.filename for w in deprecations(caught)] == [__file__] * 6
    assert isinstance(summary, models.SummaryResult) and "dog" in (summary.summary or "")
    assert isinstance(chapters, models.ChaptersResult) and chapters.chapters
    assert [c.chapter_number for c in chapters.chapters] == list(range(len(chapters.chapters)))
    assert chapters.chapters[-1].end_sec == 90
    assert isinstance(highlights, models.HighlightsResult) and highlights.highlights[0].highlight
    assert (gist.title, gist.hashtags) == ("Dog Park", ["dog", "park"]) and gist.topics
    assert text.data and text.data == streamed
