# Error handling as the official README at 1.0.0 teaches it, and as services that wrap the SDK do it.
# Stands for: the "Error Handling" section of the official README (1.0.0): `from twelvelabs.errors import
# BadRequestError, NotFoundError` caught around calls; public test suites that also import
# `from twelvelabs.core.api_error import ApiError` and read e.status_code and e.body["code"] (e.g. a search
# test suite found by searching "from twelvelabs.core.api_error import ApiError"); and web handlers that turn
# an ApiError into their own HTTP answer from its status code.
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import os
import sys

from twelvelabs import TwelveLabs
from twelvelabs.core.api_error import ApiError
from twelvelabs.errors import BadRequestError, NotFoundError

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
MISSING = "0123456789abcdef01234567"

client = TwelveLabs(api_key=API_KEY, base_url=BASE_URL)


def code_of(body):
    """Error bodies come as dicts or as models with attributes, depending on the route."""
    return body.get("code") if isinstance(body, dict) else getattr(body, "code", None)


def attempt(label, call):
    """What a web handler does: map the SDK's errors to an answer."""
    try:
        result = call()
        print(f"{label}: ok ({type(result).__name__ != 'NoneType'})")
    except BadRequestError as e:
        print(f"{label}: bad request, status={e.status_code} code={code_of(e.body)}")
    except NotFoundError as e:
        print(f"{label}: not found, status={e.status_code} code={code_of(e.body)}")
    except ApiError as e:
        print(f"{label}: api error, status={e.status_code} code={code_of(e.body)} "
              f"is ApiError={isinstance(e, ApiError)}")
    except Exception as e:
        print(f"{label}: An error occurred: {type(e).__name__}")


try:
    indexes = client.indexes.list()
    print(f"indexes: {len(list(indexes))}")
except BadRequestError:
    print("Bad request.")
except NotFoundError:
    print("Not found.")
except Exception as e:
    print(f"An error occurred: {e}")

index = client.indexes.create(index_name="errors", models=[{"model_name": "marengo2.7",
                                                            "model_options": ["visual", "audio"]}])
attempt("same name again", lambda: client.indexes.create(
    index_name="errors", models=[{"model_name": "marengo2.7", "model_options": ["visual"]}]))
attempt("unknown model", lambda: client.indexes.create(
    index_name="errors-2", models=[{"model_name": "marengo9.9", "model_options": ["visual"]}]))
attempt("missing index", lambda: client.indexes.retrieve(MISSING))
attempt("missing task", lambda: client.tasks.retrieve(MISSING))
attempt("missing video", lambda: client.indexes.videos.retrieve(index.id, MISSING))
attempt("search option the index lacks", lambda: list(client.search.query(
    index_id=index.id, search_options=["conversation"], query_text="dog")))
attempt("search in a missing index", lambda: list(client.search.query(
    index_id=MISSING, search_options=["visual"], query_text="dog")))
attempt("task by an unreachable URL", lambda: client.tasks.create(index_id=index.id, video_url="ftp://x.test/v.mp4"))

try:
    client.indexes.videos.list(MISSING)
except ApiError as e:
    headers = {k.lower(): v for k, v in (e.headers or {}).items()}
    print(f"ApiError: status_code={e.status_code} code={code_of(e.body)} "
          f"json answer={headers.get('content-type', '').startswith('application/json')}")
