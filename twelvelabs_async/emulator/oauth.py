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

from aiohttp import web

from .context import ctx

__all__ = ["routes"]

routes = web.RouteTableDef()


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
    raise web.HTTPFound(location)
