"""debate suspensions: a person suspended from one debate by its moderators

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    # One row per decision; a lifted or ended one stays (forum/models.py DebateSuspension).
    # The site-wide suspension stays on users (suspended_at, suspended_until, ...).
    op.create_table(
        'debate_suspensions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('debate_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('suspended_at', sa.DateTime(), nullable=False),
        sa.Column('until', sa.DateTime(), nullable=True),
        sa.Column('suspended_by_id', sa.Integer(), nullable=True),
        sa.Column('lifted_at', sa.DateTime(), nullable=True),
        sa.Column('lifted_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['debate_id'], ['debates.id'],
            name=op.f('fk_debate_suspensions_debate_id_debates'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'],
            name=op.f('fk_debate_suspensions_user_id_users'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['suspended_by_id'], ['users.id'],
            name=op.f('fk_debate_suspensions_suspended_by_id_users'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['lifted_by_id'], ['users.id'],
            name=op.f('fk_debate_suspensions_lifted_by_id_users'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_debate_suspensions')),
    )
    with op.batch_alter_table('debate_suspensions', schema=None) as batch_op:
        batch_op.create_index(
            'ix_debate_suspensions_debate_user', ['debate_id', 'user_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_debate_suspensions_user_id'), ['user_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('debate_suspensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debate_suspensions_user_id'))
        batch_op.drop_index('ix_debate_suspensions_debate_user')
    op.drop_table('debate_suspensions')
