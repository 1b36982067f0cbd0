"""The official SDK 1.3.6's side of ``multipart_upload.py`` and ``ingest_many.py``, run by the interpreter of a
separate venv (ours pins ``twelvelabs==1.0.0`` for the older benchmarks)::

    python -m venv /tmp/bench-official136 && /tmp/bench-official136/bin/pip install twelvelabs==1.3.6 psutil
    /tmp/bench-official136/bin/python benchmarks/_official136.py multipart --client sync --url URL FILE...
    /tmp/bench-official136/bin/python benchmarks/_official136.py ingest --url URL --index-id ID --files-from LIST

It imports only the standard library, psutil and ``twelvelabs``, and prints one JSON line: ``seconds`` (the
work, without interpreter start and imports), ``rss_growth`` (peak RSS of this process minus its RSS before the
client was made, sampled every 10 ms as ``upload_throughput.PeakRss`` does) and ``cpu_seconds``.

Waiting is done the way the 1.3.6 README shows it (1.3.6 has no waiter for assets or indexed assets): retrieve,
stop on ``ready`` or ``failed``, otherwise ``time.sleep(5)`` and retrieve again (``--poll`` changes the 5 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil

API_KEY = "tlk_bench"
MAX_POLLS = 10_000  # bounds every wait; with the default 5 s poll that is far past any benchmark's budget


class PeakRss:
    """This process's RSS sampled every 10 ms in a thread (a copy of ``upload_throughput.PeakRss``: this
    interpreter has neither aiohttp nor twelvelabs_async to import it from)."""

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


def _wait_sync(retrieve: Callable[[], Any], what: str, poll: float) -> Any:
    for _ in range(MAX_POLLS):
        item = retrieve()
        if item.status == "ready":
            return item
        if item.status == "failed":
            raise RuntimeError(f"{what} failed")
        time.sleep(poll)
    raise TimeoutError(f"{what} not ready after {MAX_POLLS} polls")


class Phase:
    """The measured part (a copy of ``multipart_upload.Phase``): after a warm-up upload and the server's reset."""

    def __init__(self, reset_url: str | None, reset_body: bytes = b"") -> None:
        self._reset_url = reset_url
        self._reset_body = reset_body
        self.seconds = self.cpu_seconds = self.warmup_seconds = 0.0
        self._born = self._started = time.perf_counter()
        self._cpu = psutil.Process().cpu_times()

    def start(self) -> None:
        if self._reset_url:
            request = urllib.request.Request(self._reset_url, method="POST", data=self._reset_body,
                                             headers={"content-type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
        self.warmup_seconds = time.perf_counter() - self._born
        self._cpu = psutil.Process().cpu_times()
        self._started = time.perf_counter()

    def elapsed(self) -> float:
        return time.perf_counter() - self._started

    def stop(self) -> None:
        self.seconds = time.perf_counter() - self._started
        cpu = psutil.Process().cpu_times()
        self.cpu_seconds = cpu.user + cpu.system - self._cpu.user - self._cpu.system


def multipart(args: argparse.Namespace, phase: Phase) -> dict[str, Any]:
    from twelvelabs import AsyncTwelveLabs, TwelveLabs

    files = [Path(p) for p in args.paths]
    if args.client == "sync":
        client = TwelveLabs(api_key=API_KEY, base_url=args.url)

        def one(path: Path) -> None:
            result = client.multipart_upload.upload_file(path, max_workers=args.concurrency)
            _wait_sync(lambda: client.assets.retrieve(result.asset_id), f"asset of {path.name}", args.poll)

        one(Path(args.warmup))
        phase.start()
        # Files at once through threads, as the other sides run them at once through tasks.
        with ThreadPoolExecutor(args.file_concurrency) as pool:
            list(pool.map(one, files))
        phase.stop()
        return {"files": len(files)}

    async def main() -> None:
        aclient = AsyncTwelveLabs(api_key=API_KEY, base_url=args.url)
        limit = asyncio.Semaphore(args.file_concurrency)

        async def one(path: Path) -> None:
            async with limit:
                result = await aclient.multipart_upload.upload_file(path, max_workers=args.concurrency)
                for _ in range(MAX_POLLS):
                    asset = await aclient.assets.retrieve(result.asset_id)
                    if asset.status == "ready":
                        return
                    if asset.status == "failed":
                        raise RuntimeError(f"asset of {path.name} failed")
                    await asyncio.sleep(args.poll)
                raise TimeoutError(f"asset of {path.name} not ready")

        await one(Path(args.warmup))
        await asyncio.to_thread(phase.start)
        await asyncio.gather(*(one(p) for p in files))
        phase.stop()

    asyncio.run(main())
    return {"files": len(files)}


def ingest(args: argparse.Namespace, phase: Phase) -> dict[str, Any]:
    """For each file in turn, the README's flow: ``assets.create(method="direct", file=...)``, poll
    ``assets.retrieve`` until ready, ``indexes.indexed_assets.create``, poll ``indexes.indexed_assets.retrieve``
    until ready. Stops after ``--budget`` seconds (the caller extrapolates from the inputs done)."""
    from twelvelabs import TwelveLabs

    files = [Path(line) for line in Path(args.files_from).read_text().splitlines() if line.strip()]
    client = TwelveLabs(api_key=API_KEY, base_url=args.url)

    def one(path: Path) -> None:
        with path.open("rb") as fh:
            asset = client.assets.create(method="direct", file=fh)
        asset_id = asset.id
        _wait_sync(lambda: client.assets.retrieve(asset_id), f"asset of {path.name}", args.poll)
        indexed = client.indexes.indexed_assets.create(args.index_id, asset_id=asset_id)
        indexed_id = indexed.id
        _wait_sync(lambda: client.indexes.indexed_assets.retrieve(args.index_id, indexed_id),
                   f"indexed asset of {path.name}", args.poll)

    one(Path(args.warmup))
    phase.start()
    done = 0
    for path in files:
        if phase.elapsed() > args.budget:
            break
        one(path)
        done += 1
    phase.stop()
    return {"inputs": done, "of": len(files)}


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    mp = sub.add_parser("multipart")
    mp.add_argument("--client", choices=("sync", "async"), default="sync")
    mp.add_argument("--url", required=True)
    mp.add_argument("--reset-url", default=None)
    mp.add_argument("--warmup", required=True, help="a small file uploaded before the measured part")
    mp.add_argument("--concurrency", type=int, default=5)
    mp.add_argument("--file-concurrency", type=int, default=1)
    mp.add_argument("--poll", type=float, default=5.0)
    mp.add_argument("paths", nargs="+")
    ing = sub.add_parser("ingest")
    ing.add_argument("--url", required=True)
    ing.add_argument("--index-id", required=True)
    ing.add_argument("--files-from", required=True)
    ing.add_argument("--warmup", required=True, help="an input ingested before the measured part")
    ing.add_argument("--reset-url", default=None, help="the emulator's /_emulator/reset (counters only)")
    ing.add_argument("--poll", type=float, default=5.0)
    ing.add_argument("--budget", type=float, default=600.0)
    args = parser.parse_args()

    import twelvelabs  # noqa: F401  # imported before measuring: growth is the work's, not the import's

    with PeakRss() as rss:
        # The multipart server's reset takes no body; the emulator's resets only its counters with this one.
        phase = Phase(args.reset_url, b'{"counters_only": true}' if args.what == "ingest" else b"")
        extra = multipart(args, phase) if args.what == "multipart" else ingest(args, phase)
    print(json.dumps({"seconds": phase.seconds, "rss_growth": rss.peak - rss.start, "cpu_seconds": phase.cpu_seconds,
                      "warmup_seconds": phase.warmup_seconds, **extra}))


if __name__ == "__main__":
    main()
