"""Studies: a review's table rows linked to the trials' own papers, and their values checked against them.

The papers and the review are written for these tests: three small trial abstracts (two by the same first author
in the same year, one with subgroups) and a review whose results tables cite them, one trial whose paper is not
in the store, and rows that disagree, give a subgroup's value as the whole arm, or cannot be linked for sure.
Everything goes through the real extractors, the real store (SQLite and PostgreSQL) and the command line.
"""
import csv

import pytest

from pipeline import link, report
from pipeline.extract import extract_documents
from pipeline.review import export_queue
from pipeline.settings import Settings
from schemas.document import AbstractSection, Author, Document, ParsedRecord
from tests.conftest import cli

REVIEW_DOI = "10.9999/review.links"
# Two trials by the same first author in the same year, and one reporting two subgroups.
PAPERS = {
    "9000001": ("Rossi", 2015, ["NCT01234567"],
                "Forty patients with advanced pancreatic neuroendocrine tumors received capecitabine plus "
                "temozolomide. The objective response rate was 30%. Median progression-free survival was 12.5 "
                "months and median overall survival was 26.0 months."),
    "9000002": ("Rossi", 2015, [],
                "Twenty-five patients received everolimus and octreotide. The objective response rate was 8%. "
                "Median progression-free survival was 9.1 months."),
    "9000003": ("Weber", 2010, [],
                "Sixty patients received streptozocin and fluorouracil, 20 with pancreatic tumors and 40 with "
                "small bowel tumors. The objective response rate was 20% (12 of 60): 35% (7 of 20) for pancreatic "
                "tumors and 12.5% (5 of 40) for small bowel tumors. Median overall survival was 30.2 months."),
}


def table_row(table, index, cited, year, treatment, components, n, *, orr=None, pfs=None, os_=None, n_subset=None,
              subset=None, page=4):
    """One row of a review's results table as the PDF table reader gives it (``extractors.tables``)."""
    ref = cited.rsplit("[", 1)[-1].rstrip("]") if "[" in cited else None
    printed = {"orr_pct": orr, "pfs_median_months": pfs, "os_median_months": os_}
    texts = {"author": cited, "phase": "II", "n_total": f"{n} ({n_subset})" if n_subset else str(n),
             "treatment": treatment}
    for field, value in printed.items():
        if value is not None:
            texts[field] = f"{value:g}" + (f" ({subset[field]:g} a)" if subset and field in subset else "")
    return {"table": table, "row_index": index, "layout": "study_rows", "author": cited.split(" 20")[0],
            "author_as_printed": cited, "year": year, "ref": ref, "phase": "II", "n_total": n, "n_subset": n_subset,
            "treatment_as_written": treatment, "arm_index": 0, "arm": treatment, "n_arm": None,
            "components": list(components), "pooled": False, "orr_pct": orr, "dcr_pct": None,
            "pfs_median_months": pfs, "os_median_months": os_, "pfs_not_reached": False, "os_not_reached": False,
            "subset_values": {f: {"a": v} for f, v in (subset or {}).items()} or None, "marks": None, "stats": None,
            "notes": None, "page": page,
            "evidence": {"pages": [page], "cells": {f: {"text": t, "page": page, "bbox": [10.0, 10.0, 50.0, 20.0]}
                                                    for f, t in texts.items()}}}


CAPTEM, EVEOCT, STZFU = ("capecitabine", "temozolomide"), ("everolimus", "octreotide"), ("streptozocin", "fluorouracil")
REVIEW_ROWS = [
    # agrees with 9000001 (Rossi 2015, found among two Rossi 2015 papers by its regimen and N)
    table_row("Table 1", 0, "Rossi A et al. 2015 [3]", 2015, "CAP + TEM", CAPTEM, 40, orr=30.0, pfs=12.5, os_=26.0),
    # the other Rossi 2015 trial; the review prints ORR 12 where the paper says 8
    table_row("Table 1", 1, "Rossi A et al. 2015 [4]", 2015, "EVE + OCT", EVEOCT, 25, orr=12.0, pfs=9.1),
    # the pancreatic subgroup's ORR given as the whole arm's
    table_row("Table 1", 2, "Weber K et al. 2010 [7]", 2010, "STZ + 5-FU", STZFU, 60, orr=35.0),
    # a trial whose paper is not in the store, printed alike in two tables
    table_row("Table 1", 3, "Novak P et al. 2001 [9]", 2001, "CAP + TEM", CAPTEM, 33, orr=27.0, pfs=14.0, page=4),
    table_row("Table 2", 0, "Novak P et al. 2001 [9]", 2001, "CAP + TEM", CAPTEM, 33, orr=27.0, pfs=14.0, page=6),
    # the pancreatic subgroup, said so: "60 (20)"; the small bowel subset in parentheses of the whole cohort
    table_row("Table 2", 1, "Weber K et al. 2010 [7]", 2010, "STZ + 5-FU", STZFU, 60, orr=35.0, n_subset=20, page=6),
    table_row("Table 2", 2, "Weber K et al. 2010 [7]", 2010, "STZ + 5-FU", STZFU, 60, orr=20.0, os_=30.2,
              n_subset=40, subset={"orr_pct": 12.5}, page=6),
    # an author misspelt, but the trial's registry id printed
    table_row("Table 2", 3, "Rosi et al. 2015 (NCT01234567) [3]", 2015, "CAP + TEM", CAPTEM, 40, orr=30.0, page=6),
    # author and year of the Rossi papers, but a regimen neither reports: doubtful, not assumed
    table_row("Table 2", 4, "Rossi A et al. 2015 [5]", 2015, "FOLFOX", ("fluorouracil", "oxaliplatin"), 40,
              orr=30.0, page=6),
]


@pytest.fixture
def linked(store):
    records = []
    for pmid, (author, year, registry, abstract) in PAPERS.items():
        doc = Document(source="text", pmid=pmid, title=f"A trial by {author}", year=year, registry_ids=registry,
                       authors=[Author(last_name=author, initials="A"), Author(last_name="Lee", initials="B")],
                       abstract=[AbstractSection(text=abstract)])
        records.append(ParsedRecord.of(doc, abstract, position=f"paper {pmid}"))
    review = Document(source="pdf", doi=REVIEW_DOI, title="Chemotherapy trials: a review", year=2020,
                      tables=REVIEW_ROWS)
    records.append(ParsedRecord.of(review, "the review's text", position="review"))
    store.upsert_batch(records)
    result = extract_documents(store)
    assert result.studies["linked"] == 6, result.studies
    return store


def _links(store):
    return {lk.row.place.split(" ", 1)[1]: lk for lk in link.plan(store.evidence()).links}


def _finding(store, pmid_or_doi, key_part, metric):
    doc = store.get(pmid_or_doi)
    return next(f for f in store.findings(doc.id) if key_part in f.finding_key and f.metric == metric)


@pytest.mark.parametrize("a, b, expected", [(0.92, 0.96, 0.9968), (0.9, 0.9, 0.99), (0.5, 0.5, 0.75), (1.0, 0.3, 1.0)])
def test_agreement_raises_confidence_as_two_independent_readings(a, b, expected):
    assert link.agreed_confidence(a, b) == pytest.approx(expected)
    assert link.agreed_confidence(a, b) >= max(a, b)


@pytest.mark.parametrize("a, b, same", [((33.0, False), (33.3, False), False), ((15.0, False), (15.0, False), True),
                                        ((24.4, False), (24.44, False), True), ((11.0, False), (11.05, False), True),
                                        ((12.0, False), (8.0, False), False), ((14.3, False), (14.0, False), False),
                                        ((None, True), (None, True), True), ((None, True), (30.0, False), False)])
def test_values_agree_at_the_precision_printed(a, b, same):
    assert link.same_value(*a, *b) is same


@pytest.fixture
def threshold(monkeypatch):
    """A review threshold above the paper's own reading of its PFS, whatever the calibration chose."""
    monkeypatch.setenv("EVIDENCE_MIN_CONFIDENCE", "0.95")
    return 0.95


def test_agreeing_sources_link_by_author_and_year_and_raise_confidence(threshold, linked):
    links = _links(linked)
    lk = links["Table 1, row 1, p. 4"]
    assert (lk.status, lk.method, lk.paper.ref) == ("linked", "author_year", "PMID 9000001")
    assert [(c.metric, c.verdict, c.level) for c in lk.checks] == [
        ("n", "agrees", ""), ("orr", "agrees", ""), ("pfs_median", "agrees", ""), ("os_median", "agrees", "")]
    # the paper's reading of the PFS is below the review threshold alone; with the review agreeing it is trusted
    paper_pfs = _finding(linked, "9000001", "capecitabine+temozolomide|", "pfs_median")
    review_pfs = _finding(linked, REVIEW_DOI, "row 1: Rossi", "pfs_median")
    assert paper_pfs.confidence < threshold
    assert link.agreed_confidence(paper_pfs.confidence, review_pfs.confidence) >= threshold
    assert (paper_pfs.status, review_pfs.status) == ("accepted", "accepted")
    # two trials by the same first author and year: each row goes to its own, by regimen and N
    other = links["Table 1, row 2, p. 4"]
    assert (other.status, other.paper.ref) == ("linked", "PMID 9000002")


def test_a_disagreement_carries_both_values_to_the_queue_and_the_table(linked, db_url, tmp_path):
    check = next(c for c in _links(linked)["Table 1, row 2, p. 4"].checks if c.metric == "orr")
    assert check.verdict == "disagrees" and "ORR 12%" in check.note and "ORR 8%" in check.note
    review_orr = _finding(linked, REVIEW_DOI, "row 2: Rossi", "orr")
    paper_orr = _finding(linked, "9000002", "everolimus+octreotide|", "orr")
    assert review_orr.status == "needs_review" and "sources_disagree" in [r["code"] for r in review_orr.reasons]
    assert paper_orr.status == "needs_review" and "sources_disagree" in [r["code"] for r in paper_orr.reasons]
    queue = export_queue(linked, tmp_path / "queue.csv")
    with open(queue.path, encoding="utf-8-sig", newline="") as fh:
        items = {i["item_id"]: i for i in csv.DictReader(fh)}
    assert "sources disagree: ORR 12%" in items[paper_orr.item_id]["reasons"]
    # the table: one row for the arm, the paper's value shown, the review's beside it
    rows = [r for r in report.evidence_rows(linked.evidence()) if "everolimus" in r["regimen"]]
    assert len(rows) == 1 and rows[0]["orr_pct"] == 8 and rows[0]["pfs_median_months"] == 9.1
    assert [c["text"] for c in rows[0]["cells"]["orr_pct"]["disagree"]] == ["12"]
    table = list(csv.DictReader(cli(db_url, "table", "--format", "csv").output.splitlines()))
    row = next(r for r in table if "everolimus" in r["Regimen"])
    assert "ORR 12%" in row["Sources disagree"] and "ORR 8%" in row["Sources disagree"]
    assert row["Source"] == f"PMID 9000002, abstract sentences 1-3; doi:{REVIEW_DOI}, Table 1, row 2, p. 4"
    from openpyxl import load_workbook

    assert cli(db_url, "table", "--format", "xlsx", "--out", str(tmp_path / "t.xlsx")).exit_code == 0
    ws = load_workbook(tmp_path / "t.xlsx")["evidence"]
    header = [c.value for c in ws[1]]
    sheet_row = next(r for r in ws.iter_rows(min_row=2) if "everolimus" in r[header.index("Regimen")].value)
    orr = sheet_row[header.index("ORR %")]
    assert orr.value == 8 and orr.fill.fgColor.rgb.endswith("F5B7B1") and "Table 1, row 2, p. 4" in orr.comment.text
    assert "ORR 12%" in sheet_row[header.index("Sources disagree")].value
    page = report.to_html(report.evidence_rows(linked.evidence()))
    assert 'class="v needs_review disagree"' in page and 'data-other="12"' in page and 'class="disagree"' in page


def test_a_subgroup_given_as_the_whole_arm_disagrees_and_one_said_so_agrees(linked):
    links = _links(linked)
    as_arm = next(c for c in links["Table 1, row 3, p. 4"].checks if c.metric == "orr")
    assert as_arm.verdict == "disagrees"
    assert "PMID 9000003's value for subgroup pancreatic tumors, not the whole arm (ORR 20%)" in as_arm.note
    said = links["Table 2, row 2, p. 6"]  # "60 (20)": the pancreatic subgroup
    assert [(c.metric, c.verdict, c.level) for c in said.checks if c.metric == "orr"] == \
        [("orr", "agrees", "pancreatic tumors")]
    whole = links["Table 2, row 3, p. 6"]  # whole cohort, and the small bowel subset in parentheses
    assert {(c.metric, c.value.subset, c.verdict, c.level) for c in whole.checks} == {
        ("n", False, "agrees", ""), ("orr", False, "agrees", ""), ("os_median", False, "agrees", ""),
        ("n", True, "agrees", "small bowel tumors"), ("orr", True, "agrees", "small bowel tumors")}
    rows = {r["regimen"]: r for r in report.evidence_rows(linked.evidence()) if "streptozocin" in r["regimen"]}
    assert set(rows) == {"streptozocin + fluorouracil", "streptozocin + fluorouracil (pancreatic tumors)",
                         "streptozocin + fluorouracil (small bowel tumors)"}
    small = rows["streptozocin + fluorouracil (small bowel tumors)"]["cells"]["orr_pct"]
    assert {s["ref"] for s in small["sources"]} == {"PMID 9000003", f"doi:{REVIEW_DOI}"} and not small["disagree"]


def test_a_row_whose_paper_is_not_in_the_store_is_its_own_study_once(linked, db_url):
    links = _links(linked)
    for place in ("Table 1, row 4, p. 4", "Table 2, row 1, p. 6"):
        lk = links[place]
        assert (lk.status, lk.study) == ("unlinked", "cited:novak|2001|9")
        assert "no paper by Novak P et al. 2001 [9]" in lk.note
    rows = [r for r in report.evidence_rows(linked.evidence()) if (r["author"] or "").startswith("Novak")]
    assert len(rows) == 1 and (rows[0]["n"], rows[0]["orr_pct"], rows[0]["pfs_median_months"]) == (33, 27, 14)
    assert rows[0]["where"] == "Table 1, row 4, p. 4, Table 2, row 1, p. 6"


def test_a_link_by_registry_id_and_a_doubtful_link(linked):
    links = _links(linked)
    by_id = links["Table 2, row 4, p. 6"]
    assert (by_id.status, by_id.method, by_id.paper.ref) == ("linked", "registry", "PMID 9000001")
    assert all(c.verdict == "agrees" for c in by_id.checks)
    doubtful = links["Table 2, row 5, p. 6"]
    assert (doubtful.status, doubtful.study) == ("doubtful", "cited:rossi|2015|5")
    assert "matches Rossi A et al. 2015 [5]" in doubtful.note and "regimen differs" in doubtful.note
    orr = _finding(linked, REVIEW_DOI, "row 5: Rossi", "orr")
    assert orr.status == "needs_review" and "link_doubtful" in [r["code"] for r in orr.reasons]


def test_linking_again_changes_nothing(linked):
    before = [(lk.study_id, lk.document_id, lk.row_key, lk.status) for lk, _ in linked.study_links()]
    statuses = linked.status_counts()
    assert link.link_studies(linked)["linked"] == 6
    after = [(lk.study_id, lk.document_id, lk.row_key, lk.status) for lk, _ in linked.study_links()]
    assert after == before and linked.status_counts() == statuses
    assert len({s.key for _, s in linked.study_links()}) == len({s.id for _, s in linked.study_links()})


def test_crosscheck_command(linked, db_url):
    out = cli(db_url, "crosscheck", REVIEW_DOI)
    assert out.exit_code == 0, out.output
    text = out.output
    assert f"doi:{REVIEW_DOI} Table 1, row 1, p. 4: Rossi A et al. 2015 [3], CAP + TEM, N 40" in text
    assert "  linked to PMID 9000001 (study registry:NCT01234567) by first author and year" in text
    assert "    ORR 30%: agrees (the whole arm, ORR 30%)" in text
    assert "    ORR 12%: DISAGREES: sources disagree" in text
    assert "not linked: no paper by Novak P et al. 2001 [9]" in text
    assert "DOUBTFUL, not linked" in text
    assert text.rstrip().endswith("9 row(s): 6 linked, 1 doubtful, 2 without their paper in the store; values: "
                                  "17 agree, 2 disagree, 0 not in the paper")
    assert cli(db_url, "crosscheck").output == text  # the only review
    for args, message in ((["no-such-id"], "no document 'no-such-id' in the store"),
                          (["9000001"], "9000001 has no review table rows to check")):
        bad = cli(db_url, "crosscheck", *args)
        assert bad.exit_code == 1 and message in bad.output and len(bad.output.strip().splitlines()) == 1
    assert "REVIEW_ID" in cli(db_url, "crosscheck", "--help").output


def test_extract_pending_flow_links_a_study_that_gained_its_paper(prefect_harness, sqlite_url):
    from flows.flows import extract_pending
    from pipeline.store import Store

    rossi = [r for r in REVIEW_ROWS if r["author_as_printed"] == "Rossi A et al. 2015 [3]"]
    with Store(sqlite_url) as store:
        store.upsert_batch([ParsedRecord.of(Document(source="pdf", doi=REVIEW_DOI, title="A review", year=2020,
                                                     tables=rossi), "the review", position="review")])
    assert extract_pending(db_url=sqlite_url)["studies"]["unlinked"] == 1  # its paper is not there yet
    author, year, registry, abstract = PAPERS["9000001"]
    paper = Document(source="text", pmid="9000001", title="A trial", year=year, registry_ids=registry,
                     authors=[Author(last_name=author, initials="A")], abstract=[AbstractSection(text=abstract)])
    with Store(sqlite_url) as store:
        store.upsert_batch([ParsedRecord.of(paper, abstract, position="paper")])
    done = extract_pending(db_url=sqlite_url)
    assert done["documents"] == 1 and done["studies"]["linked"] == 1 and done["studies"]["agrees"] == 4
    with Store(sqlite_url) as store:
        links = [(lk.role, lk.status, s.key) for lk, s in store.study_links()]
    assert links == [("paper", "linked", "registry:NCT01234567"), ("review_row", "linked", "registry:NCT01234567")]


def test_stored_reasons_are_what_validation_gives_the_stored_values(linked):
    """Linking validated the values with the checks it was about to store: validating the stored values with the
    stored checks again gives the stored reasons (the agreements' confidence, the disagreements, doubtful links)."""
    from pipeline.validate import validate_values

    docs = [d.id for d, _ext, _findings in linked.evidence()]
    seen = set()
    for doc_id, (rows, checks) in linked.stored_values(docs).items():
        again = validate_values(rows, checks, Settings.from_env())  # what the fixture's extraction read
        for r in rows:
            assert [x.model_dump() for x in again[r.finding_key]] == r.reasons, (r.finding_key, r.reasons)
            seen |= {x["code"] for x in r.reasons}
    assert {"sources_disagree", "link_doubtful"} <= seen
