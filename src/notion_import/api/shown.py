"""The rate a workspace has shown, read from the workspace and kept from one run to the next.

Two sources besides the run's own refusals (see :mod:`.limiter`):

- ``GET /v1/users/me``: ``bot.workspace_limits``. Notion's recorded answers hold only
  ``max_file_upload_size_in_bytes`` there; a rate is read when the object carries one, as
  ``requests_per_second`` or as a budget of ``requests_per_minute``.
- a small JSON file beside an import's journal (:func:`rate_file`), written at the end of a run
  that learnt a rate, read at the start of the next: ``{"requests_per_second": 2.93}``. It holds
  nothing else (never the token).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Final

#: What is appended to a journal's file name to name its rate file.
RATE_SUFFIX: Final = ".rate.json"
_KEY: Final = "requests_per_second"


def workspace_rate(me: dict[str, Any]) -> float | None:
    """The rate (requests/second) that ``GET /v1/users/me``'s ``bot.workspace_limits`` states,
    or None when it states none."""
    bot = me.get("bot")
    limits = bot.get("workspace_limits") if isinstance(bot, dict) else None
    if not isinstance(limits, dict):
        return None
    for key, seconds in ((_KEY, 1.0), ("requests_per_minute", 60.0)):
        value = limits.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return float(value) / seconds
    return None


def rate_file(journal: Path) -> Path:
    """Where the rate learnt by the import of ``journal`` is kept: beside it."""
    return journal.with_name(journal.name + RATE_SUFFIX)


def load_rate(path: Path) -> float | None:
    """The rate kept in ``path``, or None when there is none (or it cannot be read)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get(_KEY)
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


def save_rate(path: Path, rate: float) -> None:
    """Keep ``rate`` in ``path`` (written whole, then renamed into place)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({_KEY: round(rate, 4)}) + "\n", encoding="utf-8")
    os.replace(partial, path)
