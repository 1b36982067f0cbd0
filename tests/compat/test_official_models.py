"""Our models read like the official SDK's: for each official model class mapped in
``twelvelabs_async.models._official`` (``OFFICIAL_MODELS`` for 1.3.6, plus ``OFFICIAL_MODELS_1_0_0`` for the classes
only 1.0.0 has), every official attribute exists on our class and holds a value of the same kind.

The official side is ``official_models_<version>.json``, made by ``extract_official_models.py`` from each wheel
(``test_snapshot_is_current`` re-extracts it when a venv with that release is at hand). The categories are
``type_categories.categorize``'s: ``str``, ``int``, ``float``, ``bool``, ``datetime``, ``list`` (of a category),
``dict``, ``object`` (of mapped classes), ``any``, and whether ``None`` is allowed. The rules:

* the kinds are equal: a timestamp the official SDK gives as ``str`` is a ``str`` here, a ``datetime`` one is a
  ``datetime``; a nested object is an object (with attributes), never a ``dict``; an official ``float`` is a
  ``float`` here (``5.0`` for a wire ``5``, as pydantic gives it);
* a list's items compare by the same rules; an object's official classes must map (through the tables) to the
  classes our annotation names, or our class must have every attribute of the official one;
* optional: where the official field may be ``None``, ours may be ``None`` too, except for lists (ours give
  ``[]`` where the API sent nothing, so ``for x in obj.items`` works on both), the keys our decoder requires
  (``REQUIRED_KEYS``: ids and the like) and the exceptions in ``NEVER_NONE``. Where the official field is
  required ours may still be optional: our decoder is lenient and never refuses a response the official SDK
  accepts.

Attributes count whether they are attrs fields, properties or class variables (a stream event's ``event_type``).
Run this file as a script for the coverage report (official model -> ours, fields matched), per release.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from type_categories import categorize, describe  # noqa: E402

from twelvelabs_async import models  # noqa: E402
from twelvelabs_async.models._official import (  # noqa: E402
    NOT_MAPPED,
    OFFICIAL_MODELS,
    OFFICIAL_MODELS_1_0_0,
    OFFICIAL_SDK_VERSION,
)

VERSIONS = (OFFICIAL_SDK_VERSION, "1.0.0")
MAPPINGS: dict[str, dict[str, str]] = {
    OFFICIAL_SDK_VERSION: OFFICIAL_MODELS,
    "1.0.0": {**OFFICIAL_MODELS, **OFFICIAL_MODELS_1_0_0},
}


def snapshot_path(version: str) -> Path:
    return HERE / f"official_models_{version.replace('.', '_')}.json"


SNAPSHOTS: dict[str, dict[str, Any]] = {v: json.loads(snapshot_path(v).read_text())["models"] for v in VERSIONS}

# (our class, attribute): why ours never gives None where the official SDK may.
NEVER_NONE: dict[tuple[str, str], str] = {
    ("SearchVideoGroup", "id"): "a video group always has its video's id; the decoder requires it",
    ("TextGeneration", "text"): "a fragment defaults to '' so that joining fragments works",
    ("ResponseOutputTextDeltaEvent", "delta"): "a delta defaults to '' so that joining deltas works",
    ("StreamStart", "event_type"): "the event type is what chose the class (1.0.0 had it Optional)",
    ("TextGeneration", "event_type"): "the event type is what chose the class (1.0.0 had it Optional)",
    ("StreamEnd", "event_type"): "the event type is what chose the class (1.0.0 had it Optional)",
}
# Keys our decoder requires (a response without them is a ModelDecodeError naming the model, on purpose: an object
# without its id cannot be used), where the official models say Optional.
REQUIRED_KEYS = frozenset({"id", "upload_id", "chunk_size", "total_chunks", "index", "chunk_index", "url",
                           "model_name"})


def _our_model_name(t: Any) -> str | None:
    return t.__name__ if isinstance(t, type) and attrs.has(t) else None


def our_classes(name: str) -> list[type]:
    """The classes a mapping value names (the members of a union alias such as ``SearchItem``)."""
    target = getattr(models, name)
    if isinstance(target, types.UnionType) or typing.get_origin(target) is typing.Union:
        return list(typing.get_args(target))
    return [target]


@cache
def our_attributes(cls: type) -> dict[str, dict[str, Any]]:
    """Every attribute of one of our classes with its category: attrs fields, properties, class variables."""
    out: dict[str, dict[str, Any]] = {}
    for name, hint in typing.get_type_hints(cls).items():
        out[name] = categorize(hint, _our_model_name)
    for klass in reversed(cls.__mro__):
        for name, member in vars(klass).items():
            if isinstance(member, property) and member.fget is not None:
                ret = typing.get_type_hints(member.fget).get("return", Any)
                out[name] = categorize(ret, _our_model_name)
    return out


class Checker:
    """Compares one release's official models (its snapshot) with ours through that release's mapping."""

    def __init__(self, version: str) -> None:
        self.official = SNAPSHOTS[version]
        self.mapping = MAPPINGS[version]

    def mapped(self) -> list[str]:
        return sorted(name for name in self.official if name in self.mapping)

    def expand(self, official_ref: str) -> set[str] | None:
        mapped = self.mapping.get(official_ref)
        return None if mapped is None else {c.__name__ for c in our_classes(mapped)}

    def mismatch(self, official: dict[str, Any], ours: dict[str, Any], owner: str, field: str) -> str | None:
        """Why our category does not match the official one, or None."""
        if official["kind"] != ours["kind"]:
            return f"official {describe(official)}, ours {describe(ours)}"
        if official["kind"] == "list":
            inner = self.mismatch(official["item"], ours["item"], owner, field)
            return None if inner is None else f"list items: {inner}"
        may_be_none = official.get("optional") and official["kind"] not in ("list", "dict")
        if may_be_none and not ours.get("optional") and (owner, field) not in NEVER_NONE and field not in REQUIRED_KEYS:
            return f"official {describe(official)} may be None, ours {describe(ours)} may not"
        if official["kind"] == "object":
            wanted: set[str] = set()
            for ref in official["refs"]:
                expanded = self.expand(ref)
                if expanded is None:
                    return f"the official {ref} (nested) is not mapped"
                wanted |= expanded
            # Not our counterpart of the official nested class, but one with all of its attributes will do (the
            # official SDK 1.3.6 lists v1 embedding tasks as MediaEmbeddingTask, a superset of our EmbedTask).
            if wanted - set(ours["refs"]) and not all(
                self.fits(ref, name) for ref in official["refs"] for name in ours["refs"]
            ):
                return f"official object of {sorted(wanted)}, ours of {ours['refs']}"
        return None

    def fits(self, official_ref: str, our_name: str) -> bool:
        cls = getattr(models, our_name, None)
        if cls is None:
            return False
        attributes = our_attributes(cls)
        for field, entry in self.official[official_ref]["fields"].items():
            ours = attributes.get(field)
            if ours is None or self.mismatch(entry["category"], ours, our_name, field) is not None:
                return False
        return True

    def check(self, official_name: str) -> tuple[list[str], int, int]:
        """Problems with one mapped official class, fields matched, fields compared (per class of ours)."""
        target = self.mapping[official_name]
        if not hasattr(models, target):
            return [f"twelvelabs_async.models has no {target}"], 0, len(self.official[official_name]["fields"])
        problems: list[str] = []
        matched = compared = 0
        for cls in our_classes(target):
            attributes = our_attributes(cls)
            for field, entry in self.official[official_name]["fields"].items():
                compared += 1
                ours = attributes.get(field)
                if ours is None:
                    problems.append(f"{cls.__name__}.{field}: missing (official {describe(entry['category'])})")
                    continue
                why = self.mismatch(entry["category"], ours, cls.__name__, field)
                if why is None:
                    matched += 1
                else:
                    problems.append(f"{cls.__name__}.{field}: {why}")
        return problems, matched, compared


CHECKERS = {version: Checker(version) for version in VERSIONS}


# ------------------------------------------------------------------------------------------------------------
# tests
# ------------------------------------------------------------------------------------------------------------


def test_tables_name_every_136_model_once() -> None:
    mapped, unmapped, official = set(OFFICIAL_MODELS), set(NOT_MAPPED), set(SNAPSHOTS[OFFICIAL_SDK_VERSION])
    assert not mapped & unmapped, sorted(mapped & unmapped)
    assert sorted(official - mapped - unmapped) == []
    assert sorted((mapped | unmapped) - official) == []


def test_tables_name_every_100_model() -> None:
    official = set(SNAPSHOTS["1.0.0"])
    assert sorted(official - set(MAPPINGS["1.0.0"]) - set(NOT_MAPPED)) == []
    assert sorted(set(OFFICIAL_MODELS_1_0_0) - official) == []
    assert not set(OFFICIAL_MODELS_1_0_0) & set(SNAPSHOTS[OFFICIAL_SDK_VERSION])


def test_mapped_names_exist_in_models() -> None:
    names = set(OFFICIAL_MODELS.values()) | set(OFFICIAL_MODELS_1_0_0.values())
    assert sorted(name for name in names if not hasattr(models, name)) == []


@pytest.mark.parametrize(
    ("version", "official_name"), [(v, name) for v in VERSIONS for name in CHECKERS[v].mapped()]
)
def test_official_fields_exist_with_the_same_kind(version: str, official_name: str) -> None:
    problems, _, _ = CHECKERS[version].check(official_name)
    target = MAPPINGS[version][official_name]
    assert problems == [], f"{official_name} ({version}) -> {target}:\n  " + "\n  ".join(problems)


def test_the_embedding_vector_reads_as_float_() -> None:
    from twelvelabs_async._converter import structure, unstructure

    segment = structure({"float": [0.25, 0.5], "start_offset_sec": 0}, models.VideoSegment)
    assert segment.float_ == [0.25, 0.5] and segment.embedding is segment.float_
    assert type(segment.start_offset_sec) is float  # 0.0, as pydantic gives a float field
    assert unstructure(segment) == {"float": [0.25, 0.5], "start_offset_sec": 0.0}


def _venv_python(version: str) -> Path | None:
    root = os.environ.get("TWELVELABS_ASYNC_TEST_CACHE") or Path.home() / ".cache" / "twelvelabs-async-tests"
    venv = Path(root) / f"sdk-{version}"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    return python if python.exists() else None


@pytest.mark.parametrize("version", VERSIONS)
def test_snapshot_is_current(version: str) -> None:
    """The committed snapshot is what the extractor gives for the official wheel (when a venv with it is at hand:
    the official-SDK emulator tests make them under ~/.cache/twelvelabs-async-tests)."""
    python = _venv_python(version)
    if python is None:
        pytest.skip(f"no twelvelabs=={version} venv at hand")
    done = subprocess.run([str(python), str(HERE / "extract_official_models.py")], capture_output=True, text=True,
                          timeout=300, cwd=str(HERE.parent.parent))
    if done.returncode != 0:
        pytest.skip(f"the extractor could not run in {python}: {done.stderr.strip()[-300:]}")
    extracted = json.loads(done.stdout)
    if extracted["version"] != version:
        pytest.skip(f"{python} has twelvelabs {extracted['version']}, not {version}")
    assert extracted["models"] == SNAPSHOTS[version]


# ------------------------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------------------------


def report() -> int:
    failing_total = 0
    for version in VERSIONS:
        checker = CHECKERS[version]
        fields = matched_fields = failing = 0
        print(f"== official SDK {version}")
        for name in checker.mapped():
            problems, matched, compared = checker.check(name)
            fields += compared
            matched_fields += matched
            failing += bool(problems)
            mark = "ok " if not problems else "BAD"
            print(f"{mark} {name.removeprefix('twelvelabs.'):70s} -> {checker.mapping[name]:34s} {matched}/{compared}")
            for problem in problems:
                print(f"      {problem}")
        unmapped = len(checker.official) - len(checker.mapped())
        print(f"{version}: {len(checker.mapped())} of {len(checker.official)} official model classes mapped "
              f"({failing} with problems), {unmapped} not mapped (NOT_MAPPED says why); "
              f"fields matched {matched_fields}/{fields}\n")
        failing_total += failing
    return 1 if failing_total else 0


if __name__ == "__main__":
    raise SystemExit(report())
