"""JSON shapes of the API's resources (inventory section 4), built from emulator state."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .clock import rfc3339
from .state import EmbedTask, EmulatorState, Index, Task, Video

__all__ = ["embed_task_json", "hls_json", "index_json", "task_json", "video_json", "video_summary_json"]


def index_json(index: Index) -> dict[str, Any]:
    return {
        "_id": index.id,
        "index_name": index.name,
        "created_at": rfc3339(index.created_at),
        "updated_at": rfc3339(index.updated_at),
        "expires_at": None,
        "models": [{"model_name": name, "model_options": list(options)} for name, options in index.models],
        "addons": list(index.addons),
        "video_count": len(index.videos),
        "total_duration": round(sum(v.duration for v in index.videos.values()), 3),
    }


def base_url(request: web.Request) -> str:
    return str(request.url.origin())


def hls_json(request: web.Request, state: EmulatorState, video: Video, task: Task | None) -> dict[str, Any]:
    if task is not None:
        status, since = state.hls_status(task)
    else:
        status, since = "COMPLETE", video.indexed_at
    origin = base_url(request)
    return {
        "video_url": f"{origin}/_emulator/hls/{video.id}.m3u8",
        "thumbnail_urls": [f"{origin}/_emulator/thumbnails/{video.id}.png"],
        "status": status,
        "updated_at": rfc3339(since),
    }


def task_json(state: EmulatorState, task: Task) -> dict[str, Any]:
    status, since = state.task_status(task)
    video = task.video
    return {
        "_id": task.id,
        "video_id": video.id,
        "index_id": video.index_id,
        "status": status,
        "created_at": rfc3339(task.created_at),
        "updated_at": rfc3339(since),
        "system_metadata": {
            "duration": video.duration,
            "filename": video.filename,
            "width": video.width,
            "height": video.height,
        },
    }


def _system(video: Video) -> dict[str, Any]:
    return {
        "filename": video.filename,
        "duration": video.duration,
        "fps": video.fps,
        "width": video.width,
        "height": video.height,
        "size": video.size,
    }


def video_summary_json(video: Video, *, with_asset: bool = False) -> dict[str, Any]:
    """A video as lists show it; ``with_asset``: the 2026 shape, which names the video's asset."""
    out: dict[str, Any] = {"_id": video.id}
    if with_asset:
        out["asset_id"] = video.asset_id
    out.update({
        "created_at": rfc3339(video.created_at),
        "updated_at": rfc3339(video.updated_at),
        "indexed_at": rfc3339(video.indexed_at),
        "system_metadata": _system(video),
    })
    return out


def video_json(video: Video, *, with_asset: bool = False) -> dict[str, Any]:
    out = video_summary_json(video, with_asset=with_asset)
    if video.user_metadata:
        out["user_metadata"] = dict(video.user_metadata)
    return out


def embed_metadata(task: EmbedTask) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if task.input_url is not None:
        meta["input_url"] = task.input_url
    if task.input_filename is not None:
        meta["input_filename"] = task.input_filename
    meta.update({
        "video_clip_length": task.clip_length,
        "video_embedding_scope": list(task.scope),
        "duration": task.duration,
    })
    return meta


def embed_task_json(state: EmulatorState, task: EmbedTask, *, with_updated: bool = False) -> dict[str, Any]:
    """An embed task; ``with_updated``: the 2026 shape, which adds when its status last changed."""
    status, since = state.embed_status(task)
    out: dict[str, Any] = {
        "_id": task.id,
        "model_name": task.model_name,
        "status": status,
        "created_at": rfc3339(task.created_at),
    }
    if with_updated:
        out["updated_at"] = rfc3339(since)
    out["video_embedding"] = {"metadata": embed_metadata(task)}
    return out
