"""Conversion speed and memory on the Debian `debian-handbook` (26 languages, 3,302 pages).

Converts every page one at a time (HTML -> typed tree -> Notion JSON), on one core, and
prints MB of HTML per second and peak RSS after each quarter of the pages (flat memory means
pages are not accumulated).

The handbook is fetched once with `apt-get download debian-handbook` into
`.cache/debian-handbook/` (or pass --html DIR pointing at .../debian-handbook/html).

Usage: python benchmarks/bench_convert.py [--html DIR] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from notion_import.convert.html.reader import convert_html
from notion_import.convert.serialize import to_notion
from notion_import.sources.root import ExportRoot

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "debian-handbook"


def handbook_dir(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    html = CACHE / "usr" / "share" / "doc" / "debian-handbook" / "html"
    if html.is_dir():
        return html
    if not shutil.which("apt-get") or not shutil.which("dpkg-deb"):
        sys.exit("needs apt-get and dpkg-deb to fetch debian-handbook, or --html DIR")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", "debian-handbook"], cwd=tmp, check=True)
        deb = next(Path(tmp).glob("debian-handbook_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), str(CACHE)], check=True)
    return html


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(pages: list[Path], root: Path) -> dict[str, float | list[float]]:
    total = 0
    checkpoints = {len(pages) * q // 4 for q in (1, 2, 3, 4)}
    rss: list[float] = []
    blocks = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for index, path in enumerate(pages, 1):
        raw = path.read_bytes()
        total += len(raw)
        page = convert_html(raw, source=str(path.relative_to(root)), files=ExportRoot(root))
        out, _losses = to_notion(page.blocks, assets=list(page.assets), where=page.source)
        blocks += len(out)
        if index in checkpoints:
            rss.append(round(peak_rss_mb(), 1))
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    return {
        "mb": total / 1e6,
        "wall_s": wall,
        "cpu_s": cpu,
        "mb_per_s_wall": total / 1e6 / wall,
        "mb_per_cpu_s": total / 1e6 / cpu,
        "top_level_blocks": float(blocks),
        "peak_rss_mb_by_quarter": rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", help="the handbook's html/ directory")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    root = handbook_dir(args.html)
    pages = sorted(root.rglob("*.html"))
    results = [run(pages, root) for _ in range(args.rounds)]
    speeds = [float(r["mb_per_cpu_s"]) for r in results]  # type: ignore[arg-type]
    print(
        json.dumps(
            {
                "cores": os.cpu_count(),
                "pages": len(pages),
                "languages": len([d for d in root.iterdir() if d.is_dir()]),
                "html_mb": round(float(results[0]["mb"]), 1),  # type: ignore[arg-type]
                "rounds": args.rounds,
                "mb_per_cpu_second_median": round(statistics.median(speeds), 2),
                "wall_seconds_median": round(
                    statistics.median(float(r["wall_s"]) for r in results),
                    2,  # type: ignore[arg-type]
                ),
                "peak_rss_mb_by_quarter_first_round": results[0]["peak_rss_mb_by_quarter"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
