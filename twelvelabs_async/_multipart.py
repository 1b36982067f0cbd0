"""Multipart bodies, built anew for every attempt of a request.

aiohttp cannot resend a used ``FormData`` or a consumed file, so each attempt gets a fresh form: paths stream
through ``FilePayload`` (its own handle, sendfile or threaded reads, flat memory), other file inputs are
re-opened from their ``FileSource`` (rewound, or re-wrapped bytes).
"""

from __future__ import annotations

from typing import IO

import aiohttp
from aiohttp import hdrs, payload

from twelvelabs_async._payload import FilePayload
from twelvelabs_async._request import WireRequest


def build_form(request: WireRequest, opened: list[IO[bytes]]) -> aiohttp.FormData:
    """The form of one attempt; handles it opens are appended to ``opened`` for the caller to close."""
    assert request.form_fields is not None
    form = aiohttp.FormData(quote_fields=False)
    for name, value in request.form_fields:
        form.add_field(name, value)
    for name, source in request.files:
        if source.path is not None and source.size is not None:
            file_part = FilePayload(
                source.path,
                source.size,
                filename=source.filename,
                content_type=source.content_type,
                progress=source.progress,
            )
            for header, value in source.headers:
                file_part.headers[header] = value
            form.add_field(name, file_part, filename=source.filename, content_type=source.content_type)
            continue
        handle = source.open()
        opened.append(handle)
        if source.headers:
            # A file tuple's own part headers (the official SDK's 4-tuple): made into the part here, as the form
            # would make it, with them added.
            part_headers = {hdrs.CONTENT_TYPE: source.content_type, **dict(source.headers)}
            part = payload.get_payload(handle, content_type=source.content_type, headers=part_headers)
            form.add_field(name, part, filename=source.filename, content_type=source.content_type)
            continue
        form.add_field(name, handle, filename=source.filename, content_type=source.content_type)
    if not request.files:
        # The API wants multipart on these routes even without a file; FormData would urlencode otherwise.
        form._is_multipart = True
    return form


__all__ = ["build_form"]
