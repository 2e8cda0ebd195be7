"""Connect, change and remove mailboxes: each service one unit of work, audited."""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import Mailbox
from .sealing import seal

#: Settings that say which messages the UIDs refer to: changing one restarts the reading.
WHERE_SETTINGS = ("host", "port", "username", "folder")


class MailboxNotFound(Exception):
    """No such mailbox in the organisation."""


class MailboxNameTaken(Exception):
    """The organisation already has a mailbox with that name."""


def mailboxes_of(*, organisation_id: int) -> list[Mailbox]:
    """Return the organisation's mailboxes by name."""
    return list(db.session.scalars(select(Mailbox).where(
        Mailbox.organisation_id == organisation_id).order_by(Mailbox.name, Mailbox.id)))


def mailbox_get(*, mailbox_id: int, organisation_id: int) -> Mailbox:
    """Return the organisation's mailbox, or raise MailboxNotFound."""
    mailbox = db.session.get(Mailbox, mailbox_id)
    if mailbox is None or mailbox.organisation_id != organisation_id:
        raise MailboxNotFound()
    return mailbox


def mailbox_create(*, organisation_id: int, values: dict, password: str) -> Mailbox:
    """Connect a mailbox; it is read from its first message on the next check."""
    mailbox = Mailbox(organisation_id=organisation_id, secret_sealed=seal(current_app.config,
                                                                          password), **values)
    db.session.add(mailbox)
    _commit_or_name_taken()
    return mailbox


def mailbox_update(*, mailbox_id: int, organisation_id: int, values: dict,
                   password: str | None) -> Mailbox:
    """Change a mailbox's settings; an empty password keeps the saved one."""
    mailbox = mailbox_get(mailbox_id=mailbox_id, organisation_id=organisation_id)
    if any(getattr(mailbox, key) != values[key] for key in WHERE_SETTINGS):
        # Other server, account or folder: its UIDs are new; filing dedupes what was seen.
        mailbox.uidvalidity, mailbox.last_uid = None, 0
    for key, value in values.items():
        setattr(mailbox, key, value)
    if password:
        mailbox.secret_sealed = seal(current_app.config, password)
    mailbox.last_error = None
    _commit_or_name_taken()
    return mailbox


def mailbox_remove(*, mailbox_id: int, organisation_id: int) -> None:
    """Disconnect a mailbox; what was filed from it stays filed."""
    db.session.delete(mailbox_get(mailbox_id=mailbox_id, organisation_id=organisation_id))
    db.session.commit()


def _commit_or_name_taken() -> None:
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise MailboxNameTaken("Another mailbox already has this name.") from error
