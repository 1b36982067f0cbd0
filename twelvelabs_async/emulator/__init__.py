"""A local emulator of the Twelve Labs API v1.3, usable by any HTTP client (the official SDK included).

Start it from a shell::

    python -m twelvelabs_async.emulator --port 8000        # prints http://127.0.0.1:8000/v1.3 first

or in code::

    async with Emulator(speed=0) as emu:                    # asyncio
        ... emu.base_url ... emu.state ...

    with EmulatorThread() as emu:                           # blocking code
        ...

or in pytest, with ``pytest_plugins = ["twelvelabs_async.emulator.pytest_plugin"]`` in a ``conftest.py``
(fixtures ``emulator`` (async), ``emulator_thread`` and ``emulator_url``).

It implements the 28 operations of the seed-era v1.3 surface with the documented encodings, limits,
status codes and errors; task lifecycles on a clock (:mod:`.clock`, :mod:`.state`); deterministic search,
embeddings and generated text (:mod:`.search`, :mod:`.embeddings`, :mod:`.generation`); rate limits
(:mod:`.ratelimit`); seeded fault injection (:mod:`.faults`, header ``X-Emulator-Fault``) and admin
endpoints under ``/_emulator`` (:mod:`.admin`).
"""

from .clock import Clock, ManualClock, SystemClock
from .config import EmulatorConfig
from .faults import FaultDecision, FaultPlan, FaultRule, FaultSpecError
from .server import Emulator, EmulatorThread
from .state import EmulatorState

__all__ = [
    "Clock",
    "Emulator",
    "EmulatorConfig",
    "EmulatorState",
    "EmulatorThread",
    "FaultDecision",
    "FaultPlan",
    "FaultRule",
    "FaultSpecError",
    "ManualClock",
    "SystemClock",
]
