"""Login throttling protects the account's owner: failures count per address, not per account."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from foia_tracker import create_app
from foia_tracker.alerts.sweep import alerts_sweep
from foia_tracker.db_types import utcnow
from foia_tracker.extensions import db
from foia_tracker.users import login as login_module
from foia_tracker.users.models import LoginAttempt

from .conftest import PASSWORD, IsolatedClient, csrf_token

ROOT = Path(__file__).resolve().parents[1]


def client_from(app, address: str, forwarded_for: str | None = None):
    """Return a test client whose requests come from this address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if forwarded_for:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client


def attempt(client, email: str, password: str):
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client, "/login")})


def fail(client, email: str, times: int) -> None:
    for _ in range(times):
        assert attempt(client, email, "wrong guess, again").status_code == 401


def test_a_flood_from_one_address_does_not_lock_the_owner_out_from_another(app, make_user):
    victim = make_user()
    attacker, owner = client_from(app, "127.0.0.2"), client_from(app, "127.0.0.3")
    fail(attacker, victim.email, app.config["LOGIN_MAX_FAILURES"])
    refused = attempt(attacker, victim.email, PASSWORD)
    assert refused.status_code == 429 and "Too many failed attempts for this account" in refused.text
    assert refused.headers["Retry-After"] == str(app.config["LOGIN_LOCKOUT_MINUTES"] * 60)
    assert attacker.get("/dashboard").status_code == 302
    assert attempt(owner, victim.email, PASSWORD).location == "/dashboard"
    assert victim.name in owner.get("/dashboard").text


def test_spraying_one_password_over_many_accounts_throttles_the_address(app, make_user):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    user = make_user()
    sprayer = client_from(app, "127.0.0.2")
    for n in range(4):  # one failure per account: no account reaches its own limit
        fail(sprayer, f"someone{n}@example.org", 1)
    refused = attempt(sprayer, user.email, PASSWORD)
    assert refused.status_code == 429 and "from your network" in refused.text
    assert attempt(client_from(app, "127.0.0.3"), user.email, PASSWORD).status_code == 302


def test_a_success_forgets_only_its_own_address_s_failures(app, make_user):
    user = make_user()
    limit = app.config["LOGIN_MAX_FAILURES"]
    attacker, owner = client_from(app, "127.0.0.2"), client_from(app, "127.0.0.3")
    fail(attacker, user.email, limit)
    fail(owner, user.email, limit - 1)
    assert attempt(owner, user.email, PASSWORD).status_code == 302
    assert attempt(attacker, user.email, PASSWORD).status_code == 429


def test_forwarded_addresses_count_only_behind_a_configured_proxy(app, make_user, database_url):
    user = make_user()
    limit = app.config["LOGIN_MAX_FAILURES"]
    # No proxy configured: a forged X-Forwarded-For does not give a fresh address.
    for n in range(limit):
        fail(client_from(app, "127.0.0.2", forwarded_for=f"203.0.113.{n}"), user.email, 1)
    assert attempt(client_from(app, "127.0.0.2", "203.0.113.99"), user.email, PASSWORD).status_code == 429

    proxied = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "PROXY_COUNT": 1,
                          "SQLALCHEMY_DATABASE_URI": database_url,
                          "DOCUMENTS_PATH": app.config["DOCUMENTS_PATH"]})
    proxied.test_client_class = IsolatedClient
    try:
        # Behind one proxy (127.0.0.2 here) each forwarded client is counted on its own.
        behind = client_from(proxied, "127.0.0.2", forwarded_for="198.51.100.7")
        fail(behind, user.email, limit)
        assert attempt(behind, user.email, PASSWORD).status_code == 429
        other = client_from(proxied, "127.0.0.2", forwarded_for="198.51.100.8")
        assert attempt(other, user.email, PASSWORD).status_code == 302
        addresses = set(db.session.scalars(select(LoginAttempt.remote_addr)))
        assert "198.51.100.7" in addresses and "127.0.0.2" in addresses
    finally:
        with proxied.app_context():
            db.engine.dispose()


def test_the_sweep_prunes_old_attempts(app):
    now = utcnow()
    db.session.add_all([LoginAttempt(email="a@example.org", remote_addr="127.0.0.2",
                                     attempted_at=now - timedelta(days=2)),
                        LoginAttempt(email="a@example.org", remote_addr="127.0.0.2",
                                     attempted_at=now - timedelta(minutes=5))])
    db.session.commit()
    alerts_sweep(now=now)
    kept = db.session.scalars(select(LoginAttempt.attempted_at)).all()
    assert len(kept) == 1 and kept[0] > now - timedelta(hours=1)


@pytest.fixture
def hash_checks(monkeypatch):
    """Record the hash each password check is made against."""
    checked = []
    real = login_module.check_password_hash

    def counting(password_hash, password):
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(login_module, "check_password_hash", counting)
    return checked


def test_an_unknown_address_costs_the_same_hash_work_as_a_known_one(
        app, client, make_user, hash_checks):
    user = make_user()
    invited = make_user()
    invited.password_hash = None
    inactive = make_user()
    inactive.is_active_account = False
    db.session.commit()
    method = user.password_hash.split("$")[0]  # e.g. scrypt:32768:8:1
    for email in (user.email, "nobody@example.org", invited.email, inactive.email):
        hash_checks.clear()
        assert attempt(client, email, "wrong guess, again").status_code == 401
        assert len(hash_checks) == 1 and hash_checks[0].split("$")[0] == method, email
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 4


@pytest.fixture
def gunicorn(app, database_url):
    """Run the app under gunicorn on the test's database; return its port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "foia_tracker:create_app()"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "FOIA_DATABASE_URL": database_url, "FOIA_SECRET_KEY": "test-secret",
             "FOIA_DOCUMENTS_PATH": app.config["DOCUMENTS_PATH"]})
    try:
        for _ in range(400):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.communicate(timeout=30)


def served_login(port: int, source: str, email: str, password: str) -> int:
    """Log in from this source address over real TCP; return the status of the POST."""
    def send(method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                                source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response, response.read().decode()
        finally:
            connection.close()

    response, page = send("GET", "/login")
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    response, _ = send("POST", "/login", body, {
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    return response.status


def test_under_gunicorn_a_flood_from_127_0_0_2_leaves_127_0_0_3_alone(app, make_user, gunicorn):
    user = make_user()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert served_login(gunicorn, "127.0.0.2", user.email, "wrong guess, again") == 401
    assert served_login(gunicorn, "127.0.0.2", user.email, PASSWORD) == 429
    assert served_login(gunicorn, "127.0.0.3", user.email, PASSWORD) == 302
    assert set(db.session.scalars(select(LoginAttempt.remote_addr))) == {"127.0.0.2"}
