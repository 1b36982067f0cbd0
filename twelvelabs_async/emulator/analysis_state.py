"""Analyze tasks and batches (async analysis, surface 2026) with their lifecycles on the emulator's clock.
:class:`~.state.EmulatorState` mixes :class:`AnalysisStateMixin` in, so tests reach everything as
``emu.state.analyze_tasks`` and ``emu.state.batches``::

    emu.state.analyze_task_status(emu.state.analyze_tasks[task_id])    # ("processing", since)
    emu.state.batch_view(emu.state.batches[batch_id]).status            # "processing"
    emu.state.complete_batch_now(batch_id)                              # every unfinished item ends now
    emu.state.webhooks.delivered("analyze.task.ready")                  # what the receivers got

Lifecycles (emulated seconds, divided by ``speed``; ``speed=0`` skips them). Every time is fixed when the
task is made, so a status is a pure function of the clock and nothing runs in the background:

- task made by ``POST /analyze/tasks``: ``queued`` 0.2 s, ``pending`` 0.2 s, ``processing`` 1 s (or N s with
  ``[emulator:seconds=N]`` in the prompt), then ``ready``, or ``failed`` when the prompt (or a segment
  definition's description) holds ``[emulator:fail]``. ``POST .../cancel`` makes it ``canceled`` at once
  (the 1.3.6 response says so), whatever it was doing.
- batch: ``pending`` for 0.2 s; then items run ``batch_concurrency`` at a time in submission order, each
  ``queued`` until its turn and ``processing`` for 1 s (or its ``[emulator:seconds=N]``), then ``ready`` /
  ``failed`` (``[emulator:fail]``; or ``video_duration_too_long`` for an asset over 2 h whose window is not
  narrowed, which 1.3.6 says fails the item alone). The batch is ``processing`` until every item is final,
  then ``completed`` — with failed items too: a batch is never ``failed``.
  ``cancel`` cancels the items still queued at that moment; items processing finish; the batch is
  ``canceling`` until the last of them ends, then ``canceled``. At ``expires_at`` (created + 24 h of clock
  time, whatever the speed) unfinished items become ``canceled`` and the batch ``expired``. Batches (and
  their tasks) are deleted 30 days after creation.
- idempotency keys of ``POST /analyze/tasks`` are remembered for 24 h per API key.

Each batch item is an analyze task too: ``GET /analyze/tasks/{task_id}`` shows it (``queued`` while waiting,
never ``pending``) and the task list includes it.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .clock import Clock, rfc3339
from .config import EmulatorConfig
from .webhooks import WebhookEvent, WebhookHub

if TYPE_CHECKING:  # generation.py imports state.py, which mixes this class in
    from .generation import Subject

__all__ = ["AnalysisSpec", "AnalysisStateMixin", "AnalyzeTask", "Batch", "BatchView", "IdempotencyRecord"]

QUEUED_SECONDS = 0.2
PENDING_SECONDS = 0.2
PROCESSING_SECONDS = 1.0
BATCH_PENDING_SECONDS = 0.2
BATCH_TTL = 24 * 3600.0  # clock seconds: "Batches expire 24 hours after creation"
BATCH_RETENTION = 30 * 24 * 3600.0  # "Batches are deleted 30 days after creation"
IDEMPOTENCY_TTL = 24 * 3600.0
TASK_STATUSES = ("queued", "pending", "processing", "ready", "failed", "canceled")
FINAL = ("ready", "failed", "canceled")
ACTIVE_BATCH = ("pending", "processing", "canceling")


@dataclass
class AnalysisSpec:
    """Everything an analysis needs, checked and resolved when the task was made."""

    model_name: str
    analysis_mode: str  # general | time_based_metadata
    custom_id: str | None
    subject: Subject
    video_source: dict[str, Any]  # type + url / asset_id, as the responses echo it
    prompt: str | None  # the flat prompt (echoed as request_params.prompt)
    prompt_v2: dict[str, Any] | None  # the structured prompt, echoed without inline image data
    prompt_text: str  # what generation reads ("" for segmentation)
    response_format: dict[str, Any] | None  # as echoed in request_params
    schema: dict[str, Any] | None
    segment_definitions: list[dict[str, Any]] | None
    segment_time_format: str
    temperature: float
    max_tokens: int
    max_tokens_limit: int
    min_segment_duration: float | None
    max_segment_duration: float | None
    start_time: float | None
    end_time: float | None
    window: tuple[float, float] | None
    generation_id: str
    processing_seconds: float = PROCESSING_SECONDS
    unlimited_tokens: bool = False  # max_tokens "unlimited" (1.3.6; echoed as such)
    images: list[dict[str, Any]] | None = None  # the `image` list of a task of images (1.3.6), as echoed
    fate: str = "ready"  # ready | failed, when processing ends
    error_code: str | None = None
    error_message: str | None = None


@dataclass
class AnalyzeTask:
    id: str
    created_at: float
    spec: AnalysisSpec
    queued_until: float  # -> pending (standalone) / processing (batch item)
    pending_until: float  # -> processing
    end_at: float  # -> ready | failed
    batch_id: str | None = None
    canceled_at: float | None = None
    canceled_by: str | None = None  # task | batch
    result: dict[str, Any] | None = None  # generated on first read once ready
    warning: str | None = None  # why a ready result is partial (finish_reason "length")
    event: WebhookEvent | None = None  # its ready/failed/canceled webhook, once sent

    @property
    def custom_id(self) -> str | None:
        return self.spec.custom_id


@dataclass
class Batch:
    id: str
    owner: str  # SHA-256 of the API key: "5 active batches per account"
    model_name: str
    analysis_mode: str
    created_at: float
    expires_at: float
    first_start: float
    task_ids: list[str]
    cancel_requested_at: float | None = None
    event: WebhookEvent | None = None


@dataclass(frozen=True)
class BatchView:
    """A batch's status at one moment, with the item counts the API reports."""

    status: str
    since: float
    counts: dict[str, int]

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_BATCH


@dataclass
class IdempotencyRecord:
    body_digest: str
    task_id: str
    created_at: float


@dataclass(order=True)
class _Due:
    at: float
    seq: int
    task_id: str = field(compare=False)


class AnalysisStateMixin:
    """Analyze-task, batch and webhook bookkeeping of :class:`~.state.EmulatorState`."""

    # Provided by EmulatorState.
    config: EmulatorConfig
    clock: Clock
    lock: threading.RLock

    def new_id(self) -> str:  # pragma: no cover - EmulatorState defines it
        raise NotImplementedError

    def _init_analysis(self) -> None:
        self.analyze_tasks: dict[str, AnalyzeTask] = {}
        self.batches: dict[str, Batch] = {}
        self.idempotency: dict[tuple[str, str], IdempotencyRecord] = {}
        self.idempotent_replays = 0
        self.webhooks = WebhookHub(self.config.webhook_urls, self.config.webhook_secret)
        # When each task becomes final (earliest first): refresh() pops what is due and sends its webhook.
        self._due: list[_Due] = []
        self._due_seq = itertools.count()
        self._notified: set[str] = set()
        self._batches_open: set[str] = set()

    def _reset_analysis(self) -> None:
        self.analyze_tasks.clear()
        self.batches.clear()
        self.idempotency.clear()
        self.idempotent_replays = 0
        self._due.clear()
        self._notified.clear()
        self._batches_open.clear()

    def _scaled(self, emulated: float) -> float:
        speed = self.config.speed
        return 0.0 if speed <= 0 else emulated / speed

    def _schedule(self, task: AnalyzeTask) -> None:
        heapq.heappush(self._due, _Due(self.task_final(task)[1], next(self._due_seq), task.id))

    # --- tasks ----------------------------------------------------------------------------------------------

    def add_analyze_task(self, spec: AnalysisSpec) -> AnalyzeTask:
        """A task made by ``POST /analyze/tasks``, starting now."""
        with self.lock:
            now = self.clock.now()
            queued = now + self._scaled(QUEUED_SECONDS)
            pending = queued + self._scaled(PENDING_SECONDS)
            end = pending + self._scaled(spec.processing_seconds)
            task = AnalyzeTask(self.new_id(), now, spec, queued, pending, end)
            self.analyze_tasks[task.id] = task
            self._schedule(task)
            return task

    def task_final(self, task: AnalyzeTask) -> tuple[str, float]:
        """The final status the task has (or will have, if nothing changes) and when."""
        if task.canceled_at is not None and task.canceled_at < task.end_at:
            return "canceled", task.canceled_at
        batch = self.batches.get(task.batch_id) if task.batch_id else None
        if batch is not None and task.end_at > batch.expires_at:
            return "canceled", batch.expires_at  # "Unfinished items at expiration are canceled"
        return task.spec.fate, task.end_at

    def analyze_task_status(self, task: AnalyzeTask) -> tuple[str, float]:
        """``queued`` / ``pending`` / ``processing`` / ``ready`` / ``failed`` / ``canceled`` and since when."""
        now = self.clock.now()
        final, at = self.task_final(task)
        if now >= at:
            return final, at
        if now < task.queued_until:
            return "queued", task.created_at
        if now < task.pending_until:
            return "pending", task.queued_until
        return "processing", task.pending_until

    def cancel_analyze_task(self, task: AnalyzeTask) -> None:
        """``POST /analyze/tasks/{id}/cancel`` on a task that is not final: canceled now."""
        with self.lock:
            task.canceled_at = self.clock.now()
            task.canceled_by = "task"
            self._schedule(task)

    def delete_analyze_task(self, task_id: str) -> None:
        with self.lock:
            self.analyze_tasks.pop(task_id, None)
            self._notified.discard(task_id)

    def complete_analyze_task_now(self, task_id: str) -> None:
        """Test helper: the task ends now (as its fate says) if it has not ended yet."""
        with self.lock:
            self._finish_now(self.analyze_tasks[task_id], self.clock.now())

    def _finish_now(self, task: AnalyzeTask, now: float) -> None:
        if self.task_final(task)[1] <= now:
            return
        task.queued_until = min(task.queued_until, now)
        task.pending_until = min(task.pending_until, now)
        task.end_at = now
        self._schedule(task)

    # --- idempotency ----------------------------------------------------------------------------------------

    def idempotent_task(self, owner: str, key: str, body_digest: str) -> tuple[IdempotencyRecord | None, bool]:
        """The record of ``key`` (for this API key, still within 24 h) and whether ``body_digest`` matches it."""
        with self.lock:
            record = self.idempotency.get((owner, key))
            if record is None or self.clock.now() >= record.created_at + IDEMPOTENCY_TTL:
                self.idempotency.pop((owner, key), None)
                return None, True
            return record, record.body_digest == body_digest

    def remember_idempotency_key(self, owner: str, key: str, body_digest: str, task_id: str) -> None:
        with self.lock:
            self.idempotency[(owner, key)] = IdempotencyRecord(body_digest, task_id, self.clock.now())

    # --- batches --------------------------------------------------------------------------------------------

    def add_batch(self, owner: str, model_name: str, analysis_mode: str, specs: Iterable[AnalysisSpec]) -> Batch:
        with self.lock:
            now = self.clock.now()
            first = now + self._scaled(BATCH_PENDING_SECONDS)
            batch = Batch(self.new_id(), owner, model_name, analysis_mode, now, now + BATCH_TTL, first, [])
            self.batches[batch.id] = batch
            # Items run `batch_concurrency` at a time, in submission order: item i starts when round i // n does.
            rounds: list[float] = []
            for i, spec in enumerate(specs):
                slot = i % self.config.batch_concurrency
                start = first if i < self.config.batch_concurrency else rounds[slot]
                end = start + self._scaled(spec.processing_seconds)
                if i < self.config.batch_concurrency:
                    rounds.append(end)
                else:
                    rounds[slot] = end
                task = AnalyzeTask(self.new_id(), now, spec, start, start, end, batch_id=batch.id)
                self.analyze_tasks[task.id] = task
                batch.task_ids.append(task.id)
                self._schedule(task)
            self._batches_open.add(batch.id)
            return batch

    def batch_tasks(self, batch: Batch) -> list[AnalyzeTask]:
        return [self.analyze_tasks[t] for t in batch.task_ids if t in self.analyze_tasks]

    @staticmethod
    def item_status(task_status: str) -> str:
        """A batch item's status (``BatchItemStatus``) from its task's: a waiting item is ``queued``."""
        return "queued" if task_status == "pending" else task_status

    def batch_view(self, batch: Batch) -> BatchView:
        now = self.clock.now()
        counts = dict.fromkeys(("queued", "processing", "ready", "failed", "canceled"), 0)
        last = batch.created_at
        expired = False
        for task in self.batch_tasks(batch):
            status, _ = self.analyze_task_status(task)
            counts[self.item_status(status)] += 1
            final, at = self.task_final(task)
            last = max(last, at)
            expired = expired or (final == "canceled" and task.canceled_by is None)
        if now >= last:
            if batch.cancel_requested_at is not None and batch.cancel_requested_at < batch.expires_at:
                status = "canceled"
            elif expired:
                status, last = "expired", batch.expires_at
            else:
                status = "completed"
            return BatchView(status, last, counts)
        if batch.cancel_requested_at is not None:
            return BatchView("canceling", batch.cancel_requested_at, counts)
        if now < batch.first_start:
            return BatchView("pending", batch.created_at, counts)
        return BatchView("processing", batch.first_start, counts)

    def active_batches(self, owner: str) -> list[Batch]:
        with self.lock:
            return [b for b in self.batches.values() if b.owner == owner and self.batch_view(b).active]

    def cancel_batch(self, batch: Batch) -> None:
        """Cancel the items still queued now; items processing finish (the spec's cancel semantics)."""
        with self.lock:
            now = self.clock.now()
            batch.cancel_requested_at = now
            for task in self.batch_tasks(batch):
                if self.task_final(task)[1] > now and task.queued_until > now:
                    task.canceled_at = now
                    task.canceled_by = "batch"
                    self._schedule(task)

    def complete_batch_now(self, batch_id: str) -> None:
        """Test helper: every unfinished item of the batch ends now (ready or failed, as its fate says)."""
        with self.lock:
            now = self.clock.now()
            batch = self.batches[batch_id]
            batch.first_start = min(batch.first_start, now)
            for task in self.batch_tasks(batch):
                self._finish_now(task, now)

    def delete_batch(self, batch_id: str) -> None:
        """Forget a batch and its tasks ("Delete a batch and all the tasks associated with it")."""
        with self.lock:
            batch = self.batches.pop(batch_id)
            self._batches_open.discard(batch_id)
            for task_id in batch.task_ids:
                self.delete_analyze_task(task_id)

    # --- refresh: webhooks and retention --------------------------------------------------------------------

    def _refresh_analysis(self) -> None:
        """Send the webhooks of what became final, and drop batches past their 30 days. Called by refresh()."""
        now = self.clock.now()
        while self._due and self._due[0].at <= now:
            due = heapq.heappop(self._due)
            task = self.analyze_tasks.get(due.task_id)
            if task is None or due.task_id in self._notified:
                continue
            final, at = self.task_final(task)
            if at > now:
                continue  # an older entry; the task's current end is queued separately
            self._notified.add(task.id)
            if task.batch_id is not None:
                continue  # 1.3.6: "Tasks created as part of a batch do not produce per-task webhook events"
            if final == "canceled" and task.canceled_by != "task":
                continue  # only a task canceled by its own cancel call has a documented event (1.3.6)
            event_id = _event_id(task.id, final)
            payload = self._task_event(task, final, event_id)
            task.event = self.webhooks.emit(event_id, f"analyze.task.{final}", payload)
        for batch_id in list(self._batches_open):
            batch = self.batches.get(batch_id)
            if batch is None:
                self._batches_open.discard(batch_id)
                continue
            view = self.batch_view(batch)
            if view.active:
                continue
            self._batches_open.discard(batch_id)
            event_id = _event_id(batch.id, view.status)
            kind = f"analyze.batch.{view.status}"
            batch.event = self.webhooks.emit(event_id, kind, {"id": event_id, "created_at": rfc3339(now), "type": kind,
                                                              "data": batch_summary(batch, view)})
        for batch_id, batch in list(self.batches.items()):
            if now >= batch.created_at + BATCH_RETENTION:
                self.delete_batch(batch_id)

    def _task_event(self, task: AnalyzeTask, final: str, event_id: str) -> dict[str, Any]:
        """The event's payload: a snapshot of the task without its result (1.3.6's ``AnalyzeTask*WebhookData``)."""
        data: dict[str, Any] = {"id": task.id, "custom_id": task.custom_id, "created_at": rfc3339(task.created_at)}
        if task.spec.images is None:  # a task of images has no video
            source = dict(task.spec.video_source)
            if task.spec.subject.duration:
                source["system_metadata"] = {"duration": task.spec.subject.duration}
            data["video_source"] = source
        data["status"] = final
        if final == "failed" and task.spec.error_message:
            data["error"] = {"message": task.spec.error_message}
        elif final == "ready":
            from .analysis import task_result  # at call time: analysis.py imports this module

            _result, warning = task_result(task)
            if warning is not None:  # a ready task with a partial (truncated) result says why
                data["error"] = {"message": warning}
        return {"id": event_id, "created_at": rfc3339(self.clock.now()), "type": f"analyze.task.{final}",
                "data": data}


def _event_id(resource_id: str, status: str) -> str:
    return "whe_" + hashlib.sha256(f"{resource_id}:{status}".encode()).hexdigest()[:32]


def batch_summary(batch: Batch, view: BatchView) -> dict[str, Any]:
    """``AnalyzeBatchStatusResponse`` without ``webhooks``."""
    out: dict[str, Any] = {
        "batch_id": batch.id, "analysis_mode": batch.analysis_mode, "model_name": batch.model_name,
        "status": view.status, "total_items": len(batch.task_ids), "created_at": rfc3339(batch.created_at),
        "expires_at": rfc3339(batch.expires_at),
    }
    stamp = {"completed": "completed_at", "canceled": "canceled_at", "expired": "expired_at"}.get(view.status)
    if stamp is not None:
        out[stamp] = rfc3339(view.since)
    for name, count in view.counts.items():
        out[f"{name}_items"] = count
    return out
