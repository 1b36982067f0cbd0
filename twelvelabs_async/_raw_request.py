"""The escape hatch's request: ``client.request(method, path, ...)`` built into the same ``WireRequest`` that
every generated method sends, so it gets the same transport, retries, errors and redaction.

The inputs are checked before any I/O like a generated method's: the path must be relative to the base URL (an
absolute URL could carry the API key to another host), query and form values must be scalars, a JSON body must
be JSON (no NaN), and files are validated as file parameters are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from twelvelabs_async._config import RequestOptions, check_header_value
from twelvelabs_async._errors import ArgumentError, ArgumentTypeError
from twelvelabs_async._files import FileInput, FileSource, file_source
from twelvelabs_async._request import WireRequest, check_request_options
from twelvelabs_async._shapes import json_value

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"})
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE"})


def _text(name: str, key: str, value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ArgumentTypeError(name, f"value of {key!r} must be a str, int, float or bool, got {type(value).__name__}")


def _pairs(name: str, values: Mapping[str, Any] | Sequence[tuple[str, Any]] | None) -> list[tuple[str, str]]:
    """Key/value pairs as text; a list or tuple value repeats its key, None leaves it out."""
    if values is None:
        return []
    if isinstance(values, Mapping):
        items = list(values.items())
    elif isinstance(values, Sequence) and not isinstance(values, (str, bytes)):
        items = list(values)
    else:
        raise ArgumentTypeError(name, f"expected a mapping or a sequence of pairs, got {type(values).__name__}")
    out: list[tuple[str, str]] = []
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            raise ArgumentTypeError(name, f"expected (str, value) pairs, got {item!r}")
        key, value = item
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            out.extend((key, _text(name, key, each)) for each in value)
        else:
            out.append((key, _text(name, key, value)))
    return out


def _files(files: Mapping[str, FileInput] | Sequence[tuple[str, FileInput]] | None) -> list[tuple[str, FileSource]]:
    if files is None:
        return []
    items = list(files.items()) if isinstance(files, Mapping) else list(files)
    out: list[tuple[str, FileSource]] = []
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            raise ArgumentTypeError("files", f"expected (field, file) pairs, got {type(item).__name__}")
        out.append((item[0], file_source(f"files[{item[0]!r}]", item[1])))
    return out


def build_raw_request(
    method: str,
    path: str,
    *,
    params: Mapping[str, Any] | Sequence[tuple[str, Any]] | None,
    json_body: Any,
    data: Mapping[str, Any] | Sequence[tuple[str, Any]] | None,
    files: Mapping[str, FileInput] | Sequence[tuple[str, FileInput]] | None,
    headers: Mapping[str, str] | None,
    idempotent: bool | None,
    options: RequestOptions | None,
) -> WireRequest:
    if not isinstance(method, str) or method.upper() not in _METHODS:
        raise ArgumentError("method", f"must be one of {sorted(_METHODS)}, got {method!r}")
    verb = method.upper()
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        raise ArgumentError("path", f"must be a path under the base URL starting with '/', got {path!r}")
    if any(c in path for c in "?#\r\n\x00"):
        raise ArgumentError("path", "must not hold a query, a fragment or control characters (use params=)")
    if json_body is not None and (data is not None or files is not None):
        raise ArgumentError("json", "give either json or data/files (a multipart body), not both")
    request = WireRequest(
        method=verb,
        path=path,
        query=_pairs("params", params),
        idempotent=verb in _IDEMPOTENT_METHODS if idempotent is None else bool(idempotent),
    )
    for key, value in (headers or {}).items():
        check_header_value(key, value)
        request.headers[key] = value
    if json_body is not None:
        request.json_body = json_value("json", json_body)
    elif data is not None or files is not None:
        request.form_fields = _pairs("data", data)
        request.files = _files(files)
    if options:
        check_request_options(options)
        request.query.extend(_pairs("request_options", options.get("additional_query_parameters")))
        request.headers.update(options.get("additional_headers") or {})
        extra = options.get("additional_body_parameters")
        if extra:
            if request.json_body is None or not isinstance(request.json_body, dict):
                raise ArgumentError("request_options", "additional_body_parameters needs a JSON object body")
            request.json_body.update(extra)
    return request
