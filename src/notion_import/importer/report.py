"""What an import did: per page and in total, as JSON and as a human summary.

Exit codes of ``notion-import import`` (documented in the README):

====  ==========================================================
0     done, every page written and verified, nothing lost
1     failed: at least one page could not be written
2     usage error (bad option, missing source, no token file)
3     verification found a mismatch
4     finished, but some elements could not be carried over (losses of kind ``dropped``;
      approximations count too with ``--strict``; left-out navigation never does)
====  ==========================================================
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO

from notion_import.convert.ir import LOSS_KINDS
from notion_import.importer.page import ImportPage
from notion_import.witness import Measured

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_MISMATCH, EXIT_LOSSES = 0, 1, 2, 3, 4


@dataclass
class PageReport:
    source: str
    title: str
    page_id: str | None
    url: str | None
    blocks: int
    files: int
    losses: list[dict[str, str]]
    verified: bool | None
    error: str | None = None
    bytes_uploaded: int = 0
    #: created as a database (a table of the export; ``page_id`` is the database's id).
    database: bool = False
    #: full verification against the source: ``text``, ``images``, ``links``, ``cells``
    #: (ratios, 0..1) and ``counts`` (see :meth:`notion_import.witness.Measured.as_json`);
    #: None when not verified so (another mode, or a source that is not HTML).
    verification: dict[str, Any] | None = None


def page_report(page: ImportPage, verified: bool | None, error: str | None) -> PageReport:
    """What the import did with one page."""
    return PageReport(
        source=page.key,
        title=page.title,
        page_id=page.page_id,
        url=None if page.page_id is None else page_url(page.page_id),
        blocks=page.block_count,
        files=page.files_uploaded,
        losses=[
            {"element": x.element, "reason": x.reason, "where": x.where, "kind": x.kind}
            for x in page.losses
        ],
        verified=verified,
        error=error,
        bytes_uploaded=page.bytes_uploaded,
        database=page.database,
        verification=None if page.verification is None else page.verification.as_json(),
    )


def page_url(page_id: str) -> str:
    """A page's address in Notion."""
    return f"https://www.notion.so/{page_id.replace('-', '')}"


@dataclass
class Report:
    pages: list[PageReport] = field(default_factory=list)
    requests: int = 0
    requests_by_endpoint: dict[str, int] = field(default_factory=dict)
    minimal_requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    uncertain_writes_reconciled: int = 0
    #: of ``requests``, those spent reading the result back (``--verify full``).
    verify_requests: int = 0
    wall_seconds: float = 0.0
    verify: str = "acked"
    #: ``--strict``: elements carried in another form count as losses for the exit code too.
    strict: bool = False
    #: files of the source that are no page (binary or empty, unreadable): ``source`` (the
    #: file's path in the export) and ``reason``; never created.
    skipped: list[dict[str, str]] = field(default_factory=list)

    def verification(self) -> Measured | None:
        """Verification against the source over every page measured (counts added up, so
        the ratios are over all words, images, links and cells), or None if none was."""
        measured = [Measured.from_json(p.verification) for p in self.pages if p.verification]
        return sum(measured[1:], measured[0]) if measured else None

    def totals(self) -> dict[str, Any]:
        verification = self.verification()
        return {
            "pages": len(self.pages),
            "blocks": sum(p.blocks for p in self.pages),
            "files_uploaded": sum(p.files for p in self.pages),
            "bytes_uploaded": sum(p.bytes_uploaded for p in self.pages),
            "losses": sum(len(p.losses) for p in self.pages),
            "losses_by_kind": self.losses_by_kind(),
            "failed": sum(1 for p in self.pages if p.error),
            "skipped": len(self.skipped),
            "requests": self.requests,
            "requests_by_endpoint": self.requests_by_endpoint,
            "minimal_requests": self.minimal_requests,
            "retries": self.retries,
            "rate_limited": self.rate_limited,
            "uncertain_writes_reconciled": self.uncertain_writes_reconciled,
            "verify_requests": self.verify_requests,
            "wall_seconds": self.wall_seconds,
            "verification": None if verification is None else verification.as_json(),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "pages": [asdict(p) for p in self.pages],
            "skipped": self.skipped,
            "totals": self.totals(),
            "verify": self.verify,
            "exit_code": self.exit_code(),
        }

    def write_json(self, out: TextIO) -> None:
        """Write :meth:`to_json` as ``json.dumps(report.to_json(), indent=2,
        ensure_ascii=False)`` spells it, one page at a time: the report of a large import is
        never whole in memory, as dictionaries or as text."""
        out.write('{\n  "pages": [')
        for index, page in enumerate(self.pages):
            text = json.dumps(asdict(page), indent=2, ensure_ascii=False)
            out.write(("," if index else "") + "\n    " + text.replace("\n", "\n    "))
        out.write("\n  ]," if self.pages else "],")
        rest = {
            "skipped": self.skipped,
            "totals": self.totals(),
            "verify": self.verify,
            "exit_code": self.exit_code(),
        }
        # the rest of the object, its opening brace left out (its lines are indented alike)
        out.write(json.dumps(rest, indent=2, ensure_ascii=False)[1:])

    def losses_by_kind(self) -> dict[str, int]:
        """How many losses of each kind (``dropped``, ``approximated``, ``chrome``)."""
        counts: dict[str, int] = dict.fromkeys(LOSS_KINDS, 0)
        for page in self.pages:
            for loss in page.losses:
                counts[loss["kind"]] += 1
        return counts

    def exit_code(self) -> int:
        if any(p.error for p in self.pages):
            return EXIT_FAILED
        if any(p.verified is False for p in self.pages):
            return EXIT_MISMATCH
        kinds = self.losses_by_kind()
        if kinds["dropped"] or (self.strict and kinds["approximated"]):
            return EXIT_LOSSES
        return EXIT_OK

    def wrote_nothing(self) -> bool:
        """Whether this run found every page already imported: no page failed and not one
        request wrote anything (a run again after a finished import)."""
        return (
            bool(self.pages)
            and not any(p.error for p in self.pages)
            and not any(_writes(name) for name in self.requests_by_endpoint)
        )

    def summary(self, report_place: str | None = None, *, losses_at: str | None = None) -> str:
        """The summary in words. ``report_place`` is where the report was written (named at
        the end); ``losses_at`` where the losses are shown (default: the report)."""
        t = self.totals()
        shown = losses_at or report_place
        see = f" (see {shown})" if shown else ""
        if self.wrote_nothing():
            lines = [f"Already imported: nothing to do ({plural(t['pages'], 'page')})."]
        else:
            verifying = (
                f" and {plural(t['verify_requests'], 'request')} to verify"
                if t["verify_requests"]
                else ""
            )
            lines = [
                f"Imported {plural(t['pages'], 'page')}, {plural(t['blocks'], 'block')}, "
                f"{plural(t['files_uploaded'], 'file')} ({plural(t['bytes_uploaded'], 'byte')}) "
                f"in {t['wall_seconds']:.1f} s.",
                f"Requests: {t['requests'] - t['verify_requests']} (fewest possible: "
                f"{t['minimal_requests']}){verifying}, retries {t['retries']}, "
                f"rate limited {t['rate_limited']}, "
                f"uncertain writes reconciled {t['uncertain_writes_reconciled']}.",
            ]
        lines += self.verification_lines()
        lines += self.loss_lines(see)
        if report_place:
            lines.append(f"Report: {report_place}")
        return "\n".join(lines)

    def loss_lines(self, see: str = "") -> list[str]:
        """The losses and failures in words; ``see`` follows each count (`` (see FILE)``)."""
        lines: list[str] = []
        kinds = self.losses_by_kind()
        if kinds["dropped"]:
            lines.append(f"{plural(kinds['dropped'], 'element')} could not be carried over{see}.")
        if kinds["approximated"]:
            were = "was" if kinds["approximated"] == 1 else "were"
            lines.append(
                f"{plural(kinds['approximated'], 'element')} {were} carried in another form{see}."
            )
        if kinds["chrome"]:
            lines.append(
                f"{plural(kinds['chrome'], 'navigation element')} "
                f"{'was' if kinds['chrome'] == 1 else 'were'} left out (--keep-chrome keeps them)."
            )
        if self.skipped:
            files = plural(len(self.skipped), "file that is not a page", "files that are not pages")
            lines.append(f"skipped: {files}{see}")
        for page in self.pages:
            if page.error:
                lines.append(f"FAILED {page.source}: {page.error}")
        return lines

    def verification_lines(self) -> list[str]:
        """What verification found, in words (nothing when the pages were not verified)."""
        lines: list[str] = []
        verified = [p for p in self.pages if p.verified is not None]
        if verified:
            good = sum(1 for p in verified if p.verified)
            lines.append(
                f"Verification ({self.verify}): {good} of {plural(len(verified), 'page')} match."
            )
        source = self.verification()
        if source is not None:
            measured = sum(1 for p in self.pages if p.verification)
            figures = ", ".join(
                f"{name} {value:.3f}"
                for name, value in source.as_json().items()
                if name != "counts"
            )
            lines.append(
                f"Verification against the source: {figures} ({plural(measured, 'page')})."
            )
        return lines


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 page``, ``2 pages`` (thousands grouped): ``words`` when adding an s is wrong."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def _writes(endpoint: str) -> bool:
    """Whether requests to this endpoint (``POST /v1/pages``) change anything in Notion."""
    method, _, path = endpoint.partition(" ")
    return method != "GET" and not path.endswith("/query") and path != "/v1/search"
