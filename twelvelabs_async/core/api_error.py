"""``twelvelabs.core.api_error.ApiError``: the base of every error for a non-2xx answer.

Ours is ``twelvelabs_async._errors.ApiError`` when that module defines it, else ``APIStatusError``, the base of
every status error of ours (``BadRequestError``, ``NotFoundError`` ...): ``except ApiError`` catches them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twelvelabs_async import _errors

__all__ = ["ApiError"]

if TYPE_CHECKING:
    from twelvelabs_async._errors import APIStatusError as ApiError
else:
    ApiError = getattr(_errors, "ApiError", _errors.APIStatusError)
