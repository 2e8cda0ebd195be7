"""Headers, cookies, CSRF and error pages."""

from sqlalchemy import func, select

from foia_tracker.agencies.models import Agency
from foia_tracker.extensions import db

from .conftest import PASSWORD, csrf_token


def test_every_page_sends_the_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_session_cookie_is_httponly_and_samesite(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_post_without_csrf_token_is_refused_and_writes_nothing(client, make_user, login):
    login(make_user())
    response = client.post("/agencies/new", data={"name": "X", "jurisdiction": "OR",
                                                  "level": "city", "kind": "police"})
    assert response.status_code == 400 and "security token" in response.text
    assert db.session.scalar(select(func.count()).select_from(Agency)) == 0


def test_pages_need_a_login(client):
    for path in ("/dashboard", "/requests/", "/agencies/", "/admin/users"):
        assert client.get(path).location.startswith("/login?next="), path


def test_an_unknown_page_is_a_clear_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Not Found" in response.text


def test_an_unexpected_error_gives_a_plain_500_page_without_a_trace(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "nothing was saved" in response.text and "secret internals" not in response.text


def test_the_css_is_served_by_the_app_itself(client):
    page = client.get("/login").text
    assert 'href="/static/app.css"' in page and "http" not in page.split("<body>")[0].replace(
        'name="viewport"', "")
    with client.get("/static/app.css") as stylesheet:
        assert stylesheet.status_code == 200 and "font" in stylesheet.text


def test_health_check_answers_without_login_and_reveals_nothing(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"
    assert response.headers["Cache-Control"] == "no-store"
