from flask import render_template

from app.community import bp
from app.community.queries import get_settlement_or_404, local_today
from app.institutions.queries import list_institutions
from app.schedule.queries import settlement_overview


@bp.get("/settlements/<slug>")
def settlement(slug):
    place = get_settlement_or_404(slug)
    return render_template(
        "community/settlement.html",
        settlement=place,
        institutions=list_institutions(settlement_id=place.id),
        overview=settlement_overview(place, local_today()),
    )

