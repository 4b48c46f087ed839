"""The text a page must carry once its chrome is left out: what the tests of fidelity over
real pages compare the output with, as verification against the source does."""

from __future__ import annotations

from collections.abc import Iterable

from notion_import.convert.ir import Loss


def without_chrome(text: str, losses: Iterable[Loss]) -> str:
    """``text`` (a page's visible text) without the words its losses of kind ``chrome`` left
    out: each loss's words taken away where they first occur, white space ignored. A loss
    whose words are not found takes nothing away (the comparison then fails, as it should)."""
    for loss in losses:
        wanted = "".join(loss.text.split())
        if loss.kind != "chrome" or not wanted:
            continue
        positions = [i for i, char in enumerate(text) if not char.isspace()]
        at = "".join(text[i] for i in positions).find(wanted)
        if at >= 0:
            start, end = positions[at], positions[at + len(wanted) - 1] + 1
            text = f"{text[:start]} {text[end:]}"
    return text
