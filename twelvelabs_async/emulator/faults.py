"""Fault injection: which requests fail, and how, reproducibly for a seed.

A :class:`FaultPlan` is a list of rules; each names a route (or all routes) and the probability of each
fault kind. The text form, used by ``--faults`` and accepted by ``Emulator(faults=...)``::

    RULE[;RULE...]          RULE = [ROUTE:]KIND[(ARG)]=PROBABILITY[,KIND[(ARG)]=PROBABILITY...]

    "POST /tasks:5xx=0.1,429=0.05,drop_after=0.02"
    "GET /tasks/{task_id}:latency(0.3)=0.5; POST /analyze:stream_cut(5)=1"
    "503=0.01"                                   # every route

ROUTE is ``METHOD /path`` or ``/path`` (any method) as in the API reference, without ``/v1.3``; path
parameter names do not matter (``/tasks/{id}`` matches ``/tasks/{task_id}``).

The storage server of multipart uploads (:mod:`.storage`) is targeted by name only: ``STORAGE PUT`` (the
presigned chunk uploads), ``STORAGE GET`` or ``STORAGE`` (any storage request); a rule without a route
applies to the API alone, so adding storage faults is always explicit::

    "POST /assets/multipart-uploads/{id}:5xx=0.1; STORAGE PUT:5xx=0.05,drop_after=0.02"

Kinds (ARG in parentheses, with its default):

- ``429`` (seconds until ``X-Ratelimit-Reset``, 1): answer 429 with an empty body.
- ``5xx``, ``500``, ``502``, ``503``: answer that status (``5xx`` picks one of the three) without handling.
- ``latency`` (seconds, 0.5): wait before handling.
- ``drop_before``: close the connection without handling the request.
- ``drop_after``: handle the request (state changes), then close the connection with no response.
- ``garble_after``: handle the request (state changes), then answer its status with a body that is not JSON (as
  a proxy that mangles answers would).
- ``stream_cut`` (events, 3): close an NDJSON stream after that many events.
- ``slow_upload`` (bytes per second, 1048576): read multipart uploads (and storage PUT bodies) at that rate.

A single request can ask for faults with the ``X-Emulator-Fault`` header, using the same ``KIND[(ARG)]``
items separated by commas (probability 1), e.g. ``X-Emulator-Fault: drop_after`` or ``503``.

Decisions are drawn from a generator seeded by ``(seed, route, n)`` where ``n`` counts the route's
requests, so a given request sequence meets the same faults on every run, whatever other routes do.
"""

from __future__ import annotations

import contextlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .content import stable_int

__all__ = ["FaultDecision", "FaultPlan", "FaultRule", "FaultSpecError", "route_pattern"]

KINDS = (
    "429", "5xx", "500", "502", "503", "latency", "drop_before", "drop_after", "garble_after", "stream_cut",
    "slow_upload",
)
_DEFAULT_ARG = {"429": 1.0, "latency": 0.5, "stream_cut": 3.0, "slow_upload": 1048576.0}
_ITEM = re.compile(r"^\s*([a-z0-9_]+)\s*(?:\(\s*([0-9.]+)\s*\))?\s*(?:=\s*([0-9.]+))?\s*$")
_PARAM = re.compile(r"\{[^}]*\}")


class FaultSpecError(ValueError):
    """A fault specification that cannot be parsed."""


STORAGE = "STORAGE"


def is_storage_route(route: str) -> bool:
    """Whether ``route`` names the storage server (``"STORAGE"``, ``"STORAGE PUT"``...)."""
    return route.strip().split(" ", 1)[0].upper() == STORAGE


def route_pattern(route: str) -> str:
    """Normalise ``"POST /v1.3/tasks/{task_id}"`` to ``"POST /tasks/{}"`` for matching."""
    route = route.strip()
    if is_storage_route(route):
        return " ".join(route.upper().split())
    method, _, path = route.rpartition(" ")
    if path.startswith("/v1.3"):
        path = path[len("/v1.3"):]
    path = _PARAM.sub("{}", path.rstrip("/") or "/")
    return f"{method.upper()} {path}".strip()


@dataclass(frozen=True)
class Fault:
    kind: str
    probability: float
    arg: float


@dataclass(frozen=True)
class FaultRule:
    """Faults for one route; ``route`` ``None`` means every route."""

    route: str | None
    faults: tuple[Fault, ...]

    def matches(self, route: str) -> bool:
        if self.route is None:
            return not is_storage_route(route)
        mine = route_pattern(self.route)
        theirs = route_pattern(route)
        if is_storage_route(mine) or is_storage_route(theirs):
            return mine == theirs or (mine == STORAGE and is_storage_route(theirs))
        if " " not in mine:  # path only: any method
            return theirs.split(" ", 1)[1] == mine
        return mine == theirs


@dataclass
class FaultDecision:
    """What happens to one request."""

    status: int | None = None
    reset_after: float = 1.0
    latency: float = 0.0
    drop_before: bool = False
    drop_after: bool = False
    garble_after: bool = False
    stream_cut: int | None = None
    slow_upload: float | None = None
    applied: list[str] = field(default_factory=list)


def _parse_items(text: str, *, need_probability: bool) -> tuple[Fault, ...]:
    faults = []
    for item in text.split(","):
        if not item.strip():
            continue
        match = _ITEM.match(item)
        if not match:
            raise FaultSpecError(f"cannot parse fault {item.strip()!r}")
        kind, arg, prob = match.groups()
        if kind not in KINDS:
            raise FaultSpecError(f"unknown fault kind {kind!r}; use one of {', '.join(KINDS)}")
        if prob is None and need_probability:
            raise FaultSpecError(f"fault {kind!r} needs a probability, e.g. {kind}=0.1")
        probability = 1.0 if prob is None else float(prob)
        if not 0.0 <= probability <= 1.0:
            raise FaultSpecError(f"probability of {kind!r} must be within 0..1")
        faults.append(Fault(kind, probability, float(arg) if arg else _DEFAULT_ARG.get(kind, 0.0)))
    return tuple(faults)


class FaultPlan:
    """A set of fault rules; see the module docstring for the text syntax."""

    def __init__(self, rules: Sequence[FaultRule] = ()) -> None:
        self.rules = list(rules)

    @classmethod
    def parse(cls, spec: str | None) -> FaultPlan:
        rules = []
        for chunk in (spec or "").split(";"):
            if not chunk.strip():
                continue
            route: str | None = None
            body = chunk
            if ":" in chunk:
                route, body = chunk.split(":", 1)
                route = route.strip() or None
                if route == "*":
                    route = None
            rules.append(FaultRule(route, _parse_items(body, need_probability=True)))
        return cls(rules)

    def __bool__(self) -> bool:
        return bool(self.rules)

    def decide(self, route: str, n: int, seed: int, header: str | None = None) -> FaultDecision:
        faults: list[Fault] = [f for rule in self.rules if rule.matches(route) for f in rule.faults]
        if header:
            # A malformed header is ignored rather than failing the request.
            with contextlib.suppress(FaultSpecError):
                faults.extend(_parse_items(header, need_probability=False))
        decision = FaultDecision()
        if not faults:
            return decision
        rng = random.Random(stable_int(seed, route_pattern(route), n))
        for fault in faults:
            if rng.random() >= fault.probability:
                continue
            kind = fault.kind
            if kind in ("429", "5xx", "500", "502", "503", "drop_before"):
                if decision.status is not None or decision.drop_before:
                    continue  # one terminal outcome per request
                if kind == "drop_before":
                    decision.drop_before = True
                elif kind == "429":
                    decision.status = 429
                    decision.reset_after = fault.arg
                elif kind == "5xx":
                    decision.status = rng.choice((500, 502, 503))
                else:
                    decision.status = int(kind)
            elif kind == "latency":
                decision.latency += fault.arg
            elif kind == "drop_after":
                decision.drop_after = True
            elif kind == "garble_after":
                decision.garble_after = True
            elif kind == "stream_cut":
                decision.stream_cut = int(fault.arg)
            elif kind == "slow_upload":
                decision.slow_upload = max(1.0, fault.arg)
            decision.applied.append(kind)
        return decision
