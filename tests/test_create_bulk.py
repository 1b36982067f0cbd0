"""The official SDK 1.3.6's ``tasks.create_bulk`` and ``embed.tasks.create_bulk``: one create per input in order,
refused inputs skipped with a warning (not printed), every input checked before the first request."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_testkit import API_KEY, RecordingServer, Reply
from test_wire import validate

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, models
from twelvelabs_async._errors import ArgumentError, ArgumentTypeError, PreflightError
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


async def test_tasks_create_bulk_files_then_urls_skipping_a_refusal(
    clip: Path, server: RecordingServer, client: AsyncTwelveLabs, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(Reply(json={"_id": "t1", "video_id": "v1"}), REFUSED, Reply(json={"_id": "t3", "video_id": "v3"}))
    with caplog.at_level(logging.WARNING, logger="twelvelabs_async"):
        created = await client.tasks.create_bulk(
            index_id="idx1", video_files=[clip], video_urls=URLS, enable_video_stream=False
        )
    assert [(t.id, t.video_id) for t in created] == [("t1", "v1"), ("t3", "v3")]
    assert all(isinstance(t, models.TaskCreated) for t in created)
    first, second, third = server.requests
    assert [p.filename for p in first.files()] == ["clip one.mp4"]
    assert ("video_url", URLS[0]) in second.fields() and ("video_url", URLS[1]) in third.fields()
    assert all(("enable_video_stream", "false") in r.fields() for r in server.requests)
    for req in server.requests:
        validate(req)
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert URLS[0] in record.getMessage() and "too short" in record.getMessage()


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


async def test_embed_tasks_create_bulk(
    clip: Path, server: RecordingServer, client: AsyncTwelveLabs, caplog: pytest.LogCaptureFixture
) -> None:
    class Video:  # 1.3.6 also reads attributes
        video_url = URLS[1]
        video_clip_length = 4

    server.script(Reply(json={"_id": "et1"}), REFUSED, Reply(json={"_id": "et3"}))
    with caplog.at_level(logging.WARNING, logger="twelvelabs_async"):
        created = await client.embed.tasks.create_bulk(
            model_name="marengo3.0",
            videos=[
                {"video_url": URLS[0], "video_start_offset_sec": 0.0, "video_end_offset_sec": 6.0,
                 "video_embedding_scope": ["clip", "video"]},
                {"video_file": clip},
                Video(),
            ],
        )
    assert [t.id for t in created] == ["et1", "et3"]
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
    assert "clip one.mp4" in caplog.text


@pytest.mark.parametrize(
    ("videos", "error"),
    [
        ([{"video_url": URLS[0], "video_embedding_scopes": ["clip"]}], ArgumentError),  # 1.3.6's own typo
        ([{"video_url": URLS[0], "video_file": b"x"}], ArgumentError),  # exactly one source
        ([{}], ArgumentError),
        ({"video_url": URLS[0]}, ArgumentTypeError),
    ],
    ids=["unknown-key", "two-sources", "no-source", "one-mapping"],
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
