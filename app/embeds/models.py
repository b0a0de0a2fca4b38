from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class EmbedSetting(db.Model):
    """One row: the https origins (space-separated) allowed to frame the /embed pages; empty uses the config."""

    __tablename__ = "embed_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    allowed_origins: Mapped[str] = mapped_column(Text, default="", server_default="")
