"""Webhook notifications: verify that the platform sent them, then decode them into typed events.

    from twelvelabs_async import webhooks

    body = await request.read()                       # the raw bytes: never re-serialized JSON
    try:
        event = webhooks.construct_event(body, request.headers.get("TL-Signature"), SECRET)
    except webhooks.WebhookVerificationError:
        return web.Response(status=400)
    if event.type == "analyze.task.ready": ...

The platform signs each notification with the secret of your webhook (shown in the Playground): the
``TL-Signature`` header is ``t=<unix seconds>,v1=<hex HMAC-SHA256>``, where the HMAC (keyed by the secret) is
over ``"<t>.<raw body>"``. ``verify`` recomputes it and compares in constant time, accepts any of several ``v1``
signatures (a header may carry more than one while a secret is rotated) and refuses a timestamp more than
``tolerance`` seconds (300: the five minutes the platform's documentation suggests) away from now, which bounds
replays. Each failure raises ``WebhookVerificationError`` with a ``reason``.

``id`` is the same on every retry of one notification: process each ``id`` once. An analyze-task notification
does not carry the result: retrieve the task (``client.analyze_async.tasks.retrieve(event.data.id)``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from twelvelabs_async._errors import ArgumentError, WebhookVerificationError

if TYPE_CHECKING:
    from twelvelabs_async.models import WebhookEvent

__all__ = [
    "DEFAULT_TOLERANCE",
    "SIGNATURE_HEADER",
    "WebhookVerificationError",
    "construct_event",
    "parse_event",
    "signature_header",
    "verify",
]

SIGNATURE_HEADER = "TL-Signature"
DEFAULT_TOLERANCE = 300.0
# Bounds on what an untrusted header may make us do: its length, and how many signatures it may list.
MAX_HEADER_CHARS = 4096
MAX_SIGNATURES = 8
# Ten digits are enough until the year 2286; more would only be an attempt to make a huge int.
MAX_TIMESTAMP_DIGITS = 12
# A notification is small (an analyze task's event carries no result): a larger body is not one of ours.
MAX_EVENT_BYTES = 1024 * 1024


def _key(secret: str | bytes) -> bytes:
    key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    if not key:
        raise ArgumentError("secret", "is empty: give your webhook's signing secret")
    return key


def _body(payload: bytes | bytearray | memoryview | str) -> bytes:
    if isinstance(payload, str):
        return payload.encode("utf-8")
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return bytes(payload)
    raise ArgumentError("payload", f"must be the raw body (bytes or str), got {type(payload).__name__}")


def _digest(key: bytes, timestamp: str, body: bytes) -> str:
    return hmac.new(key, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


def _parse_header(header: str | None) -> tuple[str, list[str]]:
    """(timestamp text, v1 signatures) of a ``TL-Signature`` header, or ``WebhookVerificationError``."""
    if header is None or not isinstance(header, str) or not header.strip():
        raise WebhookVerificationError(f"no {SIGNATURE_HEADER} header", reason="malformed_header")
    if len(header) > MAX_HEADER_CHARS:
        raise WebhookVerificationError(f"the {SIGNATURE_HEADER} header is too long", reason="malformed_header")
    timestamps: list[str] = []
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            raise WebhookVerificationError(
                f"the {SIGNATURE_HEADER} header is not t=<unix>,v1=<hex>", reason="malformed_header"
            )
        if key == "t":
            timestamps.append(value.strip())
        elif key == "v1":
            signatures.append(value.strip())
        # Other schemes (a future v2=...) are not ours to judge: skipped.
    if len(timestamps) != 1:
        raise WebhookVerificationError(
            f"the {SIGNATURE_HEADER} header needs exactly one t= timestamp", reason="malformed_header"
        )
    timestamp = timestamps[0]
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > MAX_TIMESTAMP_DIGITS:
        raise WebhookVerificationError("the t= timestamp is not Unix seconds", reason="malformed_header")
    if not signatures:
        raise WebhookVerificationError(f"the {SIGNATURE_HEADER} header has no v1= signature", reason="no_signature")
    if len(signatures) > MAX_SIGNATURES:
        raise WebhookVerificationError(f"more than {MAX_SIGNATURES} signatures", reason="malformed_header")
    return timestamp, signatures


def verify(
    payload: bytes | bytearray | memoryview | str,
    signature_header: str | None,
    secret: str | bytes,
    tolerance: float | None = DEFAULT_TOLERANCE,
    *,
    now: float | None = None,
) -> int:
    """Check that ``payload`` (the raw request body) was signed by the platform with ``secret``, recently.

    Args:
        payload: The request body exactly as received (bytes; a str is encoded as UTF-8). Parsed and
            re-serialized JSON would not verify.
        signature_header: The ``TL-Signature`` header's value.
        secret: Your webhook's signing secret.
        tolerance: Largest allowed distance, in seconds, between the header's timestamp and ``now`` (either
            way); None skips the check (not recommended: it allows replays).
        now: The current Unix time (default: the system clock); for tests.

    Returns:
        The header's timestamp (Unix seconds).

    Raises:
        WebhookVerificationError: the header is missing or malformed, no signature matches, or the timestamp is
            out of tolerance (``error.reason`` says which).
        ArgumentError: ``secret`` is empty, ``tolerance`` negative, or ``payload`` not bytes or str.
    """
    key = _key(secret)
    body = _body(payload)
    if tolerance is not None and (
        isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not math.isfinite(tolerance)
        or tolerance < 0
    ):
        raise ArgumentError("tolerance", f"must be None or a number >= 0, got {tolerance!r}")
    timestamp, signatures = _parse_header(signature_header)
    expected = _digest(key, timestamp, body).encode("ascii")
    matched = False
    for signature in signatures:
        # Compared as bytes: compare_digest refuses non-ASCII str, and a header is untrusted. Every candidate
        # is compared (no early exit), so the time taken says nothing about which one was close.
        candidate = signature.lower().encode("ascii", "replace")
        matched |= hmac.compare_digest(candidate, expected)
    if not matched:
        raise WebhookVerificationError("no signature matches the payload and secret", reason="signature_mismatch")
    sent_at = int(timestamp)
    if tolerance is not None:
        current = time.time() if now is None else now
        if abs(current - sent_at) > tolerance:
            raise WebhookVerificationError(
                f"the timestamp is {current - sent_at:+.0f} s from now, beyond the {tolerance:g} s tolerance",
                reason="timestamp_out_of_tolerance",
            )
    return sent_at


def signature_header(
    payload: bytes | bytearray | memoryview | str, secret: str | bytes, *, timestamp: int | None = None
) -> str:
    """The ``TL-Signature`` value the platform would send for ``payload``: to test a receiver, or to sign the
    notifications of a local stand-in for the platform."""
    sent_at = int(time.time()) if timestamp is None else timestamp
    if isinstance(sent_at, bool) or not isinstance(sent_at, int) or sent_at < 0:
        raise ArgumentError("timestamp", f"must be Unix seconds (an int >= 0), got {timestamp!r}")
    return f"t={sent_at},v1={_digest(_key(secret), str(sent_at), _body(payload))}"


def parse_event(payload: bytes | bytearray | memoryview | str | Mapping[str, Any]) -> WebhookEvent:
    """Decode a notification (the raw body, or its parsed JSON) into a typed event: ``AnalyzeTaskEvent``
    (``analyze.task.*``), ``IndexTaskEvent`` (``index.task.*``) or ``UnknownWebhookEvent`` (any other type).

    Parsing does not verify: call ``verify`` first (or ``construct_event``, which does both).

    Raises:
        ModelDecodeError: the body is not a JSON object with an ``id``, or is larger than a notification can be.
    """
    from twelvelabs_async import _converter, models

    if isinstance(payload, Mapping):
        data: Any = dict(payload)
    else:
        body = _body(payload)
        if len(body) > MAX_EVENT_BYTES:
            raise models.ModelDecodeError(f"a notification of {len(body):,} bytes is larger than any the API sends")
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise models.ModelDecodeError(f"the notification is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise models.ModelDecodeError("the notification is not a JSON object")
    kind = data.get("type")
    cls: type[Any]
    if isinstance(kind, str) and kind.startswith("analyze.task."):
        cls = models.AnalyzeTaskEvent
    elif isinstance(kind, str) and kind.startswith("index.task."):
        cls = models.IndexTaskEvent
    else:
        cls = models.UnknownWebhookEvent
    event: WebhookEvent = _converter.structure(data, cls)
    return event


def construct_event(
    payload: bytes | bytearray | memoryview | str,
    signature_header: str | None,
    secret: str | bytes,
    tolerance: float | None = DEFAULT_TOLERANCE,
    *,
    now: float | None = None,
) -> WebhookEvent:
    """``verify`` the notification, then ``parse_event`` it: the one call a receiver needs.

    Returns:
        ``AnalyzeTaskEvent``, ``IndexTaskEvent`` or ``UnknownWebhookEvent`` (``models.WebhookEvent``).

    Raises:
        WebhookVerificationError: as ``verify``; nothing is decoded from an unverified body.
        ModelDecodeError: a verified body that is not a notification.
    """
    verify(payload, signature_header, secret, tolerance, now=now)
    return parse_event(payload)
