"""contributions: the address of a source; search: the exact words beside the stems

``contributions.source_url``: the address a reply that "provides a source" points to
(empty otherwise). On PostgreSQL, ``search_documents.exact``: a second tsvector of the
folded, unstemmed words, so that a word's exact form ranks above the words that only share
its stem ("stationnement" before "station"); it fills as contributions are indexed again —
run ``flask --app app reindex`` once after upgrading (the Whoosh index needs it too: its
schema gains the same field).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def _on_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('source_url', sa.String(length=2000), nullable=False, server_default='')
        )
    if _on_postgres():
        op.execute("ALTER TABLE search_documents ADD COLUMN exact tsvector NOT NULL DEFAULT ''")


def downgrade():
    if _on_postgres():
        op.execute("ALTER TABLE search_documents DROP COLUMN exact")
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_column('source_url')
