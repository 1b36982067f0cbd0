"""The emulator's own endpoints for knowledge stores and data connectors (surface 2026; no API key needed), next
to those of :mod:`.admin`:

=================================================  ===========================================================
``POST /_emulator/knowledge-stores``               ``{"name", "filenames": [...], "metadata"?}``: a store with
                                                   one ready item per file name (new ready assets, no bytes)
                                                   -> ``{"knowledge_store_id", "item_ids", "asset_ids"}``
``POST /_emulator/connections``                    ``{"custom_id"?, "account"?}``: an active Google Drive
                                                   connection without the OAuth flow -> ``{"connection_id"}``
``PUT  /_emulator/connections/{id}/status``        ``{"status": "active" | "expired" | "revoked"}``
``POST /_emulator/oauth/complete``                 ``{"state", "account"?, "deny"?}``: what fetching the
                                                   authorization URL does, without following it ->
                                                   ``{"location", "connection_id"}`` (``null`` when denied)
``PUT  /_emulator/drive-files``                    ``{source_id: [filename, size, kind], ...}`` added to (or
                                                   replacing entries of) the fake Drive -> ``{"count"}``
=================================================  ===========================================================
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .connector_state import CONNECTION_STATUSES
from .context import ctx

__all__ = ["routes"]

routes = web.RouteTableDef()


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise web.HTTPBadRequest(text="body must be JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    return body


@routes.post("/_emulator/knowledge-stores")
async def seed_store(request: web.Request) -> web.Response:
    body = await _body(request)
    name, filenames = body.get("name", "store"), body.get("filenames", [])
    metadata = body.get("metadata")
    if not isinstance(name, str) or not isinstance(filenames, list) or not all(isinstance(f, str) for f in filenames):
        raise web.HTTPBadRequest(text="name must be a string and filenames a list of strings")
    if metadata is not None and not (isinstance(metadata, dict) and all(isinstance(v, str) for v in metadata.values())):
        raise web.HTTPBadRequest(text="metadata must map strings to strings")
    try:
        store = ctx(request).state.seed_knowledge_store(name, filenames, metadata=metadata)
    except ValueError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from None
    items = list(store.items.values())
    return web.json_response({"knowledge_store_id": store.id, "item_ids": [i.id for i in items],
                              "asset_ids": [i.asset_id for i in items]})


@routes.post("/_emulator/connections")
async def seed_connection(request: web.Request) -> web.Response:
    body = await _body(request)
    custom_id, account = body.get("custom_id"), body.get("account")
    if not all(v is None or isinstance(v, str) for v in (custom_id, account)):
        raise web.HTTPBadRequest(text="custom_id and account must be strings")
    connection = ctx(request).state.create_connection(custom_id=custom_id, account=account)
    return web.json_response({"connection_id": connection.id})


@routes.put("/_emulator/connections/{connection_id}/status")
async def connection_status(request: web.Request) -> web.Response:
    body = await _body(request)
    status = body.get("status")
    if status not in CONNECTION_STATUSES:
        raise web.HTTPBadRequest(text=f"status must be one of {', '.join(CONNECTION_STATUSES)}")
    try:
        ctx(request).state.set_connection_status(request.match_info["connection_id"], status)
    except KeyError:
        raise web.HTTPNotFound(text="unknown connection") from None
    return web.json_response({"status": status})


@routes.post("/_emulator/oauth/complete")
async def complete_oauth(request: web.Request) -> web.Response:
    body = await _body(request)
    token, account = body.get("state"), body.get("account")
    if not isinstance(token, str) or not (account is None or isinstance(account, str)):
        raise web.HTTPBadRequest(text="state (and account, when given) must be strings")
    try:
        location, connection = ctx(request).state.complete_authorization(token, account=account,
                                                                         deny=bool(body.get("deny")))
    except KeyError:
        raise web.HTTPNotFound(text="unknown authorization state") from None
    except ValueError as exc:
        raise web.HTTPConflict(text=str(exc)) from None
    return web.json_response({"location": location, "connection_id": connection.id if connection else None})


@routes.put("/_emulator/drive-files")
async def drive_files(request: web.Request) -> web.Response:
    body = await _body(request)
    files: dict[str, tuple[str, int, str]] = {}
    for source_id, entry in body.items():
        if (not isinstance(entry, list) or len(entry) != 3 or not isinstance(entry[0], str)
                or not isinstance(entry[1], int) or not isinstance(entry[2], str)):
            raise web.HTTPBadRequest(text=f"{source_id}: use [filename, size, kind]")
        files[source_id] = (entry[0], entry[1], entry[2])
    state = ctx(request).state
    with state.lock:
        state.drive_files.update(files)
        count = len(state.drive_files)
    return web.json_response({"count": count})
