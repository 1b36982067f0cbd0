"""The ingest journal: what happened to each input of a bulk ingestion, so that a rerun resumes and never does
anything twice.

One row per (job, input, index). An input is a file (its resolved absolute path, size and modification time: a
changed file is a new input) or a URL. A row records the input's *step* and the ids that make each step
idempotent on a rerun:

==============  ======================================================================================
step            recorded before the step's request is sent, so a crash in the middle of it is resumable
==============  ======================================================================================
``uploading``   a direct or URL upload may have reached the server: the rerun looks for the asset by the
                input's ``ingest_key`` (kept in the asset's user metadata) before sending again
``session``     a multipart session exists: ``upload_id``, the reserved ``asset_id`` and the chunk layout;
                the rerun continues it, sending only the chunks the server lacks
``uploaded``    the asset exists (``asset_id``); next, wait until it is ready
``indexing``    an indexed asset may have been created: the rerun looks for it in the asset's indexed
                assets before creating one
``indexed``     the indexed asset exists (``indexed_asset_id``); next, wait until it is ready
``ready``       done
``failed``      the asset or its indexing failed (``error``); a rerun reports it again (or retries it)
==============  ======================================================================================

The interface is small on purpose (``open``, ``get``, ``save``, ``close``) so that the same engine can run on a
database shared by many workers. This module is the single-machine backend: a SQLite file opened by
``_journal_file`` (one run at a time, checked on open, a versioned schema), each write its own transaction.
Calls run in a worker thread.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio.to_thread
import attrs

from twelvelabs_async._journal_file import JournalFile

SCHEMA_VERSION = 1
DEFAULT_JOB = "default"

# Steps, in order (``failed`` may follow any of the waits).
UPLOADING = "uploading"
SESSION = "session"
UPLOADED = "uploaded"
INDEXING = "indexing"
INDEXED = "indexed"
READY = "ready"
FAILED = "failed"

_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS ingest_inputs (
        job TEXT NOT NULL,
        source TEXT NOT NULL,
        index_id TEXT NOT NULL,
        size INTEGER,
        mtime_ns INTEGER,
        ingest_key TEXT NOT NULL,
        step TEXT NOT NULL,
        upload_id TEXT,
        chunk_size INTEGER,
        total_chunks INTEGER,
        reported_chunks INTEGER NOT NULL DEFAULT 0,
        asset_id TEXT,
        indexed_asset_id TEXT,
        status TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at REAL NOT NULL,
        PRIMARY KEY (job, source, index_id)
    )
    """,
)
_COLUMNS = (
    "size",
    "mtime_ns",
    "ingest_key",
    "step",
    "upload_id",
    "chunk_size",
    "total_chunks",
    "reported_chunks",
    "asset_id",
    "indexed_asset_id",
    "status",
    "error",
    "attempts",
)


@attrs.frozen(kw_only=True)
class InputKey:
    """How the journal recognises an input: a file's resolved path with its size and mtime, or a URL."""

    source: str
    size: int | None = None
    mtime_ns: int | None = None


@attrs.frozen(kw_only=True)
class Entry:
    """A journal row: where an input stands, and the ids that make its next step safe to repeat."""

    key: InputKey
    index_id: str
    ingest_key: str
    step: str
    upload_id: str | None = None
    chunk_size: int | None = None
    total_chunks: int | None = None
    reported_chunks: int = 0
    asset_id: str | None = None
    indexed_asset_id: str | None = None
    status: str | None = None
    error: str | None = None
    attempts: int = 0


class SqliteJournal:
    """The SQLite ingest journal (blocking API; ``AsyncIngestJournal`` runs it in a thread)."""

    def __init__(self, path: str | os.PathLike[str], job: str = DEFAULT_JOB) -> None:
        self.path = Path(path)
        self.job = job
        self._lock = threading.Lock()  # one connection shared by the worker threads
        self._file = JournalFile(
            self.path, kind="an ingest", main_table="ingest_inputs", tables=_TABLES, schema_version=SCHEMA_VERSION
        )
        self._db = self._file.db

    def close(self) -> None:
        with self._lock:
            self._file.close()

    def get(self, key: InputKey, index_id: str) -> Entry | None:
        """The row of this input in this index, or None if unknown (or if the file changed since)."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM ingest_inputs WHERE job = ? AND source = ? AND index_id = ?",
                (self.job, key.source, index_id),
            ).fetchone()
        if row is None:
            return None
        values = dict(zip(_COLUMNS, row, strict=True))
        if (values["size"], values["mtime_ns"]) != (key.size, key.mtime_ns):
            return None
        values.pop("size")
        values.pop("mtime_ns")
        return Entry(key=key, index_id=index_id, **values)

    def save(self, entry: Entry) -> None:
        """Record ``entry`` (insert or replace its row)."""
        values: dict[str, Any] = attrs.asdict(entry, recurse=False)
        key: InputKey = values.pop("key")
        values.pop("index_id")
        row = {"size": key.size, "mtime_ns": key.mtime_ns, **values, "updated_at": time.time()}
        columns = ["job", "source", "index_id", *row]
        updates = ", ".join(f"{c} = excluded.{c}" for c in row)
        with self._lock:
            self._db.execute(
                f"INSERT INTO ingest_inputs ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
                f"ON CONFLICT (job, source, index_id) DO UPDATE SET {updates}",
                [self.job, key.source, entry.index_id, *row.values()],
            )

    def entries(self) -> Iterator[tuple[str, str, str]]:
        """(source, index_id, step) of every row of the job, for reports."""
        with self._lock:
            rows = self._db.execute(
                "SELECT source, index_id, step FROM ingest_inputs WHERE job = ? ORDER BY source", (self.job,)
            ).fetchall()
        yield from rows


class AsyncIngestJournal:
    """``SqliteJournal`` with every call run in a worker thread (a write in flight completes)."""

    def __init__(self, journal: SqliteJournal) -> None:
        self.sync = journal

    @classmethod
    async def open(cls, path: str | os.PathLike[str], job: str = DEFAULT_JOB) -> AsyncIngestJournal:
        return cls(await anyio.to_thread.run_sync(SqliteJournal, path, job))

    async def close(self) -> None:
        await anyio.to_thread.run_sync(self.sync.close)

    async def get(self, key: InputKey, index_id: str) -> Entry | None:
        return await anyio.to_thread.run_sync(self.sync.get, key, index_id)

    async def save(self, entry: Entry) -> None:
        await anyio.to_thread.run_sync(self.sync.save, entry)


__all__ = [
    "DEFAULT_JOB",
    "FAILED",
    "INDEXED",
    "INDEXING",
    "READY",
    "SCHEMA_VERSION",
    "SESSION",
    "UPLOADED",
    "UPLOADING",
    "AsyncIngestJournal",
    "Entry",
    "InputKey",
    "SqliteJournal",
]
