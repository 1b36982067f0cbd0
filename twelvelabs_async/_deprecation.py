"""Deprecation warnings of the route table, raised at the caller's line (once per call site, as Python shows them).

The generated methods call ``warn_deprecated`` first thing, only on routes that have something deprecated, so
the warning points at user code: ``stacklevel=3`` skips this function and the generated method, for async and
blocking methods alike (a coroutine's caller frame is the one awaiting it).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from twelvelabs_async._route_spec import Route


def has_deprecations(route: Route[Any]) -> bool:
    return route.deprecated is not None or any(p.deprecated or p.dropped for p in route.params)


def warn_deprecated(route: Route[Any], args: Mapping[str, Any]) -> None:
    name = route.method_name
    if route.deprecated is not None:
        warnings.warn(f"{name}() is deprecated: {route.deprecated}", DeprecationWarning, stacklevel=3)
    for p in route.params:
        if args.get(p.name) is None:
            continue
        if p.dropped is not None:
            warnings.warn(f"{name}({p.name}=...) is not sent: {p.dropped}", DeprecationWarning, stacklevel=3)
        elif p.deprecated is not None:
            warnings.warn(f"{name}({p.name}=...) is deprecated: {p.deprecated}", DeprecationWarning, stacklevel=3)


__all__ = ["has_deprecations", "warn_deprecated"]
