"""Argument parsing, logging, and the one place that turns exceptions into exit statuses.

Exit statuses: 0 success; 1 an API, connection or stream error, or an upload with a failed file; 2 a usage
error (argparse, a missing API key, an argument the SDK rejects before any request); 130 Ctrl-C. An error is
reported as ONE line on stderr (``error: 404 resource_not_exist: ...``), never as a traceback (``-v`` adds the
traceback to the log for debugging).

Handlers are named as ``"module:function"`` strings and imported only when their command runs, so ``--help``
and argument errors never import aiohttp or rich.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from twelvelabs_async._version import __version__

__all__ = ["build_parser", "run"]

PROG = "twelvelabs-async"
log = logging.getLogger("twelvelabs_async.cli")

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {value}")
    return value


def _add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """The global options, accepted before and after the command (``--json search ...`` or ``search --json``).

    On the command parsers their defaults are SUPPRESS so that an option given before the command is not
    reset by the command's own default.
    """

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("global options")
    group.add_argument("--api-key", default=default(None), metavar="KEY",
                       help="API key (default: $TWELVELABS_API_KEY, preferred: a key on the command line shows "
                            "in the process list and shell history); never printed or logged")
    group.add_argument("--base-url", default=default(None), metavar="URL",
                       help="API root including the version (default: $TWELVELABS_BASE_URL, then the real API); "
                            "e.g. http://127.0.0.1:8000/v1.3 for a local emulator")
    group.add_argument("--json", action="store_true", default=default(False),
                       help="machine-readable output: one JSON document on stdout")
    group.add_argument("-v", "--verbose", action="count", default=default(0),
                       help="log the twelvelabs_async logger to stderr (-vv: debug)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Twelve Labs API v1.3 from the terminal: bulk upload, search, analyze, embeddings, "
                    "and a local emulator. Start with: twelvelabs-async demo",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_options(parser, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, suppress=True)

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, handler: str, **kwargs: Any) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[common], **kwargs)
        sub.set_defaults(handler=handler)
        return sub

    # demo --------------------------------------------------------------------------------------------------
    demo = command("demo", "the whole SDK in a few seconds on the embedded emulator (no key, no network)",
                   "demo:run_demo")
    demo.add_argument("--real", action="store_true",
                      help="run against the real API (needs an API key; creates and then deletes an index)")
    demo.add_argument("--query", default="dog", help="the search query (default: %(default)s)")
    demo.add_argument("--keep", action="store_true", help="keep the demo index instead of deleting it")

    # emulator ----------------------------------------------------------------------------------------------
    # Its options belong to `python -m twelvelabs_async.emulator` (including its own --api-key), so they are
    # passed through untouched rather than parsed here; `twelvelabs-async emulator --help` shows them.
    emulator = commands.add_parser("emulator", add_help=False,
                                   help="serve the local API emulator (same options as "
                                        "python -m twelvelabs_async.emulator; --help lists them)")
    emulator.set_defaults(handler="emulator")

    # indexes -----------------------------------------------------------------------------------------------
    indexes = commands.add_parser("indexes", help="list, create or delete indexes")
    indexes_cmds = indexes.add_subparsers(dest="indexes_command", metavar="ACTION", required=True)
    ilist = indexes_cmds.add_parser("list", help="list indexes", parents=[common])
    ilist.set_defaults(handler="commands:indexes_list")
    ilist.add_argument("--name", help="only the index with this name")
    ilist.add_argument("--limit", type=_positive_int, default=None, help="at most this many indexes")
    icreate = indexes_cmds.add_parser("create", help="create an index", parents=[common])
    icreate.set_defaults(handler="commands:indexes_create")
    icreate.add_argument("name", help="index name")
    icreate.add_argument("--model", action="append", metavar="NAME[:OPTIONS]", dest="models",
                         help="a model and its options, e.g. marengo3.0:visual,audio (repeatable; default: "
                              "marengo3.0:visual,audio)")
    icreate.add_argument("--addon", action="append", dest="addons", choices=["thumbnail"], help="enable an addon")
    idelete = indexes_cmds.add_parser("delete", help="delete an index and all its videos (irreversible)",
                                      parents=[common])
    idelete.set_defaults(handler="commands:indexes_delete")
    idelete.add_argument("index_id", help="the index to delete")

    # upload ------------------------------------------------------------------------------------------------
    upload = command("upload", "upload video files and folders to an index, concurrently and resumably",
                     "commands:upload")
    upload.add_argument("paths", nargs="+", metavar="PATH", help="video files, or folders (searched recursively)")
    upload.add_argument("--index", required=True, dest="index_id", metavar="ID", help="the index to upload to")
    upload.add_argument("--concurrency", type=_positive_int, default=4, help="uploads at once (default: 4)")
    upload.add_argument("--journal", metavar="FILE",
                        help="SQLite journal: a rerun with the same journal skips files already uploaded")
    upload.add_argument("--no-wait", action="store_true", help="do not wait for indexing to finish")
    upload.add_argument("--timeout", type=_positive_float, default=None, metavar="SECONDS",
                        help="give up waiting for indexing after this long")

    # ingest ------------------------------------------------------------------------------------------------
    ingest = command("ingest", "ingest files, folders and URLs into an index as assets (today's flow), exactly once",
                     "commands:ingest")
    ingest.add_argument("inputs", nargs="*", metavar="PATH_OR_URL",
                        help="video files, folders (searched recursively) or http(s) URLs (none: a worker that "
                             "joins a shared job only to help with its inputs)")
    ingest.add_argument("--index", required=True, dest="index_id", metavar="ID", help="the index to ingest into")
    ingest.add_argument("--concurrency", type=_positive_int, default=4, help="inputs uploading at once (default: 4)")
    ingest.add_argument("--journal", metavar="FILE_OR_URL", default=os.environ.get("TWELVELABS_INGEST_JOURNAL"),
                        help="SQLite journal: a rerun with the same journal resumes each input where it stopped; "
                             "or postgresql://... : one job shared by any number of workers on any number of "
                             "machines (default: $TWELVELABS_INGEST_JOURNAL)")
    ingest.add_argument("--job", default="default", metavar="NAME",
                        help="the job's name in the journal; workers with the same job and database share it")
    ingest.add_argument("--worker", default=None, metavar="NAME",
                        help="this worker's name in a shared job (default: host:pid:random)")
    ingest.add_argument("--lease-seconds", type=_positive_float, default=None, metavar="SECONDS",
                        help="a shared job's lease: how soon the inputs of a dead worker are taken over "
                             "(default: 60)")
    ingest.add_argument("--timeout", type=_positive_float, default=None, metavar="SECONDS",
                        help="give up waiting for assets and indexing after this long")
    ingest.add_argument("--cleanup", action="store_true", help="delete the assets of inputs that failed")
    ingest.add_argument("--retry-failed", action="store_true",
                        help="try again the inputs the journal records as failed")

    # job ---------------------------------------------------------------------------------------------------
    job = commands.add_parser("job", help="a shared ingest job in PostgreSQL: its status, or retry its failures")
    job_cmds = job.add_subparsers(dest="job_command", metavar="ACTION", required=True)
    for name, help_text, handler in (
        ("status", "counts by step and by worker, rate and time left of a shared ingest job", "jobs:job_status"),
        ("retry-failed", "make a shared job's failed inputs claimable again (running or next workers take them)",
         "jobs:job_retry_failed"),
    ):
        sub = job_cmds.add_parser(name, help=help_text, description=help_text, parents=[common])
        sub.set_defaults(handler=handler)
        sub.add_argument("job", metavar="NAME", help="the job's name")
        sub.add_argument("--journal", metavar="URL", default=os.environ.get("TWELVELABS_INGEST_JOURNAL"),
                         help="the job's database, postgresql://... (default: $TWELVELABS_INGEST_JOURNAL)")

    # tasks -------------------------------------------------------------------------------------------------
    tasks = commands.add_parser("tasks", help="list video indexing tasks or wait for them")
    tasks_cmds = tasks.add_subparsers(dest="tasks_command", metavar="ACTION", required=True)
    tlist = tasks_cmds.add_parser("list", help="list indexing tasks, newest first", parents=[common])
    tlist.set_defaults(handler="commands:tasks_list")
    tlist.add_argument("--index", dest="index_id", metavar="ID", help="only tasks of this index")
    tlist.add_argument("--status", action="append", help="only tasks in this status (repeatable)",
                       choices=["uploading", "validating", "pending", "queued", "indexing", "ready", "failed"])
    tlist.add_argument("--limit", type=_positive_int, default=50, help="at most this many tasks (default: 50)")
    twait = tasks_cmds.add_parser("wait", help="wait until tasks are ready or failed", parents=[common])
    twait.set_defaults(handler="commands:tasks_wait")
    twait.add_argument("task_ids", nargs="+", metavar="TASK_ID")
    twait.add_argument("--timeout", type=_positive_float, default=None, metavar="SECONDS",
                       help="give up after this long (exit 1)")

    # search ------------------------------------------------------------------------------------------------
    search = command("search", "search an index with a text query", "commands:search")
    search.add_argument("query", help="the text query")
    search.add_argument("--index", required=True, dest="index_id", metavar="ID", help="the index to search")
    search.add_argument("--option", action="append", dest="search_options", metavar="OPTION",
                        help="modality to search: visual, audio or transcription (repeatable; default: visual and "
                             "audio)")
    search.add_argument("--transcription-option", action="append", dest="transcription_options", metavar="OPTION",
                        help="with --option transcription: lexical and/or semantic matching (repeatable)")
    search.add_argument("--operator", choices=["or", "and"], help="combine several options")
    search.add_argument("--group-by", choices=["clip", "video"], help="clips (default) or videos with clips")
    search.add_argument("--filter", metavar="JSON", help='metadata filter, e.g. \'{"duration": {"gte": 10}}\'')
    search.add_argument("--page-limit", type=_positive_int, default=None, help="results per API page (1-50)")
    search.add_argument("--max-results", type=_positive_int, default=20,
                        help="stop after this many results, across pages (default: 20)")

    # analyze -----------------------------------------------------------------------------------------------
    analyze = command("analyze", "ask a question about a video; the answer streams to stdout", "commands:analyze")
    analyze.add_argument("video", help="an http(s) URL of the video, a local video file (sent inline, up to 22 MB), "
                                       "or the id of a video in a Pegasus 1.2 index")
    analyze.add_argument("prompt")
    analyze.add_argument("--model", default=None, help="the Pegasus model, e.g. pegasus1.5 (default: the API's)")
    analyze.add_argument("--temperature", type=float, default=None, help="0 to 1")
    analyze.add_argument("--max-tokens", type=_positive_int, default=None, help="the longest answer, in tokens")
    analyze.add_argument("--schema", metavar="FILE",
                         help="a JSON schema file: the answer is JSON valid against it (response_format)")

    # embed -------------------------------------------------------------------------------------------------
    embed = commands.add_parser("embed", help="create embeddings")
    embed_cmds = embed.add_subparsers(dest="embed_command", metavar="KIND", required=True)
    etext = embed_cmds.add_parser("text", help="embed a text", parents=[common])
    etext.set_defaults(handler="commands:embed_text")
    etext.add_argument("text")
    etext.add_argument("--model", default="marengo3.0", help="embedding model (default: %(default)s)")
    return parser


# --- logging ------------------------------------------------------------------------------------------------


class _RedactFilter(logging.Filter):
    """Replace secrets in formatted log messages: the client never logs the key, and this makes sure of it."""

    def __init__(self, secrets: Sequence[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s and len(s) >= 4]

    def filter(self, record: logging.LogRecord) -> bool:
        if self._secrets:
            message = record.getMessage()
            redacted = message
            for secret in self._secrets:
                redacted = redacted.replace(secret, "***")
            if redacted != message:
                record.msg, record.args = redacted, None
        return True


def _configure_logging(verbosity: int, secrets: Sequence[str]) -> logging.Handler | None:
    if verbosity <= 0:
        return None
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    handler.addFilter(_RedactFilter(secrets))
    logger = logging.getLogger("twelvelabs_async")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
    return handler


# --- running ------------------------------------------------------------------------------------------------


def _handler(spec: str) -> Any:
    module_name, _, function = spec.partition(":")
    module = importlib.import_module(f"twelvelabs_async.cli.{module_name}")
    return getattr(module, function)


def _run_emulator(extra: Sequence[str]) -> int:
    from twelvelabs_async.emulator.__main__ import main as emulator_main

    try:
        return emulator_main(list(extra))
    except SystemExit as exc:  # its own argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return EXIT_OK
    return exc.code if isinstance(exc.code, int) else EXIT_USAGE


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args, extra = parser.parse_known_args(arguments)
        if args.command is None:
            parser.print_usage(sys.stderr)
            print(f"{PROG}: error: a command is required (try: {PROG} demo)", file=sys.stderr)
            return EXIT_USAGE
        if extra and args.command != "emulator":
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:  # argparse prints its message itself; keep main() a function that returns
        return _exit_code(exc)

    if args.command == "emulator":
        try:
            return _run_emulator(extra)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED

    secrets = [s for s in (args.api_key, os.environ.get("TWELVELABS_API_KEY")) if s]
    handler = _configure_logging(args.verbose, secrets)
    try:
        return _dispatch(args)
    finally:
        if handler is not None:
            logging.getLogger("twelvelabs_async").removeHandler(handler)


def _dispatch(args: argparse.Namespace) -> int:
    from twelvelabs_async._errors import (
        APIStatusError,
        ArgumentError,
        ConfigurationError,
        TwelveLabsError,
    )
    from twelvelabs_async.cli.output import Output

    out = Output(json_mode=args.json)
    try:
        result: int = asyncio.run(_handler(args.handler)(args, out))
        return result
    except KeyboardInterrupt:
        # asyncio.run has cancelled the command's task, so its `async with` blocks closed the client (and
        # stopped an embedded emulator) before we get here.
        out.error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        raise  # stdout's reader went away: main() ends quietly
    except (ConfigurationError, ArgumentError) as exc:  # before APIStatusError: an ArgumentError is a 400 too
        log.debug("usage error", exc_info=True)
        out.error(str(exc))
        return EXIT_USAGE
    except APIStatusError as exc:
        log.debug("API error", exc_info=True)
        label = f"{exc.status} {exc.code}" if exc.code else str(exc.status)
        out.error(f"{label}: {exc.message}")
        return EXIT_ERROR
    except TwelveLabsError as exc:
        log.debug("error", exc_info=True)
        out.error(f"{type(exc).__name__}: {exc}")
        return EXIT_ERROR
    except CliError as exc:
        out.error(str(exc))
        return exc.exit_code
    except Exception as exc:  # a disk or journal error, say: still one line, never a traceback (-vv logs it)
        log.debug("unexpected error", exc_info=True)
        out.error(f"{type(exc).__name__}: {exc}")
        return EXIT_ERROR


class CliError(Exception):
    """An error the CLI itself reports (a bad JSON filter, no video files found): one line and an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code
