"""``client.request(...)``: any endpoint through the same transport, async and blocking alike.

Every test runs once through ``AsyncTwelveLabs.request`` and once through ``TwelveLabs.request`` (from a worker
thread, so the test's loop stays free); both clients sleep on the fake clock, so retries cost no time.
"""

from __future__ import annotations

import asyncio
import functools
import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import spec_check
from core_testkit import API_KEY, FakeTime, RecordingServer, Reply, make_client

from twelvelabs_async import TwelveLabs
from twelvelabs_async._errors import (
    APIResponseError,
    APIStatusError,
    ArgumentError,
    BadRequestError,
    ConflictError,
    GoneError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    TwelveLabsError,
)
from twelvelabs_async._transport import Transport

PNG = b"\x89PNG\r\n\x1a\n-image"


class Hatch:
    """``request(...)`` of one of the two clients, awaitable either way."""

    def __init__(self, kind: str, async_client: Any, sync_client: TwelveLabs | None) -> None:
        self.kind = kind
        self._async = async_client
        self._sync = sync_client

    async def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        if self._sync is None:
            return await self._async.request(method, path, **kwargs)
        return await asyncio.to_thread(functools.partial(self._sync.request, method, path, **kwargs))


@pytest.fixture(params=["async", "sync"])
async def hatch(request: pytest.FixtureRequest, server: RecordingServer, fake_time: FakeTime) -> AsyncIterator[Hatch]:
    if request.param == "async":
        client = make_client(server.base_url, fake_time)
        try:
            yield Hatch("async", client, None)
        finally:
            await client.aclose()
        return
    sync = TwelveLabs(API_KEY, base_url=server.base_url)
    inner = sync.async_client
    inner._transport = Transport(inner.config, sleep=fake_time.sleep, clock=fake_time.clock, rng=random.Random(7))
    try:
        yield Hatch("sync", inner, sync)
    finally:
        await asyncio.to_thread(sync.close)


# --- what goes on the wire ------------------------------------------------------------------------------------


async def test_get_with_params(hatch: Hatch, server: RecordingServer) -> None:
    server.script(Reply(json={"data": [{"_id": "t1"}], "page_info": {"page": 2}}))
    result = await hatch(
        "GET",
        "/tasks",
        params={"page": 2, "status": ["ready", "failed"], "index_id": "idx1", "filename": None, "duration": 12.5},
    )
    assert result == {"data": [{"_id": "t1"}], "page_info": {"page": 2}}
    (req,) = server.requests
    assert (req.method, req.raw_path) == ("GET", "/v1.3/tasks")
    assert req.query == [("page", "2"), ("status", "ready"), ("status", "failed"), ("index_id", "idx1"),
                         ("duration", "12.5")]
    assert req.headers.getall("x-api-key") == [API_KEY]
    assert req.body == b"" and "Content-Type" not in req.headers
    assert spec_check.validate_request(req).label == "tasks: list"


async def test_params_as_pairs_and_booleans(hatch: Hatch, server: RecordingServer) -> None:
    server.script(Reply(json={"_id": "v1"}))
    await hatch(
        "GET",
        "/indexes/idx1/videos/v1",
        params=[("embedding_option", "visual"), ("embedding_option", "audio"), ("transcription", True)],
    )
    server.script(Reply(json={}))
    await hatch("GET", "/search/tok", params={"include_user_metadata": False, "skip": None})
    first, second = server.requests
    assert first.query == [("embedding_option", "visual"), ("embedding_option", "audio"), ("transcription", "true")]
    assert second.query == [("include_user_metadata", "false")]
    for req in server.requests:
        spec_check.validate_request(req)


@pytest.mark.parametrize(
    "value",
    [{"index_name": "n", "models": [{"model_name": "marengo3.0", "model_options": ["visual"]}]}, [1, {"a": None}],
     "text", 0, 2.5, False, True],
    ids=["object", "array", "string", "zero", "float", "false", "true"],
)
async def test_post_any_json_value(value: Any, hatch: Hatch, server: RecordingServer) -> None:
    server.script(Reply(201, json={"_id": "idx1"}))
    assert await hatch("POST", "/indexes", json=value) == {"_id": "idx1"}
    (req,) = server.requests
    assert req.content_type is not None and req.content_type.startswith("application/json")
    assert req.json == value
    if isinstance(value, dict):
        spec_check.validate_request(req)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
async def test_a_request_without_a_body_claims_no_content_type(
    method: str, hatch: Hatch, server: RecordingServer
) -> None:
    # aiohttp labels an empty POST/PUT/PATCH `application/octet-stream` unless told not to; there is no body.
    server.script(Reply(json={"access_token": "t"}))
    await hatch(method, "/connections/conn_1/picker-token")
    (req,) = server.requests
    assert req.body == b"" and "Content-Type" not in req.headers
    if method == "POST":
        spec_check.validate_request(req)


async def test_request_options_apply(hatch: Hatch, server: RecordingServer) -> None:
    server.script(Reply(json={"ok": True}))
    await hatch(
        "POST",
        "/indexes",
        json={"index_name": "n"},
        headers={"X-Team": "video"},
        request_options={
            "additional_headers": {"X-Trace": "t-1"},
            "additional_query_parameters": {"debug": True},
            "additional_body_parameters": {"addons": ["thumbnail"]},
        },
    )
    (req,) = server.requests
    assert req.headers["X-Team"] == "video" and req.headers["X-Trace"] == "t-1"
    assert req.query == [("debug", "true")]
    assert req.json == {"index_name": "n", "addons": ["thumbnail"]}


@pytest.mark.parametrize(
    "json_value",
    [float("nan"), {"a": [1, float("inf")]}, [{"b": -float("inf")}]],
    ids=["nan", "nested-inf", "nested-minus-inf"],
)
async def test_nan_is_refused_before_io(json_value: Any, hatch: Hatch, server: RecordingServer) -> None:
    with pytest.raises(ArgumentError) as info:
        await hatch("POST", "/indexes", json=json_value)
    assert info.value.param == "json"
    assert server.requests == []


async def test_multipart_fields_and_files(hatch: Hatch, server: RecordingServer, tmp_path: Path) -> None:
    image = tmp_path / "dog.png"
    image.write_bytes(PNG)
    server.script(Reply(json={"data": []}))
    await hatch(
        "POST",
        "/search",
        data={
            "index_id": "idx1",
            "search_options": ["visual", "audio"],
            "query_media_type": "image",
            "page_limit": 5,
            "include_user_metadata": True,
            "operator": None,
        },
        files=[("query_media_file", image), ("query_media_file", b"raw-bytes")],
    )
    (req,) = server.requests
    assert req.content_type is not None and req.content_type.startswith("multipart/form-data; boundary=")
    assert req.fields() == [
        ("index_id", "idx1"),
        ("search_options", "visual"),
        ("search_options", "audio"),
        ("query_media_type", "image"),
        ("page_limit", "5"),
        ("include_user_metadata", "true"),
    ]
    assert [(p.name, p.filename, p.content_type, p.data) for p in req.files()] == [
        ("query_media_file", "dog.png", "image/png", PNG),
        ("query_media_file", "image.bin", "application/octet-stream", b"raw-bytes"),  # named for its field
    ]
    assert spec_check.validate_request(req).label == "search: create"


async def test_a_file_as_a_name_and_bytes_tuple(hatch: Hatch, server: RecordingServer) -> None:
    server.script(Reply(json={"_id": "a1"}))
    await hatch("POST", "/assets", data={"method": "direct"}, files={"file": ("clip.mp4", b"mp4-bytes")})
    (part,) = server.requests[0].files()
    assert (part.name, part.filename, part.data) == ("file", "clip.mp4", b"mp4-bytes")


async def test_an_empty_form_is_still_multipart(hatch: Hatch, server: RecordingServer) -> None:
    server.script(Reply(json={}))
    await hatch("POST", "/assets", data={}, files={"file": b"x"})
    req = server.requests[0]
    assert req.fields() == [] and [p.name for p in req.files()] == ["file"]


# --- bad inputs never leave the process ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "param"),
    [
        ("GET", "assets", {}, "path"),
        ("GET", "//evil.com/x", {}, "path"),
        ("GET", "https://evil.com", {}, "path"),
        ("GET", "/a?b=1", {}, "path"),
        ("GET", "/a#top", {}, "path"),
        ("GET", "/a\r\nX-Injected: 1", {}, "path"),
        ("TRACE", "/assets", {}, "method"),
        ("POST", "/assets", {"json": {"a": 1}, "data": {"b": 2}}, "json"),
        ("GET", "/assets", {"params": {"filter": {"a": 1}}}, "params"),
        ("POST", "/assets", {"data": {"user_metadata": {"a": 1}}}, "data"),
    ],
    ids=["relative", "scheme-relative", "absolute-url", "query-in-path", "fragment", "crlf", "method",
         "json-and-data", "param-not-scalar", "field-not-scalar"],
)
async def test_bad_requests_are_refused_before_io(
    method: str, path: str, kwargs: dict[str, Any], param: str, hatch: Hatch, server: RecordingServer
) -> None:
    with pytest.raises(ArgumentError) as info:
        await hatch(method, path, **kwargs)
    assert info.value.param == param
    assert server.requests == []


async def test_a_header_with_a_line_break_is_refused_before_io(hatch: Hatch, server: RecordingServer) -> None:
    with pytest.raises(TwelveLabsError, match="X-Bad"):
        await hatch("GET", "/assets", headers={"X-Bad": "a\r\nX-Injected: 1"})
    assert server.requests == []


# --- retries ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "DELETE", "PUT"])
async def test_idempotent_methods_are_retried_on_503(
    method: str, hatch: Hatch, server: RecordingServer, fake_time: FakeTime
) -> None:
    server.script(Reply(503), Reply(503, json={"code": "busy"}), Reply(json={"ok": 1}))
    kwargs = {"json": {"index_name": "n"}} if method == "PUT" else {}
    assert await hatch(method, "/indexes/idx1", **kwargs) == {"ok": 1}
    assert [r.method for r in server.requests] == [method] * 3
    assert len(fake_time.sleeps) == 2


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_creating_methods_are_not_retried_on_503(
    method: str, hatch: Hatch, server: RecordingServer, fake_time: FakeTime
) -> None:
    server.script(Reply(503, json={"code": "service_unavailable", "message": "busy"}), Reply(json={}))
    with pytest.raises(InternalServerError) as info:
        await hatch(method, "/analyze/tasks", json={"video": {"type": "url", "url": "https://e.example/v.mp4"}})
    assert info.value.status == 503 and info.value.message == "busy"
    assert len(server.requests) == 1 and fake_time.sleeps == []


async def test_a_post_marked_idempotent_is_retried(hatch: Hatch, server: RecordingServer, fake_time: FakeTime) -> None:
    server.script(Reply(503), Reply(202, json={"task_id": "at1", "status": "queued"}))
    result = await hatch(
        "POST",
        "/analyze/tasks",
        json={"video": {"type": "url", "url": "https://e.example/v.mp4"}, "prompt": "p"},
        headers={"Idempotency-Key": "k-1"},
        idempotent=True,
    )
    assert result == {"task_id": "at1", "status": "queued"}
    assert [r.headers["Idempotency-Key"] for r in server.requests] == ["k-1", "k-1"]
    assert server.requests[0].body == server.requests[1].body
    assert len(fake_time.sleeps) == 1
    spec_check.validate_request(server.requests[0])


async def test_a_get_marked_not_idempotent_is_not_retried(hatch: Hatch, server: RecordingServer) -> None:
    server.script(Reply(503), Reply(json={}))
    with pytest.raises(InternalServerError):
        await hatch("GET", "/assets", idempotent=False)
    assert len(server.requests) == 1


async def test_a_post_is_retried_on_429(hatch: Hatch, server: RecordingServer, fake_time: FakeTime) -> None:
    server.script(Reply(429, headers={"Retry-After": "3"}), Reply(json={"_id": "idx1"}))
    assert await hatch("POST", "/indexes", json={"index_name": "n"}) == {"_id": "idx1"}
    assert len(server.requests) == 2 and fake_time.sleeps == [3.0]


async def test_retries_end_with_the_last_error(hatch: Hatch, server: RecordingServer) -> None:
    server.script(Reply(429), Reply(429), Reply(429, json={"code": "too_many_requests", "message": "slow down"}))
    with pytest.raises(RateLimitError) as info:
        await hatch("GET", "/assets")
    assert info.value.message == "slow down"
    assert len(server.requests) == 3  # the first attempt and max_retries=2


# --- answers ------------------------------------------------------------------------------------------------------


async def test_404_is_not_found(hatch: Hatch, server: RecordingServer) -> None:
    body = {"code": "resource_not_exist", "message": "Resource with id `a1` does not exist in `assets`."}
    server.script(Reply(404, json=body))
    with pytest.raises(NotFoundError) as info:
        await hatch("GET", "/assets/a1")
    error = info.value
    assert (error.status, error.code, error.message) == (404, "resource_not_exist", body["message"])
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("status", "cls"),
    [(404, NotFoundError), (409, ConflictError), (410, GoneError), (400, BadRequestError)],
)
async def test_the_error_envelope_is_parsed(
    status: int, cls: type[APIStatusError], hatch: Hatch, server: RecordingServer
) -> None:
    envelope = {"error": {"code": "batch_state_conflict", "message": "The batch is processing.",
                          "details": {"batch_id": "b1", "status": "processing"}}}
    server.script(Reply(status, json=envelope))
    with pytest.raises(cls) as info:
        await hatch("DELETE", "/analyze/batches/b1")
    error = info.value
    assert error.status == status
    assert error.code == "batch_state_conflict"
    assert error.message == "The batch is processing."
    assert error.details == {"batch_id": "b1", "status": "processing"}
    assert error.body == envelope  # the JSON, as the official SDK gives it
    assert '"batch_state_conflict"' in (error.body_text or "")


@pytest.mark.parametrize(
    "reply",
    [
        Reply(204),
        Reply(200, body=b""),
        Reply(202, body=b" \r\n"),
        Reply(200, body=b"", content_type="application/json"),
    ],
    ids=["204", "200-empty", "202-whitespace", "200-empty-json"],
)
async def test_an_empty_answer_is_none(reply: Reply, hatch: Hatch, server: RecordingServer) -> None:
    server.script(reply)
    assert await hatch("DELETE", "/assets/a1") is None
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "reply",
    [Reply(200, body="<html>gateway</html>", content_type="text/html"), Reply(200, body=b"{'not': json}")],
    ids=["html", "broken-json"],
)
async def test_an_answer_that_is_not_json_raises(reply: Reply, hatch: Hatch, server: RecordingServer) -> None:
    server.script(reply)
    with pytest.raises(APIResponseError, match="not JSON") as info:
        await hatch("GET", "/assets")
    assert info.value.body in ("<html>gateway</html>", "{'not': json}")


async def test_the_path_is_under_the_base_url(hatch: Hatch, server: RecordingServer) -> None:
    server.script(Reply(json=[1, 2, 3]))
    assert await hatch("GET", "/assets/a%2Fb/indexed-assets") == [1, 2, 3]
    assert server.requests[0].raw_path == "/v1.3/assets/a%2Fb/indexed-assets"
