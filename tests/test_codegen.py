"""The generated methods match the route table, read well, carry types without casts, and go stale loudly."""

from __future__ import annotations

import importlib
import inspect
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, _codegen
from twelvelabs_async._deprecation import has_deprecations
from twelvelabs_async._route_spec import In, Paging, Route, Streaming
from twelvelabs_async.routes import ROUTES

REPO = Path(__file__).resolve().parent.parent
GENERATED = sorted([*_codegen.ASYNC_DIR.glob("*.py"), *_codegen.SYNC_DIR.glob("*.py")])
HELPERS = {
    "summarize",
    "gist",
    "generate",
    "tasks.wait_for_done",
    "tasks.wait_many",
    "tasks.upload_many",
    "embed.tasks.wait_for_done",
    "assets.upload",
    "assets.wait_for_done",
    "assets.wait_many",
    "multipart_upload.upload_file",
    "multipart_upload.wait_for_upload_completion",
    "indexes.indexed_assets.wait_for_done",
    "indexes.indexed_assets.wait_many",
    "ingest_many",
}
# Issue 14 (parity with the official SDK 1.3.6).
HELPERS |= {
    "knowledge_store_items.wait_for_done",
    "knowledge_store_items.wait_many",
    "knowledge_store_items.create_many",
    "imports.wait_for_done",
    "responses.create",
    "responses.create_stream",
    "tasks.create_bulk",
    "embed.tasks.create_bulk",
    "analyze_async.tasks.wait_for_done",
    "analyze_async.tasks.wait_many",
    "analyze_async.batches.wait_for_done",
    "analyze_async.batches.run",
    "embed.v_2.tasks.wait_for_done",
}


@pytest.fixture(scope="module")
def client() -> AsyncTwelveLabs:
    return AsyncTwelveLabs("tlk_codegen", base_url="http://127.0.0.1:9/v1.3")


def method_of(client: Any, dotted: str) -> Any:
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
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_rendering_is_deterministic_and_matches_the_committed_files() -> None:
    first = _codegen.outputs()
    assert first == _codegen.outputs()
    for path, text in first.items():
        assert path.read_text(encoding="utf-8") == text, path.name
    assert sorted(first) == GENERATED  # no committed generated module is left over


@pytest.fixture
def temp_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The generated directories copied to a temp package the generator is pointed at (never the real ones)."""
    package = tmp_path / "twelvelabs_async"
    async_dir = package / "resources" / "generated"
    sync_dir = package / "sync" / "generated"
    shutil.copytree(_codegen.ASYNC_DIR, async_dir, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(_codegen.SYNC_DIR, sync_dir, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(_codegen, "PACKAGE_DIR", package)
    monkeypatch.setattr(_codegen, "ASYNC_DIR", async_dir)
    monkeypatch.setattr(_codegen, "SYNC_DIR", sync_dir)
    return async_dir, sync_dir


def test_check_passes_on_a_fresh_copy(temp_copy: tuple[Path, Path]) -> None:
    assert _codegen.main(["--check"]) == 0


def test_check_detects_an_edited_file_and_never_writes(
    temp_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    target = temp_copy[0] / "indexes.py"
    target.write_text(target.read_text(encoding="utf-8").replace("Retrieve an index.", "Retrieve an index!"))
    before = target.read_text(encoding="utf-8")
    assert _codegen.main(["--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == before


def test_check_detects_missing_and_leftover_modules_and_write_repairs_both(temp_copy: tuple[Path, Path]) -> None:
    async_dir, sync_dir = temp_copy
    (sync_dir / "search.py").unlink()
    leftover = async_dir / "async_resources.py"  # the single module of an earlier layout
    leftover.write_text("# stale\n")
    assert _codegen.main(["--check"]) == 1
    assert _codegen.main([]) == 0
    assert (sync_dir / "search.py").exists() and not leftover.exists()
    assert _codegen.main(["--check"]) == 0


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_generated_modules_are_marked_readable_and_cast_free(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# GENERATED FILE - DO NOT EDIT.")
    assert "python -m twelvelabs_async._codegen" in text.splitlines()[1]
    assert "cast(" not in text  # the return type flows from Route[T] through the funnel
    assert "setattr(" not in text and "exec(" not in text  # methods are never made at run time
    too_long = [n for n, line in enumerate(text.splitlines(), 1) if len(line) > 120]
    assert too_long == []


def test_each_namespace_has_its_own_module() -> None:
    names = {p.stem for p in _codegen.ASYNC_DIR.glob("*.py")} - {"__init__"}
    helper_only = {namespace.split(".")[0] for namespace in _codegen.HELPER_MIXINS if namespace}  # e.g. responses
    assert names == {"root", *(route.method_name.split(".")[0] for route in ROUTES if route.namespace), *helper_only}


def _public_methods(client: Any) -> set[str]:
    found: set[str] = set()

    def walk(obj: Any, prefix: str) -> None:
        for cls in type(obj).__mro__:
            if not cls.__module__.startswith(("twelvelabs_async.resources", "twelvelabs_async.sync")):
                continue
            for name, value in vars(cls).items():
                if not name.startswith("_") and callable(value):
                    found.add(prefix + name)
        for name, value in vars(obj).items():
            if not name.startswith("_") and type(value).__module__.startswith("twelvelabs_async.") and (
                type(value).__name__.endswith("Resource")
            ):
                walk(value, f"{prefix}{name}.")

    walk(client, "")
    return found


def test_every_route_and_helper_is_a_method_async_and_sync(client: AsyncTwelveLabs) -> None:
    names = {route.method_name for route in ROUTES}
    pagers = {f"{r.namespace}.{r.pager_method}".lstrip(".") for r in ROUTES if r.pager_method}
    expected = names | pagers | HELPERS
    assert _public_methods(client) - {"request", "aclose"} == expected
    with TwelveLabs("tlk_codegen", base_url="http://127.0.0.1:9/v1.3") as sync_client:
        assert _public_methods(sync_client) - {"request", "close"} == expected


@pytest.mark.parametrize("route", ROUTES, ids=[r.method_name for r in ROUTES])
def test_every_route_has_a_typed_documented_method(route: Route[Any], client: AsyncTwelveLabs) -> None:
    method = method_of(client, route.method_name)
    params = inspect.signature(method).parameters
    path_params = [p.name for p in route.params if p.where is In.PATH]
    positional = [n for n, p in params.items() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert positional == path_params
    for p in route.params:
        if p.where is In.PATH:
            continue
        assert params[p.name].kind is inspect.Parameter.KEYWORD_ONLY, p.name
        expected_default = inspect.Parameter.empty if p.required else None
        assert params[p.name].default is expected_default, p.name
        assert params[p.name].annotation != inspect.Parameter.empty
        if p.choices and p.shape is None:
            assert "Literal[" in params[p.name].annotation and "| str" in params[p.name].annotation, p.name
    assert params["request_options"].kind is inspect.Parameter.KEYWORD_ONLY
    if route.paging is Paging.PAGE_NUMBER:
        assert params["prefetch"].default is False
    doc = inspect.getdoc(method)
    assert doc and " ".join(doc.split()).startswith(route.doc.split(".")[0])
    assert f"`{route.http_method} {route.path}`" in doc
    for p in route.params:
        assert f"{p.name}:" in doc, p.name
    for marker, text in (("Deprecated", route.deprecated), ("Removed", route.removed), ("Note", route.notice)):
        if text:
            assert marker in doc
    # Pagers and streams are plain calls returning objects; a call with deprecations is a plain method returning
    # its coroutine (it warns at the caller's line even when the coroutine runs in a task).
    plain = route.paging is Paging.PAGE_NUMBER or route.streaming is not Streaming.NONE or has_deprecations(route)
    assert inspect.iscoroutinefunction(method) is (not plain)


def _generated_source(route: Route[Any]) -> str:
    name = _codegen.module_name(route.namespace)
    module = importlib.import_module(f"twelvelabs_async.resources.generated.{name}")
    return Path(module.__file__ or "").read_text(encoding="utf-8")


def test_the_generated_code_passes_the_route_object_itself() -> None:
    for route in ROUTES:
        source = _generated_source(route)
        assert f".{route.method_name.replace('.', '_')}," in source, route.method_name
        assert f'"{route.method_name}"' not in source  # no lookup by name


def test_deprecated_routes_warn_and_others_do_not() -> None:
    deprecated = [r for r in ROUTES if has_deprecations(r)]
    assert {r.method_name for r in deprecated} >= {
        "manage_videos.partial_update_video_information",
        "search.create",
        "analyze",
    }
    for route in ROUTES:
        source = _generated_source(route)
        var = route.method_name.replace(".", "_")
        warns = re.search(rf"warn_deprecated\(\w+\.{var}, args\)", source) is not None
        assert warns is (route in deprecated), route.method_name


def test_search_query_mirrors_search_create(client: AsyncTwelveLabs) -> None:
    create = inspect.signature(client.search.create).parameters
    query = inspect.signature(client.search.query).parameters
    assert set(query) == set(create) | {"prefetch"}
    assert not inspect.iscoroutinefunction(client.search.query)
    assert inspect.getdoc(client.search.query)


def test_documented_arguments_exist_in_the_signature(client: AsyncTwelveLabs) -> None:
    missing: list[str] = []
    for dotted in sorted(_public_methods(client) - {"request", "aclose"}):
        method = method_of(client, dotted)
        doc = inspect.getdoc(method) or ""
        if "Args:" not in doc:
            continue
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


def test_route_modules_name_each_route_after_its_method_and_annotate_its_response() -> None:
    from twelvelabs_async import models
    from twelvelabs_async.routes import MODULES

    for module in MODULES:
        for name, value in vars(module).items():
            if isinstance(value, Route):
                assert name == value.method_name.replace(".", "_")
                assert module.__annotations__[name] == f"Route[{value.response or 'None'}]"
                if value.response is not None:
                    assert hasattr(models, value.response), value.response


def test_a_misnamed_or_unannotated_route_is_refused() -> None:
    import types

    from twelvelabs_async.routes import _routes_of

    module = types.ModuleType("fake_routes")
    module.wrong_name = Route("indexes.retrieve", "GET", "/indexes/{index_id}", "x")  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="must be named indexes_retrieve"):
        _routes_of(module)
    module = types.ModuleType("fake_routes")
    module.indexes_retrieve = Route("indexes.retrieve", "GET", "/x", "x")  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="annotate it"):
        _routes_of(module)


def test_importing_the_route_table_stays_light() -> None:
    code = (
        "import sys; import twelvelabs_async.routes; "
        "print(sorted(m for m in ('aiohttp', 'attrs', 'cattrs') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
