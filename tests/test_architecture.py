"""The rules of docs/architecture.md, checked on the source: a change that breaks one fails here.

Imports are read from the syntax tree of every module under ``src/`` (those inside functions
and ``if TYPE_CHECKING`` blocks included), so a rule cannot be dodged by importing late.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests import paths

SRC = paths.ROOT / "src"
MAX_LINES = 500

#: Modules that touch files, the network, processes, threads or clocks.
IMPURE = frozenset(
    {
        "asyncio",
        "gc",
        "glob",
        "http",
        "httpx",
        "io",
        "notion_client",
        "os",
        "shutil",
        "socket",
        "sqlite3",
        "subprocess",
        "tempfile",
        "threading",
        "time",
        "urllib.request",
        "zipfile",
    }
)


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module, dotted
    names: tuple[str, ...]  # names taken from it ("from x import a, b")
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(SRC.rglob("*.py")):
        yield module_name(path), path


def imports_of(name: str, path: Path) -> Iterator[Import]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(name, alias.name, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield Import(name, base, tuple(a.name for a in node.names), node.lineno)


ALL_IMPORTS = [imp for name, path in modules() for imp in imports_of(name, path)]


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def broken(source: str, forbidden: frozenset[str] | set[str]) -> list[str]:
    return [
        str(imp)
        for imp in ALL_IMPORTS
        if within(imp.module, source) and any(within(imp.target, f) for f in forbidden)
    ]


def test_the_source_tree_is_read() -> None:
    names = {name for name, _ in modules()}
    assert {"notion_import", "notion_emulator", "notion_view", "notion_import.convert"} <= names
    assert len(ALL_IMPORTS) > 200


def test_convert_is_pure() -> None:
    """``convert/`` turns text and a file lookup into blocks: no files, network or clocks."""
    forbidden = set(IMPURE) | {
        "notion_import.api",
        "notion_import.importer",
        "notion_import.sources",
        "notion_import.cli",
        "notion_import.preview",
        "notion_emulator",
    }
    assert broken("notion_import.convert", forbidden) == []
    touching_disk = [
        str(imp)
        for imp in ALL_IMPORTS
        if within(imp.module, "notion_import.convert")
        and imp.target == "pathlib"
        and "Path" in imp.names
    ]
    assert touching_disk == [], "convert/ may name paths (PurePath), never open them (Path)"


def test_the_witness_is_independent_of_the_converter() -> None:
    """Verification against the source reads the HTML with a reader of its own: it imports
    neither the converter (but its decoding of bytes) nor an HTML library, and is pure."""
    forbidden = set(IMPURE) | {
        "notion_import.api",
        "notion_import.importer",
        "notion_import.sources",
        "notion_import.cli",
        "notion_import.preview",
        "notion_emulator",
        "selectolax",
        "markdown_it",
    }
    assert broken("notion_import.witness", forbidden) == []
    converter = [
        str(imp)
        for imp in ALL_IMPORTS
        if within(imp.module, "notion_import.witness")
        and within(imp.target, "notion_import.convert")
        and imp.target != "notion_import.convert.encoding"
    ]
    assert converter == []


def test_notion_view_is_pure() -> None:
    """The renderer turns block JSON into HTML and knows neither side."""
    assert broken("notion_view", set(IMPURE) | {"notion_import", "notion_emulator"}) == []


def test_the_emulator_knows_nothing_of_the_importer() -> None:
    assert broken("notion_emulator", {"notion_import"}) == []


def test_only_the_command_line_starts_the_emulator() -> None:
    outside = [
        str(imp)
        for imp in ALL_IMPORTS
        if within(imp.target, "notion_emulator")
        and within(imp.module, "notion_import")
        and not within(imp.module, "notion_import.cli")
    ]
    assert outside == []


def test_the_api_layer_knows_no_documents() -> None:
    """``api/`` talks to Notion; it knows nothing of HTML, sources, the importer or the CLI."""
    forbidden = {
        "notion_import.convert",
        "notion_import.sources",
        "notion_import.importer",
        "notion_import.cli",
        "notion_import.preview",
        "selectolax",
    }
    assert broken("notion_import.api", forbidden) == []


def test_the_library_does_not_import_its_command_line() -> None:
    outside = [
        str(imp)
        for imp in ALL_IMPORTS
        if within(imp.target, "notion_import.cli")
        and not within(imp.module, "notion_import.cli")
        and imp.module != "notion_import.__main__"
    ]
    assert outside == []


def test_no_process_wide_garbage_collector_switch() -> None:
    assert [str(imp) for imp in ALL_IMPORTS if imp.target == "gc"] == []


@pytest.mark.parametrize("name,path", list(modules()), ids=[name for name, _ in modules()])
def test_no_module_over_the_limit(name: str, path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{name} has {lines} lines (at most {MAX_LINES}): split it by concern"
    )


# -- one copy of each fact per side ---------------------------------------------------------

#: Facts that each side keeps exactly once (as a module-level name).
FACTS = ("MAX_ARRAY", "MAX_TEXT", "MAX_URL", "js_length")


def definitions(package: str) -> dict[str, list[str]]:
    """Module-level names bound in ``package`` -> the modules binding them."""
    found: dict[str, list[str]] = defaultdict(list)
    for name, path in modules():
        if not within(name, package):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets: list[str] = []
            if isinstance(node, ast.Assign):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                targets = [node.target.id]
            elif isinstance(node, ast.FunctionDef | ast.ClassDef):
                targets = [node.name]
            for target in targets:
                found[target].append(name)
    return found


@pytest.mark.parametrize("side", ["notion_import", "notion_emulator"])
def test_each_fact_is_kept_once_per_side(side: str) -> None:
    found = definitions(side)
    twice = {fact: found[fact] for fact in FACTS if len(found[fact]) > 1}
    assert twice == {}


def test_the_fact_check_can_fail() -> None:
    found = definitions("notion_import")
    assert found["MAX_TEXT"], "the importer's text limit is named MAX_TEXT somewhere"


# -- typed references -----------------------------------------------------------------------

#: The display markers of ``notion-import convert``'s output (written, never read back).
MARKERS = ("asset:", "page:")


def test_references_stay_typed() -> None:
    """Only the display form writes the markers; no other module names them, so none can
    parse a string prefix back into a reference (the importer reads the typed references
    ``serialize`` returns)."""
    readers = []
    for name, path in modules():
        if not within(name, "notion_import") or name == "notion_import.convert.references":
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and node.value in MARKERS:
                readers.append(f"{name}:{node.lineno} names {node.value!r}")
            if isinstance(node, ast.Name) and node.id in {"ASSET_MARKER", "PAGE_MARKER"}:
                readers.append(f"{name}:{node.lineno} uses {node.id}")
    assert readers == []
