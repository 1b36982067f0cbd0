# Summaries, gists and open-ended analysis as the official SDK's examples/analyze.py at v1.0.0 asks for them.
# Stands for: twelvelabs-io/twelvelabs-python examples/analyze.py (1.0.0): summarize(type="summary" / "chapter" /
# "highlight") branching on res.summarize_type and reading chapters (chapter_number, chapter_title, start, end)
# and highlights; gist(types=[...]); analyze(...).data; analyze_stream(...) keeping the text_generation chunks;
# plus the stream_end event's metadata (metadata.generation_id, metadata.usage.output_tokens) and the
# stream_start's, which apps log for billing.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
    index = client.indexes.create(index_name="analyze-example",
                                  models=[{"model_name": "pegasus1.2", "model_options": ["visual", "audio"]}])
    with open(os.path.join(SAMPLES, "kitchen_talk.mp4"), "rb") as fh:
        task = client.tasks.create(index_id=index.id, video_file=fh)
    video_id = client.tasks.wait_for_done(task.id, sleep_interval=0.05).video_id

    res = client.summarize(video_id=video_id, type="summary")
    if res.summarize_type == "summary":
        print(f"Summary: {res.summary}")

    res = client.summarize(video_id=video_id, type="chapter")
    if res.summarize_type == "chapter":
        for chapter in res.chapters:
            print(f"  chapter_number={chapter.chapter_number} chapter_title={chapter.chapter_title} "
                  f"chapter_summary={chapter.chapter_summary} start={chapter.start} end={chapter.end}")

    res = client.summarize(video_id=video_id, type="highlight", prompt="Only the best moments", temperature=0.2)
    if res.summarize_type == "highlight":
        for highlight in res.highlights:
            print(f"  highlight={highlight.highlight} start={highlight.start} end={highlight.end}")

    gist = client.gist(video_id=video_id, types=["title", "topic", "hashtag"])
    print(f"Gist: title={gist.title} topics={gist.topics} hashtags={gist.hashtags}")

    res = client.analyze(video_id=video_id, prompt="What happened?", temperature=0.3)
    print(res.data)
    if res.usage is not None:
        print(f"usage: output_tokens={res.usage.output_tokens}")

    res_stream = client.analyze_stream(video_id=video_id, prompt="What happened?")
    pieces = []
    for chunk in res_stream:
        if chunk.event_type == "stream_start":
            print(f"stream started: has generation id={bool(chunk.metadata and chunk.metadata.generation_id)}")
        elif chunk.event_type == "text_generation":
            pieces.append(chunk.text)
        elif chunk.event_type == "stream_end":
            print(f"stream ended: {len(pieces)} pieces")
            if chunk.metadata and chunk.metadata.usage:
                print(f"Usage: output_tokens={chunk.metadata.usage.output_tokens}")
    print("".join(pieces))
