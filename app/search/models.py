from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class SearchEntry(db.Model):
    """The case-folded searchable text of one public item, kept in sync on every flush (app/search/sync.py).

    Matching runs on this column with LIKE on both databases: SQLite's LOWER and LIKE fold ASCII letters only,
    so Armenian (Դ/դ) and Cyrillic are folded here in Python instead, the same way for the text and the query.
    """

    __tablename__ = "search_entry"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # action, report, institution, proposal
    ref_id: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
