"""Render the typed client methods from the route table into committed, generated modules.

    python -m twelvelabs_async._codegen          # write the generated modules
    python -m twelvelabs_async._codegen --check  # exit 1 if they are stale (CI and a test run this)

Methods are never made at run time: IDEs, ``mypy --strict`` and ``help()`` see real signatures and docstrings.
Each namespace of the table (``indexes``, ``indexes.videos``, ...) becomes one class; a namespace with
hand-written helpers (task waiting, search iteration) gets them through a mixin named in ``HELPER_MIXINS``.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

from twelvelabs_async._route_spec import Kind, Paging, Param, Route, Streaming
from twelvelabs_async._routes import ROUTES

PACKAGE_DIR = Path(__file__).resolve().parent
ASYNC_MODULE = PACKAGE_DIR / "resources" / "generated" / "async_resources.py"
SYNC_MODULE = PACKAGE_DIR / "sync" / "generated" / "sync_resources.py"

HEADER = (
    "# GENERATED FILE - DO NOT EDIT.\n"
    "# Rendered by `python -m twelvelabs_async._codegen` from the route table in twelvelabs_async/_routes.py;\n"
    "# edit the table (or the generator) and run it again. A test fails while this file is stale.\n"
)

# namespace -> (module, class) of the hand-written helpers mixed into that namespace's async class
HELPER_MIXINS: dict[str, tuple[str, str]] = {
    "tasks": ("twelvelabs_async.resources.tasks", "AsyncTasksHelpers"),
    "embed.tasks": ("twelvelabs_async.resources.embed_tasks", "AsyncEmbedTasksHelpers"),
}
# namespace -> (module, class) of their blocking twins, mixed into the sync class
SYNC_HELPER_MIXINS: dict[str, tuple[str, str]] = {
    "tasks": ("twelvelabs_async.sync._helpers", "SyncTasksHelpers"),
    "embed.tasks": ("twelvelabs_async.sync._helpers", "SyncEmbedTasksHelpers"),
}

_ANNOTATIONS: dict[Kind, str] = {
    Kind.STR: "str",
    Kind.INT: "int",
    Kind.FLOAT: "float",
    Kind.BOOL: "bool",
    Kind.STR_LIST: "str | Sequence[str]",
    Kind.CSV: "str | Sequence[str]",
    Kind.JSON_OBJECT: "Mapping[str, Any]",
    Kind.JSON_TEXT: "str | Mapping[str, Any]",
    Kind.BARE_KEYS: "Mapping[str, str | int | float | bool]",
    Kind.MODELS: "Sequence[_models.IndexModel | Mapping[str, Any]]",
    Kind.FILE: "FileInput",
}


def class_name(namespace: str, flavor: str = "Async") -> str:
    if not namespace:
        return f"{flavor}RootResource"
    return flavor + "".join(part.title().replace("_", "") for part in namespace.split(".")) + "Resource"


def _namespaces() -> list[str]:
    names: set[str] = {""}
    for route in ROUTES:
        parts = route.namespace.split(".") if route.namespace else []
        for depth in range(1, len(parts) + 1):
            names.add(".".join(parts[:depth]))
    return sorted(names, key=lambda n: (-n.count("."), n))  # children before parents


def _routes_by_namespace(namespaces: Iterable[str]) -> dict[str, list[Route]]:
    """Each namespace's routes, in method-name order."""
    grouped: dict[str, list[Route]] = {n: [] for n in namespaces}
    for route in ROUTES:
        grouped[route.namespace].append(route)
    return {n: sorted(routes, key=lambda r: r.short_name) for n, routes in grouped.items()}


def _stream_flag_overloads(
    route: Route, positional: list[str], keyword: list[str], options: str, plain: str, streamed: str
) -> list[str]:
    """The overloads that tie `stream=False/True` to the plain or streamed return type, then the real def line."""
    out: list[str] = []
    for literal, result, default in (
        ("Literal[False]", plain, " = False"),
        ("Literal[True]", streamed, ""),
        ("bool", f"{plain} | {streamed}", ""),
    ):
        out.append("    @overload")
        lines = _def_line(
            route.short_name, positional, [*keyword, f"stream: {literal}{default}", options], result, False
        )
        lines[-1] = lines[-1] + " ..."
        out += lines
        out.append("")
    out += _def_line(
        route.short_name, positional, [*keyword, "stream: bool = False", options], f"{plain} | {streamed}", False
    )
    return out


def _children(namespace: str, namespaces: Iterable[str]) -> list[str]:
    prefix = namespace + "." if namespace else ""
    return sorted(
        n for n in namespaces if n and n.startswith(prefix) and "." not in n[len(prefix) :] and n != namespace
    )


def _param_doc(p: Param) -> str:
    parts = [p.doc]
    if p.choices and p.kind not in (Kind.STR_LIST, Kind.CSV):
        parts.append("One of " + ", ".join(f"`{c}`" for c in p.choices) + ".")
    elif p.choices:
        parts.append("Values: " + ", ".join(f"`{c}`" for c in p.choices) + ".")
    if p.minimum is not None and p.maximum is not None:
        parts.append(f"Range {p.minimum:g} to {p.maximum:g}.")
    elif p.minimum is not None:
        parts.append(f"At least {p.minimum:g}.")
    if p.server_default is not None:
        default = p.server_default
        shown = str(default).lower() if isinstance(default, bool) else default
        parts.append(f"API default: `{shown}`.")
    return " ".join(parts)


def _docstring(route: Route, returns: str, indent: str) -> list[str]:
    lines = [route.doc, ""]
    if route.deprecated:
        lines += [f"Deprecated: {route.deprecated}", ""]
    lines += [f"`{route.http_method} {route.path}`", ""]
    args = [p for p in route.params if not (route.streaming is Streaming.NDJSON_IF_FLAG and p.name == "stream")]
    lines.append("Args:")
    for p in args:
        lines.extend(
            textwrap.wrap(f"{p.name}: {_param_doc(p)}", 100, initial_indent="    ", subsequent_indent="        ")
        )
    if route.streaming is Streaming.NDJSON_IF_FLAG:
        lines.append("    stream: True for an `AnalyzeStream` of events, False (default) for the whole result.")
    if route.preflight:
        lines.append("    preflight: Check the file before sending a byte (exists, readable, <= 2 GB; for MP4/MOV the")
        lines.append("        duration and resolution limits). False skips the check.")
    if returns.startswith("A pager"):
        lines.append("    prefetch: Fetch the next page while the caller works on the current one.")
    lines.append("    request_options: Per-call timeout, retries, extra headers, query or body parameters.")
    lines += ["", "Returns:", f"    {returns}", "", "Raises:"]
    lines.append("    ArgumentError: an argument is invalid (raised before any request is sent).")
    lines.append("    APIStatusError: the API answered with an error (a subclass per status and error code).")
    lines.append("    APIConnectionError: no answer (connection failure or timeout).")
    body = [f'{indent}"""{lines[0]}']
    for line in lines[1:]:
        body.append(f"{indent}{line}" if line else "")
    body.append(f'{indent}"""')
    return body


def _signature_params(route: Route) -> tuple[list[str], list[str]]:
    """(positional path parameters, keyword-only parameters) as source text."""
    positional: list[str] = []
    keyword: list[str] = []
    for p in route.params:
        annotation = _ANNOTATIONS[p.kind]
        if route.streaming is Streaming.NDJSON_IF_FLAG and p.name == "stream":
            continue
        if p.where.value == "path":
            positional.append(f"{p.name}: {annotation}")
        elif p.required:
            keyword.append(f"{p.name}: {annotation}")
        else:
            keyword.append(f"{p.name}: {annotation} | None = None")
    # Required keyword-only parameters first reads better in help(); Python allows any order after `*`.
    keyword.sort(key=lambda text: "=" in text)
    return positional, keyword


def _args_dict(route: Route) -> str:
    items = ", ".join(f'"{p.name}": {p.name}' for p in route.params)
    return "{" + items + "}"


def _def_line(name: str, positional: list[str], keyword: list[str], returns: str, is_async: bool) -> list[str]:
    params = ["self", *positional, "*", *keyword]
    head = f"    {'async ' if is_async else ''}def {name}("
    lines = [head]
    lines.extend(f"        {p}," for p in params)
    lines.append(f"    ) -> {returns}:")
    return lines


def _item_type(route: Route) -> str:
    assert route.page_item is not None
    return " | ".join(f"_models.{name.strip()}" for name in route.page_item.split("|"))


def _render_search_pager(route: Route) -> list[str]:
    positional, keyword = _signature_params(route)
    options = "request_options: RequestOptions | None = None"
    assert route.pager_method is not None
    returns = f"AsyncPager[{_item_type(route)}, _models.{route.response}]"
    out = _def_line(route.pager_method, positional, [*keyword, "prefetch: bool = False", options], returns, False)
    out += _docstring(
        route,
        f"A pager over every page of this search: `await` it for the first `{route.response}`, `async for`"
        " every result; options (include_user_metadata, request_options) carry to the following pages.",
        " " * 8,
    )
    name = route.method_name
    out.append(f'        return self._client._search_pager("{name}", {_args_dict(route)}, request_options, prefetch)')
    return out


def _render_method(route: Route) -> list[str]:
    positional, keyword = _signature_params(route)
    options = "request_options: RequestOptions | None = None"
    model = f"_models.{route.response}" if route.response else "None"
    name = route.short_name
    out: list[str] = []
    if route.paging is Paging.PAGE_NUMBER:
        returns = f"AsyncPager[{_item_type(route)}, {model}]"
        out += _def_line(name, positional, [*keyword, "prefetch: bool = False", options], returns, False)
        out += _docstring(
            route, f"A pager: `await` it for the first `{route.response}`, `async for` every item.", " " * 8
        )
        dotted = route.method_name
        out.append(f'        return self._client._paginate("{dotted}", {_args_dict(route)}, request_options, prefetch)')
    elif route.streaming is Streaming.NDJSON:
        out += _def_line(name, positional, [*keyword, options], "AnalyzeStream", False)
        out += _docstring(route, "An `AnalyzeStream` of typed events; the request is sent on first use.", " " * 8)
        out.append(f'        return self._client._stream("{route.method_name}", {_args_dict(route)}, request_options)')
    elif route.streaming is Streaming.NDJSON_IF_FLAG:
        coroutine = f"Coroutine[Any, Any, {model}]"
        out += _stream_flag_overloads(route, positional, keyword, options, coroutine, "AnalyzeStream")
        out += _docstring(
            route,
            f"With stream=False a coroutine of `{route.response}`; with stream=True an `AnalyzeStream`.",
            " " * 8,
        )
        out.append(f"        args = {_args_dict(route)}")
        out.append("        if stream:")
        out.append(f'            return self._client._stream("{route.method_name}", args, request_options)')
        out.append(f'        return self._client._request("{route.method_name}", args, request_options)')
    else:
        extra = ["preflight: bool = True"] if route.preflight else []
        out += _def_line(name, positional, [*keyword, *extra, options], model, True)
        returns_doc = f"`{route.response}`" if route.response else "None (the API answers with an empty body)."
        out += _docstring(route, returns_doc, " " * 8)
        tail = ", preflight=preflight" if route.preflight else ""
        call = f'await self._client._request("{route.method_name}", {_args_dict(route)}, request_options{tail})'
        if route.response is None:
            out.append(f"        {call}")
        else:
            out.append(f'        return cast("{model}", {call})')
    return out


def render_async() -> str:
    namespaces = _namespaces()
    by_namespace = _routes_by_namespace(namespaces)

    out: list[str] = [
        HEADER.rstrip("\n"),
        '"""Async resource classes, one per namespace of the route table."""',
        "",
    ]
    out += [
        "from __future__ import annotations",
        "",
        "from collections.abc import Coroutine, Mapping, Sequence",
        "from typing import TYPE_CHECKING, Any, Literal, cast, overload",
        "",
    ]
    runtime: dict[str, set[str]] = {}
    for module, cls in HELPER_MIXINS.values():
        runtime.setdefault(module, set()).add(cls)
    out += _render_imports(runtime, "")
    # Everything else is only named in annotations and casts (strings): importing it here would load the models,
    # the converter and the stream machinery with the client, before any of them is needed.
    out += ["", "if TYPE_CHECKING:"]
    out += _render_imports(
        {
            "twelvelabs_async": {"models as _models"},
            "twelvelabs_async._client": {"AsyncTwelveLabs"},
            "twelvelabs_async._config": {"RequestOptions"},
            "twelvelabs_async._files": {"FileInput"},
            "twelvelabs_async._pagination": {"AsyncPager"},
            "twelvelabs_async._streaming": {"AnalyzeStream"},
        },
        "    ",
    )
    out.append("")
    for namespace in namespaces:
        bases = [HELPER_MIXINS[namespace][1]] if namespace in HELPER_MIXINS else []
        out += ["", ""]
        out.append(
            f"class {class_name(namespace)}({', '.join(bases)}):" if bases else f"class {class_name(namespace)}:"
        )
        title = f"`client.{namespace}`" if namespace else "the client's top-level"
        out.append(f'    """Methods of {title} namespace."""')
        out.append("")
        children = _children(namespace, namespaces)
        if namespace:
            out.append("    def __init__(self, client: AsyncTwelveLabs) -> None:")
            out.append("        self._client = client")
            for child in children:
                out.append(f"        self.{child.rpartition('.')[2]} = {class_name(child)}(client)")
        else:
            out.append("    _client: AsyncTwelveLabs")
            out.append("")
            out.append("    def _init_namespaces(self, client: AsyncTwelveLabs) -> None:")
            for child in children:
                out.append(f"        self.{child} = {class_name(child)}(client)")
        for route in by_namespace[namespace]:
            out.append("")
            out += _render_method(route)
            if route.pager_method:
                out.append("")
                out += _render_search_pager(route)
    out.append("")
    return "\n".join(out)


def _call_args(route: Route, *, stream_value: str | None = None) -> str:
    """The arguments that forward a sync call to its async twin, by keyword (path ids positionally)."""
    parts: list[str] = []
    for p in route.params:
        if p.name == "stream" and route.streaming is Streaming.NDJSON_IF_FLAG:
            parts.append(f"stream={stream_value}")
        elif p.where.value == "path":
            parts.append(p.name)
        else:
            parts.append(f"{p.name}={p.name}")
    if route.preflight:
        parts.append("preflight=preflight")
    return ", ".join(parts)


def _render_sync_method(route: Route) -> list[str]:
    positional, keyword = _signature_params(route)
    options = "request_options: RequestOptions | None = None"
    model = f"_models.{route.response}" if route.response else "None"
    name = route.short_name
    target = f"self._async.{name}"
    args = _call_args(route)
    out: list[str] = []
    if route.paging is Paging.PAGE_NUMBER:
        returns = f"SyncPager[{_item_type(route)}, {model}]"
        out += _def_line(name, positional, [*keyword, "prefetch: bool = False", options], returns, False)
        out += _docstring(
            route, f"A pager: iterate it for every item; `.first_page()` gives the first `{route.response}`.", " " * 8
        )
        forwarded = f"{args}, prefetch=prefetch, request_options=request_options"
        out.append(f"        return SyncPager(self._runner, {target}({forwarded}))")
    elif route.streaming is Streaming.NDJSON:
        out += _def_line(name, positional, [*keyword, options], "SyncAnalyzeStream", False)
        out += _docstring(route, "A `SyncAnalyzeStream` of typed events; the request is sent on first use.", " " * 8)
        out.append(f"        return SyncAnalyzeStream(self._runner, {target}({args}, request_options=request_options))")
    elif route.streaming is Streaming.NDJSON_IF_FLAG:
        out += _stream_flag_overloads(route, positional, keyword, options, model, "SyncAnalyzeStream")
        out += _docstring(
            route, f"With stream=False the `{route.response}`; with stream=True a `SyncAnalyzeStream`.", " " * 8
        )
        out.append("        if stream:")
        out.append(
            f"            return SyncAnalyzeStream(self._runner, {target}({_call_args(route, stream_value='True')}, "
            "request_options=request_options))"
        )
        out.append(
            f"        return self._runner.run({target}, {_call_args(route, stream_value='False')}, "
            "request_options=request_options)"
        )
    else:
        extra = ["preflight: bool = True"] if route.preflight else []
        out += _def_line(name, positional, [*keyword, *extra, options], model, False)
        returns_doc = f"`{route.response}`" if route.response else "None (the API answers with an empty body)."
        out += _docstring(route, returns_doc, " " * 8)
        call = f"self._runner.run({target}, {args}, request_options=request_options)"
        out.append(f"        {call}" if route.response is None else f"        return {call}")
    return out


def _render_sync_search_pager(route: Route) -> list[str]:
    positional, keyword = _signature_params(route)
    options = "request_options: RequestOptions | None = None"
    assert route.pager_method is not None
    returns = f"SyncPager[{_item_type(route)}, _models.{route.response}]"
    out = _def_line(route.pager_method, positional, [*keyword, "prefetch: bool = False", options], returns, False)
    out += _docstring(
        route,
        f"A pager over every page of this search: iterate it for every result; `.first_page()` gives the first"
        f" `{route.response}`; options carry to the following pages.",
        " " * 8,
    )
    out.append(
        f"        return SyncPager(self._runner, self._async.{route.pager_method}({_call_args(route)}, "
        "prefetch=prefetch, request_options=request_options))"
    )
    return out


def _render_imports(modules: dict[str, set[str]], indent: str) -> list[str]:
    """`from module import names` lines, sorted and wrapped the way ruff's isort rule expects."""
    out: list[str] = []
    for module in sorted(modules):
        names = sorted(modules[module], key=lambda n: (not n[:1].isupper(), n))
        line = f"{indent}from {module} import {', '.join(names)}"
        if len(line) <= 120:
            out.append(line)
        else:
            out.append(f"{indent}from {module} import (")
            out.extend(f"{indent}    {name}," for name in names)
            out.append(f"{indent})")
    return out


def render_sync() -> str:
    namespaces = _namespaces()
    by_namespace = _routes_by_namespace(namespaces)

    out: list[str] = [
        HEADER.rstrip("\n"),
        '"""Blocking resource classes, one per namespace: each method runs its async twin on the client\'s portal."""',
        "",
    ]
    out += [
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping, Sequence",
        "from typing import TYPE_CHECKING, Any, Literal, overload",
        "",
    ]
    runtime: dict[str, set[str]] = {"twelvelabs_async.sync._iterators": {"SyncAnalyzeStream", "SyncPager"}}
    for module, cls in SYNC_HELPER_MIXINS.values():
        runtime.setdefault(module, set()).add(cls)
    out += _render_imports(runtime, "")
    out += ["", "if TYPE_CHECKING:"]
    annotations_only: dict[str, set[str]] = {
        "twelvelabs_async": {"models as _models"},
        "twelvelabs_async._config": {"RequestOptions"},
        "twelvelabs_async._files": {"FileInput"},
        "twelvelabs_async.resources.generated.async_resources": {class_name(n) for n in namespaces},
        "twelvelabs_async.sync._runner": {"PortalRunner"},
    }
    out += _render_imports(annotations_only, "    ")
    for namespace in namespaces:
        bases = [SYNC_HELPER_MIXINS[namespace][1]] if namespace in SYNC_HELPER_MIXINS else []
        cls = class_name(namespace, "Sync")
        out += ["", ""]
        out.append(f"class {cls}({', '.join(bases)}):" if bases else f"class {cls}:")
        title = f"`client.{namespace}`" if namespace else "the client's top-level"
        out.append(f'    """Blocking methods of {title} namespace."""')
        out.append("")
        children = _children(namespace, namespaces)
        if namespace:
            out.append(
                f"    def __init__(self, runner: PortalRunner, async_resource: {class_name(namespace)}) -> None:"
            )
            out.append("        self._runner = runner")
            out.append("        self._async = async_resource")
            for child in children:
                attr = child.rpartition(".")[2]
                out.append(f"        self.{attr} = {class_name(child, 'Sync')}(runner, async_resource.{attr})")
        else:
            out.append("    _runner: PortalRunner")
            out.append(f"    _async: {class_name(namespace)}")
            out.append("")
            out.append(
                f"    def _init_namespaces(self, runner: PortalRunner, async_client: {class_name(namespace)}) -> None:"
            )
            out.append("        self._runner = runner")
            out.append("        self._async = async_client")
            for child in children:
                out.append(f"        self.{child} = {class_name(child, 'Sync')}(runner, async_client.{child})")
        for route in by_namespace[namespace]:
            out.append("")
            out += _render_sync_method(route)
            if route.pager_method:
                out.append("")
                out += _render_sync_search_pager(route)
    out.append("")
    return "\n".join(out)


def outputs() -> dict[Path, str]:
    return {ASYNC_MODULE: render_async(), SYNC_MODULE: render_sync()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m twelvelabs_async._codegen", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the generated modules are stale")
    args = parser.parse_args(argv)
    stale: list[Path] = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        for path in stale:
            print(f"stale: {path.relative_to(PACKAGE_DIR.parent)}", file=sys.stderr)
        print("run: python -m twelvelabs_async._codegen", file=sys.stderr)
        return 1
    if not args.check:
        print(f"{len(stale)} file(s) written" if stale else "generated modules are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
