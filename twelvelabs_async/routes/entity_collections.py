"""Entity collections and their entities: `client.entity_collections` and `client.entity_collections.entities`.

An entity (a person, a logo, a character) is identified by reference assets; once `ready`, `<@entity_id>` in a
search's `query_text` finds it in indexed videos (`Entity.reference`). `list_by_asset` is the reverse lookup: the
entities an asset identifies (what deleting the asset would affect).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twelvelabs_async._analysis_shapes import ENTITY_METADATA, ENTITY_SPECS
from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route
from twelvelabs_async.routes._common import page, page_limit, path_id, sort_option

if TYPE_CHECKING:
    from twelvelabs_async.models import Entity, EntityBulkCreated, EntityCollection, EntityCollectionPage, EntityPage

ENTITY_STATUSES = ("processing", "ready")


def _sort_by() -> Param:
    return Param(
        "sort_by",
        Kind.STR,
        In.QUERY,
        "Field to sort by.",
        choices=("created_at", "updated_at", "name"),
        server_default="created_at",
    )


def _collection_id(what: str = "entity collection") -> Param:
    return path_id("entity_collection_id", what)


def _entity_id() -> Param:
    return path_id("entity_id", "entity")


def _asset_ids(doc: str, *, required: bool = True) -> Param:
    return Param("asset_ids", Kind.STR_LIST, In.BODY, doc, required=required, min_items=1)


entity_collections_create: Route[EntityCollection] = Route(
    "entity_collections.create",
    "POST",
    "/entity-collections",
    "Create an entity collection.",
    params=(
        Param("name", Kind.STR, In.BODY, "A succinct, descriptive name.", required=True),
        Param("description", Kind.STR, In.BODY, "What the collection holds."),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
)

entity_collections_list: Route[EntityCollectionPage] = Route(
    "entity_collections.list",
    "GET",
    "/entity-collections",
    "List entity collections.",
    page_item="EntityCollection",
    paging=Paging.PAGE_NUMBER,
    params=(
        page(),
        page_limit(),
        Param("name", Kind.STR, In.QUERY, "Filter by name."),
        _sort_by(),
        sort_option(),
    ),
)

entity_collections_retrieve: Route[EntityCollection] = Route(
    "entity_collections.retrieve",
    "GET",
    "/entity-collections/{entity_collection_id}",
    "Retrieve an entity collection.",
    params=(_collection_id(),),
)

entity_collections_update: Route[EntityCollection] = Route(
    "entity_collections.update",
    "PATCH",
    "/entity-collections/{entity_collection_id}",
    "Rename an entity collection or change its description.",
    params=(
        _collection_id(),
        Param("name", Kind.STR, In.BODY, "The new name."),
        Param("description", Kind.STR, In.BODY, "The new description."),
    ),
    body=Body.JSON,
    at_least_one_of=(("name", "description"),),
)

entity_collections_delete: Route[None] = Route(
    "entity_collections.delete",
    "DELETE",
    "/entity-collections/{entity_collection_id}",
    "Delete an entity collection (cannot be undone).",
    params=(_collection_id(),),
    success=frozenset({200, 204}),
)

entity_collections_entities_create: Route[Entity] = Route(
    "entity_collections.entities.create",
    "POST",
    "/entity-collections/{entity_collection_id}/entities",
    "Create an entity from at least one reference asset.",
    params=(
        _collection_id(),
        Param("name", Kind.STR, In.BODY, "A succinct, descriptive name.", required=True),
        _asset_ids("The reference assets that identify the entity (at least one)."),
        Param("description", Kind.STR, In.BODY, "What the entity is."),
        Param("metadata", Kind.JSON, In.BODY, "Your key-value pairs for the entity.", shape=ENTITY_METADATA),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
)

entity_collections_entities_create_bulk: Route[EntityBulkCreated] = Route(
    "entity_collections.entities.create_bulk",
    "POST",
    "/entity-collections/{entity_collection_id}/entities/bulk",
    "Create many entities in one request; the answer says which were made and why others were not.",
    params=(
        _collection_id(),
        Param("entities", Kind.JSON, In.BODY, ENTITY_SPECS.doc, required=True, shape=ENTITY_SPECS),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
)

entity_collections_entities_list: Route[EntityPage] = Route(
    "entity_collections.entities.list",
    "GET",
    "/entity-collections/{entity_collection_id}/entities",
    "List the entities of a collection.",
    page_item="Entity",
    paging=Paging.PAGE_NUMBER,
    params=(
        _collection_id(),
        page(),
        page_limit(),
        Param("name", Kind.STR, In.QUERY, "Filter by name."),
        Param("status", Kind.STR, In.QUERY, "Filter by status.", choices=ENTITY_STATUSES),
        _sort_by(),
        sort_option(),
    ),
)

entity_collections_entities_list_by_asset: Route[EntityPage] = Route(
    "entity_collections.entities.list_by_asset",
    "GET",
    "/assets/{asset_id}/entities",
    "List the entities whose reference assets include this asset.",
    page_item="Entity",
    paging=Paging.PAGE_NUMBER,
    params=(path_id("asset_id", "asset"), page(), page_limit()),
)

entity_collections_entities_retrieve: Route[Entity] = Route(
    "entity_collections.entities.retrieve",
    "GET",
    "/entity-collections/{entity_collection_id}/entities/{entity_id}",
    "Retrieve an entity.",
    params=(_collection_id(), _entity_id()),
)

entity_collections_entities_update: Route[Entity] = Route(
    "entity_collections.entities.update",
    "PATCH",
    "/entity-collections/{entity_collection_id}/entities/{entity_id}",
    "Change an entity's name, description or metadata (its assets: `create_assets` / `delete_assets`).",
    params=(
        _collection_id(),
        _entity_id(),
        Param("name", Kind.STR, In.BODY, "The new name."),
        Param("description", Kind.STR, In.BODY, "The new description."),
        Param("metadata", Kind.JSON, In.BODY, "New metadata; replaces the old metadata entirely.",
              shape=ENTITY_METADATA),
    ),
    body=Body.JSON,
    at_least_one_of=(("name", "description", "metadata"),),
)

entity_collections_entities_delete: Route[None] = Route(
    "entity_collections.entities.delete",
    "DELETE",
    "/entity-collections/{entity_collection_id}/entities/{entity_id}",
    "Delete an entity (its assets stay).",
    params=(_collection_id(), _entity_id()),
    success=frozenset({200, 204}),
)

entity_collections_entities_create_assets: Route[Entity] = Route(
    "entity_collections.entities.create_assets",
    "POST",
    "/entity-collections/{entity_collection_id}/entities/{entity_id}/assets",
    "Add reference assets to an entity (it is `processing` again for a while).",
    params=(_collection_id(), _entity_id(), _asset_ids("The assets to add.")),
    body=Body.JSON,
)

entity_collections_entities_delete_assets: Route[Entity] = Route(
    "entity_collections.entities.delete_assets",
    "DELETE",
    "/entity-collections/{entity_collection_id}/entities/{entity_id}/assets",
    "Remove reference assets from an entity (too few left can hurt recognition).",
    params=(_collection_id(), _entity_id(), _asset_ids("The assets to remove.")),
    body=Body.JSON,
)
