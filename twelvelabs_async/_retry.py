"""Pure retry decisions and delays, kept free of I/O so they can be tested with a fixed clock.

The rules: connection failures, timeouts, 408, 429 and 5xx are transient. A request that may create something
(a non-idempotent POST) is retried only when it certainly did not reach the server (the connection was never
made) or the server refused it with a 429; anything else could index a video twice. The delay is the server's
hint when it gives one (``Retry-After`` in seconds or as a date, ``retry-after-ms``, or ``X-Ratelimit-Reset`` as
absolute UTC epoch seconds), else exponential backoff with full jitter, capped.
"""

from __future__ import annotations

import datetime
import enum
import random
from collections.abc import Mapping

import attrs

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


def is_transient(exc: BaseException) -> bool:
    """The one definition of a failure worth another try, for calls, waiters and bulk work alike: no answer
    (connection failure, timeout, a broken stream) or one of the retryable statuses."""
    from twelvelabs_async._errors import APIConnectionError, APIStatusError

    if isinstance(exc, APIConnectionError):
        return True
    return isinstance(exc, APIStatusError) and exc.status in RETRYABLE_STATUSES


def may_have_acted(exc: BaseException) -> bool:
    """Whether a creating request that failed this way may still have created something on the server, so that
    bulk work looks for it before sending again: no answer, an answer we could not read (a 2xx among them), or a
    status that a proxy may give after the service acted. A 429 is refused before any work."""
    from twelvelabs_async._errors import APIConnectionError, APIResponseError, APIStatusError, RateLimitError

    if isinstance(exc, RateLimitError):
        return False
    if isinstance(exc, (APIConnectionError, APIResponseError)):
        return True
    return isinstance(exc, APIStatusError) and (exc.status >= 500 or exc.status == 408)


class Failure(enum.Enum):
    """How an attempt failed, as far as the retry decision cares."""

    CONNECT = "connect"  # the connection was never established: the server saw nothing
    SEND = "send"  # the connection broke or timed out after sending began: the server may have acted
    STATUS = "status"  # the server answered with an error status


@attrs.frozen
class RetryPolicy:
    """How often and how long to retry. ``max_retries`` counts retries, not attempts."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    # A server hint longer than this is not waited for: the error is raised with the hint attached, since a
    # daily quota window would otherwise block the caller for hours.
    max_hinted_delay: float = 60.0

    def __attrs_post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.initial_delay < 0 or self.max_delay < 0 or self.max_hinted_delay < 0:
            raise ValueError("retry delays must be >= 0")


def should_retry(
    policy: RetryPolicy,
    retries_done: int,
    failure: Failure,
    *,
    idempotent: bool,
    status: int | None = None,
) -> bool:
    if retries_done >= policy.max_retries:
        return False
    if failure is Failure.CONNECT:
        return True
    if failure is Failure.SEND:
        return idempotent
    if status is None or status not in RETRYABLE_STATUSES:
        return False
    return idempotent or status == 429


def server_hinted_delay(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds to wait according to the response headers, or None if they say nothing usable.

    ``headers`` must look names up case-insensitively (aiohttp's are); ``now`` is UTC epoch seconds.
    """
    retry_after_ms = headers.get("retry-after-ms")
    if retry_after_ms is not None:
        try:
            return max(0.0, float(retry_after_ms) / 1000.0)
        except ValueError:
            pass
    retry_after = headers.get("retry-after")
    if retry_after is not None:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            import email.utils  # only for the rare date form of Retry-After

            try:
                parsed = email.utils.parsedate_to_datetime(retry_after)
            except (TypeError, ValueError, IndexError):
                parsed = None
            if parsed is not None:
                if parsed.tzinfo is None:  # RFC 9110 dates are GMT; a naive one would be read as local time
                    parsed = parsed.replace(tzinfo=datetime.timezone.utc)
                return max(0.0, parsed.timestamp() - now)
    reset = headers.get("x-ratelimit-reset")
    if reset is not None:
        try:
            return max(0.0, float(reset) - now)
        except ValueError:
            pass
    return None


def backoff_delay(policy: RetryPolicy, retries_done: int, rng: random.Random) -> float:
    """Full jitter: a uniform draw between 0 and the capped exponential step."""
    ceiling = min(policy.max_delay, policy.initial_delay * (2.0**retries_done))
    return rng.uniform(0.0, ceiling)


def retry_delay(
    policy: RetryPolicy,
    retries_done: int,
    headers: Mapping[str, str] | None,
    now: float,
    rng: random.Random,
) -> float | None:
    """The delay before the next attempt, or None when the server asks for a longer wait than we accept."""
    if headers:
        hinted = server_hinted_delay(headers, now)
        if hinted is not None:
            return hinted if hinted <= policy.max_hinted_delay else None
    return backoff_delay(policy, retries_done, rng)
