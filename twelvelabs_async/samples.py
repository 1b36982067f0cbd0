"""Small sample videos for tests, demos and notebooks: structurally valid MP4 or QuickTime files, written in
microseconds, that the API's emulator (and the SDK's upload preflight) read like real ones.

    from twelvelabs_async.samples import write_sample_video

    write_sample_video("dog_park.mp4", duration=12, width=1280, height=720)
    write_sample_video("talk.mov", duration=90)                       # QuickTime, as ffmpeg writes it
    write_sample_video("big.mp4", duration=600, size=3 * 1024**3)     # 3 GiB, sparse where the disk allows

The frames are empty (zero bytes), so the files do not play: they are for exercising uploads, probes, limits and
the emulator, not for a real model.
"""

from __future__ import annotations

import os
from pathlib import Path

from twelvelabs_async._mp4 import write_sample_mp4

__all__ = ["write_sample_video"]


def write_sample_video(
    path: str | os.PathLike[str],
    *,
    duration: float = 10.0,
    width: int = 1280,
    height: int = 720,
    fps: float = 30.0,
    size: int | None = None,
    quicktime: bool | None = None,
) -> Path:
    """Write a sample video and return its path.

    Args:
        path: Where to write it (an existing file is replaced).
        duration: Length in seconds.
        width: Width in pixels.
        height: Height in pixels.
        fps: Frame rate.
        size: Pad the file to exactly this many bytes (sparse where the file system allows), to test size
            limits and large uploads without writing gigabytes.
        quicktime: Write a QuickTime file; by default when ``path`` ends in ``.mov``.

    Raises:
        ValueError: a non-positive duration, size or frame rate, a dimension over 65535, or ``size`` smaller
            than the smallest such file.
    """
    target = Path(path)
    if quicktime is None:
        quicktime = target.suffix.lower() == ".mov"
    write_sample_mp4(target, duration=duration, width=width, height=height, size=size, fps=fps, quicktime=quicktime)
    return target
