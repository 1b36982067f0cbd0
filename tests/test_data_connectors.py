"""Data connectors and imports: every route on the wire (checked against the 2026-07 spec), answers of the spec's
shape decoded, the input shapes, and waiting for an import's files with each file's outcome.

The wire table (``WIRE_CASES``) uses ``test_wire``'s ``Case`` and checks; ``test_wire`` counts it in its
completeness check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from core_testkit import API_KEY, RecordingServer, Reply
from test_wire import T0, Case, _params, page, validate
from wire_kit import run_case, run_case_sync

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, models
from twelvelabs_async._converter import structure_strict
from twelvelabs_async._errors import ArgumentError, ArgumentTypeError, NotFoundError, WaitTimeoutError

CONNECTION = {
    "_id": "conn_1",
    "provider": "google_drive",
    "status": "active",
    "custom_id": "team-7",
    "account": {"external_id": "1083", "display_name": "ana@example.com"},
    "scopes": ["https://www.googleapis.com/auth/drive.readonly"],
    "connected_at": T0,
    "last_used_at": T0,
}
REDIRECT = {"_id": "ru_1", "redirect_uri": "https://app.example/callback", "created_at": T0}
PICKER = {
    "access_token": "ya29.SECRET-token",
    "expires_in": 3599,
    "scope": "https://www.googleapis.com/auth/drive.readonly",
    "app_id": "1234567890",
    "developer_key": "AIza-SECRET-key",
}


def import_item(source_id: str, status: str | None, **more: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"source_id": source_id, **more}
    if status is not None:
        entry.update(asset_id=f"as_{source_id}", status=status)
    return entry


REJECTED = import_item(
    "f3", None, error={"code": "unsupported_media_type", "message": "A spreadsheet is not a video."}
)
IMPORT_SUMMARY = {
    "_id": "imp_1",
    "connection_id": "conn_1",
    "provider": "google_drive",
    "custom_id": "team-7",
    "item_count": 3,
    "created_at": T0,
}


def import_detail(*items: dict[str, Any]) -> dict[str, Any]:
    return {**IMPORT_SUMMARY, "items": list(items)}


WIRE_CASES = [
    # --- connections ----------------------------------------------------------------------------------------
    Case(
        "data_connectors.authorize_connection",
        "data_connectors.authorize_connection",
        lambda c, m: c.data_connectors.authorize_connection(
            provider="google_drive", redirect_uri="https://app.example/callback", custom_id="team-7"
        ),
        "POST",
        "/connections:authorize",
        json={"provider": "google_drive", "redirect_uri": "https://app.example/callback", "custom_id": "team-7"},
        reply=Reply(json={"authorize_url": "https://accounts.example/o/oauth2?state=s1", "state": "s1"}),
        result_type=models.ConnectionAuthorization,
        expect={"authorize_url": "https://accounts.example/o/oauth2?state=s1", "state": "s1"},
        sync=True,
    ),
    Case(
        "data_connectors.list_connections",
        "data_connectors.list_connections",
        lambda c, m: c.data_connectors.list_connections(page=1, page_limit=20),
        "GET",
        "/connections",
        query=[("page", "1"), ("page_limit", "20")],
        reply=Reply(json=page([CONNECTION])),
        result_type=models.ConnectionPage,  # one page, as 1.3.6 returns it
        expect={"data[0].id": "conn_1", "data[0].account.display_name": "ana@example.com", "page_info.page": 1},
        sync=True,
    ),
    Case(
        "data_connectors.retrieve_connection",
        "data_connectors.retrieve_connection",
        lambda c, m: c.data_connectors.retrieve_connection("conn_1"),
        "GET",
        "/connections/conn_1",
        reply=Reply(json=CONNECTION),
        result_type=models.Connection,
        expect={"status": "active", "scopes[0]": "https://www.googleapis.com/auth/drive.readonly",
                "last_used_at.year": 2026},
    ),
    Case(
        "data_connectors.delete_connection",
        "data_connectors.delete_connection",
        lambda c, m: c.data_connectors.delete_connection("conn_1"),
        "DELETE",
        "/connections/conn_1",
        reply=Reply(200, body=b""),
    ),
    Case(
        "data_connectors.create_connection_picker_token",
        "data_connectors.create_connection_picker_token",
        lambda c, m: c.data_connectors.create_connection_picker_token("conn_1"),
        "POST",
        "/connections/conn_1/picker-token",  # no body at all
        reply=Reply(json=PICKER),
        result_type=models.ConnectionPickerToken,
        expect={"access_token": "ya29.SECRET-token", "expires_in": 3599, "app_id": "1234567890"},
        sync=True,
    ),
    Case(
        "data_connectors.create_redirect_uri",
        "data_connectors.create_redirect_uri",
        lambda c, m: c.data_connectors.create_redirect_uri(redirect_uri="https://app.example/callback"),
        "POST",
        "/connections/redirect-uris",
        json={"redirect_uri": "https://app.example/callback"},
        reply=Reply(201, json=REDIRECT),
        result_type=models.RedirectUri,
        expect={"id": "ru_1", "redirect_uri": "https://app.example/callback"},
    ),
    Case(
        "data_connectors.list_redirect_uris",
        "data_connectors.list_redirect_uris",
        lambda c, m: c.data_connectors.list_redirect_uris(page=2),
        "GET",
        "/connections/redirect-uris",
        query=[("page", "2")],
        reply=Reply(json=page([REDIRECT], 2, 2)),
        result_type=models.RedirectUriPage,
        expect={"data[0].id": "ru_1", "page_info.total_page": 2},
    ),
    Case(
        "data_connectors.delete_redirect_uri",
        "data_connectors.delete_redirect_uri",
        lambda c, m: c.data_connectors.delete_redirect_uri("ru_1"),
        "DELETE",
        "/connections/redirect-uris/ru_1",
        reply=Reply(204),
    ),
    # --- imports --------------------------------------------------------------------------------------------
    Case(
        "imports.import_files",
        "imports.import_files",
        lambda c, m: c.imports.import_files("conn_1", items=["f1", {"source_id": "f2"}, "f3"]),
        "POST",
        "/connections/conn_1/imports",
        json={"items": [{"source_id": "f1"}, {"source_id": "f2"}, {"source_id": "f3"}]},
        reply=Reply(202, json={
            "_id": "imp_1",
            "has_failures": True,
            "items": [import_item("f1", "processing"), import_item("f2", "ready", action="skipped"), REJECTED],
        }),
        result_type=models.ConnectorImportResult,
        expect={
            "id": "imp_1",
            "has_failures": True,
            "items[0].asset_id": "as_f1",
            "items[1].action": "skipped",
            "items[2].rejected": True,
            "items[2].error.code": "unsupported_media_type",
        },
        sync=True,
    ),
    Case(
        "imports.list_imports",
        "imports.list_imports",
        lambda c, m: c.imports.list_imports("conn_1", page=1, page_limit=5),
        "GET",
        "/connections/conn_1/imports",
        query=[("page", "1"), ("page_limit", "5")],
        reply=Reply(json=page([IMPORT_SUMMARY])),
        result_type=models.ConnectorImportPage,
        expect={"data[0].id": "imp_1", "data[0].item_count": 3, "data[0].items": None, "data[0].status": None},
    ),
    Case(
        "imports.retrieve_import",
        "imports.retrieve_import",
        lambda c, m: c.imports.retrieve_import("conn_1", "imp_1"),
        "GET",
        "/connections/conn_1/imports/imp_1",
        reply=Reply(json=import_detail(import_item("f1", "ready"), import_item("f2", "processing"), REJECTED)),
        result_type=models.ConnectorImport,
        expect={"status": "processing", "items[1].outcome": "processing", "rejected[0].source_id": "f3"},
        sync=True,
    ),
]


@pytest.fixture
def media(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


@pytest.mark.parametrize("case", _params(WIRE_CASES))
async def test_route_on_the_wire(case: Case, server: RecordingServer, client: AsyncTwelveLabs, media: Path) -> None:
    await run_case(case, server, client, media)


@pytest.mark.parametrize("case", _params([case for case in WIRE_CASES if case.sync]))
def test_route_on_the_wire_sync(case: Case, server: RecordingServer, sync_client: TwelveLabs, media: Path) -> None:
    run_case_sync(case, server, sync_client, media)


@pytest.mark.parametrize(
    ("body", "model"),
    [
        (CONNECTION, models.Connection),
        (page([CONNECTION]), models.ConnectionPage),
        (PICKER, models.ConnectionPickerToken),
        (REDIRECT, models.RedirectUri),
        (page([REDIRECT]), models.RedirectUriPage),
        ({"_id": "imp_1", "has_failures": True, "items": [import_item("f1", "processing"), REJECTED]},
         models.ConnectorImportResult),
        (page([IMPORT_SUMMARY]), models.ConnectorImportPage),
        (import_detail(import_item("f1", "ready"), REJECTED), models.ConnectorImport),
    ],
    ids=["connection", "connections", "picker", "redirect", "redirects", "import-result", "imports", "import"],
)
def test_every_field_of_the_spec_has_a_home(body: dict[str, Any], model: type) -> None:
    assert structure_strict(body, model).extra == {}


def test_picker_secrets_stay_out_of_repr() -> None:
    token = structure_strict(PICKER, models.ConnectionPickerToken)
    assert "SECRET" not in repr(token) and token.access_token == "ya29.SECRET-token"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], None),  # a summary of the list has no items: no status to wait on
        ([import_item("f1", "ready"), import_item("f2", "failed"), REJECTED], "completed"),
        ([import_item("f1", "ready"), import_item("f2", "processing")], "processing"),
        ([import_item("f1", "queued")], "processing"),  # a status this SDK does not know is not an end
        ([import_item("f1", None, action="rejected")], "completed"),  # rejected without an error object
    ],
    ids=["summary", "all-final", "one-going", "unknown-status", "rejected-by-action"],
)
def test_the_import_status_sums_up_its_files(items: list[dict[str, Any]], expected: str | None) -> None:
    body = import_detail(*items) if items else IMPORT_SUMMARY
    assert structure_strict(body, models.ConnectorImport).status == expected


@pytest.mark.parametrize(
    ("call", "error", "param"),
    [
        (lambda c: c.data_connectors.authorize_connection(provider="google_drive", redirect_uri="callback"),
         ArgumentError, "redirect_uri"),
        (lambda c: c.data_connectors.authorize_connection(provider="google_drive", redirect_uri=None), ArgumentError,
         "redirect_uri"),
        (lambda c: c.data_connectors.create_redirect_uri(redirect_uri="http://app.example/cb"), ArgumentError,
         "redirect_uri"),
        (lambda c: c.data_connectors.list_connections(page_limit=0), ArgumentError, "page_limit"),
        (lambda c: c.data_connectors.retrieve_connection("."), ArgumentError, "connection_id"),
        (lambda c: c.imports.import_files("conn_1", items=[]), ArgumentError, "items"),
        (lambda c: c.imports.import_files("conn_1", items=[f"f{n}" for n in range(101)]), ArgumentError, "items"),
        (lambda c: c.imports.import_files("conn_1", items=["f1", {"source_id": "f1"}]), ArgumentError, "items"),
        (lambda c: c.imports.import_files("conn_1", items=[{"id": "f1"}]), ArgumentError, "items"),
        (lambda c: c.imports.import_files("conn_1", items={"source_id": "f1"}), ArgumentTypeError, "items"),
        (lambda c: c.imports.retrieve_import("conn_1", ""), ArgumentError, "import_id"),
    ],
    ids=["relative-redirect", "no-redirect", "http-redirect-uri", "page-limit", "dot-id", "no-files",
         "101-files", "repeated-file", "no-source-id", "a-mapping", "empty-import-id"],
)
async def test_bad_input_is_refused_before_any_request(
    call: Any, error: type[Exception], param: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(error) as info:
        await call(client)
    assert type(info.value) is error and getattr(info.value, "param", None) == param
    assert server.requests == []


# --- the connector flow, then waiting for an import --------------------------------------------------------------

FAST: dict[str, Any] = {"sleep_interval": 0.001, "max_interval": 0.002}


async def test_import_then_wait_reports_each_files_outcome(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(
        Reply(202, json={"_id": "imp_1", "has_failures": True,
                         "items": [import_item("f1", "processing"), import_item("f2", "processing"), REJECTED]}),
        Reply(json=import_detail(import_item("f1", "processing"), import_item("f2", "processing"), REJECTED)),
        Reply(json=import_detail(import_item("f1", "processing"), import_item("f2", "processing"), REJECTED)),
        Reply(json=import_detail(import_item("f1", "ready"), import_item("f2", "processing"), REJECTED)),
        Reply(json=import_detail(import_item("f1", "ready"), import_item("f2", "failed"), REJECTED)),
    )
    started = await client.imports.import_files("conn_1", items=["f1", "f2", "f3"])
    seen: list[tuple[str, ...]] = []

    async def progress(current: models.ConnectorImport) -> None:
        seen.append(tuple(item.outcome for item in current.items or ()))

    done = await client.imports.wait_for_done("conn_1", started.id, callback=progress, **FAST)
    assert isinstance(done, models.ConnectorImport) and done.status == "completed"
    assert [(i.source_id, i.outcome) for i in done.items or ()] == [
        ("f1", "ready"), ("f2", "failed"), ("f3", "rejected")
    ]
    assert [i.asset_id for i in done.ready] == ["as_f1"] and [i.source_id for i in done.failed] == ["f2"]
    assert done.rejected[0].error is not None and done.rejected[0].error.code == "unsupported_media_type"
    # Each change of any file is reported once (the engine alone would report processing -> completed only).
    assert seen == [
        ("processing", "processing", "rejected"),
        ("ready", "processing", "rejected"),
        ("ready", "failed", "rejected"),
    ]
    assert len(server.requests) == 5
    for req in server.requests[1:]:
        assert (req.method, req.raw_path) == ("GET", "/v1.3/connections/conn_1/imports/imp_1")
    for req in server.requests:
        validate(req)


async def test_wait_for_an_import_deadline(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json=import_detail(import_item("f1", "processing"))))
    with pytest.raises(WaitTimeoutError) as info:
        await client.imports.wait_for_done("conn_1", "imp_1", timeout=0, **FAST)
    assert info.value.task.status == "processing" and "import imp_1" in str(info.value)


async def test_wait_for_an_unknown_import_raises_at_once(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(404, json={"code": "resource_not_exists", "message": "no import imp_x"}))
    with pytest.raises(NotFoundError):
        await client.imports.wait_for_done("conn_1", "imp_x", **FAST)
    with pytest.raises(ArgumentError):
        await client.imports.wait_for_done("conn_1", "..", **FAST)
    assert len(server.requests) == 1


async def test_an_import_of_files_that_were_all_rejected_is_done_at_once(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json=import_detail(REJECTED)))
    done = await client.imports.wait_for_done("conn_1", "imp_1", **FAST)
    assert done.status == "completed" and len(server.requests) == 1


def test_the_whole_flow_sync(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(
        Reply(json={"authorize_url": "https://accounts.example/o/oauth2?state=s1", "state": "s1"}),
        Reply(json=CONNECTION),
        Reply(202, json={"_id": "imp_1", "items": [import_item("f1", "processing")]}),
        Reply(json=import_detail(import_item("f1", "processing"))),
        Reply(json=import_detail(import_item("f1", "ready"))),
    )
    auth = sync_client.data_connectors.authorize_connection(
        provider="google_drive", redirect_uri="https://app.example/callback"
    )
    assert auth.authorize_url is not None and auth.authorize_url.startswith("https://")
    assert sync_client.data_connectors.retrieve_connection("conn_1").status == "active"
    started = sync_client.imports.import_files("conn_1", items="f1")  # one id is one file
    done = sync_client.imports.wait_for_done("conn_1", started.id, **FAST)
    assert [i.outcome for i in done.items or ()] == ["ready"]
    assert server.requests[2].json == {"items": [{"source_id": "f1"}]}
    for req in server.requests:
        validate(req)
