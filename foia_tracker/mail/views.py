"""The admin's view of the organisation's outbox: what was sent, what waits, what failed."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db
from ..users.auth import role_required
from ..users.models import Role
from ..web.routing import paginate
from .delivery import mail_is_configured
from .models import MailStatus, OutboxMessage
from .services import MessageNotFound, MessageNotRetryable, outbox_retry

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")


@bp.route("/")
@role_required(Role.admin)
def index():
    status = _status_filter(request.args.get("status", ""))
    query = select(OutboxMessage).where(
        OutboxMessage.organisation_id == current_user.organisation_id)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    page = paginate(query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))
    return render_template("admin/outbox.html", page=page, status=status, counts=_counts(),
                           statuses=list(MailStatus),
                           is_mail_configured=mail_is_configured(current_app.config))


@bp.route("/<id:message_id>/retry", methods=["POST"])
@role_required(Role.admin)
def retry(message_id: int):
    try:
        outbox_retry(message_id=message_id, organisation_id=current_user.organisation_id)
    except MessageNotFound:
        abort(404)
    except MessageNotRetryable as error:
        flash(str(error), "error")
    else:
        flash("The message is queued again and goes out with the next delivery run.", "success")
    return redirect(url_for("outbox.index", status=MailStatus.failed.name))


def _status_filter(value: str) -> MailStatus | None:
    return MailStatus.__members__.get(value)


def _counts() -> dict[MailStatus, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).where(
            OutboxMessage.organisation_id == current_user.organisation_id)
        .group_by(OutboxMessage.status))
    return dict(rows.all())
