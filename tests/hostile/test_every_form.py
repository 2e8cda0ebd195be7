"""What holds for every form: a valid baseline, CSRF, the role needed, and objects out of reach."""

import pytest

from .conftest import (
    CSRF_MESSAGE, FORMS, PASSWORD, SETUP_BASELINE, assert_refused, heading, post_form,
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
