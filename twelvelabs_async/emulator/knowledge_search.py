"""Deterministic search over a knowledge store's ready items, and the page tokens that carry it.

Relevance follows the index search (:mod:`.search`): the share of the query's words found in what the emulator
knows of an item. ``visual`` looks at the file name and the string values of the item's and its asset's
metadata; ``audio`` ("speech and non-speech sounds") at the synthetic transcript of the file name and the
things the name mentions. Images are matched on ``visual`` only, whatever the options. A matching video yields
1-3 clips (``matches``) with the modalities that matched and the transcript line spoken at the clip's start; a
matching image is one hit. Scores decrease clip by clip; ties break on the item id, so results are stable. The
clip count, the scores' jitter and the ties follow the item id's :func:`~.knowledge_state.seeded_part` (never the
millisecond of its creation), so two emulators with the same seed rank the same requests the same way.

Page tokens are self-describing and signed with a per-emulator secret: a token the emulator did not issue (or
one for another store) is malformed (400); one issued more than ``knowledge_search_token_ttl`` seconds ago, or
whose search has been forgotten, has expired (410).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .content import metadata_words, name_words, stable_int, text_tokens, transcript, transcript_words
from .knowledge_state import KnowledgeItem, seeded_part

__all__ = ["Hit", "Match", "decode_token", "encode_token", "rank_hits", "score_item"]

MODALITIES = ("visual", "audio")


@dataclass(frozen=True)
class Match:
    start: float
    end: float
    modalities: tuple[str, ...]
    transcription: str | None
    score: float


@dataclass(frozen=True)
class Hit:
    """One item that matched, with its matching clips best first (none for an image)."""

    item_id: str
    asset_type: str
    score: float
    matches: tuple[Match, ...] = ()


def _share(words: Sequence[str], corpus: set[str] | frozenset[str]) -> float:
    return sum(1 for w in words if w in corpus) / len(words) if words else 0.0


def item_words(item: KnowledgeItem, asset_metadata: dict[str, Any]) -> list[str]:
    """What ``visual`` search sees of an item: its file name and the strings of its and its asset's metadata."""
    return name_words(item.filename) + metadata_words(item.metadata) + metadata_words(asset_metadata)


def score_item(item: KnowledgeItem, query: Sequence[str], modalities: Sequence[str],
               asset_metadata: dict[str, Any]) -> Hit | None:
    """The item's hit for the query words, or ``None`` when nothing matches."""
    if not query:
        return None
    visual = set(item_words(item, asset_metadata))
    named = name_words(item.filename)
    specificity = sum(1 for w in named if w in query) / len(named) if named else 0.0
    key = seeded_part(item.id)
    if item.asset_type == "image":
        relevance = _share(query, visual)
        if relevance <= 0:
            return None
        jitter = (stable_int(key, query) % 1000) / 1000
        return Hit(item.id, "image", round(40 + 45 * relevance + 8 * specificity + jitter, 2))
    shares = {"visual": _share(query, visual),
              "audio": _share(query, set(transcript_words(item.filename)) | set(named))}
    matched = tuple(m for m in modalities if shares[m] > 0)
    if not matched:
        return None
    relevance = max(shares[m] for m in matched)
    duration = float(getattr(item.info, "duration", None) or 60.0)
    count = 1 + stable_int(key, "clips") % 3
    span = max(2.0, min(10.0, duration / (count + 1)))
    lines = transcript(item.filename, duration)
    matches: list[Match] = []
    for i in range(count):
        jitter = (stable_int(key, query, i) % 1000) / 1000
        score = round(40 + 45 * relevance + 8 * specificity - 4 * i + jitter, 2)
        start = max(0.0, round(min(duration - span, (i + 0.5) * duration / (count + 1)), 2))
        end = round(min(duration, start + span), 2)
        spoken = next((text for s, e, text in lines if s <= start < e), lines[-1][2] if lines else None)
        matches.append(Match(start, end, matched, spoken, score))
    matches.sort(key=lambda m: (-m.score, m.start))
    return Hit(item.id, "video", matches[0].score, tuple(matches))


def rank_hits(hits: list[Hit], group_by: str) -> list[Hit]:
    """The results in order: one entry per item (``item``), or one per clip or image (``none``)."""
    if group_by == "item":
        return sorted(hits, key=lambda h: (-h.score, seeded_part(h.item_id), h.item_id))
    flat = [Hit(h.item_id, h.asset_type, m.score, (m,)) for h in hits for m in h.matches]
    flat += [h for h in hits if h.asset_type == "image"]
    flat.sort(key=lambda h: (-h.score, seeded_part(h.item_id), h.item_id, h.matches[0].start if h.matches else 0.0))
    return flat


# Questions put to a store ("Where is the dog?") carry words that would match every synthetic transcript: they
# are dropped from knowledge-store queries (the index search keeps its own, older rules).
_QUESTION_WORDS = frozenset({
    "is", "are", "was", "were", "be", "been", "am", "do", "doe", "does", "did", "what", "where", "when", "who",
    "whom", "which", "why", "how", "there", "here", "this", "that", "these", "those", "it", "its", "any",
    "anything", "something", "some", "i", "me", "my", "we", "you", "your", "they", "them", "their", "he", "she",
    "for", "from", "by", "about", "can", "could", "show", "tell", "find", "see", "happen", "happens", "s",
})


def query_words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for w in text_tokens(text) if w not in _QUESTION_WORDS))


# --- page tokens --------------------------------------------------------------------------------------------


def _sign(secret: bytes, payload: bytes) -> str:
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()[:20]


def encode_token(secret: bytes, *, key: str, store_id: str, page: int, expires_at: float) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(
        {"k": key, "s": store_id, "p": page, "e": round(expires_at, 3)}, separators=(",", ":")).encode())
    body = payload.decode().rstrip("=")
    return f"{body}.{_sign(secret, body.encode())}"


def decode_token(secret: bytes, token: str) -> dict[str, Any] | None:
    """The token's fields, or ``None`` when it is not one the emulator issued."""
    body, _, signature = token.partition(".")
    if not body or not hmac.compare_digest(signature, _sign(secret, body.encode())):
        return None
    try:
        fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        return None
    if not isinstance(fields, dict) or not {"k", "s", "p", "e"} <= set(fields):
        return None
    return fields
