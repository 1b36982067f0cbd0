"""The typed event stream of ``POST /responses`` (server-sent events): ``responses.create_stream``.

It rides on the generic SSE ``ItemStream`` (``_item_stream``), so it has the same guarantees as the analyze
stream: any chunking decodes the same, nothing is dropped silently (an event that is not a JSON object raises
``StreamDecodeError``, a stream cut before ``data: [DONE]`` raises ``StreamIncompleteError``, a broken
connection ``StreamConnectionError``), and the connection is released on the normal end, ``break``, an error and
cancellation. On top of it, this class decodes each event into its ``models.ResponseEvent`` subclass and keeps
what a caller usually wants once the stream is over: the text, and the final response object.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Generator
from typing import TYPE_CHECKING, Any

from twelvelabs_async._errors import StreamIncompleteError
from twelvelabs_async.models import (
    RESPONSE_EVENT_TYPES,
    ResponseEvent,
    ResponseObject,
    ResponseOutputTextDeltaEvent,
    ResponseOutputTextDoneEvent,
    ResponseStatusEvent,
    UnknownResponseEvent,
    Usage,
)

if TYPE_CHECKING:
    from twelvelabs_async._item_stream import ItemStream

WHERE = "POST /responses"
_FINAL_STATUSES = frozenset({"completed", "failed", "incomplete"})


def response_event_parser(structure: Callable[[str, str, int, Any], Any]) -> Callable[[Any], ResponseEvent]:
    """How one event's JSON object becomes its typed event: by ``type``; an unknown type is kept whole.

    ``structure`` is the client's decoder (a model that does not fit raises ``APIResponseError``, as for any
    answer).
    """

    def parse(obj: Any) -> ResponseEvent:
        kind = obj.get("type")
        cls = RESPONSE_EVENT_TYPES.get(kind) if isinstance(kind, str) else None
        if cls is None:
            sequence = obj.get("sequence_number")
            return UnknownResponseEvent(
                type=kind if isinstance(kind, str) else "",
                sequence_number=sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else None,
                raw=obj,
            )
        event: ResponseEvent = structure(cls.__name__, WHERE, 200, obj)
        return event

    return parse


class ResponseStream:
    """The events of a Jockey response, as they arrive.

    ``async for event in client.responses.create_stream(...)``, or ``async with ... as stream`` and then
    ``async for event in stream``. The request is sent on first use. As events arrive, ``text`` gathers the text
    (every ``response.output_text.delta``), and ``response`` holds the latest response object (from
    ``response.created``, ``response.in_progress``, ``response.completed`` / ``response.failed``), so once
    consumed it is the final one: its ``status``, ``output``, ``usage`` and ``session_id`` (to continue the
    conversation). ``await stream.final_response()`` reads to the end and returns that final response;
    ``await stream`` (``until_done()``) returns the text.
    """

    def __init__(self, items: ItemStream[ResponseEvent]) -> None:
        self._items = items
        self._parts: list[str] = []
        # Text parts seen streaming deltas, so that a part sent whole (only its `output_text.done`) still counts.
        self._streamed_parts: set[tuple[str | None, int | None, int | None]] = set()
        self.response: ResponseObject | None = None
        self.events_received = 0

    # --- what has been gathered ------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The text received so far: every text delta in order (intermediate messages included, when asked
        for with ``include``; ``response.output_text`` is the answer alone)."""
        return "".join(self._parts)

    @property
    def status(self) -> str | None:
        """The response's status as last reported (``in_progress``, then ``completed``, ``failed`` or
        ``incomplete``)."""
        return self.response.status if self.response is not None else None

    @property
    def response_id(self) -> str | None:
        return self.response.id if self.response is not None else None

    @property
    def session_id(self) -> str | None:
        """The conversation's id: pass it as ``session_id`` to ask a follow-up question."""
        return self.response.session_id if self.response is not None else None

    @property
    def usage(self) -> Usage | None:
        return self.response.usage if self.response is not None else None

    @property
    def done(self) -> bool:
        """True once the stream was read to its ``data: [DONE]``."""
        return self._items.done

    # --- iteration -------------------------------------------------------------------------------------------

    def __aiter__(self) -> AsyncIterator[ResponseEvent]:
        # An async generator: leaving `async for` early drops it, and its `finally` releases the connection.
        return self._events()

    async def _events(self) -> AsyncIterator[ResponseEvent]:
        try:
            while True:
                try:
                    event = await self.__anext__()
                except StopAsyncIteration:
                    return
                yield event
        finally:
            await self.aclose()

    async def __anext__(self) -> ResponseEvent:
        event = await self._items.__anext__()  # releases the connection itself on the end and on any error
        self.events_received += 1
        if isinstance(event, ResponseOutputTextDeltaEvent):
            self._streamed_parts.add((event.item_id, event.output_index, event.content_index))
            self._parts.append(event.delta)
        elif isinstance(event, ResponseOutputTextDoneEvent):
            part = (event.item_id, event.output_index, event.content_index)
            if part not in self._streamed_parts and event.text:
                self._parts.append(event.text)
        elif isinstance(event, ResponseStatusEvent) and event.response is not None:
            self.response = event.response
        return event

    async def until_done(self) -> str:
        """Read the remaining events; return the whole text."""
        async for _ in self:
            pass
        return self.text

    def __await__(self) -> Generator[Any, None, str]:
        return self.until_done().__await__()

    async def final_response(self) -> ResponseObject:
        """Read the remaining events; return the final response object (``completed``, ``incomplete`` or
        ``failed``: check ``status``).

        Raises:
            StreamIncompleteError: the stream ended without a final response (no ``response.completed`` or
                ``response.failed``), or was closed before it was read.
        """
        await self.until_done()
        if self.response is None or self.response.status not in _FINAL_STATUSES:
            status = self.status or "no response object"
            raise StreamIncompleteError(
                f"the response stream ended without its final response (last status: {status}) "
                f"after {self.events_received} event(s)"
            )
        return self.response

    # --- the connection --------------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Release the connection; safe to call more than once."""
        await self._items.aclose()

    async def __aenter__(self) -> ResponseStream:
        await self._items.__aenter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


__all__ = ["ResponseStream", "response_event_parser"]
