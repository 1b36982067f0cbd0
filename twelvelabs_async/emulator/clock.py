"""Clocks for the emulator.

Everything time-dependent in the emulator (task lifecycles, page-token expiry, rate-limit windows, timestamps)
reads one :class:`Clock`, so tests can pass a :class:`ManualClock` and move time forward with
``clock.advance(seconds)`` instead of sleeping::

    clock = ManualClock()
    async with Emulator(clock=clock, speed=1.0) as emu:
        ...                      # task is "validating"
        clock.advance(10)        # now it is "ready"
"""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime, timezone
from typing import Protocol

__all__ = ["Clock", "ManualClock", "SystemClock", "rfc3339"]


class Clock(Protocol):
    """Source of wall-clock time in epoch seconds."""

    def now(self) -> float: ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> float:
        return time.time()


class ManualClock:
    """A clock that only moves when told to; safe to advance from another thread."""

    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._now += seconds

    def set(self, epoch_seconds: float) -> None:
        with self._lock:
            self._now = epoch_seconds


_FRACTION = re.compile(r"T\d\d:\d\d:\d\d\.(\d+)")


def rfc3339(epoch_seconds: float) -> str:
    """Format as the API does: ``2025-06-18T09:30:00Z`` (UTC, second precision)."""
    return datetime.fromtimestamp(epoch_seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_rfc3339(text: str) -> float:
    """Parse an RFC 3339 timestamp or a bare date into epoch seconds; raises ValueError.

    Written by hand because ``datetime.fromisoformat`` accepts a trailing ``Z``, and fractions of other than 3
    or 6 digits, only from Python 3.11 on.
    """
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    if len(value) == 10:
        value += "T00:00:00+00:00"
    fraction = _FRACTION.search(value)
    if fraction is not None:  # pad or cut to microseconds, the one width every version parses
        value = value[: fraction.start(1)] + (fraction.group(1) + "000000")[:6] + value[fraction.end(1) :]
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()
