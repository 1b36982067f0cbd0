"""Deterministic embedding vectors and video segments.

:func:`vector` maps any input description to a unit-length 1024-dimension vector seeded by its hash, so the
same input always gives the same vector (and different inputs give nearly orthogonal ones).
:func:`video_segments` cuts ``[start, end]`` into clips of ``clip_length`` seconds, dropping a final clip
shorter than 2 s, and emits one segment per clip and embedding option, plus whole-video segments for the
``video`` scope.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from .content import stable_int

__all__ = ["DIMENSIONS", "MODEL_NAME", "MODEL_NAME_2026", "vector", "video_segments"]

DIMENSIONS = 1024
MODEL_NAME = "Marengo-retrieval-2.7"  # the seed era's embedding model
MODEL_NAME_2026 = "marengo3.0"
MIN_FINAL_SEGMENT = 2.0


def vector(*key: object) -> list[float]:
    """A unit-length vector determined by ``key``."""
    rng = random.Random(stable_int("embedding", *key))
    values = [rng.gauss(0.0, 1.0) for _ in range(DIMENSIONS)]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]


def clip_bounds(start: float, end: float, clip_length: float) -> list[tuple[float, float]]:
    bounds: list[tuple[float, float]] = []
    t = start
    while t < end - 1e-9:
        stop = min(end, t + clip_length)
        if stop - t < MIN_FINAL_SEGMENT and bounds:
            break
        bounds.append((round(t, 3), round(stop, 3)))
        t = stop
    return bounds


def video_segments(source: str, start: float, end: float, clip_length: float, scopes: Sequence[str],
                   options: Sequence[str]) -> list[dict[str, Any]]:
    segments: list[dict[str, Any]] = []
    for option in options:
        for s, e in clip_bounds(start, end, clip_length):
            segments.append({"float": vector(source, option, s, e), "start_offset_sec": s, "end_offset_sec": e,
                             "embedding_option": option, "embedding_scope": "clip"})
        if "video" in scopes:
            segments.append({"float": vector(source, option, "video"), "start_offset_sec": round(start, 3),
                             "end_offset_sec": round(end, 3), "embedding_option": option,
                             "embedding_scope": "video"})
    return segments
