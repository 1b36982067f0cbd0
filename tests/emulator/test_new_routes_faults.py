"""Faults and rate limits on the routes added for issue 13: injected 5xx keep each route's error shape (the
envelope on analyze batches and embed v2, the flat body on entity collections), and the POSTs the spec marks
rate-limited have quotas of their own."""

from __future__ import annotations

import aiohttp
import pytest
from analysis_helpers import assert_envelope, batch_body, call

from twelvelabs_async.emulator import Emulator

TEXT = {"input_type": "text", "model_name": "marengo3.0", "text": {"input_text": "a dog"}}


@pytest.mark.parametrize(("method", "path", "enveloped"), [
    ("GET", "/analyze/batches", True),
    ("POST", "/embed-v2", True),
    ("GET", "/embed-v2/tasks/abc", True),
    ("GET", "/embed-v2/tasks", False),  # the spec declares this list's errors flat
    ("POST", "/entity-collections", False),
    ("GET", "/assets/abc/entities", False),
])
async def test_injected_5xx_keep_the_route_error_shape(emulator: Emulator, http: aiohttp.ClientSession, method: str,
                                                       path: str, enveloped: bool) -> None:
    status, body = await call(http, method, emulator.base_url + path, json={}, headers={"X-Emulator-Fault": "503"})
    assert status == 503
    if enveloped:
        assert_envelope(body, "internal_error")
    else:
        assert body == {"code": "internal_error", "message": "Service temporarily unavailable."}


async def test_rate_limits_have_quotas_of_their_own() -> None:
    async with Emulator(speed=0, rate_limit=1) as emu, aiohttp.ClientSession(headers={"x-api-key": "k"}) as http:
        asset, = emu.state.seed_assets(1)
        posts = [("/embed-v2", TEXT), ("/analyze/batches", batch_body([asset]))]
        for path, body in posts:  # one each is allowed: the quotas are separate
            status, answer = await call(http, "POST", emu.base_url + path, json=body)
            assert status in (200, 201), answer
        for path, body in posts:
            async with http.post(emu.base_url + path, json=body) as resp:
                assert resp.status == 429 and await resp.read() == b""  # the rate limit's 429 has no body
                assert resp.headers["X-Ratelimit-Remaining"] == "0"
        # Entity routes are not rate-limited.
        for _ in range(3):
            status, _answer = await call(http, "POST", f"{emu.base_url}/entity-collections", json={"name": "c"})
            assert status == 201
