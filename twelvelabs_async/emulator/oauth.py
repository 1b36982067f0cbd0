"""The fake OAuth consent page that ``POST /connections:authorize`` points at (surface 2026), so a test can run
the whole connector flow offline.

``GET /_emulator/oauth/{provider}/authorize?state=...`` plays the provider's consent screen and the platform's
callback at once: the user "allows" at once, the connection is created (:meth:`~.connector_state.
ConnectorStateMixin.complete_authorization`), and the answer is a **302** to the redirect URI with
``connection_id``, ``status=ok`` and ``custom_id`` (when one was given) appended to its query, as the spec
describes. Query parameters a test may add to the URL:

- ``deny=1``: the user refuses; the redirect carries ``error=access_denied`` alone.
- ``account=someone@example.com``: the Google account that signs in (default: the ``drive_account`` setting).

An authorization older than :data:`~.connector_state.AUTHORIZATION_TTL` redirects with
``error=authorization_expired``. A ``state`` the emulator never issued, or one already used, has no redirect URI
to go back to that can be trusted: it answers 400 with a plain-text explanation, as a provider's error page
would. No API key is needed (a browser carries none); these routes sit outside ``/v1.3``, so faults and rate
limits do not apply to them.
"""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from .context import ctx

__all__ = ["routes"]

routes = web.RouteTableDef()

# RFC 3986's reserved characters and "%" (letters, digits and "-._~" are always kept by quote).
URI_CHARACTERS = ":/?#[]@!$&'()*+,;=%"


@routes.get("/_emulator/oauth/{provider}/authorize")
async def consent(request: web.Request) -> web.Response:
    state = ctx(request).state
    token = request.query.get("state", "")
    auth = state.authorizations.get(token)
    if auth is None or auth.provider != request.match_info["provider"]:
        raise web.HTTPBadRequest(text="Unknown authorization state: start again with POST /connections:authorize.")
    deny = request.query.get("deny", "").lower() in ("1", "true", "yes")
    try:
        location, _connection = state.complete_authorization(token, account=request.query.get("account") or None,
                                                             deny=deny)
    except ValueError:
        raise web.HTTPBadRequest(text="This authorization has already been completed.") from None
    # Not web.HTTPFound(location): it parses the URL and writes it back normalised (a default port dropped, a
    # path "/" added, %2F decoded), so the user would not come back to the redirect URI the application gave.
    # Only what a URI cannot hold (spaces, controls, non-ASCII) is percent-encoded; existing escapes stay.
    return web.Response(status=302, headers={"Location": quote(location, safe=URI_CHARACTERS)})
