"""The command handlers: ``async def handler(args, out) -> exit status``, one client per run.

Each handler writes a table (or streamed text) for people, or one JSON document with ``--json``. Errors are
not caught here: they travel to :func:`twelvelabs_async.cli.app._dispatch`, which prints one line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import warnings
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twelvelabs_async.cli.app import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError
from twelvelabs_async.cli.output import Output, ProgressView

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._uploads import UploadEvent, UploadOutcome

log = logging.getLogger("twelvelabs_async.cli")

VIDEO_SUFFIXES = frozenset(
    {".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".wmv", ".flv", ".mpg", ".mpeg", ".3gp", ".ts", ".mts",
     ".ogv"}
)
DEFAULT_MODELS = ("marengo3.0:visual,audio",)


@asynccontextmanager
async def open_client(args: argparse.Namespace) -> AsyncIterator[AsyncTwelveLabs]:
    """The one client of a command run; closed (connections released) however the command ends."""
    from twelvelabs_async import AsyncTwelveLabs

    if not (args.api_key or os.environ.get("TWELVELABS_API_KEY", "").strip()):
        # The SDK's own message speaks to code (api_key=...); here the user types options.
        raise CliError("no API key: pass --api-key KEY or set TWELVELABS_API_KEY (for the local emulator any "
                       "non-empty key works)", EXIT_USAGE)
    async with AsyncTwelveLabs(api_key=args.api_key, base_url=args.base_url) as client:
        log.info("using the API at %s", client.base_url)
        yield client


# --- formatting helpers -------------------------------------------------------------------------------------


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return ""
    minutes, seconds = divmod(value, 60)
    return f"{int(minutes)}:{seconds:04.1f}"


def fmt_time(value: str | datetime | None) -> str:
    """``2024-01-09 11:11`` (in the timestamp's own offset: UTC from the API) from a model's timestamp string or a
    ``datetime``; a value that is not a timestamp is shown as it came."""
    from twelvelabs_async.models import parse_datetime

    if not value:
        return ""
    try:
        return parse_datetime(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value)


def fmt_count(value: float | None) -> int | float | None:
    """A count the API gives as a number (``video_count`` is a float, ``3.0``, as in the official SDK) shown whole."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def fmt_bytes(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return str(size)  # pragma: no cover - the loop always returns


def parse_model(spec: str) -> dict[str, Any]:
    """``marengo3.0:visual,audio`` -> ``{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}``."""
    name, _, options = spec.partition(":")
    if not name.strip():
        raise CliError(f"--model {spec!r}: expected NAME[:OPTION,OPTION]")
    chosen = [o.strip() for o in options.split(",") if o.strip()] or ["visual", "audio"]
    return {"model_name": name.strip(), "model_options": chosen}


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


# --- indexes ------------------------------------------------------------------------------------------------


async def indexes_list(args: argparse.Namespace, out: Output) -> int:
    async with open_client(args) as client:
        found = await client.indexes.list(index_name=args.name, page_limit=50).to_list(limit=args.limit)
    if out.json_mode:
        out.emit_json(found)
        return EXIT_OK
    rows = [
        (
            index.id,
            index.index_name,
            ", ".join(f"{m.model_name} ({'+'.join(m.model_options)})" for m in index.models),
            fmt_count(index.video_count),
            fmt_seconds(index.total_duration),
            fmt_time(index.created_at),
        )
        for index in found
    ]
    out.table(f"{len(found)} index(es)", ["id", "name", "models", "videos", "duration", "created"], rows,
              right=["videos", "duration"])
    return EXIT_OK


async def indexes_create(args: argparse.Namespace, out: Output) -> int:
    models = [parse_model(spec) for spec in (args.models or DEFAULT_MODELS)]
    async with open_client(args) as client:
        created = await client.indexes.create(index_name=args.name, models=models, addons=args.addons)
    if out.json_mode:
        out.emit_json({"id": created.id, "index_name": args.name, "models": models})
    else:
        out.line(created.id)
        out.note(f"created index {args.name!r} ({created.id})")
    return EXIT_OK


async def indexes_delete(args: argparse.Namespace, out: Output) -> int:
    async with open_client(args) as client:
        await client.indexes.delete(args.index_id)
    if out.json_mode:
        out.emit_json({"deleted": args.index_id})
    else:
        out.note(f"deleted index {args.index_id}")
    return EXIT_OK


# --- tasks --------------------------------------------------------------------------------------------------


def _task_rows(tasks: Sequence[Any]) -> list[tuple[Any, ...]]:
    return [
        (
            task.id,
            task.status,
            task.system_metadata.filename if task.system_metadata else "",
            fmt_seconds(task.system_metadata.duration) if task.system_metadata else "",
            task.video_id,
            task.index_id,
            fmt_time(task.created_at),
        )
        for task in tasks
    ]


_TASK_COLUMNS = ["task id", "status", "file", "duration", "video id", "index id", "created"]


async def tasks_list(args: argparse.Namespace, out: Output) -> int:
    async with open_client(args) as client:
        pager = client.tasks.list(index_id=args.index_id, status=args.status, page_limit=min(args.limit, 50))
        found = await pager.to_list(limit=args.limit)
    if out.json_mode:
        out.emit_json(found)
    else:
        out.table(f"{len(found)} task(s)", _TASK_COLUMNS, _task_rows(found), right=["duration"])
    return EXIT_OK


async def tasks_wait(args: argparse.Namespace, out: Output) -> int:
    done: list[Any] = []
    async with open_client(args) as client:
        with out.progress("tasks", transfers=False) as progress:
            for task_id in args.task_ids:
                progress.add(task_id, task_id, None)

            def on_change(task: Any) -> None:
                progress.status(task.id, str(task.status))

            # wait_many follows every task through the task list (one request per round, not one per task) and
            # yields each task as it finishes; a failed task is yielded like a ready one.
            waiter = client.tasks.wait_many(args.task_ids, timeout=args.timeout, callback=on_change)
            async for task in waiter:
                progress.finish(task.id, str(task.status), ok=task.status == "ready")
                done.append(task)
    order = {task_id: n for n, task_id in enumerate(args.task_ids)}
    done.sort(key=lambda task: order.get(task.id, len(order)))
    failed = [task for task in done if task.status != "ready"]
    if out.json_mode:
        out.emit_json(done)
    else:
        out.table(None, _TASK_COLUMNS, _task_rows(done), right=["duration"])
        if failed:
            out.note(f"{len(failed)} task(s) failed")
    return EXIT_ERROR if failed else EXIT_OK


# --- upload -------------------------------------------------------------------------------------------------


def expand_paths(paths: Sequence[str]) -> list[Path]:
    """Files as given; folders expanded (recursively, sorted) to the video files they hold.

    A path that does not exist is kept: the upload reports it as a failed file in the summary, like any other
    file that cannot be sent, instead of silently shrinking the batch.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in VIDEO_SUFFIXES)
            if not found:
                log.warning("no video files under %s", path)
            candidates = found
        else:
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files


class UploadProgress:
    """Turns ``upload_many`` progress events (``UploadEvent``) into per-file and overall bars.

    Event kinds: ``skipped`` (done in an earlier run, per the journal), ``started``, ``bytes`` (``bytes_sent`` of
    ``total_bytes``), ``created`` (the task exists), ``status`` (the task's status changed), ``done`` (final
    status) and ``error``.
    """

    def __init__(self, view: ProgressView, files: Sequence[Path]) -> None:
        self._view = view
        for path in files:
            try:
                size: int | None = path.stat().st_size
            except OSError:  # a missing file: upload_many reports it, the bar just has no size
                size = None
            view.add(str(path), path.name, size)

    def __call__(self, event: UploadEvent) -> None:
        key, kind, view = str(event.path), event.kind, self._view
        if kind == "bytes":
            view.update(key, event.bytes_sent, event.total_bytes)
        elif kind == "started":
            view.status(key, "uploading")
        elif kind == "created":
            if event.total_bytes:
                view.update(key, event.total_bytes, event.total_bytes)
            view.status(key, "uploaded")
        elif kind == "status":
            view.status(key, str(event.status))
        elif kind == "skipped":
            view.finish(key, f"skipped ({event.status or 'done'} in an earlier run)", ok=True)
        elif kind == "done":
            view.finish(key, str(event.status), ok=event.status != "failed")
        elif kind == "error":
            view.finish(key, "failed: " + _error_text(event.error), ok=False)


def _outcome_fields(outcome: UploadOutcome) -> dict[str, Any]:
    """A JSON-ready dict of an ``UploadOutcome``."""
    error = outcome.error
    return {
        "path": str(outcome.path),
        "status": outcome.status or ("failed" if error is not None else None),
        "ok": outcome.ok,
        "task_id": outcome.task_id,
        "video_id": outcome.video_id,
        "resumed": outcome.resumed,
        "error": _error_text(error) if error is not None else None,
    }


def _error_text(error: Any) -> str:
    if error is None:
        return ""
    code = getattr(error, "code", None)
    message = getattr(error, "message", None)
    status = getattr(error, "status", None)
    if message is not None and isinstance(status, int):
        return f"{status} {code}: {message}" if code else f"{status}: {message}"
    return f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else str(error)


async def upload(args: argparse.Namespace, out: Output) -> int:
    files = expand_paths(args.paths)
    if not files:
        raise CliError("no video files to upload (folders are searched for " + ", ".join(sorted(VIDEO_SUFFIXES))
                       + ")", EXIT_USAGE)
    out.note(f"uploading {len(files)} file(s) to index {args.index_id} with concurrency {args.concurrency}"
             + (f", journal {args.journal}" if args.journal else ""))
    async with open_client(args) as client:
        outcomes = await run_upload(client, out, files, index_id=args.index_id, concurrency=args.concurrency,
                                    journal=args.journal, wait=not args.no_wait, timeout=args.timeout)
    summary = [_outcome_fields(o) for o in outcomes]
    failed = [s for s in summary if not s["ok"]]
    if out.json_mode:
        out.emit_json({"index_id": args.index_id, "files": summary, "failed": len(failed)})
    else:
        # The file column names the file: the error need not repeat its full path.
        rows = [(Path(s["path"]).name, s["status"], s["task_id"], s["video_id"],
                 (s["error"] or "").replace(s["path"], Path(s["path"]).name)) for s in summary]
        out.table(f"{len(summary) - len(failed)} of {len(summary)} file(s) uploaded",
                  ["file", "status", "task id", "video id", "error"], rows)
        rerun_advice(out, [o.error for o in outcomes if not o.ok], journal=args.journal, what="file(s)")
    return EXIT_ERROR if failed else EXIT_OK


async def run_upload(client: AsyncTwelveLabs, out: Output, files: Sequence[Path], *, index_id: str,
                     concurrency: int, journal: str | os.PathLike[str] | None, wait: bool,
                     timeout: float | None = None, sleep_interval: float = 1.0) -> list[UploadOutcome]:
    """``client.tasks.upload_many`` with live progress bars; shared by ``upload`` and the demo."""
    with out.progress("all files") as view:
        return await client.tasks.upload_many(
            index_id=index_id, files=list(files), concurrency=concurrency, wait=wait, journal=journal,
            on_progress=UploadProgress(view, files), timeout=timeout, sleep_interval=sleep_interval,
        )


# --- ingest (today's asset flow) ------------------------------------------------------------------------------


class IngestProgressView:
    """Turns ``ingest_many`` events (``IngestEvent``) into per-input and overall bars."""

    def __init__(self, view: ProgressView, inputs: Sequence[str | Path]) -> None:
        self._view = view
        for item in inputs:
            size: int | None = None
            if isinstance(item, Path):
                try:
                    size = item.stat().st_size
                except OSError:  # a missing file: ingest_many reports it, the bar just has no size
                    size = None
            view.add(str(item), item.name if isinstance(item, Path) else item, size)

    def __call__(self, event: Any) -> None:
        key, kind, view = str(event.input), event.kind, self._view
        if kind == "uploading":
            if event.bytes_sent is not None and event.total_bytes:
                view.update(key, event.bytes_sent, event.total_bytes)
            view.status(key, "uploading")
        elif kind == "uploaded":
            view.status(key, "asset processing")
        elif kind == "asset_ready":
            view.status(key, "asset ready")
        elif kind == "indexing":
            view.status(key, "indexing")
        elif kind == "status":
            view.status(key, str(event.status))
        elif kind == "done":
            view.finish(key, str(event.status), ok=event.status == "ready")
        elif kind == "error":
            view.finish(key, "failed: " + _error_text(event.error), ok=False)


def ingest_inputs(raw: Sequence[str]) -> list[str | Path]:
    """URLs as given; paths and folders as ``upload`` expands them."""
    urls = [item for item in raw if item.startswith(("http://", "https://"))]
    paths: list[str | Path] = list(expand_paths([item for item in raw if item not in urls]))
    return [*paths, *urls]


def _ingest_fields(outcome: Any) -> dict[str, Any]:
    error = outcome.error
    return {
        "input": str(outcome.input),
        "status": outcome.status or ("failed" if error is not None else None),
        "ok": outcome.ok,
        "asset_id": outcome.asset_id,
        "indexed_asset_id": outcome.indexed_asset_id,
        "resumed": outcome.resumed,
        "cleaned_up": outcome.cleaned_up,
        "worker": outcome.worker,
        "error": _error_text(error) if error is not None else None,
    }


def rerun_may_help(error: BaseException | None) -> bool:
    """Whether running the same command again could get an input past its error: a lost connection, a timeout, a
    server error, a rate limit, a file that changed under us; not a missing file, a refused argument, a file the
    platform refused, or anything else the service answered with a 4xx."""
    from twelvelabs_async._errors import (
        APIConnectionError,
        APIStatusError,
        ArgumentError,
        PreflightError,
        TaskFailedError,
        UploadFileChangedError,
        WaitTimeoutError,
    )
    from twelvelabs_async._retry import is_transient

    if error is None:
        return False
    if isinstance(error, (ArgumentError, PreflightError, TaskFailedError)):
        return False
    if isinstance(error, (APIConnectionError, WaitTimeoutError, UploadFileChangedError)):
        return True
    if isinstance(error, APIStatusError):
        return is_transient(error)
    return not isinstance(error, OSError)  # a missing or unreadable file stays so


def rerun_advice(out: Output, failures: Sequence[BaseException | None], *, journal: str | None, what: str) -> None:
    """Notes after a run with failures (one per failed input: its error, or None when the platform failed it):
    how many a rerun may get past (and how), how many failed for good."""
    failed = list(failures)
    retryable = sum(1 for e in failed if rerun_may_help(e))
    if retryable:
        out.note(f"{retryable} {what} stopped on errors a rerun may get past; run the same command again"
                 + (" (the journal resumes each where it stopped)" if journal else
                    " with --journal FILE to resume instead of starting over"))
    if len(failed) > retryable:
        out.note(f"{len(failed) - retryable} {what} failed for good (see the error column)")


async def ingest(args: argparse.Namespace, out: Output) -> int:
    from twelvelabs_async._ingest_pg import is_postgres_dsn, redact_dsn

    shared = is_postgres_dsn(args.journal)
    inputs = ingest_inputs(args.inputs) if args.inputs else []
    if not inputs and not (shared and not args.inputs):
        raise CliError("nothing to ingest (folders are searched for " + ", ".join(sorted(VIDEO_SUFFIXES)) + ")",
                       EXIT_USAGE)
    journal_name = redact_dsn(args.journal) if shared else args.journal
    out.note(f"ingesting {len(inputs)} input(s) into index {args.index_id} with concurrency {args.concurrency}"
             + (f", journal {journal_name}" if args.journal else "")
             + (f", job {args.job}" if args.journal else ""))
    extra: dict[str, Any] = {"worker": args.worker, "lease_seconds": args.lease_seconds} if shared else {}
    if not shared and (args.worker is not None or args.lease_seconds is not None):
        raise CliError("--worker and --lease-seconds apply to a shared (postgresql://) journal only", EXIT_USAGE)
    async with open_client(args) as client:
        with out.progress("all inputs") as view:
            outcomes = await client.ingest_many(
                inputs, index_id=args.index_id, concurrency=args.concurrency, journal=args.journal, job=args.job,
                cleanup="on_failure" if args.cleanup else "never", retry_failed=args.retry_failed,
                timeout=args.timeout, on_progress=IngestProgressView(view, inputs), **extra,
            )
    summary = [_ingest_fields(o) for o in outcomes]
    failed = [s for s in summary if not s["ok"]]
    if out.json_mode:
        out.emit_json({"index_id": args.index_id, "inputs": summary, "failed": len(failed)})
    else:
        rows = [(Path(s["input"]).name if not s["input"].startswith("http") else s["input"], s["status"],
                 s["asset_id"], s["indexed_asset_id"], s["error"] or "") for s in summary]
        out.table(f"{len(summary) - len(failed)} of {len(summary)} input(s) ingested",
                  ["input", "status", "asset id", "indexed asset id", "error"], rows)
        rerun_advice(out, [o.error for o in outcomes if not o.ok], journal=args.journal, what="input(s)")
    return EXIT_ERROR if failed else EXIT_OK


# --- search -------------------------------------------------------------------------------------------------


async def search(args: argparse.Namespace, out: Output) -> int:
    search_filter: Any = None
    if args.filter:
        try:
            search_filter = json.loads(args.filter)
        except ValueError as exc:
            raise CliError(f"--filter is not valid JSON: {exc}") from None
    options = args.search_options or ["visual", "audio"]
    async with open_client(args) as client:
        pager = client.search.query(
            index_id=args.index_id, query_text=args.query, search_options=options, operator=args.operator,
            group_by=args.group_by, transcription_options=args.transcription_options, page_limit=args.page_limit,
            filter=search_filter,
        )
        results = await pager.to_list(limit=args.max_results)
    if out.json_mode:
        out.emit_json(results)
        return EXIT_OK
    print_search_results(out, results, title=f"{len(results)} result(s) for {args.query!r}")
    return EXIT_OK


def print_search_results(out: Output, results: Sequence[Any], *, title: str,
                         names: dict[str, str] | None = None) -> None:
    from twelvelabs_async.models import SearchVideoGroup

    names = names or {}
    if results and all(isinstance(r, SearchVideoGroup) for r in results):
        group_rows: list[tuple[Any, ...]] = [
            (group.rank or n, group.id, names.get(group.id, ""), len(group.clips))
            for n, group in enumerate(results, 1)
        ]
        out.table(title, ["rank", "video id", "file", "clips"], group_rows, right=["rank", "clips"])
        return
    # Today's API ranks results; seed-era servers scored them instead (score and confidence columns then).
    scored = any(getattr(clip, "score", None) is not None for clip in results)
    rows = [
        (clip.rank or n, *((f"{clip.score:.2f}" if clip.score is not None else "", clip.confidence or "")
                           if scored else ()),
         fmt_seconds(clip.start), fmt_seconds(clip.end), clip.video_id, names.get(clip.video_id or "", ""))
        for n, clip in enumerate(results, 1)
    ]
    columns = ["rank", *(["score", "confidence"] if scored else []), "start", "end", "video id"]
    columns += ["file"] if names else []
    out.table(title, columns, [row[: len(columns)] for row in rows], right=["rank", "score", "start", "end"])


# --- analyze ------------------------------------------------------------------------------------------------


async def stream_analyze(client: AsyncTwelveLabs, out: Output, *, prompt: str, temperature: float | None = None,
                         **source: Any) -> Any:
    """Print each text event as it arrives (human mode) and return the consumed stream.

    ``source`` is the video: ``video=`` (a URL, bytes, or a tagged mapping), or the deprecated ``video_id=``.
    """
    from twelvelabs_async.models import TextGeneration

    stream = client.analyze_stream(prompt=prompt, temperature=temperature, **source)
    async with stream:
        async for event in stream:
            if isinstance(event, TextGeneration) and not out.json_mode:
                out.write(event.text)
    if not out.json_mode:
        out.write("\n")
        if stream.finish_reason == "length":
            out.note("The answer was cut at the token limit (finish_reason=length); raise --max-tokens.")
    return stream


# The API takes base64 videos up to 30 MB of text, about 22 MB of video; larger ones must be uploaded.
MAX_INLINE_VIDEO_BYTES = 22 * 1024 * 1024


def analyze_source(video: str) -> tuple[dict[str, Any], str]:
    """The analyze source for the command's VIDEO argument, and a label for it.

    A URL is sent as a URL, a local file inline as base64, anything else is taken as the id of an indexed video
    (the 1.0.0-era source, which works with Pegasus 1.2 indexes only).
    """
    if video.startswith(("http://", "https://")):
        return {"video": video}, video
    path = Path(video)
    if path.is_file():
        size = path.stat().st_size
        if size > MAX_INLINE_VIDEO_BYTES:
            raise CliError(f"{video} is {fmt_bytes(size)}: too large to send inline (at most "
                           f"{fmt_bytes(MAX_INLINE_VIDEO_BYTES)}); give its URL instead")
        return {"video": path.read_bytes()}, path.name
    if "/" in video or video.endswith(tuple(VIDEO_SUFFIXES)):
        raise CliError(f"{video}: no such file (give a local video file, an http(s) URL, or an indexed video id)")
    return {"video_id": video}, video


def _read_schema(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CliError(f"--schema {path}: {exc}") from None


async def analyze(args: argparse.Namespace, out: Output) -> int:
    source, label = await asyncio.to_thread(analyze_source, args.video)  # may read a file of many MB
    options: dict[str, Any] = {"model_name": args.model, "max_tokens": args.max_tokens}
    if args.schema is not None:
        options["response_format"] = await asyncio.to_thread(_read_schema, args.schema)
    async with open_client(args) as client:
        with warnings.catch_warnings():
            # The CLI says what it sends; the deprecation of video_id is for code, not for a command line.
            warnings.simplefilter("ignore", DeprecationWarning)
            stream = await stream_analyze(client, out, prompt=args.prompt, temperature=args.temperature,
                                          **source, **{k: v for k, v in options.items() if v is not None})
    if out.json_mode:
        out.emit_json({"video": label, "generation_id": stream.generation_id, "text": stream.text,
                       "finish_reason": stream.finish_reason, "usage": stream.usage})
    return EXIT_OK


# --- embed --------------------------------------------------------------------------------------------------


async def embed_text(args: argparse.Namespace, out: Output) -> int:
    async with open_client(args) as client:
        response = await client.embed.create(model_name=args.model, text=args.text)
    segments = response.text_embedding.segments if response.text_embedding else []
    if not segments:
        message = response.text_embedding.error_message if response.text_embedding else None
        raise CliError(f"no embedding returned{': ' + message if message else ''}", EXIT_ERROR)
    vector = segments[0].embedding
    if out.json_mode:
        out.emit_json({"model_name": response.model_name, "text": args.text, "dimensions": len(vector),
                       "embedding": vector})
        return EXIT_OK
    norm = math.sqrt(sum(v * v for v in vector))
    head = ", ".join(f"{v:+.4f}" for v in vector[:6])
    out.line(f"model {response.model_name}, {len(vector)} dimensions, norm {norm:.4f}")
    out.line(f"[{head}, ...]")
    return EXIT_OK
