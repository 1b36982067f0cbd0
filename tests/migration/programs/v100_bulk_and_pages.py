# Bulk uploads by URL and page-by-page listing with the 1.0.0 SDK's helpers.
# Stands for: the official SDK 1.0.0's tasks.create_bulk(index_id=..., video_urls=[...]) (its wrapper docstring
# example) followed by waiting for each task, and migration or clean-up scripts that walk
# `client.indexes.list(page_limit=...)` / `client.tasks.list(...)` with iter_pages() and next_page() to report
# progress per page.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
for n in range(5):
    client.indexes.create(index_name=f"bulk-{n}", models=[{"model_name": "marengo2.7", "model_options": ["visual"]}])

pager = client.indexes.list(page_limit=2, sort_by="created_at", sort_option="asc")
for number, page in enumerate(pager.iter_pages(), start=1):
    print(f"page {number}: {[i.index_name for i in page.items]}")
index_id = pager.items[0].id

urls = [f"https://media.x.test/batch/clip_{n}.mp4?duration={10 + n}" for n in range(4)]
tasks = client.tasks.create_bulk(index_id=index_id, video_urls=urls)
print(f"created {len(tasks)} tasks")
statuses = [client.tasks.wait_for_done(t.id, sleep_interval=0.05).status for t in tasks]
print(f"statuses: {statuses}")

page = client.tasks.list(index_id=index_id, page_limit=3, sort_by="created_at", sort_option="asc")
seen = []
for _ in range(10):
    seen.append([t.system_metadata.filename for t in page.items])
    if not page.has_next:
        break
    page = page.next_page()
    if page is None or not page.items:
        break
print(f"task pages: {seen}")
videos = client.indexes.videos.list(index_id, page_limit=10)
print(f"durations: {sorted(v.system_metadata.duration for v in videos)}")
