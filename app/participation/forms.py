"""Forms of comments, supports, the publication queue and the moderation setting."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from app.appeals.forms import EMAIL_PATTERN

COMMENT_MAX = 2000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CommentForm(FlaskForm):
    # The name is optional: comments without one are signed "Resident".
    author_name = StringField(_l("Your name (optional)"), [Optional(), Length(max=100)], filters=[_strip],
                              render_kw={"autocomplete": "name", "maxlength": 100})
    text = TextAreaField(_l("Comment"), [InputRequired(_l("Write your comment.")),
                                         Length(max=COMMENT_MAX, message=_l("Keep the comment under %(max)d "
                                                                            "characters.", max=COMMENT_MAX))],
                         filters=[_strip], render_kw={"rows": 4})
    # Which report of the action the comment is about; empty: the action itself. Filled in by the view.
    report_id = SelectField(_l("About"), choices=[], default="", validate_choice=True)
    # Spam defences: a field people leave empty, and when the form was shown (signed).
    website = StringField(_l("Leave this field empty"), render_kw={"tabindex": "-1", "autocomplete": "off"})
    started = HiddenField()

    def validate_text(self, field):
        if not (field.data or "").strip():
            field.errors.append(_l("Write your comment."))


class SupportForm(FlaskForm):
    email = EmailField(
        _l("Your email address"),
        [InputRequired(_l("Enter your email address.")), Length(max=254),
         Regexp(EMAIL_PATTERN, message=_l("Enter an email address like name@example.am."))],
        filters=[_strip], render_kw={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"})


class ConfirmSupportForm(FlaskForm):
    """Only the CSRF token: the link's token stays in the session (app/secret_links.py), never in a URL or form."""


class PublicationForm(FlaskForm):
    public_subject = StringField(_l("Public subject"), [InputRequired(_l("Write the public subject.")),
                                                        Length(max=300)], filters=[_strip])
    public_text = TextAreaField(_l("Public text"), [InputRequired(_l("Write the public text.")),
                                                    Length(max=20000)], filters=[_strip], render_kw={"rows": 10})
    public_answer = TextAreaField(_l("Public answer"), [Optional(), Length(max=20000)], filters=[_strip],
                                  render_kw={"rows": 8})


class DecisionForm(FlaskForm):
    """A bare CSRF-protected form for one-click decisions (refuse, approve, reject, restore, flag)."""


class ModerationSettingsForm(FlaskForm):
    premoderation = BooleanField(_l("Check comments before they are published (pre-moderation)"))


class PublishedFilter:
    """The query parameters of /proposals: settlement, kind, sort, page."""

    KINDS = ("proposal", "qa")
    SORTS = ("new", "support")

    def __init__(self, args):
        self.settlement = (args.get("settlement") or "").strip()[:80] or None
        self.kind = args.get("kind") if args.get("kind") in self.KINDS else "proposal"
        self.sort = args.get("sort") if args.get("sort") in self.SORTS else "new"
        try:
            self.page = max(1, int(args.get("page", 1)))
        except (TypeError, ValueError):
            self.page = 1

    def args(self, **changes):
        values = {"settlement": self.settlement, "kind": None if self.kind == "proposal" else self.kind,
                  "sort": None if self.sort == "new" else self.sort, "page": None}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", 1)}
