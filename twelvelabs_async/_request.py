"""From a method's arguments to a wire request, driven by the route table.

``prepare`` validates every argument against its ``Param`` (type, choice, range, required, route rules) and
encodes it where the route says: path segments quoted so an id cannot leave its segment, repeated query keys,
comma-joined values, JSON members, repeated multipart fields, JSON text, file parts. It sends nothing, so a bad
argument fails before any request; the one disk access is a ``stat`` of a file argument (exists, regular,
readable), cheap enough to do on the loop.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

import attrs

from twelvelabs_async._config import RequestOptions, check_header_value
from twelvelabs_async._errors import ArgumentError, ArgumentTypeError
from twelvelabs_async._files import FileSource, file_source
from twelvelabs_async._route_spec import Body, In, Kind, Param, Route


@attrs.define(slots=True)
class WireRequest:
    """Everything needed to send one request, any number of times."""

    method: str
    path: str
    query: list[tuple[str, str]]
    json_body: dict[str, Any] | None = None
    form_fields: list[tuple[str, str]] | None = None
    files: list[tuple[str, FileSource]] = attrs.field(factory=list)
    headers: dict[str, str] = attrs.field(factory=dict)

    @property
    def is_multipart(self) -> bool:
        return self.form_fields is not None


def _type_name(value: object) -> str:
    return type(value).__name__


def _check_str(p: Param, value: object) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(p.name, f"expected str, got {_type_name(value)}")
    if p.choices is not None and value not in p.choices:
        raise ArgumentError(p.name, f"must be one of {', '.join(map(repr, p.choices))}, got {value!r}")
    if p.where is In.PATH:
        if not value:
            raise ArgumentError(p.name, "must not be empty")
        if not value.strip("."):
            # URL normalisation collapses a segment of dots, which would send the call to another resource.
            raise ArgumentError(p.name, f"{value!r} is not an id: a path segment of dots would leave its place")
    return value


def _check_number(p: Param, value: object, *, integer: bool) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float) if not integer else int):
        expected = "int" if integer else "a number"
        raise ArgumentTypeError(p.name, f"expected {expected}, got {_type_name(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ArgumentError(p.name, f"must be a finite number, got {value!r}")
    if p.minimum is not None and value < p.minimum:
        raise ArgumentError(p.name, f"must be >= {p.minimum:g}, got {value!r}")
    if p.maximum is not None and value > p.maximum:
        raise ArgumentError(p.name, f"must be <= {p.maximum:g}, got {value!r}")
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
        if p.choices is not None and item not in p.choices:
            raise ArgumentError(
                p.name, f"items must be among {', '.join(map(repr, p.choices))}, got {item!r}"
            )
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
        return value
    mapping = _check_mapping(p, value)
    try:
        return json.dumps(mapping, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ArgumentTypeError(p.name, f"is not JSON-serializable: {exc}") from None


def _json_object(p: Param, value: object) -> dict[str, Any]:
    mapping = dict(_check_mapping(p, value))
    try:
        json.dumps(mapping)
    except (TypeError, ValueError) as exc:
        raise ArgumentTypeError(p.name, f"is not JSON-serializable: {exc}") from None
    return mapping


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
            raise ArgumentTypeError(
                p.name, f"each model must be a mapping or IndexModel, got {_type_name(item)}"
            )
        if not isinstance(name, str) or not name:
            raise ArgumentError(p.name, "each model needs a model_name (e.g. 'marengo2.7' or 'pegasus1.2')")
        if isinstance(options, str) or not isinstance(options, Sequence) or not options:
            raise ArgumentError(
                p.name, f"model {name!r} needs model_options, a non-empty list such as ['visual']"
            )
        for option in options:
            if option not in ("visual", "audio"):
                raise ArgumentError(
                    p.name, f"model option {option!r} of {name!r} must be 'visual' or 'audio'"
                )
        out.append({"model_name": name, "model_options": list(options)})
    if p.min_items is not None and len(out) < p.min_items:
        raise ArgumentError(p.name, f"needs at least {p.min_items} model(s)")
    if p.max_items is not None and len(out) > p.max_items:
        raise ArgumentError(p.name, f"takes at most {p.max_items} models, got {len(out)}")
    return out


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
    if kind is Kind.JSON_OBJECT:
        return _json_object(p, value)
    if kind is Kind.JSON_TEXT:
        return _json_text(p, value)
    if kind is Kind.BARE_KEYS:
        mapping = _check_mapping(p, value)
        for key, item in mapping.items():
            if not isinstance(item, (str, int, float, bool)):
                raise ArgumentTypeError(p.name, f"value of {key!r} must be str, int, float or bool")
        return mapping
    if kind is Kind.MODELS:
        return _models(p, value)
    if kind is Kind.FILE:
        return file_source(p.name, value)
    raise AssertionError(f"unhandled kind {kind}")  # pragma: no cover


def _check_route_rules(route: Route, given: Mapping[str, Any]) -> None:
    for group in route.exactly_one_of:
        present = [name for name in group if given.get(name) is not None]
        if len(present) != 1:
            names = " or ".join(group)
            reason = "both were given" if len(present) > 1 else "neither was given"
            raise ArgumentError(
                group[0] if not present else present[-1], f"give exactly one of {names} ({reason})"
            )
    for group in route.at_least_one_of:
        if all(given.get(name) is None for name in group):
            raise ArgumentError(group[0], f"give at least one of {', '.join(group)}")
    for first, second in route.together:
        if (given.get(first) is None) != (given.get(second) is None):
            missing = second if given.get(second) is None else first
            raise ArgumentError(missing, f"{first} and {second} must be given together")
    for check in route.checks:
        problem = check(given)
        if problem is not None:
            raise ArgumentError(*problem)


_OPTION_KEYS = frozenset(
    {
        "timeout_in_seconds",
        "max_retries",
        "additional_headers",
        "additional_query_parameters",
        "additional_body_parameters",
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
    try:
        json.dumps(options.get("additional_body_parameters") or {})
    except (TypeError, ValueError) as exc:
        raise ArgumentTypeError(name, f"additional_body_parameters is not JSON-serializable: {exc}") from None


def prepare(route: Route, args: Mapping[str, Any], options: RequestOptions | None = None) -> WireRequest:
    """Validate ``args`` (None means omitted) and build the wire request. Raises before any I/O."""
    path_values: dict[str, str] = {}
    query: list[tuple[str, str]] = []
    body: dict[str, Any] = {}
    fields: list[tuple[str, str]] = []
    files: list[tuple[str, FileSource]] = []
    given: dict[str, Any] = {}
    multipart = route.body is Body.MULTIPART

    for p in route.params:
        value = args.get(p.name)
        if value is None:
            if p.required:
                raise ArgumentError(p.name, "is required")
            continue
        checked = check_value(p, value)
        given[p.name] = checked
        if p.where is In.PATH:
            path_values[p.name] = _quote_segment(checked)
        elif p.where is In.QUERY:
            if p.kind is Kind.STR_LIST:
                query.extend((p.wire, item) for item in checked)
            elif p.kind is Kind.CSV:
                query.append((p.wire, ",".join(checked)))
            elif p.kind is Kind.BARE_KEYS:
                taken = {q.wire for q in route.params}
                for key, item in checked.items():
                    if key in taken:
                        raise ArgumentError(p.name, f"key {key!r} clashes with the {key!r} parameter")
                    query.append((key, _scalar_text(item)))
            else:
                query.append((p.wire, _scalar_text(checked)))
        elif multipart:
            if p.kind is Kind.FILE:
                files.append((p.wire, checked))
            elif p.kind is Kind.STR_LIST:
                fields.extend((p.wire, item) for item in checked)
            elif p.kind is Kind.JSON_OBJECT:
                fields.append((p.wire, json.dumps(checked, separators=(",", ":"))))
            else:
                fields.append((p.wire, _scalar_text(checked)))
        else:
            body[p.wire] = checked

    _check_route_rules(route, given)

    headers: dict[str, str] = {}
    extra_body: Mapping[str, Any] = {}
    if options:
        check_request_options(options)
        for key, value in (options.get("additional_query_parameters") or {}).items():
            query.append((key, _scalar_text(value)))
        headers.update(options.get("additional_headers") or {})
        extra_body = options.get("additional_body_parameters") or {}

    request = WireRequest(
        method=route.http_method,
        path=route.path.format(**path_values) if path_values else route.path,
        query=query,
        headers=headers,
    )
    if multipart:
        for key, value in {**route.fixed_body, **extra_body}.items():
            # A structured value in a form field travels as JSON text, as the API's own such fields do.
            text = _scalar_text(value) if isinstance(value, (str, int, float, bool)) else json.dumps(value)
            fields.append((key, text))
        request.form_fields = fields
        request.files = files
    elif route.body is Body.JSON:
        body.update(route.fixed_body)
        body.update(extra_body)
        request.json_body = body
    return request
