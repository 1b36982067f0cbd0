"""The emulator against hostile clients: each bad request is a 400 with bounded work, never a 500, and a
connection that holds a slot without asking anything is closed."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import aiohttp
import pytest
from emulator_helpers import HEADERS, create_index

from twelvelabs_async.emulator import Emulator
from twelvelabs_async.emulator.uploads import MAX_FORM_PARTS
from twelvelabs_async.samples import write_sample_video

BOUNDARY = b"XX"
MULTIPART = {"content-type": "multipart/form-data; boundary=XX"}


def text_part(name: str, value: str) -> bytes:
    return b"--XX\r\nContent-Disposition: form-data; name=\"" + name.encode() + b"\"\r\n\r\n" + value.encode() + b"\r\n"


def file_part(name: str, filename: bytes, data: bytes) -> bytes:
    return (b"--XX\r\nContent-Disposition: form-data; name=\"" + name.encode() + b"\"; filename=\"" + filename
            + b"\"\r\nContent-Type: video/mp4\r\n\r\n" + data + b"\r\n")


@pytest.mark.parametrize(("path", "fields", "file_field"), [
    ("/tasks", {"index_id": None}, "video_file"),
    ("/assets", {"method": "direct"}, "file"),
])
async def test_a_nul_in_a_file_name_is_a_400(
    emulator: Emulator, http: aiohttp.ClientSession, tmp_path: Path, path: str, fields: dict[str, str | None],
    file_field: str, caplog: pytest.LogCaptureFixture,
) -> None:
    index_id = await create_index(http, emulator.base_url)
    clip = write_sample_video(tmp_path / "a.mp4", duration=6).read_bytes()
    body = b"".join(text_part(k, v or index_id) for k, v in fields.items())
    body += file_part(file_field, b"a\x00b.mp4", clip) + b"--XX--\r\n"
    with caplog.at_level(logging.ERROR):
        async with http.post(emulator.base_url + path, data=body, headers=MULTIPART) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == "parameter_invalid"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # refused, not crashed


@pytest.mark.parametrize(("path", "enveloped"), [("/indexes", False), ("/embed-v2", True)])
async def test_a_body_nested_100000_deep_is_a_400(
    emulator: Emulator, http: aiohttp.ClientSession, path: str, enveloped: bool
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    async with http.post(emulator.base_url + path, data=deep, headers={"content-type": "application/json"}) as resp:
        assert resp.status == 400
        body = await resp.json()
    error = body["error"] if enveloped else body
    assert error["code"] == "parameter_invalid" and "nests too deeply" in error["message"]


async def test_a_form_of_100000_fields_is_refused_after_the_limit(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    index_id = await create_index(http, emulator.base_url)
    body = text_part("index_id", index_id) + b"".join(text_part(f"f{n}", "x") for n in range(100_000)) + b"--XX--\r\n"
    async with http.post(emulator.base_url + "/tasks", data=body, headers=MULTIPART) as resp:
        assert resp.status == 400
        assert f"more than {MAX_FORM_PARTS} fields" in (await resp.json())["message"]
    assert emulator.state.tasks == {}


async def _closed_by_server(reader: asyncio.StreamReader, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            data = await asyncio.wait_for(reader.read(1024), timeout=0.2)
        except asyncio.TimeoutError:
            continue
        except ConnectionError:
            return True
        if data == b"":
            return True
    return False


async def test_a_connection_that_never_finishes_its_headers_is_closed() -> None:
    async with Emulator(speed=0, idle_connection_timeout=0.3) as emu:
        host, port = emu.root_url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            writer.write(b"GET /v1.3/indexes HTTP/1.1\r\nHost: x\r\nx-api-key: k\r\n")  # no blank line: never ends
            await writer.drain()
            assert await _closed_by_server(reader, time.monotonic() + 10)
        finally:
            writer.close()


async def test_the_storage_server_closes_half_open_connections_too() -> None:
    async with Emulator(speed=0, idle_connection_timeout=0.3) as emu:
        host, port = emu.storage_url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            writer.write(b"PUT /bucket/x HTTP/1.1\r\n")
            await writer.drain()
            assert await _closed_by_server(reader, time.monotonic() + 10)
        finally:
            writer.close()


async def test_a_slow_stream_is_not_an_idle_connection() -> None:
    # Eight events 0.15 s apart take longer than the idle timeout: a response being written is work in progress.
    body = {"video": {"type": "url", "url": "https://x.test/dog.mp4?duration=30"}, "model_name": "pegasus1.5",
            "prompt": "Describe [emulator:events=8]", "stream": True}
    async with Emulator(speed=0, idle_connection_timeout=0.3, stream_delay=0.15) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http, http.post(emu.base_url + "/analyze", json=body) as resp:
        assert resp.status == 200
        lines = [line async for line in resp.content if line.strip()]
    assert b"stream_end" in lines[-1] and len(lines) >= 10


async def test_a_kept_alive_connection_is_closed_when_idle_and_clients_reconnect() -> None:
    async with Emulator(speed=0, idle_connection_timeout=0.2) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        async with http.get(emu.base_url + "/indexes") as resp:
            assert resp.status == 200
        runner = emu._runner
        assert runner is not None and runner.server is not None
        deadline = time.monotonic() + 10
        while runner.server.connections and time.monotonic() < deadline:  # noqa: ASYNC110 - no event to wait on
            await asyncio.sleep(0.05)
        assert not runner.server.connections  # the server let go of the idle keep-alive
        async with http.get(emu.base_url + "/indexes") as resp:  # and the client simply connects again
            assert resp.status == 200


def test_the_idle_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError, match="idle_connection_timeout"):
        Emulator(idle_connection_timeout=0)
