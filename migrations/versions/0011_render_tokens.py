"""render tokens: when kept HTML of a thread goes stale

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


def downgrade():
    op.drop_table('render_tokens')
