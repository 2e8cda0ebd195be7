"""Write a letter's Markdown body into a Word document, paragraph by paragraph.

markdown-it's tokens drive python-docx: headings, paragraphs, bold and italic, lists,
quotations, code, and links as their text (with the address after it). Citations become
footnote references through a callback (superscript numbers by default). Raw HTML is off, so
it stays visible text, as on the page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from docx.document import Document
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..letters.citations import CITATION

MONOSPACE = "Courier New"
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


@dataclass
class _List:
    ordered: bool
    next_number: int = 1


@dataclass
class _Inline:
    """Formatting open at this point of a paragraph."""

    bold: int = 0
    italic: int = 0
    links: list = field(default_factory=list)


#: Writes the reference to note `number` at the end of the paragraph.
Cite = Callable[[Paragraph, int], None]


def superscript_number(paragraph: Paragraph, number: int) -> None:
    """Write a note number as superscript text."""
    paragraph.add_run(str(number)).font.superscript = True


def add_markdown(document: Document, body: str, numbers: dict[int, int],
                 cite: Cite = superscript_number) -> None:
    """Append the Markdown body to the document, each citation written by `cite`."""
    _BodyWriter(document, numbers, cite).write(_MARKDOWN.parse(body))


class _BodyWriter:
    def __init__(self, document: Document, numbers: dict[int, int], cite: Cite):
        self.document = document
        self.numbers = numbers
        self.cite = cite
        self.lists: list[_List] = []
        self.quote_depth = 0
        #: Whether the next paragraph starts a list item (and so gets its bullet or number).
        self.item_starts = False
        self.paragraph: Paragraph | None = None

    def write(self, tokens: list[Token]) -> None:
        for token in tokens:
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token)

    def _heading_open(self, token: Token) -> None:
        self.paragraph = self.document.add_heading(level=min(int(token.tag[1:]), 9))

    def _paragraph_open(self, token: Token) -> None:
        self.paragraph = self.document.add_paragraph(style=self._paragraph_style())
        if self.item_starts and self.lists and self.lists[-1].ordered:
            current = self.lists[-1]
            self.paragraph.add_run(f"{current.next_number}. ")
            current.next_number += 1
        self.item_starts = False

    def _paragraph_style(self) -> str | None:
        if self.lists:
            depth = min(len(self.lists), 3)
            suffix = "" if depth == 1 else f" {depth}"
            if not self.item_starts:
                return "List Continue" + suffix
            # python-docx has no list restart: "List Number" would keep counting across
            # lists, so ordered items carry their number as text instead.
            return ("List Continue" if self.lists[-1].ordered else "List Bullet") + suffix
        return "Quote" if self.quote_depth else None

    def _bullet_list_open(self, token: Token) -> None:
        self.lists.append(_List(ordered=False))

    def _ordered_list_open(self, token: Token) -> None:
        start = token.attrGet("start")
        self.lists.append(_List(ordered=True, next_number=int(start) if start else 1))

    def _bullet_list_close(self, token: Token) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token) -> None:
        self.item_starts = True

    def _blockquote_open(self, token: Token) -> None:
        self.quote_depth += 1

    def _blockquote_close(self, token: Token) -> None:
        self.quote_depth -= 1

    def _code_block(self, token: Token) -> None:
        paragraph = self.document.add_paragraph(style=self._paragraph_style())
        lines = token.content.rstrip("\n").split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.font.name = MONOSPACE
            if index < len(lines) - 1:
                run.add_break()

    _fence = _code_block

    def _hr(self, token: Token) -> None:
        self.document.add_paragraph("* * *")

    def _inline(self, token: Token) -> None:
        state = _Inline()
        for child in token.children or []:
            self._inline_child(child, state)

    def _inline_child(self, child: Token, state: _Inline) -> None:
        kind = child.type
        if kind == "text":
            self._text(child.content, state)
        elif kind in ("strong_open", "strong_close"):
            state.bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            state.italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            state.links.append((child.attrGet("href") or "", len(self.paragraph.text)))
        elif kind == "link_close" and state.links:
            href, start = state.links.pop()
            if href and self.paragraph.text[start:] != href:
                self._text(f" ({href})", state)
        elif kind == "code_inline":
            self._run(child.content, state).font.name = MONOSPACE
        elif kind == "softbreak":
            self._run(" ", state)
        elif kind == "hardbreak":
            self._run("", state).add_break()
        elif kind == "image":
            self._text(child.content, state)

    def _text(self, text: str, state: _Inline) -> None:
        position = 0
        for match in CITATION.finditer(text):
            number = self.numbers.get(int(match.group(1)))
            if number is None:
                continue  # not a numbered citation: keep the text as typed
            if match.start() > position:
                self._run(text[position:match.start()], state)
            self.cite(self.paragraph, number)
            position = match.end()
        if position < len(text):
            self._run(text[position:], state)

    def _run(self, text: str, state: _Inline):
        run = self.paragraph.add_run(text)
        run.bold = bool(state.bold) or None
        run.italic = bool(state.italic) or None
        return run
