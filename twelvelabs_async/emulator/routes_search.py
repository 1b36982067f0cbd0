"""Search (#18 POST /search, #19 GET /search/{page-token})."""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from .clock import rfc3339
from .context import EmulatorContext, ctx, fault_of
from .errors import ApiError
from .listing import query_params
from .search import (
    Clip,
    SearchQuery,
    SearchSession,
    page_slice,
    parse_filter,
    query_words,
    run_search,
)
from .uploads import read_multipart

__all__ = ["routes"]

MAX_IMAGE_BYTES = 5 * 1024 * 1024
FIELDS = ("index_id", "search_options", "query_text", "query_media_type", "query_media_url",
          "adjust_confidence_level", "group_by", "threshold", "sort_option", "operator", "page_limit", "filter",
          "include_user_metadata")

routes = web.RouteTableDef()


def _image_words(path: str, filename: str) -> str:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ApiError.invalid("query_media_file", "The image must be a JPEG or PNG file.")
    return filename.rsplit(".", 1)[0]


@routes.post("/search")
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
        index = context.state.indexes.get(index_id)
        if index is None:
            raise ApiError.not_found(index_id, "indexes")
        if not index.has_family("marengo"):
            raise ApiError(400, "index_not_supported_for_search",
                           "You can only perform search requests on indexes with an engine from the Marengo "
                           "family enabled.")
        supported = index.options("marengo")
        for option in options:
            if option not in supported:
                raise ApiError(400, "search_option_not_supported",
                               f"Search option `{option}` is not supported for index `{index_id}`. Please use "
                               f"one of the following search options: `{', '.join(sorted(supported))}`.")
        text = params.str("query_text")
        media_type = params.str("query_media_type", choices=("image",))
        media_url = params.str("query_media_url")
        media_file = form.files.get("query_media_file")
        query_source = text or ""
        if media_url is not None or media_file is not None:
            if media_type is None:
                raise ApiError.not_provided("query_media_type")
            if media_url is not None:  # the URL wins when both are given
                parts = urlsplit(media_url)
                if parts.scheme not in ("http", "https") or not parts.netloc:
                    raise ApiError.invalid("query_media_url")
                query_source += " " + posixpath.basename(parts.path).rsplit(".", 1)[0]
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


@routes.get("/search/{page_token}")
async def next_page(request: web.Request) -> web.Response:
    params = query_params(request, ("include_user_metadata",))
    context = ctx(request)
    token = request.match_info["page_token"]
    found = context.sessions.lookup(token, context.state.clock.now())
    if found is None:
        raise ApiError(400, "search_page_token_expired",
                       "The token that identifies the page to be retrieved is expired or invalid. You must make "
                       f"a new search request. Token: `{token}`.")
    session, page = found
    include = params.bool("include_user_metadata", session.include_user_metadata)
    return web.json_response(_page(context, session, page, include))


def _clip_json(context: EmulatorContext, clip: Clip, thumbnails: bool, include: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"score": clip.score, "start": clip.start, "end": clip.end, "video_id": clip.video_id,
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
    for item in page_slice(session, page):
        if session.group_by == "video":
            video_id, clips = item
            group: dict[str, Any] = {"id": video_id,
                                     "clips": [_clip_json(context, c, thumbnails, include) for c in clips]}
            if include:
                video = context.state.videos.get(video_id)
                if video is not None and video.user_metadata:
                    group["user_metadata"] = dict(video.user_metadata)
            data.append(group)
        else:
            data.append(_clip_json(context, item, thumbnails, include))
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
