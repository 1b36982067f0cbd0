"""Assets, multipart upload sessions and indexed assets (today's asset-centric ingestion), with their
lifecycles on the emulator's clock. :class:`~.state.EmulatorState` mixes :class:`AssetStateMixin` in, so tests
reach everything as ``emu.state.assets``, ``emu.state.uploads``, ``emu.state.indexed_assets``::

    ids = emu.state.seed_assets(3, prefix="dog")             # ready video assets, no bytes
    emu.state.asset_status(emu.state.assets[ids[0]])          # ("ready", since)
    emu.state.ingest_summary(index_id)                        # {filename: {"assets": 1, "indexed": 1, ...}}

Lifecycles (emulated seconds, divided by ``speed``; ``speed=0`` skips them):

- asset: ``processing`` for 0.5 s from upload (for a multipart upload: from the report that completes it),
  then ``ready``, or ``failed`` when the file could not be read (:mod:`.media`). A multipart asset stays
  ``processing`` until its session completes, and fails if the session expires or fails first.
- transcription of a video/audio asset: ``pending`` while the asset processes, ``processing`` for 0.5 s, then
  ``ready`` (``failed`` with the asset).
- upload session: ``active`` until every chunk is reported (``completed``), ``expired`` 24 h after creation;
  ``failed`` only through :meth:`AssetStateMixin.fail_upload` (the spec names no cause the emulator could
  model).
- indexed asset: ``pending`` 0.2 s, ``queued`` 0.2 s, ``indexing`` 0.8 s, then ``ready``, or ``failed`` when
  the asset's file name contains ``fail`` (the convention of ``POST /tasks``). A ready indexed asset is a
  video of its index: its id is the video id that ``GET /indexes/{id}/videos`` lists and search results
  name, so it is searchable exactly like a video indexed through ``POST /tasks``.

Statuses are computed from the clock when read, like task statuses; nothing runs in the background.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .clock import Clock
from .config import EmulatorConfig
from .media import MediaInfo

if TYPE_CHECKING:  # state.py mixes this class in, so it is imported from there at run time
    from .state import Index, Video

__all__ = ["Asset", "AssetStateMixin", "IndexedAsset", "MultipartUpload", "StoredPart", "UploadChunk"]

ASSET_SECONDS = 0.5
TRANSCRIPTION_SECONDS = 0.5
HLS_SECONDS = 0.5
INDEXED_STAGES: tuple[tuple[str, float], ...] = (("pending", 0.2), ("queued", 0.2), ("indexing", 0.8))
UPLOAD_TTL = 24 * 3600.0
URL_TTL = 3600.0
MAX_CHUNKS = 10_000  # S3's part limit: past it the server grows the chunk size
UPLOAD_EXPIRED = "The multipart upload session expired before all chunks were reported."
UPLOAD_FAILED = "The multipart upload session failed."


@dataclass
class Asset:
    id: str
    method: str  # direct | url | multipart
    filename: str
    kind: str  # video | audio | image
    file_type: str  # MIME type
    created_at: float
    user_metadata: dict[str, Any] = field(default_factory=dict)
    enable_hls: bool = False
    enable_thumbnail: bool = False
    # When processing began; None while a multipart upload is still incomplete.
    processing_since: float | None = None
    # What processing finds (None until the bytes are all there).
    info: MediaInfo | None = None
    source_url: str | None = None
    upload_id: str | None = None
    # The stored bytes, in order (one file, or the chunks of a multipart upload); deleted with the asset.
    files: list[str] = field(default_factory=list)
    # Where the asset came from (``AssetSource``): set for assets imported through a data connector only.
    source: dict[str, Any] | None = None


@dataclass(frozen=True)
class StoredPart:
    """One body the storage server accepted for a chunk."""

    etag: str  # hex MD5, unquoted
    path: str
    size: int
    stored_at: float


@dataclass
class UploadChunk:
    index: int  # 1-based
    size: int  # what the PUT must carry
    updated_at: float
    received: StoredPart | None = None  # the latest body storage accepted
    completed: StoredPart | None = None  # the body pinned by the report (the asset's bytes)
    reported_at: float | None = None
    error: str | None = None  # set: the chunk is `failed` (a report whose proof did not match)

    @property
    def status(self) -> str:
        if self.completed is not None:
            return "completed"
        return "failed" if self.error is not None else "pending"


@dataclass
class MultipartUpload:
    id: str
    asset_id: str
    filename: str
    type: str
    total_size: int
    chunk_size: int
    created_at: float
    expires_at: float
    directory: str
    chunks: list[UploadChunk]
    updated_at: float
    completed_at: float | None = None
    failed: str | None = None
    used_nonces: set[str] = field(default_factory=set)

    @property
    def total_chunks(self) -> int:
        return len(self.chunks)

    def chunk(self, index: int) -> UploadChunk | None:
        return self.chunks[index - 1] if 1 <= index <= len(self.chunks) else None


@dataclass
class IndexedAsset:
    id: str  # also the id of the video it becomes in the index
    index_id: str
    asset_id: str
    created_at: float
    will_fail: bool
    enable_video_stream: bool
    video: Video  # holds the system and user metadata; joins the index when ready
    # When the lifecycle started: created_at, or earlier for seeded indexed assets that start out ready.
    started_at: float = 0.0

    def __post_init__(self) -> None:
        self.started_at = self.started_at or self.created_at

    @property
    def user_metadata(self) -> dict[str, Any]:
        return self.video.user_metadata


def _remove(paths: Iterable[str]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.remove(path)


class AssetStateMixin:
    """Asset, upload-session and indexed-asset bookkeeping of :class:`~.state.EmulatorState`."""

    # Provided by EmulatorState.
    config: EmulatorConfig
    clock: Clock
    lock: threading.RLock
    indexes: dict[str, Index]
    videos: dict[str, Video]

    def new_id(self) -> str:  # pragma: no cover - EmulatorState defines it
        raise NotImplementedError

    def _elapsed(self, since: float) -> float:  # pragma: no cover - EmulatorState defines it
        raise NotImplementedError

    def _at(self, since: float, emulated: float) -> float:  # pragma: no cover - EmulatorState defines it
        raise NotImplementedError

    def _init_assets(self) -> None:
        self.assets: dict[str, Asset] = {}
        self.uploads: dict[str, MultipartUpload] = {}
        self.indexed_assets: dict[str, IndexedAsset] = {}
        # Indexed assets not yet in a terminal status: promoted into their index by refresh().
        self._indexing: dict[str, IndexedAsset] = {}
        # SHA-256 digests of the API keys the API has accepted, so the storage server can tell a leaked key
        # without the emulator keeping any key in clear.
        self.key_digests: set[str] = set()

    def _reset_assets(self) -> None:
        for asset in self.assets.values():
            _remove(asset.files)
        for upload in self.uploads.values():
            _remove(self._upload_files(upload))
        self.assets.clear()
        self.uploads.clear()
        self.indexed_assets.clear()
        self._indexing.clear()

    # --- assets ---------------------------------------------------------------------------------------------

    def add_asset(self, *, method: str, filename: str, kind: str, file_type: str,
                  user_metadata: Mapping[str, Any] | None = None, enable_hls: bool = False,
                  enable_thumbnail: bool = False, info: MediaInfo | None = None, source_url: str | None = None,
                  files: Iterable[str] = (), processing: bool = True, asset_id: str | None = None,
                  source: Mapping[str, Any] | None = None) -> Asset:
        """Store an asset; ``processing`` false leaves it waiting for its upload (multipart)."""
        with self.lock:
            now = self.clock.now()
            asset = Asset(asset_id or self.new_id(), method, filename, kind, file_type, now,
                          dict(user_metadata or {}), enable_hls, enable_thumbnail, now if processing else None,
                          info, source_url, files=list(files), source=dict(source) if source else None)
            self.assets[asset.id] = asset
            return asset

    def asset_status(self, asset: Asset) -> tuple[str, float]:
        """``processing`` / ``ready`` / ``failed`` and when it was entered."""
        upload = self.uploads.get(asset.upload_id) if asset.upload_id else None
        if asset.processing_since is None:
            if upload is not None:
                status, since = self.upload_status(upload)
                if status in ("expired", "failed"):
                    return "failed", since
            return "processing", asset.created_at
        if self._elapsed(asset.processing_since) < ASSET_SECONDS:
            return "processing", asset.processing_since
        done = self._at(asset.processing_since, ASSET_SECONDS)
        if asset.info is None or asset.info.error is not None:
            return "failed", done
        return "ready", done

    def asset_error(self, asset: Asset) -> str | None:
        status, _ = self.asset_status(asset)
        if status != "failed":
            return None
        if asset.processing_since is None:
            upload = self.uploads.get(asset.upload_id or "")
            return UPLOAD_FAILED if upload is not None and upload.failed else UPLOAD_EXPIRED
        return asset.info.error if asset.info is not None and asset.info.error else "The file could not be processed."

    def derived_status(self, asset: Asset, seconds: float) -> tuple[str, float]:
        """HLS, thumbnail and transcription: ``pending`` while the asset processes, ``processing`` for
        ``seconds`` after it is ready, then ``ready`` (``error`` when the asset failed)."""
        status, since = self.asset_status(asset)
        if status == "processing":
            return "pending", asset.created_at
        if status == "failed":
            return "error", since
        if self._elapsed(since) < seconds:
            return "processing", since
        return "ready", self._at(since, seconds)

    def delete_asset(self, asset_id: str) -> None:
        """Forget an asset, its bytes, its unfinished upload session and the indexed assets built on it."""
        with self.lock:
            asset = self.assets.pop(asset_id)
            _remove(asset.files)
            upload = self.uploads.get(asset.upload_id or "")
            if upload is not None and upload.completed_at is None:
                upload.failed = upload.failed or "The asset of this upload session was deleted."
                _remove(self._upload_files(upload))
            for indexed in self.indexed_assets_of(asset_id):
                self.delete_indexed_asset(indexed.id)

    def seed_assets(self, count: int, *, prefix: str = "asset", kind: str = "video", duration: float = 60.0,
                    width: int = 1280, height: int = 720, fps: float = 30.0, size: int = 10_000_000,
                    user_metadata: Mapping[str, Any] | None = None, ready: bool = True) -> list[str]:
        """Add ``count`` assets named ``{prefix}_{n:05d}.{ext}`` (no bytes, no upload), ready at once unless
        ``ready`` is false (then they process like a fresh upload). Returns their ids."""
        ext = {"video": "mp4", "audio": "mp3", "image": "jpg"}[kind]
        mime = {"video": "video/mp4", "audio": "audio/mpeg", "image": "image/jpeg"}[kind]
        ids: list[str] = []
        with self.lock:
            start = len(self.assets)
            for n in range(start, start + count):
                info = MediaInfo(kind, mime, ext, size, None if kind == "image" else duration,
                                 None if kind == "audio" else width, None if kind == "audio" else height,
                                 fps if kind == "video" else None, image_format="jpeg" if kind == "image" else None)
                asset = self.add_asset(method="direct", filename=f"{prefix}_{n:05d}.{ext}", kind=kind,
                                       file_type=mime, user_metadata=user_metadata, info=info)
                if ready and self.config.speed > 0:
                    # Back-date processing so the asset is ready now whatever the speed.
                    asset.processing_since = asset.created_at - ASSET_SECONDS / self.config.speed
                ids.append(asset.id)
        return ids

    # --- multipart upload sessions --------------------------------------------------------------------------

    def upload_status(self, upload: MultipartUpload) -> tuple[str, float]:
        """``active`` / ``completed`` / ``failed`` / ``expired`` and when it was entered."""
        if upload.completed_at is not None:
            return "completed", upload.completed_at
        if upload.failed is not None:
            return "failed", upload.updated_at
        if self.clock.now() >= upload.expires_at:
            return "expired", upload.expires_at
        return "active", upload.created_at

    def fail_upload(self, upload_id: str, reason: str = UPLOAD_FAILED) -> None:
        """Put a session in the ``failed`` status (for tests: the spec names no cause to model)."""
        with self.lock:
            upload = self.uploads[upload_id]
            upload.failed = reason
            upload.updated_at = self.clock.now()

    def _upload_files(self, upload: MultipartUpload) -> list[str]:
        paths: set[str] = set()
        for chunk in upload.chunks:
            for part in (chunk.received, chunk.completed):
                if part is not None:
                    paths.add(part.path)
        return sorted(paths)

    # --- indexed assets -------------------------------------------------------------------------------------

    def create_indexed_asset(self, index_id: str, asset: Asset, *, enable_video_stream: bool = False,
                             user_metadata: Mapping[str, Any] | None = None) -> IndexedAsset:
        from .state import Video  # at call time: state.py imports this module while it loads

        with self.lock:
            now = self.clock.now()
            info = asset.info
            assert info is not None
            video = Video(
                id=self.new_id(), index_id=index_id, filename=asset.filename, duration=info.duration or 0.0,
                width=info.width or 0, height=info.height or 0, fps=info.fps or 0.0, size=info.size,
                created_at=now, indexed_at=now, updated_at=now, hls=enable_video_stream,
                user_metadata=dict(user_metadata or {}), source_url=asset.source_url, asset_id=asset.id,
            )
            indexed = IndexedAsset(video.id, index_id, asset.id, now, "fail" in asset.filename.lower(),
                                   enable_video_stream, video)
            self.indexed_assets[indexed.id] = indexed
            self._indexing[indexed.id] = indexed
            self._refresh_indexed()
            return indexed

    def indexed_status(self, indexed: IndexedAsset) -> tuple[str, float]:
        start = indexed.started_at
        elapsed = self._elapsed(start)
        boundary = 0.0
        for status, length in INDEXED_STAGES:
            if elapsed < boundary + length:
                return status, max(indexed.created_at, self._at(start, boundary))
            boundary += length
        return ("failed" if indexed.will_fail else "ready"), max(indexed.created_at, self._at(start, boundary))

    def indexed_hls_status(self, indexed: IndexedAsset) -> tuple[str, float]:
        """The HLS stream of an indexed asset made with ``enable_video_stream``: ``PROCESSING`` until 0.5 s
        after it is ready, then ``COMPLETE`` (``ERROR`` when indexing failed)."""
        status, since = self.indexed_status(indexed)
        if status == "failed":
            return "ERROR", since
        if status != "ready":
            return "PROCESSING", indexed.created_at
        if self._elapsed(since) < HLS_SECONDS:
            return "PROCESSING", since
        return "COMPLETE", self._at(since, HLS_SECONDS)

    def indexed_updated_at(self, indexed: IndexedAsset) -> float:
        """When the indexed asset last changed: its last status change or metadata update."""
        _, since = self.indexed_status(indexed)
        return max(since, indexed.video.updated_at) if indexed.video.metadata_updated else since

    def _refresh_indexed(self) -> None:
        for indexed_id, indexed in list(self._indexing.items()):
            status, since = self.indexed_status(indexed)
            if status not in ("ready", "failed"):
                continue
            del self._indexing[indexed_id]
            index = self.indexes.get(indexed.index_id)
            if status == "ready" and index is not None:
                video = indexed.video
                video.indexed_at = since
                if not video.metadata_updated:
                    video.updated_at = since
                index.videos[video.id] = video
                self.videos[video.id] = video
                index.updated_at = max(index.updated_at, since)

    def indexed_assets_of(self, asset_id: str, index_id: str | None = None) -> list[IndexedAsset]:
        """Indexed assets built on ``asset_id`` (in one index, or all), oldest first."""
        with self.lock:
            return [i for i in self.indexed_assets.values()
                    if i.asset_id == asset_id and (index_id is None or i.index_id == index_id)]

    def delete_indexed_asset(self, indexed_id: str) -> None:
        """Forget an indexed asset and the video it is in its index (deleting either deletes both)."""
        with self.lock:
            indexed = self.indexed_assets.pop(indexed_id, None)
            self._indexing.pop(indexed_id, None)
            index = self.indexes.get(indexed.index_id) if indexed is not None else None
            if index is not None:
                index.videos.pop(indexed_id, None)
            self.videos.pop(indexed_id, None)

    def seed_indexed_assets(self, index_id: str, asset_ids: Iterable[str], *, ready: bool = True) -> list[str]:
        """Index existing ready assets at once (``ready`` false: they go through the lifecycle). Returns the
        indexed asset ids."""
        if index_id not in self.indexes:
            raise KeyError(index_id)
        out: list[str] = []
        with self.lock:
            for asset_id in asset_ids:
                indexed = self.create_indexed_asset(index_id, self.assets[asset_id])
                if ready:
                    indexed.will_fail = False
                    if self.config.speed > 0:
                        total = sum(length for _, length in INDEXED_STAGES)
                        indexed.started_at = indexed.created_at - total / self.config.speed
                out.append(indexed.id)
            self._refresh_indexed()
        return out

    # --- assertions for tests -------------------------------------------------------------------------------

    def ingest_summary(self, index_id: str | None = None) -> dict[str, dict[str, int]]:
        """Per asset file name: how many assets carry it, and how many indexed assets (in ``index_id``, or in
        any index) and ready indexed assets were built on them. An exactly-once ingestion of N distinct files
        gives N entries of ``{"assets": 1, "ready_assets": 1, "indexed": 1, "ready_indexed": 1}``."""
        with self.lock:
            summary: dict[str, dict[str, int]] = {}
            for asset in self.assets.values():
                entry = summary.setdefault(asset.filename,
                                           {"assets": 0, "ready_assets": 0, "indexed": 0, "ready_indexed": 0})
                entry["assets"] += 1
                entry["ready_assets"] += self.asset_status(asset)[0] == "ready"
                for indexed in self.indexed_assets_of(asset.id, index_id):
                    entry["indexed"] += 1
                    entry["ready_indexed"] += self.indexed_status(indexed)[0] == "ready"
            return summary
