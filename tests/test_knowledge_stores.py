"""Knowledge stores, items and item collections: every route on the wire (checked against the 2026-07 spec),
answers of the spec's shape decoded, the body-token search pager, the input shapes, and waiting for items.

The wire table (``WIRE_CASES``) uses ``test_wire``'s ``Case`` and checks; ``test_wire`` counts it in its
completeness check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from core_testkit import API_KEY, RecordingServer, Reply
from test_wire import T0, Case, _params, page, validate
from wire_kit import run_case, run_case_sync

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs, models
from twelvelabs_async._converter import structure_strict
from twelvelabs_async._errors import (
    ArgumentError,
    ArgumentTypeError,
    BadRequestError,
    GoneError,
    NotFoundError,
    TaskFailedError,
    WaitTimeoutError,
)

STORE = {
    "_id": "ks_1",
    "name": "kitchen",
    "description": "Cooking videos",
    "ingestion_config": {"enrichment_config": {"type": "description", "description": "dishes and utensils"}},
    "item_count": 2,
    "created_at": T0,
    "updated_at": T0,
    "metadata": {"team": "food"},
}
STORE_SCHEMA = {"type": "object", "properties": {"dish": {"type": "string", "description": "The dish cooked."}}}
VIDEO_META = {
    "asset_type": "video",
    "filename": "pasta.mp4",
    "duration": 12.5,
    "fps": 29.97,
    "width": 1280,
    "height": 720,
    "codec_name": "h264",
    "size": 9_000_000,
}


def item(item_id: str = "ksi_1", status: str = "queued", **more: Any) -> dict[str, Any]:
    return {
        "_id": item_id,
        "asset_type": "video",
        "asset_id": "as_1",
        "status": status,
        "system_metadata": VIDEO_META,
        "metadata": {"source": "upload"},
        "created_at": T0,
        "updated_at": T0,
        **more,
    }


COLLECTION = {
    "_id": "ksic_1",
    "knowledge_store_id": "ks_1",
    "name": "favourites",
    "description": "The best ones",
    "metadata": {"owner": "ana"},
    "member_count": 2,
    "created_at": T0,
    "updated_at": T0,
}
VIDEO_HIT = {
    "asset_type": "video",
    "rank": 1,
    "item_id": "ksi_1",
    "metadata": {"system": {"duration": 12.5, "width": 1280, "height": 720, "size": 9}, "user": {"source": "x"}},
    "matches": [{"start_sec": 1.0, "end_sec": 4.5, "modalities": ["visual", "audio"], "transcription": "boil"}],
}
IMAGE_HIT = {"asset_type": "image", "rank": 2, "item_id": "ksi_2", "metadata": {"system": {"width": 640}}}


def hits_page(*hits: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"data": list(hits), "effective_search_options": {"video": {"modalities": ["visual"]}}}
    if token is not None:
        body["next_page_token"] = token
    return body


WIRE_CASES = [
    # --- stores ---------------------------------------------------------------------------------------------
    Case(
        "knowledge_stores.create(description)",
        "knowledge_stores.create",
        lambda c, m: c.knowledge_stores.create(
            name="kitchen", ingestion_config="dishes and utensils", description="Cooking videos",
            metadata={"team": "food"},
        ),
        "POST",
        "/knowledge-stores",
        json={
            "name": "kitchen",
            "ingestion_config": {"enrichment_config": {"type": "description", "description": "dishes and utensils"}},
            "description": "Cooking videos",
            "metadata": {"team": "food"},
        },
        reply=Reply(201, json=STORE),
        result_type=models.KnowledgeStore,
        expect={
            "id": "ks_1",
            "ingestion_config.enrichment_config.type": "description",
            "item_count": 2,
            "metadata": {"team": "food"},
            "created_at.year": 2026,
        },
        sync=True,
    ),
    Case(
        "knowledge_stores.create(json schema)",
        "knowledge_stores.create",
        lambda c, m: c.knowledge_stores.create(name="kitchen", ingestion_config=STORE_SCHEMA),
        "POST",
        "/knowledge-stores",
        json={
            "name": "kitchen",
            "ingestion_config": {"enrichment_config": {"type": "json_schema", "json_schema": STORE_SCHEMA}},
        },
        reply=Reply(201, json={**STORE, "ingestion_config": {
            "enrichment_config": {"type": "json_schema", "json_schema": STORE_SCHEMA}}}),
        expect={"ingestion_config.enrichment_config.json_schema.schema": STORE_SCHEMA,
                "ingestion_config.enrichment_config.json_schema.type": "object"},
    ),
    Case(
        "knowledge_stores.list",
        "knowledge_stores.list",
        lambda c, m: c.knowledge_stores.list(page=2, page_limit=5, sort_by="updated_at", sort_option="asc"),
        "GET",
        "/knowledge-stores",
        query=[("page", "2"), ("page_limit", "5"), ("sort_by", "updated_at"), ("sort_option", "asc")],
        reply=Reply(json=page([STORE], 2, 2)),
        result_type=models.KnowledgeStorePage,
        expect={"data[0].id": "ks_1", "data[0].name": "kitchen", "page_info.total_page": 2},
        sync=True,
    ),
    Case(
        "knowledge_stores.retrieve",
        "knowledge_stores.retrieve",
        lambda c, m: c.knowledge_stores.retrieve("ks/1"),
        "GET",
        "/knowledge-stores/ks%2F1",  # an id stays one path segment
        reply=Reply(json=STORE),
        result_type=models.KnowledgeStore,
        expect={"id": "ks_1", "description": "Cooking videos"},
    ),
    Case(
        "knowledge_stores.update",
        "knowledge_stores.update",
        lambda c, m: c.knowledge_stores.update("ks_1", name="cuisine", description="All food", metadata={}),
        "PATCH",
        "/knowledge-stores/ks_1",
        json={"name": "cuisine", "description": "All food", "metadata": {}},  # {} clears the metadata
        reply=Reply(json={**STORE, "name": "cuisine", "metadata": {}}),
        result_type=models.KnowledgeStore,
        expect={"name": "cuisine", "metadata": {}},
        sync=True,
    ),
    Case(
        "knowledge_stores.delete",
        "knowledge_stores.delete",
        lambda c, m: c.knowledge_stores.delete("ks_1"),
        "DELETE",
        "/knowledge-stores/ks_1",
        reply=Reply(200, body=b""),
    ),
    Case(
        "knowledge_stores.search",
        "knowledge_stores.search",
        lambda c, m: c.knowledge_stores.search(
            "ks_1",
            query="a person boiling pasta",
            filter={"asset_type": ["video", "image"], "item_id": {"in": ["ksi_1", "ksi_2"]}},
            search_options=["visual", "audio"],
            group_by="item",
            page_size=2,
            include_metadata=True,
        ),
        "POST",
        "/knowledge-stores/ks_1/search",
        json={
            "query": {"text": "a person boiling pasta"},
            "filter": {"asset_type": {"in": ["video", "image"]}, "item_id": {"in": ["ksi_1", "ksi_2"]}},
            "search_options": {"video": {"modalities": ["visual", "audio"]}},
            "group_by": "item",
            "page_size": 2,
            "include_metadata": True,
        },
        reply=Reply(json=hits_page(VIDEO_HIT, IMAGE_HIT, token="tok2")),
        result_type=models.KnowledgeStoreSearchPage,
        expect={
            "next_page_token": "tok2",
            "data[0].asset_type": "video",
            "data[0].matches[0].modalities": ["visual", "audio"],
            "data[0].matches[0].transcription": "boil",
            "data[0].metadata.user": {"source": "x"},
            "data[1].matches": [],
            "images[0].item_id": "ksi_2",
            "effective_search_options.video.modalities": ["visual"],
        },
        sync=True,
    ),
    Case(
        "knowledge_stores.search(page_token)",
        "knowledge_stores.search",
        lambda c, m: c.knowledge_stores.search(
            "ks_1", query={"text": "pasta"}, filter={"asset_type": {"eq": "image"}}, page_token="tok2"
        ),
        "POST",
        "/knowledge-stores/ks_1/search",
        json={"query": {"text": "pasta"}, "filter": {"asset_type": {"eq": "image"}}, "page_token": "tok2"},
        reply=Reply(json=hits_page(IMAGE_HIT)),
        expect={"next_page_token": None, "videos": []},
    ),
    # --- items ----------------------------------------------------------------------------------------------
    Case(
        "knowledge_store_items.create",
        "knowledge_store_items.create",
        lambda c, m: c.knowledge_store_items.create(
            "ks_1", asset_id="as_1", asset_type="video", metadata={"source": "upload"}
        ),
        "POST",
        "/knowledge-stores/ks_1/items",
        json={"asset_id": "as_1", "asset_type": "video", "metadata": {"source": "upload"}},
        reply=Reply(202, json=item()),
        result_type=models.KnowledgeStoreItem,
        expect={"id": "ksi_1", "status": "queued", "system_metadata.fps": 29.97, "is_done": False},
        sync=True,
    ),
    Case(
        "knowledge_store_items.list",
        "knowledge_store_items.list",
        lambda c, m: c.knowledge_store_items.list(
            "ks_1", page=1, page_limit=50, sort_by="created_at", sort_option="desc", status=["ready", "failed"]
        ),
        "GET",
        "/knowledge-stores/ks_1/items",
        query=[
            ("page", "1"),
            ("page_limit", "50"),
            ("sort_by", "created_at"),
            ("sort_option", "desc"),
            ("status", "ready"),
            ("status", "failed"),
        ],
        reply=Reply(json=page([item(status="ready"), item("ksi_2", "failed")])),
        result_type=models.KnowledgeStoreItemPage,
        expect={"data[0].status": "ready", "data[1].id": "ksi_2", "data[1].is_done": True},
        sync=True,
    ),
    Case(
        "knowledge_store_items.retrieve",
        "knowledge_store_items.retrieve",
        lambda c, m: c.knowledge_store_items.retrieve("ks_1", "ksi_1"),
        "GET",
        "/knowledge-stores/ks_1/items/ksi_1",
        reply=Reply(json=item(status="processing")),
        result_type=models.KnowledgeStoreItem,
        expect={"status": "processing", "system_metadata.codec_name": "h264"},
    ),
    Case(
        "knowledge_store_items.delete",
        "knowledge_store_items.delete",
        lambda c, m: c.knowledge_store_items.delete("ks_1", "ksi_1"),
        "DELETE",
        "/knowledge-stores/ks_1/items/ksi_1",
        reply=Reply(204),
    ),
    # --- item collections -----------------------------------------------------------------------------------
    Case(
        "knowledge_store_item_collections.create",
        "knowledge_store_item_collections.create",
        lambda c, m: c.knowledge_store_item_collections.create(
            "ks_1", name="favourites", description="The best ones", metadata={"owner": "ana"}
        ),
        "POST",
        "/knowledge-stores/ks_1/item-collections",
        json={"name": "favourites", "description": "The best ones", "metadata": {"owner": "ana"}},
        reply=Reply(201, json=COLLECTION),
        result_type=models.KnowledgeStoreItemCollection,
        expect={"id": "ksic_1", "knowledge_store_id": "ks_1", "member_count": 2},
        sync=True,
    ),
    Case(
        "knowledge_store_item_collections.list",
        "knowledge_store_item_collections.list",
        lambda c, m: c.knowledge_store_item_collections.list(
            "ks_1", page=1, page_limit=10, sort_by="name", sort_option="asc"
        ),
        "GET",
        "/knowledge-stores/ks_1/item-collections",
        query=[("page", "1"), ("page_limit", "10"), ("sort_by", "name"), ("sort_option", "asc")],
        reply=Reply(json=page([COLLECTION])),
        result_type=models.KnowledgeStoreItemCollectionPage,
        expect={"data[0].name": "favourites"},
    ),
    Case(
        "knowledge_store_item_collections.retrieve",
        "knowledge_store_item_collections.retrieve",
        lambda c, m: c.knowledge_store_item_collections.retrieve("ks_1", "ksic_1"),
        "GET",
        "/knowledge-stores/ks_1/item-collections/ksic_1",
        reply=Reply(json=COLLECTION),
        result_type=models.KnowledgeStoreItemCollection,
        expect={"metadata": {"owner": "ana"}},
    ),
    Case(
        "knowledge_store_item_collections.update",
        "knowledge_store_item_collections.update",
        lambda c, m: c.knowledge_store_item_collections.update("ks_1", "ksic_1", name="top", metadata={"a": "b"}),
        "PATCH",
        "/knowledge-stores/ks_1/item-collections/ksic_1",
        json={"name": "top", "metadata": {"a": "b"}},
        reply=Reply(json={**COLLECTION, "name": "top", "metadata": {"a": "b"}}),
        expect={"name": "top"},
    ),
    Case(
        "knowledge_store_item_collections.delete",
        "knowledge_store_item_collections.delete",
        lambda c, m: c.knowledge_store_item_collections.delete("ks_1", "ksic_1"),
        "DELETE",
        "/knowledge-stores/ks_1/item-collections/ksic_1",
        reply=Reply(200, body=b""),
        sync=True,
    ),
    Case(
        "knowledge_store_item_collections.list_items",
        "knowledge_store_item_collections.list_items",
        lambda c, m: c.knowledge_store_item_collections.list_items("ks_1", "ksic_1", page=3, page_limit=2),
        "GET",
        "/knowledge-stores/ks_1/item-collections/ksic_1/items",
        query=[("page", "3"), ("page_limit", "2")],
        reply=Reply(json=page([item(status="ready")], 3, 3)),
        result_type=models.KnowledgeStoreItemPage,
        expect={"data[0].id": "ksi_1", "page_info.page": 3},
    ),
    Case(
        "knowledge_store_item_collections.add_items",
        "knowledge_store_item_collections.add_items",
        lambda c, m: c.knowledge_store_item_collections.add_items("ks_1", "ksic_1", item_ids=["ksi_1", "ksi_2"]),
        "POST",
        "/knowledge-stores/ks_1/item-collections/ksic_1/items/add",
        json={"item_ids": ["ksi_1", "ksi_2"]},
        reply=Reply(json=COLLECTION),
        result_type=models.KnowledgeStoreItemCollection,
        expect={"member_count": 2},
        sync=True,
    ),
    Case(
        "knowledge_store_item_collections.remove_items",
        "knowledge_store_item_collections.remove_items",
        lambda c, m: c.knowledge_store_item_collections.remove_items("ks_1", "ksic_1", item_ids="ksi_2"),
        "POST",
        "/knowledge-stores/ks_1/item-collections/ksic_1/items/remove",
        json={"item_ids": ["ksi_2"]},  # one id is sent as the list the API wants
        reply=Reply(200, body=b""),
    ),
]


@pytest.fixture
def media(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def sync_client(server: RecordingServer) -> Iterator[TwelveLabs]:
    with TwelveLabs(API_KEY, base_url=server.base_url, max_retries=0) as c:
        yield c


@pytest.mark.parametrize("case", _params(WIRE_CASES))
async def test_route_on_the_wire(case: Case, server: RecordingServer, client: AsyncTwelveLabs, media: Path) -> None:
    await run_case(case, server, client, media)


@pytest.mark.parametrize("case", _params([case for case in WIRE_CASES if case.sync]))
def test_route_on_the_wire_sync(case: Case, server: RecordingServer, sync_client: TwelveLabs, media: Path) -> None:
    run_case_sync(case, server, sync_client, media)


@pytest.mark.parametrize(
    ("body", "model"),
    [
        (STORE, models.KnowledgeStore),
        (page([STORE]), models.KnowledgeStorePage),
        (item(), models.KnowledgeStoreItem),
        (item(system_metadata={"asset_type": "image", "filename": "a.png", "width": 9, "height": 9,
                               "codec_name": "png", "size": 1}), models.KnowledgeStoreItem),
        (page([item()]), models.KnowledgeStoreItemPage),
        (COLLECTION, models.KnowledgeStoreItemCollection),
        (page([COLLECTION]), models.KnowledgeStoreItemCollectionPage),
        (hits_page(VIDEO_HIT, IMAGE_HIT, token="t"), models.KnowledgeStoreSearchPage),
    ],
    ids=["store", "store-page", "item", "image-item", "item-page", "collection", "collection-page", "search"],
)
def test_every_field_of_the_spec_has_a_home(body: dict[str, Any], model: type) -> None:
    # Strict decoding refuses unknown keys and mistyped values: a field of the spec missing from the model (it
    # would land in `extra`) fails here.
    decoded = structure_strict(body, model)
    assert decoded.extra == {}


def test_unknown_fields_are_kept() -> None:
    from twelvelabs_async._converter import structure

    decoded = structure({**item(), "priority": 3}, models.KnowledgeStoreItem)
    assert decoded.extra == {"priority": 3} and decoded.id == "ksi_1"


# --- the search pager carries the token in the body ---------------------------------------------------------


async def test_search_pages_resend_the_search_with_the_token(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(
        Reply(json=hits_page(VIDEO_HIT, IMAGE_HIT, token="tok2")),
        Reply(json=hits_page({**VIDEO_HIT, "rank": 3, "item_id": "ksi_3"}, token="tok3")),
        Reply(json=hits_page({**IMAGE_HIT, "rank": 4, "item_id": "ksi_4"})),
    )
    pager = client.knowledge_stores.search_pages(
        "ks_1", query="pasta", filter={"asset_type": "video"}, page_size=2, include_metadata=True
    )
    assert server.requests == []  # lazy: nothing sent before it is used
    hits = [hit async for hit in pager]
    assert [(h.item_id, h.rank, h.asset_type) for h in hits] == [
        ("ksi_1", 1, "video"), ("ksi_2", 2, "image"), ("ksi_3", 3, "video"), ("ksi_4", 4, "image"),
    ]
    first = {
        "query": {"text": "pasta"},
        "filter": {"asset_type": {"eq": "video"}},
        "page_size": 2,
        "include_metadata": True,
    }
    assert [req.json for req in server.requests] == [
        first, {**first, "page_token": "tok2"}, {**first, "page_token": "tok3"}
    ]
    for req in server.requests:
        assert (req.method, req.raw_path) == ("POST", "/v1.3/knowledge-stores/ks_1/search")
        assert validate(req).label == "knowledgeStores: search"


async def test_search_pages_first_page_and_prefetch(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json=hits_page(VIDEO_HIT, token="t2")), Reply(json=hits_page(IMAGE_HIT)))
    pager = client.knowledge_stores.search_pages("ks_1", query="pasta", prefetch=True)
    assert await pager is pager  # the official SDK's form: the pager, holding its first page
    first = pager.page
    assert isinstance(first, models.KnowledgeStoreSearchPage) and first.next_page_token == "t2"
    assert [hit.item_id for hit in pager.items] == ["ksi_1"] and pager.has_next
    assert [page.data[0].item_id async for page in pager.pages()] == ["ksi_1", "ksi_2"]
    assert len(server.requests) == 2  # the first page was not fetched twice


async def test_an_expired_token_raises_gone_after_the_pages_before_it(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    expired = {"code": "page_token_expired", "message": "The page token has expired."}
    server.script(Reply(json=hits_page(VIDEO_HIT, token="old")), Reply(410, json=expired))
    seen = []
    with pytest.raises(GoneError) as info:
        async for hit in client.knowledge_stores.search_pages("ks_1", query="pasta"):
            seen.append(hit.item_id)
    assert seen == ["ksi_1"]
    assert info.value.status == 410
    assert server.requests[1].json["page_token"] == "old"


def test_search_pages_sync(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(Reply(json=hits_page(VIDEO_HIT, token="t2")), Reply(json=hits_page(IMAGE_HIT)))
    pager = sync_client.knowledge_stores.search_pages("ks_1", query="pasta", search_options="audio")
    assert [hit.item_id for hit in pager] == ["ksi_1", "ksi_2"]
    assert [req.json.get("page_token") for req in server.requests] == [None, "t2"]
    assert server.requests[1].json["search_options"] == {"video": {"modalities": ["audio"]}}
    for req in server.requests:
        validate(req)


# --- inputs: sugar in, the API's JSON out; bad ones refused before any request ---------------------------------


@pytest.mark.parametrize(
    ("call", "error", "param"),
    [
        (lambda c: c.knowledge_stores.create(name="n", ingestion_config={"type": "array"}), ArgumentError,
         "ingestion_config"),
        (lambda c: c.knowledge_stores.create(name="n", ingestion_config={"type": "json_schema"}), ArgumentError,
         "ingestion_config"),
        (lambda c: c.knowledge_stores.create(name="n", ingestion_config="  "), ArgumentError, "ingestion_config"),
        (lambda c: c.knowledge_stores.create(name="n", metadata={"a": {"nested": 1}}), ArgumentTypeError,
         "metadata"),
        (lambda c: c.knowledge_stores.create(name="n", metadata={"a": None}), ArgumentTypeError, "metadata"),
        (lambda c: c.knowledge_stores.update("ks_1"), ArgumentError, "name"),
        (lambda c: c.knowledge_stores.retrieve(""), ArgumentError, "knowledge_store_id"),
        (lambda c: c.knowledge_stores.search("ks_1", query=""), ArgumentError, "query"),
        (lambda c: c.knowledge_stores.search("ks_1", query="q", page_size=51), ArgumentError, "page_size"),
        (lambda c: c.knowledge_stores.search("ks_1", query="q", filter={"asset_type": {"eq": "a", "in": []}}),
         ArgumentError, "filter"),
        (lambda c: c.knowledge_stores.search("ks_1", query="q", filter={"item_id": 3}), ArgumentTypeError,
         "filter"),
        (lambda c: c.knowledge_stores.search("ks_1", query="q", search_options=[]), ArgumentError,
         "search_options"),
        (lambda c: c.knowledge_stores.search("ks_1", query="q", search_options={"video": {}}), ArgumentError,
         "search_options"),
        (lambda c: c.knowledge_stores.search_pages("ks_1", query=3), ArgumentTypeError, "query"),
        (lambda c: c.knowledge_store_items.create("ks_1", asset_id=None), ArgumentError, "asset_id"),
        (lambda c: c.knowledge_store_items.list("ks_1", status=[1]), ArgumentTypeError, "status"),
        (lambda c: c.knowledge_store_item_collections.update("ks_1", "ksic_1"), ArgumentError, "name"),
        (lambda c: c.knowledge_store_item_collections.add_items("ks_1", "ksic_1", item_ids=[]), ArgumentError,
         "item_ids"),
        (lambda c: c.knowledge_store_item_collections.add_items("ks_1", "c", item_ids=[f"i{n}" for n in range(501)]),
         ArgumentError, "item_ids"),
    ],
    ids=[
        "enrichment-schema-not-object", "json-schema-without-schema", "blank-description", "nested-metadata",
        "null-metadata", "update-nothing", "empty-id", "empty-query", "page-size", "two-operators",
        "filter-type", "no-modalities", "video-without-modalities", "query-type", "no-asset", "status-type",
        "collection-update-nothing", "no-item-ids", "too-many-item-ids",
    ],
)
async def test_bad_input_is_refused_before_any_request(
    call: Any, error: type[Exception], param: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(error) as info:
        result = call(client)
        if hasattr(result, "__await__"):
            await result
    assert type(info.value) is error
    assert getattr(info.value, "param", None) == param
    assert server.requests == []


# --- waiting for items ----------------------------------------------------------------------------------------


FAST: dict[str, Any] = {"sleep_interval": 0.001, "max_interval": 0.002}


async def test_wait_for_done_polls_until_ready_and_reports_each_status(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(*(Reply(json=item(status=s)) for s in ("queued", "queued", "processing", "ready")))
    seen: list[str | None] = []
    done = await client.knowledge_store_items.wait_for_done(
        "ks_1", "ksi_1", callback=lambda i: seen.append(i.status), **FAST
    )
    assert isinstance(done, models.KnowledgeStoreItem) and done.status == "ready"
    assert seen == ["queued", "processing", "ready"]  # each change once
    assert len(server.requests) == 4
    for req in server.requests:
        assert (req.method, req.raw_path) == ("GET", "/v1.3/knowledge-stores/ks_1/items/ksi_1")
        validate(req)


async def test_wait_for_done_returns_a_failed_item_or_raises_when_asked(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(Reply(json=item(status="processing")), Reply(json=item(status="failed")))
    assert (await client.knowledge_store_items.wait_for_done("ks_1", "ksi_1", **FAST)).status == "failed"
    server.script(Reply(json=item(status="processing")), Reply(json=item(status="failed")))
    with pytest.raises(TaskFailedError) as info:
        await client.knowledge_store_items.wait_for_done("ks_1", "ksi_1", raise_on_failure=True, **FAST)
    assert info.value.task.status == "failed" and info.value.task.id == "ksi_1"


async def test_wait_for_done_deadline_carries_the_last_state(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(Reply(json=item(status="processing")))
    with pytest.raises(WaitTimeoutError) as info:
        await client.knowledge_store_items.wait_for_done("ks_1", "ksi_1", timeout=0, **FAST)
    assert info.value.task.status == "processing"
    assert "knowledge store item ksi_1" in str(info.value)
    assert len(server.requests) == 1


async def test_wait_for_done_rides_out_transient_errors(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    # Three 503s use up the transport's own two retries of one poll; the engine then polls again.
    server.script(Reply(503, json={}), Reply(503, json={}), Reply(503, json={}), Reply(json=item(status="ready")))
    done = await client.knowledge_store_items.wait_for_done("ks_1", "ksi_1", **FAST)
    assert done.status == "ready" and len(server.requests) == 4


async def test_wait_for_done_refuses_a_bad_id_before_any_request(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError):
        await client.knowledge_store_items.wait_for_done("ks_1", "..", **FAST)
    with pytest.raises(NotFoundError):
        server.script(Reply(404, json={"code": "resource_not_exists", "message": "no such item"}))
        await client.knowledge_store_items.wait_for_done("ks_1", "ksi_x", **FAST)
    assert len(server.requests) == 1


def _listing(*items: dict[str, Any]) -> Reply:
    return Reply(json=page(list(items)))


ACTIVE_QUERY = [("page", "1"), ("page_limit", "50"), ("status", "queued"), ("status", "pending"),
                ("status", "processing")]
FINAL_QUERY = [("page", "1"), ("page_limit", "50"), ("sort_by", "updated_at"), ("sort_option", "desc"),
               ("status", "failed"), ("status", "ready")]


async def test_wait_many_polls_the_store_list_by_status(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(
        _listing(item("ksi_a", "processing"), item("ksi_b", "queued")),  # round 1: two still going...
        _listing(item("ksi_c", "ready")),  # ...and the third already done
        _listing(),  # round 2: nothing going any more
        _listing(item("ksi_b", "failed"), item("ksi_a", "ready")),
    )
    changes: list[tuple[str, str | None]] = []
    waiter = client.knowledge_store_items.wait_many(
        "ks_1", ["ksi_a", "ksi_b", "ksi_c"], callback=lambda i: changes.append((i.id, i.status)), **FAST
    )
    done = await waiter
    assert [(i.id, i.status) for i in done] == [("ksi_a", "ready"), ("ksi_b", "failed"), ("ksi_c", "ready")]
    assert sorted(changes) == sorted([("ksi_a", "processing"), ("ksi_b", "queued"), ("ksi_c", "ready"),
                                      ("ksi_a", "ready"), ("ksi_b", "failed")])
    assert [req.query for req in server.requests] == [ACTIVE_QUERY, FINAL_QUERY, ACTIVE_QUERY, FINAL_QUERY]
    assert waiter.requests == 4
    for req in server.requests:
        assert req.raw_path == "/v1.3/knowledge-stores/ks_1/items"
        validate(req)


async def test_wait_many_yields_items_as_they_finish(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(_listing(item("ksi_a", "processing")), _listing(item("ksi_b", "ready")),
                  _listing(), _listing(item("ksi_a", "ready")))
    order = [i.id async for i in client.knowledge_store_items.wait_many("ks_1", ["ksi_a", "ksi_b"], **FAST)]
    assert order == ["ksi_b", "ksi_a"]


async def test_wait_many_refuses_bad_ids_before_any_request(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    for call, param in (
        (lambda: client.knowledge_store_items.wait_many("ks_1", "ksi_a"), "item_ids"),
        (lambda: client.knowledge_store_items.wait_many("ks_1", ["ksi_a", ""]), "item_ids"),
        (lambda: client.knowledge_store_items.wait_many("", ["ksi_a"]), "knowledge_store_id"),
        (lambda: client.knowledge_store_items.wait_many("ks_1", ["a"], timeout=-1), "timeout"),
    ):
        with pytest.raises(ArgumentError) as info:
            call()
        assert info.value.param == param
    assert server.requests == []


def test_wait_for_done_and_wait_many_sync(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(Reply(json=item(status="processing")), Reply(json=item(status="ready")))
    assert sync_client.knowledge_store_items.wait_for_done("ks_1", "ksi_1", **FAST).status == "ready"
    server.script(_listing(item("ksi_a", "processing")), _listing(item("ksi_b", "ready")),
                  _listing(), _listing(item("ksi_a", "failed")))
    waiter = sync_client.knowledge_store_items.wait_many("ks_1", ["ksi_a", "ksi_b"], **FAST)
    assert [(i.id, i.status) for i in waiter] == [("ksi_b", "ready"), ("ksi_a", "failed")]
    server.script(_listing(), _listing(item("ksi_a", "ready")))
    assert [i.status for i in sync_client.knowledge_store_items.wait_many("ks_1", ["ksi_a"], **FAST).wait()] == [
        "ready"
    ]


# --- adding many assets ---------------------------------------------------------------------------------------


def _created(req: Any) -> Reply:
    asset = req.json["asset_id"]
    return Reply(202, json=item(f"ksi_{asset}", "queued", asset_id=asset))


async def test_create_many_adds_every_asset_then_waits(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(_created, _created, _created, _listing(), _listing(
        item("ksi_as_3", "ready"), item("ksi_as_1", "failed"), item("ksi_as_2", "ready")
    ))
    items = await client.knowledge_store_items.create_many(
        "ks_1", asset_ids=["as_1", "as_2", "as_3"], asset_type="video", metadata={"batch": "7"}, concurrency=2, **FAST
    )
    assert [(i.id, i.status) for i in items] == [("ksi_as_1", "failed"), ("ksi_as_2", "ready"), ("ksi_as_3", "ready")]
    creates = [req for req in server.requests if req.method == "POST"]
    assert sorted(req.json["asset_id"] for req in creates) == ["as_1", "as_2", "as_3"]
    assert all(req.json == {"asset_id": req.json["asset_id"], "asset_type": "video", "metadata": {"batch": "7"}}
               for req in creates)
    for req in server.requests:
        validate(req)


async def test_create_many_without_waiting(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    server.script(_created, _created)
    items = await client.knowledge_store_items.create_many("ks_1", asset_ids=["as_1", "as_2"], wait=False)
    assert [(i.asset_id, i.status) for i in items] == [("as_1", "queued"), ("as_2", "queued")]
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"asset_ids": "as_1"}, "asset_ids"),
        ({"asset_ids": ["as_1", "as_1"]}, "asset_ids"),
        ({"asset_ids": ["as_1", ""]}, "asset_ids"),
        ({"asset_ids": ["as_1"], "metadata": {"a": [1]}}, "metadata"),
        ({"asset_ids": ["as_1"], "concurrency": 0}, "concurrency"),
        ({"asset_ids": ["as_1"], "timeout": float("nan")}, "timeout"),
    ],
    ids=["one-str", "duplicate", "empty-id", "bad-metadata", "no-concurrency", "nan-timeout"],
)
async def test_create_many_checks_everything_before_the_first_request(
    kwargs: dict[str, Any], param: str, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    with pytest.raises(ArgumentError) as info:
        await client.knowledge_store_items.create_many("ks_1", **kwargs)
    assert info.value.param == param
    assert server.requests == []


async def test_create_many_raises_the_first_refusal(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    refused = Reply(400, json={"code": "parameter_invalid", "message": "asset as_2 is not ready"})
    server.script(_created, refused)
    with pytest.raises(BadRequestError, match="not ready"):
        await client.knowledge_store_items.create_many("ks_1", asset_ids=["as_1", "as_2"], concurrency=1, **FAST)
    assert len(server.requests) == 2  # no waiting after a refusal


def test_create_many_sync(server: RecordingServer, sync_client: TwelveLabs) -> None:
    server.script(_created, _listing(), _listing(item("ksi_as_1", "ready")))
    items = sync_client.knowledge_store_items.create_many("ks_1", asset_ids=["as_1"], **FAST)
    assert [(i.id, i.status) for i in items] == [("ksi_as_1", "ready")]
