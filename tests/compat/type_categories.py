"""Value-type categories of a model field, the same for the official SDK's pydantic models and our attrs models.

Standard library only: ``extract_official_models.py`` imports it under the official SDK's interpreter, and
``test_official_models.py`` under ours. A category is a small JSON-able dict::

    {"kind": "str", "optional": True}
    {"kind": "list", "optional": False, "item": {"kind": "object", "refs": ["VideoSegment"], ...}}
    {"kind": "object", "optional": True, "refs": ["HlsObject"]}

``kind`` is one of ``str``, ``int``, ``float``, ``bool``, ``datetime``, ``list``, ``dict``, ``object`` (a model:
something with attributes), ``any`` (a union of unlike scalars, or ``Any``). Fern's open enums
(``Union[Literal["a", "b"], Any]``) are ``str``. ``refs`` names the model classes an ``object`` may be.
"""

from __future__ import annotations

import datetime
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

SCALARS: dict[Any, str] = {str: "str", int: "int", float: "float", bool: "bool", datetime.datetime: "datetime"}


def categorize(annotation: Any, model_name: Callable[[Any], str | None]) -> dict[str, Any]:
    """The category of ``annotation``; ``model_name(cls)`` names a model class (one with attributes), else None."""
    optional = False
    members: list[Any] = []

    def flatten(t: Any) -> None:
        nonlocal optional
        origin = typing.get_origin(t)
        if origin is typing.Annotated or origin is typing.ClassVar:
            flatten(typing.get_args(t)[0])
        elif origin in (typing.Union, types.UnionType):
            for arg in typing.get_args(t):
                flatten(arg)
        elif t is type(None) or t is None:
            optional = True
        else:
            members.append(t)

    flatten(annotation)
    kinds: list[dict[str, Any]] = [_member(m, model_name) for m in members]
    # Fern's open enums: Union[Literal[...], Any] is a str that may take values the SDK does not know.
    if len(kinds) > 1 and any(k["kind"] == "any" for k in kinds):
        rest = [k for k in kinds if k["kind"] != "any"]
        if rest and all(k["kind"] == "str" for k in rest):
            kinds = rest[:1]
    if any(k["kind"] == "any" for k in kinds):
        optional = True  # Any (not an open enum's) includes None
    if not kinds:
        return {"kind": "any", "optional": True}
    if all(k["kind"] == "object" for k in kinds):
        refs = sorted({r for k in kinds for r in k["refs"]})
        return {"kind": "object", "optional": optional, "refs": refs}
    distinct = {k["kind"] for k in kinds}
    if len(distinct) == 1:
        result = dict(kinds[0])
        result["optional"] = optional
        return result
    return {"kind": "any", "optional": optional}


def _member(t: Any, model_name: Callable[[Any], str | None]) -> dict[str, Any]:
    origin = typing.get_origin(t)
    if origin is typing.Literal:
        values = typing.get_args(t)
        kinds = {SCALARS.get(type(v), "any") for v in values}
        return {"kind": kinds.pop() if len(kinds) == 1 else "any"}
    if t in SCALARS:
        return {"kind": SCALARS[t]}
    if t is Any or t is object:
        return {"kind": "any"}
    if origin in (list, typing.List, Sequence, tuple) or t in (list, tuple):  # noqa: UP006 - the official models spell it typing.List
        args = typing.get_args(t)
        item = categorize(args[0], model_name) if args else {"kind": "any", "optional": False}
        return {"kind": "list", "item": item}
    if origin in (dict, typing.Dict, Mapping) or t in (dict, Mapping):  # noqa: UP006
        return {"kind": "dict"}
    name = model_name(t) if isinstance(t, type) else None
    if name is not None:
        return {"kind": "object", "refs": [name]}
    if isinstance(t, typing.ForwardRef):
        return {"kind": "object", "refs": [t.__forward_arg__]}
    return {"kind": "any"}


def describe(category: dict[str, Any]) -> str:
    """A short text form for messages: ``optional list[object(VideoSegment)]``."""
    kind = category["kind"]
    if kind == "list":
        text = f"list[{describe(category['item'])}]"
    elif kind == "object":
        text = f"object({'|'.join(category['refs'])})"
    else:
        text = kind
    return ("optional " if category.get("optional") else "") + text
