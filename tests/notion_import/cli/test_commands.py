"""The command line as a whole: every command and option documented, and the CLI kept thin."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from tests import paths

from notion_import.cli import main

CLI = paths.ROOT / "src" / "notion_import" / "cli"


def commands() -> Iterator[tuple[str, click.Command]]:
    yield "notion-import", main
    yield from sorted(main.commands.items())


@pytest.mark.parametrize("name,command", list(commands()), ids=[n for n, _ in commands()])
def test_every_command_and_option_has_help(name: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), f"{name} has no help text"
    undocumented = [
        param.name
        for param in command.params
        if isinstance(param, click.Option) and not (param.help or "").strip()
    ]
    assert undocumented == [], f"{name}: options without help: {undocumented}"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_prints_its_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: main {name} ")


def runtime_imports(path: Path) -> Iterator[tuple[str, int]]:
    """The modules ``path`` imports, outside ``if TYPE_CHECKING:`` blocks (types only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(child) for part in node.body for child in ast.walk(part))
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, node.lineno


def test_the_command_line_does_not_talk_http_itself() -> None:
    """Talking to Notion is the library's: the CLI parses options and prints."""
    found = [
        f"{path.name}:{line} imports {module}"
        for path in sorted(CLI.glob("*.py"))
        for module, line in runtime_imports(path)
        if module.split(".")[0] in {"httpx", "notion_client"}
    ]
    assert found == []


def test_the_import_check_can_fail(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text(
        "import httpx\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import x\n"
    )
    assert [m for m, _ in runtime_imports(path)] == ["httpx", "typing"]
