"""Ways to run the emulator: the command line, the background thread, the pytest fixtures."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from emulator_helpers import KEY

from twelvelabs_async.emulator import EmulatorThread

ROOT = Path(__file__).resolve().parents[2]


def _get(url: str, key: str | None = KEY) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"x-api-key": key} if key else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_command_line_prints_url_first_and_stops_on_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "twelvelabs_async.emulator", "--port", "0", "--api-key", "tlk_cli",
         "--speed", "instant", "--faults", "GET /tasks:503=1", "--seed", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1.3")
        assert _get(f"{url}/indexes", "tlk_cli")[0] == 200
        assert _get(f"{url}/indexes", "tlk_other")[0] == 401
        assert _get(f"{url}/tasks", "tlk_cli")[0] == 503
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=10)
        assert proc.returncode == 0
        assert "tlk_cli" not in err  # the key is never printed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_bad_fault_spec_exits_2() -> None:
    result = subprocess.run([sys.executable, "-m", "twelvelabs_async.emulator", "--port", "0", "--faults", "x"],
                            capture_output=True, text=True, timeout=30, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2 and "--faults" in result.stderr


def test_background_thread() -> None:
    with EmulatorThread(speed=0) as emu:
        status, body = _get(f"{emu.base_url}/indexes")
        assert status == 200 and json.loads(body)["data"] == []
        assert emu.state.requests("GET /indexes") == 1
        url = emu.base_url
    try:
        _get(f"{url}/indexes")
    except OSError:
        pass
    else:
        raise AssertionError("the server still answers after stop()")


def test_sync_fixture(emulator_url: str, emulator_thread: EmulatorThread) -> None:
    assert _get(f"{emulator_url}/indexes", None)[0] == 401
    assert emulator_thread.state.outcomes["GET /indexes"] == {"401": 1}
