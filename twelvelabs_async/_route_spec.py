"""The vocabulary of the route table: what an endpoint is, as data.

Everything endpoint-specific lives in ``_routes.py`` as instances of these classes. The code generator renders
typed methods from them, and the request funnel validates arguments and encodes them on the wire from them, so
that one description drives both the signature a user sees and the bytes the server gets.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

import attrs


class In(enum.Enum):
    """Where a parameter goes on the wire."""

    PATH = "path"
    QUERY = "query"
    BODY = "body"  # a JSON member or a multipart form field, per the route's body kind


class Kind(enum.Enum):
    """The Python shape a parameter accepts; it decides validation, the annotation and the wire encoding."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    STR_LIST = "str_list"  # a str or a sequence of str; repeated keys/fields on the wire (or comma-joined)
    CSV = "csv"  # a str or a sequence of str; one comma-joined value on the wire
    JSON_OBJECT = "json_object"  # a mapping sent as a JSON object
    JSON_TEXT = "json_text"  # a mapping (or ready JSON text) sent as JSON text in a form field
    BARE_KEYS = "bare_keys"  # a mapping spread into bare query keys (user-metadata filters)
    MODELS = "models"  # index models: IndexModel instances or mappings
    FILE = "file"  # a path, an open binary file or bytes, sent as a multipart file part


class Body(enum.Enum):
    NONE = "none"
    JSON = "json"
    MULTIPART = "multipart"  # even with no file in it, as the API requires on these routes


class Paging(enum.Enum):
    NONE = "none"
    PAGE_NUMBER = "page_number"  # page/page_limit with page_info.total_page
    SEARCH_TOKEN = "search_token"  # next_page_token, followed through GET /search/{page-token}


class Streaming(enum.Enum):
    NONE = "none"
    NDJSON = "ndjson"  # always a stream
    NDJSON_IF_FLAG = "ndjson_if_flag"  # a stream when the ``stream`` argument is true


@attrs.frozen
class Param:
    """One argument of a method, and how it is checked and sent."""

    name: str
    kind: Kind
    where: In
    doc: str
    required: bool = False
    wire_name: str | None = None
    choices: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    # The server's default when the argument is omitted: documentation only, never sent by the SDK.
    server_default: Any = None

    @property
    def wire(self) -> str:
        return self.wire_name or self.name


# A route-specific rule over all arguments (after per-parameter checks); returns an error text or None.
Check = Callable[[Mapping[str, Any]], "tuple[str, str] | None"]


@attrs.frozen
class Route:
    """One SDK method bound to one HTTP operation."""

    method_name: str  # dotted SDK name, e.g. "indexes.videos.list"
    http_method: str
    path: str  # with {python_param_name} placeholders
    doc: str
    response: str | None  # model class name in twelvelabs_async.models; None for an empty body
    params: tuple[Param, ...] = ()
    body: Body = Body.NONE
    success: frozenset[int] = frozenset({200})
    paging: Paging = Paging.NONE
    page_item: str | None = None  # item model(s) of a paginated route, e.g. "Index" or "A | B"
    # Also render a method of this name that iterates every page (token-paged search): `search.query`.
    pager_method: str | None = None
    streaming: Streaming = Streaming.NONE
    idempotent: bool = True  # False: a retry after the request may have reached the server could duplicate
    rate_limited: bool = False
    fixed_body: Mapping[str, Any] = attrs.field(factory=dict)  # members always sent, e.g. "stream": false
    exactly_one_of: tuple[tuple[str, ...], ...] = ()
    at_least_one_of: tuple[tuple[str, ...], ...] = ()
    together: tuple[tuple[str, str], ...] = ()  # both or neither
    checks: tuple[Check, ...] = ()
    deprecated: str | None = None
    # Uploads a video: the method takes `preflight=True` and checks the file (size, duration, resolution)
    # before sending a byte.
    preflight: bool = False

    @property
    def namespace(self) -> str:
        return self.method_name.rpartition(".")[0]

    @property
    def short_name(self) -> str:
        return self.method_name.rpartition(".")[2]

    @property
    def has_files(self) -> bool:
        return any(p.kind is Kind.FILE for p in self.params)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)
