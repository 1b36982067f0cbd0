"""PUT a window of a file to a presigned storage URL: the one request of this SDK that does not go to the API.

A multipart upload sends each chunk straight to a storage host through a single-use URL that expires after an
hour. That host must never see the API key, so the request goes through the transport's *storage* session (no
``x-api-key``, no default headers, no proxy from the environment) and never follows a redirect. The body is the
chunk's window ``[offset, offset + length)`` of the file, streamed from disk by ``FilePayload`` (sendfile where
it can): no chunk is ever held in memory or copied to a temporary file. The ``upload_headers`` that the session
prescribes are sent with every chunk.

Connection failures, timeouts and 5xx are retried with backoff (a chunk PUT is idempotent: the same bytes to the
same key). A 403 means the URL expired or was used already: ``PresignedUrlRejectedError`` tells the caller to
get a fresh one. The URL's query string is a credential, so no log line or error ever shows it.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import aiohttp

from twelvelabs_async import _retry
from twelvelabs_async._errors import ArgumentError, PresignedUrlRejectedError, StorageError, sent_body_error
from twelvelabs_async._payload import FilePayload

if TYPE_CHECKING:
    from twelvelabs_async._transport import Transport

logger = logging.getLogger("twelvelabs_async")

# A storage error body is a short XML or text document; more is not read.
_MAX_ERROR_BODY = 4096
DEFAULT_PUT_RETRIES = 5
_PUT_BACKOFF = _retry.RetryPolicy(max_retries=DEFAULT_PUT_RETRIES, initial_delay=0.5, max_delay=8.0)


def redact_url(url: str) -> str:
    """The URL without its query and fragment (where a presigned URL keeps its signature)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def check_upload_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The session's upload headers, refused if one could split the request or if one would carry a key."""
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise ArgumentError("upload_headers", "names and values must be str")
        if any(c in name + value for c in "\r\n\x00") or not name or ":" in name:
            raise ArgumentError("upload_headers", f"header {name!r} holds a line break, NUL or colon")
        if name.lower() == "x-api-key":
            raise ArgumentError("upload_headers", "a storage request never carries the API key")
        checked[name] = value
    return checked


async def put_window(
    transport: Transport,
    url: str,
    path: Path,
    offset: int,
    length: int,
    *,
    headers: Mapping[str, str] | None = None,
    progress: Callable[[int], Awaitable[None] | None] | None = None,
    max_retries: int = DEFAULT_PUT_RETRIES,
    rng: random.Random | None = None,
) -> str:
    """PUT ``length`` bytes of ``path`` from ``offset`` to the presigned ``url``; return the ETag it answers.

    Raises ``PresignedUrlRejectedError`` (403: expired or used; get a fresh URL), ``StorageError`` for any other
    refusal or when the retries run out, and ``OSError`` when the file cannot be read (or shrank).
    """
    if not url.startswith(("https://", "http://")):
        raise ArgumentError("url", "a presigned URL must be http(s)")
    session = transport.storage_session()
    sent_headers = {"Content-Type": "application/octet-stream", **check_upload_headers(headers or {})}
    policy = _retry.RetryPolicy(
        max_retries=max_retries, initial_delay=_PUT_BACKOFF.initial_delay, max_delay=_PUT_BACKOFF.max_delay
    )
    rng = rng or random.Random()
    where = redact_url(url)
    attempt = 0
    while True:
        body = FilePayload(path, length, offset=offset, progress=progress)
        status: int | None = None
        response_headers: Mapping[str, str] | None = None
        try:
            async with session.put(url, data=body, headers=sent_headers, allow_redirects=False) as response:
                status = response.status
                response_headers = response.headers
                text = (await response.content.read(_MAX_ERROR_BODY)).decode("utf-8", "replace")
                if 200 <= status < 300:
                    etag = response.headers.get("ETag")
                    if not etag:
                        raise StorageError(f"PUT {where} answered {status} without an ETag", status=status)
                    return etag
            if status == 403:
                raise PresignedUrlRejectedError(
                    f"PUT {where} was refused (403): the URL expired or was used already", status=status, body=text
                )
            failure: Exception = StorageError(f"PUT {where} answered {status}", status=status, body=text)
            transient = status in _retry.RETRYABLE_STATUSES
        except (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError) as exc:
            raise StorageError(f"TLS failure talking to {where}: {exc}") from None
        except (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError) as exc:
            own = sent_body_error(exc)
            if own is not None:
                raise own from None  # the file changed under us: another try would send the same wrong bytes
            failure = StorageError(f"PUT {where} failed: {type(exc).__name__}: {exc}")
            transient = True
        if not transient or attempt >= max_retries:
            raise failure
        delay = _retry.retry_delay(policy, attempt, response_headers, time.time(), rng)
        if delay is None:  # a server hint longer than we accept
            raise failure
        attempt += 1
        logger.info("storage PUT to %s failed (%s); retry %d/%d in %.2f s", where, failure, attempt, max_retries, delay)
        await asyncio.sleep(delay)


__all__ = ["DEFAULT_PUT_RETRIES", "check_upload_headers", "put_window", "redact_url"]
