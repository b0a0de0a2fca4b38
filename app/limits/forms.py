"""The admin's form for an address with higher limits."""

import ipaddress

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class AllowanceForm(FlaskForm):
    network = StringField(_l("Address or network"), [InputRequired(), Length(max=64)], filters=[_strip],
                          render_kw={"spellcheck": "false", "autocapitalize": "none"})
    label = StringField(_l("Who uses it"), [InputRequired(), Length(max=200)], filters=[_strip])
    factor = IntegerField(_l("Times the usual limits"), [InputRequired(), NumberRange(min=2, max=100)], default=10)

    def validate_network(self, field):
        """One address (203.0.113.7) or a network (203.0.113.0/28, 2001:db8::/64), stored in its normal form."""
        try:
            field.data = str(ipaddress.ip_network(field.data, strict=False))
        except ValueError:
            raise ValidationError(_l("Write an IPv4 or IPv6 address, like 203.0.113.7, or a network, like "
                                     "203.0.113.0/28.")) from None
