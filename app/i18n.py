"""Locale choice, locale-aware formatting and content that carries its own translations."""

from datetime import UTC, date, datetime, timedelta

from babel.dates import format_date as babel_format_date
from flask import current_app, request
from flask_babel import format_currency, format_decimal, format_percent, get_locale, to_user_timezone
from markupsafe import Markup, escape

# The one language list: of the interface (config LANGUAGES) and of content, whose fields are named field_<lang>.
LANGS = ("hy", "en", "ru")
ORIGINAL = "hy"  # content is written in Armenian; other languages are optional translations


def select_locale():
    """Pick the locale: ?lang=, then the cookie the switcher set, then Armenian."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(current_app.config["LANG_COOKIE"])):
        if candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_locale(response):
    """Persist an explicit ?lang= choice so the next pages open in the same language."""
    lang = request.args.get("lang")
    if response.mimetype != "text/html":
        return response  # feeds and JSON are cached publicly: a cookie there would be shared, and is not needed
    cookie = current_app.config["LANG_COOKIE"]
    if lang in current_app.config["LANGUAGES"] and request.cookies.get(cookie) != lang:
        response.set_cookie(cookie, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def current_language():
    return str(get_locale().language)


def content(obj, field):
    """Return (text, language) of a translatable field: the active language's, else the Armenian original."""
    lang = current_language()
    if lang != ORIGINAL:
        text = getattr(obj, f"{field}_{lang}", None)
        if text:
            return text, lang
    return getattr(obj, f"{field}_{ORIGINAL}", None), ORIGINAL


def tr(obj, field):
    """Render a translatable field, marking an Armenian fallback with lang="hy" for readers and screen readers."""
    if obj is None:
        return ""
    text, lang = content(obj, field)
    if not text:
        return ""
    if lang != current_language():
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    return escape(text)


def tr_text(obj, field):
    """The plain text of a translatable field (for attributes, titles and sorting)."""
    return content(obj, field)[0] or "" if obj is not None else ""


def money(amount):
    """Whole drams in the active locale, e.g. 15 300 000 ֏ in Armenian."""
    if amount is None:
        return ""
    return format_currency(amount, "AMD", format="#,##0\u00a0¤", currency_digits=False)


def number(value):
    if value is None:
        return ""
    return format_decimal(value)


# One way to write a date in every language, on pages, in e-mails, PDFs and feeds: the day first, without a leading
# zero, and the month in letters, so "1/2/27" (read as 2 January in the US, 1 February in Armenia) never appears.
# CLDR's own English forms put the month first and its Armenian long form pads the day ("04 հունվարի").
_SHORT = "d MMM y"  # 4 Jan 2027 · 4 հնվ 2027 · 4 янв. 2027
_LONG = {"hy": "d MMMM, y 'թ'.", "en": "d MMMM y", "ru": "d MMMM y 'г'."}  # 4 հունվարի, 2027 թ.


def _locale():
    # get_locale() follows force_locale(), so e-mails and PDFs made for a recipient use the recipient's language.
    return get_locale()


def _local(value):
    """A date as is; an aware or naive-UTC datetime as the community's local date and time."""
    if isinstance(value, datetime):
        return to_user_timezone(value if value.tzinfo else value.replace(tzinfo=UTC))
    return value


def date_short(value):
    """A date in the compact form of tables and lists: 4 Jan 2027, 4 հնվ 2027, 4 янв. 2027."""
    if value is None:
        return ""
    return babel_format_date(_local(value), _SHORT, locale=_locale())


def date_long(value):
    """A date in running text: 4 January 2027, 4 հունվարի, 2027 թ., 4 января 2027 г."""
    if value is None:
        return ""
    locale = _locale()
    return babel_format_date(_local(value), _LONG.get(str(locale.language), _SHORT), locale=locale)


def datetime_short(value):
    """A moment in local time: 4 Jan 2027, 15:05 (24-hour in every language)."""
    if value is None:
        return ""
    local = _local(value)
    return f"{babel_format_date(local, _SHORT, locale=_locale())}, {local:%H:%M}"


def date_span(start: date, end: date | None = None, year: int | None = None):
    """A day or a run of days as after a day number: 17 September – 3 December; the year only when it is not `year`."""
    if end is None or end == start:
        return _day(start, year)
    # Within one year the year is said once, at the end: 4 January – 7 January 2027.
    return f"{_day(start, start.year if end.year == start.year else year)} – {_day(end, year)}"


def _day(value: date, year: int | None):
    locale = _locale()
    if year is not None and value.year == year:
        return babel_format_date(value, "d MMMM", locale=locale)
    return date_long(value)


def month_title(value: date):
    """Stand-alone month name and year, for calendar headers (nominative in Armenian and Russian)."""
    return babel_format_date(value, "LLLL y", locale=get_locale()).capitalize()


def day_month(value: date):
    """Day and month as after a day number (genitive), e.g. 15 մարտի."""
    return babel_format_date(value, "d MMMM", locale=get_locale())


def weekday_short(value: date):
    return babel_format_date(value, "EEEEEE", locale=get_locale()).capitalize()


def percent(value):
    return "" if value is None else format_percent(value)


def weekday_name(value: date):
    return babel_format_date(value, "EEEE", locale=get_locale()).capitalize()


def init_app(app):
    app.after_request(remember_locale)
    app.jinja_env.globals.update(
        tr=tr, tr_text=tr_text, current_language=current_language, lang_url=lang_url,
        LANGUAGE_NAMES=LANGUAGE_NAMES, timedelta=timedelta, date_span=date_span,
    )
    app.jinja_env.filters.update(
        money=money, number=number, date_short=date_short, date_long=date_long, datetime_short=datetime_short,
        month_title=month_title, day_month=day_month, weekday_name=weekday_name,
        weekday_short=weekday_short, percent=percent,
    )



def lang_url(code):
    """The current page in another language (the choice is then remembered in a cookie)."""
    from urllib.parse import urlencode

    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return f"{request.path}?{urlencode(args)}"


LANGUAGE_NAMES = {"hy": "Հայերեն", "en": "English", "ru": "Русский"}
