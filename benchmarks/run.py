"""Run the benchmarks: twelvelabs_async (async and sync) against raw aiohttp and the official ``twelvelabs`` SDK.

    python -m benchmarks [--quick] [--only SCENARIO[,SCENARIO...]] [--rounds N] [--output PATH] [--no-write]
    python benchmarks/run.py ...          (the same)

The runner starts the emulator in a subprocess on 127.0.0.1 (``--speed instant``, no stream delay: artificial
delays off), so client and server never share a GIL, and stops it at the end. Every scenario runs each client in
turn, interleaved, for several rounds (the order rotates each round), and reports the median over rounds and the
ratio to raw aiohttp measured in the same run. Every loop is bounded in count and in time. Results go to
``benchmarks/RESULTS.md`` (machine, versions, date, the table and the targets met or missed).

Scenarios: ``calls`` (indexes.retrieve at concurrency 1: latency, and 64: calls/s), ``sync`` (16 threads of the
sync clients), ``stream`` (one NDJSON stream of 200,000 events), ``search`` (5,000 results at page_limit 50),
``prefetch`` (the same search with a consumer spending 20 ms per page), ``decode`` (a 50-item search page into
models), ``import`` (fresh processes), ``upload``, ``wait`` and ``analysis`` (the scripts
``upload_throughput.py``, ``wait_many.py`` and ``analysis_waiting.py``, when present).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import gc
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # ``python benchmarks/run.py`` puts benchmarks/ first, not the checkout
    sys.path.insert(0, str(ROOT))

from benchmarks import _clients as C  # noqa: E402
from benchmarks._server import Emulator  # noqa: E402

SCENARIOS = ("calls", "sync", "stream", "search", "prefetch", "decode", "import", "upload", "wait", "analysis")
CLIENT_BUDGET = 180.0  # seconds one client may spend in one round of one scenario before it is stopped


class BenchTimeout(Exception):
    pass


# --- results ---------------------------------------------------------------------------------------------------


@dataclass
class Metric:
    key: str
    label: str
    unit: str
    higher_is_better: bool
    digits: int = 1


@dataclass
class Scenario:
    name: str
    title: str
    metrics: list[Metric]
    values: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # client -> metric -> per round
    skipped: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, client: str, key: str, value: float) -> None:
        self.values.setdefault(client, {}).setdefault(key, []).append(value)

    def median(self, client: str, key: str) -> float | None:
        samples = self.values.get(client, {}).get(key)
        return statistics.median(samples) if samples else None

    def ratio(self, client: str, key: str, base: str = C.RAW) -> float | None:
        value, floor = self.median(client, key), self.median(base, key)
        if value is None or not floor:
            return None
        return value / floor


@dataclass
class Target:
    text: str
    measured: str
    met: bool | None  # None: not measured in this run


@dataclass
class Run:
    args: argparse.Namespace
    scenarios: list[Scenario] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    extra_sections: list[tuple[str, str]] = field(default_factory=list)
    script_results: dict[str, dict[str, Any]] = field(default_factory=dict)


def _rotate(items: Sequence[str], round_no: int) -> list[str]:
    if not items:
        return []
    k = round_no % len(items)
    return list(items[k:]) + list(items[:k])


def _say(text: str) -> None:
    print(text, flush=True)


def _run_async(make: Callable[..., Awaitable[Any]], *args: Any, budget: float = CLIENT_BUDGET) -> Any:
    """``asyncio.run(make(*args))`` on a fresh loop, stopped after ``budget`` seconds."""

    async def bounded() -> Any:
        try:
            return await asyncio.wait_for(make(*args), budget)
        except asyncio.TimeoutError:
            raise BenchTimeout(f"over {budget:g} s") from None

    return asyncio.run(bounded())


def _clients(args: argparse.Namespace, names: Iterable[str], scenario: Scenario) -> list[str]:
    """The clients to run; the official ones are skipped (with a note) when the SDK is missing."""
    out = []
    for name in names:
        if name in (C.OFFICIAL_ASYNC, C.OFFICIAL_SYNC) and (args.no_official or C.official_version() is None):
            reason = "--no-official" if args.no_official else "official twelvelabs SDK not installed"
            scenario.skipped[name] = reason
            continue
        out.append(name)
    return out


# --- the world the scenarios share --------------------------------------------------------------------------------


@dataclass
class World:
    emulator: Emulator
    index_id: str
    video_id: str
    search_index_id: str
    search_results: int


def make_world(emulator: Emulator, search_results: int) -> World:
    index_id = emulator.create_index("bench-calls")
    video_id = emulator.seed_videos(index_id, 1, "stream_subject")[0]
    search_index_id = emulator.create_index("bench-search")
    # Every seeded video matches "dog" with one clip: exactly ``search_results`` results.
    emulator.seed_videos(search_index_id, search_results, "bench_dog", clips_per_video=1)
    return World(emulator, index_id, video_id, search_index_id, search_results)


# --- scenario: small calls --------------------------------------------------------------------------------------


async def _async_latency(name: str, world: World, calls: int, warmup: int) -> tuple[float, float]:
    """Median latency per sequential call (µs) and CPU per call (µs)."""
    async with C.make_async(name, world.emulator.url) as client:
        for _ in range(warmup):
            await client.retrieve(world.index_id)
        samples = []
        cpu0 = time.process_time()
        for _ in range(calls):
            t0 = time.perf_counter_ns()
            await client.retrieve(world.index_id)
            samples.append(time.perf_counter_ns() - t0)
        cpu = time.process_time() - cpu0
    return statistics.median(samples) / 1000, cpu / calls * 1e6


def _sync_latency(name: str, world: World, calls: int, warmup: int) -> tuple[float, float]:
    deadline = time.perf_counter() + CLIENT_BUDGET
    with C.make_sync(name, world.emulator.url) as client:
        for _ in range(warmup):
            client.retrieve(world.index_id)
        samples = []
        cpu0 = time.process_time()
        for _ in range(calls):
            t0 = time.perf_counter_ns()
            client.retrieve(world.index_id)
            samples.append(time.perf_counter_ns() - t0)
            if time.perf_counter() > deadline:
                raise BenchTimeout(f"over {CLIENT_BUDGET:g} s")
        cpu = time.process_time() - cpu0
    return statistics.median(samples) / 1000, cpu / calls * 1e6


async def _async_throughput(name: str, world: World, concurrency: int, total: int) -> tuple[float, float]:
    """Calls per second with ``concurrency`` workers sharing ``total`` calls, and CPU per call (µs)."""
    async with C.make_async(name, world.emulator.url) as client:
        await asyncio.gather(*(client.retrieve(world.index_id) for _ in range(concurrency)))  # warm the pool
        per_worker = max(1, total // concurrency)

        async def worker() -> None:
            for _ in range(per_worker):
                await client.retrieve(world.index_id)

        cpu0, t0 = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    done = per_worker * concurrency
    return done / wall, cpu / done * 1e6


def _sync_throughput(name: str, world: World, threads: int, total: int) -> tuple[float, float]:
    deadline = time.perf_counter() + CLIENT_BUDGET
    per_thread = max(1, total // threads)
    errors: list[BaseException] = []
    with C.make_sync(name, world.emulator.url) as client:
        for _ in range(threads):
            client.retrieve(world.index_id)

        def worker() -> None:
            try:
                for _ in range(per_thread):
                    client.retrieve(world.index_id)
                    if time.perf_counter() > deadline:
                        raise BenchTimeout(f"over {CLIENT_BUDGET:g} s")
            except BaseException as exc:  # reported below
                errors.append(exc)

        pool = [threading.Thread(target=worker) for _ in range(threads)]
        cpu0, t0 = time.process_time(), time.perf_counter()
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join(CLIENT_BUDGET + 10)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    if errors:
        raise errors[0]
    done = per_thread * threads
    return done / wall, cpu / done * 1e6


def _official_share(name: str, n: int, divisor: int) -> int:
    return max(50, n // divisor) if name.startswith("official") else n


def scenario_calls(run: Run, world: World) -> list[Scenario]:
    args = run.args
    c1 = Scenario("calls-c1", "indexes.retrieve, concurrency 1 (sequential calls)", [
        Metric("lat", "latency per call (median)", "µs", False, 0),
        Metric("cpu", "client CPU per call", "µs", False, 0),
    ])
    c64 = Scenario("calls-c64", "indexes.retrieve, concurrency 64 (asyncio tasks)", [
        Metric("rate", "calls per second", "calls/s", True, 0),
        Metric("cpu", "client CPU per call", "µs", False, 0),
    ])
    calls = 300 if args.quick else 2000
    total = 1280 if args.quick else 6400
    names1 = _clients(args, (*C.ASYNC_CLIENTS, *C.SYNC_CLIENTS), c1)
    names64 = _clients(args, C.ASYNC_CLIENTS, c64)
    for name in C.SYNC_CLIENTS:
        c64.skipped.setdefault(name, "sync clients: see the 16-thread scenario")
    for r in range(args.rounds):
        for name in _rotate(names1, r):
            n = _official_share(name, calls, 4)
            if name in C.SYNC_CLIENTS:
                lat, cpu = _sync_latency(name, world, n, 50)
            else:
                lat, cpu = _run_async(_async_latency, name, world, n, 50)
            c1.add(name, "lat", lat)
            c1.add(name, "cpu", cpu)
        for name in _rotate(names64, r):
            n = _official_share(name, total, 5)
            rate, cpu = _run_async(_async_throughput, name, world, 64, n)
            c64.add(name, "rate", rate)
            c64.add(name, "cpu", cpu)
        _say(f"  calls round {r + 1}/{args.rounds} done")
    c1.notes.append(f"{calls} sequential calls per client per round (official clients: a quarter), after 50 warm-up "
                    "calls; the median call of each round, then the median over rounds.")
    c64.notes.append(f"{total} calls per round by 64 tasks on one client (official async: a fifth). The emulator "
                     "runs in its own process on the other core; with 2 cores the server is part of the limit, so "
                     "client CPU per call shows the client's own cost.")
    return [c1, c64]


def scenario_sync(run: Run, world: World) -> list[Scenario]:
    args = run.args
    sc = Scenario("sync-t16", "indexes.retrieve from 16 threads (sync clients; async at concurrency 16 for "
                  "reference)", [
        Metric("rate", "calls per second", "calls/s", True, 0),
        Metric("cpu", "client CPU per call", "µs", False, 0),
    ])
    total = 960 if args.quick else 4800
    names = _clients(args, (C.RAW, C.OURS_ASYNC, *C.SYNC_CLIENTS), sc)
    for r in range(args.rounds):
        for name in _rotate(names, r):
            n = _official_share(name, total, 4)
            if name in C.SYNC_CLIENTS:
                rate, cpu = _sync_throughput(name, world, 16, n)
            else:
                rate, cpu = _run_async(_async_throughput, name, world, 16, n)
            sc.add(name, "rate", rate)
            sc.add(name, "cpu", cpu)
        _say(f"  sync round {r + 1}/{args.rounds} done")
    sc.notes.append(f"{total} calls per round (official sync: a quarter) shared by 16 threads on one client "
                    "(async clients: 16 tasks).")
    return [sc]


# --- scenario: NDJSON stream ------------------------------------------------------------------------------------


def scenario_stream(run: Run, world: World) -> list[Scenario]:
    args = run.args
    sc = Scenario("stream", "one analyze NDJSON stream", [
        Metric("rate", "events per second", "events/s", True, 0),
        Metric("ttfe", "time to first event", "ms", False, 1),
        Metric("cpu", "client CPU per event", "µs", False, 2),
        Metric("events", "events in the stream", "events", True, 0),
    ])
    events = 50_000 if args.quick else 200_000
    official_events = 2_000 if args.quick else 5_000
    names = _clients(args, (*C.ASYNC_CLIENTS, *C.SYNC_CLIENTS), sc)

    def one(name: str) -> tuple[int, float, float, float]:
        n = official_events if name.startswith("official") else events
        prompt = f"Describe the video [emulator:events={n}]"
        cpu0, t0 = time.process_time(), time.perf_counter()
        if name in C.SYNC_CLIENTS:
            with C.make_sync(name, world.emulator.url) as client:
                got, ttfe = client.stream(world.video_id, prompt)
        else:

            async def go() -> tuple[int, float]:
                async with C.make_async(name, world.emulator.url) as client:
                    result: tuple[int, float] = await client.stream(world.video_id, prompt)
                    return result

            got, ttfe = _run_async(go)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        if got != n + 2:
            raise RuntimeError(f"{name} got {got} events, expected {n + 2}")
        return got, got / wall, ttfe, cpu / got * 1e6

    for r in range(args.rounds):
        for name in _rotate(names, r):
            got, rate, ttfe, cpu = one(name)
            sc.add(name, "rate", rate)
            sc.add(name, "ttfe", ttfe * 1000)
            sc.add(name, "cpu", cpu)
            sc.add(name, "events", got)
        _say(f"  stream round {r + 1}/{args.rounds} done")
    sc.notes.append(f"{events:,} text events (+ start and end) per stream; the official SDK gets {official_events:,} "
                    "(it is far slower). Events per second = events / wall time of the whole call; the emulator "
                    "builds every event before the first byte, so time to first event is mostly the server's. "
                    "Client CPU per event includes the client's setup and teardown.")
    return [sc]


# --- scenario: search ---------------------------------------------------------------------------------------


def _search_once(name: str, world: World, on_page_s: float | None, prefetch: bool) -> tuple[int, float, float, int]:
    """(results, wall seconds, CPU seconds, requests made)."""
    emulator = world.emulator
    before = emulator.counters()
    cpu0, t0 = time.process_time(), time.perf_counter()
    if name in C.SYNC_CLIENTS:
        hook_sync = (lambda _n: time.sleep(on_page_s)) if on_page_s else None
        with C.make_sync(name, emulator.url) as client:
            results = client.search(world.search_index_id, "dog", 50, hook_sync, prefetch)
    else:

        async def hook(_n: int) -> None:
            assert on_page_s is not None
            await asyncio.sleep(on_page_s)

        async def go() -> int:
            async with C.make_async(name, emulator.url) as client:
                got: int = await client.search(
                    world.search_index_id, "dog", 50, hook if on_page_s else None, prefetch
                )
                return got

        results = _run_async(go)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return results, wall, cpu, emulator.requests_made(before)


def scenario_search(run: Run, world: World) -> list[Scenario]:
    args = run.args
    sc = Scenario("search", f"search.query over {world.search_results:,} results at page_limit 50", [
        Metric("rate", "results per second", "results/s", True, 0),
        Metric("requests", "requests made", "requests", False, 0),
        Metric("cpu", "client CPU per page", "µs", False, 0),
        Metric("results", "results", "results", True, 0),
    ])
    names = _clients(args, (*C.ASYNC_CLIENTS, *C.SYNC_CLIENTS), sc)
    pages = -(-world.search_results // 50)
    for r in range(args.rounds):
        for name in _rotate(names, r):
            results, wall, cpu, requests = _search_once(name, world, None, False)
            sc.add(name, "rate", results / wall)
            sc.add(name, "requests", requests)
            sc.add(name, "cpu", cpu / pages * 1e6)
            sc.add(name, "results", results)
        _say(f"  search round {r + 1}/{args.rounds} done")
    sc.notes.append(f"{pages} pages: 1 POST /search and {pages - 1} GET /search/{{token}}; requests counted by the "
                    "emulator. CPU per page includes making and closing the client.")
    return [sc]


def scenario_prefetch(run: Run, world: World) -> list[Scenario]:
    args = run.args
    consume = 0.02
    pages = -(-world.search_results // 50)
    out = []
    variants = (("", "no server delay"), ("GET /search/{page_token}:latency(0.02)=1", "20 ms server latency per "
                                                                                      "follow-up page"))
    configs = [(C.RAW, False), (C.OURS_ASYNC, False), (C.OURS_ASYNC, True), (C.OURS_SYNC, False),
               (C.OURS_SYNC, True)]
    for spec, label in variants:
        sc = Scenario(f"prefetch{'-latency' if spec else ''}", f"search with a consumer spending 20 ms per page "
                      f"({label})", [
            Metric("fetch", "fetch only (no consumer)", "s", False, 3),
            Metric("wall", "wall with the consumer", "s", False, 3),
            Metric("bound", "max(fetch, consume)", "s", False, 3),
            Metric("over", "wall / max(fetch, consume)", "x", False, 2),
        ])
        world.emulator.set_faults(spec)
        try:
            for r in range(min(args.rounds, 3)):  # each round takes ~40 s: three are enough for these ratios
                for name, prefetch in _rotate_pairs(configs, r):
                    key = f"{name}{' prefetch' if prefetch else ''}"
                    _, fetch, _, _ = _search_once(name, world, None, prefetch)
                    _, wall, _, _ = _search_once(name, world, consume, prefetch)
                    bound = max(fetch, pages * consume)
                    sc.add(key, "fetch", fetch)
                    sc.add(key, "wall", wall)
                    sc.add(key, "bound", bound)
                    sc.add(key, "over", wall / bound)
                _say(f"  prefetch ({label}) round {r + 1} done")
        finally:
            world.emulator.set_faults("")
        sc.notes.append(f"{pages} pages; the consumer awaits asyncio.sleep(0.02) (sync: time.sleep) per page, "
                        f"so consuming alone takes {pages * consume:.2f} s. Without prefetch the wall time is the "
                        "sum of fetching and consuming; with prefetch=True it should be close to the larger one.")
        out.append(sc)
    return out


def _rotate_pairs(items: Sequence[tuple[str, bool]], round_no: int) -> list[tuple[str, bool]]:
    k = round_no % len(items)
    return list(items[k:]) + list(items[:k])


# --- scenario: decode ---------------------------------------------------------------------------------------


def scenario_decode(run: Run, world: World | None) -> list[Scenario]:
    from benchmarks import decode_search_page as dsp
    from twelvelabs_async._converter import structure
    from twelvelabs_async.models import SearchPage

    args = run.args
    sc = Scenario("decode", "decode a 50-item search page (parsed JSON) into models", [
        Metric("us", "time per page (median)", "µs", False, 1),
    ])
    page = dsp.make_page()
    decoders: dict[str, Callable[[Any], Any]] = {C.OURS_ASYNC: lambda p: structure(p, SearchPage)}
    official = None if args.no_official else dsp.official_decoder()
    if official is not None:
        decoders[C.OFFICIAL_ASYNC] = official
    else:
        sc.skipped[C.OFFICIAL_ASYNC] = "official twelvelabs SDK not installed"
    sc.skipped[C.RAW] = "raw aiohttp has no models (json.loads only)"
    iterations = 300 if args.quick else 2000
    for r in range(args.rounds):
        for name in _rotate(list(decoders), r):
            n = max(50, iterations // 10) if name == C.OFFICIAL_ASYNC else iterations
            sc.add(name, "us", dsp.median_us(decoders[name], page, n))
    sc.notes.append(f"The page of benchmarks/decode_search_page.py (50 clips with metadata); median of {iterations} "
                    "decodes per round (official: a tenth), GC off while timing. 'official async' here is the "
                    "SDK's own parse_obj_as(SearchResults), shared by both official clients.")
    return [sc]


# --- scenario: import -----------------------------------------------------------------------------------------

_IMPORTS = {
    "twelvelabs_async": "import twelvelabs_async\nfrom twelvelabs_async import AsyncTwelveLabs",
    "twelvelabs_async (sync client)": "import twelvelabs_async\nfrom twelvelabs_async import TwelveLabs",
    "twelvelabs (official)": "import twelvelabs",
    "twelvelabs (official, async client)": "import twelvelabs\nfrom twelvelabs import AsyncTwelveLabs",
    "aiohttp alone": "import aiohttp",
    "twelvelabs_async + first client": "from twelvelabs_async import AsyncTwelveLabs\nAsyncTwelveLabs(api_key='k')",
    "twelvelabs (official) + first client": "from twelvelabs import AsyncTwelveLabs\nAsyncTwelveLabs(api_key='k')",
}


def _import_seconds(statement: str) -> float:
    code = ("import time\nt0 = time.perf_counter()\n" + statement +
            "\nprint(time.perf_counter() - t0)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT,
                         env=env, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def scenario_import(run: Run, world: World | None) -> list[Scenario]:
    args = run.args
    sc = Scenario("import", "import time inside a fresh process (time around the import statements)", [
        Metric("ms", "import time (median)", "ms", False, 1),
    ])
    names = list(_IMPORTS)
    if args.no_official or C.official_version() is None:
        for name in ("twelvelabs (official)", "twelvelabs (official, async client)",
                     "twelvelabs (official) + first client"):
            names.remove(name)
            sc.skipped[name] = "official twelvelabs SDK not installed"
    for name in names:  # warm the file cache and the bytecode caches once
        _import_seconds(_IMPORTS[name])
    rounds = 3 if args.quick else 9
    for r in range(rounds):
        for name in _rotate(names, r):
            sc.add(name, "ms", _import_seconds(_IMPORTS[name]) * 1000)
    sc.notes.append(f"Median of {rounds} fresh interpreters per statement, interleaved, after one warm-up each "
                    "(bytecode cached, files in the page cache). Ratios here are to aiohttp alone. aiohttp is imported "
                    "when the first AsyncTwelveLabs is made: the '+ first client' rows include that.")
    return [sc]


# --- scenarios owned by other scripts ----------------------------------------------------------------------------


def _script_section(run: Run, script: str, argv: list[str], title: str, timeout: float) -> None:
    path = ROOT / "benchmarks" / script
    if not path.exists():
        run.extra_sections.append((title, f"_skipped: benchmarks/{script} does not exist yet._"))
        return
    _say(f"  running benchmarks/{script} {' '.join(argv)}")
    try:
        out = subprocess.run([sys.executable, str(path), *argv], capture_output=True, text=True, timeout=timeout,
                             cwd=ROOT)
        text = out.stdout.strip() + (f"\n(exit {out.returncode}: {out.stderr.strip()[-2000:]})"
                                     if out.returncode else "")
    except subprocess.TimeoutExpired:
        text = f"(stopped after {timeout:g} s)"
    run.extra_sections.append((title, f"`python benchmarks/{script} {' '.join(argv)}`\n\n```\n{text}\n```"))
    start = text.find("{")
    if start >= 0:
        import contextlib
        import json

        with contextlib.suppress(ValueError):
            run.script_results[script] = json.loads(text[start : text.rfind("}") + 1])


def scenario_upload(run: Run, world: World | None) -> list[Scenario]:
    argv = ["--files", "4", "--mb", "16", "--rounds", "1"] if run.args.quick else []
    _script_section(run, "upload_throughput.py", argv, "Upload 16 x 64 MB at concurrency 4 (upload_throughput.py)",
                    900)
    return []


def scenario_wait(run: Run, world: World | None) -> list[Scenario]:
    _script_section(run, "wait_many.py", [], "Waiting for 200 tasks (wait_many.py)", 600)
    return []


def scenario_analysis(run: Run, world: World | None) -> list[Scenario]:
    argv = ["--tasks", "200", "--items", "200", "--ready-after", "4", "--rounds", "1"] if run.args.quick else []
    _script_section(run, "analysis_waiting.py", argv,
                    "Waiting for 1,000 analyze tasks and one batch of 1,000 items (analysis_waiting.py)", 1800)
    return []


# --- targets ----------------------------------------------------------------------------------------------------


def _find(run: Run, name: str) -> Scenario | None:
    return next((s for s in run.scenarios if s.name == name), None)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def evaluate_targets(run: Run) -> None:
    t = run.targets

    def check(text: str, measured: str, ok: bool | None) -> None:
        t.append(Target(text, measured, ok))

    c64, c1 = _find(run, "calls-c64"), _find(run, "calls-c1")
    if c64:
        ratio = c64.ratio(C.OURS_ASYNC, "rate")
        check("small calls, concurrency 64: >= 0.85x raw aiohttp calls/s", f"{_fmt(ratio)}x",
              None if ratio is None else ratio >= 0.85)
    if c1:
        ratio = c1.ratio(C.OURS_ASYNC, "lat")
        extra = c1.median(C.OURS_ASYNC, "cpu"), c1.median(C.RAW, "cpu")
        over = None if None in extra else extra[0] - extra[1]  # type: ignore[operator]
        check("small calls, concurrency 1: <= 1.15x raw aiohttp latency", f"{_fmt(ratio)}x (CPU on top of "
              f"aiohttp: {_fmt(over, 0)} µs per call)", None if ratio is None else ratio <= 1.15)
        sync_ratio = c1.ratio(C.OURS_SYNC, "lat", C.OURS_ASYNC)
        check("sync facade latency <= 1.25x async (concurrency 1)", f"{_fmt(sync_ratio)}x",
              None if sync_ratio is None else sync_ratio <= 1.25)
    s16 = _find(run, "sync-t16")
    if s16:
        ratio = s16.ratio(C.OURS_SYNC, "rate", C.OFFICIAL_SYNC)
        check("16-thread sync throughput vs the official sync client (report; higher is better)",
              f"{_fmt(ratio)}x official", None if ratio is None else ratio >= 1.0)
    st = _find(run, "stream")
    if st:
        ratio = st.ratio(C.OURS_ASYNC, "rate")
        cpu_ratio = st.ratio(C.OURS_ASYNC, "cpu")
        check("stream >= 0.8x raw aiohttp events/s", f"{_fmt(ratio)}x (client CPU per event {_fmt(cpu_ratio)}x raw, "
              f"{_fmt(st.median(C.OURS_ASYNC, 'cpu'))} µs)", None if ratio is None else ratio >= 0.8)
    dec = _find(run, "decode")
    if dec:
        us = dec.median(C.OURS_ASYNC, "us")
        off = dec.median(C.OFFICIAL_ASYNC, "us")
        speedup = f", {off / us:.0f}x faster than the official SDK" if off and us else ""
        check("50-item page decoded in <= 1.3 ms", f"{_fmt(us, 0)} µs{speedup}", None if us is None else us <= 1300)
    imp = _find(run, "import")
    if imp:
        ours, theirs = imp.median("twelvelabs_async", "ms"), imp.median("twelvelabs (official)", "ms")
        check("import <= 150 ms", f"{_fmt(ours, 0)} ms", None if ours is None else ours <= 150)
        factor = theirs / ours if ours and theirs else None
        check("import >= 5x faster than `import twelvelabs`", f"{_fmt(factor, 1)}x ({_fmt(theirs, 0)} ms)",
              None if factor is None else factor >= 5)
    se = _find(run, "search")
    if se:
        requests = se.values.get(C.OURS_ASYNC, {}).get("requests", [])
        sync_requests = se.values.get(C.OURS_SYNC, {}).get("requests", [])
        pages = -(-_search_results(run) // 50)
        exact = bool(requests) and all(n == pages for n in requests + sync_requests)
        check(f"search: exactly {pages} requests (ours, every round, async and sync)",
              f"{sorted(set(requests + sync_requests))}", exact if requests else None)
        ratio = se.ratio(C.OURS_ASYNC, "rate")
        check("search >= 0.5x raw aiohttp results/s", f"{_fmt(ratio)}x", None if ratio is None else ratio >= 0.5)
    for name in ("prefetch", "prefetch-latency"):
        pf = _find(run, name)
        if not pf:
            continue
        for key in (f"{C.OURS_ASYNC} prefetch", f"{C.OURS_SYNC} prefetch"):
            over = pf.median(key, "over")
            wall, bound = pf.median(key, "wall"), pf.median(key, "bound")
            plain = pf.median(key.replace(" prefetch", ""), "wall")
            check(f"{name}: {key} wall close to max(fetch, consume) (<= 1.10x)",
                  f"{_fmt(wall, 3)} s vs {_fmt(bound, 3)} s ({_fmt(over)}x; without prefetch {_fmt(plain, 3)} s)",
                  None if over is None else over <= 1.10)


    upload = run.script_results.get("upload_throughput.py")
    if upload:
        ratio, growth = upload.get("ratio"), upload.get("sdk_rss_growth_mib_max")
        check("upload >= 1.2x raw aiohttp (upload_throughput.py)", f"{_fmt(ratio)}x", None if ratio is None
              else ratio >= 1.2)
        check("upload memory growth <= 32 MB", f"{_fmt(growth, 1)} MiB", None if growth is None else growth <= 32)
    wait = run.script_results.get("wait_many.py")
    if wait:
        ratio = wait.get("request_ratio")
        check("waiting: <= 1/20 of per-task polling requests (wait_many.py)", f"{_fmt(ratio)}x",
              None if ratio is None else ratio <= 0.05)
    analysis = run.script_results.get("analysis_waiting.py")
    if analysis:
        for name, ratio in analysis.get("request_ratio", {}).items():
            check(f"analyze tasks, {name} schedule: wait_many <= 1/20 of per-task polling requests "
                  "(analysis_waiting.py)", f"{_fmt(ratio)}x", ratio <= 0.05)
        for name, schedule in analysis.get("schedules", {}).items():
            result = analysis["results"].get(f"batch {name} batches.run", {}).get("median", {})
            late = result.get("last_result_after_last_ready_s")
            # The run polls every sleep_interval while items keep finishing (its backoff restarts when they move).
            bound = schedule["batch"]["sleep_interval"] + 1.0
            check(f"batch of {analysis.get('items', 0):,}, {name} schedule: batches.run's last result within "
                  f"sleep_interval + 1 s ({bound:g} s) of the last item ready", f"{_fmt(late, 2)} s",
                  None if late is None else late <= bound)


def _search_results(run: Run) -> int:
    return 1000 if run.args.quick else 5000


# --- report ---------------------------------------------------------------------------------------------------


def _machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or "unknown"
    with_open = Path("/proc/cpuinfo")
    if with_open.exists():
        for line in with_open.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for package in ("twelvelabs-async", "aiohttp", "attrs", "cattrs", "anyio", "twelvelabs", "httpx", "pydantic"):
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                                timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "twelvelabs_async"],
                               capture_output=True, text=True, cwd=ROOT, timeout=10).stdout.strip()
        commit = commit + (" (with uncommitted changes in twelvelabs_async/)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return [
        ("date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("machine", f"{cpu}; {os.cpu_count()} cores; {memory} memory; {platform.system()} {platform.release()}"),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("packages", ", ".join(versions)),
        ("commit", commit or "unknown"),
    ]


def _table(run: Run) -> str:
    lines = ["| scenario | metric | client | median | ratio to raw aiohttp | rounds |",
             "| --- | --- | --- | ---: | ---: | ---: |"]
    for sc in run.scenarios:
        base = C.RAW if C.RAW in sc.values else None
        if sc.name == "import":
            base = "aiohttp alone"
        for metric in sc.metrics:
            for client, metrics in sc.values.items():
                if metric.key not in metrics:
                    continue
                value = sc.median(client, metric.key)
                ratio = sc.ratio(client, metric.key, base) if base else None
                lines.append(f"| {sc.name} | {metric.label} | {client} | {_fmt(value, metric.digits)} {metric.unit} "
                             f"| {'' if ratio is None else f'{ratio:.2f}x'} | {len(metrics[metric.key])} |")
        for client, reason in sc.skipped.items():
            lines.append(f"| {sc.name} | | {client} | skipped: {reason} | | |")
    return "\n".join(lines)


def render(run: Run) -> str:
    args = run.args
    out = ["# Benchmark results", "",
           "Written by `python -m benchmarks" + (" --quick" if args.quick else "") +
           (f" --only {args.only}" if args.only else "") + "`. Every scenario runs each client in turn, "
           "interleaved, for several rounds (the order rotating each round) against the emulator in a subprocess "
           "on 127.0.0.1 (no artificial delays); figures are medians over rounds; ratios are to raw aiohttp in the "
           "same run (lower is better for times and CPU, higher for rates). The machine is shared with other "
           "work, so absolute figures move between runs; the ratios are steadier.", ""]
    out += [f"- **{k}**: {v}" for k, v in _machine()]
    out += ["", "## Targets", "", "| target | measured | |", "| --- | --- | --- |"]
    for target in run.targets:
        verdict = {True: "met", False: "**missed**", None: "not measured"}[target.met]
        out.append(f"| {target.text} | {target.measured} | {verdict} |")
    out += ["", "## Results", "", _table(run), "", "## Notes", ""]
    for sc in run.scenarios:
        out += [f"- **{sc.name}** ({sc.title}): " + " ".join(sc.notes)]
    for title, text in run.extra_sections:
        out += ["", f"## {title}", "", text]
    return "\n".join(out) + "\n"


# --- main -------------------------------------------------------------------------------------------------------

_RUNNERS: dict[str, Callable[[Run, Any], list[Scenario]]] = {
    "calls": scenario_calls,
    "sync": scenario_sync,
    "stream": scenario_stream,
    "search": scenario_search,
    "prefetch": scenario_prefetch,
    "decode": scenario_decode,
    "import": scenario_import,
    "upload": scenario_upload,
    "wait": scenario_wait,
    "analysis": scenario_analysis,
}
_NEEDS_SERVER = {"calls", "sync", "stream", "search", "prefetch"}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run: fewer rounds and smaller workloads")
    parser.add_argument("--only", default="", help=f"comma-separated scenarios among {', '.join(SCENARIOS)}")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per scenario (default 5; --quick 2)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print the report, do not write RESULTS.md")
    parser.add_argument("--no-official", action="store_true", help="leave the official SDK out")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()] or list(SCENARIOS)
    unknown = [s for s in chosen if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(unknown)}; choose among {', '.join(SCENARIOS)}")
    args.chosen = chosen
    if args.rounds is None:
        args.rounds = 2 if args.quick else 5
    if args.rounds < 1:
        parser.error("--rounds must be >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    run = Run(args)
    official = C.official_version()
    _say(f"benchmarks: {', '.join(args.chosen)}; {args.rounds} round(s){' (quick)' if args.quick else ''}; "
         f"official SDK: {official or 'not installed (skipped)'}")
    emulator: Emulator | None = None
    world: World | None = None
    gc.collect()
    try:
        if _NEEDS_SERVER & set(args.chosen):
            emulator = Emulator()
            _say(f"emulator at {emulator.url} (pid {emulator.process.pid})")
            world = make_world(emulator, _search_results(run))
        for name in args.chosen:
            _say(f"[{name}]")
            t0 = time.perf_counter()
            scenarios = _RUNNERS[name](run, world)
            run.scenarios.extend(scenarios)
            _say(f"  {name}: {time.perf_counter() - t0:.1f} s")
    finally:
        if emulator is not None:
            emulator.close()
    evaluate_targets(run)
    report = render(run)
    print(report)
    if not args.no_write:
        args.output.write_text(report, encoding="utf-8")
        _say(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
