"""SQLAlchemy 2 table models of the evidence store. Alembic migrations in pipeline/migrations create them."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """One paper. Found again by PMID, else DOI, else content hash; updated in place, never duplicated."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pmid: Mapped[str | None] = mapped_column(String(20), unique=True)
    doi: Mapped[str | None] = mapped_column(String(255), unique=True)
    pmcid: Mapped[str | None] = mapped_column(String(20), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    journal: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))  # kind of the source the current data came from
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    data: Mapped[dict] = mapped_column(JSON)  # schemas.document.Document, as JSON
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)  # withdrawn by a PubMed DeleteCitation
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    payloads: Mapped[list["RawPayload"]] = relationship(back_populates="document", order_by="RawPayload.id")


class RawPayload(Base):
    """A raw record as received (one MEDLINE <PubmedArticle>, one text file): the history of a document."""

    __tablename__ = "raw_payloads"
    __table_args__ = (UniqueConstraint("document_id", "content_hash", name="uq_payload_document_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # (document_id, content_hash) is unique, and that index also serves lookups by document_id
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(20))  # medline, text, pdf
    source_ref: Mapped[str | None] = mapped_column(Text)  # file path, URL or query the payload came from
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingestion_runs.id", ondelete="SET NULL"))

    document: Mapped[DocumentRow] = relationship(back_populates="payloads")


class IngestionRun(Base):
    """One ingest command or flow run: what was asked, what came of it."""

    __tablename__ = "ingestion_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # query, pmids, xml, text, pdf
    request: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="running")  # running, succeeded, partial, failed
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)  # why the whole run failed, if it did
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    failures: Mapped[list["IngestionFailure"]] = relationship(back_populates="run", order_by="IngestionFailure.id")


class IngestionFailure(Base):
    """An input item a run could not store (malformed record, unreadable file, failed fetch)."""

    __tablename__ = "ingestion_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingestion_runs.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    position: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    excerpt: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    run: Mapped[IngestionRun] = relationship(back_populates="failures")


class ExtractionRow(Base):
    """The latest extraction of a document: which extractor version read which content, and the arm summary."""

    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("document_id", "extractor", name="uq_extraction_document_extractor"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    extractor: Mapped[str] = mapped_column(String(100))
    extractor_version: Mapped[str] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(64))  # the document content the extractor read
    summary: Mapped[dict] = mapped_column(JSON)  # arm summary (shared/eval/arm_summary.md shape, no id)
    findings_count: Mapped[int] = mapped_column(Integer, default=0)
    extracted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FindingRow(Base):
    """One extracted value with its evidence. ``finding_key`` names the fact (arm, subgroup, metric,
    timepoint) so a re-extraction finds the same row again."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("document_id", "finding_key", name="uq_finding_document_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    finding_key: Mapped[str] = mapped_column(String(400))
    metric: Mapped[str] = mapped_column(String(20), index=True)
    value: Mapped[float | None] = mapped_column()
    unit: Mapped[str] = mapped_column(String(20))
    arm: Mapped[str | None] = mapped_column(Text)
    arm_components: Mapped[list] = mapped_column(JSON, default=list)
    pooled: Mapped[bool] = mapped_column(Boolean, default=False)
    subgroup: Mapped[str | None] = mapped_column(Text)
    endpoint: Mapped[str | None] = mapped_column(String(40))
    timepoint_months: Mapped[float | None] = mapped_column()
    ci_low: Mapped[float | None] = mapped_column()
    ci_high: Mapped[float | None] = mapped_column()
    p_value: Mapped[str | None] = mapped_column(String(40))
    not_reached: Mapped[bool] = mapped_column(Boolean, default=False)
    computed: Mapped[bool] = mapped_column(Boolean, default=False)
    source_field: Mapped[str] = mapped_column(String(20), default="abstract")  # abstract, body, table
    evidence_text: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    # values read from a PDF table: the cell's page, box and place; the study the row reports (in a review)
    page: Mapped[int | None] = mapped_column(Integer)
    bbox: Mapped[list | None] = mapped_column(JSON)
    location: Mapped[str | None] = mapped_column(Text)
    cited_study: Mapped[str | None] = mapped_column(Text)
    cited_year: Mapped[int | None] = mapped_column(Integer)
    cited_phase: Mapped[str | None] = mapped_column(String(60))
    extractor: Mapped[str] = mapped_column(String(100))
    extractor_version: Mapped[str] = mapped_column(String(40))
    confidence: Mapped[float] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # ---- validation and review (schemas.review) ----
    # stable id of the value in review exports: "F" + 12 hex digits of sha1(document id, finding_key)
    item_id: Mapped[str | None] = mapped_column(String(20), unique=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="needs_review", index=True)
    reasons: Mapped[list] = mapped_column(JSON, default=list)  # [{"code", "message"}], schemas.review.Reason
    # goes up whenever what a curator would decide on changes (extracted value, CI, a decision)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    decision: Mapped[str | None] = mapped_column(String(10))  # the last curator decision: accept, correct, reject
    curated_value: Mapped[float | None] = mapped_column()  # the value in force after accept / correct
    curated_not_reached: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_value: Mapped[float | None] = mapped_column()  # the extracted value the decision was made on
    reviewed_not_reached: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewImportRow(Base):
    """One applied import of a curator's decisions file."""

    __tablename__ = "review_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64))
    schema_version: Mapped[str] = mapped_column(String(40))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewAuditRow(Base):
    """The audit trail: every decision on a value (and every return to the queue), who, when, old and new."""

    __tablename__ = "review_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(String(20), index=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id", ondelete="SET NULL"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    metric: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10))  # accept, correct, reject, reopen
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[str | None] = mapped_column(String(40))  # the value in force before: number, "NR" or None
    new_value: Mapped[str | None] = mapped_column(String(40))  # the value in force after
    extracted_value: Mapped[str | None] = mapped_column(String(40))  # what the extractor read at the time
    reviewer: Mapped[str] = mapped_column(String(200))  # a curator, or "extractor NAME VERSION" for reopen
    note: Mapped[str | None] = mapped_column(Text)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("review_imports.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StudyRow(Base):
    """One study (a trial or cohort) across its sources: its own papers and the review table rows citing it.
    ``key`` names it: a registry id, else the paper's PMID / DOI / store id, else the cited author, year and
    reference of review rows whose paper is not in the store (``pipeline.link``)."""

    __tablename__ = "studies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    label: Mapped[str | None] = mapped_column(Text)  # e.g. "Chan JA 2012" or the paper's first author and year
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StudyLinkRow(Base):
    """A source of a study: a paper (``row_key`` "") or one arm of a review's table row (``row_key`` is the
    arm part of its findings' keys), with how the link was made, its confidence and status."""

    __tablename__ = "study_links"
    __table_args__ = (UniqueConstraint("document_id", "row_key", name="uq_study_link_document_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    row_key: Mapped[str] = mapped_column(String(400), default="")
    role: Mapped[str] = mapped_column(String(20))  # paper, review_row
    # pmid, doi, registry, author_year, year_n_regimen (a paper without authors), own (a paper's own study), none
    method: Mapped[str] = mapped_column(String(40))
    confidence: Mapped[float] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))  # linked, doubtful, unlinked (the paper is not in the store)
    paper_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StudyCheckRow(Base):
    """One value of a review row compared with the linked paper: agrees, disagrees, not in the paper, or
    doubtful (the link itself is). ``level`` is the paper's level it was compared at ("" the whole arm, else
    the subgroup). ``confidence`` is the value's confidence raised by the agreement (``pipeline.link``)."""

    __tablename__ = "study_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("study_links.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(20))  # agrees, disagrees, not_in_paper, doubtful_link
    review_finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id", ondelete="SET NULL"), index=True)
    paper_finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id", ondelete="SET NULL"), index=True)
    review_value: Mapped[str | None] = mapped_column(String(40))  # as curators write it: '33', 'not reached'
    paper_value: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)  # the sentence a curator reads (both values, where)
