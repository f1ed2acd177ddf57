"""question reminders: the deadline e-mails sent to the project owner, once each

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    # One row per question, kind and due date (questions/models.py QuestionReminder): the
    # unique constraint is what makes `flask send-reminders` send each reminder once.
    op.create_table(
        'question_reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum('due_soon', 'overdue', name='reminderkind', native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['question_id'], ['contributions.id'],
            name=op.f('fk_question_reminders_question_id_contributions'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_question_reminders')),
        sa.UniqueConstraint(
            'question_id', 'kind', 'due_on',
            name=op.f('uq_question_reminders_question_id_kind_due_on'),
        ),
    )


def downgrade():
    op.drop_table('question_reminders')
