"""Waiting for tasks: backoff, deadline, callbacks, transient errors, and batched polling of many tasks."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from twelvelabs_async import AsyncTwelveLabs, NotFoundError
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async._waiters import Backoff, TaskFailedError, WaitTimeoutError
from twelvelabs_async.emulator import Emulator, ManualClock

FAST = {"sleep_interval": 0.02, "max_interval": 0.05}


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    # speed 10: an indexing task takes 0.15 s (validating, pending, queued, indexing), an embed task 0.1 s.
    async with Emulator(speed=10.0) as emulator:
        yield emulator


def new_task(emu: Emulator, index_id: str, name: str = "clip.mp4") -> str:
    return emu.state.create_task(index_id, filename=name, duration=10.0, width=1280, height=720, fps=30.0,
                                 size=1000, hls=False).id


def test_backoff_grows_to_the_cap_with_bounded_jitter() -> None:
    backoff = Backoff(1.0, 5.0, random.Random(7))
    delays = [backoff.next() for _ in range(8)]
    steps = [1.0, 1.5, 2.25, 3.375, 5.0, 5.0, 5.0, 5.0]
    for delay, step in zip(delays, steps, strict=True):
        assert step * 0.8 <= delay <= step
    backoff.reset()
    assert backoff.next() <= 1.0


async def test_wait_for_done_reports_each_status_once_sync_and_async(emu: Emulator) -> None:
    index_id = emu.state.create_index("i", [("marengo3.0", ["visual"])])
    task_id = new_task(emu, index_id)
    seen: list[str | None] = []
    seen_async: list[str | None] = []

    async def record(task: object) -> None:
        seen_async.append(getattr(task, "status", None))

    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        task = await client.tasks.wait_for_done(task_id, callback=lambda t: seen.append(t.status), **FAST)
        again = await client.tasks.wait_for_done(task_id, callback=record, **FAST)
    assert task.status == "ready" and again.status == "ready"
    assert seen[-1] == "ready" and len(seen) == len(set(seen)) >= 2
    assert seen_async == ["ready"]


async def test_a_failed_task_is_returned_as_the_official_sdk_returns_it(emu: Emulator) -> None:
    index_id = emu.state.create_index("i", [("marengo3.0", ["visual"])])
    task_id = new_task(emu, index_id, "will_fail.mp4")
    seen: list[str | None] = []
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        task = await client.tasks.wait_for_done(task_id, callback=lambda t: seen.append(t.status), **FAST)
    assert task.id == task_id and task.status == "failed"  # code that checks task.status runs
    assert seen[-1] == "failed"


async def test_failed_task_raises_with_the_task_when_asked(emu: Emulator) -> None:
    index_id = emu.state.create_index("i", [("marengo3.0", ["visual"])])
    task_id = new_task(emu, index_id, "will_fail.mp4")
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        with pytest.raises(TaskFailedError) as info:
            await client.tasks.wait_for_done(task_id, raise_on_failure=True, **FAST)
    assert info.value.task.id == task_id and info.value.task.status == "failed"


def test_blocking_wait_for_done_returns_a_failed_task_or_raises_when_asked() -> None:
    from twelvelabs_async import TwelveLabs
    from twelvelabs_async.emulator import EmulatorThread

    with EmulatorThread(speed=10.0) as emu:
        index_id = emu.state.create_index("i", [("marengo3.0", ["visual"])])
        task_id = new_task(emu, index_id, "will_fail.mp4")  # type: ignore[arg-type]
        with TwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
            assert client.tasks.wait_for_done(task_id, **FAST).status == "failed"
            with pytest.raises(TaskFailedError):
                client.tasks.wait_for_done(task_id, raise_on_failure=True, **FAST)


async def test_deadline_raises_with_the_last_task() -> None:
    clock = ManualClock()  # never advanced: the task stays in "validating"
    async with Emulator(speed=1.0, clock=clock) as emu:
        index_id = emu.state.create_index("i", [("marengo3.0", ["visual"])])
        task_id = new_task(emu, index_id)
        async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
            with pytest.raises(WaitTimeoutError) as info:
                await client.tasks.wait_for_done(task_id, timeout=0.2, **FAST)
        polls = emu.state.requests("GET /tasks/{task_id}")
    assert info.value.task.status == "validating"
    assert isinstance(info.value, TimeoutError)
    assert 3 <= polls <= 15  # backoff from 0.02 s to 0.05 s over 0.2 s


async def test_transient_errors_are_retried_and_others_raised() -> None:
    async with Emulator(speed=10.0, faults="GET /tasks/{task_id}:503=0.4,429(0)=0.1", seed=5) as emu:
        index_id = emu.state.create_index("i", [("marengo3.0", ["visual"])])
        task_id = new_task(emu, index_id)
        async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url, max_retries=0) as client:
            task = await client.tasks.wait_for_done(task_id, timeout=10, **FAST)
            assert task.status == "ready"
            outcomes = emu.state.outcomes["GET /tasks/{task_id}"]
            assert outcomes["503"] >= 1
            with pytest.raises(NotFoundError):
                await client.tasks.wait_for_done("0" * 24, **FAST)


async def test_embed_wait_for_done(emu: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    write_sample_mp4(path, duration=10.0, width=1280, height=720)
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        created = await client.embed.tasks.create(model_name="marengo3.0", video_file=path)
        statuses: list[str | None] = []
        done = await client.embed.tasks.wait_for_done(created.id, callback=lambda t: statuses.append(t.status),
                                                      **FAST)
        assert done.status == "ready" and statuses[-1] == "ready"
        failing = tmp_path / "fail.mp4"
        write_sample_mp4(failing, duration=10.0, width=1280, height=720)
        created = await client.embed.tasks.create(model_name="marengo3.0", video_file=failing)
        failed = await client.embed.tasks.wait_for_done(created.id, **FAST)
        assert failed.status == "failed"
        with pytest.raises(TaskFailedError):
            await client.embed.tasks.wait_for_done(created.id, raise_on_failure=True, **FAST)


async def test_wait_many_polls_through_the_list_not_per_task(emu: Emulator) -> None:
    index_id = emu.state.create_index("i", [("marengo3.0", ["visual"])])
    ids = [new_task(emu, index_id, f"clip_{n:03d}.mp4") for n in range(120)]
    ids += [new_task(emu, index_id, f"fail_{n}.mp4") for n in range(3)]
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        waiter = client.tasks.wait_many(ids, index_id=index_id, **FAST)
        tasks = await waiter
    assert [t.id for t in tasks] == ids
    assert [t.status for t in tasks].count("ready") == 120
    assert [t.status for t in tasks].count("failed") == 3
    lists = emu.state.requests("GET /tasks")
    # Tasks finishing between two pages of one round can slip past both listings; those few are fetched one by
    # one (how many depends on timing), and everything else goes through the list.
    singles = emu.state.requests("GET /tasks/{task_id}")
    assert singles <= 12
    assert lists + singles == waiter.requests
    # 123 tasks = 3 pages a round; the rounds needed for 0.15 s at 0.02-0.05 s intervals are few.
    rounds = lists / 3
    assert lists <= 3 * 12 + 6
    assert lists * 20 <= 123 * rounds


async def test_wait_many_without_an_index_lists_the_account_and_iterates_as_tasks_finish(emu: Emulator) -> None:
    first = emu.state.create_index("a", [("marengo3.0", ["visual"])])
    second = emu.state.create_index("b", [("marengo3.0", ["visual"])])
    ids = [new_task(emu, first, "a.mp4"), new_task(emu, second, "b.mp4"), new_task(emu, second, "fail.mp4")]
    changes: list[str] = []
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        finished = [task async for task in client.tasks.wait_many(ids, callback=lambda t: changes.append(t.id),
                                                                  **FAST)]
    assert sorted(t.id for t in finished) == sorted(ids)
    assert emu.state.requests("GET /tasks/{task_id}") == 0  # the account's task list serves, not one GET a task
    assert emu.state.requests("GET /tasks") >= 1
    assert set(changes) == set(ids)


async def test_wait_many_deadline_lists_the_pending_tasks() -> None:
    async with Emulator(speed=1.0, clock=ManualClock()) as emu:
        index_id = emu.state.create_index("i", [("marengo3.0", ["visual"])])
        ids = [new_task(emu, index_id, f"c{n}.mp4") for n in range(3)]
        async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
            with pytest.raises(WaitTimeoutError) as info:
                await client.tasks.wait_many(ids, index_id=index_id, timeout=0.15, **FAST)
    assert sorted(t.id for t in info.value.pending) == sorted(ids)
