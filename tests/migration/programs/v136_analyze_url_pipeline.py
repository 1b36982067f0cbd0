# Pegasus 1.5 analysis of a video by URL with a JSON schema, as public pipelines on the 1.2-1.3 SDK call it.
# Stands for: public pipeline code found by searching "from twelvelabs.types import VideoContext_Url":
# `client.analyze(model_name=..., video=VideoContext_Url(url=video_url), prompt=...)` returning `result.data or ""`
# inside a try/except that wraps failures; json.loads of an answer constrained by response_format; an answer cut by
# max_tokens told apart by result.finish_reason == "length"; result.usage.output_tokens for cost logs.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import json
import os
import sys

from twelvelabs import TwelveLabs
from twelvelabs.types import SyncResponseFormat, VideoContext_Url

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
VIDEO_URL = "https://cdn.x.test/talks/architecture_review.mp4?duration=45"


def summarize_video(video_url: str, prompt: str, model: str = "pegasus1.5") -> str:
    client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
    try:
        result = client.analyze(model_name=model, video=VideoContext_Url(url=video_url), prompt=prompt)
        return result.data or ""
    except Exception as exc:
        raise RuntimeError(f"Twelve Labs analysis failed: {type(exc).__name__}") from exc


print(summarize_video(VIDEO_URL, "Provide a technical summary with key decisions."))

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
schema = {"type": "object", "properties": {"decisions": {"type": "array", "items": {"type": "string"}},
                                           "speakers": {"type": "integer", "minimum": 1, "maximum": 5}},
          "required": ["decisions", "speakers"]}
result = client.analyze(model_name="pegasus1.5", video=VideoContext_Url(url=VIDEO_URL),
                        prompt="List the decisions and count the speakers.",
                        response_format=SyncResponseFormat(type="json_schema", json_schema=schema), max_tokens=1024)
parsed = json.loads(result.data)
print(f"keys={sorted(parsed)} speakers in range={1 <= parsed['speakers'] <= 5} finish={result.finish_reason}")
print(f"output tokens: {result.usage.output_tokens if result.usage else None}")

short = client.analyze(model_name="pegasus1.5", video=VideoContext_Url(url=VIDEO_URL),
                       prompt="Describe every minute in detail. [emulator:events=900]", max_tokens=512)
if short.finish_reason == "length":
    print(f"cut at max_tokens after {len(short.data.split())} words")

try:
    summarize_video("https://cdn.x.test/talks/keynote.mp4?duration=2", "Summarize")
except RuntimeError as exc:
    print(f"refused: {exc} (caused by {type(exc.__cause__).__name__ if exc.__cause__ else None})")
