"""The cost of verification against the source: taking each page's witness, against
converting it, on the Debian `debian-handbook` (26 languages, 3,302 pages).

Each page is converted (HTML -> typed tree -> Notion JSON) and its witness taken from the
same decoded HTML (:func:`notion_import.witness.extract`), one page at a time on one core;
the CPU seconds of each are added up apart. Target: the witness costs well under 30 % of the
conversion (it runs on the conversion thread, with ``--verify full`` only).

Usage: python benchmarks/bench_witness.py [--html DIR] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from benchmarks.bench_convert import handbook_dir
from notion_import.convert.html.reader import convert_html
from notion_import.convert.serialize import to_notion
from notion_import.sources.root import ExportRoot
from notion_import.witness import extract


def run(pages: list[Path], root: Path) -> tuple[float, float, int]:
    """CPU seconds converting, CPU seconds taking witnesses, words witnessed."""
    convert = witness = 0.0
    words = 0
    for path in pages:
        raw = path.read_bytes()
        source = str(path.relative_to(root))
        started = time.process_time()
        page = convert_html(raw, source=source, files=ExportRoot(root))
        to_notion(page.blocks, assets=list(page.assets), where=page.source)
        middle = time.process_time()
        words += len(extract(page.html, source).words)
        witness += time.process_time() - middle
        convert += middle - started
    return convert, witness, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", help="the handbook's html/ directory")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    root = handbook_dir(args.html)
    pages = sorted(root.rglob("*.html"))
    results = [run(pages, root) for _ in range(args.rounds)]
    print(
        json.dumps(
            {
                "pages": len(pages),
                "words": results[0][2],
                "rounds": args.rounds,
                "convert_cpu_s_median": round(statistics.median(r[0] for r in results), 2),
                "witness_cpu_s_median": round(statistics.median(r[1] for r in results), 2),
                "witness_share_of_conversion": round(
                    statistics.median(r[1] / r[0] for r in results), 3
                ),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
