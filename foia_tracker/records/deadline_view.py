"""What the request page shows about deadlines."""

from ..deadlines import NoRuleInForce, rule_for
from ..web.dates import local_today
from .deadlines import request_clocks, request_events
from .models import RecordsRequest

CLOCK_LABELS = {
    "acknowledgment": "Acknowledgment",
    "response": "Response",
    "extended_response": "Extended response",
    "appeal_filing": "Appeal filing (our window)",
    "appeal_decision": "Appeal decision",
}


def deadline_context(request: RecordsRequest) -> dict:
    """Return the clocks, the rule in force and today's date where the agency is."""
    rule = None
    if request.received_on is not None:
        try:
            rule = rule_for(request.agency.jurisdiction, request.received_on)
        except NoRuleInForce:
            rule = None
    events = request_events(request) if rule is not None else None
    return {"clocks": request_clocks(request), "rule": rule, "clock_labels": CLOCK_LABELS,
            "ledger": events, "today": local_today(request.agency.jurisdiction)}
