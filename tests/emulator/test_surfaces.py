"""The surface switch: how a surface is chosen, which routes each one has, and the error body shapes."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest
from emulator_helpers import HEADERS, create_index

from twelvelabs_async.emulator import Emulator, EmulatorConfig, EmulatorThread
from twelvelabs_async.emulator.errors import ApiError

ROOT = Path(__file__).resolve().parents[2]
VIDEO = "/indexes/{index}/videos/{video}"
# The seed-era operations the 2026-07 spec no longer has, with a body each would accept on surface 2025.
REMOVED: list[tuple[str, str, dict[str, object] | None]] = [
    ("POST", "/summarize", {"video_id": "{video}", "type": "summary"}),
    ("POST", "/gist", {"video_id": "{video}", "types": ["title"]}),
    ("POST", "/generate", {"video_id": "{video}", "prompt": "x", "stream": False}),
    ("PUT", VIDEO, {"user_metadata": {"a": 1}}),
    ("POST", "/tasks/transfers/import/s3", {"index_id": "{index}"}),
    ("GET", "/tasks/transfers/import/s3/status?index_id={index}", None),
    ("GET", "/tasks/transfers/import/s3/logs", None),
]


def _fill(value: object, index: str, video: str) -> object:
    return json.loads(json.dumps(value).replace("{index}", index).replace("{video}", video))


def test_default_and_invalid_surfaces() -> None:
    assert EmulatorConfig().surface == "2026"
    assert Emulator().surface == "2026"
    assert Emulator(surface="2025").surface == "2025"
    for bad in ("2024", "", "latest", 2025):
        with pytest.raises(ValueError, match="surface"):
            EmulatorConfig(surface=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"'2026'.*'2025'"):
        Emulator(surface="2027")
    with pytest.raises(ValueError, match="surface"):
        EmulatorThread(surface="seed")


@pytest.mark.parametrize(("method", "path", "body"), REMOVED, ids=[f"{m} {p}" for m, p, _ in REMOVED])
@pytest.mark.parametrize("surface", ["2026", "2025"])
async def test_removed_routes_are_absent_on_2026_only(surface: str, method: str, path: str,
                                                      body: dict[str, object] | None) -> None:
    async with Emulator(speed=0, surface=surface) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        index_id = await create_index(http, emu.base_url)
        video_id, = emu.state.seed_videos(index_id, 1, prefix="dog_park")
        url = emu.base_url + str(_fill(path, index_id, video_id))
        async with http.request(method, url, json=_fill(body, index_id, video_id)) as resp:
            status = resp.status
            answer = await resp.json() if resp.status != 204 else {}
    if surface == "2026":
        assert status == 404, answer
        assert answer == {"code": "resource_not_exist",
                          "message": f"The endpoint `{method} {urlsplit(url).path}` does not exist."}
    else:
        assert status in (200, 201, 204), answer


@pytest.mark.parametrize(("surface", "status", "code"), [("2026", 404, "resource_not_exist"),
                                                          ("2025", 405, "method_not_allowed")])
async def test_unknown_method_on_a_known_path(surface: str, status: int, code: str) -> None:
    async with Emulator(speed=0, surface=surface) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        resp = await http.delete(f"{emu.base_url}/indexes")
        assert resp.status == status
        assert (await resp.json())["code"] == code


async def test_other_methods_on_a_video_remain_on_2026(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    video_id, = emulator.state.seed_videos(index_id, 1)
    url = f"{emulator.base_url}/indexes/{index_id}/videos/{video_id}"
    async with http.patch(url, json={"user_metadata": {"a": 1}}) as resp:
        assert resp.status == 200 and await resp.read() == b""  # 2026-07: 200, no body (was 204)
    async with http.get(url) as resp:
        assert (await resp.json())["user_metadata"] == {"a": 1}
    async with http.delete(url) as resp:
        assert resp.status == 200
    assert emulator.state.videos == {}


def test_error_body_shapes() -> None:
    err = ApiError.invalid("prompt")
    assert err.body("2025") == {"code": "parameter_invalid", "message": "The `prompt` parameter is invalid.",
                                "docs_url": "https://docs.twelvelabs.io/v1.3/api-reference/error-codes"}
    assert err.body("2026") == {"code": "parameter_invalid", "message": "The `prompt` parameter is invalid."}
    # The envelope of the services added in 2026 (analyze tasks/batches, embed v2), whatever the surface says.
    wrapped = ApiError.not_found("t1", "analyze_tasks").enveloped({"task_id": "t1"})
    assert wrapped.status == 404 and wrapped.envelope
    expected = {"error": {"code": "resource_not_exist",
                          "message": "Resource with id `t1` does not exist in `analyze_tasks`.",
                          "details": {"task_id": "t1"}}}
    assert wrapped.body("2026") == expected == wrapped.envelope_body()
    assert ApiError(409, "batch_not_terminal", "x", envelope=True).body("2026") == {
        "error": {"code": "batch_not_terminal", "message": "x", "details": {}}}


@pytest.mark.parametrize("surface", ["2026", "2025"])
async def test_error_bodies_on_the_wire(surface: str) -> None:
    async with Emulator(speed=0, surface=surface) as emu, aiohttp.ClientSession(headers=HEADERS) as http:
        async with http.get(f"{emu.base_url}/indexes/{'0' * 24}") as resp:
            assert resp.status == 404
            body = await resp.json()
        async with http.get(f"{emu.base_url}/indexes", headers={"x-api-key": ""}) as resp:
            assert resp.status == 401
            unauthorized = await resp.json()
        async with http.get(f"{emu.base_url}/indexes", headers={"X-Emulator-Fault": "429"}) as resp:
            assert resp.status == 429 and await resp.read() == b""  # empty on both surfaces
    keys = {"code", "message", "docs_url"} if surface == "2025" else {"code", "message"}
    assert set(body) == keys and body["code"] == "resource_not_exist"
    assert set(unauthorized) == keys and unauthorized["code"] == "api_key_invalid"


async def test_fixture_defaults_to_2026(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    assert emulator.surface == "2026"
    async with http.get(f"{emulator.root_url}/_emulator/health") as resp:
        assert await resp.json() == {"ok": True, "surface": "2026"}


@pytest.mark.emulator_surface("2025")
async def test_marker_selects_2025(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    assert emulator.surface == "2025"
    async with http.get(f"{emulator.root_url}/_emulator/health") as resp:
        assert (await resp.json())["surface"] == "2025"


@pytest.mark.emulator_surface("2025")
def test_marker_selects_2025_for_the_thread(emulator_thread: EmulatorThread) -> None:
    assert emulator_thread.surface == "2025"


class TestOptionsWinOverTheMarker:
    @pytest.fixture
    def emulator_options(self) -> dict[str, object]:
        return {"surface": "2026"}

    @pytest.mark.emulator_surface("2025")
    async def test_options_win(self, emulator: Emulator) -> None:
        assert emulator.surface == "2026"


def _health(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url.rsplit("/v1.3", 1)[0] + "/_emulator/health", timeout=10) as resp:
        return dict(json.loads(resp.read()))


@pytest.mark.parametrize(("args", "surface"), [([], "2026"), (["--surface", "2025"], "2025")])
def test_command_line_surface(args: list[str], surface: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "twelvelabs_async.emulator", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert _health(url) == {"ok": True, "surface": surface}
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_command_line_help_and_bad_surface() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "twelvelabs_async.emulator"]
    help_text = subprocess.run([*run, "--help"], capture_output=True, text=True, timeout=30, cwd=ROOT, env=env)
    assert help_text.returncode == 0
    assert "--surface {2026,2025}" in help_text.stdout
    assert "2026  the API as of the official 2026-07 spec" in help_text.stdout
    assert "2025  the seed-era API" in help_text.stdout
    bad = subprocess.run([*run, "--surface", "2024"], capture_output=True, text=True, timeout=30, cwd=ROOT, env=env)
    assert bad.returncode == 2 and "--surface" in bad.stderr


def test_independent_of_the_sdk() -> None:
    """The emulator is written from the API description, not from the SDK's route table, request builder,
    client or models, so that the two check each other: it imports nothing of the package but the MP4 probe."""
    package = ROOT / "twelvelabs_async" / "emulator"
    used: set[str] = set()
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level >= 2:  # from .. import x / from ..x import y: the package around the emulator
                    used.update([module] if module else [alias.name for alias in node.names])
                elif module == "twelvelabs_async":
                    used.update(alias.name for alias in node.names)
                elif module.startswith("twelvelabs_async.") and not module.startswith("twelvelabs_async.emulator"):
                    used.add(module.split(".", 1)[1])
            elif isinstance(node, ast.Import):
                used.update(a.name.split(".", 1)[1] for a in node.names
                            if a.name.startswith("twelvelabs_async.") and ".emulator" not in a.name)
    assert used == {"_mp4"}
