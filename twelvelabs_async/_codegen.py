"""Render the typed client methods from the route table into committed, generated modules.

    python -m twelvelabs_async._codegen          # write the generated modules
    python -m twelvelabs_async._codegen --check  # exit 1 if they are stale (CI and a test run this)

Methods are never made at run time: IDEs, ``mypy --strict`` and ``help()`` see real signatures and docstrings.
Each top-level namespace (``indexes``, ``tasks``, ...) becomes one module holding a class per namespace in it
(``indexes`` and ``indexes.videos``); the client's own methods (``analyze``) go to ``root.py``. A namespace with
hand-written helpers (task waiting, legacy shims) gets them through a mixin named in ``HELPER_MIXINS``.

A generated method hands its ``Route`` object to the client's funnel (``_call``, ``_paginate``, ...), whose
return type flows from ``Route[T]``: the generated code needs no cast. The output is formatted by
``ruff format`` (pinned in the dev extra, so the committed files do not move with ruff releases).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from twelvelabs_async._deprecation import has_deprecations
from twelvelabs_async._route_spec import In, Kind, Paging, Param, Route, Streaming
from twelvelabs_async.routes import MODULES, ROUTES

PACKAGE_DIR = Path(__file__).resolve().parent
ASYNC_DIR = PACKAGE_DIR / "resources" / "generated"
SYNC_DIR = PACKAGE_DIR / "sync" / "generated"

HEADER = (
    "# GENERATED FILE - DO NOT EDIT.\n"
    "# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);\n"
    "# edit the table (or the generator) and run it again. A test fails while this file is stale.\n"
)

# namespace -> (module, class) of the hand-written helpers mixed into that namespace's async class
HELPER_MIXINS: dict[str, tuple[str, str]] = {
    "": ("twelvelabs_async.resources.legacy_text", "AsyncLegacyTextHelpers"),
    "tasks": ("twelvelabs_async.resources.tasks", "AsyncTasksHelpers"),
    "embed.tasks": ("twelvelabs_async.resources.embed_tasks", "AsyncEmbedTasksHelpers"),
    "assets": ("twelvelabs_async.resources.assets", "AsyncAssetsHelpers"),
    "multipart_upload": ("twelvelabs_async.resources.multipart_upload", "AsyncMultipartUploadHelpers"),
    "indexes.indexed_assets": ("twelvelabs_async.resources.indexed_assets", "AsyncIndexedAssetsHelpers"),
    # Issue 14 (parity with the official SDK 1.3.6).
    "knowledge_store_items": ("twelvelabs_async.resources.knowledge_store_items", "AsyncKnowledgeStoreItemsHelpers"),
    "imports": ("twelvelabs_async.resources.imports", "AsyncImportsHelpers"),
    # Both /responses methods are hand-written: see routes/responses.py.
    "responses": ("twelvelabs_async.resources.responses", "AsyncResponsesHelpers"),
    "analyze_async.tasks": ("twelvelabs_async.resources.analyze_async", "AsyncAnalyzeAsyncTasksHelpers"),
    "analyze_async.batches": ("twelvelabs_async.resources.analyze_async", "AsyncAnalyzeAsyncBatchesHelpers"),
    "embed.v_2.tasks": ("twelvelabs_async.resources.embed_v2_tasks", "AsyncEmbedV2TasksHelpers"),
}
# namespace -> (module, class) of their blocking twins, mixed into the sync class
SYNC_HELPER_MIXINS: dict[str, tuple[str, str]] = {
    "": ("twelvelabs_async.sync._helpers", "SyncLegacyTextHelpers"),
    "tasks": ("twelvelabs_async.sync._helpers", "SyncTasksHelpers"),
    "embed.tasks": ("twelvelabs_async.sync._helpers", "SyncEmbedTasksHelpers"),
    "assets": ("twelvelabs_async.sync._asset_helpers", "SyncAssetsHelpers"),
    "multipart_upload": ("twelvelabs_async.sync._asset_helpers", "SyncMultipartUploadHelpers"),
    "indexes.indexed_assets": ("twelvelabs_async.sync._asset_helpers", "SyncIndexedAssetsHelpers"),
    "knowledge_store_items": ("twelvelabs_async.sync._knowledge_store_items_helpers", "SyncKnowledgeStoreItemsHelpers"),
    "imports": ("twelvelabs_async.sync._imports_helpers", "SyncImportsHelpers"),
    "responses": ("twelvelabs_async.sync._responses_helpers", "SyncResponsesHelpers"),
    "analyze_async.tasks": ("twelvelabs_async.sync._analysis_helpers", "SyncAnalyzeAsyncTasksHelpers"),
    "analyze_async.batches": ("twelvelabs_async.sync._analysis_helpers", "SyncAnalyzeAsyncBatchesHelpers"),
    "embed.v_2.tasks": ("twelvelabs_async.sync._analysis_helpers", "SyncEmbedV2TasksHelpers"),
}
# More helpers of the client itself (the root namespace takes several), async and blocking.
EXTRA_ROOT_MIXINS: tuple[tuple[str, str], ...] = (("twelvelabs_async.resources.ingest", "AsyncIngestHelpers"),)
EXTRA_SYNC_ROOT_MIXINS: tuple[tuple[str, str], ...] = (("twelvelabs_async.sync._ingest_helpers", "SyncIngestHelpers"),)

_RANGE = "float | Mapping[str, float | None] | tuple[float | None, float | None]"
_INT_RANGE = "int | Mapping[str, int | None] | tuple[int | None, int | None]"
_ANNOTATIONS: dict[Kind, str] = {
    Kind.STR: "str",
    Kind.INT: "int",
    Kind.FLOAT: "float",
    Kind.BOOL: "bool",
    Kind.STR_LIST: "str | Sequence[str]",
    Kind.CSV: "str | Sequence[str]",
    Kind.JSON: "Any",
    Kind.JSON_TEXT: "str | Mapping[str, Any]",
    Kind.BARE_KEYS: "Mapping[str, str | int | float | bool]",
    Kind.RANGE: _RANGE,
    Kind.INT_RANGE: _INT_RANGE,
    Kind.MODELS: "Sequence[_models.IndexModel | Mapping[str, Any]]",
    Kind.FILE: "FileInput",
    Kind.FILE_LIST: "Sequence[FileInput]",
}
_OPTIONS = "request_options: RequestOptions | None = None"
_RAISES = [
    "Raises:",
    "    ArgumentError: an argument is invalid (raised before any request is sent).",
    "    APIStatusError: the API answered with an error (a subclass per status and error code).",
    "    APIConnectionError: no answer (connection failure or timeout).",
]


# --- names and grouping ---------------------------------------------------------------------------------------


def class_name(namespace: str, flavor: str = "Async") -> str:
    if not namespace:
        return f"{flavor}RootResource"
    return flavor + "".join(part.title().replace("_", "") for part in namespace.split(".")) + "Resource"


def module_name(namespace: str) -> str:
    """The generated module of a namespace: its top-level name (``indexes.videos`` lives in ``indexes``)."""
    return namespace.split(".")[0] if namespace else "root"


def _route_modules() -> dict[str, str]:
    """Each route's method name -> the short name of the route module that defines it."""
    out: dict[str, str] = {}
    for module in MODULES:
        short = module.__name__.rpartition(".")[2]
        for value in vars(module).values():
            if isinstance(value, Route):
                out[value.method_name] = short
    return out


def _namespaces() -> list[str]:
    names: set[str] = {""}
    for route in ROUTES:
        parts = route.namespace.split(".") if route.namespace else []
        for depth in range(1, len(parts) + 1):
            names.add(".".join(parts[:depth]))
    for namespace in HELPER_MIXINS:
        names.add(namespace)
    return sorted(names, key=lambda n: (-n.count("."), n))  # children before parents


def _mixins_of(
    namespace: str, mixins: dict[str, tuple[str, str]], extra_root: tuple[tuple[str, str], ...]
) -> list[tuple[str, str]]:
    found = [mixins[namespace]] if namespace in mixins else []
    return found + list(extra_root) if namespace == "" else found


def _children(namespace: str, namespaces: Iterable[str]) -> list[str]:
    prefix = namespace + "." if namespace else ""
    return sorted(n for n in namespaces if n and n.startswith(prefix) and "." not in n[len(prefix) :])


def _routes_of(namespace: str) -> list[Route[Any]]:
    return sorted((r for r in ROUTES if r.namespace == namespace), key=lambda r: r.short_name)


# --- pieces of a method ------------------------------------------------------------------------------------------


def _annotation(p: Param) -> str:
    if p.shape is not None:
        return p.shape.annotation if p.kind is Kind.JSON else f"str | {p.shape.annotation}"
    if p.choices and p.kind is Kind.STR:
        return "Literal[" + ", ".join(f'"{c}"' for c in p.choices) + "] | str"
    if p.choices and p.kind in (Kind.STR_LIST, Kind.CSV):
        literal = "Literal[" + ", ".join(f'"{c}"' for c in p.choices) + "] | str"
        return f"{literal} | Sequence[{literal}]"
    return _ANNOTATIONS[p.kind]


def _param_doc(p: Param) -> str:
    if p.dropped is not None:
        return f"Not sent (a DeprecationWarning says so): {p.dropped}"
    parts = [p.doc]
    if p.deprecated is not None:
        parts.append(f"Deprecated: {p.deprecated}")
    if p.choices:
        values = ", ".join(f"`{c}`" for c in p.choices)
        parts.append(f"Documented values: {values} (others are sent as given).")
    if p.minimum is not None and p.maximum is not None:
        parts.append(f"Range {p.minimum:g} to {p.maximum:g}.")
    elif p.minimum is not None and p.kind not in (Kind.RANGE, Kind.INT_RANGE):
        parts.append(f"At least {p.minimum:g}.")
    if p.server_default is not None:
        default = p.server_default
        shown = str(default).lower() if isinstance(default, bool) else default
        parts.append(f"API default: `{shown}`.")
    return " ".join(parts)


def _docstring(route: Route[Any], returns: str, *, prefetch: bool = False) -> list[str]:
    lines = [*textwrap.wrap(route.doc, 104), ""]
    if route.removed:
        lines += [*textwrap.wrap(f"Removed: {route.removed} Calling it raises EndpointRemovedError.", 108), ""]
    if route.deprecated:
        lines += [*textwrap.wrap(f"Deprecated: {route.deprecated}", 108), ""]
    if route.notice:
        lines += [*textwrap.wrap(f"Note: {route.notice}", 108), ""]
    lines += [f"`{route.http_method} {route.path}`", "", "Args:"]
    for p in route.params:
        lines += textwrap.wrap(f"{p.name}: {_param_doc(p)}", 104, initial_indent="    ", subsequent_indent="        ")
    if route.preflight:
        lines += [
            "    preflight: Check the file before sending a byte (exists, readable, <= 2 GB; for MP4/MOV the",
            "        duration and resolution limits). False skips the check.",
        ]
    if prefetch:
        lines.append("    prefetch: Fetch the next page while the caller works on the current one.")
    lines += ["    request_options: Per-call timeout, retries, extra headers, query or body parameters.", ""]
    lines += ["Returns:", *textwrap.wrap(returns, 104, initial_indent="    ", subsequent_indent="    "), "", *_RAISES]
    indent = " " * 8
    body = [f'{indent}"""{lines[0]}']
    body += [f"{indent}{line}" if line else "" for line in lines[1:]]
    body.append(f'{indent}"""')
    return body


def _signature(route: Route[Any], name: str, extra: list[str], returns: str, *, is_async: bool) -> list[str]:
    positional: list[str] = []
    required: list[str] = []
    optional: list[str] = []
    for p in route.params:
        annotation = _annotation(p)
        if p.where is In.PATH:
            positional.append(f"{p.name}: {annotation}")
        elif p.required:
            required.append(f"{p.name}: {annotation}")
        else:
            optional.append(f"{p.name}: {annotation} | None = None")
    params = ", ".join(["self", *positional, "*", *required, *optional, *extra, _OPTIONS])
    return [f"    {'async ' if is_async else ''}def {name}({params}) -> {returns}:"]


def _args(route: Route[Any]) -> str:
    return "{" + ", ".join(f'"{p.name}": {p.name}' for p in route.params) + "}"


def _item_type(route: Route[Any]) -> str:
    assert route.page_item is not None, route.method_name
    return " | ".join(f"_models.{name.strip()}" for name in route.page_item.split("|"))


def _model(route: Route[Any]) -> str:
    return f"_models.{route.response}" if route.response else "None"


def _call_lines(route: Route[Any], ref: str, call: str) -> list[str]:
    """The method body: warn about what is deprecated (at the caller's line), then make the call."""
    if not has_deprecations(route):
        return [f"        {call.replace('ARGS', _args(route))}"]
    return [
        f"        args = {_args(route)}",
        f"        warn_deprecated({ref}, args)",
        f"        {call.replace('ARGS', 'args')}",
    ]


# --- async methods -------------------------------------------------------------------------------------------------


def _render_async_method(route: Route[Any], ref: str) -> list[str]:
    name = route.short_name
    model = _model(route)
    if route.paging is Paging.PAGE_NUMBER:
        returns = f"AsyncPager[{_item_type(route)}, {model}]"
        out = _signature(route, name, ["prefetch: bool = False"], returns, is_async=False)
        out += _docstring(
            route,
            f"A pager. `pager = await ...` fetches the first page and gives the pager holding it (`.items`, "
            "`.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it (awaited "
            f"or not) gives every item across pages; `.pages()` gives each `{route.response}`, `await .first_page()` "
            "the first.",
            prefetch=True,
        )
        return out + _call_lines(route, ref, f"return self._client._paginate({ref}, ARGS, request_options, prefetch)")
    if route.streaming is Streaming.NDJSON:
        out = _signature(route, name, [], "AnalyzeStream", is_async=False)
        out += _docstring(route, "An `AnalyzeStream` of typed events; the request is sent on first use.")
        return out + _call_lines(route, ref, f"return self._client._stream({ref}, ARGS, request_options)")
    if route.streaming in (Streaming.SSE, Streaming.JSONL_ITEMS):
        out = _signature(route, name, [], f"ItemStream[{model}]", is_async=False)
        out += _docstring(route, f"An `ItemStream` of `{route.response}`; the request is sent on first use.")
        return out + _call_lines(route, ref, f"return self._client._item_stream({ref}, ARGS, request_options)")
    extra = ["preflight: bool = True"] if route.preflight else []
    tail = ", preflight=preflight" if route.preflight else ""
    returns_doc = f"`{route.response}`" if route.response else "None (the API answers with no body)."
    if has_deprecations(route):
        # A plain method returning the call's coroutine: it warns when called, at the caller's line, even when
        # the coroutine then runs in a task (asyncio.gather, create_task), whose frames are the event loop's.
        out = _signature(route, name, extra, f"Coroutine[Any, Any, {model}]", is_async=False)
        out += _docstring(route, f"An awaitable of {returns_doc}")
        return out + _call_lines(route, ref, f"return self._client._call({ref}, ARGS, request_options{tail})")
    out = _signature(route, name, extra, model, is_async=True)
    out += _docstring(route, returns_doc)
    verb = "return await" if route.response else "await"
    return out + _call_lines(route, ref, f"{verb} self._client._call({ref}, ARGS, request_options{tail})")


def _render_async_token_pager(route: Route[Any], ref: str) -> list[str]:
    assert route.pager_method is not None
    returns = f"AsyncPager[{_item_type(route)}, {_model(route)}]"
    out = _signature(route, route.pager_method, ["prefetch: bool = False"], returns, is_async=False)
    out += _docstring(
        route,
        "A pager over every page. `pager = await ...` fetches the first page and gives the pager holding it "
        "(`.items`, `.has_next`, `await .next_page()`, `.iter_pages()`, as the official SDK's); `async for` over it "
        f"(awaited or not) gives every result across pages; `.pages()` gives each `{route.response}`. The options "
        "that apply to further pages (and request_options) carry over to them.",
        prefetch=True,
    )
    return out + _call_lines(route, ref, f"return self._client._token_pager({ref}, ARGS, request_options, prefetch)")


# --- blocking methods ----------------------------------------------------------------------------------------------


def _render_sync_method(route: Route[Any], ref: str) -> list[str]:
    name = route.short_name
    model = _model(route)
    if route.paging is Paging.PAGE_NUMBER:
        returns = f"SyncPager[{_item_type(route)}, {model}]"
        out = _signature(route, name, ["prefetch: bool = False"], returns, is_async=False)
        out += _docstring(
            route,
            "A pager holding the first page, fetched before the call returns (errors raise here, files are read "
            "here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for "
            f"every item across pages; `.pages()` gives each `{route.response}`, `.page` the first.",
            prefetch=True,
        )
        call = f"return SyncPager(self._runner, self._client._paginate({ref}, ARGS, request_options, prefetch))"
        return out + _call_lines(route, ref, call)
    if route.streaming is Streaming.NDJSON:
        out = _signature(route, name, [], "SyncAnalyzeStream", is_async=False)
        out += _docstring(route, "A `SyncAnalyzeStream` of typed events; the request is sent on first use.")
        call = f"return SyncAnalyzeStream(self._runner, self._client._stream({ref}, ARGS, request_options))"
        return out + _call_lines(route, ref, call)
    if route.streaming in (Streaming.SSE, Streaming.JSONL_ITEMS):
        out = _signature(route, name, [], f"SyncItemStream[{model}]", is_async=False)
        out += _docstring(route, f"A `SyncItemStream` of `{route.response}`; the request is sent on first use.")
        call = f"return SyncItemStream(self._runner, self._client._item_stream({ref}, ARGS, request_options))"
        return out + _call_lines(route, ref, call)
    extra = ["preflight: bool = True"] if route.preflight else []
    out = _signature(route, name, extra, model, is_async=False)
    out += _docstring(route, f"`{route.response}`" if route.response else "None (the API answers with no body).")
    tail = ", preflight=preflight" if route.preflight else ""
    verb = "return " if route.response else ""
    call = f"{verb}self._runner.run(self._client._call, {ref}, ARGS, request_options{tail})"
    return out + _call_lines(route, ref, call)


def _render_sync_token_pager(route: Route[Any], ref: str) -> list[str]:
    assert route.pager_method is not None
    returns = f"SyncPager[{_item_type(route)}, {_model(route)}]"
    out = _signature(route, route.pager_method, ["prefetch: bool = False"], returns, is_async=False)
    out += _docstring(
        route,
        "A pager holding the first page, fetched before the call returns (errors raise here, files are read "
        "here): `.items`, `.has_next`, `.next_page()`, `.iter_pages()`, as the official SDK's; iterate it for every "
        f"result across pages; `.pages()` gives each `{route.response}`, `.page` the first. The options that apply "
        "to further pages carry over to them.",
        prefetch=True,
    )
    call = f"return SyncPager(self._runner, self._client._token_pager({ref}, ARGS, request_options, prefetch))"
    return out + _call_lines(route, ref, call)


# --- modules -----------------------------------------------------------------------------------------------------


def _render_imports(modules: dict[str, set[str]], indent: str) -> list[str]:
    """`from module import names` lines, sorted the way ruff's isort rule expects (ruff format wraps them)."""
    out: list[str] = []
    for module in sorted(modules):
        names = sorted(modules[module], key=lambda n: (not n[:1].isupper(), n.lower()))
        plain = [n for n in names if " as " not in n]
        # isort (ruff's default) keeps each aliased import on a line of its own, sorted by the imported name.
        aliased = sorted((n for n in names if " as " in n), key=lambda n: n.lower())
        if plain:
            out.append(f"{indent}from {module} import {', '.join(plain)}")
        out.extend(f"{indent}from {module} import {name}" for name in aliased)
    return out


def _used(body: str, candidates: dict[str, tuple[str, str]]) -> dict[str, set[str]]:
    """The imports (module -> names) of the candidates whose name the body mentions."""
    modules: dict[str, set[str]] = {}
    for token, (module, name) in candidates.items():
        if token in body:
            modules.setdefault(module, set()).add(name)
    return modules


def _code_only(lines: list[str]) -> str:
    """The lines outside docstrings: what imports are needed for is read from code, never from prose."""
    out: list[str] = []
    inside = False
    for line in lines:
        stripped = line.strip()
        if inside:
            inside = not stripped.endswith('"""')
            continue
        if stripped.startswith('"""'):
            inside = not (len(stripped) >= 6 and stripped.endswith('"""'))
            continue
        out.append(line)
    return "\n".join(out)


def _typing_imports(code: str) -> list[str]:
    abc = [name for name in ("Coroutine", "Mapping", "Sequence") if re.search(rf"\b{name}\[", code)]
    typing = [name for name in ("Any", "Literal") if re.search(rf"\b{name}\b", code)]
    out = []
    if abc:
        out.append(f"from collections.abc import {', '.join(abc)}")
    out.append(f"from typing import {', '.join(['TYPE_CHECKING', *typing])}")
    return out


def _module_text(docstring: str, body: list[str], runtime: dict[str, set[str]], checking: dict[str, set[str]]) -> str:
    wrapped = "\n".join(textwrap.wrap(docstring, 110))
    out = [HEADER.rstrip("\n"), f'"""{wrapped}"""', "", "from __future__ import annotations", ""]
    out += _typing_imports(_code_only(body))
    out.append("")
    out += _render_imports(runtime, "")
    out += ["", "if TYPE_CHECKING:"]
    out += _render_imports(checking, "    ")
    out += ["", "", *body, ""]
    return "\n".join(out)


def _route_refs(
    routes: Iterable[Route[Any]], route_modules: dict[str, str]
) -> tuple[dict[str, str], dict[str, set[str]]]:
    """How the generated module names each route (``_routes.indexes_create``), and the imports that needs."""
    used = sorted({route_modules[r.method_name] for r in routes})
    alias = {short: "_routes" if len(used) == 1 else f"_{short}_routes" for short in used}
    refs = {r.method_name: f"{alias[route_modules[r.method_name]]}.{r.method_name.replace('.', '_')}" for r in routes}
    imports = {"twelvelabs_async.routes": {f"{short} as {alias[short]}" for short in used}} if used else {}
    return refs, imports


def _top_groups(namespaces: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for namespace in namespaces:
        groups.setdefault(module_name(namespace), []).append(namespace)
    return groups


def render_async_modules() -> dict[str, str]:
    namespaces = _namespaces()
    route_modules = _route_modules()
    out: dict[str, str] = {}
    for module, members in _top_groups(namespaces).items():
        routes = [r for n in members for r in _routes_of(n)]
        refs, runtime = _route_refs(routes, route_modules)
        body: list[str] = []
        for namespace in members:
            mixins = _mixins_of(namespace, HELPER_MIXINS, EXTRA_ROOT_MIXINS)
            for module_path, mixin_class in mixins:
                runtime.setdefault(module_path, set()).add(mixin_class)
            cls = class_name(namespace)
            bases = ", ".join(name for _, name in mixins)
            body += [f"class {cls}({bases}):" if bases else f"class {cls}:"]
            title = f"`client.{namespace}`" if namespace else "the client itself"
            body += [f'    """Methods of {title}."""', ""]
            children = _children(namespace, namespaces)
            if namespace:
                body.append("    def __init__(self, client: AsyncTwelveLabs) -> None:")
                body.append("        self._client = client")
                for child in children:
                    body.append(f"        self.{child.rpartition('.')[2]} = {class_name(child)}(client)")
            else:
                body += ["    _client: AsyncTwelveLabs", ""]
                body.append("    def _init_namespaces(self, client: AsyncTwelveLabs) -> None:")
                for child in children:
                    body.append(f"        self.{child} = {class_name(child)}(client)")
                    runtime.setdefault(f"twelvelabs_async.resources.generated.{child}", set()).add(class_name(child))
            for route in _routes_of(namespace):
                body.append("")
                body += _render_async_method(route, refs[route.method_name])
                if route.pager_method:
                    body.append("")
                    body += _render_async_token_pager(route, refs[route.method_name])
            body += ["", ""]
        text = _code_only(body)
        if "warn_deprecated(" in text:
            runtime.setdefault("twelvelabs_async._deprecation", set()).add("warn_deprecated")
        checking = _used(
            text,
            {
                "_models.": ("twelvelabs_async", "models as _models"),
                "AsyncTwelveLabs": ("twelvelabs_async._client", "AsyncTwelveLabs"),
                "RequestOptions": ("twelvelabs_async._config", "RequestOptions"),
                "FileInput": ("twelvelabs_async._files", "FileInput"),
                "AsyncPager[": ("twelvelabs_async._pagination", "AsyncPager"),
                "AnalyzeStream": ("twelvelabs_async._streaming", "AnalyzeStream"),
                "ItemStream[": ("twelvelabs_async._item_stream", "ItemStream"),
            },
        )
        title = f"`client.{module}` and the namespaces in it" if module != "root" else "The client's own methods"
        out[module] = _module_text(f"{title}: async methods.", body[:-2], runtime, checking)
    return out


def render_sync_modules() -> dict[str, str]:
    namespaces = _namespaces()
    route_modules = _route_modules()
    out: dict[str, str] = {}
    for module, members in _top_groups(namespaces).items():
        routes = [r for n in members for r in _routes_of(n)]
        refs, runtime = _route_refs(routes, route_modules)
        checking: dict[str, set[str]] = {}
        body: list[str] = []
        for namespace in members:
            mixins = _mixins_of(namespace, SYNC_HELPER_MIXINS, EXTRA_SYNC_ROOT_MIXINS)
            for module_path, mixin_class in mixins:
                runtime.setdefault(module_path, set()).add(mixin_class)
            cls = class_name(namespace, "Sync")
            async_cls = class_name(namespace)
            checking.setdefault(f"twelvelabs_async.resources.generated.{module}", set()).add(async_cls)
            bases = ", ".join(name for _, name in mixins)
            body += [f"class {cls}({bases}):" if bases else f"class {cls}:"]
            title = f"`client.{namespace}`" if namespace else "the client itself"
            body += [f'    """Blocking methods of {title}."""', ""]
            children = _children(namespace, namespaces)
            if namespace:
                body.append(
                    "    def __init__(self, runner: PortalRunner, client: AsyncTwelveLabs, "
                    f"async_resource: {async_cls}) -> None:"
                )
                body += [
                    "        self._runner = runner",
                    "        self._client = client",
                    "        self._async = async_resource",
                ]
                for child in children:
                    attr = child.rpartition(".")[2]
                    body.append(
                        f"        self.{attr} = {class_name(child, 'Sync')}(runner, client, async_resource.{attr})"
                    )
            else:
                body += ["    _runner: PortalRunner", "    _client: AsyncTwelveLabs", f"    _async: {async_cls}", ""]
                body.append(
                    "    def _init_namespaces(self, runner: PortalRunner, async_client: AsyncTwelveLabs) -> None:"
                )
                body += [
                    "        self._runner = runner",
                    "        self._client = async_client",
                    "        self._async = async_client",
                ]
                for child in children:
                    body.append(
                        f"        self.{child} = {class_name(child, 'Sync')}"
                        f"(runner, async_client, async_client.{child})"
                    )
                    runtime.setdefault(f"twelvelabs_async.sync.generated.{child}", set()).add(class_name(child, "Sync"))
            for route in _routes_of(namespace):
                body.append("")
                body += _render_sync_method(route, refs[route.method_name])
                if route.pager_method:
                    body.append("")
                    body += _render_sync_token_pager(route, refs[route.method_name])
            body += ["", ""]
        text = _code_only(body)
        if "warn_deprecated(" in text:
            runtime.setdefault("twelvelabs_async._deprecation", set()).add("warn_deprecated")
        runtime_iterators = {
            name for name in ("SyncAnalyzeStream", "SyncItemStream", "SyncPager") if f"{name}(" in text
        }
        if runtime_iterators:
            runtime.setdefault("twelvelabs_async.sync._iterators", set()).update(runtime_iterators)
        for key, value in _used(
            text,
            {
                "_models.": ("twelvelabs_async", "models as _models"),
                "AsyncTwelveLabs": ("twelvelabs_async._client", "AsyncTwelveLabs"),
                "RequestOptions": ("twelvelabs_async._config", "RequestOptions"),
                "FileInput": ("twelvelabs_async._files", "FileInput"),
                "PortalRunner": ("twelvelabs_async.sync._runner", "PortalRunner"),
            },
        ).items():
            checking.setdefault(key, set()).update(value)
        title = f"`client.{module}` and the namespaces in it" if module != "root" else "The client's own methods"
        out[module] = _module_text(
            f"{title}: blocking methods, each running the async funnel on the client's portal.",
            body[:-2],
            runtime,
            checking,
        )
    return out


def _ruff_format(texts: dict[Path, str]) -> dict[Path, str]:
    formatted: dict[Path, str] = {}
    for path, text in texts.items():
        try:
            result = subprocess.run(
                # The project's settings given explicitly: the output must not depend on where it is rendered.
                [
                    sys.executable,
                    "-m",
                    "ruff",
                    "format",
                    "--line-length",
                    "120",
                    "--target-version",
                    "py310",
                    "--stdin-filename",
                    path.name,
                    "-",
                ],
                input=text,
                capture_output=True,
                text=True,
                check=False,
            )
        except FileNotFoundError as exc:  # pragma: no cover - no interpreter?
            raise SystemExit(f"cannot run ruff: {exc}") from None
        if result.returncode != 0:
            raise SystemExit(f"ruff format failed on {path.name} (pip install -e '.[dev]'):\n{result.stderr}")
        formatted[path] = result.stdout
    return formatted


def outputs() -> dict[Path, str]:
    texts: dict[Path, str] = {}
    for directory, rendered in ((ASYNC_DIR, render_async_modules()), (SYNC_DIR, render_sync_modules())):
        for module, text in rendered.items():
            texts[directory / f"{module}.py"] = text
        texts[directory / "__init__.py"] = HEADER + '"""Generated modules; see twelvelabs_async/_codegen.py."""\n'
    return _ruff_format(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m twelvelabs_async._codegen", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the generated modules are stale")
    args = parser.parse_args(argv)
    wanted = outputs()
    stale: list[Path] = []
    for path, text in wanted.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
    # A generated module whose namespace left the table is stale too (it would still import and shadow nothing).
    leftovers = [
        path
        for directory in (ASYNC_DIR, SYNC_DIR)
        if directory.exists()
        for path in sorted(directory.glob("*.py"))
        if path not in wanted
    ]
    if args.check:
        for path in [*stale, *leftovers]:
            print(f"stale: {path.relative_to(PACKAGE_DIR.parent)}", file=sys.stderr)
        if stale or leftovers:
            print("run: python -m twelvelabs_async._codegen", file=sys.stderr)
            return 1
        return 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path], encoding="utf-8")
    for path in leftovers:
        path.unlink()
    changed = len(stale) + len(leftovers)
    print(f"{changed} file(s) written or removed" if changed else "generated modules are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
