"""The official SDK 1.3.6's ``create_bulk`` helpers, shared by ``tasks.create_bulk`` and
``embed.tasks.create_bulk``: one create call per input; the list returned holds what was created, in input order.

Three things differ from 1.3.6, on purpose: every input is checked (arguments, and the preflight of each file)
before the first request, so a bad one raises before anything is sent rather than midway; the creates run
``concurrency`` at a time rather than one after the other; and a failure is neither printed nor swallowed: once
every input has been tried, ``BulkCreateError`` says which failed and why and holds every outcome (its
``created`` is the list 1.3.6 would have returned), or with ``return_exceptions=True`` the list holds each
failure's exception in its input's place, as ``asyncio.gather`` does.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._route_spec import Route

DEFAULT_CONCURRENCY = 4
_NAMED_IN_MESSAGE = 3


def describe(args: Mapping[str, Any]) -> str:
    """An input of a bulk create, for a message: its URL, its path, or what kind of content it is."""
    url = args.get("video_url")
    if isinstance(url, str):
        return url
    source = args.get("video_file")
    if isinstance(source, bytes):
        return f"<{len(source)} bytes>"
    if isinstance(source, str) or hasattr(source, "__fspath__"):
        return str(source)
    if isinstance(source, tuple) and source and isinstance(source[0], str):
        return source[0]
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else type(source).__name__


def check_concurrency(concurrency: object) -> int:
    from twelvelabs_async._errors import ArgumentError

    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ArgumentError("concurrency", f"must be an int >= 1, got {concurrency!r}")
    return concurrency


async def create_each(
    client: AsyncTwelveLabs,
    route: Route[Any],
    calls: Sequence[Mapping[str, Any]],
    options: RequestOptions | None,
    *,
    concurrency: int,
    return_exceptions: bool,
) -> list[Any]:
    from twelvelabs_async._errors import BulkCreateError
    from twelvelabs_async._preflight import check_upload_files

    limit = asyncio.Semaphore(check_concurrency(concurrency))
    requests = [client._prepare(route, args, options) for args in calls]  # ArgumentError before any request
    for request in requests:
        if route.preflight and request.files:
            await check_upload_files(route, request)  # PreflightError before any request

    # One open file given for several inputs is read by one upload at a time (each rewinds it to its start).
    file_locks: dict[int, asyncio.Lock] = {}
    for request in requests:
        for _, source in request.files:
            if source.fileobj is not None:
                file_locks.setdefault(id(source.fileobj), asyncio.Lock())

    async def one(request: Any) -> Any:
        async with limit, contextlib.AsyncExitStack() as held:
            for key in sorted({id(s.fileobj) for _, s in request.files if s.fileobj is not None}):
                await held.enter_async_context(file_locks[key])
            try:
                return await client._send_prepared(route, request, options)
            except Exception as exc:  # every failure is this input's outcome; cancellation is not one
                return exc

    # gather cancels the creates still running if the caller is cancelled.
    outcomes = list(await asyncio.gather(*(one(request) for request in requests)))
    failed = [(n, outcome) for n, outcome in enumerate(outcomes) if isinstance(outcome, BaseException)]
    if failed and not return_exceptions:
        named = "; ".join(f"[{n}] {describe(calls[n])}: {exc}" for n, exc in failed[:_NAMED_IN_MESSAGE])
        more = f"; and {len(failed) - _NAMED_IN_MESSAGE} more" if len(failed) > _NAMED_IN_MESSAGE else ""
        raise BulkCreateError(
            f"{route.method_name}: {len(failed)} of {len(outcomes)} input(s) failed ({len(outcomes) - len(failed)} "
            f"created; every outcome is in .outcomes): {named}{more}",
            outcomes=outcomes,
        ) from failed[0][1]
    return outcomes
