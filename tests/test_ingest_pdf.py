"""PDF ingestion into the store: real PDFs parsed by pdfplumber, bad ones recorded, papers linked by DOI."""
import json

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import SAMPLES, cli
from tests.medline_records import article, article_set

PDFS = SAMPLES / "pdf"
REVIEW_DOI = "10.1007/s11154-021-09638-0"


def test_pdfs_are_stored_bad_ones_recorded_and_rerun_changes_nothing(db_url, tmp_path):
    fake = tmp_path / "slides.pdf"
    fake.write_text("not a pdf at all", encoding="utf-8")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((PDFS / "bmj2015_ussher_smoking_pregnancy_rct.pdf").read_bytes()[:5000])
    result = cli(db_url, "ingest", "pdf", str(PDFS / "bmj2015_ussher_smoking_pregnancy_rct.pdf"), str(fake), str(cut))
    assert result.exit_code == 3, result.output
    assert "new 1" in result.output and "failed 2" in result.output
    assert f"failed: {fake}: not a PDF" in result.output and f"failed: {cut}" in result.output
    doc = json.loads(cli(db_url, "show", "10.1136/bmj.h2145", "--json").output)
    assert doc["source"] == "pdf" and doc["year"] == 2015 and "smoking cessation" in doc["title"]
    assert doc["abstract"] and len(doc["body"]) > 20_000
    again = cli(db_url, "ingest", "pdf", str(PDFS / "bmj2015_ussher_smoking_pregnancy_rct.pdf"))
    assert "new 0, updated 0, unchanged 1" in again.output


def test_pdf_links_to_the_same_paper_and_a_pubmed_record_keeps_its_full_text(sqlite_url, tmp_path):
    seed_text = SAMPLES / "seeds" / "003_079922ed7aae9e11.txt"
    assert "new 1" in cli(sqlite_url, "ingest", "text", str(seed_text)).output
    out = cli(sqlite_url, "ingest", "pdf", str(PDFS / "seed_review_003.pdf")).output
    assert "updated 1" in out  # the PDF is a better source than the text copy of the same DOI
    record = tmp_path / "review.xml"
    record.write_text(article_set(article("9000001", title="Chemotherapy in NEN: a review.", doi=REVIEW_DOI)))
    assert "updated 1" in cli(sqlite_url, "ingest", "xml", str(record)).output
    doc = json.loads(cli(sqlite_url, "show", "9000001", "--json").output)
    assert doc["source"] == "medline" and doc["doi"] == REVIEW_DOI
    assert "Table 1" in doc["body"]  # the PDF's full text stays with the record
    stats = json.loads(cli(sqlite_url, "stats", "--json").output)
    assert stats["documents"] == 1 and stats["raw_payloads"] == 3
    # the weaker copies again: linked, nothing changes
    cli(sqlite_url, "ingest", "pdf", str(PDFS / "seed_review_003.pdf"))
    assert "linked 1" in cli(sqlite_url, "ingest", "text", str(seed_text)).output
    assert json.loads(cli(sqlite_url, "stats", "--json").output) == stats


def test_pdf_tables_command_writes_rows_with_evidence(tmp_path):
    out = tmp_path / "rows.jsonl"
    result = CliRunner().invoke(main, ["pdf", "tables", str(PDFS / "seed_review_003.pdf"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["table"] for r in rows} == {"Table 1", "Table 2", "Table 3"}
    assert len(rows) >= 80
    missing = CliRunner().invoke(main, ["pdf", "tables", str(tmp_path / "none.pdf"), "--output", str(out)])
    assert missing.exit_code == 1 and "none.pdf" in missing.output
