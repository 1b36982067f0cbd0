"""The ``twelvelabs-async`` command (also ``python -m twelvelabs_async``).

    twelvelabs-async demo                       # the whole SDK on the embedded emulator, no key, no network
    twelvelabs-async upload videos/ --index ID --journal upload.db
    twelvelabs-async search --index ID "a dog catching a frisbee"

This module only defines :func:`main`; the parser, the client, aiohttp and rich are imported when a command
runs, so importing it (and ``--help``) stays cheap.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    0 success, 1 an API or connection error (or a file that failed to upload), 2 a usage error,
    130 interrupted by Ctrl-C, 141 the reader of the output went away (``| head``), as for any command killed by
    SIGPIPE.
    """
    from twelvelabs_async.cli.app import run

    try:
        return run(argv)
    except BrokenPipeError:
        # `... | head` closed the pipe: stop quietly. Whatever is still buffered for stdout goes to /dev/null,
        # or the interpreter would report the same broken pipe again when it flushes stdout on its way out.
        import os
        import sys

        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141
