"""One account, one rate: the workers of a shared ingest job pace their creating requests together.

The API limits creating requests per account and route, in fixed windows, and tells each answer's
``X-Ratelimit-Remaining`` and ``X-Ratelimit-Reset`` (a 429 adds ``Retry-After``). N workers that each learned the
limit on their own would each run into it: N times the 429s. Here, what one worker learns every worker obeys:

- a 429, or an answer saying ``X-Ratelimit-Remaining: 0``, pauses its route until the window resets (or for the
  server's ``Retry-After``). The pause is written to the job's ``twelvelabs_ingest_pauses`` row for that route
  (the database's clock, so no two workers' clocks need agree) and every worker reads it before its next request
  to the route (re-read at most every ``refresh`` seconds, so pacing costs a few queries a second per worker, not
  one per request);
- a worker keeps no more requests in flight to a route than its share of what the last answer said remains (the
  remaining count divided by the workers holding leases, at least one), and one at a time while it knows nothing of
  the current window (at the start, and after each reset). At the edge of a window each worker therefore sends at
  most about one request too many, however many workers there are.

Only creating requests (POST) are paced; reads are not rate-limited by the API. Routes are told apart by their path
with ids replaced by ``*`` (``/indexes/*/indexed-assets``), because each route has its own quota.
"""

from __future__ import annotations

import logging
import math
import time
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import anyio

from twelvelabs_async import _retry
from twelvelabs_async._ingest_pg import check_current_lease

if TYPE_CHECKING:
    from twelvelabs_async._ingest_pg import PostgresJournal

logger = logging.getLogger("twelvelabs_async")

REFRESH_SECONDS = 0.2
MAX_PAUSE = 3600.0


def bucket_of(method: str, path: str) -> str | None:
    """The quota a request counts against: its route, ids replaced by ``*``; None for reads."""
    if method.upper() != "POST":
        return None
    route = path.split("?", 1)[0]
    segments = [s if s and not any(c.isdigit() for c in s) else "*" for s in route.strip("/").split("/")]
    return "/" + "/".join(segments)


class SharedPacer:
    """``Transport.pacer`` for the life of a shared ingest run."""

    def __init__(self, journal: PostgresJournal, clock_offset: float | None = None, refresh: float = REFRESH_SECONDS):
        self._journal = journal
        self._refresh = refresh
        self._refreshed_at = -math.inf
        self._paused: dict[str, float] = {}  # bucket -> monotonic time the pause ends
        self._published: dict[str, float] = {}
        self._remaining: dict[str, tuple[int, float]] = {}  # bucket -> (remaining, monotonic time it is good until)
        self._in_flight: dict[str, int] = {}
        self._limited: set[str] = set()  # routes that answered with rate-limit headers: paced from then on
        self._unlimited: set[str] = set()
        self._workers = 1
        self._answered = anyio.Event()
        self._clock_offset = clock_offset if clock_offset is not None and abs(clock_offset) > 2 else 0.0
        self.waits = 0  # times a request waited for the shared pace (for tests and the benchmark)

    async def before(self, method: str, path: str) -> None:
        changing = method.upper() not in ("GET", "HEAD", "OPTIONS")
        if changing:  # a creating or deleting request for an input whose lease lapsed is never sent
            check_current_lease()
        bucket = bucket_of(method, path)
        if bucket is None or bucket in self._unlimited:
            return
        for _ in range(10_000):  # bounded: each round waits for a pause to end or an answer to arrive
            await self._read_pauses()
            now = time.monotonic()
            until = self._paused.get(bucket, 0.0)
            if until > now:
                self.waits += 1
                await anyio.sleep(min(until - now, MAX_PAUSE))
                continue
            known = self._remaining.get(bucket)
            in_flight = self._in_flight.get(bucket, 0)
            if known is None or known[1] <= now:
                allowance = 1  # a route or a window not heard of yet: probe it
                wait_until = now + 1.0
            else:
                allowance = max(1, known[0] // self._workers) if known[0] > 0 else 0
                wait_until = known[1]
            if in_flight >= allowance:
                # Wait for an answer in flight (it tells what remains) or the window's reset.
                self.waits += 1
                if self._answered.is_set():
                    self._answered = anyio.Event()  # one event for all waiters: the next answer wakes them all
                answered = self._answered
                with anyio.move_on_after(max(0.01, wait_until - now)):
                    await answered.wait()
                continue
            break
        check_current_lease()  # the wait for the shared pace may have outlasted the lease
        self._in_flight[bucket] = self._in_flight.get(bucket, 0) + 1

    def release(self, method: str, path: str) -> None:
        bucket = bucket_of(method, path)
        if bucket is None or (bucket in self._unlimited and bucket not in self._in_flight):
            return
        self._in_flight[bucket] = max(0, self._in_flight.get(bucket, 0) - 1)
        self._answered.set()

    async def after(self, method: str, path: str, status: int | None, headers: Mapping[str, str] | None) -> None:
        bucket = bucket_of(method, path)
        if bucket is None:
            return
        if headers is None:
            return
        now = time.monotonic()
        server_now = time.time() + self._clock_offset
        reset_in = _float(headers.get("x-ratelimit-reset"))
        reset_in = None if reset_in is None else min(MAX_PAUSE, max(0.0, reset_in - server_now))
        remaining = _int(headers.get("x-ratelimit-remaining"))
        if remaining is not None and reset_in is not None:
            self._remaining[bucket] = (remaining, now + reset_in)
            self._limited.add(bucket)
        elif status is not None and status < 300 and bucket not in self._limited:
            self._unlimited.add(bucket)  # answered without a quota: not rate-limited, never paced
        pause = None
        if status == 429:
            self._limited.add(bucket)
            pause = _retry.server_hinted_delay(headers, server_now)
            if pause is None:
                pause = reset_in if reset_in is not None else 1.0
        elif remaining == 0 and reset_in is not None:
            pause = reset_in
        if pause is not None and pause > 0:
            await self._pause(bucket, min(pause, MAX_PAUSE))

    async def _pause(self, bucket: str, seconds: float) -> None:
        until = time.monotonic() + seconds
        self._paused[bucket] = max(self._paused.get(bucket, 0.0), until)
        if self._published.get(bucket, 0.0) >= until - 0.05:
            return  # already told the others (a pause this worker published for the same window)
        self._published[bucket] = until
        try:
            await self._journal.publish_pause(bucket, seconds)
        except Exception as exc:  # pacing is best effort: a worker that cannot publish still pauses itself
            logger.warning("job %r: could not share a rate-limit pause: %s", self._journal.job, exc)

    async def _read_pauses(self) -> None:
        now = time.monotonic()
        if now - self._refreshed_at < self._refresh:
            return
        self._refreshed_at = now
        try:
            pauses, self._workers = await self._journal.read_pauses()
        except Exception as exc:
            logger.warning("job %r: could not read the shared rate-limit pauses: %s", self._journal.job, exc)
            return
        now = time.monotonic()
        for bucket, seconds in pauses.items():
            self._paused[bucket] = max(self._paused.get(bucket, 0.0), now + min(seconds, MAX_PAUSE))


# The shared pacers installed on each transport, newest last, and the pacer it had before the first of them. Jobs
# on one client may start and end in any order: the transport always gets the newest pacer still running (any of
# them paces the same account), never one whose job ended (its database pool is closed), and its own pacer back
# when the last ends.
_INSTALLED: weakref.WeakKeyDictionary[Any, tuple[Any, list[SharedPacer]]] = weakref.WeakKeyDictionary()


def install(transport: Any, pacer: SharedPacer) -> None:
    """Make ``pacer`` ``transport``'s pacer until ``uninstall``."""
    _, stack = _INSTALLED.setdefault(transport, (transport.pacer, []))
    stack.append(pacer)
    transport.pacer = pacer


def uninstall(transport: Any, pacer: SharedPacer) -> None:
    """Take ``pacer`` off ``transport``: the newest pacer still installed takes its place, or the original one."""
    entry = _INSTALLED.get(transport)
    if entry is None:
        return
    base, stack = entry
    if pacer in stack:
        stack.remove(pacer)
    if stack:
        transport.pacer = stack[-1]
    else:
        transport.pacer = base
        del _INSTALLED[transport]


def _int(value: str | None) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        result = None if value is None else float(value)
    except ValueError:
        return None
    return result if result is not None and math.isfinite(result) else None


__all__ = ["SharedPacer", "bucket_of", "install", "uninstall"]
