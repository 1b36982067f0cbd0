"""Typed access to request parameters with the API's validation errors.

Query strings and multipart text fields arrive as lists of strings (keys may repeat); JSON bodies arrive as
objects. :class:`FormParams` and :class:`JsonParams` give handlers one small vocabulary
(``str``/``int``/``float``/``bool``/``strings``) that raises the documented ``parameter_not_provided``,
``parameter_invalid`` and ``parameter_unknown`` errors.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from .errors import ApiError

__all__ = ["FormParams", "JsonParams"]

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}

# The accessor methods below are named str/int/float/bool; these aliases keep the builtins usable in
# annotations inside the classes.
_Str = str
_Int = int
_Float = float
_Bool = bool


class FormParams:
    """Parameters from a query string or multipart text fields: name -> list of raw string values."""

    def __init__(self, values: Mapping[_Str, list[_Str]]) -> None:
        self.values = values

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[_Str, _Str]]) -> FormParams:
        values: dict[_Str, list[_Str]] = {}
        for key, value in pairs:
            values.setdefault(key, []).append(value)
        return cls(values)

    def reject_unknown(self, allowed: Collection[_Str]) -> None:
        unknown = [k for k in self.values if k not in allowed]
        if unknown:
            raise ApiError.unknown(unknown)

    def has(self, name: _Str) -> _Bool:
        return bool(self.values.get(name))

    def _one(self, name: _Str, required: _Bool) -> _Str | None:
        raw = self.values.get(name)
        if not raw or (len(raw) == 1 and raw[0] == ""):
            if required:
                raise ApiError.not_provided(name)
            return None
        if len(raw) > 1:
            raise ApiError.invalid(name, "This parameter accepts a single value.")
        return raw[0]

    def str(self, name: _Str, *, required: _Bool = False, choices: Collection[_Str] | None = None) -> _Str | None:
        value = self._one(name, required)
        if value is not None and choices is not None and value not in choices:
            raise ApiError.invalid(name, f"Use one of: {', '.join(sorted(choices))}.")
        return value

    def req_str(self, name: _Str, *, choices: Collection[_Str] | None = None) -> _Str:
        value = self.str(name, required=True, choices=choices)
        assert value is not None
        return value

    def int(self, name: _Str, default: _Int, *, lo: _Int | None = None, hi: _Int | None = None) -> _Int:
        value = self._one(name, False)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ApiError.invalid(name) from None
        _check_range(name, number, lo, hi)
        return number

    def float(self, name: _Str, default: _Float | None, *, lo: _Float | None = None,
              hi: _Float | None = None) -> _Float | None:
        value = self._one(name, False)
        if value is None:
            return default
        try:
            number = float(value)
        except ValueError:
            raise ApiError.invalid(name) from None
        if not math.isfinite(number):
            raise ApiError.invalid(name)
        _check_range(name, number, lo, hi)
        return number

    def bool(self, name: _Str, default: _Bool) -> _Bool:
        value = self._one(name, False)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ApiError.invalid(name)

    def strings(self, name: _Str, *, choices: Collection[_Str] | None = None) -> list[_Str]:
        """All values of a repeated key or form field, in order."""
        values = [v for v in self.values.get(name, []) if v != ""]
        if choices is not None:
            for value in values:
                if value not in choices:
                    raise ApiError.invalid(name, f"Use one of: {', '.join(sorted(choices))}.")
        return values


def _check_range(name: _Str, number: _Float, lo: _Float | None, hi: _Float | None) -> None:
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        bounds = f"between {lo} and {hi}" if lo is not None and hi is not None else (
            f"at least {lo}" if lo is not None else f"at most {hi}")
        raise ApiError.invalid(name, f"The value must be {bounds}.")


class JsonParams:
    """Parameters from a JSON object body."""

    def __init__(self, body: Mapping[_Str, Any]) -> None:
        self.body = body

    def reject_unknown(self, allowed: Collection[_Str]) -> None:
        unknown = [k for k in self.body if k not in allowed]
        if unknown:
            raise ApiError.unknown(unknown)

    def _get(self, name: _Str, required: _Bool) -> Any:
        value = self.body.get(name)
        if value is None and required:
            raise ApiError.not_provided(name)
        return value

    def str(self, name: _Str, *, required: _Bool = False, choices: Collection[_Str] | None = None) -> _Str | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str) or (required and value == ""):
            raise ApiError.invalid(name)
        if choices is not None and value not in choices:
            raise ApiError.invalid(name, f"Use one of: {', '.join(sorted(choices))}.")
        return value

    def req_str(self, name: _Str, *, choices: Collection[_Str] | None = None) -> _Str:
        value = self.str(name, required=True, choices=choices)
        assert value is not None
        return value

    def float(self, name: _Str, default: _Float, *, lo: _Float | None = None, hi: _Float | None = None) -> _Float:
        value = self._get(name, False)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ApiError.invalid(name)
        _check_range(name, float(value), lo, hi)
        return float(value)

    def number(self, name: _Str) -> _Float | None:
        """An optional finite number (``None`` when absent)."""
        value = self._get(name, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ApiError.invalid(name)
        return float(value)

    def int(self, name: _Str, default: _Int, *, lo: _Int | None = None, hi: _Int | None = None) -> _Int:
        value = self._get(name, False)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise ApiError.invalid(name, "It must be an integer.")
        _check_range(name, value, lo, hi)
        return value

    def bool(self, name: _Str, default: _Bool) -> _Bool:
        value = self._get(name, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise ApiError.invalid(name)
        return value

    def strings(self, name: _Str, *, required: _Bool = False, choices: Collection[_Str] | None = None) -> list[_Str]:
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ApiError.invalid(name)
        if required and not value:
            raise ApiError.not_provided(name)
        if choices is not None and any(v not in choices for v in value):
            raise ApiError.invalid(name, f"Use one of: {', '.join(sorted(choices))}.")
        return list(value)

    def object(self, name: _Str) -> dict[_Str, Any] | None:
        value = self._get(name, False)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise ApiError.invalid(name)
        return value
