"""Opening a bulk journal file safely: one run at a time, and never a damaged or foreign file taken for a new one.

Both bulk journals (``_journal`` for ``tasks.upload_many``, ``_ingest_journal`` for ``ingest_many``) are SQLite
files that a rerun trusts to avoid sending anything twice. Trusting them is only safe when:

- one run uses a file at a time: two runs on one journal would each upload what the other has not recorded yet.
  An advisory lock on a sidecar file (``<journal>.lock``) is taken for the life of the run and released by the
  OS when the process dies, even with ``kill -9``, so a crashed run never blocks the next one;
- a file that exists is a journal of the expected kind and schema, intact: an empty file (truncated, a failed
  copy), another SQLite database, a newer schema or a damaged one is a ``JournalError`` naming the file, never a
  silent fresh start that would send every input again. A new journal is a path that does not exist yet.

Each write is its own transaction in WAL mode with ``synchronous=NORMAL``: a process kill loses at most the write
in flight, and WAL keeps that cheap.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from twelvelabs_async._errors import JournalError, JournalLockedError

META_TABLE = """
CREATE TABLE IF NOT EXISTS journal_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
"""


class RunLock:
    """The lock that keeps a second run off a journal in use."""

    def __init__(self, journal: Path) -> None:
        self.journal = journal
        self._path = journal.with_name(journal.name + ".lock")
        self._handle: IO[bytes] | None = None
        self._created = False

    def acquire(self) -> None:
        self._created = not self._path.exists()
        try:
            handle = self._path.open("a+b")
        except OSError as exc:
            message = f"cannot create the lock file of {self.journal}: {exc}"
            raise JournalError(message, path=str(self.journal)) from None
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise JournalLockedError(
                f"{self.journal} is in use by another run; wait for it to finish (or stop it) before running again "
                "on the same journal",
                path=str(self.journal),
            ) from None
        self._handle = handle

    def release(self, *, refused: bool = False) -> None:
        """Let the next run in. ``refused``: the file was not a usable journal, so a lock file made for it is
        removed, leaving nothing behind beside a file that is not ours."""
        handle, self._handle = self._handle, None
        if handle is not None:
            if refused and self._created:
                with contextlib.suppress(OSError):
                    self._path.unlink()
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


class JournalFile:
    """An open, locked, checked journal database: ``db`` is the connection (autocommit), ``close()`` releases it.

    Args:
        path: The journal file; created when it does not exist.
        kind: What the journal is, with its article (``"an upload"``, ``"an ingest"``), recorded and checked on open.
        main_table: The table that holds the journal's rows (checked on open).
        tables: ``CREATE TABLE IF NOT EXISTS`` statements of the journal's own tables.
        schema_version: The newest schema this code reads and writes.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, kind: str, main_table: str, tables: Sequence[str], schema_version: int
    ) -> None:
        self.path = Path(path)
        self._kind = kind
        self._main_table = main_table
        self._schema_version = schema_version
        existed = self.path.exists()
        if existed and self.path.is_dir():
            raise JournalError(f"{self.path} is a directory, not a journal file", path=str(self.path))
        if existed and self.path.stat().st_size == 0:
            raise JournalError(
                f"{self.path} is empty: it is not a journal (a new journal is a path that does not exist yet)",
                path=str(self.path),
            )
        if not self.path.parent.is_dir():
            raise JournalError(f"cannot create {self.path}: {self.path.parent} is not a directory", path=str(self.path))
        self._run_lock = RunLock(self.path)
        self._run_lock.acquire()
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            self._run_lock.release(refused=True)
            raise JournalError(f"cannot open {self.path}: {exc}", path=str(self.path)) from None
        try:
            self._prepare(existed, tables)
        except BaseException:
            self.db.close()
            self._run_lock.release(refused=True)
            raise

    def _prepare(self, existed: bool, tables: Sequence[str]) -> None:
        try:
            if existed:
                self._check_existing()  # first: a file that is refused is left exactly as it was
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(META_TABLE)
            for table in tables:
                self.db.execute(table)
            self.db.execute(
                "INSERT OR IGNORE INTO journal_meta (name, value) VALUES ('schema_version', ?), ('kind', ?)",
                (str(self._schema_version), self._kind),
            )
        except sqlite3.DatabaseError as exc:
            raise JournalError(f"{self.path} is not a usable journal: {exc}", path=str(self.path)) from None

    def _check_existing(self) -> None:
        found = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "journal_meta" not in found or self._main_table not in found:
            raise JournalError(
                f"{self.path} is an SQLite file but not {self._kind} journal (tables: {sorted(found)})",
                path=str(self.path),
            )
        meta = dict(self.db.execute("SELECT name, value FROM journal_meta").fetchall())
        kind = meta.get("kind", self._kind)
        if kind != self._kind:
            raise JournalError(f"{self.path} is {kind} journal, not {self._kind} journal", path=str(self.path))
        version = meta.get("schema_version")
        if version is None or not str(version).isdigit() or int(version) > self._schema_version:
            raise JournalError(
                f"{self.path} has journal schema {version or 'none'}; this SDK reads up to {self._schema_version}",
                path=str(self.path),
            )
        quick = self.db.execute("PRAGMA quick_check").fetchone()
        if quick is None or quick[0] != "ok":
            raise JournalError(f"{self.path} is damaged: {quick[0] if quick else 'no answer'}", path=str(self.path))

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._run_lock.release()
