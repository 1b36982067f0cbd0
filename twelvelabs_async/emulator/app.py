"""The aiohttp application: API routes under ``/v1.3``, admin routes under ``/_emulator``, and the middleware
that applies (in this order) request counting, injected faults, authentication, lifecycle refresh, rate
limits and the JSON error body.

The API routes are those of the configured surface (:mod:`.surfaces`): a route the surface does not have is
absent, and answers like any unknown path.

Use :class:`~.server.Emulator` to run it; :func:`build_app` is for embedding the app in another aiohttp
server.
"""

from __future__ import annotations

import asyncio
import email.utils
from collections.abc import Awaitable, Callable

from aiohttp import web

from . import (
    admin,
    admin_async,
    admin_knowledge,
    oauth,
    routes_analyze,
    routes_analyze_tasks,
    routes_assets,
    routes_batches,
    routes_connections,
    routes_embed,
    routes_embed_v2,
    routes_entities,
    routes_generate,
    routes_indexed_assets,
    routes_indexes,
    routes_knowledge,
    routes_multipart,
    routes_responses,
    routes_search,
    routes_tasks,
    routes_transfers,
    webhooks,
)
from .context import CONTEXT_KEY, CUT_KEY, FAULT_KEY, RATELIMIT_KEY, EmulatorContext
from .envelope import is_enveloped
from .errors import ApiError
from .faults import FaultDecision
from .ratelimit import rate_limit_bucket

__all__ = ["API_PREFIX", "FAULT_HEADER", "build_app"]

API_PREFIX = "/v1.3"
FAULT_HEADER = "X-Emulator-Fault"
_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def route_name(request: web.Request) -> str:
    """``"POST /tasks"``-style name of the matched route, used by counters and fault rules."""
    resource = request.match_info.route.resource
    if resource is None:
        return f"{request.method} (unmatched)"
    path = resource.canonical
    if path.startswith(API_PREFIX):
        path = path[len(API_PREFIX):]
    return f"{request.method} {path}"


def _abort(request: web.Request) -> None:
    if request.transport is not None:
        request.transport.abort()


def _fault_response(context: EmulatorContext, decision: FaultDecision, route: str = "") -> web.Response:
    if decision.status == 429:
        now = context.state.clock.now()
        reset = int(now + decision.reset_after + 0.999)
        # Documented: 429 comes with an empty body.
        return web.Response(status=429, headers={
            "X-Ratelimit-Limit": str(context.limiter.limit), "X-Ratelimit-Remaining": "0",
            "X-Ratelimit-Used": str(context.limiter.limit), "X-Ratelimit-Reset": str(reset)})
    status = decision.status or 500
    messages = {500: "Internal server error.", 502: "Bad gateway.", 503: "Service temporarily unavailable."}
    body = {"code": "internal_error", "message": messages.get(status, "Server error.")}
    if is_enveloped(route):  # the 2026 services answer even their 5xx in the envelope (the spec's ErrorResponse)
        body = ApiError(status, body["code"], body["message"]).envelope_body()
    return web.json_response(body, status=status)


def _authenticate(context: EmulatorContext, key: str | None) -> str:
    expected = context.config.api_key
    if not key or (expected is not None and key != expected):
        raise ApiError.api_key_invalid()
    return key


@web.middleware
async def _middleware(request: web.Request, handler: _Handler) -> web.StreamResponse:
    if not request.path.startswith(API_PREFIX + "/"):
        return await handler(request)
    context = request.app[CONTEXT_KEY]
    state = context.state
    route = route_name(request)
    decision = context.faults.decide(route, state.begin(route), state.seed, request.headers.get(FAULT_HEADER))
    request[FAULT_KEY] = decision
    outcome = "exception"
    try:
        if decision.latency > 0:
            await asyncio.sleep(decision.latency)
        if decision.drop_before:
            outcome = "drop_before"
            _abort(request)
            return web.Response(status=500)  # never delivered: the transport is gone
        if decision.status is not None:
            outcome = str(decision.status)
            return _fault_response(context, decision, route)
        try:
            key = _authenticate(context, request.headers.get("x-api-key"))
            state.note_api_key(key)
            state.refresh()
            path = route.split(" ", 1)[1]
            bucket = rate_limit_bucket(path, context.config.surface) if request.method == "POST" else None
            if bucket is not None:
                allowed, headers = context.limiter.take(key, bucket, state.clock.now())
                if not allowed:
                    outcome = "429"
                    return web.Response(status=429, headers=headers)
                request[RATELIMIT_KEY] = headers
            response = await handler(request)
        except ApiError as err:
            response = web.json_response(err.body(context.config.surface), status=err.status)
        except RecursionError:
            # json.loads of a body nested thousands deep: a bad request, not a server failure.
            too_deep = ApiError(400, "parameter_invalid", "The request body nests too deeply.")
            if is_enveloped(route):
                too_deep = too_deep.enveloped()
            response = web.json_response(too_deep.body(context.config.surface), status=too_deep.status)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            # Unknown paths and methods under /v1.3 still answer with the API's error body.
            status = exc.status
            if status == 405 and context.config.surface != "2025":
                # A removed operation (PUT on a video) must look absent, like a removed path, and not hint
                # that the path still exists for that method.
                status = 404
            response = web.json_response(
                {"code": "resource_not_exist" if status == 404 else "method_not_allowed",
                 "message": f"The endpoint `{request.method} {request.path}` does not exist."},
                status=status)
        if request.get(CUT_KEY):
            outcome = "stream_cut"
        elif decision.drop_after:
            # The request was fully handled (state changed); only the response is lost.
            outcome = "drop_after"
            _abort(request)
        elif decision.garble_after and not response.prepared:
            outcome = "garble_after"
            response = web.Response(status=response.status, body=b"<html><body>upstream answer mangled</body>",
                                    content_type="text/html")
        else:
            outcome = str(response.status)
        if not response.prepared:
            # A real service stamps its answers and its resources from one clock: so does the emulator, so that a
            # client comparing the two sees the emulator's clock, however far it is from the client's.
            response.headers["Date"] = email.utils.formatdate(state.clock.now(), usegmt=True)
        return response
    finally:
        state.finish(route, outcome)


async def _on_prepare(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith(API_PREFIX + "/"):
        response.headers["X-Api-Version"] = "1.3"
        headers = request.get(RATELIMIT_KEY)
        if isinstance(headers, dict) and 200 <= response.status < 300:
            response.headers.update(headers)


def route_tables(surface: str) -> list[web.RouteTableDef]:
    """The API route tables of ``surface``."""
    common = [routes_indexes.routes, routes_tasks.routes, routes_search.routes, routes_embed.routes]
    if surface == "2025":
        return [*common, routes_indexes.routes_2025, routes_search.routes_2025, routes_transfers.routes,
                routes_generate.routes, routes_generate.analyze_routes]
    # The multipart routes come before the asset routes: `/assets/multipart-uploads` must not be taken for an
    # asset id by `/assets/{asset_id}`.
    # The redirect-URI routes of routes_connections come before `/connections/{connection_id}` for the same
    # reason; they are declared first in that table.
    return [*common, routes_search.routes_2026, routes_analyze.routes, routes_multipart.routes,
            routes_assets.routes, routes_indexed_assets.routes, routes_knowledge.routes, routes_responses.routes,
            routes_connections.routes, routes_analyze_tasks.routes, routes_batches.routes, routes_embed_v2.routes,
            routes_entities.routes]


def build_app(context: EmulatorContext) -> web.Application:
    app = web.Application(middlewares=[_middleware], client_max_size=8 * 1024 * 1024)
    app[CONTEXT_KEY] = context
    for table in route_tables(context.config.surface):
        for route in table:
            assert isinstance(route, web.RouteDef)
            app.router.add_route(route.method, API_PREFIX + route.path, route.handler)
    app.router.add_routes(admin.routes)
    app.router.add_routes(admin_async.routes)
    if context.config.surface != "2025":
        # The fake OAuth consent page of the data connectors, the admin helpers of the 2026 services, and the
        # webhook dispatcher of async analysis.
        app.router.add_routes(oauth.routes)
        app.router.add_routes(admin_knowledge.routes)
        webhooks.install(app, context.state, context.config)
    app.on_response_prepare.append(_on_prepare)
    return app
