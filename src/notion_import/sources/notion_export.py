"""The ``notion-export`` source: the zip that Notion's "Export" writes.

The zip (often a zip holding ``Export-...-Part-N.zip`` archives) is extracted into a temporary
folder, safely: every member is checked before anything is written, and an archive is refused
as a whole (:class:`~notion_import.sources.UnsafeArchiveError`) if a member

- has an absolute path or a ``..`` segment, or is a symlink, or is encrypted;
- would expand past the limits (:class:`ZipLimits`: member count, total size, compression
  ratio — the zip-bomb checks), or is larger than its header declares.

Members are written only as regular files under the temporary folder, which is removed when
the iteration ends (or is closed). Names stay as stored: Notion percent-encodes some
attachment names in the zip and links to them percent-encoded once more, so the walker's one
decoding of a link finds the file.

Pages are the export's ``.html`` files (Notion's HTML export), ``.md`` files (its Markdown
export) and ``.csv`` database tables (a database, see :func:`convert_csv_file`); the
export's own top-level ``index.html`` (a list of the exported pages) is skipped — when the
names are Notion's (a 32-digit page id in each); a zip of any other site keeps its
``index.html`` as a page. Links are read through :class:`NotionExportFiles` and with
:func:`notion_rules` (a link to a CSV names its database).
Parents come before their children: a page ``A 123.html`` has its subpages in the folder
``A 123/`` (and below it), recorded as ``metadata["parent"]`` on each child (the nearest such
page above it), and ``metadata["notion_id"]``
is the page id from the file name.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from notion_import.convert.files import FileEntry
from notion_import.convert.html.base import ConvertOptions, RuleTable
from notion_import.convert.html.reader import convert_html, default_rules
from notion_import.convert.ir import Asset, Block, ConvertedPage, Image, Media
from notion_import.sources import (
    Document,
    SourceError,
    UnsafeArchiveError,
    iter_files,
    read_text_file,
)
from notion_import.sources.markdown import convert_markdown, decode_text
from notion_import.sources.notion_csv import (
    NOTION_ID,
    convert_csv_file,
    page_key,
    row_ranks,
    title_from_name,
)
from notion_import.sources.root import ExportRoot

logger = logging.getLogger(__name__)

PAGE_SUFFIXES = (".html", ".htm", ".md", ".csv")
_PARENT_PREFERENCE = {".html": 0, ".htm": 1, ".md": 2, ".csv": 3}
_DRIVE = re.compile(r"^[A-Za-z]:")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_COPY_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """How far an archive may expand before it is refused as a zip bomb."""

    #: members across the archive and the archives inside it.
    max_members: int = 100_000
    #: uncompressed bytes across all members.
    max_total_size: int = 2 * 1024**3
    #: uncompressed / compressed size of one member ...
    max_ratio: float = 200.0
    #: ... checked for members larger than this (small files compress as they like).
    ratio_min_size: int = 1024**2
    #: archives inside archives (Notion's export zip holds ``Part-N.zip`` files).
    max_depth: int = 3


@dataclass
class _Budget:
    limits: ZipLimits
    members: int = 0
    total: int = 0
    #: members that could not be written (name too long for the file system, ...).
    skipped: list[tuple[str, str]] = field(default_factory=list)


# -- safe extraction -----------------------------------------------------------------------


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; UTF-8 names stored without the UTF-8 flag are repaired."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        return name.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def safe_member_path(name: str) -> PurePosixPath:
    """The relative path a member may be written to; :class:`UnsafeArchiveError` otherwise."""
    raw = name.replace("\\", "/")
    if "\x00" in raw:
        raise UnsafeArchiveError(f"member {name!r} has a NUL character in its name")
    if raw.startswith("/") or _DRIVE.match(raw):
        raise UnsafeArchiveError(f"member {name!r} has an absolute path")
    parts = [part for part in raw.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise UnsafeArchiveError(f"member {name!r} points outside the archive ('..')")
    return PurePosixPath(*parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _check(archive: zipfile.ZipFile, label: str, budget: _Budget) -> list[zipfile.ZipInfo]:
    """Check every member before anything is written; the members to extract."""
    limits = budget.limits
    members = archive.infolist()
    budget.members += len(members)
    if budget.members > limits.max_members:
        raise UnsafeArchiveError(
            f"{label} holds more than {limits.max_members:,} members; refused (zip bomb?)"
        )
    declared = budget.total
    for info in members:
        name = _member_name(info)
        safe_member_path(name)
        if _is_symlink(info):
            raise UnsafeArchiveError(f"member {name!r} of {label} is a symlink; refused")
        if info.flag_bits & 0x1:
            raise UnsafeArchiveError(f"member {name!r} of {label} is encrypted; cannot extract")
        if info.is_dir():
            continue
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > limits.ratio_min_size and size > limits.max_ratio * packed:
            raise UnsafeArchiveError(
                f"member {name!r} of {label} expands {size / packed:,.0f} times "
                f"({packed:,} -> {size:,} bytes); refused as a zip bomb"
            )
        declared += size
        if declared > limits.max_total_size:
            raise UnsafeArchiveError(
                f"{label} expands to more than {limits.max_total_size:,} bytes; refused"
            )
    return members


def _copy(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, label: str, budget: _Budget
) -> int:
    written = 0
    with archive.open(info) as source, target.open("xb") as out:
        while chunk := source.read(_COPY_CHUNK):
            written += len(chunk)
            budget.total += len(chunk)
            if written > info.file_size:
                raise UnsafeArchiveError(
                    f"member {info.filename!r} of {label} is larger than its header says; refused"
                )
            if budget.total > budget.limits.max_total_size:
                raise UnsafeArchiveError(
                    f"{label} expands to more than {budget.limits.max_total_size:,} bytes; refused"
                )
            out.write(chunk)
    return written


def _extract(
    archive_path: Path, dest: Path, scratch: Path, label: str, budget: _Budget, depth: int
) -> None:
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SourceError(f"{label} is not a readable zip file: {exc}") from exc
    with archive:
        members = _check(archive, label, budget)
        files = [m for m in members if not m.is_dir()]
        nested = bool(files) and all(m.filename.lower().endswith(".zip") for m in files)
        if nested and depth < budget.limits.max_depth:
            for index, info in enumerate(files):
                inner = scratch / f"{depth}-{index}.zip"
                inner_label = f"{label} > {_member_name(info)}"
                size = 0
                try:
                    size = _copy(archive, info, inner, label, budget)
                    _extract(inner, dest, scratch, inner_label, budget, depth + 1)
                finally:
                    inner.unlink(missing_ok=True)
                    budget.total -= size  # count what the inner archive holds, not it
            return
        inside = ExportRoot(dest)
        for info in members:
            name = _member_name(info)
            rel = safe_member_path(name)
            if not rel.parts:
                continue
            target = dest.joinpath(*rel.parts)
            try:
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                if not inside.contains(target.parent):
                    raise UnsafeArchiveError(f"member {name!r} of {label} leaves the archive")
                _copy(archive, info, target, label, budget)
            except FileExistsError:
                logger.warning("%s: member %r appears twice; kept the first", label, name)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
                raise SourceError(f"cannot extract {name!r} from {label}: {exc}") from exc
            except OSError as exc:
                with contextlib.suppress(OSError):
                    target.unlink(missing_ok=True)  # a partial file of ours
                budget.skipped.append((rel.as_posix(), f"cannot extract: {exc.strerror or exc}"))


def extract_archive(
    archive: Path, dest: Path, limits: ZipLimits | None = None
) -> tuple[Path, list[tuple[str, str]]]:
    """Extract ``archive`` (and the archives it is made of) into the folder ``dest``.

    Returns the export root — ``dest``, or its only subfolder when everything is inside one
    (``Export-<id>/``) — and the members that could not be written, with the reason (a name
    the file system refuses, ...). Raises :class:`UnsafeArchiveError` for a hostile archive
    and :class:`SourceError` for an unreadable one; nothing is written outside ``dest``.
    """
    budget = _Budget(limits or ZipLimits())
    dest.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="nested-", dir=dest.parent))
    try:
        _extract(archive, dest, scratch, archive.name, budget, depth=0)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    entries = list(dest.iterdir())
    if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
        prefix = entries[0].name + "/"
        skipped = [(n.removeprefix(prefix), reason) for n, reason in budget.skipped]
        return entries[0], skipped
    return dest, budget.skipped


# -- pages ---------------------------------------------------------------------------------


def readable_asset_names(page: ConvertedPage) -> None:
    """Give local files stored under a percent-encoded name (``%D0%BA...jpg``) their decoded
    name (``к...jpg``) for the upload; ``ref`` (the path on disk) is unchanged."""
    renamed: dict[Asset, Asset] = {}
    for index, asset in enumerate(page.assets):
        if asset.kind != "local" or not asset.name or not _ESCAPE.search(asset.name):
            continue
        try:
            name = unquote(asset.name, errors="strict")
        except UnicodeDecodeError:
            continue
        if name != asset.name and "/" not in name and name.strip():
            renamed[asset] = page.assets[index] = replace(asset, name=name)
    if not renamed:
        return
    stack: list[Block] = list(page.blocks)
    while stack:
        block = stack.pop()
        stack.extend(block.children)
        if isinstance(block, Image | Media) and block.asset in renamed:
            block.asset = renamed[block.asset]


class NotionExportFiles:
    """The files of an extracted export as its links name them: a link to the CSV of a
    database view the export did not write (``Tasks 123.csv``) names the view's own page
    (``Tasks 123.md``) when there is one."""

    def __init__(self, root: Path) -> None:
        self.root = ExportRoot(root)

    def find(self, path: str) -> FileEntry:
        """What is at ``path`` (see :class:`~notion_import.convert.files.FileLookup`)."""
        entry = self.root.find(path)
        if entry.kind == "missing" and path.lower().endswith(".csv"):
            for suffix in (".md", ".html"):
                page = self.root.find(path[: -len(".csv")] + suffix)
                if page.kind == "file":
                    return page
        return entry


@functools.cache
def _default_notion_rules() -> RuleTable:
    return notion_rules(default_rules())


def notion_rules(rules: RuleTable | None) -> RuleTable:
    """``rules`` (the default ones for ``None``) with links to a CSV kept as page links: in
    Notion's export a CSV is a database, which the import makes one."""
    if rules is None:
        return _default_notion_rules()
    table = rules.copy()
    table.documents = table.documents | {".csv"}
    return table


def _convert(file: Path, name: str, root: Path, rules: RuleTable | None) -> ConvertedPage:
    """Convert one page file of the export (links resolved by :class:`NotionExportFiles`).
    Notion's pages have no site navigation to leave out: their ``<header>`` is the page's
    title and properties, a ``<nav>`` its table of contents."""
    suffix = file.suffix.lower()
    if suffix == ".csv":
        return convert_csv_file(file, source=name, root=root)
    files = NotionExportFiles(root)
    if suffix == ".md":
        text = decode_text(read_text_file(file, what="Markdown"))
        return convert_markdown(text, source=name, files=files, rules=notion_rules(rules))
    data = read_text_file(file, what="HTML")
    return convert_html(data, source=name, files=files, rules=notion_rules(rules), keep_chrome=True)


def _document(file: Path, name: str, root: Path, parent: str | None) -> Document:
    stem = PurePosixPath(name).stem
    notion_id = NOTION_ID.search(stem)

    def converter(options: ConvertOptions) -> ConvertedPage:
        page = _convert(file, name, root, options.rules)
        if page.title in ("", stem):
            page.title = title_from_name(stem)
        readable_asset_names(page)
        if notion_id is not None:
            page.metadata.setdefault("notion_id", notion_id.group(1))
        if parent is not None:
            page.metadata["parent"] = parent
        return page

    return Document(source=name, root=root, converter=converter, title=title_from_name(stem))


#: a page file as Notion's export names it: the title, a space, the page's 32-digit id.
_NOTION_NAME = re.compile(r" [0-9a-f]{32}\.(?:html|md|csv)$")


def _parent_page(name: PurePosixPath, by_stem: dict[str, str]) -> str | None:
    """The page whose subpage folder holds ``name``: the nearest folder above it named as a
    page (``A 123/`` beside ``A 123.html``), or ``None``."""
    for folder in name.parents:
        if folder.parts and str(folder) in by_stem:
            return by_stem[str(folder)]
    return None


def export_documents(root: Path) -> Iterator[Document]:
    """The pages of an extracted Notion export at ``root``, parents first."""
    listed = list(iter_files(root, PAGE_SUFFIXES))
    names = {name for name, file, _ in listed if file is not None}
    ranks = row_ranks(root, sorted(names))
    listed.sort(key=lambda item: page_key(item[0], ranks.get(item[0])))
    pages = [PurePosixPath(name) for name, file, _ in listed if file is not None]
    # a zip of any site comes here too: its index.html is a page, not Notion's list of pages
    notion_made = any(_NOTION_NAME.search(name) for name in names)
    by_stem: dict[str, str] = {}
    for page in sorted(pages, key=lambda p: _PARENT_PREFERENCE.get(p.suffix.lower(), 9)):
        by_stem.setdefault(str(page.with_suffix("")), str(page))
    for name, file, error in listed:
        if file is None:
            yield Document.failure(name, error or "skipped")
            continue
        if name.lower() in ("index.html", "index.htm") and notion_made:
            continue  # the export's list of pages, not a page
        if name.endswith("_all.csv") and name.removesuffix("_all.csv") + ".csv" in names:
            continue  # read as the rows of X.csv
        yield _document(file, name, root, _parent_page(PurePosixPath(name), by_stem))


class NotionExportSource:
    """Notion's export zip (HTML or Markdown & CSV), extracted safely while it is read."""

    name = "notion-export"
    limits = ZipLimits()

    def detect(self, path: Path) -> bool:
        """A ``.zip`` file."""
        return path.is_file() and path.suffix.lower() == ".zip" and zipfile.is_zipfile(path)

    def documents(self, path: Path) -> Iterator[Document]:
        """Extract the zip into a temporary folder and yield its pages; the folder is removed
        when the iteration ends or is closed."""
        if path.is_dir():
            yield from export_documents(path)
            return
        temp = Path(tempfile.mkdtemp(prefix="notion-import-"))
        try:
            root, skipped = extract_archive(path, temp / "export", self.limits)
            for name, reason in skipped:
                yield Document.failure(name, reason)
            yield from export_documents(root)
        finally:
            shutil.rmtree(temp, ignore_errors=True)


__all__ = [
    "NotionExportSource",
    "ZipLimits",
    "convert_csv_file",
    "export_documents",
    "extract_archive",
    "readable_asset_names",
    "safe_member_path",
    "title_from_name",
]
