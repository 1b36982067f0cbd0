"""Bulk-index a folder of videos: concurrent uploads, progress, a journal to resume, one outcome per file.

    python examples/bulk_index.py                                     # no base URL: emulator + sample videos
    TWELVELABS_API_KEY=tlk_... python examples/bulk_index.py videos/ --index ID --journal videos.journal.db

Run it again with the same journal after a crash or a Ctrl-C: files already indexed are skipped, tasks already
created are waited for, and an upload whose answer was lost is looked up instead of being sent twice.
Exits 1 if any file failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from contextlib import AsyncExitStack, ExitStack
from pathlib import Path

from twelvelabs_async import AsyncTwelveLabs

VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi"}


def on_progress(event) -> None:  # an UploadEvent; plain functions and coroutine functions both work
    if event.kind in ("started", "created", "skipped", "done"):
        detail = event.status or event.task_id or ""
        print(f"  {event.path.name}: {event.kind} {detail}".rstrip(), flush=True)
    elif event.kind == "error":
        print(f"  {event.path.name}: error {event.error}", flush=True)


async def main() -> int:
    parser = argparse.ArgumentParser(description="Bulk-index a folder of videos.")
    parser.add_argument("folder", nargs="?", type=Path, help="folder of videos (default with the emulator: samples)")
    parser.add_argument("--index", help="index id (default with the emulator: a new index)")
    parser.add_argument("--journal", type=Path, help="SQLite journal; rerun with the same file to resume")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--base-url", default=os.environ.get("TWELVELABS_BASE_URL"),
                        help="API root (default: $TWELVELABS_BASE_URL; none: start the emulator)")
    args = parser.parse_args()

    with ExitStack() as files_stack:
        async with AsyncExitStack() as stack:
            api_key = None  # TWELVELABS_API_KEY
            if not args.base_url:
                from twelvelabs_async.emulator import Emulator
                from twelvelabs_async.samples import write_sample_video

                emu = await stack.enter_async_context(Emulator(speed=2))
                args.base_url, api_key = emu.base_url, "tlk_emulator"
                print(f"emulator at {emu.base_url}")
                if args.folder is None:
                    args.folder = Path(files_stack.enter_context(tempfile.TemporaryDirectory()))
                    for name in ("surfing.mp4", "skiing.mp4", "hiking.mov", "kayaking.mp4", "climbing.mp4"):
                        write_sample_video(args.folder / name, duration=20, width=1280, height=720)
            if args.folder is None or (args.index is None and api_key is None):
                parser.error("give a folder and --index (or no --base-url to try it on the emulator)")
            client = await stack.enter_async_context(AsyncTwelveLabs(api_key=api_key, base_url=args.base_url))
            if args.index is None:
                created = await client.indexes.create(
                    index_name="bulk-example", models=[{"model_name": "marengo3.0", "model_options": ["visual"]}])
                args.index = created.id

            files = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in VIDEO_SUFFIXES)
            print(f"indexing {len(files)} file(s) from {args.folder} into {args.index}")
            outcomes = await client.tasks.upload_many(
                index_id=args.index, files=files, concurrency=args.concurrency, journal=args.journal,
                on_progress=on_progress,
            )

    failed = [o for o in outcomes if not o.ok]
    for outcome in outcomes:
        mark = "ok  " if outcome.ok else "FAIL"
        print(f"{mark} {outcome.path.name:<24} {outcome.status or '':<8} {outcome.video_id or outcome.error}")
    print(f"{len(outcomes) - len(failed)} indexed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
