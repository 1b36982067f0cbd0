"""List the public names of the official ``twelvelabs`` SDK, module path by module path, as JSON.

Run with an interpreter where the official SDK is installed (not this repository's package)::

    ~/.cache/twelvelabs-async-tests/sdk-1.3.6/bin/python tests/compat/extract_official_names.py
    .venv/bin/python tests/compat/extract_official_names.py          # 1.0.0 in this project's venv

It writes ``tests/compat/official-names-<version>.json`` (or ``--out PATH``) and prints a one-line summary. The
file is generated data: regenerate it, never edit it by hand. ``tests/compat/test_official_names.py`` checks that
every name in it resolves under the same path in ``twelvelabs_async`` or is listed in ``left_out.md``.

What it records:

* ``modules``: every public module path (the top level, every subpackage such as ``types``, ``errors``, ``core``,
  ``indexes``, ``indexes.types``, ``embed.v_2.tasks`` ..., and the modules in ``EXTRA_MODULES``: ``core.api_error``,
  ``core.pagination`` and the ``wrapper.*_client_wrapper`` modules) with its public names: ``__all__`` where the
  module defines it, else its public attributes that are classes or functions defined in the package (imported
  ones included: a module's attributes are what ``from ... import`` finds). Each name points at an entry of
  ``objects``.
* ``objects``: one entry per distinct object, keyed by where it is defined (``twelvelabs.types.index.Index``):
  ``kind`` (``model`` for pydantic models, ``literal`` for enum-like ``Literal`` aliases, ``alias`` for other
  type aliases such as unions or ``str``, ``exception``, ``client``, ``module``, ``function``, ``class``,
  ``constant``), and for a model its ``fields`` (Python name -> wire alias, type text, required) and ``bases`` by
  qualified name; for a ``literal`` its ``values``; for an ``alias`` its text.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import inspect
import json
import pkgutil
import re
import sys
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

PACKAGE = "twelvelabs"
# Modules (not packages) that user code imports from by path.
EXTRA_MODULES = (
    "core.api_error",
    "core.pagination",
    "environment",  # from twelvelabs.environment import TwelveLabsEnvironment
    # 1.3.6's (and 1.0.0's) wrapper modules: the classes of client.search, .tasks, .embed, .indexes and
    # .multipart_upload, and what examples import from them (UploadError, UploadProgress, UploadResult).
    "wrapper.embed_client_wrapper",
    "wrapper.index_client_wrapper",
    "wrapper.multipart_upload_client_wrapper",
    "wrapper.search_client_wrapper",
    "wrapper.task_client_wrapper",
)
HERE = Path(__file__).resolve().parent


def _qualified(obj: Any) -> str:
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', getattr(obj, '__name__', '?'))}"


def _public_paths() -> list[str]:
    root = importlib.import_module(PACKAGE)
    paths = [PACKAGE]
    for info in pkgutil.walk_packages(root.__path__, prefix=PACKAGE + "."):
        if not info.ispkg:
            continue
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        paths.append(info.name)
    for extra in EXTRA_MODULES:
        name = f"{PACKAGE}.{extra}"
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        paths.append(name)
    return sorted(set(paths))


def _own(obj: Any) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module == PACKAGE or module.startswith(PACKAGE + ".")


def _public_names(module: ModuleType) -> list[str]:
    declared = getattr(module, "__all__", None)
    if declared is not None:
        return sorted(str(name) for name in declared)
    return sorted(
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and (inspect.isclass(value) or inspect.isfunction(value)) and _own(value)
    )


def _type_text(annotation: Any) -> str:
    if isinstance(annotation, type):
        return annotation.__name__ if annotation.__module__ == "builtins" else _qualified(annotation)
    text = repr(annotation)
    return text.replace("typing.", "")


def _is_pydantic_model(cls: type) -> bool:
    return any(base.__module__.startswith("pydantic") and base.__name__ == "BaseModel" for base in inspect.getmro(cls))


def _metadata_alias(metadata: Any) -> str | None:
    """Fern spells a wire name as ``Annotated[T, FieldMetadata(alias="_id")]``."""
    for item in metadata or ():
        if type(item).__name__ == "FieldMetadata" and isinstance(getattr(item, "alias", None), str):
            return str(item.alias)
    return None


def _model_fields(cls: type) -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    try:
        hints = typing.get_type_hints(cls, include_extras=True)
    except Exception:  # an unresolvable forward reference: fall back to the field infos alone
        hints = {}
    v2 = getattr(cls, "model_fields", None)
    if isinstance(v2, dict):
        infos = {name: (info, info.annotation, info.is_required(), info.alias) for name, info in v2.items()}
    else:  # pydantic v1
        infos = {
            name: (info, info.outer_type_, info.required, info.alias if info.has_alias else None)
            for name, info in getattr(cls, "__fields__", {}).items()
        }
    for name, (info, annotation, required, pydantic_alias) in infos.items():
        hint = hints.get(name)
        extras = getattr(hint, "__metadata__", None) if typing.get_origin(hint) is typing.Annotated else None
        alias = _metadata_alias(getattr(info, "metadata", None)) or _metadata_alias(extras) or pydantic_alias
        fields[name] = {"alias": alias or name, "type": _type_text(annotation), "required": bool(required)}
    return fields


def _literal_values(alias: Any) -> list[Any] | None:
    """The values of ``Literal[...]`` or ``Union[Literal[...], Any]`` (Fern's open enums), else None."""
    origin = typing.get_origin(alias)
    if origin is typing.Literal:
        return list(typing.get_args(alias))
    if origin is typing.Union:
        values: list[Any] = []
        for arg in typing.get_args(alias):
            if arg is typing.Any:
                continue
            if typing.get_origin(arg) is not typing.Literal:
                return None
            values.extend(typing.get_args(arg))
        return values or None
    return None


def _describe(obj: Any, name: str) -> dict[str, Any]:
    if isinstance(obj, ModuleType):
        return {"kind": "module", "module": obj.__name__}
    if inspect.isclass(obj) and not _own(obj) and obj.__name__ != name:
        return {"kind": "alias", "of": _type_text(obj)}  # NextPageToken = str, CreatedAt = datetime
    if inspect.isclass(obj):
        bases = [_qualified(base) for base in obj.__bases__]
        entry: dict[str, Any] = {"name": obj.__name__, "bases": bases}
        if issubclass(obj, BaseException):
            entry["kind"] = "exception"
            init = inspect.signature(obj.__init__)
            entry["init"] = [p for p in init.parameters if p != "self"]
        elif _is_pydantic_model(obj):
            entry["kind"] = "model"
            entry["fields"] = _model_fields(obj)
        elif issubclass(obj, enum.Enum):
            entry["kind"] = "enum"
            entry["values"] = [member.value for member in obj]
        elif obj.__name__.endswith("TwelveLabs") or obj.__name__.endswith("Client"):
            entry["kind"] = "client"
        else:
            entry["kind"] = "class"
        return entry
    if inspect.isfunction(obj):
        return {"kind": "function", "name": obj.__name__}
    values = _literal_values(obj)
    if values is not None:
        return {"kind": "literal", "values": values}
    if typing.get_origin(obj) is not None or obj is typing.Any:
        return {"kind": "alias", "of": _type_text(obj)}
    return {"kind": "constant", "type": type(obj).__name__}


def _assigns(module: ModuleType, name: str) -> bool:
    """Whether the module's source assigns ``name`` at top level (where an alias or constant is defined)."""
    try:
        text = Path(module.__file__ or "").read_text(encoding="utf-8")
    except OSError:
        return False
    return re.search(rf"^{re.escape(name)}\s*(:[^=\n]*)?=", text, re.MULTILINE) is not None


def _defining_module(path: str, name: str, obj: Any) -> str:
    """Where an alias or constant is defined: the module that assigns it, else ``path``."""
    holders = sorted(
        module_name
        for module_name, module in list(sys.modules.items())
        if module_name.startswith(PACKAGE + ".")
        and module is not None
        and not hasattr(module, "__path__")
        and getattr(module, name, None) is obj
    )
    for module_name in holders:
        if _assigns(sys.modules[module_name], name):
            return module_name
    return path


def extract() -> dict[str, Any]:
    root = importlib.import_module(PACKAGE)
    version = getattr(root, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version(PACKAGE)
    modules: dict[str, dict[str, str]] = {}
    objects: dict[str, dict[str, Any]] = {}
    for path in _public_paths():
        module = importlib.import_module(path)
        names: dict[str, str] = {}
        for name in _public_names(module):
            if not hasattr(module, name):
                continue
            obj = getattr(module, name)
            if isinstance(obj, ModuleType):
                key = obj.__name__
            elif (inspect.isclass(obj) or inspect.isfunction(obj)) and (_own(obj) or obj.__name__ == name):
                key = _qualified(obj)
            elif name == "__version__":
                key = f"{path}.__version__"
            else:
                key = f"{_defining_module(path, name, obj)}.{name}"
            names[name] = key
            if key not in objects:
                objects[key] = _describe(obj, name)
        if names:
            modules[path] = names
    import pydantic

    return {
        "_generated": (
            "Generated by tests/compat/extract_official_names.py from the installed official SDK; do not edit, "
            "regenerate."
        ),
        "package": PACKAGE,
        "version": version,
        "python": ".".join(str(part) for part in sys.version_info[:3]),
        "pydantic": pydantic.VERSION,
        "modules": modules,
        "objects": dict(sorted(objects.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where to write (default: tests/compat/official-names-<v>.json)")
    args = parser.parse_args(argv)
    data = extract()
    out: Path = args.out or HERE / f"official-names-{data['version']}.json"
    out.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    total = sum(len(names) for names in data["modules"].values())
    print(
        f"{PACKAGE} {data['version']}: {len(data['modules'])} module paths, {total} names, "
        f"{len(data['objects'])} distinct objects -> {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
