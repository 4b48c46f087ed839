"""What to do after each attempt: pure decisions, no I/O, testable without a loop.

==============================  =====================  ==================================
outcome                         reads (GET, queries)   writes (POST, PATCH, DELETE)
==============================  =====================  ==================================
2xx, 4xx other than 429         done                   done
429 ``rate_limited``            retry after the pause  retry after the pause
529 ``service_overload``        retry after the pause  retry after the pause
500, 502, 503, 504              retry (backoff)        uncertain: report, never resend
timeout, dropped connection     retry (backoff)        uncertain: report, never resend
could not connect (not sent)    retry (backoff)        retry (backoff): nothing was sent
==============================  =====================  ==================================

A 429/529 is answered by Notion before it does anything, so resending is safe for every
method. Backoff is exponential with full jitter, capped; attempts are bounded.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from enum import Enum

#: POST endpoints that only read, and so may be retried like GETs.
_READ_POSTS = re.compile(r"^/v1/(search|data_sources/[^/]+/query|views/[^/]+/queries)/?$")


class Action(Enum):
    DONE = "done"
    RETRY = "retry"
    UNCERTAIN = "uncertain"
    GIVE_UP = "give_up"


#: Transport failures, by whether the request may have reached Notion.
NOT_SENT = "not_sent"
TIMEOUT = "timeout"
DROPPED = "dropped"


@dataclass(frozen=True)
class Decision:
    action: Action
    delay: float = 0.0
    reason: str = ""


def is_read(method: str, path: str) -> bool:
    """GETs and the POSTs that only read (search, data-source queries)."""
    return method == "GET" or (method == "POST" and _READ_POSTS.match(path) is not None)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded attempts with capped, fully jittered exponential backoff."""

    max_attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 30.0
    #: Used when a 429/529 carries no usable ``Retry-After``.
    default_pause: float = 1.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**(attempt-1))]."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(0, attempt - 1))
        return rng.uniform(0.0, ceiling)

    def decide(
        self,
        method: str,
        path: str,
        attempt: int,
        *,
        status: int | None = None,
        failure: str | None = None,
        retry_after: float | None = None,
        rng: random.Random,
    ) -> Decision:
        """The action after attempt number ``attempt`` (1-based) ended with ``status`` or
        ``failure`` (one of :data:`NOT_SENT`, :data:`TIMEOUT`, :data:`DROPPED`)."""
        last = attempt >= self.max_attempts
        if status is not None and status < 500 and status != 429:
            return Decision(Action.DONE)
        if status in (429, 529):
            if last:
                return Decision(Action.GIVE_UP, reason=f"status {status}")
            pause = retry_after if retry_after is not None else self.default_pause
            return Decision(Action.RETRY, pause, f"status {status}")
        reason = f"status {status}" if status is not None else str(failure)
        if failure == NOT_SENT or is_read(method, path):
            if last:
                return Decision(Action.GIVE_UP, reason=reason)
            return Decision(Action.RETRY, self.backoff(attempt, rng), reason)
        return Decision(Action.UNCERTAIN, reason=reason)


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (Notion sends whole seconds); None when absent or bad."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
