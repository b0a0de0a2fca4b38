from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


class DashboardSettingsForm(FlaskForm):
    min_count = IntegerField(
        _l("Minimum count for a percentage"),
        [InputRequired(message=_l("This field is required.")),
         NumberRange(min=1, max=1000, message=_l("Enter a number from 1 to 1000."))],
        invalid_value_message=_l("Enter a whole number."),
    )
