"""What the emulator "knows" about a video: words from its file name and metadata, a synthetic transcript.

Search relevance, transcriptions and generated text are all derived from here, so they are deterministic
and agree with each other: a video called ``dog_park.mp4`` has a transcript about a dog in a park, ranks
first for "dog", and its summary mentions the dog and the park.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["name_words", "stable_int", "text_tokens", "transcript"]

_WORD = re.compile(r"[A-Za-z0-9]+")
_STOP = {"mp4", "mov", "mkv", "webm", "avi", "m4v", "the", "a", "an", "of", "and", "or", "in", "on", "at",
         "to", "with", "video", "clip", "final", "copy"}
_TEMPLATES = (
    "Here we can see the {w} clearly in the frame.",
    "The narrator talks about the {w} for a while.",
    "Now the camera moves closer to the {w}.",
    "Everyone is looking at the {w} right now.",
)


def stable_int(*parts: object) -> int:
    """A hash that, unlike ``hash()``, is the same in every process."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _stem(word: str) -> str:
    # Crude plural folding so "dogs" finds "dog"; good enough for deterministic fake relevance.
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def text_tokens(text: str, *, fold: bool = True) -> list[str]:
    """Lower-cased, plural-folded (unless ``fold`` is false) word tokens of free text, stop words removed."""
    words = (w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP)
    return [_stem(w) for w in words] if fold else list(words)


def name_words(filename: str) -> list[str]:
    """Content words of a file name: ``"Dog_Park-2.mp4"`` -> ``["dog", "park"]`` (digits-only words dropped)."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    # Split camelCase as well as separators.
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", stem)
    return [w for w in text_tokens(spaced) if not w.isdigit()]


def metadata_words(user_metadata: Mapping[str, Any]) -> list[str]:
    words: list[str] = []
    for value in user_metadata.values():
        if isinstance(value, str):
            words.extend(text_tokens(value))
    return words


def transcript(filename: str, duration: float) -> list[tuple[float, float, str]]:
    """Synthetic transcript segments ``(start, end, text)`` covering the video, derived from its name."""
    words = name_words(filename) or ["scene"]
    count = max(1, min(len(words) * 2, int(duration // 3) or 1))
    step = duration / count
    out: list[tuple[float, float, str]] = []
    for i in range(count):
        word = words[i % len(words)]
        template = _TEMPLATES[stable_int(filename, i) % len(_TEMPLATES)]
        out.append((round(i * step, 2), round(min(duration, (i + 1) * step), 2), template.format(w=word)))
    return out


@functools.lru_cache(maxsize=65536)
def transcript_words(filename: str) -> frozenset[str]:
    words: set[str] = set()
    for _s, _e, text in transcript(filename, 60.0):
        words.update(text_tokens(text))
    return frozenset(words)


@functools.lru_cache(maxsize=65536)
def transcript_exact_words(filename: str) -> frozenset[str]:
    """The transcript's words as spoken (no plural folding), for lexical transcription search."""
    words: set[str] = set()
    for _s, _e, text in transcript(filename, 60.0):
        words.update(text_tokens(text, fold=False))
    return frozenset(words)


def join_words(words: Iterable[str]) -> str:
    items = list(dict.fromkeys(words))
    if not items:
        return "the scene"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
