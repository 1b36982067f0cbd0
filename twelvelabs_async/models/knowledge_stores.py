"""Knowledge stores, their items and item collections, and knowledge-store search (``/knowledge-stores*``).

The spec's tagged unions (``enrichment_config``, an item's ``system_metadata``, a search hit) are one class
each here, with the tag as a plain field (``type`` / ``asset_type``): every variant's fields are optional, so a
variant the API adds later still decodes, and ``asset_type`` says which one came.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

import attrs

from ._base import WIRE_ID, Model
from .common import PageInfo

__all__ = [
    "KNOWLEDGE_STORE_ITEM_STATUSES",
    "TERMINAL_KNOWLEDGE_STORE_ITEM_STATUSES",
    "EnrichmentConfig",
    "EnrichmentJsonSchema",
    "IngestionConfig",
    "KnowledgeStore",
    "KnowledgeStoreItem",
    "KnowledgeStoreItemCollection",
    "KnowledgeStoreItemCollectionPage",
    "KnowledgeStoreItemPage",
    "KnowledgeStoreItemStatus",
    "KnowledgeStoreItemSystemMetadata",
    "KnowledgeStorePage",
    "KnowledgeStoreSearchMatch",
    "KnowledgeStoreSearchMetadata",
    "KnowledgeStoreSearchOptions",
    "KnowledgeStoreSearchPage",
    "KnowledgeStoreSearchResult",
    "KnowledgeStoreSearchSystemMetadata",
    "KnowledgeStoreVideoSearchOptions",
]

KnowledgeStoreItemStatus = Literal["queued", "pending", "processing", "ready", "failed"]
"""Known item statuses (documentation only: ``KnowledgeStoreItem.status`` is a plain ``str``)."""

KNOWLEDGE_STORE_ITEM_STATUSES: Final[tuple[str, ...]] = ("queued", "pending", "processing", "ready", "failed")
"""Known item statuses in lifecycle order (the values ``knowledge_store_items.list(status=...)`` accepts)."""

TERMINAL_KNOWLEDGE_STORE_ITEM_STATUSES: Final[frozenset[str]] = frozenset({"ready", "failed"})
"""Statuses after which an item never changes."""


# --- stores ---------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EnrichmentJsonSchema(Model):
    """The JSON schema of the metadata a store extracts: ``type`` (``object``) and ``properties``; the schema's
    other keywords stay in ``extra``. ``schema`` is the whole schema as a dict."""

    type: str | None = None
    properties: dict[str, Any] = attrs.Factory(dict)

    @property
    def schema(self) -> dict[str, Any]:
        """The schema as the JSON object it came as (``extra`` included)."""
        merged = dict(self.extra)
        if self.type is not None:
            merged["type"] = self.type
        merged["properties"] = self.properties
        return merged


@attrs.frozen(kw_only=True)
class EnrichmentConfig(Model):
    """How the platform enriches what is added to a store: ``type`` is ``json_schema`` (then ``json_schema``
    holds the schema of the metadata to extract, an object with ``type`` and ``properties`` as in the official
    SDK) or ``description`` (natural-language instructions)."""

    type: str | None = None
    json_schema: EnrichmentJsonSchema | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class IngestionConfig(Model):
    """``ingestion_config`` of a store, set when it is created and immutable afterwards."""

    enrichment_config: EnrichmentConfig | None = None


@attrs.frozen(kw_only=True)
class KnowledgeStore(Model):
    """A knowledge store (``GET /knowledge-stores/{id}`` and the items of ``GET /knowledge-stores``).

    ``metadata`` values are str in the 2026-07 spec; the official SDK 1.3.6 also allows numbers, booleans and
    lists of str, so they are kept as they come.
    """

    id: str = attrs.field(metadata=WIRE_ID)
    name: str | None = None
    description: str | None = None
    ingestion_config: IngestionConfig | None = None
    item_count: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    metadata: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class KnowledgeStorePage(Model):
    """One page of ``GET /knowledge-stores``."""

    data: list[KnowledgeStore] = attrs.Factory(list)
    page_info: PageInfo | None = None


# --- items ----------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class KnowledgeStoreItemSystemMetadata(Model):
    """What the platform knows of an item's source asset; ``asset_type`` (``video`` or ``image``) matches the
    item's. ``duration`` (seconds) and ``fps`` come with videos only."""

    asset_type: str | None = None
    filename: str | None = None
    duration: float | None = None
    fps: float | None = None
    width: int | None = None
    height: int | None = None
    codec_name: str | None = None
    size: int | None = None


@attrs.frozen(kw_only=True)
class KnowledgeStoreItem(Model):
    """An asset added to a knowledge store (``POST``/``GET .../items``); usable once ``status`` is ``ready``.

    ``status`` moves ``queued`` -> ``pending`` -> ``processing`` -> ``ready`` | ``failed``
    (:data:`KNOWLEDGE_STORE_ITEM_STATUSES`); ``knowledge_store_items.wait_for_done`` waits for the end.
    """

    id: str = attrs.field(metadata=WIRE_ID)
    asset_type: str | None = None
    asset_id: str | None = None
    status: str | None = None
    system_metadata: KnowledgeStoreItemSystemMetadata | None = None
    metadata: dict[str, Any] | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_done(self) -> bool:
        """True once the item is ``ready`` or ``failed``."""
        return self.status in TERMINAL_KNOWLEDGE_STORE_ITEM_STATUSES


@attrs.frozen(kw_only=True)
class KnowledgeStoreItemPage(Model):
    """One page of ``GET .../items`` (or of the items of an item collection)."""

    data: list[KnowledgeStoreItem] = attrs.Factory(list)
    page_info: PageInfo | None = None


# --- item collections -----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class KnowledgeStoreItemCollection(Model):
    """A named set of items of one store (the items themselves are not affected by it)."""

    id: str = attrs.field(metadata=WIRE_ID)
    knowledge_store_id: str | None = None
    name: str | None = None
    description: str | None = None
    metadata: dict[str, Any] | None = None
    member_count: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class KnowledgeStoreItemCollectionPage(Model):
    """One page of ``GET .../item-collections``."""

    data: list[KnowledgeStoreItemCollection] = attrs.Factory(list)
    page_info: PageInfo | None = None


# --- search ---------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class KnowledgeStoreSearchMatch(Model):
    """A matching clip of a video: seconds into the video, the modalities that matched, its spoken words."""

    start_sec: float | None = None
    end_sec: float | None = None
    modalities: list[str] = attrs.Factory(list)
    transcription: str | None = None


@attrs.frozen(kw_only=True)
class KnowledgeStoreSearchSystemMetadata(Model):
    """What the platform knows of a hit's asset: frame size (px), size (bytes) and, for videos, ``duration`` (s)."""

    duration: float | None = None
    width: int | None = None
    height: int | None = None
    size: int | None = None


@attrs.frozen(kw_only=True)
class KnowledgeStoreSearchMetadata(Model):
    """``metadata`` of a hit (with ``include_metadata=True``): ``system`` (duration, width, height, size) and
    ``user`` (what you attached to the item)."""

    system: KnowledgeStoreSearchSystemMetadata | None = None
    user: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class KnowledgeStoreSearchResult(Model):
    """One hit: a video (``asset_type='video'``, its clips in ``matches``, best first) or an image
    (``asset_type='image'``, no ``matches``: an image matches as a whole). ``rank`` starts at 1."""

    item_id: str
    asset_type: str | None = None
    rank: int | None = None
    matches: list[KnowledgeStoreSearchMatch] = attrs.Factory(list)
    metadata: KnowledgeStoreSearchMetadata | None = None


@attrs.frozen(kw_only=True)
class KnowledgeStoreVideoSearchOptions(Model):
    """``search_options.video``: the modalities (``visual``, ``audio``) videos are matched on."""

    modalities: list[str] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class KnowledgeStoreSearchOptions(Model):
    """The options a search ran with, defaults included (empty when the search excluded videos)."""

    video: KnowledgeStoreVideoSearchOptions | None = None


@attrs.frozen(kw_only=True)
class KnowledgeStoreSearchPage(Model):
    """One page of ``POST /knowledge-stores/{id}/search``; ``next_page_token`` is absent on the last page.

    ``knowledge_stores.search_pages`` follows the tokens for you (the token expires: a ``GoneError`` then).
    """

    data: list[KnowledgeStoreSearchResult] = attrs.Factory(list)
    next_page_token: str | None = None
    effective_search_options: KnowledgeStoreSearchOptions | None = None

    @property
    def videos(self) -> list[KnowledgeStoreSearchResult]:
        """The video hits of this page."""
        return [hit for hit in self.data if hit.asset_type == "video"]

    @property
    def images(self) -> list[KnowledgeStoreSearchResult]:
        """The image hits of this page."""
        return [hit for hit in self.data if hit.asset_type == "image"]
