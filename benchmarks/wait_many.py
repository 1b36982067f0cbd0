"""Waiting for many tasks: ``tasks.wait_many`` (batched through ``GET /tasks``) against per-task polling.

    python benchmarks/wait_many.py [--tasks 200] [--ready-after 4]

The emulator (in-process, its own thread) holds ``--tasks`` indexing tasks that all become ready
``--ready-after`` seconds after creation (the emulated lifecycle, scaled by ``speed``). Both sides poll on the
same schedule (first delay 0.2 s, growing 1.5x to a 0.4 s cap, with jitter):

- per-task: one ``wait_for_done`` per task, all at once (what a script does with the single-task waiter);
- batched: one ``wait_many`` over all ids with the index given;
- batched, ids only: one ``wait_many`` over the ids alone (a user who kept only task ids): the account-wide task
  list, newest first.

Reported: requests made, and wall time past the moment the tasks became ready.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import time

import aiohttp

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async.emulator import EmulatorThread
from twelvelabs_async.emulator.state import TASK_STAGES

SCHEDULE = {"sleep_interval": 0.2, "max_interval": 0.4}


def create_tasks(emu: EmulatorThread, count: int) -> tuple[str, list[str], float]:
    """Tasks created now; returns the index, the ids and the epoch time they become ready."""
    index_id = emu.state.create_index(f"bench-{time.time_ns()}", [("marengo2.7", ["visual"])])
    ids = [emu.state.create_task(index_id, filename=f"v{n:04d}.mp4", duration=60.0, width=1280, height=720,
                                 fps=30.0, size=1000, hls=False).id for n in range(count)]
    created = max(emu.state.tasks[i].created_at for i in ids)
    lifecycle = sum(length for _, length in TASK_STAGES) / emu.emulator.config.speed
    return index_id, ids, created + lifecycle


async def per_task(url: str, ids: list[str]) -> None:
    async with AsyncTwelveLabs(api_key="tlk_bench", base_url=url) as client:
        await asyncio.gather(*(client.tasks.wait_for_done(i, **SCHEDULE) for i in ids))


async def batched(url: str, index_id: str | None, ids: list[str]) -> None:
    async with AsyncTwelveLabs(api_key="tlk_bench", base_url=url) as client:
        tasks = await client.tasks.wait_many(ids, index_id=index_id, **SCHEDULE)
        assert all(t.status == "ready" for t in tasks)


def run(label: str, emu: EmulatorThread, count: int, side: str) -> dict[str, float]:
    index_id, ids, ready_at = create_tasks(emu, count)
    emu.state.reset_counters()
    if side == "per-task":
        asyncio.run(per_task(emu.base_url, ids))
    else:
        asyncio.run(batched(emu.base_url, index_id if side == "batched" else None, ids))
    late = time.time() - ready_at
    requests = sum(emu.state.route_counts.values())
    print(f"{label:>19}: {requests:6d} requests, done {late:+.2f} s after the tasks were ready", flush=True)
    return {"requests": requests, "late_s": round(late, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--ready-after", type=float, default=4.0)
    args = parser.parse_args()
    speed = sum(length for _, length in TASK_STAGES) / args.ready_after
    with EmulatorThread(speed=speed) as emu:
        per = run("per-task", emu, args.tasks, "per-task")
        many = run("wait_many", emu, args.tasks, "batched")
        ids_only = run("wait_many, ids only", emu, args.tasks, "ids-only")
    summary = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "aiohttp": aiohttp.__version__,
        "tasks": args.tasks,
        "ready_after_s": args.ready_after,
        "schedule": SCHEDULE,
        "per_task": per,
        "wait_many": many,
        "wait_many_ids_only": ids_only,
        "request_ratio": round(many["requests"] / per["requests"], 4),
        "request_ratio_ids_only": round(ids_only["requests"] / per["requests"], 4),
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
