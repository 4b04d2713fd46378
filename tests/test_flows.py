"""The Prefect flows run for real under prefect_test_harness (a temporary Prefect server)."""
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from eutils_fake import eutils_server  # noqa: F401  (fixture)
from pipeline.store import Store
from schemas.db import DocumentRow, FindingRow, IngestionRun
from tests.medline_records import article, article_set


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def fake_env(eutils_server, monkeypatch):
    for key, value in eutils_server.environ(efetch_batch_size=10).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("EVIDENCE_FLOW_BATCH_SIZE", "7")
    return eutils_server


def count(db_url, model=DocumentRow):
    with Store(db_url) as store, store.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_query_flow_second_run_fetches_only_what_is_new(prefect_harness, fake_env, sqlite_url):
    from flows.flows import ingest_query

    first = ingest_query("all", db_url=sqlite_url, extract=False)
    assert first["new"] == len(fake_env.pmids) and first["failed"] == 0
    fetched_before = sum(r.status == 200 for r in fake_env.requests_to("efetch"))
    added = fake_env.add_synthetic(3, first_date=date.today(), step_days=0)
    second = ingest_query("all", db_url=sqlite_url, extract=False)
    assert second["seen"] == 3 and second["new"] == 3 and second["unchanged"] == 0
    assert sum(r.status == 200 for r in fake_env.requests_to("efetch")) == fetched_before + 1
    last_search = fake_env.requests_to("esearch")[-1].params
    assert last_search["datetype"] == "edat" and last_search["mindate"] == date.today().strftime("%Y/%m/%d")
    with Store(sqlite_url) as store:
        assert all(store.get(p) is not None for p in added)
        latest = next(r for r in store.runs(limit=10) if r.kind == "flow:query")  # newest first
    assert latest.counts["new"] == 3


def test_papers_flow_records_a_broken_file_and_completes(prefect_harness, fake_env, sqlite_url, tmp_path):
    from flows.flows import ingest_papers

    good = tmp_path / "good.xml"
    good.write_text(article_set(article("7001", abstract=[(None, "Forty patients received drug A; the response rate was 25%.")])))
    broken = tmp_path / "broken.xml"
    broken.write_text("this is not MEDLINE")
    result = ingest_papers(pmids=fake_env.pmids[:12], xml_files=[str(good), str(broken)], db_url=sqlite_url)
    assert result["new"] == 13 and result["failed"] == 1 and result["status"] == "partial"
    assert result["extracted"] == 13
    with Store(sqlite_url) as store:
        failed = [f for r in store.runs(limit=20) for f in r.failures]
    assert any(str(broken) == f.source and "not an XML file" in f.reason for f in failed)
    assert count(sqlite_url, FindingRow) >= 1


def test_parent_flow_chains_ingest_and_extract(prefect_harness, sqlite_url):
    from flows.flows import evidence_pipeline
    from tests.conftest import SAMPLES

    result = evidence_pipeline(xml_files=[str(SAMPLES / "pubmed" / "seed_abstracts.xml")],
                               text_files=[str(p) for p in sorted((SAMPLES / "seeds").glob("*.txt"))],
                               db_url=sqlite_url)
    assert result["new"] == 5 and result["extracted"] == 5 and result["findings"] > 10
    again = evidence_pipeline(xml_files=[str(SAMPLES / "pubmed" / "seed_abstracts.xml")], db_url=sqlite_url)
    assert again["new"] == 0 and again["extracted"] == 0


def test_two_flows_with_overlapping_pmids_store_each_paper_once(prefect_harness, fake_env, pg_url, monkeypatch):
    """Two flow runs at the same time, sharing a third of their PMIDs, writing to one PostgreSQL database."""
    from flows.flows import ingest_papers, run

    db_url = pg_url
    monkeypatch.setenv("EVIDENCE_TASK_RUNNER", "threads")
    monkeypatch.setenv("EVIDENCE_FLOW_BATCH_SIZE", "5")
    pmids = fake_env.pmids
    a, b = pmids[: len(pmids) * 2 // 3], pmids[len(pmids) // 3:]
    results, errors = {}, []

    def go(name, ids):
        try:
            results[name] = run(ingest_papers, pmids=ids, db_url=db_url, extract=False)
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(n, ids)) for n, ids in (("a", a), ("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    with Store(db_url) as store, store.sessions() as s:
        stored = s.scalars(select(DocumentRow.pmid)).all()
    assert sorted(stored) == sorted(set(a) | set(b))
    assert results["a"]["failed"] == results["b"]["failed"] == 0
