"""From a method's arguments to a wire request, driven by the route table.

``prepare`` validates every argument against its ``Param`` (type, range, required, route rules) and encodes it
where the route says: path segments quoted so an id cannot leave its segment, repeated query keys, range filters
as ``field[gte]``/``field[lte]``, comma-joined values, headers, JSON members, repeated multipart fields, JSON
text, file parts. Documented choices are not enforced: a value the SDK does not know is sent as given, since
the service adds models and options faster than any SDK ships. It sends nothing, so a bad argument fails before
any request; the one disk access is a ``stat`` of a file argument (exists, regular, readable), cheap enough to
do on the loop.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

import attrs

from twelvelabs_async._config import RequestOptions, check_header_value
from twelvelabs_async._errors import PARAMETER_INVALID, PARAMETER_NOT_PROVIDED, ArgumentError, ArgumentTypeError
from twelvelabs_async._files import FileSource, file_source
from twelvelabs_async._route_spec import Body, In, Kind, Param, Route
from twelvelabs_async._shapes import json_value, user_metadata


@attrs.define(slots=True)
class WireRequest:
    """Everything needed to send one request, any number of times."""

    method: str
    path: str
    query: list[tuple[str, str]]
    json_body: Any = None  # a JSON object for the route table; any JSON value through client.request()
    form_fields: list[tuple[str, str]] | None = None
    files: list[tuple[str, FileSource]] = attrs.field(factory=list)
    headers: dict[str, str] = attrs.field(factory=dict)
    # True when a retry cannot create anything twice (an idempotent method, or an idempotency key sent).
    idempotent: bool = True
    slow_answer: bool = False  # Route.slow_answer: timed by reads, not by a total

    @property
    def is_multipart(self) -> bool:
        return self.form_fields is not None


def _type_name(value: object) -> str:
    return type(value).__name__


def _check_str(p: Param, value: object) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(p.name, f"expected str, got {_type_name(value)}")
    if p.where is In.PATH:
        if not value:
            raise ArgumentError(p.name, "must not be empty")
        if not value.strip("."):
            # URL normalisation collapses a segment of dots, which would send the call to another resource.
            raise ArgumentError(p.name, f"{value!r} is not an id: a path segment of dots would leave its place")
    return value


def _check_bounds(p: Param, value: float, label: str = "") -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ArgumentError(p.name, f"{label}must be a finite number, got {value!r}")
    if p.minimum is not None and value < p.minimum:
        raise ArgumentError(p.name, f"{label}must be >= {p.minimum:g}, got {value!r}")
    if p.maximum is not None and value > p.maximum:
        raise ArgumentError(p.name, f"{label}must be <= {p.maximum:g}, got {value!r}")


def _check_number(p: Param, value: object, *, integer: bool) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float) if not integer else int):
        expected = "int" if integer else "a number"
        raise ArgumentTypeError(p.name, f"expected {expected}, got {_type_name(value)}")
    _check_bounds(p, value)
    return value


def _check_str_list(p: Param, value: object) -> list[str]:
    items: list[object]
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, (Sequence, set, frozenset)) and not isinstance(value, (bytes, bytearray)):
        items = list(value)
    else:
        raise ArgumentTypeError(p.name, f"expected a str or a sequence of str, got {_type_name(value)}")
    for item in items:
        if not isinstance(item, str):
            raise ArgumentTypeError(p.name, f"items must be str, got {_type_name(item)}")
    if p.min_items is not None and len(items) < p.min_items:
        raise ArgumentError(p.name, f"needs at least {p.min_items} item(s)")
    if p.max_items is not None and len(items) > p.max_items:
        raise ArgumentError(p.name, f"takes at most {p.max_items} item(s), got {len(items)}")
    return items  # type: ignore[return-value]


def _check_mapping(p: Param, value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(p.name, f"expected a mapping, got {_type_name(value)}")
    for key in value:
        if not isinstance(key, str):
            raise ArgumentTypeError(p.name, f"keys must be str, got {_type_name(key)}")
    return value


def _json_text(p: Param, value: object) -> str:
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError as exc:
            raise ArgumentError(p.name, f"is not valid JSON text: {exc}") from None
        if not isinstance(parsed, dict):
            raise ArgumentError(p.name, "must be a JSON object")
        if p.shape is not None:
            p.shape.coerce(p.name, parsed)
        return value
    checked = p.shape.coerce(p.name, value) if p.shape is not None else json_value(p.name, _check_mapping(p, value))
    return json.dumps(checked, separators=(",", ":"), allow_nan=False)


def _json(p: Param, value: object) -> Any:
    if p.shape is not None:
        checked = p.shape.coerce(p.name, value)
        return json_value(p.name, checked)  # a shape's output must still be JSON (no NaN slips through)
    return json_value(p.name, value)


def _models(p: Param, value: object) -> list[dict[str, Any]]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(p.name, f"expected a sequence of models, got {_type_name(value)}")
    out: list[dict[str, Any]] = []
    for item in value:
        if isinstance(item, Mapping):
            name, options = item.get("model_name"), item.get("model_options")
        elif hasattr(item, "model_name") and hasattr(item, "model_options"):
            name, options = item.model_name, item.model_options
        else:
            raise ArgumentTypeError(p.name, f"each model must be a mapping or IndexModel, got {_type_name(item)}")
        if not isinstance(name, str) or not name:
            raise ArgumentError(p.name, "each model needs a model_name (e.g. 'marengo3.0')")
        if isinstance(options, str) or not isinstance(options, Sequence) or not options:
            raise ArgumentError(p.name, f"model {name!r} needs model_options, a non-empty list such as ['visual']")
        for option in options:
            if not isinstance(option, str):
                raise ArgumentTypeError(p.name, f"model options of {name!r} must be str, got {_type_name(option)}")
        out.append({"model_name": name, "model_options": list(options)})
    if p.min_items is not None and len(out) < p.min_items:
        raise ArgumentError(p.name, f"needs at least {p.min_items} model(s)")
    if p.max_items is not None and len(out) > p.max_items:
        raise ArgumentError(p.name, f"takes at most {p.max_items} models, got {len(out)}")
    return out


_RANGE_KEYS = ("gte", "lte")


def _range_bound(p: Param, value: object, label: str, *, integer: bool) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int if integer else (int, float)):
        raise ArgumentTypeError(p.name, f"{label}expected {'an int' if integer else 'a number'}, got {value!r}")
    _check_bounds(p, value, label)
    return value


def _range(p: Param, value: object) -> list[tuple[str, float]]:
    """A range filter as (suffix, bound) pairs, e.g. ``[("[gte]", 1), ("[lte]", 9)]``.

    A single number means equality, sent as a range from it to itself: the spec types these filters as
    ``{gte, lte}`` objects only, so a bare ``duration=10`` would be outside it.
    """
    integer = p.kind is Kind.INT_RANGE
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low = high = _range_bound(p, value, "", integer=integer)
    else:
        if isinstance(value, Mapping):
            unknown = sorted(set(map(str, value)) - set(_RANGE_KEYS))
            if unknown:
                raise ArgumentError(p.name, f"a range takes 'gte' and 'lte', not {unknown}")
            given_low, given_high = value.get("gte"), value.get("lte")
        elif isinstance(value, tuple) and len(value) == 2:
            given_low, given_high = value
        else:
            number = "an int" if integer else "a number"
            raise ArgumentTypeError(
                p.name, f"expected {number}, {{'gte': lo, 'lte': hi}} or a (lo, hi) tuple, got {_type_name(value)}"
            )
        low = _range_bound(p, given_low, "the lower bound ", integer=integer)
        high = _range_bound(p, given_high, "the upper bound ", integer=integer)
    if low is None and high is None:
        raise ArgumentError(p.name, "a range needs at least one bound")
    if low is not None and high is not None and low > high:
        raise ArgumentError(p.name, f"the lower bound {low!r} is above the upper bound {high!r}")
    return [(f"[{key}]", bound) for key, bound in zip(_RANGE_KEYS, (low, high), strict=True) if bound is not None]


def _file_list(p: Param, value: object) -> list[FileSource]:
    if isinstance(value, (str, bytes, bytearray, memoryview, tuple)) or not isinstance(value, Sequence):
        raise ArgumentTypeError(p.name, f"expected a sequence of files, got {_type_name(value)}")
    files = [file_source(f"{p.name}[{position}]", item) for position, item in enumerate(value)]
    if p.max_items is not None and len(files) > p.max_items:
        raise ArgumentError(p.name, f"takes at most {p.max_items} files, got {len(files)}")
    return files


def _scalar_text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _quote_segment(value: str) -> str:
    # Every reserved character is escaped ("/" included), so an id stays one segment; ids made only of dots are
    # refused by _check_str, as quoting cannot keep them from being normalised away.
    return quote(value, safe="")


def check_value(p: Param, value: object) -> Any:
    """Validate one argument; returns it in the form the encoder expects."""
    kind = p.kind
    if kind is Kind.STR:
        return _check_str(p, value)
    if kind is Kind.INT:
        return _check_number(p, value, integer=True)
    if kind is Kind.FLOAT:
        return _check_number(p, value, integer=False)
    if kind is Kind.BOOL:
        if not isinstance(value, bool):
            raise ArgumentTypeError(p.name, f"expected bool, got {_type_name(value)}")
        return value
    if kind is Kind.STR_LIST or kind is Kind.CSV:
        return _check_str_list(p, value)
    if kind is Kind.JSON:
        return _json(p, value)
    if kind is Kind.JSON_TEXT:
        return _json_text(p, value)
    if kind is Kind.BARE_KEYS:
        mapping = user_metadata(p.name, _check_mapping(p, value))
        for key, item in mapping.items():
            if item is None or isinstance(item, list):  # a filter key takes one scalar
                raise ArgumentTypeError(p.name, f"value of {key!r} must be str, int, float or bool")
        return mapping
    if kind is Kind.RANGE or kind is Kind.INT_RANGE:
        return _range(p, value)
    if kind is Kind.MODELS:
        return _models(p, value)
    if kind is Kind.FILE:
        return file_source(p.name, value)
    if kind is Kind.FILE_LIST:
        return _file_list(p, value)
    raise AssertionError(f"unhandled kind {kind}")  # pragma: no cover


def _check_route_rules(route: Route[Any], given: Mapping[str, Any]) -> None:
    for group in route.exactly_one_of:
        present = [name for name in group if given.get(name) is not None]
        if len(present) != 1:
            names = ", ".join(group[:-1]) + " or " + group[-1]
            if not present:
                reason = "none was given"
            elif len(present) == len(group) == 2:
                reason = "both were given"
            else:
                reason = f"{' and '.join(present)} were given"
            raise ArgumentError(
                group[0] if not present else present[-1],
                f"give exactly one of {names} ({reason})",
                code=PARAMETER_INVALID if present else PARAMETER_NOT_PROVIDED,
            )
    for group in route.at_most_one_of:
        present = [name for name in group if given.get(name) is not None]
        if len(present) > 1:
            raise ArgumentError(present[-1], f"give at most one of {', '.join(group)} ({' and '.join(present)})")
    for group in route.at_least_one_of:
        if all(given.get(name) is None for name in group):
            raise ArgumentError(group[0], f"give at least one of {', '.join(group)}", code=PARAMETER_NOT_PROVIDED)
    for first, second in route.together:
        if (given.get(first) is None) != (given.get(second) is None):
            missing = second if given.get(second) is None else first
            raise ArgumentError(missing, f"{first} and {second} must be given together", code=PARAMETER_NOT_PROVIDED)
    for check in route.checks:
        problem = check(given)
        if problem is not None:
            param, reason, *code = problem
            if not code:
                code = [PARAMETER_NOT_PROVIDED if given.get(param) is None else PARAMETER_INVALID]
            raise ArgumentError(param, reason, code=code[0])


_OPTION_KEYS = frozenset(
    {
        "timeout_in_seconds",
        "max_retries",
        "additional_headers",
        "additional_query_parameters",
        "additional_body_parameters",
        "chunk_size",  # the official SDK's, for file downloads; accepted so its callers' options pass
    }
)


def check_request_options(options: object) -> None:
    """Validate ``request_options`` before any I/O; a typo in a key is an error, not a silent no-op."""
    name = "request_options"
    if not isinstance(options, Mapping):
        raise ArgumentTypeError(name, f"expected a mapping, got {_type_name(options)}")
    unknown = sorted(set(options) - _OPTION_KEYS)
    if unknown:
        raise ArgumentError(name, f"unknown key(s) {unknown}; known: {sorted(_OPTION_KEYS)}")
    timeout = options.get("timeout_in_seconds")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) or timeout <= 0
    ):
        raise ArgumentError(name, f"timeout_in_seconds must be a positive number, got {timeout!r}")
    retries = options.get("max_retries")
    if retries is not None and (isinstance(retries, bool) or not isinstance(retries, int) or retries < 0):
        raise ArgumentError(name, f"max_retries must be an int >= 0, got {retries!r}")
    for key in ("additional_headers", "additional_query_parameters", "additional_body_parameters"):
        value = options.get(key)
        if value is not None and not isinstance(value, Mapping):
            raise ArgumentTypeError(name, f"{key} must be a mapping, got {_type_name(value)}")
    for header, text in (options.get("additional_headers") or {}).items():
        check_header_value(header, text)  # ConfigurationError, as for a client's default headers
    for key, item in (options.get("additional_query_parameters") or {}).items():
        if not isinstance(key, str) or not isinstance(item, (str, int, float, bool)):
            raise ArgumentTypeError(name, f"additional_query_parameters[{key!r}] must be a str, int, float or bool")
    json_value(f"{name}['additional_body_parameters']", options.get("additional_body_parameters") or {})


class _Encoder:
    """Collects one request's encoded parts; each argument goes where its Param says."""

    __slots__ = ("body", "fields", "files", "headers", "multipart", "path_values", "query", "route")

    def __init__(self, route: Route[Any]) -> None:
        self.route = route
        self.multipart = route.body is Body.MULTIPART
        self.path_values: dict[str, str] = {}
        self.query: list[tuple[str, str]] = []
        self.headers: dict[str, str] = {}
        self.body: dict[str, Any] = {}
        self.fields: list[tuple[str, str]] = []
        self.files: list[tuple[str, FileSource]] = []

    def add(self, p: Param, checked: Any) -> None:
        where = p.where
        if where is In.PATH:
            self.path_values[p.name] = _quote_segment(checked)
        elif where is In.QUERY:
            self._add_query(p, checked)
        elif where is In.HEADER:
            text = _scalar_text(checked)
            if any(c in text for c in "\r\n\x00"):
                # A line break would end the header and let the value write headers of its own.
                raise ArgumentError(p.name, "contains a line break or NUL character")
            self.headers[p.wire] = text
        elif self.multipart:
            self._add_field(p, checked)
        else:
            self.body[p.wire] = checked

    def _add_query(self, p: Param, checked: Any) -> None:
        kind = p.kind
        if kind is Kind.STR_LIST:
            self.query.extend((p.wire, item) for item in checked)
        elif kind is Kind.CSV:
            self.query.append((p.wire, ",".join(checked)))
        elif kind is Kind.RANGE or kind is Kind.INT_RANGE:
            # The 1.3.6 SDK and the API reference send deepObject brackets; the spec's schema gives no style,
            # whose default (form, exploded) would send bare `gte`/`lte` keys that no server could tell apart.
            self.query.extend((p.wire + suffix, _scalar_text(bound)) for suffix, bound in checked)
        elif kind is Kind.BARE_KEYS:
            taken = {q.wire for q in self.route.params}
            for key, item in checked.items():
                if key in taken:
                    raise ArgumentError(p.name, f"key {key!r} clashes with the {key!r} parameter")
                self.query.append((key, _scalar_text(item)))
        elif kind is Kind.JSON:
            self.query.append((p.wire, json.dumps(checked, separators=(",", ":"))))
        else:
            self.query.append((p.wire, _scalar_text(checked)))

    def _add_field(self, p: Param, checked: Any) -> None:
        kind = p.kind
        if kind is Kind.FILE:
            self.files.append((p.wire, checked))
        elif kind is Kind.FILE_LIST:
            self.files.extend((p.wire, source) for source in checked)
        elif kind is Kind.STR_LIST:
            self.fields.extend((p.wire, item) for item in checked)
        elif kind is Kind.JSON:
            self.fields.append((p.wire, json.dumps(checked, separators=(",", ":"))))
        else:
            self.fields.append((p.wire, _scalar_text(checked)))


def prepare(route: Route[Any], args: Mapping[str, Any], options: RequestOptions | None = None) -> WireRequest:
    """Validate ``args`` (None means omitted) and build the wire request. Raises before any I/O."""
    encoder = _Encoder(route)
    given: dict[str, Any] = {}
    for p in route.params:
        value = args.get(p.name)
        if value is None:
            if p.required:
                raise ArgumentError(p.name, "is required", code=PARAMETER_NOT_PROVIDED)
            continue
        checked = check_value(p, value)
        given[p.name] = checked
        if p.dropped is None:  # a dropped parameter is checked (old code learns of a bad value) but never sent
            encoder.add(p, checked)

    _check_route_rules(route, given)

    idempotent = route.idempotent
    header = route.idempotency_header
    if header is not None:
        # One key per logical call: every retry of this request carries it, so the server runs the call once.
        encoder.headers.setdefault(header, uuid.uuid4().hex)
        idempotent = True

    extra_body: Mapping[str, Any] = {}
    if options:
        check_request_options(options)
        for key, value in (options.get("additional_query_parameters") or {}).items():
            encoder.query.append((key, _scalar_text(value)))
        encoder.headers.update(options.get("additional_headers") or {})
        extra_body = options.get("additional_body_parameters") or {}

    path_values = encoder.path_values
    request = WireRequest(
        method=route.http_method,
        path=route.path.format(**path_values) if path_values else route.path,
        query=encoder.query,
        headers=encoder.headers,
        idempotent=idempotent,
        slow_answer=route.slow_answer,
    )
    if encoder.multipart:
        fields = encoder.fields
        for key, value in {**route.fixed_body, **extra_body}.items():
            # A structured value in a form field travels as JSON text, as the API's own such fields do.
            text = _scalar_text(value) if isinstance(value, (str, int, float, bool)) else json.dumps(value)
            fields.append((key, text))
        request.form_fields = fields
        request.files = encoder.files
    elif route.body is Body.JSON:
        body = encoder.body
        body.update(route.fixed_body)
        body.update(extra_body)
        request.json_body = body
    return request
