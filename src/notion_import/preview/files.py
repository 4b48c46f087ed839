"""Copies of the files pages show, downloaded into the site (``files/<key>/<name>``)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

log = logging.getLogger(__name__)

#: Largest file downloaded into the site; larger ones are shown as a placeholder.
MAX_FILE_BYTES = 200 * 1024 * 1024
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")


class FileCopies:
    """Downloads the files pages show into ``folder``: Notion-hosted files always (through the
    API's client when they are on the API's host, else a plain client, never with the token),
    external ones only when asked."""

    def __init__(
        self,
        folder: Path,
        api_client: httpx.AsyncClient,
        api_base_url: str,
        *,
        fetch_external: bool = False,
        web: httpx.AsyncClient | None = None,
    ) -> None:
        self.folder = folder
        self.api_client = api_client
        self.api_origin = _origin(api_base_url)
        self.fetch_external = fetch_external
        self._web = web
        self._own_web = web is None
        #: (url, kind) -> path relative to ``folder``.
        self.saved: dict[tuple[str, str], str] = {}
        self.failed: dict[tuple[str, str], str] = {}

    async def aclose(self) -> None:
        if self._web is not None and self._own_web:
            await self._web.aclose()

    def _web_client(self) -> httpx.AsyncClient:
        if self._web is None:
            self._web = httpx.AsyncClient(follow_redirects=True, timeout=60.0)
        return self._web

    async def fetch_all(self, sources: list[tuple[str, str]], concurrency: int = 8) -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(source: tuple[str, str]) -> None:
            async with gate:
                await self.fetch(*source)

        await asyncio.gather(*(one(s) for s in dict.fromkeys(sources)))

    async def fetch(self, url: str, kind: str) -> str | None:
        key = (url, kind)
        if key in self.saved:
            return self.saved[key]
        if kind == "external" and not self.fetch_external:
            return None
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            self.failed[key] = "not an http(s) address"
            return None
        client = self.api_client if _origin(url) == self.api_origin else self._web_client()
        try:
            content = await _download(client, url)
        except (httpx.HTTPError, ValueError) as exc:
            self.failed[key] = f"{type(exc).__name__}: {exc}"
            log.warning("cannot download %s: %s", _redact(url), exc)
            return None
        digest = hashlib.sha256(url.encode()).hexdigest()[:16]
        name = _file_name(url)
        target = self.folder / digest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.saved[key] = f"{digest}/{name}"
        return self.saved[key]


async def _download(client: httpx.AsyncClient, url: str) -> bytes:
    async with client.stream("GET", url, follow_redirects=True) as response:
        if response.status_code != 200:
            raise ValueError(f"HTTP {response.status_code}")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise ValueError(f"larger than {MAX_FILE_BYTES:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _redact(url: str) -> str:
    """A URL without its query (signed URLs carry credentials there)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _file_name(url: str) -> str:
    tail = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    stem, dot, suffix = tail.rpartition(".")
    if not dot:
        stem, suffix = tail, ""
    stem = _UNSAFE_NAME.sub("_", stem).strip("._")[:80] or "file"
    suffix = _UNSAFE_NAME.sub("", suffix)[:12]
    return f"{stem}.{suffix}" if suffix else stem
