"""Analyze batches: waiting for one (counts reported as they move, ``completed`` never taken for success) and
``batches.run`` over thousands of requests: split into batches of at most 1,000, never more active than allowed,
every request answered exactly once, failures reported.

``batches.run`` runs against the emulator (its batches, 5-slot limit, JSON-lines results and faults are the real
thing's) wherever it can; the scripted server of ``analysis_fake`` stays for what the emulator never does: results
that leave an item out or add strangers, a malformed or endless stream, a 409 naming the active-batch limit, a
504 on create, a 429 on the lookup after a lost answer only. The single-batch waits script exact answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from analysis_fake import FakeAnalysisApi, FakeBatch, error
from core_testkit import API_KEY, DROP, Recorded, RecordingServer, Reply

from twelvelabs_async import (
    AsyncTwelveLabs,
    AuthenticationError,
    BatchItemOutcome,
    BatchOutcome,
    BatchRunProgress,
    TwelveLabs,
)
from twelvelabs_async.emulator import Emulator, EmulatorThread
from twelvelabs_async.emulator.faults import FaultDecision, FaultPlan
from twelvelabs_async.errors import ArgumentError, StreamDecodeError, WaitTimeoutError

FAST: dict[str, Any] = {"sleep_interval": 0.001, "max_interval": 0.004}
T0 = "2026-05-01T10:00:00Z"
DEFAULTS = {"prompt": "Summarize the video in two sentences"}


def batch(status: str, ready: int = 0, failed: int = 0, canceled: int = 0, total: int = 3) -> Reply:
    queued = max(0, total - ready - failed - canceled - 1) if status in ("pending", "processing") else 0
    processing = total - ready - failed - canceled - queued if status in ("pending", "processing") else 0
    return Reply(json={
        "batch_id": "b1", "analysis_mode": "general", "model_name": "pegasus1.5", "status": status,
        "total_items": total, "created_at": T0, "expires_at": "2026-05-02T10:00:00Z",
        "queued_items": queued, "processing_items": processing, "ready_items": ready, "failed_items": failed,
        "canceled_items": canceled,
    })


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


# --- waiting for one batch --------------------------------------------------------------------------------------


async def test_wait_for_done_reports_counts_as_they_move_and_counts_the_failures(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(
        batch("pending"),
        batch("processing", ready=1),
        batch("processing", ready=1),  # nothing moved: not reported again
        Reply(503, json={"error": {"code": "unavailable", "message": "later"}}),  # transient: a round, not the wait
        batch("processing", ready=2),
        batch("completed", ready=2, failed=1),
    )
    seen: list[tuple[str | None, int | None, int | None]] = []
    outcome = await client.analyze_async.batches.wait_for_done(
        "b1", callback=lambda b: seen.append((b.status, b.ready_items, b.failed_items)), **FAST
    )
    assert isinstance(outcome, BatchOutcome)
    assert seen == [("pending", 0, 0), ("processing", 1, 0), ("processing", 2, 0), ("completed", 2, 1)]
    assert outcome.status == "completed" and not outcome.succeeded  # completed is not success
    assert (outcome.ready, outcome.failed, outcome.canceled, outcome.unfinished) == (2, 1, 0, 0)
    assert "1 failed" in str(outcome)
    assert len(server.requests) == 6


async def test_a_batch_whose_items_all_succeeded(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(batch("processing", ready=1), batch("completed", ready=3))
    outcome = await client.analyze_async.batches.wait_for_done("b1", **FAST)
    assert outcome.succeeded and outcome.ready == outcome.total == 3


@pytest.mark.parametrize(("status", "canceled"), [("canceled", 2), ("expired", 1)])
async def test_canceled_and_expired_batches_end_the_wait_without_raising(
    status: str, canceled: int, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(batch("canceling", ready=1), batch(status, ready=1, canceled=canceled))
    outcome = await client.analyze_async.batches.wait_for_done("b1", **FAST)
    assert outcome.status == status and not outcome.succeeded
    assert outcome.canceled == canceled and outcome.unfinished == 2 - canceled


async def test_the_batch_deadline(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(*[batch("processing", ready=1)] * 300)
    with pytest.raises(WaitTimeoutError) as info:
        await client.analyze_async.batches.wait_for_done("b1", timeout=0.05, sleep_interval=0.005, max_interval=0.01)
    assert info.value.task.batch_id == "b1" and info.value.task.ready_items == 1


def test_wait_for_done_blocking(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(batch("processing"), batch("completed", ready=2, failed=1))
    outcome = sync_client.analyze_async.batches.wait_for_done("b1", **FAST)
    assert outcome.failed == 1 and not outcome.succeeded


# --- batches.run ------------------------------------------------------------------------------------------------

EMU_KEY = "tlk_batches_on_the_emulator"


def emulated(**options: Any) -> Emulator:
    return Emulator(api_key=EMU_KEY, **{"speed": 20, "batch_concurrency": 100, **options})


def client_of(emu: Emulator | EmulatorThread, **options: Any) -> AsyncTwelveLabs:
    return AsyncTwelveLabs(EMU_KEY, base_url=emu.base_url, **options)


class DropNextCreate(FaultPlan):
    """Loses the answer of the next batch create (the batch is made; its 201 never arrives)."""

    armed = True

    def decide(self, route: str, n: int, seed: int, header: str | None = None) -> FaultDecision:
        decision = super().decide(route, n, seed, header)
        if route == "POST /analyze/batches" and self.armed:
            self.armed = False
            decision.drop_after = True
        return decision


async def test_run_splits_2500_requests_into_3_batches_and_answers_each_once() -> None:
    async with emulated() as emu, client_of(emu) as client:
        state = emu.state
        assets = state.seed_assets(50, prefix="lecture")
        failing = {7, 1500, 2499}
        requests: list[Any] = [{"asset_id": assets[n % 50], **({"prompt": "x [emulator:fail]"} if n in failing
                                                               else {})} for n in range(2500)]
        requests[3] = {"asset_id": assets[3], "custom_id": "mine-3", "prompt": "Who is speaking?"}
        progress: list[BatchRunProgress] = []
        run = client.analyze_async.batches.run(requests, defaults=DEFAULTS, max_active_batches=2,
                                               on_progress=progress.append, **FAST)
        seen: list[BatchItemOutcome] = []
        async for outcome in run:
            seen.append(outcome)

    # Split: 1,000 + 1,000 + 500, each a batch of its own; never more than 2 of ours active at once.
    assert [len(state.batches[b].task_ids) for b in run.batch_ids] == [1000, 1000, 500]
    assert set(run.batch_ids) == set(state.batches)
    spans = sorted((b.created_at, state.batch_view(b).since) for b in state.batches.values())
    assert spans[2][0] >= min(spans[0][1], spans[1][1])  # the third waited for a slot of the two
    # Every request answered exactly once; failures reported with the API's reason, not dropped.
    assert sorted(o.index for o in seen) == list(range(2500))
    by_index = {o.index: o for o in seen}
    assert {n for n, o in by_index.items() if o.status == "failed"} == failing
    assert by_index[7].error is not None and by_index[7].error.code == "analysis_failed"
    assert all(o.ok and "lecture_" in (o.data or "") for o in seen if o.index not in failing)
    assert by_index[3].custom_id == "mine-3" and by_index[3].ok and "Who is speaking" in (by_index[3].data or "")
    assert by_index[3].request["prompt"] == {"input_text": "Who is speaking?"}
    assert len({o.custom_id for o in seen}) == 2500 and len({o.task_id for o in seen}) == 2500
    assert {o.batch_id for o in seen} == set(run.batch_ids)
    for outcome in seen:  # each outcome is the emulator's verdict on that very item
        task = state.analyze_tasks[outcome.task_id or ""]
        assert (task.custom_id, task.batch_id) == (outcome.custom_id, outcome.batch_id)
    # Results came as items finished, not all at the end: some were handed over before the last batch existed.
    assert any(p.delivered > 0 and p.submitted < 2500 for p in progress)
    # Progress: monotonic, and it ends with everything handed over.
    delivered = [p.delivered for p in progress]
    assert delivered == sorted(delivered) and progress[-1].delivered == 2500 and progress[-1].submitted == 2500
    assert progress[-1].failed == 3 and progress[-1].ready == 2497 and progress[-1].active_batch_ids == ()
    # Never more than 2 at once (on a loaded machine the first may end before the second starts: not fewer).
    assert 1 <= max(len(p.active_batch_ids) for p in progress) <= 2
    assert run.requests == sum(state.route_counts.values())


async def test_awaiting_a_run_gives_every_outcome_in_the_order_of_the_requests() -> None:
    async with emulated(batch_concurrency=1) as emu, client_of(emu) as client:
        a, b, c, d, e = emu.state.seed_assets(5, prefix="clip")
        requests = [a, {"asset_id": b, "prompt": "x [emulator:fail]"}, c, d, e]
        outcomes = await client.analyze_async.batches.run(requests, defaults=DEFAULTS, max_batch_size=2, **FAST)
    assert [o.index for o in outcomes] == [0, 1, 2, 3, 4]
    assert [o.status for o in outcomes] == ["ready", "failed", "ready", "ready", "ready"]
    assert len(emu.state.batches) == 3


async def test_run_waits_for_slots_held_by_other_batches_of_the_account() -> None:
    async with emulated() as emu, client_of(emu, max_retries=0) as client:
        state = emu.state
        assets = state.seed_assets(30, prefix="talk")
        others = [(await client.analyze_async.batches.create(
            model_name="pegasus1.5", analysis_mode="general", requests=assets[:2],
            defaults={"prompt": "x [emulator:seconds=100000]"})).batch_id for _ in range(4)]
        run = client.analyze_async.batches.run(assets, defaults=DEFAULTS, max_batch_size=10, **FAST)

        async def free_the_slots_once_refused() -> None:  # another process's batches end after a while
            deadline = asyncio.get_running_loop().time() + 10
            while state.outcomes["POST /analyze/batches"]["429"] < 2:
                assert asyncio.get_running_loop().time() < deadline, "the run never met the limit"
                await asyncio.sleep(0.01)
            for batch_id in others:
                state.complete_batch_now(batch_id)

        freeing = asyncio.ensure_future(free_the_slots_once_refused())
        try:
            outcomes = await run
        finally:
            freeing.cancel()
    assert all(o.ok for o in outcomes) and len(outcomes) == 30
    assert len(run.batch_ids) == 3 and state.outcomes["POST /analyze/batches"]["429"] >= 2  # met the limit, waited
    spans = [(b.created_at, state.batch_view(b).since) for b in state.batches.values()]
    assert max(sum(1 for s, e in spans if s <= t < e) for t, _ in spans) <= 5  # never past the account's limit


async def test_a_lost_create_answer_is_found_instead_of_sent_twice() -> None:
    async with emulated(faults=DropNextCreate()) as emu, client_of(emu) as client:
        assets = emu.state.seed_assets(120, prefix="match")
        outcomes = await client.analyze_async.batches.run(assets, defaults=DEFAULTS, max_batch_size=60, **FAST)
        state = emu.state
    assert state.outcomes["POST /analyze/batches"] == {"drop_after": 1, "201": 1}  # sent once each
    assert len(state.batches) == 2  # 2 chunks, 2 batches: the lost one was found, not made again
    assert sorted(o.index for o in outcomes) == list(range(120)) and all(o.ok for o in outcomes)
    first = next(iter(state.batches))
    assert {o.batch_id for o in outcomes[:60]} == {first}
    assert all(o.task_id for o in outcomes)


async def test_a_refused_batch_is_reported_not_submitted_and_the_rest_goes_on() -> None:
    async with emulated() as emu, client_of(emu) as client:
        a, b, c, d, e = emu.state.seed_assets(5, prefix="keep")
        requests = [a, b, "0" * 24, c, d, e]  # the third names no asset: its batch is refused with 404
        outcomes = await client.analyze_async.batches.run(requests, defaults=DEFAULTS, max_batch_size=3, **FAST)
    assert [o.status for o in outcomes] == ["not_submitted"] * 3 + ["ready"] * 3
    assert all(o.error is not None and o.error.code == "resource_not_exist" for o in outcomes[:3])
    assert outcomes[0].task_id is None and outcomes[0].request["video"]["asset_id"] == a
    assert len(emu.state.batches) == 1


async def test_transient_failures_while_polling_cost_rounds_not_the_run() -> None:
    faults = ("GET /analyze/batches:503=0.3,drop_before=0.15; "
              "GET /analyze/batches/{batch_id}/results:503=0.3,drop_after=0.15")
    async with emulated(faults=faults) as emu, client_of(emu, max_retries=0) as client:
        assets = emu.state.seed_assets(40, prefix="flaky")
        outcomes = await client.analyze_async.batches.run(assets, defaults=DEFAULTS, **FAST)
    assert all(o.ok for o in outcomes) and len(outcomes) == 40
    hurt = emu.state.outcomes
    assert sum(hurt["GET /analyze/batches"][k] + hurt["GET /analyze/batches/{batch_id}/results"][k]
               for k in ("503", "drop_before", "drop_after")) >= 1


async def test_the_run_deadline() -> None:
    async with emulated(batch_concurrency=2) as emu, client_of(emu) as client:
        slow, quick = emu.state.seed_assets(2, prefix="deadline")
        run = client.analyze_async.batches.run(
            [{"asset_id": slow, "prompt": "x [emulator:seconds=100000]"}, quick], defaults=DEFAULTS, timeout=0.5,
            **FAST)
        got: list[BatchItemOutcome] = []
        with pytest.raises(WaitTimeoutError) as info:
            async for outcome in run:
                got.append(outcome)
    assert [o.index for o in got] == [1]  # what finished was handed over before the deadline
    assert "1 of 2" in str(info.value) and info.value.pending[0].batch_id == run.batch_ids[0]
    assert emu.state.batch_view(emu.state.batches[run.batch_ids[0]]).status == "processing"  # left running


def test_run_blocking() -> None:
    with EmulatorThread(api_key=EMU_KEY, speed=20, batch_concurrency=100) as emu, \
            TwelveLabs(EMU_KEY, base_url=emu.base_url) as sync_client:
        assets = emu.state.seed_assets(45, prefix="sync")
        requests: list[Any] = list(assets)
        requests[3] = {"asset_id": assets[3], "prompt": "x [emulator:fail]"}
        run = sync_client.analyze_async.batches.run(requests, defaults=DEFAULTS, max_batch_size=20, **FAST)
        outcomes = list(run)
        assert sorted(o.index for o in outcomes) == list(range(45))
        assert [o.index for o in outcomes if not o.ok] == [3]
        assert len(run.batch_ids) == 3 and run.delivered == 45
        again = sync_client.analyze_async.batches.run(assets[:2], defaults=DEFAULTS, **FAST).wait()
        assert [o.index for o in again] == [0, 1]


async def test_expired_batches_and_missing_lines_are_reported_never_dropped(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    fake = FakeAnalysisApi(items_per_round=50)

    def expire_soon(created: FakeBatch) -> Reply | None:
        created.expire_after = fake.rounds + 3
        return None

    def drop_one_line(req: Recorded) -> Reply | None:
        if req.raw_path.endswith("/results"):
            batch = fake.batches[req.raw_path.split("/")[-2]]
            body = fake.results_body(batch).decode().splitlines()
            kept = [line for line in body if '"asset-0001"' not in line and "summary of asset-0001" not in line]
            return Reply(body=("\n".join(kept) + "\n").encode(), content_type="application/jsonl")
        return None

    fake.after_create = expire_soon
    fake.before = drop_one_line
    fake.install(server)
    requests = ["asset-0000", "asset-0001", "asset-slow-2"]
    outcomes = await client.analyze_async.batches.run(requests, defaults=DEFAULTS, **FAST)
    assert [o.status for o in outcomes] == ["ready", "canceled", "canceled"]
    assert outcomes[2].error is not None and outcomes[2].error.code == "item_canceled"  # the API's own line
    assert outcomes[1].error is not None and outcomes[1].error.code == "batch_expired"  # never in the results


async def test_lines_that_are_not_ours_are_ignored(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    fake = FakeAnalysisApi(items_per_round=50)

    def add_strangers(req: Recorded) -> Reply | None:
        if req.raw_path.endswith("/results"):
            batch = fake.batches[req.raw_path.split("/")[-2]]
            stranger = b'{"task_id": "zz", "custom_id": "someone-else", "status": "ready"}\n'
            return Reply(body=stranger + fake.results_body(batch) + stranger, content_type="application/jsonl")
        return None

    fake.before = add_strangers
    fake.install(server)
    outcomes = await client.analyze_async.batches.run(["a", "b"], defaults=DEFAULTS, **FAST)
    assert len(outcomes) == 2 and all(o.ok for o in outcomes)
    assert "someone-else" not in {o.custom_id for o in outcomes} and "zz" not in {o.task_id for o in outcomes}
    assert [o.data for o in outcomes] == ["summary of a", "summary of b"]


async def test_a_malformed_results_stream_is_raised(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    fake = FakeAnalysisApi(items_per_round=50)
    fake.before = lambda req: (Reply(body=b"{not json}\n", content_type="application/jsonl")
                               if req.raw_path.endswith("/results") else None)
    fake.install(server)
    with pytest.raises(StreamDecodeError):
        await client.analyze_async.batches.run(["a"], defaults=DEFAULTS, **FAST)


async def test_authentication_errors_stop_the_run(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(401, json={"error": {"code": "api_key_invalid", "message": "bad key"}}))
    with pytest.raises(AuthenticationError):
        await client.analyze_async.batches.run(["a"], defaults=DEFAULTS, **FAST)
    assert len(server.requests) == 1


RunCall = Any
BAD_RUNS: list[tuple[str, dict[str, Any], str]] = [
    ("no prompt anywhere", {"requests": ["a"]}, "requests[0]"),
    ("a URL", {"requests": ["https://v.example/a.mp4"], "defaults": DEFAULTS}, "requests[0]"),
    ("a bad custom id", {"requests": [{"asset_id": "a", "custom_id": "a b"}], "defaults": DEFAULTS},
     "requests[0].custom_id"),
    ("custom ids twice across batches", {"requests": [{"asset_id": "a", "custom_id": "x"}, {"asset_id": "b",
                                                                                             "custom_id": "x"}],
                                         "defaults": DEFAULTS, "max_batch_size": 1}, "requests[1]"),
    ("a prompt for segmentation", {"requests": ["a"], "defaults": DEFAULTS, "analysis_mode": "time_based_metadata"},
     "requests[0]"),
    ("too many active", {"requests": ["a"], "defaults": DEFAULTS, "max_active_batches": 6}, "max_active_batches"),
    ("batches over 1,000", {"requests": ["a"], "defaults": DEFAULTS, "max_batch_size": 1001}, "max_batch_size"),
    ("a str of requests", {"requests": "abc", "defaults": DEFAULTS}, "requests"),
    ("a negative timeout", {"requests": ["a"], "defaults": DEFAULTS, "timeout": -1}, "timeout"),
]


@pytest.mark.parametrize(("kwargs", "param"), [pytest.param(c[1], c[2], id=c[0]) for c in BAD_RUNS])
def test_a_run_refuses_bad_input_before_any_request(
    kwargs: dict[str, Any], param: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError) as info:
        client.analyze_async.batches.run(**kwargs)
    assert info.value.param == param
    assert server.requests == []


async def test_an_empty_run_sends_nothing(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    assert await client.analyze_async.batches.run([], defaults=DEFAULTS) == []
    assert server.requests == []


async def test_a_run_is_usable_once(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    run = client.analyze_async.batches.run([], defaults=DEFAULTS)
    await run
    with pytest.raises(RuntimeError):
        await run


async def test_a_409_naming_the_active_limit_waits_and_one_for_an_unready_asset_is_reported(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    fake = FakeAnalysisApi(items_per_round=50)
    attempts: list[str] = []

    def conflicts(req: Recorded) -> Reply | None:
        if req.method != "POST":
            return None
        first_asset = req.json["requests"][0]["video"]["asset_id"]
        attempts.append(first_asset)
        if first_asset == "a" and attempts.count("a") <= 2:
            return error(409, "too_many_active_batches", "You already have 5 active batches")
        if first_asset == "pending-asset":
            return error(409, "asset_not_ready", "Asset pending-asset is not ready yet")
        return None

    fake.before = conflicts
    fake.install(server)
    outcomes = await client.analyze_async.batches.run(["a", "b", "pending-asset"], defaults=DEFAULTS,
                                                      max_batch_size=2, **FAST)
    assert [o.status for o in outcomes] == ["ready", "ready", "not_submitted"]
    assert attempts.count("a") == 3  # the limit was waited out, not reported
    assert outcomes[2].error is not None and outcomes[2].error.code == "asset_not_ready"
    assert attempts.count("pending-asset") == 1  # the request's own fault: not sent again


async def test_503_and_504_on_create_are_tried_again(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    fake = FakeAnalysisApi(items_per_round=50)
    answers = iter([error(503, "unavailable", "The batch was not created. Retry."),
                    error(504, "timeout", "The batch was not created.")])

    def not_created(req: Recorded) -> Reply | None:
        return next(answers, None) if req.method == "POST" else None

    fake.before = not_created
    fake.install(server)
    outcomes = await client.analyze_async.batches.run(["a", "b"], defaults=DEFAULTS, **FAST)
    assert all(o.ok for o in outcomes) and len(fake.created) == 1
    assert len([r for r in server.requests if r.method == "POST"]) == 3


async def test_a_rate_limited_lookup_after_a_lost_answer_looks_again(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    fake = FakeAnalysisApi(items_per_round=50)
    lost: list[str] = []
    lookups: list[int] = []
    fake.after_create = lambda created: (lost.append(created.batch_id), DROP)[1] if not lost else None

    def limit_the_first_lookup(req: Recorded) -> Reply | None:
        statuses = [v for k, v in req.query if k == "status"]
        if req.method == "GET" and statuses == ["pending", "processing"]:  # the lookup, not a polling round
            lookups.append(1)
            if len(lookups) <= 3:  # past the transport's own retries: the run must look again later
                return error(429, "rate_limited", "Too many requests")
        return None

    fake.before = limit_the_first_lookup
    fake.install(server)
    outcomes = await client.analyze_async.batches.run(["a", "b"], defaults=DEFAULTS, **FAST)
    assert all(o.ok for o in outcomes) and fake.created == lost  # found on the second look, never sent twice
    assert len(lookups) >= 4


async def test_an_endless_results_stream_is_not_read_to_its_end(
    server: RecordingServer, client: AsyncTwelveLabs, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeAnalysisApi(items_per_round=50)
    noise = b'{"task_id": "zz", "custom_id": "noise", "status": "ready"}\n' * 5000

    def flood(req: Recorded) -> Reply | None:
        if req.raw_path.endswith("/results"):
            batch = fake.batches[req.raw_path.split("/")[-2]]
            return Reply(body=fake.results_body(batch) + noise, content_type="application/jsonl")
        return None

    fake.before = flood
    fake.install(server)
    with caplog.at_level(logging.WARNING, logger="twelvelabs_async"):
        outcomes = await client.analyze_async.batches.run(["a", "b"], defaults=DEFAULTS, **FAST)
    assert all(o.ok for o in outcomes)  # ours come first and are kept; the flood is cut, not held in memory
    assert any("results cut after 2000 lines" in r.getMessage() for r in caplog.records)
