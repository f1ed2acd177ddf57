"""synthesis: workspace, weak-signal decisions, report, declared profile fields

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('age_band', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('gender', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('area', sa.String(length=80), nullable=False, server_default=''))

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='reportstatus', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_html', sa.Text(), nullable=False),
    sa.Column('pdf_file', sa.String(length=80), nullable=True),
    sa.Column('decision_document_id', sa.Integer(), nullable=True),
    sa.Column('decision_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_reports_debate_id_debates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_document_id'], ['documents.id'], name=op.f('fk_reports_decision_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_reports_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('debate_id', name=op.f('uq_reports_debate_id'))
    )
    op.create_table('report_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_sections_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_report_sections_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_sections'))
    )
    with op.batch_alter_table('report_sections', schema=None) as batch_op:
        batch_op.create_index('ix_report_sections_report_position', ['report_id', 'position'], unique=False)

    op.create_table('report_section_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'], name=op.f('fk_report_section_revisions_saved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['section_id'], ['report_sections.id'], name=op.f('fk_report_section_revisions_section_id_report_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_section_revisions')),
    sa.UniqueConstraint('section_id', 'number', name=op.f('uq_report_section_revisions_section_id_number'))
    )
    with op.batch_alter_table('report_section_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_section_revisions_section_id'), ['section_id'], unique=False)

    op.create_table('report_citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_report_citations_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_citations_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['report_sections.id'], name=op.f('fk_report_citations_section_id_report_sections'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_citations')),
    sa.UniqueConstraint('report_id', 'number', name=op.f('uq_report_citations_report_id_number'))
    )
    with op.batch_alter_table('report_citations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_citations_contribution_id'), ['contribution_id'], unique=False)

    op.create_table('report_set_asides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_report_set_asides_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_set_asides_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_report_set_asides_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_set_asides')),
    sa.UniqueConstraint('report_id', 'contribution_id', name=op.f('uq_report_set_asides_report_id_contribution_id'))
    )
    op.create_table('weak_signal_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('kinds', sa.String(length=200), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_weak_signal_candidates_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_weak_signal_candidates_debate_id_debates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weak_signal_candidates')),
    sa.UniqueConstraint('debate_id', 'contribution_id', name=op.f('uq_weak_signal_candidates_debate_id_contribution_id'))
    )
    op.create_table('weak_signal_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.Enum('confirmed', 'dismissed', name='decision', native_enum=False, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'], name=op.f('fk_weak_signal_decisions_contribution_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_weak_signal_decisions_debate_id_debates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_weak_signal_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weak_signal_decisions'))
    )
    with op.batch_alter_table('weak_signal_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_weak_signal_decisions_contribution', ['contribution_id', 'id'], unique=False)

    op.create_table('argument_positions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('tag_key', sa.Integer(), nullable=False),
    sa.Column('anchor_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['anchor_id'], ['contributions.id'], name=op.f('fk_argument_positions_anchor_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_argument_positions_debate_id_debates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_argument_positions_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_argument_positions')),
    sa.UniqueConstraint('theme_id', 'tag_key', 'anchor_id', name=op.f('uq_argument_positions_theme_id_tag_key_anchor_id'))
    )


def downgrade():
    op.drop_table('argument_positions')
    with op.batch_alter_table('weak_signal_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_weak_signal_decisions_contribution')
    op.drop_table('weak_signal_decisions')
    op.drop_table('weak_signal_candidates')
    op.drop_table('report_set_asides')
    with op.batch_alter_table('report_citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_citations_contribution_id'))
    op.drop_table('report_citations')
    with op.batch_alter_table('report_section_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_section_revisions_section_id'))
    op.drop_table('report_section_revisions')
    with op.batch_alter_table('report_sections', schema=None) as batch_op:
        batch_op.drop_index('ix_report_sections_report_position')
    op.drop_table('report_sections')
    op.drop_table('reports')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('area')
        batch_op.drop_column('gender')
        batch_op.drop_column('age_band')
