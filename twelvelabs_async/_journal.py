"""The bulk-upload journal: a SQLite file recording what happened to each file, so a rerun resumes.

One row per (file, index): the file's absolute path, size and mtime (a changed file is a new file), the task
and video ids, the last status, and when the latest upload attempt began. Bulk upload writes a row before each
step and after it:

- ``uploading`` with ``attempt_started`` before the ``POST /tasks`` is sent: after a crash in the middle of the
  request the rerun knows an upload may have reached the server, and looks for its task (by file name, in the
  index, created since that time) before sending the file again;
- ``created`` (or a task status) with the ids once the answer is in;
- each status change while waiting, and the final ``ready`` or ``failed``;
- ``error`` when a file could not be uploaded (its next run tries again).

The file is opened by ``_journal_file``: one run at a time (a second gets ``JournalLockedError``), checked on open
(an empty, damaged or foreign file is a ``JournalError``, never a silent fresh start), each write its own
transaction. Calls are blocking and short; the async wrapper runs them in a worker thread so the event loop never
waits on the disk.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import anyio.to_thread
import attrs

from twelvelabs_async._journal_file import JournalFile

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    path TEXT NOT NULL,
    index_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    status TEXT NOT NULL,
    task_id TEXT,
    video_id TEXT,
    attempt_started REAL,
    error TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (path, index_id)
)
"""

UPLOADING = "uploading"
CREATED = "created"
ERROR = "error"


@attrs.frozen
class FileKey:
    """How the journal recognises a file: its absolute path, size and modification time (ns)."""

    path: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileKey:
        """Stat ``path`` (blocking)."""
        info = os.stat(path)
        return cls(str(path.resolve()), info.st_size, info.st_mtime_ns)


@attrs.frozen
class Entry:
    """A journal row."""

    key: FileKey
    index_id: str
    status: str
    task_id: str | None
    video_id: str | None
    attempt_started: float | None
    error: str | None


class Journal:
    """The SQLite journal (blocking API; see ``AsyncJournal``)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()  # one connection shared by the worker threads
        self._file = JournalFile(
            self.path, kind="an upload", main_table="uploads", tables=(_SCHEMA,), schema_version=SCHEMA_VERSION
        )
        self._db = self._file.db

    def close(self) -> None:
        """Close the database and let the next run in."""
        with self._lock:
            self._file.close()

    def get(self, key: FileKey, index_id: str) -> Entry | None:
        """The row of this file in this index, or None if unknown or if the file changed since."""
        with self._lock:
            row = self._db.execute(
                "SELECT size, mtime_ns, status, task_id, video_id, attempt_started, error FROM uploads "
                "WHERE path = ? AND index_id = ?",
                (key.path, index_id),
            ).fetchone()
        if row is None or (row[0], row[1]) != (key.size, key.mtime_ns):
            return None
        return Entry(key, index_id, row[2], row[3], row[4], row[5], row[6])

    def task_ids(self, index_id: str) -> set[str]:
        """Every task id recorded for the index (a lost answer must not adopt one of these)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT task_id FROM uploads WHERE index_id = ? AND task_id IS NOT NULL", (index_id,)
            ).fetchall()
        return {row[0] for row in rows}

    def _upsert(self, key: FileKey, index_id: str, **values: object) -> None:
        values["updated_at"] = time.time()
        columns = ["path", "index_id", "size", "mtime_ns", *values]
        params = [key.path, index_id, key.size, key.mtime_ns, *values.values()]
        updates = ", ".join(f"{c} = excluded.{c}" for c in ("size", "mtime_ns", *values))
        sql = (
            f"INSERT INTO uploads ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT (path, index_id) DO UPDATE SET {updates}"
        )
        with self._lock:
            self._db.execute(sql, params)

    def begin_attempt(self, key: FileKey, index_id: str, started: float) -> None:
        """Before a ``POST /tasks``: the upload may reach the server from now on."""
        self._upsert(key, index_id, status=UPLOADING, task_id=None, video_id=None, attempt_started=started,
                     error=None)

    def created(self, key: FileKey, index_id: str, task_id: str, video_id: str | None, status: str) -> None:
        """The task exists (from the answer, or found after a lost answer)."""
        self._upsert(key, index_id, status=status, task_id=task_id, video_id=video_id, error=None)

    def status(self, key: FileKey, index_id: str, status: str) -> None:
        """The task's status changed."""
        with self._lock:
            self._db.execute(
                "UPDATE uploads SET status = ?, updated_at = ? WHERE path = ? AND index_id = ?",
                (status, time.time(), key.path, index_id),
            )

    def failed(self, key: FileKey, index_id: str, error: str, *, keep_attempt: bool) -> None:
        """The file could not be uploaded. ``keep_attempt``: an attempt may have reached the server, so the next
        run must look for its task before sending (the row stays ``uploading``)."""
        if keep_attempt:
            with self._lock:
                self._db.execute(
                    "UPDATE uploads SET error = ?, updated_at = ? WHERE path = ? AND index_id = ?",
                    (error, time.time(), key.path, index_id),
                )
            return
        self._upsert(key, index_id, status=ERROR, task_id=None, video_id=None, attempt_started=None, error=error)


class AsyncJournal:
    """``Journal`` with every call run in a worker thread (not cancellable: a write in flight completes)."""

    def __init__(self, journal: Journal) -> None:
        self.sync = journal

    @classmethod
    async def open(cls, path: str | os.PathLike[str]) -> AsyncJournal:
        """Open (or create) the journal file."""
        return cls(await anyio.to_thread.run_sync(Journal, path))

    async def close(self) -> None:
        """Close the database."""
        await anyio.to_thread.run_sync(self.sync.close)

    async def get(self, key: FileKey, index_id: str) -> Entry | None:
        """See ``Journal.get``."""
        return await anyio.to_thread.run_sync(self.sync.get, key, index_id)

    async def task_ids(self, index_id: str) -> set[str]:
        """See ``Journal.task_ids``."""
        return await anyio.to_thread.run_sync(self.sync.task_ids, index_id)

    async def begin_attempt(self, key: FileKey, index_id: str, started: float) -> None:
        """See ``Journal.begin_attempt``."""
        await anyio.to_thread.run_sync(self.sync.begin_attempt, key, index_id, started)

    async def created(self, key: FileKey, index_id: str, task_id: str, video_id: str | None, status: str) -> None:
        """See ``Journal.created``."""
        await anyio.to_thread.run_sync(self.sync.created, key, index_id, task_id, video_id, status)

    async def status(self, key: FileKey, index_id: str, status: str) -> None:
        """See ``Journal.status``."""
        await anyio.to_thread.run_sync(self.sync.status, key, index_id, status)

    async def failed(self, key: FileKey, index_id: str, error: str, *, keep_attempt: bool) -> None:
        """See ``Journal.failed``."""
        await anyio.to_thread.run_sync(lambda: self.sync.failed(key, index_id, error, keep_attempt=keep_attempt))
