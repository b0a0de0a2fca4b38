"""The data points of the dashboard's SVG charts (templates/_macros/charts.html), labelled for the reader."""

from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import gettext as _

from app.appeals.forms import KIND_LABELS
from app.i18n import money, number, tr_text


def group_label(by, key) -> str:
    if by == "month":
        return format_date(key, "LLL y", locale=get_locale())
    if by == "kind":
        return str(KIND_LABELS[key])
    if key is None:
        return _("The municipality")
    return tr_text(key, "name")


def trend(groups):
    """(month, appeals received, the count as text) per month."""
    return [(format_date(g.key, "LLL", locale=get_locale()), g.received, number(g.received)) for g in groups]


def histogram(buckets):
    return [(bucket_label(b), b.count, number(b.count)) for b in buckets]


def bucket_label(bucket) -> str:
    return f"{bucket.low}–{bucket.high}" if bucket.high is not None else f"{bucket.low}+"


def on_time(by, groups):
    return [(group_label(by, g.key), g.on_time_share) for g in groups]


def budgets(rows, name_of):
    """(name, planned, spent, planned as text, spent as text) per row with any budget."""
    return [(name_of(r), r.budget_planned, r.spent, money(r.budget_planned), money(r.spent))
            for r in rows if r.budget_planned or r.spent]


def per_resident(shares):
    return [(tr_text(s.settlement, "name"), s.planned_per_resident or 0, s.spent_per_resident or 0,
             money(round(s.planned_per_resident or 0)), money(round(s.spent_per_resident or 0)))
            for s in shares if s.population]


def institution_name(record) -> str:
    return tr_text(record.institution, "name")
