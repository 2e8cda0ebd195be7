"""Campaign pages: the list, a campaign's page, invitations, links and shares."""

from urllib.parse import parse_qsl

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from ..coalition_letters.access import campaign_letters
from ..documents.access import shared_document_or_404
from ..documents.download import document_response
from ..exports.views import download_export, format_or_404
from ..extensions import db
from ..records.access import owned_request_or_404
from ..records.page import render_request_page
from ..users.auth import role_required
from ..users.models import Role
from ..web.dates import local_today
from ..web.paging import paginate_counted
from ..web.routing import paginate
from . import overview
from .access import (led_campaign_or_404, member_campaign_or_404, member_campaigns,
                     own_link_or_404, own_membership_or_404, own_memberships, own_share_or_404,
                     shareable_items, shareable_items_query)
from .bulk import filtered_request_ids
from .errors import CampaignRefused
from .exports import campaign_subject
from .forms import (BulkLinkForm, CampaignFilterForm, CampaignForm, ConfirmForm, InviteForm,
                    LinkForm, ShareForm, posted_item_ids)
from .grants import shared_share_ids
from .models import MembershipStatus
from .services import (campaign_create, campaign_invite, campaign_leave, invitation_answer,
                       member_remove, request_link, request_unlink, requests_link_bulk)
from .sharing import evidence_share, share_revoke

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


@bp.get("/")
@login_required
def index():
    return render_template("campaigns/index.html", memberships=own_memberships(),
                           confirm=ConfirmForm())


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.admin)
def create():
    form = CampaignForm()
    if request.method == "GET":
        form.started_on.data = local_today(None)
    if form.validate_on_submit():
        campaign = campaign_create(organisation_id=current_user.organisation_id,
                                   actor=current_user, values=form.values())
        flash(f"Campaign “{campaign.title}” created. Invite the other affiliates by code.",
              "success")
        return redirect(url_for("campaigns.show", campaign_id=campaign.id))
    return render_template("campaigns/form.html", form=form), 400 if form.is_submitted() else 200


@bp.get("/<id:campaign_id>")
@login_required
def show(campaign_id: int):
    campaign = member_campaign_or_404(campaign_id)
    return _campaign_page(campaign)


@bp.post("/<id:campaign_id>/invitations")
@role_required(Role.admin)
def invite(campaign_id: int):
    campaign = led_campaign_or_404(campaign_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            organisation = campaign_invite(campaign=campaign, actor=current_user,
                                           organisation_code=form.organisation_code.data)
        except CampaignRefused as refusal:
            form.organisation_code.errors.append(str(refusal))
            return _campaign_page(campaign, invite_form=form, status=refusal.status)
        flash(f"Invited {organisation.name}; one of its admins accepts or declines.", "success")
        return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="members"))
    return _campaign_page(campaign, invite_form=form, status=400)


@bp.post("/<id:campaign_id>/accept")
@role_required(Role.admin)
def accept(campaign_id: int):
    return _answer(campaign_id, accept=True)


@bp.post("/<id:campaign_id>/decline")
@role_required(Role.admin)
def decline(campaign_id: int):
    return _answer(campaign_id, accept=False)


def _answer(campaign_id: int, *, accept: bool):
    membership = own_membership_or_404(campaign_id, MembershipStatus.invited)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    invitation_answer(membership=membership, accept=accept)
    if accept:
        flash(f"Your organisation joined “{membership.campaign.title}”.", "success")
        return redirect(url_for("campaigns.show", campaign_id=campaign_id))
    flash(f"Declined the invitation to “{membership.campaign.title}”.", "success")
    return redirect(url_for("campaigns.index"))


@bp.post("/<id:campaign_id>/leave")
@role_required(Role.admin)
def leave(campaign_id: int):
    member_campaign_or_404(campaign_id)
    membership = own_membership_or_404(campaign_id, MembershipStatus.member)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        campaign_leave(membership=membership)
    except CampaignRefused as refusal:
        abort(refusal.status, description=str(refusal))
    flash(f"Your organisation left “{membership.campaign.title}”.", "success")
    return redirect(url_for("campaigns.index"))


@bp.post("/<id:campaign_id>/members/<id:organisation_id>/remove")
@role_required(Role.admin)
def remove(campaign_id: int, organisation_id: int):
    campaign = led_campaign_or_404(campaign_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        organisation = member_remove(campaign=campaign, organisation_id=organisation_id)
    except CampaignRefused as refusal:
        abort(refusal.status, description=str(refusal))
    flash(f"Removed {organisation.name} from “{campaign.title}”: at once its members see "
          "nothing of the campaign and the campaign nothing of theirs.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="members"))


@bp.post("/requests/<id:request_id>")
@role_required(Role.editor)
def link(request_id: int):
    records_request = owned_request_or_404(request_id)
    form = LinkForm(campaigns=member_campaigns())
    if not form.validate_on_submit():
        flash("Nothing was linked: choose one of your organisation's campaigns.", "error")
        return render_request_page(records_request, status=400)
    campaign = member_campaign_or_404(form.campaign_id.data)
    try:
        request_link(campaign=campaign, request=records_request, actor=current_user)
    except CampaignRefused as refusal:
        abort(refusal.status, description=str(refusal))
    flash(f"Linked {records_request.reference} to “{campaign.title}”: its members see its "
          "agency, dates and status, not its documents or notes.", "success")
    return redirect(url_for("records.show", request_id=request_id, _anchor="campaigns"))


@bp.post("/link-requests")
@role_required(Role.editor)
def link_bulk():
    form = BulkLinkForm(campaigns=member_campaigns())
    if not form.validate_on_submit():
        abort(400, description="Choose one of your organisation's campaigns.")
    request_ids, problem = filtered_request_ids(MultiDict(parse_qsl(form.filters.data or "")))
    if problem:
        abort(400, description=problem)
    campaign = member_campaign_or_404(form.campaign_id.data)
    try:
        count = requests_link_bulk(campaign=campaign, request_ids=request_ids,
                                   organisation_id=current_user.organisation_id, actor=current_user)
    except CampaignRefused as refusal:
        abort(refusal.status, description=str(refusal))
    flash(f"Linked {count} more request(s) to “{campaign.title}”.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.post("/<id:campaign_id>/requests/<id:request_id>/unlink")
@role_required(Role.editor)
def unlink(campaign_id: int, request_id: int):
    campaign = member_campaign_or_404(campaign_id)
    link_row = own_link_or_404(campaign, request_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        request_unlink(link=link_row)
    except CampaignRefused as refusal:
        db.session.rollback()
        abort(refusal.status, description=str(refusal))
    flash(f"Unlinked the request from “{campaign.title}”.", "success")
    return redirect(url_for("records.show", request_id=request_id, _anchor="campaigns"))


@bp.route("/<id:campaign_id>/shares", methods=["GET", "POST"])
@role_required(Role.editor)
def share(campaign_id: int):
    campaign = member_campaign_or_404(campaign_id)
    items = shareable_items(campaign, posted_item_ids(request.form))
    form = ShareForm(items=items)
    if request.method == "GET":
        return _share_page(campaign, form)
    if not form.validate_on_submit() or not form.item_ids.data:
        if not form.errors:
            form.item_ids.errors.append("Choose at least one evidence item to share.")
        return _share_page(campaign, form, status=400)
    chosen = [item for item in items if item.id in set(form.item_ids.data)]
    try:
        count = evidence_share(campaign=campaign, items=chosen, actor=current_user)
    except CampaignRefused as refusal:
        form.item_ids.errors.append(str(refusal))
        return _share_page(campaign, form, status=refusal.status)
    flash(f"Shared {count} evidence item(s) into “{campaign.title}”.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="evidence"))


@bp.post("/<id:campaign_id>/shares/<id:share_id>/revoke")
@role_required(Role.editor)
def revoke(campaign_id: int, share_id: int):
    campaign = member_campaign_or_404(campaign_id)
    share_row = own_share_or_404(campaign, share_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        share_revoke(share=share_row)
    except CampaignRefused as refusal:
        abort(refusal.status, description=str(refusal))
    flash("Revoked the share: the campaign's members no longer read that document.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="evidence"))


@bp.get("/<id:campaign_id>/documents/<id:document_id>/download")
@login_required
def download(campaign_id: int, document_id: int):
    return document_response(shared_document_or_404(campaign_id, document_id))


@bp.get("/<id:campaign_id>/export/<fmt>")
@login_required
def export(campaign_id: int, fmt: str):
    export_format = format_or_404(fmt)
    return download_export(campaign_subject(member_campaign_or_404(campaign_id)), export_format)


def _campaign_page(campaign, *, invite_form=None, status: int = 200):
    members = overview.member_organisations(campaign.id)
    filter_form = CampaignFilterForm(request.args, organisations=members)
    filters = filter_form.filters() if filter_form.validate() else overview.CampaignFilters()
    today = local_today(None)
    # Both lists sort every match (across affiliates): counted in the same pass.
    page = paginate_counted(overview.linked_ids_query(campaign.id, filters, today))
    page.items = overview.linked_requests(campaign.id, page.items)
    evidence = paginate_counted(shared_share_ids(campaign.id), param="evidence_page")
    evidence.items = overview.shared_evidence(campaign.id, evidence.items)
    return render_template(
        "campaigns/show.html", campaign=campaign, today=today,
        memberships=overview.memberships(campaign.id), filter_form=filter_form, page=page,
        waiting=overview.waiting_by_state(campaign.id), evidence=evidence,
        invite_form=invite_form or InviteForm(), confirm=ConfirmForm(),
        letters=campaign_letters(campaign.id),
    ), 400 if filter_form.errors and status == 200 else status


def _share_page(campaign, form: ShareForm, *, status: int = 200):
    page = paginate(shareable_items_query(campaign))
    return render_template("campaigns/share.html", campaign=campaign, page=page,
                           share_form=form), status
