"""Analyze tasks and embedding tasks (v2): safe creation, arguments refused before I/O, and waiting.

Creation: one ``Idempotency-Key`` per logical call, the same on every retry of it (so a create whose answer was
lost can be sent again without starting a second task), the caller's own key when given. Waiting runs on the one
engine: statuses reported once each, transient failures retried, failed and canceled tasks raised, the deadline
kept, and many tasks polled through the status-filtered list (one status a request, about N/50 requests a
round) rather than one GET each. The single-task tests script exact answers (a recording server); the many-task
ones run against the emulator, whose lifecycles, listings and injected faults are the real thing's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from core_testkit import API_KEY, DROP, RecordingServer, Reply

from twelvelabs_async import APIConnectionError, AsyncTwelveLabs, NotFoundError, TwelveLabs
from twelvelabs_async.emulator import Emulator, EmulatorThread, ManualClock
from twelvelabs_async.errors import ArgumentError, ArgumentTypeError, TaskFailedError, WaitTimeoutError

VIDEO_URL = "https://videos.example.com/keynote.mp4"
FAST: dict[str, Any] = {"sleep_interval": 0.001, "max_interval": 0.004}
T0 = "2026-05-01T10:00:00Z"
KEY = re.compile(r"[0-9a-f]{32}")


def created(task_id: str = "at1") -> Reply:
    return Reply(202, json={"task_id": task_id, "status": "queued"})


def task(status: str, task_id: str = "at1", **more: Any) -> Reply:
    return Reply(json={"task_id": task_id, "custom_id": None, "status": status, "created_at": T0, **more})


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


# --- safe creation ----------------------------------------------------------------------------------------------


async def test_one_key_per_call_reused_on_the_retry_after_a_lost_answer(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(DROP, created("at1"), created("at2"))
    first = await client.analyze_async.tasks.create(video=VIDEO_URL, prompt="Summarize")
    second = await client.analyze_async.tasks.create(video=VIDEO_URL, prompt="Summarize")
    assert (first.task_id, second.task_id) == ("at1", "at2")
    keys = [r.headers.getall("Idempotency-Key") for r in server.requests]
    assert len(keys) == 3 and all(len(k) == 1 and KEY.fullmatch(k[0]) for k in keys)
    assert keys[0] == keys[1]  # the retry of the call whose answer was lost: the same key, one task
    assert keys[2] != keys[0]  # the next call: a key of its own


async def test_a_server_error_is_retried_with_the_same_key(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(500, json={"error": {"code": "internal", "message": "boom"}}), created())
    await client.analyze_async.tasks.create(video=VIDEO_URL, prompt="p")
    assert len(server.requests) == 2
    assert server.requests[0].headers["Idempotency-Key"] == server.requests[1].headers["Idempotency-Key"]


async def test_the_callers_key_is_sent_as_given_on_every_attempt(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(DROP, created())
    await client.analyze_async.tasks.create(video=VIDEO_URL, prompt="p", idempotency_key="order-7781")
    assert [r.headers["Idempotency-Key"] for r in server.requests] == ["order-7781", "order-7781"]
    assert all(r.json == {"video": {"type": "url", "url": VIDEO_URL}, "prompt": "p"} for r in server.requests)


async def test_a_create_without_a_key_is_not_resent_after_a_lost_answer(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    # The contrast: a batch create has no idempotency key, so a lost answer is not sent again (it could make a
    # second batch); the caller gets the connection error.
    server.script(DROP, Reply(201, json={"batch_id": "b1"}))
    with pytest.raises(APIConnectionError):
        await client.analyze_async.batches.create(
            model_name="pegasus1.5", analysis_mode="general", requests=["a1"], defaults={"prompt": "p"}
        )
    assert len(server.requests) == 1


@pytest.mark.parametrize("custom_id", ["a", "A-z_09", "x" * 64, "job_42-retry"])
async def test_valid_custom_ids_are_sent(custom_id: str, server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(created())
    await client.analyze_async.tasks.create(video=VIDEO_URL, prompt="p", custom_id=custom_id)
    assert server.requests[0].json["custom_id"] == custom_id


@pytest.mark.parametrize(
    ("custom_id", "error"),
    [
        ("", ArgumentError),
        ("x" * 65, ArgumentError),
        ("has space", ArgumentError),
        ("naïve", ArgumentError),
        ("a/b", ArgumentError),
        ("dot.ted", ArgumentError),
        (42, ArgumentTypeError),
    ],
)
async def test_invalid_custom_ids_fail_before_any_request(
    custom_id: Any, error: type[Exception], server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(error) as info:
        await client.analyze_async.tasks.create(video=VIDEO_URL, prompt="p", custom_id=custom_id)
    assert info.value.param == "custom_id"  # type: ignore[attr-defined]
    assert server.requests == []


CreateCall = Callable[[AsyncTwelveLabs], Any]
REFUSED: list[tuple[str, CreateCall, str]] = [
    ("empty key", lambda c: c.analyze_async.tasks.create(video=VIDEO_URL, prompt="p", idempotency_key=""),
     "idempotency_key"),
    ("key with a space", lambda c: c.analyze_async.tasks.create(video=VIDEO_URL, prompt="p",
                                                                 idempotency_key="a b"), "idempotency_key"),
    ("key too long", lambda c: c.analyze_async.tasks.create(video=VIDEO_URL, prompt="p",
                                                             idempotency_key="k" * 256), "idempotency_key"),
    ("no source", lambda c: c.analyze_async.tasks.create(prompt="p"), "video"),
    ("video and images", lambda c: c.analyze_async.tasks.create(
        video=VIDEO_URL, image=[{"name": "a", "url": "https://i.example/a.png"}], prompt="p"), "image"),
    ("no prompt for general", lambda c: c.analyze_async.tasks.create(video=VIDEO_URL), "prompt"),
    ("prompt and prompt_v_2", lambda c: c.analyze_async.tasks.create(video=VIDEO_URL, prompt="p",
                                                                     prompt_v_2="q"), "prompt_v_2"),
    ("prompt for segmentation", lambda c: c.analyze_async.tasks.create(
        video=VIDEO_URL, prompt="p", analysis_mode="time_based_metadata",
        response_format=[{"id": "g", "description": "goal"}]), "prompt"),
    ("segmentation without definitions", lambda c: c.analyze_async.tasks.create(
        video=VIDEO_URL, analysis_mode="time_based_metadata"), "response_format"),
    ("definitions for general analysis", lambda c: c.analyze_async.tasks.create(
        video=VIDEO_URL, prompt="p", response_format=[{"id": "g", "description": "goal"}]), "response_format"),
    ("a definition without its description", lambda c: c.analyze_async.tasks.create(
        video=VIDEO_URL, analysis_mode="time_based_metadata", response_format=[{"id": "g"}]), "response_format"),
    ("21 definitions", lambda c: c.analyze_async.tasks.create(
        video=VIDEO_URL, analysis_mode="time_based_metadata",
        response_format=[{"id": str(n), "description": "d"} for n in range(21)]), "response_format"),
    ("window backwards", lambda c: c.analyze_async.tasks.create(video=VIDEO_URL, prompt="p", start_time=10,
                                                                end_time=5), "end_time"),
    ("segments under 2 s", lambda c: c.analyze_async.tasks.create(
        video=VIDEO_URL, analysis_mode="time_based_metadata", response_format=[{"id": "g", "description": "d"}],
        min_segment_duration=1), "min_segment_duration"),
    ("max segment under min", lambda c: c.analyze_async.tasks.create(
        video=VIDEO_URL, analysis_mode="time_based_metadata", response_format=[{"id": "g", "description": "d"}],
        min_segment_duration=10, max_segment_duration=5), "max_segment_duration"),
    ("max_tokens words", lambda c: c.analyze_async.tasks.create(video=VIDEO_URL, prompt="p", max_tokens="lots"),
     "max_tokens"),
    ("max_tokens zero", lambda c: c.analyze_async.tasks.create(video=VIDEO_URL, prompt="p", max_tokens=0),
     "max_tokens"),
    ("a video path, not a URL", lambda c: c.analyze_async.tasks.create(video="clip.mp4", prompt="p"), "video"),
    ("batch of a URL", lambda c: c.analyze_async.batches.create(
        model_name="pegasus1.5", analysis_mode="general", requests=[VIDEO_URL], defaults={"prompt": "p"}),
     "requests[0]"),
    ("batch of 1,001", lambda c: c.analyze_async.batches.create(
        model_name="pegasus1.5", analysis_mode="general", requests=[f"a{n}" for n in range(1001)],
        defaults={"prompt": "p"}), "requests"),
    ("empty batch", lambda c: c.analyze_async.batches.create(
        model_name="pegasus1.5", analysis_mode="general", requests=[]), "requests"),
    ("batch custom ids twice", lambda c: c.analyze_async.batches.create(
        model_name="pegasus1.5", analysis_mode="general", defaults={"prompt": "p"},
        requests=[{"asset_id": "a1", "custom_id": "x"}, {"asset_id": "a2", "custom_id": "x"}]), "requests"),
    ("batch custom id invalid", lambda c: c.analyze_async.batches.create(
        model_name="pegasus1.5", analysis_mode="general", defaults={"prompt": "p"},
        requests=[{"asset_id": "a1", "custom_id": "no spaces"}]), "requests[0].custom_id"),
    ("a video in the defaults", lambda c: c.analyze_async.batches.create(
        model_name="pegasus1.5", analysis_mode="general", requests=["a1"],
        defaults={"prompt": "p", "video": "a2"}), "defaults"),
    ("embed: text missing", lambda c: c.embed.v_2.create(input_type="text", model_name="marengo3.0"), "text"),
    ("embed: two inputs", lambda c: c.embed.v_2.create(input_type="text", model_name="marengo3.0", text="t",
                                                       video=VIDEO_URL), "video"),
    ("embed: two sources", lambda c: c.embed.v_2.create(
        input_type="image", model_name="marengo3.0", image={"url": VIDEO_URL, "asset_id": "a1"}), "image"),
    ("embed: a path", lambda c: c.embed.v_2.tasks.create(input_type="video", model_name="marengo3.0",
                                                         video="clip.mp4"), "video"),
    ("embed: 11 sources", lambda c: c.embed.v_2.create(
        input_type="multi_input", model_name="marengo3.0",
        multi_input={"media_sources": [{"url": f"https://i.example/{n}.png"} for n in range(11)]}), "multi_input"),
    ("entity without assets", lambda c: c.entity_collections.entities.create("ec1", name="Ann", asset_ids=[]),
     "asset_ids"),
    ("bulk entity without a name", lambda c: c.entity_collections.entities.create_bulk(
        "ec1", entities=[{"asset_ids": ["a1"]}]), "entities[0]"),
    ("update nothing", lambda c: c.entity_collections.update("ec1"), "name"),
]


@pytest.mark.parametrize(("call", "param"), [pytest.param(c[1], c[2], id=c[0]) for c in REFUSED])
async def test_bad_arguments_fail_before_any_request(
    call: CreateCall, param: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError) as info:
        await call(client)
    assert info.value.param == param, info.value
    assert server.requests == []


# --- waiting for one task ---------------------------------------------------------------------------------------


async def test_wait_for_done_reports_each_status_once_and_outlasts_transient_errors(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    unavailable = Reply(503, json={"error": {"code": "unavailable", "message": "try later"}})
    server.script(task("queued"), unavailable, task("processing"), DROP, task("processing"),
                  task("ready", result={"data": "The keynote", "finish_reason": "stop"}))
    seen: list[str | None] = []
    done = await client.analyze_async.tasks.wait_for_done("at1", callback=lambda t: seen.append(t.status), **FAST)
    assert done.status == "ready" and done.result is not None and done.result.data == "The keynote"
    assert seen == ["queued", "processing", "ready"]
    assert {r.raw_path for r in server.requests} == {"/v1.3/analyze/tasks/at1"}


@pytest.mark.parametrize("status", ["failed", "canceled"])
async def test_a_task_that_cannot_become_ready_is_returned_or_raised_when_asked(
    status: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(task("processing"), task(status, error={"message": "the video could not be read"}))
    done = await client.analyze_async.tasks.wait_for_done("at1", **FAST)
    assert done.status == status and done.error is not None
    server.script(task("processing"), task(status, error={"message": "the video could not be read"}))
    with pytest.raises(TaskFailedError) as info:
        await client.analyze_async.tasks.wait_for_done("at1", raise_on_failure=True, **FAST)
    assert info.value.task.status == status and info.value.task.task_id == "at1"
    assert info.value.task.error.message == "the video could not be read"


async def test_the_deadline_raises_with_the_last_state(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(*[task("processing")] * 400)
    with pytest.raises(WaitTimeoutError) as info:
        await client.analyze_async.tasks.wait_for_done("at1", timeout=0.05, sleep_interval=0.005, max_interval=0.01)
    assert info.value.task.status == "processing"
    assert 2 <= len(server.requests) <= 20  # polled on its backoff, not in a tight loop


async def test_an_unknown_task_is_raised_at_once(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(404, json={"error": {"code": "resource_not_exist", "message": "no such task"}}))
    with pytest.raises(NotFoundError):
        await client.analyze_async.tasks.wait_for_done("nope", **FAST)
    assert len(server.requests) == 1


def test_wait_for_done_blocking(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(task("queued"), task("ready"))
    seen: list[str | None] = []
    done = sync_client.analyze_async.tasks.wait_for_done("at1", callback=lambda t: seen.append(t.status), **FAST)
    assert done.status == "ready" and seen == ["queued", "ready"]


# --- waiting for many tasks (against the emulator) -------------------------------------------------------------

EMU_VIDEO = "https://media.test/keynote.mp4?duration=120"


async def create_tasks(client: AsyncTwelveLabs, prompts: list[str]) -> list[str]:
    return [(await client.analyze_async.tasks.create(video=EMU_VIDEO, prompt=p)).task_id for p in prompts]


async def test_wait_many_lists_by_status_instead_of_one_request_a_task() -> None:
    async with Emulator(api_key=API_KEY, speed=20) as emu, AsyncTwelveLabs(API_KEY, base_url=emu.base_url) as client:
        prompts = [f"Summarize [emulator:seconds={1 + n % 4}]" for n in range(117)] + ["x [emulator:fail]"] * 3
        ids = await create_tasks(client, [*prompts, "Summarize [emulator:seconds=100000]"])
        await client.analyze_async.tasks.cancel(ids[-1])
        other = (await client.analyze_async.tasks.create(video=EMU_VIDEO, prompt="somebody else's")).task_id
        emu.state.complete_analyze_task_now(other)
        emu.state.reset_counters()
        rounds = 0
        real_list = client.analyze_async.tasks.list

        def counting_rounds(**kwargs: Any) -> Any:  # a round starts with page 1 of the first active status
            nonlocal rounds
            rounds += kwargs.get("status") == "queued" and kwargs.get("page") == 1
            return real_list(**kwargs)

        client.analyze_async.tasks.list = counting_rounds  # type: ignore[method-assign]
        changes: list[str] = []
        waiter = client.analyze_async.tasks.wait_many(ids, callback=lambda t: changes.append(t.status), **FAST)
        tasks = await waiter
    assert [t.task_id for t in tasks] == ids
    statuses = [t.status for t in tasks]
    assert statuses.count("ready") == 117 and statuses.count("failed") == 3 and statuses.count("canceled") == 1
    assert tasks[0].result is not None and "keynote.mp4 (120 s)" in (tasks[0].result.data or "")
    lists = emu.state.requests("GET /analyze/tasks")
    singles = emu.state.requests("GET /analyze/tasks/{task_id}")
    assert waiter.requests == lists + singles
    # Tasks here finish out of creation order: one that leaves "processing" while its pages are read moves the
    # later ones up a place, and a task at a page's edge can slip past the reader (it is still processing, so no
    # final status lists it either). The waiter retrieves those few alone: at most once per task, never N a round.
    assert singles <= len(ids) // 4
    # About N/50 listings a round per status holding tasks, one per status holding none: never N a round.
    assert rounds >= 1 and lists <= rounds * (2 * -(-len(ids) // 50) + 6)
    assert changes.count("ready") == 117


async def test_wait_many_sees_tasks_that_change_status_while_it_lists_them() -> None:
    # 600 tasks created 1 ms apart (emulator clock), and the clock moves 30 ms with every listing request: tasks
    # go queued -> pending -> processing -> ready while the waiter pages through the statuses. Reading the active
    # statuses in lifecycle order, each to its end before the next, a task that moves on is met again further
    # along (it joins the top of a status not read yet), so none has to be retrieved alone.
    clock = ManualClock()
    async with Emulator(api_key=API_KEY, speed=1.0, clock=clock) as emu, \
            AsyncTwelveLabs(API_KEY, base_url=emu.base_url) as client:
        tasks = client.analyze_async.tasks
        ids = []
        for _ in range(600):
            ids.append((await tasks.create(video=EMU_VIDEO, prompt="Summarize [emulator:seconds=1]")).task_id)
            clock.advance(0.001)
        real_list = tasks.list

        def list_as_time_passes(**kwargs: Any) -> Any:
            clock.advance(0.03)
            return real_list(**kwargs)

        tasks.list = list_as_time_passes  # type: ignore[method-assign]
        emu.state.reset_counters()
        done = await tasks.wait_many(ids, timeout=30, **FAST)
    assert [t.status for t in done] == ["ready"] * 600
    assert emu.state.requests("GET /analyze/tasks/{task_id}") == 0
    assert emu.state.requests("GET /analyze/tasks") < len(ids) // 5


async def test_wait_many_yields_tasks_as_they_finish_and_keeps_the_deadline() -> None:
    async with Emulator(api_key=API_KEY, speed=20) as emu, AsyncTwelveLabs(API_KEY, base_url=emu.base_url) as client:
        quick, stuck = await create_tasks(client, ["Summarize", "Summarize [emulator:seconds=100000]"])
        finished: list[str] = []
        with pytest.raises(WaitTimeoutError) as info:
            async for done in client.analyze_async.tasks.wait_many([quick, stuck], timeout=0.5, **FAST):
                finished.append(done.task_id)
    assert finished == [quick]
    assert [t.task_id for t in info.value.pending] == [stuck]
    assert info.value.pending[0].status == "processing"


def test_wait_many_blocking() -> None:
    with EmulatorThread(api_key=API_KEY, speed=20) as emu, TwelveLabs(API_KEY, base_url=emu.base_url) as client:
        ids = [client.analyze_async.tasks.create(video=EMU_VIDEO, prompt=p).task_id
               for p in ("Summarize", "Summarize [emulator:fail]")]
        waiter = client.analyze_async.tasks.wait_many(ids, **FAST)
        assert sorted((t.task_id, t.status) for t in waiter) == sorted(zip(ids, ["ready", "failed"], strict=True))
        again = client.analyze_async.tasks.wait_many(ids, **FAST).wait()
        assert [t.status for t in again] == ["ready", "failed"]


# --- embedding tasks (v2) ---------------------------------------------------------------------------------------


def embed_task(status: str, **more: Any) -> Reply:
    return Reply(json={"_id": "et1", "status": status, "created_at": T0, **more})


async def test_embed_v2_wait_for_done(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(embed_task("processing"), Reply(502, body=b"bad gateway"),
                  embed_task("ready", data=[{"embedding": [0.5, 0.5], "embedding_scope": "asset"}]))
    seen: list[str | None] = []
    done = await client.embed.v_2.tasks.wait_for_done("et1", callback=lambda t: seen.append(t.status), **FAST)
    assert done.status == "ready" and done.data[0].embedding == [0.5, 0.5]
    assert seen == ["processing", "ready"]
    assert all(r.raw_path == "/v1.3/embed-v2/tasks/et1" for r in server.requests)


async def test_embed_v2_failed_task_is_returned_or_raised_when_asked(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(embed_task("failed", error={"message": "not a video"}))
    assert (await client.embed.v_2.tasks.wait_for_done("et1", **FAST)).status == "failed"
    server.script(embed_task("failed", error={"message": "not a video"}))
    with pytest.raises(TaskFailedError) as info:
        await client.embed.v_2.tasks.wait_for_done("et1", raise_on_failure=True, **FAST)
    assert info.value.task.error.message == "not a video"


def test_embed_v2_wait_for_done_blocking(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(embed_task("processing"), embed_task("ready"))
    assert sync_client.embed.v_2.tasks.wait_for_done("et1", **FAST).status == "ready"


async def test_wait_many_outlasts_transient_errors() -> None:
    # A quarter of the listings answer 503 and a tenth close the connection unanswered (the emulator's faults,
    # reproducible for its seed): each costs a round, never the wait.
    faults = "GET /analyze/tasks:503=0.25,drop_before=0.1; GET /analyze/tasks/{task_id}:503=0.25"
    async with Emulator(api_key=API_KEY, speed=20, faults=faults) as emu, \
            AsyncTwelveLabs(API_KEY, base_url=emu.base_url, max_retries=0) as client:
        ids = await create_tasks(client, [f"Summarize [emulator:seconds={n}]" for n in range(1, 6)])
        tasks = await client.analyze_async.tasks.wait_many(ids, timeout=10, **FAST)
    assert [t.status for t in tasks] == ["ready"] * 5
    failed = emu.state.outcomes["GET /analyze/tasks"]
    assert failed["503"] + failed["drop_before"] >= 1 and failed["200"] >= 1  # some polls failed, the wait did not


async def test_embed_v2_deadline(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(*[embed_task("processing")] * 300)
    with pytest.raises(WaitTimeoutError) as info:
        await client.embed.v_2.tasks.wait_for_done("et1", timeout=0.05, sleep_interval=0.005, max_interval=0.01)
    assert info.value.task.status == "processing"
