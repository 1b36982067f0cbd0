"""Bulk upload hardening (commit 8d4daef), ``tasks.upload_many`` with ``journal=`` against the emulator: one run
per journal, unusable journals refused before any request, one file named several ways uploaded once, an
unreadable 2xx treated as "maybe created", and lost answers found on the server's clock (its ``Date`` header)
when that clock is minutes off ours."""

from __future__ import annotations

import email.utils
import sqlite3
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._errors import JournalError, JournalLockedError
from twelvelabs_async._ingest_journal import SqliteJournal
from twelvelabs_async._journal import SCHEMA_VERSION, FileKey, Journal
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import Emulator

KEY = "tlk_bulk_hardening_key"
FAST = {"sleep_interval": 0.02, "max_interval": 0.1}


def video(directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    write_sample_mp4(path, duration=5.0, width=640, height=360)
    return path


def api_requests(emu: Emulator) -> int:
    """Every request the emulator's API saw (its counters also hold the storage server's, as ``STORAGE ...``)."""
    return sum(n for route, n in emu.state.route_counts.items() if not route.startswith("STORAGE"))


def tasks_per_name(emu: Emulator, index_id: str) -> Counter[str]:
    return Counter(t.video.filename for t in emu.state.tasks.values() if t.video.index_id == index_id)


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(api_key=KEY, speed=0) as emulator:
        yield emulator


@pytest.fixture
def index_id(emu: Emulator) -> str:
    return emu.state.create_index("bulk", [("marengo3.0", ["visual"])])


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs(KEY, base_url=emu.base_url) as c:
        yield c


# --- 7. one run per journal; unusable journals refused before any request -----------------------------------------


async def test_a_journal_in_use_is_refused_before_any_request(
    emu: Emulator, index_id: str, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    clip = video(tmp_path, "clip.mp4")
    path = tmp_path / "journal.db"
    holder = Journal(path)
    try:
        with pytest.raises(JournalLockedError, match="in use by another run") as info:
            await client.tasks.upload_many(index_id=index_id, files=[clip], journal=path, **FAST)
        assert info.value.path == str(path)
        assert api_requests(emu) == 0  # not even GET /indexes/{index_id}
        # The holder's connection and lock are unharmed by the refused run.
        key = FileKey.of(clip)
        holder.begin_attempt(key, "another-index", started=time.time())
        entry = holder.get(key, "another-index")
        assert entry is not None and entry.status == "uploading"
    finally:
        holder.close()
    [outcome] = await client.tasks.upload_many(index_id=index_id, files=[clip], journal=path, **FAST)
    assert outcome.ok and outcome.status == "ready" and outcome.task_id is not None
    assert tasks_per_name(emu, index_id) == Counter({"clip.mp4": 1})


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database, only some bytes that look like nothing\n" * 64)


def _other_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER, caption TEXT)")
        db.execute("INSERT INTO photos VALUES (1, 'a dog')")
    db.close()


def _ingest_journal(path: Path) -> None:
    SqliteJournal(path).close()


def _newer_upload_journal(path: Path) -> None:
    Journal(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE journal_meta SET value = ? WHERE name = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    db.close()


BAD_JOURNALS = {
    "empty": (_empty, "is empty"),
    "garbage": (_garbage, "not a usable journal"),
    "other-sqlite": (_other_sqlite, "not an upload journal"),
    "ingest-journal": (_ingest_journal, "not an upload journal"),
    "newer-schema": (_newer_upload_journal, "schema"),
}


@pytest.mark.parametrize("case", list(BAD_JOURNALS))
async def test_an_unusable_journal_is_a_journal_error_before_any_request(
    case: str, emu: Emulator, index_id: str, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    make, reason = BAD_JOURNALS[case]
    clip = video(tmp_path, "clip.mp4")
    path = tmp_path / "journal.db"
    make(path)
    with pytest.raises(JournalError, match=reason) as info:
        await client.tasks.upload_many(index_id=index_id, files=[clip], journal=path, **FAST)
    assert type(info.value) is JournalError  # not a lock problem
    assert info.value.path == str(path) and str(path) in str(info.value)
    assert api_requests(emu) == 0  # refused before GET /indexes/{index_id} and before any upload
    assert emu.state.tasks == {}
    # Refused, so free: nothing holds the journal's lock afterwards.
    with pytest.raises(JournalError, match=reason):
        Journal(path)


@pytest.mark.parametrize("case", ["empty", "garbage"])
async def test_a_refused_non_database_file_is_left_as_it_was(
    case: str, client: AsyncTwelveLabs, index_id: str, tmp_path: Path
) -> None:
    make, _ = BAD_JOURNALS[case]
    path = tmp_path / "journal.db"
    make(path)
    before = path.read_bytes()
    with pytest.raises(JournalError):
        await client.tasks.upload_many(index_id=index_id, files=[video(tmp_path, "c.mp4")], journal=path)
    assert path.read_bytes() == before  # never taken for a new journal


async def test_a_refused_foreign_sqlite_database_is_left_as_it_was(
    client: AsyncTwelveLabs, index_id: str, tmp_path: Path
) -> None:
    path = tmp_path / "photos.db"
    _other_sqlite(path)
    before = path.read_bytes()
    with pytest.raises(JournalError, match="not an upload journal"):
        await client.tasks.upload_many(index_id=index_id, files=[video(tmp_path, "c.mp4")], journal=path)
    assert path.read_bytes() == before


async def test_a_journal_in_a_missing_directory_is_a_journal_error_before_any_request(
    emu: Emulator, index_id: str, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    path = tmp_path / "missing" / "nested" / "journal.db"
    with pytest.raises(JournalError, match="is not a directory") as info:
        await client.tasks.upload_many(index_id=index_id, files=[video(tmp_path, "clip.mp4")], journal=path)
    assert info.value.path == str(path)
    assert api_requests(emu) == 0
    assert not (tmp_path / "missing").exists()


def test_an_upload_journal_is_not_an_ingest_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    Journal(path).close()
    with pytest.raises(JournalError, match="not an ingest journal") as info:
        SqliteJournal(path)
    assert info.value.path == str(path) and str(path) in str(info.value)
    Journal(path).close()  # still a usable upload journal, and not left locked


def test_one_lock_for_both_journal_kinds(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    holder = Journal(path)
    try:
        with pytest.raises(JournalLockedError) as info:
            Journal(path)
        assert info.value.path == str(path)
    finally:
        holder.close()
    Journal(path).close()


# --- 8. one file named three ways is uploaded once ----------------------------------------------------------------


async def test_one_file_named_three_ways_is_one_task(
    emu: Emulator, index_id: str, client: AsyncTwelveLabs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = video(tmp_path / "dir", "x.mp4")
    monkeypatch.chdir(tmp_path)
    spellings = [absolute, Path("dir/x.mp4"), tmp_path / "dir" / ".." / "dir" / "x.mp4"]
    assert len({str(p) for p in spellings}) == 3
    outcomes = await client.tasks.upload_many(index_id=index_id, files=spellings, journal=tmp_path / "j.db", **FAST)
    assert [o.path for o in outcomes] == spellings  # each outcome under the name it was given
    assert all(o.ok and o.status == "ready" for o in outcomes)
    assert len({o.task_id for o in outcomes}) == 1 and outcomes[0].task_id is not None
    assert emu.state.requests("POST /tasks") == 1
    assert tasks_per_name(emu, index_id) == Counter({"x.mp4": 1})


# --- 9. an unreadable 2xx: the task may exist --------------------------------------------------------------------


async def test_a_garbled_2xx_answer_is_looked_up_not_resent(tmp_path: Path) -> None:
    files = [video(tmp_path, f"g{n}.mp4") for n in range(3)]
    journal = tmp_path / "journal.db"
    # Every POST /tasks creates its task, then answers 200 with HTML instead of JSON.
    async with Emulator(api_key=KEY, speed=0, faults="POST /tasks:garble_after=1") as emu, AsyncTwelveLabs(
        KEY, base_url=emu.base_url
    ) as client:
        index_id = emu.state.create_index("garbled", [("marengo3.0", ["visual"])])
        first = await client.tasks.upload_many(index_id=index_id, files=files, journal=journal, **FAST)
        assert emu.state.outcomes["POST /tasks"]["garble_after"] == 3
        assert [o.error for o in first] == [None, None, None]
        assert [o.status for o in first] == ["ready"] * 3
        assert tasks_per_name(emu, index_id) == Counter(p.name for p in files)  # one task each
        by_name = {t.video.filename: tid for tid, t in emu.state.tasks.items()}
        assert [o.task_id for o in first] == [by_name[p.name] for p in files]  # the lookup found each one
        assert emu.state.requests("POST /tasks") == 3
        second = await client.tasks.upload_many(index_id=index_id, files=files, journal=journal, **FAST)
        assert emu.state.requests("POST /tasks") == 3  # the rerun sent nothing
        assert [o.task_id for o in second] == [o.task_id for o in first]
        assert all(o.resumed and o.ok for o in second)
        assert len(emu.state.tasks) == 3


# --- 10. a server clock two minutes behind ------------------------------------------------------------------------


class BehindClock:
    """The emulator's clock, two minutes behind the real one."""

    def now(self) -> float:
        return time.time() - 120


async def test_the_emulator_dates_its_answers_on_its_own_clock() -> None:
    async with Emulator(api_key=KEY, speed=0, clock=BehindClock()) as emu, aiohttp.ClientSession() as session:
        async with session.get(emu.base_url + "/indexes", headers={"x-api-key": KEY}) as response:
            assert response.status == 200
            date = response.headers["Date"]
        async with session.get(emu.base_url + "/indexes", headers={"x-api-key": "wrong"}) as refused:
            assert refused.status == 401
            refused_date = refused.headers["Date"]
    for value in (date, refused_date):
        stamped = email.utils.parsedate_to_datetime(value).timestamp()
        assert stamped == pytest.approx(time.time() - 120, abs=3)


async def test_lost_answers_are_found_on_a_server_clock_two_minutes_behind(tmp_path: Path) -> None:
    files = [video(tmp_path, f"late_{n:02d}.mp4") for n in range(10)]
    faults = "POST /tasks:drop_after=0.5"  # half the answers are lost after the task was created
    async with Emulator(api_key=KEY, speed=0, clock=BehindClock(), faults=faults, seed=5) as emu, AsyncTwelveLabs(
        KEY, base_url=emu.base_url
    ) as client:
        index_id = emu.state.create_index("skewed", [("marengo3.0", ["visual"])])
        outcomes = await client.tasks.upload_many(index_id=index_id, files=files, journal=tmp_path / "j.db",
                                                  concurrency=4, **FAST)
        lost = emu.state.outcomes["POST /tasks"]["drop_after"]
        assert lost >= 2, "the seed should lose a few answers"
        assert [o.error for o in outcomes if o.error is not None] == []
        assert {o.status for o in outcomes} == {"ready"}
        assert tasks_per_name(emu, index_id) == Counter(p.name for p in files)  # exactly one task per file
        assert emu.state.requests("POST /tasks") == 10  # every lost answer was found, none sent again
        assert len({o.task_id for o in outcomes}) == 10
        offset = client._transport.server_clock_offset()
        assert offset is not None and offset == pytest.approx(-120, abs=3)
