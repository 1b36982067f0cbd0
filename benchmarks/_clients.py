"""The clients under test, each behind the same small interface, so every scenario runs them alike.

Async clients (``async with make_async(name, url) as c``) and sync clients (``with make_sync(name, url) as c``)
offer ``retrieve(index_id)``, ``stream(video_id, prompt)`` (returns events and seconds to the first event) and
``search(index_id, query, page_limit, on_page=None, prefetch=False)`` (returns the number of results).

- ``raw aiohttp``: the floor. The same requests by hand on one ``aiohttp.ClientSession``, ``json.loads`` of
  each body (and of each NDJSON line, split by hand from ``iter_any()`` chunks), nothing else.
- ``ours async`` / ``ours sync``: ``twelvelabs_async.AsyncTwelveLabs`` / ``twelvelabs_async.TwelveLabs``.
- ``official async`` / ``official sync``: the official ``twelvelabs`` SDK (``AsyncTwelveLabs`` / ``TwelveLabs``
  with ``base_url=``), when installed.

A client that lacks an operation raises ``Unsupported``; the runner then skips it for that scenario and says so.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from benchmarks._server import API_KEY

RAW = "raw aiohttp"
OURS_ASYNC = "ours async"
OURS_SYNC = "ours sync"
OFFICIAL_ASYNC = "official async"
OFFICIAL_SYNC = "official sync"
ASYNC_CLIENTS = (RAW, OURS_ASYNC, OFFICIAL_ASYNC)
SYNC_CLIENTS = (OURS_SYNC, OFFICIAL_SYNC)

PageHook = Callable[[int], Awaitable[None]]
SyncPageHook = Callable[[int], None]


class Unsupported(Exception):
    """The client has no such operation (the scenario is skipped for it, with this reason)."""


def official_version() -> str | None:
    """The official SDK's version, or None when it is not installed."""
    try:
        from importlib.metadata import version

        import twelvelabs  # noqa: F401
    except ImportError:
        return None
    return version("twelvelabs")


# --- async clients -------------------------------------------------------------------------------------------


class RawAiohttp:
    """The same requests by hand: one session, ``json.loads`` of every body."""

    def __init__(self, url: str) -> None:
        import aiohttp

        self.url = url
        self.session = aiohttp.ClientSession(
            headers={"x-api-key": API_KEY, "accept": "application/json"},
            connector=aiohttp.TCPConnector(limit=100),
        )

    async def aclose(self) -> None:
        await self.session.close()

    async def retrieve(self, index_id: str) -> Any:
        async with self.session.get(f"{self.url}/indexes/{index_id}") as response:
            body = await response.read()
            if response.status != 200:
                raise RuntimeError(f"GET /indexes -> {response.status}")
        return json.loads(body)

    async def stream(self, video_id: str, prompt: str) -> tuple[int, float]:
        started = time.perf_counter()
        first: float | None = None
        events = 0
        buffer = b""
        async with self.session.post(f"{self.url}/analyze", json={"video_id": video_id, "prompt": prompt}) as r:
            if r.status != 200:
                raise RuntimeError(f"POST /analyze -> {r.status}")
            async for chunk in r.content.iter_any():
                lines = (buffer + chunk).split(b"\n")
                buffer = lines.pop()
                for line in lines:
                    if line:
                        json.loads(line)
                        events += 1
                        if first is None:
                            first = time.perf_counter() - started
        return events, first or 0.0

    async def search(
        self, index_id: str, query: str, page_limit: int, on_page: PageHook | None = None, prefetch: bool = False
    ) -> int:
        import aiohttp

        if prefetch:
            raise Unsupported("no prefetch by hand")
        form = aiohttp.FormData(default_to_multipart=True)
        for name, value in (("index_id", index_id), ("search_options", "visual"), ("query_text", query),
                            ("page_limit", str(page_limit))):
            form.add_field(name, value)
        async with self.session.post(f"{self.url}/search", data=form) as response:
            page = json.loads(await response.read())
        results = 0
        for _ in range(100_000):  # bounded: 100,000 pages at most
            results += len(page["data"])
            if on_page is not None:
                await on_page(len(page["data"]))
            token = page["page_info"].get("next_page_token")
            if not token:
                break
            async with self.session.get(f"{self.url}/search/{token}") as response:
                page = json.loads(await response.read())
        return results


class OursAsync:
    def __init__(self, url: str) -> None:
        from twelvelabs_async import AsyncTwelveLabs

        self.client = AsyncTwelveLabs(API_KEY, base_url=url)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def retrieve(self, index_id: str) -> Any:
        return await self.client.indexes.retrieve(index_id)

    async def stream(self, video_id: str, prompt: str) -> tuple[int, float]:
        started = time.perf_counter()
        first: float | None = None
        events = 0
        async for _event in self.client.analyze_stream(video_id=video_id, prompt=prompt):
            events += 1
            if first is None:
                first = time.perf_counter() - started
        return events, first or 0.0

    async def search(
        self, index_id: str, query: str, page_limit: int, on_page: PageHook | None = None, prefetch: bool = False
    ) -> int:
        pager = self.client.search.query(
            index_id=index_id, search_options=["visual"], query_text=query, page_limit=page_limit, prefetch=prefetch
        )
        if on_page is None:
            results = 0
            async for _item in pager:
                results += 1
            return results
        results = 0
        async with pager.pages() as pages:
            async for page in pages:
                results += len(page.data)
                await on_page(len(page.data))
        return results


class OfficialAsync:
    def __init__(self, url: str) -> None:
        try:
            from twelvelabs import AsyncTwelveLabs
        except ImportError:
            raise Unsupported("the official twelvelabs SDK is not installed") from None
        self.client = AsyncTwelveLabs(api_key=API_KEY, base_url=url)

    async def aclose(self) -> None:
        # The official client has no aclose(); close its httpx client by hand.
        wrapper = getattr(self.client, "_client_wrapper", None)
        httpx_client = getattr(getattr(wrapper, "httpx_client", None), "httpx_client", None)
        if httpx_client is not None:
            await httpx_client.aclose()

    async def retrieve(self, index_id: str) -> Any:
        return await self.client.indexes.retrieve(index_id)

    async def stream(self, video_id: str, prompt: str) -> tuple[int, float]:
        started = time.perf_counter()
        first: float | None = None
        events = 0
        async for _event in await _maybe_await(self.client.analyze_stream(video_id=video_id, prompt=prompt)):
            events += 1
            if first is None:
                first = time.perf_counter() - started
        return events, first or 0.0

    async def search(
        self, index_id: str, query: str, page_limit: int, on_page: PageHook | None = None, prefetch: bool = False
    ) -> int:
        if prefetch:
            raise Unsupported("the official SDK has no prefetch")
        pager = await self.client.search.query(  # type: ignore[attr-defined]
            index_id=index_id, search_options=["visual"], query_text=query, page_limit=page_limit
        )
        results = 0
        async for page in pager.iter_pages():
            items = page.items or []
            results += len(items)
            if on_page is not None:
                await on_page(len(items))
        return results


async def _maybe_await(value: Any) -> Any:
    if hasattr(value, "__await__"):
        return await value
    return value


_ASYNC_FACTORIES: dict[str, Callable[[str], Any]] = {
    RAW: RawAiohttp,
    OURS_ASYNC: OursAsync,
    OFFICIAL_ASYNC: OfficialAsync,
}


@contextlib.asynccontextmanager
async def make_async(name: str, url: str) -> AsyncIterator[Any]:
    client = _ASYNC_FACTORIES[name](url)
    try:
        yield client
    finally:
        await client.aclose()


# --- sync clients --------------------------------------------------------------------------------------------


class OursSync:
    def __init__(self, url: str) -> None:
        from twelvelabs_async import TwelveLabs

        self.client = TwelveLabs(API_KEY, base_url=url)

    def close(self) -> None:
        self.client.close()

    def retrieve(self, index_id: str) -> Any:
        return self.client.indexes.retrieve(index_id)

    def stream(self, video_id: str, prompt: str) -> tuple[int, float]:
        started = time.perf_counter()
        first: float | None = None
        events = 0
        with self.client.analyze_stream(video_id=video_id, prompt=prompt) as stream:
            for _event in stream:
                events += 1
                if first is None:
                    first = time.perf_counter() - started
        return events, first or 0.0

    def search(
        self, index_id: str, query: str, page_limit: int, on_page: SyncPageHook | None = None, prefetch: bool = False
    ) -> int:
        pager = self.client.search.query(
            index_id=index_id, search_options=["visual"], query_text=query, page_limit=page_limit, prefetch=prefetch
        )
        results = 0
        for page in pager.pages():
            results += len(page.data)
            if on_page is not None:
                on_page(len(page.data))
        return results


class OfficialSync:
    def __init__(self, url: str) -> None:
        try:
            from twelvelabs import TwelveLabs
        except ImportError:
            raise Unsupported("the official twelvelabs SDK is not installed") from None
        self.client = TwelveLabs(api_key=API_KEY, base_url=url)

    def close(self) -> None:
        wrapper = getattr(self.client, "_client_wrapper", None)
        httpx_client = getattr(getattr(wrapper, "httpx_client", None), "httpx_client", None)
        if httpx_client is not None:
            httpx_client.close()

    def retrieve(self, index_id: str) -> Any:
        return self.client.indexes.retrieve(index_id)

    def stream(self, video_id: str, prompt: str) -> tuple[int, float]:
        started = time.perf_counter()
        first: float | None = None
        events = 0
        for _event in self.client.analyze_stream(video_id=video_id, prompt=prompt):
            events += 1
            if first is None:
                first = time.perf_counter() - started
        return events, first or 0.0

    def search(
        self, index_id: str, query: str, page_limit: int, on_page: SyncPageHook | None = None, prefetch: bool = False
    ) -> int:
        if prefetch:
            raise Unsupported("the official SDK has no prefetch")
        pager = self.client.search.query(  # type: ignore[attr-defined]
            index_id=index_id, search_options=["visual"], query_text=query, page_limit=page_limit
        )
        results = 0
        for page in pager.iter_pages():
            items = page.items or []
            results += len(items)
            if on_page is not None:
                on_page(len(items))
        return results


_SYNC_FACTORIES: dict[str, Callable[[str], Any]] = {OURS_SYNC: OursSync, OFFICIAL_SYNC: OfficialSync}


@contextlib.contextmanager
def make_sync(name: str, url: str) -> Iterator[Any]:
    client = _SYNC_FACTORIES[name](url)
    try:
        yield client
    finally:
        client.close()
