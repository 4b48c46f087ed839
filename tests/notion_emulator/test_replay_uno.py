"""Contract test: the 80 cassettes of ``../shared/reference/notion-recordings-uno/`` replay with
Notion's answers.

The cassettes were recorded against api.notion.com by the ``ultimate-notion`` test suite (see
``SOURCE.md`` there). Each is replayed in order against a fresh in-process emulator by
:class:`tests.notion_emulator.replay.Replay`: first the objects the recorded workspace already
held are seeded from what the recorded answers show of them, then every request is sent and
must be accepted (or refused with the same code) with an answer of Notion's shape.

:data:`ALLOW_LIST` is the one list of differences kept on purpose, each with its reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests import paths
from tests.notion_emulator.replay import Allowed, Replay, load_exchanges

UNO = paths.UNO

if not UNO.is_dir():
    pytest.skip(f"the recorded Notion exchanges are not present at {UNO}", allow_module_level=True)

#: Differences kept on purpose: what the recorded workspace held, not how Notion behaves.
ALLOW_LIST: tuple[Allowed, ...] = (
    Allowed(
        "*.person.email_verified",
        "the recorded workspace's person shows no email_verified; Notion sends it for some "
        "people (../shared/reference/notion-recordings/test_users_list.yaml), the emulator's "
        "one person has it",
    ),
    Allowed(
        "results[].display_name",
        "comments the recorded workspace held were written by a person (display_name type "
        "user); seeding can only write them through the API, as the integration",
        endpoint="GET /v1/comments",
    ),
)

REPLAY = Replay(
    root_id="00000000-0000-4000-8000-000000000001",
    dependent={
        # search sees every page shared with the integration, including earlier runs' pages
        "POST /v1/search": frozenset({"results", "results[].properties.title.title"}),
        # the recorded workspace had a second integration's bot; the emulator has one bot
        "GET /v1/users": frozenset({"results"}),
    },
    allowed=ALLOW_LIST,
    seed=True,
)


def _cassettes() -> list[Any]:
    params = []
    for path in sorted(UNO.glob("*/*.yaml")):
        name = f"{path.parent.name}/{path.stem}"
        params.append(pytest.param(path, id=name))
    return params


@pytest.mark.parametrize("cassette", _cassettes())
async def test_cassette_replays_with_notions_answers(cassette: Path) -> None:
    await REPLAY.run(cassette, load_exchanges(cassette))
