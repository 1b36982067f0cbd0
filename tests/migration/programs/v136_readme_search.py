# The official README at 1.3.6 (its PyPI description), "Upload a video" and "Search", step by step.
# Stands for: the 1.3.6 README: assets.create(method="url", url=...) and the `while True: asset =
# client.assets.retrieve(asset.id)` status loop; indexes.create with plain dict models (marengo3.0);
# indexes.indexed_assets.create(index_id=..., asset_id=...) and its retrieve loop (statuses as strings);
# search.query(...) iterated with enumerate (video_id, rank, start, end); the image query by URL and the
# composed image + text query.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import os
import sys
import time

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]

names: dict[str, str] = {}


def tag(value):
    return names.setdefault(value, f"id{len(names) + 1}") if value else value


client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)

asset_ids = []
for url in ("https://media.x.test/dog_park_run.mp4?duration=30", "https://media.x.test/cat_window.mp4?duration=20"):
    asset = client.assets.create(method="url", url=url)
    print(f"Created asset: id={tag(asset.id)}")
    print("Waiting for asset to be ready...")
    for _ in range(2000):
        asset = client.assets.retrieve(asset.id)
        if asset.status == "ready":
            print("Asset is ready")
            break
        if asset.status == "failed":
            raise RuntimeError(f"Asset processing failed: id={asset.id}")
        time.sleep(0.02)
    print(f"  filename={asset.filename} method={asset.method} duration={asset.duration}")
    asset_ids.append(asset.id)

index = client.indexes.create(
    index_name="readme-search",
    models=[{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}],
)
if not index.id:
    raise RuntimeError("Failed to create an index.")
print(f"Created index: id={tag(index.id)}")

for asset_id in asset_ids:
    indexed_asset = client.indexes.indexed_assets.create(index_id=index.id, asset_id=asset_id)
    print(f"Created indexed asset: id={tag(indexed_asset.id)}")
    print("Waiting for indexing to complete.")
    statuses = []
    for _ in range(2000):
        indexed_asset = client.indexes.indexed_assets.retrieve(index_id=index.id, indexed_asset_id=indexed_asset.id)
        statuses.append(indexed_asset.status)
        if indexed_asset.status == "ready":
            print("Indexing complete!")
            break
        elif indexed_asset.status == "failed":
            raise RuntimeError("Indexing failed")
        time.sleep(0.02)
    print(f"  statuses are strings: {all(isinstance(s, str) for s in statuses)}")

search_results = client.search.query(index_id=index.id, query_text="a dog running in the park",
                                     search_options=["visual", "audio"])
for i, clip in enumerate(search_results):
    print(f"Result {i + 1}: video_id={tag(clip.video_id)} rank={clip.rank} start={clip.start}s end={clip.end}s")

search_results = client.search.query(index_id=index.id, query_media_type="image",
                                     query_media_url="https://images.x.test/cat.jpg", search_options=["visual"])
for i, clip in enumerate(search_results):
    print(f"Image result {i + 1}: video_id={tag(clip.video_id)} rank={clip.rank} start={clip.start}s end={clip.end}s")

search_results = client.search.query(index_id=index.id, query_media_type="image",
                                     query_media_url="https://images.x.test/window.jpg", query_text="cat",
                                     search_options=["visual"])
for i, clip in enumerate(search_results):
    print(f"Composed result {i + 1}: video_id={tag(clip.video_id)} rank={clip.rank}")
