from flask import current_app, render_template, request

from app import htmx
from app.audit.queries import history
from app.community.queries import local_today
from app.participation.queries import action_comments_context, posted_state
from app.schedule import bp, structured
from app.schedule.filters import ScheduleFilters
from app.schedule.history import describe
from app.schedule.queries import (
    actual_spent,
    calendar_month,
    get_action_or_404,
    list_schedule,
    schedule_options,
)


@bp.get("/schedule")
def schedule():
    filters = ScheduleFilters.from_args(request.args)
    options = schedule_options()
    today = local_today()
    context = {"filters": filters, "options": options, "today": today}
    if filters.view == "calendar":
        month = filters.month or today.replace(day=1)
        context.update(month=month, weeks=calendar_month(filters, options, month))
    else:
        context.update(result=list_schedule(filters, options, current_app.config["SCHEDULE_PAGE_SIZE"], today))
    return htmx.render("schedule/schedule.html", "schedule/_results.html", **context)


@bp.get("/actions/<id:action_id>")
def action(action_id):
    """The action's public page: the same for every visitor (its comment form is on a page of its own)."""
    item = get_action_or_404(action_id)
    changes = describe(history(("action", item.id), *[("report", r.id) for r in item.reports]))
    return render_template("schedule/action.html", action=item, spent=actual_spent(item), today=local_today(),
                           history=changes, structured_data=structured.event(item),
                           share_image=structured.share_image(item),
                           **action_comments_context(item, posted_state(request.args)))
