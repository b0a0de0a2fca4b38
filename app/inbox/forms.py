"""Forms of the officers' inbox: the filters, each lifecycle action, answer templates and the deadline rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from app.appeals.deadlines import DEFAULT_RULES, Counting, Kind, Rule, Unit
from app.appeals.forms import AppealForm
from app.appeals.models import AppealChannel


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _required(message=None):
    return InputRequired(message=message or _l("This field is required."))


def _text_required(message):
    """Required after stripping: a reason of blanks is no reason."""
    return DataRequired(message=message)


CHANNEL_LABELS = {
    AppealChannel.ONLINE: _l("Online"),
    AppealChannel.PAPER: _l("On paper"),
    AppealChannel.PHONE: _l("By phone"),
    AppealChannel.OPEN311: _l("Open311"),
}
UNIT_LABELS = {Unit.DAYS: _l("days"), Unit.MONTHS: _l("months")}
COUNTING_LABELS = {Counting.CALENDAR: _l("calendar days"), Counting.WORKING: _l("working days")}


class ActionForm(FlaskForm):
    """A lifecycle step that needs nothing but a click (register, start review); the CSRF token is its content."""


class AssignForm(ActionForm):
    assignee_id = SelectField(_l("Assign to"), coerce=int, validators=[_required(_l("Choose who handles it."))])


class ReasonForm(ActionForm):
    reason = TextAreaField(_l("Reason (sent to the applicant)"),
                           [_text_required(_l("Write the reason.")), Length(max=5000)], filters=[_strip],
                           render_kw={"rows": 3})


class ForwardForm(ActionForm):
    forwarded_to = StringField(_l("Forward to (the body's name)"),
                               [_text_required(_l("Name the body the appeal is forwarded to.")), Length(max=300)],
                               filters=[_strip])
    note = TextAreaField(_l("Note to the applicant (optional)"), [Length(max=5000)], filters=[_strip],
                         render_kw={"rows": 3})


class AnswerForm(ActionForm):
    answer_text = TextAreaField(_l("Answer"), [_text_required(_l("Write the answer.")), Length(max=20000)],
                                filters=[_strip], render_kw={"rows": 10})


class NoteForm(ActionForm):
    note = TextAreaField(_l("Internal note (never shown to the applicant)"),
                         [_text_required(_l("Write the note.")), Length(max=5000)], filters=[_strip],
                         render_kw={"rows": 3})


class TemplateForm(FlaskForm):
    title = StringField(_l("Title"), [_required(), Length(max=200)], filters=[_strip])
    body = TextAreaField(_l("Text"), [_required(), Length(max=20000)], filters=[_strip], render_kw={"rows": 8})


class DeleteForm(FlaskForm):
    """Deleting needs only the CSRF token."""


class PaperAppealForm(AppealForm):
    """The public form's fields plus how and when the appeal reached the municipality."""

    channel = SelectField(_l("Received"), choices=[
        SelectChoice(AppealChannel.PAPER.value, CHANNEL_LABELS[AppealChannel.PAPER]),
        SelectChoice(AppealChannel.PHONE.value, CHANNEL_LABELS[AppealChannel.PHONE]),
    ], validators=[_required()])
    received_on = DateField(_l("Date received"), [_required(_l("Enter the date the appeal was received."))])
    language = SelectField(_l("Language of the applicant"), validators=[_required()])


class RuleForm(FlaskForm):
    limit = IntegerField(_l("Limit"), [_required(_l("Enter a whole number.")),
                                       NumberRange(min=1, max=365, message=_l("Enter a number from 1 to 365."))])
    unit = SelectField(_l("Unit"), choices=[SelectChoice(u.value, label) for u, label in UNIT_LABELS.items()],
                       validators=[_required()])
    counting = SelectField(_l("Counting"),
                           choices=[SelectChoice(c.value, label) for c, label in COUNTING_LABELS.items()],
                           validators=[_required()])

    def __init__(self, *args, kind: Kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def validate_counting(self, field):
        """The engine counts months as calendar time; an extension in months rules out working days too."""
        if field.data != Counting.WORKING.value or self.unit.data not in (u.value for u in Unit):
            return
        default = DEFAULT_RULES[self.kind]
        try:
            Rule(kind=self.kind, limit=max(1, self.limit.data or 1), unit=self.unit.data, counting=field.data,
                 extension_limit=default.extension_limit, extension_unit=default.extension_unit)
        except ValueError:
            if self.unit.data == Unit.MONTHS.value:
                raise ValidationError(
                    _l("Months are calendar time: count a limit in months in calendar days.")) from None
            raise ValidationError(_l("This kind is extended by months by law, so its limit must be counted in "
                                     "calendar days.")) from None
