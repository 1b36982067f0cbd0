"""Data connectors (surface 2026): redirect URIs, OAuth authorizations, Google Drive connections, the fake Drive
behind them and the imports that turn its files into assets. :class:`~.state.EmulatorState` mixes
:class:`ConnectorStateMixin` in, so tests reach everything as ``emu.state.connections``,
``emu.state.connector_imports`` (``emu.state.imports`` is the seed era's cloud-transfer log),
``emu.state.redirect_uris``, ``emu.state.authorizations`` and ``emu.state.drive_files``::

    auth = emu.state.start_authorization("google_drive", "https://app.example/done", custom_id="u1")
    location, connection = emu.state.complete_authorization(auth.state)   # what the fake OAuth page does
    connection = emu.state.create_connection(custom_id="u1")               # or skip the flow altogether
    emu.state.set_connection_status(connection.id, "revoked")              # 409 on imports and picker tokens
    emu.state.drive_files["f1"] = ("dog_park.mp4", 20_000_000, "video")    # the fake Drive, changeable live

The OAuth flow: ``POST /connections:authorize`` records an :class:`Authorization` (valid
:data:`AUTHORIZATION_TTL` seconds of the emulator's clock) and answers a URL of the emulator's own consent page
(:mod:`.oauth`); fetching it completes the authorization as the user's "allow" would: it creates the
connection and redirects to the redirect URI with ``connection_id``, ``status=ok`` and ``custom_id`` (or with
``error`` alone when denied or expired). Each authorization completes once.

Imports: each requested Drive file is checked (known, authorized, a video/audio/image file within the
documented sizes: video 10 GB, audio 4 GB, images 32 MB) and becomes an asset with ``source: {type:
"connector", details: {provider, source_id, original_filename, source_link}}``. The asset is ``processing``
while the file "downloads" (0.3 s plus 1 s per 200 MB, emulated, divided by ``speed``) and the usual 0.5 s of
processing, then ``ready`` (``failed`` for a file name containing ``broken``). A file already imported through
the same provider account (the spec's "through this account": any connection of that Google account) returns
its existing asset, whatever that asset's status, unless the asset was deleted since.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from .asset_state import Asset
from .clock import Clock
from .config import EmulatorConfig
from .content import stable_int
from .media import MediaInfo, probe_url

__all__ = ["AUTHORIZATION_TTL", "Authorization", "Connection", "ConnectorImport", "ConnectorStateMixin",
           "DriveFile", "ImportEntry", "RedirectUri"]

AUTHORIZATION_TTL = 600.0
PROVIDERS = ("google_drive",)
SCOPES = ("https://www.googleapis.com/auth/drive.readonly",)
CONNECTION_STATUSES = ("active", "expired", "revoked")
# The documented limits of an import ("Video files can be up to 10 GB, audio files up to 4 GB, and images up to
# 32 MB"), decimal like the asset limits.
MAX_IMPORT_BYTES = {"video": 10 * 1000**3, "audio": 4 * 1000**3, "image": 32 * 1000**2}
TOO_LARGE_CODES = {"video": "video_filesize_too_large", "audio": "audio_filesize_too_large",
                   "image": "media_filesize_too_large"}
DOWNLOAD_BASE_SECONDS = 0.3
DOWNLOAD_BYTES_PER_SECOND = 200 * 1000**2


@dataclass
class RedirectUri:
    id: str
    uri: str
    created_at: float


@dataclass
class Authorization:
    state: str
    provider: str
    redirect_uri: str
    custom_id: str | None
    created_at: float
    expires_at: float
    completed: bool = False


@dataclass
class Connection:
    id: str
    provider: str
    account_email: str
    external_id: str
    connected_at: float
    custom_id: str | None = None
    status: str = "active"
    scopes: tuple[str, ...] = SCOPES
    last_used_at: float | None = None


@dataclass(frozen=True)
class DriveFile:
    source_id: str
    filename: str
    size: int
    kind: str  # video | audio | image | unavailable | not_authorized | anything else (unsupported)


@dataclass
class ImportEntry:
    source_id: str
    asset_id: str | None = None
    error: dict[str, str] | None = None


@dataclass
class ConnectorImport:
    id: str
    connection_id: str
    provider: str
    created_at: float
    items: list[ImportEntry]
    custom_id: str | None = None


def with_query(uri: str, params: Mapping[str, str]) -> str:
    """``uri`` with ``params`` appended to its query. The URI is kept as written, its own query included ("which
    MUST be retained when adding additional query parameters", RFC 6749 section 3.1.2): an application matches
    its redirect on that exact text, so nothing in it is re-encoded or normalised."""
    base, hash_mark, fragment = uri.partition("#")
    joiner = "" if base.endswith(("?", "&")) else "&" if "?" in base else "?"
    return f"{base}{joiner}{urlencode(params)}{hash_mark}{fragment}"


def _size_text(size: int) -> str:
    return f"{size / 1000**3:.1f} GB" if size >= 1000**3 else f"{size / 1000**2:.1f} MB"


class ConnectorStateMixin:
    """Connector bookkeeping of :class:`~.state.EmulatorState`."""

    # Provided by EmulatorState.
    config: EmulatorConfig
    clock: Clock
    lock: threading.RLock
    assets: dict[str, Asset]

    if TYPE_CHECKING:
        # Defined by EmulatorState and AssetStateMixin; declared for the type checker only (see
        # KnowledgeStateMixin).
        def new_id(self) -> str: ...

        def _at(self, since: float, emulated: float) -> float: ...

        def add_asset(self, *, method: str, filename: str, kind: str, file_type: str,
                      info: MediaInfo | None = None, source_url: str | None = None,
                      source: Mapping[str, Any] | None = None) -> Asset: ...

    def _init_connectors(self) -> None:
        self.redirect_uris: dict[str, RedirectUri] = {}
        self.authorizations: dict[str, Authorization] = {}
        self.connections: dict[str, Connection] = {}
        self.connector_imports: dict[str, ConnectorImport] = {}
        self.drive_files: dict[str, tuple[str, int, str]] = dict(self.config.drive_files)
        # (provider, provider account id, source id) -> the asset that file became: re-imports return it.
        self.imported_assets: dict[tuple[str, str, str], str] = {}

    def _reset_connectors(self) -> None:
        self.redirect_uris.clear()
        self.authorizations.clear()
        self.connections.clear()
        self.connector_imports.clear()
        self.imported_assets.clear()
        self.drive_files = dict(self.config.drive_files)

    # --- redirect URIs and the OAuth flow -------------------------------------------------------------------

    def register_redirect_uri(self, uri: str) -> RedirectUri:
        with self.lock:
            entry = RedirectUri(self.new_id(), uri, self.clock.now())
            self.redirect_uris[entry.id] = entry
            return entry

    def start_authorization(self, provider: str, redirect_uri: str, custom_id: str | None = None) -> Authorization:
        with self.lock:
            now = self.clock.now()
            auth = Authorization(secrets.token_urlsafe(24), provider, redirect_uri, custom_id, now,
                                 now + AUTHORIZATION_TTL)
            self.authorizations[auth.state] = auth
            return auth

    def complete_authorization(self, state: str, *, account: str | None = None,
                               deny: bool = False) -> tuple[str, Connection | None]:
        """Finish an authorization as the user's answer on the consent page would; returns where the browser
        is sent (the redirect URI with the outcome) and the new connection (``None`` when denied or expired).

        Raises KeyError for a state never handed out, ValueError for one already used."""
        with self.lock:
            auth = self.authorizations[state]
            if auth.completed:
                raise ValueError("this authorization has already been completed")
            auth.completed = True
            if deny:
                return with_query(auth.redirect_uri, {"error": "access_denied"}), None
            if self.clock.now() >= auth.expires_at:
                return with_query(auth.redirect_uri, {"error": "authorization_expired"}), None
            connection = self.create_connection(provider=auth.provider, custom_id=auth.custom_id, account=account)
            outcome = {"connection_id": connection.id, "status": "ok"}
            if auth.custom_id is not None:
                outcome["custom_id"] = auth.custom_id
            return with_query(auth.redirect_uri, outcome), connection

    def create_connection(self, *, provider: str = "google_drive", custom_id: str | None = None,
                          account: str | None = None) -> Connection:
        """An active connection to ``account`` (default: the configured ``drive_account``), without the flow."""
        email = account or self.config.drive_account
        with self.lock:
            # Google account ids are 21-digit numbers that never change: derived from the address.
            external_id = str(100_000_000_000_000_000_000 + stable_int("google-account", email) % 10**20)
            connection = Connection(self.new_id(), provider, email, external_id, self.clock.now(), custom_id)
            self.connections[connection.id] = connection
            return connection

    def set_connection_status(self, connection_id: str, status: str) -> None:
        """Put a connection in ``active`` / ``expired`` / ``revoked`` (for tests: the emulator has no token
        expiry or revocation of its own)."""
        if status not in CONNECTION_STATUSES:
            raise ValueError(f"status must be one of {', '.join(CONNECTION_STATUSES)}")
        with self.lock:
            self.connections[connection_id].status = status

    # --- the fake Drive and imports -------------------------------------------------------------------------

    def drive_file(self, source_id: str) -> DriveFile:
        """What the Drive holds under ``source_id`` (see the ``drive_files`` setting)."""
        configured = self.drive_files.get(source_id)
        if configured is not None:
            filename, size, kind = configured
            return DriveFile(source_id, filename, int(size), kind)
        if source_id.startswith("missing"):
            return DriveFile(source_id, "", 0, "unavailable")
        if source_id.startswith("denied"):
            return DriveFile(source_id, "", 0, "not_authorized")
        size = 5_000_000 + stable_int("drive", source_id) % 45_000_000
        return DriveFile(source_id, f"drive_{source_id}.mp4", size, "video")

    def _rejection(self, file: DriveFile) -> dict[str, str] | None:
        if file.kind == "unavailable":
            return {"code": "source_unavailable",
                    "message": f"The file `{file.source_id}` does not exist at the provider or cannot be reached."}
        if file.kind == "not_authorized":
            return {"code": "source_not_authorized",
                    "message": f"The connection is not allowed to read the file `{file.source_id}`."}
        if file.kind not in MAX_IMPORT_BYTES:
            return {"code": "unsupported_media_type",
                    "message": f"The file `{file.filename}` is not a video, audio or image file."}
        limit = MAX_IMPORT_BYTES[file.kind]
        if file.size > limit:
            return {"code": TOO_LARGE_CODES[file.kind],
                    "message": f"The file `{file.filename}` has {_size_text(file.size)}; {file.kind} files can be "
                               f"imported up to {_size_text(limit)}."}
        return None

    def _import_asset(self, connection: Connection, file: DriveFile) -> Asset:
        hints: dict[str, str] = {"size": str(file.size)}
        if file.kind == "video":
            # About 2 Mbit/s, at least 4 s and at most an hour: what the video models accept.
            hints["duration"] = str(round(min(3600.0, max(4.0, file.size / 250_000)), 1))
        elif file.kind == "audio":
            hints["duration"] = str(round(min(3600.0, max(1.0, file.size / 16_000)), 1))
        link = f"https://drive.google.com/file/d/{quote(file.source_id)}/view"
        _name, info = probe_url(f"https://drive.google.com/uc/{quote(file.filename)}?{urlencode(hints)}", "items",
                                kind_hint=file.kind)
        source = {"type": "connector", "details": {"provider": connection.provider, "source_id": file.source_id,
                                                   "original_filename": file.filename, "source_link": link}}
        # The spec's asset methods are direct / url / multipart: the platform fetches a connector file as it
        # fetches a URL, so `url` is the closest (and `source` tells the two apart).
        asset = self.add_asset(method="url", filename=file.filename, kind=info.kind, file_type=info.mime,
                               info=info, source_url=link, source=source)
        download = DOWNLOAD_BASE_SECONDS + file.size / DOWNLOAD_BYTES_PER_SECOND
        asset.processing_since = self._at(asset.created_at, download)
        return asset

    def import_files(self, connection: Connection, source_ids: list[str]) -> ConnectorImport:
        """Import Drive files through ``connection`` (checks of the request itself are the route's)."""
        with self.lock:
            entries: list[ImportEntry] = []
            for source_id in source_ids:
                key = (connection.provider, connection.external_id, source_id)
                existing = self.imported_assets.get(key)
                if existing is not None and existing in self.assets:
                    entries.append(ImportEntry(source_id, asset_id=existing))
                    continue
                file = self.drive_file(source_id)
                rejection = self._rejection(file)
                if rejection is not None:
                    entries.append(ImportEntry(source_id, error=rejection))
                    continue
                asset = self._import_asset(connection, file)
                self.imported_assets[key] = asset.id
                entries.append(ImportEntry(source_id, asset_id=asset.id))
            now = self.clock.now()
            record = ConnectorImport(self.new_id(), connection.id, connection.provider, now, entries,
                                     connection.custom_id)
            self.connector_imports[record.id] = record
            connection.last_used_at = now
            return record

