"""A scripted, stateful stand-in for the analyze-task and batch endpoints (the emulator lacks them for now).

``FakeAnalysisApi.handle`` answers a ``core_testkit.Recorded`` request with a ``Reply``, as the 2026-07 spec
describes: batches of up to 1,000 requests, at most ``active_limit`` active per account (429 beyond), items that
move ``queued -> processing -> ready | failed`` a step per polling round, JSON-lines results, analyze tasks listed
by one status a request. Time is counted in rounds (a round starts with each listing of page 1), so tests are
exact and need no clock. Items whose asset id contains ``fail`` fail; ``slow`` ones never finish on their own
(they end ``canceled`` when their batch expires). Hooks let a test inject faults.

Every request is also checked against the official spec (``spec_check``), so a test using the fake checks the
wire too.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import spec_check
from core_testkit import DROP, Recorded, RecordingServer, Reply

T0 = "2026-05-01T10:00:00Z"
BATCH_ACTIVE = ("pending", "processing", "canceling")


def error(status: int, code: str, message: str) -> Reply:
    return Reply(status, json={"error": {"code": code, "message": message}})


@dataclass
class FakeItem:
    task_id: str
    custom_id: str | None
    asset_id: str
    status: str = "queued"
    steps: int = 0


@dataclass
class FakeBatch:
    batch_id: str
    items: list[FakeItem]
    status: str = "pending"
    foreign: bool = False  # another process's batch: counts toward the account's limit
    expire_after: int | None = None  # rounds

    def counts(self) -> dict[str, int]:
        out = {f"{s}_items": 0 for s in ("queued", "processing", "ready", "failed", "canceled")}
        for item in self.items:
            out[f"{item.status}_items"] += 1
        return out

    def body(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "analysis_mode": "general",
            "model_name": "pegasus1.5",
            "status": self.status,
            "total_items": len(self.items),
            "created_at": T0,
            "expires_at": "2026-05-02T10:00:00Z",
            **self.counts(),
        }


@dataclass
class FakeTask:
    task_id: str
    custom_id: str | None
    plan: list[str]  # the statuses it goes through, one a round
    round: int = 0

    @property
    def status(self) -> str:
        return self.plan[min(self.round, len(self.plan) - 1)]

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"task_id": self.task_id, "custom_id": self.custom_id, "status": self.status,
                               "created_at": T0}
        if self.status == "ready":
            out["result"] = {"generation_id": f"g-{self.task_id}", "data": f"summary of {self.task_id}",
                             "finish_reason": "stop", "usage": {"output_tokens": 5}}
        if self.status == "failed":
            out["error"] = {"message": "the video could not be read"}
        return out


@dataclass
class FakeAnalysisApi:
    active_limit: int = 5
    items_per_round: int = 400  # items a batch moves a step each round
    validate: bool = True
    batches: dict[str, FakeBatch] = field(default_factory=dict)
    tasks: dict[str, FakeTask] = field(default_factory=dict)
    rounds: int = 0
    max_active_seen: int = 0
    created: list[str] = field(default_factory=list)
    # Called before the normal answer; a Reply it returns is sent instead (faults). Arguments: the request.
    before: Callable[[Recorded], Reply | None] | None = None
    # Called after a batch is created; a Reply it returns replaces the 201 (e.g. DROP: the answer is lost).
    after_create: Callable[[FakeBatch], Reply | None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    _next: int = 0

    def install(self, server: RecordingServer, requests: int = 50_000) -> None:
        server.script(*[self.handle] * requests)

    def _id(self, prefix: str) -> str:
        self._next += 1
        return f"{prefix}{self._next:05d}"

    def active(self) -> list[FakeBatch]:
        return [b for b in self.batches.values() if b.status in BATCH_ACTIVE]

    # --- the handler -------------------------------------------------------------------------------------------

    def handle(self, req: Recorded) -> Reply:
        with self.lock:
            if self.validate:
                spec_check.validate_request(req, allow_unspecified=True, allow_unknown_enum_values=True)
            if self.before is not None:
                injected = self.before(req)
                if injected is not None:
                    return injected
            path = unquote(req.raw_path.removeprefix("/v1.3"))
            query = dict(req.query)
            parts = path.strip("/").split("/")
            if req.method == "POST" and path == "/analyze/batches":
                return self._create_batch(req)
            if req.method == "GET" and path == "/analyze/batches":
                if query.get("page", "1") == "1":
                    self.advance()
                statuses = [v for k, v in req.query if k == "status"]
                found = [b.body() for b in self.batches.values() if not statuses or b.status in statuses]
                return Reply(json={"data": found, "page_info": {"page": 1, "total_page": 1,
                                                                "total_results": len(found)}})
            if req.method == "GET" and parts[:2] == ["analyze", "batches"] and len(parts) == 3:
                batch = self.batches.get(parts[2])
                return Reply(json=batch.body()) if batch else error(404, "resource_not_exist", "no such batch")
            if req.method == "GET" and parts[:2] == ["analyze", "batches"] and parts[3:] == ["results"]:
                batch = self.batches.get(parts[2])
                if batch is None:
                    return error(404, "resource_not_exist", "no such batch")
                return Reply(body=self.results_body(batch), content_type="application/jsonl")
            if req.method == "GET" and path == "/analyze/tasks":
                return self._list_tasks(query)
            if req.method == "GET" and parts[:2] == ["analyze", "tasks"] and len(parts) == 3:
                task = self.tasks.get(parts[2])
                return Reply(json=task.body()) if task else error(404, "resource_not_exist", "no such task")
            return error(404, "not_found", f"the fake has no {req.method} {path}")

    def _create_batch(self, req: Recorded) -> Reply:
        body = req.json
        if len(self.active()) >= self.active_limit:
            return error(429, "too_many_active_batches", "You already have 5 active batches")
        requests = body["requests"]
        assert 1 <= len(requests) <= 1000, len(requests)
        custom_ids = [r.get("custom_id") for r in requests if r.get("custom_id")]
        assert len(custom_ids) == len(set(custom_ids)), "custom ids must be unique within a batch"
        items = [FakeItem(self._id("t"), r.get("custom_id"), r["video"]["asset_id"]) for r in requests]
        batch = FakeBatch(self._id("b"), items)
        self.batches[batch.batch_id] = batch
        self.created.append(batch.batch_id)
        self.max_active_seen = max(self.max_active_seen, len(self.active()))
        answer = {
            "batch_id": batch.batch_id,
            "status": "pending",
            "total_items": len(items),
            "created_at": T0,
            "expires_at": "2026-05-02T10:00:00Z",
            "items": [{"task_id": i.task_id, "custom_id": i.custom_id} for i in items],
        }
        if self.after_create is not None:
            replaced = self.after_create(batch)
            if replaced is not None:
                return replaced
        return Reply(201, json=answer)

    def add_foreign(self, count: int, size: int = 10) -> list[FakeBatch]:
        """Active batches of another process (they hold slots of the account's limit)."""
        out = []
        for _ in range(count):
            items = [FakeItem(self._id("t"), None, f"other-{n}") for n in range(size)]
            batch = FakeBatch(self._id("b"), items, foreign=True)
            self.batches[batch.batch_id] = batch
            out.append(batch)
        return out

    def advance(self) -> None:
        """One round: each active batch moves up to ``items_per_round`` items a step."""
        self.rounds += 1
        for batch in self.active():
            if batch.expire_after is not None and self.rounds >= batch.expire_after:
                batch.status = "expired"
                for item in batch.items:
                    if item.status in ("queued", "processing"):
                        item.status = "canceled"
                continue
            batch.status = "processing"
            moved = 0
            for item in batch.items:
                if moved >= self.items_per_round:
                    break
                if item.status == "queued" and "slow" not in item.asset_id:
                    item.status = "processing"
                    moved += 1
                elif item.status == "processing":
                    item.status = "failed" if "fail" in item.asset_id else "ready"
                    moved += 1
            if all(item.status in ("ready", "failed", "canceled") for item in batch.items):
                batch.status = "completed"
        for task in self.tasks.values():
            task.round += 1

    def results_body(self, batch: FakeBatch) -> bytes:
        lines = []
        for item in batch.items:
            line: dict[str, Any] = {"task_id": item.task_id, "custom_id": item.custom_id, "status": item.status}
            if item.status == "ready":
                line["data"] = {"generation_id": f"g-{item.task_id}", "data": f"summary of {item.asset_id}",
                                "finish_reason": "stop", "usage": {"output_tokens": 7}}
            if item.status == "failed":
                line["error"] = {"code": "video_unreadable", "message": f"{item.asset_id} could not be read"}
            lines.append(json.dumps(line))
        return ("\n".join(lines) + "\n").encode()

    # --- analyze tasks --------------------------------------------------------------------------------------

    def add_task(self, plan: list[str], custom_id: str | None = None) -> str:
        task = FakeTask(self._id("at"), custom_id, plan)
        self.tasks[task.task_id] = task
        return task.task_id

    def _list_tasks(self, query: dict[str, str]) -> Reply:
        page = int(query.get("page", "1"))
        limit = int(query.get("page_limit", "10"))
        status = query.get("status")
        if page == 1 and status == "queued":
            self.advance()  # a waiter's round starts with page 1 of its first status
        found = [t.body() for t in reversed(list(self.tasks.values())) if status is None or t.status == status]
        total = max(1, -(-len(found) // limit))
        chunk = found[(page - 1) * limit : page * limit]
        return Reply(json={"data": chunk, "page_info": {"page": page, "limit_per_page": limit, "total_page": total,
                                                         "total_results": len(found)}})


__all__ = ["DROP", "FakeAnalysisApi", "FakeBatch", "FakeItem", "error"]
