"""Pagers against servers that misreport their pages: the work a pager does stays bounded by what it was given.

A page-number list ends at ``total_page``, at the first empty page whatever ``total_page`` claims, and at the last
page that ``total_results`` can need; a token list ends at a repeated token and at an empty page that still
carries a token. Each case counts the requests the server saw.
"""

from __future__ import annotations

from typing import Any

from core_testkit import Recorded, RecordingServer, Reply

from twelvelabs_async import AsyncTwelveLabs

BILLION = 10**9


def videos(ids: list[str], page: int, *, total_page: int | None, total_results: int | None) -> dict[str, Any]:
    info: dict[str, Any] = {"page": page, "limit_per_page": 10}
    if total_page is not None:
        info["total_page"] = total_page
    if total_results is not None:
        info["total_results"] = total_results
    return {"data": [{"_id": vid} for vid in ids], "page_info": info}


def page_of(req: Recorded) -> int:
    return int(dict(req.query)["page"])


async def test_a_billion_empty_pages_cost_one_request(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(*(lambda req: Reply(json=videos([], page_of(req), total_page=BILLION, total_results=None))
                    for _ in range(5)))
    found = [v async for v in client.indexes.videos.list("idx1")]
    assert found == []
    assert len(server.requests) == 1


async def test_an_empty_page_ends_the_list_even_mid_way(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    def answer(req: Recorded) -> Reply:
        number = page_of(req)
        ids = [f"v{number}"] if number < 3 else []
        return Reply(json=videos(ids, number, total_page=BILLION, total_results=None))

    server.script(*(answer for _ in range(6)))
    found = [v.id async for v in client.indexes.videos.list("idx1")]
    assert found == ["v1", "v2"]
    assert [page_of(r) for r in server.requests] == [1, 2, 3]


async def test_total_results_bounds_a_list_whose_total_page_is_absurd(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    def answer(req: Recorded) -> Reply:
        number = page_of(req)
        ids = [f"v{number}-{i}" for i in range(10)]  # a server that never runs dry
        return Reply(json=videos(ids, number, total_page=BILLION, total_results=25))

    server.script(*(answer for _ in range(6)))
    found = [v.id async for v in client.indexes.videos.list("idx1", page_limit=10)]
    assert len(server.requests) == 3  # 25 results at 10 a page
    assert len(found) == 30  # what the pages held is delivered; only the following is bounded


async def test_a_list_without_page_info_ends_at_its_first_empty_page(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    def answer(req: Recorded) -> Reply:
        number = page_of(req)
        return Reply(json={"data": [{"_id": f"v{number}"}] if number <= 2 else []})

    server.script(*(answer for _ in range(5)))
    found = [v.id async for v in client.indexes.videos.list("idx1")]
    assert found == ["v1", "v2"]
    assert len(server.requests) == 3


def search_page(ids: list[str], token: str | None) -> dict[str, Any]:
    info: dict[str, Any] = {"limit_per_page": 10, "total_results": 3}
    if token is not None:
        info["next_page_token"] = token
    return {"data": [{"video_id": vid, "rank": n + 1, "start": 0.0, "end": 1.0} for n, vid in enumerate(ids)],
            "page_info": info}


async def test_a_repeated_search_token_ends_the_search(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(
        Reply(json=search_page(["a"], "t1")),
        Reply(json=search_page(["b"], "t2")),
        Reply(json=search_page(["c"], "t1")),  # back to a token already followed: a circle
        *(Reply(json=search_page(["x"], "t1")) for _ in range(5)),
    )
    found = [r.video_id async for r in client.search.query(index_id="idx1", query_text="q", search_options=["visual"])]
    assert found == ["a", "b", "c"]
    assert len(server.requests) == 3


async def test_an_empty_search_page_with_a_token_ends_the_search(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(
        Reply(json=search_page(["a"], "t1")),
        Reply(json=search_page([], "t2")),
        *(Reply(json=search_page(["x"], f"t{n}")) for n in range(3, 8)),
    )
    found = [r.video_id async for r in client.search.query(index_id="idx1", query_text="q", search_options=["visual"])]
    assert found == ["a"]
    assert len(server.requests) == 2


async def test_search_is_not_cut_by_its_total_results(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    # In search, total_results counts videos (or clips when grouped), not the items of the pages: a page of clips
    # may hold more items than it says there are results. Following the tokens must not stop at that count.
    server.script(
        Reply(json=search_page(["a", "a", "a"], "t1")),
        Reply(json=search_page(["b", "b"], None)),
    )
    found = [r.video_id async for r in client.search.query(index_id="idx1", query_text="q", search_options=["visual"])]
    assert found == ["a", "a", "a", "b", "b"]
    assert len(server.requests) == 2
