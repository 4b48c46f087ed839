"""Hostile input: at least 10,000 generated HTML documents and ENEX notes — deep nesting,
unclosed tags, huge tables, invalid bytes, javascript:/file:/data: URLs, astral and control
characters, broken attributes — through convert -> plan -> notion-emulator's validator: no
crash, no request Notion would refuse. Failing inputs are saved under
``tests/hostile/cases/`` as regression cases.

    python -m reliability.hostile [--quick] [--examples N] [--seed S]
"""

from __future__ import annotations

import base64
import json
import random
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from notion_emulator.errors import NotionError
from notion_emulator.schema.block_requests import validate_append_body
from notion_import.convert.html.reader import convert_html
from notion_import.convert.serialize import to_notion
from notion_import.errors import ConversionError
from notion_import.importer.plan import plan_page
from notion_import.sources import convert_path
from reliability.common import PROJECT, finish, log, parser

NAME = "hostile"
#: what the campaign does and what PASS means (RELIABILITY.md shows it).
ABOUT = (
    "Feeds at least 10,000 generated HTML documents and ENEX notes built to break a converter "
    "(deep nesting, unclosed tags, huge tables, invalid bytes, `javascript:`/`file:`/`data:` "
    "URLs, astral and control characters, broken attributes) through conversion and planning, "
    "and checks every request against the emulator's validator. PASS means no crash and not one "
    "request Notion would refuse; a failing input is saved as a regression case."
)

CASES = PROJECT / "tests" / "hostile" / "cases"
_PLACEHOLDER = re.compile(r'"(asset:\d+)"')
_PAGE = re.compile(r'"page:[^"]*"')

TAGS = [
    "p", "div", "span", "b", "i", "u", "s", "a", "ul", "ol", "li", "table", "tr", "td", "th",
    "thead", "tbody", "pre", "code", "blockquote", "details", "summary", "h1", "h2", "h4", "h6",
    "img", "figure", "figcaption", "aside", "dl", "dt", "dd", "math", "svg", "iframe", "video",
    "input", "br", "hr", "sup", "sub", "mark", "font", "section", "script", "style", "template",
]  # fmt: skip
TEXTS = [
    "plain words ", "é ü ß ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀👍🏽 ", "\u200b\u200d\u202e ",
    "&amp; &lt;&gt; &#0; &#x110000; ",
    "a" * 2500, "word " * 500, "\x00\x01\x1f ", "$$x^2$$ ", "\\(a+b\\) ", "<!-- c --> ", "]]> ",
]  # fmt: skip
URLS = [
    "https://example.com/a b", "javascript:alert(1)", "file:///etc/passwd", "data:image/png;base64,"
    + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 40).decode(), "../../etc/passwd", "#top",
    "mailto:a@b.c", "http://", "//cdn.example.com/x.png", "https://" + "x" * 2100 + ".com",
    "other.html#h", "tel:123", "https://trac er.example.org/",
]  # fmt: skip
ATTRS = [
    'class="language-python"', 'style="color: red; display:none"', 'colspan="1000"',
    'rowspan="0"', 'type="checkbox" checked', 'id="h"', 'class="callout"', 'open',
    'style="display:flex"', 'class="column-list"', 'start="5"', 'lang="zz"', 'broken="',
]  # fmt: skip


def html_document(rng: random.Random) -> str:
    parts: list[str] = []
    depth = 0
    for _ in range(rng.randint(1, 60)):
        roll = rng.random()
        if roll < 0.35 and depth < 400:
            tag = rng.choice(TAGS)
            attrs = " ".join(rng.sample(ATTRS, rng.randint(0, 2)))
            link = f' href="{rng.choice(URLS)}"' if tag == "a" else ""
            src = f' src="{rng.choice(URLS)}"' if tag in ("img", "iframe", "video") else ""
            parts.append(f"<{tag} {attrs}{link}{src}>")
            depth += 1
        elif roll < 0.55 and depth:
            parts.append(f"</{rng.choice(TAGS)}>")  # often not the open one
            depth -= 1
        elif roll < 0.58:
            parts.append(rng.choice(["<div>", "<ul><li>", "<blockquote>"]) * rng.randint(20, 200))
        elif roll < 0.6:
            rows = "".join(
                "<tr>" + "<td>c</td>" * rng.randint(1, 8) + "</tr>"
                for _ in range(rng.randint(90, 130))
            )
            parts.append(f"<table>{rows}</table>")
        else:
            parts.append(rng.choice(TEXTS))
    return "".join(parts)


def enex_document(rng: random.Random) -> str:
    body = html_document(rng).replace("]]>", "]] >")
    resource = base64.b64encode(rng.randbytes(rng.randint(0, 200))).decode()
    return (
        '<?xml version="1.0" encoding="UTF-8"?><en-export><note><title>T</title><content>'
        '<![CDATA[<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE en-note SYSTEM '
        f'"http://xml.evernote.com/pub/enml2.dtd"><en-note>{body}<en-media type="image/png" '
        f'hash="00112233445566778899aabbccddeeff"/></en-note>]]></content><resource><data '
        f'encoding="base64">{resource}</data><mime>image/png</mime></resource></note></en-export>'
    )


def check(blocks: list[dict[str, Any]]) -> None:
    """Every request the importer would send for these blocks passes the emulator's rules."""
    plan = plan_page(blocks)
    for step in plan.steps:
        if step.kind != "append":
            continue
        text = _PLACEHOLDER.sub('"5a6e7d3c-0000-4000-8000-000000000001"', json.dumps(step.children))
        text = _PAGE.sub('"https://www.notion.so/page"', text)
        validate_append_body({"children": json.loads(text)}, "2025-09-03")


def one(kind: str, document: str | bytes, work: Path) -> str | None:
    """None, or what went wrong."""
    try:
        if kind == "html":
            raw = document if isinstance(document, bytes) else document.encode("utf-8", "replace")
            page = convert_html(raw, source="page.html")
            blocks, _ = to_notion(page.blocks, assets=list(page.assets), where=page.source)
            check(blocks)
        else:
            path = work / "note.enex"
            path.write_text(str(document), encoding="utf-8")
            for converted in convert_path(path):
                blocks, _ = to_notion(list(getattr(converted, "blocks", [])))
                check(blocks)
        return None
    except ConversionError:
        return None  # a clear per-file refusal (binary file, ...): what bad input should get
    except NotionError as exc:
        return f"invalid payload: {exc}"
    except RecursionError:
        return "crash: RecursionError"
    except Exception:
        return "crash: " + traceback.format_exc(limit=3)


def main() -> int:
    arguments = parser(__doc__.splitlines()[0])
    arguments.add_argument("--examples", type=int, default=10_000)
    args = arguments.parse_args()
    total = 500 if args.quick else args.examples
    rng = random.Random(args.seed)
    crashes = invalid = html = enex = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for index in range(total):
            if index % 10 == 9:
                kind, document = "enex", enex_document(rng)
                enex += 1
            else:
                kind = "html"
                text = html_document(rng)
                document = (
                    text.encode() if rng.random() < 0.9 else rng.randbytes(300) + text.encode()
                )
                html += 1
            problem = one(kind, document, work)
            if problem is not None:
                crashes += problem.startswith("crash")
                invalid += problem.startswith("invalid")
                CASES.mkdir(parents=True, exist_ok=True)
                name = CASES / f"{kind}-{args.seed}-{index}.{'html' if kind == 'html' else 'enex'}"
                name.write_bytes(document if isinstance(document, bytes) else document.encode())
                log(NAME, f"{name.name}: {problem.splitlines()[-1][:200]}")
            if (index + 1) % 1000 == 0:
                log(NAME, f"{index + 1} inputs, {crashes} crashes, {invalid} invalid payloads")
    figures = {
        "inputs": total,
        "html": html,
        "enex": enex,
        "crashes": crashes,
        "invalid_payloads": invalid,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return finish(NAME, figures, crashes == 0 and invalid == 0, about=ABOUT)


if __name__ == "__main__":
    sys.exit(main())
