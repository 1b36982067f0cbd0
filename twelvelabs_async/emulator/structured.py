"""Structured output for ``/analyze`` ``response_format``: the schema checks the 2026-07 spec documents, and a
deterministic value that validates against the schema.

:func:`check_schema` refuses what the spec says the service refuses: ``minLength``/``maxLength``,
``additionalProperties``, ``uniqueItems`` and ``maxItems`` (422), and a ``timestamp`` type without one of its
formats, or with Pegasus 1.2 (400).

:func:`generate` builds one value for a schema: ``object`` (every property in declaration order, or only the
required ones past :data:`MAX_DEPTH`), ``array`` (``items``, at least one item and ``minItems``), ``string``
(``enum``/``const``, the ``uuid``/``date-time``/``date``/``time``/``email``/``uri`` formats, a ``pattern``
when one of a few candidates matches it), ``number``/``integer`` inside ``minimum``/``maximum`` and their
exclusive forms, ``boolean``, ``null``, ``anyOf``/``oneOf`` (the first branch), ``$ref`` into ``$defs``, and
the Pegasus 1.5 ``timestamp`` type. Other keywords are ignored. Strings are made of the video's words, so the
JSON is visibly about the right video, and the same request always gets the same JSON.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from .content import join_words, stable_int
from .errors import ApiError

__all__ = ["MAX_DEPTH", "check_schema", "generate"]

# Past this depth objects carry only their required properties and arrays only their minItems items, which
# ends any recursion a satisfiable schema allows.
MAX_DEPTH = 6
# A schema that still needs deeper values (required recursion) has no finite instance worth producing.
_HARD_DEPTH = 40
_MAX_ITEMS = 1000

_REFUSED = {
    "minLength": "String length constraints (minLength) are not supported.",
    "maxLength": "String length constraints (maxLength) are not supported.",
    "additionalProperties": "The additionalProperties keyword is not supported.",
    "uniqueItems": "The uniqueItems keyword is not supported.",
    "maxItems": "The maxItems keyword is not supported.",
}
TIMESTAMP_FORMATS = ("seconds", "hh:mm:ss", "hh:mm:ss.fff")
_FIELD = "response_format.json_schema"


# --- checks ---------------------------------------------------------------------------------------------------


def check_schema(schema: Mapping[str, Any], *, timestamps: bool) -> None:
    """Raise the documented errors for a schema the service refuses; ``timestamps``: Pegasus 1.5 or later."""
    _check(schema, (), timestamps)


def _check(schema: Any, path: tuple[str, ...], timestamps: bool) -> None:
    if not isinstance(schema, Mapping):
        return
    for keyword, message in _REFUSED.items():
        if keyword in schema:
            # The spec gives the status (422) and this message, not an error code: the generic code is used.
            raise ApiError(422, "parameter_invalid", message)
    if schema.get("type") == "timestamp":
        where = ".".join((_FIELD, *path, "format"))
        if not timestamps:
            raise ApiError.invalid(_FIELD, "The `timestamp` type requires Pegasus 1.5 or later.")
        if schema.get("format") not in TIMESTAMP_FORMATS:
            raise ApiError(400, "parameter_invalid", f"{where}: format is required for timestamp type; allowed "
                                                     f"values: {', '.join(TIMESTAMP_FORMATS)}")
    for key in ("properties", "$defs", "definitions"):
        children = schema.get(key)
        if isinstance(children, Mapping):
            for name, child in children.items():
                _check(child, (*path, key, str(name)), timestamps)
    items = schema.get("items")
    if isinstance(items, Mapping):
        _check(items, (*path, "items"), timestamps)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        branches = schema.get(key)
        if isinstance(branches, list):
            for i, branch in enumerate(branches):
                _check(branch, (*path, key, str(i)), timestamps)


# --- generation -----------------------------------------------------------------------------------------------


def generate(schema: Mapping[str, Any], words: Sequence[str], seed: object, *, duration: float = 60.0,
             timestamps: bool = False) -> Any:
    """A value valid against ``schema``, determined by ``words`` (what the video is about) and ``seed``."""
    return _Generator(schema, words, seed, duration, timestamps).value(schema, "", 0)


class _Generator:
    def __init__(self, root: Mapping[str, Any], words: Sequence[str], seed: object, duration: float,
                 timestamps: bool) -> None:
        self.root = root
        self.subject = join_words(words) if words else "the scene"
        self.seed = seed
        self.duration = max(1.0, duration)
        self.timestamps = timestamps

    def _int(self, *parts: object) -> int:
        return stable_int(self.seed, *parts)

    def value(self, schema: Any, name: str, depth: int) -> Any:
        if depth > _HARD_DEPTH:
            raise ApiError.invalid(_FIELD, "The schema requires values nested too deeply.")
        if schema is True or schema is None:
            return self._text(name)
        if schema is False or not isinstance(schema, Mapping):
            raise ApiError.invalid(_FIELD, "A subschema is not an object.")
        if "$ref" in schema:
            return self.value(self._resolve(schema["$ref"]), name, depth + 1)
        if "const" in schema:
            return schema["const"]
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return enum[self._int(name, "enum") % len(enum)]
        for key in ("anyOf", "oneOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                first = branches[0]
                if isinstance(first, Mapping):
                    # The branch is read together with the keywords beside anyOf (a common way to write
                    # {"type": "object", "properties": ..., "anyOf": [{"required": [...]}, ...]}).
                    first = {**{k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}, **first}
                return self.value(first, name, depth + 1)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = kind[0] if kind else None
        if kind is None:
            kind = ("object" if "properties" in schema or "required" in schema
                    else "array" if "items" in schema
                    else "number" if any(k in schema for k in ("minimum", "maximum")) else "string")
        if kind == "object":
            return self._object(schema, depth)
        if kind == "array":
            return self._array(schema, name, depth)
        if kind in ("number", "integer"):
            return self._number(schema, name, integer=kind == "integer")
        if kind == "boolean":
            return self._int(name, "bool") % 2 == 0
        if kind == "null":
            return None
        if kind == "timestamp":
            return self._timestamp(str(schema.get("format")), name)
        return self._string(schema, name)

    def _resolve(self, ref: Any) -> Any:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise ApiError.invalid(_FIELD, "Only local `$ref`s (into `$defs`) are supported.")
        target: Any = self.root
        for raw in [p for p in ref[1:].split("/") if p]:
            part = raw.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                raise ApiError.invalid(_FIELD, f"The reference `{ref}` points at nothing.")
            target = target[part]
        return target

    def _object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        properties = schema.get("properties")
        properties = properties if isinstance(properties, Mapping) else {}
        required = [r for r in schema.get("required", []) if isinstance(r, str)]
        names = list(properties) if depth < MAX_DEPTH else [p for p in properties if p in required]
        names += [r for r in required if r not in names]
        return {key: self.value(properties.get(key, True), key, depth + 1) for key in names}

    def _array(self, schema: Mapping[str, Any], name: str, depth: int) -> list[Any]:
        least = schema.get("minItems", 0)
        least = least if isinstance(least, int) and not isinstance(least, bool) and least > 0 else 0
        count = least if depth >= MAX_DEPTH else max(1, least)
        if count > _MAX_ITEMS:
            raise ApiError.invalid(_FIELD, f"`minItems` is above {_MAX_ITEMS}.")
        items = schema.get("items", True)
        label = name or "item"
        return [self.value(items, f"{label} {i + 1}" if i else label, depth + 1) for i in range(count)]

    def _number(self, schema: Mapping[str, Any], name: str, *, integer: bool) -> float | int:
        def bound(key: str) -> float | None:
            value = schema.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                return float(value)
            return None

        low, high = bound("minimum"), bound("maximum")
        xlow, xhigh = bound("exclusiveMinimum"), bound("exclusiveMaximum")
        if integer:
            lows = [math.ceil(v) for v in (low,) if v is not None] + [math.floor(v) + 1 for v in (xlow,)
                                                                       if v is not None]
            highs = [math.floor(v) for v in (high,) if v is not None] + [math.ceil(v) - 1 for v in (xhigh,)
                                                                          if v is not None]
            lo, hi = (max(lows) if lows else None), (min(highs) if highs else None)
            if lo is not None and hi is not None and lo > hi:
                raise ApiError.invalid(_FIELD, f"No integer satisfies the bounds of `{name or 'value'}`.")
            natural = 1 + self._int(name, "int") % 100
            if lo is not None and natural < lo:
                natural = lo
            if hi is not None and natural > hi:
                natural = hi
            return natural
        lo_f = max((v for v in (low, xlow) if v is not None), default=None)
        hi_f = min((v for v in (high, xhigh) if v is not None), default=None)
        if lo_f is not None and hi_f is not None:
            if lo_f > hi_f or (lo_f == hi_f and (xlow is not None or xhigh is not None)):
                raise ApiError.invalid(_FIELD, f"No number satisfies the bounds of `{name or 'value'}`.")
            return (lo_f + hi_f) / 2
        natural_f = round((self._int(name, "num") % 1000) / 10, 1)
        if lo_f is not None and not natural_f > lo_f:
            natural_f = lo_f if xlow is None or lo_f > xlow else lo_f + 1
        if hi_f is not None and not natural_f < hi_f:
            natural_f = hi_f if xhigh is None or hi_f < xhigh else hi_f - 1
        return natural_f

    def _seconds(self, name: str) -> float:
        return round((self._int(name, "t") % int(self.duration * 10)) / 10, 1)

    def _timestamp(self, fmt: str, name: str) -> float | str:
        seconds = self._seconds(name)
        if fmt == "seconds":
            return seconds
        whole = int(seconds)
        clock = f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
        return clock if fmt == "hh:mm:ss" else f"{clock}.{round((seconds - whole) * 1000):03d}"

    def _text(self, name: str) -> str:
        label = name.replace("_", " ").strip() or "answer"
        return f"{label}: {self.subject}"

    def _string(self, schema: Mapping[str, Any], name: str) -> str:
        fmt = schema.get("format")
        digest = hashlib.sha256(f"{self.seed}\x1f{name}".encode()).digest()
        seconds = int(self._seconds(name))
        if fmt == "uuid":
            return str(uuid.UUID(bytes=digest[:16], version=4))
        if fmt == "date-time":
            return f"2025-06-18T09:{seconds // 60 % 60:02d}:{seconds % 60:02d}Z"
        if fmt == "date":
            return "2025-06-18"
        if fmt == "time":
            return f"09:{seconds // 60 % 60:02d}:{seconds % 60:02d}Z"
        if fmt == "email":
            return f"{(self.subject.split() or ['video'])[0]}@example.com"
        if fmt in ("uri", "url"):
            return f"https://example.com/{digest.hex()[:8]}"
        if self.timestamps and name in ("start_time", "end_time") and fmt is None:
            # Pegasus 1.5 returns these reserved names, declared as plain strings, as hh:mm:ss.fff.
            return str(self._timestamp("hh:mm:ss.fff", name))
        text = self._text(name)
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            for candidate in (text, self.subject, "a", "A", "0", "a1", "A1", "abc", "ABC", "123", "2025-06-18",
                              ""):
                try:
                    if re.search(pattern, candidate):
                        return candidate
                except re.error:
                    break  # a pattern Python cannot read is ignored, like any other unsupported keyword
        return text
