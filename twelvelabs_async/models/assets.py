"""Assets (uploaded files), multipart upload sessions, and indexed assets (an asset in an index).

The asset-centric flow of today's API: upload a file (``POST /assets`` or a multipart session) into an asset,
wait until it is ``ready``, index it (``POST /indexes/{index_id}/indexed-assets``) and wait until the indexed
asset is ``ready``. Statuses are plain strings; the documented values are in the ``*_STATUSES`` constants.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import attrs

from ._base import WIRE_ID, Model
from .common import PageInfo
from .tasks import Hls
from .videos import TranscriptionSegment, VideoEmbedding

__all__ = [
    "ASSET_STATUSES",
    "CHUNK_STATUSES",
    "INDEXED_ASSET_STATUSES",
    "TERMINAL_ASSET_STATUSES",
    "TERMINAL_INDEXED_ASSET_STATUSES",
    "UPLOAD_SESSION_STATUSES",
    "Asset",
    "AssetError",
    "AssetHls",
    "AssetPage",
    "AssetSource",
    "AssetSourceDetails",
    "AssetThumbnail",
    "AudioStream",
    "AssetTranscription",
    "AssetTranscriptionEntry",
    "ChunkInfo",
    "ChunkReport",
    "IncompleteUpload",
    "IncompleteUploadPage",
    "IndexedAsset",
    "IndexedAssetCreated",
    "IndexedAssetIndex",
    "IndexedAssetPage",
    "IndexedAssetRef",
    "IndexedAssetRefPage",
    "IndexedAssetSystemMetadata",
    "MultipartUpload",
    "PresignedUrl",
    "PresignedUrls",
    "TechnicalMetadata",
    "UploadStatus",
    "VideoStream",
]

ASSET_STATUSES: Final[tuple[str, ...]] = ("processing", "ready", "failed")
TERMINAL_ASSET_STATUSES: Final = frozenset({"ready", "failed"})
UPLOAD_SESSION_STATUSES: Final[tuple[str, ...]] = ("active", "completed", "failed", "expired")
CHUNK_STATUSES: Final[tuple[str, ...]] = ("pending", "completed", "failed")
INDEXED_ASSET_STATUSES: Final[tuple[str, ...]] = ("pending", "queued", "indexing", "ready", "failed")
TERMINAL_INDEXED_ASSET_STATUSES: Final = frozenset({"ready", "failed"})


# --- assets -----------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AssetSourceDetails(Model):
    """Which file of which provider an imported asset came from, and its name and link there."""

    provider: str | None = None
    source_id: str | None = None
    original_filename: str | None = None
    source_link: str | None = None


@attrs.frozen(kw_only=True)
class AssetSource(Model):
    """Where an imported asset came from (connectors only): ``type`` (``connector``) and provider ``details``."""

    type: str | None = None
    details: AssetSourceDetails | None = None


@attrs.frozen(kw_only=True)
class AssetError(Model):
    """Why an asset ``failed`` (a corrupted or unsupported file, ...). Do not parse the text."""

    message: str | None = None


@attrs.frozen(kw_only=True)
class AssetHls(Model):
    manifest_url: str | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class AssetThumbnail(Model):
    representative_url: str | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class VideoStream(Model):
    """One video stream of a file (``technical_metadata.video_streams``)."""

    index: int | None = None
    codec: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    avg_fps: float | None = None
    duration_seconds: float | None = None
    bitrate_bps: int | None = None
    rotation: int | None = None
    pixel_aspect_ratio: str | None = None
    display_aspect_ratio: str | None = None
    scan_type: str | None = None
    pixel_format: str | None = None
    bit_depth: int | None = None
    color_range: str | None = None
    color_transfer: str | None = None
    color_space: str | None = None
    color_primaries: str | None = None


@attrs.frozen(kw_only=True)
class AudioStream(Model):
    """One audio stream of a file (``technical_metadata.audio_streams``)."""

    index: int | None = None
    codec: str | None = None
    codec_long: str | None = None
    sample_rate: int | None = None
    bit_depth: int | None = None
    channels: int | None = None
    channel_layout: str | None = None
    bitrate_bps: int | None = None
    language: str | None = None
    duration_seconds: float | None = None


@attrs.frozen(kw_only=True)
class TechnicalMetadata(Model):
    """What the platform measured in the file: container, streams, video, audio, image and document properties
    (the fields of the official SDK 1.3.6; others the API adds stay in ``extra``)."""

    file_size_bytes: int | None = None
    file_mime_type: str | None = None
    file_container_format: str | None = None
    container_creation_time: datetime | None = None
    video_streams: list[VideoStream] | None = None
    video_codec: str | None = None
    video_width: int | None = None
    video_height: int | None = None
    video_fps: float | None = None
    video_duration_seconds: float | None = None
    video_bitrate_bps: int | None = None
    audio_streams: list[AudioStream] | None = None
    audio_codec: str | None = None
    audio_sample_rate: int | None = None
    audio_channels: int | None = None
    audio_duration_seconds: float | None = None
    start_timecode: str | None = None
    timecode_source: str | None = None
    drop_frame: bool | None = None
    image_width: int | None = None
    image_height: int | None = None
    image_format: str | None = None
    image_orientation: int | None = None
    image_color_space: str | None = None
    image_bit_depth: int | None = None
    is_hdr: bool | None = None
    has_audio: bool | None = None
    has_alpha: bool | None = None
    is_animated: bool | None = None
    total_video_streams: int | None = None
    total_audio_streams: int | None = None
    storage_aspect_ratio: float | None = None
    geospatial_latitude: float | None = None
    geospatial_longitude: float | None = None
    geospatial_altitude_meters: float | None = None
    document_page_count: int | None = None
    document_pdf_version: str | None = None
    document_page_width_pt: float | None = None
    document_page_height_pt: float | None = None
    document_is_tagged: bool | None = None
    document_is_encrypted: bool | None = None
    document_language: str | None = None
    document_title: str | None = None
    document_author: str | None = None
    document_subject: str | None = None
    document_keywords: str | None = None
    document_creator_tool: str | None = None
    document_producer: str | None = None
    document_creation_date: datetime | None = None
    document_modification_date: datetime | None = None


@attrs.frozen(kw_only=True)
class Asset(Model):
    """An asset: ``POST /assets`` answers with it (``processing``), ``GET /assets/{id}`` and the list add what
    the platform learned once it is ``ready`` (size, duration, technical metadata, HLS, thumbnail) or why it
    ``failed`` (``error``). ``method`` is ``direct``, ``url`` or ``multipart``."""

    id: str = attrs.field(metadata=WIRE_ID)
    method: str | None = None
    status: str | None = None
    filename: str | None = None
    file_type: str | None = None
    created_at: datetime | None = None
    user_metadata: dict[str, Any] | None = None
    source: AssetSource | None = None
    hls: AssetHls | None = None
    thumbnail: AssetThumbnail | None = None
    technical_metadata: TechnicalMetadata | None = None
    size: int | None = None
    duration: float | None = None
    error: AssetError | None = None

    @property
    def is_done(self) -> bool:
        """True once the asset is ``ready`` or ``failed``."""
        return self.status in TERMINAL_ASSET_STATUSES


@attrs.frozen(kw_only=True)
class AssetPage(Model):
    data: list[Asset] = attrs.Factory(list)
    page_info: PageInfo | None = None


@attrs.frozen(kw_only=True)
class AssetTranscriptionEntry(Model):
    """A word, sentence or speaker turn: ``start``/``end`` in seconds, the text in ``value``."""

    start: float | None = None
    end: float | None = None
    value: str | None = None
    speaker: str | None = None


@attrs.frozen(kw_only=True)
class AssetTranscription(Model):
    """``GET /assets/{asset_id}/transcription``: ``status`` (``pending``, ``processing``, ``ready``, ``failed``)
    and the segmentations asked for with ``include``."""

    status: str | None = None
    words: list[AssetTranscriptionEntry] | None = None
    sentences: list[AssetTranscriptionEntry] | None = None
    utterances: list[AssetTranscriptionEntry] | None = None
    error: AssetError | None = None


# --- multipart upload sessions ------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PresignedUrl(Model):
    """Where to PUT one chunk (1-based ``chunk_index``): single use, expires at ``expires_at`` (about an hour)."""

    chunk_index: int
    url: str
    expires_at: datetime | None = None


@attrs.frozen(kw_only=True)
class MultipartUpload(Model):
    """``POST /assets/multipart-uploads``: the session (``upload_id``, valid 24 h), the reserved ``asset_id``,
    the server's ``chunk_size`` and ``total_chunks``, the first presigned URLs, and the headers every chunk PUT
    must carry (``upload_headers``)."""

    upload_id: str
    asset_id: str | None = None
    upload_urls: list[PresignedUrl] = attrs.Factory(list)
    upload_headers: dict[str, str] = attrs.Factory(dict)
    chunk_size: int
    total_chunks: int
    expires_at: datetime | None = None


@attrs.frozen(kw_only=True)
class PresignedUrls(Model):
    """``POST /assets/multipart-uploads/{upload_id}/presigned-urls``: fresh URLs from ``start_index``."""

    upload_id: str | None = None
    start_index: int | None = None
    count: int | None = None
    upload_urls: list[PresignedUrl] = attrs.Factory(list)
    generated_at: datetime | None = None
    expires_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ChunkReport(Model):
    """``POST /assets/multipart-uploads/{upload_id}``: chunks accepted now, re-reports ignored, the running total;
    ``url`` once every chunk is reported."""

    url: str | None = None
    asset_id: str | None = None
    processed_chunks: int | None = None
    duplicate_chunks: int | None = None
    total_completed: int | None = None


@attrs.frozen(kw_only=True)
class ChunkInfo(Model):
    """One chunk of a session (1-based ``index``): ``pending``, ``completed`` or ``failed`` (``error`` says why)."""

    index: int
    status: str | None = None
    uploaded_at: datetime | None = None
    updated_at: datetime | None = None
    error: str | None = None


@attrs.frozen(kw_only=True)
class UploadStatus(Model):
    """``GET /assets/multipart-uploads/{upload_id}``: a page of chunks (``uploaded_chunks``) with the session's
    counts. ``completed`` means the platform has the whole file, not that the asset is ready."""

    upload_id: str | None = None
    status: str | None = None
    uploaded_chunks: list[ChunkInfo] = attrs.Factory(list)
    chunks_completed: int | None = None
    chunks_failed: int | None = None
    chunks_pending: int | None = None
    page_info: PageInfo | None = None
    total_size: int | None = None
    uploaded_size: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class IncompleteUpload(Model):
    """A session that can still be resumed (``GET /assets/multipart-uploads``)."""

    upload_id: str
    status: str | None = None
    total_size: int | None = None
    chunk_size: int | None = None
    total_chunks: int | None = None
    created_at: datetime | None = None
    expires_at: datetime | None = None


@attrs.frozen(kw_only=True)
class IncompleteUploadPage(Model):
    data: list[IncompleteUpload] = attrs.Factory(list)
    page_info: PageInfo | None = None


# --- indexed assets ------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class IndexedAssetSystemMetadata(Model):
    filename: str | None = None
    duration: float | None = None
    fps: float | None = None
    width: int | None = None
    height: int | None = None
    size: float | None = None


@attrs.frozen(kw_only=True)
class IndexedAsset(Model):
    """An asset in an index: ``status`` ``pending`` -> ``queued`` -> ``indexing`` -> ``ready`` | ``failed``.

    The retrieve answer adds ``user_metadata``, ``hls``, and (when asked) ``embedding`` and ``transcription``.
    The timestamps are the API's RFC 3339 strings, as the official SDK gives them.
    """

    id: str = attrs.field(metadata=WIRE_ID)
    asset_id: str | None = None
    status: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    indexed_at: str | None = None
    system_metadata: IndexedAssetSystemMetadata | None = None
    user_metadata: dict[str, Any] | None = None
    hls: Hls | None = None
    embedding: VideoEmbedding | None = None
    transcription: list[TranscriptionSegment] | None = None

    @property
    def is_done(self) -> bool:
        """True once indexing is ``ready`` or ``failed``."""
        return self.status in TERMINAL_INDEXED_ASSET_STATUSES


@attrs.frozen(kw_only=True)
class IndexedAssetPage(Model):
    data: list[IndexedAsset] = attrs.Factory(list)
    page_info: PageInfo | None = None


@attrs.frozen(kw_only=True)
class IndexedAssetCreated(Model):
    """``POST /indexes/{index_id}/indexed-assets`` (202): indexing has begun."""

    id: str = attrs.field(metadata=WIRE_ID)
    asset_id: str | None = None


@attrs.frozen(kw_only=True)
class IndexedAssetIndex(Model):
    id: str = attrs.field(metadata=WIRE_ID)
    name: str | None = None


@attrs.frozen(kw_only=True)
class IndexedAssetRef(Model):
    """An item of ``GET /assets/{asset_id}/indexed-assets``: an indexed asset of the asset, and its index."""

    id: str = attrs.field(metadata=WIRE_ID)
    index: IndexedAssetIndex | None = None


@attrs.frozen(kw_only=True)
class IndexedAssetRefPage(Model):
    data: list[IndexedAssetRef] = attrs.Factory(list)
    page_info: PageInfo | None = None
