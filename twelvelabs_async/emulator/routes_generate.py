"""Seed-era text generation (surface 2025): /summarize (#25), /gist (#26), /generate (#27), /analyze (#28).

``/generate`` and ``/analyze`` stream NDJSON by default (``stream`` is ``true`` unless sent as ``false``); see
:mod:`.streaming`. Today's ``/analyze`` is :mod:`.routes_analyze`.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from . import generation
from .context import ctx, read_json
from .errors import ApiError
from .params import JsonParams
from .state import Video
from .streaming import write_text_stream

__all__ = ["analyze_routes", "routes"]

MAX_PROMPT_TOKENS = 2000

routes = web.RouteTableDef()
analyze_routes = web.RouteTableDef()


def _video(request: web.Request, params: JsonParams) -> Video:
    state = ctx(request).state
    video_id = params.req_str("video_id")
    video = state.videos.get(video_id)
    if video is None:
        raise ApiError.not_found(video_id, "videos")
    index = state.indexes.get(video.index_id)
    if index is None or not index.has_family("pegasus"):
        raise ApiError(400, "index_not_supported_for_generate",
                       "You can only summarize videos uploaded to an index with an engine from the Pegasus family "
                       "enabled.")
    return video


def _prompt(params: JsonParams, *, required: bool) -> str | None:
    prompt = params.str("prompt", required=required)
    if prompt is not None and len(prompt.split()) > MAX_PROMPT_TOKENS:
        raise ApiError(400, "token_limit_exceeded",
                       "Your request could not be processed due to exceeding maximum token limit. Please try with "
                       "another request or another video with shorter duration.")
    params.float("temperature", 0.2, lo=0.0, hi=1.0)
    return prompt


def _generation_id(request: web.Request) -> str:
    return ctx(request).state.new_id()


@routes.post("/summarize")
async def summarize(request: web.Request) -> web.Response:
    params = await read_json(request, ("video_id", "type", "prompt", "temperature"))
    kind = params.req_str("type", choices=("summary", "chapter", "highlight"))
    video = _video(request, params)
    prompt = _prompt(params, required=False)
    body: dict[str, Any] = {"id": _generation_id(request), "summarize_type": kind}
    if kind == "summary":
        body["summary"] = generation.summary(video, prompt)
        text = body["summary"]
    elif kind == "chapter":
        body["chapters"] = generation.chapters(video)
        text = json.dumps(body["chapters"])
    else:
        body["highlights"] = generation.highlights(video)
        text = json.dumps(body["highlights"])
    body["usage"] = {"output_tokens": generation.output_tokens(text)}
    return web.json_response(body)


@routes.post("/gist")
async def gist(request: web.Request) -> web.Response:
    params = await read_json(request, ("video_id", "types"))
    types = params.strings("types", required=True, choices=("title", "topic", "hashtag"))
    video = _video(request, params)
    body: dict[str, Any] = {"id": _generation_id(request), **generation.gist(video, types)}
    body["usage"] = {"output_tokens": generation.output_tokens(json.dumps(body))}
    return web.json_response(body)


async def _open_ended(request: web.Request) -> web.StreamResponse:
    params = await read_json(request, ("video_id", "prompt", "temperature", "stream"))
    video = _video(request, params)
    prompt = _prompt(params, required=True) or ""
    stream = params.bool("stream", True)
    text = generation.answer(video, prompt)
    generation_id = _generation_id(request)
    config = ctx(request).config
    events = generation.requested_events(prompt) or config.stream_events
    pieces: list[str] | None = None
    if events is not None:
        # The answer is what the stream's events spell, so analyze() and analyze_stream() agree on the text.
        pieces = list(generation.fragments(text, events, generation_id))
        text = "".join(pieces)
    tokens = events if events is not None else generation.output_tokens(text)
    if not stream:
        return web.json_response({"id": generation_id, "data": text, "usage": {"output_tokens": tokens}})
    fragments = pieces if pieces is not None else generation.fragments(text, None, generation_id)
    end = {"event_type": "stream_end",
           "metadata": {"generation_id": generation_id, "usage": {"output_tokens": tokens}}}
    return await write_text_stream(request, generation_id, fragments, end)


@routes.post("/generate")
async def generate(request: web.Request) -> web.StreamResponse:
    return await _open_ended(request)


@analyze_routes.post("/analyze")
async def analyze(request: web.Request) -> web.StreamResponse:
    return await _open_ended(request)
