"""Option bundles and parsing shared by the commands, and the one way errors reach the user.

Each bundle is a decorator that adds its options to a command (as sqlite-utils does), so
that every command spells, documents and checks them the same way.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from notion_import.errors import (
    NotionImportError,
    NotionUnreachableError,
    RefusedRunError,
    notion_errors,
)
from notion_import.importer.report import Report

F = TypeVar("F", bound=Callable[..., Any])

_ID = re.compile(
    r"([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})"
)


class RefusedRun(click.ClickException):
    """A run refused before it wrote anything (another's journal, a journal in use, pages
    already there): exit code 2, as for a usage error."""

    exit_code = 2


@contextlib.contextmanager
def clear_errors() -> Iterator[None]:
    """What goes wrong talking to Notion, as one line for the user instead of a traceback."""
    try:
        with notion_errors():
            yield
    except RefusedRunError as exc:
        raise RefusedRun(str(exc)) from None
    except NotionUnreachableError as exc:
        raise click.ClickException(
            f"{exc}; check --base-url or NOTION_BASE_URL and the network"
        ) from None
    except NotionImportError as exc:
        raise click.ClickException(str(exc)) from None


def parse_page_id(value: str) -> str:
    """A page id from a dashed or plain id or a Notion URL (the last 32-hex id in it)."""
    found = _ID.findall(value)
    if not found:
        raise click.BadParameter(f"no Notion page id in {value!r}", param_hint="--parent")
    return "-".join(found[-1]).lower()


def _scoped(scope: str, text: str) -> str:
    return f"{scope}{text[0].lower()}{text[1:]}" if scope and text[:2] != "No" else scope + text


#: Where the global options given before the subcommand wait for it (``ctx.meta`` is
#: shared by a command and its subcommand).
_META = "notion_import."


def _given_before(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A connection option: given after the subcommand, else as given before it."""
    return value if value is not None else ctx.meta.get(_META + str(param.name))


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is not None:
        ctx.meta[_META + str(param.name)] = value
    return value


def _connection(scope: str, callback: Any, expose: bool) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        function = click.option(
            "--token-file",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            callback=callback,
            expose_value=expose,
            help=_scoped(scope, "Read the token from this file instead of NOTION_TOKEN."),
        )(function)
        return click.option(
            "--base-url",
            envvar="NOTION_BASE_URL",
            default=None,
            callback=callback,
            expose_value=expose,
            help=_scoped(
                scope, "Notion API base URL (env NOTION_BASE_URL), e.g. a notion-emulator."
            ),
        )(function)

    return decorate


def connection_options(scope: str = "") -> Callable[[F], F]:
    """``--base-url`` (or NOTION_BASE_URL) and ``--token-file`` (else NOTION_TOKEN), taken
    from before the subcommand when not given after it; ``scope`` prefixes their help
    (``"For --page: "``)."""
    return _connection(scope, _given_before, True)


def _verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        ctx.meta[_META + "verbose"] = ctx.meta.get(_META + "verbose", 0) + value
    verbose = ctx.meta.get(_META + "verbose", 0)
    level = {0: logging.ERROR, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)
    logging.getLogger("notion_import").setLevel(level)


def _quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_META + "quiet"] = True


def quiet() -> bool:
    """Whether ``-q`` was given, before or after the subcommand."""
    return bool(click.get_current_context().meta.get(_META + "quiet", False))


def verbosity_options(function: F) -> F:
    """``-v`` (more each time) and ``-q``: accepted before and after the subcommand alike."""
    function = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_quiet,
        help="Quiet: only errors and the final summary.",
    )(function)
    return click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_verbose,
        help="Log what happens (-v: retries and refusals; -vv: every request).",
    )(function)


def global_options(function: F) -> F:
    """The options of the command group: ``-v``, ``-q``, ``--token-file``, ``--base-url``
    (kept for the subcommand, which accepts them too)."""
    return verbosity_options(_connection("", _remember, False)(function))


def write_report(report: Report, path: Path | None, default: Path | None) -> str | None:
    """Write the JSON report to ``path`` (``-``: standard output), else to ``default`` (if
    any); say where it is (None: not written)."""
    if path == Path("-"):
        report.write_json(sys.stdout)
        sys.stdout.write("\n")
        sys.stdout.flush()
        return "the report on standard output"
    path = path or default
    if path is None:
        return None
    with path.open("w") as out:  # page by page: never the whole report in memory
        report.write_json(out)
    return str(path)


def _known_source(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from notion_import.sources import UnknownSourceError, get_source

    try:
        get_source(value)
    except UnknownSourceError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def source_option(function: F) -> F:
    """``--source NAME`` (also ``--source-format``): read the input as this source instead of
    guessing; a built-in or any installed plugin."""
    return click.option(
        "--source",
        "--source-format",
        "source_name",
        metavar="NAME",
        default=None,
        callback=_known_source,
        help="Read PATH as this source: html, markdown, enex, notion-export, or a plugin's "
        "name (default: guess from PATH).",
    )(function)


def source_format_option(function: F) -> F:
    """``--source-format NAME``: the same choice for commands whose argument is SOURCE."""
    return click.option(
        "--source-format",
        "source_kind",
        metavar="NAME",
        default=None,
        callback=_known_source,
        help="Read SOURCE as this format: html, markdown, enex, notion-export, or a source "
        "plugin's name (default: detected).",
    )(function)


def keep_chrome_option(function: F) -> F:
    """``--keep-chrome``: import HTML pages whole, their site navigation included."""
    return click.option(
        "--keep-chrome",
        is_flag=True,
        help="Keep the navigation bars, sidebars, breadcrumbs, search forms and Prev/Next "
        "links of HTML pages (left out by default and counted in the report as chrome).",
    )(function)


__all__ = [
    "RefusedRun",
    "clear_errors",
    "connection_options",
    "global_options",
    "keep_chrome_option",
    "parse_page_id",
    "quiet",
    "source_format_option",
    "source_option",
    "verbosity_options",
    "write_report",
]
