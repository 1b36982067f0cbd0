"""Signed webhooks of analyze tasks and batches: delivered to a loopback receiver, verified here with an HMAC
computed independently of the emulator, retried after failures, and reported on the task and in the log."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from analysis_helpers import batch_body, call, create_task, get_task, url_video, verify_signature

from twelvelabs_async.emulator import Emulator, ManualClock
from twelvelabs_async.emulator.webhooks import DEFAULT_SECRET

SECRET = "whsec_test_secret"


@dataclass
class Receiver:
    """A webhook endpoint on loopback: it records every POST and answers the statuses it is told to."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # statuses to answer first; then 200

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _headers, body in self.received]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    got = Receiver()

    async def hook(request: web.Request) -> web.Response:
        got.received.append((dict(request.headers), await request.read()))
        return web.Response(status=got.answers.pop(0) if got.answers else 200)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    got.url = f"http://127.0.0.1:{port}/hook"
    yield got
    await runner.cleanup()


async def until(check: Callable[[], bool | Awaitable[bool]], timeout: float = 10.0) -> None:
    """Poll ``check`` until it holds or the deadline passes (deliveries run in the background)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = check()
        if await result if isinstance(result, Awaitable) else result:
            return
        if loop.time() > deadline:
            raise AssertionError("condition not met before the deadline")
        await asyncio.sleep(0.02)


@pytest.fixture
async def hooked(receiver: Receiver) -> AsyncIterator[Emulator]:
    clock = ManualClock()
    async with Emulator(speed=1.0, clock=clock, webhook_urls=[receiver.url], webhook_secret=SECRET,
                        webhook_retry_delay=0.01) as emu:
        yield emu


def _clock(emulator: Emulator) -> ManualClock:
    assert isinstance(emulator.clock, ManualClock)
    return emulator.clock


async def test_ready_event_is_signed(hooked: Emulator, receiver: Receiver, http: aiohttp.ClientSession) -> None:
    base = hooked.base_url
    task_id = await create_task(http, base, {"video": url_video(), "prompt": "Describe", "custom_id": "order-7"})
    _clock(hooked).advance(2)  # no request needed: the emulator notices the transition by itself
    await until(lambda: len(receiver.received) == 1)
    headers, body = receiver.received[0]
    assert headers["Content-Type"] == "application/json"
    assert verify_signature(headers["TL-Signature"], body, SECRET) == int(_clock(hooked).now())
    event = json.loads(body)
    assert set(event) == {"id", "created_at", "type", "data"} and event["id"].startswith("whe_")
    assert event["type"] == "analyze.task.ready"
    assert event["data"] == {"id": task_id, "custom_id": "order-7", "created_at": "2025-06-15T15:06:40Z",
                             "video_source": {"type": "url", "url": url_video()["url"],
                                              "system_metadata": {"duration": 90.0}},
                             "status": "ready"}
    # A tampered body or another secret does not verify.
    with pytest.raises(AssertionError):
        verify_signature(headers["TL-Signature"], body.replace(b"ready", b"fails"), SECRET)
    with pytest.raises(AssertionError):
        verify_signature(headers["TL-Signature"], body, "another secret")
    await until(lambda: hooked.state.webhooks.delivered() != [])
    task = await get_task(http, base, task_id)
    assert task["webhooks"] == [{"url": receiver.url, "delivered": True, "attempts": 1}]
    assert "x-api-key" not in {k.lower() for k in headers}  # the API key never goes to a receiver


async def test_failed_and_canceled_events(hooked: Emulator, receiver: Receiver,
                                          http: aiohttp.ClientSession) -> None:
    base, clock = hooked.base_url, _clock(hooked)
    failing = await create_task(http, base, {"video": url_video(), "prompt": "x [emulator:fail]"})
    canceled = await create_task(http, base, {"video": url_video(), "prompt": "y"})
    assert (await call(http, "POST", f"{base}/analyze/tasks/{canceled}/cancel"))[0] == 200
    clock.advance(2)
    await until(lambda: len(receiver.received) == 2)
    by_type = {e["type"]: e for e in receiver.events()}
    assert set(by_type) == {"analyze.task.failed", "analyze.task.canceled"}
    assert by_type["analyze.task.failed"]["data"]["id"] == failing
    assert by_type["analyze.task.failed"]["data"]["error"]["message"]
    assert by_type["analyze.task.canceled"]["data"]["id"] == canceled
    assert "error" not in by_type["analyze.task.canceled"]["data"]
    for headers, body in receiver.received:
        verify_signature(headers["TL-Signature"], body, SECRET)


async def test_retries_keep_the_event_id(receiver: Receiver) -> None:
    receiver.answers = [500, 503]
    clock = ManualClock()
    async with Emulator(speed=0, clock=clock, webhook_urls=[receiver.url], webhook_max_attempts=3,
                        webhook_retry_delay=0.01) as emu, aiohttp.ClientSession(headers={"x-api-key": "k"}) as http:
        task_id = await create_task(http, emu.base_url, {"video": url_video(), "prompt": "x"})
        await until(lambda: len(receiver.received) == 3)
        ids = {e["id"] for e in receiver.events()}
        assert len(ids) == 1  # retries of one logical event share its id
        for headers, body in receiver.received:
            verify_signature(headers["TL-Signature"], body, DEFAULT_SECRET)  # no secret given: the default
        await until(lambda: len(emu.state.webhooks.deliveries) == 3)
        log = emu.state.webhooks.deliveries
        assert [(a.attempt, a.status, a.ok) for a in log] == [(1, 500, False), (2, 503, False), (3, 200, True)]
        assert log[0].error == "the endpoint answered 500"
        task = await get_task(http, emu.base_url, task_id)
        assert task["webhooks"] == [{"url": receiver.url, "delivered": True, "attempts": 3}]


async def test_an_unreachable_endpoint() -> None:
    # A port nothing listens on (bound, then closed): every attempt fails, the task says so.
    probe = web.AppRunner(web.Application())
    await probe.setup()
    site = web.TCPSite(probe, "127.0.0.1", 0)
    await site.start()
    port = probe.addresses[0][1]
    await probe.cleanup()
    url = f"http://127.0.0.1:{port}/gone"
    async with Emulator(speed=0, webhook_urls=[url], webhook_max_attempts=2, webhook_retry_delay=0.01) as emu, \
            aiohttp.ClientSession(headers={"x-api-key": "k"}) as http:
        task_id = await create_task(http, emu.base_url, {"video": url_video(), "prompt": "x"})
        await until(lambda: len(emu.state.webhooks.deliveries) == 2)

        async def reported() -> bool:
            return (await get_task(http, emu.base_url, task_id)).get("webhooks", [{}])[0].get("attempts") == 2

        await until(reported)
        info = (await get_task(http, emu.base_url, task_id))["webhooks"][0]
        assert info["url"] == url and info["delivered"] is False and info["last_error"]


async def test_batch_events(hooked: Emulator, receiver: Receiver, http: aiohttp.ClientSession) -> None:
    base = hooked.base_url
    assets = hooked.state.seed_assets(2, prefix="cat")
    body = batch_body(assets)
    body["requests"][1]["prompt"] = {"input_text": "[emulator:fail]"}
    status, created = await call(http, "POST", f"{base}/analyze/batches", json=body)
    assert status == 201
    _clock(hooked).advance(3)
    await until(lambda: len(receiver.received) == 1)
    events = receiver.events()
    # 1.3.6: "Tasks created as part of a batch do not produce per-task webhook events": the batch's only.
    assert [e["type"] for e in events] == ["analyze.batch.completed"]
    assert not [e for e in hooked.state.webhooks.events if e.type.startswith("analyze.task.")]
    batch_event, = events
    assert batch_event["type"] == "analyze.batch.completed"
    assert batch_event["data"]["batch_id"] == created["batch_id"] and batch_event["data"]["failed_items"] == 1
    for headers, raw in receiver.received:
        verify_signature(headers["TL-Signature"], raw, SECRET)
    await until(lambda: len(hooked.state.webhooks.delivered()) == 1)
    _, batch = await call(http, "GET", f"{base}/analyze/batches/{created['batch_id']}")
    assert batch["webhooks"] == [{"url": receiver.url, "delivered": True, "attempts": 1}]


async def test_registered_at_run_time(receiver: Receiver) -> None:
    clock = ManualClock()
    async with Emulator(speed=1.0, clock=clock) as emu, aiohttp.ClientSession(headers={"x-api-key": "k"}) as http:
        before = await create_task(http, emu.base_url, {"video": url_video(), "prompt": "x"})
        clock.advance(2)
        assert "webhooks" not in await get_task(http, emu.base_url, before)  # none configured: omitted
        async with http.post(f"{emu.root_url}/_emulator/webhooks", json={"url": receiver.url, "secret": "s2"}) as resp:
            assert resp.status == 200 and await resp.json() == {"urls": [receiver.url]}
        async with http.post(f"{emu.root_url}/_emulator/webhooks", json={"url": "ftp://x"}) as resp:
            assert resp.status == 400
        after = await create_task(http, emu.base_url, {"video": url_video(), "prompt": "y"})
        clock.advance(2)
        await until(lambda: len(receiver.received) == 1)  # the task that ended before registering sends nothing
        headers, body = receiver.received[0]
        verify_signature(headers["TL-Signature"], body, "s2")
        assert json.loads(body)["data"]["id"] == after
        await until(lambda: len(emu.state.webhooks.deliveries) == 1)
        async with http.get(f"{emu.root_url}/_emulator/webhooks") as resp:
            log = await resp.json()
        assert log["urls"] == [receiver.url]
        assert [(d["type"], d["ok"], d["body"]) for d in log["deliveries"]] == [
            ("analyze.task.ready", True, body.decode())]
        async with http.delete(f"{emu.root_url}/_emulator/webhooks") as resp:
            assert resp.status == 200
        assert emu.state.webhooks.urls == [] and emu.state.webhooks.deliveries == []


async def test_a_slow_endpoint_times_out() -> None:
    release = asyncio.Event()
    seen: list[bytes] = []

    async def stuck(request: web.Request) -> web.Response:
        seen.append(await request.read())
        await release.wait()  # never answers in time: the emulator gives up after webhook_timeout
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/slow", stuck)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slow"
    try:
        async with Emulator(speed=0, webhook_urls=[url], webhook_timeout=0.2, webhook_max_attempts=1) as emu, \
                aiohttp.ClientSession(headers={"x-api-key": "k"}) as http:
            task_id = await create_task(http, emu.base_url, {"video": url_video(), "prompt": "x"})
            await until(lambda: len(emu.state.webhooks.deliveries) == 1)
            attempt, = emu.state.webhooks.deliveries
            assert attempt.status is None and attempt.error == "timed out after 0.2 s" and len(seen) == 1
            info = (await get_task(http, emu.base_url, task_id))["webhooks"]
            assert info == [{"url": url, "delivered": False, "attempts": 1, "last_error": "timed out after 0.2 s"}]
    finally:
        release.set()
        await runner.cleanup()
