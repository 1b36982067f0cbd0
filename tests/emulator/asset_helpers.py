"""Helpers for the asset, multipart and indexed-asset tests (raw aiohttp, no SDK)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import aiohttp
from emulator_helpers import form

MARENGO = [{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}]


async def json_of(resp: aiohttp.ClientResponse) -> Any:
    return await resp.json(content_type=None)


async def direct_asset(http: aiohttp.ClientSession, base: str, path: Path, **fields: Any) -> dict[str, Any]:
    """``POST /assets`` with ``method=direct``; asserts the 201 and returns the asset."""
    async with http.post(f"{base}/assets", data=form(method="direct", file=path, **fields)) as resp:
        body = await json_of(resp)
        assert resp.status == 201, body
        return dict(body)


async def url_asset(http: aiohttp.ClientSession, base: str, url: str, **fields: Any) -> dict[str, Any]:
    async with http.post(f"{base}/assets", data=form(method="url", url=url, **fields)) as resp:
        body = await json_of(resp)
        assert resp.status == 201, body
        return dict(body)


async def get_asset(http: aiohttp.ClientSession, base: str, asset_id: str) -> dict[str, Any]:
    async with http.get(f"{base}/assets/{asset_id}") as resp:
        assert resp.status == 200
        return dict(await resp.json())


async def create_session(http: aiohttp.ClientSession, base: str, filename: str, total_size: int,
                         kind: str = "video", **extra: Any) -> dict[str, Any]:
    async with http.post(f"{base}/assets/multipart-uploads",
                         json={"filename": filename, "type": kind, "total_size": total_size, **extra}) as resp:
        body = await json_of(resp)
        assert resp.status == 201, body
        return dict(body)


async def fresh_urls(http: aiohttp.ClientSession, base: str, upload_id: str, start: int,
                     count: int) -> dict[int, str]:
    async with http.post(f"{base}/assets/multipart-uploads/{upload_id}/presigned-urls",
                         json={"start": start, "count": count}) as resp:
        body = await json_of(resp)
        assert resp.status == 200, body
        return {u["chunk_index"]: u["url"] for u in body["upload_urls"]}


def window(data: bytes, chunk_size: int, index: int) -> bytes:
    return data[(index - 1) * chunk_size: index * chunk_size]


async def put_chunk(raw: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str],
                    **extra_headers: str) -> tuple[int, str | None, str]:
    """PUT one chunk to storage (a session without the API key); returns status, ETag and body text."""
    async with raw.put(url, data=body, headers={**headers, **extra_headers}) as resp:
        return resp.status, resp.headers.get("ETag"), await resp.text()


def completed(index: int, etag: str, size: int) -> dict[str, Any]:
    return {"chunk_index": index, "proof": etag, "proof_type": "etag", "chunk_size": size}


async def report(http: aiohttp.ClientSession, base: str, upload_id: str,
                 chunks: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    async with http.post(f"{base}/assets/multipart-uploads/{upload_id}", json={"completed_chunks": chunks}) as resp:
        return resp.status, dict(await json_of(resp))


async def upload_all(http: aiohttp.ClientSession, raw: aiohttp.ClientSession, base: str, data: bytes,
                     filename: str = "dog_park.mp4", kind: str = "video") -> dict[str, Any]:
    """The whole multipart flow for ``data``: create, fetch missing URLs, PUT each chunk, report all."""
    session = await create_session(http, base, filename, len(data), kind)
    upload_id, size, total = session["upload_id"], session["chunk_size"], session["total_chunks"]
    urls = {u["chunk_index"]: u["url"] for u in session["upload_urls"]}
    for start in range(1, total + 1, 50):
        missing = [i for i in range(start, min(start + 50, total + 1)) if i not in urls]
        if missing:
            urls.update(await fresh_urls(http, base, upload_id, missing[0], missing[-1] - missing[0] + 1))
    chunks = []
    for index in range(1, total + 1):
        body = window(data, size, index)
        status, etag, text = await put_chunk(raw, urls[index], body, session["upload_headers"])
        assert status == 200 and etag is not None, text
        assert etag == f'"{hashlib.md5(body).hexdigest()}"'
        chunks.append(completed(index, etag, len(body)))
    status, result = await report(http, base, upload_id, chunks)
    assert status == 200 and result["total_completed"] == total and "url" in result, result
    return {**session, "report": result}
