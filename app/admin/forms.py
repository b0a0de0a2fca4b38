"""Forms of the admin screens; every message is translated, every check that needs the database lives here too."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from app.institutions.forms import ContactFields
from app.institutions.labels import KIND_LABELS
from app.institutions.models import InstitutionKind
from app.workdays.models import OverrideKind

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CODE_PATTERN = r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$"
# Only web addresses: a javascript: or data: link must never reach a public page.
WEB_URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$"
MIN_YEAR, MAX_YEAR = 1800, 2200
# Numeric(16, 2): 14 digits before the decimal point.
MAX_INDICATOR_VALUE = Decimal("99999999999999.99")


def _required():
    return DataRequired(message=_l("This field is required."))


def _length(maximum):
    return Length(max=maximum, message=_l("At most %(max)d characters.", max=maximum))


def _year(label):
    return IntegerField(label, [Optional(), NumberRange(MIN_YEAR, MAX_YEAR, message=_l(
        "Enter a year between %(min)s and %(max)s.", min=MIN_YEAR, max=MAX_YEAR))],
        invalid_value_message=_l("Enter a whole number."))


def _text(label, maximum, required=False, **kwargs):
    validators = [_required() if required else Optional(), _length(maximum)]
    return StringField(label, validators, filters=[_strip], **kwargs)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LocalDecimalField(DecimalField):
    """A decimal that also accepts a decimal comma and grouping spaces (12 500,5), as Armenians and Russians write."""

    # A text box: number inputs refuse the decimal comma in some browsers.
    widget = TextInput()

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            if valuelist:
                self.raw_data = valuelist
            return
        text = valuelist[0].replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation as exc:
            self.data = None
            raise ValueError(self.invalid_value_message) from exc
        if abs(value) > MAX_INDICATOR_VALUE:
            self.data = None
            raise ValueError(_l("The number is too large."))
        if value.normalize().as_tuple().exponent < -2:
            self.data = None
            raise ValueError(_l("At most two decimals, e.g. 12.25"))
        # Stored with two decimals; the same number typed as 40 or 40.00 is then no change.
        self.data = value.quantize(Decimal("0.01"))


def _decimal(label):
    return LocalDecimalField(label, [Optional()], places=None, invalid_value_message=_l("Enter a number, e.g. 12.5"),
                             render_kw={"inputmode": "decimal"})


class DeleteForm(FlaskForm):
    """Only the CSRF token: the confirmation button of a delete page."""


class VersionedForm(FlaskForm):
    """A form for a published item: it remembers the revision it was opened at, to refuse stale saves, and the
    newest change it showed, to list what changed meanwhile (app/audit/versions.py)."""

    revision = HiddenField()
    seen_version = HiddenField()


class SettlementForm(FlaskForm):
    slug = _text(_l("Address name (slug)"), 80, required=True)
    name_hy = _text(_l("Name in Armenian"), 120, required=True)
    name_en = _text(_l("Name in English"), 120)
    name_ru = _text(_l("Name in Russian"), 120)
    population = IntegerField(_l("Population"), [Optional(), NumberRange(min=0, max=10_000_000, message=_l(
        "Population cannot be negative."))], invalid_value_message=_l("Enter a whole number."))
    population_year = _year(_l("Year of the population figure"))
    is_centre = BooleanField(_l("This settlement is the centre of the community"))
    position = IntegerField(_l("Order in lists"), [InputRequired(message=_l("This field is required.")),
                                                   NumberRange(min=0, max=10_000, message=_l(
                                                       "Enter a number from 0 to 10000."))],
                            default=0, invalid_value_message=_l("Enter a whole number."))

    def __init__(self, *args, slug_taken=None, other_centre=None, **kwargs):
        """`slug_taken(slug)` and `other_centre()` come from the queries, excluding the row being edited."""
        super().__init__(*args, **kwargs)
        self._slug_taken = slug_taken
        self._other_centre = other_centre

    def validate_slug(self, field):
        if not _matches(SLUG_PATTERN, field.data):
            raise ValidationError(_l("Use lowercase Latin letters, digits and hyphens, e.g. %(example)s.",
                                     example="gosh"))
        if self._slug_taken and self._slug_taken(field.data):
            raise ValidationError(_l("Another settlement already uses this address name."))

    def validate_population_year(self, field):
        if field.data is not None and self.population.data is None:
            raise ValidationError(_l("Give the population too, or leave the year empty."))

    def validate_is_centre(self, field):
        # Exactly one centre: ticking this box moves the centre here; unticking needs another centre first.
        if not field.data and self._other_centre is not None and self._other_centre() is None:
            raise ValidationError(_l("The community needs one centre. Tick this box, or first make another "
                                     "settlement the centre."))


class InstitutionForm(ContactFields, FlaskForm):
    slug = _text(_l("Address name (slug)"), 80, required=True)
    kind = SelectField(_l("Kind"), choices=[], validators=[_required()],
                       invalid_choice_message=_l("Choose one of the options."))
    settlement_id = SelectField(_l("Settlement"), coerce=int, choices=[],
                                validators=[InputRequired(message=_l("This field is required."))],
                                invalid_choice_message=_l("Choose one of the options."),
                                invalid_value_message=_l("Choose one of the options."))
    name_hy = _text(_l("Name in Armenian"), 300, required=True)
    name_en = _text(_l("Name in English"), 300)
    name_ru = _text(_l("Name in Russian"), 300)
    address_hy = _text(_l("Address in Armenian"), 300)
    address_en = _text(_l("Address in English"), 300)
    address_ru = _text(_l("Address in Russian"), 300)
    head_name_hy = _text(_l("Head of the institution, in Armenian"), 200)
    head_name_en = _text(_l("Head of the institution, in English"), 200)
    head_name_ru = _text(_l("Head of the institution, in Russian"), 200)
    description_hy = TextAreaField(_l("Description in Armenian"), [Optional(), _length(5000)], filters=[_strip])
    description_en = TextAreaField(_l("Description in English"), [Optional(), _length(5000)], filters=[_strip])
    description_ru = TextAreaField(_l("Description in Russian"), [Optional(), _length(5000)], filters=[_strip])
    requires_review = BooleanField(_l("Posts need the municipality's approval before they become public"))

    def __init__(self, *args, settlements=(), slug_taken=None, **kwargs):
        super().__init__(*args, **kwargs)
        from app.i18n import tr_text

        self.kind.choices = [SelectChoice(kind.value, str(KIND_LABELS[kind])) for kind in InstitutionKind]
        self.settlement_id.choices = [SelectChoice(s.id, tr_text(s, "name")) for s in settlements]
        self._slug_taken = slug_taken

    def validate_slug(self, field):
        if not _matches(SLUG_PATTERN, field.data):
            raise ValidationError(_l("Use lowercase Latin letters, digits and hyphens, e.g. %(example)s.",
                                     example="music-school"))
        if self._slug_taken and self._slug_taken(field.data):
            raise ValidationError(_l("Another institution already uses this address name."))


class ProgramForm(VersionedForm):
    title_hy = _text(_l("Title in Armenian"), 300, required=True)
    title_en = _text(_l("Title in English"), 300)
    title_ru = _text(_l("Title in Russian"), 300)
    start_year = IntegerField(_l("First year"), [InputRequired(message=_l("This field is required.")),
                                                 NumberRange(MIN_YEAR, MAX_YEAR, message=_l(
                                                     "Enter a year between %(min)s and %(max)s.",
                                                     min=MIN_YEAR, max=MAX_YEAR))],
                              invalid_value_message=_l("Enter a whole number."))
    end_year = IntegerField(_l("Last year"), [InputRequired(message=_l("This field is required.")),
                                              NumberRange(MIN_YEAR, MAX_YEAR, message=_l(
                                                  "Enter a year between %(min)s and %(max)s.",
                                                  min=MIN_YEAR, max=MAX_YEAR))],
                            invalid_value_message=_l("Enter a whole number."))
    council_decision = _text(_l("Council decision adopting it"), 200)
    adopted_on = DateField(_l("Adopted on"), [Optional()], invalid_value_message=_l(
        "Enter a date as year-month-day, e.g. 2022-02-15."))
    document_url = _text(_l("Link to the document"), 500)

    def validate_end_year(self, field):
        if field.data is not None and self.start_year.data is not None and field.data < self.start_year.data:
            raise ValidationError(_l("The last year cannot be before the first year."))

    def validate_document_url(self, field):
        _check_web_url(field)


class GoalForm(VersionedForm):
    code = _text(_l("Code"), 16, required=True, description=_l("e.g. 3"))
    title_hy = _text(_l("Title in Armenian"), 300, required=True)
    title_en = _text(_l("Title in English"), 300)
    title_ru = _text(_l("Title in Russian"), 300)
    description_hy = TextAreaField(_l("Description in Armenian"), [Optional(), _length(5000)], filters=[_strip])
    description_en = TextAreaField(_l("Description in English"), [Optional(), _length(5000)], filters=[_strip])
    description_ru = TextAreaField(_l("Description in Russian"), [Optional(), _length(5000)], filters=[_strip])
    position = IntegerField(_l("Order in lists"), [InputRequired(message=_l("This field is required.")),
                                                   NumberRange(min=0, max=10_000, message=_l(
                                                       "Enter a number from 0 to 10000."))],
                            default=0, invalid_value_message=_l("Enter a whole number."))

    def __init__(self, *args, code_taken=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._code_taken = code_taken

    def validate_code(self, field):
        if not _matches(CODE_PATTERN, field.data):
            raise ValidationError(_l("Use digits and letters separated by dots, e.g. %(example)s.", example="3"))
        if self._code_taken and self._code_taken(field.data):
            raise ValidationError(_l("Another goal of the program already has this code."))


class ObjectiveForm(VersionedForm):
    code = _text(_l("Code"), 16, required=True, description=_l("e.g. 3.2"))
    title_hy = _text(_l("Title in Armenian"), 300, required=True)
    title_en = _text(_l("Title in English"), 300)
    title_ru = _text(_l("Title in Russian"), 300)
    position = IntegerField(_l("Order in lists"), [InputRequired(message=_l("This field is required.")),
                                                   NumberRange(min=0, max=10_000, message=_l(
                                                       "Enter a number from 0 to 10000."))],
                            default=0, invalid_value_message=_l("Enter a whole number."))

    def __init__(self, *args, code_taken=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._code_taken = code_taken

    def validate_code(self, field):
        if not _matches(CODE_PATTERN, field.data):
            raise ValidationError(_l("Use digits and letters separated by dots, e.g. %(example)s.", example="3.2"))
        # Unique in the whole program, not only in the goal: the public page and the schedule link objectives by code.
        if self._code_taken and self._code_taken(field.data):
            raise ValidationError(_l("Another objective of the program already has this code."))


class IndicatorForm(VersionedForm):
    name_hy = _text(_l("Name in Armenian"), 300, required=True)
    name_en = _text(_l("Name in English"), 300)
    name_ru = _text(_l("Name in Russian"), 300)
    unit_hy = _text(_l("Unit in Armenian"), 60, description=_l("e.g. households, km, children"))
    unit_en = _text(_l("Unit in English"), 60)
    unit_ru = _text(_l("Unit in Russian"), 60)
    baseline = _decimal(_l("Baseline value"))
    baseline_year = _year(_l("Baseline year"))
    target = _decimal(_l("Target value"))
    target_year = _year(_l("Target year"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Not an inline validator: an empty optional field stops its own checks.
        if not self.unit_hy.data and (self.baseline.data is not None or self.target.data is not None):
            self.unit_hy.errors = [*self.unit_hy.errors, _l("A value needs a unit: give the unit in Armenian.")]
            valid = False
        return valid

    def validate_baseline_year(self, field):
        if field.data is not None and self.baseline.data is None:
            raise ValidationError(_l("Give the baseline value too, or leave the year empty."))

    def validate_target_year(self, field):
        if field.data is not None and self.target.data is None:
            raise ValidationError(_l("Give the target value too, or leave the year empty."))
        if field.data is not None and self.baseline_year.data is not None and field.data < self.baseline_year.data:
            raise ValidationError(_l("The target year cannot be before the baseline year."))


class CalendarOverrideForm(FlaskForm):
    day = DateField(_l("Day"), [InputRequired(message=_l("This field is required."))],
                    invalid_value_message=_l("Enter a date as year-month-day, e.g. 2026-05-02."))
    kind = RadioField(_l("What changes"), choices=[
        SelectChoice(OverrideKind.HOLIDAY.value, _l("An extra non-working day")),
        # Translators: a Saturday (or other day off) made a working day by a government decree.
        SelectChoice(OverrideKind.WORKDAY.value, _l("A working day moved by government decree")),
    ], validators=[InputRequired(message=_l("Choose one of the options."))],
        invalid_choice_message=_l("Choose one of the options."))
    note_hy = _text(_l("Reason in Armenian"), 300, required=True,
                    description=_l("e.g. the number and date of the government decision"))
    note_en = _text(_l("Reason in English"), 300)
    note_ru = _text(_l("Reason in Russian"), 300)

    def __init__(self, *args, day_taken=None, by_law_off=None, **kwargs):
        """`day_taken(day)`: another override exists; `by_law_off(day)`: weekend or public holiday."""
        super().__init__(*args, **kwargs)
        self._day_taken = day_taken
        self._by_law_off = by_law_off

    def validate_day(self, field):
        if field.data is None:
            return
        if self._day_taken and self._day_taken(field.data):
            raise ValidationError(_l("This day already has an entry; edit that one instead."))

    def validate_kind(self, field):
        day = self.day.data
        if day is None or self._by_law_off is None or field.data not in {k.value for k in OverrideKind}:
            return
        off = self._by_law_off(day)
        if field.data == OverrideKind.HOLIDAY and off:
            raise ValidationError(_l("This day is already a non-working day (a weekend or a public holiday)."))
        if field.data == OverrideKind.WORKDAY and not off:
            raise ValidationError(_l("This day is already a working day."))


def _matches(pattern, value):
    import re

    return bool(value) and re.match(pattern, value) is not None


def _check_web_url(field):
    if field.data and not _matches(WEB_URL_PATTERN, field.data):
        raise ValidationError(_l("Enter a web address starting with https://, e.g. %(example)s.",
                                 example="https://www.dilijan.am"))
