"""Find the request a message belongs to, in the issue's order, with reasons in words.

1. our reference in a plus-address (records+OR-2026-0042@...) or in the subject;
2. an agency's tracking number of one of our requests in the subject or the text;
3. the thread: a reply to a message we sent or filed;
4. the sender's address or domain, among agencies with open requests.
The first step that finds anything decides; one request found is a confident match, several
are offered together. References only in the text, and sender domains, are guesses.
"""

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..agencies.models import Agency
from ..communications.status import OPEN_STATUSES
from ..extensions import db
from ..orgs.models import Organisation
from ..records.models import RecordsRequest, TrackingNumber
from .models import IntakeMessage, MailFiling, SentMessageId
from .parse import ParsedMail

#: Mail services many people share: their domain says nothing about the agency.
_SHARED_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "aol.com", "icloud.com", "me.com", "proton.me", "protonmail.com", "gmx.com", "msn.com"})
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9#/._-]*[0-9][A-Za-z0-9/_-]*|[0-9]+")
_MAX_TOKENS = 2000


@dataclass(frozen=True)
class Candidate:
    request_id: int
    reference: str
    reason: str

    def as_json(self) -> dict:
        return {"request_id": self.request_id, "reference": self.reference, "reason": self.reason}


@dataclass
class MatchResult:
    #: The requests the message surely belongs to (several: offered together in the inbox).
    found: list[Candidate] = field(default_factory=list)
    #: Weaker guesses, for a person to confirm.
    guesses: list[Candidate] = field(default_factory=list)

    @property
    def is_confident(self) -> bool:
        return len(self.found) == 1


def match_message(organisation: Organisation, mail: ParsedMail, *,
                  extra_thread_ids: tuple[str, ...] = (), recipients: tuple[str, ...] = ()
                  ) -> MatchResult:
    """Return the requests the message belongs to, or guesses with their reasons."""
    steps = (
        lambda: _by_reference(organisation, mail, recipients),
        lambda: _by_tracking_number(organisation, mail),
        lambda: _by_thread(organisation, [*mail.thread_ids, *extra_thread_ids]),
    )
    for step in steps:
        found = _distinct(step())
        if found:
            return MatchResult(found=found)
    guesses = _distinct(_by_sender(organisation, mail) + _references_in_text(organisation, mail))
    sure = [g for g in guesses if g.reason.startswith("the sender's address")]
    if len(sure) == 1 and len({g.request_id for g in guesses}) == 1:
        return MatchResult(found=sure)
    return MatchResult(guesses=guesses)


def reference_pattern(code: str) -> re.Pattern:
    """Return the pattern of the organisation's references, e.g. OR-2026-0042."""
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(code)}-(\d{{4}})-(\d{{1,6}})(?![0-9])",
                      re.IGNORECASE)


def _by_reference(organisation, mail: ParsedMail, recipients) -> list[Candidate]:
    pattern = reference_pattern(organisation.code)
    found = []
    for address in [*recipients, *mail.recipients]:
        local = address.partition("@")[0]
        if "+" in local:
            found += [(m, f"the reply address {address} names it")
                      for m in pattern.finditer(local.partition("+")[2])]
    found += [(m, "the subject names it") for m in pattern.finditer(mail.subject)]
    return _requests_named(organisation, found)


def _references_in_text(organisation, mail: ParsedMail) -> list[Candidate]:
    found = [(m, f"its reference {m.group(0).upper()} appears in the body")
             for m in reference_pattern(organisation.code).finditer(mail.text)]
    return _requests_named(organisation, found)


def _requests_named(organisation, found: list) -> list[Candidate]:
    candidates = []
    for match, reason in found:
        year, number = int(match.group(1)), int(match.group(2))
        request_id = db.session.scalar(select(RecordsRequest.id).where(
            RecordsRequest.organisation_id == organisation.id, RecordsRequest.year == year,
            RecordsRequest.number == number))
        if request_id is not None:
            reference = RecordsRequest.format_reference(organisation.code, year, number)
            candidates.append(Candidate(request_id, reference, reason))
    return candidates


def _by_tracking_number(organisation, mail: ParsedMail) -> list[Candidate]:
    tokens = _tokens(f"{mail.subject}\n{mail.full_text}")
    if not tokens:
        return []
    rows = []
    for start in range(0, len(tokens), 500):
        rows += db.session.execute(
            select(RecordsRequest.id, RecordsRequest.year, RecordsRequest.number,
                   TrackingNumber.value)
            .join(TrackingNumber, TrackingNumber.request_id == RecordsRequest.id)
            .where(RecordsRequest.organisation_id == organisation.id,
                   func.upper(TrackingNumber.value).in_(tokens[start:start + 500]))).all()
    return [Candidate(request_id, RecordsRequest.format_reference(organisation.code, year, number),
                      f"tracking number {value} appears in the "
                      f"{'subject' if value.upper() in mail.subject.upper() else 'body'}")
            for request_id, year, number, value in rows]


def _tokens(text: str) -> list[str]:
    words = [w.strip("._-/#").upper() for w in _TOKEN.findall(text)]
    words = [w for w in words if len(w) >= 3]
    # Some agencies number with a space: "FOI 34960".
    pairs = [f"{a} {b}" for a, b in zip(text.upper().split(), text.upper().split()[1:])
             if any(c.isdigit() for c in b) and a.isalpha()]
    return list(dict.fromkeys(words + pairs))[:_MAX_TOKENS]


def _by_thread(organisation, thread_ids: list[str]) -> list[Candidate]:
    if not thread_ids:
        return []
    ids = list(dict.fromkeys(thread_ids))[:200]
    sent = select(SentMessageId.request_id).where(
        SentMessageId.organisation_id == organisation.id, SentMessageId.message_id.in_(ids))
    filed = select(MailFiling.request_id).join(IntakeMessage).where(
        IntakeMessage.organisation_id == organisation.id, IntakeMessage.message_id.in_(ids))
    request_ids = set(db.session.scalars(sent)) | set(db.session.scalars(filed))
    return [Candidate(request_id, reference, "it replies to a message of this request's thread")
            for request_id, reference in _references(organisation, request_ids)]


def _by_sender(organisation, mail: ParsedMail) -> list[Candidate]:
    address = mail.from_address
    if not address or "@" not in address:
        return []
    domain = address.rpartition("@")[2]
    rows = db.session.execute(
        select(RecordsRequest.id, RecordsRequest.year, RecordsRequest.number, Agency.email,
               Agency.name)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .where(RecordsRequest.organisation_id == organisation.id,
               RecordsRequest.status.in_(OPEN_STATUSES),
               func.lower(Agency.email).like(f"%@{_like_escaped(domain)}", escape="\\"))
    ).all()
    candidates = []
    for request_id, year, number, agency_email, agency_name in rows:
        reference = RecordsRequest.format_reference(organisation.code, year, number)
        if agency_email.lower() == address:
            reason = f"the sender's address is that of {agency_name}, which has this open request"
        elif domain in _SHARED_DOMAINS:
            continue
        else:
            reason = f"the sender's domain {domain} is that of {agency_name}"
        candidates.append(Candidate(request_id, reference, reason))
    return candidates


def _references(organisation, request_ids) -> list[tuple[int, str]]:
    if not request_ids:
        return []
    rows = db.session.execute(select(RecordsRequest.id, RecordsRequest.year, RecordsRequest.number)
                              .where(RecordsRequest.id.in_(request_ids),
                                     RecordsRequest.organisation_id == organisation.id)
                              .order_by(RecordsRequest.id))
    return [(i, RecordsRequest.format_reference(organisation.code, y, n)) for i, y, n in rows]


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    seen, result = set(), []
    for candidate in candidates:
        if candidate.request_id not in seen:
            seen.add(candidate.request_id)
            result.append(candidate)
    return result


def _like_escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
