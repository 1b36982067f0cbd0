# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.data_connectors` and the namespaces in it: blocking methods, each running the async funnel on the
client's portal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from twelvelabs_async.routes import data_connectors as _routes

if TYPE_CHECKING:
    from twelvelabs_async import models as _models
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async.resources.generated.data_connectors import AsyncDataConnectorsResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncDataConnectorsResource:
    """Blocking methods of `client.data_connectors`."""

    def __init__(
        self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncDataConnectorsResource
    ) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource

    def authorize_connection(
        self,
        *,
        provider: Literal["google_drive"] | str,
        redirect_uri: str,
        custom_id: str | None = None,
        request_options: RequestOptions | None = None,
    ) -> _models.ConnectionAuthorization:
        """Start the OAuth flow of a data connector: returns the URL to send the user to.

        `POST /connections:authorize`

        Args:
            provider: The provider to connect. Documented values: `google_drive` (others are sent as given).
            redirect_uri: Where the provider sends the user back, with `connection_id` (or `error`) in the
                query; if you registered redirect URIs, one of them.
            custom_id: A label of yours stored on the connection (not personal data).
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ConnectionAuthorization`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.data_connectors_authorize_connection,
            {"provider": provider, "redirect_uri": redirect_uri, "custom_id": custom_id},
            request_options,
        )

    def create_connection_picker_token(
        self, connection_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.ConnectionPickerToken:
        """A short-lived, read-only token for the provider's file picker (e.g. the Google Drive Picker).

        `POST /connections/{connection_id}/picker-token`

        Args:
            connection_id: The unique identifier of the connection.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ConnectionPickerToken`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.data_connectors_create_connection_picker_token,
            {"connection_id": connection_id},
            request_options,
        )

    def create_redirect_uri(
        self, *, redirect_uri: str, request_options: RequestOptions | None = None
    ) -> _models.RedirectUri:
        """Register a redirect URI that `authorize_connection` will accept (https, public host, no wildcards).

        `POST /connections/redirect-uris`

        Args:
            redirect_uri: The URI, exactly as your application will send it.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `RedirectUri`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.data_connectors_create_redirect_uri,
            {"redirect_uri": redirect_uri},
            request_options,
        )

    def delete_connection(self, connection_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Disconnect: access is revoked at the provider and the tokens deleted (imported assets stay).

        `DELETE /connections/{connection_id}`

        Args:
            connection_id: The unique identifier of the connection.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call,
            _routes.data_connectors_delete_connection,
            {"connection_id": connection_id},
            request_options,
        )

    def delete_redirect_uri(self, redirect_uri_id: str, *, request_options: RequestOptions | None = None) -> None:
        """Unregister a redirect URI. Irreversible.

        `DELETE /connections/redirect-uris/{redirect_uri_id}`

        Args:
            redirect_uri_id: The unique identifier of the redirect URI.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            None (the API answers with no body).

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        self._runner.run(
            self._client._call,
            _routes.data_connectors_delete_redirect_uri,
            {"redirect_uri_id": redirect_uri_id},
            request_options,
        )

    def list_connections(
        self, *, page: int | None = None, page_limit: int | None = None, request_options: RequestOptions | None = None
    ) -> _models.ConnectionPage:
        """List the account's connections, newest first (one page).

        `GET /connections`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `ConnectionPage`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.data_connectors_list_connections,
            {"page": page, "page_limit": page_limit},
            request_options,
        )

    def list_redirect_uris(
        self, *, page: int | None = None, page_limit: int | None = None, request_options: RequestOptions | None = None
    ) -> _models.RedirectUriPage:
        """List the registered redirect URIs, newest first (one page).

        `GET /connections/redirect-uris`

        Args:
            page: Page number to retrieve (1-based). At least 1. API default: `1`.
            page_limit: Items per page. Range 1 to 50. API default: `10`.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `RedirectUriPage`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.data_connectors_list_redirect_uris,
            {"page": page, "page_limit": page_limit},
            request_options,
        )

    def retrieve_connection(
        self, connection_id: str, *, request_options: RequestOptions | None = None
    ) -> _models.Connection:
        """Retrieve a connection.

        `GET /connections/{connection_id}`

        Args:
            connection_id: The unique identifier of the connection.
            request_options: Per-call timeout, retries, extra headers, query or body parameters.

        Returns:
            `Connection`

        Raises:
            ArgumentError: an argument is invalid (raised before any request is sent).
            APIStatusError: the API answered with an error (a subclass per status and error code).
            APIConnectionError: no answer (connection failure or timeout).
        """
        return self._runner.run(
            self._client._call,
            _routes.data_connectors_retrieve_connection,
            {"connection_id": connection_id},
            request_options,
        )
