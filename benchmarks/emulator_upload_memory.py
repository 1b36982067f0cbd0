"""RSS of the emulator while a 1 GB upload streams into POST /tasks.

Measured on the dev container (Python 3.11, aiohttp 3.14, 2 cores), 1 GiB sparse MP4, sent with aiohttp
streaming from the file:

    upload of 1024 MiB: HTTP 200 in 5.1 s (199 MiB/s); emulator RSS baseline 38.1 MiB, peak 43.7 MiB,
    growth 5.6 MiB  (flat: the body goes to a temp file in 256 KiB reads / 1 MiB writes, then is deleted)

Run: ``python benchmarks/emulator_upload_memory.py [--size-mb 1024]``. The emulator runs in a child process
(``python -m twelvelabs_async.emulator``) so its RSS is measured alone, sampled every 50 ms from
``/proc/PID/status`` (Linux only) while the upload is in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from twelvelabs_async._mp4 import write_sample_mp4  # noqa: E402


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def upload(base: str, path: Path, pid: int) -> tuple[int, int, float, int]:
    headers = {"x-api-key": "tlk_bench"}
    async with aiohttp.ClientSession(headers=headers, timeout=aiohttp.ClientTimeout(total=600)) as http:
        async with http.post(f"{base}/indexes", json={"index_name": "bench", "models": [
                {"model_name": "marengo2.7", "model_options": ["visual"]}]}) as resp:
            index_id = (await resp.json())["_id"]
        baseline = rss_kib(pid)
        peak = baseline
        done = asyncio.Event()

        async def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_kib(pid))
                await asyncio.sleep(0.05)

        sampler = asyncio.create_task(sample())
        start = time.perf_counter()
        with path.open("rb") as fh:
            data = aiohttp.FormData()
            data.add_field("index_id", index_id)
            data.add_field("video_file", fh, filename="big.mp4", content_type="video/mp4")
            async with http.post(f"{base}/tasks", data=data) as resp:
                status = resp.status
                await resp.read()
        elapsed = time.perf_counter() - start
        done.set()
        await sampler
        return baseline, peak, elapsed, status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=1024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.mp4"
        write_sample_mp4(path, duration=60, width=1280, height=720, size=args.size_mb * 1024 * 1024)
        proc = subprocess.Popen([sys.executable, "-m", "twelvelabs_async.emulator", "--port", "0", "--speed",
                                 "instant"], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            assert proc.stdout is not None
            base = proc.stdout.readline().strip()
            baseline, peak, elapsed, status = asyncio.run(upload(base, path, proc.pid))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"upload of {args.size_mb} MiB: HTTP {status} in {elapsed:.1f} s "
          f"({args.size_mb / elapsed:.0f} MiB/s); emulator RSS baseline {baseline / 1024:.1f} MiB, "
          f"peak {peak / 1024:.1f} MiB, growth {(peak - baseline) / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
