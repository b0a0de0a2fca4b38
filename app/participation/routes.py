"""Thin views: published proposals and their support, comments and flags, and the staff's queues."""

import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app import htmx, limits, secret_links
from app.accounts.access import require_roles
from app.community.queries import list_settlements
from app.extensions import limiter
from app.fill_time import EXPIRED, REPLAYED, STALE_FORM, FillTimer
from app.i18n import current_language, date_short
from app.limits import take
from app.outbox.labels import NO_MAIL_SERVER
from app.outbox.transport import mail_is_configured
from app.participation import bp, queries, services
from app.participation.forms import (
    CommentForm,
    ConfirmSupportForm,
    DecisionForm,
    ModerationSettingsForm,
    PublicationForm,
    PublishedFilter,
    SupportForm,
)
from app.schedule.queries import get_action_or_404

# Per IP; only POSTs count.
SUPPORT_LINK = "support"
MIN_FILL_SECONDS = 3
DECISIONS = ("approve", "reject", "restore")

# --- Comment form helpers -------------------------------------------------------------------------------------

_fill_timer = FillTimer("comment-form-started", "COMMENT_MIN_FILL_SECONDS", MIN_FILL_SECONDS)
sign_started = _fill_timer.sign


def _comment_form(reports=(), formdata=True):
    form = CommentForm() if formdata else CommentForm(formdata=None)
    form.report_id.choices = [SelectChoice("", _("The action"))] + [
        SelectChoice(str(r.id), _("The report of %(date)s", date=date_short(r.report_date)))
        for r in reports]
    if not reports:
        form.report_id.choices = [SelectChoice("", "")]
    return form


def _fresh(form):
    form.started.data = sign_started(time.time())
    return form


def _action_comments_context(action, form=None):
    """The action's comments with the form that came back with errors (the page itself carries none)."""
    return {**queries.action_comments_context(action), "comment_form": _fresh(form) if form is not None else None}


def _action_form_context(action, form=None):
    reports = list(action.reports)
    return {"comment_form": _fresh(form or _comment_form(reports, formdata=False)),
            "comment_url": url_for("participation.comment_on_action", action_id=action.id)}


def _proposal_comments_context(appeal, form=None, posted=None):
    return {
        "comment_posted": posted,
        "comments": queries.public_comments(appeal_id=appeal.id),
        "comment_form": _fresh(form or _comment_form(formdata=False)),
        "comment_url": url_for("participation.comment_on_proposal", number=appeal.tracking_number),
        "comment_form_url": None,
        "reports_by_id": {},
    }


def _comments_partial(context, status):
    """The comment section alone with an out-of-band flash, for htmx."""
    return htmx.partial_with_flash("participation/_comments.html", status, **context)


def _check_comment(form) -> str | None:
    """None when the comment may be stored, else the notice to show with the form (everything typed is kept)."""
    if form.website.data:
        form.website.data = ""
        return _("The form could not be sent. Please leave the last field empty and send it again.")
    refused = _fill_timer.check(form.started.data)
    if refused in (EXPIRED, REPLAYED):
        return STALE_FORM
    if refused:
        return _("That was very quick. Please check your comment and send it again.")
    return None


def _posted(comment) -> str:
    """The state the thank-you names, shown where the form was (see queries.POSTED_STATES)."""
    return "published" if comment.is_public else "pending"


# --- Published proposals --------------------------------------------------------------------------------------

@bp.get("/proposals")
def proposals():
    filters = PublishedFilter(request.args)
    return htmx.render("participation/proposals.html", "participation/_proposal_list.html",
                       filters=filters, result=queries.list_published(filters), settlements=list_settlements())


def _proposal_page(appeal, status=200, support_form=None, comment_form=None, posted=None):
    return render_template("participation/proposal.html", appeal=appeal,
                           support_form=support_form or SupportForm(formdata=None),
                           **_proposal_comments_context(appeal, comment_form, posted)), status


@bp.get("/proposals/<number>")
def proposal(number):
    return _proposal_page(queries.get_published_or_404(number), posted=queries.posted_state(request.args))


@bp.post("/proposals/<number>/support")
def request_support(number):
    appeal = queries.get_published_or_404(number)
    form = SupportForm()
    if not form.validate_on_submit():
        return _proposal_page(appeal, 422, support_form=form)
    take("SUPPORT_LIMITS_PER_IP")  # only accepted requests count (app/limits)
    try:
        services.request_support(appeal, form.email.data, current_language())
    except services.NotSupportable:
        flash(_("This proposal can no longer be supported."), "warning")
    except services.AlreadySupported:
        flash(_("This email address has already supported this proposal. Thank you!"), "warning")
    else:
        flash(_("An e-mail with a link is queued for you and normally arrives within a few minutes. Open it within "
                "48 hours to confirm your support."), "success")
        if not mail_is_configured():
            flash(NO_MAIL_SERVER, "warning")
    return redirect(url_for("participation.proposal", number=appeal.tracking_number) + "#support")


@bp.get("/proposals/support/<token>")
def confirm_support(token):
    """The e-mailed link: spend it, keep its token in the session, and show what it confirms at a clean URL."""
    try:
        services.read_support_token(token)
    except services.InvalidToken:
        return render_template("participation/support_invalid.html"), 400
    if not services.spend_support_link(token):
        return render_template("participation/support_invalid.html"), 400
    secret_links.keep(SUPPORT_LINK, token)
    return redirect(url_for("participation.support_confirmation"))


def _kept_support():
    """The proposal and token this browser's link named, or (None, None)."""
    token = secret_links.kept(SUPPORT_LINK)
    try:
        return services.read_support_token(token)[0], token
    except services.InvalidToken:
        return None, None


@bp.get("/proposals/support/confirm")
def support_confirmation():
    """Show what the link confirms; the support is recorded by the button (a POST), not by opening the link."""
    appeal, _token = _kept_support()
    if appeal is None:
        return render_template("participation/support_invalid.html"), 400
    return render_template("participation/support_confirm.html", appeal=appeal, form=ConfirmSupportForm())


@bp.post("/proposals/support/confirm")
@limiter.limit(limits.setting("SUPPORT_LIMITS_PER_IP"))
def record_support():
    form = ConfirmSupportForm()
    appeal, token = _kept_support()
    if appeal is None or not form.validate_on_submit():
        return render_template("participation/support_invalid.html"), 400
    try:
        appeal = services.confirm_support(token)
    except services.NotSupportable:
        flash(_("This proposal can no longer be supported."), "warning")
    except services.AlreadySupported:
        flash(_("You have already supported this proposal; each person can support it once. Thank you!"),
              "warning")
    else:
        flash(_("Thank you: your support is counted."), "success")
    secret_links.forget(SUPPORT_LINK)
    return redirect(url_for("participation.proposal", number=appeal.tracking_number) + "#support")


# --- Comments -------------------------------------------------------------------------------------------------

@bp.post("/proposals/<number>/comments")
def comment_on_proposal(number):
    appeal = queries.get_published_or_404(number)
    form = _comment_form()
    notice = _check_comment(form)
    if notice or not form.validate_on_submit():
        if notice:
            flash(notice, "error")
        if htmx.wants_partial():
            return _comments_partial(_proposal_comments_context(appeal, form), 422)
        return _proposal_page(appeal, 422, comment_form=form)
    take("COMMENT_LIMITS_PER_IP")  # only accepted comments count (app/limits)
    comment = services.add_comment({"appeal_id": appeal.id}, form.author_name.data, form.text.data,
                                   current_language())
    if htmx.wants_partial():
        return _comments_partial(_proposal_comments_context(appeal, posted=_posted(comment)), 200)
    return redirect(url_for("participation.proposal", number=appeal.tracking_number, comment=_posted(comment))
                    + "#comment-posted")


def _action_comment_page(action, form=None, status=200):
    return render_template("participation/comment_page.html", action=action,
                           **_action_form_context(action, form)), status


@bp.get("/actions/<id:action_id>/comment")
def action_comment_form(action_id):
    """The comment form of an action: its own page, or the form alone for htmx to put in the action page."""
    action = get_action_or_404(action_id)
    if htmx.wants_partial():
        return htmx.partial("participation/_comment_form.html", **_action_form_context(action))
    return _action_comment_page(action)


@bp.post("/actions/<id:action_id>/comments")
def comment_on_action(action_id):
    action = get_action_or_404(action_id)
    form = _comment_form(action.reports)
    notice = _check_comment(form)
    if notice or not form.validate_on_submit():
        if notice:
            flash(notice, "error")
        if htmx.wants_partial():
            return _comments_partial(_action_comments_context(action, form), 422)
        return _action_comment_page(action, form, 422)
    target = {"report_id": int(form.report_id.data)} if form.report_id.data else {"action_id": action.id}
    take("COMMENT_LIMITS_PER_IP")  # only accepted comments count (app/limits)
    comment = services.add_comment(target, form.author_name.data, form.text.data, current_language())
    if htmx.wants_partial():
        return _comments_partial(queries.action_comments_context(action, _posted(comment)), 200)
    return redirect(url_for("schedule.action", action_id=action.id, comment=_posted(comment)) + "#comment-posted")


def comment_page_url(comment) -> str:
    if comment.appeal_id is not None:
        return url_for("participation.proposal", number=comment.appeal.tracking_number) + "#comments"
    action_id = comment.action_id if comment.action_id is not None else comment.report.action_id
    return url_for("schedule.action", action_id=action_id) + "#comments"


@bp.get("/comments/<id:comment_id>/flag")
def flag_page(comment_id):
    """Asks to confirm a flag: the public pages link here rather than carry a form for every comment."""
    comment = queries.get_comment_or_404(comment_id)
    if not comment.is_public:
        abort(404)
    return render_template("participation/flag_confirm.html", comment=comment, form=DecisionForm(),
                           back_url=comment_page_url(comment))


@bp.post("/comments/<id:comment_id>/flag")
@limiter.limit(limits.setting("FLAG_LIMITS_PER_IP"))
def flag(comment_id):
    comment = queries.get_comment_or_404(comment_id)
    if not DecisionForm().validate_on_submit() or not comment.is_public:
        flash(_("The comment could not be reported. Please try again."), "error")
        return redirect(comment_page_url(comment))
    try:
        services.flag_comment(comment, request.remote_addr or "")
    except services.AlreadyFlagged:
        flash(_("You have already reported this comment."), "warning")
    else:
        flash(_("Thank you: the moderators will look at this comment."), "success")
    return redirect(comment_page_url(comment))


# --- Officers: the publication queue --------------------------------------------------------------------------

@bp.get("/staff/publication")
@require_roles("officer")
def publication_queue():
    return render_template("participation/publication_queue.html", appeals=queries.publication_queue())


@bp.route("/staff/publication/<id:appeal_id>", methods=["GET", "POST"])
@require_roles("officer")
def publication(appeal_id):
    appeal = queries.get_publishable_or_404(appeal_id)
    if request.method == "GET":
        form = PublicationForm(formdata=None, data=services.prefill_publication(appeal))
    else:
        form = PublicationForm()
        if form.validate_on_submit():
            services.publish_appeal(appeal, form.public_subject.data, form.public_text.data,
                                    form.public_answer.data, current_user)
            flash(_("Published: %(number)s is now on the public proposals page.",
                    number=appeal.tracking_number), "success")
            return redirect(url_for("participation.publication_queue"))
    return htmx.render_form("participation/publication_form.html", appeal=appeal, form=form,
                            refuse_form=DecisionForm(formdata=None))


@bp.post("/staff/publication/<id:appeal_id>/refuse")
@require_roles("officer")
def refuse_publication(appeal_id):
    appeal = queries.get_publishable_or_404(appeal_id)
    if DecisionForm().validate_on_submit():
        services.refuse_publication(appeal, current_user)
        flash(_("Publication of %(number)s refused; it stays private.", number=appeal.tracking_number), "success")
    else:
        flash(_("The form expired. Please submit it again."), "error")
    return redirect(url_for("participation.publication_queue"))


# --- Officers: comment moderation -----------------------------------------------------------------------------

@bp.get("/staff/moderation")
@require_roles("officer")
def moderation():
    return render_template("participation/moderation.html", queue=queries.moderation_queue(),
                           recent=queries.recently_moderated(), form=DecisionForm(formdata=None),
                           premoderation=queries.premoderation())


@bp.post("/staff/moderation/<id:comment_id>/<decision>")
@require_roles("officer")
def moderate(comment_id, decision):
    if decision not in DECISIONS:
        abort(404)
    comment = queries.get_comment_or_404(comment_id)
    if not DecisionForm().validate_on_submit():
        flash(_("The form expired. Please submit it again."), "error")
        status = 400
    else:
        services.moderate_comment(comment, decision, current_user)
        flash({"approve": _("The comment is approved and shown."), "reject": _("The comment is rejected."),
               "restore": _("The comment is restored and shown again.")}[decision], "success")
        status = 200
    if htmx.wants_partial():
        return htmx.partial_with_flash("participation/_moderation_row.html", status, comment=comment,
                                       form=DecisionForm(formdata=None), done=status == 200)
    return redirect(url_for("participation.moderation"))


@bp.route("/admin/comments", methods=["GET", "POST"])
@require_roles("admin")
def moderation_settings():
    form = ModerationSettingsForm()
    if request.method == "GET":
        form.premoderation.data = queries.premoderation()
    elif form.validate_on_submit():
        services.set_premoderation(bool(form.premoderation.data), current_user)
        flash(_("The moderation setting is saved."), "success")
        return redirect(url_for("participation.moderation_settings"))
    return htmx.render_form("participation/settings.html", form=form)


limits.throttled_page("participation")(limits.too_many_attempts_page)
