"""Retry decisions and delays: the pure functions of _retry, then the transport end to end with a fake sleep."""

from __future__ import annotations

import email.utils
import io
import random
from pathlib import Path

import pytest
from core_testkit import DROP, FakeTime, RecordingServer, Reply, free_port, make_client
from multidict import CIMultiDict

from twelvelabs_async import AsyncTwelveLabs
from twelvelabs_async._errors import APIConnectionError, InternalServerError, RateLimitError
from twelvelabs_async._retry import (
    RETRYABLE_STATUSES,
    Failure,
    RetryPolicy,
    backoff_delay,
    retry_delay,
    server_hinted_delay,
    should_retry,
)

NOW = 1_750_000_000.0
POLICY = RetryPolicy(max_retries=2)

# --- should_retry ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("idempotent", [True, False])
def test_connect_failures_are_always_retried(idempotent: bool) -> None:
    assert should_retry(POLICY, 0, Failure.CONNECT, idempotent=idempotent)


def test_send_failures_are_retried_only_when_idempotent() -> None:
    assert should_retry(POLICY, 0, Failure.SEND, idempotent=True)
    assert not should_retry(POLICY, 0, Failure.SEND, idempotent=False)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501, 505, 418])
@pytest.mark.parametrize("idempotent", [True, False])
def test_other_statuses_are_never_retried(status: int, idempotent: bool) -> None:
    assert not should_retry(POLICY, 0, Failure.STATUS, idempotent=idempotent, status=status)


@pytest.mark.parametrize("status", sorted(RETRYABLE_STATUSES))
def test_transient_statuses(status: int) -> None:
    assert should_retry(POLICY, 0, Failure.STATUS, idempotent=True, status=status)
    # a non-idempotent request is retried only when the server refused it
    assert should_retry(POLICY, 0, Failure.STATUS, idempotent=False, status=status) is (status == 429)


def test_transient_statuses_are_408_429_and_5xx() -> None:
    assert {408, 429, 500, 502, 503, 504} <= RETRYABLE_STATUSES


def test_status_failure_without_status_is_not_retried() -> None:
    assert not should_retry(POLICY, 0, Failure.STATUS, idempotent=True, status=None)


@pytest.mark.parametrize("failure", list(Failure))
def test_no_retry_past_max_retries(failure: Failure) -> None:
    assert should_retry(POLICY, 1, failure, idempotent=True, status=503)
    assert not should_retry(POLICY, 2, failure, idempotent=True, status=503)
    assert not should_retry(RetryPolicy(max_retries=0), 0, failure, idempotent=True, status=503)


def test_policy_rejects_negative_values() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError):
        RetryPolicy(initial_delay=-0.1)


# --- server_hinted_delay ------------------------------------------------------------------------------------------


def headers(**values: str) -> CIMultiDict[str]:
    return CIMultiDict({k.replace("_", "-"): v for k, v in values.items()})


def test_retry_after_seconds() -> None:
    assert server_hinted_delay(headers(Retry_After="7"), NOW) == 7.0
    assert server_hinted_delay(CIMultiDict({"RETRY-AFTER": "1.5"}), NOW) == 1.5


def test_retry_after_http_date() -> None:
    date = email.utils.formatdate(NOW + 30, usegmt=True)
    assert server_hinted_delay(headers(Retry_After=date), NOW) == pytest.approx(30.0)


def test_retry_after_date_in_the_past_is_zero() -> None:
    date = email.utils.formatdate(NOW - 30, usegmt=True)
    assert server_hinted_delay(headers(Retry_After=date), NOW) == 0.0


def test_retry_after_ms() -> None:
    assert server_hinted_delay(CIMultiDict({"Retry-After-Ms": "250"}), NOW) == 0.25


def test_retry_after_ms_wins_over_retry_after() -> None:
    assert server_hinted_delay(CIMultiDict({"retry-after-ms": "100", "Retry-After": "9"}), NOW) == 0.1


def test_ratelimit_reset_is_absolute_epoch_seconds() -> None:
    assert server_hinted_delay(CIMultiDict({"X-Ratelimit-Reset": str(int(NOW) + 3)}), NOW) == 3.0
    assert server_hinted_delay(CIMultiDict({"x-ratelimit-reset": str(int(NOW) - 10)}), NOW) == 0.0


def test_garbage_hints_are_ignored() -> None:
    assert server_hinted_delay(CIMultiDict({"Retry-After": "soon", "X-Ratelimit-Reset": "x"}), NOW) is None
    assert server_hinted_delay(CIMultiDict({"Retry-After-Ms": "x", "Retry-After": "2"}), NOW) == 2.0
    assert server_hinted_delay(CIMultiDict(), NOW) is None


def test_negative_retry_after_is_clamped() -> None:
    assert server_hinted_delay(headers(Retry_After="-5"), NOW) == 0.0


# --- backoff and retry_delay ---------------------------------------------------------------------------------------


def test_backoff_is_full_jitter_capped() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=8.0)
    rng = random.Random(42)
    for retries_done, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (20, 8.0)]:
        draws = [backoff_delay(policy, retries_done, rng) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in draws)
        assert max(draws) > ceiling * 0.8  # the whole range is used, not a fixed fraction


def test_backoff_is_reproducible_with_a_seed() -> None:
    a = [backoff_delay(POLICY, n, random.Random(7)) for n in range(4)]
    b = [backoff_delay(POLICY, n, random.Random(7)) for n in range(4)]
    assert a == b


def test_retry_delay_prefers_the_hint() -> None:
    assert retry_delay(POLICY, 0, CIMultiDict({"Retry-After": "3"}), NOW, random.Random(1)) == 3.0


def test_retry_delay_falls_back_to_backoff() -> None:
    expected = backoff_delay(POLICY, 1, random.Random(3))
    assert retry_delay(POLICY, 1, CIMultiDict(), NOW, random.Random(3)) == expected
    assert retry_delay(POLICY, 1, None, NOW, random.Random(3)) == expected


def test_retry_delay_gives_up_past_max_hinted_delay() -> None:
    policy = RetryPolicy(max_hinted_delay=60.0)
    assert retry_delay(policy, 0, CIMultiDict({"Retry-After": "60"}), NOW, random.Random(1)) == 60.0
    assert retry_delay(policy, 0, CIMultiDict({"Retry-After": "61"}), NOW, random.Random(1)) is None
    reset = CIMultiDict({"X-Ratelimit-Reset": str(int(NOW) + 86_400)})
    assert retry_delay(policy, 0, reset, NOW, random.Random(1)) is None


# --- the transport end to end ------------------------------------------------------------------------------------


def expected_backoffs(count: int, seed: int = 1234) -> list[float]:
    rng = random.Random(seed)
    return [backoff_delay(POLICY, n, rng) for n in range(count)]


async def test_503_503_200_succeeds_after_two_retries(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503), Reply(503, body="busy"), Reply(json={"_id": "idx1"}))
    index = await client.indexes.retrieve("idx1")
    assert index.id == "idx1"
    assert len(server.requests) == 3
    assert fake_time.sleeps == expected_backoffs(2)
    assert 0 <= fake_time.sleeps[0] <= 0.5 and 0 <= fake_time.sleeps[1] <= 1.0


async def test_gives_up_after_max_retries(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503), Reply(503), Reply(503), Reply(json={"_id": "never"}))
    with pytest.raises(InternalServerError) as info:
        await client.indexes.retrieve("idx1")
    assert info.value.status == 503
    assert len(server.requests) == 3
    assert len(fake_time.sleeps) == 2


async def test_max_retries_of_the_client(server: RecordingServer, fake_time: FakeTime) -> None:
    c = make_client(server.base_url, fake_time, max_retries=1)
    try:
        server.script(Reply(502), Reply(502), Reply(json={"_id": "never"}))
        with pytest.raises(InternalServerError):
            await c.indexes.retrieve("idx1")
    finally:
        await c.aclose()
    assert len(server.requests) == 2
    assert len(fake_time.sleeps) == 1


@pytest.mark.parametrize(("max_retries", "attempts"), [(0, 1), (1, 2), (4, 5)])
async def test_max_retries_per_call(
    max_retries: int, attempts: int, server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(*[Reply(500)] * 5, Reply(json={"_id": "never"}))
    with pytest.raises(InternalServerError):
        await client.indexes.retrieve("idx1", request_options={"max_retries": max_retries})
    assert len(server.requests) == attempts
    assert len(fake_time.sleeps) == attempts - 1


async def test_idempotent_get_is_retried_on_a_dropped_connection(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    # aiohttp itself re-sends an idempotent request once on a dropped keep-alive connection; the second drop
    # reaches the SDK's retry loop, which must back off and try again.
    server.script(DROP, DROP, Reply(json={"_id": "idx1"}))
    index = await client.indexes.retrieve("idx1")
    assert index.id == "idx1"
    assert len(server.requests) == 3
    assert 1 <= len(fake_time.sleeps) <= 2


async def test_max_retries_zero_sends_a_get_once_on_a_dropped_connection(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(DROP, Reply(json={"_id": "idx1"}))
    with pytest.raises(APIConnectionError):
        await client.indexes.retrieve("idx1", request_options={"max_retries": 0})
    assert len(server.requests) == 1


async def test_non_idempotent_post_is_not_retried_on_500(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(500), Reply(json={"_id": "t2"}))
    with pytest.raises(InternalServerError):
        await client.tasks.create(index_id="idx1", video_url="https://e/v.mp4")
    assert len(server.requests) == 1
    assert fake_time.sleeps == []


async def test_non_idempotent_post_is_not_retried_on_a_dropped_connection(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(DROP, Reply(json={"_id": "t2"}))
    with pytest.raises(APIConnectionError):
        await client.tasks.create(index_id="idx1", video_file=b"video")
    assert len(server.requests) == 1
    assert fake_time.sleeps == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.indexes.create(index_name="n", models=[{"model_name": "marengo3.0", "model_options": ["visual"]}]),
        lambda c: c.embed.tasks.create(model_name="m", video_url="https://e/v.mp4"),
    ],
    ids=["indexes.create", "embed.tasks.create"],
)
async def test_other_creating_posts_are_not_retried_on_503(
    call, server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503), Reply(201, json={"_id": "x"}))
    with pytest.raises(InternalServerError):
        await call(client)
    assert len(server.requests) == 1


async def test_read_only_post_is_retried_on_503(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503), Reply(json={"id": "g1", "data": "t"}))
    result = await client.analyze(video="https://e/v.mp4", prompt="describe")
    assert result.data == "t"
    assert len(server.requests) == 2


async def test_non_idempotent_post_is_retried_on_429(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(429), Reply(json={"_id": "t1", "video_id": "v1"}))
    task = await client.tasks.create(index_id="idx1", video_url="https://e/v.mp4")
    assert task.id == "t1"
    assert len(server.requests) == 2
    assert len(fake_time.sleeps) == 1
    assert server.requests[0].fields() == server.requests[1].fields()


async def test_non_idempotent_post_is_retried_when_the_connection_is_refused(fake_time: FakeTime) -> None:
    port = free_port()
    late = RecordingServer(port=port)
    late.script(Reply(json={"_id": "t1", "video_id": "v1"}))
    started: list[bool] = []

    def start_server(delay: float) -> None:
        if not started:
            late.start()
            started.append(True)

    fake_time.on_sleep = start_server
    c = make_client(f"http://127.0.0.1:{port}/v1.3", fake_time)
    try:
        task = await c.tasks.create(index_id="idx1", video_url="https://e/v.mp4")
    finally:
        await c.aclose()
        late.stop()
    assert task.id == "t1"
    assert len(fake_time.sleeps) == 1
    assert len(late.requests) == 1  # the first attempt never reached a server


async def test_connection_refused_every_time_raises_after_the_retries(fake_time: FakeTime) -> None:
    c = make_client(f"http://127.0.0.1:{free_port()}/v1.3", fake_time)
    try:
        with pytest.raises(APIConnectionError) as info:
            await c.tasks.create(index_id="idx1", video_url="https://e/v.mp4")
    finally:
        await c.aclose()
    assert len(fake_time.sleeps) == 2
    assert info.value.method == "POST"


async def test_429_waits_until_ratelimit_reset(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    reset = str(int(fake_time.now) + 3)
    server.script(
        Reply(429, headers={"X-Ratelimit-Reset": reset, "X-Ratelimit-Remaining": "0"}),
        Reply(json={"id": "s1", "data": "ok"}),
    )
    result = await client.analyze(video="https://e/v.mp4", prompt="summarize")
    assert result.data == "ok"
    assert fake_time.sleeps == [3.0]


async def test_retry_after_on_503_is_honoured(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503, headers={"Retry-After": "2"}), Reply(json={"_id": "i"}))
    await client.indexes.retrieve("i")
    assert fake_time.sleeps == [2.0]


async def test_429_with_a_reset_far_away_is_raised_at_once(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    reset = int(fake_time.now) + 3600
    server.script(Reply(429, headers={"X-Ratelimit-Reset": str(reset)}), Reply(json={"_id": "never"}))
    with pytest.raises(RateLimitError) as info:
        await client.search.create(index_id="i", search_options=["visual"], query_text="q")
    assert info.value.retry_after == 3600.0
    assert fake_time.sleeps == []
    assert len(server.requests) == 1


# --- bodies re-sent whole ----------------------------------------------------------------------------------------


async def test_bytes_file_is_resent_whole(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    payload = bytes(range(256)) * 400
    server.script(Reply(429), Reply(json={"_id": "t1"}))
    await client.tasks.create(index_id="idx1", video_file=payload)
    first, second = server.requests
    assert first.files()[0].data == second.files()[0].data == payload


async def test_path_file_is_resent_whole(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime, tmp_path: Path
) -> None:
    payload = b"0123456789" * 50_000
    video = tmp_path / "clip.mp4"
    video.write_bytes(payload)
    server.script(Reply(503), Reply(json={"_id": "et1"}), Reply(429), Reply(json={"_id": "t1"}))
    await client.embed.create(model_name="m", audio_file=video)  # idempotent POST: 503 is retried
    await client.tasks.create(index_id="idx1", video_file=video)
    assert len(server.requests) == 4
    for req in server.requests:
        (part,) = req.files()
        assert (part.filename, part.data) == ("clip.mp4", payload)


async def test_open_file_is_rewound_for_the_retry(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime, tmp_path: Path
) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"HEADER" + b"x" * 100_000)
    server.script(Reply(429), Reply(429), Reply(json={"_id": "t1"}))
    with video.open("rb") as handle:
        handle.seek(6)  # the upload starts where the caller left the file
        await client.tasks.create(index_id="idx1", video_file=handle)
        assert not handle.closed
    assert len(server.requests) == 3
    for req in server.requests:
        (part,) = req.files()
        assert part.filename == "clip.mp4"
        assert part.data == b"x" * 100_000


async def test_bytesio_is_rewound_for_the_retry(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503), Reply(json={"model_name": "m"}))
    await client.embed.create(model_name="m", image_file=io.BytesIO(b"image-bytes"))
    assert [r.files()[0].data for r in server.requests] == [b"image-bytes", b"image-bytes"]


class _Unseekable(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


async def test_unseekable_file_is_not_resent(
    server: RecordingServer, client: AsyncTwelveLabs, fake_time: FakeTime
) -> None:
    server.script(Reply(503), Reply(json={"model_name": "m"}))
    with pytest.raises(InternalServerError):
        await client.embed.create(model_name="m", image_file=_Unseekable(b"stream"))
    assert len(server.requests) == 1
    assert server.requests[0].files()[0].data == b"stream"


# --- a DELETE whose answer was lost ----------------------------------------------------------------------------

NOT_FOUND = Reply(status=404, json={"code": "resource_not_exist", "message": "gone"})


@pytest.mark.parametrize("first", [DROP, Reply(status=502, json={"code": "bad_gateway", "message": "x"})],
                         ids=["lost-answer", "502"])
async def test_a_delete_gone_on_the_resend_was_done_by_the_first_attempt(
    first: Reply, server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    server.script(first, NOT_FOUND)
    assert await client.indexes.delete("idx1") is None  # deleted, not "not found"
    assert [r.method for r in server.requests] == ["DELETE", "DELETE"]


async def test_a_delete_of_something_that_never_existed_is_still_not_found(
    server: RecordingServer, client: AsyncTwelveLabs
) -> None:
    from twelvelabs_async import NotFoundError

    server.script(NOT_FOUND)
    with pytest.raises(NotFoundError):
        await client.indexes.delete("nope")
    assert len(server.requests) == 1


async def test_only_deletes_take_a_404_on_the_resend_for_done(server: RecordingServer, client: AsyncTwelveLabs) -> None:
    from twelvelabs_async import NotFoundError

    server.script(DROP, NOT_FOUND)
    with pytest.raises(NotFoundError):
        await client.indexes.retrieve("idx1")
