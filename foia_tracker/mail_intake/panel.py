"""What the request page shows of e-mail: the reply address, unconfirmed kinds, warnings."""

from dataclasses import dataclass

from flask import current_app

from ..agencies.failures import open_address_failures
from ..communications.status import Kind
from .forms import ConfirmKindForm
from .models import MailFiling, MailNature
from .triage import request_mail


@dataclass
class PanelEntry:
    filing: MailFiling
    #: Kind proposed from the text, and the form to confirm it (None once confirmed).
    proposed: Kind | None
    form: ConfirmKindForm | None


def request_mail_panel(records_request) -> dict:
    """Return the request's reply address, unconfirmed replies, automatic mail, failing addresses."""
    unconfirmed, automatic = [], []
    for filing in request_mail(records_request.id):
        nature = filing.message.nature_enum
        if nature in (MailNature.auto_reply, MailNature.bounce, MailNature.delay):
            automatic.append(filing)
        elif _is_unconfirmed(filing):
            proposed = Kind[filing.proposed_kind] if filing.proposed_kind else None
            form = ConfirmKindForm(formdata=None, meta={"csrf": False},
                                   kind=(proposed or Kind.note).name)
            unconfirmed.append(PanelEntry(filing, proposed, form))
    # Only a request still waiting on the agency needs to know its address bounces.
    failing = open_address_failures(records_request.agency_id) \
        if records_request.status.is_open else []
    return {"reply_address": reply_address(records_request), "unconfirmed": unconfirmed,
            "automatic": automatic, "failing_addresses": failing}


def reply_address(records_request) -> str | None:
    """Return the address agencies reply to for this request: records+REFERENCE@domain."""
    addresses = current_app.config.get("MAIL_INTAKE_ADDRESSES") or {}
    base = addresses.get(records_request.organisation.code)
    if not base or "@" not in base:
        return None
    local, _, domain = base.rpartition("@")
    return f"{local.partition('+')[0]}+{records_request.reference}@{domain}"


def _is_unconfirmed(filing: MailFiling) -> bool:
    # A kind corrected by hand on the timeline counts as confirmed too.
    communication = filing.communication
    return communication is not None and not filing.is_kind_confirmed and \
        communication.kind is Kind.note
