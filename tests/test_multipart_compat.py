"""The multipart helper as the official SDK 1.3.6 shapes it: ``twelvelabs.wrapper.*`` under our name, its
``UploadError`` catching every failure of ``upload_file`` (the typed cause kept), ``FileNotFoundError`` for a
missing file, progress that rises to ``(n, n, 100.0)``; and the API's error code on the argument errors raised
before any request."""

from __future__ import annotations

import errno
import pickle
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from twelvelabs_async import AsyncTwelveLabs, TwelveLabs
from twelvelabs_async._chunked_upload import UploadProgress, UploadResult, UploadSessionProgress
from twelvelabs_async._mp4 import write_sample_mp4
from twelvelabs_async.emulator import Emulator, EmulatorThread
from twelvelabs_async.errors import (
    APIConnectionError,
    ArgumentError,
    BadRequestError,
    InternalServerError,
    MissingFileError,
    MissingVideoFileError,
    PreflightError,
    StorageError,
    UploadError,
    UploadSessionError,
    UploadWaitTimeoutError,
    WaitTimeoutError,
)

KEY = "tlk_multipart_compat"
CHUNK = 256 * 1024
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(api_key=KEY, speed=50.0, multipart_chunk_size=CHUNK, multipart_initial_urls=2) as emulator:
        yield emulator


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[AsyncTwelveLabs]:
    async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as c:
        yield c


def video(path: Path, size: int) -> Path:
    write_sample_mp4(path, duration=8.0, width=640, height=360, size=size)
    return path


def api_requests(emu: Emulator) -> int:
    return sum(emu.state.requests(route) for route in ("POST /assets/multipart-uploads", "POST /assets"))


# --- twelvelabs.wrapper under our name -----------------------------------------------------------------------------


def test_the_official_wrapper_modules_import_with_the_official_names() -> None:
    from twelvelabs_async.wrapper.embed_client_wrapper import (
        AsyncEmbedClientWrapper,
        AsyncEmbedTasksClientWrapper,
        CreateEmbeddingsTaskVideoParams,
        EmbedClientWrapper,
        EmbedTasksClientWrapper,
    )
    from twelvelabs_async.wrapper.index_client_wrapper import (
        AsyncIndexesClientWrapper,
        AsyncVideosClientWrapper,
        IndexesClientWrapper,
        VideosClientWrapper,
    )
    from twelvelabs_async.wrapper.multipart_upload_client_wrapper import (
        AsyncMultipartUploadClientWrapper,
        MultipartUploadClientWrapper,
        UploadStatus,
    )
    from twelvelabs_async.wrapper.multipart_upload_client_wrapper import UploadError as OfficialUploadError
    from twelvelabs_async.wrapper.multipart_upload_client_wrapper import UploadProgress as OfficialProgress
    from twelvelabs_async.wrapper.multipart_upload_client_wrapper import UploadResult as OfficialResult
    from twelvelabs_async.wrapper.search_client_wrapper import AsyncSearchClientWrapper, SearchClientWrapper
    from twelvelabs_async.wrapper.task_client_wrapper import AsyncTaskClientWrapper, TaskClientWrapper

    assert OfficialUploadError is UploadError
    assert (OfficialProgress, OfficialResult, UploadStatus) == (UploadProgress, UploadResult, UploadSessionProgress)
    sync = TwelveLabs(api_key=KEY, base_url="http://127.0.0.1:9")
    aio = AsyncTwelveLabs(api_key=KEY, base_url="http://127.0.0.1:9")
    try:
        pairs = [
            (sync.multipart_upload, MultipartUploadClientWrapper),
            (aio.multipart_upload, AsyncMultipartUploadClientWrapper),
            (sync.search, SearchClientWrapper),
            (aio.search, AsyncSearchClientWrapper),
            (sync.tasks, TaskClientWrapper),
            (aio.tasks, AsyncTaskClientWrapper),
            (sync.embed, EmbedClientWrapper),
            (aio.embed, AsyncEmbedClientWrapper),
            (sync.embed.tasks, EmbedTasksClientWrapper),
            (aio.embed.tasks, AsyncEmbedTasksClientWrapper),
            (sync.indexes, IndexesClientWrapper),
            (aio.indexes, AsyncIndexesClientWrapper),
            (sync.indexes.videos, VideosClientWrapper),
            (aio.indexes.videos, AsyncVideosClientWrapper),
        ]
        for resource, cls in pairs:
            assert isinstance(resource, cls), (resource, cls)
    finally:
        sync.close()
    params = CreateEmbeddingsTaskVideoParams(video_url="https://example.com/a.mp4", video_start_offset_sec=2)
    assert params == {"video_url": "https://example.com/a.mp4", "video_start_offset_sec": 2}


def test_importing_the_package_does_not_load_the_wrapper_modules() -> None:
    code = (
        "import sys, twelvelabs_async\n"
        "print(sorted(m for m in sys.modules if m.startswith('twelvelabs_async.wrapper')))\n"
        "import twelvelabs_async.wrapper.multipart_upload_client_wrapper as w\n"
        "print('twelvelabs_async._chunked_upload' in sys.modules)\n"
        "w.UploadProgress\n"
        "print('twelvelabs_async._chunked_upload' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": str(ROOT)}
    )
    assert out.stdout.split("\n")[:3] == ["[]", "False", "True"]


def test_the_official_progress_and_status_classes_are_made_as_the_official_ones() -> None:
    progress = UploadProgress(total_chunks=4, completed_chunks=2, percentage=50.0, status="uploading")
    assert (progress.total_chunks, progress.completed_chunks, progress.percentage, progress.status) == (
        4, 2, 50.0, "uploading"
    )
    assert UploadProgress(total_chunks=4, completed_chunks=1).percentage == 25.0  # no bytes: by chunks
    by_bytes = UploadProgress(upload_id="u", total_chunks=4, completed_chunks=1, bytes_sent=300, total_bytes=400)
    assert by_bytes.percentage == 75.0
    status = UploadSessionProgress(status="completed", completed_chunks=3, total_chunks=3)
    assert (status.status, status.completed_chunks, status.total_chunks) == ("completed", 3, 3)
    assert UploadResult(asset_id="a1", asset_url="https://x/y").asset_url == "https://x/y"


# --- UploadError -----------------------------------------------------------------------------------------------------


def test_upload_error_is_made_and_read_as_the_official_one() -> None:
    cause = OSError("disk")
    error = UploadError("Chunk 3 upload failed", 3, cause)
    assert (error.message, error.chunk_index, error.original_error) == ("Chunk 3 upload failed", 3, cause)
    assert str(error) == "Chunk 3 upload failed"
    assert UploadError("m").chunk_index is None and UploadError("m").original_error is None
    assert issubclass(StorageError, UploadError) and issubclass(UploadSessionError, UploadError)
    assert issubclass(UploadWaitTimeoutError, UploadError) and issubclass(UploadWaitTimeoutError, WaitTimeoutError)
    copy = pickle.loads(pickle.dumps(UploadError("m", 2)))
    assert (copy.message, copy.chunk_index) == ("m", 2)


def test_upload_error_text_never_shows_a_registered_key() -> None:
    from twelvelabs_async._errors import register_secret

    secret = "tlk_secret_in_an_upload_error_0001"
    register_secret(secret)
    error = UploadError(f"Upload failed: server echoed {secret}")
    assert secret not in str(error) and secret not in repr(error) and secret not in error.message


async def test_a_missing_file_is_file_not_found_before_any_request(
    emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    missing = tmp_path / "no_such_file.mp4"
    with pytest.raises(FileNotFoundError) as info:
        await client.multipart_upload.upload_file(missing)
    error = info.value
    assert isinstance(error, MissingFileError) and isinstance(error, ArgumentError)
    assert not isinstance(error, UploadError)
    assert error.errno == errno.ENOENT and error.filename == str(missing)
    assert str(error) == f"file_path: file not found: {str(missing)!r}"  # the text as before
    assert api_requests(emu) == 0


async def test_an_empty_file_stays_an_argument_error(emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(ArgumentError) as info:
        await client.multipart_upload.upload_file(empty)
    assert not isinstance(info.value, UploadError)
    assert api_requests(emu) == 0


async def test_storage_that_keeps_failing_is_an_upload_error_naming_the_chunk(tmp_path: Path) -> None:
    path = video(tmp_path / "refused.mp4", 3 * CHUNK)
    async with Emulator(api_key=KEY, speed=50.0, multipart_chunk_size=CHUNK, faults="STORAGE PUT:503=1") as emu:
        client = AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url)
        async with client:
            with pytest.raises(UploadError) as info:
                await client.multipart_upload.upload_file(path, max_workers=1, max_retries=0)
    assert isinstance(info.value, StorageError) and info.value.status == 503
    assert info.value.chunk_index == 1


async def test_an_api_error_after_the_retries_is_an_upload_error_with_the_typed_cause(tmp_path: Path) -> None:
    path = video(tmp_path / "api.mp4", 2 * CHUNK)
    async with Emulator(api_key=KEY, speed=50.0, multipart_chunk_size=CHUNK,
                        faults="POST /assets/multipart-uploads:503=1") as emu:
        client = AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url, max_retries=0)
        async with client:
            with pytest.raises(UploadError) as info:
                await client.multipart_upload.upload_file(path)
    error = info.value
    assert isinstance(error.original_error, InternalServerError) and error.original_error.status == 503
    assert error.__cause__ is error.original_error
    assert error.message.startswith("Upload failed: ") and error.chunk_index is None
    assert KEY not in str(error) and KEY not in repr(error)


async def test_a_lost_connection_is_an_upload_error_with_the_connection_error(tmp_path: Path) -> None:
    path = video(tmp_path / "offline.mp4", CHUNK)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with AsyncTwelveLabs(api_key=KEY, base_url=f"http://127.0.0.1:{port}", max_retries=0) as c:
        with pytest.raises(UploadError) as info:
            await c.multipart_upload.upload_file(path)
    assert isinstance(info.value.original_error, APIConnectionError)
    assert info.value.__cause__ is info.value.original_error


async def test_a_wait_that_times_out_is_an_upload_error(client: AsyncTwelveLabs) -> None:
    session = await client.multipart_upload.create(filename="late.mp4", type="video", total_size=2 * CHUNK)
    with pytest.raises(UploadError) as info:
        await client.multipart_upload.wait_for_upload_completion(
            session.upload_id, sleep_interval=0.01, max_wait_time=0.05
        )
    assert isinstance(info.value, UploadWaitTimeoutError) and isinstance(info.value, TimeoutError)


# --- progress ------------------------------------------------------------------------------------------------------


def test_progress_as_an_official_program_prints_it_rises_to_n_of_n_and_100(tmp_path: Path) -> None:
    path = video(tmp_path / "long.mp4", 7 * CHUNK + 5000)  # 8 chunks, the last short
    # Storage refuses some PUTs: a chunk sent again starts its bytes again, and the percentage must not go back.
    with EmulatorThread(api_key=KEY, speed=50.0, multipart_chunk_size=CHUNK, multipart_initial_urls=2,
                        faults="STORAGE PUT:5xx=0.3", seed=4) as emu:
        reports: list[tuple[int, int, float]] = []
        with TwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
            result = client.multipart_upload.upload_file(
                file_path=str(path),
                filename="renamed.mp4",
                file_type="video",
                batch_size=3,
                max_workers=2,
                max_retries=5,
                retry_delay=0.1,
                progress_callback=lambda p: reports.append(
                    (p.completed_chunks, p.total_chunks, round(p.percentage, 1))
                ),
            )
    assert result.asset_id and result.asset_url.endswith("/renamed.mp4")
    assert reports[-1] == (8, 8, 100.0)
    assert reports == sorted(reports)
    percentages = [pct for _, _, pct in reports]
    assert percentages == sorted(percentages)


# --- the API's error code on argument errors --------------------------------------------------------------------


async def test_a_missing_argument_carries_parameter_not_provided(emu: Emulator, client: AsyncTwelveLabs) -> None:
    with pytest.raises(BadRequestError) as info:
        await client.assets.create(method="url")
    error = info.value
    assert isinstance(error, ArgumentError) and error.method is None
    assert error.code == "parameter_not_provided"
    assert error.body == {
        "code": "parameter_not_provided",
        "message": "file: give exactly one of file or url (none was given)",  # the text as before
    }
    with pytest.raises(ArgumentError) as required:
        await client.indexes.create(
            index_name=None,  # type: ignore[arg-type]
            models=[{"model_name": "marengo3.0", "model_options": ["visual"]}],
        )
    assert required.value.code == "parameter_not_provided" and str(required.value) == "index_name: is required"
    with pytest.raises(ArgumentError) as no_source:
        await client.assets.create(method="url", file=None, url=None, filename="x.mp4")
    assert no_source.value.code == "parameter_not_provided"
    assert emu.state.requests("POST /assets") == 0 and emu.state.requests("POST /indexes") == 0


async def test_an_invalid_argument_carries_parameter_invalid(emu: Emulator, client: AsyncTwelveLabs) -> None:
    with pytest.raises(ArgumentError) as empty:
        await client.indexes.retrieve("")
    assert empty.value.code == "parameter_invalid" and empty.value.body["code"] == "parameter_invalid"
    with pytest.raises(ArgumentError) as both:
        await client.assets.create(method="url", url="https://example.com/a.mp4", file=b"xx")
    assert both.value.code == "parameter_invalid"
    assert emu.state.requests("POST /assets") == 0


async def test_the_server_s_code_and_ours_read_alike(emu: Emulator) -> None:
    # The emulator answers a missing `video_url` / `video_file` with 400 parameter_not_provided, as the API does.
    async with AsyncTwelveLabs(api_key=KEY, base_url=emu.base_url) as client:
        with pytest.raises(ArgumentError) as ours:
            await client.embed.tasks.create(model_name="marengo3.0")
    assert ours.value.code == "parameter_not_provided"


# --- MissingFileError wherever a local path is refused -------------------------------------------------------------


async def test_every_missing_local_path_is_a_file_not_found_error(
    emu: Emulator, client: AsyncTwelveLabs, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.mp4"
    with pytest.raises(FileNotFoundError) as upload:
        await client.assets.upload(missing)
    assert isinstance(upload.value, MissingFileError) and upload.value.filename == str(missing)
    with pytest.raises(FileNotFoundError) as direct:
        await client.assets.create(method="direct", file=str(missing))
    assert isinstance(direct.value, MissingFileError) and direct.value.param == "file"
    with pytest.raises(FileNotFoundError) as task:
        await client.tasks.create(index_id="6b0000000000000000000001", video_file=missing)
    assert isinstance(task.value, MissingFileError) and task.value.param == "video_file"
    from twelvelabs_async._preflight import check_path

    with pytest.raises(FileNotFoundError) as preflight:
        check_path(missing)
    assert isinstance(preflight.value, MissingVideoFileError) and isinstance(preflight.value, PreflightError)
    assert preflight.value.rule == "exists" and preflight.value.errno == errno.ENOENT
    assert str(preflight.value) == f"video_file: {missing}: file not found [exists]"  # the text as before
    assert api_requests(emu) == 0 and emu.state.requests("POST /tasks") == 0
    copy = pickle.loads(pickle.dumps(direct.value))
    assert (copy.errno, copy.filename, str(copy)) == (errno.ENOENT, str(missing), str(direct.value))


async def test_progress_never_goes_back_when_a_chunk_starts_again(tmp_path: Path) -> None:
    from twelvelabs_async._chunked_upload import ChunkedUpload

    seen: list[UploadProgress] = []
    # No client: progress is computed from the upload's own counts.
    upload = ChunkedUpload(None, tmp_path / "x.mp4", on_progress=seen.append)  # type: ignore[arg-type]
    upload._size, upload._chunk_size, upload._total_chunks = 4000, 1000, 4
    upload._in_flight[1] = 800
    await upload._progress("uploading")
    upload._in_flight[1] = 100  # the PUT failed and the chunk is sent again from its first byte
    await upload._progress("uploading")
    upload._in_flight[1] = 900
    await upload._progress("uploading")
    assert [p.bytes_sent for p in seen] == [800, 800, 900]
    assert [p.percentage for p in seen] == [20.0, 20.0, 22.5]
