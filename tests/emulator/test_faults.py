"""Fault injection, rate limits, counters and the admin surface: the same on both API surfaces."""

from __future__ import annotations

import aiohttp
import pytest
from emulator_helpers import HEADERS, create_index, form

from twelvelabs_async.emulator import Emulator, FaultPlan, FaultSpecError

SURFACES = ("2026", "2025")


@pytest.fixture(params=SURFACES)
def emulator_options(request: pytest.FixtureRequest) -> dict[str, object]:
    return {"surface": request.param}


def test_spec_parsing() -> None:
    plan = FaultPlan.parse("POST /tasks:5xx=0.1,429(3)=0.05,drop_after=0.02; latency(0.3)=0.5")
    assert len(plan.rules) == 2
    assert plan.rules[0].route == "POST /tasks" and plan.rules[1].route is None
    assert plan.rules[0].matches("POST /tasks") and not plan.rules[0].matches("GET /tasks")
    assert FaultPlan.parse("/tasks/{id}:503=1").rules[0].matches("DELETE /tasks/{task_id}")
    for bad in ("POST /tasks:explode=0.5", "503", "503=2", "latency(x)=1"):
        with pytest.raises(FaultSpecError):
            FaultPlan.parse(bad)


def test_decisions_are_reproducible() -> None:
    plan = FaultPlan.parse("POST /tasks:5xx=0.3,drop_after=0.2,429=0.1")
    runs = [[plan.decide("POST /tasks", n, seed=7).applied for n in range(200)] for _ in range(2)]
    assert runs[0] == runs[1]
    other = [plan.decide("POST /tasks", n, seed=8).applied for n in range(200)]
    assert other != runs[0]
    hits = sum(1 for applied in runs[0] if any(k == "5xx" for k in applied))
    assert 30 < hits < 90  # about 30% of 200


async def test_header_faults(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    url = f"{emulator.base_url}/indexes"
    async with http.get(url, headers={"X-Emulator-Fault": "503"}) as resp:
        assert resp.status == 503
    async with http.get(url, headers={"X-Emulator-Fault": "429(30)"}) as resp:
        assert resp.status == 429 and await resp.read() == b""
        reset = int(resp.headers["X-Ratelimit-Reset"])
    assert reset >= int(emulator.clock.now()) + 30
    assert emulator.state.outcomes["GET /indexes"] == {"503": 1, "429": 1}
    # POST: aiohttp retries idempotent requests on a dropped connection, which would count twice.
    with pytest.raises(aiohttp.ServerDisconnectedError):
        async with http.post(url, headers={"X-Emulator-Fault": "drop_before"},
                             json={"index_name": "x", "models": [
                                 {"model_name": "marengo2.7", "model_options": ["visual"]}]}) as resp:
            await resp.read()
    assert emulator.state.outcomes["POST /indexes"] == {"drop_before": 1}
    assert emulator.state.indexes == {}  # dropped before it was handled
    assert emulator.state.requests("GET /indexes") == 2


async def test_drop_after_changes_state_but_loses_response(emulator: Emulator,
                                                           http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        async with http.post(f"{emulator.base_url}/tasks", headers={"X-Emulator-Fault": "drop_after"},
                             data=form(index_id=index_id, video_url="https://x.test/a.mp4")) as resp:
            await resp.read()
    assert len(emulator.state.tasks) == 1  # the task exists although the client never heard of it
    assert emulator.state.outcomes["POST /tasks"]["drop_after"] == 1


async def test_stream_cut(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    video_id, = emulator.state.seed_videos(index_id, 1)
    lines = []
    with pytest.raises(aiohttp.ClientPayloadError):
        async with http.post(f"{emulator.base_url}/analyze", headers={"X-Emulator-Fault": "stream_cut(5)"},
                             json={"video_id": video_id, "prompt": "x"}) as resp:
            assert resp.status == 200
            async for line in resp.content:
                lines.append(line)
    assert 0 < len(lines) <= 5
    assert emulator.state.outcomes["POST /analyze"]["stream_cut"] == 1


@pytest.mark.parametrize("surface", SURFACES)
async def test_configured_faults_per_route_with_seed(surface: str) -> None:
    async def run() -> list[int]:
        statuses = []
        async with Emulator(speed=0, faults="GET /indexes:5xx=0.5", seed=3, surface=surface) as emu, \
                aiohttp.ClientSession(headers=HEADERS) as http:
            for _ in range(20):
                async with http.get(f"{emu.base_url}/indexes") as resp:
                    statuses.append(resp.status)
                async with http.get(f"{emu.base_url}/tasks") as resp:
                    assert resp.status == 200  # other routes untouched
            assert emu.state.requests("GET /indexes") == 20
        return statuses

    first, second = await run(), await run()
    assert first == second
    assert {s for s in first} > {200} and all(s in (200, 500, 502, 503) for s in first)


async def test_latency_and_slow_upload(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    loop = __import__("asyncio").get_running_loop()
    start = loop.time()
    async with http.get(f"{emulator.base_url}/indexes", headers={"X-Emulator-Fault": "latency(0.2)"}) as resp:
        assert resp.status == 200
    assert loop.time() - start >= 0.2
    index_id = await create_index(http, emulator.base_url)
    data = form(index_id=index_id)
    data.add_field("video_file", b"\0" * 300_000, filename="x.mp4", content_type="video/mp4")
    start = loop.time()
    async with http.post(f"{emulator.base_url}/tasks", data=data,
                         headers={"X-Emulator-Fault": "slow_upload(1000000)"}) as resp:
        assert (await resp.json())["code"] == "video_file_broken"
    assert loop.time() - start >= 0.25  # 300 kB at 1 MB/s


@pytest.mark.parametrize("surface", SURFACES)
async def test_rate_limit_quota(surface: str) -> None:
    async with Emulator(speed=0, rate_limit=2, rate_limit_window=60, surface=surface) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        index_id = await create_index(http, emu.base_url)
        emu.state.seed_videos(index_id, 1, prefix="dog")
        seen = []
        for _ in range(3):
            async with http.post(f"{emu.base_url}/search",
                                 data=form(index_id=index_id, search_options="visual", query_text="dog")) as r:
                seen.append((r.status, r.headers.get("X-Ratelimit-Remaining"), await r.read()))
        assert [s for s, _, _ in seen] == [200, 200, 429]
        assert [rem for _, rem, _ in seen[:2]] == ["1", "0"] and seen[2][2] == b""
        reset = int(r.headers["X-Ratelimit-Reset"])
        assert reset % 60 == 0 and reset > emu.clock.now()
        # Another key has its own quota; non-limited endpoints carry no rate-limit headers.
        async with http.post(f"{emu.base_url}/search", headers={"x-api-key": "tlk_other"},
                             data=form(index_id=index_id, search_options="visual", query_text="dog")) as r:
            assert r.status == 200
        async with http.get(f"{emu.base_url}/indexes") as r:
            assert "X-Ratelimit-Limit" not in r.headers


async def test_admin_surface(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    root = emulator.root_url
    index_id = await create_index(http, emulator.base_url)
    async with aiohttp.ClientSession() as admin:  # no API key needed
        async with admin.post(f"{root}/_emulator/seed-videos",
                              json={"index_id": index_id, "count": 25, "prefix": "dog"}) as resp:
            assert len((await resp.json())["video_ids"]) == 25
        async with admin.get(f"{root}/_emulator/counters") as resp:
            counters = await resp.json()
        assert counters["routes"]["POST /indexes"] == 1
        assert counters["outcomes"]["POST /indexes"] == {"201": 1}
        async with admin.put(f"{root}/_emulator/faults", json={"spec": "GET /indexes:503=1"}) as resp:
            assert resp.status == 200
        async with http.get(f"{emulator.base_url}/indexes") as resp:
            assert resp.status == 503
        async with admin.put(f"{root}/_emulator/faults", json={"spec": "nonsense"}) as resp:
            assert resp.status == 400
        async with admin.put(f"{root}/_emulator/faults", json={"spec": ""}) as resp:
            assert resp.status == 200
        async with admin.post(f"{root}/_emulator/clock/advance", json={"seconds": 5}) as resp:
            assert resp.status == 200
        async with admin.post(f"{root}/_emulator/reset") as resp:
            assert resp.status == 200
    assert emulator.state.indexes == {} and emulator.state.requests("POST /indexes") == 0
