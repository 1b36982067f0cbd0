"""Bulk upload under faults: every file indexed exactly once despite 5xx, 429, lost answers and kill -9."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import Emulator

FAST = {"sleep_interval": 0.05, "max_interval": 0.2}


def make_files(directory: Path, count: int, size: int | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        path = directory / f"video_{n:03d}.mp4"
        write_sample_mp4(path, duration=5.0, width=640, height=360, size=size)
        files.append(path)
    return files


async def test_100_files_under_faults_end_indexed_exactly_once(tmp_path: Path) -> None:
    files = make_files(tmp_path, 100)
    faults = "POST /tasks:5xx=0.1,429(0)=0.05,drop_after=0.02"
    async with Emulator(speed=20.0, faults=faults, seed=11) as emu:
        index_id = emu.state.create_index("bulk", [("marengo3.0", ["visual"])])
        async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url, max_retries=2) as client:
            outcomes = await client.tasks.upload_many(index_id=index_id, files=files, concurrency=8, **FAST)
        seen = emu.state.outcomes["POST /tasks"]
        assert seen["drop_after"] >= 1 and seen["429"] >= 1 and seen["500"] + seen["502"] + seen["503"] >= 5
        assert [o.error for o in outcomes if o.error is not None] == []
        assert {o.status for o in outcomes} == {"ready"}
        per_name = Counter(t.video.filename for t in emu.state.tasks.values())
        assert per_name == Counter(p.name for p in files)  # one task each: nothing lost, nothing twice
        index = emu.state.indexes[index_id]
        assert len(index.videos) == 100
        assert {o.video_id for o in outcomes} == set(index.videos)


WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from twelvelabs_async import AsyncTwelveLabs

    async def main(url, index_id, journal, files):
        def on_progress(event):
            if event.kind == "created":
                print("created", event.path.name, flush=True)
        async with AsyncTwelveLabs(api_key="tlk_test", base_url=url) as client:
            await client.tasks.upload_many(index_id=index_id, files=files, journal=journal, concurrency=4,
                                           on_progress=on_progress, sleep_interval=0.05, max_interval=0.2)
        print("finished", flush=True)

    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
    """
)


def start_emulator(*args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "twelvelabs_async.emulator", "--port", "0", *args],
        stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), url
    return proc, url


def start_worker(script: Path, url: str, index_id: str, journal: Path, files: list[Path]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(script), url, index_id, str(journal), *map(str, files)],
                            stdout=subprocess.PIPE, text=True)


async def test_killed_run_resumed_with_its_journal_indexes_each_file_once(tmp_path: Path) -> None:
    files = make_files(tmp_path / "videos", 24, size=1024 * 1024)
    journal = tmp_path / "journal.sqlite"
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    # Uploads crawl at 4 MiB/s and some answers are lost, so the kill lands with uploads in flight.
    emulator, url = start_emulator("--speed", "20", "--faults",
                                   "POST /tasks:slow_upload(4194304)=1,drop_after=0.1", "--seed", "3")
    try:
        async with AsyncTwelveLabs(api_key="tlk_test", base_url=url) as client:
            index_id = (await client.indexes.create(
                index_name="resume", models=[{"model_name": "marengo3.0", "model_options": ["visual"]}])).id
            worker = start_worker(script, url, index_id, journal, files)
            assert worker.stdout is not None
            for created in range(1, len(files) + 2):  # bounded: at most one line per file, plus "finished"
                line = await asyncio.to_thread(worker.stdout.readline)
                if not line or line.startswith("finished"):
                    break
                if created == 8:
                    os.kill(worker.pid, signal.SIGKILL)
                    break
            await asyncio.to_thread(worker.wait, 10)
            worker.stdout.close()
            assert worker.returncode == -signal.SIGKILL, "the worker ended before it could be killed"

            outcomes = await client.tasks.upload_many(index_id=index_id, files=files, journal=journal,
                                                      concurrency=4, **FAST)
            assert [o.error for o in outcomes if o.error is not None] == []
            assert {o.status for o in outcomes} == {"ready"}
            assert sum(o.resumed for o in outcomes) >= 8
            names = Counter([t.system_metadata.filename if t.system_metadata else None
                             async for t in client.tasks.list(index_id=index_id, page_limit=50)])
            assert names == Counter(p.name for p in files)
    finally:
        emulator.send_signal(signal.SIGTERM)
        emulator.wait(10)
        if emulator.stdout is not None:
            emulator.stdout.close()
