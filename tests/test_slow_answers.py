"""Answers computed while the caller waits (a synchronous analysis) are timed by reads, not by the call timeout."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from twelvelabs_async import APITimeoutError, AsyncTwelveLabs

SERVER_DELAY = 0.5  # the server's thinking time, longer than the client's call timeout below
CALL_TIMEOUT = 0.15


@pytest.fixture
async def slow_server() -> AsyncIterator[str]:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(SERVER_DELAY)
        if request.path.endswith("/analyze"):
            return web.json_response({"id": "g1", "data": "a summary", "finish_reason": "stop"})
        return web.json_response({"_id": "i1", "index_name": "x"})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/v1.3"
    await runner.cleanup()


async def test_a_synchronous_analysis_outlasts_the_call_timeout(slow_server: str) -> None:
    async with AsyncTwelveLabs(api_key="k", base_url=slow_server, timeout=CALL_TIMEOUT, max_retries=0) as client:
        result = await client.analyze(video="https://media.test/v.mp4", prompt="Summarize")
        assert result.data == "a summary"
        # An ordinary call keeps the client's timeout.
        with pytest.raises(APITimeoutError):
            await client.indexes.retrieve("i1")


async def test_an_explicit_timeout_still_bounds_a_slow_answer(slow_server: str) -> None:
    async with AsyncTwelveLabs(api_key="k", base_url=slow_server, max_retries=0) as client:
        with pytest.raises(APITimeoutError):
            await client.analyze(
                video="https://media.test/v.mp4",
                prompt="Summarize",
                request_options={"timeout_in_seconds": CALL_TIMEOUT},
            )
