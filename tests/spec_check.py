"""Validate the HTTP requests the SDK sends against the official Twelve Labs OpenAPI spec (the 2026-07 export).

Wire tests record requests on a loopback server (``core_testkit.Recorded``); ``validate_request(recorded)`` says
which operation of the spec the request is and raises ``SpecViolation`` (an ``AssertionError``) listing every
problem found, each naming the parameter or field and the rule it broke. ``validate_raw`` takes the same request
as plain values (method, path, query pairs, headers, body bytes, content type) for harnesses that record
requests some other way. The spec is read from ``shared/reference`` beside the repository (or from the file named
by ``$TWELVELABS_SPEC``) once per process and kept; the validators it builds are kept too, so hundreds of tests
can call this cheaply.

Why not openapi-core
--------------------
openapi-core 0.23 was tried on this spec and does not validate it faithfully:
- its spec check rejects the document (Fern names components ``Data connectors_list-connections_Response_200``,
  spaces included, which OpenAPI's component-name pattern forbids), so it has to be switched off;
- the spec declares no ``style``/``explode`` anywhere, so for the range filters (``duration``, ``fps``, ...) it
  expects form-exploded ``gte=10&lte=20`` and silently ignores ``duration[gte]=10``; it also ignores free-form
  user-metadata keys and any undeclared query key instead of reporting them;
- it does not decode multipart text fields by their schema (``page_limit=5`` in ``POST /search`` is reported as
  "'5' is not of type 'integer'"), it rejects a file part under a ``oneOf`` of binary / array of binary, and it
  fills in schema defaults before validating, so the request it checks is not the one that was sent;
- a failed body is one ``InvalidRequestBody`` whose cause holds raw schema errors, not one problem per field.
So this module decodes parameters and multipart parts itself and validates the decoded values with
``jsonschema``'s Draft 2020-12 validator (OpenAPI 3.1's schema dialect), resolving ``$ref``s through a
``referencing`` registry that holds the whole spec document.

How a request is read
---------------------
- Path: the server base (``/v1.3``, from ``servers``) is stripped, the rest split on ``/`` and each segment
  percent-decoded, then matched against the templates (a literal segment beats a template one, as OpenAPI asks;
  ``/connections:authorize`` is a literal segment). Two operations of the official SDK 1.3.6 that the 2026-07 spec
  lacks are recognised and reported as unspecified (``UNSPECIFIED_OPERATIONS``), never passed as valid.
- Query: text values are decoded by the parameter's schema (integers, numbers, ``true``/``false``, JSON text for
  objects) and the decoded value is validated, so enums, ranges and ``oneOf`` apply. Arrays are repeated keys
  (``status=ready&status=failed``: OpenAPI's default ``form`` + ``explode``); a repeated key for a scalar is a
  problem. Objects with declared properties (the range filters) are read as ``deepObject``
  (``duration[gte]=10&duration[lte]=20``) although the spec does not say so (see the quirks). An object parameter
  with no declared properties but ``additionalProperties`` (``user_metadata`` on the video and indexed-asset
  lists) is form-exploded as the spec's default style means and its description shows (``?category=news``): every
  query key that is not a declared parameter is one of its entries, validated against ``additionalProperties``,
  and listed in ``OperationMatch.free_form_query``. Elsewhere an undeclared key is a problem.
- Headers: every header parameter the operation declares (the spec declares ``x-api-key`` on each one, since no
  operation carries ``security``) and the API-key header of ``securitySchemes`` in any case.
- Body: it must use a media type the operation declares. JSON is validated as is. Multipart parts are grouped by
  name; a property typed ``array`` (or ``oneOf`` one value / array of values) may repeat, any other may not; a
  ``format: binary`` property must be a file part and no other property may be one; text is decoded by the
  property's schema (``type: object`` properties as JSON text, per OpenAPI 3.1's multipart defaults), then the
  assembled form is validated like a JSON body, so required fields and unknown fields are found the same way.
  A body sent to an operation that declares none is a problem, and so is a missing body that the operation needs.

Spec quirks and how they are handled
------------------------------------
- No operation declares ``style``: by the letter of OpenAPI the range filters would be sent as bare
  ``gte``/``lte`` keys, which cannot work (``duration``, ``fps``, ``width``, ... would share them). Objects with
  declared properties are therefore read as ``deepObject``, which is what the brief and the Fern SDKs send.
- Fern never sets ``requestBody.required``: a missing body is reported when ``required`` is true or when the
  body schema has required members (an empty body cannot satisfy it).
- Object schemas are open (no ``additionalProperties``), so an unknown field would pass JSON Schema. Every object
  schema with declared properties and no ``additionalProperties``/``patternProperties``/composition is closed
  here, so an unknown field or deepObject key is a problem. Fern writes free-form objects (``EntityMetadata``,
  ``SyncResponseFormatJsonSchema``) as ``type: object, properties: {}``; those stay open.
- ``operationId``s are not unique (twenty-odd ``list``/``create``); ``OperationMatch.label`` adds the tag.
- ``format`` is an annotation only (OpenAPI 3.1's default dialect): ``uri``, ``date-time``, ``double`` and
  ``int64`` are not asserted.
- Responses (429 with "Any type" or ``ErrorResponse`` bodies, per-operation ``...BadRequestError`` schemas) are
  not validated: this module checks requests only.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import email.parser
import email.policy
import enum
import functools
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = [
    "SPEC_ENV_VAR",
    "UNSPECIFIED_OPERATIONS",
    "ApiSpec",
    "Kind",
    "Operation",
    "OperationMatch",
    "OperationNotInSpec",
    "Problem",
    "RecordedRequest",
    "SpecViolation",
    "default_spec_path",
    "load_spec",
    "validate_raw",
    "validate_request",
]

SPEC_ENV_VAR = "TWELVELABS_SPEC"
_SPEC_FILENAME = "twelvelabs-openapi-official-2026-07.json"
_SPEC_URI = "urn:twelvelabs:openapi"
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_DEFAULT_API_KEY_HEADER = "x-api-key"

# Operations the official SDK 1.3.6 calls that the 2026-07 spec does not declare: (method, template, reason).
UNSPECIFIED_OPERATIONS: tuple[tuple[str, str, str], ...] = (
    (
        "GET",
        "/assets/{asset_id}/transcription",
        "called by the official SDK 1.3.6 (assets.retrieve_transcription, query `include`) "
        "but not declared by the 2026-07 spec",
    ),
    (
        "POST",
        "/analyze/tasks/{task_id}/cancel",
        "called by the official SDK 1.3.6 (analyze_async.tasks.cancel, no body) but not declared by the 2026-07 spec",
    ),
)

_DEEP_KEY = re.compile(r"([^\[\]]+)\[([^\[\]]*)\]")
_INTEGER_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_NUMBER_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_MESSAGE_LIMIT = 240


# --- results ------------------------------------------------------------------------------------------------


class Kind(enum.Enum):
    """What sort of rule a problem broke; ENUM is its own kind so callers can tolerate unknown enum values."""

    ROUTE = "route"  # method + path name no operation
    MISSING = "missing"  # a required parameter, header, field or body is absent
    UNKNOWN = "unknown"  # a query key, field or object member the operation does not declare
    TYPE = "type"  # a value of the wrong type, or text that does not decode as the declared type
    ENUM = "enum"  # a value outside a declared enum
    SCHEMA = "schema"  # any other JSON Schema rule: minimum, maxItems, oneOf ambiguity, ...
    ENCODING = "encoding"  # how a value travels: media type, repeated key for a scalar, file vs text part, ...


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: where (``query.status[1]``, ``body.models[0].model_name``, ``header.x-api-key``,
    ``path.index-id``, ``route``), the rule (a JSON Schema keyword or a decoding rule) and a sentence."""

    kind: Kind
    where: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.kind.value}: {self.rule}]"


@dataclass(frozen=True)
class Operation:
    """One operation of the spec."""

    method: str  # upper case
    template: str  # e.g. "/indexes/{index-id}/videos"
    operation_id: str | None
    tags: tuple[str, ...]
    pointer: str  # JSON pointer of the operation object in the spec document

    @property
    def label(self) -> str:
        """The operationId qualified by the first tag, since Fern's operationIds repeat across tags."""
        return _label(self.tags, self.operation_id)


@dataclass(frozen=True)
class OperationMatch:
    """The operation a request was found to be, and what was read from it."""

    method: str
    template: str
    operation_id: str | None
    tags: tuple[str, ...] = ()
    path_params: Mapping[str, str] = field(default_factory=dict)
    media_type: str | None = None  # the media type of the body that was validated, if any
    free_form_query: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # e.g. user-metadata filters
    tolerated: tuple[Problem, ...] = ()  # problems that the allow_* flags let through
    unspecified: bool = False  # an operation the spec lacks (see UNSPECIFIED_OPERATIONS)
    reason: str | None = None  # why it is unspecified

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def label(self) -> str:
        if self.unspecified:
            return f"unspecified: {self.key}"
        return _label(self.tags, self.operation_id)


def _label(tags: Sequence[str], operation_id: str | None) -> str:
    # ``POST /analyze`` has the tag "" (a Fern export artefact).
    return f"{tags[0]}: {operation_id}" if tags and tags[0] else str(operation_id)


class SpecViolation(AssertionError):
    """The request breaks the spec; ``problems`` lists every problem found, ``match`` the operation if one matched."""

    def __init__(self, request: str, problems: Sequence[Problem], match: OperationMatch | None) -> None:
        self.request = request
        self.problems = tuple(problems)
        self.match = match
        what = match.label if match is not None else "no operation"
        lines = [f"{request} ({what}): {len(self.problems)} problem(s) against the spec"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class OperationNotInSpec(AssertionError):
    """The request is an operation the spec lacks (see ``UNSPECIFIED_OPERATIONS``); pass ``allow_unspecified=True``
    to get the ``OperationMatch`` (with ``unspecified=True``) instead."""

    def __init__(self, request: str, match: OperationMatch) -> None:
        self.request = request
        self.match = match
        super().__init__(f"{request}: {match.key} is not in the spec: {match.reason}")


class RecordedRequest(Protocol):
    """What ``validate_request`` reads; ``core_testkit.Recorded`` has it."""

    @property
    def method(self) -> str: ...
    @property
    def raw_path(self) -> str: ...
    @property
    def query(self) -> Sequence[tuple[str, str]]: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def body(self) -> bytes: ...


# --- the spec -------------------------------------------------------------------------------------------------


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _lookup(document: Any, pointer: str) -> Any:
    node = document
    for token in pointer.split("/")[1:]:
        key = _unescape(token)
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONES = (
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "contentSchema",
)


def _close_objects(schema: Any, seen: set[int]) -> None:
    """Forbid undeclared members in every object schema that declares some, walking schema keywords only (a walk
    over every dict would mistake a property named ``properties`` for the keyword)."""
    if not isinstance(schema, dict) or id(schema) in seen:
        return
    seen.add(id(schema))
    props = schema.get("properties")
    open_by_design = any(
        key in schema
        for key in ("additionalProperties", "unevaluatedProperties", "patternProperties", "allOf", "anyOf", "oneOf")
    )
    # An empty ``properties`` is how Fern writes a free-form object, so only non-empty ones are closed.
    if isinstance(props, dict) and props and not open_by_design:
        schema["additionalProperties"] = False
    for key in _SCHEMA_MAPS:
        members = schema.get(key)
        if isinstance(members, dict):
            for sub in members.values():
                _close_objects(sub, seen)
    for key in _SCHEMA_LISTS:
        members = schema.get(key)
        if isinstance(members, list):
            for sub in members:
                _close_objects(sub, seen)
    for key in _SCHEMA_ONES:
        _close_objects(schema.get(key), seen)


@dataclass(frozen=True)
class _Param:
    name: str
    location: str  # "path", "query", "header", "cookie"
    required: bool
    schema: str  # pointer of its schema
    style: str  # "form", "deepObject", "simple", or "free-form" (a form-exploded map of undeclared keys)


@dataclass(frozen=True)
class _Body:
    required: bool
    media: Mapping[str, str]  # media type -> pointer of its schema


@dataclass(frozen=True)
class _Route:
    operation: Operation
    segments: tuple[re.Pattern[str] | str, ...]  # literal text or a pattern with one group per template name
    names: tuple[tuple[str, ...], ...]  # template names per segment
    params: tuple[_Param, ...]
    body: _Body | None

    @property
    def specificity(self) -> tuple[int, ...]:
        # OpenAPI: concrete paths match before templated ones; comparing left to right settles
        # /assets/multipart-uploads against /assets/{asset_id}.
        return tuple(0 if isinstance(segment, str) else 1 for segment in self.segments)


@dataclass(frozen=True)
class _Shape:
    """How a parameter or form field travels: whether it may repeat, whether it is always a list, the schema of
    one occurrence, and whether an occurrence is a file."""

    repeats: bool
    always_list: bool
    item: str  # pointer of the schema one occurrence is decoded by
    binary: bool


def _template_segment(segment: str) -> tuple[re.Pattern[str] | str, tuple[str, ...]]:
    names = tuple(re.findall(r"\{([^{}]+)\}", segment))
    if not names:
        return segment, ()
    pattern = "".join(
        "(.+)" if piece.startswith("{") else re.escape(piece) for piece in re.split(r"(\{[^{}]+\})", segment) if piece
    )
    return re.compile(pattern), names


def _declared_types(schema: Mapping[str, Any]) -> set[str] | None:
    declared = schema.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {str(t) for t in declared}
    return None


class ApiSpec:
    """A loaded spec: its operations, route matching, and cached validators for the schemas in it."""

    def __init__(self, document: Mapping[str, Any], *, source: str = "<memory>") -> None:
        self.source = source
        doc: dict[str, Any] = copy.deepcopy(dict(document))
        self.document = doc
        self._close(doc)
        servers = doc.get("servers") or [{"url": ""}]
        self.base_path = urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")
        self.api_key_header = _DEFAULT_API_KEY_HEADER
        for scheme in (doc.get("components", {}).get("securitySchemes") or {}).values():
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                self.api_key_header = str(scheme["name"]).lower()
                break
        self.registry: Registry[Any] = Registry().with_resource(
            _SPEC_URI, Resource.from_contents(doc, default_specification=DRAFT202012)
        )
        self._validators: dict[str, Draft202012Validator] = {}
        self._routes = tuple(self._build_routes(doc))
        self.operations: tuple[Operation, ...] = tuple(route.operation for route in self._routes)
        self._unspecified = tuple(
            (method, self._segments(template), template, reason) for method, template, reason in UNSPECIFIED_OPERATIONS
        )

    @classmethod
    def from_file(cls, path: str | Path) -> ApiSpec:
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle), source=str(path))

    # --- building --------------------------------------------------------------------------------------------

    @staticmethod
    def _close(doc: dict[str, Any]) -> None:
        seen: set[int] = set()
        for schema in (doc.get("components", {}).get("schemas") or {}).values():
            _close_objects(schema, seen)
        for item in (doc.get("paths") or {}).values():
            for method in ("parameters", *_HTTP_METHODS):
                node = item.get(method)
                if method == "parameters":
                    for param in node or []:
                        _close_objects(param.get("schema"), seen)
                    continue
                if not isinstance(node, dict):
                    continue
                for param in node.get("parameters") or []:
                    _close_objects(param.get("schema"), seen)
                for media in ((node.get("requestBody") or {}).get("content") or {}).values():
                    _close_objects(media.get("schema"), seen)

    @staticmethod
    def _segments(template: str) -> tuple[tuple[re.Pattern[str] | str, tuple[str, ...]], ...]:
        return tuple(_template_segment(segment) for segment in template.split("/")[1:])

    def _build_routes(self, doc: Mapping[str, Any]) -> Iterable[_Route]:
        for template, item in (doc.get("paths") or {}).items():
            item_pointer = "/paths/" + _escape(template)
            shared = list(enumerate(item.get("parameters") or []))
            for method in _HTTP_METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                op_pointer = f"{item_pointer}/{method}"
                params: dict[tuple[str, str], _Param] = {}
                for base, entries in ((f"{item_pointer}/parameters", shared),
                                      (f"{op_pointer}/parameters", list(enumerate(op.get("parameters") or [])))):
                    for index, _ in entries:
                        param = self._param(f"{base}/{index}")
                        params[(param.name.lower() if param.location == "header" else param.name,
                                param.location)] = param  # an operation's own parameter overrides the path item's
                body = None
                if "requestBody" in op:
                    body_pointer, body_node = self._deref(f"{op_pointer}/requestBody")
                    media = {
                        str(name).lower(): f"{body_pointer}/content/{_escape(str(name))}/schema"
                        for name, entry in (body_node.get("content") or {}).items()
                        if isinstance(entry, dict) and "schema" in entry
                    }
                    body = _Body(required=bool(body_node.get("required", False)), media=media)
                segments = self._segments(template)
                yield _Route(
                    operation=Operation(
                        method=method.upper(),
                        template=template,
                        operation_id=op.get("operationId"),
                        tags=tuple(op.get("tags") or ()),
                        pointer=op_pointer,
                    ),
                    segments=tuple(segment for segment, _ in segments),
                    names=tuple(names for _, names in segments),
                    params=tuple(params.values()),
                    body=body,
                )

    def _param(self, pointer: str) -> _Param:
        pointer, node = self._deref(pointer)
        location = str(node["in"])
        schema_pointer = f"{pointer}/schema"
        style = node.get("style") or ("form" if location in ("query", "cookie") else "simple")
        explode = node.get("explode", style == "form")
        if location == "query" and "style" not in node:
            _, schema = self._deref(schema_pointer)
            if isinstance(schema, dict) and _declared_types(schema) == {"object"}:
                if schema.get("properties"):
                    style = "deepObject"  # the spec declares no style; see the module docstring
                elif schema.get("additionalProperties", True) is not False:
                    style = "free-form"
        elif location == "query" and style == "form" and explode:
            _, schema = self._deref(schema_pointer)
            if isinstance(schema, dict) and _declared_types(schema) == {"object"}:
                style = "free-form"
        return _Param(
            name=str(node["name"]),
            location=location,
            required=bool(node.get("required", location == "path")),
            schema=schema_pointer,
            style=str(style),
        )

    # --- schemas ------------------------------------------------------------------------------------------

    def _deref(self, pointer: str) -> tuple[str, Any]:
        """Follow local ``$ref``s (of a schema, parameter or request body) to the pointer and node they name.
        A ``$ref``'s sibling keywords are dropped, which only matters for type inference, not for validation."""
        node = _lookup(self.document, pointer)
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            pointer = node["$ref"][1:]
            node = _lookup(self.document, pointer)
            hops += 1
            if hops > 64:
                raise ValueError(f"$ref loop at {pointer}")
        return pointer, node

    def validator(self, pointer: str) -> Draft202012Validator:
        """A cached Draft 2020-12 validator for the schema at ``pointer`` (refs resolve within the spec)."""
        found = self._validators.get(pointer)
        if found is None:
            found = Draft202012Validator({"$ref": f"{_SPEC_URI}#{quote(pointer, safe='/~')}"}, registry=self.registry)
            self._validators[pointer] = found
        return found

    def _types(self, pointer: str) -> set[str] | None:
        """The JSON types the schema at ``pointer`` admits (None: any), looking through ``$ref``/``oneOf``/``anyOf``."""
        pointer, node = self._deref(pointer)
        if not isinstance(node, dict):
            return None if node is not False else set()
        types = _declared_types(node)
        if types is not None:
            return types
        if "enum" in node or "const" in node:
            values = node.get("enum", [node.get("const")])
            return {_json_type(value) for value in values}
        for key in ("oneOf", "anyOf"):
            if isinstance(node.get(key), list):
                found: set[str] = set()
                for index in range(len(node[key])):
                    sub = self._types(f"{pointer}/{key}/{index}")
                    if sub is None:
                        return None
                    found |= sub
                return found
        return None

    def _is_binary(self, pointer: str) -> bool:
        pointer, node = self._deref(pointer)
        if not isinstance(node, dict):
            return False
        types = _declared_types(node)
        if types == {"string"} and (node.get("format") == "binary" or
                                    ("contentMediaType" in node and "contentEncoding" not in node)):
            return True
        if types == {"array"} and "items" in node:
            return self._is_binary(f"{pointer}/items")
        for key in ("oneOf", "anyOf"):
            if isinstance(node.get(key), list):
                return any(self._is_binary(f"{pointer}/{key}/{i}") for i in range(len(node[key])))
        return False

    def _shape(self, pointer: str) -> _Shape:
        target, node = self._deref(pointer)
        binary = self._is_binary(pointer)
        if not isinstance(node, dict):
            return _Shape(False, False, pointer, binary)
        if _declared_types(node) == {"array"}:
            return _Shape(True, True, f"{target}/items" if "items" in node else pointer, binary)
        for key in ("oneOf", "anyOf"):
            branches = node.get(key)
            if not isinstance(branches, list):
                continue
            arrays = [i for i in range(len(branches))
                      if _declared_types(self._deref(f"{target}/{key}/{i}")[1] or {}) == {"array"}]
            if arrays:
                # ``oneOf: [X, array of X]``: one occurrence is X, several are the array.
                item_at, item = self._deref(f"{target}/{key}/{arrays[0]}")
                return _Shape(True, len(arrays) == len(branches),
                              f"{item_at}/items" if "items" in item else pointer, binary)
        return _Shape(False, False, pointer, binary)

    def decode_text(self, text: str, pointer: str) -> Any:
        """The value ``text`` stands for under the schema at ``pointer``: the first decoding that validates, else
        the first decoding (so the validator reports it), else the text itself."""
        candidates = _text_candidates(text, self._types(pointer))
        validator = self.validator(pointer)
        for candidate in candidates:
            if validator.is_valid(candidate):
                return candidate
        return candidates[0] if candidates else text

    # --- routing --------------------------------------------------------------------------------------------

    def _split(self, path: str, *, require_base: bool) -> tuple[list[str] | None, str]:
        """Path segments after the server base, percent-decoded; None (and why) if the path is not under it."""
        path = urlsplit(path).path if "://" in path else path.split("?", 1)[0]
        base = self.base_path
        if base and (path == base or path.startswith(base + "/")):
            path = path[len(base):]
        elif base and require_base:
            return None, f"the path is not under the server base {base!r}"
        if not path.startswith("/"):
            return None, "the path does not start with '/'"
        return [unquote(segment) for segment in path.split("/")[1:]], ""

    @staticmethod
    def _match_segments(
        segments: Sequence[re.Pattern[str] | str], names: Sequence[tuple[str, ...]], actual: Sequence[str]
    ) -> dict[str, str] | None:
        if len(segments) != len(actual):
            return None
        values: dict[str, str] = {}
        for segment, seg_names, text in zip(segments, names, actual, strict=True):
            if isinstance(segment, str):
                if segment != text:
                    return None
                continue
            found = segment.fullmatch(text)
            if found is None:
                return None
            values.update(zip(seg_names, found.groups(), strict=True))
        return values

    def find(self, method: str, segments: Sequence[str]) -> tuple[_Route, dict[str, str]] | None:
        candidates = []
        for route in self._routes:
            if route.operation.method != method.upper():
                continue
            values = self._match_segments(route.segments, route.names, segments)
            if values is not None:
                candidates.append((route.specificity, route, values))
        if not candidates:
            return None
        _, route, values = min(candidates, key=lambda entry: entry[0])
        return route, values

    def methods_for(self, segments: Sequence[str]) -> list[tuple[str, str]]:
        """(method, template) of every operation whose template the path matches, whatever its method."""
        found = []
        for route in self._routes:
            if self._match_segments(route.segments, route.names, segments) is not None:
                found.append((route.specificity, route.operation.method, route.operation.template))
        if not found:
            return []
        best = min(spec for spec, _, _ in found)
        return [(method, template) for spec, method, template in found if spec == best]

    def _find_unspecified(self, method: str, segments: Sequence[str]) -> tuple[str, str, dict[str, str]] | None:
        for gap_method, gap_segments, template, reason in self._unspecified:
            if gap_method != method.upper():
                continue
            values = self._match_segments([s for s, _ in gap_segments], [n for _, n in gap_segments], segments)
            if values is not None:
                return template, reason, values
        return None

    def closest(self, method: str, segments: Sequence[str], limit: int = 3) -> list[str]:
        """The templates nearest to a path that matched none, as ``"GET|DELETE /template"``, nearest first."""
        methods: dict[str, list[str]] = {}
        shapes: dict[str, _Route] = {}
        for route in self._routes:
            methods.setdefault(route.operation.template, []).append(route.operation.method)
            shapes.setdefault(route.operation.template, route)
        ranked = []
        for template, route in shapes.items():
            distance = _segment_distance(route.segments, segments)
            if method.upper() not in methods[template]:
                distance += 0.5
            ranked.append((distance, template))
        ranked.sort()
        return [f"{'|'.join(methods[t])} {t}" for _, t in ranked[:limit]]

    def route_of(self, method: str, path: str) -> Operation | None:
        """The operation ``method path`` is (the path with or without the server base), or None."""
        segments, _ = self._split(path, require_base=False)
        if segments is None:
            return None
        found = self.find(method, segments)
        return found[0].operation if found else None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _text_candidates(text: str, types: set[str] | None) -> list[Any]:
    """Every value ``text`` can be read as under ``types``, typed readings first, the plain text last."""
    if types is None:
        return [text]
    out: list[Any] = []
    if "boolean" in types and text in ("true", "false"):
        out.append(text == "true")
    if ("integer" in types or "number" in types) and _INTEGER_TEXT.fullmatch(text):
        out.append(int(text))
    elif "number" in types and _NUMBER_TEXT.fullmatch(text):
        out.append(float(text))
    if "null" in types and text == "null":
        out.append(None)
    if "object" in types:
        try:
            parsed = json.loads(text, parse_constant=_reject_constant)
        except ValueError:
            pass
        else:
            if isinstance(parsed, dict):
                out.append(parsed)
    if "string" in types:
        out.append(text)
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _segment_distance(template: Sequence[re.Pattern[str] | str], actual: Sequence[str]) -> float:
    """Edit distance over path segments; a template segment costs nothing against any text."""
    rows = len(template) + 1
    cols = len(actual) + 1
    table = [[0.0] * cols for _ in range(rows)]
    for i in range(rows):
        table[i][0] = float(i)
    for j in range(cols):
        table[0][j] = float(j)
    for i in range(1, rows):
        for j in range(1, cols):
            segment = template[i - 1]
            if isinstance(segment, str):
                cost = 1.0 - difflib.SequenceMatcher(None, segment, actual[j - 1]).ratio()
            else:
                cost = 0.0 if segment.fullmatch(actual[j - 1]) else 1.0
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
    return table[-1][-1]


# --- loading ---------------------------------------------------------------------------------------------------


def default_spec_path() -> Path:
    """``$TWELVELABS_SPEC`` if set, else ``shared/reference/<2026-07 spec>`` beside the repository."""
    override = os.environ.get(SPEC_ENV_VAR)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "shared" / "reference" / _SPEC_FILENAME


def load_spec(path: str | Path | None = None) -> ApiSpec:
    """The spec at ``path`` (default: ``default_spec_path()``), read once per process and kept."""
    return _load_spec(Path(path or default_spec_path()).resolve())


@functools.lru_cache(maxsize=4)
def _load_spec(path: Path) -> ApiSpec:
    return ApiSpec.from_file(path)


# --- validating ---------------------------------------------------------------------------------------------


def validate_request(
    request: RecordedRequest,
    *,
    allow_unknown_query: bool = False,
    allow_unknown_enum_values: bool = False,
    allow_unspecified: bool = False,
    spec: ApiSpec | None = None,
) -> OperationMatch:
    """Validate a recorded request (e.g. ``core_testkit.Recorded``: its path must be under the server base)."""
    return _validate(
        spec or load_spec(),
        method=request.method,
        path=request.raw_path,
        query=list(request.query),
        headers=request.headers,
        body=request.body,
        content_type=None,
        require_base=True,
        allow_unknown_query=allow_unknown_query,
        allow_unknown_enum_values=allow_unknown_enum_values,
        allow_unspecified=allow_unspecified,
    )


def validate_raw(
    method: str,
    path: str,
    query: Sequence[tuple[str, str]] | str = (),
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    body: bytes = b"",
    content_type: str | None = None,
    *,
    allow_unknown_query: bool = False,
    allow_unknown_enum_values: bool = False,
    allow_unspecified: bool = False,
    spec: ApiSpec | None = None,
) -> OperationMatch:
    """Validate a request given as values. ``path`` is percent-encoded as sent, with or without the server base
    (``/v1.3``) and without the query; ``query`` is decoded pairs or a raw query string; ``content_type`` defaults
    to the Content-Type header."""
    pairs = parse_qsl(query, keep_blank_values=True) if isinstance(query, str) else list(query)
    return _validate(
        spec or load_spec(),
        method=method,
        path=path,
        query=pairs,
        headers=headers or {},
        body=body,
        content_type=content_type,
        require_base=False,
        allow_unknown_query=allow_unknown_query,
        allow_unknown_enum_values=allow_unknown_enum_values,
        allow_unspecified=allow_unspecified,
    )


def _header_lists(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    # ``Mapping.items()`` of a CIMultiDict yields every value of a repeated header, which is what is wanted.
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: dict[str, list[str]] = {}
    for name, value in items:
        out.setdefault(str(name).lower(), []).append(str(value))
    return out


def _where(location: str, path: Iterable[str | int], *, brackets: bool) -> str:
    out = location
    for index, part in enumerate(path):
        if isinstance(part, int) or (brackets and index > 0):
            out += f"[{part}]"
        else:
            out += f".{part}"
    return out


def _short(text: str) -> str:
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


class _Checker:
    """One validation: reads the request part by part and collects problems."""

    def __init__(self, spec: ApiSpec) -> None:
        self.spec = spec
        self.problems: list[Problem] = []

    def add(self, kind: Kind, where: str, rule: str, message: str) -> None:
        self.problems.append(Problem(kind, where, rule, _short(message)))

    # --- schema errors -> problems ----------------------------------------------------------------------------

    def check(self, value: Any, pointer: str, location: str, base: Sequence[str | int]) -> None:
        """Validate ``value`` against the schema at ``pointer``; ``base`` is where the value sits in ``location``."""
        brackets = location == "query"
        for error in self.spec.validator(pointer).iter_errors(value):
            self.problems.extend(self._problems(error, location, base, brackets))

    def _problems(
        self, error: ValidationError, location: str, base: Sequence[str | int], brackets: bool
    ) -> list[Problem]:
        path = [*base, *error.absolute_path]
        where = _where(location, path, brackets=brackets)
        rule = str(error.validator)
        if rule in ("oneOf", "anyOf"):
            return self._alternatives(error, location, base, brackets, where)
        if rule == "required" and isinstance(error.instance, dict):
            return [
                Problem(Kind.MISSING, _where(location, [*path, str(name)], brackets=brackets), "required",
                        "required but absent")
                for name in error.validator_value
                if name not in error.instance
            ]
        if rule in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
            declared = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            patterns = error.schema.get("patternProperties", {}) if isinstance(error.schema, dict) else {}
            extras = [key for key in error.instance
                      if key not in declared and not any(re.search(p, key) for p in patterns)]
            return [
                Problem(Kind.UNKNOWN, _where(location, [*path, key], brackets=brackets), rule,
                        "not declared by the spec")
                for key in extras
            ]
        if rule in ("enum", "const"):
            allowed = error.validator_value if rule == "enum" else [error.validator_value]
            return [Problem(Kind.ENUM, where, rule, _short(f"{error.instance!r} is not one of {allowed!r}"))]
        if rule == "type":
            return [Problem(Kind.TYPE, where, rule, _short(error.message))]
        return [Problem(Kind.SCHEMA, where, rule, _short(error.message))]

    def _alternatives(
        self, error: ValidationError, location: str, base: Sequence[str | int], brackets: bool, where: str
    ) -> list[Problem]:
        rule = str(error.validator)
        count = len(error.validator_value) if isinstance(error.validator_value, list) else 0
        if not error.context:
            return [Problem(Kind.SCHEMA, where, rule, f"matches more than one of the {count} alternatives")]
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
        ranked = []
        for index, subs in branches.items():
            found = [p for sub in subs for p in self._problems(sub, location, base, brackets)]
            ranked.append((sum(p.kind is not Kind.ENUM for p in found), len(found), index, found))
        # The closest alternative speaks for the value: usually the one its discriminator names, and when only
        # enum values keep it from matching, the problem is an enum problem (which callers may tolerate).
        _, _, index, best = min(ranked, key=lambda entry: entry[:3])
        note = f" (closest of the {count} `{rule}` alternatives: #{index})"
        return [dataclasses.replace(p, message=_short(p.message + note)) for p in best]

    # --- text values ------------------------------------------------------------------------------------------

    def decode_occurrences(
        self, texts: Sequence[str], pointer: str, where: str, noun: str
    ) -> Any:
        """The value of a parameter or field that arrived as ``texts`` (one per occurrence)."""
        shape = self.spec._shape(pointer)
        if shape.repeats:
            items = [self.spec.decode_text(text, shape.item) for text in texts]
            if shape.always_list or len(items) > 1:
                return items
            return self.spec.decode_text(texts[0], pointer)
        if len(texts) > 1:
            self.add(Kind.ENCODING, where, "single", f"{noun} sent {len(texts)} times but the spec types it as "
                     "a single value (only arrays repeat)")
        return self.spec.decode_text(texts[0], pointer)


def _validate(
    spec: ApiSpec,
    *,
    method: str,
    path: str,
    query: Sequence[tuple[str, str]],
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    body: bytes,
    content_type: str | None,
    require_base: bool,
    allow_unknown_query: bool,
    allow_unknown_enum_values: bool,
    allow_unspecified: bool,
) -> OperationMatch:
    method = method.upper()
    request = f"{method} {path}"
    header_lists = _header_lists(headers)
    checker = _Checker(spec)
    segments, why = spec._split(path, require_base=require_base)
    if segments is None:
        checker.add(Kind.ROUTE, "route", "server-base", why)
        raise SpecViolation(request, checker.problems, None)

    found = spec.find(method, segments)
    if found is None:
        gap = spec._find_unspecified(method, segments)
        if gap is None:
            decoded = "/" + "/".join(segments)
            others = spec.methods_for(segments)
            if others:
                checker.add(Kind.ROUTE, "route", "method",
                            f"{decoded} is {others[0][1]}, which declares {'|'.join(m for m, _ in others)}, "
                            f"not {method}")
            else:
                checker.add(Kind.ROUTE, "route", "no-operation",
                            f"no operation for {method} {decoded}; closest: "
                            f"{', '.join(spec.closest(method, segments))}")
            raise SpecViolation(request, checker.problems, None)
        template, reason, values = gap
        match = OperationMatch(method=method, template=template, operation_id=None, path_params=values,
                               unspecified=True, reason=reason)
        if not allow_unspecified:
            raise OperationNotInSpec(request, match)
        # Nothing of the operation is declared, but every operation of the API takes the key.
        _check_headers(checker, spec, header_lists, declared=())
        if checker.problems:
            raise SpecViolation(request, checker.problems, match)
        return match

    route, path_values = found
    free_form: dict[str, tuple[str, ...]] = {}
    for param in route.params:
        if param.location == "path" and param.name in path_values:
            value = spec.decode_text(path_values[param.name], param.schema)
            checker.check(value, param.schema, "path", [param.name])
        elif param.location == "path" and param.required:
            checker.add(Kind.MISSING, f"path.{param.name}", "required", "declared but not in the path template")
    _check_query(checker, route, query, free_form)
    _check_headers(checker, spec, header_lists,
                   declared=[p for p in route.params if p.location == "header"])
    media_type = _check_body(checker, route, header_lists, body, content_type)

    tolerated = [
        p for p in checker.problems
        if (allow_unknown_enum_values and p.kind is Kind.ENUM)
        or (allow_unknown_query and p.kind is Kind.UNKNOWN and p.where.startswith("query."))
    ]
    remaining = _dedupe([p for p in checker.problems if p not in tolerated])
    op = route.operation
    match = OperationMatch(
        method=op.method,
        template=op.template,
        operation_id=op.operation_id,
        tags=op.tags,
        path_params=path_values,
        media_type=media_type,
        free_form_query=free_form,
        tolerated=tuple(_dedupe(tolerated)),
    )
    if remaining:
        raise SpecViolation(request, remaining, match)
    return match


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _check_query(
    checker: _Checker, route: _Route, pairs: Sequence[tuple[str, str]], free_form: dict[str, tuple[str, ...]]
) -> None:
    params = [p for p in route.params if p.location == "query"]
    by_name = {p.name: p for p in params if p.style != "free-form"}
    deep = {p.name for p in params if p.style == "deepObject"}
    free = next((p for p in params if p.style == "free-form"), None)
    plain: dict[str, list[str]] = {}
    deep_values: dict[str, dict[str, list[str]]] = {}
    unknown: dict[str, None] = {}
    for key, text in pairs:
        bracketed = _DEEP_KEY.fullmatch(key)
        if bracketed and bracketed.group(1) in deep:
            deep_values.setdefault(bracketed.group(1), {}).setdefault(bracketed.group(2), []).append(text)
        elif key in by_name:
            plain.setdefault(key, []).append(text)
        elif free is not None:
            free_form.setdefault(key, ())
            free_form[key] += (text,)
        else:
            unknown[key] = None

    for param in params:
        where = f"query.{param.name}"
        if param.style == "free-form":
            if free_form:
                _check_free_form(checker, param, free_form)
            continue
        if param.style == "deepObject" and param.name in plain:
            checker.add(Kind.TYPE, where, "deepObject",
                        f"sent as a plain key but the spec types it as an object: send {param.name}[<member>]=...")
        if param.style == "deepObject" and param.name in deep_values:
            _check_deep_object(checker, param, deep_values[param.name])
            continue
        texts = plain.get(param.name)
        if texts is None:
            if param.required:
                checker.add(Kind.MISSING, where, "required", "required but absent")
            continue
        if param.style != "deepObject":
            value = checker.decode_occurrences(texts, param.schema, where, f"query key {param.name!r}")
            checker.check(value, param.schema, "query", [param.name])

    for key in unknown:
        checker.add(Kind.UNKNOWN, f"query.{key}", "undeclared", "query key not declared by the operation")


def _check_free_form(checker: _Checker, param: _Param, entries: Mapping[str, tuple[str, ...]]) -> None:
    """A form-exploded map (``?category=news&needsReview=true``): each key is an entry of the parameter."""
    target, schema = checker.spec._deref(param.schema)
    extra = schema.get("additionalProperties", True) if isinstance(schema, dict) else True
    entry_pointer = f"{target}/additionalProperties" if isinstance(extra, dict) else None
    value: dict[str, Any] = {}
    for key, texts in entries.items():
        if entry_pointer is None:
            value[key] = texts[-1]
        else:
            value[key] = checker.decode_occurrences(texts, entry_pointer, f"query.{key}", f"query key {key!r}")
    # Entries are top-level query keys, so problems are named ``query.<key>`` rather than after the parameter.
    checker.check(value, param.schema, "query", [])


def _check_deep_object(checker: _Checker, param: _Param, members: Mapping[str, list[str]]) -> None:
    """``name[member]=text`` keys: each member decoded by its property schema, the object validated whole."""
    target, schema = checker.spec._deref(param.schema)
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    value: dict[str, Any] = {}
    for member, texts in members.items():
        where = f"query.{param.name}[{member}]"
        if member in props:
            pointer = f"{target}/properties/{_escape(member)}"
            value[member] = checker.decode_occurrences(texts, pointer, where, f"query key {where[6:]!r}")
        else:
            value[member] = texts[-1]  # the (closed) schema names it as undeclared
    checker.check(value, param.schema, "query", [param.name])


def _check_headers(
    checker: _Checker, spec: ApiSpec, headers: Mapping[str, list[str]], declared: Sequence[_Param]
) -> None:
    for param in declared:
        name = param.name.lower()
        values = headers.get(name)
        if not values:
            if param.required:
                checker.add(Kind.MISSING, f"header.{name}", "required", "required header absent")
            continue
        if len(values) > 1:
            checker.add(Kind.ENCODING, f"header.{name}", "single", f"header sent {len(values)} times")
        checker.check(checker.spec.decode_text(values[0], param.schema), param.schema, "header", [name])
    if spec.api_key_header not in {p.name.lower() for p in declared} and not headers.get(spec.api_key_header):
        checker.add(Kind.MISSING, f"header.{spec.api_key_header}", "security",
                    "the API key header of securitySchemes is absent")


def _media_type(value: str | None) -> str | None:
    if not value:
        return None
    return value.split(";", 1)[0].strip().lower() or None


def _pick_media(declared: Mapping[str, str], sent: str) -> str | None:
    if sent in declared:
        return sent
    major = sent.split("/", 1)[0]
    for candidate in (f"{major}/*", "*/*"):
        if candidate in declared:
            return candidate
    return None


def _check_body(
    checker: _Checker,
    route: _Route,
    headers: Mapping[str, list[str]],
    body: bytes,
    content_type: str | None,
) -> str | None:
    header_types = headers.get("content-type") or []
    full_type = content_type or (header_types[0] if header_types else None)
    sent = _media_type(full_type)
    declared = route.body
    if declared is None:
        if body:
            checker.add(Kind.ENCODING, "body", "no-body",
                        f"the operation declares no request body but {len(body)} byte(s) were sent")
        return None
    if not body:
        # Fern never writes ``requestBody.required``, so a body is also needed when every declared media type's
        # schema has required members: an empty body cannot satisfy any of them.
        schemas = [checker.spec._deref(pointer)[1] for pointer in declared.media.values()]
        needed = bool(schemas) and all(isinstance(s, dict) and s.get("required") for s in schemas)
        if declared.required or needed:
            checker.add(Kind.MISSING, "body", "required",
                        f"the operation needs a body ({', '.join(declared.media)}) but none was sent")
        return None
    if sent is None:
        checker.add(Kind.ENCODING, "body", "content-type", "a body was sent without a Content-Type")
        return None
    media = _pick_media(declared.media, sent)
    if media is None:
        checker.add(Kind.ENCODING, "body", "content-type",
                    f"{sent} is not a declared media type ({', '.join(declared.media) or 'none'})")
        return None
    pointer = declared.media[media]
    if sent == "application/json" or sent.endswith("+json"):
        try:
            value = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError) as exc:
            checker.add(Kind.ENCODING, "body", "json", f"the body is not JSON: {exc}")
            return sent
        checker.check(value, pointer, "body", [])
    elif sent == "multipart/form-data":
        _check_form(checker, pointer, full_type or sent, body)
    else:
        # A declared media type this module cannot read (none in the spec today): say so rather than pass it.
        checker.add(Kind.ENCODING, "body", "content-type", f"cannot validate a {sent} body")
    return sent


@dataclass(frozen=True)
class _Part:
    name: str | None
    filename: str | None
    data: bytes


def _parse_multipart(content_type: str, body: bytes) -> tuple[list[_Part], list[str]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        return [], ["the body did not parse as multipart (is the boundary right?)"]
    defects = [type(defect).__name__ for defect in message.defects]
    parts = []
    for sub in message.iter_parts():
        name = sub.get_param("name", header="content-disposition")
        defects += [type(defect).__name__ for defect in sub.defects]
        payload = sub.get_payload(decode=True)
        parts.append(_Part(
            name=str(name) if name is not None else None,
            filename=sub.get_filename(),
            data=payload if isinstance(payload, bytes) else b"",
        ))
    return parts, defects


def _check_form(checker: _Checker, pointer: str, content_type: str, body: bytes) -> None:
    parts, defects = _parse_multipart(content_type, body)
    for defect in defects:
        checker.add(Kind.ENCODING, "body", "multipart", f"malformed multipart body: {defect}")
    target, schema = checker.spec._deref(pointer)
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    grouped: dict[str, list[_Part]] = {}
    for index, part in enumerate(parts):
        if not part.name:
            checker.add(Kind.ENCODING, f"body[part {index}]", "multipart", "a part without a form-data name")
            continue
        grouped.setdefault(part.name, []).append(part)

    form: dict[str, Any] = {}
    for name, group in grouped.items():
        where = f"body.{name}"
        if name not in props:
            # Still placed in the form, so the closed schema reports it as undeclared like a JSON member.
            form[name] = group[-1].data.decode("utf-8", "replace") if group[-1].filename is None else "<file>"
            continue
        field_pointer = f"{target}/properties/{_escape(name)}"
        shape = checker.spec._shape(field_pointer)
        texts: list[str] = []
        for part in group:
            if shape.binary and part.filename is None:
                checker.add(Kind.ENCODING, where, "format:binary",
                            "the spec types it as a file (format: binary) but it was sent as a text field")
            elif not shape.binary and part.filename is not None:
                checker.add(Kind.ENCODING, where, "text-field",
                            f"sent as a file part ({part.filename!r}) but the spec types it as a text field")
            if shape.binary:
                texts.append(f"<file {part.filename or ''}>")
                continue
            try:
                texts.append(part.data.decode("utf-8"))
            except UnicodeDecodeError:
                checker.add(Kind.ENCODING, where, "utf-8", "a text field that is not UTF-8")
                texts.append(part.data.decode("utf-8", "replace"))
        form[name] = checker.decode_occurrences(texts, field_pointer, where, f"form field {name!r}")
    checker.check(form, pointer, "body", [])
