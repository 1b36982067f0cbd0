# Uploading and waiting as the official SDK's examples/tasks.py at v1.0.0 does it.
# Stands for: twelvelabs-io/twelvelabs-python examples/tasks.py (1.0.0): `from twelvelabs.tasks import
# TasksRetrieveResponse` for the callback's annotation, tasks.create(index_id=..., video_file=<open file>),
# tasks.wait_for_done(task_id=..., callback=on_task_update), then the tasks.list(index_id=...) pager checked with
# len(tasks_pager.items) before it is iterated.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys

from twelvelabs import TwelveLabs
from twelvelabs.tasks import TasksRetrieveResponse

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

names: dict[str, str] = {}


def tag(value):
    return names.setdefault(value, f"id{len(names) + 1}") if value else value


with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
    created = client.indexes.create(index_name="tasks-example",
                                    models=[{"model_name": "marengo2.7", "model_options": ["visual", "audio"]}])
    index = client.indexes.retrieve(index_id=created.id)

    print(f"Tasks in index {tag(index.id)} before any upload")
    tasks_pager = client.tasks.list(index_id=index.id)
    print(f"  items on the first page: {len(tasks_pager.items)} has_next={tasks_pager.has_next}")

    for name in ("beach_walk.mp4", "city_night.mp4"):
        video_path = os.path.join(SAMPLES, name)
        with open(video_path, "rb") as video_file:
            task = client.tasks.create(index_id=index.id, video_file=video_file)
        print(f"Created task: id={tag(task.id)}")

        updates = []

        def on_task_update(task: TasksRetrieveResponse):
            updates.append(task.status)

        task = client.tasks.wait_for_done(task_id=task.id, sleep_interval=0.05, callback=on_task_update)
        if task.status != "ready":
            raise RuntimeError(f"Indexing failed with status {task.status}")
        print(f"Uploaded {name}: video_id={tag(task.video_id)} index_id={tag(task.index_id)}")
        if task.system_metadata is not None:
            meta = task.system_metadata
            print(f"  filename={meta.filename} duration={meta.duration} width={meta.width} height={meta.height}")

    print(f"Tasks in index {tag(index.id)}")
    tasks_pager = client.tasks.list(index_id=index.id)
    if len(tasks_pager.items) == 0:
        print("No tasks in the index, exiting")
        sys.exit()
    for task in sorted(tasks_pager, key=lambda t: t.system_metadata.filename):
        print(f"  id={tag(task.id)} status={task.status} filename={task.system_metadata.filename}")

    ready = client.tasks.list(index_id=index.id, status=["ready"], page_limit=1)
    print(f"ready tasks, one per page: first page {len(ready.items)}, has_next={ready.has_next}, "
          f"all {len(list(ready))}")

    done = client.tasks.retrieve(tasks_pager.items[0].id)
    client.indexes.videos.delete(index.id, done.video_id)  # a task goes only once its video has gone
    client.tasks.delete(done.id)
    print(f"deleted {tag(done.id)}; left {len(list(client.tasks.list(index_id=index.id)))}")
