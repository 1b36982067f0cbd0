# Searching as the official SDK's examples/search.py at v1.0.0 does it, image query included.
# Stands for: twelvelabs-io/twelvelabs-python examples/search.py (1.0.0): search.query(..., group_by="video")
# iterated group by group (group.id, group.clips), the ungrouped query iterated clip by clip (score, start, end,
# confidence), and the image query whose file is opened in a `with` block around the call and the pager iterated
# after the block has closed the file; plus the pager's page surface (items, has_next, next_page()) used by
# code that shows one page of results at a time.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

names: dict[str, str] = {}


def tag(value):
    return names.setdefault(value, f"video{len(names) + 1}") if value else value


with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
    index = client.indexes.create(index_name="search-example",
                                  models=[{"model_name": "marengo2.7", "model_options": ["visual", "audio"]}])
    for name in ("dog_park.mp4", "cat_sofa.mp4", "kitchen_talk.mp4"):
        with open(os.path.join(SAMPLES, name), "rb") as fh:
            task = client.tasks.create(index_id=index.id, video_file=fh)
        done = client.tasks.wait_for_done(task.id, sleep_interval=0.05)
        print(f"{name}: {done.status} as {tag(done.video_id)}")
    index = client.indexes.retrieve(index_id=index.id)

    print("Search (group by video):")
    search_pager = client.search.query(index_id=index.id, search_options=["visual", "audio"],
                                       query_text="a dog in the park", group_by="video")
    for group in search_pager:
        if group.clips is None:
            continue
        print(f"  Video ID: {tag(group.id)}")
        for clip in group.clips:
            print(f"  score={clip.score} start={clip.start} end={clip.end} confidence={clip.confidence}")

    print("Search (no grouping):")
    search_pager = client.search.query(index_id=index.id, search_options=["visual", "audio"],
                                       query_text="a cat on a sofa")
    for clip in search_pager:
        print(f"  {tag(clip.video_id)} score={clip.score} start={clip.start} end={clip.end} "
              f"confidence={clip.confidence}")

    print("One page at a time:")
    page = client.search.query(index_id=index.id, search_options=["visual"], query_text="cat sofa", page_limit=2)
    for n in range(1, 20):
        print(f"  page {n}: {[(tag(c.video_id), c.start) for c in page.items]} has_next={page.has_next}")
        if not page.has_next:
            break
        page = page.next_page()

    print("Search by image:")
    image_path = os.path.join(SAMPLES, "dog_photo.png")
    with open(image_path, "rb") as image_file:
        search_pager = client.search.query(index_id=index.id, search_options=["visual"],
                                           query_media_type="image", query_media_file=image_file)
    for clip in search_pager:
        print(f"  {tag(clip.video_id)} score={clip.score} start={clip.start} end={clip.end} "
              f"confidence={clip.confidence}")
