"""Bad arguments raise a typed error naming the parameter, before any I/O (the server sees nothing)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from core_testkit import RecordingServer

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._errors import ArgumentError, ArgumentTypeError

MODELS = [{"model_name": "marengo3.0", "model_options": ["visual"]}]
URL = "https://example.com/v.mp4"

Call = Callable[[AsyncTwelveLabs], Any]


def search(**kwargs: Any) -> Call:
    args = {"index_id": "idx1", "search_options": ["visual"], "query_text": "q", **kwargs}
    return lambda c: c.search.create(**args)


def embed_task(**kwargs: Any) -> Call:
    args = {"model_name": "Marengo-retrieval-2.7", "video_url": URL, **kwargs}
    return lambda c: c.embed.tasks.create(**args)


# (id, call, error class, parameter named)
CASES: list[tuple[str, Call, type[ArgumentError], str]] = [
    # required
    ("required index_name", lambda c: c.indexes.create(index_name=None, models=MODELS), ArgumentError, "index_name"),
    ("required models", lambda c: c.indexes.create(index_name="n", models=None), ArgumentError, "models"),
    ("required index_id body", lambda c: c.tasks.create(index_id=None, video_url=URL), ArgumentError, "index_id"),
    ("no video source", lambda c: c.analyze(prompt="p"), ArgumentError, "video"),
    ("two video sources", lambda c: c.analyze(video=URL, video_id="v", prompt="p"), ArgumentError, "video_id"),
    ("prompt and prompt_v_2", lambda c: c.analyze(video=URL, prompt="p", prompt_v_2="q"), ArgumentError,
     "prompt_v_2"),
    ("required video_id", lambda c: c.summarize(video_id=None, type="summary"), ArgumentError, "video_id"),
    ("required search_options", search(search_options=None), ArgumentError, "search_options"),
    ("required path id", lambda c: c.indexes.retrieve(None), ArgumentError, "index_id"),
    # wrong types
    ("str for int", lambda c: c.indexes.list(page_limit="5"), ArgumentTypeError, "page_limit"),
    ("bool for int", lambda c: c.indexes.list(page=True), ArgumentTypeError, "page"),
    ("float for int", lambda c: c.tasks.list(width=1.5), ArgumentTypeError, "width"),
    ("int for bool", lambda c: c.indexes.videos.retrieve("i", "v", transcription=1), ArgumentTypeError,
     "transcription"),
    ("str for bool", lambda c: c.tasks.create(index_id="i", video_url=URL, enable_video_stream="false"),
     ArgumentTypeError, "enable_video_stream"),
    ("str for float", lambda c: c.summarize(video_id="v", type="summary", temperature="0.5"), ArgumentTypeError,
     "temperature"),
    ("bool for float", lambda c: c.analyze(video_id="v", prompt="p", temperature=False), ArgumentTypeError,
     "temperature"),
    ("int for str", lambda c: c.indexes.create(index_name=5, models=MODELS), ArgumentTypeError, "index_name"),
    ("int for path id", lambda c: c.tasks.retrieve(42), ArgumentTypeError, "task_id"),
    ("list of ints", lambda c: c.gist(video_id="v", types=[1]), ArgumentTypeError, "types"),
    ("dict for list", lambda c: c.gist(video_id="v", types={"title": 1}), ArgumentTypeError, "types"),
    ("str for models", lambda c: c.indexes.create(index_name="n", models="marengo2.7"), ArgumentTypeError, "models"),
    ("list for mapping", lambda c: c.indexes.videos.update("i", "v", user_metadata=[1]), ArgumentTypeError,
     "user_metadata"),
    ("int for a file", lambda c: c.tasks.create(index_id="i", video_file=12), ArgumentTypeError, "video_file"),
    # choices
    ("summarize type", lambda c: c.summarize(video_id="v", type="story"), ArgumentError, "type"),
    ("gist types", lambda c: c.gist(video_id="v", types=["title", "summary"]), ArgumentError, "types"),
    ("index model without options", lambda c: c.indexes.create(
        index_name="n", models=[{"model_name": "marengo2.7", "model_options": []}]), ArgumentError, "models"),
    ("index model without a name", lambda c: c.indexes.create(
        index_name="n", models=[{"model_options": ["visual"]}]), ArgumentError, "models"),
    # item counts
    ("no models", lambda c: c.indexes.create(index_name="n", models=[]), ArgumentError, "models"),
    ("three models", lambda c: c.indexes.create(index_name="n", models=MODELS * 3), ArgumentError, "models"),
    ("no gist types", lambda c: c.gist(video_id="v", types=[]), ArgumentError, "types"),
    ("no search options", search(search_options=[]), ArgumentError, "search_options"),
    # ranges
    ("page_limit 0", lambda c: c.indexes.list(page_limit=0), ArgumentError, "page_limit"),
    ("page_limit 51", lambda c: c.tasks.list(page_limit=51), ArgumentError, "page_limit"),
    ("search page_limit 51", search(page_limit=51), ArgumentError, "page_limit"),
    ("page 0", lambda c: c.embed.tasks.list(page=0), ArgumentError, "page"),
    ("temperature -0.1", lambda c: c.analyze(video_id="v", prompt="p", temperature=-0.1), ArgumentError,
     "temperature"),
    ("temperature 1.1", lambda c: c.summarize(video_id="v", type="chapter", temperature=1.1), ArgumentError,
     "temperature"),
    ("temperature nan", lambda c: c.analyze(video_id="v", prompt="p", temperature=float("nan")), ArgumentError,
     "temperature"),
    ("adjust_confidence_level -0.1", search(adjust_confidence_level=-0.1), ArgumentError, "adjust_confidence_level"),
    ("adjust_confidence_level 1.1", search(adjust_confidence_level=1.1), ArgumentError, "adjust_confidence_level"),
    ("video_clip_length 1", embed_task(video_clip_length=1), ArgumentError, "video_clip_length"),
    ("video_clip_length 11", embed_task(video_clip_length=11), ArgumentError, "video_clip_length"),
    ("negative offset", embed_task(video_start_offset_sec=-1, video_end_offset_sec=5), ArgumentError,
     "video_start_offset_sec"),
    ("negative duration filter", lambda c: c.indexes.videos.list("i", duration=-1), ArgumentError, "duration"),
    # route rules
    ("tasks.create neither file nor url", lambda c: c.tasks.create(index_id="i"), ArgumentError, "video_file"),
    ("embed.tasks.create neither", lambda c: c.embed.tasks.create(model_name="m"), ArgumentError, "video_file"),
    ("start without end", embed_task(video_start_offset_sec=2), ArgumentError, "video_end_offset_sec"),
    ("end without start", embed_task(video_end_offset_sec=8), ArgumentError, "video_start_offset_sec"),
    ("end before start", embed_task(video_start_offset_sec=8, video_end_offset_sec=2), ArgumentError,
     "video_end_offset_sec"),
    ("end equal to start", embed_task(video_start_offset_sec=4, video_end_offset_sec=4), ArgumentError,
     "video_end_offset_sec"),
    ("media url without type", search(query_text=None, query_media_url="https://e/q.png"), ArgumentError,
     "query_media_type"),
    ("media file without type", search(query_text=None, query_media_file=b"png"), ArgumentError, "query_media_type"),
    ("media type without media", search(query_media_type="image"), ArgumentError, "query_media_type"),
    ("no query at all", search(query_text=None), ArgumentError, "query_text"),
    ("embed.create with nothing", lambda c: c.embed.create(model_name="m"), ArgumentError, "text"),
    # ids and JSON
    ("empty path id", lambda c: c.indexes.retrieve(""), ArgumentError, "index_id"),
    ("empty second path id", lambda c: c.indexes.videos.delete("i", ""), ArgumentError, "video_id"),
    ("user_metadata not serializable", lambda c: c.tasks.create(index_id="i", video_url=URL,
                                                                user_metadata={"a": object()}),
     ArgumentTypeError, "user_metadata"),
    ("video user_metadata not serializable", lambda c: c.indexes.videos.update("i", "v", user_metadata={"s": {1}}),
     ArgumentTypeError, "user_metadata"),
    ("user_metadata JSON text invalid", lambda c: c.tasks.create(index_id="i", video_url=URL, user_metadata="{a:1}"),
     ArgumentError, "user_metadata"),
    ("filter invalid JSON", search(filter="{not json"), ArgumentError, "filter"),
    ("filter not an object", search(filter="[1, 2]"), ArgumentError, "filter"),
    ("filter not serializable", search(filter={"a": object()}), ArgumentTypeError, "filter"),
    ("bare key clashes with a parameter", lambda c: c.indexes.videos.list("i", user_metadata={"page": 2}),
     ArgumentError, "user_metadata"),
    ("bare key with a list value", lambda c: c.indexes.videos.list("i", user_metadata={"tags": ["a"]}),
     ArgumentTypeError, "user_metadata"),
    # structured values
    ("video not a URL", lambda c: c.analyze(video="clip.mp4", prompt="p"), ArgumentError, "video"),
    ("video without a type", lambda c: c.analyze(video={"url": URL}, prompt="p"), ArgumentError, "video"),
    ("video url missing", lambda c: c.analyze(video={"type": "url"}, prompt="p"), ArgumentError, "video"),
    ("video of the wrong type", lambda c: c.analyze(video=5, prompt="p"), ArgumentTypeError, "video"),
    ("response_format NaN", lambda c: c.analyze(video=URL, response_format={"type": "json_schema", "json_schema": {
        "maximum": float("nan")}}), ArgumentError, "response_format"),
    ("image without a name", lambda c: c.analyze(image=[{"url": URL}], prompt="p"), ArgumentError, "image"),
    ("twenty-one images", lambda c: c.analyze(image=[{"name": f"i{n}", "url": URL} for n in range(21)]),
     ArgumentError, "image"),
    ("window under 4 s", lambda c: c.analyze(video=URL, start_time=10, end_time=12), ArgumentError, "end_time"),
    ("max_tokens 0", lambda c: c.analyze(video=URL, max_tokens=0), ArgumentError, "max_tokens"),
    ("eleven query images", search(query_media_type="image", query_media_urls=[URL] * 11), ArgumentError,
     "query_media_urls"),
    ("transcription options without transcription", search(transcription_options=["lexical"]), ArgumentError,
     "transcription_options"),
    ("range with an unknown bound", lambda c: c.indexes.videos.list("i", duration={"gt": 5}), ArgumentError,
     "duration"),
    ("range upside down", lambda c: c.indexes.videos.list("i", duration=(9, 3)), ArgumentError, "duration"),
    ("range of text", lambda c: c.indexes.videos.list("i", fps={"gte": "30"}), ArgumentTypeError, "fps"),
    ("range NaN", lambda c: c.indexes.videos.list("i", size=(float("nan"), None)), ArgumentError, "size"),
    ("empty range", lambda c: c.indexes.videos.list("i", width={}), ArgumentError, "width"),
    ("summarize type", lambda c: c.summarize(video_id="v", type=7), ArgumentTypeError, "type"),
    ("generate without a prompt", lambda c: c.generate(video_id="v", prompt=None), ArgumentError, "prompt"),
]


async def _run(call: Call, client: AsyncTwelveLabs) -> None:
    result = call(client)
    if inspect.isawaitable(result):
        await result


@pytest.mark.parametrize(("call", "error", "param"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
async def test_rejected_before_any_io(
    call: Call, error: type[ArgumentError], param: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(error) as info:
        await _run(call, client)
    assert info.value.param == param
    assert str(info.value).startswith(f"{param}: ")
    assert info.value.reason
    assert server.requests == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.tasks.create(index_id="i", video_url=URL, video_file=b"v"),
        lambda c: c.embed.tasks.create(model_name="m", video_url=URL, video_file=b"v"),
    ],
    ids=["tasks.create", "embed.tasks.create"],
)
async def test_file_and_url_both_given(call: Call, server: RecordingServer, client: AsyncTwelveLabs) -> None:
    with pytest.raises(ArgumentError) as info:
        await call(client)
    assert info.value.param in ("video_file", "video_url")
    assert "both were given" in info.value.reason
    assert server.requests == []


# --- files ---------------------------------------------------------------------------------------------------------


async def test_missing_file_path(server: RecordingServer, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    missing = tmp_path / "nope.mp4"
    with pytest.raises(ArgumentError) as info:
        await client.tasks.create(index_id="i", video_file=missing)
    assert info.value.param == "video_file"
    assert "not found" in info.value.reason and "nope.mp4" in info.value.reason
    with pytest.raises(ArgumentError):
        await client.embed.create(model_name="m", image_file=str(missing))
    assert server.requests == []


async def test_a_directory_is_not_a_file(server: RecordingServer, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    with pytest.raises(ArgumentError) as info:
        await client.embed.tasks.create(model_name="m", video_file=tmp_path)
    assert info.value.param == "video_file"
    assert server.requests == []


async def test_a_text_mode_file_is_refused(server: RecordingServer, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    path = tmp_path / "q.png"
    path.write_bytes(b"png")
    with path.open("r") as handle, pytest.raises(ArgumentTypeError) as info:
        await client.search.create(
            index_id="i", search_options=["visual"], query_media_type="image", query_media_file=handle
        )
    assert info.value.param == "query_media_file"
    assert "binary" in info.value.reason
    assert server.requests == []


# --- pagers and streams fail when called, not when first used ------------------------------------------------------


@pytest.fixture
def no_io(server: RecordingServer) -> Iterator[None]:
    yield
    assert server.requests == []


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda c: c.indexes.list(page_limit=0), "page_limit"),
        (lambda c: c.tasks.list(status=5), "status"),
        (lambda c: c.indexes.videos.list("", page=1), "index_id"),
        (lambda c: c.embed.tasks.list(started_at=5), "started_at"),
        (lambda c: c.search.query(index_id="i", search_options=["visual"]), "query_text"),
        (lambda c: c.search.query(index_id="i", search_options=["visual"], query_text="q", filter="{"), "filter"),
        (lambda c: c.analyze_stream(video_id="v", prompt="p", temperature=2), "temperature"),
        (lambda c: c.analyze_stream(video_id=None, prompt="p"), "video"),
        (lambda c: c.generate(video_id="v", prompt=None, stream=True), "prompt"),
    ],
    ids=[
        "indexes.list",
        "tasks.list",
        "indexes.videos.list",
        "embed.tasks.list",
        "search.query",
        "search.query filter",
        "analyze_stream",
        "analyze_stream required",
        "generate(stream=True)",
    ],
)
def test_pagers_and_streams_fail_at_call_time(
    call: Call, param: str, client: AsyncTwelveLabs, no_io: None
) -> None:
    with pytest.raises(ArgumentError) as info:
        call(client)  # not awaited, not iterated
    assert info.value.param == param


def test_valid_pager_call_sends_nothing_until_used(
    server: RecordingServer, client: AsyncTwelveLabs, no_io: None
) -> None:
    client.indexes.list(page_limit=50)
    client.search.query(index_id="i", search_options="visual", query_text="q")
    client.analyze_stream(video_id="v", prompt="p")


async def test_boundaries_are_accepted(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    from core_testkit import Reply

    server.script(
        Reply(json={"data": []}),
        Reply(json={"id": "a", "data": "x"}),
        Reply(json={"id": "a", "data": "x"}),
        Reply(json={"_id": "e"}),
        Reply(json={"_id": "e"}),
    )
    await client.indexes.list(page_limit=1)
    await client.analyze(video_id="v", prompt="p", temperature=0)
    await client.analyze(video_id="v", prompt="p", temperature=1)
    await client.embed.tasks.create(model_name="m", video_url=URL, video_clip_length=2)
    await client.embed.tasks.create(model_name="m", video_url=URL, video_clip_length=10.0)
    assert len(server.requests) == 5


async def test_file_name_with_a_line_break(server: RecordingServer, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    video = tmp_path / "a\r\nX-Evil: 1.mp4"
    video.write_bytes(b"data")
    with pytest.raises(ArgumentError) as info:
        await client.tasks.create(index_id="i", video_file=video)
    assert info.value.param == "video_file"
    assert server.requests == []


async def test_file_name_with_a_quote_is_escaped(
    server: RecordingServer, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    from core_testkit import Reply

    video = tmp_path / 'we"ird name.mp4'
    video.write_bytes(b"data")
    server.script(Reply(json={"_id": "t"}))
    await client.tasks.create(index_id="i", video_file=video)
    (part,) = server.requests[0].files()
    assert (part.name, part.filename, part.data) == ("video_file", 'we"ird name.mp4', b"data")


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"timeout_in_seconds": 0}, "timeout_in_seconds"),
        ({"timeout_in_seconds": "5"}, "timeout_in_seconds"),
        ({"timeout": 5}, "unknown key"),
        ({"additional_headers": ["x"]}, "additional_headers"),
        ({"additional_query_parameters": {"a": [1]}}, "additional_query_parameters"),
        ({"additional_body_parameters": {"a": object()}}, "additional_body_parameters"),
    ],
)
async def test_bad_request_options_fail_before_any_request(options: dict, match: str, server: RecordingServer) -> None:
    async with AsyncTwelveLabs("k", base_url=server.base_url) as client:
        with pytest.raises(ArgumentError, match=match):
            await client.indexes.retrieve("idx", request_options=options)  # type: ignore[arg-type]
    assert server.requests == []
