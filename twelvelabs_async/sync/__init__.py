"""The blocking facade: ``TwelveLabs`` runs the async client on a private event-loop thread.

    from twelvelabs_async import TwelveLabs

    with TwelveLabs(api_key="tlk_...") as client:
        for index in client.indexes.list():
            print(index.id)
"""

from twelvelabs_async.sync._client import TwelveLabs
from twelvelabs_async.sync._iterators import SyncAnalyzeStream, SyncPager
from twelvelabs_async.sync._runner import PortalRunner, SyncCallFromLoopThreadError

__all__ = ["PortalRunner", "SyncAnalyzeStream", "SyncCallFromLoopThreadError", "SyncPager", "TwelveLabs"]
