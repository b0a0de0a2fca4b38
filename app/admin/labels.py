"""Names of the development program's fields, as the public history and the admin screens mention them."""

from flask_babel import lazy_gettext as _l

PROGRAM_FIELD_LABELS = {
    "title_hy": _l("Title (Armenian)"), "title_en": _l("Title (English)"), "title_ru": _l("Title (Russian)"),
    "description_hy": _l("Description (Armenian)"), "description_en": _l("Description (English)"),
    "description_ru": _l("Description (Russian)"),
    "name_hy": _l("Name (Armenian)"), "name_en": _l("Name (English)"), "name_ru": _l("Name (Russian)"),
    "unit_hy": _l("Unit (Armenian)"), "unit_en": _l("Unit (English)"), "unit_ru": _l("Unit (Russian)"),
    "code": _l("Code"),
    "baseline": _l("Baseline value"), "baseline_year": _l("Baseline year"),
    "target": _l("Target value"), "target_year": _l("Target year"),
    "start_year": _l("First year"), "end_year": _l("Last year"),
    "council_decision": _l("Council decision"), "adopted_on": _l("Adopted on"), "document_url": _l("Document"),
    "goals": _l("Goals"), "objectives": _l("Objectives"), "indicators": _l("Indicators"),
}
