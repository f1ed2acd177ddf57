"""render tokens (when kept HTML goes stale), and an index for a debate's latest threads

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    # One row per scope ("site", "thread:<root id>"), rewritten with a random number by
    # every transaction that changes what the scope shows (forum/render_cache.py).
    op.create_table(
        'render_tokens',
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('token', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('scope', name=op.f('pk_render_tokens')),
    )
    # A debate's front page lists its latest threads: without this index, every top-level
    # contribution of the debate was read and sorted (4,000 rows at 10,000 contributions).
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.create_index(
            'ix_contributions_debate_status_top',
            ['debate_id', 'status', 'parent_id', 'created_at', 'id'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_index('ix_contributions_debate_status_top')
    op.drop_table('render_tokens')
