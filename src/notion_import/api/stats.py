"""Counters of one run's traffic, for progress lines and the importer's report."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_ID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
#: Latency samples kept (a ring): enough for stable percentiles, bounded memory.
_SAMPLES = 4096


def endpoint(method: str, path: str) -> str:
    """``PATCH /v1/blocks/{id}/children`` from a concrete path."""
    return f"{method} {_ID.sub('{id}', path)}"


def percentile(samples: list[float], q: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class ApiStats:
    """Requests by endpoint and status, retries, throttling, uncertain writes, bytes, latency."""

    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    by_endpoint_status: Counter[str] = field(default_factory=Counter)
    retries: int = 0
    rate_limited: int = 0
    overloaded: int = 0
    uncertain_writes: int = 0
    transport_errors: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    _latencies: list[float] = field(default_factory=list)
    _next: int = 0

    @property
    def total(self) -> int:
        return sum(self.requests.values())

    def record(self, name: str, status: int | None, seconds: float, sent: int, got: int) -> None:
        self.requests[name] += 1
        key = status if status is not None else 0
        self.statuses[key] += 1
        self.by_endpoint_status[f"{name} {key}"] += 1
        self.bytes_sent += sent
        self.bytes_received += got
        if status == 429:
            self.rate_limited += 1
        elif status == 529:
            self.overloaded += 1
        elif status is None:
            self.transport_errors += 1
        if len(self._latencies) < _SAMPLES:
            self._latencies.append(seconds)
        else:
            self._latencies[self._next] = seconds
            self._next = (self._next + 1) % _SAMPLES

    def latency(self, q: float) -> float:
        """Latency quantile in seconds (``q`` in 0..1) over the recent samples."""
        return percentile(self._latencies, q)

    def as_dict(self) -> dict[str, Any]:
        lookups = self.cache_hits + self.cache_misses
        return {
            "requests": self.total,
            "by_endpoint": dict(self.requests),
            "by_status": {str(k): v for k, v in self.statuses.items()},
            "by_endpoint_status": dict(self.by_endpoint_status),
            "retries": self.retries,
            "rate_limited": self.rate_limited,
            "overloaded": self.overloaded,
            "uncertain_writes": self.uncertain_writes,
            "transport_errors": self.transport_errors,
            "bytes_sent": self.bytes_sent,
            "bytes_received": self.bytes_received,
            "latency_ms": {
                "p50": round(self.latency(0.5) * 1000, 2),
                "p90": round(self.latency(0.9) * 1000, 2),
                "p99": round(self.latency(0.99) * 1000, 2),
            },
            "cache_hits": self.cache_hits,
            "cache_hit_rate": round(self.cache_hits / lookups, 4) if lookups else 0.0,
        }
