"""Hand-written helpers of ``client.tasks``: waiting for tasks and bulk uploads (mixed into the generated class)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs


class AsyncTasksHelpers:
    _client: AsyncTwelveLabs
