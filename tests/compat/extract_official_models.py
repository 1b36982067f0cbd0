"""List the official SDK's models: for each pydantic model class, its public name, its fields' wire names and
value-type categories (see ``type_categories.py``) and their declaration order (``order``). Prints JSON; the
committed output is ``official_models_1_3_6.json``, which ``test_official_models.py`` compares our models with.

Run it with the interpreter of a venv that has the official SDK installed, from outside the SDK's source tree
(its ``types`` package would shadow the standard library's)::

    ~/.cache/twelvelabs-async-tests/sdk-1.3.6/bin/python tests/compat/extract_official_models.py \
        > tests/compat/official_models_1_3_6.json

A model's public name is where code imports it from: ``twelvelabs.types.VideoSegment`` for the shared types,
``twelvelabs.tasks.TasksRetrieveResponse`` for a resource package's own (``twelvelabs.tasks.types.<file>``
re-exported by ``twelvelabs.tasks``).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import json
import pkgutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pydantic
import twelvelabs
from type_categories import categorize


def public_name(cls: type) -> str:
    module = cls.__module__.split(".")
    # twelvelabs.types.video_segment -> twelvelabs.types; twelvelabs.tasks.types.x -> twelvelabs.tasks
    package = module[:-1]
    if package[-1] == "types" and len(package) > 2:
        package = package[:-1]
    return ".".join([*package, cls.__name__])


def model_classes() -> dict[str, type[pydantic.BaseModel]]:
    found: dict[str, type[pydantic.BaseModel]] = {}
    for info in pkgutil.walk_packages(twelvelabs.__path__, "twelvelabs."):
        if ".types." not in info.name + ".":
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if (inspect.isclass(obj) and issubclass(obj, pydantic.BaseModel) and obj.__module__ == module.__name__):
                found[public_name(obj)] = obj
    return found


def main() -> None:
    classes = model_classes()
    by_class = {cls: name for name, cls in classes.items()}

    def model_name(t: Any) -> str | None:
        return by_class.get(t)

    models: dict[str, Any] = {}
    for name in sorted(classes):
        cls = classes[name]
        fields: dict[str, Any] = {}
        for field_name, info in cls.model_fields.items():
            wire = next((m.alias for m in info.metadata if hasattr(m, "alias") and isinstance(m.alias, str)), None)
            entry: dict[str, Any] = {"category": categorize(info.annotation, model_name)}
            wire = wire or info.alias
            if wire and wire != field_name:
                entry["wire"] = wire
            if info.is_required():
                entry["required"] = True
            fields[field_name] = entry
        # "order": the fields in the class's declaration order, which pydantic's model_dump keeps (``fields`` is
        # written with sorted keys); twelvelabs_async/models/_dump_fields.py is generated from it.
        models[name] = {"fields": fields, "order": list(cls.model_fields)}
    out = {"sdk": "twelvelabs", "version": importlib.metadata.version("twelvelabs"), "models": models}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
