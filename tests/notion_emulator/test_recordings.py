"""Contract test: every recorded real exchange, replayed against the emulator, has Notion's shape.

The recordings in ``../shared/reference/notion-recordings/`` are vcrpy cassettes captured
against api.notion.com (see ``SOURCE.md`` there). Each is replayed in order against a fresh
in-process emulator by :class:`tests.notion_emulator.replay.Replay`, which says how ids are
mapped and what "the same shape" means; here are what the recorded workspace held.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests import paths
from tests.notion_emulator.replay import NOTION_HOST, Replay, load_exchanges

RECORDINGS = paths.RECORDINGS

if not RECORDINGS.is_dir():
    pytest.skip(
        f"the recorded Notion exchanges are not present at {RECORDINGS}",
        allow_module_level=True,
    )

REPLAY = Replay(
    root_id="393abc1e-edcd-80f3-813b-e205934558c6",
    dependent={
        # search sees every page shared with the integration; the recorded root page is untitled
        "POST /v1/search": frozenset({"results", "results[].properties.title.title"}),
        # the recorded workspace held uploads left by earlier test runs
        "GET /v1/file_uploads": frozenset({"results", "next_cursor"}),
    },
)

#: Cassettes that cannot be replayed faithfully, with the reason (xfail, strict).
XFAIL: dict[str, str] = {}


def _cassettes() -> list[Any]:
    params = []
    for path in sorted(RECORDINGS.glob("*.yaml")):
        marks = []
        if path.stem in XFAIL:
            marks.append(pytest.mark.xfail(strict=True, reason=XFAIL[path.stem]))
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


@pytest.mark.parametrize("cassette", _cassettes())
async def test_recording_replays_with_notions_shapes(cassette: Path) -> None:
    exchanges = load_exchanges(cassette)
    if not exchanges:
        pytest.skip(f"{cassette.name} holds no exchange with {NOTION_HOST}")
    await REPLAY.run(cassette, exchanges)
