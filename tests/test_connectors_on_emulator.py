"""Issue 14, tested on the emulator: the SDK's data connectors and imports (all 11 operations and
``imports.wait_for_done``), driven through ``AsyncTwelveLabs`` and the blocking ``TwelveLabs`` against the emulator,
which was written from the 2026-07 spec independently of the SDK; assertions on the typed models and on the
emulator's state.

The OAuth step runs offline: ``authorize_connection`` returns the emulator's consent URL, a browser-like GET of it
(no API key, redirects not followed) answers the 302 to the redirect URI, and its ``Location`` carries the new
connection's id.
"""

from __future__ import annotations

import asyncio
import http.client
import itertools
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, _retry
from twelvelabs_async._errors import (
    ArgumentError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    UnprocessableEntityError,
    WaitTimeoutError,
)
from twelvelabs_async.emulator import Emulator, EmulatorThread, ManualClock
from twelvelabs_async.models import (
    Connection,
    ConnectionAuthorization,
    ConnectionPickerToken,
    ConnectorImport,
    ConnectorImportResult,
    RedirectUri,
)

KEY = "tlk_connectors_e2e"
FAST: dict[str, Any] = {"sleep_interval": 0.01, "max_interval": 0.05}
REDIRECT = "https://app.example.com/oauth/done"
DRIVE = {
    "f-dog": ("dog_park.mp4", 30_000_000, "video"),
    "f-img": ("dog_portrait.jpg", 1_000_000, "image"),
    "f-song": ("song.mp3", 3_000_000, "audio"),
    "f-doc": ("notes.pdf", 20_000, "document"),
    "f-huge": ("huge.mp4", 10_000_000_001, "video"),
    "f-broken": ("broken_clip.mp4", 5_000_000, "video"),
}
# The requested files, and what each one becomes.
REQUESTED = ["f-dog", "f-img", "f-song", "f-doc", "f-huge", "missing-7", "denied-3", "f-broken"]
OUTCOMES = {"f-dog": "ready", "f-img": "ready", "f-song": "ready", "f-doc": "rejected", "f-huge": "rejected",
            "missing-7": "rejected", "denied-3": "rejected", "f-broken": "failed"}
REJECTIONS = {"f-doc": "unsupported_media_type", "f-huge": "video_filesize_too_large",
              "missing-7": "source_unavailable", "denied-3": "source_not_authorized"}
CONNECTION_ROUTES = frozenset({
    "POST /connections:authorize",
    "GET /connections",
    "GET /connections/{connection_id}",
    "DELETE /connections/{connection_id}",
    "POST /connections/{connection_id}/picker-token",
    "POST /connections/redirect-uris",
    "GET /connections/redirect-uris",
    "DELETE /connections/redirect-uris/{redirect_uri_id}",
    "POST /connections/{connection_id}/imports",
    "GET /connections/{connection_id}/imports",
    "GET /connections/{connection_id}/imports/{import_id}",
})
RETRIEVE_IMPORT = "GET /connections/{connection_id}/imports/{import_id}"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(api_key=KEY, speed=20.0, drive_files=DRIVE) as emulator:
        yield emulator


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries after 10 ms instead of the backoff's 0.5 s and more: which requests are retried is unchanged."""
    monkeypatch.setattr(_retry, "backoff_delay", lambda policy, retries_done, rng: 0.01)


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=0) as c:
        yield c


async def consent(authorize_url: str, **query: str) -> tuple[int, str | None]:
    """What the user's browser does: GET the authorization URL (no API key), without following the redirect."""
    extra = "".join(f"&{k}={v}" for k, v in query.items())
    async with aiohttp.ClientSession() as browser, browser.get(authorize_url + extra, allow_redirects=False) as resp:
        return resp.status, resp.headers.get("Location")


def consent_sync(authorize_url: str) -> tuple[int, str | None]:
    parts = urlsplit(authorize_url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}")
        resp = conn.getresponse()
        resp.read()
        return resp.status, resp.getheader("Location")
    finally:
        conn.close()


def outcome_of(location: str | None) -> dict[str, str]:
    assert location is not None
    query = parse_qs(urlsplit(location).query)
    return {key: values[0] for key, values in query.items()}


def outcomes(record: ConnectorImport | ConnectorImportResult) -> dict[str | None, str]:
    return {item.source_id: item.outcome for item in record.items or ()}


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        await asyncio.sleep(0.005)


# --- the whole flow -----------------------------------------------------------------------------------------------


async def test_the_whole_connector_flow_offline(emu: Emulator, client: AsyncTwelveLabs) -> None:
    registered = await client.data_connectors.create_redirect_uri(redirect_uri=REDIRECT)
    assert isinstance(registered, RedirectUri) and registered.redirect_uri == REDIRECT and registered.created_at
    assert [e.uri for e in emu.state.redirect_uris.values()] == [REDIRECT]
    listed = await client.data_connectors.list_redirect_uris()
    assert [r.id for r in listed.data] == [registered.id]
    assert listed.page_info is not None and listed.page_info.total_results == 1
    with pytest.raises(BadRequestError) as unregistered:  # once URIs are registered, only those are accepted
        await client.data_connectors.authorize_connection(provider="google_drive",
                                                          redirect_uri="https://other.example.com/done")
    assert unregistered.value.code == "redirect_uri_not_registered"

    auth = await client.data_connectors.authorize_connection(provider="google_drive", redirect_uri=REDIRECT,
                                                             custom_id="user-42")
    assert isinstance(auth, ConnectionAuthorization) and auth.state and auth.authorize_url
    assert f"state={auth.state}" in auth.authorize_url
    pending = emu.state.authorizations[auth.state]
    assert (pending.redirect_uri, pending.custom_id, pending.completed) == (REDIRECT, "user-42", False)

    status, location = await consent(auth.authorize_url)
    assert status == 302 and location is not None and location.startswith(REDIRECT + "?")
    back = outcome_of(location)
    assert set(back) == {"connection_id", "status", "custom_id"}
    assert (back["status"], back["custom_id"]) == ("ok", "user-42")
    connection_id = back["connection_id"]
    assert pending.completed and emu.state.connections[connection_id].status == "active"

    connection = await client.data_connectors.retrieve_connection(connection_id)
    assert isinstance(connection, Connection)
    assert (connection.id, connection.provider, connection.status, connection.custom_id) == (
        connection_id, "google_drive", "active", "user-42")
    assert connection.account is not None and connection.account.display_name == "drive-user@example.com"
    assert connection.account.external_id == emu.state.connections[connection_id].external_id
    assert connection.scopes == ["https://www.googleapis.com/auth/drive.readonly"]
    assert connection.last_used_at is None
    assert [c.id for c in (await client.data_connectors.list_connections()).data] == [connection_id]

    token = await client.data_connectors.create_connection_picker_token(connection_id)
    assert isinstance(token, ConnectionPickerToken) and token.expires_in == 3600
    assert token.access_token is not None and token.access_token.startswith("ya29.")
    assert token.access_token not in repr(token) and token.scope == " ".join(connection.scopes)
    assert emu.state.connections[connection_id].last_used_at is not None

    # The files a picker would return: as ids, or as the API's objects.
    result = await client.imports.import_files(connection_id, items=[*REQUESTED[:-1], {"source_id": "f-broken"}])
    assert isinstance(result, ConnectorImportResult) and result.has_failures is True
    assert [i.source_id for i in result.items] == REQUESTED  # in request order
    assert {i.source_id: i.error.code for i in result.items if i.error} == REJECTIONS
    assert all(i.rejected and i.asset_id is None and i.status is None for i in result.items if i.error)
    accepted = {i.source_id: i.asset_id for i in result.items if not i.rejected}
    assert {i.status for i in result.items if not i.rejected} == {"processing"}
    record = emu.state.connector_imports[result.id]
    assert [e.asset_id for e in record.items if e.error is None] == list(accepted.values())
    dog = emu.state.assets[accepted["f-dog"] or ""]
    assert dog.filename == "dog_park.mp4" and dog.source is not None and dog.source["type"] == "connector"

    seen: list[dict[str | None, str]] = []
    done = await client.imports.wait_for_done(connection_id, result.id, callback=lambda i: seen.append(outcomes(i)),
                                              **FAST)
    assert isinstance(done, ConnectorImport) and done.status == "completed"
    assert outcomes(done) == OUTCOMES  # every file's outcome, the rejected ones included
    assert {i.source_id for i in done.ready} == {"f-dog", "f-img", "f-song"}
    assert [i.source_id for i in done.failed] == ["f-broken"]
    assert {i.source_id: i.error.code for i in done.rejected if i.error} == REJECTIONS
    assert (done.item_count, done.custom_id, done.connection_id) == (len(REQUESTED), "user-42", connection_id)
    for source_id, asset_id in accepted.items():  # what the SDK reports is what the emulator holds
        assert emu.state.asset_status(emu.state.assets[asset_id or ""])[0] == OUTCOMES[source_id or ""]
    assert seen[0]["f-dog"] == "processing" and seen[-1] == OUTCOMES  # the callback heard of each change
    assert all(a != b for a, b in itertools.pairwise(seen))

    # An imported asset is an asset like any other: a knowledge store can hold it and find it.
    store = await client.knowledge_stores.create(name="drive")
    item = await client.knowledge_store_items.create(store.id, asset_id=dog.id)
    assert (await client.knowledge_store_items.wait_for_done(store.id, item.id, **FAST)).status == "ready"
    hits = await client.knowledge_stores.search(store.id, query="dog park", group_by="item")
    assert [h.item_id for h in hits.data] == [item.id]

    summaries = await client.imports.list_imports(connection_id)
    assert [(s.id, s.item_count, s.items, s.status) for s in summaries.data] == [(result.id, len(REQUESTED), None,
                                                                                   None)]
    assert await client.imports.retrieve_import(connection_id, result.id) == done

    # A file imported again returns its asset; nothing is downloaded twice.
    assets_before = len(emu.state.assets)
    again = await client.imports.import_files(connection_id, items="f-dog")
    assert [(i.source_id, i.asset_id, i.status) for i in again.items] == [("f-dog", accepted["f-dog"], "ready")]
    assert again.has_failures is False and again.id != result.id and len(emu.state.assets) == assets_before
    assert [s.id for s in (await client.imports.list_imports(connection_id)).data] == [again.id, result.id]

    assert await client.data_connectors.delete_connection(connection_id) is None
    assert connection_id not in emu.state.connections
    assert dog.id in emu.state.assets  # imported assets stay
    with pytest.raises(NotFoundError):
        await client.data_connectors.retrieve_connection(connection_id)
    assert await client.data_connectors.delete_redirect_uri(registered.id) is None
    assert emu.state.redirect_uris == {}
    assert (await client.data_connectors.list_redirect_uris()).data == []


# --- the OAuth step's other endings -------------------------------------------------------------------------------


async def test_a_denied_an_expired_and_a_reused_authorization() -> None:
    clock = ManualClock()
    async with Emulator(api_key=KEY, speed=0, clock=clock) as emu, \
            AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=0) as client:
        # No redirect URI registered: any absolute URI is accepted.
        denied = await client.data_connectors.authorize_connection(provider="google_drive", redirect_uri=REDIRECT)
        status, location = await consent(denied.authorize_url or "", deny="1")
        assert status == 302 and outcome_of(location) == {"error": "access_denied"}
        assert emu.state.connections == {}

        late = await client.data_connectors.authorize_connection(provider="google_drive", redirect_uri=REDIRECT)
        clock.advance(601)  # an authorization is valid for 10 minutes
        status, location = await consent(late.authorize_url or "")
        assert status == 302 and outcome_of(location) == {"error": "authorization_expired"}
        assert emu.state.connections == {}
        status, _ = await consent(late.authorize_url or "")
        assert status == 400  # each authorization completes once

        other = await client.data_connectors.authorize_connection(
            provider="google_drive", redirect_uri="https://app.example.com/back?tab=drive")
        status, location = await consent(other.authorize_url or "", account="someone@example.com")
        back = outcome_of(location)
        assert status == 302 and back["tab"] == "drive" and "custom_id" not in back  # the URI's own query kept
        connection = await client.data_connectors.retrieve_connection(back["connection_id"])
        assert connection.account is not None and connection.account.display_name == "someone@example.com"
        assert connection.custom_id is None
        with pytest.raises(ArgumentError):  # not an absolute URI: refused before any request
            await client.data_connectors.authorize_connection(provider="google_drive", redirect_uri="/done")
        assert emu.state.requests("POST /connections:authorize") == 3


async def test_a_native_app_redirect_uri_without_an_authority(emu: Emulator, client: AsyncTwelveLabs) -> None:
    # RFC 8252 section 7.1's private-use URI scheme: an absolute URI (the spec's `format: uri`) with no authority.
    native = "com.example.app:/oauth2redirect/example-provider"
    auth = await client.data_connectors.authorize_connection(provider="google_drive", redirect_uri=native)
    assert emu.state.authorizations[auth.state or ""].redirect_uri == native
    status, location = await consent(auth.authorize_url or "")
    assert status == 302 and location is not None and location.startswith(native + "?")
    assert outcome_of(location)["connection_id"] in emu.state.connections
    with pytest.raises(ArgumentError):  # still refused: no scheme, or http(s) without a host
        await client.data_connectors.authorize_connection(provider="google_drive", redirect_uri="app.example/cb")
    with pytest.raises(ArgumentError):
        await client.data_connectors.authorize_connection(provider="google_drive", redirect_uri="https:/cb")
    assert emu.state.requests("POST /connections:authorize") == 1


@pytest.mark.parametrize(("redirect_uri", "back_to"), [
    ("myapp://callback", "myapp://callback?"),
    ("https://app.example.com:443/cb?next=%2Fhome&x=a%20b", "https://app.example.com:443/cb?next=%2Fhome&x=a%20b&"),
    ("https://APP.example.com", "https://APP.example.com?"),
    ("https://app.example.com/café", "https://app.example.com/caf%C3%A9?"),  # only what a URI cannot hold is escaped
])
async def test_the_user_comes_back_to_the_redirect_uri_exactly_as_given(
    redirect_uri: str, back_to: str, emu: Emulator, client: AsyncTwelveLabs
) -> None:
    # The outcome is appended to the URI the app sent, whose own query is kept (RFC 6749 section 3.1.2): the
    # app matches its redirect on that exact text, so no part of it may be respelled.
    auth = await client.data_connectors.authorize_connection(provider="google_drive", redirect_uri=redirect_uri,
                                                             custom_id="c1")
    status, location = await consent(auth.authorize_url or "")
    assert status == 302 and location is not None
    connection_id = outcome_of(location)["connection_id"]
    assert location == f"{back_to}connection_id={connection_id}&status=ok&custom_id=c1"


async def test_an_inactive_or_unknown_connection_is_refused(emu: Emulator, client: AsyncTwelveLabs) -> None:
    connection = emu.state.create_connection(custom_id="seeded")
    assert [c.status for c in (await client.data_connectors.list_connections()).data] == ["active"]
    for status in ("expired", "revoked"):
        emu.state.set_connection_status(connection.id, status)
        assert (await client.data_connectors.retrieve_connection(connection.id)).status == status
        with pytest.raises(ConflictError) as picker:
            await client.data_connectors.create_connection_picker_token(connection.id)
        assert picker.value.status == 409
        with pytest.raises(ConflictError):
            await client.imports.import_files(connection.id, items=["f-dog"])
    assert emu.state.connector_imports == {} and len(emu.state.assets) == 0
    with pytest.raises(NotFoundError):
        await client.data_connectors.create_connection_picker_token("nope")
    with pytest.raises(NotFoundError):
        await client.imports.import_files("nope", items=["f-dog"])
    with pytest.raises(NotFoundError):
        await client.imports.retrieve_import(connection.id, "nope")
    with pytest.raises(NotFoundError):
        await client.data_connectors.delete_connection("nope")
    # Wrong input never reaches the emulator.
    for items in ([], ["f-dog", "f-dog"], [f"f{n}" for n in range(101)], [{"id": "f-dog"}]):
        with pytest.raises(ArgumentError):
            await client.imports.import_files(connection.id, items=items)
    assert emu.state.requests("POST /connections/{connection_id}/imports") == 3


async def test_redirect_uri_rules(emu: Emulator) -> None:
    async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=2) as client:
        emu.config.max_redirect_uris = 2
        with pytest.raises(ArgumentError):  # the spec asks for HTTPS: refused before any request
            await client.data_connectors.create_redirect_uri(redirect_uri="http://127.0.0.1:8000/done")
        assert emu.state.requests("POST /connections/redirect-uris") == 0
        first = await client.data_connectors.create_redirect_uri(redirect_uri=REDIRECT)
        with pytest.raises(ConflictError) as duplicate:
            await client.data_connectors.create_redirect_uri(redirect_uri=REDIRECT)
        assert duplicate.value.code == "redirect_uri_already_exists"
        with pytest.raises(UnprocessableEntityError) as private:
            await client.data_connectors.create_redirect_uri(redirect_uri="https://intranet.local/done")
        assert private.value.code == "redirect_uri_invalid"
        second = await client.data_connectors.create_redirect_uri(redirect_uri="https://b.example.com/done")
        with pytest.raises(UnprocessableEntityError) as full:
            await client.data_connectors.create_redirect_uri(redirect_uri="https://c.example.com/done")
        assert full.value.code == "redirect_uri_limit_exceeded"
        assert emu.state.requests("POST /connections/redirect-uris") == 5  # none of these is retried
        page = await client.data_connectors.list_redirect_uris(page_limit=1)
        assert [r.id for r in page.data] == [second.id]  # newest first
        assert page.page_info is not None and page.page_info.total_page == 2
        assert [r.id for r in (await client.data_connectors.list_redirect_uris(page=2, page_limit=1)).data] == [
            first.id]
        with pytest.raises(NotFoundError):
            await client.data_connectors.delete_redirect_uri("nope")


@pytest.mark.usefixtures("quick_retries")
async def test_a_lost_import_answer_is_retried_without_a_second_download() -> None:
    async with Emulator(api_key=KEY, speed=20.0, drive_files=DRIVE, seed=1,
                        faults="POST /connections/{id}/imports:drop_after=0.5") as emu, \
            AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=6) as client:
        connection = emu.state.create_connection()
        results = [await client.imports.import_files(connection.id, items=["f-dog", "f-img", "f-doc"])
                   for _ in range(4)]
        assert emu.state.outcomes["POST /connections/{connection_id}/imports"]["drop_after"] >= 1
        assert {tuple(i.asset_id for i in r.items) for r in results} == {tuple(i.asset_id for i in results[0].items)}
        assert len(emu.state.assets) == 2  # one asset per accepted file, however often it was asked for
        done = await client.imports.wait_for_done(connection.id, results[-1].id, **FAST)
        assert outcomes(done) == {"f-dog": "ready", "f-img": "ready", "f-doc": "rejected"}


# --- waiting ------------------------------------------------------------------------------------------------------


async def test_waiting_for_an_import_on_a_manual_clock() -> None:
    clock = ManualClock()
    async with Emulator(api_key=KEY, speed=1.0, clock=clock, drive_files=DRIVE) as emu, \
            AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=0) as client:
        connection = emu.state.create_connection()
        result = await client.imports.import_files(connection.id, items=["f-dog", "f-doc"])
        with pytest.raises(WaitTimeoutError) as caught:  # the clock stands still: the download never ends
            await client.imports.wait_for_done(connection.id, result.id, timeout=0.1, **FAST)
        last = caught.value.task
        assert isinstance(last, ConnectorImport) and last.status == "processing"
        assert outcomes(last) == {"f-dog": "processing", "f-doc": "rejected"}

        clock.advance(10)
        emu.state.reset_counters()
        done = await client.imports.wait_for_done(connection.id, result.id, **FAST)
        assert outcomes(done) == {"f-dog": "ready", "f-doc": "rejected"}
        assert emu.state.requests(RETRIEVE_IMPORT) == 1  # done at the first poll

        # Every file rejected: nothing to wait for.
        rejected = await client.imports.import_files(connection.id, items=["missing-1", "denied-2"])
        assert rejected.has_failures is True and [i.outcome for i in rejected.items] == ["rejected", "rejected"]
        emu.state.reset_counters()
        assert (await client.imports.wait_for_done(connection.id, rejected.id, **FAST)).status == "completed"
        assert emu.state.requests(RETRIEVE_IMPORT) == 1

        # An imported asset deleted while waited for drops out of the import; the wait still ends.
        second = await client.imports.import_files(connection.id, items=["f-img", "abc123"])
        waiting = asyncio.ensure_future(client.imports.wait_for_done(connection.id, second.id, **FAST))
        await until(lambda: emu.state.requests(RETRIEVE_IMPORT) >= 2)
        with emu.state.lock:
            del emu.state.assets[second.items[1].asset_id or ""]
        clock.advance(10)
        finished = await asyncio.wait_for(waiting, 5)
        assert outcomes(finished) == {"f-img": "ready"} and finished.item_count == 2


# --- the blocking client ------------------------------------------------------------------------------------------


def test_every_operation_through_the_blocking_client() -> None:
    with EmulatorThread(api_key=KEY, speed=20.0, drive_files=DRIVE) as emu, \
            TwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
        registered = client.data_connectors.create_redirect_uri(redirect_uri=REDIRECT)
        assert [r.redirect_uri for r in client.data_connectors.list_redirect_uris().data] == [REDIRECT]
        auth = client.data_connectors.authorize_connection(provider="google_drive", redirect_uri=REDIRECT,
                                                           custom_id="blocking")
        status, location = consent_sync(auth.authorize_url or "")
        back = outcome_of(location)
        assert status == 302 and back["status"] == "ok" and back["custom_id"] == "blocking"
        connection_id = back["connection_id"]
        assert emu.state.connections[connection_id].custom_id == "blocking"
        assert client.data_connectors.retrieve_connection(connection_id).status == "active"
        assert [c.id for c in client.data_connectors.list_connections().data] == [connection_id]
        assert client.data_connectors.create_connection_picker_token(connection_id).expires_in == 3600

        result = client.imports.import_files(connection_id, items=REQUESTED)
        assert [i.source_id for i in result.items] == REQUESTED and result.has_failures
        seen: list[dict[str | None, str]] = []
        done = client.imports.wait_for_done(connection_id, result.id, callback=lambda i: seen.append(outcomes(i)),
                                            **FAST)
        assert done.status == "completed" and outcomes(done) == OUTCOMES and seen[-1] == OUTCOMES
        assert [s.id for s in client.imports.list_imports(connection_id).data] == [result.id]
        assert client.imports.retrieve_import(connection_id, result.id) == done

        assert client.data_connectors.delete_connection(connection_id) is None
        assert connection_id not in emu.state.connections
        assert client.data_connectors.delete_redirect_uri(registered.id) is None
        assert emu.state.redirect_uris == {}
        with pytest.raises(NotFoundError):
            client.data_connectors.delete_redirect_uri(registered.id)
        assert {route for route, n in emu.state.route_counts.items() if n} >= CONNECTION_ROUTES
