"""Knowledge stores, their items and item collections: `client.knowledge_stores`, `client.knowledge_store_items`,
`client.knowledge_store_item_collections` (the official SDK 1.3.6's three namespaces).

A store holds assets as items, processed in the background (`knowledge_store_items.wait_for_done` and
`wait_many` wait for them); `knowledge_stores.search` returns one page like 1.3.6 does and
`knowledge_stores.search_pages` follows the `next_page_token`, which this endpoint takes back in the JSON body.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from twelvelabs_async._errors import ArgumentError, ArgumentTypeError
from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route, Shape
from twelvelabs_async._shapes import json_object
from twelvelabs_async.routes._common import page, page_limit, path_id, sort_option

if TYPE_CHECKING:
    from twelvelabs_async.models import (
        KnowledgeStore,
        KnowledgeStoreItem,
        KnowledgeStoreItemCollection,
        KnowledgeStoreItemCollectionPage,
        KnowledgeStoreItemPage,
        KnowledgeStorePage,
        KnowledgeStoreSearchPage,
    )

ASSET_TYPES = ("video", "image")
ITEM_STATUSES = ("queued", "pending", "processing", "ready", "failed")
MAX_PAGE_SIZE = 50
MAX_ITEM_IDS = 500  # per add/remove request, per the spec


def _type_name(value: object) -> str:
    return type(value).__name__


# --- shapes ---------------------------------------------------------------------------------------------------


def store_metadata(name: str, value: object, *, nullable: bool = False) -> dict[str, Any]:
    """Custom metadata: str keys; values str (the 2026-07 spec), or a number, a bool or a list of str (1.3.6).

    None is refused, except where the spec allows it (``nullable``: a store's update, which stores it as ``""``);
    this metadata is replaced as a whole on update, and ``{}`` clears it.
    """
    mapping = json_object(name, value)
    for key, item in mapping.items():
        if isinstance(item, list):
            if not all(isinstance(x, str) for x in item):
                raise ArgumentTypeError(name, f"the list of {key!r} must hold str only")
        elif item is None:
            if not nullable:
                raise ArgumentTypeError(name, f"value of {key!r} must be a str, a number, a bool or a list of str, "
                                              "got NoneType")
        elif not isinstance(item, (str, int, float, bool)):
            raise ArgumentTypeError(
                name, f"value of {key!r} must be a str, a number, a bool or a list of str, got {_type_name(item)}"
            )
    return mapping


def store_metadata_update(name: str, value: object) -> dict[str, Any]:
    """A store's new metadata: as ``store_metadata``, and None is sent as null ("A null value is stored as an
    empty string", the 2026-07 spec of ``PATCH /knowledge-stores/{id}``)."""
    return store_metadata(name, value, nullable=True)


STORE_METADATA = Shape(
    "Mapping[str, Any]",
    store_metadata,
    "A mapping of str to str (numbers, bools and lists of str are sent as given).",
)

STORE_METADATA_UPDATE = Shape(
    "Mapping[str, Any]",
    store_metadata_update,
    "A mapping of str to str (numbers, bools and lists of str are sent as given; None is sent as null, which the "
    "API stores as an empty string).",
)

_JSON_SCHEMA_TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean", "null"})


def _enrichment(name: str, value: object) -> dict[str, Any]:
    if isinstance(value, str):
        if not value.strip():
            raise ArgumentError(name, "an enrichment description must not be empty")
        return {"type": "description", "description": value}
    config = json_object(name, value)
    kind = config.get("type")
    if kind in _JSON_SCHEMA_TYPES or (kind is None and "properties" in config):
        config = {"type": "json_schema", "json_schema": config}  # the JSON schema itself
        kind = "json_schema"
    if not isinstance(kind, str) or not kind:
        raise ArgumentError(name, "enrichment_config needs a 'type': 'json_schema' or 'description'")
    if kind == "json_schema":
        schema = config.get("json_schema")
        if not isinstance(schema, dict):
            raise ArgumentError(name, "a 'json_schema' enrichment needs 'json_schema', the schema object")
        if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
            raise ArgumentError(name, "the enrichment schema must be {'type': 'object', 'properties': {...}}")
    elif kind == "description" and not isinstance(config.get("description"), str):
        raise ArgumentError(name, "a 'description' enrichment needs 'description', a str")
    return config


def ingestion_config(name: str, value: object) -> dict[str, Any]:
    """``{"enrichment_config": {...}}``, or sugar for the enrichment config alone: a str (natural-language
    instructions), a JSON schema of the metadata to extract, or the tagged config itself."""
    if isinstance(value, str):
        return {"enrichment_config": _enrichment(name, value)}
    config = json_object(name, value)
    if "enrichment_config" not in config:
        return {"enrichment_config": _enrichment(name, config)}
    return {**config, "enrichment_config": _enrichment(name, config["enrichment_config"])}


INGESTION_CONFIG = Shape(
    "str | Mapping[str, Any] | Any",
    ingestion_config,
    "`{'enrichment_config': {...}}`; or the enrichment alone: a str of instructions (`type: description`), "
    "a JSON schema `{'type': 'object', 'properties': {...}}` (`type: json_schema`), or the tagged config. "
    "Immutable once the store exists.",
)


def search_query(name: str, value: object) -> dict[str, Any]:
    if isinstance(value, str):
        query: dict[str, Any] = {"text": value}
    else:
        query = json_object(name, value)
    text = query.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArgumentError(name, "needs 'text', the natural-language query")
    return query


SEARCH_QUERY = Shape(
    "str | Mapping[str, Any] | Any",
    search_query,
    "The query text (a str), or `{'text': ...}`.",
)


def search_filter(name: str, value: object) -> dict[str, Any]:
    """Each field takes ``{'eq': v}`` or ``{'in': [...]}``; a bare str means ``eq`` and a list ``in``."""
    given = json_object(name, value)
    out: dict[str, Any] = {}
    for field, condition in given.items():
        if isinstance(condition, str):
            out[field] = {"eq": condition}
        elif isinstance(condition, list):
            out[field] = {"in": condition}
        elif isinstance(condition, dict):
            operators = [op for op in ("eq", "in") if op in condition]
            if len(operators) != 1:
                raise ArgumentError(name, f"{field!r} takes exactly one operator, 'eq' or 'in'")
            if "in" in condition and not isinstance(condition["in"], list):
                raise ArgumentTypeError(name, f"{field!r}: 'in' takes a list")
            out[field] = condition
        else:
            raise ArgumentTypeError(name, f"{field!r}: expected a str, a list or {{'eq'|'in': ...}}")
    return out


SEARCH_FILTER = Shape(
    "Mapping[str, Any] | Any",
    search_filter,
    "Which items to search, by `asset_type` and/or `item_id`: `{'asset_type': 'video'}` (a str means `eq`), "
    "`{'item_id': ['ksi_1', 'ksi_2']}` (a list means `in`), or the API's `{'eq': ...}` / `{'in': [...]}`.",
)


def search_options(name: str, value: object) -> dict[str, Any]:
    """``{'video': {'modalities': [...]}}``, or the modalities alone (a str or a list of str)."""
    if isinstance(value, str) or (
        isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray, Mapping))
    ):
        modalities = [value] if isinstance(value, str) else list(value)
        if not modalities or not all(isinstance(m, str) for m in modalities):
            raise ArgumentError(name, "modalities must be a non-empty list of str ('visual', 'audio')")
        return {"video": {"modalities": modalities}}
    options = json_object(name, value)
    video = options.get("video")
    if video is not None:
        given = video.get("modalities") if isinstance(video, dict) else None
        if not isinstance(given, list) or not given:
            raise ArgumentError(name, "'video' needs 'modalities', a non-empty list such as ['visual', 'audio']")
    return options


SEARCH_OPTIONS = Shape(
    "str | Sequence[str] | Mapping[str, Any] | Any",
    search_options,
    "How videos are matched: the modalities (`'visual'`, `'audio'`, or both in a list), or "
    "`{'video': {'modalities': [...]}}`. Images always match on visual content.",
)


def _at_least_one_change(*names: str) -> Any:
    def check(args: Mapping[str, Any]) -> tuple[str, str] | None:
        if all(args.get(n) is None for n in names):
            return names[0], f"nothing to update: give at least one of {', '.join(names)}"
        return None

    return check


def _metadata(what: str, shape: Shape = STORE_METADATA) -> Param:
    return Param(
        "metadata",
        Kind.JSON,
        In.BODY,
        f"Custom metadata of the {what}. " + shape.doc,
        shape=shape,
    )


def _store_id() -> Param:
    return path_id("knowledge_store_id", "knowledge store")


def _sort_by(*extra: str) -> Param:
    return Param(
        "sort_by",
        Kind.STR,
        In.QUERY,
        "Field to sort by.",
        choices=("created_at", "updated_at", *extra),
        server_default="created_at",
    )


# --- knowledge stores -------------------------------------------------------------------------------------------

knowledge_stores_create: Route[KnowledgeStore] = Route(
    "knowledge_stores.create",
    "POST",
    "/knowledge-stores",
    "Create a knowledge store: a name, and how what is added to it is enriched (immutable afterwards).",
    params=(
        Param("name", Kind.STR, In.BODY, "The name of the knowledge store.", required=True),
        Param(
            "ingestion_config",
            Kind.JSON,
            In.BODY,
            "How content added to the store is processed. " + INGESTION_CONFIG.doc,
            shape=INGESTION_CONFIG,
        ),
        Param("description", Kind.STR, In.BODY, "A description of the knowledge store."),
        _metadata("knowledge store"),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
)

knowledge_stores_list: Route[KnowledgeStorePage] = Route(
    "knowledge_stores.list",
    "GET",
    "/knowledge-stores",
    "List the knowledge stores of the account.",
    page_item="KnowledgeStore",
    paging=Paging.PAGE_NUMBER,
    params=(page(), page_limit(), _sort_by(), sort_option()),
)

knowledge_stores_retrieve: Route[KnowledgeStore] = Route(
    "knowledge_stores.retrieve",
    "GET",
    "/knowledge-stores/{knowledge_store_id}",
    "Retrieve a knowledge store.",
    params=(_store_id(),),
)

knowledge_stores_update: Route[KnowledgeStore] = Route(
    "knowledge_stores.update",
    "PATCH",
    "/knowledge-stores/{knowledge_store_id}",
    "Update a knowledge store's name, description or metadata (`metadata` replaces the old one in full).",
    params=(
        _store_id(),
        Param("name", Kind.STR, In.BODY, "The new name."),
        Param("description", Kind.STR, In.BODY, "The new description."),
        _metadata("knowledge store", STORE_METADATA_UPDATE),
    ),
    body=Body.JSON,
    checks=(_at_least_one_change("name", "description", "metadata"),),
)

knowledge_stores_delete: Route[None] = Route(
    "knowledge_stores.delete",
    "DELETE",
    "/knowledge-stores/{knowledge_store_id}",
    "Delete a knowledge store and all its items. Irreversible.",
    params=(_store_id(),),
    success=frozenset({200, 204}),
)

knowledge_stores_search: Route[KnowledgeStoreSearchPage] = Route(
    "knowledge_stores.search",
    "POST",
    "/knowledge-stores/{knowledge_store_id}/search",
    "Search a knowledge store in natural language; returns one page (`search_pages` iterates every page).",
    page_item="KnowledgeStoreSearchResult",
    paging=Paging.BODY_TOKEN,
    pager_method="search_pages",
    params=(
        _store_id(),
        Param("query", Kind.JSON, In.BODY, "What to search for. " + SEARCH_QUERY.doc, required=True,
              shape=SEARCH_QUERY),
        Param("filter", Kind.JSON, In.BODY, "Narrow the search to some items. " + SEARCH_FILTER.doc,
              shape=SEARCH_FILTER),
        Param("search_options", Kind.JSON, In.BODY, SEARCH_OPTIONS.doc, shape=SEARCH_OPTIONS),
        Param(
            "group_by",
            Kind.STR,
            In.BODY,
            "`none`: one result per clip or image; `item`: one per item, its clips inside.",
            choices=("none", "item"),
            server_default="none",
        ),
        Param("page_size", Kind.INT, In.BODY, "Results per page.", minimum=1, maximum=MAX_PAGE_SIZE,
              server_default=10),
        Param(
            "page_token",
            Kind.STR,
            In.BODY,
            "The `next_page_token` of the previous page (it stands for the original search, whose other "
            "fields are then ignored; an expired token raises `GoneError`).",
        ),
        Param("include_metadata", Kind.BOOL, In.BODY, "Include each result's system and user metadata.",
              server_default=False),
    ),
    body=Body.JSON,
)

# --- items ------------------------------------------------------------------------------------------------------

knowledge_store_items_create: Route[KnowledgeStoreItem] = Route(
    "knowledge_store_items.create",
    "POST",
    "/knowledge-stores/{knowledge_store_id}/items",
    "Add an asset (at most 5 GB) to a knowledge store; it is processed in the background (`wait_for_done`).",
    params=(
        _store_id(),
        Param("asset_id", Kind.STR, In.BODY, "The asset to add.", required=True),
        Param("asset_type", Kind.STR, In.BODY, "The type of item.", choices=ASSET_TYPES),
        _metadata("item"),
    ),
    body=Body.JSON,
    success=frozenset({200, 201, 202}),
    idempotent=False,
)

knowledge_store_items_list: Route[KnowledgeStoreItemPage] = Route(
    "knowledge_store_items.list",
    "GET",
    "/knowledge-stores/{knowledge_store_id}/items",
    "List the items of a knowledge store.",
    page_item="KnowledgeStoreItem",
    paging=Paging.PAGE_NUMBER,
    params=(
        _store_id(),
        page(),
        page_limit(),
        _sort_by(),
        sort_option(),
        Param(
            "status",
            Kind.STR_LIST,
            In.QUERY,
            "Only items in these statuses; several are sent as repeated keys.",
            choices=ITEM_STATUSES,
        ),
    ),
)

knowledge_store_items_retrieve: Route[KnowledgeStoreItem] = Route(
    "knowledge_store_items.retrieve",
    "GET",
    "/knowledge-stores/{knowledge_store_id}/items/{item_id}",
    "Retrieve an item of a knowledge store.",
    params=(_store_id(), path_id("item_id", "knowledge store item")),
)

knowledge_store_items_delete: Route[None] = Route(
    "knowledge_store_items.delete",
    "DELETE",
    "/knowledge-stores/{knowledge_store_id}/items/{item_id}",
    "Remove an item from a knowledge store (the asset stays).",
    params=(_store_id(), path_id("item_id", "knowledge store item")),
    success=frozenset({200, 204}),
)

# --- item collections -------------------------------------------------------------------------------------------


def _collection_id() -> Param:
    return path_id("collection_id", "item collection")


def _item_ids(verb: str) -> Param:
    return Param(
        "item_ids",
        Kind.STR_LIST,
        In.BODY,
        f"The items to {verb} (at most {MAX_ITEM_IDS} a request).",
        required=True,
        min_items=1,
        max_items=MAX_ITEM_IDS,
    )


knowledge_store_item_collections_create: Route[KnowledgeStoreItemCollection] = Route(
    "knowledge_store_item_collections.create",
    "POST",
    "/knowledge-stores/{knowledge_store_id}/item-collections",
    "Create an item collection: a named set of a store's items.",
    params=(
        _store_id(),
        Param("name", Kind.STR, In.BODY, "The name, unique within the store.", required=True),
        Param("description", Kind.STR, In.BODY, "A description of the collection."),
        _metadata("item collection"),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
)

knowledge_store_item_collections_list: Route[KnowledgeStoreItemCollectionPage] = Route(
    "knowledge_store_item_collections.list",
    "GET",
    "/knowledge-stores/{knowledge_store_id}/item-collections",
    "List the item collections of a knowledge store.",
    page_item="KnowledgeStoreItemCollection",
    paging=Paging.PAGE_NUMBER,
    params=(_store_id(), page(), page_limit(), _sort_by("name"), sort_option()),
)

knowledge_store_item_collections_retrieve: Route[KnowledgeStoreItemCollection] = Route(
    "knowledge_store_item_collections.retrieve",
    "GET",
    "/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}",
    "Retrieve an item collection.",
    params=(_store_id(), _collection_id()),
)

knowledge_store_item_collections_update: Route[KnowledgeStoreItemCollection] = Route(
    "knowledge_store_item_collections.update",
    "PATCH",
    "/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}",
    "Update an item collection's name, description or metadata (`{}` clears the metadata).",
    params=(
        _store_id(),
        _collection_id(),
        Param("name", Kind.STR, In.BODY, "The new name, unique within the store."),
        Param("description", Kind.STR, In.BODY, "The new description."),
        _metadata("item collection"),
    ),
    body=Body.JSON,
    checks=(_at_least_one_change("name", "description", "metadata"),),
)

knowledge_store_item_collections_delete: Route[None] = Route(
    "knowledge_store_item_collections.delete",
    "DELETE",
    "/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}",
    "Delete an item collection (its items stay in the store).",
    params=(_store_id(), _collection_id()),
    success=frozenset({200, 204}),
)

knowledge_store_item_collections_list_items: Route[KnowledgeStoreItemPage] = Route(
    "knowledge_store_item_collections.list_items",
    "GET",
    "/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items",
    "List the items of an item collection.",
    page_item="KnowledgeStoreItem",
    paging=Paging.PAGE_NUMBER,
    params=(_store_id(), _collection_id(), page(), page_limit()),
)

knowledge_store_item_collections_add_items: Route[KnowledgeStoreItemCollection] = Route(
    "knowledge_store_item_collections.add_items",
    "POST",
    "/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/add",
    "Add items of the store to a collection (items already in it are skipped).",
    params=(_store_id(), _collection_id(), _item_ids("add")),
    body=Body.JSON,
    # The API documents adding and removing as idempotent: a retry after a lost answer changes nothing more.
    idempotent=True,
)

knowledge_store_item_collections_remove_items: Route[None] = Route(
    "knowledge_store_item_collections.remove_items",
    "POST",
    "/knowledge-stores/{knowledge_store_id}/item-collections/{collection_id}/items/remove",
    "Remove items from a collection (they stay in the store; ids not in the collection are ignored).",
    params=(_store_id(), _collection_id(), _item_ids("remove")),
    body=Body.JSON,
    success=frozenset({200, 204}),
    idempotent=True,
)

