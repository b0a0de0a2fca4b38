from flask import abort, render_template

from app.program import bp
from app.program.queries import get_current_program, program_history, program_progress


@bp.get("/program")
def program():
    current = get_current_program()
    if current is None:
        abort(404)
    return render_template("program/program.html", progress=program_progress(current),
                           history=program_history(current))
