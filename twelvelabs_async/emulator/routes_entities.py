"""Entity collections and entities (surface 2026): the 14 operations of the 2026-07 spec, and entity search.

- ``POST /entity-collections`` ``{name, description?}`` -> 201 ``EntityCollection``; ``GET`` (``name`` exact,
  ``sort_by`` ``created_at``/``updated_at``/``name``, ``sort_option``, newest first by default), ``GET`` /
  ``PATCH`` (``name``, ``description``) / ``DELETE`` (200, its entities deleted too) one collection.
- ``POST .../entities`` ``{name, asset_ids (at least one), description?, metadata?}`` -> 201 ``Entity``
  (``processing``, then ``ready``: :mod:`.entity_state`); every asset must exist (404 otherwise; the spec names
  no rule for their kind or status, so any existing asset will do). ``POST .../entities/bulk``
  ``{entities: [...]}`` -> 201 ``{success_count, failed_count, entities: [{_id, name, status}], errors:
  [{entity_index, entity_name, error_reason}]}``: an entity with a missing asset or a bad field fails alone
  (at most 1,000 entities per call: the spec sets no limit, the emulator keeps requests bounded).
- ``GET .../entities`` (``name`` exact, ``status``, sorting as above), ``GET`` / ``PATCH`` (``name``,
  ``description``, ``metadata`` which replaces the old metadata; assets untouched) / ``DELETE`` one entity.
- ``POST`` / ``DELETE .../entities/{entity_id}/assets`` ``{asset_ids}`` -> 200 ``Entity``, processing again.
  Linking an already linked asset changes nothing; removing an asset that is not linked, or the last one
  ("An entity must always have at least one asset"), is 400.
- ``GET /assets/{asset_id}/entities``: the entities whose ``asset_ids`` contain the asset, in all collections,
  oldest first (404 for an unknown asset).

Errors are ``{code, message}`` (the spec declares these routes' errors flat, not the 2026 envelope); an
unknown collection, entity or asset is 404 ``resource_not_exist``.

**Entity search** (``POST /search`` with ``<@entity_id>`` in ``query_text``, beta in the spec): each reference
is one more term of the query, next to its words. The rule the emulator uses, deterministic and easy to set up
in a test: an entity matches a video when the video's asset (``asset_id`` of an indexed asset, or of a video)
is one of the entity's ``asset_ids``, or when every word of the entity's name appears among the words of the
video's file name and user-metadata values (so ``Lionel Messi`` finds ``messi_lionel_goal.mp4``). Only the
``visual`` search option sees entities. A video's relevance is the share of the terms it matches, so a query
``"<@id> dog"`` ranks a video with the entity and a dog above a video with only one of them. An unknown entity
id, or an entity still ``processing``, is 400 ``parameter_invalid``.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from .assets import check_user_metadata
from .clock import rfc3339
from .content import name_words
from .context import ctx, read_json
from .entity_state import Entity, EntityCollection
from .errors import ApiError
from .listing import page_response, query_params
from .search import EntityTerm
from .state import EmulatorState

__all__ = ["entity_terms", "routes"]

MAX_BULK = 1000
ENTITY_STATUSES = ("processing", "ready")
ENTITY_REF = re.compile(r"<@([^>\s]+)>")
_SORTABLE = ("created_at", "updated_at", "name")

routes = web.RouteTableDef()


def _collection(request: web.Request) -> EntityCollection:
    collection_id = request.match_info["entity_collection_id"]
    collection = ctx(request).state.entity_collections.get(collection_id)
    if collection is None:
        raise ApiError.not_found(collection_id, "entity_collections")
    return collection


def _entity(request: web.Request) -> Entity:
    collection = _collection(request)
    entity_id = request.match_info["entity_id"]
    entity = ctx(request).state.entities.get(entity_id)
    if entity is None or entity.collection_id != collection.id:
        raise ApiError.not_found(entity_id, "entities")
    return entity


def collection_json(collection: EntityCollection) -> dict[str, Any]:
    out: dict[str, Any] = {"_id": collection.id, "name": collection.name}
    if collection.description is not None:
        out["description"] = collection.description
    out["created_at"] = rfc3339(collection.created_at)
    out["updated_at"] = rfc3339(collection.updated_at)
    return out


def entity_json(state: EmulatorState, entity: Entity) -> dict[str, Any]:
    out: dict[str, Any] = {"_id": entity.id, "entity_collection_id": entity.collection_id, "name": entity.name}
    if entity.description is not None:
        out["description"] = entity.description
    if entity.metadata:
        out["metadata"] = dict(entity.metadata)
    out["asset_ids"] = list(entity.asset_ids)
    out["status"] = state.entity_status(entity)[0]
    out["created_at"] = rfc3339(entity.created_at)
    out["updated_at"] = rfc3339(entity.updated_at)
    return out


def _text(body: dict[str, Any], key: str, name: str, *, required: bool) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            raise ApiError.not_provided(name)
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError.invalid(name)
    return value


def _asset_ids(state: EmulatorState, body: dict[str, Any], name: str) -> list[str]:
    value = body.get("asset_ids")
    if value is None or value == []:
        raise ApiError.not_provided(name)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ApiError.invalid(name, "It must be a list of asset ids.")
    for asset_id in value:
        if asset_id not in state.assets:
            raise ApiError.not_found(asset_id, "assets")
    return list(dict.fromkeys(value))


def _sortable() -> dict[str, Any]:
    return {"created_at": lambda x: (x.created_at, x.id), "updated_at": lambda x: (x.updated_at, x.id),
            "name": lambda x: (x.name.lower(), x.id)}


# --- collections ----------------------------------------------------------------------------------------------


@routes.post("/entity-collections")
async def create_collection(request: web.Request) -> web.Response:
    params = await read_json(request, ("name", "description"))
    body = dict(params.body)
    name = _text(body, "name", "name", required=True)
    assert name is not None
    collection = ctx(request).state.add_entity_collection(name, _text(body, "description", "description",
                                                                       required=False))
    return web.json_response(collection_json(collection), status=201)


@routes.get("/entity-collections")
async def list_collections(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit", "name", "sort_by", "sort_option"))
    name = params.str("name")
    state = ctx(request).state
    with state.lock:
        chosen = [c for c in state.entity_collections.values() if name is None or c.name == name]
        return page_response(params, chosen, collection_json, sortable=_sortable())


@routes.get("/entity-collections/{entity_collection_id}")
async def retrieve_collection(request: web.Request) -> web.Response:
    return web.json_response(collection_json(_collection(request)))


@routes.patch("/entity-collections/{entity_collection_id}")
async def update_collection(request: web.Request) -> web.Response:
    state = ctx(request).state
    params = await read_json(request, ("name", "description"))
    body = dict(params.body)
    with state.lock:
        collection = _collection(request)
        name = _text(body, "name", "name", required=False)
        if name is not None and not name.strip():
            raise ApiError.invalid("name")
        description = _text(body, "description", "description", required=False)
        if name is not None:
            collection.name = name
        if description is not None:
            collection.description = description
        collection.updated_at = state.clock.now()
        return web.json_response(collection_json(collection))


@routes.delete("/entity-collections/{entity_collection_id}")
async def delete_collection(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        state.delete_entity_collection(_collection(request).id)
    return web.Response(status=200)


# --- entities -------------------------------------------------------------------------------------------------


def _new_entity(state: EmulatorState, collection: EntityCollection, body: Any, where: str) -> Entity:
    if not isinstance(body, dict):
        raise ApiError.invalid(where or "body", "It must be an object.")
    unknown = [f"{where}{key}" for key in body if key not in ("name", "description", "metadata", "asset_ids")]
    if unknown:
        raise ApiError.unknown(unknown)
    name = _text(body, "name", f"{where}name", required=True)
    assert name is not None
    description = _text(body, "description", f"{where}description", required=False)
    metadata = check_user_metadata(body["metadata"], f"{where}metadata") if body.get("metadata") is not None else {}
    asset_ids = _asset_ids(state, body, f"{where}asset_ids")
    return state.add_entity(collection.id, name, asset_ids, description=description, metadata=metadata)


@routes.post("/entity-collections/{entity_collection_id}/entities")
async def create_entity(request: web.Request) -> web.Response:
    state = ctx(request).state
    params = await read_json(request, ("name", "description", "metadata", "asset_ids"))
    with state.lock:
        entity = _new_entity(state, _collection(request), dict(params.body), "")
        return web.json_response(entity_json(state, entity), status=201)


@routes.post("/entity-collections/{entity_collection_id}/entities/bulk")
async def create_entities_bulk(request: web.Request) -> web.Response:
    state = ctx(request).state
    params = await read_json(request, ("entities",))
    raw = params.body.get("entities")
    if raw is None:
        raise ApiError.not_provided("entities")
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_BULK:
        raise ApiError.invalid("entities", f"Provide 1 to {MAX_BULK} entities.")
    made: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    with state.lock:
        collection = _collection(request)
        for i, item in enumerate(raw):
            try:
                entity = _new_entity(state, collection, item, f"entities[{i}].")
            except ApiError as err:  # one bad entity fails alone, as the response's `errors` describes
                label = item.get("name") if isinstance(item, dict) and isinstance(item.get("name"), str) else ""
                errors.append({"entity_index": i, "entity_name": label, "error_reason": err.message})
                continue
            made.append({"_id": entity.id, "name": entity.name, "status": state.entity_status(entity)[0]})
    return web.json_response({"success_count": len(made), "failed_count": len(errors), "entities": made,
                              "errors": errors}, status=201)


@routes.get("/entity-collections/{entity_collection_id}/entities")
async def list_entities(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit", "name", "status", "sort_by", "sort_option"))
    name = params.str("name")
    status = params.str("status", choices=ENTITY_STATUSES)
    state = ctx(request).state
    with state.lock:
        collection = _collection(request)
        chosen = [e for e in state.entities.values() if e.collection_id == collection.id
                  and (name is None or e.name == name) and (status is None or state.entity_status(e)[0] == status)]
        return page_response(params, chosen, lambda e: entity_json(state, e), sortable=_sortable())


@routes.get("/entity-collections/{entity_collection_id}/entities/{entity_id}")
async def retrieve_entity(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        return web.json_response(entity_json(state, _entity(request)))


@routes.patch("/entity-collections/{entity_collection_id}/entities/{entity_id}")
async def update_entity(request: web.Request) -> web.Response:
    state = ctx(request).state
    params = await read_json(request, ("name", "description", "metadata"))
    body = dict(params.body)
    with state.lock:
        entity = _entity(request)
        name = _text(body, "name", "name", required=False)
        if name is not None and not name.strip():
            raise ApiError.invalid("name")
        description = _text(body, "description", "description", required=False)
        metadata = check_user_metadata(body["metadata"]) if body.get("metadata") is not None else None
        if name is not None:
            entity.name = name
        if description is not None:
            entity.description = description
        if metadata is not None:
            entity.metadata = metadata  # "completely replaces the existing metadata"
        entity.updated_at = state.clock.now()
        return web.json_response(entity_json(state, entity))


@routes.delete("/entity-collections/{entity_collection_id}/entities/{entity_id}")
async def delete_entity(request: web.Request) -> web.Response:
    state = ctx(request).state
    with state.lock:
        entity = _entity(request)
        del state.entities[entity.id]
    return web.Response(status=200)


@routes.post("/entity-collections/{entity_collection_id}/entities/{entity_id}/assets")
async def add_entity_assets(request: web.Request) -> web.Response:
    state = ctx(request).state
    params = await read_json(request, ("asset_ids",))
    with state.lock:
        entity = _entity(request)
        asset_ids = _asset_ids(state, dict(params.body), "asset_ids")
        state.change_entity_assets(entity, add=asset_ids)
        return web.json_response(entity_json(state, entity))


@routes.delete("/entity-collections/{entity_collection_id}/entities/{entity_id}/assets")
async def remove_entity_assets(request: web.Request) -> web.Response:
    state = ctx(request).state
    params = await read_json(request, ("asset_ids",))
    body = dict(params.body)
    with state.lock:
        entity = _entity(request)
        value = body.get("asset_ids")
        if value is None or value == []:
            raise ApiError.not_provided("asset_ids")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ApiError.invalid("asset_ids", "It must be a list of asset ids.")
        unlinked = [a for a in value if a not in entity.asset_ids]
        if unlinked:
            raise ApiError.invalid("asset_ids", f"The asset `{unlinked[0]}` is not linked to this entity.")
        if not set(entity.asset_ids) - set(value):
            raise ApiError.invalid("asset_ids", "An entity must always have at least one asset; you cannot remove "
                                                "the last one.")
        state.change_entity_assets(entity, remove=value)
        return web.json_response(entity_json(state, entity))


@routes.get("/assets/{asset_id}/entities")
async def list_entities_by_asset(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit"))
    state = ctx(request).state
    asset_id = request.match_info["asset_id"]
    with state.lock:
        if asset_id not in state.assets:
            raise ApiError.not_found(asset_id, "assets")
        return page_response(params, state.entities_of_asset(asset_id), lambda e: entity_json(state, e))


# --- entity search --------------------------------------------------------------------------------------------


def entity_terms(state: EmulatorState, text: str) -> tuple[str, tuple[EntityTerm, ...]]:
    """The query text without its ``<@entity_id>`` references, and the entities they name (see the module
    docstring for how a video matches one)."""
    terms: list[EntityTerm] = []
    with state.lock:
        for entity_id in dict.fromkeys(ENTITY_REF.findall(text)):
            entity = state.entities.get(entity_id)
            if entity is None:
                raise ApiError.invalid("query_text", f"`<@{entity_id}>` names no entity.")
            status = state.entity_status(entity)[0]
            if status != "ready":
                raise ApiError.invalid("query_text", f"The entity `{entity_id}` is `{status}`; it can be used in "
                                                     "searches once it is `ready`.")
            terms.append(EntityTerm(entity.id, frozenset(entity.asset_ids), tuple(name_words(entity.name))))
    return ENTITY_REF.sub(" ", text), tuple(terms)
