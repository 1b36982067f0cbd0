"""Running ``test_wire.Case`` tables that live in a resource's own test module (``WIRE_CASES``).

``test_wire`` finds those tables for its completeness check; a module that holds one runs it with these two
functions, which apply exactly the checks of ``test_wire``: the warnings, the decoded result, one request, the
request as expected, and the official spec's verdict on it.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from core_testkit import RecordingServer
from test_wire import Case, check_request, check_result, check_warnings, settle, settle_sync, validate


async def run_case(case: Case, server: RecordingServer, client: Any, media: Path) -> Any:
    server.script(case.reply)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = await settle(case.call(client, media))
    check_warnings(case, caught)
    check_result(case, result)
    assert len(server.requests) == 1
    check_request(case, server.requests[0], media)
    match = validate(server.requests[0], allow_enum=case.allow_enum, allow=case.allow)
    assert match.method == case.http_method
    return result


def run_case_sync(case: Case, server: RecordingServer, client: Any, media: Path) -> Any:
    server.script(case.reply)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = settle_sync(case.call(client, media))
    check_warnings(case, caught)
    check_result(case, result)
    assert len(server.requests) == 1
    check_request(case, server.requests[0], media)
    validate(server.requests[0], allow_enum=case.allow_enum, allow=case.allow)
    return result
