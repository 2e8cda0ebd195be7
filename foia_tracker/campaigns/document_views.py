"""Members read the documents shared into a campaign: full-text search and the reader's pages.

Every route checks the grant (campaigns.grants) on each request: revoking a share, leaving or
being removed ends access at the next request, in every worker.
"""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..documents.access import shared_document_or_404
from ..documents.search import DocumentScope, documents_search
from ..documents.search_query import query_described, query_parse
from ..documents.search_forms import QueryForm
from ..reader.links import ReaderLinks
from ..reader.views import PAGE_NUMBER, go_to_page, page_image_response, render_reader_page
from ..web.routing import MAX_PAGE
from .access import member_campaign_or_404
from .grants import shared_document_ids, shared_item_ids

bp = Blueprint("campaign_documents", __name__, url_prefix="/campaigns")
DOCUMENT = "/<id:campaign_id>/documents/<id:document_id>"


@bp.get("/<id:campaign_id>/search")
@login_required
def search(campaign_id: int):
    campaign = member_campaign_or_404(campaign_id)
    form = QueryForm(request.args)
    if not request.args.get("q", "").strip():
        return render_template("campaigns/search.html", campaign=campaign, form=form,
                               results=None)
    if not form.validate():
        return render_template("campaigns/search.html", campaign=campaign, form=form,
                               results=None), 400
    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    results = documents_search(query=form.q.data, page=page, scope=DocumentScope(
        granted=shared_document_ids(campaign.id, current_user.organisation_id),
        campaign_id=campaign.id))
    parsed = query_parse(form.q.data)
    return render_template("campaigns/search.html", campaign=campaign, form=form,
                           results=results,
                           searched_for=query_described(parsed) if parsed.dropped_quote else None)


@bp.get(f"{DOCUMENT}/pages/{PAGE_NUMBER}")
@login_required
def page(campaign_id: int, document_id: int, number: int):
    document = shared_document_or_404(campaign_id, document_id)
    return render_reader_page(
        document, number, links=ReaderLinks(document.id, campaign_id),
        shown_items=shared_item_ids(campaign_id),
        readable=shared_document_ids(campaign_id, current_user.organisation_id))


@bp.get(f"{DOCUMENT}/pages")
@login_required
def go(campaign_id: int, document_id: int):
    shared_document_or_404(campaign_id, document_id)
    return go_to_page(ReaderLinks(document_id, campaign_id))


@bp.get(f"{DOCUMENT}/pages/{PAGE_NUMBER}/image")
@login_required
def image(campaign_id: int, document_id: int, number: int):
    return page_image_response(shared_document_or_404(campaign_id, document_id), number)
