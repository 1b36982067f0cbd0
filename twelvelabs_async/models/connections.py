"""Data connectors (``/connections*``): connections to a provider account (Google Drive, through OAuth),
redirect URIs, picker tokens, and imports of the account's files as assets.

Import models are named ``ConnectorImport*``: the ``Import*`` names belong to the removed cloud-transfer
imports (``models.transfers``), which old code may still import.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

import attrs

from ._base import WIRE_ID, Model
from .common import PageInfo

__all__ = [
    "CONNECTOR_IMPORT_ITEM_STATUSES",
    "Connection",
    "ConnectionAccount",
    "ConnectionAuthorization",
    "ConnectionPage",
    "ConnectionPickerToken",
    "ConnectorImport",
    "ConnectorImportItem",
    "ConnectorImportItemError",
    "ConnectorImportItemStatus",
    "ConnectorImportPage",
    "ConnectorImportResult",
    "RedirectUri",
    "RedirectUriPage",
]

ConnectorImportItemStatus = Literal["processing", "ready", "failed"]
"""Known statuses of an imported file's asset (documentation only)."""

CONNECTOR_IMPORT_ITEM_STATUSES: Final[tuple[str, ...]] = ("processing", "ready", "failed")
_FINAL_ITEM_STATUSES: Final = frozenset({"ready", "failed"})


# --- connections ----------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ConnectionAuthorization(Model):
    """Answer of ``POST /connections:authorize``: send the user to ``authorize_url``; the platform then
    redirects them to your redirect URI with ``connection_id`` (or ``error``) in its query."""

    authorize_url: str | None = None
    state: str | None = None


@attrs.frozen(kw_only=True)
class ConnectionAccount(Model):
    """The provider account behind a connection: its stable id there and a label (an email address)."""

    external_id: str | None = None
    display_name: str | None = None


@attrs.frozen(kw_only=True)
class Connection(Model):
    """A connection to a provider account; ``status`` is ``active``, ``expired`` or ``revoked``. The platform
    never returns the connection's tokens."""

    id: str = attrs.field(metadata=WIRE_ID)
    provider: str | None = None
    status: str | None = None
    custom_id: str | None = None
    account: ConnectionAccount | None = None
    scopes: list[str] = attrs.Factory(list)
    connected_at: datetime | None = None
    last_used_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ConnectionPage(Model):
    """One page of ``GET /connections`` (newest first)."""

    data: list[Connection] = attrs.Factory(list)
    page_info: PageInfo | None = None


@attrs.frozen(kw_only=True)
class ConnectionPickerToken(Model):
    """A short-lived, read-only token for the provider's file picker (``expires_in`` seconds).

    The token and the browser key are left out of ``repr`` so that a log line cannot leak them.
    """

    access_token: str | None = attrs.field(default=None, repr=False)
    expires_in: int | None = None
    scope: str | None = None
    app_id: str | None = None
    developer_key: str | None = attrs.field(default=None, repr=False)


@attrs.frozen(kw_only=True)
class RedirectUri(Model):
    """A redirect URI that ``data_connectors.authorize_connection`` accepts."""

    id: str = attrs.field(metadata=WIRE_ID)
    redirect_uri: str | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class RedirectUriPage(Model):
    """One page of ``GET /connections/redirect-uris`` (newest first)."""

    data: list[RedirectUri] = attrs.Factory(list)
    page_info: PageInfo | None = None


# --- imports --------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ConnectorImportItemError(Model):
    """Why a file was rejected before an asset was made (``source_unavailable``, ``unsupported_media_type``,
    ``video_filesize_too_large``, ...)."""

    code: str | None = None
    message: str | None = None


@attrs.frozen(kw_only=True)
class ConnectorImportItem(Model):
    """One file of an import: its asset and that asset's current ``status`` (``processing``, ``ready``,
    ``failed``), or, for a file rejected up front, no status and an ``error``.

    ``action`` (1.3.6: ``created``, ``skipped``, ``retried``, ``rejected``) says what the request did with the
    file; ``skipped`` and ``retried`` name an asset from an earlier import.
    """

    source_id: str | None = None
    action: str | None = None
    asset_id: str | None = None
    status: str | None = None
    error: ConnectorImportItemError | None = None

    @property
    def rejected(self) -> bool:
        """True for a file refused before any asset was made (``error`` says why)."""
        return self.status is None and (self.error is not None or self.action == "rejected")

    @property
    def is_done(self) -> bool:
        """True once the file has its outcome: its asset ``ready`` or ``failed``, or the file rejected.

        A status this SDK does not know counts as still going, so waiting never stops early on it.
        """
        return self.rejected or self.status in _FINAL_ITEM_STATUSES

    @property
    def outcome(self) -> str:
        """``ready``, ``failed``, ``rejected``, or the status it is still in."""
        if self.rejected:
            return "rejected"
        return self.status or "unknown"


@attrs.frozen(kw_only=True)
class ConnectorImportResult(Model):
    """Answer of ``POST /connections/{id}/imports`` (202): the import's id and one item per file, in request
    order; ``has_failures`` says whether any file was rejected."""

    id: str = attrs.field(metadata=WIRE_ID)
    has_failures: bool | None = None
    items: list[ConnectorImportItem] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class ConnectorImport(Model):
    """An import (``GET /connections/{id}/imports/{import_id}``, and without ``items`` in the list).

    Each retrieval recomputes the items' statuses from their assets. ``status`` sums them up for waiting:
    ``processing`` while a file is still going, ``completed`` once every file has its outcome (``None`` for
    a summary from the list, which has no items); it is not a field of the API.
    """

    id: str = attrs.field(metadata=WIRE_ID)
    connection_id: str | None = None
    provider: str | None = None
    custom_id: str | None = None
    item_count: int | None = None
    created_at: datetime | None = None
    items: list[ConnectorImportItem] | None = None

    @property
    def status(self) -> str | None:
        """``processing``, ``completed``, or ``None`` without items (see the class docstring)."""
        if self.items is None:
            return None
        return "completed" if all(item.is_done for item in self.items) else "processing"

    def _with(self, outcome: str) -> list[ConnectorImportItem]:
        return [item for item in self.items or () if item.outcome == outcome]

    @property
    def ready(self) -> list[ConnectorImportItem]:
        """Files whose asset is ready."""
        return self._with("ready")

    @property
    def failed(self) -> list[ConnectorImportItem]:
        """Files whose asset failed."""
        return self._with("failed")

    @property
    def rejected(self) -> list[ConnectorImportItem]:
        """Files rejected before an asset was made."""
        return self._with("rejected")


@attrs.frozen(kw_only=True)
class ConnectorImportPage(Model):
    """One page of ``GET /connections/{id}/imports`` (newest first; items left out)."""

    data: list[ConnectorImport] = attrs.Factory(list)
    page_info: PageInfo | None = None
