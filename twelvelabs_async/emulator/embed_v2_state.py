"""Async embedding tasks of embeddings v2 (``/embed-v2/tasks``), with their lifecycle on the emulator's clock.
:class:`~.state.EmulatorState` mixes :class:`EmbedV2StateMixin` in: tests reach ``emu.state.embed_v2_tasks``.

Lifecycle: ``processing`` for 1 emulated second (divided by ``speed``; ``speed=0``: ready at once), then
``ready``, or ``failed`` when the media's file name (or URL path) contains ``fail`` (the emulator's convention
for indexing tasks too). Embeddings are kept 7 days (clock time): older tasks are neither listed nor found.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock
from .config import EmulatorConfig

__all__ = ["EMBED_V2_RETENTION", "EmbedMedia", "EmbedV2StateMixin", "EmbedV2Task", "MediaRequest"]

EMBED_V2_SECONDS = 1.0
EMBED_V2_RETENTION = 7 * 24 * 3600.0  # "Embeddings are stored for seven days"


@dataclass(frozen=True)
class EmbedMedia:
    """One resolved media source: what seeds its vectors and what responses say about it."""

    key: str  # "url:...", "asset:<id>", "base64:<digest>"
    kind: str  # image | audio | video
    filename: str
    duration: float | None
    input_url: str | None = None
    input_filename: str | None = None


@dataclass(frozen=True)
class MediaRequest:
    """A checked audio or video request: the media and how to cut and embed it."""

    media: EmbedMedia
    start: float
    end: float
    strategy: str  # fixed | dynamic
    length: float  # fixed: the clip length; dynamic: the minimum
    options: tuple[str, ...]
    scopes: tuple[str, ...]
    types: tuple[str, ...]


@dataclass
class EmbedV2Task:
    id: str
    model_name: str
    input_type: str  # audio | video
    created_at: float
    ready_at: float
    request: MediaRequest
    dimension: int
    uncertainty: bool
    will_fail: bool
    data: list[dict[str, Any]] | None = field(default=None, repr=False)  # made on first read once ready


class EmbedV2StateMixin:
    """Embed v2 task bookkeeping of :class:`~.state.EmulatorState`."""

    config: EmulatorConfig
    clock: Clock
    lock: threading.RLock

    def new_id(self) -> str:  # pragma: no cover - EmulatorState defines it
        raise NotImplementedError

    def _init_embed_v2(self) -> None:
        self.embed_v2_tasks: dict[str, EmbedV2Task] = {}

    def _reset_embed_v2(self) -> None:
        self.embed_v2_tasks.clear()

    def add_embed_v2_task(self, model_name: str, input_type: str, request: MediaRequest, *, dimension: int,
                          uncertainty: bool) -> EmbedV2Task:
        with self.lock:
            now = self.clock.now()
            speed = self.config.speed
            ready_at = now if speed <= 0 else now + EMBED_V2_SECONDS / speed
            name = f"{request.media.filename} {request.media.input_url or ''}".lower()
            task = EmbedV2Task(self.new_id(), model_name, input_type, now, ready_at, request, dimension,
                               uncertainty, will_fail="fail" in name)
            self.embed_v2_tasks[task.id] = task
            return task

    def embed_v2_status(self, task: EmbedV2Task) -> tuple[str, float]:
        """``processing`` / ``ready`` / ``failed`` and since when."""
        if self.clock.now() < task.ready_at:
            return "processing", task.created_at
        return ("failed" if task.will_fail else "ready"), task.ready_at

    def embed_v2_kept(self, task: EmbedV2Task) -> bool:
        """Whether the task is still kept (7 days)."""
        return self.clock.now() < task.created_at + EMBED_V2_RETENTION

    def complete_embed_v2_task_now(self, task_id: str) -> None:
        """Test helper: the task ends now (ready, or failed for a ``fail`` file name)."""
        with self.lock:
            task = self.embed_v2_tasks[task_id]
            task.ready_at = min(task.ready_at, self.clock.now())
