"""The institution's contact fields, checked the same way wherever they are edited (admin form, editor's profile).

They are republished as they are by public pages and the CORS-open API, so only https web addresses pass (a
javascript: or data: link must never reach a page), and phone and e-mail must look like a phone and an e-mail.
"""

import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, Optional, ValidationError

HTTPS_URL_PATTERN = re.compile(r"https://[^\s/$.?#][^\s]*\.[^\s]+")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE_PATTERN = re.compile(r"[0-9+()\-\s]{5,50}")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _text(label, maximum):
    return StringField(label, [Optional(), Length(max=maximum, message=_l("At most %(max)d characters.",
                                                                         max=maximum))], filters=[_strip])


class ContactFields:
    """Phone, e-mail and website with their checks; mixed into a FlaskForm."""

    phone = _text(_l("Phone"), 50)
    email = _text(_l("Email"), 200)
    website = _text(_l("Website"), 300)

    def validate_phone(self, field):
        if field.data and not PHONE_PATTERN.fullmatch(field.data):
            raise ValidationError(_l("Use digits, spaces and + ( ) -, e.g. %(example)s.", example="+374 268 2 12 34"))

    def validate_email(self, field):
        if field.data and not EMAIL_PATTERN.fullmatch(field.data):
            raise ValidationError(_l("Enter an email address, e.g. %(example)s.", example="info@example.am"))

    def validate_website(self, field):
        if field.data and not HTTPS_URL_PATTERN.fullmatch(field.data):
            raise ValidationError(_l("Enter a web address starting with https://, e.g. %(example)s.",
                                     example="https://www.dilijan.am"))
