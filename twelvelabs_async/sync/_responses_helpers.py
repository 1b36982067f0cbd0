"""Blocking twins of ``client.responses`` (hand-written; see ``routes/responses.py``), and the blocking
``ResponseStream``.

The stream steps its async twin on the client's loop thread, one event per hop; leaving the loop early, an error
or the ``with`` block's end closes the async side, which releases the connection. The docstrings are the async
methods' own, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from twelvelabs_async.resources.responses import AsyncResponsesHelpers
from twelvelabs_async.sync._iterators import END, next_or_end

if TYPE_CHECKING:
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._response_stream import ResponseStream
    from twelvelabs_async.models import ResponseEvent, ResponseObject, Usage
    from twelvelabs_async.resources.generated.responses import AsyncResponsesResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncResponseStream:
    """Iterate for the events of a Jockey response; ``text`` and ``response`` as they arrive.

    ``with client.responses.create_stream(...) as stream: for event in stream: ...``
    """

    def __init__(self, runner: PortalRunner, stream: ResponseStream) -> None:
        self._runner = runner
        self._stream = stream

    @property
    def text(self) -> str:
        return self._stream.text

    @property
    def response(self) -> ResponseObject | None:
        return self._stream.response

    @property
    def status(self) -> str | None:
        return self._stream.status

    @property
    def response_id(self) -> str | None:
        return self._stream.response_id

    @property
    def session_id(self) -> str | None:
        return self._stream.session_id

    @property
    def usage(self) -> Usage | None:
        return self._stream.usage

    @property
    def done(self) -> bool:
        return self._stream.done

    @property
    def events_received(self) -> int:
        return self._stream.events_received

    def __iter__(self) -> Iterator[ResponseEvent]:
        try:
            while True:
                event = self._runner.run(next_or_end, self._stream)
                if event is END:
                    return
                yield event
        finally:
            self.close()

    def until_done(self) -> str:
        """Read the remaining events; return the whole text."""
        return self._runner.run(self._stream.until_done)

    def final_response(self) -> ResponseObject:
        """Read the remaining events; return the final response object (see the async ``final_response``)."""
        return self._runner.run(self._stream.final_response)

    def close(self) -> None:
        if not self._runner.closed:
            self._runner.run(self._stream.aclose)

    def __enter__(self) -> SyncResponseStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class SyncResponsesHelpers:
    _runner: PortalRunner
    _async: AsyncResponsesResource

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
    ) -> SyncResponseStream:
        # Built on the caller's thread: it only validates and prepares (ArgumentError before any I/O).
        stream = self._async.create_stream(
            knowledge_store_id=knowledge_store_id,
            input=input,
            session_id=session_id,
            instructions=instructions,
            include=include,
            selections=selections,
            text=text,
            request_options=request_options,
        )
        return SyncResponseStream(self._runner, stream)

    def create(
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
        return self._runner.run(
            self._async.create,
            knowledge_store_id=knowledge_store_id,
            input=input,
            session_id=session_id,
            instructions=instructions,
            include=include,
            selections=selections,
            text=text,
            request_options=request_options,
        )

    create_stream.__doc__ = (AsyncResponsesHelpers.create_stream.__doc__ or "").replace(
        "Use ``async for event in ...`` or ``async with ... as\n        stream``",
        "Iterate it, or use ``with ... as stream``",
    )
    create.__doc__ = AsyncResponsesHelpers.create.__doc__
