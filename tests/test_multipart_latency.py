"""Multipart uploads against an API with round trips: no chunk slot waits for a report's answer or for a
presigned-urls request in the steady state, a report that fails stops the upload with its typed error, and the
reports still go out in full batches.

The server (API and storage on two ports of 127.0.0.1, in the test's loop) keeps one log of what it saw, in
order; the checks read that order, never the clock. A handler that must stay open while something else happens
is held by a gate: it answers once that happened, or at a deadline (and then the check fails).
"""

from __future__ import annotations

import asyncio
import math
import os
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._chunked_upload import ChunkedUpload
from twelvelabs_async.errors import BadRequestError, UploadError

KEY = "tlk_multipart_latency"
CHUNK = 4096
INITIAL_URLS = 10
GATE_DEADLINE = 10.0  # seconds a held answer waits for what it waits for; reached only when a check fails


def _rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Api:
    """Create, presigned-urls, report and the storage PUTs, with the spec's shapes, and ``log``: one
    ``(event, detail)`` per thing seen, in order (``put`` when a PUT arrives, ``report>`` / ``<report`` and
    ``urls>`` / ``<urls`` around the API requests)."""

    def __init__(self) -> None:
        self.log: list[tuple[str, Any]] = []
        self.changed = asyncio.Condition()
        self.uploads: dict[str, dict[str, Any]] = {}
        self.etags: dict[tuple[str, int], str] = {}
        self.report_sizes: list[int] = []
        self.url_requests = 0
        # Hooks: each takes the log position where the request began and returns when it may be answered.
        self.hold_report: Callable[[int], Any] | None = None
        self.hold_urls: Callable[[int], Any] | None = None
        self.report_status = 200
        self.api_url = self.storage_url = ""
        self._runners: list[web.AppRunner] = []

    async def note(self, event: str, detail: Any = None) -> int:
        self.log.append((event, detail))
        async with self.changed:
            self.changed.notify_all()
        return len(self.log) - 1

    async def until(self, condition: Callable[[], bool]) -> bool:
        """Wait until ``condition()`` holds (True) or the deadline passes (False)."""
        try:
            async with self.changed:
                await asyncio.wait_for(self.changed.wait_for(condition), GATE_DEADLINE)
            return True
        except asyncio.TimeoutError:
            return False

    def puts_since(self, position: int) -> int:
        return sum(1 for event, _ in self.log[position:] if event == "put")

    def presign(self, upload: dict[str, Any], index: int) -> dict[str, Any]:
        return {
            "chunk_index": index,
            "url": f"{self.storage_url}/bucket/{upload['upload_id']}/{index}?X-Amz-Signature={uuid.uuid4().hex}",
            "expires_at": _rfc3339(time.time() + 3600),
        }

    # --- the API -----------------------------------------------------------------------------------------------

    async def create(self, request: web.Request) -> web.Response:
        body = await request.json()
        total = math.ceil(int(body["total_size"]) / CHUNK)
        upload = {"upload_id": uuid.uuid4().hex[:24], "asset_id": uuid.uuid4().hex[:24], "total": total,
                  "done": set()}
        self.uploads[upload["upload_id"]] = upload
        return web.json_response({
            "upload_id": upload["upload_id"], "asset_id": upload["asset_id"],
            "upload_urls": [self.presign(upload, i) for i in range(1, min(INITIAL_URLS, total) + 1)],
            "upload_headers": {"Content-Type": "application/octet-stream"}, "chunk_size": CHUNK,
            "total_chunks": total, "expires_at": _rfc3339(time.time() + 86400),
        }, status=201)

    async def urls(self, request: web.Request) -> web.Response:
        upload = self.uploads[request.match_info["upload_id"]]
        body = await request.json()
        start, count = int(body["start"]), int(body["count"])
        self.url_requests += 1
        began = await self.note("urls>", (start, count))
        if self.hold_urls is not None:
            await self.hold_urls(began)
        items = [self.presign(upload, i) for i in range(start, min(start + count - 1, upload["total"]) + 1)]
        await self.note("<urls", (start, count))
        return web.json_response({"upload_id": upload["upload_id"], "start_index": start, "count": len(items),
                                  "upload_urls": items, "generated_at": _rfc3339(time.time()),
                                  "expires_at": _rfc3339(time.time() + 3600)})

    async def report(self, request: web.Request) -> web.Response:
        upload = self.uploads[request.match_info["upload_id"]]
        batch = (await request.json())["completed_chunks"]
        indexes = [int(item["chunk_index"]) for item in batch]
        self.report_sizes.append(len(batch))
        began = await self.note("report>", indexes)
        if self.hold_report is not None:
            await self.hold_report(began)
        if self.report_status != 200:
            await self.note("<report", None)
            return web.json_response({"code": "parameter_invalid", "message": "refused by the test"},
                                     status=self.report_status)
        for item in batch:  # a proof that is not the chunk's ETag would be a client bug
            assert self.etags[(upload["upload_id"], int(item["chunk_index"]))] == item["proof"]
        upload["done"].update(indexes)
        await self.note("<report", indexes)
        answer: dict[str, Any] = {"asset_id": upload["asset_id"], "processed_chunks": len(batch),
                                  "duplicate_chunks": 0, "total_completed": len(upload["done"])}
        if len(upload["done"]) == upload["total"]:
            answer["url"] = f"{self.storage_url}/bucket/{upload['asset_id']}"
        return web.json_response(answer)

    # --- storage -----------------------------------------------------------------------------------------------

    async def put(self, request: web.Request) -> web.Response:
        assert "x-api-key" not in request.headers
        key = (request.match_info["upload_id"], int(request.match_info["index"]))
        await self.note("put", key[1])
        await request.read()
        self.etags[key] = f'"{uuid.uuid4().hex}"'
        await self.note("stored", key[1])
        return web.Response(headers={"ETag": self.etags[key]})

    async def start(self) -> None:
        api = web.Application()
        api.router.add_post("/v1.3/assets/multipart-uploads", self.create)
        api.router.add_post("/v1.3/assets/multipart-uploads/{upload_id}/presigned-urls", self.urls)
        api.router.add_post("/v1.3/assets/multipart-uploads/{upload_id}", self.report)
        storage = web.Application(client_max_size=2 * CHUNK)
        storage.router.add_put("/bucket/{upload_id}/{index}", self.put)
        for app in (api, storage):
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            self._runners.append(runner)
        ports = [r.addresses[0][1] for r in self._runners]
        self.api_url, self.storage_url = f"http://127.0.0.1:{ports[0]}/v1.3", f"http://127.0.0.1:{ports[1]}"

    async def close(self) -> None:
        for runner in self._runners:
            await runner.cleanup()


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    server = Api()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
async def client(api: Api) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs(api_key=KEY, base_url=api.api_url, max_retries=0) as c:
        yield c


def ours_left() -> list[asyncio.Task[Any]]:
    """The running tasks of the upload engine (the server's handler tasks are not counted)."""
    # anyio names a task after the function it runs, and the upload_file call's own task after its coroutine.
    return [t for t in asyncio.all_tasks()
            if ("_chunked_upload" in t.get_name() or "upload_file" in repr(t.get_coro())) and not t.done()]


def data_file(tmp_path: Path, chunks: int) -> Path:
    path = tmp_path / "video.mp4"
    path.write_bytes(os.urandom(chunks * CHUNK - 100))  # the last chunk is short
    return path


async def test_the_worker_that_fills_a_batch_goes_on_while_its_report_is_out(
    api: Api, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    # One worker: if it waited for the answer to its report, no PUT could arrive while the report is held.
    held: list[bool] = []

    async def hold_first_reports(began: int) -> None:
        if len(held) < 2:
            held.append(await api.until(lambda: api.puts_since(began) >= 4))

    api.hold_report = hold_first_reports
    path = data_file(tmp_path, 30)
    result = await client.multipart_upload.upload_file(path, batch_size=5, max_workers=1)
    assert result.chunks_sent == 30 and result.asset_id
    assert held == [True, True]  # four chunks went out while each of the first two reports was unanswered
    first_report = next(i for i, (event, _) in enumerate(api.log) if event == "report>")
    answered = next(i for i, (event, _) in enumerate(api.log) if event == "<report")
    during = [d for e, d in api.log[first_report:answered] if e == "put"]
    assert len(during) >= 4 and min(during) > 5, during  # chunks after the reported batch (1-5)


async def test_urls_are_fetched_ahead_so_puts_go_on_during_a_presigned_urls_request(
    api: Api, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    # Every presigned-urls request is held until two more PUTs arrived: the workers must still hold URLs for
    # them. A client that asks only when a worker has none would send no PUT until the answer (the deadline).
    held: list[bool] = []

    async def hold_urls(began: int) -> None:
        held.append(await api.until(lambda: api.puts_since(began) >= 2))

    api.hold_urls = hold_urls
    path = data_file(tmp_path, 130)  # 10 URLs come with the session, the rest in requests of up to 50
    result = await client.multipart_upload.upload_file(path, batch_size=10, max_workers=2)
    assert result.chunks_sent == 130
    assert held and all(held), held
    # Ahead, yet not far: when each request went out, the URLs not yet used (nor on their way to storage, up
    # to max_workers of them) were fewer than 2 x max_workers.
    for position, (event, detail) in enumerate(api.log):
        if event == "urls>":
            unused = detail[0] - 1 - sum(1 for e, _ in api.log[:position] if e == "put")
            assert 0 < unused < 2 * 2 + 2, (detail, unused)
    assert api.url_requests == 3  # 10 + 50 + 50 + 20: no more requests than asking when needed


async def test_a_report_that_fails_fails_the_upload_with_its_typed_error_and_stops_it(
    api: Api, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    api.report_status = 400
    path = data_file(tmp_path, 200)
    with pytest.raises(UploadError) as info:
        await client.multipart_upload.upload_file(path, batch_size=5, max_workers=2)
    assert isinstance(info.value.original_error, BadRequestError)
    assert info.value.__cause__ is info.value.original_error
    assert api.report_sizes == [5]  # the first report refused: no other was sent
    assert sum(1 for e, _ in api.log if e == "put") < 20  # stopped at once, not after the file
    assert not ours_left()  # no task left behind

    # Without the wrapper of upload_file, the engine raises the typed error itself.
    with pytest.raises(BadRequestError):
        await ChunkedUpload(client, path, concurrency=2, report_every=5).run()


async def test_a_report_failing_while_workers_are_busy_cancels_them(
    api: Api, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    # The first report is held until more PUTs arrived, then refused: the workers are mid-file, and the
    # upload must end with the report's error rather than run on (or hang).
    async def hold(began: int) -> None:
        await api.until(lambda: api.puts_since(began) >= 3)

    api.hold_report = hold
    api.report_status = 400
    path = data_file(tmp_path, 300)
    with pytest.raises(BadRequestError):
        await ChunkedUpload(client, path, concurrency=3, report_every=10).run()
    assert sum(1 for e, _ in api.log if e == "put") < 100
    assert not ours_left()


async def test_cancelling_during_a_report_leaves_no_task_behind(
    api: Api, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    reached = asyncio.Event()
    released = False

    async def hold(began: int) -> None:
        reached.set()
        await api.until(lambda: released)

    api.hold_report = hold
    path = data_file(tmp_path, 60)
    task = asyncio.create_task(client.multipart_upload.upload_file(path, batch_size=5, max_workers=3))
    await asyncio.wait_for(reached.wait(), GATE_DEADLINE)
    assert ours_left()  # the reporter, workers and the like are running
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not ours_left()
    released = True
    await api.note("released")


@pytest.mark.parametrize("slow_reports", [False, True])
async def test_a_256_chunk_file_is_reported_in_26_requests(
    api: Api, client: AsyncTwelveLabs, tmp_path: Path, slow_reports: bool
) -> None:
    if slow_reports:  # chunks keep finishing while each report is out: still full batches only

        async def hold(began: int) -> None:
            await api.until(lambda: api.puts_since(began) >= 7 or len(api.etags) >= 256)

        api.hold_report = hold
    reported: list[list[int]] = []
    path = data_file(tmp_path, 256)
    result = await ChunkedUpload(client, path, concurrency=5, report_every=10, on_reported=reported.append).run()
    assert result.chunks_sent == 256
    assert api.report_sizes.count(10) == 25 and api.report_sizes[-1] == 6 and len(api.report_sizes) == 26
    # on_reported saw each accepted report, once, after the server took it.
    assert Counter(i for batch in reported for i in batch) == Counter(range(1, 257))
    accepted = [detail for event, detail in api.log if event == "<report"]
    assert reported == accepted
