"""document files: each document's file kept in versions, the current one the latest

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'document_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=64), nullable=False),
        sa.Column('file_type', sa.String(length=64), nullable=False),
        sa.Column('file_size', sa.Integer(), nullable=False),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['document_id'], ['documents.id'],
            name=op.f('fk_document_files_document_id_documents'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['uploaded_by_id'], ['users.id'],
            name=op.f('fk_document_files_uploaded_by_id_users'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_files')),
        sa.UniqueConstraint(
            'document_id', 'version', name=op.f('uq_document_files_document_id_version')
        ),
        sa.UniqueConstraint('file_name', name=op.f('uq_document_files_file_name')),
    )
    with op.batch_alter_table('document_files', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_document_files_uploaded_by_id'), ['uploaded_by_id'], unique=False
        )
    # Each document's file becomes its version 1 (the documents' columns keep naming the
    # current file: forum/models.py Document).
    op.execute(
        "INSERT INTO document_files (document_id, version, file_name, file_type, file_size, "
        "note, uploaded_at, uploaded_by_id) "
        "SELECT id, 1, file_name, COALESCE(file_type, 'application/octet-stream'), "
        "COALESCE(file_size, 0), '', created_at, uploaded_by_id "
        "FROM documents WHERE file_name IS NOT NULL"
    )


def downgrade():
    # The documents' columns still name the current file; older versions' files stay on
    # disk, named by no row.
    with op.batch_alter_table('document_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_files_uploaded_by_id'))
    op.drop_table('document_files')
