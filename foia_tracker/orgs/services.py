"""Use-cases for organisations: the first-run setup and adding affiliates."""

from sqlalchemy import exists, select

from ..audit.recorder import acting_as
from ..extensions import db
from ..users.models import Role, User
from ..users.services import email_taken, normalise_email
from .models import Organisation


class SetupAlreadyDone(Exception):
    """The installation already has users; setup runs once only."""


class OrganisationExists(ValueError):
    """The name or code belongs to another organisation."""


def needs_setup() -> bool:
    """Return whether the installation has no user yet."""
    return not db.session.scalar(select(exists().where(User.id.is_not(None))))


def setup_install(*, organisation_name: str, organisation_code: str, admin_name: str,
                  admin_email: str, admin_password: str) -> User:
    """Create the first organisation and its admin, once."""
    if not needs_setup():
        raise SetupAlreadyDone()
    organisation = organisation_create(name=organisation_name, code=organisation_code, commit=False)
    admin = User(organisation=organisation, email=normalise_email(admin_email),
                 name=admin_name.strip(), role=Role.admin)
    admin.set_password(admin_password)
    with acting_as(admin):
        db.session.add(admin)
        db.session.commit()
    return admin


def organisation_create(*, name: str, code: str, commit: bool = True) -> Organisation:
    """Add an organisation with a unique name and code."""
    code = code.strip().upper()
    taken = db.session.scalar(select(Organisation).where(
        (Organisation.name == name.strip()) | (Organisation.code == code)))
    if taken is not None:
        raise OrganisationExists(f"An organisation named {taken.name} with code {taken.code} exists.")
    organisation = Organisation(name=name.strip(), code=code)
    db.session.add(organisation)
    if commit:
        db.session.commit()
    return organisation


def organisation_with_admin(*, name: str, code: str, admin_name: str, admin_email: str) -> User:
    """Add an organisation and its first admin, who sets a password through an invitation."""
    if email_taken(admin_email):
        raise OrganisationExists(f"The e-mail {admin_email} already has an account.")
    organisation = organisation_create(name=name, code=code, commit=False)
    admin = User(organisation=organisation, email=normalise_email(admin_email),
                 name=admin_name.strip(), role=Role.admin)
    db.session.add(admin)
    db.session.commit()
    return admin


def organisation_update(*, organisation: Organisation, name: str, followup_policy_days: int,
                        followup_repeat_business_days: int, escalation_business_days: int) -> None:
    """Change the organisation's name or alert policies; policy dates are recomputed."""
    clash = db.session.scalar(select(Organisation.id).where(
        Organisation.name == name.strip(), Organisation.id != organisation.id))
    if clash is not None:
        raise OrganisationExists("Another organisation has this name.")
    organisation.name = name.strip()
    organisation.followup_repeat_business_days = followup_repeat_business_days
    organisation.escalation_business_days = escalation_business_days
    if organisation.followup_policy_days != followup_policy_days:
        organisation.followup_policy_days = followup_policy_days
        from ..records.recompute import deadlines_recompute_all

        deadlines_recompute_all(reason="follow-up policy changed", organisation_id=organisation.id)
    db.session.commit()
