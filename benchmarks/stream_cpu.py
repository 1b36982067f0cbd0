"""Client CPU per analyze-stream event, against a server that is never the bottleneck.

    python benchmarks/stream_cpu.py [--events 200000] [--lines-per-write 64] [--rounds 5]

The server (a subprocess) answers ``POST /v1.3/analyze`` with a stream rendered once at start-up: the NDJSON lines
of ``stream_start``, ``--events`` ``text_generation`` events and ``stream_end``, written ``--lines-per-write``
lines per socket write with chunked transfer encoding. It parses nothing but the request headers, so what limits
the rate is the client. Each side reads the whole stream, in the same process, one after the other, for several
rounds (order alternating), and reports the median:

- ``raw aiohttp``: ``async for line in response.content`` and ``json.loads`` of each line (the standard library's
  json, as the SDK uses; no models): what most hand-written readers do;
- ``raw aiohttp, chunks``: ``response.content.iter_any()`` split on newlines, then ``json.loads``: the fastest
  reader one can write by hand with aiohttp and the standard library, and the floor the goals compare against;
- ``ours``: ``client.analyze_stream(video=..., prompt=...)``, iterating typed events (``TextGeneration`` models,
  the text gathered in ``stream.text`` as it goes).

Measured per side: events/s, client CPU per event (``time.process_time`` of this process over the stream,
divided by events), and time to the first event after the request is sent. Goals (issue 16): CPU per event
within 2x of raw aiohttp with the standard library's json; first event within 2 ms of raw.
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
import time
from collections.abc import Awaitable, Callable
from typing import ClassVar

import aiohttp

from twelvelabs_async import AsyncTwelveLabs

VIDEO_URL = "https://example.com/bench.mp4"


# --- the server (python stream_cpu.py --serve EVENTS LINES_PER_WRITE) -----------------------------------------


def _render(events: int, lines_per_write: int) -> list[bytes]:
    """The whole answer as chunked-encoding frames, each holding ``lines_per_write`` lines."""
    lines = [json.dumps({"event_type": "stream_start", "metadata": {"generation_id": "bench"}}).encode() + b"\n"]
    lines += [json.dumps({"event_type": "text_generation", "text": f"word{n % 1000} "}).encode() + b"\n"
              for n in range(events)]
    lines.append(json.dumps({"event_type": "stream_end", "finish_reason": "stop",
                             "metadata": {"generation_id": "bench", "usage": {"output_tokens": events}}}).encode()
                 + b"\n")
    frames = []
    for start in range(0, len(lines), lines_per_write):
        payload = b"".join(lines[start:start + lines_per_write])
        frames.append(b"%x\r\n%s\r\n" % (len(payload), payload))
    frames.append(b"0\r\n\r\n")
    return frames


class _StreamServer(asyncio.Protocol):
    frames: ClassVar[list[bytes]] = []  # rendered once, shared by every connection

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = self.buffer[:end].lower()
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip() == b"content-length":
                length = int(value)
        if len(self.buffer) < end + 4 + length:
            return  # the JSON body is still coming
        self.buffer = self.buffer[end + 4 + length:]
        assert self.transport is not None
        self.transport.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\n"
                             b"transfer-encoding: chunked\r\n\r\n")
        self.transport.writelines(self.frames)


def serve(events: int, lines_per_write: int) -> None:
    _StreamServer.frames = _render(events, lines_per_write)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_StreamServer, "127.0.0.1", 0)
        print(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1.3", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


# --- the clients --------------------------------------------------------------------------------------------------


async def raw_aiohttp(url: str, session: aiohttp.ClientSession) -> tuple[int, float]:
    sent = time.perf_counter()
    first = 0.0
    events = 0
    body = {"video": {"type": "url", "url": VIDEO_URL}, "prompt": "p", "model_name": "pegasus1.5", "stream": True}
    async with session.post(url + "/analyze", json=body) as response:
        async for line in response.content:
            if line.strip():
                json.loads(line)
                events += 1
                if events == 1:
                    first = time.perf_counter() - sent
    return events, first


async def raw_aiohttp_chunks(url: str, session: aiohttp.ClientSession) -> tuple[int, float]:
    """The fastest hand-written reader: whole chunks split on newlines (no per-line read call)."""
    sent = time.perf_counter()
    first = 0.0
    events = 0
    rest = b""
    body = {"video": {"type": "url", "url": VIDEO_URL}, "prompt": "p", "model_name": "pegasus1.5", "stream": True}
    async with session.post(url + "/analyze", json=body) as response:
        async for chunk in response.content.iter_any():
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                if line:
                    json.loads(line)
                    events += 1
                    if events == 1:
                        first = time.perf_counter() - sent
    return events, first


async def ours(client: AsyncTwelveLabs) -> tuple[int, float]:
    sent = time.perf_counter()
    first = 0.0
    events = 0
    async with client.analyze_stream(video=VIDEO_URL, prompt="p", model_name="pegasus1.5") as stream:
        async for _event in stream:
            events += 1
            if events == 1:
                first = time.perf_counter() - sent
    return events, first


async def measure(run: Callable[[], Awaitable[tuple[int, float]]]) -> dict[str, float]:
    cpu = time.process_time()
    wall = time.perf_counter()
    events, first = await run()
    wall = time.perf_counter() - wall
    cpu = time.process_time() - cpu
    return {"events": events, "events_s": events / wall, "cpu_us": cpu / events * 1e6, "first_ms": first * 1e3}


async def bench(url: str, rounds: int) -> dict[str, dict[str, float]]:
    results: dict[str, list[dict[str, float]]] = {"raw aiohttp": [], "raw aiohttp, chunks": [], "ours": []}
    async with aiohttp.ClientSession() as session, \
            AsyncTwelveLabs(api_key="tlk_bench_stream", base_url=url, max_retries=0) as client:
        sides: dict[str, Callable[[], Awaitable[tuple[int, float]]]] = {
            "raw aiohttp": lambda: raw_aiohttp(url, session),
            "raw aiohttp, chunks": lambda: raw_aiohttp_chunks(url, session),
            "ours": lambda: ours(client),
        }
        for side in sides.values():  # warm up: connections, imports, first-call decoders
            await side()
        for n in range(rounds):
            order = list(sides) if n % 2 == 0 else list(reversed(sides))
            for name in order:
                results[name].append(await measure(sides[name]))
    return {name: {key: statistics.median(r[key] for r in rows) for key in rows[0]} for name, rows in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--lines-per-write", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--serve", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return
    proc = subprocess.Popen([sys.executable, __file__, "--serve", str(args.events), str(args.lines_per_write)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http"):
            raise SystemExit(f"the stream server did not start: {url!r}")
        medians = asyncio.run(asyncio.wait_for(bench(url, args.rounds), timeout=600))
    finally:
        proc.terminate()
        proc.wait(10)
    raw = medians["raw aiohttp, chunks"]
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, aiohttp "
          f"{aiohttp.__version__}; {args.events:,} events, {args.lines_per_write} lines a write, "
          f"median of {args.rounds}")
    print(f"{'side':<20} {'events/s':>10} {'CPU/event':>10} {'vs raw':>7} {'1st event':>10} {'vs raw':>8}")
    for name, row in medians.items():
        print(f"{name:<20} {row['events_s']:>10,.0f} {row['cpu_us']:>8.2f}us {row['cpu_us'] / raw['cpu_us']:>6.2f}x "
              f"{row['first_ms']:>8.2f}ms {row['first_ms'] - raw['first_ms']:>+7.2f}ms")
    print(json.dumps(medians))


if __name__ == "__main__":
    main()
