"""The inline content of the paragraph being built, with a browser's white-space rules.

The walker feeds a :class:`Run` with text, line breaks and finished spans as it meets them;
the run merges neighbours that share marks and link, collapses white space outside ``<pre>``
and, when a block boundary ends the paragraph, hands back clean spans (:func:`trim`).
"""

from __future__ import annotations

from notion_import.convert.html.base import Context
from notion_import.convert.html.text import CONTROLS, HAS_CONTROL, WHITE_SPACE
from notion_import.convert.ir import PLAIN, Block, Link, Marks, Paragraph, Span


class Run:
    """The inline content of the paragraph being built, with browser whitespace rules."""

    __slots__ = ("link", "marks", "space", "spans", "texts")

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.texts: list[str] = []
        self.marks: Marks | None = None
        self.link: Link | None = None
        #: the last character was collapsible white space or a line start.
        self.space = True

    def _switch(self, marks: Marks, link: Link | None) -> None:
        if self.texts:
            self.spans.append(Span("".join(self.texts), self.marks or PLAIN, self.link))
            self.texts = []
        self.marks = marks
        self.link = link

    def text(self, raw: str, ctx: Context) -> None:
        if ctx.preformatted:
            text = raw
        else:
            text = WHITE_SPACE.sub(" ", raw)
            if text[0] == " " and self.space:
                text = text[1:]
                if not text:
                    return
        if ctx.marks is not self.marks or ctx.link is not self.link:
            self._switch(ctx.marks, ctx.link)
        self.texts.append(text)
        self.space = text[-1] == " " and not ctx.preformatted

    def newline(self, ctx: Context) -> None:
        if not ctx.preformatted:
            self._trim_end()  # a space before a line break does not show
        if ctx.marks is not self.marks or ctx.link is not self.link:
            self._switch(ctx.marks, ctx.link)
        self.texts.append("\n")
        self.space = True

    def extend(self, spans: list[Span]) -> None:
        self._switch(PLAIN, None)
        self.marks = None
        self.spans.extend(spans)
        if spans:
            last = spans[-1].text
            self.space = not last or last[-1] in " \n"

    def _trim_end(self) -> None:
        if self.texts:
            if self.texts[-1].endswith(" "):
                self.texts[-1] = self.texts[-1].rstrip(" ")
        elif self.spans and self.spans[-1].text.endswith(" "):
            last = self.spans[-1]
            self.spans[-1] = Span(last.text.rstrip(" "), last.marks, last.link, last.kind)

    def take(self) -> list[Span] | None:
        """The finished paragraph's spans (trimmed), or None if it holds no visible text."""
        self._switch(PLAIN, None)
        self.marks = None
        self.space = True
        spans = self.spans
        if not spans:
            return None  # most boundaries end no text: the empty list is kept, not replaced
        self.spans = []
        return trim(spans)

    def flush(self, out: list[Block]) -> None:
        spans = self.take()
        if spans:
            out.append(Paragraph(spans))


def trim(spans: list[Span]) -> list[Span] | None:
    """Clean spans: control characters out, outer spaces and line breaks off; None if blank."""
    cleaned = [
        Span(s.text.translate(CONTROLS), s.marks, s.link)
        if s.kind == "text" and HAS_CONTROL.search(s.text)
        else s
        for s in spans
    ]
    visible = False
    for span in cleaned:
        if span.kind != "text" or span.text.strip():
            visible = True
            break
    if not visible:
        return None
    while cleaned[0].kind == "text" and not cleaned[0].text.lstrip(" \n"):
        cleaned.pop(0)
    while cleaned[-1].kind == "text" and not cleaned[-1].text.rstrip(" \n"):
        cleaned.pop()
    first = cleaned[0]
    if first.kind == "text":
        cleaned[0] = Span(first.text.lstrip(" \n"), first.marks, first.link)
    last = cleaned[-1]
    if last.kind == "text":
        cleaned[-1] = Span(last.text.rstrip(" \n"), last.marks, last.link)
    return cleaned


def spliceable(result: list[Block]) -> bool:
    """Whether a rule's result for an inline element is text to splice into the run (a single
    plain paragraph)."""
    if len(result) != 1:
        return False
    block = result[0]
    return type(block) is Paragraph and not block.children and block.color == "default"
