"""The PostgreSQL ingest journal: one job shared by any number of workers on any number of machines.

The SQLite journal (``_ingest_journal``) keeps one job on one machine; this backend keeps the same rows (one per
job, input and index, with the same steps and ids) in a database that every worker reaches, and adds what sharing
needs:

- **claims**: a worker takes inputs with ``SELECT ... FOR UPDATE SKIP LOCKED``, so concurrent claimers never take
  the same row and never wait on each other;
- **leases**: a claimed row carries its worker and ``lease_expires_at`` (the database's clock, never a worker's).
  The worker renews the leases it holds while it works; every write is fenced on ``worker = me``, so a worker whose
  lease lapsed and was taken over learns it at its next write (``LeaseLostError``) and drops the input. It also
  keeps each lease's end by its own clock (last renewal + lease - a margin): past it, it sends no more creating or
  deleting request for the input (``check_lease``, via the pacer) and stops it, and it never claims an input it
  still works on (its own lease may have lapsed while renewals failed). A worker
  that dies (``kill -9``, a lost machine) stops renewing: its leases expire and other workers claim the rows and
  resume them from the recorded step, exactly as a rerun resumes from a SQLite journal;
- **inputs added at any time**: registering is ``INSERT ... ON CONFLICT DO NOTHING``, so a worker that joins with
  more inputs adds them to the running job, and one that joins with the same inputs adds nothing;
- **a shared pause** per rate-limited route and account (``twelvelabs_ingest_pauses``, keyed by a hash of the
  API key, never the key), written by the worker that saw the limit and read by every worker of every job of that
  account in the database (``_ingest_pacer``).

An input is identified across machines by its source: a URL, or a file's resolved absolute path. A file input
therefore has to be at the same absolute path on every worker that may claim it (a shared mount); a worker that
cannot read a claimed file (missing, or of another size) hands it back and leaves it to the others. Its size is
compared, its modification time is not (copies on two machines differ in mtime, never in content).

The schema is the SDK's: created on first use and migrated forward in one transaction under an advisory lock (so
workers starting together do it once), with its version in ``twelvelabs_ingest_schema``; a current schema is only
read, so a role with SELECT, INSERT and UPDATE on the tables is enough after the first run. A database whose schema is
newer than this SDK reads is refused before anything is written. ``asyncpg`` is imported only here, on first use:
``pip install "twelvelabs-async[postgres]"``.

The DSN's password never appears in a log line, a repr or an error: errors name the DSN with the password
replaced by ``***`` (found on the raw text, never with urlsplit), and the password (as written and decoded) is
registered with ``_errors.register_secret``.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import socket
import time
import uuid
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from typing import Any
from urllib.parse import unquote, unquote_plus, urlsplit

import anyio
import attrs

from twelvelabs_async._errors import (
    ArgumentError,
    ConfigurationError,
    JournalError,
    LeaseLostError,
    register_secret,
    scrub,
)
from twelvelabs_async._ingest_journal import FAILED, READY, Entry, InputKey

logger = logging.getLogger("twelvelabs_async")

SCHEMA_VERSION = 1
SCHEMES = ("postgresql://", "postgres://")
DEFAULT_LEASE_SECONDS = 60.0
REGISTER_BATCH = 5000  # inputs a statement: a million-input call registers in bounded statements
TERMINAL = (READY, FAILED)
ERROR_STATUS = "error"  # an input that stopped on an error of its own (not the platform's failure): retryable

_INPUTS = "twelvelabs_ingest_inputs"
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        f"""
        CREATE TABLE {_INPUTS} (
            job TEXT NOT NULL,
            source TEXT NOT NULL,
            index_id TEXT NOT NULL,
            size BIGINT,
            mtime_ns BIGINT,
            ingest_key TEXT NOT NULL,
            step TEXT NOT NULL,
            upload_id TEXT,
            chunk_size BIGINT,
            total_chunks INTEGER,
            reported_chunks INTEGER NOT NULL DEFAULT 0,
            asset_id TEXT,
            indexed_asset_id TEXT,
            status TEXT,
            error TEXT,
            error_step TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            worker TEXT,
            lease_expires_at TIMESTAMPTZ,
            claims INTEGER NOT NULL DEFAULT 0,
            takeovers INTEGER NOT NULL DEFAULT 0,
            added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            finished_at TIMESTAMPTZ,
            PRIMARY KEY (job, source, index_id)
        )
        """,
        # Claims look only at open rows of one job and index.
        f"""
        CREATE INDEX {_INPUTS}_open ON {_INPUTS} (job, index_id, added_at)
        WHERE step NOT IN ('ready', 'failed')
        """,
        # Live leases: few rows however large the job (renewals, takeovers, the count of active workers).
        f"""
        CREATE INDEX {_INPUTS}_leased ON {_INPUTS} (job, lease_expires_at, worker)
        WHERE lease_expires_at IS NOT NULL
        """,
        """
        CREATE TABLE twelvelabs_ingest_pauses (
            account TEXT NOT NULL,
            bucket TEXT NOT NULL,
            paused_until TIMESTAMPTZ NOT NULL,
            set_by TEXT,
            PRIMARY KEY (account, bucket)
        )
        """,
    ),
}
_SCHEMA_TABLE = """
CREATE TABLE IF NOT EXISTS twelvelabs_ingest_schema (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    version INTEGER NOT NULL,
    migrated_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""
_ENTRY_COLUMNS = (
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
_SELECT = f"source, index_id, size, mtime_ns, worker, {', '.join(_ENTRY_COLUMNS)}"


# The journal and input a task works on for a shared job (set by the worker's task for that input, inherited by the
# tasks it starts): the pacer checks that lease before each creating or deleting request the task sends. The
# journal travels with the input: two jobs on one client share a transport (and its pacer) but not their leases.
LEASED_INPUT: ContextVar[tuple[PostgresJournal, str] | None] = ContextVar("twelvelabs_leased_input", default=None)


def check_current_lease() -> None:
    """``LeaseLostError`` if the calling task works on a shared job's input whose lease lapsed; else nothing."""
    current = LEASED_INPUT.get()
    if current is not None:
        current[0].check_lease(current[1])
# The local lease ends this share of the lease before the database's: the time the renewal's answer took to come
# back and a little clock drift are on the safe side, so a worker stops before another may take its input over.
LEASE_MARGIN = 0.2
QUERY_TIMEOUT = 60.0  # no query waits longer for an answer (a frozen server, a dead network path)
CLOSE_TIMEOUT = 5.0  # closing the pool politely waits this long, then drops the connections
DEADLINE_GRACE = 5.0  # after a job's deadline, queries still get this long (handing inputs back, reading outcomes)


def is_postgres_dsn(journal: object) -> bool:
    return isinstance(journal, str) and journal.startswith(SCHEMES)


# The user info is found on the raw text, never with urlsplit: urlsplit ends the netloc at the first "/", "?" or
# "#", so a password holding one (base64-style passwords often hold "/") would be read as host, port or path and
# printed in clear. Everything between "scheme://" and the LAST "@" is user info; cutting there can only redact
# too much (an "@" in the query), never too little.
# A password= value runs to the next "&": an unencoded "#" or "@" in it is hidden too rather than shown.
_QUERY_PASSWORD = re.compile(r"(?i)[?&]password=([^&]*)")


def _split_userinfo(dsn: str) -> tuple[str, str | None, str]:
    """``(scheme://, user info or None, the rest after its "@")`` of the raw ``dsn``."""
    head, sep, rest = dsn.partition("://")
    if not sep:
        return "", None, dsn
    userinfo, at, after = rest.rpartition("@")
    if not at:
        return head + sep, None, rest
    return head + sep, userinfo, after


def _password_spans(dsn: str) -> list[tuple[int, int]]:
    """Where the password is in the raw ``dsn``: after the first ":" of the user info, and password= values.
    Overlapping spans are merged, so a text that is both (an "@" inside a password= value) is hidden whole."""
    spans: list[tuple[int, int]] = []
    prefix, userinfo, _ = _split_userinfo(dsn)
    if userinfo is not None and ":" in userinfo:
        start = len(prefix) + userinfo.index(":") + 1
        spans.append((start, len(prefix) + len(userinfo)))
    spans.extend(match.span(1) for match in _QUERY_PASSWORD.finditer(dsn))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact_dsn(dsn: str) -> str:
    """``dsn`` with its password (in the user info or as a ``password=`` parameter) replaced by ``***``."""
    out, last = [], 0
    for start, end in _password_spans(dsn):
        out.append(dsn[last:start] + "***")
        last = end
    return "".join(out) + dsn[last:]


def _passwords_of(dsn: str) -> list[str]:
    """Every form of the password in ``dsn`` (as written and percent-decoded), longest first, to scrub it."""
    raw = [dsn[start:end] for start, end in _password_spans(dsn)]
    _, userinfo, _ = _split_userinfo(dsn)
    if userinfo is not None and ":" in userinfo:
        raw.append(userinfo.partition(":")[2])
    raw.extend(match.group(1) for match in _QUERY_PASSWORD.finditer(dsn))
    forms = {form for value in raw for form in (value, unquote(value), unquote_plus(value)) if form}
    return sorted(forms, key=len, reverse=True)


def check_dsn(dsn: str) -> None:
    """Refuse a malformed DSN before any I/O. Messages quote only the redacted DSN."""
    if not is_postgres_dsn(dsn):
        raise ArgumentError("journal", "a PostgreSQL journal is a postgresql:// or postgres:// URL")
    _, userinfo, _ = _split_userinfo(dsn)
    delimited = userinfo is not None and re.search(r"[/?#]", userinfo) is not None
    if userinfo is not None and delimited and "@" not in re.split(r"[/?#]", userinfo, maxsplit=1)[0]:
        # The driver parses with urlsplit too: it would take part of the password for a host or port. (An "@"
        # before the first "/", "?" or "#" means the last "@" is in the query, e.g. in a password= value: fine.)
        raise ArgumentError(
            "journal",
            f"the user or password of the PostgreSQL URL holds '/', '?' or '#': percent-encode them "
            f"(%2F, %3F, %23) ({redact_dsn(dsn)})",
        )
    try:
        parts = urlsplit(dsn)
        parts.port  # noqa: B018 - reading it validates it
    except ValueError as exc:
        raise ArgumentError("journal", f"not a valid PostgreSQL URL ({redact_dsn(dsn)}): "
                            f"{_clean(exc, _passwords_of(dsn))}") from None
    if not parts.hostname and "host=" not in parts.query:
        raise ArgumentError("journal", f"the PostgreSQL URL names no host: {redact_dsn(dsn)}")


def check_job(job: object) -> str:
    if not isinstance(job, str) or not job.strip() or len(job) > 200:
        raise ArgumentError("job", f"must be a non-empty str of at most 200 characters, got {job!r}")
    return job


def default_worker_id() -> str:
    """Unique per process and run: a restarted worker is a new worker (its old leases simply expire)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _asyncpg() -> Any:
    try:
        return importlib.import_module("asyncpg")
    except ImportError:
        raise ConfigurationError(
            'a postgresql:// journal needs the asyncpg driver: pip install "twelvelabs-async[postgres]"'
        ) from None


@attrs.frozen(kw_only=True)
class Row:
    """A job's row as workers and reports see it: the entry, and who holds or finished it."""

    entry: Entry
    worker: str | None


class PostgresJournal:
    """The shared ingest journal of one job (see the module docstring). ``await PostgresJournal.open(...)``.

    ``round_trips`` counts the queries this worker sent (the benchmark reports it per input).
    """

    def __init__(
        self, pool: Any, dsn: str, job: str, worker: str, lease_seconds: float, account: str | None = None
    ) -> None:
        self._pool = pool
        self.dsn = redact_dsn(dsn)
        self._passwords = _passwords_of(dsn)
        self.job = job
        # Rate-limit pauses are the account's, not the job's: every job of one API key in this database obeys them.
        self.account = account if account is not None else f"job:{job}"
        self.worker = worker
        self.lease_seconds = lease_seconds
        self.round_trips = 0
        # What this worker holds, as it knows without asking: source -> the monotonic time its lease may end (the
        # start of the last query that set it, plus the lease, less the margin). Past it, or once the database
        # says the row is gone, the input is lost: no more requests for it, and it is never re-claimed while
        # this worker still works on it.
        self._leases: dict[str, float] = {}
        self._lost: set[str] = set()
        self.deadline: float | None = None  # the job's deadline (anyio clock): no query outlasts it by much

    def __repr__(self) -> str:
        return f"PostgresJournal({self.dsn!r}, job={self.job!r}, worker={self.worker!r})"

    # --- the local view of this worker's leases -----------------------------------------------------------------

    def _held_until(self, started: float) -> float:
        return started + self.lease_seconds * (1 - LEASE_MARGIN)

    def _hold(self, source: str, started: float) -> None:
        self._leases[source] = self._held_until(started)
        self._lost.discard(source)

    def _lose(self, source: str) -> None:
        if self._leases.pop(source, None) is not None:
            self._lost.add(source)

    def forget(self, source: str) -> None:
        """This worker no longer works on ``source``: a lost input may be claimed again (once its lease lapses)."""
        self._leases.pop(source, None)
        self._lost.discard(source)

    def lose_lapsed(self) -> list[str]:
        """Mark every lease that lapsed by this worker's clock as lost; those inputs."""
        now = time.monotonic()
        lapsed = [source for source, until in self._leases.items() if until <= now]
        for source in lapsed:
            self._lose(source)
        return lapsed

    def held(self) -> list[str]:
        """The inputs this worker holds a lease on that has not lapsed by its own clock."""
        now = time.monotonic()
        return [source for source, until in self._leases.items() if until > now]

    def lapsed(self, source: str) -> bool:
        """True once ``source``'s lease is lost: not renewed in time (by this worker's clock) or taken from it."""
        if source in self._lost:
            return True
        until = self._leases.get(source)
        return until is not None and until <= time.monotonic()

    def next_lapse(self) -> float | None:
        """The monotonic time the first held lease lapses, if renewals keep failing."""
        return min(self._leases.values(), default=None)

    def check_lease(self, source: str) -> None:
        """``LeaseLostError`` unless this worker still holds ``source``."""
        if source not in self._leases or self.lapsed(source):
            self._lose(source)
            raise LeaseLostError(
                f"{source} of job {self.job!r}: this worker's ({self.worker}) lease lapsed (not renewed within "
                f"{self.lease_seconds:g} s); it stops working on it and another worker takes it over",
                path=self.dsn,
            )

    @classmethod
    async def open(
        cls,
        dsn: str,
        job: str,
        *,
        worker: str | None = None,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        max_connections: int = 4,
        account: str | None = None,
    ) -> PostgresJournal:
        check_dsn(dsn)
        check_job(job)
        check_lease(lease_seconds)
        passwords = _passwords_of(dsn)
        for password in passwords:
            register_secret(password)
        asyncpg = _asyncpg()
        try:
            pool = await asyncpg.create_pool(dsn, min_size=1, max_size=max_connections, command_timeout=QUERY_TIMEOUT)
        except Exception as exc:
            raise JournalError(
                f"cannot connect to {redact_dsn(dsn)}: {_clean(exc, passwords)}", path=redact_dsn(dsn)
            ) from None
        journal = cls(pool, dsn, job, worker or default_worker_id(), lease_seconds, account)
        try:
            await journal._migrate()
        except BaseException:
            await journal.close()
            raise
        return journal

    async def close(self, within: float = CLOSE_TIMEOUT) -> None:
        """Close the pool, even when cancelled, but never for longer than ``within`` seconds: a frozen server would
        hold a polite close (and the caller, Ctrl-C included) forever; its connections are dropped instead."""
        with anyio.move_on_after(within, shield=True):
            await self._pool.close()
            return
        logger.warning("job %r: the journal's connections did not close in %g s; dropped", self.job, within)
        self._pool.terminate()

    def _error(self, what: str, exc: BaseException) -> JournalError:
        return JournalError(f"{what} on {self.dsn}: {_clean(exc, self._passwords)}", path=self.dsn)

    def _query_timeout(self) -> float:
        if self.deadline is None:
            return QUERY_TIMEOUT
        return min(QUERY_TIMEOUT, max(0.0, self.deadline - anyio.current_time()) + DEADLINE_GRACE)

    async def _fetch(self, query: str, *args: Any) -> list[Any]:
        self.round_trips += 1
        try:
            with anyio.fail_after(self._query_timeout()):
                return list(await self._pool.fetch(query, *args))
        except TimeoutError as exc:
            raise self._error("the journal query got no answer in time", exc) from None
        except (OSError, ConnectionError) as exc:
            raise self._error("the journal query failed", exc) from None
        except Exception as exc:
            if type(exc).__module__.startswith("asyncpg"):
                raise self._error("the journal query failed", exc) from None
            raise

    async def _execute(self, query: str, *args: Any) -> str:
        self.round_trips += 1
        try:
            with anyio.fail_after(self._query_timeout()):
                return str(await self._pool.execute(query, *args))
        except TimeoutError as exc:
            raise self._error("the journal query got no answer in time", exc) from None
        except (OSError, ConnectionError) as exc:
            raise self._error("the journal query failed", exc) from None
        except Exception as exc:
            if type(exc).__module__.startswith("asyncpg"):
                raise self._error("the journal query failed", exc) from None
            raise

    # --- the schema ---------------------------------------------------------------------------------------------

    async def _migrate(self) -> None:
        self.round_trips += 1
        try:
            # Read first: a current schema needs no lock and no DDL, so a role allowed only to read and write the
            # rows (SELECT, INSERT, UPDATE) can run workers and `job status`; only creating or migrating the schema
            # needs the right to create tables.
            async with self._pool.acquire() as conn:
                if await conn.fetchval("SELECT to_regclass('twelvelabs_ingest_schema') IS NOT NULL"):
                    version = await conn.fetchval("SELECT version FROM twelvelabs_ingest_schema")
                    if version is not None and int(version) == SCHEMA_VERSION:
                        return
            async with self._pool.acquire() as conn, conn.transaction():
                # One worker migrates; the others wait here, then find the schema current.
                await conn.execute("SELECT pg_advisory_xact_lock(hashtext('twelvelabs_ingest_schema'))")
                await conn.execute(_SCHEMA_TABLE)
                version = await conn.fetchval("SELECT version FROM twelvelabs_ingest_schema")
                current = 0 if version is None else int(version)
                if current > SCHEMA_VERSION:
                    raise JournalError(
                        f"{self.dsn} has ingest journal schema {current}; this SDK reads up to {SCHEMA_VERSION} "
                        "(upgrade twelvelabs-async on this worker)",
                        path=self.dsn,
                    )
                for target in range(current + 1, SCHEMA_VERSION + 1):
                    for statement in _MIGRATIONS[target]:
                        await conn.execute(statement)
                if current < SCHEMA_VERSION:
                    await conn.execute(
                        "INSERT INTO twelvelabs_ingest_schema (singleton, version) VALUES (TRUE, $1) "
                        "ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, migrated_at = now()",
                        SCHEMA_VERSION,
                    )
        except JournalError:
            raise
        except Exception as exc:
            raise self._error("cannot create or migrate the ingest schema", exc) from None

    # --- the AsyncIngestJournal interface (get, save, close) ---------------------------------------------------

    async def get(self, key: InputKey, index_id: str) -> Entry | None:
        rows = await self._fetch(
            f"SELECT {_SELECT} FROM {_INPUTS} WHERE job = $1 AND source = $2 AND index_id = $3",
            self.job,
            key.source,
            index_id,
        )
        if not rows or rows[0]["size"] != key.size:
            return None
        return _entry(rows[0], key)

    async def get_held(self, key: InputKey, index_id: str) -> Entry:
        """The row of an input this worker holds, read only while its lease is live; ``LeaseLostError`` otherwise.
        (A retry re-reads its row: a row another worker took over is not this worker's to continue.)"""
        self.check_lease(key.source)
        rows = await self._fetch(
            f"SELECT {_SELECT} FROM {_INPUTS} WHERE job = $1 AND source = $2 AND index_id = $3 AND worker = $4 "
            "AND lease_expires_at > now()",
            self.job,
            key.source,
            index_id,
            self.worker,
        )
        if not rows:
            self._lose(key.source)
            raise LeaseLostError(
                f"{key.source} of job {self.job!r} is no longer held by this worker ({self.worker}): its lease lapsed",
                path=self.dsn,
            )
        return _entry(rows[0], key)

    async def save(self, entry: Entry, *, error_step: str | None = None) -> None:
        """Record ``entry`` on a row this worker holds; ``LeaseLostError`` if another worker took it over.
        ``error_step``: the step a failed input resumes from on ``job retry-failed`` (written in the same fenced
        statement: a second one could land after a retry reopened the row)."""
        terminal = entry.step in TERMINAL
        values = [getattr(entry, name) for name in _ENTRY_COLUMNS]
        sets = ", ".join(f"{name} = ${n}" for n, name in enumerate(_ENTRY_COLUMNS, start=6))
        # A write is also a renewal; the last one lets go of the lease and records who finished the input.
        started = time.monotonic()
        result = await self._execute(
            f"UPDATE {_INPUTS} SET {sets}, updated_at = now(), "
            "lease_expires_at = CASE WHEN $5 THEN NULL ELSE now() + make_interval(secs => $4) END, "
            "finished_at = CASE WHEN $5 THEN now() ELSE NULL END, error_step = $18 "
            "WHERE job = $1 AND source = $2 AND index_id = $3 AND worker = $17 AND lease_expires_at IS NOT NULL",
            self.job,
            entry.key.source,
            entry.index_id,
            float(self.lease_seconds),
            terminal,
            *values,
            self.worker,
            error_step,
        )
        if result.split()[-1] == "0":
            self._lose(entry.key.source)
            raise LeaseLostError(
                f"{entry.key.source} of job {self.job!r} is no longer held by this worker ({self.worker}): its "
                "lease lapsed and another worker took it over",
                path=self.dsn,
            )
        if terminal:
            self._leases.pop(entry.key.source, None)
        elif entry.key.source in self._leases:
            self._hold(entry.key.source, started)

    async def mark_error(self, entry: Entry, error: str) -> None:
        """The input stopped on an error of its own (not the platform's failure): recorded as ``failed`` with the
        step to resume from, so that ``job retry-failed`` picks it up where it stopped."""
        failed = attrs.evolve(entry, step=FAILED, status=ERROR_STATUS, error=error[:2000])
        await self.save(failed, error_step=entry.step)

    # --- sharing ------------------------------------------------------------------------------------------------

    async def register(self, entries: Sequence[Entry]) -> int:
        """Add inputs to the job (those already there are kept as they are); the number added.

        A file that changed size since it was registered is a new input again, unless a worker holds it now.
        """
        added = 0
        for start in range(0, len(entries), REGISTER_BATCH):
            added += await self._register(entries[start : start + REGISTER_BATCH])
        return added

    async def _register(self, entries: Sequence[Entry]) -> int:
        rows = await self._fetch(
            f"""
            INSERT INTO {_INPUTS} (job, source, index_id, size, mtime_ns, ingest_key, step)
            SELECT $1, s, $2, z, m, k, 'new'
            FROM unnest($3::text[], $4::bigint[], $5::bigint[], $6::text[]) AS u(s, z, m, k)
            ON CONFLICT (job, source, index_id) DO UPDATE SET
                size = excluded.size, mtime_ns = excluded.mtime_ns, ingest_key = excluded.ingest_key, step = 'new',
                upload_id = NULL, chunk_size = NULL, total_chunks = NULL, reported_chunks = 0, asset_id = NULL,
                indexed_asset_id = NULL, status = NULL, error = NULL, error_step = NULL, finished_at = NULL,
                updated_at = now()
            WHERE {_INPUTS}.size IS DISTINCT FROM excluded.size
              AND ({_INPUTS}.lease_expires_at IS NULL OR {_INPUTS}.lease_expires_at < now())
            RETURNING source
            """,
            self.job,
            entries[0].index_id,
            [e.key.source for e in entries],
            [e.key.size for e in entries],
            [e.key.mtime_ns for e in entries],
            [e.ingest_key for e in entries],
        )
        return len(rows)

    async def claim(self, index_id: str, limit: int, skip: Iterable[str] = ()) -> list[tuple[Entry, bool]]:
        """Take up to ``limit`` open inputs that no live lease holds: (entry, taken over from a lapsed lease)."""
        if limit <= 0:
            return []
        # Never the inputs this worker holds: their leases may have lapsed while it still works on them (renewals
        # failing), and a second task on the same input would pass every fence, both writing as this worker.
        excluded = sorted({*skip, *self._leases, *self._lost})
        started = time.monotonic()
        rows = await self._fetch(
            f"""
            WITH c AS MATERIALIZED (
                SELECT source, lease_expires_at AS previous FROM {_INPUTS}
                WHERE job = $1 AND index_id = $2 AND step NOT IN ('ready', 'failed')
                  AND (lease_expires_at IS NULL OR lease_expires_at < now())
                  AND NOT (source = ANY($6::text[]))
                ORDER BY added_at, source
                LIMIT $5
                FOR UPDATE SKIP LOCKED
            )
            UPDATE {_INPUTS} AS t SET
                worker = $3,
                lease_expires_at = now() + make_interval(secs => $4),
                claims = t.claims + 1,
                takeovers = t.takeovers + CASE WHEN c.previous IS NULL THEN 0 ELSE 1 END,
                updated_at = now()
            FROM c
            WHERE t.job = $1 AND t.index_id = $2 AND t.source = c.source
            RETURNING {", ".join("t." + c for c in _SELECT.split(", "))}, c.previous IS NOT NULL AS taken_over
            """,
            self.job,
            index_id,
            self.worker,
            float(self.lease_seconds),
            limit,
            excluded,
        )
        for row in rows:
            self._hold(row["source"], started)
        return [
            (
                _entry(row, InputKey(source=row["source"], size=row["size"], mtime_ns=row["mtime_ns"])),
                bool(row["taken_over"]),
            )
            for row in rows
        ]

    async def renew(self) -> int:
        """Extend the leases this worker holds (and has not lost); the number of rows still held. A held input
        whose row was not renewed (taken over, or finished elsewhere) is lost from now on."""
        held = self.held()
        if not held:
            return 0
        started = time.monotonic()
        rows = await self._fetch(
            f"UPDATE {_INPUTS} SET lease_expires_at = now() + make_interval(secs => $3) "
            "WHERE job = $1 AND worker = $2 AND lease_expires_at IS NOT NULL AND step NOT IN ('ready', 'failed') "
            "AND source = ANY($4::text[]) RETURNING source",
            self.job,
            self.worker,
            float(self.lease_seconds),
            held,
        )
        renewed = {row["source"] for row in rows}
        for source in held:
            if source in renewed:
                if source in self._leases:  # not finished or lost while the query ran
                    self._hold(source, started)
            else:
                self._lose(source)
        return len(renewed)

    async def release(self, entry: Entry) -> None:
        """Hand an input back (this worker cannot do it): another worker may claim it at once."""
        self._leases.pop(entry.key.source, None)
        await self._execute(
            f"UPDATE {_INPUTS} SET lease_expires_at = NULL WHERE job = $1 AND source = $2 AND index_id = $3 "
            "AND worker = $4",
            self.job,
            entry.key.source,
            entry.index_id,
            self.worker,
        )

    async def open_among(self, index_id: str, sources: Sequence[str]) -> list[str]:
        """Which of ``sources`` are not finished yet (by any worker)."""
        rows = await self._fetch(
            f"SELECT source FROM {_INPUTS} WHERE job = $1 AND index_id = $2 AND source = ANY($3::text[]) "
            "AND step NOT IN ('ready', 'failed')",
            self.job,
            index_id,
            list(sources),
        )
        return [row["source"] for row in rows]

    async def record_cleanup(self, entry: Entry, asset_id: str) -> None:
        """The failed input's asset was deleted (``cleanup="on_failure"``): the row forgets it, so that
        ``job retry-failed`` starts the input over instead of resuming with an asset that is gone."""
        await self._execute(
            f"UPDATE {_INPUTS} SET asset_id = NULL, indexed_asset_id = NULL, upload_id = NULL, chunk_size = NULL, "
            "total_chunks = NULL, reported_chunks = 0, "
            "error_step = CASE WHEN error_step IS NULL THEN NULL ELSE 'new' END, updated_at = now() "
            "WHERE job = $1 AND source = $2 AND index_id = $3 AND worker = $4 AND step = 'failed' AND asset_id = $5",
            self.job,
            entry.key.source,
            entry.index_id,
            self.worker,
            asset_id,
        )

    async def open_count(self, index_id: str, skip: Iterable[str] = ()) -> int:
        """How many inputs of the job on ``index_id`` are not finished (by any worker), apart from ``skip``."""
        rows = await self._fetch(
            f"SELECT count(*) AS n FROM {_INPUTS} WHERE job = $1 AND index_id = $2 "
            "AND step NOT IN ('ready', 'failed') AND NOT (source = ANY($3::text[]))",
            self.job,
            index_id,
            sorted(skip),
        )
        return int(rows[0]["n"])

    async def rows(self, index_id: str, sources: Sequence[str]) -> dict[str, Row]:
        """The rows of ``sources`` (for the outcomes of inputs that other workers finished)."""
        rows = await self._fetch(
            f"SELECT {_SELECT} FROM {_INPUTS} WHERE job = $1 AND index_id = $2 AND source = ANY($3::text[])",
            self.job,
            index_id,
            list(sources),
        )
        return {
            row["source"]: Row(
                entry=_entry(row, InputKey(source=row["source"], size=row["size"], mtime_ns=row["mtime_ns"])),
                worker=row["worker"],
            )
            for row in rows
        }

    async def retry_failed(self, sources: Sequence[str] | None = None) -> int:
        """Make the job's failed inputs (or those of ``sources``) claimable again; the number reopened.

        A failed asset is uploaded anew (a new ingest key, so the lookup never finds the failed one); a failed
        indexing indexes the same asset again; an input that stopped on an error resumes from the step it was in.
        """
        args: list[Any] = [self.job]
        where = "job = $1 AND step = 'failed'"
        if sources is not None:
            args.append(list(sources))
            where += " AND source = ANY($2::text[])"
        fresh = f"NOT (status = '{ERROR_STATUS}' OR (status = 'indexing_failed' AND asset_id IS NOT NULL))"
        result = await self._execute(
            f"""
            UPDATE {_INPUTS} SET
                step = CASE
                    -- No recorded step (a row of an older SDK): never "uploading" with an asset recorded, which
                    -- would upload again beside it; the lookups of "indexing" find what was already indexed.
                    WHEN status = '{ERROR_STATUS}' THEN COALESCE(error_step, CASE
                        WHEN indexed_asset_id IS NOT NULL THEN 'indexed'
                        WHEN asset_id IS NOT NULL THEN 'indexing'
                        ELSE 'uploading' END)
                    WHEN status = 'indexing_failed' AND asset_id IS NOT NULL THEN 'uploaded'
                    ELSE 'new' END,
                ingest_key = CASE WHEN {fresh} THEN md5(random()::text || clock_timestamp()::text) ELSE ingest_key END,
                upload_id = CASE WHEN {fresh} THEN NULL ELSE upload_id END,
                chunk_size = CASE WHEN {fresh} THEN NULL ELSE chunk_size END,
                total_chunks = CASE WHEN {fresh} THEN NULL ELSE total_chunks END,
                reported_chunks = CASE WHEN {fresh} THEN 0 ELSE reported_chunks END,
                asset_id = CASE WHEN {fresh} THEN NULL ELSE asset_id END,
                indexed_asset_id = CASE WHEN status = '{ERROR_STATUS}' THEN indexed_asset_id ELSE NULL END,
                status = NULL, error = NULL, error_step = NULL, lease_expires_at = NULL, finished_at = NULL,
                updated_at = now()
            WHERE {where}
            """,
            *args,
        )
        return int(result.split()[-1])

    async def publish_pause(self, bucket: str, seconds: float) -> None:
        """Pause the account's requests to ``bucket`` for ``seconds`` (kept if a longer pause is already there)."""
        await self._execute(
            """
            INSERT INTO twelvelabs_ingest_pauses (account, bucket, paused_until, set_by)
            VALUES ($1, $2, now() + make_interval(secs => $3), $4)
            ON CONFLICT (account, bucket) DO UPDATE SET paused_until = excluded.paused_until, set_by = excluded.set_by
            WHERE twelvelabs_ingest_pauses.paused_until < excluded.paused_until
            """,
            self.account,
            bucket,
            float(seconds),
            self.worker,
        )

    async def read_pauses(self) -> tuple[dict[str, float], int]:
        """The account's pauses in force (bucket -> seconds left, by the database's clock) and how many workers
        hold leases of this job now (each takes its share of what a window has left)."""
        rows = await self._fetch(
            f"""
            SELECT NULL AS bucket, count(DISTINCT worker)::float8 AS v FROM {_INPUTS}
            WHERE job = $1 AND lease_expires_at IS NOT NULL AND lease_expires_at > now()
            UNION ALL
            SELECT bucket, EXTRACT(EPOCH FROM (paused_until - now()))::float8
            FROM twelvelabs_ingest_pauses WHERE account = $2 AND paused_until > now()
            """,
            self.job,
            self.account,
        )
        workers = next((int(row["v"]) for row in rows if row["bucket"] is None), 0)
        return {row["bucket"]: float(row["v"]) for row in rows if row["bucket"] is not None}, max(1, workers)

    async def status(self) -> JobStatus:
        """Counts by step and by worker, the recent rate and an estimate of the time left."""
        by_step = await self._fetch(
            f"SELECT step, count(*) AS n FROM {_INPUTS} WHERE job = $1 GROUP BY step ORDER BY step", self.job
        )
        by_worker = await self._fetch(
            f"""
            SELECT worker,
                   count(*) FILTER (WHERE lease_expires_at > now()) AS held,
                   count(*) FILTER (WHERE step = 'ready') AS ready,
                   count(*) FILTER (WHERE step = 'failed') AS failed,
                   max(updated_at) AS last_seen
            FROM {_INPUTS} WHERE job = $1 AND worker IS NOT NULL GROUP BY worker ORDER BY worker
            """,
            self.job,
        )
        window = await self._fetch(
            f"""
            SELECT count(*) AS n, EXTRACT(EPOCH FROM (now() - min(finished_at)))::float8 AS span
            FROM {_INPUTS} WHERE job = $1 AND finished_at > now() - interval '10 minutes'
            """,
            self.job,
        )
        lapsed = await self._fetch(
            f"SELECT count(*) AS n FROM {_INPUTS} WHERE job = $1 AND step NOT IN ('ready', 'failed') "
            "AND lease_expires_at < now()",
            self.job,
        )
        steps = {row["step"]: int(row["n"]) for row in by_step}
        finished = int(window[0]["n"])
        span = float(window[0]["span"] or 0.0)
        rate = finished / span if finished and span > 0 else None
        remaining = sum(n for step, n in steps.items() if step not in TERMINAL)
        return JobStatus(
            job=self.job,
            steps=steps,
            workers=[
                WorkerCounts(
                    worker=row["worker"],
                    held=int(row["held"]),
                    ready=int(row["ready"]),
                    failed=int(row["failed"]),
                    last_seen=row["last_seen"].isoformat() if row["last_seen"] is not None else None,
                )
                for row in by_worker
            ],
            rate_per_second=rate,
            remaining=remaining,
            eta_seconds=(remaining / rate) if rate else None,
            lapsed_leases=int(lapsed[0]["n"]),
        )


@attrs.frozen(kw_only=True)
class WorkerCounts:
    worker: str
    held: int  # live leases now
    ready: int
    failed: int
    last_seen: str | None


@attrs.frozen(kw_only=True)
class JobStatus:
    job: str
    steps: dict[str, int]
    workers: list[WorkerCounts]
    rate_per_second: float | None  # inputs finished per second over the last 10 minutes
    remaining: int
    eta_seconds: float | None
    lapsed_leases: int  # open inputs whose worker stopped renewing (dead): the next claim takes them over

    @property
    def total(self) -> int:
        return sum(self.steps.values())


def check_lease(lease_seconds: object) -> float:
    if (
        isinstance(lease_seconds, bool)
        or not isinstance(lease_seconds, (int, float))
        or not (0.5 <= lease_seconds <= 86_400)
    ):
        raise ArgumentError("lease_seconds", f"must be a number of seconds from 0.5 to 86400, got {lease_seconds!r}")
    return float(lease_seconds)


def _entry(row: Any, key: InputKey) -> Entry:
    return Entry(key=key, index_id=row["index_id"], **{name: row[name] for name in _ENTRY_COLUMNS})


def _clean(exc: BaseException, passwords: Sequence[str]) -> str:
    text = f"{type(exc).__name__}: {exc}"
    for password in passwords:  # longest first, so that a shorter form never leaves part of a longer one
        text = text.replace(password, "***")
    return scrub(text)


__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "ERROR_STATUS",
    "SCHEMA_VERSION",
    "JobStatus",
    "PostgresJournal",
    "Row",
    "WorkerCounts",
    "check_dsn",
    "check_job",
    "check_lease",
    "default_worker_id",
    "is_postgres_dsn",
    "redact_dsn",
]
