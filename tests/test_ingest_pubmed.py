"""PubMed ingestion end to end: the CLI against the fake E-utilities server, into SQLite and PostgreSQL."""
import json
import socket

from sqlalchemy import func, select

from pipeline.store import Store
from schemas.db import DocumentRow, RawPayload
from tests.conftest import cli


def test_query_across_batches_survives_429_and_500_and_stores_each_record_once(db_url, eutils_server):
    env = eutils_server.environ(efetch_batch_size=10)
    eutils_server.inject("efetch", 429, after=1, retry_after=0)  # batch 2 is refused once
    eutils_server.inject("efetch", 500, after=1)  # and a later one fails once
    result = cli(db_url, "ingest", "pubmed", "--query", "all", env=env)
    assert result.exit_code == 0, result.output
    fetches = eutils_server.requests_to("efetch")
    assert sum(r.status == 200 for r in fetches) >= 3
    assert {429, 500} <= {r.status for r in fetches}
    expected = set(eutils_server.pmids)
    store = Store(db_url)
    with store.sessions() as s:
        stored = s.scalars(select(DocumentRow.pmid)).all()
        payloads = s.scalar(select(func.count()).select_from(RawPayload))
    assert sorted(stored) == sorted(expected) and len(stored) == len(set(stored))
    assert payloads == len(expected)
    # a second run fetches the same records and changes nothing
    again = cli(db_url, "ingest", "pubmed", "--query", "all", env=env)
    assert f"new 0, updated 0, unchanged {len(expected)}" in again.output
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == len(expected)
    store.close()


def test_pmid_list_and_file_with_a_missing_pmid(sqlite_url, eutils_server, tmp_path):
    env = eutils_server.environ(efetch_batch_size=2)
    wanted = eutils_server.pmids[:3]
    result = cli(sqlite_url, "ingest", "pubmed", "--pmids", ",".join(wanted), env=env)
    assert result.exit_code == 0 and "new 3" in result.output
    pmid_file = tmp_path / "pmids.txt"
    pmid_file.write_text("\n".join([wanted[0], "424242"]) + "\n")
    result = cli(sqlite_url, "ingest", "pubmed", "--pmid-file", str(pmid_file), env=env)
    assert result.exit_code == 3, result.output
    assert "PMID 424242: not returned by PubMed" in result.output and "unchanged 1" in result.output


def test_max_and_dates_are_passed_on(sqlite_url, eutils_server):
    env = eutils_server.environ(efetch_batch_size=5)
    result = cli(sqlite_url, "ingest", "pubmed", "--query", "all", "--max", "7", env=env)
    assert result.exit_code == 0 and "seen 7, new 7" in result.output
    searches = eutils_server.requests_to("esearch")
    assert searches[0].params.get("term") == "all"


def test_unreachable_server_is_a_one_line_error_and_a_failed_run(sqlite_url):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"EVIDENCE_EUTILS_BASE_URL": f"http://127.0.0.1:{port}/entrez/eutils/", "EVIDENCE_MAX_RETRIES": "1",
           "EVIDENCE_BACKOFF_BASE_S": "0.001", "EVIDENCE_ENTREZ_EMAIL": "t@example.org"}
    result = cli(sqlite_url, "ingest", "pubmed", "--query", "neuroendocrine", env=env)
    assert result.exit_code == 1
    (line,) = [l for l in result.output.splitlines() if l.startswith("Error:")]
    assert "neuroendocrine" in line and f"127.0.0.1:{port}" in line
    stats = json.loads(cli(sqlite_url, "stats", "--json").output)
    assert stats["documents"] == 0 and "query failed" in cli(sqlite_url, "runs").output


def test_usage_errors(sqlite_url):
    assert cli(sqlite_url, "ingest", "pubmed").exit_code == 2
    assert cli(sqlite_url, "ingest", "pubmed", "--pmids", "1", "--max", "3").exit_code == 2
    bad = cli(sqlite_url, "ingest", "pubmed", "--pmids", "12,abc")
    assert bad.exit_code == 1 and "PMID 'abc' is not a PubMed id" in bad.output
