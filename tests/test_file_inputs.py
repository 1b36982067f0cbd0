"""File inputs as the official SDK's ``core.File`` (issue 15): ``(filename, content)``, ``(filename, content,
content_type)`` and ``(filename, content, content_type, headers)`` tuples of bytes or a binary file; content
without a name is named for its field and its first bytes (``video.mp4``, ``image.png``, ``upload.bin``)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from core_testkit import RecordingServer, Reply

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._errors import ArgumentError, ArgumentTypeError
from twelvelabs_async._files import default_filename, file_source
from twelvelabs_async._mp4 import write_sample_mp4

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
MP4 = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 32
MOV = b"\x00\x00\x00\x14ftypqt  " + b"\x00" * 32
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32
MP3 = b"ID3\x04" + b"\x00" * 32
TASK = {"_id": "t1", "video_id": "v1"}


@pytest.fixture
async def client(server: RecordingServer) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs("k", base_url=server.base_url, max_retries=0) as c:
        yield c


@pytest.mark.parametrize(
    ("param", "content", "name", "content_type"),
    [
        ("video_file", MP4, "video.mp4", "video/mp4"),
        ("video_file", MOV, "video.mov", "video/quicktime"),
        ("video_file", b"not a known kind", "video.mp4", "video/mp4"),  # a video field: an MP4 unless told
        ("query_media_file", PNG, "image.png", "image/png"),
        ("query_media_files[1]", JPEG, "image.jpg", "image/jpeg"),
        ("image_file", JPEG, "image.jpg", "image/jpeg"),
        ("audio_file", WAV, "audio.wav", "audio/wav"),
        ("audio_file", MP3, "audio.mp3", "audio/mpeg"),
        ("file", MP4, "upload.mp4", "video/mp4"),
        ("file", b"\x00\x01\x02", "upload.bin", "application/octet-stream"),
        ("files['query_media_file']", PNG, "image.png", "image/png"),  # the escape hatch's parts
    ],
)
def test_bytes_are_named_for_their_field_and_content(param: str, content: bytes, name: str, content_type: str) -> None:
    source = file_source(param, content)
    assert (source.filename, source.content_type, source.data) == (name, content_type, content)
    assert default_filename(param, content[:16]) == name


def test_an_unnamed_file_object_is_named_by_its_first_bytes_and_left_where_it_was() -> None:
    buffer = io.BytesIO(b"prefix" + MP4)
    buffer.seek(6)
    source = file_source("video_file", buffer)
    assert (source.filename, source.content_type, source.size) == ("video.mp4", "video/mp4", len(MP4))
    assert buffer.tell() == 6  # sniffing did not move it
    assert source.open().read() == MP4


def test_the_official_tuples() -> None:
    two = file_source("video_file", ("clip.mp4", MP4))
    assert (two.filename, two.content_type, two.data) == ("clip.mp4", "video/mp4", MP4)
    with_file = file_source("video_file", ("clip.mov", io.BytesIO(MOV)))
    assert (with_file.filename, with_file.content_type) == ("clip.mov", "video/quicktime")
    three = file_source("video_file", ("clip.bin", MP4, "video/mp4"))
    assert (three.filename, three.content_type) == ("clip.bin", "video/mp4")
    four = file_source("video_file", ("clip.mp4", MP4, None, {"X-Trace": "t1"}))
    assert (four.content_type, four.headers) == ("video/mp4", (("X-Trace", "t1"),))
    # As httpx does: a Content-Type among the headers wins over the third item.
    typed = file_source("video_file", ("clip", MP4, "application/octet-stream", {"content-type": "video/mp4"}))
    assert (typed.content_type, typed.headers) == ("video/mp4", ())
    unnamed = file_source("query_media_file", (None, PNG))
    assert (unnamed.filename, unnamed.content_type) == ("image.png", "image/png")


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (("a.mp4", MP4, None, {}, "extra"), ArgumentTypeError, "filename, content"),
        (("a.mp4", MP4, None, ["X-A", "b"]), ArgumentTypeError, "mapping"),
        (("a.mp4", MP4, None, {"X-A": 1}), ArgumentTypeError, "str to str"),
        (("a.mp4", MP4, None, {"Content-Disposition": "form-data"}), ArgumentError, "cannot be set"),
        (("a.mp4", MP4, None, {"X-A": "b\r\nX-Forged: 1"}), ArgumentError, "control character"),
        (("a.mp4", MP4, None, {"Bad Name": "b"}), ArgumentError, "invalid header name"),
        (("a.mp4", "/path/to/a.mp4"), ArgumentTypeError, "a path goes alone"),
    ],
)
def test_bad_tuples_are_refused_before_any_request(value: tuple[object, ...], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        file_source("video_file", value)


async def test_a_four_tuple_sends_its_headers_on_the_part(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json=TASK), Reply(json=TASK))
    await client.tasks.create(index_id="i1", video_file=("clip.mp4", MP4, "video/mp4", {"X-Trace": "t1"}),
                              preflight=False)
    (part,) = server.requests[0].files()
    assert (part.name, part.filename, part.content_type, part.data) == ("video_file", "clip.mp4", "video/mp4", MP4)
    assert b"X-Trace: t1\r\n" in server.requests[0].body
    await client.tasks.create(index_id="i1", video_file=("clip.mp4", io.BytesIO(MP4), None, {"X-Trace": "t2"}),
                              preflight=False)
    (part,) = server.requests[1].files()
    assert (part.filename, part.content_type, part.data) == ("clip.mp4", "video/mp4", MP4)
    assert b"X-Trace: t2\r\n" in server.requests[1].body


async def test_bytes_keep_a_name_on_the_wire(server: RecordingServer, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    write_sample_mp4(video, duration=5, width=640, height=360)
    server.script(Reply(json=TASK), Reply(json=TASK))
    await client.tasks.create(index_id="i1", video_file=video.read_bytes())
    await client.tasks.create(index_id="i1", video_file=("walk.mp4", video.read_bytes()))
    names = [(p.filename, p.content_type) for r in server.requests for p in r.files()]
    assert names == [("video.mp4", "video/mp4"), ("walk.mp4", "video/mp4")]
