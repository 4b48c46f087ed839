"""One import session: everything between "import this source under that page" and the report.

The session does the set-up every way of importing shares, so that the command line only
parses options and prints:

- the api's settings (:class:`Connection`; the caller opens the api, the session borrows it);
- checking that the parent page can be read, with a message that says what to do when not;
- the journal: its file (given, the import's own in the user's state directory — see
  :mod:`.identity` — or a temporary one for a throwaway workspace), its lock (one run at a
  time), the check that it is this import's, and the metadata that ``notion-import verify``
  reads back (:class:`ImportRecord`), and beside it the rate the workspace showed, which the
  next run starts at unless the rate is fixed (:mod:`notion_import.api.shown`);
- with a journal of its own that has not begun, the check that the parent does not already
  hold the pages the import would create (an import done before, whose journal is elsewhere);
- the target: the parent page itself, or a database created under it (once: the journal keeps
  its data source) whose rows are the pages, with properties from each page's metadata.

The entry point, for the command line, the preview and library users alike::

    settings = ImportSettings(source, parent_id, verify="full", temporary_journal=True)
    async with Connection(token, base_url).open() as api:
        async with ImportSession(api, settings, progress=on_event) as session:
            report = await session.run()        # or session.run(pages) for another stream
        ...                                      # the api stays open for reading back

:func:`import_source` is the whole import in one call, for library users;
:func:`recheck` verifies an earlier import from its journal.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

from notion_import.api import NotionAPI, connect
from notion_import.api.client import DEFAULT_VERSION
from notion_import.api.shown import load_rate, rate_file, save_rate
from notion_import.convert.html.base import ConvertOptions
from notion_import.convert.ir import Loss
from notion_import.errors import (
    ConfigurationError,
    NotionAPIError,
    ObjectNotFoundError,
    UnauthorizedError,
    notion_errors,
)
from notion_import.importer import (
    Importer,
    ImportOptions,
    ImportPage,
    Journal,
    Report,
    converted_pages,
    documents_to_pages,
)
from notion_import.importer.identity import (
    ImportIdentity,
    check_duplicates,
    check_identity,
    choose_journal,
    default_journal,
    existing_titles,
    top_titles,
)
from notion_import.importer.lock import JournalLock
from notion_import.importer.options import ReadBack
from notion_import.importer.pipeline import first_page_or_refuse
from notion_import.properties import PropertyError, build

if TYPE_CHECKING:
    import httpx

    from notion_import.sources import SkippedFile

#: What the importer tells as it goes: an event name and its data.
Progress = Callable[[str, dict[str, Any]], None]
#: The pages of an import, as the importer takes them.
Pages = AsyncIterator[ImportPage] | Iterator[ImportPage]

#: The properties of the database ``--into-database`` creates (name -> Notion's schema).
DATABASE_SCHEMA: Final[dict[str, Any]] = {
    "Name": {"title": {}},
    "Source": {"rich_text": {}},
    "Author": {"rich_text": {}},
    "Date": {"date": {}},
    "Tags": {"multi_select": {}},
    "Description": {"rich_text": {}},
    "Source URL": {"url": {}},
}
#: Database properties filled from a page's metadata (property name, metadata key).
ROW_METADATA: Final = (
    ("Author", "author"),
    ("Description", "description"),
    ("Source URL", "source_url"),
    ("Tags", "tags"),
    ("Date", "date"),
)
#: Journal metadata keys: the import's source and target, the database's data source, the
#: totals of the last run.
META_SOURCE: Final = "source"
META_DATA_SOURCE: Final = "data_source_id"
META_LAST_REPORT: Final = "last_report"


@dataclass(frozen=True)
class ImportSettings:
    """What to import where, and how: everything an import is told besides the connection."""

    source: Path
    """A folder, a file or an archive."""
    parent_id: str
    """The page to import under (a dashed or plain page id)."""
    source_kind: str | None = None
    """Read ``source`` as this source (``html``, ``markdown``...); ``None`` detects it."""
    into_database: bool = False
    """Create a database under the parent whose rows are the pages."""
    journal_path: Path | None = None
    """The journal file; ``None`` is the import's own (:func:`.identity.choose_journal`), or
    a temporary one (below)."""
    temporary_journal: bool = False
    """With no ``journal_path``: keep the journal in a temporary folder removed at the end
    (for a workspace that does not outlive the run, such as the sandbox)."""
    verify: str = "acked"
    """How to check the result: ``none``, ``acked`` or ``full``."""
    concurrency: int = 8
    """Requests in flight at once."""
    check_parent: bool = True
    """Read the parent page before anything else, to fail early with a clear message (a
    workspace the caller has just made needs no check)."""
    keep_chrome: bool = False
    """Keep the navigation, sidebars and search forms of HTML pages, which are otherwise
    left out (and reported as ``chrome``)."""
    allow_duplicates: bool = False
    """Import even when the parent already holds pages of the same titles as those the import
    would create (checked only by a run whose journal has not begun)."""

    @property
    def conversion(self) -> ConvertOptions:
        """How the source's documents are converted."""
        return ConvertOptions(keep_chrome=self.keep_chrome)


@dataclass(frozen=True)
class Connection:
    """Where the requests go and how fast: the arguments of :func:`notion_import.api.connect`
    that an import chooses. The token comes from ``token``, ``token_file`` or the environment."""

    token: str | None = None
    base_url: str | None = None
    token_file: Path | None = None
    notion_version: str = DEFAULT_VERSION
    rate: float | None = None
    """Requests per second; ``None`` adapts from Notion's 3/s."""
    burst: int = 1
    transport: httpx.AsyncBaseTransport | None = None
    """Replaces the network (an embedded emulator's transport)."""

    def open(self, concurrency: int = 8) -> NotionAPI:
        """The api for these settings (raises :class:`ConfigurationError` without a token)."""
        return connect(
            self.token,
            self.base_url,
            token_file=self.token_file,
            notion_version=self.notion_version,
            concurrency=concurrency,
            rate=self.rate,
            burst=self.burst,
            transport=self.transport,
        )


@dataclass(frozen=True)
class ImportRecord:
    """What a journal says of the import it records: the source, how it was converted and
    where it went."""

    source: Path
    source_kind: str | None
    target: dict[str, str]
    keep_chrome: bool = False

    @classmethod
    def read(cls, journal: Journal) -> ImportRecord | None:
        """The record kept in ``journal``, or ``None`` if it does not say."""
        saved = journal.get_meta(META_SOURCE)
        if saved is None:
            return None
        info = json.loads(saved)
        return cls(
            Path(info["path"]), info.get("kind"), info["target"], info.get("keep_chrome", False)
        )

    def write(self, journal: Journal) -> None:
        saved = {
            "path": str(self.source),
            "kind": self.source_kind,
            "target": self.target,
            "keep_chrome": self.keep_chrome,
        }
        journal.set_meta(META_SOURCE, json.dumps(saved))

    @property
    def conversion(self) -> ConvertOptions:
        """How the recorded import converted its source."""
        return ConvertOptions(keep_chrome=self.keep_chrome)


class ImportSession:
    """One import through ``api`` (which the session borrows): use as ``async with`` (checks
    the parent, opens the journal), then :meth:`run`. See the module documentation."""

    def __init__(
        self,
        api: NotionAPI,
        settings: ImportSettings,
        *,
        progress: Progress | None = None,
        read_back: ReadBack | None = None,
    ) -> None:
        self.api = api
        self.settings = settings
        self.progress = progress
        #: with ``verify="full"``, told every page's blocks as verification reads them back.
        self.read_back = read_back
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._journal: Journal | None = None
        #: Whether the journal is in a temporary folder (removed when the session ends).
        self.temporary = settings.journal_path is None and settings.temporary_journal
        #: Something to tell the user about the journal chosen (one left by an earlier version).
        self.journal_note: str | None = None
        self._identity = ImportIdentity.of(
            settings.source, settings.parent_id, settings.into_database
        )
        if settings.journal_path is not None:
            self.journal_path = settings.journal_path
        elif self.temporary:
            self._scratch = tempfile.TemporaryDirectory(prefix="notion-import-")
            self.journal_path = Path(self._scratch.name) / "journal.sqlite"
        else:
            self.journal_path, self.journal_note = choose_journal(settings.source, self._identity)
        self.journal_path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = JournalLock(self.journal_path)
        #: Whether the run must look for its pages under the parent first (see :meth:`run`).
        self._check_duplicates = False
        #: Where the rate the workspace showed is kept between runs (none with a fixed rate).
        self._rate_file = (
            None if self.temporary or api.limiter.fixed else rate_file(self.journal_path)
        )

    @property
    def journal(self) -> Journal:
        """The open journal (inside ``async with`` only)."""
        if self._journal is None:
            raise RuntimeError("the session's journal is open only inside 'async with'")
        return self._journal

    async def __aenter__(self) -> ImportSession:
        try:
            settings = self.settings
            if settings.check_parent:
                await check_parent(self.api, settings.parent_id)
            self._lock.acquire()
            self._journal = journal = Journal(self.journal_path)
            kept = load_rate(self._rate_file) if self._rate_file else None
            if kept is not None:
                self.api.limiter.adopt(kept)
            record = ImportRecord.read(journal)
            check_identity(
                journal, self._identity, None if record is None else (record.source, record.target)
            )
            self._check_duplicates = not (
                self.temporary
                or settings.allow_duplicates
                or settings.into_database  # the run makes the database its pages go into
                or journal.has_pages()
            )
        except BaseException:
            self._close()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close()

    def _close(self) -> None:
        if self._journal is not None:
            if self._rate_file is not None and self.api.limiter.shown is not None:
                save_rate(self._rate_file, self.api.limiter.shown)
            self._journal.close()
            self._journal = None
        self._lock.release()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    async def run(self, pages: Pages | None = None) -> Report:
        """Import the source (or ``pages``, another stream of the same source's pages) into
        the target, keeping the journal's metadata; returns the report.

        A run whose journal has not begun (unless told ``allow_duplicates``) first reads the
        titles of the pages it would create at the top and the parent's pages, and raises
        :class:`~notion_import.errors.DuplicateImportError` when some are there already."""
        settings = self.settings
        if pages is None and self._check_duplicates:
            await self._refuse_duplicates()
        skipped: list[SkippedFile] = []
        if pages is None:
            pages = await first_page_or_refuse(
                converted_pages(
                    settings.source,
                    settings.source_kind,
                    settings.conversion,
                    witness=settings.verify == "full",  # the pages keep their source's witness
                    skipped=skipped,
                ),
                settings.source,
                skipped,
            )
        target = await self.target()
        record = ImportRecord(
            settings.source.resolve(), settings.source_kind, target, settings.keep_chrome
        )
        record.write(self.journal)
        importer = Importer(
            self.api,
            self.journal,
            target,
            ImportOptions(
                verify=settings.verify,
                concurrency=settings.concurrency,
                read_back=self.read_back,
            ),
            progress=self.progress,
        )
        stream = as_rows(pages) if settings.into_database else pages
        report = await importer.run(stream)
        report.skipped = [{"source": s.source, "reason": s.error} for s in skipped]
        self.journal.set_meta(META_LAST_REPORT, json.dumps(report.totals()))
        return report

    async def _refuse_duplicates(self) -> None:
        settings = self.settings
        existing = await existing_titles(self.api, settings.parent_id)
        if not existing:
            return
        titles = await asyncio.to_thread(
            lambda: top_titles(
                documents_to_pages(settings.source, settings.source_kind, settings.conversion)
            )
        )
        check_duplicates(titles, existing, self.journal_path)

    async def target(self) -> dict[str, str]:
        """Where the pages go: the parent page, or the database's data source (created on the
        first run, found in the journal after)."""
        settings = self.settings
        if not settings.into_database:
            return {"page_id": settings.parent_id}
        known = self.journal.get_meta(META_DATA_SOURCE)
        if known:
            return {"data_source_id": known}
        database = await self.api.client.databases.create(
            parent={"type": "page_id", "page_id": settings.parent_id},
            title=[
                {"type": "text", "text": {"content": settings.source.resolve().name or "Import"}}
            ],
            initial_data_source={"properties": DATABASE_SCHEMA},
        )
        data_source_id = str(database["data_sources"][0]["id"])
        self.journal.set_meta(META_DATA_SOURCE, data_source_id)
        return {"data_source_id": data_source_id}


async def check_parent(api: NotionAPI, parent_id: str) -> None:
    """Raise :class:`ConfigurationError`, saying what to do, unless ``parent_id`` is a page
    the token may read."""
    try:
        with notion_errors():
            await api.client.pages.retrieve(page_id=parent_id)
    except UnauthorizedError:
        raise ConfigurationError(
            "Notion refused the token (401 unauthorized): check NOTION_TOKEN or --token-file"
        ) from None
    except ObjectNotFoundError:
        raise ConfigurationError(
            f"page {parent_id} was not found or is not shared with your integration: open "
            "the page in Notion, choose ••• > Connections, and add your integration"
        ) from None
    except NotionAPIError as exc:
        raise ConfigurationError(f"cannot read the parent page: {exc}") from None


async def as_rows(pages: Pages) -> AsyncIterator[ImportPage]:
    """The pages as rows of the database of :data:`DATABASE_SCHEMA`: the title and the source
    key, and what the page's metadata gives. Metadata the properties cannot hold is a loss, and
    the row keeps only its title and source."""
    schema = {
        name: {"type": next(iter(spec)), "name": name} for name, spec in DATABASE_SCHEMA.items()
    }
    async for page in _each(pages):
        meta = page.metadata
        values: dict[str, Any] = {"Name": page.title, "Source": page.key}
        for name, key in ROW_METADATA:
            if meta.get(key):
                values[name] = meta[key]
        try:
            page.properties = build(schema, values)
        except PropertyError as exc:
            page.losses.append(Loss("metadata", str(exc), page.key))
            page.properties = build(schema, {"Name": page.title, "Source": page.key})
        yield page


async def _each(pages: Pages) -> AsyncIterator[ImportPage]:
    if isinstance(pages, AsyncIterator):
        async for page in pages:
            yield page
    else:
        for page in pages:
            yield page


async def import_source(
    source: str | os.PathLike[str],
    parent_id: str,
    api: NotionAPI,
    *,
    source_kind: str | None = None,
    into_database: bool = False,
    journal_path: str | os.PathLike[str] | None = None,
    verify: str = "acked",
    concurrency: int = 8,
    progress: Progress | None = None,
    keep_chrome: bool = False,
    allow_duplicates: bool = False,
) -> Report:
    """Import ``source`` (a folder, a file or an archive) under the page ``parent_id`` through
    ``api`` (from :func:`notion_import.api.connect`, which the caller closes) and return the
    report. The journal is ``journal_path``, else :func:`default_journal` (in the user's state
    directory): calling again with the same source and parent resumes where the last call
    stopped, from any working directory. See :class:`ImportSettings` for the options (a new
    journal refuses to import pages the parent already holds, unless ``allow_duplicates``);
    ``progress`` receives the importer's events.
    """
    settings = ImportSettings(
        Path(source),
        parent_id,
        source_kind=source_kind,
        into_database=into_database,
        journal_path=None if journal_path is None else Path(journal_path),
        verify=verify,
        concurrency=concurrency,
        keep_chrome=keep_chrome,
        allow_duplicates=allow_duplicates,
    )
    async with ImportSession(api, settings, progress=progress) as session:
        return await session.run()


async def recheck(api: NotionAPI, journal_path: Path, record: ImportRecord) -> Report:
    """Verify in full an earlier import recorded in ``journal_path``: every page it wrote is
    read back and compared with what ``record.source`` gives now; nothing is written. The
    journal is locked (shared) meanwhile: no import may run on it."""
    with JournalLock(journal_path, shared=True), Journal(journal_path) as journal:
        importer = Importer(api, journal, record.target, ImportOptions(verify="full"))
        pages = converted_pages(record.source, record.source_kind, record.conversion, witness=True)
        return await importer.recheck(pages)


__all__ = [
    "DATABASE_SCHEMA",
    "Connection",
    "ImportRecord",
    "ImportSession",
    "ImportSettings",
    "as_rows",
    "check_parent",
    "default_journal",
    "import_source",
    "recheck",
]
