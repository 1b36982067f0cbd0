"""A local emulator of the Twelve Labs API v1.3, usable by any HTTP client (the official SDK included).

Start it from a shell::

    python -m twelvelabs_async.emulator --port 8000        # prints http://127.0.0.1:8000/v1.3 first
    python -m twelvelabs_async.emulator --surface 2025     # the seed-era API instead of today's

or in code::

    async with Emulator(speed=0) as emu:                    # asyncio
        ... emu.base_url ... emu.state ...

    with EmulatorThread(surface="2025") as emu:             # blocking code, seed-era API
        ...

or in pytest, with ``pytest_plugins = ["twelvelabs_async.emulator.pytest_plugin"]`` in a ``conftest.py``
(fixtures ``emulator`` (async), ``emulator_thread`` and ``emulator_url``; the marker
``@pytest.mark.emulator_surface("2025")`` selects the seed-era API).

It serves one of two API surfaces (:mod:`.surfaces`):

- ``"2026"`` (default): today's API, as the official 2026-07 OpenAPI spec describes the operations the
  emulator implements: indexes with ``marengo3.0`` / ``pegasus1.2``; the legacy ``/tasks`` upload (refused
  for Pegasus-only indexes); videos with ``asset_id`` and ``field[gte]``/``field[lte]`` range filters; search
  with a ``transcription`` option, up to 10 query images and ``rank``; ``/embed`` with ``marengo3.0``; and
  ``/analyze`` with ``model_name``, a ``video`` source (url / asset_id / base64_string), ``prompt_v2``,
  ``response_format`` (JSON that validates against the given schema), ``max_tokens`` (``finish_reason``
  ``length``) and an analysis window; and today's asset-centric ingestion: assets (direct or URL upload,
  user metadata, the 1.3.6 transcription), multipart uploads to presigned URLs of a fake S3-like storage
  server on a second loopback port (:mod:`.storage`, ``emu.storage_url``), and indexed assets, which become
  searchable videos of their index (:mod:`.asset_state`); knowledge stores with their items, item collections
  and search (:mod:`.routes_knowledge`), ``/responses`` streamed as server-sent events (:mod:`.routes_responses`)
  and Google Drive data connectors whose OAuth step the emulator completes itself on a GET, with imports into
  assets (:mod:`.routes_connections`, :mod:`.oauth`); async analysis: analyze tasks (``Idempotency-Key``,
  cancel) and batches of up to 1,000 items with JSON-lines results (:mod:`.analysis`, :mod:`.analysis_state`),
  signed webhooks to URLs given to the emulator (:mod:`.webhooks`); embeddings v2 with tasks
  (:mod:`.embed_v2`); entity collections and ``<@entity_id>`` entity search (:mod:`.routes_entities`).
  ``/summarize``, ``/gist``, ``/generate``, ``PUT`` on a video and the cloud transfers are absent. Error bodies
  are ``{code, message}``, or ``{"error": {code, message, details}}`` on the services added in 2026.
- ``"2025"``: the seed-era API of mid-2025, all 28 operations, as the official SDK 1.0.0 knows them.

Both have the documented encodings, limits, status codes and errors; task lifecycles on a clock
(:mod:`.clock`, :mod:`.state`); deterministic search, embeddings and generated text (:mod:`.search`,
:mod:`.embeddings`, :mod:`.generation`, :mod:`.structured`); rate limits (:mod:`.ratelimit`); seeded fault
injection (:mod:`.faults`, header ``X-Emulator-Fault``) and admin endpoints under ``/_emulator``
(:mod:`.admin`, :mod:`.admin_async`).
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
