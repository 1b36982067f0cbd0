"""``twelvelabs-async demo``: the whole SDK in a few seconds, on the embedded emulator, with no key and no network.

Unless ``--base-url`` or ``--real`` asks for a server, the demo starts :class:`~twelvelabs_async.emulator.Emulator`
in this process on a free 127.0.0.1 port and uses a made-up key, so it can never reach (or bill) the real API
by accident, not even when ``TWELVELABS_BASE_URL`` is set in the environment. Then it writes a few sample MP4
files, creates a Marengo 3.0 index, ingests the files concurrently in today's asset flow (upload each file into
an asset, index the asset) with progress bars, searches, streams a Pegasus 1.5 analysis of the top video's asset
and compares text embeddings.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from twelvelabs_async.cli.app import EXIT_ERROR, EXIT_OK, CliError
from twelvelabs_async.cli.commands import (
    IngestProgressView,
    _ingest_fields,
    cosine,
    fmt_bytes,
    fmt_seconds,
    print_search_results,
    stream_analyze,
)
from twelvelabs_async.cli.output import Output

# name, duration (s), width, height: the emulator derives what a video "shows" from its file name.
SAMPLES: tuple[tuple[str, float, int, int], ...] = (
    ("dog_park.mp4", 42.0, 1280, 720),
    ("city_traffic.mp4", 30.0, 1920, 1080),
    ("beach_sunset.mp4", 24.0, 1280, 720),
    ("cooking_pasta.mp4", 55.0, 854, 480),
)
SAMPLE_BYTES = 2 * 1024 * 1024  # padded (sparsely) so the progress bars have something to show
DEMO_MODELS = [{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}]
EMBED_MODEL = "marengo3.0"
ANALYZE_MODEL = "pegasus1.5"
EMBED_TEXTS = (
    "a dog playing fetch in the park",
    "a puppy chasing a ball on the grass",
    "rush hour traffic in the city",
    "a dog playing fetch in the park",
)
EMULATOR_KEY = "tlk_demo_emulator"
# speed 4: an indexing task takes ~0.4 s instead of ~1.5 s; 20 ms between stream events shows the streaming.
EMULATOR_SPEED = 4.0
EMULATOR_STREAM_DELAY = 0.02


def write_samples(folder: Path) -> list[Path]:
    from twelvelabs_async.samples import write_sample_video

    paths = []
    for name, duration, width, height in SAMPLES:
        path = folder / name
        write_sample_video(path, duration=duration, width=width, height=height, size=SAMPLE_BYTES)
        paths.append(path)
    return paths


async def run_demo(args: argparse.Namespace, out: Output) -> int:
    from twelvelabs_async import AsyncTwelveLabs

    started = time.perf_counter()
    summary: dict[str, Any] = {}
    async with AsyncExitStack() as stack:
        if args.base_url is None and not args.real:
            from twelvelabs_async.emulator import Emulator

            emulator = await stack.enter_async_context(
                Emulator(speed=EMULATOR_SPEED, stream_delay=EMULATOR_STREAM_DELAY)
            )
            base_url: str | None = emulator.base_url
            api_key: str | None = EMULATOR_KEY
            out.note(f"Started the embedded emulator at {base_url} (no API key, no network needed).")
        else:
            base_url, api_key = args.base_url, args.api_key
            out.note("Running against " + (base_url or "the real Twelve Labs API") + ".")
        client = await stack.enter_async_context(AsyncTwelveLabs(api_key=api_key, base_url=base_url))
        summary["base_url"] = client.base_url
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="twelvelabs-demo-")))

        # 1. sample files --------------------------------------------------------------------------------------
        files = write_samples(folder)
        out.heading(f"1. Sample videos ({len(files)} MP4 files in {folder})")
        out.table(None, ["file", "duration", "resolution", "size"],
                  [(name, fmt_seconds(d), f"{w}x{h}", fmt_bytes(SAMPLE_BYTES)) for name, d, w, h in SAMPLES],
                  right=["duration", "size"])

        # 2. index ---------------------------------------------------------------------------------------------
        index_name = f"twelvelabs-async-demo-{secrets.token_hex(3)}"
        index = await client.indexes.create(index_name=index_name, models=DEMO_MODELS)
        if not args.keep:
            # Registered after the client, so it runs before the client closes; also on error and Ctrl-C.
            stack.push_async_callback(client.indexes.delete, index.id)
        summary["index_id"] = index.id
        out.heading("2. Index")
        out.line(f"Created {index_name} ({index.id}) with Marengo 3.0 (search, embeddings), visual + audio.")

        # 3. ingest: assets, then indexed assets ---------------------------------------------------------------
        out.heading("3. Ingest (4 at once): upload each file into an asset, index the asset, wait until ready")
        with out.progress("all files") as view:
            ingested = await client.ingest_many(
                files, index_id=index.id, concurrency=4, sleep_interval=0.25,
                on_progress=IngestProgressView(view, files),
            )
        outcomes = [_ingest_fields(o) for o in ingested]
        summary["ingest"] = outcomes
        if not args.keep:
            # The assets outlive the index unless deleted: a demo must not leave files in the account.
            for asset_id in [o["asset_id"] for o in outcomes if o["asset_id"]]:
                stack.push_async_callback(client.assets.delete, asset_id, force=True)
        out.table(None, ["file", "status", "asset id", "indexed asset id"],
                  [(Path(o["input"]).name, o["status"], o["asset_id"], o["indexed_asset_id"]) for o in outcomes])
        failed = [o for o in outcomes if not o["ok"]]
        if failed:
            raise CliError(f"{len(failed)} input(s) failed: "
                           + "; ".join(f"{Path(o['input']).name}: {o['error']}" for o in failed), EXIT_ERROR)
        # Search results name a video by its indexed asset's id.
        names = {o["indexed_asset_id"]: Path(o["input"]).name for o in outcomes}
        assets = {o["indexed_asset_id"]: o["asset_id"] for o in outcomes}

        # 4. search --------------------------------------------------------------------------------------------
        out.heading(f"4. Search {args.query!r} (visual + audio)")
        from twelvelabs_async.models import SearchClip

        found = await client.search.query(index_id=index.id, query_text=args.query,
                                          search_options=["visual", "audio"]).to_list(limit=10)
        results = [r for r in found if isinstance(r, SearchClip)]  # group_by defaults to clips
        summary["search"] = [
            {"rank": r.rank or n, "start": r.start, "end": r.end, "video_id": r.video_id,
             "file": names.get(r.video_id or "")}
            for n, r in enumerate(results, 1)
        ]
        print_search_results(out, results, title=f"{len(results)} ranked clip(s)", names=names)

        # 5. analyze (streamed) --------------------------------------------------------------------------------
        from twelvelabs_async.models import VideoContext

        top_video = (results[0].video_id if results and results[0].video_id else None) or next(iter(names))
        prompt = "What happens in this video? Answer in two sentences."
        out.heading(f"5. Analyze {names.get(top_video, top_video)} with Pegasus 1.5, streamed as it is generated")
        out.line("Pegasus reads the uploaded asset itself: analysis needs no index (a URL or inline bytes work too).")
        out.line(f"> {prompt}")
        stream = await stream_analyze(client, out, video=VideoContext.from_asset(assets[top_video]),
                                      model_name=ANALYZE_MODEL, prompt=prompt)
        summary["analyze"] = {"file": names.get(top_video), "asset_id": assets[top_video],
                              "model_name": ANALYZE_MODEL, "prompt": prompt, "text": stream.text,
                              "events": stream.events_received, "finish_reason": stream.finish_reason,
                              "output_tokens": stream.usage.output_tokens if stream.usage else None}

        # 6. embeddings ----------------------------------------------------------------------------------------
        out.heading("6. Text embeddings, cosine similarity")
        responses = await asyncio.gather(*(client.embed.create(model_name=EMBED_MODEL, text=t) for t in EMBED_TEXTS))
        vectors = [r.text_embedding.segments[0].embedding if r.text_embedding and r.text_embedding.segments
                   else [] for r in responses]
        labels = [f"t{i}" for i in range(1, len(EMBED_TEXTS) + 1)]
        matrix = [[cosine(a, b) for b in vectors] for a in vectors]
        summary["similarity"] = {"texts": list(EMBED_TEXTS), "dimensions": len(vectors[0]), "matrix": matrix}
        for label, text in zip(labels, EMBED_TEXTS, strict=True):
            out.line(f"  {label} = {text!r}")
        rows = [(label, *(f"{v:.3f}" for v in row)) for label, row in zip(labels, matrix, strict=True)]
        out.table(None, ["", *labels], rows, right=labels)
        if args.base_url is None and not args.real:
            out.line("The emulator's vectors come from a hash of the input: identical texts score 1.000, others "
                     "about 0. The real Marengo model scores related meanings (t1, t2) higher.")

    elapsed = time.perf_counter() - started
    summary["seconds"] = round(elapsed, 2)
    if out.json_mode:
        out.emit_json(summary)
    else:
        out.heading(f"Done in {elapsed:.1f} s" + ("" if args.keep else " (demo index and assets deleted)"))
        out.line("Next: set TWELVELABS_API_KEY and try `twelvelabs-async ingest VIDEOS/ --index ID --journal "
                 "ingest.db`, `twelvelabs-async search --index ID \"your query\"`, or `twelvelabs-async --help`.")
    return EXIT_OK
