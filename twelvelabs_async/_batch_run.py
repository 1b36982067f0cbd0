"""``analyze_async.batches.run``: any number of analyses of uploaded assets, through batches, one result each.

The flow:

1. Every request is checked before any I/O (the shapes of ``batches.create``, the analysis mode's rules, unique
   ``custom_id``\\ s) and given a ``custom_id`` when it has none (``r<run token>-<index>``): results come back
   keyed by it, so each input maps to exactly one result.
2. The requests are cut into chunks of at most ``max_batch_size`` (1,000, the API's limit), in order.
3. Chunks are submitted while fewer than ``max_active_batches`` (5, the account's limit) of this run's batches are
   active. A 429 (the account's limit, held by others too, or the request rate) or a 409 naming the active-batch
   limit waits and tries again later; 503 and 504 ("the batch was not created") try again; an answer lost in
   transit (no answer, or another 5xx) first looks for the batch among the account's active batches (by the
   ``custom_id``\\ s of its results) before sending it again, so a batch is not created twice.
4. One polling round lists the account's active batches (one request: the account has at most 5; the engine of
   ``_waiters`` finds the ones that just finished). A batch whose finished-item count moved has its results
   stream read, and every item that became final is handed over at once.
5. When a batch ends (completed, canceled, expired), its results are read again; an item still unfinished is
   reported ``canceled`` (the API cancels what a batch's expiry interrupts) and an item missing from the results
   ``failed``, so nothing is ever dropped. Then its slot takes the next chunk.

Items of a chunk the API refused (400, 404, a 409 for an asset that is not ready, ...) are reported with status
``not_submitted`` and the API's error: they were not analyzed and can be sent again. 401 and 403 are raised, as
no batch could succeed. Transient failures while polling cost a round, never the run; the deadline raises
``WaitTimeoutError``.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from twelvelabs_async._analysis_shapes import MAX_BATCH_REQUESTS, batch_defaults, batch_item
from twelvelabs_async._analysis_waiting import AnalyzeBatchesSource
from twelvelabs_async._config import RequestOptions
from twelvelabs_async._errors import (
    PARAMETER_NOT_PROVIDED,
    APIConnectionError,
    APIStatusError,
    ArgumentError,
    ArgumentTypeError,
    AuthenticationError,
    ConflictError,
    PermissionDeniedError,
    RateLimitError,
    StreamDecodeError,
    StreamIncompleteError,
    StreamLineTooLongError,
    WaitTimeoutError,
)
from twelvelabs_async._retry import is_transient
from twelvelabs_async._waiters import ACCOUNT, Backoff, StatusWatch, check_timeout, notify
from twelvelabs_async.models import (
    TERMINAL_BATCH_ITEM_STATUSES,
    TERMINAL_BATCH_STATUSES,
    AnalyzeBatch,
    AnalyzeBatchCreated,
    AnalyzeTaskResult,
    BatchItemError,
    BatchResultItem,
)

if TYPE_CHECKING:
    from twelvelabs_async.resources.generated.analyze_async import AsyncAnalyzeAsyncBatchesResource

logger = logging.getLogger("twelvelabs_async")

NOT_SUBMITTED = "not_submitted"
MAX_ACTIVE_BATCHES = 5  # the API's limit per account
# Reads of a finished batch's results before items still missing from them are reported (a batch's counts may
# reach "completed" a moment before every line of its results says so).
FINAL_READS = 3
# Attempts to create one batch through 503/504s and lost answers before its items are reported not submitted.
MAX_CREATE_ATTEMPTS = 8
# Lines of one batch's results read at most (a batch has at most 1,000 items; the rest would not be ours).
MAX_RESULT_LINES = 2 * MAX_BATCH_REQUESTS

ProgressHandler = Callable[["BatchRunProgress"], "Awaitable[None] | None"]


@attrs.frozen(kw_only=True)
class BatchItemOutcome:
    """The result of one request given to ``batches.run``.

    ``index`` is the request's position in the input; ``custom_id`` is the one sent (the request's own, or the
    one the run gave it). ``status`` is ``ready`` (``result`` holds the analysis), ``failed`` (``error`` says
    why), ``canceled`` (the batch was canceled or expired first), or ``not_submitted`` (the API refused the batch
    the request was in: ``error`` holds its code and message; it can be sent again).
    """

    index: int
    custom_id: str
    status: str
    task_id: str | None = None
    batch_id: str | None = None
    result: AnalyzeTaskResult | None = None
    error: BatchItemError | None = None
    request: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def ok(self) -> bool:
        """True when the analysis is ``ready``."""
        return self.status == "ready"

    @property
    def data(self) -> str | None:
        """The analysis text (JSON text with a response format), or None."""
        return self.result.data if self.result is not None else None


@attrs.frozen(kw_only=True)
class BatchRunProgress:
    """Where a run stands (``on_progress``): requests submitted, item counts across this run's batches (from
    their latest state), results handed over, and the batches themselves."""

    total: int
    submitted: int
    ready: int
    failed: int
    canceled: int
    delivered: int
    not_submitted: int
    active_batch_ids: tuple[str, ...]
    batches: tuple[AnalyzeBatch, ...]

    @property
    def finished(self) -> int:
        return self.ready + self.failed + self.canceled + self.not_submitted


@attrs.define(eq=False)
class _Item:
    index: int
    custom_id: str
    request: dict[str, Any]
    task_id: str | None = None
    delivered: bool = False


@attrs.define(eq=False)
class _Chunk:
    number: int
    items: list[_Item]
    batch_id: str | None = None
    attempts: int = 0
    unconfirmed: bool = False  # a create whose answer was lost: look for the batch before sending it again
    read_finished: int = -1  # the batch's finished-item count at the last read of its results
    final_reads: int = 0
    last_error: BaseException | None = None

    def by_custom_id(self) -> dict[str, _Item]:
        return {item.custom_id: item for item in self.items}


class _Busy(Exception):
    """The API refused a batch for now (active-batch limit or rate limit); ``delay`` is its hint, if any."""

    def __init__(self, delay: float | None) -> None:
        super().__init__("busy")
        self.delay = delay


def _is_active_limit(exc: ConflictError) -> bool:
    # The spec documents 429 for the active-batch limit and 409 for an asset that is not ready; a 409 that names
    # the limit is read as the limit (not as the request's fault) so the run waits instead of giving up.
    text = f"{exc.code or ''} {exc.message or ''}".lower()
    return "active" in text or "too_many" in text or "too many" in text


def _error_of(exc: BaseException) -> BatchItemError:
    if isinstance(exc, APIStatusError) and not isinstance(exc, ArgumentError):  # a client-side 400 is named by type
        return BatchItemError(code=exc.code or f"http_{exc.status}", message=exc.message)
    return BatchItemError(code=type(exc).__name__, message=str(exc))


def _prepare_requests(
    requests: Iterable[Any], defaults: Mapping[str, Any] | None, analysis_mode: str
) -> tuple[list[_Item], dict[str, Any] | None]:
    """Check every request and the defaults before any I/O; give each request a unique ``custom_id``."""
    if isinstance(requests, (str, bytes, Mapping)) or not isinstance(requests, Iterable):
        raise ArgumentTypeError("requests", f"expected an iterable of requests, got {type(requests).__name__}")
    checked_defaults = batch_defaults("defaults", defaults) if defaults is not None else None
    default_prompt = checked_defaults is not None and "prompt" in checked_defaults
    default_format = (checked_defaults or {}).get("response_format")
    items: list[_Item] = []
    seen: dict[str, int] = {}
    for index, value in enumerate(requests):
        name = f"requests[{index}]"
        request = batch_item(name, value)
        if analysis_mode == "general" and not default_prompt and "prompt" not in request:
            raise ArgumentError(
                name,
                "general analysis needs a prompt: give defaults={'prompt': ...} or one here",
                code=PARAMETER_NOT_PROVIDED,
            )
        if analysis_mode == "time_based_metadata":
            if "prompt" in request or default_prompt:
                raise ArgumentError(name, "time_based_metadata takes segment definitions, not a prompt")
            fmt = request.get("response_format", default_format)
            if not isinstance(fmt, Mapping) or fmt.get("type") != "segment_definitions":
                raise ArgumentError(name, "time_based_metadata needs segment definitions in response_format")
        custom_id = request.get("custom_id")
        if custom_id is not None:
            if custom_id in seen:
                raise ArgumentError(name, f"custom_id {custom_id!r} is also request {seen[custom_id]}'s: results are "
                                    "matched to requests by it")
            seen[custom_id] = index
        items.append(_Item(index=index, custom_id=custom_id or "", request=request))
    # Ids for requests without one: a token per run keeps them apart from other runs' in the account's results.
    for _attempt in range(5):
        token = uuid.uuid4().hex[:8]
        generated = {item.index: f"r{token}-{item.index}" for item in items if not item.custom_id}
        if not set(generated.values()) & set(seen):
            break
    else:  # pragma: no cover - five collisions with 32 random bits each
        raise ArgumentError("requests", "could not make custom ids that differ from the ones given")
    for item in items:
        if not item.custom_id:
            item.custom_id = generated[item.index]
            item.request = {**item.request, "custom_id": item.custom_id}
    return items, checked_defaults


class BatchRun:
    """What ``batches.run`` returns: ``async for outcome in run`` gets each ``BatchItemOutcome`` as soon as its
    item is final (any order), ``await run`` all of them in the order of the requests. Usable once."""

    def __init__(
        self,
        batches: AsyncAnalyzeAsyncBatchesResource,
        requests: Iterable[Any],
        *,
        defaults: Mapping[str, Any] | None,
        model_name: str,
        analysis_mode: str,
        on_progress: ProgressHandler | None,
        max_batch_size: int,
        max_active_batches: int,
        sleep_interval: float,
        max_interval: float,
        timeout: float | None,
        request_options: RequestOptions | None,
    ) -> None:
        for name, value in (("model_name", model_name), ("analysis_mode", analysis_mode)):
            if not isinstance(value, str) or not value:
                raise ArgumentError(name, f"must be a non-empty str, got {value!r}")
        if isinstance(max_batch_size, bool) or not isinstance(max_batch_size, int) or not (
            1 <= max_batch_size <= MAX_BATCH_REQUESTS
        ):
            raise ArgumentError(
                "max_batch_size", f"must be an int from 1 to {MAX_BATCH_REQUESTS}, got {max_batch_size!r}"
            )
        if isinstance(max_active_batches, bool) or not isinstance(max_active_batches, int) or not (
            1 <= max_active_batches <= MAX_ACTIVE_BATCHES
        ):
            raise ArgumentError(
                "max_active_batches",
                f"must be an int from 1 to {MAX_ACTIVE_BATCHES} (the API's limit), got {max_active_batches!r}",
            )
        check_timeout(timeout)
        self._poll_backoff = Backoff(sleep_interval, max_interval)
        self._create_backoff = Backoff(sleep_interval, max_interval)
        self._items, self._defaults = _prepare_requests(requests, defaults, analysis_mode)
        self._batches = batches
        self._model_name = model_name
        self._analysis_mode = analysis_mode
        self._on_progress = on_progress
        self._max_batch_size = max_batch_size
        self._max_active = max_active_batches
        self._timeout = timeout
        self._options = request_options
        self._source = AnalyzeBatchesSource(batches, request_options)
        self._watch: StatusWatch[AnalyzeBatch] = StatusWatch(self._source)
        self._chunks = [
            _Chunk(number=number, items=self._items[start : start + max_batch_size])
            for number, start in enumerate(range(0, len(self._items), max_batch_size))
        ]
        self._active: dict[str, _Chunk] = {}
        self._created: list[_Chunk] = []
        self._delivered = 0
        self._not_submitted = 0
        self._own_requests = 0  # creates, lookups and results reads (the watch counts its own)
        self._last_progress: tuple[Any, ...] | None = None
        self._used = False

    # --- public -------------------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Requests given."""
        return len(self._items)

    @property
    def batch_ids(self) -> list[str]:
        """The batches this run created so far, in order (cancel them with ``batches.cancel`` to stop them)."""
        return [chunk.batch_id for chunk in self._created if chunk.batch_id is not None]

    @property
    def delivered(self) -> int:
        """Results handed over so far."""
        return self._delivered

    @property
    def requests(self) -> int:
        """Calls made so far (creates, lookups, listings, results reads). The transport's own retries of a call
        (``max_retries``: 429, 5xx, connection errors) are not counted: the server may have seen more."""
        return self._own_requests + self._source.requests

    def __aiter__(self) -> AsyncIterator[BatchItemOutcome]:
        return self._iterate()

    def __await__(self) -> Generator[Any, None, list[BatchItemOutcome]]:
        return self._collect().__await__()

    async def _collect(self) -> list[BatchItemOutcome]:
        outcomes: dict[int, BatchItemOutcome] = {}
        async for outcome in self._iterate():
            outcomes[outcome.index] = outcome
        return [outcomes[item.index] for item in self._items]

    # --- the loop -----------------------------------------------------------------------------------------

    async def _iterate(self) -> AsyncIterator[BatchItemOutcome]:
        if self._used:
            raise RuntimeError("a batch run can be awaited or iterated once")
        self._used = True
        loop = asyncio.get_running_loop()
        deadline = None if self._timeout is None else loop.time() + self._timeout
        pending = deque(self._chunks)
        next_create_at = loop.time()
        while pending or self._active:
            progressed = False
            # Submit while a slot of ours is free and the API is not asking us to wait.
            while pending and len(self._active) < self._max_active and loop.time() >= next_create_at:
                chunk = pending[0]
                try:
                    await self._submit(chunk)
                except _Busy as busy:
                    hint = busy.delay or 0.0
                    next_create_at = loop.time() + max(hint, self._create_backoff.next())
                    break
                except (AuthenticationError, PermissionDeniedError):
                    raise
                except Exception as exc:
                    if not self._may_retry(chunk, exc):
                        pending.popleft()
                        for outcome in self._refuse(chunk, exc):
                            yield outcome
                        progressed = True
                        continue
                    next_create_at = loop.time() + self._create_backoff.next()
                    break
                pending.popleft()
                self._create_backoff.reset()
                progressed = True
            if self._active:
                async for outcome in self._poll_round():
                    progressed = True
                    yield outcome
            if await self._report():
                progressed = True
            if not pending and not self._active:
                return
            if progressed:
                self._poll_backoff.reset()
            delay = self._poll_backoff.next()
            if pending and len(self._active) < self._max_active:
                wait_to_create = max(0.0, next_create_at - loop.time())
                delay = wait_to_create if not self._active else min(delay, wait_to_create)
            if deadline is not None:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise self._timed_out()
                delay = min(delay, remaining)
            await asyncio.sleep(delay)

    def _timed_out(self) -> WaitTimeoutError:
        active = [self._watch.last[batch_id] for batch_id in self._active if batch_id in self._watch.last]
        undelivered = len(self._items) - self._delivered
        return WaitTimeoutError(
            f"{undelivered} of {len(self._items)} batch result(s) not delivered after {self._timeout:g} s",
            task=active[0] if active else None,
            pending=active,
        )

    # --- submitting ---------------------------------------------------------------------------------------

    def _may_retry(self, chunk: _Chunk, exc: BaseException) -> bool:
        """Whether a failed create is worth another attempt (the batch was not made, or may have been)."""
        chunk.last_error = exc
        if chunk.attempts >= MAX_CREATE_ATTEMPTS:
            return False
        if isinstance(exc, APIStatusError):
            if exc.status in (503, 504):  # documented: "the batch was not created; retry"
                return True
            if exc.status == 429:  # the lookup's (a create's own 429 is _Busy): look again later
                return True
            if exc.status == 408 or exc.status >= 500:
                chunk.unconfirmed = True  # it may exist: look for it before sending it again
                return True
            return False
        if isinstance(exc, APIConnectionError):
            chunk.unconfirmed = True
            return True
        return False

    async def _submit(self, chunk: _Chunk) -> bool:
        """Create the chunk's batch (or find it, after a lost answer); True once it is active."""
        chunk.attempts += 1
        if chunk.unconfirmed:
            found = await self._find_created(chunk)
            chunk.unconfirmed = False
            if found is not None:
                self._adopt(chunk, found)
                return True
        try:
            self._own_requests += 1
            created = await self._batches.create(
                model_name=self._model_name,
                analysis_mode=self._analysis_mode,
                requests=[item.request for item in chunk.items],
                defaults=self._defaults,
                request_options=self._options,
            )
        except RateLimitError as exc:
            chunk.attempts -= 1  # waiting for a free slot is not a failed attempt
            raise _Busy(exc.retry_after) from exc
        except ConflictError as exc:
            if _is_active_limit(exc):
                chunk.attempts -= 1
                raise _Busy(None) from exc
            raise
        self._adopt(chunk, created)
        return True

    def _adopt(self, chunk: _Chunk, created: AnalyzeBatchCreated | tuple[str, list[BatchResultItem]]) -> None:
        if isinstance(created, AnalyzeBatchCreated):
            batch_id, pairs = created.batch_id, [(i.custom_id, i.task_id) for i in created.items]
        else:
            batch_id, lines = created
            pairs = [(line.custom_id, line.task_id) for line in lines]
        chunk.batch_id = batch_id
        by_custom_id = chunk.by_custom_id()
        for custom_id, task_id in pairs:
            item = by_custom_id.get(custom_id or "")
            if item is not None and task_id:
                item.task_id = task_id
        self._active[batch_id] = chunk
        self._created.append(chunk)
        self._watch.add(batch_id, ACCOUNT)
        logger.info("batch %s: %d request(s) submitted", batch_id, len(chunk.items))

    async def _find_created(self, chunk: _Chunk) -> tuple[str, list[BatchResultItem]] | None:
        """The account's active batch that holds exactly this chunk's custom ids, if the lost create made it."""
        self._own_requests += 1
        listing = await self._batches.list(
            status=["pending", "processing"], page_limit=50, request_options=self._options
        ).first_page()
        wanted = {item.custom_id for item in chunk.items}
        known = {c.batch_id for c in self._created}
        for batch in listing.data:
            if batch.batch_id in known or (batch.total_items is not None and batch.total_items != len(wanted)):
                continue
            lines = await self._read(batch.batch_id)
            if {line.custom_id for line in lines} == wanted:
                logger.info("batch %s: found after a lost answer; not sent again", batch.batch_id)
                return batch.batch_id, lines
        return None

    def _refuse(self, chunk: _Chunk, exc: BaseException) -> list[BatchItemOutcome]:
        """Every item of a chunk the API would not take, reported ``not_submitted`` with the API's reason."""
        error = _error_of(exc)
        if chunk.unconfirmed:
            error = BatchItemError(
                code="batch_unconfirmed",
                message=f"the batch's creation could not be confirmed (it may exist): {error.message}",
            )
        logger.warning("%d request(s) not submitted: %s", len(chunk.items), error.message)
        outcomes = [self._outcome(item, NOT_SUBMITTED, None, error=error) for item in chunk.items]
        self._not_submitted += len(outcomes)
        return outcomes

    # --- polling and results --------------------------------------------------------------------------------

    async def _poll_round(self) -> AsyncIterator[BatchItemOutcome]:
        try:
            await self._watch.poll()
        except Exception as exc:
            if not is_transient(exc):
                raise
            logger.info("polling %d batch(es) failed (%s); trying again", len(self._active), exc)
            return
        for batch_id, chunk in list(self._active.items()):
            lost = self._watch.lost.get(batch_id)
            if lost is not None:  # deleted while we waited: its results went with it
                error = BatchItemError(code="batch_not_found", message=f"batch {batch_id} no longer exists")
                for item in chunk.items:
                    if not item.delivered:
                        yield self._outcome(item, "failed", batch_id, error=error)
                del self._active[batch_id]
                continue
            batch = self._watch.last.get(batch_id)
            if batch is None:
                continue
            ended = batch.status in TERMINAL_BATCH_STATUSES
            finished = batch.finished_items
            if finished > chunk.read_finished or ended:
                try:
                    lines = await self._read(batch_id)
                except (StreamDecodeError, StreamLineTooLongError):
                    raise  # a malformed answer: reading it again would not mend it
                except Exception as exc:
                    if not (is_transient(exc) or isinstance(exc, StreamIncompleteError)):
                        raise
                    logger.info("reading the results of batch %s failed (%s); trying again", batch_id, exc)
                    continue
                chunk.read_finished = finished
                for outcome in self._deliver(chunk, batch_id, lines):
                    yield outcome
            if ended:
                chunk.final_reads += 1
                if all(item.delivered for item in chunk.items) or chunk.final_reads >= FINAL_READS:
                    for outcome in self._close(chunk, batch):
                        yield outcome
                    del self._active[batch_id]

    async def _read(self, batch_id: str) -> list[BatchResultItem]:
        """A batch's results, at most ``MAX_RESULT_LINES`` of them: a batch holds at most 1,000 items, so a server
        that sends more is not answering about one batch, and is not read to the end of its stream."""
        self._own_requests += 1
        lines: list[BatchResultItem] = []
        async with self._batches.results(batch_id, request_options=self._options) as stream:
            async for line in stream:
                if len(lines) >= MAX_RESULT_LINES:
                    logger.warning("batch %s: results cut after %d lines", batch_id, len(lines))
                    break
                lines.append(line)
        return lines

    def _deliver(self, chunk: _Chunk, batch_id: str, lines: list[BatchResultItem]) -> list[BatchItemOutcome]:
        by_custom_id = chunk.by_custom_id()
        by_task_id = {item.task_id: item for item in chunk.items if item.task_id}
        outcomes = []
        for line in lines:
            # Lines are matched to this chunk's requests; anything else the server sends is not ours (ignored).
            item = by_custom_id.get(line.custom_id or "") or by_task_id.get(line.task_id)
            if item is None or item.delivered or line.status not in TERMINAL_BATCH_ITEM_STATUSES:
                continue
            item.task_id = item.task_id or line.task_id
            error = line.error
            # Every outcome that is not ready says why (the API's canceled lines carry no error of their own).
            if line.status == "failed" and error is None:
                error = BatchItemError(code="item_failed", message="the item failed (the API gave no reason)")
            elif line.status == "canceled" and error is None:
                error = BatchItemError(
                    code="item_canceled", message="the batch was canceled or expired before this item finished"
                )
            outcomes.append(
                self._outcome(item, line.status or "failed", batch_id, result=line.data, error=error)
            )
        return outcomes

    def _close(self, chunk: _Chunk, batch: AnalyzeBatch) -> list[BatchItemOutcome]:
        """The items a finished batch's results never gave as final: reported, never dropped."""
        outcomes = []
        for item in chunk.items:
            if item.delivered:
                continue
            if batch.status in ("canceled", "expired"):
                error = BatchItemError(code=f"batch_{batch.status}",
                                       message=f"the batch was {batch.status} before this item finished")
                outcomes.append(self._outcome(item, "canceled", batch.batch_id, error=error))
            else:
                error = BatchItemError(code="missing_result",
                                       message=f"batch {batch.batch_id} ended without a final result for this item")
                outcomes.append(self._outcome(item, "failed", batch.batch_id, error=error))
        return outcomes

    def _outcome(
        self,
        item: _Item,
        status: str,
        batch_id: str | None,
        *,
        result: AnalyzeTaskResult | None = None,
        error: BatchItemError | None = None,
    ) -> BatchItemOutcome:
        item.delivered = True
        self._delivered += 1
        return BatchItemOutcome(
            index=item.index,
            custom_id=item.custom_id,
            status=status,
            task_id=item.task_id,
            batch_id=batch_id,
            result=result,
            error=error,
            request=item.request,
        )

    async def _report(self) -> bool:
        """Call ``on_progress`` when anything moved since the last call; True if it did."""
        batches = tuple(self._watch.last[c.batch_id] for c in self._created if c.batch_id in self._watch.last)
        progress = BatchRunProgress(
            total=len(self._items),
            submitted=sum(len(c.items) for c in self._created),
            ready=sum(b.ready_items or 0 for b in batches),
            failed=sum(b.failed_items or 0 for b in batches),
            canceled=sum(b.canceled_items or 0 for b in batches),
            delivered=self._delivered,
            not_submitted=self._not_submitted,
            active_batch_ids=tuple(self._active),
            batches=batches,
        )
        key = (
            progress.submitted,
            progress.ready,
            progress.failed,
            progress.canceled,
            progress.delivered,
            progress.not_submitted,
            progress.active_batch_ids,
            tuple(b.status for b in batches),
        )
        if key == self._last_progress:
            return False
        self._last_progress = key
        await notify(self._on_progress, progress)
        return True


__all__ = ["NOT_SUBMITTED", "BatchItemOutcome", "BatchRun", "BatchRunProgress", "ProgressHandler"]
