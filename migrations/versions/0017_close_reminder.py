"""debates: the closing date whose passing the committee was told of

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    # Set when the committee of a debate still open past its closing date is told to close
    # it (moderation/lifecycle.py): once per closing date, not at every run of the cron.
    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('close_reminder_for', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.drop_column('close_reminder_for')
