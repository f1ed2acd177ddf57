"""debate console: a debate's contact address, retired themes

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('contact_email', sa.String(length=254), nullable=False, server_default='')
        )
    # A retired theme keeps its contributions and its page; it takes no new contribution.
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.drop_column('contact_email')
