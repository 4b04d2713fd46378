"""PDF tables kept as grids in the stored document and read into rows and findings at extraction: a change to the
table extractor reaches stored PDFs on the next ``evidence extract``, without their PDF being read again. Runs on a
small PDF made here with fpdf2 (studies and numbers made up for these tests) and on the seed review's PDF."""
from __future__ import annotations

import json

import pydantic_core
from fpdf import FPDF
from sqlalchemy import select

from extractors import tables
from pipeline.extract import document_table_rows, extractor_versions
from pipeline.parse import document_from_pdf
from pipeline.pdf import parse_pdf, table_rows
from pipeline.store import Store
from schemas.db import DocumentRow, FindingRow, RawPayload
from schemas.document import Document, ParsedRecord
from tests.conftest import SAMPLES, cli

DOI = "10.1000/grids.2026.1"
#: a review's results table; "Best response (%)" is a header the table extractor's vocabulary does not read
GRID = [["Study", "N", "Treatment", "Best response (%)", "PFS (months)"],
        ["Moreau et al 2011 [4]", "48", "CAP + TEM", "31", "13.2"],
        ["Lindgren et al 2016 [7]", "36", "everolimus", "9", "10.8"],
        ["Haddad et al 2019 [9]", "57", "STZ + 5-FU", "22", "16.5"]]
WIDTHS = (130, 40, 100, 90, 80)


def made_pdf(path) -> str:
    """A one-page review: title, its DOI, a paragraph, and GRID as Table 1 with rules above, under the header and
    below."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_xy(56, 50)
    pdf.cell(480, 18, "Chemotherapy for neuroendocrine tumours: a review of trials")
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(56, 76)
    pdf.cell(480, 12, f"https://doi.org/{DOI}")
    pdf.set_xy(56, 100)
    pdf.multi_cell(480, 13, "Results of the trials cited in this review are listed below. Each row gives the "
                            "study, its number of patients, the treatment and the outcomes it reported.")
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_xy(56, 150)
    pdf.cell(300, 12, "Table 1. Results of the cited trials")
    pdf.set_font("Helvetica", size=9)
    y = 170.0
    pdf.line(56, y, 56 + sum(WIDTHS), y)
    for k, row in enumerate(GRID):
        x = 56.0
        for w, text in zip(WIDTHS, row):
            pdf.set_xy(x + 3, y + 3)
            pdf.cell(w - 6, 12, text)
            x += w
        y += 18
        if k in (0, len(GRID) - 1):
            pdf.line(56, y, 56 + sum(WIDTHS), y)
    pdf.output(str(path))
    return str(path)


def stored(db_url):
    """The review's stored row (data, content hash) and its table findings."""
    with Store(db_url) as store, store.sessions() as s:
        doc = s.scalars(select(DocumentRow).where(DocumentRow.doi == DOI)).one()
        found = s.scalars(select(FindingRow).where(FindingRow.document_id == doc.id, FindingRow.source_field == "table")
                          .order_by(FindingRow.id)).all()
        payloads = len(s.scalars(select(RawPayload).where(RawPayload.document_id == doc.id)).all())
        return doc.data, doc.content_hash, found, payloads


def by_metric(found, metric):
    return {f.cited_study: f.value for f in found if f.metric == metric}


def test_a_pdf_is_stored_with_its_table_grid_and_re_ingesting_it_changes_nothing(db_url, tmp_path):
    pdf = made_pdf(tmp_path / "review.pdf")
    assert "new 1" in cli(db_url, "ingest", "pdf", pdf).output
    data, content_hash, _, payloads = stored(db_url)
    (grid,) = data["table_grids"]
    assert grid["label"] == "Table 1" and grid["pages"] == [1] and set(grid["bbox"]) == {"1"}
    assert [c["text"] for c in grid["header"]] == GRID[0]
    assert [[c["text"] for c in r["cells"]] for r in grid["rows"]] == GRID[1:]
    x0, top, x1, bottom = grid["bbox"]["1"]
    for row in grid["rows"]:
        for cell in row["cells"]:
            assert cell["page"] == 1 and cell["lines"] == [cell["text"]]
            cx0, ctop, cx1, cbottom = cell["bbox"]
            assert x0 <= cx0 < cx1 <= x1 and top <= ctop < cbottom <= bottom
    assert data["tables"] == []  # nothing interpreted at ingest: no arms, components or values
    again = cli(db_url, "ingest", "pdf", pdf).output
    assert "new 0, updated 0, unchanged 1" in again
    assert stored(db_url)[1] == content_hash and stored(db_url)[3] == payloads
    with Store(db_url) as store:
        assert store.stats()["documents"] == 1


def test_a_table_extractor_change_re_extracts_stored_pdfs_without_a_re_ingest(db_url, tmp_path, monkeypatch):
    cli(db_url, "ingest", "pdf", made_pdf(tmp_path / "review.pdf"))
    assert cli(db_url, "extract").output.startswith("extracted 1 document(s)")
    data, content_hash, found, payloads = stored(db_url)
    assert by_metric(found, "pfs_median") == {"Moreau et al 2011 [4]": 13.2, "Lindgren et al 2016 [7]": 10.8,
                                              "Haddad et al 2019 [9]": 16.5}
    assert by_metric(found, "orr") == {}  # "Best response (%)" is not read as a response rate
    # a new table-extractor release: its header vocabulary reads "best response" as the response rate
    monkeypatch.setattr(tables, "TABLE_EXTRACTOR_VERSION", "99.0-test")
    monkeypatch.setattr(tables, "HEADER_FIELDS", [("orr_pct", r"^best response\b")] + tables.HEADER_FIELDS)
    with Store(db_url) as store:
        assert len(store.pending_document_ids(extractor_versions())) == 1
    assert cli(db_url, "extract").output.startswith("extracted 1 document(s)")
    after_data, after_hash, after, after_payloads = stored(db_url)
    assert (after_data, after_hash, after_payloads) == (data, content_hash, payloads)  # the document was not re-read
    assert by_metric(after, "orr") == {"Moreau et al 2011 [4]": 31, "Lindgren et al 2016 [7]": 9,
                                       "Haddad et al 2019 [9]": 22}
    assert {f.extractor_version for f in after} == {"99.0-test"}
    x0, top, x1, bottom = data["table_grids"][0]["bbox"]["1"]
    for f in after:  # each value names its page and the box of its cell, inside the table
        assert f.page == 1 and x0 <= f.bbox[0] < f.bbox[2] <= x1 and top <= f.bbox[1] < f.bbox[3] <= bottom
    assert [f.id for f in after if f.metric != "orr"] == [f.id for f in found]  # the other values in place
    assert cli(db_url, "extract").output.startswith("extracted 0 document(s)")


def test_a_document_stored_with_table_rows_is_read_until_its_pdf_is_ingested_again(db_url, tmp_path):
    """A release before grids stored a PDF's tables as review-table rows (``Document.tables``): they are read as they
    are; ingesting the PDF again replaces them with grids, and the same values are updated in place."""
    pdf = made_pdf(tmp_path / "review.pdf")
    parsed = parse_pdf(pdf)
    rows = [{k: v for k, v in r.items() if k != "source"} for r in table_rows(parsed)]  # the rows as they were kept
    legacy = document_from_pdf(parsed).model_copy(update={"table_grids": [], "tables": rows})
    with Store(db_url) as store:
        store.upsert_batch([ParsedRecord.of(legacy, parsed.text)])
    assert cli(db_url, "extract").output.startswith("extracted 1 document(s)")
    data, _, before, _ = stored(db_url)
    assert "table_grids" not in data and data["tables"]
    assert by_metric(before, "pfs_median") == {"Moreau et al 2011 [4]": 13.2, "Lindgren et al 2016 [7]": 10.8,
                                               "Haddad et al 2019 [9]": 16.5}
    assert "updated 1" in cli(db_url, "ingest", "pdf", pdf).output
    data, _, _, _ = stored(db_url)
    assert data["tables"] == [] and len(data["table_grids"]) == 1
    assert cli(db_url, "extract").output.startswith("extracted 1 document(s)")
    after = stored(db_url)[2]
    assert [(f.id, f.finding_key, f.value, f.page, f.bbox) for f in after] == \
           [(f.id, f.finding_key, f.value, f.page, f.bbox) for f in before]
    assert "unchanged 1" in cli(db_url, "ingest", "pdf", pdf).output


def test_a_pubmed_record_of_the_paper_keeps_the_pdfs_grids(sqlite_url, tmp_path):
    from tests.medline_records import article, article_set

    cli(sqlite_url, "ingest", "pdf", made_pdf(tmp_path / "review.pdf"))
    record = tmp_path / "review.xml"
    record.write_text(article_set(article("9000011", title="Chemotherapy for NETs: a review.", doi=DOI)))
    assert "updated 1" in cli(sqlite_url, "ingest", "xml", str(record)).output
    doc = json.loads(cli(sqlite_url, "show", "9000011", "--json").output)
    assert doc["source"] == "medline" and len(doc["table_grids"]) == 1
    cli(sqlite_url, "extract")
    assert by_metric(stored(sqlite_url)[2], "n") == {"Moreau et al 2011 [4]": 48, "Lindgren et al 2016 [7]": 36,
                                                     "Haddad et al 2019 [9]": 57}


def test_rows_read_from_the_stored_grids_are_the_rows_of_the_parsed_pdf():
    """The seed review: its grids, stored as JSON and read back, give the rows ``evidence pdf tables`` writes (the
    438 cells ``../shared/eval/score_tables.py`` checks), each cell with its page and box."""
    parsed = parse_pdf(str(SAMPLES / "pdf" / "seed_review_003.pdf"))
    doc = document_from_pdf(parsed)
    assert [g.label for g in doc.table_grids] == ["Table 1", "Table 2", "Table 3"] and doc.tables == []
    back = Document.model_validate(pydantic_core.from_json(pydantic_core.to_json(doc.model_dump(mode="json"))))
    assert back.content_hash() == doc.content_hash() == document_from_pdf(parse_pdf(
        str(SAMPLES / "pdf" / "seed_review_003.pdf"))).content_hash()
    rows = document_table_rows(back)
    assert rows == [{k: v for k, v in r.items() if k != "source"} for r in table_rows(parsed)]
    assert len(rows) == 92
    pages = {p for g in doc.table_grids for p in g.pages}
    for r in rows:
        for cell in r["evidence"]["cells"].values():
            assert cell is None or (cell["page"] in pages and (cell["bbox"] is None or len(cell["bbox"]) == 4))


def test_documents_without_pdf_tables_keep_the_json_form_they_were_stored_with():
    """``table_grids`` is left out of a document's JSON when empty, so its content hash stays what it was."""
    doc = Document(source="text", doi="10.1000/plain.1", title="A plain text")
    assert "table_grids" not in doc.model_dump(mode="json") and "tables" in doc.model_dump(mode="json")
    assert Document.model_validate(doc.model_dump(mode="json")) == doc
