"""Seeded, reproducible fault injection: which request fails, and how.

:class:`FaultPlan` only decides; the app's middleware carries a decision out. The kinds:

========================  ================================================================
``500`` ``502`` ``503``   an error answer before anything is applied (:func:`error_for`)
``504`` ``529``
``hang``                  the request hangs past the client's timeout; nothing applied
``drop``                  the connection drops before anything is applied
``applied_500``           writes only: the write is applied, then a 500 answer
``applied_hang``          writes only: applied, then the response never comes
``applied_drop``          writes only: applied, then the connection drops
========================  ================================================================

The ``applied_*`` kinds are the hard ones: Notion has no idempotency keys, so a client that
retries them duplicates the write unless it reconciles first.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from .errors import NotionError

__all__ = [
    "FAULT_GROUPS",
    "WRITE_METHODS",
    "ConnectionDropped",
    "FaultKind",
    "FaultPlan",
    "error_for",
    "parse_kinds",
]


class ConnectionDropped(Exception):
    """Raised after the response has started, to make the server drop the connection."""


#: Methods whose requests change something; only these may get an ``applied_*`` fault.
#: (A POST that only reads, like search or a data-source query, still counts as a write here.)
WRITE_METHODS = frozenset({"POST", "PATCH", "DELETE"})


class FaultKind(StrEnum):
    """One way a request can fail; the value is the name used on the command line."""

    INTERNAL_SERVER_ERROR = "500"
    """500 ``internal_server_error``, nothing applied."""
    BAD_GATEWAY = "502"
    """502 ``bad_gateway``, nothing applied."""
    SERVICE_UNAVAILABLE = "503"
    """503 ``service_unavailable``, nothing applied."""
    GATEWAY_TIMEOUT = "504"
    """504 ``gateway_timeout``, nothing applied."""
    SERVICE_OVERLOAD = "529"
    """529 ``service_overload``, nothing applied."""
    HANG = "hang"
    """No answer until the client times out; nothing applied."""
    DROP = "drop"
    """Connection dropped before anything is applied."""
    APPLIED_500 = "applied_500"
    """Write applied, then a 500 ``internal_server_error`` answer."""
    APPLIED_HANG = "applied_hang"
    """Write applied, then no answer until the client times out."""
    APPLIED_DROP = "applied_drop"
    """Write applied, then the connection is dropped."""

    @property
    def applied(self) -> bool:
        """Whether the write is applied before the fault (writes only)."""
        return self.value.startswith("applied_")

    @property
    def status(self) -> int | None:
        """The HTTP status answered, or None when no answer comes."""
        return _ERRORS[self][0] if self in _ERRORS else None


#: Status and Notion error code of the kinds that answer with an error.
_ERRORS: dict[FaultKind, tuple[int, str]] = {
    FaultKind.INTERNAL_SERVER_ERROR: (500, "internal_server_error"),
    FaultKind.BAD_GATEWAY: (502, "bad_gateway"),
    FaultKind.SERVICE_UNAVAILABLE: (503, "service_unavailable"),
    FaultKind.GATEWAY_TIMEOUT: (504, "gateway_timeout"),
    FaultKind.SERVICE_OVERLOAD: (529, "service_overload"),
    FaultKind.APPLIED_500: (500, "internal_server_error"),
}

#: Aliases accepted by :func:`parse_kinds`.
FAULT_GROUPS: dict[str, tuple[FaultKind, ...]] = {
    "all": tuple(FaultKind),
    "errors": (
        FaultKind.INTERNAL_SERVER_ERROR,
        FaultKind.BAD_GATEWAY,
        FaultKind.SERVICE_UNAVAILABLE,
        FaultKind.GATEWAY_TIMEOUT,
        FaultKind.SERVICE_OVERLOAD,
    ),
    "network": (FaultKind.HANG, FaultKind.DROP),
    "applied": (FaultKind.APPLIED_500, FaultKind.APPLIED_HANG, FaultKind.APPLIED_DROP),
}


def _canonical(kinds: Iterable[FaultKind]) -> tuple[FaultKind, ...]:
    """Deduplicated, in declaration order (so a seeded choice never depends on set order)."""
    wanted = set(kinds)
    return tuple(kind for kind in FaultKind if kind in wanted)


def parse_kinds(spec: str) -> tuple[FaultKind, ...]:
    """Fault kinds from a comma-separated list of kinds and groups.

    >>> parse_kinds("529, network")
    (<FaultKind.SERVICE_OVERLOAD: '529'>, <FaultKind.HANG: 'hang'>, <FaultKind.DROP: 'drop'>)
    """
    kinds: list[FaultKind] = []
    for raw in spec.split(","):
        name = raw.strip().lower()
        if not name:
            continue
        if name in FAULT_GROUPS:
            kinds.extend(FAULT_GROUPS[name])
            continue
        try:
            kinds.append(FaultKind(name))
        except ValueError:
            known = ", ".join(kind.value for kind in FaultKind)
            groups = ", ".join(FAULT_GROUPS)
            raise ValueError(
                f"unknown fault kind {raw.strip()!r}: expected {known}, or a group: {groups}"
            ) from None
    if not kinds:
        raise ValueError(f"no fault kinds given in {spec!r}")
    return _canonical(kinds)


def error_for(kind: FaultKind) -> NotionError:
    """The error Notion answers for an error kind (``500`` ... ``529``, ``applied_500``).

    Messages are the emulator's standard ones from :data:`.errors.DEFAULT_MESSAGES`.
    Raises ValueError for the kinds that give no answer (hang, drop).
    """
    if kind not in _ERRORS:
        raise ValueError(f"fault kind {kind.value!r} gives no error answer")
    status, code = _ERRORS[kind]
    return NotionError(status, code)


class FaultPlan:
    """Fails each ``/v1/`` request with probability ``probability``, reproducibly from ``seed``.

    Each :meth:`decide` on a ``/v1/`` path draws from one seeded ``random.Random``, so the
    same seed and the same sequence of requests give the same faults. Other paths draw
    nothing and never fail. Reads (any method but POST/PATCH/DELETE) choose among the
    non-``applied_*`` kinds only; a read with none to choose from is never failed.
    """

    def __init__(
        self,
        probability: float,
        seed: int,
        kinds: Iterable[FaultKind] | None = None,
    ) -> None:
        if not 0.0 <= probability <= 1.0:
            raise ValueError(f"probability must be between 0 and 1, got {probability!r}")
        self.probability = probability
        self.seed = seed
        self.kinds = _canonical(FaultKind if kinds is None else kinds)
        if not self.kinds:
            raise ValueError("kinds must not be empty")
        self._read_kinds = tuple(kind for kind in self.kinds if not kind.applied)
        self._random = random.Random(seed)
        #: Faults injected so far, by kind value (``"500"``, ``"applied_drop"``...).
        self.injected: Counter[str] = Counter()

    def decide(self, method: str, path: str) -> FaultKind | None:
        """The fault for this request, or None to serve it normally."""
        if not path.startswith("/v1/"):
            return None
        if self._random.random() >= self.probability:
            return None
        candidates = self.kinds if method.upper() in WRITE_METHODS else self._read_kinds
        if not candidates:
            return None
        kind = self._random.choice(candidates)
        self.injected[kind.value] += 1
        return kind
