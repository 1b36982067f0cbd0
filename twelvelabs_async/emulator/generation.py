"""Deterministic generated text for /summarize, /gist, /generate and /analyze.

Everything is built from the video's file name, duration, resolution and user metadata, so answers are
stable and visibly about the right video. Today's /analyze also takes videos that are no video record (a URL,
inline base64 bytes, an asset): a :class:`Subject` describes those the same way. :func:`fragments` splits an
answer into stream events at arbitrary points (not word boundaries, like the real service); asking for more
events than the text has characters repeats the text, which is how a 200,000-event stream is produced
(``[emulator:events=N]`` in the prompt, or the ``stream_events`` setting). Such an answer counts one token
per event, so a ``max_tokens`` below N truncates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .content import join_words, name_words, stable_int, transcript
from .state import Video

__all__ = ["Subject", "answer", "chapters", "first_tokens", "fragments", "gist", "highlights",
           "requested_events", "summary"]


class _Described(Protocol):
    @property
    def filename(self) -> str: ...

    @property
    def duration(self) -> float: ...


@dataclass(frozen=True)
class Subject:
    """What an analysis is about when it is not (only) a video record: ``key`` tells sources apart
    (``"url:..."``, ``"base64:<digest>"``, ``"video:<id>"``) and seeds everything made up about it."""

    key: str
    filename: str
    duration: float
    width: int
    height: int
    user_metadata: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of_video(cls, video: Video) -> Subject:
        return cls(f"video:{video.id}", video.filename, video.duration, video.width, video.height,
                   dict(video.user_metadata))

_EVENTS = re.compile(r"\[emulator:events=(\d{1,9})\]")


def requested_events(prompt: str) -> int | None:
    match = _EVENTS.search(prompt)
    return int(match.group(1)) if match else None


def _subject(video: _Described) -> str:
    return join_words(name_words(video.filename))


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def summary(video: Video, prompt: str | None) -> str:
    parts = [
        f"This {video.duration:.0f}-second video ({video.width}x{video.height}) shows {_subject(video)}.",
        f"It opens on the {name_words(video.filename)[0] if name_words(video.filename) else 'scene'} "
        "and keeps it in view throughout.",
    ]
    tags = [f"{k} is {v}" for k, v in sorted(video.user_metadata.items()) if isinstance(v, (str, int, float))]
    if tags:
        parts.append("Its metadata says " + "; ".join(tags) + ".")
    if prompt:
        parts.append(f"As requested ({prompt.strip()[:80]}), the focus stays on {_subject(video)}.")
    return " ".join(parts)


def chapters(video: Video) -> list[dict[str, Any]]:
    segments = transcript(video.filename, video.duration)
    count = max(1, min(4, len(segments)))
    step = video.duration / count
    out = []
    for i in range(count):
        start, end = i * step, min(video.duration, (i + 1) * step)
        word = segments[i % len(segments)][2]
        out.append({
            "chapter_number": i, "start": int(start), "end": int(end), "start_sec": round(start, 2),
            "end_sec": round(end, 2), "chapter_title": f"Part {i + 1}: {_subject(video).title()}",
            "chapter_summary": f"From {_minutes(start)} to {_minutes(end)}: {word}",
        })
    return out


def highlights(video: Video) -> list[dict[str, Any]]:
    out = []
    for start, end, text in transcript(video.filename, video.duration)[:3]:
        out.append({"start": int(start), "end": int(end), "start_sec": start, "end_sec": end,
                    "highlight": text.rstrip("."), "highlight_summary": f"A key moment: {text}"})
    return out


def gist(video: Video, types: list[str]) -> dict[str, Any]:
    words = name_words(video.filename) or ["video"]
    out: dict[str, Any] = {}
    if "title" in types:
        out["title"] = " ".join(w.capitalize() for w in words)
    if "topic" in types:
        out["topics"] = [w.capitalize() for w in dict.fromkeys(words)][:5]
    if "hashtag" in types:
        out["hashtags"] = [w for w in dict.fromkeys(words)][:5]
    return out


def answer(video: _Described, prompt: str, window: tuple[float, float] | None = None) -> str:
    """The answer to an open-ended prompt about a video; ``window`` (start, end) limits it to that part."""
    clean = _EVENTS.sub("", prompt).strip()
    part = "" if window is None else f", from {_minutes(window[0])} to {_minutes(window[1])},"
    lines = [f"Regarding \"{clean[:120]}\": the video {video.filename} ({video.duration:.0f} s){part} shows "
             f"{_subject(video)}."]
    segments = transcript(video.filename, video.duration)
    if window is not None:
        segments = [seg for seg in segments if seg[1] > window[0] and seg[0] < window[1]]
    for start, _end, text in segments[:4]:
        lines.append(f"At {_minutes(start)}, {text[0].lower()}{text[1:]}")
    return " ".join(lines)


def output_tokens(text: str) -> int:
    return max(1, len(text.split()))


_TOKEN = re.compile(r"\S+")


def first_tokens(text: str, count: int) -> str:
    """The beginning of ``text`` up to its ``count``-th token (as :func:`output_tokens` counts them)."""
    end = 0
    for n, match in enumerate(_TOKEN.finditer(text), start=1):
        end = match.end()
        if n >= count:
            break
    return text[:end]


def fragments(text: str, events: int | None, seed: object) -> Iterator[str]:
    """Split ``text`` into stream fragments; with ``events`` given, exactly that many (text repeats)."""
    if not text:
        text = " "
    if events is None:
        pos = 0
        i = 0
        while pos < len(text):
            size = 2 + stable_int(seed, i) % 7
            yield text[pos: pos + size]
            pos += size
            i += 1
        return
    size = max(1, min(16, len(text) // max(1, events) or 1))
    pos = 0
    for _ in range(events):
        if pos >= len(text):
            pos = 0
        yield text[pos: pos + size]
        pos += size
