"""Upload throughput: ``client.tasks.upload_many`` against a raw aiohttp streaming upload, and memory growth.

    python benchmarks/upload_throughput.py [--files 16] [--mb 64] [--concurrency 4] [--server sink|emulator]

Both sides upload the same files to the same server at the same concurrency:

- raw: ``aiohttp.FormData`` with an open file per request (aiohttp reads 256 KiB per executor hop);
- sdk: ``client.tasks.upload_many(..., wait=False)`` (preflight, sendfile or threaded 1 MiB reads, journal off).

The default server is a minimal aiohttp sink in a separate process that reads the multipart body in 1 MiB
pieces, discards it and answers like ``POST /tasks``: the emulator writes every upload to disk and probes it,
which on a 2-core machine takes the CPU both clients need and hides the difference between them
(``--server emulator`` measures that too). Peak RSS growth of the client process is sampled every 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
import psutil

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._mp4 import write_sample_mp4

MIB = 1024 * 1024


# --- the sink server (run as a subprocess: python upload_throughput.py --serve-sink) -------------------------


class _Sink(asyncio.BufferedProtocol):
    """A minimal HTTP/1.1 server: reads each request body into one reused 1 MiB buffer and answers like
    ``POST /tasks``. It parses nothing but the headers, so nearly all the CPU is left to the clients."""

    count = 0

    def __init__(self) -> None:
        self.buffer = bytearray(MIB)
        self.head = b""
        self.remaining: int | None = None
        self.method = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def get_buffer(self, sizehint: int) -> memoryview:
        return memoryview(self.buffer)

    def buffer_updated(self, nbytes: int) -> None:
        if self.remaining is not None:
            self.remaining -= nbytes
            if self.remaining <= 0:
                self._answer()
            return
        self.head += bytes(self.buffer[:nbytes])
        end = self.head.find(b"\r\n\r\n")
        if end < 0:
            return
        length = 0
        self.method = self.head.split(b" ", 1)[0]
        for line in self.head[:end].split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        self.remaining = length - (len(self.head) - end - 4)
        self.head = b""
        if self.remaining <= 0:
            self._answer()

    def _answer(self) -> None:
        if self.method == b"GET":  # upload_many's preflight retrieves the index once
            body = json.dumps({"_id": "0" * 24, "index_name": "bench",
                               "models": [{"model_name": "marengo2.7", "model_options": ["visual"]}]}).encode()
        else:
            _Sink.count += 1
            n = _Sink.count
            body = json.dumps({"_id": f"{n:024x}", "video_id": f"{n + 10**6:024x}"}).encode()
        assert self.transport is not None
        self.transport.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
        self.remaining = None

    def eof_received(self) -> bool | None:
        return None


def serve_sink() -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_Sink, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        print(f"http://127.0.0.1:{port}/v1.3", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def start_server(kind: str) -> tuple[subprocess.Popen[str], str]:
    if kind == "sink":
        cmd = [sys.executable, __file__, "--serve-sink"]
    else:
        cmd = [sys.executable, "-m", "twelvelabs_async.emulator", "--port", "0", "--speed", "instant"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        raise RuntimeError(f"server did not start: {url!r}")
    return proc, url


# --- measuring -----------------------------------------------------------------------------------------------


class PeakRss:
    """Samples this process's RSS every 10 ms in a thread; ``growth`` is peak minus the starting value."""

    def __init__(self) -> None:
        self._proc = psutil.Process()
        self.start = self.peak = self._proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self._proc.memory_info().rss)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)

    @property
    def growth(self) -> int:
        return self.peak - self.start


async def raw_upload(url: str, files: list[Path], concurrency: int, index_id: str) -> None:
    limit = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=120)
    async with aiohttp.ClientSession(headers={"x-api-key": "tlk_bench"}, timeout=timeout) as session:

        async def one(path: Path) -> None:
            async with limit:
                with path.open("rb") as fh:
                    form = aiohttp.FormData()
                    form.add_field("index_id", index_id)
                    form.add_field("video_file", fh, filename=path.name, content_type="video/mp4")
                    async with session.post(url + "/tasks", data=form) as response:
                        body = await response.read()
                        assert response.status == 200, (response.status, body[:200])

        await asyncio.gather(*(one(p) for p in files))


async def sdk_upload(url: str, files: list[Path], concurrency: int, index_id: str) -> None:
    async with AsyncTwelveLabs(api_key="tlk_bench", base_url=url) as client:
        outcomes = await client.tasks.upload_many(index_id=index_id, files=files, concurrency=concurrency,
                                                  wait=False)
        failed = [o for o in outcomes if o.error is not None]
        assert not failed, failed[0].error


async def create_index(url: str, kind: str) -> str:
    if kind == "sink":
        return "0" * 24
    async with AsyncTwelveLabs(api_key="tlk_bench", base_url=url) as client:
        created = await client.indexes.create(
            index_name=f"bench-{time.time_ns()}",
            models=[{"model_name": "marengo2.7", "model_options": ["visual"]}],
        )
        return created.id


def measure(label: str, run: Callable[[], None], total_bytes: int) -> dict[str, float]:
    with PeakRss() as rss:
        started = time.perf_counter()
        run()
        elapsed = time.perf_counter() - started
    result = {"seconds": elapsed, "mib_s": total_bytes / MIB / elapsed, "rss_growth_mib": rss.growth / MIB}
    print(f"{label:>4}: {elapsed:6.2f} s  {result['mib_s']:7.1f} MiB/s  peak RSS growth {result['rss_growth_mib']:.1f}"
          " MiB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--mb", type=int, default=64)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--server", choices=("sink", "emulator"), default="sink")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each side; the best counts")
    parser.add_argument("--serve-sink", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_sink:
        serve_sink()
        return

    proc, url = start_server(args.server)
    try:
        with tempfile.TemporaryDirectory(prefix="tl-bench-") as tmp:
            files = []
            for n in range(args.files):
                path = Path(tmp) / f"bench_{n:02d}.mp4"
                write_sample_mp4(path, duration=30.0, width=1280, height=720, size=args.mb * MIB)
                # Sparse files would read as zero pages without touching the disk: fill them for real.
                with path.open("r+b") as fh:
                    fh.seek(64 * 1024)
                    block = os.urandom(MIB)
                    while fh.tell() + MIB < args.mb * MIB:
                        fh.write(block)
                files.append(path)
            total = sum(p.stat().st_size for p in files)
            index_id = asyncio.run(create_index(url, args.server))
            results: dict[str, list[dict[str, float]]] = {"raw": [], "sdk": []}
            for _ in range(args.rounds):
                results["raw"].append(measure("raw", lambda: asyncio.run(
                    raw_upload(url, files, args.concurrency, index_id)), total))
                results["sdk"].append(measure("sdk", lambda: asyncio.run(
                    sdk_upload(url, files, args.concurrency, index_id)), total))
            best = {k: max(v, key=lambda r: r["mib_s"]) for k, v in results.items()}
            summary = {
                "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()} {platform.release()}",
                "python": platform.python_version(),
                "aiohttp": aiohttp.__version__,
                "server": args.server,
                "files": args.files,
                "mib_each": args.mb,
                "concurrency": args.concurrency,
                "raw_mib_s": round(best["raw"]["mib_s"], 1),
                "sdk_mib_s": round(best["sdk"]["mib_s"], 1),
                "ratio": round(best["sdk"]["mib_s"] / best["raw"]["mib_s"], 2),
                "sdk_rss_growth_mib_max": round(max(r["rss_growth_mib"] for r in results["sdk"]), 1),
                "raw_rss_growth_mib_max": round(max(r["rss_growth_mib"] for r in results["raw"]), 1),
            }
            print(json.dumps(summary, indent=2))
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
