# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.responses` and the namespaces in it: async methods."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twelvelabs_async.resources.responses import AsyncResponsesHelpers

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs


class AsyncResponsesResource(AsyncResponsesHelpers):
    """Methods of `client.responses`."""

    def __init__(self, client: AsyncTwelveLabs) -> None:
        self._client = client
