"""Line-oriented stream decoding shared by every streamed answer: a linear, bounded line buffer, the NDJSON
decoder on top of it, and the read of one network chunk with its failures made typed.

The buffer keeps the pieces of an unfinished line in a list and joins them once, when the line ends: a long
line costs linear time (concatenating each chunk to a growing bytes object would be quadratic), and a line
longer than ``max_line_bytes`` raises ``StreamLineTooLongError`` instead of growing memory without limit.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from twelvelabs_async._errors import (
    APITimeoutError,
    StreamConnectionError,
    StreamDecodeError,
    StreamIncompleteError,
    StreamLineTooLongError,
)

# Generous for any real event (an analyze fragment is a few bytes, a batch result a few MB) and small enough
# that a server sending an endless line cannot exhaust memory.
DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024
_LINE_CUT = 500


def cut(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return text if len(text) <= _LINE_CUT else text[:_LINE_CUT] + "..."


class LineBuffer:
    """``feed`` bytes, get the complete lines (split at LF, terminator removed); ``close`` gives the rest."""

    __slots__ = ("_max", "_parts", "_size")

    def __init__(self, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        self._max = max_line_bytes
        self._parts: list[bytes] = []
        self._size = 0

    def _too_long(self, size: int) -> StreamLineTooLongError:
        return StreamLineTooLongError(
            f"a stream line grew past {self._max:,} bytes ({size:,} so far) without ending", limit=self._max
        )

    def feed(self, chunk: bytes) -> list[bytes]:
        if b"\n" not in chunk:
            if chunk:
                self._parts.append(chunk)
                self._size += len(chunk)
                if self._size > self._max:
                    raise self._too_long(self._size)
            return []
        lines = chunk.split(b"\n")
        if self._parts:
            self._parts.append(lines[0])
            lines[0] = b"".join(self._parts)
            self._parts = []
        tail = lines.pop()
        self._size = len(tail)
        if tail:
            self._parts.append(tail)
        for line in lines:
            if len(line) > self._max:
                raise self._too_long(len(line))
        if self._size > self._max:
            raise self._too_long(self._size)
        return lines

    def close(self) -> bytes:
        tail = b"".join(self._parts)
        self._parts = []
        self._size = 0
        return tail


class NdjsonDecoder:
    """Incremental NDJSON: ``feed`` bytes, get the complete objects; ``close`` checks nothing is left over.

    Blank lines are skipped and a CR before the LF is dropped; a line that is not a JSON object raises
    ``StreamDecodeError`` with its number and (a cut of) its text. Streams use the two halves separately:
    ``split`` numbers the complete lines of a chunk and ``decode`` turns one into its object when the consumer
    asks for it, so a bad line never costs the good ones that arrived in the same chunk before it.
    """

    __slots__ = ("_lines", "line_number")

    def __init__(self, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        self._lines = LineBuffer(max_line_bytes)
        self.line_number = 0

    def split(self, chunk: bytes) -> list[tuple[int, bytes]]:
        """The complete, non-blank lines of ``chunk`` (with what was buffered), each with its line number."""
        out: list[tuple[int, bytes]] = []
        for line in self._lines.feed(chunk):
            self.line_number += 1
            if line.endswith(b"\r"):
                line = line[:-1]
            if line and not line.isspace():
                out.append((self.line_number, line))
        return out

    def split_tail(self) -> list[tuple[int, bytes]]:
        """End of input: a last line without a newline, if any (``decode_tail`` it)."""
        tail = self._lines.close()
        if tail.endswith(b"\r"):
            tail = tail[:-1]
        if not tail or tail.isspace():
            return []
        self.line_number += 1
        return [(self.line_number, tail)]

    @staticmethod
    def decode(number: int, line: bytes) -> dict[str, Any]:
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise StreamDecodeError(
                f"stream line is not valid JSON ({exc})", line=cut(line), line_number=number
            ) from None
        if not isinstance(obj, dict):
            raise StreamDecodeError("stream line is not a JSON object", line=cut(line), line_number=number)
        return obj

    @classmethod
    def decode_tail(cls, number: int, line: bytes) -> dict[str, Any]:
        """A last line without a newline is accepted only if it is a whole JSON object."""
        try:
            return cls.decode(number, line)
        except StreamDecodeError as exc:
            raise StreamIncompleteError(f"stream ended in the middle of a line: {exc.line!r}") from None

    def feed(self, chunk: bytes) -> list[dict[str, Any]]:
        return [self.decode(number, line) for number, line in self.split(chunk)]

    def close(self) -> list[dict[str, Any]]:
        return [self.decode_tail(number, line) for number, line in self.split_tail()]


async def next_chunk(chunks: AsyncIterator[bytes], received: int, what: str = "item") -> bytes | None:
    """The next network chunk (None at the end); a timeout or a broken connection becomes a typed error."""
    try:
        return await chunks.__anext__()
    except StopAsyncIteration:
        return None
    except (asyncio.TimeoutError, TimeoutError):
        raise APITimeoutError("the stream stopped sending within the read timeout") from None
    except Exception as exc:
        # aiohttp is imported lazily (``import twelvelabs_async`` stays cheap); it is loaded by now.
        from aiohttp import ClientError

        if not isinstance(exc, ClientError):
            raise
        raise StreamConnectionError(
            f"the connection broke after {received} {what}(s): {type(exc).__name__}: {exc}"
        ) from None


__all__ = ["DEFAULT_MAX_LINE_BYTES", "LineBuffer", "NdjsonDecoder", "cut", "next_chunk"]
