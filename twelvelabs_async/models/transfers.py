"""Cloud-to-cloud imports: ``POST /tasks/transfers/import/{integration-id}`` and its status and logs."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Model

__all__ = [
    "FailedFile",
    "FailedImport",
    "ImportLog",
    "ImportLogs",
    "ImportResult",
    "ImportStatus",
    "ImportStatusVideo",
    "ImportVideoStatusCounts",
    "ImportedVideo",
]


@attrs.frozen(kw_only=True)
class ImportedVideo(Model):
    """A video the import accepted: ``{video_id, filename}``."""

    video_id: str | None = None
    filename: str | None = None


@attrs.frozen(kw_only=True)
class FailedFile(Model):
    """A file the import could not take: ``{filename, error_message}``."""

    filename: str | None = None
    error_message: str | None = None


@attrs.frozen(kw_only=True)
class ImportResult(Model):
    """Response of ``POST /tasks/transfers/import/{integration-id}`` (201)."""

    videos: list[ImportedVideo] = attrs.Factory(list)
    failed_files: list[FailedFile] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class ImportStatusVideo(Model):
    """A video in one of the status buckets of an import: ``{video_id, filename, created_at}``."""

    video_id: str | None = None
    filename: str | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class FailedImport(Model):
    """A video whose import failed: ``{filename, created_at, error_message}``."""

    filename: str | None = None
    created_at: datetime | None = None
    error_message: str | None = None


@attrs.frozen(kw_only=True)
class ImportStatus(Model):
    """Response of ``GET /tasks/transfers/import/{integration-id}/status``: videos by indexing status.

    ``not_imported`` holds the filenames not imported yet.
    """

    not_imported: list[str] = attrs.Factory(list)
    validating: list[ImportStatusVideo] = attrs.Factory(list)
    pending: list[ImportStatusVideo] = attrs.Factory(list)
    queued: list[ImportStatusVideo] = attrs.Factory(list)
    indexing: list[ImportStatusVideo] = attrs.Factory(list)
    ready: list[ImportStatusVideo] = attrs.Factory(list)
    failed: list[FailedImport] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class ImportVideoStatusCounts(Model):
    """``video_status`` of an import log: how many videos are in each indexing status."""

    ready: int | None = None
    validating: int | None = None
    queued: int | None = None
    pending: int | None = None
    indexing: int | None = None
    failed: int | None = None


@attrs.frozen(kw_only=True)
class ImportLog(Model):
    """One import run (an item of ``GET /tasks/transfers/import/{integration-id}/logs``).

    ``ended_at`` is ``None`` while the import is still running.
    """

    index_id: str | None = None
    index_name: str | None = None
    created_at: datetime | None = None
    ended_at: datetime | None = None
    video_status: ImportVideoStatusCounts | None = None
    failed_files: list[FailedFile] = attrs.Factory(list)

    @property
    def is_running(self) -> bool:
        """True while the import has not ended."""
        return self.ended_at is None


@attrs.frozen(kw_only=True)
class ImportLogs(Model):
    """Response of ``GET /tasks/transfers/import/{integration-id}/logs`` (oldest first)."""

    data: list[ImportLog] = attrs.Factory(list)
