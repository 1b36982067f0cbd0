"""Assets and multipart uploads: `client.assets`, `client.multipart_upload`.

An asset is a file uploaded once and used by any workflow (indexing, analysis, embeddings). Small files and URLs
go through `POST /assets`; large local files through a multipart session whose chunks are PUT to presigned
storage URLs (`_presigned.py`; never through these routes, and never with the API key).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route, Shape
from twelvelabs_async._shapes import USER_METADATA, json_object
from twelvelabs_async.routes._common import page, page_limit, path_id, user_metadata_body

if TYPE_CHECKING:
    from twelvelabs_async.models import (
        Asset,
        AssetPage,
        AssetTranscription,
        ChunkReport,
        IncompleteUploadPage,
        MultipartUpload,
        PresignedUrls,
        UploadStatus,
    )

MAX_PRESIGNED_URLS = 50  # per request, as the spec documents


def _method_needs_its_source(args: Mapping[str, Any]) -> tuple[str, str] | None:
    method = args.get("method")
    if method == "direct" and args.get("file") is None:
        return "file", "method='direct' uploads a file: give file"
    if method == "url" and args.get("url") is None:
        return "url", "method='url' uploads from a URL: give url"
    return None


def _completed_chunks(name: str, value: object) -> list[dict[str, Any]]:
    from twelvelabs_async._errors import ArgumentError, ArgumentTypeError

    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(name, f"expected a sequence of chunks, got {type(value).__name__}")
    chunks = [json_object(f"{name}[{n}]", item) for n, item in enumerate(value)]
    if not chunks:
        raise ArgumentError(name, "report at least one chunk")
    for chunk in chunks:
        index, proof, size = chunk.get("chunk_index"), chunk.get("proof"), chunk.get("chunk_size")
        if isinstance(index, bool) or not isinstance(index, int) or index < 1:
            raise ArgumentError(name, f"chunk_index must be an int >= 1 (chunks are 1-based), got {index!r}")
        if not isinstance(proof, str) or not proof:
            raise ArgumentError(name, f"chunk {index} needs its proof: the ETag its storage PUT answered")
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ArgumentError(name, f"chunk {index} needs chunk_size, its size in bytes")
        chunk.setdefault("proof_type", "etag")
    return chunks


COMPLETED_CHUNKS = Shape(
    "Sequence[Mapping[str, Any] | Any]",
    _completed_chunks,
    "`[{'chunk_index': 1, 'proof': ETAG, 'proof_type': 'etag', 'chunk_size': BYTES}, ...]` (`proof_type` defaults "
    "to `etag`).",
)

# --- assets ------------------------------------------------------------------------------------------------------

assets_create: Route[Asset] = Route(
    "assets.create",
    "POST",
    "/assets",
    "Create an asset from a local file (at most 200 MB; larger files: `assets.upload`) or a URL (at most 4 GB). "
    "It starts `processing`: wait until it is `ready` before using it.",
    params=(
        Param(
            "method",
            Kind.STR,
            In.BODY,
            "`direct` for a file, `url` for a URL.",
            required=True,
            choices=("direct", "url"),
        ),
        Param(
            "file",
            Kind.FILE,
            In.BODY,
            "The file (method='direct'): a path, an open binary file, bytes or a `(filename, bytes)` tuple.",
        ),
        Param("url", Kind.STR, In.BODY, "A publicly accessible URL of the file, or of an HLS VOD manifest."),
        Param("filename", Kind.STR, In.BODY, "The name to keep (default: from the file or the URL)."),
        Param("enable_hls", Kind.BOOL, In.BODY, "Generate an HLS stream (video and audio).", server_default=True),
        Param("enable_thumbnail", Kind.BOOL, In.BODY, "Generate thumbnails.", server_default=True),
        Param(
            "user_metadata",
            Kind.JSON_TEXT,
            In.BODY,
            "Metadata: a mapping (or its JSON text) of str, int, float, bool or lists of str.",
            shape=USER_METADATA,
        ),
    ),
    body=Body.MULTIPART,
    success=frozenset({200, 201}),
    exactly_one_of=(("file", "url"),),
    checks=(_method_needs_its_source,),
    idempotent=False,
)

assets_list: Route[AssetPage] = Route(
    "assets.list",
    "GET",
    "/assets",
    "List the assets of the account.",
    page_item="Asset",
    paging=Paging.PAGE_NUMBER,
    params=(
        page(),
        page_limit(),
        Param("asset_ids", Kind.STR_LIST, In.QUERY, "Only these assets (each id sent as its own key)."),
        Param(
            "asset_types",
            Kind.STR_LIST,
            In.QUERY,
            "Only these types.",
            choices=("video", "audio", "image", "document"),
        ),
        Param("filename", Kind.STR, In.QUERY, "Only assets whose file name contains this (case-insensitive)."),
    ),
)

assets_retrieve: Route[Asset] = Route(
    "assets.retrieve",
    "GET",
    "/assets/{asset_id}",
    "Retrieve an asset: its status, and once `ready` its size, duration and technical metadata.",
    params=(path_id("asset_id", "asset"),),
)

assets_delete: Route[None] = Route(
    "assets.delete",
    "DELETE",
    "/assets/{asset_id}",
    "Delete an asset. While indexed assets use it the API answers 409, unless `force=True` deletes them too.",
    params=(
        path_id("asset_id", "asset"),
        Param(
            "force",
            Kind.BOOL,
            In.QUERY,
            "Also delete the indexed assets that use it (and unlink its entities).",
            server_default=False,
        ),
    ),
    success=frozenset({200, 204}),
)

# The official SDK 1.3.6 has this operation; the 2026-07 spec does not describe it yet. The SDK's wire is followed.
assets_retrieve_transcription: Route[AssetTranscription] = Route(
    "assets.retrieve_transcription",
    "GET",
    "/assets/{asset_id}/transcription",
    "Retrieve the transcription of an asset's speech: words, sentences and/or speaker turns.",
    params=(
        path_id("asset_id", "asset"),
        Param(
            "include",
            Kind.STR_LIST,
            In.QUERY,
            "The segmentations to return.",
            choices=("words", "sentences", "utterances"),
        ),
    ),
)

assets_replace_user_metadata: Route[None] = Route(
    "assets.replace_user_metadata",
    "PUT",
    "/assets/{asset_id}/user-metadata",
    "Replace an asset's user metadata with the given keys (the others are removed).",
    params=(path_id("asset_id", "asset"), user_metadata_body("The new metadata.")),
    body=Body.JSON,
    success=frozenset({200, 204}),
)

assets_update_user_metadata: Route[None] = Route(
    "assets.update_user_metadata",
    "PATCH",
    "/assets/{asset_id}/user-metadata",
    "Merge keys into an asset's user metadata; a key set to None is removed.",
    params=(path_id("asset_id", "asset"), user_metadata_body("Keys to set; None removes a key.")),
    body=Body.JSON,
    success=frozenset({200, 204}),
)

assets_delete_user_metadata: Route[None] = Route(
    "assets.delete_user_metadata",
    "DELETE",
    "/assets/{asset_id}/user-metadata",
    "Remove all of an asset's user metadata.",
    params=(path_id("asset_id", "asset"),),
    success=frozenset({200, 204}),
)

# --- multipart upload sessions ------------------------------------------------------------------------------------

multipart_upload_create: Route[MultipartUpload] = Route(
    "multipart_upload.create",
    "POST",
    "/assets/multipart-uploads",
    "Start a multipart upload of a local file (video and audio up to 10 GB, images up to 32 MB); "
    "`multipart_upload.upload_file` does the whole upload for you.",
    params=(
        Param("filename", Kind.STR, In.BODY, "The file's name.", required=True),
        Param("type", Kind.STR, In.BODY, "The kind of file.", required=True, choices=("video", "audio", "image")),
        Param("total_size", Kind.INT, In.BODY, "The file's size in bytes.", required=True, minimum=1),
        Param("enable_hls", Kind.BOOL, In.BODY, "Generate an HLS stream (video and audio)."),
        Param("enable_thumbnail", Kind.BOOL, In.BODY, "Generate thumbnails."),
        user_metadata_body("Metadata of the asset (str, int, float, bool or lists of str)."),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
)

multipart_upload_list_incomplete_uploads: Route[IncompleteUploadPage] = Route(
    "multipart_upload.list_incomplete_uploads",
    "GET",
    "/assets/multipart-uploads",
    "List the account's upload sessions that can still be resumed (sessions live 24 hours).",
    page_item="IncompleteUpload",
    paging=Paging.PAGE_NUMBER,
    params=(page(), page_limit()),
)

multipart_upload_get_status: Route[UploadStatus] = Route(
    "multipart_upload.get_status",
    "GET",
    "/assets/multipart-uploads/{upload_id}",
    "The status of an upload session, page by page over its chunks.",
    page_item="ChunkInfo",
    page_items="uploaded_chunks",
    paging=Paging.PAGE_NUMBER,
    params=(path_id("upload_id", "upload session"), page(), page_limit()),
)

multipart_upload_report_chunk_batch: Route[ChunkReport] = Route(
    "multipart_upload.report_chunk_batch",
    "POST",
    "/assets/multipart-uploads/{upload_id}",
    "Report uploaded chunks with the ETag each storage PUT answered; the upload completes when every chunk is "
    "reported. Re-reporting a chunk is harmless (counted as a duplicate).",
    params=(
        path_id("upload_id", "upload session"),
        Param(
            "completed_chunks",
            Kind.JSON,
            In.BODY,
            "The chunks. " + COMPLETED_CHUNKS.doc,
            required=True,
            shape=COMPLETED_CHUNKS,
        ),
    ),
    body=Body.JSON,
)

multipart_upload_get_additional_presigned_urls: Route[PresignedUrls] = Route(
    "multipart_upload.get_additional_presigned_urls",
    "POST",
    "/assets/multipart-uploads/{upload_id}/presigned-urls",
    "Fresh presigned URLs for chunks `start` to `start + count - 1` (URLs expire after an hour and are single "
    "use).",
    params=(
        path_id("upload_id", "upload session"),
        Param("start", Kind.INT, In.BODY, "The first chunk (1-based).", required=True, minimum=1),
        Param(
            "count",
            Kind.INT,
            In.BODY,
            "How many URLs.",
            required=True,
            minimum=1,
            maximum=MAX_PRESIGNED_URLS,
        ),
    ),
    body=Body.JSON,
)
