"""The footnote that cites an evidence item, in the style advocacy letters use.

Records produced by the Washington County Sheriff's Office (Oregon) in response to public
records request OR-2026-0042, received March 12, 2026, Exhibit OR-2026-0042-003, p. 4.

A coalition letter cites several organisations' records, so its notes name who obtained each:
"Records produced by the Orlando Police Department (Florida) to the ACLU of Florida in
response to public records request FL-2018-0007, ..."
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Source:
    """What a footnote says about where an excerpt comes from."""

    agency_name: str
    jurisdiction_code: str
    jurisdiction_name: str
    request_reference: str
    received_on: date | None
    exhibit_number: str
    page_from: int | None = None
    page_to: int | None = None
    #: The organisation that obtained the record, named where a letter cites several's.
    obtained_by: str = ""


def long_date(day: date) -> str:
    """March 12, 2026 (no leading zero, as in citations)."""
    return f"{day:%B} {day.day}, {day.year}"


def page_reference(page_from: int | None, page_to: int | None) -> str:
    """Return "p. 4", "pp. 4–6" or "" when no page is given."""
    if page_from is None:
        return ""
    if page_to is None or page_to == page_from:
        return f"p. {page_from}"
    return f"pp. {page_from}–{page_to}"


def footnote_text(source: Source) -> str:
    """Return the footnote for an excerpt, ending with a full stop."""
    place = "the United States" if source.jurisdiction_code == "US" else source.jurisdiction_name
    law = ("Freedom of Information Act request" if source.jurisdiction_code == "US"
           else "public records request")
    recipient = f" to the {_without_article(source.obtained_by)}" if source.obtained_by else ""
    parts = [f"Records produced by the {_without_article(source.agency_name)} ({place})"
             f"{recipient} in response to {law} {source.request_reference}"]
    if source.received_on is not None:
        parts.append(f"received {long_date(source.received_on)}")
    parts.append(f"Exhibit {source.exhibit_number}")
    pages = page_reference(source.page_from, source.page_to)
    if pages:
        parts.append(pages)
    return ", ".join(parts) + "."


def _without_article(name: str) -> str:
    # "The Washington County Sheriff's Office" must not become "the The ...".
    return name[4:] if name.lower().startswith("the ") else name


def source_of(item) -> Source:
    """Return the Source of an EvidenceItem (its document, request and agency)."""
    document = item.document
    request = document.request
    agency = request.agency
    received = (document.communication.occurred_on if document.communication is not None
                else document.uploaded_at.date())
    return Source(
        agency_name=agency.name, jurisdiction_code=agency.jurisdiction,
        jurisdiction_name=agency.jurisdiction_name, request_reference=request.reference,
        received_on=received, exhibit_number=document.exhibit_number,
        page_from=item.page_from, page_to=item.page_to)
