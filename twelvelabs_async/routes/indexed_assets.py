"""Indexed assets: an asset indexed into an index, `client.indexes.indexed_assets` (today's replacement of
`POST /tasks` and `indexes.videos`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route
from twelvelabs_async.routes._common import (
    EMBEDDING_OPTIONS,
    created_at,
    page,
    page_limit,
    path_id,
    range_filter,
    sort_by,
    sort_option,
    updated_at,
    user_metadata_body,
    user_metadata_filter,
)

if TYPE_CHECKING:
    from twelvelabs_async.models import IndexedAsset, IndexedAssetCreated, IndexedAssetPage, IndexedAssetRefPage

INDEXED_ASSET_STATUSES = ("pending", "queued", "indexing", "ready", "failed")

indexes_indexed_assets_create: Route[IndexedAssetCreated] = Route(
    "indexes.indexed_assets.create",
    "POST",
    "/indexes/{index_id}/indexed-assets",
    "Index an asset (it must be `ready`); indexing runs in the background: wait for the indexed asset.",
    params=(
        path_id("index_id", "index"),
        Param("asset_id", Kind.STR, In.BODY, "The asset to index.", required=True),
        Param("enable_video_stream", Kind.BOOL, In.BODY, "Keep an HLS stream of the indexed video."),
        user_metadata_body("Metadata of the indexed asset (str, int, float, bool or lists of str)."),
    ),
    body=Body.JSON,
    success=frozenset({200, 201, 202}),
    idempotent=False,
)

indexes_indexed_assets_list: Route[IndexedAssetPage] = Route(
    "indexes.indexed_assets.list",
    "GET",
    "/indexes/{index_id}/indexed-assets",
    "List the indexed assets of an index.",
    page_item="IndexedAsset",
    paging=Paging.PAGE_NUMBER,
    params=(
        path_id("index_id", "index"),
        page(),
        page_limit(),
        sort_by(),
        sort_option(),
        Param(
            "status",
            Kind.STR_LIST,
            In.QUERY,
            "Only these statuses (each sent as its own `status` key).",
            choices=INDEXED_ASSET_STATUSES,
        ),
        Param("filename", Kind.STR, In.QUERY, "Filter by file name."),
        range_filter("duration", "duration in seconds"),
        range_filter("fps", "frames per second"),
        range_filter("width", "width in pixels", integer=True),
        range_filter("height", "height in pixels", integer=True),
        range_filter("size", "size in bytes"),
        created_at("indexed assets"),
        updated_at("indexed assets"),
        user_metadata_filter(),
    ),
)

indexes_indexed_assets_retrieve: Route[IndexedAsset] = Route(
    "indexes.indexed_assets.retrieve",
    "GET",
    "/indexes/{index_id}/indexed-assets/{indexed_asset_id}",
    "Retrieve an indexed asset, optionally with its embeddings and transcription.",
    params=(
        path_id("index_id", "index"),
        path_id("indexed_asset_id", "indexed asset"),
        Param(
            "embedding_option",
            Kind.STR_LIST,
            In.QUERY,
            "Embeddings to include (each sent as its own `embedding_option` key).",
            choices=EMBEDDING_OPTIONS,
        ),
        Param("transcription", Kind.BOOL, In.QUERY, "Include the transcription of the spoken words."),
    ),
)

indexes_indexed_assets_update: Route[None] = Route(
    "indexes.indexed_assets.update",
    "PATCH",
    "/indexes/{index_id}/indexed-assets/{indexed_asset_id}",
    "Merge user metadata into an indexed asset: keys given are set, a key set to None is removed.",
    params=(
        path_id("index_id", "index"),
        path_id("indexed_asset_id", "indexed asset"),
        user_metadata_body("Keys and values to merge; None removes a key."),
    ),
    body=Body.JSON,
    success=frozenset({200, 204}),
)

indexes_indexed_assets_delete: Route[None] = Route(
    "indexes.indexed_assets.delete",
    "DELETE",
    "/indexes/{index_id}/indexed-assets/{indexed_asset_id}",
    "Delete an indexed asset (the asset itself stays).",
    params=(path_id("index_id", "index"), path_id("indexed_asset_id", "indexed asset")),
    success=frozenset({200, 204}),
)

indexes_indexed_assets_list_by_asset: Route[IndexedAssetRefPage] = Route(
    "indexes.indexed_assets.list_by_asset",
    "GET",
    "/assets/{asset_id}/indexed-assets",
    "List the indexed assets made from an asset, each with its index (which indexes hold this file?).",
    page_item="IndexedAssetRef",
    paging=Paging.PAGE_NUMBER,
    params=(path_id("asset_id", "asset"), page(), page_limit()),
)
