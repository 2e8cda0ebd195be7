"""A letter as readers see it: the Markdown body with footnote references, and its notes.

Used by the letter page and by the exports, so every format numbers and words notes alike.
"""

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..documents.models import Document
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..records.models import RecordsRequest
from .citations import CITATION
from .footnotes import footnote_text, source_of
from .models import Letter, LetterCitation

#: Link schemes a letter may use; everything else (javascript:, data:, file:, ...) stays text.
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Note:
    """One numbered footnote of a letter."""

    number: int
    evidence_item: EvidenceItem
    text: str


def render_body_html(body: str, numbers: dict[int, int]) -> Markup:
    """Return the letter body as HTML, each citation a superscript link to its footnote.

    numbers maps evidence item ids to footnote numbers (citations.footnote_numbers(body)).
    """
    # env is per render: it counts repeated references so each gets its own element id.
    html = _MARKDOWN.render(body, {"footnote_numbers": numbers, "reference_counts": {}})
    # Safe: raw HTML is disabled, so markdown-it escaped every character of user text.
    return Markup(html)


def footnote_ref_id(number: int, occurrence: int) -> str:
    """Element id of a reference: "fnref-2" first, then "fnref-2-2", "fnref-2-3"..."""
    return f"fnref-{number}" if occurrence == 1 else f"fnref-{number}-{occurrence}"


def letter_notes(letter: Letter) -> list[Note]:
    """Return the letter's footnotes in number order, loading their sources in one query."""
    citations = db.session.scalars(
        select(LetterCitation)
        .where(LetterCitation.letter_id == letter.id)
        .options(
            joinedload(LetterCitation.evidence_item)
            .joinedload(EvidenceItem.document)
            .joinedload(Document.request)
            .joinedload(RecordsRequest.agency),
            joinedload(LetterCitation.evidence_item)
            .joinedload(EvidenceItem.document)
            .joinedload(Document.request)
            .joinedload(RecordsRequest.organisation),
            joinedload(LetterCitation.evidence_item)
            .joinedload(EvidenceItem.document)
            .joinedload(Document.communication),
        )
        .order_by(LetterCitation.number)
    ).unique().all()
    return [Note(number=citation.number, evidence_item=citation.evidence_item,
                 text=footnote_text(source_of(citation.evidence_item)))
            for citation in citations]


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """Recognise `[@E12]` as a citation token, before the link rule reads it as a link."""
    if state.src[state.pos] != "[":
        return False
    match = CITATION.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    item_id = int(match.group(1))
    if item_id not in state.env.get("footnote_numbers", {}):
        return False  # not numbered: leave the text as the user typed it
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"item_id": item_id}
    state.pos = match.end()
    return True


def _render_citation(self, tokens, idx, options, env) -> str:
    number = env["footnote_numbers"][tokens[idx].meta["item_id"]]
    counts = env["reference_counts"]
    counts[number] = counts.get(number, 0) + 1
    ref_id = footnote_ref_id(number, counts[number])
    # Only integers reach this markup; nothing the user typed.
    return (f'<sup class="fnref"><a href="#fn-{number}" id="{escape(ref_id)}">'
            f"{number}</a></sup>")


def _is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_LINK_SCHEMES)


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    # Images would load third-party content into a letter (and CSP blocks them anyway).
    md.disable("image")
    md.validateLink = _is_safe_link
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    return md


_MARKDOWN = _markdown()
