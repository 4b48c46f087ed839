"""References of a page: ``href`` and ``src`` values -> links and assets.

http(s) and mailto links are kept (made safe for Notion: :func:`external_url`), ``#anchors``
point into the page, relative links to files of the export become internal links (recorded in
:attr:`References.links`), ``data:`` URIs are decoded (:func:`data_asset`); anything else is
refused with the reason. Local paths are normalised against the page's folder (a root-relative
``/img/a.png`` against the export root) and must not climb out of the export; whether a file
is really there, and where symbolic links lead, is asked of a
:class:`~notion_import.convert.files.FileLookup` (without one, paths are kept unchecked).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import mimetypes
import posixpath
import re
from typing import Final, Literal
from urllib.parse import quote, unquote, unquote_to_bytes, urljoin, urlsplit

from notion_import.convert.files import FileLookup
from notion_import.convert.ir import Asset, Link

#: Files a link keeps pointing at as pages of the export (any other local file is attached).
DOCUMENTS: Final = frozenset({".html", ".htm", ".xhtml", ".md", ".markdown", ".mdown"})

_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_SAFE: Final = ":/?#[]@!$&'()*+,;=%~"
#: what is trimmed from both ends of a URL (a browser trims C0 controls and spaces:
#: ``"\x01javascript:..."`` is a javascript: URL).
_URL_TRIM: Final = re.compile(r"^[\x00-\x20\s]+|[\x00-\x20\s]+$")

#: what a local reference is wanted as: a page (a folder means its index page) or a file.
Want = Literal["page", "file"]

#: why a file the lookup reports cannot be used, by its kind.
_UNUSABLE: Final = {
    "missing": "is not in the export",
    "outside": "points outside the export (through a symbolic link)",
    "folder": "is a folder",
    "other": "is not a regular file",
}


def clean_href(href: str) -> str:
    """A link's address as a browser reads it: tabs and line breaks dropped, control
    characters and spaces trimmed."""
    return _URL_TRIM.sub("", href.replace("\n", "").replace("\t", "").replace("\r", ""))


def has_scheme(url: str) -> bool:
    """Whether ``url`` starts with a scheme (``http:``, ``mailto:``; ``C:`` counts)."""
    return _SCHEME.match(url) is not None


class References:
    """Resolves the references of one page; collects the export files it links to."""

    def __init__(self, *, source: str, files: FileLookup | None) -> None:
        #: the page's path relative to the export root.
        self.source = source
        self.files = files
        #: targets of internal links (export-relative paths), in order of first use.
        self.links: list[str] = []
        self._targets: set[str] = set()
        self._page_dir = posixpath.dirname(source)
        self._asset_cache: dict[str, tuple[Asset | None, str]] = {}
        #: the address the page names for itself (``<base href>``, canonical, ``og:url``):
        #: a link to a page that is not in the export goes to the site instead of being lost.
        self.base_url: str | None = None

    def link(self, url: str) -> tuple[Link | None, str]:
        """A cleaned ``href`` -> (link, "") or (None, why it cannot be kept; "" to drop it
        silently)."""
        if url.startswith("#"):
            return self._self_link(url[1:]), ""
        if url.startswith("//"):
            url = "https:" + url
        scheme = _SCHEME.match(url)
        if scheme is not None and len(scheme.group(1)) > 1:
            name = scheme.group(1).lower()
            if name in ("http", "https"):
                external = external_url(url)
                if external is None:
                    return None, "has no host"
                return Link(external), ""
            if name == "mailto":
                address = url[len(name) + 1 :]
                if not address.strip():
                    return None, "has no address"
                return Link("mailto:" + quote(address, safe=_URL_SAFE)), ""
            return None, f"uses the {name}: scheme, which Notion cannot link to"
        path, _, fragment = url.partition("#")
        path = path.partition("?")[0]
        if not path:
            return self._self_link(fragment), ""
        target, reason = self.local(path, want="page")
        if target is None:
            on_site = external_url(urljoin(self.base_url, url)) if self.base_url else None
            return (Link(on_site), "") if on_site else (None, reason)
        if target == self.source:
            return self._self_link(fragment), ""
        if target not in self._targets:
            self._targets.add(target)
            self.links.append(target)
        return Link(target, internal=True, fragment=fragment), ""

    def _self_link(self, fragment: str) -> Link:
        return Link(self.source, internal=True, fragment=fragment)

    def resolve_asset(self, ref: str) -> tuple[Asset | None, str]:
        """Resolve a ``src`` without recording anything: (asset, "") or (None, why not)."""
        key = ref
        cached = self._asset_cache.get(key)
        if cached is not None:
            return cached
        ref = ref.strip()
        found: tuple[Asset | None, str]
        if not ref:
            found = None, "no source given"
        elif ref[:5].lower() == "data:":
            found = data_asset(ref)
        else:
            if ref.startswith("//"):
                ref = "https:" + ref
            scheme = _SCHEME.match(ref)
            if scheme is not None and len(scheme.group(1)) > 1:
                name = scheme.group(1).lower()
                external = external_url(ref) if name in ("http", "https") else None
                if external is not None:
                    found = Asset(kind="remote", ref=external), ""
                elif name in ("http", "https"):
                    found = None, "URL without a host"
                else:
                    found = None, f"{name}: sources cannot be carried"
            else:
                path = ref.partition("#")[0].partition("?")[0]
                target, reason = self.local(path, want="file")
                if target is None:
                    found = None, reason
                else:
                    name = posixpath.basename(target)
                    media_type = mimetypes.guess_type(name)[0]
                    found = Asset(kind="local", ref=target, media_type=media_type, name=name), ""
        self._asset_cache[key] = found
        return found

    def local(self, path: str, *, want: Want) -> tuple[str | None, str]:
        """A relative reference -> an export-relative path that exists, or (None, why not)."""
        decoded = unquote(path.replace("\\", "/"))
        candidates = [decoded]
        if "%" in decoded:  # double-encoded names (Notion's export)
            candidates.append(unquote(decoded))
        if decoded != path:
            candidates.append(path)
        reason = "is not in the export"
        for candidate in candidates:
            target, reason = self._inside(candidate, want)
            if target is not None:
                return target, ""
        return None, reason

    def _inside(self, path: str, want: Want) -> tuple[str | None, str]:
        if "\x00" in path:
            return None, "is not a valid path"
        # a root-relative path ("/img/a.png") is relative to the export root
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(self._page_dir, path)
        target = posixpath.normpath(joined) if joined else "."
        if target == ".." or target.startswith("../"):
            return None, "points outside the export"
        if self.files is None:
            return (None, "is not a file") if target == "." else (target, "")
        entry = self.files.find(target)
        if entry.kind == "folder" and want == "page":
            for index in ("index.html", "index.htm"):
                inner = self.files.find(
                    posixpath.join(entry.path, index) if entry.path != "." else index
                )
                if inner.kind == "file":
                    return inner.path, ""
        if entry.kind != "file":
            return None, _UNUSABLE[entry.kind]
        return entry.path, ""


def external_url(url: str) -> str | None:
    """An http(s) URL made safe for Notion (spaces and other characters escaped), or None
    if it has no valid host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.netloc or not parts.hostname:
        return None
    netloc = parts.netloc
    if any(c.isspace() or c in '<>"{}|\\^`' for c in netloc):
        return None  # no valid host (a typo such as "trac er.debian.org")
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    rest = url[url.index(parts.netloc) + len(parts.netloc) :]
    return f"{parts.scheme.lower()}://{netloc}{quote(rest, safe=_URL_SAFE)}"


def data_asset(ref: str) -> tuple[Asset | None, str]:
    """Decode a ``data:`` URI into an embedded asset."""
    header, comma, payload = ref[5:].partition(",")
    if not comma:
        return None, "malformed data: URI"
    params = [p.strip().lower() for p in header.split(";")]
    media_type = params[0] or "text/plain"
    try:
        if "base64" in params[1:]:
            cleaned = "".join(unquote(payload).split())
            data = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))
        else:
            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None, "data: URI that does not decode"
    if not data:
        return None, "empty data: URI"
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]
    name = f"data-{digest}{mimetypes.guess_extension(media_type) or ''}"
    return Asset(kind="data", ref=name, media_type=media_type, data=data, name=name), ""
