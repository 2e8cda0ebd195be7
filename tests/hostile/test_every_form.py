"""What holds for every form: a valid baseline, CSRF, the role needed, and objects out of reach."""

import functools
import itertools
import os
from urllib.parse import urljoin, urlsplit

import pyotp
import pytest
from flask import url_for

from foia_tracker import create_app
from foia_tracker.extensions import db
from foia_tracker.twofactor.services import twofactor_begin, twofactor_enable
from foia_tracker.users.models import User

from ..conftest import csrf_token
from ..files import make_pdf
from .conftest import (
    CSRF_MESSAGE, FORMS, PASSWORD, SETUP_BASELINE, HtmlForm, Hostile, Objects, Upload, World,
    assert_refused, database_rows, encode_body, heading, hostile_values, page_forms, post_form,
    STRICT_KINDS, URL_CHOICES, URL_PARAMETERS,
)


@pytest.mark.parametrize("form", FORMS)
def test_baseline_submission_is_accepted(client, as_admin, form):
    """The valid values each hostile case starts from are accepted, so a refusal is the case's."""
    spec = FORMS[form]
    response, _ = post_form(client, spec.path(as_admin), spec.baseline(as_admin),
                            form_page=spec.page(as_admin))
    assert response.status_code == 302, heading(response)


# --- Objects of another organisation, or that do not exist: 404 and nothing written ---------

FOREIGN_POSTS = [
    pytest.param(lambda w: f"/requests/{w.outsider_request_id}/edit", "request-edit",
                 id="edit-other-organisations-request"),
    pytest.param(lambda w: f"/requests/{w.outsider_request_id}/communications/",
                 "communication-new", id="log-on-other-organisations-request"),
    pytest.param(lambda w: f"/requests/{w.request_id}/communications/"
                           f"{w.outsider_communication_id}/edit",
                 "communication-edit", id="edit-other-requests-communication"),
    pytest.param(lambda w: f"/requests/{w.outsider_request_id}/communications/"
                           f"{w.outsider_communication_id}/delete",
                 "communication-edit", id="delete-other-organisations-communication"),
    pytest.param(lambda w: f"/admin/users/{w.outsider_id}", "user-edit",
                 id="edit-other-organisations-user"),
    pytest.param(lambda w: "/agencies/999999/edit", "agency-edit", id="edit-missing-agency"),
    pytest.param(lambda w: "/requests/999999/communications/", "communication-new",
                 id="log-on-missing-request"),
]


@pytest.mark.parametrize("path, form", FOREIGN_POSTS)
def test_objects_out_of_reach_are_404(client, as_admin, path, form):
    response, before = post_form(client, path(as_admin), FORMS[form].baseline(as_admin),
                                 token_page="/dashboard")
    assert_refused(response, before, status=404, field=None, message=None)


@pytest.mark.parametrize("path", ["/requests/abc", "/requests/abc/edit", "/agencies/abc/edit",
                                  "/admin/users/abc", "/requests/1e3", "/requests/-1",
                                  "/requests/99999999999999999999999"])
def test_non_numeric_ids_in_urls_are_404(client, as_admin, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("form", [name for name in FORMS if name != "invitation"])
def test_viewer_cannot_post_any_editing_form(client, as_viewer, form):
    spec = FORMS[form]
    response, before = post_form(client, spec.path(as_viewer), spec.baseline(as_viewer),
                                 token_page="/dashboard")
    assert_refused(response, before, status=403, field=None, message="This needs the")


# --- CSRF -----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "forged-token"], ids=["missing", "empty", "forged"])
@pytest.mark.parametrize("form", FORMS)
def test_post_without_valid_csrf_token_is_400(client, as_admin, form, token):
    spec = FORMS[form]
    data = spec.baseline(as_admin)
    if token is not None:
        data["csrf_token"] = token
    response, before = post_form(client, spec.path(as_admin), data, token=False)
    assert_refused(response, before, status=400, field=None, message=CSRF_MESSAGE)


@pytest.mark.parametrize("path", [
    "/logout",
    "/requests/{request_id}/communications/{acknowledgment_id}/delete",
])
def test_other_posts_without_csrf_token_are_400(client, as_admin, path):
    response, before = post_form(client, path.format(**vars(as_admin)), {}, token=False)
    assert_refused(response, before, status=400, field=None, message=CSRF_MESSAGE)
    assert client.get("/dashboard").status_code == 200  # still logged in


@pytest.mark.parametrize("path, data", [
    ("/setup", SETUP_BASELINE),
    ("/login", {"email": "editor@example.org", "password": PASSWORD}),
])
def test_anonymous_posts_without_csrf_token_are_400(client, path, data, request):
    if path == "/login":
        request.getfixturevalue("world")
    response, before = post_form(client, path, data, token=False)
    assert_refused(response, before, status=400, field=None, message=CSRF_MESSAGE)


# --- Every POST route, every field of its form, a matrix of hostile values -------------------
#
# The routes come from app.url_map and the fields from the forms the app itself renders, so a
# new route or field is covered without editing this file. A route whose URL parameters or form
# cannot be found fails with a message saying what to add.

#: Routes posted without logging in, with the state each needs (a fresh install for setup).
ANONYMOUS = {"auth.login", "auth.accept_invitation", "twofactor.code", "setup.install"}
#: Tables a refused post may write to: failed sign-ins are counted to slow down guessing.
MAY_WRITE = {"auth.login": ("login_attempt",), "twofactor.code": ("login_attempt",)}
#: Routes whose form appears only once a user has started (or finished) two-factor enrolment.
ENROLMENT = {"twofactor.setup": "started", "twofactor.disable": "enabled",
             "twofactor.new_recovery_codes": "enabled", "twofactor.code": "enabled"}
#: Routes outside /admin/ that only an organisation's admin may post.
ADMIN_ONLY = {"documents.delete", "campaigns.create", "campaigns.invite", "campaigns.accept",
              "campaigns.decline", "campaigns.leave", "campaigns.remove", "coalition_letters.sign",
              "coalition_letters.finalise"}
ERROR_MARKS = ('class="error"', "flash-error", 'role="alert"')


def _post_rules():
    app = create_app({"TESTING": True, "SECRET_KEY": "collect",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    rules = sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods),
                   key=lambda r: r.rule)
    return [(rule.endpoint, combination) for rule in rules
            for combination in _choices(rule.arguments)]


def _choices(arguments) -> list[dict]:
    combinations = [{}]
    for name in sorted(arguments & URL_CHOICES.keys()):
        combinations = [{**c, name: value} for c in combinations for value in URL_CHOICES[name]]
    return combinations


def pytest_generate_tests(metafunc):
    if "post_route" in metafunc.fixturenames:
        routes = _post_rules()
        metafunc.parametrize("post_route", routes, ids=[
            "-".join([endpoint, *fixed.values()]) for endpoint, fixed in routes])


def _role_user(endpoint: str, rule: str, objects: Objects) -> int | None:
    """The user who may post a route: an operator for stewardship, an admin under /admin/."""
    if endpoint in ANONYMOUS:
        return None
    if endpoint.startswith(("agencies.review.", "closures.")):
        return objects.operator_id
    if rule.startswith("/admin/") or endpoint in ADMIN_ONLY:
        return objects.world.admin_id
    return objects.world.editor_id


def _url(app, endpoint: str, arguments, fixed: dict, objects: Objects) -> str:
    missing = sorted(arguments - fixed.keys() - URL_PARAMETERS.keys())
    assert not missing, (f"POST route {endpoint} has URL parameter(s) {missing} that no fixture "
                         "fills: add them to URL_PARAMETERS (and the object to every_object) in "
                         "tests/hostile/conftest.py")
    values = {**fixed}
    for name in arguments - fixed.keys():
        values[name] = URL_PARAMETERS[name](objects, {**fixed, "endpoint": endpoint})
    with app.test_request_context():
        return url_for(endpoint, **values)


def _enrol(user_id: int, state: str) -> None:
    user = db.session.get(User, user_id)
    twofactor_begin(user=user)
    if state == "enabled":
        twofactor_enable(user=user, code=pyotp.TOTP(user.totp_secret).now())


def _candidate_pages(app, path: str, objects: Objects | None):
    """Yield the pages that may hold a route's form: the route itself, then every page with
    no query, closest path first."""
    seen = set()
    rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods]
    for rule in rules:
        if objects is None and rule.arguments:
            continue
        try:
            page = _url(app, rule.endpoint, rule.arguments, _choices(rule.arguments)[0], objects)
        except AssertionError:
            continue
        seen.add(page)
    yield path
    yield from sorted(seen - {path}, key=lambda page: -len(os.path.commonprefix([page, path])))


def _forms_posting_to(client, app, path: str, objects) -> list[HtmlForm]:
    unreadable = {}
    for page in _candidate_pages(app, path, objects):
        response = client.get(page)
        if response.status_code >= 500:
            unreadable[page] = response.status_code
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        forms = [f for f in page_forms(response.text, page)
                 if urlsplit(urljoin(page, f.action)).path == path]
        if forms:
            return forms
    pytest.fail(f"no page the user can open has a form posting to {path}: a new route needs "
                "its form on a page the user of its role sees (ADMIN_ONLY, ENROLMENT here), or a "
                f"fixture in tests/hostile/conftest.py; pages that failed: {unreadable}")


@functools.cache
def _small_pdf() -> bytes:
    return make_pdf(["A small valid release."])


def _baseline(form: HtmlForm, path: str, world: World | None) -> list:
    """The form's own fields, with a known valid submission on top where one is known."""
    known = {}
    for spec in FORMS.values():
        if world is not None and spec.path(world) == path:
            known = spec.baseline(world)
    pairs = [(name, known.pop(name) if name in known else value) for name, value in form.pairs]
    pairs += [(name, Upload("release.pdf", _small_pdf()))
              for name, kind in form.kinds.items() if kind == "file"]
    return pairs


def _verdict(response, before: dict, *, kind: str, hostile: Hostile, except_tables) -> str | None:
    """Return what is wrong with the answer to a hostile value, or None."""
    status, text = response.status_code, response.get_data(as_text=True)
    if status >= 500:
        return f"{status}"
    refused = 400 <= status < 500 or status == 200 and any(m in text for m in ERROR_MARKS)
    after = database_rows()
    changed = [t for t in before if t not in except_tables and before[t] != after[t]]
    if refused and changed:
        return f"{status} refused, yet rows were written to {changed}"
    stored = [t for t in changed if _holds(after[t], hostile.value)]
    if not refused and stored and hostile.strict and kind in STRICT_KINDS:
        return f"{status} without an error, and a value that must be refused was stored in {stored}"
    return None


def _holds(rows: list[str], value) -> bool:
    """Whether a value, as the database would return it, is in any of the rows."""
    return isinstance(value, str) and any(repr(value)[1:-1] in row for row in rows)


def test_no_hostile_value_in_any_field_of_any_post_route_makes_a_500(app, client, request, login,
                                                                     post_route):
    """Every field of every POST form: never a 5xx, a refusal says why and writes nothing."""
    endpoint, fixed = post_route
    rule = next(r for r in app.url_map.iter_rules(endpoint))
    objects = None if endpoint == "setup.install" else request.getfixturevalue("every_object")
    path = _url(app, endpoint, rule.arguments, fixed, objects)
    user_id = _role_user(endpoint, rule.rule, objects) if objects else None
    if endpoint in ENROLMENT:
        user_id = user_id or objects.world.editor_id
    if user_id:
        login(db.session.get(User, user_id))
        if endpoint in ENROLMENT:
            _enrol(user_id, ENROLMENT[endpoint])
        if endpoint == "twofactor.code":
            client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
            login_form = {"email": db.session.get(User, user_id).email, "password": PASSWORD,
                          "csrf_token": csrf_token(client, "/login")}
            assert client.post("/login", data=login_form).status_code == 302
    problems = []
    for form in _forms_posting_to(client, app, path, objects):
        baseline = _baseline(form, path, objects.world if objects else None)
        variants = [[button] for button in form.buttons] or [[]]
        fields = [name for name in form.kinds if name != "csrf_token"]
        for variant, name in itertools.product(variants, fields):
            kind = form.kinds[name]
            for hostile in hostile_values(kind):
                value = hostile.value
                sent = [(name, v) for v in value] if isinstance(value, tuple) else [(name, value)]
                pairs = [p for p in baseline if p[0] != name] + sent + variant
                body, content_type = encode_body(pairs)
                before = database_rows()
                response = client.post(form.action, data=body, content_type=content_type)
                db.session.rollback()
                wrong = _verdict(response, before, kind=kind, hostile=hostile,
                                 except_tables=MAY_WRITE.get(endpoint, ()))
                if wrong:
                    problems.append(f"POST {path} {variant} {name} ({kind}) = {hostile.name}: {wrong}")
    assert not problems, "\n".join(problems)


def test_a_400_digit_year_in_the_purchases_filter_is_refused_not_a_500(client, as_admin):
    response = client.get("/evidence/purchases?year=" + "9" * 400)
    assert response.status_code in (200, 400), heading(response)
    assert "Enter a smaller whole number." in response.text
