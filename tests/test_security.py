"""The API key stays secret (reprs, errors, logs, redirects); header injection is refused; TLS and env config."""

from __future__ import annotations

import contextlib
import logging

import pytest
from core_testkit import API_KEY, HANG, FakeTime, RecordingServer, Reply, free_port, make_client

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._config import DEFAULT_BASE_URL
from twelvelabs_async._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    TwelveLabsError,
)


def assert_no_key(*things: object) -> None:
    for thing in things:
        assert API_KEY not in str(thing)
        assert API_KEY not in repr(thing)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWELVELABS_API_KEY", raising=False)
    monkeypatch.delenv("TWELVELABS_BASE_URL", raising=False)


# --- the key never shows ----------------------------------------------------------------------------------------


def test_key_not_in_reprs() -> None:
    client = AsyncTwelveLabs(API_KEY)
    assert_no_key(client, client.config, client.config.api_key)
    assert client.config.api_key.reveal() == API_KEY


@pytest.mark.parametrize("status", [400, 401, 404, 429, 500])
async def test_key_not_in_status_errors(
    status: int, server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(*[Reply(status, json={"code": "api_key_invalid", "message": "API Key is invalid"})] * 3)
    with pytest.raises(APIStatusError) as info:
        await client.indexes.retrieve("i", request_options={"additional_headers": {"X-Trace": "1"}})
    error = info.value
    assert_no_key(error, vars(error), error.args)
    assert server.requests[0].headers["x-api-key"] == API_KEY  # it was sent, just never shown


async def test_key_not_in_connection_errors(fake_time: FakeTime) -> None:
    c = make_client(f"http://127.0.0.1:{free_port()}/v1.3", fake_time, max_retries=1)
    try:
        with pytest.raises(APIConnectionError) as info:
            await c.tasks.create(index_id="i", video_url="https://e/v.mp4")
    finally:
        await c.aclose()
    assert_no_key(info.value, vars(info.value), info.value.__cause__, info.value.__context__)


async def test_key_not_in_logs(
    server: RecordingServer, client: AsyncTwelveLabs, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="twelvelabs_async")
    server.script(
        Reply(503),
        Reply(429, headers={"Retry-After": "1"}),
        Reply(json={"_id": "i"}),
        Reply(401, json={"code": "api_key_invalid", "message": "bad key"}),
    )
    await client.indexes.retrieve("i")
    with pytest.raises(APIStatusError):
        await client.indexes.retrieve("j")
    records = [r for r in caplog.records if r.name.startswith("twelvelabs_async")]
    assert len(records) >= 3  # the retries and the answers were logged
    assert any("retry" in r.getMessage() for r in records)
    for record in records:
        assert API_KEY not in record.getMessage()
        assert API_KEY not in repr(record.args)
    assert API_KEY not in caplog.text


async def test_key_not_forwarded_on_a_cross_origin_redirect(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    other = RecordingServer().start()
    try:
        other.script(Reply(json={"_id": "i"}))
        server.script(Reply(302, headers={"Location": f"{other.base_url}/indexes/i"}))
        with contextlib.suppress(TwelveLabsError):  # refusing the redirect is fine too
            await client.indexes.retrieve("i")
        assert all("x-api-key" not in r.headers for r in other.requests)
    finally:
        other.stop()


# --- header injection ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["tlk_abc\r\nX-Evil: 1", "tlk_abc\n", "tlk\rabc"])
def test_line_break_in_the_key_is_refused(bad: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        AsyncTwelveLabs(bad)
    assert "x-api-key" in str(info.value)
    assert bad not in str(info.value) and "tlk" not in str(info.value)


@pytest.mark.parametrize("value", ["a\r\nX-Evil: 1", "a\nb", "a\rb"])
def test_line_break_in_default_headers_is_refused(value: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        AsyncTwelveLabs(API_KEY, default_headers={"X-Team": value})
    assert "X-Team" in str(info.value)


def test_bad_header_name_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        AsyncTwelveLabs(API_KEY, default_headers={"X-Bad\r\nName": "v"})


@pytest.mark.parametrize("value", ["a\r\nX-Evil: 1", "a\nb"])
async def test_line_break_in_additional_headers_is_refused(
    value: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    options = {"additional_headers": {"X-Trace": value}}
    with pytest.raises(ConfigurationError):
        await client.indexes.retrieve("i", request_options=options)
    with pytest.raises(ConfigurationError):
        client.indexes.list(request_options=options)  # a pager refuses it when called
    assert server.requests == []


# --- TLS and configuration ---------------------------------------------------------------------------------------


async def test_tls_verification_is_on_by_default() -> None:
    client = AsyncTwelveLabs(API_KEY)
    try:
        assert client.config.ssl is True
        connector = client._transport.session().connector
        assert connector is not None
        assert connector._ssl is True  # type: ignore[attr-defined]
    finally:
        await client.aclose()


def test_tls_verification_can_be_turned_off_explicitly() -> None:
    assert AsyncTwelveLabs(API_KEY, verify_ssl=False).config.ssl is False


def test_missing_key_mentions_the_env_variable() -> None:
    with pytest.raises(ConfigurationError, match="TWELVELABS_API_KEY"):
        AsyncTwelveLabs()


@pytest.mark.parametrize("key", ["", "   "])
def test_blank_key_is_refused(key: str) -> None:
    with pytest.raises(ConfigurationError):
        AsyncTwelveLabs(key)


def test_non_str_key_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        AsyncTwelveLabs(12345)  # type: ignore[arg-type]


def test_env_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWELVELABS_API_KEY", "tlk_from_env")
    monkeypatch.setenv("TWELVELABS_BASE_URL", "http://127.0.0.1:9/v1.3/")
    client = AsyncTwelveLabs()
    assert client.config.api_key.reveal() == "tlk_from_env"
    assert client.base_url == "http://127.0.0.1:9/v1.3"


def test_explicit_arguments_win_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWELVELABS_API_KEY", "tlk_from_env")
    monkeypatch.setenv("TWELVELABS_BASE_URL", "http://127.0.0.1:9/v1.3")
    client = AsyncTwelveLabs("tlk_explicit", base_url="http://localhost:8/v1.3")
    assert client.config.api_key.reveal() == "tlk_explicit"
    assert client.base_url == "http://localhost:8/v1.3"


def test_default_base_url() -> None:
    assert AsyncTwelveLabs(API_KEY).base_url == DEFAULT_BASE_URL == "https://api.twelvelabs.io/v1.3"


def test_bad_base_url_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        AsyncTwelveLabs(API_KEY, base_url="api.twelvelabs.io/v1.3")


async def test_env_key_is_sent(monkeypatch: pytest.MonkeyPatch, server: RecordingServer) -> None:
    monkeypatch.setenv("TWELVELABS_API_KEY", "tlk_env_sent")
    monkeypatch.setenv("TWELVELABS_BASE_URL", server.base_url)
    server.script(Reply(json={"_id": "i"}))
    async with AsyncTwelveLabs() as client:
        await client.indexes.retrieve("i")
    assert server.requests[0].headers["x-api-key"] == "tlk_env_sent"


async def test_key_not_in_timeout_errors(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(HANG)
    with pytest.raises(APITimeoutError) as info:
        await client.indexes.retrieve("i", request_options={"timeout_in_seconds": 0.1, "max_retries": 0})
    assert_no_key(info.value, vars(info.value), info.value.__cause__, info.value.__context__)


async def test_a_tls_failure_is_raised_at_once_and_never_retried(server: RecordingServer) -> None:
    fake = FakeTime()
    client = make_client(server.base_url.replace("http://", "https://"), fake)
    try:
        with pytest.raises(APIConnectionError, match="TLS failure") as caught:
            await client.indexes.retrieve("x")
    finally:
        await client.aclose()
    assert fake.sleeps == []  # no backoff: a retry cannot fix a certificate or protocol mismatch
    assert API_KEY not in str(caught.value)
