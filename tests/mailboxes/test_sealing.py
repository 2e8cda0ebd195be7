"""Mailbox passwords sealed with Fernet: unreadable without the key, a key rotated by listing the
new one first, and a wrong or missing key named rather than crashing."""

import pytest
from cryptography.fernet import Fernet

from foia_tracker.mailboxes.sealing import (
    MailboxKeyInvalid, MailboxKeyMissing, key_state, seal, unseal,
)

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_a_sealed_password_opens_only_with_its_key():
    sealed = seal({"MAILBOX_KEY": OLD}, "app password ü")
    assert "app password" not in sealed
    assert unseal({"MAILBOX_KEY": OLD}, sealed) == "app password ü"
    with pytest.raises(MailboxKeyInvalid, match="enter the password again"):
        unseal({"MAILBOX_KEY": NEW}, sealed)


def test_a_rotated_key_still_opens_old_passwords_and_seals_new_ones_with_the_new_key():
    sealed_before = seal({"MAILBOX_KEY": OLD}, "before")
    rotated = {"MAILBOX_KEY": f"{NEW}, {OLD}"}
    assert unseal(rotated, sealed_before) == "before"
    assert unseal({"MAILBOX_KEY": NEW}, seal(rotated, "after")) == "after"


@pytest.mark.parametrize("key, state", [(None, "missing"), ("  ", "missing"),
                                        ("not-a-key", "invalid"), (OLD, None)])
def test_the_key_state_says_why_mailboxes_are_off(key, state):
    assert key_state({"MAILBOX_KEY": key}) == state


def test_sealing_without_a_key_is_refused():
    with pytest.raises(MailboxKeyMissing):
        seal({}, "secret")
