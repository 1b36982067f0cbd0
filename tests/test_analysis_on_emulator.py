"""Issue 13 end to end: our SDK (``AsyncTwelveLabs`` and the blocking ``TwelveLabs``) against our emulator.

Every operation of ``analyze_async.tasks`` (5), ``analyze_async.batches`` (6), ``embed.v_2`` (4) and
``entity_collections`` (14) runs here on the wire, with every helper: ``tasks.wait_for_done`` and ``wait_many``,
``batches.wait_for_done`` and ``batches.run``, ``embed.v_2.tasks.wait_for_done`` and the webhook verifier. The
assertions read the emulator's own state and request counters, so they check what the SDK did, not only what it
says it did. Nothing sleeps to wait: lifecycles move on a ManualClock, on ``complete_*_now`` or at an emulator
speed, and every wait is a poll with a deadline. Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import jsonschema
import pytest
from aiohttp import web

from twelvelabs_async import (
    AsyncTwelveLabs,
    BatchItemOutcome,
    BatchRunProgress,
    ConflictError,
    NotFoundError,
    TaskFailedError,
    TwelveLabs,
    UnprocessableEntityError,
    WaitTimeoutError,
    webhooks,
)
from twelvelabs_async.emulator import Emulator, EmulatorThread
from twelvelabs_async.emulator.clock import ManualClock
from twelvelabs_async.emulator.faults import FaultDecision, FaultPlan
from twelvelabs_async.models import (
    AnalyzeTask,
    AnalyzeTaskEvent,
    BatchResultItem,
    EmbedV2Result,
    UnknownWebhookEvent,
    WebhookEvent,
)

API_KEY = "tlk_e2e_analysis_0123456789"
FAST: dict[str, Any] = {"sleep_interval": 0.01, "max_interval": 0.05}
DOG_URL = "https://media.test/dog_park.mp4?duration=90"
CAT_URL = "https://media.test/cat_nap.mp4?duration=45"
TITLE_SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "topics": {"type": "array", "items": {"type": "string"}},
                   "rating": {"type": "integer", "minimum": 1, "maximum": 5}},
    "required": ["title", "topics", "rating"],
}
TERMINAL = ("ready", "failed", "canceled")
LIFECYCLE = ("queued", "pending", "processing", "ready")


async def eventually(check: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Poll ``check`` until it holds, failing after ``timeout`` seconds (a deadline, never a fixed sleep)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


class DropNext(FaultPlan):
    """A fault plan that loses the answer of the next request of a route (``drop_after``: handled, then the
    connection closes), once, whatever the request counters say."""

    def __init__(self) -> None:
        super().__init__()
        self.routes: set[str] = set()

    def decide(self, route: str, n: int, seed: int, header: str | None = None) -> FaultDecision:
        decision = super().decide(route, n, seed, header)
        if route in self.routes:
            self.routes.discard(route)
            decision.drop_after = True
            decision.applied.append("drop_after")
        return decision


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def manual(clock: ManualClock) -> AsyncIterator[Emulator]:
    """An emulator whose lifecycles move only when the test advances the clock."""
    async with Emulator(api_key=API_KEY, speed=1.0, clock=clock) as emu:
        yield emu


async def client_for(emu: Emulator, **options: Any) -> AsyncTwelveLabs:
    return AsyncTwelveLabs(api_key=API_KEY, base_url=emu.base_url, **options)


# --- analyze tasks ----------------------------------------------------------------------------------------------


async def test_every_task_operation_on_the_clock(manual: Emulator, clock: ManualClock) -> None:
    state = manual.state
    asset_id = state.seed_assets(1, prefix="dog_park", duration=90)[0]
    async with await client_for(manual) as client:
        tasks = client.analyze_async.tasks
        created = await tasks.create(video={"type": "asset_id", "asset_id": asset_id}, model_name="pegasus1.5",
                                     prompt="What happens? [emulator:seconds=30]", custom_id="job-1")
        assert created.status == "queued" and state.analyze_tasks[created.task_id].custom_id == "job-1"
        clock.advance(0.5)
        task = await tasks.retrieve(created.task_id)
        assert (task.status, task.custom_id, task.video_source.asset_id) == ("processing", "job-1", asset_id)
        assert task.request_params is not None and task.request_params.prompt == "What happens? [emulator:seconds=30]"

        with pytest.raises(ConflictError) as refused:  # not while processing (the spec's 409)
            await tasks.delete(created.task_id)
        assert refused.value.code == "task_processing" and created.task_id in state.analyze_tasks

        by_url = await tasks.create(video=DOG_URL, prompt="Describe", response_format=TITLE_SCHEMA)
        processing = [t.task_id async for t in tasks.list(status="processing")]
        assert processing == [created.task_id]
        assert [t.task_id async for t in tasks.list(asset_id=asset_id)] == [created.task_id]
        assert [t.task_id async for t in tasks.list(video_url=DOG_URL)] == [by_url.task_id]
        # Pages of one: the pager walks them all, newest first, as the emulator holds them.
        assert [t.task_id async for t in tasks.list(page_limit=1)] == [by_url.task_id, created.task_id]

        canceled = await tasks.cancel(created.task_id)
        assert canceled.status == "canceled" and (await tasks.cancel(created.task_id)).status == "canceled"
        assert state.analyze_task_status(state.analyze_tasks[created.task_id])[0] == "canceled"
        # A canceled task cannot become ready: returned as it ends (as 1.3.6 does), raised when asked to.
        assert (await tasks.wait_for_done(created.task_id, **FAST)).status == "canceled"
        with pytest.raises(TaskFailedError) as failed:
            await tasks.wait_for_done(created.task_id, raise_on_failure=True, **FAST)
        assert failed.value.task.status == "canceled"
        await tasks.delete(created.task_id)
        assert created.task_id not in state.analyze_tasks
        with pytest.raises(NotFoundError):
            await tasks.retrieve(created.task_id)

        clock.advance(2)
        done = await tasks.wait_for_done(by_url.task_id, **FAST)
        assert done.status == "ready" and done.result is not None and done.result.finish_reason == "stop"
        answer = json.loads(done.result.data or "")
        jsonschema.validate(answer, TITLE_SCHEMA)  # the emulator answers valid JSON for the schema given
        assert done.request_params.response_format.json_schema == TITLE_SCHEMA
        with pytest.raises(ConflictError) as late:
            await tasks.cancel(by_url.task_id)
        assert late.value.code == "task_not_cancelable"
    assert manual.state.requests("GET /analyze/tasks/{task_id}") >= 3


async def test_wait_for_done_reports_the_lifecycle_and_returns_or_raises_a_failed_task() -> None:
    async with Emulator(api_key=API_KEY, speed=10) as emu, await client_for(emu) as client:
        tasks = client.analyze_async.tasks
        ok = await tasks.create(video=DOG_URL, prompt="Summarize the video", custom_id="ok")
        bad = await tasks.create(video=CAT_URL, prompt="Summarize [emulator:fail]", custom_id="bad")
        slow = await tasks.create(video=CAT_URL, prompt="Summarize [emulator:seconds=1000]")

        seen: list[str | None] = []
        done = await tasks.wait_for_done(ok.task_id, callback=lambda t: seen.append(t.status), **FAST)
        assert done.status == "ready" and seen[-1] == "ready"
        assert seen == sorted(seen, key=LIFECYCLE.index) and len(set(seen)) == len(seen)  # each once, in order
        assert "dog_park.mp4 (90 s)" in (done.result.data or "")
        assert done.completed_at is not None and done.created_at is not None and done.completed_at >= done.created_at

        returned = await tasks.wait_for_done(bad.task_id, **FAST)
        assert returned.status == "failed" and returned.custom_id == "bad"
        with pytest.raises(TaskFailedError) as failed:
            await tasks.wait_for_done(bad.task_id, raise_on_failure=True, **FAST)
        assert failed.value.task.status == "failed" and failed.value.task.custom_id == "bad"
        assert "[emulator:fail]" in failed.value.task.error.message
        assert emu.state.analyze_task_status(emu.state.analyze_tasks[bad.task_id])[0] == "failed"

        with pytest.raises(WaitTimeoutError) as late:
            await tasks.wait_for_done(slow.task_id, timeout=0.3, **FAST)
        assert late.value.task.status in ("pending", "processing")


async def test_the_sdk_defaults_and_pegasus_1_6_options_are_what_the_emulator_takes(
    manual: Emulator, clock: ManualClock
) -> None:
    # Both follow the official SDK 1.3.6: no model_name means pegasus1.5 (segmentation, its token range),
    # pegasus1.6 segmentation takes max_tokens="unlimited", and pegasus1.6 analyzes images instead of a video.
    segments = [{"id": "play", "description": "a play", "fields": [
        {"name": "label", "type": "string", "description": "what happens"}]}]
    async with await client_for(manual) as client:
        tasks = client.analyze_async.tasks
        default = await tasks.create(video=DOG_URL, analysis_mode="time_based_metadata", response_format=segments,
                                     max_segment_duration=30)
        longer = await tasks.create(video=DOG_URL, prompt="Describe", max_tokens=8192)
        unlimited = await tasks.create(video=DOG_URL, model_name="pegasus1.6", analysis_mode="time_based_metadata",
                                       response_format=segments, max_tokens="unlimited")
        pictures = await tasks.create(image=[{"name": "before", "url": "https://media.test/shore_before.jpg"},
                                             {"name": "after", "url": "https://media.test/shore_after.jpg"}],
                                      model_name="pegasus1.6", prompt="What changed between <@before> and <@after>?")
        clock.advance(3)
        done = await tasks.wait_many([default.task_id, longer.task_id, unlimited.task_id, pictures.task_id],
                                     **FAST)
    assert [t.status for t in done] == ["ready"] * 4
    assert done[3].video_source is None and [i.name for i in done[3].request_params.image] == ["before", "after"]
    assert "before, after" in (done[3].result.data or "")
    plays = json.loads(done[0].result.data or "")["play"]
    assert plays and all(p["end_time"] - p["start_time"] <= 30 for p in plays)
    assert [t.request_params.max_tokens for t in done[:3]] == [32768, 8192, "unlimited"]


async def test_a_create_whose_answer_is_lost_is_sent_again_and_makes_one_task() -> None:
    plan = DropNext()
    async with Emulator(api_key=API_KEY, speed=0, faults=plan) as emu, await client_for(emu) as client:
        state = emu.state
        plan.routes.add("POST /analyze/tasks")
        created = await client.analyze_async.tasks.create(video=DOG_URL, prompt="Count the dogs", custom_id="once")
        # Two requests reached the emulator: the first made the task and lost its answer, the retry (same
        # Idempotency-Key, same body) was answered with that task. One task exists.
        assert state.outcomes["POST /analyze/tasks"] == Counter({"drop_after": 1, "202": 1})
        assert list(state.analyze_tasks) == [created.task_id] and state.idempotent_replays == 1
        assert [t.task_id async for t in client.analyze_async.tasks.list()] == [created.task_id]

        # A key of the caller's own: the same request again is the same task; another body is refused.
        first = await client.analyze_async.tasks.create(video=CAT_URL, prompt="p", idempotency_key="order-7781")
        again = await client.analyze_async.tasks.create(video=CAT_URL, prompt="p", idempotency_key="order-7781")
        assert again.task_id == first.task_id and len(state.analyze_tasks) == 2 and state.idempotent_replays == 2
        with pytest.raises(UnprocessableEntityError) as reused:
            await client.analyze_async.tasks.create(video=CAT_URL, prompt="other", idempotency_key="order-7781")
        assert reused.value.code == "idempotency_key_reused" and len(state.analyze_tasks) == 2
        # Without a key of the caller's, every call mints its own: two calls, two tasks.
        await client.analyze_async.tasks.create(video=CAT_URL, prompt="p")
        await client.analyze_async.tasks.create(video=CAT_URL, prompt="p")
        assert len(state.analyze_tasks) == 4


async def test_wait_many_polls_the_list_about_n_over_50_a_round() -> None:
    async with Emulator(api_key=API_KEY, speed=20) as emu, await client_for(emu) as client:
        tasks = client.analyze_async.tasks
        ids: list[str] = []
        for n in range(120):
            if n % 20 == 7:
                prompt = "Summarize [emulator:fail]"
            elif n % 30 == 11:
                prompt = "Summarize [emulator:seconds=100000]"  # canceled below
            else:
                prompt = f"Summarize [emulator:seconds={1 + n % 6}]"  # ready over about 0.3 s
            ids.append((await tasks.create(video=DOG_URL, prompt=prompt, custom_id=f"t{n}")).task_id)
        for n in range(11, 120, 30):
            await tasks.cancel(ids[n])
        emu.state.reset_counters()

        # Count the listing calls the waiter makes (each is one request): (status, page) per call.
        calls: list[tuple[str | None, int | None]] = []
        real_list = tasks.list

        def counting_list(**kwargs: Any) -> Any:
            calls.append((kwargs.get("status"), kwargs.get("page")))
            return real_list(**kwargs)

        tasks.list = counting_list  # type: ignore[method-assign]
        changed: list[str] = []
        waiter = tasks.wait_many(ids, callback=lambda t: changed.append(t.task_id), **FAST)
        finished = await waiter

    assert [t.task_id for t in finished] == ids  # in the order given
    statuses = Counter(t.status for t in finished)
    assert statuses == Counter({"ready": 110, "failed": 6, "canceled": 4})
    assert all(t.result is not None and t.result.data for t in finished if t.status == "ready")
    assert set(changed) == set(ids)
    lists = emu.state.requests("GET /analyze/tasks")
    singles = emu.state.requests("GET /analyze/tasks/{task_id}")
    assert lists == len(calls) and waiter.requests == lists + singles  # the waiter counts what the server saw
    assert all(status is not None for status, _ in calls)  # one status a request, as the API filters
    # Tasks here finish out of creation order: one that leaves "processing" while its pages are read moves the
    # later ones up a place, and a task at a page's edge can slip past the reader (it is still processing, so no
    # final status lists it either). The waiter retrieves those few alone: at most once per task, never N a round.
    assert singles <= len(ids) // 4
    # A round starts with page 1 of the first active status; it costs about N/50 requests per status that has
    # tasks, plus one per status that has none, never N.
    rounds = sum(1 for status, page in calls if status == "queued" and page == 1)
    per_round = 2 * math.ceil(len(ids) / 50) + 6
    assert rounds >= 2 and lists <= rounds * per_round
    assert lists + singles < len(ids) * rounds / 4  # per-task polling would cost len(ids) a round


# --- batches ----------------------------------------------------------------------------------------------------


async def test_every_batch_operation_and_wait_for_done_counts() -> None:
    async with Emulator(api_key=API_KEY, speed=10, batch_concurrency=2) as emu, await client_for(emu) as client:
        state = emu.state
        batches = client.analyze_async.batches
        assets = state.seed_assets(6, prefix="lecture", duration=120)
        requests: list[Any] = [{"asset_id": a, "custom_id": f"lecture-{n}"} for n, a in enumerate(assets)]
        for n in (1, 4):
            requests[n]["prompt"] = "Summarize [emulator:fail]"
        created = await batches.create(model_name="pegasus1.5", analysis_mode="general", requests=requests,
                                       defaults={"prompt": "Summarize the lecture", "temperature": 0.1})
        assert created.total_items == 6 and [i.custom_id for i in created.items] == [r["custom_id"] for r in requests]
        assert [i.task_id for i in created.items] == state.batches[created.batch_id].task_ids
        assert created.expires_at is not None and created.created_at is not None
        assert (created.expires_at - created.created_at).total_seconds() == 24 * 3600

        listed = [b async for b in batches.list(status=["pending", "processing"])]
        assert [b.batch_id for b in listed] == [created.batch_id] and listed[0].total_items == 6
        running = await batches.retrieve(created.batch_id)
        assert running.status in ("pending", "processing") and not running.is_done
        # Results can be read while the batch runs: one typed line per item, in submission order.
        async with batches.results(created.batch_id) as stream:
            early = [line async for line in stream]
        assert [line.custom_id for line in early] == [r["custom_id"] for r in requests]
        assert all(isinstance(line, BatchResultItem) for line in early)

        reports: list[tuple[str | None, int, int, int]] = []
        outcome = await batches.wait_for_done(
            created.batch_id,
            callback=lambda b: reports.append((b.status, b.ready_items or 0, b.failed_items or 0, b.queued_items or 0)),
            **FAST,
        )
        # Counts were reported as they moved (two items at a time), never going back; completed is not success.
        assert len(reports) >= 3 and reports[-1][0] == "completed"
        finished = [ready + failed for _, ready, failed, _ in reports]
        assert finished == sorted(finished) and len(set(reports)) == len(reports)  # each state once
        assert {2, 4, 6} <= set(finished)
        assert (outcome.status, outcome.total, outcome.ready, outcome.failed, outcome.canceled) == (
            "completed", 6, 4, 2, 0)
        assert not outcome.succeeded and "2 failed" in str(outcome)

        async with batches.results(created.batch_id) as stream:
            lines = [line async for line in stream]
        by_id = {line.custom_id: line for line in lines}
        assert {by_id[f"lecture-{n}"].status for n in (1, 4)} == {"failed"}
        assert by_id["lecture-1"].error is not None and by_id["lecture-1"].error.code == "analysis_failed"
        ready = [line for line in lines if line.status == "ready"]
        assert len(ready) == 4 and all(line.data is not None and "lecture_" in (line.data.data or "") for line in ready)

        # Each item is an analyze task of its own, which the batch owns.
        item = await client.analyze_async.tasks.retrieve(created.items[0].task_id or "")
        assert item.batch_id == created.batch_id and item.custom_id == "lecture-0" and item.status == "ready"
        with pytest.raises(ConflictError) as owned:
            await client.analyze_async.tasks.cancel(created.items[0].task_id or "")
        assert owned.value.code == "task_in_batch"

        await batches.delete(created.batch_id)
        assert created.batch_id not in state.batches and not set(created.batch_id) & set(state.analyze_tasks)
        assert all(i.task_id not in state.analyze_tasks for i in created.items)
        with pytest.raises(NotFoundError):
            await batches.retrieve(created.batch_id)

        # Cancel: queued items are canceled, the two processing ones finish; canceling, then canceled.
        slow = await batches.create(model_name="pegasus1.5", analysis_mode="general", requests=assets,
                                    defaults={"prompt": "Summarize [emulator:seconds=1000]"})
        await eventually(lambda: state.batch_view(state.batches[slow.batch_id]).status == "processing",
                         "the batch to start")
        canceling = await batches.cancel(slow.batch_id)
        assert canceling.status == "canceling" and canceling.canceled_items == 4
        with pytest.raises(ConflictError) as early_delete:
            await batches.delete(slow.batch_id)
        assert early_delete.value.code == "batch_not_terminal"
        state.complete_batch_now(slow.batch_id)
        ended = await batches.wait_for_done(slow.batch_id, **FAST)
        assert (ended.status, ended.ready, ended.canceled, ended.failed) == ("canceled", 2, 4, 0)
        assert not ended.succeeded
        with pytest.raises(ConflictError) as again:
            await batches.cancel(slow.batch_id)
        assert again.value.code == "batch_canceled"
        await batches.delete(slow.batch_id)
        assert state.batches == {}


def _max_overlap(spans: list[tuple[float, float]]) -> int:
    edges = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    active = peak = 0
    for _, step in edges:  # an end sorts before a start at the same instant
        active += step
        peak = max(peak, active)
    return peak


async def test_batches_run_splits_keeps_to_5_active_and_answers_every_item_once() -> None:
    # max_retries=0: every 429 reaches the run itself (whose job is to wait for a slot), and the run's request
    # count matches the emulator's exactly (the transport's own retries are not counted by the run).
    async with Emulator(api_key=API_KEY, speed=10, batch_concurrency=40) as emu, \
            await client_for(emu, max_retries=0) as client:
        state = emu.state
        assets = state.seed_assets(40, prefix="lecture")
        # Four batches of another process of the account hold four of its five slots until released below.
        others = [(await client.analyze_async.batches.create(
            model_name="pegasus1.5", analysis_mode="general", requests=assets[:3],
            defaults={"prompt": "Summarize [emulator:seconds=100000]"})).batch_id for _ in range(4)]
        failing = {5, 333, 1200}
        requests: list[Any] = []
        for n in range(1201):
            request: dict[str, Any] = {"asset_id": assets[n % len(assets)]}
            if n in failing:
                request["prompt"] = "Summarize [emulator:fail]"
            if n == 0:  # holds the run's first batch (the one free slot) until released below
                request["prompt"] = "Summarize [emulator:seconds=100000]"
            if n == 17:
                request["custom_id"] = "mine-17"
            requests.append(request)

        progress: list[BatchRunProgress] = []
        run = client.analyze_async.batches.run(requests, defaults={"prompt": "Summarize the lecture"},
                                               max_batch_size=200, on_progress=progress.append, **FAST)

        async def release_when_refused() -> None:
            # The run's second create meets the account's limit (429); then the slots free up.
            await eventually(lambda: state.outcomes["POST /analyze/batches"]["429"] >= 1, "a 429")
            for batch_id in [*others, run.batch_ids[0]]:
                state.complete_batch_now(batch_id)

        releaser = asyncio.ensure_future(release_when_refused())
        seen: list[BatchItemOutcome] = []
        try:
            async for outcome in run:
                seen.append(outcome)
        finally:
            releaser.cancel()
        assert releaser.done() and not releaser.cancelled() and releaser.exception() is None

    # Split: 6 batches of 200 and one of 1, in order.
    ours = run.batch_ids
    assert [len(state.batches[b].task_ids) for b in ours] == [200] * 6 + [1]
    assert not set(others) & set(ours)
    # Never more than five active at once on the account, ours and the other process's together (the emulator
    # refused the sixth with 429, and the run waited instead of giving up), and more than one of ours at once.
    spans = [(b.created_at, state.batch_view(b).since) for b in state.batches.values()]
    assert _max_overlap(spans) <= 5
    assert _max_overlap([(state.batches[b].created_at, state.batch_view(state.batches[b]).since) for b in ours]) >= 2
    assert state.outcomes["POST /analyze/batches"]["429"] >= 1
    assert state.outcomes["POST /analyze/batches"]["201"] == len(ours) + 4
    # Every request answered exactly once, with the emulator's verdict; failures reported, not dropped.
    assert sorted(o.index for o in seen) == list(range(1201))
    assert {o.index for o in seen if o.status == "failed"} == failing
    assert all(o.ok and o.data for o in seen if o.index not in failing)
    for outcome in seen:
        task = state.analyze_tasks[outcome.task_id or ""]
        assert task.batch_id == outcome.batch_id and task.custom_id == outcome.custom_id
        assert state.analyze_task_status(task)[0] == outcome.status
    failed = next(o for o in seen if o.index == 333)
    assert failed.error is not None and failed.error.code == "analysis_failed"
    assert next(o for o in seen if o.index == 17).custom_id == "mine-17"
    assert len({o.custom_id for o in seen}) == 1201
    # Results were handed over as items finished, before the last batch was even created.
    assert any(p.delivered > 0 and p.submitted < 1201 for p in progress)
    assert progress[-1].delivered == 1201 and progress[-1].failed == 3 and progress[-1].active_batch_ids == ()
    assert run.requests == sum(state.route_counts[r] for r in (
        "POST /analyze/batches", "GET /analyze/batches", "GET /analyze/batches/{batch_id}/results")) - 4


async def test_batches_run_finds_a_lost_batch_reports_refusals_and_expiry(clock: ManualClock) -> None:
    plan = DropNext()
    async with Emulator(api_key=API_KEY, speed=1.0, clock=clock, faults=plan, batch_concurrency=1) as emu, \
            await client_for(emu) as client:
        state = emu.state
        assets = state.seed_assets(6, prefix="archive")
        fresh = state.seed_assets(1, prefix="still_uploading", ready=False)[0]
        plan.routes.add("POST /analyze/batches")  # the first batch is made, its answer lost
        # Chunks of two: [ok, ok] (its answer lost), [not ready, ok], [unknown, ok], [ok, ok].
        requests: list[Any] = [assets[0], assets[1], fresh, assets[2], "000000000000000000000000", *assets[3:6]]
        run = client.analyze_async.batches.run(requests, defaults={"prompt": "Describe [emulator:seconds=50000]"},
                                               max_batch_size=2, timeout=30, **FAST)

        async def expire_the_batches() -> None:
            # Once the four good chunks' batches exist, 24 hours pass: each batch finishes its first item (50,000
            # s) and expires before its second; the expiry cancels it.
            await eventually(lambda: len(run.batch_ids) == 2 and state.outcomes["POST /analyze/batches"]["409"] >= 1
                             and state.outcomes["POST /analyze/batches"]["404"] >= 1, "the creates")
            clock.advance(24 * 3600 + 1)

        clock_task = asyncio.ensure_future(expire_the_batches())
        try:
            outcomes = await run
        finally:
            clock_task.cancel()
    # The lost answer was looked up (by the items' custom ids), not sent again: one batch per good chunk.
    assert state.outcomes["POST /analyze/batches"]["drop_after"] == 1
    assert len(run.batch_ids) == 2 and len(state.batches) == 2 and set(run.batch_ids) == set(state.batches)
    assert [o.status for o in outcomes] == ["ready", "canceled", "not_submitted", "not_submitted",
                                            "not_submitted", "not_submitted", "ready", "canceled"]
    assert {o.error.code for o in outcomes[2:4] if o.error} == {"asset_not_ready"}
    assert {o.error.code for o in outcomes[4:6] if o.error} == {"resource_not_exist"}
    assert outcomes[1].error is not None and outcomes[1].error.code == "item_canceled"
    assert all(state.batch_view(b).status == "expired" for b in state.batches.values())
    assert [o.task_id is None for o in outcomes] == [False, False, True, True, True, True, False, False]


# --- the blocking client ------------------------------------------------------------------------------------


def test_the_blocking_client_waits_and_runs_batches() -> None:
    with EmulatorThread(api_key=API_KEY, speed=20, batch_concurrency=100) as emu, \
            TwelveLabs(api_key=API_KEY, base_url=emu.base_url) as client:
        state = emu.state
        created = client.analyze_async.tasks.create(video=DOG_URL, prompt="Summarize", custom_id="sync-1")
        seen: list[str | None] = []
        done = client.analyze_async.tasks.wait_for_done(created.task_id, callback=lambda t: seen.append(t.status),
                                                        **FAST)
        assert done.status == "ready" and seen[-1] == "ready" and done.custom_id == "sync-1"
        more = [client.analyze_async.tasks.create(video=CAT_URL, prompt=p).task_id
                for p in ("one", "two [emulator:fail]", "three")]
        state.reset_counters()
        waiter = client.analyze_async.tasks.wait_many(more, **FAST)
        assert [t.status for t in waiter.wait()] == ["ready", "failed", "ready"]
        assert waiter.requests == state.requests("GET /analyze/tasks") + state.requests("GET /analyze/tasks/{task_id}")
        assert [t.task_id for t in client.analyze_async.tasks.list(status="failed")] == [more[1]]

        assets = state.seed_assets(10, prefix="talk")
        batch = client.analyze_async.batches.create(model_name="pegasus1.5", analysis_mode="general",
                                                    requests=assets[:3], defaults={"prompt": "Summarize"})
        outcome = client.analyze_async.batches.wait_for_done(batch.batch_id, **FAST)
        assert outcome.succeeded and outcome.ready == 3
        with client.analyze_async.batches.results(batch.batch_id) as stream:
            assert [line.status for line in stream] == ["ready"] * 3
        assert [b.batch_id for b in client.analyze_async.batches.list()] == [batch.batch_id]
        assert client.analyze_async.batches.retrieve(batch.batch_id).ready_items == 3
        client.analyze_async.batches.delete(batch.batch_id)

        # More than 1,000 requests: split at the API's limit.
        run = client.analyze_async.batches.run([assets[n % 10] for n in range(1001)], defaults={"prompt": "Title?"},
                                               **FAST)
        outcomes = run.wait()
        assert [o.index for o in outcomes] == list(range(1001)) and all(o.ok for o in outcomes)
        assert [len(state.batches[b].task_ids) for b in run.batch_ids] == [1000, 1]

        task = client.embed.v_2.tasks.create(input_type="audio", model_name="marengo3.0",
                                             audio="https://media.test/podcast.mp3?duration=60")
        embedded = client.embed.v_2.tasks.wait_for_done(task.id, **FAST)
        assert embedded.status == "ready" and len(embedded.data[0].embedding) == 512


# --- embeddings v2 -------------------------------------------------------------------------------------------


async def test_embed_v2_every_input_type_and_tasks() -> None:
    async with Emulator(api_key=API_KEY, speed=10) as emu, await client_for(emu) as client:
        state = emu.state
        image_asset = state.seed_assets(1, prefix="kite", kind="image")[0]
        v2 = client.embed.v_2
        image = "https://media.test/red_kite.png"
        inputs: dict[str, dict[str, Any]] = {
            "text": {"text": "a red kite over the beach"},
            "image": {"image": image},
            "text_image": {"text_image": {"input_text": "a red kite", "media_source": {"url": image}}},
            "audio": {"audio": "https://media.test/waves.mp3?duration=20"},
            "video": {"video": {"media_source": {"url": "https://media.test/kite.mp4?duration=30"},
                                "embedding_option": ["visual"], "embedding_scope": ["asset"]}},
            "multi_input": {"multi_input": {"input_text": "<@kite> over the sea", "media_sources": [
                {"name": "kite", "media_type": "image", "asset_id": image_asset}]}},
        }
        results: dict[str, EmbedV2Result] = {}
        for input_type, argument in inputs.items():
            results[input_type] = await v2.create(input_type=input_type, model_name="marengo3.0", **argument)
        for input_type, result in results.items():
            assert result.data, input_type
            assert all(len(segment.embedding) == 512 for segment in result.data), input_type  # Marengo 3.0
        assert results["video"].data[0].embedding_scope == "asset"
        assert results["video"].data[0].embedding_option == "visual"
        assert any(s.embedding_scope == "clip" for s in results["audio"].data)
        again = await v2.create(input_type="text", model_name="marengo3.0", text="a red kite over the beach")
        assert again.data[0].embedding == results["text"].data[0].embedding  # deterministic
        shorter = await v2.create(input_type="multi_input", model_name="marengo3.5", embedding_dimension=256,
                                  multi_input={"input_text": "a red kite"})
        assert len(shorter.data[0].embedding) == 256 and shorter.usage is not None

        video_task = await v2.tasks.create(input_type="video", model_name="marengo3.0",
                                           video="https://media.test/match.mp4?duration=600")
        audio_task = await v2.tasks.create(input_type="audio", model_name="marengo3.0",
                                           audio="https://media.test/fail_noise.mp3?duration=60")
        assert video_task.status == "processing"
        listed = [t async for t in v2.tasks.list(status="processing")]
        assert {t.id for t in listed} == {video_task.id, audio_task.id}
        assert (await v2.tasks.retrieve(video_task.id)).status == "processing"
        seen: list[str | None] = []
        done = await v2.tasks.wait_for_done(video_task.id, callback=lambda t: seen.append(t.status), **FAST)
        assert done.status == "ready" and seen[-1] == "ready" and done.data
        assert all(len(s.embedding) == 512 for s in done.data) and done.metadata is not None
        # The emulator fails media named "fail".
        assert (await v2.tasks.wait_for_done(audio_task.id, **FAST)).status == "failed"
        with pytest.raises(TaskFailedError) as failed:
            await v2.tasks.wait_for_done(audio_task.id, raise_on_failure=True, **FAST)
        assert failed.value.task.status == "failed" and failed.value.task.error.message
        ready = [t.id async for t in v2.tasks.list(status="ready")]
        assert ready == [video_task.id]
        assert state.embed_v2_status(state.embed_v2_tasks[audio_task.id])[0] == "failed"


# --- entity collections -----------------------------------------------------------------------------------------


async def test_entity_collections_all_14_operations_and_entity_search() -> None:
    async with Emulator(api_key=API_KEY, speed=10) as emu, await client_for(emu) as client:
        state = emu.state
        assets = state.seed_assets(4, prefix="match_highlights", duration=60)
        index_id = state.create_index("matches", [("marengo3.0", ["visual", "audio"])])
        video_of = dict(zip(assets, state.seed_indexed_assets(index_id, assets), strict=True))
        collections = client.entity_collections
        entities = collections.entities

        players = await collections.create(name="players", description="the squad")
        staff = await collections.create(name="staff")
        assert players.id in state.entity_collections
        assert {c.id async for c in collections.list()} == {players.id, staff.id}
        assert [c.id async for c in collections.list(name="staff")] == [staff.id]
        assert (await collections.retrieve(players.id)).description == "the squad"
        renamed = await collections.update(players.id, name="first team")
        assert renamed.name == "first team" and state.entity_collections[players.id].name == "first team"

        star = await entities.create(players.id, name="Ada Striker", asset_ids=[assets[1]], metadata={"number": 9})
        assert star.status == "processing" and star.reference == f"<@{star.id}>"
        bulk = await entities.create_bulk(players.id, entities=[
            {"name": "Bo Keeper", "asset_ids": [assets[2]]},
            {"name": "Nobody", "asset_ids": ["000000000000000000000000"]},
        ])
        assert (bulk.success_count, bulk.failed_count) == (1, 1)
        assert bulk.errors[0].entity_index == 1 and bulk.errors[0].entity_name == "Nobody"
        keeper_id = bulk.entities[0].id or ""
        assert {e.id async for e in entities.list(players.id)} == {star.id, keeper_id}
        assert [e.id async for e in entities.list(players.id, name="Bo Keeper")] == [keeper_id]
        assert [e.id async for e in entities.list_by_asset(assets[1])] == [star.id]

        async def ready_star() -> None:
            await eventually(lambda: state.entity_status(state.entities[star.id])[0] == "ready", "the entity")

        await ready_star()
        assert [e.id async for e in entities.list(players.id, status="ready")] != []
        assert (await entities.retrieve(players.id, star.id)).status == "ready"
        updated = await entities.update(players.id, star.id, description="captain", metadata={"number": 10})
        assert updated.description == "captain" and state.entities[star.id].metadata == {"number": 10}

        # <@entity_id> in a search finds the videos of the entity's assets (visual search sees entities).
        found = [clip.video_id async for clip in client.search.query(
            index_id=index_id, query_text=star.reference, search_options=["visual"])]
        assert found and set(found) == {video_of[assets[1]]}

        grown = await entities.create_assets(players.id, star.id, asset_ids=[assets[3]])
        assert grown.asset_ids == [assets[1], assets[3]] and grown.status == "processing"
        assert [e.id async for e in entities.list_by_asset(assets[3])] == [star.id]
        await ready_star()
        found = {clip.video_id async for clip in client.search.query(
            index_id=index_id, query_text=star.reference, search_options=["visual"])}
        assert found == {video_of[assets[1]], video_of[assets[3]]}
        shrunk = await entities.delete_assets(players.id, star.id, asset_ids=[assets[3]])
        assert shrunk.asset_ids == [assets[1]]

        await entities.delete(players.id, keeper_id)
        assert keeper_id not in state.entities
        with pytest.raises(NotFoundError):
            await entities.retrieve(players.id, keeper_id)
        await collections.delete(players.id)
        assert players.id not in state.entity_collections and star.id not in state.entities
        assert [c.id async for c in collections.list()] == [staff.id]


# --- webhooks ---------------------------------------------------------------------------------------------------


class Receiver:
    """A loopback aiohttp receiver that verifies each notification as a user's service would."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.events: list[WebhookEvent] = []
        self.refused: list[str] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            event = webhooks.construct_event(body, request.headers.get(webhooks.SIGNATURE_HEADER), self.secret)
        except webhooks.WebhookVerificationError as exc:
            self.refused.append(exc.reason)
            return web.json_response({"reason": exc.reason}, status=400)
        if event.id not in {e.id for e in self.events}:  # retries keep the id: processed once
            self.events.append(event)
        return web.Response(status=200)

    async def __aenter__(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/hook"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


async def test_signed_webhooks_reach_a_receiver_that_verifies_them() -> None:
    secret = "whsec_e2e_0123456789"
    async with Receiver(secret) as good, Receiver("whsec_someone_else") as wrong, Emulator(
        api_key=API_KEY, speed=20, webhook_urls=[good.url], webhook_secret=secret, webhook_retry_delay=0.01,
    ) as emu, await client_for(emu) as client:
        state = emu.state
        tasks = client.analyze_async.tasks
        ready = await tasks.create(video=DOG_URL, prompt="Summarize", custom_id="hook-ready")
        failed = await tasks.create(video=DOG_URL, prompt="Summarize [emulator:fail]", custom_id="hook-failed")
        canceled = await tasks.create(video=DOG_URL, prompt="Summarize [emulator:seconds=1000]")
        await tasks.cancel(canceled.task_id)
        asset = state.seed_assets(1, prefix="keynote")[0]
        batch = await client.analyze_async.batches.create(model_name="pegasus1.5", analysis_mode="general",
                                                          requests=[{"asset_id": asset, "custom_id": "item-0"}],
                                                          defaults={"prompt": "Summarize"})
        await eventually(lambda: len(good.events) == 4, "four notifications")

        by_type = {(e.type, getattr(e.data, "id", None)) for e in good.events}
        assert by_type >= {("analyze.task.ready", ready.task_id), ("analyze.task.failed", failed.task_id),
                           ("analyze.task.canceled", canceled.task_id)}
        # A batch's tasks send no notification of their own (1.3.6); the batch does.
        task_events = [e for e in good.events if isinstance(e, AnalyzeTaskEvent)]
        assert len(task_events) == 3 and all(e.data is not None for e in task_events)
        assert batch.items[0].task_id not in {e.data.id for e in task_events if e.data is not None}
        custom = {e.data.id: e.data.custom_id for e in task_events if e.data is not None}
        assert custom[ready.task_id] == "hook-ready" and custom[failed.task_id] == "hook-failed"
        failure = next(e for e in task_events if e.type == "analyze.task.failed")
        assert failure.data is not None and failure.data.error is not None and failure.data.error.message
        # The batch's own notification has no documented type: it decodes, untyped, and is still verified.
        batch_event = next(e for e in good.events if isinstance(e, UnknownWebhookEvent))
        assert batch_event.type == "analyze.batch.completed" and (batch_event.data or {})["batch_id"] == batch.batch_id
        assert good.refused == []
        # The task reports where its notification went.
        notified: AnalyzeTask = await tasks.retrieve(ready.task_id)
        assert [(w.url, w.delivered, w.attempts) for w in notified.webhooks] == [(good.url, True, 1)]

        # A notification whose body was changed on the way is refused; the original verifies.
        sent = next(a for a in state.webhooks.deliveries if a.event_type == "analyze.task.ready" and a.ok)
        tampered = sent.body.replace(b'"ready"', b'"failed"')
        assert tampered != sent.body
        with pytest.raises(webhooks.WebhookVerificationError) as info:
            webhooks.verify(tampered, sent.signature, secret)
        assert info.value.reason == "signature_mismatch"
        assert webhooks.verify(sent.body, sent.signature, secret) == sent.timestamp
        async with aiohttp.ClientSession() as http, http.post(
            good.url, data=tampered, headers={webhooks.SIGNATURE_HEADER: sent.signature}
        ) as answer:
            assert answer.status == 400
        assert good.refused == ["signature_mismatch"] and len(good.events) == 4

        # A receiver holding another secret refuses every attempt; the emulator retries, then reports it.
        state.webhooks.register(wrong.url)
        late = await tasks.create(video=CAT_URL, prompt="Summarize", custom_id="hook-late")
        await eventually(lambda: len(wrong.refused) == emu.config.webhook_max_attempts, "three refused attempts")
        await eventually(lambda: any(e.data is not None and e.data.id == late.task_id
                                     for e in good.events if isinstance(e, AnalyzeTaskEvent)), "the late event")


        def attempts_at_wrong() -> int:
            event = state.analyze_tasks[late.task_id].event
            return max((t.attempts for t in event.targets if t.url == wrong.url), default=0) if event else 0

        await eventually(lambda: attempts_at_wrong() == 3, "the last attempt to be recorded")
        task = await tasks.retrieve(late.task_id)
        final = {w.url: (w.delivered, w.attempts, w.last_error) for w in task.webhooks}
        assert final[wrong.url] == (False, 3, "the endpoint answered 400")
        assert final[good.url] == (True, 1, None)
        assert set(wrong.refused) == {"signature_mismatch"}

