"""Every script in examples/ runs, against an emulator started here (TWELVELABS_BASE_URL) or its own.

The scripts run as subprocesses, as a user would run them (with a timeout); the web service runs in-process
under aiohttp's test client, pointed at the emulator.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from aiohttp.test_utils import TestClient, TestServer

from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import Emulator, EmulatorThread
from twelvelabs_async.errors import ClientClosedError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
API_KEY = "tlk_examples_key"
TIMEOUT = 60.0
MODELS = [("marengo3.0", ["visual", "audio"])]
VIDEO_URL = "https://videos.example.com/dog_park.mp4"


@pytest.fixture(scope="module")
def emu() -> Iterator[EmulatorThread]:
    with EmulatorThread(speed=0.0, api_key=API_KEY) as emulator:
        yield emulator


def run_example(name: str, *args: str, base_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWELVELABS_")}
    if base_url is not None:
        env.update(TWELVELABS_BASE_URL=base_url, TWELVELABS_API_KEY=API_KEY)
    return subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True, text=True,
                          timeout=TIMEOUT, env=env)


def test_search_pagination_on_its_own_emulator() -> None:
    done = run_example("search_pagination.py")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "first page: 10 of 45 results, more: True" in lines
    assert [line for line in lines if line.startswith("page ")] == [
        "page 1: 10 results", "page 2: 10 results", "page 3: 10 results", "page 4: 10 results", "page 5: 5 results"]
    assert "all results: 45 (5 pages)" in lines
    top = next(line for line in lines if line.startswith("top "))
    assert top.startswith("top 15: ") and len(top.split(": ")[1].split(", ")) == 15


def test_search_pagination_against_a_given_server(emu: EmulatorThread) -> None:
    index_id = emu.state.create_index("examples-pages", MODELS)
    emu.state.seed_videos(index_id, 7, prefix="cat", clips_per_video=1)
    done = run_example("search_pagination.py", "--index", index_id, "--query", "cat", "--page-limit", "3",
                       base_url=emu.base_url)
    assert done.returncode == 0, done.stderr
    assert "emulator at" not in done.stdout  # it used ours
    assert "all results: 7 (3 pages)" in done.stdout.splitlines()


def test_search_pagination_needs_an_index_with_a_server(emu: EmulatorThread) -> None:
    done = run_example("search_pagination.py", base_url=emu.base_url)
    assert done.returncode == 2
    assert "--index is required" in done.stderr


def test_embeddings_similarity(emu: EmulatorThread) -> None:
    done = run_example("embeddings_similarity.py", "a red kite", "a blue kite", "a red kite", base_url=emu.base_url)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "3 embeddings of 1024 dimensions"
    first_row = lines[1].split()[-3:]
    assert first_row[0] == "+1.000" and first_row[2] == "+1.000"  # the same text twice: the same vector
    assert abs(float(first_row[1])) < 0.5
    assert lines[-1] == "closest to 'a red kite': 'a red kite' (1.000)"


def test_embeddings_similarity_on_its_own_emulator() -> None:
    done = run_example("embeddings_similarity.py")
    assert done.returncode == 0, done.stderr
    assert "closest to 'a dog catching a frisbee'" in done.stdout


def test_bulk_index_on_its_own_emulator() -> None:
    done = run_example("bulk_index.py")
    assert done.returncode == 0, done.stderr
    assert "5 indexed, 0 failed" in done.stdout
    assert done.stdout.count("done ready") == 5


def test_bulk_index_resumes_with_its_journal(emu: EmulatorThread, tmp_path: Path) -> None:
    folder = tmp_path / "videos"
    folder.mkdir()
    for name in ("a.mp4", "b.mp4", "c.mov"):
        write_sample_mp4(folder / name, duration=10, width=640, height=360)
    (folder / "notes.txt").write_text("skipped: not a video")
    index_id = emu.state.create_index("examples-bulk", MODELS)
    journal = tmp_path / "journal.db"
    args = (str(folder), "--index", index_id, "--journal", str(journal), "--concurrency", "2")

    first = run_example("bulk_index.py", *args, base_url=emu.base_url)
    assert first.returncode == 0, first.stderr
    assert "3 indexed, 0 failed" in first.stdout
    assert len(emu.state.indexes[index_id].videos) == 3

    second = run_example("bulk_index.py", *args, base_url=emu.base_url)
    assert second.returncode == 0, second.stderr
    assert second.stdout.count(": skipped") == 3 and ": started" not in second.stdout
    assert len(emu.state.indexes[index_id].videos) == 3  # nothing uploaded twice


def test_bulk_index_reports_a_failed_file(emu: EmulatorThread, tmp_path: Path) -> None:
    write_sample_mp4(tmp_path / "fine.mp4", duration=10, width=640, height=360)
    write_sample_mp4(tmp_path / "short.mp4", duration=1, width=640, height=360)  # under the 4 s minimum
    index_id = emu.state.create_index("examples-bulk-fail", MODELS)
    done = run_example("bulk_index.py", str(tmp_path), "--index", index_id, base_url=emu.base_url)
    assert done.returncode == 1
    assert "1 indexed, 1 failed" in done.stdout
    assert any(line.startswith("FAIL short.mp4") for line in done.stdout.splitlines())


# --- the web service ---------------------------------------------------------------------------------------


def load_web_service() -> ModuleType:
    spec = importlib.util.spec_from_file_location("examples_web_service", EXAMPLES / "web_service.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_web_service_shares_one_client_and_streams_analyze() -> None:
    web_service = load_web_service()
    async with Emulator(speed=0, api_key=API_KEY, stream_delay=0.01) as emulator:
        index_id = emulator.state.create_index("web", MODELS)
        (video_id,) = emulator.state.seed_videos(index_id, 1, prefix="dog_park")
        app = web_service.make_app(api_key=API_KEY, base_url=emulator.base_url)
        async with TestClient(TestServer(app)) as http:
            client = app[web_service.CLIENT]  # created at startup

            indexes = await (await http.get("/indexes")).json()
            assert {"id": index_id, "name": "web", "videos": 1} in indexes
            hits = await (await http.get("/search", params={"index_id": index_id, "q": "dog"})).json()
            assert hits and hits[0]["video_id"] == video_id
            assert app[web_service.CLIENT] is client  # one client for every request

            response = await http.post("/analyze", json={"video": VIDEO_URL, "prompt": "Go [emulator:events=6]"})
            assert response.status == 200
            assert response.headers["Transfer-Encoding"] == "chunked"
            chunks = [chunk async for chunk, _ in response.content.iter_chunks()]
            text = b"".join(chunks).decode()
            whole = await client.analyze(video=VIDEO_URL, prompt="Go [emulator:events=6]")
            assert text == whole.data
            assert len([c for c in chunks if c]) > 1  # relayed as it came, not in one piece

            missing = await http.post(
                "/analyze", json={"video": {"type": "asset_id", "asset_id": "6b0000000000000000000000"}, "prompt": "x"}
            )
            assert missing.status == 404
            assert (await missing.json())["code"] == "resource_not_exist"
            for bad in (b"not json", b"", b"[1]", b'{"video": "clip.mp4", "prompt": "x"}'):
                refused = await http.post("/analyze", data=bad)
                assert refused.status == 400, bad
    with pytest.raises(ClientClosedError):  # the cleanup hook closed the shared client
        await client.indexes.retrieve(index_id)


async def test_web_service_starts_its_own_emulator() -> None:
    web_service = load_web_service()
    app = web_service.make_app(start_emulator=True)
    async with TestClient(TestServer(app)) as http:
        settings = app[web_service.SETTINGS]
        assert settings["base_url"].startswith("http://127.0.0.1:")
        response = await http.post("/analyze", json={"video": settings["video"], "prompt": "What happens?"})
        assert response.status == 200
        assert "dog_park" in await response.text()


def test_examples_are_listed_in_the_readme() -> None:
    readme = (EXAMPLES.parent / "README.md").read_text()
    for path in EXAMPLES.iterdir():
        if path.suffix in {".py", ".ipynb"} and not path.name.startswith("_"):
            assert f"examples/{path.name}" in readme, path.name

