"""Error mapping: every documented code (inventory section 5) and status to its class, offline and live."""

from __future__ import annotations

import json

import aiohttp
import pytest
from core_testkit import HANG, FakeTime, RecordingServer, Reply, free_port, make_client
from multidict import CIMultiDict

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async import errors as E
from twelvelabs_async._errors import error_class_for_code, error_from_response

# code -> (class, status base class, documented status)
DOCUMENTED = {
    "parameter_invalid": (E.ParameterInvalidError, E.BadRequestError, 400),
    "parameter_not_provided": (E.ParameterNotProvidedError, E.BadRequestError, 400),
    "parameter_unknown": (E.ParameterUnknownError, E.BadRequestError, 400),
    "resource_not_exist": (E.ResourceNotExistError, E.NotFoundError, 404),
    "api_key_invalid": (E.ApiKeyInvalidError, E.AuthenticationError, 401),
    "tags_not_allowed": (E.TagsNotAllowedError, E.BadRequestError, 400),
    "api_upgrade_required": (E.ApiUpgradeRequiredError, E.BadRequestError, 400),
    "index_option_cannot_be_changed": (E.IndexOptionCannotBeChangedError, E.BadRequestError, 400),
    "index_engine_cannot_be_changed": (E.IndexEngineCannotBeChangedError, E.BadRequestError, 400),
    "index_name_already_exists": (E.IndexNameAlreadyExistsError, E.BadRequestError, 400),
    "video_resolution_too_low": (E.VideoResolutionTooLowError, E.BadRequestError, 400),
    "video_resolution_too_high": (E.VideoResolutionTooHighError, E.BadRequestError, 400),
    "video_resolution_invalid_aspect_ratio": (E.VideoResolutionInvalidAspectRatioError, E.BadRequestError, 400),
    "video_duration_too_short": (E.VideoDurationTooShortError, E.BadRequestError, 400),
    "video_duration_too_long": (E.VideoDurationTooLongError, E.BadRequestError, 400),
    "video_file_broken": (E.VideoFileBrokenError, E.BadRequestError, 400),
    "task_cannot_be_deleted": (E.TaskCannotBeDeletedError, E.BadRequestError, 400),
    "usage_limit_exceeded": (E.UsageLimitExceededError, E.BadRequestError, 400),
    "video_filesize_too_large": (E.VideoFilesizeTooLargeError, E.BadRequestError, 400),
    "search_option_not_supported": (E.SearchOptionNotSupportedError, E.BadRequestError, 400),
    "search_option_combination_not_supported": (
        E.SearchOptionCombinationNotSupportedError,
        E.BadRequestError,
        400,
    ),
    "search_filter_invalid": (E.SearchFilterInvalidError, E.BadRequestError, 400),
    "search_page_token_expired": (E.SearchPageTokenExpiredError, E.BadRequestError, 400),
    "index_not_supported_for_search": (E.IndexNotSupportedForSearchError, E.BadRequestError, 400),
    "token_limit_exceeded": (E.TokenLimitExceededError, E.BadRequestError, 400),
    "index_not_supported_for_generate": (E.IndexNotSupportedForGenerateError, E.BadRequestError, 400),
    "insufficient_funds": (E.InsufficientFundsError, E.BadRequestError, 400),
    "unauthorized_request": (E.UnauthorizedRequestError, E.AuthenticationError, 401),
}

STATUS_CLASSES = {
    400: E.BadRequestError,
    401: E.AuthenticationError,
    403: E.PermissionDeniedError,
    404: E.NotFoundError,
    409: E.ConflictError,
    410: E.GoneError,
    413: E.ContentTooLargeError,
    422: E.UnprocessableEntityError,
    429: E.RateLimitError,
    500: E.InternalServerError,
    502: E.InternalServerError,
    503: E.ServiceUnavailableError,
    504: E.GatewayTimeoutError,
}


def body(**values: object) -> bytes:
    return json.dumps(values).encode()


@pytest.mark.parametrize("code", sorted(DOCUMENTED))
def test_documented_code_maps_to_its_class(code: str) -> None:
    cls, base, status = DOCUMENTED[code]
    assert error_class_for_code(code) is cls
    error = error_from_response(
        status,
        CIMultiDict({"X-Api-Version": "1.3"}),
        body(code=code, message=f"message of {code}", docs_url=f"https://docs/{code}"),
        method="POST",
        url="https://api/v1.3/x",
    )
    assert type(error) is cls
    assert isinstance(error, base)
    assert isinstance(error, E.APIStatusError) and isinstance(error, E.TwelveLabsError)
    assert error.status == status
    assert error.code == code
    assert error.message == f"message of {code}"
    assert error.docs_url == f"https://docs/{code}"
    assert error.headers["X-Api-Version"] == "1.3"
    assert code in str(error) and str(status) in str(error)


def test_every_documented_code_has_a_distinct_class() -> None:
    classes = [cls for cls, _, _ in DOCUMENTED.values()]
    assert len(set(classes)) == len(classes)


@pytest.mark.parametrize(("status", "cls"), sorted(STATUS_CLASSES.items()))
def test_unknown_code_maps_to_the_status_class(status: int, cls: type[E.APIStatusError]) -> None:
    error = error_from_response(status, {}, body(code="brand_new_code", message="new"))
    assert type(error) is cls
    assert error.code == "brand_new_code"
    assert error.message == "new"


def test_unmapped_status_is_an_api_status_error() -> None:
    error = error_from_response(418, {}, b"")
    assert type(error) is E.APIStatusError
    assert error.status == 418


def test_429_with_an_empty_body_is_a_rate_limit_error() -> None:
    error = error_from_response(429, {}, b"", retry_after=12.0)
    assert type(error) is E.RateLimitError
    assert error.code is None and error.body is None
    assert error.retry_after == 12.0
    assert error.message  # a readable default, not an empty string


def test_non_json_body_keeps_the_raw_text() -> None:
    error = error_from_response(502, {}, b"<html>Bad Gateway</html>")
    assert type(error) is E.InternalServerError
    assert error.body == "<html>Bad Gateway</html>"
    assert error.code is None
    assert "Bad Gateway" in error.message


def test_json_that_is_not_an_object() -> None:
    error = error_from_response(400, {}, b'["a", "b"]')
    assert type(error) is E.BadRequestError
    assert error.body == ["a", "b"]  # the JSON, as the official SDK gives it
    assert error.body_text == '["a", "b"]'


def test_long_body_is_cut() -> None:
    error = error_from_response(500, {}, b"x" * 10_000)
    assert error.body is not None and len(error.body) <= 2000


def test_error_code_body_of_the_search_page_route() -> None:
    error = error_from_response(400, {}, body(error_code="search_page_token_expired", message="expired"))
    assert type(error) is E.SearchPageTokenExpiredError
    numeric = error_from_response(400, {}, body(error_code=40001, message="bad token"))
    assert type(numeric) is E.BadRequestError
    assert numeric.code == "40001" and numeric.message == "bad token"


def test_argument_errors_are_value_and_type_errors() -> None:
    assert issubclass(E.ArgumentError, ValueError)
    assert issubclass(E.ArgumentTypeError, TypeError) and issubclass(E.ArgumentTypeError, E.ArgumentError)
    assert issubclass(E.APITimeoutError, E.APIConnectionError) and issubclass(E.APITimeoutError, TimeoutError)


# --- live -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["index_name_already_exists", "resource_not_exist", "api_key_invalid"])
async def test_live_error_body(code: str, server: RecordingServer, client: AsyncTwelveLabs) -> None:
    cls, base, status = DOCUMENTED[code]
    server.script(
        Reply(
            status,
            json={"code": code, "message": "nope", "docs_url": "https://docs.twelvelabs.io/x"},
            headers={"X-Api-Version": "1.3"},
        )
    )
    with pytest.raises(base) as info:
        await client.indexes.create(index_name="n", models=[{"model_name": "marengo2.7", "model_options": ["visual"]}])
    error = info.value
    assert type(error) is cls
    assert (error.status, error.code, error.message) == (status, code, "nope")
    assert error.docs_url == "https://docs.twelvelabs.io/x"
    assert error.headers["X-Api-Version"] == "1.3"
    assert error.method == "POST"
    assert error.url is not None and error.url.endswith("/v1.3/indexes")
    assert len(server.requests) == 1  # 4xx is never retried


async def test_live_429_with_an_empty_body(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(429), Reply(429), Reply(429))
    with pytest.raises(E.RateLimitError) as info:
        await client.gist(video_id="v", types=["title"])
    assert info.value.status == 429
    assert len(server.requests) == 3  # retried, then raised


async def test_live_non_json_5xx(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(500, body="upstream exploded", content_type="text/plain"))
    with pytest.raises(E.InternalServerError) as info:
        await client.tasks.create(index_id="i", video_url="https://e/v.mp4")
    assert info.value.body == "upstream exploded"
    assert info.value.status == 500


async def test_connection_refused_is_an_api_connection_error(fake_time: FakeTime) -> None:
    c = make_client(f"http://127.0.0.1:{free_port()}/v1.3", fake_time, max_retries=0)
    try:
        with pytest.raises(E.APIConnectionError) as info:
            await c.indexes.retrieve("i")
    finally:
        await c.aclose()
    assert not isinstance(info.value, aiohttp.ClientError)
    assert not isinstance(info.value, E.APITimeoutError)
    assert info.value.method == "GET"


async def test_a_server_that_never_answers_times_out(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(HANG)
    with pytest.raises(E.APITimeoutError) as info:
        await client.indexes.retrieve("i", request_options={"timeout_in_seconds": 0.2, "max_retries": 0})
    assert not isinstance(info.value, aiohttp.ClientError)
    assert isinstance(info.value, TimeoutError)


async def test_client_timeout_setting_applies(server: RecordingServer, fake_time: FakeTime) -> None:
    c = make_client(server.base_url, fake_time, timeout=0.2, max_retries=0)
    server.script(HANG)
    try:
        with pytest.raises(E.APITimeoutError):
            await c.tasks.list()
    finally:
        await c.aclose()


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, body=b""),
        Reply(200, body=b"<html>ok</html>"),
        Reply(200, body=b"[1,2]", content_type="application/json"),
    ],
    ids=["empty", "not-json", "wrong-shape"],
)
async def test_bad_2xx_body_where_a_model_is_expected(
    reply: Reply, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(reply)
    with pytest.raises(E.APIResponseError) as info:
        await client.indexes.retrieve("i")
    assert info.value.status == 200


async def test_not_json_2xx_keeps_the_text(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(200, body=b"<html>maintenance</html>"))
    with pytest.raises(E.APIResponseError) as info:
        await client.tasks.retrieve("t")
    assert info.value.body == "<html>maintenance</html>"


def test_a_code_with_an_unexpected_status_is_caught_by_both_classes() -> None:
    from twelvelabs_async._errors import ConflictError, IndexNameAlreadyExistsError, error_from_response

    body = b'{"code": "index_name_already_exists", "message": "Index name `x` already exists."}'
    error = error_from_response(409, {}, body)
    assert isinstance(error, IndexNameAlreadyExistsError)
    assert isinstance(error, ConflictError)
    assert error.status == 409 and error.code == "index_name_already_exists"
    again = error_from_response(409, {}, body)
    assert type(again) is type(error)  # the combined class is made once
    plain = error_from_response(400, {}, body)
    assert type(plain) is IndexNameAlreadyExistsError


# --- the 2026 envelope, bounds, pickling ---------------------------------------------------------------------------


def test_the_nested_error_envelope_is_read() -> None:
    raw = body(error={"code": "resource_not_exist", "message": "No task `t1`.", "details": {"task_id": "t1"}})
    error = error_from_response(404, {}, raw, method="GET", url="http://h/v1.3/analyze/tasks/t1")
    assert isinstance(error, E.ResourceNotExistError) and isinstance(error, E.NotFoundError)
    assert (error.code, error.message, error.details) == ("resource_not_exist", "No task `t1`.", {"task_id": "t1"})
    assert str(error).startswith("404 resource_not_exist: No task `t1`.")


def test_the_2026_flat_body_has_no_docs_url() -> None:
    error = error_from_response(400, {}, body(code="parameter_invalid", message="Bad `x`."))
    assert isinstance(error, E.ParameterInvalidError)
    assert error.docs_url is None and error.details is None


@pytest.mark.parametrize(("status", "cls"), [(410, E.GoneError), (413, E.ContentTooLargeError)])
def test_gone_and_too_large_have_classes(status: int, cls: type[E.APIStatusError]) -> None:
    error = error_from_response(status, {}, body(code="some_new_code", message="m"))
    assert type(error) is cls and error.status == status


def test_an_expired_token_answered_410_is_caught_by_both_classes() -> None:
    error = error_from_response(410, {}, body(code="search_page_token_expired", message="expired"))
    assert isinstance(error, E.SearchPageTokenExpiredError) and isinstance(error, E.GoneError)


def test_a_huge_error_body_is_not_kept_whole() -> None:
    message = "x" * 5_000_000
    error = error_from_response(500, {}, body(code="internal", message=message))
    assert len(str(error)) < 10_000
    assert error.body is not None and len(error.body) <= 2000
    small = error_from_response(400, {}, body(code="parameter_invalid", message="y" * 50_000))
    assert small.code == "parameter_invalid" and len(small.message) <= 2000


def _every_error_class() -> list[type[E.TwelveLabsError]]:
    return [getattr(E, name) for name in E.__all__ if isinstance(getattr(E, name), type)]


def _sample(cls: type[E.TwelveLabsError]) -> E.TwelveLabsError:
    # The argument errors first: they are BadRequestError (APIStatusError) too.
    if issubclass(cls, E.PreflightError):
        return cls("a.mp4", "max_size", "too big")
    if issubclass(cls, E.ArgumentError):
        return cls("param", "reason")
    if issubclass(cls, E.APIStatusError):
        status = cls.status_code or 500
        return error_from_response(status, {"x-request-id": "r1"}, body(code=cls.error_code or "c", message="m"))
    if issubclass(cls, E.StreamDecodeError):
        return cls("bad", line="{", line_number=3)
    if issubclass(cls, E.StreamLineTooLongError):
        return cls("long", limit=10)
    if issubclass(cls, E.UploadFileChangedError):
        return cls("a.mp4 shrank", path="/tmp/a.mp4")
    if issubclass(cls, E.JournalError):
        return cls("bad journal", path="/tmp/j.db")
    if issubclass(cls, E.UploadSessionError):
        return cls("session gone", upload_id="up1")
    if issubclass(cls, E.StorageError):
        return cls("PUT https://storage.example/x failed", status=503, body="<Error/>")
    if issubclass(cls, E.EndpointRemovedError):
        return cls("tasks.transfers.create", "use imports")
    if issubclass(cls, E.TaskFailedError):
        return cls(type("T", (), {"id": "t1"})())
    if issubclass(cls, E.APIConnectionError):
        return cls("down", method="GET", url="http://h/x")
    if issubclass(cls, E.ResponseTooLargeError):
        return cls("big", status=200, limit=1024)
    if issubclass(cls, E.APIResponseError):
        return cls("odd", status=200, body="<html>")
    if issubclass(cls, E.WaitTimeoutError):
        return cls("late", task=None, pending=["a"])
    if issubclass(cls, E.BulkCreateError):
        return cls("1 of 2 input(s) failed", outcomes=["t1", "t2"])
    if cls is E.ApiError:
        return cls(status_code=418, headers={"x-request-id": "r1"}, body={"message": "teapot"})
    return cls("message")


@pytest.mark.parametrize("cls", _every_error_class(), ids=lambda c: c.__name__)
def test_every_error_pickles(cls: type[E.TwelveLabsError]) -> None:
    import pickle

    error = _sample(cls)
    if isinstance(error, E.TaskFailedError):
        error.task = "t1"  # a task model pickles on its own; the sample's ad-hoc class would not
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__


def test_a_combined_code_and_status_class_pickles() -> None:
    import pickle

    error = error_from_response(409, {}, body(code="index_name_already_exists", message="taken"))
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, E.IndexNameAlreadyExistsError) and isinstance(copy, E.ConflictError)
    assert copy.code == "index_name_already_exists" and copy.status == 409


# --- the official SDK's error names and attributes (issue 15) ------------------------------------------------------


def test_api_error_is_the_base_of_every_answer_error() -> None:
    from twelvelabs_async._errors import __all__ as exported

    assert "ApiError" in exported
    assert issubclass(E.APIStatusError, E.ApiError) and issubclass(E.APIResponseError, E.ApiError)
    for cls in (*STATUS_CLASSES.values(), *(c for c, _, _ in DOCUMENTED.values()), E.InternalServerError):
        assert issubclass(cls, E.ApiError), cls
    # Not an answer of the API: the official SDK raises httpx's own errors there, never ApiError.
    assert not issubclass(E.APIConnectionError, E.ApiError)


@pytest.mark.parametrize("status", [400, 404, 409, 418, 429, 503])
def test_status_code_is_the_answers_status(status: int) -> None:
    error = error_from_response(status, {"x-request-id": "r1"}, body(code="some_code", message="m"))
    assert error.status_code == error.status == status
    assert error.headers == {"x-request-id": "r1"}
    assert error.body == {"code": "some_code", "message": "m"}  # the parsed JSON, as the official SDK gives it
    assert error.body_text == body(code="some_code", message="m").decode()


async def test_except_api_error_catches_a_live_answer(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(404, json={"code": "resource_not_exist", "message": "no index"}, headers={"X-A": "b"}))
    try:
        await client.indexes.retrieve("nope")
    except E.ApiError as error:  # the official SDK's `except ApiError as e: e.status_code, e.body`
        assert error.status_code == 404
        assert error.body == {"code": "resource_not_exist", "message": "no index"}
        assert error.headers is not None and error.headers["X-A"] == "b"
    else:  # pragma: no cover
        pytest.fail("no error")


def test_a_2xx_that_cannot_be_read_is_an_api_error() -> None:
    error = E.APIResponseError("GET /x answered 200 with a body that is not JSON", status=200, body="<html>")
    assert isinstance(error, E.ApiError)
    assert (error.status_code, error.body, error.headers) == (200, "<html>", {})


@pytest.mark.parametrize(
    "make",
    [
        lambda: E.ArgumentError("index_name", "must not be empty"),
        lambda: E.ArgumentTypeError("page", "expected an int"),
        lambda: E.PreflightError("a.mp4", "max_size", "too big"),
    ],
    ids=["ArgumentError", "ArgumentTypeError", "PreflightError"],
)
def test_argument_errors_are_bad_request_errors(make: object) -> None:
    error = make()  # type: ignore[operator]
    assert isinstance(error, E.BadRequestError) and isinstance(error, E.ApiError)
    assert isinstance(error, ValueError)
    assert error.status == error.status_code == 400
    # The API's code for a bad argument, in `code` and in the body, as the server's 400 carries it.
    assert error.code == "parameter_invalid"
    assert error.body == {"code": "parameter_invalid", "message": str(error)}
    assert error.method is None and error.url is None and error.headers == {}
    assert str(error) == error.message  # the text is unchanged: "param: reason", no status label


async def test_except_bad_request_error_catches_a_bad_argument_before_any_request(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(E.BadRequestError) as info:
        await client.indexes.retrieve("")
    assert isinstance(info.value, E.ArgumentError)  # how to tell it from the server's 400
    assert server.requests == []


def test_errors_can_be_made_the_official_way() -> None:
    bad = E.BadRequestError({"code": "parameter_invalid", "message": "The `index_name` parameter is invalid."})
    assert bad.status_code == bad.status == 400
    assert bad.code == "parameter_invalid" and bad.message == "The `index_name` parameter is invalid."
    assert bad.body == {"code": "parameter_invalid", "message": "The `index_name` parameter is invalid."}
    missing = E.NotFoundError(body="no such index", headers={"x-request-id": "r"})
    assert (missing.status_code, missing.body, missing.message, missing.headers) == (
        404, "no such index", "no such index", {"x-request-id": "r"}
    )
    assert E.InternalServerError(None).status_code == 500
    assert E.RateLimitError(body=None).status_code == 429
    base = E.ApiError(status_code=418, headers={"a": "b"}, body={"message": "teapot"})
    assert (base.status_code, base.headers, base.body) == (418, {"a": "b"}, {"message": "teapot"})
    assert str(base) == "headers: {'a': 'b'}, status_code: 418, body: {'message': 'teapot'}"  # as the official
    with pytest.raises(TypeError):
        E.APIStatusError(body="no status")  # neither status= nor a class with one


def test_a_client_side_400_still_exits_as_a_usage_error_in_the_cli() -> None:
    from twelvelabs_async.cli.commands import rerun_may_help

    assert not rerun_may_help(E.ArgumentError("files", "bad"))


def test_error_headers_and_bodies_read_as_the_official_sdk_gives_them() -> None:
    import pickle

    headers = CIMultiDict([("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
    error = error_from_response(
        404, headers, body(code="resource_not_exist", message="gone", docs_url=None), method="GET", url="u"
    )
    # Lower-case names as httpx gives them, repeated values joined; looked up in any case.
    assert list(error.headers) == ["content-type", "set-cookie"]
    assert error.headers["set-cookie"] == "a=1, b=2"
    assert error.headers.get("CONTENT-TYPE") == error.headers["Content-Type"] == "application/json"
    assert "content-TYPE" in error.headers and error.headers.get("retry-after") is None
    # The body is a dict whose keys read as attributes, as the official typed bodies do.
    assert error.body["code"] == error.body.code == "resource_not_exist"
    assert error.body.docs_url is None and isinstance(error.body, dict)
    nested = error_from_response(503, {}, b'{"error": {"code": "busy", "details": [{"field": "x"}]}}')
    assert nested.body.error.code == "busy" and nested.body.error.details[0].field == "x"
    assert isinstance(nested, E.ServiceUnavailableError) and isinstance(nested, E.InternalServerError)
    assert nested.status_code == 503 and E.GatewayTimeoutError(None).status_code == 504
    copy = pickle.loads(pickle.dumps(error))
    assert copy.headers == error.headers and copy.headers.get("Content-Type") == "application/json"
    assert copy.body.code == "resource_not_exist"
    with pytest.raises(AttributeError):
        error.body.__deepcopy__  # noqa: B018  # dunders are not keys: copy and pickle must not find None


def test_an_argument_error_body_reads_as_attributes_too() -> None:
    error = E.ArgumentError("index_name", "is required")
    assert error.body.message == error.body["message"] and error.body.code == error.code
