"""The vocabulary of the route table: what an endpoint is, as data.

Everything endpoint-specific lives in ``twelvelabs_async/routes/`` as instances of these classes, one module per
resource. The code generator renders typed methods from them, and the request funnel validates arguments and
encodes them on the wire from them, so that one description drives both the signature a user sees and the bytes
the server gets.

These are plain slotted classes, not attrs: the generated resources import the route table when the client
module is imported, and that import must stay in the milliseconds (attrs alone costs tens of them).

A route is generic in what a call returns: ``indexes_create: Route[IndexCreated] = Route(...)``. The annotation
is the single statement of the response model; ``routes/__init__.py`` reads it into ``Route.response`` (the
name the decoder looks up), and mypy carries the type from the route object through the funnel to the
generated method without a cast.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class In(enum.Enum):
    """Where a parameter goes on the wire."""

    PATH = "path"
    QUERY = "query"
    BODY = "body"  # a JSON member or a multipart form field, per the route's body kind
    HEADER = "header"


class Kind(enum.Enum):
    """The Python shape a parameter accepts; it decides validation, the annotation and the wire encoding."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    STR_LIST = "str_list"  # a str or a sequence of str; repeated keys/fields on the wire
    CSV = "csv"  # a str or a sequence of str; one comma-joined value on the wire
    JSON = "json"  # any JSON value (objects, arrays of objects, ...); a Shape may add sugar and a typed hint
    JSON_TEXT = "json_text"  # a mapping (or ready JSON text) sent as JSON text in a form field
    BARE_KEYS = "bare_keys"  # a mapping spread into bare query keys (user-metadata filters)
    RANGE = "range"  # a number (equality) or {gte, lte} / (lo, hi): `field[gte]=..&field[lte]=..`
    INT_RANGE = "int_range"  # the same, with integer bounds
    MODELS = "models"  # index models: IndexModel instances or mappings
    FILE = "file"  # a path, an open binary file or bytes, sent as a multipart file part
    FILE_LIST = "file_list"  # several such files, each its own part under the same field name


class Body(enum.Enum):
    NONE = "none"
    JSON = "json"
    MULTIPART = "multipart"  # even with no file in it, as the API requires on these routes


class Paging(enum.Enum):
    NONE = "none"
    # page/page_limit with page_info.total_page; the items are in `Route.page_items` (usually `data`).
    PAGE_NUMBER = "page_number"
    # next_page_token in page_info, followed through another route (`Route.follow`) that takes the token.
    FOLLOW_TOKEN = "follow_token"
    # next_page_token in the answer, sent back as `page_token` in the body of the same route.
    BODY_TOKEN = "body_token"


class Streaming(enum.Enum):
    NONE = "none"
    NDJSON = "ndjson"  # analyze events; always a stream
    NDJSON_IF_FLAG = "ndjson_if_flag"  # analyze events when the `stream` argument is true
    SSE = "sse"  # server-sent events, each `data:` a JSON object decoded into the route's model
    JSONL_ITEMS = "jsonl_items"  # JSON lines, each an item decoded into the route's model


class Shape:
    """How a ``Kind.JSON`` parameter takes friendlier inputs than raw JSON, and how it is annotated.

    ``coerce(param_name, value)`` returns the JSON value to send (or raises ``ArgumentError``); the annotation
    may name ``_models.X`` classes, which the generated modules import for type checking only.
    """

    __slots__ = ("annotation", "coerce", "doc")

    def __init__(self, annotation: str, coerce: Callable[[str, object], Any], doc: str = "") -> None:
        self.annotation = annotation
        self.coerce = coerce
        self.doc = doc

    def __repr__(self) -> str:
        return f"Shape({self.annotation!r})"


class Param:
    """One argument of a method, and how it is checked and sent.

    ``choices`` are the values the API documents today. They are hints, not walls: they make the annotation
    ``Literal[...] | str`` and appear in the docs, but a value we do not know is sent as given (the service adds
    models and options every quarter and is the judge). Types, ranges, required parameters and route rules are
    still checked before any I/O.
    """

    __slots__ = (
        "choices",
        "deprecated",
        "doc",
        "dropped",
        "kind",
        "max_items",
        "maximum",
        "min_items",
        "minimum",
        "name",
        "required",
        "server_default",
        "shape",
        "where",
        "wire_name",
    )

    def __init__(
        self,
        name: str,
        kind: Kind,
        where: In,
        doc: str,
        *,
        required: bool = False,
        wire_name: str | None = None,
        choices: tuple[str, ...] | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        min_items: int | None = None,
        max_items: int | None = None,
        server_default: Any = None,
        shape: Shape | None = None,
        deprecated: str | None = None,
        dropped: str | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.where = where
        self.doc = doc
        self.required = required
        self.wire_name = wire_name
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.min_items = min_items
        self.max_items = max_items
        # The server's default when the argument is omitted: documentation only, never sent by the SDK.
        self.server_default = server_default
        self.shape = shape
        # Still sent, with a DeprecationWarning naming the replacement.
        self.deprecated = deprecated
        # Accepted for old code, never sent (the API dropped it), with a DeprecationWarning saying so.
        self.dropped = dropped

    @property
    def wire(self) -> str:
        return self.wire_name or self.name

    def __repr__(self) -> str:
        return f"Param({self.name!r}, {self.kind.name}, {self.where.name})"


# A route-specific rule over all arguments (after per-parameter checks); returns (param, reason) or None, or
# (param, reason, code) to give the API's error code itself (else it is parameter_not_provided when `param` was not
# given, parameter_invalid when it was).
Check = Callable[[Mapping[str, Any]], "tuple[str, str] | tuple[str, str, str] | None"]


class Route(Generic[T]):
    """One SDK method bound to one HTTP operation; ``T`` is what a (non-paged, non-streamed) call returns."""

    __slots__ = (
        "at_least_one_of",
        "at_most_one_of",
        "body",
        "checks",
        "deprecated",
        "doc",
        "exactly_one_of",
        "fixed_body",
        "follow",
        "http_method",
        "idempotency_header",
        "idempotent",
        "method_name",
        "notice",
        "page_item",
        "page_items",
        "pager_method",
        "paging",
        "params",
        "path",
        "preflight",
        "removed",
        "response",
        "slow_answer",
        "streaming",
        "success",
        "together",
    )

    def __init__(
        self,
        method_name: str,
        http_method: str,
        path: str,
        doc: str,
        *,
        params: tuple[Param, ...] = (),
        body: Body = Body.NONE,
        success: frozenset[int] = frozenset({200}),
        paging: Paging = Paging.NONE,
        page_item: str | None = None,
        page_items: str = "data",
        pager_method: str | None = None,
        follow: str | None = None,
        streaming: Streaming = Streaming.NONE,
        idempotent: bool = True,
        idempotency_header: str | None = None,
        fixed_body: Mapping[str, Any] | None = None,
        exactly_one_of: tuple[tuple[str, ...], ...] = (),
        at_least_one_of: tuple[tuple[str, ...], ...] = (),
        at_most_one_of: tuple[tuple[str, ...], ...] = (),
        together: tuple[tuple[str, str], ...] = (),
        checks: tuple[Check, ...] = (),
        deprecated: str | None = None,
        notice: str | None = None,
        removed: str | None = None,
        preflight: bool = False,
        slow_answer: bool = False,
        response: str | None = None,
    ) -> None:
        self.method_name = method_name  # dotted SDK name, e.g. "indexes.videos.list"
        self.http_method = http_method
        self.path = path  # with {python_param_name} placeholders
        self.doc = doc
        self.params = params
        self.body = body
        self.success = success
        self.paging = paging
        self.page_item = page_item  # item model(s) of a paged route, e.g. "Index" or "A | B" (annotation only)
        self.page_items = page_items  # the member of a page that holds its items
        # Also render a method of this name that iterates every page (token-paged search: `search.query`).
        self.pager_method = pager_method
        self.follow = follow  # FOLLOW_TOKEN: the route that fetches a further page by its token
        self.streaming = streaming
        # False: a retry after the request may have reached the server could create something twice.
        self.idempotent = idempotent
        # A header parameter that makes a creating call safe to retry: the funnel fills it with one fresh key
        # per logical call (a caller may give their own), and retries that call like an idempotent one.
        self.idempotency_header = idempotency_header
        self.fixed_body: Mapping[str, Any] = fixed_body or {}  # members always sent, e.g. "stream": false
        self.exactly_one_of = exactly_one_of
        self.at_least_one_of = at_least_one_of
        self.at_most_one_of = at_most_one_of
        self.together = together  # both or neither
        self.checks = checks
        # A DeprecationWarning at each call site, and a docstring line. The call is still made.
        self.deprecated = deprecated
        # A docstring line only: what the API says about the operation's future ("will be removed").
        self.notice = notice
        # The API no longer has this operation: calling raises EndpointRemovedError (before any I/O) with this
        # text, which names the replacement.
        self.removed = removed
        # Uploads a video: the method takes `preflight=True` and checks the file (size, duration, resolution)
        # before sending a byte.
        self.preflight = preflight
        # The answer is computed while the caller waits (a synchronous analysis can take minutes): no total
        # timeout, and a read timeout of at least SLOW_ANSWER_READ_TIMEOUT, so that a long answer is not cut
        # at the client's per-call timeout and then paid for again by a retry.
        self.slow_answer = slow_answer
        # The model class name in twelvelabs_async.models (None: an empty body); bound from the annotation.
        self.response = response

    @property
    def namespace(self) -> str:
        return self.method_name.rpartition(".")[0]

    @property
    def short_name(self) -> str:
        return self.method_name.rpartition(".")[2]

    @property
    def has_files(self) -> bool:
        return any(p.kind in (Kind.FILE, Kind.FILE_LIST) for p in self.params)

    @property
    def is_paged(self) -> bool:
        return self.paging is not Paging.NONE

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def __repr__(self) -> str:
        return f"Route({self.method_name!r}, {self.http_method} {self.path})"
