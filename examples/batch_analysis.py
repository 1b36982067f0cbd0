"""Analyze every asset of an index with batches: one structured result per asset, as each finishes.

    python examples/batch_analysis.py                   # no base URL: the emulator, an index of 2,400 assets
    TWELVELABS_API_KEY=tlk_... python examples/batch_analysis.py --index ID --out results.jsonl

``batches.run`` takes any number of requests: it splits them into batches of at most 1,000, keeps at most 5 active
(the account's limit; it waits when the account is busy), and hands over each item's result as soon as it is final
(``async for``). Every asset gets exactly one line: ready ones with the analysis, failed and canceled ones with the
reason (they are reported, never dropped). The answers follow a JSON schema (``response_format``), so each result
is a JSON object. Exits 1 if any asset failed.

The index's assets are listed through ``GET /indexes/{id}/indexed-assets`` with ``client.request`` (the SDK's
escape hatch, until ``indexes.indexed_assets`` has methods of its own). Without a base URL the script starts the
local emulator in-process (``twelvelabs_async.emulator``, no key, no network) with an index of 2,400 lecture
assets, one of them three hours long: a batch item over the 2-hour limit fails alone, as the API does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from twelvelabs_async import AsyncTwelveLabs, BatchRunProgress

SCHEMA = {
    "type": "object",
    "properties": {"title": {"type": "string"}, "topics": {"type": "array", "items": {"type": "string"}}},
    "required": ["title"],
}
PROMPT = "Give the video a title and list its main topics."


async def assets_of(client: AsyncTwelveLabs, index_id: str) -> dict[str, str]:
    """Every ready asset of the index and its file name, page by page (50 a page, the API's maximum)."""
    found: dict[str, str] = {}
    page = 1
    while True:
        answer = await client.request("GET", f"/indexes/{index_id}/indexed-assets",
                                      params={"page": page, "page_limit": 50})
        for item in answer.get("data", []):
            if item.get("status") == "ready":
                found[item["asset_id"]] = (item.get("system_metadata") or {}).get("filename") or item["asset_id"]
        total = (answer.get("page_info") or {}).get("total_page") or page
        if page >= total or page >= 10_000:  # an answer is never trusted to page forever
            return found
        page += 1


def show_progress(progress: BatchRunProgress) -> None:
    print(f"  progress: {progress.delivered}/{progress.total} done, {len(progress.active_batch_ids)} batch(es) "
          f"active, {progress.failed} failed", flush=True)


async def main() -> int:
    parser = argparse.ArgumentParser(description="Analyze every asset of an index with batches.")
    parser.add_argument("--index", help="index id (default with the emulator: a seeded index)")
    parser.add_argument("--out", type=Path, help="write one JSON line per asset here")
    parser.add_argument("--base-url", default=os.environ.get("TWELVELABS_BASE_URL"),
                        help="API root (default: $TWELVELABS_BASE_URL; none: start the emulator)")
    args = parser.parse_args()

    async with AsyncExitStack() as stack:
        api_key = None  # TWELVELABS_API_KEY
        base_url, index_id, poll = args.base_url, args.index, 5.0
        if not base_url:
            from twelvelabs_async.emulator import Emulator

            # speed=50 and 100 items of a batch at a time: an emulated batch of 1,000 takes about 0.3 s.
            emu = await stack.enter_async_context(Emulator(speed=50, batch_concurrency=100))
            index_id = emu.state.create_index("lectures", [("marengo3.0", ["visual", "audio"])])
            seeded = emu.state.seed_assets(17, prefix="lecture", duration=1800)
            seeded += emu.state.seed_assets(1, prefix="lecture", duration=3 * 3600)  # too long: fails alone
            seeded += emu.state.seed_assets(2382, prefix="lecture", duration=1800)
            emu.state.seed_indexed_assets(index_id, seeded)
            base_url, api_key, poll = emu.base_url, "tlk_emulator", 0.05
            print(f"emulator at {base_url}: index {index_id}", flush=True)
        elif not index_id:
            parser.error("--index is required with a base URL")

        client = await stack.enter_async_context(AsyncTwelveLabs(api_key=api_key, base_url=base_url))
        assets = await assets_of(client, index_id)
        print(f"{len(assets)} assets to analyze", flush=True)
        out = stack.enter_context(args.out.open("w", encoding="utf-8")) if args.out else None

        run = client.analyze_async.batches.run(
            [{"asset_id": asset, "custom_id": asset} for asset in assets],
            defaults={"prompt": PROMPT, "response_format": SCHEMA},
            on_progress=show_progress,
            sleep_interval=poll,
            max_interval=max(poll, 60.0 if poll >= 1 else poll * 4),
        )
        failed = 0
        async for outcome in run:
            name = assets.get(outcome.custom_id, outcome.custom_id)
            line: dict[str, Any] = {"asset_id": outcome.custom_id, "file": name, "status": outcome.status,
                                    "task_id": outcome.task_id}
            if outcome.ok and outcome.data is not None:
                line["analysis"] = json.loads(outcome.data)  # the schema made it JSON
            else:
                failed += 1
                line["error"] = outcome.error.message if outcome.error else None
                print(f"FAIL {name}: {line['error']}", flush=True)
            if out is not None:
                out.write(json.dumps(line) + "\n")
        print(f"{run.delivered - failed} analyzed, {failed} failed, in {len(run.batch_ids)} batches", flush=True)
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
