"""Parameter definitions that several resources share (paging, sorting, dates, ids, user metadata)."""

from __future__ import annotations

from twelvelabs_async._route_spec import In, Kind, Param
from twelvelabs_async._shapes import USER_METADATA


def page() -> Param:
    return Param("page", Kind.INT, In.QUERY, "Page number to retrieve (1-based).", minimum=1, server_default=1)


def page_limit(where: In = In.QUERY, maximum: int = 50) -> Param:
    return Param("page_limit", Kind.INT, where, "Items per page.", minimum=1, maximum=maximum, server_default=10)


def sort_by() -> Param:
    return Param(
        "sort_by",
        Kind.STR,
        In.QUERY,
        "Field to sort by.",
        choices=("created_at", "updated_at"),
        server_default="created_at",
    )


def sort_option() -> Param:
    return Param("sort_option", Kind.STR, In.QUERY, "Sort order.", choices=("asc", "desc"), server_default="desc")


def created_at(what: str) -> Param:
    return Param(
        "created_at", Kind.STR, In.QUERY, f"Only {what} created on that date at or after the given time (RFC 3339)."
    )


def updated_at(what: str) -> Param:
    return Param(
        "updated_at", Kind.STR, In.QUERY, f"Only {what} updated on that date at or after the given time (RFC 3339)."
    )


def path_id(name: str, what: str) -> Param:
    return Param(name, Kind.STR, In.PATH, f"The unique identifier of the {what}.", required=True)


def user_metadata_body(doc: str) -> Param:
    return Param("user_metadata", Kind.JSON, In.BODY, doc, shape=USER_METADATA)


def user_metadata_filter() -> Param:
    # The spec declares an object query parameter with OpenAPI's default style (form, exploded): each key is
    # its own bare query parameter, which is also what the API reference's examples show (?category=news).
    return Param(
        "user_metadata",
        Kind.BARE_KEYS,
        In.QUERY,
        "Filter by user metadata: each key and value is sent as its own query parameter.",
    )


def range_filter(name: str, what: str, integer: bool = False) -> Param:
    unit = "an integer" if integer else "a number"
    return Param(
        name,
        Kind.INT_RANGE if integer else Kind.RANGE,
        In.QUERY,
        f"Filter by {what}: {unit} for an exact match, or a range `{{'gte': lo, 'lte': hi}}` / `(lo, hi)` "
        f"(either end may be None), sent as `{name}[gte]` / `{name}[lte]`.",
        minimum=0,
    )


EMBEDDING_OPTIONS = ("visual", "audio", "transcription", "visual-text")
