"""The generated methods match the route table, and the staleness check works."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from twelvelabs_async import AsyncTwelveLabs, _codegen
from twelvelabs_async._route_spec import In, Paging, Route, Streaming
from twelvelabs_async._routes import ROUTES
from twelvelabs_async.resources.generated import async_resources

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client() -> AsyncTwelveLabs:
    return AsyncTwelveLabs("tlk_codegen", base_url="http://127.0.0.1:9/v1.3")


def method_of(client: AsyncTwelveLabs, dotted: str) -> Any:
    target: Any = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def test_check_passes_in_a_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twelvelabs_async._codegen", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_rendering_is_deterministic_and_matches_the_committed_file() -> None:
    first = _codegen.render_async()
    assert first == _codegen.render_async()
    assert _codegen.ASYNC_MODULE.read_text(encoding="utf-8") == first


def _fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None) -> Path:
    package = tmp_path / "twelvelabs_async"
    target = package / "resources" / "generated" / "async_resources.py"
    if content is not None:
        target.parent.mkdir(parents=True)
        target.write_text(content, encoding="utf-8")
    monkeypatch.setattr(_codegen, "PACKAGE_DIR", package)
    monkeypatch.setattr(_codegen, "ASYNC_MODULE", target)
    return target


def test_check_detects_a_stale_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = _codegen.ASYNC_MODULE.read_text(encoding="utf-8")
    target = _fake_package(tmp_path, monkeypatch, real.replace("Retrieve an index.", "Retrieve an index!"))
    before = target.read_text(encoding="utf-8")
    assert _codegen.main(["--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == before  # --check never writes


def test_check_detects_a_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _fake_package(tmp_path, monkeypatch, None)
    assert _codegen.main(["--check"]) == 1
    assert not target.exists()


def test_check_passes_on_a_fresh_copy_and_write_repairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _fake_package(tmp_path, monkeypatch, "stale\n")
    assert _codegen.main([]) == 0  # writes the temp copy, never the real file
    assert target.read_text(encoding="utf-8") == _codegen.render_async()
    assert _codegen.main(["--check"]) == 0


def test_generated_module_has_the_marker_header() -> None:
    text = Path(async_resources.__file__).read_text(encoding="utf-8")
    assert text.startswith("# GENERATED FILE - DO NOT EDIT.")
    assert "python -m twelvelabs_async._codegen" in text.splitlines()[1]


def _public_methods(client: AsyncTwelveLabs) -> set[str]:
    found: set[str] = set()

    def walk(obj: Any, prefix: str) -> None:
        for cls in type(obj).__mro__:
            if cls.__module__ != async_resources.__name__:
                continue
            for name, value in vars(cls).items():
                if not name.startswith("_") and callable(value):
                    found.add(prefix + name)
        for name, value in vars(obj).items():
            if not name.startswith("_") and type(value).__module__ == async_resources.__name__:
                walk(value, f"{prefix}{name}.")

    walk(client, "")
    return found


def test_29_methods_plus_search_query(client: AsyncTwelveLabs) -> None:
    names = {route.method_name for route in ROUTES}
    assert len(names) == 29
    assert _public_methods(client) == names | {"search.query"}


@pytest.mark.parametrize("route", ROUTES, ids=[r.method_name for r in ROUTES])
def test_every_route_has_a_typed_documented_method(route: Route, client: AsyncTwelveLabs) -> None:
    method = method_of(client, route.method_name)
    signature = inspect.signature(method)
    params = signature.parameters
    path_params = [p.name for p in route.params if p.where is In.PATH]
    positional = [n for n, p in params.items() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert positional == path_params
    for p in route.params:
        if p.where is In.PATH:
            continue
        if route.streaming is Streaming.NDJSON_IF_FLAG and p.name == "stream":
            assert params["stream"].default is False
            continue
        assert params[p.name].kind is inspect.Parameter.KEYWORD_ONLY, p.name
        if p.required:
            assert params[p.name].default is inspect.Parameter.empty, p.name
        else:
            assert params[p.name].default is None, p.name
        assert params[p.name].annotation != inspect.Parameter.empty
    assert params["request_options"].kind is inspect.Parameter.KEYWORD_ONLY
    if route.paging is Paging.PAGE_NUMBER:
        assert params["prefetch"].default is False
    doc = inspect.getdoc(method)
    assert doc and doc.startswith(route.doc.split(".")[0])
    assert f"`{route.http_method} {route.path}`" in doc
    for p in route.params:
        assert f"{p.name}:" in doc, p.name
    if route.deprecated:
        assert "Deprecated" in doc
    # async methods are coroutines; pagers and streams are plain calls returning awaitables
    plain = route.paging is Paging.PAGE_NUMBER or route.streaming is not Streaming.NONE
    assert inspect.iscoroutinefunction(method) is (not plain)


def test_search_query_mirrors_search_create(client: AsyncTwelveLabs) -> None:
    create = inspect.signature(client.search.create).parameters
    query = inspect.signature(client.search.query).parameters
    assert set(query) == set(create) | {"prefetch"}
    assert not inspect.iscoroutinefunction(client.search.query)
    assert inspect.getdoc(client.search.query)


def test_documented_arguments_exist_in_the_signature(client: AsyncTwelveLabs) -> None:
    missing: list[str] = []
    for dotted in sorted(_public_methods(client)):
        method = method_of(client, dotted)
        doc = inspect.getdoc(method) or ""
        args_block = doc.split("Args:", 1)[1].split("Returns:", 1)[0]
        documented = re.findall(r"^    (\w+): ", args_block, flags=re.MULTILINE)
        params = inspect.signature(method).parameters
        missing += [f"{dotted}({name})" for name in documented if name not in params]
    assert missing == []


@pytest.mark.parametrize("dotted", ["tasks.create", "embed.tasks.create"])
def test_upload_methods_take_preflight(dotted: str, client: AsyncTwelveLabs) -> None:
    params = inspect.signature(method_of(client, dotted)).parameters
    assert params["preflight"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["preflight"].default is True


def test_no_methods_are_made_at_run_time() -> None:
    source = Path(async_resources.__file__).read_text(encoding="utf-8")
    for route in ROUTES:
        assert f"def {route.short_name}(" in source
    assert "setattr(" not in source and "exec(" not in source
