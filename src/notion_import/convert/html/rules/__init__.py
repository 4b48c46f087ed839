"""The element rules: HTML elements -> typed blocks, one module per family.

Each rule has the :data:`~notion_import.convert.html.base.BlockRule` signature; each module
registers its rules by tag (or by predicate) with a ``register(table)`` function. The core
families, which :func:`register` puts into a table, are :mod:`.blocks` (headings, quotes,
definition lists, details), :mod:`.code` (with :mod:`.gutters`), :mod:`.lists` (lists,
to-dos, form fields), :mod:`.images` and :mod:`.indent` (content that is only indented);
:mod:`.tables`, :mod:`.media`, :mod:`.math`, :mod:`.admonitions`, :mod:`.layout` and
:mod:`.notion` (Notion's own export) come after them
(:func:`~notion_import.convert.html.reader.default_rules`). The core mapping, and the
decisions taken where Notion has no exact equivalent:

==========================  =====================================  =================================
element                     Notion result                          fallback / decision
==========================  =====================================  =================================
h1, h2, h3                  heading_1, heading_2, heading_3        an empty heading is dropped; one
                                                                   that opens the page repeating its
                                                                   title is left out (the reader)
h4, h5, h6                  heading_3                              one loss entry per page and tag:
                                                                   Notion has three levels, keeping
                                                                   them headings keeps the outline
p, div, section, ... (any   paragraph per run of inline content    transparent: no loss
container without a rule)
br                          ``"\\n"`` inside the paragraph's text
hr                          divider
blockquote                  quote; first paragraph is its text,    an empty quote is dropped; one
                            other blocks are its children          used for indent: indentation
div.indented, p/div with a  children of the block before (the      after a block that cannot hold
left margin, blockquote     walker nests them, :mod:`.nesting`)    children: at its level, one
used for indent                                                    loss entry per page
pre, xmp, listing,          code, language from class names        unknown language names: plain
plaintext                   (language-x, lang-x, highlight-x,      text and a loss entry
                            highlight-source-x, brush: x, a bare
                            name next to sourceCode/hljs/...) on
                            the pre, its code, or two ancestors;   formatting inside is dropped (it
                            images inside follow as image blocks;  is highlighting); a link Notion
                            line numbers are left out; links stay  cannot hold keeps its text, with
                            links, anchors inside are the code's   a loss entry
table of line numbers       code: the code column only             a table whose first column only
and code (highlighttable)                                          counts rows stays a table
Evernote code blocks        code (plain text), as pre
(div style -en-codeblock)
ul, ol, menu, dir           bulleted / numbered list items, any    ``<ol start>`` other than 1 (and
                            depth (nested lists are children;      not continuing the ``<ol>`` just
                            an ``<ol start>`` continuing the one   before) and ``reversed`` record a
                            before it is the same list)            loss;
                            text after a nested list is a child    stray content between items is a
                            paragraph)                             child of the item before it
li with a leading checkbox  to_do (checked from the checkbox,      Google Docs level classes
(input, OneNote data-tag,   ``checked``/``done`` classes,          (lst-kix_*-N) are nested by the
task-list-item)             ``to-do:completed``)                   walker
p/div with a leading        to_do                                  (Evernote, OneNote)
checkbox or data-tag to-do
dl / dt / dd                dt: a bold paragraph; dd: its blocks   dd without a dt: plain blocks
                            become children of the dt paragraph
                            (shown indented under the term)
details / summary           toggle (summary is its text)           no summary: "Details"
img                         image (alt kept; inside a link, the    unresolvable: loss, alt text kept
                            link becomes the caption)              in the paragraph; 1x1 pixels
                                                                   dropped silently
picture, img srcset         image from the largest candidate       local/data candidates before
                            that resolves                          remote ones
figure + figcaption         the caption of the single image,       several or no media: the caption
                            media or code block                    is a paragraph in place
input                       checkbox/radio: consumed by a to-do,   other fields: their value as text
                            else ☐/☑/○/◉ in the text               and a loss entry
textarea                    paragraph with its text (line breaks
                            kept)
sub, sup                    text kept, unformatted                 one loss entry per page and tag
small, big, abbr, span...   text kept (no Notion equivalent;       no loss: presentational
                            meaning survives)
==========================  =====================================  =================================

Inline formatting (b, strong, i, em, u, ins, s, strike, del, mark, code, kbd, samp, tt, var,
cite, dfn, q) and colours are the walker's (:mod:`notion_import.convert.html.walker`), not rules.
"""

from __future__ import annotations

from notion_import.convert.html.base import RuleTable
from notion_import.convert.html.rules import blocks, code, images, indent, lists
from notion_import.convert.html.rules.common import lead


def register(table: RuleTable) -> None:
    """Put the core rules into ``table``."""
    for family in (blocks, code, lists, images, indent):
        family.register(table)


__all__ = ["lead", "register"]
