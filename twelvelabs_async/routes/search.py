"""Search an index: `client.search` (`create` for the first page, `query` to iterate every page)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from twelvelabs_async._errors import PARAMETER_NOT_PROVIDED
from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route
from twelvelabs_async.routes._common import page_limit

if TYPE_CHECKING:
    from twelvelabs_async.models import SearchPage

MAX_QUERY_IMAGES = 10
_RANK_INSTEAD = "the API ignores it since 2026; results carry a `rank` instead of scores and confidence levels."


def _count(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return len(value)
    return 1


def _media_query_rules(args: Mapping[str, Any]) -> tuple[str, str] | tuple[str, str, str] | None:
    images = sum(
        _count(args.get(name))
        for name in ("query_media_url", "query_media_file", "query_media_urls", "query_media_files")
    )
    if images and args.get("query_media_type") is None:
        return "query_media_type", "a media query needs query_media_type='image'"
    if args.get("query_media_type") is not None and not images:
        reason = "query_media_type needs query_media_url(s) or query_media_file(s)"
        return "query_media_type", reason, PARAMETER_NOT_PROVIDED
    if images > MAX_QUERY_IMAGES:
        return "query_media_urls", f"a query takes at most {MAX_QUERY_IMAGES} images, got {images}"
    return None


def _transcription_options_need_transcription(args: Mapping[str, Any]) -> tuple[str, str] | None:
    if args.get("transcription_options") is not None and "transcription" not in (args.get("search_options") or ()):
        return "transcription_options", "applies only when search_options includes 'transcription'"
    return None


search_create: Route[SearchPage] = Route(
    "search.create",
    "POST",
    "/search",
    "Search an index by text, images, or both; returns the first page (`search.query` iterates every page).",
    page_item="SearchClip | SearchVideoGroup",
    paging=Paging.FOLLOW_TOKEN,
    follow="search.retrieve",
    pager_method="query",
    params=(
        Param("index_id", Kind.STR, In.BODY, "The index to search.", required=True),
        Param(
            "search_options",
            Kind.STR_LIST,
            In.BODY,
            "Modalities to search (within the index's model options); each sent as its own form field.",
            required=True,
            choices=("visual", "audio", "transcription"),
            min_items=1,
        ),
        Param("query_media_type", Kind.STR, In.BODY, "The media type of a media query.", choices=("image",)),
        Param("query_media_url", Kind.STR, In.BODY, "URL of a query image."),
        Param(
            "query_media_file",
            Kind.FILE,
            In.BODY,
            "A query image: a path, an open binary file, bytes, or a `(filename, bytes)` tuple.",
        ),
        Param(
            "query_media_urls",
            Kind.STR_LIST,
            In.BODY,
            f"Several query image URLs (at most {MAX_QUERY_IMAGES} images in all), each its own field.",
            wire_name="query_media_url",
        ),
        Param(
            "query_media_files",
            Kind.FILE_LIST,
            In.BODY,
            f"Several query images (at most {MAX_QUERY_IMAGES} images in all), each its own file part.",
            wire_name="query_media_file",
        ),
        Param(
            "query_text",
            Kind.STR,
            In.BODY,
            "The natural-language query; with images, a composed query. `<@entity_id>` searches for an entity.",
        ),
        Param(
            "transcription_options",
            Kind.STR_LIST,
            In.BODY,
            "How to match the spoken words (with the `transcription` search option).",
            choices=("lexical", "semantic"),
        ),
        Param(
            "group_by",
            Kind.STR,
            In.BODY,
            "Return clips (`clip`) or videos with their clips (`video`).",
            choices=("clip", "video"),
            server_default="clip",
        ),
        Param(
            "operator",
            Kind.STR,
            In.BODY,
            "Combine several search options with `or` or `and`.",
            choices=("or", "and"),
            server_default="or",
        ),
        page_limit(In.BODY),  # a form field here, unlike the list routes' query parameter
        Param(
            "filter",
            Kind.JSON_TEXT,
            In.BODY,
            "Metadata filter: a mapping (or its JSON text), e.g. `{'duration': {'gte': 600}}`.",
        ),
        Param("include_user_metadata", Kind.BOOL, In.BODY, "Include each video's user metadata in the results."),
        Param(
            "adjust_confidence_level",
            Kind.FLOAT,
            In.BODY,
            "Dropped by the API.",
            minimum=0.0,
            maximum=1.0,
            dropped=_RANK_INSTEAD,
        ),
        Param("threshold", Kind.STR, In.BODY, "Dropped by the API.", dropped=_RANK_INSTEAD),
        Param("sort_option", Kind.STR, In.BODY, "Dropped by the API.", dropped=_RANK_INSTEAD),
    ),
    body=Body.MULTIPART,
    at_least_one_of=(("query_text", "query_media_url", "query_media_file", "query_media_urls", "query_media_files"),),
    checks=(_media_query_rules, _transcription_options_need_transcription),
)

search_retrieve: Route[SearchPage] = Route(
    "search.retrieve",
    "GET",
    "/search/{page_token}",
    "Retrieve a further page of search results by its token (tokens expire).",
    params=(
        Param("page_token", Kind.STR, In.PATH, "A token that identifies the page to retrieve.", required=True),
        Param("include_user_metadata", Kind.BOOL, In.QUERY, "Include each video's user metadata in the results."),
    ),
)
