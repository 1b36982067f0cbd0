"""Bulk ingestion: ``client.ingest_many`` against the official SDK 1.3.6's documented flow, one input after the
other: requests per input and wall time.

    python benchmarks/ingest_many.py [--inputs 1000] [--kib 256] [--rounds 3] [--speed instant|1]
        [--official-python /tmp/bench-official136/bin/python] [--official-budget 300] [--json PATH]

The emulator runs in a subprocess (``_server.Emulator``: 127.0.0.1, ``--speed instant`` unless ``--speed`` says
otherwise). Each input is a small valid MP4 (``write_sample_mp4``: 10 s, 640x360, ``--kib`` KiB with its
payload filled with random bytes), uploaded directly (``POST /assets``, under the 200 MB limit), then indexed.

- ``ours``: ``client.ingest_many(files, index_id=...)`` with its defaults (4 uploads at once, waits shared:
  assets 50 ids a request, indexed assets through the index's status list; ``sleep_interval=1``,
  ``max_interval=10``).
- ``official``: the 1.3.6 README's flow for every file in turn (1.3.6 has no bulk helper and no waiter for assets
  or indexed assets): ``assets.create(method="direct", file=...)``, ``assets.retrieve`` until ready,
  ``indexes.indexed_assets.create``, ``indexes.indexed_assets.retrieve`` until ready, polling every 5 s as its
  README does (retrieve first, sleep only when not ready). Run by a separate venv's interpreter through
  ``_official136.py``; it stops after ``--official-budget`` seconds and the wall time is extrapolated linearly to
  ``--inputs`` (said so in the output).

Both sides run in fresh processes, in a rotating order each round, against an emulator reset before each run
(a new index each time). Each first ingests one warm-up input (imports, first-use paths, connections), then the
emulator's counters are reset and the measured part starts. Requests are the emulator's per-route counters for
``/v1.3`` (no client-side estimate). Every measured input must end with exactly one asset and one ready indexed
asset (the emulator's ``/_emulator/ingest-summary``).

Lifecycles (emulator, per its ``asset_state`` module): with ``--speed instant`` every asset and indexed asset is
ready when first read, so the run measures the clients and their requests; with ``--speed 1`` an asset is
``processing`` for 0.5 s and an indexed asset ``pending`` 0.2 s, ``queued`` 0.2 s, ``indexing`` 0.8 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # ``python benchmarks/ingest_many.py`` puts benchmarks/ first, not the checkout
    sys.path.insert(0, str(ROOT))

from benchmarks._server import Emulator  # noqa: E402
from benchmarks.multipart_upload import DEFAULT_OFFICIAL_PYTHON, OFFICIAL_SCRIPT, Phase  # noqa: E402
from benchmarks.upload_throughput import MIB, PeakRss  # noqa: E402
from twelvelabs_async._mp4 import write_sample_mp4  # noqa: E402

API_KEY = "tlk_bench"
MODELS = [{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}]
OFFICIAL_POLL = 5.0  # the 1.3.6 README's time.sleep(5)


# --- the sides (fresh processes) -------------------------------------------------------------------------------


async def ours_side(args: argparse.Namespace, phase: Phase) -> dict[str, Any]:
    from twelvelabs_async import AsyncTwelveLabs

    listing = await asyncio.to_thread(Path(args.files_from).read_text)
    files = [Path(line) for line in listing.splitlines() if line.strip()]
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=args.url) as client:
        warm = await client.ingest_many([Path(args.warmup)], index_id=args.index_id)
        assert warm[0].ok, warm[0].error
        await phase.start()
        outcomes = await client.ingest_many(files, index_id=args.index_id)
        phase.stop()
    failed = [o for o in outcomes if not o.ok]
    assert not failed, f"{len(failed)} failed, e.g. {failed[0].error!r}"
    return {"inputs": len(outcomes), "of": len(files)}


def run_side(args: argparse.Namespace) -> None:
    import twelvelabs_async  # noqa: F401  # imported before measuring: growth is the work's, not the import's

    with PeakRss() as rss:
        phase = Phase(args.reset_url, b'{"counters_only": true}')
        extra = asyncio.run(ours_side(args, phase))
    print(json.dumps({"seconds": phase.seconds, "rss_growth": rss.growth, "cpu_seconds": phase.cpu_seconds,
                      "warmup_seconds": phase.warmup_seconds, **extra}))


# --- the runner -----------------------------------------------------------------------------------------------


def make_inputs(folder: Path, count: int, kib: int) -> list[Path]:
    files = []
    for n in range(count):
        path = folder / f"clip_{n:04d}.mp4"
        size = write_sample_mp4(path, duration=10.0, width=640, height=360, size=max(kib * 1024, 16 * 1024))
        with path.open("r+b") as fh:  # real bytes in the mdat payload: nothing sparse, no two files alike
            fh.seek(8 * 1024)
            fh.write(os.urandom(size - 8 * 1024))
        files.append(path)
    return files


def fresh_index(emu: Emulator) -> str:
    emu._call("POST", f"{emu.root}/_emulator/reset", {})  # forget every asset of earlier runs
    answer = emu._call("POST", f"{emu.url}/indexes", {"index_name": f"bench-{time.time_ns()}", "models": MODELS},
                       api=True)
    return str(answer["_id"])


def run_once(side: str, args: argparse.Namespace, emu: Emulator, list_file: Path, warmup: Path,
             inputs: list[Path]) -> dict[str, Any] | None:
    index_id = fresh_index(emu)
    common = ["--url", emu.url, "--index-id", index_id, "--files-from", str(list_file)]
    if side == "official":
        if not args.official_python or not Path(args.official_python).exists():
            return None
        cmd = [args.official_python, str(OFFICIAL_SCRIPT), "ingest", *common, "--warmup", str(warmup),
               "--reset-url", f"{emu.root}/_emulator/reset", "--poll", str(OFFICIAL_POLL),
               "--budget", str(args.official_budget)]
    else:
        cmd = [sys.executable, __file__, "--side", "ours", *common, "--warmup", str(warmup),
               "--reset-url", f"{emu.root}/_emulator/reset"]
    emu_process = psutil.Process(emu.process.pid)
    emu_cpu = emu_process.cpu_times()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.official_budget + 900, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{side} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    emu_after = emu_process.cpu_times()
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    routes = emu.counters()
    measured = inputs[: result["inputs"]]
    summary = emu._call("GET", f"{emu.root}/_emulator/ingest-summary?index_id={index_id}")
    wrong = [p.name for p in measured
             if (summary.get(p.name) or {}).get("assets") != 1 or (summary.get(p.name) or {}).get("ready_indexed") != 1]
    if wrong or not measured:
        raise RuntimeError(f"{side}: {len(wrong)} input(s) without exactly one asset and one ready indexed asset, "
                           f"e.g. {wrong[:3]} {[summary.get(w) for w in wrong[:3]]}")
    requests = sum(routes.values())
    result.update(
        requests=requests, requests_per_input=requests / len(measured), routes=routes,
        per_input_ms=1000 * result["seconds"] / len(measured),
        extrapolated_seconds=result["seconds"] * args.inputs / len(measured),
        emulator_cpu_seconds=emu_after.user + emu_after.system - emu_cpu.user - emu_cpu.system,
    )
    print(f"  {side:>8}: {len(measured):4d} inputs in {result['seconds']:7.2f} s ({result['per_input_ms']:6.1f} ms "
          f"each; {args.inputs} -> {result['extrapolated_seconds']:7.1f} s)  {result['requests_per_input']:.2f} "
          f"requests/input  CPU {result['cpu_seconds']:.2f} s (emulator {result['emulator_cpu_seconds']:.2f} s)  "
          f"RSS +{result['rss_growth'] / MIB:.1f} MiB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--kib", type=int, default=256, help="size of each input")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--speed", default="instant", help="the emulator's lifecycle speed (instant, or 1 = real)")
    parser.add_argument("--sides", default="ours,official")
    parser.add_argument("--official-python", default=DEFAULT_OFFICIAL_PYTHON,
                        help="interpreter of a venv with twelvelabs==1.3.6 and psutil (skipped when absent)")
    parser.add_argument("--official-budget", type=float, default=300.0,
                        help="seconds the sequential official side may run before it stops (then extrapolated)")
    parser.add_argument("--json", default=None)
    parser.add_argument("--side", choices=("ours",), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--index-id", help=argparse.SUPPRESS)
    parser.add_argument("--files-from", help=argparse.SUPPRESS)
    parser.add_argument("--warmup", help=argparse.SUPPRESS)
    parser.add_argument("--reset-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        run_side(args)
        return
    sides = [s for s in args.sides.split(",") if s]
    if set(sides) - {"ours", "official"} or not 1 <= args.rounds <= 20 or not 1 <= args.inputs <= 100_000:
        parser.error("sides are ours and official; rounds 1-20; inputs 1-100000")
    notes = [f"emulator --speed {args.speed}"]
    if "official" in sides and not Path(args.official_python or "").exists():
        notes.append(f"official side skipped: no interpreter at {args.official_python!r}")
        print("note:", notes[-1], flush=True)

    results: dict[str, list[dict[str, Any]]] = {s: [] for s in sides}
    with tempfile.TemporaryDirectory(prefix="tl-bench-ingest-") as tmp, Emulator("--speed", args.speed) as emu:
        folder = Path(tmp)
        inputs = make_inputs(folder, args.inputs, args.kib)
        warmup = folder / "warmup.mp4"
        write_sample_mp4(warmup, duration=10.0, width=640, height=360, size=args.kib * 1024)
        list_file = folder / "inputs.txt"
        list_file.write_text("\n".join(map(str, inputs)) + "\n")
        print(f"{args.inputs} inputs of {args.kib} KiB, emulator --speed {args.speed}", flush=True)
        for round_no in range(args.rounds):
            print(f" round {round_no + 1}/{args.rounds}", flush=True)
            order = sides[round_no % len(sides):] + sides[: round_no % len(sides)]
            for side in order:
                result = run_once(side, args, emu, list_file, warmup, inputs)
                if result is not None:
                    results[side].append(result)

    table = {}
    for side, runs in results.items():
        if not runs:
            continue
        table[side] = {
            "rounds": len(runs),
            "inputs_measured": runs[-1]["inputs"],
            "seconds_median": round(statistics.median(r["seconds"] for r in runs), 2),
            "per_input_ms_median": round(statistics.median(r["per_input_ms"] for r in runs), 2),
            "extrapolated_seconds_median": round(statistics.median(r["extrapolated_seconds"] for r in runs), 1),
            "requests_per_input_median": round(statistics.median(r["requests_per_input"] for r in runs), 3),
            "cpu_seconds_median": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
            "emulator_cpu_seconds_median": round(statistics.median(r["emulator_cpu_seconds"] for r in runs), 2),
            "rss_growth_mib_max": round(max(r["rss_growth"] for r in runs) / MIB, 1),
            "routes": runs[-1]["routes"],
        }
    if "ours" in table and "official" in table:
        table["ratio"] = {
            "wall_official_over_ours": round(table["official"]["extrapolated_seconds_median"]
                                             / table["ours"]["extrapolated_seconds_median"], 1),
            "requests_official_over_ours": round(table["official"]["requests_per_input_median"]
                                                 / table["ours"]["requests_per_input_median"], 2),
        }
    summary = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(), "inputs": args.inputs, "kib": args.kib, "speed": args.speed,
        "rounds": args.rounds, "notes": notes, "sides": table, "runs": results,
    }
    print("\n| side | inputs measured | wall (median) | per input | wall for", args.inputs,
          "inputs | requests/input | client CPU | peak RSS growth |")
    print("|---|---|---|---|---|---|---|---|")
    for side in sides:
        row = table.get(side)
        if row:
            print(f"| {side} | {row['inputs_measured']} | {row['seconds_median']} s | "
                  f"{row['per_input_ms_median']} ms | {row['extrapolated_seconds_median']} s | "
                  f"{row['requests_per_input_median']} | "
                  f"{row['cpu_seconds_median']} s | {row['rss_growth_mib_max']} MiB |")
    print(json.dumps({k: v for k, v in summary.items() if k != "runs"}, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
