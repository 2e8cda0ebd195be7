"""Sessions end: logout, a password change, deactivation and "log out everywhere"."""

import pytest

from foia_tracker import create_app
from foia_tracker.extensions import db
from foia_tracker.users.models import Role, User
from foia_tracker.users.services import user_update

from .conftest import PASSWORD, IsolatedClient, csrf_token

NEW_PASSWORD = "a different long passphrase"


def copy_of(app, client):
    """Return a second client holding a copy of this client's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def is_logged_in(client) -> bool:
    response = client.get("/dashboard")
    if response.status_code == 302:
        assert response.location.startswith("/login")
        return False
    return response.status_code == 200


def post(client, path: str, data=None, page: str = "/profile"):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **(data or {})})


def test_a_cookie_copied_before_logout_stops_working_at_once(app, client, make_user, login):
    login(make_user())
    copied = copy_of(app, client)
    assert is_logged_in(copied)
    assert post(client, "/logout", page="/dashboard").location == "/login"
    assert not is_logged_in(client) and not is_logged_in(copied)


def test_a_password_change_ends_every_other_session(app, client, make_user, login):
    user = login(make_user())
    other = copy_of(app, client)
    response = post(client, "/profile/password", {
        "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        page="/profile/password")
    assert response.location == "/profile"
    assert "every other session is logged out" in client.get("/profile").text
    assert is_logged_in(client) and not is_logged_in(other)
    post(client, "/logout", page="/dashboard")
    login(user, NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing(app, client, make_user, login):
    user = login(make_user())
    other = copy_of(app, client)
    old_hash = user.password_hash
    response = post(client, "/profile/password", {
        "current": "not my password at all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        page="/profile/password")
    assert response.status_code == 400
    assert 'id="current-error">This is not your current password.' in response.text
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == old_hash
    assert is_logged_in(other)


def test_log_out_everywhere_from_the_profile_page(app, client, make_user, login):
    login(make_user())
    other = copy_of(app, client)
    assert "Log out everywhere" in client.get("/profile").text
    assert post(client, "/logout/everywhere").location == "/login"
    assert not is_logged_in(client) and not is_logged_in(other)


def test_reactivating_a_user_does_not_revive_their_old_sessions(app, client, make_user, login):
    user = login(make_user())
    admin = make_user(Role.admin, organisation=user.organisation)
    assert is_logged_in(client)
    user_update(user=user, acting=admin, name=user.name, role=user.role, is_active=False)
    assert not is_logged_in(client)
    user_update(user=user, acting=admin, name=user.name, role=user.role, is_active=True)
    assert not is_logged_in(client)
    login(user)
    assert is_logged_in(client)


def configured_client(database_url, tmp_path, **config):
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "SQLALCHEMY_DATABASE_URI": database_url,
                      "DOCUMENTS_PATH": str(tmp_path / "documents"), **config})
    app.test_client_class = IsolatedClient
    return app, app.test_client()


@pytest.mark.parametrize("config, secure, hsts", [
    ({"BASE_URL": "https://foia.example.org"}, True, "max-age=31536000"),
    ({"BASE_URL": "http://127.0.0.1:5000"}, False, None),
    ({"BASE_URL": "https://foia.example.org", "SESSION_COOKIE_SECURE": False, "HSTS_SECONDS": 0},
     False, None),
    ({"BASE_URL": "http://127.0.0.1:5000", "SESSION_COOKIE_SECURE": True}, True, None),
])
def test_secure_cookies_and_hsts_follow_an_https_base_url(
        app, make_user, database_url, tmp_path, config, secure, hsts):
    user = make_user()
    other_app, browser = configured_client(database_url, tmp_path, **config)
    try:
        page = browser.get("/login")
        assert page.headers.get("Strict-Transport-Security") == hsts
        response = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                                "csrf_token": csrf_token(browser, "/login")})
        cookie = next(c for c in response.headers.getlist("Set-Cookie")
                      if c.startswith("session="))
        assert ("; Secure" in cookie) is secure
    finally:
        with other_app.app_context():
            db.engine.dispose()
