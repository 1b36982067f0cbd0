"""Upload preflight: check a video file against the API's documented limits before sending a byte."""

from __future__ import annotations

from twelvelabs_async._request import WireRequest
from twelvelabs_async._route_spec import Route


async def check_upload_files(route: Route, request: WireRequest) -> None:
    """Raise a typed error naming the file and the rule it breaks."""
    return None
