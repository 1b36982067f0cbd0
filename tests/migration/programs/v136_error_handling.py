# Error handling on a 1.3.6 client: the typed errors, the ApiError base and its status_code / body / headers.
# Stands for: the official examples/responses.py (1.3.x) `create_response` wrapper (`except ApiError as exc:` with
# `getattr(exc, "status_code", None) == 429` and `getattr(exc, "headers", {})`, re-raising anything else); the
# README's `from twelvelabs.errors import BadRequestError, NotFoundError`; and services that report
# `exc.status_code` and the error code in exc.body to their own callers (a public search test suite imports
# `from twelvelabs.core.api_error import ApiError` and `from twelvelabs.errors import BadRequestError`).
# Era: official SDK 1.3.6 against today's API (the emulator's default surface).
import os
import sys

from twelvelabs import TwelveLabs
from twelvelabs.core.api_error import ApiError
from twelvelabs.errors import BadRequestError, NotFoundError, UnprocessableEntityError

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
MISSING = "0123456789abcdef01234567"

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)


def code_of(body):
    if isinstance(body, dict):
        inner = body.get("error") if isinstance(body.get("error"), dict) else body
        return inner.get("code")
    return getattr(body, "code", None)


def call(label, fn):
    try:
        fn()
        print(f"{label}: ok")
    except NotFoundError as exc:
        print(f"{label}: NotFoundError {exc.status_code} {code_of(exc.body)}")
    except BadRequestError as exc:
        print(f"{label}: BadRequestError {exc.status_code} {code_of(exc.body)}")
    except UnprocessableEntityError as exc:
        print(f"{label}: UnprocessableEntityError {exc.status_code} {code_of(exc.body)}")
    except ApiError as exc:
        if getattr(exc, "status_code", None) == 429:
            headers = getattr(exc, "headers", {}) or {}
            print(f"{label}: rate limited, retry-after={headers.get('retry-after')}")
        else:
            print(f"{label}: ApiError {exc.status_code} {code_of(exc.body)}")


index = client.indexes.create(index_name="errors-136", models=[{"model_name": "marengo3.0",
                                                                "model_options": ["visual", "audio"]}])
call("missing asset", lambda: client.assets.retrieve(MISSING))
call("missing index", lambda: client.indexes.retrieve(MISSING))
call("missing indexed asset", lambda: client.indexes.indexed_assets.retrieve(index.id, MISSING))
call("duplicate index name", lambda: client.indexes.create(
    index_name="errors-136", models=[{"model_name": "marengo3.0", "model_options": ["visual"]}]))
call("unknown search option", lambda: client.search.query(index_id=index.id, search_options=["smell"],
                                                          query_text="dog"))
call("asset by URL without a URL", lambda: client.assets.create(method="url"))
call("missing analyze task", lambda: client.analyze_async.tasks.retrieve(MISSING))
call("missing knowledge store", lambda: client.knowledge_stores.retrieve(MISSING))

try:
    client.indexes.indexed_assets.list(MISSING)
except ApiError as exc:
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    print(f"ApiError: {exc.status_code} {code_of(exc.body)} is NotFoundError={isinstance(exc, NotFoundError)} "
          f"json={headers.get('content-type', '').startswith('application/json')}")
