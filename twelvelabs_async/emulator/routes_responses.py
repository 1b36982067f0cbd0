"""``POST /responses`` (surface 2026): Jockey reasons over a knowledge store and streams its answer as
server-sent events (:mod:`.sse`), as the 2026-07 spec describes it.

Request: ``knowledge_store_id``, ``input`` (user messages ``{type: "message", role: "user", content}``, content
1-10,000 characters), ``stream`` (required, and only ``true``: the spec's ``enum: [true]``; the official SDK
1.3.6's non-streaming ``create`` sends ``false`` and gets a 400 here), and optionally ``session_id``,
``instructions``, ``include: ["intermediate_outputs"]``, ``selections`` (``{kind: item|collection, id}``, ids
``ksi_...`` / ``ksic_...`` of the store, referred to as ``{{sel:N}}`` in a message) and ``text.format``
(``{type: "text"}`` or ``{type: "json_schema", name, schema, description?, strict?}``).

The stream, one ``sequence_number`` counter for all events::

    response.created            (the response, in_progress, with its id and session id)
    response.in_progress
    [with include=intermediate_outputs: a function_call item (output_item.added,
     function_call_arguments.done, output_item.done) and its function_call_output item]
    response.output_item.added  (the assistant message, in_progress, one empty output_text part)
    response.content_part.added
    response.output_text.delta  (several: the deltas spell the answer)
    response.output_text.done   (the whole text)
    response.content_part.done
    response.output_item.done   (the message, completed)
    response.completed          (the response with its output and usage)
    data: [DONE]                (documented: "The stream ends with a data: [DONE] message.")

The answer is deterministic: it names the store's ready items that match the question best (the knowledge
store search of :mod:`.routes_knowledge`, visual and audio), with a time range for videos, or says that none
does. With ``selections`` (those of this request and the earlier turns of the session) the answer keeps to the
selected items and the members of the selected collections when any of them is ready; the items a message points
at with ``{{sel:N}}`` are always part of its answer. A later turn of a
session refers to the previous question; ``instructions`` are acknowledged at the end of the answer. With a
``json_schema`` format the text is JSON valid against the schema (:mod:`.structured`), made of the matching
items' words.

``response.failed`` (after created and in_progress; the response's ``status`` is ``failed`` and its output
empty, the spec's ``ResponseObject`` having no error field) when the store has no ready item, or when a message
or the instructions contain ``[emulator:fail]``.

Errors before the stream are JSON: 400 for invalid parameters and for a ``session_id`` of another store (the
spec's rule), 404 for an unknown store or session (the spec declares only 400; the emulator answers unknown ids
with 404 everywhere).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from . import generation, structured
from .clock import rfc3339
from .content import join_words, name_words, stable_int
from .context import ctx, read_json
from .errors import ApiError
from .knowledge_search import Hit, Match, query_words
from .knowledge_state import KnowledgeItem, KnowledgeStore, ResponseSession, ResponseTurn, seeded_part
from .params import JsonParams
from .routes_knowledge import search_store
from .sse import SseWriter
from .state import EmulatorState

__all__ = ["routes"]

routes = web.RouteTableDef()

FIELDS = ("knowledge_store_id", "input", "session_id", "instructions", "include", "stream", "selections", "text")
MAX_CONTENT_CHARS = 10_000
FAIL_TRIGGER = "[emulator:fail]"
TOOL_NAME = "search_knowledge_store"
CONTEXT_TOKENS_PER_ITEM = 64  # made up but stable: what one item adds to the model's context
_SELECTION = re.compile(r"\{\{sel:(\d+)\}\}")
_PIECE = re.compile(r"\s*\S+|\s+$")
_PREFIXES = {"item": "ksi_", "collection": "ksic_"}


# --- the request ----------------------------------------------------------------------------------------------


def _object(value: Any, name: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError.invalid(name, "It must be an object.")
    unknown = [f"{name}.{key}" for key in value if key not in allowed]
    if unknown:
        raise ApiError.unknown(unknown)
    return value


def _inputs(params: JsonParams) -> list[str]:
    raw = params.body.get("input")
    if raw is None:
        raise ApiError.not_provided("input")
    if not isinstance(raw, list) or not raw:
        raise ApiError.invalid("input", "It must be a non-empty array of input items.")
    contents = []
    for n, entry in enumerate(raw):
        where = f"input[{n}]"
        item = _object(entry, where, ("type", "role", "content"))
        for key, want in (("type", "message"), ("role", "user")):
            if item.get(key) is None:
                raise ApiError.not_provided(f"{where}.{key}")
            if item[key] != want:
                raise ApiError.invalid(f"{where}.{key}", f"Use `{want}`.")
        content = item.get("content")
        if content is None:
            raise ApiError.not_provided(f"{where}.content")
        if not isinstance(content, str) or not 1 <= len(content) <= MAX_CONTENT_CHARS:
            raise ApiError.invalid(f"{where}.content", f"It must be a string of 1 to {MAX_CONTENT_CHARS:,} "
                                                       "characters.")
        contents.append(content)
    return contents


def _selections(params: JsonParams, store: KnowledgeStore) -> list[tuple[str, str]]:
    raw = params.body.get("selections")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ApiError.invalid("selections", "It must be an array.")
    out = []
    for n, entry in enumerate(raw):
        where = f"selections[{n}]"
        selection = _object(entry, where, ("kind", "id"))
        kind, ident = selection.get("kind"), selection.get("id")
        if kind is None or ident is None:
            raise ApiError.not_provided(f"{where}.{'kind' if kind is None else 'id'}")
        if kind not in _PREFIXES:
            raise ApiError.invalid(f"{where}.kind", "Use `item` or `collection`.")
        if not isinstance(ident, str) or not ident.startswith(_PREFIXES[kind]):
            raise ApiError.invalid(f"{where}.id", f"An {kind} id starts with `{_PREFIXES[kind]}`.")
        known = store.items if kind == "item" else store.collections
        if ident not in known:
            raise ApiError.invalid(f"{where}.id", f"`{ident}` is not an {kind} of the knowledge store "
                                                  f"`{store.id}`.")
        out.append((kind, ident))
    return out


def _text_schema(params: JsonParams) -> dict[str, Any] | None:
    """The ``json_schema`` of ``text.format``, or ``None`` for plain text."""
    raw = params.body.get("text")
    if raw is None:
        return None
    text = _object(raw, "text", ("format",))
    if text.get("format") is None:
        return None
    fmt = text["format"]
    if not isinstance(fmt, dict):
        raise ApiError.invalid("text.format", "It must be an object.")
    kind = fmt.get("type")
    if kind is None:
        raise ApiError.not_provided("text.format.type")
    if kind == "text":
        _object(fmt, "text.format", ("type",))
        return None
    if kind != "json_schema":
        raise ApiError.invalid("text.format.type", "Use `text` or `json_schema`.")
    _object(fmt, "text.format", ("type", "name", "description", "schema", "strict"))
    for key in ("name", "schema"):
        if fmt.get(key) is None:
            raise ApiError.not_provided(f"text.format.{key}")
    if not isinstance(fmt["name"], str) or not fmt["name"]:
        raise ApiError.invalid("text.format.name", "It must be a non-empty string.")
    if not isinstance(fmt["schema"], dict):
        raise ApiError.invalid("text.format.schema", "It must be a JSON Schema object.")
    if fmt.get("description") is not None and not isinstance(fmt["description"], str):
        raise ApiError.invalid("text.format.description")
    if fmt.get("strict") is not None and not isinstance(fmt["strict"], bool):
        raise ApiError.invalid("text.format.strict")
    return dict(fmt["schema"])


def _check_tokens(contents: list[str], selections: list[tuple[str, str]]) -> None:
    for n, content in enumerate(contents):
        for match in _SELECTION.finditer(content):
            if int(match.group(1)) >= len(selections):
                raise ApiError.invalid(f"input[{n}].content", f"`{match.group(0)}` refers to no entry of "
                                                              "`selections` (N is a zero-based position in it).")


# --- the answer -----------------------------------------------------------------------------------------------


def _selection_name(store: KnowledgeStore, kind: str, ident: str) -> str:
    if kind == "item":
        item = store.items.get(ident)
        return item.filename if item is not None else ident
    collection = store.collections.get(ident)
    return f"the collection {collection.name}" if collection is not None else ident


def _scope(state: EmulatorState, store: KnowledgeStore, selections: list[tuple[str, str]]) -> list[KnowledgeItem]:
    """The ready items the answer draws on: the selected ones when any of them is ready, else all."""
    ready = state.ready_items(store)
    chosen: set[str] = set()
    for kind, ident in selections:
        if kind == "item":
            chosen.add(ident)
        elif ident in store.collections:
            chosen.update(store.collections[ident].members)
    selected = [item for item in ready if item.id in chosen]
    return selected or ready


def _referenced(store: KnowledgeStore, scope: list[KnowledgeItem], hits: list[Hit],
                selections: list[tuple[str, str]]) -> list[Hit]:
    """Items the question points at with ``{{sel:N}}`` are what it is about, matching words or not: those in
    scope that the search did not find are added after its hits (a video from its start)."""
    wanted: set[str] = set()
    for kind, ident in selections:
        wanted.update([ident] if kind == "item" else store.collections[ident].members)
    found = {hit.item_id for hit in hits}
    extra = []
    for item in scope:
        if item.id in wanted and item.id not in found:
            duration = float(getattr(item.info, "duration", None) or 60.0)
            matches = (Match(0.0, min(10.0, duration), ("visual",), None, 0.0),) if item.asset_type == "video" else ()
            extra.append(Hit(item.id, item.asset_type, 0.0, matches))
    return extra


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _plain_answer(store: KnowledgeStore, question: str, hits: list[Hit], scope: list[KnowledgeItem],
                  session: ResponseSession, instructions: str | None) -> str:
    quoted = question.strip().replace("\n", " ")[:120]
    if hits:
        parts = []
        for hit in hits[:3]:
            item = store.items[hit.item_id]
            part = f"{item.filename} shows {join_words(name_words(item.filename))}"
            if hit.matches:
                match = hit.matches[0]
                part += f" [{_clock(match.start)}-{_clock(match.end)}]"
            parts.append(part)
        text = f"Regarding \"{quoted}\": " + "; ".join(parts) + "."
        if len(hits) > 3:
            text += f" {len(hits) - 3} more item(s) also match."
    else:
        names = ", ".join(item.filename for item in scope[:3])
        text = f"None of the {len(scope)} item(s) I looked at matches \"{quoted}\"; they include {names}."
    if session.turns:
        previous = session.turns[-1].question.strip().replace("\n", " ")[:80]
        text = f"Following up on your earlier question \"{previous}\": {text}"
    if instructions and instructions.strip():
        text += f" (Answered as instructed: {instructions.strip()[:120]})"
    return text


def _pieces(text: str, seed: str) -> list[str]:
    """The answer cut into deltas of 1-4 words (their concatenation is the text, whitespace included)."""
    words = _PIECE.findall(text) or [text]
    out: list[str] = []
    n = 0
    while n < len(words):
        size = 1 + stable_int(seed, n) % 4
        out.append("".join(words[n: n + size]))
        n += size
    return out


def _text_part(text: str) -> dict[str, Any]:
    """An ``output_text`` content part. The 2026-07 spec's part has ``type`` and ``text`` only; the official SDK
    1.3.6 (whose docs example shows the platform sending them) requires ``annotations`` as well and silently
    drops every event whose part lacks it, so the emulator sends an empty list: more than the spec declares,
    nothing that contradicts it (the emulator makes no citations)."""
    return {"type": "output_text", "text": text, "annotations": []}


def _tokens(text: str) -> int:
    return len(text.split())


# --- the handler ----------------------------------------------------------------------------------------------


@routes.post("/responses")
async def create_response(request: web.Request) -> web.StreamResponse:
    state = ctx(request).state
    params = await read_json(request, FIELDS)
    store_id = params.req_str("knowledge_store_id")
    contents = _inputs(params)
    if params.body.get("stream") is None:
        raise ApiError.not_provided("stream")
    if params.body["stream"] is not True:
        raise ApiError.invalid("stream", "Only `true` is supported: the response is always streamed as server-sent "
                                         "events.")
    instructions = params.str("instructions")
    include = params.strings("include", choices=("intermediate_outputs",))
    schema = _text_schema(params)
    session_id = params.str("session_id")
    with state.lock:
        store = state.knowledge_stores.get(store_id)
        if store is None:
            raise ApiError.not_found(store_id, "knowledge_stores")
        new_selections = _selections(params, store)
        _check_tokens(contents, new_selections)
        if session_id is not None:
            found = state.response_sessions.get(session_id)
            if found is None:
                raise ApiError.not_found(session_id, "sessions")
            if found.store_id != store.id:
                raise ApiError.invalid("knowledge_store_id", f"The session `{session_id}` was created against "
                                                             f"the knowledge store `{found.store_id}`.")
            session = found
        else:
            session = state.create_response_session(store.id)
        for selection in new_selections:  # "selections sent on later turns are added to that context"
            if selection not in session.selections:
                session.selections.append(selection)
        question = _SELECTION.sub(lambda m: _selection_name(store, *new_selections[int(m.group(1))]), contents[-1])
        scope = _scope(state, store, session.selections)
        failed = not scope or any(FAIL_TRIGGER in c for c in contents) or FAIL_TRIGGER in (instructions or "")
        hits = [] if failed else search_store(state, store, question, item_ids={i.id for i in scope},
                                              modalities=["visual", "audio"], group_by="item")
        hits += _referenced(store, scope, hits, [new_selections[int(m.group(1))]
                                                 for m in _SELECTION.finditer(contents[-1])])
        history = list(session.turns)
        text = ""
        if not failed:
            if schema is not None:
                words = [w for hit in hits[:3] for w in name_words(store.items[hit.item_id].filename)]
                words += list(query_words(question))
                try:
                    value = structured.generate(schema, list(dict.fromkeys(words)),
                                                (seeded_part(store.id), seeded_part(session.id), len(history),
                                                 question))
                except ApiError as err:
                    raise ApiError.invalid("text.format.schema", err.message) from None
                text = json.dumps(value, ensure_ascii=False)
            else:
                text = _plain_answer(store, question, hits, scope, session, instructions)
        response_id = state.prefixed_id("resp")
        created_at = rfc3339(state.clock.now())
        first_output = session.output_items
        session.output_items += (3 if "intermediate_outputs" in include else 1) if not failed else 0
        if not failed:
            # The platform produced the answer whether or not the client reads it to the end.
            session.turns.append(ResponseTurn(response_id, question, text, state.clock.now()))
    usage = {"input_tokens": sum(_tokens(c) for c in contents) + _tokens(instructions or "")
             + sum(_tokens(t.question) + _tokens(t.answer) for t in history) + CONTEXT_TOKENS_PER_ITEM * len(scope),
             "output_tokens": generation.output_tokens(text) if text else 0}
    base = {"id": response_id, "type": "response", "status": "in_progress", "output": [], "session_id": session.id,
            "knowledge_store_id": store.id, "created_at": created_at}
    stream = _Stream(SseWriter(request))
    await stream.writer.start()
    if not await stream.emit("response.created", {"response": base}):
        return stream.writer.response
    if not await stream.emit("response.in_progress", {"response": base}):
        return stream.writer.response
    if not await stream.writer.pause(ctx(request).config.response_think_seconds):
        return stream.writer.response
    if failed:
        await stream.emit("response.failed", {"response": {**base, "status": "failed"}}, final=True)
        return await stream.writer.done()
    output: list[dict[str, Any]] = []
    if "intermediate_outputs" in include:
        arguments = json.dumps({"query": question, "item_ids": [i.id for i in scope]}, ensure_ascii=False)
        results = json.dumps({"results": [{"item_id": h.item_id, "filename": store.items[h.item_id].filename,
                                           "rank": n} for n, h in enumerate(hits[:10], start=1)]},
                             ensure_ascii=False)
        call = {"type": "function_call", "id": f"fc_{session.id}_{first_output}", "status": "completed",
                "name": TOOL_NAME, "call_id": f"call_{response_id[5:]}", "arguments": arguments}
        result = {"type": "function_call_output", "id": f"fco_{session.id}_{first_output + 1}",
                  "status": "completed", "output": results}
        steps = [
            ("response.output_item.added", {"output_index": 0,
                                            "item": {**call, "status": "in_progress", "arguments": ""}}),
            ("response.function_call_arguments.done", {"item_id": call["id"], "output_index": 0,
                                                       "arguments": arguments}),
            ("response.output_item.done", {"output_index": 0, "item": call}),
            ("response.output_item.added", {"output_index": 1, "item": {**result, "status": "in_progress",
                                                                        "output": ""}}),
            ("response.output_item.done", {"output_index": 1, "item": result}),
        ]
        for kind, fields in steps:
            if not await stream.emit(kind, fields):
                return stream.writer.response
        output += [call, result]
    index = len(output)
    message_id = f"msg_{session.id}_{first_output + index}"
    message = {"type": "message", "id": message_id, "status": "in_progress", "role": "assistant",
               "content": [_text_part("")]}
    part = {"item_id": message_id, "output_index": index, "content_index": 0}
    if not await stream.emit("response.output_item.added", {"output_index": index, "item": message}):
        return stream.writer.response
    if not await stream.emit("response.content_part.added",
                             {**part, "part": _text_part("")}):
        return stream.writer.response
    for piece in _pieces(text, seeded_part(response_id)):
        if not await stream.emit("response.output_text.delta", {**part, "delta": piece}):
            return stream.writer.response
    done_message = {**message, "status": "completed", "content": [_text_part(text)]}
    for kind, fields in (("response.output_text.done", {**part, "text": text}),
                         ("response.content_part.done", {**part, "part": _text_part(text)}),
                         ("response.output_item.done", {"output_index": index, "item": done_message})):
        if not await stream.emit(kind, fields):
            return stream.writer.response
    output.append(done_message)
    completed = {**base, "status": "completed", "output": output, "usage": usage}
    if not await stream.emit("response.completed", {"response": completed}, final=True):
        return stream.writer.response
    return await stream.writer.done()


class _Stream:
    """Numbers the events of one response (one ``sequence_number`` counter for all of them)."""

    def __init__(self, writer: SseWriter) -> None:
        self.writer = writer
        self.sequence = 0

    async def emit(self, kind: str, fields: Mapping[str, Any], *, final: bool = False) -> bool:
        event = {"type": kind, "sequence_number": self.sequence, **fields}
        self.sequence += 1
        return await self.writer.event(event, final=final)
