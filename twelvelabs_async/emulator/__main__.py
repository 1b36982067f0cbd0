"""``python -m twelvelabs_async.emulator``: run the emulator until SIGINT or SIGTERM.

The first line on stdout is the base URL (``http://127.0.0.1:PORT/v1.3``), flushed at once, so scripts can
start it with ``--port 0`` and read the URL::

    python -m twelvelabs_async.emulator --port 0 --speed instant --faults "POST /tasks:5xx=0.1" --seed 7

``--surface 2025`` serves the seed-era API (what the official SDK 1.0.0 speaks) instead of today's.

The storage server of multipart uploads listens on a second port (``--storage-port``, 0 = a free one); its
address is printed on stderr and given by ``GET /_emulator/storage`` as ``url``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Sequence

from .faults import FaultPlan, FaultSpecError
from .server import Emulator
from .surfaces import DEFAULT_SURFACE, SURFACES


def _speed(text: str) -> float:
    if text.lower() == "instant":
        return 0.0
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("speed must be >= 0")
    return value


def _parser() -> argparse.ArgumentParser:
    surfaces = "\n".join(f"  {name}  {text}" for name, text in SURFACES.items())
    parser = argparse.ArgumentParser(
        prog="python -m twelvelabs_async.emulator",
        description="Local emulator of the Twelve Labs API v1.3.",
        epilog=f"API surfaces (--surface):\n{surfaces}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--surface", choices=tuple(SURFACES), default=DEFAULT_SURFACE,
                        help="which API to serve: 2026 (today's, default) or 2025 (seed-era); see below")
    parser.add_argument("--api-key", default=None, help="accept only this key (default: any non-empty key)")
    parser.add_argument("--speed", type=_speed, default=1.0,
                        help="task lifecycle speed factor; 'instant' or 0 makes tasks ready at once")
    parser.add_argument("--faults", default=None, help='e.g. "POST /tasks:5xx=0.1,429=0.05,drop_after=0.02"')
    parser.add_argument("--seed", type=int, default=0, help="seed of fault decisions and ids")
    parser.add_argument("--stream-delay", type=float, default=0.0, help="seconds between NDJSON stream events")
    parser.add_argument("--stream-events", type=int, default=None,
                        help="text_generation events per stream (default: follows the text)")
    parser.add_argument("--rate-limit", type=int, default=1_000_000,
                        help="requests per key and endpoint per window on rate-limited endpoints")
    parser.add_argument("--rate-limit-window", type=float, default=86_400.0, help="window length in seconds")
    parser.add_argument("--search-token-ttl", type=float, default=3_600.0, help="page-token lifetime in seconds")
    parser.add_argument("--max-video-bytes", type=int, default=2 * 1024**3, help="upload size limit")
    parser.add_argument("--storage-port", type=int, default=0,
                        help="port of the storage server for multipart uploads (default: a free one)")
    parser.add_argument("--multipart-chunk-size", type=int, default=8 * 1024**2,
                        help="chunk size the server chooses for multipart uploads, in bytes")
    parser.add_argument("--multipart-initial-urls", type=int, default=10,
                        help="presigned URLs in a multipart create response")
    parser.add_argument("--idle-timeout", type=float, default=30.0,
                        help="close a connection with no request in progress after this many seconds")
    parser.add_argument("--knowledge-search-token-ttl", type=float, default=3_600.0,
                        help="lifetime of knowledge-store search page tokens in seconds (then 410)")
    parser.add_argument("--response-event-delay", type=float, default=0.0,
                        help="seconds between the server-sent events of /responses")
    parser.add_argument("--response-think-seconds", type=float, default=0.0,
                        help="silence before a /responses answer starts (filled with keep-alives)")
    parser.add_argument("--sse-keepalive-interval", type=float, default=10.0,
                        help="seconds of silence before a ': ping' comment on an SSE stream")
    parser.add_argument("--drive-files", type=_drive_files, default=None,
                        help='the fake Google Drive of the data connectors, as JSON: '
                             '{"source_id": ["dog.mp4", 20000000, "video"], ...}')
    parser.add_argument("--drive-account", default="drive-user@example.com",
                        help="the Google account the fake OAuth page connects")
    parser.add_argument("--batch-concurrency", type=int, default=10,
                        help="items of one analysis batch processed at a time")
    parser.add_argument("--webhook-url", action="append", default=[], metavar="URL",
                        help="POST signed analyze-task and batch webhooks to URL (repeatable)")
    parser.add_argument("--webhook-secret", default=None,
                        help="HMAC-SHA256 key of the TL-Signature header (default: a fixed emulator secret)")
    return parser


def _drive_files(text: str) -> dict[str, tuple[str, int, str]]:
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise argparse.ArgumentTypeError("give a JSON object: {source_id: [filename, size, kind]}")
    files: dict[str, tuple[str, int, str]] = {}
    for source_id, entry in raw.items():
        if (not isinstance(entry, list) or len(entry) != 3 or not isinstance(entry[0], str)
                or not isinstance(entry[1], int) or not isinstance(entry[2], str)):
            raise argparse.ArgumentTypeError(f"{source_id}: use [filename, size, kind]")
        files[source_id] = (entry[0], entry[1], entry[2])
    return files


async def _serve(args: argparse.Namespace) -> None:
    emulator = Emulator(
        host=args.host, port=args.port, api_key=args.api_key, speed=args.speed, faults=FaultPlan.parse(args.faults),
        seed=args.seed, stream_delay=args.stream_delay, stream_events=args.stream_events,
        rate_limit=args.rate_limit, rate_limit_window=args.rate_limit_window,
        search_token_ttl=args.search_token_ttl, max_video_bytes=args.max_video_bytes, surface=args.surface,
        storage_port=args.storage_port, multipart_chunk_size=args.multipart_chunk_size,
        multipart_initial_urls=args.multipart_initial_urls, idle_connection_timeout=args.idle_timeout,
        knowledge_search_token_ttl=args.knowledge_search_token_ttl, response_event_delay=args.response_event_delay,
        response_think_seconds=args.response_think_seconds, sse_keepalive_interval=args.sse_keepalive_interval,
        drive_files=args.drive_files, drive_account=args.drive_account, batch_concurrency=args.batch_concurrency,
        webhook_urls=args.webhook_url, webhook_secret=args.webhook_secret,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows has no add_signal_handler
            loop.add_signal_handler(sig, stop.set)
    async with emulator:
        print(emulator.base_url, flush=True)
        print(f"storage server: {emulator.storage_url}", file=sys.stderr, flush=True)
        await stop.wait()
    print("emulator stopped", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        FaultPlan.parse(args.faults)
    except FaultSpecError as exc:
        print(f"--faults: {exc}", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
