"""The official SDK ``twelvelabs`` 1.3.6 (the 2026 API's) runs a short workflow against today's surface: an
index, a task, search and analyze, then today's ingestion: its own ``multipart_upload.upload_file`` through the
emulator's storage server (which must never see the API key), ``assets.create(method="direct")``, an indexed
asset, and the list routes. A second script (``official_sdk_136_knowledge_script.py``) drives knowledge stores,
``responses.create_stream`` and the connector and import methods.

The project's venv pins twelvelabs 1.0.0 for the seed-era test, so 1.3.6 lives in a venv of its own, made
once under ``~/.cache/twelvelabs-async-tests/sdk-1.3.6`` (``TWELVELABS_ASYNC_TEST_CACHE`` moves the cache)
and reused while it works. The test is skipped only when that venv cannot be made (no network to PyPI, no
``venv`` module...); the reason is printed and given as the skip message.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from twelvelabs_async.emulator import EmulatorThread

SDK_VERSION = "1.3.6"
SCRIPT = Path(__file__).with_name("official_sdk_136_script.py")
KEY = "tlk_official_136"


def _cache_dir() -> Path:
    root = os.environ.get("TWELVELABS_ASYNC_TEST_CACHE") or Path.home() / ".cache" / "twelvelabs-async-tests"
    return Path(root) / f"sdk-{SDK_VERSION}"


def _python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _has_sdk(python: Path) -> bool:
    if not python.exists():
        return False
    try:
        probe = subprocess.run([str(python), "-c", "import importlib.metadata as m; print(m.version('twelvelabs'))"],
                               capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0 and probe.stdout.strip() == SDK_VERSION


def _make_venv(venv: Path) -> str | None:
    """Create the venv with the SDK; returns why it could not be made, or None."""
    try:
        venv.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot make {venv.parent}: {exc}"
    steps = [[sys.executable, "-m", "venv", "--clear", str(venv)],
             [str(_python(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
              f"twelvelabs=={SDK_VERSION}"]]
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{' '.join(step[:4])}: {exc}"
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            return f"{' '.join(step[:4])} exited {done.returncode}: {' | '.join(tail)}"
    return None if _has_sdk(_python(venv)) else f"twelvelabs=={SDK_VERSION} is not importable after install"


@pytest.fixture(scope="module")
def sdk_python() -> Path:
    venv = _cache_dir()
    if not _has_sdk(_python(venv)):
        why = _make_venv(venv)
        if why is not None:
            print(f"skipping the official SDK {SDK_VERSION} test: {why}", file=sys.stderr)
            pytest.skip(f"cannot create a venv with twelvelabs=={SDK_VERSION}: {why}")
    return _python(venv)


def test_sdk_136_workflow(sdk_python: Path, sample_video: Callable[..., Path]) -> None:
    video = sample_video("dog_park.mp4", duration=12)
    # Another file for the SDK's own multipart helper: 11 chunks of 64 KiB (the last one smaller), of which the
    # create response carries URLs for 2, so the helper must ask for more.
    upload = sample_video("cat_walk_source.mp4", duration=20, size=10 * 65536 + 4321)
    upload_bytes = upload.read_bytes()
    with EmulatorThread(api_key=KEY, speed=20.0, multipart_chunk_size=65536, multipart_initial_urls=2) as emu:
        assert emu.surface == "2026"
        run = subprocess.run([str(sdk_python), str(SCRIPT), emu.base_url, KEY, str(video), str(upload)],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-3000:]
        out = json.loads(run.stdout.strip().splitlines()[-1])
        assert emu.state.requests("POST /analyze") == 2
        # One hit a page (page_limit=1): the SDK's pager followed a token for every hit after the first (the
        # later search for "cat" fits one page). How many clips match varies with the video's id, so the count
        # is compared, not fixed.
        follow_ups = emu.state.requests("GET /search/{page_token}")
        index = emu.state.indexes[out["index_id"]]
        assert index.models == [("marengo3.0", ["visual", "audio"])]
        # The official helper's presigned PUTs reached storage without the API key, one per chunk.
        assert emu.storage.requests_with_api_key == []
        puts = [r for r in emu.storage.requests if r.method == "PUT"]
        assert sorted(r.chunk_index for r in puts if r.status == 200) == list(range(1, 12))
        assert emu.state.requests("POST /assets/multipart-uploads/{upload_id}/presigned-urls") >= 1
        # What storage holds for the asset is the file, byte for byte (its chunks' ETags are their MD5s).
        stored = emu.state.uploads[next(iter(emu.state.uploads))]
        assert [c.completed.etag for c in stored.chunks if c.completed] == [
            hashlib.md5(upload_bytes[i:i + 65536]).hexdigest() for i in range(0, len(upload_bytes), 65536)]
        assert emu.state.requests("POST /analyze/tasks/{task_id}/cancel") == 1
        assert emu.state.requests("GET /analyze/batches/{batch_id}/results") == 1
        assert len(emu.state.batches) == 1 and len(emu.state.embed_v2_tasks) == 1
        summary = emu.state.ingest_summary(out["index_id"])
        assert summary["cat_walk.mp4"] == {"assets": 1, "ready_assets": 1, "indexed": 1, "ready_indexed": 1}
        assert summary["dog_direct.mp4"] == {"assets": 1, "ready_assets": 1, "indexed": 0, "ready_indexed": 0}

    multipart = out["multipart"]
    assert multipart["status"] == "ready" and multipart["size"] == len(upload_bytes)
    assert multipart["duration"] == 20.0 and multipart["asset_url"].endswith("/cat_walk.mp4")
    assert multipart["progress"] == [4, 8, 11] and multipart["incomplete"] == []
    direct = out["direct"]
    assert direct["method"] == "direct" and direct["status"] == "ready"
    assert direct["user_metadata"] == {"source": "sdk"}
    indexed = out["indexed"]
    assert indexed["asset_id"] == multipart["asset_id"] and indexed["status"] == "ready"
    assert indexed["filename"] == "cat_walk.mp4"
    assert out["listed"] == [indexed["id"]]
    assert out["by_asset"] == [[indexed["id"], out["index_id"]]]
    assert out["assets"] == sorted([multipart["asset_id"], direct["asset_id"]])  # the pager walked 2 pages
    assert out["transcription"]["status"] == "ready" and out["transcription"]["words"] > 0
    assert out["transcription"]["sentences"] > 0
    assert out["cat_hits"] == [indexed["id"]]

    statuses = out["statuses"]
    assert statuses[-1] == "ready" and len(statuses) >= 2 and out["video_id"]
    hits = out["search"]
    assert hits and all(hit["video_id"] == out["video_id"] for hit in hits)
    assert follow_ups == len(hits) - 1
    assert [hit["rank"] for hit in hits] == list(range(1, len(hits) + 1))
    assert all(hit["transcription"].startswith("Here we can see the ") for hit in hits)

    analyzed = out["analyze"]
    schema = {"type": "object", "properties": {"title": {"type": "string"},
                                               "count": {"type": "integer", "minimum": 1, "maximum": 3}},
              "required": ["title", "count"]}
    value = json.loads(analyzed["data"])
    jsonschema.Draft202012Validator(schema).validate(value)
    assert "dog" in value["title"] and analyzed["finish_reason"] == "stop" and analyzed["output_tokens"] > 0

    stream = out["stream"]
    assert stream["types"][0] == "stream_start" and stream["types"][-1] == "stream_end"
    assert stream["types"].count("text_generation") > 5
    assert "dog_park.mp4 (30 s)" in stream["text"] and stream["finish_reason"] == "stop"

    task = out["analyze_task"]
    assert task["statuses"][0] == "queued" and task["statuses"][-1] == "ready" and task["custom_id"] == "sdk-136"
    assert "dog_park.mp4 (30 s)" in task["data"] and task["finish_reason"] == "stop"
    assert task["canceled"] == [True, "canceled", "canceled"]
    batch = out["batch"]
    assert (batch["created_status"], batch["total"], batch["items"]) == ("pending", 3, ["b-0", "b-1", "b-2"])
    assert (batch["status"], batch["ready"], batch["failed"]) == ("completed", 3, 0)
    assert batch["results"] == [[f"b-{n}", "ready", True] for n in range(3)]
    embed = out["embed_v2"]
    assert embed["dimensions"] == [512] and embed["task_status"] == "ready"
    assert embed["segments"] == [[0.0, 6.0], [6.0, 12.0], [12.0, 18.0], [18.0, 24.0], [24.0, 30.0]]
    entity = out["entity"]
    assert entity["collections"] == [entity["collection"]]
    assert (entity["created_status"], entity["status"]) == ("processing", "ready")
    assert entity["asset_ids"] == [direct["asset_id"]] and entity["metadata"] == {"role": "star"}
    assert entity["by_asset"] == [entity["id"]]

KNOWLEDGE_SCRIPT = Path(__file__).with_name("official_sdk_136_knowledge_script.py")


def test_sdk_136_knowledge_stores_responses_and_connectors(sdk_python: Path) -> None:
    """1.3.6 drives a knowledge store (create, items from assets, a collection, search following its body
    tokens), ``responses.create_stream`` (and its refused non-streaming ``create``), and the connector and import
    methods, through the emulator's OAuth page."""
    drive = {"gd-dog": ("dog_run.mp4", 20_000_000, "video"), "gd-doc": ("notes.pdf", 1_000, "document")}
    with EmulatorThread(api_key=KEY, speed=20.0, drive_files=drive) as emu:
        run = subprocess.run([str(sdk_python), str(KNOWLEDGE_SCRIPT), emu.base_url, KEY],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-3000:]
        out = json.loads(run.stdout.strip().splitlines()[-1])
        # Every page after the first came from the same POST with the token in its body.
        searches = emu.state.requests("POST /knowledge-stores/{knowledge_store_id}/search")
        assert emu.state.outcomes["POST /responses"] == {"200": 2, "400": 1}
        assert emu.state.outcomes["POST /connections:authorize"] == {"200": 1}  # only the request sent by hand
        assert emu.state.connections == {} and emu.state.knowledge_stores == {}  # the script deleted them

    store = out["store"]
    assert store["id"].startswith("ks_") and store["metadata"] == {"team": "blue"}
    assert store["enrichment"] == "description" and store["item_count"] == 0
    items = out["items"]
    assert items["created_status"] == "queued" and items["statuses"] == ["ready", "ready"]
    assert items["types"] == ["video", "image"] and items["filename"] == "dog_park.mp4"
    assert items["listed"] == items["ids"]
    assert out["collection"] == {"member_count_after_add": 2, "members": out["collection"]["members"],
                                 "after_remove": 1, "renamed": "dogs", "listed": ["dogs"]}
    assert sorted(out["collection"]["members"]) == items["ids"]
    assert out["updated_metadata"] == {"team": "red"} and out["stores"] == [store["id"]]

    hits = out["search"]["hits"]
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1)) and searches == len(hits)
    assert {h["type"] for h in hits} == {"video", "image"} and out["search"]["effective"] == ["visual", "audio"]
    assert all((h["matches"] == 1) == (h["type"] == "video") for h in hits)  # group_by none: one clip a result
    assert all(h["user"] == ({"angle": "wide"} if h["type"] == "video" else {}) for h in hits)

    stream = out["stream"]
    assert stream["types"][:4] == ["response.created", "response.in_progress", "response.output_item.added",
                                   "response.content_part.added"]
    assert stream["types"][-4:] == ["response.output_text.done", "response.content_part.done",
                                    "response.output_item.done", "response.completed"]
    assert stream["text"] == stream["final_text"] and stream["status"] == "completed"
    assert "dog_park.mp4 shows dog and park" in stream["text"] and stream["output_tokens"] == len(
        stream["text"].split())
    answer = json.loads(out["json_answer"])
    assert set(answer) == {"dog", "count"} and isinstance(answer["count"], int) and "dog" in answer["dog"]
    assert out["non_streaming"] == 400  # the spec allows "stream": true only

    # 1.3.6's authorize_connection fails in the client (urljoin takes "connections:" for a scheme).
    assert "protocol" in out["authorize_error"]
    assert out["redirect_uris"] == ["https://app.example.com/oauth/done"]
    connector = out["connector"]
    assert connector["consent_status"] == 302 and connector["location"] == "https://app.example.com/oauth/done"
    assert connector["outcome"]["status"] == "ok" and connector["outcome"]["custom_id"] == "sdk-user"
    assert connector["status"] == "active" and connector["custom_id"] == "sdk-user"
    assert connector["listed"] == [connector["outcome"]["connection_id"]] and connector["token_expires_in"] == 3600
    imports = out["imports"]
    assert imports["has_failures"] is True
    assert imports["first"] == [["gd-dog", "processing", None], ["gd-doc", None, "unsupported_media_type"]]
    assert imports["final"] == [["gd-dog", "ready"], ["gd-doc", None]] and imports["item_count"] == 2
    assert imports["again"] == imports["asset_id"] and imports["again_status"] == "ready"
    assert imports["listed"] == imports["ids"]
    assert imports["source"] == "gd-dog" and imports["filename"] == "dog_run.mp4"
    assert out["after_delete"] == {"connections": 0, "redirect_uris": 0} and out["stores_left"] == 0
