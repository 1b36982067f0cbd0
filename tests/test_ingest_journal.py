"""The ingest journal: rows survive a reopen, one run at a time, and a damaged journal is an error, never a restart."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from twelvelabs_async._errors import JournalError, JournalLockedError
from twelvelabs_async._ingest_journal import (
    SCHEMA_VERSION,
    SESSION,
    AsyncIngestJournal,
    Entry,
    InputKey,
    SqliteJournal,
)

KEY = InputKey(source="/data/a.mp4", size=1000, mtime_ns=5)


def entry(**changes: object) -> Entry:
    base = Entry(key=KEY, index_id="idx1", ingest_key="k1", step="new")
    values = {**{"key": base.key, "index_id": base.index_id, "ingest_key": base.ingest_key, "step": base.step},
              **changes}
    return Entry(**values)  # type: ignore[arg-type]


def test_a_row_survives_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    journal = SqliteJournal(path)
    saved = entry(step=SESSION, upload_id="up1", asset_id="as1", chunk_size=10, total_chunks=3, reported_chunks=2)
    journal.save(saved)
    journal.close()
    again = SqliteJournal(path)
    try:
        assert again.get(KEY, "idx1") == saved
        assert again.get(KEY, "idx2") is None  # another index is another input
    finally:
        again.close()


def test_a_changed_file_is_a_new_input(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "j.db")
    try:
        journal.save(entry(step="ready"))
        assert journal.get(InputKey(source=KEY.source, size=1001, mtime_ns=5), "idx1") is None
        assert journal.get(InputKey(source=KEY.source, size=1000, mtime_ns=6), "idx1") is None
    finally:
        journal.close()


def test_jobs_in_one_file_are_apart(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    first = SqliteJournal(path, job="a")
    first.save(entry(step="ready"))
    first.close()
    second = SqliteJournal(path, job="b")
    try:
        assert second.get(KEY, "idx1") is None
    finally:
        second.close()


def test_a_second_run_on_the_same_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    journal = SqliteJournal(path)
    try:
        with pytest.raises(JournalLockedError, match="in use by another run") as info:
            SqliteJournal(path)
        assert info.value.path == str(path)
        # Another process is refused too (the lock is the OS's, not this process's).
        code = f"from twelvelabs_async._ingest_journal import SqliteJournal\nSqliteJournal({str(path)!r})"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert done.returncode != 0 and "JournalLockedError" in done.stderr
    finally:
        journal.close()
    SqliteJournal(path).close()  # free again once the first run closed it


def test_a_killed_run_leaves_no_lock_behind(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    code = (
        "import os, signal\nfrom twelvelabs_async._ingest_journal import SqliteJournal\n"
        f"SqliteJournal({str(path)!r})\nos.kill(os.getpid(), signal.SIGKILL)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == -9
    SqliteJournal(path).close()  # the OS released the dead process's lock


def test_an_empty_file_is_an_error_not_a_new_journal(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    path.write_bytes(b"")
    with pytest.raises(JournalError, match="is empty") as info:
        SqliteJournal(path)
    assert info.value.path == str(path)
    assert path.read_bytes() == b""  # untouched


def test_garbage_is_a_journal_error(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    path.write_bytes(b"this is not a database at all " * 100)
    with pytest.raises(JournalError, match="not a usable journal"):
        SqliteJournal(path)


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")
    db.close()
    with pytest.raises(JournalError, match="not an ingest journal"):
        SqliteJournal(path)


def test_a_journal_from_a_newer_sdk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    SqliteJournal(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE journal_meta SET value = ? WHERE name = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    db.close()
    with pytest.raises(JournalError, match="schema"):
        SqliteJournal(path)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="directory"):
        SqliteJournal(tmp_path)


async def test_the_async_journal_runs_in_a_thread(tmp_path: Path) -> None:
    journal = await AsyncIngestJournal.open(tmp_path / "j.db")
    try:
        await journal.save(entry(step="uploaded", asset_id="as1"))
        found = await journal.get(KEY, "idx1")
        assert found is not None and found.asset_id == "as1" and found.step == "uploaded"
    finally:
        await journal.close()
