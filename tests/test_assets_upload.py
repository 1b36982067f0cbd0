"""Assets against the emulator: uploads of every kind, multipart sessions continued mid-file, waiting, and the
storage host never seeing the API key."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs
from twelvelabs_async._chunked_upload import UploadProgress
from twelvelabs_async._errors import ArgumentError, StorageError, TaskFailedError, UploadSessionError
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import Emulator, EmulatorThread

KEY = "tlk_assets_test"
CHUNK = 256 * 1024
FAST = {"sleep_interval": 0.02, "max_interval": 0.1}


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(api_key=KEY, speed=50.0, multipart_chunk_size=CHUNK, multipart_initial_urls=2) as emulator:
        yield emulator


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as c:
        yield c


async def eventually(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.005)
    return condition()


def video(path: Path, size: int) -> Path:
    write_sample_mp4(path, duration=8.0, width=640, height=360, size=size)
    return path


def storage_puts(emu: Emulator) -> list[tuple[str | None, int | None, int | None]]:
    return [(r.upload_id, r.chunk_index, r.status) for r in emu.storage.requests if r.method == "PUT"]


async def test_a_large_file_goes_through_multipart_and_storage_never_sees_the_key(
    emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    path = video(tmp_path / "big.mp4", 5 * CHUNK + 1000)  # 6 chunks, the last one short
    seen: list[UploadProgress] = []
    asset = await client.assets.upload(path, multipart_threshold=CHUNK, on_progress=seen.append, concurrency=3, **FAST)
    assert asset.status == "ready" and asset.method == "multipart" and asset.size == path.stat().st_size
    puts = storage_puts(emu)
    assert sorted(index for _, index, status in puts if status == 200) == [1, 2, 3, 4, 5, 6]
    assert emu.storage.requests_with_api_key == []
    assert seen and seen[-1].bytes_sent == seen[-1].total_bytes == path.stat().st_size
    assert [p.bytes_sent for p in seen] == sorted(p.bytes_sent for p in seen) or seen[-1].status == "completed"
    # The bytes the storage host keeps are the file's, chunk by chunk.
    (stored,) = [a for a in emu.state.assets.values() if a.id == asset.id]
    assert stored.filename == "big.mp4"


async def test_small_files_bytes_and_urls_take_the_direct_routes(
    emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    small = video(tmp_path / "small.mp4", 100_000)
    by_path = await client.assets.upload(small, user_metadata={"team": "news"}, **FAST)
    by_bytes = await client.assets.upload(("clip.mp4", small.read_bytes()), **FAST)
    by_url = await client.assets.upload("https://media.example/dog_park.mp4?duration=12", wait=False)
    assert (by_path.method, by_bytes.method, by_url.method) == ("direct", "direct", "url")
    assert by_path.user_metadata == {"team": "news"} and by_bytes.filename == "clip.mp4"
    assert by_url.status == "processing"
    ready = await client.assets.wait_for_done(by_url.id, **FAST)
    assert ready.status == "ready" and ready.duration == 12
    assert emu.storage.requests == []  # nothing went to storage


async def test_a_failed_asset_raises_with_the_reason(emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all" * 100)
    with pytest.raises(TaskFailedError) as info:
        await client.assets.upload(broken, **FAST)
    assert info.value.task.status == "failed" and info.value.task.error is not None
    # wait_for_done itself returns the failed asset, as the official SDK's waiters do (raise_on_failure raises)
    failed = await client.assets.wait_for_done(info.value.task.id, **FAST)
    assert failed.status == "failed" and failed.error is not None
    with pytest.raises(TaskFailedError):
        await client.assets.wait_for_done(failed.id, raise_on_failure=True, **FAST)


async def test_many_assets_are_waited_for_fifty_ids_a_request(emu: Emulator, client: AsyncTwelveLabs) -> None:
    ids = emu.state.seed_assets(120, ready=False)
    done = await client.assets.wait_many(ids, **FAST)
    assert [a.id for a in done] == ids and {a.status for a in done} == {"ready"}
    listed = emu.state.requests("GET /assets")
    assert emu.state.requests("GET /assets/{asset_id}") == 0  # never one request per asset
    assert 3 <= listed <= 12  # 120 ids: three requests in a full round, fewer as assets finish


async def test_an_interrupted_multipart_upload_continues_where_it_stopped(
    emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    path = video(tmp_path / "resume.mp4", 8 * CHUNK)  # 8 chunks
    sessions: list[str] = []

    async def on_progress(progress: UploadProgress) -> None:
        if progress.upload_id and progress.upload_id not in sessions:
            sessions.append(progress.upload_id)

    # The first run: storage refuses chunk 5 and later for good (say, the network went away).
    with pytest.raises(StorageError):
        await _upload_failing_after(client, path, {1, 2, 3, 4}, on_progress)
    (upload_id,) = sessions
    assert sorted(index for _, index, status in storage_puts(emu) if status == 200) == [1, 2, 3, 4]
    emu.storage.clear_requests()

    result = await client.multipart_upload.upload_file(path, upload_id=upload_id, batch_size=3, max_workers=2)
    assert result.upload_id == upload_id and result.chunks_sent == 4
    after = sorted(index for _, index, status in storage_puts(emu) if status == 200)
    assert after == [5, 6, 7, 8]  # the chunks the server had were not sent again
    asset = await client.assets.wait_for_done(result.asset_id, **FAST)
    assert asset.status == "ready" and asset.size == path.stat().st_size
    assert emu.state.ingest_summary()["resume.mp4"]["assets"] == 1


async def _upload_failing_after(client: AsyncTwelveLabs, path: Path, allowed: set[int], on_progress: object) -> None:
    """Run upload_file while the storage host refuses (503) every chunk outside ``allowed``."""
    from twelvelabs_async import _presigned

    real = _presigned.put_window

    async def flaky(transport, url, path_, offset, length, **kwargs):  # type: ignore[no-untyped-def]
        index = offset // CHUNK + 1
        if index not in allowed:
            raise StorageError(f"PUT chunk {index} refused", status=503)
        return await real(transport, url, path_, offset, length, **kwargs)

    import twelvelabs_async._chunked_upload as chunked

    chunked.put_window = flaky  # type: ignore[assignment]
    try:
        await client.multipart_upload.upload_file(
            path, batch_size=2, max_workers=1, max_retries=0, progress_callback=on_progress  # type: ignore[arg-type]
        )
    finally:
        chunked.put_window = real  # type: ignore[assignment]


async def test_a_gone_session_is_a_typed_error(emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    path = video(tmp_path / "gone.mp4", 3 * CHUNK)
    with pytest.raises(UploadSessionError) as info:
        await client.multipart_upload.upload_file(path, upload_id="6b0000000000000000000000")
    assert info.value.upload_id == "6b0000000000000000000000"
    with pytest.raises(ArgumentError, match="file not found"):
        await client.multipart_upload.upload_file(tmp_path / "missing.mp4")


async def test_refused_urls_are_replaced_and_every_chunk_lands_once(
    emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    path = video(tmp_path / "flaky.mp4", 6 * CHUNK)
    async with Emulator(api_key=KEY, speed=50.0, multipart_chunk_size=CHUNK, faults="STORAGE PUT:5xx=0.3",
                        seed=4) as flaky:
        async with AsyncTwelveLabs(api_key=KEY, base_url=flaky.base_url) as c:
            result = await c.multipart_upload.upload_file(path, max_workers=3, max_retries=5)
            status = await c.multipart_upload.wait_for_upload_completion(result.upload_id, sleep_interval=0.02)
        assert status.status == "completed" and status.completed_chunks == status.total_chunks == 6
        stored = Counter(index for _, index, code in storage_puts(flaky) if code == 200)
        assert stored == Counter({i: 1 for i in range(1, 7)})
        assert flaky.state.outcomes["STORAGE PUT"]["503"] + flaky.state.outcomes["STORAGE PUT"]["500"] + \
            flaky.state.outcomes["STORAGE PUT"]["502"] >= 1
        assert flaky.storage.requests_with_api_key == []


async def test_cancelling_an_upload_leaks_no_connection(
    emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    path = video(tmp_path / "cancel.mp4", 12 * CHUNK)
    task = asyncio.create_task(client.assets.upload(path, multipart_threshold=CHUNK, concurrency=4, **FAST))
    assert await eventually(lambda: bool(emu.storage.requests), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    storage = client._transport._storage
    assert storage is not None and storage.connector is not None
    connector = storage.connector
    assert await eventually(lambda: not connector._acquired, 5)  # type: ignore[attr-defined]


def test_the_blocking_client_uploads_and_waits(tmp_path: Path) -> None:
    path = video(tmp_path / "sync.mp4", 3 * CHUNK + 5)
    with EmulatorThread(api_key=KEY, speed=50.0, multipart_chunk_size=CHUNK) as emu, \
            TwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
        asset = client.assets.upload(path, multipart_threshold=CHUNK, sleep_interval=0.02, max_interval=0.1)
        assert asset.status == "ready" and asset.method == "multipart"
        waited = client.assets.wait_many([asset.id], sleep_interval=0.02, max_interval=0.1).wait()
        assert [a.id for a in waited] == [asset.id]
        assert emu.storage.requests_with_api_key == []
