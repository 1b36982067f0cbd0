"""examples/quickstart.ipynb runs top to bottom in a real Jupyter kernel (nbclient + ipykernel) and says what it should.

The kernel spec is installed into a temporary prefix that points at this interpreter, so the test runs the
notebook with the package under test in a fresh venv too, whatever kernels the machine has (or lacks).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
kernelspec = pytest.importorskip("ipykernel.kernelspec")

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "quickstart.ipynb"
KERNEL_NAME = "twelvelabs-async-tests"
CELL_TIMEOUT = 60


def _text_of(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            parts.append(output["text"])
        elif output.get("output_type") in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def test_quickstart_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from twelvelabs_async.sync._helpers import SyncTasksHelpers

    if not hasattr(SyncTasksHelpers, "upload_many"):  # pragma: no cover - until the sync twins land (issue 6)
        pytest.skip("the blocking client has no tasks.upload_many yet")

    kernelspec.install(prefix=str(tmp_path), kernel_name=KERNEL_NAME)  # argv: this interpreter
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share" / "jupyter"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # no deprecation warning from jupyter_core
    for name in ("TWELVELABS_BASE_URL", "TWELVELABS_API_KEY"):  # the notebook must start its own emulator
        monkeypatch.delenv(name, raising=False)

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "commit the notebook without outputs"
    client = nbclient.NotebookClient(notebook, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError (with the traceback) if any cell fails

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    out = [_text_of(cell) for cell in code]
    setup, index, upload, wait, search, analyze, task, cleanup = out
    assert setup.startswith("API at http://127.0.0.1:")
    assert index.startswith("index ")
    assert sorted(line.split(":")[0] for line in upload.splitlines()) == [
        "beach_sunset.mp4", "city_traffic.mp4", "dog_park.mp4"]
    assert "uploaded, task" in upload and "FAILED" not in upload
    finals = [line for line in wait.splitlines() if not line.startswith("  ")]
    assert finals == ["dog_park.mp4: ready", "city_traffic.mp4: ready", "beach_sunset.mp4: ready"]
    assert search.splitlines()[0].startswith("1. dog_park.mp4  ")
    answer, summary = analyze.rstrip("\n").rsplit("\n", 1)
    assert "40 s" in answer  # the emulator describes the video it was sent: dog_park.mp4 lasts 40 s
    assert summary.startswith("[") and "pieces" in summary and int(summary[1:].split()[0]) > 3
    assert summary.endswith("finish_reason=stop]")
    status, answer = task.split("\n", 1)
    assert status == "ready notebook_json"  # the analyze task, waited for
    analysis = json.loads(answer)  # JSON valid against the schema the cell gave
    assert isinstance(analysis["title"], str) and analysis["title"]
    assert isinstance(analysis["topics"], list) and all(isinstance(t, str) for t in analysis["topics"])
    assert cleanup.strip() == "done"
