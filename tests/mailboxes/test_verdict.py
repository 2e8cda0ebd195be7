"""The authentication verdict: DKIM verified here (key from an injected DNS), SPF and DMARC read
from the receiving server's Authentication-Results, a forged header lower down ignored."""

import base64

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from foia_tracker.mailboxes.authres import parse_authentication_results
from foia_tracker.mailboxes.verdict import authentication_verdict

SELECTOR, DOMAIN = b"s2026", b"sheriff.example.gov"
MESSAGE = (b"From: Records Unit <records@sheriff.example.gov>\r\n"
           b"To: records@affiliate.example\r\nSubject: Your request OR-2026-0042\r\n"
           b"Date: Thu, 12 Mar 2026 10:15:00 -0700\r\nMessage-ID: <a1@sheriff.example.gov>\r\n"
           b"\r\nThe records are attached.\r\n")


@pytest.fixture(scope="module")
def signing_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def signed(message: bytes, private: bytes) -> bytes:
    signature = dkim.sign(message, SELECTOR, DOMAIN, private,
                          include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    return signature + message


def dns_with(record: bytes):
    def lookup(name, timeout=5):
        return record if name == b"s2026._domainkey.sheriff.example.gov." else None
    return lookup


def test_a_signed_message_verifies_against_the_published_key(signing_key):
    private, record = signing_key
    verdict = authentication_verdict(signed(MESSAGE, private), dnsfunc=dns_with(record))
    assert (verdict.dkim, verdict.dkim_domain) == ("pass", "sheriff.example.gov")
    assert "signature of sheriff.example.gov verified" in verdict.explanation


def test_a_message_changed_after_signing_fails(signing_key):
    private, record = signing_key
    tampered = signed(MESSAGE, private).replace(b"attached", b"withheld")
    verdict = authentication_verdict(tampered, dnsfunc=dns_with(record))
    assert verdict.dkim == "fail"
    assert "not verified" in verdict.explanation


def test_a_key_that_is_not_published_fails_and_dns_trouble_is_temporary(signing_key):
    private, _ = signing_key
    assert authentication_verdict(signed(MESSAGE, private), dnsfunc=dns_with(b"")).dkim == "fail"

    def timing_out(name, timeout=5):
        raise dkim.DnsTimeoutError("no answer")

    verdict = authentication_verdict(signed(MESSAGE, private), dnsfunc=timing_out)
    assert verdict.dkim == "temperror"
    assert "could not be looked up now" in verdict.explanation


def test_an_unsigned_message_says_so_without_asking_dns():
    def never(name, timeout=5):
        raise AssertionError("no signature, no look-up")

    verdict = authentication_verdict(MESSAGE, dnsfunc=never)
    assert verdict.dkim == "none" and "not signed" in verdict.explanation


def test_spf_and_dmarc_come_from_the_receiving_servers_topmost_header():
    forged = b"Authentication-Results: mx.attacker.example; spf=pass; dmarc=pass\r\n"
    real = (b"Authentication-Results: mx.affiliate.example (Postfix);\r\n"
            b" spf=softfail (sender IP is 192.0.2.1) smtp.mailfrom=sheriff.example.gov;\r\n"
            b" dkim=none; dmarc=fail (p=reject dis=none) header.from=sheriff.example.gov\r\n")
    verdict = authentication_verdict(real + forged + MESSAGE, dnsfunc=dns_with(b""))
    assert (verdict.spf, verdict.dmarc, verdict.authserv_id) == \
        ("softfail", "fail", "mx.affiliate.example")
    assert "SPF softfail, DMARC fail according to mx.affiliate.example" in verdict.explanation


def test_a_named_receiving_server_is_believed_and_no_one_else():
    forged = b"Authentication-Results: mx.attacker.example; spf=pass; dmarc=pass\r\n"
    verdict = authentication_verdict(forged + MESSAGE, dnsfunc=dns_with(b""),
                                     trusted_authserv_id="mx.affiliate.example")
    assert (verdict.spf, verdict.dmarc, verdict.authserv_id) == (None, None, None)
    assert "no Authentication-Results from mx.affiliate.example" in verdict.explanation


@pytest.mark.parametrize("header, expected", [
    ("mx.example.org; none", ("mx.example.org", {})),
    ('mx.example.org 1; spf=pass smtp.mailfrom="a;b@x.example"; dmarc=bestguesspass',
     ("mx.example.org", {"spf": "pass", "dmarc": "bestguesspass"})),
    ("mx.example.org; spf=wonderful", ("mx.example.org", {"spf": "unknown"})),
    ("mx.example.org; dkim=pass (good (nested) comment) header.d=x; dkim=fail",
     ("mx.example.org", {"dkim": "pass"})),
])
def test_authentication_results_are_read_per_rfc_8601(header, expected):
    parsed = parse_authentication_results(header)
    assert (parsed.authserv_id, parsed.results) == expected


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe garbage", b"DKIM-Signature: v=1; d=\r\n\r\nx"])
def test_broken_mail_gets_a_verdict_not_an_exception(raw):
    assert authentication_verdict(raw, dnsfunc=dns_with(b"")).dkim in ("none", "fail")
