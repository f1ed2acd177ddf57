"""uploads: photos with contributions and stored files

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('contribution_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=64), nullable=False),
    sa.Column('thumb_name', sa.String(length=64), nullable=False),
    sa.Column('mimetype', sa.String(length=32), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('thumb_width', sa.Integer(), nullable=False),
    sa.Column('thumb_height', sa.Integer(), nullable=False),
    sa.Column('alt_text', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_photos_contribution_id_contributions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contribution_photos')),
    sa.UniqueConstraint('contribution_id', 'position', name=op.f('uq_contribution_photos_contribution_id_position')),
    sa.UniqueConstraint('file_name', name=op.f('uq_contribution_photos_file_name')),
    sa.UniqueConstraint('thumb_name', name=op.f('uq_contribution_photos_thumb_name')),
    )


def downgrade():
    op.drop_table('contribution_photos')
