"""The base of the official SDK's request models that we provide (``twelvelabs_async._official_inputs``).

The official request models that we have no class for (``VideoContext_Url``, ``TextInputRequest``,
``VideosListRequestDuration`` ...) are data classes deriving from :class:`OfficialInput`: built with the official
keywords, read with the official attribute names, and sent as the API's JSON by every method of ours, which
accepts them through ``model_dump`` as it accepts the official SDK's pydantic models.
"""

from __future__ import annotations

import builtins
import dataclasses
import json
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

__all__ = ["OfficialInput", "OfficialRange"]


def _plain(value: Any, by_alias: bool, exclude_none: bool) -> Any:
    if isinstance(value, OfficialInput):
        return value.model_dump(by_alias=by_alias, exclude_none=exclude_none)
    if isinstance(value, (list, tuple)):
        return [_plain(item, by_alias, exclude_none) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item, by_alias, exclude_none) for key, item in value.items()}
    if hasattr(type(value), "__attrs_attrs__") or hasattr(value, "model_dump"):
        from twelvelabs_async._shapes import plain  # our models and pydantic ones, as the request builder does

        return plain(value)
    return value


@dataclasses.dataclass(frozen=True)
class OfficialInput:
    """Base of the official request models we provide: frozen, keyword-built, dumped like a pydantic model."""

    _WIRE: ClassVar[Mapping[str, str]] = {}
    """Python name -> JSON key, where they differ (``base_64_string`` -> ``base64_string``, ``schema_`` ...)."""

    def model_dump(
        self, *, mode: str = "python", by_alias: bool = False, exclude_none: bool = False, **_: Any
    ) -> dict[str, Any]:
        """The fields as a dict, as pydantic's ``model_dump``; ``by_alias=True, exclude_none=True`` is the JSON."""
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is None and exclude_none:
                continue
            key = self._WIRE.get(field.name, field.name) if by_alias else field.name
            out[key] = _plain(value, by_alias, exclude_none)
        return out

    def dict(self, *, by_alias: bool = False, exclude_none: bool = False, **_: Any) -> builtins.dict[str, Any]:
        """pydantic v1's name for ``model_dump``."""
        return self.model_dump(by_alias=by_alias, exclude_none=exclude_none)

    def model_dump_json(self, *, by_alias: bool = True, exclude_none: bool = True, **_: Any) -> str:
        """The JSON text (wire names, no nulls by default)."""
        return json.dumps(self.model_dump(by_alias=by_alias, exclude_none=exclude_none))

    def json(self, **kwargs: Any) -> str:
        """pydantic v1's name for ``model_dump_json``."""
        return self.model_dump_json(**kwargs)


@dataclasses.dataclass(frozen=True)
class OfficialRange(OfficialInput, Mapping[str, Any]):
    """A ``{gte, lte}`` list filter that is also the mapping our list methods take for a range."""

    def _present(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)

    def __getitem__(self, key: str) -> Any:
        return self._present()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._present())

    def __len__(self) -> int:
        return len(self._present())
