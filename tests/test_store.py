"""The store on SQLite and PostgreSQL: idempotent upserts, history, identity fallbacks, atomic batches."""
import pytest
from sqlalchemy import func, inspect, select

from pipeline.store import Store, needs_upgrade
from schemas.db import DocumentRow, RawPayload
from schemas.document import AbstractSection, Deletion, Document, ParsedRecord


def doc(pmid=None, doi=None, title="A study", source="medline", text="Thirty patients were treated."):
    return Document(source=source, pmid=pmid, doi=doi, title=title, abstract=[AbstractSection(text=text)])


def count(store, model=DocumentRow):
    with store.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_migrations_create_the_schema(db_url):
    store = Store(db_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "raw_payloads", "ingestion_runs", "ingestion_failures", "alembic_version"} <= tables
    assert not needs_upgrade(store.engine)
    store.close()


def test_rerun_is_idempotent(store):
    batch = [ParsedRecord.of(doc("1"), "<a/>"), ParsedRecord.of(doc("2"), "<b/>")]
    assert store.upsert_batch(batch) == {"new": 2}
    assert store.upsert_batch(batch) == {"unchanged": 2}
    assert count(store) == 2 and count(store, RawPayload) == 2


def test_changed_record_updates_in_place_and_keeps_payload_history(store):
    store.upsert_batch([ParsedRecord.of(doc("7", title="First title"), "<v1/>")])
    assert store.upsert_batch([ParsedRecord.of(doc("7", title="Corrected title"), "<v2/>")]) == {"updated": 1}
    row = store.get("7")
    assert row.title == "Corrected title" and row.version == 2
    assert len(row.payloads) == 2 and row.payloads[0].content == "<v1/>"
    assert count(store) == 1


def test_doi_then_content_hash_identify_records_without_pmid(store):
    store.upsert_batch([ParsedRecord.of(doc(doi="10.1/ABC", source="text"), "t1"),
                        ParsedRecord.of(doc(title="No ids", source="text"), "t2")])
    assert store.upsert_batch([ParsedRecord.of(doc(doi="10.1/abc", source="text"), "t1"),
                               ParsedRecord.of(doc(title="No ids", source="text"), "t2")]) == {"unchanged": 2}
    assert count(store) == 2
    assert store.get("10.1/ABC").doi == "10.1/abc"


def test_pubmed_record_upgrades_a_text_copy_and_text_never_overwrites_it(store):
    store.upsert_batch([ParsedRecord.of(doc(doi="10.5/x", title="From text", source="text"), "text")])
    assert store.upsert_batch([ParsedRecord.of(doc(pmid="55", doi="10.5/x", title="From PubMed"), "<xml/>")]) == {"updated": 1}
    assert store.upsert_batch([ParsedRecord.of(doc(doi="10.5/x", title="From text", source="text"), "text")]) == {"linked": 1}
    row = store.get("55")
    assert row.title == "From PubMed" and row.source == "medline" and count(store) == 1


def test_a_failing_batch_writes_nothing(store):
    good = ParsedRecord.of(doc("91"), "<ok/>")
    bad = ParsedRecord.of(doc("92"), "<bad/>")
    bad.payload = None  # a payload is required: the database refuses the row
    with pytest.raises(Exception):
        store.upsert_batch([good, bad])
    assert count(store) == 0 and count(store, RawPayload) == 0


def test_deletions_mark_documents(store):
    store.upsert_batch([ParsedRecord.of(doc("61"), "<x/>"), ParsedRecord.of(doc("62"), "<y/>")])
    assert store.apply_deletions([Deletion(pmids=["61", "999"])]) == 1
    assert store.get("61").deleted and not store.get("62").deleted
    assert store.stats()["deleted"] == 1


def test_runs_record_counts_and_failures(store):
    from schemas.document import FailedItem

    run = store.start_run("xml", {"files": ["a.xml"]})
    store.record_failures(run, [FailedItem(source="a.xml", position="record 3", reason="record has no PMID")])
    assert store.finish_run(run, {"seen": 2, "failed": 1}) == "partial"
    (r,) = store.runs()
    assert r.status == "partial" and r.counts == {"seen": 2, "failed": 1} and r.failures[0].position == "record 3"
