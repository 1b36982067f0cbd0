"""The ``twelvelabs-async`` command against an emulator started by the tests.

Most tests call ``main([...])`` in-process (it runs its own ``asyncio.run``, so these tests are plain functions)
against one :class:`EmulatorThread` per module; the ones about processes (Ctrl-C, the console entry point,
import cost, the demo without rich) run a subprocess with a timeout.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.cli import main
from twelvelabs_async.emulator import EmulatorThread

API_KEY = "tlk_CLI_s3cret_key_0123456789"
# Pegasus 1.2 beside Marengo lets the 1.0.0-era `analyze VIDEO_ID` path run; today's analysis needs no index.
BOTH_MODELS = [("marengo3.0", ["visual", "audio"]), ("pegasus1.2", ["visual", "audio"])]
SUBPROCESS_TIMEOUT = 60.0


@pytest.fixture(scope="module")
def emu() -> Iterator[EmulatorThread]:
    with EmulatorThread(speed=0.0, api_key=API_KEY) as emulator:
        yield emulator


@pytest.fixture
def env(emu: EmulatorThread, monkeypatch: pytest.MonkeyPatch) -> EmulatorThread:
    """The emulator's URL and key in the environment, as a user would configure them."""
    monkeypatch.setenv("TWELVELABS_BASE_URL", emu.base_url)
    monkeypatch.setenv("TWELVELABS_API_KEY", API_KEY)
    monkeypatch.delenv("TWELVELABS_CLI_PLAIN", raising=False)
    return emu


@pytest.fixture
def index_id(env: EmulatorThread) -> str:
    return env.state.create_index(f"cli-{time.monotonic_ns()}", BOTH_MODELS)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, "--json", *argv)
    assert code == 0, err
    return json.loads(out)


def assert_one_line_error(err: str, *needles: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 2, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWELVELABS_")}
    env.update(extra)
    return env


# --- parsing and usage errors ----------------------------------------------------------------------------


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 2
    assert "twelvelabs-async demo" in err and out == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["search", "dog"],  # --index is required
        ["upload", "--index", "x"],  # at least one path
        ["upload", "a.mp4", "--index", "x", "--concurrency", "0"],
        ["tasks"],
        ["indexes", "create"],
        ["search", "--index", "x", "dog", "--unknown-flag"],
    ],
)
def test_argument_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "usage:" in err and "Traceback" not in err


def test_version_and_help_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("twelvelabs-async ")
    code, out, _ = run(capsys, "search", "--help")
    assert code == 0 and "--max-results" in out and "--json" in out


def test_missing_api_key_is_a_usage_error(capsys: pytest.CaptureFixture[str], emu: EmulatorThread,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWELVELABS_API_KEY", raising=False)
    code, _, err = run(capsys, "--base-url", emu.base_url, "indexes", "list")
    assert code == 2
    assert_one_line_error(err, "TWELVELABS_API_KEY")


def test_global_options_work_before_and_after_the_command(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                                          index_id: str) -> None:
    before = run_json(capsys, "indexes", "list")
    code, out, err = run(capsys, "indexes", "list", "--json", "--base-url", env.base_url)
    assert code == 0, err
    assert json.loads(out) == before
    assert index_id in {item["id"] for item in before}


# --- indexes ---------------------------------------------------------------------------------------------


def test_indexes_create_list_delete(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    name = f"cli-create-{time.monotonic_ns()}"
    created = run_json(capsys, "indexes", "create", name, "--model", "marengo3.0:visual")
    assert created["index_name"] == name
    assert env.state.indexes[created["id"]].name == name

    listed = run_json(capsys, "indexes", "list", "--name", name)
    assert [item["id"] for item in listed] == [created["id"]]
    assert listed[0]["models"] == [{"model_name": "marengo3.0", "model_options": ["visual"]}]

    code, out, _ = run(capsys, "indexes", "list")
    assert code == 0 and name in out and created["id"] in out  # the human table

    assert run_json(capsys, "indexes", "delete", created["id"]) == {"deleted": created["id"]}
    assert created["id"] not in env.state.indexes


def test_indexes_create_defaults_to_marengo_3(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    code, out, err = run(capsys, "indexes", "create", f"cli-default-{time.monotonic_ns()}")
    assert code == 0, err
    index = env.state.indexes[out.strip()]  # human mode prints the bare id on stdout, for $(...)
    assert [name for name, _ in index.models] == ["marengo3.0"]


def test_api_error_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    code, out, err = run(capsys, "indexes", "delete", "6b0000000000000000000000")
    assert code == 1
    assert out == ""
    assert_one_line_error(err, "error: 404 resource_not_exist")


def test_conflicting_name_reports_the_api_code(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    name = f"cli-dup-{time.monotonic_ns()}"
    assert run(capsys, "indexes", "create", name)[0] == 0
    code, _, err = run(capsys, "indexes", "create", name)
    assert code == 1
    assert_one_line_error(err, "index_name_already_exists")


def test_wrong_key_is_a_401_line(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    code, _, err = run(capsys, "--api-key", "tlk_wrong", "indexes", "list")
    assert code == 1
    assert_one_line_error(err, "401")
    assert "tlk_wrong" not in err


def test_connection_refused_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as sock:  # a port that nothing listens on: bind, read the number, close
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("TWELVELABS_API_KEY", API_KEY)
    code, _, err = run(capsys, "--base-url", f"http://127.0.0.1:{port}/v1.3", "indexes", "list")
    assert code == 1
    assert_one_line_error(err, "error:")


# --- verbose logging never shows the key -----------------------------------------------------------------


def test_verbose_logs_without_the_key(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWELVELABS_API_KEY")
    code, out, err = run(capsys, "-vv", "--api-key", API_KEY, "indexes", "list")
    assert code == 0
    assert "using the API at " + env.base_url in err  # -v did log something
    code2, out2, err2 = run(capsys, "-vv", "--api-key", API_KEY, "indexes", "delete", "6b0000000000000000000000")
    assert code2 == 1
    assert "Traceback" in err2 or "404" in err2  # -vv logs the traceback of the error for debugging
    for text in (out, err, out2, err2):
        assert API_KEY not in text


# --- search ----------------------------------------------------------------------------------------------


def test_search_json_pages_up_to_max_results(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                             index_id: str) -> None:
    env.state.seed_videos(index_id, 30, prefix="dog", clips_per_video=1)
    results = run_json(capsys, "search", "--index", index_id, "dog", "--page-limit", "5", "--max-results", "12")
    assert len(results) == 12  # three pages of 5, cut at 12
    assert all(r["video_id"] in env.state.indexes[index_id].videos for r in results)
    ranks = [r["rank"] for r in results]
    assert ranks == list(range(1, 13))  # ranked across pages, best first


def test_search_table_and_options(capsys: pytest.CaptureFixture[str], env: EmulatorThread, index_id: str) -> None:
    ids = env.state.seed_videos(index_id, 3, prefix="cat", clips_per_video=2)
    code, out, err = run(capsys, "search", "--index", index_id, "cat", "--option", "visual", "--group-by", "video")
    assert code == 0, err
    assert "result(s) for 'cat'" in out
    assert all(video_id in out for video_id in ids)
    groups = run_json(capsys, "search", "--index", index_id, "cat", "--group-by", "video")
    assert {g["id"] for g in groups} == set(ids)


def test_search_bad_filter_is_a_usage_error(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                            index_id: str) -> None:
    code, _, err = run(capsys, "search", "--index", index_id, "dog", "--filter", "{not json")
    assert code == 2
    assert_one_line_error(err, "--filter")


def test_search_unknown_index_is_one_line(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    code, _, err = run(capsys, "search", "--index", "6b0000000000000000000000", "dog")
    assert code == 1
    assert_one_line_error(err, "404")


# --- analyze ---------------------------------------------------------------------------------------------


class CountingStdout(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


def test_analyze_streams_each_event_to_stdout(env: EmulatorThread, index_id: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (video_id,) = env.state.seed_videos(index_id, 1, prefix="dog_park")
    stdout = CountingStdout()
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(["analyze", video_id, "What happens? [emulator:events=7]"]) == 0
    text_writes = [w for w in stdout.writes if w and w != "\n"]
    assert len(text_writes) == 7  # one write per text event, as they arrive, not one at the end
    assert stdout.getvalue() == "".join(text_writes) + "\n"


def test_analyze_json(capsys: pytest.CaptureFixture[str], env: EmulatorThread, index_id: str) -> None:
    (video_id,) = env.state.seed_videos(index_id, 1, prefix="beach")
    result = run_json(capsys, "analyze", video_id, "Describe it")
    assert result["video"] == video_id
    assert result["text"] and result["generation_id"] and result["finish_reason"] == "stop"
    assert result["usage"]["output_tokens"] > 0


def test_analyze_a_url_a_local_file_and_a_schema(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                                 tmp_path: Path) -> None:
    url = "https://videos.example.com/beach_walk.mp4"
    by_url = run_json(capsys, "analyze", url, "Describe it", "--model", "pegasus1.5")
    assert by_url["video"] == url and "beach_walk.mp4" in by_url["text"]

    from twelvelabs_async._mp4 import write_sample_mp4

    clip = tmp_path / "clip.mp4"
    write_sample_mp4(clip, duration=12, width=640, height=360)
    inline = run_json(capsys, "analyze", str(clip), "Describe it")
    assert inline["video"] == "clip.mp4" and "12 s" in inline["text"]

    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"title": {"type": "string"}},
                                  "required": ["title"]}))
    structured = run_json(capsys, "analyze", url, "Title it", "--model", "pegasus1.5", "--schema", str(schema))
    assert isinstance(json.loads(structured["text"])["title"], str)

    code, _, err = run(capsys, "analyze", str(tmp_path / "missing.mp4"), "x")
    assert code == 2 and "no such file" in err  # a usage error


def test_analyze_unknown_video_is_one_line(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    code, out, err = run(capsys, "analyze", "6b0000000000000000000000", "Describe it")
    assert code == 1
    assert out == ""
    assert_one_line_error(err, "error:")


# --- embed -----------------------------------------------------------------------------------------------


def test_embed_text(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    first = run_json(capsys, "embed", "text", "a dog on a skateboard")
    again = run_json(capsys, "embed", "text", "a dog on a skateboard")
    assert first["dimensions"] == 1024 == len(first["embedding"])
    assert first["embedding"] == again["embedding"]
    code, out, _ = run(capsys, "embed", "text", "a dog on a skateboard")
    assert code == 0 and "1024 dimensions" in out


# --- tasks -----------------------------------------------------------------------------------------------


def _upload_one(env: EmulatorThread, index_id: str, path: Path) -> str:
    from twelvelabs_async import TwelveLabs

    with TwelveLabs(api_key=API_KEY, base_url=env.base_url) as client:
        return client.tasks.create(index_id=index_id, video_file=path).id


def test_tasks_list(capsys: pytest.CaptureFixture[str], env: EmulatorThread, index_id: str, tmp_path: Path) -> None:
    path = tmp_path / "skate_park.mp4"
    write_sample_mp4(path, duration=12, width=640, height=360)
    task_id = _upload_one(env, index_id, path)
    tasks = run_json(capsys, "tasks", "list", "--index", index_id)
    assert [t["id"] for t in tasks] == [task_id]
    assert tasks[0]["system_metadata"]["filename"] == "skate_park.mp4"
    assert run_json(capsys, "tasks", "list", "--index", index_id, "--status", "failed") == []
    code, out, _ = run(capsys, "tasks", "list", "--index", index_id)
    assert code == 0 and "skate_park.mp4" in out and task_id in out


# --- plain output without rich ---------------------------------------------------------------------------


def test_plain_tables_when_rich_is_missing(capsys: pytest.CaptureFixture[str], env: EmulatorThread, index_id: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)  # `import rich` now raises ImportError, as without the extra
    ids = env.state.seed_videos(index_id, 2, prefix="plain_dog")
    code, out, err = run(capsys, "search", "--index", index_id, "dog")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1].split() == ["rank", "start", "end", "video", "id"]
    assert set(lines[2]) <= {"-", " "}
    assert {line.split()[-1] for line in lines[3:]} == set(ids)
    assert not any(ch in out for ch in "┏│━")


# --- the process: import cost, entry point, Ctrl-C -------------------------------------------------------


def test_importing_the_cli_and_help_stay_cheap() -> None:
    code = (
        "import sys\n"
        "from twelvelabs_async.cli import main\n"
        "from twelvelabs_async.cli.app import build_parser\n"
        "build_parser().format_help()\n"
        "heavy = [m for m in ('aiohttp', 'rich', 'attrs', 'cattrs') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT,
                          env=subprocess_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_python_dash_m_runs_the_cli(emu: EmulatorThread) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "twelvelabs_async", "--json", "indexes", "list"], capture_output=True, text=True,
        timeout=SUBPROCESS_TIMEOUT,
        env=subprocess_env(TWELVELABS_BASE_URL=emu.base_url, TWELVELABS_API_KEY=API_KEY),
    )
    assert done.returncode == 0, done.stderr
    assert isinstance(json.loads(done.stdout), list)


def _read_until(stream: Any, needle: bytes, deadline: float) -> bytes:
    """Read a pipe byte by byte until ``needle`` shows up or the deadline passes (no sleeps)."""
    import selectors

    seen = b""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while needle not in seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise AssertionError(f"{needle!r} not seen in time; got {seen!r}")
            chunk = os.read(stream.fileno(), 4096)
            if not chunk:
                raise AssertionError(f"pipe closed before {needle!r}; got {seen!r}")
            seen += chunk
    return seen


def test_ctrl_c_during_a_stream_exits_130_cleanly() -> None:
    with EmulatorThread(speed=0.0, stream_delay=0.2) as slow:
        (index_id,) = [slow.state.create_index("slow", BOTH_MODELS)]
        (video_id,) = slow.state.seed_videos(index_id, 1, prefix="dog")
        process = subprocess.Popen(
            [sys.executable, "-m", "twelvelabs_async", "analyze", video_id, "Describe [emulator:events=100]"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=subprocess_env(TWELVELABS_BASE_URL=slow.base_url, TWELVELABS_API_KEY=API_KEY),
        )
        try:
            assert process.stdout is not None
            _read_until(process.stdout, b"Describe", time.monotonic() + SUBPROCESS_TIMEOUT)  # text is streaming
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=SUBPROCESS_TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 130
    text = err.decode()
    assert "Traceback" not in text
    assert "error: interrupted" in text


def test_emulator_command_serves_until_sigint() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "twelvelabs_async", "emulator", "--port", "0", "--speed", "instant",
         "--api-key", API_KEY],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env(),
    )
    try:
        assert process.stdout is not None
        first_line = _read_until(process.stdout, b"\n", time.monotonic() + SUBPROCESS_TIMEOUT).decode()
        base_url = first_line.split()[0]
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1.3")
        listed = subprocess.run(
            [sys.executable, "-m", "twelvelabs_async", "--json", "--base-url", base_url, "--api-key", API_KEY,
             "indexes", "list"], capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT, env=subprocess_env(),
        )
        assert listed.returncode == 0, listed.stderr
        assert json.loads(listed.stdout) == []
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=SUBPROCESS_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0


def test_emulator_command_help_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "emulator", "--help")
    assert code == 0
    assert "--speed" in out and "--faults" in out


# --- upload ----------------------------------------------------------------------------------------------


def _videos(folder: Path, *names: str, duration: float = 12.0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        write_sample_mp4(path, duration=duration, width=640, height=360)
        paths.append(path)
    return paths


def test_upload_folder_waits_and_summarizes(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                           index_id: str, tmp_path: Path) -> None:
    _videos(tmp_path / "clips", "a_dog.mp4", "b_cat.mov")
    _videos(tmp_path / "clips" / "nested", "c_bird.mp4")
    (tmp_path / "clips" / "notes.txt").write_text("not a video")
    result = run_json(capsys, "upload", str(tmp_path / "clips"), "--index", index_id, "--concurrency", "2")
    assert result["failed"] == 0
    assert sorted(Path(f["path"]).name for f in result["files"]) == ["a_dog.mp4", "b_cat.mov", "c_bird.mp4"]
    assert {f["status"] for f in result["files"]} == {"ready"}
    videos = env.state.indexes[index_id].videos
    assert {f["video_id"] for f in result["files"]} == set(videos)
    assert sorted(v.filename for v in videos.values()) == ["a_dog.mp4", "b_cat.mov", "c_bird.mp4"]


def test_upload_with_a_failing_file_exits_1_with_a_summary(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                                           index_id: str, tmp_path: Path) -> None:
    good = _videos(tmp_path, "good_one.mp4", "good_two.mp4")
    too_short = _videos(tmp_path, "too_short.mp4", duration=1.0)[0]  # below the API's 4 s minimum
    missing = tmp_path / "missing.mp4"
    code, out, err = run(capsys, "upload", *map(str, [*good, too_short, missing]), "--index", index_id)
    assert code == 1
    assert "Traceback" not in err
    assert "2 of 4 file(s) uploaded" in out
    rows = [line.split() for line in out.splitlines()]
    table_rows = {row[1]: " ".join(row) for row in rows if len(row) > 2 and row[1].endswith(".mp4")}
    assert set(table_rows) == {"good_one.mp4", "good_two.mp4", "too_short.mp4", "missing.mp4"}
    assert "ready" in table_rows["good_one.mp4"] and "ready" in table_rows["good_two.mp4"]
    assert "failed" in table_rows["too_short.mp4"] and "failed" in table_rows["missing.mp4"]
    assert "2 file(s) failed" in err
    assert len(env.state.indexes[index_id].videos) == 2


def test_upload_resumes_from_the_journal(capsys: pytest.CaptureFixture[str], env: EmulatorThread, index_id: str,
                                         tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    _videos(folder, "one.mp4", "two.mp4")
    journal = str(tmp_path / "upload.db")
    first = run_json(capsys, "upload", str(folder), "--index", index_id, "--journal", journal)
    assert first["failed"] == 0 and not any(f["resumed"] for f in first["files"])
    _videos(folder, "three.mp4")
    second = run_json(capsys, "upload", str(folder), "--index", index_id, "--journal", journal)
    assert second["failed"] == 0
    by_name = {Path(f["path"]).name: f for f in second["files"]}
    assert by_name["one.mp4"]["task_id"] == {Path(f["path"]).name: f for f in first["files"]}["one.mp4"]["task_id"]
    assert len(env.state.indexes[index_id].videos) == 3  # nothing sent twice


def test_upload_no_wait(capsys: pytest.CaptureFixture[str], env: EmulatorThread, index_id: str,
                        tmp_path: Path) -> None:
    (path,) = _videos(tmp_path, "later.mp4")
    result = run_json(capsys, "upload", str(path), "--index", index_id, "--no-wait")
    (entry,) = result["files"]
    assert entry["ok"] and entry["task_id"] in {t.id for t in env.state.tasks.values()}


def test_upload_without_videos_is_a_usage_error(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                                index_id: str, tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("nothing to see")
    code, _, err = run(capsys, "upload", str(tmp_path), "--index", index_id)
    assert code == 2
    assert_one_line_error(err, "no video files")


def test_upload_plain_progress_lines(capsys: pytest.CaptureFixture[str], env: EmulatorThread, index_id: str,
                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)
    _videos(tmp_path, "p1.mp4", "p2.mp4")
    code, out, err = run(capsys, "upload", str(tmp_path), "--index", index_id)
    assert code == 0, err
    assert "[1/2]" in err and "[2/2]" in err and "2/2 finished" in err
    assert "2 of 2 file(s) uploaded" in out


# --- tasks wait ------------------------------------------------------------------------------------------


def test_tasks_wait(capsys: pytest.CaptureFixture[str], env: EmulatorThread, index_id: str, tmp_path: Path) -> None:
    ids = [_upload_one(env, index_id, path) for path in _videos(tmp_path, "w1.mp4", "w2.mp4")]
    done = run_json(capsys, "tasks", "wait", *ids, "--timeout", "30")
    assert [t["id"] for t in done] == ids
    assert {t["status"] for t in done} == {"ready"}


def test_tasks_wait_unknown_task_is_one_line(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    code, _, err = run(capsys, "tasks", "wait", "6b0000000000000000000000", "--timeout", "5")
    assert code == 1
    assert_one_line_error(err, "error:")


# --- demo ------------------------------------------------------------------------------------------------


def test_demo_json_ignores_the_environment(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # A base URL in the environment must not make the demo leave its embedded emulator: only --base-url or
    # --real may. A dead port proves it: any request there would fail.
    monkeypatch.setenv("TWELVELABS_BASE_URL", "http://127.0.0.1:9/v1.3")
    monkeypatch.delenv("TWELVELABS_API_KEY", raising=False)
    started = time.monotonic()
    summary = run_json(capsys, "demo")
    assert time.monotonic() - started < 30
    assert summary["base_url"].startswith("http://127.0.0.1:") and ":9/" not in summary["base_url"]
    assert [Path(u["input"]).name for u in summary["ingest"]] == [
        "dog_park.mp4", "city_traffic.mp4", "beach_sunset.mp4", "cooking_pasta.mp4"]
    assert all(u["ok"] and u["status"] == "ready" and u["asset_id"] for u in summary["ingest"])
    assert summary["search"][0]["file"] == "dog_park.mp4"
    assert summary["analyze"]["file"] == "dog_park.mp4" and summary["analyze"]["model_name"] == "pegasus1.5"
    dog_asset = next(u["asset_id"] for u in summary["ingest"] if u["input"].endswith("dog_park.mp4"))
    assert summary["analyze"]["asset_id"] == dog_asset  # Pegasus read the uploaded asset
    assert "42 s" in summary["analyze"]["text"]  # the emulator describes the video it was sent: 42 s long
    assert summary["analyze"]["events"] > 3 and summary["analyze"]["finish_reason"] == "stop"
    matrix = summary["similarity"]["matrix"]
    assert summary["similarity"]["dimensions"] == 1024
    assert matrix[0][3] == pytest.approx(1.0) and matrix[1][1] == pytest.approx(1.0)
    assert abs(matrix[0][2]) < 0.5


def test_demo_against_a_given_base_url_deletes_its_index(capsys: pytest.CaptureFixture[str], emu: EmulatorThread,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWELVELABS_BASE_URL", raising=False)
    before, assets_before = set(emu.state.indexes), set(emu.state.assets)
    summary = run_json(capsys, "--base-url", emu.base_url, "--api-key", API_KEY, "demo")
    assert summary["base_url"] == emu.base_url
    assert summary["index_id"] not in emu.state.indexes and set(emu.state.indexes) == before
    assert set(emu.state.assets) == assets_before  # its assets are deleted too: nothing is left behind
    kept = run_json(capsys, "--base-url", emu.base_url, "--api-key", API_KEY, "demo", "--keep")
    assert kept["index_id"] in emu.state.indexes
    assert {u["asset_id"] for u in kept["ingest"]} <= set(emu.state.assets)


def test_demo_human_output_without_rich() -> None:
    code = "import sys; sys.modules['rich'] = None\nfrom twelvelabs_async.cli import main\nsys.exit(main(['demo']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=SUBPROCESS_TIMEOUT, env=subprocess_env())
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = done.stdout
    for heading in ("1. Sample videos", "2. Index", "3. Ingest", "4. Search 'dog'", "5. Analyze dog_park.mp4",
                    "6. Text embeddings", "Done in"):
        assert heading in out
    ranked = out.split("4. Search", 1)[1].split("5. Analyze", 1)[0]
    clip_rows = [line for line in ranked.splitlines() if line.rstrip().endswith(".mp4")]
    assert clip_rows and clip_rows[0].split()[0] == "1" and clip_rows[0].split()[-1] == "dog_park.mp4"
    assert "[4/4]" in done.stderr  # the plain progress lines


def test_an_unusable_journal_is_one_line_before_any_upload(
    capsys: pytest.CaptureFixture[str], env: EmulatorThread, index_id: str, tmp_path: Path
) -> None:
    from twelvelabs_async._mp4 import write_sample_mp4

    video = tmp_path / "clip.mp4"
    write_sample_mp4(video, duration=6, width=640, height=360)
    bad_journal = tmp_path / "missing-dir" / "nested" / "journal.db"
    code, _, err = run(capsys, "upload", str(video), "--index", index_id, "--journal", str(bad_journal), "--no-wait")
    assert code == 1
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: JournalError: cannot create ")
    assert "is not a directory" in errors[0]
    assert not env.state.indexes[index_id].videos  # refused before any upload


def test_an_unexpected_error_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], index_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twelvelabs_async import _journal
    from twelvelabs_async._mp4 import write_sample_mp4

    def broken_disk(self: object, path: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(_journal.Journal, "__init__", broken_disk)
    video = tmp_path / "clip.mp4"
    write_sample_mp4(video, duration=6, width=640, height=360)
    code, _, err = run(capsys, "upload", str(video), "--index", index_id, "--journal", str(tmp_path / "j.db"),
                       "--no-wait")
    assert code == 1
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        "error: OSError: [Errno 5] Input/output error"
    ]


# --- ingest ----------------------------------------------------------------------------------------------


def test_ingest_files_folders_and_urls_with_a_journal(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                                      index_id: str, tmp_path: Path) -> None:
    from twelvelabs_async._mp4 import write_sample_mp4

    folder = tmp_path / "videos"
    folder.mkdir()
    for name in ("a.mp4", "b.mov"):
        write_sample_mp4(folder / name, duration=6, width=640, height=360)
    journal = tmp_path / "ingest.db"
    url = "https://media.example/remote.mp4?duration=8"
    result = run_json(capsys, "ingest", str(folder), url, "--index", index_id, "--journal", str(journal))
    assert result["failed"] == 0
    assert sorted(Path(i["input"]).name for i in result["inputs"]) == ["a.mp4", "b.mov", "remote.mp4?duration=8"]
    assert all(i["status"] == "ready" and i["asset_id"] and i["indexed_asset_id"] for i in result["inputs"])
    again = run_json(capsys, "ingest", str(folder), url, "--index", index_id, "--journal", str(journal))
    assert all(i["resumed"] for i in again["inputs"])  # the journal knew them all: nothing sent twice
    summary = env.state.ingest_summary(index_id)
    assert [summary[name]["assets"] for name in ("a.mp4", "b.mov", "remote.mp4")] == [1, 1, 1]


def test_ingest_reports_failures_and_exits_1(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                             index_id: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video" * 100)
    code, out, err = run(capsys, "ingest", str(broken), str(tmp_path / "missing.mp4"), "--index", index_id)
    assert code == 1
    assert "0 of 2 input(s) ingested" in out
    assert "failed for good" in err and "rerun" not in err.split("failed for good")[0].lower()


# --- rough edges a newcomer hits ----------------------------------------------------------------------------


def test_json_spells_ids_id_everywhere(capsys: pytest.CaptureFixture[str], env: EmulatorThread) -> None:
    created = run_json(capsys, "indexes", "create", f"ids-{time.monotonic_ns()}")
    listed = run_json(capsys, "indexes", "list")
    assert "id" in created and all("id" in item and "_id" not in item for item in listed)
    assert created["id"] in {item["id"] for item in listed}


def test_no_key_says_which_option_to_give(capsys: pytest.CaptureFixture[str], emu: EmulatorThread,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWELVELABS_API_KEY", raising=False)
    code, _, err = run(capsys, "--base-url", emu.base_url, "indexes", "list")
    assert code == 2
    assert "--api-key" in err and "TWELVELABS_API_KEY" in err and "api_key=" not in err


def test_a_closed_pipe_ends_quietly(capsys: pytest.CaptureFixture[str], env: EmulatorThread,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from twelvelabs_async.cli.output import Output

    def reader_went_away(self: Output, data: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(Output, "emit_json", reader_went_away)
    code, _, err = run(capsys, "--json", "indexes", "list")
    assert code == 141
    assert "error" not in err.lower() and "Traceback" not in err


@pytest.mark.parametrize("rich", [False, True])
def test_ctrl_c_says_what_had_finished(rich: bool) -> None:
    import io

    from twelvelabs_async.cli.output import Output

    if rich:
        pytest.importorskip("rich")
    stderr = io.StringIO()
    out = Output(json_mode=False, use_rich=rich, stderr=stderr, stdout=io.StringIO())
    with pytest.raises(KeyboardInterrupt), out.progress("all files") as view:
        for name in ("a.mp4", "b.mp4", "c.mp4"):
            view.add(name, name, 100)
        view.finish("a.mp4", "ready", ok=True)
        view.finish("b.mp4", "failed: 400 video_file_broken", ok=False)
        raise KeyboardInterrupt
    text = stderr.getvalue()
    assert "interrupted: 2 of 3 finished: a.mp4 (ready), b.mp4 (failed: 400 video_file_broken)" in text
    assert "1 not finished" in text


def test_rerun_advice_tells_fixable_from_final_failures() -> None:
    from twelvelabs_async._errors import (
        APIConnectionError,
        ArgumentError,
        BadRequestError,
        InternalServerError,
        PreflightError,
        RateLimitError,
        UploadFileChangedError,
    )
    from twelvelabs_async.cli.commands import rerun_may_help

    assert rerun_may_help(APIConnectionError("down", method="POST", url="u"))
    assert rerun_may_help(InternalServerError("boom", status=500))
    assert rerun_may_help(RateLimitError("slow down", status=429))
    assert rerun_may_help(UploadFileChangedError("a.mp4 shrank", path="a.mp4"))
    assert not rerun_may_help(BadRequestError("bad", status=400))
    assert not rerun_may_help(PreflightError("a.mp4", "max_size", "too big"))
    assert not rerun_may_help(ArgumentError("files", "missing"))
    assert not rerun_may_help(FileNotFoundError(2, "No such file"))
    assert not rerun_may_help(None)  # failed on the platform's side: the same file fails again
