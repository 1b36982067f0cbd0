"""Data connectors and imports on today's surface, with raw aiohttp: the whole Google Drive flow offline
(register a redirect URI, authorize, fetch the returned URL, follow the redirect to a local app, the connection
exists, import, the assets become ready on the clock, a re-import returns the same assets), redirect-URI rules,
the OAuth edge cases, connection statuses, import validation and rejections, faults, and the state and admin
helpers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from emulator_helpers import HEADERS

from twelvelabs_async.emulator import Emulator, ManualClock

DRIVE = {
    "f-dog": ("dog_park.mp4", 30_000_000, "video"),
    "f-big": ("city_tour.mp4", 2_000_000_000, "video"),
    "f-song": ("song.mp3", 3_000_000, "audio"),
    "f-img": ("dog_portrait.jpg", 1_000_000, "image"),
    "f-doc": ("notes.pdf", 20_000, "document"),
    "f-huge": ("huge.mp4", 10_000_000_001, "video"),
    "f-poster": ("poster.png", 33_000_000, "image"),
    "f-broken": ("broken_clip.mp4", 5_000_000, "video"),
}


async def call(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> tuple[int, Any]:
    async with http.request(method, url, **kwargs) as resp:
        text = await resp.text()
        return resp.status, (await resp.json(content_type=None)) if text else None


class CallbackApp:
    """The application a user comes back to after consenting: a loopback server that records each redirect."""

    def __init__(self) -> None:
        self.calls: list[dict[str, str]] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def _callback(self, request: web.Request) -> web.Response:
        self.calls.append(dict(request.query))
        return web.Response(text="connected")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/oauth/done", self._callback)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/oauth/done"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


@pytest.fixture
async def callback_app() -> AsyncIterator[CallbackApp]:
    app = CallbackApp()
    await app.start()
    try:
        yield app
    finally:
        await app.stop()


async def authorize(http: aiohttp.ClientSession, base: str, redirect_uri: str, **extra: Any) -> dict[str, Any]:
    status, body = await call(http, "POST", f"{base}/connections:authorize",
                              json={"provider": "google_drive", "redirect_uri": redirect_uri, **extra})
    assert status == 200, body
    return dict(body)


async def import_files(http: aiohttp.ClientSession, base: str, connection_id: str, *source_ids: str,
                       headers: dict[str, str] | None = None) -> tuple[int, Any]:
    return await call(http, "POST", f"{base}/connections/{connection_id}/imports",
                      json={"items": [{"source_id": s} for s in source_ids]}, headers=headers or {})


async def test_whole_connector_flow_offline(callback_app: CallbackApp) -> None:
    clock = ManualClock()
    async with Emulator(speed=1.0, clock=clock, drive_files=DRIVE) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http, aiohttp.ClientSession() as browser:
        base = emu.base_url
        status, registered = await call(http, "POST", f"{base}/connections/redirect-uris",
                                        json={"redirect_uri": callback_app.url})
        assert status == 201 and registered["redirect_uri"] == callback_app.url and registered["created_at"]
        auth = await authorize(http, base, callback_app.url, custom_id="user-42")
        assert auth["authorize_url"].startswith(f"{emu.root_url}/_emulator/oauth/google_drive/authorize?")
        assert f"state={auth['state']}" in auth["authorize_url"]

        # The user's browser (no API key) opens the URL, consents, and is sent back to the application.
        async with browser.get(auth["authorize_url"]) as resp:
            assert resp.status == 200 and await resp.text() == "connected"
            assert [str(h.url).split("?")[0] for h in resp.history] == [auth["authorize_url"].split("?")[0]]
            assert resp.history[0].status == 302
        (back,) = callback_app.calls
        assert back["status"] == "ok" and back["custom_id"] == "user-42" and set(back) == {
            "connection_id", "status", "custom_id"}
        connection_id = back["connection_id"]
        status, connection = await call(http, "GET", f"{base}/connections/{connection_id}")
        assert status == 200 and connection["status"] == "active" and connection["provider"] == "google_drive"
        assert connection["custom_id"] == "user-42"
        assert connection["account"]["display_name"] == "drive-user@example.com"
        assert len(connection["account"]["external_id"]) == 21 and connection["scopes"]
        assert "last_used_at" not in connection
        status, token = await call(http, "POST", f"{base}/connections/{connection_id}/picker-token")
        assert status == 200 and token["access_token"].startswith("ya29.") and token["expires_in"] == 3600
        assert {"scope", "app_id", "developer_key"} <= set(token)

        # Import: accepted files become processing assets, rejected ones say why, in request order.
        requested = ["f-dog", "f-big", "f-doc", "f-huge", "missing-7", "denied-3", "f-img", "f-song", "f-poster",
                     "abc123"]
        status, result = await import_files(http, base, connection_id, *requested)
        assert status == 202 and result["has_failures"] is True and result["_id"]
        assert [i["source_id"] for i in result["items"]] == requested
        errors = {i["source_id"]: i["error"]["code"] for i in result["items"] if "error" in i}
        assert errors == {"f-doc": "unsupported_media_type", "f-huge": "video_filesize_too_large",
                          "missing-7": "source_unavailable", "denied-3": "source_not_authorized",
                          "f-poster": "media_filesize_too_large"}
        accepted = {i["source_id"]: i for i in result["items"] if "error" not in i}
        assert all(set(i) == {"source_id", "asset_id", "status"} and i["status"] == "processing"
                   for i in accepted.values())
        assert all("asset_id" not in i and "status" not in i for i in result["items"] if "error" in i)
        dog = emu.state.assets[accepted["f-dog"]["asset_id"]]
        status, asset = await call(http, "GET", f"{base}/assets/{dog.id}")
        assert asset["source"] == {"type": "connector", "details": {
            "provider": "google_drive", "source_id": "f-dog", "original_filename": "dog_park.mp4",
            "source_link": "https://drive.google.com/file/d/f-dog/view"}}
        assert asset["filename"] == "dog_park.mp4" and asset["status"] == "processing"
        assert emu.state.assets[accepted["abc123"]["asset_id"]].filename == "drive_abc123.mp4"  # made up

        # Per-file progress on the clock: the small files are downloaded and processed long before the 2 GB one.
        clock.advance(1.0)
        status, detail = await call(http, "GET", f"{base}/connections/{connection_id}/imports/{result['_id']}")
        progress = {i["source_id"]: i.get("status") for i in detail["items"]}
        assert progress["f-dog"] == "ready" and progress["f-img"] == "ready" and progress["f-big"] == "processing"
        assert detail["item_count"] == len(requested) and detail["custom_id"] == "user-42"
        for _ in range(100):
            status, detail = await call(http, "GET", f"{base}/connections/{connection_id}/imports/{result['_id']}")
            if all(i.get("status") != "processing" for i in detail["items"]):
                break
            clock.advance(0.5)
        assert {i["source_id"]: i["status"] for i in detail["items"] if "status" in i} == {
            "f-dog": "ready", "f-big": "ready", "f-img": "ready", "f-song": "ready", "abc123": "ready"}
        status, asset = await call(http, "GET", f"{base}/assets/{dog.id}")
        assert asset["status"] == "ready" and asset["duration"] == 120.0 and asset["size"] == 30_000_000

        # Re-importing returns the existing assets with their current status, without a new download.
        before = len(emu.state.assets)
        status, again = await import_files(http, base, connection_id, "f-dog", "f-img", "f-doc")
        assert status == 202 and len(emu.state.assets) == before and again["_id"] != result["_id"]
        assert again["items"][:2] == [{"source_id": "f-dog", "asset_id": dog.id, "status": "ready"},
                                      {"source_id": "f-img", "asset_id": accepted["f-img"]["asset_id"],
                                       "status": "ready"}]
        status, page = await call(http, "GET", f"{base}/connections/{connection_id}/imports")
        assert [i["_id"] for i in page["data"]] == [again["_id"], result["_id"]] and "items" not in page["data"][0]
        assert page["data"][0]["item_count"] == 3
        status, connection = await call(http, "GET", f"{base}/connections/{connection_id}")
        assert connection["last_used_at"]

        # An imported asset is an asset like any other: a knowledge store can hold it and find it.
        status, store = await call(http, "POST", f"{base}/knowledge-stores", json={"name": "drive"})
        status, item = await call(http, "POST", f"{base}/knowledge-stores/{store['_id']}/items",
                                  json={"asset_id": dog.id})
        assert status == 202
        clock.advance(2.0)
        status, hits = await call(http, "POST", f"{base}/knowledge-stores/{store['_id']}/search",
                                  json={"query": {"text": "dog park"}})
        assert [h["item_id"] for h in hits["data"]][:1] == [item["_id"]]


async def test_redirect_uri_rules() -> None:
    async with Emulator(speed=0, clock=ManualClock(), max_redirect_uris=3, loopback_redirect_uris=False) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        url = f"{emu.base_url}/connections/redirect-uris"
        for uri in ("http://app.example.com/done", "https://*.example.com/done", "https://10.0.0.8/done",
                    "https://localhost/done", "http://127.0.0.1:8080/done", "https://intranet/done",
                    "https://app.example.com/done#frag", "not a uri"):
            status, err = await call(http, "POST", url, json={"redirect_uri": uri})
            assert (status, err["code"]) == (422, "redirect_uri_invalid"), (uri, err)
        status, err = await call(http, "POST", url, json={})
        assert status == 400 and err["code"] == "parameter_not_provided"
        ids = []
        for n in range(3):
            status, body = await call(http, "POST", url, json={"redirect_uri": f"https://app{n}.example.com/done"})
            assert status == 201
            ids.append(body["_id"])
        status, err = await call(http, "POST", url, json={"redirect_uri": "https://app0.example.com/done"})
        assert status == 409 and err["code"] == "redirect_uri_already_exists"
        status, err = await call(http, "POST", url, json={"redirect_uri": "https://app9.example.com/done"})
        assert status == 422 and err["code"] == "redirect_uri_limit_exceeded"
        status, page = await call(http, "GET", url, params={"page_limit": 2})
        assert [e["_id"] for e in page["data"]] == [ids[2], ids[1]] and page["page_info"]["total_results"] == 3

        # Registered URIs restrict authorize to exact matches.
        status, err = await call(http, "POST", f"{emu.base_url}/connections:authorize",
                                 json={"provider": "google_drive", "redirect_uri": "https://app0.example.com/other"})
        assert status == 400 and err["code"] == "redirect_uri_not_registered"
        await authorize(http, emu.base_url, "https://app0.example.com/done")
        status, _ = await call(http, "DELETE", f"{url}/{ids[0]}")
        assert status == 200
        status, err = await call(http, "DELETE", f"{url}/{ids[0]}")
        assert status == 404 and err["code"] == "resource_not_exist"
        status, err = await call(http, "POST", f"{emu.base_url}/connections:authorize",
                                 json={"provider": "google_drive", "redirect_uri": "https://app0.example.com/done"})
        assert status == 400  # no longer accepted
        for n in (1, 2):
            await call(http, "DELETE", f"{url}/{ids[n]}")
        # With none registered, any redirect URI is accepted.
        await authorize(http, emu.base_url, "com.example.app:/oauth2redirect")
        for body in ({"provider": "dropbox", "redirect_uri": "https://a.example.com"},
                     {"provider": "google_drive"}, {"provider": "google_drive", "redirect_uri": "relative/path"}):
            status, err = await call(http, "POST", f"{emu.base_url}/connections:authorize", json=body)
            assert status == 400, (body, err)


async def test_oauth_edge_cases(callback_app: CallbackApp) -> None:
    clock = ManualClock()
    async with Emulator(speed=0, clock=clock) as emu, aiohttp.ClientSession(headers=HEADERS) as http, \
            aiohttp.ClientSession() as browser:
        base = emu.base_url
        denied = await authorize(http, base, callback_app.url + "?tab=2")
        async with browser.get(denied["authorize_url"] + "&deny=1") as resp:
            assert resp.status == 200
        assert callback_app.calls[-1] == {"tab": "2", "error": "access_denied"}  # the URI's own query is kept
        async with browser.get(denied["authorize_url"]) as resp:
            assert resp.status == 400 and "already been completed" in await resp.text()
        async with browser.get(f"{emu.root_url}/_emulator/oauth/google_drive/authorize?state=forged") as resp:
            assert resp.status == 400
        late = await authorize(http, base, callback_app.url)
        clock.advance(601)
        async with browser.get(late["authorize_url"]) as resp:
            assert resp.status == 200
        assert callback_app.calls[-1] == {"error": "authorization_expired"}
        assert emu.state.connections == {}

        other = await authorize(http, base, callback_app.url)
        async with browser.get(other["authorize_url"] + "&account=someone%40example.org") as resp:
            assert resp.status == 200
        connection_id = callback_app.calls[-1]["connection_id"]
        assert "custom_id" not in callback_app.calls[-1]
        status, connection = await call(http, "GET", f"{base}/connections/{connection_id}")
        assert connection["account"]["display_name"] == "someone@example.org" and "custom_id" not in connection
        # The programmatic way: the admin endpoint (and state.complete_authorization) do what the GET does.
        third = await authorize(http, base, "https://app.example.com/done", custom_id="c3")
        async with http.post(f"{emu.root_url}/_emulator/oauth/complete", json={"state": third["state"]}) as resp:
            done = await resp.json()
        assert done["location"] == ("https://app.example.com/done?connection_id="
                                    f"{done['connection_id']}&status=ok&custom_id=c3")
        status, page = await call(http, "GET", f"{base}/connections")
        assert status == 200 and [c["_id"] for c in page["data"]] == [done["connection_id"], connection_id]


async def test_connection_statuses_and_deletion(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    state = emulator.state
    connection = state.create_connection(custom_id="acme")
    status, result = await import_files(http, base, connection.id, "f1")
    asset_id = result["items"][0]["asset_id"]
    for status_name in ("revoked", "expired"):
        state.set_connection_status(connection.id, status_name)
        status, err = await call(http, "POST", f"{base}/connections/{connection.id}/picker-token")
        assert (status, err["code"]) == (409, "connection_not_active")
        status, err = await import_files(http, base, connection.id, "f2")
        assert (status, err["code"]) == (409, "connection_not_active")
        status, got = await call(http, "GET", f"{base}/connections/{connection.id}")
        assert got["status"] == status_name
    async with http.put(f"{emulator.root_url}/_emulator/connections/{connection.id}/status",
                        json={"status": "active"}) as resp:
        assert resp.status == 200
    status, _ = await call(http, "POST", f"{base}/connections/{connection.id}/picker-token")
    assert status == 200
    status, _ = await call(http, "DELETE", f"{base}/connections/{connection.id}")
    assert status == 200
    for method, path in (("GET", ""), ("DELETE", ""), ("POST", "/picker-token"), ("GET", "/imports"),
                         ("GET", f"/imports/{result['_id']}")):
        status, err = await call(http, method, f"{base}/connections/{connection.id}{path}")
        assert (status, err["code"]) == (404, "resource_not_exist"), (method, path)
    assert asset_id in state.assets  # "Assets imported through this connection are retained."
    # A new connection to the same Google account finds what that account imported.
    again = state.create_connection()
    status, result = await import_files(http, base, again.id, "f1")
    assert result["items"][0]["asset_id"] == asset_id


async def test_import_validation_and_deleted_assets(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    connection = emulator.state.create_connection()
    url = f"{base}/connections/{connection.id}/imports"
    cases: list[tuple[Any, str]] = [
        ({}, "parameter_not_provided"),
        ({"items": []}, "parameter_invalid"),
        ({"items": [{"source_id": f"s{n}"} for n in range(101)]}, "parameter_invalid"),
        ({"items": [{"source_id": "a"}, {"source_id": "a"}]}, "parameter_invalid"),
        ({"items": [{"source_id": "a", "name": "x"}]}, "parameter_unknown"),
        ({"items": [{}]}, "parameter_not_provided"),
        ({"items": ["a"]}, "parameter_invalid"),
    ]
    for body, code in cases:
        status, err = await call(http, "POST", url, json=body)
        assert (status, err["code"]) == (400, code), (body, err)
    assert emulator.state.connector_imports == {}
    status, result = await call(http, "POST", url, json={"items": [{"source_id": f"s{n}"} for n in range(100)]})
    assert status == 202 and len(result["items"]) == 100 and result["has_failures"] is False
    status, err = await import_files(http, base, "0123456789abcdef01234567", "a")
    assert status == 404 and err["code"] == "resource_not_exist"
    other = emulator.state.create_connection(account="other@example.com")
    status, err = await call(http, "GET", f"{base}/connections/{other.id}/imports/{result['_id']}")
    assert status == 404  # the import belongs to another connection

    # A deleted asset leaves the import's items (item_count stays); importing the file again makes a new asset.
    gone = result["items"][0]["asset_id"]
    status, _ = await call(http, "DELETE", f"{base}/assets/{gone}")
    assert status == 200
    status, detail = await call(http, "GET", f"{url}/{result['_id']}")
    assert detail["item_count"] == 100 and len(detail["items"]) == 99 and gone not in {i["asset_id"]
                                                                                       for i in detail["items"]}
    status, again = await import_files(http, base, connection.id, "s0", "s1")
    assert again["items"][0]["asset_id"] != gone and again["items"][1]["asset_id"] == result["items"][1]["asset_id"]


async def test_lost_import_answer_is_retried_safely(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    """drop_after: the import happened but its answer was lost; sending it again returns the same assets."""
    base = emulator.base_url
    connection = emulator.state.create_connection()
    with pytest.raises(aiohttp.ClientError):
        await import_files(http, base, connection.id, "a", "b", headers={"X-Emulator-Fault": "drop_after"})
    assert len(emulator.state.connector_imports) == 1 and len(emulator.state.assets) == 2
    status, result = await import_files(http, base, connection.id, "a", "b")
    assert status == 202 and {i["asset_id"] for i in result["items"]} == set(emulator.state.assets)
    assert emulator.state.outcomes["POST /connections/{connection_id}/imports"] == {"drop_after": 1, "202": 1}


async def test_admin_helpers(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    root, base = emulator.root_url, emulator.base_url
    async with http.post(f"{root}/_emulator/connections", json={"custom_id": "x", "account": "a@example.com"}) as resp:
        connection_id = (await resp.json())["connection_id"]
    async with http.put(f"{root}/_emulator/drive-files", json={"d1": ["cat_nap.mov", 4_000_000, "video"]}) as resp:
        assert resp.status == 200 and (await resp.json())["count"] == 1
    async with http.put(f"{root}/_emulator/drive-files", json={"d2": ["x.mp4", "big", "video"]}) as resp:
        assert resp.status == 400
    status, result = await import_files(http, base, connection_id, "d1")
    assert status == 202 and emulator.state.assets[result["items"][0]["asset_id"]].filename == "cat_nap.mov"
    async with http.put(f"{root}/_emulator/connections/{connection_id}/status", json={"status": "gone"}) as resp:
        assert resp.status == 400
    async with http.post(f"{root}/_emulator/reset") as resp:
        assert resp.status == 200
    state = emulator.state
    assert (state.connections, state.connector_imports, state.redirect_uris, state.imported_assets) == ({}, {}, {}, {})
    assert state.drive_files == {}  # back to the configured Drive


@pytest.mark.emulator_surface("2025")
async def test_absent_on_the_seed_era_surface(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    for method, path, body in (("POST", "/connections:authorize", {"provider": "google_drive", "redirect_uri": "x"}),
                               ("GET", "/connections", None), ("POST", "/responses", {})):
        status, err = await call(http, method, f"{emulator.base_url}{path}", json=body)
        assert (status, err["code"]) == (404, "resource_not_exist"), path
    async with http.get(f"{emulator.root_url}/_emulator/oauth/google_drive/authorize?state=x") as resp:
        assert resp.status == 404


def test_command_line_knobs() -> None:
    """The fake Drive and account can be set from the command line (and a malformed Drive is refused)."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    bad = subprocess.run([sys.executable, "-m", "twelvelabs_async.emulator", "--port", "0", "--drive-files",
                          '{"a": "x"}'], capture_output=True, text=True, timeout=30, cwd=root, env=env)
    assert bad.returncode == 2 and "--drive-files" in bad.stderr
    proc = subprocess.Popen(
        [sys.executable, "-m", "twelvelabs_async.emulator", "--port", "0", "--speed", "instant",
         "--drive-files", '{"a": ["cli_dog.mp4", 5000000, "video"]}', "--drive-account", "cli@example.com",
         "--sse-keepalive-interval", "5", "--knowledge-search-token-ttl", "30"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=root)
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        root_url = base.rsplit("/v1.3", 1)[0]

        def send(url: str, body: dict[str, Any] | None = None) -> Any:
            data = json.dumps(body).encode() if body is not None else None
            request = urllib.request.Request(url, data=data, headers={**HEADERS, "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as resp:
                return json.loads(resp.read())

        connection_id = send(f"{root_url}/_emulator/connections", {})["connection_id"]
        assert send(f"{base}/connections/{connection_id}")["account"]["display_name"] == "cli@example.com"
        result = send(f"{base}/connections/{connection_id}/imports", {"items": [{"source_id": "a"}]})
        asset = send(f"{base}/assets/{result['items'][0]['asset_id']}")
        assert asset["filename"] == "cli_dog.mp4" and asset["size"] == 5_000_000 and asset["status"] == "ready"
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
