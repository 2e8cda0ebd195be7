"""Markdown: a letter with footnotes ([^1] and `[^1]: text` lines), or a list of sources."""

from typing import BinaryIO

from ..letters.citations import CITATION
from ..letters.footnotes import long_date
from .subject import ExportSubject, LetterText


def write_markdown(subject: ExportSubject, out: BinaryIO) -> None:
    """Write the letter with its footnotes, or a numbered list of the items' footnote texts."""
    if subject.letter is not None:
        out.write(letter_markdown(subject.letter).encode())
        for row in subject.rows():
            out.write(f"[^{row.footnote_number}]: {row.footnote_text}\n".encode())
        return
    out.write(f"# {subject.heading}\n\n".encode())
    for number, row in enumerate(subject.rows(), start=1):
        out.write(f"{number}. {row.footnote_text}\n".encode())


def letter_markdown(letter: LetterText) -> str:
    """Return the letter up to its footnotes, each citation a footnote reference."""
    parts = [f"# {letter.title}", long_date(letter.letter_date)]
    if letter.addressee.strip():
        parts.append(_lines(letter.addressee))
    parts.append(with_footnote_references(letter.body, letter.numbers))
    if letter.signatories:
        parts.append("  \n".join(letter.signatories))
    return "\n\n".join(part.strip() for part in parts) + "\n\n"


def with_footnote_references(body: str, numbers: dict[int, int]) -> str:
    """Turn [@E12] into [^1]; a citation the letter does not number stays as typed."""
    def reference(match) -> str:
        number = numbers.get(int(match.group(1)))
        return match.group(0) if number is None else f"[^{number}]"

    return CITATION.sub(reference, body)


def _lines(text: str) -> str:
    # Two trailing spaces: a Markdown line break, so an address keeps its lines.
    return "  \n".join(line.strip() for line in text.strip().splitlines())
