"""Pages of coalition letters: write, read, sign, make final, export."""

from typing import NamedTuple

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..campaigns.access import member_campaign_or_404
from ..campaigns.errors import CampaignRefused
from ..campaigns.forms import ConfirmForm
from ..campaigns.grants import shared_items
from ..exports.views import download_export, format_or_404
from ..letters.citations import footnote_numbers
from ..letters.forms import LetterForm
from ..letters.render import render_body_html
from ..letters.services import CitationsRefused
from ..users.auth import role_required
from ..users.models import Role
from ..web.dates import local_today
from .access import campaign_letter_or_404, own_campaign_letter_or_404, signed_organisation_ids
from .services import (campaign_letter_create, campaign_letter_finalise, campaign_letter_sign,
                       campaign_letter_update)
from .subject import letter_subject

class ShownNote(NamedTuple):
    """A numbered note of the letter page; text is None where the source was withdrawn."""

    number: int
    text: str | None


bp = Blueprint("coalition_letters", __name__, url_prefix="/campaigns/<id:campaign_id>/letters")


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.editor)
def create(campaign_id: int):
    campaign = member_campaign_or_404(campaign_id)
    form = LetterForm()
    if request.method == "GET":
        form.letter_date.data = local_today(None)
    if form.validate_on_submit():
        try:
            letter = campaign_letter_create(campaign=campaign, actor=current_user,
                                            values=form.values())
        except CitationsRefused as refusal:
            form.body.errors.extend(refusal.messages)
        else:
            flash("Coalition letter saved.", "success")
            return redirect(url_for(".show", campaign_id=campaign_id, letter_id=letter.id))
    return _editor(campaign, form, None)


@bp.get("/<id:letter_id>")
@login_required
def show(campaign_id: int, letter_id: int):
    campaign = member_campaign_or_404(campaign_id)
    letter = campaign_letter_or_404(campaign_id, letter_id)
    subject = letter_subject(letter)
    notes = {row.footnote_number: row for row in subject.rows()}
    numbers = subject.letter.numbers if letter.is_final else footnote_numbers(letter.body)
    signed = signed_organisation_ids(letter)
    return render_template(
        "coalition_letters/show.html", campaign=campaign, letter=letter, text=subject.letter,
        body_html=render_body_html(subject.letter.body, numbers), notes=notes,
        shown_notes=[ShownNote(number, notes[number].footnote_text if number in notes else None)
                     for number in sorted(set(numbers.values()))],
        confirm=ConfirmForm(),
        may_sign=current_user.is_admin and current_user.organisation_id not in signed)


@bp.route("/<id:letter_id>/edit", methods=["GET", "POST"])
@role_required(Role.editor)
def edit(campaign_id: int, letter_id: int):
    campaign = member_campaign_or_404(campaign_id)
    letter = own_campaign_letter_or_404(campaign_id, letter_id)
    if letter.is_final:
        abort(409, description="This letter is final: its text and sources are frozen.")
    form = LetterForm()
    if request.method == "GET":
        form.fill_from(letter)
    if form.validate_on_submit():
        try:
            campaign_letter_update(letter=letter, values=form.values())
        except CitationsRefused as refusal:
            form.body.errors.extend(refusal.messages)
        else:
            flash("Coalition letter saved.", "success")
            return redirect(url_for(".show", campaign_id=campaign_id, letter_id=letter.id))
    return _editor(campaign, form, letter)


@bp.post("/<id:letter_id>/sign")
@role_required(Role.admin)
def sign(campaign_id: int, letter_id: int):
    member_campaign_or_404(campaign_id)
    letter = campaign_letter_or_404(campaign_id, letter_id)
    return _confirmed(lambda: campaign_letter_sign(letter=letter, actor=current_user), letter,
                      f"{current_user.organisation.name} signs this letter.")


@bp.post("/<id:letter_id>/finalise")
@role_required(Role.admin)
def finalise(campaign_id: int, letter_id: int):
    member_campaign_or_404(campaign_id)
    letter = own_campaign_letter_or_404(campaign_id, letter_id)
    return _confirmed(lambda: campaign_letter_finalise(letter=letter, actor=current_user), letter,
                      "The letter is final: its text, sources and their hashes are frozen.")


@bp.get("/<id:letter_id>/export/<fmt>")
@login_required
def export(campaign_id: int, letter_id: int, fmt: str):
    export_format = format_or_404(fmt)
    member_campaign_or_404(campaign_id)
    return download_export(letter_subject(campaign_letter_or_404(campaign_id, letter_id)),
                           export_format)


def _confirmed(change, letter, message: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        change()
    except CampaignRefused as refusal:
        abort(refusal.status, description=str(refusal))
    flash(message, "success")
    return redirect(url_for(".show", campaign_id=letter.campaign_id, letter_id=letter.id))


def _editor(campaign, form: LetterForm, letter):
    shared = shared_items(campaign.id)
    return render_template("coalition_letters/form.html", campaign=campaign, form=form,
                           letter=letter, shared=shared), 400 if form.is_submitted() else 200
