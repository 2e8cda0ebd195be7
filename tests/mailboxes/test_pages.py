"""The Mailboxes pages: admins only, their own organisation only, the password sealed and never
shown again, nothing offered without a key, and every failure to read said in words."""

import re

from cryptography.fernet import Fernet

from foia_tracker.extensions import db
from foia_tracker.mailboxes.models import Mailbox, Security
from foia_tracker.users.models import Role

from ..conftest import csrf_token
from . import messages
from .dovecot import free_port


def form_data(client, account, **overrides):
    data = {"name": "Records inbox", "host": account.server.host, "security": "tls",
            "port": str(account.server.port), "username": account.user,
            "password": account.server.password, "folder": "INBOX", "filed_folder": "",
            "trusted_authserv_id": "", "csrf_token": csrf_token(client, "/admin/mailboxes/new")}
    data.update(overrides)
    return data


def test_without_a_key_the_page_says_how_to_set_one_and_offers_nothing(client, login, admin):
    login(admin)
    page = client.get("/admin/mailboxes/")
    assert page.status_code == 200
    assert "Mailboxes are switched off" in page.text and "FOIA_MAILBOX_KEY" in page.text
    assert "Connect a mailbox" not in page.text
    assert client.get("/admin/mailboxes/new").status_code == 409


def test_an_invalid_key_is_named_as_such(app, client, login, admin):
    app.config["MAILBOX_KEY"] = "not-a-fernet-key"
    login(admin)
    assert "is\nnot a valid Fernet key" in client.get("/admin/mailboxes/").text or \
        "not a valid Fernet key" in client.get("/admin/mailboxes/").text


def test_an_admin_connects_a_mailbox_whose_password_is_sealed_and_never_shown(
        app, client, login, admin, account, trust_test_server, mailbox_key):
    login(admin)
    response = client.post("/admin/mailboxes/new", data=form_data(client, account))
    assert response.status_code == 302
    mailbox = db.session.scalar(db.select(Mailbox))
    assert account.server.password not in mailbox.secret_sealed
    assert Fernet(mailbox_key).decrypt(mailbox.secret_sealed.encode()).decode() == \
        account.server.password
    edit = client.get(f"/admin/mailboxes/{mailbox.id}")
    assert account.server.password not in edit.text
    assert mailbox.secret_sealed not in edit.text
    assert "Leave empty to keep the saved password" in edit.text
    # Saving without a password keeps the sealed one.
    data = form_data(client, account, password="", name="Renamed")
    data["csrf_token"] = csrf_token(client, f"/admin/mailboxes/{mailbox.id}")
    assert client.post(f"/admin/mailboxes/{mailbox.id}", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Mailbox, mailbox.id).name == "Renamed"
    assert Fernet(mailbox_key).decrypt(
        db.session.get(Mailbox, mailbox.id).secret_sealed.encode()).decode() == \
        account.server.password


def test_bad_settings_are_refused_with_messages(client, login, admin, account, mailbox_key):
    login(admin)
    response = client.post("/admin/mailboxes/new", data=form_data(
        client, account, host="imap://example.org/inbox", port="70000", password=""))
    assert response.status_code == 400
    assert "name only, e.g. imap.example.org" in response.text
    assert "A port is a number from 1 to 65535." in response.text
    assert "Enter the password" in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Mailbox)) == 0


def test_only_admins_of_the_same_organisation_reach_a_mailbox(
        client, login, make_user, admin, account, connect_mailbox):
    mailbox = connect_mailbox(admin.organisation, account)
    login(make_user(Role.editor, organisation=admin.organisation))
    assert client.get("/admin/mailboxes/").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    login(make_user(Role.admin))
    token = csrf_token(client, "/admin/mailboxes/new")
    assert client.get(f"/admin/mailboxes/{mailbox.id}").status_code == 404
    assert client.post(f"/admin/mailboxes/{mailbox.id}/check",
                       data={"csrf_token": token}).status_code == 404
    assert client.post(f"/admin/mailboxes/{mailbox.id}/remove",
                       data={"csrf_token": token}).status_code == 404
    assert "Inbox of" not in client.get("/admin/mailboxes/").text


def check_now(client, mailbox) -> str:
    token = csrf_token(client, "/admin/mailboxes/")
    response = client.post(f"/admin/mailboxes/{mailbox.id}/check", data={"csrf_token": token},
                           follow_redirects=True)
    assert response.status_code == 200
    return response.text


def status_cell(page: str) -> str:
    return re.sub(r"\s+", " ", re.search(r'<p class="error">(.*?)</p>', page, re.S).group(1))


def test_a_wrong_password_is_reported_in_words_on_the_page(
        client, login, admin, account, connect_mailbox):
    mailbox = connect_mailbox(admin.organisation, account, password="wrong password")
    login(admin)
    page = check_now(client, mailbox)
    assert "Authentication failed: the server refused the user name or password." in \
        status_cell(client.get("/admin/mailboxes/").text)
    assert "Traceback" not in page and "MailboxLoginError" not in page


def test_an_untrusted_certificate_is_a_tls_error(app, client, login, admin, account,
                                                 connect_mailbox):
    mailbox = connect_mailbox(admin.organisation, account)
    app.config["MAILBOX_CA_FILE"] = None
    login(admin)
    check_now(client, mailbox)
    assert status_cell(client.get("/admin/mailboxes/").text).startswith(
        "TLS error: the certificate of 127.0.0.1 is not trusted")


def test_a_closed_port_and_a_missing_folder_are_named(client, login, admin, account,
                                                      connect_mailbox):
    closed = connect_mailbox(admin.organisation, account, name="Closed", port=free_port())
    missing = connect_mailbox(admin.organisation, account, name="Missing", folder="Agencies")
    login(admin)
    check_now(client, closed)
    check_now(client, missing)
    db.session.expire_all()
    assert db.session.get(Mailbox, closed.id).last_error == \
        f"Host unreachable: 127.0.0.1 refused connections on port {closed.port}."
    assert db.session.get(Mailbox, missing.id).last_error == \
        "The folder “Agencies” does not exist on the server."
    page = client.get("/admin/mailboxes/").text
    assert "refused connections on port" in page and "does not exist on the server" in page


def test_an_empty_mailbox_is_read_and_the_page_says_when(client, login, admin, account,
                                                         connect_mailbox):
    mailbox = connect_mailbox(admin.organisation, account)
    login(admin)
    assert "Never" in client.get("/admin/mailboxes/").text
    page = check_now(client, mailbox)
    assert "Read 0 new messages." in page
    db.session.expire_all()
    read_at = db.session.get(Mailbox, mailbox.id).last_read_at
    assert read_at is not None
    assert read_at.strftime("%Y-%m-%d %H:%M") in page


def test_starttls_is_read_and_tls_spoken_to_a_starttls_port_is_an_error(
        client, login, admin, account, connect_mailbox):
    account.append(messages.unmatched())
    upgraded = connect_mailbox(admin.organisation, account, name="STARTTLS",
                               security=Security.starttls, port=account.server.starttls_port)
    mismatched = connect_mailbox(admin.organisation, account, name="Mismatched",
                                 port=account.server.starttls_port)
    login(admin)
    assert "Read 1 new message (1 triage)." in check_now(client, upgraded)
    check_now(client, mismatched)
    db.session.expire_all()
    assert db.session.get(Mailbox, mismatched.id).last_error == \
        f"TLS error: no secure connection could be made with 127.0.0.1:{mismatched.port}."
