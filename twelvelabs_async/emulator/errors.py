"""The API's error bodies and the documented codes and message texts.

Handlers raise :class:`ApiError`; the middleware in :mod:`.app` turns it into the JSON response. The body's
shape depends on the surface and the service:

- surface ``"2025"``: ``{code, message, docs_url}`` (the seed-era docs and spec);
- surface ``"2026"``, the routes the seed era already had: ``{code, message}`` (the 2026 specs declare no
  ``docs_url`` on any of them);
- surface ``"2026"``, the services added in 2026 (analyze tasks and batches, embed v2):
  ``{"error": {code, message, details}}`` (the spec's ``ErrorResponse``). Raise those with ``envelope=True``
  (or build them with :meth:`ApiError.enveloped`) so the middleware writes :meth:`ApiError.envelope_body`.

429 answers never come through here: their body is empty on both surfaces.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["ApiError"]

DOCS_URL = "https://docs.twelvelabs.io/v1.3/api-reference/error-codes"


class ApiError(Exception):
    """An error response: HTTP ``status`` with a ``code`` and a ``message`` (see the module docstring)."""

    def __init__(self, status: int, code: str, message: str, *, envelope: bool = False,
                 details: Mapping[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.envelope = envelope
        self.details = dict(details or {})

    def body(self, surface: str = "2025") -> dict[str, Any]:
        """The body for ``surface``: the envelope for the 2026 services that use it, else the flat shape."""
        if self.envelope:
            return self.envelope_body()
        if surface == "2025":
            return {"code": self.code, "message": self.message, "docs_url": DOCS_URL}
        return {"code": self.code, "message": self.message}

    def envelope_body(self) -> dict[str, Any]:
        """``{"error": {code, message, details}}``: the 2026 ``ErrorResponse`` of analyze tasks/batches and
        embed v2. ``details`` is optional in the spec; it is always written so clients can rely on a dict."""
        return {"error": {"code": self.code, "message": self.message, "details": dict(self.details)}}

    def enveloped(self, details: Mapping[str, Any] | None = None) -> ApiError:
        """The same error for a route that answers with the 2026 envelope, e.g.
        ``raise ApiError.not_found(task_id, "analyze_tasks").enveloped()``."""
        return ApiError(self.status, self.code, self.message, envelope=True,
                        details=details if details is not None else self.details)

    # --- the generic codes, with the message texts of the API reference -----------------------------------

    @classmethod
    def invalid(cls, names: str | Sequence[str], detail: str = "") -> ApiError:
        message = _one_or_many(
            names, "The `{}` parameter is invalid.", "The following parameters are invalid: `{}`."
        )
        return cls(400, "parameter_invalid", f"{message} {detail}".strip())

    @classmethod
    def not_provided(cls, names: str | Sequence[str]) -> ApiError:
        return cls(400, "parameter_not_provided", _one_or_many(
            names,
            "The `{}` parameter is required but was not provided.",
            "The following required parameters were not provided: `{}`.",
        ))

    @classmethod
    def unknown(cls, names: str | Sequence[str]) -> ApiError:
        return cls(400, "parameter_unknown", _one_or_many(
            names, "The `{}` parameter is unknown.", "The following parameters are unknown: `{}`."
        ))

    @classmethod
    def not_found(cls, resource_id: str, collection: str) -> ApiError:
        return cls(
            404, "resource_not_exist", f"Resource with id `{resource_id}` does not exist in `{collection}`."
        )

    @classmethod
    def api_key_invalid(cls) -> ApiError:
        return cls(
            401,
            "api_key_invalid",
            "API Key is either invalid or expired. Please check your API key or generate a new one from the "
            "dashboard and try again.",
        )


def _one_or_many(names: str | Sequence[str], one: str, many: str) -> str:
    if isinstance(names, str):
        return one.format(names)
    if len(names) == 1:
        return one.format(names[0])
    return many.format(", ".join(names))
