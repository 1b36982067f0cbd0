"""Webhook notifications: ``TL-Signature`` verification (valid, tampered, expired, wrong secret, malformed) and
typed events."""

from __future__ import annotations

import hashlib
import hmac
import json
import pickle
from typing import Any

import pytest

import twelvelabs_async
from twelvelabs_async import errors, models, webhooks
from twelvelabs_async.errors import ArgumentError, WebhookVerificationError

SECRET = "whsec_5f3c9a1e7d"
T = 1_777_000_000
READY = {
    "id": "whe_0123456789abcdef",
    "created_at": "2026-05-01T10:12:00.372553+09:00",
    "type": "analyze.task.ready",
    "data": {
        "id": "at1",
        "custom_id": "job_42",
        "created_at": "2026-05-01T10:00:00Z",
        "video_source": {"type": "url", "url": "https://videos.example.com/keynote.mp4"},
        "status": "ready",
    },
}
BODY = json.dumps(READY, separators=(",", ":")).encode()


def hmac_hex(secret: str, text: bytes) -> str:
    # Independent of the module under test: the documented scheme, HMAC-SHA256 over "<t>.<raw body>", in hex.
    return hmac.new(secret.encode(), text, hashlib.sha256).hexdigest()


def header(body: bytes = BODY, *, t: int = T, secret: str = SECRET) -> str:
    return f"t={t},v1={hmac_hex(secret, str(t).encode() + b'.' + body)}"


def reason_of(payload: Any, signature: str | None, **kwargs: Any) -> str:
    with pytest.raises(WebhookVerificationError) as info:
        webhooks.verify(payload, signature, kwargs.pop("secret", SECRET), now=kwargs.pop("now", T + 5), **kwargs)
    return info.value.reason


def test_a_valid_notification_verifies_and_returns_its_timestamp() -> None:
    assert webhooks.verify(BODY, header(), SECRET, now=T + 299) == T
    assert webhooks.verify(BODY.decode(), header(), SECRET.encode(), now=T - 299) == T  # str body, bytes secret
    assert webhooks.verify(BODY, f"  t={T} , v1={header().split('v1=')[1]} ", SECRET, now=T) == T


def test_the_helper_signs_as_the_platform_documents() -> None:
    assert webhooks.signature_header(BODY, SECRET, timestamp=T) == header()
    assert webhooks.SIGNATURE_HEADER == "TL-Signature"


def test_a_tampered_body_or_timestamp_is_refused() -> None:
    assert reason_of(BODY.replace(b'"ready"', b'"failed"'), header()) == "signature_mismatch"
    assert reason_of(BODY + b" ", header()) == "signature_mismatch"  # re-serialized JSON would not verify
    forged = header().replace(f"t={T}", f"t={T + 60}")  # a fresh timestamp on an old signature
    assert reason_of(BODY, forged, now=T + 60) == "signature_mismatch"


def test_another_secret_is_refused() -> None:
    assert reason_of(BODY, header(secret="whsec_other")) == "signature_mismatch"
    assert reason_of(BODY, header(), secret="whsec_other") == "signature_mismatch"


def test_old_and_future_timestamps_are_refused_and_the_tolerance_is_configurable() -> None:
    assert reason_of(BODY, header(), now=T + 301) == "timestamp_out_of_tolerance"
    assert reason_of(BODY, header(), now=T - 301) == "timestamp_out_of_tolerance"  # a clock far ahead of ours
    assert webhooks.verify(BODY, header(), SECRET, tolerance=3600, now=T + 3000) == T
    assert reason_of(BODY, header(), now=T + 11, tolerance=10) == "timestamp_out_of_tolerance"
    assert webhooks.verify(BODY, header(), SECRET, tolerance=None, now=T + 10**6) == T


def test_the_timestamp_is_checked_against_the_system_clock_by_default() -> None:
    import time

    now = int(time.time())
    assert webhooks.verify(BODY, header(t=now), SECRET) == now
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(BODY, header(t=now - 3600), SECRET)


def test_any_of_several_signatures_may_match() -> None:
    good = header().split("v1=")[1]
    rotated = f"t={T},v1={'0' * 64},v1={good}"
    assert webhooks.verify(BODY, rotated, SECRET, now=T) == T
    assert webhooks.verify(BODY, f"t={T},v0=legacy,v1={good.upper()}", SECRET, now=T) == T  # others ignored


def test_every_signature_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(webhooks.hmac, "compare_digest", spy)
    good = header().split("v1=")[1]
    webhooks.verify(BODY, f"t={T},v1={good},v1={'f' * 64},v1=short", SECRET, now=T)
    assert len(compared) == 3  # no early exit on the first match
    assert all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in compared)


@pytest.mark.parametrize(
    ("signature", "reason"),
    [
        (None, "malformed_header"),
        ("", "malformed_header"),
        ("garbage", "malformed_header"),
        (f"v1={'a' * 64}", "malformed_header"),  # no timestamp
        (f"t=,v1={'a' * 64}", "malformed_header"),
        (f"t=12ab,v1={'a' * 64}", "malformed_header"),
        (f"t=-5,v1={'a' * 64}", "malformed_header"),
        (f"t={'9' * 40},v1={'a' * 64}", "malformed_header"),  # no huge ints from a header
        (f"t={T},t={T},v1={'a' * 64}", "malformed_header"),
        (f"t={T}", "no_signature"),
        (f"t={T},v0=abc", "no_signature"),
        (f"t={T}," + ",".join(["v1=" + "a" * 64] * 9), "malformed_header"),
        (f"t={T},v1={'a' * 5000}", "malformed_header"),
        (f"t={T},v1=ümlaut", "signature_mismatch"),
        (f"t={T},v1=", "signature_mismatch"),
    ],
)
def test_malformed_headers_are_refused(signature: str | None, reason: str) -> None:
    assert reason_of(BODY, signature) == reason


def test_bad_arguments_are_argument_errors() -> None:
    with pytest.raises(ArgumentError):
        webhooks.verify(BODY, header(), "", now=T)
    with pytest.raises(ArgumentError):
        webhooks.verify(BODY, header(), SECRET, tolerance=-1, now=T)
    with pytest.raises(ArgumentError):
        webhooks.verify({"a": 1}, header(), SECRET, now=T)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError):
        webhooks.signature_header(BODY, SECRET, timestamp=-1)


def test_the_error_is_public_typed_and_pickles() -> None:
    assert twelvelabs_async.WebhookVerificationError is errors.WebhookVerificationError is WebhookVerificationError
    assert webhooks.WebhookVerificationError is WebhookVerificationError
    assert issubclass(WebhookVerificationError, (twelvelabs_async.TwelveLabsError, ValueError))
    error = WebhookVerificationError("no", reason="signature_mismatch")
    copy = pickle.loads(pickle.dumps(error))
    assert copy.reason == "signature_mismatch" and str(copy) == "no"


# --- events -----------------------------------------------------------------------------------------------------


def test_construct_event_verifies_then_decodes_an_analyze_task_event() -> None:
    event = webhooks.construct_event(BODY, header(), SECRET, now=T)
    assert isinstance(event, models.AnalyzeTaskEvent)
    assert event.id == "whe_0123456789abcdef" and event.type == "analyze.task.ready"
    assert event.data is not None and event.data.task_id == "at1" and event.data.custom_id == "job_42"
    assert event.data.video_source is not None and event.data.video_source.url.endswith("keynote.mp4")
    assert event.created_at is not None and event.created_at.utcoffset().total_seconds() == 9 * 3600
    with pytest.raises(WebhookVerificationError):
        webhooks.construct_event(BODY, header(secret="whsec_other"), SECRET, now=T)


def test_failed_and_canceled_tasks_carry_their_reason() -> None:
    failed = {**READY, "type": "analyze.task.failed",
              "data": {**READY["data"], "status": "failed", "error": {"message": "The video could not be read"}}}
    event = webhooks.parse_event(json.dumps(failed))
    assert isinstance(event, models.AnalyzeTaskEvent) and event.data is not None
    assert event.data.status == "failed" and event.data.error is not None
    assert event.data.error.message == "The video could not be read"
    canceled = webhooks.parse_event({**READY, "type": "analyze.task.canceled"})
    assert isinstance(canceled, models.AnalyzeTaskEvent)


def test_index_and_unknown_events() -> None:
    indexed = webhooks.parse_event({
        "id": "whe_1", "created_at": "2022-08-01T17:22:18.372553+09:00", "type": "index.task.ready",
        "data": {"id": "t1", "metadata": {"duration": 30}, "status": "ready",
                 "models": [{"name": "marengo3.0", "options": ["visual"]}], "tags": []},
    })
    assert isinstance(indexed, models.IndexTaskEvent) and indexed.data is not None
    assert indexed.data.metadata == {"duration": 30} and indexed.data.models[0]["name"] == "marengo3.0"
    batch = webhooks.parse_event({"id": "whe_2", "type": "analyze.batch.completed", "data": {"batch_id": "b1"},
                                  "new_field": 1})
    assert isinstance(batch, models.UnknownWebhookEvent)
    assert batch.type == "analyze.batch.completed" and batch.data == {"batch_id": "b1"}
    assert batch.extra == {"new_field": 1}


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b'{"type": "analyze.task.ready"}', b"x" * (2 << 20)])
def test_what_is_not_a_notification_is_a_decode_error(payload: bytes) -> None:
    with pytest.raises(models.ModelDecodeError):
        webhooks.parse_event(payload)
