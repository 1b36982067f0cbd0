# Knowledge stores end to end, as the official SDK's examples/knowledge_stores.py (1.3.x) walks them.
# Stands for: twelvelabs-io/twelvelabs-python examples/knowledge_stores.py: top-level imports (`from twelvelabs import
# EnrichmentConfig_Description, IngestionConfig, KnowledgeStoreSearchQuery, SearchKnowledgeStoreOptions,
# VideoSearchOptions, ...`); knowledge_stores.create with metadata and an ingestion config; retrieve / update /
# list; items from ready assets (knowledge_store_items.create(..., asset_type=...)) waited until ready; items
# listed and filtered by status; an item collection (create, add_items, list_items, remove_items, update, list,
# delete); search with page_size=1 and the next page fetched with page_token=resp.next_page_token; clean-up.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import os
import sys
import time

from twelvelabs import (
    EnrichmentConfig_Description,
    IngestionConfig,
    KnowledgeStoreSearchQuery,
    SearchKnowledgeStoreOptions,
    TwelveLabs,
    VideoSearchOptions,
)

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]

names: dict[str, str] = {}


def tag(value):
    return names.setdefault(value, f"id{len(names) + 1}") if value else value


def wait_until_ready(fetch):
    for _ in range(2000):
        current = fetch()
        if current.status in ("ready", "failed"):
            return current
        time.sleep(0.02)
    raise TimeoutError


def print_search_response(resp, label):
    print(f"[{label}] {len(resp.data)} result(s); next_page_token={'set' if resp.next_page_token else 'none'}")
    for hit in resp.data:
        if hit.asset_type == "video":
            print(f"  video rank={hit.rank} item={tag(hit.item_id)} matches={len(hit.matches)}")
            for m in hit.matches[:3]:
                print(f"    {m.start_sec:.1f}-{m.end_sec:.1f}s modalities={m.modalities}")
        else:
            print(f"  image rank={hit.rank} item={tag(hit.item_id)}")


with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
    ks = client.knowledge_stores.create(
        name="ks-example", description="Pets", metadata={"team": "qa", "purpose": "sdk-test"},
        ingestion_config=IngestionConfig(enrichment_config=EnrichmentConfig_Description(
            description="Extract the main subject of each shot.")))
    print(f"created: id={tag(ks.id)} name={ks.name} metadata={ks.metadata} item_count={ks.item_count}")
    retrieved = client.knowledge_stores.retrieve(knowledge_store_id=ks.id)
    enrichment = retrieved.ingestion_config.enrichment_config
    print(f"retrieved: item_count={retrieved.item_count} enrichment={enrichment.type}")
    updated = client.knowledge_stores.update(knowledge_store_id=ks.id, description="Updated description",
                                             metadata={"stage": "updated"})
    print(f"updated: description={updated.description} metadata={updated.metadata}")

    items = {}
    for kind, url in (("video", "https://media.x.test/dog_park_walk.mp4?duration=30"),
                      ("image", "https://media.x.test/dog_portrait.jpg")):
        asset = client.assets.create(method="url", url=url)
        wait_until_ready(lambda a=asset: client.assets.retrieve(a.id))
        item = client.knowledge_store_items.create(knowledge_store_id=ks.id, asset_id=asset.id, asset_type=kind)
        items[kind] = item.id
        print(f"created {kind} item: {tag(item.id)} status={item.status}")
    for kind, item_id in items.items():
        done = wait_until_ready(lambda i=item_id: client.knowledge_store_items.retrieve(knowledge_store_id=ks.id,
                                                                                       item_id=i))
        print(f"{kind} item {done.status}: type={done.asset_type} system_metadata={done.system_metadata is not None}")

    listed = client.knowledge_store_items.list(knowledge_store_id=ks.id, page_limit=50, sort_by="created_at",
                                               sort_option="desc")
    print(f"items: {[(tag(it.id), it.asset_type, it.status) for it in listed]}")
    ready = list(client.knowledge_store_items.list(knowledge_store_id=ks.id, status=["ready"]))
    print(f"{len(ready)} ready item(s)")

    collection = client.knowledge_store_item_collections.create(knowledge_store_id=ks.id, name="highlights",
                                                                description="A subset", metadata={"group": "best"})
    client.knowledge_store_item_collections.add_items(knowledge_store_id=ks.id, collection_id=collection.id,
                                                      item_ids=list(items.values()))
    members = list(client.knowledge_store_item_collections.list_items(knowledge_store_id=ks.id,
                                                                      collection_id=collection.id))
    print(f"collection has {len(members)} member item(s)")
    client.knowledge_store_item_collections.remove_items(knowledge_store_id=ks.id, collection_id=collection.id,
                                                         item_ids=[items["image"]])
    renamed = client.knowledge_store_item_collections.update(knowledge_store_id=ks.id, collection_id=collection.id,
                                                             description="Only the video")
    print(f"collection now: {renamed.description}, {renamed.member_count} member(s)")
    print(f"collections: {[c.name for c in client.knowledge_store_item_collections.list(knowledge_store_id=ks.id)]}")
    client.knowledge_store_item_collections.delete(knowledge_store_id=ks.id, collection_id=collection.id)

    visual_only = SearchKnowledgeStoreOptions(video=VideoSearchOptions(modalities=["visual"]))
    resp = client.knowledge_stores.search(knowledge_store_id=ks.id, query=KnowledgeStoreSearchQuery(text="dog"),
                                          search_options=visual_only)
    print_search_response(resp, "basic")
    resp = client.knowledge_stores.search(knowledge_store_id=ks.id, query=KnowledgeStoreSearchQuery(text="dog"),
                                          search_options=visual_only, page_size=1)
    print_search_response(resp, "page_size=1")
    if resp.next_page_token:
        page2 = client.knowledge_stores.search(knowledge_store_id=ks.id, query=KnowledgeStoreSearchQuery(text="dog"),
                                               search_options=visual_only, page_size=1,
                                               page_token=resp.next_page_token)
        print_search_response(page2, "page 2")

    print(f"stores: {[s.name for s in client.knowledge_stores.list(page_limit=5)]}")
    for item_id in items.values():
        client.knowledge_store_items.delete(knowledge_store_id=ks.id, item_id=item_id)
    client.knowledge_stores.delete(knowledge_store_id=ks.id)
    print(f"stores left: {len(list(client.knowledge_stores.list()))}")
