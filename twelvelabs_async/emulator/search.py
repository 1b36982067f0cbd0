"""Deterministic search: relevance, confidence, clips, filters and token pagination.

Relevance of a video for a text query is the share of query words found in what the emulator knows of it:
its file name and user-metadata strings (the "visual" source) and a synthetic transcript made from the name
(the "audio" source). So ``"dog"`` ranks ``dog_park.mp4`` first, and a video whose only match is in its
metadata is found by ``visual`` but not by ``audio``. Each matching video yields 1-3 clips (or the fixed
``clips_per_video`` of seeded videos), with scores that decrease clip by clip.

Results are computed once per ``POST /search`` and kept in a :class:`SearchSessions` store; page tokens
point into it and expire after the configured TTL (``search_page_token_expired``).
"""

from __future__ import annotations

import json
import secrets
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .content import metadata_words, name_words, stable_int, text_tokens, transcript_exact_words, transcript_words
from .errors import ApiError
from .state import Index, Video

__all__ = ["Clip", "EntityTerm", "SearchQuery", "SearchSessions", "clip_ranks", "exact_query_words",
           "parse_filter", "run_search"]

_SYSTEM_NUMERIC = {"duration", "width", "height", "size", "fps"}
_CONF_ORDER = {"high": 3, "medium": 2, "low": 1, "none": 0}
_MAX_SESSIONS = 256


@dataclass(frozen=True)
class Clip:
    video_id: str
    score: float
    start: float
    end: float
    confidence: str
    transcription: str | None


@dataclass(frozen=True)
class EntityTerm:
    """An ``<@entity_id>`` of a query (:mod:`.routes_entities` explains the rule): it matches a video whose
    asset is one of the entity's assets, or whose file name and metadata words hold every word of its name."""

    entity_id: str
    asset_ids: frozenset[str]
    words: tuple[str, ...]

    def matches(self, video: Video) -> bool:
        if video.asset_id in self.asset_ids:
            return True
        seen = set(name_words(video.filename)) | set(metadata_words(video.user_metadata))
        return bool(self.words) and all(word in seen for word in self.words)


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[str, ...]
    options: tuple[str, ...]
    operator: str
    threshold: str
    adjust_confidence_level: float
    # Today's search (2026): no thresholds (every video with a match has clips), "audio" is non-speech sound,
    # speech is the "transcription" option, matched exactly ("lexical") and/or by meaning ("semantic").
    surface_2026: bool = False
    transcription_options: tuple[str, ...] = ()
    exact_words: tuple[str, ...] = ()
    # Entity search (2026, beta): each <@entity_id> of query_text is one more term, found by the visual option.
    entities: tuple[EntityTerm, ...] = ()


FILTER_INVALID = ApiError(
    400, "search_filter_invalid",
    "Filter used in search is invalid. Please use the valid filter syntax by following filtering documentation.",
)


def parse_filter(text: str) -> dict[str, Any]:
    """Validate the stringified JSON ``filter`` of POST /search (inventory 4.9)."""
    try:
        spec = json.loads(text)
    except ValueError:
        raise FILTER_INVALID from None
    if not isinstance(spec, dict):
        raise FILTER_INVALID
    for key, value in spec.items():
        if key == "id":
            ok = isinstance(value, str) or (
                isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value))
        elif key == "filename":
            ok = isinstance(value, str)
        elif key in _SYSTEM_NUMERIC:
            ok = _is_number(value) or _is_range(value)
        else:
            ok = isinstance(value, (str, bool)) or _is_number(value) or _is_range(value)
        if not ok:
            raise FILTER_INVALID
    return spec


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_range(value: Any) -> bool:
    return (isinstance(value, dict) and bool(value) and set(value) <= {"gte", "lte"}
            and all(_is_number(v) for v in value.values()))


def _matches(video: Video, spec: Mapping[str, Any]) -> bool:
    for key, want in spec.items():
        if key == "id":
            ids = [want] if isinstance(want, str) else want
            if video.id not in ids:
                return False
            continue
        have: Any
        if key in _SYSTEM_NUMERIC or key == "filename":
            have = getattr(video, key)
        elif key in video.user_metadata:
            have = video.user_metadata[key]
        else:
            return False
        if isinstance(want, dict):
            if not _is_number(have):
                return False
            if ("gte" in want and have < want["gte"]) or ("lte" in want and have > want["lte"]):
                return False
        elif isinstance(want, bool) or isinstance(have, bool):
            if have is not want:
                return False
        elif have != want:
            return False
    return True


def _share(words: Sequence[str], corpus: frozenset[str] | set[str]) -> float:
    return sum(1 for w in words if w in corpus) / len(words) if words else 0.0


def _relevance(video: Video, query: SearchQuery) -> float:
    """0..1 share of query words found, combining sources with the query's operator."""
    if not query.words and not query.entities:
        return 0.0
    visual = set(name_words(video.filename)) | set(metadata_words(video.user_metadata))
    shares = []
    for option in query.options:
        if not query.surface_2026:
            corpus = visual if option == "visual" else transcript_words(video.filename) if option == "audio" else set()
            shares.append(_share(query.words, corpus))
        elif option == "visual":
            shares.append(_share(query.words, visual))
        elif option == "audio":
            # Non-speech sound: what the things in the video sound like, i.e. the things named in its file name.
            shares.append(_share(query.words, set(name_words(video.filename))))
        else:
            spoken = []
            if "lexical" in query.transcription_options:
                spoken.append(_share(query.exact_words, transcript_exact_words(video.filename)))
            if "semantic" in query.transcription_options:
                spoken.append(_share(query.words, transcript_words(video.filename)))
            shares.append(max(spoken, default=0.0))
    if query.entities:
        # An entity is one more term of the query, seen only by the visual source (it is a face, not a word).
        hits = sum(1 for entity in query.entities if entity.matches(video))
        total = len(query.words) + len(query.entities)
        shares = [(share * len(query.words) + (hits if option == "visual" else 0)) / total
                  for share, option in zip(shares, query.options, strict=True)]
    if not shares:
        return 0.0
    return min(shares) if query.operator == "and" else max(shares)


def _confidence(score: float, adjust: float) -> str:
    # A lower adjust_confidence_level relaxes the thresholds, as the docs describe.
    shift = (adjust - 0.5) * 20
    if score >= 80 + shift:
        return "high"
    if score >= 65 + shift:
        return "medium"
    if score >= 50 + shift:
        return "low"
    return "none"


def video_clips(video: Video, query: SearchQuery) -> list[Clip]:
    relevance = _relevance(video, query)
    if relevance <= 0 and (query.surface_2026 or query.threshold != "none"):
        return []
    # Among equally matching videos, those whose name is mostly the query rank higher.
    words = name_words(video.filename)
    specificity = sum(1 for w in words if w in query.words) / len(words) if words else 0.0
    count = video.clip_count or (1 + stable_int(video.id, "clips") % 3)
    span = max(2.0, min(10.0, video.duration / (count + 1)))
    clips: list[Clip] = []
    for i in range(count):
        jitter = (stable_int(video.id, query.words, i) % 1000) / 1000
        score = round(40 + 45 * relevance + 8 * specificity - 4 * i + jitter, 2)
        confidence = _confidence(score, query.adjust_confidence_level)
        if _CONF_ORDER[confidence] < _CONF_ORDER[query.threshold]:
            continue
        start = round(min(video.duration - span, (i + 0.5) * video.duration / (count + 1)), 2)
        start = max(0.0, start)
        spoken = "transcription" if query.surface_2026 else "audio"
        text = f"Here we can see the {words[i % len(words)]}." if words and spoken in query.options else None
        clips.append(Clip(video.id, score, start, round(min(video.duration, start + span), 2),
                          "low" if confidence == "none" else confidence, text))
    return clips


def run_search(index: Index, query: SearchQuery, spec: Mapping[str, Any] | None,
               group_by: str, sort_option: str) -> list[Any]:
    """All results, ranked: a list of clips (group_by=clip) or of (video_id, clips) pairs (group_by=video)."""
    per_video: list[tuple[str, list[Clip]]] = []
    for video in index.videos.values():
        if spec and not _matches(video, spec):
            continue
        clips = video_clips(video, query)
        if clips:
            clips.sort(key=lambda c: -c.score)
            per_video.append((video.id, clips))
    if group_by == "video":
        if sort_option == "clip_count":
            per_video.sort(key=lambda vc: (-len(vc[1]), -vc[1][0].score, vc[0]))
        else:
            per_video.sort(key=lambda vc: (-vc[1][0].score, vc[0]))
        return per_video
    flat = [clip for _vid, clips in per_video for clip in clips]
    flat.sort(key=lambda c: (-c.score, c.video_id, c.start))
    return flat


def query_words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text_tokens(text)))


def exact_query_words(text: str) -> tuple[str, ...]:
    """The query's words as written (lower-cased, stop words dropped, no plural folding): lexical matching."""
    return tuple(dict.fromkeys(text_tokens(text, fold=False)))


@dataclass
class SearchSession:
    index_id: str
    results: list[Any]
    group_by: str
    page_limit: int
    options: tuple[str, ...]
    include_user_metadata: bool
    tokens: list[str]
    expires_at: float
    # Today's items carry a rank instead of score and confidence: clips rank among all clips of the search.
    surface_2026: bool = False
    clip_ranks: dict[Clip, int] = field(default_factory=dict)


class SearchSessions:
    """Search results kept for token pagination; the oldest sessions are forgotten past a fixed count."""

    def __init__(self) -> None:
        self._sessions: OrderedDict[str, SearchSession] = OrderedDict()
        self._by_token: dict[str, tuple[str, int]] = {}

    def add(self, session: SearchSession) -> str:
        key = secrets.token_hex(6)
        pages = max(1, -(-len(session.results) // session.page_limit))
        session.tokens = [f"{key}-{n}" for n in range(1, pages + 1)]
        self._sessions[key] = session
        for n, token in enumerate(session.tokens, start=1):
            self._by_token[token] = (key, n)
        while len(self._sessions) > _MAX_SESSIONS:
            _old, dropped = self._sessions.popitem(last=False)
            for token in dropped.tokens:
                self._by_token.pop(token, None)
        return key

    def lookup(self, token: str, now: float) -> tuple[SearchSession, int] | None:
        found = self._by_token.get(token)
        if found is None:
            return None
        session = self._sessions.get(found[0])
        if session is None or now >= session.expires_at:
            return None
        return session, found[1]

    def clear(self) -> None:
        self._sessions.clear()
        self._by_token.clear()


def clip_ranks(results: list[Any], group_by: str) -> dict[Clip, int]:
    """1-based rank of every clip among all the clips of a search, best score first."""
    clips = [c for _vid, group in results for c in group] if group_by == "video" else list(results)
    clips.sort(key=lambda c: (-c.score, c.video_id, c.start))
    return {clip: n for n, clip in enumerate(clips, start=1)}


def page_slice(session: SearchSession, page: int) -> Sequence[Any]:
    return session.results[(page - 1) * session.page_limit: page * session.page_limit]
