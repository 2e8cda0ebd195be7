"""Mailbox passwords encrypted at rest with Fernet, under the key(s) in MAILBOX_KEY.

MAILBOX_KEY holds one key, or several separated by commas: the first encrypts, any decrypts, so
a key can be rotated by putting the new one first and saving each mailbox's password again.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_SETTING = "MAILBOX_KEY"


class MailboxKeyMissing(Exception):
    """No key is configured: mailboxes are switched off."""


class MailboxKeyInvalid(Exception):
    """The configured key is not a Fernet key, or does not open a stored password."""


def key_state(config) -> str | None:
    """Return why mailboxes are off ("missing" or "invalid"), or None when the key works."""
    try:
        _fernet(config)
    except MailboxKeyMissing:
        return "missing"
    except MailboxKeyInvalid:
        return "invalid"
    return None


def seal(config, secret: str) -> str:
    """Return the secret encrypted under the current key."""
    return _fernet(config).encrypt(secret.encode("utf-8")).decode("ascii")


def unseal(config, sealed: str) -> str:
    """Return the secret a sealed value holds."""
    try:
        return _fernet(config).decrypt(sealed.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise MailboxKeyInvalid("The stored password cannot be decrypted with the configured "
                                "FOIA_MAILBOX_KEY; enter the password again.") from error


def _fernet(config) -> MultiFernet:
    text = str(config.get(KEY_SETTING) or "").strip()
    if not text:
        raise MailboxKeyMissing("FOIA_MAILBOX_KEY is not set.")
    try:
        return MultiFernet([Fernet(key.strip()) for key in text.split(",") if key.strip()])
    except (ValueError, TypeError) as error:
        raise MailboxKeyInvalid("FOIA_MAILBOX_KEY is not a valid Fernet key (32 url-safe "
                                "base64-encoded bytes).") from error
