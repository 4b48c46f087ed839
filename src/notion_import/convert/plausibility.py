"""How plausible a decoded text is: the score that picks a legacy encoding.

A wrong code page decodes without error into text nobody writes. :func:`plausibility` scores
the non-ASCII characters of a candidate decoding, alone and in their words, so that
:func:`notion_import.convert.encoding.decode_html` can tell a short windows-1252 page from
windows-1251 or GBK.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise
from typing import Final

#: scripts a language does not write in (a Chinese code page's kana are a Japanese text).
_FOREIGN: dict[str, frozenset[str]] = {
    "zh": frozenset({"kana", "hangul"}),
    "ja": frozenset({"hangul", "bopomofo"}),
    "ko": frozenset({"kana", "bopomofo"}),
}


def plausibility(text: str, language: str | None = None, limit: int = 20_000) -> float:
    """0..1: how much the non-ASCII characters of ``text`` look like real writing.

    Each non-ASCII character is scored on its own (:func:`_char_score`), then in its word
    (:func:`_word_scores`): a short legacy file holds a handful of such characters, and a wrong
    code page betrays itself by the words it makes rather than by the characters — ``Café``
    read as windows-1251 is ``Cafй`` (two alphabets in one word), ``naïve`` read as GBK is
    ``na飗e`` (an ideograph inside a Latin word), Russian read as windows-1252 is ``Ïðèâåò``
    (a Latin word made of accented letters only), Western signs read as windows-1251 are
    Cyrillic letters standing alone among Latin words, Korean read as GBK is ideographs
    separated by spaces, which Chinese and Japanese do not put between words. ``language``
    (``zh``, ``ja``, ``ko``: the language of the code page that gave ``text``) marks the
    scripts that language does not use (kana in a Chinese text) as unlikely. Linear in the
    text.
    """
    foreign = _FOREIGN.get(language or "", frozenset())
    total = 0.0
    count = 0
    capitals = small = 0
    covered = 0
    size = len(text)
    for match in _NON_ASCII.finditer(text):
        index = match.start()
        if index < covered:
            continue
        char = text[index]
        if not char.isalpha():
            score = _char_score(char)
            if _between_letters(text, index) and 0xA0 <= ord(char) <= 0xBF and char != "·":
                score = min(score, 0.1)  # Za¿ó³æ: Polish letters read as Latin-1 signs
            total += score
            count += 1
        else:
            start = index
            while start > 0 and index - start < _WORD_WINDOW and text[start - 1].isalpha():
                start -= 1
            end = index + 1
            while end < size and end - index < _WORD_WINDOW and text[end].isalpha():
                end += 1
            covered = end
            word = text[start:end]
            for letter in word:
                if not letter.isascii():
                    capitals += letter.isupper()
                    small += letter.islower()
            scores = _word_scores(word, foreign)
            script = _script(char)
            if len(word) <= 2 and script in _ALPHABETS - {"latin"}:
                if _isolated(text, start, end, script):
                    scores = [0.2] * len(scores)  # 10†А: signs read as Cyrillic letters
            else:
                for side in _spaced_ideographs(text, start, end):
                    scores[side] = min(scores[side], 0.5)
            total += sum(scores)
            count += len(scores)
        if count >= limit:
            break
    if not count:
        return 1.0
    if capitals >= 3 and capitals > 2 * small:
        total *= 0.9  # mostly capitals: lower-case text read with the cases swapped (KOI8-R)
    return total / count


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: how far a word is followed either side of a non-ASCII letter.
_WORD_WINDOW = 64
#: scripts that write words with an alphabet: two of them in one word do not happen.
_ALPHABETS = frozenset({"latin", "greek", "cyrillic", "hebrew", "arabic", "thai"})
_CJK = frozenset({"han", "kana", "hangul", "bopomofo"})
#: a word with this many Latin-1 letters (À-ÿ), more of them than plain ones, is not a
#: Western word (but Russian or Chinese read as windows-1252).
_ACCENTED_RUN = 3


def _word_scores(word: str, foreign: frozenset[str] = frozenset()) -> list[float]:
    """The scores of the non-ASCII letters of one word, in their context."""
    scripts = [_script(char) for char in word]
    non_ascii = [i for i, char in enumerate(word) if not char.isascii()]
    alphabets = {s for s in scripts if s in _ALPHABETS}
    if len(alphabets) > 1:
        return [0.0] * len(non_ascii)  # Cafй: Latin and Cyrillic in one word
    scores = {
        i: min(_char_score(word[i]), 0.3) if scripts[i] in foreign else _char_score(word[i])
        for i in non_ascii
    }
    if alphabets:
        letters = "".join(c for c, s in zip(word, scripts, strict=True) if s in _ALPHABETS)
        accented = sum(1 for i in non_ascii if "\xc0" <= word[i] <= "\xff")
        if (
            (accented >= _ACCENTED_RUN and 2 * accented > len(letters))  # Ïðèâåò
            or not (letters.islower() or letters.isupper() or letters.istitle())  # ЧЬФт
        ):
            scores = {i: min(score, 0.2) for i, score in scores.items()}
    if "latin" in alphabets:
        for i in non_ascii:
            if (
                scripts[i] in _CJK
                and 0 < i < len(word) - 1
                and word[i - 1].isascii()
                and word[i + 1].isascii()
            ):
                scores[i] = 0.0  # na飗e: an accented letter and the next one read as GBK
    for i in non_ascii[:-1] if word[-1] == "ς" else non_ascii:
        if word[i] == "ς":
            scores[i] = 0.0  # Greek's final sigma inside a word: Russian read as windows-1253
    cjk = [s for s in scripts if s in ("han", "hangul")]
    if sum(1 for a, b in pairwise(cjk) if a != b) >= 2:  # 櫓匡꿎桿: hanja and hangul alternate
        scores = {i: min(score, 0.2) for i, score in scores.items()}
    return [scores[i] for i in non_ascii]


def _isolated(text: str, start: int, end: int, script: str, reach: int = 32) -> bool:
    """Is there no word of three letters or more in ``script`` within ``reach`` characters
    of the short word ``text[start:end]``? A real Russian ``в`` or ``и`` has Russian words
    around it; a sign that a wrong code page turned into a Cyrillic letter has not."""
    for window in (text[max(0, start - reach) : start], text[end : end + reach]):
        run = 0
        for char in window:
            run = run + 1 if char.isalpha() and _script(char) == script else 0
            if run >= 3:
                return False
    return True


def _spaced_ideographs(text: str, start: int, end: int) -> list[int]:
    """Which ends (0: first, -1: last) of the word ``text[start:end]`` are an ideograph with
    a space (after ASCII punctuation or not) and another ideograph beyond? Korean and Greek
    separate words so; Chinese and Japanese do not (their punctuation is full-width)."""
    sides = []
    before = _SPACED_BEFORE.search(text, max(0, start - 3), start)
    if before is not None and _is_han(text[start]) and _is_han(before.group(1)):
        sides.append(0)
    after = _SPACED_AFTER.match(text, end, end + 3)
    if after is not None and _is_han(text[end - 1]) and _is_han(after.group(1)):
        sides.append(-1)
    return sides


_SPACED_BEFORE: Final = re.compile(r"(.)[,.;:!?]? $")
_SPACED_AFTER: Final = re.compile(r"[,.;:!?]? (.)")


def _between_letters(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and text[index - 1].isalpha() and text[index + 1].isalpha()


def _is_han(char: str) -> bool:
    return not char.isascii() and _script(char) == "han"


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The writing system of a letter (``other`` for those this module need not tell)."""
    code = ord(char)
    if code < 0x80 or 0xC0 <= code <= 0x24F or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    for low, high, name in _SCRIPT_RANGES:
        if low <= code <= high:
            return name
    if code >= 0x20000:
        return "han"
    return "other"


_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"),
    (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0E00, 0x0E7F, "thai"),
    (0x1100, 0x11FF, "hangul"),
    (0x3040, 0x30FF, "kana"),
    (0x3100, 0x312F, "bopomofo"),
    (0x3130, 0x318F, "hangul"),
    (0x31A0, 0x31BF, "bopomofo"),
    (0x31F0, 0x31FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xF900, 0xFAFF, "han"),
    (0xFF66, 0xFF9F, "kana"),
)

#: the first level (the common characters) of the national CJK character sets, as code ranges
#: in their own encodings: GB 2312 (3,755 hanzi), Big5 (5,401 hanzi), JIS X 0208 (2,965 kanji).
_COMMON_HAN: tuple[tuple[str, int, int], ...] = (
    ("gb2312", 0xB0A1, 0xD7FE),
    ("big5", 0xA440, 0xC67E),
    ("euc_jp", 0xB0A1, 0xCFFE),
)


def _common_han(char: str) -> bool:
    """Is this ideograph among the common ones of Chinese (either script) or Japanese?"""
    for codec, low, high in _COMMON_HAN:
        try:
            encoded = char.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(encoded) == 2 and low <= int.from_bytes(encoded, "big") <= high:
            return True
    return False


@lru_cache(maxsize=65536)
def _char_score(char: str) -> float:
    """How likely a non-ASCII character is in real writing, on its own (0..1)."""
    code = ord(char)
    if 0x80 <= code <= 0x9F or 0xE000 <= code <= 0xF8FF or code == 0xFFFD:
        return 0.0  # C1 controls, private use, replacement
    if char in _PUNCTUATION or 0x3000 <= code <= 0x303F:
        return 1.0  # quotes, dashes, ellipsis, bullet; CJK punctuation
    if 0x2000 <= code <= 0x206F:
        return 0.5  # other general punctuation: daggers, per mille, invisible characters
    if 0x02B0 <= code <= 0x02FF:
        return 0.2  # spacing modifiers (ˇ ˘ ˝): what a wrong code page makes of ¡ or ¢
    if 0x4E00 <= code <= 0x9FFF:
        # a wrong CJK code page gives ideographs too, but rare ones
        return 1.0 if _common_han(char) else 0.5
    if 0x3040 <= code <= 0x30FF:
        return 1.0  # kana
    if 0xAC00 <= code <= 0xD7AF:
        # the 2,350 syllables of KS X 1001 are the ones Korean text uses
        return 1.0 if _encoded_length(char, "euc_kr") == 2 else 0.4
    if 0x3100 <= code <= 0x318F or 0x31A0 <= code <= 0x31BF or 0x3400 <= code <= 0x4DBF:
        return 0.3  # bopomofo, compatibility jamo, rare ideographs
    if code >= 0x20000 or 0xF900 <= code <= 0xFAFF:
        return 0.2  # ideographs outside the basic block: rare
    if (
        0xFB00 <= code <= 0xFDFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFE70 <= code <= 0xFEFF
        or 0xFF61 <= code <= 0xFF9F
    ):
        return 0.1  # presentation, compatibility and half-width forms: rare in real text
    if 0x2500 <= code <= 0x259F:
        return 0.1  # box drawing, blocks: what DOS code pages make of letters
    if 0xFF01 <= code <= 0xFF5E:
        return 0.8  # full-width ASCII, common in CJK text
    if char in _WESTERN_SIGNS:
        return 0.7
    if 0xA0 <= code <= 0xBF:
        return 0.3  # Latin-1 symbols: what legacy CJK bytes look like in a Western code page
    if 0x1E00 <= code <= 0x1EFF or char in _ICELANDIC:
        return 0.5  # Latin Extended Additional (Vietnamese, Welsh), Icelandic: rare elsewhere
    category = unicodedata.category(char)
    if category.startswith("L"):
        if 0x100 <= code <= 0x24F:
            return 0.8  # Latin Extended: less common than Latin-1's letters
        if 0x400 <= code <= 0x45F and char not in "Ёё" and not 0x410 <= code <= 0x44F:
            return 0.7  # Cyrillic letters of Serbian, Macedonian, Ukrainian only
        return 0.9
    if category.startswith(("P", "S", "N", "Z", "M")):
        return 0.5
    return 0.0


#: letters of Icelandic only: where windows-1254 has Turkish ğ and ş, windows-1250 đ and ţ.
_ICELANDIC = frozenset("ðÐþÞ")
#: general punctuation common in any text: dashes, quotes, bullet, ellipsis, primes.
_PUNCTUATION = frozenset("‐‑‒–—―‘’‚‛“”„‟•…′″")
#: signs common in Western text: no-break space, Spanish marks, guillemets, degree, pound,
#: section, copyright, registered, middle dot, euro.
_WESTERN_SIGNS = frozenset("\xa0¡¿«»°£§©®·€")


def _encoded_length(char: str, codec: str) -> int:
    """Bytes of ``char`` in ``codec`` (0 if it has none; Python's EUC-KR spells syllables
    outside KS X 1001 as 8-byte jamo sequences)."""
    try:
        return len(char.encode(codec))
    except UnicodeEncodeError:
        return 0
