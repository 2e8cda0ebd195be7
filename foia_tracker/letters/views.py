"""Pages for advocacy letters that cite evidence."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..users.auth import role_required
from ..users.models import Role
from ..web.dates import local_today
from ..web.routing import paginate
from .access import citable_evidence, citation_counts, organisation_letters_query, owned_letter_or_404
from .citations import citation_code, footnote_numbers
from .footnotes import page_reference
from .forms import EvidencePickerForm, LetterForm
from .models import Letter
from .render import letter_notes, render_body_html
from .services import CitationsRefused, letter_create, letter_delete, letter_update

bp = Blueprint("letters", __name__)


@bp.get("/letters")
@login_required
def index():
    page = paginate(organisation_letters_query())
    counts = citation_counts([letter.id for letter in page.items])
    return render_template("letters/index.html", page=page, counts=counts)


@bp.route("/letters/new", methods=["GET", "POST"])
@role_required(Role.editor)
def create():
    form = LetterForm()
    if request.method == "GET":
        form.letter_date.data = local_today(None)
    if _is_saving() and form.validate_on_submit():
        try:
            letter = letter_create(organisation_id=current_user.organisation_id,
                                   actor=current_user, values=form.values())
        except CitationsRefused as refusal:
            form.body.errors.extend(refusal.messages)
        else:
            flash("Letter saved.", "success")
            return redirect(url_for("letters.show", letter_id=letter.id))
    return _editor(form, None)


@bp.get("/letters/<id:letter_id>")
@login_required
def show(letter_id: int):
    letter = owned_letter_or_404(letter_id)
    return render_template(
        "letters/show.html", letter=letter,
        body_html=render_body_html(letter.body, footnote_numbers(letter.body)),
        notes=letter_notes(letter), page_reference=page_reference)


@bp.route("/letters/<id:letter_id>/edit", methods=["GET", "POST"])
@role_required(Role.editor)
def edit(letter_id: int):
    letter = owned_letter_or_404(letter_id)
    form = LetterForm()
    if request.method == "GET":
        form.fill_from(letter)
    if _is_saving() and form.validate_on_submit():
        try:
            letter_update(letter=letter, values=form.values())
        except CitationsRefused as refusal:
            form.body.errors.extend(refusal.messages)
        else:
            flash("Letter saved.", "success")
            return redirect(url_for("letters.show", letter_id=letter.id))
    return _editor(form, letter)


@bp.post("/letters/<id:letter_id>/delete")
@role_required(Role.editor)
def delete(letter_id: int):
    letter = owned_letter_or_404(letter_id)
    title = letter.title
    letter_delete(letter=letter)
    flash(f"Deleted the letter “{title}”.", "success")
    return redirect(url_for("letters.index"))


def _is_saving() -> bool:
    # The editor's "Find" button re-shows the form with other evidence, keeping the draft.
    return request.form.get("action") != "find"


def _editor(form: LetterForm, letter: Letter | None):
    picker = EvidencePickerForm(request.form if request.method == "POST" else request.args)
    picker_ok = picker.validate()
    items = citable_evidence(picker.q.data or "") if picker_ok else []
    refused = (form.is_submitted() and _is_saving()) or not picker_ok
    return render_template("letters/form.html", form=form, letter=letter, picker=picker,
                           items=items, citation_code=citation_code,
                           page_reference=page_reference), 400 if refused else 200
