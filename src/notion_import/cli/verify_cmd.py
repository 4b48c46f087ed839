"""``notion-import verify``: read an earlier import back and compare it with its source."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from notion_import.cli.interrupts import Interruptible
from notion_import.cli.options import clear_errors, connection_options, write_report
from notion_import.importer import EXIT_FAILED, Journal, Report
from notion_import.importer.lock import JournalLock
from notion_import.importer.report import plural
from notion_import.importer.session import Connection, ImportRecord, recheck

#: What an interrupted verification says.
INTERRUPTED = "Interrupted: the verification did not finish (it writes nothing); run it again."


@click.command("verify")
@click.option(
    "--journal",
    "journal_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="The journal of an earlier import.",
)
@connection_options()
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the verification report as JSON to this file ('-': standard output).",
)
def verify_command(
    journal_path: Path, base_url: str | None, token_file: Path | None, report_path: Path | None
) -> None:
    """Verify an earlier import in full: read every page it wrote back from Notion and compare
    it with the source (which must still be where it was imported from).

    Exit codes as for import: 0 identical, 1 pages missing, 3 mismatch, 4 identical but the
    source has losses, 130 interrupted.
    """
    with clear_errors(), JournalLock(journal_path, shared=True), Journal(journal_path) as journal:
        counts = journal.counts()
        record = ImportRecord.read(journal)
    pending = {k: v for k, v in counts["steps"].items() if k != "acked"}
    click.echo(
        f"Journal {journal_path}: {plural(sum(counts['pages'].values()), 'page')}, "
        f"{plural(sum(counts['steps'].values()), 'write')} "
        f"({counts['steps'].get('acked', 0)} acknowledged), "
        f"{plural(sum(counts['uploads'].values()), 'file upload')}.",
        err=True,
    )
    if pending:
        states = ", ".join(f"{n} {state}" for state, n in sorted(pending.items()))
        click.echo(
            f"{plural(sum(pending.values()), 'write')} not acknowledged ({states}): run the "
            "import again to finish it.",
            err=True,
        )
        sys.exit(EXIT_FAILED)
    if record is None:
        raise click.ClickException("this journal does not say which source it imported")
    if not record.source.exists():
        raise click.ClickException(f"the imported source {record.source} is no longer there")
    connection = Connection(base_url=base_url, token_file=token_file)
    with clear_errors():
        report = Interruptible(lambda: INTERRUPTED).run(_recheck(connection, journal_path, record))
    place = write_report(report, report_path, None)
    click.echo(verification_summary(report, record.source, place), err=True)
    sys.exit(report.exit_code())


def verification_summary(report: Report, source: Path, place: str | None) -> str:
    """What verifying an earlier import found, in words."""
    failed = [p for p in report.pages if p.error]
    lines = [
        f"Verified {plural(len(report.pages), 'page')} against {source} "
        f"({plural(report.requests, 'request')}, {report.wall_seconds:.1f} s)."
    ]
    lines += report.verification_lines()
    mismatched = [p.source for p in report.pages if p.verified is False]
    if mismatched:
        lines.append(f"Not as imported: {', '.join(mismatched)}.")
    lines += report.loss_lines(f" (see {place})" if place else "")
    if not (failed or mismatched):
        lines.append("Every page is in Notion as it was imported.")
    if place:
        lines.append(f"Report: {place}")
    return "\n".join(lines)


async def _recheck(connection: Connection, journal_path: Path, record: ImportRecord) -> Report:
    async with connection.open() as api:
        return await recheck(api, journal_path, record)
