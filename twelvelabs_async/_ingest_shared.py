"""One worker of a shared ingest job (``ingest_many`` with a ``postgresql://`` journal).

The worker registers the inputs of its own call, then claims inputs of the job (its own or any other worker's),
at most ``4 x concurrency`` at a time, and runs each through the same pipeline as a single-machine run, from the
step its row records. While it holds inputs it renews their leases every third of the lease. It stays until every
input of the job (on its index) is finished, by itself or by others, apart from inputs it cannot read (files not
on this machine), or until its ``timeout``: when nothing is claimable it polls (a finished input, a lapsed lease to
take over, inputs added by other workers), so a worker whose peer died resumes the peer's inputs once their leases
expire, even a helper started with no inputs of its own.

What the call returns: one outcome per input of this call, whichever worker finished it. An outcome that another
worker produced carries ``worker`` (the id of that worker) and ``resumed=True``; its ``error``, when it failed, is
a ``TaskFailedError`` built from the row (the other worker's exception object is not in the database).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.abc
import anyio.to_thread
import attrs

from twelvelabs_async._errors import JournalError, LeaseLostError, TaskFailedError, WaitTimeoutError
from twelvelabs_async._ingest_journal import READY, Entry

if sys.version_info < (3, 11):  # pragma: no cover - a dependency of anyio there
    from exceptiongroup import BaseExceptionGroup  # type: ignore[import-not-found, unused-ignore]

if TYPE_CHECKING:
    from twelvelabs_async._ingest import IngestJob, IngestOutcome, _Input
    from twelvelabs_async._ingest_pg import PostgresJournal
    from twelvelabs_async._waiters import Backoff

logger = logging.getLogger("twelvelabs_async")

T = TypeVar("T")

OUTAGE_BUDGET = 30.0  # how long a worker rides out an unreachable database (at least two leases)
HELD_PER_SLOT = 4  # inputs held per upload slot: enough to keep uploads busy while others wait for indexing


class SharedRun:
    def __init__(self, job: IngestJob, journal: PostgresJournal, mine: Mapping[str, _Input]) -> None:
        self._job = job
        self._journal = journal
        self._mine = dict(mine)
        self._held: set[str] = set()
        self._scopes: dict[str, anyio.CancelScope] = {}  # the task of each held input, stopped if its lease lapses
        self._skip: set[str] = set()  # inputs this worker cannot read: left to the others
        self._freed = anyio.Event()
        self.finished_here: set[str] = set()
        self.claimed = 0
        self.taken_over = 0

    async def run(self, limiter: anyio.CapacityLimiter, deadline: float | None) -> None:
        job, journal = self._job, self._journal
        entries = [
            Entry(key=item.key, index_id=job._index_id, ingest_key=job._new_ingest_key(), step="new")
            for item in self._mine.values()
            if item.key is not None
        ]
        added = await journal.register(entries)
        logger.info("job %r: %d of %d inputs added by worker %s", journal.job, added, len(entries), journal.worker)
        if job._retry_failed:
            await journal.retry_failed(list(self._mine))
        open_mine = set(self._mine)
        limit = HELD_PER_SLOT * job._concurrency
        idle = job._backoff()
        try:
            await self._loop(journal, limiter, deadline, open_mine, limit, idle)
        except BaseExceptionGroup as group:
            # The loop runs in a task group: a JournalError of its own would come out wrapped. The caller gets it
            # as itself (the other tasks were only cancelled because of it).
            errors = [e for e in _leaves(group) if not isinstance(e, anyio.get_cancelled_exc_class())]
            if len(errors) == 1 and isinstance(errors[0], JournalError):
                raise errors[0] from None
            raise

    async def _loop(
        self,
        journal: PostgresJournal,
        limiter: anyio.CapacityLimiter,
        deadline: float | None,
        open_mine: set[str],
        limit: int,
        idle: Backoff,
    ) -> None:
        job = self._job
        async with anyio.create_task_group() as group:
            job._start_watches(group, deadline)
            renewer = anyio.CancelScope()
            group.start_soon(self._renew_loop, renewer)
            try:
                # Bounded: each round claims, finishes or waits; the job's deadline (``timeout``) ends it early.
                while True:
                    # A fresh event before the claim: an input finishing from here on wakes the wait below.
                    self._freed = anyio.Event()
                    claimed = await self._riding_out(
                        deadline, journal.claim, job._index_id, limit - len(self._held), self._skip | self._held
                    )
                    for entry, taken_over in claimed:
                        await self._start(group, limiter, entry, taken_over)
                    if claimed:
                        idle.reset()
                        if len(self._held) < limit:
                            continue  # maybe more to claim
                    elif not self._held:
                        if open_mine:
                            open_mine = set(
                                await self._riding_out(deadline, journal.open_among, job._index_id, sorted(open_mine))
                            )
                        # Stay while any input of the job is open (held by a live worker, or about to lapse):
                        # if its holder dies, this worker takes it over. It leaves when every input is finished
                        # (those it cannot read apart), or at its timeout.
                        if not open_mine and not await self._riding_out(
                            deadline, journal.open_count, job._index_id, self._skip
                        ):
                            break
                    if deadline is not None and anyio.current_time() >= deadline:
                        break
                    # Polling for a lapsed lease: a few times per lease, so a takeover follows a death promptly.
                    delay = min(idle.next(), journal.lease_seconds / 3) if not claimed else job._max_interval
                    if deadline is not None:
                        delay = min(delay, max(0.0, deadline - anyio.current_time()))
                    with anyio.move_on_after(delay):
                        await self._freed.wait()
            finally:
                renewer.cancel()
                if deadline is not None and anyio.current_time() >= deadline:
                    group.cancel_scope.cancel()

    async def _riding_out(
        self, deadline: float | None, query: Callable[..., Awaitable[T]], *args: Any
    ) -> T:
        """``query(*args)``, retried with backoff while the database is unreachable, for at most the outage budget
        (and never past the deadline): one failed query must not end a worker whose inputs are all fine. When the
        budget is spent, the last ``JournalError`` is raised (``LeaseLostError`` is never retried)."""
        budget_ends = anyio.current_time() + max(OUTAGE_BUDGET, 2 * self._journal.lease_seconds)
        if deadline is not None:
            budget_ends = min(budget_ends, deadline)
        backoff = self._job._backoff()
        for attempt in range(1, 10_000):  # bounded by the budget as well
            try:
                return await query(*args)
            except LeaseLostError:
                raise
            except JournalError as exc:
                delay = backoff.next()
                if anyio.current_time() + delay >= budget_ends:
                    raise
                logger.warning("job %r: %s; retry %d in %.1f s", self._journal.job, exc, attempt, delay)
                await anyio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _start(
        self, group: anyio.abc.TaskGroup, limiter: anyio.CapacityLimiter, entry: Entry, taken_over: bool
    ) -> None:
        source = entry.key.source
        item = self._mine.get(source)
        if item is None:
            item = await self._foreign(entry)
        if item is None:
            self._skip.add(source)
            await self._journal.release(entry)
            logger.info("job %r: %s is not readable on this worker; left to the others", self._journal.job, source)
            return
        self.claimed += 1
        self.taken_over += taken_over
        if taken_over:
            logger.info("job %r: took over %s at step %s (its lease lapsed)", self._journal.job, source, entry.step)
        self._held.add(source)
        self._scopes[source] = anyio.CancelScope()
        group.start_soon(self._work, item, limiter, group, entry)

    async def _work(
        self, item: _Input, limiter: anyio.CapacityLimiter, group: anyio.abc.TaskGroup, entry: Entry
    ) -> None:
        from twelvelabs_async._ingest_pg import LEASED_INPUT

        source = entry.key.source
        # This task's context (and its children's): the pacer checks this lease before each changing request.
        LEASED_INPUT.set((self._journal, source))
        try:
            with self._scopes[source]:
                await self._job._one(item, limiter, group, entry=entry, resumed=entry.step != "new")
            if self._scopes[source].cancelled_caught:
                logger.warning("job %r: stopped working on %s: this worker's lease on it lapsed", self._journal.job,
                               source)
            elif item.outcome is not None:
                item.outcome = attrs.evolve(item.outcome, worker=self._journal.worker)
                self.finished_here.add(source)
        finally:
            self._held.discard(source)
            self._scopes.pop(source, None)
            self._journal.forget(source)
            self._freed.set()

    async def _foreign(self, entry: Entry) -> _Input | None:
        """An input another worker added: usable here if it is a URL, or a file of the same size at the same path."""
        from twelvelabs_async._ingest import _Input

        source = entry.key.source
        if source.startswith(("http://", "https://")):
            return _Input(source, url=source, key=entry.key)
        path = Path(source)

        def size() -> int | None:
            try:
                return os.stat(path).st_size if path.is_file() else None
            except OSError:
                return None

        found = await anyio.to_thread.run_sync(size)
        if found is None or found != entry.key.size:
            return None
        return _Input(path, path=path, key=entry.key, size=found)

    def _stop_lapsed(self) -> None:
        """Stop the tasks of inputs whose lease lapsed: another worker may have them now (or soon)."""
        self._journal.lose_lapsed()  # lost from now on: next_lapse() no longer counts them
        for source in list(self._held):
            scope = self._scopes.get(source)
            if scope is not None and self._journal.lapsed(source):
                scope.cancel()

    async def _renew_loop(self, scope: anyio.CancelScope) -> None:
        journal = self._journal
        period = journal.lease_seconds / 3
        with scope:
            next_renewal = time.monotonic() + period
            while True:  # ends when run() cancels ``scope``
                # Wake for the next renewal, or earlier when a lease lapses by this worker's clock (renewals
                # failing): its input is stopped then, not at the next renewal.
                wake = min(next_renewal, journal.next_lapse() or next_renewal)
                await anyio.sleep(max(0.0, wake - time.monotonic()))
                self._stop_lapsed()
                if time.monotonic() < next_renewal:
                    continue
                next_renewal = time.monotonic() + period
                if not self._held:
                    continue
                try:
                    await journal.renew()
                except Exception as exc:  # retried next round; the input stops if its lease lapses meanwhile
                    logger.warning("job %r: renewing leases failed: %s", journal.job, exc)
                self._stop_lapsed()


def _leaves(group: BaseExceptionGroup[BaseException]) -> list[BaseException]:
    found: list[BaseException] = []
    for exc in group.exceptions:
        found.extend(_leaves(exc) if isinstance(exc, BaseExceptionGroup) else [exc])
    return found


def outcome_from_row(item: _Input, entry: Entry, worker: str | None) -> IngestOutcome:
    from twelvelabs_async._ingest import IngestOutcome as Outcome
    from twelvelabs_async._ingest import _Failed

    ok = entry.step == READY
    return Outcome(
        input=item.given,
        asset_id=entry.asset_id,
        indexed_asset_id=entry.indexed_asset_id,
        status=READY if ok else entry.step if entry.step == "failed" else None,
        error=None
        if ok
        else TaskFailedError(_Failed(entry))
        if entry.step == "failed"
        else WaitTimeoutError(f"{item.given} was not finished by any worker before the deadline"),
        resumed=True,
        worker=worker,
    )


__all__ = ["HELD_PER_SLOT", "SharedRun", "outcome_from_row"]
