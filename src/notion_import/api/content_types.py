"""What content is: the content type an upload declares, from its name or its first bytes.

Pure functions, no I/O: :func:`detect_content_type` takes a file name and the first
:data:`SNIFF_BYTES` bytes of the content.
"""

from __future__ import annotations

import mimetypes
import re
from typing import Final

#: The content type of content nothing could name.
OCTET_STREAM: Final = "application/octet-stream"
#: How much of the content the sniffer looks at.
SNIFF_BYTES: Final = 4096

#: The standard library's built-in table only (not the host's ``/etc/mime.types``), so the
#: answer is the same on every machine, plus the image types Notion accepts that Python 3.11
#: does not know.
_TYPES = mimetypes.MimeTypes()
for _type, _extension in (
    ("image/webp", ".webp"),
    ("image/apng", ".apng"),
    ("image/heic", ".heic"),
    ("image/heif", ".heif"),
    ("image/avif", ".avif"),
):
    _TYPES.add_type(_type, _extension)

#: Compressed files (``notes.tar.gz``, ``drawing.svgz``) are sent as what they are on disk.
_ENCODING_TYPES: Final = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
    "br": "application/x-brotli",
    "compress": "application/x-compress",
}

#: Fixed signatures at offset 0, in the order they are tried.
_SIGNATURES: Final = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"%PDF-", "application/pdf"),
)
#: ISO base media (``ftyp``) brands of the HEIF family, most specific first.
_AVIF_BRANDS: Final = frozenset({b"avif", b"avis"})
_HEIC_BRANDS: Final = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_HEIF_BRANDS: Final = frozenset({b"mif1", b"msf1"})
#: Sizes of the BMP info headers (core, v1..v5), which follow the 14-byte file header.
_BMP_INFO_SIZES: Final = frozenset({12, 16, 40, 52, 56, 64, 108, 124})
#: What may precede an SVG root element: an XML declaration, processing instructions,
#: comments, a doctype (with an internal subset), white space.
_XML_PROLOG: Final = re.compile(
    rb"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*", re.DOTALL | re.IGNORECASE
)
_SVG_ROOT: Final = re.compile(rb"<(?:[\w.-]+:)?svg[\s/>]", re.IGNORECASE)


def _ftyp_type(head: bytes) -> str | None:
    """The type named by an ISO base media ``ftyp`` box (HEIC, HEIF, AVIF), if any."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    box_end = min(len(head), max(16, int.from_bytes(head[0:4], "big")))
    # The major brand, then the compatible brands after the 4-byte minor version.
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, box_end - 3, 4)}
    if brands & _AVIF_BRANDS:
        return "image/avif"
    if brands & _HEIC_BRANDS:
        return "image/heic"
    if brands & _HEIF_BRANDS:
        return "image/heif"
    return None


def _is_svg(head: bytes) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf")
    prolog = _XML_PROLOG.match(text)
    start = prolog.end() if prolog else 0
    return _SVG_ROOT.match(text, start) is not None


def sniff_content_type(head: bytes) -> str | None:
    """The content type told by the first bytes of some content, or ``None``.

    Knows the image types Notion accepts (PNG and APNG, JPEG, GIF, WebP, SVG, HEIC, HEIF,
    AVIF, TIFF, ICO, BMP) and PDF. ``head`` should be the first :data:`SNIFF_BYTES` bytes.
    """
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[0:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    found = _ftyp_type(head)
    if found is not None:
        return found
    # ICO: reserved 0, type 1, then at least one image.
    if head[0:4] == b"\x00\x00\x01\x00" and int.from_bytes(head[4:6], "little") > 0:
        return "image/vnd.microsoft.icon"
    if head[0:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_INFO_SIZES:
        return "image/bmp"
    if _is_svg(head):
        return "image/svg+xml"
    return None


def guess_content_type(filename: str | None) -> str | None:
    """The content type named by a file name's extension, or ``None``."""
    if not filename:
        return None
    content_type, encoding = _TYPES.guess_type(filename)
    if encoding is not None:
        return _ENCODING_TYPES.get(encoding, OCTET_STREAM)
    return content_type


def detect_content_type(filename: str | None, head: bytes) -> str:
    """The content type to declare: from the file name, else from the content, else
    ``application/octet-stream``. The name wins when both speak, as a browser would have it."""
    return guess_content_type(filename) or sniff_content_type(head) or OCTET_STREAM


def extension_for(content_type: str) -> str:
    """A file extension for a content type (``".png"``), or ``""``."""
    return _TYPES.guess_extension(content_type) or ""
