"""A small, scripted stand-in for the analyze-task, batch and indexed-asset endpoints, for running the examples
without an API key.

The emulator (``twelvelabs_async.emulator``) does not serve ``/analyze/tasks`` and ``/analyze/batches`` yet; until it
does, ``analyze_tasks_webhook.py`` and ``batch_analysis.py`` start this instead when no base URL is given. It keeps
everything in memory and moves on a clock of its own: an analyze task is ``queued``, then ``processing``, then
``ready`` after ``task_seconds``; a batch item after ``item_seconds`` (items of assets named ``*broken*`` fail).
A ready or failed task is announced to ``webhook_url`` (when set) with a ``TL-Signature`` signed by
``webhook_secret``, as the platform does. The answers are shaped like the 2026-07 spec's; the analysis text is
made up from the request.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from twelvelabs_async import webhooks

NOW = "2026-05-01T10:00:00Z"


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


def _page(items: list[Any], request: web.Request) -> dict[str, Any]:
    page = int(request.query.get("page", "1"))
    limit = min(50, int(request.query.get("page_limit", "10")))
    total = max(1, -(-len(items) // limit))
    return {"data": items[(page - 1) * limit : page * limit],
            "page_info": {"page": page, "limit_per_page": limit, "total_page": total, "total_results": len(items)}}


@dataclass
class _Task:
    task_id: str
    custom_id: str | None
    source: dict[str, Any]
    prompt: str
    started: float
    fails: bool
    batch_id: str | None = None
    schema: dict[str, Any] | None = None  # a response format's JSON schema: the answer is JSON valid against it
    announced: bool = False

    def status(self, now: float, seconds: float) -> str:
        if now - self.started < seconds * 0.3:
            return "queued"
        if now - self.started < seconds:
            return "processing"
        return "failed" if self.fails else "ready"

    def result(self) -> dict[str, Any]:
        what = str(self.source.get("url") or self.source.get("asset_id"))
        text = f"{self.prompt.rstrip('?.')}: a summary of {what}."
        if self.schema is not None:
            text = json.dumps(_instance_of(self.schema, what))
        return {"generation_id": f"gen-{self.task_id}", "data": text, "finish_reason": "stop",
                "usage": {"output_tokens": 42}}


def _instance_of(schema: dict[str, Any], what: str) -> Any:
    """A small value valid against a simple JSON schema (objects, arrays, strings, numbers, booleans)."""
    kind = schema.get("type")
    if kind == "object":
        return {name: _instance_of(sub, what) for name, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        return [_instance_of(schema.get("items") or {"type": "string"}, what)]
    if kind in ("number", "integer"):
        return 1
    if kind == "boolean":
        return True
    return f"about {what}"


def _schema_of(fmt: Any) -> dict[str, Any] | None:
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema" and isinstance(fmt.get("json_schema"), dict):
        return fmt["json_schema"]
    return None


@dataclass
class ScriptedAnalysisApi:
    """Run it with ``async with ScriptedAnalysisApi() as api:``; ``api.base_url`` is its API root."""

    task_seconds: float = 0.5
    item_seconds: float = 0.3
    webhook_url: str | None = None
    webhook_secret: str = "whsec_scripted_local"
    assets: dict[str, list[str]] = field(default_factory=dict)  # index id -> asset ids
    tasks: dict[str, _Task] = field(default_factory=dict)
    batches: dict[str, list[str]] = field(default_factory=dict)  # batch id -> task ids
    keys: dict[str, str] = field(default_factory=dict)  # Idempotency-Key -> task id
    base_url: str = ""
    _runner: web.AppRunner | None = None
    _session: aiohttp.ClientSession | None = None
    _announcer: asyncio.Task[None] | None = None

    def seed_index(self, count: int, prefix: str = "asset") -> str:
        index_id = f"idx-{uuid.uuid4().hex[:8]}"
        self.assets[index_id] = [f"{prefix}-{n:03d}" for n in range(count)]
        return index_id

    # --- serving ---------------------------------------------------------------------------------------------

    async def __aenter__(self) -> ScriptedAnalysisApi:
        app = web.Application()
        app.router.add_post("/v1.3/analyze/tasks", self._create_task)
        app.router.add_get("/v1.3/analyze/tasks/{task_id}", self._get_task)
        app.router.add_post("/v1.3/analyze/batches", self._create_batch)
        app.router.add_get("/v1.3/analyze/batches", self._list_batches)
        app.router.add_get("/v1.3/analyze/batches/{batch_id}", self._get_batch)
        app.router.add_get("/v1.3/analyze/batches/{batch_id}/results", self._results)
        app.router.add_get("/v1.3/indexes/{index_id}/indexed-assets", self._indexed_assets)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}/v1.3"
        self._session = aiohttp.ClientSession()
        self._announcer = asyncio.ensure_future(self._announce_forever())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._announcer is not None:
            self._announcer.cancel()
            await asyncio.gather(self._announcer, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- analyze tasks ----------------------------------------------------------------------------------------

    async def _create_task(self, request: web.Request) -> web.Response:
        body = await request.json()
        source = body.get("video") or {}
        prompt = body.get("prompt") or (body.get("prompt_v2") or {}).get("input_text") or "Describe"
        key = request.headers.get("Idempotency-Key")
        if key in self.keys:  # a create retried with the same key: the same task, not a second one
            return web.json_response({"task_id": self.keys[key], "status": "queued"}, status=202)
        task = _Task(uuid.uuid4().hex[:24], body.get("custom_id"), source, prompt, time.monotonic(),
                     "broken" in json.dumps(source), schema=_schema_of(body.get("response_format")))
        self.tasks[task.task_id] = task
        if key:
            self.keys[key] = task.task_id
        return web.json_response({"task_id": task.task_id, "status": "queued"}, status=202)

    def _task_body(self, task: _Task) -> dict[str, Any]:
        status = task.status(time.monotonic(), self.task_seconds if task.batch_id is None else self.item_seconds)
        body: dict[str, Any] = {"task_id": task.task_id, "custom_id": task.custom_id, "status": status,
                                "created_at": NOW, "video_source": task.source}
        if status == "ready":
            body["result"] = task.result()
        if status == "failed":
            body["error"] = {"message": "the video could not be read"}
        return body

    async def _get_task(self, request: web.Request) -> web.Response:
        task = self.tasks.get(request.match_info["task_id"])
        if task is None:
            return _error(404, "resource_not_exist", "no such task")
        return web.json_response(self._task_body(task))

    async def _announce_forever(self) -> None:
        """Deliver a signed notification for each task that became ready or failed (a webhook)."""
        while True:
            await asyncio.sleep(0.02)
            if not self.webhook_url or self._session is None:
                continue
            for task in list(self.tasks.values()):
                if task.announced or task.batch_id is not None:
                    continue
                body = self._task_body(task)
                if body["status"] not in ("ready", "failed"):
                    continue
                task.announced = True
                event = {"id": f"whe_{task.task_id}", "created_at": NOW, "type": f"analyze.task.{body['status']}",
                         "data": {"id": task.task_id, "custom_id": body["custom_id"], "created_at": NOW,
                                  "status": body["status"], "error": body.get("error")}}
                payload = json.dumps(event).encode()
                headers = {"TL-Signature": webhooks.signature_header(payload, self.webhook_secret),
                           "Content-Type": "application/json"}
                try:
                    async with self._session.post(self.webhook_url, data=payload, headers=headers) as response:
                        await response.read()
                except aiohttp.ClientError:
                    task.announced = False  # tried again on the next tick, as the platform retries

    # --- batches -----------------------------------------------------------------------------------------------

    async def _create_batch(self, request: web.Request) -> web.Response:
        body = await request.json()
        active = [b for b in self.batches if self._batch_body(b)["status"] in ("pending", "processing")]
        if len(active) >= 5:
            return _error(429, "too_many_active_batches", "You already have 5 active batches")
        defaults = body.get("defaults") or {}
        batch_id = uuid.uuid4().hex[:24]
        ids = []
        for item in body["requests"]:
            prompt = (item.get("prompt") or defaults.get("prompt") or {}).get("input_text", "Describe")
            fmt = item.get("response_format") or defaults.get("response_format")
            task = _Task(uuid.uuid4().hex[:24], item.get("custom_id"), item["video"], prompt, time.monotonic(),
                         "broken" in item["video"]["asset_id"], batch_id=batch_id, schema=_schema_of(fmt))
            self.tasks[task.task_id] = task
            ids.append(task.task_id)
        self.batches[batch_id] = ids
        items = [{"task_id": t, "custom_id": self.tasks[t].custom_id} for t in ids]
        return web.json_response({"batch_id": batch_id, "status": "pending", "total_items": len(ids),
                                  "created_at": NOW, "expires_at": "2026-05-02T10:00:00Z", "items": items},
                                 status=201)

    def _batch_body(self, batch_id: str) -> dict[str, Any]:
        statuses = [self._task_body(self.tasks[t])["status"] for t in self.batches[batch_id]]
        counts = {s: statuses.count(s) for s in ("queued", "processing", "ready", "failed", "canceled")}
        done = counts["ready"] + counts["failed"] + counts["canceled"] == len(statuses)
        return {"batch_id": batch_id, "analysis_mode": "general", "model_name": "pegasus1.5",
                "status": "completed" if done else "processing", "total_items": len(statuses), "created_at": NOW,
                "expires_at": "2026-05-02T10:00:00Z", **{f"{s}_items": n for s, n in counts.items()}}

    async def _list_batches(self, request: web.Request) -> web.Response:
        wanted = request.query.getall("status", [])
        found = [b for b in map(self._batch_body, self.batches) if not wanted or b["status"] in wanted]
        return web.json_response(_page(found, request))

    async def _get_batch(self, request: web.Request) -> web.Response:
        batch_id = request.match_info["batch_id"]
        if batch_id not in self.batches:
            return _error(404, "resource_not_exist", "no such batch")
        return web.json_response(self._batch_body(batch_id))

    async def _results(self, request: web.Request) -> web.Response:
        batch_id = request.match_info["batch_id"]
        if batch_id not in self.batches:
            return _error(404, "resource_not_exist", "no such batch")
        lines = []
        for task_id in self.batches[batch_id]:
            body = self._task_body(self.tasks[task_id])
            line = {"task_id": task_id, "custom_id": body["custom_id"], "status": body["status"]}
            if "result" in body:
                line["data"] = body["result"]
            if body["status"] == "failed":
                line["error"] = {"code": "video_unreadable", "message": "the video could not be read"}
            lines.append(json.dumps(line))
        return web.Response(body=("\n".join(lines) + "\n").encode(), content_type="application/jsonl")

    # --- indexed assets ----------------------------------------------------------------------------------------

    async def _indexed_assets(self, request: web.Request) -> web.Response:
        assets = self.assets.get(request.match_info["index_id"])
        if assets is None:
            return _error(404, "resource_not_exist", "no such index")
        items = [{"_id": f"ia-{a}", "asset_id": a, "status": "ready", "created_at": NOW} for a in assets]
        return web.json_response(_page(items, request))


@asynccontextmanager
async def scripted_api(**kwargs: Any) -> AsyncIterator[ScriptedAnalysisApi]:
    async with ScriptedAnalysisApi(**kwargs) as api:
        yield api
