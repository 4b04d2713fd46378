"""The fact key (``schemas.fact_key``): one encode / decode, and the stored string stays as it always was, so
stored values keep their keys (a re-extraction neither duplicates nor orphans a row)."""
import hashlib

import pytest

from pipeline.extract import finding_key, keyed
from pipeline.ingest import ingest_pdf, ingest_text, ingest_xml
from pipeline.store import Store
from schemas.fact_key import FactKey, arm_and_subgroup
from schemas.findings import Evidence, Finding
from tests.conftest import SAMPLES


def finding(metric="orr", value=30.0, *, location=None, **kw) -> Finding:
    ev = Evidence(text="The ORR was 30%.", start=12, end=15, sentence_start=0, sentence_end=16, location=location)
    return Finding(metric=metric, value=value, unit="percent", evidence=ev, extractor="test", extractor_version="1",
                   confidence=0.9, **kw)


LONG_SUBGROUP = "patients with " + " and ".join(f"marker {i} positive disease" for i in range(20))

# (finding, the stored key written out in full): the format stored findings carry, byte for byte
CASES = {
    "components, sorted": (finding(arm="FOLFOX", arm_components=("oxaliplatin", "fluorouracil")),
                           "fluorouracil+oxaliplatin||orr||"),
    "regimen as written": (finding(arm="Arm  B"), "regimen:arm b||orr||"),
    "whole document": (finding("n_enrolled", 40), "document||n_enrolled||"),
    "pooled, with subgroup and timepoint": (
        finding("pfs_rate", 48, pooled=True, subgroup="Grade  3", timepoint_months=6), "pooled|grade 3|pfs_rate||6"),
    "endpoint and fractional timepoint": (
        finding("pfs_rate", 40, arm_components=("a",), endpoint="investigator",
                timepoint_months=1.5), "a||pfs_rate|investigator|1.5"),
    "table row citing a study": (
        finding(arm_components=("temozolomide",), source_field="table", cited_study="Smith et al.", cited_year=2019,
                location="Table 3, row 12, orr"), "Table 3, row 12: Smith et al. 2019 :: temozolomide||orr||"),
    "table row, study without year": (
        finding(arm_components=("temozolomide",), source_field="table", cited_study="Smith",
                location="Table 3, row 12, orr"), "Table 3, row 12: Smith :: temozolomide||orr||"),
    "table row, no cited study": (
        finding(pooled=True, source_field="table", location="Table 1, row 2, orr"), "Table 1, row 2: :: pooled||orr||"),
    "table row, year only": (
        finding(arm_components=("a",), source_field="table", cited_year=2014, location="Table 2, row 4, orr"),
        "Table 2, row 4:  2014 :: a||orr||"),
    "table row, no place": (finding(arm_components=("a",), source_field="table", cited_study="Lee"), ": Lee :: a||orr||"),
}


@pytest.mark.parametrize("name", CASES)
def test_key_is_written_as_stored_findings_carry_it(name):
    f, stored = CASES[name]
    assert finding_key(f) == stored
    assert FactKey.decode(stored).encode() == stored


def test_key_fields_read_back():
    key = FactKey.decode("Table 3, row 12: Smith et al. 2019 :: a+b|grade 3|pfs_rate|investigator|6#2")
    assert (key.table_row, key.cited, key.arm, key.subgroup, key.metric, key.endpoint, key.timepoint_months,
            key.duplicate) == ("Table 3, row 12", "Smith et al. 2019", "a+b", "grade 3", "pfs_rate", "investigator",
                               6.0, 2)
    assert key.base.encode() == "Table 3, row 12: Smith et al. 2019 :: a+b|grade 3|pfs_rate|investigator|6"
    assert arm_and_subgroup("pooled|grade 3|orr||#3") == ("pooled", "grade 3")
    assert FactKey.decode("pooled||orr||").table_row is None


def test_long_key_keeps_320_characters_and_a_hash_of_the_whole():
    f = finding(arm_components=("a",), subgroup=LONG_SUBGROUP)
    whole = f"a|{LONG_SUBGROUP.lower()}|orr||"
    key = finding_key(f)
    assert len(whole) > 360 and key == whole[:320] + "~" + hashlib.sha1(whole.encode()).hexdigest()[:16]
    decoded = FactKey.decode(key)
    assert decoded.digest == hashlib.sha1(whole.encode()).hexdigest()[:16] and decoded.arm == "a"
    assert decoded.encode() == key
    assert FactKey.decode(key + "#2").encode() == key + "#2" and FactKey.decode(key + "#2").duplicate == 2


def test_second_value_for_the_same_fact_is_numbered():
    a, b = finding(arm_components=("a",)), finding(arm_components=("a",), value=35.0)
    other = finding(arm_components=("b",))
    keys = [k for k, _ in keyed([a, b, other, a])]
    assert keys == ["a||orr||", "a||orr||#2", "b||orr||", "a||orr||#3"]
    assert [FactKey.decode(k).encode() for k in keys] == keys
    assert {FactKey.decode(k).base.encode() for k in keys[:2]} == {"a||orr||"}


@pytest.mark.parametrize("key", [
    "a|x|y|orr||",  # a "|" inside the arm part stays in the arm
    "Table 1, row 2: Ref: Smith 2019 :: a||orr||",  # ": " inside the cited study
    "Table 1, row 2: A :: B :: a||orr||",  # " :: " inside the cited study
    "regimen:folfox||orr||12",
    "document||n_enrolled||#12",
])
def test_unusual_keys_read_back_unchanged(key):
    assert FactKey.decode(key).encode() == key


def test_every_key_of_the_demo_store_reads_back_unchanged(sqlite_url):
    """The demo's documents (``make demo``: MEDLINE XML, seed texts, PDFs with their tables) extracted: every
    stored key decodes and encodes to itself, among them pooled arms and table rows citing studies."""
    from pipeline.extract import extract_documents

    store = Store(sqlite_url)
    try:
        ingest_xml(store, sorted((SAMPLES / "pubmed").glob("*.xml")) + sorted((SAMPLES / "eutils").glob("*.xml")))
        ingest_text(store, sorted((SAMPLES / "seeds").glob("*.txt")))
        ingest_pdf(store, [SAMPLES / "pdf"])
        extract_documents(store)
        keys = [f.finding_key for d in store.documents() for f in store.findings(d.id)]
    finally:
        store.close()
    decoded = [FactKey.decode(k) for k in keys]
    assert len(keys) > 300 and [k.encode() for k in decoded] == keys
    assert sum(k.table_row is not None and k.cited != "" for k in decoded) > 100
    assert any(k.arm == "pooled" for k in decoded) and any(k.arm == "document" for k in decoded)
