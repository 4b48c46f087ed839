"""Sources: where documents come from, as plugins.

A *source* knows one kind of input — a folder of HTML files, Markdown, an Evernote ENEX
file, Notion's HTML export zip — and turns it into :class:`Document` objects, one at a time.
A document is converted only when asked (:meth:`Document.convert`), so a whole corpus goes
through in flat memory: :func:`convert_path` holds one page at a time.

Sources are found through the Python entry-point group ``notion_import.sources``; each entry
point names a :class:`Source` class (instantiated with no arguments) or a ready instance. The
four built-ins (``html``, ``markdown``, ``enex``, ``notion-export``) are always available, even
when the package metadata is not installed.

Sources are the file edge: they read, extract and clean up files, and hand the converter
text and a :class:`~notion_import.sources.root.ExportRoot`, the one place that answers "is
this file inside the export?" and reads the files a page references.

Errors::

    ConversionError                 (notion_import.errors)
     └── SourceError                the whole input cannot be read: nothing is converted
          ├── UnknownSourceError    no source recognises the path, or no source has that name
          └── UnsafeArchiveError    a zip was refused (path traversal, symlink, zip bomb, ...)

A problem with one file or one note is never raised out of :func:`convert_path`: it becomes a
:class:`FailedPage` (a page with an ``error``) and the run goes on.
"""

from __future__ import annotations

import base64
import datetime as _dt
import logging
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path, PurePath
from typing import Any, Protocol, runtime_checkable

from notion_import.convert.html.base import DEFAULT_OPTIONS, ConvertOptions, RuleTable
from notion_import.convert.ir import Asset, Block, ConvertedPage, Image, Media
from notion_import.convert.serialize import to_notion
from notion_import.errors import (
    ConversionError,
    NotAPageError,
    SourceError,
    UnknownSourceError,
    UnsafeArchiveError,
)
from notion_import.sources.root import ExportRoot

logger = logging.getLogger(__name__)

#: the entry-point group third-party sources register under.
ENTRY_POINT_GROUP = "notion_import.sources"

#: built-in sources in detection order (specific formats first, catch-alls last).
BUILTIN_SOURCES: dict[str, str] = {
    "notion-export": "notion_import.sources.notion_export:NotionExportSource",
    "enex": "notion_import.sources.enex:EnexSource",
    "markdown": "notion_import.sources.markdown:MarkdownSource",
    "html": "notion_import.sources.html:HtmlSource",
}
#: built-ins tried after plugins by :func:`detect_source` (they accept almost anything).
_CATCH_ALL = ("markdown", "html")

#: bytes looked at to tell text from binary.
_SNIFF = 8192


# -- documents and pages -------------------------------------------------------------------

#: converts one document, as the caller chose (rules, whether to keep a site's navigation).
Converter = Callable[[ConvertOptions], ConvertedPage]


@dataclass(frozen=True, slots=True)
class Document:
    """One document of a source, not converted yet.

    Holding a document costs little: files are read only by :meth:`convert`. Files of a
    temporary folder (``root`` of an extracted zip) exist only while the source's iteration
    is running: convert (and upload) each document before asking for the next one's folder to
    be cleaned up.
    """

    #: the document's name: its path relative to the export root (``/``-separated), or
    #: ``<file>.enex/<note title>`` for an ENEX note. Unique within one source run.
    source: str
    #: the export root that local references resolve against; None when there is none.
    root: Path | None
    #: does the conversion: takes the caller's options, returns the page (or raises).
    converter: Converter
    #: the document's HTML when the source already holds it in memory (an ENEX note's ENML
    #: turned into HTML), else None: files are read by :meth:`convert`.
    html: str | bytes | None = None
    #: a human name used as the title when conversion fails.
    title: str = ""

    def convert(self, options: ConvertOptions = DEFAULT_OPTIONS) -> ConvertedPage:
        """Convert the document; may raise (see :func:`convert_document` for a safe call)."""
        return self.converter(options)

    @classmethod
    def failure(cls, source: str, error: str, *, title: str = "") -> Document:
        """A document that could not even be read: converting it raises ``error``."""

        def fail(options: ConvertOptions) -> ConvertedPage:
            raise ConversionError(error)

        return cls(source=source, root=None, converter=fail, title=title)


@dataclass(slots=True)
class FailedPage(ConvertedPage):
    """A document that could not be converted: no blocks, and the reason in ``error``."""

    error: str = ""


@dataclass(slots=True)
class SkippedFile(FailedPage):
    """A file that is no page (binary or empty though named like one, or unreadable), the
    reason in ``error``: listed in the report, never created as a page."""


def convert_document(
    document: Document, options: ConvertOptions = DEFAULT_OPTIONS
) -> ConvertedPage:
    """Convert one document; any failure becomes a :class:`FailedPage`, never an exception."""
    try:
        page = document.convert(options)
    except (NotAPageError, OSError) as exc:
        return SkippedFile(
            source=document.source, title=document.title, blocks=[], error=_describe(exc)
        )
    except (ConversionError, UnicodeError, ValueError, RecursionError) as exc:
        return _failed(document, _describe(exc))
    except MemoryError:
        return _failed(document, "out of memory while converting this document")
    except Exception as exc:  # a bug: report it for this document, keep the run going
        logger.exception("internal error converting %s", document.source)
        return _failed(document, f"internal error ({type(exc).__name__}: {exc}); please report")
    page.source = document.source
    if not page.title:
        page.title = document.title or PurePath(document.source).stem
    return page


def _failed(document: Document, error: str) -> FailedPage:
    title = document.title or PurePath(document.source).stem or document.source
    return FailedPage(source=document.source, title=title, blocks=[], error=error)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "the document nests too deeply to convert"
    if isinstance(exc, UnicodeError):
        return f"cannot decode the text: {exc}"
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return f"cannot read the file: {reason}"
    return str(exc) or type(exc).__name__


# -- sources -------------------------------------------------------------------------------


@runtime_checkable
class Source(Protocol):
    """A kind of input. Implementations are registered as entry points."""

    #: the name used with ``--source`` and in the entry-point group.
    name: str

    def detect(self, path: Path) -> bool:
        """Whether ``path`` (a file or a folder) looks like this source's input."""
        ...

    def documents(self, path: Path) -> Iterator[Document]:
        """The documents of ``path``, one at a time, in a stable order.

        Problems with one file are yielded as :meth:`Document.failure`; only a problem with
        the input as a whole raises (:class:`SourceError`).
        """
        ...


def _instantiate(obj: object, name: str) -> Source:
    source = obj() if isinstance(obj, type) else obj
    if not isinstance(source, Source):
        raise TypeError(f"entry point {name!r} is not a Source (needs name, detect, documents)")
    return source


def _load_builtin(name: str) -> Source:
    from importlib import import_module

    module_name, _, attr = BUILTIN_SOURCES[name].partition(":")
    return _instantiate(getattr(import_module(module_name), attr), name)


def available_sources() -> dict[str, Source]:
    """Every source by name: the built-ins, then plugins from the entry-point group.

    A plugin that fails to load, or that reuses a built-in's name, is skipped with a warning.
    """
    found: dict[str, Source] = {name: _load_builtin(name) for name in BUILTIN_SOURCES}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if ep.name in BUILTIN_SOURCES:
            if ep.value != BUILTIN_SOURCES[ep.name]:
                logger.warning(
                    "source plugin %r (%s) shadows a built-in; ignored", ep.name, ep.value
                )
            continue
        if ep.name in found:
            continue
        try:
            found[ep.name] = _instantiate(ep.load(), ep.name)
        except Exception as exc:
            logger.warning("cannot load source plugin %r (%s): %s", ep.name, ep.value, exc)
    return found


def get_source(name: str) -> Source:
    """The source called ``name``; :class:`UnknownSourceError` lists the choices otherwise."""
    sources = available_sources()
    try:
        return sources[name]
    except KeyError:
        choices = ", ".join(sources)
        raise UnknownSourceError(f"no source named {name!r}; choose one of {choices}") from None


def detect_source(path: Path) -> Source:
    """The source for ``path``: a Notion export zip, then ENEX, then plugins, then Markdown,
    then HTML (a folder of mixed files is read as HTML)."""
    sources = available_sources()
    specific = [s for n, s in sources.items() if n not in _CATCH_ALL]
    for source in [*specific, *(sources[n] for n in _CATCH_ALL)]:
        try:
            if source.detect(path):
                return source
        except OSError as exc:
            raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    raise UnknownSourceError(
        f"cannot tell what {path} is (not HTML, Markdown, ENEX or a Notion export zip); "
        "pass --source-format to choose"
    )


def convert_path(
    path: Path,
    *,
    source: str | None = None,
    rules: RuleTable | None = None,
    keep_chrome: bool = False,
) -> Generator[ConvertedPage, None, None]:
    """Convert every document under ``path``, one page at a time.

    ``source`` names the source to use (default: :func:`detect_source`); ``rules`` overrides
    the HTML walker's element rules; ``keep_chrome`` keeps the navigation of HTML pages
    (see :class:`ConvertOptions`). Per-document failures come out as :class:`FailedPage`;
    :class:`SourceError` is raised only when the input as a whole cannot be read. Close the
    iterator (or exhaust it) to release temporary files.
    """
    chosen = get_source(source) if source is not None else detect_source(path)
    options = ConvertOptions(rules, keep_chrome)
    documents = chosen.documents(path)
    try:
        for document in documents:
            yield convert_document(document, options)
    finally:
        close = getattr(documents, "close", None)
        if close is not None:
            close()


# -- JSON ----------------------------------------------------------------------------------


def page_json(page: ConvertedPage) -> dict[str, Any]:
    """The ``convert`` command's JSON for one page.

    Keys: ``source``, ``title``, ``blocks`` (Notion request JSON, with ``asset:N`` and
    ``page:<path>`` placeholders), ``assets`` (``kind``, ``ref``, ``media_type``, ``name`` —
    never the bytes), ``losses`` (the reader's and the serializer's), ``metadata``, ``links``;
    plus ``error`` for a :class:`FailedPage`.
    """
    assets = list(page.assets)
    blocks, serializer_losses = to_notion(page.blocks, assets=assets, where=page.source)
    out: dict[str, Any] = {
        "source": page.source,
        "title": page.title,
        "blocks": blocks,
        "assets": [
            {"kind": a.kind, "ref": a.ref, "media_type": a.media_type, "name": a.name}
            for a in assets
        ],
        "losses": [
            {"element": loss.element, "reason": loss.reason, "where": loss.where, "kind": loss.kind}
            for loss in [*page.losses, *serializer_losses]
        ],
        "metadata": _jsonable(page.metadata),
        "links": list(page.links),
    }
    if isinstance(page, FailedPage):
        out["error"] = page.error
    return out


def _jsonable(value: Any) -> Any:
    """Metadata as JSON values: dates as ISO 8601, paths as strings, bytes as base64."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_jsonable(v) for v in items]
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return str(value)


# -- helpers shared by the built-in sources -----------------------------------------------


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file look like binary data rather than text.

    UTF-16/32 text (with a byte-order mark) is text; otherwise NUL bytes, or more than 10 %
    control characters, mean binary. Legacy 8-bit encodings (GBK, Latin-1) are text.
    """
    head = head[:_SNIFF]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for byte in head if (byte < 32 and byte not in b"\t\n\r\f\x1b") or byte == 127)
    return control * 10 > len(head)


def read_text_file(path: Path, *, what: str = "text", empty_ok: bool = False) -> bytes:
    """A file's bytes, refusing binary data (and, unless ``empty_ok``, a file of nothing but
    blanks) with a :class:`NotAPageError`."""
    data = path.read_bytes()
    if looks_binary(data):
        raise NotAPageError(f"a binary file, not {what}")
    if not empty_ok and not data.strip():
        raise NotAPageError("an empty file")
    return data


def relative_name(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, ``/``-separated."""
    return path.relative_to(root).as_posix()


class FileConverter(Protocol):
    """Converts one file of a source: ``(file, source=..., root=..., options=...)``."""

    def __call__(
        self, path: Path, *, source: str, root: Path | None, options: ConvertOptions
    ) -> ConvertedPage: ...


def file_documents(
    path: Path, suffixes: Iterable[str], first: Iterable[str], convert: FileConverter
) -> Iterator[Document]:
    """One document per file of ``path`` (itself, if it is a file) with one of ``suffixes``,
    converted by ``convert``; files that cannot be walked to are failures."""
    if not path.is_dir():
        yield _file_document(path, path.name, path.parent, convert)
        return
    for name, file, error in iter_files(path, suffixes, first=first):
        if file is None:
            yield Document.failure(name, error or "skipped")
        else:
            yield _file_document(file, name, path, convert)


def _file_document(file: Path, source: str, root: Path, convert: FileConverter) -> Document:
    return Document(
        source=source,
        root=root,
        converter=lambda options: convert(file, source=source, root=root, options=options),
        title=Path(source).stem,
    )


def iter_files(
    root: Path, suffixes: Iterable[str], *, first: Iterable[str] = ()
) -> Iterator[tuple[str, Path | None, str | None]]:
    """Files under the folder ``root`` whose suffix is in ``suffixes`` (case-insensitive).

    Yields ``(relative name, path, None)`` in a stable order — folder by folder, depth first,
    names in code-point order with the names in ``first`` (e.g. ``index.html``) leading their
    folder — or ``(relative name, None, reason)`` for a file that is skipped because it is a
    symlink leading outside ``root``. Symlinked folders are followed only inside ``root``,
    once each.
    """
    wanted = tuple(s.lower() for s in suffixes)
    leading = {name.lower() for name in first}
    export = ExportRoot(root)
    # (folder, order, name, path as text, error): names only, a Path made when yielded, so
    # that listing an export of many files costs little while its pages are read
    found: list[tuple[tuple[str, ...], int, str, str | None, str | None]] = []
    seen_dirs: set[tuple[int, int]] = set()

    def walk(folder: Path, rel: tuple[str, ...]) -> None:
        try:
            stat = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            name = "/".join(rel) or "."
            found.append((rel, 0, "", None, f"cannot list the folder {name}: {exc.strerror}"))
            return
        if (stat.st_dev, stat.st_ino) in seen_dirs:
            return
        seen_dirs.add((stat.st_dev, stat.st_ino))
        for entry in entries:
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                if is_link and not export.contains(path):
                    if entry.name.lower().endswith(wanted):
                        found.append(
                            (rel, 1, entry.name, None, "symlink to outside the export; skipped")
                        )
                    continue
                if entry.is_dir():
                    walk(path, (*rel, entry.name))
                elif entry.is_file() and entry.name.lower().endswith(wanted):
                    order = 0 if entry.name.lower() in leading else 1
                    found.append((rel, order, entry.name, entry.path, None))
            except OSError:
                continue

    walk(root, ())
    found.sort(key=lambda f: (f[0], f[1], f[2]), reverse=True)
    while found:  # each entry let go once yielded
        rel, _, name, path, error = found.pop()
        yield "/".join((*rel, name)) if name else "/".join(rel), Path(path) if path else None, error


def has_files(root: Path, suffixes: Iterable[str]) -> bool:
    """Whether the folder ``root`` holds any file with one of ``suffixes`` (no symlinks)."""
    wanted = tuple(s.lower() for s in suffixes)
    for _, _, files in os.walk(root):
        if any(name.lower().endswith(wanted) for name in files):
            return True
    return False


def collect_data_assets(page: ConvertedPage) -> None:
    """Add to ``page.assets`` the assets of image and file blocks that are not listed yet."""
    listed = set(page.assets)
    stack: list[Block] = list(reversed(page.blocks))
    while stack:
        block = stack.pop()
        stack.extend(reversed(block.children))
        if isinstance(block, Image | Media) and block.asset.kind != "remote":
            asset: Asset = block.asset
            if asset not in listed:
                listed.add(asset)
                page.assets.append(asset)


__all__ = [
    "BUILTIN_SOURCES",
    "ENTRY_POINT_GROUP",
    "ConvertOptions",
    "Document",
    "ExportRoot",
    "FailedPage",
    "FileConverter",
    "SkippedFile",
    "Source",
    "SourceError",
    "UnknownSourceError",
    "UnsafeArchiveError",
    "available_sources",
    "convert_document",
    "convert_path",
    "detect_source",
    "file_documents",
    "get_source",
    "page_json",
]
