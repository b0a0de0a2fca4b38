from flask import Blueprint

bp = Blueprint("institutions", __name__)


@bp.record_once
def _labels(state):
    from app.institutions.labels import KIND_LABELS

    state.app.jinja_env.globals.update(KIND_LABELS=KIND_LABELS)


from app.institutions import routes  # noqa: E402,F401
