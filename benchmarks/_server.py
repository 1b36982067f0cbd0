"""The emulator in a subprocess (so client and server do not share a GIL), and its admin endpoints.

``Emulator()`` starts ``python -m twelvelabs_async.emulator --port 0 --speed instant`` on 127.0.0.1 (artificial
delays off), reads the base URL from its first stdout line and stops the process (SIGTERM, then SIGKILL) on
``close()``. The admin helpers use the standard library only, so they never touch a client being measured.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import urllib.request
from typing import Any

API_KEY = "tlk_benchmark"
MODELS = [
    {"model_name": "marengo2.7", "model_options": ["visual", "audio"]},
    {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]},
]
START_TIMEOUT = 30.0


class Emulator:
    """A running emulator subprocess; ``url`` is its API root (``http://127.0.0.1:PORT/v1.3``)."""

    def __init__(self, *extra_args: str) -> None:
        cmd = [sys.executable, "-m", "twelvelabs_async.emulator", "--host", "127.0.0.1", "--port", "0",
               "--speed", "instant", "--stream-delay", "0", *extra_args]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(START_TIMEOUT)
        if not line or not line[0].startswith("http"):
            self.close()
            raise RuntimeError(f"the emulator did not start within {START_TIMEOUT:g} s: {line!r}")
        self.url = line[0].strip()
        self.root = self.url.rsplit("/v1.3", 1)[0]

    # --- admin (standard library, outside the measured clients) ----------------------------------------------

    def _call(self, method: str, url: str, body: dict[str, Any] | None = None, *, api: bool = False) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"content-type": "application/json"}
        if api:
            headers["x-api-key"] = API_KEY
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def create_index(self, name: str) -> str:
        answer = self._call("POST", f"{self.url}/indexes", {"index_name": name, "models": MODELS}, api=True)
        return str(answer["_id"])

    def seed_videos(self, index_id: str, count: int, prefix: str, clips_per_video: int = 1) -> list[str]:
        body = {"index_id": index_id, "count": count, "prefix": prefix, "clips_per_video": clips_per_video}
        return list(self._call("POST", f"{self.root}/_emulator/seed-videos", body)["video_ids"])

    def seed_assets(self, count: int, prefix: str = "asset") -> list[str]:
        """``count`` ready video assets (no upload): what batches analyze."""
        body = {"count": count, "prefix": prefix}
        return list(self._call("POST", f"{self.root}/_emulator/seed-assets", body)["asset_ids"])

    def counters(self) -> dict[str, int]:
        return dict(self._call("GET", f"{self.root}/_emulator/counters")["routes"])

    def reset_counters(self) -> None:
        self._call("POST", f"{self.root}/_emulator/reset", {"counters_only": True})

    def set_faults(self, spec: str) -> None:
        self._call("PUT", f"{self.root}/_emulator/faults", {"spec": spec})

    def requests_made(self, before: dict[str, int]) -> int:
        after = self.counters()
        return sum(after.values()) - sum(before.values())

    def close(self) -> None:
        process = self.process
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        if process.stdout is not None:
            process.stdout.close()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
