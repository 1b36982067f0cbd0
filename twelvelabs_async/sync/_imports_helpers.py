"""Blocking twin of the ``client.imports`` helper (waiting for an import's files); the docstring is the async
method's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twelvelabs_async.resources.imports import AsyncImportsHelpers

if TYPE_CHECKING:
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._waiters import StatusCallback
    from twelvelabs_async.models import ConnectorImport
    from twelvelabs_async.resources.generated.imports import AsyncImportsResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncImportsHelpers:
    _runner: PortalRunner
    _async: AsyncImportsResource

    def wait_for_done(
        self,
        connection_id: str,
        import_id: str,
        *,
        sleep_interval: float = 1.0,
        max_interval: float = 10.0,
        timeout: float | None = None,
        callback: StatusCallback | None = None,
        request_options: RequestOptions | None = None,
    ) -> ConnectorImport:
        return self._runner.run(
            self._async.wait_for_done,
            connection_id,
            import_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=callback,
            request_options=request_options,
        )

    wait_for_done.__doc__ = AsyncImportsHelpers.wait_for_done.__doc__
