"""The package's public surface: lazy names resolve, importing stays cheap, every error is importable."""

from __future__ import annotations

import subprocess
import sys

import twelvelabs_async
from twelvelabs_async import errors


def test_every_public_name_resolves() -> None:
    for name in twelvelabs_async.__all__:
        assert getattr(twelvelabs_async, name) is not None, name
    assert sorted(dir(twelvelabs_async)) == sorted(twelvelabs_async.__all__)


def test_importing_the_client_loads_nothing_heavy() -> None:
    # aiohttp, the models (attrs, cattrs) and asyncio load with the first client or the first use, so that the
    # import itself stays in the milliseconds (benchmarks/ measures it).
    code = (
        "import sys; from twelvelabs_async import AsyncTwelveLabs; "
        "print(sorted(m for m in ('aiohttp', 'attrs', 'cattrs', 'anyio', 'asyncio', 'ssl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_error_class_is_in_the_errors_module() -> None:
    from twelvelabs_async._errors import TwelveLabsError

    exported = {getattr(errors, name) for name in errors.__all__ if isinstance(getattr(errors, name), type)}
    pending = [TwelveLabsError]
    while pending:
        cls = pending.pop()
        defined_at_module_level = getattr(sys.modules[cls.__module__], cls.__name__, None) is cls
        if defined_at_module_level and cls.__module__.startswith("twelvelabs_async"):
            assert cls in exported, cls  # (classes made at run time for an unexpected status are not public)
        pending.extend(cls.__subclasses__())
    assert errors.TaskFailedError in exported and errors.PreflightError in exported
