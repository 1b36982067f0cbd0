"""File uploads: streaming from disk, fresh bodies per attempt, progress, bulk upload, journal, cancellation."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._journal import FileKey, Journal
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async._payload import FilePayload
from twelvelabs_async._preflight import PreflightError
from twelvelabs_async._uploads import UploadEvent
from twelvelabs_async.emulator import Emulator

FAST = {"sleep_interval": 0.02, "max_interval": 0.05}
MIB = 1024 * 1024


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(speed=10.0) as emulator:
        yield emulator


def video(directory: Path, name: str, *, size: int | None = None, duration: float = 6.0) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    write_sample_mp4(path, duration=duration, width=640, height=360, size=size)
    return path


def index_of(emu: Emulator) -> str:
    return emu.state.create_index("uploads", [("marengo2.7", ["visual", "audio"])])


def names_in(emu: Emulator, index_id: str) -> list[str]:
    return sorted(t.video.filename for t in emu.state.tasks.values() if t.video.index_id == index_id)


async def test_path_bytes_and_open_file_all_arrive_whole(emu: Emulator, tmp_path: Path) -> None:
    path = video(tmp_path, "whole.mp4", size=3 * MIB + 17)
    index_id = index_of(emu)
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        by_path = await client.tasks.create(index_id=index_id, video_file=str(path))
        by_bytes = await client.tasks.create(index_id=index_id, video_file=path.read_bytes())
        with path.open("rb") as fh:
            by_file = await client.tasks.create(index_id=index_id, video_file=fh)
            assert not fh.closed  # the caller's file stays open
    sizes = {emu.state.tasks[t.id].video.size for t in (by_path, by_bytes, by_file)}
    assert sizes == {3 * MIB + 17}


async def test_every_attempt_sends_a_fresh_whole_body(tmp_path: Path) -> None:
    path = video(tmp_path, "retry.mp4", size=2 * MIB)
    # 429s are retried by the transport (a refused request created nothing); each retry needs a new body.
    async with Emulator(speed=0, faults="POST /tasks:429(0)=0.6", seed=1) as emu:
        index_id = index_of(emu)
        async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url, max_retries=6) as client:
            created = await client.tasks.create(index_id=index_id, video_file=path)
        assert emu.state.outcomes["POST /tasks"]["429"] >= 1
        assert emu.state.tasks[created.id].video.size == 2 * MIB


async def test_threaded_chunk_path_when_sendfile_is_unavailable(
    emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_sendfile(*args: object) -> int:
        return 0

    monkeypatch.setattr(FilePayload, "_try_sendfile", no_sendfile)
    path = video(tmp_path, "chunks.mp4", size=5 * MIB + 3)
    index_id = index_of(emu)
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        created = await client.tasks.create(index_id=index_id, video_file=path)
    assert emu.state.tasks[created.id].video.size == 5 * MIB + 3


async def test_a_large_upload_does_not_block_the_loop(emu: Emulator, tmp_path: Path) -> None:
    path = video(tmp_path, "large.mp4", size=96 * MIB)
    with path.open("r+b") as fh:  # real data, not a sparse hole
        fh.seek(MIB)
        fh.write(os.urandom(MIB) * 90)
    index_id = index_of(emu)
    worst = 0.0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            before = loop.time()
            await asyncio.sleep(0.005)
            worst = max(worst, loop.time() - before - 0.005)

    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        tick = asyncio.create_task(ticker())
        try:
            await client.tasks.create(index_id=index_id, video_file=path)
        finally:
            stop.set()
            await tick
    # The emulator shares this loop and writes each upload to disk, so a few ms of lag are its own.
    assert worst < 0.25


async def test_upload_many_outcomes_and_progress(emu: Emulator, tmp_path: Path) -> None:
    files = [video(tmp_path / "a", f"clip_{n}.mp4", size=MIB + n) for n in range(5)]
    files.append(video(tmp_path / "b", "clip_0.mp4"))  # same name, another folder: a different video
    files.append(video(tmp_path, "short.mp4", duration=2.0))  # refused by preflight
    files.append(video(tmp_path, "fail_me.mp4"))  # indexing fails
    index_id = index_of(emu)
    events: list[UploadEvent] = []

    async def on_progress(event: UploadEvent) -> None:
        events.append(event)

    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        outcomes = await client.tasks.upload_many(index_id=index_id, files=files, concurrency=3,
                                                  on_progress=on_progress, user_metadata={"batch": 7}, **FAST)
    assert [o.path for o in outcomes] == files
    assert [o.status for o in outcomes[:6]] == ["ready"] * 6 and all(o.ok for o in outcomes[:6])
    assert isinstance(outcomes[6].error, PreflightError) and outcomes[6].task_id is None
    assert outcomes[7].status == "failed" and not outcomes[7].ok
    assert names_in(emu, index_id) == sorted(["clip_0.mp4", "clip_0.mp4", "clip_1.mp4", "clip_2.mp4",
                                              "clip_3.mp4", "clip_4.mp4", "fail_me.mp4"])
    assert all(t.video.user_metadata == {"batch": 7} for t in emu.state.tasks.values())
    last_bytes = {e.path: e.bytes_sent for e in events if e.kind == "bytes"}
    assert last_bytes[files[3]] == MIB + 3
    kinds = {e.kind for e in events if e.path == files[0]}
    assert {"started", "bytes", "created", "status", "done"} <= kinds
    assert [e.kind for e in events if e.path == files[6]] == ["error"]


async def test_journal_rerun_skips_and_resumes(emu: Emulator, tmp_path: Path) -> None:
    files = [video(tmp_path, f"j{n}.mp4") for n in range(4)]
    journal = tmp_path / "journal.sqlite"
    index_id = index_of(emu)
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        first = await client.tasks.upload_many(index_id=index_id, files=files[:2], journal=journal, wait=False)
        assert emu.state.requests("POST /tasks") == 2
        # A crash mid-upload of j2: the journal says "uploading" and the server did create the task.
        Journal(journal).begin_attempt(FileKey.of(files[2]), index_id, started=__import__("time").time() - 1)
        orphan = emu.state.create_task(index_id, filename="j2.mp4", duration=6.0, width=640, height=360,
                                       fps=30.0, size=1, hls=False)
        second = await client.tasks.upload_many(index_id=index_id, files=files, journal=journal, **FAST)
    assert emu.state.requests("POST /tasks") == 3  # only j3 was sent
    assert [o.status for o in second] == ["ready"] * 4
    assert [o.resumed for o in second] == [True, True, False, False]
    assert [o.task_id for o in second[:2]] == [o.task_id for o in first]
    assert second[2].task_id == orphan.id
    assert names_in(emu, index_id) == ["j0.mp4", "j1.mp4", "j2.mp4", "j3.mp4"]
    # A third run has nothing to do at all.
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        third = await client.tasks.upload_many(index_id=index_id, files=files, journal=journal, **FAST)
    assert [o.status for o in third] == ["ready"] * 4 and emu.state.requests("POST /tasks") == 3


async def test_a_changed_file_is_uploaded_again(emu: Emulator, tmp_path: Path) -> None:
    path = video(tmp_path, "edit.mp4")
    journal = tmp_path / "journal.sqlite"
    index_id = index_of(emu)
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        await client.tasks.upload_many(index_id=index_id, files=[path], journal=journal, wait=False)
        write_sample_mp4(path, duration=7.0, width=640, height=360)
        os.utime(path, ns=(1, 1))
        await client.tasks.upload_many(index_id=index_id, files=[path], journal=journal, wait=False)
    assert emu.state.requests("POST /tasks") == 2


async def test_cancellation_leaves_no_connection_or_task(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    files = [video(tmp_path, f"slow{n}.mp4", size=8 * MIB) for n in range(6)]
    # Uploads crawl at 1 MiB/s, so every one is in flight when the run is cancelled.
    async with Emulator(speed=10.0, faults="POST /tasks:slow_upload(1048576)=1") as emu:
        index_id = index_of(emu)
        port = int(emu.base_url.split(":")[2].split("/")[0])
        client = AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url)
        started = asyncio.Event()

        def on_progress(event: UploadEvent) -> None:
            if event.kind == "bytes":
                started.set()

        before = asyncio.all_tasks()
        run = asyncio.create_task(client.tasks.upload_many(index_id=index_id, files=files, concurrency=3,
                                                           on_progress=on_progress))
        await asyncio.wait_for(started.wait(), 10)
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
        session = client._transport.session()
        assert not session.connector._acquired  # type: ignore[union-attr]
        await client.aclose()
        # The emulator shares this loop: its request handlers may still be winding down; none of ours remain.
        left = [t for t in asyncio.all_tasks() - before - {asyncio.current_task()}
                if not t.get_coro().__qualname__.startswith("RequestHandler")]  # type: ignore[union-attr]
        assert left == []

        def ours() -> list[object]:
            return [c for c in psutil.Process().net_connections("tcp")
                    if c.raddr and c.raddr.port == port and c.status == "ESTABLISHED"]

        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5
        while ours() and loop.time() < deadline:  # noqa: ASYNC110  (the kernel has no event to wait on)
            await asyncio.sleep(0.01)
        assert ours() == []
        assert emu.state.outcomes["POST /tasks"]["200"] == 0


async def test_open_file_input_is_not_closed_and_bytes_names(emu: Emulator, tmp_path: Path) -> None:
    index_id = index_of(emu)
    data = video(tmp_path, "named.mp4").read_bytes()
    buffer = io.BytesIO(data)
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        created = await client.tasks.create(index_id=index_id, video_file=buffer)
    assert not buffer.closed
    assert emu.state.tasks[created.id].video.size == len(data)


async def test_a_timeout_with_uploads_still_running_ends_without_spinning(tmp_path: Path) -> None:
    # The first file is indexed slowly and the deadline passes while the second is still uploading: both get
    # a WaitTimeoutError, and the poller neither spins after the deadline nor waits forever for the late task.
    fast = video(tmp_path, "fast.mp4")
    slow = video(tmp_path, "slow.mp4", size=2 * 1024 * 1024)
    faults = "POST /tasks:slow_upload(2000000)=1"  # about a second for the 2 MB file
    async with Emulator(speed=0.01, faults=faults) as emulator, AsyncTwelveLabs("k", base_url=emulator.base_url) as c:
        index_id = index_of(emulator)
        before = emulator.state.requests("GET /tasks")
        outcomes = await asyncio.wait_for(
            c.tasks.upload_many(index_id=index_id, files=[fast, slow], concurrency=2, timeout=0.3, **FAST), 30
        )
        polls = emulator.state.requests("GET /tasks") - before
    assert [type(o.error).__name__ for o in outcomes] == ["WaitTimeoutError", "WaitTimeoutError"]
    assert all(o.task_id for o in outcomes)  # both were uploaded; only the waiting gave up
    assert polls < 40  # bounded by the 0.3 s of waiting, not by the seconds the second upload took


async def test_a_task_deleted_while_waiting_fails_only_its_own_file(tmp_path: Path) -> None:
    from twelvelabs_async import NotFoundError
    from twelvelabs_async.emulator import ManualClock

    clock = ManualClock()
    files = [video(tmp_path, "kept.mp4"), video(tmp_path, "deleted.mp4")]
    async with Emulator(speed=1.0, clock=clock) as emulator, AsyncTwelveLabs("k", base_url=emulator.base_url) as c:
        index_id = index_of(emulator)
        run = asyncio.create_task(c.tasks.upload_many(index_id=index_id, files=files, **FAST))
        deadline = asyncio.get_running_loop().time() + 20
        for _ in range(2000):  # poll with a deadline until both tasks exist
            if len(emulator.state.tasks) == 2 or asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.01)
        assert len(emulator.state.tasks) == 2
        with emulator.state.lock:
            [gone] = [tid for tid, t in emulator.state.tasks.items() if t.video.filename == "deleted.mp4"]
            del emulator.state.tasks[gone]
        clock.advance(60)  # the other task becomes ready
        kept, deleted = await asyncio.wait_for(run, 30)
    assert kept.ok and kept.status == "ready"
    assert isinstance(deleted.error, NotFoundError) and deleted.task_id == gone
