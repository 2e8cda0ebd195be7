"""The full-text search page over the organisation's documents."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..records.models import RecordsRequest
from ..web.routing import MAX_PAGE
from .models import Document
from .search import documents_search
from .search_query import query_described, query_parse
from .search_forms import SearchForm

bp = Blueprint("search", __name__)


@bp.get("/search")
@login_required
def index():
    form = SearchForm(request.args, requests=_requests_with_documents())
    if not request.args.get("q", "").strip():
        return render_template("search/index.html", form=form, results=None)
    if not form.validate():
        return render_template("search/index.html", form=form, results=None), 400
    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    results = documents_search(organisation_id=current_user.organisation_id, query=form.q.data,
                               request_id=form.request.data, page=page)
    parsed = query_parse(form.q.data)
    return render_template("search/index.html", form=form, results=results,
                           searched_for=query_described(parsed) if parsed.dropped_quote else None)


def _requests_with_documents() -> list[RecordsRequest]:
    """Return the organisation's requests that have documents, newest first, for the filter."""
    has_documents = select(Document.id).where(Document.request_id == RecordsRequest.id,
                                              Document.deleted_at.is_(None)).exists()
    return list(db.session.scalars(
        select(RecordsRequest).where(RecordsRequest.organisation_id == current_user.organisation_id,
                                     has_documents)
        .order_by(RecordsRequest.year.desc(), RecordsRequest.number.desc())))
