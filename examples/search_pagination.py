"""Search pagination: the first page, page by page, every result, or the first N.

    python examples/search_pagination.py                    # no base URL: an emulator with 45 matching videos
    python examples/search_pagination.py --base-url https://api.twelvelabs.io/v1.3 --index ID --query "a dog"

``client.search.query(...)`` returns a pager. ``await`` it to fetch the first page only, as with the official SDK:
the pager then holds it (``.items``, ``.has_next``, ``await .next_page()``, ``.page`` for the page model);
``.pages()`` walks the pages (following ``next_page_token`` with ``GET /search/{token}``, never a request past
the last page); ``async for`` walks every result; ``.to_list(limit=N)`` stops fetching once it has N.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from contextlib import AsyncExitStack

from twelvelabs_async import AsyncTwelveLabs


async def main() -> None:
    parser = argparse.ArgumentParser(description="Search pagination with twelvelabs_async.")
    parser.add_argument("--base-url", default=os.environ.get("TWELVELABS_BASE_URL"),
                        help="API root (default: $TWELVELABS_BASE_URL; none: start the emulator)")
    parser.add_argument("--index", help="the index to search (required with --base-url)")
    parser.add_argument("--query", default="dog")
    parser.add_argument("--page-limit", type=int, default=10)
    args = parser.parse_args()

    async with AsyncExitStack() as stack:
        api_key = None  # TWELVELABS_API_KEY
        if not args.base_url:
            from twelvelabs_async.emulator import Emulator

            emu = await stack.enter_async_context(Emulator(speed=0))
            args.base_url, api_key = emu.base_url, "tlk_emulator"
            args.index = emu.state.create_index("pagination", [("marengo3.0", ["visual", "audio"])])
            emu.state.seed_videos(args.index, 45, prefix=f"{args.query}_walk", clips_per_video=1)
            print(f"emulator at {emu.base_url} with 45 videos matching {args.query!r}")
        elif not args.index:
            parser.error("--index is required with --base-url")
        client = await stack.enter_async_context(AsyncTwelveLabs(api_key=api_key, base_url=args.base_url))

        def search():  # the same search each time; every call is a fresh pager
            return client.search.query(index_id=args.index, query_text=args.query,
                                       search_options=["visual", "audio"], page_limit=args.page_limit)

        first = await search()  # one request; the pager holds the first page
        total = first.page.page_info.total_results if first.page.page_info else None
        print(f"first page: {len(first.items)} of {total} results, more: {first.has_next}")

        pages = 0
        async for page in search().pages():  # one request per page
            pages += 1
            print(f"page {pages}: {len(page.data)} results")

        count = 0
        async for _result in search():  # item by item, pages fetched as needed
            count += 1
        print(f"all results: {count} ({pages} pages)")

        top = await search().to_list(limit=15)  # stops after the page holding the 15th result
        print(f"top {len(top)}: ranks " + ", ".join(str(getattr(r, "rank", None)) for r in top))


if __name__ == "__main__":
    asyncio.run(main())
