"""Run by ``test_official_values.py`` under the official SDK's interpreter: decode each payload with the official
model class and print every value it exposes, flattened to ``path -> [kind, text]`` (see ``flatten``), as JSON.

stdin: ``[[official public name, payload], ...]``; stdout: ``[[{path: [kind, text]}, model_dump(mode="json")], ...]``
in the same order.
"""

from __future__ import annotations

import datetime
import importlib
import json
import sys
from typing import Any

import pydantic
from twelvelabs.core.pydantic_utilities import parse_obj_as


def leaf(value: Any) -> list[str]:
    if value is None:
        return ["none", ""]
    if isinstance(value, datetime.datetime):
        return ["datetime", value.isoformat()]
    if isinstance(value, dict):
        return ["dict", json.dumps(value, sort_keys=True, default=str)]
    return [type(value).__name__, repr(value)]


def flatten(value: Any, path: str, out: dict[str, list[str]]) -> None:
    if isinstance(value, pydantic.BaseModel):
        out[path] = ["object", ""]
        for name in type(value).model_fields:
            flatten(getattr(value, name), f"{path}.{name}" if path else name, out)
    elif isinstance(value, list):
        out[path] = ["list", str(len(value))]
        for i, item in enumerate(value):
            flatten(item, f"{path}[{i}]", out)
    else:
        out[path] = leaf(value)


def resolve(public_name: str) -> Any:
    module, _, name = public_name.rpartition(".")
    return getattr(importlib.import_module(module), name)


def main() -> None:
    results = []
    for public_name, payload in json.load(sys.stdin):
        flat: dict[str, list[str]] = {}
        model = parse_obj_as(resolve(public_name), payload)
        flatten(model, "", flat)
        results.append([flat, model.model_dump(mode="json")])
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
