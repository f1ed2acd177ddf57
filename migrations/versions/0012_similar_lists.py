"""similar lists: the similar contributions found for the public, shared by every worker

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # One row per contribution whose similar ones a public page has searched: ids only,
    # searched again once older than PALABRE_SIMILAR_STORED_SECONDS (forum/search/service.py).
    op.create_table(
        'similar_lists',
        sa.Column('contribution_id', sa.Integer(), nullable=False),
        sa.Column('similar_ids', sa.Text(), nullable=False),
        sa.Column('contribution_updated_at', sa.DateTime(), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['contribution_id'],
            ['contributions.id'],
            name=op.f('fk_similar_lists_contribution_id_contributions'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('contribution_id', name=op.f('pk_similar_lists')),
    )


def downgrade():
    op.drop_table('similar_lists')
