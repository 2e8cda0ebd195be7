"""Links in long lists are built once per list, and must equal what url_for gives for each row."""

import pytest
from flask import url_for

from foia_tracker.web.routing import MAX_ID, id_url


@pytest.mark.parametrize("script_root", ["", "/foia", "/2147483647"])
@pytest.mark.parametrize("endpoint, argument, fixed", [
    ("records.show", "request_id", {}), ("documents.show", "document_id", {}),
    ("evidence.show", "item_id", {}), ("followups.show", "followup_id", {}),
    # A campaign's rows: the campaign is the same for every row, in the path before the id.
    ("campaigns.download", "document_id", {"campaign_id": 7}),
    ("campaigns.revoke", "share_id", {"campaign_id": MAX_ID}),
    # A search hit's link keeps the words searched, which may be the sentinel's digits.
    ("campaign_documents.page", "document_id",
     {"campaign_id": 3, "number": 1, "q": f'"{MAX_ID}" OR café & co'})])
def test_each_row_link_is_the_one_url_for_builds(app, script_root, endpoint, argument, fixed):
    with app.test_request_context("/", base_url=f"http://foia.example{script_root}"):
        link = id_url(endpoint, argument, **fixed)
        for id_ in (1, 7, 42, 1000, 123456, MAX_ID):
            assert link(id_) == url_for(endpoint, **fixed, **{argument: id_})
        assert link(42).startswith(f"{script_root}/")


def test_the_request_list_links_each_request(client, login, make_user, make_request):
    user = make_user()
    requests = [make_request(user, title=f"Cameras {n}") for n in range(3)]
    login(user)
    page = client.get("/requests/").text
    for request in requests:
        assert f'href="/requests/{request.id}">Cameras' in page
