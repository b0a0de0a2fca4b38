"""The admin screens: settlements, institutions, the development program and the non-working-day calendar."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.record_once
def _labels(state):
    from app.admin.labels import PROGRAM_FIELD_LABELS

    # A global, not a context processor: the public program page's history partial uses it too.
    state.app.jinja_env.globals.update(PROGRAM_FIELD_LABELS=PROGRAM_FIELD_LABELS)


from app.admin import routes  # noqa: E402,F401
