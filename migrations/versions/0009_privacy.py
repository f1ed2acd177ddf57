"""privacy: profile purge and account privacy

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # The declared-profile figures of a debate, frozen when its report is published.
    op.create_table(
        'profile_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('debate_id', sa.Integer(), nullable=False),
        sa.Column('taken_at', sa.DateTime(), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['debate_id'], ['debates.id'],
            name=op.f('fk_profile_snapshots_debate_id_debates'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_snapshots')),
        sa.UniqueConstraint('debate_id', name=op.f('uq_profile_snapshots_debate_id')),
    )


def downgrade():
    op.drop_table('profile_snapshots')
