"""Forms of the accounts domain; every label and message is translated."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.accounts import queries
from app.accounts.labels import ROLE_LABELS
from app.accounts.models import Role
from app.accounts.passwords import MIN_LENGTH, password_problems, verify_password
from app.i18n import LANGUAGE_NAMES

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_NO_AUTOFILL = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _required():
    return InputRequired(message=_l("This field is required."))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), [_required(), Length(max=254)], filters=[_strip],
                       render_kw={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"})
    password = PasswordField(_l("Password"), [_required()], render_kw={"autocomplete": "current-password"})


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email address"), [_required(), Length(max=254)], filters=[_strip],
                       render_kw={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"})


class _CurrentPasswordFirst:
    # Defined before NewPasswordForm because WTForms orders fields by definition: it comes first on the page.
    current_password = PasswordField(_l("Current password"), [_required()],
                                     render_kw={"autocomplete": "current-password"})


class NewPasswordForm(FlaskForm):
    """A new password typed twice, checked against the policy and the person's own email and name."""

    MIN_LENGTH = MIN_LENGTH

    new_password = PasswordField(_l("New password"), [_required()], render_kw={"autocomplete": "new-password"})
    new_password_confirm = PasswordField(
        _l("New password again"),
        [_required(), EqualTo("new_password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_new_password(self, field):
        problems = password_problems(field.data or "", self.user.email, self.user.full_name)
        if problems:
            raise ValidationError(problems[0])


class PasswordChangeForm(_CurrentPasswordFirst, NewPasswordForm):
    def validate_current_password(self, field):
        if not verify_password(self.user.password_hash, field.data or ""):
            raise ValidationError(_l("This is not your current password."))


class _EmailFirst:
    # Defined before _RolesForm because WTForms orders fields by definition: the address comes first.
    email = EmailField(_l("Email address"), [
        _required(), Length(max=254), Regexp(EMAIL_PATTERN, message=_l("Enter an email address like name@example.am.")),
    ], filters=[_strip], render_kw=_NO_AUTOFILL)


class _RolesForm(FlaskForm):
    full_name = StringField(_l("Full name"), [_required(), Length(max=200)], filters=[_strip],
                            render_kw={"autocomplete": "off"})
    roles = CheckboxList(_l("Roles"))
    institutions = CheckboxList(_l("Institutions this person edits"), coerce=int)

    def __init__(self, *args, institutions, **kwargs):
        """institutions: (id, name) pairs to choose from."""
        super().__init__(*args, **kwargs)
        self.roles.choices = [SelectChoice(role.value, str(ROLE_LABELS[role])) for role in Role]
        self.institutions.choices = [SelectChoice(value, label) for value, label in institutions]

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one role."))

    def validate_institutions(self, field):
        editor = Role.EDITOR.value in (self.roles.data or [])
        if editor and not field.data:
            raise ValidationError(_l("An institution editor needs an institution: choose at least one."))
        if field.data and not editor:
            raise ValidationError(_l("Institutions are only for the institution editor role: tick that role "
                                     "or clear the institutions."))


class UserForm(_EmailFirst, _RolesForm):
    # Mail to the person (the setup link, later resets and digests) is written in this language, whatever the
    # language of the admin who creates the account; they can change it themselves afterwards.
    language = SelectField(_l("Language of their emails"), default="hy")  # a missing choice keeps Armenian

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]

    def validate_email(self, field):
        if queries.email_taken(field.data):
            raise ValidationError(_l("An account with this email address already exists."))


class UserEditForm(_RolesForm):
    pass


class EmailLanguageForm(FlaskForm):
    """The language of the emails the system writes to this staff member (the deadline digest)."""

    language = SelectField(_l("Language of your emails"), validators=[_required()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
