"""First-run setup, logging in and out, invitations and login throttling."""

import re

from sqlalchemy import func, select

from foia_tracker.extensions import db
from foia_tracker.orgs.models import Organisation
from foia_tracker.users.models import Role, User

from .conftest import PASSWORD, csrf_token

SETUP = {
    "organisation_name": "ACLU of Oregon", "organisation_code": "or", "admin_name": "Ann Admin",
    "admin_email": "Ann@Example.org", "password": PASSWORD, "confirm": PASSWORD,
}


def test_an_empty_installation_sends_visitors_to_the_setup_page(client):
    assert client.get("/").location == "/setup"
    page = client.get("/setup")
    assert page.status_code == 200 and "Create your organisation" in page.text


def test_setup_creates_the_organisation_and_its_admin_and_logs_in(client):
    response = client.post("/setup", data=SETUP | {"csrf_token": csrf_token(client, "/setup")})
    assert response.status_code == 302 and response.location == "/dashboard"
    admin = db.session.scalar(select(User))
    assert (admin.email, admin.role, admin.organisation.code) == ("ann@example.org", Role.admin, "OR")
    assert admin.password_hash.startswith("scrypt:") and PASSWORD not in admin.password_hash
    assert "Your open requests" in client.get("/dashboard").text


def test_setup_is_gone_once_a_user_exists(client, make_user):
    make_user()
    assert client.get("/setup").status_code == 404
    token = csrf_token(client, "/login")
    assert client.post("/setup", data=SETUP | {"csrf_token": token}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_setup_refuses_a_short_password_and_mismatched_confirmation(client):
    token = csrf_token(client, "/setup")
    response = client.post("/setup", data=SETUP | {"password": "short", "confirm": "other",
                                                   "csrf_token": token})
    assert response.status_code == 400
    assert "Use at least 12 characters" in response.text
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_login_and_logout(client, make_user, login):
    user = make_user()
    login(user)
    assert user.name in client.get("/dashboard").text
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    assert response.location == "/login"
    assert client.get("/dashboard").location.startswith("/login")


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "nope nope nope",
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 401 and "Wrong e-mail or password." in response.text


def test_login_is_throttled_after_repeated_failures(client, make_user, app):
    user = make_user()
    token = csrf_token(client, "/login")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login", data={"email": user.email, "password": "wrong guess!", "csrf_token": token})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 429 and "Too many failed attempts" in response.text
    assert client.get("/dashboard").status_code == 302


def test_login_does_not_redirect_to_another_site(client, make_user):
    user = make_user()
    response = client.post("/login?next=//evil.example/x", data={
        "email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client, "/login")})
    assert response.location == "/dashboard"


def test_an_admin_invites_a_viewer_who_sets_a_password_once(client, make_user, login, app):
    admin = login(make_user(Role.admin))
    response = client.post("/admin/users/invite", data={
        "name": "Vic Viewer", "email": "vic@example.org", "role": "viewer",
        "csrf_token": csrf_token(client, "/admin/users")})
    invitation_page = client.get(response.location)
    link = re.search(r'value="(http://localhost(/invitation/[^"]+))"', invitation_page.text).group(2)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})

    form = {"password": PASSWORD, "confirm": PASSWORD, "csrf_token": csrf_token(client, link)}
    assert client.post(link, data=form).location == "/dashboard"
    viewer = db.session.scalar(select(User).where(User.email == "vic@example.org"))
    assert viewer.role is Role.viewer and viewer.organisation_id == admin.organisation_id
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    reused = client.get(link)
    assert reused.status_code == 400 and "already been used" in reused.text


def test_an_invited_user_cannot_log_in_before_setting_a_password(client, make_user):
    user = make_user()
    user.password_hash = None
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": "",
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 400


def test_an_admin_cannot_remove_their_own_admin_role(client, make_user, login):
    admin = login(make_user(Role.admin))
    response = client.post(f"/admin/users/{admin.id}", data={
        "name": admin.name, "role": "viewer", "is_active": "y",
        "csrf_token": csrf_token(client, f"/admin/users/{admin.id}")})
    assert response.status_code == 400 and "cannot remove your own admin role" in response.text
    db.session.refresh(admin)
    assert admin.role is Role.admin


def test_a_deactivated_user_is_logged_out_and_cannot_log_in(client, make_user, login, app):
    user = login(make_user(Role.editor))
    user.is_active_account = False
    db.session.commit()
    assert client.get("/dashboard").status_code == 302
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 401
