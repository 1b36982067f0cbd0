"""THE route table: one hand-written module per resource, concatenated into ``ROUTES``.

Each module reads like that part of the API reference: one ``Route`` per SDK method, named after it
(``indexes.videos.list`` is ``indexes_videos_list``) and annotated with what it returns
(``Route[VideoPage]``). Method and parameter names follow the official SDK 1.3.6; the wire follows the
current official spec (``shared/reference/twelvelabs-openapi-official-2026-07.json``); where the two disagree the
module says which one it follows and why.

After editing, run ``python -m twelvelabs_async._codegen``; a test fails while the generated modules are stale.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

from twelvelabs_async._route_spec import Body, Paging, Route
from twelvelabs_async.routes import (
    analyze,
    analyze_async,
    assets,
    data_connectors,
    embed,
    entity_collections,
    indexed_assets,
    indexes,
    knowledge_stores,
    search,
    tasks,
)

# The order of the table (and of the generated modules): roughly the order of the API reference.
# `routes.responses` is not in the table: see its docstring.
MODULES: tuple[ModuleType, ...] = (
    indexes,
    indexed_assets,
    assets,
    tasks,
    search,
    embed,
    analyze,
    analyze_async,
    entity_collections,
    knowledge_stores,
    data_connectors,
)

_ANNOTATION = re.compile(r"Route\[(\w+)\]")


def _routes_of(module: ModuleType) -> list[Route[Any]]:
    """The module's routes, each checked for its name and bound to the response model its annotation names."""
    annotations: dict[str, str] = getattr(module, "__annotations__", {})
    found: list[Route[Any]] = []
    for name, value in vars(module).items():
        if not isinstance(value, Route):
            continue
        expected = value.method_name.replace(".", "_")
        if name != expected:
            raise RuntimeError(f"{module.__name__}.{name}: the route of {value.method_name!r} must be named {expected}")
        match = _ANNOTATION.fullmatch(str(annotations.get(name, "")))
        if match is None:
            raise RuntimeError(f"{module.__name__}.{name}: annotate it as Route[Model] (or Route[None])")
        response = None if match.group(1) == "None" else match.group(1)
        if value.response is None:
            value.response = response
        elif value.response != response:
            raise RuntimeError(f"{module.__name__}.{name}: response {value.response!r} disagrees with {response!r}")
        found.append(value)
    return found


def _check_paging(route: Route[Any], by_name: dict[str, Route[Any]]) -> None:
    """Paging that the funnel could not carry out is a table error, found when the table loads."""
    names = {p.name for p in route.params}
    if route.paging is Paging.PAGE_NUMBER and "page" not in names:
        raise RuntimeError(f"{route.method_name}: page-number paging needs a `page` parameter")
    if route.paging is Paging.FOLLOW_TOKEN:
        follow = by_name.get(route.follow or "")
        if follow is None or "page_token" not in {p.name for p in follow.params}:
            raise RuntimeError(f"{route.method_name}: follow a route that takes `page_token`")
    if route.paging is Paging.BODY_TOKEN and route.body is not Body.JSON:
        raise RuntimeError(f"{route.method_name}: body-token paging needs a JSON body")
    if (route.paging in (Paging.FOLLOW_TOKEN, Paging.BODY_TOKEN)) != (route.pager_method is not None):
        raise RuntimeError(f"{route.method_name}: token paging and pager_method go together")


ROUTES: tuple[Route[Any], ...] = tuple(route for module in MODULES for route in _routes_of(module))
ROUTES_BY_NAME: dict[str, Route[Any]] = {route.method_name: route for route in ROUTES}
for _route in ROUTES:
    _check_paging(_route, ROUTES_BY_NAME)

__all__ = ["MODULES", "ROUTES", "ROUTES_BY_NAME"]
