"""Decoding and encoding of the response models through the one converter."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from twelvelabs_async._converter import structure, structure_strict, unstructure
from twelvelabs_async.models import Index, IndexModel, ModelDecodeError

UTC = timezone.utc

INDEX = {
    "_id": "62d9bafa90077fc60af827a0",
    "index_name": "myIndex",
    "created_at": "2024-01-09T11:11:20.463Z",
    "updated_at": "2024-01-09T11:17:15.296Z",
    "expires_at": None,
    "video_count": 12,
    "total_duration": 8716.8969,
    "models": [
        {"model_name": "marengo2.7", "model_options": ["visual", "audio"]},
        {"model_name": "pegasus1.2", "model_options": ["visual", "audio"]},
    ],
    "addons": ["thumbnail"],
}


def test_index_decodes_with_id_and_datetimes() -> None:
    index = structure(INDEX, Index)
    assert index.id == "62d9bafa90077fc60af827a0"
    assert index.created_at == datetime(2024, 1, 9, 11, 11, 20, 463000, tzinfo=UTC)
    assert index.expires_at is None
    assert index.models[0] == IndexModel("marengo2.7", ["visual", "audio"])
    assert index.addons == ["thumbnail"]


def test_missing_id_fails_clearly() -> None:
    with pytest.raises(ModelDecodeError, match="Index: required field '_id' is missing"):
        structure({"index_name": "x"}, Index)


def test_unknown_field_kept_and_strict_refuses_it() -> None:
    index = structure({**INDEX, "new_field": {"a": 1}}, Index)
    assert index.extra == {"new_field": {"a": 1}}
    assert unstructure(index)["new_field"] == {"a": 1}
    with pytest.raises(Exception, match="new_field"):
        structure_strict({**INDEX, "new_field": 1}, Index)
