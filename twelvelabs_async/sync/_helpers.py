"""Blocking twins of the hand-written helpers (task waiting, bulk upload), mixed into the generated classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twelvelabs_async.resources.generated.async_resources import (
        AsyncEmbedTasksResource,
        AsyncTasksResource,
    )
    from twelvelabs_async.sync._runner import PortalRunner


class SyncTasksHelpers:
    _runner: PortalRunner
    _async: AsyncTasksResource


class SyncEmbedTasksHelpers:
    _runner: PortalRunner
    _async: AsyncEmbedTasksResource
