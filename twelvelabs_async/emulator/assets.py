"""Assets as sources of today's ``/analyze`` (``video: {"type": "asset_id", ...}`` and ``prompt_v2`` media).

The emulator has no asset store yet, so every asset id is unknown and answers the documented not-found
error. :func:`lookup_asset` is the one place that has to learn about stored assets once they exist (the
spec also asks a *ready* asset: an asset still processing should be refused there).
"""

from __future__ import annotations

from .context import EmulatorContext
from .errors import ApiError
from .generation import Subject

__all__ = ["lookup_asset", "require_asset"]


def lookup_asset(context: EmulatorContext, asset_id: str) -> Subject | None:
    """What an analysis of the asset is about, or ``None`` when there is no such asset."""
    del context, asset_id  # no assets exist yet
    return None


def require_asset(context: EmulatorContext, asset_id: str) -> Subject:
    subject = lookup_asset(context, asset_id)
    if subject is None:
        raise ApiError.not_found(asset_id, "assets")
    return subject
