"""``twelvelabs-async ingest --journal postgresql://... --job NAME``, ``job status NAME`` and ``job retry-failed NAME``
against the emulator and a real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import API_KEY, BOTH_MODELS, run, run_json

from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import EmulatorThread

PASSWORD = "Pg-S3cret-passw0rd"  # the test server trusts local logins, so any password connects


@pytest.fixture(scope="module")
def emu() -> object:
    with EmulatorThread(speed=0.0, api_key=API_KEY) as emulator:
        yield emulator


def test_a_shared_job_from_the_command_line(capsys: pytest.CaptureFixture[str], emu: EmulatorThread,
                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pg_dsn: str) -> None:
    monkeypatch.setenv("TWELVELABS_BASE_URL", emu.base_url)
    monkeypatch.setenv("TWELVELABS_API_KEY", API_KEY)
    index_id = emu.state.create_index("cli-jobs", BOTH_MODELS)
    folder = tmp_path / "videos"
    folder.mkdir()
    for name in ("a.mp4", "b.mp4", "c.mov"):
        write_sample_mp4(folder / name, duration=6, width=640, height=360)
    (folder / "broken.mp4").write_bytes(b"not a video" * 100)
    dsn = pg_dsn.replace("postgresql://postgres@", f"postgresql://postgres:{PASSWORD}@")
    url = "https://media.example/remote.mp4?duration=8"

    code, out, err = run(capsys, "--json", "ingest", str(folder), url, "--index", index_id, "--journal", dsn,
                         "--job", "nightly", "--worker", "cli-1", "--lease-seconds", "5")
    assert code == 1  # one input failed on the platform
    assert PASSWORD not in out + err and "postgres:***@" in err
    import json

    result = json.loads(out)
    assert result["failed"] == 1 and len(result["inputs"]) == 5
    assert {i["worker"] for i in result["inputs"]} == {"cli-1"}

    status = run_json(capsys, "job", "status", "nightly", "--journal", dsn)
    assert status["steps"] == {"ready": 4, "failed": 1} and status["remaining"] == 0
    assert [(w["worker"], w["ready"], w["failed"], w["held"]) for w in status["workers"]] == [("cli-1", 4, 1, 0)]
    assert status["rate_per_second"] > 0 and status["eta_seconds"] == 0

    code, out, err = run(capsys, "job", "status", "nightly", "--journal", dsn)
    assert code == 0 and "by worker" in out and "cli-1" in out and "time left" in out
    assert PASSWORD not in out + err

    assert run_json(capsys, "job", "retry-failed", "nightly", "--journal", dsn) == {"job": "nightly", "reopened": 1}
    status = run_json(capsys, "job", "status", "nightly", "--journal", dsn)
    assert status["steps"] == {"ready": 4, "new": 1} and status["remaining"] == 1

    # A worker that joins with no inputs of its own takes the reopened one (it fails again: the file is broken).
    code, out, err = run(capsys, "--json", "ingest", "--index", index_id, "--journal", dsn, "--job", "nightly",
                         "--worker", "helper")
    assert code == 0 and json.loads(out)["inputs"] == []
    status = run_json(capsys, "job", "status", "nightly", "--journal", dsn)
    assert status["steps"] == {"ready": 4, "failed": 1}
    assert {w["worker"]: w["failed"] for w in status["workers"]} == {"cli-1": 0, "helper": 1}


def test_job_commands_need_a_postgres_journal_and_a_known_job(capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch, pg_dsn: str) -> None:
    monkeypatch.delenv("TWELVELABS_INGEST_JOURNAL", raising=False)
    code, _, err = run(capsys, "job", "status", "nightly")
    assert code == 2 and "--journal postgresql://" in err
    code, _, err = run(capsys, "job", "status", "nobody", "--journal", pg_dsn)
    assert code == 2 and "no job named 'nobody'" in err
    code, _, err = run(capsys, "ingest", "a.mp4", "--index", "i", "--journal", "j.db", "--worker", "w",
                       "--api-key", "k")
    assert code == 2 and "shared" in err


def test_the_ingest_note_never_shows_a_password_with_a_slash(capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TWELVELABS_BASE_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("TWELVELABS_API_KEY", API_KEY)
    secret = "Zx9/kQ+r7Tw"
    code, out, err = run(capsys, "ingest", "https://media.example/a.mp4", "--index", "i", "--journal",
                         f"postgresql://app:{secret}@127.0.0.1:1/jobs", "--job", "j")
    assert code != 0
    assert secret not in out + err and "app:***@127.0.0.1" in out + err
