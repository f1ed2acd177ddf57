"""questions and answers, documents, notifications

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('file_type', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('file_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('meeting_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('meeting_place', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('public', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('uploaded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_documents_uploaded_by_id_users'), 'users', ['uploaded_by_id'], ['id'], ondelete='SET NULL')

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('sent', 'draft', 'submitted', 'returned', 'published', name='answerstate', native_enum=False, length=32), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('draft_source', sa.Text(), nullable=False),
    sa.Column('draft_html', sa.Text(), nullable=False),
    sa.Column('draft_note', sa.String(length=300), nullable=False),
    sa.Column('draft_document_id', sa.Integer(), nullable=True),
    sa.Column('drafted_by_id', sa.Integer(), nullable=True),
    sa.Column('drafted_at', sa.DateTime(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('reopened_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['draft_document_id'], ['documents.id'], name=op.f('fk_answers_draft_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['drafted_by_id'], ['users.id'], name=op.f('fk_answers_drafted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['contributions.id'], name=op.f('fk_answers_question_id_contributions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('question_id', name=op.f('uq_answers_question_id'))
    )
    op.create_table('answer_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('change_note', sa.String(length=300), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('validated_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_answer_versions_answer_id_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_answer_versions_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['validated_by_id'], ['users.id'], name=op.f('fk_answer_versions_validated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['written_by_id'], ['users.id'], name=op.f('fk_answer_versions_written_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_versions')),
    sa.UniqueConstraint('answer_id', 'number', name=op.f('uq_answer_versions_answer_id_number'))
    )
    op.create_table('answer_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('submitted', 'returned', 'published', 'marked_incomplete', name='answereventkind', native_enum=False, length=32), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_answer_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_answer_events_answer_id_answers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_events'))
    )
    with op.batch_alter_table('answer_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_events_answer_id'), ['answer_id'], unique=False)

    op.create_table('answer_incomplete_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_answer_incomplete_marks_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['answer_versions.id'], name=op.f('fk_answer_incomplete_marks_version_id_answer_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_incomplete_marks')),
    sa.UniqueConstraint('version_id', name=op.f('uq_answer_incomplete_marks_version_id'))
    )
    op.create_table('meeting_contributions',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_meeting_contributions_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_meeting_contributions_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'contribution_id', name=op.f('pk_meeting_contributions'))
    )
    with op.batch_alter_table('meeting_contributions', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_contributions_contribution', ['contribution_id'], unique=False)

    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('on_site', sa.Boolean(), nullable=False),
    sa.Column('by_email', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preferences'))
    )
    op.create_table('outgoing_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('unsubscribe_url', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('not_before', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mails'))
    )


def downgrade():
    op.drop_table('outgoing_mails')
    op.drop_table('notification_preferences')
    with op.batch_alter_table('meeting_contributions', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_contributions_contribution')

    op.drop_table('meeting_contributions')
    op.drop_table('answer_incomplete_marks')
    with op.batch_alter_table('answer_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_events_answer_id'))

    op.drop_table('answer_events')
    op.drop_table('answer_versions')
    op.drop_table('answers')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_uploaded_by_id_users'), type_='foreignkey')
        batch_op.drop_column('uploaded_by_id')
        batch_op.drop_column('public')
        batch_op.drop_column('meeting_place')
        batch_op.drop_column('meeting_on')
        batch_op.drop_column('file_size')
        batch_op.drop_column('file_type')
        batch_op.drop_column('file_name')
