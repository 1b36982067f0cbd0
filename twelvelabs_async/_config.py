"""Client configuration: the API key, base URL, timeouts, retries and connection limits, with env fallbacks.

An explicit argument always wins over the environment. The key is wrapped so that no repr, log line or error
message can show it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

import attrs

from twelvelabs_async._errors import ConfigurationError, register_secret
from twelvelabs_async._retry import RetryPolicy

if TYPE_CHECKING:
    import ssl

DEFAULT_BASE_URL = "https://api.twelvelabs.io/v1.3"
API_KEY_ENV = "TWELVELABS_API_KEY"
BASE_URL_ENV = "TWELVELABS_BASE_URL"
# The largest answer body read into memory (after decompression). The API's biggest answers, embeddings of long
# videos, stay well under it; a server that sends more (or a compression bomb) gets a ResponseTooLargeError
# instead of the process's memory.
DEFAULT_MAX_RESPONSE_BYTES = 128 * 1024 * 1024
# The longest line of a stream (one event): the API's are a few KB; this only stops a server that never ends one.
DEFAULT_MAX_STREAM_LINE_BYTES = 64 * 1024 * 1024


class RequestOptions(TypedDict, total=False):
    """Per-call settings, with the same keys as the official SDK's ``request_options``."""

    timeout_in_seconds: float
    max_retries: int
    additional_headers: Mapping[str, str]
    additional_query_parameters: Mapping[str, str]
    additional_body_parameters: Mapping[str, object]


class Secret:
    """A string that never shows itself in a repr or a formatted message."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        register_secret(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def check_header_value(name: str, value: str) -> None:
    """Refuse header values that could split a request (CR or LF); name the header, never the value."""
    if not isinstance(value, str):
        raise ConfigurationError(f"header {name!r} must be a str, not {type(value).__name__}")
    if "\r" in value or "\n" in value or "\x00" in value:
        raise ConfigurationError(f"header {name!r} contains a line break or NUL character")
    if not name or any(c in name for c in "\r\n:\x00 "):
        raise ConfigurationError(f"invalid header name {name!r}")


@attrs.frozen
class ClientConfig:
    api_key: Secret
    base_url: str
    timeout: float
    connect_timeout: float
    retry: RetryPolicy
    max_connections: int
    default_headers: Mapping[str, str]
    ssl: ssl.SSLContext | bool
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    max_stream_line_bytes: int = DEFAULT_MAX_STREAM_LINE_BYTES
    proxy: Secret | None = None  # a proxy URL may hold credentials: kept out of every repr
    trust_env: bool = False


def official_client_options(
    base_url: str | None,
    default_headers: Mapping[str, str] | None,
    *,
    environment: Any,
    headers: Mapping[str, str] | None,
    follow_redirects: bool | None,
    httpx_client: Any,
) -> tuple[str | None, Mapping[str, str] | None]:
    """The official SDK's client keywords, mapped to ours, so that ``TwelveLabs(api_key=..., environment=...,
    headers=..., follow_redirects=..., httpx_client=...)`` written for it runs here.

    ``environment`` (a ``TwelveLabsEnvironment`` or its URL) is the base URL unless ``base_url`` is given or
    ``TWELVELABS_BASE_URL`` is set (1.3.6 lets the variable win too; it also lets it win over ``base_url``, where
    an explicit argument wins here). ``headers`` is ``default_headers`` under its official name.
    ``follow_redirects`` is accepted and has no effect: no redirect is followed here, because the API key would
    travel with it (httpx keeps a custom ``x-api-key`` header across origins). ``httpx_client`` cannot be used
    (our transport is aiohttp): it is refused unless None, so that the proxies, timeouts or certificates it
    carries are not silently dropped.
    """
    if environment is not None:
        url = getattr(environment, "value", environment)
        if not isinstance(url, str):
            raise ConfigurationError(
                f"environment must be a TwelveLabsEnvironment or a URL, got {type(environment).__name__}"
            )
        # TWELVELABS_BASE_URL wins over environment, as in 1.3.6: a test suite that points the variable at a
        # local emulator must not send its requests (and the key) to the production environment a program names.
        if base_url is None and not os.environ.get(BASE_URL_ENV):
            base_url = url
    if headers is not None:
        if default_headers is not None:
            raise ConfigurationError("give headers or default_headers, not both (they are the same option)")
        default_headers = headers
    if follow_redirects is not None and not isinstance(follow_redirects, bool):
        raise ConfigurationError(f"follow_redirects must be a bool, got {type(follow_redirects).__name__}")
    if httpx_client is not None:
        raise ConfigurationError(
            "httpx_client cannot be used: twelvelabs_async sends its requests with aiohttp. Give what it was for "
            "as options of the client instead: timeout=, connect_timeout=, proxy= (or trust_env=True), "
            "verify_ssl= (an ssl.SSLContext), max_connections=, headers="
        )
    return base_url, default_headers


def resolve_config(
    api_key: str | None,
    base_url: str | None,
    *,
    timeout: float,
    connect_timeout: float,
    max_retries: int,
    max_connections: int,
    default_headers: Mapping[str, str] | None,
    verify_ssl: ssl.SSLContext | bool,
    max_response_bytes: int | None = None,
    max_stream_line_bytes: int | None = None,
    proxy: str | None = None,
    trust_env: bool = False,
) -> ClientConfig:
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if key is not None and not isinstance(key, str):
        raise ConfigurationError(f"api_key must be a str, not {type(key).__name__}")
    if key is None or not key.strip():
        raise ConfigurationError(
            f"No API key: pass api_key=... or set the {API_KEY_ENV} environment variable "
            "(for the local emulator any non-empty key works)"
        )
    check_header_value("x-api-key", key)

    url = base_url if base_url is not None else os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ConfigurationError(f"base_url must be an http(s) URL including the API version, got {url!r}")
    url = url.rstrip("/")

    for name, value in (("timeout", timeout), ("connect_timeout", connect_timeout)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ConfigurationError(f"{name} must be a positive number of seconds, got {value!r}")
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be an int >= 0, got {max_retries!r}")
    if isinstance(max_connections, bool) or not isinstance(max_connections, int) or max_connections < 1:
        raise ConfigurationError(f"max_connections must be an int >= 1, got {max_connections!r}")
    if max_response_bytes is None:
        max_response_bytes = DEFAULT_MAX_RESPONSE_BYTES
    if max_stream_line_bytes is None:
        max_stream_line_bytes = DEFAULT_MAX_STREAM_LINE_BYTES
    for name, bound in (("max_response_bytes", max_response_bytes), ("max_stream_line_bytes", max_stream_line_bytes)):
        if isinstance(bound, bool) or not isinstance(bound, int) or bound < 1024:
            raise ConfigurationError(f"{name} must be an int >= 1024, got {bound!r}")
    if proxy is not None and (not isinstance(proxy, str) or not proxy.startswith(("http://", "https://"))):
        # Only the scheme is named: a proxy URL may carry a password.
        shown = type(proxy).__name__ if not isinstance(proxy, str) else "a URL without http(s)://"
        raise ConfigurationError(f"proxy must be an http(s) URL, got {shown}")
    if proxy is not None:
        import urllib.parse

        password = urllib.parse.urlsplit(proxy).password
        if password:
            register_secret(password)
    if not isinstance(trust_env, bool):
        raise ConfigurationError(f"trust_env must be a bool, got {type(trust_env).__name__}")
    headers = dict(default_headers or {})
    for header_name, header_value in headers.items():
        check_header_value(header_name, header_value)
    return ClientConfig(
        api_key=Secret(key),
        base_url=url,
        timeout=float(timeout),
        connect_timeout=float(connect_timeout),
        retry=RetryPolicy(max_retries=max_retries),
        max_connections=max_connections,
        default_headers=headers,
        ssl=verify_ssl,
        max_response_bytes=max_response_bytes,
        max_stream_line_bytes=max_stream_line_bytes,
        proxy=Secret(proxy) if proxy is not None else None,
        trust_env=trust_env,
    )
