"""What a message is: an answer, an automatic reply, a bounce; and what kind of answer.

Pure: judged from headers and structure first (RFC 3834 Auto-Submitted, RFC 3464 delivery
reports), and from the well-known subjects of mailers that set neither.
"""

import re
from dataclasses import dataclass
from email.message import Message

from ..communications.status import Kind
from .models import MailNature
from .parse import ParsedMail, header, message_ids, part_text

_BOUNCE_SUBJECT = re.compile(
    r"(undeliverable|undelivered mail|delivery status notification \(failure\)|"
    r"mail delivery (failed|failure|subsystem)|returned mail|failure notice|"
    r"delivery failure|could not be delivered|message not delivered|nondeliverable)",
    re.IGNORECASE)
_DELAY_SUBJECT = re.compile(
    r"(delivery status notification \(delay\)|delayed mail|delivery delayed|"
    r"warning: could not send message|message delivery delayed|still being retried)",
    re.IGNORECASE)
_AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response|antwort)|auto:|out of (the )?office|"
    r"abwesenheit|vacation|away from (the )?office|absence|read:|lu :|gelesen:)|"
    # Anywhere else only as a sentence about someone: "RE: the out of office policy" is news.
    r"\b(is|am|are) (currently )?out of (the )?office\b", re.IGNORECASE)
_MAILER_DAEMON = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailer)@", re.IGNORECASE)
_ACTION = re.compile(r"^\s*Action:\s*(\w+)", re.IGNORECASE | re.MULTILINE)
_ORIGINAL_ID = re.compile(r"^\s*Message-ID:\s*(<[^>\s]+>)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Nature:
    nature: MailNature
    #: Why, in words: "Auto-Submitted: auto-replied".
    reason: str
    #: Message-IDs of our messages a bounce returns.
    returned_ids: tuple[str, ...] = ()
    #: The recipients a delivery report says failed, each with the reason it gives.
    failed: tuple["FailedRecipient", ...] = ()


@dataclass(frozen=True)
class FailedRecipient:
    #: The address delivery failed to, lower-cased.
    address: str
    #: The report's own words: its Diagnostic-Code, else its Status.
    reason: str


def nature_of(mail: ParsedMail) -> Nature:
    """Return whether the message is a reply, an automatic reply, a bounce or a delay."""
    message = mail.message
    if message is None:
        return Nature(MailNature.unreadable, mail.problem or "the message could not be read")
    report = _delivery_report(message)
    if report is not None:
        return report
    subject = mail.subject
    null_sender = header(message, "Return-Path").replace(" ", "") == "<>"
    daemon = bool(_MAILER_DAEMON.match(mail.from_address))
    if _DELAY_SUBJECT.search(subject) and (daemon or null_sender):
        return Nature(MailNature.delay, f"a delivery delay notice (“{subject}”), not a failure")
    if _BOUNCE_SUBJECT.search(subject) and (daemon or null_sender or not mail.from_address
                                            or _auto_submitted(message)):
        return Nature(MailNature.bounce, f"a delivery failure (“{subject}”)",
                      _returned_ids(mail))
    if daemon and null_sender:
        return Nature(MailNature.bounce, "a message from the mail system with an empty "
                      "return path (Return-Path: <>)", _returned_ids(mail))
    auto = _auto_reason(message, subject, null_sender)
    if auto:
        return Nature(MailNature.auto_reply, auto)
    return Nature(MailNature.reply, "")


def _auto_reason(message: Message, subject: str, null_sender: bool) -> str:
    submitted = _auto_submitted(message)
    if submitted == "auto-replied":
        return "an automatic reply (Auto-Submitted: auto-replied)"
    for name in ("X-Autoreply", "X-Autorespond", "X-AutoReply-From", "X-Mail-Autoreply"):
        if header(message, name):
            return f"an automatic reply ({name} header)"
    precedence = header(message, "Precedence").lower()
    if precedence == "auto_reply":
        return "an automatic reply (Precedence: auto_reply)"
    if _AUTO_SUBJECT.search(subject):
        return f"an automatic reply (subject “{subject}”)"
    if message.get_content_type() == "multipart/report":
        return "a read receipt or other automatic report (multipart/report)"
    if null_sender:
        return "an automatic message (Return-Path: <>)"
    return ""


def _auto_submitted(message: Message) -> str:
    value = header(message, "Auto-Submitted").split(";")[0].strip().lower()
    return "" if value in ("", "no") else value


def _delivery_report(message: Message) -> Nature | None:
    if message.get_content_type() != "multipart/report" or \
            str(message.get_param("report-type", "")).lower() != "delivery-status":
        return None
    actions = []
    failed: list[FailedRecipient] = []
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            actions += [a.lower() for a in _ACTION.findall(_status_text(part))]
            failed += _failed_recipients(part)
    returned = tuple(_report_ids(message))
    if actions and all(action in ("delayed", "relayed", "delivered", "expanded")
                       for action in actions):
        return Nature(MailNature.delay, "a delivery report saying delivery is delayed "
                      f"(Action: {', '.join(sorted(set(actions)))}), not a failure", returned)
    return Nature(MailNature.bounce, "a delivery failure report (multipart/report, "
                  "delivery-status)", returned, tuple(dict.fromkeys(failed)))


def _failed_recipients(part: Message) -> list[FailedRecipient]:
    # RFC 3464: after the per-message block, one block per recipient; "failed" is the only
    # action that says the address itself was refused (not delayed, relayed or delivered).
    blocks = part.get_payload()
    if not isinstance(blocks, list):
        return []
    failed = []
    for block in blocks:
        if not isinstance(block, Message) or header(block, "Action").lower() != "failed":
            continue
        address = _report_address(header(block, "Final-Recipient")
                                  or header(block, "Original-Recipient"))
        if address:
            reason = _report_words(header(block, "Diagnostic-Code")) or \
                f"status {header(block, 'Status') or 'not given'}"
            failed.append(FailedRecipient(address, reason[:500]))
    return failed


def _report_address(value: str) -> str:
    # "rfc822; records@agency.gov": the address type, then the address.
    kind, _, address = value.partition(";")
    if not address or kind.strip().lower() != "rfc822":
        return ""
    address = address.strip().strip("<>").strip().lower()
    return address if "@" in address and len(address) <= 254 else ""


def _report_words(value: str) -> str:
    # "smtp; 550 5.1.1 <records@agency.gov>: user unknown": the server's own words.
    kind, _, words = value.partition(";")
    return " ".join((words if words else kind).split())


def _status_text(part: Message) -> str:
    # The email package parses a delivery-status body into header blocks, one per recipient.
    payload = part.get_payload()
    if isinstance(payload, list):
        return "\n".join(str(block) for block in payload)
    return str(payload)


def _report_ids(message: Message) -> list[str]:
    ids = []
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, Message):
                ids += message_ids(header(inner, "Message-ID"))
        elif part.get_content_type() == "text/rfc822-headers":
            ids += _ORIGINAL_ID.findall(part_text(part))
    return ids


def _returned_ids(mail: ParsedMail) -> tuple[str, ...]:
    found = _report_ids(mail.message) + _ORIGINAL_ID.findall(mail.full_text)
    return tuple(i for i in dict.fromkeys(found) if i != mail.message_id)


#: Phrases that suggest a kind, strongest first; the first found is proposed.
_KIND_PHRASES: tuple[tuple[Kind, re.Pattern], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
        (Kind.no_records, r"\bno (responsive |such )?records\b|\bdid not (locate|find) any\b|"
                          r"\bunable to (locate|find) any (responsive )?records\b"),
        (Kind.denial, r"\b(request is|are) (hereby )?denied\b|\bwe (must|are) deny(ing)?\b|"
                      r"\bwithheld in (their )?(full|entirety)\b|\bdenial of your request\b"),
        (Kind.fee_estimate, r"\bfee estimate\b|\bestimated (cost|fees?|charges?)\b|"
                            r"\bcost estimate\b|\badvance payment\b|\bdeposit of \$"),
        # Not "extension" alone: that is also a telephone extension in a signature.
        (Kind.extension_notice, r"\bextension (of|to|under)\b|\badditional (\d+ )?(business |"
                                r"working )?days\b|\bextend(ing)? the (time|deadline|response)\b"),
        (Kind.clarification_request, r"\bclarif(y|ication)\b|\bnarrow (the|your) (scope|request)\b"),
        (Kind.partial_release, r"\b(first|second|third|next|partial|interim) (installment|"
                               r"release|production)\b|\brolling (basis|production)\b"),
        (Kind.final_release, r"\b(responsive|requested) records\b.{0,80}\b(attached|enclosed)\b|"
                             r"\b(attached|enclosed) (are|please find|is) .{0,60}records\b|"
                             r"\bcompletes? (your|the) request\b|\bfinal response\b"),
        (Kind.acknowledgment, r"\backnowledg(e|ing|ment|ement)\b|\b(has|have) been received\b|"
                              r"\bwe (have )?received your\b|\breceipt of your\b"),
    ))


def kind_of(subject: str, text: str, *, has_documents: bool) -> tuple[Kind | None, str]:
    """Return the kind the text suggests and why, or (None, "") when it suggests none."""
    words = f"{subject}\n{text}"
    for kind, pattern in _KIND_PHRASES:
        if (match := pattern.search(words)) is not None:
            return kind, f"the text says “{' '.join(match.group(0).split())}”"
    if has_documents:
        return Kind.final_release, "documents are attached"
    return None, ""
