"""Data connectors and imports (surface 2026): the 11 ``/connections`` operations of the 2026-07 spec. State,
the OAuth bookkeeping and the fake Drive are in :mod:`.connector_state`; the consent page the authorization URL
points at is :mod:`.oauth`.

- Redirect URIs: ``POST /connections/redirect-uris`` ``{redirect_uri}`` -> **201** (HTTPS, a public host, no
  wildcards, else 422 ``redirect_uri_invalid``; with ``loopback_redirect_uris`` on (the default) also
  ``http(s)://127.0.0.1``, ``[::1]`` or ``localhost`` with any port, as OAuth providers allow native apps (RFC
  8252 section 7.3), so a test can receive the redirect; 422 ``redirect_uri_limit_exceeded`` past
  ``max_redirect_uris``; 409 ``redirect_uri_already_exists`` for an exact duplicate); ``GET`` (newest first);
  ``DELETE .../{redirect_uri_id}`` -> **200**.
- ``POST /connections:authorize`` ``{provider: "google_drive", redirect_uri, custom_id?}`` -> **200**
  ``{authorize_url, state}``. When redirect URIs are registered the URI must be one of them exactly (400
  ``redirect_uri_not_registered``); with none registered any absolute URI is accepted ("By default, any
  redirect URI is accepted"). Fetching ``authorize_url`` completes the flow (:mod:`.oauth`).
- Connections: ``GET /connections`` (newest first), ``GET``/``DELETE /connections/{id}`` (deleting revokes it:
  it is gone, its imported assets stay), ``POST /connections/{id}/picker-token`` -> a made-up short-lived
  token (409 ``connection_not_active`` unless the connection is ``active``).
- Imports: ``POST /connections/{id}/imports`` ``{items: [{source_id}]}`` (1-100 items, unique ``source_id``s;
  409 unless the connection is ``active``) -> **202** ``{_id, has_failures, items}``, one entry per file in
  request order: ``{source_id, asset_id, status}`` (the asset's status) or ``{source_id, error: {code,
  message}}`` for a rejected file. ``GET .../imports`` lists summaries (no ``items``), newest first;
  ``GET .../imports/{import_id}`` recomputes each file's status from its asset, leaving out assets deleted
  since (``item_count`` stays the number requested).
"""

from __future__ import annotations

import ipaddress
import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from .clock import rfc3339
from .connector_state import PROVIDERS, SCOPES, Connection, ConnectorImport, ImportEntry
from .context import ctx, read_json
from .errors import ApiError
from .listing import page_response, query_params
from .render import base_url
from .state import EmulatorState

__all__ = ["routes"]

routes = web.RouteTableDef()

MAX_IMPORT_ITEMS = 100
PICKER_TOKEN_SECONDS = 3600
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
_PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home", ".test", ".invalid")


# --- JSON shapes ----------------------------------------------------------------------------------------------


def connection_json(connection: Connection) -> dict[str, Any]:
    out: dict[str, Any] = {"_id": connection.id, "provider": connection.provider, "status": connection.status}
    if connection.custom_id is not None:
        out["custom_id"] = connection.custom_id
    out.update({"account": {"external_id": connection.external_id, "display_name": connection.account_email},
                "scopes": list(connection.scopes), "connected_at": rfc3339(connection.connected_at)})
    if connection.last_used_at is not None:
        out["last_used_at"] = rfc3339(connection.last_used_at)
    return out


def entry_json(state: EmulatorState, entry: ImportEntry) -> dict[str, Any] | None:
    """One file of an import, with its asset's current status; ``None`` when that asset was deleted."""
    if entry.error is not None:
        return {"source_id": entry.source_id, "error": dict(entry.error)}
    asset = state.assets.get(entry.asset_id or "")
    if asset is None:
        return None
    return {"source_id": entry.source_id, "asset_id": asset.id, "status": state.asset_status(asset)[0]}


def import_json(state: EmulatorState, record: ConnectorImport, *, detail: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"_id": record.id, "connection_id": record.connection_id, "provider": record.provider}
    if record.custom_id is not None:
        out["custom_id"] = record.custom_id
    out.update({"item_count": len(record.items), "created_at": rfc3339(record.created_at)})
    if detail:
        out["items"] = [e for e in (entry_json(state, entry) for entry in record.items) if e is not None]
    return out


# --- redirect URIs --------------------------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    return host.lower() in LOOPBACK_HOSTS


def _public_host(host: str) -> bool:
    """Whether ``host`` "resolves to a public host", as far as the emulator can tell without DNS."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        name = host.lower().rstrip(".")
        return "." in name and not name.endswith(_PRIVATE_SUFFIXES) and name != "localhost"
    return address.is_global


def _invalid_redirect(uri: str, why: str) -> ApiError:
    return ApiError(422, "redirect_uri_invalid", f"The redirect URI `{uri}` could not be registered: {why} A "
                                                 "redirect URI must use HTTPS, resolve to a public host, and "
                                                 "contain no wildcards.")


def check_redirect_uri(uri: str, *, loopback: bool) -> None:
    if "*" in uri:
        raise _invalid_redirect(uri, "it contains a wildcard.")
    try:
        parts = urlsplit(uri)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise _invalid_redirect(uri, "it is not a valid URI.") from None
    if parts.fragment:
        raise _invalid_redirect(uri, "it has a fragment.")
    if not host:
        raise _invalid_redirect(uri, "it has no host.")
    if loopback and _is_loopback(host) and parts.scheme in ("http", "https"):
        return
    if parts.scheme != "https":
        raise _invalid_redirect(uri, "it does not use HTTPS.")
    if not _public_host(host):
        raise _invalid_redirect(uri, f"`{host}` is not a public host.")


@routes.post("/connections/redirect-uris")
async def create_redirect_uri(request: web.Request) -> web.Response:
    params = await read_json(request, ("redirect_uri",))
    uri = params.req_str("redirect_uri")
    context = ctx(request)
    state = context.state
    check_redirect_uri(uri, loopback=context.config.loopback_redirect_uris)
    with state.lock:
        if any(entry.uri == uri for entry in state.redirect_uris.values()):
            raise ApiError(409, "redirect_uri_already_exists", f"The redirect URI `{uri}` is already registered.")
        if len(state.redirect_uris) >= context.config.max_redirect_uris:
            raise ApiError(422, "redirect_uri_limit_exceeded", "You have reached the maximum number of registered "
                                                               f"redirect URIs ({context.config.max_redirect_uris}).")
        entry = state.register_redirect_uri(uri)
    return web.json_response({"_id": entry.id, "redirect_uri": entry.uri, "created_at": rfc3339(entry.created_at)},
                             status=201)


@routes.get("/connections/redirect-uris")
async def list_redirect_uris(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit"))
    state = ctx(request).state
    with state.lock:
        entries = list(reversed(list(state.redirect_uris.values())))  # newest first, ties by registration order
    return page_response(params, entries, lambda e: {"_id": e.id, "redirect_uri": e.uri,
                                                     "created_at": rfc3339(e.created_at)})


@routes.delete("/connections/redirect-uris/{redirect_uri_id}")
async def delete_redirect_uri(request: web.Request) -> web.Response:
    entry_id = request.match_info["redirect_uri_id"]
    state = ctx(request).state
    with state.lock:
        if state.redirect_uris.pop(entry_id, None) is None:
            raise ApiError.not_found(entry_id, "redirect_uris")
    return web.Response(status=200)


# --- authorization --------------------------------------------------------------------------------------------


@routes.post("/connections:authorize")
async def authorize(request: web.Request) -> web.Response:
    params = await read_json(request, ("provider", "redirect_uri", "custom_id"))
    provider = params.req_str("provider", choices=PROVIDERS)
    redirect_uri = params.req_str("redirect_uri")
    custom_id = params.str("custom_id")
    parts = urlsplit(redirect_uri)
    if not parts.scheme or not (parts.netloc or parts.path) or (parts.scheme in ("http", "https")
                                                                and not parts.netloc):
        raise ApiError.invalid("redirect_uri", "It must be an absolute URI.")
    state = ctx(request).state
    with state.lock:
        registered = [entry.uri for entry in state.redirect_uris.values()]
        if registered and redirect_uri not in registered:
            # The spec documents the rule ("this URI must be one of them") but no code.
            raise ApiError(400, "redirect_uri_not_registered", f"The redirect URI `{redirect_uri}` is not one of "
                                                               "your registered redirect URIs; register it exactly "
                                                               "as your application sends it.")
        auth = state.start_authorization(provider, redirect_uri, custom_id)
    query = urlencode({"state": auth.state, "scope": " ".join(SCOPES), "response_type": "code",
                       "client_id": "twelvelabs-emulator"})
    url = f"{base_url(request)}/_emulator/oauth/{provider}/authorize?{query}"
    return web.json_response({"authorize_url": url, "state": auth.state})


# --- connections ----------------------------------------------------------------------------------------------


def get_connection(request: web.Request, *, active: bool = False) -> Connection:
    connection_id = request.match_info["connection_id"]
    connection = ctx(request).state.connections.get(connection_id)
    if connection is None:
        raise ApiError.not_found(connection_id, "connections")
    if active and connection.status != "active":
        # The documented 409 ("The connection is not in an active state"); the spec names no code.
        raise ApiError(409, "connection_not_active", f"The connection `{connection.id}` is `{connection.status}`; "
                                                     "authorize a new connection.")
    return connection


@routes.get("/connections")
async def list_connections(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit"))
    state = ctx(request).state
    with state.lock:
        connections = list(reversed(list(state.connections.values())))
    connections.sort(key=lambda c: c.connected_at, reverse=True)
    return page_response(params, connections, connection_json)


@routes.get("/connections/{connection_id}")
async def retrieve_connection(request: web.Request) -> web.Response:
    query_params(request, ())
    return web.json_response(connection_json(get_connection(request)))


@routes.delete("/connections/{connection_id}")
async def delete_connection(request: web.Request) -> web.Response:
    connection = get_connection(request)
    state = ctx(request).state
    with state.lock:
        state.connections.pop(connection.id, None)
    return web.Response(status=200)


@routes.post("/connections/{connection_id}/picker-token")
async def picker_token(request: web.Request) -> web.Response:
    await read_json(request, ())
    connection = get_connection(request, active=True)
    state = ctx(request).state
    with state.lock:
        connection.last_used_at = state.clock.now()
    return web.json_response({"access_token": f"ya29.emulator-{secrets.token_urlsafe(24)}",
                              "expires_in": PICKER_TOKEN_SECONDS, "scope": " ".join(connection.scopes),
                              "app_id": "123456789012", "developer_key": "AIzaSy-emulator-developer-key"})


# --- imports --------------------------------------------------------------------------------------------------


def _source_ids(raw: Any) -> list[str]:
    if raw is None:
        raise ApiError.not_provided("items")
    if not isinstance(raw, list) or not raw:
        raise ApiError.invalid("items", "It must be a non-empty array.")
    if len(raw) > MAX_IMPORT_ITEMS:
        raise ApiError.invalid("items", f"A maximum of {MAX_IMPORT_ITEMS} items can be imported per request.")
    ids: list[str] = []
    for n, entry in enumerate(raw):
        where = f"items[{n}]"
        if not isinstance(entry, dict):
            raise ApiError.invalid(where, "It must be an object.")
        unknown = [f"{where}.{key}" for key in entry if key != "source_id"]
        if unknown:
            raise ApiError.unknown(unknown)
        source_id = entry.get("source_id")
        if source_id is None:
            raise ApiError.not_provided(f"{where}.source_id")
        if not isinstance(source_id, str) or not source_id:
            raise ApiError.invalid(f"{where}.source_id", "It must be a non-empty string.")
        if source_id in ids:
            raise ApiError.invalid(f"{where}.source_id", f"`{source_id}` appears twice; each `source_id` must be "
                                                         "unique within a request.")
        ids.append(source_id)
    return ids


@routes.post("/connections/{connection_id}/imports")
async def import_files(request: web.Request) -> web.Response:
    get_connection(request)  # an unknown connection is a 404 before anything in the body is looked at
    params = await read_json(request, ("items",))
    state = ctx(request).state
    ids = _source_ids(params.body.get("items"))
    with state.lock:
        connection = get_connection(request, active=True)
        record = state.import_files(connection, ids)
        items = [entry_json(state, entry) for entry in record.items]
    return web.json_response({"_id": record.id, "has_failures": any(e.error is not None for e in record.items),
                              "items": [item for item in items if item is not None]}, status=202)


@routes.get("/connections/{connection_id}/imports")
async def list_imports(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit"))
    connection = get_connection(request)
    state = ctx(request).state
    with state.lock:
        records = [r for r in reversed(list(state.connector_imports.values())) if r.connection_id == connection.id]
    records.sort(key=lambda r: r.created_at, reverse=True)
    return page_response(params, records, lambda r: import_json(state, r, detail=False))


@routes.get("/connections/{connection_id}/imports/{import_id}")
async def retrieve_import(request: web.Request) -> web.Response:
    query_params(request, ())
    connection = get_connection(request)
    import_id = request.match_info["import_id"]
    state = ctx(request).state
    with state.lock:
        record = state.connector_imports.get(import_id)
        if record is None or record.connection_id != connection.id:
            raise ApiError.not_found(import_id, "imports")
        return web.json_response(import_json(state, record, detail=True))
