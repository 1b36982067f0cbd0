"""Entity collections and entities (people search, surface 2026), with the entity status on the emulator's
clock. :class:`~.state.EmulatorState` mixes :class:`EntityStateMixin` in, so tests reach
``emu.state.entity_collections`` and ``emu.state.entities``::

    entity_id = emu.state.seed_entity("Lionel Messi", asset_ids)     # ready at once, in a "people" collection
    emu.state.entity_status(emu.state.entities[entity_id])          # ("ready", since)

An entity is ``processing`` for 0.5 emulated seconds (divided by ``speed``) after it is made and after each
change to its assets ("the entity may temporarily enter the processing state while the platform updates the
necessary data"), then ``ready``. Only a ready entity can be used in a search (``<@entity_id>``).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .clock import Clock
from .config import EmulatorConfig

__all__ = ["Entity", "EntityCollection", "EntityStateMixin"]

ENTITY_SECONDS = 0.5


@dataclass
class EntityCollection:
    id: str
    name: str
    description: str | None
    created_at: float
    updated_at: float


@dataclass
class Entity:
    id: str
    collection_id: str
    name: str
    description: str | None
    metadata: dict[str, Any]
    asset_ids: list[str]
    created_at: float
    updated_at: float
    processing_since: float = 0.0


class EntityStateMixin:
    """Entity bookkeeping of :class:`~.state.EmulatorState`."""

    config: EmulatorConfig
    clock: Clock
    lock: threading.RLock

    def new_id(self) -> str:  # pragma: no cover - EmulatorState defines it
        raise NotImplementedError

    def _init_entities(self) -> None:
        self.entity_collections: dict[str, EntityCollection] = {}
        self.entities: dict[str, Entity] = {}

    def _reset_entities(self) -> None:
        self.entity_collections.clear()
        self.entities.clear()

    def add_entity_collection(self, name: str, description: str | None = None) -> EntityCollection:
        with self.lock:
            now = self.clock.now()
            collection = EntityCollection(self.new_id(), name, description, now, now)
            self.entity_collections[collection.id] = collection
            return collection

    def delete_entity_collection(self, collection_id: str) -> None:
        """Forget a collection and its entities."""
        with self.lock:
            self.entity_collections.pop(collection_id)
            for entity_id in [e.id for e in self.entities.values() if e.collection_id == collection_id]:
                del self.entities[entity_id]

    def add_entity(self, collection_id: str, name: str, asset_ids: Sequence[str], *, description: str | None = None,
                   metadata: Mapping[str, Any] | None = None) -> Entity:
        with self.lock:
            now = self.clock.now()
            entity = Entity(self.new_id(), collection_id, name, description, dict(metadata or {}),
                            list(dict.fromkeys(asset_ids)), now, now, now)
            self.entities[entity.id] = entity
            self.entity_collections[collection_id].updated_at = now
            return entity

    def entity_status(self, entity: Entity) -> tuple[str, float]:
        """``processing`` / ``ready`` and since when."""
        speed = self.config.speed
        ready_at = entity.processing_since if speed <= 0 else entity.processing_since + ENTITY_SECONDS / speed
        if self.clock.now() < ready_at:
            return "processing", entity.processing_since
        return "ready", ready_at

    def change_entity_assets(self, entity: Entity, add: Sequence[str] = (), remove: Sequence[str] = ()) -> None:
        """Link / unlink assets; the entity processes again."""
        with self.lock:
            now = self.clock.now()
            kept = [a for a in entity.asset_ids if a not in set(remove)]
            entity.asset_ids = list(dict.fromkeys([*kept, *add]))
            entity.updated_at = entity.processing_since = now

    def entities_of_asset(self, asset_id: str) -> list[Entity]:
        """Entities whose ``asset_ids`` contain the asset, oldest first."""
        with self.lock:
            return [e for e in self.entities.values() if asset_id in e.asset_ids]

    def seed_entity(self, name: str, asset_ids: Sequence[str] = (), *, collection_id: str | None = None,
                    ready: bool = True, metadata: Mapping[str, Any] | None = None) -> str:
        """Test helper: an entity (in ``collection_id``, or a collection named ``people`` made on first use),
        ready at once unless ``ready`` is false. Returns its id."""
        with self.lock:
            if collection_id is None:
                found = [c for c in self.entity_collections.values() if c.name == "people"]
                collection_id = found[0].id if found else self.add_entity_collection("people").id
            entity = self.add_entity(collection_id, name, asset_ids, metadata=metadata)
            if ready and self.config.speed > 0:
                entity.processing_since -= ENTITY_SECONDS / self.config.speed
            return entity.id
