"""exports search and posters

Revision ID: e7exports000
Revises: e5dashboard0
Create Date: 2026-11-26 21:20:00

The embed settings (the origins allowed to frame the widgets) and the search index, filled here from the rows that
exist already. (It follows e5dashboard0 directly: the empty open-data migration that sat between them was removed.)
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import app.models_base  # noqa: F401  (custom column types used by autogenerate)

# revision identifiers, used by Alembic.
revision = 'e7exports000'
down_revision = 'e5dashboard0'
branch_labels = None
depends_on = None


_SEARCHABLE = (
    ("action", "action", ["title", "description", "venue"], None),
    ("report", "report", ["body"], None),
    ("institution", "institution", ["name", "description"], None),
)


def _backfill_search():
    """Index the rows that exist already (new writes are indexed by app/search/sync.py)."""
    from app.search.text import fold

    conn = op.get_bind()
    entries = sa.table("search_entry", sa.column("kind"), sa.column("ref_id"), sa.column("text"))
    for kind, table, fields, _ in _SEARCHABLE:
        columns = [f"{f}_{lang}" for f in fields for lang in ("hy", "en", "ru")]
        rows = conn.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).all()  # noqa: S608 - our tables
        values = [{"kind": kind, "ref_id": r[0], "text": fold("\n".join(p for p in r[1:] if p))} for r in rows]
        if values:
            conn.execute(entries.insert(), values)
    rows = conn.execute(sa.text(
        "SELECT id, public_subject, public_text FROM appeal WHERE publication = 'published'")).all()
    values = [{"kind": "proposal", "ref_id": r[0], "text": fold("\n".join(p for p in r[1:] if p))} for r in rows]
    if values:
        conn.execute(entries.insert(), values)


def upgrade():
    op.create_table('embed_setting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('allowed_origins', sa.Text(), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_embed_setting'))
    )
    op.create_table('search_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
    sa.UniqueConstraint('kind', 'ref_id', name=op.f('uq_search_entry_kind_ref_id'))
    )
    _backfill_search()


def downgrade():
    op.drop_table('search_entry')
    op.drop_table('embed_setting')
