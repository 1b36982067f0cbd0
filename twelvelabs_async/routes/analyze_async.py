"""Asynchronous and batch analysis: `client.analyze_async.tasks` and `client.analyze_async.batches`.

An analyze task answers 202 at once and runs in the background (videos up to 2 hours, or a window of up to 2
hours of a 4-hour video); poll it (`tasks.wait_for_done`, `tasks.wait_many`) or receive a webhook. A batch runs up
to 1,000 analyses of uploaded assets as one, at most 5 batches active per account (`batches.run` splits and paces
larger sets); its results are a JSON-lines stream.

`POST /analyze/tasks` is made safe to retry with an `Idempotency-Key` header (the spec mentions it in the
`custom_id` description without declaring it): the funnel mints one key per call, or sends the caller's. Where the
official SDK 1.3.6 is ahead of the 2026-07 spec (`tasks.cancel`, `image` inputs, `pegasus1.6`, `canceled`,
`max_tokens='unlimited'`), this module follows 1.3.6: those are what the service now accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from twelvelabs_async._analysis_shapes import (
    ASYNC_RESPONSE_FORMAT,
    BATCH_DEFAULTS,
    BATCH_REQUESTS,
    MAX_TOKENS,
    check_custom_id,
    check_idempotency_key,
)
from twelvelabs_async._errors import ArgumentError
from twelvelabs_async._route_spec import Body, In, Kind, Paging, Param, Route, Streaming
from twelvelabs_async._shapes import ANALYZE_IMAGES, PROMPT_V2, VIDEO_CONTEXT
from twelvelabs_async.routes._common import page, page_limit, path_id

if TYPE_CHECKING:
    from twelvelabs_async.models import (
        AnalyzeBatch,
        AnalyzeBatchCreated,
        AnalyzeBatchPage,
        AnalyzeTask,
        AnalyzeTaskCanceled,
        AnalyzeTaskCreated,
        AnalyzeTaskPage,
        BatchResultItem,
    )

TASK_MODELS = ("pegasus1.6", "pegasus1.5")
BATCH_MODELS = ("pegasus1.5",)
ANALYSIS_MODES = ("general", "time_based_metadata")
TASK_STATUSES = ("queued", "pending", "processing", "ready", "failed", "canceled")
BATCH_STATUSES = ("pending", "processing", "canceling", "canceled", "completed", "expired")
IDEMPOTENCY_HEADER = "Idempotency-Key"
MIN_SEGMENT_SECONDS = 2.0


def _checked(check: Any, name: str, args: Mapping[str, Any]) -> tuple[str, str] | None:
    value = args.get(name)
    if value is None:
        return None
    try:
        check(name, value)
    except ArgumentError as exc:
        return name, exc.reason
    return None


def _custom_id_rule(args: Mapping[str, Any]) -> tuple[str, str] | None:
    return _checked(check_custom_id, "custom_id", args)


def _idempotency_key_rule(args: Mapping[str, Any]) -> tuple[str, str] | None:
    return _checked(check_idempotency_key, "idempotency_key", args)


def _window_rules(args: Mapping[str, Any]) -> tuple[str, str] | None:
    start, end = args.get("start_time"), args.get("end_time")
    if start is not None and end is not None and end <= start:
        return "end_time", "must be greater than start_time"
    low, high = args.get("min_segment_duration"), args.get("max_segment_duration")
    if low is not None and high is not None and high < low:
        return "max_segment_duration", "must be greater than or equal to min_segment_duration"
    return None


def _mode_rules(args: Mapping[str, Any]) -> tuple[str, str] | None:
    """The documented pairing of analysis modes, prompts and response formats."""
    mode = args.get("analysis_mode")
    prompted = args.get("prompt") is not None or args.get("prompt_v_2") is not None
    fmt = args.get("response_format")
    if mode == "time_based_metadata":
        if prompted:
            return "prompt", "is not supported with analysis_mode='time_based_metadata' (segment definitions drive it)"
        if fmt is None or fmt.get("type") != "segment_definitions":
            return "response_format", "analysis_mode='time_based_metadata' needs segment definitions"
    elif mode in (None, "general"):
        if not prompted:
            return "prompt", "general analysis needs a prompt (or prompt_v_2)"
        if fmt is not None and fmt.get("type") == "segment_definitions":
            return "response_format", "segment definitions need analysis_mode='time_based_metadata'"
    if args.get("image") is not None and args.get("prompt_v_2") is not None:
        return "prompt_v_2", "does not go with image inputs: give prompt"
    return None


def _task_params() -> tuple[Param, ...]:
    return (
        Param(
            "model_name",
            Kind.STR,
            In.BODY,
            "The Pegasus model (the API picks its default, pegasus1.5, when omitted).",
            choices=TASK_MODELS,
        ),
        Param(
            "custom_id",
            Kind.STR,
            In.BODY,
            "Your identifier for the task, returned with it and in its webhooks (1 to 64 of A-Z, a-z, 0-9, `-`, "
            "`_`; not unique: use `idempotency_key` against duplicates).",
        ),
        Param("video", Kind.JSON, In.BODY, "The video to analyze. " + VIDEO_CONTEXT.doc, shape=VIDEO_CONTEXT),
        Param(
            "image",
            Kind.JSON,
            In.BODY,
            "Images to analyze instead of a video (pegasus1.6, with `prompt`). " + ANALYZE_IMAGES.doc,
            shape=ANALYZE_IMAGES,
        ),
        Param("prompt", Kind.STR, In.BODY, "Instructions for the model, or a question (general analysis)."),
        Param(
            "prompt_v_2",
            Kind.JSON,
            In.BODY,
            "A structured prompt with `<@name>` image placeholders. " + PROMPT_V2.doc,
            wire_name="prompt_v2",
            shape=PROMPT_V2,
        ),
        Param(
            "analysis_mode",
            Kind.STR,
            In.BODY,
            "`general` (text from a prompt) or `time_based_metadata` (segments from segment definitions).",
            choices=ANALYSIS_MODES,
            server_default="general",
        ),
        Param(
            "temperature",
            Kind.FLOAT,
            In.BODY,
            "Randomness of the text; higher is more varied.",
            minimum=0.0,
            maximum=1.0,
            server_default=0.2,
        ),
        Param(
            "max_tokens",
            Kind.JSON,
            In.BODY,
            "The longest answer, in tokens (general: 512 to 98,304; segmentation: 2,048 to 98,304). "
            + MAX_TOKENS.doc,
            shape=MAX_TOKENS,
        ),
        Param(
            "response_format",
            Kind.JSON,
            In.BODY,
            "Structured output. " + ASYNC_RESPONSE_FORMAT.doc,
            shape=ASYNC_RESPONSE_FORMAT,
        ),
        Param(
            "min_segment_duration",
            Kind.FLOAT,
            In.BODY,
            "Shortest segment, in seconds (segmentation).",
            minimum=MIN_SEGMENT_SECONDS,
        ),
        Param(
            "max_segment_duration",
            Kind.FLOAT,
            In.BODY,
            "Longest segment, in seconds (segmentation); longer sections are split.",
            minimum=MIN_SEGMENT_SECONDS,
        ),
        Param("start_time", Kind.FLOAT, In.BODY, "Start of the analysis window, in seconds.", minimum=0.0),
        Param("end_time", Kind.FLOAT, In.BODY, "End of the analysis window, in seconds.", minimum=0.0),
        Param(
            "idempotency_key",
            Kind.STR,
            In.HEADER,
            "Sent as the `Idempotency-Key` header: the API runs a create with a given key once. One is minted for "
            "every call when omitted, so a retry after a lost answer cannot start a second task; give your own to "
            "make a retry across processes safe too.",
            wire_name=IDEMPOTENCY_HEADER,
        ),
    )


analyze_async_tasks_create: Route[AnalyzeTaskCreated] = Route(
    "analyze_async.tasks.create",
    "POST",
    "/analyze/tasks",
    "Start analyzing a video (or images) in the background; returns the task to wait for.",
    params=_task_params(),
    body=Body.JSON,
    success=frozenset({200, 201, 202}),
    idempotent=False,
    idempotency_header=IDEMPOTENCY_HEADER,
    exactly_one_of=(("video", "image"),),
    at_most_one_of=(("prompt", "prompt_v_2"),),
    checks=(_custom_id_rule, _idempotency_key_rule, _window_rules, _mode_rules),
)

analyze_async_tasks_list: Route[AnalyzeTaskPage] = Route(
    "analyze_async.tasks.list",
    "GET",
    "/analyze/tasks",
    "List analysis tasks, newest first.",
    page_item="AnalyzeTask",
    paging=Paging.PAGE_NUMBER,
    params=(
        page(),
        page_limit(),
        Param("status", Kind.STR, In.QUERY, "Only tasks in this status (one status a request).", choices=TASK_STATUSES),
        Param("video_url", Kind.STR, In.QUERY, "Only tasks of this exact video URL."),
        Param("asset_id", Kind.STR, In.QUERY, "Only tasks of this asset."),
        Param("analysis_mode", Kind.STR, In.QUERY, "Only tasks of this analysis mode.", choices=ANALYSIS_MODES),
    ),
)

analyze_async_tasks_retrieve: Route[AnalyzeTask] = Route(
    "analyze_async.tasks.retrieve",
    "GET",
    "/analyze/tasks/{task_id}",
    "Retrieve an analysis task: its status and, once ready, its result.",
    params=(path_id("task_id", "analysis task"),),
)

analyze_async_tasks_delete: Route[None] = Route(
    "analyze_async.tasks.delete",
    "DELETE",
    "/analyze/tasks/{task_id}",
    "Delete an analysis task (not while it is processing: 409).",
    params=(path_id("task_id", "analysis task"),),
    success=frozenset({200, 204}),
)

analyze_async_tasks_cancel: Route[AnalyzeTaskCanceled] = Route(
    "analyze_async.tasks.cancel",
    "POST",
    "/analyze/tasks/{task_id}/cancel",
    "Cancel an analysis task that is queued, pending or processing (a task of a batch: cancel the batch).",
    notice="In the official SDK 1.3.6, not yet in the 2026-07 spec. Cancelling twice is harmless.",
    params=(path_id("task_id", "analysis task"),),
    success=frozenset({200, 202}),
)

analyze_async_batches_create: Route[AnalyzeBatchCreated] = Route(
    "analyze_async.batches.create",
    "POST",
    "/analyze/batches",
    "Submit up to 1,000 analyses of uploaded assets as one batch (at most 5 active batches per account).",
    params=(
        Param(
            "model_name",
            Kind.STR,
            In.BODY,
            "The model of every item (batches need pegasus1.5).",
            required=True,
            choices=BATCH_MODELS,
        ),
        Param(
            "analysis_mode",
            Kind.STR,
            In.BODY,
            "The analysis mode of every item (one per batch).",
            required=True,
            choices=ANALYSIS_MODES,
        ),
        Param("requests", Kind.JSON, In.BODY, "The analyses. " + BATCH_REQUESTS.doc, required=True,
              shape=BATCH_REQUESTS),
        Param("defaults", Kind.JSON, In.BODY, BATCH_DEFAULTS.doc, shape=BATCH_DEFAULTS),
    ),
    body=Body.JSON,
    success=frozenset({200, 201}),
    idempotent=False,
)

analyze_async_batches_list: Route[AnalyzeBatchPage] = Route(
    "analyze_async.batches.list",
    "GET",
    "/analyze/batches",
    "List batches with their item counts.",
    page_item="AnalyzeBatch",
    paging=Paging.PAGE_NUMBER,
    params=(
        page(),
        page_limit(),
        Param(
            "status",
            Kind.STR_LIST,
            In.QUERY,
            "Only batches in these statuses (each its own query parameter).",
            choices=BATCH_STATUSES,
        ),
        Param("analysis_mode", Kind.STR_LIST, In.QUERY, "Only batches of these analysis modes.",
              choices=ANALYSIS_MODES),
    ),
)

analyze_async_batches_retrieve: Route[AnalyzeBatch] = Route(
    "analyze_async.batches.retrieve",
    "GET",
    "/analyze/batches/{batch_id}",
    "Retrieve a batch: its status and item counts (`completed` means finished, not succeeded).",
    params=(path_id("batch_id", "batch"),),
)

analyze_async_batches_delete: Route[None] = Route(
    "analyze_async.batches.delete",
    "DELETE",
    "/analyze/batches/{batch_id}",
    "Delete a batch and its tasks (only once completed, canceled or expired: 409 before).",
    params=(path_id("batch_id", "batch"),),
    success=frozenset({200, 204}),
)

analyze_async_batches_cancel: Route[AnalyzeBatch] = Route(
    "analyze_async.batches.cancel",
    "POST",
    "/analyze/batches/{batch_id}/cancel",
    "Cancel a batch: queued items are canceled, processing ones finish (`canceling`, then `canceled`).",
    params=(path_id("batch_id", "batch"),),
    success=frozenset({200, 202}),
)

analyze_async_batches_results: Route[BatchResultItem] = Route(
    "analyze_async.batches.results",
    "GET",
    "/analyze/batches/{batch_id}/results",
    "Stream the results of a batch, one item a line (callable while it runs; kept 30 days).",
    params=(path_id("batch_id", "batch"),),
    streaming=Streaming.JSONL_ITEMS,
)
