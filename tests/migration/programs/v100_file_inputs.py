# The file inputs the official 1.0.0 SDK accepts (its core.File): open files, (filename, bytes) tuples,
# (filename, file, content_type) tuples, and bytes read into memory first.
# Stands for: services that receive an upload in a web handler and pass it on without touching the disk
# (`video_file=(upload.filename, await upload.read())`, FastAPI style), scripts that pass
# `(name, open(path, "rb"), "video/mp4")` to set the content type, the SDK's own examples that pass an open
# file, and embed.create(image_file=(name, data)) in image-search backends.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]


def read(name: str) -> bytes:
    with open(os.path.join(SAMPLES, name), "rb") as fh:
        return fh.read()


client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
index = client.indexes.create(index_name="file-inputs",
                              models=[{"model_name": "marengo2.7", "model_options": ["visual", "audio"]}])

uploads = [
    ("open file", lambda: open(os.path.join(SAMPLES, "dog_park.mp4"), "rb")),
    ("(filename, bytes)", lambda: ("upload_from_form.mp4", read("cat_sofa.mp4"))),
    ("(filename, file, content type)", lambda: ("with_type.mp4", open(os.path.join(SAMPLES, "beach_walk.mp4"), "rb"),
                                                "video/mp4")),
]
for label, make in uploads:
    value = make()
    try:
        task = client.tasks.create(index_id=index.id, video_file=value)
        done = client.tasks.wait_for_done(task.id, sleep_interval=0.05)
        print(f"{label}: {done.status}, filename={done.system_metadata.filename if done.system_metadata else None}")
    except Exception as e:
        print(f"{label}: refused ({type(e).__name__})")
    finally:
        handle = value[1] if isinstance(value, tuple) else value
        if hasattr(handle, "close"):
            handle.close()

print(f"filenames in the index: {sorted(v.system_metadata.filename for v in client.indexes.videos.list(index.id))}")

# Bytes alone: the upload still goes through; its file name is the library's choice, so only the status shows.
task = client.tasks.create(index_id=index.id, video_file=read("city_night.mp4"))
print(f"bytes: {client.tasks.wait_for_done(task.id, sleep_interval=0.05).status}")

image = read("dog_photo.png")
by_tuple = client.embed.create(model_name="Marengo-retrieval-2.7", image_file=("dog_query.png", image))
with open(os.path.join(SAMPLES, "dog_photo.png"), "rb") as fh:
    by_file = client.embed.create(model_name="Marengo-retrieval-2.7", image_file=fh)
a = by_tuple.image_embedding.segments[0].float_
b = by_file.image_embedding.segments[0].float_
print(f"image embeddings: {len(a)} and {len(b)} values; named 'dog_query.png' -> "
      f"{by_tuple.image_embedding.metadata.input_filename if by_tuple.image_embedding.metadata else None}")

hits = client.search.query(index_id=index.id, search_options=["visual"], query_media_type="image",
                           query_media_file=("dog_query.png", image))
print(f"image search by tuple: {len(list(hits))} clips")
