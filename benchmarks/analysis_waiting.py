"""Waiting for analyze tasks and batches: ``tasks.wait_many`` against per-task ``wait_for_done`` polling, and
``batches.run`` over one batch of 1,000 items.

    python benchmarks/analysis_waiting.py [--tasks 1000] [--items 1000] [--ready-after 8] [--schedules default,tight]

The emulator runs in a subprocess (``benchmarks/_server.py``) at speed 1, so its lifecycles take real seconds:

- **tasks**: ``--tasks`` analyze tasks are created (raw aiohttp, not measured), each ready ``--ready-after``
  seconds after its creation (``[emulator:seconds=N]`` in the prompt). Then either one ``wait_for_done`` per
  task, all at once on one client (what a script does with the single-task waiter), or one ``wait_many`` over all
  ids, iterated with ``async for`` so each task is timed when it is handed over. Fresh tasks for each side.
- **batch**: one batch of ``--items`` items over seeded assets, processed 100 at a time, 1 s each (the last item
  ready about 10.2 s after creation). Either ``batches.run`` (``async for``: each result as it becomes final),
  or ``batches.create`` + ``batches.wait_for_done`` + one read of ``batches.results`` (the plain way).

Schedules: ``default`` is the SDK's defaults (tasks 2 s growing 1.5x to 30 s; batches 5 s to 60 s); ``tight`` is
0.5 s to 2 s for both. Requests are counted by the emulator (every HTTP request it saw, the transport's retries
included). A task's readiness is its create's answer time plus ``--ready-after`` (the emulator's clock starts the
task while handling the create, so this errs late by at most the create's round trip, a few ms); the batch's
last item is ready at its create's answer time plus 0.2 s + 10 rounds of 1 s, likewise. "Late" is the time from
readiness to the moment the caller had the task (or the result).

Prints a JSON summary last (``benchmarks/run.py`` reads it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._server import API_KEY, Emulator
from twelvelabs_async import AsyncTwelveLabs, __version__

SCHEDULES: dict[str, dict[str, dict[str, float]]] = {
    "default": {"task": {"sleep_interval": 2.0, "max_interval": 30.0},
                "batch": {"sleep_interval": 5.0, "max_interval": 60.0}},
    "tight": {"task": {"sleep_interval": 0.5, "max_interval": 2.0},
              "batch": {"sleep_interval": 0.5, "max_interval": 2.0}},
}
BATCH_CONCURRENCY = 100
ITEM_SECONDS = 1.0
BATCH_PENDING = 0.2  # the emulator's pending time before the first items start
TASK_QUEUE = 0.4  # queued 0.2 s + pending 0.2 s before processing
VIDEO = "https://media.test/lecture.mp4?duration=1800"
TIMEOUT = 300.0


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return {"median": round(statistics.median(ordered), 3), "p95": round(p95, 3), "max": round(ordered[-1], 3)}


def _counts(emu: Emulator, before: dict[str, int]) -> dict[str, int]:
    after = emu.counters()
    return {route: n - before.get(route, 0) for route, n in sorted(after.items()) if n - before.get(route, 0)}


# --- tasks ------------------------------------------------------------------------------------------------------


async def create_tasks(url: str, count: int, ready_after: float) -> tuple[list[str], dict[str, float]]:
    """``count`` tasks (16 creates in flight); returns their ids and each one's readiness (epoch seconds)."""
    prompt = f"Summarize the lecture [emulator:seconds={ready_after - TASK_QUEUE:g}]"
    ids: list[str] = [""] * count
    ready: dict[str, float] = {}
    limit = asyncio.Semaphore(16)
    async with aiohttp.ClientSession(headers={"x-api-key": API_KEY}) as http:

        async def one(n: int) -> None:
            async with limit, http.post(f"{url}/analyze/tasks", json={"video": {"type": "url", "url": VIDEO},
                                                                       "prompt": prompt}) as resp:
                body = await resp.json()
                answered = time.time()
            assert resp.status == 202, body
            ids[n] = body["task_id"]
            ready[body["task_id"]] = answered + ready_after

        await asyncio.gather(*(one(n) for n in range(count)))
    return ids, ready


async def per_task(url: str, ids: list[str], schedule: dict[str, float]) -> dict[str, float]:
    done: dict[str, float] = {}
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=url) as client:

        async def one(task_id: str) -> None:
            task = await client.analyze_async.tasks.wait_for_done(task_id, timeout=TIMEOUT, **schedule)
            assert task.status == "ready"
            done[task_id] = time.time()

        await asyncio.gather(*(one(i) for i in ids))
    return done


async def many(url: str, ids: list[str], schedule: dict[str, float]) -> dict[str, float]:
    done: dict[str, float] = {}
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=url) as client:
        async for task in client.analyze_async.tasks.wait_many(ids, timeout=TIMEOUT, **schedule):
            assert task.status == "ready"
            done[task.task_id] = time.time()
    return done


def tasks_side(emu: Emulator, side: str, count: int, ready_after: float, schedule: dict[str, float]) -> dict[str, Any]:
    ids, ready = asyncio.run(create_tasks(emu.url, count, ready_after))
    before = emu.counters()
    waiter: Callable[[str, list[str], dict[str, float]], Awaitable[dict[str, float]]] = (
        per_task if side == "per-task" else many)
    done = asyncio.run(waiter(emu.url, ids, schedule))
    requests = _counts(emu, before)
    late = [done[i] - ready[i] for i in ids]
    return {"requests": sum(requests.values()), "by_route": requests, "late_s": _stats(late),
            "all_done_after_last_ready_s": round(max(done.values()) - max(ready.values()), 3)}


# --- batch ------------------------------------------------------------------------------------------------------


def _last_ready(created_at: float, items: int) -> float:
    return created_at + BATCH_PENDING + math.ceil(items / BATCH_CONCURRENCY) * ITEM_SECONDS


async def with_run(url: str, assets: list[str], schedule: dict[str, float]) -> dict[str, Any]:
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=url) as client:
        batches = client.analyze_async.batches
        created: list[float] = []
        real_create = batches.create

        async def timed_create(**kwargs: Any) -> Any:
            answer = await real_create(**kwargs)
            created.append(time.time())
            return answer

        batches.create = timed_create  # type: ignore[method-assign]
        first = last = 0.0
        count = 0
        async for outcome in batches.run(assets, defaults={"prompt": "Title and topics?"}, timeout=TIMEOUT,
                                         **schedule):
            assert outcome.ok, outcome
            last = time.time()
            first = first or last
            count += 1
    assert count == len(assets) and len(created) == 1
    return {"created": created[0], "first": first, "last": last}


async def with_wait(url: str, assets: list[str], schedule: dict[str, float]) -> dict[str, Any]:
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=url) as client:
        batches = client.analyze_async.batches
        batch = await batches.create(model_name="pegasus1.5", analysis_mode="general",
                                     requests=assets, defaults={"prompt": "Title and topics?"})
        created = time.time()
        outcome = await batches.wait_for_done(batch.batch_id, timeout=TIMEOUT, **schedule)
        assert outcome.succeeded
        first = last = 0.0
        count = 0
        async with batches.results(batch.batch_id) as stream:
            async for line in stream:
                assert line.status == "ready"
                last = time.time()
                first = first or last
                count += 1
    assert count == len(assets)
    return {"created": created, "first": first, "last": last}


def batch_side(emu: Emulator, side: str, items: int, schedule: dict[str, float]) -> dict[str, Any]:
    assets = emu.seed_assets(items, prefix="lecture")
    before = emu.counters()
    timing = asyncio.run((with_run if side == "batches.run" else with_wait)(emu.url, assets, schedule))
    requests = _counts(emu, before)
    last_ready = _last_ready(timing["created"], items)
    first_ready = timing["created"] + BATCH_PENDING + ITEM_SECONDS
    return {"requests": sum(requests.values()), "by_route": requests,
            "first_result_after_first_ready_s": round(timing["first"] - first_ready, 3),
            "last_result_after_last_ready_s": round(timing["last"] - last_ready, 3)}


# --- main -------------------------------------------------------------------------------------------------------


def _median_of(outs: list[dict[str, Any]], path: tuple[str, ...]) -> float:
    values = []
    for out in outs:
        value: Any = out
        for key in path:
            value = value[key]
        values.append(float(value))
    return round(statistics.median(values), 3)


def _summary(outs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the rounds of every number, and the rounds themselves."""
    first = outs[0]
    medians: dict[str, Any] = {"requests": _median_of(outs, ("requests",))}
    for key, value in first.items():
        if isinstance(value, dict) and key != "by_route":
            medians[key] = {sub: _median_of(outs, (key, sub)) for sub in value}
        elif isinstance(value, float):
            medians[key] = _median_of(outs, (key,))
    return {"median": medians, "rounds": outs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--ready-after", type=float, default=8.0)
    parser.add_argument("--schedules", default="default,tight")
    parser.add_argument("--rounds", type=int, default=3, help="repetitions of every measurement (order alternates)")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.schedules.split(",") if s.strip()]
    raw: dict[str, list[dict[str, Any]]] = {}
    with Emulator("--speed", "1", "--batch-concurrency", str(BATCH_CONCURRENCY)) as emu:
        for r in range(args.rounds):
            for name in chosen:
                schedule = SCHEDULES[name]
                sides = ["per-task", "wait_many"] if r % 2 == 0 else ["wait_many", "per-task"]
                for side in sides:
                    out = tasks_side(emu, side, args.tasks, args.ready_after, schedule["task"])
                    raw.setdefault(f"tasks {name} {side}", []).append(out)
                    print(f"round {r + 1} tasks {name:>7} {side:>9}: {out['requests']:6d} requests, late median "
                          f"{out['late_s']['median']:+.2f} s, p95 {out['late_s']['p95']:+.2f} s, max "
                          f"{out['late_s']['max']:+.2f} s", flush=True)
                batch_sides = ["batches.run", "wait_for_done+results"]
                for side in batch_sides if r % 2 == 0 else batch_sides[::-1]:
                    out = batch_side(emu, side, args.items, schedule["batch"])
                    raw.setdefault(f"batch {name} {side}", []).append(out)
                    print(f"round {r + 1} batch {name:>7} {side:>21}: {out['requests']:4d} requests, first result "
                          f"{out['first_result_after_first_ready_s']:+.2f} s after the first item was ready, last "
                          f"{out['last_result_after_last_ready_s']:+.2f} s after the last", flush=True)
    results = {key: _summary(outs) for key, outs in raw.items()}
    ratios = {name: round(results[f"tasks {name} wait_many"]["median"]["requests"]
                          / results[f"tasks {name} per-task"]["median"]["requests"], 4) for name in chosen}
    summary = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "aiohttp": aiohttp.__version__,
        "twelvelabs_async": __version__,
        "date": time.strftime("%Y-%m-%d"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "tasks": args.tasks,
        "items": args.items,
        "ready_after_s": args.ready_after,
        "rounds": args.rounds,
        "schedules": {name: SCHEDULES[name] for name in chosen},
        "request_ratio": ratios,
        "results": results,
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
