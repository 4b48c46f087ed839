"""Bytes of an HTML file -> text, the way a browser would pick the encoding, plus detection.

Order of evidence (:func:`decode_html`):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. an encoding declared by the caller (an HTTP header, an ENEX attribute), if it decodes;
3. ``<meta charset>`` / ``<meta http-equiv="Content-Type" content="...; charset=...">`` or an
   XML declaration in the first 2 KB, if the file decodes with it (exports often declare UTF-8
   and are not: the corpus has a GBK file that says UTF-8);
4. UTF-8, strictly;
5. detection: the candidate encodings (the declared one, the common legacy CJK and Western
   code pages, charset-normalizer's guesses) that decode the file strictly are scored by how
   plausible their non-ASCII characters are (letters of one script, CJK, common punctuation
   score high; control characters, stray symbols and compatibility forms low); ties go to
   the earlier candidate;
6. UTF-8 with replacement characters.

Labels are read the WHATWG way (``latin1`` and ``ascii`` mean windows-1252, ``gb2312`` and
``gbk`` mean GB18030, ``utf-16`` in a meta tag means UTF-8).

A file that is not text at all (NUL bytes that are not UTF-16, or mostly control characters)
raises :class:`~notion_import.convert.errors.ConversionError`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
from charset_normalizer.models import CharsetMatch

from notion_import.convert.errors import ConversionError

#: how far into the file declarations are looked for.
PRESCAN = 2048
#: how much of the file the binary check and detection look at.
SAMPLE = 256 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.IGNORECASE)

#: WHATWG label meanings that differ from Python's codec of the same name.
_LABELS: dict[str, str] = {
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "chinese": "gb18030",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "utf-16": "utf-8",  # a meta tag cannot be read in UTF-16: the spec says UTF-8
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "unicode": "utf-8",
    "utf8": "utf-8",
}

#: tried, in this order, when nothing declared works and the file is not UTF-8.
_LEGACY = ("gb18030", "big5hkscs", "cp932", "euc_jp", "cp949", "cp1251", "cp1252")

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: text between tags that holds non-ASCII bytes ('<' and '>' are never trail bytes).
_EVIDENCE = re.compile(rb"[^<>]*[\x80-\xff][^<>]*")
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - set(b"\t\n\r\x0c") | {0x7F}))


def decode_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML file; returns ``(text, codec name)``.

    ``declared`` is an encoding known from outside the file (HTTP header, container format).
    Raises :class:`ConversionError` for binary files.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, errors="replace"), name
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return raw.decode(utf16, errors="replace"), utf16
    _refuse_binary(raw)

    candidates: list[str] = []
    for label in (declared, _declared_in_file(raw)):
        codec = codec_name(label) if label else None
        if codec is not None and codec not in candidates:
            candidates.append(codec)
            decoded = _strict(raw, codec)
            if decoded is not None:
                return decoded, codec
    as_utf8 = _strict(raw, "utf-8")
    if as_utf8 is not None:
        return as_utf8, "utf-8"
    guessed = _detect(raw, candidates)
    if guessed is not None:
        return guessed
    return raw.decode("utf-8", errors="replace"), "utf-8"


def codec_name(label: str) -> str | None:
    """A charset label -> a Python codec name (WHATWG meanings), or None if unknown."""
    key = label.strip().strip("\"'").lower()
    key = _LABELS.get(key, key)
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def _declared_in_file(raw: bytes) -> str | None:
    head = raw[:PRESCAN]
    match = _META.search(head) or _XML_DECL.search(head)
    return match.group(1).decode("ascii") if match else None


def _strict(raw: bytes, name: str) -> str | None:
    try:
        return raw.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes at every other position of ASCII markup."""
    sample = raw[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half and sample[0:1] == b"<":
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half and sample[1:2] == b"<":
        return "utf-16-be"
    return None


def _refuse_binary(raw: bytes) -> None:
    sample = raw[:8192]
    if not sample:
        return
    if b"\x00" in sample:
        raise ConversionError(
            "this file holds NUL bytes: it is a binary file, not HTML; "
            "rename it or leave it out of the import"
        )
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > 0.1 * len(sample):
        raise ConversionError(
            f"{controls} of the first {len(sample)} bytes are control characters: this is not "
            "an HTML text file; rename it or leave it out of the import"
        )


def _detect(raw: bytes, declared: list[str]) -> tuple[str, str] | None:
    """The most likely legacy encoding that decodes ``raw`` strictly.

    charset-normalizer is asked about the text between tags that holds non-ASCII bytes (the
    markup would make it see English); its answer is taken when it recognised a language.
    Otherwise (little evidence, such as a few curly quotes) the candidates are ranked by
    :func:`plausibility`, the declared encoding and the common code pages first.
    """
    evidence = b"\n".join(_EVIDENCE.findall(raw[: 4 * SAMPLE]))[:SAMPLE]
    guesses: list[CharsetMatch] = list(charset_normalizer.from_bytes(evidence)) if evidence else []
    for match in guesses:
        if match.coherence < 0.1:
            break
        name = codec_name(match.encoding)
        text = _strict(raw, name) if name else None
        if name is not None and text is not None:
            return text, name
    names: list[str] = []
    for label in [*declared, *_LEGACY, *(match.encoding for match in guesses)]:
        name = codec_name(label)
        if name is not None and name not in names:
            names.append(name)
    best: tuple[float, int, str, str] | None = None
    for order, name in enumerate(names):
        text = _strict(raw, name)
        if text is None:
            continue
        score = plausibility(text)
        if best is None or (score, -order) > (best[0], best[1]):
            best = (score, -order, name, text)
    if best is None:
        return None
    return best[3], best[2]


def plausibility(text: str, limit: int = 20_000) -> float:
    """0..1: how much the non-ASCII characters of ``text`` look like real writing."""
    total = 0.0
    count = 0
    for match in _NON_ASCII.finditer(text):
        total += _char_score(match.group())
        count += 1
        if count >= limit:
            break
    return total / count if count else 1.0


def _char_score(char: str) -> float:
    code = ord(char)
    if 0x80 <= code <= 0x9F or 0xE000 <= code <= 0xF8FF or code == 0xFFFD:
        return 0.0  # C1 controls, private use, replacement
    if 0x2000 <= code <= 0x206F or 0x3000 <= code <= 0x303F:
        return 1.0  # general and CJK punctuation: quotes, dashes, ellipsis
    if 0x4E00 <= code <= 0x9FFF or 0x3040 <= code <= 0x30FF or 0xAC00 <= code <= 0xD7AF:
        return 1.0  # CJK ideographs, kana, hangul
    if 0xFE30 <= code <= 0xFE4F or 0xFF61 <= code <= 0xFF9F:
        return 0.1  # compatibility and half-width forms: rare in real text
    if 0xFF01 <= code <= 0xFF5E:
        return 0.8  # full-width ASCII, common in CJK text
    if 0xA0 <= code <= 0xBF:
        return 0.3  # Latin-1 symbols: what legacy CJK bytes look like in a Western code page
    category = unicodedata.category(char)
    if category.startswith("L"):
        return 0.8 if 0x100 <= code <= 0x24F else 0.9  # Latin Extended: less common
    if category.startswith(("P", "S", "N", "Z", "M")):
        return 0.5
    return 0.0
