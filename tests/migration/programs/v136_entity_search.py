# Entity collections and entity search, as the official SDK's examples/entities.py (1.3.x) does it.
# Stands for: twelvelabs-io/twelvelabs-python examples/entities.py: image assets created by URL, then
# entity_collections.create(name=...), entity_collections.entities.create(entity_collection_id=..., name=...,
# asset_ids=[...]) and a search.query whose text wraps the entity id as `<@{entity.id}> is walking`, printing
# video_id, start, end and rank; plus the entity's status polled until ready and the collection listed.
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


def until(fetch, done):
    for _ in range(2000):
        current = fetch()
        if current.status in done:
            return current
        time.sleep(0.02)
    raise TimeoutError


with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
    index = client.indexes.create(index_name="entities",
                                  models=[{"model_name": "marengo3.0", "model_options": ["visual", "audio"]}])
    for url in ("https://media.x.test/rex_walking_beach.mp4?duration=30", "https://media.x.test/city_cars.mp4"):
        asset = client.assets.create(method="url", url=url)
        until(lambda a=asset: client.assets.retrieve(a.id), ("ready", "failed"))
        indexed = client.indexes.indexed_assets.create(index_id=index.id, asset_id=asset.id)
        until(lambda i=indexed: client.indexes.indexed_assets.retrieve(index.id, i.id), ("ready", "failed"))

    asset_ids = []
    for i, url in enumerate(["https://img.x.test/rex_1.jpg", "https://img.x.test/rex_2.jpg"], 1):
        asset = client.assets.create(method="url", url=url)
        asset_ids.append(asset.id)
        print(f"Created asset {i}/2: id={tag(asset.id)}")

    entity_collection = client.entity_collections.create(name="Sample Entity Collection")
    print(f"Created entity collection: id={tag(entity_collection.id)}")
    entity = client.entity_collections.entities.create(entity_collection_id=entity_collection.id, name="Rex",
                                                       asset_ids=asset_ids)
    print(f"Created entity: id={tag(entity.id)} status={entity.status}")
    entity = until(lambda: client.entity_collections.entities.retrieve(entity_collection.id, entity.id), ("ready",))
    print(f"entity {entity.status} with {len(entity.asset_ids)} assets")

    search_pager = client.search.query(index_id=index.id, search_options=["visual", "audio"],
                                       query_text=f"<@{entity.id}> is walking")
    for clip in search_pager:
        print(f"  video_id={tag(clip.video_id)} start={clip.start} end={clip.end} rank={clip.rank}")
    print(f"collections: {[c.name for c in client.entity_collections.list()]}")
    print(f"entities: {[e.name for e in client.entity_collections.entities.list(entity_collection.id)]}")
