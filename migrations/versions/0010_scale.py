"""scale: indexes for keyset lists

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Every thread page looks up the duplicates of its root: without an index, a scan of
    # every contribution.
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index("ix_contributions_duplicate_of_id", ["duplicate_of_id"], unique=False)


def downgrade():
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index("ix_contributions_duplicate_of_id")
