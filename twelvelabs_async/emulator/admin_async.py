"""Admin endpoints for async analysis, batches and webhooks (under ``/_emulator``, no API key needed).

==============================================  ============================================================
``GET    /_emulator/webhooks``                  ``{"urls": [...], "deliveries": [{event_id, type, url, attempt,
                                                t, signature, status, error, ok, body}]}``
``POST   /_emulator/webhooks``                  ``{"url", "secret"?}``: deliver events to ``url`` too (and sign
                                                with ``secret`` from now on, when given)
``DELETE /_emulator/webhooks``                  stop delivering: forget the URLs, the queue and the log
``POST   /_emulator/batches/{batch_id}/complete``  every unfinished item of the batch ends now
``POST   /_emulator/analyze-tasks/{task_id}/complete``  the task ends now (ready, or failed as asked)
==============================================  ============================================================

The same is at hand in code: ``emu.state.webhooks`` (:class:`~.webhooks.WebhookHub`),
``emu.state.complete_batch_now(batch_id)``, ``emu.state.complete_analyze_task_now(task_id)``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from .admin import _body
from .context import ctx

__all__ = ["routes"]

routes = web.RouteTableDef()


@routes.get("/_emulator/webhooks")
async def list_webhooks(request: web.Request) -> web.Response:
    hub = ctx(request).state.webhooks
    return web.json_response({"urls": list(hub.urls), "deliveries": [a.json() for a in list(hub.deliveries)]})


@routes.post("/_emulator/webhooks")
async def register_webhook(request: web.Request) -> web.Response:
    body = await _body(request)
    url, secret = body.get("url"), body.get("secret")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise web.HTTPBadRequest(text="url must be an http(s) URL")
    if secret is not None and (not isinstance(secret, str) or not secret):
        raise web.HTTPBadRequest(text="secret must be a non-empty string")
    hub = ctx(request).state.webhooks
    hub.register(url, secret)
    return web.json_response({"urls": list(hub.urls)})


@routes.delete("/_emulator/webhooks")
async def clear_webhooks(request: web.Request) -> web.Response:
    ctx(request).state.webhooks.clear()
    return web.json_response({"urls": []})


@routes.post("/_emulator/batches/{batch_id}/complete")
async def complete_batch(request: web.Request) -> web.Response:
    state = ctx(request).state
    batch_id = request.match_info["batch_id"]
    if batch_id not in state.batches:
        raise web.HTTPNotFound(text="unknown batch_id")
    state.complete_batch_now(batch_id)
    with state.lock:
        return web.json_response({"status": state.batch_view(state.batches[batch_id]).status})


@routes.post("/_emulator/analyze-tasks/{task_id}/complete")
async def complete_task(request: web.Request) -> web.Response:
    state = ctx(request).state
    task_id = request.match_info["task_id"]
    if task_id not in state.analyze_tasks:
        raise web.HTTPNotFound(text="unknown task_id")
    state.complete_analyze_task_now(task_id)
    with state.lock:
        return web.json_response({"status": state.analyze_task_status(state.analyze_tasks[task_id])[0]})
