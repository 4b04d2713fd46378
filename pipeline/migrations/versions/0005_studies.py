"""studies: one trial across its papers and the review rows citing it, with value cross-checks

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('studies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('study_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('row_key', sa.String(length=400), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('confidence', sa.Double(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('paper_document_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_document_id'], ['documents.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['study_id'], ['studies.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'row_key', name='uq_study_link_document_row')
    )
    op.create_index(op.f('ix_study_links_study_id'), 'study_links', ['study_id'], unique=False)
    op.create_table('study_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=20), nullable=False),
    sa.Column('level', sa.Text(), nullable=True),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('review_finding_id', sa.Integer(), nullable=True),
    sa.Column('paper_finding_id', sa.Integer(), nullable=True),
    sa.Column('review_value', sa.String(length=40), nullable=True),
    sa.Column('paper_value', sa.String(length=40), nullable=True),
    sa.Column('confidence', sa.Double(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['link_id'], ['study_links.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_finding_id'], ['findings.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_finding_id'], ['findings.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_study_checks_link_id'), 'study_checks', ['link_id'], unique=False)
    op.create_index(op.f('ix_study_checks_review_finding_id'), 'study_checks', ['review_finding_id'], unique=False)
    op.create_index(op.f('ix_study_checks_paper_finding_id'), 'study_checks', ['paper_finding_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_study_checks_paper_finding_id'), table_name='study_checks')
    op.drop_index(op.f('ix_study_checks_review_finding_id'), table_name='study_checks')
    op.drop_index(op.f('ix_study_checks_link_id'), table_name='study_checks')
    op.drop_table('study_checks')
    op.drop_index(op.f('ix_study_links_study_id'), table_name='study_links')
    op.drop_table('study_links')
    op.drop_table('studies')
