"""Forms of subscriptions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectChoice, SelectField
from wtforms.validators import InputRequired, Length, Regexp

from app.accounts.forms import EMAIL_PATTERN
from app.i18n import LANGUAGE_NAMES


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SubscribeForm(FlaskForm):
    """The email address and the selection to follow.

    Shown inside public pages that are cached for every visitor, so it carries no CSRF token (a token would tie the
    page to a session). Nothing here acts on behalf of a signed-in visitor: a forged post can only ask an address
    to confirm, which anyone can do by filling the form; the double opt-in, the rate limits and the Origin check
    in the view are what protect mailboxes.
    """

    class Meta:
        csrf = False

    email = EmailField(
        _l("Email address"),
        [InputRequired(message=_l("This field is required.")), Length(max=254),
         Regexp(EMAIL_PATTERN, message=_l("Enter an email address like name@example.am."))],
        filters=[_strip], render_kw={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"})
    filters = HiddenField()


class ButtonForm(FlaskForm):
    """Only the CSRF token: a signed link shows a button, so a mail scanner's GET changes nothing."""


LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


class PreferencesForm(FlaskForm):
    """The language of the mail; each subscription's choices are read from checkboxes named by its id."""

    language = SelectField(_l("Language of the emails"), choices=LANGUAGE_CHOICES)
