"""Minimal pure-Python MP4/MOV reader and writer.

Reading::

    from twelvelabs_async._mp4 import probe_mp4, Mp4Error

    info = probe_mp4("clip.mp4")          # or an open binary file object
    info.duration, info.width, info.height, info.fps

``probe_mp4`` walks the ISO-BMFF box tree with seeks and reads only the few boxes it needs
(``moov/mvhd``, ``trak/tkhd``, ``mdia/hdlr``, ``mdia/mdhd``, ``stbl/stsd``, ``stbl/stts``), so probing a
multi-gigabyte file costs a handful of small reads wherever ``moov`` sits. Anything it cannot make sense of
raises :class:`Mp4Error`.

Writing::

    from twelvelabs_async._mp4 import write_sample_mp4

    write_sample_mp4("dog_park.mp4", duration=12.0, width=1280, height=720)
    write_sample_mp4("big.mp4", duration=60, width=640, height=360, size=1 << 30)  # sparse 1 GiB file

The written file is structurally valid (``ftyp`` + ``moov`` + ``mdat``) but its samples are zero bytes, so it
is fine for metadata probes and upload tests, not for playback.

This module deliberately imports nothing else from ``twelvelabs_async``: the SDK's upload preflight and the
emulator both use it.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["Mp4Error", "Mp4Info", "probe_mp4", "write_sample_mp4"]

# Containers whose children we need to look into; everything else is skipped with a seek.
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}
# A box header claiming more than this many nested levels is a corrupt or hostile file.
_MAX_DEPTH = 8
# Boxes we read into memory are tiny in valid files; refuse absurd sizes instead of allocating them.
_MAX_SMALL_BOX = 1 << 20


class Mp4Error(ValueError):
    """The file is not an MP4/MOV file this reader can understand."""


@dataclass(frozen=True)
class Mp4Info:
    """What a probe found: duration in seconds, display width/height in pixels, frame rate if known."""

    duration: float
    width: int
    height: int
    fps: float | None = None


@dataclass
class _Track:
    handler: bytes = b""
    tkhd_width: int = 0
    tkhd_height: int = 0
    entry_width: int = 0
    entry_height: int = 0
    timescale: int = 0
    media_duration: int = 0
    sample_count: int = 0


def probe_mp4(source: str | os.PathLike[str] | BinaryIO) -> Mp4Info:
    """Return duration, width and height of an MP4/MOV file given by path or seekable binary file object.

    The file object's position is restored afterwards. Raises :class:`Mp4Error` if the file is not a
    readable MP4/MOV with a video track.
    """
    if isinstance(source, (str, os.PathLike)):
        try:
            with open(source, "rb") as fh:
                return _probe(fh)
        except OSError as exc:
            raise Mp4Error(f"cannot open file: {exc}") from exc
    start = source.tell()
    try:
        return _probe(source)
    finally:
        source.seek(start)


def _file_size(fh: BinaryIO) -> int:
    fh.seek(0, os.SEEK_END)
    return fh.tell()


def _read_exact(fh: BinaryIO, n: int) -> bytes:
    data = fh.read(n)
    if len(data) != n:
        raise Mp4Error("unexpected end of file")
    return data


def _boxes(fh: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """List (type, payload_start, payload_end) of the boxes in [start, end) reading only their headers."""
    out: list[tuple[bytes, int, int]] = []
    pos = start
    while pos + 8 <= end:
        fh.seek(pos)
        size, kind = struct.unpack(">I4s", _read_exact(fh, 8))
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", _read_exact(fh, 8))
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise Mp4Error(f"box {kind!r} at offset {pos} has an invalid size")
        out.append((kind, pos + header, pos + size))
        pos += size
    return out


def _small(fh: BinaryIO, start: int, end: int) -> bytes:
    if end - start > _MAX_SMALL_BOX:
        raise Mp4Error("metadata box too large")
    fh.seek(start)
    return _read_exact(fh, end - start)


def _probe(fh: BinaryIO) -> Mp4Info:
    end = _file_size(fh)
    top = _boxes(fh, 0, end)
    kinds = [k for k, _, _ in top]
    if not top or kinds[0] not in (b"ftyp", b"wide", b"free", b"moov", b"mdat", b"skip", b"pnot"):
        raise Mp4Error("not an MP4/MOV file")
    moov = next(((s, e) for k, s, e in top if k == b"moov"), None)
    if moov is None:
        raise Mp4Error("no moov box")
    movie_timescale = 0
    movie_duration = 0
    tracks: list[_Track] = []

    def walk(start: int, stop: int, depth: int, track: _Track | None, parent: bytes) -> None:
        nonlocal movie_timescale, movie_duration
        if depth > _MAX_DEPTH:
            raise Mp4Error("boxes nested too deeply")
        for kind, s, e in _boxes(fh, start, stop):
            if kind == b"mvhd":
                movie_timescale, movie_duration = _parse_mvhd(_small(fh, s, e))
            elif kind == b"trak":
                new = _Track()
                tracks.append(new)
                walk(s, e, depth + 1, new, kind)
            elif track is not None and kind == b"tkhd":
                track.tkhd_width, track.tkhd_height = _parse_tkhd(_small(fh, s, e))
            elif track is not None and kind == b"hdlr" and parent == b"mdia":
                # Only the media handler says what the track is. QuickTime files (ffmpeg's .mov among them) also
                # carry a data handler in minf (`dhlr`/`alis`), which must not overwrite it.
                payload = _small(fh, s, e)
                if len(payload) < 12:
                    raise Mp4Error("hdlr box too short")
                track.handler = payload[8:12]
            elif track is not None and kind == b"mdhd":
                track.timescale, track.media_duration = _parse_mvhd(_small(fh, s, e))
            elif track is not None and kind == b"stsd":
                track.entry_width, track.entry_height = _parse_stsd(fh, s, e)
            elif track is not None and kind == b"stts":
                track.sample_count = _parse_stts(_small(fh, s, e))
            elif kind in _CONTAINERS:
                walk(s, e, depth + 1, track, kind)

    walk(moov[0], moov[1], 0, None, b"moov")
    video = next((t for t in tracks if t.handler == b"vide"), None)
    if video is None:
        raise Mp4Error("no video track")
    width = video.tkhd_width or video.entry_width
    height = video.tkhd_height or video.entry_height
    if width <= 0 or height <= 0:
        raise Mp4Error("video track has no dimensions")
    if movie_timescale > 0 and movie_duration > 0:
        duration = movie_duration / movie_timescale
    elif video.timescale > 0 and video.media_duration > 0:
        # Fragmented files often leave mvhd's duration at zero; the media header may still know it.
        duration = video.media_duration / video.timescale
    else:
        raise Mp4Error("duration unknown")
    fps: float | None = None
    if video.sample_count and video.timescale and video.media_duration:
        fps = round(video.sample_count / (video.media_duration / video.timescale), 3)
    return Mp4Info(duration=duration, width=width, height=height, fps=fps)


def _parse_mvhd(payload: bytes) -> tuple[int, int]:
    """Timescale and duration of an mvhd or mdhd box (same layout for these fields)."""
    if len(payload) < 4:
        raise Mp4Error("header box too short")
    version = payload[0]
    if version == 1:
        if len(payload) < 32:
            raise Mp4Error("header box too short")
        timescale, duration = struct.unpack_from(">IQ", payload, 20)
    else:
        if len(payload) < 20:
            raise Mp4Error("header box too short")
        timescale, duration = struct.unpack_from(">II", payload, 12)
    if version == 0 and duration == 0xFFFFFFFF:
        duration = 0  # "unknown" marker
    return int(timescale), int(duration)


def _parse_tkhd(payload: bytes) -> tuple[int, int]:
    version = payload[0] if payload else 0
    # Fixed part: version/flags, times, track id, reserved, duration, then 52 bytes before width/height.
    offset = (4 + 8 + 8 + 4 + 4 + 8) if version == 1 else (4 + 4 + 4 + 4 + 4 + 4)
    offset += 8 + 2 + 2 + 2 + 2 + 36
    if len(payload) < offset + 8:
        raise Mp4Error("tkhd box too short")
    w_fixed, h_fixed = struct.unpack_from(">II", payload, offset)
    return w_fixed >> 16, h_fixed >> 16


def _parse_stsd(fh: BinaryIO, start: int, end: int) -> tuple[int, int]:
    # version/flags + entry count, then sample entries; visual entries keep width/height at offset 24.
    entries = _boxes(fh, start + 8, end)
    for _kind, s, e in entries:
        if e - s >= 28:
            fh.seek(s + 24)
            w, h = struct.unpack(">HH", _read_exact(fh, 4))
            return int(w), int(h)
    return 0, 0


def _parse_stts(payload: bytes) -> int:
    if len(payload) < 8:
        raise Mp4Error("stts box too short")
    (count,) = struct.unpack_from(">I", payload, 4)
    if len(payload) < 8 + count * 8:
        raise Mp4Error("stts box truncated")
    return sum(struct.unpack_from(">I", payload, 8 + i * 8)[0] for i in range(count))


# --- writer -----------------------------------------------------------------------------------------------


def _box(kind: bytes, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _full(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags), *parts)


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def _moov(duration: float, width: int, height: int, fps: float, chunk_offset: int, quicktime: bool) -> bytes:
    timescale = 1000
    dur = round(duration * timescale)
    samples = max(1, round(duration * fps))
    delta = max(1, dur // samples)
    mvhd = _full(
        b"mvhd", 0, 0,
        struct.pack(">IIII", 0, 0, timescale, dur),
        struct.pack(">IH", 0x10000, 0x100), b"\0" * 10, _MATRIX, b"\0" * 24, struct.pack(">I", 2),
    )
    tkhd = _full(
        b"tkhd", 0, 3,
        struct.pack(">IIIII", 0, 0, 1, 0, dur), b"\0" * 8,
        struct.pack(">hhhH", 0, 0, 0, 0), _MATRIX, struct.pack(">II", width << 16, height << 16),
    )
    mdhd = _full(b"mdhd", 0, 0, struct.pack(">IIIIHH", 0, 0, timescale, dur, 0x55C4, 0))
    # QuickTime names the handler's component type (`mhlr`) where ISO-BMFF has zero, and adds a data handler in
    # minf, as ffmpeg writes .mov files.
    hdlr = _full(b"hdlr", 0, 0, b"mhlr" if quicktime else b"\0" * 4, b"vide", b"\0" * 12, b"VideoHandler\0")
    data_hdlr = _full(b"hdlr", 0, 0, b"dhlr", b"alis", b"\0" * 12, b"DataHandler\0") if quicktime else b""
    avcc = _box(b"avcC", bytes([1, 0x42, 0xC0, 0x1E, 0xFF, 0xE0, 0x00]))
    avc1 = _box(
        b"avc1",
        b"\0" * 6, struct.pack(">H", 1), b"\0" * 16,
        struct.pack(">HHIIIH", width, height, 0x480000, 0x480000, 0, 1), b"\0" * 32,
        struct.pack(">Hh", 0x18, -1), avcc,
    )
    stsd = _full(b"stsd", 0, 0, struct.pack(">I", 1), avc1)
    stts = _full(b"stts", 0, 0, struct.pack(">III", 1, samples, delta))
    stsc = _full(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, samples, 1))
    stsz = _full(b"stsz", 0, 0, struct.pack(">II", 1, samples))
    stco = _full(b"stco", 0, 0, struct.pack(">II", 1, chunk_offset))
    stbl = _box(b"stbl", stsd, stts, stsc, stsz, stco)
    vmhd = _full(b"vmhd", 0, 1, b"\0" * 8)
    dinf = _box(b"dinf", _full(b"dref", 0, 0, struct.pack(">I", 1), _full(b"url ", 0, 1)))
    minf = _box(b"minf", vmhd, data_hdlr, dinf, stbl)
    mdia = _box(b"mdia", mdhd, hdlr, minf)
    trak = _box(b"trak", tkhd, mdia)
    return _box(b"moov", mvhd, trak)


def write_sample_mp4(
    path: str | os.PathLike[str],
    *,
    duration: float,
    width: int,
    height: int,
    size: int | None = None,
    fps: float = 30.0,
    quicktime: bool = False,
) -> int:
    """Write a small structurally valid MP4 and return its size in bytes.

    ``size`` pads the ``mdat`` box so the file is exactly that many bytes; the padding is a sparse hole on
    file systems that support it, so multi-gigabyte test files are cheap. ``quicktime`` writes a QuickTime
    (.mov) file as ffmpeg does (``qt`` brand, a data handler in ``minf``). Raises ``ValueError`` if ``size`` is
    smaller than the minimal file.
    """
    if duration <= 0 or width <= 0 or height <= 0 or fps <= 0:
        raise ValueError("duration, width, height and fps must be positive")
    if width > 0xFFFF or height > 0xFFFF:
        raise ValueError("width and height must fit in 16 bits")
    if quicktime:
        ftyp = _box(b"ftyp", b"qt  ", struct.pack(">I", 0x200), b"qt  ")
    else:
        ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isomiso2avc1mp41")
    samples = max(1, round(duration * fps))
    moov_len = len(_moov(duration, width, height, fps, 0, quicktime))
    payload = samples  # one byte per sample, as stsz declares
    header = 8
    minimum = len(ftyp) + moov_len + header + payload
    total = minimum if size is None else size
    if total < minimum:
        raise ValueError(f"size must be at least {minimum} bytes")
    payload = total - len(ftyp) - moov_len - header
    if payload + header > 0xFFFFFFFF:
        header = 16
        payload -= 8
    moov = _moov(duration, width, height, fps, len(ftyp) + moov_len + header, quicktime)
    if header == 16:
        mdat_header = struct.pack(">I4sQ", 1, b"mdat", payload + 16)
    else:
        mdat_header = struct.pack(">I4s", payload + 8, b"mdat")
    with open(path, "wb") as fh:
        fh.write(ftyp + moov + mdat_header)
        fh.truncate(total)
    return total
