"""Resolving the official SDK's names: what every compatibility module (``twelvelabs_async.types``,
``twelvelabs_async.indexes`` ...) calls on the first access to a name. Kept apart from the input classes so that
a lookup loads nothing but the target's own module."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

__all__ = ["resolve"]


def resolve(module_name: str, targets: Mapping[str, str], name: str) -> Any:
    """The object an official name stands for in ``module_name``; AttributeError for a name it does not hold.

    ``targets`` maps each name to ``"module:attribute"``, or to ``"module"`` for a subpackage.
    """
    target = targets.get(name)
    if target is None:
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded
