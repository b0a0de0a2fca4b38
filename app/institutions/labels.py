"""Translated names of institution kinds."""

from flask_babel import lazy_gettext as _l

from app.institutions.models import InstitutionKind

KIND_LABELS = {
    InstitutionKind.KINDERGARTEN: _l("Kindergarten"),
    InstitutionKind.MUSIC_SCHOOL: _l("Music school"),
    InstitutionKind.ART_SCHOOL: _l("Art school"),
    InstitutionKind.CULTURE_HOUSE: _l("Culture house"),
    InstitutionKind.COMMUNAL_SERVICES: _l("Communal services"),
    InstitutionKind.LIBRARY: _l("Library"),
    InstitutionKind.SPORT: _l("Sport"),
    InstitutionKind.MUNICIPALITY: _l("Municipality"),
    InstitutionKind.OTHER: _l("Other"),
}
