"""Multipart upload throughput and memory: our ``upload_file`` / ``assets.upload`` against raw aiohttp and the
official SDK 1.3.6, through a minimal API and storage server that is not the bottleneck.

    python benchmarks/multipart_upload.py --scenario one-big|many|both [--rounds 3] [--concurrency 5]
        [--file-concurrency 4] [--chunk-mib 8] [--sides raw,ours,ours-assets,official-sync,official-async]
        [--official-python /tmp/bench-official136/bin/python] [--api-latency-ms 0] [--json PATH]

Scenarios: ``one-big`` is one 2 GiB file, ``many`` is 16 files of 256 MiB uploaded ``--file-concurrency`` at a
time. Every file goes through the 2026 multipart flow (``POST /assets/multipart-uploads``, a presigned PUT per
chunk, ``POST /assets/multipart-uploads/{id}`` reports in batches of 10, more URLs from ``.../presigned-urls``
when the create answer's first 10 run out) and then waits until ``GET /assets/{id}`` says ``ready``.

Sides, each in a fresh process, run in a rotating order in every round. Each process first uploads a 65 MiB
warm-up file with the same client (lazy imports, first-use code paths, connection pools: once-per-process costs,
not a file's), then the server's books are reset and the measured part starts: MiB/s and CPU seconds are the
measured part's. Peak RSS growth is sampled every 10 ms from after ``import`` of the library, before the client
is made, to the end (the warm-up included, so it can only overstate). Reported: the median and the best of the
rounds, each against raw's median and best.

- ``raw``: the same flow written by hand with aiohttp: each chunk a window of the open file (``data=`` the file
  seeked to the chunk with an explicit ``Content-Length``: aiohttp streams it in 256 KiB executor reads), the
  same chunk concurrency, reports every 10 chunks, URLs fetched 50 at a time;
- ``ours``: ``client.multipart_upload.upload_file(path, max_workers=C)`` then ``client.assets.wait_for_done``;
- ``ours-assets``: ``client.assets.upload(path, concurrency=C)`` (multipart above 64 MiB, waits for ready);
- ``official-sync`` / ``official-async``: the official SDK 1.3.6 ``multipart_upload.upload_file(path,
  max_workers=C)`` then ``assets.retrieve`` every 5 s until ready (its README's loop), run by the interpreter of
  a separate venv (``--official-python``; the side is skipped, with a note, when it is absent) through
  ``_official136.py``. Files are uploaded ``--file-concurrency`` at a time by every side (threads for the
  official sync client).

The server is one subprocess: a small aiohttp API on one port and, on another, a storage endpoint built like
``upload_throughput._Sink`` (an ``asyncio.BufferedProtocol`` reading every body into one reused 1 MiB buffer,
answering each PUT with an ``ETag``, hashing nothing). It still checks every side: a report's proof must be the
ETag the storage answered for that chunk and its size the chunk's, every byte of every file must have reached
the storage, and no PUT may carry ``x-api-key`` (a run that breaks one of these fails). ``--api-latency-ms``
delays every API answer (not the PUTs) to stand for a real API's round trip. The chunk size is the server's
choice, as in the API: 8 MiB by default (the emulator's; the real service does not document its own), grown to
keep at most 10,000 chunks.

Files are real random data (not sparse), written once into a temporary folder, reused by every side and round
(so the page cache is warm for all), and deleted at the end; the servers are killed at the end, also on error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import aiohttp
import psutil
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # ``python benchmarks/multipart_upload.py`` puts benchmarks/ first, not the checkout
    sys.path.insert(0, str(ROOT))

from benchmarks.upload_throughput import MIB, PeakRss  # noqa: E402
from twelvelabs_async._mp4 import write_sample_mp4  # noqa: E402

API_KEY = "tlk_bench"
GIB = 1024 * MIB
INITIAL_URLS = 10  # presigned URLs in a create answer (the emulator's default)
MAX_URLS = 50  # per presigned-urls request (the API's limit)
MAX_CHUNKS = 10_000
REPORT_EVERY = 10  # the default batch of both SDKs' upload_file
URL_TTL = 3600.0
UPLOAD_HEADERS = {"Content-Type": "application/octet-stream"}  # the emulator's default upload_headers
SIDES = ("raw", "ours", "ours-assets", "official-sync", "official-async")
DEFAULT_OFFICIAL_PYTHON = "/tmp/bench-official136/bin/python"
OFFICIAL_SCRIPT = Path(__file__).resolve().parent / "_official136.py"
READY_TIMEOUT = 60.0  # seconds a side may wait for one asset to be ready (the server makes it ready at once)


def _rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _new_id() -> str:
    return uuid.uuid4().hex[:24]  # the API's ids are 24 hex digits


# --- the server (a subprocess: python multipart_upload.py --serve) -------------------------------------------


class _Books:
    """What the storage endpoint received and what the API knows, shared by both (one process, one loop)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.received: dict[tuple[str, int], tuple[str, int]] = {}  # (upload_id, chunk) -> (etag, bytes)
        self.storage_bytes = 0
        self.puts = 0
        self.puts_with_api_key = 0
        self.refused = 0
        self.routes: Counter[str] = Counter()
        self.report_sizes: Counter[int] = Counter()  # chunks per report request -> requests
        self.uploads: dict[str, dict[str, Any]] = {}
        self.assets: dict[str, dict[str, Any]] = {}


BOOKS = _Books()


class _StorageSink(asyncio.BufferedProtocol):
    """Presigned PUTs, as ``upload_throughput._Sink`` reads bodies (one reused 1 MiB buffer, nothing parsed but
    the head), plus what the checks need: the chunk from the URL's query, the body's length, an ``ETag``."""

    def __init__(self) -> None:
        self.buffer = bytearray(MIB)
        self.head = b""
        self.remaining: int | None = None
        self.body_bytes = 0
        self.target: tuple[str, int] | None = None
        self.ok = True
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def get_buffer(self, sizehint: int) -> memoryview:
        return memoryview(self.buffer)

    def buffer_updated(self, nbytes: int) -> None:
        if self.remaining is not None:
            self.body_bytes += min(nbytes, self.remaining)
            self.remaining -= nbytes
            if self.remaining <= 0:
                self._answer()
            return
        self.head += bytes(self.buffer[:nbytes])
        end = self.head.find(b"\r\n\r\n")
        if end < 0:
            if len(self.head) > 64 * 1024:
                self._fail()
            return
        lines = self.head[:end].split(b"\r\n")
        method, _, rest = lines[0].partition(b" ")
        target = rest.rsplit(b" ", 1)[0].decode("latin-1")
        length = -1
        self.ok = method == b"PUT"
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"x-api-key":
                BOOKS.puts_with_api_key += 1  # a storage host must never see the key
        query = parse_qs(urlsplit(target).query)
        try:
            self.target = (query["uploadId"][0], int(query["partNumber"][0]))
        except (KeyError, ValueError):
            self.ok = False
        if length < 0:  # chunked bodies are not what a presigned PUT sends
            self._fail()
            return
        extra = len(self.head) - end - 4
        self.head = b""
        self.body_bytes = min(extra, length)
        self.remaining = length - extra
        if self.remaining <= 0:
            self._answer()

    def _answer(self) -> None:
        assert self.transport is not None
        BOOKS.puts += 1
        BOOKS.storage_bytes += self.body_bytes
        if self.ok and self.target is not None:
            etag = '"' + uuid.uuid4().hex + '"'
            BOOKS.received[self.target] = (etag, self.body_bytes)
            self.transport.write(b"HTTP/1.1 200 OK\r\nETag: " + etag.encode() + b"\r\ncontent-length: 0\r\n\r\n")
        else:
            BOOKS.refused += 1
            self.transport.write(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
        self.remaining = None
        self.target = None

    def _fail(self) -> None:
        assert self.transport is not None
        BOOKS.refused += 1
        self.transport.write(b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n")
        self.transport.close()

    def eof_received(self) -> bool | None:
        return None


def _api(storage_url: str, chunk_size: int, latency: float) -> web.Application:
    """The few API calls both SDKs make, with the spec's response shapes; ``latency`` seconds before each answer
    stand for a real API's round trip (storage PUTs get none)."""

    def presign(upload: dict[str, Any], index: int, now: float) -> dict[str, Any]:
        key = f"bench-bucket/{upload['asset_id']}/{quote(upload['filename'])}"
        query = f"partNumber={index}&uploadId={upload['upload_id']}&X-Amz-Expires=3600&X-Amz-Signature={_new_id()}"
        return {"chunk_index": index, "url": f"{storage_url}/{key}?{query}", "expires_at": _rfc3339(now + URL_TTL)}

    def error(status: int, code: str, message: str) -> web.Response:
        return web.json_response({"code": code, "message": message}, status=status)

    def asset_json(asset: dict[str, Any]) -> dict[str, Any]:
        out = {"_id": asset["id"], "method": "multipart", "status": asset["status"], "filename": asset["filename"],
               "file_type": "video/mp4", "created_at": _rfc3339(asset["created_at"]), "user_metadata": None}
        if asset["status"] == "ready":
            out["size"] = asset["size"]
        return out

    def chunk_len(upload: dict[str, Any], index: int) -> int:
        return min(upload["chunk_size"], upload["total_size"] - (index - 1) * upload["chunk_size"])

    def page_info(page: int, limit: int, total: int) -> dict[str, int]:
        return {"page": page, "limit_per_page": limit, "total_page": math.ceil(total / limit),
                "total_results": total}

    @web.middleware
    async def count(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                    ) -> web.StreamResponse:
        if request.path.startswith("/v1.3/"):
            if not request.headers.get("x-api-key"):
                return error(401, "api_key_invalid", "No API key.")
            resource = request.match_info.route.resource
            name = resource.canonical.removeprefix("/v1.3") if resource is not None else "(unmatched)"
            BOOKS.routes[f"{request.method} {name}"] += 1
            if latency > 0:
                await asyncio.sleep(latency)
        return await handler(request)

    routes = web.RouteTableDef()

    @routes.post("/v1.3/assets/multipart-uploads")
    async def create(request: web.Request) -> web.Response:
        body = await request.json()
        total_size = int(body["total_size"])
        size = chunk_size
        if math.ceil(total_size / size) > MAX_CHUNKS:
            size = math.ceil(total_size / MAX_CHUNKS / MIB) * MIB
        now = time.time()
        upload = {"upload_id": _new_id(), "asset_id": _new_id(), "filename": str(body["filename"]),
                  "total_size": total_size, "chunk_size": size, "total_chunks": math.ceil(total_size / size),
                  "completed": set(), "created_at": now}
        BOOKS.uploads[upload["upload_id"]] = upload
        BOOKS.assets[upload["asset_id"]] = {"id": upload["asset_id"], "status": "processing",
                                            "filename": upload["filename"], "created_at": now, "size": total_size}
        urls = [presign(upload, i, now) for i in range(1, min(INITIAL_URLS, upload["total_chunks"]) + 1)]
        return web.json_response({
            "upload_id": upload["upload_id"], "asset_id": upload["asset_id"], "upload_urls": urls,
            "upload_headers": UPLOAD_HEADERS, "chunk_size": size, "total_chunks": upload["total_chunks"],
            "expires_at": _rfc3339(now + 86400),
        }, status=201)

    @routes.get("/v1.3/assets/multipart-uploads")
    async def incomplete(request: web.Request) -> web.Response:
        page, limit = int(request.query.get("page", 1)), int(request.query.get("page_limit", 10))
        items = [u for u in BOOKS.uploads.values() if len(u["completed"]) < u["total_chunks"]]
        data = [{"upload_id": u["upload_id"], "status": "active", "total_size": u["total_size"],
                 "chunk_size": u["chunk_size"], "total_chunks": u["total_chunks"],
                 "created_at": _rfc3339(u["created_at"]), "expires_at": _rfc3339(u["created_at"] + 86400)}
                for u in items[(page - 1) * limit: page * limit]]
        return web.json_response({"data": data, "page_info": page_info(page, limit, len(items))})

    @routes.get("/v1.3/assets/multipart-uploads/{upload_id}")
    async def status(request: web.Request) -> web.Response:
        upload = BOOKS.uploads.get(request.match_info["upload_id"])
        if upload is None:
            return error(404, "resource_not_exists", "No such upload.")
        page, limit = int(request.query.get("page", 1)), int(request.query.get("page_limit", 10))
        done = upload["completed"]
        now = _rfc3339(time.time())
        chunks = [{"index": i, "status": "completed" if i in done else "pending",
                   "uploaded_at": now if i in done else None, "updated_at": now}
                  for i in range((page - 1) * limit + 1, min(page * limit, upload["total_chunks"]) + 1)]
        return web.json_response({
            "upload_id": upload["upload_id"],
            "status": "completed" if len(done) == upload["total_chunks"] else "active",
            "uploaded_chunks": chunks, "chunks_completed": len(done), "chunks_failed": 0,
            "chunks_pending": upload["total_chunks"] - len(done),
            "page_info": page_info(page, limit, upload["total_chunks"]), "total_size": upload["total_size"],
            "uploaded_size": sum(chunk_len(upload, i) for i in done), "created_at": _rfc3339(upload["created_at"]),
            "updated_at": now,
        })

    @routes.post("/v1.3/assets/multipart-uploads/{upload_id}")
    async def report(request: web.Request) -> web.Response:
        upload = BOOKS.uploads.get(request.match_info["upload_id"])
        if upload is None:
            return error(404, "resource_not_exists", "No such upload.")
        batch = (await request.json())["completed_chunks"]
        BOOKS.report_sizes[len(batch)] += 1
        processed = duplicates = 0
        for item in batch:  # check every proof: a side that reports what it did not send is caught here
            index = int(item["chunk_index"])
            stored = BOOKS.received.get((upload["upload_id"], index))
            proof = str(item["proof"]).strip('"')
            if not 1 <= index <= upload["total_chunks"] or stored is None or stored[0].strip('"') != proof:
                return error(400, "parameter_invalid", f"chunk {index}: the proof is not the chunk's ETag")
            if item["chunk_size"] != chunk_len(upload, index) or stored[1] != chunk_len(upload, index):
                return error(400, "parameter_invalid", f"chunk {index}: wrong size")
        for item in batch:
            index = int(item["chunk_index"])
            if index in upload["completed"]:
                duplicates += 1
            else:
                upload["completed"].add(index)
                processed += 1
        answer: dict[str, Any] = {"asset_id": upload["asset_id"], "processed_chunks": processed,
                                  "duplicate_chunks": duplicates, "total_completed": len(upload["completed"])}
        if len(upload["completed"]) == upload["total_chunks"]:
            asset = BOOKS.assets[upload["asset_id"]]
            asset["status"] = "ready"  # no processing delay: the benchmark measures the upload
            answer["url"] = f"{storage_url}/bench-bucket/{asset['id']}/{quote(asset['filename'])}"
        return web.json_response(answer)

    @routes.post("/v1.3/assets/multipart-uploads/{upload_id}/presigned-urls")
    async def more_urls(request: web.Request) -> web.Response:
        upload = BOOKS.uploads.get(request.match_info["upload_id"])
        if upload is None:
            return error(404, "resource_not_exists", "No such upload.")
        body = await request.json()
        start, count = int(body["start"]), int(body["count"])
        if not 1 <= start <= upload["total_chunks"] or not 1 <= count <= MAX_URLS:
            return error(400, "parameter_invalid", "start or count out of range")
        now = time.time()
        urls = [presign(upload, i, now) for i in range(start, min(start + count - 1, upload["total_chunks"]) + 1)]
        return web.json_response({"upload_id": upload["upload_id"], "start_index": start, "count": len(urls),
                                  "upload_urls": urls, "generated_at": _rfc3339(now),
                                  "expires_at": _rfc3339(now + URL_TTL)})

    @routes.get("/v1.3/assets/{asset_id}")
    async def retrieve(request: web.Request) -> web.Response:
        asset = BOOKS.assets.get(request.match_info["asset_id"])
        if asset is None:
            return error(404, "resource_not_exists", "No such asset.")
        return web.json_response(asset_json(asset))

    @routes.get("/v1.3/assets")
    async def listing(request: web.Request) -> web.Response:
        wanted = request.query.getall("asset_ids", [])
        items = [BOOKS.assets[i] for i in wanted if i in BOOKS.assets] if wanted else list(BOOKS.assets.values())
        limit = int(request.query.get("page_limit", 10))
        return web.json_response({"data": [asset_json(a) for a in items[:limit]],
                                  "page_info": page_info(1, limit, len(items))})

    @routes.get("/_bench/stats")
    async def stats(request: web.Request) -> web.Response:
        return web.json_response({
            "storage_bytes": BOOKS.storage_bytes, "puts": BOOKS.puts, "puts_with_api_key": BOOKS.puts_with_api_key,
            "refused": BOOKS.refused, "routes": dict(BOOKS.routes),
            "report_sizes": {str(k): v for k, v in sorted(BOOKS.report_sizes.items())},
            "completed_uploads": sum(len(u["completed"]) == u["total_chunks"] for u in BOOKS.uploads.values()),
        })

    @routes.post("/_bench/reset")
    async def reset(request: web.Request) -> web.Response:
        BOOKS.reset()
        return web.json_response({})

    app = web.Application(middlewares=[count], client_max_size=16 * MIB)
    app.add_routes(routes)
    return app


def serve(chunk_size: int, latency: float) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        storage = await loop.create_server(_StorageSink, "127.0.0.1", 0)
        storage_url = f"http://127.0.0.1:{storage.sockets[0].getsockname()[1]}"
        runner = web.AppRunner(_api(storage_url, chunk_size, latency), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        print(f"http://127.0.0.1:{port}/v1.3", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


class Server:
    """The server subprocess; ``url`` is its API root. Killed by ``close()`` (SIGTERM, then SIGKILL)."""

    def __init__(self, chunk_size: int, latency: float = 0.0) -> None:
        cmd = [sys.executable, __file__, "--serve", "--chunk-bytes", str(chunk_size), "--api-latency-ms",
               str(latency * 1000)]
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        first: list[str] = []
        reader = threading.Thread(target=lambda: first.append(self.process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(30)  # a server that neither starts nor dies must not hang the run
        line = first[0].strip() if first else ""
        if not line.startswith("http"):
            self.close()
            raise RuntimeError(f"server did not start: {line!r}")
        self.url = line
        self.root = line.removesuffix("/v1.3")

    def _call(self, method: str, path: str) -> Any:
        request = urllib.request.Request(self.root + path, method=method, data=b"" if method == "POST" else None)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def stats(self) -> dict[str, Any]:
        return dict(self._call("GET", "/_bench/stats"))

    def reset(self) -> None:
        self._call("POST", "/_bench/reset")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


# --- the sides (each in its own process: python multipart_upload.py --side NAME ...) --------------------------


class Phase:
    """The measured part of a side: it starts after a warm-up upload (imports done lazily, first-use code paths,
    connection pools: one-off costs of a process, not of a file's size) and after the server's books were reset,
    so that what the server counts is this part's alone."""

    def __init__(self, reset_url: str, reset_body: bytes = b"") -> None:
        self._reset_url = reset_url
        self._reset_body = reset_body
        self.seconds = self.cpu_seconds = self.warmup_seconds = 0.0
        self._born = time.perf_counter()
        self._started = 0.0
        self._cpu = psutil.Process().cpu_times()

    def _reset(self) -> None:
        request = urllib.request.Request(self._reset_url, method="POST", data=self._reset_body,
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    async def start(self) -> None:
        await asyncio.to_thread(self._reset)
        self.warmup_seconds = time.perf_counter() - self._born
        self._cpu = psutil.Process().cpu_times()
        self._started = time.perf_counter()

    def stop(self) -> None:
        self.seconds = time.perf_counter() - self._started
        cpu = psutil.Process().cpu_times()
        self.cpu_seconds = cpu.user + cpu.system - self._cpu.user - self._cpu.system


async def _for_each(files: list[Path], concurrency: int, one: Callable[[Path], Awaitable[None]]) -> None:
    limit = asyncio.Semaphore(concurrency)

    async def guarded(path: Path) -> None:
        async with limit:
            await one(path)

    await asyncio.gather(*(guarded(p) for p in files))


async def _warm_then_measure(one: Callable[[Path], Awaitable[None]], args: argparse.Namespace, phase: Phase) -> None:
    await one(Path(args.warmup))
    await phase.start()
    await _for_each([Path(p) for p in args.paths], args.file_concurrency, one)
    phase.stop()


async def raw_side(args: argparse.Namespace, phase: Phase) -> None:
    """The multipart flow by hand: what a careful aiohttp user writes (two sessions: the storage never sees the
    API key), with the same chunk concurrency, report batches and URL batches as the SDK."""
    url, concurrency = args.url, args.concurrency
    timeout = aiohttp.ClientTimeout(total=None, sock_read=300)
    async with aiohttp.ClientSession(headers={"x-api-key": API_KEY}, timeout=timeout) as api, \
            aiohttp.ClientSession(timeout=timeout) as storage:

        async def post(path: str, body: dict[str, Any]) -> Any:
            async with api.post(url + path, json=body) as response:
                answer = await response.json()
                assert response.status in (200, 201), (response.status, answer)
                return answer

        async def one(path: Path) -> None:
            size = (await asyncio.to_thread(os.stat, path)).st_size
            created = await post("/assets/multipart-uploads", {"filename": path.name, "type": "video",
                                                                "total_size": size})
            upload_id, chunk_size, total = created["upload_id"], created["chunk_size"], created["total_chunks"]
            urls = {u["chunk_index"]: u["url"] for u in created["upload_urls"]}
            headers = dict(created.get("upload_headers") or {})
            url_lock = asyncio.Lock()
            to_report: list[dict[str, Any]] = []
            chunks = iter(range(1, total + 1))

            async def url_for(index: int) -> str:
                async with url_lock:
                    if index not in urls:
                        fresh = await post(f"/assets/multipart-uploads/{upload_id}/presigned-urls",
                                           {"start": index, "count": min(MAX_URLS, total - index + 1)})
                        urls.update({u["chunk_index"]: u["url"] for u in fresh["upload_urls"]})
                    return urls.pop(index)

            async def worker() -> None:
                for index in chunks:  # shared iterator: each worker takes the next chunk
                    offset = (index - 1) * chunk_size
                    length = min(chunk_size, size - offset)
                    target = await url_for(index)
                    handle = await asyncio.to_thread(path.open, "rb")
                    try:
                        handle.seek(offset)
                        put_headers = {**headers, "Content-Length": str(length)}
                        async with storage.put(target, data=handle, headers=put_headers) as response:
                            await response.read()
                            assert response.status == 200, response.status
                            etag = response.headers["ETag"]
                    finally:
                        handle.close()
                    to_report.append({"chunk_index": index, "proof": etag, "proof_type": "etag",
                                      "chunk_size": length})
                    if len(to_report) >= REPORT_EVERY:
                        batch = to_report[:]
                        del to_report[:]
                        await post(f"/assets/multipart-uploads/{upload_id}", {"completed_chunks": batch})

            await asyncio.gather(*(worker() for _ in range(min(concurrency, total))))
            if to_report:
                await post(f"/assets/multipart-uploads/{upload_id}", {"completed_chunks": to_report})
            deadline = time.monotonic() + READY_TIMEOUT
            while True:
                async with api.get(f"{url}/assets/{created['asset_id']}") as response:
                    if (await response.json())["status"] == "ready":
                        return
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{path.name} never became ready")
                await asyncio.sleep(1.0)

        await _warm_then_measure(one, args, phase)


async def ours_side(args: argparse.Namespace, phase: Phase) -> None:
    from twelvelabs_async import AsyncTwelveLabs

    concurrency = args.concurrency
    async with AsyncTwelveLabs(api_key=API_KEY, base_url=args.url) as client:

        async def one(path: Path) -> None:
            if args.side == "ours-assets":
                asset = await client.assets.upload(path, concurrency=concurrency, timeout=READY_TIMEOUT)
            else:
                result = await client.multipart_upload.upload_file(path, max_workers=concurrency)
                asset = await client.assets.wait_for_done(result.asset_id, timeout=READY_TIMEOUT)
            assert asset.status == "ready", asset.status

        await _warm_then_measure(one, args, phase)


def run_side(args: argparse.Namespace) -> None:
    import twelvelabs_async  # noqa: F401  # imported before measuring: growth is the work's, not the import's

    with PeakRss() as rss:
        phase = Phase(args.reset_url)
        asyncio.run(raw_side(args, phase) if args.side == "raw" else ours_side(args, phase))
    print(json.dumps({"seconds": phase.seconds, "rss_growth": rss.growth, "cpu_seconds": phase.cpu_seconds,
                      "warmup_seconds": phase.warmup_seconds}))


# --- the runner -----------------------------------------------------------------------------------------------


def make_files(folder: Path, count: int, mib: int, prefix: str) -> list[Path]:
    """MP4-shaped files of real random data: a sparse file would read as zero pages without touching the disk."""
    files = []
    for n in range(count):
        block = os.urandom(4 * MIB)  # a fresh block per file: no two files alike
        path = folder / f"{prefix}_{n:02d}.mp4"
        write_sample_mp4(path, duration=600.0, width=1280, height=720, size=mib * MIB)
        with path.open("r+b") as fh:
            fh.seek(64 * 1024)  # past the MP4 header boxes, into the mdat payload
            while fh.tell() + len(block) < mib * MIB:
                fh.write(block)
            fh.write(block[: mib * MIB - fh.tell()])
        files.append(path)
    return files


def side_command(side: str, args: argparse.Namespace, server: Server, files: list[Path], warmup: Path
                 ) -> list[str] | None:
    common = ["--url", server.url, "--reset-url", server.root + "/_bench/reset", "--warmup", str(warmup),
              "--concurrency", str(args.concurrency), "--file-concurrency", str(args.file_concurrency),
              *map(str, files)]
    if side.startswith("official-"):
        if not args.official_python or not Path(args.official_python).exists():
            return None
        return [args.official_python, str(OFFICIAL_SCRIPT), "multipart", "--client", side.split("-", 1)[1], *common]
    return [sys.executable, __file__, "--side", side, *common]


def run_round(side: str, cmd: list[str], server: Server, files: list[Path], timeout: float) -> dict[str, Any]:
    server.reset()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server_cpu = psutil.Process(server.process.pid).cpu_times()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    server_after = psutil.Process(server.process.pid).cpu_times()
    if done.returncode != 0:
        raise RuntimeError(f"{side} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    stats = server.stats()
    total = sum(p.stat().st_size for p in files)
    # The checks that keep every side honest: all bytes stored, every upload completed, no key on storage.
    if stats["storage_bytes"] < total or stats["completed_uploads"] != len(files) or stats["refused"] \
            or stats["puts_with_api_key"] or result["seconds"] <= 0:
        raise RuntimeError(f"{side}: the server did not get every file: {stats}")
    result.update(mib_s=total / MIB / result["seconds"], api_requests=sum(stats["routes"].values()),
                  routes=stats["routes"], puts=stats["puts"], puts_with_api_key=stats["puts_with_api_key"],
                  report_sizes=stats["report_sizes"],
                  server_cpu_seconds=server_after.user + server_after.system - server_cpu.user - server_cpu.system)
    print(f"  {side:>14}: {result['seconds']:6.2f} s {result['mib_s']:7.1f} MiB/s  peak RSS growth "
          f"{result['rss_growth'] / MIB:6.1f} MiB  CPU {result['cpu_seconds']:5.2f} s (server "
          f"{result['server_cpu_seconds']:5.2f} s)  API requests {result['api_requests']}  PUTs {result['puts']}",
          flush=True)
    return result


def summarize(results: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    raw = results.get("raw") or []
    raw_median = statistics.median(r["mib_s"] for r in raw) if raw else None
    raw_best = max((r["mib_s"] for r in raw), default=None)
    out = {}
    for side, runs in results.items():
        if not runs:
            continue
        median = statistics.median(r["mib_s"] for r in runs)
        best = max(r["mib_s"] for r in runs)
        out[side] = {
            "rounds": len(runs),
            "median_mib_s": round(median, 1),
            "best_mib_s": round(best, 1),
            "median_vs_raw": round(median / raw_median, 2) if raw_median else None,
            "best_vs_raw": round(best / raw_best, 2) if raw_best else None,
            "rss_growth_mib_max": round(max(r["rss_growth"] for r in runs) / MIB, 1),
            "cpu_seconds_median": round(statistics.median(r["cpu_seconds"] for r in runs), 2),
            "api_requests": runs[-1]["api_requests"],
            "server_cpu_seconds_median": round(statistics.median(r["server_cpu_seconds"] for r in runs), 2),
            "routes": runs[-1]["routes"],
            "report_sizes": runs[-1]["report_sizes"],
            "puts_with_api_key": max(r["puts_with_api_key"] for r in runs),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=("one-big", "many", "both"), default="both")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the order of the sides rotates each round")
    parser.add_argument("--concurrency", type=int, default=5, help="chunks in flight per file (official default 5)")
    parser.add_argument("--file-concurrency", type=int, default=4, help="files at once in the many scenario")
    parser.add_argument("--chunk-mib", type=int, default=8, help="the server's chunk size")
    parser.add_argument("--big-mib", type=int, default=2048, help="size of the one-big file")
    parser.add_argument("--files", type=int, default=16, help="files of the many scenario")
    parser.add_argument("--file-mib", type=int, default=256, help="size of each file of the many scenario")
    parser.add_argument("--sides", default=",".join(SIDES))
    parser.add_argument("--official-python", default=DEFAULT_OFFICIAL_PYTHON,
                        help="interpreter of a venv with twelvelabs==1.3.6 and psutil (skipped when absent)")
    parser.add_argument("--tmp", default=None, help="folder for the temporary files (default: the system's)")
    parser.add_argument("--side-timeout", type=float, default=900.0, help="seconds one side may take per round")
    parser.add_argument("--api-latency-ms", type=float, default=0.0,
                        help="delay of every API answer (a real API's round trip; storage PUTs get none)")
    parser.add_argument("--json", default=None, help="also write the summary to this file")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--chunk-bytes", type=int, default=8 * MIB, help=argparse.SUPPRESS)
    parser.add_argument("--side", choices=("raw", "ours", "ours-assets"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--reset-url", help=argparse.SUPPRESS)
    parser.add_argument("--warmup", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.chunk_bytes, args.api_latency_ms / 1000)
        return
    if args.side:
        run_side(args)
        return

    sides = [s for s in args.sides.split(",") if s]
    unknown = set(sides) - set(SIDES)
    if unknown or not 1 <= args.rounds <= 20:
        parser.error(f"unknown sides {sorted(unknown)} or rounds outside 1-20")
    scenarios = ["one-big", "many"] if args.scenario == "both" else [args.scenario]
    if "ours-assets" in sides and min(args.big_mib, args.file_mib) <= 64:
        parser.error("ours-assets uploads files of 64 MiB or less directly (its multipart threshold): use larger")
    sizes = {"one-big": args.big_mib * MIB, "many": args.files * args.file_mib * MIB}
    official = any(s.startswith("official-") for s in sides)
    # The official upload_file first copies the file into chunk files next to it: room for one more copy.
    needed = sum(sizes[s] for s in scenarios) + (max(sizes[s] for s in scenarios) if official else 0)
    folder = Path(args.tmp or tempfile.gettempdir())
    free = shutil.disk_usage(folder).free
    if free < needed + 2 * GIB:
        sys.exit(f"{folder} has {free / GIB:.1f} GiB free; this run needs {needed / GIB:.1f} GiB plus 2 GiB of room")
    notes = []
    if official and not Path(args.official_python or "").exists():
        notes.append(f"official SDK sides skipped: no interpreter at {args.official_python!r} (make one with "
                     "`python -m venv /tmp/bench-official136 && /tmp/bench-official136/bin/pip install "
                     "twelvelabs==1.3.6 psutil`)")
        print("note:", notes[-1], flush=True)

    server = Server(args.chunk_mib * MIB, args.api_latency_ms / 1000)
    summary: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(), "aiohttp": aiohttp.__version__, "concurrency": args.concurrency,
        "file_concurrency": args.file_concurrency, "chunk_mib": args.chunk_mib, "rounds": args.rounds,
        "api_latency_ms": args.api_latency_ms,
        "notes": notes, "scenarios": {},
    }
    try:
        with tempfile.TemporaryDirectory(prefix="tl-bench-mp-", dir=folder) as tmp:
            # Above ours-assets' 64 MiB multipart threshold, in a few chunks: every code path of an upload.
            warmup = make_files(Path(tmp), 1, 65, "warmup")[0]
            for scenario in scenarios:
                if scenario == "one-big":
                    files = make_files(Path(tmp), 1, args.big_mib, "big")
                    file_concurrency = 1
                else:
                    files = make_files(Path(tmp), args.files, args.file_mib, "many")
                    file_concurrency = args.file_concurrency
                args_for = argparse.Namespace(**{**vars(args), "file_concurrency": file_concurrency})
                print(f"{scenario}: {len(files)} x {files[0].stat().st_size / MIB:.0f} MiB, chunk concurrency "
                      f"{args.concurrency}, {file_concurrency} file(s) at once", flush=True)
                results: dict[str, list[dict[str, Any]]] = {s: [] for s in sides}
                for round_no in range(args.rounds):
                    order = sides[round_no % len(sides):] + sides[: round_no % len(sides)]
                    print(f" round {round_no + 1}/{args.rounds}", flush=True)
                    for side in order:
                        cmd = side_command(side, args_for, server, files, warmup)
                        if cmd is None:
                            continue
                        results[side].append(run_round(side, cmd, server, files, args.side_timeout))
                summary["scenarios"][scenario] = {
                    "files": len(files), "mib_each": files[0].stat().st_size // MIB,
                    "file_concurrency": file_concurrency, "sides": summarize(results), "runs": results,
                }
                for path in files:  # room for the next scenario's files
                    path.unlink()
    finally:
        server.close()
    for scenario, data in summary["scenarios"].items():
        print(f"\n{scenario} ({data['files']} x {data['mib_each']} MiB):")
        print("| side | median MiB/s | best MiB/s | median vs raw | best vs raw | peak RSS growth (max) | CPU s "
              "| API requests |")
        print("|---|---|---|---|---|---|---|---|")
        for side, row in data["sides"].items():
            print(f"| {side} | {row['median_mib_s']} | {row['best_mib_s']} | {row['median_vs_raw']}x | "
                  f"{row['best_vs_raw']}x | {row['rss_growth_mib_max']} MiB | {row['cpu_seconds_median']} | "
                  f"{row['api_requests']} |")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
