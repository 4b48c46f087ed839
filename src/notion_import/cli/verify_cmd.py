"""``notion-import verify``: read an earlier import back and compare it with its source."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from notion_import.cli.interrupts import Interruptible
from notion_import.cli.options import clear_errors, connection_options
from notion_import.cli.progress import ProgressPrinter
from notion_import.importer import EXIT_FAILED, Journal, Report
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
    help="Write the verification report as JSON to this file.",
)
def verify_command(
    journal_path: Path, base_url: str | None, token_file: Path | None, report_path: Path | None
) -> None:
    """Verify an earlier import in full: read every page it wrote back from Notion and compare
    it with the source (which must still be where it was imported from).

    Exit codes as for import: 0 identical, 1 pages missing, 3 mismatch, 4 identical but the
    source has losses, 130 interrupted.
    """
    with Journal(journal_path) as journal:
        counts = journal.counts()
        record = ImportRecord.read(journal)
    pending = {k: v for k, v in counts["steps"].items() if k != "acked"}
    click.echo(
        f"Journal {journal_path}: pages {counts['pages']}, steps {counts['steps']}, "
        f"uploads {counts['uploads']}"
    )
    if pending:
        click.echo(f"Not acknowledged: {pending}; run the import again to finish it.")
        sys.exit(EXIT_FAILED)
    if record is None:
        raise click.ClickException("this journal does not say which source it imported")
    if not record.source.exists():
        raise click.ClickException(f"the imported source {record.source} is no longer there")
    printer = ProgressPrinter(quiet=True)
    connection = Connection(base_url=base_url, token_file=token_file)
    with clear_errors():
        report = Interruptible(lambda: INTERRUPTED).run(_recheck(connection, journal_path, record))
    printer.done(report)
    if report_path is not None:
        with report_path.open("w") as out:  # page by page: never the whole report in memory
            report.write_json(out)
    sys.exit(report.exit_code())


async def _recheck(connection: Connection, journal_path: Path, record: ImportRecord) -> Report:
    async with connection.open() as api:
        return await recheck(api, journal_path, record)
