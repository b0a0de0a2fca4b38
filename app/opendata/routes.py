from flask import Response, abort, jsonify, render_template, stream_with_context

from app import limits
from app.audit import queries as audit_queries
from app.community.queries import local_today
from app.extensions import limiter
from app.i18n import current_language
from app.opendata import bp
from app.opendata.dictionary import EXPORTS
from app.opendata.queries import rows_for
from app.opendata.writers import csv_chunks, file_chunks, xlsx_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/open-data")
def index():
    return render_template("opendata/index.html", exports=EXPORTS.values(), lang=current_language())


@bp.get("/open-data/dictionary")
def dictionary():
    return render_template("opendata/dictionary.html", exports=EXPORTS.values(), lang=current_language())


@bp.get("/open-data/dictionary.json")
def dictionary_json():
    return jsonify({"exports": [e.as_json() for e in EXPORTS.values()]})


def _download(name, extension, mimetype, body):
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/open-data/<name>.csv")
@limiter.limit(limits.setting("EXPORT_LIMITS"))  # a generous limit keeps scrapers in check
def export_csv(name):
    export = EXPORTS.get(name) or abort(404)
    rows = rows_for(name, local_today())
    body = stream_with_context(chunk.encode("utf-8") for chunk in csv_chunks(export, rows))
    return _download(name, "csv", "text/csv", body)


@bp.get("/open-data/<name>.xlsx")
@limiter.limit(limits.setting("EXPORT_LIMITS"))  # a generous limit keeps scrapers in check
def export_xlsx(name):
    export = EXPORTS.get(name) or abort(404)
    return _download(name, "xlsx", XLSX, file_chunks(xlsx_file(export, rows_for(name, local_today()))))


@bp.get("/open-data/audit-checkpoint.json")
def audit_checkpoint():
    """The latest published head of the audit log: save it, and a later rewrite or cut tail can be proven."""
    checkpoint = audit_queries.latest_checkpoint() or abort(404)
    response = jsonify(checkpoint.as_json())
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"  # monitors may fetch it from anywhere
    return response
