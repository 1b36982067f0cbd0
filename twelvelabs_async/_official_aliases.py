"""Official ``twelvelabs`` names that are type aliases or constants rather than models.

Imported lazily by the compatibility modules (``twelvelabs_async.types``, ``twelvelabs_async.core`` ...); nothing
here loads the models until a name that needs them is asked for.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

__all__ = ["FilterMetadataValue", "GenerateResponse", "MaxTokens", "TwelveLabsEnvironment", "UserMetadataValue"]


class TwelveLabsEnvironment(enum.Enum):
    """The official SDK's environments. Our clients take the URL: ``base_url=TwelveLabsEnvironment.DEFAULT.value``."""

    DEFAULT = "https://api.twelvelabs.io/v1.3"


UserMetadataValue = str | int | float | bool | list[str]
"""One value of user metadata (``UserMetadataValue``, ``KnowledgeStoreMetadataValue``)."""

FilterMetadataValue = str | float | bool
"""One value of a metadata filter in a listing (``VideosListRequestUserMetadataValue`` ...)."""

MaxTokens = int | str
"""``max_tokens`` of an analysis: a number, or ``"unlimited"``."""

if TYPE_CHECKING:
    from twelvelabs_async.models import AnalyzeResult, StreamEvent

    GenerateResponse = StreamEvent | AnalyzeResult
    """What an analysis gives: the events of a stream, or the whole result."""


def __getattr__(name: str) -> Any:
    if name == "GenerateResponse":  # built on first use: it needs the models, which load attrs
        from twelvelabs_async.models import AnalyzeResult, StreamEvent

        value = StreamEvent | AnalyzeResult
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
