# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.imports` and the namespaces in it: blocking methods, each running the async funnel on the client's
portal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from twelvelabs_async.routes import data_connectors as _routes
from twelvelabs_async.sync._imports_helpers import SyncImportsHelpers

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.resources.generated.imports import AsyncImportsResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncImportsResource(SyncImportsHelpers):
    """Blocking methods of `client.imports`."""

    def __init__(self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncImportsResource) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def import_files(
        self,
        connection_id: str,
        *,
        items: str | Sequence[str | Mapping[str, Any] | Any],
        request_options: RequestOptions | None = None,
    ) -> _models.ConnectorImportResult:
        """Import files of the connected account as assets (video up to 10 GB, audio 4 GB, images 32 MB).

        `POST /connections/{connection_id}/imports`

        Args:
            connection_id: The unique identifier of the connection.
            items: The files to import. The provider's file ids (for Google Drive, the Drive file ids), as str
                or `{'source_id': ...}`; 1 to 100, each once.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ConnectorImportResult`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.imports_import_files,
            {"connection_id": connection_id, "items": items},
            request_options,
        )

    def list_imports(
        self,
        connection_id: str,
        *,
        page: int | None = None,
        page_limit: int | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.ConnectorImportPage:
        """List a connection's imports, newest first, without their items (one page).

        `GET /connections/{connection_id}/imports`

        Args:
            connection_id: The unique identifier of the connection.
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ConnectorImportPage`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.imports_list_imports,
            {"connection_id": connection_id, "page": page, "page_limit": page_limit},
            request_options,
        )

    def retrieve_import(
        self, connection_id: str, import_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.ConnectorImport:
        """Retrieve an import with the current status of each file's asset.

        `GET /connections/{connection_id}/imports/{import_id}`

        Args:
            connection_id: The unique identifier of the connection.
            import_id: The unique identifier of the import.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ConnectorImport`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.imports_retrieve_import,
            {"connection_id": connection_id, "import_id": import_id},
            request_options,
        )
