"""Server-sent events (the ``text/event-stream`` format), decoded incrementally from any chunking.

Follows the WHATWG event-stream rules that matter to an API client: lines end with LF, CRLF or CR; a line
starting with ``:`` is a comment (servers use them as keep-alives); ``field: value`` with one optional space
after the colon; ``data`` lines of one event are joined with LF; a blank line dispatches the event; an event
without data is not dispatched; a BOM at the start is ignored. Unknown fields are ignored, as the format says.
Lines are bounded in length by the shared line buffer.
"""

from __future__ import annotations

from typing import NamedTuple

from twelvelabs_async._lines import DEFAULT_MAX_LINE_BYTES, LineBuffer


class ServerSentEvent(NamedTuple):
    event: str  # "message" when the server named none
    data: str
    id: str | None
    retry: int | None


class SseDecoder:
    """``feed`` bytes, get the events completed by them; ``close`` reports whether an event was left unfinished."""

    __slots__ = ("_data", "_event", "_id", "_lines", "_retry", "_started", "events")

    def __init__(self, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        self._lines = LineBuffer(max_line_bytes)
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._retry: int | None = None
        self._started = False
        self.events = 0

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        out: list[ServerSentEvent] = []
        for raw in self._lines.feed(chunk):
            text = raw.decode("utf-8", "replace")
            if text.endswith("\r"):  # CRLF
                text = text[:-1]
            # What is left may still hold lone-CR line ends, which the format allows.
            for line in text.split("\r") if "\r" in text else (text,):
                event = self._line(line)
                if event is not None:
                    out.append(event)
        return out

    def _line(self, line: str) -> ServerSentEvent | None:
        if not self._started:
            self._started = True
            line = line.removeprefix("\ufeff")
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id":
            if "\x00" not in value:
                self._id = value
        elif field == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._data:
            self._event = ""
            return None
        event = ServerSentEvent(self._event or "message", "\n".join(self._data), self._id, self._retry)
        self._data = []
        self._event = ""
        self.events += 1
        return event

    def close(self) -> bool:
        """End of input; True when an event had begun (data lines) but was never dispatched by a blank line."""
        tail = self._lines.close()
        if tail.endswith(b"\r"):
            tail = tail[:-1]
        if tail:
            self._line(tail.decode("utf-8", "replace"))
        return bool(self._data)


__all__ = ["ServerSentEvent", "SseDecoder"]
