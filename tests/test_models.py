"""Decoding and encoding of the response models through the one converter.

The example bodies follow the API inventory (section 4) and the v1.3 OpenAPI examples.
"""

from __future__ import annotations

import copy
import typing
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from cattrs.errors import ForbiddenExtraKeysError
from hypothesis import given
from hypothesis import strategies as st

import twelvelabs_async.models as models
from twelvelabs_async import _converter
from twelvelabs_async._converter import (
    structure,
    structure_strict,
    structure_summarize,
    unstructure,
)
from twelvelabs_async.models import (
    TASK_STATUSES,
    TERMINAL_EMBED_TASK_STATUSES,
    TERMINAL_TASK_STATUSES,
    AnalyzeResult,
    ChaptersResult,
    EmbeddingResponse,
    EmbedTask,
    EmbedTaskCreated,
    EmbedTaskPage,
    EmbedTaskStatus,
    GistResult,
    HighlightsResult,
    ImportLogs,
    ImportResult,
    ImportStatus,
    Index,
    IndexCreated,
    IndexModel,
    IndexPage,
    Model,
    ModelDecodeError,
    PageInfo,
    SearchClip,
    SearchPage,
    SearchVideoGroup,
    StreamEnd,
    StreamEvent,
    StreamStart,
    SummarizeResult,
    SummaryResult,
    Task,
    TaskCreated,
    TaskPage,
    TextGeneration,
    UnknownStreamEvent,
    Usage,
    Video,
    VideoPage,
    VideoSegment,
    format_datetime,
    parse_datetime,
    parse_stream_event,
)
from twelvelabs_async.models._base import _parse_datetime_slow

UTC = timezone.utc
THUMB = "https://d2cp8xx7n5vxnu.cloudfront.net/6298/64902/thumbnails/c924f34a.0000001.jpg"
M3U8 = "https://d2cp8xx7n5vxnu.cloudfront.net/6298/64902/stream/c924f34a.m3u8"

# --------------------------------------------------------------------------------------------------------
# example bodies
# --------------------------------------------------------------------------------------------------------

PAGE_INFO = {"page": 1, "limit_per_page": 10, "total_page": 3, "total_results": 25}

INDEX = {
    "_id": "62d9bafa90077fc60af827a0",
    "index_name": "myIndex",
    "created_at": "2024-01-09T11:11:20.463Z",
    "updated_at": "2024-01-09T11:17:15.296Z",
    "expires_at": "2024-04-08T11:11:20.463Z",
    "video_count": 12,
    "total_duration": 8716.8969,
    "models": [
        {"model_name": "marengo2.7", "model_options": ["visual", "audio"]},
        {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]},
    ],
    "addons": ["thumbnail"],
}

HLS = {
    "video_url": M3U8,
    "thumbnail_urls": [THUMB],
    "status": "COMPLETE",
    "updated_at": "2024-01-16T07:59:40.879Z",
}

TASK = {
    "_id": "663da73b31cdd0c1f638a8e6",
    "video_id": "62a1ec6d9ea24f052b971a0f",
    "created_at": "2024-03-01T00:00:00Z",
    "updated_at": "2024-03-01T00:00:00Z",
    "status": "ready",
    "index_id": "630aff993fcee0532cb809d0",
    "system_metadata": {"duration": 531.998133, "filename": "01.mp4", "height": 480, "width": 854},
    "hls": HLS,
}

VIDEO_SUMMARY = {
    "_id": "663da73b31cdd0c1f638a8e6",
    "created_at": "2024-03-01T00:00:00Z",
    "updated_at": "2024-03-01T00:00:00Z",
    "indexed_at": "2024-03-01T00:00:00Z",
    "system_metadata": {
        "filename": "01.mp4",
        "duration": 531.998133,
        "fps": 29.97002997002997,
        "width": 640,
        "height": 360,
        "size": 65749715,
    },
}

VIDEO = {
    "_id": "61e17be5777e6caec646fa07",
    "created_at": "2022-01-14T13:34:29Z",
    "updated_at": "2022-01-14T13:34:29Z",
    "indexed_at": "2022-01-14T14:05:55Z",
    "system_metadata": {
        "duration": 3747.841667,
        "filename": "IOKgzkakhlk.mp4",
        "fps": 29.97002997002997,
        "height": 360,
        "width": 482,
    },
    "user_metadata": {"category": "recentlyAdded", "batchNumber": 5, "rating": 9.3, "needsReview": True},
    "hls": HLS,
    "embedding": {
        "model_name": "Marengo-retrieval-2.7",
        "video_embedding": {
            "segments": [
                {
                    "start_offset_sec": 0,
                    "end_offset_sec": 7.5666666,
                    "embedding_option": "visual-text",
                    "embedding_scope": "clip",
                    "float": [-0.04747168, 0.030509098, 0.032282468],
                }
            ]
        },
    },
    "transcription": [
        {"start": 0, "end": 10.5, "value": "Hello, how are you?"},
        {"start": 10.5, "end": 15.2, "value": "I'm fine, thank you."},
    ],
}

CLIP = {
    "score": 85.08,
    "start": 238.75,
    "end": 259.62109375,
    "video_id": "639963a1ce36463e0199c8c7",
    "confidence": "high",
    "thumbnail_url": "https://example.com/thumbnail.jpg",
    "transcription": "A woman vlogs about her summer day, sharing her experience",
    "user_metadata": {"category": "recentlyAdded", "needsReview": True},
}

SEARCH_POOL = {"total_count": 10, "total_duration": 8731, "index_id": "639961c9e219c90227c371a2"}

SEARCH_PAGE = {
    "search_pool": SEARCH_POOL,
    "data": [CLIP, {**CLIP, "start": 515.4375, "end": 527, "confidence": "extremely low"}],
    "page_info": {
        "limit_per_page": 10,
        "page_expires_at": "2024-03-01T00:00:00Z",
        "total_results": 100,
        "next_page_token": "d1a8f7bd-31c8-4d55-9bb7-c1473de4b2dc-1",
        "prev_page_token": "e2b9f8ac-42d7-4e66-8cc9-d2584fb3a9e0-1",
    },
}

GROUPED_SEARCH_PAGE = {
    "search_pool": SEARCH_POOL,
    "data": [
        {"id": "639963a1ce36463e0199c8c7", "clips": [CLIP, {**CLIP, "start": 300.0, "end": 310.0}]},
        {"id": "639963a1ce36463e0199c8c8", "clips": []},
    ],
    "page_info": {
        "limit_per_page": 10,
        "page_expires_at": "2024-03-01T00:00:00Z",
        "total_results": 2,
        "total_inner_matches": 2,
    },
}

EMBEDDING = {
    "model_name": "Marengo-retrieval-2.7",
    "audio_embedding": {
        "segments": [{"float": [-0.042632885, 0.014312328, 0.029209055], "start_offset_sec": 0}],
        "metadata": {"input_filename": "01.mp3"},
    },
    "image_embedding": {
        "segments": [{"float": [-0.042632885, 0.014312328, 0.029209055]}],
        "metadata": {"input_url": "https://example.com/cat.jpg"},
    },
    "text_embedding": {"segments": [{"float": [-0.042632885, 0.014312328, 0.029209055]}]},
}

EMBED_METADATA = {
    "input_filename": "01.mp4",
    "video_clip_length": 6,
    "video_embedding_scope": ["clip", "video"],
    "duration": 18,
}

EMBED_TASK = {
    "_id": "663e16ac4d11aff765088b3a",
    "model_name": "Marengo-retrieval-2.7",
    "status": "ready",
    "created_at": "2024-03-01T00:00:00Z",
    "video_embedding": {
        "segments": [
            {
                "start_offset_sec": 0,
                "end_offset_sec": 6,
                "embedding_scope": "clip",
                "embedding_option": "visual-text",
                "float": [-0.060086973, 0.016479108],
            },
            {
                "start_offset_sec": 0,
                "end_offset_sec": 12,
                "embedding_scope": "video",
                "embedding_option": "audio",
                "float": [-0.05971131, -0.00859428],
            },
        ],
        "metadata": EMBED_METADATA,
    },
}

EMBED_TASK_STATUS = {
    "_id": "6641c0efc70bb578439bd909",
    "model_name": "Marengo-retrieval-2.7",
    "status": "processing",
    "video_embedding": {"metadata": EMBED_METADATA},
}

USAGE = {"output_tokens": 100}
SUMMARY = {"id": "56dd2567-9b34-4ee9-9fbb-c20fc283e5bf", "summary": "Black Friday shoppers...", "usage": USAGE}
CHAPTERS = {
    "id": "663da73b31cdd0c1f638a8e6",
    "chapters": [
        {
            "chapter_number": 0,
            "start": 15,
            "end": 30,
            "chapter_title": "Graduation and Moving Home",
            "chapter_summary": "The woman talks about her recent graduation.",
        },
        {
            "chapter_number": 1,
            "start": 30,
            "end": 45,
            "start_sec": 30.5,
            "end_sec": 45.25,
            "chapter_title": "Outdoor Adventures",
            "chapter_summary": "The woman discusses spending time outdoors.",
        },
    ],
    "usage": USAGE,
}
HIGHLIGHTS = {
    "id": "663da73b31cdd0c1f638a8e6",
    "highlights": [
        {
            "start": 0,
            "end": 30,
            "highlight": "A woman vlogs about her summer day",
            "highlight_summary": "The woman talks about her love for getting some sun.",
        }
    ],
    "usage": USAGE,
}
GIST = {
    "id": "56dd2567-9b34-4ee9-9fbb-c20fc283e5bf",
    "title": "From Consumerism to Minimalism",
    "topics": ["Shopping Vlog Lifestyle", "Minimalism Lifestyle"],
    "hashtags": ["#BlackFriday", "#Vlog"],
    "usage": USAGE,
}
ANALYZE = {"id": "2f6d0bdd-aed8-47b1-8124-3c9d8006cdc9", "data": "1. Vlog\n2. Minnesota", "usage": USAGE}

IMPORT_RESULT = {
    "failed_files": [{"filename": "1.mp4", "error_message": "The video is too big."}],
    "videos": [{"video_id": "66fcee250f9f7bcce21915a2", "filename": "2.mp4"}],
}
IMPORT_STATUS = {
    "not_imported": ["NEW_VIDEO_1.mp4", "NEW_VIDEO_2.mp4"],
    "ready": [{"video_id": "VIDEO_ID_1", "filename": "VIDEO_1.mp4", "created_at": "2024-09-24T13:22:00Z"}],
    "pending": [{"video_id": "VIDEO_ID_3", "filename": "VIDEO_3.mp4", "created_at": "2024-09-24T13:22:00Z"}],
    "failed": [
        {
            "filename": "VIDEO_4.mp4",
            "created_at": "2024-09-24T13:22:00Z",
            "error_message": "The file is not a valid video file.",
        }
    ],
}
IMPORT_LOG = {
    "index_id": "6298d673f1090f1100476d4c",
    "index_name": "myIndex",
    "created_at": "2024-09-22T13:25:00Z",
    "ended_at": "2024-09-22T13:35:00Z",
    "video_status": {"ready": 10, "validating": 2, "queued": 3, "pending": 4, "indexing": 5, "failed": 6},
    "failed_files": [{"filename": "01.mp4", "error_message": "The file is not a valid video file."}],
}

# Every example: (model, body). Each must decode strictly, i.e. the models know every key the API documents.
EXAMPLES: list[tuple[type[Any], dict[str, Any]]] = [
    (PageInfo, PAGE_INFO),
    (Usage, {"output_tokens": 100, "input_tokens": 20}),
    (Index, INDEX),
    (IndexCreated, {"_id": "62d9bafa90077fc60af827a0"}),
    (IndexPage, {"data": [INDEX, {**INDEX, "_id": "other", "expires_at": None}], "page_info": PAGE_INFO}),
    (Task, TASK),
    (TaskCreated, {"_id": "663da73b31cdd0c1f638a8e6", "video_id": "62a1ec6d9ea24f052b971a0f"}),
    (TaskPage, {"data": [TASK], "page_info": PAGE_INFO}),
    (VideoPage, {"data": [VIDEO_SUMMARY], "page_info": PAGE_INFO}),
    (Video, VIDEO),
    (SearchPage, SEARCH_PAGE),
    (SearchPage, GROUPED_SEARCH_PAGE),
    (EmbeddingResponse, EMBEDDING),
    (EmbedTaskCreated, {"_id": "66419a20c70bb578439bd8f4"}),
    (EmbedTask, EMBED_TASK),
    (EmbedTaskStatus, EMBED_TASK_STATUS),
    (
        EmbedTaskPage,
        {"data": [{**EMBED_TASK_STATUS, "created_at": "2024-09-26T10:29:19.968Z"}], "page_info": PAGE_INFO},
    ),
    (SummaryResult, SUMMARY),
    (ChaptersResult, CHAPTERS),
    (HighlightsResult, HIGHLIGHTS),
    (GistResult, GIST),
    (AnalyzeResult, ANALYZE),
    (ImportResult, IMPORT_RESULT),
    (ImportStatus, IMPORT_STATUS),
    (ImportLogs, {"data": [IMPORT_LOG, {**IMPORT_LOG, "ended_at": None}]}),
]
EXAMPLE_IDS = [f"{cls.__name__}-{i}" for i, (cls, _) in enumerate(EXAMPLES)]


# --------------------------------------------------------------------------------------------------------
# every example
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "body"), EXAMPLES, ids=EXAMPLE_IDS)
def test_every_example_decodes_strictly_without_extra(cls: type[Any], body: dict[str, Any]) -> None:
    lenient = structure(body, cls)
    strict = structure_strict(body, cls)
    assert isinstance(lenient, cls)
    assert lenient == strict
    assert lenient.extra == {}


@pytest.mark.parametrize(("cls", "body"), EXAMPLES, ids=EXAMPLE_IDS)
def test_every_example_round_trips_to_its_wire_form(cls: type[Any], body: dict[str, Any]) -> None:
    before = copy.deepcopy(body)
    obj = structure(body, cls)
    assert body == before, "decoding must not mutate its input"
    wire = unstructure(obj)
    assert structure(wire, cls) == obj
    # Wire names come back, nulls are left out, absent lists come back empty, everything else is as it
    # came (timestamps normalised).
    assert _normalise(wire) == _normalise(body)
    assert "_id" in wire or "_id" not in body


def _normalise(value: Any) -> Any:
    """Nulls and empty lists dropped, timestamps in UTC ``Z`` form."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and value[10] == "T":
        return format_datetime(parse_datetime(value))
    return value


# --------------------------------------------------------------------------------------------------------
# indexes, tasks, videos
# --------------------------------------------------------------------------------------------------------


def test_index_fields() -> None:
    index = structure(INDEX, Index)
    assert index.id == "62d9bafa90077fc60af827a0"
    assert index.index_name == "myIndex"
    # Timestamps are the API's strings, as the official SDK gives them; parse_datetime gives the datetime.
    assert index.created_at == "2024-01-09T11:11:20.463Z"
    assert parse_datetime(index.created_at) == datetime(2024, 1, 9, 11, 11, 20, 463000, tzinfo=UTC)
    assert index.models == [
        IndexModel("marengo2.7", ["visual", "audio"]),
        IndexModel(model_name="pegasus1.2", model_options=["visual", "audio"]),
    ]
    assert index.addons == ["thumbnail"]
    assert index.video_count == 12
    assert index.total_duration == 8716.8969
    assert not hasattr(index, "_id")


def test_index_model_as_request_input() -> None:
    assert unstructure(IndexModel("marengo2.7", ["visual", "audio"])) == {
        "model_name": "marengo2.7",
        "model_options": ["visual", "audio"],
    }


def test_index_page_and_null_expiry() -> None:
    page = structure({"data": [{**INDEX, "expires_at": None}], "page_info": PAGE_INFO}, IndexPage)
    assert page.data[0].expires_at is None
    assert page.page_info == PageInfo(page=1, limit_per_page=10, total_page=3, total_results=25)


def test_task_with_hls_and_is_done() -> None:
    task = structure(TASK, Task)
    assert task.id == "663da73b31cdd0c1f638a8e6"
    assert task.video_id == "62a1ec6d9ea24f052b971a0f"
    assert task.system_metadata is not None
    assert task.system_metadata.duration == 531.998133
    assert task.system_metadata.width == 854
    assert task.hls is not None
    assert task.hls.status == "COMPLETE"
    assert task.hls.thumbnail_urls == [THUMB]
    assert task.hls.updated_at == "2024-01-16T07:59:40.879Z"
    assert task.is_done
    assert task.estimated_time is None


@pytest.mark.parametrize("status", TASK_STATUSES)
def test_task_is_done_only_when_terminal(status: str) -> None:
    assert structure({**TASK, "status": status}, Task).is_done is (status in TERMINAL_TASK_STATUSES)
    assert frozenset({"ready", "failed"}) == TERMINAL_TASK_STATUSES


def test_task_unknown_status_and_old_metadata_key_are_kept() -> None:
    # The spec's list example still uses the pre-v1.3 "metadata" key; it must not crash.
    body = {
        "_id": "62a17bf847f5678267ec10cc",
        "created_at": "2022-06-09T04:50:00.879Z",
        "index_id": "62a0906d47f5678267ec10a6",
        "metadata": {"duration": 531.998133, "filename": "01.mp4", "height": 400, "width": 854},
        "status": "transcoding",
    }
    task = structure(body, Task)
    assert task.status == "transcoding"
    assert not task.is_done
    assert task.system_metadata is None
    assert task.hls is None
    assert task.extra == {"metadata": body["metadata"]}


def test_minimal_task_defaults() -> None:
    task = structure({"_id": "t1"}, Task)
    assert task == Task(id="t1")
    assert task.status is None and task.created_at is None and task.video_id is None


def test_video_retrieve() -> None:
    video = structure(VIDEO, Video)
    assert video.id == "61e17be5777e6caec646fa07"
    assert video.indexed_at == "2022-01-14T14:05:55Z"
    assert video.system_metadata is not None
    assert video.system_metadata.fps == 29.97002997002997
    assert video.system_metadata.size is None
    assert video.user_metadata == {
        "category": "recentlyAdded",
        "batchNumber": 5,
        "rating": 9.3,
        "needsReview": True,
    }
    assert video.hls is not None and video.hls.video_url == M3U8
    assert video.embedding is not None
    assert video.embedding.model_name == "Marengo-retrieval-2.7"
    assert video.embedding.video_embedding is not None
    segment = video.embedding.video_embedding.segments[0]
    assert segment == VideoSegment(
        embedding=[-0.04747168, 0.030509098, 0.032282468],
        start_offset_sec=0,
        end_offset_sec=7.5666666,
        embedding_option="visual-text",
        embedding_scope="clip",
    )
    assert video.transcription is not None
    assert [t.value for t in video.transcription] == ["Hello, how are you?", "I'm fine, thank you."]
    assert video.transcription[1].end == 15.2


def test_video_without_optional_parts() -> None:
    video = structure({"_id": "v1", "transcription": None}, Video)
    assert video.transcription is None
    assert video.user_metadata is None and video.hls is None and video.embedding is None


def test_video_page_summary() -> None:
    page = structure({"data": [VIDEO_SUMMARY], "page_info": PAGE_INFO}, VideoPage)
    summary = page.data[0]
    assert summary.id == "663da73b31cdd0c1f638a8e6"
    assert summary.system_metadata is not None
    assert summary.system_metadata.size == 65749715
    assert summary.system_metadata.filename == "01.mp4"


def test_user_metadata_is_copied_not_shared() -> None:
    body = copy.deepcopy(VIDEO)
    video = structure(body, Video)
    body["user_metadata"]["category"] = "changed"
    assert video.user_metadata is not None and video.user_metadata["category"] == "recentlyAdded"


# --------------------------------------------------------------------------------------------------------
# search
# --------------------------------------------------------------------------------------------------------


def test_search_clip_page() -> None:
    page = structure(SEARCH_PAGE, SearchPage)
    assert all(isinstance(item, SearchClip) for item in page.data)
    assert page.groups == []
    assert len(page.clips) == 2
    first = page.clips[0]
    assert first.score == 85.08
    assert first.video_id == "639963a1ce36463e0199c8c7"
    assert first.user_metadata == {"category": "recentlyAdded", "needsReview": True}
    assert page.clips[1].confidence == "extremely low"  # outside the seeds' high/medium/low: kept
    assert page.page_info is not None
    assert page.page_info.page_expires_at == "2024-03-01T00:00:00Z"
    assert page.page_info.prev_page_token == "e2b9f8ac-42d7-4e66-8cc9-d2584fb3a9e0-1"
    assert page.next_page_token == "d1a8f7bd-31c8-4d55-9bb7-c1473de4b2dc-1"
    assert page.search_pool is not None and page.search_pool.total_count == 10


def test_search_grouped_page() -> None:
    page = structure(GROUPED_SEARCH_PAGE, SearchPage)
    assert page.clips == []
    assert [type(item) for item in page.data] == [SearchVideoGroup, SearchVideoGroup]
    group = page.groups[0]
    assert group.id == "639963a1ce36463e0199c8c7"
    assert [c.start for c in group.clips] == [238.75, 300.0]
    assert page.groups[1].clips == []
    assert page.page_info is not None and page.page_info.total_inner_matches == 2
    assert page.next_page_token is None


def test_search_page_without_page_info_and_unknown_confidence() -> None:
    body = {"data": [{**CLIP, "confidence": "very high", "novelty": 1}], "search_pool": SEARCH_POOL}
    page = structure(body, SearchPage)
    assert page.page_info is None
    assert page.next_page_token is None
    assert page.clips[0].confidence == "very high"
    assert page.clips[0].extra == {"novelty": 1}


def test_search_group_without_id_fails_clearly() -> None:
    with pytest.raises(ModelDecodeError, match="SearchPage: SearchVideoGroup: required field 'id'"):
        structure({"data": [{"clips": []}]}, SearchPage)


# --------------------------------------------------------------------------------------------------------
# embeddings
# --------------------------------------------------------------------------------------------------------


def test_embedding_response() -> None:
    emb = structure(EMBEDDING, EmbeddingResponse)
    assert emb.model_name == "Marengo-retrieval-2.7"
    assert emb.text_embedding is not None
    assert emb.text_embedding.segments[0].embedding == [-0.042632885, 0.014312328, 0.029209055]
    assert emb.text_embedding.error_message is None
    assert emb.audio_embedding is not None
    assert emb.audio_embedding.segments[0].start_offset_sec == 0
    assert emb.audio_embedding.metadata is not None
    assert emb.audio_embedding.metadata.input_filename == "01.mp3"
    assert emb.image_embedding is not None and emb.image_embedding.metadata is not None
    assert emb.image_embedding.metadata.input_url == "https://example.com/cat.jpg"
    wire = unstructure(emb)
    assert wire["text_embedding"]["segments"][0] == {"float": [-0.042632885, 0.014312328, 0.029209055]}


def test_embedding_error_only() -> None:
    emb = structure(
        {"model_name": "Marengo-retrieval-2.7", "text_embedding": {"error_message": "The text is too long."}},
        EmbeddingResponse,
    )
    assert emb.text_embedding is not None
    assert emb.text_embedding.segments == []
    assert emb.text_embedding.error_message == "The text is too long."
    assert emb.image_embedding is None


def test_embed_task_retrieve() -> None:
    task = structure(EMBED_TASK, EmbedTask)
    assert task.id == "663e16ac4d11aff765088b3a"
    assert task.is_done
    assert task.updated_at is None
    assert task.video_embedding is not None
    assert task.video_embedding.segments is not None
    assert [s.embedding_scope for s in task.video_embedding.segments] == ["clip", "video"]
    assert task.video_embedding.segments[1].embedding == [-0.05971131, -0.00859428]
    assert task.video_embedding.metadata is not None
    assert task.video_embedding.metadata.video_embedding_scope == ["clip", "video"]
    assert task.video_embedding.metadata.video_clip_length == 6


def test_embed_task_status_and_page() -> None:
    status = structure(EMBED_TASK_STATUS, EmbedTaskStatus)
    assert status.id == "6641c0efc70bb578439bd909"
    assert status.status == "processing"
    assert not status.is_done
    assert status.video_embedding is not None and status.video_embedding.segments is None
    assert frozenset({"ready", "failed"}) == TERMINAL_EMBED_TASK_STATUSES
    page = structure({"data": [EMBED_TASK], "page_info": PAGE_INFO}, EmbedTaskPage)
    assert page.data[0].is_done and page.page_info is not None and page.page_info.total_page == 3


# --------------------------------------------------------------------------------------------------------
# summarize, gist, analyze
# --------------------------------------------------------------------------------------------------------


def test_summarize_three_shapes() -> None:
    summary = structure_summarize(SUMMARY)
    chapters = structure_summarize(CHAPTERS)
    highlights = structure_summarize(HIGHLIGHTS)
    assert isinstance(summary, SummaryResult) and summary.summary == "Black Friday shoppers..."
    assert isinstance(chapters, ChaptersResult)
    assert [c.chapter_number for c in chapters.chapters] == [0, 1]
    assert chapters.chapters[0].start_sec is None
    assert chapters.chapters[1].start_sec == 30.5 and chapters.chapters[1].end_sec == 45.25
    assert isinstance(highlights, HighlightsResult)
    assert highlights.highlights[0].highlight == "A woman vlogs about her summer day"
    assert highlights.usage == Usage(output_tokens=100)


def test_summarize_through_the_union_and_summarize_type() -> None:
    union: Any = SummarizeResult
    assert isinstance(structure(CHAPTERS, union), ChaptersResult)
    tagged = structure_summarize({**HIGHLIGHTS, "summarize_type": "highlight"})
    assert isinstance(tagged, HighlightsResult) and tagged.summarize_type == "highlight"
    # No payload key at all: summarize_type decides; with neither, a SummaryResult.
    assert isinstance(structure_summarize({"id": "x", "summarize_type": "chapter"}), ChaptersResult)
    assert isinstance(structure_summarize({"id": "x"}), SummaryResult)


def test_gist_partial_and_analyze() -> None:
    gist = structure(GIST, GistResult)
    assert gist.topics == ["Shopping Vlog Lifestyle", "Minimalism Lifestyle"]
    assert gist.hashtags == ["#BlackFriday", "#Vlog"]
    only_title = structure({"id": "g", "title": "T", "usage": USAGE}, GistResult)
    assert only_title.topics is None and only_title.hashtags is None
    analyze = structure(ANALYZE, AnalyzeResult)
    assert analyze.data == "1. Vlog\n2. Minnesota"
    assert analyze.usage is not None and analyze.usage.output_tokens == 100
    assert analyze.finish_reason is None


# --------------------------------------------------------------------------------------------------------
# transfers
# --------------------------------------------------------------------------------------------------------


def test_import_result_status_and_logs() -> None:
    result = structure(IMPORT_RESULT, ImportResult)
    assert result.videos[0].video_id == "66fcee250f9f7bcce21915a2"
    assert result.failed_files[0].error_message == "The video is too big."
    status = structure(IMPORT_STATUS, ImportStatus)
    assert status.not_imported == ["NEW_VIDEO_1.mp4", "NEW_VIDEO_2.mp4"]
    assert status.ready[0].created_at == datetime(2024, 9, 24, 13, 22, tzinfo=UTC)
    assert status.validating == [] and status.indexing == []
    assert status.failed[0].error_message == "The file is not a valid video file."
    logs = structure({"data": [IMPORT_LOG, {**IMPORT_LOG, "ended_at": None}]}, ImportLogs)
    assert logs.data[0].video_status is not None and logs.data[0].video_status.failed == 6
    assert not logs.data[0].is_running
    assert logs.data[1].is_running


# --------------------------------------------------------------------------------------------------------
# unknown fields, leniency, errors
# --------------------------------------------------------------------------------------------------------


def test_unknown_fields_kept_in_extra_at_every_level() -> None:
    body = copy.deepcopy(VIDEO)
    body["source_asset"] = "a1"
    body["hls"]["bitrate"] = 3000
    body["embedding"]["video_embedding"]["segments"][0]["rank"] = 2
    video = structure(body, Video)
    assert video.extra == {"source_asset": "a1"}
    assert video.hls is not None and video.hls.extra == {"bitrate": 3000}
    assert video.embedding is not None and video.embedding.video_embedding is not None
    assert video.embedding.video_embedding.segments[0].extra == {"rank": 2}
    assert video.embedding.extra == {}
    # extra is merged back on the way out, and takes no part in == or repr.
    wire = unstructure(video)
    assert wire["source_asset"] == "a1" and wire["hls"]["bitrate"] == 3000
    assert video == structure(VIDEO, Video)
    assert "source_asset" not in repr(video)


def test_known_field_wins_over_extra_on_unstructure() -> None:
    index = Index(id="i1", index_name="real", extra={"index_name": "stale", "other": 1})
    assert unstructure(index) == {"_id": "i1", "index_name": "real", "other": 1, "models": [], "addons": []}


def test_numbers_keep_their_value() -> None:
    # A float field reads an int as a float, as the official SDK's pydantic models do (video_count is a float
    # there): printed values match ("12.0").
    index = structure({**INDEX, "video_count": 12, "total_duration": 8716}, Index)
    assert repr(index.video_count) == "12.0"
    assert index.total_duration == 8716 and isinstance(index.total_duration, float)
    # A fraction where an int is documented is kept as sent, never truncated; a whole float is an int.
    meta = structure({"width": 854.5, "height": 480.0}, models.TaskSystemMetadata)
    assert meta.width == 854.5
    assert meta.height == 480 and isinstance(meta.height, int)
    # A number sent as a numeric string is read as that number, as the official SDK's models read it.
    numeric = structure({**INDEX, "video_count": "7", "total_duration": "12.5"}, Index)
    assert (numeric.video_count, numeric.total_duration) == (7, 12.5)
    assert structure({"width": "854"}, models.TaskSystemMetadata).width == 854


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"_id": None}, r"Index: expected a string, got null"),
        ({"_id": 123}, r"Index: expected a string, got int: 123"),
        ({"index_name": ["x"]}, r"Index: expected a string, got list"),
        ({"video_count": "abc"}, r"Index: expected a number, got str: 'abc'"),
        ({"video_count": True}, r"Index: expected a number, got bool"),
        ({"created_at": 1704798680}, r"Index: expected a string, got int"),
        ({"total_duration": "NaN"}, r"Index: expected a number, got str"),
        ({"total_duration": {}}, r"Index: expected a number, got dict"),
    ],
)
def test_values_of_the_wrong_kind_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ModelDecodeError, match=message):
        structure({**INDEX, **change}, Index)


def test_values_of_the_wrong_kind_are_refused_in_nested_models_too() -> None:
    with pytest.raises(ModelDecodeError, match="Task: expected a string, got int"):
        structure({**TASK, "status": 3}, Task)
    with pytest.raises(ModelDecodeError, match="Task: TaskSystemMetadata: expected an integer, got bool"):
        structure({**TASK, "system_metadata": {"width": True}}, Task)


def test_a_refused_value_is_shown_cut() -> None:
    with pytest.raises(ModelDecodeError) as info:
        structure({**INDEX, "video_count": "z" * 10_000}, Index)
    assert len(str(info.value)) < 200


def test_null_lists_become_empty() -> None:
    index = structure({**INDEX, "models": None, "addons": None}, Index)
    assert index.models == [] and index.addons == []


@pytest.mark.parametrize(
    ("cls", "body", "message"),
    [
        (Index, {"index_name": "x"}, r"Index: required field '_id' is missing"),
        (Index, ["not", "an", "object"], r"Index: expected a JSON object, got list"),
        (Task, {**TASK, "hls": "oops"}, r"Task: Hls: expected a JSON object, got str"),
        (EmbedTask, {"_id": "e1", "created_at": "yesterday"}, r"EmbedTask: invalid RFC 3339 timestamp: 'yesterday'"),
        (Index, {**INDEX, "models": "marengo"}, r"Index: expected a JSON array, got str"),
        (IndexPage, {"data": [{"index_name": "x"}]}, r"IndexPage: Index: required field '_id'"),
    ],
)
def test_decode_errors_name_the_model(cls: type[Any], body: Any, message: str) -> None:
    with pytest.raises(ModelDecodeError, match=message):
        structure(body, cls)


def test_empty_timestamp_reads_as_absent() -> None:
    # Where the official SDK gives a datetime; where it gives the string, the string is kept as it came.
    assert structure({"_id": "e1", "updated_at": ""}, EmbedTask).updated_at is None
    assert structure({**TASK, "updated_at": ""}, Task).updated_at == ""


def test_string_timestamps_are_kept_as_sent() -> None:
    # As in the official SDK: no parsing, so an odd value (a date only, an offset) is neither refused nor changed.
    task = structure({**TASK, "created_at": "2024-03-01", "updated_at": "2024-03-01T10:00:00+02:00"}, Task)
    assert (task.created_at, task.updated_at) == ("2024-03-01", "2024-03-01T10:00:00+02:00")
    assert unstructure(task)["updated_at"] == "2024-03-01T10:00:00+02:00"
    assert parse_datetime(task.updated_at) == datetime(2024, 3, 1, 8, tzinfo=UTC)
    assert parse_datetime(None) is None


def test_models_are_frozen() -> None:
    task = structure(TASK, Task)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        task.status = "failed"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------------
# strict mode
# --------------------------------------------------------------------------------------------------------


def test_strict_refuses_unknown_top_level_key() -> None:
    with pytest.raises(ForbiddenExtraKeysError, match="new_field"):
        structure_strict({**INDEX, "new_field": 1}, Index)


def test_strict_refuses_unknown_nested_key() -> None:
    body = copy.deepcopy(SEARCH_PAGE)
    body["data"][1]["novelty"] = 3
    with pytest.raises(ForbiddenExtraKeysError) as info:
        structure_strict(body, SearchPage)
    assert info.value.extra_fields == {"novelty"}
    assert info.value.cl is SearchClip


@pytest.mark.parametrize(
    ("cls", "body"),
    [
        (Index, {**INDEX, "video_count": "12"}),
        (Task, {**TASK, "system_metadata": {"width": 854.5}}),
        (Index, {**INDEX, "addons": None}),
    ],
)
def test_strict_refuses_wrong_json_types(cls: type[Any], body: dict[str, Any]) -> None:
    structure(body, cls)  # lenient mode accepts it
    with pytest.raises(ModelDecodeError):
        structure_strict(body, cls)


def test_strict_accepts_int_for_float() -> None:
    assert structure_strict({**INDEX, "total_duration": 8716}, Index).total_duration == 8716


# --------------------------------------------------------------------------------------------------------
# timestamps
# --------------------------------------------------------------------------------------------------------

TIMESTAMPS = [
    ("2024-01-09T11:11:20Z", datetime(2024, 1, 9, 11, 11, 20, tzinfo=UTC)),
    ("2024-01-09T11:11:20.463Z", datetime(2024, 1, 9, 11, 11, 20, 463000, tzinfo=UTC)),
    ("2024-01-09T11:11:20.4Z", datetime(2024, 1, 9, 11, 11, 20, 400000, tzinfo=UTC)),
    ("2024-01-09T11:11:20.123456Z", datetime(2024, 1, 9, 11, 11, 20, 123456, tzinfo=UTC)),
    ("2024-01-09T11:11:20.123456789Z", datetime(2024, 1, 9, 11, 11, 20, 123456, tzinfo=UTC)),
    ("2024-01-09t11:11:20z", datetime(2024, 1, 9, 11, 11, 20, tzinfo=UTC)),
    ("2024-01-09T11:11:20+00:00", datetime(2024, 1, 9, 11, 11, 20, tzinfo=UTC)),
    (
        "2024-01-09T20:11:20.5+09:00",
        datetime(2024, 1, 9, 20, 11, 20, 500000, tzinfo=timezone(timedelta(hours=9))),
    ),
    (
        "2024-01-09T05:41:20-05:30",
        datetime(2024, 1, 9, 5, 41, 20, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
    ),
    ("2024-01-09T11:11:20", datetime(2024, 1, 9, 11, 11, 20, tzinfo=UTC)),
]


@pytest.mark.parametrize(("text", "expected"), TIMESTAMPS, ids=[t for t, _ in TIMESTAMPS])
def test_parse_datetime(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()
    # The regex fallback (what Python 3.10 uses for "Z" and odd fraction lengths) agrees.
    slow = _parse_datetime_slow(text)
    assert slow == expected and slow.utcoffset() == expected.utcoffset()


def test_parse_datetime_on_python_310_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate 3.10: ``fromisoformat`` refuses "Z" and fractions other than 3 or 6 digits."""
    import re

    from twelvelabs_async.models import _base

    strict_iso = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6})?([+-]\d\d:\d\d)?")
    real = datetime.fromisoformat

    def fromisoformat_310(value: str) -> datetime:
        if not strict_iso.fullmatch(value):
            raise ValueError(f"Invalid isoformat string: {value!r}")
        return real(value)

    monkeypatch.setattr(_base, "_NATIVE_Z", False)
    monkeypatch.setattr(_base, "_fromisoformat", fromisoformat_310)
    for text, expected in TIMESTAMPS:
        parsed = _base.parse_datetime(text)
        assert parsed == expected and parsed.utcoffset() == expected.utcoffset(), text


@pytest.mark.parametrize("bad", ["", "yesterday", "2024-13-01T00:00:00Z", "2024-01-09T25:00:00Z", 1704798680])
def test_parse_datetime_rejects_garbage(bad: Any) -> None:
    with pytest.raises(ModelDecodeError):
        parse_datetime(bad)


def test_format_datetime() -> None:
    assert format_datetime(datetime(2024, 1, 9, 11, 11, 20, tzinfo=UTC)) == "2024-01-09T11:11:20Z"
    assert format_datetime(datetime(2024, 1, 9, 11, 11, 20, 463000, tzinfo=UTC)) == "2024-01-09T11:11:20.463Z"
    assert format_datetime(datetime(2024, 1, 9, 11, 11, 20, 463001, tzinfo=UTC)) == "2024-01-09T11:11:20.463001Z"
    nine = timezone(timedelta(hours=9))
    assert format_datetime(datetime(2024, 1, 9, 20, 11, 20, tzinfo=nine)) == "2024-01-09T11:11:20Z"
    assert format_datetime(datetime(2024, 1, 9, 11, 11, 20)) == "2024-01-09T11:11:20Z"


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(9998, 12, 30),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=9)), timezone(-timedelta(hours=3, minutes=30))]),
    )
)
def test_datetime_round_trip(value: datetime) -> None:
    text = format_datetime(value)
    assert text.endswith("Z")
    assert parse_datetime(text) == value
    assert _parse_datetime_slow(text) == value


# --------------------------------------------------------------------------------------------------------
# stream events
# --------------------------------------------------------------------------------------------------------


def test_stream_events() -> None:
    start = parse_stream_event({"event_type": "stream_start", "metadata": {"generation_id": "g-1"}})
    text = parse_stream_event({"event_type": "text_generation", "text": "light-hearted moments"})
    end = parse_stream_event(
        {"event_type": "stream_end", "metadata": {"generation_id": "g-1", "usage": {"output_tokens": 12}}}
    )
    assert start == StreamStart(generation_id="g-1")
    assert start.event_type == "stream_start"
    assert text == TextGeneration(text="light-hearted moments")
    assert isinstance(end, StreamEnd)
    assert end.generation_id == "g-1"
    assert end.usage == Usage(output_tokens=12)
    assert end.finish_reason is None


def test_stream_unknown_and_malformed_events() -> None:
    raw = {"event_type": "tool_call", "name": "x"}
    unknown = parse_stream_event(raw)
    assert unknown == UnknownStreamEvent(event_type="tool_call", raw=raw)
    no_type = parse_stream_event({"text": "hi"})
    assert isinstance(no_type, UnknownStreamEvent) and no_type.event_type is None
    assert parse_stream_event({"event_type": 7}) == UnknownStreamEvent(event_type=None, raw={"event_type": 7})
    assert parse_stream_event({"event_type": "text_generation"}) == TextGeneration(text="")
    assert parse_stream_event({"event_type": "text_generation", "text": None}) == TextGeneration(text="")
    start = parse_stream_event({"event_type": "stream_start", "metadata": None})
    assert start == StreamStart(generation_id=None)


def test_stream_events_keep_unknown_keys() -> None:
    text = parse_stream_event({"event_type": "text_generation", "text": "a", "index": 3})
    assert isinstance(text, TextGeneration) and text.extra == {"index": 3}
    end = parse_stream_event(
        {
            "event_type": "stream_end",
            "metadata": {"generation_id": "g", "usage": {"output_tokens": 5, "input_tokens": 9, "cached": 1}},
            "finish_reason": "length",
            "trace": "t",
        }
    )
    assert isinstance(end, StreamEnd)
    assert end.finish_reason == "length"
    assert end.usage == Usage(output_tokens=5, input_tokens=9)
    assert end.usage is not None and end.usage.extra == {"cached": 1}
    assert end.extra == {"trace": "t"}


def test_stream_event_metadata_is_an_object_as_in_the_official_sdk() -> None:
    start = parse_stream_event({"event_type": "stream_start", "metadata": {"generation_id": "g-1", "region": "us"}})
    assert isinstance(start, StreamStart) and start.metadata is not None
    assert start.metadata.generation_id == "g-1" and start.metadata.extra == {"region": "us"}
    end = parse_stream_event(
        {"event_type": "stream_end", "metadata": {"generation_id": "g-1", "usage": {"output_tokens": 12}, "x": 1}}
    )
    assert isinstance(end, StreamEnd) and end.metadata is not None
    assert end.metadata.usage is not None and end.metadata.usage.output_tokens == 12
    assert end.metadata.usage is end.usage and end.metadata.extra == {"x": 1}
    # unknown metadata keys come back on the way out
    assert unstructure(end)["metadata"] == {"generation_id": "g-1", "usage": {"output_tokens": 12}, "x": 1}
    assert unstructure(start)["metadata"] == {"generation_id": "g-1", "region": "us"}
    # no metadata: None, as the official SDK gives it; the top-level conveniences stay None too
    bare = parse_stream_event({"event_type": "stream_end"})
    assert isinstance(bare, StreamEnd) and bare.metadata is None and bare.usage is None
    top_level = parse_stream_event({"event_type": "stream_end", "usage": {"output_tokens": 3}})
    assert isinstance(top_level, StreamEnd) and top_level.usage == Usage(output_tokens=3)


def test_models_pickle_with_their_extra() -> None:
    import pickle

    video = structure({**VIDEO, "new_field": [1]}, Video)
    again = pickle.loads(pickle.dumps(video))
    assert again == video and again.extra == {"new_field": [1]}
    assert again.embedding is not None and again.embedding.video_embedding is not None
    assert again.embedding.video_embedding.segments[0].float_ == [-0.04747168, 0.030509098, 0.032282468]
    end = parse_stream_event({"event_type": "stream_end", "metadata": {"generation_id": "g", "usage": USAGE}})
    assert pickle.loads(pickle.dumps(end)) == end


def test_stream_events_through_the_converter() -> None:
    union: Any = StreamEvent
    line = {"event_type": "stream_end", "metadata": {"generation_id": "g", "usage": {"output_tokens": 3}}}
    event = structure(line, union)
    assert isinstance(event, StreamEnd)
    assert unstructure(event) == line
    assert structure(unstructure(event), StreamEnd) == event
    text_line = {"event_type": "text_generation", "text": "x", "index": 1}
    assert unstructure(parse_stream_event(text_line)) == text_line
    with pytest.raises(ModelDecodeError, match="StreamStart"):
        structure(line, StreamStart)


# --------------------------------------------------------------------------------------------------------
# the package surface
# --------------------------------------------------------------------------------------------------------


def test_all_exports_exist_and_every_model_decodes_an_empty_or_id_only_body() -> None:
    assert len(models.__all__) == len(set(models.__all__))
    for name in models.__all__:
        obj = getattr(models, name)
        if isinstance(obj, type) and issubclass(obj, Model) and obj is not Model:
            required = [a for a in attrs.fields(obj) if a.default is attrs.NOTHING]
            hints = typing.get_type_hints(obj)
            samples = {int: 1, float: 1.5, bool: True}
            body = {"_id" if a.metadata else a.name: samples.get(hints[a.name], "x") for a in required}
            if isinstance(getattr(obj, "event_type", None), str):  # a stream event: its type chooses the class
                body["event_type"] = obj.event_type
            decoded = structure(body, obj)
            assert isinstance(decoded, obj), name
            assert structure(unstructure(decoded), obj) == decoded, name


def test_converter_api() -> None:
    assert _converter.converter is not _converter.strict_converter
    fresh = _converter.make_converter()
    assert fresh.structure(TASK, Task) == structure(TASK, Task)
    assert structure([TASK, TASK], list[Task])[1].id == TASK["_id"]


def test_mappings_and_tuples_are_accepted() -> None:
    from types import MappingProxyType

    body = MappingProxyType({**INDEX, "models": ({"model_name": "marengo2.7", "model_options": ("visual",)},)})
    index = structure(body, Index)
    assert index.models == [IndexModel("marengo2.7", ["visual"])]
    assert isinstance(index.models, list) and isinstance(index.models[0].model_options, list)


def test_empty_string_for_an_object_is_an_error() -> None:
    with pytest.raises(ModelDecodeError, match="Task: Hls: expected a JSON object, got str"):
        structure({**TASK, "hls": ""}, Task)


def test_benchmark_page_decodes() -> None:
    """The benchmark's page is a valid search page (its timing lives in benchmarks/, never in a test)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "decode_search_page.py"
    spec = importlib.util.spec_from_file_location("decode_search_page", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    page = bench.make_page()
    assert len(structure(page, SearchPage).clips) == 50
