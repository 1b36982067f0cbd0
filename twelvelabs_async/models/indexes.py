"""Indexes: ``POST /indexes``, ``GET /indexes``, ``GET /indexes/{index-id}``."""

from __future__ import annotations

import attrs

from ._base import WIRE_ID, Model
from .common import PageInfo

__all__ = ["Index", "IndexCreated", "IndexModel", "IndexPage"]


@attrs.frozen
class IndexModel(Model):
    """One video understanding model enabled on an index: ``{model_name, model_options}``.

    Also the input of ``indexes.create``: ``IndexModel("marengo2.7", ["visual", "audio"])`` (positional or
    keyword). Known ``model_name`` values: ``marengo2.7``, ``pegasus1.2``; ``model_options``: ``visual``,
    ``audio``.
    """

    model_name: str
    model_options: list[str] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class Index(Model):
    """An index (``GET /indexes/{index-id}`` and the items of ``GET /indexes``).

    ``expires_at`` is ``None`` on the Developer plan. ``total_duration`` is in seconds. The timestamps are the
    API's RFC 3339 strings and ``video_count`` a float (``3.0``), as the official SDK gives them.
    """

    id: str = attrs.field(metadata=WIRE_ID)
    index_name: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    expires_at: str | None = None
    models: list[IndexModel] = attrs.Factory(list)
    addons: list[str] = attrs.Factory(list)
    video_count: float | None = None
    total_duration: float | None = None


@attrs.frozen(kw_only=True)
class IndexCreated(Model):
    """Response of ``POST /indexes`` (201): ``{"_id": ...}``."""

    id: str = attrs.field(metadata=WIRE_ID)


@attrs.frozen(kw_only=True)
class IndexPage(Model):
    """One page of ``GET /indexes``."""

    data: list[Index] = attrs.Factory(list)
    page_info: PageInfo | None = None
