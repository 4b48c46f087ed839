"""``notion-import import``: the options of an import, its progress and its summary."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from notion_import.api import NotionAPI
from notion_import.cli.interrupts import Interruptible, PagesWritten
from notion_import.cli.options import (
    clear_errors,
    connection_options,
    keep_chrome_option,
    parse_page_id,
    quiet,
    source_format_option,
    write_report,
)
from notion_import.cli.progress import ProgressPrinter
from notion_import.cli.sandbox import Sandbox, open_sandbox
from notion_import.convert.html.base import ConvertOptions
from notion_import.errors import NothingToImportError
from notion_import.importer import Report
from notion_import.importer.estimate import FREE_BLOCK_LIMIT, estimate
from notion_import.importer.report import EXIT_USAGE, plural
from notion_import.importer.session import Connection, ImportSession, ImportSettings


@click.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--parent",
    "parent",
    default=None,
    metavar="PAGE_ID_OR_URL",
    help="The page to import under (shared with your integration).",
)
@connection_options()
@click.option(
    "--notion-version",
    default="2025-09-03",
    show_default=True,
    type=click.Choice(["2025-09-03", "2026-03-11"]),
    help="The Notion API version to speak.",
)
@click.option(
    "--into-database",
    is_flag=True,
    help="Create a database under the parent whose rows are the pages.",
)
@click.option(
    "--journal",
    "journal_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The journal file (default: one per source and parent in the user's state directory, "
    "or NOTION_IMPORT_STATE_DIR).",
)
@click.option(
    "--allow-duplicates",
    is_flag=True,
    help="Import even if the parent already holds pages of the same titles (a new journal "
    "otherwise refuses, as the import may have been done before).",
)
@click.option(
    "--verify",
    "verify",
    type=click.Choice(["none", "acked", "full"]),
    default="acked",
    show_default=True,
    help="How to check the result.",
)
@click.option("--dry-run", is_flag=True, help="Plan only: count pages, blocks and requests.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the JSON report here ('-': standard output; default: next to the journal).",
)
@click.option(
    "--concurrency",
    default=8,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Requests in flight at once (the rate limit still applies).",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Requests per second, a positive number (default: adaptive from Notion's 3/s).",
)
@source_format_option
@keep_chrome_option
@click.option("--no-progress", is_flag=True, help="Show no progress, only the messages.")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 4 for any loss: elements carried in another form too, not only those dropped.",
)
def import_command(
    source: Path,
    parent: str | None,
    base_url: str | None,
    token_file: Path | None,
    notion_version: str,
    into_database: bool,
    journal_path: Path | None,
    allow_duplicates: bool,
    verify: str,
    dry_run: bool,
    report_path: Path | None,
    concurrency: int,
    rate: float | None,
    source_kind: str | None,
    keep_chrome: bool,
    no_progress: bool,
    strict: bool,
) -> None:
    """Import SOURCE (a folder, a file or a zip) into Notion under --parent.

    With neither NOTION_TOKEN (or --token-file) nor a base URL, imports into an embedded
    notion-emulator (a sandbox) so you can see the result without touching a workspace.

    Exit codes: 0 done and verified, 1 failed, 2 usage error or run refused (another run
    holds the journal, a journal of another import, pages already there, nothing to import),
    3 verification mismatch, 4 content dropped (any loss with --strict), 130 interrupted
    (Ctrl-C or SIGTERM; run it again to resume).
    """
    if dry_run:
        _dry_run(source, source_kind, rate, ConvertOptions(keep_chrome=keep_chrome))
        return
    printer = ProgressPrinter(quiet=quiet(), show=not no_progress)
    sandbox: Sandbox | None = None
    counted = PagesWritten(printer.event)
    interrupts = Interruptible(
        lambda: counted.farewell(resumable=sandbox is None), before_farewell=printer.stop
    ).guard()
    if not (os.environ.get("NOTION_TOKEN") or token_file or base_url):
        sandbox = open_sandbox()
        printer.line(
            "No NOTION_TOKEN or base URL: importing into an embedded notion-emulator "
            "(sandbox); nothing leaves this machine."
        )
        connection = Connection(
            sandbox.token,
            sandbox.base_url,
            transport=sandbox.transport(),
            notion_version=notion_version,
            rate=rate or 1000.0,  # the sandbox does not limit: do not wait for nothing
            burst=50,
        )
    elif parent is None:
        raise click.UsageError("--parent is required when importing into Notion")
    else:
        connection = Connection(
            base_url=base_url, token_file=token_file, notion_version=notion_version, rate=rate
        )
    with clear_errors():
        api = connection.open(concurrency)
    if parent is not None:
        parent_id = parse_page_id(parent)
    else:
        assert sandbox is not None
        parent_id = sandbox.root_page_id
    settings = ImportSettings(
        source,
        parent_id,
        source_kind=source_kind,
        into_database=into_database,
        journal_path=journal_path,
        temporary_journal=sandbox is not None,  # a fresh sandbox needs a fresh journal
        verify=verify,
        concurrency=concurrency,
        keep_chrome=keep_chrome,
        allow_duplicates=allow_duplicates,
    )
    printer.attach(api)
    printer.count_in_background(source, source_kind, rate, settings.conversion)
    printer.start()
    try:
        with clear_errors():
            try:
                report, journal = interrupts.run(_import(api, settings, printer, counted))
            except NothingToImportError as exc:  # refused: as a usage error
                printer.stop()
                click.echo(f"Error: {exc}", err=True)
                sys.exit(EXIT_USAGE)
    finally:
        printer.stop()
    report.strict = strict
    place = write_report(report, report_path, _beside(journal))
    printer.done(report, place)
    if sandbox is not None:
        sandbox.show(printer.line, parent_id)
    sys.exit(report.exit_code())


async def _import(
    api: NotionAPI, settings: ImportSettings, printer: ProgressPrinter, progress: PagesWritten
) -> tuple[Report, Path | None]:
    """The report and the journal (None for a sandbox's, which is gone once the run ends)."""
    async with api, ImportSession(api, settings, progress=progress) as session:
        if session.journal_note is not None:
            printer.line(session.journal_note)
        if not session.temporary:
            printer.line(f"Journal: {session.journal_path} (run the same command again to resume)")
        return await session.run(), None if session.temporary else session.journal_path


def _beside(journal: Path | None) -> Path:
    """Where the report goes by default: next to the journal (a sandbox's in the temporary
    folder, as its journal is gone once the run ends)."""
    if journal is None:
        return Path(tempfile.gettempdir()) / "notion-import-sandbox-report.json"
    return journal.with_suffix(".report.json")


def _dry_run(
    source: Path, source_kind: str | None, rate: float | None, options: ConvertOptions
) -> None:
    counted = estimate(source, source_kind, rate, options)
    click.echo(f"Dry run of {source}: nothing is written.")
    click.echo(f"  pages:    {counted.pages}")
    click.echo(f"  blocks:   {counted.blocks}")
    click.echo(
        f"  uploads:  {plural(counted.files, 'distinct file')}, "
        f"{plural(counted.file_bytes, 'byte')}"
    )
    click.echo(f"  losses:   {counted.losses}")
    if counted.chrome:
        left_out = plural(counted.chrome, "navigation element")
        click.echo(f"  left out: {left_out} (--keep-chrome keeps them)")
    click.echo(
        f"  requests: {counted.requests} (at {counted.rate:g}/s: {_duration(counted.seconds)}; "
        "retries not counted)"
    )
    if counted.over_free_block_limit:
        click.echo(
            f"  warning: {counted.blocks} blocks is over the {FREE_BLOCK_LIMIT:,} blocks a Free "
            "workspace with more than one member may create through an integration"
        )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
