"""Real Word footnotes: the document's footnotes part, and references to it from the body.

python-docx has no footnote API, so the part is added through its public OPC API: an XmlPart
at /word/footnotes.xml, related to the document part; saving writes its content type.
"""

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

REFERENCE_STYLE = "Footnote Reference"
TEXT_STYLE = "Footnote Text"
# Word expects the separator lines above the notes as footnotes -1 and 0; real ones start at 1.
_EMPTY_PART = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>")


class Footnotes:
    """The footnotes of one document, numbered by Word in the order they are referenced."""

    def __init__(self, document: Document):
        part = document.part
        self._element = parse_xml(_EMPTY_PART)
        footnotes = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self._element,
                            part.package)
        part.relate_to(footnotes, RT.FOOTNOTES)
        self._styles = _styles(document)
        self._next_id = 1

    def add(self, paragraph: Paragraph, text: str) -> int:
        """Append a footnote with this text, referenced at the end of the paragraph; return its id."""
        footnote_id, self._next_id = self._next_id, self._next_id + 1
        run = paragraph.add_run(style=self._styles[REFERENCE_STYLE])
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(footnote_id))
        run.element.append(reference)
        self._element.append(_footnote(footnote_id, text, self._styles))
        return footnote_id


def _footnote(footnote_id: int, text: str, styles: dict):
    note = OxmlElement("w:footnote")
    note.set(qn("w:id"), str(footnote_id))
    paragraph = note.makeelement(qn("w:p"), {})
    note.append(paragraph)
    paragraph.append(parse_xml(
        f'<w:pPr {nsdecls("w")}><w:pStyle w:val="{styles[TEXT_STYLE].style_id}"/></w:pPr>'))
    paragraph.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{styles[REFERENCE_STYLE].style_id}"/>'
        "</w:rPr><w:footnoteRef/></w:r>"))
    run = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> </w:t></w:r>')
    run[0].text = " " + text
    paragraph.append(run)
    return note


def _styles(document: Document) -> dict:
    styles = document.styles
    names = {style.name for style in styles}
    if REFERENCE_STYLE not in names:
        reference = styles.add_style(REFERENCE_STYLE, WD_STYLE_TYPE.CHARACTER)
        reference.font.superscript = True
    if TEXT_STYLE not in names:
        text = styles.add_style(TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = styles["Normal"]
        text.font.size = Pt(10)
        text.paragraph_format.space_after = Pt(0)
    return {REFERENCE_STYLE: styles[REFERENCE_STYLE], TEXT_STYLE: styles[TEXT_STYLE]}
