"""Typed inputs: objects a caller may pass where a method takes a structured argument.

They are sugar over the API's JSON (a mapping with the same keys is always accepted too); the request builder
turns them into that JSON, leaving out fields set to None.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["VideoContext", "VideoSourceType"]

VideoSourceType = Literal["url", "asset_id", "base64_string"]
"""The documented ``type`` values of a video source (others are sent as given)."""


@attrs.frozen(kw_only=True)
class VideoContext:
    """The video an analysis reads: by URL, by uploaded asset, or inline as base64 (at most 30 MB).

    Build one with ``VideoContext.from_url(...)``, ``VideoContext.from_asset(...)`` or
    ``VideoContext.from_base64(...)``; a plain URL string works wherever a ``VideoContext`` does.
    """

    type: str
    url: str | None = None
    asset_id: str | None = None
    base64_string: str | None = None

    @property
    def base_64_string(self) -> str | None:
        """``base64_string`` under the official SDK's name."""
        return self.base64_string

    @classmethod
    def from_url(cls, url: str) -> VideoContext:
        return cls(type="url", url=url)

    @classmethod
    def from_asset(cls, asset_id: str) -> VideoContext:
        """An uploaded asset; it must be ``ready``."""
        return cls(type="asset_id", asset_id=asset_id)

    @classmethod
    def from_base64(cls, base64_string: str) -> VideoContext:
        return cls(type="base64_string", base64_string=base64_string)
