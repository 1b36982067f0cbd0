"""Streaming multipart reader: text fields into memory (small, capped), file fields to temporary files.

Files are copied chunk by chunk to the emulator's upload folder and never held in memory, so a 1 GB upload
costs about one buffer of RSS. Callers probe the file, keep the metadata and call
:meth:`MultipartForm.cleanup` (the handlers do so in ``finally``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import BinaryIO

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError

from .errors import ApiError
from .params import FormParams

__all__ = ["MultipartForm", "UploadedFile", "read_multipart"]

_READ_CHUNK = 256 * 1024
_WRITE_BUFFER = 1024 * 1024
_MAX_TEXT_FIELD = 1024 * 1024
# No operation takes more than a few dozen fields: a body of thousands is refused as soon as it shows itself,
# instead of being parsed part by part (100,000 empty fields took the emulator 20 s).
MAX_FORM_PARTS = 1000


@dataclass
class UploadedFile:
    field: str
    filename: str
    path: str
    size: int
    truncated: bool = False  # more than the size limit arrived; only the first bytes were kept


@dataclass
class MultipartForm:
    params: FormParams
    files: dict[str, UploadedFile] = field(default_factory=dict)  # the first file of each field
    # Every file of each field, in order (fields read with ``repeatable`` may carry several).
    file_lists: dict[str, list[UploadedFile]] = field(default_factory=dict)

    def cleanup(self) -> None:
        for uploads in self.file_lists.values():
            for upload in uploads:
                with contextlib.suppress(OSError):
                    os.remove(upload.path)


def _open(path: str) -> BinaryIO:
    return open(path, "wb")


async def _save(part: BodyPartReader, directory: str, limit: int, slow_rate: float | None) -> UploadedFile:
    path = os.path.join(directory, f"upload-{uuid.uuid4().hex}")
    fh = await asyncio.to_thread(_open, path)
    size = 0
    kept = 0
    buffer = bytearray()
    try:
        while True:
            chunk = await part.read_chunk(_READ_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if slow_rate:
                await asyncio.sleep(len(chunk) / slow_rate)
            if kept < limit:
                # Past the limit the rest is drained and dropped, so the client still gets a clean answer.
                piece = chunk[: limit - kept]
                buffer += piece
                kept += len(piece)
            if len(buffer) >= _WRITE_BUFFER:
                await asyncio.to_thread(fh.write, bytes(buffer))
                buffer.clear()
        if buffer:
            await asyncio.to_thread(fh.write, bytes(buffer))
    except BaseException:
        # A client that hung up mid-upload leaves no partial file behind (nothing else knows its name).
        await asyncio.to_thread(fh.close)
        with contextlib.suppress(OSError):
            os.remove(path)
        raise
    else:
        await asyncio.to_thread(fh.close)
    return UploadedFile(part.name or "", part.filename or "", path, size, truncated=size > limit)


async def read_multipart(request: web.Request, *, directory: str, file_fields: Collection[str],
                         limit: int, slow_rate: float | None = None, repeatable: Collection[str] = (),
                         max_files: int = 10) -> MultipartForm:
    """Read a multipart/form-data body; raise ``parameter_invalid`` if the body is not multipart.

    A file field may appear once, or up to ``max_files`` times when it is in ``repeatable``."""
    if not request.content_type.startswith("multipart/"):
        raise ApiError(400, "parameter_invalid",
                       "The request body must be multipart/form-data for this endpoint.")
    form = MultipartForm(FormParams({}))
    values: dict[str, list[str]] = {}
    parts = 0
    try:
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            parts += 1
            if parts > MAX_FORM_PARTS:
                raise ApiError(400, "parameter_invalid", f"The form has more than {MAX_FORM_PARTS} fields.")
            if not isinstance(part, BodyPartReader):
                raise ApiError(400, "parameter_invalid", "Nested multipart bodies are not supported.")
            name = part.name or ""
            if name in file_fields:
                saved = form.file_lists.setdefault(name, [])
                if saved and name not in repeatable:
                    raise ApiError.invalid(name, "Send one file per field.")
                if len(saved) >= max_files:
                    raise ApiError.invalid(name, f"Send at most {max_files} files.")
                saved.append(await _save(part, directory, limit, slow_rate))
                form.files.setdefault(name, saved[0])
                continue
            data = bytearray()
            while True:
                chunk = await part.read_chunk(64 * 1024)
                if not chunk:
                    break
                data += chunk
                if len(data) > _MAX_TEXT_FIELD:
                    raise ApiError.invalid(name, "The value is too long.")
            values.setdefault(name, []).append(data.decode("utf-8", errors="replace"))
    except ApiError:
        form.cleanup()
        raise
    except (ValueError, AssertionError, UnicodeError, HttpProcessingError) as exc:
        # aiohttp reports a malformed body with these (a NUL in a part's headers is an InvalidHeader); the client
        # sent a bad request.
        form.cleanup()
        raise ApiError(400, "parameter_invalid", "The multipart body could not be parsed.") from exc
    except ConnectionError as exc:
        # The client hung up mid-body: nothing to answer, and nothing for the server's log either.
        form.cleanup()
        raise ApiError(400, "parameter_invalid", "The request body ended before its end.") from exc
    except BaseException:
        form.cleanup()
        raise
    form.params = FormParams(values)
    return form
