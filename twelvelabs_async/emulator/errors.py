"""The API's error body ``{code, message, docs_url}`` and the documented codes and message texts.

Handlers raise :class:`ApiError`; the middleware in :mod:`.app` turns it into the JSON response.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["ApiError"]

DOCS_URL = "https://docs.twelvelabs.io/v1.3/api-reference/error-codes"


class ApiError(Exception):
    """An error response: HTTP ``status`` with body ``{code, message, docs_url}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "docs_url": DOCS_URL}

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
