"""The first-run screen's form: the community's form plus the setup token and the first admin's account."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, Length, Optional, Regexp
from wtforms.widgets import PasswordInput

from app.community.forms import EMAIL_PATTERN, CommunityForm


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SetupForm(CommunityForm):
    """Shown only while no community exists; the token or an admin's login opens it, the first admin comes with it."""

    # Kept in the form when it comes back with errors, so the operator pastes it once.
    token = PasswordField(_l("Setup token"), filters=[_strip], widget=PasswordInput(hide_value=False))
    admin_name = StringField(_l("Your full name"), [Optional(), Length(max=200, message=_l(
        "At most %(max)d characters.", max=200))], filters=[_strip])
    admin_email = StringField(_l("Your email (your login)"), [Optional(), Regexp(
        EMAIL_PATTERN, message=_l("Enter an email address like name@example.am."))], filters=[_strip])
    admin_password = PasswordField(_l("Password"))
    admin_password_confirm = PasswordField(_l("Password again"), [
        EqualTo("admin_password", message=_l("The two passwords are not the same."))])
