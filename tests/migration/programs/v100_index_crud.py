# Index management as the official SDK's examples/index.py at v1.0.0 does it, with the clean-up scripts' habit of
# sorting by created_at and deleting what they made.
# Stands for: twelvelabs-io/twelvelabs-python examples/index.py (1.0.0): indexes.create with
# IndexesCreateRequestModelsItem and addons=["thumbnail"], indexes.retrieve(index_id=...),
# indexes.update(index_name=...), the indexes.list() pager iterated printing id, index_name and created_at; plus
# public clean-up code that parses created_at (an ISO string in the SDK) with datetime.fromisoformat, deletes an
# index and catches the ApiError (`from twelvelabs.core.api_error import ApiError`, status_code and body) that
# retrieving it raises after.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys
from datetime import datetime, timezone

from twelvelabs import TwelveLabs
from twelvelabs.core.api_error import ApiError
from twelvelabs.indexes import IndexesCreateRequestModelsItem

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]

names: dict[str, str] = {}


def tag(value):
    return names.setdefault(value, f"id{len(names) + 1}") if value else value


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
    made = []
    for n, options in enumerate((["visual", "audio"], ["visual"], ["audio"])):
        index = client.indexes.create(
            index_name=f"idx-crud-{n}",
            models=[IndexesCreateRequestModelsItem(model_name="marengo2.7", model_options=options)],
            addons=["thumbnail"],
        )
        made.append(index.id)
        print(f"Created index: id={tag(index.id)}")

    index = client.indexes.retrieve(index_id=made[0])
    print(f"Retrieved index: id={tag(index.id)} name={index.index_name} video_count={index.video_count} "
          f"total_duration={index.total_duration} addons={index.addons}")
    for model in index.models or []:
        print(f"  model {model.model_name} options={model.model_options}")

    client.indexes.update(index_id=index.id, index_name="idx-crud-renamed")
    updated_index = client.indexes.retrieve(index_id=index.id)
    print(f"Updated index name to {updated_index.index_name}")

    print("All Indexes: ")
    indexes_pager = client.indexes.list()
    listed = list(indexes_pager)
    now = datetime.now(timezone.utc)
    for index in sorted(listed, key=lambda i: i.created_at):
        created = parse_time(index.created_at)
        print(f"  id={tag(index.id)} name={index.index_name} created within the hour="
              f"{abs((now - created).total_seconds()) < 3600}")

    # The model_family filter of the list route.
    audio_only = client.indexes.list(model_options="audio", page_limit=10)
    print(f"indexes with audio: {sorted(i.index_name for i in audio_only)}")

    client.indexes.delete(made[2])
    try:
        client.indexes.retrieve(made[2])
        print("still there")
    except ApiError as e:  # 1.0.0 maps no 404 of this route to NotFoundError: catch the base class
        print(f"deleted index is gone: status={e.status_code} code={e.body['code']}")
    print(f"left: {sorted(tag(i.id) for i in client.indexes.list())}")
