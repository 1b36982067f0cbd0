"""The API surfaces the emulator can serve, and how a surface name is checked.

- ``"2026"`` (the default): the API as the official 2026-07 OpenAPI spec describes it, for the operations the
  emulator implements. ``/summarize``, ``/gist``, ``/generate``, ``PUT /indexes/{id}/videos/{id}`` and the
  ``/tasks/transfers/import/...`` routes are gone; index models are ``marengo3.0`` and ``pegasus1.2``;
  ``/analyze`` takes ``model_name``, a ``video`` source (url / asset_id / base64_string), ``response_format``,
  ``max_tokens`` and an analysis window and reports ``finish_reason``; search results carry ``rank`` instead of
  ``score``/``confidence`` and search has a ``transcription`` option; video lists filter on ``field[gte]`` /
  ``field[lte]`` ranges; assets, multipart uploads (with a storage server for the presigned PUTs) and
  indexed assets exist; so do knowledge stores (items, item collections, search with the page token in the
  body), ``/responses`` (server-sent events), data connectors (Google Drive through an OAuth page the emulator
  serves itself, imports into assets), analyze tasks (with 1.3.6's cancel) and batches, embeddings v2, entity
  collections and entity search (``<@entity_id>``), with signed webhooks; error bodies are ``{code, message}``,
  except on analyze tasks/batches and embed v2, which answer ``{"error": {code, message, details}}``.
- ``"2025"``: the seed-era API of mid-2025 (models ``marengo2.7``, ``pegasus1.2`` and
  ``Marengo-retrieval-2.7``; summarize, gist, generate, PUT video and cloud transfers; error bodies with
  ``docs_url``), which is what the official SDK 1.0.0 speaks.

This module imports nothing from the emulator so that the settings can validate a name without importing the
route modules.
"""

from __future__ import annotations

__all__ = ["DEFAULT_SURFACE", "SURFACES", "check_surface"]

DEFAULT_SURFACE = "2026"
SURFACES: dict[str, str] = {
    "2026": "the API as of the official 2026-07 spec (default)",
    "2025": "the seed-era API of mid-2025 (summarize/gist/generate, marengo2.7, docs_url in errors)",
}


def check_surface(value: object) -> str:
    """Return ``value`` if it names a surface; raise ValueError otherwise."""
    if isinstance(value, str) and value in SURFACES:
        return value
    choices = "; ".join(f"{name!r}: {text}" for name, text in SURFACES.items())
    raise ValueError(f"unknown emulator surface {value!r}; use one of {choices}")
