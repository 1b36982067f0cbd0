"""In-memory state of the emulator: indexes, videos, tasks, embed tasks, imports, assets, upload sessions,
indexed assets (:mod:`.asset_state`), knowledge stores and ``/responses`` sessions (:mod:`.knowledge_state`),
data connectors and their imports (:mod:`.connector_state`), analyze tasks, batches and webhooks
(:mod:`.analysis_state`), embed v2 tasks (:mod:`.embed_v2_state`), entity collections and entities
(:mod:`.entity_state`), request counters.

Tests reach it as ``emu.state``::

    index_id = emu.state.create_index("demo", [("marengo2.7", ["visual", "audio"])])
    ids = emu.state.seed_videos(index_id, 5000, prefix="dog", clips_per_video=1)  # instant, no uploads
    emu.state.requests("POST /tasks")          # how many requests that route saw
    emu.state.outcomes["POST /tasks"]["drop_after"]

Task statuses are computed from the clock when read (:meth:`EmulatorState.refresh`), so nothing runs in the
background and a :class:`~.clock.ManualClock` fully controls the lifecycle.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .analysis_state import AnalysisStateMixin
from .asset_state import AssetStateMixin
from .clock import Clock
from .config import EmulatorConfig
from .connector_state import ConnectorStateMixin
from .content import stable_int
from .embed_v2_state import EmbedV2StateMixin
from .entity_state import EntityStateMixin
from .knowledge_state import KnowledgeStateMixin

__all__ = ["EmbedTask", "EmulatorState", "ImportLog", "Index", "Task", "Video"]

# Emulated seconds spent in each indexing stage at speed 1.0; failure happens when validation ends.
TASK_STAGES: tuple[tuple[str, float], ...] = (
    ("validating", 0.3), ("pending", 0.2), ("queued", 0.2), ("indexing", 0.8),
)
EMBED_TASK_SECONDS = 1.0
HLS_SECONDS = 0.5
TERMINAL = ("ready", "failed")


@dataclass
class Index:
    id: str
    name: str
    models: list[tuple[str, list[str]]]
    addons: list[str]
    created_at: float
    updated_at: float
    videos: dict[str, Video] = field(default_factory=dict)

    def model_names(self) -> list[str]:
        return [name for name, _ in self.models]

    def has_family(self, family: str) -> bool:
        return any(name.startswith(family) for name, _ in self.models)

    def options(self, family: str | None = None) -> set[str]:
        out: set[str] = set()
        for name, options in self.models:
            if family is None or name.startswith(family):
                out.update(options)
        return out


@dataclass
class Video:
    id: str
    index_id: str
    filename: str
    duration: float
    width: int
    height: int
    fps: float
    size: int
    created_at: float
    indexed_at: float
    updated_at: float
    hls: bool
    user_metadata: dict[str, Any] = field(default_factory=dict)
    metadata_updated: bool = False
    source_url: str | None = None
    clip_count: int | None = None  # fixed number of search clips; None derives it from the name
    # The asset behind the video (2026 video objects name it). Derived from the video id unless given, so
    # that making it uses no id from the seeded sequence and seed-era ids stay what they were.
    asset_id: str = ""

    def __post_init__(self) -> None:
        if not self.asset_id:
            self.asset_id = hashlib.sha256(f"asset:{self.id}".encode()).hexdigest()[:24]


@dataclass
class Task:
    id: str
    video: Video
    created_at: float
    will_fail: bool
    error_message: str | None = None
    import_integration: str | None = None


@dataclass
class EmbedTask:
    id: str
    model_name: str
    created_at: float
    duration: float
    clip_length: float
    scope: list[str]
    start: float
    end: float
    input_url: str | None
    input_filename: str | None
    will_fail: bool


@dataclass
class ImportLog:
    integration_id: str
    index_id: str
    index_name: str
    created_at: float
    task_ids: list[str]
    failed_files: list[dict[str, str]]


class EmulatorState(
    AssetStateMixin, KnowledgeStateMixin, ConnectorStateMixin, AnalysisStateMixin, EmbedV2StateMixin, EntityStateMixin
):
    """All resources and counters of one emulator. Methods are safe to call from tests in other threads."""

    def __init__(self, config: EmulatorConfig, clock: Clock, seed: int = 0) -> None:
        self.config = config
        self.clock = clock
        self.seed = seed
        self.lock = threading.RLock()
        self.indexes: dict[str, Index] = {}
        self.videos: dict[str, Video] = {}
        self.tasks: dict[str, Task] = {}
        self.embed_tasks: dict[str, EmbedTask] = {}
        self.imports: list[ImportLog] = []
        # Videos of tasks that have not reached a terminal status yet: checked on every refresh().
        self._active: dict[str, Task] = {}
        self._ids = itertools.count(1)
        self.route_counts: Counter[str] = Counter()
        self.outcomes: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._init_assets()
        self._init_knowledge()
        self._init_connectors()
        self._init_analysis()
        self._init_embed_v2()
        self._init_entities()

    # --- bookkeeping ----------------------------------------------------------------------------------------

    def new_id(self) -> str:
        """A 24-hex-digit id like the API's, unique within this emulator and reproducible for a seed."""
        n = next(self._ids)
        tail = hashlib.sha256(f"{self.seed}:{n}".encode()).hexdigest()[:16]
        return f"{int(self.clock.now()) & 0xFFFFFFFF:08x}{tail}"

    def begin(self, route: str) -> int:
        """Count a request on ``route``; returns its 0-based sequence number on that route."""
        with self.lock:
            n = self.route_counts[route]
            self.route_counts[route] += 1
            return n

    def finish(self, route: str, outcome: str) -> None:
        """Record how a request ended: its status code (``"200"``) or a fault (``"drop_after"``...)."""
        with self.lock:
            self.outcomes[route][outcome] += 1

    def note_api_key(self, key: str) -> None:
        """Remember (hashed) an API key the API accepted, so the storage server can spot it in a request."""
        with self.lock:
            self.key_digests.add(hashlib.sha256(key.encode()).hexdigest())

    def requests(self, route: str) -> int:
        """Requests seen for ``route`` (``"METHOD /path/{param}"`` without the ``/v1.3`` prefix)."""
        with self.lock:
            return self.route_counts[route]

    def reset_counters(self) -> None:
        with self.lock:
            self.route_counts.clear()
            self.outcomes.clear()

    def reset(self) -> None:
        """Forget every resource and counter."""
        with self.lock:
            self.indexes.clear()
            self.videos.clear()
            self.tasks.clear()
            self.embed_tasks.clear()
            self.imports.clear()
            self._active.clear()
            self._reset_assets()
            self._reset_knowledge()
            self._reset_connectors()
            self._reset_analysis()
            self._reset_embed_v2()
            self._reset_entities()
            self.reset_counters()

    # --- lifecycle ------------------------------------------------------------------------------------------

    def _elapsed(self, since: float) -> float:
        """Emulated seconds since ``since`` at the configured speed (infinite when speed is 0)."""
        speed = self.config.speed
        if speed <= 0:
            return float("inf")
        return max(0.0, self.clock.now() - since) * speed

    def _at(self, since: float, emulated: float) -> float:
        speed = self.config.speed
        return since if speed <= 0 else since + emulated / speed

    def task_status(self, task: Task) -> tuple[str, float]:
        """Current status of an indexing task and when it was entered (epoch seconds)."""
        elapsed = self._elapsed(task.created_at)
        boundary = 0.0
        for i, (status, length) in enumerate(TASK_STAGES):
            if elapsed < boundary + length:
                return status, self._at(task.created_at, boundary)
            boundary += length
            if i == 0 and task.will_fail:
                return "failed", self._at(task.created_at, boundary)
        return "ready", self._at(task.created_at, boundary)

    def hls_status(self, task: Task) -> tuple[str, float]:
        status, since = self.task_status(task)
        if status == "failed":
            return "ERROR", since
        if status != "ready":
            return "PROCESSING", task.created_at
        done = since + (0.0 if self.config.speed <= 0 else HLS_SECONDS / self.config.speed)
        if self.clock.now() >= done:
            return "COMPLETE", done
        return "PROCESSING", since

    def embed_status(self, task: EmbedTask) -> tuple[str, float]:
        if self._elapsed(task.created_at) < EMBED_TASK_SECONDS:
            return "processing", task.created_at
        return ("failed" if task.will_fail else "ready"), self._at(task.created_at, EMBED_TASK_SECONDS)

    def refresh(self) -> None:
        """Move videos of tasks that became ready into their index. Called before every request."""
        with self.lock:
            for task_id, task in list(self._active.items()):
                status, since = self.task_status(task)
                if status not in TERMINAL:
                    continue
                del self._active[task_id]
                if status == "ready":
                    index = self.indexes.get(task.video.index_id)
                    if index is None:
                        continue
                    task.video.indexed_at = since
                    task.video.updated_at = since
                    index.videos[task.video.id] = task.video
                    self.videos[task.video.id] = task.video
                    index.updated_at = max(index.updated_at, since)
                elif task.error_message is None:
                    task.error_message = "The video could not be indexed."
            self._refresh_indexed()
            self._refresh_analysis()

    # --- indexes --------------------------------------------------------------------------------------------

    def create_index(self, name: str, models: Sequence[tuple[str, Sequence[str]]],
                     addons: Sequence[str] = ()) -> str:
        with self.lock:
            now = self.clock.now()
            index = Index(self.new_id(), name, [(m, list(o)) for m, o in models], list(addons), now, now)
            self.indexes[index.id] = index
            return index.id

    def delete_index(self, index_id: str) -> None:
        with self.lock:
            index = self.indexes.pop(index_id)
            for video_id in index.videos:
                self.videos.pop(video_id, None)
            for task_id, task in list(self._active.items()):
                if task.video.index_id == index_id:
                    del self._active[task_id]
            for task_id, task in list(self.tasks.items()):
                if task.video.index_id == index_id:
                    del self.tasks[task_id]
            for indexed_id, indexed in list(self.indexed_assets.items()):
                if indexed.index_id == index_id:
                    self.delete_indexed_asset(indexed_id)

    # --- videos and tasks -----------------------------------------------------------------------------------

    def create_task(self, index_id: str, *, filename: str, duration: float, width: int, height: int,
                    fps: float, size: int, hls: bool, user_metadata: Mapping[str, Any] | None = None,
                    source_url: str | None = None, will_fail: bool = False,
                    integration: str | None = None) -> Task:
        with self.lock:
            now = self.clock.now()
            video = Video(
                id=self.new_id(), index_id=index_id, filename=filename, duration=duration, width=width,
                height=height, fps=fps, size=size, created_at=now, indexed_at=now, updated_at=now, hls=hls,
                user_metadata=dict(user_metadata or {}), source_url=source_url,
            )
            task = Task(self.new_id(), video, now, will_fail or "fail" in filename.lower(),
                        import_integration=integration)
            self.tasks[task.id] = task
            self._active[task.id] = task
            self.refresh()
            return task

    def seed_videos(self, index_id: str, count: int, *, prefix: str = "video", duration: float = 60.0,
                    width: int = 1280, height: int = 720, fps: float = 30.0, size: int = 10_000_000,
                    clips_per_video: int | None = None, user_metadata: Mapping[str, Any] | None = None,
                    hls: bool = False) -> list[str]:
        """Add ``count`` ready videos named ``{prefix}_{n:05d}.mp4`` straight into an index (no task, no
        upload): the fast way to build a search over thousands of results. ``clips_per_video`` fixes how
        many clips each video contributes to a matching search. Returns the video ids."""
        if index_id not in self.indexes:
            raise KeyError(index_id)
        with self.lock:
            index = self.indexes[index_id]
            now = self.clock.now()
            start = len(index.videos)
            ids: list[str] = []
            for n in range(start, start + count):
                video = Video(
                    id=self.new_id(), index_id=index_id, filename=f"{prefix}_{n:05d}.mp4", duration=duration,
                    width=width, height=height, fps=fps, size=size, created_at=now, indexed_at=now,
                    updated_at=now, hls=hls, user_metadata=dict(user_metadata or {}),
                    clip_count=clips_per_video,
                )
                index.videos[video.id] = video
                self.videos[video.id] = video
                ids.append(video.id)
            index.updated_at = now
            return ids

    def delete_video(self, index_id: str, video_id: str) -> None:
        with self.lock:
            del self.indexes[index_id].videos[video_id]
            self.videos.pop(video_id, None)
            # A video made by indexing an asset is that indexed asset: deleting one deletes the other.
            self.delete_indexed_asset(video_id)

    def task_video_exists(self, task: Task) -> bool:
        index = self.indexes.get(task.video.index_id)
        return index is not None and task.video.id in index.videos

    # --- embed tasks ----------------------------------------------------------------------------------------

    def create_embed_task(self, *, duration: float, clip_length: float, scope: Sequence[str], start: float,
                          end: float, input_url: str | None, input_filename: str | None,
                          model_name: str = "Marengo-retrieval-2.7") -> EmbedTask:
        with self.lock:
            name = input_filename or input_url or ""
            task = EmbedTask(
                id=self.new_id(), model_name=model_name, created_at=self.clock.now(),
                duration=duration, clip_length=clip_length, scope=list(scope), start=start, end=end,
                input_url=input_url, input_filename=input_filename, will_fail="fail" in name.lower(),
            )
            self.embed_tasks[task.id] = task
            return task

    # --- imports --------------------------------------------------------------------------------------------

    def integration_files(self, integration_id: str) -> list[str]:
        configured = self.config.integrations.get(integration_id)
        if configured is not None:
            return list(configured)
        # A made-up bucket: three good videos and one that fails validation.
        tag = f"{stable_int(integration_id) % 1000:03d}"
        return [f"beach_sunset_{tag}.mp4", f"city_traffic_{tag}.mp4", f"dog_park_{tag}.mp4",
                f"corrupted_fail_{tag}.mp4"]

    def imported_tasks(self, integration_id: str, index_id: str) -> list[Task]:
        return [t for t in self.tasks.values()
                if t.import_integration == integration_id and t.video.index_id == index_id]


def page_of(items: Sequence[Any], page: int, limit: int) -> tuple[list[Any], dict[str, int]]:
    """Slice a page (1-based) and build PAGE_INFO; a page past the end is empty, not an error."""
    total = len(items)
    total_pages = (total + limit - 1) // limit
    chunk = list(items[(page - 1) * limit: page * limit])
    return chunk, {"page": page, "limit_per_page": limit, "total_page": total_pages, "total_results": total}


def ids_of(items: Iterable[Any]) -> list[str]:
    return [item.id for item in items]
