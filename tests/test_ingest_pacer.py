"""The shared pace of a job's workers, on a stand-in for the database: what pauses a route, what it publishes, and
how many requests a worker keeps in flight."""

from __future__ import annotations

import time

import anyio

from twelvelabs_async._ingest_pacer import SharedPacer, bucket_of


class FakeJournal:
    job = "j"

    def __init__(self, workers: int = 1, pauses: dict[str, float] | None = None) -> None:
        self.workers = workers
        now = time.monotonic()
        self.pauses = {bucket: now + seconds for bucket, seconds in (pauses or {}).items()}  # as the database's clock
        self.published: list[tuple[str, float]] = []

    async def publish_pause(self, bucket: str, seconds: float) -> None:
        self.published.append((bucket, seconds))

    async def read_pauses(self) -> tuple[dict[str, float], int]:
        now = time.monotonic()
        return {b: until - now for b, until in self.pauses.items() if until > now}, self.workers


def headers(remaining: int, reset_in: float, **extra: str) -> dict[str, str]:
    return {"x-ratelimit-remaining": str(remaining), "x-ratelimit-reset": str(time.time() + reset_in), **extra}


def pacer(journal: FakeJournal) -> SharedPacer:
    return SharedPacer(journal, refresh=0.0)  # type: ignore[arg-type]


def test_routes_are_told_apart_by_their_path_without_ids() -> None:
    assert bucket_of("POST", "/indexes/6b0ce7bc5f34/indexed-assets") == "/indexes/*/indexed-assets"
    assert bucket_of("POST", "/assets?x=1") == "/assets"
    assert bucket_of("GET", "/assets") is None  # reads are not paced


async def test_a_spent_window_pauses_the_route_and_tells_the_others() -> None:
    journal = FakeJournal()
    paced = pacer(journal)
    await paced.before("POST", "/assets")
    paced.release("POST", "/assets")
    await paced.after("POST", "/assets", 201, headers(0, 0.3))
    assert [b for b, _ in journal.published] == ["/assets"] and 0.2 < journal.published[0][1] <= 0.3
    started = time.monotonic()
    await paced.before("POST", "/assets")
    assert time.monotonic() - started >= 0.2  # waited for the reset
    await paced.before("POST", "/indexes/abc1/indexed-assets")  # another route is not paused


async def test_a_429_pauses_for_the_servers_retry_after() -> None:
    journal = FakeJournal()
    paced = pacer(journal)
    await paced.before("POST", "/assets")
    paced.release("POST", "/assets")
    await paced.after("POST", "/assets", 429, {"retry-after": "7"})
    assert journal.published == [("/assets", 7.0)]


async def test_a_pause_another_worker_published_is_obeyed() -> None:
    paced = pacer(FakeJournal(pauses={"/assets": 0.25}))
    started = time.monotonic()
    await paced.before("POST", "/assets")
    assert time.monotonic() - started >= 0.2
    assert paced.waits >= 1


async def test_a_worker_keeps_its_share_of_what_the_window_has_left_in_flight() -> None:
    paced = pacer(FakeJournal(workers=4))
    await paced.before("POST", "/assets")  # the first request probes the route
    paced.release("POST", "/assets")
    await paced.after("POST", "/assets", 201, headers(8, 5.0))  # 8 left for 4 workers: 2 each
    await paced.before("POST", "/assets")
    await paced.before("POST", "/assets")
    with anyio.move_on_after(0.2) as scope:
        await paced.before("POST", "/assets")  # a third waits for an answer
    assert scope.cancelled_caught
    paced.release("POST", "/assets")  # an attempt ended (even by an exception): its slot is free again
    with anyio.fail_after(1):
        await paced.before("POST", "/assets")


async def test_a_route_without_a_quota_is_never_paced() -> None:
    paced = pacer(FakeJournal())
    await paced.before("POST", "/assets/multipart-uploads/abc1")
    paced.release("POST", "/assets/multipart-uploads/abc1")
    await paced.after("POST", "/assets/multipart-uploads/abc1", 200, {})
    with anyio.fail_after(1):
        for _ in range(20):  # no probe, no share: as many at once as the caller likes
            await paced.before("POST", "/assets/multipart-uploads/abc1")
