"""Indexes and tasks on today's surface: the 2026-07 models, Pegasus-only indexes, 200 for empty answers."""

from __future__ import annotations

import aiohttp
from emulator_helpers import create_index, form

from twelvelabs_async.emulator import Emulator

MARENGO = {"model_name": "marengo3.0", "model_options": ["visual", "audio"]}
PEGASUS = {"model_name": "pegasus1.2", "model_options": ["visual"]}


async def test_models_of_2026(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base, "both", [MARENGO, PEGASUS])
    async with http.get(f"{base}/indexes/{index_id}") as resp:
        body = await resp.json()
    assert body["models"] == [MARENGO, PEGASUS]
    await create_index(http, base, "marengo-only", [{"model_name": "marengo3.0", "model_options": ["audio"]}])
    await create_index(http, base, "thumbs", [MARENGO])
    async with http.get(f"{base}/indexes", params={"model_family": "marengo"}) as resp:
        assert (await resp.json())["page_info"]["total_results"] == 3


async def test_retired_and_unknown_models_are_refused(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    cases = [
        ([{"model_name": "marengo2.7", "model_options": ["visual"]}],
         "The `models.model_name` parameter is invalid. The `marengo2.7` model is no longer available; "
         "use `marengo3.0`."),
        ([{"model_name": "pegasus1.5", "model_options": ["visual"]}],
         "The `models.model_name` parameter is invalid. Use one of: marengo3.0, pegasus1.2."),
        ([{"model_name": "marengo3.0", "model_options": ["transcription"]}],
         "The `models.model_options` parameter is invalid. Use `visual`, `audio` or both."),
        ([MARENGO, MARENGO], "The `models.model_name` parameter is invalid. Use one of: marengo3.0, pegasus1.2."),
    ]
    for models, message in cases:
        async with http.post(f"{base}/indexes", json={"index_name": "x", "models": models}) as resp:
            assert resp.status == 400
            assert await resp.json() == {"code": "parameter_invalid", "message": message}
    assert emulator.state.indexes == {}


async def test_no_new_videos_in_a_pegasus_only_index(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    pegasus_only = await create_index(http, base, "p", [PEGASUS])
    async with http.post(f"{base}/tasks", data=form(index_id=pegasus_only,
                                                     video_url="https://x.test/dog.mp4")) as resp:
        assert resp.status == 400
        error = await resp.json()
    assert error["code"] == "parameter_invalid" and "`index_id`" in error["message"]
    assert "only Pegasus 1.2" in error["message"] and set(error) == {"code", "message"}
    assert emulator.state.tasks == {}
    both = await create_index(http, base, "b", [MARENGO, PEGASUS])
    async with http.post(f"{base}/tasks", data=form(index_id=both, video_url="https://x.test/dog.mp4")) as resp:
        assert resp.status == 200
        created = await resp.json()
    async with http.get(f"{base}/tasks/{created['_id']}") as resp:
        assert (await resp.json())["status"] == "ready"


async def test_empty_successes_are_200(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    index_id = await create_index(http, base)
    async with http.post(f"{base}/tasks", data=form(index_id=index_id, video_url="https://x.test/a.mp4")) as resp:
        created = await resp.json()
    async with http.put(f"{base}/indexes/{index_id}", json={"index_name": "renamed"}) as resp:
        assert resp.status == 200 and await resp.read() == b""
    async with http.delete(f"{base}/indexes/{index_id}/videos/{created['video_id']}") as resp:
        assert resp.status == 200 and await resp.read() == b""
    async with http.delete(f"{base}/tasks/{created['_id']}") as resp:
        assert resp.status == 200 and await resp.read() == b""
    async with http.delete(f"{base}/indexes/{index_id}") as resp:
        assert resp.status == 200 and await resp.read() == b""
    assert emulator.state.indexes == {} and emulator.state.tasks == {}
