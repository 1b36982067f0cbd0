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
database shared by many workers. This module is the single-machine backend: a SQLite file in WAL mode, each write
its own transaction (a ``kill -9`` loses at most the step in flight), used by one run at a time (a second run gets
``JournalLockedError`` at once, never a silent race), checked on open (an empty or foreign file is
``JournalError``, never a silent restart), with a versioned schema. Calls run in a worker thread.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import anyio.to_thread
import attrs

from twelvelabs_async._errors import JournalError, JournalLockedError

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
    CREATE TABLE IF NOT EXISTS journal_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
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


class _RunLock:
    """One run per journal file: an advisory lock on a sidecar file, released by the OS when the process dies
    (even with ``kill -9``), so a crashed run never blocks the next one."""

    def __init__(self, journal: Path) -> None:
        self._path = journal.with_name(journal.name + ".lock")
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        handle = self._path.open("a+b")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise JournalLockedError(
                f"{self._path.with_suffix('')} is in use by another run; wait for it to finish (or stop it) before "
                "running again on the same journal",
                path=str(self._path.with_suffix("")),
            ) from None
        self._handle = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                _unlock(handle)
            handle.close()


def _lock(handle: IO[bytes]) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(handle: IO[bytes]) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class SqliteJournal:
    """The SQLite ingest journal (blocking API; ``AsyncIngestJournal`` runs it in a thread)."""

    def __init__(self, path: str | os.PathLike[str], job: str = DEFAULT_JOB) -> None:
        self.path = Path(path)
        self.job = job
        self._lock = threading.Lock()
        self._run_lock = _RunLock(self.path)
        existed = self.path.exists()
        if existed and self.path.is_dir():
            raise JournalError(f"{self.path} is a directory, not a journal file", path=str(self.path))
        if existed and self.path.stat().st_size == 0:
            # An empty file is not a new journal: it is one that lost its content (truncated, or a failed copy).
            # Starting over from it would send every input again.
            raise JournalError(
                f"{self.path} is empty: it is not a journal (a new journal is a path that does not exist yet)",
                path=str(self.path),
            )
        self._run_lock.acquire()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30.0)
            self._open(existed)
        except BaseException:
            self._run_lock.release()
            raise

    def _open(self, existed: bool) -> None:
        try:
            with self._lock:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")  # durable across a process kill; WAL keeps it cheap
                if existed:
                    self._check_existing()
                for table in _TABLES:
                    self._db.execute(table)
                self._db.execute(
                    "INSERT OR IGNORE INTO journal_meta (name, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise JournalError(f"{self.path} is not a usable journal: {exc}", path=str(self.path)) from None

    def _check_existing(self) -> None:
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "journal_meta" not in tables:
            raise JournalError(
                f"{self.path} is an SQLite file but not an ingest journal (tables: {sorted(tables)})",
                path=str(self.path),
            )
        row = self._db.execute("SELECT value FROM journal_meta WHERE name = 'schema_version'").fetchone()
        version = int(row[0]) if row is not None and str(row[0]).isdigit() else None
        if version is None or version > SCHEMA_VERSION:
            raise JournalError(
                f"{self.path} has journal schema {row[0] if row else 'none'}; this SDK reads up to {SCHEMA_VERSION}",
                path=str(self.path),
            )
        quick = self._db.execute("PRAGMA quick_check").fetchone()
        if quick is None or quick[0] != "ok":
            raise JournalError(f"{self.path} is damaged: {quick[0] if quick else 'no answer'}", path=str(self.path))

    def close(self) -> None:
        with self._lock:
            self._db.close()
        self._run_lock.release()

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
