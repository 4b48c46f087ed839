"""Page property values <-> plain Python values.

``extract(page["properties"])`` reads the properties of a page (as ``pages.retrieve`` or a data
source query return them) into plain values by property name; ``build(schema, values)`` does the
reverse for writes: it turns plain values into the ``properties`` of a ``pages.create`` or
``pages.update`` request, checked against Notion's limits before anything is sent.
Reading is in :mod:`~notion_import.properties.from_notion`, writing in
:mod:`~notion_import.properties.to_notion`, and the plain values both share in
:mod:`~notion_import.properties.values`.

=================  ==================================  =======================================
Notion type        ``extract`` gives                   ``build`` accepts
=================  ==================================  =======================================
title, rich_text   ``str`` (plain text)                ``str`` (split into items of at most
                                                       2,000 characters, at most 100 items) or
                                                       a list of rich-text request items
number             ``int | float | None``              ``int | float | None``
select, status     option name or ``None``             option name or ``None``
multi_select       ``list[str]`` of option names       names (a ``str`` is one name)
date               :class:`DateRange` or ``None``      ``date``, aware ``datetime``,
                                                       :class:`DateRange`, ISO string
people             ``list[str]`` of user ids           user ids (a ``str`` is one id)
files              ``list[FileRef]``                   URLs, :class:`FileRef`,
                                                       :class:`FileUploadRef`
checkbox           ``bool``                            ``bool`` (``None`` is ``False``)
url, email,        ``str | None``                      ``str | None`` (``""`` clears)
phone_number
relation           ``list[str]`` of page ids           page ids (a ``str`` is one id)
verification       state (``"verified"`` ...) or None  ``"verified"`` or ``"unverified"``
place              the raw ``{"lat", "lon", ...}``     a mapping with ``lat`` and ``lon``
formula            its value: ``str``, number,         read-only: raises
                   ``bool``, :class:`DateRange`
rollup             number, :class:`DateRange` or a     read-only: raises
                   list of extracted items
created_by,        user id (``str``)                   read-only: raises
last_edited_by
created_time,      aware ``datetime``                  read-only: raises
last_edited_time
unique_id          ``"PREFIX-12"``, or ``12`` when     read-only: raises
                   the property has no prefix
button             the raw ``{}``                      read-only: raises
anything else      the raw value under its type key    raises
=================  ==================================  =======================================

Decisions:

- People, ``created_by`` and ``last_edited_by`` extract to user ids, not to user objects: page
  responses often carry partial users (``{"object": "user", "id": ...}``) without a name, ids
  are what ``build`` takes back, and names are one ``users.list`` away.
- ``None`` clears a property in ``build`` (an empty list for list types, ``False`` for a
  checkbox, ``"unverified"`` for verification).
- A ``datetime`` without a time zone is refused by ``build``: give it a ``tzinfo`` or put it in
  a :class:`DateRange` with ``time_zone`` (an IANA name; the date-time is then sent without an
  offset, as Notion requires). ``extract`` attaches that zone to the date-times it reads.
- Lengths are counted as Notion counts them, in UTF-16 code units: an emoji outside the Basic
  Multilingual Plane counts as two characters. Text is split only between code points.
- Select and multi-select names that do not exist yet are created by Notion on write; status
  names must already exist, so ``build`` checks them against the schema's options.
- Notion documents that a page object holds at most 25 references per property (a relation
  value carries ``has_more``); ``extract`` gives what the page holds, :func:`truncated` names
  the properties whose full value must be read with ``pages.properties.retrieve``.
"""

from notion_import.errors import PropertyError
from notion_import.notion import (
    MAX_EMAIL,
    MAX_ITEMS,
    MAX_OPTION_NAME,
    MAX_PHONE,
    MAX_TEXT,
    MAX_URL,
)
from notion_import.properties.from_notion import extract, truncated
from notion_import.properties.to_notion import build
from notion_import.properties.values import DateRange, FileRef, FileUploadRef

__all__ = [
    "MAX_EMAIL",
    "MAX_ITEMS",
    "MAX_OPTION_NAME",
    "MAX_PHONE",
    "MAX_TEXT",
    "MAX_URL",
    "DateRange",
    "FileRef",
    "FileUploadRef",
    "PropertyError",
    "build",
    "extract",
    "truncated",
]
