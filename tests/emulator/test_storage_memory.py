"""The storage server streams chunk bodies to disk: the emulator's memory stays flat while 256 MiB go through
it in 64 MiB chunks (so a server that held one chunk in memory would grow by at least 64 MiB).

The emulator runs in a child process (``python -m twelvelabs_async.emulator``) so its RSS is measured alone,
sampled from ``/proc/PID/status`` (Linux only) while the upload is in flight, as in
``benchmarks/emulator_upload_memory.py``. The client streams each window of the file in 1 MiB reads.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from emulator_helpers import HEADERS

from twelvelabs_async._mp4 import write_sample_mp4

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024
CHUNK = 64 * MIB
TOTAL = 4 * CHUNK

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def file_window(path: Path, offset: int, length: int) -> AsyncIterator[bytes]:
    with path.open("rb") as fh:
        fh.seek(offset)
        left = length
        while left:
            data = await asyncio.to_thread(fh.read, min(MIB, left))
            assert data, "file ended early"
            left -= len(data)
            yield data


async def test_multipart_upload_memory_stays_flat(tmp_path: Path) -> None:
    source = tmp_path / "big.mp4"
    write_sample_mp4(source, duration=60, width=1280, height=720, size=TOTAL)  # sparse: cheap to make and read
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "twelvelabs_async.emulator", "--port", "0", "--speed", "instant",
        "--multipart-chunk-size", str(CHUNK), "--multipart-initial-urls", "4",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout is not None
        base = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode().strip()
        timeout = aiohttp.ClientTimeout(total=300)
        async with aiohttp.ClientSession(headers=HEADERS, timeout=timeout) as http, \
                aiohttp.ClientSession(timeout=timeout) as raw:
            async with http.post(f"{base}/assets/multipart-uploads",
                                 json={"filename": "big.mp4", "type": "video", "total_size": TOTAL}) as resp:
                session = await resp.json()
            assert session["chunk_size"] == CHUNK and session["total_chunks"] == 4
            baseline = peak = rss_kib(proc.pid)
            done = asyncio.Event()

            async def sample() -> None:
                nonlocal peak
                while not done.is_set():
                    peak = max(peak, rss_kib(proc.pid))
                    await asyncio.sleep(0.02)

            sampler = asyncio.create_task(sample())
            chunks = []
            for item in session["upload_urls"]:
                index = item["chunk_index"]
                headers = {**session["upload_headers"], "Content-Length": str(CHUNK)}
                async with raw.put(item["url"], data=file_window(source, (index - 1) * CHUNK, CHUNK),
                                   headers=headers) as resp:
                    assert resp.status == 200, await resp.text()
                    chunks.append({"chunk_index": index, "proof": resp.headers["ETag"], "proof_type": "etag",
                                   "chunk_size": CHUNK})
            done.set()
            await sampler
            async with http.post(f"{base}/assets/multipart-uploads/{session['upload_id']}",
                                 json={"completed_chunks": chunks}) as resp:
                assert (await resp.json())["total_completed"] == 4
            async with http.get(f"{base}/assets/{session['asset_id']}") as resp:
                asset = await resp.json()
            assert asset["status"] == "ready" and asset["size"] == TOTAL
        growth_mib = (peak - baseline) / 1024
        assert growth_mib < 24, f"the emulator grew by {growth_mib:.1f} MiB while 256 MiB streamed through"
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), 10)
