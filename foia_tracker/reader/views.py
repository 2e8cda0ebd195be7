"""The reader's pages: a document page by page, its page images, and evidence from a selection."""

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_login import login_required

from ..documents.access import owned_document_or_404
from ..documents.search_query import MAX_QUERY_CHARS, query_parse
from ..evidence import access as evidence_access
from ..evidence.forms import MAX_PAGE, EvidenceItemForm
from ..users.auth import role_required
from ..users.models import Role
from .forms import GoToPageForm, MarkEvidenceForm
from .hits import pages_with_hits
from .images import page_image, page_image_name
from .links import ReaderLinks
from .pages import PAGE_WIDTH, ZOOM_WIDTHS, PageMissing, reader_page
from .render import THUMBNAIL_WIDTH, WIDTHS, NoSuchPage, PageUnreadable

bp = Blueprint("reader", __name__)
#: A page number in a URL; larger ones than any document has are simply not found.
PAGE_NUMBER = f"<int(max={MAX_PAGE}):number>"
#: Thumbnails listed either side of the current page (a 5,000-page file lists a window).
THUMBNAIL_SPAN = 40
#: Page images never change for the same bytes; the browser may keep them a day.
IMAGE_MAX_AGE = 24 * 3600


@bp.get(f"/documents/<id:document_id>/pages/{PAGE_NUMBER}")
@login_required
def page(document_id: int, number: int):
    document = owned_document_or_404(document_id)
    return render_reader_page(document, number, links=ReaderLinks(document.id))


def render_reader_page(document, number: int, *, links: ReaderLinks, **grant):
    """Render one page of the reader; `grant` limits what a reader outside the owner sees."""
    query = _query()
    zoom = request.args.get("zoom", 100, type=int)
    zoom = zoom if zoom in ZOOM_WIDTHS else 100
    try:
        shown = reader_page(document, number, query=query, **grant)
    except PageMissing as missing:
        abort(404, description=str(missing))
    first = max(1, number - THUMBNAIL_SPAN)
    return render_template(
        "reader/page.html", page=shown, query=query, zoom=zoom, zoom_width=ZOOM_WIDTHS[zoom],
        zooms=sorted(ZOOM_WIDTHS), thumbnail_width=THUMBNAIL_WIDTH,
        thumbnails=range(first, min(shown.total, number + THUMBNAIL_SPAN) + 1),
        goto_form=GoToPageForm(formdata=None, page=number),
        mark_form=MarkEvidenceForm(formdata=None), links=links)


@bp.get("/documents/<id:document_id>/pages")
@login_required
def go(document_id: int):
    owned_document_or_404(document_id)
    return go_to_page(ReaderLinks(document_id))


def go_to_page(links: ReaderLinks):
    """Redirect to the page number typed in the reader's Go form."""
    form = GoToPageForm(request.args)
    if not form.validate():
        abort(400, description=form.page.errors[0])
    return redirect(links.page(form.page.data, q=_query() or None))


@bp.get(f"/documents/<id:document_id>/pages/{PAGE_NUMBER}/image")
@login_required
def image(document_id: int, number: int):
    return page_image_response(owned_document_or_404(document_id), number)


def page_image_response(document, number: int):
    """Return a page's image at the width asked for (?width=), privately cacheable."""
    width = request.args.get("width", PAGE_WIDTH, type=int)
    if width not in WIDTHS:
        abort(400, description="Page images come in these widths: "
                               + ", ".join(map(str, WIDTHS)) + " pixels.")
    try:
        stream = page_image(document, number, width)
    except NoSuchPage as missing:
        abort(404, description=str(missing))
    except PageUnreadable as unreadable:
        return str(unreadable), 422, {"Content-Type": "text/plain; charset=utf-8"}
    response = send_file(stream, mimetype="image/png", max_age=IMAGE_MAX_AGE,
                         etag=f"{document.sha256}-{page_image_name(number, width)}")
    response.cache_control.private = True
    response.cache_control.public = False
    return response


@bp.post(f"/documents/<id:document_id>/pages/{PAGE_NUMBER}/evidence")
@role_required(Role.editor)
def mark(document_id: int, number: int):
    document = evidence_access.owned_document_or_404(document_id)
    if number < 1 or (document.page_count and number > document.page_count):
        abort(404, description=f"Exhibit {document.exhibit_number} has no page {number:,}.")
    form = MarkEvidenceForm()
    if not form.validate_on_submit():
        abort(400, description="Select the words to quote in the page's text, then choose "
                               "Mark as evidence.")
    evidence_form = EvidenceItemForm(formdata=None, document=document)
    evidence_form.fill_defaults()
    evidence_form.page_from.data = number
    evidence_form.quotation.data = form.quotation.data
    return render_template("evidence/form.html", form=evidence_form, document=document,
                           item=None,
                           form_action=url_for("evidence.create", document_id=document.id))


@bp.app_template_global()
def reader_hit_pages(document) -> tuple[str, list[int]]:
    """Return the search the document page was opened from (?q=) and its pages with hits."""
    query = _query()
    return query, pages_with_hits(document, query_parse(query)) if query else []


def _query() -> str:
    return request.args.get("q", "").strip()[:MAX_QUERY_CHARS]
