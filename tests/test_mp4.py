"""The pure-Python MP4 reader and writer."""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twelvelabs_async._mp4 import Mp4Error, Mp4Info, probe_mp4, write_sample_mp4


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "a.mp4"
    size = write_sample_mp4(path, duration=12.5, width=1280, height=720)
    assert size == path.stat().st_size
    assert probe_mp4(path) == Mp4Info(duration=12.5, width=1280, height=720, fps=30.0)


def test_padding_to_size_is_sparse_and_probe_reads_little(tmp_path: Path) -> None:
    path = tmp_path / "big.mp4"
    write_sample_mp4(path, duration=60, width=640, height=480, size=3 * 1024**3)
    assert path.stat().st_size == 3 * 1024**3
    info = probe_mp4(path)
    assert (info.duration, info.width, info.height) == (60.0, 640, 480)


def test_size_over_4gib_uses_largesize_mdat(tmp_path: Path) -> None:
    path = tmp_path / "huge.mp4"
    write_sample_mp4(path, duration=5, width=640, height=360, size=5 * 1024**3)
    assert probe_mp4(path).duration == 5.0


def test_file_object_position_is_restored(tmp_path: Path) -> None:
    path = tmp_path / "a.mp4"
    write_sample_mp4(path, duration=4, width=360, height=360)
    data = io.BytesIO(path.read_bytes())
    data.seek(3)
    assert probe_mp4(data).width == 360
    assert data.tell() == 3


def test_moov_after_mdat(tmp_path: Path) -> None:
    src = tmp_path / "a.mp4"
    write_sample_mp4(src, duration=8, width=1920, height=1080)
    raw = src.read_bytes()
    # Rebuild as ftyp + mdat + moov (the layout cameras write); stco offsets do not matter to the probe.
    boxes = {}
    pos = 0
    while pos < len(raw):
        size, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        boxes[kind] = raw[pos:pos + size]
        pos += size
    moved = tmp_path / "b.mov"
    moved.write_bytes(boxes[b"ftyp"] + boxes[b"mdat"] + boxes[b"moov"])
    assert probe_mp4(moved) == Mp4Info(8.0, 1920, 1080, 30.0)


@pytest.mark.parametrize("payload", [b"", b"not a video at all", b"\x00\x00\x00\x08ftyp", os.urandom(64)])
def test_garbage_raises(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "x.mp4"
    path.write_bytes(payload)
    with pytest.raises(Mp4Error):
        probe_mp4(path)


def test_truncated_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "a.mp4"
    write_sample_mp4(path, duration=8, width=640, height=480)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(Mp4Error):
        probe_mp4(path)


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(Mp4Error):
        probe_mp4(tmp_path / "nope.mp4")


def test_writer_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_sample_mp4(tmp_path / "a.mp4", duration=0, width=10, height=10)
    with pytest.raises(ValueError):
        write_sample_mp4(tmp_path / "a.mp4", duration=5, width=640, height=480, size=10)


@settings(max_examples=40, deadline=None)
@given(duration=st.floats(min_value=0.1, max_value=20_000, allow_nan=False),
       width=st.integers(1, 8000), height=st.integers(1, 8000))
def test_round_trip_property(tmp_path_factory: pytest.TempPathFactory, duration: float, width: int,
                             height: int) -> None:
    path = tmp_path_factory.mktemp("p") / "v.mp4"
    write_sample_mp4(path, duration=duration, width=width, height=height, fps=5)
    info = probe_mp4(path)
    assert (info.width, info.height) == (width, height)
    assert info.duration == pytest.approx(round(duration * 1000) / 1000, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(data: bytes) -> None:
    # Anything but a clean Mp4Error (struct.error, IndexError, MemoryError...) fails the test.
    try:
        info = probe_mp4(io.BytesIO(data))
    except Mp4Error:
        return
    assert info.width > 0 and info.height > 0 and info.duration > 0


def test_quicktime_files_as_ffmpeg_writes_them(tmp_path: Path) -> None:
    # A .mov keeps a data handler (`dhlr`/`alis`) in minf after the media handler (`mhlr`/`vide`) in mdia: the
    # probe must take the track's kind from mdia alone, or every QuickTime file has "no video track".
    path = tmp_path / "clip.mov"
    write_sample_mp4(path, duration=7.5, width=1920, height=1080, quicktime=True)
    data = path.read_bytes()
    assert data[8:12] == b"qt  " and b"dhlr" in data and b"alis" in data
    assert data.index(b"mhlr") < data.index(b"dhlr")  # the data handler comes last, as in ffmpeg's files
    info = probe_mp4(path)
    assert (info.duration, info.width, info.height) == (7.5, 1920, 1080)


def test_the_public_sample_writer(tmp_path: Path) -> None:
    from twelvelabs_async.samples import write_sample_video

    mp4 = write_sample_video(tmp_path / "a.mp4", duration=3, width=640, height=360)
    mov = write_sample_video(tmp_path / "b.MOV")
    assert mp4 == tmp_path / "a.mp4" and mp4.read_bytes()[8:12] == b"isom"
    assert mov.read_bytes()[8:12] == b"qt  "  # QuickTime chosen by the suffix
    assert probe_mp4(mov) == probe_mp4(write_sample_video(tmp_path / "c.mp4"))  # same defaults, either container
    sized = write_sample_video(tmp_path / "d.mp4", size=5_000_000, quicktime=True)
    assert sized.stat().st_size == 5_000_000 and sized.read_bytes()[8:12] == b"qt  "
    with pytest.raises(ValueError):
        write_sample_video(tmp_path / "e.mp4", duration=0)
