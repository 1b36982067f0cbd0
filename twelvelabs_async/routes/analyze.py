"""Open-ended analysis of a video or images with Pegasus: `client.analyze` and `client.analyze_stream`.

The 1.0.0-era `summarize`, `gist` and `generate` are shims over these routes (`resources/legacy_text.py`): the
API removed their endpoints in 2026.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from twelvelabs_async._route_spec import Body, In, Kind, Param, Route, Streaming
from twelvelabs_async._shapes import ANALYZE_IMAGES, PROMPT_V2, RESPONSE_FORMAT, VIDEO_CONTEXT

if TYPE_CHECKING:
    from twelvelabs_async.models import AnalyzeResult

ANALYZE_MODELS = ("pegasus1.6", "pegasus1.5", "pegasus1.2")
MIN_WINDOW_SECONDS = 4.0


def _window_rules(args: Mapping[str, Any]) -> tuple[str, str] | None:
    start, end = args.get("start_time"), args.get("end_time")
    if start is not None and end is not None:
        if end <= start:
            return "end_time", "must be greater than start_time"
        if end - start < MIN_WINDOW_SECONDS:
            return "end_time", f"the analysis window must be at least {MIN_WINDOW_SECONDS:g} seconds"
    return None


def _params() -> tuple[Param, ...]:
    return (
        Param(
            "model_name",
            Kind.STR,
            In.BODY,
            "The Pegasus model (the API picks its default when omitted; `video_id` needs `pegasus1.2`).",
            choices=ANALYZE_MODELS,
        ),
        Param(
            "video",
            Kind.JSON,
            In.BODY,
            "The video to analyze. " + VIDEO_CONTEXT.doc,
            shape=VIDEO_CONTEXT,
        ),
        Param(
            "image",
            Kind.JSON,
            In.BODY,
            "Images to analyze instead of a video (pegasus1.6). " + ANALYZE_IMAGES.doc,
            shape=ANALYZE_IMAGES,
        ),
        Param(
            "video_id",
            Kind.STR,
            In.BODY,
            "A video of an index with Pegasus 1.2 (the 1.0.0-era source).",
            deprecated="the API will remove `video_id` and the official SDK 1.3.6 dropped it; "
            "give video={'type': 'asset_id', ...} or a URL instead.",
        ),
        Param("prompt", Kind.STR, In.BODY, "Instructions for the model, or a question about the video."),
        Param(
            "prompt_v_2",
            Kind.JSON,
            In.BODY,
            "A structured prompt with `<@name>` image placeholders (pegasus1.5 and later). " + PROMPT_V2.doc,
            wire_name="prompt_v2",
            shape=PROMPT_V2,
        ),
        Param(
            "temperature",
            Kind.FLOAT,
            In.BODY,
            "Randomness of the text; higher is more varied.",
            minimum=0.0,
            maximum=1.0,
            server_default=0.2,
        ),
        Param(
            "response_format",
            Kind.JSON,
            In.BODY,
            "Structured output: the answer is JSON valid against a schema. " + RESPONSE_FORMAT.doc,
            shape=RESPONSE_FORMAT,
        ),
        Param(
            "max_tokens",
            Kind.INT,
            In.BODY,
            "The longest answer, in tokens (pegasus1.2: 2 to 4,096; pegasus1.5: 512 to 98,304). A longer answer "
            "is cut with `finish_reason='length'`.",
            minimum=1,
        ),
        Param("start_time", Kind.FLOAT, In.BODY, "Start of the analysis window, in seconds (pegasus1.5+)."),
        Param(
            "end_time", Kind.FLOAT, In.BODY, "End of the analysis window, in seconds (at least 4 s after the start)."
        ),
    )


_RULES: dict[str, Any] = {
    "exactly_one_of": (("video", "image", "video_id"),),
    "at_most_one_of": (("prompt", "prompt_v_2"),),
    "checks": (_window_rules,),
}

analyze: Route[AnalyzeResult] = Route(
    "analyze",
    "POST",
    "/analyze",
    "Analyze a video (or images) and return the whole answer: text, or JSON with `response_format`.",
    params=_params(),
    body=Body.JSON,
    fixed_body={"stream": False},
    slow_answer=True,
    **_RULES,
)

analyze_stream: Route[AnalyzeResult] = Route(
    "analyze_stream",
    "POST",
    "/analyze",
    "Analyze a video (or images) as a stream of events; use `async for` or `async with`.",
    params=_params(),
    body=Body.JSON,
    fixed_body={"stream": True},
    streaming=Streaming.NDJSON,
    **_RULES,
)
