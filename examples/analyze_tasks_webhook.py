"""An aiohttp.web service that analyzes long videos with analyze tasks, and answers when the webhook says so.

    python examples/analyze_tasks_webhook.py            # no base URL: the local emulator, in-process (below)
    TWELVELABS_API_KEY=tlk_... TWELVELABS_WEBHOOK_SECRET=whsec_... \\
        python examples/analyze_tasks_webhook.py --base-url https://api.twelvelabs.io/v1.3

    curl -X POST "http://127.0.0.1:8080/analyses?wait=30" \\
        -d '{"video": "https://videos.example.com/talk.mp4", "prompt": "Summarize the talk"}'
    curl http://127.0.0.1:8080/analyses/TASK_ID

Why tasks: Pegasus may read a video for many minutes, longer than any HTTP client should hold a connection to the
API. ``POST /analyses`` starts an analyze task and waits up to ``wait`` seconds for its notification: 200 with the
result if it came in time, else 202 with the task id (``GET /analyses/{task_id}`` later). The service holds no
connection to the API meanwhile, and one shared client serves every request.

The platform POSTs each notification to ``/webhooks/twelvelabs`` (register that URL and copy its secret in the
Playground). The service verifies the ``TL-Signature`` over the raw body (a forged or replayed one gets a 400),
processes each notification id once (the platform retries), retrieves the task for its result (notifications
carry none), and wakes whoever waits for it.

Safe retries: a client may send an ``Idempotency-Key`` header; it is passed on to the API, so a retried
``POST /analyses`` starts one task, not two. Without one, the SDK still makes its own retries safe.

Without a base URL the service starts the local emulator (``twelvelabs_async.emulator``) in its own loop: it
serves the analyze-task endpoints and signs and delivers their notifications to this service's webhook, with a
secret of its own, so everything runs offline (try ``"prompt": "... [emulator:fail]"`` for a failed task).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from twelvelabs_async import APIStatusError, ArgumentError, AsyncTwelveLabs, webhooks
from twelvelabs_async.models import AnalyzeTask, AnalyzeTaskEvent

CLIENT = web.AppKey("client", AsyncTwelveLabs)
SETTINGS = web.AppKey("settings", dict)
STATE = web.AppKey("state", dict)
WEBHOOK_PATH = "/webhooks/twelvelabs"
MAX_WAIT = 600.0


def make_app(*, api_key: str | None = None, base_url: str | None = None, webhook_secret: str | None = None,
             start_emulator: bool = False) -> web.Application:
    """The service. ``api_key``, ``base_url`` and ``webhook_secret`` default to TWELVELABS_API_KEY,
    TWELVELABS_BASE_URL and TWELVELABS_WEBHOOK_SECRET; ``start_emulator`` runs the local emulator instead."""
    app = web.Application()
    app[SETTINGS] = {"api_key": api_key, "base_url": base_url,
                     "webhook_secret": webhook_secret or os.environ.get("TWELVELABS_WEBHOOK_SECRET")}
    # waiting: task id -> future of its record; done: task id -> record; seen: notification ids processed
    app[STATE] = {"waiting": {}, "done": {}, "seen": set()}
    if start_emulator:
        app.cleanup_ctx.append(local_emulator)  # before the client: started first, stopped last
    app.cleanup_ctx.append(twelvelabs_client)
    app.middlewares.append(api_errors)
    app.router.add_post("/analyses", start_analysis)
    app.router.add_get("/analyses/{task_id}", get_analysis)
    app.router.add_post(WEBHOOK_PATH, receive_webhook)
    return app


async def twelvelabs_client(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    app[CLIENT] = AsyncTwelveLabs(api_key=settings["api_key"], base_url=settings["base_url"])
    yield
    await app[CLIENT].aclose()


@web.middleware
async def api_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The API's status and error code go on to our own client; bad input is a 400, never a 500."""
    try:
        return await handler(request)
    except ArgumentError as exc:
        return web.json_response({"code": "bad_request", "message": str(exc)}, status=400)
    except APIStatusError as exc:
        return web.json_response({"code": exc.code, "message": exc.message}, status=exc.status)


def record_of(task: AnalyzeTask) -> dict[str, Any]:
    """What the service answers about a task."""
    record: dict[str, Any] = {"task_id": task.task_id, "custom_id": task.custom_id, "status": task.status}
    if task.result is not None:
        record["result"] = task.result.data
        record["finish_reason"] = task.result.finish_reason
    if task.error is not None:
        record["error"] = task.error.message
    return record


def finished(app: web.Application, record: dict[str, Any]) -> None:
    state = app[STATE]
    state["done"][record["task_id"]] = record
    future = state["waiting"].pop(record["task_id"], None)
    if future is not None and not future.done():
        future.set_result(record)


async def start_analysis(request: web.Request) -> web.Response:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text='the body must be JSON: {"video": URL, "prompt": TEXT}') from None
    if not isinstance(body, dict) or not body.get("video") or not isinstance(body.get("prompt"), str):
        raise web.HTTPBadRequest(text='give {"video": URL or {"type": "asset_id", ...}, "prompt": TEXT}')
    try:
        wait = min(MAX_WAIT, max(0.0, float(request.query.get("wait", "0"))))
    except ValueError:
        raise web.HTTPBadRequest(text="wait is a number of seconds") from None
    app = request.app
    emulator = app[SETTINGS].get("emulator")
    if emulator is not None and not emulator.state.webhooks.urls:
        # Where the emulator delivers: this service, at the address it was reached on (what you register in the
        # Playground for the real API).
        emulator.state.webhooks.register(str(request.url.origin()) + WEBHOOK_PATH)
    created = await app[CLIENT].analyze_async.tasks.create(
        video=body["video"],
        prompt=body["prompt"],
        custom_id=body.get("custom_id"),
        idempotency_key=request.headers.get("Idempotency-Key"),
    )
    state = app[STATE]
    record = state["done"].get(created.task_id)  # the notification may have come already
    if record is None and wait > 0:
        future = state["waiting"].setdefault(created.task_id, asyncio.get_running_loop().create_future())
        try:
            record = await asyncio.wait_for(asyncio.shield(future), wait)
        except asyncio.TimeoutError:
            record = None
    if record is not None:
        return web.json_response(record)
    return web.json_response({"task_id": created.task_id, "status": "processing",
                              "poll": f"/analyses/{created.task_id}"}, status=202)


async def get_analysis(request: web.Request) -> web.Response:
    task_id = request.match_info["task_id"]
    record = request.app[STATE]["done"].get(task_id)
    if record is None:
        task = await request.app[CLIENT].analyze_async.tasks.retrieve(task_id)
        record = record_of(task)
        if not task.is_done:
            return web.json_response(record, status=202)
        finished(request.app, record)
    return web.json_response(record)


async def receive_webhook(request: web.Request) -> web.Response:
    secret = request.app[SETTINGS]["webhook_secret"]
    if not secret:
        raise web.HTTPServiceUnavailable(text="no webhook secret configured (TWELVELABS_WEBHOOK_SECRET)")
    body = await request.read()  # the raw bytes: parsed and re-serialized JSON would not verify
    try:
        event = webhooks.construct_event(body, request.headers.get(webhooks.SIGNATURE_HEADER), secret)
    except webhooks.WebhookVerificationError as exc:
        return web.json_response({"code": "invalid_signature", "message": exc.reason}, status=400)
    except ValueError:  # verified, but not a notification (ModelDecodeError)
        return web.json_response({"code": "invalid_event"}, status=400)
    seen = request.app[STATE]["seen"]
    if event.id in seen:
        return web.Response(status=200)  # a retry of a notification already processed
    if isinstance(event, AnalyzeTaskEvent) and event.data is not None:
        # The notification says the task is final; its result is on the task itself.
        task = await request.app[CLIENT].analyze_async.tasks.retrieve(event.data.id)
        finished(request.app, record_of(task))
    seen.add(event.id)
    return web.Response(status=200)


# --- running it standalone ----------------------------------------------------------------------------------


async def local_emulator(app: web.Application) -> AsyncIterator[None]:
    """The local emulator of the API, with webhooks signed by a secret of its own."""
    from twelvelabs_async.emulator import Emulator

    secret = "whsec_local_emulator"
    # speed=4: an analyze task is ready about 0.4 s after it is created (a real one takes minutes).
    async with Emulator(speed=4, webhook_secret=secret) as emulator:
        app[SETTINGS].update(base_url=emulator.base_url, api_key="tlk_emulator", webhook_secret=secret,
                             emulator=emulator)
        print(f"emulator at {emulator.base_url}", flush=True)
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description="Analyze tasks answered on their webhook.")
    parser.add_argument("--base-url", default=os.environ.get("TWELVELABS_BASE_URL"),
                        help="API root (default: $TWELVELABS_BASE_URL; none: start the emulator)")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    app = make_app(base_url=args.base_url, start_emulator=not args.base_url)
    web.run_app(app, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
