"""Response models of the Twelve Labs API v1.3: attrs classes (frozen, slots, keyword-only).

``VideoContext`` is an input (what ``analyze(video=...)`` takes), not a response.

Decode a parsed JSON body with ``twelvelabs_async._converter.structure(data, Model)``. Wire ``_id`` is
exposed as ``id`` and wire ``float`` (embedding vectors) as ``embedding``; timestamps are timezone-aware
``datetime``; fields the API may omit default to ``None`` (lists to ``[]``); wire keys a model does not know
are kept in its ``extra`` dict; enum-like fields (``status``, ``confidence``, ...) are plain ``str``.
"""

from ._base import Model, ModelDecodeError, format_datetime, parse_datetime
from .common import PageInfo, Usage
from .embed import (
    EMBED_TASK_STATUSES,
    TERMINAL_EMBED_TASK_STATUSES,
    EmbeddingMetadata,
    EmbeddingResponse,
    EmbeddingSegment,
    EmbedTask,
    EmbedTaskCreated,
    EmbedTaskPage,
    EmbedTaskStatus,
    EmbedTaskStatusValue,
    MediaEmbedding,
    TextEmbedding,
    VideoEmbeddingMetadata,
    VideoEmbeddingResult,
)
from .generate import (
    STREAM_EVENT_TYPES,
    AnalyzeResult,
    AnalyzeTaskError,
    Chapter,
    ChaptersResult,
    GistResult,
    Highlight,
    HighlightsResult,
    StreamEnd,
    StreamEvent,
    StreamStart,
    SummarizeResult,
    SummarizeType,
    SummaryResult,
    TextGeneration,
    UnknownStreamEvent,
    parse_stream_event,
)
from .indexes import Index, IndexCreated, IndexModel, IndexPage
from .inputs import VideoContext, VideoSourceType
from .search import (
    SEARCH_CONFIDENCES,
    SearchClip,
    SearchConfidence,
    SearchItem,
    SearchPage,
    SearchPageInfo,
    SearchPool,
    SearchVideoGroup,
)
from .tasks import (
    HLS_STATUSES,
    TASK_STATUSES,
    TERMINAL_TASK_STATUSES,
    Hls,
    HlsStatus,
    Task,
    TaskCreated,
    TaskPage,
    TaskStatus,
    TaskSystemMetadata,
)
from .transfers import (
    FailedFile,
    FailedImport,
    ImportedVideo,
    ImportLog,
    ImportLogs,
    ImportResult,
    ImportStatus,
    ImportStatusVideo,
    ImportVideoStatusCounts,
)
from .videos import (
    TranscriptionSegment,
    Video,
    VideoEmbedding,
    VideoEmbeddingSegments,
    VideoPage,
    VideoSegment,
    VideoSummary,
    VideoSystemMetadata,
)

__all__ = [
    # base
    "Model",
    "ModelDecodeError",
    "format_datetime",
    "parse_datetime",
    # common
    "PageInfo",
    "Usage",
    # inputs
    "VideoContext",
    "VideoSourceType",
    # indexes
    "Index",
    "IndexCreated",
    "IndexModel",
    "IndexPage",
    # tasks
    "HLS_STATUSES",
    "TASK_STATUSES",
    "TERMINAL_TASK_STATUSES",
    "Hls",
    "HlsStatus",
    "Task",
    "TaskCreated",
    "TaskPage",
    "TaskStatus",
    "TaskSystemMetadata",
    # transfers
    "FailedFile",
    "FailedImport",
    "ImportLog",
    "ImportLogs",
    "ImportResult",
    "ImportStatus",
    "ImportStatusVideo",
    "ImportVideoStatusCounts",
    "ImportedVideo",
    # videos
    "TranscriptionSegment",
    "Video",
    "VideoEmbedding",
    "VideoEmbeddingSegments",
    "VideoPage",
    "VideoSegment",
    "VideoSummary",
    "VideoSystemMetadata",
    # search
    "SEARCH_CONFIDENCES",
    "SearchClip",
    "SearchConfidence",
    "SearchItem",
    "SearchPage",
    "SearchPageInfo",
    "SearchPool",
    "SearchVideoGroup",
    # embed
    "EMBED_TASK_STATUSES",
    "TERMINAL_EMBED_TASK_STATUSES",
    "EmbedTask",
    "EmbedTaskCreated",
    "EmbedTaskPage",
    "EmbedTaskStatus",
    "EmbedTaskStatusValue",
    "EmbeddingMetadata",
    "EmbeddingResponse",
    "EmbeddingSegment",
    "MediaEmbedding",
    "TextEmbedding",
    "VideoEmbeddingMetadata",
    "VideoEmbeddingResult",
    # generate
    "STREAM_EVENT_TYPES",
    "AnalyzeResult",
    "AnalyzeTaskError",
    "Chapter",
    "ChaptersResult",
    "GistResult",
    "Highlight",
    "HighlightsResult",
    "StreamEnd",
    "StreamEvent",
    "StreamStart",
    "SummarizeResult",
    "SummarizeType",
    "SummaryResult",
    "TextGeneration",
    "UnknownStreamEvent",
    "parse_stream_event",
]
