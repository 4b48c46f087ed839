"""``--verify full`` against the source: a faithful import measures 1.0 everywhere, and a
converter made to damage a page on purpose is caught (exit 3, the figure and an excerpt)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests import paths
from tests.served import UNPACED

from notion_import.cli import main
from notion_import.convert.ir import Block, ConvertedPage, Image, Span, Table
from notion_import.sources import html as html_source

FIGURES = {"text", "images", "links", "cells", "counts"}
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTION_TOKEN", raising=False)
    monkeypatch.delenv("NOTION_BASE_URL", raising=False)


def test_the_examples_measure_one_and_verify_says_the_same(
    server: dict[str, str], tmp_path: Path
) -> None:
    token = tmp_path / "token"
    token.write_text(server["token"])
    connection = ["--base-url", server["base_url"], "--token-file", str(token)]
    journal = tmp_path / "j.sqlite"
    runner = CliRunner()
    done = runner.invoke(
        main,
        [
            "import",
            str(paths.EXAMPLES),
            "--parent",
            server["root_page_id"],
            *connection,
            "--journal",
            str(journal),
            "--verify",
            "full",
            "--report",
            str(tmp_path / "import.json"),
            *UNPACED,
        ],
    )
    assert done.exit_code in (0, 4), done.output
    imported = json.loads((tmp_path / "import.json").read_text())
    totals = imported["totals"]["verification"]
    assert set(totals) == FIGURES
    assert {name: totals[name] for name in FIGURES - {"counts"}} == dict.fromkeys(
        FIGURES - {"counts"}, 1.0
    )
    assert totals["counts"]["words"] > 100 and totals["counts"]["links"] > 0
    assert totals["counts"]["images"] > 0 and totals["counts"]["cells"] > 0
    assert all(set(p["verification"]) == FIGURES for p in imported["pages"] if p["verification"])
    assert (
        "Verification against the source: text 1.000, images 1.000, links 1.000, cells 1.000"
        in (done.output)
    )

    again = runner.invoke(
        main,
        ["verify", "--journal", str(journal), *connection, "--report", str(tmp_path / "v.json")],
    )
    assert again.exit_code in (0, 4), again.output
    verified = json.loads((tmp_path / "v.json").read_text())
    assert verified["totals"]["verification"] == totals
    assert "Verification against the source: text 1.000" in again.output


def _spans(block: Block) -> list[Span] | None:
    spans = getattr(block, "spans", None)
    return spans if isinstance(spans, list) else None


def _walk(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        out.append(block)
        out += _walk(block.children)
    return out


def drop_word(page: ConvertedPage) -> None:
    for block in _walk(page.blocks):
        for index, span in enumerate(_spans(block) or []):
            if "xylophone" in span.text:
                (_spans(block) or [])[index] = Span(span.text.replace("xylophone", ""), span.marks)


def drop_image(page: ConvertedPage) -> None:
    page.blocks = [b for b in page.blocks if not isinstance(b, Image)]


def drop_link(page: ConvertedPage) -> None:
    for block in _walk(page.blocks):
        spans = _spans(block) or []
        spans[:] = [Span(s.text, s.marks) for s in spans]


def drop_cell(page: ConvertedPage) -> None:
    for block in _walk(page.blocks):
        if isinstance(block, Table):
            block.rows[1][1] = []


DAMAGE: dict[str, tuple[Callable[[ConvertedPage], None], str]] = {
    "text": (drop_word, "xylophone"),
    "images": (drop_image, "pic.png"),
    "links": (drop_link, "“the other page” → b.html"),
    "cells": (drop_cell, "“forty-two”"),
}


@pytest.mark.parametrize("figure", sorted(DAMAGE))
def test_a_damaging_converter_is_caught(
    figure: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "site"
    source.mkdir()
    (source / "pic.png").write_bytes(PNG)
    (source / "a.html").write_text(
        "<title>A</title><h1>A</h1><p>The secret word is xylophone, see"
        " <a href='b.html'>the other page</a>.</p><img src='pic.png' alt='a picture'>"
        "<table><tr><th>Name</th><th>Value</th></tr><tr><td>answer</td><td>forty-two</td></tr>"
        "</table>"
    )
    (source / "b.html").write_text("<title>B</title><p>Nothing here.</p>")
    damage, excerpt = DAMAGE[figure]
    original = html_source.convert_html

    def damaging(*args: Any, **kwargs: Any) -> ConvertedPage:
        page = original(*args, **kwargs)
        if page.source == "a.html":
            damage(page)
        return page

    monkeypatch.setattr(html_source, "convert_html", damaging)
    report = tmp_path / "r.json"
    done = CliRunner().invoke(
        main, ["import", str(source), "--verify", "full", "--report", str(report)]
    )
    assert done.exit_code == 3, done.output
    pages = {p["source"]: p for p in json.loads(report.read_text())["pages"]}
    page = pages["a.html"]
    assert page["verified"] is False
    assert page["verification"][figure] < 1.0
    problems = [loss["reason"] for loss in page["losses"] if loss["element"] == "verify"]
    assert any(p.startswith(f"against the source: {figure} ") and excerpt in p for p in problems)
    assert pages["b.html"]["verified"] is True


def test_without_damage_the_same_page_matches(tmp_path: Path) -> None:
    source = tmp_path / "site"
    source.mkdir()
    (source / "pic.png").write_bytes(PNG)
    (source / "a.html").write_text(
        "<title>A</title><p>The secret word is xylophone, see <a href='b.html'>the other"
        " page</a>.</p><img src='pic.png'><table><tr><th>Name</th><th>Value</th></tr>"
        "<tr><td>answer</td><td>forty-two</td></tr></table>"
    )
    (source / "b.html").write_text("<title>B</title><p>Nothing here.</p>")
    report = tmp_path / "r.json"
    done = CliRunner().invoke(
        main, ["import", str(source), "--verify", "full", "--report", str(report)]
    )
    assert done.exit_code == 0, done.output
    totals = json.loads(report.read_text())["totals"]["verification"]
    assert [totals[k] for k in ("text", "images", "links", "cells")] == [1.0] * 4
