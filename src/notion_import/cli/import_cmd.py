"""``notion-import import`` and ``notion-import verify``."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click
import httpx

from notion_import.api.client import NotionAPI, connect
from notion_import.cli.convert_cmd import source_format_option
from notion_import.cli.progress import ProgressPrinter
from notion_import.cli.sandbox import Sandbox, open_sandbox
from notion_import.errors import ConfigurationError, NotionImportError
from notion_import.importer import (
    EXIT_FAILED,
    Importer,
    ImportOptions,
    Journal,
    Report,
    arrange,
    converted_pages,
    distinct_files,
    documents_to_pages,
    minimal_requests,
)

_ID = re.compile(
    r"([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})"
)
DATABASE_SCHEMA: dict[str, Any] = {
    "Name": {"title": {}},
    "Source": {"rich_text": {}},
    "Author": {"rich_text": {}},
    "Date": {"date": {}},
    "Tags": {"multi_select": {}},
    "Description": {"rich_text": {}},
    "Source URL": {"url": {}},
}


@contextlib.contextmanager
def clear_errors() -> Iterator[None]:
    """What goes wrong talking to Notion, as one line for the user instead of a traceback."""
    try:
        yield
    except (ConfigurationError, NotionImportError) as exc:
        raise click.ClickException(str(exc)) from None
    except httpx.TransportError as exc:
        raise click.ClickException(
            f"cannot reach the Notion API ({type(exc).__name__}: {exc}); check --base-url "
            "or NOTION_BASE_URL and the network"
        ) from None


def parse_page_id(value: str) -> str:
    """A page id from a dashed or plain id or a Notion URL (the last 32-hex id in it)."""
    found = _ID.findall(value)
    if not found:
        raise click.BadParameter(f"no Notion page id in {value!r}", param_hint="--parent")
    return "-".join(found[-1]).lower()


def default_journal(source: Path, parent: str) -> Path:
    key = hashlib.sha1(f"{source.resolve()}|{parent}".encode()).hexdigest()[:12]
    return Path(".notion-import") / f"journal-{source.name or 'source'}-{key}.sqlite"


def _scoped(scope: str, text: str) -> str:
    return f"{scope}{text[0].lower()}{text[1:]}" if scope and text[:2] != "No" else scope + text


F = TypeVar("F", bound=Callable[..., Any])


def connection_options(scope: str = "") -> Callable[[F], F]:
    """``--base-url`` (or NOTION_BASE_URL) and ``--token-file`` (else NOTION_TOKEN)."""

    def decorate(function: F) -> F:
        function = click.option(
            "--token-file",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help=_scoped(scope, "Read the token from this file instead of NOTION_TOKEN."),
        )(function)
        return click.option(
            "--base-url",
            envvar="NOTION_BASE_URL",
            default=None,
            help=_scoped(
                scope, "Notion API base URL (env NOTION_BASE_URL), e.g. a notion-emulator."
            ),
        )(function)

    return decorate


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
    help="The journal file (default: .notion-import/journal-*.sqlite).",
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
    help="Write the JSON report here.",
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
    type=float,
    default=None,
    help="Requests per second (default: adaptive from Notion's 3/s).",
)
@source_format_option
@click.option("--quiet", is_flag=True, help="Only the final summary.")
def import_command(
    source: Path,
    parent: str | None,
    base_url: str | None,
    token_file: Path | None,
    notion_version: str,
    into_database: bool,
    journal_path: Path | None,
    verify: str,
    dry_run: bool,
    report_path: Path | None,
    concurrency: int,
    rate: float | None,
    source_kind: str | None,
    quiet: bool,
) -> None:
    """Import SOURCE (a folder, a file or a zip) into Notion under --parent.

    With neither NOTION_TOKEN (or --token-file) nor a base URL, imports into an embedded
    notion-emulator (a sandbox) so you can see the result without touching a workspace.

    Exit codes: 0 done and verified, 1 failed, 2 usage error, 3 verification mismatch,
    4 finished with losses.
    """
    if dry_run:
        _dry_run(source, source_kind, rate)
        return
    sandbox_mode = not (os.environ.get("NOTION_TOKEN") or token_file or base_url)
    printer = ProgressPrinter(quiet=quiet)
    with clear_errors():
        code = asyncio.run(
            _import(
                source,
                parent,
                base_url,
                token_file,
                notion_version,
                into_database,
                journal_path,
                verify,
                report_path,
                concurrency,
                rate,
                source_kind,
                sandbox_mode,
                printer,
            )
        )
    sys.exit(code)


async def _import(
    source: Path,
    parent: str | None,
    base_url: str | None,
    token_file: Path | None,
    notion_version: str,
    into_database: bool,
    journal_path: Path | None,
    verify: str,
    report_path: Path | None,
    concurrency: int,
    rate: float | None,
    source_kind: str | None,
    sandbox_mode: bool,
    printer: ProgressPrinter,
) -> int:
    sandbox: Sandbox | None = None
    if sandbox_mode:
        sandbox = open_sandbox()
        printer.line(
            "No NOTION_TOKEN or base URL: importing into an embedded notion-emulator "
            "(sandbox); nothing leaves this machine."
        )
        api = connect(
            sandbox.token,
            sandbox.base_url,
            transport=sandbox.transport(),
            notion_version=notion_version,
            concurrency=concurrency,
            rate=rate or 1000.0,  # the sandbox does not limit: do not wait for nothing
            burst=50,
        )
        parent_id = parse_page_id(parent) if parent else sandbox.root_page_id
    else:
        if parent is None:
            raise click.UsageError("--parent is required when importing into Notion")
        api = connect(
            None,
            base_url,
            token_file=token_file,
            notion_version=notion_version,
            concurrency=concurrency,
            rate=rate,
        )
        parent_id = parse_page_id(parent)
    scratch = None
    if journal_path is None and sandbox is not None:  # a fresh sandbox needs a fresh journal
        scratch = tempfile.TemporaryDirectory(prefix="notion-import-")
        journal_path = Path(scratch.name) / "journal.sqlite"
    journal_file = journal_path or default_journal(source, parent_id)
    journal_file.parent.mkdir(parents=True, exist_ok=True)
    printer.attach(api)
    async with api:
        await _check_parent(api, parent_id)
        with Journal(journal_file) as journal:
            if scratch is None:
                printer.line(f"Journal: {journal_file} (run the same command again to resume)")
            target = await _target(api, journal, parent_id, source, into_database)
            journal.set_meta(
                "source",
                json.dumps({"path": str(source.resolve()), "kind": source_kind, "target": target}),
            )
            importer = Importer(
                api,
                journal,
                target,
                ImportOptions(verify=verify, concurrency=concurrency),
                progress=printer.event,
            )
            pages = converted_pages(source, source_kind)
            if into_database:
                pages = _as_rows(pages, target)
            report = await importer.run(pages)
            journal.set_meta("last_report", json.dumps(report.totals()))
    printer.done(report)
    if report_path is not None:
        with report_path.open("w") as out:  # page by page: never the whole report in memory
            report.write_json(out)
    if sandbox is not None:
        sandbox.show(printer.line, parent_id)
    if scratch is not None:
        scratch.cleanup()
    return report.exit_code()


async def _check_parent(api: NotionAPI, parent_id: str) -> None:
    from notion_client import APIResponseError

    try:
        await api.client.pages.retrieve(page_id=parent_id)
    except APIResponseError as exc:
        if exc.code == "unauthorized":
            raise ConfigurationError(
                "Notion refused the token (401 unauthorized): check NOTION_TOKEN or --token-file"
            ) from None
        if exc.code == "object_not_found":
            raise ConfigurationError(
                f"page {parent_id} was not found or is not shared with your integration: open "
                "the page in Notion, choose ••• > Connections, and add your integration"
            ) from None
        raise ConfigurationError(f"cannot read the parent page: {exc}") from None


async def _target(
    api: NotionAPI, journal: Journal, parent_id: str, source: Path, into_database: bool
) -> dict[str, str]:
    if not into_database:
        return {"page_id": parent_id}
    known = journal.get_meta("data_source_id")
    if known:
        return {"data_source_id": known}
    database = await api.client.databases.create(
        parent={"type": "page_id", "page_id": parent_id},
        title=[{"type": "text", "text": {"content": source.resolve().name or "Import"}}],
        initial_data_source={"properties": DATABASE_SCHEMA},
    )
    data_source_id = str(database["data_sources"][0]["id"])
    journal.set_meta("data_source_id", data_source_id)
    return {"data_source_id": data_source_id}


async def _as_rows(pages: Any, target: dict[str, str]) -> Any:
    from notion_import.properties import PropertyError, build

    schema = {
        name: {"type": next(iter(spec)), "name": name} for name, spec in DATABASE_SCHEMA.items()
    }
    async for page in pages:
        meta = page.metadata
        values: dict[str, Any] = {"Name": page.title, "Source": page.key}
        for name, key in (
            ("Author", "author"),
            ("Description", "description"),
            ("Source URL", "source_url"),
            ("Tags", "tags"),
            ("Date", "date"),
        ):
            if meta.get(key):
                values[name] = meta[key]
        try:
            page.properties = build(schema, values)
        except PropertyError as exc:
            page.losses.append(_loss("metadata", str(exc), page.key))
            page.properties = build(schema, {"Name": page.title, "Source": page.key})
        yield page


def _loss(element: str, reason: str, where: str) -> Any:
    from notion_import.convert.ir import Loss

    return Loss(element, reason, where)


def _dry_run(source: Path, source_kind: str | None, rate: float | None) -> None:
    pages = arrange(documents_to_pages(source, source_kind))
    files = distinct_files(pages)
    # two reads before any write: the parent page, the workspace's upload limit
    requests = minimal_requests(pages) + 2
    blocks = sum(p.plan.blocks for p in pages)
    losses = sum(len(p.losses) for p in pages)
    per_second = rate or 3.0
    click.echo(f"Dry run of {source}: nothing is written.")
    click.echo(f"  pages:    {len(pages)}")
    click.echo(f"  blocks:   {blocks}")
    click.echo(f"  uploads:  {len(files)} distinct files, {sum(files.values()):,} bytes")
    click.echo(f"  losses:   {losses}")
    click.echo(
        f"  requests: {requests} (at {per_second:g}/s: {_duration(requests / per_second)}; "
        "retries not counted)"
    )
    if blocks > 1000:
        click.echo(
            f"  warning: {blocks} blocks is over the 1,000 blocks a Free workspace with more than "
            "one member may create through an integration"
        )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


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
    source has losses.
    """
    with Journal(journal_path) as journal:
        counts = journal.counts()
        saved = journal.get_meta("source")
    pending = {k: v for k, v in counts["steps"].items() if k != "acked"}
    click.echo(
        f"Journal {journal_path}: pages {counts['pages']}, steps {counts['steps']}, "
        f"uploads {counts['uploads']}"
    )
    if pending:
        click.echo(f"Not acknowledged: {pending}; run the import again to finish it.")
        sys.exit(EXIT_FAILED)
    if saved is None:
        raise click.ClickException("this journal does not say which source it imported")
    info = json.loads(saved)
    source = Path(info["path"])
    if not source.exists():
        raise click.ClickException(f"the imported source {source} is no longer there")
    printer = ProgressPrinter(quiet=True)
    with clear_errors():
        report = asyncio.run(
            _recheck(journal_path, source, info.get("kind"), info["target"], base_url, token_file)
        )
    printer.done(report)
    if report_path is not None:
        with report_path.open("w") as out:  # page by page: never the whole report in memory
            report.write_json(out)
    sys.exit(report.exit_code())


async def _recheck(
    journal_path: Path,
    source: Path,
    kind: str | None,
    target: dict[str, str],
    base_url: str | None,
    token_file: Path | None,
) -> Report:
    async with connect(None, base_url, token_file=token_file) as api:
        with Journal(journal_path) as journal:
            importer = Importer(api, journal, target, ImportOptions(verify="full"))
            return await importer.recheck(converted_pages(source, kind))
