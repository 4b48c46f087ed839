"""A generated export modelled on the design note, for tests and benchmarks.

``make_export(root, pages=100)`` writes ``pages`` HTML pages in two folders, each with a
gallery of 5 local images in a row (some image files shared between pages), headings, a list
nested 4 levels deep, a table, a code block, and links to other pages.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path


def png(seed: int, size: int = 16, blue: int = 90) -> bytes:
    """A small valid PNG whose pixels depend on ``seed`` (modulo 256) and ``blue``."""
    raw = b"".join(
        b"\x00"
        + b"".join(bytes(((x + seed) % 256, (y * 3 + seed) % 256, blue)) for x in range(size))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def page_html(index: int, pages: int, folder_of: list[str]) -> str:
    """Page ``index`` of :func:`make_export`: its gallery wraps around 4 files per page."""
    images = [f"../images/img{(index * 5 + k) % (pages * 4)}.png" for k in range(5)]
    return page_body(index, pages, lambda i: f"../{folder_of[i]}/page{i}.html", images)


def page_body(index: int, pages: int, href: Callable[[int], str], images: list[str]) -> str:
    """One page: a title, a paragraph, a gallery of ``images`` in a row, a list 4 deep, a
    table, code, and links to the next and previous pages (addressed by ``href``)."""
    here = href(index).rsplit("/", 2)[-2] if "/" in href(index) else "export"
    gallery = "".join(
        f'<figure><img src="{src}" '
        f'alt="picture {k}"><figcaption>Picture {k} of page {index}</figcaption></figure>'
        for k, src in enumerate(images)
    )
    nxt, prev = (index + 1) % pages, (index - 1) % pages
    rows = "".join(f"<tr><td>row {r}</td><td>{r * index}</td></tr>" for r in range(6))
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Page {index} in {here}</title></head>
<body>
<h1>Page {index}</h1>
<p>Intro of page {index} with <strong>bold</strong>, <em>italic</em> and
<a href="https://example.com/{index}">an external link</a>.</p>
<div style="display:flex">{gallery}</div>
<h2>Steps</h2>
<ul>
  <li>Level one
    <ul><li>Level two
      <ul><li>Level three
        <ul><li>Level four, item {index}</li></ul>
      </li></ul>
    </li></ul>
  </li>
  <li>Another first-level item</li>
</ul>
<h2>Numbers</h2>
<table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>{rows}</tbody></table>
<pre><code class="language-python">def page_{index}():
    return {index}
</code></pre>
<p>Next: <a href="{href(nxt)}">page {nxt}</a>; previous: <a href="{href(prev)}">page {prev}</a>.</p>
</body></html>
"""


def make_export(root: Path, pages: int = 100) -> Path:
    """Write the export under ``root`` and return ``root``."""
    (root / "images").mkdir(parents=True, exist_ok=True)
    for n in range(pages * 4):  # 500 references to 400 distinct files when pages=100
        (root / "images" / f"img{n}.png").write_bytes(png(n))
    folder_of = ["guides" if i % 2 == 0 else "notes" for i in range(pages)]
    for folder in ("guides", "notes"):
        (root / folder).mkdir(exist_ok=True)
    for index in range(pages):
        (root / folder_of[index] / f"page{index}.html").write_text(
            page_html(index, pages, folder_of), encoding="utf-8"
        )
    (root / "index.html").write_text(
        "<html><head><title>Workload</title></head><body><h1>Workload</h1><ul>"
        + "".join(
            f'<li><a href="{folder_of[i]}/page{i}.html">Page {i}</a></li>' for i in range(pages)
        )
        + "</ul></body></html>",
        encoding="utf-8",
    )
    return root


#: The origin document's scenario: pages, image references, and how many of those reuse a
#: file that another page already shows.
ORIGIN_PAGES = 100
ORIGIN_PER_PAGE = 5


def origin_files(pages: int = ORIGIN_PAGES) -> list[int]:
    """The file number each image reference of :func:`make_origin_export` shows, in reference
    order: the last tenth of the references reuse a file an earlier page already shows
    (500 references to 450 distinct files for 100 pages)."""
    refs = pages * ORIGIN_PER_PAGE
    reused = refs // 10
    own = refs - reused
    step = max(1, own // max(1, reused))
    return [r if r < own else (r - own) * step for r in range(refs)]


def make_origin_export(root: Path, pages: int = ORIGIN_PAGES) -> Path:
    """The origin document's export under ``root`` (returned): ``pages`` pages side by side,
    each as :func:`page_body` draws it, with ``5 × pages`` image references of which a tenth
    reuse another page's file; every file's pixels differ from every other's."""
    files = origin_files(pages)
    (root / "images").mkdir(parents=True, exist_ok=True)
    for n in sorted(set(files)):
        (root / "images" / f"photo{n}.png").write_bytes(png(n, blue=n // 256))
    for index in range(pages):
        shown = files[index * ORIGIN_PER_PAGE : (index + 1) * ORIGIN_PER_PAGE]
        images = [f"images/photo{n}.png" for n in shown]
        (root / f"page{index}.html").write_text(
            page_body(index, pages, lambda i: f"page{i}.html", images), encoding="utf-8"
        )
    return root
