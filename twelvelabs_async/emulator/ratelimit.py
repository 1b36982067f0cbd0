"""Per-key, per-endpoint request quotas in fixed windows, reported with the ``X-Ratelimit-*`` headers.

Windows are aligned to multiples of the window length on the emulator clock, so ``X-Ratelimit-Reset`` is
the absolute UTC epoch second at which the current window ends, as the API documents.
"""

from __future__ import annotations

import hashlib
import math
import threading

__all__ = ["RATE_LIMITED", "RateLimiter", "rate_limit_bucket"]

RATE_LIMITED = frozenset({"/summarize", "/gist", "/generate", "/analyze", "/search"})
# Today's spec also marks POST /tasks, POST /assets and POST /indexes/{index-id}/indexed-assets as
# rate-limited; indexing an asset is today's form of POST /tasks, so the two share one quota (the bucket).
RATE_LIMITED_2026 = {"/tasks": "/tasks", "/indexes/{index_id}/indexed-assets": "/tasks", "/assets": "/assets",
                     # "This endpoint is rate-limited" (each store's search counts in one quota per key).
                     "/knowledge-stores/{knowledge_store_id}/search": "/knowledge-stores/search",
                     # The spec marks these "rate-limited" too (a batch's 429 also covers "the request rate
                     # limit"); each has a quota of its own.
                     "/analyze/tasks": "/analyze/tasks", "/analyze/batches": "/analyze/batches",
                     "/embed-v2": "/embed-v2", "/embed-v2/tasks": "/embed-v2/tasks"}


def rate_limit_bucket(path: str, surface: str) -> str | None:
    """The quota a POST to ``path`` (a route, ``/v1.3`` cut) counts against on ``surface``, if any."""
    if path in RATE_LIMITED:
        return path
    return RATE_LIMITED_2026.get(path) if surface != "2025" else None


class RateLimiter:
    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str], tuple[float, int]] = {}

    def _window_start(self, now: float) -> float:
        return math.floor(now / self.window) * self.window

    def take(self, api_key: str, endpoint: str, now: float) -> tuple[bool, dict[str, str]]:
        """Count one request; returns whether it is allowed and the headers describing the quota."""
        # Keys are held hashed: nothing in the emulator keeps or prints the raw key.
        who = hashlib.sha256(api_key.encode()).hexdigest()
        start = self._window_start(now)
        with self._lock:
            window, used = self._counts.get((who, endpoint), (start, 0))
            if window != start:
                used = 0
            allowed = used < self.limit
            if allowed:
                used += 1
            self._counts[(who, endpoint)] = (start, used)
        headers = {
            "X-Ratelimit-Limit": str(self.limit),
            "X-Ratelimit-Remaining": str(max(0, self.limit - used)),
            "X-Ratelimit-Used": str(used),
            "X-Ratelimit-Reset": str(math.ceil(start + self.window)),
        }
        return allowed, headers

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
