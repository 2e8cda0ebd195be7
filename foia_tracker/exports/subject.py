"""What an export is of: a letter and the items it cites, or a filtered set of evidence items."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..evidence.query import EvidenceFilters
from ..extensions import db
from ..letters.models import Letter, LetterCitation
from ..orgs.models import Organisation
from .rows import EvidenceRow, filtered_rows, letter_rows


@dataclass(frozen=True)
class LetterText:
    """The parts of a letter the exports print."""

    id: int
    title: str
    addressee: str
    letter_date: date
    body: str
    signatories: list[str]
    #: {evidence item id: footnote number}, as the letter's citations record them.
    numbers: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportSubject:
    organisation_code: str
    organisation_name: str
    letter: LetterText | None
    #: Returns a fresh iterator over the rows each time: some formats read them twice.
    rows: Callable[[], Iterator[EvidenceRow]]

    @property
    def is_letter(self) -> bool:
        return self.letter is not None

    def file_name(self, extension: str, today: date) -> str:
        """Return the download's name, e.g. OR-letter-12-evidence.csv."""
        if self.letter is not None:
            return f"{self.organisation_code}-letter-{self.letter.id}-evidence.{extension}"
        return f"{self.organisation_code}-evidence-{today.isoformat()}.{extension}"

    @property
    def heading(self) -> str:
        if self.letter is not None:
            return self.letter.title
        return f"Evidence list of {self.organisation_name}"


def letter_subject(letter: Letter) -> ExportSubject:
    """Return the export subject of a letter: its text and the items it cites."""
    organisation_id = letter.organisation_id
    organisation = db.session.get(Organisation, organisation_id)
    numbers = dict(db.session.execute(
        select(LetterCitation.evidence_item_id, LetterCitation.number)
        .where(LetterCitation.letter_id == letter.id)).all())
    text = LetterText(
        id=letter.id, title=letter.title, addressee=letter.addressee,
        letter_date=letter.letter_date, body=letter.body,
        signatories=[line.strip() for line in letter.signatories.splitlines() if line.strip()],
        numbers=numbers)
    return ExportSubject(organisation_code=organisation.code, organisation_name=organisation.name,
                         letter=text, rows=lambda: letter_rows(text.id, organisation_id))


def filtered_subject(organisation: Organisation, filters: EvidenceFilters) -> ExportSubject:
    """Return the export subject of the organisation's evidence items matching filters."""
    organisation_id = organisation.id
    return ExportSubject(organisation_code=organisation.code, organisation_name=organisation.name,
                         letter=None, rows=lambda: filtered_rows(organisation_id, filters))
