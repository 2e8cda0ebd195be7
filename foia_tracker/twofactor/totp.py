"""TOTP secrets, codes and recovery codes; no Flask, no database."""

import hashlib
import re
import secrets

import pyotp
import segno
from markupsafe import Markup

#: A code from the step before or after the current one still counts (clock drift, typing).
VALID_WINDOW = 1
RECOVERY_CODES = 10
_SEPARATORS = re.compile(r"[\s-]+")


def new_secret() -> str:
    """Return a new random base32 TOTP secret (160 bits, as RFC 4226 recommends)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """Return the otpauth:// URI that authenticator apps read from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg(uri: str) -> Markup:
    """Return the QR code of the URI as inline SVG, drawn here: the secret goes to no service."""
    return Markup(segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff"))


def normalise_code(code: str) -> str:
    """Return the code as typed without spaces or dashes, lower-case."""
    return _SEPARATORS.sub("", code).lower()


def is_totp_shaped(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def code_step(secret: str, code: str, *, now: float, after_step: int | None) -> int | None:
    """Return the time step the code belongs to, or None if wrong or already used."""
    try:
        step = pyotp.TOTP(secret).verify_and_get_timecode(code, for_time=now,
                                                          valid_window=VALID_WINDOW)
    except pyotp.exceptions.OTPVerificationError:
        return None
    # A code seen once (or an older one) is refused: someone watching cannot replay it.
    return step if after_step is None or step > after_step else None


def new_recovery_codes() -> list[str]:
    """Return fresh recovery codes as shown to the user, e.g. 'k7d2m-q9x4p'."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(alphabet) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def recovery_hash(code: str) -> str:
    """Return the stored form of a recovery code."""
    # 50 random bits each and throttled attempts: a fast hash is enough, and lets the code
    # be looked up instead of checked against every stored hash with a slow one.
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()
