from app.audit.services import audit
from app.embeds.forms import parse_origins
from app.embeds.models import EmbedSetting
from app.embeds.queries import get_setting
from app.extensions import db


def save_allowed_origins(text, actor):
    origins, _ = parse_origins(text)
    setting = get_setting()
    if setting is None:
        setting = EmbedSetting()
        db.session.add(setting)
    old = setting.allowed_origins
    setting.allowed_origins = " ".join(origins)
    db.session.flush()
    audit("embed_origins_changed", actor=actor, target=setting, details={"old": old, "new": setting.allowed_origins})
    db.session.commit()
    return setting
