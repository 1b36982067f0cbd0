"""Tests of ``spec_check``, the request validator against the official OpenAPI spec: hand-made requests only."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from core_testkit import API_KEY, Recorded, RecordingServer
from multidict import CIMultiDict
from spec_check import (
    SPEC_ENV_VAR,
    UNSPECIFIED_OPERATIONS,
    Kind,
    OperationMatch,
    OperationNotInSpec,
    Problem,
    SpecViolation,
    default_spec_path,
    load_spec,
    validate_raw,
    validate_request,
)

pytestmark = pytest.mark.skipif(not default_spec_path().exists(), reason="the reference spec is not beside the repo")

KEY = {"x-api-key": API_KEY}
INDEX_BODY: dict[str, Any] = {
    "index_name": "x", "models": [{"model_name": "marengo3.0", "model_options": ["visual"]}],
}


def post_json(path: str, body: Any, **flags: Any) -> OperationMatch:
    return validate_raw("POST", path, headers=KEY, body=json.dumps(body).encode(), content_type="application/json",
                        **flags)


def form(*parts: tuple[str, str | bytes] | tuple[str, bytes, str]) -> tuple[bytes, str]:
    """A multipart/form-data body: (name, text) fields and (name, data, filename) file parts."""
    boundary = "spec-check-boundary"
    chunks = []
    for part in parts:
        name, data = part[0], part[1]
        head = f'Content-Disposition: form-data; name="{name}"'
        if len(part) == 3:
            head += f'; filename="{part[2]}"\r\nContent-Type: application/octet-stream'
        payload = data.encode() if isinstance(data, str) else data
        chunks.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + payload + b"\r\n")
    return b"".join(chunks) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post_form(path: str, *parts: Any, **flags: Any) -> OperationMatch:
    body, content_type = form(*parts)
    return validate_raw("POST", path, headers=KEY, body=body, content_type=content_type, **flags)


def get(path: str, query: Sequence[tuple[str, str]] | str = (), **flags: Any) -> OperationMatch:
    return validate_raw("GET", path, query, headers=KEY, **flags)


def problems_of(excinfo: pytest.ExceptionInfo[SpecViolation]) -> dict[str, Problem]:
    return {p.where: p for p in excinfo.value.problems}


# --- JSON bodies --------------------------------------------------------------------------------------------


def test_a_good_json_body_names_its_operation() -> None:
    match = post_json("/v1.3/indexes", INDEX_BODY)
    assert (match.method, match.template, match.operation_id, match.media_type) == (
        "POST", "/indexes", "create", "application/json")
    assert match.label == "indexes: create"
    assert not match.unspecified and match.tolerated == ()


def test_a_missing_required_field_is_named() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        post_json("/v1.3/indexes", {"models": INDEX_BODY["models"]})
    [problem] = excinfo.value.problems
    assert (problem.kind, problem.where, problem.rule) == (Kind.MISSING, "body.index_name", "required")


def test_a_wrong_type_is_named_with_its_path() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        post_json("/v1.3/indexes", {"index_name": "x", "models": [{"model_name": "m", "model_options": "visual"}]})
    [problem] = excinfo.value.problems
    assert (problem.kind, problem.where, problem.rule) == (Kind.TYPE, "body.models[0].model_options", "type")


def test_an_unknown_body_field_fails_at_any_depth() -> None:
    body = {**INDEX_BODY, "engines": []}
    body["models"] = [{**INDEX_BODY["models"][0], "options": ["visual"]}]
    with pytest.raises(SpecViolation) as excinfo:
        post_json("/v1.3/indexes", body)
    found = problems_of(excinfo)
    assert set(found) == {"body.engines", "body.models[0].options"}
    assert {p.kind for p in found.values()} == {Kind.UNKNOWN}


def test_free_form_objects_stay_open() -> None:
    # Fern writes free-form objects as ``type: object, properties: {}``; closing those would reject every member.
    match = post_json("/v1.3/analyze", {
        "video_id": "v1", "prompt": "p",
        "response_format": {"type": "json_schema", "json_schema": {"type": "object", "anything": [1, 2]}},
    })
    assert match.template == "/analyze"


def test_every_problem_is_reported_not_just_the_first() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        validate_raw("POST", "/v1.3/indexes", [("debug", "1")], headers={},
                     body=json.dumps({"models": [{"model_name": 3, "model_options": ["visual"]}], "zzz": 1}).encode(),
                     content_type="application/json")
    found = problems_of(excinfo)
    assert {where: p.kind for where, p in found.items()} == {
        "header.x-api-key": Kind.MISSING,
        "query.debug": Kind.UNKNOWN,
        "body.index_name": Kind.MISSING,
        "body.models[0].model_name": Kind.TYPE,
        "body.zzz": Kind.UNKNOWN,
    }
    text = str(excinfo.value)
    assert text.startswith("POST /v1.3/indexes (indexes: create): 5 problem(s)")
    assert all(where in text for where in found)
    assert isinstance(excinfo.value, AssertionError)


def test_a_discriminated_oneof_reports_the_closest_alternative() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        post_json("/v1.3/analyze", {"video": {"type": "url"}, "prompt": "p"})
    [problem] = excinfo.value.problems
    assert (problem.kind, problem.where) == (Kind.MISSING, "body.video.url")


def test_body_where_none_is_declared_and_missing_required_body() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        post_json("/v1.3/analyze/batches/b1/cancel", {})
    assert [(p.kind, p.rule) for p in excinfo.value.problems] == [(Kind.ENCODING, "no-body")]
    # Fern never writes requestBody.required, so a schema with required members is what makes the body required.
    with pytest.raises(SpecViolation) as excinfo:
        validate_raw("POST", "/v1.3/indexes", headers=KEY)
    assert [(p.kind, p.where) for p in excinfo.value.problems] == [(Kind.MISSING, "body")]
    assert validate_raw("POST", "/v1.3/analyze/batches/b1/cancel", headers=KEY).operation_id == "cancel"


def test_a_body_in_an_undeclared_media_type_or_not_json() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        post_json("/v1.3/search", {"index_id": "i", "search_options": ["visual"]})
    assert [(p.kind, p.rule) for p in excinfo.value.problems] == [(Kind.ENCODING, "content-type")]
    assert "multipart/form-data" in excinfo.value.problems[0].message
    with pytest.raises(SpecViolation) as excinfo:
        validate_raw("POST", "/v1.3/indexes", headers=KEY, body=b"{not json", content_type="application/json")
    assert [(p.kind, p.rule) for p in excinfo.value.problems] == [(Kind.ENCODING, "json")]


# --- multipart ------------------------------------------------------------------------------------------------


def test_a_good_multipart_search_with_repeated_fields_and_a_file() -> None:
    match = post_form(
        "/v1.3/search",
        ("index_id", "idx1"),
        ("search_options", "visual"),
        ("search_options", "audio"),
        ("query_media_type", "image"),
        ("query_media_file", b"\xff\xd8\xff\xe0 not utf-8", "cat.jpg"),
        ("page_limit", "5"),
        ("include_user_metadata", "true"),
        ("filter", json.dumps({"duration": {"gte": 600}})),
    )
    assert (match.template, match.media_type) == ("/search", "multipart/form-data")


def test_multipart_repeated_files_match_the_array_alternative() -> None:
    post_form("/v1.3/search", ("index_id", "i"), ("search_options", "visual"), ("query_media_type", "image"),
              ("query_media_file", b"a", "a.jpg"), ("query_media_file", b"b", "b.jpg"))


def test_multipart_unknown_and_mistyped_fields() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        post_form(
            "/v1.3/search",
            ("index_id", "idx1"),
            ("search_options", "visual"),
            ("search_option", "audio"),
            ("page_limit", "five"),
            ("include_user_metadata", "True"),
        )
    found = problems_of(excinfo)
    assert {where: p.kind for where, p in found.items()} == {
        "body.search_option": Kind.UNKNOWN,
        "body.page_limit": Kind.TYPE,
        "body.include_user_metadata": Kind.TYPE,  # booleans travel as true/false
    }


def test_multipart_file_and_text_parts_must_be_where_declared() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        post_form("/v1.3/tasks", ("index_id", b"idx1", "index.txt"), ("video_file", "not a file"))
    found = problems_of(excinfo)
    assert (found["body.index_id"].kind, found["body.index_id"].rule) == (Kind.ENCODING, "text-field")
    assert (found["body.video_file"].kind, found["body.video_file"].rule) == (Kind.ENCODING, "format:binary")


def test_multipart_required_field_and_repeated_scalar() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        post_form("/v1.3/search", ("search_options", "visual"), ("page_limit", "5"), ("page_limit", "6"))
    found = problems_of(excinfo)
    assert (found["body.index_id"].kind, found["body.page_limit"].kind) == (Kind.MISSING, Kind.ENCODING)
    assert found["body.page_limit"].rule == "single"


def test_multipart_json_text_fields_are_strings_as_the_spec_types_them() -> None:
    match = post_form("/v1.3/tasks", ("index_id", "i"), ("video_url", "https://example.com/v.mp4"),
                      ("user_metadata", json.dumps({"category": "news", "rank": 3})),
                      ("enable_video_stream", "false"))
    assert match.template == "/tasks"


# --- query parameters ------------------------------------------------------------------------------------


def test_deep_object_range_filters() -> None:
    match = get("/v1.3/indexes/idx1/videos", "duration[gte]=10&duration[lte]=20.5&width[gte]=1280&page=2")
    assert (match.template, match.path_params, match.free_form_query) == (
        "/indexes/{index-id}/videos", {"index-id": "idx1"}, {})
    get("/v1.3/indexes/idx1/indexed-assets", [("size[lte]", "1048576"), ("status", "ready")])


def test_deep_object_mistakes() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        get("/v1.3/indexes/idx1/videos", "duration[gte]=ten&fps=30&width[eq]=5&duration[lte]=1&duration[lte]=2")
    found = problems_of(excinfo)
    assert {where: (p.kind, p.rule) for where, p in found.items()} == {
        "query.duration[gte]": (Kind.TYPE, "type"),
        "query.duration[lte]": (Kind.ENCODING, "single"),
        "query.fps": (Kind.TYPE, "deepObject"),
        "query.width[eq]": (Kind.UNKNOWN, "additionalProperties"),
    }


def test_user_metadata_filters_are_free_form_keys_where_the_spec_allows_them() -> None:
    match = get("/v1.3/indexes/idx1/videos", "category=news&needsReview=true&rating=9.3&page_limit=5")
    assert match.free_form_query == {"category": ("news",), "needsReview": ("true",), "rating": ("9.3",)}
    with pytest.raises(SpecViolation) as excinfo:
        get("/v1.3/tasks", "category=news")
    assert [(p.kind, p.where) for p in excinfo.value.problems] == [(Kind.UNKNOWN, "query.category")]


def test_repeated_keys_make_arrays() -> None:
    match = get("/v1.3/tasks", [("status", "ready"), ("status", "failed"), ("page", "2"), ("index_id", "i")])
    assert match.template == "/tasks"
    with pytest.raises(SpecViolation) as excinfo:
        get("/v1.3/tasks", "status=ready,failed&page=1&page=2")
    found = problems_of(excinfo)
    assert (found["query.status[0]"].kind, found["query.page"].kind) == (Kind.ENUM, Kind.ENCODING)


def test_query_values_are_decoded_by_type() -> None:
    get("/v1.3/search/tok1", "include_user_metadata=false")
    with pytest.raises(SpecViolation) as excinfo:
        get("/v1.3/search/tok1", "include_user_metadata=yes")
    assert [(p.kind, p.where) for p in excinfo.value.problems] == [(Kind.TYPE, "query.include_user_metadata")]
    with pytest.raises(SpecViolation) as excinfo:
        get("/v1.3/indexes", "page=1.5")
    assert [(p.kind, p.where) for p in excinfo.value.problems] == [(Kind.TYPE, "query.page")]


def test_an_unknown_query_key_fails_unless_allowed() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        get("/v1.3/indexes", "page=1&pagesize=5")
    assert [(p.kind, p.where) for p in excinfo.value.problems] == [(Kind.UNKNOWN, "query.pagesize")]
    match = get("/v1.3/indexes", "page=1&pagesize=5", allow_unknown_query=True)
    assert [p.where for p in match.tolerated] == ["query.pagesize"]


# --- enums --------------------------------------------------------------------------------------------------


def test_enum_violations_are_their_own_kind_and_can_be_allowed() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        get("/v1.3/tasks", [("status", "ready"), ("status", "archived")])
    [problem] = excinfo.value.problems
    assert (problem.kind, problem.where, problem.rule) == (Kind.ENUM, "query.status[1]", "enum")
    assert "'archived'" in problem.message
    match = get("/v1.3/tasks", [("status", "ready"), ("status", "archived")], allow_unknown_enum_values=True)
    assert match.tolerated == (problem,)


def test_an_unknown_discriminator_value_is_an_enum_problem() -> None:
    body = {"video": {"type": "youtube", "url": "https://example.com/v.mp4"}, "prompt": "p"}
    with pytest.raises(SpecViolation) as excinfo:
        post_json("/v1.3/analyze", body)
    [problem] = excinfo.value.problems
    assert (problem.kind, problem.where) == (Kind.ENUM, "body.video.type")
    assert post_json("/v1.3/analyze", body, allow_unknown_enum_values=True).tolerated == (problem,)


def test_allowing_enums_does_not_allow_anything_else() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        post_json("/v1.3/connections:authorize", {"provider": "dropbox"}, allow_unknown_enum_values=True)
    assert [(p.kind, p.where) for p in excinfo.value.problems] == [(Kind.MISSING, "body.redirect_uri")]
    assert [p.kind for p in excinfo.value.match.tolerated] == [Kind.ENUM]  # type: ignore[union-attr]


# --- routes and headers -------------------------------------------------------------------------------------


def test_the_literal_colon_path() -> None:
    body = {"provider": "google_drive", "redirect_uri": "https://example.com/back"}
    match = post_json("/v1.3/connections:authorize", body)
    assert (match.template, match.operation_id) == ("/connections:authorize", "authorize-connection")
    assert post_json("/v1.3/connections%3Aauthorize", body).template == "/connections:authorize"
    with pytest.raises(SpecViolation):
        post_json("/v1.3/connections/authorize", body)


def test_path_segments_are_percent_decoded_and_literals_win() -> None:
    match = get("/v1.3/indexes/a%2Fb%20c/videos")
    assert match.path_params == {"index-id": "a/b c"}
    assert get("/v1.3/assets/multipart-uploads").operation_id == "list-incomplete-uploads"
    assert get("/v1.3/assets/asset-1").operation_id == "retrieve"


def test_a_wrong_path_names_the_closest_templates() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        get("/v1.3/indexs/idx1/video")
    [problem] = excinfo.value.problems
    assert (problem.kind, problem.rule) == (Kind.ROUTE, "no-operation")
    assert "/indexes/{index-id}/videos" in problem.message
    assert excinfo.value.match is None
    with pytest.raises(SpecViolation) as excinfo:
        get("/v1.3/indexes//videos")  # an empty id cannot fill a template segment
    assert excinfo.value.problems[0].kind is Kind.ROUTE


def test_a_method_the_path_does_not_declare() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        validate_raw("PATCH", "/v1.3/indexes/idx1", headers=KEY)
    [problem] = excinfo.value.problems
    assert (problem.kind, problem.rule) == (Kind.ROUTE, "method")
    assert "GET|PUT|DELETE" in problem.message


def test_a_missing_api_key() -> None:
    with pytest.raises(SpecViolation) as excinfo:
        validate_raw("GET", "/v1.3/indexes", headers={"Authorization": "Bearer x"})
    [problem] = excinfo.value.problems
    assert (problem.kind, problem.where) == (Kind.MISSING, "header.x-api-key")
    assert validate_raw("GET", "/v1.3/indexes", headers={"X-Api-Key": "k"}).template == "/indexes"


# --- operations the spec lacks --------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "template"), [
    ("GET", "/v1.3/assets/a1/transcription", "/assets/{asset_id}/transcription"),
    ("POST", "/v1.3/analyze/tasks/t1/cancel", "/analyze/tasks/{task_id}/cancel"),
])
def test_sdk_136_operations_the_spec_lacks_are_reported_as_unspecified(method: str, path: str, template: str) -> None:
    with pytest.raises(OperationNotInSpec) as excinfo:
        validate_raw(method, path, headers=KEY)
    assert excinfo.value.match.unspecified and excinfo.value.match.template == template
    assert not isinstance(excinfo.value, SpecViolation)
    match = validate_raw(method, path, headers=KEY, allow_unspecified=True)
    assert (match.unspecified, match.template, match.operation_id) == (True, template, None)
    assert match.reason is not None and "1.3.6" in match.reason
    with pytest.raises(SpecViolation):  # the key is still required
        validate_raw(method, path, allow_unspecified=True)


def test_the_unspecified_table_is_exactly_what_sdk_136_has_and_the_spec_lacks() -> None:
    methods_file = default_spec_path().parent / "official-sdk-1.3.6-methods.json"
    if not methods_file.exists():
        pytest.skip("the SDK 1.3.6 method list is not beside the spec")
    spec = load_spec()
    shape = {(op.method, re.sub(r"\{[^}]+\}", "{}", op.template)) for op in spec.operations}
    missing = {
        (entry["http"], re.sub(r"\{[^}]+\}", "{}", "/" + entry["path"]))
        for entry in json.loads(methods_file.read_text())
    } - shape
    assert missing == {(m, re.sub(r"\{[^}]+\}", "{}", t)) for m, t, _ in UNSPECIFIED_OPERATIONS}


# --- the recorded form, loading -----------------------------------------------------------------------------


def test_a_recorded_request_is_accepted_directly() -> None:
    recorded = Recorded(
        method="GET",
        raw_path="/v1.3/tasks",
        query=[("status", "ready"), ("status", "failed")],
        headers=CIMultiDict({"X-Api-Key": API_KEY}),
        body=b"",
    )
    assert validate_request(recorded).template == "/tasks"
    # A recorded path must be under the server base: the SDK sends everything under .../v1.3.
    recorded.raw_path = "/tasks"
    with pytest.raises(SpecViolation) as excinfo:
        validate_request(recorded)
    assert [(p.kind, p.rule) for p in excinfo.value.problems] == [(Kind.ROUTE, "server-base")]


async def test_requests_recorded_on_the_loopback_server(server: RecordingServer) -> None:
    server.reply(200, json={})
    server.reply(200, json={})
    data = aiohttp.FormData()
    data.add_field("index_id", "idx1")
    data.add_field("search_options", "visual")
    data.add_field("search_options", "transcription")
    data.add_field("transcription_options", "semantic")
    data.add_field("query_media_file", b"\x89PNG", filename="q.png", content_type="image/png")
    async with aiohttp.ClientSession(headers=KEY) as session:
        async with session.post(f"{server.base_url}/search", data=data) as response:
            assert response.status == 200
        params = [("duration[gte]", "10"), ("duration[lte]", "20"), ("needs review", "true")]
        async with session.get(f"{server.base_url}/indexes/idx%201/videos", params=params) as response:
            assert response.status == 200
    search, videos = server.requests
    assert validate_request(search).template == "/search"
    match = validate_request(videos)
    assert (match.path_params, match.free_form_query) == ({"index-id": "idx 1"}, {"needs review": ("true",)})


def test_the_spec_is_loaded_once_and_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_spec() is load_spec()
    assert len(load_spec().operations) == 97
    tiny = {
        "openapi": "3.1.0",
        "servers": [{"url": "https://example.test/v9"}],
        "paths": {"/things": {"post": {
            "operationId": "make",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {},
        }}},
    }
    spec_file = tmp_path / "tiny.json"
    spec_file.write_text(json.dumps(tiny))
    monkeypatch.setenv(SPEC_ENV_VAR, str(spec_file))
    assert default_spec_path() == spec_file
    assert validate_raw("POST", "/v9/things", headers=KEY, body=b"{}", content_type="application/json").operation_id \
        == "make"
    with pytest.raises(SpecViolation) as excinfo:  # requestBody.required as declared
        validate_raw("POST", "/v9/things", headers=KEY)
    assert [(p.kind, p.where) for p in excinfo.value.problems] == [(Kind.MISSING, "body")]
