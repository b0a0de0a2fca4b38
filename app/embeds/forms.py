from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length, ValidationError

MAX_ORIGINS = 20


def parse_origins(text):
    """Split on white space and commas; return (origins, bad entries). An origin is https://host[:port] only."""
    good, bad = [], []
    for item in (text or "").replace(",", " ").split():
        parts = urlsplit(item.rstrip("/"))
        try:
            port_ok = parts.port is None or 0 < parts.port < 65536
        except ValueError:
            port_ok = False
        host = parts.hostname or ""
        if (parts.scheme == "https" and host and port_ok and not parts.path and not parts.query
                and not parts.fragment and not parts.username and "*" not in host and ";" not in item
                and all(ch.isalnum() or ch in ".-" for ch in host)):
            origin = f"https://{parts.netloc.lower()}"
            if origin not in good:
                good.append(origin)
        else:
            bad.append(item)
    return good, bad


class EmbedSettingsForm(FlaskForm):
    allowed_origins = TextAreaField(
        _l("Websites allowed to embed the schedule"),
        [Length(max=2000)],
        description=_l("One https origin per line, e.g. https://www.dilijan.am. Leave empty to allow none "
                       "(or what the server configuration allows)."),
    )

    def validate_allowed_origins(self, field):
        origins, bad = parse_origins(field.data)
        if bad:
            # Translators: %(items)s lists what the admin typed that is not an https origin.
            raise ValidationError(_l("Not an https origin: %(items)s", items=", ".join(bad[:5])))
        if len(origins) > MAX_ORIGINS:
            raise ValidationError(_l("At most %(num)s websites.", num=MAX_ORIGINS))
