from flask import abort, render_template, send_from_directory

from app.community import bp
from app.community.queries import get_community, get_settlement_or_404, local_today
from app.institutions.queries import list_institutions
from app.media.storage import PHOTO_NAME, photo_dir
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


@bp.get("/community/logo.jpg")
def logo():
    """The community's logo (its re-encoded thumbnail), linked from the site header when one was given."""
    community = get_community()
    if community is None or not community.logo_path or not PHOTO_NAME.fullmatch(community.logo_path):
        abort(404)
    thumb = community.logo_path.replace(".jpg", "-t.jpg")
    response = send_from_directory(photo_dir(create=False), thumb, mimetype="image/jpeg", max_age=3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
