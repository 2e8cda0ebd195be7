"""Optional two-factor sign-in: enrolment, the code step, recovery codes, throttling, the org rule."""

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from foia_tracker.extensions import db
from foia_tracker.users.models import RecoveryCode, Role, User

from .conftest import PASSWORD, csrf_token


def post(client, path: str, data=None, page: str | None = None):
    return client.post(path, data={"csrf_token": csrf_token(client, page or path), **(data or {})})


def enrol(client, user, *, required=False) -> tuple[pyotp.TOTP, list[str]]:
    """Turn two-factor sign-in on through the profile pages; return the app and recovery codes."""
    if not required:
        assert "Turn on two-factor sign-in" in client.get("/profile").text
    assert post(client, "/profile/two-factor/start", page="/profile/two-factor").status_code == 302
    page = client.get("/profile/two-factor").text
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    totp = pyotp.TOTP(secret)
    done = post(client, "/profile/two-factor", {"code": totp.now()})
    assert done.status_code == 200 and "shown only this once" in done.text
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.text)
    assert len(codes) == 10
    return totp, codes


def next_code(totp: pyotp.TOTP) -> str:
    # The step after the one used to enrol: a code is accepted once only.
    return totp.at(time.time(), counter_offset=1)


def password_step(client, user, password=PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password,
                                       "csrf_token": csrf_token(client, "/login")})


def logged_in(client) -> bool:
    return client.get("/dashboard").status_code == 200


def log_out(client) -> None:
    # A user who still has to enrol sees only the enrolment page.
    post(client, "/logout", page="/dashboard" if logged_in(client) else "/profile/two-factor")


def test_enrolment_shows_an_inline_qr_code_and_the_recovery_codes_once(client, make_user, login):
    user = login(make_user())
    post(client, "/profile/two-factor/start", page="/profile/two-factor")
    page = client.get("/profile/two-factor").text
    # Drawn by the app itself: an inline SVG, no image fetched from another site.
    assert "<svg" in page and "<img" not in page.split("<main")[1]
    wrong = post(client, "/profile/two-factor", {"code": "000000"})
    assert wrong.status_code == 400 and "does not match" in wrong.text
    db.session.expire_all()
    assert not db.session.get(User, user.id).is_two_factor_enabled

    _, codes = enrol(client, user)
    db.session.expire_all()
    assert db.session.get(User, user.id).is_two_factor_enabled
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)
    assert not any(code.replace("-", "") in hashed for code in codes for hashed in stored)
    # Shown once: the setup page does not show them (or a new secret) again.
    assert client.get("/profile/two-factor").location == "/profile"
    assert "Two-factor sign-in is <strong>on</strong>" in client.get("/profile").text


def test_login_asks_for_the_code_after_the_password(client, make_user, login):
    user = login(make_user())
    totp, _ = enrol(client, user)
    log_out(client)
    assert password_step(client, user).location == "/login/code"
    assert not logged_in(client)
    wrong = post(client, "/login/code", {"code": "123456"})
    assert wrong.status_code == 401 and "This code is not valid" in wrong.text
    code = next_code(totp)
    assert post(client, "/login/code", {"code": code}).location == "/dashboard"
    assert logged_in(client)
    # The same code cannot sign in a second time (someone watching the screen).
    log_out(client)
    password_step(client, user)
    assert post(client, "/login/code", {"code": code}).status_code == 401


def test_a_wrong_password_never_reaches_the_code_step(client, make_user, login):
    user = login(make_user())
    enrol(client, user)
    log_out(client)
    assert password_step(client, user, "not the password!").status_code == 401
    assert client.get("/login/code").location == "/login"


def test_a_recovery_code_signs_in_once(client, make_user, login):
    user = login(make_user())
    _, codes = enrol(client, user)
    log_out(client)
    password_step(client, user)
    response = post(client, "/login/code", {"code": codes[3].upper().replace("-", " ")})
    assert response.location == "/dashboard"
    assert "Recovery code used: 9 left" in client.get("/dashboard").text
    log_out(client)
    password_step(client, user)
    assert post(client, "/login/code", {"code": codes[3]}).status_code == 401


def test_wrong_codes_are_throttled_like_passwords(app, make_user):
    user = make_user()
    guesser, owner = app.test_client(), app.test_client()
    guesser.environ_base["REMOTE_ADDR"], owner.environ_base["REMOTE_ADDR"] = "127.0.0.2", "127.0.0.3"
    password_step(owner, user)
    totp, _ = enrol(owner, user)
    log_out(owner)
    password_step(guesser, user)  # a stolen password
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert post(guesser, "/login/code", {"code": "000000"}).status_code == 401
    refused = post(guesser, "/login/code", {"code": next_code(totp)})
    assert refused.status_code == 429 and not logged_in(guesser)
    password_step(owner, user)
    assert post(owner, "/login/code", {"code": next_code(totp)}).location == "/dashboard"


def test_turning_it_off_needs_the_password(client, make_user, login):
    user = login(make_user())
    enrol(client, user)
    wrong = post(client, "/profile/two-factor/off", {"password": "not the password!"})
    assert wrong.status_code == 400 and "not your password" in wrong.text
    assert post(client, "/profile/two-factor/off", {"password": PASSWORD}).location == "/profile"
    assert db.session.scalars(select(RecoveryCode)).all() == []
    log_out(client)
    assert password_step(client, user).location == "/dashboard"


def test_an_admin_requires_it_for_everyone_in_the_organisation(app, client, make_user, login):
    admin = make_user(Role.admin)
    member = make_user(Role.editor, organisation=admin.organisation)
    outsider = make_user(Role.editor)
    login(admin)
    assert "Everyone in" in client.get("/admin/settings").text
    response = post(client, "/admin/two-factor", {"is_two_factor_required": "y"}, page="/admin/settings")
    assert response.location == "/admin/settings"
    log_out(client)

    login(member)
    # Every page leads to enrolment until the member has turned it on.
    assert client.get("/dashboard").location == "/profile/two-factor"
    assert client.get("/requests/").location == "/profile/two-factor"
    assert "requires two-factor sign-in" in client.get("/profile/two-factor").text
    enrol(client, member, required=True)
    assert logged_in(client)
    refused = post(client, "/profile/two-factor/off", {"password": PASSWORD})
    assert refused.status_code == 400 and "requires two-factor sign-in" in refused.text
    log_out(client)

    login(outsider)  # another organisation is not concerned
    assert logged_in(client)


def test_only_admins_set_the_organisation_rule(client, make_user, login):
    editor = login(make_user(Role.editor))
    assert post(client, "/admin/two-factor", {"is_two_factor_required": "y"},
                page="/dashboard").status_code == 403
    db.session.expire_all()
    assert not db.session.get(User, editor.id).organisation.is_two_factor_required


@pytest.mark.parametrize("value", ["NaN", "y" * 10_000, "on", "true"])
def test_a_setting_the_page_does_not_offer_is_refused(client, make_user, login, value):
    admin = login(make_user(Role.admin))
    response = post(client, "/admin/two-factor", {"is_two_factor_required": value},
                    page="/admin/settings")
    assert response.status_code == 400 and "Tick the box or leave it empty." in response.text
    db.session.expire_all()
    assert not db.session.get(User, admin.id).organisation.is_two_factor_required


@pytest.mark.parametrize("code", ["", "x" * 500, "12345\x00", "１２３４５６"])
def test_hostile_codes_are_refused_without_an_error(client, make_user, login, code):
    user = login(make_user())
    enrol(client, user)
    log_out(client)
    password_step(client, user)
    response = post(client, "/login/code", {"code": code})
    assert response.status_code in (400, 401) and 'class="error"' in response.text


def test_the_reset_command_lets_a_user_who_lost_everything_enrol_again(
        app, client, make_user, login, runner):
    user = login(make_user())
    enrol(client, user)
    db.session.expire_all()  # the command runs in this test's session: see the enrolment
    result = runner.invoke(args=["two-factor", "reset", user.email.upper()])
    assert result.exit_code == 0 and "is off; their sessions are ended" in result.output
    assert not logged_in(client)  # ended, like every other session of theirs
    assert password_step(client, user).location == "/dashboard"
    assert db.session.scalars(select(RecoveryCode)).all() == []
    unknown = runner.invoke(args=["two-factor", "reset", "nobody@example.org"])
    assert unknown.exit_code == 1 and "There is no user nobody@example.org." in unknown.output
