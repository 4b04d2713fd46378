"""The review queue round trip on SQLite and PostgreSQL: export, decide (accept / correct / reject) in CSV and
XLSX, import, find the decisions in the store, the audit table and the evidence table, and keep them through
re-extraction. Bad rows and stale rows change nothing; --dry-run changes nothing."""
import csv
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from pipeline import report
from pipeline.review import export_queue, import_decisions, read_rows
from pipeline.store import Store, upgrade
from schemas.db import FindingRow, ReviewAuditRow
from schemas.review import EXPORT_COLUMNS, EXPORT_SCHEMA_VERSION, item_id_for
from tests.conftest import ABSTRACT, cli
from tests.planted import plant, value

# Three studies written for these tests (made-up PMIDs), each value a finding that points into its abstract.
CAPTEM = ("Thirty-four patients with neuroendocrine tumors received capecitabine and temozolomide. "
          "The overall response rate was 15% and the median progression-free survival was 11 months. "
          "The response rate in carcinoid tumors was 0%. The median overall survival was 33.3 months.")
TEM = ("Sixty patients with pancreatic neuroendocrine tumors received temozolomide. The objective response rate "
       "was 2% and the median progression-free survival was 7.1 months; the progression-free survival rate at "
       "12 months was 30%. The median overall survival was 20 months.")
EVE = ("Eleven patients received everolimus. The objective response rate was 63.6%, the disease control rate was "
       "72.7% and the median overall survival was 15.3 months.")


def _captem(abstract=CAPTEM):
    kw = {"arm": "CAPTEM", "components": ("capecitabine", "temozolomide")}
    return [value(abstract, "n", 34, "Thirty-four patients", **kw), value(abstract, "orr", 15, "15%", **kw),
            value(abstract, "pfs_median", 11, "11 months", **kw),
            value(abstract, "orr", 0, "0%", subgroup="carcinoid tumors", **kw),
            value(abstract, "os_median", 33.3, "33.3 months", **kw)]


def _tem(abstract=TEM):
    kw = {"arm": "temozolomide", "components": ("temozolomide",)}
    return [value(abstract, "n", 60, "Sixty patients", **kw), value(abstract, "orr", 2, "2%", **kw),
            value(abstract, "pfs_median", 7.1, "7.1 months", **kw),
            value(abstract, "pfs_rate", 30, "30%", timepoint_months=12, **kw),
            value(abstract, "os_median", 20, "20 months", **kw)]


def _eve(abstract=EVE):
    kw = {"arm": "everolimus", "components": ("everolimus",)}
    return [value(abstract, "n", 11, "Eleven patients", **kw), value(abstract, "orr", 63.6, "63.6%", **kw),
            value(abstract, "dcr", 72.7, "72.7%", **kw), value(abstract, "os_median", 15.3, "15.3 months", **kw)]


def plant_studies(store):
    """The three studies, stored (again: a re-extraction that reads the same values)."""
    plant(store, CAPTEM, _captem(), doi="10.1000/captem", pmid="20000001")
    plant(store, TEM, _tem(), doi="10.1000/tem", pmid="20000002")
    plant(store, EVE, _eve(), doi="10.1000/eve", pmid="20000003")


@pytest.fixture
def queued(store, monkeypatch):
    """The three studies with a confidence threshold so strict that every value is queued."""
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0.99")
    plant_studies(store)
    return store


def rows_of(store):
    with store.sessions() as s:
        return {r.item_id: r for r in s.scalars(select(FindingRow))}


def audit_count(store):
    with store.sessions() as s:
        return s.scalar(select(func.count()).select_from(ReviewAuditRow))


def pick(items, document, metric, value, subgroup=""):
    """The exported row of one value, found by what a curator sees."""
    for it in items:
        if (it["document"] == document and it["metric"] == metric and it["extracted_value"] == value
                and (it["subgroup"] or "") == subgroup):
            return it
    raise AssertionError(f"no exported row {document} {metric} {value}")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path, items):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        w.writeheader()
        w.writerows(items)


def decide(item, decision, corrected="", note=None, reviewer="alice"):
    item.update(decision=decision, corrected_value=corrected, reviewer=reviewer, note=note or f"{decision} it")


# ---- the round trip -------------------------------------------------------------------------------------------
def test_round_trip_in_csv_and_xlsx_survives_re_extraction(queued, db_url, tmp_path):
    store = queued
    # CSV, through the command line
    out = tmp_path / "queue.csv"
    result = cli(db_url, "review", "export", "--out", str(out))
    assert result.exit_code == 0 and "review item(s)" in result.output, result.output
    items = read_csv(out)
    assert set(EXPORT_COLUMNS) <= set(items[0]) and {i["schema_version"] for i in items} == {EXPORT_SCHEMA_VERSION}
    assert all(i["status"] == "needs_review" and "confidence" in i["reasons"] for i in items)
    orr = pick(items, "PMID 20000001", "orr", "15")
    assert orr["link"] == "https://pubmed.ncbi.nlm.nih.gov/20000001/" and "15%" in orr["evidence"]
    pfs = pick(items, "PMID 20000001", "pfs_median", "11")
    carcinoid = pick(items, "PMID 20000001", "orr", "0", subgroup="carcinoid tumors")
    decide(orr, "accept")
    decide(pfs, "correct", "11.5", note="the text says 11.0; corrected for the test")
    decide(carcinoid, "reject", note="not a response rate")
    write_csv(out, items)
    done = cli(db_url, "review", "import", str(out))
    assert done.exit_code == 0, done.output
    assert "1 accept, 1 correct, 1 reject" in done.output

    # XLSX, through the library
    xlsx = tmp_path / "queue.xlsx"
    assert export_queue(store, xlsx).items == len(items) - 3
    wb = load_workbook(xlsx)
    ws = wb["review"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header}
    wanted = {("PMID 20000002", "orr"): ("accept", None), ("PMID 20000002", "pfs_median"): ("correct", 7.2),
              ("PMID 20000002", "pfs_rate"): ("reject", None)}
    xlsx_ids = {}
    for r in range(2, ws.max_row + 1):
        key = (ws.cell(r, col["document"]).value, ws.cell(r, col["metric"]).value)
        if key in wanted:
            decision, value = wanted.pop(key)
            ws.cell(r, col["decision"]).value = decision
            ws.cell(r, col["corrected_value"]).value = value  # a number cell, as a spreadsheet keeps it
            ws.cell(r, col["reviewer"]).value = "bob"
            ws.cell(r, col["note"]).value = f"{decision} in Excel"
            xlsx_ids[key[1]] = ws.cell(r, col["item_id"]).value
    assert not wanted
    wb.save(xlsx)
    imported = import_decisions(store, xlsx)
    assert imported.applied and not imported.problems and imported.counts["correct"] == 1

    def check():
        rows = rows_of(store)
        assert (rows[orr["item_id"]].status, rows[orr["item_id"]].curated_value) == ("accepted", 15)
        assert (rows[pfs["item_id"]].status, rows[pfs["item_id"]].curated_value) == ("curated", 11.5)
        assert rows[pfs["item_id"]].value == 11  # the extracted value is kept beside the curated one
        assert rows[carcinoid["item_id"]].status == "rejected"
        assert rows[xlsx_ids["pfs_median"]].status == "curated" and rows[xlsx_ids["pfs_median"]].curated_value == 7.2
        assert rows[xlsx_ids["orr"]].status == "accepted" and rows[xlsx_ids["pfs_rate"]].status == "rejected"

    check()
    # the audit table: who, when, old value, new value, note
    trail = {a.item_id: a for a in store.audit()}
    assert len(trail) == 6
    a = trail[pfs["item_id"]]
    assert (a.action, a.old_value, a.new_value, a.reviewer, a.old_status, a.new_status) == \
        ("correct", "11", "11.5", "alice", "needs_review", "curated")
    assert a.note == "the text says 11.0; corrected for the test" and a.created_at is not None and a.import_id
    assert (trail[carcinoid["item_id"]].action, trail[carcinoid["item_id"]].new_value) == ("reject", None)
    assert trail[xlsx_ids["pfs_median"]].reviewer == "bob" and trail[xlsx_ids["pfs_median"]].new_value == "7.2"
    assert len(store.review_imports()) == 2

    # the evidence table shows the values in force with their status
    table = {r["regimen"]: r for r in report.evidence_rows(store.evidence()) if r["source"] == "PMID 20000001"}
    row = next(iter(table.values()))
    assert row["pfs_median_months"] == 11.5 and row["cells"]["pfs_median_months"]["status"] == "curated"
    assert row["orr_pct"] == 15 and row["cells"]["orr_pct"]["status"] == "accepted"
    trusted = report.evidence_rows(store.evidence(), statuses=report.status_set(["accepted"]))
    tem = [r for r in trusted if r["source"] == "PMID 20000002"]
    assert len(tem) == 1 and tem[0]["orr_pct"] == 2 and tem[0]["pfs_median_months"] == 7.2
    assert tem[0]["os_median_months"] is None and tem[0]["n"] is None  # N is still in the queue
    csv_table = cli(db_url, "table", "--format", "csv", "--status", "accepted").output
    assert any("PMID 20000001" in line and ",11.5," in line and "curated" in line for line in csv_table.splitlines())

    # re-extraction (the same values read again) keeps every decision
    before = {k: (r.status, r.curated_value, r.decision) for k, r in rows_of(store).items() if r.decision}
    plant_studies(store)
    assert len(rows_of(store)) == 14
    after = {k: (r.status, r.curated_value, r.decision) for k, r in rows_of(store).items() if r.decision}
    assert after == before
    check()
    assert len(store.audit()) == 6  # nothing re-opened: the extraction agrees with the decisions

    # importing the same file again changes nothing
    again = import_decisions(store, xlsx)
    assert again.unchanged == 3 and not again.changes and not again.problems and len(store.audit()) == 6


def test_json_export_and_import(queued, tmp_path):
    out = tmp_path / "queue.json"
    assert export_queue(queued, out).format == "json"
    data = json.loads(out.read_text())
    assert data["schema_version"] == EXPORT_SCHEMA_VERSION
    item = next(i for i in data["items"] if i["metric"] == "os_median" and i["extracted_value"] == "15.3")
    item.update(decision="correct", corrected_value="NR", reviewer="carol")
    out.write_text(json.dumps(data))
    result = import_decisions(queued, out)
    assert result.applied, result.problems
    row = rows_of(queued)[item["item_id"]]
    assert row.status == "curated" and row.curated_not_reached and row.curated_value is None


def test_export_filters(queued, db_url, tmp_path):
    out = tmp_path / "q.csv"
    assert cli(db_url, "review", "export", "--out", str(out), "--metric", "orr", "--limit", "3").exit_code == 0
    items = read_csv(out)
    assert len(items) == 3 and {i["metric"] for i in items} == {"orr"}
    assert "wrote 0 review item(s)" in cli(db_url, "review", "export", "--out", str(out), "--since", "2999-01-01").output
    assert "wrote 0 review item(s)" in cli(db_url, "review", "export", "--out", str(out), "--status", "rejected").output
    everything = cli(db_url, "review", "export", "--out", str(tmp_path / "all.xlsx"), "--status", "all")
    assert everything.exit_code == 0 and "(xlsx)" in everything.output


# ---- bad rows, stale rows, dry run -----------------------------------------------------------------------------
def _three_decisions(items):
    decide(pick(items, "PMID 20000001", "orr", "15"), "accept")
    decide(pick(items, "PMID 20000001", "pfs_median", "11"), "correct", "11.5")
    decide(pick(items, "PMID 20000001", "os_median", "33.3"), "reject")


@pytest.mark.parametrize("field, value, message", [
    ("decision", "maybe", "decision 'maybe' is not accept, correct or reject"),
    ("item_id", "FDEADBEEF0000", "unknown item_id"),
    ("corrected_value", "eleven", "corrected_value 'eleven' is not a number"),
    ("corrected_value", "150%", "outside 0-100%"),
    ("reviewer", "", "no reviewer"),
    ("schema_version", "evidence-review/0", "schema_version"),
    ("revision", "x", "revision 'x' is not a whole number"),
])
def test_one_bad_row_changes_nothing_and_is_named(queued, db_url, tmp_path, field, value, message):
    out = tmp_path / "q.csv"
    export_queue(queued, out)
    items = read_csv(out)
    _three_decisions(items)
    bad = pick(items, "PMID 20000003", "orr", "63.6")
    decide(bad, "correct", "64")
    bad[field] = value
    write_csv(out, items)
    before = {k: (r.status, r.revision, r.decision) for k, r in rows_of(queued).items()}
    result = cli(db_url, "review", "import", str(out))
    assert result.exit_code == 1
    row_no = items.index(bad) + 2  # the header is row 1
    assert f"bad: row {row_no}" in result.output and message in result.output, result.output
    assert "1 bad row(s), nothing was imported" in result.output
    assert {k: (r.status, r.revision, r.decision) for k, r in rows_of(queued).items()} == before
    assert audit_count(queued) == 0


def test_other_bad_rows_are_named(queued, tmp_path):
    out = tmp_path / "q.csv"
    export_queue(queued, out)
    items = read_csv(out)
    a, b, c = items[0], items[1], items[2]
    decide(a, "accept", "12")  # a value with accept
    b["corrected_value"] = "7"  # a value without a decision
    decide(c, "reject")
    items.append(dict(c))  # the same item twice
    write_csv(out, items)
    result = import_decisions(queued, out)
    assert not result.applied and audit_count(queued) == 0
    messages = {p.row: p.message for p in result.problems}
    assert "decision is accept" in messages["row 2"] and "decision is empty" in messages["row 3"]
    assert "decided again (row 4)" in messages[f"row {len(items) + 1}"]


def test_not_a_review_file_is_one_clear_error(queued, db_url, tmp_path):
    out = tmp_path / "other.csv"
    out.write_text("a,b\n1,2\n")
    result = cli(db_url, "review", "import", str(out))
    assert result.exit_code == 1 and "not a review export (no column" in result.output
    assert len(result.output.strip().splitlines()) == 1
    missing = cli(db_url, "review", "import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_dry_run_reports_and_changes_nothing(queued, db_url, tmp_path):
    out = tmp_path / "q.csv"
    export_queue(queued, out)
    items = read_csv(out)
    _three_decisions(items)
    write_csv(out, items)
    result = cli(db_url, "review", "import", str(out), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run, nothing changed" in result.output and "1 accept, 1 correct, 1 reject" in result.output
    assert "would " in result.output and "pfs_median: correct (needs_review -> curated; 11 -> 11.5) by alice" in result.output
    assert audit_count(queued) == 0 and not any(r.decision for r in rows_of(queued).values())


def _one_doc(store, orr=30, pfs=12.5):
    """conftest's ABSTRACT (ORR 30%, median PFS 12.5 months) stored with its values; again with other values (or
    without the PFS): the paper changed and was extracted again."""
    abstract = ABSTRACT.replace("30%", f"{orr:g}%")
    found = [value(abstract, "orr", orr, f"{orr:g}%", 0.99)]
    if pfs is None:
        abstract = abstract.replace(" and the median progression-free survival was 12.5 months", "")
    else:
        found.append(value(abstract, "pfs_median", pfs, "12.5 months", 0.99))
    plant(store, abstract, found, doi="10.1000/test.1")


def _export_all(store, path):
    export_queue(store, path, statuses=None)
    return read_csv(path)


def test_a_file_exported_before_a_re_extraction_is_stale_for_the_changed_items(store, tmp_path):
    _one_doc(store)
    out = tmp_path / "q.csv"
    items = _export_all(store, out)
    orr = next(i for i in items if i["metric"] == "orr")
    pfs = next(i for i in items if i["metric"] == "pfs_median")
    decide(orr, "accept")
    decide(pfs, "accept")
    write_csv(out, items)
    _one_doc(store, orr=35)  # the paper changed: ORR re-extracted, PFS unchanged
    result = import_decisions(store, out)
    assert not result.applied and len(result.problems) == 1
    problem = result.problems[0]
    assert problem.item_id == orr["item_id"] and "stale" in problem.message and "now 35" in problem.message
    assert audit_count(store) == 0 and rows_of(store)[pfs["item_id"]].decision is None


def test_re_extraction_that_disagrees_returns_a_curated_value_to_the_queue_with_both_values(store, tmp_path):
    _one_doc(store)
    out = tmp_path / "q.csv"
    items = _export_all(store, out)
    orr = next(i for i in items if i["metric"] == "orr")
    decide(orr, "correct", "32")
    pfs = next(i for i in items if i["metric"] == "pfs_median")
    decide(pfs, "reject")
    write_csv(out, items)
    assert import_decisions(store, out).applied
    _one_doc(store, orr=35)
    row = rows_of(store)[orr["item_id"]]
    assert (row.status, row.value, row.curated_value, row.decision) == ("needs_review", 35, 32, "correct")
    assert [r["code"] for r in row.reasons] == ["reextracted_disagrees"]
    assert "reads 35" in row.reasons[0]["message"] and "curated value 32 is kept" in row.reasons[0]["message"]
    assert rows_of(store)[pfs["item_id"]].status == "rejected"  # re-extracted the same: stays rejected
    reopened = store.audit(orr["item_id"])[-1]
    assert (reopened.action, reopened.extracted_value, reopened.new_value) == ("reopen", "35", "32")
    assert reopened.reviewer.startswith("extractor ")
    # back in the queue, with both values
    queue = read_csv(export_queue(store, tmp_path / "again.csv").path)
    back = next(i for i in queue if i["item_id"] == orr["item_id"])
    assert (back["extracted_value"], back["curated_value"], back["status"]) == ("35", "32", "needs_review")
    # the table keeps the curated value in force, marked for review
    row = report.evidence_rows(store.evidence())[0]
    assert row["orr_pct"] == 32 and row["cells"]["orr_pct"]["status"] == "needs_review"
    # the curator accepts the new reading
    decide(back, "accept")
    write_csv(tmp_path / "again.csv", queue)
    assert import_decisions(store, tmp_path / "again.csv").applied
    final = rows_of(store)[orr["item_id"]]
    assert (final.status, final.curated_value, final.reasons) == ("accepted", 35, [])


def test_a_curated_value_no_longer_extracted_is_kept_and_queued(store, tmp_path):
    _one_doc(store)
    out = tmp_path / "q.csv"
    items = _export_all(store, out)
    pfs = next(i for i in items if i["metric"] == "pfs_median")
    decide(pfs, "correct", "12.4")
    write_csv(out, items)
    assert import_decisions(store, out).applied
    _one_doc(store, pfs=None)
    row = rows_of(store)[pfs["item_id"]]
    assert (row.status, row.curated_value) == ("needs_review", 12.4)
    assert row.reasons[0]["code"] == "no_longer_extracted"
    _one_doc(store)  # found again, as before: back to curated
    assert rows_of(store)[pfs["item_id"]].status == "curated"


# ---- migration ---------------------------------------------------------------------------------------------------
def test_migration_0003_gives_existing_findings_an_item_id_and_queues_them(db_url):
    s = Store(db_url, migrate=False)
    upgrade(s.engine, "0002")
    with s.engine.begin() as conn:
        conn.execute(text("INSERT INTO documents (id, source, content_hash, data, version, deleted, created_at, "
                          "updated_at) VALUES (1, 'text', 'h', '{}', 1, false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO findings (document_id, finding_key, metric, value, unit, arm_components, pooled, not_reached, "
            "computed, source_field, evidence_text, evidence_start, evidence_end, sentence_start, sentence_end, "
            "extractor, extractor_version, confidence, created_at, updated_at) VALUES (1, 'a|', 'orr', 30, "
            "'percent', '[]', false, false, false, 'abstract', 'x', 0, 1, 0, 1, 'e', '1', 0.9, CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP)"))
    upgrade(s.engine)
    row = rows_of(s)[item_id_for(1, "a|")]
    assert (row.status, row.revision, row.decision, row.reasons[0]["code"]) == ("needs_review", 1, None, "not_validated")
    s.close()


def test_read_rows_keeps_spreadsheet_numbers_readable(queued, tmp_path):
    out = tmp_path / "q.xlsx"
    export_queue(queued, out)
    rows = read_rows(out)
    assert rows[0][0] == "row 2" and rows[0][1]["revision"] == "1" and rows[0][1]["item_id"].startswith("F")


def test_a_rejected_value_read_differently_by_re_extraction_returns_to_the_queue(store, tmp_path):
    _one_doc(store)
    out = tmp_path / "q.csv"
    items = _export_all(store, out)
    orr = next(i for i in items if i["metric"] == "orr")
    decide(orr, "reject")
    write_csv(out, items)
    assert import_decisions(store, out).applied
    row = rows_of(store)[orr["item_id"]]
    assert (row.status, report.evidence_rows(store.evidence())[0]["orr_pct"]) == ("rejected", None)
    _one_doc(store, orr=40)
    row = rows_of(store)[orr["item_id"]]
    assert row.status == "needs_review" and "rejected before was 30" in row.reasons[0]["message"]
    assert [a.action for a in store.audit(orr["item_id"])] == ["reject", "reopen"]


NEW_METRICS_ABSTRACT = ("Forty patients with metastatic colorectal cancer received capecitabine and oxaliplatin. "
                        "The objective response rate was 30% and the complete response rate was 10%. "
                        "The median duration of response was 8.3 months.")


def test_new_metrics_are_exported_and_corrected_through_the_review_file(store, tmp_path):
    plant(store, NEW_METRICS_ABSTRACT, [value(NEW_METRICS_ABSTRACT, "orr", 30, "30%"),
                                        value(NEW_METRICS_ABSTRACT, "cr_rate", 10, "10%"),
                                        value(NEW_METRICS_ABSTRACT, "dor_median", 8.3, "8.3 months")],
          doi="10.1000/test.1")
    out = tmp_path / "q.csv"
    items = _export_all(store, out)
    cr = next(i for i in items if i["metric"] == "cr_rate")
    dor = next(i for i in items if i["metric"] == "dor_median")
    assert (cr["extracted_value"], cr["unit"]) == ("10", "percent")
    assert (dor["extracted_value"], dor["unit"]) == ("8.3", "months")
    decide(cr, "correct", "120")  # not a percentage: refused, named
    decide(dor, "correct", "9.1")
    write_csv(out, items)
    result = import_decisions(store, out)
    assert len(result.problems) == 1 and result.problems[0].item_id == cr["item_id"]
    assert "outside 0-100%" in result.problems[0].message
    decide(cr, "accept")
    write_csv(out, items)
    result = import_decisions(store, out)
    assert not result.problems
    rows = rows_of(store)
    assert rows[dor["item_id"]].curated_value == 9.1 and rows[cr["item_id"]].decision == "accept"


def test_an_unknown_metric_filter_is_one_clear_error(store, tmp_path):
    from pipeline.errors import InputError

    _one_doc(store)
    with pytest.raises(InputError, match="--metric 'cr' is not a metric; use one of .*cr_rate"):
        export_queue(store, tmp_path / "q.csv", metrics=["cr"])
