"""The analysis examples run: the batch script as a user would run it, the webhook service in-process under
aiohttp's test client. Both start the emulator in-process when given no base URL, as a user trying them would."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from aiohttp.test_utils import TestClient, TestServer

from twelvelabs_async import webhooks

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VIDEO_URL = "https://videos.example.com/talk.mp4"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_batch_analysis_answers_every_asset_once(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    done = subprocess.run([sys.executable, str(EXAMPLES / "batch_analysis.py"), "--out", str(out)],
                          capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if not k.startswith("TWELVELABS_")})
    assert done.returncode == 1, done.stderr  # one asset of the emulator's index is too long to analyze
    lines = done.stdout.splitlines()
    assert lines[0].startswith("emulator at http://127.0.0.1:")
    assert "2400 assets to analyze" in lines
    assert "2399 analyzed, 1 failed, in 3 batches" in lines
    failures = [line for line in lines if line.startswith("FAIL ")]
    assert len(failures) == 1 and failures[0].startswith("FAIL lecture_00017.mp4: Video is too long.")
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(results) == 2400 and len({r["asset_id"] for r in results}) == 2400
    ready = [r for r in results if r["status"] == "ready"]
    assert len(ready) == 2399 and all(isinstance(r["analysis"]["title"], str) for r in ready)
    assert all(isinstance(r["analysis"].get("topics", []), list) for r in ready)  # JSON valid for the schema
    failed, = [r for r in results if r["status"] != "ready"]
    assert (failed["file"], failed["status"]) == ("lecture_00017.mp4", "failed") and failed["task_id"]


def test_batch_analysis_needs_an_index_with_a_server() -> None:
    done = subprocess.run([sys.executable, str(EXAMPLES / "batch_analysis.py"), "--base-url", "http://127.0.0.1:9"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--index is required" in done.stderr


async def test_the_webhook_service_answers_when_the_notification_arrives() -> None:
    service = load("analyze_tasks_webhook")
    app = service.make_app(start_emulator=True)
    async with TestClient(TestServer(app)) as http:
        started = await http.post("/analyses", params={"wait": "10"},
                                  json={"video": VIDEO_URL, "prompt": "Summarize the talk", "custom_id": "talk_1"})
        assert started.status == 200  # answered when the signed notification came, within the wait
        record = await started.json()
        assert record["status"] == "ready" and record["custom_id"] == "talk_1"
        assert "talk.mp4 (60 s)" in record["result"] and record["finish_reason"] == "stop"
        again = await http.get(f"/analyses/{record['task_id']}")
        assert (await again.json()) == record

        emulator = app[service.SETTINGS]["emulator"]
        hook_url = emulator.state.webhooks.urls[0]
        assert hook_url.endswith(service.WEBHOOK_PATH)
        # The emulator records a delivery once the service has answered it: poll for it, with a deadline.
        for _ in range(500):
            delivered = emulator.state.webhooks.delivered()
            if delivered:
                break
            await asyncio.sleep(0.01)
        sent, = delivered
        assert sent.event_type == "analyze.task.ready" and sent.url == hook_url
        assert app[service.STATE]["seen"] == {sent.event_id}
        # A retry of a notification (same id, signed again) is processed once; a forged one is refused.
        secret = app[service.SETTINGS]["webhook_secret"]
        retried = await http.post(service.WEBHOOK_PATH, data=sent.body,
                                  headers={"TL-Signature": webhooks.signature_header(sent.body, secret)})
        assert retried.status == 200 and app[service.STATE]["seen"] == {sent.event_id}
        body = json.dumps({"id": "whe_forged", "type": "analyze.task.ready", "data": {"id": record["task_id"]}})
        forged = await http.post(service.WEBHOOK_PATH, data=body,
                                 headers={"TL-Signature": webhooks.signature_header(body, "whsec_guess")})
        assert forged.status == 400 and (await forged.json())["message"] == "signature_mismatch"
        tampered = await http.post(service.WEBHOOK_PATH, data=sent.body.replace(b"ready", b"faile"),
                                   headers={"TL-Signature": sent.signature})
        assert tampered.status == 400
        unsigned = await http.post(service.WEBHOOK_PATH, data=body)
        assert unsigned.status == 400

        failing = await http.post("/analyses", params={"wait": "10"},
                                  json={"video": VIDEO_URL, "prompt": "Summarize [emulator:fail]"})
        failure = await failing.json()
        assert failing.status == 200 and failure["status"] == "failed" and "[emulator:fail]" in failure["error"]

        quick = await http.post("/analyses", json={"video": VIDEO_URL, "prompt": "What is said?"})
        assert quick.status == 202  # no wait: the task id, to look up later
        pending = await quick.json()
        assert pending["poll"] == f"/analyses/{pending['task_id']}"

        retried = await http.post("/analyses", headers={"Idempotency-Key": "client-retry-1"},
                                  json={"video": VIDEO_URL, "prompt": "Once"})
        retried_again = await http.post("/analyses", headers={"Idempotency-Key": "client-retry-1"},
                                        json={"video": VIDEO_URL, "prompt": "Once"})
        assert (await retried.json())["task_id"] == (await retried_again.json())["task_id"]
        assert emulator.state.idempotent_replays == 1  # the API made one task of the two requests

        refused = await http.post("/analyses", json={"video": "talk.mp4", "prompt": "x"})
        assert refused.status == 400  # not a URL: refused by the SDK before any request
        missing = await http.get("/analyses/000000000000000000000000")
        assert missing.status == 404
