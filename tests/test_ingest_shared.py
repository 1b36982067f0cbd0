"""Many workers, one ingest job, through a real PostgreSQL: against the emulator with faults, with a worker killed
with SIGKILL mid-run and another added late, every input ends with exactly one ready indexed asset."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import textwrap
from collections import Counter
from pathlib import Path

import anyio
import pytest

if os.environ.get("CI") != "true":  # under CI a missing driver fails (pg_server), never skips
    pytest.importorskip("asyncpg")
import asyncpg
from test_ingest import CHUNK, KEY, MARENGO, THRESHOLD, assert_exactly_once, make_inputs

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async.emulator import Emulator

FAST = {"sleep_interval": 0.05, "max_interval": 0.3}


async def test_two_workers_in_one_process_share_a_job_and_each_call_gets_its_own_outcomes(
    tmp_path: Path, pg_dsn: str
) -> None:
    inputs = make_inputs(tmp_path, small=24, large=4, urls=6)
    async with Emulator(api_key=KEY, speed=40.0, multipart_chunk_size=CHUNK) as emu:
        index_id = emu.state.create_index("shared", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            # Two calls on overlapping halves of the inputs, as two workers given the same job.
            first, second = await asyncio.gather(
                client.ingest_many(inputs[:24], index_id=index_id, journal=pg_dsn, job="j", worker="w1",
                                   multipart_threshold=THRESHOLD, concurrency=2, **FAST),
                client.ingest_many(inputs[10:], index_id=index_id, journal=pg_dsn, job="j", worker="w2",
                                   multipart_threshold=THRESHOLD, concurrency=2, **FAST),
            )
        assert [o.input for o in first] == inputs[:24] and [o.input for o in second] == inputs[10:]
        assert all(o.ok for o in first + second), [o.error for o in first + second if not o.ok]
        assert_exactly_once(emu, index_id, inputs)
        # The work was shared, and the outcomes agree on who did each input.
        by_worker = Counter(o.worker for o in first + second)
        assert set(by_worker) == {"w1", "w2"}
        shared = {o.input: (o.asset_id, o.worker) for o in first[10:]}
        assert shared == {o.input: (o.asset_id, o.worker) for o in second[:14]}


WORKER = textwrap.dedent(
    """
    import asyncio, json, sys
    from pathlib import Path
    from twelvelabs_async import AsyncTwelveLabs

    async def main(url, index_id, dsn, name, inputs):
        async with AsyncTwelveLabs(api_key="tlk_ingest_test", base_url=url, max_retries=3) as client:
            outcomes = await client.ingest_many(
                [i if i.startswith("https://") else Path(i) for i in inputs], index_id=index_id, journal=dsn,
                job="big", worker=name, lease_seconds=2.0, concurrency=3, chunk_concurrency=2,
                multipart_threshold=102400, sleep_interval=0.05, max_interval=0.3)
        print(json.dumps({"ok": sum(o.ok for o in outcomes), "n": len(outcomes),
                          "errors": [repr(o.error) for o in outcomes if not o.ok][:5]}), flush=True)

    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]))
    """
)


async def test_four_worker_processes_one_killed_one_added_late_every_input_exactly_once(
    tmp_path: Path, pg_dsn: str
) -> None:
    inputs = make_inputs(tmp_path / "videos", small=160, large=10, urls=30)
    assert len(inputs) == 200
    first, late = inputs[:180], inputs[180:]  # the late worker brings 20 inputs of its own to the running job
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    faults = "5xx=0.05,429(0)=0.03,drop_after=0.02; STORAGE PUT:5xx=0.05"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    async with Emulator(api_key=KEY, speed=40.0, faults=faults, seed=11, multipart_chunk_size=CHUNK,
                        multipart_initial_urls=1) as emu:
        index_id = emu.state.create_index("big", MARENGO)

        async def start(name: str, items: list[str | Path]) -> asyncio.subprocess.Process:
            return await asyncio.create_subprocess_exec(
                sys.executable, str(script), emu.base_url, index_id, pg_dsn, name, *map(str, items),
                stdout=asyncio.subprocess.PIPE, env=env,
            )

        workers = {f"w{n}": await start(f"w{n}", first) for n in range(4)}
        conn = await asyncpg.connect(pg_dsn)
        try:
            async def count(query: str, *args: object) -> int:
                try:
                    return int(await conn.fetchval(query, *args))
                except asyncpg.UndefinedTableError:  # no worker has created the schema yet
                    return 0

            # Kill w0 once it holds inputs in the middle of their steps and the job is well under way.
            for _ in range(1200):  # bounded: a minute of polls
                if (
                    await count("SELECT count(*) FROM twelvelabs_ingest_inputs WHERE step = 'ready'") >= 30
                    and await count("SELECT count(*) FROM twelvelabs_ingest_inputs WHERE worker = 'w0' "
                                    "AND lease_expires_at IS NOT NULL AND step <> 'new'") >= 1
                ):
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("the job never got under way with w0 holding inputs")
            held_by_killed = await count(
                "SELECT count(*) FROM twelvelabs_ingest_inputs WHERE worker = 'w0' AND lease_expires_at IS NOT NULL"
            )
            os.kill(workers["w0"].pid, signal.SIGKILL)
            workers["late"] = await start("late", late)
            results = {}
            with anyio.fail_after(150):
                for name, process in workers.items():
                    out, _ = await process.communicate()
                    results[name] = (process.returncode, out.decode())
            takeovers = await count("SELECT coalesce(sum(takeovers), 0) FROM twelvelabs_ingest_inputs")
            steps = dict(await conn.fetch("SELECT step, count(*) FROM twelvelabs_ingest_inputs GROUP BY step"))
            finishers = Counter(
                r["worker"] for r in await conn.fetch("SELECT worker FROM twelvelabs_ingest_inputs")
            )
        finally:
            await conn.close()
        assert results["w0"][0] == -signal.SIGKILL
        for name in ("w1", "w2", "w3", "late"):
            code, out = results[name]
            assert code == 0, (name, out)
            summary = json.loads(out.strip().splitlines()[-1])
            expected = len(late) if name == "late" else len(first)
            assert summary == {"ok": expected, "n": expected, "errors": []}, (name, summary)
        assert steps == {"ready": 200}
        assert held_by_killed >= 1 and takeovers >= 1  # the killed worker's leases lapsed and were taken over
        assert finishers["late"] >= 1  # the late worker did work
        assert_exactly_once(emu, index_id, inputs)
        outcomes_seen = sum((Counter(c) for c in emu.state.outcomes.values()), Counter())
        assert outcomes_seen["drop_after"] >= 1 and outcomes_seen["429"] >= 1  # the faults really happened


RATE_WORKER = WORKER.replace('job="big"', 'job="paced"').replace("lease_seconds=2.0", "lease_seconds=10.0")


async def test_workers_share_the_accounts_rate_limit(
    tmp_path: Path, pg_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twelvelabs_async.emulator.ratelimit import RateLimiter

    taken: Counter[tuple[str, float, bool]] = Counter()
    original = RateLimiter.take

    def recording_take(self: RateLimiter, api_key: str, endpoint: str, now: float) -> tuple[bool, dict[str, str]]:
        allowed, headers = original(self, api_key, endpoint, now)
        taken[(endpoint, self._window_start(now), allowed)] += 1
        return allowed, headers

    monkeypatch.setattr(RateLimiter, "take", recording_take)
    inputs = make_inputs(tmp_path / "videos", small=48, large=0, urls=0)
    script = tmp_path / "worker.py"
    script.write_text(RATE_WORKER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    limit, workers = 8, 4
    async with Emulator(api_key=KEY, speed=40.0, rate_limit=limit, rate_limit_window=1.0) as emu:
        index_id = emu.state.create_index("paced", MARENGO)
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable, str(script), emu.base_url, index_id, pg_dsn, f"w{n}", *map(str, inputs),
                stdout=asyncio.subprocess.PIPE, env=env,
            )
            for n in range(workers)
        ]
        with anyio.fail_after(120):
            results = [await p.communicate() for p in processes]
        assert [p.returncode for p in processes] == [0] * workers, results
        assert_exactly_once(emu, index_id, inputs)
    conn = await asyncpg.connect(pg_dsn)
    try:
        pausers = {r["set_by"] for r in await conn.fetch("SELECT set_by FROM twelvelabs_ingest_pauses")}
    finally:
        await conn.close()
    refused: Counter[tuple[str, float]] = Counter()
    for (endpoint, window, allowed), n in taken.items():
        if not allowed:
            refused[(endpoint, window)] += n
    allowed_total = sum(n for (_, _, ok), n in taken.items() if ok)
    assert allowed_total >= 2 * len(inputs)  # every asset and every indexing went through the limiter
    # The shared pace: in no window did the workers together go over the limit by more than one request each.
    assert max(refused.values(), default=0) <= workers, sorted(refused.items())
    assert pausers  # a pause was shared through the database


SESSION_WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from twelvelabs_async import AsyncTwelveLabs

    async def main(url, index_id, dsn, inputs):
        def on_progress(event):
            if event.kind == "uploading" and event.bytes_sent:
                print("bytes", flush=True)
        async with AsyncTwelveLabs(api_key="tlk_ingest_test", base_url=url) as client:
            await client.ingest_many([Path(i) for i in inputs], index_id=index_id, journal=dsn, job="sessions",
                                     worker="doomed", lease_seconds=1.0, concurrency=3, chunk_concurrency=1,
                                     multipart_threshold=102400, on_progress=on_progress, sleep_interval=0.05,
                                     max_interval=0.2)
        print("finished", flush=True)

    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
    """
)


async def test_a_killed_workers_multipart_sessions_are_taken_over_without_resending_a_chunk(
    tmp_path: Path, pg_dsn: str
) -> None:
    from twelvelabs_async._mp4 import write_sample_mp4

    inputs: list[str | Path] = []
    for n in range(4):
        path = tmp_path / f"big_{n}.mp4"
        write_sample_mp4(path, duration=6.0, width=640, height=360, size=16 * CHUNK + n + 1)
        inputs.append(path)
    script = tmp_path / "worker.py"
    script.write_text(SESSION_WORKER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    # Chunks crawl to storage, so the kill lands with sessions half-done.
    async with Emulator(api_key=KEY, speed=40.0, multipart_chunk_size=CHUNK,
                        faults="STORAGE PUT:slow_upload(1048576)=1") as emu:
        index_id = emu.state.create_index("sessions", MARENGO)
        worker = await asyncio.create_subprocess_exec(
            sys.executable, str(script), emu.base_url, index_id, pg_dsn, *map(str, inputs),
            stdout=asyncio.subprocess.PIPE, env=env,
        )
        assert worker.stdout is not None
        with anyio.fail_after(60):
            for _ in range(100_000):  # bounded: one line per progress event
                line = (await worker.stdout.readline()).decode()
                if not line or line.startswith("finished"):
                    break
                reported = sum(c.completed is not None for u in emu.state.uploads.values() for c in u.chunks)
                if reported >= 8:
                    worker.kill()
                    break
            await worker.wait()
        assert worker.returncode == -signal.SIGKILL, "the worker ended before it could be killed"
        reported_before = {
            (uid, chunk.index)
            for uid, upload in emu.state.uploads.items()
            for chunk in upload.chunks
            if chunk.completed is not None
        }
        emu.storage.clear_requests()
        emu.faults.rules = []  # storage at full speed for the taker
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            with anyio.fail_after(60):
                outcomes = await client.ingest_many(inputs, index_id=index_id, journal=pg_dsn, job="sessions",
                                                    worker="taker", multipart_threshold=THRESHOLD, **FAST)
        assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
        assert all(o.worker == "taker" for o in outcomes)
        assert_exactly_once(emu, index_id, inputs)
        sent_again = {(r.upload_id, r.chunk_index) for r in emu.storage.requests if r.method == "PUT"}
        assert reported_before and not (sent_again & reported_before)  # the sessions went on where they were
    conn = await asyncpg.connect(pg_dsn)
    try:
        takeovers = await conn.fetchval("SELECT sum(takeovers) FROM twelvelabs_ingest_inputs")
    finally:
        await conn.close()
    assert takeovers >= 1


async def test_a_worker_whose_renewals_fail_never_runs_an_input_twice(
    tmp_path: Path, pg_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twelvelabs_async._errors import JournalError
    from twelvelabs_async._ingest_pg import PostgresJournal

    # Renewals fail for several leases (a database blip on that query only), then come back. The worker's own
    # leases lapse meanwhile: it must stop those inputs and never claim them again while it still works on them.
    real_renew = PostgresJournal.renew
    failing = {"left": 6}

    async def renew(self: PostgresJournal) -> int:
        if failing["left"] > 0:
            failing["left"] -= 1
            raise JournalError("simulated: the renewal query failed", path=self.dsn)
        return await real_renew(self)

    monkeypatch.setattr(PostgresJournal, "renew", renew)
    inputs = make_inputs(tmp_path, small=3, large=0, urls=2)
    async with Emulator(api_key=KEY, speed=0.5, multipart_chunk_size=CHUNK) as emu:
        index_id = emu.state.create_index("selfclaim", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            outcomes = await client.ingest_many(inputs, index_id=index_id, journal=pg_dsn, job="j", worker="w1",
                                                lease_seconds=0.5, concurrency=4, timeout=120, **FAST)
        assert failing["left"] == 0  # the renewals did fail
        assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
        assert_exactly_once(emu, index_id, inputs)


async def test_a_worker_whose_lease_lapsed_sends_no_more_creating_requests(
    tmp_path: Path, pg_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twelvelabs_async._errors import JournalError
    from twelvelabs_async._ingest_pg import PostgresJournal

    # Worker A loses the database for renewals while its indexing request is slow to leave; B takes the input
    # over at step "indexing" and creates the indexed asset. A's request must not be sent after its lease lapsed.
    real_renew = PostgresJournal.renew

    async def renew(self: PostgresJournal) -> int:
        if self.worker == "A":
            raise JournalError("simulated partition: A cannot reach the database", path=self.dsn)
        return await real_renew(self)

    monkeypatch.setattr(PostgresJournal, "renew", renew)
    inputs = make_inputs(tmp_path, small=1, large=0, urls=0)
    async with Emulator(api_key=KEY, speed=20.0, multipart_chunk_size=CHUNK) as emu:
        index_id = emu.state.create_index("cross", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client_a, \
                AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client_b:
            real_create = client_a.indexes.indexed_assets.create

            async def slow_create(*args: object, **kwargs: object) -> object:
                await anyio.sleep(3)  # the request waits (a shared 429 pause, a slow retry) past A's lease
                return await real_create(*args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(client_a.indexes.indexed_assets, "create", slow_create)
            common = {"index_id": index_id, "journal": pg_dsn, "job": "j", "lease_seconds": 0.6, "timeout": 60,
                      **FAST}
            async with anyio.create_task_group() as group:
                results: dict[str, list[object]] = {}

                async def run(name: str, client: AsyncTwelveLabs, after: str | None) -> None:
                    if after is not None:  # B starts once A holds the input
                        await wait_for_holder(pg_dsn, after)
                    results[name] = list(await client.ingest_many(inputs, worker=name, **common))  # type: ignore[arg-type]

                group.start_soon(run, "A", client_a, None)
                group.start_soon(run, "B", client_b, "A")
        assert all(o.ok and o.worker == "B" for o in results["B"])  # type: ignore[attr-defined]
        assert_exactly_once(emu, index_id, inputs)


async def wait_for_holder(dsn: str, worker: str, count: int = 1) -> None:
    conn = await asyncpg.connect(dsn)
    query = "SELECT count(*) FROM twelvelabs_ingest_inputs WHERE worker = $1 AND lease_expires_at > now()"
    try:
        with anyio.fail_after(30):
            while True:  # bounded by the deadline above; the table appears when the first worker opens the job
                exists = await conn.fetchval("SELECT to_regclass('twelvelabs_ingest_inputs') IS NOT NULL")
                if exists and await conn.fetchval(query, worker) >= count:
                    return
                await anyio.sleep(0.02)  # polling another process's rows: no event to wait on
    finally:
        await conn.close()


async def test_a_helper_stays_while_others_hold_inputs_and_takes_them_over_when_they_die(
    tmp_path: Path, pg_dsn: str
) -> None:
    inputs = make_inputs(tmp_path, small=4, large=0, urls=0)
    async with Emulator(api_key=KEY, speed=0.5, multipart_chunk_size=CHUNK) as emu:
        index_id = emu.state.create_index("helper", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            common = {"index_id": index_id, "journal": pg_dsn, "job": "j", "lease_seconds": 1.0, **FAST}
            worker_a = asyncio.ensure_future(client.ingest_many(inputs, worker="A", **common))  # type: ignore[arg-type]
            await wait_for_holder(pg_dsn, "A", count=4)
            # A helper with no inputs of its own: nothing is claimable now (A holds it all). Then A dies.
            helper = asyncio.ensure_future(client.ingest_many([], worker="helper", timeout=60, **common))  # type: ignore[arg-type]
            worker_a.cancel()
            with pytest.raises(asyncio.CancelledError):
                await worker_a
            assert await helper == []
        conn = await asyncpg.connect(pg_dsn)
        try:
            rows = await conn.fetch("SELECT worker, step FROM twelvelabs_ingest_inputs")
        finally:
            await conn.close()
        assert sorted((r["worker"], r["step"]) for r in rows) == [("helper", "ready")] * 4
        assert_exactly_once(emu, index_id, inputs)


async def test_concurrent_jobs_on_one_client_leave_its_own_pacer_installed(tmp_path: Path, pg_dsn: str) -> None:
    inputs = make_inputs(tmp_path, small=4, large=0, urls=0)
    async with Emulator(api_key=KEY, speed=20.0, multipart_chunk_size=CHUNK) as emu:
        index_id = emu.state.create_index("pacers", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            original = client._transport.pacer
            common = {"index_id": index_id, "journal": pg_dsn, "timeout": 60, **FAST}
            # The first job ends while the second still runs (one input against three), so they end out of order
            # relative to how they started.
            first = asyncio.ensure_future(client.ingest_many(inputs[:1], job="one", **common))  # type: ignore[arg-type]
            await wait_for_holder_of_job(pg_dsn, "one")
            second = asyncio.ensure_future(client.ingest_many(inputs[1:], job="two", **common))  # type: ignore[arg-type]
            results = await asyncio.gather(first, second)
            assert all(o.ok for outcomes in results for o in outcomes)
            assert client._transport.pacer is original  # not a pacer whose job (and database pool) has ended
            await client.indexes.create(index_name="after", models=[{"model_name": "marengo3.0",
                                                                     "model_options": ["visual"]}])


async def wait_for_holder_of_job(dsn: str, job: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        with anyio.fail_after(30):
            for _ in range(3000):  # bounded by the deadline above
                exists = await conn.fetchval("SELECT to_regclass('twelvelabs_ingest_inputs') IS NOT NULL")
                if exists and await conn.fetchval(
                    "SELECT count(*) FROM twelvelabs_ingest_inputs WHERE job = $1 AND lease_expires_at > now()", job
                ):
                    return
                await anyio.sleep(0.02)  # polling the database: no event to wait on
    finally:
        await conn.close()


async def test_a_failed_claim_is_ridden_out_and_a_long_outage_is_one_clean_journal_error(
    tmp_path: Path, pg_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twelvelabs_async import _ingest_shared
    from twelvelabs_async._errors import JournalError
    from twelvelabs_async._ingest_pg import PostgresJournal

    real_claim = PostgresJournal.claim
    calls = {"n": 0, "fail_from": 3, "fail_until": 3}

    async def claim(self: PostgresJournal, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["fail_from"] <= calls["n"] <= calls["fail_until"]:
            raise JournalError("simulated: the claim query failed (connection reset)", path=self.dsn)
        return await real_claim(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PostgresJournal, "claim", claim)
    inputs = make_inputs(tmp_path, small=6, large=0, urls=0)
    async with Emulator(api_key=KEY, speed=5.0, multipart_chunk_size=CHUNK) as emu:
        index_id = emu.state.create_index("blip", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            common = {"index_id": index_id, "journal": pg_dsn, "concurrency": 1, "timeout": 60, **FAST}
            outcomes = await client.ingest_many(inputs, job="blip", **common)  # type: ignore[arg-type]
            assert calls["n"] > 3 and all(o.ok for o in outcomes)  # the failed claim was retried
            assert_exactly_once(emu, index_id, inputs)
            # A database that stays unreachable past the outage budget: one JournalError, not an exception group.
            monkeypatch.setattr(_ingest_shared, "OUTAGE_BUDGET", 0.5)
            calls.update(n=0, fail_from=1, fail_until=10**9)
            more = make_inputs(tmp_path / "more", small=1, large=0, urls=0)
            with anyio.fail_after(30), pytest.raises(JournalError, match="claim query failed"):
                await client.ingest_many(more, job="outage", lease_seconds=0.5, **common)  # type: ignore[arg-type]
            assert calls["n"] >= 2  # retried before giving up


async def test_an_input_whose_asset_was_cleaned_up_is_retried_from_scratch(tmp_path: Path, pg_dsn: str) -> None:
    url = "https://media.example/fail.mp4?duration=8"  # the emulator fails the indexing of a "fail" file name
    async with Emulator(api_key=KEY, speed=40.0, multipart_chunk_size=CHUNK) as emu:
        index_id = emu.state.create_index("cleanup", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            common = {"index_id": index_id, "journal": pg_dsn, "job": "j", "cleanup": "on_failure", "timeout": 60,
                      **FAST}
            [first] = await client.ingest_many([url], **common)  # type: ignore[arg-type]
            assert not first.ok and first.cleaned_up and first.asset_id is not None
            [again] = await client.ingest_many([url], retry_failed=True, **common)  # type: ignore[arg-type]
        # Retried from scratch: a new asset, which got as far as indexing again (not "asset not found").
        assert again.asset_id is not None and again.asset_id != first.asset_id
        from twelvelabs_async._errors import TaskFailedError

        assert again.status == "failed" and isinstance(again.error, TaskFailedError), again.error
        conn = await asyncpg.connect(pg_dsn)
        try:
            row = await conn.fetchrow("SELECT status, asset_id FROM twelvelabs_ingest_inputs")
        finally:
            await conn.close()
        assert dict(row) == {"status": "indexing_failed", "asset_id": None}  # failed on indexing, cleaned up again
