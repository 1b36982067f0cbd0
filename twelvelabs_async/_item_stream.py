"""A typed stream of items read from one open response: JSON lines (batch results) or server-sent events whose
``data`` is a JSON object (``/responses``).

Like the analyze stream, it is lossless and strict: any chunking decodes the same, a line or event that is not a
JSON object raises ``StreamDecodeError``, a stream cut in the middle of an item raises ``StreamIncompleteError``,
and an SSE stream must end with ``data: [DONE]`` (a stream that stops before it was cut short, and says so).
The stream owns its response and releases it on the normal end, ``break``, error and cancellation.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from twelvelabs_async._errors import StreamDecodeError, StreamIncompleteError
from twelvelabs_async._lines import DEFAULT_MAX_LINE_BYTES, NdjsonDecoder, cut, next_chunk
from twelvelabs_async._sse import ServerSentEvent, SseDecoder

if TYPE_CHECKING:
    import aiohttp

T = TypeVar("T")
SSE_DONE = "[DONE]"


class ItemStream(Generic[T]):
    """``async for item in stream`` (or ``async with stream``); ``await stream`` collects every item in a list."""

    def __init__(
        self,
        open_response: Callable[[], Awaitable[aiohttp.ClientResponse]],
        parse: Callable[[Any], T],
        *,
        sse: bool,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    ) -> None:
        self._open = open_response
        self._parse = parse
        self._sse = SseDecoder(max_line_bytes) if sse else None
        self._jsonl = None if sse else NdjsonDecoder(max_line_bytes)
        self._response: aiohttp.ClientResponse | None = None
        self._chunks: AsyncIterator[bytes] | None = None
        # Items split from the stream but not yet decoded (line or event number, raw text, is the stream's tail):
        # each is decoded when asked for, so a bad one never costs the good ones read before it in one chunk.
        self._ready: list[tuple[int, bytes | ServerSentEvent, bool]] = []
        self._ready_index = 0
        self._finished = False
        self._closed = False
        self._events = 0
        self.items_received = 0

    @property
    def done(self) -> bool:
        return self._finished

    async def _ensure_open(self) -> AsyncIterator[bytes]:
        if self._chunks is None:
            if self._closed:
                raise StreamIncompleteError("the stream was closed before it was read")
            self._response = await self._open()
            self._chunks = self._response.content.iter_any().__aiter__()
        return self._chunks

    def __aiter__(self) -> AsyncIterator[T]:
        # An async generator: leaving ``async for`` early drops it, and its ``finally`` releases the connection.
        return self._items()

    async def _items(self) -> AsyncIterator[T]:
        try:
            while True:
                try:
                    item = await self.__anext__()
                except StopAsyncIteration:
                    return
                yield item
        finally:
            await self.aclose()

    async def __anext__(self) -> T:
        try:
            while self._ready_index >= len(self._ready):
                if self._finished:
                    raise StopAsyncIteration
                self._ready = await self._next_raw()
                self._ready_index = 0
            number, raw, is_tail = self._ready[self._ready_index]
            self._ready_index += 1
            if isinstance(raw, ServerSentEvent):
                obj = _event_json(raw, number)
            else:
                assert self._jsonl is not None
                obj = self._jsonl.decode_tail(number, raw) if is_tail else self._jsonl.decode(number, raw)
            item = self._parse(obj)
            self.items_received += 1
            return item
        except StopAsyncIteration:
            await self.aclose()
            raise
        except BaseException:
            await self.aclose()
            raise

    async def _next_raw(self) -> list[tuple[int, bytes | ServerSentEvent, bool]]:
        chunks = await self._ensure_open()
        chunk = await next_chunk(chunks, self.items_received)
        if chunk is None:
            self._finished = True
            if self._jsonl is not None:
                return [(number, line, True) for number, line in self._jsonl.split_tail()]
            assert self._sse is not None
            unfinished = self._sse.close()
            where = (
                "in the middle of an event" if unfinished else f"before its [DONE] after {self.items_received} item(s)"
            )
            raise StreamIncompleteError(f"the event stream ended {where}")
        if self._jsonl is not None:
            return [(number, line, False) for number, line in self._jsonl.split(chunk)]
        assert self._sse is not None
        out: list[tuple[int, bytes | ServerSentEvent, bool]] = []
        for event in self._sse.feed(chunk):
            self._events += 1
            if event.data.strip() == SSE_DONE:
                self._finished = True
                break  # anything after [DONE] is not part of the answer
            out.append((self._events, event, False))
        return out

    async def to_list(self) -> list[T]:
        """Every remaining item, in order."""
        return [item async for item in self]

    def __await__(self) -> Generator[Any, None, list[T]]:
        return self.to_list().__await__()

    async def aclose(self) -> None:
        """Release the connection; safe to call more than once."""
        self._closed = True
        response, self._response = self._response, None
        if response is not None:
            if self._finished and response.content.at_eof():
                response.release()
            else:
                response.close()  # an unread remainder would poison a pooled connection

    def __del__(self) -> None:
        response = self._response
        if response is not None and not response.closed:
            response.close()

    async def __aenter__(self) -> ItemStream[T]:
        await self._ensure_open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def _event_json(event: ServerSentEvent, number: int) -> Any:
    try:
        obj = json.loads(event.data)
    except ValueError as exc:
        raw = event.data.encode("utf-8", "replace")
        raise StreamDecodeError(f"event data is not valid JSON ({exc})", line=cut(raw), line_number=number) from None
    if not isinstance(obj, dict):
        raise StreamDecodeError("event data is not a JSON object", line=cut(event.data.encode()), line_number=number)
    if event.event != "message" and "type" not in obj:
        obj["type"] = event.event  # the event name is the type when the data does not repeat it
    return obj


__all__ = ["ItemStream", "SSE_DONE"]
