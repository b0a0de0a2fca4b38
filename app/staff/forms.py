"""Forms of the editor's workspace; every field has a translated label and error."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.institutions.forms import ContactFields
from app.schedule.labels import FUNDING_LABELS, STATUS_LABELS
from app.schedule.models import ActionStatus

MAX_BUDGET = 100_000_000_000  # a hundred billion drams: anything above is a typo


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def three_languages(form_cls, name, label, field=StringField, required=True, max_length=300):
    """Add name_hy (required), name_en and name_ru fields to a form class."""
    hy_validators = [DataRequired(message=_l("Write it in Armenian at least.")) if required else Optional()]
    if max_length:
        hy_validators.append(Length(max=max_length))
    others = [Optional()] + ([Length(max=max_length)] if max_length else [])
    setattr(form_cls, f"{name}_hy", field(_l("%(label)s (Armenian)", label=label), validators=hy_validators))
    setattr(form_cls, f"{name}_en", field(_l("%(label)s (English)", label=label), validators=others))
    setattr(form_cls, f"{name}_ru", field(_l("%(label)s (Russian)", label=label), validators=others))


class RevisionMixin:
    revision = HiddenField()
    seen_version = HiddenField()


class ActionForm(RevisionMixin, FlaskForm):
    settlement_id = SelectField(_l("Settlement"), coerce=int, validators=[InputRequired()])
    start_date = DateField(_l("Start date"), validators=[InputRequired(message=_l("Enter a date."))])
    start_time = TimeField(_l("Start time (optional)"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[InputRequired(message=_l("Enter a date."))])
    end_time = TimeField(_l("End time (optional)"), validators=[Optional()])
    budget_planned = IntegerField(
        _l("Planned budget, drams"),
        validators=[InputRequired(message=_l("Enter the planned budget in whole drams (0 if none).")),
                    NumberRange(min=0, max=MAX_BUDGET, message=_l("Enter a whole number of drams, 0 or more."))],
    )
    funding_source = SelectField(_l("Funding source"),
                                 choices=[SelectChoice(f.value, label) for f, label in FUNDING_LABELS.items()])
    objectives = CheckboxList(_l("Program objectives it serves"), coerce=int)

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


three_languages(ActionForm, "title", _l("Title"))
three_languages(ActionForm, "description", _l("Description"), field=TextAreaField, required=False, max_length=10000)
three_languages(ActionForm, "venue", _l("Venue"), required=False)


STATUS_CHOICES = [SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()]


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=STATUS_CHOICES)
    reason_hy = TextAreaField(_l("Reason (Armenian)"), validators=[Optional(), Length(max=2000)])
    reason_en = TextAreaField(_l("Reason (English)"), validators=[Optional(), Length(max=2000)])
    new_start_date = DateField(_l("New start date"), validators=[Optional()])
    new_end_date = DateField(_l("New end date"), validators=[Optional()])
    revision = HiddenField()

    def validate(self, extra_validators=None):
        """Postponing and cancelling need a reason; postponing also needs the new date."""
        ok = super().validate(extra_validators)
        status = self.status.data
        stopped = status in (ActionStatus.POSTPONED.value, ActionStatus.CANCELLED.value)
        if stopped and not (self.reason_hy.data or "").strip():
            self.reason_hy.errors = [*self.reason_hy.errors,
                                     _l("Say why, so residents understand (in Armenian at least).")]
            ok = False
        if status == ActionStatus.POSTPONED.value and not self.new_start_date.data:
            self.new_start_date.errors = [*self.new_start_date.errors, _l("A postponed action needs its new date.")]
            ok = False
        if self.new_end_date.data and self.new_start_date.data and self.new_end_date.data < self.new_start_date.data:
            self.new_end_date.errors = [*self.new_end_date.errors, _l("The end date cannot be before the start date.")]
            ok = False
        return ok


class ReportForm(RevisionMixin, FlaskForm):
    report_date = DateField(_l("Date of the report"), validators=[InputRequired(message=_l("Enter a date."))])
    participants = IntegerField(_l("Participants (optional)"),
                                validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    actual_spent = IntegerField(
        _l("Actually spent, drams"),
        validators=[InputRequired(message=_l("Enter what was actually spent in whole drams (0 if nothing).")),
                    NumberRange(min=0, max=MAX_BUDGET, message=_l("Enter a whole number of drams, 0 or more."))],
    )
    photos = MultipleFileField(_l("Photos (JPEG, PNG or WebP)"))
    documents = MultipleFileField(_l("Documents (PDF)"))


three_languages(ReportForm, "body", _l("What was done"), field=TextAreaField, max_length=20000)


class PlanForm(RevisionMixin, FlaskForm):
    start_year = IntegerField(_l("From year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    end_year = IntegerField(_l("To year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])

    def validate_end_year(self, field):
        if self.start_year.data and field.data and field.data < self.start_year.data:
            raise ValidationError(_l("The plan cannot end before it starts."))


three_languages(PlanForm, "mission", _l("Mission"), field=TextAreaField, required=False, max_length=5000)
three_languages(PlanForm, "vision", _l("Vision"), field=TextAreaField, required=False, max_length=5000)


class PlanGoalForm(FlaskForm):
    code = StringField(_l("Number"), validators=[DataRequired(), Length(max=16)])
    objectives = CheckboxList(_l("Program objectives this goal serves"), coerce=int)


three_languages(PlanGoalForm, "title", _l("Goal"))
three_languages(PlanGoalForm, "description", _l("Description"), field=TextAreaField, required=False, max_length=5000)


class ProfileForm(ContactFields, FlaskForm):
    """The editor's part of the institution: contacts checked exactly as in the admin's institution form."""


three_languages(ProfileForm, "address", _l("Address"), required=False)
three_languages(ProfileForm, "head_name", _l("Head"), required=False, max_length=200)
three_languages(ProfileForm, "description", _l("Description"), field=TextAreaField, required=False, max_length=10000)
