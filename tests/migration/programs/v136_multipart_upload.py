# Large files through the 1.3.6 SDK's multipart helper, as the official examples/multipart_uploads.py does it.
# Stands for: twelvelabs-io/twelvelabs-python examples/multipart_uploads.py: `from
# twelvelabs.wrapper.multipart_upload_client_wrapper import UploadError, UploadProgress, UploadResult`;
# client.multipart_upload.upload_file(file_path=..., filename=..., file_type="video", batch_size=..., max_workers=...,
# max_retries=..., retry_delay=..., progress_callback=...) reading progress.percentage, completed_chunks,
# total_chunks and result.asset_id / asset_url, with `except FileNotFoundError` and `except UploadError`; then
# the asset indexed as the README shows.
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import os
import sys
import time

from twelvelabs import TwelveLabs
from twelvelabs.wrapper.multipart_upload_client_wrapper import UploadError, UploadProgress, UploadResult

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
SAMPLES = os.environ["TWELVELABS_SAMPLES"]

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)
reports = []


def progress_callback(progress: UploadProgress):
    reports.append((progress.completed_chunks, progress.total_chunks, round(progress.percentage, 1)))


result: UploadResult = None
try:
    result = client.multipart_upload.upload_file(
        file_path=os.path.join(SAMPLES, "long_hike.mp4"),
        filename="my-uploaded-video.mp4",
        file_type="video",
        batch_size=4,
        max_workers=2,
        max_retries=3,
        retry_delay=0.1,
        progress_callback=progress_callback,
    )
    print(f"Upload completed: has asset id={bool(result.asset_id)} url ends {(result.asset_url or '')[-22:]}")
except FileNotFoundError as e:
    print(f"File not found: {e}")
except UploadError as e:
    print(f"Upload failed: {e.message}")
print(f"final progress: {reports[-1] if reports else None}; reports rise: {reports == sorted(reports)}")

try:
    client.multipart_upload.upload_file(file_path=os.path.join(SAMPLES, "no_such_file.mp4"))
except FileNotFoundError:
    print("missing file: FileNotFoundError")
except UploadError as e:
    print(f"missing file: UploadError {e.message}")

for _ in range(2000):
    asset = client.assets.retrieve(result.asset_id)
    if asset.status in ("ready", "failed"):
        break
    time.sleep(0.02)
print(f"asset: {asset.status} {asset.filename} size={asset.size} duration={asset.duration}")
index = client.indexes.create(index_name="multipart",
                              models=[{"model_name": "marengo3.0", "model_options": ["visual"]}])
indexed = client.indexes.indexed_assets.create(index_id=index.id, asset_id=result.asset_id)
for _ in range(2000):
    indexed = client.indexes.indexed_assets.retrieve(index.id, indexed.id)
    if indexed.status in ("ready", "failed"):
        break
    time.sleep(0.02)
print(f"indexed: {indexed.status}")
print(f"incomplete uploads: {len(list(client.multipart_upload.list_incomplete_uploads()))}")
