"""moderation: charter, flags, tags, journal, offline contributions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

JOURNAL_TRIGGERS = (
    """CREATE TRIGGER moderation_journal_no_update BEFORE UPDATE ON moderation_journal
    BEGIN SELECT RAISE(ABORT, 'the moderation journal is append-only'); END""",
    """CREATE TRIGGER moderation_journal_no_delete BEFORE DELETE ON moderation_journal
    BEGIN SELECT RAISE(ABORT, 'the moderation journal is append-only'); END""",
)
PG_JOURNAL_TRIGGERS = (
    """CREATE FUNCTION moderation_journal_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the moderation journal is append-only'; END $$""",
    """CREATE TRIGGER moderation_journal_append_only BEFORE UPDATE OR DELETE
    ON moderation_journal FOR EACH ROW EXECUTE FUNCTION moderation_journal_refuse_change()""",
)


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('suspended_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('suspension_reason', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mask_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('mask_article', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('masked_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('locked', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('event', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('occurred_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('attribution', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('transcription', sa.Enum('verbatim', 'summary', name='transcription', native_enum=False, length=32), nullable=True))
        batch_op.add_column(sa.Column('scan_file', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('scan_type', sa.String(length=40), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_contributions_duplicate_of_id_contributions'), 'contributions', ['duplicate_of_id'], ['id'], ondelete='SET NULL')

    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('family', sa.Enum('argument', 'curation', name='tagfamily', native_enum=False, length=32), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_tags_debate_id_debates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('debate_id', 'slug', name=op.f('uq_tags_debate_id_slug'))
    )
    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('personal_attack', 'personal_data', 'off_topic', 'advertising', 'illegal', 'other', name='flagreason', native_enum=False, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_flags_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_flags_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags')),
    sa.UniqueConstraint('contribution_id', 'user_id', name=op.f('uq_flags_contribution_id_user_id'))
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flags_contribution_id'), ['contribution_id'], unique=False)

    op.create_table('contribution_tags',
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('tagged_by_id', sa.Integer(), nullable=True),
    sa.Column('tagged_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contribution_tags_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_contribution_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tagged_by_id'], ['users.id'], name=op.f('fk_contribution_tags_tagged_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('contribution_id', 'tag_id', name=op.f('pk_contribution_tags'))
    )
    with op.batch_alter_table('contribution_tags', schema=None) as batch_op:
        batch_op.create_index('ix_contribution_tags_tag', ['tag_id', 'contribution_id'], unique=False)

    op.create_table('moderation_journal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('publish', 'mask', 'restore', 'refile', 'duplicate', 'lock', 'unlock', 'redact', 'change_kind', 'tag', 'untag', 'dismiss_flags', 'suspend', 'lift_suspension', 'role_grant', 'role_revoke', 'offline_entry', 'import', 'charter_edit', 'vocabulary', 'contest_answer', name='journalaction', native_enum=False, length=32), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=True),
    sa.Column('target_user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('charter_article', sa.String(length=200), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_journal'))
    )
    with op.batch_alter_table('moderation_journal', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_journal_contribution', ['contribution_id'], unique=False)
        batch_op.create_index('ix_moderation_journal_debate_created', ['debate_id', 'id'], unique=False)

    op.create_table('contests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('journal_entry_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('outcome', sa.Enum('pending', 'upheld', 'overturned', name='contestoutcome', native_enum=False, length=32), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_contests_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_contests_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_contests_contribution_id_contributions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contests')),
    sa.UniqueConstraint('journal_entry_id', name=op.f('uq_contests_journal_entry_id'))
    )
    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contests_contribution_id'), ['contribution_id'], unique=False)

    # Append-only at the database level too (the application refuses it first).
    if op.get_bind().dialect.name == 'sqlite':
        for statement in JOURNAL_TRIGGERS:
            op.execute(statement)
    elif op.get_bind().dialect.name == 'postgresql':
        for statement in PG_JOURNAL_TRIGGERS:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TRIGGER IF EXISTS moderation_journal_no_delete')
        op.execute('DROP TRIGGER IF EXISTS moderation_journal_no_update')
    elif op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS moderation_journal_append_only ON moderation_journal')
        op.execute('DROP FUNCTION IF EXISTS moderation_journal_refuse_change()')
    with op.batch_alter_table('contests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contests_contribution_id'))
    op.drop_table('contests')
    with op.batch_alter_table('moderation_journal', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_journal_debate_created')
        batch_op.drop_index('ix_moderation_journal_contribution')
    op.drop_table('moderation_journal')
    with op.batch_alter_table('contribution_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_contribution_tags_tag')
    op.drop_table('contribution_tags')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flags_contribution_id'))
    op.drop_table('flags')
    op.drop_table('tags')
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contributions_duplicate_of_id_contributions'), type_='foreignkey')
        for column in ('scan_type', 'scan_file', 'transcription', 'attribution', 'occurred_on',
                       'event', 'duplicate_of_id', 'locked', 'masked_at', 'mask_article',
                       'mask_reason'):
            batch_op.drop_column(column)
    with op.batch_alter_table('users', schema=None) as batch_op:
        for column in ('suspension_reason', 'suspended_until', 'suspended_at'):
            batch_op.drop_column(column)
