# Open-ended analysis with structured output, as the official SDK's examples/analyze.py at 1.3 writes it.
# Stands for: twelvelabs-io/twelvelabs-python examples/analyze.py (1.3.x): `from twelvelabs.types import
# StreamAnalyzeResponse_StreamEnd, SyncResponseFormat`; a basic analyze dumped with json.dumps(res.model_dump(),
# indent=2); analyze with temperature, max_tokens and response_format=SyncResponseFormat(type="json_schema",
# json_schema={...}); analyze_stream printing text chunks and, on `isinstance(chunk, StreamAnalyzeResponse_StreamEnd)`,
# chunk.finish_reason and chunk.metadata.usage. 1.3.6 no longer takes video_id, so the video is an uploaded asset
# (video=VideoContext_AssetId(...), model_name="pegasus1.5") as its README shows.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import json
import os
import sys
import time

from twelvelabs import TwelveLabs
from twelvelabs.types import StreamAnalyzeResponse_StreamEnd, SyncResponseFormat, VideoContext_AssetId

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

with TwelveLabs(api_key=API_KEY, base_url=BASE_URL) as client:
    with open(os.path.join(SAMPLES, "dog_park.mp4"), "rb") as fh:
        asset = client.assets.create(method="direct", file=fh)
    for _ in range(2000):
        if client.assets.retrieve(asset.id).status == "ready":
            break
        time.sleep(0.02)
    video = VideoContext_AssetId(asset_id=asset.id)

    res = client.analyze(model_name="pegasus1.5", video=video, prompt="What happened?")
    print("Basic analyze result:")
    dumped = res.model_dump()
    dumped.pop("id", None)
    print(json.dumps(dumped, indent=2, sort_keys=True))

    res_structured = client.analyze(
        model_name="pegasus1.5",
        video=video,
        prompt="Title of the video, followed by a summary and keywords.",
        temperature=0.2,
        response_format=SyncResponseFormat(
            type="json_schema",
            json_schema={"type": "object", "properties": {
                "title": {"type": "string"}, "summary": {"type": "string"},
                "keywords": {"type": "array", "items": {"type": "string"}}}},
        ),
        max_tokens=2000,
    )
    print("Structured analyze result:")
    print(json.dumps(json.loads(res_structured.data), indent=2, sort_keys=True))
    print(f"finish_reason={res_structured.finish_reason}")

    res_stream = client.analyze_stream(model_name="pegasus1.5", video=video, prompt="What happened?")
    print("Streaming analyze result:")
    for chunk in res_stream:
        if chunk.event_type == "text_generation":
            print(chunk.text, end="", flush=True)
        elif isinstance(chunk, StreamAnalyzeResponse_StreamEnd):
            print(f"\nFinish reason: {chunk.finish_reason}")
            if chunk.metadata and chunk.metadata.usage:
                print(f"Usage: output_tokens={chunk.metadata.usage.output_tokens}")
    print()
