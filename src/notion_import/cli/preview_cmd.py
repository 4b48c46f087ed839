"""``notion-import preview``: the result as a static site, before touching the workspace."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from notion_import.api.client import connect, resolve_token
from notion_import.cli.interrupts import Interruptible
from notion_import.cli.options import (
    clear_errors,
    connection_options,
    keep_chrome_option,
    parse_page_id,
    quiet,
    source_format_option,
)
from notion_import.cli.progress import ProgressPrinter
from notion_import.cli.sandbox import open_sandbox
from notion_import.importer import Report
from notion_import.preview import PreviewError, preview_source, preview_workspace

DEFAULT_OUT = Path(".notion-import") / "preview"


@click.command("preview")
@click.argument("source", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--page",
    "page",
    default=None,
    metavar="PAGE_ID_OR_URL",
    help="Preview this page of a workspace (and its subpages) instead of a source; needs a "
    "token (NOTION_TOKEN or --token-file).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Write the site here (default: {DEFAULT_OUT}/<name>); an earlier preview there is "
    "replaced, any other non-empty folder refused.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the index in a web browser.")
@click.option(
    "--fetch-external",
    is_flag=True,
    help="Download external images and media into the site too (default: shown as a link, "
    "so that the preview loads nothing from the network).",
)
@source_format_option
@keep_chrome_option
@connection_options("For --page: ")
@click.option("--no-subpages", is_flag=True, help="For --page: only the page itself.")
def preview_command(
    source: Path | None,
    page: str | None,
    out: Path | None,
    open_browser: bool,
    fetch_external: bool,
    source_kind: str | None,
    keep_chrome: bool,
    base_url: str | None,
    token_file: Path | None,
    no_subpages: bool,
) -> None:
    """Show what SOURCE (a folder, a file or a zip) will look like in Notion, without a token.

    Imports SOURCE into an embedded notion-emulator, reads every page back through the API and
    writes a static site: an index of the pages with what was lost and whether each page
    matches its source, and each page as Notion shows it, beside its original.

    With --page instead of SOURCE, shows a page of a real workspace the same way.
    """
    if (source is None) == (page is None):
        raise click.UsageError("give either SOURCE or --page PAGE_ID_OR_URL")
    printer = ProgressPrinter(quiet=quiet())
    interrupts = Interruptible(
        lambda: "Interrupted: the preview is not finished; run the same command again.",
        before_farewell=printer.stop,
    ).guard()
    with clear_errors():
        try:
            if source is not None:
                target = out or DEFAULT_OUT / _name(source.resolve().name or "source")
                printer.start()
                try:
                    index, report = interrupts.run(
                        _preview_source(
                            source, target, source_kind, fetch_external, keep_chrome, printer
                        )
                    )
                finally:
                    printer.stop()
                if not printer.quiet:  # -q: only the path of the preview
                    printer.done(report, losses_at="the preview, page by page")
            else:
                assert page is not None
                page_id = parse_page_id(page)
                target = out or DEFAULT_OUT / f"page-{page_id}"
                index = interrupts.run(
                    _preview_page(
                        page_id, target, base_url, token_file, fetch_external, not no_subpages
                    )
                )
        except PreviewError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Preview: {index.resolve()}")
    if open_browser:
        webbrowser.open(index.resolve().as_uri())


async def _preview_source(
    source: Path,
    out: Path,
    source_kind: str | None,
    fetch_external: bool,
    keep_chrome: bool,
    printer: ProgressPrinter,
) -> tuple[Path, Report]:
    sandbox = open_sandbox()
    api = connect(
        sandbox.token,
        sandbox.base_url,
        transport=sandbox.transport(),
        rate=1000.0,  # the sandbox does not limit: do not wait for nothing
        burst=50,
    )
    printer.attach(api)
    async with api:
        return await preview_source(
            source,
            out,
            api,
            sandbox.root_page_id,
            source_kind=source_kind,
            fetch_external=fetch_external,
            progress=printer.event,
            keep_chrome=keep_chrome,
        )


async def _preview_page(
    page_id: str,
    out: Path,
    base_url: str | None,
    token_file: Path | None,
    fetch_external: bool,
    subpages: bool,
) -> Path:
    token = resolve_token(None, token_file)
    async with connect(token, base_url) as api:
        return await preview_workspace(
            page_id, out, api, subpages=subpages, fetch_external=fetch_external
        )


def _name(raw: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in raw).strip("-.")
    return cleaned or "source"
