"""Cloud imports (#10-#12): results, status buckets, logs."""

from __future__ import annotations

import aiohttp
import pytest
from emulator_helpers import HEADERS, create_index

from twelvelabs_async.emulator import Emulator, ManualClock

# Cloud transfers exist on the seed-era surface only.
pytestmark = pytest.mark.emulator_surface("2025")


async def test_import_status_and_logs() -> None:
    clock = ManualClock()
    integrations = {"s3-bucket": ["dog_park.mp4", "cat.mp4", "corrupt_file.mp4"]}
    async with Emulator(speed=1.0, clock=clock, integrations=integrations, surface="2025") as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http:
        base = emu.base_url
        index_id = await create_index(http, base)
        url = f"{base}/tasks/transfers/import/s3-bucket"
        async with http.post(url, json={"index_id": index_id, "user_metadata": {"source": "s3"}}) as resp:
            assert resp.status == 201
            result = await resp.json()
        assert [v["filename"] for v in result["videos"]] == ["dog_park.mp4", "cat.mp4"]
        assert [f["filename"] for f in result["failed_files"]] == ["corrupt_file.mp4"]
        async with http.get(f"{url}/status", params={"index_id": index_id}) as resp:
            status = await resp.json()
        assert [v["filename"] for v in status["validating"]] == ["dog_park.mp4", "cat.mp4"]
        assert [f["filename"] for f in status["failed"]] == ["corrupt_file.mp4"]
        assert status["ready"] == [] and status["not_imported"] == []
        async with http.get(f"{url}/logs") as resp:
            logs = (await resp.json())["data"]
        assert logs[0]["ended_at"] is None and logs[0]["video_status"]["validating"] == 2
        clock.advance(10)
        async with http.get(f"{url}/status", params={"index_id": index_id}) as resp:
            assert len((await resp.json())["ready"]) == 2
        async with http.get(f"{url}/logs") as resp:
            log = (await resp.json())["data"][0]
        assert log["ended_at"] is not None and log["video_status"]["ready"] == 2
        assert log["index_name"] == "idx" and log["failed_files"][0]["filename"] == "corrupt_file.mp4"
        # Incremental import skips what is already there; a full re-sync brings it again.
        async with http.post(url, json={"index_id": index_id}) as resp:
            assert (await resp.json())["videos"] == []
        async with http.post(url, json={"index_id": index_id, "incremental_import": False}) as resp:
            assert len((await resp.json())["videos"]) == 2
        video = next(iter(emu.state.indexes[index_id].videos.values()))
        assert video.user_metadata == {"source": "s3"}
        async with http.get(f"{url}/status") as resp:
            assert (await resp.json())["code"] == "parameter_not_provided"
        async with http.post(url, json={}) as resp:
            assert (await resp.json())["code"] == "parameter_not_provided"


async def test_any_integration_id_works(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    index_id = await create_index(http, emulator.base_url)
    async with http.post(f"{emulator.base_url}/tasks/transfers/import/anything",
                         json={"index_id": index_id}) as resp:
        body = await resp.json()
    assert len(body["videos"]) == 3 and len(body["failed_files"]) == 1
