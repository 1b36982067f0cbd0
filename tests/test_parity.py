"""Parity with the official SDK: every method of ``twelvelabs`` 1.3.6 exists on ``AsyncTwelveLabs`` and
``TwelveLabs`` under its name, with every one of its parameters.

The reference is ``shared/reference/official-sdk-1.3.6-methods.json`` beside the repository (or the file named
by ``$TWELVELABS_SDK_METHODS``): the 101 generated methods of 1.3.6, each with its HTTP method, path and parameter
names. 1.3.6 also has 7 hand-written helpers (its ``twelvelabs/wrapper/`` folder), listed here with their
parameters: 108 methods in all. Every one of them takes ``request_options`` too.
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs

METHODS_ENV_VAR = "TWELVELABS_SDK_METHODS"
METHODS_FILENAME = "official-sdk-1.3.6-methods.json"

# The 7 hand-written helpers of 1.3.6 (read in its `twelvelabs/wrapper/`), with their parameters in order.
OFFICIAL_HELPERS: dict[str, tuple[str, ...]] = {
    "tasks.create_bulk": ("index_id", "video_files", "video_urls", "enable_video_stream", "request_options"),
    "tasks.wait_for_done": ("task_id", "sleep_interval", "callback", "request_options"),
    "embed.tasks.create_bulk": ("model_name", "videos", "request_options"),
    "embed.tasks.wait_for_done": ("task_id", "sleep_interval", "callback", "request_options"),
    "search.query": (
        "index_id",
        "search_options",
        "query_media_type",
        "query_media_url",
        "query_media_file",
        "query_media_urls",
        "query_media_files",
        "query_text",
        "adjust_confidence_level",
        "group_by",
        "threshold",
        "sort_option",
        "operator",
        "page_limit",
        "filter",
        "include_user_metadata",
        "transcription_options",
        "request_options",
    ),
    "multipart_upload.upload_file": (
        "file_path",
        "filename",
        "file_type",
        "batch_size",
        "max_workers",
        "progress_callback",
        "max_retries",
        "retry_delay",
        "request_options",
    ),
    "multipart_upload.wait_for_upload_completion": (
        "upload_id",
        "sleep_interval",
        "max_wait_time",
        "callback",
        "request_options",
    ),
}

def methods_file() -> Path:
    """``$TWELVELABS_SDK_METHODS`` if set, else ``shared/reference/<the 1.3.6 list>`` beside the repository
    (found the way ``spec_check`` finds the spec)."""
    override = os.environ.get(METHODS_ENV_VAR)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "shared" / "reference" / METHODS_FILENAME


@cache
def generated_methods() -> dict[str, dict[str, Any]]:
    """The 101 generated methods of 1.3.6 by dotted name (``analyze`` for the client's own)."""
    entries = json.loads(methods_file().read_text(encoding="utf-8"))
    out: dict[str, dict[str, Any]] = {}
    for entry in entries:
        name = entry["method"] if entry["ns"] == "<root>" else f"{entry['ns']}.{entry['method']}"
        assert name not in out, f"{name} twice in {methods_file()}"
        out[name] = entry
    return out


@cache
def official_methods() -> dict[str, tuple[str, ...]]:
    """Every public method of 1.3.6 and its parameters (``request_options`` included), helpers too."""
    out = {name: (*entry["params"], "request_options") for name, entry in generated_methods().items()}
    assert not set(out) & set(OFFICIAL_HELPERS), "a helper is in the generated list"
    out.update(OFFICIAL_HELPERS)
    return out


def method_of(client: Any, dotted: str) -> Any:
    """The bound method ``client.<dotted>``, or None."""
    target: Any = client
    for part in dotted.split("."):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if callable(target) else None


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[str, Any]]:
    base_url = "http://127.0.0.1:9/v1.3"  # nothing is sent: signatures only
    sync_client = TwelveLabs("tlk_parity", base_url=base_url)
    try:
        yield {"AsyncTwelveLabs": AsyncTwelveLabs("tlk_parity", base_url=base_url), "TwelveLabs": sync_client}
    finally:
        sync_client.close()


def test_the_reference_holds_what_it_should() -> None:
    generated = generated_methods()
    assert len(generated) == 101
    assert len(official_methods()) == 108
    assert {"knowledge_stores.search", "responses.create_stream", "imports.import_files"} <= set(generated)
    assert all(entry["http"] in {"GET", "POST", "PUT", "PATCH", "DELETE"} for entry in generated.values())


@pytest.mark.parametrize("flavor", ["AsyncTwelveLabs", "TwelveLabs"])
def test_every_official_method_exists_with_every_parameter(flavor: str, clients: dict[str, Any]) -> None:
    client = clients[flavor]
    problems: list[str] = []
    checked = 0
    for name, params in sorted(official_methods().items()):
        checked += 1
        method = method_of(client, name)
        if method is None:
            problems.append(f"{flavor}.{name} is missing")
            continue
        signature = inspect.signature(method)
        takes_any_keyword = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values())
        lacking = [p for p in params if p not in signature.parameters and not takes_any_keyword]
        if lacking:
            problems.append(f"{flavor}.{name} lacks {lacking}")
    assert not problems, "\n".join(problems)
    assert checked == 108


def test_parameters_an_official_caller_gives_by_keyword_are_keywords_here(clients: dict[str, Any]) -> None:
    # 1.3.6 takes its body and query parameters by keyword only, and its path parameters either way; a parameter
    # that is positional-only here would break a keyword call.
    problems = []
    for flavor, client in clients.items():
        for name, params in official_methods().items():
            method = method_of(client, name)
            if method is None:
                continue
            for param in inspect.signature(method).parameters.values():
                if param.name in params and param.kind is inspect.Parameter.POSITIONAL_ONLY:
                    problems.append(f"{flavor}.{name}({param.name})")
    assert not problems, problems


def test_the_readme_table_is_current() -> None:
    from surface_table import README, check_readme

    stale = check_readme()
    assert stale is None, f"{README.name}: {stale} (refresh it: python tests/surface_table.py --write)"
