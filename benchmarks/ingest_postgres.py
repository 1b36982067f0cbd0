"""Many workers, one ingest job (issue 17): 1, 2, 4 and 8 worker processes sharing a job through PostgreSQL,
against the emulator with a rate limit: throughput against the limit, 429s, database round trips per input.

    python benchmarks/ingest_postgres.py [--inputs 2000] [--workers 1,2,4,8] [--limit 25] [--window 1]
        [--concurrency 4] [--pace on|off] [--json PATH]

- PostgreSQL: a throwaway server started here (``tests/pg_server.py``: initdb in a temp directory, 127.0.0.1,
  ``fsync=off``), a new database for each run.
- The emulator: a subprocess (``_server.Emulator``, ``--speed instant``) with ``--rate-limit LIMIT
  --rate-limit-window WINDOW``: each input needs one ``POST /assets`` and one ``POST /indexes/{id}/indexed-assets``,
  each route limited to LIMIT a window, so the job cannot go faster than LIMIT/WINDOW inputs a second. A new
  emulator for each run (fresh quotas).
- Workers: N processes started together, each calling ``ingest_many`` with every input, the same job and
  database (``concurrency`` uploads each, ``sleep_interval=0.2``, ``max_interval=1``). Each reports the queries its
  journal sent (``PostgresJournal.round_trips``: claims, writes, renewals, pacing reads).
- Throughput: inputs / seconds from the first claim to the last input finished (by the database's clock:
  ``min(updated_at)`` of the first claim... ``max(finished_at)``), against LIMIT/WINDOW; wall time (process start to
  the last exit) beside it. Every input must end with exactly one asset and one ready indexed asset (the emulator's
  ``/_emulator/ingest-summary``).
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
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for extra in (str(ROOT), str(ROOT / "tests")):
    if extra not in sys.path:
        sys.path.insert(0, extra)

from benchmarks._server import API_KEY, Emulator  # noqa: E402
from twelvelabs_async._mp4 import write_sample_mp4  # noqa: E402

MODELS = [("marengo3.0", ["visual", "audio"])]

WORKER = """
import asyncio, json, sys
from pathlib import Path
from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._ingest import IngestJob

async def main(url, index_id, dsn, name, listing, concurrency, key, pace):
    if pace == "off":  # the comparison: every worker on its own, as N separate single-machine runs would be
        from twelvelabs_async import _ingest_pacer

        async def free(*args):
            return None

        _ingest_pacer.SharedPacer.before = free
        _ingest_pacer.SharedPacer.after = free
        _ingest_pacer.SharedPacer.release = lambda *args: None
    files = [Path(line) for line in Path(listing).read_text().splitlines() if line]
    async with AsyncTwelveLabs(api_key=key, base_url=url) as client:
        job = IngestJob(client, files, index_id=index_id, journal=dsn, job="bench", worker=name,
                        concurrency=int(concurrency), sleep_interval=0.2, max_interval=1.0)
        outcomes = await job.run()
    print(json.dumps({"worker": name, "ok": sum(o.ok for o in outcomes), "n": len(outcomes),
                      "done_here": len(job.shared_run.finished_here),
                      "round_trips": job.shared_journal.round_trips, "pacer_waits": job.pacer.waits}))

asyncio.run(main(*sys.argv[1:9]))
"""


async def _create_database(server_dsn: str) -> str:
    import asyncpg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(server_dsn + "/postgres")
    try:
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    return f"{server_dsn}/{name}"


async def _job_span(dsn: str) -> dict[str, Any]:
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        row = await conn.fetchrow(
            "SELECT EXTRACT(EPOCH FROM max(finished_at) - min(added_at))::float8 AS span, count(*) AS n, "
            "count(*) FILTER (WHERE step = 'ready') AS ready, sum(takeovers) AS takeovers "
            "FROM twelvelabs_ingest_inputs WHERE job = 'bench'"
        )
    finally:
        await conn.close()
    return dict(row)


def run_once(workers: int, args: argparse.Namespace, server_dsn: str, listing: Path, script: Path,
             count: int) -> dict[str, Any]:
    dsn = asyncio.run(_create_database(server_dsn))
    with Emulator("--rate-limit", str(args.limit), "--rate-limit-window", str(args.window)) as emu:
        index_id = emu._call("POST", f"{emu.url}/indexes",
                             {"index_name": f"bench-{time.time_ns()}",
                              "models": [{"model_name": m, "model_options": o} for m, o in MODELS]},
                             api=True)["_id"]
        started = time.perf_counter()
        processes = [
            subprocess.Popen([sys.executable, str(script), emu.url, index_id, dsn, f"w{n}", str(listing),
                              str(args.concurrency), API_KEY, args.pace], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
            for n in range(workers)
        ]
        reports = []
        for process in processes:
            out, _ = process.communicate(timeout=3600)
            if process.returncode != 0:
                raise RuntimeError(f"a worker failed ({process.returncode}): {out}")
            reports.append(json.loads(out.strip().splitlines()[-1]))
        wall = time.perf_counter() - started
        counters = emu._call("GET", f"{emu.root}/_emulator/counters")
        summary = emu._call("GET", f"{emu.root}/_emulator/ingest-summary?index_id={index_id}")
    span = asyncio.run(_job_span(dsn))
    wrong = {name: s for name, s in summary.items()
             if s != {"assets": 1, "ready_assets": 1, "indexed": 1, "ready_indexed": 1}}
    if wrong or len(summary) != count or span["ready"] != count:
        raise RuntimeError(f"not exactly once: {len(wrong)} wrong, {len(summary)} of {count} seen")
    refused = sum(int(o.get("429", 0)) for o in counters["outcomes"].values())
    limit_rate = args.limit / args.window
    rate = count / span["span"]
    return {
        "workers": workers,
        "pace": args.pace,
        "seconds": round(span["span"], 2),
        "wall_seconds": round(wall, 2),
        "inputs_per_second": round(rate, 2),
        "of_limit": round(rate / limit_rate, 3),
        "429s": refused,
        "round_trips_per_input": round(sum(r["round_trips"] for r in reports) / count, 2),
        "done_by": sorted(r["done_here"] for r in reports),
        "pacer_waits": sum(r["pacer_waits"] for r in reports),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--workers", default="1,2,4,8")
    parser.add_argument("--limit", type=int, default=25, help="requests per route per window")
    parser.add_argument("--window", type=float, default=1.0, help="the rate-limit window, seconds")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--pace", choices=("on", "off"), default="on",
                        help="off: no shared pacing (each worker learns the limit alone), for comparison")
    parser.add_argument("--json", default=None, metavar="PATH")
    args = parser.parse_args()

    from pg_server import Server, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    server = Server(bin_dir)
    server.start()
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-pg-") as tmp:
            folder = Path(tmp)
            files = []
            for n in range(args.inputs):
                path = folder / f"clip_{n:05d}.mp4"
                write_sample_mp4(path, duration=6.0, width=640, height=360, size=20_000 + n)
                files.append(path)
            listing = folder / "inputs.txt"
            listing.write_text("\n".join(map(str, files)))
            script = folder / "worker.py"
            script.write_text(WORKER)
            for workers in (int(w) for w in args.workers.split(",")):
                result = run_once(workers, args, server.dsn, listing, script, len(files))
                print(json.dumps(result), flush=True)
                results.append(result)
    finally:
        server.stop()
    if args.json:
        Path(args.json).write_text(json.dumps({
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "inputs": args.inputs, "limit": args.limit, "pace": args.pace, "window": args.window,
            "concurrency": args.concurrency,
            "results": results,
        }, indent=2))


if __name__ == "__main__":
    main()
