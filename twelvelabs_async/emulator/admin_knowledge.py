"""The emulator's own endpoints for knowledge stores (surface 2026; no API key needed), next to those of
:mod:`.admin`:

=================================================  ===========================================================
``POST /_emulator/knowledge-stores``               ``{"name", "filenames": [...], "metadata"?}``: a store with
                                                   one ready item per file name (new ready assets, no bytes)
                                                   -> ``{"knowledge_store_id", "item_ids", "asset_ids"}``
=================================================  ===========================================================
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

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

