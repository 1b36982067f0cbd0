"""The ``twelvelabs-async`` command (also ``python -m twelvelabs_async``).

    twelvelabs-async demo                       # the whole SDK on the embedded emulator, no key, no network
    twelvelabs-async upload videos/ --index ID --journal upload.db
    twelvelabs-async search --index ID "a dog catching a frisbee"

This module only defines :func:`main`; the parser, the client, aiohttp and rich are imported when a command
runs, so importing it (and ``--help``) stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    0 success, 1 an API or connection error (or a file that failed to upload), 2 a usage error,
    130 interrupted by Ctrl-C.
    """
    from twelvelabs_async.cli.app import run

    return run(argv)
