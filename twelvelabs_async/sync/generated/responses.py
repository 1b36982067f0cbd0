# GENERATED FILE - DO NOT EDIT.
# Rendered by `python -m twelvelabs_async._codegen` from the route table (twelvelabs_async/routes/);
# edit the table (or the generator) and run it again. A test fails while this file is stale.
"""`client.responses` and the namespaces in it: blocking methods, each running the async funnel on the client's
portal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from twelvelabs_async.sync._responses_helpers import SyncResponsesHelpers

if TYPE_CHECKING:
    from twelvelabs_async._client import AsyncTwelveLabs
    from twelvelabs_async.resources.generated.responses import AsyncResponsesResource
    from twelvelabs_async.sync._runner import PortalRunner


class SyncResponsesResource(SyncResponsesHelpers):
    """Blocking methods of `client.responses`."""

    def __init__(self, runner: PortalRunner, client: AsyncTwelveLabs, async_resource: AsyncResponsesResource) -> None:
        self._runner = runner
        self._client = client
        self._async = async_resource
