# The 1.3.6 pagers, walked by hand: items, has_next, next_page(), iter_pages().
# Stands for: the official SDK's knowledge_stores example comment "list() returns an auto-paginating SyncPager ...
# iterate it directly" together with scripts that need the page structure: a dashboard that shows page 1 of
# assets.list(page_limit=...) from `.items` and offers "more" from `.has_next`, a sync job that fetches page by
# page with `.next_page()`, and reports that count pages with `iter_pages()`; the official examples/videos.py
# `videos_pager.items[0]`.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import os
import sys
import time

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
index = client.indexes.create(index_name="pagers", models=[{"model_name": "marengo3.0", "model_options": ["visual"]}])
assets = [client.assets.create(method="url", url=f"https://media.x.test/clip_{n:02d}.mp4?duration={10 + n}")
          for n in range(5)]
for asset in assets:
    for _ in range(2000):
        if client.assets.retrieve(asset.id).status in ("ready", "failed"):
            break
        time.sleep(0.02)
    client.indexes.indexed_assets.create(index_id=index.id, asset_id=asset.id)

pager = client.assets.list(page_limit=2)
print(f"page 1: {sorted(a.filename for a in pager.items)} has_next={pager.has_next}")
print(f"pages: {[len(page.items) for page in pager.iter_pages()]}")
page, walked = pager, []
for _ in range(10):
    walked.extend(a.filename for a in page.items)
    if not page.has_next:
        break
    page = page.next_page()
    if page is None or not page.items:
        break
print(f"walked by hand: {sorted(walked)}")
print(f"iterated: {sorted(a.filename for a in client.assets.list(page_limit=2))}")

indexed = client.indexes.indexed_assets.list(index.id, page_limit=3)
print(f"indexed page 1: {len(indexed.items)} has_next={indexed.has_next}; total {len(list(indexed))}")
first = indexed.items[0]
print(f"first indexed asset has an asset id: {bool(first.asset_id)}")
videos_pager = client.indexes.videos.list(index.id, page_limit=4)
print(f"videos page 1: {len(videos_pager.items)}, next page: {len(videos_pager.next_page().items)}")
empty = client.indexes.create(index_name="pagers-empty", models=[{"model_name": "marengo3.0",
                                                                  "model_options": ["visual"]}])
videos_pager = client.indexes.videos.list(empty.id)
if len(videos_pager.items) == 0:
    print("No videos in the empty index")
print(f"indexes listed: {sorted(i.index_name for i in client.indexes.list(page_limit=1))}")
