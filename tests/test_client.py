"""Client lifecycle: async with, aclose, event loops, the shared session, rate-limit headers."""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings

import pytest
from core_testkit import API_KEY, FakeTime, RecordingServer, Reply, make_client

from twelvelabs_async import AsyncTwelveLabs, RateLimitInfo
from twelvelabs_async._errors import ClientClosedError, EventLoopMismatchError


async def test_async_with_closes_the_client(server: RecordingServer, fake_time: FakeTime) -> None:
    server.script(Reply(json={"_id": "i"}))
    async with make_client(server.base_url, fake_time) as client:
        assert (await client.indexes.retrieve("i")).id == "i"
        session = client._transport.session()
    assert session.closed
    with pytest.raises(ClientClosedError):
        await client.indexes.retrieve("i")
    assert len(server.requests) == 1


async def test_aclose_then_call_raises(server: RecordingServer, fake_time: FakeTime) -> None:
    client = make_client(server.base_url, fake_time)
    await client.aclose()
    await client.aclose()  # twice is fine
    with pytest.raises(ClientClosedError):
        await client.indexes.retrieve("i")
    with pytest.raises(ClientClosedError):
        await client.tasks.list()
    with pytest.raises(ClientClosedError):
        await client.analyze_stream(video_id="v", prompt="p")
    assert server.requests == []


async def test_session_is_made_lazily_and_shared(server: RecordingServer, fake_time: FakeTime) -> None:
    client = make_client(server.base_url, fake_time)
    try:
        assert client._transport._session is None  # nothing made at construction
        server.script(*[Reply(json={"_id": f"i{n}"}) for n in range(20)])
        results = await asyncio.gather(*(client.indexes.retrieve(f"i{n}") for n in range(20)))
        assert sorted(r.id for r in results) == sorted(f"i{n}" for n in range(20))
        first = client._transport.session()
        server.script(Reply(json={"_id": "x"}))
        await client.indexes.retrieve("x")
        assert client._transport.session() is first
    finally:
        await client.aclose()
    assert len(server.requests) == 21


def test_client_built_outside_a_loop_works_in_asyncio_run(server: RecordingServer) -> None:
    client = AsyncTwelveLabs(API_KEY, base_url=server.base_url)
    server.script(Reply(json={"_id": "i"}))

    async def main() -> str:
        async with client:
            return (await client.indexes.retrieve("i")).id

    assert asyncio.run(main()) == "i"
    assert len(server.requests) == 1


def test_client_used_in_two_successive_asyncio_runs(server: RecordingServer) -> None:
    client = AsyncTwelveLabs(API_KEY, base_url=server.base_url)
    server.script(Reply(json={"_id": "a"}), Reply(json={"_id": "b"}))

    async def first() -> str:
        return (await client.indexes.retrieve("a")).id

    async def second() -> str:
        try:
            return (await client.indexes.retrieve("b")).id
        finally:
            await client.aclose()

    assert asyncio.run(first()) == "a"
    assert asyncio.run(second()) == "b"  # the first loop is closed; a new session on the new loop
    assert [r.raw_path for r in server.requests] == ["/v1.3/indexes/a", "/v1.3/indexes/b"]


def test_successive_asyncio_runs_leak_nothing(server: RecordingServer) -> None:
    client = AsyncTwelveLabs(API_KEY, base_url=server.base_url)
    server.script(Reply(json={"_id": "a"}), Reply(json={"_id": "b"}))

    async def use(index_id: str, close: bool) -> None:
        await client.indexes.retrieve(index_id)
        if close:
            await client.aclose()

    gc.collect()  # whatever earlier tests left for the collector is not this test's business
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(use("a", close=False))
        asyncio.run(use("b", close=True))
        gc.collect()
    ours = f"{server.port})"  # only sockets to this test's server
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning) and ours in str(w.message)]
    assert leaks == []


async def test_a_second_running_loop_gets_a_clear_error(server: RecordingServer, fake_time: FakeTime) -> None:
    client = make_client(server.base_url, fake_time)
    try:
        server.script(Reply(json={"_id": "i"}), Reply(json={"_id": "j"}))
        await client.indexes.retrieve("i")  # bound to this (still running) loop
        outcome: list[BaseException | str] = []

        def other_thread() -> None:
            async def use() -> str:
                return (await client.indexes.retrieve("j")).id

            try:
                outcome.append(asyncio.run(use()))
            except BaseException as exc:
                outcome.append(exc)

        thread = threading.Thread(target=other_thread, daemon=True)
        thread.start()
        await asyncio.wait_for(asyncio.to_thread(thread.join, 10), timeout=15)
        assert not thread.is_alive(), "the second loop hung"
        assert len(outcome) == 1
        assert isinstance(outcome[0], EventLoopMismatchError)
        assert "loop" in str(outcome[0])
        # the client still works on its own loop
        assert (await client.indexes.retrieve("j")).id == "j"
    finally:
        await client.aclose()
    assert len(server.requests) == 2


async def test_rate_limit_reflects_the_headers(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    assert client.rate_limit is None
    server.script(
        Reply(json={"_id": "i"}),
        Reply(
            json={"id": "g", "data": "t"},
            headers={
                "X-Ratelimit-Limit": "100",
                "X-Ratelimit-Remaining": "99",
                "X-Ratelimit-Used": "1",
                "X-Ratelimit-Reset": "1718777276",
            },
        ),
        Reply(json={"_id": "i"}),
        Reply(json={"id": "g"}, headers={"x-ratelimit-remaining": "98", "x-ratelimit-reset": "1718777300"}),
    )
    await client.indexes.retrieve("i")
    assert client.rate_limit is None  # a response without the headers tells nothing
    await client.analyze(video="https://e/v.mp4", prompt="p")
    assert client.rate_limit == RateLimitInfo(limit=100, remaining=99, used=1, reset=1718777276.0)
    await client.indexes.retrieve("i")
    assert client.rate_limit is not None and client.rate_limit.remaining == 99  # kept until new headers
    await client.analyze(video="https://e/v.mp4", prompt="p")
    assert client.rate_limit.remaining == 98 and client.rate_limit.reset == 1718777300.0


async def test_rate_limit_updated_by_a_429(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    reset = int(fake_time.now) + 2
    server.script(
        Reply(429, headers={"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": str(reset)}),
        Reply(json={"id": "s", "data": "x"}),
    )
    await client.analyze(video="https://e/v.mp4", prompt="p")
    assert client.rate_limit is not None
    assert client.rate_limit.remaining == 0 and client.rate_limit.reset == float(reset)
    assert fake_time.sleeps == [2.0]


def test_repr_and_properties() -> None:
    client = AsyncTwelveLabs(API_KEY, base_url="http://127.0.0.1:9/v1.3/", max_retries=5, timeout=3)
    assert client.base_url == "http://127.0.0.1:9/v1.3"
    assert repr(client) == "AsyncTwelveLabs(base_url='http://127.0.0.1:9/v1.3')"
    assert client.config.retry.max_retries == 5
    assert client.config.timeout == 3.0


# --- the official SDK's constructor keywords --------------------------------------------------------------------


async def test_official_keywords_environment_and_headers_reach_the_wire(
    server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twelvelabs_async import TwelveLabsEnvironment

    monkeypatch.delenv("TWELVELABS_BASE_URL", raising=False)

    server.script(Reply(json={"data": [], "page_info": {"page": 1, "total_page": 1}}))
    # environment gives the base URL unless base_url is given, as in 1.3.6; headers is default_headers.
    assert AsyncTwelveLabs(api_key=API_KEY, environment=TwelveLabsEnvironment.DEFAULT).base_url == (
        TwelveLabsEnvironment.DEFAULT.value
    )
    async with AsyncTwelveLabs(
        api_key=API_KEY,
        environment=TwelveLabsEnvironment.DEFAULT,
        base_url=server.url,
        headers={"x-caller": "notebook"},
        timeout=None,
        follow_redirects=True,
    ) as client:
        assert client.config.timeout == 60.0
        await client.indexes.list().first_page()
    assert server.requests[0].headers["x-caller"] == "notebook"
    async with AsyncTwelveLabs(api_key=API_KEY, environment=server.url) as client:
        assert client.base_url == server.url.rstrip("/")


def test_official_keywords_refused_where_they_cannot_be_honoured() -> None:
    from twelvelabs_async import ConfigurationError, TwelveLabs

    with pytest.raises(ConfigurationError, match="httpx_client cannot be used") as refused:
        TwelveLabs(api_key=API_KEY, httpx_client=object())
    assert API_KEY not in str(refused.value)
    with pytest.raises(ConfigurationError, match="not both"):
        AsyncTwelveLabs(api_key=API_KEY, headers={"a": "b"}, default_headers={"a": "c"})
    with pytest.raises(ConfigurationError, match="environment must be"):
        AsyncTwelveLabs(api_key=API_KEY, environment=3)
    with pytest.raises(ConfigurationError, match="follow_redirects must be a bool"):
        AsyncTwelveLabs(api_key=API_KEY, follow_redirects="yes")


def test_the_base_url_variable_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from twelvelabs_async import TwelveLabsEnvironment

    monkeypatch.setenv("TWELVELABS_BASE_URL", "http://127.0.0.1:9/v1.3")
    client = AsyncTwelveLabs(api_key=API_KEY, environment=TwelveLabsEnvironment.DEFAULT)
    assert client.base_url == "http://127.0.0.1:9/v1.3"
    assert AsyncTwelveLabs(api_key=API_KEY, base_url="http://127.0.0.1:8/v1.3").base_url == "http://127.0.0.1:8/v1.3"
