"""A read-through TTL + LRU cache of Notion HTTP responses, invalidated by the writes it sees.

The transport asks :meth:`ResponseCache.key` whether a request may be served from the cache,
looks it up with :meth:`~ResponseCache.get`, stores a fresh answer with
:meth:`~ResponseCache.put`, and reports every write with
:meth:`~ResponseCache.invalidate_for_write` so that nothing it changed is served stale.

Cacheable: ``GET`` of ``/v1/blocks/{id}``, ``/v1/blocks/{id}/children``, ``/v1/pages/{id}``,
``/v1/pages/{id}/properties/{pid}``, ``/v1/databases/{id}``, ``/v1/data_sources/{id}``,
``/v1/users``, ``/v1/users/{id}``, ``/v1/users/me``, and ``POST /v1/data_sources/{id}/query``.
Ids are compared without dashes and case, so both spellings share one entry. The key holds the
method, the normalized path, the sorted query string and a digest of the (canonical JSON) body;
it does not hold headers, so use one cache per client (one token, one ``Notion-Version``).

Invalidation works on tags. Every entry is indexed under:

- ``o:<id>`` for the object it is (a block and the page of the same id share it, and so do
  the page's property items), and for every block, page, database or data source listed in
  its ``results`` (a children listing, a query): a write to an object drops every entry that
  shows it, on whatever cursor page it appears (``has_children``, titles, properties);
- ``c:<id>`` for a children listing of ``id`` (every cursor), ``q:<id>`` for a query of data
  source ``id`` (every filter, sort and cursor), and the families ``c:*``, ``q:*``, ``p:*``
  (every page and page property), ``d:*`` (every database and data source).

so that invalidation costs the number of entries dropped, never a scan of the cache. The rules
(ids from the path, parents from the response body's ``parent``, else the request's):

=====================================  ===================================================
write                                  drops
=====================================  ===================================================
``PATCH /blocks/{id}/children``        ``id`` (has_children changes) and its listings
``PATCH|DELETE /blocks/{id}``          ``id`` (the block and its page), its listings, its
                                       parent (see below); for a ``child_database`` also
                                       every database, data source and query
``POST /pages``                        the parent; when it sets a relation also every page
                                       and every query (the other side of the relation)
``PATCH /pages/{id}``                  ``id``, its listings (``erase_content``), the parent;
                                       when it sets ``properties`` also every page and
                                       every query (two-way relations, rollups and
                                       formulas of other pages may follow)
``POST /pages/{id}/move``              ``id``, the new parent, every listing and query (the
                                       old parent is unknown)
``PATCH /pages/{id}/markdown``         ``id`` and every listing (nested blocks may go)
``POST /databases``                    the parent
``PATCH /databases/{id}``              ``id``, every database and data source, every query,
                                       every page, the parent
``POST /data_sources``                 its database
``PATCH /data_sources/{id}``           ``id``, its queries, its database, every page (rows
                                       follow schema changes)
anything under ``/file_uploads``,      nothing (nothing of theirs is cached)
``/comments``, ``/views``, ``/oauth``,
``POST /search``, query endpoints
any other write                        everything
=====================================  ===================================================

A parent drops as: ``page_id``/``block_id`` -> that object and its listings;
``data_source_id`` -> the queries of that data source; ``database_id`` -> that database and
every query (the cache does not track which data sources belong to which database);
``workspace`` -> nothing. An unknown parent (no response body: pass ``None`` when a write's
outcome is unknown) drops every listing and every query.

Known lags, each bounded by ``ttl``: a write deep inside a page changes the page's
``last_edited_time``, which that page's entry (when the write was not to a direct child) and
queries of its data source still show; and a ``synced_block`` duplicate's children, read through
the duplicate's id, are not dropped by writes under the original.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import parse_qsl, quote, unquote, urlencode

__all__ = ["CacheStats", "CachedResponse", "ResponseCache"]

_UUID: Final = re.compile(r"[0-9a-fA-F]{32}")
#: First path segments of writes that change nothing this cache holds.
_HARMLESS_ROOTS: Final = frozenset({"file_uploads", "comments", "views", "oauth", "search"})
#: Headers that describe how the body was framed on the wire, not the (decoded) body stored.
_FRAMING_HEADERS: Final = frozenset({b"content-encoding", b"content-length", b"transfer-encoding"})
#: Objects whose ``results`` entries index the listing under their id.
_INDEXED_OBJECTS: Final = frozenset({"block", "page", "database", "data_source"})

#: The cacheable routes: (method, path pattern) -> how the entry is tagged.
#: ``{id}`` segments are object ids (normalized); ``{pid}`` is a property id.
_ROUTES: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    ("GET", ("blocks", "{id}"), ("o:{id}",)),
    ("GET", ("blocks", "{id}", "children"), ("c:{id}", "c:*")),
    ("GET", ("pages", "{id}"), ("o:{id}", "p:*")),
    ("GET", ("pages", "{id}", "properties", "{pid}"), ("o:{id}", "p:*")),
    ("GET", ("databases", "{id}"), ("o:{id}", "d:*")),
    ("GET", ("data_sources", "{id}"), ("o:{id}", "d:*")),
    ("GET", ("users",), ()),
    ("GET", ("users", "me"), ()),
    ("GET", ("users", "{id}"), ()),
    ("POST", ("data_sources", "{id}", "query"), ("q:{id}", "q:*")),
)


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """A stored answer: what the transport needs to rebuild an ``httpx.Response``."""

    status: int
    """Always 200: nothing else is stored."""
    headers: tuple[tuple[bytes, bytes], ...]
    """The raw header pairs as received, less ``Content-Encoding``, ``Content-Length`` and
    ``Transfer-Encoding`` (they described the body on the wire, not ``content``)."""
    content: bytes
    """The decoded body (``httpx.Response.content``)."""
    stored_at: float
    """The cache clock's reading when it was stored."""


@dataclass(slots=True)
class CacheStats:
    """Counters of one :class:`ResponseCache`."""

    hits: int = 0
    """Lookups answered from the cache."""
    misses: int = 0
    """Lookups not answered (absent or expired)."""
    evictions: int = 0
    """Entries dropped to stay within ``max_entries`` (least recently used first)."""
    expirations: int = 0
    """Entries dropped because they outlived ``ttl``."""
    invalidations: int = 0
    """Entries dropped because a write changed what they show."""

    @property
    def hit_rate(self) -> float:
        """Hits over lookups, 0.0 before the first lookup."""
        lookups = self.hits + self.misses
        return self.hits / lookups if lookups else 0.0


@dataclass(slots=True)
class _Entry:
    response: CachedResponse
    expires_at: float
    tags: frozenset[str] = field(default_factory=frozenset)


class ResponseCache:
    """Read-through cache of Notion responses with a time to live and an LRU bound.

    ``ttl`` seconds after it was stored an entry is no longer served; ``max_entries`` bounds
    the entries kept (the least recently used goes first); ``clock`` gives the time (inject a
    fake one in tests). ``ttl=0`` or ``max_entries=0`` stores nothing.
    """

    def __init__(
        self,
        ttl: float = 30.0,
        max_entries: int = 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl < 0:
            raise ValueError(f"ttl must not be negative, not {ttl}")
        if max_entries < 0:
            raise ValueError(f"max_entries must not be negative, not {max_entries}")
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self.stats = CacheStats()
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._index: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    @property
    def hit_rate(self) -> float:
        """Hits over lookups so far (see :attr:`CacheStats.hit_rate`)."""
        return self.stats.hit_rate

    # -- keys ----------------------------------------------------------------------------

    def key(self, method: str, path: str, query: str, body: bytes) -> str | None:
        """The cache key of a request, or ``None`` when it must not be served from cache.

        ``path`` is the URL path (with or without the leading ``/v1``), ``query`` the raw query
        string (with or without ``?``), ``body`` the raw request body.
        """
        found = _match(method.upper(), path)
        if found is None:
            return None
        verb, segments, _tags = found
        key = f"{verb} /{'/'.join(segments)}"
        pairs = sorted(parse_qsl(query.lstrip("?"), keep_blank_values=True))
        if pairs:
            key += "?" + urlencode(pairs)
        if body:
            key += " " + _digest(body)
        return key

    # -- lookups -------------------------------------------------------------------------

    def get(self, key: str) -> CachedResponse | None:
        """The fresh response stored under ``key``, or ``None`` (counted as a miss)."""
        entry = self._entries.get(key)
        if entry is None:
            self.stats.misses += 1
            return None
        if self.clock() >= entry.expires_at:
            self._remove(key)
            self.stats.expirations += 1
            self.stats.misses += 1
            return None
        self._entries.move_to_end(key)
        self.stats.hits += 1
        return entry.response

    def put(
        self,
        key: str,
        status: int,
        headers: Sequence[tuple[bytes, bytes]] | Mapping[str, str] | Mapping[bytes, bytes],
        content: bytes,
    ) -> None:
        """Store a response under ``key`` (from :meth:`key`); only a 200 is stored.

        ``content`` is the decoded body (``response.content``); the framing headers that no
        longer fit it (``Content-Encoding``, ``Content-Length``, ``Transfer-Encoding``) are
        left out, so ``httpx.Response(status, headers=..., content=...)`` rebuilds it. Any
        other status drops what was stored under ``key``: the object may be gone.
        """
        if key in self._entries:
            self._remove(key)
        if status != 200 or self.ttl <= 0 or self.max_entries <= 0:
            return
        found = _parse_key(key)
        if found is None:
            raise ValueError(f"{key!r} is not a key made by ResponseCache.key")
        now = self.clock()
        response = CachedResponse(200, _raw_headers(headers), bytes(content), now)
        tags = frozenset(_tags_of(*found, content))
        self._entries[key] = _Entry(response, now + self.ttl, tags)
        for tag in tags:
            self._index.setdefault(tag, set()).add(key)
        while len(self._entries) > self.max_entries:
            oldest = next(iter(self._entries))
            self._remove(oldest)
            self.stats.evictions += 1

    def clear(self) -> int:
        """Drop every entry; returns how many there were (not counted as invalidations)."""
        count = len(self._entries)
        self._entries.clear()
        self._index.clear()
        return count

    # -- invalidation --------------------------------------------------------------------

    def invalidate_for_write(
        self, method: str, path: str, request_body: Any, response_body: Any
    ) -> int:
        """Drop every entry a write may have changed; returns how many were dropped.

        ``request_body``/``response_body`` are the parsed JSON bodies (``bytes`` or ``str``
        are parsed here); pass ``response_body=None`` when the write's outcome is unknown.
        See the module docstring for the rules. Reads (``GET``, ``HEAD``, ``OPTIONS``) drop
        nothing.
        """
        verb = method.upper()
        if verb in ("GET", "HEAD", "OPTIONS"):
            return 0
        tags = _write_tags(verb, _segments(path), _as_json(request_body), _as_json(response_body))
        if tags is None:
            dropped = len(self._entries)
            self._entries.clear()
            self._index.clear()
        else:
            dropped = self._drop_tags(tags)
        self.stats.invalidations += dropped
        return dropped

    def _drop_tags(self, tags: Iterable[str]) -> int:
        dropped = 0
        for tag in tags:
            for key in list(self._index.get(tag, ())):
                self._remove(key)
                dropped += 1
        return dropped

    def _remove(self, key: str) -> None:
        entry = self._entries.pop(key)
        for tag in entry.tags:
            keys = self._index.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._index[tag]


# -- pure helpers ----------------------------------------------------------------------------


def normalize_id(value: str) -> str:
    """An object id in one spelling: 32 lowercase hex digits when it is a UUID, else as is."""
    compact = value.replace("-", "")
    return compact.lower() if _UUID.fullmatch(compact) else value


def _segments(path: str) -> list[str]:
    parts = [unquote(part) for part in path.split("?", 1)[0].strip("/").split("/") if part]
    if parts and parts[0] == "v1":
        parts = parts[1:]
    return parts


def _match(method: str, path: str) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """The route a request takes: (method, normalized segments, tag templates)."""
    return _match_segments(method, _segments(path))


def _match_segments(
    method: str, parts: Sequence[str]
) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    for verb, pattern, tags in _ROUTES:
        if verb != method or len(pattern) != len(parts):
            continue
        out: list[str] = []
        for want, got in zip(pattern, parts, strict=True):
            if want == "{id}":
                out.append(normalize_id(got))
            elif want == "{pid}":
                out.append(quote(got, safe=""))
            elif want == got:
                out.append(got)
            else:
                break
        else:
            return verb, tuple(out), tags
    return None


def _parse_key(key: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The normalized segments and tag templates of a key made by :meth:`ResponseCache.key`."""
    method, _, rest = key.partition(" ")
    path = rest.split(" ", 1)[0].split("?", 1)[0]
    found = _match_segments(method, [unquote(part) for part in path.split("/") if part])
    return None if found is None else (found[1], found[2])


def _tags_of(segments: tuple[str, ...], templates: tuple[str, ...], content: bytes) -> set[str]:
    """The tags an entry is indexed under: its own, plus ``o:`` of every object it lists."""
    object_id = segments[1] if len(segments) > 1 else ""
    tags = {template.replace("{id}", object_id) for template in templates}
    if segments[-1] in ("children", "query"):
        try:
            body = json.loads(content)
        except ValueError:
            body = None
        results = body.get("results") if isinstance(body, dict) else None
        for item in results if isinstance(results, list) else ():
            if isinstance(item, dict) and item.get("object") in _INDEXED_OBJECTS:
                item_id = item.get("id")
                if isinstance(item_id, str):
                    tags.add("o:" + normalize_id(item_id))
    return tags


def _write_tags(method: str, parts: list[str], request: Any, response: Any) -> set[str] | None:
    """The tags a write drops; ``None`` means everything."""
    if not parts:
        return None
    root = parts[0]
    if root in _HARMLESS_ROOTS or parts[-1] == "query":
        return set()
    ident = normalize_id(parts[1]) if len(parts) > 1 else ""
    parent = _parent(response, request)
    if root == "blocks" and len(parts) == 3 and parts[2] == "children" and method == "PATCH":
        return {f"o:{ident}", f"c:{ident}"}
    if root == "blocks" and len(parts) == 2 and method in ("PATCH", "DELETE"):
        tags = {f"o:{ident}", f"c:{ident}", *_parent_tags(parent)}
        if not isinstance(response, dict) or response.get("type") == "child_database":
            tags |= {"d:*", "q:*"}  # a database inside went to (or came back from) the trash
        return tags
    if root == "pages":
        if len(parts) == 1 and method == "POST":
            tags = _parent_tags(parent)
            if _sets_relation(request):
                tags |= {"p:*", "q:*"}  # the other side of a two-way relation changes
            return tags
        if len(parts) == 2 and method in ("PATCH", "DELETE"):
            tags = {f"o:{ident}", f"c:{ident}", *_parent_tags(parent)}
            if not isinstance(request, dict) or "properties" in request:
                tags |= {"p:*", "q:*"}  # relations, rollups and formulas elsewhere
            return tags
        if len(parts) == 3 and parts[2] == "move":
            return {f"o:{ident}", f"c:{ident}", "c:*", "q:*", *_parent_tags(parent)}
        if len(parts) == 3 and parts[2] == "markdown":
            return {f"o:{ident}", "c:*"}
    if root == "databases":
        if len(parts) == 1 and method == "POST":
            return _parent_tags(parent)
        if len(parts) == 2:
            return {f"o:{ident}", "d:*", "q:*", "p:*", *_parent_tags(parent)}
    if root == "data_sources":
        database = _parent_id(parent, "database_id")
        if len(parts) == 1 and method == "POST":
            return {f"o:{database}"} if database else {"d:*"}
        if len(parts) == 2:
            return {f"o:{ident}", f"q:{ident}", "p:*", f"o:{database}" if database else "d:*"}
    return None


def _parent(response: Any, request: Any) -> dict[str, Any] | None:
    """The ``parent`` of the written object: from the response, else from the request."""
    for body in (response, request):
        parent = body.get("parent") if isinstance(body, dict) else None
        if isinstance(parent, dict) and isinstance(parent.get("type"), str):
            return parent
    return None


def _parent_id(parent: dict[str, Any] | None, kind: str) -> str | None:
    value = parent.get(kind) if parent is not None else None
    return normalize_id(value) if isinstance(value, str) else None


def _parent_tags(parent: dict[str, Any] | None) -> set[str]:
    """What a change under ``parent`` drops (everything listed when it is unknown)."""
    if parent is None:
        return {"c:*", "q:*"}
    kind = parent["type"]
    if kind == "workspace":
        return set()
    if kind in ("page_id", "block_id"):
        found = _parent_id(parent, kind)
        return {f"o:{found}", f"c:{found}"} if found else {"c:*"}
    if kind == "data_source_id":
        found = _parent_id(parent, kind)
        return {f"q:{found}"} if found else {"q:*"}
    if kind == "database_id":
        found = _parent_id(parent, kind)
        return {f"o:{found}", "q:*"} if found else {"d:*", "q:*"}
    return {"c:*", "q:*"}


def _sets_relation(request: Any) -> bool:
    """True when a page request sets a relation (or cannot be read)."""
    if not isinstance(request, dict):
        return True
    values = request.get("properties")
    if not isinstance(values, dict):
        return False
    return any(isinstance(value, dict) and "relation" in value for value in values.values())


def _as_json(body: Any) -> Any:
    if isinstance(body, bytes | bytearray | str):
        try:
            return json.loads(body)
        except ValueError:
            return None
    return body


def _digest(body: bytes) -> str:
    """A digest of a request body, the same for equal JSON however it is spelled."""
    try:
        canonical = json.dumps(
            json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    except ValueError:
        canonical = body
    return hashlib.sha256(canonical).hexdigest()[:32]


def _raw_headers(
    headers: Sequence[tuple[bytes, bytes]] | Mapping[str, str] | Mapping[bytes, bytes],
) -> tuple[tuple[bytes, bytes], ...]:
    pairs: Iterable[tuple[Any, Any]] = headers.items() if isinstance(headers, Mapping) else headers
    out = ((_bytes(name), _bytes(value)) for name, value in pairs)
    return tuple((name, value) for name, value in out if name.lower() not in _FRAMING_HEADERS)


def _bytes(value: str | bytes) -> bytes:
    return value.encode("latin-1") if isinstance(value, str) else bytes(value)
