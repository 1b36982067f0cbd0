"""Knowledge stores, their items and item collections, and the sessions of ``/responses`` (surface 2026), with
the item lifecycle on the emulator's clock. :class:`~.state.EmulatorState` mixes :class:`KnowledgeStateMixin`
in, so tests reach everything as ``emu.state.knowledge_stores`` and ``emu.state.response_sessions``::

    store = emu.state.create_knowledge_store("demo")
    asset_ids = emu.state.seed_assets(3, prefix="dog")
    item_ids = emu.state.seed_knowledge_items(store.id, asset_ids)          # ready at once
    emu.state.knowledge_item_status(store.items[item_ids[0]])                # ("ready", since)

Item lifecycle (emulated seconds, divided by ``speed``; ``speed=0`` skips it): ``queued`` until the item's asset
is ready and for 0.2 s after that (an item may be created from an asset that is still processing: the spec does
not ask for a ready asset), ``pending`` 0.3 s, ``processing`` 1.0 s, then ``ready``; ``failed`` at once when the
asset fails or is deleted before the item starts, and at the end of processing when the asset's file name
contains ``fail`` (the convention of ``POST /tasks``). A terminal status is kept once reached.

Ids follow the spec's examples: ``ks_``, ``ksi_`` and ``ksic_`` followed by a UUIDv7-shaped string (its first 48
bits the creation time in ms, the rest reproducible for the emulator's seed); ``/responses`` uses ``resp_`` and
``sess_``. What the emulator derives from such an id (search scores and clip counts, the pieces of a streamed
answer, structured answers) comes from :func:`seeded_part`, the id without its milliseconds: like the 24-digit ids,
it follows the seed, the creation's rank and the clock's whole second, so two emulators with the same seed given
the same requests in the same second agree on it whatever the millisecond of each creation. Statuses are computed
from the clock when read; nothing runs in the background.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .asset_state import ASSET_SECONDS, Asset
from .clock import Clock
from .config import EmulatorConfig
from .content import stable_int
from .media import MediaInfo, kind_of_name, mime_for

__all__ = ["ITEM_STAGES", "ItemCollection", "KnowledgeItem", "KnowledgeSearchSession", "KnowledgeStateMixin",
           "KnowledgeStore", "ResponseSession", "ResponseTurn", "seeded_part"]

_PREFIXED = re.compile(r"([a-z]+_)[0-9a-f]{8}-[0-9a-f]{4}-(.+)")


def seeded_part(ident: str) -> str:
    """A ``{prefix}_`` id (:meth:`KnowledgeStateMixin.prefixed_id`) without the creation time in ms that starts
    it: what values derived from the id are derived from. The milliseconds depend on when a request happens to
    arrive (with the migration suite's slowed clock, on the real second of the run), the rest only on the seed, the
    rank of the creation and the clock's whole second. Any other id is returned as it is."""
    match = _PREFIXED.fullmatch(ident)
    return match.group(1) + match.group(2) if match else ident


QUEUED_SECONDS = 0.2
ITEM_STAGES: tuple[tuple[str, float], ...] = (("pending", 0.3), ("processing", 1.0))
ITEM_STATUSES = ("queued", "pending", "processing", "ready", "failed")
ITEM_FAILED = "The item could not be processed."
MAX_SEARCH_SESSIONS = 512


@dataclass
class KnowledgeItem:
    id: str
    store_id: str
    asset_id: str
    asset_type: str  # video | image
    created_at: float
    metadata: dict[str, str] = field(default_factory=dict)
    # What the item knows of its asset, copied when the asset is first seen ready (an item outlives its asset).
    filename: str = ""
    info: Any = None  # MediaInfo once known
    # The terminal status once reached: (status, since).
    done: tuple[str, float] | None = None
    # Set by fail_knowledge_item (tests): the item fails when processing ends, whatever its asset.
    will_fail: bool = False


@dataclass
class ItemCollection:
    id: str
    store_id: str
    name: str
    created_at: float
    updated_at: float
    description: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    # Member item ids in the order they were added (a dict keeps the order and makes membership cheap).
    members: dict[str, None] = field(default_factory=dict)


@dataclass
class KnowledgeStore:
    id: str
    name: str
    created_at: float
    updated_at: float
    description: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    ingestion_config: dict[str, Any] | None = None
    items: dict[str, KnowledgeItem] = field(default_factory=dict)
    collections: dict[str, ItemCollection] = field(default_factory=dict)


@dataclass
class KnowledgeSearchSession:
    """The results of one knowledge-store search, kept for its page tokens."""

    key: str
    store_id: str
    results: list[Any]
    page_size: int
    include_metadata: bool
    effective_options: dict[str, Any]
    group_by: str


@dataclass
class ResponseTurn:
    response_id: str
    question: str
    answer: str
    created_at: float


@dataclass
class ResponseSession:
    """A ``/responses`` conversation: its store, the turns that completed, and the selections sent so far
    ("selections persist in the session context, and selections sent on later turns are added to it")."""

    id: str
    store_id: str
    created_at: float
    turns: list[ResponseTurn] = field(default_factory=list)
    selections: list[tuple[str, str]] = field(default_factory=list)  # (kind, id), in the order first sent
    output_items: int = 0  # output items made in this session, numbering their ids


class KnowledgeStateMixin:
    """Knowledge-store and ``/responses`` bookkeeping of :class:`~.state.EmulatorState`."""

    # Provided by EmulatorState.
    config: EmulatorConfig
    clock: Clock
    lock: threading.RLock
    seed: int
    assets: dict[str, Asset]

    if TYPE_CHECKING:
        # Defined by EmulatorState and AssetStateMixin; declared for the type checker only, so that nothing here
        # can shadow them whatever the order of the mixins.
        def new_id(self) -> str: ...

        def _elapsed(self, since: float) -> float: ...

        def _at(self, since: float, emulated: float) -> float: ...

        def asset_status(self, asset: Asset) -> tuple[str, float]: ...

        def add_asset(self, *, method: str, filename: str, kind: str, file_type: str,
                      info: MediaInfo | None = None) -> Asset: ...

    def _init_knowledge(self) -> None:
        self.knowledge_stores: dict[str, KnowledgeStore] = {}
        self.response_sessions: dict[str, ResponseSession] = {}
        self.knowledge_searches: OrderedDict[str, KnowledgeSearchSession] = OrderedDict()
        # Signs search page tokens, so a token the emulator never issued is told from an expired one.
        self.knowledge_token_secret = secrets.token_bytes(16)

    def _reset_knowledge(self) -> None:
        self.knowledge_stores.clear()
        self.response_sessions.clear()
        self.knowledge_searches.clear()

    def prefixed_id(self, prefix: str) -> str:
        """``{prefix}_`` and a UUIDv7-shaped id: creation time in ms, then bits reproducible for the seed."""
        tail = hashlib.sha256(f"{self.seed}:{prefix}:{self.new_id()}".encode()).hexdigest()
        ms = f"{int(self.clock.now() * 1000) & 0xFFFFFFFFFFFF:012x}"
        variant = "89ab"[int(tail[3], 16) % 4]
        return f"{prefix}_{ms[:8]}-{ms[8:]}-7{tail[:3]}-{variant}{tail[4:7]}-{tail[7:19]}"

    # --- stores ---------------------------------------------------------------------------------------------

    def create_knowledge_store(self, name: str, *, description: str | None = None,
                               metadata: Mapping[str, str] | None = None,
                               ingestion_config: Mapping[str, Any] | None = None) -> KnowledgeStore:
        with self.lock:
            now = self.clock.now()
            store = KnowledgeStore(self.prefixed_id("ks"), name, now, now, description, dict(metadata or {}),
                                   dict(ingestion_config) if ingestion_config is not None else None)
            self.knowledge_stores[store.id] = store
            return store

    def delete_knowledge_store(self, store_id: str) -> None:
        """Forget a store with its items and collections, and the conversations held over it."""
        with self.lock:
            del self.knowledge_stores[store_id]
            for session_id, session in list(self.response_sessions.items()):
                if session.store_id == store_id:
                    del self.response_sessions[session_id]

    # --- items ----------------------------------------------------------------------------------------------

    def add_knowledge_item(self, store_id: str, asset_id: str, *, asset_type: str | None = None,
                           metadata: Mapping[str, str] | None = None) -> KnowledgeItem:
        """Add an existing asset to a store as a ``queued`` item (no checks: the route does them)."""
        with self.lock:
            store = self.knowledge_stores[store_id]
            asset = self.assets[asset_id]
            # What processing found out about the file is known once the asset is ready, not before.
            info = asset.info if self.asset_status(asset)[0] == "ready" else None
            item = KnowledgeItem(self.prefixed_id("ksi"), store_id, asset_id, asset_type or asset.kind,
                                 self.clock.now(), dict(metadata or {}), asset.filename, info)
            store.items[item.id] = item
            store.updated_at = item.created_at
            return item

    def seed_knowledge_items(self, store_id: str, asset_ids: Iterable[str], *, ready: bool = True,
                             metadata: Mapping[str, str] | None = None) -> list[str]:
        """Add existing assets to a store as items that are ready at once (``ready`` false: they go through the
        lifecycle). Returns the item ids."""
        out: list[str] = []
        with self.lock:
            for asset_id in asset_ids:
                item = self.add_knowledge_item(store_id, asset_id, metadata=metadata)
                if ready:
                    asset = self.assets[asset_id]
                    status, _since = self.asset_status(asset)
                    if status != "ready":
                        raise ValueError(f"asset {asset_id} is {status}: seeded items need ready assets")
                    item.info = asset.info
                    item.done = ("ready", item.created_at)
                out.append(item.id)
        return out

    def seed_knowledge_store(self, name: str, filenames: Iterable[str], *,
                             metadata: Mapping[str, str] | None = None) -> KnowledgeStore:
        """A store with one ready item per file name (each a new ready asset with no bytes): the quick way to
        give a test something to search or talk about. ``.mp4``/``.mov`` names are videos, image extensions
        images."""
        with self.lock:
            store = self.create_knowledge_store(name, metadata=metadata)
            for filename in filenames:
                kind = kind_of_name(filename) or "video"
                if kind not in ("video", "image"):
                    raise ValueError(f"{filename}: knowledge stores hold videos and images only")
                asset_id = self._seed_named_asset(filename, kind)
                self.seed_knowledge_items(store.id, [asset_id])
            return store

    def _seed_named_asset(self, filename: str, kind: str) -> str:
        mime = mime_for(kind, filename)
        duration = float(20 + stable_int(filename, "duration") % 100)
        info = (MediaInfo("image", mime, "jpeg", 2_000_000, None, 1920, 1080, image_format="jpeg")
                if kind == "image" else MediaInfo("video", mime, "mov,mp4,m4a,3gp,3g2,mj2", int(duration * 250_000),
                                                  duration, 1280, 720, 30.0))
        asset = self.add_asset(method="direct", filename=filename, kind=kind, file_type=mime, info=info)
        if self.config.speed > 0:
            asset.processing_since = asset.created_at - ASSET_SECONDS / self.config.speed
        return str(asset.id)

    def knowledge_item_status(self, item: KnowledgeItem) -> tuple[str, float]:
        """``queued`` / ``pending`` / ``processing`` / ``ready`` / ``failed`` and when it was entered."""
        if item.done is not None:
            return item.done
        asset = self.assets.get(item.asset_id)
        if asset is None:
            return self._finish_item(item, "failed", self.clock.now())
        asset_status, asset_since = self.asset_status(asset)
        if asset_status == "failed":
            return self._finish_item(item, "failed", max(item.created_at, asset_since))
        if asset_status != "ready":
            return "queued", item.created_at
        item.info = asset.info
        start = max(item.created_at, asset_since)
        boundary = QUEUED_SECONDS
        elapsed = self._elapsed(start)
        if elapsed < boundary:
            return "queued", item.created_at
        for status, length in ITEM_STAGES:
            if elapsed < boundary + length:
                return status, self._at(start, boundary)
            boundary += length
        failed = item.will_fail or "fail" in item.filename.lower()
        return self._finish_item(item, "failed" if failed else "ready", self._at(start, boundary))

    def _finish_item(self, item: KnowledgeItem, status: str, since: float) -> tuple[str, float]:
        item.done = (status, since)
        return item.done

    def fail_knowledge_item(self, item_id: str) -> None:
        """Make an item that has not finished yet fail when its processing ends (for tests)."""
        with self.lock:
            for store in self.knowledge_stores.values():
                if item_id in store.items:
                    store.items[item_id].will_fail = True
                    return
            raise KeyError(item_id)

    def delete_knowledge_item(self, store_id: str, item_id: str) -> None:
        with self.lock:
            store = self.knowledge_stores[store_id]
            del store.items[item_id]
            for collection in store.collections.values():
                if item_id in collection.members:
                    del collection.members[item_id]
                    collection.updated_at = self.clock.now()
            store.updated_at = self.clock.now()

    def ready_items(self, store: KnowledgeStore) -> list[KnowledgeItem]:
        """The store's ready items, oldest first."""
        with self.lock:
            return [i for i in store.items.values() if self.knowledge_item_status(i)[0] == "ready"]

    # --- collections ----------------------------------------------------------------------------------------

    def create_item_collection(self, store_id: str, name: str, *, description: str | None = None,
                               metadata: Mapping[str, str] | None = None) -> ItemCollection:
        with self.lock:
            now = self.clock.now()
            collection = ItemCollection(self.prefixed_id("ksic"), store_id, name, now, now, description,
                                        dict(metadata or {}))
            self.knowledge_stores[store_id].collections[collection.id] = collection
            return collection

    # --- /responses sessions --------------------------------------------------------------------------------

    def create_response_session(self, store_id: str) -> ResponseSession:
        with self.lock:
            session = ResponseSession(self.prefixed_id("sess"), store_id, self.clock.now())
            self.response_sessions[session.id] = session
            return session

    # --- search sessions ------------------------------------------------------------------------------------

    def keep_knowledge_search(self, session: KnowledgeSearchSession) -> None:
        """Keep a search's results for its page tokens; past a fixed count the oldest are forgotten (their
        tokens then answer 410, as expired ones do)."""
        with self.lock:
            self.knowledge_searches[session.key] = session
            while len(self.knowledge_searches) > MAX_SEARCH_SESSIONS:
                self.knowledge_searches.popitem(last=False)
