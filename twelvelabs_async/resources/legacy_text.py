"""``summarize``, ``gist`` and ``generate`` of SDK 1.0.0, kept working after the API removed their endpoints.

The API sunset ``/summarize`` and ``/gist`` on 2026-02-15 and ``/generate`` earlier; its own migration path is
``/analyze`` with a ``response_format`` JSON schema. These shims do exactly that and return the old result types,
so 1.0.0-era code keeps running (with a DeprecationWarning at its call site):

- ``summarize(video_id=..., type="summary" | "chapter" | "highlight")`` asks ``/analyze`` for JSON of the old
  shape and decodes it into ``SummaryResult`` / ``ChaptersResult`` / ``HighlightsResult``;
- ``gist(video_id=..., types=[...])`` does the same for ``GistResult``;
- ``generate(video_id=..., prompt=...)`` is ``analyze`` (``stream=True``: ``analyze_stream``).

A server of the seed era (the emulator's ``surface="2025"``) does not know ``response_format``: when it refuses
that parameter (``parameter_unknown``), the shim calls the old endpoint instead, which such a server still has.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from twelvelabs_async._errors import (
    PARAMETER_NOT_PROVIDED,
    APIResponseError,
    ArgumentError,
    ArgumentTypeError,
    ParameterUnknownError,
)

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._streaming import AnalyzeStream
    from twelvelabs_async.models import AnalyzeResult, GistResult, SummarizeResult

SUMMARIZE_TYPES = ("summary", "chapter", "highlight")
GIST_TYPES = ("title", "topic", "hashtag")

_STRING = {"type": "string"}
_NUMBER = {"type": "number"}
_SCHEMAS: dict[str, dict[str, Any]] = {
    "summary": {"type": "object", "properties": {"summary": _STRING}, "required": ["summary"]},
    "chapter": {
        "type": "object",
        "properties": {
            "chapters": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "chapter_number": {"type": "integer"},
                        "start_sec": _NUMBER,
                        "end_sec": _NUMBER,
                        "chapter_title": _STRING,
                        "chapter_summary": _STRING,
                    },
                    "required": ["chapter_number", "start_sec", "end_sec", "chapter_title", "chapter_summary"],
                },
            }
        },
        "required": ["chapters"],
    },
    "highlight": {
        "type": "object",
        "properties": {
            "highlights": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "start_sec": _NUMBER,
                        "end_sec": _NUMBER,
                        "highlight": _STRING,
                        "highlight_summary": _STRING,
                    },
                    "required": ["start_sec", "end_sec", "highlight", "highlight_summary"],
                },
            }
        },
        "required": ["highlights"],
    },
}
_INSTRUCTIONS = {
    "summary": "Summarize this video.",
    "chapter": "Split this video into chapters: for each, its number from 0, start and end in seconds, a title "
    "and a summary.",
    "highlight": "List the highlights of this video: for each, its start and end in seconds, a title and a summary.",
}
_GIST_MEMBERS = {"title": ("title", _STRING), "topic": ("topics", None), "hashtag": ("hashtags", None)}


def _gist_schema(types: Sequence[str]) -> dict[str, Any]:
    properties = {
        _GIST_MEMBERS[kind][0]: _STRING if kind == "title" else {"type": "array", "items": _STRING} for kind in types
    }
    return {"type": "object", "properties": properties, "required": list(properties)}


def _warn(name: str, instead: str) -> None:
    warnings.warn(
        f"{name}() is deprecated: the API removed /{name} in 2026; use {instead}",
        DeprecationWarning,
        stacklevel=3,
    )


def check_summarize_type(value: object) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError("type", f"expected str, got {type(value).__name__}")
    if value not in SUMMARIZE_TYPES:
        raise ArgumentError("type", f"must be one of {', '.join(map(repr, SUMMARIZE_TYPES))}, got {value!r}")
    return value


def check_text(name: str, value: object) -> str:
    """A required str argument of a shim (the route it calls would name another parameter)."""
    if value is None:
        raise ArgumentError(name, "is required", code=PARAMETER_NOT_PROVIDED)
    if not isinstance(value, str):
        raise ArgumentTypeError(name, f"expected str, got {type(value).__name__}")
    return value


def check_gist_types(value: object) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if isinstance(items, Mapping) or not isinstance(items, Sequence):
        raise ArgumentTypeError("types", f"expected a str or a sequence of str, got {type(value).__name__}")
    if not items:
        raise ArgumentError("types", "needs at least one of 'title', 'topic', 'hashtag'")
    for item in items:
        if not isinstance(item, str):
            raise ArgumentTypeError("types", f"items must be str, got {type(item).__name__}")
        if item not in GIST_TYPES:
            raise ArgumentError("types", f"items must be among {', '.join(map(repr, GIST_TYPES))}, got {item!r}")
    return list(dict.fromkeys(items))


def _answer(result: AnalyzeResult, what: str) -> dict[str, Any]:
    if result.finish_reason == "length":
        raise APIResponseError(f"the {what} answer was cut short (finish_reason=length), so it is not whole JSON")
    try:
        data = json.loads(result.data or "")
    except ValueError:
        raise APIResponseError(
            f"the {what} answer is not the JSON asked for", body=(result.data or "")[:2000]
        ) from None
    if not isinstance(data, dict):
        raise APIResponseError(f"the {what} answer is not a JSON object", body=(result.data or "")[:2000])
    return data


class AsyncLegacyTextHelpers:
    _client: AsyncTwelveLabs

    async def _analyze_json(
        self,
        video_id: str,
        prompt: str,
        schema: dict[str, Any],
        temperature: float | None,
        options: RequestOptions | None,
    ) -> AnalyzeResult:
        from twelvelabs_async.routes.analyze import analyze

        args = {
            "video_id": video_id,
            "prompt": prompt,
            "temperature": temperature,
            "response_format": {"type": "json_schema", "json_schema": schema},
        }
        return await self._client._call(analyze, args, options)

    async def _legacy_post(self, path: str, body: dict[str, Any], options: RequestOptions | None) -> Any:
        return await self._client.request("POST", path, json=body, idempotent=True, request_options=options)

    async def _summarize(
        self,
        video_id: str,
        type: str,
        prompt: str | None,
        temperature: float | None,
        request_options: RequestOptions | None,
    ) -> SummarizeResult:
        from twelvelabs_async import _converter
        from twelvelabs_async.models import Chapter, ChaptersResult, Highlight, HighlightsResult, SummaryResult

        kind = check_summarize_type(type)
        check_text("video_id", video_id)
        instruction = _INSTRUCTIONS[kind] + (f" {prompt}" if prompt else "")
        try:
            result = await self._analyze_json(video_id, instruction, _SCHEMAS[kind], temperature, request_options)
        except ParameterUnknownError:
            body = {"video_id": video_id, "type": kind, "prompt": prompt, "temperature": temperature}
            data = await self._legacy_post(
                "/summarize", {k: v for k, v in body.items() if v is not None}, request_options
            )
            return _converter.structure_summarize(data)
        answer = _answer(result, "summarize")
        if kind == "summary":
            return SummaryResult(
                id=result.id, summary=str(answer.get("summary", "")), usage=result.usage, summarize_type=kind
            )
        if kind == "chapter":
            chapters = [
                Chapter(
                    chapter_number=item.get("chapter_number"),
                    start=item.get("start_sec"),
                    end=item.get("end_sec"),
                    chapter_title=item.get("chapter_title"),
                    chapter_summary=item.get("chapter_summary"),
                    start_sec=item.get("start_sec"),
                    end_sec=item.get("end_sec"),
                )
                for item in answer.get("chapters") or []
                if isinstance(item, dict)
            ]
            return ChaptersResult(id=result.id, chapters=chapters, usage=result.usage, summarize_type=kind)
        highlights = [
            Highlight(
                start=item.get("start_sec"),
                end=item.get("end_sec"),
                highlight=item.get("highlight"),
                highlight_summary=item.get("highlight_summary"),
                start_sec=item.get("start_sec"),
                end_sec=item.get("end_sec"),
            )
            for item in answer.get("highlights") or []
            if isinstance(item, dict)
        ]
        return HighlightsResult(id=result.id, highlights=highlights, usage=result.usage, summarize_type=kind)

    def summarize(
        self,
        *,
        video_id: str,
        type: Literal["summary", "chapter", "highlight"] | str,
        prompt: str | None = None,
        temperature: float | None = None,
        request_options: RequestOptions | None = None,
    ) -> Coroutine[Any, Any, SummarizeResult]:
        """Summarize a video, or split it into chapters or highlights (SDK 1.0.0; deprecated).

        The API removed ``/summarize`` in 2026: this asks ``/analyze`` (with ``video_id``, which needs an index
        with Pegasus 1.2) for JSON of the old shape and returns the old result type. New code: ``analyze`` with
        ``video=...`` and ``response_format``.

        Args:
            video_id: The video to summarize.
            type: ``summary``, ``chapter`` or ``highlight``.
            prompt: Extra instructions for the model.
            temperature: Randomness of the text, 0 to 1.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            An awaitable of ``SummaryResult``, ``ChaptersResult`` or ``HighlightsResult``, by ``type`` (a plain
            method, so that its DeprecationWarning names the caller's line even when the call runs in a task).
        """
        _warn("summarize", "analyze(video=..., response_format={...})")
        return self._summarize(video_id, type, prompt, temperature, request_options)

    async def _gist(
        self, video_id: str, types: Sequence[str] | str, request_options: RequestOptions | None
    ) -> GistResult:
        from twelvelabs_async import _converter
        from twelvelabs_async.models import GistResult

        kinds = check_gist_types(types)
        check_text("video_id", video_id)
        prompt = (
            "Give this video "
            + ", ".join({"title": "a title", "topic": "its topics", "hashtag": "hashtags"}[kind] for kind in kinds)
            + "."
        )
        try:
            result = await self._analyze_json(video_id, prompt, _gist_schema(kinds), None, request_options)
        except ParameterUnknownError:
            data = await self._legacy_post("/gist", {"video_id": video_id, "types": kinds}, request_options)
            return _converter.structure(data, GistResult)
        answer = _answer(result, "gist")

        def strings(key: str) -> list[str] | None:
            value = answer.get(key)
            return [str(item) for item in value] if isinstance(value, list) else None

        title = answer.get("title")
        return GistResult(
            id=result.id,
            title=str(title) if "title" in kinds and title is not None else None,
            topics=strings("topics") if "topic" in kinds else None,
            hashtags=strings("hashtags") if "hashtag" in kinds else None,
            usage=result.usage,
        )

    def gist(
        self,
        *,
        video_id: str,
        types: Sequence[Literal["title", "topic", "hashtag"] | str] | str,
        request_options: RequestOptions | None = None,
    ) -> Coroutine[Any, Any, GistResult]:
        """Generate a title, topics and/or hashtags for a video (SDK 1.0.0; deprecated).

        The API removed ``/gist`` in 2026: this asks ``/analyze`` for JSON of the old shape and returns a
        ``GistResult``. New code: ``analyze`` with ``response_format``.

        Args:
            video_id: The video to describe.
            types: Any of ``title``, ``topic``, ``hashtag``.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            An awaitable of ``GistResult`` with the requested members (the others None).
        """
        _warn("gist", "analyze(video=..., response_format={...})")
        return self._gist(video_id, types, request_options)

    @overload
    def generate(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        stream: Literal[False] = False,
        request_options: RequestOptions | None = None,
    ) -> Coroutine[Any, Any, AnalyzeResult]: ...

    @overload
    def generate(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        stream: Literal[True],
        request_options: RequestOptions | None = None,
    ) -> AnalyzeStream: ...

    def generate(
        self,
        *,
        video_id: str,
        prompt: str,
        temperature: float | None = None,
        stream: bool = False,
        request_options: RequestOptions | None = None,
    ) -> Coroutine[Any, Any, AnalyzeResult] | AnalyzeStream:
        """Generate open-ended text from a video (SDK 1.0.0; deprecated): the same as ``analyze`` with
        ``video_id`` (``stream=True``: ``analyze_stream``).

        Args:
            video_id: The video to analyze (in an index with Pegasus 1.2).
            prompt: Instructions for the model.
            temperature: Randomness of the text, 0 to 1.
            stream: True for an ``AnalyzeStream`` of events, False (default) for the whole ``AnalyzeResult``.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.
        """
        from twelvelabs_async.routes.analyze import analyze, analyze_stream

        _warn("generate", "analyze(video=..., prompt=...) or analyze_stream(...)")
        check_text("video_id", video_id)
        check_text("prompt", prompt)
        args = {"video_id": video_id, "prompt": prompt, "temperature": temperature}
        if stream:
            return self._client._stream(analyze_stream, args, request_options)
        return self._client._call(analyze, args, request_options)


__all__ = ["AsyncLegacyTextHelpers", "GIST_TYPES", "SUMMARIZE_TYPES", "check_gist_types", "check_summarize_type"]
