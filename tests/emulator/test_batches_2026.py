"""Analysis batches (surface 2026): creation and its checks, item counts on a ManualClock, JSON-lines results
while running and after, cancel, delete, the 5-active-batches limit, expiry at 24 h and the 30-day deletion."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from analysis_helpers import assert_envelope, asset_video, batch_body, call, get_task

from twelvelabs_async.emulator import Emulator, ManualClock


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    # Two items at a time, one emulated second each: counts move in visible steps.
    return {"speed": 1.0, "batch_concurrency": 2}


def _clock(emulator: Emulator) -> ManualClock:
    assert isinstance(emulator.clock, ManualClock)
    return emulator.clock


async def create_batch(http: aiohttp.ClientSession, base: str, body: dict[str, Any]) -> dict[str, Any]:
    status, answer = await call(http, "POST", f"{base}/analyze/batches", json=body)
    assert status == 201, answer
    return dict(answer)


async def get_batch(http: aiohttp.ClientSession, base: str, batch_id: str) -> dict[str, Any]:
    status, answer = await call(http, "GET", f"{base}/analyze/batches/{batch_id}")
    assert status == 200, answer
    return dict(answer)


async def results(http: aiohttp.ClientSession, base: str, batch_id: str) -> list[dict[str, Any]]:
    async with http.get(f"{base}/analyze/batches/{batch_id}/results") as resp:
        assert resp.status == 200, await resp.text()
        assert resp.headers["Content-Type"].startswith("application/jsonl")
        lines = [line async for line in resp.content]
    assert all(line.endswith(b"\n") for line in lines)
    return [json.loads(line) for line in lines if line.strip()]


def counts(batch: dict[str, Any]) -> tuple[int, int, int, int, int]:
    return (batch["queued_items"], batch["processing_items"], batch["ready_items"], batch["failed_items"],
            batch["canceled_items"])


async def test_create_and_run(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    assets = emulator.state.seed_assets(5, prefix="dog_run")
    body = batch_body(assets)
    body["requests"][3]["prompt"] = {"input_text": "This one breaks [emulator:fail]"}
    created = await create_batch(http, base, body)
    assert set(created) == {"batch_id", "status", "total_items", "created_at", "expires_at", "items"}
    assert created["status"] == "pending" and created["total_items"] == 5
    assert created["expires_at"] == "2025-06-16T15:06:40Z" and created["created_at"] == "2025-06-15T15:06:40Z"
    assert [i["custom_id"] for i in created["items"]] == [f"item-{n}" for n in range(5)]
    batch_id = created["batch_id"]
    task_ids = [i["task_id"] for i in created["items"]]

    batch = await get_batch(http, base, batch_id)
    assert batch["status"] == "pending" and counts(batch) == (5, 0, 0, 0, 0)
    assert (batch["analysis_mode"], batch["model_name"]) == ("general", "pegasus1.5")
    assert "completed_at" not in batch and "webhooks" not in batch
    steps = []
    for step in (0.3, 1.0, 1.0):
        clock.advance(step)
        current = await get_batch(http, base, batch_id)
        steps.append((current["status"], counts(current)))
    assert steps == [("processing", (3, 2, 0, 0, 0)), ("processing", (1, 2, 2, 0, 0)),
                     ("processing", (0, 1, 3, 1, 0))]
    # While it runs, the results show every item as it stands, in submission order.
    lines = await results(http, base, batch_id)
    assert [(line["task_id"], line["custom_id"], line["status"]) for line in lines] == [
        (task_ids[0], "item-0", "ready"), (task_ids[1], "item-1", "ready"), (task_ids[2], "item-2", "ready"),
        (task_ids[3], "item-3", "failed"), (task_ids[4], "item-4", "processing")]
    assert set(lines[4]) == {"task_id", "custom_id", "status"}
    assert set(lines[0]) == {"task_id", "custom_id", "status", "data"}
    assert set(lines[0]["data"]) == {"generation_id", "data", "finish_reason", "usage"}
    assert "dog_run_00000.mp4" in lines[0]["data"]["data"]
    assert set(lines[3]["error"]) == {"code", "message"} and lines[3]["error"]["code"] == "analysis_failed"
    clock.advance(1)
    final = await get_batch(http, base, batch_id)
    # Completed with a failed item: a batch is never `failed`.
    assert final["status"] == "completed" and counts(final) == (0, 0, 4, 1, 0)
    assert final["completed_at"] == "2025-06-15T15:06:43Z"
    assert [line["status"] for line in await results(http, base, batch_id)] == [
        "ready", "ready", "ready", "failed", "ready"]
    # Each item is an analyze task too.
    task = await get_task(http, base, task_ids[0])
    assert task["custom_id"] == "item-0" and task["status"] == "ready"
    assert task["batch_id"] == batch_id  # 1.3.6: "returns this field only for tasks created as part of a batch"
    assert task["video_source"]["asset_id"] == assets[0]
    assert task["request_params"]["prompt_v2"] == {"input_text": "Summarize the video"}
    _, listed = await call(http, "GET", f"{base}/analyze/tasks")
    assert len(listed["data"]) == 5
    status, refused = await call(http, "DELETE", f"{base}/analyze/tasks/{task_ids[0]}")
    assert status == 409
    assert_envelope(refused, "task_in_batch")


async def test_item_overrides_and_segmentation(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    assets = emulator.state.seed_assets(2, prefix="match")
    fmt = {"type": "segment_definitions", "segment_definitions": [{"id": "goal", "description": "a goal"}]}
    body = batch_body(assets, mode="time_based_metadata", response_format=fmt, max_tokens=4096)
    body["requests"][1]["response_format"] = {"type": "segment_definitions",
                                              "segment_definitions": [{"id": "foul", "description": "a foul"}]}
    created = await create_batch(http, base, body)
    _clock(emulator).advance(3)
    lines = await results(http, base, created["batch_id"])
    assert [set(json.loads(line["data"]["data"])) for line in lines] == [{"goal"}, {"foul"}]
    task = await get_task(http, base, lines[0]["task_id"])
    assert task["request_params"]["max_tokens"] == 4096
    assert task["request_params"]["analysis_mode"] == "time_based_metadata"


def _asset_batch(asset_id: str, **item: Any) -> dict[str, Any]:
    return {"model_name": "pegasus1.5", "analysis_mode": "general", "defaults": {"prompt": {"input_text": "x"}},
            "requests": [{"video": asset_video(asset_id), **item}]}


async def test_refused_batches(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    good, = emulator.state.seed_assets(1, prefix="good")
    busy, = emulator.state.seed_assets(1, prefix="busy", ready=False)
    too_many = {**_asset_batch(good), "requests": [{"video": asset_video(good)}] * 1001}
    dup = {**_asset_batch(good), "requests": [{"video": asset_video(good), "custom_id": "same"}] * 2}
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({**_asset_batch(good), "model_name": "pegasus1.2"}, 400, "parameter_invalid"),
        ({k: v for k, v in _asset_batch(good).items() if k != "model_name"}, 400, "parameter_not_provided"),
        ({k: v for k, v in _asset_batch(good).items() if k != "analysis_mode"}, 400, "parameter_not_provided"),
        ({**_asset_batch(good), "requests": []}, 400, "parameter_invalid"),
        (too_many, 400, "parameter_invalid"),
        (dup, 400, "parameter_invalid"),
        ({**_asset_batch(good), "requests": [{"video": {"type": "url", "url": "https://m.test/a.mp4"}}]}, 400,
         "parameter_invalid"),
        ({**_asset_batch(good), "requests": [{"custom_id": "x"}]}, 400, "parameter_not_provided"),
        (_asset_batch("not-an-id"), 400, "parameter_invalid"),
        (_asset_batch(good, custom_id="bad id"), 400, "parameter_invalid"),
        ({**_asset_batch(good), "defaults": {}}, 400, "parameter_not_provided"),  # general needs a prompt
        ({**_asset_batch(good), "defaults": {"prompt": "a string"}}, 400, "parameter_invalid"),
        ({**_asset_batch(good), "defaults": {"prompt": {"input_text": "x"}, "stream": True}}, 400,
         "parameter_unknown"),
        ({**_asset_batch(good), "analysis_mode": "time_based_metadata"}, 400, "parameter_invalid"),
        (_asset_batch("0" * 24), 404, "resource_not_exist"),
        (_asset_batch(busy), 409, "asset_not_ready"),
    ]
    for body, status, code in cases:
        got, answer = await call(http, "POST", f"{base}/analyze/batches", json=body)
        assert got == status, (body.get("requests", [])[:1], answer)
        assert_envelope(answer, code)
    assert emulator.state.batches == {} and emulator.state.analyze_tasks == {}


async def test_five_active_batches(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    asset, = emulator.state.seed_assets(1, prefix="clip")
    ids = [(await create_batch(http, base, _asset_batch(asset)))["batch_id"] for _ in range(5)]
    status, answer = await call(http, "POST", f"{base}/analyze/batches", json=_asset_batch(asset))
    assert status == 429
    assert_envelope(answer, "too_many_active_batches")
    assert sorted(answer["error"]["details"]["active_batches"]) == sorted(ids)
    # Another API key (another account) has its own five.
    status, _ = await call(http, "POST", f"{base}/analyze/batches", json=_asset_batch(asset),
                           headers={"x-api-key": "tlk_other"})
    assert status == 201
    # A batch being canceled is still active: its processing item must finish first.
    clock.advance(0.5)
    status, answer = await call(http, "POST", f"{base}/analyze/batches/{ids[0]}/cancel")
    assert (status, answer["status"]) == (202, "canceling")
    status, _ = await call(http, "POST", f"{base}/analyze/batches", json=_asset_batch(asset))
    assert status == 429
    clock.advance(1)
    assert (await get_batch(http, base, ids[0]))["status"] == "canceled"
    assert [(await get_batch(http, base, i))["status"] for i in ids[1:]] == ["completed"] * 4
    for _ in range(5):  # all five slots are free again
        await create_batch(http, base, _asset_batch(asset))


async def test_cancel(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    assets = emulator.state.seed_assets(5, prefix="walk")
    batch_id = (await create_batch(http, base, batch_body(assets)))["batch_id"]
    clock.advance(0.5)  # items 0 and 1 processing, 2-4 queued
    status, answer = await call(http, "POST", f"{base}/analyze/batches/{batch_id}/cancel")
    assert status == 202 and answer["status"] == "canceling" and counts(answer) == (0, 2, 0, 0, 3)
    status, again = await call(http, "POST", f"{base}/analyze/batches/{batch_id}/cancel")
    assert status == 202 and again["status"] == "canceling"
    status, refused = await call(http, "DELETE", f"{base}/analyze/batches/{batch_id}")
    assert status == 409
    assert_envelope(refused, "batch_not_terminal")
    clock.advance(1)  # the processing items finish
    final = await get_batch(http, base, batch_id)
    assert final["status"] == "canceled" and counts(final) == (0, 0, 2, 0, 3)
    assert final["canceled_at"] == "2025-06-15T15:06:41Z" and "completed_at" not in final
    assert [line["status"] for line in await results(http, base, batch_id)] == [
        "ready", "ready", "canceled", "canceled", "canceled"]
    status, refused = await call(http, "POST", f"{base}/analyze/batches/{batch_id}/cancel")
    assert status == 409
    assert_envelope(refused, "batch_canceled")
    # Canceling when nothing is processing is over at once.
    quiet = (await create_batch(http, base, batch_body(assets[:1])))["batch_id"]
    status, answer = await call(http, "POST", f"{base}/analyze/batches/{quiet}/cancel")
    assert (status, answer["status"], counts(answer)) == (202, "canceled", (0, 0, 0, 0, 1))
    done = (await create_batch(http, base, batch_body(assets[:1])))["batch_id"]
    clock.advance(2)
    status, refused = await call(http, "POST", f"{base}/analyze/batches/{done}/cancel")
    assert status == 409
    assert_envelope(refused, "batch_completed")


async def test_delete(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    assets = emulator.state.seed_assets(2, prefix="run")
    batch_id = (await create_batch(http, base, batch_body(assets)))["batch_id"]
    status, refused = await call(http, "DELETE", f"{base}/analyze/batches/{batch_id}")
    assert status == 409
    assert_envelope(refused, "batch_not_terminal")
    assert refused["error"]["details"] == {"status": "pending"}
    clock.advance(2)
    assert await call(http, "DELETE", f"{base}/analyze/batches/{batch_id}") == (200, None)
    for method, path in (("GET", ""), ("GET", "/results"), ("POST", "/cancel"), ("DELETE", "")):
        status, answer = await call(http, method, f"{base}/analyze/batches/{batch_id}{path}")
        assert status == 404
        assert_envelope(answer, "resource_not_exist")
    assert emulator.state.analyze_tasks == {}  # its tasks went with it


async def test_expiry_at_24_hours(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    assets = emulator.state.seed_assets(3, prefix="long")
    body = batch_body(assets)
    body["requests"][1]["prompt"] = {"input_text": "slow [emulator:seconds=90000]"}  # longer than a day
    body["requests"][2]["prompt"] = {"input_text": "queued behind it"}
    batch_id = (await create_batch(http, base, {**body, "requests": body["requests"]}))["batch_id"]
    # With two at a time, item 2 waits for item 0 (1 s) and runs; item 1 runs for 25 hours.
    clock.advance(3)
    assert counts(await get_batch(http, base, batch_id)) == (0, 1, 2, 0, 0)
    clock.advance(24 * 3600 - 3)
    expired = await get_batch(http, base, batch_id)
    assert expired["status"] == "expired" and counts(expired) == (0, 0, 2, 0, 1)
    assert expired["expired_at"] == expired["expires_at"]
    lines = await results(http, base, batch_id)
    assert [line["status"] for line in lines] == ["ready", "canceled", "ready"]
    assert (await get_task(http, base, lines[1]["task_id"]))["status"] == "canceled"
    status, refused = await call(http, "POST", f"{base}/analyze/batches/{batch_id}/cancel")
    assert status == 409
    assert_envelope(refused, "batch_expired")
    # Results stay for 30 days after creation; then the batch is deleted.
    clock.advance(29 * 24 * 3600 - 10)
    assert len(await results(http, base, batch_id)) == 3
    clock.advance(20)
    status, _ = await call(http, "GET", f"{base}/analyze/batches/{batch_id}")
    assert status == 404 and emulator.state.batches == {}


async def test_list(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base, clock = emulator.base_url, _clock(emulator)
    assets = emulator.state.seed_assets(1, prefix="x")
    fmt = {"type": "segment_definitions", "segment_definitions": [{"id": "a", "description": "d"}]}
    first = (await create_batch(http, base, batch_body(assets)))["batch_id"]
    clock.advance(2)
    second = (await create_batch(http, base, batch_body(assets, mode="time_based_metadata",
                                                        response_format=fmt)))["batch_id"]
    _, listed = await call(http, "GET", f"{base}/analyze/batches")
    assert [b["batch_id"] for b in listed["data"]] == [second, first]
    assert listed["page_info"]["total_results"] == 2
    _, done = await call(http, "GET", f"{base}/analyze/batches?status=completed&status=expired")
    assert [b["batch_id"] for b in done["data"]] == [first]
    _, modes = await call(http, "GET", f"{base}/analyze/batches?analysis_mode=time_based_metadata")
    assert [b["batch_id"] for b in modes["data"]] == [second]
    status, bad = await call(http, "GET", f"{base}/analyze/batches?status=failed")  # a batch is never failed
    assert status == 400
    assert_envelope(bad, "parameter_invalid")


async def test_complete_now_helpers(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    assets = emulator.state.seed_assets(4, prefix="y")
    batch_id = (await create_batch(http, base, batch_body(assets)))["batch_id"]
    async with http.post(f"{emulator.root_url}/_emulator/batches/{batch_id}/complete") as resp:
        assert resp.status == 200 and await resp.json() == {"status": "completed"}
    assert counts(await get_batch(http, base, batch_id)) == (0, 0, 4, 0, 0)
    other = (await create_batch(http, base, batch_body(assets)))["batch_id"]
    emulator.state.complete_batch_now(other)
    assert (await get_batch(http, base, other))["status"] == "completed"


async def test_results_faults_cut_the_stream(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    assets = emulator.state.seed_assets(5, prefix="z")
    batch_id = (await create_batch(http, base, batch_body(assets)))["batch_id"]
    for fault, expected in (("stream_cut(2)", 2), ("drop_after", 4)):
        lines: list[bytes] = []
        with pytest.raises(aiohttp.ClientPayloadError):
            async with http.get(f"{base}/analyze/batches/{batch_id}/results",
                                headers={"X-Emulator-Fault": fault}) as resp:
                assert resp.status == 200
                async for line in resp.content:
                    lines.append(line)
        assert len([line for line in lines if line.endswith(b"\n")]) == expected
    assert emulator.state.outcomes["GET /analyze/batches/{batch_id}/results"]["stream_cut"] == 2


async def test_a_thousand_items() -> None:
    clock = ManualClock()
    async with Emulator(speed=1.0, clock=clock, batch_concurrency=50) as emu, \
            aiohttp.ClientSession(headers={"x-api-key": "k"}) as http:
        assets = emu.state.seed_assets(10, prefix="bulk")
        body = batch_body([assets[n % 10] for n in range(1000)])
        created = await create_batch(http, emu.base_url, body)
        assert created["total_items"] == 1000 and len({i["task_id"] for i in created["items"]}) == 1000
        clock.advance(10.3)  # 50 at a time, one second each: 500 done
        batch = await get_batch(http, emu.base_url, created["batch_id"])
        assert counts(batch) == (450, 50, 500, 0, 0)
        lines = await results(http, emu.base_url, created["batch_id"])
        assert len(lines) == 1000 and [line["custom_id"] for line in lines] == [f"item-{n}" for n in range(1000)]
        clock.advance(10)
        assert (await get_batch(http, emu.base_url, created["batch_id"]))["status"] == "completed"
