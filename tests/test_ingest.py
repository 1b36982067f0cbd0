"""ingest_many against the emulator: exactly one ready indexed asset per input under faults, lost answers and
kill -9, one outcome per input, and the storage host never seeing the API key."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._errors import ArgumentError, JournalLockedError, TaskFailedError
from twelvelabs_async._ingest import INGEST_KEY_FIELD, IngestEvent
from twelvelabs_async._ingest_journal import SqliteJournal
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import Emulator

KEY = "tlk_ingest_test"
CHUNK = 64 * 1024
THRESHOLD = 100 * 1024
FAST = {"sleep_interval": 0.02, "max_interval": 0.2}
MARENGO = [("marengo3.0", ["visual", "audio"])]


def make_inputs(directory: Path, small: int, large: int, urls: int) -> list[str | Path]:
    directory.mkdir(parents=True, exist_ok=True)
    inputs: list[str | Path] = []
    for n in range(small):
        path = directory / f"small_{n:03d}.mp4"
        write_sample_mp4(path, duration=6.0, width=640, height=360, size=40_000 + n)
        inputs.append(path)
    for n in range(large):
        path = directory / f"large_{n:03d}.mp4"
        write_sample_mp4(path, duration=6.0, width=640, height=360, size=3 * CHUNK + 100 * n + 1)
        inputs.append(path)
    inputs += [f"https://media.example/remote_{n:03d}.mp4?duration=9" for n in range(urls)]
    return inputs


def name_of(item: str | Path) -> str:
    return item.name if isinstance(item, Path) else item.rsplit("/", 1)[1].split("?")[0]


def assert_exactly_once(emu: Emulator, index_id: str, inputs: list[str | Path]) -> None:
    summary = emu.state.ingest_summary(index_id)
    expected = {"assets": 1, "ready_assets": 1, "indexed": 1, "ready_indexed": 1}
    wrong = {name_of(i): summary.get(name_of(i)) for i in inputs if summary.get(name_of(i)) != expected}
    assert wrong == {}
    assert emu.storage.requests_with_api_key == []


async def test_100_inputs_under_faults_end_with_exactly_one_ready_indexed_asset_each(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path, small=60, large=30, urls=10)
    faults = "5xx=0.1,429(0)=0.05,drop_after=0.02; STORAGE PUT:5xx=0.05"
    async with Emulator(api_key=KEY, speed=40.0, faults=faults, seed=7, multipart_chunk_size=CHUNK,
                        multipart_initial_urls=1) as emu:
        index_id = emu.state.create_index("ingest", MARENGO)
        events: list[IngestEvent] = []
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=3) as client:
            outcomes = await client.ingest_many(inputs, index_id=index_id, concurrency=8,
                                                multipart_threshold=THRESHOLD, on_progress=events.append, **FAST)
        assert [o.input for o in outcomes] == inputs  # one outcome per input, in order
        assert [(o.input, o.error) for o in outcomes if not o.ok] == []
        assert_exactly_once(emu, index_id, inputs)
        # The faults really happened, on the API and on storage.
        outcomes_seen = sum((Counter(c) for c in emu.state.outcomes.values()), Counter())
        assert outcomes_seen["drop_after"] >= 1 and outcomes_seen["429"] >= 1
        assert sum(emu.state.outcomes["STORAGE PUT"][s] for s in ("500", "502", "503")) >= 1
        methods = Counter(a.method for a in emu.state.assets.values())
        assert methods == Counter({"direct": 60, "multipart": 30, "url": 10})
        kinds = Counter(e.kind for e in events)
        assert kinds["done"] == 100 and kinds["uploaded"] >= 100 and kinds["error"] == 0


async def test_lost_answers_are_found_again_never_sent_twice(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path, small=12, large=6, urls=4)
    # Every other create is handled and its answer lost; indexing too.
    faults = ("POST /assets:drop_after=0.5; POST /assets/multipart-uploads:drop_after=0.5; "
              "POST /indexes/{index-id}/indexed-assets:drop_after=0.5")
    async with Emulator(api_key=KEY, speed=40.0, faults=faults, seed=3, multipart_chunk_size=CHUNK) as emu:
        index_id = emu.state.create_index("lost", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=2) as client:
            outcomes = await client.ingest_many(inputs, index_id=index_id, multipart_threshold=THRESHOLD, **FAST)
        assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
        assert emu.state.outcomes["POST /assets"]["drop_after"] >= 2
        assert emu.state.outcomes["POST /indexes/{index_id}/indexed-assets"]["drop_after"] >= 2
        # Orphaned reservations of lost multipart sessions are deleted: one asset per input remains.
        assert_exactly_once(emu, index_id, inputs)
        assert all(INGEST_KEY_FIELD in (a.user_metadata or {}) for a in emu.state.assets.values())


async def test_the_same_file_spelled_three_ways_is_ingested_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    path = tmp_path / "a" / "x.mp4"
    write_sample_mp4(path, duration=6.0, width=640, height=360)
    monkeypatch.chdir(tmp_path)
    spellings: list[str | Path] = [path, "a/x.mp4", Path("a/../a/x.mp4")]
    async with Emulator(api_key=KEY, speed=40.0) as emu:
        index_id = emu.state.create_index("dedupe", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            outcomes = await client.ingest_many(spellings, index_id=index_id, **FAST)
        assert [o.input for o in outcomes] == spellings
        assert len({o.indexed_asset_id for o in outcomes}) == 1 and all(o.ok for o in outcomes)
        assert len(emu.state.assets) == 1


async def test_failures_are_reported_and_cleaned_up_on_request(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"no video here" * 1000)
    fails_indexing = tmp_path / "fail_me.mp4"  # the emulator fails indexing of names holding "fail"
    write_sample_mp4(fails_indexing, duration=6.0, width=640, height=360)
    fine = tmp_path / "fine.mp4"
    write_sample_mp4(fine, duration=6.0, width=640, height=360)
    missing = tmp_path / "missing.mp4"
    async with Emulator(api_key=KEY, speed=40.0) as emu:
        index_id = emu.state.create_index("failures", MARENGO)
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            outcomes = await client.ingest_many([broken, fails_indexing, fine, missing], index_id=index_id,
                                                cleanup="on_failure", **FAST)
        by_name = {Path(o.input).name: o for o in outcomes}
        assert by_name["fine.mp4"].ok
        assert by_name["broken.mp4"].status == "failed" and isinstance(by_name["broken.mp4"].error, TaskFailedError)
        assert by_name["fail_me.mp4"].status == "failed"
        assert isinstance(by_name["missing.mp4"].error, ArgumentError)
        # A FileNotFoundError too, as everywhere a local path is missing; the text is unchanged.
        assert isinstance(by_name["missing.mp4"].error, FileNotFoundError)
        assert str(by_name["missing.mp4"].error) == f"inputs: {missing}: No such file or directory"
        assert by_name["broken.mp4"].cleaned_up and by_name["fail_me.mp4"].cleaned_up
        # Only the good input's asset is left.
        assert {a.filename for a in emu.state.assets.values()} == {"fine.mp4"}


async def test_a_second_run_on_a_journal_in_use_is_refused(tmp_path: Path) -> None:
    journal = tmp_path / "ingest.db"
    holder = SqliteJournal(journal)
    try:
        async with Emulator(api_key=KEY, speed=40.0) as emu, \
                AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            with pytest.raises(JournalLockedError):
                await client.ingest_many(make_inputs(tmp_path / "v", 1, 0, 0), index_id="idx", journal=journal)
            assert emu.state.requests("POST /assets") == 0  # refused before any request
    finally:
        holder.close()


WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from twelvelabs_async import AsyncTwelveLabs

    async def main(url, index_id, journal, inputs):
        def on_progress(event):
            if event.kind == "uploading" and event.bytes_sent:
                print("bytes", event.input, event.bytes_sent, flush=True)
        async with AsyncTwelveLabs(api_key="tlk_ingest_test", base_url=url) as client:
            await client.ingest_many([Path(i) for i in inputs], index_id=index_id, journal=journal, concurrency=3,
                                     chunk_concurrency=1, multipart_threshold=102400, on_progress=on_progress,
                                     sleep_interval=0.05, max_interval=0.2)
        print("finished", flush=True)

    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
    """
)


async def test_killed_mid_multipart_and_resumed_each_input_once_and_no_chunk_resent(tmp_path: Path) -> None:
    inputs = [Path(p) for p in make_inputs(tmp_path / "videos", small=6, large=6, urls=0)]
    for n, path in enumerate(inputs[6:]):  # large files of 16 chunks: the kill lands in the middle of them
        write_sample_mp4(path, duration=6.0, width=640, height=360, size=16 * CHUNK + n + 1)
    journal = tmp_path / "ingest.db"
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    # Chunks crawl to storage, so the kill lands with sessions half-done.
    async with Emulator(api_key=KEY, speed=40.0, multipart_chunk_size=CHUNK,
                        faults="STORAGE PUT:slow_upload(1048576)=1") as emu:
        index_id = emu.state.create_index("resume", MARENGO)
        command = [sys.executable, str(script), emu.base_url, index_id, str(journal), *map(str, inputs)]
        worker = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: ASYNC220 - killed below
        assert worker.stdout is not None
        try:
            for _ in range(100_000):  # bounded: one line per progress event
                line = await asyncio.to_thread(worker.stdout.readline)
                if not line or line.startswith("finished"):
                    break
                reported = sum(c.completed is not None for u in emu.state.uploads.values() for c in u.chunks)
                if reported >= 12:  # several sessions have reported chunks: now
                    os.kill(worker.pid, signal.SIGKILL)
                    break
        finally:
            await asyncio.to_thread(worker.wait, 30)
            worker.stdout.close()
        assert worker.returncode == -signal.SIGKILL, "the worker ended before it could be killed"
        reported_before = {
            (uid, chunk.index)
            for uid, upload in emu.state.uploads.items()
            for chunk in upload.chunks
            if chunk.completed is not None
        }
        assert reported_before
        emu.storage.clear_requests()

        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            outcomes = await client.ingest_many(inputs, index_id=index_id, journal=journal,
                                                multipart_threshold=THRESHOLD, **FAST)
        assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
        assert sum(o.resumed for o in outcomes) >= 1
        assert_exactly_once(emu, index_id, inputs)
        sent_again = {(r.upload_id, r.chunk_index) for r in emu.storage.requests if r.method == "PUT"}
        assert not (sent_again & reported_before)  # the chunks the server had were not sent again


async def test_waiting_shares_rounds_across_inputs(tmp_path: Path) -> None:
    # 60 small inputs: each needs a create of its asset and of its indexed asset; waiting for all of them goes
    # through the status-filtered lists, a round at a time, never one GET per asset or indexed asset.
    inputs = make_inputs(tmp_path, small=60, large=0, urls=0)
    async with Emulator(api_key=KEY, speed=20.0) as emu:
        index_id = emu.state.create_index("rounds", MARENGO)
        emu.state.reset_counters()
        async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            outcomes = await client.ingest_many(inputs, index_id=index_id, concurrency=8,
                                                sleep_interval=0.05, max_interval=0.2)
        assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
        counts = dict(emu.state.route_counts)
    assert counts.get("GET /assets/{asset_id}", 0) == 0
    assert counts.get("GET /indexes/{index_id}/indexed-assets/{indexed_asset_id}", 0) == 0
    waits = counts.get("GET /assets", 0) + counts.get("GET /indexes/{index_id}/indexed-assets", 0)
    assert waits <= 60, counts  # about one list per round, not one request per input
    assert sum(counts.values()) <= 3 * 60, counts


async def test_chunks_are_reported_in_full_batches(tmp_path: Path) -> None:
    path = tmp_path / "big.mp4"
    write_sample_mp4(path, duration=6.0, width=640, height=360, size=25 * CHUNK)
    # Each report takes 0.1 s to answer and each chunk 0.08 s to store, so a few chunks finish while one is out.
    slow_reports = "POST /assets/multipart-uploads/{upload_id}:latency(0.1)=1; STORAGE PUT:latency(0.08)=1"
    async with Emulator(api_key=KEY, speed=50.0, multipart_chunk_size=CHUNK, faults=slow_reports) as emu, \
            AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
        result = await client.multipart_upload.upload_file(path, batch_size=10, max_workers=5)
        reports = emu.state.requests("POST /assets/multipart-uploads/{upload_id}")
    assert result.asset_id
    assert reports == 3  # 25 chunks reported 10, 10 and 5, whatever finished while a report was out
