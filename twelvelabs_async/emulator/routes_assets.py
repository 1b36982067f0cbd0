"""Assets (surface 2026): create by direct upload or URL, list, retrieve, delete, user metadata, and the
official SDK 1.3.6's transcription route (not in the 2026-07 spec).

- ``POST /assets`` (multipart/form-data): ``method=direct`` with ``file`` (streamed to disk, never held in
  memory; video and audio up to 200 MB, images up to 32 MB), or ``method=url`` with ``url`` (up to 4 GB, images
  32 MB; the URL is not fetched, its hints describe the file, see :mod:`.media`); optional ``filename``,
  ``enable_hls``, ``enable_thumbnail`` and ``user_metadata`` (JSON text). **201** ``Asset`` in ``processing``.
  A file over its limit is refused with 400 (the size is known at upload); a URL file over its limit, or one
  that cannot be read, makes the asset ``failed`` when processing ends, since only fetching would tell.
- ``GET /assets``: newest first, ``page``/``page_limit`` (max 50), repeated ``asset_ids`` and
  ``asset_types``, ``filename`` (case-insensitive substring).
- ``GET /assets/{asset_id}``: ``AssetDetail`` (``technical_metadata``, ``size``, ``duration`` once ready;
  ``error`` when failed; ``hls`` / ``thumbnail`` when requested).
- ``DELETE /assets/{asset_id}``: 409 while indexed assets reference the asset, unless ``force=true``, which
  deletes them with it (the spec says only that the asset is deleted "even if indexed assets reference it";
  an indexed asset without its asset could not be used, so they go too). **200**, no body.
- ``PUT`` / ``PATCH`` / ``DELETE /assets/{asset_id}/user-metadata``: replace (``""``/``null`` ignored, omitted
  keys removed), merge (``null`` deletes, ``""`` ignored), clear. **200**, no body.
- ``GET /assets/{asset_id}/transcription?include=words&include=sentences`` (1.3.6): status ``pending`` /
  ``processing`` / ``ready`` / ``failed`` and the requested segmentations; 404 for an image asset.

The spec declares no 404 for retrieving or deleting an asset (only 400), but does for its user-metadata
routes: a missing asset is 404 ``resource_not_exist`` on every route, as everywhere else in the emulator.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from aiohttp import web

from .asset_state import Asset
from .assets import TRANSCRIPTION_INCLUDES, asset_json, check_user_metadata, transcription_json
from .context import ctx, fault_of, read_json
from .errors import ApiError
from .listing import page_response, query_params
from .media import KINDS, MediaInfo, probe_file, probe_url
from .render import base_url
from .uploads import read_multipart

__all__ = ["routes"]

routes = web.RouteTableDef()

FORM_FIELDS = ("method", "file", "url", "filename", "enable_hls", "enable_thumbnail", "user_metadata")


def metadata_from_text(raw: str | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        raise ApiError.invalid("user_metadata", "Send it as a JSON-encoded object.") from None
    return check_user_metadata(value)


def _probe_path(path: str, size: int, filename: str) -> MediaInfo:
    with open(path, "rb") as fh:
        return probe_file(fh, size, filename)


def _size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size} bytes"


@routes.post("/assets")
async def create_asset(request: web.Request) -> web.Response:
    context = ctx(request)
    config = context.config
    state = context.state
    limit = max(config.max_direct_upload_bytes, config.max_image_bytes)
    form = await read_multipart(request, directory=context.upload_dir, file_fields=("file",), limit=limit,
                                slow_rate=fault_of(request).slow_upload)
    try:
        params = form.params
        params.reject_unknown(FORM_FIELDS)
        method = params.req_str("method", choices=("direct", "url"))
        upload = form.files.get("file")
        url = params.str("url")
        filename = params.str("filename")
        hls = params.bool("enable_hls", False)
        thumbnail = params.bool("enable_thumbnail", False)
        metadata = metadata_from_text(params.str("user_metadata"))
        if method == "direct":
            if url is not None:
                raise ApiError.invalid("url", "It is used with `method=url` only.")
            if upload is None:
                raise ApiError.not_provided("file")
            name = filename or upload.filename or "file"
            info = await asyncio.to_thread(_probe_path, upload.path, upload.size, name)
            cap = config.max_image_bytes if info.kind == "image" else config.max_direct_upload_bytes
            if upload.truncated or upload.size > cap:
                what = "Image files" if info.kind == "image" else "Local video and audio files"
                raise ApiError.invalid("file", f"{what} support up to {_size_text(cap)}; this one has "
                                               f"{_size_text(upload.size)}. Use a multipart upload or a URL.")
            asset_id = state.new_id()
            folder = os.path.join(context.upload_dir, "assets")
            os.makedirs(folder, exist_ok=True)
            stored = os.path.join(folder, asset_id)
            os.replace(upload.path, stored)  # kept as the asset's bytes (cleanup skips a moved file)
            asset = state.add_asset(method="direct", filename=name, kind=info.kind, file_type=info.mime,
                                    user_metadata=metadata, enable_hls=hls, enable_thumbnail=thumbnail, info=info,
                                    files=[stored], asset_id=asset_id)
        else:
            if upload is not None:
                raise ApiError.invalid("file", "It is used with `method=direct` only.")
            if url is None:
                raise ApiError.not_provided("url")
            name, info = probe_url(url, "url")
            cap = config.max_image_bytes if info.kind == "image" else config.max_url_asset_bytes
            if info.size > cap and info.error is None:
                info = info.failed(f"The file at the URL has {_size_text(info.size)}; files by URL support up "
                                   f"to {_size_text(cap)}.")
            asset = state.add_asset(method="url", filename=filename or name, kind=info.kind, file_type=info.mime,
                                    user_metadata=metadata, enable_hls=hls, enable_thumbnail=thumbnail, info=info,
                                    source_url=url)
    finally:
        form.cleanup()
    return web.json_response(asset_json(state, asset, base_url(request), detail=False), status=201)


def _list_values(values: list[str]) -> list[str]:
    """Repeated keys, each possibly a comma-separated list."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@routes.get("/assets")
async def list_assets(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit", "asset_ids", "asset_types", "filename"))
    state = ctx(request).state
    ids = set(_list_values(params.values.get("asset_ids", [])))
    types = set(_list_values(params.values.get("asset_types", [])))
    if not types <= set(KINDS):
        raise ApiError.invalid("asset_types", "Use one or more of: audio, image, video.")
    needle = (params.str("filename") or "").casefold()
    with state.lock:
        # Newest first; among assets created in the same instant, the later one first.
        items = [a for a in reversed(list(state.assets.values()))
                 if (not ids or a.id in ids) and (not types or a.kind in types)
                 and needle in a.filename.casefold()]
    items.sort(key=lambda a: a.created_at, reverse=True)
    origin = base_url(request)
    return page_response(params, items, lambda a: asset_json(state, a, origin))


def get_asset(request: web.Request) -> Asset:
    asset_id = request.match_info["asset_id"]
    asset = ctx(request).state.assets.get(asset_id)
    if asset is None:
        raise ApiError.not_found(asset_id, "assets")
    return asset


@routes.get("/assets/{asset_id}")
async def retrieve_asset(request: web.Request) -> web.Response:
    query_params(request, ())
    asset = get_asset(request)
    return web.json_response(asset_json(ctx(request).state, asset, base_url(request)))


@routes.delete("/assets/{asset_id}")
async def delete_asset(request: web.Request) -> web.Response:
    params = query_params(request, ("force",))
    asset = get_asset(request)
    force = params.bool("force", False)
    state = ctx(request).state
    with state.lock:
        references = state.indexed_assets_of(asset.id)
        if references and not force:
            # The spec documents the 409 but no error code; this one names the conflict.
            raise ApiError(409, "asset_in_use",
                           f"The asset `{asset.id}` is referenced by {len(references)} indexed asset(s). Delete "
                           "them first, or set the `force` parameter to `true`.")
        state.delete_asset(asset.id)
    return web.Response(status=200)


async def _metadata_body(request: web.Request, *, allow_null: bool) -> dict[str, Any]:
    params = await read_json(request, ("user_metadata",))
    if "user_metadata" not in params.body:
        raise ApiError.not_provided("user_metadata")
    return check_user_metadata(params.body["user_metadata"], allow_null=allow_null)


@routes.put("/assets/{asset_id}/user-metadata")
async def replace_user_metadata(request: web.Request) -> web.Response:
    asset = get_asset(request)
    # "A key set to an empty string ("") or null is ignored. A key you omit from the request body is removed."
    # The official SDK 1.3.6 documents an empty array as ignored too; the spec allows only scalar values, and
    # the spec is followed: an array is refused like any other non-scalar.
    body = await _metadata_body(request, allow_null=True)
    with ctx(request).state.lock:
        asset.user_metadata = {k: v for k, v in body.items() if v is not None and v != ""}
    return web.Response(status=200)


@routes.patch("/assets/{asset_id}/user-metadata")
async def update_user_metadata(request: web.Request) -> web.Response:
    asset = get_asset(request)
    # "A key set to null deletes that key. A key set to an empty string is ignored."
    body = await _metadata_body(request, allow_null=True)
    with ctx(request).state.lock:
        for key, value in body.items():
            if value is None:
                asset.user_metadata.pop(key, None)
            elif value != "":
                asset.user_metadata[key] = value
    return web.Response(status=200)


@routes.delete("/assets/{asset_id}/user-metadata")
async def delete_user_metadata(request: web.Request) -> web.Response:
    asset = get_asset(request)
    with ctx(request).state.lock:
        asset.user_metadata = {}
    return web.Response(status=200)


@routes.get("/assets/{asset_id}/transcription")
async def retrieve_transcription(request: web.Request) -> web.Response:
    params = query_params(request, ("include",))
    asset = get_asset(request)
    include = _list_values(params.values.get("include", [])) or ["words"]
    if any(value not in TRANSCRIPTION_INCLUDES for value in include):
        raise ApiError.invalid("include", f"Use one or more of: {', '.join(TRANSCRIPTION_INCLUDES)}.")
    if asset.kind == "image":
        # 1.3.6: "404 when the asset cannot be found or has no transcription".
        raise ApiError(404, "resource_not_exist", f"The asset `{asset.id}` is an image and has no transcription.")
    return web.json_response(transcription_json(ctx(request).state, asset, include))
