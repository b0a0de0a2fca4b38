"""Forms of the public appeal pages; every field has a translated label and error."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from app.appeals.deadlines import Kind
from app.community.queries import list_settlements
from app.i18n import tr_text
from app.institutions.queries import list_institutions
from app.sms.phones import InvalidPhone, normalize_phone

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
MUNICIPALITY = "municipality"

KIND_LABELS = {
    Kind.APPLICATION: _l("Application"),
    Kind.COMPLAINT: _l("Complaint"),
    Kind.PROPOSAL: _l("Proposal"),
    Kind.INFORMATION_REQUEST: _l("Information request"),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PhoneNumber:
    """A number a text message can reach; stores it in E.164 (`091 234567` -> `+37491234567`)."""

    message = _l("This is not a phone number we can send a text message to. Write it like 091 234567 or "
                 "+374 91 234567.")

    def __call__(self, form, field):
        try:
            field.data = normalize_phone(field.data)
        except InvalidPhone:
            raise ValidationError(self.message) from None


def _required(message=None):
    return InputRequired(message=message or _l("This field is required."))


def _optional_int(value):
    """A select's value: the empty "Choose" option is None, anything else a whole number."""
    return None if value in ("", None) else int(value)


# Translators: the first, empty option of a drop-down list that must be chosen.
CHOOSE = _l("Choose…")


class AppealForm(FlaskForm):
    # Required choices start empty: a preselected first option is too easily sent unread.
    kind = SelectField(_l("Kind of appeal"),
                       choices=[SelectChoice("", CHOOSE)] + [SelectChoice(k.value, label)
                                                            for k, label in KIND_LABELS.items()],
                       validators=[_required(_l("Choose the kind of appeal."))])
    subject = StringField(_l("Subject"), [_required(_l("Write the subject in a few words.")), Length(max=300)],
                          filters=[_strip])
    text = TextAreaField(_l("Your appeal"), [_required(_l("Write what your appeal is about.")), Length(max=20000)],
                         filters=[_strip], render_kw={"rows": 10})
    settlement_id = SelectField(_l("Settlement"), coerce=_optional_int,
                                validators=[_required(_l("Choose the settlement the matter is in."))])
    addressee = SelectField(_l("Addressed to"), validators=[_required()])
    attachments = MultipleFileField(_l("Attachments (photos in JPEG, PNG or WebP, documents in PDF; optional)"))
    applicant_name = StringField(_l("Your name"), [_required(_l("Write your name.")), Length(max=200)],
                                 filters=[_strip], render_kw={"autocomplete": "name"})
    applicant_email = EmailField(
        _l("Email address"),
        [Optional(), Length(max=254),
         Regexp(EMAIL_PATTERN, message=_l("Enter an email address like name@example.am."))],
        filters=[_strip], render_kw={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"})
    applicant_phone = StringField(
        _l("Phone number"),
        [Optional(), Length(max=40), PhoneNumber()],
        filters=[_strip], render_kw={"autocomplete": "tel", "type": "tel"})
    applicant_address = StringField(_l("Postal address (optional)"), [Optional(), Length(max=500)], filters=[_strip],
                                    render_kw={"autocomplete": "street-address"})
    allow_publish = BooleanField(_l("The municipality may publish my question and its answer without my name "
                                    "and contacts"))
    # Spam defences: a field people leave empty, and when the form was shown (signed).
    website = StringField(_l("Leave this field empty"), render_kw={"tabindex": "-1", "autocomplete": "off"})
    started = HiddenField()

    CONTACT_NEEDED = _l("Give an email address or a phone number, so the answer can reach you.")

    def validate_attachments(self, field):
        """A handful of files per appeal: counted before any of them is opened."""
        limit = current_app.config["MAX_APPEAL_ATTACHMENTS"]
        if len([upload for upload in field.data or [] if upload and upload.filename]) > limit:
            raise ValidationError(_l("Attach at most %(count)s files to one appeal.", count=limit))

    def validate(self, extra_validators=None):
        """At least one way to answer: an email address or a phone number."""
        ok = super().validate(extra_validators)
        if not self.applicant_email.data and not self.applicant_phone.data:
            self.applicant_email.errors = [*self.applicant_email.errors, self.CONTACT_NEEDED]
            ok = False
        return ok

    def fill_choices(self):
        """The settlements and addressees (the public form, or the officers' paper form)."""
        self.settlement_id.choices = [SelectChoice("", CHOOSE)] + [SelectChoice(s.id, tr_text(s, "name"))
                                                                  for s in list_settlements()]
        self.addressee.choices = [SelectChoice(MUNICIPALITY, _("The municipality"))] + [
            SelectChoice(str(i.id), tr_text(i, "name")) for i in list_institutions()]

    def appeal_data(self) -> dict:
        """The appeal as submit_appeal takes it."""
        addressee = self.addressee.data
        return {
            "kind": self.kind.data,
            "subject": self.subject.data,
            "text": self.text.data,
            "settlement_id": self.settlement_id.data,
            "institution_id": None if addressee == MUNICIPALITY else int(addressee),
            "applicant_name": self.applicant_name.data,
            "applicant_email": self.applicant_email.data or None,
            "applicant_phone": self.applicant_phone.data or None,
            "applicant_address": self.applicant_address.data or None,
            "allow_publish": bool(self.allow_publish.data),
        }


class TrackForm(FlaskForm):
    """Posted, so the code never lands in a URL, an access log or the browser's history."""

    number = StringField(_l("Tracking number"), [_required(_l("Write the tracking number.")), Length(max=40)],
                         filters=[_strip],
                         render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})
    key = StringField(_l("Access code"), [_required(_l("Write the access code.")), Length(max=100)],
                      filters=[_strip],
                      render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})


class WithdrawForm(FlaskForm):
    number = HiddenField()
    confirm = BooleanField(_l("Yes, I withdraw my appeal"), [_required(_l("Tick the box to confirm."))])


class ForgetForm(FlaskForm):
    """The button that asks for the applicant's personal data to be deleted from a closed appeal."""

    number = HiddenField()


RATING_CHOICES = [SelectChoice(str(n), str(n)) for n in range(1, 6)]


class RatingForm(FlaskForm):
    number = HiddenField()
    content = RadioField(_l("How good was the answer? (1 poor – 5 very good)"), choices=RATING_CHOICES,
                         validators=[_required(_l("Choose a mark from 1 to 5."))])
    timeliness = RadioField(_l("How timely was the answer? (1 poor – 5 very good)"), choices=RATING_CHOICES,
                            validators=[_required(_l("Choose a mark from 1 to 5."))])
