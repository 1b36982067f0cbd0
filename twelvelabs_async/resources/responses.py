"""``client.responses``: Jockey over a knowledge store (hand-written; see ``routes/responses.py`` for why).

Both methods take the official SDK 1.3.6's parameters and validate them against the one route before any
request. ``create_stream`` returns a ``ResponseStream`` of typed events; ``create`` reads that stream and returns
the final ``ResponseObject``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    # Types only: the stream machinery and the models load on first use, keeping `import` of the client light.
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._response_stream import ResponseStream
    from twelvelabs_async.models import ResponseObject

_ARGS_DOC = """
        Args:
            knowledge_store_id: The knowledge store to reason over.
            input: The request: a str (one user message), or a list of messages (str, or
                ``{'type': 'message', 'role': 'user', 'content': ...}``; type and role may be left out). Each
                content is 1 to 10,000 characters; ``{{sel:N}}`` in it refers to ``selections[N]``.
            session_id: Continue a conversation: the ``session_id`` of an earlier response (same store).
            instructions: Extra guidance for Jockey, as a per-request system prompt.
            include: ``["intermediate_outputs"]`` also puts the steps taken in the output.
            selections: Items or item collections to narrow the request to: ids (``ksi_...`` is an item,
                ``ksic_...`` a collection) or ``{'kind': 'item' | 'collection', 'id': ...}``.
            text: The output format: ``{'format': {'type': 'json_schema', 'name': ..., 'schema': {...}}}``
                (or a bare JSON schema, wrapped for you); plain text by default.
            request_options: Per-call timeout, retries, extra headers, query or body parameters."""


def _args(
    knowledge_store_id: str,
    input: Any,
    session_id: str | None,
    instructions: str | None,
    include: Any,
    selections: Any,
    text: Any,
) -> dict[str, Any]:
    return {
        "knowledge_store_id": knowledge_store_id,
        "input": input,
        "session_id": session_id,
        "instructions": instructions,
        "include": include,
        "selections": selections,
        "text": text,
    }


class AsyncResponsesHelpers:
    _client: AsyncTwelveLabs

    def create_stream(
        self,
        *,
        knowledge_store_id: str,
        input: str | Sequence[str | Mapping[str, Any] | Any],
        session_id: str | None = None,
        instructions: str | None = None,
        include: Literal["intermediate_outputs"] | str | Sequence[Literal["intermediate_outputs"] | str] | None = None,
        selections: Sequence[str | Mapping[str, Any] | Any] | None = None,
        text: Mapping[str, Any] | Any | None = None,
        request_options: RequestOptions | None = None,
    ) -> ResponseStream:
        return self._client_stream(
            _args(knowledge_store_id, input, session_id, instructions, include, selections, text), request_options
        )

    async def create(
        self,
        *,
        knowledge_store_id: str,
        input: str | Sequence[str | Mapping[str, Any] | Any],
        session_id: str | None = None,
        instructions: str | None = None,
        include: Literal["intermediate_outputs"] | str | Sequence[Literal["intermediate_outputs"] | str] | None = None,
        selections: Sequence[str | Mapping[str, Any] | Any] | None = None,
        text: Mapping[str, Any] | Any | None = None,
        request_options: RequestOptions | None = None,
    ) -> ResponseObject:
        stream = self._client_stream(
            _args(knowledge_store_id, input, session_id, instructions, include, selections, text), request_options
        )
        try:
            return await stream.final_response()
        finally:
            await stream.aclose()

    def _client_stream(self, args: Mapping[str, Any], options: RequestOptions | None) -> ResponseStream:
        from twelvelabs_async._item_stream import ItemStream
        from twelvelabs_async._response_stream import ResponseStream, response_event_parser
        from twelvelabs_async.routes.responses import responses_create_stream

        client = self._client
        # Validates every argument now (ArgumentError before any I/O); the request goes out on first use.
        opener = client._opener(responses_create_stream, args, options)
        parse = response_event_parser(client._structure)
        return ResponseStream(ItemStream(opener, parse, sse=True, max_line_bytes=client.config.max_stream_line_bytes))

    create_stream.__doc__ = (
        """Ask Jockey about a knowledge store; the answer streams as typed server-sent events.

        ``POST /responses`` with ``"stream": true``. Use ``async for event in ...`` or ``async with ... as
        stream``; the request is sent on first use. Events are ``models.ResponseEvent`` subclasses
        (``ResponseCreatedEvent``, ``ResponseOutputTextDeltaEvent``, ``ResponseCompletedEvent``, ...; an unknown
        type is an ``UnknownResponseEvent``). The stream gathers ``text`` and the latest ``response``.
"""
        + _ARGS_DOC
        + """

        Returns:
            A ``ResponseStream``.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
            StreamError: the stream broke, was cut short or sent something that is not an event.
        """
    )
    create.__doc__ = (
        """Ask Jockey about a knowledge store and return its whole response.

        ``POST /responses``. The 2026-07 API only answers this endpoint as a stream, so this reads the stream
        (``create_stream``) to its end and returns the response that its ``response.completed`` (or
        ``response.failed``) event carries: check ``status`` (``completed``, ``incomplete``, ``failed``);
        ``output_text`` is the answer and ``session_id`` continues the conversation.
"""
        + _ARGS_DOC
        + """

        Returns:
            The final ``ResponseObject``.

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
            StreamError: the stream broke or ended without a final response.
        """
    )
