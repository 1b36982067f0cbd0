"""``model_dump()`` / ``model_dump_json()`` give the official SDK's keys in the official order.

The comparison with the official classes themselves is ``tests/compat/test_official_values.py`` (it needs a venv with
the official SDK); these tests pin the rules without one: the generated table ``models/_dump_fields.py``, the
richer variants' groups, the discriminated unions, our own fields, the stream events and the options.
"""

from __future__ import annotations

import json

import pytest

from twelvelabs_async import models
from twelvelabs_async._converter import structure
from twelvelabs_async.models import parse_stream_event
from twelvelabs_async.models._dump_fields import DUMP_FIELDS, NESTED_DUMP_FIELDS
from twelvelabs_async.models._official import OFFICIAL_MODELS

T0 = "2026-05-01T10:00:00Z"


def test_stream_events_dump_as_the_official_union_members() -> None:
    start = parse_stream_event({"event_type": "stream_start", "metadata": {"generation_id": "g1"}})
    assert start.model_dump() == {"event_type": "stream_start", "metadata": {"generation_id": "g1"}}
    text = parse_stream_event({"event_type": "text_generation", "text": "Hel"})
    assert text.model_dump_json() == '{"event_type":"text_generation","text":"Hel"}'
    end = parse_stream_event({
        "event_type": "stream_end", "finish_reason": "stop",
        "metadata": {"generation_id": "g1", "usage": {"output_tokens": 5, "input_tokens": 100}},
    })
    assert end.model_dump() == {
        "event_type": "stream_end", "finish_reason": "stop",
        "metadata": {"generation_id": "g1", "usage": {"output_tokens": 5, "input_tokens": 100}}, "error": None,
    }
    # the forwarding pattern: every event of a stream as a JSON line
    assert [json.loads(e.model_dump_json())["event_type"] for e in (start, text, end)] == [
        "stream_start", "text_generation", "stream_end"
    ]


def test_stream_events_keep_unknown_keys_and_unknown_events_dump_as_they_came() -> None:
    start = parse_stream_event({"event_type": "stream_start", "metadata": {"generation_id": "g1", "x": 1}, "y": 2})
    assert start.model_dump() == {"event_type": "stream_start", "metadata": {"generation_id": "g1", "x": 1}, "y": 2}
    odd = {"event_type": "thinking", "text": "hmm", "n": [1, 2]}
    unknown = parse_stream_event(odd)
    assert isinstance(unknown, models.UnknownStreamEvent) and isinstance(unknown, models.Model)
    assert unknown.model_dump() == odd and json.loads(unknown.model_dump_json()) == odd


def test_response_stream_events_dump_with_their_type_first() -> None:
    event = structure(
        {"type": "response.output_text.delta", "sequence_number": 4, "item_id": "m1", "output_index": 0,
         "content_index": 0, "delta": "Pa"},
        models.ResponseOutputTextDeltaEvent,
    )
    assert list(event.model_dump()) == ["type", "item_id", "output_index", "content_index", "delta", "sequence_number"]
    raw = {"type": "response.reasoning", "sequence_number": 9, "summary": "..."}
    assert models.UnknownResponseEvent(type="response.reasoning", sequence_number=9, raw=raw).model_dump() == raw


def test_keys_come_in_the_official_order() -> None:
    index = structure({"_id": "i1", "index_name": "n", "created_at": T0, "models": []}, models.Index)
    assert list(index.model_dump()) == [
        "id", "created_at", "updated_at", "expires_at", "index_name", "total_duration", "video_count", "models",
        "addons",
    ]
    assert json.loads(index.model_dump_json()) == index.model_dump(mode="json")
    assert index.model_dump_json().startswith('{"id":"i1","created_at":"2026-05-01T10:00:00Z",')


def test_a_richer_variants_fields_come_all_together_once_one_has_a_value() -> None:
    created = {"_id": "a1", "method": "url", "status": "processing", "filename": "x.mp4", "file_type": "video/mp4",
               "created_at": T0}
    asset = structure(created, models.Asset)  # what assets.create gives: the official Asset's eight keys
    assert list(asset.model_dump()) == [
        "id", "method", "status", "filename", "file_type", "created_at", "user_metadata", "source"
    ]
    ready = structure({**created, "status": "ready", "size": 10, "duration": 2.5}, models.Asset)  # an AssetDetail
    assert list(ready.model_dump()) == [
        "id", "method", "status", "filename", "file_type", "created_at", "user_metadata", "source", "hls",
        "thumbnail", "technical_metadata", "size", "duration", "error",
    ]


def test_our_own_fields_come_after_only_with_a_value() -> None:
    task = {"_id": "t1", "video_id": "v1", "index_id": "i1", "status": "ready", "created_at": T0, "updated_at": T0}
    listed = structure(task, models.Task)
    assert "estimated_time" not in listed.model_dump() and "hls" not in listed.model_dump()
    pending = structure({**task, "status": "indexing", "estimated_time": T0}, models.Task)
    assert list(pending.model_dump())[-1] == "estimated_time"
    segment = structure({"float": [0.5], "start_offset_sec": 0, "end_offset_sec": 6}, models.EmbeddingSegment)
    assert structure({"float": [0.5]}, models.EmbeddingSegment).model_dump() == {"float_": [0.5]}
    assert segment.model_dump() == {"float_": [0.5], "start_offset_sec": 0.0, "end_offset_sec": 6.0}


def test_search_items_and_the_clips_of_a_video_group() -> None:
    clip = {"rank": 1, "start": 1, "end": 2, "video_id": "v1"}
    page = structure({"data": [clip, {"id": "v1", "rank": 1, "clips": [clip]}], "page_info": {}}, models.SearchPage)
    top, group = (item.model_dump() for item in page.data)
    item_keys = ["start", "end", "video_id", "rank", "thumbnail_url", "transcription", "id", "user_metadata", "clips"]
    assert list(top) == item_keys and list(group) == item_keys
    assert list(group["clips"][0]) == [
        "start", "end", "rank", "thumbnail_url", "transcription", "video_id", "user_metadata"
    ]
    seed_era = structure({**clip, "score": 84.5, "confidence": "high"}, models.SearchClip)  # 1.0.0's fields
    assert seed_era.model_dump()["score"] == 84.5 and seed_era.model_dump()["confidence"] == "high"


def test_a_discriminated_union_dumps_as_its_variant() -> None:
    image = structure({"type": "description", "description": "a dish"}, models.EnrichmentConfig)
    assert image.model_dump() == {"type": "description", "description": "a dish"}
    metadata = structure({"input_type": "image", "input_url": "https://x.example/a.png"}, models.EmbedV2Metadata)
    assert metadata.model_dump() == {"input_type": "image", "input_url": "https://x.example/a.png",
                                     "input_filename": None}


def test_the_options_act_as_on_the_official_models() -> None:
    index = structure({"_id": "i1", "index_name": "n"}, models.Index)
    # exclude_none works in the default mode ...
    assert index.model_dump(exclude_none=True) == {"id": "i1", "index_name": "n"}
    # ... but the official JSON serializer ignores the options: every field, attribute names
    assert index.model_dump(mode="json", exclude_none=True) == index.model_dump(mode="json")
    assert json.loads(index.model_dump_json(exclude_none=True, by_alias=True))["expires_at"] is None
    # the official `_id` / `float` are not pydantic aliases: by_alias keeps the attribute names
    assert list(index.model_dump(by_alias=True)) == list(index.model_dump())
    with pytest.raises(ValueError, match="mode"):
        index.model_dump(mode="yaml")


def test_the_table_names_only_classes_and_fields_of_ours() -> None:
    for name, fields in DUMP_FIELDS.items():
        cls = getattr(models, name)
        for field, group in fields:
            assert hasattr(cls, field) or field in {a.name for a in cls.__attrs_attrs__} or field == "float_", (
                name, field
            )
            assert group >= -1
    for key in NESTED_DUMP_FIELDS:
        owner = key.split(".")[0].split("[")[0]
        assert hasattr(models, owner), key
    # every class an official class maps to has its entry
    mapped = {target for target in OFFICIAL_MODELS.values() if isinstance(getattr(models, target), type)}
    assert mapped <= set(DUMP_FIELDS)



def test_a_list_the_json_did_not_have_dumps_as_none_and_reads_as_an_empty_list() -> None:
    left_out = structure({"_id": "i1", "index_name": "n"}, models.Index)
    sent = structure({"_id": "i1", "index_name": "n", "addons": [], "models": []}, models.Index)
    assert left_out.addons == [] and left_out == sent  # reading is unchanged
    assert left_out.model_dump()["addons"] is None and sent.model_dump()["addons"] == []
    assert json.loads(left_out.model_dump_json())["models"] is None
    from twelvelabs_async._converter import unstructure

    assert unstructure(left_out) == unstructure(sent)  # the wire form is unchanged too
