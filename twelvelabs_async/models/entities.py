"""Entity collections and entities: people (or anything) recognised from reference assets, for search.

An entity's ``reference`` (``<@entity_id>``) put in a search's ``query_text`` searches for that entity once its
``status`` is ``ready``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import attrs

from ._base import WIRE_ID, Model
from .common import PageInfo

__all__ = [
    "ENTITY_STATUSES",
    "Entity",
    "EntityBulkCreated",
    "EntityBulkError",
    "EntityBulkItem",
    "EntityCollection",
    "EntityCollectionPage",
    "EntityPage",
]

ENTITY_STATUSES: Final[tuple[str, ...]] = ("processing", "ready")
"""Known entity statuses: ``processing`` until the entity can be searched for, then ``ready``."""


@attrs.frozen(kw_only=True)
class EntityCollection(Model):
    """A named group of related entities (a team's roster, a show's cast)."""

    id: str = attrs.field(metadata=WIRE_ID)
    name: str | None = None
    description: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class EntityCollectionPage(Model):
    """One page of ``GET /entity-collections``."""

    data: list[EntityCollection] = attrs.Factory(list)
    page_info: PageInfo | None = None


@attrs.frozen(kw_only=True)
class Entity(Model):
    """An entity and the assets (reference images or videos) that identify it."""

    id: str = attrs.field(metadata=WIRE_ID)
    entity_collection_id: str | None = None
    name: str | None = None
    description: str | None = None
    metadata: dict[str, Any] | None = None
    asset_ids: list[str] = attrs.Factory(list)
    status: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def reference(self) -> str:
        """``<@entity_id>``: put it in a search's ``query_text`` to search for this entity."""
        return f"<@{self.id}>"


@attrs.frozen(kw_only=True)
class EntityPage(Model):
    """One page of the entities of a collection, or of the entities that use an asset."""

    data: list[Entity] = attrs.Factory(list)
    page_info: PageInfo | None = None


@attrs.frozen(kw_only=True)
class EntityBulkItem(Model):
    """An entity made by ``create_bulk``."""

    id: str | None = attrs.field(default=None, metadata=WIRE_ID)
    name: str | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class EntityBulkError(Model):
    """An entity ``create_bulk`` could not make: its position in the request, its name and why."""

    entity_index: int | None = None
    entity_name: str | None = None
    error_reason: str | None = None


@attrs.frozen(kw_only=True)
class EntityBulkCreated(Model):
    """Response of ``POST /entity-collections/{id}/entities/bulk``: what was made and what was not.

    A partial success is a 201 too: check ``failed_count`` / ``errors``.
    """

    success_count: int | None = None
    failed_count: int | None = None
    entities: list[EntityBulkItem] = attrs.Factory(list)
    errors: list[EntityBulkError] = attrs.Factory(list)
