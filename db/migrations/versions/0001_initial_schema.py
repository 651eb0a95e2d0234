"""Initial schema: periods, sections, priorities, workstreams, assessments, risks, actions, history.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('change_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch', sa.String(length=32), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('entity', sa.String(length=16), nullable=False),
    sa.Column('ref', sa.String(length=72), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.CheckConstraint("entity IN ('period', 'section', 'workstream', 'assessment', 'action', 'risk', 'priority')", name='change_entity_valid'),
    sa.CheckConstraint("kind IN ('create', 'update', 'delete')", name='change_kind_valid'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('change_event', schema=None) as batch_op:
        batch_op.create_index('ix_change_event_actor', ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_event_batch'), ['batch'], unique=False)
        batch_op.create_index('ix_change_event_ref', ['ref'], unique=False)

    op.create_table('period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.CheckConstraint('start_date <= end_date', name='period_dates_ordered'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('label')
    )
    with op.batch_alter_table('period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_end_date'), ['end_date'], unique=False)

    op.create_table('priority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.CheckConstraint('number >= 1', name='priority_number_positive'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    op.create_table('section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('workstream',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('lead', sa.String(length=100), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.CheckConstraint("status IN ('active', 'completed', 'closed', 'paused')", name='workstream_status_valid'),
    sa.ForeignKeyConstraint(['section_id'], ['section.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    with op.batch_alter_table('workstream', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workstream_lead'), ['lead'], unique=False)
        batch_op.create_index(batch_op.f('ix_workstream_section_id'), ['section_id'], unique=False)

    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workstream_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('rag', sa.String(length=16), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('assessed_by', sa.String(length=100), nullable=False),
    sa.Column('assessed_at', sa.String(length=32), nullable=False),
    sa.CheckConstraint("rag IN ('green', 'amber', 'red', 'not_graded')", name='assessment_rag_valid'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['workstream_id'], ['workstream.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workstream_id', 'period_id', name='assessment_once_per_period')
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_workstream_id'), ['workstream_id'], unique=False)

    op.create_table('risk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=100), nullable=True),
    sa.Column('workstream_id', sa.Integer(), nullable=True),
    sa.Column('likelihood', sa.Integer(), nullable=True),
    sa.Column('impact', sa.Integer(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('target_score', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('on_register', sa.Boolean(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'tolerated', 'closed')", name='risk_status_valid'),
    sa.CheckConstraint('(likelihood IS NULL) = (impact IS NULL)', name='risk_scored_on_both_axes'),
    sa.CheckConstraint('impact IS NULL OR impact >= 1', name='risk_impact_positive'),
    sa.CheckConstraint('likelihood IS NULL OR likelihood >= 1', name='risk_likelihood_positive'),
    sa.CheckConstraint('score IS NULL OR score BETWEEN 0 AND 10000', name='risk_score_range'),
    sa.CheckConstraint('target_score IS NULL OR target_score BETWEEN 0 AND 10000', name='risk_target_range'),
    sa.ForeignKeyConstraint(['workstream_id'], ['workstream.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_workstream_id'), ['workstream_id'], unique=False)

    op.create_table('workstream_priority',
    sa.Column('workstream_id', sa.Integer(), nullable=False),
    sa.Column('priority_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['priority_id'], ['priority.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['workstream_id'], ['workstream.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workstream_id', 'priority_id')
    )
    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=100), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('workstream_id', sa.Integer(), nullable=True),
    sa.Column('risk_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("completed_on IS NULL OR status = 'done'", name='action_completed_only_when_done'),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'done', 'cancelled')", name='action_status_valid'),
    sa.ForeignKeyConstraint(['risk_id'], ['risk.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workstream_id'], ['workstream.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_risk_id'), ['risk_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_workstream_id'), ['workstream_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_workstream_id'))
        batch_op.drop_index(batch_op.f('ix_action_risk_id'))
        batch_op.drop_index(batch_op.f('ix_action_owner'))
        batch_op.drop_index(batch_op.f('ix_action_due_date'))

    op.drop_table('action')
    op.drop_table('workstream_priority')
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_workstream_id'))
        batch_op.drop_index(batch_op.f('ix_risk_owner'))

    op.drop_table('risk')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_workstream_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_period_id'))

    op.drop_table('assessment')
    with op.batch_alter_table('workstream', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workstream_section_id'))
        batch_op.drop_index(batch_op.f('ix_workstream_lead'))

    op.drop_table('workstream')
    op.drop_table('section')
    op.drop_table('priority')
    with op.batch_alter_table('period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_period_end_date'))

    op.drop_table('period')
    with op.batch_alter_table('change_event', schema=None) as batch_op:
        batch_op.drop_index('ix_change_event_ref')
        batch_op.drop_index(batch_op.f('ix_change_event_batch'))
        batch_op.drop_index('ix_change_event_actor')

    op.drop_table('change_event')
