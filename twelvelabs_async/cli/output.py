"""Terminal output of the CLI: rich tables and progress bars when ``rich`` is installed, plain text otherwise.

``rich`` comes with the ``cli`` extra; the core package must not need it, so it is imported here lazily (when an
:class:`Output` is built for a command, never when ``twelvelabs_async.cli`` is imported) and every feature has a
plain-text fallback. With ``--json`` results go to stdout as one JSON document and nothing else is written to
stdout, so the output can be piped into ``jq``; progress and notes go to stderr in every mode.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["Output", "ProgressView", "to_jsonable"]

_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Collapse whitespace (an API message may hold line breaks) so an error stays on one line."""
    return _SPACES.sub(" ", text).strip()


def to_jsonable(value: Any) -> Any:
    """Models to their wire dicts (RFC 3339 times) with ids spelled ``id`` as everywhere else in the CLI's JSON
    (the wire's ``_id`` is the one exception the SDK hides too); containers recursively; anything else as is."""
    from twelvelabs_async import _converter
    from twelvelabs_async.models import Model

    if isinstance(value, Model):
        return _id_as_id(_converter.unstructure(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def _id_as_id(value: Any) -> Any:
    if isinstance(value, dict):
        return {("id" if key == "_id" and "id" not in value else key): _id_as_id(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_id_as_id(item) for item in value]
    return value


def _rich_available() -> bool:
    if os.environ.get("TWELVELABS_CLI_PLAIN"):  # lets users (and tests) force the plain fallback
        return False
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


class Output:
    """Where the CLI writes: results to stdout, progress, notes and errors to stderr."""

    def __init__(
        self,
        *,
        json_mode: bool = False,
        use_rich: bool | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
    ) -> None:
        self.json_mode = json_mode
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.rich = _rich_available() if use_rich is None else use_rich
        self._console: Any = None
        self._err_console: Any = None
        if self.rich:
            self._console = self._make_console(self.stdout)
            self._err_console = self._make_console(self.stderr)

    @staticmethod
    def _make_console(file: IO[str]) -> Any:
        from rich.console import Console

        console = Console(file=file, highlight=False, soft_wrap=False)
        if not console.is_terminal and "COLUMNS" not in os.environ:
            # rich assumes 80 columns when writing to a pipe, which cuts ids with "..."; a log file can be wider.
            console = Console(file=file, highlight=False, soft_wrap=False, width=160)
        return console

    # --- plain lines ----------------------------------------------------------------------------------------

    def error(self, message: str) -> None:
        """One line on stderr, always plain (scripts grep it)."""
        print(f"error: {one_line(message)}", file=self.stderr, flush=True)

    def note(self, message: str) -> None:
        """A human note on stderr (kept out of stdout so ``--json`` output stays parseable)."""
        if self._err_console is not None:
            self._err_console.print(message, markup=False, highlight=False)
        else:
            print(message, file=self.stderr, flush=True)

    def heading(self, message: str) -> None:
        """A section title of human output on stdout (skipped in JSON mode)."""
        if self.json_mode:
            return
        if self._console is not None:
            from rich.text import Text

            self._console.print()
            self._console.print(Text(message, style="bold cyan"))
        else:
            print(f"\n== {message}", file=self.stdout, flush=True)

    def line(self, message: str = "") -> None:
        """A line of human output on stdout (skipped in JSON mode)."""
        if self.json_mode:
            return
        if self._console is not None:
            self._console.print(message, markup=False, highlight=False)
        else:
            print(message, file=self.stdout, flush=True)

    def write(self, text: str) -> None:
        """Raw text on stdout, flushed at once (streamed answers appear as they arrive)."""
        self.stdout.write(text)
        self.stdout.flush()

    def emit_json(self, data: Any) -> None:
        json.dump(to_jsonable(data), self.stdout, indent=2, ensure_ascii=False, default=str)
        self.stdout.write("\n")
        self.stdout.flush()

    # --- tables ---------------------------------------------------------------------------------------------

    def table(self, title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]],
              *, right: Sequence[str] = ()) -> None:
        """A table on stdout (skipped in JSON mode); ``right`` names the columns to right-align (numbers)."""
        if self.json_mode:
            return
        cells = [["" if v is None else str(v) for v in row] for row in rows]
        if self._console is not None:
            from rich.table import Table

            table = Table(title=title, title_justify="left", header_style="bold")
            for name in columns:
                table.add_column(name, justify="right" if name in right else "left", overflow="fold")
            for row in cells:
                table.add_row(*row)
            self._console.print(table)
            return
        if title:
            print(title, file=self.stdout)
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

        def fmt(values: Sequence[str]) -> str:
            parts = [v.rjust(w) if name in right else v.ljust(w)
                     for v, w, name in zip(values, widths, columns, strict=True)]
            return "  ".join(parts).rstrip()

        print(fmt(columns), file=self.stdout)
        print("  ".join("-" * w for w in widths), file=self.stdout)
        for row in cells:
            print(fmt(row), file=self.stdout)
        self.stdout.flush()

    # --- progress -------------------------------------------------------------------------------------------

    @contextmanager
    def progress(self, total_label: str = "total", *, transfers: bool = True) -> Iterator[ProgressView]:
        """Per-item and overall progress on stderr: live bars with rich, a line per state change otherwise.

        ``transfers=False`` shows states only (waiting for tasks has no byte counts).
        """
        view: ProgressView
        if self._err_console is not None and not self.json_mode:
            view = _RichProgress(self._err_console, total_label, transfers=transfers)
        else:
            view = _PlainProgress(self.stderr, total_label, quiet=self.json_mode)
        with view:
            yield view


def _interrupted(exc_type: object) -> bool:
    return isinstance(exc_type, type) and issubclass(exc_type, (KeyboardInterrupt, asyncio.CancelledError))


class ProgressView:
    """Progress of a set of items (files) with a byte count each, plus an overall bar.

    Each view also remembers which items finished and how, so that when the run is interrupted (Ctrl-C) it can
    say so once the live display is gone: what finished, and how many were still going.
    """

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}
        self._ended: dict[str, tuple[str, bool]] = {}

    def __enter__(self) -> ProgressView:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        return None

    def _remember(self, key: str, label: str) -> None:
        self._seen.setdefault(key, label)

    def _remember_end(self, key: str, text: str, ok: bool) -> None:
        self._remember(key, key)
        self._ended[key] = (text, ok)

    def interrupted_summary(self) -> str | None:
        """What to say after an interruption: the items that finished and how many did not."""
        seen, ended = self._seen, self._ended
        if not seen:
            return None
        done = [f"{seen[key]} ({text})" for key, (text, _) in ended.items()]
        shown = ", ".join(done[:20]) + (f", and {len(done) - 20} more" if len(done) > 20 else "")
        return (f"interrupted: {len(done)} of {len(seen)} finished" + (f": {shown}" if done else "")
                + f"; {len(seen) - len(done)} not finished (with --journal, a rerun picks them up)")


    def add(self, key: str, label: str, total: int | None) -> None:
        raise NotImplementedError

    def update(self, key: str, completed: int, total: int | None = None) -> None:
        raise NotImplementedError

    def status(self, key: str, text: str) -> None:
        raise NotImplementedError

    def finish(self, key: str, text: str, *, ok: bool) -> None:
        raise NotImplementedError


class _RichProgress(ProgressView):
    def __init__(self, console: Any, total_label: str, *, transfers: bool) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        super().__init__()
        columns: list[ProgressColumn | str] = [TextColumn("{task.description}", markup=False)]
        if transfers:
            columns += [BarColumn(), DownloadColumn()]
        else:
            columns += [SpinnerColumn(finished_text=" ")]
        columns += [TextColumn("{task.fields[state]}", markup=False), TimeElapsedColumn()]
        self._console = console
        self._progress = Progress(*columns, console=console, transient=False)
        self._overall = self._progress.add_task(total_label, total=0, state="")
        self._tasks: dict[str, Any] = {}
        self._totals: dict[str, int] = {}
        self._done: dict[str, int] = {}
        self._finished = 0

    def __enter__(self) -> ProgressView:
        self._progress.start()
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        if exc_type is not None:
            # On an error or Ctrl-C the bars vanish, so the one error line is what stays on screen...
            self._progress.live.transient = True
        self._progress.stop()
        summary = self.interrupted_summary() if _interrupted(exc_type) else None
        if summary:  # ...and after Ctrl-C, what had finished
            self._console.print(summary, markup=False, highlight=False)

    def _refresh_overall(self) -> None:
        total = sum(self._totals.values())
        self._progress.update(self._overall, total=total or None, completed=sum(self._done.values()),
                              state=f"{self._finished}/{len(self._tasks)} done")

    def add(self, key: str, label: str, total: int | None) -> None:
        self._remember(key, label)
        if key in self._tasks:
            return
        self._tasks[key] = self._progress.add_task(label, total=total, state="queued")
        self._totals[key] = total or 0
        self._done[key] = 0
        self._refresh_overall()

    def update(self, key: str, completed: int, total: int | None = None) -> None:
        if key not in self._tasks:
            self.add(key, key, total)
        if total is not None:
            self._totals[key] = total
        self._done[key] = completed
        self._progress.update(self._tasks[key], completed=completed, total=total or self._totals[key] or None,
                              state="uploading")
        self._refresh_overall()

    def status(self, key: str, text: str) -> None:
        if key not in self._tasks:
            self.add(key, key, None)
        self._progress.update(self._tasks[key], state=text)

    def finish(self, key: str, text: str, *, ok: bool) -> None:
        if key not in self._tasks:
            self.add(key, key, None)
        self._remember_end(key, text, ok)
        self._finished += 1
        if ok:  # a file that is done counts whole in the overall bar, even if the last byte event was skipped
            self._done[key] = self._totals[key]
            self._progress.update(self._tasks[key], completed=self._totals[key] or 1, total=self._totals[key] or 1)
        self._progress.update(self._tasks[key], state=text)
        self._refresh_overall()


class _PlainProgress(ProgressView):
    """One line per state change (never per byte), so a log file stays readable."""

    def __init__(self, stream: IO[str], total_label: str, *, quiet: bool) -> None:
        super().__init__()
        self._stream = stream
        self._quiet = quiet
        self._labels: dict[str, str] = {}
        self._states: dict[str, str] = {}
        self._finished = 0
        self._started = time.monotonic()
        self._total_label = total_label

    def _print(self, text: str) -> None:
        if not self._quiet:
            print(text, file=self._stream, flush=True)

    def add(self, key: str, label: str, total: int | None) -> None:
        self._remember(key, label)
        self._labels.setdefault(key, label)

    def update(self, key: str, completed: int, total: int | None = None) -> None:
        self.add(key, key, total)
        if total and completed >= total:
            self.status(key, f"sent {completed} bytes")

    def status(self, key: str, text: str) -> None:
        self.add(key, key, None)
        if self._states.get(key) != text:
            self._states[key] = text
            self._print(f"  {self._labels[key]}: {text}")

    def finish(self, key: str, text: str, *, ok: bool) -> None:
        self.add(key, key, None)
        self._remember_end(key, text, ok)
        self._finished += 1
        self._states[key] = text
        self._print(f"[{self._finished}/{len(self._labels)}] {self._labels[key]}: {text}")

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        if self._labels and exc_type is None:
            self._print(f"{self._total_label}: {self._finished}/{len(self._labels)} finished "
                        f"in {time.monotonic() - self._started:.1f} s")
        summary = self.interrupted_summary() if _interrupted(exc_type) else None
        if summary:
            self._print(summary)
