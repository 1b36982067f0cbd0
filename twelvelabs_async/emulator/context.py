"""The per-application bundle handlers work with: state, settings, search sessions, limiter, faults."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .config import EmulatorConfig
from .errors import ApiError
from .faults import FaultDecision, FaultPlan
from .params import JsonParams
from .ratelimit import RateLimiter
from .search import SearchSessions
from .state import EmulatorState

if TYPE_CHECKING:
    from .storage import StorageServer

__all__ = ["CONTEXT_KEY", "EmulatorContext", "ctx", "fault_of", "is_2026", "no_content", "read_json"]


@dataclass
class EmulatorContext:
    state: EmulatorState
    config: EmulatorConfig
    faults: FaultPlan
    upload_dir: str
    limiter: RateLimiter
    sessions: SearchSessions = field(default_factory=SearchSessions)
    # Where multipart uploads' presigned URLs point (None when the app runs without one: build_app alone).
    storage: StorageServer | None = None


CONTEXT_KEY: web.AppKey[EmulatorContext] = web.AppKey("twelvelabs_emulator", EmulatorContext)


def _request_key(name: str, kind: type) -> Any:
    # web.RequestKey exists from aiohttp 3.13 on (and plain string keys warn there); older releases
    # supported by the package only know string keys.
    factory = getattr(web, "RequestKey", None)
    return factory(name, kind) if factory is not None else name


FAULT_KEY: Any = _request_key("twelvelabs_emulator_fault", FaultDecision)
RATELIMIT_KEY: Any = _request_key("twelvelabs_emulator_ratelimit", dict)
CUT_KEY: Any = _request_key("twelvelabs_emulator_cut", bool)


def ctx(request: web.Request) -> EmulatorContext:
    return request.app[CONTEXT_KEY]


def is_2026(request: web.Request) -> bool:
    """Whether the emulator serves today's API (surface ``"2026"``) rather than the seed-era one."""
    return request.app[CONTEXT_KEY].config.surface != "2025"


def no_content(request: web.Request) -> web.Response:
    """The empty success of updates and deletes: 204 in the seed era; the 2026-07 spec documents 200
    ("Successful response", no body) for PUT index, DELETE index, PATCH/DELETE video and DELETE task."""
    return web.Response(status=200 if is_2026(request) else 204)


def fault_of(request: web.Request) -> FaultDecision:
    decision = request.get(FAULT_KEY)
    return decision if isinstance(decision, FaultDecision) else FaultDecision()


def ratelimit_headers(request: web.Request) -> Mapping[str, str]:
    headers = request.get(RATELIMIT_KEY)
    return headers if isinstance(headers, dict) else {}


async def read_json(request: web.Request, allowed: tuple[str, ...], *,
                    too_large: ApiError | None = None, limit: int = 0) -> JsonParams:
    """Parse a JSON object body and reject unknown keys.

    With ``limit``, the body may exceed the app's ``client_max_size``: it is read from the stream up to
    ``limit`` bytes, and a longer one is drained and answered with ``too_large`` (so a client sending inline
    media gets the API's error, not a bare 413).
    """
    raw = await request.read() if not limit else await _read_capped(request, limit, too_large)
    if not raw.strip():
        body: Any = {}
    else:
        try:
            body = json.loads(raw)
        except ValueError:
            raise ApiError(400, "parameter_invalid", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "parameter_invalid", "The request body must be a JSON object.")
    params = JsonParams(body)
    params.reject_unknown(allowed)
    return params


async def _read_capped(request: web.Request, limit: int, too_large: ApiError | None) -> bytes:
    body = bytearray()
    overflow = False
    while True:
        chunk = await request.content.readany()
        if not chunk:
            break
        if len(body) + len(chunk) > limit:
            overflow = True  # keep reading to the end, dropping the rest, so the answer arrives cleanly
            continue
        body += chunk
    if overflow:
        raise too_large or ApiError(400, "parameter_invalid", "The request body is too large.")
    return bytes(body)
