"""The official SDK 1.3.6's ``tasks.create_bulk`` and ``embed.tasks.create_bulk``: one create per input, run
``concurrency`` at a time, the list returned in input order; every input checked before the first request; a
refused input neither printed nor swallowed (``BulkCreateError`` once every input was tried, or its exception in
its place with ``return_exceptions=True``)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from core_testkit import API_KEY, RecordingServer, Reply
from test_wire import validate

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, models
from twelvelabs_async._errors import (
    ArgumentError,
    ArgumentTypeError,
    BulkCreateError,
    PreflightError,
    VideoDurationTooShortError,
)
from twelvelabs_async._mp4 import write_sample_mp4

URLS = ["https://example.com/a.mp4", "https://example.com/b.mp4"]
REFUSED = Reply(400, json={"code": "video_duration_too_short", "message": "The video is too short."})


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "clip one.mp4"
    write_sample_mp4(path, duration=6.0, width=640, height=360)
    return path


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


def _by_input(request: object) -> Reply:
    """Answers by what the request carries, whatever order concurrent creates arrive in."""
    fields = dict(request.fields())  # type: ignore[attr-defined]
    url = fields.get("video_url")
    if url == URLS[0]:
        return REFUSED
    task_id = "t3" if url == URLS[1] else "t1"
    return Reply(json={"_id": task_id, "video_id": task_id.replace("t", "v")})


async def test_tasks_create_bulk_files_then_urls_in_order(
    clip: Path, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(_by_input, _by_input)
    created = await client.tasks.create_bulk(
        index_id="idx1", video_files=[clip], video_urls=URLS[1:], enable_video_stream=False
    )
    assert [(t.id, t.video_id) for t in created] == [("t1", "v1"), ("t3", "v3")]
    assert all(isinstance(t, models.TaskCreated) for t in created)  # 1.3.6's return type
    assert sorted(len(r.files()) for r in server.requests) == [0, 1]
    assert all(("enable_video_stream", "false") in r.fields() for r in server.requests)
    for req in server.requests:
        validate(req)


async def test_a_refused_input_is_neither_printed_nor_swallowed(
    clip: Path, server: RecordingServer, client: AsyncTwelveLabs, capsys: pytest.CaptureFixture[str]
) -> None:
    server.script(_by_input, _by_input, _by_input)
    with pytest.raises(BulkCreateError) as info:
        await client.tasks.create_bulk(index_id="idx1", video_files=[clip], video_urls=URLS)
    assert len(server.requests) == 3  # every input was tried
    error = info.value
    first, refused, third = error.outcomes  # one outcome per input, in input order
    assert (first.id, third.id) == ("t1", "t3")
    assert isinstance(refused, VideoDurationTooShortError) and refused.status_code == 400
    assert [t.id for t in error.created] == ["t1", "t3"]  # what 1.3.6 would have returned
    assert error.errors == [(1, refused)]
    assert "1 of 3 input(s) failed" in str(error) and URLS[0] in str(error) and "too short" in str(error)
    assert error.__cause__ is refused
    assert capsys.readouterr().out == ""  # 1.3.6 prints "Error processing url ..."

    server.script(_by_input, _by_input, _by_input)
    outcomes = await client.tasks.create_bulk(
        index_id="idx1", video_files=[clip], video_urls=URLS, return_exceptions=True
    )
    assert [type(o) for o in outcomes] == [models.TaskCreated, VideoDurationTooShortError, models.TaskCreated]


async def test_create_bulk_runs_concurrency_at_a_time(client: AsyncTwelveLabs) -> None:
    in_flight = peak = 0
    order: list[str] = []

    async def handle(request: web.Request) -> web.Response:
        nonlocal in_flight, peak
        form = await request.post()
        in_flight += 1
        peak = max(peak, in_flight)
        url = str(form["video_url"])
        await asyncio.sleep(0.05 if url.endswith("0.mp4") else 0.01)  # the first answers last
        in_flight -= 1
        order.append(url)
        return web.json_response({"_id": url.rsplit("/", 1)[1].removesuffix(".mp4")})

    app = web.Application()
    app.router.add_post("/v1.3/tasks", handle)
    urls = [f"https://example.com/{n}.mp4" for n in range(7)]
    async with TestServer(app, host="127.0.0.1") as test_server:
        base_url = str(test_server.make_url("/v1.3"))
        async with AsyncTwelveLabs(API_KEY, base_url=base_url, max_retries=0) as other:
            created = await other.tasks.create_bulk(index_id="idx1", video_urls=urls, concurrency=3)
            assert peak == 3
            assert [t.id for t in created] == [str(n) for n in range(7)]  # input order, not answer order
            assert order[0] != urls[0]
            peak = 0
            await other.tasks.create_bulk(index_id="idx1", video_urls=urls[:3], concurrency=1)
            assert peak == 1


@pytest.mark.parametrize("concurrency", [0, -1, 1.5, True])
async def test_a_bad_concurrency_is_refused_before_any_request(
    concurrency: object, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError, match="concurrency"):
        await client.tasks.create_bulk(index_id="idx1", video_urls=URLS, concurrency=concurrency)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="concurrency"):
        await client.embed.tasks.create_bulk(model_name="marengo3.0", videos=[{"video_url": URLS[0]}],
                                             concurrency=concurrency)  # type: ignore[arg-type]
    assert server.requests == []


@pytest.fixture
def clip_bytes(clip: Path) -> bytes:
    return clip.read_bytes()


async def test_one_open_file_given_twice_is_sent_whole_each_time(
    clip_bytes: bytes, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json={"_id": "t1"}), Reply(json={"_id": "t2"}))
    data = clip_bytes
    shared = io.BytesIO(data)
    created = await client.tasks.create_bulk(index_id="idx1", video_files=[shared, shared])
    assert [t.id for t in created] == ["t1", "t2"]
    assert [p.data for r in server.requests for p in r.files()] == [data, data]


@pytest.mark.parametrize(
    ("kwargs", "error", "param"),
    [
        ({}, ArgumentError, "video_files"),
        ({"video_urls": []}, ArgumentError, "video_files"),
        ({"video_urls": URLS[0]}, ArgumentError, "video_urls"),
        ({"video_urls": [URLS[0], 7]}, ArgumentTypeError, "video_url"),
        ({"video_files": ["/no/such/file.mp4"], "video_urls": URLS}, ArgumentError, "video_file"),
    ],
    ids=["nothing", "empty", "one-str", "not-a-str", "missing-file"],
)
async def test_tasks_create_bulk_checks_every_input_first(
    kwargs: dict[str, object], error: type[Exception], param: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(error) as info:
        await client.tasks.create_bulk(index_id="idx1", **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ArgumentError) and info.value.param == param
    assert server.requests == []


async def test_a_file_that_fails_preflight_stops_everything_before_any_request(
    tmp_path: Path, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    short = tmp_path / "short.mp4"
    write_sample_mp4(short, duration=1.0, width=640, height=360)
    with pytest.raises(PreflightError) as info:
        await client.tasks.create_bulk(index_id="idx1", video_urls=URLS, video_files=[short])
    assert info.value.rule == "min_duration"
    assert server.requests == []


async def test_embed_tasks_create_bulk(clip: Path, server: RecordingServer, client: AsyncTwelveLabs) -> None:
    class Video:  # 1.3.6 also reads attributes
        video_url = URLS[1]
        video_clip_length = 4

    def by_input(request: object) -> Reply:
        fields = dict(request.fields())  # type: ignore[attr-defined]
        if fields.get("video_url") == URLS[0]:
            return Reply(json={"_id": "et1"})
        return REFUSED if "video_url" not in fields else Reply(json={"_id": "et3"})

    server.script(by_input, by_input, by_input)
    with pytest.raises(BulkCreateError) as info:
        await client.embed.tasks.create_bulk(
            model_name="marengo3.0",
            videos=[
                {"video_url": URLS[0], "video_start_offset_sec": 0.0, "video_end_offset_sec": 6.0,
                 "video_embedding_scope": ["clip", "video"]},
                {"video_file": clip},
                Video(),
            ],
            concurrency=1,  # in input order on the wire, as 1.3.6 sends them
        )
    assert [t.id for t in info.value.created] == ["et1", "et3"]
    assert [n for n, _ in info.value.errors] == [1] and "clip one.mp4" in str(info.value)
    first, second, third = server.requests
    assert first.fields() == [
        ("model_name", "marengo3.0"),
        ("video_url", URLS[0]),
        ("video_start_offset_sec", "0.0"),
        ("video_end_offset_sec", "6.0"),
        ("video_embedding_scope", "clip"),
        ("video_embedding_scope", "video"),
    ]
    assert [p.filename for p in second.files()] == ["clip one.mp4"]
    assert third.fields() == [("model_name", "marengo3.0"), ("video_url", URLS[1]), ("video_clip_length", "4")]
    for req in server.requests:
        validate(req)


@pytest.mark.parametrize(
    ("videos", "error"),
    [
        ([{"video_url": URLS[0], "video_clip_lenght": 4}], ArgumentError),  # a typo 1.3.6 would ignore
        ([{"video_url": URLS[0], "video_embedding_scope": ["clip"], "video_embedding_scopes": ["video"]}],
         ArgumentError),  # the right key and 1.3.6's docstring spelling: they could disagree
        ([{"video_url": URLS[0], "video_file": b"x"}], ArgumentError),  # exactly one source
        ([{}], ArgumentError),
        ({"video_url": URLS[0]}, ArgumentTypeError),
    ],
    ids=["unknown-key", "both-scope-spellings", "two-sources", "no-source", "one-mapping"],
)
async def test_embed_create_bulk_checks_every_video_first(
    videos: object, error: type[Exception], server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(error):
        await client.embed.tasks.create_bulk(model_name="marengo3.0", videos=[{"video_url": URLS[1]}, *videos]
                                             if isinstance(videos, list) else videos)  # type: ignore[arg-type]
    assert server.requests == []


def test_create_bulk_sync(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(Reply(json={"_id": "t1"}), Reply(json={"_id": "et1"}))
    assert [t.id for t in sync_client.tasks.create_bulk(index_id="idx1", video_urls=URLS[:1])] == ["t1"]
    assert [t.id for t in sync_client.embed.tasks.create_bulk(model_name="marengo3.0",
                                                               videos=[{"video_url": URLS[0]}])] == ["et1"]
    for req in server.requests:
        validate(req)


def test_create_bulk_sync_raises_or_returns_each_outcome(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(_by_input, _by_input)
    with pytest.raises(BulkCreateError) as info:
        sync_client.tasks.create_bulk(index_id="idx1", video_urls=URLS, concurrency=2)
    assert [type(o) for o in info.value.outcomes] == [VideoDurationTooShortError, models.TaskCreated]
    server.script(_by_input, _by_input)
    outcomes = sync_client.tasks.create_bulk(index_id="idx1", video_urls=URLS, return_exceptions=True)
    assert [type(o) for o in outcomes] == [VideoDurationTooShortError, models.TaskCreated]


async def test_embed_create_bulk_reads_the_official_docstrings_scope_spelling(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json={"_id": "et1"}))
    with pytest.warns(UserWarning, match="video_embedding_scope"):
        created = await client.embed.tasks.create_bulk(
            model_name="marengo3.0", videos=[{"video_url": URLS[0], "video_embedding_scopes": ["clip", "video"]}]
        )
    assert [t.id for t in created] == ["et1"]
    assert [v for k, v in server.requests[0].fields() if k == "video_embedding_scope"] == ["clip", "video"]
