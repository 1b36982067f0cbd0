"""Search: ``POST /search`` (first page) and ``GET /search/{page-token}`` (the next ones)."""

from __future__ import annotations

from typing import Any, ClassVar, Final, Literal

import attrs

from ._base import Model

__all__ = [
    "SEARCH_CONFIDENCES",
    "SearchClip",
    "SearchConfidence",
    "SearchItem",
    "SearchPage",
    "SearchPageInfo",
    "SearchPool",
    "SearchVideoGroup",
]

SearchConfidence = Literal["high", "medium", "low", "extremely low"]
"""Known ``confidence`` values (documentation only: the field is a plain ``str``)."""

SEARCH_CONFIDENCES: Final[tuple[str, ...]] = ("high", "medium", "low", "extremely low")


@attrs.frozen(kw_only=True)
class SearchClip(Model):
    """A matching clip (an item of a ``group_by=clip`` page, or inside a :class:`SearchVideoGroup`).

    ``start``/``end`` are seconds; ``rank`` is the clip's 1-based place by relevance (the 2026 API ranks
    results instead of scoring them); ``score`` and ``confidence`` come from seed-era servers only;
    ``thumbnail_url`` needs the index's ``thumbnail`` addon and expires in one hour; ``user_metadata`` comes
    with ``include_user_metadata=true``. ``id`` and ``clips`` are always ``None``: they belong to a video group, and
    are here because the official SDK has one class (``SearchItem``) for both kinds of results.
    """

    rank: int | None = None
    score: float | None = None
    start: float | None = None
    end: float | None = None
    video_id: str | None = None
    confidence: str | None = None
    thumbnail_url: str | None = None
    transcription: str | None = None
    user_metadata: dict[str, Any] | None = None

    _DUMPED_PROPERTIES: ClassVar[tuple[str, ...]] = ("id", "clips")

    @property
    def id(self) -> str | None:
        """``None``: a clip has no id of its own (its video's is ``video_id``); a video group's ``id`` is set."""
        return None

    @property
    def clips(self) -> list[SearchClip] | None:
        """``None``: a clip has no inner clips (a video group's ``clips`` has them)."""
        return None


@attrs.frozen(kw_only=True)
class SearchVideoGroup(Model):
    """An item of a ``group_by=video`` page: the video ``id`` (spelled ``id`` on the wire) and its clips.

    ``start``, ``end``, ``video_id``, ``thumbnail_url``, ``transcription``, ``score`` and ``confidence`` are always
    ``None``: they belong to a clip, and are here because the official SDK has one class (``SearchItem``) for both
    kinds of results.
    """

    id: str
    clips: list[SearchClip] = attrs.Factory(list)
    user_metadata: dict[str, Any] | None = None
    rank: int | None = None

    _DUMPED_PROPERTIES: ClassVar[tuple[str, ...]] = (
        "start", "end", "video_id", "thumbnail_url", "transcription", "score", "confidence"
    )

    @property
    def start(self) -> float | None:
        """``None`` (a clip's field; see the class docstring)."""
        return None

    @property
    def end(self) -> float | None:
        """``None`` (a clip's field; see the class docstring)."""
        return None

    @property
    def video_id(self) -> str | None:
        """``None``: the group's video id is ``id`` (a clip's field; see the class docstring)."""
        return None

    @property
    def thumbnail_url(self) -> str | None:
        """``None`` (a clip's field; see the class docstring)."""
        return None

    @property
    def transcription(self) -> str | None:
        """``None`` (a clip's field; see the class docstring)."""
        return None

    @property
    def score(self) -> float | None:
        """``None`` (a seed-era clip's field; see the class docstring)."""
        return None

    @property
    def confidence(self) -> str | None:
        """``None`` (a seed-era clip's field; see the class docstring)."""
        return None


SearchItem = SearchClip | SearchVideoGroup
"""An item of ``SearchPage.data``; decoded as a group when the item has ``clips``."""


@attrs.frozen(kw_only=True)
class SearchPageInfo(Model):
    """``page_info`` of a search page.

    ``next_page_token`` is absent on the last page; ``prev_page_token`` only comes from
    ``GET /search/{page-token}``; ``total_inner_matches`` only with ``group_by=video``. Tokens expire at
    ``page_expires_at`` (the API's RFC 3339 string, as the official SDK gives it).
    """

    limit_per_page: int | None = None
    page_expires_at: str | None = None
    total_results: int | None = None
    total_inner_matches: int | None = None
    next_page_token: str | None = None
    prev_page_token: str | None = None


@attrs.frozen(kw_only=True)
class SearchPool(Model):
    """``search_pool``: what was searched (videos in the index, their total duration in seconds)."""

    total_count: int | None = None
    total_duration: float | None = None
    index_id: str | None = None


@attrs.frozen(kw_only=True)
class SearchPage(Model):
    """One page of search results.

    ``data`` holds :class:`SearchClip` items (``group_by=clip``, the default) or :class:`SearchVideoGroup`
    items (``group_by=video``); ``clips`` and ``groups`` select one kind.
    """

    data: list[SearchClip | SearchVideoGroup] = attrs.Factory(list)
    page_info: SearchPageInfo | None = None
    search_pool: SearchPool | None = None

    @property
    def clips(self) -> list[SearchClip]:
        """The clip items of this page (empty for a ``group_by=video`` page)."""
        return [item for item in self.data if isinstance(item, SearchClip)]

    @property
    def groups(self) -> list[SearchVideoGroup]:
        """The video groups of this page (empty for a ``group_by=clip`` page)."""
        return [item for item in self.data if isinstance(item, SearchVideoGroup)]

    @property
    def next_page_token(self) -> str | None:
        """The token of the next page, ``None`` on the last page."""
        return self.page_info.next_page_token if self.page_info is not None else None
