"""The official SDK ``twelvelabs==1.3.6`` drives knowledge stores, ``/responses`` and data connectors against an
emulator; prints one JSON object.

Run by ``test_official_sdk_136.py`` with the Python of the cached 1.3.6 venv (see that test):
``python official_sdk_136_knowledge_script.py BASE_URL API_KEY``. The emulator is expected to hold a fake Drive
file ``gd-dog`` (a video) and ``gd-doc`` (not a media file). The OAuth consent is the emulator's own page: the
script fetches the authorization URL without following the redirect (its target is an HTTPS app that does not
exist offline) and reads the connection id from the ``Location`` header, as the app would. 1.3.6's
``authorize_connection`` cannot send its request at all (see below): the script records that and sends the same
request with httpx, so the rest of the flow still runs through 1.3.6.
"""
import json
import sys
import time
from urllib.parse import parse_qs, urlsplit

import httpx
from twelvelabs import (
    EnrichmentConfig_Description,
    IngestionConfig,
    KnowledgeStoreSearchQuery,
    ResponseInputItem,
    SearchKnowledgeStoreOptions,
    TextParam,
    TextParamFormat_JsonSchema,
    TwelveLabs,
    VideoSearchOptions,
)
from twelvelabs.core.api_error import ApiError
from twelvelabs.imports import ImportFilesRequestItemsItem

base_url, api_key = sys.argv[1:3]
client = TwelveLabs(api_key=api_key, base_url=base_url)
out = {}


def wait_until(fetch, done=("ready", "failed"), seconds=30):
    """Poll ``fetch()`` until its status is final (1.3.6 has no waiter for assets, items or imports)."""
    deadline = time.monotonic() + seconds
    for _ in range(10_000):
        current = fetch()
        if current.status in done or time.monotonic() > deadline:
            return current
        time.sleep(0.02)
    return current


# --- knowledge stores ---------------------------------------------------------------------------------------

video = client.assets.create(method="url", url="https://media.test/dog_park.mp4?duration=30")
image = client.assets.create(method="url", url="https://media.test/dog_portrait.jpg")
for asset in (video, image):
    wait_until(lambda a=asset: client.assets.retrieve(a.id))
store = client.knowledge_stores.create(
    name="sdk-1.3.6", description="Dogs", metadata={"team": "blue"},
    ingestion_config=IngestionConfig(enrichment_config=EnrichmentConfig_Description(description="Which dog")))
out["store"] = {"id": store.id, "item_count": store.item_count, "metadata": store.metadata,
                "enrichment": store.ingestion_config.enrichment_config.type if store.ingestion_config else None}
video_item = client.knowledge_store_items.create(store.id, asset_id=video.id, asset_type="video",
                                                 metadata={"angle": "wide"})
image_item = client.knowledge_store_items.create(store.id, asset_id=image.id)
created_status = video_item.status
ready = [wait_until(lambda i=item: client.knowledge_store_items.retrieve(store.id, i.id))
         for item in (video_item, image_item)]
out["items"] = {"created_status": created_status, "statuses": [i.status for i in ready],
                "types": [i.asset_type for i in ready], "filename": ready[0].system_metadata.filename,
                "listed": sorted(i.id for i in client.knowledge_store_items.list(store.id, status=["ready"])),
                "ids": sorted([video_item.id, image_item.id])}
collection = client.knowledge_store_item_collections.create(store.id, name="pets", metadata={"k": "v"})
collection = client.knowledge_store_item_collections.add_items(store.id, collection.id,
                                                               item_ids=[video_item.id, image_item.id])
members = [i.id for i in client.knowledge_store_item_collections.list_items(store.id, collection.id)]
client.knowledge_store_item_collections.remove_items(store.id, collection.id, item_ids=[image_item.id])
renamed = client.knowledge_store_item_collections.update(store.id, collection.id, name="dogs")
out["collection"] = {"member_count_after_add": collection.member_count, "members": members,
                     "after_remove": client.knowledge_store_item_collections.retrieve(store.id,
                                                                                      collection.id).member_count,
                     "renamed": renamed.name,
                     "listed": [c.name for c in client.knowledge_store_item_collections.list(store.id)]}
updated = client.knowledge_stores.update(store.id, metadata={"team": "red"})
out["updated_metadata"] = updated.metadata
out["stores"] = [s.id for s in client.knowledge_stores.list()]

# Search one result a page, following the token the response carries back in the request body.
query = KnowledgeStoreSearchQuery(text="dog")
options = SearchKnowledgeStoreOptions(video=VideoSearchOptions(modalities=["visual", "audio"]))
page = client.knowledge_stores.search(store.id, query=query, search_options=options, page_size=1,
                                      include_metadata=True)
hits = []
for _ in range(100):
    hits += [{"item_id": h.item_id, "type": h.asset_type, "rank": h.rank,
              "matches": len(getattr(h, "matches", None) or []),
              "user": h.metadata.user if h.metadata else None} for h in page.data]
    if not page.next_page_token:
        break
    page = client.knowledge_stores.search(store.id, query=query, page_token=page.next_page_token)
out["search"] = {"hits": hits, "effective": page.effective_search_options.video.modalities}

# --- /responses ---------------------------------------------------------------------------------------------

events = list(client.responses.create_stream(
    knowledge_store_id=store.id,
    input=[ResponseInputItem(type="message", role="user", content="Where is the dog?")]))
types = [e.type for e in events]
completed = events[-1].response
out["stream"] = {"types": types,
                 "text": "".join(e.delta or "" for e in events if e.type == "response.output_text.delta"),
                 "final_text": completed.output[-1].content[0].text, "status": completed.status,
                 "output_tokens": completed.usage.output_tokens, "session_id": completed.session_id}
schema = {"type": "object", "properties": {"dog": {"type": "string"}, "count": {"type": "integer"}}}
follow_up = list(client.responses.create_stream(
    knowledge_store_id=store.id, session_id=completed.session_id,
    input=[ResponseInputItem(type="message", role="user", content="Which dog, as JSON?")],
    text=TextParam(format=TextParamFormat_JsonSchema(name="dog", schema_=schema))))
out["json_answer"] = "".join(e.delta or "" for e in follow_up if e.type == "response.output_text.delta")
try:  # 1.3.6's create sends "stream": false, which the spec's enum: [true] refuses.
    client.responses.create(knowledge_store_id=store.id,
                            input=[ResponseInputItem(type="message", role="user", content="hi")])
    out["non_streaming"] = "accepted"
except ApiError as exc:
    out["non_streaming"] = exc.status_code

# --- data connectors and imports ----------------------------------------------------------------------------

redirect = client.data_connectors.create_redirect_uri(redirect_uri="https://app.example.com/oauth/done")
out["redirect_uris"] = [r.redirect_uri for r in client.data_connectors.list_redirect_uris().data]
authorize = {"provider": "google_drive", "redirect_uri": "https://app.example.com/oauth/done", "custom_id": "sdk-user"}
try:
    authorize_url = client.data_connectors.authorize_connection(**authorize).authorize_url
    out["authorize_error"] = None
except httpx.UnsupportedProtocol as exc:
    # 1.3.6 joins its base URL and "connections:authorize" with urljoin, which reads "connections:" as a URL
    # scheme: the request never leaves the client, whatever the server. The same request, sent as it should be:
    out["authorize_error"] = str(exc)
    answer = httpx.post(f"{base_url}/connections:authorize", json=authorize, headers={"x-api-key": api_key})
    authorize_url = answer.json()["authorize_url"]
consent = httpx.get(authorize_url, follow_redirects=False)  # the user's browser, no API key
location = urlsplit(consent.headers["location"])
outcome = {k: v[0] for k, v in parse_qs(location.query).items()}
connection = client.data_connectors.retrieve_connection(outcome["connection_id"])
token = client.data_connectors.create_connection_picker_token(connection.id)
out["connector"] = {"consent_status": consent.status_code, "location": f"{location.scheme}://{location.netloc}"
                    f"{location.path}", "outcome": outcome, "status": connection.status,
                    "custom_id": connection.custom_id, "account": connection.account.display_name,
                    "token_expires_in": token.expires_in,
                    "listed": [c.id for c in client.data_connectors.list_connections().data]}
result = client.imports.import_files(connection.id, items=[ImportFilesRequestItemsItem(source_id="gd-dog"),
                                                           ImportFilesRequestItemsItem(source_id="gd-doc")])
detail = client.imports.retrieve_import(connection.id, result.id)
for _ in range(1000):
    if all(i.status != "processing" for i in detail.items):
        break
    time.sleep(0.02)
    detail = client.imports.retrieve_import(connection.id, result.id)
again = client.imports.import_files(connection.id, items=[ImportFilesRequestItemsItem(source_id="gd-dog")])
imported = client.assets.retrieve(result.items[0].asset_id)
out["imports"] = {"has_failures": result.has_failures,
                  "first": [(i.source_id, i.status, i.error.code if i.error else None) for i in result.items],
                  "final": [(i.source_id, i.status) for i in detail.items], "item_count": detail.item_count,
                  "asset_id": result.items[0].asset_id, "again": again.items[0].asset_id,
                  "again_status": again.items[0].status,
                  "listed": [i.id for i in client.imports.list_imports(connection.id).data],
                  "ids": [again.id, result.id],
                  "source": imported.source.details.source_id if imported.source else None,
                  "filename": imported.filename}
client.data_connectors.delete_redirect_uri(redirect.id)
client.data_connectors.delete_connection(connection.id)
out["after_delete"] = {"connections": len(client.data_connectors.list_connections().data),
                       "redirect_uris": len(client.data_connectors.list_redirect_uris().data)}
client.knowledge_store_items.delete(store.id, image_item.id)
client.knowledge_store_item_collections.delete(store.id, collection.id)
client.knowledge_stores.delete(store.id)
out["stores_left"] = len(list(client.knowledge_stores.list()))
print(json.dumps(out))
