"""Hand-written helpers of ``client.imports``: waiting for the files of an import to become assets, on the one
polling engine (``_waiters``), mixed into the generated class."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Types only: the waiting machinery and the models load on first use, keeping `import` of the client light.
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._waiters import StatusCallback
    from twelvelabs_async.models import ConnectorImport


class AsyncImportsHelpers:
    _client: AsyncTwelveLabs

    async def wait_for_done(
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
        """Wait until every file of an import has its outcome (polls
        ``GET /connections/{connection_id}/imports/{import_id}``, which recomputes each file's asset status).

        A file's outcome is ``ready`` or ``failed`` (its asset), or ``rejected`` (refused before an asset was
        made; ``item.error`` says why). Failures are reported, not raised: read ``result.ready``,
        ``result.failed`` and ``result.rejected``, or each ``item.outcome``.

        Args:
            connection_id: The connection the files were imported through.
            import_id: The import (``ConnectorImportResult.id`` from ``import_files``).
            sleep_interval: First delay between polls, in seconds; each next one is 1.5 times longer (with up
                to 20% jitter) up to ``max_interval``.
            max_interval: Longest delay between polls, in seconds.
            timeout: Give up after this many seconds (None: wait as long as it takes).
            callback: Called with the ``ConnectorImport`` whenever a file's status changes (first poll
                included); a plain function or a coroutine function.
            request_options: Per-request timeout, retries, extra headers (for each poll).

        Returns:
            The final ``ConnectorImport`` (``status == 'completed'``), with every file's outcome.

        Raises:
            WaitTimeoutError: ``timeout`` passed first (``error.task`` holds the last state seen).
            APIStatusError: a non-transient error (e.g. 404 for an unknown import). Connection errors,
                timeouts, 429 and 5xx are retried until the deadline.
        """
        from twelvelabs_async._waiters import notify, wait_for_status

        client = self._client
        seen: list[tuple[str, ...]] = []

        async def fetch() -> ConnectorImport:
            # A bad id fails here, before any request (ArgumentError is not transient: the engine raises it).
            current = await client.imports.retrieve_import(connection_id, import_id, request_options=request_options)
            # The engine reports changes of `status` (processing -> completed) only; a caller waiting on many
            # files wants to hear of each one, so changes are reported here, per file.
            outcomes = tuple(item.outcome for item in current.items or ())
            if not seen or seen[-1] != outcomes:
                seen.append(outcomes)
                await notify(callback, current)
            return current

        return await wait_for_status(
            fetch,
            import_id,
            sleep_interval=sleep_interval,
            max_interval=max_interval,
            timeout=timeout,
            callback=None,
            terminal=frozenset({"completed"}),
            failed=frozenset(),
            kind="import",
        )
