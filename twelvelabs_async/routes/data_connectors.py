"""Data connectors and imports: `client.data_connectors` (connections to a provider account through OAuth,
redirect URIs, picker tokens) and `client.imports` (files of a connected account imported as assets).

The flow: `authorize_connection` returns a URL to send the user to; the provider redirects them to your
redirect URI with `connection_id` in its query; `imports.import_files` then imports up to 100 files at a time,
and `imports.wait_for_done` waits until each file's asset is ready, failed, or the file was rejected.

The three list methods return one page, as the official SDK 1.3.6 does (it has no pager for them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from twelvelabs_async._errors import ArgumentError, ArgumentTypeError
from twelvelabs_async._route_spec import Body, In, Kind, Param, Route, Shape
from twelvelabs_async._shapes import json_object
from twelvelabs_async.routes._common import path_id

if TYPE_CHECKING:
    from twelvelabs_async.models import (
        Connection,
        ConnectionAuthorization,
        ConnectionPage,
        ConnectionPickerToken,
        ConnectorImport,
        ConnectorImportPage,
        ConnectorImportResult,
        RedirectUri,
        RedirectUriPage,
    )

PROVIDERS = ("google_drive",)
MAX_IMPORT_ITEMS = 100


def _page() -> Param:
    return Param("page", Kind.INT, In.QUERY, "Page number to retrieve (1-based).", minimum=1, server_default=1)


def _page_limit() -> Param:
    return Param("page_limit", Kind.INT, In.QUERY, "Items per page.", minimum=1, maximum=50, server_default=10)


def _connection_id() -> Param:
    return path_id("connection_id", "connection")


def _absolute_uri(param: str, *, https: bool) -> Any:
    """An absolute URI (RFC 3986: a scheme, then the rest); a web one (http, https) also needs a host. A native
    app's private-use scheme has none (``com.example.app:/oauth2redirect``, RFC 8252 section 7.1), and the spec
    (``format: uri``, "any redirect URI is accepted") allows it."""

    def check(args: Mapping[str, Any]) -> tuple[str, str] | None:
        value = args.get(param)
        if value is None:
            return None
        parts = urlsplit(value)
        if https and parts.scheme != "https":
            return param, f"must be an https:// URI (the API refuses others), got {value[:80]!r}"
        web = parts.scheme in ("http", "https")
        if not parts.scheme or not (parts.netloc if web else parts.netloc or parts.path):
            return param, (
                "must be an absolute URI such as https://app.example/callback (or a native app's "
                f"com.example.app:/callback), got {value[:80]!r}"
            )
        return None

    return check


# --- shapes ---------------------------------------------------------------------------------------------------


def import_items(name: str, value: object) -> list[dict[str, Any]]:
    """The files to import: provider file ids (str) or ``{'source_id': ...}`` objects, 1 to 100, each once."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, (bytes, bytearray, Mapping)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(name, f"expected a sequence of file ids or items, got {type(value).__name__}")
    items: list[dict[str, Any]] = []
    for position, entry in enumerate(value):
        item = {"source_id": entry} if isinstance(entry, str) else json_object(f"{name}[{position}]", entry)
        source_id = item.get("source_id")
        if not isinstance(source_id, str) or not source_id:
            raise ArgumentError(name, f"item {position} needs 'source_id', the file's id at the provider")
        items.append(item)
    if not 1 <= len(items) <= MAX_IMPORT_ITEMS:
        raise ArgumentError(name, f"takes 1 to {MAX_IMPORT_ITEMS} files a request, got {len(items)}")
    ids = [item["source_id"] for item in items]
    if len(set(ids)) != len(ids):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        raise ArgumentError(name, f"each source_id must appear once in a request; repeated: {duplicates[:5]}")
    return items


IMPORT_ITEMS = Shape(
    "str | Sequence[str | Mapping[str, Any] | Any]",
    import_items,
    f"The provider's file ids (for Google Drive, the Drive file ids), as str or `{{'source_id': ...}}`; "
    f"1 to {MAX_IMPORT_ITEMS}, each once.",
)


# --- connections ------------------------------------------------------------------------------------------------

data_connectors_authorize_connection: Route[ConnectionAuthorization] = Route(
    "data_connectors.authorize_connection",
    "POST",
    "/connections:authorize",
    "Start the OAuth flow of a data connector: returns the URL to send the user to.",
    params=(
        Param("provider", Kind.STR, In.BODY, "The provider to connect.", required=True, choices=PROVIDERS),
        Param(
            "redirect_uri",
            Kind.STR,
            In.BODY,
            "Where the provider sends the user back, with `connection_id` (or `error`) in the query; if you "
            "registered redirect URIs, one of them.",
            required=True,
        ),
        Param("custom_id", Kind.STR, In.BODY, "A label of yours stored on the connection (not personal data)."),
    ),
    body=Body.JSON,
    # Starting the flow again only yields another URL: a retry after a lost answer does no harm.
    idempotent=True,
    checks=(_absolute_uri("redirect_uri", https=False),),
)

data_connectors_list_connections: Route[ConnectionPage] = Route(
    "data_connectors.list_connections",
    "GET",
    "/connections",
    "List the account's connections, newest first (one page).",
    params=(_page(), _page_limit()),
)

data_connectors_retrieve_connection: Route[Connection] = Route(
    "data_connectors.retrieve_connection",
    "GET",
    "/connections/{connection_id}",
    "Retrieve a connection.",
    params=(_connection_id(),),
)

data_connectors_delete_connection: Route[None] = Route(
    "data_connectors.delete_connection",
    "DELETE",
    "/connections/{connection_id}",
    "Disconnect: access is revoked at the provider and the tokens deleted (imported assets stay).",
    params=(_connection_id(),),
    success=frozenset({200, 204}),
)

data_connectors_create_connection_picker_token: Route[ConnectionPickerToken] = Route(
    "data_connectors.create_connection_picker_token",
    "POST",
    "/connections/{connection_id}/picker-token",
    "A short-lived, read-only token for the provider's file picker (e.g. the Google Drive Picker).",
    params=(_connection_id(),),
    # Each call mints a fresh short-lived token; asking twice does no harm.
    idempotent=True,
)

data_connectors_create_redirect_uri: Route[RedirectUri] = Route(
    "data_connectors.create_redirect_uri",
    "POST",
    "/connections/redirect-uris",
    "Register a redirect URI that `authorize_connection` will accept (https, public host, no wildcards).",
    params=(
        Param(
            "redirect_uri",
            Kind.STR,
            In.BODY,
            "The URI, exactly as your application will send it.",
            required=True,
        ),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
    checks=(_absolute_uri("redirect_uri", https=True),),
)

data_connectors_list_redirect_uris: Route[RedirectUriPage] = Route(
    "data_connectors.list_redirect_uris",
    "GET",
    "/connections/redirect-uris",
    "List the registered redirect URIs, newest first (one page).",
    params=(_page(), _page_limit()),
)

data_connectors_delete_redirect_uri: Route[None] = Route(
    "data_connectors.delete_redirect_uri",
    "DELETE",
    "/connections/redirect-uris/{redirect_uri_id}",
    "Unregister a redirect URI. Irreversible.",
    params=(path_id("redirect_uri_id", "redirect URI"),),
    success=frozenset({200, 204}),
)

# --- imports ----------------------------------------------------------------------------------------------------

imports_import_files: Route[ConnectorImportResult] = Route(
    "imports.import_files",
    "POST",
    "/connections/{connection_id}/imports",
    "Import files of the connected account as assets (video up to 10 GB, audio 4 GB, images 32 MB).",
    params=(
        _connection_id(),
        Param("items", Kind.JSON, In.BODY, "The files to import. " + IMPORT_ITEMS.doc, required=True,
              shape=IMPORT_ITEMS),
    ),
    body=Body.JSON,
    success=frozenset({200, 202}),
    # Importing a file again returns its existing asset instead of downloading it twice, so a retry after a
    # lost answer creates no second asset.
    idempotent=True,
)

imports_list_imports: Route[ConnectorImportPage] = Route(
    "imports.list_imports",
    "GET",
    "/connections/{connection_id}/imports",
    "List a connection's imports, newest first, without their items (one page).",
    params=(_connection_id(), _page(), _page_limit()),
)

imports_retrieve_import: Route[ConnectorImport] = Route(
    "imports.retrieve_import",
    "GET",
    "/connections/{connection_id}/imports/{import_id}",
    "Retrieve an import with the current status of each file's asset.",
    params=(_connection_id(), path_id("import_id", "import")),
)
