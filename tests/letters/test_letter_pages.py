"""Writing, reading, changing and deleting letters through their pages."""

import re

from sqlalchemy import func, select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.db_types import utcnow
from foia_tracker.extensions import db
from foia_tracker.letters.models import Letter, LetterCitation
from foia_tracker.orgs.models import Organisation

from .conftest import footnotes, references, save_letter


def citation_rows(letter_id: int) -> dict[int, int]:
    return dict(db.session.execute(select(LetterCitation.evidence_item_id, LetterCitation.number)
                                   .where(LetterCitation.letter_id == letter_id)).all())


def only_letter() -> Letter:
    db.session.expire_all()
    return db.session.scalars(select(Letter)).one()


def test_citations_are_numbered_in_order_of_first_citation_and_repeats_reuse_the_number(
        client, make_user, make_evidence, login):
    user = login(make_user())
    first, second, third = (make_evidence(user, description=d) for d in ("First", "Second", "Third"))
    body = (f"The sheriff bought it [@E{second.id}]. The contract [@E{third.id}] says so; "
            f"as shown above [@E{second.id}]. Finally [@E{first.id}].")

    response = save_letter(client, "/letters/new", body=body)

    assert response.status_code == 302
    letter = only_letter()
    assert response.location.endswith(f"/letters/{letter.id}")
    page = client.get(response.location).text
    assert references(page) == [("fnref-1", 1), ("fnref-2", 2), ("fnref-1-2", 1), ("fnref-3", 3)]
    assert sorted(footnotes(page)) == [1, 2, 3]
    assert citation_rows(letter.id) == {second.id: 1, third.id: 2, first.id: 3}
    evidence_rows = re.findall(r'<tr id="evidence-(\d+)">\s*<td>(\d+)</td>', page)
    assert evidence_rows == [(str(second.id), "1"), (str(third.id), "2"), (str(first.id), "3")]


def test_the_footnote_reads_like_the_issue_example(
        client, make_user, make_organisation, make_agency, make_release, make_evidence, login):
    user = login(make_user(organisation=make_organisation(code="OR")))
    sheriff = make_agency(name="Washington County Sheriff's Office", jurisdiction="OR")
    document = make_release(user, agency=sheriff)
    item = make_evidence(user, document=document, page_from=4, page_to=4)
    other = make_evidence(user, document=document, page_from=2, page_to=3)
    reference = document.request.reference

    response = save_letter(client, "/letters/new", body=f"Bought [@E{item.id}], [@E{other.id}].")

    page = client.get(response.location).text
    assert footnotes(page) == {
        1: "Records produced by the Washington County Sheriff's Office (Oregon) in response to "
           f"public records request {reference}, received March 12, 2026, "
           f"Exhibit {reference}-001, p. 4.",
        2: "Records produced by the Washington County Sheriff's Office (Oregon) in response to "
           f"public records request {reference}, received March 12, 2026, "
           f"Exhibit {reference}-001, pp. 2–3.",
    }
    assert re.match(r"OR-2026-\d{4}$", reference)
    # Each footnote links back to its first reference in the text.
    assert '<li id="fn-1" value="1">' in page and 'href="#fnref-1"' in page


def test_the_letter_page_shows_addressee_date_body_and_signatories(
        client, make_user, make_evidence, login):
    user = login(make_user())
    item = make_evidence(user)
    response = save_letter(
        client, "/letters/new", title="Coalition letter on face recognition",
        addressee="Board of Commissioners\n155 N First Ave\nHillsboro, OR 97124",
        letter_date="2026-04-01",
        body=f"We write about **Rekognition** [@E{item.id}].\n\n1. Stop\n2. Disclose",
        signatories="Jane Doe, ACLU of Oregon\n\n  Sam Roe, EFF  \n")

    letter = only_letter()
    assert letter.signatories == "Jane Doe, ACLU of Oregon\nSam Roe, EFF"
    page = client.get(response.location).text
    assert "<h1>Coalition letter on face recognition</h1>" in page
    assert "Board of Commissioners\n155 N First Ave\nHillsboro, OR 97124" in page
    assert "April 1, 2026" in page
    assert "<strong>Rekognition</strong>" in page and "<ol>\n<li>Stop</li>" in page
    assert "<li>Jane Doe, ACLU of Oregon</li>" in page and "<li>Sam Roe, EFF</li>" in page
    assert item.document.exhibit_number in page


def test_html_in_every_field_is_shown_as_text_and_javascript_links_are_not_links(
        client, make_user, login):
    login(make_user())
    attack = "<script>alert(1)</script>"
    response = save_letter(
        client, "/letters/new", title=f"Title {attack}", addressee=f"Sheriff {attack}",
        body=f"Body {attack}\n\n[click me](javascript:alert(1)) <img src=x onerror=alert(2)>",
        signatories=f"Jane {attack}")

    assert response.status_code == 302
    page = client.get(response.location).text
    assert "<script>" not in page and "<img" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4
    assert "javascript:" not in re.sub(r"\[click me\]\(javascript:alert\(1\)\)", "", page)
    assert 'href="javascript' not in page
    index = client.get("/letters").text
    assert "<script>" not in index and "Title &lt;script&gt;" in index


def test_citing_another_organisations_item_or_an_unknown_one_is_refused_and_nothing_saved(
        client, make_user, make_evidence, login):
    stranger = make_user()
    foreign = make_evidence(stranger)
    user = login(make_user())
    mine = make_evidence(user)

    response = save_letter(client, "/letters/new",
                           body=f"Ok [@E{mine.id}], foreign [@E{foreign.id}], unknown [@E99999].")

    assert response.status_code == 400
    assert f"[@E{foreign.id}] does not match an evidence item of your organisation." in response.text
    assert "[@E99999] does not match an evidence item of your organisation." in response.text
    assert f"[@E{mine.id}] does not match" not in response.text
    assert 'id="body-error"' in response.text, "the message sits next to the body field"
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 0
    assert db.session.scalar(select(func.count()).select_from(LetterCitation)) == 0


def test_a_refused_edit_changes_nothing(client, make_user, make_evidence, login):
    user = login(make_user())
    mine = make_evidence(user)
    save_letter(client, "/letters/new", title="Original", body=f"Claim [@E{mine.id}].")
    letter = only_letter()

    response = save_letter(client, f"/letters/{letter.id}/edit", title="Changed",
                           body="Claim [@E424242].")

    assert response.status_code == 400
    assert "[@E424242] does not match an evidence item of your organisation." in response.text
    letter = only_letter()
    assert (letter.title, letter.body) == ("Original", f"Claim [@E{mine.id}].")
    assert citation_rows(letter.id) == {mine.id: 1}


def test_items_of_a_deleted_document_cannot_be_cited(client, make_user, make_evidence, login):
    user = login(make_user())
    item = make_evidence(user)
    item.document.deleted_at = utcnow()
    item.document.deletion_reason = "Uploaded to the wrong request"
    db.session.commit()

    response = save_letter(client, "/letters/new", body=f"Claim [@E{item.id}].")

    assert response.status_code == 400
    assert f"[@E{item.id}] does not match an evidence item of your organisation." in response.text


def test_editing_the_body_replaces_the_citation_rows(client, make_user, make_evidence, login):
    user = login(make_user())
    a, b, c = (make_evidence(user, description=d) for d in "ABC")
    save_letter(client, "/letters/new", body=f"[@E{a.id}] then [@E{b.id}]")
    letter = only_letter()
    assert citation_rows(letter.id) == {a.id: 1, b.id: 2}

    response = save_letter(client, f"/letters/{letter.id}/edit", body=f"[@E{c.id}] [@E{a.id}] [@E{c.id}]")

    assert response.status_code == 302
    assert citation_rows(letter.id) == {c.id: 1, a.id: 2}
    page = client.get(f"/letters/{letter.id}").text
    assert references(page) == [("fnref-1", 1), ("fnref-2", 2), ("fnref-1-2", 1)]
    assert f'id="evidence-{b.id}"' not in page

    save_letter(client, f"/letters/{letter.id}/edit", body="No sources any more.")
    assert citation_rows(letter.id) == {}


def test_the_edit_form_shows_the_saved_letter(client, make_user, make_evidence, login):
    user = login(make_user())
    item = make_evidence(user)
    save_letter(client, "/letters/new", title="Draft & plan", body=f"Claim [@E{item.id}].")
    letter = only_letter()

    page = client.get(f"/letters/{letter.id}/edit").text

    assert 'value="Draft &amp; plan"' in page
    assert f"Claim [@E{item.id}].</textarea>" in page
    assert 'value="2026-04-01"' in page


def test_deleting_a_letter_is_audited_and_keeps_the_evidence(
        client, make_user, make_evidence, login):
    user = login(make_user())
    item = make_evidence(user)
    save_letter(client, "/letters/new", title="To be withdrawn", body=f"[@E{item.id}]")
    letter = only_letter()
    token_page = client.get(f"/letters/{letter.id}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', token_page).group(1)

    response = client.post(f"/letters/{letter.id}/delete", data={"csrf_token": token})

    assert response.status_code == 302 and response.location.endswith("/letters")
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 0
    assert db.session.scalar(select(func.count()).select_from(LetterCitation)) == 0
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "Letter", AuditEvent.action == "deleted")).one()
    assert (event.object_id, event.actor_id, event.reason) == (letter.id, user.id, "letter deleted")
    assert event.object_label == "To be withdrawn"
    assert "Deleted the letter “To be withdrawn”." in client.get(response.location).text
    assert client.get(f"/letters/{letter.id}").status_code == 404
    db.session.expire_all()
    assert db.session.get(type(item), item.id) is not None


def test_deleting_needs_the_csrf_token(client, make_user, login):
    login(make_user())
    save_letter(client, "/letters/new")
    letter = only_letter()
    assert client.post(f"/letters/{letter.id}/delete").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 1


def test_the_list_shows_the_organisations_letters_newest_first_with_citation_counts(
        client, make_user, make_evidence, login):
    stranger = make_user()
    db.session.add(Letter(organisation_id=stranger.organisation_id, title="Not ours",
                          letter_date=utcnow().date(), body=""))
    db.session.commit()
    user = login(make_user())
    a, b = make_evidence(user), make_evidence(user)
    save_letter(client, "/letters/new", title="Older", letter_date="2026-01-05", body=f"[@E{a.id}]")
    save_letter(client, "/letters/new", title="Newer", letter_date="2026-02-05",
                body=f"[@E{a.id}] [@E{b.id}] [@E{a.id}]")
    save_letter(client, "/letters/new", title="Unsourced", letter_date="2025-12-01")

    page = client.get("/letters").text

    rows = re.findall(r'<a href="/letters/\d+">([^<]+)</a></td>\s*<td>[^<]*</td>\s*'
                      r'<td class="citation-count">([^<]+)</td>', page)
    assert rows == [("Newer", "2 items"), ("Older", "1 item"), ("Unsourced", "0 items")]
    assert "Not ours" not in page


def test_missing_title_and_bad_date_are_refused_next_to_the_field(client, make_user, login):
    login(make_user())
    response = save_letter(client, "/letters/new", title="", letter_date="1 April")
    assert response.status_code == 400
    assert re.search(r'id="title-error">This field is required.', response.text)
    assert 'id="letter_date-error"' in response.text
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 0


def test_too_many_signatories_are_refused(client, make_user, login):
    login(make_user())
    response = save_letter(client, "/letters/new",
                           signatories="\n".join(f"Person {n}" for n in range(101)))
    assert response.status_code == 400
    assert "List at most 100 signatories." in response.text


def test_the_letter_page_runs_the_same_queries_for_one_citation_or_many(
        client, make_user, make_evidence, make_release, login, count_queries):
    user = login(make_user())
    items = [make_evidence(user)]
    for page_from in range(1, 5):  # different releases, requests and agencies
        items.append(make_evidence(user, page_from=page_from))
    save_letter(client, "/letters/new", title="One", body=f"[@E{items[0].id}]")
    save_letter(client, "/letters/new", title="Many",
                body=" ".join(f"[@E{item.id}]" for item in items))
    one, many = db.session.scalars(select(Letter).order_by(Letter.title.desc())).all()
    assert (one.title, many.title) == ("One", "Many")

    def queries_for(letter):
        client.get(f"/letters/{letter.id}")  # warm-up, so both runs start alike
        with count_queries() as statements:
            page = client.get(f"/letters/{letter.id}")
        assert page.status_code == 200
        return len(statements), page.text

    count_one, _ = queries_for(one)
    count_many, page = queries_for(many)
    assert len(footnotes(page)) == 5
    assert count_many == count_one


def test_the_organisation_code_in_the_footnote_is_the_organisations(
        client, make_user, make_evidence, login):
    user = login(make_user())
    item = make_evidence(user)
    save_letter(client, "/letters/new", body=f"[@E{item.id}]")
    code = db.session.get(Organisation, user.organisation_id).code
    assert f"public records request {code}-2026-" in footnotes(
        client.get(f"/letters/{only_letter().id}").text)[1]
