"""A scripted, stateful stand-in for the batch endpoints, for what the emulator never does.

The emulator (``twelvelabs_async.emulator``) serves analyze tasks and batches faithfully, and the tests of
``batches.run`` and ``wait_many`` run against it. This fake stays for the few cases that need a server to misbehave
in ways the emulator cannot be made to, through its hooks (``before``, ``after_create``): results that leave an
item out or carry lines of strangers, a malformed or endless results stream, a 409 that names the active-batch
limit, a 504 on create, a 429 on the lookup after a lost answer but not on polling (the emulator's faults are per
route, not per query), and a batch that expires after a given number of rounds.

``FakeAnalysisApi.handle`` answers a ``core_testkit.Recorded`` request with a ``Reply``, as the 2026-07 spec
describes: batches of up to 1,000 requests, at most ``active_limit`` active per account (429 beyond), items that
move ``queued -> processing -> ready | failed`` a step per polling round, JSON-lines results. Time is counted in
rounds (a round starts with each listing of page 1), so tests are exact and need no clock. Items whose asset id
contains ``fail`` fail; ``slow`` ones never finish on their own (they end ``canceled`` when their batch expires).

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
class FakeAnalysisApi:
    active_limit: int = 5
    items_per_round: int = 400  # items a batch moves a step each round
    validate: bool = True
    batches: dict[str, FakeBatch] = field(default_factory=dict)
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


__all__ = ["DROP", "FakeAnalysisApi", "FakeBatch", "FakeItem", "error"]
