"""The Prefect flows run for real under prefect_test_harness (a temporary Prefect server)."""
import os
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from pipeline.store import Store
from schemas.db import DocumentRow, FindingRow


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


def test_a_fetch_task_that_gives_up_fails_without_prefect_retries(prefect_harness, fake_env, sqlite_url):
    """One retry layer: the pipeline's policy makes 1 + EVIDENCE_MAX_RETRIES tries (3 retries in the fake's
    environment), and Prefect runs the task once (task retries on top made it 4 times as many)."""
    from flows.flows import ingest_papers
    from pipeline.errors import TransientFetchError

    fake_env.inject("efetch", "close", times=1000)  # the server drops every connection, unanswered

    with pytest.raises(TransientFetchError, match="after 4 attempts"):
        ingest_papers(pmids=fake_env.pmids[:3], db_url=sqlite_url, extract=False)

    assert [(r.fault, r.status) for r in fake_env.requests_to("efetch")] == [("close", None)] * 4


def test_papers_flow_over_pmids_and_pdfs_records_a_broken_pdf_and_completes(prefect_harness, fake_env, sqlite_url,
                                                                            tmp_path):
    from flows.flows import ingest_papers
    from tests.conftest import SAMPLES

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n")  # a PDF header and nothing else
    pdfs = [str(SAMPLES / "pdf" / "bmj2015_ussher_smoking_pregnancy_rct.pdf"), str(broken)]
    result = ingest_papers(pmids=fake_env.pmids[:12], pdfs=pdfs, db_url=sqlite_url)
    assert result["new"] == 13 and result["failed"] == 1 and result["status"] == "partial"
    assert result["extracted"] == 13
    with Store(sqlite_url) as store:
        failed = [f for r in store.runs(limit=20) for f in r.failures]
        assert store.get("10.1136/bmj.h2145").source == "pdf"
    assert [f.source for f in failed] == [str(broken)]
    assert count(sqlite_url, FindingRow) >= 1


def test_parent_flow_chains_ingest_and_extract(prefect_harness, sqlite_url, monkeypatch):
    from flows.flows import evidence_pipeline
    from tests.conftest import SAMPLES

    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0.99")  # so that some values go to the review queue

    result = evidence_pipeline(xml_files=[str(SAMPLES / "pubmed" / "seed_abstracts.xml")],
                               text_files=[str(p) for p in sorted((SAMPLES / "seeds").glob("*.txt"))],
                               db_url=sqlite_url)
    assert result["new"] == 5 and result["extracted"] == 5 and result["findings"] > 10
    with Store(sqlite_url) as store:
        assert 0 < result["queued_for_review"] == store.status_counts().get("needs_review", 0)
    again = evidence_pipeline(xml_files=[str(SAMPLES / "pubmed" / "seed_abstracts.xml")], db_url=sqlite_url)
    assert again["new"] == 0 and again["extracted"] == 0


@pytest.mark.parametrize("runner", ["threads", "dask"])
def test_two_flows_with_overlapping_pmids_store_each_paper_once(prefect_harness, fake_env, pg_url, monkeypatch, runner):
    """Two flow runs at the same time, sharing a third of their PMIDs, writing to one PostgreSQL database,
    each with two workers (threads, or Dask worker processes)."""
    from flows.flows import ingest_papers, run

    db_url = pg_url
    monkeypatch.setenv("EVIDENCE_TASK_RUNNER", runner)
    monkeypatch.setenv("EVIDENCE_TASK_WORKERS", "2")
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


def test_export_flow_writes_the_review_queue(prefect_harness, sqlite_url, tmp_path, monkeypatch):
    import csv

    from flows.flows import evidence_pipeline, export_review_queue
    from tests.conftest import SAMPLES

    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0.99")  # so that some values go to the review queue

    evidence_pipeline(text_files=[str(p) for p in sorted((SAMPLES / "seeds").glob("*.txt"))], db_url=sqlite_url)
    result = export_review_queue(db_url=sqlite_url, out_dir=str(tmp_path / "exports"))
    path = tmp_path / "exports" / result["path"].rsplit("/", 1)[-1]
    assert path.exists() and path.name.startswith("review-queue-") and path.suffix == ".csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert {"item_id", "decision", "corrected_value", "reviewer", "note"} <= set(reader.fieldnames)
    assert 0 < len(rows) == result["items"]


def test_deployments_have_the_documented_schedules(monkeypatch):
    from flows.deploy import deployments
    from pipeline.settings import Settings

    settings = Settings.from_env(scheduled_query="neuroendocrine AND chemotherapy", db_url="sqlite:///x.db")
    deps = {d.name: d for d in deployments(settings)}
    assert set(deps) == {"scheduled-query", "review-export"}
    assert deps["scheduled-query"].schedules[0].schedule.cron == "0 2 * * *"  # daily 02:00, README
    assert deps["review-export"].schedules[0].schedule.cron == "0 6 * * 1"  # Mondays 06:00, README
    assert deps["scheduled-query"].parameters["query"] == "neuroendocrine AND chemotherapy"
    assert [d.name for d in deployments(Settings.from_env(scheduled_query=None))] == ["review-export"]


def test_deployments_carry_no_database_url_and_flows_list_names_the_store_given(tmp_path):
    """Prefect records a deployment's parameters: the store (which may hold a password) is read from the
    environment of the serving process instead; `flows list` shows the --db store with its password hidden."""
    from conftest import cli
    from flows.deploy import deployments
    from pipeline.settings import Settings

    settings = Settings.from_env(scheduled_query="q", db_url="postgresql+psycopg://u:secret@h/db")
    assert all("db_url" not in d.parameters and "secret" not in str(d.parameters) for d in deployments(settings))
    url = "postgresql+psycopg://u:secret@127.0.0.1:1/db"
    result = cli(url, "flows", "list", env={"EVIDENCE_SCHEDULED_QUERY": "q"})
    assert result.exit_code == 0, result.output
    assert "store: postgresql+psycopg://u:***@127.0.0.1:1/db" in result.output and "secret" not in result.output
    assert "scheduled-query" in result.output and os.environ.get("EVIDENCE_DB_URL") != url


def test_a_flow_run_reads_the_settings_once_and_its_tasks_use_them(prefect_harness, sqlite_url, settings_reads,
                                                                  monkeypatch):
    from flows.flows import evidence_pipeline
    from pipeline.settings import Settings
    from tests.conftest import SAMPLES

    reads = settings_reads
    reads.clear()  # importing flows.flows reads them once for its decorators' task runner
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0")  # read by the flow run, used by the extract tasks' validation
    result = evidence_pipeline(text_files=[str(p) for p in sorted((SAMPLES / "seeds").glob("*.txt"))],
                               db_url=sqlite_url)
    assert len(reads) == 1, f"the flow run read the settings {len(reads)} times"
    assert result["findings"] > 0
    with Store(sqlite_url, settings=Settings(min_confidence=0)) as store:
        assert not any(r.get("code") == "low_confidence" for f, _ in store.review_items(statuses=None)
                       for r in f.reasons or [])
