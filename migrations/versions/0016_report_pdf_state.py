"""report PDF state: rendered out of the request, pending / ready / failed

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    # The PDF of a published report is rendered after the publication's commit, by a
    # background thread or `flask render-reports` (synthesis/documents.py); a renderer
    # claims the row with pdf_claim before it starts.
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_state', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('pdf_error', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('pdf_claim', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('pdf_claimed_at', sa.DateTime(), nullable=True))
    # Reports published before: their PDF was written at publication.
    op.execute(
        "UPDATE reports SET pdf_state = 'ready' "
        "WHERE status = 'published' AND pdf_file IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('pdf_claimed_at')
        batch_op.drop_column('pdf_claim')
        batch_op.drop_column('pdf_error')
        batch_op.drop_column('pdf_state')
