"""Signed webhooks: the events of analyze tasks and batches, POSTed to the URLs given to the emulator.

Configure them with ``Emulator(webhook_urls=[...], webhook_secret="...")`` or at run time with
``POST /_emulator/webhooks`` ``{"url": ..., "secret"?: ...}`` (:mod:`.admin_async`). Tests read what was sent
from ``emu.state.webhooks.deliveries`` (one :class:`DeliveryAttempt` per HTTP attempt, with the exact body
and header) or ``GET /_emulator/webhooks``.

**Events** (the official SDK 1.3.6's webhook types and the docs' notification schema)::

    {"id": "whe_<hex>", "created_at": "<RFC 3339>", "type": "analyze.task.ready",
     "data": {"id": task_id, "custom_id": ..., "created_at": ..., "video_source": {...}?,
              "status": "ready", "error": {"message"}?}}

``analyze.task.ready`` and ``analyze.task.failed`` are sent for every analyze task made by ``POST
/analyze/tasks``; ``analyze.task.canceled`` (1.3.6) for a task canceled with ``POST /analyze/tasks/{id}/cancel``.
The tasks of a batch send none: the 2026-07 spec says a batch item's ``custom_id`` appears in these payloads,
but the official SDK 1.3.6, newer, says "Tasks created as part of a batch do not produce per-task webhook
events", and the emulator follows 1.3.6. The spec says batches have a "batch completion notification" with its
own delivery status (``webhooks[]`` on the batch) but documents neither its type nor its payload: the emulator
sends ``analyze.batch.completed`` / ``analyze.batch.canceled`` / ``analyze.batch.expired`` with the batch object
as ``data`` — invented names, so a client should not rely on them beyond tests. Retries of one event keep its
``id`` (1.3.6: "Retries of the same logical event use the same identifier").

**Signature** (the docs' "Validate the integrity of an event"): header ``TL-Signature: t=<unix>,v1=<hex>``
where ``v1`` is the hex HMAC-SHA256, keyed with the secret, of ``f"{t}.{raw_body}"`` (the timestamp, a dot, and
the exact bytes of the body). ``t`` is the emulator clock's time of the attempt, so a
:class:`~.clock.ManualClock` controls it too; each attempt is signed anew.

**Delivery** runs in the emulator's event loop (:class:`WebhookDispatcher`): a ticker notices lifecycle
transitions on the clock (even when no request arrives) while at least one URL is configured; each event is
POSTed to each URL with a timeout, retried after a failure (a non-2xx answer, a timeout, a refused
connection) with doubling pauses, up to ``webhook_max_attempts``. The task's (or batch's) ``webhooks[]`` field
reports ``{url, delivered, attempts, last_error?}`` per URL once the event exists.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import threading
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web

if TYPE_CHECKING:
    from .config import EmulatorConfig
    from .state import EmulatorState

__all__ = ["DEFAULT_SECRET", "SIGNATURE_HEADER", "DeliveryAttempt", "WebhookDispatcher", "WebhookEvent",
           "WebhookHub", "WebhookTarget", "install", "sign"]

SIGNATURE_HEADER = "TL-Signature"
# What the emulator signs with when no secret is configured: fixed, so a test can verify without setting one.
DEFAULT_SECRET = "tl-emulator-webhook-secret"
_log = logging.getLogger(__name__)
TICK_SECONDS = 0.02  # how often the ticker looks for transitions (real seconds)
MAX_CONCURRENT_DELIVERIES = 64


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``TL-Signature`` value for ``body`` sent at ``timestamp``: ``t=<unix>,v1=<hex HMAC-SHA256>`` over
    ``f"{timestamp}.{body}"``, as the docs describe the signed payload."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass
class WebhookTarget:
    """The delivery status of one event at one URL (the spec's ``AnalyzeTaskWebhookInfo``)."""

    url: str
    delivered: bool = False
    attempts: int = 0
    last_error: str | None = None

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"url": self.url, "delivered": self.delivered, "attempts": self.attempts}
        if not self.delivered and self.last_error is not None:
            out["last_error"] = self.last_error  # "appears only when delivered is false"
        return out


@dataclass
class WebhookEvent:
    id: str
    type: str
    payload: dict[str, Any]
    targets: list[WebhookTarget]

    def webhooks_json(self) -> list[dict[str, Any]]:
        return [target.json() for target in self.targets]


@dataclass(frozen=True)
class DeliveryAttempt:
    """One HTTP attempt: what was sent (``body`` exactly, ``signature`` the header) and how it ended."""

    event_id: str
    event_type: str
    url: str
    attempt: int
    timestamp: int
    signature: str
    body: bytes
    status: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def json(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "type": self.event_type, "url": self.url, "attempt": self.attempt,
                "t": self.timestamp, "signature": self.signature, "status": self.status, "error": self.error,
                "ok": self.ok, "body": self.body.decode()}


class WebhookHub:
    """Configuration, outbox and delivery log of the webhooks (thread-safe; no asyncio here)."""

    def __init__(self, urls: Sequence[str] = (), secret: str | None = None) -> None:
        self._lock = threading.Lock()
        self.urls: list[str] = list(dict.fromkeys(urls))
        self.secret = secret or DEFAULT_SECRET
        self.outbox: list[WebhookEvent] = []
        self.deliveries: list[DeliveryAttempt] = []
        self.events: list[WebhookEvent] = []

    @property
    def enabled(self) -> bool:
        return bool(self.urls)

    def register(self, url: str, secret: str | None = None) -> None:
        with self._lock:
            if url not in self.urls:
                self.urls.append(url)
            if secret:
                self.secret = secret

    def clear(self) -> None:
        """Forget URLs, pending events and the log (the secret stays)."""
        with self._lock:
            self.urls.clear()
            self.outbox.clear()
            self.deliveries.clear()
            self.events.clear()

    def emit(self, event_id: str, event_type: str, payload: dict[str, Any]) -> WebhookEvent | None:
        """Queue an event for every configured URL; ``None`` when none is configured (nothing is sent)."""
        with self._lock:
            if not self.urls:
                return None
            event = WebhookEvent(event_id, event_type, payload, [WebhookTarget(url) for url in self.urls])
            self.outbox.append(event)
            self.events.append(event)
            return event

    def take(self) -> list[WebhookEvent]:
        with self._lock:
            events, self.outbox = self.outbox, []
            return events

    def record(self, attempt: DeliveryAttempt) -> None:
        with self._lock:
            self.deliveries.append(attempt)

    def delivered(self, event_type: str | None = None) -> list[DeliveryAttempt]:
        """Successful attempts (of one event type), in the order they ended."""
        with self._lock:
            return [a for a in self.deliveries if a.ok and (event_type is None or a.event_type == event_type)]


class WebhookDispatcher:
    """Delivers the hub's events from the app's event loop (see the module docstring)."""

    def __init__(self, state: EmulatorState, config: EmulatorConfig) -> None:
        self.state = state
        self.config = config
        self._session: aiohttp.ClientSession | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._deliveries: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(MAX_CONCURRENT_DELIVERIES)

    async def start(self) -> None:
        # Its own session: webhook receivers must never see the API key or share the API's connections.
        self._session = aiohttp.ClientSession()
        self._ticker = asyncio.create_task(self._tick(), name="twelvelabs-emulator-webhooks")

    async def stop(self) -> None:
        tasks = [t for t in (self._ticker, *self._deliveries) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._deliveries.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _tick(self) -> None:
        hub = self.state.webhooks
        while True:
            if hub.enabled:
                # Lifecycles are computed from the clock when read: refreshing here is what notices a task that
                # became ready while no request came in (or a ManualClock that was advanced).
                try:
                    self.state.refresh()
                except Exception:  # a bug must not silently end all deliveries: log it and keep ticking
                    _log.exception("refreshing the emulator state for webhooks failed")
            for event in hub.take():
                for target in event.targets:
                    task = asyncio.create_task(self._deliver(event, target))
                    self._deliveries.add(task)
                    task.add_done_callback(self._deliveries.discard)
            await asyncio.sleep(TICK_SECONDS)

    async def _deliver(self, event: WebhookEvent, target: WebhookTarget) -> None:
        hub = self.state.webhooks
        body = json.dumps(event.payload, separators=(",", ":"), ensure_ascii=False).encode()
        pause = self.config.webhook_retry_delay
        for attempt in range(1, self.config.webhook_max_attempts + 1):
            timestamp = int(self.state.clock.now())
            signature = sign(hub.secret, timestamp, body)
            status: int | None = None
            error: str | None = None
            async with self._slots:
                try:
                    assert self._session is not None
                    async with self._session.post(
                        target.url, data=body, allow_redirects=False,
                        timeout=aiohttp.ClientTimeout(total=self.config.webhook_timeout),
                        headers={"Content-Type": "application/json", SIGNATURE_HEADER: signature},
                    ) as resp:
                        status = resp.status
                        await resp.read()
                except asyncio.TimeoutError:
                    error = f"timed out after {self.config.webhook_timeout:g} s"
                except (aiohttp.ClientError, OSError, ValueError) as exc:
                    error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            if status is not None and not 200 <= status < 300:
                error = f"the endpoint answered {status}"
            hub.record(DeliveryAttempt(event.id, event.type, target.url, attempt, timestamp, signature, body,
                                       status, error))
            with self.state.lock:
                target.attempts = attempt
                target.delivered = error is None
                target.last_error = error
            if error is None:
                return
            if attempt < self.config.webhook_max_attempts:
                await asyncio.sleep(pause)
                pause *= 2


DISPATCHER_KEY: web.AppKey[WebhookDispatcher] = web.AppKey("twelvelabs_emulator_webhooks", WebhookDispatcher)


def install(app: web.Application, state: EmulatorState, config: EmulatorConfig) -> None:
    """Run a :class:`WebhookDispatcher` for as long as ``app`` runs."""
    dispatcher = WebhookDispatcher(state, config)
    app[DISPATCHER_KEY] = dispatcher  # set before the app starts: a started app's state is frozen

    async def lifetime(app: web.Application) -> AsyncIterator[None]:
        await dispatcher.start()
        try:
            yield
        finally:
            await dispatcher.stop()

    app.cleanup_ctx.append(lifetime)
