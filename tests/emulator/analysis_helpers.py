"""Helpers for the async-analysis, batch and webhook tests (raw aiohttp, no SDK)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import aiohttp

DOG_URL = "https://media.test/dog_park.mp4?duration=90"


def url_video(url: str = DOG_URL) -> dict[str, str]:
    return {"type": "url", "url": url}


def asset_video(asset_id: str) -> dict[str, str]:
    return {"type": "asset_id", "asset_id": asset_id}


async def call(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> tuple[int, Any]:
    """One request; returns the status and the JSON body (``None`` for an empty body)."""
    async with http.request(method, url, **kwargs) as resp:
        raw = await resp.read()
        return resp.status, (await resp.json(content_type=None)) if raw.strip() else None


async def create_task(http: aiohttp.ClientSession, base: str, body: dict[str, Any],
                      headers: dict[str, str] | None = None) -> str:
    status, answer = await call(http, "POST", f"{base}/analyze/tasks", json=body, headers=headers or {})
    assert status == 202, answer
    assert set(answer) == {"task_id", "status"}
    return str(answer["task_id"])


async def get_task(http: aiohttp.ClientSession, base: str, task_id: str) -> dict[str, Any]:
    status, answer = await call(http, "GET", f"{base}/analyze/tasks/{task_id}")
    assert status == 200, answer
    return dict(answer)


def assert_envelope(body: Any, code: str) -> None:
    """The 2026 ``ErrorResponse``: exactly ``{"error": {code, message, details}}`` with the given code."""
    assert isinstance(body, dict) and set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)


def batch_body(asset_ids: list[str], *, mode: str = "general", prompt: str = "Summarize the video",
               **defaults: Any) -> dict[str, Any]:
    requests = [{"video": asset_video(a), "custom_id": f"item-{n}"} for n, a in enumerate(asset_ids)]
    base: dict[str, Any] = {"prompt": {"input_text": prompt}} if mode == "general" else {}
    return {"model_name": "pegasus1.5", "analysis_mode": mode, "defaults": {**base, **defaults},
            "requests": requests}


def verify_signature(header: str, body: bytes, secret: str) -> int:
    """Check ``TL-Signature: t=<unix>,v1=<hex>`` the way the docs tell a receiver to (split on commas, HMAC-SHA256
    of ``f"{t}.{raw body}"`` with the secret, hex, constant-time compare); returns ``t``."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    assert set(parts) == {"t", "v1"}, header
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, parts["v1"]), "the signature does not match"
    return int(parts["t"])
