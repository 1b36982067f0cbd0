"""Analyze tasks (surface 2026): creation and its checks, Idempotency-Key, the lifecycle on a ManualClock,
results (text, JSON schema, segments), list, delete, cancel, faults and rate limits on the new routes."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import jsonschema
import pytest
from analysis_helpers import DOG_URL, assert_envelope, asset_video, call, create_task, get_task, url_video

from twelvelabs_async.emulator import Emulator, ManualClock


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    return {"speed": 1.0}


def _clock(emulator: Emulator) -> ManualClock:
    assert isinstance(emulator.clock, ManualClock)
    return emulator.clock


SEGMENTS: dict[str, Any] = {
    "type": "segment_definitions",
    "segment_definitions": [
        {"id": "play", "description": "a play on the field",
         "fields": [{"name": "label", "type": "string", "description": "what happens"},
                    {"name": "kind", "type": "string", "description": "kind", "enum": ["pass", "shot"]},
                    {"name": "count", "type": "integer", "description": "players"},
                    {"name": "score", "type": "number", "description": "a score"},
                    {"name": "goal", "type": "boolean", "description": "a goal?"},
                    {"name": "tags", "type": "array", "items": {"type": "string"}, "description": "tags"},
                    {"name": "peak", "type": "timestamp", "format": "hh:mm:ss.fff", "description": "the peak"}]},
        {"id": "crowd", "description": "the crowd cheering"},
    ],
}


async def test_lifecycle_on_the_clock(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    status, answer = await call(http, "POST", f"{base}/analyze/tasks",
                                json={"video": url_video(), "prompt": "What happens?", "custom_id": "run-1"})
    assert (status, answer["status"]) == (202, "queued")
    task_id = answer["task_id"]
    seen = []
    for step in (0.0, 0.25, 0.2, 0.5, 0.6):
        clock.advance(step)
        seen.append((await get_task(http, base, task_id))["status"])
    assert seen == ["queued", "pending", "processing", "processing", "ready"]
    task = await get_task(http, base, task_id)
    assert task["custom_id"] == "run-1" and task["task_id"] == task_id
    assert task["video_source"] == {"type": "url", "url": DOG_URL, "system_metadata": {"duration": 90.0}}
    assert task["request_params"] == {"analysis_mode": "general", "prompt": "What happens?", "temperature": 0.2,
                                      "max_tokens": 4096}
    result = task["result"]
    assert set(result) == {"generation_id", "data", "finish_reason", "usage"}
    assert result["finish_reason"] == "stop" and "dog_park.mp4 (90 s)" in result["data"]
    assert result["usage"]["output_tokens"] == len(result["data"].split())
    assert task["completed_at"] > task["created_at"] and "error" not in task and "webhooks" not in task
    assert "batch_id" not in task  # only a batch's tasks have one
    # The same request gives the same text (a new task, a new generation id).
    other = await create_task(http, base, {"video": url_video(), "prompt": "What happens?"})
    clock.advance(2)
    again = (await get_task(http, base, other))["result"]
    assert again["data"] == result["data"] and again["generation_id"] != result["generation_id"]


async def test_failure_marker(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    task_id = await create_task(http, emulator.base_url, {"video": url_video(), "prompt": "x [emulator:fail]"})
    _clock(emulator).advance(1.3)
    assert (await get_task(http, emulator.base_url, task_id))["status"] == "processing"
    _clock(emulator).advance(0.2)
    task = await get_task(http, emulator.base_url, task_id)
    assert task["status"] == "failed" and "result" not in task and task["error"]["message"]
    assert "completed_at" in task


async def test_processing_time_marker(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    task_id = await create_task(http, emulator.base_url, {"video": url_video(), "prompt": "x [emulator:seconds=30]"})
    _clock(emulator).advance(25)
    assert (await get_task(http, emulator.base_url, task_id))["status"] == "processing"
    _clock(emulator).advance(6)
    assert (await get_task(http, emulator.base_url, task_id))["status"] == "ready"


async def test_json_schema_result_is_valid(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    schema = {"type": "object", "properties": {"title": {"type": "string"},
                                               "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                                               "tags": {"type": "array", "items": {"type": "string"}}},
              "required": ["title", "rating", "tags"]}
    task_id = await create_task(http, emulator.base_url, {
        "video": url_video(), "model_name": "pegasus1.5", "prompt": "Describe",
        "response_format": {"type": "json_schema", "json_schema": schema}})
    _clock(emulator).advance(2)
    task = await get_task(http, emulator.base_url, task_id)
    value = json.loads(task["result"]["data"])
    jsonschema.Draft202012Validator(schema).validate(value)
    assert "dog" in value["title"]
    assert task["request_params"]["response_format"] == {"type": "json_schema", "json_schema": schema}
    # The list omits the schema, as the spec says.
    _, listed = await call(http, "GET", f"{emulator.base_url}/analyze/tasks")
    assert listed["data"][0]["request_params"]["response_format"] == {"type": "json_schema"}


async def test_time_based_metadata_segments(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    task_id = await create_task(http, base, {
        "video": url_video(), "model_name": "pegasus1.5", "analysis_mode": "time_based_metadata",
        "response_format": {**SEGMENTS, "segment_time_format": "seconds"},
        "min_segment_duration": 5, "max_segment_duration": 20, "start_time": 10, "end_time": 70})
    _clock(emulator).advance(2)
    task = await get_task(http, base, task_id)
    assert task["status"] == "ready"
    params = task["request_params"]
    assert params["analysis_mode"] == "time_based_metadata" and "prompt" not in params
    assert (params["min_segment_duration"], params["max_segment_duration"]) == (5, 20)
    assert (params["max_tokens"], params["start_time"], params["end_time"]) == (32768, 10, 70)
    data = json.loads(task["result"]["data"])
    assert set(data) == {"play", "crowd"}
    for segments in data.values():
        assert segments, "every definition found something"
        for segment in segments:
            assert set(segment) == {"start_time", "end_time", "metadata"}
            assert 10 <= segment["start_time"] < segment["end_time"] <= 70
            assert 5 - 1e-6 <= segment["end_time"] - segment["start_time"] <= 20 + 1e-6
    play = data["play"][0]["metadata"]
    assert set(play) == {"label", "kind", "count", "score", "goal", "tags", "peak"}
    assert play["kind"] in ("pass", "shot") and isinstance(play["count"], int) and isinstance(play["goal"], bool)
    assert isinstance(play["score"], float) and play["tags"] and all(isinstance(t, str) for t in play["tags"])
    assert isinstance(play["peak"], str) and len(play["peak"]) == len("00:00:12.500")
    assert data["crowd"][0]["metadata"] == {}
    # The list keeps only the first definition.
    _, listed = await call(http, "GET", f"{base}/analyze/tasks")
    assert [d["id"] for d in listed["data"][0]["request_params"]["response_format"]["segment_definitions"]] == ["play"]


async def test_segment_time_formats_and_ranges(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    ranged = {"type": "segment_definitions", "segment_time_format": "hh:mm:ss",
              "segment_definitions": [{"id": "a", "description": "d",
                                       "time_ranges": [{"start_time": 0, "end_time": 10},
                                                       {"start_time": 10, "end_time": 30}]}]}
    task_id = await create_task(http, emulator.base_url, {
        "video": url_video(), "model_name": "pegasus1.6", "analysis_mode": "time_based_metadata",
        "response_format": ranged})
    _clock(emulator).advance(2)
    data = json.loads((await get_task(http, emulator.base_url, task_id))["result"]["data"])
    times = [(s["start_time"], s["end_time"]) for s in data["a"]]
    assert times and all(isinstance(t, str) and t.count(":") == 2 for pair in times for t in pair)
    assert max(end for _, end in times) <= "00:00:30"


async def test_max_tokens_truncates(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    task_id = await create_task(http, emulator.base_url, {
        "video": url_video(), "model_name": "pegasus1.2", "prompt": "Describe", "max_tokens": 5})
    _clock(emulator).advance(2)
    task = await get_task(http, emulator.base_url, task_id)
    assert task["status"] == "ready" and task["result"]["finish_reason"] == "length"
    assert len(task["result"]["data"].split()) == 5 and task["result"]["usage"]["output_tokens"] == 5
    assert task["error"]["message"].startswith("output truncated")


async def test_asset_and_base64_sources(emulator: Emulator, http: aiohttp.ClientSession,
                                        sample_video: Callable[..., Path]) -> None:
    base = emulator.base_url
    asset_id, = emulator.state.seed_assets(1, prefix="cat_nap", duration=30)
    task_id = await create_task(http, base, {"video": asset_video(asset_id), "prompt": "Describe"})
    data = base64.b64encode(sample_video("clip.mp4", duration=12, width=640, height=480).read_bytes()).decode()
    inline_id = await create_task(http, base, {"video": {"type": "base64_string", "base64_string": data},
                                               "prompt": "Describe"})
    _clock(emulator).advance(2)
    task = await get_task(http, base, task_id)
    assert task["video_source"] == {"type": "asset_id", "asset_id": asset_id, "system_metadata": {"duration": 30.0}}
    assert "cat_nap_00000.mp4 (30 s)" in task["result"]["data"]
    inline = await get_task(http, base, inline_id)
    assert inline["video_source"] == {"type": "base64_string", "system_metadata": {"duration": 12.0}}
    # An asset still processing, or unknown, is refused.
    busy, = emulator.state.seed_assets(1, prefix="busy", ready=False)
    status, body = await call(http, "POST", f"{base}/analyze/tasks", json={"video": asset_video(busy), "prompt": "x"})
    assert status == 400
    assert_envelope(body, "parameter_invalid")
    status, body = await call(http, "POST", f"{base}/analyze/tasks",
                              json={"video": asset_video("0" * 24), "prompt": "x"})
    assert status == 404
    assert_envelope(body, "resource_not_exist")


LONG = "https://media.test/match.mp4?duration=9000"
BAD_REQUESTS: list[tuple[str, dict[str, Any], int, str]] = [
    ("no video", {"prompt": "x"}, 400, "parameter_not_provided"),
    ("no prompt", {"video": url_video()}, 400, "parameter_not_provided"),
    ("both prompts", {"video": url_video(), "model_name": "pegasus1.5", "prompt": "x",
                      "prompt_v2": {"input_text": "y"}}, 400, "parameter_invalid"),
    ("prompt_v2 on 1.2", {"video": url_video(), "model_name": "pegasus1.2", "prompt_v2": {"input_text": "y"}}, 400,
     "parameter_invalid"),
    ("bad mode", {"video": url_video(), "prompt": "x", "analysis_mode": "fast"}, 400, "parameter_invalid"),
    ("bad model", {"video": url_video(), "prompt": "x", "model_name": "pegasus9"}, 400, "parameter_invalid"),
    ("unknown field", {"video": url_video(), "prompt": "x", "stream": True}, 400, "parameter_unknown"),
    ("empty custom_id", {"video": url_video(), "prompt": "x", "custom_id": ""}, 400, "parameter_invalid"),
    ("long custom_id", {"video": url_video(), "prompt": "x", "custom_id": "a" * 65}, 400, "parameter_invalid"),
    ("custom_id chars", {"video": url_video(), "prompt": "x", "custom_id": "a b"}, 400, "parameter_invalid"),
    ("segmentation on 1.2", {"video": url_video(), "model_name": "pegasus1.2", "analysis_mode": "time_based_metadata",
                             "response_format": SEGMENTS}, 400, "parameter_invalid"),
    ("segmentation without format", {"video": url_video(), "model_name": "pegasus1.5",
                                     "analysis_mode": "time_based_metadata"}, 400, "parameter_not_provided"),
    ("prompt with segmentation", {"video": url_video(), "model_name": "pegasus1.5", "prompt": "x",
                                  "analysis_mode": "time_based_metadata", "response_format": SEGMENTS},
     400, "parameter_invalid"),
    ("segments in general", {"video": url_video(), "model_name": "pegasus1.5", "prompt": "x",
                             "response_format": SEGMENTS}, 400, "parameter_invalid"),
    ("segment durations in general", {"video": url_video(), "model_name": "pegasus1.5", "prompt": "x",
                                      "min_segment_duration": 4}, 400, "parameter_invalid"),
    ("segment under 2 s", {"video": url_video(), "model_name": "pegasus1.5", "analysis_mode": "time_based_metadata",
                           "response_format": SEGMENTS, "min_segment_duration": 1}, 400, "parameter_invalid"),
    ("max under min", {"video": url_video(), "model_name": "pegasus1.5", "analysis_mode": "time_based_metadata",
                       "response_format": SEGMENTS, "min_segment_duration": 8, "max_segment_duration": 4},
     400, "parameter_invalid"),
    ("timestamp without format", {"video": url_video(), "model_name": "pegasus1.5",
                                  "analysis_mode": "time_based_metadata", "response_format": {
                                      "type": "segment_definitions", "segment_definitions": [
                                          {"id": "a", "description": "d", "fields": [
                                              {"name": "t", "type": "timestamp", "description": "x"}]}]}},
     400, "parameter_invalid"),
    ("reserved timestamp name", {"video": url_video(), "model_name": "pegasus1.5",
                                 "analysis_mode": "time_based_metadata", "response_format": {
                                     "type": "segment_definitions", "segment_definitions": [
                                         {"id": "a", "description": "d", "fields": [
                                             {"name": "start_time", "type": "timestamp", "format": "seconds",
                                              "description": "x"}]}]}}, 400, "parameter_invalid"),
    ("duplicate definition ids", {"video": url_video(), "model_name": "pegasus1.5",
                                  "analysis_mode": "time_based_metadata", "response_format": {
                                      "type": "segment_definitions", "segment_definitions": [
                                          {"id": "a", "description": "d"}, {"id": "a", "description": "e"}]}},
     400, "parameter_invalid"),
    ("overlapping ranges", {"video": url_video(), "model_name": "pegasus1.5", "analysis_mode": "time_based_metadata",
                            "response_format": {"type": "segment_definitions", "segment_definitions": [
                                {"id": "a", "description": "d", "time_ranges": [
                                    {"start_time": 0, "end_time": 10}, {"start_time": 5, "end_time": 20}]}]}},
     400, "parameter_invalid"),
    ("ranges and window", {"video": url_video(), "model_name": "pegasus1.5", "analysis_mode": "time_based_metadata",
                           "start_time": 0, "end_time": 30, "response_format": {
                               "type": "segment_definitions", "segment_definitions": [
                                   {"id": "a", "description": "d", "time_ranges": [
                                       {"start_time": 0, "end_time": 10}]}]}}, 400, "parameter_invalid"),
    ("max_tokens on 1.5", {"video": url_video(), "model_name": "pegasus1.5", "prompt": "x", "max_tokens": 100},
     400, "parameter_invalid"),
    ("max_tokens segmentation", {"video": url_video(), "model_name": "pegasus1.5",
                                 "analysis_mode": "time_based_metadata", "response_format": SEGMENTS,
                                 "max_tokens": 1024}, 400, "parameter_invalid"),
    ("temperature", {"video": url_video(), "prompt": "x", "temperature": 1.5}, 400, "parameter_invalid"),
    ("window on 1.2", {"video": url_video(), "model_name": "pegasus1.2", "prompt": "x", "start_time": 1}, 400,
     "parameter_invalid"),
    ("max_tokens over 1.2's", {"video": url_video(), "model_name": "pegasus1.2", "prompt": "x", "max_tokens": 8192},
     400, "parameter_invalid"),
    ("unlimited on 1.5", {"video": url_video(), "model_name": "pegasus1.5", "analysis_mode": "time_based_metadata",
                          "response_format": SEGMENTS, "max_tokens": "unlimited"}, 400, "parameter_invalid"),
    ("unlimited in general", {"video": url_video(), "model_name": "pegasus1.6", "prompt": "x",
                              "max_tokens": "unlimited"}, 400, "parameter_invalid"),
    ("unlimited with ranges", {"video": url_video(), "model_name": "pegasus1.6", "analysis_mode": "time_based_metadata",
                               "max_tokens": "unlimited", "response_format": {
                                   "type": "segment_definitions", "segment_definitions": [
                                       {"id": "a", "description": "d", "time_ranges": [
                                           {"start_time": 0, "end_time": 10}]}]}}, 400, "parameter_invalid"),
    ("max_tokens words", {"video": url_video(), "prompt": "x", "max_tokens": "lots"}, 400, "parameter_invalid"),
    ("window too short", {"video": url_video(), "model_name": "pegasus1.5", "prompt": "x", "start_time": 1,
                          "end_time": 3}, 400, "parameter_invalid"),
    ("too short video", {"video": url_video("https://m.test/a.mp4?duration=3"), "prompt": "x"}, 400,
     "video_duration_too_short"),
    ("over 2 h", {"video": url_video(LONG), "model_name": "pegasus1.2", "prompt": "x"}, 400,
     "video_duration_too_long"),
    ("over 2 h on 1.5", {"video": url_video(LONG), "model_name": "pegasus1.5", "prompt": "x"}, 400,
     "video_duration_too_long"),
    ("refused schema keyword", {"video": url_video(), "prompt": "x", "response_format": {
        "type": "json_schema", "json_schema": {"type": "string", "maxLength": 3}}}, 422, "parameter_invalid"),
    ("bad base64", {"video": {"type": "base64_string", "base64_string": "@@@"}, "prompt": "x"}, 400,
     "parameter_invalid"),
]


@pytest.mark.parametrize(("body", "status", "code"), [case[1:] for case in BAD_REQUESTS],
                         ids=[case[0] for case in BAD_REQUESTS])
async def test_refused_requests(emulator: Emulator, http: aiohttp.ClientSession, body: dict[str, Any], status: int,
                                code: str) -> None:
    got, answer = await call(http, "POST", f"{emulator.base_url}/analyze/tasks", json=body)
    assert got == status, answer
    assert_envelope(answer, code)
    assert emulator.state.analyze_tasks == {}


async def test_the_default_model_is_pegasus_1_5(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    # The official SDK 1.3.6 documents `pegasus1.5` as the default (and no longer lists 1.2): without a model,
    # a task takes what 1.5 takes (segmentation, a window, 1.5's token range), and a 4-hour video with a window.
    base = emulator.base_url
    segmented = await create_task(http, base, {"video": url_video(), "analysis_mode": "time_based_metadata",
                                               "response_format": SEGMENTS})
    windowed = await create_task(http, base, {"video": url_video(LONG), "prompt": "x", "start_time": 0,
                                              "end_time": 3600, "max_tokens": 8192})
    _clock(emulator).advance(3)
    assert (await get_task(http, base, segmented))["status"] == "ready"
    task = await get_task(http, base, windowed)
    assert task["status"] == "ready" and task["request_params"]["max_tokens"] == 8192
    assert (await get_task(http, base, await create_task(http, base, {"video": url_video(), "prompt": "x"})))[
        "request_params"]["max_tokens"] == 4096  # 1.5's general default


async def test_unlimited_max_tokens_on_pegasus_1_6_segmentation(emulator: Emulator,
                                                                 http: aiohttp.ClientSession) -> None:
    # 1.3.6: max_tokens "unlimited" removes the token limit from segmentation with pegasus1.6.
    task_id = await create_task(http, emulator.base_url, {
        "video": url_video(), "model_name": "pegasus1.6", "analysis_mode": "time_based_metadata",
        "response_format": SEGMENTS, "max_tokens": "unlimited", "max_segment_duration": 2})
    _clock(emulator).advance(2)
    task = await get_task(http, emulator.base_url, task_id)
    assert task["status"] == "ready" and task["request_params"]["max_tokens"] == "unlimited"
    assert task["result"]["finish_reason"] == "stop" and "error" not in task
    assert len(json.loads(task["result"]["data"])["play"]) == 45  # 90 s in 2 s segments: nothing cut


async def test_images_instead_of_a_video(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    # The official SDK 1.3.6: 1 to 20 images (url, asset_id or base64_string), pegasus1.6, with a prompt.
    base = emulator.base_url
    kite, = emulator.state.seed_assets(1, prefix="kite", kind="image")
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()
    images = [{"name": "before", "url": "https://media.test/beach_before.jpg"},
              {"name": "after", "asset_id": kite}, {"name": "detail", "base64_string": png}]
    task_id = await create_task(http, base, {"model_name": "pegasus1.6", "image": images,
                                             "prompt": "Compare <@before>, <@after> and <@detail>."})
    _clock(emulator).advance(2)
    task = await get_task(http, base, task_id)
    assert task["status"] == "ready" and "video_source" not in task
    assert task["request_params"]["image"] == [images[0], images[1], {"name": "detail"}]  # no inline data echoed
    assert "before, after, detail" in task["result"]["data"]
    described = await create_task(http, base, {"model_name": "pegasus1.6", "image": images[:1],
                                               "prompt": "List every feature.",
                                               "response_format": {"type": "json_schema", "json_schema": {
                                                   "type": "object", "properties": {"features": {
                                                       "type": "array", "items": {"type": "string"}}},
                                                   "required": ["features"]}}})
    _clock(emulator).advance(2)
    assert isinstance(json.loads((await get_task(http, base, described))["result"]["data"])["features"], list)


IMAGE = [{"name": "a", "url": "https://media.test/a.jpg"}, {"name": "b", "url": "https://media.test/b.jpg"}]
BAD_IMAGES: list[tuple[str, dict[str, Any]]] = [
    ("not pegasus1.6", {"model_name": "pegasus1.5", "image": IMAGE, "prompt": "x"}),
    ("the default model", {"image": IMAGE, "prompt": "x"}),
    ("video and images", {"model_name": "pegasus1.6", "image": IMAGE, "video": url_video(), "prompt": "x"}),
    ("no prompt", {"model_name": "pegasus1.6", "image": IMAGE}),
    ("prompt_v2", {"model_name": "pegasus1.6", "image": IMAGE, "prompt_v2": {"input_text": "x"}}),
    ("segmentation", {"model_name": "pegasus1.6", "image": IMAGE, "analysis_mode": "time_based_metadata",
                      "response_format": SEGMENTS}),
    ("a window", {"model_name": "pegasus1.6", "image": IMAGE, "prompt": "x", "start_time": 0, "end_time": 5}),
    ("no images", {"model_name": "pegasus1.6", "image": [], "prompt": "x"}),
    ("21 images", {"model_name": "pegasus1.6", "prompt": "x",
                   "image": [{"name": f"i{n}", "url": "https://media.test/a.jpg"} for n in range(21)]}),
    ("a name twice", {"model_name": "pegasus1.6", "prompt": "x", "image": [IMAGE[0], IMAGE[0]]}),
    ("a name with a dash", {"model_name": "pegasus1.6", "prompt": "x",
                            "image": [{"name": "a-b", "url": "https://media.test/a.jpg"}]}),
    ("an http URL", {"model_name": "pegasus1.6", "prompt": "x",
                     "image": [{"name": "a", "url": "http://media.test/a.jpg"}]}),
    ("two sources", {"model_name": "pegasus1.6", "prompt": "x",
                     "image": [{"name": "a", "url": "https://media.test/a.jpg", "asset_id": "0" * 24}]}),
    ("some referenced", {"model_name": "pegasus1.6", "image": IMAGE, "prompt": "Describe <@a>."}),
]


@pytest.mark.parametrize("body", [case[1] for case in BAD_IMAGES], ids=[case[0] for case in BAD_IMAGES])
async def test_refused_images(emulator: Emulator, http: aiohttp.ClientSession, body: dict[str, Any]) -> None:
    status, answer = await call(http, "POST", f"{emulator.base_url}/analyze/tasks", json=body)
    assert status == 400, answer
    assert answer["error"]["code"] in ("parameter_invalid", "parameter_not_provided")
    assert emulator.state.analyze_tasks == {}


async def test_a_long_video_with_a_short_window(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    # 1.3.6: up to 4 h when the analysed window is at most 2 h.
    task_id = await create_task(http, emulator.base_url, {"video": url_video(LONG), "model_name": "pegasus1.5",
                                                          "prompt": "x", "start_time": 0, "end_time": 3600})
    _clock(emulator).advance(2)
    assert (await get_task(http, emulator.base_url, task_id))["status"] == "ready"


async def test_idempotency_key(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    body = {"video": url_video(), "prompt": "Summarize", "custom_id": "c1"}
    first = await create_task(http, base, body, headers={"Idempotency-Key": "key-1"})
    clock.advance(0.5)
    # The same key and body (keys in another order): the same task, in its current status, and no new one.
    status, again = await call(http, "POST", f"{base}/analyze/tasks", headers={"Idempotency-Key": "key-1"},
                               json={"custom_id": "c1", "prompt": "Summarize", "video": url_video()})
    assert (status, again) == (202, {"task_id": first, "status": "processing"})
    assert len(emulator.state.analyze_tasks) == 1 and emulator.state.idempotent_replays == 1
    # The same key with another body: 422.
    status, refused = await call(http, "POST", f"{base}/analyze/tasks", headers={"Idempotency-Key": "key-1"},
                                 json={**body, "prompt": "Something else"})
    assert status == 422
    assert_envelope(refused, "idempotency_key_reused")
    assert refused["error"]["details"] == {"task_id": first}
    # Another API key has its own keys.
    other = await create_task(http, base, body, headers={"Idempotency-Key": "key-1", "x-api-key": "tlk_other"})
    assert other != first
    # A refused request does not take the key.
    status, _ = await call(http, "POST", f"{base}/analyze/tasks", headers={"Idempotency-Key": "key-2"},
                           json={"prompt": "x"})
    assert status == 400
    second = await create_task(http, base, {**body, "prompt": "y"}, headers={"Idempotency-Key": "key-2"})
    assert second not in (first, other)
    # Keys are remembered for 24 h.
    clock.advance(24 * 3600 + 1)
    fresh = await create_task(http, base, body, headers={"Idempotency-Key": "key-1"})
    assert fresh != first and len(emulator.state.analyze_tasks) == 4
    status, long_key = await call(http, "POST", f"{base}/analyze/tasks", json=body,
                                  headers={"Idempotency-Key": "k" * 256})
    assert status == 400
    assert_envelope(long_key, "parameter_invalid")


async def test_list_filters_and_paging(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    asset_id, = emulator.state.seed_assets(1, prefix="cat")
    long_prompt = "Describe everything that happens in this video in detail"
    ids = [await create_task(http, base, {"video": url_video(), "prompt": long_prompt}),
           await create_task(http, base, {"video": asset_video(asset_id), "prompt": "x [emulator:fail]"}),
           await create_task(http, base, {"video": url_video(), "model_name": "pegasus1.5",
                                          "analysis_mode": "time_based_metadata", "response_format": SEGMENTS})]
    clock.advance(2)
    ids.append(await create_task(http, base, {"video": url_video(), "prompt": "later"}))

    async def listed(query: str = "") -> list[str]:
        status, body = await call(http, "GET", f"{base}/analyze/tasks{query}")
        assert status == 200, body
        return [t["task_id"] for t in body["data"]]

    assert await listed() == ids[::-1]  # newest first
    assert await listed("?status=failed") == [ids[1]]
    assert await listed("?status=ready&status=queued") == [ids[3], ids[2], ids[0]]
    assert await listed(f"?asset_id={asset_id}") == [ids[1]]
    assert await listed(f"?video_url={DOG_URL.replace('?', '%3F').replace('=', '%3D')}") == [ids[3], ids[2], ids[0]]
    assert await listed("?analysis_mode=time_based_metadata") == [ids[2]]
    assert await listed("?video_id=abc") == []
    _, page = await call(http, "GET", f"{base}/analyze/tasks?page=2&page_limit=3")
    assert [t["task_id"] for t in page["data"]] == [ids[0]]
    assert page["page_info"] == {"page": 2, "limit_per_page": 3, "total_page": 2, "total_results": 4}
    _, full = await call(http, "GET", f"{base}/analyze/tasks?status=ready&page_limit=1&page=2")
    assert full["data"][0]["request_params"]["prompt"] == long_prompt[:30]  # the list cuts prompts to 30
    assert (await get_task(http, base, ids[0]))["request_params"]["prompt"] == long_prompt
    # The list's 400 is the flat shape the spec declares for it.
    status, body = await call(http, "GET", f"{base}/analyze/tasks?status=done")
    assert status == 400 and set(body) == {"code", "message"} and body["code"] == "parameter_invalid"
    status, body = await call(http, "GET", f"{base}/analyze/tasks?page_limit=51")
    assert status == 400 and body["code"] == "parameter_invalid"


async def test_delete(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    queued = await create_task(http, base, {"video": url_video(), "prompt": "a"})
    assert await call(http, "DELETE", f"{base}/analyze/tasks/{queued}") == (200, None)
    busy = await create_task(http, base, {"video": url_video(), "prompt": "b"})
    clock.advance(0.5)
    status, body = await call(http, "DELETE", f"{base}/analyze/tasks/{busy}")
    assert status == 409
    assert_envelope(body, "task_processing")
    clock.advance(1)
    assert await call(http, "DELETE", f"{base}/analyze/tasks/{busy}") == (200, None)
    for method in ("GET", "DELETE"):
        status, body = await call(http, method, f"{base}/analyze/tasks/{busy}")
        assert status == 404
        assert_envelope(body, "resource_not_exist")
    assert emulator.state.analyze_tasks == {}


async def test_cancel(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    task_id = await create_task(http, base, {"video": url_video(), "prompt": "a"})
    clock.advance(0.5)  # processing
    for _ in range(2):  # canceling again answers the same
        assert await call(http, "POST", f"{base}/analyze/tasks/{task_id}/cancel") == (
            200, {"task_id": task_id, "status": "canceled"})
    clock.advance(5)
    task = await get_task(http, base, task_id)
    assert task["status"] == "canceled" and "result" not in task and "completed_at" not in task
    _, listed = await call(http, "GET", f"{base}/analyze/tasks?status=canceled")
    assert [t["task_id"] for t in listed["data"]] == [task_id]
    done = await create_task(http, base, {"video": url_video(), "prompt": "b"})
    clock.advance(2)
    status, body = await call(http, "POST", f"{base}/analyze/tasks/{done}/cancel")
    assert status == 409
    assert_envelope(body, "task_not_cancelable")
    status, body = await call(http, "POST", f"{base}/analyze/tasks/{'0' * 24}/cancel")
    assert status == 404
    assert_envelope(body, "resource_not_exist")


async def test_faults_and_rate_limits_on_the_new_routes() -> None:
    async with Emulator(speed=0, rate_limit=2, faults="GET /analyze/tasks/{id}:503=1") as emu, \
            aiohttp.ClientSession(headers={"x-api-key": "k"}) as http:
        base = emu.base_url
        body = {"video": url_video(), "prompt": "x"}
        task_id = await create_task(http, base, body)
        status, answer = await call(http, "GET", f"{base}/analyze/tasks/{task_id}")
        assert status == 503
        assert_envelope(answer, "internal_error")  # injected 5xx keep the envelope of these routes
        status, answer = await call(http, "POST", f"{base}/analyze/tasks", json=body,
                                    headers={"X-Emulator-Fault": "500"})
        assert status == 500
        assert_envelope(answer, "internal_error")
        await create_task(http, base, body)
        async with http.post(f"{base}/analyze/tasks", json=body) as resp:
            assert resp.status == 429 and resp.headers["X-Ratelimit-Limit"] == "2"
        assert emu.state.requests("POST /analyze/tasks") == 4
        assert emu.state.outcomes["POST /analyze/tasks"]["429"] == 1
        # drop_after: the task is made, the answer lost; a retry with the same key finds it.
        headers = {"Idempotency-Key": "lost-answer", "X-Emulator-Fault": "drop_after"}
        async with aiohttp.ClientSession(headers={"x-api-key": "k2"}) as other:
            with pytest.raises(aiohttp.ClientError):
                await call(other, "POST", f"{base}/analyze/tasks", json=body, headers=headers)
            made = len(emu.state.analyze_tasks)
            found = await create_task(other, base, body, headers={"Idempotency-Key": "lost-answer"})
            assert len(emu.state.analyze_tasks) == made and found in emu.state.analyze_tasks
