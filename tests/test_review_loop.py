"""The review loop a curator runs, end to end through the command line, on SQLite and PostgreSQL: export the
queue, decide in the CSV (accept one value, correct one, reject one), import with --dry-run, import, then
find the curated value, the decision and the audit trail in `evidence show` (text and --json) and status
`curated` in `evidence table`. The store is seeded by the test with values written here (not extracted), so
what is queued is decided by the confidence threshold alone. Also: the review export keeps text that
starts like a spreadsheet formula as text, and reads its own file back."""
import csv
import json

import pytest
from openpyxl import load_workbook

from extractors.vocab import confidence_calibration
from pipeline.review import read_rows
from schemas.metrics import METRICS
from tests import planted
from tests.conftest import cli

ABSTRACT = ("Forty patients with metastatic colorectal cancer received capecitabine and oxaliplatin (CAPOX). "
            "The objective response rate was 30% and the disease control rate was 60%. "
            "Median progression-free survival was 12.5 months and median overall survival was 24 months.")
DOI = "10.1000/loop.1"


def value(metric, number, unit, text, confidence, arm="CAPOX", **kw):
    """A finding for the value written as ``text`` in ABSTRACT (its first occurrence); ``unit`` as the registry
    gives it."""
    assert unit == METRICS[metric].unit
    return planted.value(ABSTRACT, metric, number, text, confidence, arm=arm, **kw)


#: Below min_confidence 0.95 (set for every test here) the first three go to the queue; the last two are accepted.
VALUES = [value("n", 40, "patients", "Forty patients", 0.9),
          value("orr", 30, "percent", "30%", 0.9),
          value("pfs_median", 12.5, "months", "12.5 months", 0.8),
          value("dcr", 60, "percent", "60%", 0.99),
          value("os_median", 24, "months", "24 months", 0.99)]


@pytest.fixture(autouse=True)
def threshold(monkeypatch):
    """The planted confidences are read against 0.95, whatever the calibration chose."""
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0.95")


def plant(store, findings=VALUES, *, doi=DOI, title="CAPOX in metastatic colorectal cancer", author="Smith",
          year=2021):
    """Store one text document and ``findings`` as its extraction (validated as extraction is)."""
    return planted.plant(store, ABSTRACT, findings, doi=doi, title=title, author=author, year=year)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_review_loop_through_the_command_line(store, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0.95")  # the planted confidences are read against this
    plant(store)
    queue = tmp_path / "queue.csv"
    done = cli(db_url, "review", "export", "--out", str(queue))
    assert done.exit_code == 0 and "wrote 3 review item(s)" in done.output, done.output
    items = {i["metric"]: i for i in read_csv(queue)}
    assert sorted(items) == ["n", "orr", "pfs_median"]
    assert "extractor confidence 0.9 is below 0.95" in items["orr"]["reasons"]
    _, values, right = next(b for b in confidence_calibration()["bands"] if b[0] == 0.9)  # the held-out band
    assert f"right {100 * right / values:.0f}% of the time ({right} of {values})" in items["orr"]["reasons"]

    # the curator's decisions, written into the CSV as a spreadsheet would save them
    items["n"].update(decision="accept", reviewer="alice", note="40 enrolled, all treated")
    items["orr"].update(decision="correct", corrected_value="35", reviewer="alice", note="the results table gives 35%")
    items["pfs_median"].update(decision="reject", reviewer="alice", note="a subgroup value")
    with open(queue, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(items["n"]))
        w.writeheader()
        w.writerows(items.values())

    dry = cli(db_url, "review", "import", str(queue), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"would {items['orr']['item_id']} doi:{DOI} CAPOX orr: correct (needs_review -> curated; 30 -> 35) by alice" \
        in dry.output
    assert "dry run, nothing changed" in dry.output and "1 accept, 1 correct, 1 reject" in dry.output
    assert "decision correct" not in cli(db_url, "show", DOI).output

    done = cli(db_url, "review", "import", str(queue))
    assert done.exit_code == 0 and "imported" in done.output and "1 accept, 1 correct, 1 reject" in done.output

    shown = cli(db_url, "show", DOI).output
    assert f"curated 35 (decision correct; extracted 30); item {items['orr']['item_id']}" in shown
    assert f"accepted 40 (decision accept; extracted 40); item {items['n']['item_id']}" in shown
    assert f"rejected (decision reject; extracted 12.5); item {items['pfs_median']['item_id']}" in shown
    assert f"accepted; item {items['n']['item_id']}" not in shown
    audit = [line.strip() for line in shown.splitlines() if line.strip().startswith("audit ")]
    assert len(audit) == 3
    assert any(line.endswith('alice: correct, needs_review -> curated, 30 -> 35: "the results table gives 35%"')
               for line in audit), audit
    assert any(line.endswith('alice: reject, needs_review -> rejected, 12.5 -> -: "a subgroup value"')
               for line in audit), audit

    data = json.loads(cli(db_url, "show", DOI, "--json").output)
    values = {v["metric"]: v for v in data["values"]}
    orr = values["orr"]
    assert (orr["status"], orr["decision"], orr["curated_value"], orr["in_force"], orr["value"]) == \
        ("curated", "correct", "35", "35", 30)
    [entry] = orr["audit"]
    assert {k: entry[k] for k in ("reviewer", "action", "old_status", "new_status", "old_value", "new_value", "note")} \
        == {"reviewer": "alice", "action": "correct", "old_status": "needs_review", "new_status": "curated",
            "old_value": "30", "new_value": "35", "note": "the results table gives 35%"}
    assert entry["at"] and entry["import_id"]
    assert (values["dcr"]["status"], values["dcr"]["decision"], values["dcr"]["audit"]) == ("accepted", None, [])

    rows = read_csv_text(cli(db_url, "table", "--format", "csv").output)
    [row] = rows
    assert (row["Regimen"], row["N"], row["ORR %"], row["DCR %"], row["mPFS (m)"], row["mOS (m)"], row["Status"]) == \
        ("CAPOX", "40", "35", "60", "", "24", "curated")

    again = cli(db_url, "review", "import", str(queue))
    assert again.exit_code == 0 and "nothing to import" in again.output and "3 already decided" in again.output


def read_csv_text(text):
    return list(csv.DictReader(text.splitlines()))


FORMULA_TITLE = '=HYPERLINK("http://x","y")'


def test_review_export_writes_formula_like_text_as_text_and_reads_its_file_back(store, db_url, tmp_path):
    plant(store, [value("orr", 30, "percent", "30%", 0.9, arm="@SUM(1)"),
                  value("pfs_median", -0.5, "months", "12.5 months", 0.99, ci_low=-1.5, ci_high=2.0)],
          title=FORMULA_TITLE)
    out = tmp_path / "queue.csv"
    assert cli(db_url, "review", "export", "--out", str(out)).exit_code == 0
    items = {i["metric"]: i for i in read_csv(out)}
    assert items["orr"]["title"] == "'" + FORMULA_TITLE and items["orr"]["arm"] == "'@SUM(1)"
    pfs = items["pfs_median"]  # a negative value (out of range, so queued) stays a number
    assert (pfs["extracted_value"], pfs["ci_low"]) == ("-0.5", "-1.5")
    back = {v["metric"]: v for _, v in read_rows(out)}
    assert back["orr"]["title"] == FORMULA_TITLE and back["orr"]["arm"] == "@SUM(1)"

    xlsx = tmp_path / "queue.xlsx"
    assert cli(db_url, "review", "export", "--out", str(xlsx)).exit_code == 0
    ws = load_workbook(xlsx)["review"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    shown = {c.value for c in cells}
    assert FORMULA_TITLE in shown and "@SUM(1)" in shown and -1.5 in shown
    # the curator decides in the workbook; the file imports
    header = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        ws.cell(r, header.index("decision") + 1).value = "accept"
        ws.cell(r, header.index("reviewer") + 1).value = "bob"
    ws.parent.save(xlsx)
    done = cli(db_url, "review", "import", str(xlsx))
    assert done.exit_code == 0 and "2 accept" in done.output, done.output


def test_show_names_a_curated_value_that_re_extraction_sent_back_to_the_queue(store, db_url, tmp_path):
    plant(store)
    queue = tmp_path / "queue.csv"
    cli(db_url, "review", "export", "--out", str(queue))
    items = read_csv(queue)
    for i in items:
        if i["metric"] == "orr":
            i.update(decision="correct", corrected_value="35", reviewer="alice")
    with open(queue, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(items[0]))
        w.writeheader()
        w.writerows(items)
    assert cli(db_url, "review", "import", str(queue)).exit_code == 0
    # the extractor now reads 32: the curated 35 is kept and the value returns to the queue
    plant(store, [value("orr", 32, "percent", "30%", 0.9) if f.metric == "orr" else f for f in VALUES])
    shown = cli(db_url, "show", DOI).output
    assert "needs_review 35 (decision correct; extracted 32); item" in shown
    assert "re-extraction reads 32; the curated value 35 is kept" in shown
    audit = [line.strip() for line in shown.splitlines() if line.strip().startswith("audit ")]
    assert [line.split(" UTC ", 1)[1] for line in audit] == [
        "alice: correct, needs_review -> curated, 30 -> 35",
        "extractor planted 1: reopen, curated -> needs_review, 35 -> 35: "
        "\"re-extraction reads 32; the curated value 35 is kept\""]
