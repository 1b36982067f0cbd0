# Videos of an index, page by page, as the official SDK's examples/videos.py at v1.0.0 reads them.
# Stands for: twelvelabs-io/twelvelabs-python examples/videos.py (1.0.0): indexes.videos.list(index.id) with
# `len(videos_pager.items)` and `videos_pager.items[0]`, indexes.videos.update(index.id, video.id,
# user_metadata={...}), indexes.videos.retrieve(..., embedding_option=[...]) reading
# video.embedding.video_embedding.segments; and the pager's own surface (has_next, next_page(), iter_pages())
# that scripts use to walk large indexes one page at a time.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys

from twelvelabs import TwelveLabs
from twelvelabs.indexes import IndexesCreateRequestModelsItem

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
    index = client.indexes.create(
        index_name="videos-example",
        models=[IndexesCreateRequestModelsItem(model_name="marengo2.7", model_options=["visual", "audio"])])
    for name in ("dog_park.mp4", "cat_sofa.mp4", "beach_walk.mp4", "city_night.mp4", "kitchen_talk.mp4"):
        with open(os.path.join(SAMPLES, name), "rb") as fh:
            task = client.tasks.create(index_id=index.id, video_file=fh)
        client.tasks.wait_for_done(task.id, sleep_interval=0.05)

    videos_pager = client.indexes.videos.list(index.id, page_limit=2, sort_by="created_at", sort_option="asc")
    if len(videos_pager.items) == 0:
        print("No videos in the index, exiting")
        sys.exit()
    print(f"first page: {len(videos_pager.items)} videos, has_next={videos_pager.has_next}")
    for video in videos_pager:
        print(f"  filename={video.system_metadata.filename} duration={video.system_metadata.duration} "
              f"size={video.system_metadata.width}x{video.system_metadata.height}")

    page_sizes = [len(page.items) for page in videos_pager.iter_pages()]
    print(f"page sizes: {page_sizes}")
    second = videos_pager.next_page()
    print(f"second page by hand: {[v.system_metadata.filename for v in second.items]} has_next={second.has_next}")

    video = videos_pager.items[0]
    client.indexes.videos.update(index.id, video.id, user_metadata={"from_sdk": True, "reviewer": "ana"})
    video = client.indexes.videos.retrieve(index.id, video.id)
    print(f"user_metadata={video.user_metadata}")

    video = client.indexes.videos.retrieve(index.id, video.id, embedding_option=["visual-text", "audio"])
    if video.embedding and video.embedding.video_embedding:
        print("Video Embeddings:")
        segments = video.embedding.video_embedding.segments
        print(f"  {len(segments)} segments, options {sorted({s.embedding_option for s in segments})}")
        for segment in segments[:3]:
            print(f"  embedding_scope={segment.embedding_scope} embedding_option={segment.embedding_option} "
                  f"start_offset_sec={segment.start_offset_sec} end_offset_sec={segment.end_offset_sec} "
                  f"values={len(segment.float_ or [])}")

    short = client.indexes.videos.list(index.id, duration=12)
    print(f"12-second videos: {[v.system_metadata.filename for v in short]}")
