"""The evidence table as Markdown, CSV, XLSX and HTML; the HTML page loaded in headless Chromium (Debian's
chromium package) with the values and their evidence sentences found in it. The store is seeded with studies and
values written here (``tests.planted``), not extracted: improving the extractor does not change these tables."""
import csv
import os
import re
import shutil
import subprocess

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

from pipeline import report
from tests.conftest import cli
from tests.planted import plant, value

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Studies written for these tests (made-up PMIDs): abstract, then (metric, value, text, confidence, arm fields).
CAPTEM = ("Thirty-four patients with neuroendocrine tumors received capecitabine and temozolomide. The overall "
          "radiographic response rate was 15% and the median progression-free survival was 11 months. "
          "The median overall survival was 33.3 months.")
TEM = ("Sixty patients received temozolomide. The objective response rate was 2% and the median "
       "progression-free survival was 7.1 months.")
EVE = ("Eleven patients received everolimus. The objective response rate was 63.6%, the disease control rate was "
       "72.7%, the median progression-free survival was 14 months and the median overall survival was 15.3 months.")
FOUR = ("We compared four regimens in neuroendocrine tumors. CAPTEM gave an ORR of 35%, a DCR of 65% and a median "
        "PFS of 9.4 months. PRRT gave an ORR of 20%, a DCR of 70% and a median PFS of 9.13 months. EP gave an ORR "
        "of 25% and a median PFS of 2.94 months. FOLFOX gave an ORR of 28.6% and a median PFS of 13.04 months.")
FOUR_ARMS = {"CAPTEM": ("capecitabine", "temozolomide"), "PRRT": ("lutetium-177 dotatate",),
             "EP": ("cisplatin", "etoposide"), "FOLFOX": ("fluorouracil", "leucovorin", "oxaliplatin")}
# The values as the table shows them: source -> column -> value; the four-arm study's arms: ORR, DCR, mPFS.
SEED_CELLS = {
    "PMID 20000003": {"N": "11", "ORR %": "63.6", "DCR %": "72.7", "mPFS (m)": "14", "mOS (m)": "15.3"},
    "PMID 20000001": {"N": "34", "ORR %": "15", "mPFS (m)": "11", "mOS (m)": "33.3"},
    "PMID 20000002": {"ORR %": "2", "mPFS (m)": "7.1"},
}
FOUR_CELLS = {"CAPTEM": ("35", "65", "9.4"), "PRRT": ("20", "70", "9.13"), "EP": ("25", "", "2.94"),
       "FOLFOX": ("28.6", "", "13.04")}


def _plant_studies(store):
    """The four studies; confidences above and below the default threshold, so values are accepted and queued."""
    arm = {"arm": "capecitabine and temozolomide", "components": ("capecitabine", "temozolomide")}
    plant(store, CAPTEM, [value(CAPTEM, "n", 34, "Thirty-four patients", 0.99, **arm),
                          value(CAPTEM, "orr", 15, "15%", 0.99, **arm),
                          value(CAPTEM, "pfs_median", 11, "11 months", 0.9, **arm),
                          value(CAPTEM, "os_median", 33.3, "33.3 months", 0.99, **arm)],
          doi="10.1000/captem", pmid="20000001", title="Capecitabine and temozolomide in neuroendocrine tumors")
    arm = {"arm": "temozolomide", "components": ("temozolomide",)}
    plant(store, TEM, [value(TEM, "orr", 2, "2%", 0.99, **arm), value(TEM, "pfs_median", 7.1, "7.1 months", 0.9, **arm)],
          doi="10.1000/tem", pmid="20000002", title="Temozolomide in neuroendocrine tumors", author="Lee")
    arm = {"arm": "everolimus", "components": ("everolimus",)}
    plant(store, EVE, [value(EVE, "n", 11, "Eleven patients", 0.99, **arm), value(EVE, "orr", 63.6, "63.6%", 0.99, **arm),
                       value(EVE, "dcr", 72.7, "72.7%", 0.9, **arm),
                       value(EVE, "pfs_median", 14, "14 months", 0.99, **arm),
                       value(EVE, "os_median", 15.3, "15.3 months", 0.99, **arm)],
          doi="10.1000/eve", pmid="20000003", title="Everolimus in neuroendocrine tumors", author="Kim")
    four = []
    for name, (orr, dcr, pfs) in FOUR_CELLS.items():
        arm = {"arm": name, "components": FOUR_ARMS[name], "after": f"{name} gave"}
        four += [value(FOUR, "orr", float(orr), f"{orr}%", 0.99, **arm),
                 value(FOUR, "pfs_median", float(pfs), f"{pfs} months", 0.9, **arm)]
        four += [value(FOUR, "dcr", float(dcr), f"{dcr}%", 0.99, **arm)] if dcr else []
    plant(store, FOUR, four, doi="10.1000/four", title="Four regimens in neuroendocrine tumors", author="Liu")


@pytest.fixture
def seeded(store):
    _plant_studies(store)
    return store


def test_markdown_and_csv_tables(seeded, db_url):
    md = cli(db_url, "table").output
    assert md.splitlines()[0].startswith("| Author | Year | Phase | N | Regimen | ORR % |") and "| Status |" in md
    assert "PMID 20000001, abstract sentence" in md
    lines = cli(db_url, "table", "--format", "csv").output.splitlines()
    assert lines[0] == "Author,Year,Phase,N,Regimen,ORR %,DCR %,mPFS (m),mOS (m),CR %,mDoR (m),Source,Status,Sources disagree,Link"
    tem = next(line for line in lines if "PMID 20000001" in line)
    assert ",34," in tem and ",15," in tem and ",33.3," in tem and "https://pubmed.ncbi.nlm.nih.gov/20000001/" in tem
    status = next(r["status"] for r in report.evidence_rows(seeded.evidence()) if r["source"] == "PMID 20000001")
    assert tem.split(",")[-3] == status and status in ("accepted", "needs_review")


def test_query_and_status_filters(seeded, db_url):
    rows = report.evidence_rows(seeded.evidence(), query="captem")
    assert [r["regimen"] for r in rows] == ["CAPTEM"]
    assert report.evidence_rows(seeded.evidence(), query="no such regimen") == []
    everything = report.evidence_rows(seeded.evidence())
    trusted = report.evidence_rows(seeded.evidence(), statuses=report.status_set(["accepted"]))
    assert trusted and all(c["status"] in ("accepted", "curated") for r in trusted for c in r["cells"].values())
    assert len(trusted) <= len(everything)
    assert report.evidence_rows(seeded.evidence(), statuses=report.status_set(["rejected"])) == []
    # which values are accepted follows the confidence calibration: query the first accepted row's regimen
    regimen, source = trusted[0]["regimen"], trusted[0]["source"]
    out = cli(db_url, "table", "--status", "accepted", "--query", regimen, "--format", "csv").output.splitlines()
    assert len(out) >= 2 and any(source.split(",")[0] in line for line in out[1:])


def test_xlsx_table_has_values_status_colours_evidence_and_links(seeded, db_url, tmp_path):
    out = tmp_path / "table.xlsx"
    result = cli(db_url, "table", "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0 and "rows to" in result.output
    ws = load_workbook(out)["evidence"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Author", "Year", "Phase", "N", "Regimen", "ORR %"] and header[-3:] == ["Status", "Sources disagree", "Link"]
    row = next(r for r in ws.iter_rows(min_row=2) if "PMID 20000001" in str(r[header.index("Source")].value))
    orr = row[header.index("ORR %")]
    status = re.search(r"\((accepted|needs_review)\)", orr.comment.text).group(1)  # as the calibration decides
    assert orr.value == 15 and "15%" in orr.comment.text
    assert orr.fill.fgColor.rgb.endswith({"accepted": "E6F4EA", "needs_review": "FFF4CE"}[status])
    assert row[header.index("Source")].hyperlink.target == "https://pubmed.ncbi.nlm.nih.gov/20000001/"


def test_table_needs_an_out_file_for_xlsx_and_html(seeded, db_url):
    result = cli(db_url, "table", "--format", "html")
    assert result.exit_code == 2 and "give --out FILE" in result.output


def test_html_is_one_self_contained_page_with_the_evidence_sentences(seeded):
    page = report.to_html(report.evidence_rows(seeded.evidence()))
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<script" not in page and " src=" not in page and "<link" not in page and "@import" not in page
    assert "overall radiographic response rate was <mark" in page
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/20000001/">PMID 20000001</a>' in page


def _chromium(*args, timeout=90):
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, *args], capture_output=True, text=True, timeout=timeout)


def test_html_table_in_headless_chromium_shows_the_seed_values(seeded, db_url, tmp_path):
    page = tmp_path / "evidence.html"
    assert cli(db_url, "table", "--format", "html", "--out", str(page)).exit_code == 0
    profile = tmp_path / "profile"
    done = _chromium(f"--user-data-dir={profile}", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = lxml_html.fromstring(done.stdout)
    headers = [th.text_content().strip() for th in dom.xpath("//thead//th")]
    rows = [[td.text_content().strip() for td in tr.xpath("./td")] for tr in dom.xpath("//tr[@class='arm']")]
    assert rows, "no table rows in the rendered page"
    source = headers.index("Source")
    for ref, cells in SEED_CELLS.items():
        matching = [r for r in rows if r[source].startswith(ref)]
        assert any(all(r[headers.index(col)] == value for col, value in cells.items()) for r in matching), \
            (ref, matching)
    for regimen, (orr, dcr, pfs) in FOUR_CELLS.items():
        r = next(r for r in rows if r[headers.index("Regimen")] == regimen)
        assert (r[headers.index("ORR %")], r[headers.index("DCR %")], r[headers.index("mPFS (m)")]) == (orr, dcr, pfs)
    # each value's evidence sentence is on the page, its value marked
    evidence = " ".join(li.text_content() for li in dom.xpath("//tr[@class='ev']//li"))
    assert "The median overall survival was 33.3 months" in evidence
    assert "CAPTEM gave an ORR of 35%, a DCR of 65%" in evidence
    assert "33.3 months" in [m.text_content() for m in dom.xpath("//mark")]
    # and a screenshot can be taken of it
    shot = tmp_path / "evidence.png"
    done = _chromium(f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=1400,1800", page.as_uri())
    assert done.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---- text from the sources that starts like a spreadsheet formula -------------------------------------------
def test_formula_like_text_is_written_as_text_in_every_table_export(store, db_url, tmp_path):
    from tests.test_review_loop import FORMULA_TITLE, plant, value

    plant(store, [value("orr", 30, "percent", "30%", 0.99, arm="+CAPOX"),
                  value("pfs_median", -0.5, "months", "12.5 months", 0.99)], author=FORMULA_TITLE)
    plant(store, [value("orr", 30, "percent", "30%", 0.99)], doi="10.1000/loop.2", author="@SUM(1)")
    # CSV: each such cell starts with a quote; a negative number stays as written
    rows = list(csv.DictReader(cli(db_url, "table", "--format", "csv").output.splitlines()))
    assert [r["Author"] for r in rows] == ["'" + FORMULA_TITLE + " J et al", "'@SUM(1) J et al"]
    assert (rows[0]["Regimen"], rows[0]["ORR %"], rows[0]["mPFS (m)"]) == ("'+CAPOX", "30", "-0.5")
    # XLSX: no cell is a formula, the text is shown as written and numbers are numbers
    out = tmp_path / "table.xlsx"
    assert cli(db_url, "table", "--format", "xlsx", "--out", str(out)).exit_code == 0
    ws = load_workbook(out)["evidence"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    header = [c.value for c in ws[1]]
    first = [c for c in ws[2]]
    assert first[header.index("Author")].value == FORMULA_TITLE + " J et al"
    assert first[header.index("Regimen")].value == "+CAPOX"
    assert (first[header.index("mPFS (m)")].value, first[header.index("mPFS (m)")].data_type) == (-0.5, "n")
    assert ws.cell(3, header.index("Author") + 1).value == "@SUM(1) J et al"
    # HTML: escaped, never markup
    page = report.to_html(report.evidence_rows(store.evidence()))
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;) J et al" in page and FORMULA_TITLE not in page


def test_new_metric_columns_in_every_format(store, tmp_path):
    abstract = ("Forty patients with metastatic colorectal cancer received capecitabine and oxaliplatin. "
                "The objective response rate was 30% and the complete response rate was 10%. "
                "The median duration of response was 8.3 months.")
    plant(store, abstract, [value(abstract, "orr", 30, "30%"), value(abstract, "cr_rate", 10, "10%"),
                            value(abstract, "dor_median", 8.3, "8.3 months")], doi="10.1000/test.1")
    rows = report.evidence_rows(store.evidence())
    [row] = rows
    assert (row["orr_pct"], row["cr_pct"], row["dor_median_months"]) == (30.0, 10.0, 8.3)
    md = report.to_markdown(rows)
    assert "| CR % | mDoR (m) |" in md and "| 10 | 8.3 |" in md
    header, line = list(csv.reader(report.to_csv(rows).splitlines()))[:2]
    assert (line[header.index("CR %")], line[header.index("mDoR (m)")]) == ("10", "8.3")
    report.to_xlsx(rows, tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx").active
    head = [c.value for c in ws[1]]
    assert (ws.cell(2, head.index("CR %") + 1).value, ws.cell(2, head.index("mDoR (m)") + 1).value) == (10, 8.3)
    width = {h: ws.column_dimensions[ws.cell(1, j).column_letter].width for j, h in enumerate(head, 1)}
    assert (width["Regimen"], width["Source"], width["Sources disagree"], width["CR %"]) == (40, 40, 60, 7)
    page = report.to_html(rows)
    assert "CR %" in page and "mDoR (m)" in page and "median duration of response was 8.3 months" in page
