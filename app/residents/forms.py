"""Forms of the residents' pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import InputRequired, Length, Regexp

from app.accounts.forms import EMAIL_PATTERN
from app.appeals.forms import PhoneNumber


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        [InputRequired(message=_l("This field is required.")), Length(max=254),
         Regexp(EMAIL_PATTERN, message=_l("Enter an email address like name@example.am."))],
        filters=[_strip], render_kw={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"})


class ConfirmForm(FlaskForm):
    """Only the CSRF token: following the emailed link shows a button, so a mail scanner's GET spends nothing."""


class SignOutForm(FlaskForm):
    pass


class PhoneForm(FlaskForm):
    """The number a phone-only applicant wrote in their appeals (stored in E.164 by the validator)."""

    phone = StringField(_l("Phone number"), [InputRequired(message=_l("This field is required.")), Length(max=40),
                                             PhoneNumber()],
                        filters=[_strip], render_kw={"autocomplete": "tel", "type": "tel"})


class CodeForm(FlaskForm):
    code = StringField(_l("Code from the SMS"),
                       [InputRequired(message=_l("This field is required.")), Length(max=12),
                        Regexp(r"^[0-9 ]{6,12}$", message=_l("The code has six digits."))],
                       filters=[_strip], render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
