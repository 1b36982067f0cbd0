"""Upload preflight: every documented rule refuses the file before a byte is sent, naming file and rule."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from twelvelabs_async import ArgumentError, AsyncTwelveLabs, BadRequestError
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async._preflight import PreflightError, VideoLimits, check_path
from twelvelabs_async.emulator import Emulator


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(speed=0) as emulator:
        yield emulator


def video(tmp_path: Path, name: str = "clip.mp4", **kwargs: object) -> Path:
    path = tmp_path / name
    options: dict[str, object] = {"duration": 10.0, "width": 1280, "height": 720, **kwargs}
    write_sample_mp4(path, **options)  # type: ignore[arg-type]
    return path


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"duration": 3.0}, "min_duration"),
        ({"duration": 7300.0}, "max_duration"),
        ({"width": 640, "height": 352}, "min_resolution"),
        ({"width": 4096, "height": 2304}, "max_resolution"),
        ({"width": 1000, "height": 400}, "aspect_ratio"),
    ],
)
async def test_tasks_create_refuses_before_sending(
    emu: Emulator, tmp_path: Path, kwargs: dict[str, object], rule: str
) -> None:
    path = video(tmp_path, **kwargs)
    index_id = emu.state.create_index("i", [("marengo2.7", ["visual"])])
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        with pytest.raises(PreflightError) as info:
            await client.tasks.create(index_id=index_id, video_file=path)
    assert info.value.rule == rule
    assert isinstance(info.value, ArgumentError)
    assert "clip.mp4" in str(info.value) and rule in str(info.value)
    assert emu.state.requests("POST /tasks") == 0


async def test_missing_file_is_refused_before_sending(emu: Emulator, tmp_path: Path) -> None:
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        with pytest.raises(ArgumentError, match="not found"):
            await client.tasks.create(index_id="x" * 24, video_file=tmp_path / "nope.mp4")
    assert emu.state.requests("POST /tasks") == 0


def test_rules_on_disk(tmp_path: Path) -> None:
    ok = video(tmp_path, "ok.mp4")
    assert check_path(ok) is not None
    # 17:9 and a rounded 16:9 (1920x1088) are within tolerance; portrait 9:16 too
    assert check_path(video(tmp_path, "a.mp4", width=2048, height=1080)) is not None
    assert check_path(video(tmp_path, "b.mp4", width=1920, height=1088)) is not None
    assert check_path(video(tmp_path, "c.mp4", width=720, height=1280)) is not None
    with pytest.raises(PreflightError) as info:
        check_path(tmp_path)
    assert info.value.rule == "regular_file"
    big = video(tmp_path, "big.mp4", size=2 * 1024**3 + 1)  # sparse: costs nothing on disk
    with pytest.raises(PreflightError) as info:
        check_path(big)
    assert info.value.rule == "max_size"


def test_pegasus_caps_duration_at_one_hour(tmp_path: Path) -> None:
    long = video(tmp_path, "long.mp4", duration=5400.0)
    assert check_path(long) is not None
    with pytest.raises(PreflightError, match="Pegasus") as info:
        check_path(long, VideoLimits.for_models(["marengo2.7", "pegasus1.2"]))
    assert info.value.rule == "max_duration"


def test_other_containers_and_unparsable_mp4_go_to_the_server(tmp_path: Path) -> None:
    other = tmp_path / "clip.mkv"
    other.write_bytes(b"\x1a\x45\xdf\xa3" + b"\0" * 100)
    assert check_path(other) is None
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\0\0\0\x10ftypisom" + b"\0" * 50)
    assert check_path(broken) is None


async def test_bytes_and_open_files_are_checked_too(emu: Emulator, tmp_path: Path) -> None:
    data = video(tmp_path, "short.mp4", duration=2.0).read_bytes()
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        with pytest.raises(PreflightError):
            await client.tasks.create(index_id="x" * 24, video_file=data)
        with pytest.raises(PreflightError):
            await client.tasks.create(index_id="x" * 24, video_file=io.BytesIO(data))
        with pytest.raises(PreflightError):
            await client.embed.tasks.create(model_name="Marengo-retrieval-2.7", video_file=data)
    assert emu.state.requests("POST /tasks") == 0


async def test_preflight_false_sends_and_the_server_decides(emu: Emulator, tmp_path: Path) -> None:
    path = video(tmp_path, duration=2.0)
    index_id = emu.state.create_index("i", [("marengo2.7", ["visual"])])
    async with AsyncTwelveLabs(api_key="tlk_test", base_url=emu.base_url) as client:
        with pytest.raises(BadRequestError) as info:
            await client.tasks.create(index_id=index_id, video_file=path, preflight=False)
    assert info.value.code == "video_duration_too_short"
    assert emu.state.requests("POST /tasks") == 1
