"""Knowledge stores, their items and item collections (surface 2026): the 18 ``/knowledge-stores`` operations of
the 2026-07 spec. State and the item lifecycle are in :mod:`.knowledge_state`, search scoring and page tokens
in :mod:`.knowledge_search`.

- Stores: ``POST /knowledge-stores`` ``{name, description?, metadata?, ingestion_config?}`` -> **201**;
  ``GET`` (list, ``page``/``page_limit`` max 50, ``sort_by`` ``created_at``/``updated_at``, ``sort_option``);
  ``GET``/``PATCH``/``DELETE /knowledge-stores/{id}``. ``PATCH`` takes ``name``, ``description`` and
  ``metadata`` only (``ingestion_config`` is immutable, so it is an unknown parameter there); ``metadata``
  replaces the old one whole, ``{}`` clears it and a ``null`` value is stored as ``""``. Deleting a store
  deletes its items, collections and the ``/responses`` sessions held over it.
- Metadata of stores, items and collections: "both keys and values must be strings"; anything else is 400.
- ``ingestion_config.enrichment_config``: ``{type: "description", description}`` or ``{type: "json_schema",
  json_schema}`` whose schema uses only the documented keywords, has an ``object`` root, no nullable types and a
  ``description`` on every property; the documented 422 otherwise. It does not change what the emulator
  extracts (nothing is).
- Items: ``POST .../items`` ``{asset_id, asset_type?, metadata?}`` -> **202** ``queued`` (lifecycle in
  :mod:`.knowledge_state`). The asset must exist (404), be a video or an image (``asset_type``, when given,
  must say which; it is taken from the asset otherwise), not have failed, and not exceed 5 GB; it may still be
  processing (the item waits, ``queued``). ``GET .../items`` lists with ``status`` (repeated) and the sorting of
  stores; ``GET``/``DELETE .../items/{id}`` (deleting removes it from its collections).
- Collections: ``POST .../item-collections`` ``{name (unique in the store), description?, metadata?}`` ->
  **201**; list (``sort_by`` also ``name``), retrieve, ``PATCH`` (same fields), ``DELETE`` (items stay);
  ``GET .../items`` (members in the order added); ``POST .../items/add`` ``{item_ids: 1-500}`` (every id must
  be an item of the store, else nothing is added; members already there are skipped) -> **200** the
  collection; ``POST .../items/remove`` (ids that are not members are ignored) -> **200**, no body.
- ``POST .../search``: see :func:`search`.

The spec declares only 400 for most of these routes, and no 404: an unknown store, item or collection is 404
``resource_not_exist`` as everywhere else in the emulator. A collection name already taken is 400 (the only
status the spec declares for the create and update routes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from .clock import rfc3339
from .context import ctx, read_json
from .errors import ApiError
from .knowledge_search import Hit, decode_token, encode_token, query_words, rank_hits, score_item
from .knowledge_state import (
    ITEM_STATUSES,
    ItemCollection,
    KnowledgeItem,
    KnowledgeSearchSession,
    KnowledgeStore,
)
from .listing import page_response, query_params
from .params import JsonParams
from .state import EmulatorState

__all__ = ["routes"]

routes = web.RouteTableDef()

ASSET_TYPES = ("video", "image")
MAX_ITEM_BYTES = 5 * 1000**3  # "The asset must not exceed 5 GB."
MAX_ITEM_IDS = 500
MAX_PAGE_SIZE = 50
LIST_PARAMS = ("page", "page_limit", "sort_by", "sort_option")
# The keywords the enrichment schema accepts ("Supported keywords"); anything else is a 422.
ENRICHMENT_KEYWORDS = frozenset({"type", "title", "description", "enum", "properties", "required",
                                 "additionalProperties", "items", "prefixItems", "minItems", "maxItems", "minimum",
                                 "maximum", "format"})


# --- lookups --------------------------------------------------------------------------------------------------


def get_store(request: web.Request) -> KnowledgeStore:
    store_id = request.match_info["knowledge_store_id"]
    store = ctx(request).state.knowledge_stores.get(store_id)
    if store is None:
        raise ApiError.not_found(store_id, "knowledge_stores")
    return store


def get_item(request: web.Request) -> tuple[KnowledgeStore, KnowledgeItem]:
    store = get_store(request)
    item_id = request.match_info["item_id"]
    item = store.items.get(item_id)
    if item is None:
        raise ApiError.not_found(item_id, "knowledge_store_items")
    return store, item


def get_collection(request: web.Request) -> tuple[KnowledgeStore, ItemCollection]:
    store = get_store(request)
    collection_id = request.match_info["collection_id"]
    collection = store.collections.get(collection_id)
    if collection is None:
        raise ApiError.not_found(collection_id, "knowledge_store_item_collections")
    return store, collection


# --- validation -----------------------------------------------------------------------------------------------


def check_metadata(value: Any, name: str = "metadata", *, null_as_empty: bool = False) -> dict[str, str]:
    """String keys and string values ("Both keys and values must be strings"); on a store update "a null value
    is stored as an empty string"."""
    if not isinstance(value, dict):
        raise ApiError.invalid(name, "It must be an object.")
    out: dict[str, str] = {}
    for key, item in value.items():
        if item is None and null_as_empty:
            item = ""
        if not isinstance(item, str):
            raise ApiError.invalid(name, f"The value of `{key}` must be a string: both keys and values must be "
                                         "strings.")
        out[key] = item
    return out


def _optional_metadata(params: JsonParams, *, null_as_empty: bool = False) -> dict[str, str] | None:
    raw = params.body.get("metadata")
    return None if raw is None else check_metadata(raw, null_as_empty=null_as_empty)


def _unprocessable(message: str) -> ApiError:
    # The spec gives the 422 and its cause but no code: the generic one, as for /analyze's schema checks.
    return ApiError(422, "parameter_invalid", message)


def _check_enrichment_schema(schema: Any, where: str, *, root: bool = False) -> None:
    if not isinstance(schema, dict):
        raise _unprocessable(f"`{where}` must be a JSON Schema object.")
    unknown = sorted(set(schema) - ENRICHMENT_KEYWORDS)
    if unknown:
        raise _unprocessable(f"`{where}` uses the unsupported keyword `{unknown[0]}`; unknown keywords are not "
                             "ignored.")
    kind = schema.get("type")
    if isinstance(kind, list):
        raise _unprocessable(f"`{where}.type`: type arrays (nullable fields) are not supported.")
    if root and kind != "object":
        raise _unprocessable(f"`{where}.type` must be `object`.")
    if "additionalProperties" in schema and not isinstance(schema["additionalProperties"], bool):
        raise _unprocessable(f"`{where}.additionalProperties` must be `true` or `false`.")
    properties = schema.get("properties")
    if root and not isinstance(properties, dict):
        raise ApiError.not_provided("ingestion_config.enrichment_config.json_schema.properties")
    if isinstance(properties, dict):
        for name, child in properties.items():
            if not isinstance(child, dict) or not isinstance(child.get("description"), str):
                raise _unprocessable(f"`{where}.properties.{name}` needs a `description`.")
            _check_enrichment_schema(child, f"{where}.properties.{name}")
    items = schema.get("items")
    if isinstance(items, dict):
        _check_enrichment_schema(items, f"{where}.items")
    prefix = schema.get("prefixItems")
    if isinstance(prefix, list):
        for n, child in enumerate(prefix):
            _check_enrichment_schema(child, f"{where}.prefixItems[{n}]")


def check_ingestion_config(value: Any) -> dict[str, Any]:
    name = "ingestion_config"
    if not isinstance(value, dict):
        raise ApiError.invalid(name, "It must be an object.")
    unknown = [f"{name}.{key}" for key in value if key != "enrichment_config"]
    if unknown:
        raise ApiError.unknown(unknown)
    config = value.get("enrichment_config")
    if config is None:
        raise ApiError.not_provided(f"{name}.enrichment_config")
    where = f"{name}.enrichment_config"
    if not isinstance(config, dict):
        raise ApiError.invalid(where, "It must be an object.")
    kind = config.get("type")
    if kind == "description":
        allowed = ("type", "description")
        text = config.get("description")
        if not isinstance(text, str) or not text.strip():
            raise ApiError.not_provided(f"{where}.description")
    elif kind == "json_schema":
        allowed = ("type", "json_schema")
        if config.get("json_schema") is None:
            raise ApiError.not_provided(f"{where}.json_schema")
        _check_enrichment_schema(config["json_schema"], f"{where}.json_schema", root=True)
    elif kind is None:
        raise ApiError.not_provided(f"{where}.type")
    else:
        raise ApiError.invalid(f"{where}.type", "Use `json_schema` or `description`.")
    unknown = [f"{where}.{key}" for key in config if key not in allowed]
    if unknown:
        raise ApiError.unknown(unknown)
    return value


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _name(params: JsonParams, *, required: bool) -> str | None:
    value = params.body.get("name")
    if value is None:
        if required:
            raise ApiError.not_provided("name")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ApiError.invalid("name", "It must be a non-empty string.")
    return value


# --- JSON shapes ----------------------------------------------------------------------------------------------


def store_json(state: EmulatorState, store: KnowledgeStore) -> dict[str, Any]:
    out: dict[str, Any] = {"_id": store.id, "name": store.name}
    if store.description is not None:
        out["description"] = store.description
    if store.ingestion_config is not None:
        out["ingestion_config"] = store.ingestion_config
    out.update({"item_count": len(store.items), "created_at": rfc3339(store.created_at),
                "updated_at": rfc3339(store.updated_at), "metadata": dict(store.metadata)})
    return out


def system_metadata(item: KnowledgeItem) -> dict[str, Any] | None:
    info = item.info
    if info is None or info.error is not None:
        return None
    out: dict[str, Any] = {"asset_type": item.asset_type, "filename": item.filename}
    if item.asset_type == "video":
        out.update({"duration": info.duration, "fps": info.fps, "width": info.width, "height": info.height,
                    "codec_name": "h264", "size": info.size})
    else:
        out.update({"width": info.width, "height": info.height, "codec_name": info.image_format or "jpeg",
                    "size": info.size})
    return out


def item_json(state: EmulatorState, item: KnowledgeItem) -> dict[str, Any]:
    status, since = state.knowledge_item_status(item)
    out: dict[str, Any] = {"_id": item.id, "asset_type": item.asset_type, "asset_id": item.asset_id,
                           "status": status}
    system = system_metadata(item)
    if system is not None:
        out["system_metadata"] = system
    out.update({"metadata": dict(item.metadata), "created_at": rfc3339(item.created_at),
                "updated_at": rfc3339(max(since, item.created_at))})
    return out


def collection_json(collection: ItemCollection) -> dict[str, Any]:
    out: dict[str, Any] = {"_id": collection.id, "knowledge_store_id": collection.store_id,
                           "name": collection.name}
    if collection.description is not None:
        out["description"] = collection.description
    out.update({"metadata": dict(collection.metadata), "member_count": len(collection.members),
                "created_at": rfc3339(collection.created_at), "updated_at": rfc3339(collection.updated_at)})
    return out


def _ordered(values: list[Any]) -> Callable[[str], Callable[[Any], Any]]:
    """Sort keys that break ties between equal times on creation order (a ManualClock makes many)."""
    order = {id(v): n for n, v in enumerate(values)}
    return lambda attr: lambda v: (getattr(v, attr), order[id(v)])


# --- stores ---------------------------------------------------------------------------------------------------


@routes.post("/knowledge-stores")
async def create_store(request: web.Request) -> web.Response:
    params = await read_json(request, ("name", "description", "metadata", "ingestion_config"))
    name = _name(params, required=True)
    assert name is not None
    description = params.str("description")
    metadata = _optional_metadata(params)
    raw_config = params.body.get("ingestion_config")
    config = check_ingestion_config(raw_config) if raw_config is not None else None
    state = ctx(request).state
    store = state.create_knowledge_store(name, description=description, metadata=metadata,
                                         ingestion_config=config)
    return web.json_response(store_json(state, store), status=201)


@routes.get("/knowledge-stores")
async def list_stores(request: web.Request) -> web.Response:
    params = query_params(request, LIST_PARAMS)
    state = ctx(request).state
    with state.lock:
        stores = list(state.knowledge_stores.values())
    key = _ordered(stores)
    return page_response(params, stores, lambda s: store_json(state, s),
                         sortable={"created_at": key("created_at"), "updated_at": key("updated_at")})


@routes.get("/knowledge-stores/{knowledge_store_id}")
async def retrieve_store(request: web.Request) -> web.Response:
    query_params(request, ())
    return web.json_response(store_json(ctx(request).state, get_store(request)))


@routes.patch("/knowledge-stores/{knowledge_store_id}")
async def update_store(request: web.Request) -> web.Response:
    store = get_store(request)
    params = await read_json(request, ("name", "description", "metadata"))
    name = _name(params, required=False)
    description = params.str("description")
    metadata = _optional_metadata(params, null_as_empty=True)
    state = ctx(request).state
    with state.lock:
        if name is not None:
            store.name = name
        if description is not None:
            store.description = description
        if metadata is not None:
            store.metadata = metadata  # "replaces the existing metadata in full"
        store.updated_at = state.clock.now()
    return web.json_response(store_json(state, store))


@routes.delete("/knowledge-stores/{knowledge_store_id}")
async def delete_store(request: web.Request) -> web.Response:
    store = get_store(request)
    ctx(request).state.delete_knowledge_store(store.id)
    return web.Response(status=200)


# --- items ----------------------------------------------------------------------------------------------------


@routes.post("/knowledge-stores/{knowledge_store_id}/items")
async def create_item(request: web.Request) -> web.Response:
    store = get_store(request)
    params = await read_json(request, ("asset_id", "asset_type", "metadata"))
    asset_id = params.req_str("asset_id")
    asset_type = params.str("asset_type", choices=ASSET_TYPES)
    metadata = _optional_metadata(params)
    state = ctx(request).state
    with state.lock:
        asset = state.assets.get(asset_id)
        if asset is None:
            raise ApiError.not_found(asset_id, "assets")
        if asset.kind not in ASSET_TYPES:
            raise ApiError.invalid("asset_id", f"The asset `{asset_id}` is {_article(asset.kind)} {asset.kind} "
                                               "asset; a knowledge store holds video and image assets.")
        if asset_type is not None and asset_type != asset.kind:
            raise ApiError.invalid("asset_type", f"The asset `{asset_id}` is {_article(asset.kind)} {asset.kind} "
                                                 "asset.")
        status, _ = state.asset_status(asset)
        if status == "failed":
            raise ApiError.invalid("asset_id", f"The asset `{asset_id}` is `failed`; it cannot be processed.")
        size = asset.info.size if asset.info is not None else 0
        if size > MAX_ITEM_BYTES:
            raise ApiError.invalid("asset_id", "The asset must not exceed 5 GB.")
        item = state.add_knowledge_item(store.id, asset.id, asset_type=asset.kind, metadata=metadata)
        return web.json_response(item_json(state, item), status=202)


@routes.get("/knowledge-stores/{knowledge_store_id}/items")
async def list_items(request: web.Request) -> web.Response:
    params = query_params(request, (*LIST_PARAMS, "status"))
    store = get_store(request)
    wanted = set(params.strings("status", choices=ITEM_STATUSES))
    state = ctx(request).state
    with state.lock:
        items = list(store.items.values())
        statuses = {item.id: state.knowledge_item_status(item) for item in items}
    if wanted:
        items = [item for item in items if statuses[item.id][0] in wanted]
    order = {item_id: n for n, item_id in enumerate(store.items)}
    return page_response(params, items, lambda i: item_json(state, i), sortable={
        "created_at": lambda i: (i.created_at, order[i.id]),
        "updated_at": lambda i: (max(statuses[i.id][1], i.created_at), order[i.id]),
    })


@routes.get("/knowledge-stores/{knowledge_store_id}/items/{item_id}")
async def retrieve_item(request: web.Request) -> web.Response:
    query_params(request, ())
    _store, item = get_item(request)
    return web.json_response(item_json(ctx(request).state, item))


@routes.delete("/knowledge-stores/{knowledge_store_id}/items/{item_id}")
async def delete_item(request: web.Request) -> web.Response:
    store, item = get_item(request)
    ctx(request).state.delete_knowledge_item(store.id, item.id)
    return web.Response(status=200)


# --- item collections -----------------------------------------------------------------------------------------


def _unique_name(store: KnowledgeStore, name: str, collection: ItemCollection | None = None) -> None:
    for other in store.collections.values():
        if other.name == name and other is not collection:
            raise ApiError.invalid("name", f"An item collection named `{name}` already exists in this knowledge "
                                           "store; names must be unique within a knowledge store.")


@routes.post("/knowledge-stores/{knowledge_store_id}/item-collections")
async def create_collection(request: web.Request) -> web.Response:
    store = get_store(request)
    params = await read_json(request, ("name", "description", "metadata"))
    name = _name(params, required=True)
    assert name is not None
    description = params.str("description")
    metadata = _optional_metadata(params)
    state = ctx(request).state
    with state.lock:
        _unique_name(store, name)
        collection = state.create_item_collection(store.id, name, description=description, metadata=metadata)
    return web.json_response(collection_json(collection), status=201)


@routes.get("/knowledge-stores/{knowledge_store_id}/item-collections")
async def list_collections(request: web.Request) -> web.Response:
    params = query_params(request, LIST_PARAMS)
    store = get_store(request)
    collections = list(store.collections.values())
    key = _ordered(collections)
    return page_response(params, collections, collection_json, sortable={
        "created_at": key("created_at"), "updated_at": key("updated_at"), "name": key("name")})


@routes.get("/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}")
async def retrieve_collection(request: web.Request) -> web.Response:
    query_params(request, ())
    _store, collection = get_collection(request)
    return web.json_response(collection_json(collection))


@routes.patch("/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}")
async def update_collection(request: web.Request) -> web.Response:
    store, collection = get_collection(request)
    params = await read_json(request, ("name", "description", "metadata"))
    name = _name(params, required=False)
    description = params.str("description")
    metadata = _optional_metadata(params)
    state = ctx(request).state
    with state.lock:
        if name is not None:
            _unique_name(store, name, collection)
            collection.name = name
        if description is not None:
            collection.description = description
        if metadata is not None:
            collection.metadata = metadata
        collection.updated_at = state.clock.now()
    return web.json_response(collection_json(collection))


@routes.delete("/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}")
async def delete_collection(request: web.Request) -> web.Response:
    store, collection = get_collection(request)
    with ctx(request).state.lock:
        store.collections.pop(collection.id, None)
    return web.Response(status=200)


@routes.get("/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items")
async def list_collection_items(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit"))
    store, collection = get_collection(request)
    state = ctx(request).state
    items = [store.items[item_id] for item_id in collection.members if item_id in store.items]
    return page_response(params, items, lambda i: item_json(state, i))


async def _item_ids(request: web.Request) -> list[str]:
    params = await read_json(request, ("item_ids",))
    ids = params.strings("item_ids", required=True)
    if len(ids) > MAX_ITEM_IDS:
        raise ApiError.invalid("item_ids", f"Include up to {MAX_ITEM_IDS} identifiers per request.")
    return list(dict.fromkeys(ids))


@routes.post("/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/add")
async def add_collection_items(request: web.Request) -> web.Response:
    store, collection = get_collection(request)
    ids = await _item_ids(request)
    state = ctx(request).state
    with state.lock:
        unknown = [item_id for item_id in ids if item_id not in store.items]
        if unknown:
            raise ApiError.invalid("item_ids", "Every identifier must reference an existing item in the knowledge "
                                               f"store; these do not: {', '.join(unknown[:10])}.")
        added = [item_id for item_id in ids if item_id not in collection.members]
        for item_id in added:
            collection.members[item_id] = None
        if added:
            collection.updated_at = state.clock.now()
    return web.json_response(collection_json(collection))


@routes.post("/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/remove")
async def remove_collection_items(request: web.Request) -> web.Response:
    _store, collection = get_collection(request)
    ids = await _item_ids(request)
    state = ctx(request).state
    with state.lock:
        removed = [item_id for item_id in ids if item_id in collection.members]
        for item_id in removed:
            del collection.members[item_id]
        if removed:
            collection.updated_at = state.clock.now()
    return web.Response(status=200)


# --- search ---------------------------------------------------------------------------------------------------


def _operator_filter(value: Any, name: str, choices: tuple[str, ...] | None) -> set[str]:
    """``{eq: v}`` or ``{in: [v, ...]}`` ("Provide exactly one operator") -> the accepted values."""
    if not isinstance(value, dict):
        raise ApiError.invalid(name, "It must be an object with `eq` or `in`.")
    unknown = [f"{name}.{key}" for key in value if key not in ("eq", "in")]
    if unknown:
        raise ApiError.unknown(unknown)
    if len(value) != 1:
        raise ApiError.invalid(name, "Provide exactly one operator: `eq` or `in`.")
    if "eq" in value:
        values = [value["eq"]]
    else:
        values = value["in"]
        if not isinstance(values, list) or not values:
            raise ApiError.invalid(f"{name}.in", "It must be a non-empty array.")
    if not all(isinstance(v, str) for v in values):
        raise ApiError.invalid(name, "The values must be strings.")
    if choices is not None and any(v not in choices for v in values):
        raise ApiError.invalid(name, f"Use one or more of: {', '.join(choices)}.")
    return set(values)


def _search_filter(params: JsonParams) -> tuple[set[str], set[str] | None]:
    """The asset types searched and the item ids allowed (``None``: all)."""
    raw = params.object("filter")
    if raw is None:
        return set(ASSET_TYPES), None
    unknown = [f"filter.{key}" for key in raw if key not in ("asset_type", "item_id")]
    if unknown:
        raise ApiError.unknown(unknown)
    types = set(ASSET_TYPES)
    if raw.get("asset_type") is not None:
        types = _operator_filter(raw["asset_type"], "filter.asset_type", ASSET_TYPES)
    ids = _operator_filter(raw["item_id"], "filter.item_id", None) if raw.get("item_id") is not None else None
    return types, ids


def _modalities(params: JsonParams, types: set[str]) -> list[str]:
    raw = params.object("search_options")
    if raw is None:
        return ["visual"]  # "If you omit this field, videos are matched on their visual content."
    unknown = [f"search_options.{key}" for key in raw if key != "video"]
    if unknown:
        raise ApiError.unknown(unknown)
    video = raw.get("video")
    if video is None:
        return ["visual"]
    if "video" not in types:
        raise ApiError.invalid("search_options.video", "Video options do not apply when `filter.asset_type` "
                                                       "excludes videos.")
    if not isinstance(video, dict):
        raise ApiError.invalid("search_options.video", "It must be an object.")
    unknown = [f"search_options.video.{key}" for key in video if key != "modalities"]
    if unknown:
        raise ApiError.unknown(unknown)
    modalities = video.get("modalities")
    if modalities is None:
        raise ApiError.not_provided("search_options.video.modalities")
    if (not isinstance(modalities, list) or not modalities
            or any(m not in ("visual", "audio") for m in modalities)):
        raise ApiError.invalid("search_options.video.modalities", "Use one or more of: visual, audio.")
    return list(dict.fromkeys(modalities))


def search_store(state: EmulatorState, store: KnowledgeStore, text: str, *, types: set[str] | None = None,
                 item_ids: set[str] | None = None, modalities: list[str] | None = None,
                 group_by: str = "item") -> list[Hit]:
    """The ranked hits of ``text`` over the store's ready items (also what ``/responses`` reasons with)."""
    words = query_words(text)
    hits: list[Hit] = []
    for item in state.ready_items(store):
        if (types is not None and item.asset_type not in types) or (item_ids is not None and item.id not in item_ids):
            continue
        asset = state.assets.get(item.asset_id)
        hit = score_item(item, words, modalities or ["visual"], dict(asset.user_metadata) if asset else {})
        if hit is not None:
            hits.append(hit)
    return rank_hits(hits, group_by)


def _hit_json(state: EmulatorState, store: KnowledgeStore, hit: Hit, rank: int, include: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"asset_type": hit.asset_type, "rank": rank, "item_id": hit.item_id}
    item = store.items.get(hit.item_id)
    if include and item is not None:
        system = system_metadata(item) or {}
        keys = ("duration", "width", "height", "size") if hit.asset_type == "video" else ("width", "height", "size")
        out["metadata"] = {"system": {k: system[k] for k in keys if system.get(k) is not None},
                           "user": dict(item.metadata)}
    if hit.asset_type == "video":
        matches = []
        for match in hit.matches:
            entry: dict[str, Any] = {"start_sec": match.start, "end_sec": match.end,
                                     "modalities": list(match.modalities)}
            if match.transcription is not None:
                entry["transcription"] = match.transcription
            matches.append(entry)
        out["matches"] = matches
    return out


def _search_page(state: EmulatorState, store: KnowledgeStore, session: KnowledgeSearchSession,
                 page: int) -> dict[str, Any]:
    first = (page - 1) * session.page_size
    chunk = session.results[first: first + session.page_size]
    body: dict[str, Any] = {"data": [_hit_json(state, store, hit, first + n, session.include_metadata)
                                     for n, hit in enumerate(chunk, start=1)]}
    if first + session.page_size < len(session.results):
        # Each token lives its own TTL from the moment it is handed out.
        expires_at = state.clock.now() + state.config.knowledge_search_token_ttl
        body["next_page_token"] = encode_token(state.knowledge_token_secret, key=session.key, store_id=store.id,
                                               page=page + 1, expires_at=expires_at)
    body["effective_search_options"] = session.effective_options
    return body


def _follow_token(state: EmulatorState, store: KnowledgeStore, token: str) -> dict[str, Any]:
    fields = decode_token(state.knowledge_token_secret, token)
    if fields is None or fields["s"] != store.id:
        # A documented 400 whose code the spec does not name.
        raise ApiError(400, "page_token_invalid", f"The page token `{token}` is malformed or was not issued for "
                                                  "this knowledge store.")
    session = state.knowledge_searches.get(str(fields["k"]))
    if state.clock.now() >= float(fields["e"]) or session is None:
        raise ApiError(410, "page_token_expired", "The page token has expired. Page tokens are valid for a limited "
                                                  "time; make a new search request to obtain a fresh first page "
                                                  "and a new token.")
    return _search_page(state, store, session, int(fields["p"]))


@routes.post("/knowledge-stores/{knowledge_store_id}/search")
async def search(request: web.Request) -> web.Response:
    """Search a store's ready items (:mod:`.knowledge_search`): ``query.text`` (required on a first page),
    ``filter`` (``asset_type`` / ``item_id``, ``eq`` or ``in``), ``search_options.video.modalities`` (default
    ``["visual"]``; a 400 when the filter excludes videos), ``group_by`` ``none`` (one result per clip or image)
    or ``item`` (one per item, its clips best first), ``page_size`` (1-50, default 10), ``include_metadata``.
    The next page comes from the same route with ``page_token`` in the body (every other field is then
    ignored, as the spec says: the token names the original search)."""
    store = get_store(request)
    state = ctx(request).state
    params = await read_json(request, ("query", "filter", "search_options", "group_by", "page_size", "page_token",
                                       "include_metadata"))
    token = params.body.get("page_token")
    if token is not None:
        if not isinstance(token, str):
            raise ApiError.invalid("page_token")
        with state.lock:
            return web.json_response(_follow_token(state, store, token))
    query = params.object("query")
    if query is None:
        raise ApiError.not_provided("query")
    unknown = [f"query.{key}" for key in query if key != "text"]
    if unknown:
        raise ApiError.unknown(unknown)
    text = query.get("text")
    if text is None:
        raise ApiError.not_provided("query.text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError.invalid("query.text", "It must be a non-empty string.")
    types, item_ids = _search_filter(params)
    modalities = _modalities(params, types)
    group_by = params.str("group_by", choices=("none", "item")) or "none"
    page_size = params.int("page_size", 10, lo=1, hi=MAX_PAGE_SIZE)
    include = params.bool("include_metadata", False)
    effective: dict[str, Any] = {"video": {"modalities": modalities}} if "video" in types else {}
    with state.lock:
        results = search_store(state, store, text, types=types, item_ids=item_ids, modalities=modalities,
                               group_by=group_by)
        session = KnowledgeSearchSession(state.new_id(), store.id, results, page_size, include, effective, group_by)
        state.keep_knowledge_search(session)
        return web.json_response(_search_page(state, store, session, 1))
