from flask import request

from app import htmx
from app.search import bp
from app.search.queries import KINDS
from app.search.queries import search as run_search
from app.search.text import fold

MIN_LENGTH = 2
MAX_LENGTH = 100


@bp.get("/search")
def search():
    query = " ".join((request.args.get("q") or "").split())[:MAX_LENGTH]
    kind = request.args.get("type")
    kind = kind if kind in KINDS else None
    page = request.args.get("page", "1")
    page = int(page) if page.isdecimal() and 0 < int(page) < 100000 else 1
    folded = fold(query)
    groups = run_search(folded, kind, page) if len(folded) >= MIN_LENGTH else []
    return htmx.render("search/search.html", "search/_results.html", q=query, folded=folded, kind=kind,
                       groups=groups, too_short=bool(query) and len(folded) < MIN_LENGTH)
