# The file inputs of the 1.3.6 SDK (its core.File): open files, (filename, bytes) and (filename, file,
# content_type) tuples, for direct assets, legacy tasks and image search.
# Stands for: public 1.3-era helpers such as `with open(path, "rb") as handle: asset = client.assets.create(
# method="direct", file=handle)`, web backends that forward an upload as `file=(upload.filename, data,
# upload.content_type)`, the official README's `query_media_file=open(...)` image query (and examples/search.py at
# 1.3 whose image file is closed by its `with` block before the pager is iterated), and `query_media_files=[...]`
# with several images.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import os
import sys
import time

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]


def read(name: str) -> bytes:
    with open(os.path.join(SAMPLES, name), "rb") as fh:
        return fh.read()


def ready(asset_id: str):
    for _ in range(2000):
        asset = client.assets.retrieve(asset_id)
        if asset.status in ("ready", "failed"):
            return asset
        time.sleep(0.02)
    raise TimeoutError


client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
index = client.indexes.create(index_name="inputs-136",
                              models=[{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}])

with open(os.path.join(SAMPLES, "dog_park.mp4"), "rb") as handle:
    a = client.assets.create(method="direct", file=handle)
b = client.assets.create(method="direct", file=("from_form_cat.mp4", read("cat_sofa.mp4"), "video/mp4"))
c = client.assets.create(method="direct", file=("dog_beach.mp4", read("beach_walk.mp4")))
for asset in (a, b, c):
    done = ready(asset.id)
    print(f"asset: {done.status} filename={done.filename} duration={done.duration}")
    client.indexes.indexed_assets.create(index_id=index.id, asset_id=asset.id)

with open(os.path.join(SAMPLES, "kitchen_talk.mp4"), "rb") as fh:
    task = client.tasks.create(index_id=index.id, video_file=("talk_upload.mp4", fh, "video/mp4"))
print(f"task: {client.tasks.wait_for_done(task.id, sleep_interval=0.05).status}")
for _ in range(2000):
    if all(i.status == "ready" for i in client.indexes.indexed_assets.list(index.id)):
        break
    time.sleep(0.02)
print(f"indexed: {sorted(i.system_metadata.filename for i in client.indexes.indexed_assets.list(index.id))}")

image_path = os.path.join(SAMPLES, "dog_photo.png")
with open(image_path, "rb") as image_file:
    search_pager = client.search.query(index_id=index.id, search_options=["visual"], query_media_type="image",
                                       query_media_file=image_file)
print(f"image search (file closed before iterating): {[(h.rank, h.start) for h in search_pager]}")

search_pager = client.search.query(index_id=index.id, search_options=["visual"], query_media_type="image",
                                   query_media_files=[("cat_query.png", read("dog_photo.png")),
                                                      open(image_path, "rb")])
print(f"two images: {len(list(search_pager))} clips")
