"""Assets as the API shows them (``Asset``, ``AssetDetail``, the 1.3.6 transcription), and as sources of
today's ``/analyze`` (``video: {"type": "asset_id", ...}`` and ``prompt_v2`` media).

The spec asks a *ready* asset wherever one is used ("The asset status must be `ready`"): an asset still
processing, or failed, is refused with 400 ``parameter_invalid``; an unknown id is 404 ``resource_not_exist``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .asset_state import Asset
from .clock import rfc3339
from .content import transcript
from .context import EmulatorContext
from .errors import ApiError
from .generation import Subject
from .media import technical_metadata
from .state import EmulatorState

__all__ = ["asset_json", "check_user_metadata", "lookup_asset", "require_asset", "require_ready_asset",
           "transcription_json"]


def lookup_asset(context: EmulatorContext, asset_id: str) -> Subject | None:
    """What an analysis of a ready asset is about, or ``None`` when there is no such asset."""
    asset = context.state.assets.get(asset_id)
    if asset is None:
        return None
    return _subject(require_ready_asset(context.state, asset_id, "asset_id"))


def require_asset(context: EmulatorContext, asset_id: str, *, kinds: Collection[str] | None = None,
                  field: str = "asset_id") -> Subject:
    """The subject of a ready asset (of one of ``kinds`` when given); 404 / 400 otherwise."""
    asset = require_ready_asset(context.state, asset_id, field)
    if kinds is not None and asset.kind not in kinds:
        raise ApiError.invalid(field, f"The asset `{asset_id}` is {_article(asset.kind)} {asset.kind} asset; "
                                      f"use {' or '.join(_article(k) + ' ' + k for k in kinds)} asset.")
    return _subject(asset)


def require_ready_asset(state: EmulatorState, asset_id: str, field: str = "asset_id") -> Asset:
    asset = state.assets.get(asset_id)
    if asset is None:
        raise ApiError.not_found(asset_id, "assets")
    status, _ = state.asset_status(asset)
    if status != "ready":
        raise ApiError.invalid(field, f"The asset `{asset_id}` is `{status}`; it must be `ready`. Use the Retrieve "
                                      "an asset method to check its status.")
    return asset


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _subject(asset: Asset) -> Subject:
    info = asset.info
    assert info is not None  # ready assets have been probed
    return Subject(f"asset:{asset.id}", asset.filename, info.duration or 0.0, info.width or 0, info.height or 0,
                   dict(asset.user_metadata))


def asset_json(state: EmulatorState, asset: Asset, origin: str, *, detail: bool = True) -> dict[str, Any]:
    """``AssetDetail`` (``detail``) or the ``Asset`` of the create response."""
    status, _since = state.asset_status(asset)
    out: dict[str, Any] = {
        "_id": asset.id, "method": asset.method, "status": status, "filename": asset.filename,
        "file_type": asset.file_type, "created_at": rfc3339(asset.created_at),
    }
    if asset.user_metadata:  # "absent when no metadata has been set"
        out["user_metadata"] = dict(asset.user_metadata)
    if asset.source is not None:  # "present only for assets imported through a connector"
        out["source"] = asset.source
    if not detail:
        return out
    if asset.enable_hls and asset.kind in ("video", "audio"):
        hls_status, _ = state.derived_status(asset, 0.5)
        out["hls"] = {"status": hls_status}
        if hls_status == "ready":
            out["hls"]["manifest_url"] = f"{origin}/_emulator/hls/{asset.id}.m3u8"
    if asset.enable_thumbnail:
        thumb_status, _ = state.derived_status(asset, 0.5)
        out["thumbnail"] = {"status": thumb_status}
        if thumb_status == "ready":
            out["thumbnail"]["representative_url"] = f"{origin}/_emulator/thumbnails/{asset.id}.png"
    info = asset.info
    if status == "ready" and info is not None:
        out["technical_metadata"] = technical_metadata(info, complete=True)
        out["size"] = info.size
        if asset.kind != "image" and info.duration is not None:
            out["duration"] = info.duration
    elif status == "failed":
        # "technical_metadata may be partially populated" when failed.
        if info is not None:
            out["technical_metadata"] = technical_metadata(info, complete=False)
        out["error"] = {"message": state.asset_error(asset)}
    return out


TRANSCRIPTION_INCLUDES = ("words", "sentences", "utterances")


def transcription_json(state: EmulatorState, asset: Asset, include: Collection[str]) -> dict[str, Any]:
    """1.3.6's ``AssetTranscriptionResponse``: ``pending`` while the asset processes, then ``processing``,
    then ``ready`` with the requested segmentations (``failed`` with the asset)."""
    status, _ = state.derived_status(asset, 0.5)
    if status == "error":
        return {"status": "failed", "error": {"message": "The asset could not be processed, so it has no "
                                                         "transcription."}}
    out: dict[str, Any] = {"status": status}
    if status != "ready":
        return out
    info = asset.info
    duration = info.duration if info is not None and info.duration else 0.0
    segments = transcript(asset.filename, duration)
    if "sentences" in include:
        out["sentences"] = [{"start": s, "end": e, "value": text} for s, e, text in segments]
    if "utterances" in include:
        out["utterances"] = [{"start": s, "end": e, "value": text, "speaker": f"speaker_{n % 2}"}
                             for n, (s, e, text) in enumerate(segments)]
    if "words" in include:
        words: list[dict[str, Any]] = []
        for start, end, text in segments:
            parts = text.split()
            step = (end - start) / len(parts) if parts else 0.0
            for i, word in enumerate(parts):
                words.append({"start": round(start + i * step, 3), "end": round(start + (i + 1) * step, 3),
                              "value": word})
        out["words"] = words
    return out


def check_user_metadata(value: Any, field: str = "user_metadata", *, allow_null: bool = False) -> dict[str, Any]:
    """A user-metadata object: string keys, values string / integer / float / boolean (``null`` where a
    PATCH deletes a key)."""
    if not isinstance(value, dict):
        raise ApiError.invalid(field, "It must be an object.")
    for key, item in value.items():
        if item is None and allow_null:
            continue
        if not isinstance(item, (str, int, float, bool)):
            raise ApiError.invalid(field, f"The value of `{key}` must be a string, a number or a boolean.")
    return dict(value)
