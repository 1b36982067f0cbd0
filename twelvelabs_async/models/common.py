"""Shapes shared by several resources: page-number pagination info and token usage."""

from __future__ import annotations

import attrs

from ._base import Model

__all__ = ["PageInfo", "Usage"]


@attrs.frozen(kw_only=True)
class PageInfo(Model):
    """``page_info`` of a page-number list (indexes, tasks, videos, embed tasks).

    Iterate while ``page < total_page``.
    """

    page: int | None = None
    limit_per_page: int | None = None
    total_page: int | None = None
    total_results: int | None = None


@attrs.frozen(kw_only=True)
class Usage(Model):
    """Token usage of a generation (``usage`` in summarize/gist/analyze results and ``stream_end``).

    ``input_tokens`` only appears in later API versions.
    """

    output_tokens: int | None = None
    input_tokens: int | None = None
