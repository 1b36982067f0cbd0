"""Today's POST /analyze (surface 2026): video sources, prompts, response_format, max_tokens, windows, streams."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import jsonschema
import pytest
from emulator_helpers import create_index

from twelvelabs_async.emulator import Emulator

DOG_URL = "https://media.test/dog_park.mp4?duration=90"
SCHEMAS: list[dict[str, Any]] = [
    {"type": "object",
     "properties": {"title": {"type": "string"}, "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                    "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "safe": {"type": "boolean"}, "note": {"type": "null"},
                    "mood": {"type": "string", "enum": ["calm", "busy"]},
                    "score": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                    "id": {"type": "string", "format": "uuid"}},
     "required": ["title", "rating"]},
    {"type": "array", "minItems": 1,
     "items": {"type": "object", "properties": {"start": {"type": "number", "minimum": 0},
                                                "label": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
               "required": ["start", "label"]}},
    {"$defs": {"scene": {"type": "object", "properties": {"what": {"type": "string"},
                                                          "next": {"$ref": "#/$defs/scene"}},
                         "required": ["what"]}},
     "type": "object", "properties": {"first": {"$ref": "#/$defs/scene"}}, "required": ["first"]},
    {"type": "object", "properties": {"code": {"type": "string", "pattern": "^[A-Z]+$"},
                                      "count": {"type": "integer", "exclusiveMinimum": 100}}},
]


async def analyze(http: aiohttp.ClientSession, emulator: Emulator, **body: Any) -> tuple[int, dict[str, Any]]:
    body.setdefault("stream", False)
    async with http.post(f"{emulator.base_url}/analyze", json=body) as resp:
        return resp.status, await resp.json()


async def events_of(http: aiohttp.ClientSession, emulator: Emulator, **body: Any) -> list[dict[str, Any]]:
    async with http.post(f"{emulator.base_url}/analyze", json=body) as resp:
        assert resp.status == 200, await resp.text()
        assert resp.headers["Content-Type"].startswith("application/x-ndjson")
        return [json.loads(line) async for line in resp.content if line.strip()]


def url_video(url: str = DOG_URL) -> dict[str, str]:
    return {"type": "url", "url": url}


async def test_url_video_plain_answer(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    status, body = await analyze(http, emulator, video=url_video(), prompt="What happens?")
    assert status == 200, body
    assert set(body) == {"id", "data", "finish_reason", "usage"}
    assert body["finish_reason"] == "stop" and "dog" in body["data"] and "(90 s)" in body["data"]
    assert body["usage"]["output_tokens"] == len(body["data"].split())
    assert body["usage"]["input_tokens"] == 2 + 90  # two prompt words, one token per second of video
    _, again = await analyze(http, emulator, video=url_video(), prompt="What happens?")
    assert again["data"] == body["data"] and again["id"] != body["id"]


async def test_stream_is_the_default(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    events = await events_of(http, emulator, video=url_video(), prompt="What happens?", model_name="pegasus1.5")
    start, *texts, end = events
    assert start == {"event_type": "stream_start", "metadata": {"generation_id": start["metadata"]["generation_id"]}}
    assert len(texts) > 5 and all(e["event_type"] == "text_generation" for e in texts)
    assert set(end) == {"event_type", "finish_reason", "metadata"}
    assert end["event_type"] == "stream_end" and end["finish_reason"] == "stop"
    assert end["metadata"]["generation_id"] == start["metadata"]["generation_id"]
    text = "".join(e["text"] for e in texts)
    assert end["metadata"]["usage"]["output_tokens"] == len(text.split())
    _, plain = await analyze(http, emulator, video=url_video(), prompt="What happens?", model_name="pegasus1.5")
    assert plain["data"] == text


async def test_base64_video(emulator: Emulator, http: aiohttp.ClientSession,
                            sample_video: Callable[..., Path]) -> None:
    data = base64.b64encode(sample_video("clip.mp4", duration=12, width=640, height=480).read_bytes()).decode()
    status, body = await analyze(http, emulator, video={"type": "base64_string", "base64_string": data},
                                 prompt="Describe")
    assert status == 200, body
    assert "video.mp4 (12 s)" in body["data"] and body["finish_reason"] == "stop"
    cases = [
        ("not base64!", 400, "parameter_invalid"),
        (base64.b64encode(b"this is no mp4 at all" * 10).decode(), 400, "video_file_broken"),
        (base64.b64encode(sample_video("short.mp4", duration=2).read_bytes()).decode(), 400,
         "video_duration_too_short"),
    ]
    for payload, code_status, code in cases:
        status, body = await analyze(http, emulator, video={"type": "base64_string", "base64_string": payload},
                                     prompt="x")
        assert (status, body["code"]) == (code_status, code), body


async def test_base64_size_limit(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    just_over = base64.b64encode(b"\0" * (30 * 1024 * 1024 + 3)).decode()
    status, body = await analyze(http, emulator, video={"type": "base64_string", "base64_string": just_over},
                                 prompt="x")
    assert status == 400
    assert body == {"code": "parameter_invalid",
                    "message": "The `video.base64_string` parameter is invalid. The maximum size is 30MB."}
    # Far over: the body itself is refused (and drained) with the same answer, not a bare 413.
    huge = "A" * (42 * 1024 * 1024)
    status, body = await analyze(http, emulator, video={"type": "base64_string", "base64_string": huge},
                                 prompt="x")
    assert status == 400 and body["message"].endswith("The maximum size is 30MB.")
    status, _ = await analyze(http, emulator, video=url_video(), prompt="x")
    assert status == 200  # the connection and the emulator are fine afterwards


async def test_asset_id_is_unknown(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    status, body = await analyze(http, emulator, video={"type": "asset_id", "asset_id": "a" * 24}, prompt="x")
    assert status == 404
    assert body == {"code": "resource_not_exist", "message": f"Resource with id `{'a' * 24}` does not exist in "
                                                             "`assets`."}


async def test_deprecated_video_id(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    video_id, = emulator.state.seed_videos(index_id, 1, prefix="cat_sofa", duration=30)
    status, body = await analyze(http, emulator, video_id=video_id, prompt="x")  # default model: pegasus1.2
    assert status == 200 and "cat" in body["data"] and body["finish_reason"] == "stop"
    status, body = await analyze(http, emulator, video_id=video_id, prompt="x", model_name="pegasus1.5")
    assert (status, body["code"]) == (400, "parameter_invalid") and "`video_id`" in body["message"]
    marengo = await create_index(http, base, "m", [{"model_name": "marengo3.0", "model_options": ["visual"]}])
    other, = emulator.state.seed_videos(marengo, 1)
    status, body = await analyze(http, emulator, video_id=other, prompt="x")
    assert (status, body["code"]) == (400, "index_not_supported_for_generate")
    status, body = await analyze(http, emulator, video_id="f" * 24, prompt="x")
    assert (status, body["code"]) == (404, "resource_not_exist")


@pytest.mark.parametrize(("body", "status", "code", "names"), [
    ({"prompt": "x"}, 400, "parameter_not_provided", "`video`"),
    ({"prompt": "x", "video_id": "v", "video": url_video()}, 400, "parameter_invalid", "`video_id, video`"),
    ({"prompt": "x", "video": {"type": "file", "file": "x"}}, 400, "parameter_invalid", "`video.type`"),
    ({"prompt": "x", "video": {"url": DOG_URL}}, 400, "parameter_not_provided", "`video.type`"),
    ({"prompt": "x", "video": {"type": "url"}}, 400, "parameter_not_provided", "`video.url`"),
    ({"prompt": "x", "video": {"type": "url", "url": DOG_URL, "asset_id": "a"}}, 400, "parameter_unknown",
     "`video.asset_id`"),
    ({"prompt": "x", "video": {"type": "url", "url": "ftp://x/y.mp4"}}, 400, "parameter_invalid", "`video.url`"),
    ({"video": url_video()}, 400, "parameter_not_provided", "`prompt`"),
    ({"video": url_video(), "prompt": "x", "prompt_v2": {"input_text": "y"}, "model_name": "pegasus1.5"}, 400,
     "parameter_invalid", "`prompt, prompt_v2`"),
    ({"video": url_video(), "prompt_v2": {"input_text": "y"}}, 400, "parameter_invalid", "`prompt_v2`"),
    ({"video": url_video(), "prompt": "x", "model_name": "pegasus2.0"}, 400, "parameter_invalid", "`model_name`"),
    ({"video": url_video(), "prompt": "x", "temperature": 1.5}, 400, "parameter_invalid", "`temperature`"),
    ({"video": url_video(), "prompt": "x", "max_tokens": 1}, 400, "parameter_invalid", "`max_tokens`"),
    ({"video": url_video(), "prompt": "x", "max_tokens": 5000}, 400, "parameter_invalid", "`max_tokens`"),
    ({"video": url_video(), "prompt": "x", "model_name": "pegasus1.5", "max_tokens": 100}, 400,
     "parameter_invalid", "`max_tokens`"),
    ({"video": url_video(), "prompt": "x", "max_tokens": 10.5}, 400, "parameter_invalid", "`max_tokens`"),
    ({"video": url_video(), "prompt": "word " * 2001}, 400, "token_limit_exceeded", "maximum token limit"),
    ({"video": url_video(), "prompt": "x", "image": [{"type": "url", "url": "https://i.test/a.png"}]}, 400,
     "parameter_unknown", "`image`"),
    ({"video": url_video("https://v.test/a.mp4?duration=3700"), "prompt": "x"}, 400, "video_duration_too_long",
     "1 hours"),
    ({"video": url_video("https://v.test/a.mp4?width=200&height=200"), "prompt": "x"}, 400,
     "video_resolution_too_low", "200x200"),
    ({"video": url_video("https://v.test/a.mp4?width=1800&height=600"), "prompt": "x"}, 400,
     "video_resolution_invalid_aspect_ratio", "1800x600"),
])
async def test_request_errors(emulator: Emulator, http: aiohttp.ClientSession, body: dict[str, Any], status: int,
                              code: str, names: str) -> None:
    got_status, error = await analyze(http, emulator, **body)
    assert (got_status, error["code"]) == (status, code), error
    assert names in error["message"] and set(error) == {"code", "message"}


async def test_pegasus_16_and_wide_video(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    wide = url_video("https://v.test/pan.mp4?width=1920&height=800&duration=20")  # 2.4:1 is allowed
    status, body = await analyze(http, emulator, video=wide, prompt="x", model_name="pegasus1.6")
    assert status == 200 and body["finish_reason"] == "stop"


async def test_prompt_v2(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()
    prompt_v2 = {"input_text": "Is there a <@tiger> near the <@gate>?", "media_sources": [
        {"name": "tiger", "media_type": "image", "url": "https://img.test/tiger.png"},
        {"name": "gate", "media_type": "image", "base64_string": png}]}
    status, body = await analyze(http, emulator, video=url_video(), prompt_v2=prompt_v2, model_name="pegasus1.5")
    assert status == 200, body
    assert "<@tiger>" in body["data"]
    bad = [
        ({"input_text": "a <@lion>", "media_sources": []}, "parameter_invalid", "<@lion>"),
        ({"media_sources": []}, "parameter_not_provided", "prompt_v2.input_text"),
        ({"input_text": "a", "media_sources": [{"name": "x", "media_type": "video", "url": "https://a.test/x"}]},
         "parameter_invalid", "media_type"),
        ({"input_text": "a", "media_sources": [{"name": "x", "media_type": "image"}]}, "parameter_invalid",
         "exactly one of"),
        ({"input_text": "a", "extra": 1}, "parameter_unknown", "prompt_v2.extra"),
        ({"input_text": "a", "media_sources": [{"name": str(i), "media_type": "image",
                                                "url": "https://a.test/x.png"} for i in range(5)]},
         "parameter_invalid", "at most 4"),
    ]
    for value, code, fragment in bad:
        status, error = await analyze(http, emulator, video=url_video(), prompt_v2=value, model_name="pegasus1.5")
        assert (status, error["code"]) == (400, code) and fragment in error["message"], error
    status, error = await analyze(http, emulator, video=url_video(), model_name="pegasus1.5", prompt_v2={
        "input_text": "a <@x>", "media_sources": [{"name": "x", "media_type": "image", "asset_id": "b" * 24}]})
    assert (status, error["code"]) == (404, "resource_not_exist")


@pytest.mark.parametrize("schema", SCHEMAS, ids=["object", "array", "ref", "pattern"])
async def test_response_format_json_validates(emulator: Emulator, http: aiohttp.ClientSession,
                                              schema: dict[str, Any]) -> None:
    request = {"video": url_video(), "prompt": "Fill it in",
               "response_format": {"type": "json_schema", "json_schema": schema}}
    status, body = await analyze(http, emulator, **request)
    assert status == 200, body
    value = json.loads(body["data"])
    jsonschema.Draft202012Validator(schema).validate(value)
    assert body["finish_reason"] == "stop"
    _, again = await analyze(http, emulator, **request)
    assert again["data"] == body["data"]  # deterministic
    events = await events_of(http, emulator, **request, stream=True)
    assert json.loads("".join(e["text"] for e in events[1:-1])) == value


async def test_response_format_words_come_from_the_video(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    schema = {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
    _, body = await analyze(http, emulator, video=url_video(), prompt="x",
                            response_format={"type": "json_schema", "json_schema": schema})
    assert json.loads(body["data"]) == {"title": "title: dog and park"}


@pytest.mark.parametrize(("fmt", "model", "status", "fragment"), [
    ({"type": "text"}, "pegasus1.2", 400, "`response_format.type`"),
    ({"type": "json_schema"}, "pegasus1.2", 400, "`response_format.json_schema` parameter is required"),
    ({"type": "json_schema", "json_schema": "{}"}, "pegasus1.2", 400, "`response_format.json_schema`"),
    ({"type": "json_schema", "json_schema": {"type": "string", "maxLength": 3}}, "pegasus1.2", 422,
     "String length constraints (maxLength) are not supported."),
    ({"type": "json_schema", "json_schema": {"type": "object", "additionalProperties": False}}, "pegasus1.2",
     422, "additionalProperties"),
    ({"type": "json_schema", "json_schema": {"type": "array", "items": {"type": "string"}, "uniqueItems": True}},
     "pegasus1.2", 422, "uniqueItems"),
    ({"type": "json_schema", "json_schema": {"type": "object", "properties": {
        "at": {"type": "timestamp", "format": "seconds"}}}}, "pegasus1.2", 400, "Pegasus 1.5"),
    ({"type": "json_schema", "json_schema": {"type": "object", "properties": {"at": {"type": "timestamp"}}}},
     "pegasus1.5", 400,
     "response_format.json_schema.properties.at.format: format is required for timestamp type; allowed values: "
     "seconds, hh:mm:ss, hh:mm:ss.fff"),
    ({"type": "json_schema", "json_schema": {"$ref": "#/$defs/missing"}}, "pegasus1.2", 400, "points at nothing"),
])
async def test_response_format_errors(emulator: Emulator, http: aiohttp.ClientSession, fmt: dict[str, Any],
                                      model: str, status: int, fragment: str) -> None:
    got, error = await analyze(http, emulator, video=url_video(), prompt="x", model_name=model,
                               response_format=fmt)
    code = "parameter_not_provided" if "parameter is required" in fragment else "parameter_invalid"
    assert got == status and error["code"] == code and fragment in error["message"], error


async def test_timestamps_with_pegasus_15(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    schema = {"type": "object", "properties": {
        "at": {"type": "timestamp", "format": "hh:mm:ss.fff"}, "secs": {"type": "timestamp", "format": "seconds"},
        "start_time": {"type": "string"}}}
    status, body = await analyze(http, emulator, video=url_video(), prompt="x", model_name="pegasus1.5",
                                 response_format={"type": "json_schema", "json_schema": schema})
    assert status == 200, body
    value = json.loads(body["data"])
    assert isinstance(value["secs"], float) and 0 <= value["secs"] <= 90
    for key in ("at", "start_time"):
        hours, minutes, seconds = value[key].split(":")
        assert (len(hours), len(minutes), len(seconds)) == (2, 2, 6) and "." in seconds


async def test_max_tokens_truncates(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    status, full = await analyze(http, emulator, video=url_video(), prompt="What happens?")
    status, cut = await analyze(http, emulator, video=url_video(), prompt="What happens?", max_tokens=5)
    assert status == 200
    assert cut["finish_reason"] == "length" and cut["usage"]["output_tokens"] == 5
    assert cut["data"] == " ".join(full["data"].split()[:5]) and full["data"].startswith(cut["data"])
    assert "max_tokens" in cut["error"]["message"] and "4096" in cut["error"]["message"]
    events = await events_of(http, emulator, video=url_video(), prompt="What happens?", max_tokens=5)
    end = events[-1]
    assert end["finish_reason"] == "length" and end["error"] == cut["error"]
    assert end["metadata"]["usage"]["output_tokens"] == 5
    assert "".join(e["text"] for e in events[1:-1]) == cut["data"]
    # A long answer (one token per event) against Pegasus 1.5's smallest max_tokens.
    events = await events_of(http, emulator, video=url_video(), prompt="Go on [emulator:events=600]",
                             model_name="pegasus1.5", max_tokens=512)
    assert sum(1 for e in events if e["event_type"] == "text_generation") == 512
    assert events[-1]["finish_reason"] == "length" and "98304" in events[-1]["error"]["message"]
    events = await events_of(http, emulator, video=url_video(), prompt="Go on [emulator:events=600]",
                             model_name="pegasus1.5", max_tokens=600)
    assert events[-1]["finish_reason"] == "stop" and "error" not in events[-1]


async def test_truncated_json_is_reported(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    schema = SCHEMAS[0]
    _, body = await analyze(http, emulator, video=url_video(), prompt="x", max_tokens=3,
                            response_format={"type": "json_schema", "json_schema": schema})
    assert body["finish_reason"] == "length"
    with pytest.raises(ValueError):
        json.loads(body["data"])  # as documented: truncated JSON may not parse


async def test_analysis_window(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    status, body = await analyze(http, emulator, video=url_video(), prompt="x", model_name="pegasus1.5",
                                 start_time=10, end_time=30)
    assert status == 200, body
    assert "from 0:10 to 0:30" in body["data"] and body["usage"]["input_tokens"] == 1 + 20
    status, body = await analyze(http, emulator, video=url_video(), prompt="x", model_name="pegasus1.5",
                                 start_time=80)
    assert status == 200 and "from 1:20 to 1:30" in body["data"]
    for window, name in [({"start_time": 10, "end_time": 12}, "`start_time, end_time`"),
                         ({"start_time": 30, "end_time": 20}, "`end_time`"),
                         ({"end_time": 91}, "`end_time`"),
                         ({"start_time": 90}, "`start_time`"),
                         ({"start_time": -1}, "`start_time`"),
                         ({"start_time": "10"}, "`start_time`")]:
        status, error = await analyze(http, emulator, video=url_video(), prompt="x", model_name="pegasus1.5",
                                      **window)
        assert (status, error["code"]) == (400, "parameter_invalid") and name in error["message"], window
    status, error = await analyze(http, emulator, video=url_video(), prompt="x", start_time=10, end_time=30)
    assert status == 400 and "pegasus1.5" in error["message"]  # not with Pegasus 1.2


async def test_analyze_is_rate_limited() -> None:
    from emulator_helpers import HEADERS

    async with Emulator(speed=0, rate_limit=1, rate_limit_window=60) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        first, _ = await analyze(http, emu, video=url_video(), prompt="x")
        async with http.post(f"{emu.base_url}/analyze", json={"video": url_video(), "prompt": "x"}) as resp:
            assert (first, resp.status, await resp.read()) == (200, 429, b"")
