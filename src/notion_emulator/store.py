"""The emulator's workspace: every object it holds, kept in memory, optionally in SQLite.

Pages and databases are blocks too (``child_page`` / ``child_database``), as in Notion: one
tree of :class:`Node` records keyed by id, each holding the ordered ids of its children. Data
sources, file uploads, comments and database views live beside the tree. Objects are stored in
their *response* form (already normalized), so reading is cheap and writing pays the
normalization once.

With a ``data_path`` every changed record is written to SQLite at :meth:`Store.flush` (the app
calls it after each write request); a new :class:`Store` on the same file loads them back.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

Clock = Callable[[], float]

#: How long an upload may wait to be attached, and how long a signed file URL lives.
UPLOAD_TTL_SECONDS = 3600


def new_id() -> str:
    """A fresh Notion-style id (dashed UUID)."""
    return str(uuid.uuid4())


def normalize_id(value: str) -> str | None:
    """Dashed lower-case form of a 32-hex id given with or without dashes, else None."""
    raw = value.replace("-", "").lower()
    if len(raw) != 32:
        return None
    try:
        int(raw, 16)
    except ValueError:
        return None
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def minute_stamp(t: float) -> str:
    """Notion's block timestamps: rounded down to the minute, ``2026-07-04T09:08:00.000Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:00.000Z", time.gmtime(t))


def milli_stamp(t: float) -> str:
    """Notion's database timestamps: ``2026-07-04T09:08:53.017+00:00``."""
    ms = int((t % 1) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{ms:03d}+00:00"


def iso_z(t: float) -> str:
    """An exact instant as ``2026-07-04T10:11:00.000Z`` (expiry times)."""
    ms = int((t % 1) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{ms:03d}Z"


@dataclass(slots=True)
class Node:
    """One block of the tree; pages (``child_page``) and databases (``child_database``) too."""

    id: str
    type: str
    parent: dict[str, Any]
    payload: dict[str, Any]
    created: float
    edited: float
    seq: int
    children: list[str] = field(default_factory=list)
    in_trash: bool = False
    #: page fields (``child_page``): properties in response form, icon, cover, lock.
    properties: dict[str, Any] | None = None
    icon: dict[str, Any] | None = None
    cover: dict[str, Any] | None = None
    is_locked: bool = False
    #: database fields (``child_database``): rich-text title and description, data sources.
    title: list[dict[str, Any]] | None = None
    description: list[dict[str, Any]] | None = None
    is_inline: bool = False
    data_sources: list[str] | None = None


@dataclass(slots=True)
class DataSource:
    """A data source of a database: its schema and its rows (page ids, creation order)."""

    id: str
    database_id: str
    title: list[dict[str, Any]]
    description: list[dict[str, Any]]
    properties: dict[str, dict[str, Any]]
    created: float
    edited: float
    seq: int
    icon: dict[str, Any] | None = None
    cover: dict[str, Any] | None = None
    in_trash: bool = False
    rows: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Upload:
    """A file upload and what was sent for it."""

    id: str
    mode: str
    filename: str | None
    content_type: str | None
    created: float
    expires: float
    status: str = "pending"
    number_of_parts: int | None = None
    parts: dict[int, int] = field(default_factory=dict)
    content_length: int | None = None
    external_url: str | None = None
    attached: bool = False
    in_trash: bool = False


@dataclass(slots=True)
class Comment:
    """A comment on a page or block."""

    id: str
    parent: dict[str, Any]
    discussion_id: str
    rich_text: list[dict[str, Any]]
    created: float
    edited: float
    in_trash: bool = False


@dataclass(slots=True)
class View:
    """A database view: how one data source's rows are filtered, sorted and laid out."""

    id: str
    database_id: str
    data_source_id: str | None
    name: str
    type: str
    created: float
    edited: float
    filter: dict[str, Any] | None = None
    sorts: list[Any] | None = None
    quick_filters: dict[str, Any] | None = None
    configuration: dict[str, Any] | None = None
    #: deleted views are kept, flagged, so that a persisted workspace forgets them too
    in_trash: bool = False


@dataclass(slots=True)
class ViewQuery:
    """A view's result set, cached for a while (not persisted: it expires anyway)."""

    id: str
    view_id: str
    page_ids: list[str]
    expires: float
    #: more rows matched than a query may cache (``request_status`` says so on every page)
    incomplete: bool = False


@dataclass(slots=True)
class AsyncTask:
    """Work accepted with 202 (done at once): what it was and its result (memory only)."""

    id: str
    operation: str
    created: float
    result: dict[str, Any]


_KINDS: dict[str, type[Any]] = {
    "node": Node,
    "data_source": DataSource,
    "upload": Upload,
    "comment": Comment,
    "view": View,
}


class ChildIndex:
    """Position of each child id in its parent's list, rebuilt lazily after inserts.

    Listing with ``start_cursor`` and appending ``after_block`` need the index of a child;
    with 100,000 children a linear scan per page would make listing quadratic.
    """

    __slots__ = ("_index",)

    def __init__(self) -> None:
        self._index: dict[str, dict[str, int]] = {}

    def position(self, parent: Node, child_id: str) -> int | None:
        index = self._index.get(parent.id)
        if index is None or len(index) != len(parent.children):
            index = {cid: i for i, cid in enumerate(parent.children)}
            self._index[parent.id] = index
        return index.get(child_id)

    def appended(self, parent: Node, start: int) -> None:
        """Children were added at the end from ``start``: extend the index in place."""
        index = self._index.get(parent.id)
        if index is not None and len(index) == start:
            for i in range(start, len(parent.children)):
                index[parent.children[i]] = i

    def invalidate(self, parent_id: str) -> None:
        self._index.pop(parent_id, None)


class Store:
    """All objects of one emulated workspace."""

    def __init__(
        self,
        *,
        clock: Clock = time.time,
        data_path: str | None = None,
        root_page_id: str | None = None,
        root_title: str = "Emulator workspace",
    ) -> None:
        self.clock = clock
        self.nodes: dict[str, Node] = {}
        self.data_sources: dict[str, DataSource] = {}
        self.uploads: dict[str, Upload] = {}
        self.comments: dict[str, Comment] = {}
        self.views: dict[str, View] = {}
        self.files: dict[str, bytes] = {}
        self.file_parts: dict[str, dict[int, bytes]] = {}
        #: short-lived, kept in memory only: cached view queries and async task answers
        self.view_queries: dict[str, ViewQuery] = {}
        self.tasks: dict[str, AsyncTask] = {}
        self.index = ChildIndex()
        self.root_title = root_title
        self._seq = 0
        self._dirty: set[tuple[str, str]] = set()
        self._db: sqlite3.Connection | None = None
        self.root_page_id = ""
        if data_path is not None:
            self._open(data_path)
        if not self.root_page_id:
            self._create_root(root_page_id or new_id())

    # -- bookkeeping -------------------------------------------------------------------

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def mark(self, kind: str, object_id: str) -> None:
        """Record that an object changed (persisted at the next :meth:`flush`)."""
        if self._db is not None:
            self._dirty.add((kind, object_id))

    def _create_root(self, root_id: str) -> None:
        now = self.clock()
        title = [_plain_text_item(self.root_title)]
        root = Node(
            id=root_id,
            type="child_page",
            parent={"type": "workspace", "workspace": True},
            payload={"title": self.root_title},
            created=now,
            edited=now,
            seq=self.next_seq(),
            properties={"title": {"id": "title", "type": "title", "title": title}},
        )
        self.nodes[root_id] = root
        self.root_page_id = root_id
        self.mark("node", root_id)
        self._meta("root_page_id", root_id)
        self.flush()

    def reset(self) -> None:
        """Forget everything but a fresh root page with the same id."""
        root_id = self.root_page_id
        self.nodes.clear()
        self.data_sources.clear()
        self.uploads.clear()
        self.comments.clear()
        self.views.clear()
        self.files.clear()
        self.file_parts.clear()
        self.view_queries.clear()
        self.tasks.clear()
        self.index = ChildIndex()
        if self._db is not None:
            with self._db:
                self._db.execute("DELETE FROM objects")
                self._db.execute("DELETE FROM files")
        self._dirty.clear()
        self._create_root(root_id)

    # -- tree ----------------------------------------------------------------------------

    def get_node(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def add_node(self, node: Node, parent: Node | None, at: int | None = None) -> None:
        """Store ``node`` and place it among ``parent``'s children (at the end by default)."""
        self.nodes[node.id] = node
        self.mark("node", node.id)
        if parent is None:
            return
        start = len(parent.children)
        if at is None or at >= start:
            parent.children.append(node.id)
            self.index.appended(parent, start)
        else:
            parent.children.insert(at, node.id)
            self.index.invalidate(parent.id)
        self.mark("node", parent.id)

    def live_children(self, node: Node) -> Iterator[Node]:
        for child_id in node.children:
            child = self.nodes[child_id]
            if not child.in_trash:
                yield child

    def shown_content(self, node: Node) -> Node:
        """The block whose children ``node`` shows: a ``synced_block`` reference (one with
        ``synced_from``) shows its original's, as Notion does; any other block its own."""
        if node.type == "synced_block":
            synced_from = node.payload.get("synced_from")
            if isinstance(synced_from, dict):
                original = self.nodes.get(str(synced_from.get("block_id")))
                if original is not None and original.type == "synced_block":
                    return original
        return node

    def has_children(self, node: Node) -> bool:
        """Whether ``node`` shows children (a synced reference: whether its original has)."""
        shown = self.shown_content(node)
        return any(not self.nodes[c].in_trash for c in shown.children)

    def touch(self, node: Node) -> None:
        node.edited = self.clock()
        node.seq = self.next_seq()
        self.mark("node", node.id)

    def page_of(self, node: Node) -> Node | None:
        """The page (``child_page``) a block belongs to, or None."""
        current: Node | None = node
        while current is not None:
            if current.type == "child_page":
                return current
            parent = current.parent
            pid = parent.get("page_id") or parent.get("block_id")
            current = self.nodes.get(pid) if isinstance(pid, str) else None
        return None

    def count(self) -> dict[str, int]:
        pages = sum(1 for n in self.nodes.values() if n.type == "child_page")
        databases = sum(1 for n in self.nodes.values() if n.type == "child_database")
        return {
            "pages": pages,
            "databases": databases,
            "blocks": len(self.nodes) - pages - databases,
            "data_sources": len(self.data_sources),
            "file_uploads": len(self.uploads),
            "comments": len(self.comments),
        }

    # -- persistence -------------------------------------------------------------------

    def _open(self, path: str) -> None:
        db = sqlite3.connect(path, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS objects (kind TEXT, id TEXT, data TEXT, "
            "PRIMARY KEY (kind, id))"
        )
        db.execute("CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, data BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self._db = db
        for kind, data in db.execute("SELECT kind, data FROM objects"):
            cls = _KINDS[kind]
            record = cls(**json.loads(data))
            if kind == "upload":
                record.parts = {int(k): v for k, v in record.parts.items()}
            getattr(self, _TABLES[kind])[record.id] = record
            self._seq = max(self._seq, getattr(record, "seq", 0))
        for file_id, blob in db.execute("SELECT id, data FROM files"):
            self.files[file_id] = bytes(blob)
        row = db.execute("SELECT value FROM meta WHERE key = 'root_page_id'").fetchone()
        if row and row[0] in self.nodes:
            self.root_page_id = row[0]

    def _meta(self, key: str, value: str) -> None:
        if self._db is not None:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def put_file(self, upload_id: str, content: bytes) -> None:
        self.files[upload_id] = content
        if self._db is not None:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (upload_id, content))

    def flush(self) -> None:
        """Write every changed record to SQLite in one transaction (no-op in memory)."""
        if self._db is None or not self._dirty:
            return
        rows = []
        for kind, object_id in self._dirty:
            record = getattr(self, _TABLES[kind]).get(object_id)
            if record is not None:
                rows.append((kind, object_id, json.dumps(dataclasses.asdict(record))))
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO objects VALUES (?, ?, ?)", rows)
        self._dirty.clear()

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None


_TABLES = {
    "node": "nodes",
    "data_source": "data_sources",
    "upload": "uploads",
    "comment": "comments",
    "view": "views",
}


def _plain_text_item(text: str) -> dict[str, Any]:
    return {
        "type": "text",
        "text": {"content": text, "link": None},
        "annotations": {
            "bold": False,
            "italic": False,
            "strikethrough": False,
            "underline": False,
            "code": False,
            "color": "default",
        },
        "plain_text": text,
        "href": None,
    }
