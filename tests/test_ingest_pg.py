"""The PostgreSQL ingest journal on a real server: schema and its version, claims that never overlap, leases that
lapse and are taken over, fenced writes, inputs added to a running job, retrying failures, and a DSN whose password
never shows."""

from __future__ import annotations

import asyncio
import os
import sys

import anyio
import pytest

if os.environ.get("CI") != "true":  # under CI a missing driver fails (pg_server), never skips
    pytest.importorskip("asyncpg")
import asyncpg

from twelvelabs_async._errors import ArgumentError, ConfigurationError, JournalError, LeaseLostError
from twelvelabs_async._ingest_journal import FAILED, READY, UPLOADED, UPLOADING, Entry, InputKey
from twelvelabs_async._ingest_pg import SCHEMA_VERSION, PostgresJournal, redact_dsn


def entries(n: int, index_id: str = "idx") -> list[Entry]:
    return [
        Entry(key=InputKey(source=f"https://media.example/v{i:04d}.mp4"), index_id=index_id, ingest_key=f"k{i}",
              step="new")
        for i in range(n)
    ]


async def test_the_schema_is_created_versioned_and_a_newer_one_refused(pg_dsn: str) -> None:
    first = await PostgresJournal.open(pg_dsn, "job")
    await first.close()
    again = await PostgresJournal.open(pg_dsn, "job")  # opening a current schema changes nothing
    await again.close()
    conn = await asyncpg.connect(pg_dsn)
    try:
        assert await conn.fetchval("SELECT version FROM twelvelabs_ingest_schema") == SCHEMA_VERSION
        tables = {r["tablename"] for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname='public'")}
        assert {"twelvelabs_ingest_inputs", "twelvelabs_ingest_pauses", "twelvelabs_ingest_schema"} <= tables
        await conn.execute("UPDATE twelvelabs_ingest_schema SET version = $1", SCHEMA_VERSION + 1)
    finally:
        await conn.close()
    with pytest.raises(JournalError, match=f"schema {SCHEMA_VERSION + 1}; this SDK reads up to {SCHEMA_VERSION}"):
        await PostgresJournal.open(pg_dsn, "job")


async def test_workers_starting_together_create_the_schema_once(pg_dsn: str) -> None:
    journals = await asyncio.gather(*(PostgresJournal.open(pg_dsn, "job") for _ in range(6)))
    for journal in journals:
        await journal.close()
    conn = await asyncpg.connect(pg_dsn)
    try:
        assert await conn.fetchval("SELECT count(*) FROM twelvelabs_ingest_schema") == 1
    finally:
        await conn.close()


async def test_a_role_that_may_only_read_and_write_rows_runs_a_job(pg_dsn: str) -> None:
    import uuid

    owner = await PostgresJournal.open(pg_dsn, "job")  # the owner creates the schema
    await owner.register(entries(2))
    await owner.close()
    role = f"rows_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(pg_dsn)
    try:
        await conn.execute(f"CREATE ROLE {role} LOGIN")
        await conn.execute(f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {role}")
    finally:
        await conn.close()
    worker = await PostgresJournal.open(pg_dsn.replace("postgresql://postgres@", f"postgresql://{role}@"), "job")
    try:
        assert (await worker.status()).total == 2
        assert len(await worker.claim("idx", 10)) == 2
    finally:
        await worker.close()


@pytest.mark.parametrize(
    ("dsn", "match"),
    [("mysql://h/db", "postgresql:// or postgres://"), ("postgresql:///db", "names no host"),
     ("postgresql://u:p@h:notaport/db", "not a valid PostgreSQL URL")],
)
async def test_a_bad_dsn_or_job_is_refused_before_any_io(dsn: str, match: str) -> None:
    with pytest.raises(ArgumentError, match=match):
        await PostgresJournal.open(dsn, "job")


async def test_bad_arguments_of_a_shared_ingest_are_refused_before_any_request() -> None:
    from twelvelabs_async._ingest import IngestJob

    with pytest.raises(ArgumentError, match="job"):
        IngestJob(object(), [], index_id="i", journal="postgresql://h/db", job="")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="lease_seconds"):
        IngestJob(object(), [], index_id="i", journal="postgresql://h/db", lease_seconds=0)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="shared"):
        IngestJob(object(), [], index_id="i", journal="j.db", worker="w")  # type: ignore[arg-type]


async def test_the_password_never_shows(postgres_server: object, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "Sup3rSecretPassw0rd"
    assert secret not in redact_dsn(f"postgresql://u:{secret}@h/db")
    assert secret not in redact_dsn(f"postgresql://u@h/db?password={secret}&sslmode=disable")
    # A server that refuses the login (no such user): the error names the DSN, never the password.
    port = postgres_server.port  # type: ignore[attr-defined]
    with pytest.raises(JournalError) as info:
        await PostgresJournal.open(f"postgresql://nobody:{secret}@127.0.0.1:{port}/postgres", "job")
    assert secret not in str(info.value) and secret not in repr(info.value) and secret not in info.value.path
    assert "nobody:***@127.0.0.1" in str(info.value)


@pytest.mark.parametrize("secret", ["Zx9/kQ+r7Tw", "12345/Tw", "Zx9#kQr7Tw", "s3cr?etPass", "p@ss@word1", "a/b?c#d@e"])
def test_a_password_with_url_delimiters_never_shows(secret: str) -> None:
    from twelvelabs_async._ingest_pg import _passwords_of, check_dsn

    dsn = f"postgresql://app:{secret}@127.0.0.1:5432/jobs"
    assert redact_dsn(dsn) == "postgresql://app:***@127.0.0.1:5432/jobs"
    assert secret in _passwords_of(dsn)  # registered as a secret, so no error text can carry it
    if any(c in secret for c in "/?#"):  # the driver would misparse it: refused, quoting only the redacted DSN
        with pytest.raises(ArgumentError) as info:
            check_dsn(dsn)
        assert "percent-encode" in str(info.value) and secret not in str(info.value)
    else:
        check_dsn(dsn)  # "@" is unambiguous: the last one ends the user info
    query = f"postgresql://app@127.0.0.1/jobs?sslmode=disable&password={secret}"
    assert secret not in redact_dsn(query) and "password=***" in redact_dsn(query)
    check_dsn(query)  # an unencoded "@" in a password= value is no reason to refuse


async def test_a_percent_encoded_password_never_shows(postgres_server: object) -> None:
    from urllib.parse import quote

    secret = "Zx9/kQ+r7Tw#1?"
    port = postgres_server.port  # type: ignore[attr-defined]
    dsn = f"postgresql://nobody:{quote(secret, safe='')}@127.0.0.1:{port}/postgres"
    with pytest.raises(JournalError) as info:
        await PostgresJournal.open(dsn, "job")
    text = f"{info.value} {info.value!r} {info.value.path}"
    assert secret not in text and quote(secret, safe="") not in text
    assert "nobody:***@127.0.0.1" in str(info.value)


async def test_a_missing_driver_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "asyncpg", None)
    with pytest.raises(ConfigurationError, match=r"pip install \"twelvelabs-async\[postgres\]\""):
        await PostgresJournal.open("postgresql://127.0.0.1:1/db", "job")


async def test_concurrent_claimers_never_get_the_same_input(pg_dsn: str) -> None:
    workers = [await PostgresJournal.open(pg_dsn, "job", worker=f"w{n}") for n in range(6)]
    try:
        assert await workers[0].register(entries(300)) == 300
        assert await workers[1].register(entries(300)) == 0  # registered again: nothing added, nothing reset
        got: dict[str, list[str]] = {}

        async def claimer(journal: PostgresJournal) -> None:
            for _ in range(200):  # bounded: 300 inputs in claims of up to 7
                claimed = await journal.claim("idx", 7)
                if not claimed:
                    return
                assert len(claimed) <= 7  # the limit holds (a re-scanned SKIP LOCKED subquery would break it)
                got.setdefault(journal.worker, []).extend(e.key.source for e, _ in claimed)

        await asyncio.gather(*(claimer(w) for w in workers))
        sources = [s for claimed in got.values() for s in claimed]
        assert len(sources) == 300 and len(set(sources)) == 300
        assert len(got) >= 2  # the claims really were spread, not one worker taking everything
    finally:
        for journal in workers:
            await journal.close()


async def test_a_worker_never_reclaims_what_it_holds_and_knows_when_its_lease_lapsed(pg_dsn: str) -> None:
    a = await PostgresJournal.open(pg_dsn, "job", worker="a", lease_seconds=0.5)
    try:
        await a.register(entries(2))
        held = await a.claim("idx", 10)
        assert len(held) == 2 and not a.lapsed(held[0][0].key.source)
        with anyio.fail_after(10):
            for _ in range(1000):  # bounded: no renewal, so the local lease ends in 0.4 s
                if a.lapsed(held[0][0].key.source):
                    break
                await anyio.sleep(0.05)
        # Lapsed by the database's clock too, and still unclaimable by this worker, which may still be working on it.
        with anyio.fail_after(10):
            while True:  # bounded by fail_after
                state = await a._fetch("SELECT bool_and(lease_expires_at < now()) AS gone FROM "
                                       "twelvelabs_ingest_inputs WHERE job = 'job'")
                if state[0]["gone"]:
                    break
                await anyio.sleep(0.05)
        assert await a.claim("idx", 10) == []
        with pytest.raises(LeaseLostError):  # a retry's reload refuses a row whose lease lapsed
            await a.get_held(held[0][0].key, "idx")
        with pytest.raises(LeaseLostError):  # as does the check before each creating or deleting request
            a.check_lease(held[1][0].key.source)
        assert await a.renew() == 0  # a lost lease is not renewed behind the worker's back
        a.forget(held[0][0].key.source)  # its task ended: claimable again
        assert [e.key.source for e, _ in await a.claim("idx", 10)] == [held[0][0].key.source]
    finally:
        await a.close()


async def test_a_lapsed_lease_is_taken_over_and_the_old_holder_fenced_off(pg_dsn: str) -> None:
    a = await PostgresJournal.open(pg_dsn, "job", worker="a", lease_seconds=0.5)
    b = await PostgresJournal.open(pg_dsn, "job", worker="b", lease_seconds=30)
    try:
        await a.register(entries(3))
        held = await a.claim("idx", 10)
        assert len(held) == 3 and not any(taken for _, taken in held)
        entry = held[0][0]
        await a.save(Entry(key=entry.key, index_id="idx", ingest_key=entry.ingest_key, step=UPLOADING))
        assert await b.claim("idx", 10) == []  # live leases
        taken: list[tuple[Entry, bool]] = []
        with anyio.fail_after(10):
            while not taken:  # bounded by fail_after: the lease lapses after 0.5 s
                taken = await b.claim("idx", 10)
                if not taken:
                    await anyio.sleep(0.1)
        assert len(taken) == 3 and all(flag for _, flag in taken)
        resumed = {e.key.source: e for e, _ in taken}[entry.key.source]
        assert resumed.step == UPLOADING and resumed.ingest_key == entry.ingest_key  # resumed from the step
        with pytest.raises(LeaseLostError):
            await a.save(Entry(key=entry.key, index_id="idx", ingest_key=entry.ingest_key, step=UPLOADED,
                               asset_id="asset-a"))
        await b.save(Entry(key=entry.key, index_id="idx", ingest_key=entry.ingest_key, step=READY, asset_id="x",
                           indexed_asset_id="y", status="ready"))
        rows = await b.rows("idx", [entry.key.source])
        assert rows[entry.key.source].entry.step == READY and rows[entry.key.source].worker == "b"
        assert await a.renew() == 0 and await b.renew() == 2
    finally:
        await a.close()
        await b.close()


async def test_renewed_leases_are_not_taken(pg_dsn: str) -> None:
    a = await PostgresJournal.open(pg_dsn, "job", worker="a", lease_seconds=0.6)
    b = await PostgresJournal.open(pg_dsn, "job", worker="b")
    try:
        await a.register(entries(2))
        assert len(await a.claim("idx", 10)) == 2
        for _ in range(6):  # 1.2 s: twice the lease, renewed every 0.2 s
            await anyio.sleep(0.2)
            assert await a.renew() == 2
            assert await b.claim("idx", 10) == []
    finally:
        await a.close()
        await b.close()


async def test_inputs_added_to_a_running_job_are_claimed_and_failures_retried(pg_dsn: str) -> None:
    a = await PostgresJournal.open(pg_dsn, "job", worker="a")
    b = await PostgresJournal.open(pg_dsn, "job", worker="b")
    other = await PostgresJournal.open(pg_dsn, "another-job", worker="c")
    try:
        first = entries(4)
        await a.register(first[:2])
        assert len(await a.claim("idx", 10)) == 2
        assert await b.register(first) == 2  # two new ones join the running job
        claimed = await b.claim("idx", 10)
        assert sorted(e.key.source for e, _ in claimed) == [e.key.source for e in first[2:]]
        assert await other.claim("idx", 10) == []  # jobs are apart
        failed, errored = claimed[0][0], claimed[1][0]
        await b.save(Entry(key=failed.key, index_id="idx", ingest_key=failed.ingest_key, step=FAILED,
                           asset_id="as1", status="asset_failed", error="broken"))
        await b.save(Entry(key=errored.key, index_id="idx", ingest_key=errored.ingest_key, step=UPLOADED,
                           asset_id="as2"))
        await b.mark_error(
            Entry(key=errored.key, index_id="idx", ingest_key=errored.ingest_key, step=UPLOADED, asset_id="as2"),
            "BadRequestError: no",
        )
        status = await a.status()
        assert status.steps == {"new": 2, FAILED: 2} and status.remaining == 2
        assert {w.worker: (w.held, w.failed) for w in status.workers} == {"a": (2, 0), "b": (0, 2)}
        assert await a.retry_failed() == 2
        again = {e.key.source: e for e, _ in await a.claim("idx", 10)}
        assert again[failed.key.source].step == "new" and again[failed.key.source].asset_id is None
        assert again[failed.key.source].ingest_key != failed.ingest_key  # a new asset is never the failed one
        assert again[errored.key.source].step == UPLOADED and again[errored.key.source].asset_id == "as2"
    finally:
        for journal in (a, b, other):
            await journal.close()


async def test_an_error_and_its_step_are_recorded_at_once_so_a_retry_resumes_where_it_stopped(pg_dsn: str) -> None:
    import attrs

    a = await PostgresJournal.open(pg_dsn, "job", worker="a")
    cli = await PostgresJournal.open(pg_dsn, "job", worker="cli")
    try:
        key = InputKey(source="https://media.example/v.mp4")
        await a.register([Entry(key=key, index_id="idx", ingest_key="k1", step="new")])
        [(entry, _)] = await a.claim("idx", 1)
        entry = attrs.evolve(entry, step="indexed", asset_id="asset_1", indexed_asset_id="ia_1")
        await a.save(entry)
        # `job retry-failed` runs right after each statement mark_error sends: with two statements it would
        # reopen the row between them, without the step to resume from.
        real = a._execute

        async def execute(query: str, *args: object) -> str:
            result = await real(query, *args)
            await cli.retry_failed()
            return result

        a._execute = execute  # type: ignore[method-assign]
        await a.mark_error(entry, "APIStatusError: boom")
        a._execute = real  # type: ignore[method-assign]
        row = await a._fetch("SELECT step, error_step, asset_id, indexed_asset_id FROM twelvelabs_ingest_inputs")
        assert dict(row[0]) == {"step": "indexed", "error_step": None, "asset_id": "asset_1",
                                "indexed_asset_id": "ia_1"}
        # A failed row without its step (written by an older SDK) never reopens at "uploading" beside its asset.
        await a._execute("UPDATE twelvelabs_ingest_inputs SET step = 'failed', status = 'error', error_step = NULL, "
                         "indexed_asset_id = NULL")
        assert await cli.retry_failed() == 1
        row = await a._fetch("SELECT step, asset_id FROM twelvelabs_ingest_inputs")
        assert dict(row[0]) == {"step": "indexing", "asset_id": "asset_1"}
    finally:
        await a.close()
        await cli.close()


class FrozenPool:
    """A pool whose server froze: no query answers, and a polite close never ends."""

    def __init__(self) -> None:
        self.terminated = False

    async def fetch(self, query: str, *args: object) -> list[object]:
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    async def execute(self, query: str, *args: object) -> str:
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    async def close(self) -> None:
        await anyio.sleep_forever()

    def terminate(self) -> None:
        self.terminated = True


async def test_a_frozen_server_holds_neither_close_nor_queries_past_their_bounds() -> None:
    pool = FrozenPool()
    journal = PostgresJournal(pool, "postgresql://u:pw@127.0.0.1/db", "job", "w", 30.0)
    with anyio.fail_after(5):
        await journal.close(within=0.2)
    assert pool.terminated
    # Cancelled (Ctrl-C) while closing: still bounded.
    pool.terminated = False
    with anyio.fail_after(5):
        with anyio.move_on_after(0.05):
            await journal.close(within=0.3)
    assert pool.terminated
    # A query waits no longer than the job's deadline (plus a short grace).
    from twelvelabs_async import _ingest_pg

    journal.deadline = anyio.current_time() + 0.1
    original = _ingest_pg.DEADLINE_GRACE
    _ingest_pg.DEADLINE_GRACE = 0.1
    try:
        with anyio.fail_after(5), pytest.raises(JournalError, match="no answer in time"):
            await journal.claim("idx", 1)
    finally:
        _ingest_pg.DEADLINE_GRACE = original


async def test_a_rate_limit_pause_is_the_accounts_across_jobs(pg_dsn: str) -> None:
    from twelvelabs_async._ingest import account_key

    mine, other = account_key("tlk_one"), account_key("tlk_two")
    assert mine != other and "tlk_one" not in mine  # a hash names the account, never the key
    a = await PostgresJournal.open(pg_dsn, "pause-job-a", account=mine)
    b = await PostgresJournal.open(pg_dsn, "pause-job-b", account=mine)
    c = await PostgresJournal.open(pg_dsn, "pause-job-c", account=other)
    try:
        await a.publish_pause("POST /assets", 30.0)
        pauses_b, _ = await b.read_pauses()  # another job of the same account obeys it
        pauses_c, _ = await c.read_pauses()  # another account does not
        assert 0 < pauses_b["POST /assets"] <= 30.0
        assert "POST /assets" not in pauses_c
    finally:
        for journal in (a, b, c):
            await journal.close()
