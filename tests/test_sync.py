"""The blocking facade: the async client on a private loop thread, safe from scripts, threads and loops."""

from __future__ import annotations

import asyncio
import gc
import inspect
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs
from twelvelabs_async.emulator import EmulatorThread
from twelvelabs_async.models import StreamEnd, StreamStart, TextGeneration
from twelvelabs_async.sync import SyncCallFromLoopThreadError

MARENGO_PEGASUS = [
    {"model_name": "marengo3.0", "model_options": ["visual", "audio"]},
    {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]},
]


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorThread]:
    with EmulatorThread(speed=0) as emu:
        yield emu


@pytest.fixture
def client(emulator: EmulatorThread) -> Iterator[TwelveLabs]:
    with TwelveLabs("test-key", base_url=emulator.base_url) as c:
        yield c


def _wait_until(condition: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def _portal_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("AnyIO") or "portal" in t.name.lower()]


def test_plain_calls_pages_and_streams(client: TwelveLabs, emulator: EmulatorThread) -> None:
    created = client.indexes.create(index_name="sync-plain", models=MARENGO_PEGASUS)
    index = client.indexes.retrieve(created.id)
    assert index.index_name == "sync-plain"

    emulator.state.seed_videos(created.id, 23)
    pager = client.indexes.videos.list(index_id=created.id, page_limit=10)
    assert pager.first_page().page_info is not None
    names = [video.system_metadata.filename for video in pager if video.system_metadata]
    assert len(names) == 23 and len(set(names)) == 23
    assert [len(page.data) for page in client.indexes.videos.list(index_id=created.id, page_limit=10).pages()] == [
        10,
        10,
        3,
    ]

    video = "https://videos.example.com/dog_park.mp4"
    with client.analyze_stream(video=video, prompt="Describe it [emulator:events=12]") as stream:
        events = list(stream)
    assert isinstance(events[0], StreamStart) and isinstance(events[-1], StreamEnd)
    assert sum(isinstance(e, TextGeneration) for e in events) == 12
    assert stream.text and stream.usage is not None and stream.done and stream.finish_reason == "stop"

    whole = client.analyze(video=video, prompt="Describe it")
    assert whole.data


def test_generate_stream_flag_picks_the_return_type(client: TwelveLabs, emulator: EmulatorThread) -> None:
    index = client.indexes.create(index_name="sync-generate", models=MARENGO_PEGASUS)
    emulator.state.seed_videos(index.id, 1)
    video_id = client.indexes.videos.list(index_id=index.id).first_page().data[0].id
    with pytest.warns(DeprecationWarning) as caught:
        result = client.generate(video_id=video_id, prompt="Title?")
        streamed = client.generate(video_id=video_id, prompt="Title?", stream=True)
    assert result.data
    assert streamed.until_done() == result.data
    assert {w.filename for w in caught} == {__file__}  # each warning points at this caller


def test_sixteen_threads_share_one_loop_and_pool(client: TwelveLabs) -> None:
    index = client.indexes.create(index_name="sync-threads", models=MARENGO_PEGASUS)
    errors: list[BaseException] = []
    loop_threads: set[int | None] = set()

    def work() -> None:
        try:
            for _ in range(5):
                assert client.indexes.retrieve(index.id).id == index.id
            loop_threads.add(client._runner.loop_thread_id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert len(loop_threads) == 1
    assert client.async_client._transport._session is not None  # one session, on the one loop


def test_works_inside_a_running_event_loop(client: TwelveLabs) -> None:
    async def notebook_cell() -> str:
        return client.indexes.create(index_name="sync-in-loop", models=MARENGO_PEGASUS).id

    index_id = asyncio.run(notebook_cell())
    assert client.indexes.retrieve(index_id).index_name == "sync-in-loop"


def test_call_from_the_loop_thread_raises_instead_of_deadlocking(client: TwelveLabs) -> None:
    async def callback_on_loop() -> None:
        client.indexes.list().first_page()

    with pytest.raises(SyncCallFromLoopThreadError, match="own event-loop thread"):
        client._runner.run(callback_on_loop)


def test_close_stops_the_loop_thread_and_refuses_calls(emulator: EmulatorThread) -> None:
    before = set(threading.enumerate())
    c = TwelveLabs("k", base_url=emulator.base_url)
    c.indexes.list().first_page()
    assert len(set(threading.enumerate()) - before) == 1
    c.close()
    c.close()  # idempotent
    assert _wait_until(lambda: not (set(threading.enumerate()) - before))
    with pytest.raises(Exception, match="closed"):
        c.indexes.list().first_page()


def test_a_forgotten_client_is_finalized(emulator: EmulatorThread) -> None:
    before = set(threading.enumerate())
    c = TwelveLabs("k", base_url=emulator.base_url)
    c.indexes.list().first_page()
    del c
    gc.collect()
    assert _wait_until(lambda: not (set(threading.enumerate()) - before))


def test_bad_arguments_fail_before_any_request(client: TwelveLabs, emulator: EmulatorThread) -> None:
    from twelvelabs_async import ArgumentError

    with pytest.raises(ArgumentError, match="page_limit"):
        client.indexes.list(page_limit=51)
    assert not client._runner.started  # pagers validate in the caller's thread, before the loop starts
    before = emulator.state.requests("POST /analyze")
    with pytest.raises(ArgumentError, match="temperature"):
        client.analyze(video_id="v", prompt="p", temperature=2.0)
    assert emulator.state.requests("POST /analyze") == before


def test_sync_methods_mirror_the_async_ones() -> None:
    async_client = AsyncTwelveLabs("k")
    sync_client = TwelveLabs("k")
    try:
        pairs = [(async_client, sync_client)]
        checked = 0
        while pairs:
            a_ns, s_ns = pairs.pop()
            for name, member in inspect.getmembers(type(a_ns), inspect.isfunction):
                if name.startswith("_") or name == "aclose":  # the sync client's is close()
                    continue
                twin = getattr(type(s_ns), name, None)
                assert twin is not None, f"sync client lacks {name}"
                a_params = list(inspect.signature(member).parameters)
                s_params = list(inspect.signature(twin).parameters)
                assert a_params == s_params, name
                assert (twin.__doc__ or "").split("\n")[0] == (member.__doc__ or "").split("\n")[0], name
                checked += 1
            for attr, value in vars(a_ns).items():
                if not attr.startswith("_") and type(value).__name__.startswith("Async"):
                    pairs.append((value, getattr(s_ns, attr)))
        assert checked >= 30
    finally:
        sync_client.close()


_CTRL_C_CHILD = """
import sys, time
from twelvelabs_async import TwelveLabs

client = TwelveLabs("k", base_url=sys.argv[1])
client.indexes.list().first_page()
print("ready", flush=True)
started = time.monotonic()
try:
    client.indexes.retrieve("slow", request_options={"additional_headers": {"X-Emulator-Fault": "latency(60)"}})
    print("finished", flush=True)
except KeyboardInterrupt:
    connector = client.async_client._transport._session.connector
    print("interrupted", round(time.monotonic() - started, 1), len(connector._acquired), flush=True)
    print("still usable", client.indexes.list().first_page().page_info is not None, flush=True)
client.close()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery differs on Windows")
def test_ctrl_c_cancels_the_request_and_releases_the_connection(emulator: EmulatorThread) -> None:
    route = "GET /indexes/{index_id}"
    seen_before = emulator.state.requests(route)
    child = subprocess.Popen(
        [sys.executable, "-c", _CTRL_C_CHILD, emulator.base_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        assert _wait_until(lambda: emulator.state.requests(route) > seen_before, timeout=20)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    lines = out.splitlines()
    assert lines and lines[0].startswith("interrupted"), (out, err)
    _, elapsed, acquired = lines[0].split()
    assert float(elapsed) < 30  # not the 60 s of injected latency
    assert acquired == "0"  # the aborted request gave its connection back
    assert lines[1] == "still usable True"
    assert child.returncode == 0


def test_bulk_upload_and_waiting_helpers_block(client: TwelveLabs, tmp_path: Path) -> None:
    from twelvelabs_async._mp4 import write_sample_mp4

    index = client.indexes.create(index_name="sync-bulk", models=MARENGO_PEGASUS)
    paths = []
    for name in ("dog_park.mp4", "city_traffic.mp4", "beach_sunset.mp4"):
        path = tmp_path / name
        write_sample_mp4(path, duration=8, width=640, height=360)
        paths.append(path)
    events: list[str] = []
    outcomes = client.tasks.upload_many(
        index_id=index.id, files=paths, concurrency=2, wait=False, on_progress=lambda e: events.append(e.kind)
    )
    assert [o.path for o in outcomes] == paths
    assert all(o.ok and o.task_id for o in outcomes)
    assert events  # a plain function works as a progress handler

    statuses: list[str | None] = []
    first = client.tasks.wait_for_done(
        outcomes[0].task_id or "", sleep_interval=0.01, callback=lambda t: statuses.append(t.status)
    )
    assert first.status == "ready" and statuses[-1] == "ready"

    waiter = client.tasks.wait_many([o.task_id or "" for o in outcomes], index_id=index.id, sleep_interval=0.01)
    finished = list(waiter)
    assert sorted(t.id for t in finished) == sorted(o.task_id or "" for o in outcomes)
    assert waiter.requests >= 1
    again = client.tasks.wait_many([o.task_id or "" for o in outcomes], index_id=index.id, sleep_interval=0.01)
    assert [t.id for t in again.wait()] == [o.task_id for o in outcomes]


def test_embed_task_waiting_blocks(client: TwelveLabs) -> None:
    created = client.embed.tasks.create(model_name="marengo3.0", video_url="https://example.com/a.mp4")
    status = client.embed.tasks.wait_for_done(created.id, sleep_interval=0.01)
    assert status.status == "ready"
    task = client.embed.tasks.retrieve(created.id)
    assert task.video_embedding is not None and task.video_embedding.segments


def test_closing_from_another_thread_releases_a_waiting_call(emulator: EmulatorThread) -> None:
    from twelvelabs_async import TwelveLabsError

    c = TwelveLabs("k", base_url=emulator.base_url)
    c.indexes.list().first_page()
    route = "GET /indexes/{index_id}"
    seen_before = emulator.state.requests(route)
    outcome: list[BaseException | str] = []

    def slow_call() -> None:
        try:
            c.indexes.retrieve("slow", request_options={"additional_headers": {"X-Emulator-Fault": "latency(60)"}})
            outcome.append("finished")
        except BaseException as exc:
            outcome.append(exc)

    caller = threading.Thread(target=slow_call)
    caller.start()
    assert _wait_until(lambda: emulator.state.requests(route) > seen_before)
    c.close()
    caller.join(20)
    assert not caller.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], TwelveLabsError), outcome
    assert "closed" in str(outcome[0])
