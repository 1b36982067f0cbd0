"""Page-number listing helpers shared by the list endpoints: paging, sorting and date filters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any, TypeVar

from aiohttp import web

from .clock import parse_rfc3339
from .errors import ApiError
from .params import FormParams

__all__ = ["PAGING", "date_matches", "page_response", "query_params"]

T = TypeVar("T")
PAGING = ("page", "page_limit", "sort_by", "sort_option")


def query_params(request: web.Request, allowed: Sequence[str] | None) -> FormParams:
    params = FormParams.from_pairs(request.query.items())
    if allowed is not None:
        params.reject_unknown(allowed)
    return params


def date_matches(params: FormParams, name: str, value: float) -> bool:
    """The documented date filter: same UTC day as the given time, and at or after it."""
    raw = params.str(name)
    if raw is None:
        return True
    try:
        at = parse_rfc3339(raw)
    except ValueError:
        raise ApiError.invalid(name, "Use an RFC 3339 date-time such as 2024-01-01T00:00:00Z.") from None
    day = datetime.fromtimestamp(at, tz=timezone.utc).date()
    return value >= at and datetime.fromtimestamp(value, tz=timezone.utc).date() == day


def page_response(params: FormParams, items: list[T], render: Callable[[T], dict[str, Any]], *,
                  sortable: dict[str, Callable[[T], Any]] | None = None,
                  default_desc: bool = True) -> web.Response:
    page = params.int("page", 1, lo=1)
    limit = params.int("page_limit", 10, lo=1, hi=50)
    if sortable is not None:
        sort_by = params.str("sort_by", choices=tuple(sortable)) or "created_at"
        sort_option = params.str("sort_option", choices=("asc", "desc"))
        desc = default_desc if sort_option is None else sort_option == "desc"
        items = sorted(items, key=sortable[sort_by], reverse=desc)
    total = len(items)
    chunk = items[(page - 1) * limit: page * limit]
    return web.json_response({
        "data": [render(item) for item in chunk],
        "page_info": {"page": page, "limit_per_page": limit, "total_page": (total + limit - 1) // limit,
                      "total_results": total},
    })
