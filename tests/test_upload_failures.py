"""Uploads that fail in ways users cannot guess from aiohttp's own words: a file that changes while it is sent, a
server that refuses a file before reading it, and a client whose constructor failed."""

from __future__ import annotations

import asyncio
import os
import socket
import struct
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs
from twelvelabs_async._chunked_upload import UploadProgress
from twelvelabs_async._errors import APIConnectionError, ContentTooLargeError, UploadFileChangedError
from twelvelabs_async._uploads import UploadEvent
from twelvelabs_async.emulator import Emulator
from twelvelabs_async.samples import write_sample_video

KEY = "tlk_upload_failures"
CHUNK = 256 * 1024


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(api_key=KEY, speed=50.0, multipart_chunk_size=CHUNK) as emulator:
        yield emulator


async def test_a_file_that_shrinks_mid_upload_is_named_and_not_retried(emu: Emulator, tmp_path: Path) -> None:
    path = write_sample_video(tmp_path / "growing.mp4", duration=8, size=24 * 1024 * 1024)

    def shrink_after_the_first_bytes(event: UploadEvent) -> None:
        if event.kind == "bytes" and event.bytes_sent > 0 and path.stat().st_size > 1_000_000:
            os.truncate(path, 1_000_000)  # an editor saving over the file, a copy still being written

    async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
        index = await client.indexes.create(index_name="i", models=[{"model_name": "marengo3.0",
                                                                     "model_options": ["visual"]}])
        [outcome] = await client.tasks.upload_many(index_id=index.id, files=[path], wait=False,
                                                   on_progress=shrink_after_the_first_bytes, preflight=False)
    assert isinstance(outcome.error, UploadFileChangedError)
    assert outcome.error.path == str(path) and "shrank while it was being uploaded" in str(outcome.error)
    assert "Can not write request body" not in str(outcome.error)
    assert emu.state.requests("POST /tasks") == 1  # the same wrong bytes are not sent again
    assert emu.state.indexes[index.id].videos == {}


async def test_a_file_that_shrinks_during_a_multipart_upload_is_named(emu: Emulator, tmp_path: Path) -> None:
    path = write_sample_video(tmp_path / "big.mp4", duration=8, size=6 * CHUNK)

    def shrink(progress: UploadProgress) -> None:
        if progress.bytes_sent > 0 and path.stat().st_size > CHUNK:
            os.truncate(path, CHUNK)

    async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
        with pytest.raises(UploadFileChangedError, match=r"big\.mp4 shrank") as info:
            await client.assets.upload(path, multipart_threshold=CHUNK, concurrency=1, on_progress=shrink)
    assert info.value.path == str(path)


async def _refuse_before_reading(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer 413 as soon as the headers are in and reset the connection, as a proxy in front of an API does."""
    await reader.readuntil(b"\r\n\r\n")
    body = b'{"code": "request_too_large", "message": "too big"}'
    writer.write(b"HTTP/1.1 413 Payload Too Large\r\ncontent-type: application/json\r\nconnection: close\r\n"
                 b"content-length: %d\r\n\r\n%s" % (len(body), body))
    await writer.drain()
    sock = writer.get_extra_info("socket")
    if sock is not None:  # a reset, not a polite close: what makes the client's write fail
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.close()


async def test_a_refusal_before_the_body_is_read_says_what_it_may_be(tmp_path: Path) -> None:
    path = write_sample_video(tmp_path / "huge.mp4", duration=8, size=64 * 1024 * 1024)
    server = await asyncio.start_server(_refuse_before_reading, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with AsyncTwelveLabs(api_key=KEY, base_url=f"http://127.0.0.1:{port}/v1.3", max_retries=0) as client:
            with pytest.raises((ContentTooLargeError, APIConnectionError)) as info:
                await client.tasks.create(index_id="i", video_file=path, preflight=False)
    finally:
        server.close()
        await server.wait_closed()
    # Either the 413 was read in time, or the reset came first: then the error says what it may mean instead
    # of aiohttp's "Can not write request body".
    if isinstance(info.value, APIConnectionError):
        assert "may have refused it before reading it" in str(info.value)
        assert "Can not write request body" not in str(info.value)
    else:
        assert info.value.status == 413


@pytest.mark.parametrize("cls", [AsyncTwelveLabs, TwelveLabs])
def test_repr_of_a_client_whose_constructor_failed(cls: type[AsyncTwelveLabs] | type[TwelveLabs]) -> None:
    half_made = cls.__new__(cls)
    assert repr(half_made) == f"{cls.__name__}(<not configured>)"
