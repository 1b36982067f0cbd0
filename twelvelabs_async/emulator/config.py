"""Settings of one emulator instance (see :class:`EmulatorConfig`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .surfaces import DEFAULT_SURFACE, check_surface

__all__ = ["EmulatorConfig"]

GIB = 1024**3
MIB = 1024**2
# The asset limits are written in decimal units as the 2026-07 spec states them ("200 MB", "4 GB", "10 GB"):
# taking the stricter reading means a client that picks its upload path by these limits is caught if it
# confuses MB with MiB.
MB = 1000**2
GB = 1000**3


@dataclass
class EmulatorConfig:
    """Knobs of the emulator; :class:`~.server.Emulator` takes the same names as keyword arguments.

    - ``api_key``: accept only this key (``None``: any non-empty key).
    - ``speed``: task lifecycle speed factor. ``1.0`` takes an indexing task from ``validating`` to ``ready``
      in about 1.5 s and an embed task to ``ready`` in 1 s; ``2.0`` twice as fast; ``0`` makes tasks ready
      at once.
    - ``stream_delay``: seconds between NDJSON events of ``/analyze`` and ``/generate`` streams (``0``
      writes them as fast as possible, coalescing lines into larger writes).
    - ``stream_events``: number of ``text_generation`` events per stream when the prompt does not ask for a
      count (``None``: one event per few characters of the answer). A prompt containing
      ``[emulator:events=N]`` asks for exactly N events.
    - ``rate_limit``: requests allowed per key and endpoint in each ``rate_limit_window`` seconds on the
      rate-limited endpoints (/search, /analyze, and on surface 2025 /summarize, /gist, /generate).
    - ``search_token_ttl``: lifetime in seconds of search page tokens.
    - ``max_video_bytes``: upload size limit (the API's is 2 GB).
    - ``integrations``: integration id -> file names an import brings in; unknown ids get a made-up list
      (surface ``"2025"`` only: the 2026 API has no cloud transfers).
    - ``upload_dir``: where uploads are spooled while they are probed (``None``: a temporary folder).
    - ``surface``: which API to serve: ``"2026"`` (default, the current API) or ``"2025"`` (the seed-era
      API); see :mod:`.surfaces`. Anything else raises ValueError.

    - ``idle_connection_timeout``: seconds a connection may hold a slot without a request in progress (one that
      never finishes its headers, or a silent keep-alive) before it is closed; see :mod:`.idle`.

    Assets and multipart uploads (surface ``"2026"`` only):

    - ``multipart_chunk_size``: the ``chunk_size`` the server chooses for a multipart upload (grown, in whole
      MiB, when a file would need more than 10,000 chunks). Small values (a few KiB) are fine for tests.
    - ``multipart_initial_urls``: how many presigned URLs the create response carries (the first chunks);
      the rest come from ``POST /assets/multipart-uploads/{id}/presigned-urls``.
    - ``multipart_upload_headers``: the ``upload_headers`` of the create response; the storage server refuses
      a PUT that does not send each of them with that value (403 ``SignatureDoesNotMatch``, as S3 does for a
      signed header). The default is what the official SDK 1.3.6 happens to send (it ignores the field);
      add a header to catch a client that does not forward them.
    - ``max_direct_upload_bytes`` / ``max_url_asset_bytes`` / ``max_image_bytes`` / ``max_multipart_bytes``:
      the documented limits of ``POST /assets`` (200 MB local, 4 GB by URL, images 32 MB) and of multipart
      uploads (10 GB; images 32 MB).

    Knowledge stores, ``/responses`` and data connectors (surface ``"2026"`` only; see :mod:`.knowledge_state`,
    :mod:`.routes_responses` and :mod:`.connector_state`):

    - ``knowledge_search_token_ttl``: lifetime in seconds of a knowledge-store search page token from the moment
      it is handed out; an older one answers 410.
    - ``response_event_delay``: seconds between the server-sent events of ``/responses`` (``0``: as fast as
      possible).
    - ``response_think_seconds``: how long Jockey "reasons" (silence after ``response.in_progress``) before the
      output starts; keep-alive comments fill it.
    - ``sse_keepalive_interval``: seconds of silence after which a ``: ping`` comment is sent on an SSE stream
      (the official SDK 1.3.6 documents "about every 10 seconds").
    - ``drive_files``: the fake Google Drive behind every connection: ``{source_id: (filename, size_bytes,
      kind)}`` with kind ``video`` / ``audio`` / ``image``, ``unavailable`` (``source_unavailable``),
      ``not_authorized`` (``source_not_authorized``) or anything else (``unsupported_media_type``). Source ids
      not listed are made-up videos (``drive_{id}.mp4``), except ids starting with ``missing`` (unavailable) or
      ``denied`` (not authorized).
    - ``drive_account``: the Google account the fake OAuth page connects (its e-mail address) unless the
      authorization URL is fetched with ``?account=...``.
    - ``loopback_redirect_uris``: accept ``http://127.0.0.1``/``localhost`` redirect URIs (RFC 8252 section 7.3)
      besides the public HTTPS ones the spec asks for, so a test can receive the OAuth redirect itself.
    - ``max_redirect_uris``: how many redirect URIs can be registered (then 422 ``redirect_uri_limit_exceeded``).

    Async analysis, batches and webhooks (surface ``"2026"`` only; see :mod:`.analysis_state` and
    :mod:`.webhooks`):

    - ``batch_concurrency``: how many items of one batch are ``processing`` at a time (the rest wait
      ``queued``); each takes 1 emulated second unless its prompt holds ``[emulator:seconds=N]``.
    - ``webhook_urls``: where the emulator POSTs signed webhook events (``analyze.task.ready`` /
      ``analyze.task.failed`` / ``analyze.task.canceled`` and the batch events); more can be registered
      with ``POST /_emulator/webhooks``.
    - ``webhook_secret``: the HMAC-SHA256 key of the ``TL-Signature`` header (``None``: a fixed default,
      :data:`.webhooks.DEFAULT_SECRET`).
    - ``webhook_timeout`` / ``webhook_max_attempts`` / ``webhook_retry_delay``: each delivery attempt's
      timeout in seconds, attempts per URL and event, and the first pause between attempts (doubled each
      time); these are real seconds, not emulated ones, since they concern a real HTTP receiver.
    """

    api_key: str | None = None
    speed: float = 1.0
    stream_delay: float = 0.0
    stream_events: int | None = None
    rate_limit: int = 1_000_000
    rate_limit_window: float = 86_400.0
    search_token_ttl: float = 3_600.0
    max_video_bytes: int = 2 * GIB
    integrations: Mapping[str, Sequence[str]] = field(default_factory=dict)
    upload_dir: str | None = None
    surface: str = DEFAULT_SURFACE
    multipart_chunk_size: int = 8 * MIB
    multipart_initial_urls: int = 10
    multipart_upload_headers: Mapping[str, str] = field(
        default_factory=lambda: {"Content-Type": "application/octet-stream"})
    max_direct_upload_bytes: int = 200 * MB
    max_url_asset_bytes: int = 4 * GB
    max_image_bytes: int = 32 * MB
    max_multipart_bytes: int = 10 * GB
    idle_connection_timeout: float = 30.0
    knowledge_search_token_ttl: float = 3_600.0
    response_event_delay: float = 0.0
    response_think_seconds: float = 0.0
    sse_keepalive_interval: float = 10.0
    drive_files: Mapping[str, tuple[str, int, str]] = field(default_factory=dict)
    drive_account: str = "drive-user@example.com"
    loopback_redirect_uris: bool = True
    max_redirect_uris: int = 20
    batch_concurrency: int = 10
    webhook_urls: Sequence[str] = ()
    webhook_secret: str | None = None
    webhook_timeout: float = 5.0
    webhook_max_attempts: int = 3
    webhook_retry_delay: float = 0.05

    def __post_init__(self) -> None:
        self.surface = check_surface(self.surface)
        if not self.idle_connection_timeout > 0:
            raise ValueError("idle_connection_timeout must be > 0")
        if self.multipart_chunk_size < 1 or self.multipart_initial_urls < 0:
            raise ValueError("multipart_chunk_size must be >= 1 and multipart_initial_urls >= 0")
        if self.response_event_delay < 0 or self.response_think_seconds < 0 or self.sse_keepalive_interval <= 0:
            raise ValueError("response_event_delay and response_think_seconds must be >= 0 and "
                             "sse_keepalive_interval > 0")
        if self.batch_concurrency < 1:
            raise ValueError("batch_concurrency must be >= 1")
        if self.webhook_timeout <= 0 or self.webhook_max_attempts < 1 or self.webhook_retry_delay < 0:
            raise ValueError("webhook_timeout must be > 0, webhook_max_attempts >= 1, webhook_retry_delay >= 0")
        self.webhook_urls = tuple(self.webhook_urls)
