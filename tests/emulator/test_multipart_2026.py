"""Multipart uploads to the emulator's storage server, with raw aiohttp: the flow end to end, resume, URL and
session expiry, single use, proofs, duplicates, the storage server's checks, API-key leaks and faults."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from asset_helpers import (
    completed,
    create_session,
    fresh_urls,
    get_asset,
    put_chunk,
    report,
    upload_all,
    window,
)
from emulator_helpers import HEADERS, KEY

from twelvelabs_async.emulator import Emulator, FaultPlan, ManualClock

CHUNK = 64 * 1024


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    return {"multipart_chunk_size": CHUNK, "multipart_initial_urls": 2}


@pytest.fixture
async def raw(emulator: Emulator) -> AsyncIterator[aiohttp.ClientSession]:
    """A session without the API key, as a presigned PUT must be sent."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        yield session


@pytest.fixture
def video_bytes(sample_video: Callable[..., Path]) -> bytes:
    return sample_video("dog_park.mp4", duration=12, size=5 * CHUNK + 1234).read_bytes()


async def test_end_to_end(emulator: Emulator, http: aiohttp.ClientSession, raw: aiohttp.ClientSession,
                          video_bytes: bytes) -> None:
    base = emulator.base_url
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes), user_metadata={"batch": 7})
    assert session["chunk_size"] == CHUNK and session["total_chunks"] == 6
    assert [u["chunk_index"] for u in session["upload_urls"]] == [1, 2]  # only the first few
    assert session["upload_headers"] == {"Content-Type": "application/octet-stream"}
    assert all(u["url"].startswith(emulator.storage_url + "/") for u in session["upload_urls"])
    # The reserved asset exists at once, processing, until the upload completes.
    asset = await get_asset(http, base, session["asset_id"])
    assert asset["status"] == "processing" and asset["method"] == "multipart" and "technical_metadata" not in asset
    assert asset["user_metadata"] == {"batch": 7}

    urls = {u["chunk_index"]: u["url"] for u in session["upload_urls"]}
    urls.update(await fresh_urls(http, base, session["upload_id"], 3, 4))
    chunks = []
    for index in range(1, 7):
        body = window(video_bytes, CHUNK, index)
        status, etag, _ = await put_chunk(raw, urls[index], body, session["upload_headers"])
        assert status == 200 and etag == f'"{hashlib.md5(body).hexdigest()}"'
        chunks.append(completed(index, etag, len(body)))
    assert chunks[-1]["chunk_size"] == 1234  # the last chunk is smaller

    # Reports in any order and in batches; nothing is final until all chunks are in.
    status, first = await report(http, base, session["upload_id"], [chunks[4], chunks[0]])
    assert status == 200 and first == {"asset_id": session["asset_id"], "processed_chunks": 2,
                                       "duplicate_chunks": 0, "total_completed": 2}
    async with http.get(f"{base}/assets/multipart-uploads/{session['upload_id']}") as resp:
        progress = await resp.json()
    assert progress["status"] == "active" and progress["chunks_completed"] == 2 and progress["chunks_pending"] == 4
    assert progress["uploaded_size"] == 2 * CHUNK
    status, last = await report(http, base, session["upload_id"], chunks)
    assert status == 200 and last["processed_chunks"] == 4 and last["duplicate_chunks"] == 2
    assert last["total_completed"] == 6 and last["url"].startswith(emulator.storage_url)

    async with http.get(f"{base}/assets/multipart-uploads/{session['upload_id']}") as resp:
        done = await resp.json()
    assert done["status"] == "completed" and done["uploaded_size"] == len(video_bytes) == done["total_size"]
    asset = await get_asset(http, base, session["asset_id"])
    assert asset["status"] == "ready" and asset["size"] == len(video_bytes) and asset["duration"] == 12.0
    assert asset["technical_metadata"]["video_width"] == 1280
    # The storage server holds exactly the bytes sent, in order.
    async with raw.get(last["url"]) as resp:
        assert resp.status == 200 and await resp.read() == video_bytes
    # The completed session is no longer "incomplete", and its URLs are dead.
    async with http.get(f"{base}/assets/multipart-uploads") as resp:
        assert (await resp.json())["data"] == []
    fresh = await fresh_urls_status(http, base, session["upload_id"])
    assert fresh == (400, "upload_session_completed")
    assert emulator.storage.requests_with_api_key == []
    assert emulator.state.requests("STORAGE PUT") == 6


async def fresh_urls_status(http: aiohttp.ClientSession, base: str, upload_id: str) -> tuple[int, str]:
    async with http.post(f"{base}/assets/multipart-uploads/{upload_id}/presigned-urls",
                         json={"start": 1, "count": 1}) as resp:
        return resp.status, (await resp.json()).get("code", "")


async def test_resume_from_the_server_side(emulator: Emulator, http: aiohttp.ClientSession,
                                           raw: aiohttp.ClientSession, video_bytes: bytes) -> None:
    """A client that crashed after some chunks finds its session, the pending chunks and fresh URLs."""
    base = emulator.base_url
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes))
    upload_id = session["upload_id"]
    urls = {u["chunk_index"]: u["url"] for u in session["upload_urls"]}
    sent = []
    for index in (1, 2):
        body = window(video_bytes, CHUNK, index)
        _, etag, _ = await put_chunk(raw, urls[index], body, session["upload_headers"])
        assert etag is not None
        sent.append(completed(index, etag, len(body)))
    assert (await report(http, base, upload_id, sent))[0] == 200
    # ... crash. Start over from the server's knowledge only:
    async with http.get(f"{base}/assets/multipart-uploads") as resp:
        listing = await resp.json()
    assert [(u["upload_id"], u["status"], u["total_chunks"], u["chunk_size"]) for u in listing["data"]] == [
        (upload_id, "active", 6, CHUNK)]
    pending = []
    for page in (1, 2, 3):
        async with http.get(f"{base}/assets/multipart-uploads/{upload_id}",
                            params={"page": page, "page_limit": 2}) as resp:
            status_page = await resp.json()
        assert status_page["page_info"] == {"page": page, "limit_per_page": 2, "total_page": 3, "total_results": 6}
        pending += [c["index"] for c in status_page["uploaded_chunks"] if c["status"] != "completed"]
        assert all(c["uploaded_at"] is not None for c in status_page["uploaded_chunks"] if c["status"] == "completed")
    assert pending == [3, 4, 5, 6]
    urls = await fresh_urls(http, base, upload_id, pending[0], len(pending))
    rest = []
    for index in pending:
        body = window(video_bytes, CHUNK, index)
        _, etag, _ = await put_chunk(raw, urls[index], body, session["upload_headers"])
        assert etag is not None
        rest.append(completed(index, etag, len(body)))
    status, result = await report(http, base, upload_id, rest)
    assert status == 200 and result["total_completed"] == 6 and "url" in result
    # Exactly one asset came of it, with the reserved id.
    assert list(emulator.state.assets) == [session["asset_id"]]
    assert (await get_asset(http, base, session["asset_id"]))["status"] == "ready"


async def test_urls_are_single_use_and_expire_after_an_hour(emulator: Emulator, http: aiohttp.ClientSession,
                                                            raw: aiohttp.ClientSession, video_bytes: bytes) -> None:
    base = emulator.base_url
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes))
    url1, url2 = (u["url"] for u in session["upload_urls"])
    body1 = window(video_bytes, CHUNK, 1)
    assert (await put_chunk(raw, url1, body1, session["upload_headers"]))[0] == 200
    status, _, text = await put_chunk(raw, url1, body1, session["upload_headers"])
    assert status == 403 and "<Code>AccessDenied</Code>" in text and "already been used" in text
    clock.advance(3600)
    status, _, text = await put_chunk(raw, url2, window(video_bytes, CHUNK, 2), session["upload_headers"])
    assert status == 403 and "Request has expired" in text
    # Fresh URLs work (and are valid for another hour from now).
    async with http.post(f"{base}/assets/multipart-uploads/{session['upload_id']}/presigned-urls",
                         json={"start": 2, "count": 1}) as resp:
        more = await resp.json()
    assert more["start_index"] == 2 and more["count"] == 1 and more["upload_urls"][0]["chunk_index"] == 2
    assert more["expires_at"] == more["upload_urls"][0]["expires_at"] != session["upload_urls"][1]["expires_at"]
    assert (await put_chunk(raw, more["upload_urls"][0]["url"], window(video_bytes, CHUNK, 2),
                            session["upload_headers"]))[0] == 200
    # A tampered signature is refused.
    tampered = more["upload_urls"][0]["url"].replace("partNumber=2", "partNumber=3")
    status, _, text = await put_chunk(raw, tampered, window(video_bytes, CHUNK, 3), session["upload_headers"])
    assert status == 403 and "SignatureDoesNotMatch" in text


async def test_session_expires_after_24_hours(emulator: Emulator, http: aiohttp.ClientSession,
                                              raw: aiohttp.ClientSession, video_bytes: bytes) -> None:
    base = emulator.base_url
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes))
    upload_id = session["upload_id"]
    body = window(video_bytes, CHUNK, 1)
    _, etag, _ = await put_chunk(raw, session["upload_urls"][0]["url"], body, session["upload_headers"])
    assert etag is not None
    clock.advance(24 * 3600)
    async with http.get(f"{base}/assets/multipart-uploads/{upload_id}") as resp:
        assert (await resp.json())["status"] == "expired"
    async with http.get(f"{base}/assets/multipart-uploads") as resp:
        assert [u["status"] for u in (await resp.json())["data"]] == ["expired"]
    status, body_json = await report(http, base, upload_id, [completed(1, etag, len(body))])
    assert status == 400 and body_json["code"] == "upload_session_expired"
    assert await fresh_urls_status(http, base, upload_id) == (400, "upload_session_expired")
    # Its URLs are dead on storage (they expired first: 1 h < 24 h), and the reserved asset failed.
    status, _, text = await put_chunk(raw, session["upload_urls"][1]["url"], window(video_bytes, CHUNK, 2),
                                      session["upload_headers"])
    assert status == 403 and "Request has expired" in text
    asset = await get_asset(http, base, session["asset_id"])
    assert asset["status"] == "failed" and "expired" in asset["error"]["message"]


async def test_failed_session_cannot_be_resumed(emulator: Emulator, http: aiohttp.ClientSession,
                                                raw: aiohttp.ClientSession, video_bytes: bytes) -> None:
    base = emulator.base_url
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes))
    emulator.state.fail_upload(session["upload_id"])
    status, _, text = await put_chunk(raw, session["upload_urls"][0]["url"], window(video_bytes, CHUNK, 1),
                                      session["upload_headers"])
    assert status == 404 and "<Code>NoSuchUpload</Code>" in text
    assert await fresh_urls_status(http, base, session["upload_id"]) == (400, "upload_session_failed")
    assert (await get_asset(http, base, session["asset_id"]))["status"] == "failed"


async def test_proofs_are_checked_and_duplicates_never_count_twice(
        emulator: Emulator, http: aiohttp.ClientSession, raw: aiohttp.ClientSession, video_bytes: bytes) -> None:
    base = emulator.base_url
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes))
    upload_id = session["upload_id"]
    body1, body2 = window(video_bytes, CHUNK, 1), window(video_bytes, CHUNK, 2)
    _, etag1, _ = await put_chunk(raw, session["upload_urls"][0]["url"], body1, session["upload_headers"])
    assert etag1 is not None
    # A wrong proof, and a chunk storage never received: the batch is refused whole, those chunks are failed.
    status, err = await report(http, base, upload_id, [completed(1, etag1, CHUNK), completed(2, '"beef"', CHUNK)])
    assert status == 400 and err["code"] == "parameter_invalid" and "2" in err["message"]
    async with http.get(f"{base}/assets/multipart-uploads/{upload_id}") as resp:
        page = await resp.json()
    assert page["chunks_completed"] == 0 and page["chunks_failed"] == 1 and page["chunks_pending"] == 5
    failed = page["uploaded_chunks"][1]
    assert failed["status"] == "failed" and failed["uploaded_at"] is None and "storage" in failed["error"]
    # Retrying the chunk clears it; the proof may come without quotes (the official SDK strips them).
    _, etag2, _ = await put_chunk(raw, session["upload_urls"][1]["url"], body2, session["upload_headers"])
    assert etag2 is not None
    status, ok = await report(http, base, upload_id, [completed(1, etag1, CHUNK),
                                                      completed(2, etag2.strip('"'), CHUNK),
                                                      completed(2, etag2, CHUNK)])
    assert status == 200 and ok["processed_chunks"] == 2 and ok["duplicate_chunks"] == 1
    status, again = await report(http, base, upload_id, [completed(1, etag1, CHUNK)])
    assert status == 200 and again["processed_chunks"] == 0 and again["duplicate_chunks"] == 1
    assert again["total_completed"] == 2 and "url" not in again
    # Malformed items are refused before anything is looked at.
    for item, field in ((completed(9, etag1, CHUNK), "chunk_index"), ({**completed(1, etag1, CHUNK),
                        "proof_type": "md5"}, "proof_type"), (completed(3, etag1, 10), "chunk_size")):
        status, err = await report(http, base, upload_id, [item])
        assert status == 400 and field in err["message"]
    status, err = await report(http, base, upload_id, [])
    assert status == 400 and err["code"] == "parameter_invalid"


async def test_lost_final_answer_is_recovered_by_reporting_again(
        emulator: Emulator, http: aiohttp.ClientSession, raw: aiohttp.ClientSession, video_bytes: bytes) -> None:
    base = emulator.base_url
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes))
    urls = {u["chunk_index"]: u["url"] for u in session["upload_urls"]}
    urls.update(await fresh_urls(http, base, session["upload_id"], 3, 4))
    chunks = []
    for index in range(1, 7):
        body = window(video_bytes, CHUNK, index)
        _, etag, _ = await put_chunk(raw, urls[index], body, session["upload_headers"])
        assert etag is not None
        chunks.append(completed(index, etag, len(body)))
    with pytest.raises(aiohttp.ClientError):
        async with http.post(f"{base}/assets/multipart-uploads/{session['upload_id']}",
                             json={"completed_chunks": chunks}, headers={"X-Emulator-Fault": "drop_after"}) as resp:
            await resp.read()
    status, again = await report(http, base, session["upload_id"], chunks)
    assert status == 200 and again["processed_chunks"] == 0 and again["duplicate_chunks"] == 6
    assert again["total_completed"] == 6 and again["url"]
    assert len(emulator.state.assets) == 1


async def test_storage_checks_headers_and_length(emulator: Emulator, http: aiohttp.ClientSession,
                                                 raw: aiohttp.ClientSession, video_bytes: bytes) -> None:
    base = emulator.base_url
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes))
    url = session["upload_urls"][0]["url"]
    body = window(video_bytes, CHUNK, 1)
    # upload_headers ignored: aiohttp labels the bytes itself, with another content type.
    status, _, text = await put_chunk(raw, url, body, {"Content-Type": "video/mp4"})
    assert status == 403 and "SignatureDoesNotMatch" in text and "Content-Type" in text
    status, _, text = await put_chunk(raw, url, body[:-1], session["upload_headers"])
    assert status == 400 and "InvalidArgument" in text and str(CHUNK) in text

    async def chunked() -> AsyncIterator[bytes]:
        yield body

    async with raw.put(url, data=chunked(), headers=session["upload_headers"]) as resp:
        assert resp.status == 411 and "MissingContentLength" in await resp.text()
    # None of the refusals used the URL up.
    assert (await put_chunk(raw, url, body, session["upload_headers"]))[0] == 200
    async with raw.post(url, data=body) as resp:
        assert resp.status == 405
    async with raw.get(f"{emulator.storage_url}/nothing/here") as resp:
        assert resp.status == 404 and "NoSuchKey" in await resp.text()


async def test_extra_upload_headers_catch_a_client_that_ignores_them(
        sample_video: Callable[..., Path]) -> None:
    data = sample_video("cat.mp4", duration=8, size=100_000).read_bytes()
    headers = {"Content-Type": "application/octet-stream", "x-amz-server-side-encryption": "AES256"}
    async with Emulator(speed=0, multipart_chunk_size=CHUNK, multipart_upload_headers=headers) as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http, aiohttp.ClientSession() as raw:
        session = await create_session(http, emu.base_url, "cat.mp4", len(data))
        assert session["upload_headers"] == headers
        url = session["upload_urls"][0]["url"]
        body = window(data, CHUNK, 1)
        status, _, text = await put_chunk(raw, url, body, {"Content-Type": "application/octet-stream"})
        assert status == 403 and "x-amz-server-side-encryption" in text
        assert (await put_chunk(raw, url, body, session["upload_headers"]))[0] == 200


async def test_storage_records_requests_that_carry_the_api_key(
        emulator: Emulator, http: aiohttp.ClientSession, raw: aiohttp.ClientSession, video_bytes: bytes) -> None:
    base = emulator.base_url
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes))
    url1, url2 = (u["url"] for u in session["upload_urls"])
    assert (await put_chunk(raw, url1, window(video_bytes, CHUNK, 1), session["upload_headers"]))[0] == 200
    assert emulator.storage.requests_with_api_key == []
    # A client that sends its API key to storage, in the API's header or another one, is recorded.
    await put_chunk(raw, url2, window(video_bytes, CHUNK, 2), session["upload_headers"], **HEADERS)
    await put_chunk(raw, url2, window(video_bytes, CHUNK, 2), session["upload_headers"],
                    Authorization=f"Bearer {KEY}")
    leaks = emulator.storage.requests_with_api_key
    assert [(r.method, r.chunk_index, r.api_key_headers) for r in leaks] == [
        ("PUT", 2, ("x-api-key",)), ("PUT", 2, ("Authorization",))]
    assert all(r.upload_id == session["upload_id"] for r in leaks)
    # The key itself is never kept.
    assert KEY not in repr(emulator.storage.requests)
    async with raw.get(f"{emulator.root_url}/_emulator/storage") as resp:
        summary = await resp.json()
    assert summary["url"] == emulator.storage_url and summary["requests"] == 3
    assert [r["headers"] for r in summary["with_api_key"]] == [["x-api-key"], ["Authorization"]]


async def test_faults_on_storage_puts(http: aiohttp.ClientSession, raw: aiohttp.ClientSession,
                                      emulator: Emulator, video_bytes: bytes) -> None:
    base = emulator.base_url
    session = await create_session(http, base, "dog_park.mp4", len(video_bytes))
    url1, url2 = (u["url"] for u in session["upload_urls"])
    body1 = window(video_bytes, CHUNK, 1)
    # The header works on storage as on the API; a refused PUT does not use its URL up.
    status, _, text = await put_chunk(raw, url1, body1, session["upload_headers"], **{"X-Emulator-Fault": "503"})
    assert status == 503 and "<Code>SlowDown</Code>" in text
    # drop_before: nothing stored (aiohttp's own retry of the PUT, if any, is dropped too), the URL stays usable.
    with pytest.raises(aiohttp.ClientError):
        await put_chunk(raw, url1, body1, session["upload_headers"], **{"X-Emulator-Fault": "drop_before"})
    assert emulator.state.uploads[session["upload_id"]].chunks[0].received is None
    # drop_after: stored (the URL is used up), but the answer is lost. A retry with the same URL is refused.
    # (aiohttp itself retries an idempotent PUT once when the server drops a kept-alive connection.)
    try:
        status, _, text = await put_chunk(raw, url1, body1, session["upload_headers"],
                                          **{"X-Emulator-Fault": "drop_after"})
    except aiohttp.ClientError:
        status, _, text = await put_chunk(raw, url1, body1, session["upload_headers"])
    assert status == 403 and "already been used" in text
    chunk = emulator.state.uploads[session["upload_id"]].chunks[0]
    assert chunk.received is not None and chunk.received.etag == hashlib.md5(body1).hexdigest()
    outcomes = dict(emulator.state.outcomes["STORAGE PUT"])
    assert outcomes.pop("drop_before") in (1, 2)  # 2 where aiohttp retries the dropped PUT by itself
    assert outcomes == {"503": 1, "drop_after": 1, "403": 1}
    # A plan rule naming storage; rules without a route leave storage alone.
    emulator.faults.rules = FaultPlan.parse("STORAGE PUT:500=1; 502=1").rules
    status, _, text = await put_chunk(raw, url2, window(video_bytes, CHUNK, 2), session["upload_headers"])
    assert status == 500 and "<Code>InternalError</Code>" in text
    async with http.get(f"{base}/assets/multipart-uploads") as resp:
        assert resp.status == 502
    emulator.faults.rules = []
    assert (await put_chunk(raw, url2, window(video_bytes, CHUNK, 2), session["upload_headers"]))[0] == 200


async def test_faulty_storage_with_a_retrying_client_ends_exactly_once(
        sample_video: Callable[..., Path]) -> None:
    """5% of storage PUTs fail (seeded): a client that retries with fresh URLs still ends with one asset."""
    data = sample_video("dog_park.mp4", duration=12, size=40 * 4096 + 17).read_bytes()
    async with Emulator(speed=0, multipart_chunk_size=4096, multipart_initial_urls=0, seed=3,
                        faults="STORAGE PUT:5xx=0.05,drop_after=0.05") as emu, \
            aiohttp.ClientSession(headers=HEADERS) as http, aiohttp.ClientSession() as raw:
        session = await create_session(http, emu.base_url, "dog_park.mp4", len(data))
        assert session["upload_urls"] == [] and session["total_chunks"] == 41
        chunks = []
        for index in range(1, 42):
            body = window(data, 4096, index)
            for _attempt in range(10):
                url = (await fresh_urls(http, emu.base_url, session["upload_id"], index, 1))[index]
                try:
                    status, etag, _ = await put_chunk(raw, url, body, session["upload_headers"])
                except aiohttp.ClientError:
                    continue
                if status == 200 and etag is not None:
                    chunks.append(completed(index, etag, len(body)))
                    break
            else:
                raise AssertionError(f"chunk {index} never went through")
        status, result = await report(http, emu.base_url, session["upload_id"], chunks)
        assert status == 200 and result["total_completed"] == 41
        outcomes = emu.state.outcomes["STORAGE PUT"]
        assert outcomes["200"] == 41 and outcomes["drop_after"] + sum(
            outcomes[s] for s in ("500", "502", "503")) >= 1
        assert len(emu.state.assets) == 1 and emu.storage.requests_with_api_key == []
        async with raw.get(result["url"]) as resp:
            assert await resp.read() == data


async def test_create_validation_and_limits(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    base = emulator.base_url
    cases: list[tuple[dict[str, Any], str]] = [
        ({"type": "video", "total_size": 10}, "parameter_not_provided"),
        ({"filename": "a.mp4", "type": "document", "total_size": 10}, "parameter_invalid"),
        ({"filename": "a.mp4", "type": "video"}, "parameter_not_provided"),
        ({"filename": "a.mp4", "type": "video", "total_size": 0}, "parameter_invalid"),
        ({"filename": "a.mp4", "type": "video", "total_size": 10_000_000_001}, "parameter_invalid"),
        ({"filename": "a.png", "type": "image", "total_size": 32_000_001}, "parameter_invalid"),
        ({"filename": "a.mp4", "type": "video", "total_size": 10, "user_metadata": {"x": [1]}}, "parameter_invalid"),
        ({"filename": "a.mp4", "type": "video", "total_size": 10, "colour": "red"}, "parameter_unknown"),
    ]
    for body, code in cases:
        async with http.post(f"{base}/assets/multipart-uploads", json=body) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == code, body
    # 10 GB exactly is allowed; the server grows the chunk size to stay within 10,000 chunks.
    session = await create_session(http, base, "huge.mp4", 10_000_000_000)
    assert session["total_chunks"] <= 10_000 and session["chunk_size"] % (1024 * 1024) == 0
    assert session["chunk_size"] * session["total_chunks"] >= 10_000_000_000
    for start, count in ((0, 1), (1, 51), (session["total_chunks"], 2)):
        async with http.post(f"{base}/assets/multipart-uploads/{session['upload_id']}/presigned-urls",
                             json={"start": start, "count": count}) as resp:
            assert resp.status == 400, (start, count)
    for path in ("/assets/multipart-uploads/nope", "/assets/multipart-uploads/nope/presigned-urls"):
        async with http.post(f"{base}{path}", json={"start": 1, "count": 1}) as resp:
            assert resp.status == 404 and (await resp.json())["code"] == "resource_not_exist"
    async with http.get(f"{base}/assets/multipart-uploads/nope") as resp:
        assert resp.status == 404
    async with http.get(f"{base}/assets/multipart-uploads/{session['upload_id']}",
                        params={"page_limit": 51}) as resp:
        assert resp.status == 400


async def test_the_whole_flow_through_the_helper(emulator: Emulator, http: aiohttp.ClientSession,
                                                 raw: aiohttp.ClientSession, video_bytes: bytes) -> None:
    result = await upload_all(http, raw, emulator.base_url, video_bytes)
    assert result["report"]["asset_id"] == result["asset_id"]
    assert emulator.state.ingest_summary() == {
        "dog_park.mp4": {"assets": 1, "ready_assets": 1, "indexed": 0, "ready_indexed": 0}}


async def test_declared_type_must_match_the_bytes(emulator: Emulator, http: aiohttp.ClientSession,
                                                  raw: aiohttp.ClientSession) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big") + b"\x08\x06"
    result = await upload_all(http, raw, emulator.base_url, png + b"\0" * 100, filename="clip.mp4", kind="video")
    asset = await get_asset(http, emulator.base_url, result["asset_id"])
    assert asset["status"] == "failed" and "not a video" in asset["error"]["message"]
    assert asset["technical_metadata"]["file_size_bytes"] == len(png) + 100
    image = await upload_all(http, raw, emulator.base_url, png + b"\0" * 100, filename="photo.png", kind="image")
    detail = await get_asset(http, emulator.base_url, image["asset_id"])
    assert detail["status"] == "ready" and detail["technical_metadata"]["image_width"] == 640
    assert detail["technical_metadata"]["has_alpha"] is True and "duration" not in detail
