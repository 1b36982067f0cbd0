"""Search (#18 POST /search, #19 GET /search/{page-token}).

``POST /search`` has two versions: the seed era's (surface 2025: ``visual``/``audio``, one query image,
thresholds, ``score`` and ``confidence`` on every item) and today's (surface 2026, per the 2026-07 spec:
``transcription`` as a third option with ``lexical``/``semantic`` matching, up to 10 query images, text and
images composed in one query, items ranked by ``rank``). Page tokens work the same for both.
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from .clock import rfc3339
from .context import EmulatorContext, ctx, fault_of
from .errors import ApiError
from .listing import query_params
from .routes_entities import entity_terms
from .search import (
    Clip,
    EntityTerm,
    SearchQuery,
    SearchSession,
    clip_ranks,
    exact_query_words,
    page_slice,
    parse_filter,
    query_words,
    run_search,
)
from .state import Index
from .uploads import read_multipart

__all__ = ["routes", "routes_2025", "routes_2026"]

MAX_IMAGE_BYTES = 5 * 1024 * 1024
FIELDS = ("index_id", "search_options", "query_text", "query_media_type", "query_media_url",
          "adjust_confidence_level", "group_by", "threshold", "sort_option", "operator", "page_limit", "filter",
          "include_user_metadata")
FIELDS_2026 = ("index_id", "search_options", "transcription_options", "query_text", "query_media_type",
               "query_media_url", "group_by", "operator", "page_limit", "filter", "include_user_metadata")
# Dropped from the 2026-07 spec; the official SDK 1.3.6 documents them as "ignored by the API", so they are
# accepted and ignored rather than refused as unknown.
IGNORED_2026 = ("adjust_confidence_level", "threshold", "sort_option")
MAX_QUERY_IMAGES = 10
MAX_QUERY_TOKENS = 500  # "Marengo supports up to 500 tokens per query."
# search option -> the index model option it needs.
NEEDS_2025 = {"visual": "visual", "audio": "audio"}
NEEDS_2026 = {"visual": "visual", "audio": "audio", "transcription": "audio"}

routes = web.RouteTableDef()  # both surfaces
routes_2025 = web.RouteTableDef()
routes_2026 = web.RouteTableDef()


def _image_words(path: str, filename: str) -> str:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ApiError.invalid("query_media_file", "The image must be a JPEG or PNG file.")
    return filename.rsplit(".", 1)[0]


def _search_index(context: EmulatorContext, index_id: str, options: list[str], needs: dict[str, str]) -> Index:
    index = context.state.indexes.get(index_id)
    if index is None:
        raise ApiError.not_found(index_id, "indexes")
    if not index.has_family("marengo"):
        raise ApiError(400, "index_not_supported_for_search",
                       "You can only perform search requests on indexes with an engine from the Marengo "
                       "family enabled.")
    available = index.options("marengo")
    supported = sorted(option for option, need in needs.items() if need in available)
    for option in options:
        if needs[option] not in available:
            raise ApiError(400, "search_option_not_supported",
                           f"Search option `{option}` is not supported for index `{index_id}`. Please use "
                           f"one of the following search options: `{', '.join(supported)}`.")
    return index


def _url_words(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ApiError.invalid("query_media_url")
    return posixpath.basename(parts.path).rsplit(".", 1)[0]


@routes_2025.post("/search")
async def create_search(request: web.Request) -> web.Response:
    context = ctx(request)
    form = await read_multipart(request, directory=context.upload_dir, file_fields=("query_media_file",),
                                limit=MAX_IMAGE_BYTES + 1, slow_rate=fault_of(request).slow_upload)
    try:
        params = form.params
        params.reject_unknown(FIELDS)
        index_id = params.req_str("index_id")
        options = params.strings("search_options", choices=("visual", "audio"))
        if not options:
            raise ApiError.not_provided("search_options")
        index = _search_index(context, index_id, options, NEEDS_2025)
        text = params.str("query_text")
        media_type = params.str("query_media_type", choices=("image",))
        media_url = params.str("query_media_url")
        media_file = form.files.get("query_media_file")
        query_source = text or ""
        if media_url is not None or media_file is not None:
            if media_type is None:
                raise ApiError.not_provided("query_media_type")
            if media_url is not None:  # the URL wins when both are given
                query_source += " " + _url_words(media_url)
            elif media_file is not None:
                if media_file.size > MAX_IMAGE_BYTES:
                    raise ApiError.invalid("query_media_file", "The image must be at most 5 MB.")
                query_source += " " + _image_words(media_file.path, media_file.filename)
        elif media_type is not None:
            raise ApiError(400, "parameter_not_provided",
                           "Either `query_media_url` or `query_media_file` must be provided for media queries.")
        elif text is None:
            raise ApiError.not_provided("query_text")
        group_by = params.str("group_by", choices=("clip", "video")) or "clip"
        sort_option = params.str("sort_option", choices=("score", "clip_count")) or "score"
        if sort_option == "clip_count" and group_by != "video":
            raise ApiError.invalid("sort_option", "`clip_count` requires `group_by` set to `video`.")
        query = SearchQuery(
            words=query_words(query_source),
            options=tuple(dict.fromkeys(options)),
            operator=params.str("operator", choices=("or", "and")) or "or",
            threshold=params.str("threshold", choices=("high", "medium", "low", "none")) or "low",
            adjust_confidence_level=params.float("adjust_confidence_level", 0.5, lo=0.0, hi=1.0) or 0.0,
        )
        page_limit = params.int("page_limit", 10, lo=1, hi=50)
        raw_filter = params.str("filter")
        spec = parse_filter(raw_filter) if raw_filter is not None else None
        include_metadata = params.bool("include_user_metadata", False)
    finally:
        form.cleanup()
    results = run_search(index, query, spec, group_by, sort_option)
    session = SearchSession(index.id, results, group_by, page_limit, query.options, include_metadata, [],
                            context.state.clock.now() + context.config.search_token_ttl)
    context.sessions.add(session)
    return web.json_response(_page(context, session, 1, include_metadata))


@routes_2026.post("/search")
async def create_search_2026(request: web.Request) -> web.Response:
    context = ctx(request)
    form = await read_multipart(request, directory=context.upload_dir, file_fields=("query_media_file",),
                                limit=MAX_IMAGE_BYTES + 1, slow_rate=fault_of(request).slow_upload,
                                repeatable=("query_media_file",), max_files=MAX_QUERY_IMAGES)
    try:
        params = form.params
        params.reject_unknown((*FIELDS_2026, *IGNORED_2026))
        index_id = params.req_str("index_id")
        options = params.strings("search_options", choices=tuple(NEEDS_2026))
        if not options:
            raise ApiError.not_provided("search_options")
        modes = params.strings("transcription_options", choices=("lexical", "semantic"))
        if modes and "transcription" not in options:
            raise ApiError.invalid("transcription_options",
                                   "It applies only when `search_options` contains `transcription`.")
        index = _search_index(context, index_id, options, NEEDS_2026)
        text = params.str("query_text")
        if text is not None and len(text.split()) > MAX_QUERY_TOKENS:
            raise ApiError.invalid("query_text", f"Marengo supports up to {MAX_QUERY_TOKENS} tokens per query.")
        entities: tuple[EntityTerm, ...] = ()
        if text is not None:  # entity search: <@entity_id> references become terms of their own
            text, entities = entity_terms(context.state, text)
        media_type = params.str("query_media_type", choices=("image",))
        urls = params.strings("query_media_url")
        files = form.file_lists.get("query_media_file", [])
        if len(urls) + len(files) > MAX_QUERY_IMAGES:
            raise ApiError.invalid(["query_media_url", "query_media_file"],
                                   f"Provide up to {MAX_QUERY_IMAGES} images in all.")
        # Text and images compose into one query: its words are the text's and the images' names.
        query_source = text or ""
        if urls or files:
            if media_type is None:
                raise ApiError.not_provided("query_media_type")
            for url in urls:
                query_source += " " + _url_words(url)
            for upload in files:
                if upload.size > MAX_IMAGE_BYTES:
                    raise ApiError.invalid("query_media_file", "The image must be at most 5 MB.")
                query_source += " " + _image_words(upload.path, upload.filename)
        elif media_type is not None:
            raise ApiError(400, "parameter_not_provided",
                           "Either `query_media_url` or `query_media_file` must be provided for media queries.")
        elif text is None:
            raise ApiError.not_provided("query_text")
        group_by = params.str("group_by", choices=("clip", "video")) or "clip"
        query = SearchQuery(
            words=query_words(query_source), options=tuple(dict.fromkeys(options)),
            operator=params.str("operator", choices=("or", "and")) or "or", threshold="none",
            adjust_confidence_level=0.5, surface_2026=True,
            transcription_options=tuple(dict.fromkeys(modes or ("lexical", "semantic"))),
            exact_words=exact_query_words(query_source), entities=entities,
        )
        page_limit = params.int("page_limit", 10, lo=1, hi=50)
        raw_filter = params.str("filter")
        spec = parse_filter(raw_filter) if raw_filter is not None else None
        include_metadata = params.bool("include_user_metadata", False)
    finally:
        form.cleanup()
    results = run_search(index, query, spec, group_by, "score")
    session = SearchSession(index.id, results, group_by, page_limit, query.options, include_metadata, [],
                            context.state.clock.now() + context.config.search_token_ttl, surface_2026=True,
                            clip_ranks=clip_ranks(results, group_by))
    context.sessions.add(session)
    return web.json_response(_page(context, session, 1, include_metadata))


@routes.get("/search/{page_token}")
async def next_page(request: web.Request) -> web.Response:
    params = query_params(request, ("include_user_metadata",))
    context = ctx(request)
    token = request.match_info["page_token"]
    found = context.sessions.lookup(token, context.state.clock.now())
    if found is None:
        # Both specs declare this 400 as {error_code: integer, message}, with an example message that belongs to
        # another error; the error-code reference names the string code below, and every other route answers
        # {code, message}, so this one does too.
        raise ApiError(400, "search_page_token_expired",
                       "The token that identifies the page to be retrieved is expired or invalid. You must make "
                       f"a new search request. Token: `{token}`.")
    session, page = found
    include = params.bool("include_user_metadata", session.include_user_metadata)
    return web.json_response(_page(context, session, page, include))


def _clip_json(context: EmulatorContext, session: SearchSession, clip: Clip, thumbnails: bool,
               include: bool) -> dict[str, Any]:
    item: dict[str, Any]
    if session.surface_2026:
        item = {"rank": session.clip_ranks[clip], "start": clip.start, "end": clip.end, "video_id": clip.video_id}
    else:
        item = {"score": clip.score, "start": clip.start, "end": clip.end, "video_id": clip.video_id,
                "confidence": clip.confidence}
    if thumbnails:
        item["thumbnail_url"] = f"/_emulator/thumbnails/{clip.video_id}.png"
    if clip.transcription is not None:
        item["transcription"] = clip.transcription
    if include:
        video = context.state.videos.get(clip.video_id)
        if video is not None and video.user_metadata:
            item["user_metadata"] = dict(video.user_metadata)
    return item


def _page(context: EmulatorContext, session: SearchSession, page: int, include: bool) -> dict[str, Any]:
    index = context.state.indexes.get(session.index_id)
    thumbnails = index is not None and "thumbnail" in index.addons
    data: list[dict[str, Any]] = []
    first = (page - 1) * session.page_limit
    for n, item in enumerate(page_slice(session, page), start=first + 1):
        if session.group_by == "video":
            video_id, clips = item
            group: dict[str, Any] = {"id": video_id}
            if session.surface_2026:
                group["rank"] = n  # the video's place among the matching videos
            group["clips"] = [_clip_json(context, session, c, thumbnails, include) for c in clips]
            if include:
                video = context.state.videos.get(video_id)
                if video is not None and video.user_metadata:
                    group["user_metadata"] = dict(video.user_metadata)
            data.append(group)
        else:
            data.append(_clip_json(context, session, item, thumbnails, include))
    page_info: dict[str, Any] = {
        "limit_per_page": session.page_limit,
        "page_expires_at": rfc3339(session.expires_at),
        "total_results": len(session.results),
    }
    if session.group_by == "video":
        page_info["total_inner_matches"] = sum(len(clips) for _vid, clips in session.results)
    if page < len(session.tokens):
        page_info["next_page_token"] = session.tokens[page]
    if page > 1:
        page_info["prev_page_token"] = session.tokens[page - 2]
    videos = index.videos.values() if index is not None else []
    return {
        "data": data,
        "page_info": page_info,
        "search_pool": {"total_count": len(videos), "total_duration": round(sum(v.duration for v in videos), 3),
                        "index_id": session.index_id},
    }
