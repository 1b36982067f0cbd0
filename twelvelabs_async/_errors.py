"""The error tree.

``TwelveLabsError`` is the root of everything this package raises on purpose. Below it: connection and timeout
errors (never a raw aiohttp exception), and ``ApiError`` (the official SDK's base, with its ``status_code``,
``headers`` and ``body``) for every answer the API gave that is an error: ``APIStatusError`` for every non-2xx
answer, refined by HTTP status and then by the API's documented error ``code``, so ``except
IndexNameAlreadyExistsError`` and ``except BadRequestError`` both work, and ``APIResponseError`` for a 2xx answer
that cannot be read. The argument errors raised before any I/O (``ArgumentError`` and its subclasses) are
``BadRequestError`` too, with ``status_code`` 400, so that ``except BadRequestError`` catches a bad argument as it
would the server's 400; ``isinstance(error, ArgumentError)`` (or ``error.method is None``) tells them apart.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "ApiError",
    "ApiKeyInvalidError",
    "ApiUpgradeRequiredError",
    "ArgumentError",
    "ArgumentTypeError",
    "AuthenticationError",
    "BadRequestError",
    "BulkCreateError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "ContentTooLargeError",
    "EndpointRemovedError",
    "EventLoopMismatchError",
    "GatewayTimeoutError",
    "GoneError",
    "IndexEngineCannotBeChangedError",
    "IndexNameAlreadyExistsError",
    "IndexNotSupportedForGenerateError",
    "IndexNotSupportedForSearchError",
    "IndexOptionCannotBeChangedError",
    "InsufficientFundsError",
    "InternalServerError",
    "JournalError",
    "JournalLockedError",
    "LeaseLostError",
    "MissingFileError",
    "MissingVideoFileError",
    "NotFoundError",
    "PARAMETER_INVALID",
    "PARAMETER_NOT_PROVIDED",
    "PagerNotFetchedError",
    "ParameterInvalidError",
    "ParameterNotProvidedError",
    "ParameterUnknownError",
    "PermissionDeniedError",
    "PreflightError",
    "PresignedUrlRejectedError",
    "RateLimitError",
    "ResourceNotExistError",
    "ResponseTooLargeError",
    "SearchFilterInvalidError",
    "SearchOptionCombinationNotSupportedError",
    "SearchOptionNotSupportedError",
    "SearchPageTokenExpiredError",
    "ServiceUnavailableError",
    "StorageError",
    "StreamConnectionError",
    "StreamDecodeError",
    "StreamError",
    "StreamIncompleteError",
    "StreamLineTooLongError",
    "SyncCallFromLoopThreadError",
    "TagsNotAllowedError",
    "TaskCannotBeDeletedError",
    "TaskFailedError",
    "TokenLimitExceededError",
    "TwelveLabsError",
    "UnauthorizedRequestError",
    "UnprocessableEntityError",
    "UploadError",
    "UploadFileChangedError",
    "UploadSessionError",
    "UploadUnconfirmedError",
    "UploadWaitTimeoutError",
    "UsageLimitExceededError",
    "VideoDurationTooLongError",
    "VideoDurationTooShortError",
    "VideoFileBrokenError",
    "VideoFilesizeTooLargeError",
    "VideoResolutionInvalidAspectRatioError",
    "VideoResolutionTooHighError",
    "VideoResolutionTooLowError",
    "WaitTimeoutError",
    "WebhookVerificationError",
    "error_class_for_code",
    "error_from_response",
    "parse_error_body",
]


# Secrets of this process's clients (API keys, proxy passwords). A buggy server may echo a key back in an error
# body or a stream line; every error's text is scrubbed of them, so a key never reaches a log line or traceback.
# A tuple, replaced whole, so that threads read it without a lock. Very short values are not scrubbed: "k" as a
# test key would otherwise garble every message.
_SECRETS: tuple[str, ...] = ()
_MIN_SECRET_LENGTH = 8
REDACTED = "[redacted]"


def register_secret(value: str) -> None:
    """Scrub ``value`` from the text of every error from now on."""
    global _SECRETS
    if len(value) >= _MIN_SECRET_LENGTH and value not in _SECRETS:
        _SECRETS = (*_SECRETS, value)


def scrub(text: str) -> str:
    """``text`` with every registered secret replaced by ``[redacted]``."""
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def scrub_bytes(body: bytes) -> bytes:
    """``body`` with every registered secret (as UTF-8) replaced by ``[redacted]``."""
    for secret in _SECRETS:
        raw = secret.encode()
        if raw in body:
            body = body.replace(raw, REDACTED.encode())
    return body


class TwelveLabsError(Exception):
    """Root of every error raised by twelvelabs_async.

    Every error pickles (for multiprocessing pools and task queues) although most take keyword-only arguments:
    it is rebuilt from its args and attributes without calling ``__init__`` again. Its text never shows a
    client's API key, even one that a server echoed back.
    """

    def __str__(self) -> str:
        return scrub(super().__str__())

    def __repr__(self) -> str:
        return scrub(super().__repr__())

    def __reduce__(self) -> tuple[Any, ...]:
        cls = type(self)
        bases = _COMBINED_BASES.get(cls)
        if bases is not None:
            return (_restore_combined, (bases[0], bases[1], self.args, dict(self.__dict__)))
        return (_restore, (cls, self.args, dict(self.__dict__)))


def _restore(cls: type[TwelveLabsError], args: tuple[Any, ...], state: dict[str, Any]) -> TwelveLabsError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def _restore_combined(
    code_cls: type[APIStatusError], status_cls: type[APIStatusError], args: tuple[Any, ...], state: dict[str, Any]
) -> TwelveLabsError:
    return _restore(_code_and_status_class(code_cls, status_cls), args, state)


class ConfigurationError(TwelveLabsError):
    """The client cannot be built: no API key, a malformed base URL or header, an invalid setting."""


class ClientClosedError(TwelveLabsError, RuntimeError):
    """The client was closed and cannot send requests any more."""


class EventLoopMismatchError(TwelveLabsError, RuntimeError):
    """The async client is bound to another running event loop."""


class APIConnectionError(TwelveLabsError):
    """The request could not be completed: connection refused or reset, DNS failure, TLS failure."""

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None) -> None:
        super().__init__(message)
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError, TimeoutError):
    """The server did not answer (or stopped sending) within the configured timeout."""


class ErrorBody(dict[str, Any]):
    """The JSON object of an error answer: a dict (``body["code"]``), whose keys read as attributes as well
    (``body.code``, ``body.error.message``), because the official SDK gives some routes' error bodies as typed
    objects (``NotFoundErrorBody``, ``ErrorResponse``) and others as dicts, and code written for it reads both
    ways. A key the body lacks reads as None, as an optional field of those objects does."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy, pickle and friends look up dunders: they must not find None
            raise AttributeError(name)
        return _as_error_body(self.get(name))


def _as_error_body(value: Any) -> Any:
    if isinstance(value, dict) and not isinstance(value, ErrorBody):
        return ErrorBody(value)
    if isinstance(value, list):
        return [_as_error_body(item) for item in value]
    return value


class ErrorHeaders(dict[str, str]):
    """An error answer's headers as the official SDK gives them (``dict(httpx_response.headers)``): a dict whose
    names are in lower case and a repeated header's values joined with ``", "``; looked up in any case
    (``headers["Retry-After"]`` and ``headers.get("retry-after")`` alike), as HTTP header names are."""

    def __init__(self, headers: Mapping[str, str] | None = None) -> None:
        super().__init__()
        for name, value in (headers or {}).items():
            key = name.lower()
            super().__setitem__(key, f"{super().__getitem__(key)}, {value}" if key in self else value)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower() if isinstance(name, str) else name)

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name.lower() if isinstance(name, str) else name)

    def get(self, name: str, default: Any = None) -> Any:
        return super().get(name.lower() if isinstance(name, str) else name, default)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ErrorHeaders, (dict(self),))


def _lowercase_headers(headers: Mapping[str, str] | None) -> ErrorHeaders:
    return headers if isinstance(headers, ErrorHeaders) else ErrorHeaders(headers)


class ApiError(TwelveLabsError):
    """An error answer of the API: the official SDK's base class (``twelvelabs.core.api_error.ApiError``).

    ``status_code`` is the HTTP status, ``headers`` the answer's headers, ``body`` what the API sent: its JSON
    (a dict, for the API's error objects) or, when the body is not JSON, its text. ``except ApiError`` catches
    every ``APIStatusError`` (every non-2xx answer, and the argument errors raised before any I/O, which are
    400s), and ``APIResponseError`` (a 2xx answer that cannot be read), as the official SDK's ``except ApiError``
    catches its errors. It can be made as the official one is: ``ApiError(status_code=..., headers=..., body=...)``.
    """

    status_code: int | None = None
    headers: Mapping[str, str] | None
    body: Any

    def __init__(
        self, *, headers: Mapping[str, str] | None = None, status_code: int | None = None, body: Any = None
    ) -> None:
        super().__init__(f"headers: {headers}, status_code: {status_code}, body: {body}")
        self.headers = None if headers is None else _lowercase_headers(headers)
        self.status_code = status_code
        self.body = _as_error_body(body)


class APIResponseError(ApiError):
    """A 2xx answer whose body is not what the API documents (not JSON, or the wrong shape).

    ``status`` (and ``status_code``) is the answer's status, ``body`` the start of its text (for a body that is not
    JSON), ``headers`` empty.
    """

    def __init__(self, message: str, *, status: int | None = None, body: str | None = None) -> None:
        TwelveLabsError.__init__(self, message)
        self.status = status
        self.status_code = status
        self.headers = {}
        self.body = body


class ResponseTooLargeError(APIResponseError):
    """A 2xx answer larger than the client's ``max_response_bytes`` (after decompression); the rest was not read.
    ``limit`` is the bound. The request did reach the server: what it created exists."""

    def __init__(self, message: str, *, status: int | None = None, limit: int) -> None:
        super().__init__(message, status=status)
        self.limit = limit


class StreamError(TwelveLabsError):
    """An NDJSON stream could not be read to its end."""


class StreamDecodeError(StreamError):
    """A line of the stream is not a JSON object. ``line`` holds (a cut of) it."""

    def __init__(self, message: str, *, line: str, line_number: int) -> None:
        super().__init__(f"{message} (line {line_number}: {line!r})")
        self.line = line
        self.line_number = line_number


class StreamIncompleteError(StreamError):
    """The stream ended before its ``stream_end`` event, or in the middle of a line."""


class StreamConnectionError(StreamError, APIConnectionError):
    """The connection broke while the stream was being read."""


class StreamLineTooLongError(StreamError):
    """A line (or event) of a stream grew past the limit without ending; ``limit`` is that limit in bytes."""

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class UploadError(TwelveLabsError):
    """A chunked (multipart) upload failed: the official SDK's ``UploadError``
    (``twelvelabs.wrapper.multipart_upload_client_wrapper``), made the same way, ``UploadError(message,
    chunk_index=None, original_error=None)``.

    ``message`` is the text, ``chunk_index`` the chunk that failed when one did, ``original_error`` the error that
    caused it (also its ``__cause__``), if any. ``StorageError`` and ``UploadSessionError`` are UploadErrors, and
    ``multipart_upload.upload_file`` raises every failure after its first request as one, so ``except
    UploadError`` catches what it catches with the official SDK.
    """

    def __init__(
        self, message: str, chunk_index: int | None = None, original_error: BaseException | None = None
    ) -> None:
        super().__init__(message)
        # scrubbed: `message` is read and logged on its own, and may quote an error from a server
        self.message = scrub(str(message))
        self.chunk_index = chunk_index
        self.original_error = original_error


class StorageError(UploadError):
    """A PUT to presigned storage (a multipart upload's chunk) failed. ``status`` is the storage host's answer,
    if any; ``body`` the start of its error document; ``chunk_index`` the chunk, when the upload knows it. The
    message names the host and path, never the URL's signature."""

    def __init__(
        self, message: str, *, status: int | None = None, body: str | None = None, chunk_index: int | None = None
    ) -> None:
        super().__init__(message, chunk_index)
        self.status = status
        self.body = body


class PresignedUrlRejectedError(StorageError):
    """The storage host refused a presigned URL (403): it expired (after an hour) or was used already."""


class UploadSessionError(UploadError):
    """A multipart upload session cannot go on (expired, failed, or the server's answers do not add up);
    ``upload_id`` names it. Start a new upload."""

    def __init__(self, message: str, *, upload_id: str | None = None) -> None:
        super().__init__(message)
        self.upload_id = upload_id


class JournalError(TwelveLabsError):
    """A bulk journal cannot be used (empty, damaged, foreign or from a newer SDK); ``path`` names it. Nothing was
    sent: a journal that lost its content is never taken for a new one."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class JournalLockedError(JournalError):
    """Another run is using the journal right now (two runs on one journal would do work twice)."""


class LeaseLostError(JournalError):
    """A shared ingest job's input is no longer this worker's: its lease lapsed and another worker took it over.
    This worker stops working on it; the other one resumes it from the recorded step."""


class EndpointRemovedError(TwelveLabsError):
    """The method's endpoint no longer exists in the API; nothing was sent. The message names the replacement.

    ``method`` is the SDK method called, ``replacement`` what to use instead.
    """

    def __init__(self, method: str, replacement: str) -> None:
        super().__init__(f"{method}() cannot be called: {replacement}")
        self.method = method
        self.replacement = replacement


class UploadUnconfirmedError(APIConnectionError):
    """An upload's answer was lost and the lookup for its task could not be completed; the file was not sent
    again (that could index it twice). A rerun with the same journal looks again."""


class UploadFileChangedError(TwelveLabsError):
    """A file changed while it was being uploaded (it shrank, or was truncated): what was sent is not the file.
    ``path`` names it. Not retried: the file has to be settled first."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


def sent_body_error(exc: BaseException) -> TwelveLabsError | None:
    """Our own error raised while aiohttp was writing a request body, which it wraps in a connection error of its
    own ("Can not write request body"): found in the cause chain so that its message is not lost."""
    seen = 0
    cause = exc.__cause__
    while cause is not None and seen < 5:
        if isinstance(cause, TwelveLabsError):
            return cause
        cause, seen = cause.__cause__, seen + 1
    return None


class TaskFailedError(TwelveLabsError):
    """The task ended in ``failed``; ``task`` is its final state."""

    def __init__(self, task: Any) -> None:
        super().__init__(f"task {task.id} failed")
        self.task = task


class WaitTimeoutError(TwelveLabsError, TimeoutError):
    """The deadline passed before the task(s) finished.

    ``task`` is the last state seen of the (first) unfinished task, or None if none was ever read;
    ``pending`` holds the last state of every unfinished task (wait_many).
    """

    def __init__(self, message: str, *, task: Any = None, pending: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.task = task
        self.pending = list(pending)


class UploadWaitTimeoutError(WaitTimeoutError, UploadError):
    """``multipart_upload.wait_for_upload_completion`` gave up at ``max_wait_time``: a ``WaitTimeoutError``, and
    an ``UploadError`` as the official SDK raises there (``task`` is the session's last progress)."""


class BulkCreateError(TwelveLabsError):
    """Some inputs of ``tasks.create_bulk`` / ``embed.tasks.create_bulk`` failed; every input was tried.

    ``outcomes`` holds one entry per input, in input order: what was created, or the exception that stopped it.
    ``created`` is the created ones in order (the list the official SDK returns, which skips the failures and
    prints them), ``errors`` the ``(position, exception)`` pairs.
    """

    def __init__(self, message: str, *, outcomes: Sequence[Any]) -> None:
        super().__init__(message)
        self.outcomes = list(outcomes)

    @property
    def created(self) -> list[Any]:
        return [outcome for outcome in self.outcomes if not isinstance(outcome, BaseException)]

    @property
    def errors(self) -> list[tuple[int, BaseException]]:
        return [(n, outcome) for n, outcome in enumerate(self.outcomes) if isinstance(outcome, BaseException)]


class PagerNotFetchedError(TwelveLabsError, RuntimeError):
    """A pager's page was read (``items``, ``has_next``, ``page``) before it was fetched: ``await`` the pager
    first (``pager = await client.x.list(...)``), as with the official SDK, or iterate it."""


class SyncCallFromLoopThreadError(TwelveLabsError, RuntimeError):
    """A blocking method was called from the client's own event-loop thread (e.g. inside a callback)."""


class APIStatusError(ApiError):
    """The API answered with a non-2xx status.

    ``status`` (and the official SDK's ``status_code``) is the HTTP status; ``code``, ``message``, ``details``
    (and on older routes ``docs_url``) come from the API's error body when there is one, in either of its shapes:
    ``{"code", "message"}`` or ``{"error": {"code", "message", "details"}}``. ``body`` is the body as the official
    SDK gives it: the parsed JSON (a dict, for the API's error objects), or the text when it is not JSON (cut to
    2,000 characters); ``body_text`` is always the text (cut the same way), or None for an empty body.

    Made by this SDK with a message and ``status=``; made by code written for the official SDK with its keywords
    (``BadRequestError(body)``, ``NotFoundError(body=..., headers=...)``), then the message and ``code`` are read
    from the body and the status is the class's.
    """

    error_code: ClassVar[str | None] = None

    def __init__(
        self,
        message: Any = None,
        *,
        status: int | None = None,
        code: str | None = None,
        docs_url: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        method: str | None = None,
        url: str | None = None,
        details: Any = None,
        body_text: str | None = None,
        status_code: int | None = None,
    ) -> None:
        if status is None:
            # The official SDK's way: `BadRequestError(body, headers=None)`, `ApiError`-style keywords.
            if body is None and message is not None:
                body = message
            status = status_code if status_code is not None else type(self).status_code
            if status is None:
                raise TypeError(f"{type(self).__name__} needs a status (status= or status_code=)")
            found_code, found_message = _code_and_message_of(body)
            code = code if code is not None else found_code
            message = found_message or _default_message(status)
            if body_text is None and isinstance(body, str):
                body_text = body[:_MAX_BODY_TEXT]
        self.status = status
        self.status_code = status
        self.code = code
        self.message = str(message)
        self.docs_url = docs_url
        self.details = details
        self.headers: Mapping[str, str] = _lowercase_headers(headers)
        self.body = _as_error_body(body)
        self.body_text = body_text
        self.method = method
        self.url = url
        where = f" ({method} {url})" if method and url else ""
        label = f"{status} {code}" if code else str(status)
        TwelveLabsError.__init__(self, f"{label}: {self.message}{where}")


class BadRequestError(APIStatusError):
    """400, and every argument error raised before any I/O (``ArgumentError``, ``PreflightError``, ...)."""

    status_code = 400


# The API's error codes for a bad argument, which the argument errors raised before any I/O carry too: code that
# reads the code of a 400 (``exc.code``, ``exc.body["code"]``) reads the same one whichever side refused it.
PARAMETER_INVALID = "parameter_invalid"
PARAMETER_NOT_PROVIDED = "parameter_not_provided"


class ArgumentError(BadRequestError, ValueError):
    """An argument was rejected before any network I/O.

    It is a ``BadRequestError`` (the official SDK's name for a 400) so that ``except BadRequestError`` catches a
    bad argument as it would the server's 400: ``status`` and ``status_code`` are 400, ``message`` is the text,
    ``code`` the API's error code for the same fault (``parameter_not_provided`` for a required argument that is
    missing, ``parameter_invalid`` otherwise), ``body`` is ``{"code": code, "message": text}`` (the shape of the
    API's error objects), ``method`` and ``url`` are None (nothing was sent), ``headers`` is empty. ``param``
    names the argument, ``reason`` says what is wrong.
    """

    def __init__(self, param: str, reason: str, *, code: str = PARAMETER_INVALID) -> None:
        text = f"{param}: {reason}"
        TwelveLabsError.__init__(self, text)
        self.param = param
        self.reason = reason
        self.status = self.status_code = 400
        self.code = code
        self.message = text
        self.docs_url = None
        self.details = None
        self.headers = {}
        self.body = ErrorBody(code=code, message=text)
        self.body_text = None
        self.method = None
        self.url = None


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument has the wrong type."""


def _not_found(error: OSError, filename: str) -> None:
    # The builtin's attributes, as `open()` sets them: code catching FileNotFoundError reads these.
    error.errno = errno.ENOENT
    error.strerror = os.strerror(errno.ENOENT)
    error.filename = filename


def _restore_os_error(
    cls: type[TwelveLabsError], args: tuple[Any, ...], state: dict[str, Any], os_fields: tuple[Any, Any, Any]
) -> TwelveLabsError:
    error: Any = OSError.__new__(cls)  # `cls.__new__` would find ValueError's, which refuses an OSError subclass
    error.args = args
    error.__dict__.update(state)
    error.errno, error.strerror, error.filename = os_fields
    restored: TwelveLabsError = error
    return restored


class MissingFileError(ArgumentError, FileNotFoundError):
    """A local file given as an argument does not exist; nothing was sent.

    An ``ArgumentError`` and the builtin ``FileNotFoundError`` (``errno`` is ``ENOENT``, ``filename`` the path),
    as the official SDK lets ``open()`` raise it: ``except FileNotFoundError`` catches it as it does there.
    """

    def __init__(self, param: str, path: str | os.PathLike[str], *, reason: str | None = None) -> None:
        filename = os.fspath(path)
        super().__init__(param, reason if reason is not None else f"file not found: {filename!r}")
        _not_found(self, filename)

    def __str__(self) -> str:
        # The argument error's text, not OSError's "[Errno 2] ..." (which would drop the parameter's name).
        return scrub(BaseException.__str__(self))

    def __reduce__(self) -> tuple[Any, ...]:
        # errno, strerror and filename live outside __dict__ (OSError's own fields).
        return (_restore_os_error, (type(self), self.args, dict(self.__dict__), (self.errno, self.strerror,
                                                                                   self.filename)))


class PreflightError(ArgumentError):
    """A video file breaks one of the API's documented limits; nothing was sent.

    ``file`` is the file's name (or path), ``rule`` one of ``exists``, ``regular_file``, ``readable``,
    ``max_size``, ``min_resolution``, ``max_resolution``, ``aspect_ratio``, ``min_duration``, ``max_duration``.
    """

    def __init__(self, file: str, rule: str, reason: str, *, param: str = "video_file") -> None:
        ArgumentError.__init__(self, param, f"{file}: {reason} [{rule}]")
        self.file = file
        self.rule = rule


class MissingVideoFileError(PreflightError, MissingFileError):
    """The preflight's ``exists`` rule: the video file does not exist. A ``PreflightError`` and a
    ``MissingFileError`` (so a ``FileNotFoundError`` too)."""

    def __init__(
        self, file: str, rule: str = "exists", reason: str = "file not found", *, param: str = "video_file"
    ) -> None:
        PreflightError.__init__(self, file, rule, reason, param=param)
        _not_found(self, file)


class AuthenticationError(APIStatusError):
    status_code = 401


class PermissionDeniedError(APIStatusError):
    status_code = 403


class NotFoundError(APIStatusError):
    status_code = 404


class ConflictError(APIStatusError):
    status_code = 409


class GoneError(APIStatusError):
    """410: the resource is gone for good, e.g. an expired page token."""

    status_code = 410


class ContentTooLargeError(APIStatusError):
    """413: the request body is larger than the API accepts."""

    status_code = 413


class UnprocessableEntityError(APIStatusError):
    status_code = 422


class RateLimitError(APIStatusError):
    """429: a rate limit was reached. ``retry_after`` is the server's hint in seconds, when it gave one."""

    status_code = 429

    def __init__(self, message: Any = None, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """Any 5xx (``status`` says which; 500 when made without one, as the official SDK's class is); 503 and 504
    are its subclasses ``ServiceUnavailableError`` and ``GatewayTimeoutError``."""

    status_code = 500


class ServiceUnavailableError(InternalServerError):
    """503: the official SDK's class of that status (1.3.6 documents it on batch creation: nothing was created)."""

    status_code = 503


class GatewayTimeoutError(InternalServerError):
    """504: the official SDK's class of that status (a gateway gave up; the request may have been carried out)."""

    status_code = 504


# --- one class per documented API error code ----------------------------------------------------------------


class ParameterInvalidError(BadRequestError):
    error_code = "parameter_invalid"


class ParameterNotProvidedError(BadRequestError):
    error_code = "parameter_not_provided"


class ParameterUnknownError(BadRequestError):
    error_code = "parameter_unknown"


class ResourceNotExistError(NotFoundError):
    error_code = "resource_not_exist"


class ApiKeyInvalidError(AuthenticationError):
    error_code = "api_key_invalid"


class UnauthorizedRequestError(AuthenticationError):
    error_code = "unauthorized_request"


class TagsNotAllowedError(BadRequestError):
    error_code = "tags_not_allowed"


class ApiUpgradeRequiredError(BadRequestError):
    error_code = "api_upgrade_required"


class IndexOptionCannotBeChangedError(BadRequestError):
    error_code = "index_option_cannot_be_changed"


class IndexEngineCannotBeChangedError(BadRequestError):
    error_code = "index_engine_cannot_be_changed"


class IndexNameAlreadyExistsError(BadRequestError):
    error_code = "index_name_already_exists"


class VideoResolutionTooLowError(BadRequestError):
    error_code = "video_resolution_too_low"


class VideoResolutionTooHighError(BadRequestError):
    error_code = "video_resolution_too_high"


class VideoResolutionInvalidAspectRatioError(BadRequestError):
    error_code = "video_resolution_invalid_aspect_ratio"


class VideoDurationTooShortError(BadRequestError):
    error_code = "video_duration_too_short"


class VideoDurationTooLongError(BadRequestError):
    error_code = "video_duration_too_long"


class VideoFileBrokenError(BadRequestError):
    error_code = "video_file_broken"


class VideoFilesizeTooLargeError(BadRequestError):
    error_code = "video_filesize_too_large"


class TaskCannotBeDeletedError(BadRequestError):
    error_code = "task_cannot_be_deleted"


class UsageLimitExceededError(BadRequestError):
    error_code = "usage_limit_exceeded"


class InsufficientFundsError(BadRequestError):
    error_code = "insufficient_funds"


class SearchOptionNotSupportedError(BadRequestError):
    error_code = "search_option_not_supported"


class SearchOptionCombinationNotSupportedError(BadRequestError):
    error_code = "search_option_combination_not_supported"


class SearchFilterInvalidError(BadRequestError):
    error_code = "search_filter_invalid"


class SearchPageTokenExpiredError(BadRequestError):
    error_code = "search_page_token_expired"


class IndexNotSupportedForSearchError(BadRequestError):
    error_code = "index_not_supported_for_search"


class TokenLimitExceededError(BadRequestError):
    error_code = "token_limit_exceeded"


class IndexNotSupportedForGenerateError(BadRequestError):
    error_code = "index_not_supported_for_generate"


def _status_classes() -> dict[int, type[APIStatusError]]:
    classes: list[type[APIStatusError]] = [
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        GoneError,
        ContentTooLargeError,
        UnprocessableEntityError,
        RateLimitError,
        ServiceUnavailableError,
        GatewayTimeoutError,
    ]
    return {cls.status_code: cls for cls in classes if cls.status_code is not None}


def _code_classes() -> dict[str, type[APIStatusError]]:
    found: dict[str, type[APIStatusError]] = {}
    pending: list[type[APIStatusError]] = [APIStatusError]
    while pending:
        cls = pending.pop()
        if cls.error_code is not None:
            found[cls.error_code] = cls
        pending.extend(cls.__subclasses__())
    return found


_BY_STATUS = _status_classes()
_BY_CODE = _code_classes()


def error_class_for_code(code: str) -> type[APIStatusError] | None:
    """The class raised for a documented API error code, or None for an unknown code."""
    return _BY_CODE.get(code)


_MAX_BODY_TEXT = 2000
_MAX_MESSAGE_TEXT = 2000
# An error body larger than this is not parsed (it is not the API's small JSON); its start is kept as text.
_MAX_BODY_BYTES = 1024 * 1024
_COMBINED: dict[tuple[type[APIStatusError], type[APIStatusError]], type[APIStatusError]] = {}
_COMBINED_BASES: dict[type[TwelveLabsError], tuple[type[APIStatusError], type[APIStatusError]]] = {}


def _code_and_status_class(
    code_cls: type[APIStatusError], status_cls: type[APIStatusError]
) -> type[APIStatusError]:
    """The code's class, made to match the actual status too when the server used another one.

    The seeds never state each code's status (a duplicate index name may come back as 400 or 409): whatever
    the server sends, ``except IndexNameAlreadyExistsError`` and ``except ConflictError`` both catch it.
    """
    if issubclass(code_cls, status_cls):
        return code_cls
    key = (code_cls, status_cls)
    combined = _COMBINED.get(key)
    if combined is None:
        combined = type(code_cls.__name__, (code_cls, status_cls), {"__module__": code_cls.__module__})
        _COMBINED[key] = combined
        _COMBINED_BASES[combined] = key
    return combined


def _text_of(value: Any) -> str | None:
    return None if value is None else str(value)[:_MAX_MESSAGE_TEXT]


_NOT_JSON = object()


def _json_of(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return _NOT_JSON


def _code_and_message_of(body: Any) -> tuple[str | None, str | None]:
    """The API error code and message in an error body made by the caller (a dict, an object, or text)."""
    if isinstance(body, Mapping):
        code, message, _, _ = _fields_of(body)
        return code, message
    if isinstance(body, str):
        return None, body[:_MAX_MESSAGE_TEXT] or None
    if body is None:
        return None, None
    code = getattr(body, "code", None)
    message = getattr(body, "message", None)
    return _text_of(code), _text_of(message) if message is not None else str(body)[:_MAX_MESSAGE_TEXT]


def parse_error_body(text: str) -> tuple[str | None, str | None, str | None, Any]:
    """(code, message, docs_url, details) of an error body in any of the API's shapes, or Nones.

    The shapes: ``{"code", "message", "docs_url"}`` (seed-era routes), ``{"code", "message"}`` (2026 routes),
    ``{"error_code", "message"}`` (one page route) and ``{"error": {"code", "message", "details"}}`` (analyze
    tasks and batches, embeddings v2).
    """
    return _fields_of(_json_of(text))


def _fields_of(parsed: Any) -> tuple[str | None, str | None, str | None, Any]:
    if not isinstance(parsed, Mapping):
        return None, None, None, None
    envelope = parsed.get("error")
    if isinstance(envelope, dict):
        parsed = envelope
    raw_code = parsed.get("code", parsed.get("error_code"))
    details = parsed.get("details")
    return _text_of(raw_code), _text_of(parsed.get("message")), _text_of(parsed.get("docs_url")), details


def error_from_response(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str | None = None,
    url: str | None = None,
    retry_after: float | None = None,
) -> APIStatusError:
    """Build the most specific error for a non-2xx answer.

    The body is the API's error JSON in one of its shapes (see ``parse_error_body``), but a 429 may have an
    empty body: anything else falls back to the status and the raw text. Texts kept in the error are cut, so a
    server that answers with megabytes cannot make an exception message of megabytes.
    """
    code: str | None = None
    message: str | None = None
    docs_url: str | None = None
    details: Any = None
    text = body[: _MAX_BODY_BYTES].decode("utf-8", "replace") if body else ""
    parsed: Any = _NOT_JSON
    if text and len(body) <= _MAX_BODY_BYTES:
        parsed = _json_of(text)
        code, message, docs_url, details = _fields_of(parsed)
    if message is None:
        message = text[:_MAX_BODY_TEXT] if text else _default_message(status)

    status_cls = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIStatusError)
    code_cls = _BY_CODE.get(code) if code else None
    cls = status_cls if code_cls is None else _code_and_status_class(code_cls, status_cls)
    kwargs: dict[str, Any] = {
        "status": status,
        "code": code,
        "docs_url": docs_url,
        "headers": headers,
        # As the official SDK gives it: the JSON when the body is JSON, else its text.
        "body": (text[:_MAX_BODY_TEXT] or None) if parsed is _NOT_JSON else parsed,
        "body_text": text[:_MAX_BODY_TEXT] or None,
        "method": method,
        "url": url,
        "details": details,
    }
    if issubclass(cls, RateLimitError):
        return cls(message, retry_after=retry_after, **kwargs)
    return cls(message, **kwargs)


def _default_message(status: int) -> str:
    if status == 429:
        return "Too many requests: a rate limit was reached"
    if status == 401:
        return "The API key is invalid or expired"
    if status >= 500:
        return "The server failed to handle the request"
    return f"HTTP {status}"


class WebhookVerificationError(TwelveLabsError, ValueError):
    """A webhook notification failed verification: do not act on it (answer 400 or 401).

    ``reason`` says which check failed: ``malformed_header`` (no ``t=`` timestamp, or not the
    ``t=<unix>,v1=<hex>`` form), ``no_signature`` (no ``v1=`` signature), ``timestamp_out_of_tolerance`` (older or
    newer than the tolerance allows: a replay, or a skewed clock), ``signature_mismatch`` (tampered body or header,
    or another secret).
    """

    def __init__(self, message: str, *, reason: str = "invalid") -> None:
        super().__init__(message)
        self.reason = reason
