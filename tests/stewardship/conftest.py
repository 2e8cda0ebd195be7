"""A coalition of two organisations with every role, and an operator, for the stewardship tests."""

from datetime import date

import pytest

from foia_tracker.extensions import db
from foia_tracker.users.models import Role, User

from ..conftest import csrf_token

#: Received on a Monday: a closure on the Wednesday after moves every clock of the request.
SENT_ON = date(2026, 11, 2)
CLOSED_ON = "2026-11-04"
ROLES = ("viewer", "editor", "admin", "operator")


class Coalition:
    """Two organisations; their users are made on first use (hashing a password takes a while)."""

    def __init__(self, make_organisation, make_user):
        self.own = make_organisation("Own Affiliate", "OWN")
        self.other = make_organisation("Other Affiliate", "OTH")
        self._make_user = make_user
        self._users: dict[tuple[str, str], User] = {}

    def user(self, role: str, organisation: str = "own") -> User:
        """Return the organisation's user of a role, or its operator (role "operator")."""
        key = (role, organisation)
        if key not in self._users:
            # The flag alone makes an operator: here on a viewer, who could change nothing else.
            user = self._make_user(Role.viewer if role == "operator" else Role[role],
                                   organisation=self.own if organisation == "own" else self.other)
            user.is_operator = role == "operator"
            db.session.commit()
            self._users[key] = user
        return self._users[key]

    @property
    def other_editor(self) -> User:
        return self.user("editor", "other")


@pytest.fixture
def coalition(make_organisation, make_user) -> Coalition:
    """Return the own organisation, another one, and their users by role."""
    return Coalition(make_organisation, make_user)


@pytest.fixture
def post_form(client):
    """Post a form with the CSRF token of the page it is on; return the response."""

    def post(path: str, data: dict, page: str | None = None):
        return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})

    return post
