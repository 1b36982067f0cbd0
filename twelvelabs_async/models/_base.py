"""Shared pieces of the response models: the base class, wire-name metadata and RFC 3339 timestamps.

Every model is an attrs class (frozen, slots, keyword-only) that derives from :class:`Model`, which gives it
an ``extra`` dict holding the wire keys the model does not know, so a field the API adds later never breaks
decoding and stays reachable. A field whose wire name differs from its Python name carries the wire name in
its metadata (``attrs.field(metadata=WIRE_ID)`` for ``_id`` -> ``id``); :func:`wire_name` reads it.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar, Final, overload

import attrs

__all__ = [
    "WIRE",
    "WIRE_FLOAT",
    "WIRE_ID",
    "Model",
    "ModelDecodeError",
    "format_datetime",
    "parse_datetime",
    "wire_name",
]

WIRE: Final = "twelvelabs_async.wire"
"""Metadata key of an attrs field whose wire (JSON) name differs from its Python name."""

WIRE_ID: Final[dict[str, str]] = {WIRE: "_id"}
"""Field metadata for an ``id`` attribute that is spelled ``_id`` on the wire."""

WIRE_FLOAT: Final[dict[str, str]] = {WIRE: "float"}
"""Field metadata for an ``embedding`` attribute that is spelled ``float`` on the wire."""


class ModelDecodeError(ValueError):
    """A response body could not be decoded into a model (missing id, wrong JSON type, bad timestamp).

    Unknown fields and unknown enum values never raise this; they are kept (see ``Model.extra``).
    """


@attrs.frozen(kw_only=True)
class Model:
    """Base of every response model.

    ``extra`` holds the wire keys this model does not know (new API fields), unchanged. It takes no part in
    ``==`` or ``repr`` and is merged back into the wire dict by ``_converter.unstructure``.

    ``model_dump()`` and ``model_dump_json()`` give what pydantic's give for the official SDK's models, for code
    that dumps a result (``json.dumps(res.model_dump())``); ``_converter.unstructure`` is the wire form.
    """

    extra: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    _absent: frozenset[str] = attrs.field(default=frozenset(), init=False, repr=False, eq=False)
    """The list attributes the decoded JSON did not have (they read as ``[]``; ``model_dump`` gives ``None`` for
    them, as the official models do). Set by the decoder; not part of ``==``, ``repr`` or the wire form."""

    _DUMPED_PROPERTIES: ClassVar[tuple[str, ...]] = ()
    """Properties ``model_dump`` includes as if they were fields (the official class has them as fields); for a
    class without an entry in ``_dump_fields.DUMP_FIELDS`` (those with one list the official fields there)."""

    _DUMP_SKIP: ClassVar[tuple[str, ...]] = ()
    """Attributes ``model_dump`` leaves out: copies of a value the dump gives elsewhere (``StreamStart.generation_id``
    is ``metadata.generation_id``)."""

    def model_dump(self, *, mode: str = "python", by_alias: bool = False, exclude_none: bool = False) -> dict[str, Any]:
        """This model as a dict, as pydantic's ``model_dump`` gives an official SDK model.

        The official class's fields in its order (``_dump_fields.py``, generated from the official SDK 1.3.6: for a
        class the official SDK has several shapes of, 1.3.6's), ``None`` for the absent ones, then our own
        attributes that carry a value, then the unknown wire keys of ``extra``; attribute names (the official ones:
        an embedding vector is ``float_``), nested models as dicts; ``mode="json"`` gives JSON-compatible values (a
        ``datetime`` as RFC 3339 text with ``Z``, as pydantic writes it).

        The options act as on the official models (1.0.0 and 1.3.6 alike): ``exclude_none=True`` leaves out ``None``
        in the default mode, while ``mode="json"`` gives every field whatever the options (the official models
        serialize to JSON through a plain serializer that ignores them); ``by_alias`` changes nothing (the
        official ``_id`` and ``float`` are not pydantic aliases: the keys stay ``id`` and ``float_``). The wire
        form is ``_converter.unstructure``.
        """
        if mode not in ("python", "json"):
            raise ValueError(f"mode must be 'python' or 'json', not {mode!r}")
        del by_alias  # accepted for pydantic's signature; the official dump ignores it (see above)
        json_mode = mode == "json"
        dumped: dict[str, Any] = _dump(self, json_mode, False, exclude_none and not json_mode)
        return dumped

    def model_dump_json(self, *, indent: int | None = None, by_alias: bool = False, exclude_none: bool = False) -> str:
        """``model_dump(mode="json")`` as JSON text, as pydantic's ``model_dump_json`` (compact unless ``indent``);
        ``by_alias`` and ``exclude_none`` change nothing, as on the official models (see ``model_dump``)."""
        import json

        data = self.model_dump(mode="json", by_alias=by_alias, exclude_none=exclude_none)
        if indent is None:
            return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return json.dumps(data, ensure_ascii=False, indent=indent)


def _dump_name(attribute: attrs.Attribute[Any], by_alias: bool) -> str:
    if by_alias:
        return wire_name(attribute)
    return "float_" if attribute.metadata.get(WIRE) == "float" else attribute.name


_Step = tuple[str, str, str, int, "str | None"]
"""What ``model_dump`` does for one key: (attribute to read, key, key with ``by_alias``, group, the
``NESTED_DUMP_FIELDS`` key for the value). Group 0: given even when ``None``; n > 0: given when a field of group n
has a value (a richer official variant's fields, all or none); -1: given when it has a value."""

_PLANS: dict[tuple[type, str | None], tuple[_Step, ...]] = {}


def _plan(cls: type, spec: str | None) -> tuple[_Step, ...]:
    """The keys of ``cls``'s dump, in order (cached per class and nested spec).

    A class that maps to an official class (``_dump_fields.DUMP_FIELDS``) gives that class's fields in its order,
    ``None`` included for the ones it always has (and for a richer variant's once one of them has a value), then our
    own attributes that carry a value; any other class gives every attribute (and ``_DUMPED_PROPERTIES``).
    """
    key = (cls, spec)
    plan = _PLANS.get(key)
    if plan is not None:
        return plan
    from ._dump_fields import DUMP_FIELDS, NESTED_DUMP_FIELDS

    fields = [a for a in attrs.fields(cls) if a.name not in ("extra", "_absent")]
    skip: tuple[str, ...] = getattr(cls, "_DUMP_SKIP", ())
    official = None
    if cls.__module__.startswith("twelvelabs_async.models"):
        official = NESTED_DUMP_FIELDS.get(spec) if spec is not None else None
        if official is None:
            official = DUMP_FIELDS.get(cls.__name__)
    steps: list[_Step] = []
    if official is None:
        for attribute in fields:
            if attribute.name not in skip:
                name = _dump_name(attribute, False)
                steps.append((attribute.name, name, wire_name(attribute), 0, f"{cls.__name__}.{name}"))
        for name in getattr(cls, "_DUMPED_PROPERTIES", ()):
            steps.append((name, name, name, 0, f"{cls.__name__}.{name}"))
    else:
        by_dump_name = {_dump_name(a, False): a for a in fields}
        covered: set[str] = set()
        for name, group in official:
            attribute = by_dump_name.get(name)
            if attribute is None:
                steps.append((name, name, name, group, f"{cls.__name__}.{name}"))
            else:
                covered.add(attribute.name)
                steps.append((attribute.name, name, wire_name(attribute), group, f"{cls.__name__}.{name}"))
        for attribute in fields:
            if attribute.name not in covered and attribute.name not in skip:
                name = _dump_name(attribute, False)
                steps.append((attribute.name, name, wire_name(attribute), -1, f"{cls.__name__}.{name}"))
    plan = tuple(steps)
    _PLANS[key] = plan
    return plan


def _nested_keys() -> frozenset[str]:
    global _NESTED_KEYS
    if _NESTED_KEYS is None:
        from ._dump_fields import NESTED_DUMP_FIELDS

        _NESTED_KEYS = frozenset(NESTED_DUMP_FIELDS)
    return _NESTED_KEYS


_NESTED_KEYS: frozenset[str] | None = None


def _variant(value: Any, cls: type) -> str | None:
    """``"Ours[v]"``: the official variant a discriminated union's value stands for (``None``: not one)."""
    from ._dump_fields import DUMP_DISCRIMINATORS

    field = DUMP_DISCRIMINATORS.get(cls.__name__)
    if field is None or not cls.__module__.startswith("twelvelabs_async.models"):
        return None
    key = f"{cls.__name__}[{getattr(value, field, None)}]"
    return key if key in _nested_keys() else None


def _dump(value: Any, json_mode: bool, by_alias: bool, exclude_none: bool, spec: str | None = None) -> Any:
    cls = type(value)
    if attrs.has(cls):
        custom = getattr(value, "_dump_value", None)
        if custom is not None:
            return _dump(custom(), json_mode, by_alias, exclude_none)
        if spec is None or spec not in _nested_keys():
            spec = _variant(value, cls) or spec
        out: dict[str, Any] = {}
        plan = _plan(cls, spec)
        items = [getattr(value, step[0]) for step in plan]
        # An empty list is no value here: the decoder gives [] for a list the API left out.
        shown = {
            step[3] for step, item in zip(plan, items, strict=True) if item is not None and item != [] and step[3] > 0
        }
        shown.add(0)
        absent: frozenset[str] = getattr(value, "_absent", frozenset())
        for (attribute, name, alias, group, nested), item in zip(plan, items, strict=True):
            if item == [] and (group not in shown or attribute in absent):
                item = None  # a list the JSON did not have: None, as the official model gives it
            if item is None and (exclude_none or group not in shown):
                continue
            out[alias if by_alias else name] = _dump(item, json_mode, by_alias, exclude_none, nested)
        for key, item in (getattr(value, "extra", None) or {}).items():
            if key not in out and not (item is None and exclude_none):
                out[key] = _dump(item, json_mode, by_alias, exclude_none)
        return out
    if cls is list or cls is tuple:
        return [_dump(item, json_mode, by_alias, exclude_none, spec) for item in value]
    if cls is dict:
        return {key: _dump(item, json_mode, by_alias, exclude_none) for key, item in value.items()}
    if json_mode and isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return value


def wire_name(attribute: attrs.Attribute[Any]) -> str:
    """The JSON key of a model attribute."""
    name: str = attribute.metadata.get(WIRE, attribute.name)
    return name


# --------------------------------------------------------------------------------------------------------
# Timestamps
# --------------------------------------------------------------------------------------------------------

_UTC: Final = timezone.utc
_fromisoformat = datetime.fromisoformat
# Python 3.11+ parses "Z" and any number of fractional digits itself; 3.10 needs the regex fallback below.
_NATIVE_Z: Final = sys.version_info >= (3, 11)

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?"
)


def _parse_datetime_slow(value: Any) -> datetime:
    """Regex parser for everything the fast path refuses (Python 3.10 ``Z``, 1-9 fractional digits, ...)."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=_UTC)
    if not isinstance(value, str):
        raise ModelDecodeError(f"expected an RFC 3339 timestamp string, got {type(value).__name__}")
    m = _RFC3339.fullmatch(value.strip())
    if m is None:
        raise ModelDecodeError(f"invalid RFC 3339 timestamp: {value!r}")
    year, month, day, hour, minute, second, frac, _zulu, sign, off_h, off_m = m.groups()
    if sign is None:
        tz = _UTC  # "Z", or no offset at all (not RFC 3339, but read as UTC rather than naive)
    else:
        delta = timedelta(hours=int(off_h), minutes=int(off_m))
        tz = timezone(-delta if sign == "-" else delta) if delta else _UTC
    micro = int((frac or "0")[:6].ljust(6, "0"))
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), micro, tz)
    except ValueError as exc:
        raise ModelDecodeError(f"invalid RFC 3339 timestamp: {value!r} ({exc})") from None


@overload
def parse_datetime(value: str | datetime) -> datetime: ...


@overload
def parse_datetime(value: None) -> None: ...


def parse_datetime(value: str | datetime | None) -> datetime | None:
    """Parse an RFC 3339 timestamp into a timezone-aware ``datetime`` (``None`` stays ``None``).

    The typed form of the timestamp strings models carry where the official SDK gives strings
    (``task.created_at`` is ``"2024-01-01T10:00:00Z"``): ``parse_datetime(task.created_at)``. Accepts ``Z`` or a
    numeric offset, with or without fractional seconds (any number of digits; more than six are truncated), on
    Python 3.10 too; a timestamp without an offset is taken as UTC, and a ``datetime`` is returned as it is (made
    aware as UTC if naive). About 0.15 µs for the API's usual ``2024-01-09T11:11:20.463Z`` on Python 3.11.
    Raises :class:`ModelDecodeError` (a ``ValueError``) for a value that is not a timestamp.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        return _parse_datetime_slow(value)
    try:
        if _NATIVE_Z:
            dt = _fromisoformat(value)
        elif value[-1] == "Z":
            dt = _fromisoformat(value[:-1]).replace(tzinfo=_UTC)
        else:
            dt = _fromisoformat(value)
    except (TypeError, ValueError, IndexError):
        return _parse_datetime_slow(value)
    if dt.tzinfo is None:
        # A date-only or offset-less value (not RFC 3339): read as UTC rather than left naive.
        return dt.replace(tzinfo=_UTC)
    return dt


def format_datetime(value: datetime) -> str:
    """Format a ``datetime`` as RFC 3339 in UTC with a ``Z`` suffix (the API's own style).

    Sub-second precision is kept: milliseconds when they suffice (``...20.463Z``), else microseconds.
    A naive datetime is taken as UTC.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    elif value.utcoffset():
        value = value.astimezone(_UTC)
    micro = value.microsecond
    spec = "seconds" if micro == 0 else "milliseconds" if micro % 1000 == 0 else "microseconds"
    text = value.replace(tzinfo=None).isoformat(timespec=spec)
    return text + "Z"
