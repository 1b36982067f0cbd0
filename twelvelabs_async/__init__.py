"""twelvelabs_async: an asyncio-first client for the Twelve Labs video understanding API (v1.3).

    from twelvelabs_async import AsyncTwelveLabs

    async with AsyncTwelveLabs(api_key="tlk_...") as client:
        async for index in client.indexes.list():
            print(index.id, index.index_name)

Errors live in ``twelvelabs_async.errors`` (the common ones are importable from here too), response models in
``twelvelabs_async.models``, the local emulator in ``twelvelabs_async.emulator``. The official SDK's import paths
work too, with ``twelvelabs`` replaced by ``twelvelabs_async``: ``from twelvelabs_async.types import IndexSchema``,
``from twelvelabs_async.indexes import IndexesCreateRequestModelsItem``, ``from twelvelabs_async import Index`` ...

Names are imported on first use, so ``import twelvelabs_async`` stays cheap (aiohttp alone takes a large share
of a cold start) and the code generator can run while the generated modules are missing or stale.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from twelvelabs_async._version import __version__

if TYPE_CHECKING:
    from twelvelabs_async._analysis_waiting import AnalyzeTaskWaiter, BatchOutcome
    from twelvelabs_async._batch_run import BatchItemOutcome, BatchRun, BatchRunProgress
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async._config import RequestOptions
    from twelvelabs_async._errors import (
        APIConnectionError,
        APIResponseError,
        APIStatusError,
        APITimeoutError,
        ArgumentError,
        ArgumentTypeError,
        AuthenticationError,
        BadRequestError,
        ConfigurationError,
        ConflictError,
        ContentTooLargeError,
        EndpointRemovedError,
        GoneError,
        InternalServerError,
        MissingFileError,
        NotFoundError,
        PermissionDeniedError,
        PreflightError,
        RateLimitError,
        StreamError,
        TaskFailedError,
        TwelveLabsError,
        UnprocessableEntityError,
        UploadError,
        UploadUnconfirmedError,
        WaitTimeoutError,
        WebhookVerificationError,
    )
    from twelvelabs_async._files import FileInput
    from twelvelabs_async._item_stream import ItemStream
    from twelvelabs_async._pagination import AsyncPager
    from twelvelabs_async._response_stream import ResponseStream
    from twelvelabs_async._streaming import AnalyzeStream
    from twelvelabs_async._transport import RateLimitInfo
    from twelvelabs_async._uploads import UploadEvent, UploadOutcome
    from twelvelabs_async._waiters import StatusWaiter, TaskWaiter
    from twelvelabs_async.models import VideoContext
    from twelvelabs_async.sync import TwelveLabs

_LAZY: dict[str, str] = {
    "AsyncTwelveLabs": "twelvelabs_async._client",
    "RequestOptions": "twelvelabs_async._config",
    "FileInput": "twelvelabs_async._files",
    "AsyncPager": "twelvelabs_async._pagination",
    "AnalyzeStream": "twelvelabs_async._streaming",
    "ItemStream": "twelvelabs_async._item_stream",
    "RateLimitInfo": "twelvelabs_async._transport",
    "TwelveLabs": "twelvelabs_async.sync",
    "UploadEvent": "twelvelabs_async._uploads",
    "UploadOutcome": "twelvelabs_async._uploads",
    "TaskWaiter": "twelvelabs_async._waiters",
    "ResponseStream": "twelvelabs_async._response_stream",  # issue 14: /responses
    "StatusWaiter": "twelvelabs_async._waiters",  # issue 14: what knowledge_store_items.wait_many returns
    "VideoContext": "twelvelabs_async.models",
    "AnalyzeTaskWaiter": "twelvelabs_async._analysis_waiting",
    "BatchOutcome": "twelvelabs_async._analysis_waiting",
    "BatchItemOutcome": "twelvelabs_async._batch_run",
    "BatchRun": "twelvelabs_async._batch_run",
    "BatchRunProgress": "twelvelabs_async._batch_run",
    **{
        name: "twelvelabs_async._errors"
        for name in (
            "APIConnectionError",
            "APIResponseError",
            "APIStatusError",
            "APITimeoutError",
            "ArgumentError",
            "ArgumentTypeError",
            "AuthenticationError",
            "BadRequestError",
            "ConfigurationError",
            "ConflictError",
            "ContentTooLargeError",
            "EndpointRemovedError",
            "GoneError",
            "InternalServerError",
            "MissingFileError",
            "NotFoundError",
            "PermissionDeniedError",
            "PreflightError",
            "RateLimitError",
            "StreamError",
            "TaskFailedError",
            "TwelveLabsError",
            "UnprocessableEntityError",
            "UploadError",
            "UploadUnconfirmedError",
            "WaitTimeoutError",
            "WebhookVerificationError",
        )
    },
}

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AnalyzeStream",
    "AnalyzeTaskWaiter",
    "ArgumentError",
    "ArgumentTypeError",
    "AsyncPager",
    "AsyncTwelveLabs",
    "AuthenticationError",
    "BadRequestError",
    "BatchItemOutcome",
    "BatchOutcome",
    "BatchRun",
    "BatchRunProgress",
    "ConfigurationError",
    "ConflictError",
    "ContentTooLargeError",
    "EndpointRemovedError",
    "FileInput",
    "GoneError",
    "InternalServerError",
    "ItemStream",
    "MissingFileError",
    "NotFoundError",
    "PermissionDeniedError",
    "PreflightError",
    "RateLimitError",
    "RateLimitInfo",
    "RequestOptions",
    "ResponseStream",
    "StatusWaiter",
    "StreamError",
    "TaskFailedError",
    "TaskWaiter",
    "TwelveLabs",
    "TwelveLabsError",
    "UnprocessableEntityError",
    "UploadError",
    "UploadEvent",
    "UploadOutcome",
    "UploadUnconfirmedError",
    "VideoContext",
    "WaitTimeoutError",
    "WebhookVerificationError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    elif name.startswith("_"):
        raise AttributeError(f"module 'twelvelabs_async' has no attribute {name!r}")
    else:
        # The official SDK's top-level names (`from twelvelabs import IndexSchema`) and subpackages
        # (`twelvelabs.indexes`): their table loads with the first name this module does not define itself.
        from twelvelabs_async._official_names import resolve
        from twelvelabs_async._official_top import TARGETS

        value = resolve(__name__, TARGETS, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
