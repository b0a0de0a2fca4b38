"""Forms of the privacy pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


class RetentionForm(FlaskForm):
    years = IntegerField(_l("Years to keep applicants' personal data after an appeal is closed"),
                         [InputRequired(message=_l("This field is required.")),
                          NumberRange(min=1, max=50, message=_l("Enter a number from 1 to 50."))],
                         invalid_value_message=_l("Enter a whole number."))


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the button of a deletion request."""
