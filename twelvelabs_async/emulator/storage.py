"""A fake S3-like storage server on a second loopback port: where the presigned URLs of multipart uploads
point, and where assets' bytes can be read back.

:class:`~.server.Emulator` starts it next to the API (``emu.storage_url``, ``emu.storage``). It answers:

- ``PUT /{bucket}/{asset_id}/{filename}?partNumber=N&uploadId=...&X-Amz-...``: one chunk of a multipart
  upload, through a URL from the API (create response or ``presigned-urls``). The URL is signed (HMAC over
  session, chunk, issue time and a nonce), expires one hour after it was issued and can be used once (a PUT
  that stored the chunk consumes it; one refused or cut short does not). The PUT must send every header of
  the session's ``upload_headers`` with its value, and a ``Content-Length`` equal to the chunk's size
  (``chunk_size``, the last chunk smaller). The body is streamed to disk with its MD5, and the answer is
  ``200`` with ``ETag: "<md5 hex>"`` (what the report must quote as ``proof``).
- ``GET /{bucket}/{asset_id}/{filename}``: the bytes of an asset (the ``url`` a completed report returns),
  streamed from the stored file or chunks.

Refusals look like S3's: an XML ``<Error><Code>...</Code><Message>...</Message></Error>`` body with 403
``AccessDenied`` (expired or already used URL), 403 ``SignatureDoesNotMatch`` (bad signature, or an
``upload_headers`` header missing or different), 404 ``NoSuchUpload`` (session completed, expired, failed or
unknown), 411 ``MissingContentLength``, 400 ``InvalidArgument`` (wrong size) and 400 ``IncompleteBody``. The
server never redirects.

Every request is logged in :attr:`StorageServer.requests`; those that carried an ``x-api-key`` header, or any
header or query value holding an API key the API has accepted (or the configured one), are in
:attr:`StorageServer.requests_with_api_key` with the names of those headers (values are never kept), so tests
can assert the key never reached storage.

Faults (:mod:`.faults`) reach storage only through rules that name it: ``STORAGE PUT:5xx=0.05``, or
``STORAGE:drop_after=0.1`` for any storage request; an ``X-Emulator-Fault`` header on the request works as on
the API. Counters and outcomes are kept under the route names ``"STORAGE PUT"`` / ``"STORAGE GET"``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, BinaryIO
from urllib.parse import quote, urlencode

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from .asset_state import URL_TTL, Asset, MultipartUpload, StoredPart
from .clock import rfc3339
from .config import EmulatorConfig
from .faults import FaultDecision, FaultPlan
from .idle import reap_idle_connections
from .state import EmulatorState

__all__ = ["BUCKET", "StorageRequest", "StorageServer"]

BUCKET = "tl-emulator-uploads"
FAULT_HEADER = "X-Emulator-Fault"
_READ_CHUNK = 256 * 1024
_WRITE_BUFFER = 1024 * 1024
_DRAIN_LIMIT = 1024**3  # a refused body longer than this is not read to its end: the connection is closed
_SPLIT = re.compile(r"[\s,;=:]+")
_FAULT_CODES = {429: ("SlowDown", "Please reduce your request rate."),
                500: ("InternalError", "We encountered an internal error. Please try again."),
                502: ("BadGateway", "Bad gateway."),
                503: ("SlowDown", "Please reduce your request rate.")}


@dataclass(frozen=True)
class StorageRequest:
    """One request the storage server saw; ``status`` is ``None`` when the connection was dropped."""

    method: str
    path: str
    status: int | None
    upload_id: str | None
    chunk_index: int | None
    content_length: int | None
    api_key_headers: tuple[str, ...]  # names of the headers (``?name`` for query keys) that held an API key
    at: float


class _S3Error(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def _xml_error(status: int, code: str, message: str, resource: str) -> web.Response:
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{code}</Code><Message>{_escape(message)}</Message><Resource>{_escape(resource)}"
            f"</Resource><RequestId>{secrets.token_hex(8).upper()}</RequestId></Error>")
    return web.Response(status=status, text=body, content_type="application/xml")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _amz_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _parse_amz_date(text: str) -> int:
    return int(datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp())


def object_key(asset_id: str, filename: str) -> str:
    """The object path of an asset's bytes (``/{bucket}/{asset_id}/{filename}``, not quoted)."""
    return f"/{BUCKET}/{asset_id}/{os.path.basename(filename) or 'file'}"


class StorageServer:
    """The storage server of one emulator (see the module docstring)."""

    def __init__(self, state: EmulatorState, config: EmulatorConfig, faults: FaultPlan, *,
                 host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = state
        self.config = config
        self.faults = faults
        self.host = host
        self.port = port
        self._secret = secrets.token_bytes(32)
        self._runner: web.AppRunner | None = None
        self._reaper: asyncio.Task[None] | None = None
        self._port: int | None = None
        self._log_lock = threading.Lock()
        self._requests: list[StorageRequest] = []

    # --- for tests ------------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://host:port`` of the storage server."""
        if self._port is None:
            raise RuntimeError("the storage server is not running")
        return f"http://{self.host}:{self._port}"

    @property
    def requests(self) -> list[StorageRequest]:
        """Every request seen, in arrival order (a copy)."""
        with self._log_lock:
            return list(self._requests)

    @property
    def requests_with_api_key(self) -> list[StorageRequest]:
        """The requests that carried an API key (should stay empty)."""
        return [r for r in self.requests if r.api_key_headers]

    def clear_requests(self) -> None:
        with self._log_lock:
            self._requests.clear()

    # --- URLs -----------------------------------------------------------------------------------------------

    def _signature(self, upload_id: str, part: int, date: int, nonce: str) -> str:
        message = f"{upload_id}\n{part}\n{date}\n{int(URL_TTL)}\n{nonce}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def presign(self, upload: MultipartUpload, part: int) -> dict[str, Any]:
        """A fresh single-use URL for chunk ``part`` (1-based): ``{chunk_index, url, expires_at}``."""
        date = int(self.state.clock.now())
        nonce = secrets.token_hex(8)
        signed = ";".join(sorted({"host", *(name.lower() for name in self.config.multipart_upload_headers)}))
        query = urlencode({
            "partNumber": part, "uploadId": upload.id, "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
            "X-Amz-Credential": f"EMULATOR/{_amz_date(date)[:8]}/us-east-1/s3/aws4_request",
            "X-Amz-Date": _amz_date(date), "X-Amz-Expires": int(URL_TTL), "X-Amz-SignedHeaders": signed,
            "X-Amz-Security-Token": nonce, "X-Amz-Signature": self._signature(upload.id, part, date, nonce),
        })
        return {"chunk_index": part, "url": f"{self.url}{quote(object_key(upload.asset_id, upload.filename))}?{query}",
                "expires_at": rfc3339(date + URL_TTL)}

    def asset_url(self, asset: Asset) -> str:
        return self.url + quote(object_key(asset.id, asset.filename))

    # --- lifecycle ------------------------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        assert runner.server is not None
        self._reaper = asyncio.create_task(reap_idle_connections(runner.server, self.config.idle_connection_timeout))
        sockets = getattr(site._server, "sockets", None) or []
        self._port = int(sockets[0].getsockname()[1]) if sockets else self.port
        return self.url

    async def stop(self) -> None:
        reaper, self._reaper = self._reaper, None
        if reaper is not None:
            reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reaper
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        self._port = None

    # --- requests -------------------------------------------------------------------------------------------

    def _key_headers(self, request: web.Request) -> tuple[str, ...]:
        with self.state.lock:
            digests = set(self.state.key_digests)
        configured = self.config.api_key

        def holds_key(value: str) -> bool:
            if configured and configured in value:
                return True
            tokens = {value.strip(), *_SPLIT.split(value)}
            return any(hashlib.sha256(t.encode()).hexdigest() in digests for t in tokens if t)

        found = [name for name, value in request.headers.items()
                 if name.lower() in ("x-api-key", "authorization") or holds_key(value)]
        found += [f"?{name}" for name, value in request.query.items()
                  if name.lower() in ("x-api-key", "api_key", "apikey") or holds_key(value)]
        return tuple(dict.fromkeys(found))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        route = f"STORAGE {request.method}"
        state = self.state
        decision = self.faults.decide(route, state.begin(route), state.seed, request.headers.get(FAULT_HEADER))
        key_headers = self._key_headers(request)
        outcome = "exception"
        status: int | None = None
        upload_id = request.query.get("uploadId")
        part_text = request.query.get("partNumber", "")
        part = int(part_text) if part_text.isdigit() else None
        try:
            if decision.latency > 0:
                await asyncio.sleep(decision.latency)
            if decision.drop_before:
                outcome = "drop_before"
                _abort(request)
                return web.Response(status=500)  # never delivered
            if decision.status is not None:
                await _drain(request)
                status = decision.status
                outcome = str(status)
                code, message = _FAULT_CODES.get(status, ("InternalError", "Server error."))
                return _xml_error(status, code, message, request.path)
            response: web.StreamResponse
            try:
                if request.method == "PUT":
                    response = await self._put(request, decision)
                elif request.method in ("GET", "HEAD"):
                    response = await self._get(request)
                else:
                    raise _S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this "
                                                            "resource.")
            except _S3Error as err:
                await _drain(request)
                response = _xml_error(err.status, err.code, err.message, request.path)
            status = response.status
            if decision.drop_after and response.status == 200:
                # Stored (the chunk counts, the URL is used up); only the answer is lost.
                outcome = "drop_after"
                status = None
                _abort(request)
            else:
                outcome = str(response.status)
            return response
        finally:
            state.finish(route, outcome)
            record = StorageRequest(request.method, request.path, status, upload_id, part, request.content_length,
                                    key_headers, state.clock.now())
            with self._log_lock:
                self._requests.append(record)

    def _check_url(self, request: web.Request) -> tuple[MultipartUpload, int, str]:
        """The session, chunk and nonce a presigned PUT names, or the S3 error that refuses it."""
        query = request.query
        needed = ("partNumber", "uploadId", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Signature",
                  "X-Amz-Security-Token")
        if any(name not in query for name in needed):
            raise _S3Error(403, "AccessDenied", "Query-string authentication requires the X-Amz-Signature, "
                                                "X-Amz-Date, X-Amz-Expires and X-Amz-Security-Token parameters.")
        upload_id, nonce = query["uploadId"], query["X-Amz-Security-Token"]
        try:
            part = int(query["partNumber"])
            date = _parse_amz_date(query["X-Amz-Date"])
            expires = int(query["X-Amz-Expires"])
        except ValueError:
            raise _S3Error(400, "AuthorizationQueryParametersError", "The presigned URL is malformed.") from None
        expected = self._signature(upload_id, part, date, nonce)
        if expires != int(URL_TTL) or not hmac.compare_digest(expected, query["X-Amz-Signature"]):
            raise _S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                                                         "signature you provided.")
        if self.state.clock.now() >= date + expires:
            raise _S3Error(403, "AccessDenied", "Request has expired")
        with self.state.lock:
            upload = self.state.uploads.get(upload_id)
            if upload is None or self.state.upload_status(upload)[0] != "active":
                raise _S3Error(404, "NoSuchUpload", "The specified multipart upload does not exist. The upload ID "
                                                    "may be invalid, or the upload may have been aborted or "
                                                    "completed.")
            if request.path != object_key(upload.asset_id, upload.filename):
                raise _S3Error(403, "SignatureDoesNotMatch", "The object key is not the one the URL was signed for.")
            if nonce in upload.used_nonces:
                raise _S3Error(403, "AccessDenied", "This presigned URL has already been used; request a new one.")
            if upload.chunk(part) is None:
                raise _S3Error(400, "InvalidArgument", f"Part number must be between 1 and {upload.total_chunks}.")
        return upload, part, nonce

    def _check_headers(self, request: web.Request) -> None:
        for name, value in self.config.multipart_upload_headers.items():
            sent = request.headers.get(name)
            if sent is None or sent.strip().lower() != value.strip().lower():
                raise _S3Error(403, "SignatureDoesNotMatch",
                               "The request signature we calculated does not match the signature you provided: "
                               f"the signed header `{name}` must be `{value}` (see `upload_headers`); "
                               f"the request sent {'none' if sent is None else repr(sent)}.")

    async def _put(self, request: web.Request, decision: FaultDecision) -> web.Response:
        upload, part, nonce = self._check_url(request)
        self._check_headers(request)
        chunk = upload.chunk(part)
        assert chunk is not None
        length = request.content_length
        if length is None:
            raise _S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.")
        if length != chunk.size:
            raise _S3Error(400, "InvalidArgument", f"Chunk {part} must be exactly {chunk.size} bytes (chunk_size, "
                                                   f"the last chunk smaller); the request declares {length}.")
        path = os.path.join(upload.directory, f"part-{part:05d}-{secrets.token_hex(4)}")
        try:
            digest, size = await _store(request, path, decision.slow_upload)
        except (OSError, HttpProcessingError) as exc:
            # The client went away mid-body (aiohttp reports it as one of these); nothing was stored.
            raise _S3Error(400, "IncompleteBody", f"The body ended early: {exc}") from None
        if size != length:
            _discard(path)
            raise _S3Error(400, "IncompleteBody", "You did not provide the number of bytes specified by the "
                                                  "Content-Length HTTP header.")
        now = self.state.clock.now()
        with self.state.lock:
            # The session may have ended, or the same URL succeeded elsewhere, while this body streamed in.
            if nonce in upload.used_nonces:
                _discard(path)
                raise _S3Error(403, "AccessDenied", "This presigned URL has already been used; request a new one.")
            if self.state.upload_status(upload)[0] != "active":
                _discard(path)
                raise _S3Error(404, "NoSuchUpload", "The upload ended while this part was sent.")
            upload.used_nonces.add(nonce)
            previous = chunk.received
            chunk.received = StoredPart(digest, path, size, now)
            chunk.updated_at = now
            upload.updated_at = now
            if previous is not None and previous is not chunk.completed:
                _discard(previous.path)
        return web.Response(status=200, headers={"ETag": f'"{digest}"'})

    async def _get(self, request: web.Request) -> web.StreamResponse:
        with self.state.lock:
            asset = next((a for a in self.state.assets.values()
                          if object_key(a.id, a.filename) == request.path and a.files), None)
            files = list(asset.files) if asset is not None else []
        sizes = await asyncio.to_thread(_sizes, files)
        if asset is None or sizes is None:
            raise _S3Error(404, "NoSuchKey", "The specified key does not exist.")
        total = sum(sizes)
        response = web.StreamResponse(status=200, headers={"Content-Type": asset.file_type,
                                                           "Content-Length": str(total)})
        await response.prepare(request)
        if request.method == "GET":
            for path in files:
                fh = await asyncio.to_thread(_open_read, path)
                try:
                    while True:
                        data = await asyncio.to_thread(fh.read, _WRITE_BUFFER)
                        if not data:
                            break
                        await response.write(data)
                finally:
                    await asyncio.to_thread(fh.close)
        await response.write_eof()
        return response


def _sizes(paths: list[str]) -> list[int] | None:
    try:
        return [os.path.getsize(p) for p in paths]
    except OSError:
        return None


def _open_read(path: str) -> BinaryIO:
    return open(path, "rb")


def _open_write(path: str) -> BinaryIO:
    return open(path, "wb")


def _discard(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def _abort(request: web.Request) -> None:
    if request.transport is not None:
        request.transport.abort()


async def _drain(request: web.Request) -> None:
    """Read a refused body to its end (so the client gets the answer, as S3 does), up to a limit."""
    seen = 0
    with contextlib.suppress(Exception):
        while True:
            data = await request.content.readany()
            if not data:
                return
            seen += len(data)
            if seen > _DRAIN_LIMIT:
                _abort(request)
                return


async def _store(request: web.Request, path: str, slow_rate: float | None) -> tuple[str, int]:
    """Stream the body to ``path`` (never all in memory); returns its MD5 hex digest and size. A body cut
    short by the client leaves no file behind."""
    md5 = hashlib.md5()  # S3's ETag of a part is its MD5: an integrity check, not a security measure
    fh = await asyncio.to_thread(_open_write, path)
    size = 0
    buffer = bytearray()
    started = time.monotonic()
    try:
        while True:
            data = await request.content.readany()
            if not data:
                break
            md5.update(data)
            size += len(data)
            buffer += data
            if slow_rate:
                ahead = size / slow_rate - (time.monotonic() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
            if len(buffer) >= _WRITE_BUFFER:
                await asyncio.to_thread(fh.write, bytes(buffer))
                buffer.clear()
        if buffer:
            await asyncio.to_thread(fh.write, bytes(buffer))
    except BaseException:
        await asyncio.to_thread(fh.close)
        _discard(path)
        raise
    await asyncio.to_thread(fh.close)
    return md5.hexdigest(), size

