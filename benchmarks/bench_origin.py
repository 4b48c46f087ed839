"""The origin document's scenario, end to end, side by side with a naive importer.

Workload: ``benchmarks.workload.make_origin_export`` (100 pages, each with a gallery of 5
images, a list 4 deep, a table, code and links to the next and previous pages; 500 image
references of which 50 reuse a file another page shows: 450 distinct files). Each importer
writes into its own ``notion-emulator serve`` (a separate process: token bucket at --rate with
--burst, --latency-ms per request); all of them run at the same time, in real time:

- ``notion-import import`` with ``--verify full``, and again with the default verification,
  each as a user starts it (a fresh process, rate adaptive from Notion's 3/s);
- the naive importer below: what a user would write with notion-client's synchronous
  ``Client``: one page at a time, one request after another, a pause before each to stay under
  the rate (0.35 s at 3/s), every image reference uploaded as it comes, the client's own retry
  on 429. It lands the same content: the same conversion, links to the pages they name.

Reported for each: wall time, requests the emulator answered (429s included), 429s; for
notion-import also its ``minimal_requests``, its verification reads, wall ÷ (requests ÷ rate),
the fidelity that verification against the source measured (``--verify full``: the witness of
``notion_import.witness`` reads the source HTML independently of the converter), and whether
every tree landed is the naive importer's (read through ``/_emulator/tree``, ids, times and
upload ids left out, files compared by content).

Usage: python benchmarks/bench_origin.py                          (real time: ~20 minutes)
       python benchmarks/bench_origin.py --rate 30 --latency-ms 30 (time-scaled: make bench)
       python benchmarks/bench_origin.py --quick                   (4 pages: checks the harness)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.workload import make_origin_export
from notion_import.convert.references import PageLink
from notion_import.importer import documents_to_pages
from notion_import.importer.fill import Reached, step_blocks
from notion_import.importer.report import page_url

#: Notion's average rate, requests per second; the emulators' default here.
NOTION_RATE = 3.0
#: The naive importer's pause before each request at Notion's rate (scaled by 3 / rate).
NAIVE_PAUSE = 0.35


def naive_import(client: Any, source: Path, root_page_id: str, pause: float) -> None:
    """Import the flat export ``source`` under ``root_page_id`` through ``client`` (a
    notion-client ``Client``) as a simple synchronous tool would: create every page (so that
    links can name them), then for each page in turn upload its images one reference after
    another and append its blocks, sleeping ``pause`` before every request."""

    def call(method: Callable[..., Any], **params: Any) -> Any:
        time.sleep(pause)
        return method(**params)

    pages = list(documents_to_pages(source))
    ids: dict[str, str] = {}
    for page in pages:
        title = [{"text": {"content": page.title}}]
        made = call(
            client.pages.create, parent={"page_id": root_page_id}, properties={"title": title}
        )
        ids[page.key] = made["id"]
    titles = {page.key: page.title for page in pages}

    def resolve(link: PageLink) -> Reached | None:
        found = ids.get(link.path)
        if found is None or link.fragment:
            return None
        return Reached(page_url(found), found, titles[link.path])

    for page in pages:
        for index, asset in enumerate(page.assets):
            if asset.kind != "local" or page.root is None:
                continue
            name = Path(asset.ref).name
            content = (page.root / asset.ref).read_bytes()
            upload = call(client.file_uploads.create, filename=name)
            call(
                client.file_uploads.send,
                file_upload_id=upload["id"],
                file=(name, content, "image/png"),
            )
            page.uploads[index] = upload["id"]
        results: dict[int, list[str]] = {}
        for number, step in enumerate(page.plan.steps):
            target = (
                ids[page.key]
                if step.target.request is None
                else results[step.target.request][step.target.index]
            )
            if step.kind == "list":
                answer = call(client.blocks.children.list, block_id=target)
            else:
                children = step_blocks(page, step, resolve)
                answer = call(client.blocks.children.append, block_id=target, children=children)
            results[number] = [b["id"] for b in answer["results"]]


#: What differs between two imports of the same content: ids, times, who, where files are.
_VOLATILE = {
    "id",
    "created_time",
    "last_edited_time",
    "created_by",
    "last_edited_by",
    "parent",
    "request_id",
    "expiry_time",
    "page",
}


def landed(tree: dict[str, Any], file_digest: Callable[[str], str]) -> dict[str, Any]:
    """What a page tree (``/_emulator/tree`` JSON) holds, comparable across imports: pages by
    title, each with its blocks in order; page ids in links and mentions replaced by the
    titles of their pages, files by their name and a digest of their content
    (``file_digest(url)``)."""
    titles: dict[str, str] = {}

    def collect(node: dict[str, Any]) -> None:
        if node.get("type") == "child_page":
            title = node["child_page"]["title"]
            titles[node["id"]] = title
            titles[node["id"].replace("-", "")] = title
        for child in node.get("children", []):
            collect(child)

    collect(tree)
    named = re.compile("|".join(map(re.escape, titles))) if titles else None

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) >= {"url", "expiry_time"}:  # a file Notion hosts
                return {"file": file_digest(value["url"])}
            return {k: clean(v) for k, v in value.items() if k not in _VOLATILE}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, str) and named is not None:
            return named.sub(lambda m: f"<page {titles[m.group(0)]}>", value)
        return value

    def page(node: dict[str, Any]) -> dict[str, Any]:
        children = node.get("children", [])
        return {
            "blocks": [clean(c) for c in children if c.get("type") != "child_page"],
            "pages": {
                c["child_page"]["title"]: page(c) for c in children if c.get("type") == "child_page"
            },
        }

    return page(tree)


def differences(one: dict[str, Any], other: dict[str, Any], at: str = "") -> list[str]:
    """Where two :func:`landed` trees differ: the title paths of the pages whose blocks or
    subpages differ (``""``: the top's own blocks)."""
    found = [] if one["blocks"] == other["blocks"] else [at]
    for title in sorted(set(one["pages"]) | set(other["pages"])):
        a, b = one["pages"].get(title), other["pages"].get(title)
        where = f"{at}/{title}" if at else title
        found.extend([where] if a is None or b is None else differences(a, b, where))
    return found


class Served:
    """A ``notion-emulator serve`` process of its own: base URL, token, root page, stats."""

    def __init__(self, rate: float, burst: int, latency_ms: float) -> None:
        command = [sys.executable, "-m", "notion_emulator", "serve", "--port", "0"]
        command += ["--rate", str(rate), "--burst", str(burst), "--latency-ms", str(latency_ms)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self.process.stdout is not None
        line = json.loads(self.process.stdout.readline())
        self.base_url: str = line["base_url"]
        self.token: str = line["token"]
        self.root_page_id: str = line["root_page_id"]

    def get(self, path: str) -> httpx.Response:
        """An introspection read (``/_emulator/...``: neither limited nor counted)."""
        answer = httpx.get(self.base_url + path, timeout=60)
        answer.raise_for_status()
        return answer

    def stats(self) -> dict[str, Any]:
        return dict(self.get("/_emulator/stats").json())

    def landed(self) -> dict[str, Any]:
        digests: dict[str, str] = {}

        def digest(url: str) -> str:
            path = url.split("/_emulator/", 1)[1]
            if path not in digests:
                content = self.get("/_emulator/" + path).content
                digests[path] = f"{path.rsplit('/', 1)[-1]} {hashlib.sha256(content).hexdigest()}"
            return digests[path]

        return landed(self.get(f"/_emulator/tree/{self.root_page_id}").json(), digest)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextlib.contextmanager
def served(rate: float, burst: int, latency_ms: float) -> Iterator[Served]:
    emulator = Served(rate, burst, latency_ms)
    try:
        yield emulator
    finally:
        emulator.close()


def run_ours(
    emulator: Served, source: Path, verify: str, work: Path, rate: float
) -> dict[str, Any]:
    """``notion-import import`` in a fresh process, as a user starts it; its wall time and
    report. At Notion's 3 requests/s it finds the rate itself; a time-scaled emulator is
    given to it as ``--rate`` (it would otherwise start at 3/s)."""
    work.mkdir(parents=True, exist_ok=True)
    report = work / "report.json"
    command = [str(Path(sys.executable).parent / "notion-import"), "import", str(source)]
    command += ["--base-url", emulator.base_url, "--parent", emulator.root_page_id]
    command += ["--journal", str(work / "journal.sqlite"), "--report", str(report)]
    command += ["--verify", verify, "--no-progress", "--quiet"]
    if rate != NOTION_RATE:
        command += ["--rate", str(rate)]
    env = dict(os.environ, NOTION_TOKEN=emulator.token)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=work)
    wall = time.perf_counter() - started
    if not report.is_file():
        raise RuntimeError(f"notion-import exited {done.returncode}: {done.stderr[-2000:]}")
    return {"wall": wall, "exit_code": done.returncode, "report": json.loads(report.read_text())}


def run_naive(emulator: Served, source: Path, pause: float) -> dict[str, Any]:
    from notion_client import Client

    client = Client(auth=emulator.token, base_url=emulator.base_url, timeout_ms=120_000)
    started = time.perf_counter()
    naive_import(client, source, emulator.root_page_id, pause)
    wall = time.perf_counter() - started
    client.close()
    return {"wall": wall}


def figures(emulator: Served, run: dict[str, Any], rate: float) -> dict[str, Any]:
    """What one importer's run showed: wall time, requests the emulator answered, 429s, and
    wall time over its floor: the requests the rate let through (429s spend none of it),
    divided by the rate."""
    stats = emulator.stats()
    requests = int(stats["requests"])
    limited = int(stats["by_status"].get("429", 0))
    out: dict[str, Any] = {
        "wall_seconds": round(run["wall"], 1),
        "requests": requests,
        "status_429": limited,
        "wall_over_floor": round(run["wall"] / ((requests - limited) / rate), 3),
    }
    if "report" in run:
        totals = run["report"]["totals"]
        verification = totals.get("verification") or {}
        out |= {
            "exit_code": run["exit_code"],
            "minimal_requests": totals["minimal_requests"],
            "verify_requests": totals["verify_requests"],
            "pages_verified": sum(1 for p in run["report"]["pages"] if p.get("verified")),
            "files_uploaded": totals["files_uploaded"],
            "fidelity": {k: verification.get(k) for k in ("text", "images", "links", "cells")},
        }
    return out


def run_all(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    source = make_origin_export(work / "export", pages=args.pages)
    pause = NAIVE_PAUSE * NOTION_RATE / args.rate
    modes = [m for m in ("full", "acked") if m in args.verify]
    runs: dict[str, dict[str, Any]] = {}
    with contextlib.ExitStack() as stack:
        emulators = {
            name: stack.enter_context(served(args.rate, args.burst, args.latency_ms))
            for name in [*modes, "naive"]
        }
        jobs: dict[str, Callable[[], dict[str, Any]]] = {
            mode: partial(run_ours, emulators[mode], source, mode, work / mode, args.rate)
            for mode in modes
        }
        jobs["naive"] = partial(run_naive, emulators["naive"], source, pause)
        errors: list[BaseException] = []

        def job(name: str) -> None:
            try:
                runs[name] = jobs[name]()
            except BaseException as exc:  # reported once every job is done
                errors.append(exc)

        threads = [threading.Thread(target=job, args=(name,)) for name in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        result = {name: figures(emulators[name], runs[name], args.rate) for name in jobs}
        naive_tree = emulators["naive"].landed()
        for mode in modes:
            differing = differences(emulators[mode].landed(), naive_tree)
            result[mode]["same_content_as_naive"] = not differing
            result[mode]["pages_differing_from_naive"] = differing[:10]
            result[mode]["speedup"] = round(runs["naive"]["wall"] / runs[mode]["wall"], 2)
    return result


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table, one column per importer."""
    names = [n for n in ("full", "acked", "naive") if n in result["runs"]]
    heads = {"full": "`--verify full`", "acked": "default (`acked`)", "naive": "naive"}
    rows = [
        ("wall time, s", "wall_seconds"),
        ("requests (429s included)", "requests"),
        ("429 answers", "status_429"),
        ("wall ÷ ((requests − 429s) ÷ rate)", "wall_over_floor"),
        ("`minimal_requests`", "minimal_requests"),
        ("verification reads", "verify_requests"),
        ("naive wall ÷ this wall", "speedup"),
        ("fidelity (text, images, links, cells)", "fidelity"),
        ("same content as the naive importer", "same_content_as_naive"),
    ]
    lines = ["| figure | " + " | ".join(heads[n] for n in names) + " |"]
    lines.append("|---" * (len(names) + 1) + "|")
    for label, key in rows:
        cells = []
        for name in names:
            value = result["runs"][name].get(key, "")
            if isinstance(value, dict):
                value = ", ".join("–" if v is None else f"{v:.4f}" for v in value.values())
            cells.append(str(value))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=NOTION_RATE, help="Emulator requests/s.")
    parser.add_argument("--burst", type=int, default=10, help="Emulator token-bucket size.")
    parser.add_argument("--latency-ms", type=float, default=300.0)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument(
        "--verify",
        nargs="+",
        default=["full", "acked"],
        choices=["full", "acked"],
        help="The verification modes of notion-import to run (each against its own emulator).",
    )
    parser.add_argument("--quick", action="store_true", help="4 pages at 30/s: the harness only.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    if args.quick:
        args.pages, args.rate, args.latency_ms = 4, 30.0, 30.0
    with tempfile.TemporaryDirectory() as tmp:
        result = {
            "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
            "cores": os.cpu_count(),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "pages": args.pages,
            "rate": args.rate,
            "burst": args.burst,
            "latency_ms": args.latency_ms,
            "runs": run_all(args, Path(tmp)),
        }
    print(json.dumps(result, indent=2))
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
