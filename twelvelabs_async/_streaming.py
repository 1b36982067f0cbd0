"""NDJSON streams of analyze and generate: a lossless line decoder and the typed event stream.

The decoder reads whatever chunks the connection delivers (``iter_any()``) and splits lines itself, because
``readline`` raises past 512 KiB: any chunk boundary, UTF-8 split across chunks, CRLF, blank lines and lines of
several MB decode correctly. A line that is not a JSON object, a tail without a newline that is not a whole
object, or a stream without ``stream_end`` raises a typed error: nothing is dropped silently. The stream owns
its response and releases it on the normal end, ``break``, error and cancellation.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any

from twelvelabs_async._errors import StreamIncompleteError
from twelvelabs_async._lines import DEFAULT_MAX_LINE_BYTES, NdjsonDecoder, next_chunk
from twelvelabs_async.models import (
    AnalyzeTaskError,
    StreamEnd,
    StreamEvent,
    StreamStart,
    TextGeneration,
    Usage,
    parse_stream_event,
)

if TYPE_CHECKING:
    import aiohttp

ResponseOpener = Callable[[], Awaitable["aiohttp.ClientResponse"]]


class AnalyzeStream:
    """The events of an analyze (or generate) answer, as they arrive.

    Use ``async for event in client.analyze_stream(...)`` or ``async with client.analyze_stream(...) as stream``
    (then ``async for event in stream``). The request is sent on first use. Once consumed, ``text`` holds the
    whole answer and ``usage`` / ``generation_id`` / ``finish_reason`` / ``error`` the final metadata.
    ``await stream.until_done()`` consumes the rest and returns the text.
    """

    def __init__(self, open_response: ResponseOpener, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        self._open = open_response
        self._response: aiohttp.ClientResponse | None = None
        self._chunks: Any = None
        self._decoder = NdjsonDecoder(max_line_bytes)
        # Lines split but not yet decoded: each is decoded when its event is asked for, so a bad line never
        # costs the good events that arrived before it in the same read.
        self._ready: list[tuple[int, bytes]] = []
        self._ready_index = 0
        self._ready_is_tail = False
        self._parts: list[str] = []
        self._finished = False
        self._closed = False
        self.generation_id: str | None = None
        self.usage: Usage | None = None
        # From the stream_end event: "stop", or "length" when the answer was cut (then `error` says why).
        self.finish_reason: str | None = None
        self.error: AnalyzeTaskError | None = None
        self.events_received = 0

    @property
    def text(self) -> str:
        """The text received so far (the whole answer once the stream is consumed)."""
        return "".join(self._parts)

    @property
    def done(self) -> bool:
        return self._finished

    async def _ensure_open(self) -> None:
        if self._response is None:
            if self._closed:
                raise StreamIncompleteError("the stream was closed before it was read")
            self._response = await self._open()
            self._chunks = self._response.content.iter_any().__aiter__()

    def __aiter__(self) -> AsyncIterator[StreamEvent]:
        # An async generator, not ``self``: when a caller leaves ``async for`` early the generator is dropped and
        # asyncio finalizes it at once, so its ``finally`` releases the connection without waiting for a GC.
        return self._events()

    async def _events(self) -> AsyncIterator[StreamEvent]:
        try:
            while True:
                try:
                    event = await self.__anext__()
                except StopAsyncIteration:
                    return
                yield event
        finally:
            await self.aclose()

    async def __anext__(self) -> StreamEvent:
        if self._finished:
            raise StopAsyncIteration
        try:
            await self._ensure_open()
            while self._ready_index >= len(self._ready):
                self._ready = await self._next_lines()
                self._ready_index = 0
            number, line = self._ready[self._ready_index]
            self._ready_index += 1
            decode = NdjsonDecoder.decode_tail if self._ready_is_tail else NdjsonDecoder.decode
            event = parse_stream_event(decode(number, line))
            self.events_received += 1
            if type(event) is TextGeneration:
                self._parts.append(event.text)
            elif type(event) is StreamStart:
                self.generation_id = event.generation_id
            elif type(event) is StreamEnd:
                self.generation_id = event.generation_id or self.generation_id
                self.usage = event.usage
                self.finish_reason = event.finish_reason
                self.error = event.error
                self._finished = True
                await self.aclose()
            return event
        except BaseException:
            await self.aclose()
            raise

    async def _next_lines(self) -> list[tuple[int, bytes]]:
        chunk = await next_chunk(self._chunks, self.events_received, "event")
        if chunk is None:
            tail = self._decoder.split_tail()
            if tail and not self._ready_is_tail:
                self._ready_is_tail = True
                return tail
            raise StreamIncompleteError(
                f"the stream ended without a stream_end event after {self.events_received} event(s)"
            )
        return self._decoder.split(chunk)

    async def next_batch(self) -> list[StreamEvent]:
        """The next event and every further one already decoded (``[]`` once the stream is over).

        Lets a consumer on another thread (the sync facade) cross threads once per network read, not per event.
        """
        try:
            batch = [await self.__anext__()]
        except StopAsyncIteration:
            return []
        while not self._finished and self._ready_index < len(self._ready):
            batch.append(await self.__anext__())
        return batch

    async def until_done(self) -> str:
        """Consume the remaining events; return the whole text."""
        while not self._finished:
            await self.__anext__()
        return self.text

    def __await__(self) -> Generator[Any, None, str]:
        return self.until_done().__await__()

    async def aclose(self) -> None:
        """Release the connection; safe to call more than once."""
        self._closed = True
        response, self._response = self._response, None
        if response is not None:
            if self._finished and response.content.at_eof():
                response.release()
            else:
                # An unread remainder would poison a pooled connection: drop it instead of reusing it.
                response.close()

    def __del__(self) -> None:
        response = self._response
        if response is not None and not response.closed:
            response.close()  # a stream dropped unread must not keep its connection

    async def __aenter__(self) -> AnalyzeStream:
        await self._ensure_open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


__all__ = ["AnalyzeStream", "NdjsonDecoder"]
