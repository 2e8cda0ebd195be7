"""What an export is of: a letter and the items it cites, or a filtered set of evidence items."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

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
    #: Several organisations' records (a campaign's): every format names each row's.
    names_organisation: bool = False
    #: A final letter's moment of freezing: its exports carry this date, never today's, and
    #: come out byte for byte the same each time.
    frozen_at: datetime | None = None

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


def export_date(subject: ExportSubject) -> date:
    """Return the date an export prints: a frozen letter's, else today's."""
    return subject.frozen_at.date() if subject.frozen_at is not None else date.today()


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
