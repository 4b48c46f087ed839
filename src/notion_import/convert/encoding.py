"""Bytes of an HTML file -> text, the way a browser would pick the encoding, plus detection.

Order of evidence (:func:`decode_html`):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. an encoding declared by the caller (an HTTP header, an ENEX attribute), if it decodes;
3. ``<meta charset>`` / ``<meta http-equiv="Content-Type" content="...; charset=...">`` or an
   XML declaration in the first 2 KB, if the file decodes with it (exports often declare UTF-8
   and are not: the corpus has a GBK file that says UTF-8);
4. UTF-8, strictly;
5. detection (:func:`_detect`): the candidate encodings (the declared one, the common legacy
   CJK, Western, Central European, Turkish, Cyrillic and Greek code pages, and the
   browser-supported code pages charset-normalizer suggests) that decode the file strictly
   are scored by how plausible their non-ASCII characters are, alone and in their words
   (:mod:`notion_import.convert.plausibility`: common letters and ideographs and punctuation
   score high; control characters, rare ideographs, compatibility forms, two alphabets in one
   word, an ideograph inside a Latin word, a Latin word of accented letters only score low),
   which tells a short windows-1252 page from windows-1251 or GBK; ties go to the earlier
   candidate;
6. UTF-8 with replacement characters.

Labels are read the WHATWG way (``latin1`` and ``ascii`` mean windows-1252, ``gb2312`` and
``gbk`` mean GB18030, ``utf-16`` in a meta tag means UTF-8).

A file that is not text at all (NUL bytes that are not UTF-16, or mostly control characters)
raises :class:`~notion_import.errors.ConversionError`.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from charset_normalizer.models import CharsetMatch

from notion_import.convert.plausibility import plausibility
from notion_import.errors import ConversionError

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
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "utf-16": "utf-8",  # a meta tag cannot be read in UTF-16: the spec says UTF-8
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "unicode": "utf-8",
    "utf8": "utf-8",
}

#: tried, in this order, when nothing declared works and the file is not UTF-8 (ties go to
#: the earlier one: windows-1252 before the other Western and Cyrillic code pages, as
#: browsers in most locales do).
_LEGACY = (
    "gb18030", "big5hkscs", "cp932", "euc_jp", "cp949", "cp1252", "cp1254", "cp1250", "cp1251",
    "koi8-r", "cp1253",
)  # fmt: skip
#: the legacy encodings of the WHATWG Encoding Standard (what browsers decode), as codec names.
_BROWSER_CODECS = frozenset(
    {
        "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7",
        "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16",
        "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "cp1250", "cp1251", "cp1252",
        "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "gb18030", "big5hkscs",
        "euc_jp", "iso2022_jp", "cp932", "cp949",
    }
)  # fmt: skip
#: the weight of the score of a code page that is neither declared nor in :data:`_LEGACY`,
#: suggested by charset-normalizer without recognising a language.
_RARE_PAGE = 0.9

#: what separates text from tags ('<' and '>' are never trail bytes of a legacy encoding).
_TAG_EDGE = re.compile(rb"[<>]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
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

    The candidates are the declared encoding, the common code pages (:data:`_LEGACY`) and
    what charset-normalizer suggests when asked about the text between tags that holds
    non-ASCII bytes (the markup would make it see English). Each one that decodes the file is
    scored by :func:`plausibility`. A suggestion in which charset-normalizer recognised no
    language needs a clearly better score (:data:`_RARE_PAGE`) to win; one that browsers do
    not implement (DOS, Mac Latin 2, EBCDIC...: not in :data:`_BROWSER_CODECS`) is not
    tried. charset-normalizer's own ranking is not trusted on its own: on a short text it
    ranks code pages that give the same score in its order (windows-1250 before
    windows-1252 for French, which turns ``élèves`` into ``élčves``).
    """
    evidence = _evidence(raw[: 4 * SAMPLE])[:SAMPLE]
    guesses: list[CharsetMatch] = list(charset_normalizer.from_bytes(evidence)) if evidence else []
    weights: dict[str, float] = {}
    labels = [(label, 1.0) for label in [*declared, *_LEGACY]]
    labels += [(m.encoding, 1.0 if m.coherence >= 0.1 else _RARE_PAGE) for m in guesses]
    for index, (label, weight) in enumerate(labels):
        name = codec_name(label)
        if name is None or name in weights:
            continue
        if index >= len(declared) and name not in _BROWSER_CODECS:
            continue  # a DOS, Mac or EBCDIC code page no browser would use for a page
        weights[name] = weight
    best: tuple[float, int, str, str] | None = None
    for order, (name, weight) in enumerate(weights.items()):
        text = _strict(raw, name)
        if text is None:
            continue
        score = plausibility(text, _LANGUAGES.get(name)) * weight
        if best is None or (score, -order) > (best[0], best[1]):
            best = (score, -order, name, text)
    if best is None:
        return None
    return best[3], best[2]


def _evidence(raw: bytes) -> bytes:
    """The pieces of text between tags that hold non-ASCII bytes, one per line. (Split, not
    searched with one pattern: a search for "text around a non-ASCII byte" is quadratic on a
    long run of ASCII, such as a base64 image.)"""
    return b"\n".join(p for p in _TAG_EDGE.split(raw) if _HIGH_BYTE.search(p) is not None)


#: the language a CJK code page is written in (codec names as :func:`codec_name` gives them).
_LANGUAGES: dict[str, str] = {
    **dict.fromkeys(("gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950"), "zh"),
    **dict.fromkeys(("cp932", "shift_jis", "shift_jis_2004", "euc_jp", "iso2022_jp"), "ja"),
    **dict.fromkeys(("shift_jisx0213", "euc_jis_2004", "euc_jisx0213"), "ja"),
    **dict.fromkeys(("cp949", "euc_kr", "johab", "iso2022_kr"), "ko"),
}
