"""An aiohttp.web service that shares ONE AsyncTwelveLabs client across all its requests.

    python examples/web_service.py                      # no base URL: starts the emulator, with a sample video
    TWELVELABS_API_KEY=tlk_... python examples/web_service.py --base-url https://api.twelvelabs.io/v1.3

    curl http://127.0.0.1:8080/indexes
    curl "http://127.0.0.1:8080/search?index_id=ID&q=dog"
    curl -N -X POST http://127.0.0.1:8080/analyze -d '{"video": "https://.../clip.mp4", "prompt": "What happens?"}'

Why one client: it owns the connection pool, so every request of the service reuses warm connections, and the
pool is closed exactly once, when the service stops. The client is created in a ``cleanup_ctx`` (the code before
``yield`` runs at startup, the code after it at cleanup), on the service's own event loop.

``POST /analyze`` relays the analyze answer to its own HTTP client chunk by chunk, as the model writes it
(chunked transfer encoding), instead of waiting for the whole text. ``video`` is the video's URL, or the API's
tagged object (``{"type": "asset_id", "asset_id": ...}`` for an uploaded asset). A request the service cannot
read is a 400, never a 500.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator

from aiohttp import web
from aiohttp.typedefs import Handler

from twelvelabs_async import APIStatusError, ArgumentError, AsyncTwelveLabs
from twelvelabs_async.models import SearchClip, TextGeneration

CLIENT = web.AppKey("client", AsyncTwelveLabs)
SETTINGS = web.AppKey("settings", dict)


def make_app(*, api_key: str | None = None, base_url: str | None = None,
             start_emulator: bool = False) -> web.Application:
    """The service. ``api_key`` and ``base_url`` default to TWELVELABS_API_KEY and TWELVELABS_BASE_URL;
    ``start_emulator`` runs a local emulator (with one sample video) in the service's loop instead."""
    app = web.Application()
    app[SETTINGS] = {"api_key": api_key, "base_url": base_url}
    if start_emulator:
        app.cleanup_ctx.append(emulator)  # before the client: started first, stopped last
    app.cleanup_ctx.append(twelvelabs_client)
    app.middlewares.append(api_errors)
    app.router.add_get("/indexes", list_indexes)
    app.router.add_get("/search", search)
    app.router.add_post("/analyze", analyze)
    return app


async def twelvelabs_client(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    app[CLIENT] = AsyncTwelveLabs(api_key=settings["api_key"], base_url=settings["base_url"])  # at startup
    yield
    await app[CLIENT].aclose()  # at cleanup: release the connection pool, once


@web.middleware
async def api_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Pass the API's status and error code on to our own client as JSON."""
    try:
        return await handler(request)
    except APIStatusError as exc:
        return web.json_response({"code": exc.code, "message": exc.message}, status=exc.status)


async def list_indexes(request: web.Request) -> web.Response:
    client = request.app[CLIENT]
    indexes = [{"id": i.id, "name": i.index_name, "videos": i.video_count} async for i in client.indexes.list()]
    return web.json_response(indexes)


async def search(request: web.Request) -> web.Response:
    client = request.app[CLIENT]
    index_id, query = request.query.get("index_id"), request.query.get("q")
    if not index_id or not query:
        raise web.HTTPBadRequest(text="index_id and q are required")
    pager = client.search.query(index_id=index_id, query_text=query, search_options=["visual", "audio"])
    clips = [item for item in await pager.to_list(limit=int(request.query.get("limit", "10")))
             if isinstance(item, SearchClip)]
    return web.json_response(
        [{"video_id": c.video_id, "rank": c.rank, "start": c.start, "end": c.end} for c in clips]
    )


async def analyze(request: web.Request) -> web.StreamResponse:
    client = request.app[CLIENT]
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="the body must be JSON: {\"video\": URL, \"prompt\": TEXT}") from None
    if not isinstance(body, dict) or not body.get("video") or not isinstance(body.get("prompt"), str):
        raise web.HTTPBadRequest(text="give {\"video\": URL or {\"type\": \"asset_id\", ...}, \"prompt\": TEXT}")
    try:
        stream = client.analyze_stream(video=body["video"], prompt=body["prompt"])
    except ArgumentError as exc:  # refused before any request: the caller's input, not our failure
        raise web.HTTPBadRequest(text=str(exc)) from None
    # Open the stream before answering: an API error (unknown video, ...) can still become a proper status.
    async with stream:
        response = web.StreamResponse(headers={"Content-Type": "text/plain; charset=utf-8"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        async for event in stream:
            if isinstance(event, TextGeneration):
                await response.write(event.text.encode())  # one chunk per event, as it arrives
        await response.write_eof()
    return response


# --- running it standalone ----------------------------------------------------------------------------------


SAMPLE_VIDEO_URL = "https://videos.example.com/dog_park.mp4"


async def emulator(app: web.Application) -> AsyncIterator[None]:
    """A local emulator with an index of one sample video, for trying the service without a key."""
    from twelvelabs_async.emulator import Emulator

    async with Emulator(speed=0, stream_delay=0.05) as emu:
        index_id = emu.state.create_index("web-demo", [("marengo3.0", ["visual", "audio"])])
        emu.state.seed_videos(index_id, 1, prefix="dog_park")
        app[SETTINGS].update(base_url=emu.base_url, api_key="tlk_emulator", index_id=index_id,
                             video=SAMPLE_VIDEO_URL)
        print(f"emulator at {emu.base_url}: index {index_id}; analyze {SAMPLE_VIDEO_URL}", flush=True)
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description="An aiohttp.web service sharing one AsyncTwelveLabs client.")
    parser.add_argument("--base-url", default=os.environ.get("TWELVELABS_BASE_URL"),
                        help="API root (default: $TWELVELABS_BASE_URL; none: start the emulator)")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    app = make_app(base_url=args.base_url, start_emulator=not args.base_url)
    web.run_app(app, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
