"""Sample media for the migration programs, written by the runner before any program starts.

The programs must run with nothing but the official ``twelvelabs`` SDK installed, so they cannot call
``twelvelabs_async.samples``; this module writes the files they read instead, with its own small writers:

- MP4 files that a metadata probe accepts (``ftyp`` + ``moov`` with one video track + ``mdat`` of empty
  samples), of a given duration and size; they do not play.
- A PNG image (a solid-colour picture, zlib-compressed rows).
- A WAV file of silence (16-bit mono PCM).

``write_fixtures(directory)`` writes them all and returns their paths by name; the programs find them through
the ``TWELVELABS_SAMPLES`` environment variable.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

__all__ = ["VIDEOS", "write_fixtures", "write_mp4", "write_png", "write_wav"]

# name -> (duration in seconds, width, height, padded size in bytes or None)
VIDEOS: dict[str, tuple[float, int, int, int | None]] = {
    "dog_park.mp4": (20.0, 1280, 720, None),
    "cat_sofa.mp4": (15.0, 1280, 720, None),
    "beach_walk.mp4": (12.0, 1920, 1080, None),
    "city_night.mp4": (8.0, 640, 360, None),
    "kitchen_talk.mp4": (30.0, 1280, 720, None),
    # Big enough for a multipart upload in chunks of 64 KiB (11 chunks, the last one short).
    "long_hike.mp4": (40.0, 1280, 720, 10 * 65536 + 4321),
}


def _atom(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full_atom(kind: bytes, payload: bytes, version: int = 0, flags: int = 0) -> bytes:
    return _atom(kind, bytes([version]) + flags.to_bytes(3, "big") + payload)


_IDENTITY = struct.pack(">9i", 1 << 16, 0, 0, 0, 1 << 16, 0, 0, 0, 1 << 30)


def _movie_box(seconds: float, width: int, height: int, frames: int, data_offset: int) -> bytes:
    scale = 600  # ticks per second, the QuickTime habit
    ticks = round(seconds * scale)
    per_frame = max(1, ticks // frames)
    movie_header = _full_atom(b"mvhd", struct.pack(">IIII", 0, 0, scale, ticks) + struct.pack(">iH", 1 << 16, 1 << 8)
                              + bytes(10) + _IDENTITY + bytes(24) + struct.pack(">I", 2))
    track_header = _full_atom(b"tkhd", struct.pack(">IIIII", 0, 0, 1, 0, ticks) + bytes(8)
                              + struct.pack(">hhhH", 0, 0, 0, 0) + _IDENTITY
                              + struct.pack(">II", width << 16, height << 16), flags=7)
    media_header = _full_atom(b"mdhd", struct.pack(">IIIIHH", 0, 0, scale, ticks, 0x55C4, 0))
    handler = _full_atom(b"hdlr", bytes(4) + b"vide" + bytes(12) + b"migration video\0")
    sample_entry = _atom(b"avc1", bytes(6) + struct.pack(">H", 1) + bytes(16)
                         + struct.pack(">HHIIIH", width, height, 72 << 16, 72 << 16, 0, 1) + bytes(32)
                         + struct.pack(">Hh", 24, -1)
                         + _atom(b"avcC", bytes([1, 0x42, 0xC0, 0x1E, 0xFF, 0xE0, 0x00])))
    sample_table = _atom(b"stbl", b"".join([
        _full_atom(b"stsd", struct.pack(">I", 1) + sample_entry),
        _full_atom(b"stts", struct.pack(">III", 1, frames, per_frame)),
        _full_atom(b"stsc", struct.pack(">IIII", 1, 1, frames, 1)),
        _full_atom(b"stsz", struct.pack(">II", 1, frames)),
        _full_atom(b"stco", struct.pack(">II", 1, data_offset)),
    ]))
    data_info = _atom(b"dinf", _full_atom(b"dref", struct.pack(">I", 1) + _full_atom(b"url ", b"", flags=1)))
    media_info = _atom(b"minf", _full_atom(b"vmhd", bytes(8), flags=1) + data_info + sample_table)
    track = _atom(b"trak", track_header + _atom(b"mdia", media_header + handler + media_info))
    return _atom(b"moov", movie_header + track)


def write_mp4(path: Path, *, seconds: float, width: int, height: int, size: int | None = None) -> Path:
    """A probe-valid MP4 of ``seconds`` at ``width`` x ``height``; ``size`` pads it to that many bytes."""
    frames = max(1, round(seconds * 25))
    file_type = _atom(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    moov_size = len(_movie_box(seconds, width, height, frames, 0))
    data_offset = len(file_type) + moov_size + 8
    payload = frames if size is None else size - data_offset
    if payload < frames:
        raise ValueError(f"{path.name}: size must be at least {data_offset + frames} bytes")
    body = (file_type + _movie_box(seconds, width, height, frames, data_offset)
            + struct.pack(">I", 8 + payload) + b"mdat" + bytes(payload))
    path.write_bytes(body)
    return path


def write_png(path: Path, *, width: int = 160, height: int = 160, rgb: tuple[int, int, int] = (200, 120, 40)) -> Path:
    """A solid-colour RGB PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\0" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height))
                     + chunk(b"IEND", b""))
    return path


def write_wav(path: Path, *, seconds: float = 6.0, rate: int = 8000) -> Path:
    """Silence as 16-bit mono PCM."""
    data = bytes(2 * round(seconds * rate))
    fmt = struct.pack("<HHIIHH", 1, 1, rate, 2 * rate, 2, 16)
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data)) + b"WAVE"
                     + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data)
    return path


def write_fixtures(directory: Path) -> dict[str, Path]:
    """Write every sample into ``directory`` (created if needed); returns name -> path."""
    directory.mkdir(parents=True, exist_ok=True)
    written = {name: write_mp4(directory / name, seconds=s, width=w, height=h, size=size)
               for name, (s, w, h, size) in VIDEOS.items()}
    written["dog_photo.png"] = write_png(directory / "dog_photo.png")
    written["audio_sample.wav"] = write_wav(directory / "audio_sample.wav")
    return written
