"""Every error class: ``from twelvelabs_async.errors import IndexNameAlreadyExistsError``.

The official SDK's names (``twelvelabs.errors``) are here too, as our class for the same HTTP status, so that
``except twelvelabs_async.errors.ForbiddenError`` catches what our client raises for a 403.
"""

from twelvelabs_async._errors import *  # noqa: F403
from twelvelabs_async._errors import (
    AuthenticationError,
    PermissionDeniedError,
    RateLimitError,
)
from twelvelabs_async._errors import __all__ as _own_names

# --- the official SDK's names (twelvelabs.errors, 1.0.0 and 1.3.6) -------------------------------------------------
# BadRequestError, NotFoundError, ConflictError, GoneError, ContentTooLargeError, UnprocessableEntityError and
# InternalServerError, ServiceUnavailableError and GatewayTimeoutError have the official names already.
UnauthorizedError = AuthenticationError
"""401, the official name of our ``AuthenticationError``."""
ForbiddenError = PermissionDeniedError
"""403, the official name of our ``PermissionDeniedError``."""
TooManyRequestsError = RateLimitError
"""429, the official name of our ``RateLimitError``."""

__all__ = [
    *_own_names,
    "ForbiddenError",
    "TooManyRequestsError",
    "UnauthorizedError",
]
