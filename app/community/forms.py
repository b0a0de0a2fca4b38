"""The community's setup form: used by the first-run screen and, without CSRF, by `flask init-community`."""

import zoneinfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from app.community.services import PREFIX_PATTERN

WEB_URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$"
PHONE_PATTERN = r"^[0-9+()\-\s]{5,50}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# Fields of the community row that the form fills, in the order `flask init-community` asks for them.
COMMUNITY_FIELDS = ("name_hy", "name_en", "name_ru", "tracking_prefix", "timezone", "website", "email", "phone",
                    "address_hy", "address_en", "address_ru")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


def _required():
    return DataRequired(message=_l("This field is required."))


def _length(maximum):
    return Length(max=maximum, message=_l("At most %(max)d characters.", max=maximum))


def _text(label, maximum, required=False):
    return StringField(label, [_required() if required else Optional(), _length(maximum)], filters=[_strip])


class CommunityForm(FlaskForm):
    name_hy = _text(_l("Name in Armenian"), 200, required=True)
    name_en = _text(_l("Name in English"), 200)
    name_ru = _text(_l("Name in Russian"), 200)
    tracking_prefix = StringField(_l("Tracking-number prefix"), [
        _required(), Regexp(PREFIX_PATTERN, message=_l("Two to six Latin capital letters, e.g. DIL."))],
        filters=[_upper])
    timezone = StringField(_l("Time zone"), [_required()], default="Asia/Yerevan", filters=[_strip])
    website = StringField(_l("Website"), [Optional(), _length(300), Regexp(
        WEB_URL_PATTERN, message=_l("Enter a web address starting with https:// or http://."))], filters=[_strip])
    email = StringField(_l("Contact email"), [Optional(), _length(200), Regexp(
        EMAIL_PATTERN, message=_l("Enter an email address like name@example.am."))], filters=[_strip])
    phone = StringField(_l("Contact phone"), [Optional(), Regexp(
        PHONE_PATTERN, message=_l("A phone number: digits, spaces, +, ( ) and -."))], filters=[_strip])
    address_hy = _text(_l("Address in Armenian"), 500)
    address_en = _text(_l("Address in English"), 500)
    address_ru = _text(_l("Address in Russian"), 500)
    settlements = TextAreaField(_l("Settlements (CSV)"), [Optional(), _length(200_000)])
    logo = FileField(_l("Logo (JPEG, PNG or WebP; optional)"))

    def validate_timezone(self, field):
        if field.data not in zoneinfo.available_timezones():
            raise ValidationError(_l("Not a time zone name; use one like Asia/Yerevan."))

    def community_values(self) -> dict:
        """The community row's columns; empty optional texts become NULL."""
        return {name: getattr(self, name).data or None for name in COMMUNITY_FIELDS}
