"""The official SDK 1.3.6's ``create_bulk`` contract, shared by ``tasks.create_bulk`` and
``embed.tasks.create_bulk``: one create call per input, in order; the ones created are returned, and an input the
API refuses does not stop the others.

Two things differ from 1.3.6, both on purpose: every input is checked (arguments, and the preflight of each file)
before the first request, so a bad one raises before anything is sent rather than midway; and a refused input is
logged as a warning naming it, where 1.3.6 prints to stdout.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._route_spec import Route

logger = logging.getLogger("twelvelabs_async")


def _describe(args: Mapping[str, Any]) -> str:
    url = args.get("video_url")
    if isinstance(url, str):
        return url
    source = args.get("video_file")
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        return str(source) if not isinstance(source, bytes) else f"<{len(source)} bytes>"
    return repr(source)


async def create_each(
    client: AsyncTwelveLabs, route: Route[Any], calls: Sequence[Mapping[str, Any]], options: RequestOptions | None
) -> list[Any]:
    from twelvelabs_async._errors import APIConnectionError, APIResponseError, APIStatusError
    from twelvelabs_async._preflight import check_upload_files

    requests = [client._prepare(route, args, options) for args in calls]  # ArgumentError before any request
    for request in requests:
        if route.preflight and request.files:
            await check_upload_files(route, request)  # PreflightError before any request
    created: list[Any] = []
    for args, request in zip(calls, requests, strict=True):
        try:
            created.append(await client._send_prepared(route, request, options))
        except (APIStatusError, APIConnectionError, APIResponseError) as exc:
            logger.warning("%s: %s was not created: %s", route.method_name, _describe(args), exc)
    return created
