"""Extraction over stored documents: findings with evidence, idempotent, re-extracted when content or
extractor version changes. Runs the real extractors on sentences written for these tests."""
import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

import extractors
from pipeline.cli import main
from pipeline.extract import extract_documents, finding_key
from pipeline.store import Store
from schemas.db import ExtractionRow, FindingRow
from schemas.document import AbstractSection, Document, ParsedRecord
from tests.conftest import ABSTRACT, text_doc

def findings(store):
    with store.sessions() as s:
        return s.scalars(select(FindingRow).order_by(FindingRow.id)).all()


def test_findings_are_stored_with_evidence_pointing_into_the_abstract(store):
    store.upsert_batch([ParsedRecord.of(text_doc(), ABSTRACT)])
    result = extract_documents(store)
    assert result.documents == 1 and result.findings >= 2
    rows = findings(store)
    by_metric = {r.metric: r for r in rows}
    assert by_metric["orr"].value == 30 and by_metric["pfs_median"].value == 12.5
    for r in rows:
        assert ABSTRACT[r.evidence_start:r.evidence_end] in r.evidence_text
        assert r.extractor_version == extractors.EXTRACTOR_VERSION and 0 <= r.confidence <= 1
    assert "30%" in ABSTRACT[by_metric["orr"].evidence_start:by_metric["orr"].evidence_end]
    assert set(by_metric["orr"].arm_components) == {"capecitabine", "oxaliplatin"}


def test_rerun_extracts_nothing_and_duplicates_nothing(store):
    store.upsert_batch([ParsedRecord.of(text_doc(), ABSTRACT)])
    extract_documents(store)
    before = [(r.id, r.finding_key, r.value) for r in findings(store)]
    assert extract_documents(store).documents == 0
    assert extract_documents(store, everything=True).documents == 1
    assert [(r.id, r.finding_key, r.value) for r in findings(store)] == before


def test_changed_document_is_re_extracted_in_place(store):
    store.upsert_batch([ParsedRecord.of(text_doc(), ABSTRACT)])
    extract_documents(store)
    orr_id = next(r.id for r in findings(store) if r.metric == "orr")
    changed = ABSTRACT.replace("30%", "35%").replace("12.5 months", "12.5 months; median overall survival was 20.1 months")
    store.upsert_batch([ParsedRecord.of(text_doc(changed), changed)])
    assert extract_documents(store).documents == 1
    rows = {r.metric: r for r in findings(store)}
    assert rows["orr"].id == orr_id and rows["orr"].value == 35
    assert rows["os_median"].value == 20.1


def test_a_new_extractor_version_re_extracts(store, monkeypatch):
    store.upsert_batch([ParsedRecord.of(text_doc(), ABSTRACT)])
    extract_documents(store)
    monkeypatch.setattr(extractors, "EXTRACTOR_VERSION", "99.0-test")
    assert extract_documents(store).documents == 1
    with store.sessions() as s:
        text_rows = s.scalars(select(ExtractionRow).where(ExtractionRow.extractor == extractors.EXTRACTOR_NAME)).all()
        assert [r.extractor_version.split("+")[0] for r in text_rows] == ["99.0-test"]  # + the data files' hash
        assert s.scalar(select(func.count()).select_from(ExtractionRow)) == 2  # abstract text and PDF tables


def test_cli_extract_table_and_show(db_url):
    runner = CliRunner()
    store = Store(db_url)
    store.upsert_batch([ParsedRecord.of(text_doc(), ABSTRACT)])
    store.close()
    out = runner.invoke(main, ["--db", db_url, "extract"]).output
    assert out.startswith("extracted 1 document(s)")
    table = runner.invoke(main, ["--db", db_url, "table", "--format", "csv"]).output.splitlines()
    assert table[0].startswith("Author,Year,Phase,N,Regimen,ORR %")
    assert any(",30," in line and "12.5" in line for line in table[1:])
    shown = runner.invoke(main, ["--db", db_url, "show", "10.1000/test.1"]).output
    assert 'orr' in shown and '"30%"' in shown


def test_jsonl_batch_reports_bad_lines_and_goes_on(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "title": "", "abstract": ABSTRACT}),
        "{not json",
        json.dumps({"id": "c", "title": None, "abstract": ""}),
        json.dumps(["no", "object"]),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", "--input", str(src), "--output", str(out)])
    assert result.exit_code == 3
    assert "line 2" in result.output and "line 4" in result.output
    lines = [json.loads(l) for l in out.read_text().splitlines()]
    assert [l["id"] for l in lines] == ["a", "c"]
    assert lines[0]["arms"][0]["orr_pct"] == 30 and lines[1]["arms"] == []


def test_finding_key_names_the_fact():
    from schemas.findings import Evidence, Finding

    ev = Evidence(text="x", start=0, end=1, sentence_start=0, sentence_end=1)
    f = Finding(metric="pfs_rate", value=48, unit="percent", arm="A", arm_components=("b", "a"), subgroup="Grade 3",
                timepoint_months=6, evidence=ev, extractor="t", extractor_version="1", confidence=0.9)
    assert finding_key(f) == "a+b|grade 3|pfs_rate||6"


def test_pdf_table_values_are_findings_with_page_cell_and_cited_study(sqlite_url):
    """The review PDF's Tables 1-3 become findings: each value with its page and cell box, and the study its
    row reports; the evidence table shows that study, not the review."""
    from tests.conftest import SAMPLES

    runner = CliRunner()
    assert runner.invoke(main, ["--db", sqlite_url, "ingest", "pdf", str(SAMPLES / "pdf" / "seed_review_003.pdf")]).exit_code == 0
    store = Store(sqlite_url)
    extract_documents(store)
    with store.sessions() as s:
        table = s.scalars(select(FindingRow).where(FindingRow.source_field == "table")).all()
    assert len(table) > 200
    for f in table:
        assert f.page and len(f.bbox) == 4 and f.location.startswith("Table ")
        assert f.cited_study and f.evidence_text[f.evidence_start:f.evidence_end]
    # a value read from a cell you can find in the seed text: Chan JA et al 2012, TEM + BEVA, ORR 33 in Table 1
    chan = [f for f in table if f.cited_study.startswith("Chan JA") and f.cited_year == 2012 and f.metric == "orr"
            and f.location.startswith("Table 1")]
    assert [f.value for f in chan] == [33.0] and set(chan[0].arm_components) == {"temozolomide", "bevacizumab"}
    assert extract_documents(store).documents == 0  # nothing pending: re-running adds nothing
    store.close()
    md = runner.invoke(main, ["--db", sqlite_url, "table", "--query", "Chan JA"]).output
    # without the trial's paper, its Table 1 and Table 2 rows (different values: P-NETs, whole cohort) stay apart
    assert "| Chan JA et al 2012 [21] | 2012 | II | 34 | TEM + BEVA (as in Table 1) | 33 |" in md and "Table 1, row 13, p. 6" in md


def test_full_text_results_section_adds_values_the_abstract_lacks(store):
    intro = "Introduction\nEarlier studies of capecitabine and oxaliplatin reported a median overall survival of 31.0 months.\n"
    results = ("Results\nForty patients received capecitabine and oxaliplatin. The objective response rate was 30%. "
               "The median overall survival was 20.1 months.\n")
    body = intro + results
    doc = Document(source="pdf", doi="10.1000/full.1", title="A full text", abstract=[AbstractSection(text=ABSTRACT)],
                   body=body, body_sections=[
                       {"title": "Introduction", "canonical": "introduction", "start": 0, "end": len(intro)},
                       {"title": "Results", "canonical": "results", "start": len(intro), "end": len(body)}])
    store.upsert_batch([ParsedRecord.of(doc, body)])
    extract_documents(store)
    rows = findings(store)
    body_rows = [r for r in rows if r.source_field == "body"]
    assert [(r.metric, r.value) for r in body_rows] == [("os_median", 20.1)]  # ORR 30% is the abstract's already
    assert body[body_rows[0].evidence_start:body_rows[0].evidence_end] in ("20.1 months", "20.1")
    assert not any(r.value == 31.0 for r in rows)  # the introduction quotes another study


def test_a_document_the_extractor_raises_on_is_a_failed_item_and_the_batch_goes_on(db_url):
    """No silent catch-all: a stored document that breaks extraction (here its stored data no longer reads as a
    Document) is recorded as a failed item of an 'extract' run, named with the error; the other documents are
    extracted, and the broken one stays pending."""
    from conftest import cli
    from schemas.db import DocumentRow

    with Store(db_url) as store:
        store.upsert_batch([ParsedRecord.of(text_doc(), ABSTRACT),
                            ParsedRecord.of(text_doc(doi="10.1000/test.2"), ABSTRACT + " ")])
        with store.sessions.begin() as s:
            broken = s.scalar(select(DocumentRow).where(DocumentRow.doi == "10.1000/test.2"))
            broken.data = {**broken.data, "abstract": 42}
            broken_id = broken.id
    result = cli(db_url, "extract")
    assert result.exit_code == 3, result.output
    assert "extracted 1 document(s)" in result.output
    assert f"failed: document #{broken_id}: the extractor raised ValidationError" in result.output
    with Store(db_url) as store:
        (run,) = [r for r in store.runs() if r.kind == "extract"]
        assert run.status == "partial" and [f.source for f in run.failures] == [f"document #{broken_id}"]
        assert store.pending_document_ids(extract_versions()) == [broken_id]


def extract_versions():
    from pipeline.extract import extractor_versions

    return extractor_versions()


def test_a_vocabulary_edit_re_extracts_the_stored_documents(db_url):
    """An extractor's identity is its code version plus a hash of its data files: adding or editing a vocabulary
    file in extractors/data makes every stored document pending again, for `evidence extract` and the flows."""
    from importlib import resources

    from conftest import cli
    from extractors import vocab

    with Store(db_url) as store:
        store.upsert_batch([ParsedRecord.of(text_doc(), ABSTRACT)])
    assert cli(db_url, "extract").output.startswith("extracted 1 document(s)")
    assert cli(db_url, "extract").output.startswith("extracted 0 document(s)")
    edit = Path(str(resources.files("extractors").joinpath("data"))) / "zz_test_vocabulary_edit.json"
    try:
        edit.write_text('{"version": "test", "names": ["a vocabulary entry added by a test"]}', encoding="utf-8")
        vocab.identity.cache_clear()
        with Store(db_url) as store:
            assert len(store.pending_document_ids(extract_versions())) == 1
        assert cli(db_url, "extract").output.startswith("extracted 1 document(s)")
        assert cli(db_url, "extract").output.startswith("extracted 0 document(s)")
    finally:
        edit.unlink(missing_ok=True)
        vocab.identity.cache_clear()
