from flask import Blueprint

bp = Blueprint("schedule", __name__)


@bp.record_once
def _labels(state):
    from app.schedule.labels import FIELD_LABELS, FUNDING_LABELS, STATUS_LABELS

    # Globals, not a context processor, so that imported macros see them too.
    state.app.jinja_env.globals.update(STATUS_LABELS=STATUS_LABELS, FUNDING_LABELS=FUNDING_LABELS,
                                       FIELD_LABELS=FIELD_LABELS)


from app.schedule import routes  # noqa: E402,F401
