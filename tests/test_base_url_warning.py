"""Admins are warned when e-mail and calendar links would use the default base URL elsewhere."""

import pytest

from foia_tracker.users.models import Role

from .conftest import PASSWORD

WARNING = "Links in e-mails and calendar feeds point to"


def page_at(client, user, base_url: str, path: str) -> str:
    """Log in and fetch a page, both at `base_url` (the session cookie is per host)."""
    login_page = client.get("/login", base_url=base_url).text
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/login", base_url=base_url,
                data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    return client.get(path, base_url=base_url).text


@pytest.mark.parametrize("path", ["/dashboard", "/profile"])
def test_an_admin_on_another_host_is_told_to_set_the_base_url(client, make_user, path):
    page = page_at(client, make_user(role=Role.admin), "http://foia.example.org", path)
    assert WARNING in page
    assert "FOIA_BASE_URL=http://foia.example.org" in page


def test_editors_and_the_default_host_see_no_warning(client, make_user):
    editor, admin = make_user(role=Role.editor), make_user(role=Role.admin)
    assert WARNING not in page_at(client, editor, "http://foia.example.org", "/profile")
    assert WARNING not in page_at(client, admin, "http://127.0.0.1:5000", "/profile")


def test_a_configured_base_url_silences_the_warning(app, client, make_user):
    app.config["BASE_URL"] = "https://records.example.net"
    assert WARNING not in page_at(client, make_user(role=Role.admin), "http://foia.example.org",
                                  "/dashboard")
