"""``twelvelabs-async job status|retry-failed NAME``: a shared ingest job in PostgreSQL, read or reopened.

Neither needs an API key: both talk to the job's database only.
"""

from __future__ import annotations

import argparse

from twelvelabs_async.cli.app import EXIT_OK, EXIT_USAGE, CliError
from twelvelabs_async.cli.output import Output

STEP_ORDER = ("new", "uploading", "session", "uploaded", "indexing", "indexed", "ready", "failed")


def _dsn(args: argparse.Namespace) -> str:
    from twelvelabs_async._ingest_pg import is_postgres_dsn

    if not is_postgres_dsn(args.journal):
        raise CliError("--journal postgresql://... is required (or $TWELVELABS_INGEST_JOURNAL)", EXIT_USAGE)
    assert isinstance(args.journal, str)
    return args.journal


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "unknown"
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


async def job_status(args: argparse.Namespace, out: Output) -> int:
    from twelvelabs_async._ingest_pg import PostgresJournal

    journal = await PostgresJournal.open(_dsn(args), args.job, worker="cli")
    try:
        status = await journal.status()
    finally:
        await journal.close()
    if status.total == 0:
        raise CliError(f"no job named {args.job!r} in {journal.dsn}", EXIT_USAGE)
    if out.json_mode:
        out.emit_json({
            "job": status.job,
            "total": status.total,
            "steps": status.steps,
            "remaining": status.remaining,
            "rate_per_second": status.rate_per_second,
            "eta_seconds": status.eta_seconds,
            "lapsed_leases": status.lapsed_leases,
            "workers": [
                {"worker": w.worker, "held": w.held, "ready": w.ready, "failed": w.failed, "last_seen": w.last_seen}
                for w in status.workers
            ],
        })
        return EXIT_OK
    steps = sorted(status.steps.items(), key=lambda kv: STEP_ORDER.index(kv[0]) if kv[0] in STEP_ORDER else 99)
    out.table(f"job {status.job}: {status.total} input(s), {status.remaining} to go", ["step", "inputs"],
              steps, right=["inputs"])
    out.table("by worker", ["worker", "holding", "ready", "failed", "last write"],
              [(w.worker, w.held, w.ready, w.failed, w.last_seen or "") for w in status.workers],
              right=["holding", "ready", "failed"])
    rate = f"{status.rate_per_second * 60:.1f} input(s)/min" if status.rate_per_second else "none in 10 min"
    out.line(f"rate (last 10 min): {rate}; time left: {_duration(status.eta_seconds)}"
             + (f"; {status.lapsed_leases} lapsed lease(s) waiting for a worker" if status.lapsed_leases else ""))
    return EXIT_OK


async def job_retry_failed(args: argparse.Namespace, out: Output) -> int:
    from twelvelabs_async._ingest_pg import PostgresJournal

    journal = await PostgresJournal.open(_dsn(args), args.job, worker="cli")
    try:
        reopened = await journal.retry_failed()
    finally:
        await journal.close()
    if out.json_mode:
        out.emit_json({"job": args.job, "reopened": reopened})
    else:
        out.line(f"{reopened} failed input(s) of job {args.job} reopened: running workers take them now, or start "
                 "one with the same --journal and --job")
    return EXIT_OK


__all__ = ["job_retry_failed", "job_status"]
