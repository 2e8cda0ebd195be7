"""The authentication verdict of one raw message: DKIM checked here, SPF and DMARC as received.

Pure: no Flask, no database. DNS look-ups go through `dnsfunc` (dkimpy's interface: a name and a
timeout in, the TXT record's bytes or None out), so that tests never reach the network.
"""

import email.policy
from dataclasses import dataclass
from email.parser import BytesHeaderParser

import logging

import dkim

from .authres import receiving_server_results

#: Signatures checked per message: a message with hundreds would otherwise cost as many look-ups.
MAX_SIGNATURES = 5
DNS_TIMEOUT_SECONDS = 5
#: Authentication-Results are at the top, added by the receiving server; more is hostile.
_HEAD_BYTES = 1024 * 1024
#: dkimpy logs every failed signature as an error; a forged message is not the app's error.
_LOG = logging.getLogger("foia_tracker.mailboxes.dkim")


@dataclass(frozen=True)
class Verdict:
    dkim: str
    dkim_domain: str | None
    spf: str | None
    dmarc: str | None
    authserv_id: str | None
    explanation: str


def authentication_verdict(raw: bytes, *, dnsfunc=None, trusted_authserv_id: str | None = None
                           ) -> Verdict:
    """Verify the message's DKIM signatures and read the receiving server's SPF and DMARC."""
    # The header fields alone: parsing the whole message would hold it three times over.
    headers = BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw[:_HEAD_BYTES])
    if "DKIM-Signature" in headers:
        dkim_result, domain, dkim_words = _dkim(raw, dnsfunc or dkim.dnsplug.get_txt)
    else:
        # dkimpy splits the whole message into lines (about four times its size) even to
        # find that it is not signed.
        dkim_result, domain, dkim_words = "none", None, "DKIM: not signed."
    server = receiving_server_results(
        [str(value) for value in headers.get_all("Authentication-Results") or []],
        trusted_authserv_id=trusted_authserv_id)
    spf = server.results.get("spf") if server else None
    dmarc = server.results.get("dmarc") if server else None
    words = [dkim_words, _server_words(server, spf, dmarc, trusted_authserv_id)]
    return Verdict(dkim_result, domain, spf, dmarc, server.authserv_id if server else None,
                   " ".join(words))


def unchecked_verdict(why: str) -> Verdict:
    """Return the verdict of a message that was kept but not verified, saying why."""
    return Verdict("unchecked", None, None, None, None, f"Not verified: {why}.")


def _dkim(raw: bytes, dnsfunc) -> tuple[str, str | None, str]:
    try:
        checker = dkim.DKIM(raw, logger=_LOG, timeout=DNS_TIMEOUT_SECONDS)
        count = sum(1 for name, _ in checker.headers if name.lower() == b"dkim-signature")
    except Exception:  # noqa: BLE001 - dkimpy raises many kinds on unparsable mail
        return "none", None, "DKIM: the message could not be read for a signature."
    if count == 0:
        return "none", None, "DKIM: not signed."
    outcomes = [_one_signature(checker, index, dnsfunc) for index in range(min(count, MAX_SIGNATURES))]
    passed = [domain for result, domain, _ in outcomes if result == "pass"]
    if passed:
        return "pass", passed[0], f"DKIM: signature of {passed[0]} verified."
    result, domain, why = next((o for o in outcomes if o[0] == "temperror"), outcomes[0])
    return result, domain, f"DKIM: signature{f' of {domain}' if domain else ''} not verified ({why})."


def _one_signature(checker, index: int, dnsfunc) -> tuple[str, str | None, str]:
    timed_out = []

    def lookup(name, timeout=DNS_TIMEOUT_SECONDS):
        # dkimpy turns a DNS timeout into a plain failure; a key that could not be fetched now
        # is not evidence of forgery, so it is told apart here.
        try:
            return dnsfunc(name, timeout=timeout)
        except dkim.DnsTimeoutError:
            timed_out.append(name)
            raise

    try:
        verified = checker.verify(idx=index, dnsfunc=lookup)
    except dkim.DnsTimeoutError:
        timed_out.append(index)
        verified = False
    except dkim.DKIMException as error:
        return "fail", _domain(checker), str(error) or "invalid signature"
    except Exception:  # noqa: BLE001 - a broken key record must not stop the filing
        return "fail", _domain(checker), "the signature or its key is malformed"
    if verified:
        return "pass", _domain(checker), ""
    if timed_out:
        return "temperror", _domain(checker), "the signer's key could not be looked up now"
    return "fail", _domain(checker), "the message was changed after signing, or the key differs"


def _domain(checker) -> str | None:
    domain = getattr(checker, "domain", None)
    if isinstance(domain, bytes):
        return domain.decode("ascii", "replace").lower()
    return domain.lower() if domain else None


def _server_words(server, spf, dmarc, trusted_authserv_id) -> str:
    if server is None:
        if trusted_authserv_id:
            return f"SPF and DMARC: no Authentication-Results from {trusted_authserv_id}."
        return "SPF and DMARC: the receiving server recorded no Authentication-Results."
    return (f"SPF {spf or 'not recorded'}, DMARC {dmarc or 'not recorded'} "
            f"according to {server.authserv_id}.")
