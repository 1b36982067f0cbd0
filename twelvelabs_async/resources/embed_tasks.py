"""Hand-written helpers of ``client.embed.tasks``: waiting for embedding tasks (mixed into the generated class)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs


class AsyncEmbedTasksHelpers:
    _client: AsyncTwelveLabs
