"""`POST /responses`: Jockey reasons over a knowledge store (`client.responses.create` / `create_stream`).

This module is deliberately NOT in the table (`routes.MODULES`): the route vocabulary renders an SSE route as
a plain ``ItemStream`` of items, while `create_stream` returns a ``ResponseStream`` that also gathers the text
and the final response, and `create` reads that stream to its end. Both are hand-written helpers
(`resources/responses.py`) over the one route below, which still drives validation and the wire, so a wrong
argument fails before any request exactly as for a generated method.

The 2026-07 spec only allows `"stream": true` on this endpoint (the official SDK 1.3.6's `create` sends
`false`, which the spec's `enum: [true]` refuses), so both methods stream: `create` returns the response that
the stream's `response.completed` (or `response.failed`) event carries, as 1.3.6's `create` returns it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from twelvelabs_async._errors import ArgumentError, ArgumentTypeError
from twelvelabs_async._route_spec import Body, In, Kind, Param, Route, Shape, Streaming
from twelvelabs_async._shapes import json_object

if TYPE_CHECKING:
    from twelvelabs_async.models import ResponseEvent

MAX_CONTENT_CHARS = 10_000
_SELECTION_PREFIXES = (("ksic_", "collection"), ("ksi_", "item"))  # the longer prefix first: ksic_ starts ksi_


def _type_name(value: object) -> str:
    return type(value).__name__


def _list_of(name: str, value: object) -> list[Any]:
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(name, f"expected a sequence, got {_type_name(value)}")
    return list(value)


def _message(name: str, entry: object, position: int) -> dict[str, Any]:
    item = {"content": entry} if isinstance(entry, str) else json_object(f"{name}[{position}]", entry)
    # The API knows one kind of input item today: a user message. Fill in what that implies.
    item = {"type": "message", "role": "user", **item}
    content = item.get("content")
    if not isinstance(content, str):
        raise ArgumentError(name, f"item {position} needs 'content', the message text (a str)")
    if not 1 <= len(content) <= MAX_CONTENT_CHARS:
        raise ArgumentError(name, f"item {position}: the content must be 1 to {MAX_CONTENT_CHARS:,} characters")
    return item


def response_input(name: str, value: object) -> list[dict[str, Any]]:
    """A str is one user message; a sequence holds messages as str or ``{'type', 'role', 'content'}``."""
    entries = [value] if isinstance(value, str) else _list_of(name, value)
    if not entries:
        raise ArgumentError(name, "needs at least one message")
    return [_message(name, entry, position) for position, entry in enumerate(entries)]


RESPONSE_INPUT = Shape(
    "str | Sequence[str | Mapping[str, Any] | Any]",
    response_input,
    "A str (one user message), or a list of messages: str, or `{'type': 'message', 'role': 'user', "
    f"'content': ...}}` (type and role may be left out). Each content is 1 to {MAX_CONTENT_CHARS:,} characters; "
    "`{{sel:N}}` in it refers to `selections[N]`.",
)


def _selection(name: str, entry: object, position: int) -> dict[str, Any]:
    if isinstance(entry, str):
        for prefix, kind in _SELECTION_PREFIXES:
            if entry.startswith(prefix):
                return {"kind": kind, "id": entry}
        raise ArgumentError(
            name, f"cannot tell the kind of {entry!r} from its prefix (ksi_ or ksic_): give {{'kind', 'id'}}"
        )
    selection = json_object(f"{name}[{position}]", entry)
    if not isinstance(selection.get("kind"), str) or not isinstance(selection.get("id"), str):
        raise ArgumentError(name, f"selection {position} needs 'kind' ('item' or 'collection') and 'id'")
    return selection


def response_selections(name: str, value: object) -> list[dict[str, Any]]:
    return [_selection(name, entry, position) for position, entry in enumerate(_list_of(name, value))]


RESPONSE_SELECTIONS = Shape(
    "Sequence[str | Mapping[str, Any] | Any]",
    response_selections,
    "Items or item collections to narrow the request to: ids (`ksi_...` is an item, `ksic_...` a collection) "
    "or `{'kind': 'item' | 'collection', 'id': ...}`.",
)

_JSON_SCHEMA_TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean", "null"})


def response_text(name: str, value: object) -> dict[str, Any]:
    """``{'format': {...}}``; the format alone; or a bare JSON schema (wrapped as a ``json_schema`` format)."""
    given = json_object(name, value)
    if "format" in given:
        text = given
    elif given.get("type") in ("text", "json_schema"):
        text = {"format": given}
    elif given.get("type") in _JSON_SCHEMA_TYPES or "properties" in given:
        text = {"format": {"type": "json_schema", "name": "response", "schema": given}}
    else:
        raise ArgumentError(name, "give {'format': {...}}, a format {'type': 'text' | 'json_schema', ...}, or a schema")
    fmt = text["format"]
    if not isinstance(fmt, dict) or not isinstance(fmt.get("type"), str):
        raise ArgumentError(name, "'format' needs a 'type': 'text' or 'json_schema'")
    named = isinstance(fmt.get("name"), str) and isinstance(fmt.get("schema"), dict)
    if fmt["type"] == "json_schema" and not named:
        raise ArgumentError(name, "a 'json_schema' format needs 'name' (a str) and 'schema' (the schema object)")
    return text


RESPONSE_TEXT = Shape(
    "Mapping[str, Any] | Any",
    response_text,
    "The output format: `{'format': {'type': 'text'}}` (the default) or `{'format': {'type': 'json_schema', "
    "'name': ..., 'schema': {...}}}`; a bare JSON schema is wrapped for you (named `response`).",
)


def params() -> tuple[Param, ...]:
    return (
        Param("knowledge_store_id", Kind.STR, In.BODY, "The knowledge store to reason over.", required=True),
        Param("input", Kind.JSON, In.BODY, "The request. " + RESPONSE_INPUT.doc, required=True,
              shape=RESPONSE_INPUT),
        Param(
            "session_id",
            Kind.STR,
            In.BODY,
            "Continue a conversation: the `session_id` of an earlier response (of the same knowledge store).",
        ),
        Param("instructions", Kind.STR, In.BODY, "Extra guidance for Jockey, as a per-request system prompt."),
        Param(
            "include",
            Kind.STR_LIST,
            In.BODY,
            "Also put these in the output: `intermediate_outputs` (the steps taken).",
            choices=("intermediate_outputs",),
        ),
        Param("selections", Kind.JSON, In.BODY, RESPONSE_SELECTIONS.doc, shape=RESPONSE_SELECTIONS),
        Param("text", Kind.JSON, In.BODY, RESPONSE_TEXT.doc, shape=RESPONSE_TEXT),
    )


responses_create_stream: Route[ResponseEvent] = Route(
    "responses.create_stream",
    "POST",
    "/responses",
    "Ask Jockey about the content of a knowledge store; the answer streams as typed server-sent events.",
    params=params(),
    body=Body.JSON,
    fixed_body={"stream": True},
    streaming=Streaming.SSE,
    # A retry would ask the question twice (and add a turn to the session).
    idempotent=False,
    response="ResponseEvent",
)
