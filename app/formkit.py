"""How every form shows its problems: the error summary, the messages next to the fields, and text limits.

The templates' field macro and error summary read a form through these helpers, so each form gets the same
behaviour without its own code: a summary that lists every problem as a link to its field, and a length limit
that is shown with a counter and refused with a message, never enforced by the browser's `maxlength` (which cuts a
long text pasted from a word processor without a word).
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms.validators import Length

from app.i18n import number

# Fields that are not questions to the person filling in the form.
_HIDDEN = ("CSRFTokenField", "HiddenField", "SubmitField")
# Fields rendered as a group of options: the summary links to the first option (the group has no element of its id).
_GROUPS = ("RadioField", "CheckboxList", "MultiCheckboxField")


@dataclass
class Problem:
    anchor: str  # the id of the element to move to
    label: str
    messages: list[str]


def max_length(field) -> int | None:
    """The most characters a text field takes (from its Length validator), or None."""
    limits = [v.max for v in field.validators if isinstance(v, Length) and v.max != -1]
    return min(limits) if limits else None


def text_length(field) -> int:
    value = field.data if isinstance(field.data, str) else ""
    return len(value)


def too_long(field) -> int:
    """How many characters over its limit the field's text is (0 when it fits)."""
    limit = max_length(field)
    return max(0, text_length(field) - limit) if limit is not None else 0


def field_errors(field) -> list[str]:
    """The field's messages; a text over its limit says by how much, whatever its validator's wording."""
    over = too_long(field)
    if over:
        limit = max_length(field)
        # Translators: shown next to a text field and in the error summary; nothing of the text is removed.
        return [ngettext("%(num)s character too many: at most %(max)s fit. Nothing was cut; shorten the text and "
                         "send it again.", "%(num)s characters too many: at most %(max)s fit. Nothing was cut; "
                         "shorten the text and send it again.", over, max=number(limit))]
    errors = field.errors
    if isinstance(errors, dict):  # a FormField: its subfields are listed one by one
        return []
    return [str(message) for message in errors]


def problems(form) -> list[Problem]:
    """Every field with a problem, in the form's order, for the error summary."""
    found = []
    for field in form:
        if field.type in _HIDDEN:
            continue
        if field.type == "FormField":
            found.extend(problems(field.form))
            continue
        messages = field_errors(field)
        if messages:
            anchor = f"{field.id}-0" if field.type in _GROUPS else field.id
            found.append(Problem(anchor, str(field.label.text), messages))
    return found


def form_problems(form) -> list[str]:
    """Problems of the whole form rather than of one field (WTForms' form_errors) and an expired CSRF token."""
    messages = [str(m) for m in getattr(form, "form_errors", [])]
    csrf = getattr(form, "csrf_token", None)
    if csrf is not None and csrf.errors:
        messages.append(_("The form expired. Please submit it again."))
    return messages


def init_app(app):
    app.jinja_env.globals.update(form_problems=form_problems, field_problems=problems, field_errors=field_errors,
                                 max_length=max_length, text_length=text_length)
