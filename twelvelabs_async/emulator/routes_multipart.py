"""Multipart uploads to presigned storage (surface 2026): the five ``/assets/multipart-uploads`` operations.

- ``POST /assets/multipart-uploads`` ``{filename, type: video|audio|image, total_size, enable_hls?,
  enable_thumbnail?, user_metadata?}`` -> **201** ``{upload_id, asset_id, upload_urls, upload_headers,
  chunk_size, total_chunks, expires_at}``. ``total_size`` up to 10 GB (images 32 MB). The chunk size is the
  emulator's ``multipart_chunk_size`` (grown to keep at most 10,000 chunks); ``upload_urls`` covers the first
  ``multipart_initial_urls`` chunks. The asset is reserved at once (``processing``) and its id is the
  ``asset_id`` of the response. The session lives 24 h.
- ``GET /assets/multipart-uploads``: the sessions that are not ``completed`` (``active``, and ``expired`` or
  ``failed`` ones too: the summary carries a ``status`` so a client can tell), newest first.
- ``GET /assets/multipart-uploads/{upload_id}?page=&page_limit=``: the session's status, chunk counts,
  ``uploaded_size`` (bytes of the reported chunks) and one page (max 50) of ``uploaded_chunks`` by index.
- ``POST /assets/multipart-uploads/{upload_id}`` ``{completed_chunks: [{chunk_index, proof, proof_type:
  "etag", chunk_size}]}``: each proof must be the ETag the storage server returned for that chunk's latest
  PUT (quotes optional: the official SDK strips them). A batch with a wrong or missing proof is refused whole
  (400) and those chunks become ``failed`` with an ``error``; re-uploading and reporting them clears that.
  Chunks already reported count as ``duplicate_chunks`` and change nothing, also after completion (so a client
  that lost the answer of its last report can send it again and get the ``url``). The report that completes
  the last chunk completes the session and starts processing the asset; ``url`` is then the asset's bytes on
  the storage server.
- ``POST /assets/multipart-uploads/{upload_id}/presigned-urls`` ``{start (1-based), count (1-50)}``: fresh
  URLs, each valid one hour, for chunks ``start .. start+count-1`` (which must exist).

A session that is ``expired`` or ``failed`` cannot be resumed: reports and URL requests answer 400
(``upload_session_expired`` / ``upload_session_failed``; the spec documents the statuses but no codes), and
its URLs answer 404 ``NoSuchUpload`` on storage. A ``completed`` session refuses new URLs the same way
(``upload_session_completed``).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import math
import os
from typing import Any

from aiohttp import web

from .asset_state import MAX_CHUNKS, UPLOAD_TTL, URL_TTL, MultipartUpload, UploadChunk
from .assets import check_user_metadata
from .clock import rfc3339
from .context import EmulatorContext, ctx, read_json
from .errors import ApiError
from .listing import query_params
from .media import ConcatReader, MediaInfo, mime_for, probe_file
from .state import EmulatorState
from .storage import StorageServer

__all__ = ["routes"]

routes = web.RouteTableDef()

MIB = 1024 * 1024
MAX_URLS_PER_REQUEST = 50


def _storage(context: EmulatorContext) -> StorageServer:
    if context.storage is None:
        raise ApiError(500, "internal_error", "This emulator runs without a storage server for multipart uploads.")
    return context.storage


def _chunk_size(context: EmulatorContext, total_size: int) -> int:
    size = context.config.multipart_chunk_size
    if math.ceil(total_size / size) > MAX_CHUNKS:
        size = math.ceil(total_size / MAX_CHUNKS / MIB) * MIB
    return size


@routes.post("/assets/multipart-uploads")
async def create_upload(request: web.Request) -> web.Response:
    context = ctx(request)
    storage = _storage(context)
    params = await read_json(request, ("filename", "type", "total_size", "enable_hls", "enable_thumbnail",
                                       "user_metadata"))
    filename = params.req_str("filename")
    kind = params.req_str("type", choices=("video", "audio", "image"))
    if params.body.get("total_size") is None:
        raise ApiError.not_provided("total_size")
    total_size = params.int("total_size", 0, lo=1)
    cap = context.config.max_image_bytes if kind == "image" else context.config.max_multipart_bytes
    if total_size > cap:
        what = "images" if kind == "image" else "video and audio files"
        raise ApiError.invalid("total_size", f"Multipart uploads of {what} support up to {cap:,} bytes.")
    hls = params.bool("enable_hls", False)
    thumbnail = params.bool("enable_thumbnail", False)
    raw_metadata = params.object("user_metadata")
    metadata = check_user_metadata(raw_metadata) if raw_metadata is not None else None
    chunk_size = _chunk_size(context, total_size)
    state = context.state
    with state.lock:
        now = state.clock.now()
        upload_id = state.new_id()
        directory = os.path.join(context.upload_dir, "multipart", upload_id)
        os.makedirs(directory, exist_ok=True)
        asset = state.add_asset(method="multipart", filename=os.path.basename(filename) or filename, kind=kind,
                                file_type=mime_for(kind, filename), user_metadata=metadata, enable_hls=hls,
                                enable_thumbnail=thumbnail, processing=False)
        asset.upload_id = upload_id
        count = math.ceil(total_size / chunk_size)
        chunks = [UploadChunk(i, chunk_size if i < count else total_size - chunk_size * (count - 1), now)
                  for i in range(1, count + 1)]
        upload = MultipartUpload(upload_id, asset.id, asset.filename, kind, total_size, chunk_size, now,
                                 now + UPLOAD_TTL, directory, chunks, now)
        state.uploads[upload_id] = upload
        urls = [storage.presign(upload, i) for i in range(1, min(count, context.config.multipart_initial_urls) + 1)]
    return web.json_response({
        "upload_id": upload.id,
        "asset_id": asset.id,
        "upload_urls": urls,
        "upload_headers": dict(context.config.multipart_upload_headers),
        "chunk_size": chunk_size,
        "total_chunks": upload.total_chunks,
        "expires_at": rfc3339(upload.expires_at),
    }, status=201)


@routes.get("/assets/multipart-uploads")
async def list_incomplete(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit"))
    state = ctx(request).state
    page = params.int("page", 1, lo=1)
    limit = params.int("page_limit", 10, lo=1, hi=50)
    with state.lock:
        items = [u for u in reversed(list(state.uploads.values())) if u.completed_at is None]
        items.sort(key=lambda u: u.created_at, reverse=True)
        chunk = items[(page - 1) * limit: page * limit]
        data = [{
            "upload_id": u.id, "status": state.upload_status(u)[0], "total_size": u.total_size,
            "chunk_size": u.chunk_size, "total_chunks": u.total_chunks, "created_at": rfc3339(u.created_at),
            "expires_at": rfc3339(u.expires_at),
        } for u in chunk]
    return web.json_response({"data": data, "page_info": _page_info(page, limit, len(items))})


def _page_info(page: int, limit: int, total: int) -> dict[str, int]:
    return {"page": page, "limit_per_page": limit, "total_page": (total + limit - 1) // limit,
            "total_results": total}


def get_upload(request: web.Request) -> MultipartUpload:
    upload_id = request.match_info["upload_id"]
    upload = ctx(request).state.uploads.get(upload_id)
    if upload is None:
        raise ApiError.not_found(upload_id, "multipart_uploads")
    return upload


def _chunk_json(chunk: UploadChunk) -> dict[str, Any]:
    out: dict[str, Any] = {
        "index": chunk.index,
        "status": chunk.status,
        "uploaded_at": rfc3339(chunk.reported_at) if chunk.reported_at is not None else None,
        "updated_at": rfc3339(chunk.updated_at),
    }
    if chunk.status == "failed":
        out["error"] = chunk.error
    return out


@routes.get("/assets/multipart-uploads/{upload_id}")
async def get_status(request: web.Request) -> web.Response:
    params = query_params(request, ("page", "page_limit"))
    upload = get_upload(request)
    page = params.int("page", 1, lo=1)
    limit = params.int("page_limit", 10, lo=1, hi=50)
    state = ctx(request).state
    with state.lock:
        status, _ = state.upload_status(upload)
        completed = [c for c in upload.chunks if c.status == "completed"]
        failed = sum(1 for c in upload.chunks if c.status == "failed")
        body = {
            "upload_id": upload.id,
            "status": status,
            "uploaded_chunks": [_chunk_json(c) for c in upload.chunks[(page - 1) * limit: page * limit]],
            "chunks_completed": len(completed),
            "chunks_failed": failed,
            "chunks_pending": upload.total_chunks - len(completed) - failed,
            "page_info": _page_info(page, limit, upload.total_chunks),
            "total_size": upload.total_size,
            "uploaded_size": sum(c.size for c in completed),
            "created_at": rfc3339(upload.created_at),
            "updated_at": rfc3339(upload.updated_at),
        }
    return web.json_response(body)


def _refuse_unless_active(state: EmulatorState, upload: MultipartUpload, *, completed_ok: bool) -> str:
    status, _ = state.upload_status(upload)
    if status == "expired":
        raise ApiError(400, "upload_session_expired",
                       f"The upload session `{upload.id}` expired at {rfc3339(upload.expires_at)} and cannot be "
                       "resumed. Create a new upload session.")
    if status == "failed":
        raise ApiError(400, "upload_session_failed",
                       f"The upload session `{upload.id}` failed and cannot be resumed. Create a new upload session.")
    if status == "completed" and not completed_ok:
        raise ApiError(400, "upload_session_completed",
                       f"The upload session `{upload.id}` is completed: every chunk has been reported.")
    return status


def _normalize_etag(value: str) -> str:
    return value.strip().strip('"').strip().lower()


@routes.post("/assets/multipart-uploads/{upload_id}")
async def report_chunks(request: web.Request) -> web.Response:
    upload = get_upload(request)
    context = ctx(request)
    state = context.state
    params = await read_json(request, ("completed_chunks",))
    raw = params.body.get("completed_chunks")
    if raw is None:
        raise ApiError.not_provided("completed_chunks")
    if not isinstance(raw, list) or not raw:
        raise ApiError.invalid("completed_chunks", "Provide a non-empty array of completed chunks.")
    reports: list[tuple[int, str]] = []
    for n, item in enumerate(raw):
        where = f"completed_chunks[{n}]"
        if not isinstance(item, dict):
            raise ApiError.invalid(where, "It must be an object.")
        unknown = [f"{where}.{k}" for k in item if k not in ("chunk_index", "proof", "proof_type", "chunk_size")]
        if unknown:
            raise ApiError.unknown(unknown)
        for key in ("chunk_index", "proof", "proof_type", "chunk_size"):
            if item.get(key) is None:
                raise ApiError.not_provided(f"{where}.{key}")
        index, proof, size = item["chunk_index"], item["proof"], item["chunk_size"]
        if isinstance(index, bool) or not isinstance(index, int) or upload.chunk(index) is None:
            raise ApiError.invalid(f"{where}.chunk_index", f"Use a chunk number from 1 to {upload.total_chunks}.")
        if item["proof_type"] != "etag":
            raise ApiError.invalid(f"{where}.proof_type", "The supported value is `etag`.")
        if not isinstance(proof, str) or not proof.strip():
            raise ApiError.invalid(f"{where}.proof", "It must be the ETag returned by the chunk's upload.")
        chunk = upload.chunk(index)
        assert chunk is not None
        if isinstance(size, bool) or not isinstance(size, int) or size != chunk.size:
            raise ApiError.invalid(f"{where}.chunk_size", f"Chunk {index} has {chunk.size} bytes.")
        reports.append((index, _normalize_etag(proof)))
    with state.lock:
        _refuse_unless_active(state, upload, completed_ok=True)
        now = state.clock.now()
        # Check the whole batch first: a batch with a bad proof changes nothing but the chunks it names.
        bad: list[int] = []
        for index, proof in reports:
            chunk = upload.chunk(index)
            assert chunk is not None
            if chunk.completed is not None:
                continue
            if chunk.received is None:
                chunk.error = "The storage server has not received this chunk; upload it before reporting it."
            elif chunk.received.etag != proof:
                chunk.error = "The proof does not match the ETag the storage server returned for this chunk."
            else:
                continue
            chunk.updated_at = now
            bad.append(index)
        if bad:
            upload.updated_at = now
            raise ApiError.invalid("completed_chunks", "The proof of chunk(s) "
                                   f"{', '.join(map(str, sorted(set(bad))))} does not match what the storage server "
                                   "received. Upload them again and report the new ETags.")
        processed = duplicates = 0
        for index, _proof in reports:
            chunk = upload.chunk(index)
            assert chunk is not None
            if chunk.completed is not None:
                duplicates += 1
                continue
            chunk.completed = chunk.received
            chunk.reported_at = now
            chunk.updated_at = now
            chunk.error = None
            processed += 1
        if processed:
            upload.updated_at = now
        total = sum(1 for c in upload.chunks if c.completed is not None)
        finishing = upload.completed_at is None and total == upload.total_chunks
        if finishing:
            upload.completed_at = now
    if finishing:
        await _complete(state, upload)
    body: dict[str, Any] = {"asset_id": upload.asset_id, "processed_chunks": processed,
                            "duplicate_chunks": duplicates, "total_completed": total}
    if upload.completed_at is not None:
        asset = state.assets.get(upload.asset_id)
        if asset is not None:
            body["url"] = _storage(context).asset_url(asset)
    return web.json_response(body)


def _probe_chunks(paths: list[str], size: int, filename: str, kind: str) -> MediaInfo:
    with io.BufferedReader(ConcatReader(paths)) as fh:
        return probe_file(fh, size, filename, declared=kind)


async def _complete(state: EmulatorState, upload: MultipartUpload) -> None:
    """All chunks reported: the asset's bytes are the pinned chunks; probe them and start processing."""
    paths = [c.completed.path for c in upload.chunks if c.completed is not None]
    info = await asyncio.to_thread(_probe_chunks, paths, upload.total_size, upload.filename, upload.type)
    with state.lock:
        keep = set(paths)
        for chunk in upload.chunks:
            if chunk.received is not None and chunk.received.path not in keep:
                with contextlib.suppress(OSError):
                    os.remove(chunk.received.path)
        asset = state.assets.get(upload.asset_id)
        if asset is None:  # deleted meanwhile: its bytes go too
            for path in paths:
                with contextlib.suppress(OSError):
                    os.remove(path)
            return
        asset.info = info
        asset.files = paths
        asset.file_type = info.mime
        asset.processing_since = upload.completed_at


@routes.post("/assets/multipart-uploads/{upload_id}/presigned-urls")
async def more_urls(request: web.Request) -> web.Response:
    upload = get_upload(request)
    context = ctx(request)
    storage = _storage(context)
    params = await read_json(request, ("start", "count"))
    for name in ("start", "count"):
        if params.body.get(name) is None:
            raise ApiError.not_provided(name)
    start = params.int("start", 1, lo=1, hi=upload.total_chunks)
    count = params.int("count", 1, lo=1, hi=MAX_URLS_PER_REQUEST)
    if start + count - 1 > upload.total_chunks:
        raise ApiError.invalid("count", f"The session has {upload.total_chunks} chunks; `start + count - 1` must "
                                        "not exceed it.")
    state = context.state
    with state.lock:
        _refuse_unless_active(state, upload, completed_ok=False)
        now = state.clock.now()
        urls = [storage.presign(upload, i) for i in range(start, start + count)]
    return web.json_response({
        "upload_id": upload.id, "start_index": start, "count": count, "upload_urls": urls,
        "generated_at": rfc3339(now), "expires_at": rfc3339(int(now) + URL_TTL),
    })
