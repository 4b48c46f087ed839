"""Request schemas of rich text, icons and covers, and the checks the routes call on them.

A rich-text array (block text, captions, page titles, comments) holds ``text``, ``mention``
and ``equation`` items; a text link must be a URL Notion can use (:data:`INVALID_LINK`).
"""

from __future__ import annotations

import re
from typing import Any, Final

from notion_emulator.errors import ValidationError
from notion_emulator.schema.limits import MAX_EQUATION, MAX_TEXT, MAX_URL
from notion_emulator.schema.messages import INVALID_LINK
from notion_emulator.schema.specs import (
    BOOL,
    ID,
    Array,
    Field,
    Literal,
    Nullable,
    Object,
    String,
    Union,
    run,
    tagged,
)
from notion_emulator.schema.vocabularies import API_COLORS, NOTICON_COLORS

# -- rich text ------------------------------------------------------------------------------

URL: Final = String(min_len=1, max_len=MAX_URL)
COLOR: Final = Literal(API_COLORS)


def _is_link_url(url: str) -> bool:
    """What Notion accepts as a text link: an absolute http(s) URL with a host, or a
    ``mailto:`` URL with something after the colon; no white space in either.

    Anything else is refused with :data:`INVALID_LINK`: a relative path or ``#anchor``, an
    empty ``mailto:``, and other schemes (``javascript:``, ``file:``, ``zotero:`` — the last
    one reported refused by Notion in public issue trackers; ``tel:`` is refused here for want
    of evidence either way).
    """
    if any(c.isspace() for c in url):
        return False
    scheme, colon, rest = url.partition(":")
    scheme = scheme.lower()
    if not colon:
        return False
    if scheme == "mailto":
        return bool(rest)
    if scheme not in ("http", "https") or not rest.startswith("//"):
        return False
    host = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    return bool(host)


def _link_rule(link: dict[str, Any], path: str) -> None:
    if not _is_link_url(link["url"]):
        raise ValidationError(INVALID_LINK)


_ANNOTATIONS: Final = Object(
    [
        *((name, BOOL, False) for name in ("bold", "italic", "strikethrough", "underline", "code")),
        ("color", COLOR, False),
    ]
)
#: Keys every rich-text item may carry; ``plain_text`` and ``href`` are accepted (so a
#: response's rich text can be sent back) and ignored.
_ITEM_COMMON: Final[tuple[Field, ...]] = (
    ("annotations", _ANNOTATIONS, False),
    ("plain_text", String(), False),
    ("href", Nullable(String()), False),
)
_TEXT: Final = Object(
    [
        ("content", String(max_len=MAX_TEXT), True),
        # Notion also accepts ``"type": "url"`` beside the address
        (
            "link",
            Nullable(
                Object([("url", URL, True), ("type", Literal(("url",)), False)], [_link_rule])
            ),
            False,
        ),
    ]
)
_DATE: Final = Object(
    [
        ("start", String(fmt="date"), True),
        ("end", Nullable(String(fmt="date")), False),
        ("time_zone", Nullable(String()), False),
    ]
)
_CUSTOM_EMOJI: Final = Object(
    [("id", ID, True), ("name", String(), False), ("url", String(), False)]
)
_USER: Final = Object([("id", ID, True), ("object", Literal(("user",)), False)])
_TEMPLATE_MENTION: Final = Union(
    [
        (tag, tagged(tag, Literal(words, False)))
        for tag, words in (
            ("template_mention_date", ("today", "now")),
            ("template_mention_user", ("me",)),
        )
    ]
)
_MENTION: Final = Union(
    [
        ("user", tagged("user", _USER)),
        ("date", tagged("date", _DATE)),
        ("page", tagged("page", Object([("id", ID, True)]))),
        ("database", tagged("database", Object([("id", ID, True)]))),
        ("template_mention", tagged("template_mention", _TEMPLATE_MENTION)),
        ("custom_emoji", tagged("custom_emoji", _CUSTOM_EMOJI)),
    ]
)
_RICH_TEXT_ITEM: Final = Union(
    [
        ("text", tagged("text", _TEXT, *_ITEM_COMMON)),
        ("mention", tagged("mention", _MENTION, *_ITEM_COMMON)),
        (
            "equation",
            tagged(
                "equation",
                Object([("expression", String(max_len=MAX_EQUATION), True)]),
                *_ITEM_COMMON,
            ),
        ),
    ]
)
RICH_TEXT: Final = Array(_RICH_TEXT_ITEM)


# -- icons and covers -----------------------------------------------------------------------

EXTERNAL: Final = Object([("url", URL, True)])
FILE_UPLOAD: Final = Object([("id", ID, True)])
_ICON_VARIANTS: Final = {
    "emoji": tagged("emoji", String(min_len=1)),
    "external": tagged("external", EXTERNAL),
    "file_upload": tagged("file_upload", FILE_UPLOAD),
    "custom_emoji": tagged("custom_emoji", _CUSTOM_EMOJI),
    "icon": tagged(
        "icon",
        Object([("name", String(min_len=1), True), ("color", Literal(NOTICON_COLORS), False)]),
    ),
}
#: Page and database icons (null clears them).
PAGE_ICON: Final = Nullable(Union(list(_ICON_VARIANTS.items())))
#: Callout and paragraph icons: every kind but ``file_upload``, which Notion's documentation
#: says block icons do not take on write.
BLOCK_ICON: Final = Union([(k, v) for k, v in _ICON_VARIANTS.items() if k != "file_upload"])
PAGE_COVER: Final = Nullable(
    Union(
        [
            ("external", tagged("external", EXTERNAL)),
            ("file_upload", tagged("file_upload", FILE_UPLOAD)),
        ]
    )
)


# -- public API -----------------------------------------------------------------------------


def validate_rich_text(value: Any, path: str) -> None:
    """A rich-text array (block text, captions, page titles, comments) at ``path``."""
    run(RICH_TEXT, value, path)


def validate_icon(value: Any, path: str) -> None:
    """A page or database icon: emoji, external, file_upload, custom_emoji, icon, or null."""
    run(PAGE_ICON, value, path)


def validate_cover(value: Any, path: str) -> None:
    """A page or database cover: external, file_upload, or null."""
    run(PAGE_COVER, value, path)
