"""Analyze batches: waiting for one (counts reported as they move, ``completed`` never taken for success) and
``batches.run`` over thousands of requests against a scripted server (``analysis_fake``): split into batches of at
most 1,000, never more active than allowed, every request answered exactly once, failures reported.
"""

from __future__ import annotations

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


def asset_ids(count: int, failing: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    return [f"asset-{n:04d}-fail" if n in failing else f"asset-{n:04d}" for n in range(count)]


async def test_run_splits_2500_requests_into_3_batches_and_answers_each_once(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    fake = FakeAnalysisApi(items_per_round=300)
    fake.install(server)
    failing = {7, 1500, 2499}
    requests: list[Any] = asset_ids(2500, failing)
    requests[3] = {"asset_id": "asset-0003", "custom_id": "mine-3", "prompt": "Who is speaking?"}
    progress: list[BatchRunProgress] = []
    run = client.analyze_async.batches.run(requests, defaults=DEFAULTS, max_active_batches=2,
                                           on_progress=progress.append, **FAST)
    seen: list[BatchItemOutcome] = []
    async for outcome in run:
        seen.append(outcome)

    # Split: 1,000 + 1,000 + 500, each a batch of its own; never more than 2 of ours active at once.
    creates = [r for r in server.requests if r.method == "POST"]
    assert [len(r.json["requests"]) for r in creates] == [1000, 1000, 500]
    assert all(r.json["defaults"] == {"prompt": {"input_text": DEFAULTS["prompt"]}} for r in creates)
    assert len(fake.created) == 3 and run.batch_ids == fake.created
    assert fake.max_active_seen <= 2
    # Every request answered exactly once; failures reported with the API's reason, not dropped.
    assert sorted(o.index for o in seen) == list(range(2500))
    by_index = {o.index: o for o in seen}
    assert {n for n, o in by_index.items() if o.status == "failed"} == failing
    assert by_index[7].error is not None and by_index[7].error.code == "video_unreadable"
    assert all(o.ok and o.data == f"summary of {requests[o.index]}" for o in seen if o.index not in failing | {3})
    assert by_index[3].custom_id == "mine-3" and by_index[3].ok
    assert by_index[3].request["prompt"] == {"input_text": "Who is speaking?"}
    assert len({o.custom_id for o in seen}) == 2500 and len({o.task_id for o in seen}) == 2500
    assert {o.batch_id for o in seen} == set(fake.created)
    # Results came as items finished, not all at the end: some were handed over before the last batch existed.
    assert any(p.delivered > 0 and p.submitted < 2500 for p in progress)
    assert [o.batch_id for o in seen[:1000]].count(fake.created[2]) == 0
    # Progress: monotonic, and it ends with everything handed over.
    delivered = [p.delivered for p in progress]
    assert delivered == sorted(delivered) and progress[-1].delivered == 2500 and progress[-1].submitted == 2500
    assert progress[-1].failed == 3 and progress[-1].ready == 2497 and progress[-1].active_batch_ids == ()
    assert max(len(p.active_batch_ids) for p in progress) == 2
    assert run.requests == len(server.requests)


async def test_awaiting_a_run_gives_every_outcome_in_the_order_of_the_requests(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    fake = FakeAnalysisApi(items_per_round=2)
    fake.install(server)
    requests = ["a", "b-fail", "c", "d", "e"]
    outcomes = await client.analyze_async.batches.run(requests, defaults=DEFAULTS, max_batch_size=2, **FAST)
    assert [o.index for o in outcomes] == [0, 1, 2, 3, 4]
    assert [o.status for o in outcomes] == ["ready", "failed", "ready", "ready", "ready"]
    assert len(fake.created) == 3


async def test_run_waits_for_slots_held_by_other_batches_of_the_account(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    fake = FakeAnalysisApi(items_per_round=5)
    fake.add_foreign(4, size=10)  # another process holds 4 of the account's 5 slots for a few rounds
    fake.install(server)
    run = client.analyze_async.batches.run(asset_ids(30), defaults=DEFAULTS, max_batch_size=10, **FAST)
    outcomes = await run
    assert all(o.ok for o in outcomes) and len(outcomes) == 30
    refused = [r for r in server.requests if r.method == "POST"]
    assert len(fake.created) == 3 and len(refused) > 3  # some creates met the account's limit and waited
    assert fake.max_active_seen <= 5  # never past the account's limit


async def test_a_lost_create_answer_is_found_instead_of_sent_twice(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    fake = FakeAnalysisApi(items_per_round=50)
    lost: list[str] = []

    def lose_the_first(created: FakeBatch) -> Reply | None:
        if not lost:
            lost.append(created.batch_id)
            return DROP  # the batch exists; its 201 never arrives
        return None

    fake.after_create = lose_the_first
    fake.install(server)
    outcomes = await client.analyze_async.batches.run(asset_ids(120), defaults=DEFAULTS, max_batch_size=60, **FAST)
    assert len(fake.created) == 2  # 2 chunks, 2 batches: the lost one was found, not made again
    assert lost[0] in fake.created
    assert sorted(o.index for o in outcomes) == list(range(120)) and all(o.ok for o in outcomes)
    assert {o.batch_id for o in outcomes[:60]} == {lost[0]}
    assert all(o.task_id for o in outcomes)


async def test_a_refused_batch_is_reported_not_submitted_and_the_rest_goes_on(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    fake = FakeAnalysisApi(items_per_round=50)

    def refuse_missing_assets(req: Recorded) -> Reply | None:
        if req.method == "POST" and any(r["video"]["asset_id"] == "gone" for r in req.json["requests"]):
            return error(404, "resource_not_exist", "Asset gone does not exist")
        return None

    fake.before = refuse_missing_assets
    fake.install(server)
    requests = ["a", "b", "gone", "c", "d", "e"]
    outcomes = await client.analyze_async.batches.run(requests, defaults=DEFAULTS, max_batch_size=3, **FAST)
    assert [o.status for o in outcomes] == ["not_submitted"] * 3 + ["ready"] * 3
    assert all(o.error is not None and o.error.code == "resource_not_exist" for o in outcomes[:3])
    assert outcomes[0].task_id is None and outcomes[0].request["video"]["asset_id"] == "a"


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


async def test_transient_failures_while_polling_cost_rounds_not_the_run(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    fake = FakeAnalysisApi(items_per_round=50)
    calls = {"n": 0}

    def flaky(req: Recorded) -> Reply | None:
        if req.method == "GET":
            calls["n"] += 1
            if calls["n"] % 3 == 0:
                return Reply(503, json={"error": {"code": "unavailable", "message": "later"}})
            if calls["n"] % 7 == 0:
                return DROP
        return None

    fake.before = flaky
    fake.install(server)
    outcomes = await client.analyze_async.batches.run(asset_ids(40), defaults=DEFAULTS, **FAST)
    assert all(o.ok for o in outcomes) and len(outcomes) == 40
    assert any(r.method == "GET" for r in server.requests)


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


async def test_the_run_deadline(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    fake = FakeAnalysisApi(items_per_round=1)
    fake.install(server)
    run = client.analyze_async.batches.run(["asset-slow-0", "b"], defaults=DEFAULTS, timeout=0.1, **FAST)
    got: list[BatchItemOutcome] = []
    with pytest.raises(WaitTimeoutError) as info:
        async for outcome in run:
            got.append(outcome)
    assert [o.index for o in got] == [1]  # what finished was handed over before the deadline
    assert "1 of 2" in str(info.value) and info.value.pending[0].batch_id == fake.created[0]


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


def test_run_blocking(server: RecordingServer, sync_client: TwelveLabs) -> None:
    fake = FakeAnalysisApi(items_per_round=20)
    fake.install(server)
    run = sync_client.analyze_async.batches.run(asset_ids(45, {3}), defaults=DEFAULTS, max_batch_size=20, **FAST)
    outcomes = list(run)
    assert sorted(o.index for o in outcomes) == list(range(45))
    assert [o.index for o in outcomes if not o.ok] == [3]
    assert len(run.batch_ids) == 3 and run.delivered == 45
    again = sync_client.analyze_async.batches.run(["x", "y"], defaults=DEFAULTS, **FAST).wait()
    assert [o.index for o in again] == [0, 1]


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
