"""Routes that answer errors with the 2026 envelope ``{"error": {code, message, details}}``.

The spec's ``ErrorResponse`` belongs to the services added in 2026: analyze tasks and batches and embeddings
v2 (not to entity collections, whose errors are ``{code, message}``, nor to the two list routes
``GET /analyze/tasks`` and ``GET /embed-v2/tasks``, whose 400 the spec declares flat). Handlers of those
routes are wrapped with :func:`enveloped`, so the shared helpers (:func:`.context.read_json`, the parameter
accessors, :func:`.assets.require_asset`...) can keep raising the flat :class:`~.errors.ApiError`.
:func:`is_enveloped` tells the middleware which routes want the envelope on injected 5xx faults too.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import web

from .errors import ApiError

__all__ = ["ENVELOPED_PREFIXES", "enveloped", "is_enveloped"]

ENVELOPED_PREFIXES = ("/analyze/tasks", "/analyze/batches", "/embed-v2")
# Routes under those prefixes whose errors the spec declares flat.
FLAT_ROUTES = frozenset({"GET /analyze/tasks", "GET /embed-v2/tasks"})

R = TypeVar("R", bound=web.StreamResponse)


def enveloped(handler: Callable[[web.Request], Awaitable[R]]) -> Callable[[web.Request], Awaitable[R]]:
    """Re-raise the handler's flat errors in the envelope."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> R:
        try:
            return await handler(request)
        except ApiError as err:
            if err.envelope:
                raise
            raise err.enveloped() from None

    return wrapper


def is_enveloped(route: str) -> bool:
    """Whether ``route`` (``"POST /analyze/tasks"``, no ``/v1.3``) answers errors in the envelope."""
    if route in FLAT_ROUTES:
        return False
    path = route.split(" ", 1)[-1]
    return any(path == p or path.startswith(p + "/") for p in ENVELOPED_PREFIXES)
